/* Port of js/seed004_readfile_promise.js: wrapping a callback API (fs.readFile stand-in, 100 ms) in a Promise. */
#include "golden.h"

/*
 * let fs = { readFile(name, opts, cb) { setTimeout(cb, 100, null, 'example contents'); } };
 * cb is a C function with its ctx; err is NULL for "null".
 */
typedef void (*read_cb)(void *cb_ctx, vow_value err, vow_value contents);
struct fs_call {
	read_cb cb;
	void *cb_ctx;
};

static void fs_fire(void *ctx)
{
	struct fs_call *c = ctx;

	c->cb(c->cb_ctx, vow_null(), vow_str("example contents"));
	free(c);
}

static void fs_read_file(const char *name, const char *encoding, read_cb cb, void *cb_ctx)
{
	struct fs_call *c = malloc(sizeof *c);

	(void)name;
	(void)encoding;
	if (c == NULL)
		golden_die("out of memory");
	c->cb = cb;
	c->cb_ctx = cb_ctx;
	set_timeout(fs_fire, c, 100);
}

/* function(err, contents) { if (err) { reject(err); return; } resolve(contents); } */
static void on_read(void *ctx, vow_value err, vow_value contents)
{
	vow_resolver *r = ctx;

	if (err.kind != VOW_NULL) {
		vow_resolver_reject(r, err);
		vow_value_drop(contents);
	} else {
		vow_resolver_resolve(r, contents);
	}
	vow_resolver_release(r); /* the reference the executor took */
}

/* function(resolve, reject) { fs.readFile(filename, { encoding: "utf8" }, ...); } */
static vow_outcome read_executor(void *ctx, vow_resolver *resolver)
{
	fs_read_file(ctx, "utf8", on_read, vow_resolver_dup(resolver));
	return vow_return(vow_undefined());
}

/* function readFile(filename) { return new Promise(...); } */
static vow_promise *read_file(const char *filename)
{
	return vow_promise_new(ex, read_executor, (void *)filename);
}

/* function(err) { console.log(err.message); } */
static vow_outcome show_message(void *ctx, vow_value err)
{
	(void)ctx;
	log_text("%s", vow_error_message(err));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *promise = keep(read_file("example.txt"));
	keep(vow_promise_then(promise, console_log, show_message, NULL, NULL));
	return golden_end();
}

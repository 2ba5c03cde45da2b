/* Port of js/seed002_load_script_promise.js: loadScript returns a promise that a 100 ms timer (the script load) resolves. */
#include "golden.h"

/* globalThis.init, defined by the "script" when it loads */
static void (*init)(void);

/* () => console.log('init') */
static void script_init(void)
{
	log_text("init");
}

struct load {
	vow_resolver *resolve;
	const char *src;
};

/* () => { globalThis.init = ...; resolve(`<script src=${src}>`) } after 100 ms */
static void script_loaded(void *ctx)
{
	struct load *l = ctx;

	init = script_init;
	vow_resolver_resolve(l->resolve, vow_strf("<script src=%s>", l->src));
	vow_resolver_release(l->resolve);
	free(l);
}

/* function(resolve, reject) { setTimeout(..., 100) }; ctx is src */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	struct load *l = malloc(sizeof *l);

	if (l == NULL)
		golden_die("out of memory");
	l->resolve = vow_resolver_dup(resolve);
	l->src = ctx;
	set_timeout(script_loaded, l, 100);
	return vow_return(vow_undefined());
}

/* function loadScript(src) { return new Promise(...) } */
static vow_promise *load_script(const char *src)
{
	return vow_promise_new(ex, executor, (void *)src);
}

/* res => { console.log('success', res); init() } */
static vow_outcome on_loaded(void *ctx, vow_value res)
{
	(void)ctx;
	log_value("success", res);
	init();
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *loaded = keep(vow_promise_then(keep(load_script("./scripts.js")), on_loaded, NULL, NULL, NULL));
	keep(vow_promise_catch(loaded, console_log_string, NULL, NULL));
	return golden_end();
}

/* Port of js/seed001_getjson_xhr.js: a timer stands in for XHR; then(onFulfilled, onRejected) gets the object. */
#include "golden.h"

/* { posts: [1, 2] }: vow has no object kind, so a box holds it. */
struct json {
	vow_value posts;
};

static void json_free(void *data)
{
	struct json *json = data;

	vow_value_drop(json->posts);
	free(json);
}

static vow_value make_json(void)
{
	struct json *json = malloc(sizeof *json);

	if (json == NULL)
		golden_die("out of memory");
	json->posts = vow_array(2);
	vow_array_set(json->posts, 0, vow_int(1));
	vow_array_set(json->posts, 1, vow_int(2));
	return vow_box(json, json_free);
}

/* String(v) for 'Contents: ' + json: a plain object converts as Object.prototype.toString does. */
static void to_js_string(vow_value v, char *buf, size_t size)
{
	if (v.kind == VOW_BOX)
		snprintf(buf, size, "[object Object]");
	else
		string_of(v, buf, size);
}

/* () => resolve({ posts: [1, 2] }) */
static void fire(void *ctx)
{
	vow_resolver *resolve = ctx;

	vow_resolver_resolve(resolve, make_json());
	vow_resolver_release(resolve);
}

/* function(resolve, reject) { setTimeout(() => resolve({ posts: [1, 2] }), 100); } */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	set_timeout(fire, vow_resolver_dup(resolve), 100);
	return vow_return(vow_undefined());
}

/* const getJSON = function(url) { ... return promise; } */
static vow_promise *get_json(const char *url)
{
	(void)url;
	return vow_promise_new(ex, executor, NULL);
}

/* function(json) { console.log('Contents: ' + json); } */
static vow_outcome on_json(void *ctx, vow_value json)
{
	char buf[256];

	(void)ctx;
	to_js_string(json, buf, sizeof buf);
	log_text("Contents: %s", buf);
	return vow_return(vow_undefined());
}

/* function(error) { console.log('出错了', error.message); } */
static vow_outcome on_error(void *ctx, vow_value error)
{
	(void)ctx;
	log_text("出错了 %s", vow_error_message(error));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	keep(vow_promise_then(keep(get_json("/posts.json")), on_json, on_error, NULL, NULL));

	return golden_end();
}

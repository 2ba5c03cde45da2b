/* Port of js/seed001_getjson_chained_promise.js: a then() handler returns a promise, and the next then() waits for it. */
#include <string.h>
#include "golden.h"

/*
 * const responses = { '/post/1.json': { commentURL: '/comments/1.json' },
 *                     '/comments/1.json': ['c1', 'c2'] };
 * vow has no object kind: the post object is a box holding a struct.
 */
struct post {
	const char *comment_url;
};

/* responses[url] */
static vow_value responses(const char *url)
{
	if (strcmp(url, "/post/1.json") == 0) {
		struct post *post = malloc(sizeof *post);

		if (post == NULL)
			golden_die("out of memory");
		post->comment_url = "/comments/1.json";
		return vow_box(post, free);
	}
	if (strcmp(url, "/comments/1.json") == 0) {
		vow_value comments = vow_array(2);

		vow_array_set(comments, 0, vow_str("c1"));
		vow_array_set(comments, 1, vow_str("c2"));
		return comments;
	}
	return vow_undefined();
}

struct get_json_timer {
	vow_resolver *resolve;
	const char *url;
};

/* () => resolve(responses[url]) */
static void get_json_fire(void *ctx)
{
	struct get_json_timer *t = ctx;

	vow_resolver_resolve(t->resolve, responses(t->url));
	vow_resolver_release(t->resolve);
	free(t);
}

/* (resolve, reject) => { setTimeout(() => resolve(responses[url]), 100); } */
static vow_outcome get_json_executor(void *ctx, vow_resolver *resolve)
{
	struct get_json_timer *t = malloc(sizeof *t);

	if (t == NULL)
		golden_die("out of memory");
	t->resolve = vow_resolver_dup(resolve);
	t->url = ctx;
	set_timeout(get_json_fire, t, 100);
	return vow_return(vow_undefined());
}

/* function getJSON(url): returns a new reference */
static vow_promise *get_json(const char *url)
{
	return vow_promise_new(ex, get_json_executor, (void *)url);
}

/* function(post) { return getJSON(post.commentURL); } */
static vow_outcome get_comments(void *ctx, vow_value post)
{
	struct post *p = vow_box_data(post);

	(void)ctx;
	return vow_return(vow_value_promise(get_json(p->comment_url))); /* moves the new reference */
}

/* function (comments) { console.log("resolved: ", comments); } */
static vow_outcome on_comments(void *ctx, vow_value comments)
{
	(void)ctx;
	log_value("resolved: ", comments);
	return vow_return(vow_undefined());
}

/* function (err) { console.log("rejected: ", err); } */
static vow_outcome on_error(void *ctx, vow_value err)
{
	(void)ctx;
	log_value("rejected: ", err);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	vow_promise *p = keep(vow_promise_then(keep(get_json("/post/1.json")), get_comments, NULL, NULL, NULL));
	keep(vow_promise_then(p, on_comments, on_error, NULL, NULL));

	return golden_end();
}

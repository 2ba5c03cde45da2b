/* Port of js/seed001_allsettled_loading_indicator.js: await Promise.allSettled waits for every request, failed or not. */
#include <string.h>
#include "golden.h"

struct request {
	vow_resolver *resolve;
	const char *url;
};

/* () => { console.log('settled:', url); if (url === '/api-2') reject(...); else resolve(...) } */
static void request_settle(void *ctx)
{
	struct request *r = ctx;

	log_text("settled: %s", r->url);
	if (strcmp(r->url, "/api-2") == 0)
		vow_resolver_reject(r->resolve, vow_error(0, "boom %s", r->url));
	else
		vow_resolver_resolve(r->resolve, vow_strf("body of %s", r->url));
	vow_resolver_release(r->resolve);
	free(r);
}

/* stand-in for fetch(): new Promise((resolve, reject) => setTimeout(..., ms)) */
static vow_promise *fetch(const char *url)
{
	uint64_t ms = strcmp(url, "/api-1") == 0 ? 300 : strcmp(url, "/api-2") == 0 ? 100 : 200;
	struct request *r = malloc(sizeof *r);
	vow_promise *p;

	if (r == NULL)
		golden_die("out of memory");
	p = vow_promise_with_resolvers(ex, &r->resolve);
	if (p == NULL)
		golden_die("vow_promise_with_resolvers");
	r->url = url;
	set_timeout(request_settle, r, ms);
	return keep(p);
}

static void remove_loading_indicator(void)
{
	log_text("removeLoadingIndicator");
}

/* (async () => { ... })() */
static vow_outcome iife(void *ctx)
{
	(void)ctx;
	vow_value promises[] = {
		item(fetch("/api-1")),
		item(fetch("/api-2")),
		item(fetch("/api-3")),
	};

	vow_value_drop(VOW_AWAIT(keep(vow_promise_all_settled(ex, promises, 3))));
	remove_loading_indicator();
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_async(ex, iife, NULL, NULL));
	return golden_end();
}

/* Port of js/seed001_all_requests_try_await.js: await Promise.all inside try/catch; the first failure lands in catch. */
#include <string.h>
#include "golden.h"

/* stand-in for fetch(): fixed result after a timer */
static vow_promise *fetch(const char *url)
{
	if (strstr(url, "fail") != NULL)
		return reject_after(50, vow_error(0, "fail:%s", url));
	return resolve_after(100, vow_strf("ok:%s", url));
}

static const char *const url_1 = "/a", *const url_2 = "/fail", *const url_3 = "/c";

/* (async () => { ... })() */
static vow_outcome iife(void *ctx)
{
	const char *urls[] = {url_1, url_2, url_3};
	vow_value requests[3];

	(void)ctx;
	for (size_t i = 0; i < 3; i++) /* urls.map(x => fetch(x)) */
		requests[i] = item(fetch(urls[i]));

	/* try { await Promise.all(requests); ... } catch { ... } */
	vow_outcome o = vow_await(keep(vow_promise_all(ex, requests, 3)));
	if (!vow_outcome_is_throw(o))
		log_text("所有请求都成功。");
	else
		log_text("至少一个请求失败，其他请求可能还没结束。");
	vow_outcome_drop(o);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_async(ex, iife, NULL, NULL));
	return golden_end();
}

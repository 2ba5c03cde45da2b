/* Port of js/seed001_allsettled_filter.js: await Promise.allSettled, then split the results by status. */
#include <string.h>
#include "golden.h"

/* stand-in for fetch() */
static vow_promise *fetch(const char *url)
{
	if (strcmp(url, "index.html") == 0)
		return resolve_after(100, vow_str("<html>"));
	return reject_after(50, vow_error(0, "getaddrinfo ENOTFOUND does-not-exist"));
}

/* results.filter(p => p.status === status) */
static vow_value filter_status(vow_value results, vow_state status)
{
	size_t n = 0, j = 0;
	vow_value kept_records;

	for (size_t i = 0; i < vow_array_len(results); i++)
		n += vow_settled_status(vow_array_get(results, i)) == status;
	kept_records = vow_array(n);
	for (size_t i = 0; i < vow_array_len(results); i++) {
		vow_value p = vow_array_get(results, i);

		if (vow_settled_status(p) == status)
			vow_array_set(kept_records, j++, vow_value_dup(p));
	}
	return kept_records;
}

/* .map(p => p.reason) */
static vow_value map_reason(vow_value records)
{
	vow_value reasons = vow_array(vow_array_len(records));

	for (size_t i = 0; i < vow_array_len(records); i++)
		vow_array_set(reasons, i, vow_value_dup(vow_settled_value(vow_array_get(records, i))));
	return reasons;
}

/* .map(e => e.message) */
static vow_value map_message(vow_value errors)
{
	vow_value messages = vow_array(vow_array_len(errors));

	for (size_t i = 0; i < vow_array_len(errors); i++)
		vow_array_set(messages, i, vow_str(vow_error_message(vow_array_get(errors, i))));
	return messages;
}

/* (async () => { ... })() */
static vow_outcome iife(void *ctx)
{
	(void)ctx;
	vow_value promises[] = {item(fetch("index.html")), item(fetch("https://does-not-exist/"))};
	vow_value results = VOW_AWAIT(keep(vow_promise_all_settled(ex, promises, 2)));

	/* 过滤出成功的请求 */
	vow_value successful_promises = filter_status(results, VOW_FULFILLED);

	/* 过滤出失败的请求，并输出原因 */
	vow_value rejected = filter_status(results, VOW_REJECTED);
	vow_value errors = map_reason(rejected);

	log_value(NULL, successful_promises); /* added */
	vow_value messages = map_message(errors);
	log_value(NULL, messages);            /* added */

	vow_value_drop(messages);
	vow_value_drop(errors);
	vow_value_drop(rejected);
	vow_value_drop(successful_promises);
	vow_value_drop(results);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_async(ex, iife, NULL, NULL));
	return golden_end();
}

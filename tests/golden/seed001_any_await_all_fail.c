/* Port of js/seed001_any_await_all_fail.js: await Promise.any inside try/catch; every request fails, so catch gets an AggregateError. */
#include <string.h>
#include "golden.h"

/* stand-in for fetch(): every request fails after a fixed delay */
static vow_promise *fetch(const char *url)
{
	uint64_t ms = strcmp(url, "/endpoint-a") == 0 ? 300 : strcmp(url, "/endpoint-b") == 0 ? 100 : 200;

	return reject_after(ms, vow_error(0, "fail %s", url));
}

/* () => 'a' / 'b' / 'c': the letter comes in ctx */
static vow_outcome letter(void *ctx, vow_value response)
{
	(void)response;
	return vow_return(vow_str(ctx));
}

/* error.errors.map(e => e.message) */
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
	vow_value promises[] = {
		item(keep(vow_promise_then(fetch("/endpoint-a"), letter, NULL, "a", NULL))),
		item(keep(vow_promise_then(fetch("/endpoint-b"), letter, NULL, "b", NULL))),
		item(keep(vow_promise_then(fetch("/endpoint-c"), letter, NULL, "c", NULL))),
	};

	/* try { const first = await Promise.any(promises); ... } catch (error) { ... } */
	vow_outcome o = vow_await(keep(vow_promise_any(ex, promises, 3)));
	if (!vow_outcome_is_throw(o)) {
		log_value(NULL, o.value); /* console.log(first) */
	} else {
		vow_value messages = map_message(vow_error_errors(o.value));

		log_string(NULL, o.value); /* console.log(String(error)) */
		log_value(NULL, messages);
		vow_value_drop(messages);
	}
	vow_outcome_drop(o);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_async(ex, iife, NULL, NULL));
	return golden_end();
}

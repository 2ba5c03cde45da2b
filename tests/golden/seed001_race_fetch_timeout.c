/* Port of js/seed001_race_fetch_timeout.js: Promise.race against a 5 s timeout rejects before the 6 s fetch. */
#include "golden.h"

/* fetch(url): new Promise(resolve => setTimeout(resolve, 6000, 'resource')) */
static vow_promise *fetch(const char *url)
{
	(void)url;
	return resolve_after(6000, vow_str("resource"));
}

/* e => console.log('error:', e.message) */
static vow_outcome log_error(void *ctx, vow_value e)
{
	(void)ctx;
	log_text("error: %s", vow_error_message(e));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	vow_value items[] = {
		item(fetch("/resource-that-may-take-a-while")),
		/* new Promise((resolve, reject) => setTimeout(() => reject(new Error('request timeout')), 5000)) */
		item(reject_after(5000, vow_error(0, "request timeout"))),
	};
	vow_promise *p = keep(vow_promise_race(ex, items, 2));

	keep(vow_promise_catch(keep(vow_promise_then(p, console_log, NULL, NULL, NULL)),
			       log_error, NULL, NULL));

	return golden_end();
}

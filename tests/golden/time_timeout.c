/* Port of js/time_timeout.js: vow_timeout settles one job after the promise it watches, or rejects with a TimeoutError when its timer fires first. */
#include "golden.h"

static void log_task(void *text) { log_text("%s", (const char *)text); }

/* v => console.log(prefix + String(v)) */
static vow_outcome log_prefixed(void *prefix, vow_value v)
{
	char buf[256];

	string_of(v, buf, sizeof buf);
	log_text("%s%s", (const char *)prefix, buf);
	return vow_return(vow_undefined());
}

/* e => console.log('slow: ' + e.name + ': ' + e.message) */
static vow_outcome log_slow(void *ctx, vow_value e)
{
	(void)ctx;
	log_text("slow: %s: %s", vow_error_name(e), vow_error_message(e));
	return vow_return(vow_undefined());
}

static vow_outcome log_handler(void *text, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)text);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	keep(vow_promise_then(keep(vow_timeout(resolve_after(10, vow_str("fast")), 50)),
			      log_prefixed, NULL, "fast: ", NULL));
	keep(vow_promise_catch(keep(vow_timeout(resolve_after(100, vow_str("slow")), 50)),
			       log_slow, NULL, NULL));
	keep(vow_promise_catch(keep(vow_timeout(reject_after(20, vow_str("boom")), 50)),
			       log_prefixed, "failing: ", NULL));
	vow_promise *p = keep(vow_promise_resolve(ex, vow_str("ready")));
	keep(vow_promise_then(keep(vow_timeout(p, 50)), log_prefixed, NULL, "ready: ", NULL));
	keep(vow_promise_then(keep(vow_promise_then(p, log_handler, NULL, "p tick 1", NULL)),
			      log_handler, NULL, "p tick 2", NULL));
	set_timeout(log_task, "timer 60", 60);
	log_text("sync end");

	return golden_end();
}

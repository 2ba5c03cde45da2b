/* Port of js/time_delay_order.js: vow_delay orders as new Promise(r => setTimeout(r, ms)); an abort rejects at once and clears the timer. */
#include "golden.h"

static vow_abort_controller *c;

/* () => console.log(text) as a task and as a handler */
static void log_task(void *text) { log_text("%s", (const char *)text); }

static vow_outcome log_handler(void *text, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)text);
	return vow_return(vow_undefined());
}

/* e => console.log(prefix + e.name) */
static vow_outcome log_abort(void *prefix, vow_value e)
{
	log_text("%s%s", (const char *)prefix, vow_error_name(e));
	return vow_return(vow_undefined());
}

/* (e) => log('aborted: ' + e.name + ': ' + e.message); the fulfilled side logs ctx */
static vow_outcome log_aborted(void *ctx, vow_value e)
{
	(void)ctx;
	log_text("aborted: %s: %s", vow_error_name(e), vow_error_message(e));
	return vow_return(vow_undefined());
}

/* () => { log('abort at 10'); c.abort(); log('after abort'); } */
static void abort_at_10(void *ctx)
{
	(void)ctx;
	log_text("abort at 10");
	vow_abort_controller_abort(c, vow_undefined());
	log_text("after abort");
}

/* () => delay(5, c.signal).catch(e => log('already aborted: ' + e.name)) */
static void delay_after_abort(void *ctx)
{
	(void)ctx;
	keep(vow_promise_catch(keep(vow_delay(ex, 5, vow_abort_controller_signal(c))),
			       log_abort, "already aborted: ", NULL));
}

int main(void)
{
	golden_begin();
	c = vow_abort_controller_new();
	if (c == NULL)
		golden_die("vow_abort_controller_new");

	set_timeout(log_task, "timer 50", 50);
	keep(vow_promise_then(keep(vow_delay(ex, 50, NULL)), log_handler, NULL, "delay 50", NULL));
	keep(vow_promise_then(keep(vow_delay(ex, 20, NULL)), log_handler, NULL, "delay 20", NULL));
	set_timeout(log_task, "timer 20", 20);
	keep(vow_promise_then(keep(vow_promise_resolve(ex, vow_undefined())), log_handler, NULL,
			      "microtask", NULL));

	keep(vow_promise_then(keep(vow_delay(ex, 30, vow_abort_controller_signal(c))), log_handler,
			      log_aborted, "not printed", NULL));
	set_timeout(abort_at_10, NULL, 10);

	keep(vow_promise_catch(keep(vow_delay(ex, 40, vow_abort_controller_signal(c))), log_abort,
			       "late delay: ", NULL));
	set_timeout(delay_after_abort, NULL, 15);
	log_text("sync end");

	int rc = golden_end();
	vow_abort_controller_release(c);
	return rc;
}

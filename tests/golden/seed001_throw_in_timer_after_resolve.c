/*
 * Port of js/seed001_throw_in_timer_after_resolve.js: an error thrown in a
 * timer after resolve() does not touch the promise; it goes to the process's
 * uncaughtException listener.
 *
 * C timer callbacks cannot throw, so a throw from one is written as
 * throw_uncaught(e), which hands e to the listener installed with
 * process_on_uncaught_exception() (Node's process.on('uncaughtException')).
 * Both are local to this file.
 */
#include "golden.h"

static void (*uncaught_listener)(vow_value e);

/* process.on('uncaughtException', listener) */
static void process_on_uncaught_exception(void (*listener)(vow_value e))
{
	uncaught_listener = listener;
}

/* `throw e` from a timer callback: Node calls the uncaughtException listener. */
static void throw_uncaught(vow_value e)
{
	if (uncaught_listener == NULL) {
		log_string("uncaught", e);
		vow_value_drop(e);
		exit(1);
	}
	uncaught_listener(e);
	vow_value_drop(e);
}

/* (e) => console.log('uncaughtException', String(e)) */
static void on_uncaught(vow_value e)
{
	log_string("uncaughtException", e);
}

/* function () { throw new Error('test') } */
static void timer_throws(void *ctx)
{
	(void)ctx;
	throw_uncaught(vow_error(0, "test"));
}

/* function (resolve, reject) { resolve('ok'); setTimeout(..., 0) } */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, vow_str("ok"));
	set_timeout(timer_throws, NULL, 0);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	process_on_uncaught_exception(on_uncaught);
	vow_promise *promise = keep(vow_promise_new(ex, executor, NULL));
	keep(vow_promise_then(promise, console_log, NULL, NULL, NULL));
	return golden_end();
}

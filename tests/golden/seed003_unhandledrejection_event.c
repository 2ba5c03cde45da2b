/* Port of js/seed003_unhandledrejection_event.js: the unhandled-rejection event carries the promise and the reason. */
#include "golden.h"

/* const alert = (x) => console.log(String(x)) */
static void alert(vow_value x)
{
	log_string(NULL, x);
}

/* window.addEventListener('unhandledrejection', function(event) { ... }) */
static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *promise, vow_value reason)
{
	(void)ud;
	if (ev != VOW_UNHANDLED_REJECTION)
		return;
	alert(item(promise)); /* alert(event.promise) */
	alert(reason);        /* alert(event.reason) */
}

/* function() { throw new Error("Whoops!"); } */
static vow_outcome executor(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	(void)resolver;
	return vow_throw(vow_error(0, "Whoops!"));
}

int main(void)
{
	golden_begin();
	on_rejections(on_rejection, NULL);

	keep(vow_promise_new(ex, executor, NULL)); /* no catch */
	return golden_end();
}

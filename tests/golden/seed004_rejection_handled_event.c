/* Port of js/seed004_rejection_handled_event.js: a late catch() fires rejectionHandled, after the catch handler has run. */
#include "golden.h"

static vow_promise *rejected;

/*
 * process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', r.message));
 * process.on("rejectionHandled", function(promise) { console.log(rejected === promise); });
 */
static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *promise, vow_value reason)
{
	(void)ud;
	if (ev == VOW_UNHANDLED_REJECTION)
		log_text("unhandledRejection %s", vow_error_message(reason));
	else
		log_value(NULL, vow_bool(rejected == promise));
}

/* function(value) { console.log(value.message); } */
static vow_outcome show_message(void *ctx, vow_value value)
{
	(void)ctx;
	log_text("%s", vow_error_message(value));
	return vow_return(vow_undefined());
}

/* function() { rejected.catch(...); } */
static void late_catch(void *ctx)
{
	(void)ctx;
	keep(vow_promise_catch(rejected, show_message, NULL, NULL));
}

int main(void)
{
	golden_begin();
	on_rejections(on_rejection, NULL);

	rejected = keep(vow_promise_reject(ex, vow_error(0, "Explosion!")));
	set_timeout(late_catch, NULL, 1000);
	return golden_end();
}

/* Port of js/seed004_unhandled_rejection_event.js: the unhandledRejection event gets the reason and the very promise that rejected. */
#include "golden.h"

static vow_promise *rejected;

/* process.on("unhandledRejection", function(reason, promise) { ... }) */
static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *promise, vow_value reason)
{
	(void)ud;
	if (ev != VOW_UNHANDLED_REJECTION)
		return;
	log_text("%s", vow_error_message(reason));     /* console.log(reason.message) */
	log_value(NULL, vow_bool(rejected == promise)); /* console.log(rejected === promise) */
}

int main(void)
{
	golden_begin();
	on_rejections(on_rejection, NULL);

	rejected = keep(vow_promise_reject(ex, vow_error(0, "Explosion!")));
	return golden_end();
}

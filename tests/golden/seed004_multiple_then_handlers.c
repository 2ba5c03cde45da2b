/* Port of js/seed004_multiple_then_handlers.js: three then() registrations on one promise all run, in order. */
#include "golden.h"

/* function readFile(filename) { return new Promise(resolve => setTimeout(resolve, 100, 'example contents')); } */
static vow_promise *read_file(const char *filename)
{
	(void)filename;
	return resolve_after(100, vow_str("example contents")); /* kept by golden.h */
}

/* function(err) { console.log(err.message); } */
static vow_outcome show_message(void *ctx, vow_value err)
{
	(void)ctx;
	log_text("%s", vow_error_message(err));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *promise = read_file("example.txt");
	keep(vow_promise_then(promise, console_log, show_message, NULL, NULL));
	keep(vow_promise_then(promise, console_log, NULL, NULL, NULL));
	keep(vow_promise_then(promise, NULL, show_message, NULL, NULL)); /* then(null, ...) */
	return golden_end();
}

/* Port of js/seed004_catch_rethrow_caught.js: an error thrown inside catch() is caught by the next catch(). */
#include "golden.h"

/* function(resolve, reject) { throw new Error("Explosion!"); } */
static vow_outcome executor(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	(void)resolver;
	return vow_throw(vow_error(0, "Explosion!"));
}

/* function(error) { console.log(error.message); throw new Error("Boom!"); } */
static vow_outcome first_catch(void *ctx, vow_value error)
{
	(void)ctx;
	log_text("%s", vow_error_message(error));
	return vow_throw(vow_error(0, "Boom!"));
}

/* function(error) { console.log(error.message); } */
static vow_outcome second_catch(void *ctx, vow_value error)
{
	(void)ctx;
	log_text("%s", vow_error_message(error));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *c1 = keep(vow_promise_catch(p1, first_catch, NULL, NULL));
	keep(vow_promise_catch(c1, second_catch, NULL, NULL));
	return golden_end();
}

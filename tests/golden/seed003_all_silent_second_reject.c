/* Port of js/seed003_all_silent_second_reject.js: Promise.all rejects with the member's reason (undefined from setTimeout(reject, 0)). */
#include "golden.h"

/* setTimeout(reject, 0): reject is called with no argument */
static void reject_no_arg(void *ctx)
{
	vow_resolver *reject = ctx;

	vow_resolver_reject(reject, vow_undefined());
	vow_resolver_release(reject);
}

/* (resolve, reject) => setTimeout(reject, 0) */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	set_timeout(reject_no_arg, vow_resolver_dup(r), 0);
	return vow_return(vow_undefined());
}

/* setTimeout(console.log, 0, err): the timer owns a reference to err */
static void log_err(void *ctx)
{
	vow_value *err = ctx;

	log_value(NULL, *err);
	vow_value_drop(*err);
	free(err);
}

/* err => setTimeout(console.log, 0, err) */
static vow_outcome on_err(void *ctx, vow_value err)
{
	vow_value *copy = malloc(sizeof *copy);

	(void)ctx;
	if (copy == NULL)
		golden_die("out of memory");
	*copy = vow_value_dup(err);
	set_timeout(log_err, copy, 0);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_value items[] = {
		item(keep(vow_promise_resolve(ex, vow_int(1)))),
		item(keep(vow_promise_new(ex, executor, NULL))),
	};
	vow_promise *p = keep(vow_promise_all(ex, items, 2));
	keep(vow_promise_catch(p, on_err, NULL, NULL));
	return golden_end();
}

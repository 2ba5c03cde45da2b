/* Port of js/seed001_reject_string.js: Promise.reject(s) and new Promise((_, reject) => reject(s)) are the same. */
#include "golden.h"

/* (resolve, reject) => reject('出错了') */
static vow_outcome executor(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	vow_resolver_reject(resolver, vow_str("出错了"));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	{
		vow_promise *p = keep(vow_promise_reject(ex, vow_str("出错了")));

		keep(vow_promise_then(p, NULL, console_log, NULL, NULL));
	}
	{
		vow_promise *p = keep(vow_promise_new(ex, executor, NULL));

		keep(vow_promise_then(p, NULL, console_log, NULL, NULL));
	}

	return golden_end();
}

/* Port of js/seed001_resolve_hello.js: Promise.resolve('Hello') fulfills with the string. */
#include "golden.h"

int main(void)
{
	golden_begin();

	vow_promise *p = keep(vow_promise_resolve(ex, vow_str("Hello")));

	keep(vow_promise_then(p, console_log, NULL, NULL, NULL));

	return golden_end();
}

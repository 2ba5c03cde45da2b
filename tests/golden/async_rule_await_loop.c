/* Port of js/async_rule_await_loop.js: two async functions awaiting in a loop alternate, one job each. */
#include "golden.h"

/* count(name, n)'s arguments */
struct count_args {
	const char *name;
	int n;
};

/* async function count(name, n) { for (...) { console.log(name, i); await i } console.log(name, 'done') } */
static vow_outcome count(void *ctx)
{
	const struct count_args *args = ctx;

	for (int i = 1; i <= args->n; i++) {
		log_text("%s %d", args->name, i);
		vow_value_drop(VOW_AWAIT_VALUE(vow_int(i)));
	}
	log_text("%s done", args->name);
	return vow_return(vow_undefined());
}

static const struct count_args a = {"a", 3}, b = {"b", 3};

int main(void)
{
	golden_begin();
	keep(vow_async(ex, count, (void *)&a, NULL)); /* count('a', 3) */
	keep(vow_async(ex, count, (void *)&b, NULL)); /* count('b', 3) */
	log_text("both started");
	return golden_end();
}

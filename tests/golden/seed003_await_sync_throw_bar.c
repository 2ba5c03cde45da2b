/* Port of js/seed003_await_sync_throw_bar.js: the operand's throw is caught by the try around the await, so bar fulfils. */
#include "golden.h"

/* () => { throw 3 } */
static vow_outcome throw_3(void)
{
	return vow_throw(vow_int(3));
}

/* async function bar() { try { console.log(1); await (() => { throw 3 })() } catch (err) { console.log(err) } } */
static vow_outcome bar(void *ctx)
{
	vow_outcome o;

	(void)ctx;
	/* try { */
	log_text("1");
	o = throw_3();
	if (!vow_outcome_is_throw(o))
		o = vow_await_value(o.value);
	/* } catch (err) { */
	if (vow_outcome_is_throw(o))
		log_value(NULL, o.value);
	/* } */
	vow_outcome_drop(o);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_async(ex, bar, NULL, NULL)); /* let p = bar() */
	log_text("2");
	set_timeout(log_promise, p, 0); /* setTimeout(console.log, 0, p) */
	return golden_end();
}

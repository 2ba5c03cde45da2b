/* Port of js/seed003_await_sync_throw.js: a throw while evaluating await's operand rejects foo's promise before any await. */
#include "golden.h"

/* () => { throw 3 } */
static vow_outcome throw_3(void)
{
	return vow_throw(vow_int(3));
}

/* async function foo() { console.log(1); await (() => { throw 3 })() } */
static vow_outcome foo(void *ctx)
{
	vow_outcome operand;

	(void)ctx;
	log_text("1");
	operand = throw_3();
	if (vow_outcome_is_throw(operand))
		return operand; /* the exception leaves foo before the await */
	vow_value_drop(VOW_AWAIT_VALUE(operand.value));
	return vow_return(vow_undefined());
}

/* async function bar() { try { ... } catch (err) { console.log(err) } }: never called, as in the seed */
__attribute__((unused)) static vow_outcome bar(void *ctx)
{
	vow_outcome o;

	(void)ctx;
	log_text("1");
	o = throw_3();
	if (!vow_outcome_is_throw(o))
		o = vow_await_value(o.value);
	if (vow_outcome_is_throw(o))
		log_value(NULL, o.value);
	vow_outcome_drop(o);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);

	/* 给返回的Promise添加一个拒绝处理程序 */
	keep(vow_promise_catch(keep(vow_async(ex, foo, NULL, NULL)), console_log, NULL, NULL));
	log_text("2");
	log_value(NULL, item(keep(vow_async(ex, foo, NULL, NULL)))); /* console.log(foo()) */

	vow_promise *p = keep(vow_async(ex, foo, NULL, NULL)); /* let p = foo() */
	log_text("2");
	set_timeout(log_promise, p, 0); /* setTimeout(console.log, 0, p) */
	return golden_end();
}

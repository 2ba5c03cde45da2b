/* Port of js/seed001_generator_runner.js: a generator yields a promise and a runner resumes it with the promise's value. */
#include "golden.h"

/* function (resolve, reject) { resolve('foo') } */
static vow_outcome get_foo_executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, vow_str("foo"));
	return vow_return(vow_undefined());
}

/* function getFoo () { return new Promise(...) } */
static vow_promise *get_foo(void)
{
	return vow_promise_new(ex, get_foo_executor, NULL);
}

/* const g = function* () { try { const foo = yield getFoo(); console.log(foo) } catch (e) { console.log(e) } } */
static vow_outcome g(void *ctx)
{
	vow_outcome foo = vow_yield(vow_value_promise(get_foo()));

	(void)ctx;
	if (!vow_outcome_is_throw(foo))
		log_value(NULL, foo.value); /* console.log(foo) */
	else
		log_value(NULL, foo.value); /* catch (e) { console.log(e) } */
	vow_outcome_drop(foo);
	return vow_return(vow_undefined());
}

/* const it = generator(): shared by go and its two callbacks */
static vow_generator *it;

static vow_outcome go(vow_outcome result, bool done);

/* function (value) { return go(it.next(value)) } */
static vow_outcome on_value(void *ctx, vow_value value)
{
	bool done;
	vow_outcome result = vow_generator_next(it, vow_value_dup(value), &done);

	(void)ctx;
	return go(result, done);
}

/* function (error) { return go(it.throw(error)) } */
static vow_outcome on_error(void *ctx, vow_value error)
{
	bool done;
	vow_outcome result = vow_generator_throw(it, vow_value_dup(error), &done);

	(void)ctx;
	return go(result, done);
}

/*
 * function go(result): result is what it.next() or it.throw() gave.  A
 * generator that threw is done with a throw outcome, which go hands on as
 * the exception would propagate out of go in JavaScript.
 */
static vow_outcome go(vow_outcome result, bool done)
{
	vow_promise *next;

	if (done)
		return result; /* if (result.done) return result.value */

	/* return result.value.then(...) */
	next = vow_promise_then(result.value.as.promise, on_value, on_error, NULL, NULL);
	vow_outcome_drop(result);
	if (next == NULL)
		golden_die("vow_promise_then");
	return vow_return(vow_value_promise(next));
}

/* function run (generator) */
static void run(vow_thunk_fn generator)
{
	bool done;

	it = vow_generator_new(generator, NULL, NULL);
	if (it == NULL)
		golden_die("vow_generator_new");
	vow_outcome first = vow_generator_next(it, vow_undefined(), &done);
	vow_outcome_drop(go(first, done)); /* go(it.next()) */
}

int main(void)
{
	int rc;

	golden_begin();
	run(g);
	rc = golden_end();
	vow_generator_free(it);
	return rc;
}

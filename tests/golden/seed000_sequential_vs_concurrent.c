/* Port of js/seed000_sequential_vs_concurrent.js: awaiting timers one after another, both started first, or through Promise.all. */
#include "golden.h"

/* () => { resolve(value); console.log(done) }, the timer of resolveAfter*() */
struct settle_later {
	vow_resolver *resolve;
	const char *value;
	const char *done;
};

static void settle_later_fire(void *ctx)
{
	struct settle_later *t = ctx;

	vow_resolver_resolve(t->resolve, vow_str(t->value));
	log_text("%s", t->done);
	vow_resolver_release(t->resolve);
	free(t);
}

/* new Promise((resolve) => { setTimeout(() => { resolve(value); console.log(done) }, ms) }) */
static vow_promise *settle_later(uint64_t ms, const char *value, const char *done)
{
	struct settle_later *t = malloc(sizeof *t);
	vow_promise *p;

	if (t == NULL)
		golden_die("out of memory");
	p = vow_promise_with_resolvers(ex, &t->resolve);
	if (p == NULL)
		golden_die("vow_promise_with_resolvers");
	t->value = value;
	t->done = done;
	set_timeout(settle_later_fire, t, ms);
	return keep(p);
}

/* function resolveAfter2Seconds() */
static vow_promise *resolve_after_2_seconds(void)
{
	log_text("开始较慢兑现的 promise");
	return settle_later(2000, "slow", "较慢兑现的 promise 完成了");
}

/* function resolveAfter1Second() */
static vow_promise *resolve_after_1_second(void)
{
	log_text("开始较快兑现的 promise");
	return settle_later(1000, "fast", "较快兑现的 promise 完成了");
}

/* async function sequentialStart() */
static vow_outcome sequential_start(void *ctx)
{
	(void)ctx;
	log_text("== sequentialStart 开始 ==");

	/* 1. 启动一个计时器，并在计时器完成后打印结果 */
	vow_promise *slow = resolve_after_2_seconds();
	vow_value slow_value = VOW_AWAIT(slow);
	log_value(NULL, slow_value); /* console.log(await slow) */
	vow_value_drop(slow_value);

	/* 2. 等待前一个计时器完成后，启动下一个计时器 */
	vow_promise *fast = resolve_after_1_second();
	vow_value fast_value = VOW_AWAIT(fast);
	log_value(NULL, fast_value); /* console.log(await fast) */
	vow_value_drop(fast_value);

	log_text("== sequentialStart 结束 ==");
	return vow_return(vow_undefined());
}

/* async function sequentialWait() */
static vow_outcome sequential_wait(void *ctx)
{
	(void)ctx;
	log_text("== sequentialWait 开始 ==");

	/* 1. 启动两个计时器，互不等待 */
	vow_promise *slow = resolve_after_2_seconds();
	vow_promise *fast = resolve_after_1_second();

	/* 2. 等待较慢的计时器完成后，打印结果 */
	vow_value slow_value = VOW_AWAIT(slow);
	log_value(NULL, slow_value);
	vow_value_drop(slow_value);
	/* 3. 等待较快的计时器完成后，打印结果 */
	vow_value fast_value = VOW_AWAIT(fast);
	log_value(NULL, fast_value);
	vow_value_drop(fast_value);

	log_text("== sequentialWait 结束 ==");
	return vow_return(vow_undefined());
}

/* async function concurrent1() */
static vow_outcome concurrent1(void *ctx)
{
	(void)ctx;
	log_text("== concurrent1 开始 ==");

	/* 1. 并发启动两个计时器，并等待它们完成 */
	vow_value timers[] = {item(resolve_after_2_seconds()), item(resolve_after_1_second())};
	vow_value results = VOW_AWAIT(keep(vow_promise_all(ex, timers, 2)));
	/* 2. 同时打印两个计时器的结果 */
	log_value(NULL, vow_array_get(results, 0));
	log_value(NULL, vow_array_get(results, 1));
	vow_value_drop(results);

	log_text("== concurrent1 完成 ==");
	return vow_return(vow_undefined());
}

/* async () => console.log(await resolveAfter2Seconds()) */
static vow_outcome log_slow(void *ctx)
{
	vow_value v = VOW_AWAIT(resolve_after_2_seconds());

	(void)ctx;
	log_value(NULL, v);
	vow_value_drop(v);
	return vow_return(vow_undefined());
}

/* async () => console.log(await resolveAfter1Second()) */
static vow_outcome log_fast(void *ctx)
{
	vow_value v = VOW_AWAIT(resolve_after_1_second());

	(void)ctx;
	log_value(NULL, v);
	vow_value_drop(v);
	return vow_return(vow_undefined());
}

/* async function concurrent2() */
static vow_outcome concurrent2(void *ctx)
{
	(void)ctx;
	log_text("== concurrent2 开始 ==");

	/* 1. 并发启动两个计时器，并在其中任意一个完成后立即打印对应结果 */
	vow_value calls[] = {
		item(keep(vow_async(ex, log_slow, NULL, NULL))),
		item(keep(vow_async(ex, log_fast, NULL, NULL))),
	};
	vow_value_drop(VOW_AWAIT(keep(vow_promise_all(ex, calls, 2))));
	log_text("== concurrent2 结束 ==");
	return vow_return(vow_undefined());
}

/* The timers' callbacks: setTimeout(sequentialWait, 4000) calls sequentialWait() */
static void call_sequential_wait(void *ctx)
{
	(void)ctx;
	keep(vow_async(ex, sequential_wait, NULL, NULL));
}

static void call_concurrent1(void *ctx)
{
	(void)ctx;
	keep(vow_async(ex, concurrent1, NULL, NULL));
}

static void call_concurrent2(void *ctx)
{
	(void)ctx;
	keep(vow_async(ex, concurrent2, NULL, NULL));
}

int main(void)
{
	golden_begin();

	keep(vow_async(ex, sequential_start, NULL, NULL)); /* 2 秒后，打印“slow”，然后再过 1 秒，打印“fast” */

	/* 等待上面的代码执行完毕 */
	set_timeout(call_sequential_wait, NULL, 4000); /* 2 秒后，打印“slow”，然后打印“fast” */

	/* 再次等待 */
	set_timeout(call_concurrent1, NULL, 7000); /* 跟 sequentialWait 一样 */

	/* 再次等待 */
	set_timeout(call_concurrent2, NULL, 10000); /* 1 秒后，打印“fast”，然后过 1 秒，打印“slow” */

	return golden_end();
}

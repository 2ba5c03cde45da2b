/*
 * wait_from_main.c - main waits for a promise of its own loop.
 *
 * On the thread that owns a loop, vow_promise_wait cannot succeed for the
 * loop's own promises: nothing runs the loop while that thread waits.
 * vow_loop_run_until runs the loop until the promise settles - main's
 * top-level `await` - or until a limit on the loop's clock passes, and
 * leaves the loop's other work queued for later.  The loop runs on the
 * virtual clock here, so the times printed are exact; on the real clock
 * the program is the same, only slower.
 *
 *     async function brew() {
 *       log('grinding'); await delay(30)
 *       log('pouring');  await delay(20)
 *       return 'coffee'
 *     }
 *     const coffee = brew()
 *     setTimeout(() => log('other work'), 60)
 *     await coffee, at most 10 ms      // times out
 *     await coffee                     // 'coffee'
 *     await a promise nobody settles   // no hang: the loop goes idle
 */
#include <stdio.h>
#include <vow/vow.h>

static vow_loop *loop;

static void say(const char *what)
{
	printf("[%3llu ms] %s\n", (unsigned long long)vow_loop_now(loop), what);
}

static vow_outcome brew(void *ctx)
{
	vow_executor *ex = ctx;

	say("brew: grinding");
	vow_value_drop(VOW_AWAIT_VALUE(vow_value_promise(vow_delay(ex, 30, NULL))));
	say("brew: pouring");
	vow_value_drop(VOW_AWAIT_VALUE(vow_value_promise(vow_delay(ex, 20, NULL))));
	return vow_return(vow_str("coffee"));
}

static void other_work(void *ctx)
{
	say(ctx);
}

int main(void)
{
	vow_executor *ex;
	vow_promise *coffee, *never;
	vow_resolver *nobody;
	char line[128];
	int rc;

	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	ex = vow_loop_executor(loop);
	coffee = vow_async(ex, brew, ex, NULL);
	vow_loop_set_timeout(loop, other_work, "timer: other work of the loop", NULL, 60);

	rc = vow_loop_run_until(loop, coffee, 10);
	snprintf(line, sizeof line, "main: %s, coffee still pending: %s", vow_err_name(rc),
		 vow_promise_state(coffee) == VOW_PENDING ? "yes" : "no");
	say(line);

	rc = vow_loop_run_until(loop, coffee, -1);
	snprintf(line, sizeof line, "main: returned %d, coffee %s: %s", rc,
		 vow_promise_state(coffee) == VOW_FULFILLED ? "fulfilled" : "not fulfilled",
		 vow_str_cstr(vow_promise_result(coffee)));
	say(line);

	never = vow_promise_with_resolvers(ex, &nobody);
	rc = vow_loop_run_until(loop, never, -1);
	snprintf(line, sizeof line, "main: %s: the loop went idle, nothing can settle it",
		 vow_err_name(rc));
	say(line);

	vow_resolver_release(nobody);
	vow_promise_release(never);
	vow_promise_release(coffee);
	vow_loop_free(loop);
	return 0;
}

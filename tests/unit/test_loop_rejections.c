/*
 * test_loop_rejections.c - unhandled-rejection tracking on the loop, event
 * for event as Node 20 emits unhandledRejection / rejectionHandled.
 * Needs the promise core (vow_promise_reject, vow_promise_catch).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "loop_test_trace.h"

static vow_executor *EX;

/* Reasons are strings; traces use them as names. */
static const char *name_of(vow_value reason)
{
	return vow_str_cstr(reason);
}

static vow_promise *reject_with(const char *name)
{
	vow_promise *p = vow_promise_reject(EX, vow_str(name));

	assert_non_null(p);
	return p;
}

static vow_outcome caught(void *ctx, vow_value reason)
{
	trace_add("%s-caught:%s", (const char *)ctx, name_of(reason));
	return vow_return(vow_undefined());
}

static void catch_it(vow_promise *p, const char *who)
{
	vow_promise *d = vow_promise_catch(p, caught, (void *)who, NULL);

	assert_non_null(d);
	vow_promise_release(d);
}

/* ---- Node 20 reference -------------------------------------------------- */
/*
 *   process.on('unhandledRejection',(r,p)=>{ out.push('UR:'+r);
 *       Promise.resolve().then(()=>out.push('mUR:'+r)); });
 *   process.on('rejectionHandled',(p)=>{ out.push('RH:'+p.tag);
 *       Promise.resolve().then(()=>out.push('mRH:'+p.tag)); });
 *   const a=Promise.reject('a'), b=Promise.reject('b'), c=Promise.reject('c');
 *   c.catch(()=>out.push('c-caught'));          // same tick: no event
 *   setTimeout(()=>{ out.push('T1'); a.catch(()=>out.push('a-caught'));
 *                    Promise.resolve().then(()=>out.push('T1m')); },1);
 *   setTimeout(()=>{ out.push('T2'); },1);
 *   setTimeout(()=>{ out.push('T3'); b.catch(()=>out.push('b-caught'));
 *                    Promise.reject('d'); },5);
 * prints
 *   c-caught UR:a UR:b mUR:a mUR:b T1 a-caught T1m RH:a mRH:a T2 T3
 *   b-caught RH:b UR:d mRH:b mUR:d
 */
static const char *const micro_names[][2] = {
	{ "mUR:a", "mRH:a" }, { "mUR:b", "mRH:b" }, { "mUR:c", "mRH:c" },
	{ "mUR:d", "mRH:d" }, { "mUR:e", "mRH:e" },
};

static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	const char *n = name_of(reason);

	(void)ud;
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	trace_add("%s:%s", ev == VOW_UNHANDLED_REJECTION ? "UR" : "RH", n);
	assert_int_equal(vow_loop_queue_microtask(L, trace_task,
						  (void *)micro_names[n[0] - 'a'][ev], NULL), 0);
}

static vow_promise *pa, *pb, *pc;

static void t1(void *ctx)
{
	(void)ctx;
	trace_add("T1");
	catch_it(pa, "a");
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "T1m", NULL), 0);
}

static void t3(void *ctx)
{
	(void)ctx;
	trace_add("T3");
	catch_it(pb, "b");
	vow_promise_release(reject_with("d"));
}

static int setup(void **state)
{
	if (loop_setup_virtual(state) != 0)
		return -1;
	EX = vow_loop_executor(L);
	return vow_executor_set_rejection_policy(EX, VOW_REJECTIONS_CALLBACK, on_rejection, NULL);
}

static void test_node_event_order(void **state)
{
	(void)state;
	pa = reject_with("a");
	pb = reject_with("b");
	pc = reject_with("c");
	catch_it(pc, "c");
	assert_int_not_equal(vow_loop_set_timeout(L, t1, NULL, NULL, 1), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "T2", NULL, 1), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, t3, NULL, NULL, 5), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf,
			    "c-caught:c,UR:a,UR:b,mUR:a,mUR:b,T1,a-caught:a,T1m,RH:a,mRH:a,"
			    "T2,T3,b-caught:b,RH:b,UR:d,mRH:b,mUR:d");
	vow_promise_release(pa);
	vow_promise_release(pb);
	vow_promise_release(pc);
}

/*
 * Node 20:
 *   process.on('unhandledRejection',(r,p)=>{ out.push('UR:'+r);
 *       if (r==='a') p.catch(()=>out.push('a-caught-in-UR'));
 *       if (!made) { made=true; Promise.reject('e'); }
 *       queueMicrotask(()=>out.push('mUR:'+r)); });
 *   process.on('rejectionHandled',(p)=>{ out.push('RH'); });
 *   Promise.reject('a');
 *   setTimeout(()=>{out.push('T1')},1);
 * prints UR:a,a-caught-in-UR,mUR:a,RH,UR:e,mUR:e,T1
 * (the checkpoint repeats until no event is emitted).
 */
static int made;

static void on_rejection_reentrant(void *ud, vow_rejection_event ev, vow_promise *p,
				   vow_value reason)
{
	const char *n = name_of(reason);

	(void)ud;
	if (ev == VOW_REJECTION_HANDLED) {
		trace_add("RH");
		return;
	}
	trace_add("UR:%s", n);
	if (n[0] == 'a')
		catch_it(p, "a-in-UR");
	if (!made) {
		made = 1;
		vow_promise_release(reject_with("e"));
	}
	assert_int_equal(vow_loop_queue_microtask(L, trace_task,
						  (void *)micro_names[n[0] - 'a'][0], NULL), 0);
}

static void test_reentrant_callback(void **state)
{
	(void)state;
	made = 0;
	assert_int_equal(vow_executor_set_rejection_policy(EX, VOW_REJECTIONS_CALLBACK,
							   on_rejection_reentrant, NULL), 0);
	vow_promise_release(reject_with("a"));
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "T1", NULL, 1), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "UR:a,a-in-UR-caught:a,mUR:a,RH,UR:e,mUR:e,T1");
}

/* A promise reported unhandled and never handled is released by free. */
static void test_unhandled_kept_until_free(void **state)
{
	(void)state;
	vow_promise_release(reject_with("a"));
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "UR:a,mUR:a");
	/* loop_teardown frees the loop; valgrind/ASan check the reference is dropped */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_node_event_order, setup, loop_teardown),
		cmocka_unit_test_setup_teardown(test_reentrant_callback, setup, loop_teardown),
		cmocka_unit_test_setup_teardown(test_unhandled_kept_until_free, setup, loop_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

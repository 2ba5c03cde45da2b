/*
 * loop_timers.c - setTimeout / setInterval / clearTimeout on the loop, and
 * firing the timers that are due.
 *
 * Node semantics reproduced here (checked against Node 20):
 *   - a delay of 0 is 1 ms;
 *   - a timer's deadline is the loop clock at the call + ms.  On the real
 *     clock that is a fresh reading (Node's getLibuvNow() updates the
 *     loop time), on the virtual clock it is the virtual now, which inside
 *     a timer callback is that timer's deadline;
 *   - equal deadlines fire in the order set (FIFO);
 *   - an interval's next deadline is the clock when its callback started +
 *     interval (Node: insert(timer, repeat, start)), and it goes after
 *     timers already set for that deadline;
 *   - every timer callback is a macrotask: a checkpoint follows it.
 *
 * KNOWN DIVERGENCE.  Node keeps one list per duration and orders the lists
 * by (expiry, list id), and a list takes a NEW id when its head changes
 * after firing.  So for two timers with equal deadlines and different
 * durations Node may fire the later-set one first, e.g. (virtual times)
 * x = setTimeout(50) set at 30, y = setTimeout(40) set at 40, with the 50 ms
 * list re-keyed at 50 by another timer: Node fires y, x; we fire x, y
 * (set order).  Only exact-millisecond coincidences of this shape differ.
 */
#include "loop_impl.h"

/*
 * A loop timer: the store's node plus what it runs - a callback (timeouts,
 * intervals) or a job (the executor's timer op: vow_executor_ops.timer_start).
 */
struct loop_timer {
	struct vow__timer node;
	uint64_t interval;    /* ms; 0 for a one-shot timeout */
	vow_task_fn fn;       /* NULL: a job timer */
	void *ctx;            /* the callback's ctx, or the job */
	vow_dtor_fn ctx_dtor; /* runs once the timer is gone (vow/loop.h) */
	vow_loop *loop;
	bool cleared;         /* cleared while its callback runs */
	bool weak;            /* VOW_TIMER_WEAK: not counted in strong_timers */
};

#define LOOP_TIMER(tm) ((struct loop_timer *)(void *)(tm))

/* The end of a timer's life: free it, then its ctx_dtor (a job's discard). */
static void timer_free(struct vow__timer *node)
{
	struct loop_timer *tm = LOOP_TIMER(node);
	vow_task_fn fn = tm->fn;
	vow_dtor_fn dtor = tm->ctx_dtor;
	void *ctx = tm->ctx;

	if (!tm->weak)
		tm->loop->strong_timers--;
	vow__free(tm);
	if (fn == NULL)
		((vow_job *)ctx)->ops->discard(ctx);
	else if (dtor != NULL)
		dtor(ctx);
}

/* Arm a new timer (owner; the caller checked the loop and the thread). */
static struct loop_timer *timer_add(vow_loop *loop, uint64_t ms)
{
	struct loop_timer *tm = vow__malloc(sizeof *tm);
	uint64_t now;

	if (tm == NULL)
		return NULL;
	if (vow__timers_reserve(&loop->timers) != 0) {
		vow__free(tm);
		return NULL;
	}
	if (ms == 0)
		ms = 1;
	now = vow__clock_now_any(&loop->clock);
	tm->node.deadline = ms > UINT64_MAX - now ? UINT64_MAX : now + ms;
	tm->loop = loop;
	tm->cleared = false;
	tm->weak = false;
	loop->strong_timers++;
	vow__timers_add(&loop->timers, &tm->node);
	vow__loop_timers_changed_owner(loop);
	return tm;
}

static vow_timer_id timer_set(vow_loop *loop, vow_task_fn fn, void *ctx, vow_dtor_fn ctx_dtor,
			      uint64_t ms, bool repeat)
{
	struct loop_timer *tm = NULL;
	int err = 0;

	if (loop == NULL || fn == NULL)
		err = VOW_EINVAL;
	else if (!vow__loop_is_owner_any(loop))
		err = VOW_ETHREAD;
	else if ((tm = timer_add(loop, ms)) == NULL)
		err = VOW_ENOMEM;
	if (err != 0) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		vow__set_last_error(err);
		return 0;
	}
	tm->interval = repeat ? (ms == 0 ? 1 : ms) : 0;
	tm->fn = fn;
	tm->ctx = ctx;
	tm->ctx_dtor = ctx_dtor;
	return tm->node.id;
}

vow_timer_id vow_loop_set_timeout(vow_loop *loop, vow_task_fn fn, void *ctx,
				  vow_dtor_fn ctx_dtor, uint64_t ms)
{
	return timer_set(loop, fn, ctx, ctx_dtor, ms, false);
}

vow_timer_id vow_loop_set_interval(vow_loop *loop, vow_task_fn fn, void *ctx,
				   vow_dtor_fn ctx_dtor, uint64_t ms)
{
	return timer_set(loop, fn, ctx, ctx_dtor, ms, true);
}

/* Clear a live timer by id; false if there is none (owner). */
static bool timer_clear(vow_loop *loop, uint64_t id)
{
	struct vow__timer *node = id == 0 ? NULL : vow__timers_find(&loop->timers, id);

	bool firing;

	if (node == NULL)
		return false;
	/* Out of the heap while live: an interval whose callback is running. */
	firing = node->heap_pos == VOW__TIMER_NOT_IN_HEAP;
	vow__timers_forget(&loop->timers, node);
	if (firing) {
		/* Clearing itself from its callback: fire_one frees it. */
		LOOP_TIMER(node)->cleared = true;
		return true;
	}
	timer_free(node);
	vow__loop_timers_changed_owner(loop);
	return true;
}

int vow_loop_clear_timer(vow_loop *loop, vow_timer_id id)
{
	if (loop == NULL)
		return VOW_EINVAL;
	if (!vow__loop_is_owner_any(loop))
		return VOW_ETHREAD;
	return timer_clear(loop, id) ? 0 : VOW_ENOTFOUND;
}

uint64_t vow__loop_timer_start_owner(vow_loop *loop, uint64_t ms, vow_job *job, bool weak)
{
	struct loop_timer *tm;

	assert(vow__loop_is_owner_any(loop));
	tm = timer_add(loop, ms);
	if (tm == NULL)
		return 0;
	if (weak) {
		tm->weak = true;
		loop->strong_timers--;
	}
	tm->interval = 0;
	tm->fn = NULL;
	tm->ctx = job;
	tm->ctx_dtor = NULL;
	return tm->node.id;
}

bool vow__loop_timer_cancel_owner(vow_loop *loop, uint64_t id)
{
	assert(vow__loop_is_owner_any(loop));
	return timer_clear(loop, id);
}

static void fire_one(vow_loop *loop, struct loop_timer *tm)
{
	uint64_t start;

	if (tm->interval == 0) {
		vow_task_fn fn = tm->fn;
		vow_dtor_fn dtor = tm->ctx_dtor;
		void *ctx = tm->ctx;

		/* A timeout is no longer active once it fires (clear: ENOTFOUND). */
		vow__timers_forget(&loop->timers, &tm->node);
		if (!tm->weak)
			loop->strong_timers--;
		vow__free(tm);
		if (fn == NULL) {
			((vow_job *)ctx)->ops->run(ctx);
			return;
		}
		fn(ctx);
		if (dtor != NULL)
			dtor(ctx);
		return;
	}
	start = vow__clock_now_any(&loop->clock);
	tm->fn(tm->ctx);
	if (tm->cleared) {
		timer_free(&tm->node);
		return;
	}
	tm->node.deadline = tm->interval > UINT64_MAX - start ? UINT64_MAX : start + tm->interval;
	vow__timers_rearm(&loop->timers, &tm->node); /* cannot fail: timer_heap.h INVARIANT */
}

bool vow__loop_fire_timer_owner(vow_loop *loop, uint64_t now)
{
	struct vow__timer *node = vow__timers_peek(&loop->timers);

	assert(vow__loop_is_owner_any(loop));
	if (node == NULL || node->deadline > now)
		return false;
	(void)vow__timers_pop(&loop->timers);
	fire_one(loop, LOOP_TIMER(node));
	vow__loop_checkpoint_owner(loop);
	vow__loop_timers_changed_owner(loop);
	return true;
}

void vow__loop_drop_timers_owner(vow_loop *loop)
{
	vow__timers_fini(&loop->timers, timer_free);
}

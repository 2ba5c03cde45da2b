/*
 * vow/progress.h - progress of a pending promise: its producer reports
 * values, listeners receive them.
 *
 *     vow_promise_on_progress(p, show_bar, bar, NULL);   // a consumer
 *     vow_resolver_progress(r, vow_double(0.25));         // the producer
 *
 * DELIVERY.  Each report is delivered as a job on the promise's executor,
 * to the listeners attached before it was made, in the order the reports
 * were made (one report's listeners have all returned before the next
 * report's first one is called, on any executor).  Delivery stops when the
 * promise settles: a report still queued then is dropped, so a listener
 * never starts after the outcome is known (on the pool, one that started
 * just before may still be running while another thread settles).  A
 * report with no listener attached is dropped at once: progress is an
 * event, not a state.
 *
 * COMBINATORS.  vow_promise_all and vow_promise_all_settled (and
 * vow_spawn_map) report on their result as inputs finish: an array
 * [k, n] (two VOW_INT), k inputs of n finished, k increasing; the last
 * input settles the result instead of reporting, so a listener sees at
 * most [n - 1, n].  They pay for it only while the result has a listener.
 *
 * LIFETIMES.  A listener's ctx lives until its ctx_dtor, which runs once
 * the promise settled (after the listener's last call) or was destroyed
 * pending; listeners cannot be removed earlier.  A listener does not mark
 * the promise handled: a rejection nobody else handles is still reported.
 */
#ifndef VOW_PROGRESS_H
#define VOW_PROGRESS_H

#include <vow/promise.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* A listener: progress is borrowed for the call (dup it to keep it). */
typedef void (*vow_progress_fn)(void *ctx, vow_value progress);

/*
 * vow_promise_on_progress - call fn(ctx, progress) for every report made
 * on p from now on until p settles, as jobs on p's executor (see
 * DELIVERY); then ctx_dtor(ctx).  p is borrowed.  Any thread.
 * Errors (ctx_dtor has run, fn never runs): VOW_EINVAL (p or fn NULL),
 * VOW_EALREADY (p has settled), VOW_ENOMEM.
 */
int vow_promise_on_progress(vow_promise *p, vow_progress_fn fn, void *ctx,
			    vow_dtor_fn ctx_dtor);

/*
 * vow_resolver_progress - report progress (moved) on r's promise: each of
 * its listeners receives it (see DELIVERY).  Any thread; reports made on
 * one thread are delivered in the order they were made there, and reports
 * from several threads in the order they reached the promise.
 * Returns 0 (also when nobody listens: progress is dropped), or, with
 * progress dropped: VOW_EINVAL (r NULL), VOW_EALREADY (r has resolved or
 * rejected its promise), VOW_ENOMEM (this report is lost).
 */
int vow_resolver_progress(vow_resolver *r, vow_value progress);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_PROGRESS_H */

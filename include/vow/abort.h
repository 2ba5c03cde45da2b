/*
 * vow/abort.h - cancellation and time: AbortController / AbortSignal, and
 * the operations that take a signal (delay, timeout, spawn, await).
 *
 * A controller aborts its signal once, with a reason; everyone holding the
 * signal can see that it aborted and why, and listeners run once when it
 * does.  As on the web:
 *
 *     vow_abort_controller *c = vow_abort_controller_new();
 *     vow_promise *d = vow_delay(ex, 5000, vow_abort_controller_signal(c));
 *     ...
 *     vow_abort_controller_abort(c, vow_undefined());   // d rejects: AbortError
 *
 * THREADS.  Every function here may be called from any thread.  Listeners
 * run on the thread that aborts (synchronously inside
 * vow_abort_controller_abort, in the order they were added), so on the
 * loop's owner an abort settles the promises it rejects before it returns,
 * as in JavaScript; code that must run on an executor posts a job there.
 *
 * REASONS.  An abort without a reason (undefined) uses
 * vow_abort_error(): an error named "AbortError", code VOW_EABORTED, message
 * "This operation was aborted".  vow_abort_signal_timeout aborts with
 * vow_timeout_error(): "TimeoutError", code VOW_ETIMEDOUT, "The operation
 * was aborted due to timeout".  Node's messages, so that traces match.
 *
 * REFERENCES.  Controllers and signals are reference-counted; every
 * function returning one returns a new reference (release it), except
 * vow_abort_controller_signal, which lends the controller's.
 *
 * LIFETIMES.  Controllers and signals belong to no executor and may be
 * released before or after any loop or pool.  The timers of
 * vow_abort_signal_timeout, vow_delay and vow_timeout belong to their
 * executor: a loop freed, or a pool shut down with VOW_POOL_CANCEL, before
 * they fire discards them, so that signal never aborts and those promises
 * stay pending (a draining pool waits for a delay's timer; a timeout
 * signal's does not keep it running).  Either may then be released in
 * any order.
 */
#ifndef VOW_ABORT_H
#define VOW_ABORT_H

#include <vow/executor.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* Opaque handles: a controller, the signal it aborts, a signal's listener. */
typedef struct vow_abort_controller vow_abort_controller;
typedef struct vow_abort_signal vow_abort_signal;
typedef struct vow_abort_listener vow_abort_listener;

/* ---- controllers ---------------------------------------------------------- */

/* A controller with a fresh signal.  Errors (NULL + vow_last_error()): VOW_ENOMEM. */
vow_abort_controller *vow_abort_controller_new(void);
/*
 * Its signal (borrowed: valid while the controller is; dup it to keep it).
 * Errors: NULL + vow_last_error() VOW_EINVAL (c NULL).
 */
vow_abort_signal *vow_abort_controller_signal(vow_abort_controller *c);
/*
 * vow_abort_controller_abort - abort the signal with reason (moved;
 * undefined: vow_abort_error()).  Runs every listener, in the order they
 * were added, on this thread, before it returns.  A listener may release
 * c (the signal lives until the abort is over).  Returns 0, VOW_EALREADY
 * (aborted before: nothing happens, reason is dropped) or VOW_EINVAL (c
 * NULL).
 */
int vow_abort_controller_abort(vow_abort_controller *c, vow_value reason);

void vow_abort_controller_release(vow_abort_controller *c); /* NULL: no-op */

/* ---- signals ---------------------------------------------------------------- */

/* True once aborted (acquire: the reason is then readable).  NULL: false. */
bool vow_abort_signal_aborted(const vow_abort_signal *s);
/*
 * The reason (borrowed, valid while s is); undefined while not aborted, and
 * for NULL.
 */
vow_value vow_abort_signal_reason(const vow_abort_signal *s);
/*
 * throwIfAborted: a throw outcome with a new reference to the reason if s
 * aborted, else (and for NULL) a return outcome of undefined.  For a
 * running task that polls its signal: `if (vow_abort_signal_aborted(s))
 * return vow_abort_signal_throw(s);`.
 */
vow_outcome vow_abort_signal_throw(const vow_abort_signal *s);

vow_abort_signal *vow_abort_signal_dup(vow_abort_signal *s); /* NULL for NULL */
void vow_abort_signal_release(vow_abort_signal *s);          /* NULL: no-op */

/*
 * vow_abort_signal_timeout - AbortSignal.timeout(ms): a signal that aborts
 * with vow_timeout_error() after ms milliseconds of ex's clock (on a loop
 * with a virtual clock, virtual milliseconds).  Like Node's, its timer does
 * not keep the loop (or a draining pool) running.  Errors (NULL +
 * vow_last_error()): VOW_EINVAL (ex NULL), VOW_ENOTSUP (ex has no timers),
 * VOW_ESHUTDOWN, VOW_ENOMEM.
 */
vow_abort_signal *vow_abort_signal_timeout(vow_executor *ex, uint64_t ms);

/*
 * vow_abort_signal_any - AbortSignal.any(signals): a signal that aborts as
 * soon as one of signals[0..n) does, with that one's reason; aborted at
 * once if one already is (the first in order).  signals are borrowed; the
 * result does not keep them, nor do they keep it: once its last reference
 * goes, it stops listening.  Errors (NULL + vow_last_error()): VOW_EINVAL
 * (signals NULL with n > 0, or a NULL signal), VOW_ENOMEM.
 */
vow_abort_signal *vow_abort_signal_any(vow_abort_signal *const *signals, size_t n);

/*
 * vow_abort_signal_add_listener - run fn(ctx, reason) once, when s aborts
 * (reason borrowed for the call), on the aborting thread; then ctx_dtor.
 * If s has aborted already, fn never runs: NULL with VOW_EALREADY (and
 * ctx_dtor has run), as a listener added late never fires on the web.
 * The handle is valid until it is removed or the signal's last reference
 * goes; a listener that has not run then goes with it (ctx_dtor runs, fn
 * never does).
 * Errors (NULL + vow_last_error(); ctx_dtor has run): VOW_EINVAL (s or fn
 * NULL), VOW_EALREADY, VOW_ENOMEM.
 */
vow_abort_listener *vow_abort_signal_add_listener(vow_abort_signal *s,
						  void (*fn)(void *ctx, vow_value reason),
						  void *ctx, vow_dtor_fn ctx_dtor);
/*
 * vow_abort_listener_remove - stop listening.  Returns 0 if fn will never
 * run (its ctx_dtor has run), VOW_EALREADY if it ran or is running (on
 * another thread: this waits until it has returned, so ctx is done with
 * when this returns; from inside fn itself, it returns at once).  From
 * inside another listener of the same abort, a listener not called yet
 * gives 0: it never is.  The listener handle is invalid afterwards.
 * NULL: VOW_EINVAL.
 */
int vow_abort_listener_remove(vow_abort_listener *l);

/*
 * The default reasons (new references).  Errors: out of memory gives the
 * shared out-of-memory error instead, as vow/value.h's constructors do.
 */
vow_value vow_abort_error(void);
vow_value vow_timeout_error(void);

/* ---- what takes a signal ------------------------------------------------------ */
/* (and vow_spawn_signal, in vow/pool.h) */

/*
 * vow_delay - a promise on ex that fulfils with undefined after ms
 * milliseconds of ex's clock (0: as setTimeout's 1 ms on the loop), or
 * rejects with signal's reason when signal (may be NULL) aborts first, at
 * once if it has already.  The timer is cleared on abort, so an aborted
 * delay keeps nothing running.  On the loop it orders like
 * `new Promise(r => setTimeout(r, ms))`.  Any thread.
 * Errors (NULL + vow_last_error()): VOW_EINVAL (ex NULL), VOW_ENOTSUP (ex
 * has no timers: the inline executor), VOW_ESHUTDOWN, VOW_ENOMEM.
 */
vow_promise *vow_delay(vow_executor *ex, uint64_t ms, vow_abort_signal *signal);

/*
 * vow_timeout - p's outcome, or a vow_timeout_error() rejection if p is
 * still pending after ms milliseconds of its executor's clock.  The timer
 * goes as soon as p settles, so it keeps no loop alive.  On the loop the
 * result settles one job after p, as
 * `new Promise((res, rej) => { const t = setTimeout(() => rej(err), ms);
 *   p.then(v => { clearTimeout(t); res(v) }, e => { clearTimeout(t); rej(e) }) })`.
 * p is borrowed; the result is a new promise on p's executor.  Marks p
 * handled.  Errors: as vow_delay (VOW_EINVAL: p NULL).
 */
vow_promise *vow_timeout(vow_promise *p, uint64_t ms);

/*
 * vow_await_signal - inside an async function: vow_await(p), except that
 * if signal aborts first, the function resumes at once with a throw of the
 * signal's reason (a new reference); an already aborted signal throws
 * without waiting.  p stays as it is (it may settle later; the await no
 * longer cares).  Errors: as vow_await.
 */
vow_outcome vow_await_signal(vow_promise *p, vow_abort_signal *signal);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_ABORT_H */

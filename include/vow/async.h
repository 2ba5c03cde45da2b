/*
 * vow/async.h - async functions, await and generators, on fibers.
 *
 * An async function is a body of C code that runs on a stack of its own (a
 * fiber), so that it can stop at vow_await() and continue later where it
 * stopped, exactly as a JavaScript async function does (ECMA-262
 * AsyncFunctionStart, Await, AsyncBlockStart):
 *
 *     static vow_outcome fetch_both(void *ctx)     async function fetchBoth() {
 *     {                                                const a = await getA();
 *             vow_value a, b;                          const b = await getB(a);
 *             a = VOW_AWAIT(pa);                       return b;
 *             b = VOW_AWAIT_VALUE(vow_value_promise(get_b(a)));
 *             vow_value_drop(a);                     }
 *             return vow_return(b);
 *     }
 *     vow_promise *p = vow_async(ex, fetch_both, NULL, NULL);
 *
 * VOW_AWAIT(pa) borrows pa, a promise the caller keeps (and releases
 * later); a promise made just to be awaited is moved in as a value, so
 * that the await releases it whatever its outcome.
 *
 * THE RULES (on the loop, job for job as in Node 20; checked by golden tests):
 *   - vow_async() runs the body synchronously, on the caller's thread,
 *     until its first await, then returns the function's promise;
 *   - vow_await of a vow promise or a plain value resumes the body after
 *     one job; of a foreign thenable after two;
 *   - the body's outcome settles the function's promise: return v fulfils
 *     it (the caller's then() runs one job later), return p adopts p (three
 *     jobs: NewPromiseResolveThenableJob, then p's reaction, then the
 *     caller's); return vow_await(p)'s value costs two;
 *   - a throw (a VOW_OUTCOME_THROW outcome, before or after an await)
 *     rejects the function's promise, never the caller; a rejected await
 *     returns a VOW_OUTCOME_THROW outcome, which the body may handle (the
 *     C form of try/catch) or return (propagate); an async function that
 *     rejects with nobody listening is an unhandled rejection like any
 *     other, with the executor's timing.
 *
 * OWNERSHIP.  vow_await(p) borrows p.  vow_await_value(v) moves v.  Both
 * return an outcome the caller owns: its value (the awaited value, or the
 * rejection reason) is a new reference, so `return vow_return(v)` and
 * `return o` hand it on correctly, and a value kept otherwise must be
 * dropped (vow_value_drop / vow_outcome_drop).
 *
 * ON THE POOL.  The body starts on the calling thread as anywhere; after an
 * await it continues on whichever worker runs its continuation (the one
 * that settled the awaited promise, or one that stole the job).  An await
 * never blocks a worker: the fiber is set aside and the worker runs other
 * jobs.  An await of a promise that is already settled, or of a plain
 * value, continues at once without giving up the worker (the pool promises
 * no order, so nothing can tell).  vow_async_spawn() starts the body as a
 * job on a worker instead of on the caller's thread.
 *
 * WHAT A BODY MUST NOT DO (it is code on a stack that may change threads):
 *   - keep the address of a thread-local variable (errno, your own
 *     _Thread_local) across an await on the pool: the body may continue on
 *     another thread; read thread-locals afresh after each await;
 *   - hold a mutex across an await (it may be unlocked by another thread);
 *   - block its thread for long (sleep, blocking I/O): other work waits for
 *     the thread; await a promise instead (vow_delay on the loop or pool);
 *   - longjmp (or let a C++ exception unwind) out of the body;
 *   - call vow_promise_wait(): inside an async function it awaits instead
 *     (vow/wait.h), which is what it means there.
 * The fiber's stack is vow_async_set_stack_size() bytes (default 64 KiB);
 * running past it aborts with "vow: fiber stack overflow".
 *
 * LIFETIMES.  An async function keeps its executor alive through its
 * promise.  A suspended body is resumed by the settling of the promise it
 * awaits, and by nothing else:
 *   - if that promise is destroyed without settling (nothing can settle it
 *     any more), the await returns a VOW_EABANDONED rejection, so that the
 *     body can clean up;
 *   - if the executor closed meanwhile (vow_loop_free, vow_pool_shutdown),
 *     the await returns a VOW_ESHUTDOWN rejection when that promise settles
 *     or is destroyed, on the thread that does it, and every later await
 *     fails the same way at once; the body should return (its promise then
 *     settles, on the closed executor);
 *   - a body that awaits a promise it alone keeps alive and that nobody
 *     can settle is never resumed: like a reference cycle, its fiber and
 *     what its frames hold stay allocated (in JavaScript the collector
 *     would drop it silently).  Let the await hold the only reference
 *     (vow_await_value(vow_value_promise(p))) where that can happen: the
 *     promise is then destroyed and the await abandoned.
 */
#ifndef VOW_ASYNC_H
#define VOW_ASYNC_H

#include <vow/executor.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* ---- async functions ------------------------------------------------------ */

/*
 * vow_async - call an async function: body(ctx) starts now, on a fiber, and
 * runs until its first await; returns the function's promise (a new
 * reference, on ex), which its outcome settles.  ctx_dtor(ctx), if not
 * NULL, runs once the body has returned (or at once if the call fails).
 * Any thread that may run code for ex (the body's first part runs here).
 * Errors (NULL + vow_last_error()): VOW_EINVAL (ex or body NULL),
 * VOW_ESHUTDOWN (ex is closed), VOW_ENOMEM (no promise or fiber stack; the
 * body does not run).
 */
vow_promise *vow_async(vow_executor *ex, vow_thunk_fn body, void *ctx, vow_dtor_fn ctx_dtor);

/*
 * vow_async_spawn - vow_async, but the body starts later, as a job on ex
 * (on the pool: on a worker, so that calls fan out; on the loop: a
 * microtask).  Everything the caller wrote before happens-before the body
 * starts.  Any thread.  Errors: as vow_async.
 */
vow_promise *vow_async_spawn(vow_executor *ex, vow_thunk_fn body, void *ctx,
			     vow_dtor_fn ctx_dtor);

/*
 * vow_await - inside an async function: wait for p (borrowed) to settle and
 * return its outcome, owned by the caller: VOW_OUTCOME_RETURN with the
 * value, or VOW_OUTCOME_THROW with the reason.  The body continues after
 * one job on ordered executors (see THE RULES), at once on the pool if p
 * is settled already.  Marks p handled, as then() does.
 * Errors, as throw outcomes carrying an error value (vow_error_code()):
 * VOW_ENOTASYNC (not inside an async function: nothing waits, nothing
 * blocks), VOW_EINVAL (p NULL), VOW_ENOMEM (could not attach),
 * VOW_ESHUTDOWN, VOW_EABANDONED (see LIFETIMES).
 */
vow_outcome vow_await(vow_promise *p);

/*
 * vow_await_value - await of any value (moved): a promise (as vow_await,
 * then released), a foreign thenable (adopted as Promise.resolve would:
 * two jobs), or a plain value (one job; at once on the pool).  Inside an
 * async function, as vow_await.  Errors: as vow_await; a promise value
 * holding NULL throws a TypeError (VOW_EINVAL).
 */
vow_outcome vow_await_value(vow_value v);

/*
 * True inside the body of an async function (where vow_await works).  Any
 * thread; cannot fail.
 */
bool vow_in_async(void);

/*
 * VOW_AWAIT(p) / VOW_AWAIT_VALUE(v) - `const x = await p` in one line: the
 * awaited value (owned), or, if p rejects, the body returns the rejection
 * at once (propagating it to the function's promise).  For use inside the
 * body itself (they contain a return).  A GNU statement expression, which
 * gcc and clang accept in C and C++ (with __extension__, also under
 * -pedantic).
 */
#define VOW_AWAIT(p) VOW__AWAIT_OUTCOME(vow_await(p))
#define VOW_AWAIT_VALUE(v) VOW__AWAIT_OUTCOME(vow_await_value(v))
#define VOW__AWAIT_OUTCOME(expr)                                   \
	__extension__({                                            \
		vow_outcome vow__o = (expr);                        \
		if (vow__o.kind != VOW_OUTCOME_RETURN)              \
			return vow__o;                              \
		vow__o.value;                                       \
	})

/* True for a throw outcome.  Any thread; cannot fail. */
static inline bool vow_outcome_is_throw(vow_outcome o) { return o.kind == VOW_OUTCOME_THROW; }
/*
 * Drop an outcome's value (after deciding not to hand it on).  Any thread;
 * cannot fail (an outcome that is neither return nor throw is left alone).
 */
void vow_outcome_drop(vow_outcome o);

/*
 * vow_async_set_stack_size - the stack size of fibers made from now on:
 * 16 KiB to 64 MiB, rounded up to pages (default 64 KiB).  A suspended
 * call costs the pages its stack touched (about 8 KiB for a shallow
 * body).  Any thread.  Errors: VOW_EINVAL (out of range; nothing changes).
 */
int vow_async_set_stack_size(size_t bytes);

/* ---- generators --------------------------------------------------------------- */

/*
 * A generator runs fn(ctx) on a fiber that stops at each vow_yield() and
 * hands the yielded value to whoever called vow_generator_next(), like a
 * JavaScript generator function.  It belongs to no executor: next and
 * throw run it synchronously on the calling thread, until its next yield
 * or its end.  One thread at a time may drive a generator.
 */
typedef struct vow_generator vow_generator;

/*
 * vow_generator_new - a suspended generator (fn has not started).
 * ctx_dtor (may be NULL) runs once fn has returned, or when a generator
 * that never started is freed, or at once if the call fails.  Any thread.
 * Errors (NULL + vow_last_error()): VOW_EINVAL (fn NULL), VOW_ENOMEM.
 */
vow_generator *vow_generator_new(vow_thunk_fn fn, void *ctx, vow_dtor_fn ctx_dtor);

/*
 * vow_generator_next - gen.next(send): resume the generator; the pending
 * vow_yield() returns send (moved; the first call's send is dropped, as
 * JavaScript ignores it).  Returns what the generator yielded
 * (VOW_OUTCOME_RETURN, *done false), or, once fn returns, its outcome with
 * *done true (a throw outcome: the generator threw; an outcome that is
 * neither a return nor a throw: a throw of a TypeError, VOW_EBADOUTCOME).
 * After that every call returns undefined with *done true.  Owned by the
 * caller.  Any thread, one thread at a time per generator (its body runs
 * on the calling thread).
 * Errors, as throw outcomes carrying an error value: VOW_EINVAL (g or done
 * NULL), VOW_EBUSY (called from inside g itself).
 */
vow_outcome vow_generator_next(vow_generator *g, vow_value send, bool *done);

/*
 * vow_generator_throw - gen.throw(reason): resume the generator with its
 * pending vow_yield() returning a throw outcome carrying reason (moved).
 * A generator that has not started finishes at once, throwing reason.
 * Returns as vow_generator_next, from any thread, one thread at a time.
 * Errors: as vow_generator_next.
 */
vow_outcome vow_generator_throw(vow_generator *g, vow_value reason, bool *done);

/*
 * vow_yield - inside a generator: hand v (moved) to the caller of next and
 * stop until the generator is resumed; returns what it was resumed with
 * (next's send as VOW_OUTCOME_RETURN, throw's reason as VOW_OUTCOME_THROW),
 * owned.  While the generator is being freed unfinished, returns a
 * VOW_ECANCELED throw.  Errors: outside a generator, a throw outcome with
 * VOW_ENOTASYNC.
 */
vow_outcome vow_yield(vow_value v);

/*
 * vow_generator_free - free g.  A generator stopped at a yield is resumed
 * once more, its vow_yield() returning a VOW_ECANCELED throw (as
 * gen.return() runs finally blocks), so that it can clean up and return;
 * later yields return the same at once.  Any thread, not from inside g.
 * NULL is a no-op.
 */
void vow_generator_free(vow_generator *g);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_ASYNC_H */

/*
 * fuzz_promise.c - libFuzzer target: the input is a small promise program.
 *
 * The bytes are a bytecode (the opcode table is below, at `enum op`; make_corpus.py
 * writes programs in it).  The program runs as the first macrotask on a
 * vow_loop with a virtual clock, in JS mode, with the rejection policy set to
 * a callback; timers and microtasks run more ops later.  When the loop is
 * idle the harness checks the run against a reference model, then releases
 * everything, frees the loop and checks that every destructor ran once.
 *
 * THE MODEL.  For every promise the harness records what decides its fate,
 * applying the spec's rules itself as the program runs: the first call of a
 * resolving function wins (the harness predicts every return code: 0 for the
 * first call, VOW_EALREADY after); resolving with a promise follows it,
 * with itself rejects with a TypeError (VOW_ESELF), with a thenable follows
 * the thenable's first effective call (a throw after a call is ignored);
 * then / catch / finally / Promise.try derive their fate from the parent's
 * and the handler's behaviour; combinators from their inputs.  After the
 * loop drains, each promise's expected final state and value are computed
 * from these records alone and compared with vow_promise_state/result.
 *
 * Job ORDER is not simulated.  Where first-settled semantics matter (race,
 * any's fulfillment, all's rejection) the harness uses the settlement order
 * it observes: each observed promise gets an observer reaction when it is
 * created, and as reactions of one promise are queued together when it
 * settles and the microtask queue is FIFO, observers run in settlement order,
 * as do the combinators' own reactions.  Inputs already settled when the
 * combinator was created come first, in input order.  When an input that
 * matters was not observed (observers mark a promise handled, so some are
 * left unobserved for the rejection tracker), the check weakens to "the
 * result is that of SOME input that could have won".
 *
 * Promise reference cycles (p resolved with q while q waits on p, directly or
 * through then/finally/combinators) are never collected by vow: everything
 * on the cycle stays pending and leaks, where JavaScript's GC would collect
 * it.  The generator avoids them: before an adoption that would close a
 * cycle in the graph of "x waits on y" edges (then/finally/combinators on
 * their inputs, adoption on the adopted) it resolves with a plain value
 * instead (see `closes_cycle`); that also keeps the model's recursion
 * finite.  Set VOW_FUZZ_ALLOW_CYCLES=1 in the environment to
 * turn the guard off and see the leak.
 *
 * POOL MODE.  An input that begins with the two bytes "PL" (POOL_MAGIC) runs
 * on a vow_pool instead: the third byte is the pool's configuration (bits
 * 0-1: workers - 1, bits 2-7: the fairness interval, 0 for the default),
 * the rest is the same bytecode.  Ops are issued from the
 * fuzzing thread; timers become ops run by a side thread (a plain thread
 * outside the pool), microtasks become vow_spawn tasks or reactions on a
 * slot's settlement, so ops also run on workers (see `op_defer`).  Handlers,
 * thenables and destructors run on workers.  All harness bookkeeping is
 * guarded by one lock (see `harness_lock`); the resolving calls are made
 * without it, so settles from two threads really race in the library.  The
 * pool promises no job order, so the checks that rest on order are weakened
 * (first-settled winners: "some input in that state") or skipped (a
 * combinator never settling synchronously); every other final state and
 * value is checked as on the loop.  The run ends when the model's checks
 * pass (`pool_wait_quiescent` polls them, with a deadline); then every
 * reference is released while the pool still runs, so that each rejected
 * promise never handled is reported (VOW_TRACK_AT_DESTROY) through the
 * callback, and the pool is freed.  VOW_FUZZ_MODE=pool or =loop in the
 * environment runs every input in that mode.
 *
 * Any violated invariant prints a message and calls abort().
 *
 * Built two ways: with -fsanitize=fuzzer (libFuzzer supplies main), or with
 * FUZZ_REPLAY defined, where main() replays the files and directories given
 * on the command line (the ctest regression test over tests/fuzz/corpus).
 */
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <vow/vow.h>

#define MAX_SLOTS 48     /* promises the program may name */
#define MAX_OPS 96       /* top-level ops */
#define MAX_DEFER 48     /* timers + microtasks + kept-resolver timers */
#define MAX_THENABLES 48
#define MAX_HCTX 128     /* handler contexts, observers included */
#define MAX_COMB 16
#define MAX_IN 6         /* inputs per combinator */
#define MAX_SUBOP 12     /* bytes of an op deferred to a timer or microtask */
#define MAX_NEST 3       /* thenables resolving with thenables */

/* ---- failure ------------------------------------------------------------------ */

/*
 * Set on the fuzzing thread while pool mode asks whether the run is over
 * (pool_probe): a failed check then means "not yet" and jumps back.
 */
static _Thread_local jmp_buf *probe_jmp;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;

	if (probe_jmp != NULL)
		longjmp(*probe_jmp, 1);
	fprintf(stderr, "fuzz_promise: invariant violated: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define CHECK(cond, ...)                         \
	do {                                     \
		if (!(cond))                     \
			fail(__VA_ARGS__);       \
	} while (0)

/* ---- the harness lock --------------------------------------------------------------- */

/*
 * In pool mode harness code runs on the fuzzing thread, on every worker
 * (handlers, observers, thenables, deferred ops, destructors, rejection
 * events) and on the side thread at once.  Everything in F is guarded by
 * harness_mu, taken at every entry into the harness (harness_lock_any).  It
 * is recursive per thread through harness_depth, because vow calls back
 * synchronously from inside calls the harness makes while holding it
 * (executor functions, Promise.try, destructors and rejection events on a
 * release).  The resolving calls alone are made without it
 * (harness_unlock_around_any), and only at depth 1, where no caller up the
 * stack is halfway through an update of F: so two threads' settles of one
 * promise really race inside the library.  In loop mode one thread runs
 * everything and the lock is never contended.  It ranks below nothing of
 * vow's: vow never calls into the harness while holding a lock of its own
 * that a harness thread could wait for.
 */
static pthread_mutex_t harness_mu = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int harness_depth; /* this thread's holds of harness_mu */
static _Thread_local int op_depth;      /* this thread is inside exec_op */

static void harness_lock_any(void)
{
	if (harness_depth++ == 0)
		pthread_mutex_lock(&harness_mu);
}

static void harness_unlock_any(void)
{
	if (--harness_depth == 0)
		pthread_mutex_unlock(&harness_mu);
}

/* Drop the lock for one library call if this thread holds it exactly once. */
static int harness_unlock_around_any(void)
{
	int depth = harness_depth;

	if (depth == 1) {
		harness_depth = 0;
		pthread_mutex_unlock(&harness_mu);
	}
	return depth;
}

static void harness_relock_any(int depth)
{
	if (depth == 1) {
		pthread_mutex_lock(&harness_mu);
		harness_depth = 1;
	}
}

/* ---- the model's vocabulary ------------------------------------------------------ */

/* An expected value. */
enum leaf_kind {
	L_ANY = 0,  /* not checked */
	L_INT,      /* vow_int(n) */
	L_ERR,      /* vow_error(n, ...) */
	L_PTR,      /* a promise value, by identity */
	L_TYPEERR,  /* a TypeError with code n */
	L_BITS,     /* exactly this value (kind and payload bits) */
};

struct leaf {
	enum leaf_kind kind;
	int64_t n;
	vow_value bits; /* L_PTR (as.promise) and L_BITS; not a reference */
};

/* What decides a promise's fate (or a handler's outcome). */
enum fate_kind {
	F_NONE = 0,  /* nothing yet: pending */
	F_FULFILL,   /* leaf */
	F_REJECT,    /* leaf */
	F_FOLLOW,    /* slot ref */
	F_THENABLE,  /* thenable ref */
	F_THEN,      /* hctx ref: then/catch derived */
	F_FINALLY,   /* hctx ref: finally derived */
	F_COMB,      /* comb ref */
	F_PASS,      /* finally handler returned a plain value: parent's outcome */
};

struct fate {
	enum fate_kind kind;
	struct leaf v;
	int ref;
};

/* Handler behaviours (one byte each; `% BEH_COUNT`). */
enum beh {
	BEH_NULL = 0,     /* no handler: pass through */
	BEH_RET_INT,
	BEH_RET_PROMISE,  /* return slot a */
	BEH_THROW,
	BEH_INVALID,      /* the zero outcome */
	BEH_RET_THENABLE, /* return a thenable with script a */
	BEH_RET_SELF,     /* return the derived promise itself */
	BEH_RET_ERR,      /* return an error value (fulfills with it) */
	BEH_COUNT
};

enum hkind { H_OBSERVER, H_THEN, H_FINALLY };

struct hctx {
	enum hkind kind;
	int slot;        /* the derived promise (observer: the observed one) */
	int parent;
	uint8_t beh[2];  /* [0] on fulfilled, [1] on rejected; finally: [0] */
	uint8_t a[2], b[2];
	int ran;         /* handler calls */
	int dtor;        /* destructor calls */
	int which;       /* 0 fulfilled handler ran, 1 rejected handler ran */
	vow_value arg;   /* bits of the argument (not a reference) */
	struct fate out; /* the handler's outcome, as the model reads it */
	uint64_t seq;    /* observer: when it ran */
};

/* Thenable scripts (`% TS_COUNT`). */
enum tscript {
	TS_RESOLVE = 0,
	TS_REJECT,
	TS_RESOLVE_REJECT,   /* calls both callbacks */
	TS_RESOLVE_TWICE,
	TS_RESOLVE_THROW,    /* throws after resolving */
	TS_THROW,
	TS_NEVER,            /* never calls back */
	TS_KEEP,             /* keeps the resolver; a timer settles it */
	TS_NESTED,           /* resolves with another thenable */
	TS_PROMISE,          /* resolves with a promise slot */
	TS_INVALID,          /* returns the zero outcome */
	TS_REJECT_RESOLVE,
	TS_COUNT
};

struct thenable {
	uint8_t script, a, b;
	int depth;
	int owner;       /* the slot whose fate hangs on this thenable (-1: none) */
	int then_calls;
	int released;
	bool used;       /* the model's [[AlreadyResolved]] of its resolver pair */
	struct fate fate;
};

enum comb_kind { C_ALL, C_ALL_SETTLED, C_RACE, C_ANY };

struct comb {
	enum comb_kind kind;
	int n;
	int in[MAX_IN];          /* slot, or -1 for an immediate */
	struct leaf imm[MAX_IN];
	vow_state at_create[MAX_IN];
	int slot;
};

struct slot {
	vow_promise *p;
	vow_resolver *r;     /* kept resolver, or NULL */
	bool live;           /* we hold p (not released early) */
	bool resolved;       /* the model's [[AlreadyResolved]] for r */
	bool observed;
	int observer;        /* hctx index, or -1 */
	struct fate fate;
	uint64_t deps;       /* slots whose settling may settle this one */
	/* last seen state, for the "settles once, never changes" check */
	vow_state seen;
	vow_value seen_bits;
	/* rejection events */
	int unhandled_events, handled_events;
	/*
	 * Pool: VOW_EALREADY answers seen before the winning call recorded
	 * itself (it runs on another thread); at the end some call must have won.
	 */
	int already_early;
	bool at_teardown;      /* pool: held until teardown, events attributed */
	int expect_unhandled;  /* pool: events due at teardown: 0, 1, -1 unknown */
	/* model evaluation */
	int eval_mark;       /* 0 not done, 1 in progress, 2 done */
	vow_state m_state;
	struct leaf m_leaf;
};

enum defer_kind { D_TIMER, D_MICROTASK, D_KEPT_PAIR };

/*
 * Where a deferred op runs: on the loop a timer or microtask; on the pool a
 * timer or kept pair goes to the side thread, a microtask is a vow_spawn
 * task or (parent >= 0) a reaction on the parent slot's settlement.
 */
struct defer {
	enum defer_kind kind;
	const uint8_t *code;
	size_t len;
	vow_timer_id id;
	int fired;
	bool cleared;
	bool taken;          /* pool: the side thread took it (no longer clearable) */
	int parent;          /* pool microtask as a reaction: the slot, else -1 */
	int dtor;            /* pool microtask as a reaction: context destructor calls */
	int thenable;        /* D_KEPT_PAIR */
	vow_resolver *pair;  /* D_KEPT_PAIR: the kept resolver */
	uint8_t how;         /* D_KEPT_PAIR: 0 resolve, 1 reject */
};

#define POOL_MAGIC0 'P'  /* "PL" + a configuration byte: pool mode */
#define POOL_MAGIC1 'L'
#define POOL_WAIT_MS 10000 /* pool mode: the run must end within this */

static struct fz {
	vow_loop *loop;
	vow_pool *pool;      /* pool mode; then loop is NULL */
	vow_executor *ex;
	bool run_over;       /* pool: the model's checks passed; no op runs any more */
	bool teardown;       /* pool: our references are being released */
	int calls_in_flight; /* resolving calls made without the lock (resolving_call) */
	/* pool: the side thread and its queue of deferred ops (indices into d) */
	pthread_t side;
	bool side_started, side_stop;
	int side_q[MAX_DEFER];
	int side_head, side_tail;
	struct slot s[MAX_SLOTS];
	int nslots;
	struct hctx h[MAX_HCTX];
	int nh;
	struct thenable t[MAX_THENABLES];
	int nt;
	struct comb c[MAX_COMB];
	int nc;
	struct defer d[MAX_DEFER];
	int nd;
	int64_t next_id;     /* fresh values: every produced value is distinct */
	uint64_t seq;        /* observer clock */
	int other_events;
	bool allow_cycles;
	bool in_loop;
	bool trace;          /* VOW_FUZZ_TRACE set: print ops and the model */
} F;

/* ---- input reading --------------------------------------------------------------- */

struct rd {
	const uint8_t *p;
	size_t n, i;
};

static uint8_t u8(struct rd *r)
{
	return r->i < r->n ? r->p[r->i++] : 0;
}

/* ---- helpers ------------------------------------------------------------------------ */

static int64_t fresh(void)
{
	return ++F.next_id;
}

static struct leaf leaf_int(int64_t n)
{
	struct leaf l = {L_INT, n, {VOW_UNDEFINED, {.i = 0}}};
	return l;
}

static struct leaf leaf_of_kind(enum leaf_kind k, int64_t n)
{
	struct leaf l = {k, n, {VOW_UNDEFINED, {.i = 0}}};
	return l;
}

static struct fate fate_leaf(enum fate_kind k, struct leaf l)
{
	struct fate f = {k, l, -1};
	return f;
}

static struct fate fate_ref(enum fate_kind k, int ref)
{
	struct fate f = {k, leaf_of_kind(L_ANY, 0), ref};
	return f;
}

static bool same_bits(vow_value a, vow_value b)
{
	return a.kind == b.kind && a.as.i == b.as.i;
}

static bool leaf_match(vow_value v, const struct leaf *l)
{
	switch (l->kind) {
	case L_ANY:
		return true;
	case L_INT:
		return v.kind == VOW_INT && v.as.i == l->n;
	case L_ERR:
		return v.kind == VOW_ERROR && vow_error_code(v) == l->n;
	case L_PTR:
		return v.kind == VOW_PROMISE && v.as.promise == l->bits.as.promise;
	case L_TYPEERR:
		return v.kind == VOW_ERROR && vow_error_code(v) == l->n &&
		       strcmp(vow_error_name(v), "TypeError") == 0;
	case L_BITS:
		return same_bits(v, l->bits);
	}
	return false;
}

static const char *state_name(vow_state s)
{
	return s == VOW_PENDING ? "pending" : s == VOW_FULFILLED ? "fulfilled"
	       : s == VOW_REJECTED ? "rejected" : "unknown";
}

/*
 * A live slot from a byte, or -1 if there is none.  None once a pool run is
 * over: a handler or thenable that runs that late (only below a race whose
 * winner the model does not know) must not change what the model found.
 */
static int pick_slot(uint8_t b)
{
	if (F.nslots == 0 || F.run_over)
		return -1;
	for (int k = 0; k < F.nslots; k++) {
		int i = (b + k) % F.nslots;

		if (F.s[i].live)
			return i;
	}
	return -1;
}

/*
 * The pool: a slot whose resolver is kept, from a byte, released or not (a
 * released promise lives on through its resolver: settling it runs its
 * reactions with nobody else holding it); -1 if none, or the run is over.
 */
static int pick_resolver_slot(uint8_t b)
{
	if (F.nslots == 0 || F.run_over)
		return -1;
	for (int k = 0; k < F.nslots; k++) {
		int i = (b + k) % F.nslots;

		if (F.s[i].r != NULL)
			return i;
	}
	return -1;
}

static int slot_of(const vow_promise *p)
{
	for (int i = 0; i < F.nslots; i++)
		if (F.s[i].live && F.s[i].p == p)
			return i;
	return -1;
}

/*
 * Settled states never change: check every live slot against what was seen
 * last time, and remember what is seen now.  Called at every step.
 */
static void check_monotonic(void)
{
	for (int i = 0; i < F.nslots; i++) {
		struct slot *s = &F.s[i];
		vow_value before;
		vow_state st;

		if (!s->live || s->p == NULL)
			continue;
		/* the result first: on the pool p may settle between the two reads */
		before = vow_promise_result(s->p);
		st = vow_promise_state(s->p);
		if (s->seen != VOW_PENDING) {
			CHECK(st == s->seen, "slot %d went from %s to %s", i,
			      state_name(s->seen), state_name(st));
			CHECK(same_bits(vow_promise_result(s->p), s->seen_bits),
			      "slot %d changed its result after settling", i);
		} else if (st != VOW_PENDING) {
			s->seen = st;
			s->seen_bits = vow_promise_result(s->p);
		} else {
			CHECK(before.kind == VOW_UNDEFINED, "slot %d is pending but has a result", i);
		}
	}
}

/*
 * Would making slot x wait on slot y close a cycle?  Every dependency counts,
 * even on promises that have settled since: a settled promise breaks the
 * reference cycle in vow, but the model evaluates fates recursively and
 * needs the dependency graph acyclic.
 */
static bool reaches(int from, int to, uint64_t *visited)
{
	struct slot *s;

	if (from == to)
		return true;
	if (*visited & (1ull << from))
		return false;
	*visited |= 1ull << from;
	s = &F.s[from];
	for (int k = 0; k < F.nslots; k++)
		if ((s->deps & (1ull << k)) && reaches(k, to, visited))
			return true;
	return false;
}

static bool closes_cycle(int x, int y)
{
	uint64_t visited = 0;

	if (F.allow_cycles || x < 0 || y < 0)
		return false;
	return reaches(y, x, &visited);
}

static void add_dep(int x, int y)
{
	if (x >= 0 && y >= 0)
		F.s[x].deps |= 1ull << y;
}

/* ---- thenables ------------------------------------------------------------------------ */

static const vow_thenable_ops thenable_ops;

static int thenable_new(uint8_t script, uint8_t a, uint8_t b, int depth, int owner)
{
	struct thenable *t;

	if (F.nt == MAX_THENABLES || depth > MAX_NEST)
		return -1;
	t = &F.t[F.nt];
	memset(t, 0, sizeof *t);
	t->script = script % TS_COUNT;
	t->a = a;
	t->b = b;
	t->depth = depth;
	t->owner = owner;
	return F.nt++;
}

static vow_value thenable_value(int ti)
{
	return vow_thenable(&thenable_ops, &F.t[ti]);
}

/*
 * A resolving call, made without the harness lock where that is safe.  The
 * call is counted in F.calls_in_flight meanwhile: until its caller has
 * recorded what it did, the model may look complete without it, so the
 * pool's run is not over (pool_probe).
 */
static int resolving_call(vow_resolver *r, bool reject, vow_value v)
{
	int depth, rc;

	F.calls_in_flight++;
	depth = harness_unlock_around_any();
	rc = reject ? vow_resolver_reject(r, v) : vow_resolver_resolve(r, v);
	harness_relock_any(depth);
	F.calls_in_flight--;
	return rc;
}

/*
 * Settle a thenable's resolver pair as its script says, predicting the
 * return code: the pair's first call wins.  One thread at a time calls a
 * given pair (then() itself, or the deferred op of a kept pair after then()
 * handed it over), so the rule is checked at once, in both modes.
 */
static void pair_call(struct thenable *t, vow_resolver *r, bool reject, vow_value v,
		      struct fate f)
{
	int rc = resolving_call(r, reject, v);

	if (t->used) {
		CHECK(rc == VOW_EALREADY, "thenable resolver: second call returned %d", rc);
		return;
	}
	CHECK(rc == 0, "thenable resolver: first call returned %d", rc);
	t->used = true;
	t->fate = f;
}

static void pair_resolve_int(struct thenable *t, vow_resolver *r)
{
	int64_t n = fresh();

	pair_call(t, r, false, vow_int(n), fate_leaf(F_FULFILL, leaf_int(n)));
}

static void pair_reject_int(struct thenable *t, vow_resolver *r)
{
	int64_t n = fresh();

	pair_call(t, r, true, vow_int(n), fate_leaf(F_REJECT, leaf_int(n)));
}

static int defer_new(enum defer_kind kind)
{
	struct defer *d;

	if (F.nd == MAX_DEFER)
		return -1;
	d = &F.d[F.nd];
	memset(d, 0, sizeof *d);
	d->kind = kind;
	d->thenable = -1;
	d->parent = -1;
	return F.nd++;
}

static void timer_fired(void *ctx);
static void side_queue(int di);

/*
 * Checks every job of the harness makes on entry: it runs as a job of F.ex
 * (on the loop: after the first macrotask; on the pool: on a worker), and
 * not inside an op of this thread (never synchronously).
 */
static void check_in_job(const char *what, int i)
{
	if (F.pool != NULL)
		CHECK(vow_executor_current() == F.ex, "%s %d: ran outside the pool's workers", what, i);
	CHECK(op_depth == 0, "%s %d: ran synchronously inside an op", what, i);
}

static vow_outcome thenable_then_locked(struct thenable *t, vow_resolver *r)
{
	int ti = (int)(t - F.t);
	vow_outcome zero = {0, vow_undefined()};
	int k, di, nested;

	check_monotonic();
	t->then_calls++;
	CHECK(t->then_calls == 1, "thenable %d: then() called %d times", ti, t->then_calls);
	CHECK(F.in_loop || F.pool != NULL, "thenable %d: then() called synchronously", ti);
	check_in_job("thenable then()", ti);
	CHECK(vow_resolver_promise(r) != NULL, "thenable %d: resolver has no promise", ti);
	switch ((enum tscript)t->script) {
	case TS_RESOLVE:
		pair_resolve_int(t, r);
		break;
	case TS_REJECT:
		pair_reject_int(t, r);
		break;
	case TS_RESOLVE_REJECT:
		pair_resolve_int(t, r);
		pair_reject_int(t, r);
		break;
	case TS_RESOLVE_TWICE:
		pair_resolve_int(t, r);
		pair_resolve_int(t, r);
		break;
	case TS_RESOLVE_THROW:
		pair_resolve_int(t, r);
		return vow_throw(vow_int(fresh())); /* ignored: resolve came first */
	case TS_THROW: {
		int64_t n = fresh();

		CHECK(!t->used, "thenable %d: fresh pair already used", ti);
		t->used = true; /* the throw rejects through the pair */
		t->fate = fate_leaf(F_REJECT, leaf_int(n));
		return vow_throw(vow_int(n));
	}
	case TS_NEVER:
		break;
	case TS_KEEP:
		/* late on the pool (see defer_run): settled at once */
		di = F.run_over ? -1 : defer_new(D_KEPT_PAIR);
		if (di < 0) {
			pair_resolve_int(t, r);
			break;
		}
		F.d[di].thenable = ti;
		F.d[di].pair = vow_resolver_dup(r);
		F.d[di].how = t->b & 1;
		if (F.pool != NULL) {
			side_queue(di);
			break;
		}
		F.d[di].id = vow_loop_set_timeout(F.loop, timer_fired, &F.d[di], NULL, t->a % 20);
		CHECK(F.d[di].id != 0, "set_timeout failed");
		break;
	case TS_NESTED:
		nested = thenable_new(t->a, t->b, (uint8_t)(t->a + t->b), t->depth + 1, t->owner);
		if (nested < 0) {
			pair_resolve_int(t, r);
			break;
		}
		pair_call(t, r, false, thenable_value(nested), fate_ref(F_THENABLE, nested));
		break;
	case TS_PROMISE:
		k = pick_slot(t->a);
		if (k < 0 || k == t->owner || closes_cycle(t->owner, k)) {
			pair_resolve_int(t, r);
			break;
		}
		if (!t->used)
			add_dep(t->owner, k);
		pair_call(t, r, false, vow_value_promise(vow_promise_dup(F.s[k].p)),
			  fate_ref(F_FOLLOW, k));
		break;
	case TS_INVALID:
		CHECK(!t->used, "thenable %d: fresh pair already used", ti);
		t->used = true;
		t->fate = fate_leaf(F_REJECT, leaf_of_kind(L_TYPEERR, VOW_EBADOUTCOME));
		return zero;
	case TS_REJECT_RESOLVE:
		pair_reject_int(t, r);
		pair_resolve_int(t, r);
		break;
	case TS_COUNT:
		break;
	}
	check_monotonic();
	return vow_return(vow_undefined());
}

static vow_outcome thenable_then(void *self, vow_resolver *r)
{
	vow_outcome o;

	harness_lock_any();
	o = thenable_then_locked(self, r);
	harness_unlock_any();
	return o;
}

static void thenable_release(void *self)
{
	harness_lock_any();
	((struct thenable *)self)->released++;
	harness_unlock_any();
}

static const vow_thenable_ops thenable_ops = {.then = thenable_then, .release = thenable_release};

/* ---- slots, observers ---------------------------------------------------------------- */

static vow_outcome observe(struct hctx *h, int which, vow_value v)
{
	struct slot *s = &F.s[h->slot];

	check_monotonic();
	h->ran++;
	CHECK(h->ran == 1, "observer of slot %d ran %d times", h->slot, h->ran);
	CHECK(h->dtor == 0, "observer of slot %d ran after its destructor", h->slot);
	check_in_job("observer of slot", h->slot);
	h->which = which;
	h->arg = v;
	h->seq = ++F.seq;
	if (s->live) {
		vow_state st = vow_promise_state(s->p);

		CHECK(st == (which ? VOW_REJECTED : VOW_FULFILLED),
		      "observer of slot %d: handler %d ran but state is %s", h->slot, which,
		      state_name(st));
		CHECK(same_bits(vow_promise_result(s->p), v),
		      "observer of slot %d: argument is not the promise's result", h->slot);
	}
	return vow_return(vow_undefined());
}

static vow_outcome observe_f(void *ctx, vow_value v)
{
	vow_outcome o;

	harness_lock_any();
	o = observe(ctx, 0, v);
	harness_unlock_any();
	return o;
}

static vow_outcome observe_r(void *ctx, vow_value v)
{
	vow_outcome o;

	harness_lock_any();
	o = observe(ctx, 1, v);
	harness_unlock_any();
	return o;
}

static void hctx_dtor(void *ctx)
{
	struct hctx *h = ctx;

	harness_lock_any();
	h->dtor++;
	CHECK(h->dtor == 1, "handler context (slot %d) destroyed %d times", h->slot, h->dtor);
	harness_unlock_any();
}

static int hctx_new(enum hkind kind, int slot, int parent)
{
	struct hctx *h;

	if (F.nh == MAX_HCTX)
		return -1;
	h = &F.h[F.nh];
	memset(h, 0, sizeof *h);
	h->kind = kind;
	h->slot = slot;
	h->parent = parent;
	h->which = -1;
	return F.nh++;
}

/* Reserve a slot (p set later); -1 if full. */
static int slot_reserve(void)
{
	struct slot *s;

	/* room for the slot's handler context and its observer */
	if (F.nslots == MAX_SLOTS || F.nh + 2 > MAX_HCTX)
		return -1;
	s = &F.s[F.nslots];
	memset(s, 0, sizeof *s);
	s->observer = -1;
	return F.nslots++;
}

/* The slot now holds p (a reference we own); attach an observer if asked. */
static void slot_set(int i, vow_promise *p, uint8_t obs)
{
	struct slot *s = &F.s[i];

	CHECK(p != NULL, "slot %d: creation failed: %s", i, vow_strerror(vow_last_error()));
	s->p = p;
	s->live = true;
	s->observed = (obs & 3) != 0;
	if (s->observed) {
		int hi = hctx_new(H_OBSERVER, i, i);
		vow_promise *d;

		CHECK(hi >= 0, "no room for an observer");
		s->observer = hi;
		d = vow_promise_then(p, observe_f, observe_r, &F.h[hi], hctx_dtor);
		CHECK(d != NULL, "then() for an observer failed");
		vow_promise_release(d);
	}
}

/* ---- values the program produces ----------------------------------------------------------- */

/* A fresh int or error value and its leaf. */
static vow_value plain_value(uint8_t kind, struct leaf *l)
{
	int64_t n = fresh();

	if (kind & 1) {
		*l = leaf_of_kind(L_ERR, n);
		return vow_error((int)n, "e%d", (int)n);
	}
	*l = leaf_int(n);
	return vow_int(n);
}

/*
 * A rejection reason: int, error, or a promise that is already settled (a
 * pending promise as a reason could close a reference cycle).
 */
static vow_value reason_value(uint8_t kind, uint8_t a, struct leaf *l)
{
	if (kind % 3 == 2) {
		int k = pick_slot(a);

		if (k >= 0 && vow_promise_state(F.s[k].p) != VOW_PENDING) {
			*l = leaf_of_kind(L_PTR, 0);
			l->bits = vow_value_promise(F.s[k].p);
			return vow_value_promise(vow_promise_dup(F.s[k].p));
		}
	}
	return plain_value(kind, l);
}

/*
 * The resolution value for slot x (its resolver, an executor or Promise.try):
 * plain, a promise (maybe x itself), or a thenable.  *f gets the fate it
 * gives x if it is the first resolution.
 */
static vow_value resolution_value(int x, uint8_t kind, uint8_t a, uint8_t b, struct fate *f,
				  bool may_follow)
{
	struct leaf l;
	int k, ti;

	switch (kind % 5) {
	case 2: /* a promise slot */
		k = pick_slot(a);
		if (k < 0 || !may_follow)
			break;
		if (k == x) {
			*f = fate_leaf(F_REJECT, leaf_of_kind(L_TYPEERR, VOW_ESELF));
			return vow_value_promise(vow_promise_dup(F.s[k].p));
		}
		if (closes_cycle(x, k))
			break;
		*f = fate_ref(F_FOLLOW, k);
		return vow_value_promise(vow_promise_dup(F.s[k].p));
	case 3: /* a thenable */
		ti = thenable_new(a, b, (uint8_t)(a ^ b), 0, x);
		if (ti < 0)
			break;
		*f = fate_ref(F_THENABLE, ti);
		return thenable_value(ti);
	case 4: /* itself */
		if (x < 0 || !may_follow || F.s[x].p == NULL)
			break;
		*f = fate_leaf(F_REJECT, leaf_of_kind(L_TYPEERR, VOW_ESELF));
		return vow_value_promise(vow_promise_dup(F.s[x].p));
	default:
		break;
	}
	{
		vow_value v = plain_value(kind, &l);

		*f = fate_leaf(F_FULFILL, l);
		return v;
	}
}

/*
 * Resolve or reject slot x through resolver r, predicting the return code.
 * On the pool another thread may be resolving x at the same time (the call
 * is made without the harness lock): a call that returns 0 must be the only
 * one, and a VOW_EALREADY that comes before the winner has recorded itself
 * is counted and settled at the end (check_all: some call won).  The edge
 * x -> followed slot is added before the call there, so that no other
 * thread closes a cycle through it meanwhile (kept if the call loses: the
 * graph only guards against cycles, an extra edge only forbids more).
 */
static void slot_settle(int x, vow_resolver *r, bool reject, uint8_t kind, uint8_t a, uint8_t b)
{
	struct slot *s = &F.s[x];
	uint64_t deps_before = s->deps;
	struct fate f;
	vow_value v;
	int rc;

	if (reject) {
		struct leaf l;

		v = reason_value(kind, a, &l);
		f = fate_leaf(F_REJECT, l);
	} else {
		/* An already-resolved slot may take any promise: it is ignored. */
		v = resolution_value(x, kind, a, b, &f, true);
	}
	if (f.kind == F_FOLLOW)
		add_dep(x, f.ref);
	rc = resolving_call(r, reject, v);
	if (rc == VOW_EALREADY && (s->resolved || F.pool != NULL)) {
		if (!s->resolved)
			s->already_early++;
		if (f.kind == F_THENABLE)
			F.t[f.ref].owner = -1; /* dropped unused */
		if (F.pool == NULL)
			s->deps = deps_before;
		return;
	}
	CHECK(!s->resolved, "slot %d: second resolution returned %d", x, rc);
	CHECK(rc == 0, "slot %d: first resolution returned %d (%s)", x, rc, vow_strerror(rc));
	s->resolved = true;
	s->fate = f;
}

/* ---- executor functions and Promise.try ------------------------------------------------------- */

struct exec_ctx {
	int slot;
	uint8_t script, a, b;
};

static vow_outcome exec_fn_locked(void *ctx, vow_resolver *r)
{
	struct exec_ctx *e = ctx;
	struct slot *s = &F.s[e->slot];
	vow_outcome zero = {0, vow_undefined()};
	int64_t n;

	s->p = vow_resolver_promise(r); /* borrowed until vow_promise_new returns */
	CHECK(s->p != NULL && vow_promise_state(s->p) == VOW_PENDING,
	      "executor: the new promise is not pending");
	switch (e->script % 8) {
	case 0: /* keep the resolver */
		s->r = vow_resolver_dup(r);
		break;
	case 1:
		slot_settle(e->slot, r, false, e->a, e->b, (uint8_t)(e->a + 1));
		break;
	case 2:
		slot_settle(e->slot, r, true, e->a, e->b, 0);
		break;
	case 3: /* throw */
		n = fresh();
		s->resolved = true;
		s->fate = fate_leaf(F_REJECT, leaf_int(n));
		return vow_throw(vow_int(n));
	case 4: /* resolve, then throw: the throw is ignored */
		slot_settle(e->slot, r, false, 0, e->b, 0);
		return vow_throw(vow_int(fresh()));
	case 5: /* invalid outcome */
		s->resolved = true;
		s->fate = fate_leaf(F_REJECT, leaf_of_kind(L_TYPEERR, VOW_EBADOUTCOME));
		return zero;
	case 6: /* resolve, then reject */
		slot_settle(e->slot, r, false, e->a, e->b, 0);
		slot_settle(e->slot, r, true, e->b, e->a, 0);
		break;
	case 7: /* keep it and resolve now */
		s->r = vow_resolver_dup(r);
		slot_settle(e->slot, r, false, e->a, e->b, e->a);
		break;
	}
	return vow_return(vow_undefined());
}

/* Runs synchronously inside vow_promise_new: the op holds the lock already. */
static vow_outcome exec_fn(void *ctx, vow_resolver *r)
{
	vow_outcome o;

	harness_lock_any();
	o = exec_fn_locked(ctx, r);
	harness_unlock_any();
	return o;
}

struct try_ctx {
	int slot;
	uint8_t beh, a, b;
};

/* The thunk of Promise.try: like a then handler with no argument. */
static vow_outcome try_fn_locked(void *ctx)
{
	struct try_ctx *c = ctx;
	struct slot *s = &F.s[c->slot];
	vow_outcome zero = {0, vow_undefined()};
	struct leaf l;
	vow_value v;
	int k, ti;

	s->resolved = true;
	switch (c->beh % 5) {
	case 0:
		v = plain_value(c->a, &l);
		s->fate = fate_leaf(F_FULFILL, l);
		return vow_return(v);
	case 1:
		v = plain_value(c->a, &l);
		s->fate = fate_leaf(F_REJECT, l);
		return vow_throw(v);
	case 2:
		s->fate = fate_leaf(F_REJECT, leaf_of_kind(L_TYPEERR, VOW_EBADOUTCOME));
		return zero;
	case 3: /* a promise: a new promise cannot close a cycle */
		k = pick_slot(c->a);
		if (k < 0)
			break;
		s->fate = fate_ref(F_FOLLOW, k);
		add_dep(c->slot, k);
		return vow_return(vow_value_promise(vow_promise_dup(F.s[k].p)));
	case 4:
		ti = thenable_new(c->a, c->b, 7, 0, c->slot);
		if (ti < 0)
			break;
		s->fate = fate_ref(F_THENABLE, ti);
		return vow_return(thenable_value(ti));
	}
	s->fate = fate_leaf(F_FULFILL, leaf_of_kind(L_INT, 0));
	return vow_return(vow_int(0));
}

static vow_outcome try_fn(void *ctx)
{
	vow_outcome o;

	harness_lock_any();
	o = try_fn_locked(ctx);
	harness_unlock_any();
	return o;
}

/* ---- then / catch / finally handlers --------------------------------------------------------------- */

/* Run behaviour beh for the derived slot d; records the model's outcome. */
static vow_outcome behave(struct hctx *h, int i)
{
	vow_outcome zero = {0, vow_undefined()};
	int d = h->slot;
	struct leaf l;
	vow_value v;
	int k, ti;

	switch ((enum beh)(h->beh[i] % BEH_COUNT)) {
	case BEH_RET_PROMISE:
		k = pick_slot(h->a[i]);
		/* finally's derived waits on what its handler returns: no self */
		if (k < 0 || (k == d && h->kind == H_FINALLY) || (k != d && closes_cycle(d, k)))
			break;
		if (k == d) {
			h->out = fate_leaf(F_REJECT, leaf_of_kind(L_TYPEERR, VOW_ESELF));
		} else {
			h->out = fate_ref(F_FOLLOW, k);
			add_dep(d, k);
		}
		return vow_return(vow_value_promise(vow_promise_dup(F.s[k].p)));
	case BEH_THROW:
		v = reason_value(h->a[i], h->b[i], &l);
		h->out = fate_leaf(F_REJECT, l);
		return vow_throw(v);
	case BEH_INVALID:
		h->out = fate_leaf(F_REJECT, leaf_of_kind(L_TYPEERR, VOW_EBADOUTCOME));
		return zero;
	case BEH_RET_THENABLE:
		ti = thenable_new(h->a[i], h->b[i], (uint8_t)(h->a[i] * 3), 0, d);
		if (ti < 0)
			break;
		h->out = fate_ref(F_THENABLE, ti);
		return vow_return(thenable_value(ti));
	case BEH_RET_SELF:
		if (!F.s[d].live || h->kind == H_FINALLY)
			break;
		h->out = fate_leaf(F_REJECT, leaf_of_kind(L_TYPEERR, VOW_ESELF));
		return vow_return(vow_value_promise(vow_promise_dup(F.s[d].p)));
	case BEH_RET_ERR:
		v = plain_value(1, &l);
		h->out = fate_leaf(F_FULFILL, l);
		return vow_return(v);
	case BEH_NULL:
	case BEH_RET_INT:
	case BEH_COUNT:
		break;
	}
	v = plain_value(0, &l);
	h->out = fate_leaf(F_FULFILL, l);
	return vow_return(v);
}

static vow_outcome handler(struct hctx *h, int which, vow_value arg)
{
	vow_outcome o;

	harness_lock_any();
	check_monotonic();
	h->ran++;
	CHECK(h->ran == 1, "handler of slot %d ran %d times", h->slot, h->ran);
	CHECK(h->dtor == 0, "handler of slot %d ran after its destructor", h->slot);
	CHECK((h->beh[which] % BEH_COUNT) != BEH_NULL, "a NULL handler ran");
	check_in_job("handler of slot", h->slot);
	h->which = which;
	h->arg = arg;
	o = behave(h, which);
	harness_unlock_any();
	return o;
}

static vow_outcome handler_f(void *ctx, vow_value v)
{
	return handler(ctx, 0, v);
}

static vow_outcome handler_r(void *ctx, vow_value v)
{
	return handler(ctx, 1, v);
}

/* finally: no argument; a plain return value means "pass the outcome on". */
static vow_outcome finally_fn(void *ctx)
{
	struct hctx *h = ctx;
	vow_outcome o;

	harness_lock_any();
	check_monotonic();
	h->ran++;
	CHECK(h->ran == 1, "finally handler of slot %d ran %d times", h->slot, h->ran);
	CHECK(h->dtor == 0, "finally handler of slot %d ran after its destructor", h->slot);
	check_in_job("finally handler of slot", h->slot);
	h->which = 0;
	o = behave(h, 0);
	if (h->out.kind == F_FULFILL)
		h->out = fate_ref(F_PASS, -1);
	harness_unlock_any();
	return o;
}

/* ---- combinators -------------------------------------------------------------------------------------- */

static void op_comb(struct rd *r)
{
	uint8_t kind = u8(r), n = u8(r) % (MAX_IN + 1);
	vow_value items[MAX_IN];
	struct comb *c;
	vow_promise *p;
	int i;

	if (F.nc == MAX_COMB || (i = slot_reserve()) < 0)
		return;
	c = &F.c[F.nc];
	memset(c, 0, sizeof *c);
	c->kind = (enum comb_kind)(kind % 4);
	c->n = n;
	c->slot = i;
	for (int k = 0; k < n; k++) {
		uint8_t b = u8(r);
		int in = (b & 7) == 7 ? -1 : pick_slot(b >> 3);

		c->in[k] = in;
		if (in < 0) {
			int64_t v = fresh();

			c->imm[k] = leaf_int(v);
			items[k] = vow_int(v);
			c->at_create[k] = VOW_FULFILLED;
		} else {
			items[k] = vow_value_promise(F.s[in].p); /* borrowed by the call */
			c->at_create[k] = vow_promise_state(F.s[in].p);
			add_dep(i, in);
		}
	}
	switch (c->kind) {
	case C_ALL:
		p = vow_promise_all(F.ex, items, n);
		break;
	case C_ALL_SETTLED:
		p = vow_promise_all_settled(F.ex, items, n);
		break;
	case C_RACE:
		p = vow_promise_race(F.ex, items, n);
		break;
	default:
		p = vow_promise_any(F.ex, items, n);
		break;
	}
	F.nc++;
	F.s[i].fate = fate_ref(F_COMB, (int)(c - F.c));
	F.s[i].resolved = true;
	slot_set(i, p, u8(r));
	if (n == 0) {
		vow_state st = vow_promise_state(p);
		vow_state want = c->kind == C_RACE ? VOW_PENDING
				 : c->kind == C_ANY ? VOW_REJECTED : VOW_FULFILLED;

		CHECK(st == want, "combinator %d of nothing is %s right away, want %s", c->kind,
		      state_name(st), state_name(want));
	} else if (F.pool == NULL) {
		/*
		 * Only the loop: the pool runs a combinator's input reactions
		 * on the thread that settles the input, or on this one when
		 * it is settled already, and another thread may settle the
		 * inputs meanwhile.
		 */
		CHECK(vow_promise_state(p) == VOW_PENDING,
		      "combinator settled synchronously with %d inputs", n);
	}
}

/* ---- ops ------------------------------------------------------------------------------------------------- */

enum op {
	OP_WITH_RESOLVERS = 0, /* obs */
	OP_NEW,                /* script a b obs: new Promise(executor) */
	OP_RESOLVED,           /* kind a b obs: Promise.resolve(x) */
	OP_REJECTED,           /* kind a obs: Promise.reject(x) */
	OP_THEN,               /* slot behF aF bF behR aR bR obs */
	OP_CATCH,              /* slot behR aR bR obs */
	OP_FINALLY,            /* slot beh a b obs */
	OP_COMB,               /* kind n item*n obs */
	OP_RESOLVE,            /* slot kind a b: resolve its kept resolver */
	OP_REJECT,             /* slot kind a: reject through its kept resolver */
	OP_TIMER,              /* ms len byte*len: run one op later */
	OP_MICROTASK,          /* len byte*len */
	OP_CLEAR,              /* idx: clearTimeout */
	OP_RELEASE,            /* slot: drop our reference early */
	OP_TRY,                /* beh a b obs: Promise.try */
	OP_COUNT
};

static void exec_op(struct rd *r);

/* For the trace: where an op runs. */
static const char *op_origin(void)
{
	if (F.pool == NULL)
		return F.in_loop ? "deferred" : "script";
	if (vow_executor_current() == F.ex)
		return "worker";
	if (F.side_started && pthread_equal(pthread_self(), F.side))
		return "side thread";
	return "fuzzing thread";
}

static void defer_run(struct defer *d)
{
	struct rd sub = {d->code, d->len, 0};

	check_monotonic();
	d->fired++;
	CHECK(d->fired == 1, "deferred op ran %d times", d->fired);
	CHECK(!d->cleared, "a cleared timer fired");
	if (F.run_over && d->kind != D_KEPT_PAIR) {
		/*
		 * The pool, after the run was found over: only a reaction whose
		 * parent the model could not follow (a released race with an
		 * unknown winner) runs this late.  Its ops would change what
		 * the model found, or make promises nobody releases: they are
		 * skipped.
		 */
		return;
	}
	if (d->kind == D_KEPT_PAIR) {
		struct thenable *t = &F.t[d->thenable];

		if (d->how)
			pair_reject_int(t, d->pair);
		else
			pair_resolve_int(t, d->pair);
		vow_resolver_release(d->pair);
		d->pair = NULL;
	} else {
		while (sub.i < sub.n)
			exec_op(&sub);
	}
	check_monotonic();
}

/* The loop: a timer or microtask callback. */
static void timer_fired(void *ctx)
{
	harness_lock_any();
	defer_run(ctx);
	harness_unlock_any();
}

/* The pool: a microtask as a vow_spawn task, on a worker. */
static vow_outcome defer_spawned(void *ctx)
{
	struct defer *d = ctx;

	harness_lock_any();
	check_in_job("spawned op", (int)(d - F.d));
	defer_run(d);
	harness_unlock_any();
	return vow_return(vow_undefined());
}

/* The pool: a microtask as a reaction to its parent slot's settlement. */
static vow_outcome defer_reaction(void *ctx, vow_value v)
{
	struct defer *d = ctx;

	(void)v;
	harness_lock_any();
	CHECK(d->dtor == 0, "deferred op %d ran after its destructor (it ran %d times before)",
	      (int)(d - F.d), d->fired);
	check_in_job("reaction op", (int)(d - F.d));
	defer_run(d);
	harness_unlock_any();
	return vow_return(vow_undefined());
}

static void defer_dtor(void *ctx)
{
	struct defer *d = ctx;

	harness_lock_any();
	d->dtor++;
	CHECK(d->dtor == 1, "deferred op %d: context destroyed %d times", (int)(d - F.d), d->dtor);
	harness_unlock_any();
}

/*
 * The pool's side thread: a plain thread outside the pool that runs the
 * deferred ops of timers and kept thenable pairs, in the order they were
 * queued, as soon as it takes them.  Its settles reach the pool through the
 * injection queue, like the fuzzing thread's, but at times of their own.
 */
static pthread_cond_t side_cv = PTHREAD_COND_INITIALIZER;

static void *side_main(void *arg)
{
	(void)arg;
	harness_lock_any();
	for (;;) {
		struct defer *d;

		while (F.side_head == F.side_tail && !F.side_stop)
			pthread_cond_wait(&side_cv, &harness_mu);
		if (F.side_head == F.side_tail)
			break;
		d = &F.d[F.side_q[F.side_head++]];
		if (d->cleared)
			continue;
		d->taken = true;
		defer_run(d);
	}
	harness_unlock_any();
	return NULL;
}

/* Hand deferred op di to the side thread (started on first use). */
static void side_queue(int di)
{
	if (!F.side_started) {
		CHECK(pthread_create(&F.side, NULL, side_main, NULL) == 0, "pthread_create failed");
		F.side_started = true;
	}
	F.side_q[F.side_tail++] = di; /* each defer once: MAX_DEFER is room enough */
	pthread_cond_signal(&side_cv);
}

/*
 * A timer (ms len byte*len) or microtask (len byte*len): run the len bytes
 * as ops later.  On the pool, a timer goes to the side thread (ms is read
 * and ignored); a microtask's len byte b also says where it runs: b / 13
 * == 0 as a vow_spawn task, otherwise as a reaction (both handlers) on the
 * settlement of slot pick_slot(b / 13 - 1) (a vow_spawn task if there is
 * none): ops issued from a worker while that slot's reactions run.
 */
static void op_defer(struct rd *r, enum defer_kind kind)
{
	uint8_t ms = kind == D_TIMER ? u8(r) : 0;
	uint8_t lb = u8(r);
	size_t len = lb % (MAX_SUBOP + 1);
	size_t avail = r->n - r->i;
	int di;

	if (len > avail)
		len = avail;
	di = defer_new(kind);
	if (di >= 0 && F.pool != NULL) {
		struct defer *d = &F.d[di];
		int q = lb / (MAX_SUBOP + 1);
		int k = q == 0 ? -1 : pick_slot((uint8_t)(q - 1));
		vow_promise *p;

		d->code = r->p + r->i;
		d->len = len;
		if (kind == D_TIMER) {
			side_queue(di);
		} else if (k < 0) {
			p = vow_spawn(F.pool, defer_spawned, d);
			CHECK(p != NULL, "vow_spawn failed");
			vow_promise_release(p);
		} else {
			d->parent = k;
			p = vow_promise_then(F.s[k].p, defer_reaction, defer_reaction, d, defer_dtor);
			CHECK(p != NULL, "then() for a deferred op failed");
			vow_promise_release(p);
		}
	} else if (di >= 0) {
		struct defer *d = &F.d[di];

		d->code = r->p + r->i;
		d->len = len;
		if (kind == D_TIMER) {
			d->id = vow_loop_set_timeout(F.loop, timer_fired, d, NULL, ms % 32);
			CHECK(d->id != 0, "set_timeout failed");
		} else {
			CHECK(vow_loop_queue_microtask(F.loop, timer_fired, d, NULL) == 0,
			      "queue_microtask failed");
		}
	}
	r->i += len;
}

static void op_clear(uint8_t idx)
{
	struct defer *d;
	int rc;

	if (F.nd == 0)
		return;
	d = &F.d[idx % F.nd];
	if (d->kind != D_TIMER)
		return;
	if (F.pool != NULL) {
		/* The side thread's queue: no library call, nothing to check. */
		if (!d->taken && !d->fired)
			d->cleared = true;
		return;
	}
	rc = vow_loop_clear_timer(F.loop, d->id);
	if (d->fired || d->cleared) {
		CHECK(rc == VOW_ENOTFOUND, "clear_timer of a spent timer returned %d", rc);
	} else {
		CHECK(rc == 0, "clear_timer of an active timer returned %d", rc);
		d->cleared = true;
	}
}

/* then / catch / finally on slot `parent`; behaviours already read. */
static void derive(enum hkind kind, int parent, const uint8_t beh[2], const uint8_t a[2],
		   const uint8_t b[2], uint8_t obs)
{
	int i, hi;
	struct hctx *h;
	vow_promise *p;
	vow_handler_fn f, rj;

	if (parent < 0 || (i = slot_reserve()) < 0)
		return;
	hi = hctx_new(kind, i, parent);
	if (hi < 0) {
		F.nslots--;
		return;
	}
	h = &F.h[hi];
	memcpy(h->beh, beh, 2);
	memcpy(h->a, a, 2);
	memcpy(h->b, b, 2);
	F.s[i].resolved = true;
	F.s[i].fate = fate_ref(kind == H_FINALLY ? F_FINALLY : F_THEN, hi);
	add_dep(i, parent);
	if (kind == H_FINALLY) {
		bool null_fn = beh[0] % BEH_COUNT == BEH_NULL;

		p = vow_promise_finally(F.s[parent].p, null_fn ? NULL : finally_fn, h, hctx_dtor);
	} else {
		f = beh[0] % BEH_COUNT == BEH_NULL ? NULL : handler_f;
		rj = beh[1] % BEH_COUNT == BEH_NULL ? NULL : handler_r;
		p = vow_promise_then(F.s[parent].p, f, rj, h, hctx_dtor);
	}
	CHECK(h->ran == 0, "a handler ran synchronously inside then()");
	slot_set(i, p, obs);
}

static void exec_op(struct rd *r)
{
	uint8_t op = u8(r) % OP_COUNT;
	uint8_t beh[2] = {0, 0}, a[2] = {0, 0}, b[2] = {0, 0};
	uint8_t x, y, z;
	struct fate f;
	int i, k;
	vow_promise *p;

	check_monotonic();
	if (F.trace)
		fprintf(stderr, "op %d at byte %zu (slots %d, %s)\n", op, r->i - 1, F.nslots,
			op_origin());
	op_depth++;
	switch ((enum op)op) {
	case OP_WITH_RESOLVERS: {
		vow_resolver *res = NULL;

		if ((i = slot_reserve()) < 0)
			break;
		p = vow_promise_with_resolvers(F.ex, &res);
		CHECK(res != NULL && vow_resolver_promise(res) == p, "with_resolvers: bad resolver");
		F.s[i].r = res;
		slot_set(i, p, u8(r));
		break;
	}
	case OP_NEW: {
		struct exec_ctx e;

		if ((i = slot_reserve()) < 0)
			break;
		e.slot = i;
		e.script = u8(r);
		e.a = u8(r);
		e.b = u8(r);
		p = vow_promise_new(F.ex, exec_fn, &e);
		CHECK(p == F.s[i].p, "new: the executor saw another promise");
		slot_set(i, p, u8(r));
		break;
	}
	case OP_RESOLVED:
		x = u8(r), y = u8(r), z = u8(r);
		if (x % 5 == 2 || x % 5 == 4) {
			/* Promise.resolve(promise) is that promise */
			k = pick_slot(y);
			if (k < 0)
				break;
			p = vow_promise_resolve(F.ex, vow_value_promise(vow_promise_dup(F.s[k].p)));
			CHECK(p == F.s[k].p, "Promise.resolve(p) is not p");
			vow_promise_release(p);
			u8(r);
			break;
		}
		if ((i = slot_reserve()) < 0)
			break;
		{
			vow_value v = resolution_value(i, x, y, z, &f, false);

			F.s[i].resolved = true;
			F.s[i].fate = f;
			p = vow_promise_resolve(F.ex, v);
		}
		slot_set(i, p, u8(r));
		break;
	case OP_REJECTED: {
		struct leaf l;
		vow_value v;

		x = u8(r), y = u8(r);
		if ((i = slot_reserve()) < 0)
			break;
		v = reason_value(x, y, &l);
		F.s[i].resolved = true;
		F.s[i].fate = fate_leaf(F_REJECT, l);
		p = vow_promise_reject(F.ex, v);
		CHECK(vow_promise_state(p) == VOW_REJECTED, "Promise.reject is not rejected");
		slot_set(i, p, u8(r));
		break;
	}
	case OP_THEN:
		k = pick_slot(u8(r));
		for (int j = 0; j < 2; j++) {
			beh[j] = u8(r);
			a[j] = u8(r);
			b[j] = u8(r);
		}
		derive(H_THEN, k, beh, a, b, u8(r));
		break;
	case OP_CATCH:
		k = pick_slot(u8(r));
		beh[1] = u8(r);
		a[1] = u8(r);
		b[1] = u8(r);
		derive(H_THEN, k, beh, a, b, u8(r));
		break;
	case OP_FINALLY:
		k = pick_slot(u8(r));
		beh[0] = u8(r);
		a[0] = u8(r);
		b[0] = u8(r);
		derive(H_FINALLY, k, beh, a, b, u8(r));
		break;
	case OP_COMB:
		op_comb(r);
		break;
	case OP_RESOLVE:
	case OP_REJECT:
		k = F.pool != NULL ? pick_resolver_slot(u8(r)) : pick_slot(u8(r));
		x = u8(r), y = u8(r), z = op == OP_RESOLVE ? u8(r) : 0;
		if (k < 0 || F.s[k].r == NULL)
			break;
		slot_settle(k, F.s[k].r, op == OP_REJECT, x, y, z);
		break;
	case OP_TIMER:
		op_defer(r, D_TIMER);
		break;
	case OP_MICROTASK:
		op_defer(r, D_MICROTASK);
		break;
	case OP_CLEAR:
		op_clear(u8(r));
		break;
	case OP_RELEASE:
		k = pick_slot(u8(r));
		if (k < 0)
			break;
		F.s[k].live = false;
		vow_promise_release(F.s[k].p);
		break;
	case OP_TRY: {
		struct try_ctx c;

		if ((i = slot_reserve()) < 0)
			break;
		c.slot = i;
		c.beh = u8(r);
		c.a = u8(r);
		c.b = u8(r);
		p = vow_promise_try(F.ex, try_fn, &c);
		slot_set(i, p, u8(r));
		break;
	}
	case OP_COUNT:
		break;
	}
	op_depth--;
	check_monotonic();
}

/* ---- rejection events ---------------------------------------------------------------------------------- */

/*
 * Pool: the slot whose promise p is, among those held until teardown (all
 * alive together then, so their addresses differ; once the run is over no
 * op runs, so the only promises made afterwards are finally's internal
 * ones, which are handled and never reported); -1 if none.
 */
static int teardown_slot_of(const vow_promise *p)
{
	for (int i = 0; i < F.nslots; i++)
		if (F.s[i].at_teardown && F.s[i].p == p)
			return i;
	return -1;
}

/*
 * Pool: the core reports a rejected promise that never had a handler when
 * it is destroyed (VOW_TRACK_AT_DESTROY), on whichever thread drops the last
 * reference.  A slot's promise is destroyed only after we release it:
 * events before teardown are for promises released early or internal ones
 * (counted, not checked, as on the loop).
 */
static void on_rejection_pool(vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	int i;
	struct slot *s;

	CHECK(ev == VOW_UNHANDLED_REJECTION, "rejection event %d on the pool", (int)ev);
	CHECK(!vow_promise_is_handled(p), "unhandledRejection for a handled promise");
	i = F.teardown ? teardown_slot_of(p) : -1;
	if (i < 0) {
		CHECK(slot_of(p) < 0, "unhandledRejection for slot %d, which we still hold", slot_of(p));
		F.other_events++;
		return;
	}
	s = &F.s[i];
	CHECK(s->unhandled_events == 0, "second unhandledRejection for slot %d", i);
	s->unhandled_events++;
	if (s->expect_unhandled < 0)
		return; /* below a race with an unknown winner: it may have settled since */
	CHECK(s->expect_unhandled == 1, "unhandledRejection for slot %d, which was %s at the end", i,
	      s->seen == VOW_REJECTED ? "handled" : "not rejected");
	CHECK(same_bits(reason, s->seen_bits), "unhandledRejection for slot %d: not its reason", i);
}

static void on_rejection_locked(void *ud, vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	int i = slot_of(p);
	struct slot *s;

	CHECK(ud == &F, "rejection callback: wrong user data");
	CHECK(vow_promise_state(p) == VOW_REJECTED, "rejection event for a %s promise",
	      state_name(vow_promise_state(p)));
	CHECK(same_bits(reason, vow_promise_result(p)), "rejection event: reason is not the result");
	if (F.pool != NULL) {
		on_rejection_pool(ev, p, reason);
		return;
	}
	if (i < 0) {
		F.other_events++;
		return;
	}
	s = &F.s[i];
	if (ev == VOW_UNHANDLED_REJECTION) {
		CHECK(!vow_promise_is_handled(p), "unhandledRejection for a handled promise (slot %d)", i);
		CHECK(s->unhandled_events == 0, "second unhandledRejection for slot %d", i);
		s->unhandled_events++;
	} else {
		CHECK(ev == VOW_REJECTION_HANDLED, "unknown rejection event %d", (int)ev);
		CHECK(vow_promise_is_handled(p), "rejectionHandled for an unhandled promise (slot %d)", i);
		CHECK(s->unhandled_events == 1 && s->handled_events == 0,
		      "rejectionHandled for slot %d after %d/%d events", i, s->unhandled_events,
		      s->handled_events);
		s->handled_events++;
	}
}

/* Any thread on the pool (where the last reference goes); the owner on the loop. */
static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	harness_lock_any();
	on_rejection_locked(ud, ev, p, reason);
	harness_unlock_any();
}

/* ---- the model ------------------------------------------------------------------------------------------ */

struct res {
	vow_state st;    /* or ST_UNKNOWN */
	struct leaf v;
};

/*
 * The model cannot tell: a race whose winner was not observed, released
 * before the end.  Whatever depends on it is not checked.
 */
#define ST_UNKNOWN ((vow_state)3)

static struct res model_slot(int i);

static struct res res_of(vow_state st, struct leaf v)
{
	struct res r = {st, v};
	return r;
}

static struct res pending(void)
{
	return res_of(VOW_PENDING, leaf_of_kind(L_ANY, 0));
}

static struct res model_fate(const struct fate *f, const char *who);

static struct res model_thenable(int ti)
{
	struct thenable *t = &F.t[ti];

	CHECK(t->then_calls == 1, "thenable %d (script %d) adopted but then() ran %d times", ti,
	      t->script, t->then_calls);
	return model_fate(&t->fate, "thenable");
}

/* Input k of a combinator. */
static struct res comb_input(const struct comb *c, int k)
{
	return c->in[k] < 0 ? res_of(VOW_FULFILLED, c->imm[k]) : model_slot(c->in[k]);
}

/*
 * The winner among inputs in state want (or any settled state if want is
 * VOW_PENDING): the first by settlement order.  Returns -1 when none; sets
 * *exact to false when an unobserved input could have won.  On the pool
 * there is no settlement order to observe (reactions run in any order, the
 * combinator's own ones on the settling threads): exact only when a single
 * input could have won.
 */
static int comb_first(const struct comb *c, vow_state want, bool *exact)
{
	int best = -1, candidates = 0;
	uint64_t best_key = UINT64_MAX;

	*exact = true;
	for (int k = 0; k < c->n; k++) {
		struct res in = comb_input(c, k);
		uint64_t key;

		if (in.st == VOW_PENDING || (want != VOW_PENDING && in.st != want))
			continue;
		candidates++;
		if (c->at_create[k] != VOW_PENDING) {
			key = 0; /* queued while the combinator was built, in input order */
		} else {
			struct slot *s = &F.s[c->in[k]];

			if (!s->observed) {
				*exact = false;
				key = UINT64_MAX - 1;
			} else {
				CHECK(F.h[s->observer].ran == 1, "observer of settled slot %d did not run",
				      c->in[k]);
				key = F.h[s->observer].seq;
			}
		}
		if (best < 0 || key < best_key) {
			best = k;
			best_key = key;
		}
	}
	if (F.pool != NULL && candidates > 1)
		*exact = false;
	return best;
}

static bool comb_any_matches(const struct comb *c, vow_state want, vow_value v)
{
	for (int k = 0; k < c->n; k++) {
		struct res in = comb_input(c, k);

		if (in.st == want && leaf_match(v, &in.v))
			return true;
	}
	return false;
}

/*
 * The pool: a race released before the end whose winner is not known.  Its
 * state is still known when every input that could have won is in the same
 * state, or from its observer; its value is not.  Otherwise it is unknown.
 * An input has settled, so the race has or will: its observer, if it has
 * one, runs.  Until it has, the race is not unknown but "not yet" (on the
 * pool's probe: what depends on it is still to run, and must not pass
 * unchecked).
 */
static struct res race_released_pool(const struct comb *c, const struct slot *s)
{
	bool f = false, r = false;

	for (int k = 0; k < c->n; k++) {
		vow_state st = comb_input(c, k).st;

		f |= st == VOW_FULFILLED;
		r |= st == VOW_REJECTED;
	}
	if (f != r)
		return res_of(f ? VOW_FULFILLED : VOW_REJECTED, leaf_of_kind(L_ANY, 0));
	if (!s->observed)
		return res_of(ST_UNKNOWN, leaf_of_kind(L_ANY, 0));
	CHECK(F.h[s->observer].ran == 1, "observer of race slot %d ran %d times, an input settled",
	      c->slot, F.h[s->observer].ran);
	return res_of(F.h[s->observer].which ? VOW_REJECTED : VOW_FULFILLED, leaf_of_kind(L_ANY, 0));
}

/* The combinator's expected state; its value is checked here when live. */
static struct res model_comb(int ci)
{
	const struct comb *c = &F.c[ci];
	struct slot *s = &F.s[c->slot];
	int n_f = 0, n_r = 0, n = c->n;
	vow_state want = VOW_PENDING;
	vow_state first_want = VOW_PENDING;
	vow_value got;
	bool exact;
	int w;

	for (int k = 0; k < n; k++) {
		vow_state st = comb_input(c, k).st;

		if (st == ST_UNKNOWN)
			return res_of(ST_UNKNOWN, leaf_of_kind(L_ANY, 0));
		n_f += st == VOW_FULFILLED;
		n_r += st == VOW_REJECTED;
	}
	switch (c->kind) {
	case C_ALL:
		want = n_r > 0 ? VOW_REJECTED : n_f == n ? VOW_FULFILLED : VOW_PENDING;
		first_want = VOW_REJECTED;
		break;
	case C_ALL_SETTLED:
		want = n_f + n_r == n ? VOW_FULFILLED : VOW_PENDING;
		break;
	case C_RACE:
		w = comb_first(c, VOW_PENDING, &exact);
		want = w < 0 ? VOW_PENDING : comb_input(c, w).st;
		/* winner unknown: settled like some input (its value is checked below) */
		if (w >= 0 && !exact) {
			if (!s->live && F.pool != NULL)
				return race_released_pool(c, s);
			if (!s->live)
				return res_of(ST_UNKNOWN, leaf_of_kind(L_ANY, 0));
			if (vow_promise_state(s->p) != VOW_PENDING)
				want = vow_promise_state(s->p);
		}
		break;
	case C_ANY:
		want = n_f > 0 ? VOW_FULFILLED : n_r == n ? VOW_REJECTED : VOW_PENDING;
		first_want = VOW_FULFILLED;
		break;
	}
	if (!s->live || want == VOW_PENDING)
		return res_of(want, leaf_of_kind(L_ANY, 0));
	CHECK(vow_promise_state(s->p) == want, "combinator %d (kind %d, %d inputs) is %s, want %s",
	      ci, c->kind, n, state_name(vow_promise_state(s->p)), state_name(want));
	got = vow_promise_result(s->p);

	if (c->kind == C_RACE || (want == first_want && c->kind != C_ALL_SETTLED)) {
		/* first-settled semantics */
		vow_state among = c->kind == C_RACE ? VOW_PENDING : first_want;

		w = comb_first(c, among, &exact);
		CHECK(w >= 0, "combinator %d: no winner", ci);
		if (exact) {
			struct res in = comb_input(c, w);

			CHECK(leaf_match(got, &in.v),
			      "combinator %d (kind %d): result is not that of input %d, the first to settle",
			      ci, c->kind, w);
		} else {
			CHECK(comb_any_matches(c, want, got),
			      "combinator %d (kind %d): result matches no input", ci, c->kind);
		}
	} else if (c->kind == C_ANY) {
		/* every input rejected: AggregateError with the reasons in order */
		vow_value errs = vow_error_errors(got);

		CHECK(got.kind == VOW_ERROR && vow_error_code(got) == VOW_EAGGREGATE,
		      "any: rejection is not an AggregateError");
		CHECK(vow_array_len(errs) == (size_t)n, "any: %zu errors for %d inputs",
		      vow_array_len(errs), n);
		for (int k = 0; k < n; k++) {
			struct res in = comb_input(c, k);

			CHECK(leaf_match(vow_array_get(errs, k), &in.v), "any: error %d is wrong", k);
		}
	} else {
		/* all fulfilled / allSettled: an array in input order */
		CHECK(got.kind == VOW_ARRAY && vow_array_len(got) == (size_t)n,
		      "combinator %d: result is not an array of %d", ci, n);
		for (int k = 0; k < n; k++) {
			struct res in = comb_input(c, k);
			vow_value item = vow_array_get(got, k);

			if (c->kind == C_ALL) {
				CHECK(leaf_match(item, &in.v), "all: item %d is wrong", k);
			} else {
				CHECK(vow_settled_status(item) == in.st,
				      "allSettled: record %d has status %s, want %s", k,
				      state_name(vow_settled_status(item)), state_name(in.st));
				CHECK(leaf_match(vow_settled_value(item), &in.v),
				      "allSettled: record %d has the wrong value", k);
			}
		}
	}
	{
		struct leaf l = leaf_of_kind(L_BITS, 0);

		l.bits = got;
		return res_of(want, l);
	}
}

/* A then/catch derived promise, or a finally one. */
static struct res model_derived(const struct hctx *h, bool is_finally)
{
	struct res parent = model_slot(h->parent);
	int which;
	bool has;

	if (parent.st == ST_UNKNOWN)
		return parent;
	if (parent.st == VOW_PENDING) {
		CHECK(h->ran == 0, "handler of slot %d ran, but its parent never settled", h->slot);
		return pending();
	}
	which = parent.st == VOW_REJECTED;
	has = is_finally ? h->beh[0] % BEH_COUNT != BEH_NULL
			 : h->beh[which] % BEH_COUNT != BEH_NULL;
	if (!has) {
		CHECK(h->ran == 0, "slot %d: a handler ran where none was given", h->slot);
		return parent;
	}
	CHECK(h->ran == 1, "handler of slot %d did not run (parent slot %d is %s)", h->slot,
	      h->parent, state_name(parent.st));
	if (is_finally) {
		struct res o;

		if (h->out.kind == F_PASS)
			return parent;
		o = model_fate(&h->out, "finally");
		if (o.st == ST_UNKNOWN)
			return o;
		if (h->out.kind == F_FOLLOW || h->out.kind == F_THENABLE)
			return o.st == VOW_FULFILLED ? parent : o;
		return o;
	}
	CHECK(h->which == which, "slot %d: handler %d ran, parent is %s", h->slot, h->which,
	      state_name(parent.st));
	CHECK(!F.s[h->parent].live || leaf_match(h->arg, &parent.v),
	      "slot %d: handler argument is not the parent's %s", h->slot,
	      which ? "reason" : "value");
	return model_fate(&h->out, "handler");
}

static struct res model_fate(const struct fate *f, const char *who)
{
	(void)who;
	switch (f->kind) {
	case F_NONE:
		return pending();
	case F_FULFILL:
		return res_of(VOW_FULFILLED, f->v);
	case F_REJECT:
		return res_of(VOW_REJECTED, f->v);
	case F_FOLLOW:
		return model_slot(f->ref);
	case F_THENABLE:
		return model_thenable(f->ref);
	case F_THEN:
		return model_derived(&F.h[f->ref], false);
	case F_FINALLY:
		return model_derived(&F.h[f->ref], true);
	case F_COMB:
		return model_comb(f->ref);
	case F_PASS:
		break;
	}
	fail("bad fate kind %d", f->kind);
}

static struct res model_slot(int i)
{
	struct slot *s = &F.s[i];
	struct res r;

	if (s->eval_mark == 2)
		return res_of(s->m_state, s->m_leaf);
	/* A cycle (only with VOW_FUZZ_ALLOW_CYCLES) stays pending. */
	if (s->eval_mark == 1) {
		CHECK(F.allow_cycles, "model: slot %d depends on itself", i);
		return pending();
	}
	s->eval_mark = 1;
	r = model_fate(&s->fate, "slot");
	s->eval_mark = 2;
	s->m_state = r.st;
	s->m_leaf = r.v;
	return r;
}

/* ---- the run ---------------------------------------------------------------------------------------------- */

/*
 * Every final state, value and count against the model.  On the pool it also
 * decides when the run is over (pool_probe calls it until it passes), so it
 * starts the model afresh each time.
 */
static void check_all(void)
{
	for (int i = 0; i < F.nslots; i++)
		F.s[i].eval_mark = 0;
	for (int i = 0; i < F.nslots; i++) {
		struct slot *s = &F.s[i];
		struct res m = model_slot(i);
		struct hctx *o = s->observer >= 0 ? &F.h[s->observer] : NULL;
		vow_state st;

		CHECK(s->already_early == 0 || s->resolved,
		      "slot %d: a resolving call returned VOW_EALREADY but no call won", i);
		if (F.trace && probe_jmp == NULL) {
			char buf[96] = "(released)";

			if (s->live)
				vow_value_inspect(vow_value_promise(s->p), buf, sizeof buf);
			fprintf(stderr, "slot %2d fate %d model %-9s %s\n", i, s->fate.kind,
				state_name(m.st), buf);
		}
		if (m.st == ST_UNKNOWN)
			continue;
		if (o != NULL) {
			CHECK(o->ran == (m.st != VOW_PENDING), "observer of slot %d ran %d times, model: %s",
			      i, o->ran, state_name(m.st));
			/* the argument lives as long as the promise: only while we hold it */
			if (o->ran && s->live) {
				CHECK(o->which == (m.st == VOW_REJECTED), "observer of slot %d saw the wrong state", i);
				CHECK(leaf_match(o->arg, &m.v), "observer of slot %d saw the wrong value", i);
			}
		}
		if (!s->live)
			continue;
		st = vow_promise_state(s->p);
		CHECK(st == m.st, "slot %d (fate %d) is %s, model says %s", i, s->fate.kind,
		      state_name(st), state_name(m.st));
		CHECK(leaf_match(vow_promise_result(s->p), &m.v), "slot %d (fate %d): wrong %s", i,
		      s->fate.kind, st == VOW_REJECTED ? "reason" : "value");
		/* rejection events (the pool's come at teardown: pool_run) */
		if (F.pool != NULL) {
			continue;
		} else if (st == VOW_REJECTED && !vow_promise_is_handled(s->p)) {
			CHECK(s->unhandled_events == 1 && s->handled_events == 0,
			      "slot %d: rejected, never handled, got %d unhandled / %d handled events", i,
			      s->unhandled_events, s->handled_events);
		} else if (st == VOW_REJECTED) {
			CHECK(s->unhandled_events == s->handled_events,
			      "slot %d: rejected and handled, got %d unhandled / %d handled events", i,
			      s->unhandled_events, s->handled_events);
		} else {
			CHECK(s->unhandled_events + s->handled_events == 0,
			      "slot %d: %s but got rejection events", i, state_name(st));
		}
	}
	for (int i = 0; i < F.nt; i++) {
		/* then() only from a job, at most once (also checked in then()) */
		CHECK(F.t[i].then_calls <= 1, "thenable %d: then() ran %d times", i, F.t[i].then_calls);
	}
	for (int i = 0; i < F.nd; i++) {
		struct defer *d = &F.d[i];

		if (d->parent >= 0) {
			/* a reaction: it runs iff its parent settles */
			struct res m = model_slot(d->parent);

			if (m.st != ST_UNKNOWN)
				CHECK(d->fired == (m.st != VOW_PENDING),
				      "deferred op %d: fired %d, its parent slot %d is %s", i, d->fired,
				      d->parent, state_name(m.st));
			continue;
		}
		CHECK(d->fired == !d->cleared, "deferred op %d: fired %d, cleared %d", i, d->fired,
		      d->cleared);
	}
}

/* ---- the loop's run ------------------------------------------------------------------------------------- */

static void loop_run(struct rd *r)
{
	int rc;

	F.loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	CHECK(F.loop != NULL, "vow_loop_new failed");
	F.ex = vow_loop_executor(F.loop);
	CHECK(vow_executor_set_rejection_policy(F.ex, VOW_REJECTIONS_CALLBACK, on_rejection, &F) == 0,
	      "set_rejection_policy failed");

	/* the first macrotask: the program itself */
	harness_lock_any();
	for (int ops = 0; r->i < r->n && ops < MAX_OPS; ops++)
		exec_op(r);
	F.in_loop = true;
	harness_unlock_any();
	rc = vow_loop_run(F.loop);
	CHECK(rc == 0, "vow_loop_run returned %d", rc);
	harness_lock_any();
	check_monotonic();
	check_all();

	/* teardown: every reference, then the loop; then every destructor */
	for (int i = 0; i < F.nslots; i++) {
		vow_resolver_release(F.s[i].r);
		if (F.s[i].live)
			vow_promise_release(F.s[i].p);
	}
	for (int i = 0; i < F.nd; i++)
		vow_resolver_release(F.d[i].pair); /* kept pairs of cleared... never: not clearable */
	harness_unlock_any();
	vow_loop_free(F.loop);
}

/* ---- the pool's run ------------------------------------------------------------------------------------- */

/*
 * Do the model's checks pass now?  (Lock held.)  A failed check jumps back
 * here instead of aborting: it means "not yet".
 */
static bool pool_probe(void)
{
	jmp_buf jb;

	if (setjmp(jb) != 0) {
		probe_jmp = NULL;
		return false;
	}
	probe_jmp = &jb;
	CHECK(F.calls_in_flight == 0, "a resolving call is under way");
	check_all();
	probe_jmp = NULL;
	return true;
}

static int64_t elapsed_ms(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Wait until the run is over: every promise the model says settles has
 * settled as it says, every handler, observer, thenable and deferred op
 * the model expects has run, and what the model says stays pending is
 * pending.  That is check_all passing, polled (with the lock held, so no
 * harness code runs meanwhile).  Nothing here attaches to a promise: a
 * vow_promise_wait would mark it handled and hide an unhandled rejection,
 * and shutting the pool down first would close its executor, after which
 * rejections are no longer reported through the callback.  What does not
 * settle within POOL_WAIT_MS fails with check_all's own message.
 */
static void pool_wait_quiescent(void)
{
	struct timespec t0, nap = {0, 0};
	int spins = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		bool done;

		harness_lock_any();
		check_monotonic();
		done = pool_probe();
		F.run_over = done;
		harness_unlock_any();
		if (done)
			return;
		if (elapsed_ms(&t0) > POOL_WAIT_MS) {
			harness_lock_any();
			check_all();
			fail("pool: the run did not end within %d ms", POOL_WAIT_MS);
		}
		if (spins++ < 16) {
			sched_yield();
			continue;
		}
		nap.tv_nsec = nap.tv_nsec == 0 ? 10000 : nap.tv_nsec * 2;
		if (nap.tv_nsec > 1000000)
			nap.tv_nsec = 1000000;
		nanosleep(&nap, NULL);
	}
}

static void pool_run(struct rd *r, uint8_t cfg)
{
	/* bits 2-7: every how many jobs a worker looks at older work first (0: 61) */
	vow_pool_options opts = {.threads = 1 + (cfg & 3), .fairness_interval = cfg >> 2};

	F.pool = vow_pool_new(&opts);
	CHECK(F.pool != NULL, "vow_pool_new failed");
	F.ex = vow_pool_executor(F.pool);
	CHECK(vow_executor_set_rejection_policy(F.ex, VOW_REJECTIONS_CALLBACK, on_rejection, &F) == 0,
	      "set_rejection_policy failed");
	if (F.trace)
		fprintf(stderr, "pool mode, %u workers, fairness interval %u\n", opts.threads,
			opts.fairness_interval);

	/* the program, op by op from this thread: workers run what it starts */
	for (int ops = 0; r->i < r->n && ops < MAX_OPS; ops++) {
		harness_lock_any();
		exec_op(r);
		harness_unlock_any();
	}
	pool_wait_quiescent();

	/* the run is over: the final checks */
	harness_lock_any();
	check_monotonic();
	check_all();
	F.side_stop = true;
	pthread_cond_broadcast(&side_cv);
	harness_unlock_any();
	if (F.side_started)
		CHECK(pthread_join(F.side, NULL) == 0, "pthread_join failed");

	/*
	 * Teardown: what it must report, then every reference while the pool
	 * runs (each rejected promise never handled is reported as it goes, on
	 * this thread or on a worker that held the last reference), then the
	 * pool (drained: it runs what is left and joins its workers before its
	 * executor closes).  A slot below a race with an unknown winner (model
	 * ST_UNKNOWN, from check_all just above) may still settle or be
	 * handled: its events are counted, not checked.
	 */
	harness_lock_any();
	for (int i = 0; i < F.nslots; i++) {
		struct slot *s = &F.s[i];

		if (!s->live)
			continue;
		s->at_teardown = true;
		s->expect_unhandled = s->m_state == ST_UNKNOWN ? -1
				      : vow_promise_state(s->p) == VOW_REJECTED &&
				      !vow_promise_is_handled(s->p);
	}
	F.teardown = true;
	for (int i = 0; i < F.nslots; i++) {
		struct slot *s = &F.s[i];

		vow_resolver_release(s->r);
		s->r = NULL;
		if (s->live) {
			s->live = false;
			vow_promise_release(s->p);
		}
	}
	for (int i = 0; i < F.nd; i++) {
		vow_resolver_release(F.d[i].pair);
		F.d[i].pair = NULL;
	}
	harness_unlock_any();
	vow_pool_free(F.pool);

	/* every thread is gone: rejection events, exactly */
	for (int i = 0; i < F.nslots; i++) {
		struct slot *s = &F.s[i];

		if (F.trace)
			fprintf(stderr, "slot %2d %s: %d unhandledRejection (%s)\n", i,
				s->at_teardown ? "held to the end" : "released early", s->unhandled_events,
				s->expect_unhandled < 0 ? "not checked: below an unknown race"
				: s->expect_unhandled ? "expected: rejected, never handled"
				: "none expected");
		if (!s->at_teardown || s->expect_unhandled < 0)
			continue;
		CHECK(s->unhandled_events == s->expect_unhandled,
		      "slot %d: %s, %shandled, got %d unhandledRejection events", i,
		      s->expect_unhandled ? "rejected" : "not rejected or",
		      s->expect_unhandled ? "never " : "", s->unhandled_events);
	}
	for (int i = 0; i < F.nd; i++)
		CHECK(F.d[i].parent < 0 || F.d[i].dtor == 1,
		      "deferred op %d: context destroyed %d times", i, F.d[i].dtor);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The mode: an input that begins with POOL_MAGIC0 POOL_MAGIC1 cfg runs on a
 * pool, any other on the loop.  VOW_FUZZ_MODE=pool runs every input on a
 * pool (2 workers when it has no header), VOW_FUZZ_MODE=loop every input on
 * the loop (a header is skipped): the same program on the other executor.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd r = {data, size, 0};
	const char *mode = getenv("VOW_FUZZ_MODE");
	bool header = size >= 3 && data[0] == POOL_MAGIC0 && data[1] == POOL_MAGIC1;
	bool pool = header;
	uint8_t cfg = 1;

	if (mode != NULL && strcmp(mode, "pool") == 0)
		pool = true;
	else if (mode != NULL && strcmp(mode, "loop") == 0)
		pool = false;
	if (header) {
		cfg = data[2];
		r.i = 3;
	}

	memset(&F, 0, sizeof F);
	F.allow_cycles = getenv("VOW_FUZZ_ALLOW_CYCLES") != NULL;
	F.trace = getenv("VOW_FUZZ_TRACE") != NULL;
	if (pool)
		pool_run(&r, cfg);
	else
		loop_run(&r);

	/* every destructor, once */
	for (int i = 0; i < F.nh; i++)
		CHECK(F.h[i].dtor == 1, "handler context %d (slot %d) destroyed %d times", i, F.h[i].slot,
		      F.h[i].dtor);
	for (int i = 0; i < F.nt; i++)
		CHECK(F.t[i].released == 1, "thenable %d (script %d) released %d times", i, F.t[i].script,
		      F.t[i].released);
	return 0;
}

/* ---- replay main (ctest) ------------------------------------------------------------------------------------ */

#ifdef FUZZ_REPLAY
static int replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (fp == NULL) {
		perror(path);
		return 1;
	}
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc(len > 0 ? (size_t)len : 1);
	if (buf == NULL || (len > 0 && fread(buf, 1, (size_t)len, fp) != (size_t)len)) {
		fprintf(stderr, "%s: read failed\n", path);
		fclose(fp);
		free(buf);
		return 1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every file named, and every regular file in every directory named. */
int main(int argc, char **argv)
{
	int files = 0, bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			DIR *dir = opendir(argv[i]);
			struct dirent *e;
			char **names = NULL;
			size_t n = 0;

			if (dir == NULL) {
				perror(argv[i]);
				return 1;
			}
			while ((e = readdir(dir)) != NULL) {
				if (e->d_name[0] == '.')
					continue;
				names = realloc(names, (n + 1) * sizeof *names);
				names[n] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
				sprintf(names[n], "%s/%s", argv[i], e->d_name);
				n++;
			}
			closedir(dir);
			qsort(names, n, sizeof *names, cmp_str);
			for (size_t k = 0; k < n; k++) {
				printf("replay %s\n", names[k]);
				fflush(stdout);
				bad += replay_file(names[k]);
				files++;
				free(names[k]);
			}
			free(names);
		} else {
			printf("replay %s\n", argv[i]);
			fflush(stdout);
			bad += replay_file(argv[i]);
			files++;
		}
	}
	printf("%d input(s) replayed, %d unreadable\n", files, bad);
	return files == 0 || bad != 0;
}
#endif

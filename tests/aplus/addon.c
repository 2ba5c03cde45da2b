/*
 * addon.c - a Node-API addon that exposes vow's C promise core to
 * JavaScript, so that the Promises/A+ suite (promises-aplus-tests) and
 * promises-es6-tests can run against it (tests/aplus/README.md).
 *
 * Every promise the suites see is a vow_promise on one JS-mode vow_loop;
 * node only supplies the JS values, the JS functions and the host hook that
 * drives vow's loop.  Nothing here goes through V8's promise machinery.
 *
 *   JS values      held as napi references inside a vow box (VOW_BOX whose
 *                  data is a struct js_box).  Node 20 cannot reference a
 *                  primitive, so every value sits in a one-element array
 *                  and the reference is to the array.  undefined is
 *                  vow_undefined().  Values vow makes itself (errors such
 *                  as the TypeError of a self-resolution, arrays from
 *                  all(), allSettled records) are converted to JS when a
 *                  handler receives them.
 *   handlers       then(f, r) attaches C handlers that call f / r through
 *                  napi (this = undefined); a JS return becomes vow_return,
 *                  a JS throw vow_throw.
 *   resolutions    a value returned by a handler or passed to a resolve
 *                  function goes through resolution_from_js(): a vow-backed
 *                  promise object (type-tagged) becomes vow_value_promise();
 *                  any other object or function has its `then` read ONCE
 *                  (A+ 2.3.3.1; a throwing getter rejects) and, if callable,
 *                  becomes a vow_thenable whose then() calls that function
 *                  with x as this and resolve/reject functions made from
 *                  vow's resolver; everything else is a plain value.
 *   driving        vow posts its jobs to the loop's microtask FIFO.  Every
 *                  entry from JS that can queue a job calls schedule_drain(),
 *                  which queues one JS microtask (queueMicrotask) that runs
 *                  vow_loop_run().  The adapter never sets a vow timer nor
 *                  takes a loop ref, so vow_loop_run() is exactly "drain the
 *                  microtask FIFO (and jobs queued meanwhile), then return":
 *                  no new loop API is needed.  Handlers therefore run after
 *                  then() has returned, before the suites' setTimeout checks.
 *
 * Threads: node's main thread only (it owns the loop).  Unhandled
 * rejections are ignored (the suites create many on purpose).  The loop is
 * never freed: wrapper finalizers may release promises during environment
 * teardown, after any cleanup hook has run, so it lives as long as the
 * process.
 */
#include <node_api.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vow/vow.h>

static struct {
	napi_env env;
	vow_loop *loop;
	vow_executor *ex;
	napi_ref proto;           /* the prototype of promise wrappers (setup()) */
	napi_ref object_create;   /* Object.create */
	napi_ref queue_microtask; /* queueMicrotask */
	napi_ref aggregate_error; /* AggregateError */
	napi_ref reflect_get;     /* Reflect.get */
	napi_ref drain_fn;        /* the native drain() */
	bool drain_scheduled;
	bool draining;
} G;

/* Marks JS objects that wrap a vow_promise (napi_wrap data). */
static const napi_type_tag PROMISE_TAG = {0x766f77a2b0c31d4eULL, 0x9f17a5c3e6d2b801ULL};

/* A napi call that cannot fail short of a broken environment. */
#define NAPI_MUST(call)                                                        \
	do {                                                                   \
		napi_status s_ = (call);                                       \
		if (s_ != napi_ok)                                             \
			must_fail(#call, s_, __LINE__);                        \
	} while (0)

static void must_fail(const char *what, napi_status s, int line)
{
	char msg[256];

	snprintf(msg, sizeof msg, "vow aplus addon: %s failed (status %d, line %d)",
		 what, (int)s, line);
	napi_fatal_error(NULL, 0, msg, NAPI_AUTO_LENGTH);
}

static void *xcalloc(size_t n)
{
	void *p = calloc(1, n);

	if (p == NULL)
		napi_fatal_error(NULL, 0, "vow aplus addon: out of memory", NAPI_AUTO_LENGTH);
	return p;
}

static napi_value ref_get(napi_env env, napi_ref ref)
{
	napi_value v;

	NAPI_MUST(napi_get_reference_value(env, ref, &v));
	return v;
}

static napi_value js_undefined(napi_env env)
{
	napi_value v;

	NAPI_MUST(napi_get_undefined(env, &v));
	return v;
}

static napi_valuetype js_type(napi_env env, napi_value v)
{
	napi_valuetype t;

	NAPI_MUST(napi_typeof(env, v, &t));
	return t;
}

/* Take the pending JS exception (there must be one). */
static napi_value take_exception(napi_env env)
{
	napi_value e;

	NAPI_MUST(napi_get_and_clear_last_exception(env, &e));
	return e;
}

static void throw_type_error(napi_env env, const char *msg)
{
	napi_throw_type_error(env, NULL, msg);
}

/* ---- JS values inside vow values ----------------------------------- */

struct js_box {
	napi_ref holder; /* a one-element array holding the value */
};

static void js_box_free(void *data)
{
	struct js_box *b = data;

	napi_delete_reference(G.env, b->holder);
	free(b);
}

/* A plain value: no thenable check.  Returns a value the caller owns. */
static vow_value box_js(napi_env env, napi_value v)
{
	struct js_box *b;
	napi_value holder;

	if (js_type(env, v) == napi_undefined)
		return vow_undefined();
	NAPI_MUST(napi_create_array_with_length(env, 1, &holder));
	NAPI_MUST(napi_set_element(env, holder, 0, v));
	b = xcalloc(sizeof *b);
	NAPI_MUST(napi_create_reference(env, holder, 1, &b->holder));
	return vow_box(b, js_box_free);
}

static napi_value unbox_js(napi_env env, vow_value v)
{
	struct js_box *b = vow_box_data(v);
	napi_value out;

	NAPI_MUST(napi_get_element(env, ref_get(env, b->holder), 0, &out));
	return out;
}

/* ---- promise wrappers ---------------------------------------------- */

static void wrapper_finalize(napi_env env, void *data, void *hint)
{
	(void)env;
	(void)hint;
	vow_promise_release(data);
}

/* Attach p (moved) to obj, which must not wrap anything yet. */
static void wrapper_attach(napi_env env, napi_value obj, vow_promise *p)
{
	NAPI_MUST(napi_wrap(env, obj, p, wrapper_finalize, NULL, NULL));
	NAPI_MUST(napi_type_tag_object(env, obj, &PROMISE_TAG));
}

/* A new wrapper object (Object.create(proto)) for p (moved). */
static napi_value wrapper_new(napi_env env, vow_promise *p)
{
	napi_value argv[1], obj;

	if (p == NULL) {
		napi_throw_error(env, NULL, vow_strerror(vow_last_error()));
		return NULL;
	}
	argv[0] = ref_get(env, G.proto);
	NAPI_MUST(napi_call_function(env, js_undefined(env), ref_get(env, G.object_create),
				     1, argv, &obj));
	wrapper_attach(env, obj, p);
	return obj;
}

/* The vow promise a wrapper holds (borrowed), or NULL for anything else. */
static vow_promise *wrapper_promise(napi_env env, napi_value v)
{
	napi_valuetype t = js_type(env, v);
	bool tagged = false;
	void *p = NULL;

	if (t != napi_object && t != napi_function)
		return NULL;
	if (napi_check_object_type_tag(env, v, &PROMISE_TAG, &tagged) != napi_ok || !tagged)
		return NULL;
	if (napi_unwrap(env, v, &p) != napi_ok)
		return NULL;
	return p;
}

/* ---- driving the loop ---------------------------------------------- */

static napi_value js_drain(napi_env env, napi_callback_info info)
{
	(void)info;
	G.drain_scheduled = false;
	G.draining = true;
	/* No vow timers, no loop refs: runs the microtask FIFO dry, returns. */
	if (vow_loop_run(G.loop) != 0)
		napi_fatal_error(NULL, 0, "vow aplus addon: vow_loop_run failed", NAPI_AUTO_LENGTH);
	G.draining = false;
	return js_undefined(env);
}

/*
 * Called at the end of every entry point that may have queued a vow job.
 * Inside a drain, jobs queued by handlers run in the same drain.
 */
static void schedule_drain(napi_env env)
{
	napi_value argv[1];

	if (G.draining || G.drain_scheduled)
		return;
	G.drain_scheduled = true;
	argv[0] = ref_get(env, G.drain_fn);
	NAPI_MUST(napi_call_function(env, js_undefined(env), ref_get(env, G.queue_microtask),
				     1, argv, NULL));
}

/* ---- vow values to JS ---------------------------------------------- */

static napi_value to_js(napi_env env, vow_value v);

static napi_value error_to_js(napi_env env, vow_value e)
{
	const char *name = vow_error_name(e);
	napi_value msg, code, out;

	NAPI_MUST(napi_create_string_utf8(env, vow_error_message(e), NAPI_AUTO_LENGTH, &msg));
	NAPI_MUST(napi_create_string_utf8(env, vow_err_name(vow_error_code(e)),
					  NAPI_AUTO_LENGTH, &code));
	if (strcmp(name, "AggregateError") == 0) {
		napi_value argv[2];

		argv[0] = to_js(env, vow_error_errors(e));
		argv[1] = msg;
		NAPI_MUST(napi_new_instance(env, ref_get(env, G.aggregate_error), 2, argv, &out));
		NAPI_MUST(napi_set_named_property(env, out, "code", code));
	} else if (strcmp(name, "TypeError") == 0) {
		NAPI_MUST(napi_create_type_error(env, code, msg, &out));
	} else if (strcmp(name, "RangeError") == 0) {
		NAPI_MUST(napi_create_range_error(env, code, msg, &out));
	} else {
		napi_value jname;

		NAPI_MUST(napi_create_error(env, code, msg, &out));
		if (strcmp(name, "Error") != 0) {
			NAPI_MUST(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &jname));
			NAPI_MUST(napi_set_named_property(env, out, "name", jname));
		}
	}
	return out;
}

struct js_thenable {
	napi_ref x;    /* the thenable object */
	napi_ref then; /* x.then, read once */
};

/* v is borrowed. */
static napi_value to_js(napi_env env, vow_value v)
{
	napi_value out, item;
	size_t i, n;

	switch (v.kind) {
	case VOW_UNDEFINED:
		return js_undefined(env);
	case VOW_NULL:
		NAPI_MUST(napi_get_null(env, &out));
		return out;
	case VOW_BOOL:
		NAPI_MUST(napi_get_boolean(env, v.as.b, &out));
		return out;
	case VOW_INT:
		NAPI_MUST(napi_create_int64(env, v.as.i, &out));
		return out;
	case VOW_DOUBLE:
		NAPI_MUST(napi_create_double(env, v.as.d, &out));
		return out;
	case VOW_STRING:
		NAPI_MUST(napi_create_string_utf8(env, vow_str_cstr(v), vow_str_len(v), &out));
		return out;
	case VOW_BOX:
		return unbox_js(env, v);
	case VOW_ERROR:
		return error_to_js(env, v);
	case VOW_ARRAY:
		n = vow_array_len(v);
		NAPI_MUST(napi_create_array_with_length(env, n, &out));
		for (i = 0; i < n; i++)
			NAPI_MUST(napi_set_element(env, out, (uint32_t)i, to_js(env, vow_array_get(v, i))));
		return out;
	case VOW_SETTLED: {
		bool ok = vow_settled_status(v) == VOW_FULFILLED;

		NAPI_MUST(napi_create_object(env, &out));
		NAPI_MUST(napi_create_string_utf8(env, ok ? "fulfilled" : "rejected",
						  NAPI_AUTO_LENGTH, &item));
		NAPI_MUST(napi_set_named_property(env, out, "status", item));
		NAPI_MUST(napi_set_named_property(env, out, ok ? "value" : "reason",
						  to_js(env, vow_settled_value(v))));
		return out;
	}
	case VOW_PROMISE:
		return wrapper_new(env, vow_promise_dup(v.as.promise));
	case VOW_THENABLE:
		return ref_get(env, ((struct js_thenable *)vow_thenable_self(v))->x);
	case VOW_PTR:
		break;
	}
	napi_fatal_error(NULL, 0, "vow aplus addon: unexpected vow value kind", NAPI_AUTO_LENGTH);
	return NULL;
}

/* ---- resolving functions and thenables ------------------------------- */

/* Shared by one resolve/reject pair; freed when both functions are. */
struct resolving {
	vow_resolver *r;
	bool used;      /* the spec's alreadyResolved: checked before Get(then) */
	int functions;  /* live JS functions holding this */
};

static vow_outcome resolution_from_js(napi_env env, napi_value x);

static void resolving_finalize(napi_env env, void *data, void *hint)
{
	struct resolving *rs = data;

	(void)env;
	(void)hint;
	if (--rs->functions == 0) {
		vow_resolver_release(rs->r);
		free(rs);
	}
}

static struct resolving *resolving_of(napi_env env, napi_callback_info info, napi_value *arg)
{
	size_t argc = 1;
	void *data;

	*arg = NULL;
	NAPI_MUST(napi_get_cb_info(env, info, &argc, arg, NULL, &data));
	if (argc < 1)
		*arg = js_undefined(env);
	return data;
}

static napi_value js_resolve_fn(napi_env env, napi_callback_info info)
{
	napi_value arg;
	struct resolving *rs = resolving_of(env, info, &arg);
	vow_outcome o;

	if (rs->used)
		return js_undefined(env);
	rs->used = true;
	o = resolution_from_js(env, arg);
	if (o.kind == VOW_OUTCOME_RETURN)
		vow_resolver_resolve(rs->r, o.value);
	else
		vow_resolver_reject(rs->r, o.value);
	schedule_drain(env);
	return js_undefined(env);
}

static napi_value js_reject_fn(napi_env env, napi_callback_info info)
{
	napi_value arg;
	struct resolving *rs = resolving_of(env, info, &arg);

	if (rs->used)
		return js_undefined(env);
	rs->used = true;
	vow_resolver_reject(rs->r, box_js(env, arg));
	schedule_drain(env);
	return js_undefined(env);
}

/* resolve/reject functions over r (moved). */
static void resolving_functions(napi_env env, vow_resolver *r, napi_value *res, napi_value *rej)
{
	struct resolving *rs = xcalloc(sizeof *rs);

	rs->r = r;
	rs->functions = 2;
	NAPI_MUST(napi_create_function(env, "resolve", NAPI_AUTO_LENGTH, js_resolve_fn, rs, res));
	NAPI_MUST(napi_add_finalizer(env, *res, rs, resolving_finalize, NULL, NULL));
	NAPI_MUST(napi_create_function(env, "reject", NAPI_AUTO_LENGTH, js_reject_fn, rs, rej));
	NAPI_MUST(napi_add_finalizer(env, *rej, rs, resolving_finalize, NULL, NULL));
}

/* then() of a JS thenable: a job on the loop, so always inside a drain. */
static vow_outcome js_thenable_then(void *self, vow_resolver *resolver)
{
	struct js_thenable *t = self;
	napi_env env = G.env;
	napi_handle_scope scope;
	napi_value argv[2], result;
	vow_outcome o = vow_return(vow_undefined());
	napi_status s;

	NAPI_MUST(napi_open_handle_scope(env, &scope));
	resolving_functions(env, vow_resolver_dup(resolver), &argv[0], &argv[1]);
	s = napi_call_function(env, ref_get(env, t->x), ref_get(env, t->then), 2, argv, &result);
	if (s == napi_pending_exception)
		o = vow_throw(box_js(env, take_exception(env))); /* ignored if already resolved */
	else
		NAPI_MUST(s);
	NAPI_MUST(napi_close_handle_scope(env, scope));
	return o;
}

static void js_thenable_release(void *self)
{
	struct js_thenable *t = self;

	napi_delete_reference(G.env, t->x);
	napi_delete_reference(G.env, t->then);
	free(t);
}

static const vow_thenable_ops js_thenable_ops = {
	.then = js_thenable_then,
	.release = js_thenable_release,
};

/*
 * The Promise Resolve Functions' (and A+ 2.3's) view of x: a vow promise,
 * a thenable whose `then` was read once here, or a plain value.  A throwing
 * `then` getter gives a throw outcome.  The outcome's value is owned.
 */
static vow_outcome resolution_from_js(napi_env env, napi_value x)
{
	napi_valuetype t = js_type(env, x);
	vow_promise *p;
	napi_value argv[2], then;
	napi_status s;
	struct js_thenable *jt;

	if (t != napi_object && t != napi_function)
		return vow_return(box_js(env, x));
	p = wrapper_promise(env, x);
	if (p != NULL)
		return vow_return(vow_value_promise(vow_promise_dup(p)));
	/*
	 * x.then through Reflect.get(x, "then"): napi_get_named_property()
	 * reports a throwing getter as napi_generic_failure with the exception
	 * left pending in V8, napi_call_function() as napi_pending_exception.
	 */
	argv[0] = x;
	NAPI_MUST(napi_create_string_utf8(env, "then", NAPI_AUTO_LENGTH, &argv[1]));
	s = napi_call_function(env, js_undefined(env), ref_get(env, G.reflect_get), 2, argv, &then);
	if (s == napi_pending_exception)
		return vow_throw(box_js(env, take_exception(env)));
	NAPI_MUST(s);
	if (js_type(env, then) != napi_function)
		return vow_return(box_js(env, x));
	jt = xcalloc(sizeof *jt);
	NAPI_MUST(napi_create_reference(env, x, 1, &jt->x));
	NAPI_MUST(napi_create_reference(env, then, 1, &jt->then));
	return vow_return(vow_thenable(&js_thenable_ops, jt));
}

/* ---- handlers ------------------------------------------------------- */

struct handlers {
	napi_ref on_fulfilled; /* NULL when not a function */
	napi_ref on_rejected;
};

static void handlers_free(void *ctx)
{
	struct handlers *h = ctx;

	if (h->on_fulfilled != NULL)
		napi_delete_reference(G.env, h->on_fulfilled);
	if (h->on_rejected != NULL)
		napi_delete_reference(G.env, h->on_rejected);
	free(h);
}

/* Call fn(args...) with this = undefined; map return/throw to an outcome. */
static vow_outcome call_js(napi_ref fn, size_t argc, vow_value arg)
{
	napi_env env = G.env;
	napi_handle_scope scope;
	napi_value argv[1], result;
	vow_outcome o;
	napi_status s;

	NAPI_MUST(napi_open_handle_scope(env, &scope));
	if (argc > 0)
		argv[0] = to_js(env, arg);
	s = napi_call_function(env, js_undefined(env), ref_get(env, fn), argc, argv, &result);
	if (s == napi_pending_exception) {
		o = vow_throw(box_js(env, take_exception(env)));
	} else {
		NAPI_MUST(s);
		o = resolution_from_js(env, result);
	}
	NAPI_MUST(napi_close_handle_scope(env, scope));
	return o;
}

static vow_outcome on_fulfilled(void *ctx, vow_value v)
{
	return call_js(((struct handlers *)ctx)->on_fulfilled, 1, v);
}

static vow_outcome on_rejected(void *ctx, vow_value v)
{
	return call_js(((struct handlers *)ctx)->on_rejected, 1, v);
}

static vow_outcome on_finally(void *ctx)
{
	return call_js(((struct handlers *)ctx)->on_fulfilled, 0, vow_undefined());
}

static napi_ref ref_if_function(napi_env env, napi_value v)
{
	napi_ref ref = NULL;

	if (v != NULL && js_type(env, v) == napi_function)
		NAPI_MUST(napi_create_reference(env, v, 1, &ref));
	return ref;
}

/* ---- exported functions --------------------------------------------- */

#define MAX_ARGS 3

static void args_of(napi_env env, napi_callback_info info, size_t n, napi_value *argv)
{
	size_t argc = n, i;

	NAPI_MUST(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	for (i = argc; i < n; i++)
		argv[i] = js_undefined(env);
}

/* setup(proto): the prototype promise wrappers made here get. */
static napi_value x_setup(napi_env env, napi_callback_info info)
{
	napi_value argv[1];

	args_of(env, info, 1, argv);
	if (js_type(env, argv[0]) != napi_object) {
		throw_type_error(env, "setup(proto): proto must be an object");
		return NULL;
	}
	if (G.proto != NULL)
		NAPI_MUST(napi_delete_reference(env, G.proto));
	NAPI_MUST(napi_create_reference(env, argv[0], 1, &G.proto));
	return js_undefined(env);
}

/* init(obj): make obj a new pending vow promise; returns [resolve, reject]. */
static napi_value x_init(napi_env env, napi_callback_info info)
{
	napi_value argv[1], pair, res, rej;
	vow_resolver *r;
	vow_promise *p;
	void *old;

	args_of(env, info, 1, argv);
	if (js_type(env, argv[0]) != napi_object || napi_unwrap(env, argv[0], &old) == napi_ok) {
		throw_type_error(env, "init(obj): obj must be an object that is not a promise yet");
		return NULL;
	}
	p = vow_promise_with_resolvers(G.ex, &r);
	if (p == NULL) {
		napi_throw_error(env, NULL, vow_strerror(vow_last_error()));
		return NULL;
	}
	wrapper_attach(env, argv[0], p);
	resolving_functions(env, r, &res, &rej);
	NAPI_MUST(napi_create_array_with_length(env, 2, &pair));
	NAPI_MUST(napi_set_element(env, pair, 0, res));
	NAPI_MUST(napi_set_element(env, pair, 1, rej));
	return pair;
}

static vow_promise *this_promise(napi_env env, napi_value v, const char *fn)
{
	vow_promise *p = wrapper_promise(env, v);
	char msg[128];

	if (p == NULL) {
		snprintf(msg, sizeof msg, "%s: receiver is not a vow promise", fn);
		throw_type_error(env, msg);
	}
	return p;
}

/* then(p, onFulfilled, onRejected) */
static napi_value x_then(napi_env env, napi_callback_info info)
{
	napi_value argv[3], out;
	vow_promise *p;
	struct handlers *h;

	args_of(env, info, 3, argv);
	p = this_promise(env, argv[0], "then");
	if (p == NULL)
		return NULL;
	h = xcalloc(sizeof *h);
	h->on_fulfilled = ref_if_function(env, argv[1]);
	h->on_rejected = ref_if_function(env, argv[2]);
	out = wrapper_new(env, vow_promise_then(p, h->on_fulfilled ? on_fulfilled : NULL,
						h->on_rejected ? on_rejected : NULL,
						h, handlers_free));
	schedule_drain(env);
	return out;
}

/* finally(p, onFinally) */
static napi_value x_finally(napi_env env, napi_callback_info info)
{
	napi_value argv[2], out;
	vow_promise *p;
	struct handlers *h;

	args_of(env, info, 2, argv);
	p = this_promise(env, argv[0], "finally");
	if (p == NULL)
		return NULL;
	h = xcalloc(sizeof *h);
	h->on_fulfilled = ref_if_function(env, argv[1]);
	out = wrapper_new(env, vow_promise_finally(p, h->on_fulfilled ? on_finally : NULL,
						   h, handlers_free));
	schedule_drain(env);
	return out;
}

/* resolved(x): Promise.resolve(x) on the loop (x's then is read once). */
static napi_value x_resolved(napi_env env, napi_callback_info info)
{
	napi_value argv[1], out;
	vow_outcome o;

	args_of(env, info, 1, argv);
	o = resolution_from_js(env, argv[0]);
	if (o.kind == VOW_OUTCOME_RETURN)
		out = wrapper_new(env, vow_promise_resolve(G.ex, o.value));
	else
		out = wrapper_new(env, vow_promise_reject(G.ex, o.value));
	schedule_drain(env);
	return out;
}

/* rejected(r): Promise.reject(r). */
static napi_value x_rejected(napi_env env, napi_callback_info info)
{
	napi_value argv[1], out;

	args_of(env, info, 1, argv);
	out = wrapper_new(env, vow_promise_reject(G.ex, box_js(env, argv[0])));
	schedule_drain(env);
	return out;
}

/* deferred(): { promise, resolve, reject } */
static napi_value x_deferred(napi_env env, napi_callback_info info)
{
	napi_value out, promise, res, rej;
	vow_resolver *r;

	(void)info;
	promise = wrapper_new(env, vow_promise_with_resolvers(G.ex, &r));
	if (promise == NULL)
		return NULL;
	resolving_functions(env, r, &res, &rej);
	NAPI_MUST(napi_create_object(env, &out));
	NAPI_MUST(napi_set_named_property(env, out, "promise", promise));
	NAPI_MUST(napi_set_named_property(env, out, "resolve", res));
	NAPI_MUST(napi_set_named_property(env, out, "reject", rej));
	return out;
}

/* isPromise(x): true for a vow-backed promise wrapper. */
static napi_value x_is_promise(napi_env env, napi_callback_info info)
{
	napi_value argv[1], out;

	args_of(env, info, 1, argv);
	NAPI_MUST(napi_get_boolean(env, wrapper_promise(env, argv[0]) != NULL, &out));
	return out;
}

/* combine(kind, array): 0 all, 1 allSettled, 2 race, 3 any over vow's combinators. */
static napi_value x_combine(napi_env env, napi_callback_info info)
{
	static vow_promise *(*const fns[])(vow_executor *, const vow_value *, size_t) = {
		vow_promise_all, vow_promise_all_settled, vow_promise_race, vow_promise_any,
	};
	napi_value argv[2], item, out;
	int32_t kind;
	uint32_t n, i;
	bool is_array;
	vow_value *items;

	args_of(env, info, 2, argv);
	if (napi_get_value_int32(env, argv[0], &kind) != napi_ok || kind < 0 || kind > 3 ||
	    napi_is_array(env, argv[1], &is_array) != napi_ok || !is_array) {
		throw_type_error(env, "combine(kind, array)");
		return NULL;
	}
	NAPI_MUST(napi_get_array_length(env, argv[1], &n));
	items = xcalloc((n ? n : 1) * sizeof *items);
	for (i = 0; i < n; i++) {
		vow_outcome o;

		NAPI_MUST(napi_get_element(env, argv[1], i, &item));
		/* Each item as Promise.resolve(item): a throwing then getter rejects it. */
		o = resolution_from_js(env, item);
		items[i] = o.kind == VOW_OUTCOME_RETURN
				   ? o.value
				   : vow_value_promise(vow_promise_reject(G.ex, o.value));
	}
	out = wrapper_new(env, fns[kind](G.ex, items, n));
	for (i = 0; i < n; i++)
		vow_value_drop(items[i]);
	free(items);
	schedule_drain(env);
	return out;
}

static napi_value global_named(napi_env env, const char *name)
{
	napi_value global, v;

	NAPI_MUST(napi_get_global(env, &global));
	NAPI_MUST(napi_get_named_property(env, global, name, &v));
	return v;
}

NAPI_MODULE_INIT()
{
	static const struct {
		const char *name;
		napi_callback fn;
	} fns[] = {
		{"setup", x_setup},       {"init", x_init},         {"then", x_then},
		{"finally", x_finally},   {"resolved", x_resolved}, {"rejected", x_rejected},
		{"deferred", x_deferred}, {"isPromise", x_is_promise}, {"combine", x_combine},
	};
	napi_value fn, object_ctor, create, reflect;
	size_t i;

	if (G.env != NULL) {
		napi_throw_error(env, NULL, "vow aplus addon: one instance per process");
		return NULL;
	}
	G.env = env;
	G.loop = vow_loop_new(0);
	if (G.loop == NULL)
		napi_fatal_error(NULL, 0, "vow aplus addon: vow_loop_new failed", NAPI_AUTO_LENGTH);
	G.ex = vow_loop_executor(G.loop);
	if (vow_executor_set_rejection_policy(G.ex, VOW_REJECTIONS_IGNORE, NULL, NULL) != 0)
		napi_fatal_error(NULL, 0, "vow aplus addon: rejection policy", NAPI_AUTO_LENGTH);

	object_ctor = global_named(env, "Object");
	NAPI_MUST(napi_get_named_property(env, object_ctor, "create", &create));
	NAPI_MUST(napi_create_reference(env, create, 1, &G.object_create));
	reflect = global_named(env, "Reflect");
	NAPI_MUST(napi_get_named_property(env, reflect, "get", &fn));
	NAPI_MUST(napi_create_reference(env, fn, 1, &G.reflect_get));
	NAPI_MUST(napi_create_reference(env, global_named(env, "queueMicrotask"), 1,
					&G.queue_microtask));
	NAPI_MUST(napi_create_reference(env, global_named(env, "AggregateError"), 1,
					&G.aggregate_error));
	NAPI_MUST(napi_create_function(env, "drain", NAPI_AUTO_LENGTH, js_drain, NULL, &fn));
	NAPI_MUST(napi_create_reference(env, fn, 1, &G.drain_fn));
	/* Until setup() is called, wrappers inherit from Object.prototype. */
	NAPI_MUST(napi_get_named_property(env, object_ctor, "prototype", &fn));
	NAPI_MUST(napi_create_reference(env, fn, 1, &G.proto));

	for (i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		NAPI_MUST(napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &fn));
		NAPI_MUST(napi_set_named_property(env, exports, fns[i].name, fn));
	}
	return exports;
}

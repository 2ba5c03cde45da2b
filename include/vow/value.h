/*
 * vow/value.h - the values promises carry.
 *
 * A vow_value is a small tagged struct passed by value.  Immediate kinds
 * (undefined, null, bool, int, double, ptr) own nothing.  Heap kinds (string,
 * box, error, array, settled record, promise, thenable) hold one reference on
 * a reference-counted object.
 *
 * OWNERSHIP RULE (the whole library keeps it):
 *   - A vow_value passed BY VALUE to a vow function is MOVED: the function
 *     owns that reference from then on, on success and on failure alike.
 *   - A vow_value RETURNED by a function named *_get, *_result, *_message...
 *     or received as a handler argument is BORROWED: valid while its owner
 *     lives; call vow_value_dup() to keep it.
 *   - Constructors return a value the caller owns.
 * Assertion builds (no NDEBUG) check the rule: handing on a borrowed value
 * without a dup, dropping a value after moving it and using a borrowed one
 * after its owner let go abort with a message; values never dropped are
 * listed on stderr at exit (README.md, "Ownership").
 *
 * THREADS.  Every function here may be called from any thread: reference
 * counts are atomic, so values may be shared between threads.  The objects
 * are immutable after construction except arrays, which must not be
 * written while another thread reads them.
 *
 * ERRORS.  Unless its comment says otherwise, a function here cannot fail
 * but for memory: a constructor that cannot allocate returns the shared,
 * immortal out-of-memory error (kind VOW_ERROR, code VOW_ENOMEM) instead,
 * releasing what was moved into it, and an accessor given the wrong kind
 * returns NULL, 0 or undefined.  The immediates cannot fail.
 */
#ifndef VOW_VALUE_H
#define VOW_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* A promise (opaque, reference-counted; vow/promise.h). */
typedef struct vow_promise vow_promise;
/* The reference-counted object behind a value of a heap kind (opaque). */
typedef struct vow_obj vow_obj;

/* What a vow_value holds. */
typedef enum vow_kind {
	VOW_UNDEFINED = 0, /* the zero value */
	VOW_NULL,
	VOW_BOOL,
	VOW_INT,      /* int64_t */
	VOW_DOUBLE,
	VOW_PTR,      /* a borrowed pointer: vow never frees it */
	VOW_STRING,   /* immutable UTF-8, NUL-terminated */
	VOW_BOX,      /* user data owned through a destructor */
	VOW_ERROR,    /* Error, TypeError or AggregateError */
	VOW_ARRAY,
	VOW_SETTLED,  /* an allSettled record: {status, value|reason} */
	VOW_PROMISE,
	VOW_THENABLE, /* a foreign object with a then() entry */
} vow_kind;

/* A promise's state; also an allSettled record's status. */
typedef enum vow_state {
	VOW_PENDING = 0,
	VOW_FULFILLED = 1,
	VOW_REJECTED = 2,
} vow_state;

/* A value, passed by value; read it through the accessors below. */
typedef struct vow_value {
	vow_kind kind; /* what as holds */
	union {
		bool b;
		int64_t i;
		double d;
		void *ptr;
		vow_obj *obj;         /* string, box, error, array, settled, thenable */
		vow_promise *promise; /* VOW_PROMISE */
	} as; /* the payload of kind */
} vow_value;

/*
 * Immediates: no allocation, nothing to release.  The constructors assign
 * the members instead of using designated initialisers, which C++ has only
 * from C++20.  A member narrower than the union (bool; pointers on 32-bit
 * targets) is written over a zeroed union, which leaves the rest of it zero
 * as the initialisers did.  gcc and clang at -O2 compile each one to the
 * same register moves as before, with no call.
 */
static inline vow_value vow_undefined(void)
{
	vow_value v;
	v.kind = VOW_UNDEFINED;
	v.as.i = 0;
	return v;
}
static inline vow_value vow_null(void)
{
	vow_value v;
	v.kind = VOW_NULL;
	v.as.i = 0;
	return v;
}
static inline vow_value vow_bool(bool b)
{
	vow_value v;
	v.kind = VOW_BOOL;
	v.as.i = 0;
	v.as.b = b;
	return v;
}
static inline vow_value vow_int(int64_t i)
{
	vow_value v;
	v.kind = VOW_INT;
	v.as.i = i;
	return v;
}
static inline vow_value vow_double(double d)
{
	vow_value v;
	v.kind = VOW_DOUBLE;
	v.as.d = d;
	return v;
}
static inline vow_value vow_ptr(void *p)
{
	vow_value v;
	v.kind = VOW_PTR;
	v.as.i = 0;
	v.as.ptr = p;
	return v;
}

/*
 * vow_value_promise - wrap a promise reference as a value (moves the
 * reference: the caller gives up one reference to p).  Returning such a value
 * from a handler makes the derived promise adopt p.  A value holding NULL
 * (what vow_value_promise(vow_promise_then(...)) gives when then() failed)
 * cannot be adopted: wherever a promise would adopt it, that promise is
 * rejected with a TypeError whose code is VOW_EINVAL, and
 * vow_promise_resolve refuses it (VOW_EINVAL).  As a reason (thrown,
 * rejected with) it is passed on as it is; dropping it is a no-op.
 */
static inline vow_value vow_value_promise(vow_promise *p)
{
	vow_value v;
	v.kind = VOW_PROMISE;
	v.as.i = 0;
	v.as.promise = p;
	return v;
}

/*
 * Heap constructors.  Any thread.  On allocation failure they return the
 * shared, immortal out-of-memory error (kind VOW_ERROR, code VOW_ENOMEM), so
 * a failure travels like a thrown error instead of crashing; check with
 * vow_is_error() where it matters.
 */
vow_value vow_str(const char *s);                 /* copies s; NULL gives "" */
vow_value vow_strn(const char *s, size_t n);      /* copies n bytes; s may be NULL if n is 0 */
vow_value vow_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * vow_box - own user data through a destructor.  dtor(data) runs exactly
 * once, when the last reference is released, on the releasing thread; it
 * also runs at once if the box cannot be allocated.  dtor may be NULL.
 */
vow_value vow_box(void *data, void (*dtor)(void *data));

/* Errors.  code is any int the user chooses (vow's own are negative). */
vow_value vow_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A TypeError; its code is VOW_EINVAL. */
vow_value vow_type_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Any other error class: name is copied ("RangeError"); NULL or "" gives "Error". */
vow_value vow_error_named(int code, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* AggregateError: errors must be a VOW_ARRAY value (moved). */
vow_value vow_aggregate_error(vow_value errors, const char *message);

/* Arrays.  vow_array() gives n undefined slots. */
vow_value vow_array(size_t n);
/*
 * vow_array_of - Array.of(): an array of the n values items[0..n), moved in
 * (the slots of items are the array's afterwards, whatever is returned;
 * items may be NULL when n is 0).  One allocation, where vow_array and n
 * vow_array_set calls make n undefined slots and then replace each.
 * Errors: the out-of-memory error (items are released); a TypeError
 * (VOW_EINVAL) if items is NULL and n is not 0.
 */
vow_value vow_array_of(size_t n, const vow_value *items);
/* Moves item into slot i, releasing the old item.  VOW_EINVAL if a is not an
 * array or i is out of range (item is released). */
int vow_array_set(vow_value a, size_t i, vow_value item);

size_t vow_array_len(vow_value a);               /* 0 for non-arrays */
vow_value vow_array_get(vow_value a, size_t i);  /* borrowed; undefined if out of range */

/* allSettled records.  Any other status than VOW_FULFILLED / VOW_REJECTED
 * gives a TypeError (value is released). */
vow_value vow_settled(vow_state status, vow_value value); /* moves value */
vow_state vow_settled_status(vow_value rec);     /* VOW_PENDING for non-records */
vow_value vow_settled_value(vow_value rec);      /* borrowed: value or reason */

/*
 * Accessors.  Borrowed results.  On the wrong kind: NULL / 0 / undefined.
 */
const char *vow_str_cstr(vow_value s);
size_t vow_str_len(vow_value s);
void *vow_box_data(vow_value b);
int vow_error_code(vow_value e);
const char *vow_error_name(vow_value e);         /* "Error", "TypeError", "AggregateError" */
const char *vow_error_message(vow_value e);
vow_value vow_error_errors(vow_value e);         /* AggregateError's array */

/*
 * Kind tests: vow_is_error is true for an error, vow_is_thenable for a
 * promise or a foreign thenable (what a promise adopts).
 */
static inline bool vow_is_error(vow_value v) { return v.kind == VOW_ERROR; }
static inline bool vow_is_thenable(vow_value v) { return v.kind == VOW_PROMISE || v.kind == VOW_THENABLE; }

/* References.  dup returns its argument.  Both are no-ops for immediates. */
vow_value vow_value_dup(vow_value v);
void vow_value_drop(vow_value v);

/*
 * vow_value_inspect - render v exactly as Node 20's util.inspect(x) does
 * (default options: depth 2, breakLength 80, compact 3, maxArrayLength 100,
 * maxStringLength 10000) for the corresponding JavaScript value x:
 *   undefined, null, true, false; VOW_INT and VOW_DOUBLE as JS numbers
 *   (shortest round-trip digits, 1e+21, 1.5e-7, -0, NaN, -Infinity; an
 *   int64 beyond 2^53 prints all its digits, unlike a JS number);
 *   strings quoted ('a', "it's", `it's "x"`) with Node's escapes; arrays as
 *   [ 1, 'a' ], with Node's line breaking, column grouping of more than 6
 *   items and "... N more items" past 100; allSettled records as
 *   { status: 'fulfilled', value: 1 } / { status: 'rejected', reason: e };
 *   promises as Promise { 1 }, Promise { <pending> },
 *   Promise { <rejected> e }; containers nested deeper than 2 as [Array],
 *   [Object], [Promise]; a container that contains itself as
 *   <ref *1> [ [Circular *1] ].
 * Errors have no stack trace in vow: they print as Node prints a JS error
 * whose stack is "Name: message" (or just "Name" when the message is
 * empty), that is [Name: message] / [Name]; an AggregateError adds its
 * errors: [AggregateError: msg] { [errors]: [ ... ] }.
 * Kinds with no JS counterpart: a box prints [Box 0x<data pointer in hex>],
 * a pointer [Pointer 0x<hex>] (NULL: [Pointer 0x0]), a foreign thenable
 * [Thenable].
 * Node measures non-ASCII text in UTF-16 units (done exactly here) and, when
 * grouping array items into columns, in terminal columns as ICU reports
 * them (approximated here: East Asian wide characters and common emoji
 * count 2, combining marks 0).
 *
 * vow_value_format is console.log(x)'s rendering of one argument (without
 * the newline): like inspect, but a top-level string prints raw.
 *
 * Both write at most size bytes (NUL-terminated if size > 0; buf may be NULL
 * when size is 0) and return the length the full text needs, as snprintf
 * does.  If memory runs out while rendering, the text is cut short (possibly
 * empty) and its length is returned.  Any thread.
 */
size_t vow_value_inspect(vow_value v, char *buf, size_t size);
size_t vow_value_format(vow_value v, char *buf, size_t size);

/*
 * Foreign thenables.  then() is called at most once, from a job on the
 * promise's executor, with a resolver whose first resolve/reject wins.  It
 * may keep the resolver (vow_resolver_dup) and settle it later from any
 * thread.  A throw outcome from then() rejects, unless the resolver was
 * already used, in which case it is ignored (Promises/A+ 2.3.3.3.4).
 * release(self) runs once when the last reference to the thenable value goes.
 */
typedef struct vow_resolver vow_resolver;

/*
 * vow_outcome - what a handler, executor function or then() hands back: a
 * value it returns or a value it throws.  Returning a promise or thenable
 * makes the receiver adopt it.  The zero outcome (kind 0) is invalid and is
 * reported as a TypeError with code VOW_EBADOUTCOME.  The value is moved.
 */
enum { VOW_OUTCOME_RETURN = 1, VOW_OUTCOME_THROW = 2 };
typedef struct vow_outcome {
	int kind;        /* VOW_OUTCOME_RETURN or VOW_OUTCOME_THROW */
	vow_value value; /* returned or thrown (moved with the outcome) */
} vow_outcome;

/* The two outcomes: return v, throw v (v is moved into the outcome). */
static inline vow_outcome vow_return(vow_value v) { vow_outcome o = {VOW_OUTCOME_RETURN, v}; return o; }
static inline vow_outcome vow_throw(vow_value v) { vow_outcome o = {VOW_OUTCOME_THROW, v}; return o; }

/* A foreign thenable's entries (see Foreign thenables, above). */
typedef struct vow_thenable_ops {
	vow_outcome (*then)(void *self, vow_resolver *resolver); /* at most once */
	void (*release)(void *self); /* once, when the last reference goes */
} vow_thenable_ops;

/*
 * Moves self in: on allocation failure ops->release(self) runs at once and
 * the out-of-memory error is returned.  ops NULL or ops->then NULL gives a
 * TypeError (release(self) runs if there is one).
 */
vow_value vow_thenable(const vow_thenable_ops *ops, void *self);
/* The self of a foreign thenable (borrowed); NULL for other kinds. */
void *vow_thenable_self(vow_value t);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_VALUE_H */

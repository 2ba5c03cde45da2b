/* value.c - constructing, sharing and releasing values. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "objects.h"
#include "small_cache.h"

static struct error_obj oom_error = {
	.h = {.refs = OBJ_IMMORTAL, .size = 0},
	.code = VOW_ENOMEM,
	.name = "Error",
	.errors = {VOW_UNDEFINED, {.i = 0}},
};
/* The flexible message[] of a static object cannot be initialised. */
static const char oom_message[] = "out of memory";

vow_value vow__oom_error(void)
{
	vow_value v = {VOW_ERROR, {.obj = &oom_error.h}};
	return v;
}

static void *obj_new(size_t size)
{
	struct vow_obj *o;

	if (size > UINT32_MAX)
		return NULL;
	o = vow__malloc_sized(size);
	if (o != NULL) {
		atomic_init(&o->refs, 1);
		o->size = (uint32_t)size;
	}
	return o;
}

static vow_value obj_value(vow_kind kind, void *obj)
{
	vow_value v = {kind, {.obj = obj}};

	vow__own_obj_born(obj, kind);
	return v;
}

static bool is_heap(vow_kind kind)
{
	return kind >= VOW_STRING;
}

/* Relaxed: OBJ_IMMORTAL is set at compile time and never changes. */
static bool is_immortal(struct vow_obj *obj)
{
	return vow_load(&obj->refs, RELAXED) == OBJ_IMMORTAL;
}

vow_value vow_strn(const char *s, size_t n)
{
	struct str_obj *o = obj_new(sizeof *o + n + 1);

	if (o == NULL)
		return vow__oom_error();
	o->len = n;
	if (n > 0)
		memcpy(o->data, s, n);
	o->data[n] = '\0';
	return obj_value(VOW_STRING, o);
}

vow_value vow_str(const char *s)
{
	return s == NULL ? vow_strn("", 0) : vow_strn(s, strlen(s));
}

static vow_value str_vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	struct str_obj *o;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	o = obj_new(sizeof *o + (size_t)n + 1);
	if (o == NULL)
		return vow__oom_error();
	vsnprintf(o->data, (size_t)n + 1, fmt, ap);
	o->len = (size_t)n;
	return obj_value(VOW_STRING, o);
}

vow_value vow_strf(const char *fmt, ...)
{
	va_list ap;
	vow_value v;

	va_start(ap, fmt);
	v = str_vformat(fmt, ap);
	va_end(ap);
	return v;
}

vow_value vow_box(void *data, void (*dtor)(void *data))
{
	struct box_obj *o = obj_new(sizeof *o);

	if (o == NULL) {
		if (dtor != NULL)
			dtor(data);
		return vow__oom_error();
	}
	o->data = data;
	o->dtor = dtor;
	return obj_value(VOW_BOX, o);
}

static vow_value error_vnew(int code, const char *name, vow_value errors,
			    const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	struct error_obj *o;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	/* The name is copied behind the message, so any string will do. */
	size_t name_len = strlen(name);
	o = obj_new(sizeof *o + (size_t)n + 1 + name_len + 1);
	if (o == NULL) {
		vow_value_drop(errors);
		return vow__oom_error();
	}
	o->code = code;
	o->errors = errors;
	vsnprintf(o->message, (size_t)n + 1, fmt, ap);
	o->name = memcpy(o->message + n + 1, name, name_len + 1);
	return obj_value(VOW_ERROR, o);
}

vow_value vow_error(int code, const char *fmt, ...)
{
	va_list ap;
	vow_value v;

	va_start(ap, fmt);
	v = error_vnew(code, "Error", vow_undefined(), fmt, ap);
	va_end(ap);
	return v;
}

vow_value vow_error_named(int code, const char *name, const char *fmt, ...)
{
	va_list ap;
	vow_value v;

	va_start(ap, fmt);
	v = error_vnew(code, name != NULL && name[0] != '\0' ? name : "Error",
		       vow_undefined(), fmt, ap);
	va_end(ap);
	return v;
}

static vow_value error_new(int code, const char *name, vow_value errors, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static vow_value error_new(int code, const char *name, vow_value errors, const char *fmt, ...)
{
	va_list ap;
	vow_value v;

	va_start(ap, fmt);
	v = error_vnew(code, name, errors, fmt, ap);
	va_end(ap);
	return v;
}

vow_value vow_type_error(const char *fmt, ...)
{
	va_list ap;
	vow_value v;

	va_start(ap, fmt);
	v = error_vnew(VOW_EINVAL, "TypeError", vow_undefined(), fmt, ap);
	va_end(ap);
	return v;
}

vow_value vow__type_error_code(int code, const char *fmt, ...)
{
	va_list ap;
	vow_value v;

	va_start(ap, fmt);
	v = error_vnew(code, "TypeError", vow_undefined(), fmt, ap);
	va_end(ap);
	return v;
}

vow_value vow_aggregate_error(vow_value errors, const char *message)
{
	if (errors.kind != VOW_ARRAY) {
		vow_value_drop(errors);
		errors = vow_array(0);
		if (errors.kind != VOW_ARRAY)
			return errors; /* out of memory */
	}
	return error_new(VOW_EAGGREGATE, "AggregateError", errors, "%s",
			 message != NULL ? message : "");
}

/* The longest array whose size fits a size_t. */
#define ARRAY_MAX_LEN ((SIZE_MAX - sizeof(struct array_obj)) / sizeof(vow_value))

/* An array object of length n, its items not set; NULL if memory runs out. */
static struct array_obj *array_new(size_t n)
{
	struct array_obj *o;

	if (n > ARRAY_MAX_LEN)
		return NULL;
	o = obj_new(sizeof *o + n * sizeof(vow_value));
	if (o != NULL)
		o->len = n;
	return o;
}

vow_value vow_array(size_t n)
{
	struct array_obj *o = array_new(n);

	if (o == NULL)
		return vow__oom_error();
	for (size_t i = 0; i < n; i++)
		o->items[i] = vow_undefined();
	return obj_value(VOW_ARRAY, o);
}

vow_value vow_array_of(size_t n, const vow_value *items)
{
	struct array_obj *o;

	if (items == NULL && n > 0)
		return vow_type_error("vow_array_of: items is NULL");
	o = array_new(n);
	if (o == NULL) {
		/* Past ARRAY_MAX_LEN no memory holds the items: none to release. */
		for (size_t i = 0; n <= ARRAY_MAX_LEN && i < n; i++)
			vow_value_drop(items[i]);
		return vow__oom_error();
	}
	if (n > 0)
		memcpy(o->items, items, n * sizeof(vow_value));
	return obj_value(VOW_ARRAY, o);
}

int vow_array_set(vow_value a, size_t i, vow_value item)
{
	struct array_obj *o = (struct array_obj *)a.as.obj;

	vow__own_obj_use(a, __func__);
	if (a.kind != VOW_ARRAY || i >= o->len) {
		vow_value_drop(item);
		return VOW_EINVAL;
	}
	vow_value_drop(o->items[i]);
	o->items[i] = item;
	return 0;
}

size_t vow_array_len(vow_value a)
{
	vow__own_obj_use(a, __func__);
	return a.kind == VOW_ARRAY ? ((struct array_obj *)a.as.obj)->len : 0;
}

vow_value vow_array_get(vow_value a, size_t i)
{
	vow__own_obj_use(a, __func__);
	if (a.kind != VOW_ARRAY || i >= ((struct array_obj *)a.as.obj)->len)
		return vow_undefined();
	return ((struct array_obj *)a.as.obj)->items[i];
}

vow_value vow_settled(vow_state status, vow_value value)
{
	struct settled_obj *o;

	if (status != VOW_FULFILLED && status != VOW_REJECTED) {
		vow_value_drop(value);
		return vow_type_error("a settled record's status must be fulfilled or rejected");
	}
	o = obj_new(sizeof *o);
	if (o == NULL) {
		vow_value_drop(value);
		return vow__oom_error();
	}
	o->status = status;
	o->value = value;
	return obj_value(VOW_SETTLED, o);
}

vow_state vow_settled_status(vow_value rec)
{
	vow__own_obj_use(rec, __func__);
	return rec.kind == VOW_SETTLED ? ((struct settled_obj *)rec.as.obj)->status : VOW_PENDING;
}

vow_value vow_settled_value(vow_value rec)
{
	vow__own_obj_use(rec, __func__);
	return rec.kind == VOW_SETTLED ? ((struct settled_obj *)rec.as.obj)->value : vow_undefined();
}

vow_value vow_thenable(const vow_thenable_ops *ops, void *self)
{
	struct thenable_obj *o;

	if (ops == NULL || ops->then == NULL) {
		if (ops != NULL && ops->release != NULL)
			ops->release(self); /* self was moved in */
		return vow_type_error("thenable without a then() entry");
	}
	o = obj_new(sizeof *o);
	if (o == NULL) {
		if (ops->release != NULL)
			ops->release(self);
		return vow__oom_error();
	}
	o->ops = ops;
	o->self = self;
	return obj_value(VOW_THENABLE, o);
}

void *vow_thenable_self(vow_value t)
{
	vow__own_obj_use(t, __func__);
	return t.kind == VOW_THENABLE ? ((struct thenable_obj *)t.as.obj)->self : NULL;
}

const char *vow_str_cstr(vow_value s)
{
	vow__own_obj_use(s, __func__);
	return s.kind == VOW_STRING ? ((struct str_obj *)s.as.obj)->data : NULL;
}

size_t vow_str_len(vow_value s)
{
	vow__own_obj_use(s, __func__);
	return s.kind == VOW_STRING ? ((struct str_obj *)s.as.obj)->len : 0;
}

void *vow_box_data(vow_value b)
{
	vow__own_obj_use(b, __func__);
	return b.kind == VOW_BOX ? ((struct box_obj *)b.as.obj)->data : NULL;
}

int vow_error_code(vow_value e)
{
	vow__own_obj_use(e, __func__);
	return e.kind == VOW_ERROR ? ((struct error_obj *)e.as.obj)->code : 0;
}

const char *vow_error_name(vow_value e)
{
	vow__own_obj_use(e, __func__);
	return e.kind == VOW_ERROR ? ((struct error_obj *)e.as.obj)->name : NULL;
}

const char *vow_error_message(vow_value e)
{
	vow__own_obj_use(e, __func__);
	if (e.kind != VOW_ERROR)
		return NULL;
	if (e.as.obj == &oom_error.h)
		return oom_message;
	return ((struct error_obj *)e.as.obj)->message;
}

vow_value vow_error_errors(vow_value e)
{
	vow__own_obj_use(e, __func__);
	return e.kind == VOW_ERROR ? ((struct error_obj *)e.as.obj)->errors : vow_undefined();
}

vow_value vow_value_dup(vow_value v)
{
	if (v.kind == VOW_PROMISE) {
		vow_promise_dup(v.as.promise);
	} else if (is_heap(v.kind) && !is_immortal(v.as.obj)) {
		vow__own_obj_dup(v);
		/* Relaxed: the caller already holds a reference (nothing to sync). */
		vow_fetch_add(&v.as.obj->refs, 1, RELAXED);
	}
	return v;
}

/* Out of line, so that vow_value_drop keeps nothing across a call. */
static __attribute__((noinline)) void obj_destroy(vow_kind kind, struct vow_obj *obj)
{
	vow__own_obj_dying(obj, kind);
	switch (kind) {
	case VOW_BOX: {
		struct box_obj *o = (struct box_obj *)obj;
		if (o->dtor != NULL)
			o->dtor(o->data);
		break;
	}
	case VOW_ERROR:
		vow_value_drop(((struct error_obj *)obj)->errors);
		break;
	case VOW_ARRAY: {
		struct array_obj *o = (struct array_obj *)obj;
		for (size_t i = 0; i < o->len; i++)
			vow__value_drop(o->items[i]); /* immediates: no call */
		break;
	}
	case VOW_SETTLED:
		vow_value_drop(((struct settled_obj *)obj)->value);
		break;
	case VOW_THENABLE: {
		struct thenable_obj *o = (struct thenable_obj *)obj;
		if (o->ops->release != NULL)
			o->ops->release(o->self);
		break;
	}
	default:
		break;
	}
	if (vow__own_obj_free(obj))
		return;
	vow__free_sized(obj, obj->size);
}

void vow_value_drop(vow_value v)
{
	if (v.kind == VOW_PROMISE) {
		vow_promise_release(v.as.promise);
		return;
	}
	if (!is_heap(v.kind) || is_immortal(v.as.obj))
		return;
	vow__own_obj_drop(v);
	/*
	 * acq_rel: the release half publishes this thread's use of the object
	 * to whoever frees it; the acquire half, on the last reference, pairs
	 * with every other dropper's release so the destructor sees their writes.
	 */
	if (vow_fetch_sub(&v.as.obj->refs, 1, ACQ_REL) == 1)
		obj_destroy(v.kind, v.as.obj);
}

vow_value vow__bad_outcome_error(const char *who, int kind)
{
	return vow__type_error_code(VOW_EBADOUTCOME,
				    "%s outcome kind %d is neither VOW_OUTCOME_RETURN nor "
				    "VOW_OUTCOME_THROW", who, kind);
}

vow_value vow__null_promise_error(void)
{
	return vow__type_error_code(VOW_EINVAL, "a promise value holds NULL");
}

vow_value *vow__array_items(vow_value a)
{
	assert(a.kind == VOW_ARRAY);
	return ((struct array_obj *)a.as.obj)->items;
}

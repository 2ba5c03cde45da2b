/*
 * objects.h - layouts of the heap objects behind vow_value's heap kinds.
 * Only value.c and inspect.c look inside them.
 */
#ifndef VOW_OBJECTS_H
#define VOW_OBJECTS_H

#include "core.h"
#include "ownership.h"

/* refs == OBJ_IMMORTAL marks a static object that dup/drop leave alone. */
#define OBJ_IMMORTAL UINT32_MAX

/*
 * size: the bytes allocated, so that release can hand a small block back to
 * the thread cache (small_cache.h) with its class.  It fills what would be
 * padding after refs in every object below.
 */
struct vow_obj {
	_Atomic uint32_t refs;
	uint32_t size;
	VOW__OWN_OBJ_FIELDS /* assertion builds: the poison (ownership.h) */
};

struct str_obj {
	struct vow_obj h;
	size_t len;
	char data[];
};

struct box_obj {
	struct vow_obj h;
	void *data;
	void (*dtor)(void *data);
};

struct error_obj {
	struct vow_obj h;
	int code;
	const char *name; /* points behind message, or static for immortals */
	vow_value errors; /* AggregateError's array, else undefined */
	char message[];   /* message, NUL, name, NUL */
};

struct array_obj {
	struct vow_obj h;
	size_t len;
	vow_value items[];
};

struct settled_obj {
	struct vow_obj h;
	vow_state status;
	vow_value value;
};

struct thenable_obj {
	struct vow_obj h;
	const vow_thenable_ops *ops;
	void *self;
};

#endif /* VOW_OBJECTS_H */

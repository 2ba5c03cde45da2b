/* error.c - error names, meanings and the per-thread last error. */
#include "core.h"

static _Thread_local int last_error;

const char *vow_strerror(int code)
{
	switch (code) {
	case 0:
		return "success";
#define VOW__ERRNO_MEANING(name, value, meaning) \
	case VOW_##name:                         \
		return meaning;
		VOW_ERRNO_MAP(VOW__ERRNO_MEANING)
#undef VOW__ERRNO_MEANING
	default:
		return "unknown error";
	}
}

const char *vow_err_name(int code)
{
	switch (code) {
	case 0:
		return "0";
#define VOW__ERRNO_NAME(name, value, meaning) \
	case VOW_##name:                      \
		return "VOW_" #name;
		VOW_ERRNO_MAP(VOW__ERRNO_NAME)
#undef VOW__ERRNO_NAME
	default:
		return "VOW_UNKNOWN";
	}
}

int vow_last_error(void)
{
	return last_error;
}

void vow_last_error_set(int code)
{
	last_error = code;
}

void vow__set_last_error(int code)
{
	last_error = code;
}

void *vow__fail(int code)
{
	last_error = code;
	return NULL;
}

/*
 * vow/error.h - error codes.
 *
 * Every fallible function in vow returns 0 (or a non-NULL pointer) on success
 * and a negative code from this list on failure.  Functions that return a
 * pointer return NULL on failure and record the code in vow_last_error().
 */
#ifndef VOW_ERROR_H
#define VOW_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* X(name, value, meaning): the one list of error codes. */
#define VOW_ERRNO_MAP(X)                                                        \
	X(EINVAL,      -1, "invalid argument")                                  \
	X(ENOMEM,      -2, "out of memory")                                     \
	X(EALREADY,    -3, "promise already resolved")                          \
	X(ESELF,       -4, "promise resolved with itself")                      \
	X(EBADOUTCOME, -5, "handler outcome is neither a return nor a throw")   \
	X(EAGGREGATE,  -6, "all promises were rejected")                        \
	X(ETIMEDOUT,   -7, "timed out")                                         \
	X(EBUSY,       -8, "resource busy")                                     \
	X(ETHREAD,     -9, "called from a thread that does not own the object") \
	X(ESHUTDOWN,  -10, "executor is shutting down")                         \
	X(ENOTFOUND,  -11, "no such item")                                      \
	X(ENOTSUP,    -12, "not supported by this executor")                   \
	X(ENOTASYNC,  -13, "not inside an async function")                     \
	X(EABANDONED, -14, "the awaited promise can never settle")             \
	X(ECANCELED,  -15, "canceled")                                         \
	X(EABORTED,   -16, "aborted")

/* The codes of VOW_ERRNO_MAP as constants: VOW_EINVAL, VOW_ENOMEM, ... */
enum vow_errno {
#define VOW__ERRNO_ENUM(name, value, meaning) VOW_##name = (value),
	VOW_ERRNO_MAP(VOW__ERRNO_ENUM)
#undef VOW__ERRNO_ENUM
};

/*
 * vow_strerror - the meaning of an error code.
 * Any thread.  Returns a static string; never NULL.  Unknown codes (and 0)
 * give "unknown error" / "success".  Cannot fail.
 */
const char *vow_strerror(int code);

/*
 * vow_err_name - the symbolic name of an error code ("VOW_EINVAL").
 * Any thread.  Returns a static string; never NULL.  Cannot fail.
 */
const char *vow_err_name(int code);

/*
 * vow_last_error - the code recorded by the last vow call on this thread that
 * failed by returning NULL.  Thread-local; not reset by successful calls.
 * Any thread (each sees its own code; 0 before any failure).  Cannot fail.
 */
int vow_last_error(void);

/*
 * vow_last_error_set - record code as this thread's last error, for
 * libraries built on vow whose functions fail the way vow's do (return
 * NULL, code in vow_last_error()): the optional components (vow/mpi.h)
 * and a user's own.  Thread-local; any thread.  Cannot fail.
 */
void vow_last_error_set(int code);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_ERROR_H */

/*
 * fcontext.h - boost.context's fcontext, as boost/context/detail/fcontext.hpp
 * (1.74) declares it inside extern "C": libboost_context exports these with
 * C linkage.  jump_fcontext saves the callee-saved registers and the SSE and
 * x87 control words on the current stack, switches stacks, and returns in
 * the context it jumped to, with the context it came from in fctx.
 * (core-internal: fiber.c, and bench/fiber_vow.c's raw reference.)
 */
#ifndef VOW_FCONTEXT_H
#define VOW_FCONTEXT_H

#include <stddef.h>

typedef void *fcontext_t;
typedef struct {
	fcontext_t fctx;
	void *data;
} transfer_t;
transfer_t jump_fcontext(fcontext_t const to, void *vp);
fcontext_t make_fcontext(void *sp, size_t size, void (*fn)(transfer_t));
transfer_t ontop_fcontext(fcontext_t const to, void *vp, transfer_t (*fn)(transfer_t));

#endif /* VOW_FCONTEXT_H */

/*
 * promise.c - the promise object: references, the state word (see the table
 * in promise_impl.h), attaching reactions and settling.
 */
#include <stdio.h>
#include <stdlib.h>

#include "debug_yield.h"
#include "promise_impl.h"

/* Stored into refs when a promise is freed, so a later release is caught. */
#define REFS_POISON 0xdead0000u

vow_promise *vow__promise_alloc(vow_executor *ex)
{
	vow_promise *p = vow__malloc(sizeof *p);

	if (p == NULL)
		return vow__fail(VOW_ENOMEM);
	atomic_init(&p->state, (uintptr_t)TAG_PENDING);
	atomic_init(&p->refs, 1);
	atomic_init(&p->flags, 0);
	p->ex = ex;
	p->result = vow_undefined();
	return p;
}

vow_promise *vow_promise_dup(vow_promise *p)
{
	if (p != NULL) {
		/* Relaxed: the caller's own reference keeps p alive. */
		vow_fetch_add(&p->refs, 1, RELAXED);
	}
	return p;
}

static void discard_list(uintptr_t w)
{
	vow_job *j = (vow_job *)(w & ~(uintptr_t)TAG_MASK);

	while (j != NULL) {
		vow_job *next = j->next;
		j->ops->discard(j);
		j = next;
	}
}

static void promise_destroy(vow_promise *p)
{
	/* Relaxed: the acq_rel decrement that brought refs to 0 synchronised. */
	uintptr_t w = vow_load(&p->state, RELAXED);
	uint32_t flags = vow_load(&p->flags, RELAXED);

	if (word_tag(w) == TAG_REJECTED && !(flags & PROMISE_HANDLED) &&
	    p->ex->ops->track == NULL)
		vow_executor_report_rejection(p->ex, VOW_UNHANDLED_REJECTION, p);
	if (!word_settled(w))
		discard_list(w);
	vow_value_drop(p->result);
#ifndef NDEBUG
	vow_store(&p->refs, REFS_POISON, RELAXED);
#endif
	vow__free(p);
}

void vow_promise_release(vow_promise *p)
{
	uint32_t old;

	if (p == NULL)
		return;
	/*
	 * acq_rel: release publishes this holder's writes; on the last
	 * reference the acquire half pairs with every earlier release so the
	 * destroyer sees the final state, result and flags.
	 */
	old = vow_fetch_sub(&p->refs, 1, ACQ_REL);
#ifndef NDEBUG
	if (old == 0 || old >= REFS_POISON) {
		fprintf(stderr, "vow: vow_promise_release: promise %p released too often\n",
			(void *)p);
		abort();
	}
#endif
	if (old == 1)
		promise_destroy(p);
}

vow_state vow_promise_state(const vow_promise *p)
{
	/* Acquire pairs with the settling exchange in vow__promise_settle. */
	uintptr_t w = p == NULL ? 0 : vow_load(&((vow_promise *)p)->state, ACQUIRE);

	switch (word_tag(w)) {
	case TAG_FULFILLED:
		return VOW_FULFILLED;
	case TAG_REJECTED:
		return VOW_REJECTED;
	default:
		return VOW_PENDING;
	}
}

vow_value vow_promise_result(const vow_promise *p)
{
	/* vow_promise_state's acquire makes result readable once settled. */
	return vow_promise_state(p) == VOW_PENDING ? vow_undefined() : p->result;
}

vow_executor *vow_promise_executor(const vow_promise *p)
{
	return p == NULL ? NULL : p->ex;
}

bool vow_promise_is_handled(const vow_promise *p)
{
	return p != NULL && (vow_load(&((vow_promise *)p)->flags, RELAXED) & PROMISE_HANDLED);
}

bool vow__promise_claim(vow_promise *p)
{
	uintptr_t w = vow_load(&p->state, RELAXED);

	/*
	 * Relaxed: claiming only elects the settler; the result it writes is
	 * published by the release exchange in vow__promise_settle.
	 */
	while (word_tag(w) == TAG_PENDING) {
		vow__debug_yield();
		if (vow_cas_weak(&p->state, &w, w | TAG_LOCKED, RELAXED, RELAXED))
			return true;
	}
	return false;
}

static void dispatch(vow_promise *p, struct reaction *r)
{
	r->source = vow_promise_dup(p);
	r->ex->ops->post(r->ex, &r->job);
}

void vow__promise_settle(vow_promise *p, vow_state st, vow_value v)
{
	uintptr_t w;
	vow_job *list = NULL;

	p->result = v;
	vow__debug_yield();
	/*
	 * Release publishes result to readers that load the word with acquire;
	 * acquire pairs with the release CAS of each attach, so the nodes taken
	 * here are fully written.
	 */
	w = vow_exchange(&p->state, st == VOW_FULFILLED ? (uintptr_t)TAG_FULFILLED
							 : (uintptr_t)TAG_REJECTED,
			 ACQ_REL);
	assert(word_tag(w) == TAG_LOCKED);
	if (st == VOW_REJECTED && !(vow_load(&p->flags, RELAXED) & PROMISE_HANDLED) &&
	    p->ex->ops->track != NULL)
		p->ex->ops->track(p->ex, p, VOW_TRACK_REJECT);

	/* The list is newest first: reverse it into registration order. */
	for (vow_job *j = (vow_job *)(w & ~(uintptr_t)TAG_MASK); j != NULL;) {
		vow_job *next = j->next;
		j->next = list;
		list = j;
		j = next;
	}
	while (list != NULL) {
		vow_job *next = list->next;
		dispatch(p, (struct reaction *)list);
		list = next;
	}
}

void vow__promise_attach(vow_promise *p, struct reaction *r)
{
	/* Relaxed: the flag is read by the owner thread or after a release. */
	uint32_t old_flags = vow_fetch_or(&p->flags, PROMISE_HANDLED, RELAXED);
	/* Acquire pairs with the settling exchange: a settled tag means result is readable. */
	uintptr_t w = vow_load(&p->state, ACQUIRE);

	while (!word_settled(w)) {
		r->job.next = (vow_job *)(w & ~(uintptr_t)TAG_MASK);
		vow__debug_yield();
		/* Release publishes *r to the settler's acquire exchange. */
		if (vow_cas_weak(&p->state, &w, (uintptr_t)r | word_tag(w), RELEASE, ACQUIRE))
			return;
	}
	if (word_tag(w) == TAG_REJECTED && !(old_flags & PROMISE_HANDLED) &&
	    p->ex->ops->track != NULL)
		p->ex->ops->track(p->ex, p, VOW_TRACK_HANDLE);
	dispatch(p, r);
}

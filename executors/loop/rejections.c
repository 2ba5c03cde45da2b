/* rejections.c - Node-style unhandled-rejection tracking (rejections.h). */
#include "core.h"
#include "rejections.h"

struct vow__rejection {
	struct vow__rejection *next;
	vow_promise *p; /* a reference; NULL once forgotten (pending list only) */
};

void vow__rejections_init(struct vow__rejections *r)
{
	r->pending_head = r->pending_tail = NULL;
	r->pending_len = 0;
	r->warned = NULL;
	r->handled_head = r->handled_tail = NULL;
}

static void free_list(struct vow__rejection *rec)
{
	while (rec != NULL) {
		struct vow__rejection *next = rec->next;

		vow_promise_release(rec->p); /* NULL is a no-op */
		vow__free(rec);
		rec = next;
	}
}

void vow__rejections_fini(struct vow__rejections *r)
{
	free_list(r->pending_head);
	free_list(r->warned);
	free_list(r->handled_head);
	vow__rejections_init(r);
}

static void append(struct vow__rejection **head, struct vow__rejection **tail,
		   struct vow__rejection *rec)
{
	rec->next = NULL;
	if (*tail != NULL)
		(*tail)->next = rec;
	else
		*head = rec;
	*tail = rec;
}

static struct vow__rejection *pop(struct vow__rejection **head, struct vow__rejection **tail)
{
	struct vow__rejection *rec = *head;

	if (rec != NULL) {
		*head = rec->next;
		if (*head == NULL)
			*tail = NULL;
		rec->next = NULL;
	}
	return rec;
}

static void handle(struct vow__rejections *r, vow_promise *p)
{
	struct vow__rejection **link;

	/* Not warned yet: forget it; its pending entry is skipped later. */
	for (struct vow__rejection *rec = r->pending_head; rec != NULL; rec = rec->next) {
		if (rec->p == p) {
			rec->p = NULL;
			vow_promise_release(p);
			return;
		}
	}
	/* Warned: move it to the rejectionHandled queue, reference and all. */
	for (link = &r->warned; *link != NULL; link = &(*link)->next) {
		if ((*link)->p == p) {
			struct vow__rejection *rec = *link;

			*link = rec->next;
			append(&r->handled_head, &r->handled_tail, rec);
			return;
		}
	}
}

int vow__rejections_track(struct vow__rejections *r, vow_promise *p, vow_rejection_op op)
{
	struct vow__rejection *rec;

	if (op == VOW_TRACK_HANDLE) {
		handle(r, p);
		return 0;
	}
	rec = vow__malloc(sizeof *rec);
	if (rec == NULL)
		return VOW_ENOMEM;
	rec->p = vow_promise_dup(p);
	append(&r->pending_head, &r->pending_tail, rec);
	r->pending_len++;
	return 0;
}

bool vow__rejections_process(struct vow__rejections *r, vow_executor *ex)
{
	bool emitted = r->handled_head != NULL;
	struct vow__rejection *rec;
	size_t len;

	/* (1) rejectionHandled, in order, including events queued meanwhile. */
	while ((rec = pop(&r->handled_head, &r->handled_tail)) != NULL) {
		vow_executor_report_rejection(ex, VOW_REJECTION_HANDLED, rec->p);
		vow_promise_release(rec->p);
		vow__free(rec);
	}
	/* (2) unhandledRejection, for the entries present now, in order. */
	for (len = r->pending_len; len > 0; len--) {
		rec = pop(&r->pending_head, &r->pending_tail);
		r->pending_len--;
		if (rec->p == NULL) { /* handled before its turn */
			vow__free(rec);
			continue;
		}
		/* Warned before the event, as Node does: a handler attached by
		 * the callback itself yields a rejectionHandled next round. */
		rec->next = r->warned;
		r->warned = rec;
		vow_executor_report_rejection(ex, VOW_UNHANDLED_REJECTION, rec->p);
		emitted = true;
	}
	return emitted || r->pending_head != NULL;
}

/* executor.c - the executor base: rejection policy and its reports. */
#include <stdio.h>
#include <stdlib.h>

#include "core.h"

void vow_executor_init(vow_executor *ex, const vow_executor_ops *ops)
{
	ex->ops = ops;
	ex->rejection_policy = VOW_REJECTIONS_WARN;
	ex->rejection_cb = NULL;
	ex->rejection_ud = NULL;
}

int vow_executor_set_rejection_policy(vow_executor *ex, vow_rejection_policy policy,
				      vow_rejection_fn cb, void *ud)
{
	if (ex == NULL || (unsigned)policy > VOW_REJECTIONS_IGNORE ||
	    (policy == VOW_REJECTIONS_CALLBACK && cb == NULL))
		return VOW_EINVAL;
	ex->rejection_policy = policy;
	ex->rejection_cb = policy == VOW_REJECTIONS_CALLBACK ? cb : NULL;
	ex->rejection_ud = ud;
	return 0;
}

static void print_event(vow_rejection_event ev, vow_value reason)
{
	char buf[512];

	vow_value_inspect(reason, buf, sizeof buf);
	if (ev == VOW_UNHANDLED_REJECTION)
		fprintf(stderr, "vow: unhandled promise rejection: %s\n", buf);
	else
		fprintf(stderr, "vow: promise rejection was handled asynchronously: %s\n", buf);
}

void vow_executor_report_rejection(vow_executor *ex, vow_rejection_event ev, vow_promise *p)
{
	vow_value reason = vow_promise_result(p);

	switch (ex->rejection_policy) {
	case VOW_REJECTIONS_WARN:
		print_event(ev, reason);
		break;
	case VOW_REJECTIONS_CALLBACK:
		ex->rejection_cb(ex->rejection_ud, ev, p, reason);
		break;
	case VOW_REJECTIONS_ABORT:
		print_event(ev, reason);
		if (ev == VOW_UNHANDLED_REJECTION)
			abort();
		break;
	case VOW_REJECTIONS_IGNORE:
		break;
	}
}

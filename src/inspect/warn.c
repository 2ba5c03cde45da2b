/*
 * warn.c - how the WARN and ABORT rejection policies print an event: the
 * one place the executor's reports meet the value formatter, so that the
 * executor core does not depend on it.
 */
#include <stdio.h>

#include "core.h"

void vow__warn_rejection(vow_rejection_event ev, vow_value reason)
{
	char buf[512];

	vow_value_inspect(reason, buf, sizeof buf);
	if (ev == VOW_UNHANDLED_REJECTION)
		fprintf(stderr, "vow: unhandled promise rejection: %s\n", buf);
	else
		fprintf(stderr, "vow: promise rejection was handled asynchronously: %s\n", buf);
}

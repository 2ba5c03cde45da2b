/* A timeout and a cancellable delay on the loop: no timer outlives what it guarded. */
#include <stdio.h>
#include <vow/vow.h>

static vow_outcome show(void *what, vow_value v)
{
	char buf[128];
	vow_value_format(v, buf, sizeof buf);
	printf("%s: %s\n", (const char *)what, buf);
	return vow_return(vow_undefined());
}

int main(void)
{
	vow_loop *loop = vow_loop_new(0);
	vow_executor *ex = vow_loop_executor(loop);
	vow_abort_signal *in_50ms = vow_abort_signal_timeout(ex, 50);
	vow_promise *p[5] = { vow_delay(ex, 20, NULL), vow_delay(ex, 10000, in_50ms) };
	p[2] = vow_timeout(p[0], 1000);                  /* 20 ms of work, given 1 s */
	p[3] = vow_promise_then(p[2], show, show, "work", NULL);
	p[4] = vow_promise_then(p[1], show, show, "10 s delay", NULL);
	vow_loop_run(loop);                              /* returns at 50 ms, not 10 s */
	printf("the loop ended in under a second: %s\n", vow_loop_now(loop) < 1000 ? "yes" : "no");
	for (int i = 0; i < 5; i++)
		vow_promise_release(p[i]);
	vow_abort_signal_release(in_50ms);
	vow_loop_free(loop);
}

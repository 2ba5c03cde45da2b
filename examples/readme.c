#include <stdio.h>
#include <vow/vow.h>

static vow_outcome twice(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_int(v.as.i * 2));
}

static vow_outcome show(void *ctx, vow_value v)
{
	printf("%s %lld\n", (const char *)ctx, (long long)v.as.i);
	return vow_return(vow_undefined());
}

int main(void)
{
	vow_loop *loop = vow_loop_new(0);
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *p = vow_promise_resolve(ex, vow_int(21));
	vow_promise *q = vow_promise_then(p, twice, NULL, NULL, NULL);
	vow_promise *r = vow_promise_then(q, show, NULL, "answer", NULL);

	printf("sync first\n");  /* handlers never run inside then() */
	vow_loop_run(loop);      /* prints "answer 42" */
	vow_promise_release(p);
	vow_promise_release(q);
	vow_promise_release(r);
	vow_loop_free(loop);
	return 0;
}

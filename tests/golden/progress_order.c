/* Port of js/progress_order.js: progress reports are delivered as microtasks, in order, to the listeners attached when they were made, and never once the promise settled. */
#include "golden.h"

static vow_resolver *w;

static void listener(void *name, vow_value v)
{
	log_text("%s: %s", (const char *)name, vow_str_cstr(v));
}

static vow_outcome log_handler(void *text, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)text);
	return vow_return(vow_undefined());
}

static vow_outcome log_settled(void *ctx, vow_value v)
{
	(void)ctx;
	log_text("settled: %s", vow_str_cstr(v));
	return vow_return(vow_undefined());
}

static const char *report(const char *text)
{
	int rc = vow_resolver_progress(w, vow_str(text));

	return rc == 0 ? "ok" : rc == VOW_EALREADY ? "EALREADY" : vow_strerror(rc);
}

static void at_10(void *ctx)
{
	(void)ctx;
	log_text("report 50%%: %s", report("50%"));
	vow_resolver_resolve(w, vow_str("done"));
	log_text("report after resolve: %s", report("late"));
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_promise_with_resolvers(ex, &w));

	report("lost: nobody listens yet");
	if (vow_promise_on_progress(p, listener, "a", NULL) != 0)
		golden_die("vow_promise_on_progress");
	report("10%");
	keep(vow_promise_then(keep(vow_promise_resolve(ex, vow_undefined())), log_handler, NULL,
			      "microtask", NULL));
	if (vow_promise_on_progress(p, listener, "b", NULL) != 0)
		golden_die("vow_promise_on_progress");
	report("20%");
	keep(vow_promise_then(p, log_settled, NULL, NULL, NULL));
	set_timeout(at_10, NULL, 10);
	log_text("sync end");

	int rc = golden_end();
	vow_resolver_release(w);
	return rc;
}

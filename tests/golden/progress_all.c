/* Port of js/progress_all.js: all() reports [k, n] as each input but the last finishes; the last input, or the first rejection, settles it and ends the reports. */
#include "golden.h"

/* ([k, n]) => log(name + ': ' + k + ' of ' + n) */
static void log_count(void *name, vow_value v)
{
	log_text("%s: %lld of %lld", (const char *)name,
		 (long long)vow_array_get(v, 0).as.i, (long long)vow_array_get(v, 1).as.i);
}

static vow_outcome log_all(void *ctx, vow_value v)
{
	char buf[256] = "";

	(void)ctx;
	for (size_t i = 0; i < vow_array_len(v); i++) {
		strcat(buf, i ? "," : "");
		strcat(buf, vow_str_cstr(vow_array_get(v, i)));
	}
	log_text("all fulfilled: %s", buf);
	return vow_return(vow_undefined());
}

static vow_outcome log_handler(void *text, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)text);
	return vow_return(vow_undefined());
}

static vow_outcome log_rejected(void *ctx, vow_value e)
{
	(void)ctx;
	log_text("failing rejected: %s", vow_str_cstr(e));
	return vow_return(vow_undefined());
}

static void listen(vow_promise *p, const char *name)
{
	if (vow_promise_on_progress(p, log_count, (void *)name, NULL) != 0)
		golden_die("vow_promise_on_progress");
}

int main(void)
{
	golden_begin();

	vow_value items[] = {
		item(resolve_after(30, vow_str("c"))),
		item(resolve_after(10, vow_str("a"))),
		vow_str("now"),
		item(resolve_after(20, vow_str("b"))),
	};
	vow_promise *all = keep(vow_promise_all(ex, items, 4));
	listen(all, "all");
	keep(vow_promise_then(all, log_all, NULL, NULL, NULL));

	vow_value failing_items[] = {
		item(resolve_after(5, vow_str("x"))),
		item(reject_after(15, vow_str("boom"))),
		item(resolve_after(25, vow_str("y"))),
	};
	vow_promise *failing = keep(vow_promise_all(ex, failing_items, 3));
	listen(failing, "failing");
	keep(vow_promise_catch(failing, log_rejected, NULL, NULL));
	keep(vow_promise_then(keep(vow_promise_resolve(ex, vow_undefined())), log_handler, NULL,
			      "microtask", NULL));
	log_text("sync end");

	int rc = golden_end();
	vow_value_drop(items[2]); /* the one value all() only borrowed */
	return rc;
}

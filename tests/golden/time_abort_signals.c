/* Port of js/time_abort_signals.js: listeners run once, in order, inside abort(); a second abort does nothing; any() follows the first source; timeout() aborts with a TimeoutError. */
#include "golden.h"

static vow_abort_signal *s, *any, *t;

static const char *str(vow_value v)
{
	static char buf[256];

	string_of(v, buf, sizeof buf);
	return buf;
}

static const char *yes_no(bool b) { return b ? "true" : "false"; }

static void listener_1(void *ctx, vow_value reason)
{
	(void)ctx;
	log_text("listener 1: %s", str(reason));
}

static void log_listener(void *text, vow_value reason)
{
	(void)reason;
	log_text("%s", (const char *)text);
}

static void any_listener(void *ctx, vow_value reason)
{
	(void)ctx;
	log_text("any: %s", str(reason));
}

static void timeout_listener(void *ctx, vow_value reason)
{
	(void)ctx;
	log_text("timeout signal: %s", vow_error_name(reason));
}

static void log_task(void *text) { log_text("%s", (const char *)text); }

static void listen(vow_abort_signal *sig, void (*fn)(void *, vow_value), void *ctx)
{
	if (vow_abort_signal_add_listener(sig, fn, ctx, NULL) == NULL)
		golden_die("vow_abort_signal_add_listener");
}

int main(void)
{
	golden_begin();
	vow_abort_controller *c = vow_abort_controller_new();
	if (c == NULL)
		golden_die("vow_abort_controller_new");
	s = vow_abort_controller_signal(c);
	listen(s, listener_1, NULL);
	listen(s, log_listener, "listener 2");
	vow_abort_listener *removed = vow_abort_signal_add_listener(s, log_listener, "never", NULL);
	if (removed == NULL || vow_abort_listener_remove(removed) != 0)
		golden_die("vow_abort_listener_remove");
	log_text("aborted before: %s", yes_no(vow_abort_signal_aborted(s)));
	vow_abort_controller_abort(c, vow_str("because"));
	log_text("aborted after: %s, reason: %s", yes_no(vow_abort_signal_aborted(s)),
		 str(vow_abort_signal_reason(s)));
	if (vow_abort_controller_abort(c, vow_str("again")) != VOW_EALREADY)
		golden_die("a second abort");
	log_text("reason still: %s", str(vow_abort_signal_reason(s)));

	vow_abort_controller *a = vow_abort_controller_new(), *b = vow_abort_controller_new();
	if (a == NULL || b == NULL)
		golden_die("vow_abort_controller_new");
	vow_abort_signal *sources[] = { vow_abort_controller_signal(a), vow_abort_controller_signal(b) };
	any = vow_abort_signal_any(sources, 2);
	if (any == NULL)
		golden_die("vow_abort_signal_any");
	listen(any, any_listener, NULL);
	vow_abort_controller_abort(b, vow_str("b first"));
	vow_abort_controller_abort(a, vow_str("a later"));
	log_text("any reason: %s", str(vow_abort_signal_reason(any)));

	vow_abort_signal *early = vow_abort_signal_any(&s, 1);
	if (early == NULL)
		golden_die("vow_abort_signal_any");
	log_text("any of an aborted signal: %s %s", yes_no(vow_abort_signal_aborted(early)),
		 str(vow_abort_signal_reason(early)));

	t = vow_abort_signal_timeout(ex, 30);
	if (t == NULL)
		golden_die("vow_abort_signal_timeout");
	listen(t, timeout_listener, NULL);
	set_timeout(log_task, "timer 40", 40);
	log_text("sync end");

	int rc = golden_end();
	vow_abort_signal_release(t);
	vow_abort_signal_release(early);
	vow_abort_signal_release(any);
	vow_abort_controller_release(a);
	vow_abort_controller_release(b);
	vow_abort_controller_release(c);
	return rc;
}

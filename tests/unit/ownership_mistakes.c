/*
 * ownership_mistakes.c - every ownership mistake src/ownership.h catches,
 * made on purpose, must end the program that makes it with the message
 * that names it (or, for a leak, print that message at exit); the right
 * way to write the same thing must print nothing.
 *
 * A mistake ends its process, so each runs in a child whose stdout and
 * stderr come back through pipes; the parent checks how the child ended
 * and its exact output (addresses shown as 0x?).  One ctest per case:
 * `ownership_mistakes <case>`.  A build that cannot check a mistake (no
 * assertions: nothing is checked; no quarantine: a block reused at once
 * cannot be told from a live object) exits 77, which ctest reports as
 * skipped; the right code (RIGHT cases) is checked in every build.  Under AddressSanitizer a use of freed memory must be ASan's
 * report, as it would be without these checks, and a leak must still be
 * LeakSanitizer's too.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "asan.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* ---- running a mistake in a child ------------------------------------------- */

struct child {
	int status;
	char out[256];
	char err[16384];  /* as written */
	char shown[16384]; /* err with every 0x<hex> as 0x? */
};

static void read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;
	char sink[512];
	ssize_t n;

	while ((n = read(fd, len + 1 < size ? buf + len : sink,
			 len + 1 < size ? size - 1 - len : sizeof sink)) > 0) {
		if (len + 1 < size)
			len += (size_t)n;
	}
	buf[len] = '\0';
	close(fd);
}

static void hide_addresses(const char *in, char *out)
{
	while (*in != '\0') {
		if (in[0] == '0' && in[1] == 'x') {
			*out++ = '0';
			*out++ = 'x';
			*out++ = '?';
			for (in += 2; strchr("0123456789abcdef", *in) != NULL && *in != '\0'; in++)
				;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
}

static void run_child(void (*body)(void), struct child *c)
{
	static const int cmocka_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
	int out[2], err[2];
	pid_t pid;

	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(err), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* A crash must end the child, not resume cmocka's runner in it. */
		for (size_t i = 0; i < sizeof cmocka_signals / sizeof cmocka_signals[0]; i++)
			signal(cmocka_signals[i], SIG_DFL);
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		body();
		/* exit(), not _exit(): what was never released is reported at exit. */
		exit(0);
	}
	close(out[1]);
	close(err[1]);
	read_all(err[0], c->err, sizeof c->err);
	read_all(out[0], c->out, sizeof c->out);
	assert_int_equal(waitpid(pid, &c->status, 0), pid);
	hide_addresses(c->err, c->shown);
}

static void expect_abort(const struct child *c, const char *message)
{
	if (!WIFSIGNALED(c->status) || WTERMSIG(c->status) != SIGABRT)
		fail_msg("the child did not abort (status %#x); stderr:\n%s", c->status, c->err);
	assert_string_equal(c->shown, message);
	assert_string_equal(c->out, "");
}

static void expect_clean_exit(const struct child *c, const char *out, const char *err)
{
	if (!WIFEXITED(c->status) || WEXITSTATUS(c->status) != 0)
		fail_msg("the child did not exit with 0 (status %#x); stderr:\n%s", c->status, c->err);
	assert_string_equal(c->out, out);
	assert_string_equal(c->shown, err);
}

#ifdef VOW_ASAN
/* ASan reports the use of freed memory itself, and exits with 1. */
static void expect_asan_use_after_free(const struct child *c)
{
	if (!WIFEXITED(c->status) || WEXITSTATUS(c->status) != 1)
		fail_msg("the child did not exit with ASan's 1 (status %#x); stderr:\n%s",
			 c->status, c->err);
	assert_non_null(strstr(c->err, "ERROR: AddressSanitizer: heap-use-after-free"));
}
#endif

/* ---- the program a mistake runs in ------------------------------------------ */

static vow_loop *loop;
static vow_executor *ex;

static void loop_start(void)
{
	loop = vow_loop_new(0);
	ex = vow_loop_executor(loop);
}

static void loop_end(void)
{
	vow_loop_run(loop);
	vow_loop_free(loop);
}

/* ---- 1. a borrowed argument handed on without a dup ------------------------------ */

#define LENT_TAIL \
	": the argument is only lent to the handler and is dropped when it returns; hand it on with return "

/* v => v, without the dup: the mistake. */
static vow_outcome identity_without_dup(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(v);
}

/* e => { throw e }, without the dup: the mistake. */
static vow_outcome rethrow_without_dup(void *ctx, vow_value e)
{
	(void)ctx;
	return vow_throw(e);
}

/* v => v, right. */
static vow_outcome identity(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_value_dup(v));
}

static vow_outcome print_string(void *ctx, vow_value v)
{
	(void)ctx;
	printf("%s\n", vow_str_cstr(v));
	return vow_return(vow_undefined());
}

static void then_print(vow_handler_fn fn)
{
	vow_promise *p = vow_promise_resolve(ex, vow_str("abc"));
	vow_promise *q = vow_promise_then(p, fn, NULL, NULL, NULL);
	vow_promise *r = vow_promise_then(q, print_string, NULL, NULL, NULL);

	vow_loop_run(loop);
	vow_promise_release(p);
	vow_promise_release(q);
	vow_promise_release(r);
}

static void returns_arg_body(void)
{
	loop_start();
	then_print(identity_without_dup);
	loop_end();
}

static void returns_dup_body(void)
{
	loop_start();
	then_print(identity);
	loop_end();
}

static void rethrows_reason_body(void)
{
	vow_promise *p, *q;

	loop_start();
	p = vow_promise_reject(ex, vow_error(7, "boom"));
	q = vow_promise_catch(p, rethrow_without_dup, NULL, NULL);
	vow_loop_run(loop);
	vow_promise_release(p);
	vow_promise_release(q);
	loop_end();
}

static void pool_returns_arg_body(void)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){.threads = 1});
	vow_promise *p = vow_promise_resolve(vow_pool_executor(pool), vow_str("abc"));
	vow_promise *q = vow_promise_then(p, identity_without_dup, NULL, NULL, NULL);

	vow_promise_wait(q, 10000); /* the worker aborts first */
	vow_promise_release(p);
	vow_promise_release(q);
	vow_pool_free(pool);
}

static void expect_handler_named(const struct child *c, vow_handler_fn fn)
{
	char address[32];

	snprintf(address, sizeof address, "handler %p,", (void *)fn);
	assert_non_null(strstr(c->err, address));
}

static void test_handler_returns_borrowed_arg(void **state)
{
	struct child c;

	(void)state;
	run_child(returns_arg_body, &c);
	expect_abort(&c, "vow: a handler returned its borrowed argument without vow_value_dup() "
			 "(vow_promise_then/catch/then_on handler 0x?, value 'abc')" LENT_TAIL
			 "vow_return(vow_value_dup(arg))\n");
	expect_handler_named(&c, identity_without_dup);
}

static void test_handler_rethrows_borrowed_reason(void **state)
{
	struct child c;

	(void)state;
	run_child(rethrows_reason_body, &c);
	expect_abort(&c, "vow: a handler threw its borrowed argument without vow_value_dup() "
			 "(vow_promise_then/catch/then_on handler 0x?, value [Error: boom])" LENT_TAIL
			 "vow_throw(vow_value_dup(arg))\n");
	expect_handler_named(&c, rethrow_without_dup);
}

static void test_pool_handler_returns_borrowed_arg(void **state)
{
	struct child c;

	(void)state;
	run_child(pool_returns_arg_body, &c);
	expect_abort(&c, "vow: a handler returned its borrowed argument without vow_value_dup() "
			 "(vow_promise_then/catch/then_on handler 0x?, value 'abc')" LENT_TAIL
			 "vow_return(vow_value_dup(arg))\n");
	expect_handler_named(&c, identity_without_dup);
}

static void test_handler_returns_dup(void **state)
{
	struct child c;

	(void)state;
	run_child(returns_dup_body, &c);
	expect_clean_exit(&c, "abc\n", "");
}

/* ---- 2. released after it was moved ---------------------------------------------- */

static void value_dropped_after_move_body(void)
{
	vow_value s = vow_str("x"), a = vow_array(1);

	vow_array_set(a, 0, s); /* s is the array's now */
	vow_value_drop(s);      /* the mistake */
	vow_value_drop(a);      /* the array's drop of s goes wrong */
}

static void promise_released_after_move_body(void)
{
	vow_promise *p;
	vow_value a;

	loop_start();
	p = vow_promise_resolve(ex, vow_int(1));
	a = vow_array(1);
	vow_array_set(a, 0, vow_value_promise(p)); /* p's reference is the array's now */
	vow_promise_release(p);                    /* the mistake */
	vow_value_drop(a);                         /* the array's release of p goes wrong */
	loop_end();
}

static void test_value_dropped_after_move(void **state)
{
	struct child c;

	(void)state;
	run_child(value_dropped_after_move_body, &c);
#ifdef VOW_ASAN
	expect_asan_use_after_free(&c);
#else
	expect_abort(&c, "vow: vow_value_drop: string 0x? is dropped once more than it was "
			 "referenced (it was already freed): drop only a reference you own; a "
			 "value passed to a vow function (vow_array_set, vow_resolver_resolve, "
			 "vow_return, ...) was moved there, and a borrowed one (a handler's "
			 "argument, vow_promise_result(), vow_array_get()) is not yours until you "
			 "vow_value_dup() it\n");
#endif
}

static void test_promise_released_after_move(void **state)
{
	struct child c;

	(void)state;
	run_child(promise_released_after_move_body, &c);
#ifdef VOW_ASAN
	expect_asan_use_after_free(&c);
#else
	expect_abort(&c, "vow: vow_promise_release: promise 0x? is released once more than it "
			 "was referenced (it was already freed): release only a reference you "
			 "own; vow_value_promise(p) moves your reference into the value, and "
			 "vow_resolver_promise() or a promise read out of a value is borrowed "
			 "until you vow_promise_dup() it\n");
#endif
}

/* ---- 3. a borrowed result used after its owner went ------------------------------- */

#define FREED_VALUE_TAIL \
	" was already freed: a borrowed value was used after its owner let go of it; " \
	"vow_promise_result() lasts while you hold the promise, vow_array_get() while the " \
	"array lives, a handler's argument until the handler returns: vow_value_dup() what " \
	"you keep, and drop it when done\n"

static void result_used_after_release_body(void)
{
	vow_promise *p;
	vow_value v;

	loop_start();
	p = vow_promise_resolve(ex, vow_str("abc"));
	v = vow_promise_result(p); /* borrowed from p */
	vow_promise_release(p);
	printf("%s\n", vow_str_cstr(v)); /* the mistake */
	loop_end();
}

/*
 * The same, with new strings and promises made in between and kept: a
 * freed block handed out again at once would hold one of them, alive.
 */
static void result_used_after_reuse_body(void)
{
	vow_promise *p, *kept[64];
	vow_value v;

	loop_start();
	p = vow_promise_resolve(ex, vow_str("abc"));
	v = vow_promise_result(p);
	vow_promise_release(p);
	for (int i = 0; i < 64; i++)
		kept[i] = vow_promise_resolve(ex, vow_str("xyz"));
	printf("%s\n", vow_str_cstr(v)); /* the mistake */
	for (int i = 0; i < 64; i++)
		vow_promise_release(kept[i]);
	loop_end();
}

static void promise_used_after_release_body(void)
{
	vow_promise *p;

	loop_start();
	p = vow_promise_resolve(ex, vow_int(1));
	vow_promise_release(p);
	printf("%d\n", (int)vow_promise_result(p).kind); /* the mistake */
	loop_end();
}

static void test_result_used_after_release(void **state)
{
	struct child c;

	(void)state;
	run_child(result_used_after_release_body, &c);
#ifdef VOW_ASAN
	expect_asan_use_after_free(&c);
#else
	expect_abort(&c, "vow: vow_str_cstr: string 0x?" FREED_VALUE_TAIL);
#endif
}

static void test_result_used_after_reuse(void **state)
{
	struct child c;

	(void)state;
	run_child(result_used_after_reuse_body, &c);
#ifdef VOW_ASAN
	expect_asan_use_after_free(&c);
#else
	expect_abort(&c, "vow: vow_str_cstr: string 0x?" FREED_VALUE_TAIL);
#endif
}

static void test_promise_used_after_release(void **state)
{
	struct child c;

	(void)state;
	run_child(promise_used_after_release_body, &c);
#ifdef VOW_ASAN
	expect_asan_use_after_free(&c);
#else
	expect_abort(&c, "vow: vow_promise_result: promise 0x? was already freed: it was used "
			 "after its last reference was released; hold a reference "
			 "(vow_promise_dup()) while you use it\n");
#endif
}

/* ---- 4. combinator items never dropped --------------------------------------------- */

static void all_of_items(bool drop_items)
{
	vow_value items[2];
	vow_promise *all;

	loop_start();
	items[0] = vow_value_promise(vow_promise_resolve(ex, vow_int(1)));
	items[1] = vow_str("b");
	all = vow_promise_all(ex, items, 2); /* borrows the items */
	vow_loop_run(loop);
	printf("%s\n", vow_promise_state(all) == VOW_FULFILLED ? "fulfilled" : "not fulfilled");
	vow_promise_release(all);
	if (drop_items) {
		vow_value_drop(items[0]);
		vow_value_drop(items[1]);
	}
	loop_end();
}

static void items_never_dropped_body(void)
{
	all_of_items(false);
}

static void items_dropped_body(void)
{
	all_of_items(true);
}

#define NEVER_RELEASED \
	"vow: at exit, 1 promise and 1 value (1 string) were never released: each " \
	"reference you own needs one vow_promise_release() or vow_value_drop(); " \
	"vow_promise_all, all_settled, race and any only borrow their items, so drop the " \
	"items after the call\n"

static void test_all_items_never_dropped(void **state)
{
	struct child c;

	(void)state;
	run_child(items_never_dropped_body, &c);
#ifdef VOW_ASAN
	/* Then LeakSanitizer reports the same blocks, and the exit code is ASan's 1. */
	if (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 1)
		fail_msg("the child did not exit with ASan's 1 (status %#x); stderr:\n%s", c.status,
			 c.err);
	assert_int_equal(strncmp(c.shown, NEVER_RELEASED, strlen(NEVER_RELEASED)), 0);
	assert_non_null(strstr(c.err, "ERROR: LeakSanitizer: detected memory leaks"));
	assert_string_equal(c.out, "fulfilled\n");
#else
	if (RUNNING_ON_VALGRIND) {
		/* memcheck reports the leak too, and sets the exit code as it was told. */
		if (!WIFEXITED(c.status))
			fail_msg("the child did not exit (status %#x); stderr:\n%s", c.status, c.err);
		assert_string_equal(c.out, "fulfilled\n");
		assert_string_equal(c.shown, NEVER_RELEASED);
		return;
	}
	expect_clean_exit(&c, "fulfilled\n", NEVER_RELEASED);
#endif
}

static void test_all_items_dropped(void **state)
{
	struct child c;

	(void)state;
	run_child(items_dropped_body, &c);
	expect_clean_exit(&c, "fulfilled\n", "");
}

/* ---- main: one case per run ---------------------------------------------------- */

/* Why this build cannot check a mistake, or NULL (the right code runs anywhere). */
static const char *cannot_check(const char *name, bool mistake)
{
	(void)name;
	if (!mistake)
		return NULL;
#ifdef NDEBUG
	return "the ownership checks exist in assertion builds only (NDEBUG is defined)";
#elif defined(VOW_NO_ALLOC_CACHE) && !defined(VOW_ASAN)
	if (strcmp(name, "result_used_after_reuse") == 0)
		return "VOW_ALLOC_CACHE=OFF turns the quarantine off: a freed block reused at "
		       "once holds a live object again";
	return NULL;
#else
	return NULL;
#endif
}

/* The cases; tests/CMakeLists.txt registers a test for each of these lines. */
#define MISTAKE(name) {#name, true, cmocka_unit_test(test_##name)}
#define RIGHT(name) {#name, false, cmocka_unit_test(test_##name)}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		bool mistake;
		struct CMUnitTest test;
	} cases[] = {
		MISTAKE(handler_returns_borrowed_arg),
		MISTAKE(handler_rethrows_borrowed_reason),
		MISTAKE(pool_handler_returns_borrowed_arg),
		RIGHT(handler_returns_dup),
		MISTAKE(value_dropped_after_move),
		MISTAKE(promise_released_after_move),
		MISTAKE(result_used_after_release),
		MISTAKE(result_used_after_reuse),
		MISTAKE(promise_used_after_release),
		MISTAKE(all_items_never_dropped),
		RIGHT(all_items_dropped),
	};
	const char *why;

	for (size_t i = 0; argc == 2 && i < sizeof cases / sizeof cases[0]; i++) {
		if (strcmp(argv[1], cases[i].name) != 0)
			continue;
		why = cannot_check(cases[i].name, cases[i].mistake);
		if (why != NULL) {
			printf("SKIPPED %s: %s\n", cases[i].name, why);
			return 77;
		}
		const struct CMUnitTest one[] = {cases[i].test};

		return cmocka_run_group_tests(one, NULL, NULL);
	}
	fprintf(stderr, "usage: %s <case>; the cases are:", argv[0]);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		fprintf(stderr, " %s", cases[i].name);
	fputc('\n', stderr);
	return 2;
}

/*
 * bad_input.h - the table machinery shared by the bad-input tests.
 *
 * docs/bad-input.md has one section per public header ("## loop.h") and one
 * row per bad argument, named "<function>.<case>".  Each section belongs to
 * one test file (bad_input_sections below), which lists the same IDs in a
 * table of ROW (run as its own cmocka test) and PRE (a precondition: the
 * behaviour is undefined, nothing runs) entries and calls
 * bad_input_main().  Its first test, doc_in_sync, checks that:
 *
 *   - the sections the file owns list exactly the IDs of its table, each
 *     once, and nothing else;
 *   - each ID names a function that its section's header declares;
 *   - in a section marked complete, every function the header declares
 *     has at least one row;
 *   - every section of the document belongs to a test file, and each of
 *     those files exists, so no section goes unchecked.
 *
 * Each ROW runs on a fresh loop (struct fx), is run to idle and freed in
 * teardown, so a leak in any row shows up under ASan and valgrind.
 *
 * Include after trace.h.
 */
#ifndef VOW_TESTS_BAD_INPUT_H
#define VOW_TESTS_BAD_INPUT_H

#include <ctype.h>
#include <pthread.h>
#include <sys/stat.h>

#include "trace.h"

struct fx {
	vow_loop *loop;
	vow_executor *ex;
	int dtor;  /* counts ctx_dtor / box dtor / thenable release calls */
	int ran;   /* counts callbacks, executor functions, handlers that ran */
};

struct row {
	const char *id;
	void (*check)(struct fx *f); /* NULL: a precondition, nothing to run */
};

#define BAD(fn, what) static void bad_##fn##__##what(struct fx *f)
#define ROW(fn, what) {#fn "." #what, bad_##fn##__##what}
#define PRE(fn, what) {#fn "." #what, NULL}

#define EXPECT_NULL_ERR(call, code)                             \
	do {                                                    \
		assert_null(call);                             \
		assert_int_equal(vow_last_error(), (code));     \
	} while (0)
#define EXPECT_NULL_EINVAL(call) EXPECT_NULL_ERR(call, VOW_EINVAL)

/*
 * Sets vow_last_error() to VOW_ESHUTDOWN (a poll source on a closed
 * executor), a code no NULL argument gives, so that a row can tell whether
 * the call it checks set VOW_EINVAL (or set nothing).
 */
static inline void bad_input__never_post(void *impl, vow_job *job)
{
	(void)impl;
	(void)job;
	fail_msg("post reached a closed executor");
}

static inline void bad_input__never_wake(void *impl)
{
	(void)impl;
	fail_msg("wake reached a closed executor");
}

static inline vow_poll_status bad_input__never_poll(void *ctx)
{
	(void)ctx;
	fail_msg("a poll source of a closed executor was polled");
	return VOW_POLL_IDLE;
}

static inline void bad_input_set_other_error(void)
{
	static const vow_executor_ops ops = {
		.name = "closed",
		.post = bad_input__never_post,
		.rejection_tracking = VOW_TRACK_AT_DESTROY,
		.wake = bad_input__never_wake,
	};
	vow_executor *ex = vow_executor_new(&ops, NULL);

	assert_non_null(ex);
	vow_executor_close(ex);
	assert_null(vow_poll_source_add(ex, bad_input__never_poll, NULL, NULL));
	assert_int_equal(vow_last_error(), VOW_ESHUTDOWN);
	vow_executor_release(ex);
}

/* Run fn(arg) on a new thread and wait for it. */
static inline void bad_input_on_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, fn, arg), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

/*
 * A closed executor that has timers: a pool's, which a promise keeps after
 * vow_pool_free.  Releasing *keeper lets it go.
 */
static inline vow_executor *bad_input_closed_pool_executor(vow_promise **keeper)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){.threads = 1});

	assert_non_null(pool);
	*keeper = vow_promise_resolve(vow_pool_executor(pool), vow_int(0));
	assert_non_null(*keeper);
	vow_pool_free(pool);
	assert_true(vow_executor_is_closed(vow_promise_executor(*keeper)));
	return vow_promise_executor(*keeper);
}

/* ---- which file checks which section ----------------------------------------- */

static const struct bad_input_section {
	const char *header;   /* include/vow/<header> and "## <header>" in the doc */
	const char *file;     /* tests/unit/<file> */
	bool complete;        /* every function of the header has a row */
} bad_input_sections[] = {
	{"error.h", "test_promise_bad_input.c", true},
	{"value.h", "test_promise_bad_input.c", false}, /* constructors that cannot fail have none */
	{"promise.h", "test_promise_bad_input.c", true},
	{"executor.h", "test_bad_input_executor.c", true},
	{"loop.h", "test_bad_input_loop.c", true},
	{"pool.h", "test_bad_input_pool.c", true},
	{"wait.h", "test_bad_input_wait.c", true},
	{"alloc.h", "test_bad_input_alloc.c", true},
	{"inline.h", "test_bad_input_inline.c", true},
	{"progress.h", "test_bad_input_progress.c", true},
	{"abort.h", "test_bad_input_abort.c", true},
	{"async.h", "test_bad_input_async.c", true},
};
#define BAD_INPUT_NSECTIONS (sizeof bad_input_sections / sizeof bad_input_sections[0])

/* The repository root, from this file's __FILE__ (".../tests/unit/<name>"). */
static inline void bad_input_root(const char *file, char *root, size_t size)
{
	const char *unit = strstr(file, "tests/unit/");

	assert_non_null(unit);
	snprintf(root, size, "%.*s", (int)(unit - file), file);
}

static inline const char *bad_input_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static inline const struct bad_input_section *bad_input_section_of(const char *header)
{
	for (size_t i = 0; i < BAD_INPUT_NSECTIONS; i++)
		if (strcmp(bad_input_sections[i].header, header) == 0)
			return &bad_input_sections[i];
	return NULL;
}

/*
 * The functions include/vow/<header> declares: each line at column 0 that
 * is not a typedef, a directive or a comment and has "vow_<name>(" gives
 * <name> (prototypes and static inline definitions alike).  Returns how
 * many were stored in names[].
 */
static inline size_t bad_input_header_functions(const char *root, const char *header,
						char names[][64], size_t max)
{
	char path[4096], line[1024];
	size_t n = 0;
	FILE *h;

	snprintf(path, sizeof path, "%sinclude/vow/%s", root, header);
	h = fopen(path, "r");
	if (h == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof line, h) != NULL) {
		char *s = line, *name;
		size_t len;

		if (!isalpha((unsigned char)line[0]) || strncmp(line, "typedef", 7) == 0 ||
		    strncmp(line, "enum", 4) == 0 || strncmp(line, "struct", 6) == 0 ||
		    strncmp(line, "extern", 6) == 0)
			continue;
		for (;;) {
			name = strstr(s, "vow_");
			if (name == NULL)
				break;
			len = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_");
			if (name[len] == '(' && (name == line || !isalnum((unsigned char)name[-1])))
				break;
			s = name + len;
		}
		if (name == NULL)
			continue;
		assert_true(n < max && len < 64);
		snprintf(names[n++], 64, "%.*s", (int)len, name);
	}
	fclose(h);
	return n;
}

/* The function an ID names: the part before the first '.'. */
static inline void bad_input_id_function(const char *id, char *fn, size_t size)
{
	const char *dot = strchr(id, '.');

	assert_non_null(dot);
	snprintf(fn, size, "%.*s", (int)(dot - id), id);
}

static inline void bad_input_doc_in_sync(const char *file, const struct row *rows, size_t nrows)
{
	char root[4096], path[4096 + 64], line[1024];
	char section[sizeof line] = "";
	const char *me = bad_input_basename(file);
	bool *seen = calloc(nrows ? nrows : 1, sizeof *seen);
	size_t mine = 0;
	FILE *doc;

	assert_non_null(seen);
	bad_input_root(file, root, sizeof root);
	/* Every section's test file exists, so every section is checked. */
	for (size_t i = 0; i < BAD_INPUT_NSECTIONS; i++) {
		struct stat st;

		snprintf(path, sizeof path, "%stests/unit/%s", root, bad_input_sections[i].file);
		if (stat(path, &st) != 0)
			fail_msg("%s should check the %s section, but does not exist", path,
				 bad_input_sections[i].header);
	}
	snprintf(path, sizeof path, "%sdocs/bad-input.md", root);
	doc = fopen(path, "r");
	if (doc == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof line, doc) != NULL) {
		const struct bad_input_section *sec;
		char *id, *end;
		size_t i;

		if (strncmp(line, "## ", 3) == 0) {
			line[strcspn(line, "\r\n")] = '\0';
			snprintf(section, sizeof section, "%s", line + 3);
			if (bad_input_section_of(section) == NULL)
				fail_msg("docs/bad-input.md: section %s belongs to no test file", section);
			continue;
		}
		if (strncmp(line, "| `", 3) != 0)
			continue;
		sec = bad_input_section_of(section);
		if (sec == NULL)
			fail_msg("docs/bad-input.md: a row outside any section: %s", line);
		if (strcmp(sec->file, me) != 0)
			continue; /* another file checks it */
		id = line + 3;
		end = strchr(id, '`');
		assert_non_null(end);
		*end = '\0';
		for (i = 0; i < nrows && strcmp(rows[i].id, id) != 0; i++)
			;
		if (i == nrows)
			fail_msg("docs/bad-input.md lists %s, the table of %s does not", id, me);
		if (seen[i])
			fail_msg("docs/bad-input.md lists %s twice", id);
		seen[i] = true;
		mine++;
		{
			/* The ID's function is one of its section's header. */
			static char names[256][64];
			char fn[64];
			size_t n = bad_input_header_functions(root, section, names, 256), k;

			bad_input_id_function(id, fn, sizeof fn);
			for (k = 0; k < n && strcmp(names[k], fn) != 0; k++)
				;
			if (k == n)
				fail_msg("%s: include/vow/%s declares no %s", id, section, fn);
		}
	}
	fclose(doc);
	for (size_t i = 0; i < nrows; i++)
		if (!seen[i])
			fail_msg("the table of %s lists %s, docs/bad-input.md does not", me, rows[i].id);
	assert_int_equal(mine, nrows);
	free(seen);

	/* Complete sections: every declared function has a row. */
	for (size_t s = 0; s < BAD_INPUT_NSECTIONS; s++) {
		static char names[256][64];
		const struct bad_input_section *sec = &bad_input_sections[s];
		size_t n;

		if (strcmp(sec->file, me) != 0 || !sec->complete)
			continue;
		n = bad_input_header_functions(root, sec->header, names, 256);
		assert_true(n > 0);
		for (size_t k = 0; k < n; k++) {
			size_t len = strlen(names[k]), i;

			for (i = 0; i < nrows; i++)
				if (strncmp(rows[i].id, names[k], len) == 0 && rows[i].id[len] == '.')
					break;
			if (i == nrows)
				fail_msg("%s declares %s, which has no row", sec->header, names[k]);
		}
	}
}

/* ---- running the rows ----------------------------------------------------------- */

struct bad_input_state {
	struct fx f;
	const struct row *row;
};

static int bad_input_setup(void **state)
{
	struct bad_input_state *rs = calloc(1, sizeof *rs);

	if (rs == NULL)
		return -1;
	rs->row = *state;
	rs->f.loop = test_loop_new();
	rs->f.ex = vow_loop_executor(rs->f.loop);
	*state = rs;
	return 0;
}

static int bad_input_teardown(void **state)
{
	struct bad_input_state *rs = *state;

	vow_loop_free(rs->f.loop);
	free(rs);
	return 0;
}

static void bad_input_run_row(void **state)
{
	struct bad_input_state *rs = *state;

	rs->row->check(&rs->f);
	test_loop_run(rs->f.loop);
}

static const struct row *bad_input_rows;
static size_t bad_input_nrows;
static const char *bad_input_file;

static void bad_input_test_doc_in_sync(void **state)
{
	(void)state;
	bad_input_doc_in_sync(bad_input_file, bad_input_rows, bad_input_nrows);
}

/* doc_in_sync, then every ROW as its own test (PRE rows run nothing). */
static inline int bad_input_main(const char *group, const char *file, const struct row *rows,
				 size_t nrows)
{
	struct CMUnitTest *tests = calloc(nrows + 1, sizeof *tests);
	size_t n = 0;
	int rc;

	assert_non_null(tests);
	bad_input_rows = rows;
	bad_input_nrows = nrows;
	bad_input_file = file;
	tests[n++] = (struct CMUnitTest){"doc_in_sync", bad_input_test_doc_in_sync, NULL, NULL,
					 NULL};
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].check == NULL)
			continue; /* precondition: listed, nothing to run */
		tests[n++] = (struct CMUnitTest){rows[i].id, bad_input_run_row, bad_input_setup,
						 bad_input_teardown, (void *)&rows[i]};
	}
	rc = _cmocka_run_group_tests(group, tests, n, NULL, NULL);
	free(tests);
	return rc;
}

#define BAD_INPUT_MAIN(group, rows) \
	int main(void) { return bad_input_main((group), __FILE__, (rows), sizeof(rows) / sizeof((rows)[0])); }

#endif /* VOW_TESTS_BAD_INPUT_H */

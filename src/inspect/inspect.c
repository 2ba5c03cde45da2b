/*
 * inspect.c - render values as Node 20's util.inspect() / console.log() do.
 *
 * This is a port of the parts of Node's lib/internal/util/inspect.js that
 * vow's values can reach, with its default options (depth 2, breakLength 80,
 * compact 3, maxArrayLength 100, maxStringLength 10000, no colors):
 * formatValue / formatRaw (depth limit, circular references), formatPrimitive
 * and strEscape (quoting, escapes, splitting long multi-line strings),
 * formatNumber, formatError, formatPromise, formatArray, groupArrayElements
 * and reduceToSingleString.  Node measures lengths in UTF-16 code units and
 * (in groupArrayElements) display columns; we compute both from the UTF-8
 * text (the column width of non-ASCII text is an approximation of ICU's).
 *
 * Every piece is built in a growable string; on allocation failure the
 * builder stops growing and the caller gets a truncated (possibly empty)
 * result.  The recursion depth is bounded by the depth limit.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects.h"

/* Node's util.inspect defaults. */
enum {
	INSPECT_DEPTH = 2,
	BREAK_LENGTH = 80,
	COMPACT = 3,
	MAX_ARRAY_LENGTH = 100,
	MAX_STRING_LENGTH = 10000,
	MIN_LINE_LENGTH = 16, /* kMinLineLength */
};

/* ---- string builder ----------------------------------------------------- */

struct ictx;

typedef struct sb {
	char *p;
	size_t len, cap;
} sb;

typedef struct ictx {
	int indent;        /* ctx.indentationLvl */
	int current_depth; /* ctx.currentDepth */
	bool oom;
	const void *seen[8]; /* bounded by the depth limit */
	size_t nseen;
	const void **circular; /* ctx.circular: index i+1 <-> circular[i] */
	size_t ncircular, capcircular;
} ictx;

static void sb_free(sb *s)
{
	vow__free(s->p);
	s->p = NULL;
	s->len = s->cap = 0;
}

static bool sb_reserve(ictx *c, sb *s, size_t extra)
{
	size_t need, cap;
	char *p;

	if (c->oom)
		return false;
	if (extra > SIZE_MAX / 2 - s->len - 1) {
		c->oom = true;
		return false;
	}
	need = s->len + extra + 1;
	if (need <= s->cap)
		return true;
	cap = s->cap < 64 ? 64 : s->cap;
	while (cap < need)
		cap *= 2;
	p = vow__malloc(cap);
	if (p == NULL) {
		c->oom = true;
		return false;
	}
	if (s->len > 0)
		memcpy(p, s->p, s->len);
	p[s->len] = '\0';
	vow__free(s->p);
	s->p = p;
	s->cap = cap;
	return true;
}

static void sb_put(ictx *c, sb *s, const char *d, size_t n)
{
	if (!sb_reserve(c, s, n))
		return;
	if (n > 0)
		memcpy(s->p + s->len, d, n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void sb_puts(ictx *c, sb *s, const char *d)
{
	sb_put(c, s, d, strlen(d));
}

static void sb_putc(ictx *c, sb *s, char ch)
{
	sb_put(c, s, &ch, 1);
}

static void sb_spaces(ictx *c, sb *s, size_t n)
{
	if (!sb_reserve(c, s, n))
		return;
	memset(s->p + s->len, ' ', n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void sb_cat(ictx *c, sb *s, const sb *t)
{
	sb_put(c, s, t->p, t->len);
}

static bool sb_has_nl(const sb *s)
{
	return s->len > 0 && memchr(s->p, '\n', s->len) != NULL;
}

/* A list of formatted entries (Node's `output` array). */
typedef struct slist {
	sb *items;
	size_t n, cap;
} slist;

/* Takes *s (cleared) into the list; on failure frees it. */
static void sl_push(ictx *c, slist *l, sb *s)
{
	if (!c->oom && l->n == l->cap) {
		size_t cap = l->cap == 0 ? 8 : l->cap * 2;
		sb *items = vow__malloc(cap * sizeof *items);

		if (items == NULL) {
			c->oom = true;
		} else {
			if (l->n > 0)
				memcpy(items, l->items, l->n * sizeof *items);
			vow__free(l->items);
			l->items = items;
			l->cap = cap;
		}
	}
	if (c->oom) {
		sb_free(s);
		return;
	}
	l->items[l->n++] = *s;
	s->p = NULL;
	s->len = s->cap = 0;
}

static void sl_free(slist *l)
{
	for (size_t i = 0; i < l->n; i++)
		sb_free(&l->items[i]);
	vow__free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

/* ---- text measures -------------------------------------------------------- */

/* Decodes one UTF-8 sequence at s[*i]; invalid bytes decode as themselves. */
static uint32_t utf8_next(const char *s, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp = u[*i];
	size_t extra = 0;

	if (cp >= 0xF0 && cp <= 0xF4) {
		extra = 3;
		cp &= 0x07;
	} else if (cp >= 0xE0 && cp <= 0xEF) {
		extra = 2;
		cp &= 0x0F;
	} else if (cp >= 0xC2 && cp <= 0xDF) {
		extra = 1;
		cp &= 0x1F;
	}
	if (extra > 0) {
		if (n - *i - 1 < extra) {
			extra = 0;
		} else {
			for (size_t k = 1; k <= extra; k++) {
				if ((u[*i + k] & 0xC0) != 0x80) {
					extra = 0;
					break;
				}
			}
		}
		if (extra == 0) {
			cp = u[*i];
		} else {
			for (size_t k = 1; k <= extra; k++)
				cp = (cp << 6) | (u[*i + k] & 0x3F);
		}
	}
	*i += 1 + extra;
	return cp;
}

/* The JS .length of UTF-8 text: UTF-16 code units. */
static size_t u16len(const char *s, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n;) {
		if ((unsigned char)s[i] < 0x80) {
			len++;
			i++;
			continue;
		}
		len += utf8_next(s, n, &i) >= 0x10000 ? 2 : 1;
	}
	return len;
}

static size_t sb_len16(const sb *s)
{
	return u16len(s->p, s->len);
}

static bool is_zero_width(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x300 && cp <= 0x36F) ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
	       (cp >= 0xE0100 && cp <= 0xE01EF);
}

static bool is_full_width(uint32_t cp)
{
	return cp >= 0x1100 &&
	       (cp <= 0x115F || cp == 0x2329 || cp == 0x232A ||
		(cp >= 0x2E80 && cp <= 0x3247 && cp != 0x303F) || (cp >= 0x3250 && cp <= 0x4DBF) ||
		(cp >= 0x4E00 && cp <= 0xA4C6) || (cp >= 0xA960 && cp <= 0xA97C) ||
		(cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
		(cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE6B) ||
		(cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
		(cp >= 0x1B000 && cp <= 0x1B001) || (cp >= 0x1F200 && cp <= 0x1F251) ||
		(cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F680 && cp <= 0x1F6FF) ||
		(cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD));
}

/*
 * getStringWidth(str, removeControlChars = false): ASCII counts 1 per
 * printable character and 0 per control character; from the first
 * character >= 127 on, Node asks ICU (approximated here).
 */
static size_t str_width(const sb *s)
{
	size_t w = 0, i = 0;

	while (i < s->len && (unsigned char)s->p[i] < 127) {
		w += (unsigned char)s->p[i] >= 32 ? 1 : 0;
		i++;
	}
	while (i < s->len) {
		uint32_t cp = utf8_next(s->p, s->len, &i);

		if (is_zero_width(cp))
			continue;
		w += is_full_width(cp) ? 2 : 1;
	}
	return w;
}

/* ---- primitives ------------------------------------------------------------ */

/* Number.prototype.toString() for a finite, nonzero double. */
static void fmt_double(double d, char out[40])
{
	char tmp[40], digits[24];
	int nd = 0, exp10, n, p;
	const char *q;
	char *o = out;

	if (isnan(d)) {
		strcpy(out, "NaN");
		return;
	}
	if (isinf(d)) {
		strcpy(out, d < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (d == 0) {
		strcpy(out, signbit(d) ? "-0" : "0");
		return;
	}
	/* The shortest digit string that reads back as d (correctly rounded). */
	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	q = tmp;
	if (*q == '-') {
		*o++ = '-';
		q++;
	}
	for (; *q != '\0' && *q != 'e' && *q != 'E'; q++)
		if (*q >= '0' && *q <= '9' && nd < (int)sizeof digits - 1)
			digits[nd++] = *q;
	exp10 = (*q != '\0') ? atoi(q + 1) : 0;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	n = exp10 + 1; /* the decimal point sits after n digits */
	if (nd <= n && n <= 21) {
		memcpy(o, digits, (size_t)nd);
		o += nd;
		for (int k = nd; k < n; k++)
			*o++ = '0';
	} else if (0 < n && n <= 21) {
		memcpy(o, digits, (size_t)n);
		o += n;
		*o++ = '.';
		memcpy(o, digits + n, (size_t)(nd - n));
		o += nd - n;
	} else if (-6 < n && n <= 0) {
		*o++ = '0';
		*o++ = '.';
		for (int k = 0; k < -n; k++)
			*o++ = '0';
		memcpy(o, digits, (size_t)nd);
		o += nd;
	} else {
		*o++ = digits[0];
		if (nd > 1) {
			*o++ = '.';
			memcpy(o, digits + 1, (size_t)(nd - 1));
			o += nd - 1;
		}
		o += sprintf(o, "e%c%d", n - 1 > 0 ? '+' : '-', abs(n - 1));
	}
	*o = '\0';
}

static const char *const meta_ctl[32] = {
	"\\x00", "\\x01", "\\x02", "\\x03", "\\x04", "\\x05", "\\x06", "\\x07",
	"\\b",   "\\t",   "\\n",   "\\x0B", "\\f",   "\\r",   "\\x0E", "\\x0F",
	"\\x10", "\\x11", "\\x12", "\\x13", "\\x14", "\\x15", "\\x16", "\\x17",
	"\\x18", "\\x19", "\\x1A", "\\x1B", "\\x1C", "\\x1D", "\\x1E", "\\x1F",
};

static bool mem_has(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(s + i, needle, m) == 0)
			return true;
	return false;
}

/*
 * strEscape: quote and escape s[0..n) into out.  tail (may be NULL) is an
 * already escaped lone surrogate that ends the JS string.
 */
static void str_escape(ictx *c, sb *out, const char *s, size_t n, const char *tail)
{
	char quote = '\'';
	size_t last = 0;

	if (memchr(s, '\'', n) != NULL) {
		if (memchr(s, '"', n) == NULL)
			quote = '"';
		else if (memchr(s, '`', n) == NULL && !mem_has(s, n, "${"))
			quote = '`';
	}
	sb_putc(c, out, quote);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		const char *esc = NULL;
		char hex[8];
		size_t skip = 1;

		if (ch < 0x20) {
			esc = meta_ctl[ch];
		} else if (ch == '\\') {
			esc = "\\\\";
		} else if (ch == '\'' && quote == '\'') {
			esc = "\\'";
		} else if (ch == 0x7F) {
			esc = "\\x7F";
		} else if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
			   (unsigned char)s[i + 1] <= 0x9F) {
			/* U+0080..U+009F, the C1 controls */
			snprintf(hex, sizeof hex, "\\x%02X", (unsigned char)s[i + 1]);
			esc = hex;
			skip = 2;
		}
		if (esc != NULL) {
			sb_put(c, out, s + last, i - last);
			sb_puts(c, out, esc);
			i += skip - 1;
			last = i + 1;
		}
	}
	sb_put(c, out, s + last, n - last);
	if (tail != NULL)
		sb_puts(c, out, tail);
	sb_putc(c, out, quote);
}

/* formatPrimitive for a string (not at console.log's top level). */
static void format_string(ictx *c, sb *out, const char *s, size_t n)
{
	size_t len16 = u16len(s, n);
	char trailer[64] = "", lone[16] = "";
	const char *tail = NULL;

	if (len16 > MAX_STRING_LENGTH) {
		/* JS slices in UTF-16 units: the cut may split a surrogate pair,
		 * leaving a lone high surrogate that strEscape prints as \udXXX. */
		size_t remaining = len16 - MAX_STRING_LENGTH, units = 0, i = 0;

		while (i < n && units < MAX_STRING_LENGTH) {
			size_t j = i;
			uint32_t cp = utf8_next(s, n, &j);

			if (cp >= 0x10000 && units + 2 > MAX_STRING_LENGTH) {
				snprintf(lone, sizeof lone, "\\u%04x",
					 (unsigned)(0xD800 + ((cp - 0x10000) >> 10)));
				tail = lone;
				units++;
				break;
			}
			units += cp >= 0x10000 ? 2 : 1;
			i = j;
		}
		n = i;
		len16 = units;
		snprintf(trailer, sizeof trailer, "... %zu more character%s", remaining,
			 remaining > 1 ? "s" : "");
	}
	if (len16 > MIN_LINE_LENGTH &&
	    (long long)len16 > (long long)BREAK_LENGTH - c->indent - 4) {
		/* Split after each newline; quote each line on its own. */
		size_t start = 0;
		bool first = true, ends_nl = n > 0 && s[n - 1] == '\n';

		while (start < n || first) {
			const char *nl = memchr(s + start, '\n', n - start);
			size_t end = nl != NULL ? (size_t)(nl - s) + 1 : n;

			if (!first) {
				sb_puts(c, out, " +\n");
				sb_spaces(c, out, (size_t)c->indent + 2);
			}
			str_escape(c, out, s + start, end - start,
				   end == n && !ends_nl ? tail : NULL);
			first = false;
			start = end;
		}
		if (tail != NULL && ends_nl) {
			sb_puts(c, out, " +\n");
			sb_spaces(c, out, (size_t)c->indent + 2);
			str_escape(c, out, "", 0, tail);
		}
	} else {
		str_escape(c, out, s, n, tail);
	}
	sb_puts(c, out, trailer);
}

/* ---- containers ------------------------------------------------------------ */

static void format_value(ictx *c, vow_value v, int recurse, sb *out);

/* isBelowBreakLength */
static bool below_break_length(const slist *l, size_t start, const sb *base)
{
	size_t total = l->n + start;

	if (total + l->n > BREAK_LENGTH)
		return false;
	for (size_t i = 0; i < l->n; i++) {
		total += sb_len16(&l->items[i]);
		if (total > BREAK_LENGTH)
			return false;
	}
	return !sb_has_nl(base);
}

static bool is_number(vow_value v)
{
	return v.kind == VOW_INT || v.kind == VOW_DOUBLE;
}

/* groupArrayElements: may replace l's entries by rows of columns. */
static void group_array_elements(ictx *c, slist *l, const struct array_obj *arr, bool has_more)
{
	size_t total = 0, max_len = 0, out_len = l->n - (has_more ? 1 : 0);
	size_t *data_len, actual_max, columns, *max_line;
	double average_bias, biased_max, cols;
	bool pad_start = true;
	slist rows = {NULL, 0, 0};

	if (out_len == 0)
		return;
	data_len = vow__malloc(out_len * sizeof *data_len);
	if (data_len == NULL) {
		c->oom = true;
		return;
	}
	for (size_t i = 0; i < out_len; i++) {
		size_t len = str_width(&l->items[i]);

		data_len[i] = len;
		total += len + 2;
		if (max_len < len)
			max_len = len;
	}
	actual_max = max_len + 2;
	if (!(actual_max * 3 + (size_t)c->indent < BREAK_LENGTH &&
	      ((double)total / (double)actual_max > 5 || max_len <= 6))) {
		vow__free(data_len);
		return;
	}
	average_bias = sqrt((double)actual_max - (double)total / (double)l->n);
	biased_max = fmax((double)actual_max - 3 - average_bias, 1);
	cols = floor(sqrt(2.5 * biased_max * (double)out_len) / biased_max + 0.5);
	columns = (size_t)cols;
	if ((BREAK_LENGTH - (size_t)c->indent) / actual_max < columns)
		columns = (BREAK_LENGTH - (size_t)c->indent) / actual_max;
	if ((size_t)COMPACT * 4 < columns)
		columns = (size_t)COMPACT * 4;
	if (columns > 15)
		columns = 15;
	if (columns <= 1) {
		vow__free(data_len);
		return;
	}
	max_line = vow__malloc(columns * sizeof *max_line);
	if (max_line == NULL) {
		c->oom = true;
		vow__free(data_len);
		return;
	}
	for (size_t i = 0; i < columns; i++) {
		size_t m = 0;

		for (size_t j = i; j < out_len; j += columns)
			if (data_len[j] > m)
				m = data_len[j];
		max_line[i] = m + 2;
	}
	/* Numbers line up on the right (padStart), anything else on the left. */
	for (size_t i = 0; i < l->n; i++) {
		if (i >= arr->len || !is_number(arr->items[i])) {
			pad_start = false;
			break;
		}
	}
	for (size_t i = 0; i < out_len; i += columns) {
		size_t max = i + columns < out_len ? i + columns : out_len, j = i;
		sb row = {NULL, 0, 0};

		for (; j < max; j++) {
			size_t pad = max_line[j - i] > data_len[j] + 2 ? max_line[j - i] - data_len[j] - 2 : 0;
			bool last = j == max - 1;

			if (pad_start)
				sb_spaces(c, &row, pad);
			sb_cat(c, &row, &l->items[j]);
			if (!last) {
				sb_puts(c, &row, ", ");
				if (!pad_start)
					sb_spaces(c, &row, pad);
			}
		}
		sl_push(c, &rows, &row);
	}
	if (has_more) {
		sl_push(c, &rows, &l->items[l->n - 1]);
		l->n--;
	}
	vow__free(max_line);
	vow__free(data_len);
	if (c->oom) {
		sl_free(&rows);
		return;
	}
	sl_free(l);
	*l = rows;
}

/*
 * reduceToSingleString (compact = 3).  arr is the array for kArrayExtrasType
 * output (grouping), NULL for objects.  Consumes l and base.
 */
static void reduce_to_single_string(ictx *c, slist *l, sb *base, const char *brace0,
				    const char *brace1, const struct array_obj *arr,
				    bool has_more, int recurse, sb *out)
{
	size_t entries = l->n;

	if (arr != NULL && entries > 6)
		group_array_elements(c, l, arr, has_more);
	if (c->current_depth - recurse < COMPACT && entries == l->n) {
		size_t start = l->n + (size_t)c->indent + strlen(brace0) + sb_len16(base) + 10;

		if (below_break_length(l, start, base)) {
			bool nl = false;

			for (size_t i = 0; i < l->n && !nl; i++)
				nl = sb_has_nl(&l->items[i]);
			if (!nl) {
				if (base->len > 0) {
					sb_cat(c, out, base);
					sb_putc(c, out, ' ');
				}
				sb_puts(c, out, brace0);
				sb_putc(c, out, ' ');
				for (size_t i = 0; i < l->n; i++) {
					if (i > 0)
						sb_puts(c, out, ", ");
					sb_cat(c, out, &l->items[i]);
				}
				sb_putc(c, out, ' ');
				sb_puts(c, out, brace1);
				goto done;
			}
		}
	}
	if (base->len > 0) {
		sb_cat(c, out, base);
		sb_putc(c, out, ' ');
	}
	sb_puts(c, out, brace0);
	for (size_t i = 0; i < l->n; i++) {
		if (i > 0)
			sb_putc(c, out, ',');
		sb_putc(c, out, '\n');
		sb_spaces(c, out, (size_t)c->indent + 2);
		sb_cat(c, out, &l->items[i]);
	}
	sb_putc(c, out, '\n');
	sb_spaces(c, out, (size_t)c->indent);
	sb_puts(c, out, brace1);
done:
	sl_free(l);
	sb_free(base);
}

/* The identity of a container value (for circular references). */
static const void *identity(vow_value v)
{
	return v.kind == VOW_PROMISE ? (const void *)v.as.promise : (const void *)v.as.obj;
}

static bool is_seen(const ictx *c, const void *id)
{
	size_t n = c->nseen < sizeof c->seen / sizeof c->seen[0] ? c->nseen
								 : sizeof c->seen / sizeof c->seen[0];

	for (size_t i = 0; i < n; i++)
		if (c->seen[i] == id)
			return true;
	return false;
}

static size_t circular_index(const ictx *c, const void *id)
{
	for (size_t i = 0; i < c->ncircular; i++)
		if (c->circular[i] == id)
			return i + 1;
	return 0;
}

static size_t circular_add(ictx *c, const void *id)
{
	size_t idx = circular_index(c, id);

	if (idx != 0)
		return idx;
	if (c->ncircular == c->capcircular) {
		size_t cap = c->capcircular == 0 ? 4 : c->capcircular * 2;
		const void **p = vow__malloc(cap * sizeof *p);

		if (p == NULL) {
			c->oom = true;
			return 0;
		}
		if (c->ncircular > 0)
			memcpy(p, c->circular, c->ncircular * sizeof *p);
		vow__free(c->circular);
		c->circular = p;
		c->capcircular = cap;
	}
	c->circular[c->ncircular++] = id;
	return c->ncircular;
}

/* Enter a container (after the depth check): formatRaw's bookkeeping. */
static int enter(ictx *c, const void *id, int recurse)
{
	recurse++;
	if (c->nseen < sizeof c->seen / sizeof c->seen[0])
		c->seen[c->nseen] = id;
	c->nseen++;
	c->current_depth = recurse;
	return recurse;
}

/* Leave a container: prefix base with "<ref *N>" if it was referenced. */
static void leave(ictx *c, const void *id, sb *base)
{
	size_t idx = circular_index(c, id);

	c->nseen--;
	if (idx != 0) {
		char ref[48];
		sb nb = {NULL, 0, 0};

		snprintf(ref, sizeof ref, "<ref *%zu>", idx);
		sb_puts(c, &nb, ref);
		if (base->len > 0) {
			sb_putc(c, &nb, ' ');
			sb_cat(c, &nb, base);
		}
		sb_free(base);
		*base = nb;
	}
}

/* formatProperty: `${name}: ${value}` with the value indented by 2. */
static void format_property(ictx *c, const char *name, vow_value v, int recurse, slist *l)
{
	sb e = {NULL, 0, 0};

	if (name != NULL) {
		sb_puts(c, &e, name);
		sb_puts(c, &e, ": ");
	}
	c->indent += 2;
	format_value(c, v, recurse, &e);
	c->indent -= 2;
	sl_push(c, l, &e);
}

static void format_array(ictx *c, vow_value v, int recurse, sb *out)
{
	const struct array_obj *a = (const struct array_obj *)v.as.obj;
	size_t n = a->len < MAX_ARRAY_LENGTH ? a->len : MAX_ARRAY_LENGTH;
	slist l = {NULL, 0, 0};
	sb base = {NULL, 0, 0};

	if (a->len == 0) {
		sb_puts(c, out, "[]");
		return;
	}
	if (recurse > INSPECT_DEPTH) {
		sb_puts(c, out, "[Array]");
		return;
	}
	recurse = enter(c, a, recurse);
	for (size_t i = 0; i < n; i++)
		format_property(c, NULL, a->items[i], recurse, &l);
	if (a->len > n) {
		char more[64];
		size_t remaining = a->len - n;
		sb e = {NULL, 0, 0};

		snprintf(more, sizeof more, "... %zu more item%s", remaining, remaining > 1 ? "s" : "");
		sb_puts(c, &e, more);
		sl_push(c, &l, &e);
	}
	leave(c, a, &base);
	reduce_to_single_string(c, &l, &base, "[", "]", a, a->len > n, recurse, out);
}

static void format_settled(ictx *c, vow_value v, int recurse, sb *out)
{
	const struct settled_obj *o = (const struct settled_obj *)v.as.obj;
	bool rejected = o->status == VOW_REJECTED;
	slist l = {NULL, 0, 0};
	sb base = {NULL, 0, 0}, st = {NULL, 0, 0};

	if (recurse > INSPECT_DEPTH) {
		sb_puts(c, out, "[Object]");
		return;
	}
	recurse = enter(c, o, recurse);
	sb_puts(c, &st, rejected ? "status: 'rejected'" : "status: 'fulfilled'");
	sl_push(c, &l, &st);
	format_property(c, rejected ? "reason" : "value", o->value, recurse, &l);
	leave(c, o, &base);
	reduce_to_single_string(c, &l, &base, "{", "}", NULL, false, recurse, out);
}

/* formatError for an error whose stack is "Name: message" (or "Name"). */
static void format_error(ictx *c, vow_value v, int recurse, sb *out)
{
	const char *name = vow_error_name(v), *msg = vow_error_message(v);
	vow_value errors = vow_error_errors(v);
	size_t name_len, msg_len, pos = 0;
	sb stack = {NULL, 0, 0}, base = {NULL, 0, 0};
	bool framed = false;

	if (name == NULL)
		name = "Error";
	if (msg == NULL)
		msg = "";
	name_len = strlen(name);
	msg_len = strlen(msg);
	sb_put(c, &stack, name, name_len);
	if (msg_len > 0) {
		sb_puts(c, &stack, ": ");
		sb_put(c, &stack, msg, msg_len);
	}
	/* Node brackets the text unless "\n    at" follows the message. */
	if (!c->oom) {
		if (msg_len > 0) {
			for (size_t i = 0; i + msg_len <= stack.len; i++) {
				if (memcmp(stack.p + i, msg, msg_len) == 0) {
					pos = i + msg_len;
					break;
				}
			}
		}
		for (size_t i = pos; i + 7 <= stack.len && !framed; i++)
			framed = memcmp(stack.p + i, "\n    at", 7) == 0;
	}
	if (!framed)
		sb_putc(c, &base, '[');
	for (size_t i = 0; i < stack.len; i++) {
		sb_putc(c, &base, stack.p[i]);
		if (stack.p[i] == '\n')
			sb_spaces(c, &base, (size_t)c->indent);
	}
	if (!framed)
		sb_putc(c, &base, ']');
	sb_free(&stack);

	if (errors.kind != VOW_ARRAY) {
		sb_cat(c, out, &base);
		sb_free(&base);
		return;
	}
	/* AggregateError: its non-enumerable own property `errors`. */
	if (recurse > INSPECT_DEPTH) {
		sb_free(&base);
		sb_putc(c, out, '[');
		sb_puts(c, out, name);
		sb_putc(c, out, ']');
		return;
	}
	{
		slist l = {NULL, 0, 0};

		recurse = enter(c, v.as.obj, recurse);
		format_property(c, "[errors]", errors, recurse, &l);
		leave(c, v.as.obj, &base);
		reduce_to_single_string(c, &l, &base, "{", "}", NULL, false, recurse, out);
	}
}

static void format_promise(ictx *c, vow_value v, int recurse, sb *out)
{
	const vow_promise *p = v.as.promise;
	slist l = {NULL, 0, 0};
	sb base = {NULL, 0, 0}, e = {NULL, 0, 0};
	vow_state st;

	if (recurse > INSPECT_DEPTH) {
		sb_puts(c, out, "[Promise]");
		return;
	}
	recurse = enter(c, p, recurse);
	st = vow_promise_state(p);
	if (st == VOW_PENDING) {
		sb_puts(c, &e, "<pending>");
	} else {
		if (st == VOW_REJECTED)
			sb_puts(c, &e, "<rejected> ");
		c->indent += 2;
		format_value(c, vow_promise_result(p), recurse, &e);
		c->indent -= 2;
	}
	sl_push(c, &l, &e);
	leave(c, p, &base);
	reduce_to_single_string(c, &l, &base, "Promise {", "}", NULL, false, recurse, out);
}

/* formatValue */
static void format_value(ictx *c, vow_value v, int recurse, sb *out)
{
	char num[48];

	if (c->oom)
		return;
	switch (v.kind) {
	case VOW_UNDEFINED:
		sb_puts(c, out, "undefined");
		return;
	case VOW_NULL:
		sb_puts(c, out, "null");
		return;
	case VOW_BOOL:
		sb_puts(c, out, v.as.b ? "true" : "false");
		return;
	case VOW_INT:
		snprintf(num, sizeof num, "%" PRId64, v.as.i);
		sb_puts(c, out, num);
		return;
	case VOW_DOUBLE:
		fmt_double(v.as.d, num);
		sb_puts(c, out, num);
		return;
	case VOW_PTR:
		snprintf(num, sizeof num, "[Pointer 0x%" PRIxPTR "]", (uintptr_t)v.as.ptr);
		sb_puts(c, out, num);
		return;
	case VOW_STRING: {
		const struct str_obj *s = (const struct str_obj *)v.as.obj;
		format_string(c, out, s->data, s->len);
		return;
	}
	case VOW_BOX:
		snprintf(num, sizeof num, "[Box 0x%" PRIxPTR "]", (uintptr_t)vow_box_data(v));
		sb_puts(c, out, num);
		return;
	case VOW_THENABLE:
		sb_puts(c, out, "[Thenable]");
		return;
	case VOW_ERROR:
	case VOW_ARRAY:
	case VOW_SETTLED:
	case VOW_PROMISE:
		break;
	default:
		sb_puts(c, out, "undefined");
		return;
	}
	if (is_seen(c, identity(v))) {
		snprintf(num, sizeof num, "[Circular *%zu]", circular_add(c, identity(v)));
		sb_puts(c, out, num);
		return;
	}
	switch (v.kind) {
	case VOW_ERROR:
		format_error(c, v, recurse, out);
		break;
	case VOW_ARRAY:
		format_array(c, v, recurse, out);
		break;
	case VOW_SETTLED:
		format_settled(c, v, recurse, out);
		break;
	default:
		format_promise(c, v, recurse, out);
		break;
	}
}

/* ---- entry points ------------------------------------------------------------ */

static size_t emit(ictx *c, sb *s, char *buf, size_t size)
{
	size_t len = s->len;

	if (size > 0 && buf != NULL) {
		size_t n = len < size - 1 ? len : size - 1;

		if (n > 0)
			memcpy(buf, s->p, n);
		buf[n] = '\0';
	}
	sb_free(s);
	vow__free(c->circular);
	return len;
}

size_t vow_value_inspect(vow_value v, char *buf, size_t size)
{
	ictx c = {0};
	sb s = {NULL, 0, 0};

	vow__own_obj_use(v, __func__);
	format_value(&c, v, 0, &s);
	return emit(&c, &s, buf, size);
}

size_t vow_value_format(vow_value v, char *buf, size_t size)
{
	ictx c = {0};
	sb s = {NULL, 0, 0};

	vow__own_obj_use(v, __func__);
	if (v.kind == VOW_STRING) {
		const struct str_obj *o = (const struct str_obj *)v.as.obj;
		sb_put(&c, &s, o->data, o->len);
	} else {
		format_value(&c, v, 0, &s);
	}
	return emit(&c, &s, buf, size);
}

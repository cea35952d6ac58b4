/*
 * diag.c - collected configuration problems.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "xmalloc.h"

/* Create an empty problem list for one guest and file (either may be NULL). */
struct diag *
diag_new(const char *guest, const char *file)
{
	struct diag	*d;

	d = xcalloc(1, sizeof(*d));
	if (guest != NULL)
		d->d_guest = xstrdup(guest);
	if (file != NULL)
		d->d_file = xstrdup(file);
	return (d);
}

/* Free a problem list. */
void
diag_free(struct diag *d)
{
	size_t	 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->d_n; i++)
		free(d->d_v[i].de_text);
	free(d->d_v);
	free(d->d_guest);
	free(d->d_file);
	free(d);
}

/* Change the file later entries are attributed to. */
void
diag_setfile(struct diag *d, const char *file)
{
	free(d->d_file);
	d->d_file = file == NULL ? NULL : xstrdup(file);
}

/* Record one problem. */
void
diag_add(struct diag *d, enum diag_level level, int line, const char *key,
    const char *fmt, ...)
{
	struct buf	*b;
	va_list		 ap;
	char		*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);

	b = buf_new();
	if (d->d_guest != NULL)
		buf_addf(b, "%s: ", d->d_guest);
	if (d->d_file != NULL) {
		buf_adds(b, d->d_file);
		if (line > 0)
			buf_addf(b, ":%d", line);
		buf_adds(b, ": ");
	}
	if (key != NULL)
		buf_addf(b, "%s: ", key);
	buf_adds(b, msg);
	free(msg);

	if (d->d_n == d->d_cap) {
		d->d_cap = d->d_cap == 0 ? 8 : d->d_cap * 2;
		d->d_v = xreallocarray(d->d_v, d->d_cap, sizeof(*d->d_v));
	}
	d->d_v[d->d_n].de_level = level;
	d->d_v[d->d_n].de_text = buf_take(b);
	d->d_n++;
	if (level == DIAG_ERROR)
		d->d_nerrors++;
	else
		d->d_nwarnings++;
}

/* Print every problem, errors and warnings alike, in the order found. */
void
diag_print(const struct diag *d, FILE *fp)
{
	size_t	 i;

	for (i = 0; i < d->d_n; i++)
		fprintf(fp, "%s: %s%s\n", getprogname(),
		    d->d_v[i].de_level == DIAG_WARN ? "warning: " : "",
		    d->d_v[i].de_text);
}

/*
 * Edit distance between two short strings, counting a swap of two
 * neighbouring letters as one edit ("fiel" is one edit from "file").
 */
static size_t
diag_distance(const char *a, const char *b)
{
	size_t	 la, lb, i, j, *d, best, cost;

	la = strlen(a);
	lb = strlen(b);
	d = xcalloc((la + 1) * (lb + 1), sizeof(*d));
#define D(x, y)	d[(x) * (lb + 1) + (y)]
	for (i = 0; i <= la; i++)
		D(i, 0) = i;
	for (j = 0; j <= lb; j++)
		D(0, j) = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			cost = a[i - 1] == b[j - 1] ? 0 : 1;
			best = D(i - 1, j - 1) + cost;
			if (D(i - 1, j) + 1 < best)
				best = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < best)
				best = D(i, j - 1) + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && D(i - 2, j - 2) + 1 < best)
				best = D(i - 2, j - 2) + 1;
			D(i, j) = best;
		}
	}
	best = D(la, lb);
#undef D
	free(d);
	return (best);
}

/*
 * The closest candidate, accepted when the edit distance is at most a
 * third of the word's length (at least 1, at most 3): enough for a typo,
 * not so much that unrelated words match.
 */
const char *
diag_closest(const char *word, const char *const *cands, size_t ncands)
{
	const char	*best = NULL;
	size_t		 i, d, bestd = (size_t)-1, limit;

	limit = strlen(word) / 3;
	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	for (i = 0; i < ncands; i++) {
		d = diag_distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return (bestd <= limit ? best : NULL);
}

/*
 * argv.c - argument vectors.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "buf.h"
#include "xmalloc.h"

/* Create an empty vector. */
struct argv *
argv_new(void)
{
	struct argv	*a;

	a = xcalloc(1, sizeof(*a));
	a->a_cap = 8;
	a->a_v = xcalloc(a->a_cap, sizeof(*a->a_v));
	return (a);
}

/* Free a vector and its words. */
void
argv_free(struct argv *a)
{
	size_t	 i;

	if (a == NULL)
		return;
	for (i = 0; i < a->a_n; i++)
		free(a->a_v[i]);
	free(a->a_v);
	free(a);
}

/* Append a word, taking ownership of s. */
static void
argv_push(struct argv *a, char *s)
{
	if (a->a_n + 2 > a->a_cap) {
		a->a_cap *= 2;
		a->a_v = xreallocarray(a->a_v, a->a_cap, sizeof(*a->a_v));
	}
	a->a_v[a->a_n++] = s;
	a->a_v[a->a_n] = NULL;
}

/* Append a copy of a word. */
void
argv_add(struct argv *a, const char *s)
{
	argv_push(a, xstrdup(s));
}

/* Append a formatted word. */
void
argv_addf(struct argv *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	argv_push(a, s);
}

/*
 * Append the words of s split at blanks (space, tab, newline), the way
 * vm-bhyve's unquoted shell expansion splits bhyve_options and
 * bhyveload_args.  No quoting or globbing is interpreted.
 */
void
argv_addsplit(struct argv *a, const char *s)
{
	size_t	 n;

	for (;;) {
		s += strspn(s, " \t\n");
		if (*s == '\0')
			break;
		n = strcspn(s, " \t\n");
		argv_push(a, xstrndup(s, n));
		s += n;
	}
}

/* Quote a word for sh(1) when it holds anything but safe characters. */
char *
argv_quote(const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%_-+=:,./";
	struct buf	*b;
	const char	*p;

	if (*s != '\0' && s[strspn(s, safe)] == '\0')
		return (xstrdup(s));
	b = buf_new();
	buf_addc(b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *p);
	}
	buf_addc(b, '\'');
	return (buf_take(b));
}

/* Join the words with single spaces, each quoted as needed. */
char *
argv_string(const struct argv *a)
{
	struct buf	*b;
	char		*q;
	size_t		 i;

	b = buf_new();
	for (i = 0; i < a->a_n; i++) {
		q = argv_quote(a->a_v[i]);
		if (i > 0)
			buf_addc(b, ' ');
		buf_adds(b, q);
		free(q);
	}
	return (buf_take(b));
}

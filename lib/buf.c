/*
 * buf.c - growable byte buffer.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

/* Make room for at least n more bytes plus the terminating NUL. */
static void
buf_grow(struct buf *b, size_t n)
{
	size_t	 cap;

	if (b->b_len + n + 1 <= b->b_cap)
		return;
	cap = b->b_cap == 0 ? 64 : b->b_cap;
	while (cap < b->b_len + n + 1)
		cap *= 2;
	b->b_data = xreallocarray(b->b_data, cap, 1);
	b->b_cap = cap;
}

/* Create an empty buffer. */
struct buf *
buf_new(void)
{
	struct buf	*b;

	b = xcalloc(1, sizeof(*b));
	buf_grow(b, 0);
	b->b_data[0] = '\0';
	return (b);
}

/* Free a buffer and its contents. */
void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->b_data);
	free(b);
}

/* Free the buffer but return its contents as a C string. */
char *
buf_take(struct buf *b)
{
	char	*s;

	s = b->b_data;
	free(b);
	return (s);
}

/* Empty the buffer, keeping its memory. */
void
buf_reset(struct buf *b)
{
	b->b_len = 0;
	b->b_data[0] = '\0';
}

/* Append n bytes. */
void
buf_add(struct buf *b, const void *p, size_t n)
{
	memcpy(buf_extend(b, n), p, n);
}

/* Append a C string. */
void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/*
 * Append n bytes that the caller then writes through the pointer
 * returned (valid until the next change to b).
 */
char *
buf_extend(struct buf *b, size_t n)
{
	char	*p;

	buf_grow(b, n);
	p = b->b_data + b->b_len;
	b->b_len += n;
	b->b_data[b->b_len] = '\0';
	return (p);
}

/* Append one byte. */
void
buf_addc(struct buf *b, int c)
{
	char	 ch = (char)c;

	buf_add(b, &ch, 1);
}

/* Append formatted text. */
void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	buf_add(b, s, (size_t)n);
	free(s);
}

/*
 * xmalloc.c - allocation wrappers that exit on failure.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* Allocate size bytes or die. */
void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		err(1, "out of memory allocating %zu bytes", size);
	return (p);
}

/* Allocate a zeroed array of nmemb elements or die. */
void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		err(1, "out of memory allocating %zu x %zu bytes", nmemb,
		    size);
	return (p);
}

/* Resize an array with an overflow check, or die. */
void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = reallocarray(ptr, nmemb, size)) == NULL)
		err(1, "out of memory allocating %zu x %zu bytes", nmemb,
		    size);
	return (p);
}

/* Duplicate a string or die. */
char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		err(1, "out of memory copying a string");
	return (p);
}

/* Duplicate at most n bytes of a string, NUL-terminated, or die. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		err(1, "out of memory copying a string");
	return (p);
}

/*
 * vasprintf(3) or die.  Written with vsnprintf(3) because glibc declares
 * vasprintf only under _GNU_SOURCE.
 */
int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		err(1, "cannot format a string");
	*ret = xmalloc((size_t)n + 1);
	if (vsnprintf(*ret, (size_t)n + 1, fmt, ap) != n)
		errx(1, "cannot format a string");
	return (n);
}

/* asprintf(3) or die. */
int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return (n);
}

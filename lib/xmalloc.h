/*
 * xmalloc.h - allocation that never fails.
 *
 * Running out of memory is fatal in hyve: these print a message and
 * exit(1), so callers have no out-of-memory branches.  Everything they
 * return is owned by the caller and released with free(3).
 */
#ifndef HYVE_XMALLOC_H
#define HYVE_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((__format__(__printf__, 2, 0)));

#endif /* HYVE_XMALLOC_H */

/*
 * name.c - guest name validation.
 */
#include "compat.h"

#include <string.h>

#include "name.h"
#include "xmalloc.h"

/* Check a guest name against hyve's one rule. */
int
name_valid(const char *name, char **cause)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	const char	*why = NULL;
	size_t		 len = strlen(name);

	if (len == 0)
		why = "is empty";
	else if (len > NAME_MAX_LEN)
		why = "is longer than 31 bytes (the vmm(4) limit)";
	else if (strspn(name, ok) != len)
		why = "may hold only letters, digits, '.', '-' and '_'";
	else if (name[0] == '.' || name[0] == '-')
		why = "may not start with '.' or '-'";
	if (why == NULL)
		return (1);
	if (cause != NULL)
		xasprintf(cause, "invalid guest name \"%.64s%s\": it %s", name,
		    len > 64 ? "..." : "", why);
	return (0);
}

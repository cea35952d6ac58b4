/*
 * name.c - guest name validation.
 */
#include "compat.h"

#include <string.h>

#include "name.h"
#include "xmalloc.h"

/* May c appear in a guest name: an ASCII letter or digit, '.', '_', '-'? */
static int
name_char(unsigned char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
}

/* Check a guest name against hyve's one rule. */
int
name_valid(const char *name, char **cause)
{
	const char	*why = NULL;
	size_t		 len = strlen(name), i;

	/* A loop, not strspn(3): list checks every name in the store. */
	for (i = 0; i < len; i++)
		if (!name_char((unsigned char)name[i]))
			break;
	if (len == 0)
		why = "is empty";
	else if (len > NAME_MAX_LEN)
		why = "is longer than 31 bytes (the vmm(4) limit)";
	else if (i != len)
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

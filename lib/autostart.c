/*
 * autostart.c - choosing and ordering the guests that start with the
 * host.
 */
#include "compat.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "autostart.h"

/*
 * The position of name among vm_list's blank-separated words, or
 * INT_MAX when it is not there (vm-bhyve splits vm_list on blanks).
 */
static int
autostart_listpos(const char *vmlist, const char *name)
{
	const char	*p, *end;
	size_t		 len = strlen(name);
	int		 pos = 0;

	if (vmlist == NULL)
		return (INT_MAX);
	for (p = vmlist; *p != '\0'; p = end) {
		p += strspn(p, " \t\n");
		if (*p == '\0')
			break;
		end = p + strcspn(p, " \t\n");
		if ((size_t)(end - p) == len && strncmp(p, name, len) == 0)
			return (pos);
		pos++;
	}
	return (INT_MAX);
}

/* Whether guest a starts before guest b. */
static bool
autostart_before(const struct autostart_guest *a, int apos,
    const struct autostart_guest *b, int bpos)
{
	if (a->ag_order != b->ag_order)
		return (a->ag_order < b->ag_order);
	if (apos != bpos)
		return (apos < bpos);
	return (strcmp(a->ag_name, b->ag_name) < 0);
}

/* Choose and order the guests that start with the host. */
size_t
autostart_order(const struct autostart_guest *v, size_t n,
    const char *vmlist, size_t *out)
{
	size_t	 i, j, k, m = 0;
	int	 pos;

	for (i = 0; i < n; i++) {
		pos = autostart_listpos(vmlist, v[i].ag_name);
		/* An autostart key decides; without one, vm_list does. */
		if (v[i].ag_autostart == 0 ||
		    (v[i].ag_autostart == -1 && pos == INT_MAX))
			continue;
		/* Insertion sort: a host has tens of guests, not millions. */
		for (j = m; j > 0; j--) {
			k = out[j - 1];
			if (!autostart_before(&v[i], pos, &v[k],
			    autostart_listpos(vmlist, v[k].ag_name)))
				break;
			out[j] = k;
		}
		out[j] = i;
		m++;
	}
	return (m);
}

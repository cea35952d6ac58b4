/*
 * autostart.h - which guests start with the host, and in what order.
 *
 * A guest starts with the host when its autostart key is yes, or, when
 * it has no autostart key, when hyve.conf's (or rc.conf's) vm_list
 * names it, as on a vm-bhyve host.  Guests start in ascending
 * autostart_order; ties go in vm_list order (listed guests before the
 * others), then by name.  Guests of equal autostart_order form one
 * group: stopall stops the groups in reverse order and the guests of a
 * group together.
 *
 * Pure: no host access, no allocation beyond what the caller passes.
 */
#ifndef HYVE_AUTOSTART_H
#define HYVE_AUTOSTART_H

#include <stddef.h>

/* One guest as autostart sees it. */
struct autostart_guest {
	const char	*ag_name;
	int		 ag_autostart;	/* 1 yes, 0 no, -1 key absent */
	int		 ag_order;	/* autostart_order (model default) */
};

/*
 * Choose the guests of v[0..n) that start with the host and write their
 * indexes into out (room for n) in start order.  vmlist is the
 * blank-separated vm_list ("" or NULL for none).  Returns how many were
 * chosen.
 */
size_t	autostart_order(const struct autostart_guest *v, size_t n,
	    const char *vmlist, size_t *out);

#endif /* HYVE_AUTOSTART_H */

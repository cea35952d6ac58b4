/*
 * autostart.h - which guests "hyve startall" starts, and in what order.
 *
 * A guest is started when its autostart key says yes, or when it has no
 * autostart key and hyve.conf's (or rc.conf's) vm_list names it, as on a
 * vm-bhyve host.  autostart="no" keeps it out even when vm_list names
 * it.  The start order is:
 *
 *  1. autostart_order, ascending (a guest without one gets
 *     VM_AUTOSTART_ORDER, which is above every value a guest may set,
 *     so guests with an explicit order come first);
 *  2. then the guest's position in vm_list (guests not in it after
 *     those in it; a name listed twice counts where it first appears);
 *  3. then the name, byte by byte, so the order never depends on the
 *     order directories are read in.
 *
 * stopall stops guests in the reverse of this order.  Everything here
 * is pure: no file is read.  The inputs for every guest of the host
 * are quickest had from datastore_guests() and summary_load() (the
 * su_autostart and su_order fields), as "hyve list" does.
 */
#ifndef HYVE_AUTOSTART_H
#define HYVE_AUTOSTART_H

#include <stddef.h>

/* What the ordering needs to know of one guest (struct vm's fields). */
struct autostart_guest {
	const char	*ag_name;
	int		 ag_autostart;	/* 1 yes, 0 no, -1 unset: vm_list */
	int		 ag_order;	/* autostart_order (VM_AUTOSTART_ORDER
					   when the guest sets none) */
};

/*
 * Put into order[] (room for n entries, owned by the caller) the
 * indexes into guests[] of the guests to start, in start order.
 * vmlist is the space- or tab-separated vm_list (NULL or "" for none).
 * Returns how many were put.
 */
size_t	autostart_order(const char *vmlist,
	    const struct autostart_guest *guests, size_t n, size_t *order);
/* The 1-based position of name's first appearance in vmlist, or 0. */
size_t	autostart_listpos(const char *vmlist, const char *name);
/*
 * vmlist with each word that is name replaced by newname, or removed
 * when newname is NULL; words are then one space apart.  The caller
 * frees the result.
 */
char	*autostart_listedit(const char *vmlist, const char *name,
	    const char *newname);
/* Does the guest start with startall (its key, else vm_list)? */
int	autostart_wanted(const char *vmlist, const struct autostart_guest *);

#endif /* HYVE_AUTOSTART_H */

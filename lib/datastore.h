/*
 * datastore.h - where guests live: the default datastore (vm_dir) and
 * the extra ones listed in its .config/system.conf (vm-bhyve's
 * datastore_list with path_NAME, vm-bhyve-compat.md §1.6).
 *
 * A datastore is a directory (its path) or a ZFS dataset ("zfs:pool/ds"
 * in the configuration; its path is the dataset's mount point, asked of
 * zfs(8) when the list is built).  An unmounted extra ZFS datastore has
 * no path (ds_error says why) and holds no guests; an unmounted vm_dir
 * is an error.  "iso:"
 * and "img:" stores hold images, not guests.
 *
 * Ownership: datastore_list_free() releases a list; it accepts NULL.
 */
#ifndef HYVE_DATASTORE_H
#define HYVE_DATASTORE_H

#include <stddef.h>

enum datastore_kind {
	DATASTORE_DIR,		/* a plain directory */
	DATASTORE_ZFS,		/* a ZFS dataset */
	DATASTORE_ISO,		/* iso:PATH, install images only */
	DATASTORE_IMG		/* img:PATH, disk images only */
};

struct datastore {
	char			*ds_name;	/* "default" for vm_dir */
	enum datastore_kind	 ds_kind;
	char			*ds_spec;	/* as configured */
	char			*ds_path;	/* directory; NULL if unresolved */
	char			*ds_dataset;	/* ZFS dataset, else NULL */
	char			*ds_error;	/* why ds_path is NULL */
};

struct datastore_list {
	struct datastore	*dl_v;		/* the default one first */
	size_t			 dl_n;
};

/*
 * The host's datastores, the default one first, then system.conf's
 * datastore_list in order (hostconf must be loaded).  NULL with *cause
 * set when there is no vm_dir or system.conf cannot be read.
 */
struct datastore_list	*datastore_list(char **cause);
void			 datastore_list_free(struct datastore_list *);
/* The datastore called name, or NULL. */
const struct datastore	*datastore_find(const struct datastore_list *,
			    const char *name);
/*
 * The datastore holding guest name (PATH/NAME/NAME.conf is a file), the
 * first in list order as vm-bhyve searches; NULL if none has it.
 */
const struct datastore	*datastore_guest(const struct datastore_list *,
			    const char *name);

#endif /* HYVE_DATASTORE_H */

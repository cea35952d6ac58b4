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
 * The guests of a datastore are the entries X of its directory, not
 * starting with '.', for which X/X.conf is a regular file (vm-bhyve's
 * core::list); one whose name hyve cannot use (name.h) is marked.  ZFS
 * datastores are recognised and listed; their guests are listed once
 * the ZFS storage code has resolved the mount point (ds_path).
 *
 * datastore_add_conf() and datastore_remove_conf() edit a system.conf
 * in memory (the caller saves it), as vm-bhyve's "datastore add" and
 * "datastore remove" do: the name joins or leaves datastore_list and
 * path_NAME is set or deleted; nothing on disk is created or removed.
 *
 * Ownership: datastore_list_free() and datastore_guests_free() release
 * what the matching call returned; both accept NULL.  A guest entry
 * points into the datastore_list it was made from, which must outlive
 * it.
 */
#ifndef HYVE_DATASTORE_H
#define HYVE_DATASTORE_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>

struct conf;

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

/* One guest in a datastore. */
struct datastore_entry {
	char			*de_name;
	const struct datastore	*de_ds;
	bool			 de_badname;	/* fails name_valid() */
	int			 de_dirfd;	/* de_ds's open directory */
};

struct datastore_guests {
	struct datastore_entry	*dg_v;	/* datastore order, then by name */
	size_t			 dg_n;
	size_t			 dg_cap;
	DIR			**dg_dir; /* open: every de_dirfd is one's */
	size_t			 dg_ndir;
};

/*
 * Every guest of every guest datastore in dl.  A name held by two
 * datastores is listed twice; only the first is found by name.  With
 * DATASTORE_UNCHECKED, X/X.conf is not looked at for usable names: the
 * entries are the candidates, and the caller, which
 * reads X/X.conf anyway, drops those where it is not a regular file.
 * That saves "hyve list" a stat(2) per guest.
 */
#define DATASTORE_UNCHECKED	0x1
struct datastore_guests	*datastore_guests(const struct datastore_list *,
			    int flags);
/* The guests of the one datastore ds (none for iso: and img:). */
struct datastore_guests	*datastore_guests_in(const struct datastore *ds,
			    int flags);
void			 datastore_guests_free(struct datastore_guests *);

/* "directory", "zfs", "iso" or "img". */
const char		*datastore_kindname(enum datastore_kind);
/*
 * Is name usable for a new datastore: 1 to 31 lower-case letters,
 * digits and '_' (path_NAME must be a key sysrc(8) and vm-bhyve can
 * read), not "default"?  If not, *cause says why (caller frees).
 */
int			 datastore_name_valid(const char *name, char **cause);
/*
 * Check that datastore name with spec ("/dir", "zfs:pool/ds",
 * "iso:/dir", "img:/dir") may join dl: a valid new name, an absolute
 * path to an existing directory no other datastore uses (a ZFS dataset
 * is only checked for its form).  0, or -1 with *cause set.
 */
int			 datastore_check_add(const struct datastore_list *,
			    const char *name, const char *spec, char **cause);
/* Add name with spec to system.conf c.  0, or -1 with *cause set. */
int			 datastore_add_conf(struct conf *c, const char *name,
			    const char *spec, char **cause);
/* Take name out of system.conf c. */
void			 datastore_remove_conf(struct conf *c,
			    const char *name);

#endif /* HYVE_DATASTORE_H */

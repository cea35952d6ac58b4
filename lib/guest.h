/*
 * guest.h - a guest as found on disk: its file, datastore and model.
 *
 * guest_fromfile() reads a config in vm-bhyve's layout: the guest's
 * directory is the file's directory, the datastore that directory's
 * parent, and switches come from the datastore's .config/system.conf.
 *
 * Ownership: guest_free() releases everything, including g_vm and g_diag;
 * it accepts NULL.
 */
#ifndef HYVE_GUEST_H
#define HYVE_GUEST_H

struct conf;
struct diag;
struct sysconf;
struct vm;

struct guest {
	char		*g_name;
	char		*g_file;
	char		*g_gdir;	/* the file's directory */
	char		*g_dspath;	/* the datastore: its parent */
	char		*g_dataset;	/* ZFS dataset of the datastore or NULL */
	char		*g_vmdir;	/* the default datastore's path */
	struct conf	*g_conf;
	struct sysconf	*g_sysconf;
	struct vm	*g_vm;
	struct diag	*g_diag;	/* every problem found */
};

/*
 * Load the guest described by file.  name NULL means the file's base
 * name without ".conf"; dataset is the datastore's ZFS dataset or NULL.
 * Returns NULL with *cause set when the file cannot be read or the name
 * is invalid; otherwise the guest, whose g_diag holds its problems.
 */
struct guest	*guest_fromfile(const char *file, const char *name,
		    const char *dataset, const char *fwdir, char **cause);
/*
 * Build a guest from conf c, which it takes over (freed on failure
 * too): the guest called name in directory gdir of the datastore at
 * dspath (dataset: its ZFS dataset or NULL); vmdir is the default
 * datastore, whose system.conf gives the switches.  Used to check a
 * config before it is written.  NULL with *cause set when system.conf
 * cannot be read; otherwise g_diag holds the config's problems.
 */
struct guest	*guest_fromconf(struct conf *c, const char *name,
		    const char *gdir, const char *dspath, const char *dataset,
		    const char *vmdir, const char *fwdir, char **cause);
/*
 * Load the guest called name from this host's datastores (hostconf must
 * be loaded).  NULL with *cause set when it does not exist or cannot be
 * read.
 */
struct guest	*guest_load(const char *name, char **cause);
void		 guest_free(struct guest *);

#endif /* HYVE_GUEST_H */

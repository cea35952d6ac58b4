/*
 * lifecycle.h - the plans of the commands that make, change and remove
 * guests: create, destroy, rename, add, disk grow, insert, eject, set.
 *
 * Each function computes, from a guest (or a template) and the facts
 * the caller observed of the host, the new config and the storage steps
 * (storage.h) the command takes.  Nothing here touches the host, so
 * every plan is unit-tested; the CLI validates the new config through
 * the model, prints the plan for "-n" or carries it out.
 *
 * The rules are vm-bhyve's (vm-bhyve-compat.md §7): a new guest is a
 * verbatim copy of its template plus a fresh uuid and network0_mac,
 * with cpu/memory from the options and diskN_size used and stripped;
 * "add" takes the next free index and the emulation of the last device.
 *
 * Ownership: functions fill a storage plan the caller owns and edit a
 * conf the caller owns; *out and *cause are the caller's to free.
 */
#ifndef HYVE_LIFECYCLE_H
#define HYVE_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "datastore.h"

struct conf;
struct guest;
struct storage_plan;
struct sysconf;

/* What "hyve create" was asked for. */
struct lifecycle_new {
	const char		*ln_name;
	const char		*ln_template;	/* its name, for messages */
	const struct conf	*ln_tpl;	/* the template's contents */
	enum datastore_kind	 ln_kind;	/* of the target datastore */
	const char		*ln_dspath;	/* its directory */
	const char		*ln_dataset;	/* its dataset, or NULL */
	const char		*ln_cpus;	/* -c, or NULL */
	const char		*ln_memory;	/* -m, or NULL */
	const char		*ln_size;	/* -s (disk0), or NULL */
};

/*
 * Plan creating a guest: mkdir DSPATH/NAME (on ZFS: zfs create
 * [zfs_dataset_opts] DATASET/NAME, mounted there), each template disk, then
 * the config (last, so that a half-made guest is never seen).  *out is
 * the new config, for the caller to validate.  -1 with *cause set when
 * the template has no disk0_name (vm-bhyve requires one) or a size or
 * disk is unusable.
 */
int	lifecycle_create(const struct lifecycle_new *, struct conf **out,
	    struct storage_plan *, char **cause);

/* A random (version 4) UUID, lower case; caller frees. */
char	*lifecycle_uuid(void);

/*
 * Plan renaming stopped guest g to newname in the same datastore: the
 * directory (on ZFS: zfs unmount, rename and mount of its dataset,
 * which moves its mount point and its zvols), NAME.conf, and every file
 * disk named after the guest ("web.img", "web-data.img" for guest web),
 * whose diskN_name is updated.
 */
int	lifecycle_rename(const struct guest *g, const char *newname,
	    struct storage_plan *, char **cause);

/*
 * Plan removing guest g: its directory (on ZFS: zfs destroy -r of its
 * dataset, zvols and snapshots included), then its runtime directory.
 */
void	lifecycle_destroy(const struct guest *g, const char *rundir,
	    struct storage_plan *);

/*
 * "add -d disk": the next diskN (first absent diskN_name) with the
 * emulation of the last disk (virtio-blk if none), diskN.img, device
 * dev (NULL: file) of size sizestr (NULL: 20G).  Edits c and adds the
 * disk's storage and the config write to sp.
 */
int	lifecycle_adddisk(const struct guest *g, struct conf *c,
	    const char *dev, const char *sizestr, struct storage_plan *,
	    char **cause);
/*
 * "add -d network": the next networkN (first absent networkN_type) with
 * the emulation of the last NIC (virtio-net if none) on switch sw,
 * which must be in switch_list, and a fresh MAC.  Edits c.
 */
int	lifecycle_addnic(const struct guest *g, struct conf *c,
	    const char *sw, char **cause);

/*
 * "disk grow": plan growing disk ("disk1" or "1") of g, which is
 * cursize bytes now, to sizestr: truncate for a file, zfs set volsize=
 * for a zvol, whose new size must be a multiple of its blocksize (0
 * for a file).  -1 with *cause set for an unknown disk, one that is
 * neither, a size not larger than cursize, or one zfs would refuse.  lifecycle_diskpath()
 * sets *path to the disk's file, or for a zvol (*zvol true) to its
 * dataset (caller frees), so the caller can find its size first.
 */
int	lifecycle_diskpath(const struct guest *g, const char *disk,
	    char **path, bool *zvol, char **cause);
int	lifecycle_grow(const struct guest *g, const char *disk,
	    const char *sizestr, uint64_t cursize, uint64_t blocksize,
	    struct storage_plan *, char **cause);

/*
 * "insert": put iso (an absolute path) in g's first ahci-cd disk, or
 * add one at the next index.  Edits c.
 */
void	lifecycle_insert(const struct guest *g, struct conf *c,
	    const char *iso);
/*
 * "eject": empty g's first ahci-cd disk: its keys are removed when it
 * is the last disk, else it is pointed at nulliso (an empty file) so
 * the disks after it keep their numbers.  -1 with *cause set when g has
 * no CD.  Edits c.
 */
int	lifecycle_eject(const struct guest *g, struct conf *c,
	    const char *nulliso, char **cause);

/*
 * "set": apply one "KEY=VALUE" to c.  -1 with *cause set when it has
 * no '=', the key is not a key vm-bhyve reads, or the value cannot be
 * stored.
 */
int	lifecycle_set(struct conf *c, const char *assignment, char **cause);

#endif /* HYVE_LIFECYCLE_H */

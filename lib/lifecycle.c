/*
 * lifecycle.c - plans of create, destroy, rename, add, grow, insert,
 * eject and set.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "guest.h"
#include "lifecycle.h"
#include "model.h"
#include "net.h"
#include "storage.h"
#include "sysconf.h"
#include "xmalloc.h"
#include "zfs.h"

/* A copy of c that will be saved as path. */
static struct conf *
lifecycle_copy(const struct conf *c, const char *path)
{
	struct conf	*n;
	char		*text, *cause = NULL;
	size_t		 len;

	text = conf_text(c, &len);
	/* c was read or built by conf, so its text always parses again. */
	n = conf_parse(path, text, len, &cause);
	free(text);
	free(cause);
	if (n != NULL)
		n->c_mode = c->c_mode;
	return (n);
}

/* Add the step writing c over its file (replace) or as a new one. */
static void
lifecycle_writestep(struct storage_plan *sp, const struct conf *c,
    bool replace)
{
	char	*text;
	size_t	 len;

	text = conf_text(c, &len);
	storage_write(sp, c->c_path, text, c->c_mode, replace);
	free(text);
}

/* A random version 4 UUID (RFC 4122 §4.4). */
char *
lifecycle_uuid(void)
{
	uint8_t	 u[16];
	char	*s;

	arc4random_buf(u, sizeof(u));
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
	xasprintf(&s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
	    u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
	return (s);
}

/* conf_get() with an empty value counted as absent. */
static const char *
lifecycle_get(const struct conf *c, const char *fmt, int n)
{
	const char	*v;
	char		 key[64];

	snprintf(key, sizeof(key), fmt, n);
	if ((v = conf_get(c, key)) == NULL || *v == '\0')
		return (NULL);
	return (v);
}

/* Set key (a format with one %d) to value; the value is known good. */
static void
lifecycle_setn(struct conf *c, const char *fmt, int n, const char *value)
{
	char	 key[64], *cause = NULL;

	snprintf(key, sizeof(key), fmt, n);
	if (conf_set(c, key, value, &cause) == -1)
		free(cause);
}

/* Plan a new guest from its template. */
int
lifecycle_create(const struct lifecycle_new *ln, struct conf **out,
    struct storage_plan *sp, char **cause)
{
	struct conf	*c = NULL;
	struct zfs_steps *zs;
	const char	*name, *sizestr, *dev;
	char		*gdir = NULL, *path = NULL, *gds = NULL, *v;
	char		 key[64];
	uint64_t	 size;
	int		 n, rv = -1;

	*out = NULL;
	if (lifecycle_get(ln->ln_tpl, "disk%d_name", 0) == NULL) {
		xasprintf(cause, "template %s has no disk0_name (vm-bhyve "
		    "needs one to create a guest)", ln->ln_template);
		return (-1);
	}
	xasprintf(&gdir, "%s/%s", ln->ln_dspath, ln->ln_name);
	xasprintf(&path, "%s/%s.conf", gdir, ln->ln_name);
	/* A verbatim copy of the template, comments and all. */
	c = lifecycle_copy(ln->ln_tpl, path);
	c->c_mode = -1;
	v = lifecycle_uuid();
	conf_set(c, "uuid", v, cause);
	free(v);
	/* vm-bhyve writes network0_mac even when there is no NIC. */
	v = net_newmac();
	lifecycle_setn(c, "network%d_mac", 0, v);
	free(v);
	if (ln->ln_cpus != NULL && conf_set(c, "cpu", ln->ln_cpus, cause) ==
	    -1)
		goto done;
	if (ln->ln_memory != NULL && conf_set(c, "memory", ln->ln_memory,
	    cause) == -1)
		goto done;

	if (ln->ln_dataset != NULL) {
		/* vm-bhyve: one dataset per guest, mounted on its directory. */
		xasprintf(&gds, "%s/%s", ln->ln_dataset, ln->ln_name);
		zs = zfs_steps_new();
		zfs_add_create(zs, gds, conf_get(c, "zfs_dataset_opts"));
		storage_zfs(sp, zs);
		zfs_steps_free(zs);
	} else
		storage_mkdir(sp, gdir);
	for (n = 0; (name = lifecycle_get(c, "disk%d_name", n)) != NULL;
	    n++) {
		if (n == 0 && ln->ln_size != NULL)
			sizestr = ln->ln_size;
		else if ((sizestr = lifecycle_get(c, "disk%d_size", n)) ==
		    NULL)
			sizestr = STORAGE_DEFAULT_SIZE;
		if (storage_parsesize(sizestr, &size, cause) == -1)
			goto prefix;
		dev = lifecycle_get(c, "disk%d_dev", n);
		if (storage_newdisk(sp, gds, conf_get(c, "zfs_zvol_opts"),
		    gdir, dev, name, size, sizestr, cause) == -1)
			goto prefix;
		/* The size is the template's business, not the guest's. */
		snprintf(key, sizeof(key), "disk%d_size", n);
		conf_unset(c, key);
	}
	/* The config comes last: a guest appears only when whole. */
	lifecycle_writestep(sp, c, false);
	*out = c;
	c = NULL;
	rv = 0;
	goto done;
prefix:
	v = *cause;
	xasprintf(cause, "disk%d: %s", n, v);
	free(v);
done:
	conf_free(c);
	free(gds);
	free(gdir);
	free(path);
	return (rv);
}

/* Is file disk name one named after guest old ("old", "old.img"...)? */
static bool
lifecycle_namedafter(const char *name, const char *old)
{
	size_t	 len = strlen(old);

	if (strncmp(name, old, len) != 0 || strchr(name, '/') != NULL)
		return (false);
	return (name[len] == '\0' || name[len] == '.' || name[len] == '-' ||
	    name[len] == '_');
}

/* Plan renaming a stopped guest. */
int
lifecycle_rename(const struct guest *g, const char *newname,
    struct storage_plan *sp, char **cause)
{
	const struct vm_disk	*dk;
	struct zfs_steps	*zs;
	struct conf		*c;
	char			*ngdir, *from, *to, *ndisk;
	bool			 changed = false;
	int			 i;

	xasprintf(&ngdir, "%s/%s", g->g_dspath, newname);
	if (g->g_dataset != NULL) {
		/* Its mount point follows: it inherits the datastore's. */
		xasprintf(&from, "%s/%s", g->g_dataset, g->g_name);
		xasprintf(&to, "%s/%s", g->g_dataset, newname);
		/*
		 * Unmounted first: zfs-fuse cannot rename a mounted
		 * filesystem ("dataset is busy"), and on FreeBSD an open
		 * file in it then fails the unmount, before anything moved.
		 */
		zs = zfs_steps_new();
		zfs_add_unmount(zs, from);
		zfs_add_rename(zs, from, to);
		zfs_add_mount(zs, to);
		storage_zfs(sp, zs);
		zfs_steps_free(zs);
		free(from);
		free(to);
	} else
		storage_rename(sp, g->g_gdir, ngdir);
	xasprintf(&from, "%s/%s.conf", ngdir, g->g_name);
	xasprintf(&to, "%s/%s.conf", ngdir, newname);
	storage_rename(sp, from, to);
	free(from);
	c = lifecycle_copy(g->g_conf, to);
	free(to);
	for (i = 0; i < g->g_vm->vm_ndisks; i++) {
		dk = &g->g_vm->vm_disks[i];
		if (dk->dk_dev != DISK_FILE ||
		    !lifecycle_namedafter(dk->dk_name, g->g_name))
			continue;
		xasprintf(&ndisk, "%s%s", newname, dk->dk_name +
		    strlen(g->g_name));
		xasprintf(&from, "%s/%s", ngdir, dk->dk_name);
		xasprintf(&to, "%s/%s", ngdir, ndisk);
		storage_rename(sp, from, to);
		lifecycle_setn(c, "disk%d_name", dk->dk_index, ndisk);
		changed = true;
		free(from);
		free(to);
		free(ndisk);
	}
	if (changed)
		lifecycle_writestep(sp, c, true);
	conf_free(c);
	free(ngdir);
	return (0);
}

/* Plan removing a guest. */
void
lifecycle_destroy(const struct guest *g, const char *rundir,
    struct storage_plan *sp)
{
	struct zfs_steps	*zs;
	char			*gds;

	if (g->g_dataset != NULL) {
		xasprintf(&gds, "%s/%s", g->g_dataset, g->g_name);
		zs = zfs_steps_new();
		zfs_add_destroy(zs, gds, true);
		storage_zfs(sp, zs);
		zfs_steps_free(zs);
		free(gds);
	}
	/* On ZFS: an empty mount point the destroy may leave behind. */
	storage_remove(sp, g->g_gdir);
	storage_remove(sp, rundir);
}

/* The first N for which key fmt is absent or empty. */
static int
lifecycle_nextindex(const struct conf *c, const char *fmt, int max)
{
	int	 n;

	for (n = 0; n < max && lifecycle_get(c, fmt, n) != NULL; n++)
		continue;
	return (n);
}

/* Plan a new disk at the next index. */
int
lifecycle_adddisk(const struct guest *g, struct conf *c, const char *dev,
    const char *sizestr, struct storage_plan *sp, char **cause)
{
	const struct vm	*vm = g->g_vm;
	char		*name, *gds = NULL;
	uint64_t	 size;
	int		 n, rv = -1;

	if ((n = lifecycle_nextindex(c, "disk%d_name", VM_MAXDISKS)) ==
	    VM_MAXDISKS) {
		xasprintf(cause, "%s already has %d disks", g->g_name,
		    VM_MAXDISKS);
		return (-1);
	}
	if (sizestr == NULL)
		sizestr = STORAGE_DEFAULT_SIZE;
	if (dev == NULL)
		dev = "file";
	if (storage_parsesize(sizestr, &size, cause) == -1)
		return (-1);
	/* vm-bhyve's "vm add": a file is diskN.img, a zvol diskN. */
	if (strcmp(dev, "zvol") == 0 || strcmp(dev, "sparse-zvol") == 0)
		xasprintf(&name, "disk%d", n);
	else
		xasprintf(&name, "disk%d.img", n);
	if (g->g_dataset != NULL)
		xasprintf(&gds, "%s/%s", g->g_dataset, g->g_name);
	/* vm-bhyve's "vm add" makes only file and zvol disks. */
	if (strcmp(dev, "custom") == 0 || strcmp(dev, "iscsi") == 0) {
		xasprintf(cause, "add makes file, zvol or sparse-zvol disks, "
		    "not \"%s\" (set diskN_* keys for those)", dev);
		goto done;
	}
	if (storage_newdisk(sp, gds, conf_get(c, "zfs_zvol_opts"), g->g_gdir,
	    dev, name, size, sizestr, cause) == -1)
		goto done;
	lifecycle_setn(c, "disk%d_type", n, vm->vm_ndisks > 0 ?
	    vm->vm_disks[vm->vm_ndisks - 1].dk_type : "virtio-blk");
	lifecycle_setn(c, "disk%d_name", n, name);
	lifecycle_setn(c, "disk%d_dev", n, dev);
	lifecycle_writestep(sp, c, true);
	rv = 0;
done:
	free(gds);
	free(name);
	return (rv);
}

/* Add a NIC at the next index. */
int
lifecycle_addnic(const struct guest *g, struct conf *c, const char *sw,
    char **cause)
{
	const struct vm	*vm = g->g_vm;
	const char	*list;
	char		*copy, *s, *w, *mac;
	bool		 found = false;
	int		 n;

	list = sysconf_get(g->g_sysconf, "switch_list");
	copy = xstrdup(list != NULL ? list : "");
	for (s = copy; (w = strsep(&s, " \t")) != NULL;)
		if (strcmp(w, sw) == 0)
			found = true;
	free(copy);
	if (!found) {
		xasprintf(cause, "no switch \"%s\" (switch_list is \"%s\"; "
		    "create it first)", sw, list != NULL ? list : "");
		return (-1);
	}
	if ((n = lifecycle_nextindex(c, "network%d_type", VM_MAXNICS)) ==
	    VM_MAXNICS) {
		xasprintf(cause, "%s already has %d NICs", g->g_name,
		    VM_MAXNICS);
		return (-1);
	}
	lifecycle_setn(c, "network%d_type", n, vm->vm_nnics > 0 ?
	    vm->vm_nics[vm->vm_nnics - 1].ni_type : "virtio-net");
	lifecycle_setn(c, "network%d_switch", n, sw);
	/* Written now rather than at the next start: the config is whole. */
	mac = net_newmac();
	lifecycle_setn(c, "network%d_mac", n, mac);
	free(mac);
	return (0);
}

/* The disk of g named "diskN" or "N", or NULL with *cause set. */
static const struct vm_disk *
lifecycle_disk(const struct guest *g, const char *disk, char **cause)
{
	const char	*num = disk;
	const char	*errstr;
	int		 i, n;

	if (strncmp(num, "disk", 4) == 0)
		num += 4;
	n = (int)strtonum(num, 0, VM_MAXDISKS - 1, &errstr);
	if (errstr == NULL)
		for (i = 0; i < g->g_vm->vm_ndisks; i++)
			if (g->g_vm->vm_disks[i].dk_index == n)
				return (&g->g_vm->vm_disks[i]);
	xasprintf(cause, "%s: no disk \"%s\" (its disks are disk0 to "
	    "disk%d)", g->g_name, disk, g->g_vm->vm_ndisks - 1);
	return (NULL);
}

/* The file or zvol of a disk, for its current size. */
int
lifecycle_diskpath(const struct guest *g, const char *disk, char **path,
    bool *zvol, char **cause)
{
	const struct vm_disk	*dk;

	if ((dk = lifecycle_disk(g, disk, cause)) == NULL)
		return (-1);
	*zvol = dk->dk_dev == DISK_ZVOL || dk->dk_dev == DISK_SPARSE_ZVOL;
	if (*zvol && g->g_dataset != NULL) {
		xasprintf(path, "%s/%s/%s", g->g_dataset, g->g_name,
		    dk->dk_name);
		return (0);
	}
	if (dk->dk_dev != DISK_FILE) {
		xasprintf(cause, "%s: disk%d is not a file disk (diskN_dev="
		    "\"file\") or a zvol; grow its storage yourself",
		    g->g_name, dk->dk_index);
		return (-1);
	}
	*path = xstrdup(dk->dk_path);
	return (0);
}

/* Plan growing a file or zvol disk. */
int
lifecycle_grow(const struct guest *g, const char *disk, const char *sizestr,
    uint64_t cursize, uint64_t blocksize, struct storage_plan *sp,
    char **cause)
{
	struct zfs_steps *zs;
	char		*path, old[32];
	uint64_t	 size;
	bool		 zvol;

	if (lifecycle_diskpath(g, disk, &path, &zvol, cause) == -1)
		return (-1);
	if (storage_parsesize(sizestr, &size, cause) == -1) {
		free(path);
		return (-1);
	}
	if (size <= cursize) {
		xasprintf(cause, "%s: %s is %ju bytes; %s (%ju bytes) would "
		    "%s it: disks only grow", g->g_name, disk,
		    (uintmax_t)cursize, sizestr, (uintmax_t)size,
		    size == cursize ? "not change" : "shrink");
		free(path);
		return (-1);
	}
	/*
	 * zfs set refuses a volsize that is not a whole number of blocks
	 * (zfs create rounds up; zfs set does not): say so first, with the
	 * next size that is.
	 */
	if (zvol && blocksize > 0 && size % blocksize != 0) {
		xasprintf(cause, "%s: %s: %s (%ju bytes) is not a multiple of "
		    "the zvol's volblocksize (%ju bytes): use %ju", g->g_name,
		    disk, sizestr, (uintmax_t)size, (uintmax_t)blocksize,
		    (uintmax_t)((size / blocksize + 1) * blocksize));
		free(path);
		return (-1);
	}
	if (zvol) {
		/* Undo to the exact size it had, in bytes. */
		snprintf(old, sizeof(old), "%ju", (uintmax_t)cursize);
		zs = zfs_steps_new();
		zfs_add_volsize(zs, path, sizestr, old);
		storage_zfs(sp, zs);
		zfs_steps_free(zs);
	} else
		storage_grow(sp, path, cursize, size, sizestr);
	free(path);
	return (0);
}

/* The index of g's first ahci-cd disk, or -1. */
static int
lifecycle_cd(const struct guest *g)
{
	int	 i;

	for (i = 0; i < g->g_vm->vm_ndisks; i++)
		if (strcmp(g->g_vm->vm_disks[i].dk_type, "ahci-cd") == 0)
			return (g->g_vm->vm_disks[i].dk_index);
	return (-1);
}

/* Put an ISO in the guest's CD drive. */
void
lifecycle_insert(const struct guest *g, struct conf *c, const char *iso)
{
	int	 n;

	if ((n = lifecycle_cd(g)) == -1) {
		n = lifecycle_nextindex(c, "disk%d_name", VM_MAXDISKS);
		lifecycle_setn(c, "disk%d_type", n, "ahci-cd");
	}
	/* "custom": the path is used as written, not inside GDIR. */
	lifecycle_setn(c, "disk%d_dev", n, "custom");
	lifecycle_setn(c, "disk%d_name", n, iso);
}

/* Empty the guest's CD drive. */
int
lifecycle_eject(const struct guest *g, struct conf *c, const char *nulliso,
    char **cause)
{
	static const char *const keys[] = { "disk%d_type", "disk%d_name",
	    "disk%d_dev", "disk%d_opts", "disk%d_slot" };
	char		 key[64];
	size_t		 i;
	int		 n;

	if ((n = lifecycle_cd(g)) == -1) {
		xasprintf(cause, "%s has no CD drive (no disk with diskN_type="
		    "\"ahci-cd\")", g->g_name);
		return (-1);
	}
	if (lifecycle_get(c, "disk%d_name", n + 1) == NULL) {
		for (i = 0; i < nitems(keys); i++) {
			snprintf(key, sizeof(key), keys[i], n);
			conf_unset(c, key);
		}
		return (0);
	}
	/* Disks stop at the first gap: keep the drive, empty. */
	lifecycle_setn(c, "disk%d_dev", n, "custom");
	lifecycle_setn(c, "disk%d_name", n, nulliso);
	return (0);
}

/* Apply KEY=VALUE. */
int
lifecycle_set(struct conf *c, const char *assignment, char **cause)
{
	const char	*eq;
	char		*key, *why = NULL;
	int		 rv;

	if ((eq = strchr(assignment, '=')) == NULL) {
		xasprintf(cause, "\"%s\": expected KEY=VALUE", assignment);
		return (-1);
	}
	key = xstrndup(assignment, (size_t)(eq - assignment));
	if (!conf_validkey(key)) {
		xasprintf(cause, "\"%s\" is not a key (keys are lower-case "
		    "letters, digits and '_', starting with a letter)", key);
		rv = -1;
	} else if ((rv = conf_set(c, key, eq + 1, &why)) == -1) {
		xasprintf(cause, "%s: %s", key, why);
		free(why);
	}
	free(key);
	return (rv);
}

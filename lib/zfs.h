/*
 * zfs.h - ZFS steps as argv vectors, and reading what zfs(8) prints.
 *
 * Pure: nothing here runs a command.  Each zfs_add_*() appends one step
 * (the zfs(8) argv, a note for the plan, and the argv that undoes it
 * when there is one) to a list of steps; zfs_steps_plan() shows them as
 * "run ..." lines of a plan, and the host layer (zfshost.h) runs them,
 * undoing the finished steps in reverse order when one fails.
 *
 * Only flags that both OpenZFS 2.x on FreeBSD and the old zfs(8) of
 * zfs-fuse (the test machine) accept are used.  In particular "zfs list"
 * is never given -p (zfs-fuse lacks it): machine-readable sizes come
 * from "zfs get -Hp -o value", which both accept.
 *
 * Ownership: zfs_steps_free() releases a list and its argvs;
 * zfs_rows_free() releases parsed output.  Both accept NULL.
 */
#ifndef HYVE_ZFS_H
#define HYVE_ZFS_H

#include <stdbool.h>
#include <stddef.h>

struct argv;
struct plan;

struct zfs_step {
	struct argv	*zs_argv;	/* the zfs(8) command */
	struct argv	*zs_undo;	/* what undoes it, or NULL */
	char		*zs_note;	/* for the plan, or NULL */
};

struct zfs_steps {
	struct zfs_step	*zs_v;
	size_t		 zs_n;
};

struct zfs_steps	*zfs_steps_new(void);
void			 zfs_steps_free(struct zfs_steps *);
/* Append the steps as "run" lines (with "undo:" notes) to p. */
void			 zfs_steps_plan(const struct zfs_steps *,
			    struct plan *p);

/*
 * zfs create [-o OPT ...] DS: each space-separated item of opts (the
 * guest's zfs_dataset_opts, "prop=value ...") becomes "-o item".
 * Undo: zfs destroy -r DS.
 */
void	zfs_add_create(struct zfs_steps *, const char *ds, const char *opts);
/*
 * zfs create [-s] -V SIZE -o volmode=dev [-o OPT ...] DS: a zvol the
 * host does not probe for partitions (volmode=dev, as vm-bhyve makes
 * them); sparse: no reservation.  Undo: zfs destroy DS.
 */
void	zfs_add_zvol(struct zfs_steps *, const char *ds, const char *size,
	    bool sparse, const char *opts);
/* zfs destroy [-r] TARGET (a dataset or DS@SNAP); cannot be undone. */
void	zfs_add_destroy(struct zfs_steps *, const char *target,
	    bool recursive);
/* zfs rename FROM TO.  Undo: zfs rename TO FROM. */
void	zfs_add_rename(struct zfs_steps *, const char *from, const char *to);
/* zfs unmount DS.  Undo: zfs mount DS. */
void	zfs_add_unmount(struct zfs_steps *, const char *ds);
/* zfs mount DS.  Undo: zfs unmount DS. */
void	zfs_add_mount(struct zfs_steps *, const char *ds);
/* zfs set volsize=SIZE DS (old: the size to go back to, or NULL). */
void	zfs_add_volsize(struct zfs_steps *, const char *ds, const char *size,
	    const char *old);
/* zfs snapshot [-r] DS@SNAP.  Undo: zfs destroy [-r] DS@SNAP. */
void	zfs_add_snapshot(struct zfs_steps *, const char *snap,
	    bool recursive);
/*
 * zfs rollback [-r] DS@SNAP; -r destroys the snapshots newer than SNAP
 * (without it zfs refuses when there are any).  Cannot be undone.
 */
void	zfs_add_rollback(struct zfs_steps *, const char *snap,
	    bool recursive);
/* zfs clone DS@SNAP NEW.  Undo: zfs destroy NEW. */
void	zfs_add_clone(struct zfs_steps *, const char *snap, const char *ds);

/* zfs destroy [-r] TARGET.  Caller frees. */
struct argv	*zfs_destroy(const char *target, bool recursive);
/*
 * zfs send -R [-i FROM] DS@SNAP: a replication stream of DS and every
 * dataset below it (a guest's zvols); from, when not NULL, a snapshot
 * of DS ("DS@OLD") makes it incremental.  Caller frees.
 */
struct argv	*zfs_send(const char *snap, const char *from);
/*
 * zfs receive [-F] DS (the stream on stdin).  force: roll DS back to
 * its newest snapshot first, which an incremental stream needs when the
 * target changed since.  Caller frees.
 */
struct argv	*zfs_receive(const char *ds, bool force);
/*
 * zfs list -H -o PROPS -t TYPES -r DS: one line per dataset, fields
 * separated by tabs, parents before children.  Caller frees.
 */
struct argv	*zfs_list(const char *ds, const char *types,
		    const char *props);
/*
 * zfs get -H -o value PROP DS (parsable: -p) for one property.
 * Caller frees.
 */
struct argv	*zfs_get(const char *ds, const char *prop, bool parsable);

/* zfs get -H -o property,value PROPS DS; caller frees. */
struct argv	*zfs_getprops(const char *ds, const char *props);

/* Lines of tab-separated fields, as "zfs list -H" and "zfs get -H" print. */
struct zfs_rows {
	char	***zr_v;	/* zr_v[row][col] */
	size_t	   zr_n;	/* rows */
	size_t	   zr_cols;	/* fields per row */
};

/*
 * Parse -H output with cols fields per line.  A line with another
 * number of fields is an error (NULL, *cause set): the columns asked
 * for were not the columns printed.
 */
struct zfs_rows	*zfs_rows_parse(const char *text, size_t cols, char **cause);
void		 zfs_rows_free(struct zfs_rows *);

/*
 * Whether name is a valid snapshot name (the part after '@'): hyve
 * allows letters, digits and "-_.:" (all valid in ZFS names), 1 to 200
 * bytes, so that DATASET@NAME stays within ZFS's 255-byte limit.
 */
bool		 zfs_snapname_valid(const char *name);

#endif /* HYVE_ZFS_H */

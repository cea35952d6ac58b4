/*
 * zfshost.h - running zfs(8): the host side of lib/zfs.h.
 *
 * Every call runs the zfs tool from the path table (path_zfs) without a
 * shell.  A command that fails with "dataset is busy" (a FUSE unmount
 * still in progress on zfs-fuse; an open file or a mounted snapshot on
 * FreeBSD) is retried a few times over about two seconds; after that the
 * error says which processes hold the dataset's mount point, or how to
 * find them.
 *
 * Errors are returned in *cause (caller frees), naming the command and
 * what zfs printed.
 */
#ifndef HYVE_ZFSHOST_H
#define HYVE_ZFSHOST_H

#include <stdbool.h>

struct argv;
struct zfs_rows;
struct zfs_steps;

/* How often a busy dataset is tried before giving up. */
#define ZFSHOST_TRIES	8

/*
 * Run one zfs command to completion, retrying while the dataset is
 * busy.  *out (may be NULL) gets what it printed (caller frees).
 * Returns 0, or -1 with *cause set.
 */
int		 zfshost_run(const struct argv *, char **out, char **cause);
/*
 * Run a zfs send or receive with stdin in and stdout out (-1:
 * /dev/null), keeping what it prints on stderr for the error.  Not
 * retried (a stream cannot be read twice); a busy dataset is reported
 * with who holds it.  Returns 0, or -1 with *cause set.
 */
int		 zfshost_stream(const struct argv *, int in, int out,
		    char **cause);
/*
 * Run steps in order.  When one fails, the finished steps that can be
 * undone are undone in reverse order, and -1 is returned with *cause
 * naming the failed step (and any undo that failed too).
 */
int		 zfshost_steps(const struct zfs_steps *, char **cause);
/* Undo every step of zs that has an undo, in reverse order (best effort). */
void		 zfshost_undo(const struct zfs_steps *);
/*
 * The datasets of the given types ("filesystem,volume", "snapshot",
 * "all") at and below ds with props (comma-separated, "name" first),
 * parents first.  NULL with *cause set if ds does not exist.
 */
struct zfs_rows	*zfshost_list(const char *ds, const char *types,
		    const char *props, char **cause);
/* Whether ds (a dataset or a snapshot) exists. */
bool		 zfshost_exists(const char *ds);
/*
 * The directory ds is mounted on (caller frees); NULL with *cause set
 * when it does not exist or is not mounted.
 */
char		*zfshost_mountpoint(const char *ds, char **cause);

#endif /* HYVE_ZFSHOST_H */

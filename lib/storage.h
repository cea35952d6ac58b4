/*
 * storage.h - the files that hold guests: planned step by step, printed
 * for "-n", carried out with undo.
 *
 * A storage plan is a list of steps (make a directory, create a sparse
 * disk, write a config, rename, remove, run a tool).  Building one
 * touches nothing; storage_describe() prints it and storage_execute()
 * carries it out in order.  When a step fails, the steps before it are
 * undone in reverse order (a directory or file it created is removed, a
 * rename is renamed back, a grown disk is shrunk back), so a failed
 * command leaves the host as it found it.  A removal cannot be undone:
 * plans put it last.
 *
 * Where a disk lives depends on the datastore's kind: a directory
 * datastore holds sparse files (vm-bhyve's diskN_dev="file"), a ZFS
 * datastore zvols.  storage_newdisk() is the one place that decides;
 * ZFS datastores are refused with a clear error until lib/zfs.c plans
 * their steps beside the directory kind.
 *
 * Ownership: a plan owns its steps and every string and argv in them;
 * storage_plan_free() releases all and accepts NULL.
 */
#ifndef HYVE_STORAGE_H
#define HYVE_STORAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "datastore.h"

struct argv;
struct plan;

enum storage_opkind {
	STORAGE_MKDIR,		/* mkdir so_path, mode 0755 */
	STORAGE_WRITE,		/* write so_text to so_path atomically */
	STORAGE_DISK,		/* new sparse file so_path of so_size, 0600 */
	STORAGE_GROW,		/* sparse file so_path: so_oldsize -> so_size */
	STORAGE_RENAME,		/* so_path -> so_path2 (must not exist) */
	STORAGE_COPY,		/* so_path -> so_path2 (must not exist) */
	STORAGE_REMOVE,		/* so_path and all below it */
	STORAGE_RUN		/* run so_argv; it makes so_path2 */
};

struct storage_op {
	enum storage_opkind	 so_kind;
	char			*so_path;
	char			*so_path2;
	char			*so_text;	/* WRITE: the new contents */
	int			 so_mode;	/* WRITE: permissions, -1: 0644 */
	bool			 so_replace;	/* WRITE: so_path exists */
	uint64_t		 so_size;	/* DISK, GROW: bytes */
	uint64_t		 so_oldsize;	/* GROW */
	char			*so_sizestr;	/* DISK, GROW: as given */
	struct argv		*so_argv;	/* RUN */
	bool			 so_stdout;	/* RUN: its stdout is so_path2 */
	bool			 so_done;
};

struct storage_plan {
	struct storage_op	*sp_v;
	size_t			 sp_n;
};

/* The default size of a disk with no size given (vm-bhyve's). */
#define STORAGE_DEFAULT_SIZE	"20G"

struct storage_plan	*storage_plan_new(void);
void			 storage_plan_free(struct storage_plan *);

/* Append a step; strings are copied, the argv is taken over. */
void	storage_mkdir(struct storage_plan *, const char *path);
void	storage_write(struct storage_plan *, const char *path,
	    const char *text, int mode, bool replace);
void	storage_disk(struct storage_plan *, const char *path, uint64_t size,
	    const char *sizestr);
void	storage_grow(struct storage_plan *, const char *path,
	    uint64_t oldsize, uint64_t size, const char *sizestr);
void	storage_rename(struct storage_plan *, const char *from,
	    const char *to);
void	storage_copy(struct storage_plan *, const char *from, const char *to);
void	storage_remove(struct storage_plan *, const char *path);
/*
 * Run a, which creates out: with tostdout its standard output is
 * written to out (created, mode 0644), else the tool writes out itself
 * (fetch -o OUT).  out is removed if a later step fails.
 */
void	storage_run(struct storage_plan *, struct argv *a, const char *out,
	    bool tostdout);

/* One line per step, as "-n" prints it. */
void	storage_describe(const struct storage_plan *, struct plan *);
/*
 * Carry out the steps in order.  On failure undo what was done and
 * return -1 with *cause set (caller frees).
 */
int	storage_execute(struct storage_plan *, char **cause);

/*
 * Parse a disk size as vm-bhyve takes it ("20G", "512M", bytes) into
 * *bytes.  -1 with *cause set when it is not a size or is zero.
 */
int	storage_parsesize(const char *s, uint64_t *bytes, char **cause);

/*
 * Can guests be created and changed in ds?  -1 with *cause set for the
 * kinds hyve does not manage yet (ZFS) or that hold no guests.
 */
int	storage_usable(const struct datastore *ds, char **cause);
/*
 * Plan a new disk of a guest of kind kind (DATASTORE_DIR or _ZFS) whose
 * directory is gdir: dev is diskN_dev (NULL or "file", "zvol",
 * "sparse-zvol", "custom", "iscsi"), name diskN_name.  File disks are
 * sparse files gdir/name; custom and iSCSI disks are the
 * administrator's and get no step.  -1 with *cause set when the kind
 * cannot hold such a disk.
 */
int	storage_newdisk(struct storage_plan *, enum datastore_kind kind,
	    const char *gdir, const char *dev, const char *name,
	    uint64_t size, const char *sizestr, char **cause);

#endif /* HYVE_STORAGE_H */

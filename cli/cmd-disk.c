/*
 * cmd-disk.c - "hyve disk grow": make a stopped guest's disk larger
 * (a sparse file, or a zvol on a ZFS datastore).
 */
#include "compat.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "guest.h"
#include "hyve.h"
#include "lifecycle.h"
#include "storage.h"
#include "xmalloc.h"
#include "zfs.h"
#include "zfshost.h"

static int	cmd_disk_exec(struct cmd_args *);

const struct cmd_entry cmd_disk_entry = {
	.ce_name = "disk",
	.ce_usage = "grow [-n] name disk size",
	.ce_help = "grow a stopped guest's file or zvol disk (never shrinks)",
	.ce_optstring = "n",
	.ce_minargs = 1,
	.ce_maxargs = 5,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_disk_exec,
};

/* A zfs get -p value: a whole number of bytes. */
static int
cmd_disk_bytes(const char *ds, const char *prop, const char *v,
    uint64_t *bytes, char **cause)
{
	const char	*errstr;

	*bytes = (uint64_t)strtonum(v, 1, LLONG_MAX, &errstr);
	if (errstr != NULL) {
		xasprintf(cause, "%s: %s \"%s\" is %s", ds, prop, v, errstr);
		return (-1);
	}
	return (0);
}

/*
 * The size of zvol ds and its block size, in bytes: zfs get prints the
 * values of "volsize,volblocksize" a line each, in that order.
 */
static int
cmd_disk_volsize(const char *ds, uint64_t *bytes, uint64_t *blocksize,
    char **cause)
{
	struct argv	*a;
	char		*out = NULL, *bs;
	int		 rv = -1;

	a = zfs_get(ds, "volsize,volblocksize", true);
	if (zfshost_run(a, &out, cause) == -1)
		goto done;
	bs = out + strcspn(out, "\n");
	if (*bs == '\n')
		*bs++ = '\0';
	bs[strcspn(bs, "\n")] = '\0';
	if (cmd_disk_bytes(ds, "volsize", out, bytes, cause) == -1 ||
	    cmd_disk_bytes(ds, "volblocksize", bs, blocksize, cause) == -1)
		goto done;
	rv = 0;
done:
	free(out);
	argv_free(a);
	return (rv);
}

/* "grow NAME DISK SIZE": refuse a running guest, then grow the file. */
static int
cmd_disk_grow(const char *name, const char *disk, const char *size,
    bool dryrun)
{
	struct storage_plan	*sp;
	struct guest		*g;
	struct stat		 st;
	char			*cause = NULL, *path = NULL;
	uint64_t		 cursize, blocksize = 0;
	bool			 zvol;
	int			 fd, rv = HYVE_EXIT_ERR;

	if ((g = change_guest(name)) == NULL)
		return (HYVE_EXIT_ERR);
	if ((fd = change_lock(g->g_name, "grow a disk of", dryrun)) == -1) {
		guest_free(g);
		return (HYVE_EXIT_ERR);
	}
	sp = storage_plan_new();
	if (lifecycle_diskpath(g, disk, &path, &zvol, &cause) == -1)
		goto fail;
	if (zvol) {
		if (cmd_disk_volsize(path, &cursize, &blocksize, &cause) == -1)
			goto fail;
	} else if (stat(path, &st) == -1) {
		xasprintf(&cause, "%s: %s", path, strerror(errno));
		goto fail;
	} else
		cursize = (uint64_t)st.st_size;
	if (lifecycle_grow(g, disk, size, cursize, blocksize, sp, &cause) ==
	    -1)
		goto fail;
	if ((rv = change_apply(g->g_name, sp, dryrun)) == HYVE_EXIT_OK &&
	    !dryrun)
		printf("%s: %s grown to %s\n", g->g_name, disk, size);
	goto done;
fail:
	warnx("%s", cause);
	free(cause);
done:
	change_unlock(fd);
	free(path);
	storage_plan_free(sp);
	guest_free(g);
	return (rv);
}

/*
 * Dispatch the subcommand.  "-n" is accepted before or right after it
 * ("disk -n grow" or "disk grow -n"), since getopt stops at "grow".
 */
static int
cmd_disk_exec(struct cmd_args *ca)
{
	char	**av = ca->ca_argv;
	bool	  dryrun = ca->ca_set['n'];
	int	  ac = ca->ca_argc;

	if (strcmp(av[0], "grow") != 0)
		return (cmd_badusage(&cmd_disk_entry));
	if (ac > 1 && strcmp(av[1], "-n") == 0) {
		dryrun = true;
		av++;
		ac--;
	}
	if (ac != 4)
		return (cmd_badusage(&cmd_disk_entry));
	return (cmd_disk_grow(av[1], av[2], av[3], dryrun));
}

/*
 * cmd-snapshot.c - "hyve snapshot": take, list, destroy and roll back
 * ZFS snapshots of a guest.
 *
 *	snapshot [-fn] name[@snap]		(also: snapshot create ...)
 *	snapshot list name
 *	snapshot destroy [-n] name@snap
 *	snapshot rollback [-nr] name@snap
 *
 * "snap" is an alias, and the kvm toolset's one-letter subcommands
 * c, l, d and r are accepted.  A guest whose name is a subcommand is
 * snapshotted with "snapshot create NAME".
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "hyve.h"
#include "runstate.h"
#include "xmalloc.h"
#include "zfs.h"
#include "zfshost.h"

static int	cmd_snapshot_exec(struct cmd_args *);

const struct cmd_entry cmd_snapshot_entry = {
	.ce_name = "snapshot",
	.ce_alias = "snap",
	.ce_usage = "[-fn] name[@snap] | list name | destroy [-n] name@snap "
	    "| rollback [-nr] name@snap",
	.ce_help = "take, list, destroy or roll back ZFS snapshots of a "
	    "guest",
	.ce_optstring = "fnr",
	.ce_minargs = 1,
	.ce_maxargs = -1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_snapshot_exec,
};

/* Take a recursive snapshot of a guest (running only with force). */
static int
cmd_snapshot_create(const char *arg, bool force, bool dryrun)
{
	struct guest		*g = NULL;
	char			*name = NULL, *snap = NULL, *ds = NULL;
	int			 rv = HYVE_EXIT_ERR;

	if (zfsguest_split(arg, &name, &snap) == -1)
		goto done;
	if ((g = zfsguest_load(name, "snapshot", &ds)) == NULL)
		goto done;
	/*
	 * A running guest's disks are caught mid-write (crash-consistent
	 * at best): only when asked for, as vm-bhyve does.
	 */
	if (!force && runstate_running(name)) {
		warnx("%s: is running; snapshot it anyway with -f (its disks "
		    "as they are at that instant)", name);
		goto done;
	}
	if (snap == NULL)
		snap = zfsguest_snapname(ds);
	rv = zfsguest_snapstep(name, ds, snap, true, dryrun);
done:
	guest_free(g);
	free(ds);
	free(name);
	free(snap);
	return (rv);
}

/* List a guest's snapshots: name, creation time, space used. */
static int
cmd_snapshot_list(const char *name)
{
	struct zfs_rows	*zr;
	struct guest	*g;
	char		*ds = NULL, *cause = NULL;
	size_t		 i, len;

	if ((g = zfsguest_load(name, "snapshot list", &ds)) == NULL)
		return (HYVE_EXIT_ERR);
	guest_free(g);
	if ((zr = zfshost_list(ds, "snapshot", "name,creation,used",
	    &cause)) == NULL) {
		warnx("%s: %s", name, cause);
		free(cause);
		free(ds);
		return (HYVE_EXIT_ERR);
	}
	/* The guest's own snapshots; its zvols' are the same, recursively. */
	len = strlen(ds);
	printf("%-32s %-24s %s\n", "SNAPSHOT", "CREATED", "USED");
	for (i = 0; i < zr->zr_n; i++)
		if (strncmp(zr->zr_v[i][0], ds, len) == 0 &&
		    zr->zr_v[i][0][len] == '@')
			printf("%s%-*s %-24s %s\n", name,
			    32 - (int)strlen(name), zr->zr_v[i][0] + len,
			    zr->zr_v[i][1], zr->zr_v[i][2]);
	zfs_rows_free(zr);
	free(ds);
	return (HYVE_EXIT_OK);
}

/* The subcommand called word (full or one letter), or NULL. */
static const char *
cmd_snapshot_sub(const char *word)
{
	static const char	*subs[] = { "create", "list", "destroy",
				    "rollback", NULL };
	const char		**s;

	for (s = subs; *s != NULL; s++)
		if (strcmp(word, *s) == 0 ||
		    (word[0] == (*s)[0] && word[1] == '\0'))
			return (*s);
	return (NULL);
}

/* Dispatch to a subcommand; a plain NAME[@SNAP] takes a snapshot. */
static int
cmd_snapshot_exec(struct cmd_args *ca)
{
	const char	*sub;
	bool		 set[128];
	int		 argc = ca->ca_argc, n;
	char		**argv = ca->ca_argv;

	memset(set, 0, sizeof(set));
	set['f'] = ca->ca_set['f'];
	set['n'] = ca->ca_set['n'];
	set['r'] = ca->ca_set['r'];
	if ((sub = cmd_snapshot_sub(argv[0])) == NULL) {
		if (argc != 1 || set['r'])
			return (cmd_badusage(&cmd_snapshot_entry));
		return (cmd_snapshot_create(argv[0], set['f'], set['n']));
	}
	argc--;
	argv++;
	if ((n = zfsguest_flags(argc, argv, strcmp(sub, "create") == 0 ?
	    "fn" : strcmp(sub, "rollback") == 0 ? "nr" :
	    strcmp(sub, "destroy") == 0 ? "n" : "", set)) == -1 ||
	    argc - n != 1)
		return (cmd_badusage(&cmd_snapshot_entry));
	argv += n;
	if (strcmp(sub, "create") == 0)
		return (cmd_snapshot_create(argv[0], set['f'], set['n']));
	if (strcmp(sub, "list") == 0)
		return (cmd_snapshot_list(argv[0]));
	if (strcmp(sub, "destroy") == 0)
		return (zfsguest_snapdestroy(argv[0], set['n']));
	return (zfsguest_rollback(argv[0], set['r'], set['n']));
}

/*
 * cmd-clone.c - "hyve clone": a new guest from an existing one.
 *
 * On a ZFS datastore the new guest is a ZFS clone of every dataset of
 * the source (the guest's and its zvols') at a snapshot: the one named,
 * or a new one of the stopped source, which stays as the clones'
 * origin.  On a directory datastore it is a sparse copy of the stopped
 * source's directory.  Either way the new guest lives in the source's
 * datastore (as with vm-bhyve), its config is renamed NEW.conf and given
 * a new UUID and new MACs; the source's config is never written.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "hyve.h"
#include "model.h"
#include "name.h"
#include "plan.h"
#include "runstate.h"
#include "sparse.h"
#include "xmalloc.h"
#include "zfs.h"
#include "zfshost.h"

static int	cmd_clone_exec(struct cmd_args *);

const struct cmd_entry cmd_clone_entry = {
	.ce_name = "clone",
	.ce_usage = "[-n] name[@snap] new",
	.ce_help = "make a new guest from a guest or one of its snapshots",
	.ce_optstring = "n",
	.ce_minargs = 2,
	.ce_maxargs = 2,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_clone_exec,
};

/* The ZFS steps: a snapshot if none is named, then one clone each. */
static struct zfs_steps *
cmd_clone_steps(const char *name, const char *ds, const char *newds,
    const char *snap, bool mksnap)
{
	struct zfs_steps	*zs;
	struct zfs_rows		*zr;
	char			*cause = NULL, *s, *t;
	size_t			 i, len = strlen(ds);

	if ((zr = zfshost_list(ds, "filesystem,volume", "name", &cause)) ==
	    NULL) {
		warnx("%s: %s", name, cause);
		free(cause);
		return (NULL);
	}
	if (!mksnap && !zfsguest_hassnap(name, zr, snap)) {
		zfs_rows_free(zr);
		return (NULL);
	}
	zs = zfs_steps_new();
	if (mksnap) {
		xasprintf(&s, "%s@%s", ds, snap);
		zfs_add_snapshot(zs, s, true);
		free(s);
	}
	/* Parents come first in the list, so each clone has its parent. */
	for (i = 0; i < zr->zr_n; i++) {
		xasprintf(&s, "%s@%s", zr->zr_v[i][0], snap);
		xasprintf(&t, "%s%s", newds, zr->zr_v[i][0] + len);
		zfs_add_clone(zs, s, t);
		free(s);
		free(t);
	}
	zfs_rows_free(zr);
	return (zs);
}

/*
 * Rename the copied config to NEW.conf and give it a new identity.
 * Returns -1 after printing why.
 */
static int
cmd_clone_finish(const struct guest *g, const char *newdir,
    const char *newname)
{
	char	*from, *to, *cause = NULL;
	int	 rv = -1;

	xasprintf(&from, "%s/%s.conf", newdir, g->g_name);
	xasprintf(&to, "%s/%s.conf", newdir, newname);
	if (rename(from, to) == -1)
		warn("%s: rename %s", newname, from);
	else if (zfsguest_identity(to, g->g_vm, &cause) == -1) {
		warnx("%s: %s", newname, cause);
		free(cause);
	} else
		rv = 0;
	free(from);
	free(to);
	return (rv);
}

/* Print the plan of a clone. */
static void
cmd_clone_plan(const struct guest *g, const struct zfs_steps *zs,
    const char *newdir, const char *newname)
{
	struct plan	*p;
	char		*file;

	p = plan_new();
	if (zs != NULL)
		zfs_steps_plan(zs, p);
	else
		plan_add(p, "copy %s %s (sparse: holes stay holes)",
		    g->g_gdir, newdir);
	plan_add(p, "rename %s/%s.conf %s/%s.conf", newdir, g->g_name,
	    newdir, newname);
	xasprintf(&file, "%s/%s.conf", newdir, newname);
	zfsguest_identityplan(p, file, g->g_vm);
	free(file);
	plan_print(p, stdout);
	plan_free(p);
}

/* Clone a guest. */
static int
cmd_clone_exec(struct cmd_args *ca)
{
	struct zfs_steps	*zs = NULL;
	struct guest		*g = NULL;
	char			*name = NULL, *snap = NULL, *ds = NULL;
	char			*newds = NULL, *newdir = NULL, *cause = NULL;
	const char		*newname = ca->ca_argv[1];
	bool			 dryrun = ca->ca_set['n'], mksnap;
	uint32_t		 r;
	int			 rv = HYVE_EXIT_ERR;

	if (zfsguest_split(ca->ca_argv[0], &name, &snap) == -1)
		goto done;
	if (!name_valid(newname, &cause)) {
		warnx("%s", cause);
		goto done;
	}
	if ((g = zfsguest_load(name, "clone", NULL)) == NULL)
		goto done;
	if (zfsguest_exists(newname)) {
		warnx("%s: a guest of that name exists already", newname);
		goto done;
	}
	mksnap = snap == NULL;
	if (mksnap && runstate_running(name)) {
		warnx("%s: is running; stop it, or clone a snapshot of it "
		    "(hyve snapshot -f %s@SNAP; hyve clone %s@SNAP %s)", name,
		    name, name, newname);
		goto done;
	}
	xasprintf(&newdir, "%s/%s", g->g_dspath, newname);
	if (g->g_dataset != NULL) {
		xasprintf(&ds, "%s/%s", g->g_dataset, name);
		xasprintf(&newds, "%s/%s", g->g_dataset, newname);
		if (zfshost_exists(newds)) {
			warnx("%s: dataset %s exists already (but holds no "
			    "guest); destroy or rename it first", newname,
			    newds);
			goto done;
		}
		if (mksnap) {
			/* vm-bhyve names it after a fresh random number. */
			r = arc4random();
			xasprintf(&snap, "clone-%08x", (unsigned)r);
		}
		if ((zs = cmd_clone_steps(name, ds, newds, snap, mksnap)) ==
		    NULL)
			goto done;
	} else if (!mksnap) {
		warnx("%s: snapshots need a ZFS datastore, and %s is in the "
		    "directory %s", ca->ca_argv[0], name, g->g_dspath);
		goto done;
	}
	if (dryrun) {
		cmd_clone_plan(g, zs, newdir, newname);
		rv = HYVE_EXIT_OK;
		goto done;
	}
	if (zs != NULL) {
		if ((rv = zfsguest_run(newname, zs, false)) != HYVE_EXIT_OK)
			goto done;
	} else if (sparse_copydir(g->g_gdir, newdir, &cause) == -1) {
		warnx("%s: %s", newname, cause);
		goto done;
	}
	if (cmd_clone_finish(g, newdir, newname) == -1) {
		/* Leave nothing half-made: the clones, or the copy. */
		if (zs != NULL)
			zfshost_undo(zs);
		else
			sparse_rmtree(newdir);
		rv = HYVE_EXIT_ERR;
		goto done;
	}
	printf("%s: cloned from %s%s%s\n", newname, name, snap != NULL ?
	    "@" : "", snap != NULL ? snap : "");
	rv = HYVE_EXIT_OK;
done:
	free(cause);
	zfs_steps_free(zs);
	guest_free(g);
	free(name);
	free(snap);
	free(ds);
	free(newds);
	free(newdir);
	return (rv);
}

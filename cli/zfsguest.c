/*
 * zfsguest.c - what the ZFS commands share: a guest with its dataset,
 * NAME@SNAP operands, running or printing steps, rollback, and a fresh
 * identity for a copied guest.
 *
 * A guest on a ZFS datastore DSET is the dataset DSET/NAME, mounted on
 * DSPATH/NAME; its zvols are datasets below it (vm-bhyve's layout,
 * vm-bhyve-compat.md §3 and §7).
 */
#include "compat.h"

#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "conf.h"
#include "datastore.h"
#include "guest.h"
#include "hyve.h"
#include "lifecycle.h"
#include "model.h"
#include "net.h"
#include "plan.h"
#include "runstate.h"
#include "spawn.h"
#include "xmalloc.h"
#include "zfs.h"
#include "zfshost.h"

/*
 * Load guest name.  With dsp, the guest must be on a ZFS datastore and
 * *dsp gets its dataset DSET/NAME (caller frees); what names the
 * operation for the error.  NULL after printing why.
 */
struct guest *
zfsguest_load(const char *name, const char *what, char **dsp)
{
	struct guest	*g;

	if ((g = client_load(name)) == NULL)
		return (NULL);
	if (dsp == NULL)
		return (g);
	if (g->g_dataset == NULL) {
		warnx("%s: %s needs a ZFS datastore, and %s is in the "
		    "directory %s (use vm_dir=\"zfs:pool/dataset\" or a "
		    "zfs: datastore)", name, what, name, g->g_dspath);
		guest_free(g);
		return (NULL);
	}
	xasprintf(dsp, "%s/%s", g->g_dataset, name);
	return (g);
}

/*
 * Split "NAME@SNAP" into *name and *snap (both allocated; *snap NULL
 * without '@').  Returns -1 after printing why when the snapshot name
 * is empty or invalid.
 */
int
zfsguest_split(const char *arg, char **name, char **snap)
{
	const char	*at;

	*snap = NULL;
	if ((at = strchr(arg, '@')) == NULL) {
		*name = xstrdup(arg);
		return (0);
	}
	if (!zfs_snapname_valid(at + 1)) {
		warnx("%s: bad snapshot name \"%s\" (letters, digits and "
		    "\"-_.:\", up to 200)", arg, at + 1);
		return (-1);
	}
	*name = xstrndup(arg, (size_t)(at - arg));
	*snap = xstrdup(at + 1);
	return (0);
}

/*
 * A new snapshot name of dataset ds for now, as vm-bhyve makes it (date
 * +%Y-%m-%d-%H:%M:%S); a second one within the same second gets ".2",
 * ".3"... so it never collides.  Caller frees.
 */
char *
zfsguest_snapname(const char *ds)
{
	char		 buf[64], *s, *full;
	time_t		 now;
	struct tm	*tm;
	int		 n;

	now = time(NULL);
	tm = localtime(&now);
	strftime(buf, sizeof(buf), "%Y-%m-%d-%H:%M:%S", tm);
	s = xstrdup(buf);
	for (n = 2;; n++) {
		xasprintf(&full, "%s@%s", ds, s);
		if (!zfshost_exists(full))
			break;
		free(full);
		free(s);
		xasprintf(&s, "%s.%d", buf, n);
	}
	free(full);
	return (s);
}

/*
 * Print the steps (dry run) or run them; the steps are undone when one
 * fails.  Returns an exit status after printing any error.
 */
int
zfsguest_run(const char *name, const struct zfs_steps *zs, bool dryrun)
{
	struct plan	*p;
	char		*cause = NULL;

	if (dryrun) {
		p = plan_new();
		zfs_steps_plan(zs, p);
		plan_print(p, stdout);
		plan_free(p);
		return (HYVE_EXIT_OK);
	}
	if (zfshost_steps(zs, &cause) == -1) {
		warnx("%s: %s", name, cause);
		free(cause);
		return (HYVE_EXIT_ERR);
	}
	return (HYVE_EXIT_OK);
}

/*
 * Whether every dataset in rows has snapshot snap; prints the first
 * one missing.
 */
bool
zfsguest_hassnap(const char *name, const struct zfs_rows *zr,
    const char *snap)
{
	char	*s;
	bool	 ok = true;
	size_t	 i;

	for (i = 0; ok && i < zr->zr_n; i++) {
		xasprintf(&s, "%s@%s", zr->zr_v[i][0], snap);
		if (!zfshost_exists(s)) {
			warnx("%s@%s: no such snapshot (no %s; see \"hyve "
			    "snapshot list %s\")", name, snap, s, name);
			ok = false;
		}
		free(s);
	}
	return (ok);
}

/*
 * "rollback [-r] NAME@SNAP": every dataset of the stopped guest back to
 * SNAP.  Without -r, a newer snapshot of any of them is an error before
 * anything is rolled back, so the guest is never half rolled back.
 */
int
zfsguest_rollback(const char *arg, bool recursive, bool dryrun)
{
	struct zfs_rows		*zr = NULL, *snaps = NULL;
	struct zfs_steps	*zs = NULL;
	struct guest		*g = NULL;
	char			*name = NULL, *snap = NULL, *ds = NULL;
	char			*s, *cause = NULL;
	const char		*newer = NULL;
	size_t			 i, len;
	bool			 seen = false;
	int			 rv = HYVE_EXIT_ERR;

	if (zfsguest_split(arg, &name, &snap) == -1)
		goto done;
	if (snap == NULL) {
		warnx("%s: name the snapshot to roll back to: %s@SNAP", arg,
		    arg);
		goto done;
	}
	if ((g = zfsguest_load(name, "rollback", &ds)) == NULL)
		goto done;
	if (!dryrun && runstate_running(name)) {
		warnx("%s: is running; stop it before rolling back", name);
		goto done;
	}
	if ((zr = zfshost_list(ds, "filesystem,volume", "name", &cause)) ==
	    NULL || (snaps = zfshost_list(ds, "snapshot", "name",
	    &cause)) == NULL) {
		warnx("%s: %s", name, cause);
		goto done;
	}
	if (!zfsguest_hassnap(name, zr, snap))
		goto done;
	/*
	 * zfs list orders the snapshots of one dataset by creation (its
	 * default sort compares their createtxg), oldest first.
	 */
	xasprintf(&s, "%s@%s", ds, snap);
	len = strlen(ds);
	for (i = 0; i < snaps->zr_n && newer == NULL; i++) {
		if (strncmp(snaps->zr_v[i][0], ds, len) != 0 ||
		    snaps->zr_v[i][0][len] != '@')
			continue;
		if (seen)
			newer = snaps->zr_v[i][0];
		seen = seen || strcmp(snaps->zr_v[i][0], s) == 0;
	}
	free(s);
	if (newer != NULL && !recursive) {
		warnx("%s: %s is newer than %s@%s; rollback -r destroys the "
		    "newer snapshots", name, newer, name, snap);
		goto done;
	}
	zs = zfs_steps_new();
	for (i = 0; i < zr->zr_n; i++) {
		xasprintf(&s, "%s@%s", zr->zr_v[i][0], snap);
		zfs_add_rollback(zs, s, recursive);
		free(s);
	}
	if ((rv = zfsguest_run(name, zs, dryrun)) == HYVE_EXIT_OK &&
	    !dryrun)
		printf("%s: rolled back to %s\n", name, snap);
done:
	free(cause);
	zfs_steps_free(zs);
	zfs_rows_free(zr);
	zfs_rows_free(snaps);
	guest_free(g);
	free(ds);
	free(name);
	free(snap);
	return (rv);
}

/*
 * Run a | b (b NULL: a alone) with in and out; wait for both.  Returns
 * -1 after printing why when either fails.
 */
int
zfsguest_pipe(const struct argv *a, const struct argv *b, int in, int out)
{
	char	*cause = NULL, st[64];
	pid_t	 pa, pb = -1;
	int	 p[2] = { -1, -1 }, sa, sb = 0, rv = 0;

	if (b != NULL && pipe(p) == -1) {
		warn("pipe");
		return (-1);
	}
	if ((pa = spawn_start(a, in, b != NULL ? p[1] : out, STDERR_FILENO,
	    0, &cause)) != -1 && b != NULL)
		pb = spawn_start(b, p[0], out, STDERR_FILENO, 0, &cause);
	if (p[0] != -1) {
		close(p[0]);
		close(p[1]);
	}
	if (pa == -1 || (b != NULL && pb == -1)) {
		warnx("%s", cause);
		free(cause);
		rv = -1;
	}
	if (pa != -1)
		while (waitpid(pa, &sa, 0) == -1 && errno == EINTR)
			;
	if (pb != -1)
		while (waitpid(pb, &sb, 0) == -1 && errno == EINTR)
			;
	if (pa != -1 && !(WIFEXITED(sa) && WEXITSTATUS(sa) == 0)) {
		warnx("%s %s", a->a_v[0], spawn_status(sa, st, sizeof(st)));
		rv = -1;
	}
	if (pb != -1 && !(WIFEXITED(sb) && WEXITSTATUS(sb) == 0)) {
		warnx("%s %s", b->a_v[0], spawn_status(sb, st, sizeof(st)));
		rv = -1;
	}
	return (rv);
}

/*
 * Take (create) or destroy snapshot snap of guest name, whose dataset is
 * ds, and of its zvols: the tail that snapshot create and destroy share.
 * The snapshot must not exist yet, or must exist, before anything runs.
 * Returns an exit status after printing any error.
 */
int
zfsguest_snapstep(const char *name, const char *ds, const char *snap,
    bool create, bool dryrun)
{
	struct zfs_steps	*zs = NULL;
	char			*s;
	int			 rv = HYVE_EXIT_ERR;

	xasprintf(&s, "%s@%s", ds, snap);
	if (create && zfshost_exists(s)) {
		warnx("%s@%s: snapshot exists already", name, snap);
		goto done;
	}
	if (!create && !zfshost_exists(s)) {
		warnx("%s@%s: no such snapshot (see \"hyve snapshot list "
		    "%s\")", name, snap, name);
		goto done;
	}
	zs = zfs_steps_new();
	if (create)
		zfs_add_snapshot(zs, s, true);
	else
		zfs_add_destroy(zs, s, true);
	if ((rv = zfsguest_run(name, zs, dryrun)) == HYVE_EXIT_OK && !dryrun)
		printf("%s@%s: %s\n", name, snap, create ? "created" :
		    "destroyed");
done:
	zfs_steps_free(zs);
	free(s);
	return (rv);
}

/*
 * "snapshot destroy NAME@SNAP" (and "destroy NAME@SNAP"): the snapshot
 * of the guest and of its zvols.
 */
int
zfsguest_snapdestroy(const char *arg, bool dryrun)
{
	struct guest		*g = NULL;
	char			*name = NULL, *snap = NULL, *ds = NULL;
	int			 rv = HYVE_EXIT_ERR;

	if (zfsguest_split(arg, &name, &snap) == -1)
		goto done;
	if (snap == NULL) {
		warnx("%s: name the snapshot: %s@SNAP (\"hyve destroy %s\" "
		    "destroys the guest)", arg, arg, arg);
		goto done;
	}
	if ((g = zfsguest_load(name, "snapshot destroy", &ds)) == NULL)
		goto done;
	rv = zfsguest_snapstep(name, ds, snap, false, dryrun);
done:
	guest_free(g);
	free(ds);
	free(name);
	free(snap);
	return (rv);
}

/*
 * Add to p the steps that give a copied guest its own identity in file:
 * a new UUID and a new MAC for each of vm's NICs.
 */
void
zfsguest_identityplan(struct plan *p, const char *file, const struct vm *vm)
{
	int	 i;

	plan_add(p, "write %s: uuid=\"(a new UUID)\"", file);
	for (i = 0; i < vm->vm_nnics; i++)
		plan_add(p, "write %s: network%d_mac=\"(a new MAC)\"", file,
		    vm->vm_nics[i].ni_index);
}

/*
 * Write a new UUID and new MACs for vm's NICs into the config file (a
 * copy's, never the source's).  Returns -1 with *cause set.
 */
int
zfsguest_identity(const char *file, const struct vm *vm, char **cause)
{
	struct conf	*c;
	char		*v, key[64];
	int		 i, rv = -1;

	if ((c = conf_load(file, cause)) == NULL)
		return (-1);
	v = lifecycle_uuid();
	rv = conf_set(c, "uuid", v, cause);
	free(v);
	for (i = 0; rv == 0 && i < vm->vm_nnics; i++) {
		snprintf(key, sizeof(key), "network%d_mac",
		    vm->vm_nics[i].ni_index);
		v = net_newmac();
		rv = conf_set(c, key, v, cause);
		free(v);
	}
	if (rv == 0)
		rv = conf_save(c, cause);
	conf_free(c);
	return (rv);
}

/* Whether a guest called name exists in any datastore (prints nothing). */
bool
zfsguest_exists(const char *name)
{
	struct datastore_list	*dl;
	char			*cause = NULL;
	bool			 found;

	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL) {
		free(cause);
		return (false);
	}
	found = datastore_guest(dl, name) != NULL;
	datastore_list_free(dl);
	return (found);
}

/*
 * Take the leading "-x" words of a subcommand's arguments: each letter
 * must be in allowed and sets set[letter].  Returns the number of words
 * taken, or -1 for an unknown letter.
 */
int
zfsguest_flags(int argc, char **argv, const char *allowed, bool *set)
{
	const char	*c;
	int		 i;

	for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1] != '\0';
	    i++) {
		if (strcmp(argv[i], "--") == 0)
			return (i + 1);
		for (c = argv[i] + 1; *c != '\0'; c++) {
			if (strchr(allowed, *c) == NULL)
				return (-1);
			set[(unsigned char)*c] = true;
		}
	}
	return (i);
}

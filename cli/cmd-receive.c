/*
 * cmd-receive.c - "hyve receive": a guest from a ZFS stream on stdin.
 *
 * The stream is what "hyve send" (or zfs send -R) wrote.  A new guest
 * is received as DSET/NAME of the default datastore (or -d DATASTORE),
 * which must be ZFS, and is registered by being there: its directory
 * DSPATH/NAME holds NAME.conf (a config of another name, from a guest
 * sent under another name, is renamed).  The guest keeps its UUID and
 * MACs: receiving moves a guest, "clone" copies one.  An existing,
 * stopped guest takes an incremental stream (send -i).
 *
 * A stream that is cut short or corrupt fails in zfs receive; whatever
 * it had made of a new guest is destroyed, so nothing half-made stays.
 */
#include "compat.h"

#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "datastore.h"
#include "hyve.h"
#include "name.h"
#include "plan.h"
#include "runstate.h"
#include "xmalloc.h"
#include "zfs.h"
#include "zfshost.h"

static int	cmd_receive_exec(struct cmd_args *);

const struct cmd_entry cmd_receive_entry = {
	.ce_name = "receive",
	.ce_alias = "recv",
	.ce_usage = "[-n] [-d datastore] name",
	.ce_help = "make or update a guest from a ZFS stream on stdin",
	.ce_optstring = "d:n",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_receive_exec,
};


/*
 * Make sure dir holds NAME.conf: rename the only *.conf there if it has
 * another name.  Returns -1 after printing why.
 */
static int
cmd_receive_conf(const char *name, const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*want, *found = NULL, *from;
	size_t		 n, nconf = 0;
	int		 rv = -1;

	xasprintf(&want, "%s/%s.conf", dir, name);
	if (stat(want, &st) == 0 && S_ISREG(st.st_mode)) {
		free(want);
		return (0);
	}
	if ((d = opendir(dir)) == NULL) {
		warn("%s: %s", name, dir);
		free(want);
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n > 5 && de->d_name[0] != '.' &&
		    strcmp(de->d_name + n - 5, ".conf") == 0) {
			nconf++;
			free(found);
			found = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (nconf != 1)
		warnx("%s: the stream holds no guest: %s has %s", name, dir,
		    nconf == 0 ? "no .conf file" : "several .conf files");
	else {
		xasprintf(&from, "%s/%s", dir, found);
		if (rename(from, want) == -1)
			warn("%s: rename %s", name, from);
		else
			rv = 0;
		free(from);
	}
	free(found);
	free(want);
	return (rv);
}

/* Destroy what a failed receive of a new guest left. */
static void
cmd_receive_undo(const char *name, const char *target)
{
	struct argv	*a;
	char		*cause = NULL;

	if (!zfshost_exists(target))
		return;
	a = zfs_destroy(target, true);
	if (zfshost_run(a, NULL, &cause) == -1) {
		warnx("%s: %s", name, cause);
		free(cause);
	}
	argv_free(a);
}

/* Receive a guest. */
static int
cmd_receive_exec(struct cmd_args *ca)
{
	struct datastore_list	*dl = NULL;
	const struct datastore	*ds;
	struct argv		*a = NULL;
	struct plan		*p;
	const char		*name = ca->ca_argv[0];
	char			*target = NULL, *dir = NULL, *cause = NULL;
	bool			 exists, dryrun = ca->ca_set['n'];
	int			 rv = HYVE_EXIT_ERR;

	if (!name_valid(name, &cause)) {
		warnx("%s", cause);
		goto done;
	}
	if (!dryrun && isatty(STDIN_FILENO)) {
		warnx("%s: refusing to read a ZFS stream from a terminal: "
		    "redirect it from a file or pipe it (hyve send NAME |)",
		    name);
		goto done;
	}
	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL) {
		warnx("%s", cause);
		goto done;
	}
	exists = (ds = datastore_guest(dl, name)) != NULL;
	if (exists && ca->ca_set['d'] &&
	    strcmp(ds->ds_name, ca->ca_val['d']) != 0) {
		warnx("%s: exists already in datastore %s", name,
		    ds->ds_name);
		goto done;
	}
	if (!exists && (ds = datastore_find(dl, ca->ca_set['d'] ?
	    ca->ca_val['d'] : "default")) == NULL) {
		warnx("%s: no datastore %s (see datastore_list in %s/.config/"
		    "system.conf)", name, ca->ca_val['d'],
		    dl->dl_v[0].ds_path);
		goto done;
	}
	if (ds->ds_kind != DATASTORE_ZFS || ds->ds_path == NULL) {
		warnx("%s: receive needs a mounted ZFS datastore; %s is %s",
		    name, ds->ds_name, ds->ds_path == NULL ? ds->ds_error :
		    ds->ds_spec);
		goto done;
	}
	xasprintf(&target, "%s/%s", ds->ds_dataset, name);
	xasprintf(&dir, "%s/%s", ds->ds_path, name);
	if (exists && !dryrun && runstate_running(name)) {
		warnx("%s: is running; stop it before receiving into it",
		    name);
		goto done;
	}
	if (!exists && zfshost_exists(target)) {
		warnx("%s: dataset %s exists already (but holds no guest); "
		    "destroy or rename it first", name, target);
		goto done;
	}
	/* Into an existing guest: roll back what changed since (-F). */
	a = zfs_receive(target, exists);
	if (dryrun) {
		p = plan_new();
		plan_run(p, a, exists ? "an incremental stream from stdin" :
		    "a new guest from stdin; destroyed again if it fails");
		if (!exists)
			plan_add(p, "check %s/%s.conf (renamed from the "
			    "stream's only .conf if need be)", dir, name);
		plan_print(p, stdout);
		plan_free(p);
		rv = HYVE_EXIT_OK;
		goto done;
	}
	/* zfs receive prints nothing on stdout; ours stays clean. */
	if (zfshost_stream(a, STDIN_FILENO, -1, &cause) == -1) {
		warnx("%s: %s", name, cause);
		if (!exists)
			cmd_receive_undo(name, target);
		goto done;
	}
	if (!exists && cmd_receive_conf(name, dir) == -1) {
		cmd_receive_undo(name, target);
		goto done;
	}
	printf("%s: received\n", name);
	rv = HYVE_EXIT_OK;
done:
	free(cause);
	argv_free(a);
	datastore_list_free(dl);
	free(target);
	free(dir);
	return (rv);
}

/*
 * cmd-send.c - "hyve send": a guest as a ZFS replication stream.
 *
 * The stream (zfs send -R of the guest's dataset at a snapshot) goes to
 * stdout, for "hyve receive" on another host or for a file:
 *
 *	hyve send web | ssh host hyve receive web
 *	hyve send web | xz > web.hyve.xz
 *
 * Without @SNAP a new snapshot is taken (running guests only with -f)
 * and kept, as the base of a later "send -i".
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "guest.h"
#include "hyve.h"
#include "plan.h"
#include "runstate.h"
#include "xmalloc.h"
#include "zfs.h"
#include "zfshost.h"

static int	cmd_send_exec(struct cmd_args *);

const struct cmd_entry cmd_send_entry = {
	.ce_name = "send",
	.ce_usage = "[-fn] [-i snap] name[@snap]",
	.ce_help = "write a guest as a ZFS stream to stdout",
	.ce_optstring = "fi:n",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_send_exec,
};


/* Send a guest. */
static int
cmd_send_exec(struct cmd_args *ca)
{
	struct zfs_steps	*zs = NULL;
	struct guest		*g = NULL;
	struct argv		*a = NULL;
	struct plan		*p;
	char			*name = NULL, *snap = NULL, *ds = NULL;
	char			*full = NULL, *from = NULL, *cause = NULL;
	const char		*i = ca->ca_val['i'], *fsnap;
	bool			 dryrun = ca->ca_set['n'];
	int			 rv = HYVE_EXIT_ERR;

	/* A binary stream on a terminal is never what was meant. */
	if (!dryrun && isatty(STDOUT_FILENO)) {
		warnx("%s: refusing to write a ZFS stream to a terminal: "
		    "redirect it to a file or pipe it (| ssh HOST hyve "
		    "receive NAME)", ca->ca_argv[0]);
		goto done;
	}
	if (zfsguest_split(ca->ca_argv[0], &name, &snap) == -1)
		goto done;
	if ((g = zfsguest_load(name, "send", &ds)) == NULL)
		goto done;
	if (i != NULL) {
		/* -i takes SNAP or NAME@SNAP. */
		fsnap = strchr(i, '@') != NULL ? strchr(i, '@') + 1 : i;
		if (!zfs_snapname_valid(fsnap)) {
			warnx("%s: -i %s: bad snapshot name", name, i);
			goto done;
		}
		xasprintf(&from, "%s@%s", ds, fsnap);
		if (!zfshost_exists(from)) {
			warnx("%s: -i %s: no such snapshot (see \"hyve "
			    "snapshot list %s\")", name, i, name);
			goto done;
		}
	}
	zs = zfs_steps_new();
	if (snap == NULL) {
		if (!ca->ca_set['f'] && runstate_running(name)) {
			warnx("%s: is running; send it anyway with -f (its "
			    "disks as they are at that instant)", name);
			goto done;
		}
		snap = zfsguest_snapname(ds);
		xasprintf(&full, "%s@%s", ds, snap);
		zfs_add_snapshot(zs, full, true);
	} else {
		xasprintf(&full, "%s@%s", ds, snap);
		if (!zfshost_exists(full)) {
			warnx("%s@%s: no such snapshot (see \"hyve snapshot "
			    "list %s\")", name, snap, name);
			goto done;
		}
	}
	a = zfs_send(full, from);
	if (dryrun) {
		p = plan_new();
		zfs_steps_plan(zs, p);
		plan_run(p, a, "the stream to stdout");
		plan_print(p, stdout);
		plan_free(p);
		rv = HYVE_EXIT_OK;
		goto done;
	}
	if (zfsguest_run(name, zs, false) != HYVE_EXIT_OK)
		goto done;
	if (zfshost_stream(a, -1, STDOUT_FILENO, &cause) == -1) {
		warnx("%s: %s", name, cause);
		/* A snapshot made for a send that failed is not kept. */
		zfshost_undo(zs);
		goto done;
	}
	/* stdout is the stream: the report goes to stderr. */
	fprintf(stderr, "%s@%s: sent\n", name, snap);
	rv = HYVE_EXIT_OK;
done:
	free(cause);
	argv_free(a);
	zfs_steps_free(zs);
	guest_free(g);
	free(name);
	free(snap);
	free(ds);
	free(full);
	free(from);
	return (rv);
}

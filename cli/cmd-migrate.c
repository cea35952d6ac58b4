/*
 * cmd-migrate.c - "hyve migrate": move a guest to another host over
 * ssh(1), as vm-bhyve's "vm migrate" does (vm-bhyve-compat.md §7.7).
 *
 * The first pass sends the guest (zfs send -R of a new snapshot) while
 * it keeps running, into "hyve receive NAME" on HOST.  If it was
 * running, it is then stopped, a second snapshot sends what changed
 * (send -i), and the guest is started on HOST.  The source is kept,
 * stopped, without the migration snapshots; -x destroys it.  Guests
 * with passthru devices stay: their devices are this host's.
 *
 * ssh gets an argv (no local shell); the remote command is "hyve" (or
 * --remote-hyve's words) with a subcommand and the guest's name, which
 * name_valid() has reduced to characters no shell treats specially.
 * ssh runs in batch mode: a host that asks for a password refuses.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "guest.h"
#include "hyve.h"
#include "model.h"
#include "paths.h"
#include "plan.h"
#include "proto.h"
#include "runstate.h"
#include "xmalloc.h"
#include "zfs.h"
#include "zfshost.h"

static int	cmd_migrate_exec(struct cmd_args *);

static const struct option cmd_migrate_longopts[] = {
	{ "remote-hyve", required_argument, NULL, OPT_REMOTE },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_migrate_entry = {
	.ce_name = "migrate",
	.ce_usage = "[-nx] [--remote-hyve command] name host",
	.ce_help = "move a guest to another host over ssh",
	.ce_optstring = "nx",
	.ce_longopts = cmd_migrate_longopts,
	.ce_minargs = 2,
	.ce_maxargs = 2,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_migrate_exec,
};

/* ssh -o BatchMode=yes HOST REMOTE-HYVE sub name. */
static struct argv *
cmd_migrate_ssh(const char *host, const char *remote, const char *sub,
    const char *name)
{
	struct argv	*a;

	a = argv_new();
	argv_add(a, paths_get(PATH_SSH));
	argv_add(a, "-o");
	argv_add(a, "BatchMode=yes");
	argv_add(a, host);
	argv_addsplit(a, remote);
	argv_add(a, sub);
	argv_add(a, name);
	return (a);
}

/* Ask the supervisor to stop the guest and wait; -1 after a warning. */
static int
cmd_migrate_stop(const struct guest *g)
{
	struct proto_resp	 resp;
	char			*cause = NULL;
	int			 fd, rv = 0;

	if ((fd = client_request(g->g_name, PROTO_STOP, 0, NULL, &resp,
	    &cause)) == -1) {
		warnx("%s", cause);
		free(cause);
		return (-1);
	}
	if (client_waitclose(fd, (g->g_vm->vm_stop_timeout + 30) * 1000) ==
	    -1) {
		warnx("%s: still running", g->g_name);
		rv = -1;
	}
	close(fd);
	return (rv);
}

/* Migrate a guest. */
static int
cmd_migrate_exec(struct cmd_args *ca)
{
	struct zfs_steps	*zs = NULL;
	struct guest		*g = NULL;
	struct argv		*send1 = NULL, *send2 = NULL, *recv = NULL;
	struct argv		*start = NULL, *a;
	struct plan		*p;
	const char		*name = ca->ca_argv[0], *host = ca->ca_argv[1];
	const char		*remote;
	char			*ds = NULL, *s1 = NULL, *s2 = NULL, *cause = NULL;
	char			 stamp[32];
	bool			 running, stopped = false;
	time_t			 now;
	int			 rv = HYVE_EXIT_ERR;

	remote = ca->ca_set[OPT_REMOTE] ? ca->ca_val[OPT_REMOTE] : "hyve";
	if (host[0] == '-' || *remote == '\0') {
		warnx("%s: bad host \"%s\"", name, host);
		goto done;
	}
	if ((g = zfsguest_load(name, "migrate", &ds)) == NULL)
		goto done;
	if (g->g_vm->vm_npassthru > 0) {
		warnx("%s: has passthru devices, which stay with this host; "
		    "remove passthru0... first", name);
		goto done;
	}
	running = runstate_running(name);
	/* vm-bhyve's names: YYYYmmddHHMMSS-s1 and -s2. */
	now = time(NULL);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", localtime(&now));
	xasprintf(&s1, "%s@%s-s1", ds, stamp);
	xasprintf(&s2, "%s@%s-s2", ds, stamp);
	zs = zfs_steps_new();
	zfs_add_snapshot(zs, s1, true);
	if (running)
		zfs_add_snapshot(zs, s2, true);
	send1 = zfs_send(s1, NULL);
	send2 = zfs_send(s2, s1);
	recv = cmd_migrate_ssh(host, remote, "receive", name);
	start = cmd_migrate_ssh(host, remote, "start", name);
	if (ca->ca_set['n']) {
		p = plan_new();
		plan_add(p, "# first pass");
		plan_run(p, zs->zs_v[0].zs_argv, NULL);
		plan_run(p, send1, "piped into:");
		plan_run(p, recv, NULL);
		if (running) {
			plan_add(p, "stop %s (as hyve stop does)", name);
			plan_add(p, "# final pass");
			plan_run(p, zs->zs_v[1].zs_argv, NULL);
			plan_run(p, send2, "piped into:");
			plan_run(p, recv, NULL);
			plan_run(p, start, NULL);
		}
		if (ca->ca_set['x'])
			plan_add(p, "run %s destroy -r %s", paths_get(PATH_ZFS),
			    ds);
		else {
			plan_add(p, "run %s destroy -r %s", paths_get(PATH_ZFS),
			    s1);
			if (running)
				plan_add(p, "run %s destroy -r %s",
				    paths_get(PATH_ZFS), s2);
		}
		plan_print(p, stdout);
		plan_free(p);
		rv = HYVE_EXIT_OK;
		goto done;
	}
	if (zfshost_run(zs->zs_v[0].zs_argv, NULL, &cause) == -1) {
		warnx("%s: %s", name, cause);
		goto done;
	}
	printf("%s: first pass to %s\n", name, host);
	fflush(stdout);
	/* The remote hyve's reports are dropped; its errors reach stderr. */
	if (zfsguest_pipe(send1, recv, -1, -1) == -1) {
		warnx("%s: %s did not take the guest; nothing changed here",
		    name, host);
		goto undo;
	}
	if (running) {
		printf("%s: stopping for the final pass\n", name);
		fflush(stdout);
		if (cmd_migrate_stop(g) == -1)
			goto undo;
		stopped = true;
		if (zfshost_run(zs->zs_v[1].zs_argv, NULL, &cause) == -1) {
			warnx("%s: %s", name, cause);
			goto undo;
		}
		if (zfsguest_pipe(send2, recv, -1, -1) == -1) {
			warnx("%s: the final pass to %s failed; %s keeps the "
			    "first pass (remove it there)", name, host, host);
			goto undo;
		}
		if (zfsguest_pipe(start, NULL, -1, -1) == -1) {
			warnx("%s: moved, but it did not start on %s", name,
			    host);
			goto cleanup;
		}
	}
	rv = HYVE_EXIT_OK;
	printf("%s: migrated to %s\n", name, host);
cleanup:
	/* The source: gone with -x, else kept without our snapshots. */
	a = ca->ca_set['x'] ? zfs_destroy(ds, true) : NULL;
	if (a != NULL && zfshost_run(a, NULL, &cause) == -1) {
		warnx("%s: %s", name, cause);
		rv = HYVE_EXIT_ERR;
	} else if (a == NULL)
		zfshost_undo(zs);
	argv_free(a);
	goto done;
undo:
	zfshost_undo(zs);
	if (stopped && start_guest(name, NULL, false, false) != HYVE_EXIT_OK)
		warnx("%s: could not start it here again", name);
done:
	free(cause);
	argv_free(send1);
	argv_free(send2);
	argv_free(recv);
	argv_free(start);
	zfs_steps_free(zs);
	guest_free(g);
	free(ds);
	free(s1);
	free(s2);
	return (rv);
}

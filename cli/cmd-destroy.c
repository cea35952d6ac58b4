/*
 * cmd-destroy.c - "hyve destroy": remove a stopped guest and its disks.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "hyve.h"
#include "lifecycle.h"
#include "runstate.h"
#include "storage.h"

static int	cmd_destroy_exec(struct cmd_args *);

const struct cmd_entry cmd_destroy_entry = {
	.ce_name = "destroy",
	.ce_usage = "[-fn] name",
	.ce_help = "remove a stopped guest, its config and its disks",
	.ce_optstring = "fn",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_destroy_exec,
};

/*
 * Ask on stdin, terminal or not, as vm-bhyve does: a destroy cannot be
 * undone, so only "y" proceeds and end of input means no.
 */
static bool
cmd_destroy_confirm(const struct guest *g)
{
	char	 line[16];

	printf("Destroy %s and everything in %s? (y/N) ", g->g_name,
	    g->g_gdir);
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL) {
		printf("\n");
		return (false);
	}
	return (line[0] == 'y' || line[0] == 'Y');
}

/* Lock the guest, ask, then remove it. */
static int
cmd_destroy_exec(struct cmd_args *ca)
{
	struct storage_plan	*sp;
	struct guest		*g;
	char			*rundir;
	bool			 dryrun = ca->ca_set['n'];
	int			 fd, rv = HYVE_EXIT_ERR;

	/* vm-bhyve's "destroy NAME@SNAP" destroys a snapshot. */
	if (strchr(ca->ca_argv[0], '@') != NULL)
		return (zfsguest_snapdestroy(ca->ca_argv[0], dryrun));
	if ((g = change_guest(ca->ca_argv[0])) == NULL)
		return (HYVE_EXIT_ERR);
	if ((fd = change_lock(g->g_name, "destroy", dryrun)) == -1) {
		guest_free(g);
		return (HYVE_EXIT_ERR);
	}
	sp = storage_plan_new();
	rundir = runstate_path(g->g_name, NULL);
	lifecycle_destroy(g, rundir, sp);
	if (!dryrun && !ca->ca_set['f'] && !cmd_destroy_confirm(g)) {
		warnx("%s: not destroyed", g->g_name);
		goto done;
	}
	if ((rv = change_apply(g->g_name, sp, dryrun)) == HYVE_EXIT_OK &&
	    !dryrun) {
		printf("%s: destroyed\n", g->g_name);
		change_vmlist(g->g_name, NULL);
	}
done:
	change_unlock(fd);
	free(rundir);
	storage_plan_free(sp);
	guest_free(g);
	return (rv);
}

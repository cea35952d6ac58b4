/*
 * cmd-rename.c - "hyve rename": give a stopped guest a new name.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "datastore.h"
#include "guest.h"
#include "hyve.h"
#include "lifecycle.h"
#include "runstate.h"
#include "storage.h"

static int	cmd_rename_exec(struct cmd_args *);

const struct cmd_entry cmd_rename_entry = {
	.ce_name = "rename",
	.ce_usage = "[-n] name newname",
	.ce_help = "rename a stopped guest, its config and its disk files",
	.ce_optstring = "n",
	.ce_minargs = 2,
	.ce_maxargs = 2,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_rename_exec,
};

/*
 * Lock both names (the old so it cannot start, the new so no other
 * command takes it meanwhile), then move everything.
 */
static int
cmd_rename_exec(struct cmd_args *ca)
{
	struct datastore_list	*dl = NULL;
	struct storage_plan	*sp = NULL;
	struct guest		*g;
	const char		*newname = ca->ca_argv[1];
	char			*cause = NULL, *rundir = NULL;
	bool			 dryrun = ca->ca_set['n'];
	int			 fd = -1, nfd = -1, rv = HYVE_EXIT_ERR;

	if ((g = change_guest(ca->ca_argv[0])) == NULL)
		return (HYVE_EXIT_ERR);
	if ((dl = datastore_list(&cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
		goto done;
	}
	if (change_newname(dl, newname) == -1)
		goto done;
	if ((fd = change_lock(g->g_name, "rename", dryrun)) == -1 ||
	    (nfd = change_lock(newname, "replace", dryrun)) == -1)
		goto done;
	sp = storage_plan_new();
	if (lifecycle_rename(g, newname, sp, &cause) == -1) {
		warnx("%s", cause);
		free(cause);
		goto done;
	}
	/* The old name's runtime directory (lock, old state) goes last. */
	rundir = runstate_path(g->g_name, NULL);
	storage_remove(sp, rundir);
	if ((rv = change_apply(g->g_name, sp, dryrun)) == HYVE_EXIT_OK &&
	    !dryrun) {
		printf("%s: renamed to %s\n", g->g_name, newname);
		change_vmlist(g->g_name, newname);
	}
done:
	change_unlock(nfd);
	change_unlock(fd);
	free(rundir);
	storage_plan_free(sp);
	datastore_list_free(dl);
	guest_free(g);
	return (rv);
}

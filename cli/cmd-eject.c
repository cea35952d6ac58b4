/*
 * cmd-eject.c - "hyve eject": empty a guest's CD drive (the kvm
 * toolset's "eject").
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "conf.h"
#include "guest.h"
#include "hyve.h"
#include "lifecycle.h"
#include "runstate.h"
#include "storage.h"
#include "xmalloc.h"

static int	cmd_eject_exec(struct cmd_args *);

const struct cmd_entry cmd_eject_entry = {
	.ce_name = "eject",
	.ce_usage = "[-n] name",
	.ce_help = "empty a guest's CD drive",
	.ce_optstring = "n",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_eject_exec,
};

/* Empty the drive and save the checked config. */
static int
cmd_eject_exec(struct cmd_args *ca)
{
	struct storage_plan	*sp;
	struct guest		*g;
	struct conf		*c;
	char			*cause = NULL, *nulliso;
	int			 rv = HYVE_EXIT_ERR;

	if ((g = change_guest(ca->ca_argv[0])) == NULL)
		return (HYVE_EXIT_ERR);
	c = change_copy(g);
	sp = storage_plan_new();
	/* vm-bhyve's empty CD, made by "vm init" (vm-bhyve-compat.md §1.4). */
	xasprintf(&nulliso, "%s/.config/null.iso", g->g_vmdir);
	if (lifecycle_eject(g, c, nulliso, &cause) == -1) {
		warnx("%s", cause);
		free(cause);
		goto done;
	}
	rv = change_writeconf(g, c, sp, ca->ca_set['n']);
	if (rv == HYVE_EXIT_OK && !ca->ca_set['n'])
		printf("%s: ejected%s\n", g->g_name,
		    runstate_running(g->g_name) ? " (from its next boot)" : "");
done:
	free(nulliso);
	storage_plan_free(sp);
	conf_free(c);
	guest_free(g);
	return (rv);
}

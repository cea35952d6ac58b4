/*
 * cmd-insert.c - "hyve insert": put an ISO in a guest's CD drive (the
 * kvm toolset's "insert").
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conf.h"
#include "guest.h"
#include "hostconf.h"
#include "hyve.h"
#include "lifecycle.h"
#include "runstate.h"
#include "storage.h"
#include "xmalloc.h"

static int	cmd_insert_exec(struct cmd_args *);

const struct cmd_entry cmd_insert_entry = {
	.ce_name = "insert",
	.ce_usage = "[-n] name iso",
	.ce_help = "put an ISO in a guest's CD drive (ahci-cd disk)",
	.ce_optstring = "n",
	.ce_minargs = 2,
	.ce_maxargs = 2,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_insert_exec,
};

/*
 * The ISO's absolute path, found as install finds it (cmd_iso_find in
 * vm_dir/.iso).  NULL after printing why when it is not readable.
 */
static char *
cmd_insert_find(const char *iso)
{
	char	*p;

	p = cmd_iso_find(iso, hostconf_vmdir());
	if (access(p, R_OK) == 0)
		return (p);
	if (iso[0] == '/')
		warnx("%s: cannot read it", iso);
	else
		warnx("%s: no such ISO here or in %s/.iso", iso,
		    hostconf_vmdir());
	free(p);
	return (NULL);
}

/* Point the CD drive at the ISO and save the checked config. */
static int
cmd_insert_exec(struct cmd_args *ca)
{
	struct storage_plan	*sp;
	struct guest		*g;
	struct conf		*c;
	char			*iso;
	int			 rv;

	if ((g = change_guest(ca->ca_argv[0])) == NULL)
		return (HYVE_EXIT_ERR);
	if ((iso = cmd_insert_find(ca->ca_argv[1])) == NULL) {
		guest_free(g);
		return (HYVE_EXIT_ERR);
	}
	c = change_copy(g);
	sp = storage_plan_new();
	lifecycle_insert(g, c, iso);
	rv = change_writeconf(g, c, sp, ca->ca_set['n']);
	/* bhyve cannot change media while running: say when it shows. */
	if (rv == HYVE_EXIT_OK && !ca->ca_set['n'])
		printf("%s: %s inserted%s\n", g->g_name, iso,
		    runstate_running(g->g_name) ? " (from its next boot)" : "");
	free(iso);
	storage_plan_free(sp);
	conf_free(c);
	guest_free(g);
	return (rv);
}

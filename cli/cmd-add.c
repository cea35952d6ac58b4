/*
 * cmd-add.c - "hyve add": a new disk or NIC for a guest (vm-bhyve's
 * "vm add").
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "guest.h"
#include "hyve.h"
#include "lifecycle.h"
#include "storage.h"

static int	cmd_add_exec(struct cmd_args *);

const struct cmd_entry cmd_add_entry = {
	.ce_name = "add",
	.ce_usage = "[-n] -d disk [-t file|zvol|sparse-zvol] [-s size] name\n"
	    "       hyve add [-n] -d network -s switch name",
	.ce_help = "add a disk or a network interface to a guest",
	.ce_optstring = "nd:t:s:",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_add_exec,
};

/* Plan the device, check the new config, then make it. */
static int
cmd_add_exec(struct cmd_args *ca)
{
	struct storage_plan	*sp;
	struct guest		*g;
	struct conf		*c;
	const char		*dev = ca->ca_val['d'];
	char			*cause = NULL;
	int			 rv = HYVE_EXIT_ERR, r;

	if (dev == NULL || (strcmp(dev, "disk") != 0 &&
	    strcmp(dev, "network") != 0) ||
	    (strcmp(dev, "network") == 0 && (!ca->ca_set['s'] ||
	    ca->ca_set['t'])))
		return (cmd_badusage(&cmd_add_entry));
	if ((g = change_guest(ca->ca_argv[0])) == NULL)
		return (HYVE_EXIT_ERR);
	c = change_copy(g);
	sp = storage_plan_new();
	if (strcmp(dev, "disk") == 0)
		r = lifecycle_adddisk(g, c, ca->ca_val['t'], ca->ca_val['s'],
		    sp, &cause);
	else
		r = lifecycle_addnic(g, c, ca->ca_val['s'], &cause);
	if (r == -1) {
		warnx("%s: %s (nothing changed)", g->g_name, cause);
		free(cause);
		goto done;
	}
	rv = change_writeconf(g, c, sp, ca->ca_set['n']);
done:
	storage_plan_free(sp);
	conf_free(c);
	guest_free(g);
	return (rv);
}

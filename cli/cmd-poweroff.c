/*
 * cmd-poweroff.c - "hyve poweroff": power a guest off now (bhyvectl --force-poweroff).
 */
#include "compat.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hyve.h"
#include "proto.h"

static int	cmd_poweroff_exec(struct cmd_args *);

const struct cmd_entry cmd_poweroff_entry = {
	.ce_name = "poweroff",
	.ce_usage = "[-fn] name",
	.ce_help = "pull the plug: the guest stops at once",
	.ce_optstring = "fn",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_poweroff_exec,
};

/* Ask first on a terminal, as vm-bhyve does, unless -f. */
static int
cmd_poweroff_exec(struct cmd_args *ca)
{
	client_hostconf();
	if (ca->ca_set['n'])
		return (client_stopplan(ca->ca_argv[0], PLAN_POWEROFF, true));
	if (!ca->ca_set['f'] && !client_confirm("poweroff", ca->ca_argv[0]))
		return (HYVE_EXIT_ERR);
	return (client_simple(ca->ca_argv[0], PROTO_POWEROFF, 0) == 0 ?
	    HYVE_EXIT_OK : HYVE_EXIT_ERR);
}

/*
 * cmd-reset.c - "hyve reset": reset a guest now (bhyvectl --force-reset).
 */
#include "compat.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hyve.h"
#include "proto.h"

static int	cmd_reset_exec(struct cmd_args *);

const struct cmd_entry cmd_reset_entry = {
	.ce_name = "reset",
	.ce_usage = "[-fn] name",
	.ce_help = "press the reset button: the guest reboots at once",
	.ce_optstring = "fn",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_reset_exec,
};

/* Ask first on a terminal, as vm-bhyve does, unless -f. */
static int
cmd_reset_exec(struct cmd_args *ca)
{
	client_hostconf();
	if (ca->ca_set['n'])
		return (client_stopplan(ca->ca_argv[0], PLAN_RESET, true));
	if (!ca->ca_set['f'] && !client_confirm("reset", ca->ca_argv[0]))
		return (HYVE_EXIT_ERR);
	return (client_simple(ca->ca_argv[0], PROTO_RESET, 0) == 0 ?
	    HYVE_EXIT_OK : HYVE_EXIT_ERR);
}

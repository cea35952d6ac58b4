/*
 * cmd-restart.c - "hyve restart": stop a guest gracefully, boot it again.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "hyve.h"
#include "proto.h"

static int	cmd_restart_exec(struct cmd_args *);

const struct cmd_entry cmd_restart_entry = {
	.ce_name = "restart",
	.ce_usage = "[-fn] name ...",
	.ce_help = "shut guests down and boot them again (same supervisor)",
	.ce_optstring = "fn",
	.ce_minargs = 1,
	.ce_maxargs = -1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_restart_exec,
};

/* Ask each supervisor to restart its guest. */
static int
cmd_restart_exec(struct cmd_args *ca)
{
	int	 i, rv = HYVE_EXIT_OK;

	client_hostconf();
	for (i = 0; i < ca->ca_argc; i++)
		if (ca->ca_set['n']) {
			if (client_stopplan(ca->ca_argv[i], PLAN_RESTART,
			    ca->ca_set['f']) != HYVE_EXIT_OK)
				rv = HYVE_EXIT_ERR;
		} else if (client_simple(ca->ca_argv[i], PROTO_RESTART,
		    ca->ca_set['f'] ? PROTO_FORCE : 0) != 0)
			rv = HYVE_EXIT_ERR;
	return (rv);
}

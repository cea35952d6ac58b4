/*
 * cmd-reset.c - "hyve reset": reset a guest now (bhyvectl --force-reset).
 */
#include "compat.h"

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
	return (client_button(ca, "reset", PLAN_RESET, PROTO_RESET));
}

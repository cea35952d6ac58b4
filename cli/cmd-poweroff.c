/*
 * cmd-poweroff.c - "hyve poweroff": power a guest off now
 * (bhyvectl --force-poweroff).
 */
#include "compat.h"

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
	return (client_button(ca, "poweroff", PLAN_POWEROFF, PROTO_POWEROFF));
}

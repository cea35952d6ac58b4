/*
 * cmd-rollback.c - "hyve rollback": a stopped guest back to a snapshot.
 */
#include "compat.h"

#include "hyve.h"

static int	cmd_rollback_exec(struct cmd_args *);

const struct cmd_entry cmd_rollback_entry = {
	.ce_name = "rollback",
	.ce_usage = "[-nr] name@snap",
	.ce_help = "roll a stopped guest back to a ZFS snapshot",
	.ce_optstring = "nr",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_rollback_exec,
};

/* Same as "snapshot rollback" (zfsguest.c). */
static int
cmd_rollback_exec(struct cmd_args *ca)
{
	return (zfsguest_rollback(ca->ca_argv[0], ca->ca_set['r'],
	    ca->ca_set['n']));
}

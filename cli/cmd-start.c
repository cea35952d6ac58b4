/*
 * cmd-start.c - "hyve start": boot guests under their supervisors.
 */
#include "compat.h"

#include <stdio.h>

#include "hyve.h"

static int	cmd_start_exec(struct cmd_args *);

const struct cmd_entry cmd_start_entry = {
	.ce_name = "start",
	.ce_usage = "[-fn] name ...",
	.ce_help = "start guests, each under its own supervisor",
	.ce_optstring = "fn",
	.ce_minargs = 1,
	.ce_maxargs = -1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_start_exec,
};

/* Start each named guest; -f runs one in the foreground. */
static int
cmd_start_exec(struct cmd_args *ca)
{
	int	 i, rv = HYVE_EXIT_OK;

	if (ca->ca_set['f'] && ca->ca_argc > 1)
		return (cmd_badusage(&cmd_start_entry));
	for (i = 0; i < ca->ca_argc; i++)
		if (start_guest(ca->ca_argv[i], NULL, ca->ca_set['n'],
		    ca->ca_set['f']) != HYVE_EXIT_OK)
			rv = HYVE_EXIT_ERR;
	return (rv);
}

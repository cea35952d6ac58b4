/*
 * cmd-version.c - "hyve version".
 */
#include "compat.h"

#include <stdio.h>

#include "hyve.h"
#include "version.h"

static int	cmd_version_exec(struct cmd_args *);

const struct cmd_entry cmd_version_entry = {
	.ce_name = "version",
	.ce_usage = "",
	.ce_help = "print hyve's version",
	.ce_optstring = "",
	.ce_minargs = 0,
	.ce_maxargs = 0,
	.ce_exec = cmd_version_exec,
};

/* Print the version. */
static int
cmd_version_exec(struct cmd_args *ca)
{
	printf("hyve %s\n", HYVE_VERSION);
	return (HYVE_EXIT_OK);
}

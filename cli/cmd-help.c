/*
 * cmd-help.c - "hyve help [command]".
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "hyve.h"

static int	cmd_help_exec(struct cmd_args *);

const struct cmd_entry cmd_help_entry = {
	.ce_name = "help",
	.ce_usage = "[command]",
	.ce_help = "list the commands, or show one command's usage",
	.ce_optstring = "",
	.ce_minargs = 0,
	.ce_maxargs = 1,
	.ce_exec = cmd_help_exec,
};

/* List every command with its synopsis, or describe one. */
static int
cmd_help_exec(struct cmd_args *ca)
{
	const struct cmd_entry	**ce, *one;
	char			*cause = NULL;

	if (ca->ca_argc == 1) {
		if ((one = cmd_find(ca->ca_argv[0], &cause)) == NULL) {
			warnx("%s", cause);
			free(cause);
			return (HYVE_EXIT_USAGE);
		}
		cmd_usage(one, stdout);
		printf("%s\n", one->ce_help);
		return (HYVE_EXIT_OK);
	}
	printf("usage: %s [-c file] command [arguments]\n\ncommands:\n",
	    getprogname());
	for (ce = cmd_table; *ce != NULL; ce++)
		if (((*ce)->ce_flags & CMD_HIDDEN) == 0)
			printf("  %-10s %s\n", (*ce)->ce_name, (*ce)->ce_help);
	printf("\nSee hyve(8) and hyve.conf(5).\n");
	return (HYVE_EXIT_OK);
}

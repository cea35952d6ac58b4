/*
 * cmd-get.c - "hyve get": print keys of a guest's config.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>

#include "conf.h"
#include "guest.h"
#include "hyve.h"

static int	cmd_get_exec(struct cmd_args *);

const struct cmd_entry cmd_get_entry = {
	.ce_name = "get",
	.ce_usage = "name key ...",
	.ce_help = "print the value of config keys, one per line",
	.ce_optstring = "",
	.ce_minargs = 2,
	.ce_maxargs = -1,
	.ce_exec = cmd_get_exec,
};

/*
 * Print each key's value as vm-bhyve reads it, one per line in the
 * order asked; an absent key prints nothing and makes the exit status
 * 1, so a script can tell absent from empty.
 */
static int
cmd_get_exec(struct cmd_args *ca)
{
	struct guest	*g;
	const char	*v;
	int		 i, rv = HYVE_EXIT_OK;

	if ((g = change_guest(ca->ca_argv[0])) == NULL)
		return (HYVE_EXIT_ERR);
	for (i = 1; i < ca->ca_argc; i++) {
		if ((v = conf_get(g->g_conf, ca->ca_argv[i])) == NULL) {
			warnx("%s: %s: not set in %s", g->g_name,
			    ca->ca_argv[i], g->g_file);
			rv = HYVE_EXIT_ERR;
			continue;
		}
		printf("%s\n", v);
	}
	guest_free(g);
	return (rv);
}

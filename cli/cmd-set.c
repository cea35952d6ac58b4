/*
 * cmd-set.c - "hyve set": change keys of a guest's config.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "conf.h"
#include "guest.h"
#include "hyve.h"
#include "lifecycle.h"
#include "storage.h"

static int	cmd_set_exec(struct cmd_args *);

const struct cmd_entry cmd_set_entry = {
	.ce_name = "set",
	.ce_usage = "[-n] name key=value ...",
	.ce_help = "change config keys, checked before they are saved",
	.ce_optstring = "n",
	.ce_minargs = 2,
	.ce_maxargs = -1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_set_exec,
};

/*
 * Apply every assignment to a copy, check the result as a whole and
 * save it in one atomic write: all of them or none.
 */
static int
cmd_set_exec(struct cmd_args *ca)
{
	struct storage_plan	*sp;
	struct guest		*g;
	struct conf		*c;
	char			*cause = NULL;
	int			 i, rv = HYVE_EXIT_ERR;

	if ((g = change_guest(ca->ca_argv[0])) == NULL)
		return (HYVE_EXIT_ERR);
	c = change_copy(g);
	sp = storage_plan_new();
	for (i = 1; i < ca->ca_argc; i++)
		if (lifecycle_set(c, ca->ca_argv[i], &cause) == -1) {
			warnx("%s: %s (nothing changed)", g->g_name, cause);
			free(cause);
			goto done;
		}
	rv = change_writeconf(g, c, sp, ca->ca_set['n']);
done:
	storage_plan_free(sp);
	conf_free(c);
	guest_free(g);
	return (rv);
}

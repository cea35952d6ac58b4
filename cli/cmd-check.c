/*
 * cmd-check.c - "hyve check -f": validate a guest config file.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "guest.h"
#include "hyve.h"
#include "model.h"
#include "paths.h"
#include "slots.h"

/* Exit status when the file has warnings but no errors (hyve.8). */
#define CHECK_EXIT_WARNINGS	2

static int	cmd_check_exec(struct cmd_args *);

const struct cmd_entry cmd_check_entry = {
	.ce_name = "check",
	.ce_usage = "-f file [-N name] [-z dataset]",
	.ce_help = "validate a guest config file and print every problem",
	.ce_optstring = "f:N:z:",
	.ce_minargs = 0,
	.ce_maxargs = 0,
	.ce_exec = cmd_check_exec,
};

/*
 * Read the file, build the model and lay out its PCI slots as a normal
 * boot would (framebuffer on, no install CD), printing every problem.
 */
static int
cmd_check_exec(struct cmd_args *ca)
{
	struct guest		*g;
	struct slot_opts	 so;
	char			*cause = NULL;
	int			 rv;

	if (!ca->ca_set['f'])
		return (cmd_badusage(&cmd_check_entry));
	g = guest_fromfile(ca->ca_val['f'], ca->ca_val['N'], ca->ca_val['z'],
	    paths_get(PATH_FIRMWARE_DIR), &cause);
	if (g == NULL) {
		warnx("%s", cause);
		free(cause);
		return (HYVE_EXIT_ERR);
	}
	if (g->g_diag->d_nerrors == 0) {
		memset(&so, 0, sizeof(so));
		so.so_fbuf = true;
		so.so_install = g->g_vm->vm_nulliso_fix;
		slots_free(slots_assign(g->g_vm, &so, g->g_diag));
	}
	diag_print(g->g_diag, stderr);
	if (g->g_diag->d_nerrors > 0)
		rv = HYVE_EXIT_ERR;
	else if (g->g_diag->d_nwarnings > 0)
		rv = CHECK_EXIT_WARNINGS;
	else
		rv = HYVE_EXIT_OK;
	guest_free(g);
	return (rv);
}

/*
 * cmd-argv.c - "hyve argv": the commands that would start a guest.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "bhyve.h"
#include "diag.h"
#include "guest.h"
#include "hyve.h"
#include "model.h"
#include "net.h"
#include "paths.h"
#include "slots.h"
#include "xmalloc.h"

static int	cmd_argv_exec(struct cmd_args *);

static const struct option cmd_argv_longopts[] = {
	{ "config", no_argument, NULL, OPT_CONFIG },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_argv_entry = {
	.ce_name = "argv",
	.ce_usage = "-f file [-N name] [-i iso] [-z dataset] [--config]",
	.ce_help = "print the loader and bhyve commands for a config file",
	.ce_optstring = "f:i:N:z:",
	.ce_longopts = cmd_argv_longopts,
	.ce_minargs = 0,
	.ce_maxargs = 0,
	.ce_exec = cmd_argv_exec,
};

/* Print a command line, words quoted for sh(1). */
static void
cmd_argv_print(const struct argv *a)
{
	char	*s;

	s = argv_string(a);
	printf("%s\n", s);
	free(s);
}

/* Print the loader and bhyve argv, or the bhyve config file. */
static int
cmd_argv_exec(struct cmd_args *ca)
{
	struct guest		*g;
	struct bhyve_run	 run;
	struct bhyve_loader	*bl = NULL;
	struct slot_opts	 so;
	struct slots		*slots = NULL;
	struct argv		*a;
	const struct vm		*vm;
	char			*iso = NULL, *text, **coms = NULL;
	char			*tpmsock = NULL;
	int			 i, rv = HYVE_EXIT_ERR;

	memset(&run, 0, sizeof(run));
	if (!ca->ca_set['f'])
		return (cmd_badusage(&cmd_argv_entry));
	if ((g = client_loadfile(ca)) == NULL)
		return (HYVE_EXIT_ERR);
	if (g->g_diag->d_nerrors > 0)
		goto done;
	vm = g->g_vm;

	run.br_backends = net_planbackends(vm);
	coms = xcalloc((size_t)vm->vm_ncomports + 1, sizeof(*coms));
	for (i = 0; i < vm->vm_ncomports; i++)
		xasprintf(&coms[i], "%s/nmdm-%s.%dA", paths_get(PATH_DEV),
		    vm->vm_name, i + 1);
	run.br_comdevs = coms;
	/* The port search is a host fact; a plan assumes 5900 is free. */
	run.br_vncport = vm->vm_graphics_port ? vm->vm_graphics_port : 5900;
	if (ca->ca_set['i'])
		iso = cmd_iso_find(ca->ca_val['i'], g->g_dspath);
	run.br_iso = iso;
	run.br_boot = 1;
	xasprintf(&tpmsock, "%s/%s/swtpm.sock", paths_get(PATH_RUNDIR),
	    vm->vm_name);
	run.br_tpmsock = tpmsock;

	bhyve_slotopts(vm, &run, &so);
	if ((slots = slots_assign(vm, &so, g->g_diag)) == NULL)
		goto done;
	if (ca->ca_set[OPT_CONFIG]) {
		text = bhyve_config(vm, slots, &run);
		fputs(text, stdout);
		free(text);
	} else {
		if ((bl = bhyve_loader(vm, &run)) != NULL)
			cmd_argv_print(bl->bl_argv);
		a = bhyve_argv(vm, slots, &run);
		cmd_argv_print(a);
		argv_free(a);
	}
	rv = HYVE_EXIT_OK;
done:
	diag_print(g->g_diag, stderr);
	if (g->g_vm != NULL) {
		net_freebackends(run.br_backends, g->g_vm->vm_nnics);
		if (coms != NULL)
			for (i = 0; i < g->g_vm->vm_ncomports; i++)
				free(coms[i]);
	}
	free(coms);
	free(tpmsock);
	free(iso);
	bhyve_loader_free(bl);
	slots_free(slots);
	guest_free(g);
	return (rv);
}

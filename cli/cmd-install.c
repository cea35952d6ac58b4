/*
 * cmd-install.c - "hyve install": boot a guest once from an ISO.
 */
#include "compat.h"

#include <stdlib.h>

#include "hostconf.h"
#include "hyve.h"

static int	cmd_install_exec(struct cmd_args *);

const struct cmd_entry cmd_install_entry = {
	.ce_name = "install",
	.ce_usage = "[-fn] name iso",
	.ce_help = "start a guest booting once from an install ISO",
	.ce_optstring = "fn",
	.ce_minargs = 2,
	.ce_maxargs = 2,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_install_exec,
};

/* Start the guest with the ISO attached for its first boot. */
static int
cmd_install_exec(struct cmd_args *ca)
{
	char	*iso;
	int	 rv;

	client_hostconf();
	iso = cmd_iso_find(ca->ca_argv[1], hostconf_vmdir() != NULL ?
	    hostconf_vmdir() : ".");
	rv = start_guest(ca->ca_argv[0], iso, ca->ca_set['n'],
	    ca->ca_set['f']);
	free(iso);
	return (rv);
}

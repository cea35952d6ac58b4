/*
 * cmd-install.c - "hyve install": boot a guest once from an ISO.
 */
#include "compat.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostconf.h"
#include "hyve.h"
#include "xmalloc.h"

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

/*
 * Find the ISO as vm-bhyve does (datastore::iso_find): an absolute
 * readable path as given, else relative to the working directory, else
 * in vm_dir/.iso.
 */
static char *
cmd_install_iso(const char *iso)
{
	char	 cwd[PATH_MAX], *p;

	if (iso[0] == '/')
		return (xstrdup(iso));
	if (access(iso, R_OK) == 0 && getcwd(cwd, sizeof(cwd)) != NULL) {
		xasprintf(&p, "%s/%s", cwd, iso);
		return (p);
	}
	xasprintf(&p, "%s/.iso/%s", hostconf_vmdir() != NULL ?
	    hostconf_vmdir() : ".", iso);
	return (p);
}

/* Start the guest with the ISO attached for its first boot. */
static int
cmd_install_exec(struct cmd_args *ca)
{
	char	*iso;
	int	 rv;

	client_hostconf();
	iso = cmd_install_iso(ca->ca_argv[1]);
	rv = start_guest(ca->ca_argv[0], iso, ca->ca_set['n'],
	    ca->ca_set['f']);
	free(iso);
	return (rv);
}

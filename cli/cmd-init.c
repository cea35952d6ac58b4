/*
 * cmd-init.c - "hyve init": prepare the host: the default datastore's
 * layout and the kernel modules guests need.
 */
#include "compat.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "conf.h"
#include "datastore.h"
#include "hostcheck.h"
#include "hostconf.h"
#include "hyve.h"
#include "paths.h"
#include "spawn.h"
#include "xmalloc.h"

/* Host tools must answer quickly. */
#define INIT_CMD_MS	30000

static int	cmd_init_exec(struct cmd_args *);

const struct cmd_entry cmd_init_entry = {
	.ce_name = "init",
	.ce_usage = "[-n]",
	.ce_help = "create the datastore layout and load the kernel modules",
	.ce_optstring = "n",
	.ce_minargs = 0,
	.ce_maxargs = 0,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_init_exec,
};

/*
 * The modules guests need: bhyve's vmm, nmdm for the consoles, tap for
 * NICs and if_bridge for switches.  On FreeBSD 13 and later if_tap is a
 * module name of if_tuntap (and GENERIC has it built in), so kldstat -m
 * and kldload find it under this name on every release.
 */
static const char *const init_modules[] = {
	"vmm", "nmdm", "if_tap", "if_bridge"
};

/* The directories of a datastore, as vm-bhyve's init makes them. */
static const char *const init_dirs[] = {
	".config", ".templates", ".iso", ".img"
};

/* What "hyve create" uses without -t: vm-bhyve's default template. */
static const char init_template[] =
    "# The default template: \"hyve create NAME\" copies it.\n"
    "loader=\"bhyveload\"\n"
    "cpu=1\n"
    "memory=256M\n"
    "network0_type=\"virtio-net\"\n"
    "network0_switch=\"public\"\n"
    "disk0_type=\"virtio-blk\"\n"
    "disk0_name=\"disk0.img\"\n";

static const char init_sysconf[] =
    "# Switches and datastores, in vm-bhyve's keys: see hyve.conf(5).\n";

/* Run a host command; 0 on success, else -1 after saying why. */
static int
init_run(struct argv *a, bool dryrun)
{
	char	*cmd, *out = NULL, *cause = NULL;
	int	 rv;

	cmd = argv_string(a);
	if (dryrun) {
		printf("  run %s\n", cmd);
		free(cmd);
		return (0);
	}
	rv = spawn_run(a, &out, INIT_CMD_MS, &cause);
	if (rv != 0) {
		warnx("%s: %s", cmd, rv == -1 ? cause : out != NULL &&
		    *out != '\0' ? out : "failed");
		rv = -1;
	}
	free(cmd);
	free(out);
	free(cause);
	return (rv);
}

/* Whether a module is loaded (kldstat -q -m). */
static bool
init_loaded(const char *mod)
{
	struct argv	*a;
	char		*cause = NULL;
	int		 rv;

	a = argv_new();
	argv_add(a, paths_get(PATH_KLDSTAT));
	argv_add(a, "-q");
	argv_add(a, "-m");
	argv_add(a, mod);
	rv = spawn_run(a, NULL, INIT_CMD_MS, &cause);
	argv_free(a);
	free(cause);
	return (rv == 0);
}

/* Create a directory if it is missing. */
static int
init_mkdir(const char *path, bool dryrun)
{
	struct stat	 st;

	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return (0);
		warnx("%s exists and is not a directory", path);
		return (-1);
	}
	if (dryrun) {
		printf("  mkdir %s\n", path);
		return (0);
	}
	if (mkdir(path, 0755) == -1) {
		warn("mkdir %s", path);
		return (-1);
	}
	printf("created %s\n", path);
	return (0);
}

/* Write a file if it is missing (atomically, through conf_save). */
static int
init_file(const char *path, const char *text, bool dryrun)
{
	struct conf	*c;
	char		*cause = NULL;
	int		 rv = -1;

	if (access(path, F_OK) == 0)
		return (0);
	if (dryrun) {
		printf("  write %s\n", path);
		return (0);
	}
	if ((c = conf_parse(path, text, strlen(text), &cause)) != NULL) {
		c->c_mode = 0644;
		rv = conf_save(c, &cause);
		conf_free(c);
	}
	if (rv == -1) {
		warnx("%s", cause);
		free(cause);
		return (-1);
	}
	printf("created %s\n", path);
	return (0);
}

/*
 * Check the settings first, then make what is missing: the datastore
 * and its directories, .config/system.conf, .config/null.iso and the
 * default template; then load missing modules and set
 * net.link.tap.up_on_open, as vm-bhyve's init does.  Everything that
 * exists is left as it is, so init can run at every boot.
 */
static int
cmd_init_exec(struct cmd_args *ca)
{
	struct datastore_list	*dl;
	struct argv		*a;
	struct stat		 st;
	const char		*ds;
	char			*path, *cause = NULL, *out = NULL, buf[16];
	bool			 dryrun = ca->ca_set['n'];
	size_t			 i;
	int			 bad = 0;

	client_hostconf();
	if (hostconf_vmdir() == NULL)
		errx(HYVE_EXIT_ERR, "vm_dir is not set: set it in %s (or "
		    "/etc/rc.conf), e.g. vm_dir=\"/vm\"", hostconf_path());
	/* A vm_dir that is a file would fail below with a vaguer word. */
	if (stat(hostconf_vmdir(), &st) == 0 && !S_ISDIR(st.st_mode))
		errx(HYVE_EXIT_ERR, "vm_dir %s exists and is not a directory",
		    hostconf_vmdir());
	if ((dl = datastore_list(&cause)) == NULL)
		errx(HYVE_EXIT_ERR, "%s", cause);
	if ((ds = dl->dl_v[0].ds_path) == NULL || *ds != '/') {
		datastore_list_free(dl);
		errx(HYVE_EXIT_ERR, "vm_dir %s: %s", hostconf_vmdir(),
		    strncmp(hostconf_vmdir(), "zfs:", 4) == 0 ? "create and "
		    "mount the dataset first" : "must be an absolute path");
	}
	if (dryrun)
		printf("plan for init:\n");
	bad |= init_mkdir(ds, dryrun);
	for (i = 0; i < nitems(init_dirs) && bad == 0; i++) {
		xasprintf(&path, "%s/%s", ds, init_dirs[i]);
		bad |= init_mkdir(path, dryrun);
		free(path);
	}
	if (bad == 0) {
		xasprintf(&path, "%s/.config/system.conf", ds);
		bad |= init_file(path, init_sysconf, dryrun);
		free(path);
		xasprintf(&path, "%s/.config/null.iso", ds);
		bad |= init_file(path, "", dryrun);
		free(path);
		xasprintf(&path, "%s/.templates/default.conf", ds);
		bad |= init_file(path, init_template, dryrun);
		free(path);
	}
	datastore_list_free(dl);

	for (i = 0; i < nitems(init_modules); i++) {
		if (init_loaded(init_modules[i]))
			continue;
		a = argv_new();
		argv_add(a, paths_get(PATH_KLDLOAD));
		argv_add(a, init_modules[i]);
		if (init_run(a, dryrun) == 0 && !dryrun)
			printf("loaded %s\n", init_modules[i]);
		else if (!dryrun)
			bad = -1;
		argv_free(a);
	}
	/* Only when the oid exists (if_tap loaded) and is not 1 already. */
	a = argv_new();
	argv_add(a, paths_get(PATH_SYSCTL));
	argv_add(a, "-i");
	argv_add(a, "net.link.tap.up_on_open");
	if (spawn_run(a, &out, INIT_CMD_MS, &cause) == 0 && hostcheck_sysctl(
	    out, "net.link.tap.up_on_open", buf, sizeof(buf)) != NULL &&
	    strcmp(buf, "1") != 0) {
		argv_free(a);
		a = argv_new();
		argv_add(a, paths_get(PATH_SYSCTL));
		argv_add(a, "net.link.tap.up_on_open=1");
		if (init_run(a, dryrun) == -1)
			bad = -1;
	}
	argv_free(a);
	free(out);
	free(cause);
	return (bad != 0 ? HYVE_EXIT_ERR : HYVE_EXIT_OK);
}

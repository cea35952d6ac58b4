#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * bhyvectl - the fake host's bhyvectl(8): --create, --destroy,
 * --force-reset and --force-poweroff of the instance $FH/dev/vmm/NAME,
 * in the order and with the messages and exit statuses of bhyvectl.c
 * main().  What the kernel does to a running bhyve is a signal to the
 * pid the instance records (see bhyve.c): SIGUSR2 for a reset, SIGUSR1
 * for a power-off, SIGHUP when the instance is destroyed under it.
 */

#include <sys/types.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"

static void	usage(void) __attribute__((__noreturn__));

/* bhyvectl's usage (the options the fake knows). */
static void
usage(void)
{
	fprintf(stderr, "Usage: bhyvectl --vm=<vmname>\n"
	    "       [--create]\n"
	    "       [--destroy]\n"
	    "       [--force-reset]\n"
	    "       [--force-poweroff]\n");
	exit(1);
}

/* Run the fake bhyvectl. */
int
main(int argc, char *argv[])
{
	enum { O_VM, O_CREATE, O_DESTROY, O_RESET, O_POWEROFF };
	static const struct option opts[] = {
		{ "vm", required_argument, NULL, O_VM },
		{ "create", no_argument, NULL, O_CREATE },
		{ "destroy", no_argument, NULL, O_DESTROY },
		{ "force-reset", no_argument, NULL, O_RESET },
		{ "force-poweroff", no_argument, NULL, O_POWEROFF },
		{ NULL, 0, NULL, 0 }
	};
	struct fh_vmm v;
	const char *name;
	char *path;
	bool create, destroy, reset, poweroff, alive;
	int ch, lk;

	fh_init(argc, argv, "bhyvectl");
	name = NULL;
	create = destroy = reset = poweroff = false;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case O_VM:
			name = optarg;
			break;
		case O_CREATE:
			create = true;
			break;
		case O_DESTROY:
			destroy = true;
			break;
		case O_RESET:
			reset = true;
			break;
		case O_POWEROFF:
			poweroff = true;
			break;
		default:
			usage();
		}
	if (name == NULL || optind != argc)
		usage();

	lk = fh_lock("vmm");
	if (create) {
		/* vm_create() on an existing VM: bhyvectl exits -1. */
		if (fh_vmm_read(name, &v) == 0 || !fh_vmname_ok(name)) {
			printf("errno = %d\n", fh_vmname_ok(name) ? EEXIST :
			    EINVAL);
			exit(255);
		}
		memset(&v, 0, sizeof(v));
		fh_vmm_write(name, &v);
	}
	if (fh_vmm_read(name, &v) != 0) {
		fprintf(stderr, "vm_open: %s could not be opened: %s\n", name,
		    strerror(ENOENT));
		exit(1);
	}
	alive = fh_alive(v.vmm_pid);
	if (reset && alive)
		kill(v.vmm_pid, SIGUSR2);
	if (poweroff && alive)
		kill(v.vmm_pid, SIGUSR1);
	if (destroy) {
		if (alive)
			kill(v.vmm_pid, SIGHUP);
		path = fh_path("dev/vmm/%s", name);
		if (unlink(path) != 0)
			err(1, "unlink %s", path);
		free(path);
	}
	fh_unlock(lk);
	return (0);
}

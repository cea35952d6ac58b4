#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * kldload - the fake host's kldload(8): kldload [-nqv] file ...  Loading
 * MOD creates $FH/state/kld/MOD holding the next file id.  Only modules
 * in the table below exist.
 */

#include <sys/types.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"

/* The modules a FreeBSD 14 GENERIC host has in /boot/kernel. */
static const char *const modules[] = {
	"bridgestp", "cd9660", "dummynet", "fusefs", "if_bridge",
	"if_epair", "if_lagg", "if_tap", "if_tuntap", "if_vlan", "if_vxlan",
	"ipfw", "linux", "linux64", "netgraph", "ng_bridge", "ng_eiface",
	"ng_ether", "ng_socket", "nmdm", "nullfs", "pf", "vmm", "zfs", NULL
};

static void	usage(void) __attribute__((__noreturn__));
static int	next_id(void);

/* kldload's usage. */
static void
usage(void)
{
	fprintf(stderr, "usage: kldload [-nqv] file ...\n");
	exit(1);
}

/* The next file id: one more than any loaded (the kernel is 1). */
static int
next_id(void)
{
	struct dirent *de;
	char *dir, *path, *data;
	DIR *d;
	int id, max;

	max = 1;
	dir = fh_path("state/kld");
	if ((d = opendir(dir)) == NULL)
		err(FH_EXIT_BROKEN, "opendir %s", dir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = fh_path("state/kld/%s", de->d_name);
		if ((data = fh_readfile(path)) != NULL) {
			if ((id = atoi(data)) > max)
				max = id;
			free(data);
		}
		free(path);
	}
	closedir(d);
	free(dir);
	return (max + 1);
}

/* Run the fake kldload. */
int
main(int argc, char *argv[])
{
	const char *const *m;
	char *name, *slash, *path, *data;
	bool ifnew, quiet, verbose;
	size_t len;
	int ch, id, lk, status;

	fh_init(argc, argv, "kldload");
	ifnew = quiet = verbose = false;
	while ((ch = getopt(argc, argv, FH_OPTS("nqv"))) != -1)
		switch (ch) {
		case 'n':
			ifnew = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	if (optind == argc)
		usage();
	status = 0;
	lk = fh_lock("kld");
	for (; optind < argc; optind++) {
		/* "vmm", "vmm.ko" and "/boot/kernel/vmm.ko" are one module. */
		slash = strrchr(argv[optind], '/');
		name = fh_xstrdup(slash != NULL ? slash + 1 : argv[optind]);
		len = strlen(name);
		if (len > 3 && strcmp(name + len - 3, ".ko") == 0)
			name[len - 3] = '\0';
		for (m = modules; *m != NULL; m++)
			if (strcmp(*m, name) == 0)
				break;
		path = fh_path("state/kld/%s", name);
		if (*m == NULL) {
			if (!quiet) {
				errno = ENOENT;
				warn("can't load %s", argv[optind]);
			}
			status = 1;
		} else if (access(path, F_OK) == 0) {
			if (!ifnew) {
				if (!quiet)
					warnx("can't load %s: module already "
					    "loaded or in kernel",
					    argv[optind]);
				status = 1;
			}
		} else {
			id = next_id();
			data = fh_xasprintf("%d\n", id);
			fh_writefile(path, data);
			free(data);
			if (verbose)
				printf("Loaded %s, id=%d\n", argv[optind], id);
		}
		free(path);
		free(name);
	}
	fh_unlock(lk);
	return (status);
}

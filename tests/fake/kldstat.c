#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * kldstat - the fake host's kldstat(8).  A module MOD is loaded when
 * $FH/state/kld/MOD exists; the file holds its file id.
 *
 *	kldstat [-q] -m MOD	module loaded? (exit 1 if not)
 *	kldstat [-q] -n FILE	file (MOD or MOD.ko) loaded?
 *	kldstat			every file
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

#define	FILE_HDR	"Id Refs Address                Size Name\n"

static void	usage(void) __attribute__((__noreturn__));
static int	kld_id(const char *);
static void	kld_print(int, const char *, const char *);

/* kldstat's usage. */
static void
usage(void)
{
	fprintf(stderr, "usage: kldstat [-dhqv] [-i id | -n filename]\n"
	    "       kldstat [-dq] [-m modname]\n");
	exit(1);
}

/* The file id of a loaded module (its name, ".ko" or not), or -1. */
static int
kld_id(const char *name)
{
	char *path, *base, *data;
	size_t len;
	int id;

	base = fh_xstrdup(name);
	len = strlen(base);
	if (len > 3 && strcmp(base + len - 3, ".ko") == 0)
		base[len - 3] = '\0';
	id = -1;
	if (strchr(base, '/') == NULL && base[0] != '.' && base[0] != '\0') {
		path = fh_path("state/kld/%s", base);
		if ((data = fh_readfile(path)) != NULL) {
			id = atoi(data);
			free(data);
		}
		free(path);
	}
	free(base);
	return (id);
}

/* One line of the file list: name and suffix make the file name. */
static void
kld_print(int id, const char *name, const char *suffix)
{
	printf("%2d %4d 0x%016llx %8x %s%s\n", id, 1,
	    0xffffffff80200000ULL + (unsigned long long)id * 0x100000,
	    0x1000 * (id + 1), name, suffix);
}

/* Run the fake kldstat. */
int
main(int argc, char *argv[])
{
	struct dirent *de;
	const char *mod, *file;
	char *dir;
	bool quiet;
	DIR *d;
	int ch, id;

	fh_init(argc, argv, "kldstat");
	mod = file = NULL;
	quiet = false;
	while ((ch = getopt(argc, argv, FH_OPTS("dhi:m:n:qv"))) != -1)
		switch (ch) {
		case 'd':
		case 'h':
		case 'v':
		case 'i':
			break;
		case 'm':
			mod = optarg;
			break;
		case 'n':
			file = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		default:
			usage();
		}
	if (optind != argc || (mod != NULL && file != NULL))
		usage();
	if (mod != NULL) {
		if ((id = kld_id(mod)) < 0) {
			if (!quiet) {
				errno = ENOENT;
				warn("can't find module %s", mod);
			}
			return (1);
		}
		if (!quiet)
			printf("Id  Refs Name\n%3d %4d %s\n", id + 100, 1, mod);
		return (0);
	}
	if (file != NULL) {
		if ((id = kld_id(file)) < 0) {
			if (!quiet) {
				errno = ENOENT;
				warn("can't find file %s", file);
			}
			return (1);
		}
		if (!quiet) {
			printf(FILE_HDR);
			kld_print(id, file, "");
		}
		return (0);
	}
	printf(FILE_HDR);
	kld_print(1, "kernel", "");
	dir = fh_path("state/kld");
	if ((d = opendir(dir)) == NULL)
		err(FH_EXIT_BROKEN, "opendir %s", dir);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			kld_print(kld_id(de->d_name), de->d_name, ".ko");
	closedir(d);
	free(dir);
	return (0);
}

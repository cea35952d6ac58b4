#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * bhyveload - the fake host's bhyveload(8): the options of bhyveload.c
 * main() with their checks and messages, then fh_loader_run() prepares
 * the instance $FH/dev/vmm/NAME for the fake bhyve (knob ctl/NAME.loader:
 * "fail" or "hang").
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "bcfg.h"
#include "fh.h"

/* bhyveload.c NDISKS. */
#define	NDISKS		32

static void	usage(void) __attribute__((__noreturn__));
static int	altcons_open(const char *);

/* bhyveload's usage. */
static void
usage(void)
{
	fprintf(stderr, "usage: bhyveload [-S][-c <console-device>] "
	    "[-d <disk-path>] [-e <name=value>]\n"
	    "                 [-h <host-path>] [-m memsize[K|k|M|m|G|g|T|t]] "
	    "<vmname>\n");
	exit(1);
}

/*
 * altcons_open(): "stdio" (so one string serves bhyveload and bhyve's
 * COM port), else a character device that opens read-write.  Returns an
 * errno value.
 */
static int
altcons_open(const char *path)
{
	struct stat sb;
	int fd, e;

	if (strcmp(path, "stdio") == 0)
		return (0);
	if (stat(path, &sb) != 0)
		return (errno);
	if (!S_ISCHR(sb.st_mode))
		return (ENOTSUP);
	if ((fd = open(path, O_RDWR | O_NONBLOCK | O_NOCTTY)) < 0)
		return (errno);
	e = isatty(fd) ? 0 : ENOTTY;
	close(fd);
	return (e);
}

/* Run the fake bhyveload. */
int
main(int argc, char *argv[])
{
	struct fh_loader fl;
	struct stat sb;
	const char *host, *loader;
	int ch, fd, ndisks;

	fh_init(argc, argv, "bhyveload");
	memset(&fl, 0, sizeof(fl));
	fl.fl_memory = 256ULL * 1024 * 1024;
	fl.fl_banner = "\r\nFreeBSD/amd64 User boot lua, Revision 3.0\r\n"
	    "Loading kernel...\r\n"
	    "/boot/kernel/kernel text=0x1b4db0 data=0x1f6000 bss=0x2d0000\r\n"
	    "Booting...\r\n";
	host = loader = NULL;
	ndisks = 0;
	while ((ch = getopt(argc, argv, FH_OPTS("CSc:d:e:h:l:m:"))) != -1)
		switch (ch) {
		case 'C':
			break;
		case 'S':
			fl.fl_wired = true;
			break;
		case 'c':
			if (altcons_open(optarg) != 0)
				errx(EX_USAGE, "Could not open '%s'", optarg);
			fl.fl_cons = strcmp(optarg, "stdio") == 0 ? NULL :
			    optarg;
			break;
		case 'd':
			/* disk_open() failures go through perror(). */
			fd = -1;
			if (ndisks >= NDISKS)
				errno = ERANGE;
			else
				fd = open(optarg, O_RDONLY);
			if (fd < 0) {
				fprintf(stderr, "disk_open: %s\n",
				    strerror(errno));
				exit(1);
			}
			close(fd);
			ndisks++;
			break;
		case 'e':
			break;
		case 'h':
			host = optarg;
			break;
		case 'l':
			if (loader != NULL)
				errx(EX_USAGE, "-l can only be given once");
			loader = optarg;
			break;
		case 'm':
			if (bcfg_parse_memsize(optarg, &fl.fl_memory) != 0)
				errx(EX_USAGE, "Invalid memsize '%s'", optarg);
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	fl.fl_name = argv[0];
	/* dlopen() of the loader prints dlerror() on stdout. */
	if (loader != NULL && access(loader, R_OK) != 0) {
		printf("Cannot open \"%s\"\n", loader);
		exit(1);
	}
	if (host != NULL && (stat(host, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		errx(1, "fake host: -h %s: not a directory", host);
	if (ndisks == 0 && host == NULL)
		errx(1, "fake host: no -d or -h: the loader would wait at its "
		    "OK prompt");
	fh_loader_run(&fl);
}

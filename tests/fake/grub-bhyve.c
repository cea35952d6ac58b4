#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * grub-bhyve - the fake host's grub-bhyve (sysutils/grub2-bhyve): its
 * options, the device map, the root device and, when the root is the
 * host, grub.cfg; then fh_loader_run() prepares the instance for the
 * fake bhyve (knob ctl/NAME.loader: "fail" or "hang").
 *
 * Where the real GRUB would stop at its own prompt and wait (a root it
 * cannot find, no grub.cfg), the fake exits 1 with the error instead.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
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

static void	usage(void) __attribute__((__noreturn__));
static bool	devmap_has(const char *, const char *);

/* argp's answer to a bad command line. */
static void
usage(void)
{
	fprintf(stderr, "Usage: grub-bhyve [OPTION...] vmname\n"
	    "Try `grub-bhyve --help' or `grub-bhyve --usage' for more "
	    "information.\n");
	exit(EX_USAGE);
}

/*
 * Read the device map (GRUB's read_device_map(): "(NAME) PATH" lines,
 * '#' comments) and check every PATH; returns whether it maps dev.
 */
static bool
devmap_has(const char *map, const char *dev)
{
	struct stat sb;
	char *data, *line, *next, *rp, *path, *end;
	bool found;
	int lineno;

	if ((data = fh_readfile(map)) == NULL)
		errx(1, "error: cannot open `%s' during device map parsing: "
		    "%s.", map, strerror(errno));
	found = false;
	lineno = 0;
	for (line = data; *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		while (isspace((unsigned char)*line))
			line++;
		if (*line == '\0' || *line == '#')
			continue;
		if (*line != '(')
			errx(1, "error: %s:%d: No open parenthesis found.",
			    map, lineno);
		if ((rp = strchr(line, ')')) == NULL)
			errx(1, "error: %s:%d: No close parenthesis found.",
			    map, lineno);
		*rp = '\0';
		for (path = rp + 1; isspace((unsigned char)*path); path++)
			;
		end = path + strlen(path);
		while (end > path && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*path == '\0')
			errx(1, "error: %s:%d: No filename found.", map,
			    lineno);
		if (stat(path, &sb) != 0)
			errx(1, "error: %s:%d: cannot stat `%s': %s.", map,
			    lineno, path, strerror(errno));
		if (strcmp(line + 1, dev) == 0)
			found = true;
	}
	free(data);
	return (found);
}

/* Run the fake grub-bhyve. */
int
main(int argc, char *argv[])
{
	struct fh_loader fl;
	struct stat sb;
	const char *map, *root, *dir, *cfgname;
	char *dev, *cfg;
	bool mapped;
	int ch, fd;

	fh_init(argc, argv, "grub-bhyve");
	memset(&fl, 0, sizeof(fl));
	fl.fl_memory = 256ULL * 1024 * 1024;
	fl.fl_banner = "\r\n                    GNU GRUB  version 2.00\r\n\r\n"
	    "Booting a command list\r\n\r\n";
	map = NULL;
	root = "host";
	dir = "/boot/grub";
	cfgname = "grub.cfg";
	while ((ch = getopt(argc, argv, FH_OPTS("M:Sc:d:eg:m:nr:v"))) != -1)
		switch (ch) {
		case 'M':
			if (bcfg_parse_memsize(optarg, &fl.fl_memory) != 0)
				errx(EX_USAGE, "Invalid guest memory size "
				    "'%s'", optarg);
			break;
		case 'S':
			fl.fl_wired = true;
			break;
		case 'c':
			if ((fd = open(optarg, O_RDWR | O_NONBLOCK |
			    O_NOCTTY)) < 0 || !isatty(fd))
				errx(1, "error: could not open console "
				    "device %s.", optarg);
			close(fd);
			fl.fl_cons = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'e':
		case 'n':
		case 'v':
			break;
		case 'g':
			cfgname = optarg;
			break;
		case 'm':
			map = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	fl.fl_name = argv[0];
	dev = fh_xstrdup(root);
	dev[strcspn(dev, ",")] = '\0';
	mapped = map != NULL && devmap_has(map, dev);
	if (strcmp(dev, "host") == 0) {
		/* (host) always exists; grub.cfg is read from it. */
		cfg = fh_xasprintf("%s/%s", dir, cfgname);
		if (stat(cfg, &sb) != 0 || !S_ISREG(sb.st_mode))
			errx(1, "error: file `%s' not found.", cfg);
		free(cfg);
	} else if (!mapped)
		errx(1, "error: disk `%s' not found.", dev);
	free(dev);
	fh_loader_run(&fl);
}

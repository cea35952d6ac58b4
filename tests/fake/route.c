#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * route - the fake host's route(8), only what vm-bhyve's vxlan switches
 * use (vm-bhyve-compat.md §5.5):
 *
 *	route [-nq] add -net DEST/LEN -iface IF
 *	route [-nq] delete -net DEST/LEN -iface IF
 *
 * Routes are "DEST/LEN IF" lines of $FH/state/routes.  As route(8) does,
 * success prints "add net DEST: gateway IF" (unless -q), and a route
 * already there (add) or missing (delete) fails with the kernel's error.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"
#include "ifstate.h"

static void	usage(void) __attribute__((__noreturn__));

/* route's usage (route.c usage()). */
static void
usage(void)
{
	fprintf(stderr, "usage: route [-46dnqtv] command [[modifiers] args]\n");
	exit(64);
}

/* Check DEST/LEN: an IPv4 network and a prefix length of 0 to 32. */
static void
checkdest(const char *dest)
{
	struct in_addr in;
	char *a, *p, *end;
	long len;

	a = fh_xstrdup(dest);
	if ((p = strchr(a, '/')) != NULL) {
		*p++ = '\0';
		len = strtol(p, &end, 10);
		if (end == p || *end != '\0' || len < 0 || len > 32)
			errx(1, "%s: bad value", dest);
	}
	if (inet_pton(AF_INET, a, &in) != 1)
		errx(1, "%s: bad address", a);
	free(a);
}

/* Run route. */
int
main(int argc, char *argv[])
{
	struct ifs *ifs;
	char *path, *data, *line, *next, *want, *out, *tmp;
	bool quiet, add, found;
	int ch, lk;

	fh_init(argc, argv, "route");
	quiet = false;
	while ((ch = getopt(argc, argv, FH_OPTS("nq"))) != -1)
		switch (ch) {
		case 'n':
			break;
		case 'q':
			quiet = true;
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc != 5 || strcmp(argv[1], "-net") != 0 ||
	    strcmp(argv[3], "-iface") != 0)
		usage();
	if (strcmp(argv[0], "add") == 0)
		add = true;
	else if (strcmp(argv[0], "delete") == 0)
		add = false;
	else
		usage();
	checkdest(argv[2]);
	lk = ifs_lock();
	if ((ifs = ifs_load(argv[4])) == NULL)
		errx(1, "%s: bad value", argv[4]);
	ifs_free(ifs);
	path = fh_path("state/routes");
	if ((data = fh_readfile(path)) == NULL)
		data = fh_xstrdup("");
	want = fh_xasprintf("%s %s", argv[2], argv[4]);
	out = fh_xstrdup("");
	found = false;
	for (line = data; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (strcmp(line, want) == 0) {
			found = true;
			if (!add)
				continue;
		}
		tmp = fh_xasprintf("%s%s\n", out, line);
		free(out);
		out = tmp;
	}
	if (add && found) {
		fprintf(stderr, "route: writing to routing socket: File "
		    "exists\n");
		errx(1, "add net %s: gateway %s fib 0: route already in table",
		    argv[2], argv[4]);
	}
	if (!add && !found) {
		fprintf(stderr, "route: route has not been found\n");
		errx(1, "delete net %s: gateway %s fib 0: not in table",
		    argv[2], argv[4]);
	}
	if (add) {
		tmp = fh_xasprintf("%s%s\n", out, want);
		free(out);
		out = tmp;
	}
	fh_writefile(path, out);
	if (!quiet)
		printf("%s net %s: gateway %s\n", argv[0], argv[2], argv[4]);
	fh_unlock(lk);
	free(out);
	free(want);
	free(data);
	free(path);
	return (0);
}

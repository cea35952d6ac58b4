#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * ngctl - the fake host's ngctl(8), only the message vm-bhyve and hyve
 * send to find a free link of an ng_bridge(4) switch
 * (vm-bhyve-compat.md §5.4):
 *
 *	ngctl msg NODE: getstats N
 *
 * ng_bridge answers NGM_BRIDGE_GET_STATS for a connected link and fails
 * with ENOTCONN for one that is not; a node that does not exist fails
 * with ENOENT.  ngctl prints "send msg: ERROR" and exits 1 (ngctl.c
 * DoCommand: CMDRTN_ERROR).  Nodes and hooks are in $FH/ng (ifstate.h).
 */

#include <sys/types.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"
#include "ifstate.h"

static void	usage(void) __attribute__((__noreturn__));

/* ngctl's usage (main.c Usage()). */
static void
usage(void)
{
	fprintf(stderr, "usage: ngctl [-d] [-f filename] [-n nodename] "
	    "[-t] [command ...]\n");
	exit(1);
}

/* Run ngctl. */
int
main(int argc, char *argv[])
{
	char *node, *hook, *end;
	size_t len;
	long link;
	int lk;

	fh_init(argc, argv, "ngctl");
	if (argc < 2 || argv[1][0] == '-')
		usage();
	if (strcmp(argv[1], "msg") != 0)
		errx(1, "%s: unknown command (the fake knows msg only)",
		    argv[1]);
	/* msg path command [args]: the path is a node name and ':'. */
	if (argc < 4) {
		fprintf(stderr, "usage: msg path command [args ...]\n");
		return (1);
	}
	len = strlen(argv[2]);
	if (len < 2 || argv[2][len - 1] != ':' ||
	    strchr(argv[2], '.') != NULL)
		errx(1, "send msg: %s", fh_strerror(ENOENT));
	if (strcmp(argv[3], "getstats") != 0)
		errx(1, "send msg: %s", fh_strerror(EINVAL));
	/* NGM_BRIDGE_GET_STATS takes one link number (ng_bridge.h). */
	if (argc != 5)
		errx(1, "send msg: %s", fh_strerror(EINVAL));
	errno = 0;
	link = strtol(argv[4], &end, 10);
	if (end == argv[4] || *end != '\0' || errno != 0 || link < 0)
		errx(1, "send msg: %s", fh_strerror(EINVAL));
	node = fh_xstrdup(argv[2]);
	node[len - 1] = '\0';
	hook = fh_xasprintf("link%ld", link);
	lk = ifs_lock();
	if (!ifs_ng_exists(node))
		errx(1, "send msg: %s", fh_strerror(ENOENT));
	if (!ifs_ng_connected(node, hook))
		errx(1, "send msg: %s", fh_strerror(ENOTCONN));
	fh_unlock(lk);
	printf("Rec'd response \"getstats\" (4) from \"%s\":\n", argv[2]);
	printf("Args:\t{ recvOctets=0 recvPackets=0 xmitOctets=0 "
	    "xmitPackets=0 }\n");
	free(hook);
	free(node);
	return (0);
}

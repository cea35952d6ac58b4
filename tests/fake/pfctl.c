#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * pfctl - the fake host's pfctl(8), only the parts that show state:
 *
 *	pfctl [-qv] -s modifier
 *
 * pf is loaded when $FH/state/kld/pf exists; $FH/state/pf holds
 * "enabled=0|1" and "skip=IF ..." (the interfaces of pf.conf's "set skip
 * on"), and $FH/state/pf.rules the rules "-s rules" prints.
 *
 * As pfctl.c does: a modifier may be abbreviated and the first of
 * showopt_list it abbreviates wins ("-s I" is Interfaces, "-s i" info);
 * without pf(4), opening /dev/pf fails.  "-s Interfaces" prints each
 * interface and group, with -v followed by " (skip)" when pf skips it
 * (print_iface()).  Options that change pf are not faked.
 *
 * /dev/pf is root's (mode 0600): a user other than root gets EACCES.
 * Tests run as root, so the knob pfctl.uid (fakehost_knob pfctl uid N)
 * says which user pfctl runs as.
 */

#include <sys/types.h>

#include <dirent.h>
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"

/* pfctl.c's showopt_list, in its order. */
static const char *const showopts[] = {
	"queue", "rules", "Anchors", "Sources", "states", "info",
	"Interfaces", "labels", "timeouts", "memory", "Tables", "osfp",
	"Running", "all", "creatorids", NULL
};

static void	usage(void) __attribute__((__noreturn__));

/* pfctl's usage (FreeBSD 14 pfctl.c). */
static void
usage(void)
{
	fprintf(stderr, "usage: pfctl [-AdeghMmNnOPqRrvz] [-a anchor] "
	    "[-D macro=value] [-F modifier]\n"
	    "\t[-f file] [-i interface] [-K host | network]\n"
	    "\t[-k host | network | gateway | label | id] [-o level] "
	    "[-p device]\n"
	    "\t[-s modifier] [-t table -T command [address ...]] "
	    "[-x level]\n");
	exit(1);
}

/* The value of key in the pf state file, or "" (caller frees). */
static char *
pfstate(const char *key)
{
	char *path, *data, *line, *next, *v;
	size_t n = strlen(key);

	path = fh_path("state/pf");
	data = fh_readfile(path);
	free(path);
	if (data == NULL)
		return (fh_xstrdup(""));
	for (line = data; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (strncmp(line, key, n) == 0 && line[n] == '=') {
			v = fh_xstrdup(line + n + 1);
			free(data);
			return (v);
		}
	}
	free(data);
	return (fh_xstrdup(""));
}

/* Whether pf skips name. */
static bool
skipped(const char *name)
{
	char *list, *w, *last;
	bool rv = false;

	list = pfstate("skip");
	for (w = strtok_r(list, " ", &last); w != NULL;
	    w = strtok_r(NULL, " ", &last))
		if (strcmp(w, name) == 0)
			rv = true;
	free(list);
	return (rv);
}

/* Compare names for qsort. */
static int
namecmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* -s Interfaces: the group "all", then every interface by name. */
static void
show_ifaces(bool verbose)
{
	struct dirent *de;
	char *dir, **v = NULL;
	size_t i, n = 0;
	DIR *d;

	dir = fh_path("net");
	if ((d = opendir(dir)) == NULL)
		err(FH_EXIT_BROKEN, "opendir %s", dir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		v = fh_xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = fh_xstrdup(de->d_name);
	}
	closedir(d);
	free(dir);
	qsort(v, n, sizeof(*v), namecmp);
	printf("all\n");
	for (i = 0; i < n; i++) {
		printf("%s%s\n", v[i], verbose && skipped(v[i]) ?
		    " (skip)" : "");
		free(v[i]);
	}
	free(v);
}

/* Run the fake pfctl. */
int
main(int argc, char *argv[])
{
	const char *show = NULL, *opt;
	char *path, *enabled, *rules, *uid;
	bool verbose = false;
	size_t i;
	int ch;

	fh_init(argc, argv, "pfctl");
	while ((ch = getopt(argc, argv,
	    FH_OPTS("AdeghMmNnOPqRrvza:D:F:f:i:K:k:o:p:s:t:T:x:"))) != -1)
		switch (ch) {
		case 's':
			show = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		case 'q':
			break;
		case '?':
			usage();
		default:
			errx(FH_EXIT_BROKEN, "-%c: not faked", ch);
		}
	if (optind != argc || show == NULL)
		usage();
	opt = NULL;
	for (i = 0; showopts[i] != NULL; i++)
		if (strncmp(show, showopts[i], strlen(show)) == 0) {
			opt = showopts[i];
			break;
		}
	if (opt == NULL || *show == '\0')
		errx(1, "Unknown show modifier '%s'", show);
	path = fh_path("state/kld/pf");
	if (access(path, F_OK) == -1)
		errx(1, "/dev/pf: No such file or directory");
	free(path);
	if ((uid = fh_knob("pfctl", "uid")) != NULL &&
	    strspn(uid, "0123456789") != strlen(uid))
		fh_knob_bad("pfctl", "uid", uid);
	if ((uid != NULL ? atoi(uid) : (int)getuid()) != 0)
		errx(1, "/dev/pf: Permission denied");
	free(uid);
	if (strcmp(opt, "info") == 0) {
		enabled = pfstate("enabled");
		printf("Status: %s for 0 days 00:12:34           "
		    "Debug: Urgent\n\nState Table                          "
		    "Total             Rate\n  current entries                "
		    "        0\n",
		    strcmp(enabled, "1") == 0 ? "Enabled" : "Disabled");
		free(enabled);
	} else if (strcmp(opt, "Interfaces") == 0)
		show_ifaces(verbose);
	else if (strcmp(opt, "rules") == 0) {
		path = fh_path("state/pf.rules");
		if ((rules = fh_readfile(path)) != NULL)
			fputs(rules, stdout);
		free(rules);
		free(path);
	} else
		errx(FH_EXIT_BROKEN, "-s %s: not faked", opt);
	return (0);
}

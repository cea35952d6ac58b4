#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * sysctl - the fake host's sysctl(8).  The MIB is $FH/state/sysctl, one
 * "name=value" line per oid, in the order sysctl -a prints them.
 *
 *	sysctl [-inq] name[=value] ...
 *	sysctl [-nq] -a
 *
 * A name that is a prefix of oids ("hw.vmm") prints all of them.  An oid
 * whose value is an integer only takes an integer.
 */

#include <sys/types.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"

/* The MIB: oids and values, in file order. */
struct mib {
	char	**m_name;
	char	**m_value;
	size_t	  m_n;
};

static void	usage(void) __attribute__((__noreturn__));
static void	mib_load(struct mib *, const char *);
static void	mib_save(const struct mib *, const char *);
static bool	isint(const char *);
static int	oid(struct mib *, char *, bool *);

static bool	nflag, qflag, iflag;

/* sysctl's usage. */
static void
usage(void)
{
	fprintf(stderr, "usage: sysctl [-bdehiNnoqTtWx] [ -B <bufsize> ] "
	    "[-f filename] name[=value] ...\n"
	    "       sysctl [-bdehNnoqTtWx] [ -B <bufsize> ] -a\n");
	exit(1);
}

/* Read the MIB from path. */
static void
mib_load(struct mib *m, const char *path)
{
	char *data, *line, *next, *eq;

	memset(m, 0, sizeof(*m));
	if ((data = fh_readfile(path)) == NULL)
		err(FH_EXIT_BROKEN, "%s", path);
	for (line = data; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq++ = '\0';
		m->m_name = fh_xrealloc(m->m_name, (m->m_n + 1) *
		    sizeof(*m->m_name));
		m->m_value = fh_xrealloc(m->m_value, (m->m_n + 1) *
		    sizeof(*m->m_value));
		m->m_name[m->m_n] = fh_xstrdup(line);
		m->m_value[m->m_n++] = fh_xstrdup(eq);
	}
	free(data);
}

/* Write the MIB back to path. */
static void
mib_save(const struct mib *m, const char *path)
{
	char *data;
	size_t i, len;
	FILE *fp;

	if ((fp = open_memstream(&data, &len)) == NULL)
		err(1, "open_memstream");
	for (i = 0; i < m->m_n; i++)
		fprintf(fp, "%s=%s\n", m->m_name[i], m->m_value[i]);
	if (fclose(fp) != 0)
		err(1, "open_memstream");
	fh_writefile(path, data);
	free(data);
}

/* Whether s is a decimal integer. */
static bool
isint(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '\0')
		return (false);
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return (false);
	return (true);
}

/*
 * One argument, "name" or "name=value".  Returns the exit status; sets
 * *dirty when the MIB changed.
 */
static int
oid(struct mib *m, char *arg, bool *dirty)
{
	char *val;
	size_t i, len;
	bool found;

	if ((val = strchr(arg, '=')) != NULL)
		*val++ = '\0';
	len = strlen(arg);
	found = false;
	for (i = 0; i < m->m_n; i++) {
		if (strcmp(m->m_name[i], arg) == 0) {
			found = true;
			if (val == NULL)
				printf("%s%s%s\n", nflag ? "" : arg,
				    nflag ? "" : ": ", m->m_value[i]);
			else if (isint(m->m_value[i]) && !isint(val)) {
				warnx("invalid integer '%s'", val);
				return (1);
			} else {
				if (!qflag)
					printf("%s%s%s -> %s\n",
					    nflag ? "" : arg, nflag ? "" : ": ",
					    m->m_value[i], val);
				free(m->m_value[i]);
				m->m_value[i] = fh_xstrdup(val);
				*dirty = true;
			}
			break;
		}
		/* A node: print every oid under it. */
		if (val == NULL && len > 0 &&
		    strncmp(m->m_name[i], arg, len) == 0 &&
		    m->m_name[i][len] == '.') {
			found = true;
			printf("%s%s%s\n", nflag ? "" : m->m_name[i],
			    nflag ? "" : ": ", m->m_value[i]);
		}
	}
	if (found || iflag)
		return (0);
	if (!qflag)
		warnx("unknown oid '%s'", arg);
	return (1);
}

/* Run the fake sysctl. */
int
main(int argc, char *argv[])
{
	struct mib m;
	char *path;
	size_t i;
	bool all, dirty;
	int ch, lk, status;

	fh_init(argc, argv, "sysctl");
	all = false;
	while ((ch = getopt(argc, argv, FH_OPTS("ainq"))) != -1)
		switch (ch) {
		case 'a':
			all = true;
			break;
		case 'i':
			iflag = true;
			break;
		case 'n':
			nflag = true;
			break;
		case 'q':
			qflag = true;
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (all == (argc > 0))
		usage();
	lk = fh_lock("sysctl");
	path = fh_path("state/sysctl");
	mib_load(&m, path);
	status = 0;
	dirty = false;
	if (all)
		for (i = 0; i < m.m_n; i++)
			printf("%s%s%s\n", nflag ? "" : m.m_name[i],
			    nflag ? "" : ": ", m.m_value[i]);
	for (; argc > 0; argc--, argv++)
		if (oid(&m, argv[0], &dirty) != 0)
			status = 1;
	if (dirty)
		mib_save(&m, path);
	fh_unlock(lk);
	free(path);
	return (status);
}

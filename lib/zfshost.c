/*
 * zfshost.c - running zfs(8), retrying a busy dataset.
 */
#include "compat.h"

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "buf.h"
#include "platform.h"
#include "spawn.h"
#include "xmalloc.h"
#include "zfs.h"
#include "zfshost.h"

/* Time limit of one zfs command that is not a stream (5 minutes). */
#define ZFSHOST_TIMEOUT_MS	(5 * 60 * 1000)

/* Milliseconds to wait before try n (1-based) of a busy dataset. */
static const int zfshost_delays[ZFSHOST_TRIES] = {
	0, 50, 100, 200, 300, 400, 400, 500
};

/* Whether zfs's output says a dataset (or its mount) is busy. */
static bool
zfshost_isbusy(const char *out)
{
	/*
	 * "dataset is busy" (zfs destroy/rename, OpenZFS and zfs-fuse),
	 * "pool or dataset is busy" (OpenZFS's EBUSY text) and umount's
	 * "target is busy" (zfs-fuse unmounting a held directory).
	 */
	return (out != NULL && (strstr(out, "dataset is busy") != NULL ||
	    strstr(out, "target is busy") != NULL ||
	    strstr(out, "Device busy") != NULL));
}

/* The output without its trailing newlines, on one line. */
static char *
zfshost_oneline(const char *out)
{
	struct buf	*b;
	const char	*p;

	b = buf_new();
	for (p = out != NULL ? out : ""; *p != '\0'; p++) {
		if (*p != '\n')
			buf_add(b, p, 1);
		else if (p[1] != '\0')
			buf_add(b, "; ", 2);
	}
	return (buf_take(b));
}

/*
 * Who holds the datasets named in a busy command: each operand's mount
 * point (the part before '@' for a snapshot) searched for processes.
 */
static char *
zfshost_whoholds(const struct argv *a)
{
	char	*ds, *mp, *who, *list = NULL, *tmp, *cause = NULL;
	size_t	 i;

	for (i = 2; i < a->a_n; i++) {
		if (a->a_v[i][0] == '-')
			continue;
		ds = xstrndup(a->a_v[i], strcspn(a->a_v[i], "@"));
		mp = zfshost_mountpoint(ds, &cause);
		free(cause);
		cause = NULL;
		free(ds);
		if (mp == NULL)
			continue;
		if ((who = platform_holders(mp)) != NULL)
			xasprintf(&tmp, "%s%s%s holds %s", list != NULL ?
			    list : "", list != NULL ? "; " : "", who, mp);
		else
			xasprintf(&tmp, "%s%sno process found under %s (on "
			    "FreeBSD: fstat -f %s; a mounted snapshot: "
			    "mount -t zfs)", list != NULL ? list : "",
			    list != NULL ? "; " : "", mp, mp);
		free(who);
		free(mp);
		free(list);
		list = tmp;
	}
	return (list);
}

/* Run one zfs command, retrying a busy dataset. */
int
zfshost_run(const struct argv *a, char **out, char **cause)
{
	char	*o = NULL, *cmd, *line, *who;
	int	 try, rv;

	for (try = 0; try < ZFSHOST_TRIES; try++) {
		if (zfshost_delays[try] > 0)
			usleep((useconds_t)zfshost_delays[try] * 1000);
		free(o);
		o = NULL;
		if ((rv = spawn_run(a, &o, ZFSHOST_TIMEOUT_MS, cause)) == -1)
			return (-1);
		if (rv == 0 || !zfshost_isbusy(o))
			break;
	}
	if (rv == 0) {
		if (out != NULL)
			*out = o;
		else
			free(o);
		return (0);
	}
	cmd = argv_string(a);
	line = zfshost_oneline(o);
	if (zfshost_isbusy(o)) {
		who = zfshost_whoholds(a);
		xasprintf(cause, "%s: %s (still busy after %d tries; %s)",
		    cmd, line, ZFSHOST_TRIES, who != NULL ? who :
		    "nothing mounted to look in");
		free(who);
	} else
		xasprintf(cause, "%s: %s", cmd, *line != '\0' ? line :
		    "failed with no message");
	free(cmd);
	free(line);
	free(o);
	return (-1);
}

/* Run a stream command: in and out given, what it prints on stderr kept. */
int
zfshost_stream(const struct argv *a, int in, int out, char **cause)
{
	char	*o = NULL, *cmd, *line, *who, st[64];
	int	 status;

	if (spawn_stream(a, in, out, &o, &status, cause) == -1)
		return (-1);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		free(o);
		return (0);
	}
	cmd = argv_string(a);
	line = zfshost_oneline(o);
	/* A stream cannot be read twice: busy is reported, not retried. */
	who = zfshost_isbusy(o) ? zfshost_whoholds(a) : NULL;
	xasprintf(cause, "%s: %s%s%s%s", cmd, *line != '\0' ? line :
	    spawn_status(status, st, sizeof(st)), who != NULL ? " (" : "",
	    who != NULL ? who : "", who != NULL ? ")" : "");
	free(who);
	free(cmd);
	free(line);
	free(o);
	return (-1);
}

/* Undo the first n steps, last first. */
static char *
zfshost_undon(const struct zfs_steps *zs, size_t n)
{
	char	*cause = NULL, *failed = NULL, *tmp;

	while (n-- > 0) {
		if (zs->zs_v[n].zs_undo == NULL)
			continue;
		if (zfshost_run(zs->zs_v[n].zs_undo, NULL, &cause) == 0)
			continue;
		xasprintf(&tmp, "%s%s%s", failed != NULL ? failed : "",
		    failed != NULL ? "; " : "", cause);
		free(failed);
		free(cause);
		cause = NULL;
		failed = tmp;
	}
	return (failed);
}

/* Run steps in order, undoing the finished ones when one fails. */
int
zfshost_steps(const struct zfs_steps *zs, char **cause)
{
	char	*failed, *tmp;
	size_t	 i;

	for (i = 0; i < zs->zs_n; i++) {
		if (zfshost_run(zs->zs_v[i].zs_argv, NULL, cause) == 0)
			continue;
		if ((failed = zfshost_undon(zs, i)) != NULL) {
			xasprintf(&tmp, "%s; and undoing failed: %s", *cause,
			    failed);
			free(*cause);
			free(failed);
			*cause = tmp;
		}
		return (-1);
	}
	return (0);
}

/* Undo every step that can be undone. */
void
zfshost_undo(const struct zfs_steps *zs)
{
	free(zfshost_undon(zs, zs->zs_n));
}

/* The datasets at and below ds. */
struct zfs_rows *
zfshost_list(const char *ds, const char *types, const char *props,
    char **cause)
{
	struct zfs_rows	*zr;
	struct argv	*a;
	char		*out = NULL;
	size_t		 cols = 1;
	const char	*p;

	for (p = props; *p != '\0'; p++)
		cols += *p == ',';
	a = zfs_list(ds, types, props);
	if (zfshost_run(a, &out, cause) == -1) {
		argv_free(a);
		return (NULL);
	}
	argv_free(a);
	zr = zfs_rows_parse(out, cols, cause);
	free(out);
	return (zr);
}

/* Whether ds exists. */
bool
zfshost_exists(const char *ds)
{
	struct argv	*a;
	char		*cause = NULL;
	int		 rv;

	a = zfs_get(ds, "type", false);
	rv = zfshost_run(a, NULL, &cause);
	free(cause);
	argv_free(a);
	return (rv == 0);
}

/* Where ds is mounted. */
char *
zfshost_mountpoint(const char *ds, char **cause)
{
	struct zfs_rows	*zr;
	struct argv	*a;
	char		*out = NULL, *mp = NULL;

	/* The property column is read too: the order is not promised. */
	a = zfs_getprops(ds, "mounted,mountpoint");
	if (zfshost_run(a, &out, cause) == -1) {
		argv_free(a);
		return (NULL);
	}
	argv_free(a);
	if ((zr = zfs_rows_parse(out, 2, cause)) == NULL) {
		free(out);
		return (NULL);
	}
	free(out);
	if (zr->zr_n == 2 && strcmp(zr->zr_v[0][0], "mounted") == 0 &&
	    strcmp(zr->zr_v[0][1], "yes") == 0 &&
	    strcmp(zr->zr_v[1][0], "mountpoint") == 0 &&
	    zr->zr_v[1][1][0] == '/')
		mp = xstrdup(zr->zr_v[1][1]);
	else if (zr->zr_n == 2 && strcmp(zr->zr_v[1][0], "mounted") == 0 &&
	    strcmp(zr->zr_v[1][1], "yes") == 0 &&
	    strcmp(zr->zr_v[0][0], "mountpoint") == 0 &&
	    zr->zr_v[0][1][0] == '/')
		mp = xstrdup(zr->zr_v[0][1]);
	else
		xasprintf(cause, "ZFS dataset %s is not mounted (zfs mount "
		    "%s)", ds, ds);
	zfs_rows_free(zr);
	return (mp);
}

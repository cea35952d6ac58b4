/*
 * runstate.c - a guest's runtime directory, lock and state file.
 */
#include "compat.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "paths.h"
#include "runstate.h"
#include "xmalloc.h"

/* A path in the guest's runtime directory. */
char *
runstate_path(const char *name, const char *file)
{
	char	*p;

	if (file == NULL)
		xasprintf(&p, "%s/%s", paths_get(PATH_RUNDIR), name);
	else
		xasprintf(&p, "%s/%s/%s", paths_get(PATH_RUNDIR), name, file);
	return (p);
}

/*
 * mkdir that accepts an existing directory, then chmod: the umask must
 * not make the runtime directories private (hyve list runs as anyone).
 */
static int
runstate_mkdir(const char *path, mode_t mode)
{
	if (mkdir(path, mode) == -1 && errno != EEXIST)
		return (-1);
	return (chmod(path, mode));
}

/* Take the guest's lock. */
int
runstate_lock(const char *name, bool *busy, char **cause)
{
	char	*dir, *lock;
	int	 fd = -1;

	*busy = false;
	dir = runstate_path(name, NULL);
	lock = runstate_path(name, "lock");
	if (runstate_mkdir(paths_get(PATH_RUNDIR), 0755) == -1 ||
	    runstate_mkdir(dir, 0755) == -1) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		goto done;
	}
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1 ||
	    fchmod(fd, 0644) == -1) {
		xasprintf(cause, "%s: %s", lock, strerror(errno));
		if (fd != -1)
			close(fd);
		fd = -1;
		goto done;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			*busy = true;
		else
			xasprintf(cause, "%s: %s", lock, strerror(errno));
		close(fd);
		fd = -1;
	}
done:
	free(dir);
	free(lock);
	return (fd);
}

/*
 * Is the lock held?  A shared lock attempt fails exactly while the
 * supervisor's exclusive lock is held; it needs only read access, so
 * any user can ask.
 */
bool
runstate_running(const char *name)
{
	char	*lock;
	int	 fd;
	bool	 held = false;

	lock = runstate_path(name, "lock");
	if ((fd = open(lock, O_RDONLY | O_CLOEXEC)) != -1) {
		if (flock(fd, LOCK_SH | LOCK_NB) == -1 &&
		    errno == EWOULDBLOCK)
			held = true;
		close(fd);
	}
	free(lock);
	return (held);
}

/* Rewrite the state file: temp file, rename. */
int
runstate_write(const char *name, const char *text)
{
	struct conf	*c;
	char		*path, *cause = NULL;
	int		 rv;

	path = runstate_path(name, "state");
	c = conf_parse(path, text, strlen(text), &cause);
	free(path);
	if (c == NULL) {
		free(cause);
		return (-1);
	}
	/* The state is for every user to read (hyve list as non-root). */
	c->c_mode = 0644;
	rv = conf_save(c, &cause);
	free(cause);
	conf_free(c);
	return (rv);
}

/* Read the state file. */
struct conf *
runstate_read(const char *name)
{
	struct conf	*c;
	char		*path, *cause = NULL;

	path = runstate_path(name, "state");
	c = conf_load(path, &cause);
	free(cause);
	free(path);
	return (c);
}

/* A pid from the state file, 0 when absent or malformed. */
static pid_t
runstate_pid(const struct conf *c, const char *key)
{
	const char	*v;

	if ((v = conf_get(c, key)) == NULL)
		return (0);
	return ((pid_t)strtonum(v, 0, INT_MAX, NULL));
}

/* Probe the lock and read the state file. */
void
runstate_get(const char *name, struct runstate *rs)
{
	const struct conf	*c;
	const char		*v;
	char			*lock;
	int			 fd;

	memset(rs, 0, sizeof(*rs));
	rs->rs_state = "stopped";
	/*
	 * A guest that never ran has no lock file: one failed open is all
	 * "hyve list" spends on it.  Otherwise a shared lock attempt fails
	 * exactly while the supervisor holds its exclusive lock.
	 */
	lock = runstate_path(name, "lock");
	fd = open(lock, O_RDONLY | O_CLOEXEC);
	free(lock);
	if (fd == -1)
		return;
	rs->rs_running = flock(fd, LOCK_SH | LOCK_NB) == -1 &&
	    errno == EWOULDBLOCK;
	close(fd);
	if ((c = rs->rs_conf = runstate_read(name)) == NULL)
		return;
	rs->rs_reason = conf_get(c, "reason");
	if (rs->rs_reason != NULL && *rs->rs_reason == '\0')
		rs->rs_reason = NULL;
	if (!rs->rs_running)
		return;
	if ((v = conf_get(c, "state")) != NULL && *v != '\0')
		rs->rs_state = v;
	else
		rs->rs_state = "running";
	rs->rs_supervisor = runstate_pid(c, "supervisor_pid");
	rs->rs_bhyve = runstate_pid(c, "bhyve_pid");
	rs->rs_loader = runstate_pid(c, "loader_pid");
	if ((v = conf_get(c, "started")) != NULL)
		rs->rs_started = strtonum(v, 0, INT64_MAX, NULL);
	if ((v = conf_get(c, "boot_started")) != NULL)
		rs->rs_bootstarted = strtonum(v, 0, INT64_MAX, NULL);
	if ((v = conf_get(c, "boots")) != NULL)
		rs->rs_boots = (int)strtonum(v, 0, INT_MAX, NULL);
	if ((v = conf_get(c, "vnc")) != NULL && *v != '\0')
		rs->rs_vnc = v;
	if ((v = conf_get(c, "taps")) != NULL && *v != '\0')
		rs->rs_taps = v;
}

/* Free a runstate's state file. */
void
runstate_clear(struct runstate *rs)
{
	conf_free(rs->rs_conf);
	rs->rs_conf = NULL;
}

/* Order names. */
static int
runstate_namecmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The names with a runtime directory. */
struct runstate_names *
runstate_names(void)
{
	struct runstate_names	*rn;
	struct dirent		*de;
	DIR			*d;

	rn = xcalloc(1, sizeof(*rn));
	if ((d = opendir(paths_get(PATH_RUNDIR))) == NULL)
		return (rn);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		rn->rn_v = xreallocarray(rn->rn_v, rn->rn_n + 1,
		    sizeof(*rn->rn_v));
		rn->rn_v[rn->rn_n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (rn->rn_n > 0)
		qsort(rn->rn_v, rn->rn_n, sizeof(*rn->rn_v),
		    runstate_namecmp);
	return (rn);
}

/* Has name a runtime directory? */
bool
runstate_names_has(const struct runstate_names *rn, const char *name)
{
	return (rn->rn_n > 0 && bsearch(&name, rn->rn_v, rn->rn_n,
	    sizeof(*rn->rn_v), runstate_namecmp) != NULL);
}

/* Free the names. */
void
runstate_names_free(struct runstate_names *rn)
{
	size_t	 i;

	if (rn == NULL)
		return;
	for (i = 0; i < rn->rn_n; i++)
		free(rn->rn_v[i]);
	free(rn->rn_v);
	free(rn);
}

/*
 * storage.c - storage plans: building, printing, carrying out, undoing.
 */
#include "compat.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "conf.h"
#include "plan.h"
#include "spawn.h"
#include "storage.h"
#include "xmalloc.h"

/* An empty plan. */
struct storage_plan *
storage_plan_new(void)
{
	return (xcalloc(1, sizeof(struct storage_plan)));
}

/* Free a plan and everything in its steps. */
void
storage_plan_free(struct storage_plan *sp)
{
	size_t	 i;

	if (sp == NULL)
		return;
	for (i = 0; i < sp->sp_n; i++) {
		free(sp->sp_v[i].so_path);
		free(sp->sp_v[i].so_path2);
		free(sp->sp_v[i].so_text);
		free(sp->sp_v[i].so_sizestr);
		argv_free(sp->sp_v[i].so_argv);
	}
	free(sp->sp_v);
	free(sp);
}

/* Append a step of kind on path and return it for the caller to fill. */
static struct storage_op *
storage_add(struct storage_plan *sp, enum storage_opkind kind,
    const char *path)
{
	struct storage_op	*so;

	sp->sp_v = xreallocarray(sp->sp_v, sp->sp_n + 1, sizeof(*sp->sp_v));
	so = &sp->sp_v[sp->sp_n++];
	memset(so, 0, sizeof(*so));
	so->so_kind = kind;
	so->so_path = xstrdup(path);
	so->so_mode = -1;
	return (so);
}

/* Plan a new directory. */
void
storage_mkdir(struct storage_plan *sp, const char *path)
{
	storage_add(sp, STORAGE_MKDIR, path);
}

/* Plan writing a config (replace: it exists and is rewritten). */
void
storage_write(struct storage_plan *sp, const char *path, const char *text,
    int mode, bool replace)
{
	struct storage_op	*so;

	so = storage_add(sp, STORAGE_WRITE, path);
	so->so_text = xstrdup(text);
	so->so_mode = mode;
	so->so_replace = replace;
}

/* Plan a new sparse disk file. */
void
storage_disk(struct storage_plan *sp, const char *path, uint64_t size,
    const char *sizestr)
{
	struct storage_op	*so;

	so = storage_add(sp, STORAGE_DISK, path);
	so->so_size = size;
	so->so_sizestr = xstrdup(sizestr);
}

/* Plan growing a sparse disk file. */
void
storage_grow(struct storage_plan *sp, const char *path, uint64_t oldsize,
    uint64_t size, const char *sizestr)
{
	struct storage_op	*so;

	so = storage_add(sp, STORAGE_GROW, path);
	so->so_oldsize = oldsize;
	so->so_size = size;
	so->so_sizestr = xstrdup(sizestr);
}

/* Plan a rename. */
void
storage_rename(struct storage_plan *sp, const char *from, const char *to)
{
	storage_add(sp, STORAGE_RENAME, from)->so_path2 = xstrdup(to);
}

/* Plan a copy. */
void
storage_copy(struct storage_plan *sp, const char *from, const char *to)
{
	storage_add(sp, STORAGE_COPY, from)->so_path2 = xstrdup(to);
}

/* Plan removing a file or a whole tree. */
void
storage_remove(struct storage_plan *sp, const char *path)
{
	storage_add(sp, STORAGE_REMOVE, path);
}

/* Plan running a tool that makes out. */
void
storage_run(struct storage_plan *sp, struct argv *a, const char *out,
    bool tostdout)
{
	struct storage_op	*so;

	so = storage_add(sp, STORAGE_RUN, a->a_v[0]);
	so->so_argv = a;
	so->so_path2 = xstrdup(out);
	so->so_stdout = tostdout;
}

/* Describe each step as the shell command that would do the same. */
void
storage_describe(const struct storage_plan *sp, struct plan *p)
{
	const struct storage_op	*so;
	char			*a, *b, *line, *s, *nl;
	size_t			 i;

	for (i = 0; i < sp->sp_n; i++) {
		so = &sp->sp_v[i];
		a = argv_quote(so->so_path);
		b = so->so_path2 != NULL ? argv_quote(so->so_path2) : NULL;
		switch (so->so_kind) {
		case STORAGE_MKDIR:
			plan_add(p, "mkdir %s", a);
			break;
		case STORAGE_WRITE:
			plan_add(p, "write %s%s:", a, so->so_replace ?
			    " (atomically replaced)" : "");
			line = xstrdup(so->so_text);
			for (s = line; s != NULL && *s != '\0'; s = nl) {
				if ((nl = strchr(s, '\n')) != NULL)
					*nl++ = '\0';
				plan_add(p, "    %s", s);
			}
			free(line);
			break;
		case STORAGE_DISK:
			plan_add(p, "truncate -s %s %s    # sparse, mode 0600",
			    so->so_sizestr, a);
			break;
		case STORAGE_GROW:
			plan_add(p, "truncate -s %s %s    # grow from %ju "
			    "bytes", so->so_sizestr, a,
			    (uintmax_t)so->so_oldsize);
			break;
		case STORAGE_RENAME:
			plan_add(p, "mv %s %s", a, b);
			break;
		case STORAGE_COPY:
			plan_add(p, "cp %s %s", a, b);
			break;
		case STORAGE_REMOVE:
			plan_add(p, "rm -r %s", a);
			break;
		case STORAGE_RUN:
			s = argv_string(so->so_argv);
			if (so->so_stdout)
				plan_add(p, "run %s > %s", s, b);
			else
				plan_add(p, "run %s", s);
			free(s);
			break;
		}
		free(a);
		free(b);
	}
}

/* Remove path and, for a directory, everything below it. */
static int
storage_rmtree(const char *path)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		*sub;
	int		 rv = 0;

	if (lstat(path, &st) == -1)
		return (errno == ENOENT ? 0 : -1);
	if (!S_ISDIR(st.st_mode))
		return (unlink(path));
	if ((d = opendir(path)) == NULL)
		return (-1);
	while (rv == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		xasprintf(&sub, "%s/%s", path, de->d_name);
		rv = storage_rmtree(sub);
		free(sub);
	}
	closedir(d);
	if (rv == -1)
		return (-1);
	return (rmdir(path));
}

/* Copy the regular file from into to, which must not exist. */
static int
storage_cp(const char *from, const char *to)
{
	char	 buf[65536];
	ssize_t	 n, w, k;
	int	 in, out = -1, rv = -1, saved;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) == -1)
		goto done;
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto done;
		}
		for (w = 0; w < n;) {
			if ((k = write(out, buf + w, (size_t)(n - w))) == -1) {
				if (errno == EINTR)
					continue;
				goto done;
			}
			w += k;
		}
	}
	if (fsync(out) == -1)
		goto done;
	rv = 0;
done:
	saved = errno;
	close(in);
	if (out != -1 && close(out) == -1 && rv == 0)
		rv = -1;
	/* A partial copy must not look like a whole one. */
	if (rv == -1 && out != -1)
		(void)unlink(to);
	errno = saved;
	return (rv);
}

/* Run a tool to completion; -1 with *cause set when it fails. */
static int
storage_runtool(const struct storage_op *so, char **cause)
{
	char	*s, st[64];
	pid_t	 pid;
	int	 fd = -1, status, rv = -1;

	if (so->so_stdout && (fd = open(so->so_path2, O_WRONLY | O_CREAT |
	    O_EXCL | O_CLOEXEC, 0644)) == -1) {
		xasprintf(cause, "%s: %s", so->so_path2, strerror(errno));
		return (-1);
	}
	if ((pid = spawn_start(so->so_argv, -1, so->so_stdout ? fd :
	    STDOUT_FILENO, STDERR_FILENO, 0, cause)) == -1)
		goto done;
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			xasprintf(cause, "waitpid: %s", strerror(errno));
			goto done;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		s = argv_string(so->so_argv);
		xasprintf(cause, "%s: %s", s, spawn_status(status, st,
		    sizeof(st)));
		free(s);
		goto done;
	}
	if (fd != -1 && (fsync(fd) == -1 || close(fd) == -1)) {
		fd = -1;
		xasprintf(cause, "%s: %s", so->so_path2, strerror(errno));
		goto done;
	}
	fd = -1;
	rv = 0;
done:
	if (fd != -1)
		close(fd);
	return (rv);
}

/* Make a new sparse file of size bytes, mode 0600. */
static int
storage_mkdisk(const char *path, uint64_t size)
{
	int	 fd, saved;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		return (-1);
	/* The umask must not widen or narrow what vm-bhyve gives disks. */
	if (fchmod(fd, 0600) == -1 || ftruncate(fd, (off_t)size) == -1) {
		saved = errno;
		close(fd);
		(void)unlink(path);
		errno = saved;
		return (-1);
	}
	return (close(fd));
}

/* Write a config atomically through conf_save(). */
static int
storage_writeconf(const struct storage_op *so, char **cause)
{
	struct conf	*c;
	int		 rv;

	if (!so->so_replace && access(so->so_path, F_OK) == 0) {
		xasprintf(cause, "%s: already exists", so->so_path);
		return (-1);
	}
	if ((c = conf_parse(so->so_path, so->so_text, strlen(so->so_text),
	    cause)) == NULL)
		return (-1);
	c->c_mode = so->so_mode;
	rv = conf_save(c, cause);
	conf_free(c);
	return (rv);
}

/* Do one step; -1 with *cause set on failure. */
static int
storage_do(const struct storage_op *so, char **cause)
{
	struct stat	 st;
	const char	*what = so->so_path;

	switch (so->so_kind) {
	case STORAGE_MKDIR:
		if (mkdir(so->so_path, 0755) == 0)
			return (0);
		break;
	case STORAGE_WRITE:
		return (storage_writeconf(so, cause));
	case STORAGE_DISK:
		if (storage_mkdisk(so->so_path, so->so_size) == 0)
			return (0);
		break;
	case STORAGE_GROW:
		/* Only ever grow: the guest's data must not be cut off. */
		if (stat(so->so_path, &st) == 0 &&
		    (uint64_t)st.st_size != so->so_oldsize) {
			xasprintf(cause, "%s: changed size while planning",
			    so->so_path);
			return (-1);
		}
		if (truncate(so->so_path, (off_t)so->so_size) == 0)
			return (0);
		break;
	case STORAGE_RENAME:
		/* rename(2) would silently replace a file or empty dir. */
		if (lstat(so->so_path2, &st) == 0) {
			xasprintf(cause, "%s: already exists", so->so_path2);
			return (-1);
		}
		if (rename(so->so_path, so->so_path2) == 0)
			return (0);
		break;
	case STORAGE_COPY:
		if (storage_cp(so->so_path, so->so_path2) == 0)
			return (0);
		what = errno == EEXIST ? so->so_path2 : so->so_path;
		break;
	case STORAGE_REMOVE:
		if (storage_rmtree(so->so_path) == 0)
			return (0);
		break;
	case STORAGE_RUN:
		return (storage_runtool(so, cause));
	}
	xasprintf(cause, "%s: %s", what, strerror(errno));
	return (-1);
}

/* Undo a step that was done, as far as it can be. */
static void
storage_undo(const struct storage_op *so)
{
	switch (so->so_kind) {
	case STORAGE_MKDIR:
		(void)rmdir(so->so_path);
		break;
	case STORAGE_WRITE:
		/* A replaced config is only ever the last step. */
		if (!so->so_replace)
			(void)unlink(so->so_path);
		break;
	case STORAGE_DISK:
		(void)unlink(so->so_path);
		break;
	case STORAGE_GROW:
		(void)truncate(so->so_path, (off_t)so->so_oldsize);
		break;
	case STORAGE_RENAME:
		(void)rename(so->so_path2, so->so_path);
		break;
	case STORAGE_COPY:
	case STORAGE_RUN:
		(void)unlink(so->so_path2);
		break;
	case STORAGE_REMOVE:
		break;
	}
}

/* Carry out the plan; on failure undo the steps done, newest first. */
int
storage_execute(struct storage_plan *sp, char **cause)
{
	size_t	 i;

	for (i = 0; i < sp->sp_n; i++) {
		if (storage_do(&sp->sp_v[i], cause) == -1) {
			/* A tool that failed may have left its output. */
			if (sp->sp_v[i].so_kind == STORAGE_RUN)
				storage_undo(&sp->sp_v[i]);
			while (i-- > 0)
				if (sp->sp_v[i].so_done)
					storage_undo(&sp->sp_v[i]);
			return (-1);
		}
		sp->sp_v[i].so_done = true;
	}
	return (0);
}

/* Parse a size with expand_number(3), refusing zero and signs. */
int
storage_parsesize(const char *s, uint64_t *bytes, char **cause)
{
	/* libbsd's expand_number() accepts "-1"; FreeBSD's does not. */
	if (*s < '0' || *s > '9' || expand_number(s, bytes) == -1 ||
	    *bytes == 0) {
		xasprintf(cause, "\"%s\" is not a size (use a number of "
		    "bytes or a suffix: 512M, 20G, 1T)", s);
		return (-1);
	}
	return (0);
}

/* Whether hyve can manage guests in ds. */
int
storage_usable(const struct datastore *ds, char **cause)
{
	switch (ds->ds_kind) {
	case DATASTORE_DIR:
		return (0);
	case DATASTORE_ZFS:
		xasprintf(cause, "datastore %s (%s): ZFS datastores are not "
		    "supported yet", ds->ds_name, ds->ds_spec);
		return (-1);
	case DATASTORE_ISO:
	case DATASTORE_IMG:
		break;
	}
	xasprintf(cause, "datastore %s (%s) holds images, not guests",
	    ds->ds_name, ds->ds_spec);
	return (-1);
}

/* Plan the storage of a new disk. */
int
storage_newdisk(struct storage_plan *sp, enum datastore_kind kind,
    const char *gdir, const char *dev, const char *name, uint64_t size,
    const char *sizestr, char **cause)
{
	char	*path;

	if (kind == DATASTORE_ZFS) {
		xasprintf(cause, "ZFS datastores are not supported yet");
		return (-1);
	}
	if (dev == NULL || *dev == '\0' || strcmp(dev, "file") == 0) {
		if (strchr(name, '/') != NULL || strcmp(name, "..") == 0 ||
		    strcmp(name, ".") == 0) {
			xasprintf(cause, "disk name \"%s\" must be a file name "
			    "in the guest's directory", name);
			return (-1);
		}
		xasprintf(&path, "%s/%s", gdir, name);
		storage_disk(sp, path, size, sizestr);
		free(path);
		return (0);
	}
	if (strcmp(dev, "custom") == 0 || strcmp(dev, "iscsi") == 0)
		return (0);
	if (strcmp(dev, "zvol") == 0 || strcmp(dev, "sparse-zvol") == 0)
		xasprintf(cause, "disk device \"%s\" needs a ZFS datastore "
		    "(use \"file\" in a directory datastore)", dev);
	else
		xasprintf(cause, "unknown disk device \"%s\" (use file, zvol, "
		    "sparse-zvol or custom)", dev);
	return (-1);
}

/*
 * sparse.c - hole-preserving copies of files and directories.
 */
#include "compat.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sparse.h"
#include "xmalloc.h"

/*
 * glibc declares SEEK_DATA and SEEK_HOLE only with _GNU_SOURCE; the
 * values are the same on Linux and FreeBSD (lseek(2) of both).
 */
#ifndef SEEK_DATA
#define SEEK_DATA	3
#define SEEK_HOLE	4
#endif

#define SPARSE_CHUNK	(128 * 1024)

/* Whether the n bytes at p are all zero. */
static bool
sparse_zero(const char *p, size_t n)
{
	return (n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0));
}

/*
 * Copy bytes [off, end) of in to out, skipping chunks of zeros (the
 * final ftruncate makes them holes).  Returns 0, or -1 with errno set.
 */
static int
sparse_range(int in, int out, char *buf, off_t off, off_t end)
{
	ssize_t	 n;
	size_t	 want;

	while (off < end) {
		want = (size_t)(end - off) < SPARSE_CHUNK ?
		    (size_t)(end - off) : SPARSE_CHUNK;
		if ((n = pread(in, buf, want, off)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (n == 0)
			break;
		if (!sparse_zero(buf, (size_t)n) &&
		    pwrite(out, buf, (size_t)n, off) != n)
			return (-1);
		off += n;
	}
	return (0);
}

/* Copy one regular file, keeping its holes. */
int
sparse_copy(const char *src, const char *dst, char **cause)
{
	struct stat	 st;
	off_t		 data, hole;
	char		*buf = NULL;
	const char	*what = src;
	int		 in = -1, out = -1, rv = -1;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(in, &st) == -1)
		goto done;
	what = dst;
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    st.st_mode & 07777)) == -1)
		goto done;
	buf = xmalloc(SPARSE_CHUNK);
	for (data = 0; data < st.st_size; data = hole) {
		/* ENXIO: no data after data, only a hole to the end. */
		if ((data = lseek(in, data, SEEK_DATA)) == -1) {
			if (errno != ENXIO) {
				what = src;
				goto done;
			}
			break;
		}
		if ((hole = lseek(in, data, SEEK_HOLE)) == -1) {
			what = src;
			goto done;
		}
		if (sparse_range(in, out, buf, data, hole) == -1)
			goto done;
	}
	if (ftruncate(out, st.st_size) == -1 || fsync(out) == -1)
		goto done;
	rv = 0;
done:
	if (rv == -1) {
		xasprintf(cause, "%s: %s", what, strerror(errno));
		if (out != -1)
			unlink(dst);
	}
	free(buf);
	if (in != -1)
		close(in);
	if (out != -1)
		close(out);
	return (rv);
}

/* Copy the entries of directory src into the existing directory dst. */
static int
sparse_entries(const char *src, const char *dst, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*s = NULL, *t = NULL, link[PATH_MAX];
	ssize_t		 n;
	int		 rv = 0;

	if ((d = opendir(src)) == NULL) {
		xasprintf(cause, "%s: %s", src, strerror(errno));
		return (-1);
	}
	while (rv == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		xasprintf(&s, "%s/%s", src, de->d_name);
		xasprintf(&t, "%s/%s", dst, de->d_name);
		if (lstat(s, &st) == -1) {
			xasprintf(cause, "%s: %s", s, strerror(errno));
			rv = -1;
		} else if (S_ISREG(st.st_mode))
			rv = sparse_copy(s, t, cause);
		else if (S_ISDIR(st.st_mode)) {
			if (mkdir(t, st.st_mode & 07777) == -1) {
				xasprintf(cause, "%s: %s", t, strerror(errno));
				rv = -1;
			} else
				rv = sparse_entries(s, t, cause);
		} else if (S_ISLNK(st.st_mode)) {
			if ((n = readlink(s, link, sizeof(link) - 1)) == -1 ||
			    (link[n] = '\0', symlink(link, t) == -1)) {
				xasprintf(cause, "%s: %s", t, strerror(errno));
				rv = -1;
			}
		}
		/* Sockets, fifos and devices are not part of a guest. */
		free(s);
		free(t);
		s = t = NULL;
	}
	closedir(d);
	return (rv);
}

/* Copy a directory tree, or leave nothing. */
int
sparse_copydir(const char *src, const char *dst, char **cause)
{
	struct stat	 st;

	if (stat(src, &st) == -1 || !S_ISDIR(st.st_mode)) {
		xasprintf(cause, "%s: %s", src, errno != 0 ? strerror(errno) :
		    "not a directory");
		return (-1);
	}
	if (mkdir(dst, st.st_mode & 07777) == -1) {
		xasprintf(cause, "%s: %s", dst, strerror(errno));
		return (-1);
	}
	if (sparse_entries(src, dst, cause) == -1) {
		sparse_rmtree(dst);
		return (-1);
	}
	return (0);
}

/* Remove a tree. */
void
sparse_rmtree(const char *path)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*p;

	if (lstat(path, &st) == -1)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			xasprintf(&p, "%s/%s", path, de->d_name);
			sparse_rmtree(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(path);
}

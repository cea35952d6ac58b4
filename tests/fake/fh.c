#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * fh.c - what the programs of hyve's fake host share: finding $FH,
 * the call log, knobs, locks, files and VM instances.
 */

#include <sys/types.h>
#ifdef __FreeBSD__
#include <sys/sysctl.h>
#endif
#include <sys/file.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "fh.h"

static char	fh_top[PATH_MAX];

static void	fh_selfdir(const char *, char *, size_t);
static void	fh_logcall(int, char *[], const char *);
static void	fh_writeall(int, const char *, size_t);

/*
 * The fakes are short-lived and exit with their state still allocated;
 * under AddressSanitizer, LeakSanitizer's reports about them would only
 * be noise in hyve's test output.  LeakSanitizer asks this hook before
 * its check at exit, whatever ASAN_OPTIONS says; without the sanitizer
 * nothing calls it.
 */
int	__lsan_is_turned_off(void);
int
__lsan_is_turned_off(void)
{
	return (1);
}

/* Allocate n bytes or exit. */
void *
fh_xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		err(1, "malloc");
	return (p);
}

/* Resize p to n bytes or exit. */
void *
fh_xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		err(1, "realloc");
	return (p);
}

/* Copy s or exit. */
char *
fh_xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		err(1, "strdup");
	return (p);
}

/* Format into a new string or exit. */
char *
fh_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(1, "vsnprintf");
	s = fh_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return (s);
}

/* The directory holding this program, resolved, into dir. */
static void
fh_selfdir(const char *argv0, char *dir, size_t len)
{
	char path[PATH_MAX], *slash;
#ifdef __FreeBSD__
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PATHNAME, -1 };
	size_t n;
#else
	ssize_t n;
#endif

	if (strchr(argv0, '/') != NULL) {
		/* The directory, not the file: bin/ may hold symlinks. */
		if (strlcpy(path, argv0, sizeof(path)) >= sizeof(path))
			errx(FH_EXIT_BROKEN, "%s: path too long", argv0);
		slash = strrchr(path, '/');
		if (slash == path)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (realpath(path, dir) == NULL)
			err(FH_EXIT_BROKEN, "realpath %s", path);
		return;
	}
	/* Run with a bare argv[0]: ask the kernel where the program is. */
#ifdef __FreeBSD__
	n = sizeof(path);
	if (sysctl(mib, 4, path, &n, NULL, 0) != 0)
		err(FH_EXIT_BROKEN, "sysctl kern.proc.pathname");
#else
	if ((n = readlink("/proc/self/exe", path, sizeof(path) - 1)) < 0)
		err(FH_EXIT_BROKEN, "readlink /proc/self/exe");
	path[n] = '\0';
#endif
	if ((slash = strrchr(path, '/')) != NULL)
		*slash = '\0';
	if (strlcpy(dir, path, len) >= len)
		errx(FH_EXIT_BROKEN, "%s: path too long", path);
}

/* Append one line, "tool arg1 arg2 ...", to $FH/log/calls. */
static void
fh_logcall(int argc, char *argv[], const char *tool)
{
	char *line, *path;
	const char *s;
	size_t len, cap;
	int fd, i;

	cap = strlen(tool) + 2;
	for (i = 1; i < argc; i++)
		cap += 2 * strlen(argv[i]) + 1;
	line = fh_xmalloc(cap);
	len = strlcpy(line, tool, cap);
	for (i = 1; i < argc; i++) {
		line[len++] = ' ';
		/* One line per call, whatever the arguments hold. */
		for (s = argv[i]; *s != '\0'; s++) {
			if (*s == '\n') {
				line[len++] = '\\';
				line[len++] = 'n';
			} else
				line[len++] = *s;
		}
	}
	line[len++] = '\n';
	path = fh_path("log/calls");
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) < 0)
		err(FH_EXIT_BROKEN, "open %s", path);
	/* A single write(2) so that concurrent callers never interleave. */
	if (write(fd, line, len) != (ssize_t)len)
		err(FH_EXIT_BROKEN, "write %s", path);
	close(fd);
	free(path);
	free(line);
}

/* Find $FH and log this call. */
void
fh_init(int argc, char *argv[], const char *tool)
{
	struct stat sb;
	char bindir[PATH_MAX], *slash, *log;

	if (argc < 1)
		errx(FH_EXIT_BROKEN, "no argv[0]");
	fh_selfdir(argv[0], bindir, sizeof(bindir));
	if ((slash = strrchr(bindir, '/')) == NULL || slash == bindir)
		errx(FH_EXIT_BROKEN, "%s: not inside a fake host", bindir);
	*slash = '\0';
	strlcpy(fh_top, bindir, sizeof(fh_top));
	log = fh_path("log");
	if (stat(log, &sb) != 0 || !S_ISDIR(sb.st_mode))
		errx(FH_EXIT_BROKEN, "%s is not a fake host: no log directory",
		    fh_top);
	free(log);
	fh_logcall(argc, argv, tool);
}

/* $FH. */
const char *
fh_root(void)
{
	return (fh_top);
}

/* "$FH/" and the formatted rest. */
char *
fh_path(const char *fmt, ...)
{
	va_list ap;
	char *rest, *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(1, "vsnprintf");
	rest = fh_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(rest, (size_t)n + 1, fmt, ap);
	va_end(ap);
	p = fh_xasprintf("%s/%s", fh_top, rest);
	free(rest);
	return (p);
}

/* The knob $FH/ctl/VM.KIND without trailing white space, or NULL. */
char *
fh_knob(const char *vm, const char *kind)
{
	char *path, *val;
	size_t len;

	path = fh_path("ctl/%s.%s", vm, kind);
	val = fh_readfile(path);
	if (val == NULL && errno != ENOENT)
		err(FH_EXIT_BROKEN, "%s", path);
	free(path);
	if (val == NULL)
		return (NULL);
	len = strlen(val);
	while (len > 0 && strchr(" \t\r\n", val[len - 1]) != NULL)
		val[--len] = '\0';
	return (val);
}

/* Refuse a knob value no fake tool knows. */
void
fh_knob_bad(const char *vm, const char *kind, const char *val)
{
	errx(FH_EXIT_BROKEN, "fake host: ctl/%s.%s: unknown value \"%s\"", vm,
	    kind, val);
}

/* Take $FH/state/NAME.lock. */
int
fh_lock(const char *name)
{
	char *path;
	int fd;

	path = fh_path("state/%s.lock", name);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		err(FH_EXIT_BROKEN, "open %s", path);
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR)
			err(FH_EXIT_BROKEN, "flock %s", path);
	free(path);
	return (fd);
}

/* Release a lock from fh_lock. */
void
fh_unlock(int fd)
{
	close(fd);
}

/* A whole file as a string, or NULL with errno set. */
char *
fh_readfile(const char *path)
{
	char *buf;
	size_t len, cap;
	ssize_t n;
	int fd, serrno;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return (NULL);
	cap = 1024;
	len = 0;
	buf = fh_xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap)
			buf = fh_xrealloc(buf, cap *= 2);
		if ((n = read(fd, buf + len, cap - len - 1)) == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			serrno = errno;
			free(buf);
			close(fd);
			errno = serrno;
			return (NULL);
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (buf);
}

/* Write all of buf to fd or exit. */
static void
fh_writeall(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) < 0) {
			if (errno == EINTR)
				continue;
			err(1, "write");
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* Replace path with data atomically. */
void
fh_writefile(const char *path, const char *data)
{
	static unsigned int seq;
	char *tmp;
	int fd;

	/* Outside dev/ and net/, which hyve and tests list. */
	tmp = fh_path("state/.tmp.%ld.%u", (long)getpid(), seq++);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0)
		err(1, "open %s", tmp);
	fh_writeall(fd, data, strlen(data));
	if (close(fd) != 0)
		err(1, "close %s", tmp);
	if (rename(tmp, path) != 0)
		err(1, "rename %s to %s", tmp, path);
	free(tmp);
}

/* strerror(3), with FreeBSD's wording for EBUSY. */
const char *
fh_strerror(int e)
{
	switch (e) {
	case EBUSY:
		return ("Device busy");
	case ENOTCONN:
		return ("Socket is not connected");
	case EADDRNOTAVAIL:
		return ("Can't assign requested address");
	default:
		return (strerror(e));
	}
}

/* Whether pid is alive; a zombie has closed its files, so it is not. */
bool
fh_alive(pid_t pid)
{
	char *path, *stat, *p;
	bool alive;

	if (pid <= 0 || (kill(pid, 0) != 0 && errno != EPERM))
		return (false);
	alive = true;
	path = fh_xasprintf("/proc/%ld/stat", (long)pid);
	/* Linux: "pid (comm) S ..."; no /proc (FreeBSD) means alive. */
	if ((stat = fh_readfile(path)) != NULL) {
		if ((p = strrchr(stat, ')')) != NULL && p[1] == ' ' &&
		    (p[2] == 'Z' || p[2] == 'X'))
			alive = false;
		free(stat);
	}
	free(path);
	return (alive);
}

/* The kernel's VM name rule (bhyve-reference.md 3.6). */
bool
fh_vmname_ok(const char *name)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	size_t len;

	len = strlen(name);
	return (len > 0 && len <= FH_VMNAME_MAX && strspn(name, ok) == len);
}

/* config.c _bool_value(): the spellings of true. */
bool
fh_booltrue(const char *v)
{
	return (v != NULL && (strcasecmp(v, "true") == 0 ||
	    strcasecmp(v, "on") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcmp(v, "1") == 0));
}

/* Read the instance NAME. */
int
fh_vmm_read(const char *name, struct fh_vmm *v)
{
	char *path, *data, *line, *next, *eq;

	path = fh_path("dev/vmm/%s", name);
	data = fh_readfile(path);
	free(path);
	if (data == NULL)
		return (-1);
	memset(v, 0, sizeof(*v));
	for (line = data; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq++ = '\0';
		if (strcmp(line, "loaded") == 0)
			v->vmm_loaded = strcmp(eq, "1") == 0;
		else if (strcmp(line, "memory") == 0)
			v->vmm_memory = strtoumax(eq, NULL, 10);
		else if (strcmp(line, "wired") == 0)
			v->vmm_wired = strcmp(eq, "1") == 0;
		else if (strcmp(line, "pid") == 0)
			v->vmm_pid = (pid_t)strtol(eq, NULL, 10);
	}
	free(data);
	return (0);
}

/* Write the instance NAME. */
void
fh_vmm_write(const char *name, const struct fh_vmm *v)
{
	char *path, *data, *old;

	path = fh_path("dev/vmm/%s", name);
	data = fh_xasprintf("loaded=%d\nmemory=%ju\nwired=%d\n",
	    v->vmm_loaded, (uintmax_t)v->vmm_memory, v->vmm_wired);
	if (v->vmm_pid != 0) {
		old = data;
		data = fh_xasprintf("%spid=%ld\n", old, (long)v->vmm_pid);
		free(old);
	}
	fh_writefile(path, data);
	free(data);
	free(path);
}

/*
 * The end of bhyveload(8) and grub-bhyve once their options are checked:
 * vm_create() or vm_reinit() the instance, vm_setup_memory(), then load
 * the guest on the console, unless the loader knob says to fail or hang.
 * The instance stays behind on failure, as with the real tools.
 */
void
fh_loader_run(const struct fh_loader *fl)
{
	struct termios saved, raw;
	struct fh_vmm v;
	const char *msg;
	char *knob;
	bool restore;
	int lk, fd;

	if (!fh_vmname_ok(fl->fl_name))
		errx(1, "vm_create: %s", strerror(EINVAL));
	lk = fh_lock("vmm");
	if (fh_vmm_read(fl->fl_name, &v) == 0) {
		if (fh_alive(v.vmm_pid))
			errx(1, "vm_reinit: %s", fh_strerror(EBUSY));
		if (v.vmm_memory != fl->fl_memory)
			errx(1, "vm_setup_memory: %s", strerror(EINVAL));
	}
	memset(&v, 0, sizeof(v));
	v.vmm_memory = fl->fl_memory;
	v.vmm_wired = fl->fl_wired;
	fh_vmm_write(fl->fl_name, &v);
	fh_unlock(lk);

	fd = STDOUT_FILENO;
	if (fl->fl_cons != NULL &&
	    (fd = open(fl->fl_cons, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
		err(1, "open %s", fl->fl_cons);
	restore = false;
	if (isatty(fd) && tcgetattr(fd, &saved) == 0) {
		raw = saved;
		cfmakeraw(&raw);
		restore = tcsetattr(fd, TCSANOW, &raw) == 0;
	}
	if ((knob = fh_knob(fl->fl_name, "loader")) != NULL) {
		if (strcmp(knob, "fail") == 0) {
			msg = "\r\nERROR: can't load 'kernel'\r\n";
			fh_writeall(fd, msg, strlen(msg));
			if (restore)
				tcsetattr(fd, TCSANOW, &saved);
			exit(1);
		}
		if (strcmp(knob, "hang") != 0)
			fh_knob_bad(fl->fl_name, "loader", knob);
		/* At the boot menu, waiting for a key nobody presses. */
		msg = "\r\nAutoboot in 10 seconds. [Space] to pause\r\n";
		fh_writeall(fd, msg, strlen(msg));
		for (;;)
			pause();
	}
	fh_writeall(fd, fl->fl_banner, strlen(fl->fl_banner));
	lk = fh_lock("vmm");
	if (fh_vmm_read(fl->fl_name, &v) != 0)
		errx(1, "vm_open: %s could not be opened: %s", fl->fl_name,
		    strerror(errno));
	v.vmm_loaded = true;
	fh_vmm_write(fl->fl_name, &v);
	fh_unlock(lk);
	if (restore)
		tcsetattr(fd, TCSANOW, &saved);
	exit(0);
}

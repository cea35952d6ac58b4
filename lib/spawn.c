/*
 * spawn.c - fork and exec without a shell.
 */
#include "compat.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "buf.h"
#include "event.h"
#include "platform.h"
#include "spawn.h"
#include "xmalloc.h"

/* What a child's environment holds: nothing from ours. */
static char *const spawn_env[] = {
	"PATH=/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin",
	"LC_ALL=C",
	NULL
};

#define SPAWN_MAXOUT	(64 * 1024)
/* spawn_capture's out: the child's stdout goes to the pipe too. */
#define SPAWN_TOPIPE	(-2)

/* In the child: put fd on target, or /dev/null when fd is -1. */
static void
spawn_dup(int fd, int target)
{
	int	 null;

	if (fd == -1) {
		if ((null = open("/dev/null", O_RDWR)) == -1)
			_exit(127);
		fd = null;
	}
	if (fd != target) {
		if (dup2(fd, target) == -1)
			_exit(127);
	} else
		fcntl(fd, F_SETFD, 0);
}

/* Start a child with a clean process image, env and cwd as given. */
static pid_t
spawn_exec(const struct argv *a, int in, int out, int err, int flags,
    char *const *env, const char *dir, char **cause)
{
	sigset_t	 all, old;
	pid_t		 pid, parent;
	int		 sig, fds[3];

	if (a->a_n == 0 || a->a_v[0][0] != '/') {
		xasprintf(cause, "%s: not an absolute path", a->a_n ?
		    a->a_v[0] : "(empty command)");
		return (-1);
	}
	/* Block signals so the child cannot run our handlers. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	parent = getpid();
	if ((pid = fork()) == -1) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		xasprintf(cause, "fork: %s", strerror(errno));
		return (-1);
	}
	if (pid > 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return (pid);
	}

	/* Child. */
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	if ((flags & SPAWN_SETSID) != 0)
		setsid();
	if ((flags & SPAWN_PDEATH) != 0) {
		platform_pdeathsig();
		/* The parent died before the request took effect. */
		if (getppid() != parent)
			_exit(127);
	}
	/* Move the chosen fds above 2 first so dup2 cannot clobber one. */
	fds[0] = in == -1 ? -1 : fcntl(in, F_DUPFD, 3);
	fds[1] = out == -1 ? -1 : fcntl(out, F_DUPFD, 3);
	fds[2] = err == -1 ? -1 : fcntl(err, F_DUPFD, 3);
	spawn_dup(fds[0], 0);
	spawn_dup(fds[1], 1);
	spawn_dup(fds[2], 2);
	closefrom(3);
	if (dir != NULL && chdir(dir) == -1) {
		dprintf(2, "%s: %s\n", dir, strerror(errno));
		_exit(127);
	}
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	if ((flags & SPAWN_KEEPENV) != 0)
		execv(a->a_v[0], a->a_v);
	else
		execve(a->a_v[0], a->a_v, env != NULL ? env : spawn_env);
	dprintf(2, "%s: %s\n", a->a_v[0], strerror(errno));
	_exit(127);
}

/* Start a child with a clean process image. */
pid_t
spawn_start(const struct argv *a, int in, int out, int err, int flags,
    char **cause)
{
	return (spawn_exec(a, in, out, err, flags, NULL, NULL, cause));
}

/* Run a child to completion, capturing its output. */
int
spawn_run(const struct argv *a, char **output, int timeout_ms, char **cause)
{
	return (spawn_runx(a, NULL, output, timeout_ms, cause));
}

/*
 * Run a child to completion with stdin in and stdout out (SPAWN_TOPIPE:
 * the pipe, with stderr), collecting what comes through the pipe into
 * *output (may be NULL) and killing it after timeout_ms (0: no limit).
 * Returns 0 with *status set to its wait(2) status, or -1 with *cause.
 */
static int
spawn_capture(const struct argv *a, int in, int out,
    const struct spawn_opts *o, char **output, int timeout_ms, int *status,
    char **cause)
{
	struct pollfd	 pfd;
	struct buf	*b;
	char		 chunk[4096];
	int64_t		 deadline;
	ssize_t		 n;
	pid_t		 pid;
	int		 p[2], wait_ms, flags, killed = 0;

	if (pipe(p) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return (-1);
	}
	flags = o != NULL ? o->so_flags : 0;
	pid = spawn_exec(a, in, out == SPAWN_TOPIPE ? p[1] : out, p[1], flags,
	    o != NULL ? o->so_env : NULL, o != NULL ? o->so_dir : NULL, cause);
	close(p[1]);
	if (pid == -1) {
		close(p[0]);
		return (-1);
	}
	b = buf_new();
	deadline = timeout_ms > 0 ? ev_now() + timeout_ms : 0;
	pfd.fd = p[0];
	pfd.events = POLLIN;
	for (;;) {
		wait_ms = -1;
		if (deadline != 0) {
			wait_ms = (int)(deadline - ev_now());
			if (wait_ms <= 0) {
				/* A session leader's group is its own. */
				kill((flags & SPAWN_SETSID) != 0 ? -pid : pid,
				    SIGKILL);
				killed = 1;
				break;
			}
		}
		if (poll(&pfd, 1, wait_ms) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd.revents == 0)
			continue;
		if ((n = read(p[0], chunk, sizeof(chunk))) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			break;
		}
		if (b->b_len < SPAWN_MAXOUT)
			buf_add(b, chunk, (size_t)n);
	}
	close(p[0]);
	while (waitpid(pid, status, 0) == -1)
		if (errno != EINTR) {
			xasprintf(cause, "waitpid: %s", strerror(errno));
			buf_free(b);
			return (-1);
		}
	if (output != NULL)
		*output = buf_take(b);
	else
		buf_free(b);
	if (killed) {
		xasprintf(cause, "%s: timed out after %d ms", a->a_v[0],
		    timeout_ms);
		if (output != NULL) {
			free(*output);
			*output = NULL;
		}
		return (-1);
	}
	return (0);
}

/* Run a child to completion with options, capturing its output. */
int
spawn_runx(const struct argv *a, const struct spawn_opts *o, char **output,
    int timeout_ms, char **cause)
{
	int	 status;

	if (spawn_capture(a, -1, SPAWN_TOPIPE, o, output, timeout_ms, &status,
	    cause) == -1)
		return (-1);
	if (WIFSIGNALED(status))
		return (128 + WTERMSIG(status));
	return (WEXITSTATUS(status));
}

/* Run a child with stdin and stdout given, capturing its stderr. */
int
spawn_stream(const struct argv *a, int in, int out, char **errout,
    int *status, char **cause)
{
	return (spawn_capture(a, in, out, NULL, errout, 0, status, cause));
}

/* A wait(2) status in words. */
const char *
spawn_status(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(status));
	else if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d",
		    WEXITSTATUS(status));
	else
		snprintf(buf, len, "status %#x", status);
	return (buf);
}

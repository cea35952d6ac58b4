#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * ptyrun - run a command that talks on a pseudo-terminal, for the tests
 * of the fake host (a console without expect(1) or python).
 *
 *	ptyrun [-t secs] [-x text | -s line | -d ms | -k sig] ... cmd [arg ...]
 *
 * A pty is opened and set raw; "@PTY@" in the command's arguments is
 * replaced by the subordinate's path (as bhyve is given /dev/nmdmNA).
 * The steps run in order: -x waits until text appears in the output
 * (after the previous match), -s types line and a carriage return, -d
 * waits ms milliseconds, -k sends a signal (TERM, KILL, HUP, INT, USR1,
 * USR2 or a number) to the command.  Everything printed on the pty is
 * copied to stdout.  When no argument names @PTY@, the pty becomes the
 * command's controlling terminal, standard input and standard output
 * (its standard error stays ptyrun's), as for a user at a terminal.
 *
 * Exit status: the command's (128 + N when signal N killed it); 124
 * when the steps could not all run (the command exited first, or -t,
 * default 30 s, passed: then the command is killed).
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <pty.h>
#else
#include <libutil.h>
#endif

#include "fh.h"

#define	EXIT_STEPS	124

/* A step of the script. */
struct step {
	int		 s_kind;	/* 'x', 's', 'd' or 'k' */
	const char	*s_arg;
};

static int	chldpipe[2];

static void	usage(void) __attribute__((__noreturn__));
static int	signum(const char *);
static int64_t	now_ms(void);
static void	onchld(int);
static void	writeall(int, const char *, size_t);
static void	output(int, char **, size_t *);
static char	*subst(char *, const char *);

/* ptyrun's usage. */
static void
usage(void)
{
	fprintf(stderr, "usage: ptyrun [-t secs] [-x text | -s line | -d ms | "
	    "-k sig] ... cmd [arg ...]\n");
	exit(2);
}

/* A signal by name or number. */
static int
signum(const char *s)
{
	static const struct {
		const char	*name;
		int		 sig;
	} sigs[] = {
		{ "HUP", SIGHUP }, { "INT", SIGINT }, { "KILL", SIGKILL },
		{ "TERM", SIGTERM }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
	};
	char *end;
	size_t i;
	long n;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcmp(s, sigs[i].name) == 0)
			return (sigs[i].sig);
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n <= 0 || n >= NSIG)
		errx(2, "%s: unknown signal", s);
	return ((int)n);
}

/* Monotonic milliseconds. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* SIGCHLD: wake the loop. */
static void
onchld(int sig)
{
	ssize_t n;
	int serrno;

	(void)sig;
	serrno = errno;
	n = write(chldpipe[1], "c", 1);
	(void)n;
	errno = serrno;
}

/* Write all of buf to fd (fd may be non-blocking). */
static void
writeall(int fd, const char *buf, size_t len)
{
	struct pollfd pfd;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) < 0) {
			if (errno == EAGAIN) {
				pfd.fd = fd;
				pfd.events = POLLOUT;
				poll(&pfd, 1, -1);
				continue;
			}
			if (errno == EINTR)
				continue;
			err(EXIT_STEPS, "write");
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* Copy what the pty has to stdout and append it to *seen. */
static void
output(int master, char **seen, size_t *len)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(master, buf, sizeof(buf))) > 0) {
		writeall(STDOUT_FILENO, buf, (size_t)n);
		if ((*seen = realloc(*seen, *len + (size_t)n + 1)) == NULL)
			err(2, "realloc");
		memcpy(*seen + *len, buf, (size_t)n);
		*len += (size_t)n;
		(*seen)[*len] = '\0';
	}
}

/* arg with each "@PTY@" replaced by path (arg itself if none). */
static char *
subst(char *arg, const char *path)
{
	char *at, *res;
	size_t n;

	if ((at = strstr(arg, "@PTY@")) == NULL)
		return (arg);
	n = strlen(arg) + strlen(path) + 1;
	if ((res = malloc(n)) == NULL)
		err(2, "malloc");
	snprintf(res, n, "%.*s%s%s", (int)(at - arg), arg, path,
	    subst(at + 5, path));
	return (res);
}

/* Run the command and its script. */
int
main(int argc, char *argv[])
{
	struct step *steps;
	struct termios t;
	struct sigaction sa;
	struct pollfd pfd[2];
	char name[256], buf[64], *seen, *hit;
	size_t nsteps, cur, seenlen;
	int64_t deadline, stepend, now, wait;
	pid_t pid;
	long secs;
	int ch, master, slave, status, i;
	bool exited, onpty;

	steps = NULL;
	nsteps = 0;
	secs = 30;
	while ((ch = getopt(argc, argv, FH_OPTS("d:k:s:t:x:"))) != -1) {
		switch (ch) {
		case 'd':
		case 'k':
		case 's':
		case 'x':
			if ((steps = realloc(steps, (nsteps + 1) *
			    sizeof(*steps))) == NULL)
				err(2, "realloc");
			steps[nsteps].s_kind = ch;
			steps[nsteps++].s_arg = optarg;
			if (ch == 'k')
				signum(optarg);
			break;
		case 't':
			if ((secs = strtol(optarg, NULL, 10)) <= 0)
				usage();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();

	if (openpty(&master, &slave, name, NULL, NULL) != 0)
		err(2, "openpty");
	if (tcgetattr(slave, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(slave, TCSANOW, &t);
	}
	/* Keeping the subordinate open means the master never hangs up. */
	if (fcntl(master, F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(master, F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(slave, F_SETFD, FD_CLOEXEC) != 0 || pipe(chldpipe) != 0 ||
	    fcntl(chldpipe[0], F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(chldpipe[1], F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(chldpipe[0], F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(chldpipe[1], F_SETFD, FD_CLOEXEC) != 0)
		err(2, "pty setup");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGCHLD, &sa, NULL) != 0)
		err(2, "sigaction");

	onpty = true;
	for (i = 0; i < argc; i++) {
		if (strstr(argv[i], "@PTY@") != NULL)
			onpty = false;
		argv[i] = subst(argv[i], name);
	}
	if ((pid = fork()) < 0)
		err(2, "fork");
	if (pid == 0) {
		if (onpty && (setsid() == -1 ||
		    ioctl(slave, TIOCSCTTY, 0) == -1 ||
		    dup2(slave, STDIN_FILENO) == -1 ||
		    dup2(slave, STDOUT_FILENO) == -1))
			err(127, "the pty as the terminal");
		execv(argv[0], argv);
		err(127, "%s", argv[0]);
	}

	seen = NULL;
	seenlen = 0;
	cur = 0;
	stepend = 0;
	exited = false;
	status = 0;
	deadline = now_ms() + secs * 1000;
	for (;;) {
		now = now_ms();
		/* Run the steps that can run now. */
		while (cur < nsteps) {
			if (steps[cur].s_kind == 'x') {
				if (seen == NULL || (hit = strstr(seen,
				    steps[cur].s_arg)) == NULL)
					break;
				hit += strlen(steps[cur].s_arg);
				seenlen -= (size_t)(hit - seen);
				memmove(seen, hit, seenlen + 1);
			} else if (steps[cur].s_kind == 's') {
				if (exited)
					break;
				writeall(master, steps[cur].s_arg,
				    strlen(steps[cur].s_arg));
				writeall(master, "\r", 1);
			} else if (steps[cur].s_kind == 'd') {
				if (stepend == 0)
					stepend = now + strtol(steps[cur].s_arg,
					    NULL, 10);
				if (now < stepend && !exited)
					break;
				stepend = 0;
			} else if (!exited)
				kill(pid, signum(steps[cur].s_arg));
			cur++;
		}
		if (exited)
			break;
		if (now >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			fflush(stdout);
			if (cur < nsteps)
				errx(EXIT_STEPS, "timed out at step -%c %s",
				    steps[cur].s_kind, steps[cur].s_arg);
			errx(EXIT_STEPS, "timed out waiting for %s", argv[0]);
		}
		wait = deadline - now;
		if (stepend != 0 && stepend - now < wait)
			wait = stepend - now;
		pfd[0].fd = master;
		pfd[0].events = POLLIN;
		pfd[1].fd = chldpipe[0];
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, (int)wait) < 0 && errno != EINTR)
			err(2, "poll");
		output(master, &seen, &seenlen);
		if (waitpid(pid, &status, WNOHANG) == pid) {
			exited = true;
			/* Pick up what it wrote just before it went. */
			output(master, &seen, &seenlen);
		}
		while (read(chldpipe[0], buf, sizeof(buf)) > 0)
			;
	}
	/* Steps that only make sense with the command running are late. */
	for (; cur < nsteps; cur++)
		if (steps[cur].s_kind == 'x' || steps[cur].s_kind == 's')
			errx(EXIT_STEPS, "%s exited before step -%c %s",
			    argv[0], steps[cur].s_kind, steps[cur].s_arg);
	free(seen);
	free(steps);
	if (WIFSIGNALED(status))
		return (128 + WTERMSIG(status));
	return (WEXITSTATUS(status));
}

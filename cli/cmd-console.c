/*
 * cmd-console.c - "hyve console": a guest's serial console, like cu(1).
 */
#include "compat.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "hyve.h"
#include "proto.h"
#include "runstate.h"
#include "xmalloc.h"

static int	cmd_console_exec(struct cmd_args *);

const struct cmd_entry cmd_console_entry = {
	.ce_name = "console",
	.ce_usage = "[-l] name [port]",
	.ce_help = "attach to a guest's serial console (~. detaches); -l "
	    "prints its log",
	.ce_optstring = "l",
	.ce_minargs = 1,
	.ce_maxargs = 2,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_console_exec,
};

/* The terminal's settings before raw mode, restored on every exit. */
static struct termios	 console_saved;
static int		 console_raw;

/* Put the terminal back as it was. */
static void
console_restore(void)
{
	if (console_raw) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &console_saved);
		console_raw = 0;
	}
}

/* A signal ends the session: restore the terminal first. */
static void
console_signal(int sig)
{
	console_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Raw mode on a terminal, so every key goes to the guest. */
static void
console_makeraw(void)
{
	struct termios	 t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &t) == -1)
		return;
	console_saved = t;
	cfmakeraw(&t);
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == -1)
		return;
	console_raw = 1;
	atexit(console_restore);
	signal(SIGTERM, console_signal);
	signal(SIGHUP, console_signal);
	signal(SIGINT, console_signal);
}

/* Write all of a buffer, or fail. */
static int
console_write(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return (-1);
		}
		p += w;
		n -= (size_t)w;
	}
	return (0);
}

/* Print console.log.0 then console.log: the bounded history. */
static int
console_log(const char *name)
{
	const char	*files[] = { "console.log.0", "console.log" };
	char		*path, buf[8192];
	ssize_t		 n;
	size_t		 i;
	int		 fd, found = 0;

	for (i = 0; i < nitems(files); i++) {
		path = runstate_path(name, files[i]);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			if (errno != ENOENT)
				warn("%s", path);
			free(path);
			continue;
		}
		found = 1;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (console_write(STDOUT_FILENO, buf, (size_t)n) == -1)
				break;
		close(fd);
		free(path);
	}
	if (!found) {
		warnx("%s: no console log", name);
		return (HYVE_EXIT_ERR);
	}
	return (HYVE_EXIT_OK);
}

/*
 * Relay between the terminal and the guest until "~." at the start of
 * a line, or until the guest stops.  "~~" sends one '~'.
 */
static int
console_relay(int fd, const char *name)
{
	struct pollfd	 pfd[2];
	char		 buf[4096], out[8192];
	size_t		 o;
	ssize_t		 n, i;
	int		 bol = 1, tilde = 0, nfds = 2;

	pfd[0].fd = fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = STDIN_FILENO;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, (nfds_t)nfds, -1) == -1) {
			if (errno == EINTR)
				continue;
			return (HYVE_EXIT_ERR);
		}
		if (pfd[0].revents != 0) {
			if ((n = read(fd, buf, sizeof(buf))) <= 0) {
				console_restore();
				fprintf(stderr, "\r\n[%s stopped]\r\n", name);
				return (HYVE_EXIT_OK);
			}
			if (console_write(STDOUT_FILENO, buf, (size_t)n) == -1)
				return (HYVE_EXIT_ERR);
		}
		if (nfds < 2 || pfd[1].revents == 0)
			continue;
		if ((n = read(STDIN_FILENO, buf, sizeof(buf))) <= 0) {
			/* No more input: keep showing the guest. */
			nfds = 1;
			continue;
		}
		for (i = 0, o = 0; i < n; i++) {
			if (tilde) {
				tilde = 0;
				if (buf[i] == '.') {
					console_write(fd, out, o);
					console_restore();
					fprintf(stderr, "\r\n[detached]\r\n");
					return (HYVE_EXIT_OK);
				}
				if (buf[i] != '~')
					out[o++] = '~';
			} else if (bol && buf[i] == '~') {
				tilde = 1;
				continue;
			}
			out[o++] = buf[i];
			bol = buf[i] == '\r' || buf[i] == '\n';
		}
		if (o > 0 && console_write(fd, out, o) == -1)
			return (HYVE_EXIT_ERR);
	}
}

/* Attach, or print the log. */
static int
cmd_console_exec(struct cmd_args *ca)
{
	struct proto_resp	 resp;
	const char		*name = ca->ca_argv[0];
	char			*cause = NULL;
	int			 fd, rv;

	if (!client_exists(name))
		return (HYVE_EXIT_ERR);
	if (ca->ca_set['l'])
		return (console_log(name));
	if ((fd = client_request(name, PROTO_ATTACH, 0, ca->ca_argc > 1 ?
	    ca->ca_argv[1] : NULL, &resp, &cause)) == -1) {
		warnx("%s", cause);
		free(cause);
		return (HYVE_EXIT_ERR);
	}
	if (resp.ps_status != 0) {
		warnx("%s", resp.ps_msg);
		close(fd);
		return (HYVE_EXIT_ERR);
	}
	fprintf(stderr, "[connected to %s %s; ~. to detach]\r\n", name,
	    resp.ps_msg);
	console_makeraw();
	rv = console_relay(fd, name);
	console_restore();
	close(fd);
	return (rv);
}

/*
 * cmd-exec.c - "hyve exec": type a line on a guest's console and print
 * what it answers (BMT's exec).
 */
#include "compat.h"

#include <err.h>
#include <errno.h>
#include <poll.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "event.h"
#include "hyve.h"
#include "proto.h"
#include "runstate.h"

/* Exit statuses (hyve.8). */
#define EXEC_TIMEOUT	2	/* no prompt within --timeout */
#define EXEC_STOPPED	3	/* the guest stopped meanwhile */

/* A shell prompt: the last line ends in #, $, % or > and a blank. */
#define EXEC_PROMPT	"[#$%>] ?$"
#define EXEC_WAIT	10	/* seconds */

static int	cmd_exec_exec(struct cmd_args *);

static const struct option cmd_exec_longopts[] = {
	{ "expect", required_argument, NULL, OPT_EXPECT },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_exec_entry = {
	.ce_name = "exec",
	.ce_usage = "[--expect regex] [--timeout seconds] name line",
	.ce_help = "type a line on a guest's console and print the answer",
	.ce_optstring = "",
	.ce_longopts = cmd_exec_longopts,
	.ce_minargs = 2,
	.ce_maxargs = 2,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_exec_exec,
};

/*
 * Print the guest's answer: without the echo of the line typed, with
 * CR LF as LF.
 */
static void
exec_print(const char *text, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
			putchar(text[i]);
	fflush(stdout);
}

/*
 * Whether the guest has stopped: the supervisor records "stopped" in
 * the state file before it closes the console connections, while its
 * lock is still held.  A connection closed with the guest running was
 * dropped as too slow a reader.
 */
static bool
exec_stopped(const char *name)
{
	struct conf	*c;
	const char	*st;
	bool		 stopped;

	if (!runstate_running(name))
		return (true);
	c = runstate_read(name);
	st = c != NULL ? conf_get(c, "state") : NULL;
	stopped = st == NULL || strcmp(st, "stopped") == 0;
	conf_free(c);
	return (stopped);
}

/* Type the line, read until the expected text, the timeout or EOF. */
static int
cmd_exec_exec(struct cmd_args *ca)
{
	struct proto_resp	 resp;
	struct pollfd		 pfd;
	struct buf		*b, *line;
	regmatch_t		 m;
	regex_t			 re;
	const char		*name = ca->ca_argv[0], *errstr, *answer;
	char			*cause = NULL, chunk[4096], ebuf[128];
	int64_t			 deadline;
	ssize_t			 n;
	size_t			 skip, from;
	char			*nl;
	int			 fd, left, wait = EXEC_WAIT, rv;

	client_hostconf();
	if (ca->ca_set[OPT_TIMEOUT]) {
		wait = (int)strtonum(ca->ca_val[OPT_TIMEOUT], 1, 86400,
		    &errstr);
		if (errstr != NULL)
			errx(HYVE_EXIT_USAGE, "--timeout %s: %s",
			    ca->ca_val[OPT_TIMEOUT], errstr);
	}
	if ((rv = regcomp(&re, ca->ca_set[OPT_EXPECT] ?
	    ca->ca_val[OPT_EXPECT] : EXEC_PROMPT, REG_EXTENDED |
	    REG_NEWLINE)) != 0) {
		regerror(rv, &re, ebuf, sizeof(ebuf));
		errx(HYVE_EXIT_USAGE, "--expect: %s", ebuf);
	}
	if ((fd = client_request(name, PROTO_ATTACH, PROTO_NOREPLAY, NULL,
	    &resp, &cause)) == -1) {
		warnx("%s", cause);
		free(cause);
		regfree(&re);
		return (HYVE_EXIT_ERR);
	}
	if (resp.ps_status != 0) {
		warnx("%s", resp.ps_msg);
		close(fd);
		regfree(&re);
		return (HYVE_EXIT_ERR);
	}
	/* Serial consoles end a line with CR, as a terminal would send. */
	line = buf_new();
	buf_addf(line, "%s\r", ca->ca_argv[1]);
	if (write(fd, line->b_data, line->b_len) != (ssize_t)line->b_len)
		err(HYVE_EXIT_ERR, "%s: console", name);

	b = buf_new();
	deadline = ev_now() + (int64_t)wait * 1000;
	pfd.fd = fd;
	pfd.events = POLLIN;
	rv = EXEC_TIMEOUT;
	from = 0;
	for (;;) {
		/* Skip the guest's echo of what was typed. */
		skip = 0;
		if (b->b_len >= line->b_len - 1 && strncmp(b->b_data,
		    ca->ca_argv[1], line->b_len - 1) == 0)
			skip = strspn(b->b_data + line->b_len - 1, "\r\n") +
			    line->b_len - 1;
		answer = b->b_data + skip;
		/*
		 * Under REG_NEWLINE no match spans lines, so only the lines
		 * that got new bytes are searched: a long answer costs
		 * linear time, and the supervisor never finds this reader
		 * too slow.
		 */
		if (from < skip)
			from = skip;
		if (skip > 0 && regexec(&re, b->b_data + from, 1, &m, 0) ==
		    0) {
			/* The answer ends where the line with the prompt starts. */
			for (n = (ssize_t)from + m.rm_so - (ssize_t)skip;
			    n > 0 && answer[n - 1] != '\n'; n--)
				continue;
			exec_print(answer, (size_t)n);
			rv = HYVE_EXIT_OK;
			break;
		}
		if ((nl = strrchr(b->b_data + from, '\n')) != NULL)
			from = (size_t)(nl - b->b_data) + 1;
		if ((left = (int)(deadline - ev_now())) <= 0)
			break;
		if (poll(&pfd, 1, left) <= 0)
			continue;
		if ((n = read(fd, chunk, sizeof(chunk))) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			rv = exec_stopped(name) ? EXEC_STOPPED :
			    HYVE_EXIT_ERR;
			break;
		}
		buf_add(b, chunk, (size_t)n);
	}
	if (rv == EXEC_TIMEOUT) {
		exec_print(answer, b->b_len - (size_t)(answer - b->b_data));
		warnx("%s: no match for \"%s\" within %d s", name,
		    ca->ca_set[OPT_EXPECT] ? ca->ca_val[OPT_EXPECT] :
		    EXEC_PROMPT, wait);
	} else if (rv == EXEC_STOPPED) {
		exec_print(answer, b->b_len - (size_t)(answer - b->b_data));
		warnx("%s: the guest stopped", name);
	} else if (rv == HYVE_EXIT_ERR)
		warnx("%s: the supervisor closed the console connection "
		    "(see the guest's hyve.log)", name);
	close(fd);
	buf_free(b);
	buf_free(line);
	regfree(&re);
	return (rv);
}

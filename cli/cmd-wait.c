/*
 * cmd-wait.c - "hyve wait": block until a guest has stopped.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "hyve.h"
#include "proto.h"
#include "runstate.h"

/* Exit status (hyve.8): the guest still runs after --timeout. */
#define WAIT_TIMEOUT	2

static int	cmd_wait_exec(struct cmd_args *);

static const struct option cmd_wait_longopts[] = {
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_wait_entry = {
	.ce_name = "wait",
	.ce_usage = "[--timeout seconds] name",
	.ce_help = "wait until a guest has stopped (BMT's wait_for_poweroff)",
	.ce_optstring = "",
	.ce_longopts = cmd_wait_longopts,
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_exec = cmd_wait_exec,
};

/* Wait for the supervisor to close our connection. */
static int
cmd_wait_exec(struct cmd_args *ca)
{
	struct proto_resp	 resp;
	const char		*name = ca->ca_argv[0], *errstr;
	char			*cause = NULL;
	int			 fd, timeout = -1;

	client_hostconf();
	if (ca->ca_set[OPT_TIMEOUT]) {
		timeout = (int)strtonum(ca->ca_val[OPT_TIMEOUT], 0, 86400 * 365,
		    &errstr);
		if (errstr != NULL)
			errx(HYVE_EXIT_USAGE, "--timeout %s: %s",
			    ca->ca_val[OPT_TIMEOUT], errstr);
		timeout *= 1000;
	}
	if (!client_exists(name))
		return (HYVE_EXIT_ERR);
	if (!runstate_running(name))
		return (HYVE_EXIT_OK);
	if ((fd = client_request(name, PROTO_WAIT, 0, NULL, &resp,
	    &cause)) == -1) {
		/* It may have stopped between the two looks. */
		if (!runstate_running(name))
			return (HYVE_EXIT_OK);
		warnx("%s", cause);
		free(cause);
		return (HYVE_EXIT_ERR);
	}
	if (client_waitclose(fd, timeout) == -1) {
		close(fd);
		warnx("%s: still running after %s s", name,
		    ca->ca_val[OPT_TIMEOUT]);
		return (WAIT_TIMEOUT);
	}
	close(fd);
	return (HYVE_EXIT_OK);
}

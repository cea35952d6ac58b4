/*
 * cmd-stop.c - "hyve stop": shut guests down, gracefully or by force.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "guest.h"
#include "hyve.h"
#include "model.h"
#include "proto.h"
#include "xmalloc.h"

static int	cmd_stop_exec(struct cmd_args *);

const struct cmd_entry cmd_stop_entry = {
	.ce_name = "stop",
	.ce_usage = "[-fn] name ...",
	.ce_help = "stop guests: ACPI shutdown, forced after stop_timeout",
	.ce_optstring = "fn",
	.ce_minargs = 1,
	.ce_maxargs = -1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_stop_exec,
};

/*
 * Ask each supervisor to stop its guest, then wait for every one: the
 * supervisor forces the guest off after its stop_timeout, so the wait
 * is bounded by that plus a margin for the forced path.
 */
static int
cmd_stop_exec(struct cmd_args *ca)
{
	struct proto_resp	 resp;
	struct guest		*g;
	char			*cause = NULL;
	int			*fds, *waits, i, rv = HYVE_EXIT_OK;

	client_hostconf();
	if (ca->ca_set['n']) {
		for (i = 0; i < ca->ca_argc; i++)
			if (client_stopplan(ca->ca_argv[i], PLAN_STOP,
			    ca->ca_set['f']) != HYVE_EXIT_OK)
				rv = HYVE_EXIT_ERR;
		return (rv);
	}
	fds = xcalloc((size_t)ca->ca_argc, sizeof(*fds));
	waits = xcalloc((size_t)ca->ca_argc, sizeof(*waits));
	for (i = 0; i < ca->ca_argc; i++) {
		fds[i] = -1;
		if ((g = client_guest(ca->ca_argv[i])) == NULL) {
			rv = HYVE_EXIT_ERR;
			continue;
		}
		waits[i] = (g->g_vm->vm_stop_timeout + 30) * 1000;
		guest_free(g);
		fds[i] = client_request(ca->ca_argv[i], PROTO_STOP,
		    ca->ca_set['f'] ? PROTO_FORCE : 0, NULL, &resp, &cause);
		if (fds[i] == -1) {
			warnx("%s", cause);
			free(cause);
			cause = NULL;
			rv = HYVE_EXIT_ERR;
		}
	}
	for (i = 0; i < ca->ca_argc; i++) {
		if (fds[i] == -1)
			continue;
		if (client_waitclose(fds[i], waits[i]) == -1) {
			warnx("%s: still running after %d s", ca->ca_argv[i],
			    waits[i] / 1000);
			rv = HYVE_EXIT_ERR;
		} else
			printf("%s: stopped\n", ca->ca_argv[i]);
		close(fds[i]);
	}
	free(fds);
	free(waits);
	return (rv);
}

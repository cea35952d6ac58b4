/*
 * cmd-status.c - "hyve status": is a guest running?
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "guest.h"
#include "hyve.h"
#include "json.h"
#include "platform.h"
#include "runstate.h"
#include "summary.h"

/* Exit statuses (hyve.8): 0 running, 1 stopped, 2 no such guest. */
#define STATUS_STOPPED	1
#define STATUS_NOGUEST	2

static int	cmd_status_exec(struct cmd_args *);

const struct cmd_entry cmd_status_entry = {
	.ce_name = "status",
	.ce_usage = "[--json] name",
	.ce_help = "print a guest's state; exit 0 running, 1 stopped, 2 "
	    "no such guest",
	.ce_optstring = "",
	.ce_longopts = cmd_json_longopts,
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_exec = cmd_status_exec,
};

/* Print the state of a guest as a JSON object. */
static int
status_json(const char *name)
{
	struct runstate		 rs;
	struct platform_proc	 proc;
	struct json		*j;
	pid_t			 pid;
	bool			 have = false;

	runstate_get(name, &rs);
	pid = rs.rs_bhyve != 0 ? rs.rs_bhyve : rs.rs_loader;
	if (rs.rs_running && pid != 0)
		have = platform_proc(pid, &proc) == 0;
	j = json_new();
	json_object_begin(j);
	json_kv_string(j, "name", name);
	summary_json_run(j, &rs, have ? &proc : NULL);
	json_object_end(j);
	json_print(j, stdout);
	runstate_clear(&rs);
	return (rs.rs_running ? HYVE_EXIT_OK : STATUS_STOPPED);
}

/* Print the state of one guest. */
static int
cmd_status_exec(struct cmd_args *ca)
{
	const char	*name = ca->ca_argv[0], *st, *boots, *reason;
	struct conf	*c;
	bool		 running;

	if (!client_exists(name))
		return (STATUS_NOGUEST);
	if (ca->ca_set[OPT_JSON])
		return (status_json(name));
	running = runstate_running(name);
	c = runstate_read(name);
	st = c != NULL ? conf_get(c, "state") : NULL;
	boots = c != NULL ? conf_get(c, "boots") : NULL;
	reason = c != NULL ? conf_get(c, "reason") : NULL;
	if (running)
		printf("%s: %s (boot %s)\n", name, st != NULL ? st : "running",
		    boots != NULL ? boots : "?");
	else if (reason != NULL && *reason != '\0')
		printf("%s: stopped (%s)\n", name, reason);
	else
		printf("%s: stopped\n", name);
	conf_free(c);
	return (running ? HYVE_EXIT_OK : STATUS_STOPPED);
}

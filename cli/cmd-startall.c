/*
 * cmd-startall.c - "hyve startall": start the guests that start with
 * the host, in order, vm_delay apart, without holding up the boot.
 */
#include "compat.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "autostart.h"
#include "event.h"
#include "hostconf.h"
#include "hyve.h"
#include "paths.h"
#include "runstate.h"
#include "xmalloc.h"

static int	cmd_startall_exec(struct cmd_args *);

const struct cmd_entry cmd_startall_entry = {
	.ce_name = "startall",
	.ce_usage = "[-nw]",
	.ce_help = "start the autostart guests in order, vm_delay apart",
	.ce_optstring = "nw",
	.ce_minargs = 0,
	.ce_maxargs = 0,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_startall_exec,
};

/* Sleep ms milliseconds, whatever signals arrive. */
static void
startall_sleep(int64_t ms)
{
	int64_t	 end = ev_now() + ms, left;

	while ((left = end - ev_now()) > 0)
		(void)poll(NULL, 0, (int)left);
}

/* Print what startall would do. */
static void
startall_plan(const struct client_fleet *f, int delay)
{
	size_t	 i;

	printf("plan for startall:\n");
	for (i = 0; i < f->cf_nstart; i++) {
		if (i > 0)
			printf("  wait %d s (vm_delay)\n", delay);
		printf("  start %s (autostart_order %d)\n",
		    f->cf_v[f->cf_start[i]].ag_name,
		    f->cf_v[f->cf_start[i]].ag_order);
	}
}

/*
 * Start each guest in order, vm_delay seconds between two launches
 * whatever the last one did (as vm-bhyve does), and say when.  Returns
 * the exit status.
 */
static int
startall_run(const struct client_fleet *f, int delay)
{
	const char	*name;
	int64_t		 t0 = ev_now();
	size_t		 i, failed = 0;

	for (i = 0; i < f->cf_nstart; i++) {
		name = f->cf_v[f->cf_start[i]].ag_name;
		if (i > 0)
			startall_sleep((int64_t)delay * 1000);
		printf("startall: +%.1f s: starting %s\n",
		    (double)(ev_now() - t0) / 1000, name);
		fflush(stdout);
		if (runstate_running(name))
			printf("%s: already running\n", name);
		else if (start_guest(name, NULL, false, false) !=
		    HYVE_EXIT_OK)
			failed++;
		fflush(stdout);
		fflush(stderr);
	}
	printf("startall: +%.1f s: done: %zu started, %zu failed\n",
	    (double)(ev_now() - t0) / 1000, f->cf_nstart - failed, failed);
	return (failed > 0 ? HYVE_EXIT_ERR : HYVE_EXIT_OK);
}

/*
 * Detach from the caller (rc(8) must not wait for the guests) with
 * stdout and stderr appended to PATH_RUNDIR/startall.log, and run.
 * The caller returns at once.
 */
static int
startall_detach(const struct client_fleet *f, int delay)
{
	char	*log, stamp[64];
	time_t	 now;
	pid_t	 pid;
	int	 fd, null;

	if (mkdir(paths_get(PATH_RUNDIR), 0755) == -1 && errno != EEXIST)
		err(HYVE_EXIT_ERR, "%s", paths_get(PATH_RUNDIR));
	xasprintf(&log, "%s/startall.log", paths_get(PATH_RUNDIR));
	if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644)) == -1)
		err(HYVE_EXIT_ERR, "%s", log);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		err(HYVE_EXIT_ERR, "fork");
	if (pid > 0) {
		close(fd);
		printf("startall: starting %zu guest%s in the background; "
		    "see %s\n", f->cf_nstart, f->cf_nstart == 1 ? "" : "s",
		    log);
		free(log);
		return (HYVE_EXIT_OK);
	}
	setsid();
	if ((null = open("/dev/null", O_RDONLY)) != -1) {
		dup2(null, STDIN_FILENO);
		if (null != STDIN_FILENO)
			close(null);
	}
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	free(log);
	now = time(NULL);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z",
	    localtime(&now));
	printf("startall: begun at %s (pid %d)\n", stamp, (int)getpid());
	exit(startall_run(f, delay));
}

/* Start the guests that start with the host. */
static int
cmd_startall_exec(struct cmd_args *ca)
{
	struct client_fleet	*f;
	int			 rv, delay;

	f = client_fleet();
	delay = hostconf_vmdelay();
	if (ca->ca_set['n']) {
		startall_plan(f, delay);
		rv = HYVE_EXIT_OK;
	} else if (f->cf_nstart == 0) {
		printf("startall: no guest starts with the host (set "
		    "autostart=yes in a guest, or vm_list in %s)\n",
		    hostconf_path());
		rv = HYVE_EXIT_OK;
	} else if (ca->ca_set['w'])
		rv = startall_run(f, delay);
	else
		rv = startall_detach(f, delay);
	client_fleet_free(f);
	return (rv);
}

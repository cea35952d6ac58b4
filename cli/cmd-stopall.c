/*
 * cmd-stopall.c - "hyve stopall": stop every running guest for a host
 * shutdown, in reverse start order, within a deadline.
 */
#include "compat.h"

#include <dirent.h>
#include <err.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autostart.h"
#include "conf.h"
#include "event.h"
#include "hyve.h"
#include "model.h"
#include "name.h"
#include "paths.h"
#include "plan.h"
#include "proto.h"
#include "runstate.h"
#include "xmalloc.h"

/*
 * The default deadline, seconds: under the 90 s after which rc.shutdown
 * (rcshutdown_timeout in /etc/defaults/rc.conf) gives up on the scripts,
 * with room for the forced stops that follow it.
 */
#define STOPALL_DEADLINE	75
/* After a forced stop, how long before the supervisor itself is killed. */
#define STOPALL_FORCE_MS	((PLAN_KILL_DELAY + 3) * 1000)

static int	cmd_stopall_exec(struct cmd_args *);

static const struct option cmd_stopall_longopts[] = {
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_stopall_entry = {
	.ce_name = "stopall",
	.ce_usage = "[-n] [--timeout seconds]",
	.ce_help = "stop every running guest, last started first, within a "
	    "deadline",
	.ce_optstring = "n",
	.ce_longopts = cmd_stopall_longopts,
	.ce_minargs = 0,
	.ce_maxargs = 0,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_stopall_exec,
};

/* One guest to stop. */
struct stopall_guest {
	const char	*sg_name;
	int		 sg_timeout;	/* its stop_timeout, seconds */
	int		 sg_group;	/* stopped together; 0 first */
	int		 sg_fd;		/* connection to its supervisor */
	bool		 sg_done;
};

/*
 * Running guests whose configuration is gone from every datastore (a
 * datastore removed from system.conf while they ran): they go with the
 * first group, under the default stop_timeout, so that nothing is left
 * running.  Names are copied into *extra (freed by the caller).
 */
static size_t
stopall_strays(const struct client_fleet *f, struct stopall_guest **vp,
    size_t n, char ***extra, size_t *nextra)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 i;

	if ((d = opendir(paths_get(PATH_RUNDIR))) == NULL)
		return (n);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || name_valid(de->d_name, NULL) ==
		    -1 || !runstate_running(de->d_name))
			continue;
		for (i = 0; i < f->cf_n; i++)
			if (strcmp(f->cf_names[i], de->d_name) == 0)
				break;
		if (i < f->cf_n)
			continue;
		*extra = xreallocarray(*extra, *nextra + 1, sizeof(**extra));
		(*extra)[*nextra] = xstrdup(de->d_name);
		*vp = xreallocarray(*vp, n + 1, sizeof(**vp));
		memset(&(*vp)[n], 0, sizeof(**vp));
		(*vp)[n].sg_name = (*extra)[(*nextra)++];
		(*vp)[n].sg_timeout = VM_STOP_TIMEOUT;
		(*vp)[n].sg_fd = -1;
		n++;
	}
	closedir(d);
	return (n);
}

/*
 * The running guests in stop order: first, together, those that do not
 * start with the host (nothing waits for them); then the autostart
 * guests in reverse start order, one group per autostart_order value.
 */
static struct stopall_guest *
stopall_list(const struct client_fleet *f, size_t *np, char ***extra,
    size_t *nextra)
{
	struct stopall_guest	*v, *tail;
	size_t			 i, j, n = 0, nfirst;
	bool			*isauto;
	int			 group = 1, last = INT_MIN;

	v = xcalloc(f->cf_n + 1, sizeof(*v));
	isauto = xcalloc(f->cf_n + 1, sizeof(*isauto));
	for (i = 0; i < f->cf_nstart; i++)
		isauto[f->cf_start[i]] = true;
	for (i = 0; i < f->cf_n; i++) {
		if (isauto[i] || !runstate_running(f->cf_v[i].ag_name))
			continue;
		v[n].sg_name = f->cf_v[i].ag_name;
		v[n].sg_timeout = f->cf_timeout[i];
		v[n].sg_fd = -1;
		n++;
	}
	nfirst = n;
	for (i = f->cf_nstart; i > 0; i--) {
		j = f->cf_start[i - 1];
		if (!runstate_running(f->cf_v[j].ag_name))
			continue;
		if (last != INT_MIN && f->cf_v[j].ag_order != last)
			group++;
		last = f->cf_v[j].ag_order;
		v[n].sg_name = f->cf_v[j].ag_name;
		v[n].sg_timeout = f->cf_timeout[j];
		v[n].sg_group = group;
		v[n].sg_fd = -1;
		n++;
	}
	free(isauto);
	/* Strays join the first group: move the autostart ones after. */
	j = n;
	n = stopall_strays(f, &v, n, extra, nextra);
	if (n > j) {
		tail = xcalloc(j - nfirst + 1, sizeof(*tail));
		memcpy(tail, v + nfirst, (j - nfirst) * sizeof(*tail));
		memmove(v + nfirst, v + j, (n - j) * sizeof(*v));
		memcpy(v + nfirst + (n - j), tail, (j - nfirst) *
		    sizeof(*tail));
		free(tail);
	}
	*np = n;
	return (v);
}

/* Print what stopall would do. */
static void
stopall_plan(const struct stopall_guest *v, size_t n, int deadline)
{
	size_t	 i;

	printf("plan for stopall (deadline %d s):\n", deadline);
	for (i = 0; i < n; i++) {
		if (i == 0 || v[i].sg_group != v[i - 1].sg_group)
			printf("  stop together:");
		printf(" %s", v[i].sg_name);
		if (i + 1 == n || v[i + 1].sg_group != v[i].sg_group)
			printf("\n");
	}
	if (n > 0)
		printf("  at the deadline: force off what still runs\n");
}

/*
 * Wait up to ms for the guest's lock to be free: its supervisor closes
 * our connection a moment before it exits and the kernel drops the lock.
 */
static bool
stopall_gone(const char *name, int ms)
{
	int64_t	 end = ev_now() + ms;

	while (runstate_running(name)) {
		if (ev_now() >= end)
			return (false);
		(void)poll(NULL, 0, 20);
	}
	return (true);
}

/*
 * Force off what still runs: a forced stop through each supervisor,
 * then, for a supervisor that does not finish in time, SIGKILL to it
 * (bhyve dies with it).  Returns how many could not be stopped.
 */
static size_t
stopall_force(struct stopall_guest *v, size_t n, int64_t t0)
{
	struct proto_resp	 resp;
	struct conf		*c;
	const char		*p;
	char			*cause = NULL;
	pid_t			 pid;
	size_t			 i, left = 0;
	int			 fd;

	for (i = 0; i < n; i++) {
		if (v[i].sg_done)
			continue;
		if (v[i].sg_fd != -1)
			close(v[i].sg_fd);
		printf("stopall: +%.1f s: forcing %s off\n",
		    (double)(ev_now() - t0) / 1000, v[i].sg_name);
		fd = client_request(v[i].sg_name, PROTO_STOP, PROTO_FORCE,
		    NULL, &resp, &cause);
		free(cause);
		cause = NULL;
		v[i].sg_fd = fd;
	}
	for (i = 0; i < n; i++) {
		if (v[i].sg_done)
			continue;
		if ((v[i].sg_fd == -1 || client_waitclose(v[i].sg_fd,
		    STOPALL_FORCE_MS) == 0) && stopall_gone(v[i].sg_name,
		    2000)) {
			v[i].sg_done = true;
			printf("%s: forced off\n", v[i].sg_name);
			continue;
		}
		/* The supervisor is stuck: kill it; bhyve dies with it. */
		c = runstate_read(v[i].sg_name);
		p = c != NULL ? conf_get(c, "supervisor_pid") : NULL;
		pid = p != NULL ? (pid_t)strtonum(p, 2, INT_MAX, NULL) : 0;
		conf_free(c);
		if (pid > 0 && kill(pid, SIGKILL) == 0)
			printf("%s: killed its supervisor (pid %d)\n",
			    v[i].sg_name, (int)pid);
		else {
			warnx("%s: could not be stopped", v[i].sg_name);
			left++;
		}
		v[i].sg_done = true;
	}
	return (left);
}

/*
 * Stop every running guest group by group: ask each guest of a group to
 * shut down (its supervisor forces it off after its stop_timeout) and
 * wait for all of them, never past the deadline; at the deadline force
 * off whatever still runs.
 */
static int
cmd_stopall_exec(struct cmd_args *ca)
{
	struct client_fleet	*f;
	struct stopall_guest	*v;
	struct proto_resp	 resp;
	const char		*errstr;
	char			*cause = NULL, **extra = NULL;
	int64_t			 t0, end, left;
	size_t			 n, i, j, nleft, nextra = 0;
	int			 deadline = STOPALL_DEADLINE, wait, rv;

	if (ca->ca_set[OPT_TIMEOUT]) {
		deadline = (int)strtonum(ca->ca_val[OPT_TIMEOUT], 1, 86400,
		    &errstr);
		if (errstr != NULL)
			errx(HYVE_EXIT_USAGE, "--timeout %s: %s (seconds, 1 "
			    "to 86400)", ca->ca_val[OPT_TIMEOUT], errstr);
	}
	f = client_fleet();
	v = stopall_list(f, &n, &extra, &nextra);
	if (ca->ca_set['n']) {
		stopall_plan(v, n, deadline);
		rv = HYVE_EXIT_OK;
		goto done;
	}
	t0 = ev_now();
	end = t0 + (int64_t)deadline * 1000;
	for (i = 0; i < n && ev_now() < end; i = j) {
		printf("stopall: +%.1f s: stopping", (double)(ev_now() - t0) /
		    1000);
		for (j = i; j < n && v[j].sg_group == v[i].sg_group; j++)
			printf(" %s", v[j].sg_name);
		printf("\n");
		fflush(stdout);
		for (j = i; j < n && v[j].sg_group == v[i].sg_group; j++) {
			v[j].sg_fd = client_request(v[j].sg_name, PROTO_STOP,
			    0, NULL, &resp, &cause);
			if (v[j].sg_fd == -1) {
				/* It stopped meanwhile, or cannot be asked. */
				v[j].sg_done = !runstate_running(v[j].sg_name);
				free(cause);
				cause = NULL;
			}
		}
		for (j = i; j < n && v[j].sg_group == v[i].sg_group; j++) {
			if (v[j].sg_fd == -1)
				continue;
			/* Its own stop_timeout, its forced stop, a margin. */
			wait = (v[j].sg_timeout + PLAN_KILL_DELAY + 5) * 1000;
			left = end - ev_now();
			if (client_waitclose(v[j].sg_fd, left < wait ?
			    (int)(left > 0 ? left : 0) : wait) == 0 &&
			    stopall_gone(v[j].sg_name, 2000)) {
				v[j].sg_done = true;
				printf("%s: stopped\n", v[j].sg_name);
			}
			close(v[j].sg_fd);
			v[j].sg_fd = -1;
		}
		fflush(stdout);
	}
	nleft = 0;
	for (i = 0; i < n; i++)
		if (!v[i].sg_done)
			nleft++;
	if (nleft > 0) {
		printf("stopall: +%.1f s: %zu guest%s still running at the "
		    "deadline (%d s)\n", (double)(ev_now() - t0) / 1000, nleft,
		    nleft == 1 ? "" : "s", deadline);
		nleft = stopall_force(v, n, t0);
	}
	printf("stopall: +%.1f s: done\n", (double)(ev_now() - t0) / 1000);
	rv = nleft > 0 ? HYVE_EXIT_ERR : HYVE_EXIT_OK;
done:
	for (i = 0; i < nextra; i++)
		free(extra[i]);
	free(extra);
	free(v);
	client_fleet_free(f);
	return (rv);
}

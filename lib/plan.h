/*
 * plan.h - what an operation will do, computed before anything is done.
 *
 * A plan is an ordered list of steps, each a command with its argv or a
 * file with its contents, computed from the guest and what is known of
 * the host.  Computing it has no side effects; "-n" prints it.  Names
 * only the host can tell (the tap "ifconfig tap create" will make, the
 * bridge of a switch) appear as hyve argv shows them: tap0, tap1... in
 * NIC order, and the bridge as <bridge of SWITCH>.
 */
#ifndef HYVE_PLAN_H
#define HYVE_PLAN_H

#include <sys/types.h>

#include <stdbool.h>
#include <stdio.h>

struct argv;
struct sysconf;
struct vm;

struct plan {
	char	**p_v;		/* one printable line per step */
	size_t	  p_n;
	size_t	  p_cap;
};

struct plan	*plan_new(void);
void		 plan_free(struct plan *);
void		 plan_add(struct plan *, const char *, ...)
		    __attribute__((__format__(__printf__, 2, 3)));
/* A "run" step for an argv. */
void		 plan_run(struct plan *, const struct argv *, const char *note);
void		 plan_print(const struct plan *, FILE *);

/* Host facts the start plan depends on. */
struct plan_facts {
	const char	*pf_iso;	/* install ISO, or NULL */
	int		 pf_vncport;
	int		 pf_vmm_exists;	/* a stale /dev/vmm/NAME */
	int		 pf_vars_exist;	/* GDIR/uefi-vars.fd is there */
	int		 pf_foreground;
	const char	*pf_rundir;	/* PATH_RUNDIR/NAME */
};

/* The plan of "hyve start" for vm. */
struct plan	*plan_start(const struct vm *, const struct sysconf *,
		    const struct plan_facts *);

/* What the state file tells of a running guest. */
struct plan_running {
	pid_t		 pr_bhyve;	/* 0 when not running */
	pid_t		 pr_loader;	/* 0 when not running */
	const char	*pr_taps;	/* space-separated, or NULL */
	const char	*pr_rundir;	/* PATH_RUNDIR/NAME */
};

enum plan_stopkind {
	PLAN_STOP,
	PLAN_RESTART,
	PLAN_RESET,
	PLAN_POWEROFF
};

/* Seconds the supervisor gives bhyve after a forced poweroff. */
#define PLAN_KILL_DELAY	5

/*
 * The plan of "hyve stop" (force: -f), "restart", "reset" or "poweroff"
 * for the running vm.
 */
struct plan	*plan_stop(const struct vm *, enum plan_stopkind, bool force,
		    const struct plan_running *);

#endif /* HYVE_PLAN_H */

/*
 * runstate.h - what a running guest leaves on the host, and its lock.
 *
 * Each guest has a runtime directory PATH_RUNDIR/NAME holding:
 *
 *	lock		flock(2)ed by the supervisor for its whole life: the
 *			guest runs exactly when this lock is held, and the
 *			kernel drops it when the process dies, so no stale
 *			lock can survive a crash;
 *	state		key=value lines the supervisor rewrites atomically
 *			(state, pids, boot count, consoles, VNC, taps), world
 *			readable so "hyve list" works for any user;
 *	control.sock	the control socket (mode 0600);
 *	bhyve.conf	the bhyve_config(5) file (mode 0600: it may hold
 *			the VNC password);
 *	console.log	everything the guest printed on COM1, bounded.
 *
 * The directories are mode 0755 and the lock and state files 0644
 * whatever the umask, so that any user can run "hyve list" and "hyve
 * info": the shared-lock probe needs only read access to the lock.  The
 * state file holds no secret (the VNC password stays in bhyve.conf).
 */
#ifndef HYVE_RUNSTATE_H
#define HYVE_RUNSTATE_H

#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>

struct conf;

/*
 * A guest's run as list, info and status show it: the lock probe and
 * the state file.  The strings point into rs_conf; runstate_clear()
 * frees it.  When no supervisor holds the lock the pids are 0 and
 * rs_state is "stopped", whatever a stale state file says.
 */
struct runstate {
	bool		 rs_running;	/* a supervisor holds the lock */
	struct conf	*rs_conf;	/* the state file, or NULL */
	const char	*rs_state;	/* starting, loader, running, ... */
	pid_t		 rs_supervisor;
	pid_t		 rs_bhyve;
	pid_t		 rs_loader;
	int64_t		 rs_started;	/* supervisor start, epoch s, or 0 */
	int64_t		 rs_bootstarted;	/* this boot's start, or 0 */
	int		 rs_boots;	/* boots so far */
	const char	*rs_vnc;	/* "ADDRESS:PORT", or NULL */
	const char	*rs_taps;	/* space-separated, or NULL */
	const char	*rs_reason;	/* why it last stopped, or NULL */
};

/* PATH_RUNDIR/NAME[/file]; caller frees. */
char		*runstate_path(const char *name, const char *file);
/*
 * Take the guest's lock (creating the directory and file).  Returns the
 * locked fd, -1 with *busy set when another process holds it, or -1
 * with *cause set on an error.
 */
int		 runstate_lock(const char *name, bool *busy, char **cause);
/* Does a live supervisor hold the guest's lock? */
bool		 runstate_running(const char *name);
/* Replace the state file atomically with text; -1 on failure. */
int		 runstate_write(const char *name, const char *text);
/* The state file, read as a conf, or NULL if there is none. */
struct conf	*runstate_read(const char *name);

/*
 * The names that have a runtime directory, read once so that "hyve
 * list" probes only the guests that ever ran.  runstate_names_free()
 * accepts NULL.
 */
struct runstate_names {
	char	**rn_v;		/* sorted */
	size_t	  rn_n;
};
struct runstate_names	*runstate_names(void);
bool		 runstate_names_has(const struct runstate_names *,
		    const char *name);
void		 runstate_names_free(struct runstate_names *);

/* Probe the lock and read the state file of guest name into rs. */
void		 runstate_get(const char *name, struct runstate *rs);
/* Free what runstate_get() allocated; rs may be zeroed. */
void		 runstate_clear(struct runstate *rs);

#endif /* HYVE_RUNSTATE_H */

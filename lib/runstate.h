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
 */
#ifndef HYVE_RUNSTATE_H
#define HYVE_RUNSTATE_H

#include <stdbool.h>

struct conf;

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

#endif /* HYVE_RUNSTATE_H */

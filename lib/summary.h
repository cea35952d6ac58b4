/*
 * summary.h - what "hyve list" and "hyve info" show of a guest.
 *
 * A summary is read fast: the guest's config as vm-bhyve reads it (no
 * model is built, so listing 1,000 guests costs 1,000 small reads, and
 * only the few values shown are kept, so memory stays small), the
 * lock probe and state file of its run (runstate.h), and, for a running
 * guest, its bhyve's (or loader's) CPU and memory use (platform.h).
 * The text and JSON forms of what list, info and status share live
 * here too, so the commands print them alike.
 *
 * Ownership: summary_load() fills a caller's struct; summary_clear()
 * frees what it holds and accepts a zeroed one.  The datastore must
 * outlive the summary.
 */
#ifndef HYVE_SUMMARY_H
#define HYVE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "runstate.h"

struct conf;
struct datastore;
struct json;

struct summary {
	const char		*su_name;	/* in su_file's allocation */
	const struct datastore	*su_ds;
	char			*su_file;	/* DSPATH/NAME/NAME.conf */
	char			*su_strings;	/* holds the next three */
	const char		*su_loader;	/* as written, or NULL */
	const char		*su_cpu;
	const char		*su_memory;
	int			 su_autostart;	/* 1, 0, -1: vm_list */
	int			 su_order;	/* autostart_order */
	bool			 su_graphics;
	struct runstate		 su_rs;
	bool			 su_haveproc;	/* su_proc was read */
	struct platform_proc	 su_proc;	/* bhyve's, else loader's */
};

/*
 * Read guest name of datastore ds, whose directory is open as dirfd
 * (datastore_entry's de_dirfd: opening NAME/NAME.conf relative to it
 * spares list the lookup of the datastore's path for every guest).
 * ran, when not NULL, holds the names
 * that have a runtime directory: the others are not probed (they never
 * ran).  Returns 0; 1 when DSPATH/NAME/NAME.conf is not a regular file
 * (no guest: a candidate of DATASTORE_UNCHECKED); or -1 with *cause set
 * when the config cannot be read, and then the summary still has its
 * name, datastore and run state.
 */
int		 summary_load(struct summary *, const char *name,
		    const struct datastore *ds, int dirfd,
		    const struct runstate_names *ran, char **cause);
void		 summary_clear(struct summary *);

/* "Running (PID)", "Bootloader (PID)", "Stopped", ... into buf. */
void		 summary_state(const struct runstate *, char *buf, size_t);
/* Seconds as "12:34:56" or "3d 12:34:56" into buf. */
void		 summary_duration(int64_t secs, char *buf, size_t);
/* Bytes as "512K", "1.5G", ... into buf. */
void		 summary_size(uint64_t bytes, char *buf, size_t);
/* Seconds the current boot has run, 0 if not running. */
int64_t		 summary_uptime(const struct runstate *);
/*
 * The members every guest object of list, info and status has: "state",
 * "running", "pids", "boots", "uptime", "started", "vnc", "reason",
 * "cpu_percent" (whole percent) and "rss" (bytes); the last two are
 * null when proc is NULL.
 */
void		 summary_json_run(struct json *, const struct runstate *,
		    const struct platform_proc *proc);

#endif /* HYVE_SUMMARY_H */

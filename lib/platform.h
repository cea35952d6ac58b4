/*
 * platform.h - the few things that differ between FreeBSD and the Linux
 * test host.
 *
 * Consoles: on FreeBSD a guest's COM port is an nmdm(4) pair; the
 * supervisor opens the B side and bhyve gets the A side.  Elsewhere
 * (the Linux test host) it is a pseudo-terminal: the supervisor keeps
 * the master and bhyve gets the slave's path.  Either way the supervisor
 * is the only reader, which is what makes the console log and several
 * viewers possible.
 */
#ifndef HYVE_PLATFORM_H
#define HYVE_PLATFORM_H

#include <sys/types.h>

#include <stdint.h>

struct platform_console {
	int	 pc_fd;		/* the supervisor's side, non-blocking */
	int	 pc_keep;	/* pty: slave held open between boots, or -1 */
	char	*pc_guestpath;	/* given to bhyve and the loader */
	char	*pc_userpath;	/* for cu(1), or NULL */
};

/* The device path bhyve gets for COM port index, as plans show it. */
char	*platform_console_name(const char *name, int index);
/*
 * Open the host side of COM port index (1-based position in comports)
 * of guest name.  Returns -1 and sets *cause on failure.
 */
int	platform_console_open(const char *name, int index,
	    struct platform_console *, char **cause);
/* Close both sides and free the paths; safe on a zeroed struct. */
void	platform_console_close(struct platform_console *);
/* In a child: die with SIGKILL when the parent (the supervisor) dies. */
void	platform_pdeathsig(void);
/* Ask the kernel not to pick this process first when memory runs out. */
void	platform_protect(void);

/* What "hyve list -v" and "hyve info" show of a process. */
struct platform_proc {
	uint64_t	 pp_rss;	/* resident memory, bytes */
	uint64_t	 pp_cpums;	/* user + system CPU time, ms */
	double		 pp_pcpu;	/* %CPU as ps(1) shows it */
	int64_t		 pp_start;	/* start time, s since the epoch */
};

/*
 * Read process pid's resources: kinfo_getproc(3) on FreeBSD (%CPU is
 * the kernel's decaying average, as ps shows), /proc/PID/stat on Linux
 * (%CPU is CPU time over the process' lifetime, as procps shows).  Any
 * user may ask.  Returns -1 when there is no such process.
 */
int	platform_proc(pid_t pid, struct platform_proc *);
/*
 * The processes holding path busy (working directory or an open file
 * at or below it), as "pid 12 (sh), ..."; NULL when none is found or
 * the system cannot tell.  Caller frees.
 */
char	*platform_holders(const char *path);

#endif /* HYVE_PLATFORM_H */

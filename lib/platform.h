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

/*
 * The processes holding path busy (working directory or an open file
 * at or below it), as "pid 12 (sh), ..."; NULL when none is found or
 * the system cannot tell.  Caller frees.
 */
char	*platform_holders(const char *path);

#endif /* HYVE_PLATFORM_H */

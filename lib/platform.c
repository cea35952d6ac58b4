/*
 * platform.c - FreeBSD and Linux differences, kept in one place.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#ifdef __FreeBSD__
#include <sys/param.h>
#include <sys/procctl.h>
#include <sys/user.h>
#include <libutil.h>
#endif
#ifdef __linux__
#include <sys/prctl.h>
#include <pty.h>
#endif

#include <stdio.h>
#include <time.h>

#include "paths.h"
#include "platform.h"
#include "xmalloc.h"

/*
 * The device bhyve is given for COM port index of guest name, as a plan
 * shows it: its nmdm(4) end on FreeBSD; elsewhere the pseudo-terminal's
 * name is only known once it is opened.
 */
char *
platform_console_name(const char *name, int index)
{
	char	*s;

#ifdef __FreeBSD__
	xasprintf(&s, "%s/nmdm-%s.%dA", paths_get(PATH_DEV), name, index);
#else
	(void)name;
	(void)index;
	s = xstrdup("/dev/pts/N");
#endif
	return (s);
}

#ifdef __FreeBSD__
/*
 * nmdm(4): opening either end creates the pair.  The name between
 * "nmdm" and the final A/B may be any string on current FreeBSD; hyve
 * uses vm-bhyve's "nmdm-NAME.NA" so both tools name consoles alike.
 */
int
platform_console_open(const char *name, int index,
    struct platform_console *pc, char **cause)
{
	struct termios	 t;

	memset(pc, 0, sizeof(*pc));
	pc->pc_fd = pc->pc_keep = -1;
	pc->pc_guestpath = platform_console_name(name, index);
	xasprintf(&pc->pc_userpath, "%s/nmdm-%s.%dB", paths_get(PATH_DEV),
	    name, index);
	pc->pc_fd = open(pc->pc_userpath, O_RDWR | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (pc->pc_fd == -1) {
		xasprintf(cause, "%s: %s (is nmdm(4) loaded?)",
		    pc->pc_userpath, strerror(errno));
		platform_console_close(pc);
		return (-1);
	}
	/*
	 * Our end is a terminal too: in its default cooked mode it would
	 * echo the guest's output back into the guest and edit lines, so
	 * make it raw, as cu(1) does with the line it opens.
	 */
	if (tcgetattr(pc->pc_fd, &t) == 0) {
		cfmakeraw(&t);
		(void)tcsetattr(pc->pc_fd, TCSANOW, &t);
	}
	return (0);
}
#else
/*
 * A pseudo-terminal.  The slave is held open by us too, so that the
 * master does not see a hang-up while bhyve restarts between boots, and
 * it is put in raw mode so no line discipline edits the guest's bytes.
 */
int
platform_console_open(const char *name, int index,
    struct platform_console *pc, char **cause)
{
	struct termios	 t;
	const char	*slave;

	memset(pc, 0, sizeof(*pc));
	pc->pc_fd = pc->pc_keep = -1;
	if (openpty(&pc->pc_fd, &pc->pc_keep, NULL, NULL, NULL) == -1 ||
	    (slave = ttyname(pc->pc_keep)) == NULL ||
	    tcgetattr(pc->pc_keep, &t) == -1) {
		xasprintf(cause, "console of %s: pseudo-terminal: %s", name,
		    strerror(errno));
		platform_console_close(pc);
		return (-1);
	}
	pc->pc_guestpath = xstrdup(slave);
	pc->pc_userpath = NULL;
	cfmakeraw(&t);
	tcsetattr(pc->pc_keep, TCSANOW, &t);
	fcntl(pc->pc_fd, F_SETFD, FD_CLOEXEC);
	fcntl(pc->pc_keep, F_SETFD, FD_CLOEXEC);
	fcntl(pc->pc_fd, F_SETFL, O_NONBLOCK);
	(void)index;
	return (0);
}
#endif

/* Close a console. */
void
platform_console_close(struct platform_console *pc)
{
	if (pc->pc_fd != -1)
		close(pc->pc_fd);
	if (pc->pc_keep != -1)
		close(pc->pc_keep);
	pc->pc_fd = pc->pc_keep = -1;
	free(pc->pc_guestpath);
	free(pc->pc_userpath);
	pc->pc_guestpath = pc->pc_userpath = NULL;
}

/* Die with the parent. */
void
platform_pdeathsig(void)
{
#if defined(__FreeBSD__)
	int	 sig = SIGKILL;

	(void)procctl(P_PID, 0, PROC_PDEATHSIG_CTL, &sig);
#elif defined(__linux__)
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
}

/* Keep the OOM killer away from the supervisor. */
void
platform_protect(void)
{
#if defined(__FreeBSD__)
	int	 flags = PPROT_SET;

	(void)procctl(P_PID, getpid(), PROC_SPROTECT, &flags);
#endif
}

#if defined(__FreeBSD__)
/*
 * kinfo_getproc(3) (libutil) returns the struct kinfo_proc of
 * sysctl(3)'s kern.proc.pid.PID: ki_rssize in pages, ki_runtime in
 * microseconds, ki_pctcpu scaled by FSCALE (ps(1)'s getpcpu()), and
 * ki_start, the time the process started.
 */
int
platform_proc(pid_t pid, struct platform_proc *pp)
{
	struct kinfo_proc	*kp;

	memset(pp, 0, sizeof(*pp));
	if (pid <= 0 || (kp = kinfo_getproc(pid)) == NULL)
		return (-1);
	pp->pp_rss = (uint64_t)kp->ki_rssize * (uint64_t)getpagesize();
	pp->pp_cpums = (uint64_t)kp->ki_runtime / 1000;
	pp->pp_pcpu = 100.0 * (double)kp->ki_pctcpu / FSCALE;
	pp->pp_start = (int64_t)kp->ki_start.tv_sec;
	free(kp);
	return (0);
}
#elif defined(__linux__)
/*
 * proc(5): /proc/PID/stat holds, after the command in parentheses,
 * utime (14th field) and stime (15th) in clock ticks, starttime (22nd)
 * in ticks after boot, and rss (24th) in pages; /proc/uptime gives the
 * seconds since boot.
 */
int
platform_proc(pid_t pid, struct platform_proc *pp)
{
	unsigned long long	 utime, stime, start;
	long			 rss, hz;
	double			 up, life;
	char			 path[64], buf[1024], *p;
	ssize_t			 n;
	int			 fd;
	FILE			*fp;

	memset(pp, 0, sizeof(*pp));
	if (pid <= 0)
		return (-1);
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return (-1);
	buf[n] = '\0';
	/* The command may hold spaces and ')': skip to the last ')'. */
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 1,
	    " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d"
	    " %*d %*d %*d %*d %llu %*u %ld", &utime, &stime, &start,
	    &rss) != 4)
		return (-1);
	if ((hz = sysconf(_SC_CLK_TCK)) <= 0)
		hz = 100;
	pp->pp_rss = rss > 0 ? (uint64_t)rss * (uint64_t)getpagesize() : 0;
	pp->pp_cpums = (utime + stime) * 1000 / (unsigned long long)hz;
	up = 0;
	if ((fp = fopen("/proc/uptime", "re")) != NULL) {
		if (fscanf(fp, "%lf", &up) != 1)
			up = 0;
		fclose(fp);
	}
	life = up - (double)start / (double)hz;
	if (up > 0) {
		pp->pp_start = (int64_t)time(NULL) - (int64_t)life;
		if (life > 0)
			pp->pp_pcpu = 100.0 * (double)(utime + stime) /
			    (double)hz / life;
	}
	return (0);
}
#else
/* No portable way: report no process information. */
int
platform_proc(pid_t pid, struct platform_proc *pp)
{
	memset(pp, 0, sizeof(*pp));
	(void)pid;
	return (-1);
}
#endif

/*
 * fh.h - what the programs of hyve's fake host share.
 *
 * A fake host is a directory $FH holding bin/ (the fake tools), dev/,
 * net/, ctl/, log/ and state/ (see fakehost.sh).  Each fake tool finds
 * $FH as the parent of the directory it runs from; nothing comes from the
 * environment, since hyve runs its tools with a clean one.
 *
 * Errors: the fh_* functions either succeed or exit through err(3); the
 * exceptions say what they return.  A fake host that is set up wrongly
 * (a bad knob, no log directory) exits FH_EXIT_BROKEN, which no real tool
 * uses, so a test cannot mistake it for the behaviour it wanted.
 */

#ifndef _FH_H_
#define	_FH_H_

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit status for a broken fake host (not a real tool's answer). */
#define	FH_EXIT_BROKEN	125

/*
 * A getopt(3) option string that stops at the first operand, as BSD's
 * getopt does: glibc's (and libbsd's bsd_getopt) permute unless told.
 */
#ifdef __GLIBC__
#define	FH_OPTS(s)	"+" s
#else
#define	FH_OPTS(s)	s
#endif

/* 14.x kernel VM_MAX_NAMELEN (32) minus the NUL. */
#define	FH_VMNAME_MAX	31

/* A VM instance, $FH/dev/vmm/NAME. */
struct fh_vmm {
	bool		 vmm_loaded;	/* prepared by a loader, not booted */
	uint64_t	 vmm_memory;	/* guest memory in bytes */
	bool		 vmm_wired;	/* memory wired (-S) */
	pid_t		 vmm_pid;	/* bhyve running it, or 0 */
};

/* A loader run (bhyveload, grub-bhyve) once its options are checked. */
struct fh_loader {
	const char	*fl_name;	/* VM name */
	const char	*fl_cons;	/* console tty, NULL for stdio */
	uint64_t	 fl_memory;
	bool		 fl_wired;
	const char	*fl_banner;	/* printed on the console on success */
};

/*
 * Find $FH from argv[0], remember tool as the program's name and append
 * "tool arg1 arg2 ..." to $FH/log/calls.
 */
void		 fh_init(int, char *[], const char *);
/* $FH. */
const char	*fh_root(void);
/* "$FH/" followed by the formatted string; the caller frees it. */
char		*fh_path(const char *, ...) __attribute__((__format__(
		    __printf__, 1, 2)));

/* Allocators that exit on failure. */
void		*fh_xmalloc(size_t);
void		*fh_xrealloc(void *, size_t);
char		*fh_xstrdup(const char *);
char		*fh_xasprintf(const char *, ...) __attribute__((__format__(
		    __printf__, 1, 2)));

/*
 * The knob $FH/ctl/VM.KIND, without trailing white space, in an
 * allocated string the caller frees; NULL when there is none.
 */
char		*fh_knob(const char *, const char *);
/* Exit FH_EXIT_BROKEN: the knob VM.KIND holds a value no tool knows. */
void		 fh_knob_bad(const char *, const char *, const char *)
		    __attribute__((__noreturn__));

/* Take the lock $FH/state/NAME.lock (flock, blocking); returns its fd. */
int		 fh_lock(const char *);
void		 fh_unlock(int);
/*
 * Read a whole file into a NUL-terminated allocated string; NULL with
 * errno set when it cannot be read.
 */
char		*fh_readfile(const char *);
/* Replace path atomically (a temporary file in $FH/state, rename(2)). */
void		 fh_writefile(const char *, const char *);
/* strerror(3) in FreeBSD's words where glibc's differ. */
const char	*fh_strerror(int);
/* Whether pid is a live process (not a zombie). */
bool		 fh_alive(pid_t);
/* Whether name is a VM name the kernel takes ([A-Za-z0-9._-], <= 31). */
bool		 fh_vmname_ok(const char *);
/* Whether a config boolean is true (true/on/yes/1, any case). */
bool		 fh_booltrue(const char *);

/* The instance NAME; returns -1 with errno ENOENT when there is none. */
int		 fh_vmm_read(const char *, struct fh_vmm *);
void		 fh_vmm_write(const char *, const struct fh_vmm *);

/* Finish a loader run as bhyveload does: never returns. */
void		 fh_loader_run(const struct fh_loader *)
		    __attribute__((__noreturn__));

#endif /* !_FH_H_ */

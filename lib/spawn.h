/*
 * spawn.h - running other programs: fork, a clean child, execv.
 *
 * Every command is an argv whose first word is an absolute path (from
 * paths.h); nothing goes through a shell or a PATH search.  The child
 * gets stdin/stdout/stderr as given (-1 means /dev/null), every other
 * descriptor closed, default signal handling, an empty signal mask and
 * a fixed environment (or, with SPAWN_KEEPENV, the caller's: only for
 * the administrator's own programs, such as $EDITOR, which need TERM
 * and HOME).
 */
#ifndef HYVE_SPAWN_H
#define HYVE_SPAWN_H

#include <sys/types.h>

struct argv;

#define SPAWN_SETSID	0x1	/* child leads a new session */
#define SPAWN_PDEATH	0x2	/* child is killed if the caller dies */
#define SPAWN_KEEPENV	0x4	/* child keeps the caller's environment */

/*
 * What spawn_runx() may change about the child: its environment (NULL:
 * the fixed one), its working directory (NULL: ours) and SPAWN_* flags.
 * With SPAWN_SETSID a timeout kills the child's whole process group, so
 * a script cannot leave a grandchild running.
 */
struct spawn_opts {
	char *const	*so_env;
	const char	*so_dir;
	int		 so_flags;
};

/*
 * Start a child.  Returns its pid, or -1 with *cause set (caller frees)
 * when it cannot even be started; a failed execv is reported by the
 * child exiting 127 after printing why on its stderr.
 */
pid_t	spawn_start(const struct argv *, int in, int out, int err,
	    int flags, char **cause);

/*
 * Run a child to completion, collecting what it writes on stdout and
 * stderr (together, up to 64 KiB) into *output (caller frees; may be
 * NULL).  It is killed after timeout_ms (0: no limit).  Returns its
 * exit status (128 + signal number if killed), or -1 with *cause set.
 */
int	spawn_run(const struct argv *, char **output, int timeout_ms,
	    char **cause);

/* spawn_run() with the environment, directory and flags of opts. */
int	spawn_runx(const struct argv *, const struct spawn_opts *,
	    char **output, int timeout_ms, char **cause);

/*
 * Run a child to completion with stdin in and stdout out (-1:
 * /dev/null; a stream runs with no time limit), collecting what it
 * writes on stderr (up to 64 KiB) into *errout (caller frees; may be
 * NULL).  Returns 0 with *status set to its wait(2) status, or -1 with
 * *cause set.
 */
int	spawn_stream(const struct argv *, int in, int out, char **errout,
	    int *status, char **cause);

/* Describe a wait(2) status: "exited 3", "killed by signal 9". */
const char *spawn_status(int status, char *buf, size_t len);

#endif /* HYVE_SPAWN_H */

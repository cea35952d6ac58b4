/*
 * supervise.h - the per-guest supervisor.
 *
 * One supervisor runs for each running guest (design.md §1.3).  It
 * holds the guest's lock for its whole life, plugs the guest's taps in,
 * runs the loader and bhyve in a loop and decides from bhyve's exit
 * status whether to boot again, keeps the serial consoles (a bounded
 * console.log, several viewers), answers control requests on a UNIX
 * socket, stops the guest gracefully with a timeout and then by force,
 * and cleans up however the guest ended.  Everything happens in one
 * poll(2) loop; an idle supervisor sleeps.
 *
 * The state machine:
 *
 *	STARTING --> LOADER --> RUNNING --> (bhyve exits) --+--> STOPPED
 *	                ^          |                        |
 *	                +----------+--- reboot / restart ---+
 *
 * with STOPPING entered from LOADER or RUNNING by a stop request.
 */
#ifndef HYVE_SUPERVISE_H
#define HYVE_SUPERVISE_H

#include <sys/queue.h>
#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "hook.h"
#include "model.h"
#include "platform.h"

struct argv;
struct buf;
struct ev_loop;
struct guest;

enum sv_state {
	SV_STARTING,
	SV_LOADER,
	SV_RUNNING,
	SV_STOPPING,
	SV_STOPPED
};

enum sv_child {
	SV_CHILD_NONE,
	SV_CHILD_LOADER,
	SV_CHILD_BHYVE
};

/* Bytes of each console kept in memory to replay to a new viewer. */
#define SV_RING		(16 * 1024)
/* A viewer further behind than this is dropped, not waited for. */
#define SV_CLIENT_MAXOUT (256 * 1024)

struct sv_console {
	struct platform_console	 co_pc;
	const char		*co_port;	/* "com1" (from the model) */
	char			 co_ring[SV_RING];
	size_t			 co_head;	/* next byte written here */
	size_t			 co_len;	/* bytes held, <= SV_RING */
};

struct sv_client {
	int			 cl_fd;
	unsigned char		 cl_in[128];	/* the request, as it arrives */
	size_t			 cl_inlen;
	uint32_t		 cl_type;	/* 0 until the request is read */
	int			 cl_port;	/* console, for PROTO_ATTACH */
	struct buf		*cl_out;	/* waiting to be written */
	TAILQ_ENTRY(sv_client)	 cl_entry;
};
TAILQ_HEAD(sv_clients, sv_client);

struct sv {
	struct guest		*sv_g;
	const struct vm		*sv_vm;
	const char		*sv_name;
	struct ev_loop		*sv_loop;
	enum sv_state		 sv_state;
	int			 sv_lockfd;
	int			 sv_readyfd;	/* to "hyve start", or -1 */
	bool			 sv_foreground;

	/* The child of the moment and what it is. */
	pid_t			 sv_pid;
	enum sv_child		 sv_child;
	int			 sv_errfd;	/* its stderr, or -1 */
	struct buf		*sv_errtext;	/* what it said there */
	int			 sv_debugfd;	/* GDIR/bhyve.log, or -1 */

	/* Counters and policy. */
	int			 sv_boots;
	time_t			 sv_started;
	time_t			 sv_bootstarted;
	int64_t			*sv_faults;	/* times of recent faults */
	int			 sv_nfaults;
	bool			 sv_stopreq;	/* a stop was asked for */
	bool			 sv_forced;	/* ... by force */
	bool			 sv_restart;	/* boot again after stopping */
	bool			 sv_poweroff;	/* bhyvectl poweroff sent */
	bool			 sv_ran;	/* bhyve was started once */
	uint64_t		 sv_stoptimer;
	uint64_t		 sv_killtimer;
	uint64_t		 sv_readytimer;
	int			 sv_exitcode;
	char			 sv_reason[256];
	char			*sv_iso;	/* first boot only */

	/* Host resources. */
	struct sv_console	 sv_cons[VM_MAXCOMPORTS];
	int			 sv_ncons;
	char			*sv_backends[VM_MAXNICS];	/* bhyve's */
	char			*sv_ifnames[VM_MAXNICS];	/* taps, or NULL */
	bool			 sv_tapmade[VM_MAXNICS];
	struct argv		*sv_unplug[VM_MAXNICS];	/* existing devices */
	int			 sv_vncport;
	int			 sv_logfd;	/* console.log of the first port */
	size_t			 sv_logsize;
	char			*sv_logpath;
	int			 sv_eventfd;	/* GDIR/hyve.log */
	char			*sv_confpath;	/* the bhyve config file */

	/* Control socket. */
	int			 sv_ctlfd;
	char			*sv_ctlpath;
	struct sv_clients	 sv_clients;
};

/*
 * Run the supervisor for g until the guest stops; returns the exit
 * status for the process.  lockfd is the guest's held lock; readyfd, if
 * not -1, gets one line "ok MESSAGE" or "error MESSAGE" once the guest
 * runs or has failed to start, and is then closed.  iso is the install
 * ISO for the first boot, or NULL.
 */
int	sv_main(struct guest *g, int lockfd, int readyfd, const char *iso,
	    bool foreground);

/* Host commands (bhyvectl, ifconfig) must not hang the loop. */
#define SV_CMD_MS	30000

/* supervise.c */
void	sv_log(struct sv *, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
/*
 * Run a host command to completion (SV_CMD_MS at most), logging it and,
 * when it fails, why.  *output (may be NULL) gets what it printed
 * (caller frees).  Returns its exit status, or -1.
 */
int	sv_run(struct sv *, struct argv *, char **output);
void	sv_writestate(struct sv *);
void	sv_stop(struct sv *, bool force, bool restart);
void	sv_reset(struct sv *, bool poweroff, char *msg, size_t len);
const char *sv_statename(enum sv_state);

/* console.c */
int	sv_console_open(struct sv *, char **cause);
void	sv_console_close(struct sv *);
void	sv_console_input(struct sv *, int port, const void *, size_t);
void	sv_console_replay(struct sv *, int port, struct buf *);
void	sv_console_reopenlog(struct sv *);

/* control.c */
int	sv_control_open(struct sv *, char **cause);
void	sv_control_close(struct sv *);
void	sv_control_output(struct sv *, int port, const void *, size_t);

/* hook.c */
int	sv_hook(struct sv *, enum hook_kind, char *msg, size_t len);

/* setup.c */
int	sv_setup_net(struct sv *, char **cause);
void	sv_teardown_net(struct sv *);

#endif /* HYVE_SUPERVISE_H */

/*
 * supervise.c - the supervisor's state machine and boot loop.
 */
#include "compat.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "bhyve.h"
#include "buf.h"
#include "conf.h"
#include "diag.h"
#include "event.h"
#include "guest.h"
#include "hostconf.h"
#include "paths.h"
#include "plan.h"
#include "runstate.h"
#include "slots.h"
#include "spawn.h"
#include "supervise.h"
#include "xmalloc.h"

/* A bhyve alive this long after exec counts as started. */
#define SV_READY_MS	300
/* A loader still running after this long: "hyve start" returns. */
#define SV_LOADER_READY_MS 5000
/* After a forced poweroff, how long before SIGKILL (as plans say). */
#define SV_KILL_MS	(PLAN_KILL_DELAY * 1000)

static void	sv_boot(struct sv *);
static void	sv_finish(struct sv *);

static const char *const sv_statenames[] = {
	[SV_STARTING] = "starting",
	[SV_LOADER] = "loader",
	[SV_RUNNING] = "running",
	[SV_STOPPING] = "stopping",
	[SV_STOPPED] = "stopped",
};

/* The name of a state, as the state file and hyve status show it. */
const char *
sv_statename(enum sv_state s)
{
	return (sv_statenames[s]);
}

/*
 * Append a line to the guest's event log, GDIR/hyve.log, with an
 * ISO 8601 time stamp like vm-bhyve's log ("2025-01-02T03:04:05+00:00").
 */
void
sv_log(struct sv *sv, const char *fmt, ...)
{
	struct buf	*b;
	struct tm	 tm;
	va_list		 ap;
	time_t		 now;
	char		 stamp[64], *msg;
	size_t		 n;
	ssize_t		 w;

	if (sv->sv_eventfd == -1)
		return;
	now = time(NULL);
	localtime_r(&now, &tm);
	n = strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", &tm);
	/* strftime's %z is +hhmm; FreeBSD's date -Iseconds prints +hh:mm. */
	if (n >= 5 && n + 2 < sizeof(stamp)) {
		memmove(stamp + n - 1, stamp + n - 2, 3);
		stamp[n - 2] = ':';
	}
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	b = buf_new();
	buf_addf(b, "%s: %s\n", stamp, msg);
	w = write(sv->sv_eventfd, b->b_data, b->b_len);
	(void)w;
	buf_free(b);
	free(msg);
}

/* Rewrite the state file from the supervisor's state. */
void
sv_writestate(struct sv *sv)
{
	const struct vm	*vm = sv->sv_vm;
	struct buf	*b;
	int		 i;

	b = buf_new();
	buf_addf(b, "state=\"%s\"\n", sv_statename(sv->sv_state));
	buf_addf(b, "supervisor_pid=\"%d\"\n", (int)getpid());
	buf_addf(b, "bhyve_pid=\"%d\"\n", sv->sv_child == SV_CHILD_BHYVE ?
	    (int)sv->sv_pid : 0);
	buf_addf(b, "loader_pid=\"%d\"\n", sv->sv_child == SV_CHILD_LOADER ?
	    (int)sv->sv_pid : 0);
	buf_addf(b, "started=\"%lld\"\n", (long long)sv->sv_started);
	buf_addf(b, "boot_started=\"%lld\"\n", (long long)sv->sv_bootstarted);
	buf_addf(b, "boots=\"%d\"\n", sv->sv_boots);
	for (i = 0; i < sv->sv_ncons; i++)
		buf_addf(b, "console%d=\"%s %s\"\n", i, sv->sv_cons[i].co_port,
		    sv->sv_cons[i].co_pc.pc_userpath != NULL ?
		    sv->sv_cons[i].co_pc.pc_userpath :
		    sv->sv_cons[i].co_pc.pc_guestpath);
	if (vm->vm_graphics && sv->sv_vncport > 0)
		buf_addf(b, "vnc=\"%s:%d\"\n", vm->vm_graphics_listen,
		    sv->sv_vncport);
	buf_adds(b, "taps=\"");
	for (i = 0; i < vm->vm_nnics; i++)
		if (sv->sv_tapmade[i])
			buf_addf(b, "%s%s", b->b_data[b->b_len - 1] == '"' ?
			    "" : " ", sv->sv_ifnames[i]);
	buf_adds(b, "\"\n");
	buf_addf(b, "reason=\"%s\"\n", sv->sv_reason);
	if (runstate_write(sv->sv_name, b->b_data) == -1)
		sv_log(sv, "cannot write the state file: %s", strerror(errno));
	buf_free(b);
}

/*
 * Record why the guest is (about to be) stopped or restarted.  The text
 * goes into the state file, so characters its reader treats specially
 * are replaced.
 */
static void
sv_setreason(struct sv *sv, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
static void
sv_setreason(struct sv *sv, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	vsnprintf(sv->sv_reason, sizeof(sv->sv_reason), fmt, ap);
	va_end(ap);
	for (p = sv->sv_reason; *p != '\0'; p++)
		if (*p == '"' || *p == '#' || *p == '\n' || *p == '\r')
			*p = '\'';
}

/* Tell "hyve start" how the start went, once. */
static void
sv_ready(struct sv *sv, bool ok, const char *msg)
{
	char	*line;
	ssize_t	 n;

	if (sv->sv_readytimer != 0) {
		ev_timer_del(sv->sv_loop, sv->sv_readytimer);
		sv->sv_readytimer = 0;
	}
	if (sv->sv_readyfd == -1)
		return;
	xasprintf(&line, "%s %s\n", ok ? "ok" : "error", msg);
	n = write(sv->sv_readyfd, line, strlen(line));
	(void)n;
	free(line);
	close(sv->sv_readyfd);
	sv->sv_readyfd = -1;
}

/* Run a host command to completion from the supervisor, logging it. */
int
sv_run(struct sv *sv, struct argv *a, char **output)
{
	char	*cmd, *out = NULL, *cause = NULL;
	int	 rv;

	cmd = argv_string(a);
	sv_log(sv, "run %s", cmd);
	rv = spawn_run(a, &out, SV_CMD_MS, &cause);
	if (rv == -1)
		sv_log(sv, "%s: %s", cmd, cause);
	else if (rv != 0)
		sv_log(sv, "%s: exited %d: %s", cmd, rv, out != NULL ? out :
		    "");
	free(cmd);
	free(cause);
	if (output != NULL)
		*output = out;
	else
		free(out);
	return (rv);
}

/* Run bhyvectl --vm=NAME ACTION. */
static int
sv_bhyvectl(struct sv *sv, const char *action)
{
	struct argv	*a;
	int		 rv;

	a = argv_new();
	argv_add(a, paths_get(PATH_BHYVECTL));
	argv_addf(a, "--vm=%s", sv->sv_name);
	argv_add(a, action);
	rv = sv_run(sv, a, NULL);
	argv_free(a);
	return (rv);
}

/* Does the kernel hold a VM instance of this name (/dev/vmm/NAME)? */
static bool
sv_vmm_exists(struct sv *sv)
{
	struct stat	 st;
	char		*path;
	bool		 rv;

	xasprintf(&path, "%s/%s", paths_get(PATH_DEV_VMM), sv->sv_name);
	rv = stat(path, &st) == 0;
	free(path);
	return (rv);
}

/* Gather what the child writes on stderr. */
static void
sv_childerr(int fd, short revents, void *arg)
{
	struct sv	*sv = arg;
	char		 chunk[1024];
	ssize_t		 n, w;

	n = read(fd, chunk, sizeof(chunk));
	if (n <= 0) {
		ev_fd_del(sv->sv_loop, fd);
		close(fd);
		sv->sv_errfd = -1;
		return;
	}
	if (sv->sv_errtext->b_len < 8192)
		buf_add(sv->sv_errtext, chunk, (size_t)n);
	if (sv->sv_debugfd != -1) {
		w = write(sv->sv_debugfd, chunk, (size_t)n);
		(void)w;
	}
}

/* Start a child with stderr on a pipe the loop reads. */
static int
sv_spawn(struct sv *sv, struct argv *a, enum sv_child kind)
{
	char	*cmd, *cause = NULL;
	int	 p[2], in = -1, out = -1;

	if (pipe(p) == -1) {
		sv_setreason(sv, "pipe: %s", strerror(errno));
		return (-1);
	}
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	buf_reset(sv->sv_errtext);
	/* In the foreground the first COM port is bhyve's own stdio. */
	if (sv->sv_foreground) {
		in = STDIN_FILENO;
		out = STDOUT_FILENO;
	}
	cmd = argv_string(a);
	sv_log(sv, "%s %s", kind == SV_CHILD_LOADER ? "loader:" : "bhyve:",
	    cmd);
	free(cmd);
	/*
	 * SPAWN_PDEATH: if the supervisor is killed, bhyve dies with it
	 * instead of running on unsupervised; the next start then finds
	 * the stale VM instance and destroys it.
	 */
	sv->sv_pid = spawn_start(a, in, out, p[1], SPAWN_PDEATH, &cause);
	close(p[1]);
	if (sv->sv_pid == -1) {
		close(p[0]);
		sv_setreason(sv, "%s", cause);
		free(cause);
		return (-1);
	}
	sv->sv_child = kind;
	sv->sv_errfd = p[0];
	ev_fd(sv->sv_loop, p[0], POLLIN, sv_childerr, sv);
	return (0);
}

/*
 * Remove the virtio-console sockets GDIR/vtcon.PORT: bhyve creates them
 * and leaves them behind when it exits (bhyve(8)), and refuses to start
 * on a stale one.
 */
static void
sv_rmvtcon(struct sv *sv)
{
	const struct vm	*vm = sv->sv_vm;
	char		*path;
	int		 i;

	for (i = 0; i < vm->vm_nconsoles; i++) {
		xasprintf(&path, "%s/vtcon.%s", vm->vm_dir, vm->vm_consoles[i]);
		(void)unlink(path);
		free(path);
	}
}

/* The facts of this boot for the emitter. */
static void
sv_runfacts(struct sv *sv, struct bhyve_run *run, char **coms)
{
	int	 i;

	memset(run, 0, sizeof(*run));
	for (i = 0; i < sv->sv_ncons; i++)
		coms[i] = sv->sv_cons[i].co_pc.pc_guestpath;
	run->br_backends = sv->sv_backends;
	run->br_comdevs = coms;
	run->br_vncport = sv->sv_vncport;
	run->br_iso = sv->sv_iso;
	run->br_boot = sv->sv_boots;
	run->br_foreground = sv->sv_foreground;
}

/* Write a file the loader or bhyve reads, mode 0600, atomically. */
static int
sv_writefile(struct sv *sv, const char *path, const char *text)
{
	struct conf	*c;
	char		*cause = NULL;
	int		 rv;

	c = conf_parse(path, text, strlen(text), &cause);
	if (c != NULL) {
		c->c_mode = 0600;
		rv = conf_save(c, &cause);
		conf_free(c);
	} else
		rv = -1;
	if (rv == -1) {
		sv_setreason(sv, "%s", cause);
		free(cause);
	}
	return (rv);
}

/* bhyve has run long enough to count as started. */
static void
sv_readytimeout(void *arg)
{
	struct sv	*sv = arg;

	sv->sv_readytimer = 0;
	if (sv->sv_state == SV_LOADER)
		sv_ready(sv, true, "started; the guest is in its loader");
	else
		sv_ready(sv, true, "started");
}

/* Start bhyve for this boot. */
static void
sv_startbhyve(struct sv *sv)
{
	const struct vm		*vm = sv->sv_vm;
	struct bhyve_run	 run;
	struct slot_opts	 so;
	struct slots		*s;
	struct argv		*a;
	struct diag		*d;
	char			*coms[VM_MAXCOMPORTS + 1], *text, msg[512];
	int			 rv;

	sv_runfacts(sv, &run, coms);
	bhyve_slotopts(vm, &run, &so);
	d = diag_new(sv->sv_name, NULL);
	if ((s = slots_assign(vm, &so, d)) == NULL) {
		sv_setreason(sv, "%s", d->d_n > 0 ? d->d_v[0].de_text :
		    "no PCI layout");
		diag_free(d);
		sv_finish(sv);
		return;
	}
	diag_free(d);
	text = bhyve_config(vm, s, &run);
	slots_free(s);
	rv = sv_writefile(sv, sv->sv_confpath, text);
	free(text);
	sv_rmvtcon(sv);
	if (rv == -1) {
		sv_finish(sv);
		return;
	}
	a = bhyve_kargv(vm, sv->sv_confpath);
	rv = sv_spawn(sv, a, SV_CHILD_BHYVE);
	argv_free(a);
	if (rv == -1) {
		sv_finish(sv);
		return;
	}
	sv->sv_state = sv->sv_stopreq ? SV_STOPPING : SV_RUNNING;
	sv->sv_ran = true;
	sv_log(sv, "starting bhyve (run %d)", sv->sv_boots);
	sv_writestate(sv);
	if (sv->sv_readyfd != -1) {
		if (sv->sv_readytimer != 0)
			ev_timer_del(sv->sv_loop, sv->sv_readytimer);
		sv->sv_readytimer = ev_timer(sv->sv_loop, SV_READY_MS,
		    sv_readytimeout, sv);
	}
	/* The guest runs whatever poststart says: it only reports. */
	(void)sv_hook(sv, HOOK_POSTSTART, msg, sizeof(msg));
}

/* Boot once: destroy a stale VM instance, run the loader, then bhyve. */
static void
sv_boot(struct sv *sv)
{
	const struct vm		*vm = sv->sv_vm;
	struct bhyve_loader	*bl;
	struct bhyve_run	 run;
	char			*coms[VM_MAXCOMPORTS + 1], msg[512];
	int			 rv = 0;

	sv->sv_boots++;
	sv->sv_bootstarted = time(NULL);
	/*
	 * A VM instance left by an earlier boot, or by a supervisor that
	 * was killed, must go before the loader runs: bhyveload would
	 * reuse it.  We hold the lock, so it is no one else's.  UEFI
	 * guests reboot on the same instance, as vm-bhyve does.
	 */
	if (sv_vmm_exists(sv) && (vm->vm_loader != LOADER_UEFI ||
	    sv->sv_boots == 1)) {
		if (sv->sv_boots == 1)
			sv_log(sv, "destroying the stale VM instance left by "
			    "an earlier run");
		if (sv_bhyvectl(sv, "--destroy") != 0) {
			sv_setreason(sv, "cannot destroy the stale VM "
			    "instance %s/%s", paths_get(PATH_DEV_VMM),
			    sv->sv_name);
			sv_finish(sv);
			return;
		}
	}
	/*
	 * prestart runs before every boot while the guest is fully down,
	 * where vm-bhyve runs it; unlike vm-bhyve, its failure is final.
	 */
	sv->sv_state = SV_STARTING;
	if (sv_hook(sv, HOOK_PRESTART, msg, sizeof(msg)) == -1) {
		sv_setreason(sv, "%s", msg);
		sv_finish(sv);
		return;
	}
	if (vm->vm_loader == LOADER_UEFI) {
		sv_startbhyve(sv);
		return;
	}
	sv_runfacts(sv, &run, coms);
	bl = bhyve_loader(vm, &run);
	if (bl->bl_devmap != NULL)
		rv = sv_writefile(sv, bl->bl_devmap_path, bl->bl_devmap);
	if (rv == 0 && bl->bl_grubcfg != NULL)
		rv = sv_writefile(sv, bl->bl_grubcfg_path, bl->bl_grubcfg);
	if (rv == 0)
		rv = sv_spawn(sv, bl->bl_argv, SV_CHILD_LOADER);
	bhyve_loader_free(bl);
	if (rv == -1) {
		sv_finish(sv);
		return;
	}
	sv->sv_state = SV_LOADER;
	sv_writestate(sv);
	if (sv->sv_readyfd != -1 && sv->sv_readytimer == 0)
		sv->sv_readytimer = ev_timer(sv->sv_loop, SV_LOADER_READY_MS,
		    sv_readytimeout, sv);
}

/* The last line of what the child wrote on stderr, for messages. */
static const char *
sv_lasterr(struct sv *sv, char *buf, size_t len)
{
	char	*end, *start;

	snprintf(buf, len, "%s", sv->sv_errtext->b_data);
	end = buf + strlen(buf);
	while (end > buf && (end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	start = strrchr(buf, '\n');
	return (start != NULL ? start + 1 : buf);
}

/*
 * A fault (bhyve exit 3 or more, or killed by a signal): apply on_fault,
 * but never spin: more than fault_limit faults within fault_window
 * seconds stop the guest.  Returns true to boot again.
 */
static bool
sv_fault(struct sv *sv, const char *what)
{
	const struct vm	*vm = sv->sv_vm;
	int64_t		 now = ev_now(), horizon;
	int		 i, j;

	if (strcmp(vm->vm_on_fault, "restart") != 0) {
		sv_setreason(sv, "%s (on_fault=%s)", what, vm->vm_on_fault);
		return (false);
	}
	horizon = now - (int64_t)vm->vm_fault_window * 1000;
	for (i = j = 0; i < sv->sv_nfaults; i++)
		if (sv->sv_faults[i] >= horizon)
			sv->sv_faults[j++] = sv->sv_faults[i];
	sv->sv_nfaults = j;
	sv->sv_faults = xreallocarray(sv->sv_faults,
	    (size_t)sv->sv_nfaults + 1, sizeof(*sv->sv_faults));
	sv->sv_faults[sv->sv_nfaults++] = now;
	if (sv->sv_nfaults > vm->vm_fault_limit) {
		sv_setreason(sv, "%s: %d faults within %d s, not restarting "
		    "(fault_limit=%d)", what, sv->sv_nfaults,
		    vm->vm_fault_window, vm->vm_fault_limit);
		return (false);
	}
	sv_log(sv, "%s; restarting (on_fault=restart, fault %d of %d "
	    "allowed within %d s)", what, sv->sv_nfaults, vm->vm_fault_limit,
	    vm->vm_fault_window);
	return (true);
}

/* bhyve has exited: decide from its status what comes next. */
static void
sv_bhyve_exited(struct sv *sv, int status)
{
	const struct vm	*vm = sv->sv_vm;
	char		 what[128], err[512];
	const char	*last;
	bool		 again = false;
	int		 code = -1;

	spawn_status(status, what, sizeof(what));
	sv_log(sv, "bhyve %s", what);
	sv_rmvtcon(sv);
	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	sv->sv_exitcode = code >= 0 ? code : 128 + WTERMSIG(status);
	last = sv_lasterr(sv, err, sizeof(err));

	/* It died before it counted as started: "hyve start" fails. */
	if (sv->sv_readyfd != -1 && sv->sv_boots == 1 && code != 0) {
		sv_setreason(sv, "bhyve %s%s%s", what, *last ? ": " : "",
		    last);
		sv_finish(sv);
		return;
	}
	if (sv->sv_stopreq) {
		again = sv->sv_restart;
		sv_setreason(sv, "%s", sv->sv_restart ? "restarted" :
		    sv->sv_forced ? "forced off on request" :
		    "stopped on request");
		sv->sv_stopreq = sv->sv_restart = sv->sv_forced = false;
		sv->sv_poweroff = false;
	} else if (code == 0) {
		again = strcmp(vm->vm_on_restart, "restart") == 0;
		sv_setreason(sv, again ? "guest rebooted" : "guest rebooted; "
		    "on_restart=%s", vm->vm_on_restart);
	} else if (code == 1) {
		sv_setreason(sv, "guest powered off");
	} else if (code == 2) {
		sv_setreason(sv, "guest halted");
	} else {
		snprintf(what, sizeof(what), code == 3 ? "triple fault "
		    "(bhyve exit 3)" : code > 0 ? "bhyve error (exit %d)" :
		    "bhyve killed by signal %d", code > 0 ? code :
		    WTERMSIG(status));
		again = sv_fault(sv, what);
	}
	if (sv->sv_stoptimer != 0) {
		ev_timer_del(sv->sv_loop, sv->sv_stoptimer);
		sv->sv_stoptimer = 0;
	}
	if (sv->sv_killtimer != 0) {
		ev_timer_del(sv->sv_loop, sv->sv_killtimer);
		sv->sv_killtimer = 0;
	}
	if (!again) {
		sv_finish(sv);
		return;
	}
	/* The install ISO is for the first boot only. */
	free(sv->sv_iso);
	sv->sv_iso = NULL;
	sv_log(sv, "%s; restarting", sv->sv_reason);
	sv_boot(sv);
}

/* The loader has exited. */
static void
sv_loader_exited(struct sv *sv, int status)
{
	char	 what[128], err[512];

	spawn_status(status, what, sizeof(what));
	if (sv->sv_stopreq) {
		sv_setreason(sv, "stopped in the loader");
		if (sv->sv_restart) {
			sv->sv_stopreq = sv->sv_restart = false;
			sv_boot(sv);
			return;
		}
		sv_finish(sv);
		return;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		sv_setreason(sv, "loader %s%s%s", what,
		    *sv_lasterr(sv, err, sizeof(err)) ? ": " : "",
		    sv_lasterr(sv, err, sizeof(err)));
		sv_finish(sv);
		return;
	}
	sv_startbhyve(sv);
}

/* SIGCHLD: reap every child that has exited. */
static void
sv_sigchld(void *arg)
{
	struct sv	*sv = arg;
	enum sv_child	 kind;
	pid_t		 pid;
	int		 status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != sv->sv_pid)
			continue;
		kind = sv->sv_child;
		sv->sv_pid = -1;
		sv->sv_child = SV_CHILD_NONE;
		/* Drain what it said before it went. */
		if (sv->sv_errfd != -1)
			sv_childerr(sv->sv_errfd, POLLIN, sv);
		if (kind == SV_CHILD_BHYVE)
			sv_bhyve_exited(sv, status);
		else
			sv_loader_exited(sv, status);
	}
}

/* The graceful stop took too long: force it. */
static void
sv_stoptimeout(void *arg)
{
	struct sv	*sv = arg;

	sv->sv_stoptimer = 0;
	sv_log(sv, "no shutdown after %d s (stop_timeout); forcing",
	    sv->sv_vm->vm_stop_timeout);
	sv_stop(sv, true, sv->sv_restart);
}

/* The child ignored everything gentler: kill it. */
static void
sv_killtimeout(void *arg)
{
	struct sv	*sv = arg;

	sv->sv_killtimer = 0;
	if (sv->sv_pid > 0) {
		sv_log(sv, "killing pid %d", (int)sv->sv_pid);
		kill(sv->sv_pid, SIGKILL);
	}
}

/*
 * Stop the guest: SIGTERM to bhyve (the ACPI power button) and a
 * stop_timeout, or by force at once (bhyvectl --force-poweroff, then
 * SIGKILL if bhyve still lingers).  A guest in its loader is stopped by
 * killing the loader.  With restart, the guest boots again afterwards.
 */
void
sv_stop(struct sv *sv, bool force, bool restart)
{
	char	 msg[512];
	bool	 first;

	if (sv->sv_state == SV_STOPPED)
		return;
	sv->sv_restart = restart;
	if (sv->sv_stopreq && (!force || sv->sv_forced))
		return;
	first = !sv->sv_stopreq;
	sv->sv_stopreq = true;
	sv->sv_forced = force;
	sv_log(sv, "%s requested%s", restart ? "restart" : "stop",
	    force ? " (forced)" : "");
	if (sv->sv_child == SV_CHILD_NONE) {
		if (sv->sv_state != SV_STOPPED && !restart)
			sv_finish(sv);
		return;
	}
	sv->sv_state = SV_STOPPING;
	sv_writestate(sv);
	/* Once per stop, before the guest hears of it; it only reports. */
	if (first)
		(void)sv_hook(sv, HOOK_PRESTOP, msg, sizeof(msg));
	if (sv->sv_child == SV_CHILD_LOADER) {
		kill(sv->sv_pid, force ? SIGKILL : SIGTERM);
		if (sv->sv_killtimer == 0)
			sv->sv_killtimer = ev_timer(sv->sv_loop, SV_KILL_MS,
			    sv_killtimeout, sv);
		return;
	}
	if (!force) {
		kill(sv->sv_pid, SIGTERM);
		sv->sv_stoptimer = ev_timer(sv->sv_loop,
		    (int64_t)sv->sv_vm->vm_stop_timeout * 1000, sv_stoptimeout,
		    sv);
		return;
	}
	if (sv->sv_stoptimer != 0) {
		ev_timer_del(sv->sv_loop, sv->sv_stoptimer);
		sv->sv_stoptimer = 0;
	}
	if (!sv->sv_poweroff) {
		sv->sv_poweroff = true;
		if (sv_bhyvectl(sv, "--force-poweroff") != 0)
			kill(sv->sv_pid, SIGKILL);
	}
	if (sv->sv_killtimer == 0)
		sv->sv_killtimer = ev_timer(sv->sv_loop, SV_KILL_MS,
		    sv_killtimeout, sv);
}

/*
 * Press reset (bhyve exits 0 and the guest boots again) or pull the
 * plug (bhyve exits 1 and the guest stops), as vm-bhyve's reset and
 * poweroff do.
 */
void
sv_reset(struct sv *sv, bool poweroff, char *msg, size_t len)
{
	if (sv->sv_child != SV_CHILD_BHYVE) {
		snprintf(msg, len, "%s is not running bhyve (it is %s)",
		    sv->sv_name, sv_statename(sv->sv_state));
		return;
	}
	if (poweroff) {
		sv->sv_stopreq = true;
		sv->sv_forced = true;
		sv->sv_poweroff = true;
		sv->sv_state = SV_STOPPING;
		sv_writestate(sv);
	}
	if (sv_bhyvectl(sv, poweroff ? "--force-poweroff" :
	    "--force-reset") != 0)
		snprintf(msg, len, "bhyvectl failed; see the log");
	else
		snprintf(msg, len, "%s", poweroff ? "powered off" : "reset");
	if (poweroff && sv->sv_killtimer == 0)
		sv->sv_killtimer = ev_timer(sv->sv_loop, SV_KILL_MS,
		    sv_killtimeout, sv);
}

/* Clean up everything the guest used, record why, and leave the loop. */
static void
sv_finish(struct sv *sv)
{
	char	 msg[512];

	if (sv->sv_state == SV_STOPPED)
		return;
	if (sv->sv_pid > 0) {
		/* Leaving with a child alive: it must not outlive us. */
		kill(sv->sv_pid, SIGKILL);
		waitpid(sv->sv_pid, NULL, 0);
		sv->sv_pid = -1;
		sv->sv_child = SV_CHILD_NONE;
	}
	sv->sv_state = SV_STOPPED;
	sv_log(sv, "stopped: %s", sv->sv_reason);
	sv_teardown_net(sv);
	if (sv_vmm_exists(sv))
		(void)sv_bhyvectl(sv, "--destroy");
	sv_rmvtcon(sv);
	if (sv->sv_confpath != NULL)
		unlink(sv->sv_confpath);
	sv_writestate(sv);
	/* After cleanup, once the guest has run; it only reports. */
	if (sv->sv_ran)
		(void)sv_hook(sv, HOOK_POSTSTOP, msg, sizeof(msg));
	/* "hyve start" hears of a failure only once it is cleaned up. */
	sv_ready(sv, false, sv->sv_reason);
	ev_stop(sv->sv_loop);
}

/* SIGTERM or SIGINT to the supervisor: stop the guest gracefully. */
static void
sv_sigterm(void *arg)
{
	sv_stop(arg, false, false);
}

/* SIGHUP: reopen the console log (after an outside rotation). */
static void
sv_sighup(void *arg)
{
	sv_console_reopenlog(arg);
}

/* Open a file for appending, owner-only unless it exists. */
static int
sv_openlog(const char *path)
{
	return (open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
}

/* Run the supervisor until the guest stops. */
int
sv_main(struct guest *g, int lockfd, int readyfd, const char *iso,
    bool foreground)
{
	struct sv	 sv;
	char		*cause = NULL, *path;
	int		 i;

	memset(&sv, 0, sizeof(sv));
	sv.sv_g = g;
	sv.sv_vm = g->g_vm;
	sv.sv_name = g->g_name;
	sv.sv_lockfd = lockfd;
	sv.sv_readyfd = readyfd;
	sv.sv_foreground = foreground;
	sv.sv_pid = -1;
	sv.sv_errfd = sv.sv_debugfd = sv.sv_logfd = sv.sv_ctlfd = -1;
	sv.sv_errtext = buf_new();
	sv.sv_started = time(NULL);
	sv.sv_iso = iso != NULL ? xstrdup(iso) : NULL;
	sv.sv_state = SV_STARTING;
	sv.sv_confpath = runstate_path(sv.sv_name, "bhyve.conf");
	TAILQ_INIT(&sv.sv_clients);
	for (i = 0; i < VM_MAXNICS; i++) {
		sv.sv_backends[i] = NULL;
		sv.sv_ifnames[i] = NULL;
		sv.sv_unplug[i] = NULL;
	}
	platform_protect();

	xasprintf(&path, "%s/hyve.log", sv.sv_vm->vm_dir);
	sv.sv_eventfd = sv_openlog(path);
	free(path);
	if (sv.sv_vm->vm_debug) {
		/* vm-bhyve's debug=yes: bhyve's stderr in GDIR/bhyve.log. */
		xasprintf(&path, "%s/bhyve.log", sv.sv_vm->vm_dir);
		sv.sv_debugfd = open(path, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0644);
		free(path);
	}
	sv_log(&sv, "initialising (supervisor pid %d)", (int)getpid());

	sv.sv_loop = ev_new();
	ev_signal(sv.sv_loop, SIGCHLD, sv_sigchld, &sv);
	ev_signal(sv.sv_loop, SIGTERM, sv_sigterm, &sv);
	ev_signal(sv.sv_loop, SIGINT, sv_sigterm, &sv);
	ev_signal(sv.sv_loop, SIGHUP, sv_sighup, &sv);
	signal(SIGPIPE, SIG_IGN);

	if (sv_console_open(&sv, &cause) == -1 ||
	    sv_setup_net(&sv, &cause) == -1 ||
	    sv_control_open(&sv, &cause) == -1) {
		sv_setreason(&sv, "%s", cause);
		free(cause);
		sv_finish(&sv);
	} else {
		sv.sv_vncport = sv.sv_vm->vm_graphics_port != 0 ?
		    sv.sv_vm->vm_graphics_port : 5900;
		sv_boot(&sv);
	}
	if (sv.sv_state != SV_STOPPED)
		ev_run(sv.sv_loop);

	sv_control_close(&sv);
	sv_console_close(&sv);
	ev_free(sv.sv_loop);
	if (sv.sv_eventfd != -1)
		close(sv.sv_eventfd);
	if (sv.sv_debugfd != -1)
		close(sv.sv_debugfd);
	for (i = 0; i < VM_MAXNICS; i++) {
		free(sv.sv_backends[i]);
		free(sv.sv_ifnames[i]);
		argv_free(sv.sv_unplug[i]);
	}
	buf_free(sv.sv_errtext);
	free(sv.sv_faults);
	free(sv.sv_iso);
	free(sv.sv_confpath);
	/* Exiting drops the lock. */
	close(lockfd);
	return (sv.sv_exitcode == 0 || sv.sv_exitcode == 1 ||
	    sv.sv_exitcode == 2 ? 0 : 1);
}

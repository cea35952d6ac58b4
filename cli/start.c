/*
 * start.c - starting a guest, shared by "hyve start" and "hyve install".
 */
#include "compat.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "guest.h"
#include "hyve.h"
#include "lifecycle.h"
#include "model.h"
#include "net.h"
#include "paths.h"
#include "plan.h"
#include "runstate.h"
#include "supervise.h"
#include "xmalloc.h"

/*
 * The files a boot needs, checked before anything is touched so that a
 * missing one is a clear error that leaves nothing behind.
 */
static int
start_check_files(const struct guest *g, const char *iso)
{
	const struct vm	*vm = g->g_vm;
	const char	*p;
	char		*vars = NULL;
	int		 i, bad = 0;

	for (i = 0; i < vm->vm_ndisks; i++) {
		p = vm->vm_disks[i].dk_path;
		if (vm->vm_disks[i].dk_dev == DISK_9P || p == NULL)
			continue;
		if (access(p, F_OK) == -1) {
			warnx("%s: disk%d: %s: %s", vm->vm_name,
			    vm->vm_disks[i].dk_index, p, strerror(errno));
			bad = 1;
		}
	}
	if (vm->vm_loader == LOADER_UEFI && access(vm->vm_bootrom, R_OK) ==
	    -1) {
		warnx("%s: firmware %s: %s (install the edk2-bhyve package)",
		    vm->vm_name, vm->vm_bootrom, strerror(errno));
		bad = 1;
	}
	if (vm->vm_loader == LOADER_UEFI && vm->vm_uefi_vars) {
		xasprintf(&vars, "%s/BHYVE_UEFI_VARS.fd",
		    paths_get(PATH_FIRMWARE_DIR));
		if (access(vars, R_OK) == -1 && access(vm->vm_dir, F_OK) ==
		    0) {
			warnx("%s: UEFI variables template %s: %s",
			    vm->vm_name, vars, strerror(errno));
			bad = 1;
		}
		free(vars);
	}
	p = vm->vm_loader == LOADER_GRUB ? paths_get(PATH_GRUB_BHYVE) :
	    vm->vm_loader == LOADER_BHYVELOAD ? paths_get(PATH_BHYVELOAD) :
	    NULL;
	if (p != NULL && access(p, X_OK) == -1) {
		warnx("%s: loader %s: %s%s", vm->vm_name, p, strerror(errno),
		    vm->vm_loader == LOADER_GRUB ?
		    " (install the grub2-bhyve package)" : "");
		bad = 1;
	}
	if (iso != NULL && access(iso, R_OK) == -1) {
		warnx("%s: %s: %s", vm->vm_name, iso, strerror(errno));
		bad = 1;
	}
	return (bad ? -1 : 0);
}

/*
 * Give the guest what vm-bhyve gives it at start and records in its
 * config: a UUID and a MAC per NIC, generated once.
 */
static int
start_writeback(struct guest *g)
{
	const struct vm	*vm = g->g_vm;
	char		*v, key[64], *cause = NULL;
	bool		 changed = false;
	int		 i;

	if (vm->vm_uuid == NULL) {
		v = lifecycle_uuid();
		conf_set(g->g_conf, "uuid", v, &cause);
		free(v);
		changed = true;
	}
	for (i = 0; i < vm->vm_nnics; i++) {
		if (vm->vm_nics[i].ni_mac != NULL)
			continue;
		snprintf(key, sizeof(key), "network%d_mac",
		    vm->vm_nics[i].ni_index);
		v = net_newmac();
		conf_set(g->g_conf, key, v, &cause);
		free(v);
		changed = true;
	}
	if (changed && conf_save(g->g_conf, &cause) == -1) {
		warnx("%s: %s", vm->vm_name, cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* Copy the UEFI variables template once (uefi_vars=yes). */
static int
start_uefivars(const struct vm *vm)
{
	char	*src, *dst, buf[65536];
	ssize_t	 n;
	int	 in = -1, out = -1, rv = -1;

	if (vm->vm_loader != LOADER_UEFI || !vm->vm_uefi_vars)
		return (0);
	xasprintf(&dst, "%s/uefi-vars.fd", vm->vm_dir);
	xasprintf(&src, "%s/BHYVE_UEFI_VARS.fd", paths_get(PATH_FIRMWARE_DIR));
	if (access(dst, F_OK) == 0) {
		rv = 0;
		goto done;
	}
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1 ||
	    (out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) ==
	    -1) {
		warn("%s: copy %s to %s", vm->vm_name, src, dst);
		goto done;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	if (n != 0) {
		warn("%s: copy %s", vm->vm_name, dst);
		(void)unlink(dst);
		goto done;
	}
	rv = 0;
done:
	if (in != -1)
		close(in);
	if (out != -1)
		close(out);
	free(src);
	free(dst);
	return (rv);
}

/* Print the start plan. */
static void
start_plan(const struct guest *g, const char *iso, bool foreground)
{
	struct plan_facts	 pf;
	struct plan		*p;
	struct stat		 st;
	char			*path;

	memset(&pf, 0, sizeof(pf));
	pf.pf_iso = iso;
	pf.pf_vncport = g->g_vm->vm_graphics_port ?
	    g->g_vm->vm_graphics_port : 5900;
	xasprintf(&path, "%s/%s", paths_get(PATH_DEV_VMM), g->g_name);
	pf.pf_vmm_exists = stat(path, &st) == 0;
	free(path);
	xasprintf(&path, "%s/uefi-vars.fd", g->g_vm->vm_dir);
	pf.pf_vars_exist = stat(path, &st) == 0;
	free(path);
	pf.pf_foreground = foreground;
	path = runstate_path(g->g_name, NULL);
	pf.pf_rundir = path;
	p = plan_start(g->g_vm, g->g_sysconf, &pf);
	printf("plan for %s:\n", g->g_name);
	plan_print(p, stdout);
	plan_free(p);
	free(path);
}

/*
 * Fork the detached supervisor and wait for its word: "ok ..." once the
 * guest runs, "error ..." if it failed to start.
 */
static int
start_detach(struct guest *g, int lockfd, const char *iso)
{
	char	 buf[512];
	ssize_t	 n;
	size_t	 len = 0;
	pid_t	 pid;
	int	 p[2], null, status;

	if (pipe(p) == -1)
		err(HYVE_EXIT_ERR, "pipe");
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		err(HYVE_EXIT_ERR, "fork");
	if (pid == 0) {
		close(p[0]);
		/* Detach: a session of its own, no terminal, stdio on null. */
		setsid();
		if ((null = open("/dev/null", O_RDWR)) != -1) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
			if (null > STDERR_FILENO)
				close(null);
		}
		fcntl(p[1], F_SETFD, FD_CLOEXEC);
		status = sv_main(g, lockfd, p[1], iso, false);
		_exit(status);
	}
	close(p[1]);
	close(lockfd);
	while (len + 1 < sizeof(buf) && (n = read(p[0], buf + len,
	    sizeof(buf) - 1 - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += (size_t)n;
	}
	close(p[0]);
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (strncmp(buf, "ok ", 3) == 0) {
		printf("%s: %s\n", g->g_name, buf + 3);
		return (HYVE_EXIT_OK);
	}
	warnx("%s: not started: %s", g->g_name, strncmp(buf, "error ", 6) ==
	    0 ? buf + 6 : "the supervisor exited without a word");
	return (HYVE_EXIT_ERR);
}

/* Start one guest; returns the exit status for it. */
int
start_guest(const char *name, const char *iso, bool dryrun, bool foreground)
{
	struct guest	*g;
	char		*cause = NULL;
	bool		 busy;
	int		 lockfd, rv;

	if ((g = client_guest(name)) == NULL)
		return (HYVE_EXIT_ERR);
	if (dryrun) {
		start_plan(g, iso, foreground);
		guest_free(g);
		return (HYVE_EXIT_OK);
	}
	if (start_check_files(g, iso) == -1) {
		warnx("%s: not started", name);
		guest_free(g);
		return (HYVE_EXIT_ERR);
	}
	if ((lockfd = runstate_lock(name, &busy, &cause)) == -1) {
		if (busy)
			warnx("%s is already running", name);
		else {
			warnx("%s", cause);
			free(cause);
		}
		guest_free(g);
		return (HYVE_EXIT_ERR);
	}
	/* Under the lock: record UUID and MACs, then read the guest anew. */
	if (start_writeback(g) == -1 || start_uefivars(g->g_vm) == -1) {
		close(lockfd);
		guest_free(g);
		return (HYVE_EXIT_ERR);
	}
	guest_free(g);
	if ((g = client_guest(name)) == NULL) {
		close(lockfd);
		return (HYVE_EXIT_ERR);
	}
	if (foreground)
		rv = sv_main(g, lockfd, -1, iso, true);
	else
		rv = start_detach(g, lockfd, iso);
	guest_free(g);
	return (rv);
}

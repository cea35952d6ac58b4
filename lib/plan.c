/*
 * plan.c - plans: the steps of an operation, computed purely.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "bhyve.h"
#include "buf.h"
#include "diag.h"
#include "hook.h"
#include "model.h"
#include "net.h"
#include "paths.h"
#include "plan.h"
#include "platform.h"
#include "slots.h"
#include "sysconf.h"
#include "xmalloc.h"

/* An empty plan. */
struct plan *
plan_new(void)
{
	return (xcalloc(1, sizeof(struct plan)));
}

/* Free a plan. */
void
plan_free(struct plan *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->p_n; i++)
		free(p->p_v[i]);
	free(p->p_v);
	free(p);
}

/* Add a step. */
void
plan_add(struct plan *p, const char *fmt, ...)
{
	va_list	 ap;

	if (p->p_n == p->p_cap) {
		p->p_cap = p->p_cap == 0 ? 16 : p->p_cap * 2;
		p->p_v = xreallocarray(p->p_v, p->p_cap, sizeof(*p->p_v));
	}
	va_start(ap, fmt);
	xvasprintf(&p->p_v[p->p_n++], fmt, ap);
	va_end(ap);
}

/* Add a step running a command. */
void
plan_run(struct plan *p, const struct argv *a, const char *note)
{
	char	*s;

	s = argv_string(a);
	if (note != NULL)
		plan_add(p, "run %s    # %s", s, note);
	else
		plan_add(p, "run %s", s);
	free(s);
}

/* Print one step per line. */
void
plan_print(const struct plan *p, FILE *fp)
{
	size_t	 i;

	for (i = 0; i < p->p_n; i++)
		fprintf(fp, "%s\n", p->p_v[i]);
}

/* Add a file-writing step with its contents indented below it. */
static void
plan_file(struct plan *p, const char *path, const char *mode,
    const char *text)
{
	const char	*line, *nl;

	plan_add(p, "write %s%s", path, mode);
	for (line = text; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		/* A plan is for showing: the VNC password is not shown. */
		if (strstr(line, ".password=") != NULL &&
		    strstr(line, ".password=") < nl)
			plan_add(p, "    %.*s(hidden)", (int)(strstr(line,
			    ".password=") + 10 - line), line);
		else
			plan_add(p, "    %.*s", (int)(nl - line), line);
		if (*nl == '\0')
			break;
	}
}

/* A step running the guest's hook of this kind, if it has one. */
static void
plan_hook(struct plan *p, const struct vm *vm, enum hook_kind kind,
    const char *state, const char *note)
{
	struct hook_facts	 hf;
	struct hook		*hk;
	char			*s;

	memset(&hf, 0, sizeof(hf));
	hf.hf_state = state;
	hf.hf_boot = 1;
	if ((hk = hook_new(vm, kind, &hf)) == NULL)
		return;
	s = argv_string(hk->hk_argv);
	plan_add(p, "hook %s: run %s in %s, HYVE_STATE=%s, killed after "
	    "%d s    # %s", hook_name(kind), s, hk->hk_dir, state,
	    hk->hk_timeout, note);
	free(s);
	hook_free(hk);
}

/* The NIC steps: create the tap, find the bridge, plug it in. */
static void
plan_nics(struct plan *p, const struct vm *vm, const struct sysconf *sc,
    char **backends)
{
	const struct vm_nic	*ni;
	struct argv		*a, **cfg, **c;
	char			*key, *bridge;
	const char		*v;
	int			 i;

	for (i = 0; i < vm->vm_nnics; i++) {
		ni = &vm->vm_nics[i];
		if (ni->ni_swtype == SWITCH_NETGRAPH) {
			/* The supervisor asks for the first free link. */
			a = net_ngquery(ni->ni_switch, 2);
			plan_run(p, a, "then 3, 4, ... while it succeeds: the "
			    "first that fails is the link");
			argv_free(a);
		}
		if (!net_usestap(vm, i)) {
			plan_add(p, "network%d: %s backend %s (nothing to "
			    "create)", ni->ni_index,
			    sysconf_typename(ni->ni_swtype), backends[i]);
			continue;
		}
		if ((a = net_tapcreate(vm, i)) != NULL) {
			plan_run(p, a, ni->ni_name != NULL ? "a new tapN" :
			    backends[i]);
			argv_free(a);
			if (ni->ni_name != NULL) {
				a = net_taprename("<new tap>", ni->ni_name);
				plan_run(p, a, NULL);
				argv_free(a);
			}
		} else
			plan_add(p, "network%d: use the existing interface "
			    "%s", ni->ni_index, ni->ni_device);
		bridge = NULL;
		if (ni->ni_swtype == SWITCH_MANUAL) {
			xasprintf(&key, "bridge_%s", ni->ni_switch);
			if ((v = sysconf_get(sc, key)) != NULL && *v != '\0')
				bridge = xstrdup(v);
			free(key);
		} else if (ni->ni_switch != NULL) {
			a = net_bridgequery(ni->ni_switch);
			xasprintf(&bridge, "<bridge of %s>", ni->ni_switch);
			plan_run(p, a, bridge);
			argv_free(a);
		}
		xasprintf(&key, "private_%s", ni->ni_switch != NULL ?
		    ni->ni_switch : "");
		cfg = net_tapconfig(vm, i, backends[i], bridge, 1500,
		    model_yesno(sysconf_get(sc, key)));
		free(key);
		for (c = cfg; *c != NULL; c++)
			plan_run(p, *c, NULL);
		net_freeargvs(cfg);
		free(bridge);
	}
}

/* A bhyvectl step: --destroy, --force-poweroff or --force-reset. */
static void
plan_bhyvectl(struct plan *p, const struct vm *vm, const char *what,
    const char *note)
{
	struct argv	*a;

	a = argv_new();
	argv_add(a, paths_get(PATH_BHYVECTL));
	argv_addf(a, "--vm=%s", vm->vm_name);
	argv_add(a, what);
	plan_run(p, a, note);
	argv_free(a);
}

/* The plan of "hyve start". */
struct plan *
plan_start(const struct vm *vm, const struct sysconf *sc,
    const struct plan_facts *pf)
{
	struct plan		*p;
	struct bhyve_run	 run;
	struct bhyve_loader	*bl;
	struct slot_opts	 so;
	struct slots		*s;
	struct argv		*a;
	struct diag		*d;
	char			**backends, *coms[VM_MAXCOMPORTS + 1], *text;
	char			*conf, *tap;
	int			 i;

	p = plan_new();
	/* In the order "hyve start" does it: nothing before the lock. */
	plan_add(p, "lock %s/lock (held by the supervisor while the guest "
	    "runs)", pf->pf_rundir);
	if (vm->vm_uuid == NULL)
		plan_add(p, "write %s: uuid=\"(a new UUID)\"",
		    vm->vm_conffile);
	for (i = 0; i < vm->vm_nnics; i++)
		if (vm->vm_nics[i].ni_mac == NULL)
			plan_add(p, "write %s: network%d_mac=\"(a new MAC)\"",
			    vm->vm_conffile, vm->vm_nics[i].ni_index);
	if (vm->vm_loader == LOADER_UEFI && vm->vm_uefi_vars &&
	    !pf->pf_vars_exist)
		plan_add(p, "copy %s/BHYVE_UEFI_VARS.fd %s/uefi-vars.fd",
		    paths_get(PATH_FIRMWARE_DIR), vm->vm_dir);
	for (i = 0; i < vm->vm_ncomports; i++) {
		if (pf->pf_foreground && i == 0)
			xasprintf(&coms[i], "stdio");
		else
			coms[i] = platform_console_name(vm->vm_name, i + 1);
		plan_add(p, "console %s: %s (log %s/console.log)",
		    vm->vm_comports[i], coms[i], pf->pf_rundir);
	}
	coms[vm->vm_ncomports] = NULL;
	backends = net_planbackends(vm);
	plan_nics(p, vm, sc, backends);
	/* bhyve is given taps as the supervisor gives them (type=tap). */
	for (i = 0; i < vm->vm_nnics; i++)
		if (net_usestap(vm, i)) {
			tap = net_tapbackend(backends[i]);
			free(backends[i]);
			backends[i] = tap;
		}
	if (vm->vm_loader == LOADER_UEFI && vm->vm_graphics)
		plan_add(p, "vnc %s:%d", vm->vm_graphics_listen,
		    pf->pf_vncport);
	if (pf->pf_vmm_exists)
		plan_bhyvectl(p, vm, "--destroy", "a stale VM instance");

	plan_hook(p, vm, HOOK_PRESTART, "starting", "a failure stops the "
	    "start");

	memset(&run, 0, sizeof(run));
	run.br_backends = backends;
	run.br_comdevs = coms;
	run.br_vncport = pf->pf_vncport;
	run.br_iso = pf->pf_iso;
	run.br_boot = 1;
	run.br_foreground = pf->pf_foreground;
	if ((bl = bhyve_loader(vm, &run)) != NULL) {
		if (bl->bl_devmap != NULL)
			plan_file(p, bl->bl_devmap_path, "", bl->bl_devmap);
		if (bl->bl_grubcfg != NULL)
			plan_file(p, bl->bl_grubcfg_path, "", bl->bl_grubcfg);
		plan_run(p, bl->bl_argv, NULL);
		bhyve_loader_free(bl);
	}
	bhyve_slotopts(vm, &run, &so);
	d = diag_new(vm->vm_name, NULL);
	if ((s = slots_assign(vm, &so, d)) != NULL) {
		xasprintf(&conf, "%s/bhyve.conf", pf->pf_rundir);
		text = bhyve_config(vm, s, &run);
		plan_file(p, conf, " (mode 0600)", text);
		free(text);
		a = bhyve_kargv(vm, conf);
		plan_run(p, a, NULL);
		argv_free(a);
		free(conf);
		slots_free(s);
		plan_hook(p, vm, HOOK_POSTSTART, "running", "reported only");
	} else
		plan_add(p, "fail: %s", d->d_v[0].de_text);
	diag_free(d);
	net_freebackends(backends, vm->vm_nnics);
	for (i = 0; i < vm->vm_ncomports; i++)
		free(coms[i]);
	return (p);
}

/* The steps that undo a boot: taps, the VM instance, the config file. */
static void
plan_teardown(struct plan *p, const struct vm *vm,
    const struct plan_running *pr)
{
	struct argv	*a;
	char		*taps, *t, *s;

	taps = xstrdup(pr->pr_taps != NULL ? pr->pr_taps : "");
	for (s = taps; (t = strsep(&s, " ")) != NULL;) {
		if (*t == '\0')
			continue;
		a = argv_new();
		argv_add(a, paths_get(PATH_IFCONFIG));
		argv_add(a, t);
		argv_add(a, "destroy");
		plan_run(p, a, NULL);
		argv_free(a);
	}
	free(taps);
	plan_bhyvectl(p, vm, "--destroy", "when the VM instance is still "
	    "there");
	plan_add(p, "remove %s/bhyve.conf", pr->pr_rundir);
}

/* The plan of stop, restart, reset or poweroff for the running vm. */
struct plan *
plan_stop(const struct vm *vm, enum plan_stopkind kind, bool force,
    const struct plan_running *pr)
{
	struct plan	*p;

	p = plan_new();
	if (kind == PLAN_RESET) {
		plan_bhyvectl(p, vm, "--force-reset", "bhyve exits; the "
		    "supervisor boots the guest again");
		return (p);
	}
	if (kind != PLAN_POWEROFF)
		plan_hook(p, vm, HOOK_PRESTOP, "stopping", "reported only");
	if (pr->pr_loader > 0)
		plan_add(p, "signal SIGTERM to the loader (pid %d)",
		    (int)pr->pr_loader);
	else if (pr->pr_bhyve > 0) {
		if (!force && kind != PLAN_POWEROFF) {
			plan_add(p, "signal SIGTERM to bhyve (pid %d): the "
			    "ACPI power button", (int)pr->pr_bhyve);
			plan_add(p, "wait up to %d s (stop_timeout) for the "
			    "guest to power off; then:", vm->vm_stop_timeout);
		}
		plan_bhyvectl(p, vm, "--force-poweroff", NULL);
		plan_add(p, "signal SIGKILL to bhyve (pid %d) if it is "
		    "still there %d s later", (int)pr->pr_bhyve,
		    PLAN_KILL_DELAY);
	}
	plan_teardown(p, vm, pr);
	if (kind != PLAN_RESTART)
		plan_hook(p, vm, HOOK_POSTSTOP, "stopped", "reported only");
	if (kind == PLAN_RESTART)
		plan_add(p, "boot again: the start plan (hyve start -n %s)",
		    vm->vm_name);
	return (p);
}

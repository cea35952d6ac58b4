/*
 * setup.c - the host resources a guest needs while it runs: its taps,
 * plugged into their switches, and a VNC port.
 */
#include "compat.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "guest.h"
#include "model.h"
#include "net.h"
#include "paths.h"
#include "spawn.h"
#include "supervise.h"
#include "sysconf.h"
#include "xmalloc.h"

/* Links of a netgraph switch tried before giving up. */
#define SV_NG_MAXLINK	1024

/* Run a host command (sv_run); its first output line in *line. */
static int
sv_setup_run(struct sv *sv, struct argv *a, char **line)
{
	char	*out = NULL;
	int	 rv;

	rv = sv_run(sv, a, line != NULL ? &out : NULL);
	if (line != NULL) {
		*line = NULL;
		if (rv == 0 && out != NULL) {
			out[strcspn(out, "\r\n")] = '\0';
			if (*out != '\0')
				*line = xstrdup(out);
		}
	}
	free(out);
	return (rv);
}

/*
 * The bridge of NIC i's switch and its MTU: manual switches name their
 * bridge in system.conf (bridge_NAME); the others are found through the
 * viid group vm-bhyve puts on the bridge.  NULL when there is none.
 */
static char *
sv_setup_bridge(struct sv *sv, int i, int *mtu)
{
	const struct vm_nic	*ni = &sv->sv_vm->vm_nics[i];
	struct argv		*a;
	const char		*v;
	char			*bridge = NULL, *key, *line = NULL, *p;

	*mtu = 0;
	if (ni->ni_switch == NULL)
		return (NULL);
	if (ni->ni_swtype == SWITCH_MANUAL) {
		xasprintf(&key, "bridge_%s", ni->ni_switch);
		if ((v = sysconf_get(sv->sv_g->g_sysconf, key)) != NULL &&
		    *v != '\0')
			bridge = xstrdup(v);
		free(key);
	} else {
		a = net_bridgequery(ni->ni_switch);
		(void)sv_setup_run(sv, a, &bridge);
		argv_free(a);
	}
	if (bridge == NULL) {
		sv_log(sv, "switch %s has no bridge: network%d stays "
		    "unplugged", ni->ni_switch, ni->ni_index);
		return (NULL);
	}
	/* MTU: the last word of the first line of "ifconfig BRIDGE". */
	a = argv_new();
	argv_add(a, paths_get(PATH_IFCONFIG));
	argv_add(a, bridge);
	if (sv_setup_run(sv, a, &line) == 0 && line != NULL &&
	    (p = strrchr(line, ' ')) != NULL)
		*mtu = atoi(p + 1);
	argv_free(a);
	free(line);
	return (bridge);
}

/*
 * Plug NIC i's tap (made or existing) into its switch; an existing
 * device plugged into a bridge is unplugged again at teardown.
 */
static int
sv_setup_plug(struct sv *sv, int i, const char *tap, char **cause)
{
	const struct vm		*vm = sv->sv_vm;
	const struct vm_nic	*ni = &vm->vm_nics[i];
	struct argv		**cfg, **c;
	char			*bridge, *key;
	int			 mtu, private, rv = 0;

	bridge = sv_setup_bridge(sv, i, &mtu);
	xasprintf(&key, "private_%s", ni->ni_switch != NULL ?
	    ni->ni_switch : "");
	private = model_yesno(sysconf_get(sv->sv_g->g_sysconf, key));
	free(key);
	cfg = net_tapconfig(vm, i, tap, bridge, mtu, private);
	for (c = cfg; *c != NULL && rv == 0; c++) {
		if (sv_setup_run(sv, *c, NULL) != 0) {
			xasprintf(cause, "network%d: cannot plug %s into "
			    "switch %s (see %s/hyve.log)", ni->ni_index, tap,
			    ni->ni_switch, vm->vm_dir);
			rv = -1;
		}
		/* Once addm/span ran, an existing device needs unplugging. */
		if (!sv->sv_tapmade[i] && bridge != NULL &&
		    sv->sv_unplug[i] == NULL && strcmp((*c)->a_v[1],
		    bridge) == 0 && rv == 0)
			sv->sv_unplug[i] = net_tapunplug(bridge, tap,
			    ni->ni_span);
	}
	net_freeargvs(cfg);
	free(bridge);
	return (rv);
}

/*
 * The link of NIC i's netgraph switch to connect: the first K from 2
 * on for which "ngctl msg SWITCH: getstats K" fails (the link is not
 * connected), as vm-bhyve chooses it, skipping the links this guest's
 * earlier NICs on the same switch took (bhyve connects them only when
 * it starts).  A switch whose node does not exist is an error.
 */
static int
sv_setup_nglink(struct sv *sv, int i, char **cause)
{
	const struct vm		*vm = sv->sv_vm;
	const struct vm_nic	*ni = &vm->vm_nics[i];
	struct argv		*a;
	char			*out, *why, *mine;
	int			 k, j, rv, taken;

	for (k = 2; k < SV_NG_MAXLINK; k++) {
		taken = 0;
		mine = net_ngbackend(ni->ni_switch, k);
		for (j = 0; j < i; j++)
			if (sv->sv_backends[j] != NULL &&
			    strcmp(sv->sv_backends[j], mine) == 0)
				taken = 1;
		free(mine);
		if (taken)
			continue;
		a = net_ngquery(ni->ni_switch, k);
		out = why = NULL;
		rv = spawn_run(a, &out, SV_CMD_MS, &why);
		argv_free(a);
		if (rv != 0 && out != NULL &&
		    strstr(out, "No such file or directory") != NULL) {
			out[strcspn(out, "\n")] = '\0';
			sv_log(sv, "ngctl msg %s: getstats %d: %s",
			    ni->ni_switch, k, out);
			xasprintf(cause, "network%d: netgraph switch %s has "
			    "no node %s: (create its ng_bridge first)",
			    ni->ni_index, ni->ni_switch, ni->ni_switch);
			free(out);
			free(why);
			return (-1);
		}
		free(out);
		free(why);
		if (rv != 0)
			return (k);
	}
	xasprintf(cause, "network%d: netgraph switch %s has no free link",
	    ni->ni_index, ni->ni_switch);
	return (-1);
}

/* Create and plug every NIC's tap; undo all of it on failure. */
int
sv_setup_net(struct sv *sv, char **cause)
{
	const struct vm		*vm = sv->sv_vm;
	const struct vm_nic	*ni;
	struct argv		*a;
	char			*tap, **plan;
	int			 i, k, rv = 0;

	plan = net_planbackends(vm);
	for (i = 0; i < vm->vm_nnics && rv == 0; i++) {
		ni = &vm->vm_nics[i];
		if (ni->ni_swtype == SWITCH_NETGRAPH) {
			if ((k = sv_setup_nglink(sv, i, cause)) == -1) {
				rv = -1;
				break;
			}
			sv->sv_backends[i] = net_ngbackend(ni->ni_switch, k);
			continue;
		}
		if (!net_usestap(vm, i)) {
			sv->sv_backends[i] = xstrdup(plan[i]);
			continue;
		}
		if ((a = net_tapcreate(vm, i)) == NULL)
			sv->sv_ifnames[i] = xstrdup(ni->ni_device);
		else {
			rv = sv_setup_run(sv, a, &tap);
			argv_free(a);
			if (rv != 0 || tap == NULL) {
				xasprintf(cause, "network%d: cannot create "
				    "its tap (see %s/hyve.log)", ni->ni_index,
				    vm->vm_dir);
				free(tap);
				rv = -1;
				break;
			}
			sv->sv_tapmade[i] = true;
			sv->sv_ifnames[i] = tap;
		}
		if (sv->sv_tapmade[i] && ni->ni_name != NULL) {
			/* The tap is ours from here: a failure destroys it. */
			a = net_taprename(sv->sv_ifnames[i], ni->ni_name);
			rv = sv_setup_run(sv, a, &tap);
			argv_free(a);
			if (rv != 0 || tap == NULL) {
				xasprintf(cause, "network%d: cannot rename "
				    "%s to %s (see %s/hyve.log)", ni->ni_index,
				    sv->sv_ifnames[i], ni->ni_name, vm->vm_dir);
				free(tap);
				rv = -1;
				break;
			}
			free(sv->sv_ifnames[i]);
			sv->sv_ifnames[i] = tap;
		}
		tap = sv->sv_ifnames[i];
		sv->sv_backends[i] = net_tapbackend(tap);
		rv = sv_setup_plug(sv, i, tap, cause);
	}
	net_freebackends(plan, vm->vm_nnics);
	if (rv != 0)
		sv_teardown_net(sv);
	sv_writestate(sv);
	return (rv);
}

/*
 * Destroy the taps hyve created and unplug the existing devices it
 * plugged in; the devices themselves are left alone.
 */
void
sv_teardown_net(struct sv *sv)
{
	struct argv	*a;
	int		 i;

	for (i = 0; i < VM_MAXNICS; i++) {
		if (sv->sv_unplug[i] != NULL) {
			sv_log(sv, "unplugging network device %s",
			    sv->sv_ifnames[i]);
			(void)sv_setup_run(sv, sv->sv_unplug[i], NULL);
			argv_free(sv->sv_unplug[i]);
			sv->sv_unplug[i] = NULL;
		}
		if (!sv->sv_tapmade[i])
			continue;
		sv_log(sv, "destroying network device %s", sv->sv_ifnames[i]);
		a = net_tapdestroy(sv->sv_ifnames[i]);
		(void)sv_setup_run(sv, a, NULL);
		argv_free(a);
		sv->sv_tapmade[i] = false;
	}
}

/*
 * cmd-netmap.c - "hyve netmap [--json]": every bridge and switch of the
 * host with its physical ports and the guests' taps plugged into it.
 *
 * Bridges come from "ifconfig -a" (interfaces in group "bridge"); each
 * is matched to the switch whose bridge it is; taps are recognised by
 * the description "vmnet/GUEST/N/SWITCH" hyve and vm-bhyve give them.
 * Switches without a bridge (vale, netgraph, or a standard switch not
 * set up on this host) are listed after the bridges, with the guests
 * whose configs name them.  Labels come from hyve.conf lines
 * BRIDGE_NAME_NAME="label" (BMT's style).
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "hostconf.h"
#include "hyve.h"
#include "json.h"
#include "model.h"
#include "switch.h"
#include "sysconf.h"
#include "xmalloc.h"

static int	cmd_netmap_exec(struct cmd_args *);

const struct cmd_entry cmd_netmap_entry = {
	.ce_name = "netmap",
	.ce_usage = "[--json]",
	.ce_help = "show every bridge and switch with its ports and the "
	    "guests plugged in",
	.ce_optstring = "",
	.ce_longopts = cmd_json_longopts,
	.ce_minargs = 0,
	.ce_maxargs = 0,
	.ce_exec = cmd_netmap_exec,
};

/* One guest tap or physical port of a bridge. */
struct netmap_port {
	const char	*np_name;
	char		*np_guest;	/* NULL: a physical port */
	int		 np_nic;	/* -1: a tap of no guest */
	bool		 np_tap;
	bool		 np_span;
};

/* The switch whose bridge br is, or NULL. */
static const char *
cmd_netmap_switchof(struct swctx *x, char **names, const struct switch_if *br)
{
	const struct switch_if	*b;
	char			**n;

	for (n = names; *n != NULL; n++)
		if ((b = switch_bridge(x->sc, x->host, *n)) != NULL &&
		    strcmp(b->si_name, br->si_name) == 0)
			return (*n);
	return (NULL);
}

/* Classify port i of bridge br. */
static void
cmd_netmap_port(struct swctx *x, const struct switch_if *br, size_t i,
    struct netmap_port *np)
{
	const struct switch_if	*m;

	memset(np, 0, sizeof(*np));
	np->np_name = br->si_ports[i].sp_name;
	np->np_span = br->si_ports[i].sp_span;
	np->np_nic = -1;
	m = switch_host_find(x->host, np->np_name);
	if (m == NULL)
		return;
	if (switch_tapowner(m->si_descr, &np->np_guest, &np->np_nic) == 0 ||
	    switch_if_ingroup(m, "tap") || switch_if_ingroup(m, "vmnet"))
		np->np_tap = true;
}

/* The label of a bridge: by interface name, else by switch name. */
static char *
cmd_netmap_label(const struct conf *hc, const char *ifname, const char *sw)
{
	char	*l;

	if ((l = switch_label(hc, ifname)) == NULL && sw != NULL)
		l = switch_label(hc, sw);
	return (l);
}

/* One bridge, as text or as a JSON object. */
static void
cmd_netmap_bridge(struct swctx *x, const struct conf *hc, char **names,
    const struct switch_if *br, struct json *j)
{
	struct netmap_port	 np;
	const char		*sw;
	char			*label;
	size_t			 i;
	int			 unknown;

	sw = cmd_netmap_switchof(x, names, br);
	label = cmd_netmap_label(hc, br->si_name, sw);
	if (j != NULL) {
		json_object_begin(j);
		json_kv_string(j, "bridge", br->si_name);
		json_kv_string(j, "label", label);
		json_kv_string(j, "switch", sw);
		json_kv_string(j, "type", sw != NULL ? sysconf_typename(
		    sysconf_switchtype(x->sc, sw, &unknown)) : NULL);
		json_kv_bool(j, "up", br->si_up);
		json_kv_int(j, "mtu", br->si_mtu);
		json_key(j, "ports");
		json_array_begin(j);
	} else {
		printf("%s", br->si_name);
		if (label != NULL)
			printf(" \"%s\"", label);
		if (sw != NULL)
			printf(": switch %s (%s)", sw, sysconf_typename(
			    sysconf_switchtype(x->sc, sw, &unknown)));
		else
			printf(": no switch");
		printf(", %s, mtu %d\n", br->si_up ? "up" : "down",
		    br->si_mtu);
	}
	for (i = 0; i < br->si_nports; i++) {
		cmd_netmap_port(x, br, i, &np);
		if (j != NULL) {
			json_object_begin(j);
			json_kv_string(j, "name", np.np_name);
			json_kv_string(j, "kind", np.np_tap ? "tap" :
			    "physical");
			json_kv_string(j, "guest", np.np_guest);
			json_key(j, "nic");
			if (np.np_nic >= 0)
				json_int(j, np.np_nic);
			else
				json_null(j);
			json_kv_bool(j, "span", np.np_span);
			json_object_end(j);
		} else if (!np.np_tap)
			printf("  port %s%s\n", np.np_name, np.np_span ?
			    " (span)" : "");
		else if (np.np_guest != NULL)
			printf("  tap %s: %s network%d%s\n", np.np_name,
			    np.np_guest, np.np_nic, np.np_span ? " (span)" :
			    "");
		else
			printf("  tap %s: no guest%s\n", np.np_name,
			    np.np_span ? " (span)" : "");
		free(np.np_guest);
	}
	if (j != NULL) {
		json_array_end(j);
		json_object_end(j);
	} else if (br->si_nports == 0)
		printf("  (no ports)\n");
	free(label);
}

/* A switch with no bridge on this host, with the guests naming it. */
static void
cmd_netmap_unbridged(struct swctx *x, const struct conf *hc,
    const char *sw, struct json *j)
{
	char		*users, *label, *s, *w;
	int		 unknown;

	users = cmd_switch_users(x->dl, sw);
	label = switch_label(hc, sw);
	if (j != NULL) {
		json_object_begin(j);
		json_kv_string(j, "switch", sw);
		json_kv_string(j, "label", label);
		json_kv_string(j, "type", sysconf_typename(
		    sysconf_switchtype(x->sc, sw, &unknown)));
		json_key(j, "guests");
		json_array_begin(j);
	} else {
		printf("switch %s", sw);
		if (label != NULL)
			printf(" \"%s\"", label);
		printf(" (%s): no bridge\n", sysconf_typename(
		    sysconf_switchtype(x->sc, sw, &unknown)));
	}
	for (s = users; s != NULL && (w = strsep(&s, ",")) != NULL;) {
		w += strspn(w, " ");
		if (j != NULL)
			json_string(j, w);
		else
			printf("  guest %s\n", w);
	}
	if (j != NULL) {
		json_array_end(j);
		json_object_end(j);
	}
	free(users);
	free(label);
}

/* Print the map. */
static int
cmd_netmap_exec(struct cmd_args *ca)
{
	const struct switch_if	*si;
	struct swctx		 x;
	struct conf		*hc;
	struct json		*j = NULL;
	char			**names, **n, *cause = NULL;
	size_t			 i;

	memset(&x, 0, sizeof(x));
	if (cmd_switch_load(&x) == -1) {
		cmd_switch_unload(&x);
		return (HYVE_EXIT_ERR);
	}
	/* Labels are optional: no hyve.conf means no labels. */
	hc = conf_load(hostconf_path(), &cause);
	free(cause);
	names = sysconf_words(x.sc, "switch_list");
	if (ca->ca_set[OPT_JSON]) {
		j = json_new();
		json_object_begin(j);
		json_key(j, "bridges");
		json_array_begin(j);
	}
	for (i = 0; i < x.host->sh_n; i++) {
		si = &x.host->sh_if[i];
		if (switch_if_ingroup(si, "bridge"))
			cmd_netmap_bridge(&x, hc, names, si, j);
	}
	if (j != NULL) {
		json_array_end(j);
		json_key(j, "unbridged");
		json_array_begin(j);
	}
	for (n = names; *n != NULL; n++)
		if (switch_bridge(x.sc, x.host, *n) == NULL)
			cmd_netmap_unbridged(&x, hc, *n, j);
	if (j != NULL) {
		json_array_end(j);
		json_object_end(j);
		json_print(j, stdout);
	}
	sysconf_freewords(names);
	conf_free(hc);
	cmd_switch_unload(&x);
	return (HYVE_EXIT_OK);
}

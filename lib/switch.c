/*
 * switch.c - virtual switches: the host's interfaces and the plans that
 * create, change and destroy switches (vm-bhyve-compat.md §5.5).
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "conf.h"
#include "model.h"
#include "name.h"
#include "net.h"
#include "paths.h"
#include "switch.h"
#include "sysconf.h"
#include "xmalloc.h"

/*
 * Bridges are named vm-NAME when that fits in IFNAMSIZ (15 characters);
 * longer switch names keep the kernel's bridgeN and are found through
 * their description vm/NAME and viid group, as vm-bhyve does.
 */
#define SWITCH_SHORTNAME	12

/* Largest MTU vm-bhyve accepts (vm-switch: 3-4 digits, at most 9000). */
#define SWITCH_MAXMTU		9000

/* Append a copy of s to a string array. */
static void
switch_strpush(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

/* Start a new interface record named by the "NAME: flags=" line. */
static struct switch_if *
switch_host_newif(struct switch_host *h, const char *line)
{
	struct switch_if	*si;
	const char		*p;

	h->sh_if = xreallocarray(h->sh_if, h->sh_n + 1, sizeof(*h->sh_if));
	si = &h->sh_if[h->sh_n++];
	memset(si, 0, sizeof(*si));
	si->si_name = xstrndup(line, strcspn(line, ":"));
	/* "flags=8843<UP,...>": UP is the first flag bit, 0x1. */
	if ((p = strstr(line, "flags=")) != NULL)
		si->si_up = (strtoul(p + 6, NULL, 16) & 0x1) != 0;
	if ((p = strstr(line, " mtu ")) != NULL)
		si->si_mtu = atoi(p + 5);
	return (si);
}

/* Record a tab-indented line of the current interface. */
static void
switch_host_detail(struct switch_if *si, const char *line)
{
	struct switch_port	*sp;
	const char		*p;
	char			*copy, *s, *w;

	if (strncmp(line, "description: ", 13) == 0) {
		free(si->si_descr);
		si->si_descr = xstrdup(line + 13);
	} else if (strncmp(line, "inet ", 5) == 0 && si->si_inet == NULL)
		si->si_inet = xstrndup(line + 5, strcspn(line + 5, " "));
	else if (strncmp(line, "groups:", 7) == 0) {
		copy = xstrdup(line + 7);
		for (s = copy; (w = strsep(&s, " ")) != NULL;)
			if (*w != '\0')
				switch_strpush(&si->si_groups, &si->si_ngroups,
				    w);
		free(copy);
	} else if (strncmp(line, "member: ", 8) == 0) {
		si->si_ports = xreallocarray(si->si_ports, si->si_nports + 1,
		    sizeof(*si->si_ports));
		sp = &si->si_ports[si->si_nports++];
		memset(sp, 0, sizeof(*sp));
		p = line + 8;
		sp->sp_name = xstrndup(p, strcspn(p, " "));
		/* if_bridge prints the member flags by name (ifbridge.c). */
		sp->sp_span = strstr(p, "<SPAN") != NULL;
		sp->sp_private = strstr(p, "PRIVATE") != NULL;
	}
}

/* Parse "ifconfig -a": "NAME: flags=..." lines, then tab-indented ones. */
struct switch_host *
switch_host_parse(const char *text)
{
	struct switch_host	*h;
	struct switch_if	*si = NULL;
	char			*copy, *s, *line;

	h = xcalloc(1, sizeof(*h));
	copy = xstrdup(text != NULL ? text : "");
	for (s = copy; (line = strsep(&s, "\n")) != NULL;) {
		if (*line == '\0')
			continue;
		if (*line != '\t' && *line != ' ') {
			if (strchr(line, ':') != NULL)
				si = switch_host_newif(h, line);
			continue;
		}
		if (si != NULL)
			switch_host_detail(si, line + strspn(line, "\t "));
	}
	free(copy);
	return (h);
}

/* Free a parsed host. */
void
switch_host_free(struct switch_host *h)
{
	struct switch_if	*si;
	size_t			 i, j;

	if (h == NULL)
		return;
	for (i = 0; i < h->sh_n; i++) {
		si = &h->sh_if[i];
		free(si->si_name);
		free(si->si_descr);
		free(si->si_inet);
		for (j = 0; j < si->si_ngroups; j++)
			free(si->si_groups[j]);
		free(si->si_groups);
		for (j = 0; j < si->si_nports; j++)
			free(si->si_ports[j].sp_name);
		free(si->si_ports);
	}
	free(h->sh_if);
	free(h);
}

/* The interface called name. */
const struct switch_if *
switch_host_find(const struct switch_host *h, const char *name)
{
	size_t	 i;

	for (i = 0; i < h->sh_n; i++)
		if (strcmp(h->sh_if[i].si_name, name) == 0)
			return (&h->sh_if[i]);
	return (NULL);
}

/* Is si in group? */
bool
switch_if_ingroup(const struct switch_if *si, const char *group)
{
	size_t	 i;

	for (i = 0; i < si->si_ngroups; i++)
		if (strcmp(si->si_groups[i], group) == 0)
			return (true);
	return (false);
}

/* The first interface in group. */
const struct switch_if *
switch_host_group(const struct switch_host *h, const char *group)
{
	size_t	 i;

	for (i = 0; i < h->sh_n; i++)
		if (switch_if_ingroup(&h->sh_if[i], group))
			return (&h->sh_if[i]);
	return (NULL);
}

/* A system.conf value of KEY_NAME. */
static const char *
switch_key(const struct sysconf *sc, const char *key, const char *name)
{
	char		 buf[128];

	snprintf(buf, sizeof(buf), "%s_%s", key, name);
	return (sysconf_get(sc, buf));
}

/* Same, with an empty value counting as none. */
static const char *
switch_val(const struct sysconf *sc, const char *key, const char *name)
{
	const char	*v;

	v = switch_key(sc, key, name);
	return (v != NULL && *v != '\0' ? v : NULL);
}

/* The bridge of a switch (manual: bridge_NAME; others: viid group). */
const struct switch_if *
switch_bridge(const struct sysconf *sc, const struct switch_host *h,
    const char *name)
{
	const struct switch_if	*si;
	const char		*b;
	char			*g;
	int			 unknown;

	if (sysconf_switchtype(sc, name, &unknown) == SWITCH_MANUAL) {
		if ((b = switch_val(sc, "bridge", name)) == NULL)
			return (NULL);
		return (switch_host_find(h, b));
	}
	g = net_viid(name);
	si = switch_host_group(h, g);
	free(g);
	return (si);
}

/* Is name in switch_list? */
bool
switch_listed(const struct sysconf *sc, const char *name)
{
	const char	*list;
	char		*copy, *s, *w;
	bool		 found = false;

	if ((list = sysconf_get(sc, "switch_list")) == NULL)
		return (false);
	copy = xstrdup(list);
	for (s = copy; (w = strsep(&s, " \t")) != NULL;)
		if (strcmp(w, name) == 0)
			found = true;
	free(copy);
	return (found);
}

/* A list with word appended (once) or removed. */
char *
switch_listedit(const char *list, const char *word, bool add)
{
	char	*copy, *s, *w, *out, *tmp;
	bool	 seen = false;

	out = xstrdup("");
	copy = xstrdup(list != NULL ? list : "");
	for (s = copy; (w = strsep(&s, " \t")) != NULL;) {
		if (*w == '\0')
			continue;
		if (strcmp(w, word) == 0) {
			seen = true;
			if (!add)
				continue;
		}
		xasprintf(&tmp, "%s%s%s", out, *out != '\0' ? " " : "", w);
		free(out);
		out = tmp;
	}
	if (add && !seen) {
		xasprintf(&tmp, "%s%s%s", out, *out != '\0' ? " " : "", word);
		free(out);
		out = tmp;
	}
	free(copy);
	return (out);
}

/* 239.a.b.c: the decimal values of MD5(name)'s first three bytes. */
char *
switch_vxlangroup(const char *name)
{
	char		 h[7], *s;
	unsigned int	 a, b, c;

	net_md5prefix(name, h, 6);
	if (sscanf(h, "%2x%2x%2x", &a, &b, &c) != 3)
		a = b = c = 0;
	xasprintf(&s, "239.%u.%u.%u", a, b, c);
	return (s);
}

/* Free a plan. */
void
switch_plan_free(struct switch_plan *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->sp_n; i++) {
		argv_free(p->sp_steps[i].st_do);
		argv_free(p->sp_steps[i].st_undo);
	}
	free(p->sp_steps);
	for (i = 0; i < p->sp_nedits; i++) {
		free(p->sp_edits[i].se_key);
		free(p->sp_edits[i].se_value);
	}
	free(p->sp_edits);
	free(p);
}

/* An argv of a tool and its words, split on spaces. */
static struct argv *
switch_cmd(enum path_id tool, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));

static struct argv *
switch_cmd(enum path_id tool, const char *fmt, ...)
{
	struct argv	*a;
	va_list		 ap;
	char		*s, *copy, *w;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	a = argv_new();
	argv_add(a, paths_get(tool));
	/* Switch, port and address words never hold spaces (checked). */
	for (copy = s; (w = strsep(&copy, " ")) != NULL;)
		if (*w != '\0')
			argv_add(a, w);
	free(s);
	return (a);
}

/* Add a step; undo may be NULL. */
static void
switch_step(struct switch_plan *p, struct argv *doit, struct argv *undo)
{
	p->sp_steps = xreallocarray(p->sp_steps, p->sp_n + 1,
	    sizeof(*p->sp_steps));
	p->sp_steps[p->sp_n].st_do = doit;
	p->sp_steps[p->sp_n].st_undo = undo;
	p->sp_steps[p->sp_n].st_names = false;
	p->sp_n++;
}

/* Add a system.conf edit of KEY_NAME (value NULL: remove). */
static void
switch_edit(struct switch_plan *p, const char *key, const char *name,
    const char *value)
{
	struct switch_edit	*e;

	p->sp_edits = xreallocarray(p->sp_edits, p->sp_nedits + 1,
	    sizeof(*p->sp_edits));
	e = &p->sp_edits[p->sp_nedits++];
	if (name != NULL)
		xasprintf(&e->se_key, "%s_%s", key, name);
	else
		e->se_key = xstrdup(key);
	e->se_value = value != NULL ? xstrdup(value) : NULL;
}

/* A word of 1 to maxdigits digits no larger than max, or -1. */
static long
switch_number(const char *s, size_t mindigits, size_t maxdigits, long max)
{
	size_t	 n = strlen(s);

	if (n < mindigits || n > maxdigits || strspn(s, "0123456789") != n)
		return (-1);
	if (strtol(s, NULL, 10) > max)
		return (-1);
	return (strtol(s, NULL, 10));
}

/*
 * Check an address in CIDR form: A.B.C.D/N or an IPv6 address (any
 * with a ':') with /N, as vm-bhyve requires; no spaces.
 */
static int
switch_checkaddr(const char *addr, char **cause)
{
	const char	*slash;
	long		 len;

	slash = strchr(addr, '/');
	len = slash != NULL ? switch_number(slash + 1, 1, 3,
	    strchr(addr, ':') != NULL ? 128 : 32) : -1;
	if (slash == NULL || len < 0 || slash == addr ||
	    strspn(addr, "0123456789abcdefABCDEF.:/") != strlen(addr)) {
		xasprintf(cause, "address \"%s\": give it in CIDR form, e.g. "
		    "192.0.2.1/24 or 2001:db8::1/64", addr);
		return (-1);
	}
	return (0);
}

/* The system.conf key holding an address: addr6 for IPv6. */
static const char *
switch_addrkey(const char *addr)
{
	return (strchr(addr, ':') != NULL ? "addr6" : "addr");
}

/* "ifconfig BR inet ADDR" or "ifconfig BR inet6 ADDR auto_linklocal". */
static struct argv *
switch_setaddr(const char *br, const char *addr, bool remove)
{
	if (strchr(addr, ':') != NULL)
		return (switch_cmd(PATH_IFCONFIG, "%s inet6 %s %s", br, addr,
		    remove ? "-alias" : "auto_linklocal"));
	return (switch_cmd(PATH_IFCONFIG, "%s inet %s%s", br, addr,
	    remove ? " -alias" : ""));
}

/* A port name is an interface name: 1 to 15 of [A-Za-z0-9_.-]. */
static int
switch_checkport(const struct switch_host *h, const char *port,
    char **cause)
{
	if (*port == '\0' || strlen(port) > 15 || strspn(port,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
	    != strlen(port)) {
		xasprintf(cause, "\"%s\" is not an interface name", port);
		return (-1);
	}
	if (switch_host_find(h, port) == NULL) {
		xasprintf(cause, "interface %s does not exist (see ifconfig "
		    "-l)", port);
		return (-1);
	}
	return (0);
}

/*
 * Plug port into bridge br (vm-bhyve's __configure_port): MTU first,
 * then the port itself or, with a VLAN, the vlan interface PORT.VLAN,
 * created unless one is already in its viid group.
 */
static void
switch_plugport(struct switch_plan *p, const struct switch_host *h,
    const char *name, const char *br, const char *port, const char *vlan,
    const char *mtu)
{
	const struct switch_if	*pi, *vi;
	char			*vname, *g;

	pi = switch_host_find(h, port);
	if (mtu != NULL && (pi == NULL || pi->si_mtu != atoi(mtu)))
		switch_step(p, switch_cmd(PATH_IFCONFIG, "%s mtu %s", port,
		    mtu), pi != NULL && pi->si_mtu > 0 ? switch_cmd(
		    PATH_IFCONFIG, "%s mtu %d", port, pi->si_mtu) : NULL);
	if (vlan == NULL) {
		switch_step(p, switch_cmd(PATH_IFCONFIG, "%s addm %s", br,
		    port), switch_cmd(PATH_IFCONFIG, "%s deletem %s", br,
		    port));
		return;
	}
	xasprintf(&vname, "%s.%s", port, vlan);
	g = net_viid(vname);
	if ((vi = switch_host_group(h, g)) == NULL) {
		switch_step(p, switch_cmd(PATH_IFCONFIG, "vlan create vlandev "
		    "%s vlan %s descr vm-vlan/%s/%s name %s group vm-vlan up",
		    port, vlan, name, vname, vname), switch_cmd(PATH_IFCONFIG,
		    "%s destroy", vname));
		switch_step(p, switch_cmd(PATH_IFCONFIG, "%s group %s", vname,
		    g), NULL);
	} else {
		free(vname);
		vname = xstrdup(vi->si_name);
	}
	switch_step(p, switch_cmd(PATH_IFCONFIG, "%s addm %s", br, vname),
	    switch_cmd(PATH_IFCONFIG, "%s deletem %s", br, vname));
	free(g);
	free(vname);
}

/*
 * Unplug port (vm-bhyve's __unconfigure_port): deletem, and a vlan
 * interface is destroyed once no other bridge holds it.  Undo puts the
 * member back; a destroyed vlan interface is recreated.
 */
static void
switch_unplugport(struct switch_plan *p, const struct switch_host *h,
    const char *name, const char *br, const char *port, const char *vlan)
{
	const struct switch_if	*vi, *o;
	const char		*member = port;
	char			*g = NULL, *vname = NULL;
	size_t			 i, j;
	bool			 used = false;

	if (vlan != NULL) {
		xasprintf(&vname, "%s.%s", port, vlan);
		g = net_viid(vname);
		if ((vi = switch_host_group(h, g)) != NULL) {
			free(vname);
			vname = xstrdup(vi->si_name);
		}
		member = vname;
	}
	switch_step(p, switch_cmd(PATH_IFCONFIG, "%s deletem %s", br, member),
	    switch_cmd(PATH_IFCONFIG, "%s addm %s", br, member));
	if (vlan != NULL && switch_host_find(h, vname) != NULL) {
		for (i = 0; i < h->sh_n; i++) {
			o = &h->sh_if[i];
			if (strcmp(o->si_name, br) == 0)
				continue;
			for (j = 0; j < o->si_nports; j++)
				if (strcmp(o->si_ports[j].sp_name, vname) == 0)
					used = true;
		}
		if (!used)
			switch_step(p, switch_cmd(PATH_IFCONFIG, "%s destroy",
			    vname), NULL);
	}
	free(g);
	free(vname);
}

/* The ports_NAME words, in order; NULL-ended array the caller frees. */
static char **
switch_ports(const struct sysconf *sc, const char *name)
{
	const char	*v;
	char		**out = NULL, *copy, *s, *w;
	size_t		 n = 0;

	if ((v = switch_val(sc, "ports", name)) != NULL) {
		copy = xstrdup(v);
		for (s = copy; (w = strsep(&s, " \t")) != NULL;)
			if (*w != '\0')
				switch_strpush(&out, &n, w);
		free(copy);
	}
	out = xreallocarray(out, n + 1, sizeof(*out));
	out[n] = NULL;
	return (out);
}

/* Free what switch_ports() returned. */
static void
switch_freeports(char **v)
{
	char	**p;

	for (p = v; p != NULL && *p != NULL; p++)
		free(*p);
	free(v);
}

/* A switch that must exist: NULL + cause when not in switch_list. */
static int
switch_mustexist(const struct sysconf *sc, const char *name,
    enum switch_type *type, char **cause)
{
	int	 unknown;

	if (!switch_listed(sc, name)) {
		xasprintf(cause, "switch %s does not exist (see hyve switch "
		    "list)", name);
		return (-1);
	}
	*type = sysconf_switchtype(sc, name, &unknown);
	if (unknown) {
		xasprintf(cause, "switch %s: type_%s: unknown type \"%s\"",
		    name, name, switch_key(sc, "type", name));
		return (-1);
	}
	return (0);
}

/* The live bridge of a switch that must have one. */
static const struct switch_if *
switch_mustbridge(const struct sysconf *sc, const struct switch_host *h,
    const char *name, char **cause)
{
	const struct switch_if	*br;

	if ((br = switch_bridge(sc, h, name)) == NULL)
		xasprintf(cause, "switch %s has no bridge on this host "
		    "(destroy and create it again)", name);
	return (br);
}

/* A plan refused for a type that has no such operation. */
static struct switch_plan *
switch_unsupported(const char *name, enum switch_type t, const char *what,
    char **cause)
{
	xasprintf(cause, "switch %s: %s switches have no %s (only standard "
	    "ones do)", name, sysconf_typename(t), what);
	return (NULL);
}

/* The bridge create steps of a standard or vxlan switch. */
static const char *
switch_newbridge(struct switch_plan *p, const char *name, char **brname)
{
	char	*g;

	if (strlen(name) <= SWITCH_SHORTNAME) {
		xasprintf(brname, "vm-%s", name);
		switch_step(p, switch_cmd(PATH_IFCONFIG, "bridge create name "
		    "%s group vm-switch up", *brname), switch_cmd(
		    PATH_IFCONFIG, "%s destroy", *brname));
	} else {
		*brname = xstrdup(SWITCH_NEWBRIDGE);
		switch_step(p, switch_cmd(PATH_IFCONFIG, "bridge create descr "
		    "vm/%s group vm-switch up", name), switch_cmd(
		    PATH_IFCONFIG, "%s destroy", *brname));
		p->sp_steps[p->sp_n - 1].st_names = true;
	}
	g = net_viid(name);
	switch_step(p, switch_cmd(PATH_IFCONFIG, "%s group %s", *brname, g),
	    NULL);
	free(g);
	switch_step(p, switch_cmd(PATH_IFCONFIG, "%s link random", *brname),
	    NULL);
	return (*brname);
}

/* Check and plan "switch create" for a standard switch. */
static int
switch_create_standard(struct switch_plan *p, const struct switch_host *h,
    const char *name, const struct switch_opts *o, char **cause)
{
	char	*br, *ports, *copy, *s, *w;
	int	 rv = -1;

	copy = xstrdup(o->so_if != NULL ? o->so_if : "");
	ports = NULL;
	for (s = copy; (w = strsep(&s, " ,")) != NULL;)
		if (*w != '\0' && switch_checkport(h, w, cause) == -1)
			goto out;
	free(copy);
	copy = NULL;
	switch_newbridge(p, name, &br);
	if (o->so_addr != NULL)
		switch_step(p, switch_setaddr(br, o->so_addr, false), NULL);
	if (o->so_mtu != NULL)
		switch_step(p, switch_cmd(PATH_IFCONFIG, "%s mtu %s", br,
		    o->so_mtu), NULL);
	copy = xstrdup(o->so_if != NULL ? o->so_if : "");
	ports = xstrdup("");
	for (s = copy; (w = strsep(&s, " ,")) != NULL;) {
		if (*w == '\0')
			continue;
		switch_plugport(p, h, name, br, w, o->so_vlan, o->so_mtu);
		w = switch_listedit(ports, w, true);
		free(ports);
		ports = w;
	}
	if (*ports != '\0')
		switch_edit(p, "ports", name, ports);
	if (o->so_vlan != NULL)
		switch_edit(p, "vlan", name, o->so_vlan);
	if (o->so_addr != NULL)
		switch_edit(p, switch_addrkey(o->so_addr), name, o->so_addr);
	if (o->so_mtu != NULL)
		switch_edit(p, "mtu", name, o->so_mtu);
	free(br);
	rv = 0;
out:
	free(ports);
	free(copy);
	return (rv);
}

/* Check and plan "switch create" for a vxlan switch. */
static int
switch_create_vxlan(struct switch_plan *p, const struct switch_host *h,
    const char *name, const struct switch_opts *o, char **cause)
{
	const struct switch_if	*pi;
	char			*group, *br, vx[32];

	if (o->so_if == NULL || o->so_vlan == NULL) {
		xasprintf(cause, "switch %s: a vxlan switch needs -i "
		    "interface and -v vni", name);
		return (-1);
	}
	if (switch_checkport(h, o->so_if, cause) == -1)
		return (-1);
	pi = switch_host_find(h, o->so_if);
	if (pi->si_inet == NULL) {
		xasprintf(cause, "switch %s: %s has no IPv4 address for the "
		    "vxlan's local end (give it one first)", name, o->so_if);
		return (-1);
	}
	snprintf(vx, sizeof(vx), "vxlan%s", o->so_vlan);
	if (switch_host_find(h, vx) != NULL) {
		xasprintf(cause, "switch %s: %s already exists (another vxlan "
		    "switch uses vni %s)", name, vx, o->so_vlan);
		return (-1);
	}
	group = switch_vxlangroup(name);
	switch_step(p, switch_cmd(PATH_IFCONFIG, "%s create vxlanid %s "
	    "vxlanlocal %s vxlangroup %s vxlandev %s descr vm-vxlan/%s group "
	    "vm-vlan up", vx, o->so_vlan, pi->si_inet, group, o->so_if, name),
	    switch_cmd(PATH_IFCONFIG, "%s destroy", vx));
	switch_newbridge(p, name, &br);
	switch_step(p, switch_cmd(PATH_IFCONFIG, "%s addm %s", br, vx), NULL);
	switch_step(p, switch_cmd(PATH_ROUTE, "add -net %s/32 -iface %s",
	    group, o->so_if), switch_cmd(PATH_ROUTE, "delete -net %s/32 "
	    "-iface %s", group, o->so_if));
	if (o->so_addr != NULL)
		switch_step(p, switch_setaddr(br, o->so_addr, false), NULL);
	switch_edit(p, "ports", name, o->so_if);
	switch_edit(p, "vlan", name, o->so_vlan);
	if (o->so_addr != NULL)
		switch_edit(p, "addr", name, o->so_addr);
	free(group);
	free(br);
	return (0);
}

/* Check and plan "switch create" for a manual switch. */
static int
switch_create_manual(struct switch_plan *p, const struct switch_host *h,
    const char *name, const struct switch_opts *o, char **cause)
{
	const struct switch_if	*bi;
	char			*g;

	if (o->so_bridge == NULL) {
		xasprintf(cause, "switch %s: a manual switch needs -b bridge "
		    "(an existing bridge, e.g. from rc.conf)", name);
		return (-1);
	}
	if ((bi = switch_host_find(h, o->so_bridge)) == NULL ||
	    !switch_if_ingroup(bi, "bridge")) {
		xasprintf(cause, "switch %s: %s is not an existing bridge "
		    "(create it in rc.conf: cloned_interfaces=\"%s\")", name,
		    o->so_bridge, o->so_bridge);
		return (-1);
	}
	g = net_viid(name);
	switch_step(p, switch_cmd(PATH_IFCONFIG, "%s group vm-switch up",
	    o->so_bridge), switch_cmd(PATH_IFCONFIG, "%s -group vm-switch",
	    o->so_bridge));
	switch_step(p, switch_cmd(PATH_IFCONFIG, "%s group %s", o->so_bridge,
	    g), switch_cmd(PATH_IFCONFIG, "%s -group %s", o->so_bridge, g));
	switch_edit(p, "bridge", name, o->so_bridge);
	free(g);
	return (0);
}

/* Plan "switch create". */
struct switch_plan *
switch_plan_create(const struct sysconf *sc, const struct switch_host *h,
    const char *name, const struct switch_opts *o, char **cause)
{
	struct switch_plan	*p;
	const char		*tname = o->so_type != NULL ? o->so_type :
				    "standard";
	enum switch_type	 t;
	char			*why = NULL, *list;
	int			 rv = 0;

	if (name_valid(name, &why) == -1) {
		xasprintf(cause, "switch name %s: %s", name, why);
		free(why);
		return (NULL);
	}
	if (switch_listed(sc, name) || switch_key(sc, "type", name) != NULL) {
		xasprintf(cause, "switch %s already exists (see hyve switch "
		    "info %s)", name, name);
		return (NULL);
	}
	for (t = SWITCH_STANDARD; t <= SWITCH_VXLAN; t++)
		if (strcmp(tname, sysconf_typename(t)) == 0)
			break;
	if (t > SWITCH_VXLAN) {
		xasprintf(cause, "switch %s: unknown type \"%s\" (standard, "
		    "manual, vale, netgraph or vxlan)", name, tname);
		return (NULL);
	}
	if (o->so_vlan != NULL && switch_number(o->so_vlan, 1,
	    t == SWITCH_VXLAN ? 8 : 4, t == SWITCH_VXLAN ? 16777215 : 4094) <
	    0) {
		xasprintf(cause, "switch %s: %s \"%s\" is not a number from 0 "
		    "to %d", name, t == SWITCH_VXLAN ? "vni" : "vlan",
		    o->so_vlan, t == SWITCH_VXLAN ? 16777215 : 4094);
		return (NULL);
	}
	if (o->so_mtu != NULL && switch_number(o->so_mtu, 3, 4,
	    SWITCH_MAXMTU) < 0) {
		xasprintf(cause, "switch %s: mtu \"%s\" is not a number from "
		    "100 to %d", name, o->so_mtu, SWITCH_MAXMTU);
		return (NULL);
	}
	if (o->so_addr != NULL && switch_checkaddr(o->so_addr, cause) == -1)
		return (NULL);
	/* Options a type ignores are refused rather than dropped. */
	if ((t != SWITCH_STANDARD && t != SWITCH_VXLAN && (o->so_if != NULL ||
	    o->so_vlan != NULL || o->so_addr != NULL)) ||
	    (t != SWITCH_STANDARD && o->so_mtu != NULL) ||
	    (t != SWITCH_MANUAL && o->so_bridge != NULL) ||
	    ((t == SWITCH_VALE || t == SWITCH_NETGRAPH) && o->so_private)) {
		xasprintf(cause, "switch %s: a %s switch takes none of the "
		    "options given (see hyve(8) SWITCHES)", name, tname);
		return (NULL);
	}
	p = xcalloc(1, sizeof(*p));
	if (t == SWITCH_STANDARD)
		rv = switch_create_standard(p, h, name, o, cause);
	else if (t == SWITCH_VXLAN)
		rv = switch_create_vxlan(p, h, name, o, cause);
	else if (t == SWITCH_MANUAL)
		rv = switch_create_manual(p, h, name, o, cause);
	if (rv == -1) {
		switch_plan_free(p);
		return (NULL);
	}
	list = switch_listedit(sysconf_get(sc, "switch_list"), name, true);
	switch_edit(p, "switch_list", NULL, list);
	free(list);
	switch_edit(p, "type", name, tname);
	if (o->so_private)
		switch_edit(p, "private", name, "yes");
	return (p);
}

/* Plan "switch destroy". */
struct switch_plan *
switch_plan_destroy(const struct sysconf *sc, const struct switch_host *h,
    const char *name, const char *users, char **cause)
{
	static const char *const keys[] = { "ports", "vlan", "nat", "type",
	    "addr", "addr6", "private", "mtu", "bridge" };
	const struct switch_if	*br;
	struct switch_plan	*p;
	enum switch_type	 t;
	const char		*vlan, *port;
	char			**ports, *g, *list, *group;
	size_t			 i;

	if (switch_mustexist(sc, name, &t, cause) == -1)
		return (NULL);
	if (users != NULL) {
		xasprintf(cause, "switch %s is used by %s (move their "
		    "networkN_switch to another switch first)", name, users);
		return (NULL);
	}
	p = xcalloc(1, sizeof(*p));
	br = switch_bridge(sc, h, name);
	vlan = switch_val(sc, "vlan", name);
	if (t == SWITCH_STANDARD && br != NULL) {
		ports = switch_ports(sc, name);
		for (i = 0; ports[i] != NULL; i++)
			switch_unplugport(p, h, name, br->si_name, ports[i],
			    vlan);
		switch_freeports(ports);
		switch_step(p, switch_cmd(PATH_IFCONFIG, "%s destroy",
		    br->si_name), NULL);
	} else if (t == SWITCH_VXLAN && br != NULL) {
		if ((port = switch_val(sc, "ports", name)) != NULL) {
			group = switch_vxlangroup(name);
			switch_step(p, switch_cmd(PATH_ROUTE, "delete -net "
			    "%s/32 -iface %s", group, port), switch_cmd(
			    PATH_ROUTE, "add -net %s/32 -iface %s", group,
			    port));
			free(group);
		}
		switch_step(p, switch_cmd(PATH_IFCONFIG, "%s destroy",
		    br->si_name), NULL);
		if (vlan != NULL) {
			g = NULL;
			xasprintf(&g, "vxlan%s", vlan);
			if (switch_host_find(h, g) != NULL)
				switch_step(p, switch_cmd(PATH_IFCONFIG,
				    "%s destroy", g), NULL);
			free(g);
		}
	} else if (t == SWITCH_MANUAL && br != NULL) {
		/* Not hyve's bridge: only the groups hyve gave it go. */
		g = net_viid(name);
		switch_step(p, switch_cmd(PATH_IFCONFIG, "%s -group %s",
		    br->si_name, g), switch_cmd(PATH_IFCONFIG, "%s group %s",
		    br->si_name, g));
		switch_step(p, switch_cmd(PATH_IFCONFIG, "%s -group vm-switch",
		    br->si_name), switch_cmd(PATH_IFCONFIG, "%s group "
		    "vm-switch", br->si_name));
		free(g);
	}
	list = switch_listedit(sysconf_get(sc, "switch_list"), name, false);
	switch_edit(p, "switch_list", NULL, list);
	free(list);
	for (i = 0; i < nitems(keys); i++)
		if (switch_key(sc, keys[i], name) != NULL)
			switch_edit(p, keys[i], name, NULL);
	return (p);
}

/* The start of every standard-only plan: exists, standard, has a bridge. */
static struct switch_plan *
switch_plan_std(const struct sysconf *sc, const struct switch_host *h,
    const char *name, const char *what, const struct switch_if **br,
    char **cause)
{
	enum switch_type	 t;

	if (switch_mustexist(sc, name, &t, cause) == -1)
		return (NULL);
	if (t != SWITCH_STANDARD)
		return (switch_unsupported(name, t, what, cause));
	if ((*br = switch_mustbridge(sc, h, name, cause)) == NULL)
		return (NULL);
	return (xcalloc(1, sizeof(struct switch_plan)));
}

/* Plan "switch add". */
struct switch_plan *
switch_plan_add(const struct sysconf *sc, const struct switch_host *h,
    const char *name, const char *port, char **cause)
{
	const struct switch_if	*br;
	struct switch_plan	*p;
	char			**ports, *list;
	size_t			 i;

	if ((p = switch_plan_std(sc, h, name, "ports", &br, cause)) == NULL)
		return (NULL);
	if (switch_checkport(h, port, cause) == -1) {
		switch_plan_free(p);
		return (NULL);
	}
	ports = switch_ports(sc, name);
	for (i = 0; ports[i] != NULL; i++)
		if (strcmp(ports[i], port) == 0) {
			xasprintf(cause, "switch %s: %s is already one of its "
			    "ports", name, port);
			switch_freeports(ports);
			switch_plan_free(p);
			return (NULL);
		}
	switch_freeports(ports);
	switch_plugport(p, h, name, br->si_name, port,
	    switch_val(sc, "vlan", name), switch_val(sc, "mtu", name));
	list = switch_listedit(switch_key(sc, "ports", name), port, true);
	switch_edit(p, "ports", name, list);
	free(list);
	return (p);
}

/* Plan "switch remove". */
struct switch_plan *
switch_plan_remove(const struct sysconf *sc, const struct switch_host *h,
    const char *name, const char *port, char **cause)
{
	const struct switch_if	*br;
	struct switch_plan	*p;
	char			**ports, *list;
	size_t			 i;
	bool			 found = false;

	if ((p = switch_plan_std(sc, h, name, "ports", &br, cause)) == NULL)
		return (NULL);
	ports = switch_ports(sc, name);
	for (i = 0; ports[i] != NULL; i++)
		if (strcmp(ports[i], port) == 0)
			found = true;
	switch_freeports(ports);
	if (!found) {
		xasprintf(cause, "switch %s: %s is not one of its ports (ports_"
		    "%s)", name, port, name);
		switch_plan_free(p);
		return (NULL);
	}
	switch_unplugport(p, h, name, br->si_name, port,
	    switch_val(sc, "vlan", name));
	list = switch_listedit(switch_key(sc, "ports", name), port, false);
	switch_edit(p, "ports", name, *list != '\0' ? list : NULL);
	free(list);
	return (p);
}

/* Plan "switch vlan": unplug every port, replug with the new tag. */
struct switch_plan *
switch_plan_vlan(const struct sysconf *sc, const struct switch_host *h,
    const char *name, const char *vlan, char **cause)
{
	const struct switch_if	*br;
	struct switch_plan	*p;
	const char		*old;
	char			**ports;
	size_t			 i;

	if (switch_number(vlan, 1, 4, 4094) < 0) {
		xasprintf(cause, "switch %s: vlan \"%s\" is not a number from "
		    "0 (none) to 4094", name, vlan);
		return (NULL);
	}
	if ((p = switch_plan_std(sc, h, name, "vlan", &br, cause)) == NULL)
		return (NULL);
	old = switch_val(sc, "vlan", name);
	if (strcmp(vlan, "0") == 0)
		vlan = NULL;
	ports = switch_ports(sc, name);
	for (i = 0; ports[i] != NULL; i++)
		switch_unplugport(p, h, name, br->si_name, ports[i], old);
	for (i = 0; ports[i] != NULL; i++)
		switch_plugport(p, h, name, br->si_name, ports[i], vlan,
		    switch_val(sc, "mtu", name));
	switch_freeports(ports);
	switch_edit(p, "vlan", name, vlan);
	return (p);
}

/* Plan "switch address": the old address goes, the new one comes. */
struct switch_plan *
switch_plan_address(const struct sysconf *sc, const struct switch_host *h,
    const char *name, const char *addr, char **cause)
{
	const struct switch_if	*br;
	struct switch_plan	*p;
	const char		*old4, *old6;

	if (strcmp(addr, "none") != 0 && switch_checkaddr(addr, cause) == -1)
		return (NULL);
	if ((p = switch_plan_std(sc, h, name, "address", &br, cause)) == NULL)
		return (NULL);
	old4 = switch_val(sc, "addr", name);
	old6 = switch_val(sc, "addr6", name);
	if (old4 != NULL)
		switch_step(p, switch_setaddr(br->si_name, old4, true),
		    switch_setaddr(br->si_name, old4, false));
	if (old6 != NULL)
		switch_step(p, switch_setaddr(br->si_name, old6, true),
		    switch_setaddr(br->si_name, old6, false));
	if (strcmp(addr, "none") != 0)
		switch_step(p, switch_setaddr(br->si_name, addr, false),
		    switch_setaddr(br->si_name, addr, true));
	if (old4 != NULL)
		switch_edit(p, "addr", name, NULL);
	if (old6 != NULL)
		switch_edit(p, "addr6", name, NULL);
	if (strcmp(addr, "none") != 0)
		switch_edit(p, switch_addrkey(addr), name, addr);
	return (p);
}

/* Plan "switch private": applies to taps plugged from now on. */
struct switch_plan *
switch_plan_private(const struct sysconf *sc, const struct switch_host *h,
    const char *name, const char *yesno, char **cause)
{
	struct switch_plan	*p;
	enum switch_type	 t;

	(void)h;
	if (strcmp(yesno, "yes") != 0 && strcmp(yesno, "no") != 0) {
		xasprintf(cause, "switch %s: private takes yes or no, not "
		    "\"%s\"", name, yesno);
		return (NULL);
	}
	if (switch_mustexist(sc, name, &t, cause) == -1)
		return (NULL);
	if (t == SWITCH_VALE || t == SWITCH_NETGRAPH)
		return (switch_unsupported(name, t, "private flag", cause));
	p = xcalloc(1, sizeof(*p));
	switch_edit(p, "private", name, yesno);
	return (p);
}

/* Plan "switch mtu": the bridge and every port take it. */
struct switch_plan *
switch_plan_mtu(const struct sysconf *sc, const struct switch_host *h,
    const char *name, const char *mtu, char **cause)
{
	const struct switch_if	*br, *pi;
	struct switch_plan	*p;
	char			**ports;
	size_t			 i;

	if (switch_number(mtu, 3, 4, SWITCH_MAXMTU) < 0) {
		xasprintf(cause, "switch %s: mtu \"%s\" is not a number from "
		    "100 to %d", name, mtu, SWITCH_MAXMTU);
		return (NULL);
	}
	if ((p = switch_plan_std(sc, h, name, "mtu", &br, cause)) == NULL)
		return (NULL);
	ports = switch_ports(sc, name);
	/* Ports first: if_bridge refuses members whose MTU differs. */
	for (i = 0; ports[i] != NULL; i++) {
		pi = switch_host_find(h, ports[i]);
		switch_step(p, switch_cmd(PATH_IFCONFIG, "%s mtu %s", ports[i],
		    mtu), pi != NULL && pi->si_mtu > 0 ? switch_cmd(
		    PATH_IFCONFIG, "%s mtu %d", ports[i], pi->si_mtu) : NULL);
	}
	switch_freeports(ports);
	switch_step(p, switch_cmd(PATH_IFCONFIG, "%s mtu %s", br->si_name,
	    mtu), br->si_mtu > 0 ? switch_cmd(PATH_IFCONFIG, "%s mtu %d",
	    br->si_name, br->si_mtu) : NULL);
	switch_edit(p, "mtu", name, mtu);
	return (p);
}

/* Guest and NIC of a tap from its "vmnet/GUEST/N/SWITCH" description. */
int
switch_tapowner(const char *descr, char **guest, int *nic)
{
	const char	*g, *n;
	size_t		 glen, nlen;

	*guest = NULL;
	*nic = -1;
	if (descr == NULL || strncmp(descr, "vmnet/", 6) != 0)
		return (-1);
	g = descr + 6;
	glen = strcspn(g, "/");
	if (glen == 0 || g[glen] != '/')
		return (-1);
	n = g + glen + 1;
	nlen = strspn(n, "0123456789");
	if (nlen == 0 || nlen > 4 || (n[nlen] != '/' && n[nlen] != '\0'))
		return (-1);
	*guest = xstrndup(g, glen);
	*nic = atoi(n);
	return (0);
}

/* The first label line BRIDGE_<name>_NAME="..." of hyve.conf. */
char *
switch_label(const struct conf *c, const char *name)
{
	const char	*raw, *v;
	char		*key, *p, *out = NULL;
	size_t		 i, klen, vlen;

	if (c == NULL)
		return (NULL);
	xasprintf(&key, "BRIDGE_%s_NAME=", name);
	for (p = key; *p != '\0'; p++)
		if (*p == '-' || *p == '.')
			*p = '_';
	klen = strlen(key);
	for (i = 0; i < c->c_n; i++) {
		raw = c->c_lines[i].cl_raw;
		raw += strspn(raw, " \t");
		if (strncmp(raw, key, klen) != 0)
			continue;
		v = raw + klen;
		vlen = strlen(v);
		/* The shell's quoting: one pair of quotes around the value. */
		if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') &&
		    v[vlen - 1] == v[0]) {
			v++;
			vlen -= 2;
		}
		/* The first line wins, as conf_get() reads keys. */
		out = xstrndup(v, vlen);
		break;
	}
	free(key);
	return (out);
}

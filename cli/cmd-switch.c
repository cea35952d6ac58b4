/*
 * cmd-switch.c - "hyve switch": vm-bhyve's virtual switches.
 *
 *	switch list
 *	switch info [name ...]
 *	switch create [-np] [-t type] [-i if] [-v vlan] [-m mtu]
 *	    [-a addr] [-b bridge] name
 *	switch destroy|add|remove|vlan|address|private|mtu [-n] name [arg]
 *
 * The plans come from lib/switch.c; this file reads the host ("ifconfig
 * -a") and system.conf, runs a plan's commands, undoes the completed
 * ones when one fails, and saves system.conf only when all succeeded.
 */
#include "compat.h"

#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "conf.h"
#include "datastore.h"
#include "hyve.h"
#include "model.h"
#include "net.h"
#include "paths.h"
#include "spawn.h"
#include "switch.h"
#include "sysconf.h"
#include "xmalloc.h"

/* How long one ifconfig or route may take. */
#define SWITCH_TIMEOUT_MS	30000

static int	cmd_switch_exec(struct cmd_args *);

const struct cmd_entry cmd_switch_entry = {
	.ce_name = "switch",
	.ce_usage = "list | info [name ...] | create [-np] [-t type] "
	    "[-i interface] [-v vlan] [-m mtu] [-a address] [-b bridge] name | "
	    "destroy|add|remove|vlan|address|private|mtu [-n] name [value]",
	.ce_help = "list, create, change and destroy virtual switches",
	.ce_optstring = "n",
	.ce_minargs = 1,
	.ce_maxargs = -1,
	.ce_exec = cmd_switch_exec,
};

/* Run a command; its output in *out (caller frees).  0 on success. */
static int
cmd_switch_runcmd(const struct argv *a, char **out)
{
	char	*cause = NULL;
	int	 rv;

	*out = NULL;
	rv = spawn_run(a, out, SWITCH_TIMEOUT_MS, &cause);
	if (rv == -1) {
		free(*out);
		*out = cause;
	}
	return (rv);
}

/* Load system.conf and the host's interfaces; -1 after saying why. */
int
cmd_switch_load(struct swctx *x)
{
	struct argv	*a;
	char		*path, *cause = NULL, *out;

	client_hostconf();
	if ((x->dl = datastore_list(&cause)) == NULL ||
	    x->dl->dl_v[0].ds_path == NULL) {
		warnx("%s", cause != NULL ? cause : "vm_dir: no such "
		    "directory");
		free(cause);
		return (-1);
	}
	xasprintf(&path, "%s/.config/system.conf", x->dl->dl_v[0].ds_path);
	x->sc = sysconf_load(path, &cause);
	free(path);
	if (x->sc == NULL) {
		warnx("%s", cause);
		free(cause);
		return (-1);
	}
	a = argv_new();
	argv_add(a, paths_get(PATH_IFCONFIG));
	argv_add(a, "-a");
	if (cmd_switch_runcmd(a, &out) != 0) {
		warnx("ifconfig -a: %s", out != NULL ? out : "failed");
		free(out);
		argv_free(a);
		return (-1);
	}
	x->host = switch_host_parse(out);
	free(out);
	argv_free(a);
	return (0);
}

/* Free what cmd_switch_load() made. */
void
cmd_switch_unload(struct swctx *x)
{
	sysconf_free(x->sc);
	switch_host_free(x->host);
	datastore_list_free(x->dl);
}

/* Does the guest config c put a NIC on switch name? */
static bool
cmd_switch_guestuses(const struct conf *c, const char *name)
{
	const struct conf_line	*cl;
	size_t			 i, n;

	for (i = 0; i < c->c_n; i++) {
		cl = &c->c_lines[i];
		if (cl->cl_key == NULL || strncmp(cl->cl_key, "network", 7))
			continue;
		n = strspn(cl->cl_key + 7, "0123456789");
		if (n > 0 && strcmp(cl->cl_key + 7 + n, "_switch") == 0 &&
		    strcmp(cl->cl_value, name) == 0)
			return (true);
	}
	return (false);
}

/* qsort(3) order of guest names. */
static int
cmd_switch_cmpname(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * The guests (in every datastore) whose config names switch name, in
 * name order as "db, web", or NULL for none.
 */
char *
cmd_switch_users(const struct datastore_list *dl, const char *name)
{
	const struct datastore	*ds;
	struct dirent		*de;
	struct conf		*c;
	DIR			*d;
	char			*file, *cause, *list = NULL, *tmp;
	char			**v = NULL;
	size_t			 i, n = 0;

	for (i = 0; i < dl->dl_n; i++) {
		ds = &dl->dl_v[i];
		if (ds->ds_path == NULL || ds->ds_kind == DATASTORE_ISO ||
		    ds->ds_kind == DATASTORE_IMG ||
		    (d = opendir(ds->ds_path)) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			xasprintf(&file, "%s/%s/%s.conf", ds->ds_path,
			    de->d_name, de->d_name);
			cause = NULL;
			c = conf_load(file, &cause);
			free(cause);
			free(file);
			if (c != NULL && cmd_switch_guestuses(c, name)) {
				v = xreallocarray(v, n + 1, sizeof(*v));
				v[n++] = xstrdup(de->d_name);
			}
			conf_free(c);
		}
		closedir(d);
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), cmd_switch_cmpname);
	for (i = 0; i < n; i++) {
		xasprintf(&tmp, "%s%s%s", list != NULL ? list : "",
		    list != NULL ? ", " : "", v[i]);
		free(list);
		list = tmp;
		free(v[i]);
	}
	free(v);
	return (list);
}

/* A copy of a with SWITCH_NEWBRIDGE replaced by name. */
static struct argv *
cmd_switch_subst(const struct argv *a, const char *name)
{
	struct argv	*b;
	size_t		 i;

	b = argv_new();
	for (i = 0; i < a->a_n; i++)
		argv_add(b, name != NULL && strcmp(a->a_v[i],
		    SWITCH_NEWBRIDGE) == 0 ? name : a->a_v[i]);
	return (b);
}

/* Undo steps [0, n) of a plan, last first; failures are reported. */
static void
cmd_switch_undo(const struct switch_plan *p, size_t n, const char *newname)
{
	struct argv	*a;
	char		*out, *cmd;

	while (n-- > 0) {
		if (p->sp_steps[n].st_undo == NULL)
			continue;
		a = cmd_switch_subst(p->sp_steps[n].st_undo, newname);
		if (cmd_switch_runcmd(a, &out) != 0) {
			cmd = argv_string(a);
			warnx("undo: %s: %s", cmd, out != NULL ? out : "");
			free(cmd);
		}
		free(out);
		argv_free(a);
	}
}

/*
 * Print a plan (-n) or carry it out: every command in order, then the
 * system.conf edits.  On any failure the done commands are undone and
 * system.conf is left as it was.
 */
static int
cmd_switch_apply(struct swctx *x, const char *name, struct switch_plan *p,
    bool dryrun)
{
	struct argv	*a;
	char		*cmd, *out, *newname = NULL, *cause = NULL;
	size_t		 i;
	int		 rv = HYVE_EXIT_OK;

	for (i = 0; i < p->sp_n && dryrun; i++) {
		cmd = argv_string(p->sp_steps[i].st_do);
		printf("run %s\n", cmd);
		free(cmd);
	}
	for (i = 0; i < p->sp_nedits && dryrun; i++)
		if (p->sp_edits[i].se_value != NULL)
			printf("set %s=\"%s\"\n", p->sp_edits[i].se_key,
			    p->sp_edits[i].se_value);
		else
			printf("unset %s\n", p->sp_edits[i].se_key);
	if (dryrun)
		return (HYVE_EXIT_OK);
	for (i = 0; i < p->sp_n; i++) {
		a = cmd_switch_subst(p->sp_steps[i].st_do, newname);
		if (cmd_switch_runcmd(a, &out) != 0) {
			cmd = argv_string(a);
			if (out != NULL)
				out[strcspn(out, "\n")] = '\0';
			warnx("switch %s: %s: %s (nothing changed)", name, cmd,
			    out != NULL && *out != '\0' ? out : "failed");
			free(cmd);
			free(out);
			argv_free(a);
			cmd_switch_undo(p, i, newname);
			free(newname);
			return (HYVE_EXIT_ERR);
		}
		if (p->sp_steps[i].st_names && out != NULL)
			newname = xstrndup(out, strcspn(out, "\n"));
		free(out);
		argv_free(a);
	}
	for (i = 0; i < p->sp_nedits && rv == HYVE_EXIT_OK; i++)
		if (p->sp_edits[i].se_value == NULL)
			conf_unset(x->sc->sc_conf, p->sp_edits[i].se_key);
		else if (conf_set(x->sc->sc_conf, p->sp_edits[i].se_key,
		    p->sp_edits[i].se_value, &cause) == -1)
			rv = HYVE_EXIT_ERR;
	if (rv == HYVE_EXIT_OK && conf_save(x->sc->sc_conf, &cause) == -1)
		rv = HYVE_EXIT_ERR;
	if (rv != HYVE_EXIT_OK) {
		warnx("switch %s: %s (host changes undone)", name, cause);
		free(cause);
		cmd_switch_undo(p, p->sp_n, newname);
	}
	free(newname);
	return (rv);
}

/* The words of a list value, or "-" for none. */
static const char *
cmd_switch_or(const char *v)
{
	return (v != NULL && *v != '\0' ? v : "-");
}

/* A system.conf value KEY_NAME. */
static const char *
cmd_switch_key(const struct sysconf *sc, const char *key, const char *name)
{
	char	 buf[128];

	snprintf(buf, sizeof(buf), "%s_%s", key, name);
	return (sysconf_get(sc, buf));
}

/* The interface that stands for a switch in list and info. */
static char *
cmd_switch_ident(const struct swctx *x, const char *name)
{
	const struct switch_if	*br;
	enum switch_type	 t;
	char			 h[6], *s;
	int			 unknown;

	t = sysconf_switchtype(x->sc, name, &unknown);
	if (t == SWITCH_VALE) {
		/* The VALE switch every port name starts with. */
		net_md5prefix(name, h, 5);
		xasprintf(&s, "vale%s", h);
		return (s);
	}
	if (t == SWITCH_NETGRAPH) {
		xasprintf(&s, "%s:", name);
		return (s);
	}
	br = switch_bridge(x->sc, x->host, name);
	return (xstrdup(br != NULL ? br->si_name : "-"));
}

/* The address of a switch: addr_NAME, else addr6_NAME. */
static const char *
cmd_switch_addr(const struct sysconf *sc, const char *name)
{
	const char	*v;

	v = cmd_switch_key(sc, "addr", name);
	if (v == NULL || *v == '\0')
		v = cmd_switch_key(sc, "addr6", name);
	return (cmd_switch_or(v));
}

/* "switch list": vm-bhyve's columns. */
static int
cmd_switch_list(struct swctx *x)
{
	const char	*fmt = "%-12s %-9s %-12s %-18s %-7s %-5s %-5s %s\n";
	char		**names, *ident, **n;
	int		 unknown;

	printf(fmt, "NAME", "TYPE", "IFACE", "ADDRESS", "PRIVATE", "MTU",
	    "VLAN", "PORTS");
	names = sysconf_words(x->sc, "switch_list");
	for (n = names; *n != NULL; n++) {
		ident = cmd_switch_ident(x, *n);
		printf(fmt, *n, sysconf_typename(sysconf_switchtype(x->sc, *n,
		    &unknown)), ident, cmd_switch_addr(x->sc, *n),
		    model_yesno(cmd_switch_key(x->sc, "private", *n)) ?
		    "yes" : "no", cmd_switch_or(cmd_switch_key(x->sc, "mtu",
		    *n)), cmd_switch_or(cmd_switch_key(x->sc, "vlan", *n)),
		    cmd_switch_or(cmd_switch_key(x->sc, "ports", *n)));
		free(ident);
	}
	sysconf_freewords(names);
	return (HYVE_EXIT_OK);
}

/* "switch info": one block per switch, with the guests plugged in. */
static int
cmd_switch_info(struct swctx *x, int argc, char **argv)
{
	const struct switch_if	*br, *m;
	char			**names, *ident, **n, *v, *s, *guest, *nic;
	size_t			 i;
	int			 unknown, rv = HYVE_EXIT_OK;

	names = sysconf_words(x->sc, "switch_list");
	for (i = 0; i < (size_t)argc; i++)
		if (!switch_listed(x->sc, argv[i])) {
			warnx("switch %s does not exist (see hyve switch "
			    "list)", argv[i]);
			rv = HYVE_EXIT_ERR;
		}
	for (n = names; *n != NULL && rv == HYVE_EXIT_OK; n++) {
		for (i = 0; i < (size_t)argc; i++)
			if (strcmp(argv[i], *n) == 0)
				break;
		if (argc > 0 && i == (size_t)argc)
			continue;
		ident = cmd_switch_ident(x, *n);
		printf("switch %s\n", *n);
		printf("  type: %s\n", sysconf_typename(sysconf_switchtype(
		    x->sc, *n, &unknown)));
		printf("  ident: %s\n", ident);
		printf("  address: %s\n", cmd_switch_addr(x->sc, *n));
		printf("  private: %s\n", model_yesno(cmd_switch_key(x->sc,
		    "private", *n)) ? "yes" : "no");
		printf("  mtu: %s\n", cmd_switch_or(cmd_switch_key(x->sc,
		    "mtu", *n)));
		printf("  vlan: %s\n", cmd_switch_or(cmd_switch_key(x->sc,
		    "vlan", *n)));
		printf("  physical-ports: %s\n", cmd_switch_or(
		    cmd_switch_key(x->sc, "ports", *n)));
		br = switch_bridge(x->sc, x->host, *n);
		for (i = 0; br != NULL && i < br->si_nports; i++) {
			m = switch_host_find(x->host, br->si_ports[i].sp_name);
			/* Guest taps are described vmnet/GUEST/N/SWITCH. */
			if (m == NULL || m->si_descr == NULL ||
			    strncmp(m->si_descr, "vmnet/", 6) != 0)
				continue;
			s = v = xstrdup(m->si_descr + 6);
			guest = strsep(&s, "/");
			nic = strsep(&s, "/");
			printf("  virtual-port: %s guest %s network%s%s\n",
			    br->si_ports[i].sp_name, guest, nic != NULL ? nic :
			    "?", br->si_ports[i].sp_span ? " (span)" : "");
			free(v);
		}
		free(ident);
	}
	sysconf_freewords(names);
	return (rv);
}

/*
 * Parse a subcommand's options by hand (getopt runs once per process,
 * see hyve.c): flags in "flags", options with an argument in "args".
 * Returns the index of the first operand, or -1 for a bad option.
 */
static int
cmd_switch_opts(int argc, char **argv, const char *flags, const char *args,
    bool *set, char **val)
{
	int	 i;
	char	*p;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0';
	    i++) {
		if (strcmp(argv[i], "--") == 0)
			return (i + 1);
		for (p = argv[i] + 1; *p != '\0'; p++) {
			if (strchr(flags, *p) != NULL) {
				set[(unsigned char)*p] = true;
				continue;
			}
			if (strchr(args, *p) == NULL)
				return (-1);
			set[(unsigned char)*p] = true;
			if (p[1] != '\0')
				val[(unsigned char)*p] = p + 1;
			else if (i + 1 < argc)
				val[(unsigned char)*p] = argv[++i];
			else
				return (-1);
			break;
		}
	}
	return (i);
}

/* The subcommands that change things and take "name [value]". */
static const struct {
	const char	*name;
	int		 nargs;	/* operands after the switch name */
	struct switch_plan *(*plan)(const struct sysconf *,
	    const struct switch_host *, const char *, const char *, char **);
} cmd_switch_changes[] = {
	{ "add", 1, switch_plan_add },
	{ "remove", 1, switch_plan_remove },
	{ "vlan", 1, switch_plan_vlan },
	{ "address", 1, switch_plan_address },
	{ "private", 1, switch_plan_private },
	{ "mtu", 1, switch_plan_mtu },
};

/* Dispatch a subcommand. */
static int
cmd_switch_exec(struct cmd_args *ca)
{
	struct switch_opts	 o;
	struct switch_plan	*p = NULL;
	struct swctx		 x;
	const char		*sub = ca->ca_argv[0];
	bool			 set[256];
	char			*val[256], *cause = NULL, *users;
	size_t			 k;
	char			 what[64];
	int			 first, rv = HYVE_EXIT_ERR;

	memset(set, 0, sizeof(set));
	memset(val, 0, sizeof(val));
	memset(&x, 0, sizeof(x));
	first = cmd_switch_opts(ca->ca_argc, ca->ca_argv,
	    strcmp(sub, "create") == 0 ? "np" : "n",
	    strcmp(sub, "create") == 0 ? "tivmab" : "", set, val);
	if (first == -1)
		return (cmd_badusage(&cmd_switch_entry));
	set['n'] |= ca->ca_set['n'];
	if (strcmp(sub, "list") == 0 || strcmp(sub, "info") == 0) {
		if (strcmp(sub, "list") == 0 && ca->ca_argc != first)
			return (cmd_badusage(&cmd_switch_entry));
		if (cmd_switch_load(&x) == -1)
			goto out;
		rv = strcmp(sub, "list") == 0 ? cmd_switch_list(&x) :
		    cmd_switch_info(&x, ca->ca_argc - first, ca->ca_argv +
		    first);
		goto out;
	}
	if (strcmp(sub, "create") == 0 || strcmp(sub, "destroy") == 0)
		k = nitems(cmd_switch_changes);
	else {
		for (k = 0; k < nitems(cmd_switch_changes); k++)
			if (strcmp(sub, cmd_switch_changes[k].name) == 0)
				break;
		if (k == nitems(cmd_switch_changes)) {
			warnx("switch: unknown subcommand %s", sub);
			return (cmd_badusage(&cmd_switch_entry));
		}
	}
	if (ca->ca_argc - first != (k < nitems(cmd_switch_changes) ?
	    1 + cmd_switch_changes[k].nargs : 1))
		return (cmd_badusage(&cmd_switch_entry));
	/* list and info only read; every other subcommand changes. */
	snprintf(what, sizeof(what), "switch %s", sub);
	cmd_needroot(what, set['n']);
	if (cmd_switch_load(&x) == -1)
		goto out;
	if (strcmp(sub, "create") == 0) {
		memset(&o, 0, sizeof(o));
		o.so_type = val['t'];
		o.so_if = val['i'];
		o.so_vlan = val['v'];
		o.so_mtu = val['m'];
		o.so_addr = val['a'];
		o.so_bridge = val['b'];
		o.so_private = set['p'];
		p = switch_plan_create(x.sc, x.host, ca->ca_argv[first], &o,
		    &cause);
	} else if (strcmp(sub, "destroy") == 0) {
		users = cmd_switch_users(x.dl, ca->ca_argv[first]);
		p = switch_plan_destroy(x.sc, x.host, ca->ca_argv[first],
		    users, &cause);
		free(users);
	} else
		p = cmd_switch_changes[k].plan(x.sc, x.host,
		    ca->ca_argv[first], ca->ca_argv[first + 1], &cause);
	if (p == NULL) {
		warnx("%s", cause);
		free(cause);
		goto out;
	}
	rv = cmd_switch_apply(&x, ca->ca_argv[first], p, set['n']);
out:
	switch_plan_free(p);
	cmd_switch_unload(&x);
	return (rv);
}

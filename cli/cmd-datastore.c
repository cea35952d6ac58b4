/*
 * cmd-datastore.c - "hyve datastore list|add|remove": the datastores
 * of .config/system.conf, with vm-bhyve's keys (datastore_list and
 * path_NAME).
 *
 * add and remove only edit system.conf: like vm-bhyve, hyve creates no
 * directory or dataset for a new datastore and deletes nothing of one
 * it forgets.  remove refuses a datastore that still holds guests
 * (they would vanish from hyve list and could not be named) unless -f
 * is given, and refuses one holding a running guest even then (its
 * supervisor could no longer be reached by the guest's name).
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "datastore.h"
#include "hyve.h"
#include "json.h"
#include "runstate.h"
#include "sysconf.h"
#include "xmalloc.h"

static int	cmd_datastore_exec(struct cmd_args *);

/*
 * Not CMD_ROOT as a whole: "list" is for every user; add and remove
 * make the same root check themselves (cmd_needroot()).
 */
const struct cmd_entry cmd_datastore_entry = {
	.ce_name = "datastore",
	.ce_usage = "list [--json] | add [-n] name spec | remove [-fn] name",
	.ce_help = "list, add or remove datastores (system.conf)",
	.ce_optstring = "fn",
	.ce_longopts = cmd_json_longopts,
	.ce_minargs = 1,
	.ce_maxargs = 5,
	.ce_exec = cmd_datastore_exec,
};

/* The options a subcommand may be given after its name. */
struct datastore_opts {
	bool	 do_force;
	bool	 do_dryrun;
	bool	 do_json;
};

/*
 * Read the options that follow the subcommand's name ("datastore add
 * -n fast /x") as well as those before it; -1 on an unknown one.
 * Returns the index of the first operand.
 */
static int
datastore_opts(struct cmd_args *ca, struct datastore_opts *o)
{
	const char	*p;
	int		 i;

	o->do_force = ca->ca_set['f'];
	o->do_dryrun = ca->ca_set['n'];
	o->do_json = ca->ca_set[OPT_JSON];
	for (i = 1; i < ca->ca_argc && ca->ca_argv[i][0] == '-'; i++) {
		if (strcmp(ca->ca_argv[i], "--") == 0)
			return (i + 1);
		if (strcmp(ca->ca_argv[i], "--json") == 0) {
			o->do_json = true;
			continue;
		}
		if (ca->ca_argv[i][1] == '\0')
			return (-1);
		for (p = ca->ca_argv[i] + 1; *p != '\0'; p++) {
			if (*p == 'f')
				o->do_force = true;
			else if (*p == 'n')
				o->do_dryrun = true;
			else
				return (-1);
		}
	}
	return (i);
}

/* "datastore list": a table or JSON. */
static int
datastore_cmd_list(const struct datastore_list *dl, bool json)
{
	const struct datastore	*ds;
	struct json		*j;
	size_t			 i, wn = 4, wt = 4, wp = 4, len;

	if (json) {
		j = json_new();
		json_object_begin(j);
		json_key(j, "datastores");
		json_array_begin(j);
		for (i = 0; i < dl->dl_n; i++) {
			ds = &dl->dl_v[i];
			json_object_begin(j);
			json_kv_string(j, "name", ds->ds_name);
			json_kv_string(j, "type",
			    datastore_kindname(ds->ds_kind));
			json_kv_string(j, "spec", ds->ds_spec);
			json_kv_string(j, "path", ds->ds_path);
			json_kv_string(j, "dataset", ds->ds_dataset);
			json_object_end(j);
		}
		json_array_end(j);
		json_object_end(j);
		json_print(j, stdout);
		return (HYVE_EXIT_OK);
	}
	for (i = 0; i < dl->dl_n; i++) {
		ds = &dl->dl_v[i];
		if ((len = strlen(ds->ds_name)) > wn)
			wn = len;
		if ((len = strlen(datastore_kindname(ds->ds_kind))) > wt)
			wt = len;
		if (ds->ds_path != NULL && (len = strlen(ds->ds_path)) > wp)
			wp = len;
	}
	/* vm-bhyve's columns: NAME TYPE PATH ZFS DATASET. */
	printf("%-*s  %-*s  %-*s  %s\n", (int)wn, "NAME", (int)wt, "TYPE",
	    (int)wp, "PATH", "ZFS DATASET");
	for (i = 0; i < dl->dl_n; i++) {
		ds = &dl->dl_v[i];
		printf("%-*s  %-*s  %-*s  %s\n", (int)wn, ds->ds_name, (int)wt,
		    datastore_kindname(ds->ds_kind), (int)wp,
		    ds->ds_path != NULL ? ds->ds_path : "-",
		    ds->ds_dataset != NULL ? ds->ds_dataset : "-");
	}
	return (HYVE_EXIT_OK);
}

/* Print how key now reads in c (set, or removed) as a plan step. */
static void
datastore_planline(const struct conf *c, const char *key)
{
	const char	*v;

	if ((v = conf_get(c, key)) != NULL)
		printf("write %s: %s=\"%s\"\n", c->c_path, key, v);
	else
		printf("write %s: delete %s\n", c->c_path, key);
}

/* Save system.conf, or print the plan with -n. */
static int
datastore_save(struct conf *c, const char *sub, const char *name,
    bool dryrun)
{
	char	*cause = NULL, key[64];

	snprintf(key, sizeof(key), "path_%s", name);
	if (dryrun) {
		printf("plan for datastore %s %s:\n", sub, name);
		datastore_planline(c, key);
		datastore_planline(c, "datastore_list");
		return (HYVE_EXIT_OK);
	}
	if (conf_save(c, &cause) == -1) {
		warnx("datastore %s: %s (nothing was changed)", name, cause);
		free(cause);
		return (HYVE_EXIT_ERR);
	}
	return (HYVE_EXIT_OK);
}

/* The default datastore's system.conf, or NULL after printing why. */
static struct sysconf *
datastore_sysconf(const struct datastore_list *dl)
{
	struct sysconf	*sc;
	char		*path, *cause = NULL;

	if (dl->dl_v[0].ds_path == NULL) {
		warnx("vm_dir=\"%s\": %s", dl->dl_v[0].ds_spec,
		    dl->dl_v[0].ds_error != NULL ? dl->dl_v[0].ds_error :
		    "no directory");
		return (NULL);
	}
	xasprintf(&path, "%s/.config/system.conf", dl->dl_v[0].ds_path);
	if ((sc = sysconf_load(path, &cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
	}
	free(path);
	return (sc);
}

/* "datastore add NAME SPEC". */
static int
datastore_cmd_add(const struct datastore_list *dl, const char *name,
    const char *spec, bool dryrun)
{
	struct sysconf	*sc;
	char		*cause = NULL;
	int		 rv;

	if (datastore_check_add(dl, name, spec, &cause) == -1) {
		warnx("datastore add: %s", cause);
		free(cause);
		return (HYVE_EXIT_ERR);
	}
	if ((sc = datastore_sysconf(dl)) == NULL)
		return (HYVE_EXIT_ERR);
	if (datastore_add_conf(sc->sc_conf, name, spec, &cause) == -1) {
		warnx("datastore add: %s: %s", name, cause);
		free(cause);
		sysconf_free(sc);
		return (HYVE_EXIT_ERR);
	}
	rv = datastore_save(sc->sc_conf, "add", name, dryrun);
	if (rv == HYVE_EXIT_OK && !dryrun)
		printf("datastore %s added: %s\n", name, spec);
	sysconf_free(sc);
	return (rv);
}

/*
 * The guests of datastore ds as "a, b, c" (at most five named), and
 * how many; *running is set when one of them runs.
 */
static size_t
datastore_holds(const struct datastore *ds, struct buf *names,
    bool *running)
{
	struct datastore_guests	*dg;
	size_t			 i, n;

	*running = false;
	dg = datastore_guests_in(ds, 0);
	for (i = 0; i < dg->dg_n; i++) {
		if (runstate_running(dg->dg_v[i].de_name))
			*running = true;
		if (i < 5)
			buf_addf(names, "%s%s", i > 0 ? ", " : "",
			    dg->dg_v[i].de_name);
	}
	if (dg->dg_n > 5)
		buf_adds(names, ", ...");
	n = dg->dg_n;
	datastore_guests_free(dg);
	return (n);
}

/* "datastore remove NAME". */
static int
datastore_cmd_remove(const struct datastore_list *dl, const char *name,
    bool force, bool dryrun)
{
	const struct datastore	*ds;
	struct sysconf		*sc;
	struct buf		*names;
	size_t			 n;
	bool			 running;
	int			 rv;

	if (strcmp(name, "default") == 0) {
		warnx("datastore remove: default is vm_dir's datastore; "
		    "change vm_dir in hyve.conf instead");
		return (HYVE_EXIT_ERR);
	}
	if ((ds = datastore_find(dl, name)) == NULL) {
		warnx("datastore remove: %s: no such datastore (see \"hyve "
		    "datastore list\")", name);
		return (HYVE_EXIT_ERR);
	}
	names = buf_new();
	n = datastore_holds(ds, names, &running);
	if (n > 0 && (running || !force)) {
		warnx("datastore remove: %s holds %zu guest%s (%s)%s", name,
		    n, n == 1 ? "" : "s", names->b_data, running ?
		    ", one of them running: stop it first" :
		    ": move or destroy them first, or use -f to forget the "
		    "datastore anyway (nothing is deleted)");
		buf_free(names);
		return (HYVE_EXIT_ERR);
	}
	buf_free(names);
	if ((sc = datastore_sysconf(dl)) == NULL)
		return (HYVE_EXIT_ERR);
	datastore_remove_conf(sc->sc_conf, name);
	rv = datastore_save(sc->sc_conf, "remove", name, dryrun);
	if (rv == HYVE_EXIT_OK && !dryrun)
		printf("datastore %s removed (nothing on disk was deleted)\n",
		    name);
	sysconf_free(sc);
	return (rv);
}

/* Dispatch the subcommand. */
static int
cmd_datastore_exec(struct cmd_args *ca)
{
	struct datastore_list	*dl;
	struct datastore_opts	 o;
	const char		*sub = ca->ca_argv[0];
	char			*cause = NULL;
	int			 first, nargs, rv;

	if ((first = datastore_opts(ca, &o)) == -1)
		return (cmd_badusage(&cmd_datastore_entry));
	nargs = ca->ca_argc - first;
	if (strcmp(sub, "list") == 0 && nargs == 0 && !o.do_force &&
	    !o.do_dryrun)
		;
	else if (strcmp(sub, "add") == 0 && nargs == 2 && !o.do_force &&
	    !o.do_json)
		cmd_needroot("datastore add", o.do_dryrun);
	else if (strcmp(sub, "remove") == 0 && nargs == 1 && !o.do_json)
		cmd_needroot("datastore remove", o.do_dryrun);
	else
		return (cmd_badusage(&cmd_datastore_entry));
	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL)
		errx(HYVE_EXIT_ERR, "%s", cause);
	if (strcmp(sub, "list") == 0)
		rv = datastore_cmd_list(dl, o.do_json);
	else if (strcmp(sub, "add") == 0)
		rv = datastore_cmd_add(dl, ca->ca_argv[first],
		    ca->ca_argv[first + 1], o.do_dryrun);
	else
		rv = datastore_cmd_remove(dl, ca->ca_argv[first], o.do_force,
		    o.do_dryrun);
	datastore_list_free(dl);
	return (rv);
}

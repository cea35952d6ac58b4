/*
 * cmd-create.c - "hyve create": a new guest from a template.
 */
#include "compat.h"

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "datastore.h"
#include "guest.h"
#include "hostconf.h"
#include "hyve.h"
#include "lifecycle.h"
#include "storage.h"
#include "xmalloc.h"

static int	cmd_create_exec(struct cmd_args *);

const struct cmd_entry cmd_create_entry = {
	.ce_name = "create",
	.ce_usage = "[-n] [-t template] [-d datastore] [-s size] [-c cpus] "
	    "[-m memory] name",
	.ce_help = "create a guest from a template",
	.ce_optstring = "nt:d:s:c:m:",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_create_exec,
};

/* Compare two names for qsort(3). */
static int
cmd_create_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The template names in dir, sorted, space-separated; caller frees. */
static char *
cmd_create_templates(const char *dir)
{
	struct buf	*b;
	struct dirent	*de;
	DIR		*d;
	char		**v = NULL;
	size_t		 len, n = 0, i;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			len = strlen(de->d_name);
			if (de->d_name[0] == '.' || len <= 5 ||
			    strcmp(de->d_name + len - 5, ".conf") != 0)
				continue;
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n++] = xstrndup(de->d_name, len - 5);
		}
		closedir(d);
	}
	qsort(v, n, sizeof(*v), cmd_create_cmp);
	b = buf_new();
	for (i = 0; i < n; i++) {
		buf_addf(b, "%s%s", i > 0 ? " " : "", v[i]);
		free(v[i]);
	}
	free(v);
	if (n == 0)
		buf_addf(b, "none");
	return (buf_take(b));
}

/*
 * Read template tpl from vm_dir/.templates (vm-bhyve keeps them only
 * in the default datastore).  NULL after printing why not.
 */
static struct conf *
cmd_create_template(const char *vmdir, const char *tpl)
{
	struct conf	*c;
	char		*dir, *path, *cause = NULL, *list;

	/* A template name is a file name, never a path. */
	if (*tpl == '\0' || *tpl == '.' || strchr(tpl, '/') != NULL) {
		warnx("invalid template name \"%s\": it must be a file name "
		    "in %s/.templates, without \".conf\"", tpl, vmdir);
		return (NULL);
	}
	xasprintf(&dir, "%s/.templates", vmdir);
	xasprintf(&path, "%s/%s.conf", dir, tpl);
	if (access(path, F_OK) == -1 && errno == ENOENT) {
		list = cmd_create_templates(dir);
		warnx("unknown template \"%s\": no %s (templates: %s)", tpl,
		    path, list);
		free(list);
		c = NULL;
	} else if ((c = conf_load(path, &cause)) == NULL) {
		warnx("template %s: %s", tpl, cause);
		free(cause);
	}
	free(dir);
	free(path);
	return (c);
}

/* Plan the guest, check its config, then make it (or print the plan). */
static int
cmd_create_exec(struct cmd_args *ca)
{
	struct datastore_list	*dl;
	const struct datastore	*ds;
	struct lifecycle_new	 ln;
	struct storage_plan	*sp = NULL;
	struct conf		*tpl = NULL, *c = NULL;
	struct guest		 stub;
	const char		*name = ca->ca_argv[0], *dsname;
	char			*cause = NULL, *gdir = NULL, *sname = NULL;
	int			 rv = HYVE_EXIT_ERR;

	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
		return (HYVE_EXIT_ERR);
	}
	dsname = ca->ca_set['d'] ? ca->ca_val['d'] : "default";
	if (change_newname(dl, name) == -1)
		goto done;
	if ((ds = datastore_find(dl, dsname)) == NULL) {
		warnx("%s: no datastore \"%s\" (see datastore_list in %s/"
		    ".config/system.conf)", name, dsname, hostconf_vmdir());
		goto done;
	}
	if (storage_usable(&dl->dl_v[0], &cause) == -1 ||
	    storage_usable(ds, &cause) == -1) {
		warnx("%s: %s", name, cause);
		free(cause);
		goto done;
	}
	if ((tpl = cmd_create_template(dl->dl_v[0].ds_path,
	    ca->ca_set['t'] ? ca->ca_val['t'] : "default")) == NULL)
		goto done;

	memset(&ln, 0, sizeof(ln));
	ln.ln_name = name;
	ln.ln_template = ca->ca_set['t'] ? ca->ca_val['t'] : "default";
	ln.ln_tpl = tpl;
	ln.ln_kind = ds->ds_kind;
	ln.ln_dspath = ds->ds_path;
	ln.ln_cpus = ca->ca_val['c'];
	ln.ln_memory = ca->ca_val['m'];
	ln.ln_size = ca->ca_val['s'];
	sp = storage_plan_new();
	if (lifecycle_create(&ln, &c, sp, &cause) == -1) {
		warnx("%s: %s", name, cause);
		free(cause);
		goto done;
	}
	/* Check the config as the guest it will be, before making it. */
	xasprintf(&gdir, "%s/%s", ds->ds_path, name);
	memset(&stub, 0, sizeof(stub));
	stub.g_name = sname = xstrdup(name);
	stub.g_gdir = gdir;
	stub.g_dspath = ds->ds_path;
	stub.g_vmdir = dl->dl_v[0].ds_path;
	if (change_check(&stub, c) == -1) {
		warnx("%s: not created: template %s with these options gives "
		    "a config with errors", name, ln.ln_template);
		goto done;
	}
	if ((rv = change_apply(name, sp, ca->ca_set['n'])) == HYVE_EXIT_OK &&
	    !ca->ca_set['n'])
		printf("%s: created in %s\n", name, gdir);
done:
	free(sname);
	free(gdir);
	conf_free(c);
	conf_free(tpl);
	storage_plan_free(sp);
	datastore_list_free(dl);
	return (rv);
}

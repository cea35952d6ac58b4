/*
 * guest.c - load a guest from a config file in vm-bhyve's layout.
 */
#include "compat.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "datastore.h"
#include "guest.h"
#include "hostconf.h"
#include "model.h"
#include "name.h"
#include "paths.h"
#include "sysconf.h"
#include "xmalloc.h"

/* The directory part of path ("." when there is none); caller frees. */
static char *
guest_dirname(const char *path)
{
	const char	*slash;

	if ((slash = strrchr(path, '/')) == NULL)
		return (xstrdup("."));
	if (slash == path)
		return (xstrdup("/"));
	return (xstrndup(path, (size_t)(slash - path)));
}

/*
 * path made absolute against the working directory, textually: no
 * symlink is resolved and no "." or ".." removed beyond a leading "./",
 * because disk paths built from it must stay what the administrator
 * wrote (bhyve hashes them into disk serials).
 */
static char *
guest_absolute(const char *path)
{
	char	 cwd[PATH_MAX], *p;

	if (path[0] == '/')
		return (xstrdup(path));
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return (xstrdup(path));
	while (strncmp(path, "./", 2) == 0)
		path += 2;
	if (strcmp(path, ".") == 0)
		return (xstrdup(cwd));
	xasprintf(&p, "%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, path);
	return (p);
}

/*
 * Load the guest in file, whose directory is gdir inside the datastore
 * at dspath (dataset: its ZFS dataset or NULL); vmdir is the default
 * datastore.  The name has been checked.
 */
static struct guest *
guest_read(const char *file, const char *name, const char *gdir,
    const char *dspath, const char *dataset, const char *vmdir,
    const char *fwdir, char **cause)
{
	struct conf	*c;

	if ((c = conf_load(file, cause)) == NULL)
		return (NULL);
	return (guest_fromconf(c, name, gdir, dspath, dataset, vmdir, fwdir,
	    cause));
}

/* Build a guest around conf c, which it takes over. */
struct guest *
guest_fromconf(struct conf *c, const char *name, const char *gdir,
    const char *dspath, const char *dataset, const char *vmdir,
    const char *fwdir, char **cause)
{
	struct model_env	 env;
	struct guest		*g;
	char			*sysconfpath;
	size_t			 len;

	g = xcalloc(1, sizeof(*g));
	g->g_file = xstrdup(c->c_path);
	g->g_name = xstrdup(name);
	g->g_gdir = xstrdup(gdir);
	g->g_dspath = xstrdup(dspath);
	g->g_dataset = dataset != NULL ? xstrdup(dataset) : NULL;
	g->g_vmdir = xstrdup(vmdir);
	g->g_conf = c;
	/* Switches are the default datastore's (vm-bhyve reads only it). */
	xasprintf(&sysconfpath, "%s/.config/system.conf", vmdir);
	g->g_sysconf = sysconf_load(sysconfpath, cause);
	free(sysconfpath);
	if (g->g_sysconf == NULL)
		goto fail;

	memset(&env, 0, sizeof(env));
	env.me_name = g->g_name;
	env.me_dspath = g->g_dspath;
	/* With the usual layout GDIR is spelt DSPATH/NAME, as vm-bhyve does. */
	len = strlen(g->g_dspath);
	if (strncmp(g->g_gdir, g->g_dspath, len) != 0 ||
	    strcmp(g->g_gdir + len + (len > 1), g->g_name) != 0)
		env.me_gdir = g->g_gdir;
	env.me_dataset = g->g_dataset;
	env.me_vmdir = vmdir;
	env.me_sysconf = g->g_sysconf;
	env.me_fwdir = fwdir;
	g->g_diag = diag_new(g->g_name, c->c_path);
	g->g_vm = model_load(g->g_conf, &env, g->g_diag);
	return (g);
fail:
	guest_free(g);
	return (NULL);
}

/* Load a guest from a file in vm-bhyve's layout. */
struct guest *
guest_fromfile(const char *file, const char *name, const char *dataset,
    const char *fwdir, char **cause)
{
	struct guest	*g;
	const char	*base;
	char		*gname, *dir, *gdir, *dspath;
	size_t		 len;

	if (name == NULL) {
		base = strrchr(file, '/') != NULL ? strrchr(file, '/') + 1 :
		    file;
		len = strlen(base);
		if (len > 5 && strcmp(base + len - 5, ".conf") == 0)
			len -= 5;
		gname = xstrndup(base, len);
	} else
		gname = xstrdup(name);
	if (!name_valid(gname, cause)) {
		free(gname);
		return (NULL);
	}
	dir = guest_dirname(file);
	gdir = guest_absolute(dir);
	dspath = guest_dirname(gdir);
	g = guest_read(file, gname, gdir, dspath, dataset, dspath, fwdir,
	    cause);
	free(dir);
	free(gdir);
	free(dspath);
	free(gname);
	return (g);
}

/* Load a guest of this host by name, from the datastore holding it. */
struct guest *
guest_load(const char *name, char **cause)
{
	struct datastore_list	*dl;
	const struct datastore	*ds;
	struct guest		*g = NULL;
	char			*file, *gdir;

	if (!name_valid(name, cause))
		return (NULL);
	if ((dl = datastore_list(cause)) == NULL)
		return (NULL);
	if (dl->dl_v[0].ds_kind == DATASTORE_ZFS) {
		xasprintf(cause, "vm_dir=\"%s\": ZFS datastores are not "
		    "supported yet", dl->dl_v[0].ds_spec);
		goto done;
	}
	if ((ds = datastore_guest(dl, name)) == NULL) {
		xasprintf(cause, "%s: no such guest (no %s/%s/%s.conf)", name,
		    dl->dl_v[0].ds_path, name, name);
		goto done;
	}
	xasprintf(&gdir, "%s/%s", ds->ds_path, name);
	xasprintf(&file, "%s/%s.conf", gdir, name);
	/* Switches and the null ISO come from the default datastore. */
	g = guest_read(file, name, gdir, ds->ds_path, ds->ds_dataset,
	    dl->dl_v[0].ds_path, paths_get(PATH_FIRMWARE_DIR), cause);
	free(file);
	free(gdir);
done:
	datastore_list_free(dl);
	return (g);
}

/* Free a guest. */
void
guest_free(struct guest *g)
{
	if (g == NULL)
		return;
	vm_free(g->g_vm);
	diag_free(g->g_diag);
	sysconf_free(g->g_sysconf);
	conf_free(g->g_conf);
	free(g->g_name);
	free(g->g_file);
	free(g->g_gdir);
	free(g->g_dspath);
	free(g->g_dataset);
	free(g->g_vmdir);
	free(g);
}

/*
 * datastore.c - the host's datastores and finding a guest among them.
 */
#include "compat.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "datastore.h"
#include "hostconf.h"
#include "name.h"
#include "sysconf.h"
#include "xmalloc.h"
#include "zfshost.h"

/* Append a datastore described by spec ("zfs:...", "iso:...", a path). */
static void
datastore_add(struct datastore_list *dl, const char *name, const char *spec)
{
	struct datastore	*ds;
	char			*cause = NULL;

	dl->dl_v = xreallocarray(dl->dl_v, dl->dl_n + 1, sizeof(*dl->dl_v));
	ds = &dl->dl_v[dl->dl_n++];
	memset(ds, 0, sizeof(*ds));
	ds->ds_name = xstrdup(name);
	ds->ds_spec = xstrdup(spec);
	if (strncmp(spec, "zfs:", 4) == 0) {
		ds->ds_kind = DATASTORE_ZFS;
		ds->ds_dataset = xstrdup(spec + 4);
		/*
		 * The path is where the dataset is mounted (vm-bhyve reads
		 * mount(8)'s output; "zfs get" says the same).  Unmounted:
		 * no path, so no guest is looked for there.
		 */
		ds->ds_path = zfshost_mountpoint(ds->ds_dataset, &cause);
		if (ds->ds_path == NULL)
			ds->ds_error = cause;
	} else if (strncmp(spec, "iso:", 4) == 0) {
		ds->ds_kind = DATASTORE_ISO;
		ds->ds_path = xstrdup(spec + 4);
	} else if (strncmp(spec, "img:", 4) == 0) {
		ds->ds_kind = DATASTORE_IMG;
		ds->ds_path = xstrdup(spec + 4);
	} else {
		ds->ds_kind = DATASTORE_DIR;
		ds->ds_path = xstrdup(spec);
	}
}

/* The host's datastores, default first. */
struct datastore_list *
datastore_list(char **cause)
{
	struct datastore_list	*dl;
	struct sysconf		*sc;
	const char		*vmdir, *list, *spec;
	char			*path, *copy, *s, *name, key[128];

	if ((vmdir = hostconf_vmdir()) == NULL) {
		xasprintf(cause, "no vm_dir: set it in %s (or in rc.conf as "
		    "for vm-bhyve)", hostconf_path());
		return (NULL);
	}
	dl = xcalloc(1, sizeof(*dl));
	datastore_add(dl, "default", vmdir);
	/* system.conf lives in the default datastore's directory. */
	if (dl->dl_v[0].ds_path == NULL) {
		xasprintf(cause, "vm_dir=\"%s\": %s", vmdir,
		    dl->dl_v[0].ds_error);
		datastore_list_free(dl);
		return (NULL);
	}
	xasprintf(&path, "%s/.config/system.conf", dl->dl_v[0].ds_path);
	sc = sysconf_load(path, cause);
	free(path);
	if (sc == NULL) {
		datastore_list_free(dl);
		return (NULL);
	}
	if ((list = sysconf_get(sc, "datastore_list")) != NULL) {
		copy = xstrdup(list);
		for (s = copy; (name = strsep(&s, " \t")) != NULL;) {
			if (*name == '\0' || strcmp(name, "default") == 0)
				continue;
			snprintf(key, sizeof(key), "path_%s", name);
			/* A name without a path is skipped, as by vm-bhyve. */
			if ((spec = sysconf_get(sc, key)) == NULL ||
			    *spec == '\0')
				continue;
			datastore_add(dl, name, spec);
		}
		free(copy);
	}
	sysconf_free(sc);
	return (dl);
}

/* Free a list. */
void
datastore_list_free(struct datastore_list *dl)
{
	size_t	 i;

	if (dl == NULL)
		return;
	for (i = 0; i < dl->dl_n; i++) {
		free(dl->dl_v[i].ds_name);
		free(dl->dl_v[i].ds_spec);
		free(dl->dl_v[i].ds_path);
		free(dl->dl_v[i].ds_dataset);
		free(dl->dl_v[i].ds_error);
	}
	free(dl->dl_v);
	free(dl);
}

/* The datastore called name. */
const struct datastore *
datastore_find(const struct datastore_list *dl, const char *name)
{
	size_t	 i;

	for (i = 0; i < dl->dl_n; i++)
		if (strcmp(dl->dl_v[i].ds_name, name) == 0)
			return (&dl->dl_v[i]);
	return (NULL);
}

/* The first guest datastore holding PATH/NAME/NAME.conf. */
const struct datastore *
datastore_guest(const struct datastore_list *dl, const char *name)
{
	const struct datastore	*ds;
	struct stat		 st;
	char			*file;
	size_t			 i;
	int			 found;

	for (i = 0; i < dl->dl_n; i++) {
		ds = &dl->dl_v[i];
		if (ds->ds_path == NULL || ds->ds_kind == DATASTORE_ISO ||
		    ds->ds_kind == DATASTORE_IMG)
			continue;
		xasprintf(&file, "%s/%s/%s.conf", ds->ds_path, name, name);
		found = stat(file, &st) == 0 && S_ISREG(st.st_mode);
		free(file);
		if (found)
			return (ds);
	}
	return (NULL);
}

/* Order guest entries by name. */
static int
datastore_entrycmp(const void *a, const void *b)
{
	const struct datastore_entry	*x = a, *y = b;

	return (strcmp(x->de_name, y->de_name));
}

/* The guests of one directory datastore, appended to dg. */
static void
datastore_scan(const struct datastore *ds, struct datastore_guests *dg,
    int flags)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		 rel[2 * sizeof(de->d_name) + 8];
	size_t		 first = dg->dg_n;
	bool		 bad;

	if ((d = opendir(ds->ds_path)) == NULL)
		return;
	/* The directory stays open for the caller (de_dirfd). */
	dg->dg_dir = xreallocarray(dg->dg_dir, dg->dg_ndir + 1,
	    sizeof(*dg->dg_dir));
	dg->dg_dir[dg->dg_ndir++] = d;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		/* d_type saves the stat of every plain file in the store. */
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN &&
		    de->d_type != DT_LNK)
			continue;
		/*
		 * A name hyve cannot use (vm-bhyve allows 229 bytes) is a
		 * guest all the same when it has its config: it is listed,
		 * marked, so that the caller can say why it is left alone.
		 */
		bad = !name_valid(de->d_name, NULL);
		if (bad || (flags & DATASTORE_UNCHECKED) == 0) {
			snprintf(rel, sizeof(rel), "%s/%s.conf", de->d_name,
			    de->d_name);
			if (fstatat(dirfd(d), rel, &st, 0) == -1 ||
			    !S_ISREG(st.st_mode))
				continue;
		}
		if (dg->dg_n == dg->dg_cap) {
			dg->dg_cap = dg->dg_cap == 0 ? 64 : 2 * dg->dg_cap;
			dg->dg_v = xreallocarray(dg->dg_v, dg->dg_cap,
			    sizeof(*dg->dg_v));
		}
		dg->dg_v[dg->dg_n].de_name = xstrdup(de->d_name);
		dg->dg_v[dg->dg_n].de_ds = ds;
		dg->dg_v[dg->dg_n].de_badname = bad;
		dg->dg_v[dg->dg_n].de_dirfd = dirfd(d);
		dg->dg_n++;
	}
	/* An empty store leaves dg_v NULL: no pointer arithmetic on it. */
	if (dg->dg_n > first)
		qsort(dg->dg_v + first, dg->dg_n - first, sizeof(*dg->dg_v),
		    datastore_entrycmp);
}

/* Can guests be listed from ds: a guest store with a known directory? */
static bool
datastore_scannable(const struct datastore *ds)
{
	/* A ZFS store once its mount point is known (ds_path set). */
	return ((ds->ds_kind == DATASTORE_DIR ||
	    ds->ds_kind == DATASTORE_ZFS) && ds->ds_path != NULL);
}

/* Every guest of every directory datastore. */
struct datastore_guests *
datastore_guests(const struct datastore_list *dl, int flags)
{
	struct datastore_guests	*dg;
	size_t			 i;

	dg = xcalloc(1, sizeof(*dg));
	for (i = 0; i < dl->dl_n; i++)
		if (datastore_scannable(&dl->dl_v[i]))
			datastore_scan(&dl->dl_v[i], dg, flags);
	return (dg);
}

/* The guests of one datastore. */
struct datastore_guests *
datastore_guests_in(const struct datastore *ds, int flags)
{
	struct datastore_guests	*dg;

	dg = xcalloc(1, sizeof(*dg));
	if (datastore_scannable(ds))
		datastore_scan(ds, dg, flags);
	return (dg);
}

/* Free a guest list. */
void
datastore_guests_free(struct datastore_guests *dg)
{
	size_t	 i;

	if (dg == NULL)
		return;
	for (i = 0; i < dg->dg_n; i++)
		free(dg->dg_v[i].de_name);
	for (i = 0; i < dg->dg_ndir; i++)
		closedir(dg->dg_dir[i]);
	free(dg->dg_dir);
	free(dg->dg_v);
	free(dg);
}

/* The name of a kind, as "datastore list" shows it. */
const char *
datastore_kindname(enum datastore_kind kind)
{
	switch (kind) {
	case DATASTORE_ZFS:
		return ("zfs");
	case DATASTORE_ISO:
		return ("iso");
	case DATASTORE_IMG:
		return ("img");
	default:
		return ("directory");
	}
}

/* Check a new datastore's name. */
int
datastore_name_valid(const char *name, char **cause)
{
	const char	*why = NULL;
	size_t		 len = strlen(name);

	if (len == 0)
		why = "is empty";
	else if (len > NAME_MAX_LEN)
		why = "is longer than 31 bytes";
	else if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != len)
		why = "may hold only lower-case letters, digits and '_' "
		    "(it becomes part of the key path_NAME)";
	else if (strcmp(name, "default") == 0)
		why = "is the name of vm_dir's datastore";
	if (why == NULL)
		return (1);
	xasprintf(cause, "invalid datastore name \"%.64s%s\": it %s", name,
	    len > 64 ? "..." : "", why);
	return (0);
}

/* Is "pool/ds/..." the form of a ZFS dataset name? */
static int
datastore_dataset_valid(const char *ds)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:/";
	size_t	 len = strlen(ds);

	/* zfsconcepts(7): components of [A-Za-z0-9_-.:], '/' between. */
	return (len > 0 && len < 256 && strspn(ds, ok) == len &&
	    ds[0] != '/' && ds[len - 1] != '/' && strstr(ds, "//") == NULL);
}

/* Check that a datastore may be added. */
int
datastore_check_add(const struct datastore_list *dl, const char *name,
    const char *spec, char **cause)
{
	const struct datastore	*ds;
	struct stat		 st;
	const char		*path = spec;
	char			 want[PATH_MAX], have[PATH_MAX];
	size_t			 i;

	if (!datastore_name_valid(name, cause))
		return (-1);
	if (datastore_find(dl, name) != NULL) {
		xasprintf(cause, "datastore %s already exists (see \"hyve "
		    "datastore list\")", name);
		return (-1);
	}
	if (strncmp(spec, "zfs:", 4) == 0) {
		if (!datastore_dataset_valid(spec + 4)) {
			xasprintf(cause, "%s: \"%s\" is not a ZFS dataset "
			    "name (zfs:pool/dataset)", name, spec);
			return (-1);
		}
		for (i = 0; i < dl->dl_n; i++)
			if (dl->dl_v[i].ds_dataset != NULL &&
			    strcmp(dl->dl_v[i].ds_dataset, spec + 4) == 0) {
				xasprintf(cause, "%s: datastore %s already "
				    "uses %s", name, dl->dl_v[i].ds_name,
				    spec + 4);
				return (-1);
			}
		return (0);
	}
	if (strncmp(spec, "iso:", 4) == 0 || strncmp(spec, "img:", 4) == 0)
		path = spec + 4;
	if (path[0] != '/') {
		xasprintf(cause, "%s: \"%s\" is not an absolute path", name,
		    path);
		return (-1);
	}
	/* vm-bhyve creates nothing here either: the directory must be. */
	if (stat(path, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    realpath(path, want) == NULL) {
		xasprintf(cause, "%s: %s is not a directory (create it "
		    "first)", name, path);
		return (-1);
	}
	for (i = 0; i < dl->dl_n; i++) {
		ds = &dl->dl_v[i];
		if (ds->ds_path != NULL && realpath(ds->ds_path, have) !=
		    NULL && strcmp(want, have) == 0) {
			xasprintf(cause, "%s: %s is already datastore %s",
			    name, path, ds->ds_name);
			return (-1);
		}
	}
	return (0);
}

/* Add a datastore to a system.conf. */
int
datastore_add_conf(struct conf *c, const char *name, const char *spec,
    char **cause)
{
	const char	*list;
	char		*v, key[64];
	int		 rv;

	snprintf(key, sizeof(key), "path_%s", name);
	if (conf_set(c, key, spec, cause) == -1)
		return (-1);
	/* Append, keeping the order startup searches datastores in. */
	list = conf_get(c, "datastore_list");
	if (list != NULL && list[strspn(list, " \t")] != '\0')
		xasprintf(&v, "%s %s", list + strspn(list, " \t"), name);
	else
		v = xstrdup(name);
	rv = conf_set(c, "datastore_list", v, cause);
	free(v);
	return (rv);
}

/* Take a datastore out of a system.conf. */
void
datastore_remove_conf(struct conf *c, const char *name)
{
	struct buf	*b;
	const char	*list;
	char		*copy, *s, *w, *why = NULL, key[64];

	snprintf(key, sizeof(key), "path_%s", name);
	conf_unset(c, key);
	if ((list = conf_get(c, "datastore_list")) == NULL)
		return;
	b = buf_new();
	copy = xstrdup(list);
	for (s = copy; (w = strsep(&s, " \t")) != NULL;)
		if (*w != '\0' && strcmp(w, name) != 0)
			buf_addf(b, "%s%s", b->b_len > 0 ? " " : "", w);
	free(copy);
	if (b->b_len == 0)
		conf_unset(c, "datastore_list");
	else if (conf_set(c, "datastore_list", b->b_data, &why) == -1)
		/* Cannot happen: the words were read from this value. */
		free(why);
	buf_free(b);
}

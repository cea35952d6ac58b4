/*
 * datastore.c - the host's datastores and finding a guest among them.
 */
#include "compat.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore.h"
#include "hostconf.h"
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

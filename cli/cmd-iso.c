/*
 * cmd-iso.c - "hyve iso": the install images in vm_dir/.iso.
 */
#include "compat.h"

#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "datastore.h"
#include "hyve.h"
#include "paths.h"
#include "storage.h"
#include "xmalloc.h"

static int	cmd_iso_exec(struct cmd_args *);

const struct cmd_entry cmd_iso_entry = {
	.ce_name = "iso",
	.ce_usage = "[-n] [list | add file | fetch url]",
	.ce_help = "list, add or download install images",
	.ce_optstring = "n",
	.ce_minargs = 0,
	.ce_maxargs = 2,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_iso_exec,
};

/*
 * Where install ISO iso is, vm-bhyve's way (datastore::iso_find): an
 * absolute path as given, else relative to the working directory when
 * it is readable there, else in dir/.iso (caller frees).
 */
char *
cmd_iso_find(const char *iso, const char *dir)
{
	char	 cwd[PATH_MAX], *p;

	if (iso[0] == '/')
		return (xstrdup(iso));
	if (access(iso, R_OK) == 0 && getcwd(cwd, sizeof(cwd)) != NULL) {
		xasprintf(&p, "%s/%s", cwd, iso);
		return (p);
	}
	xasprintf(&p, "%s/.iso/%s", dir, iso);
	return (p);
}

/* Compare two names for qsort(3). */
static int
cmd_iso_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Print the images of one directory, sorted, under a datastore name. */
static void
cmd_iso_listdir(const char *dsname, const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	char		**v = NULL;
	size_t		 n = 0, i;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		/* Dot files are hidden, as are our own partial downloads. */
		if (de->d_name[0] == '.')
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmd_iso_cmp);
	for (i = 0; i < n; i++) {
		printf("%-20s %s\n", dsname, v[i]);
		free(v[i]);
	}
	free(v);
}

/* vm-bhyve's "vm iso": vm_dir/.iso, then every iso: datastore. */
static int
cmd_iso_list(const struct datastore_list *dl, const char *isodir)
{
	size_t	 i;

	printf("%-20s %s\n", "DATASTORE", "FILENAME");
	cmd_iso_listdir("default", isodir);
	for (i = 1; i < dl->dl_n; i++)
		if (dl->dl_v[i].ds_kind == DATASTORE_ISO)
			cmd_iso_listdir(dl->dl_v[i].ds_name,
			    dl->dl_v[i].ds_path);
	return (HYVE_EXIT_OK);
}

/*
 * The decompressor for a file name ending in .xz or .gz (PATH_XZ or
 * PATH_GZIP), or -1; *stem is set to the name without the suffix.
 */
static int
cmd_iso_compressed(const char *name, char **stem)
{
	size_t	 len = strlen(name);

	*stem = NULL;
	if (len > 3 && strcmp(name + len - 3, ".xz") == 0) {
		*stem = xstrndup(name, len - 3);
		return (PATH_XZ);
	}
	if (len > 3 && strcmp(name + len - 3, ".gz") == 0) {
		*stem = xstrndup(name, len - 3);
		return (PATH_GZIP);
	}
	return (-1);
}

/*
 * Plan bringing src (a local file, or with url a URL) into isodir as
 * base, decompressed: every step writes a dot file that only the last
 * rename makes visible, so a failure never leaves a half image.
 * *finalname is the image's name in isodir (caller frees).
 */
static int
cmd_iso_plan(struct storage_plan *sp, const char *isodir, const char *src,
    const char *base, bool url, char **finalname)
{
	struct argv	*a;
	struct stat	 st;
	char		*stem, *final, *part, *raw = NULL;
	int		 tool;

	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0) {
		warnx("%s: no file name in it", src);
		return (-1);
	}
	tool = cmd_iso_compressed(base, &stem);
	xasprintf(&final, "%s/%s", isodir, stem != NULL ? stem : base);
	xasprintf(&part, "%s/.%s.part", isodir, stem != NULL ? stem : base);
	if (lstat(final, &st) == 0) {
		warnx("%s: already exists (remove it first)", final);
		free(stem);
		free(final);
		free(part);
		return (-1);
	}
	if (url) {
		/* fetch(1): -o writes the one URL to that file. */
		xasprintf(&raw, "%s/.%s.download", isodir, base);
		a = argv_new();
		argv_add(a, paths_get(PATH_FETCH));
		argv_add(a, "-o");
		argv_add(a, raw);
		argv_add(a, src);
		storage_run(sp, a, raw, false);
		src = raw;
	}
	if (tool != -1) {
		/* xz(1) and gzip(1): -d decompress, -c to stdout. */
		a = argv_new();
		argv_add(a, paths_get(tool));
		argv_add(a, "-dc");
		argv_add(a, src);
		storage_run(sp, a, part, true);
	} else if (url)
		storage_rename(sp, raw, part);
	else
		storage_copy(sp, src, part);
	storage_rename(sp, part, final);
	if (url && tool != -1)
		storage_remove(sp, raw);
	*finalname = xstrdup(strrchr(final, '/') + 1);
	free(raw);
	free(stem);
	free(final);
	free(part);
	return (0);
}

/* Dispatch list, add and fetch. */
static int
cmd_iso_exec(struct cmd_args *ca)
{
	struct datastore_list	*dl;
	struct storage_plan	*sp = NULL;
	const char		*sub, *arg, *base;
	char			*cause = NULL, *isodir = NULL, *fname = NULL;
	int			 rv = HYVE_EXIT_ERR;

	sub = ca->ca_argc > 0 ? ca->ca_argv[0] : "list";
	if (!((strcmp(sub, "list") == 0 && ca->ca_argc <= 1) ||
	    ((strcmp(sub, "add") == 0 || strcmp(sub, "fetch") == 0) &&
	    ca->ca_argc == 2)))
		return (cmd_badusage(&cmd_iso_entry));
	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
		return (HYVE_EXIT_ERR);
	}
	if (storage_usable(&dl->dl_v[0], &cause) == -1) {
		warnx("%s", cause);
		free(cause);
		goto done;
	}
	xasprintf(&isodir, "%s/.iso", dl->dl_v[0].ds_path);
	if (strcmp(sub, "list") == 0) {
		rv = cmd_iso_list(dl, isodir);
		goto done;
	}
	arg = ca->ca_argv[1];
	base = strrchr(arg, '/') != NULL ? strrchr(arg, '/') + 1 : arg;
	if (strcmp(sub, "add") == 0 && access(arg, R_OK) == -1) {
		warnx("%s: %s", arg, strerror(errno));
		goto done;
	}
	sp = storage_plan_new();
	if (cmd_iso_plan(sp, isodir, arg, base, strcmp(sub, "fetch") == 0,
	    &fname) == -1)
		goto done;
	if ((rv = change_apply("iso", sp, ca->ca_set['n'])) == HYVE_EXIT_OK &&
	    !ca->ca_set['n'])
		printf("%s: added to %s\n", fname, isodir);
done:
	free(fname);
	free(isodir);
	storage_plan_free(sp);
	datastore_list_free(dl);
	return (rv);
}

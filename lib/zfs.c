/*
 * zfs.c - ZFS steps as argv vectors, and reading zfs(8) -H output.
 *
 * Syntax from zfs-create(8), zfs-destroy(8), zfs-rename(8),
 * zfs-snapshot(8), zfs-rollback(8), zfs-clone(8), zfs-send(8),
 * zfs-receive(8), zfs-list(8) and zfs-get(8) of OpenZFS 2.x, limited to
 * what zfs-fuse 0.7 also accepts (../shared/docs/testbed.md §1).
 */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "paths.h"
#include "plan.h"
#include "xmalloc.h"
#include "zfs.h"

/* An empty list of steps. */
struct zfs_steps *
zfs_steps_new(void)
{
	return (xcalloc(1, sizeof(struct zfs_steps)));
}

/* Free a list of steps. */
void
zfs_steps_free(struct zfs_steps *zs)
{
	size_t	 i;

	if (zs == NULL)
		return;
	for (i = 0; i < zs->zs_n; i++) {
		argv_free(zs->zs_v[i].zs_argv);
		argv_free(zs->zs_v[i].zs_undo);
		free(zs->zs_v[i].zs_note);
	}
	free(zs->zs_v);
	free(zs);
}

/* A new argv starting with the zfs tool and a subcommand. */
static struct argv *
zfs_argv(const char *sub)
{
	struct argv	*a;

	a = argv_new();
	argv_add(a, paths_get(PATH_ZFS));
	argv_add(a, sub);
	return (a);
}

/* A "zfs SUB [FLAG] DS" argv: without a flag when flag is NULL. */
static struct argv *
zfs_argvds(const char *sub, const char *flag, const char *ds)
{
	struct argv	*a;

	a = zfs_argv(sub);
	if (flag != NULL)
		argv_add(a, flag);
	argv_add(a, ds);
	return (a);
}

/* Append a step; the list takes a and undo. */
static void
zfs_push(struct zfs_steps *zs, struct argv *a, struct argv *undo,
    const char *note)
{
	struct zfs_step	*s;

	zs->zs_v = xreallocarray(zs->zs_v, zs->zs_n + 1, sizeof(*zs->zs_v));
	s = &zs->zs_v[zs->zs_n++];
	s->zs_argv = a;
	s->zs_undo = undo;
	s->zs_note = note != NULL ? xstrdup(note) : NULL;
}

/* Add "-o item" for each space-separated item of opts. */
static void
zfs_addopts(struct argv *a, const char *opts)
{
	char	*copy, *s, *item;

	if (opts == NULL)
		return;
	copy = xstrdup(opts);
	for (s = copy; (item = strsep(&s, " \t")) != NULL;) {
		if (*item == '\0')
			continue;
		argv_add(a, "-o");
		argv_add(a, item);
	}
	free(copy);
}

/* Show each step as a "run" line of p, with its undo as a note. */
void
zfs_steps_plan(const struct zfs_steps *zs, struct plan *p)
{
	const struct zfs_step	*s;
	char			*undo, *note;
	size_t			 i;

	for (i = 0; i < zs->zs_n; i++) {
		s = &zs->zs_v[i];
		if (s->zs_undo == NULL) {
			plan_run(p, s->zs_argv, s->zs_note);
			continue;
		}
		undo = argv_string(s->zs_undo);
		xasprintf(&note, "%s%sundo: %s", s->zs_note != NULL ?
		    s->zs_note : "", s->zs_note != NULL ? "; " : "", undo);
		plan_run(p, s->zs_argv, note);
		free(note);
		free(undo);
	}
}

/* zfs destroy [-r] target. */
struct argv *
zfs_destroy(const char *target, bool recursive)
{
	return (zfs_argvds("destroy", recursive ? "-r" : NULL, target));
}

/* Create a dataset with the guest's dataset options. */
void
zfs_add_create(struct zfs_steps *zs, const char *ds, const char *opts)
{
	struct argv	*a;

	a = zfs_argv("create");
	zfs_addopts(a, opts);
	argv_add(a, ds);
	zfs_push(zs, a, zfs_destroy(ds, true), NULL);
}

/* Create a zvol, sparse or not, with volmode=dev and the zvol options. */
void
zfs_add_zvol(struct zfs_steps *zs, const char *ds, const char *size,
    bool sparse, const char *opts)
{
	struct argv	*a;

	a = zfs_argv("create");
	/* zfs-create(8): "-s" goes before "-V size" (vm-bhyve: -sV). */
	if (sparse)
		argv_add(a, "-s");
	argv_add(a, "-V");
	argv_add(a, size);
	/*
	 * volmode=dev: the host sees a plain device node and never tastes
	 * the guest's partitions (zfsprops(7)); vm-bhyve sets it too.
	 */
	argv_add(a, "-o");
	argv_add(a, "volmode=dev");
	zfs_addopts(a, opts);
	argv_add(a, ds);
	zfs_push(zs, a, zfs_destroy(ds, false), NULL);
}

/* Destroy a dataset (recursively) or a snapshot. */
void
zfs_add_destroy(struct zfs_steps *zs, const char *target, bool recursive)
{
	zfs_push(zs, zfs_destroy(target, recursive), NULL, NULL);
}

/* Rename a dataset. */
void
zfs_add_rename(struct zfs_steps *zs, const char *from, const char *to)
{
	struct argv	*a, *undo;

	a = zfs_argv("rename");
	argv_add(a, from);
	argv_add(a, to);
	undo = zfs_argv("rename");
	argv_add(undo, to);
	argv_add(undo, from);
	zfs_push(zs, a, undo, NULL);
}

/* Unmount a filesystem (zfs-unmount(8)). */
void
zfs_add_unmount(struct zfs_steps *zs, const char *ds)
{
	zfs_push(zs, zfs_argvds("unmount", NULL, ds), zfs_argvds("mount",
	    NULL, ds), NULL);
}

/* Mount a filesystem where it inherits its mount point (zfs-mount(8)). */
void
zfs_add_mount(struct zfs_steps *zs, const char *ds)
{
	zfs_push(zs, zfs_argvds("mount", NULL, ds), zfs_argvds("unmount",
	    NULL, ds), NULL);
}

/* Set a zvol's size. */
void
zfs_add_volsize(struct zfs_steps *zs, const char *ds, const char *size,
    const char *old)
{
	struct argv	*a, *undo = NULL;

	a = zfs_argv("set");
	argv_addf(a, "volsize=%s", size);
	argv_add(a, ds);
	if (old != NULL) {
		undo = zfs_argv("set");
		argv_addf(undo, "volsize=%s", old);
		argv_add(undo, ds);
	}
	zfs_push(zs, a, undo, NULL);
}

/* Take a snapshot, of every dataset below too when recursive. */
void
zfs_add_snapshot(struct zfs_steps *zs, const char *snap, bool recursive)
{
	zfs_push(zs, zfs_argvds("snapshot", recursive ? "-r" : NULL, snap),
	    zfs_destroy(snap, recursive), NULL);
}

/* Roll a dataset back to a snapshot. */
void
zfs_add_rollback(struct zfs_steps *zs, const char *snap, bool recursive)
{
	zfs_push(zs, zfs_argvds("rollback", recursive ? "-r" : NULL, snap),
	    NULL, recursive ? "destroys the newer snapshots" : NULL);
}

/* Clone a snapshot into a new dataset. */
void
zfs_add_clone(struct zfs_steps *zs, const char *snap, const char *ds)
{
	struct argv	*a;

	a = zfs_argv("clone");
	argv_add(a, snap);
	argv_add(a, ds);
	zfs_push(zs, a, zfs_destroy(ds, false), NULL);
}

/* zfs send -R [-i FROM] DS@SNAP. */
struct argv *
zfs_send(const char *snap, const char *from)
{
	struct argv	*a;

	a = zfs_argv("send");
	/* -R: the guest's zvols are datasets below its own (vm-bhyve). */
	argv_add(a, "-R");
	if (from != NULL) {
		argv_add(a, "-i");
		argv_add(a, from);
	}
	argv_add(a, snap);
	return (a);
}

/* zfs receive [-F] DS. */
struct argv *
zfs_receive(const char *ds, bool force)
{
	return (zfs_argvds("receive", force ? "-F" : NULL, ds));
}

/* zfs list -H -o PROPS -t TYPES -r DS. */
struct argv *
zfs_list(const char *ds, const char *types, const char *props)
{
	struct argv	*a;

	a = zfs_argv("list");
	argv_add(a, "-H");
	argv_add(a, "-o");
	argv_add(a, props);
	argv_add(a, "-t");
	argv_add(a, types);
	argv_add(a, "-r");
	argv_add(a, ds);
	return (a);
}

/* zfs get -H[p] -o value PROP DS. */
struct argv *
zfs_get(const char *ds, const char *prop, bool parsable)
{
	struct argv	*a;

	a = zfs_argv("get");
	argv_add(a, parsable ? "-Hp" : "-H");
	argv_add(a, "-o");
	argv_add(a, "value");
	argv_add(a, prop);
	argv_add(a, ds);
	return (a);
}

/* zfs get -H -o property,value PROPS DS. */
struct argv *
zfs_getprops(const char *ds, const char *props)
{
	struct argv	*a;

	a = zfs_argv("get");
	argv_add(a, "-H");
	argv_add(a, "-o");
	argv_add(a, "property,value");
	argv_add(a, props);
	argv_add(a, ds);
	return (a);
}

/* Parse tab-separated lines of cols fields. */
struct zfs_rows *
zfs_rows_parse(const char *text, size_t cols, char **cause)
{
	struct zfs_rows	*zr;
	const char	*line, *nl;
	char		*copy, *s, *field, **row;
	size_t		 n, lineno = 0;

	zr = xcalloc(1, sizeof(*zr));
	zr->zr_cols = cols;
	for (line = text; *line != '\0'; line = nl + (*nl != '\0')) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		lineno++;
		if (nl == line)
			continue;
		row = xcalloc(cols, sizeof(*row));
		zr->zr_v = xreallocarray(zr->zr_v, zr->zr_n + 1,
		    sizeof(*zr->zr_v));
		zr->zr_v[zr->zr_n++] = row;
		copy = xstrndup(line, (size_t)(nl - line));
		n = 0;
		for (s = copy; (field = strsep(&s, "\t")) != NULL; n++)
			if (n < cols)
				row[n] = xstrdup(field);
		free(copy);
		if (n != cols) {
			xasprintf(cause, "zfs output line %zu: \"%.*s\": %zu "
			    "fields, expected %zu", lineno, (int)(nl - line),
			    line, n, cols);
			zfs_rows_free(zr);
			return (NULL);
		}
	}
	return (zr);
}

/* Free parsed rows. */
void
zfs_rows_free(struct zfs_rows *zr)
{
	size_t	 i, j;

	if (zr == NULL)
		return;
	for (i = 0; i < zr->zr_n; i++) {
		for (j = 0; j < zr->zr_cols; j++)
			free(zr->zr_v[i][j]);
		free(zr->zr_v[i]);
	}
	free(zr->zr_v);
	free(zr);
}

/* Whether name is a snapshot name hyve accepts. */
bool
zfs_snapname_valid(const char *name)
{
	size_t	 n;

	n = strlen(name);
	if (n == 0 || n > 200)
		return (false);
	for (; *name != '\0'; name++)
		if (!isalnum((unsigned char)*name) &&
		    strchr("-_.:", *name) == NULL)
			return (false);
	return (true);
}

/*
 * cmd-image.c - "hyve image": guests saved as images, vm-bhyve style.
 *
 *	image create [-nu] [-d description] name
 *	image list
 *	image provision [-n] [-d datastore] uuid new
 *	image destroy [-n] uuid
 *
 * As vm-bhyve's "vm image" (vm-bhyve-compat.md §7.8): images live in
 * vm_dir/images (the dataset VMDSET/images, made on first use), the
 * default datastore must be ZFS, and each image is UUID.zfs (a zfs send
 * -R stream) or UUID.zfs.z (the same through xz), described by
 * UUID.manifest (description, created, name, filename).  The snapshot
 * taken for the stream is named after the UUID's first group and is
 * destroyed again on both sides.  A provisioned guest gets a new UUID
 * and new MACs, as a clone does.
 */
#include "compat.h"

#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "conf.h"
#include "datastore.h"
#include "guest.h"
#include "hyve.h"
#include "lifecycle.h"
#include "name.h"
#include "paths.h"
#include "plan.h"
#include "runstate.h"
#include "xmalloc.h"
#include "zfs.h"
#include "zfshost.h"

static int	cmd_image_exec(struct cmd_args *);

const struct cmd_entry cmd_image_entry = {
	.ce_name = "image",
	.ce_usage = "create [-nu] [-d description] name | list | "
	    "provision [-n] [-d datastore] uuid new | destroy [-n] uuid",
	.ce_help = "save guests as images and make guests from them",
	.ce_optstring = "",
	.ce_minargs = 1,
	.ce_maxargs = -1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_image_exec,
};

/* The default datastore and its images directory; NULL after a warning. */
static struct datastore_list *
cmd_image_store(char **imgdir)
{
	struct datastore_list	*dl;
	char			*cause = NULL;

	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
		return (NULL);
	}
	if (dl->dl_v[0].ds_kind != DATASTORE_ZFS) {
		warnx("images need a ZFS vm_dir (vm_dir=\"zfs:pool/dataset\"); "
		    "it is %s", dl->dl_v[0].ds_spec);
		datastore_list_free(dl);
		return (NULL);
	}
	xasprintf(imgdir, "%s/images", dl->dl_v[0].ds_path);
	return (dl);
}

/* "image create": snapshot, stream to a file, manifest. */
static int
cmd_image_create(int argc, char **argv)
{
	struct datastore_list	*dl = NULL;
	struct zfs_steps	*zs = NULL, *mk = NULL;
	struct guest		*g = NULL;
	struct argv		*send = NULL, *xz = NULL;
	struct conf		*c = NULL;
	struct plan		*p;
	struct stat		 st;
	const char		*descr = NULL;
	char			*imgdir = NULL, *ds = NULL, *uuid = NULL;
	char			*snap = NULL, *file = NULL, *path = NULL;
	char			*mpath = NULL, *imgds = NULL, *cause = NULL;
	char			 created[64];
	bool			 dryrun = false, raw = false;
	time_t			 now;
	int			 i, fd = -1, rv = HYVE_EXIT_ERR;

	for (i = 0; i < argc - 1 && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-d") == 0 && i + 1 < argc - 1)
			descr = argv[++i];
		else if (strcmp(argv[i], "-n") == 0)
			dryrun = true;
		else if (strcmp(argv[i], "-u") == 0)
			raw = true;
		else
			return (cmd_badusage(&cmd_image_entry));
	}
	if (i != argc - 1)
		return (cmd_badusage(&cmd_image_entry));
	if ((dl = cmd_image_store(&imgdir)) == NULL)
		goto done;
	if ((g = zfsguest_load(argv[i], "image create", &ds)) == NULL)
		goto done;
	if (!dryrun && runstate_running(g->g_name)) {
		warnx("%s: is running; stop it before making an image of it",
		    g->g_name);
		goto done;
	}
	uuid = lifecycle_uuid();
	snap = xstrndup(uuid, 8);
	xasprintf(&file, "%s.zfs%s", uuid, raw ? "" : ".z");
	xasprintf(&path, "%s/%s", imgdir, file);
	xasprintf(&mpath, "%s/%s.manifest", imgdir, uuid);
	mk = zfs_steps_new();
	if (stat(imgdir, &st) == -1) {
		xasprintf(&imgds, "%s/images", dl->dl_v[0].ds_dataset);
		zfs_add_create(mk, imgds, NULL);
	}
	zs = zfs_steps_new();
	xasprintf(&cause, "%s@%s", ds, snap);
	zfs_add_snapshot(zs, cause, true);
	send = zfs_send(cause, NULL);
	free(cause);
	cause = NULL;
	if (!raw) {
		/* vm-bhyve's default compress command: xz -T0. */
		xz = argv_new();
		argv_add(xz, paths_get(PATH_XZ));
		argv_add(xz, "-T0");
	}
	if (dryrun) {
		p = plan_new();
		zfs_steps_plan(mk, p);
		zfs_steps_plan(zs, p);
		plan_run(p, send, xz != NULL ? "piped into:" : path);
		if (xz != NULL)
			plan_run(p, xz, path);
		plan_add(p, "run %s destroy -r %s@%s    # the snapshot is "
		    "not kept", paths_get(PATH_ZFS), ds, snap);
		plan_add(p, "write %s", mpath);
		plan_print(p, stdout);
		plan_free(p);
		rv = HYVE_EXIT_OK;
		goto done;
	}
	/* The images dataset, once made, stays: it is the store. */
	if (zfsguest_run(g->g_name, mk, false) != HYVE_EXIT_OK ||
	    zfsguest_run(g->g_name, zs, false) != HYVE_EXIT_OK)
		goto done;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		warn("%s", path);
	else if (zfsguest_pipe(send, xz, -1, fd) == 0) {
		now = time(NULL);
		strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%S%z",
		    localtime(&now));
		c = conf_empty(mpath);
		if (conf_set(c, "description", descr != NULL ? descr :
		    g->g_name, &cause) == 0 &&
		    conf_set(c, "created", created, &cause) == 0 &&
		    conf_set(c, "name", g->g_name, &cause) == 0 &&
		    conf_set(c, "filename", file, &cause) == 0 &&
		    conf_save(c, &cause) == 0)
			rv = HYVE_EXIT_OK;
		else
			warnx("%s: %s", g->g_name, cause);
	}
	zfshost_undo(zs);
	if (rv == HYVE_EXIT_OK)
		printf("%s: image %s\n", g->g_name, uuid);
	else if (fd != -1)
		unlink(path);
done:
	if (fd != -1)
		close(fd);
	free(cause);
	conf_free(c);
	argv_free(send);
	argv_free(xz);
	zfs_steps_free(zs);
	zfs_steps_free(mk);
	guest_free(g);
	datastore_list_free(dl);
	free(imgdir);
	free(imgds);
	free(ds);
	free(uuid);
	free(snap);
	free(file);
	free(path);
	free(mpath);
	return (rv);
}

/* "image list": one line per manifest. */
static int
cmd_image_list(void)
{
	struct datastore_list	*dl;
	struct dirent		*de;
	struct conf		*c;
	DIR			*d;
	char			*imgdir = NULL, *path, *cause = NULL, *u;
	const char		*v[3];
	size_t			 n;
	int			 i;

	if ((dl = cmd_image_store(&imgdir)) == NULL)
		return (HYVE_EXIT_ERR);
	datastore_list_free(dl);
	printf("%-36s %-16s %-24s %s\n", "UUID", "NAME", "CREATED",
	    "DESCRIPTION");
	if ((d = opendir(imgdir)) == NULL) {
		free(imgdir);
		return (HYVE_EXIT_OK);
	}
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n <= 9 || strcmp(de->d_name + n - 9, ".manifest") != 0)
			continue;
		xasprintf(&path, "%s/%s", imgdir, de->d_name);
		if ((c = conf_load(path, &cause)) == NULL) {
			warnx("%s", cause);
			free(cause);
			cause = NULL;
			free(path);
			continue;
		}
		v[0] = conf_get(c, "name");
		v[1] = conf_get(c, "created");
		v[2] = conf_get(c, "description");
		for (i = 0; i < 3; i++)
			v[i] = v[i] != NULL ? v[i] : "-";
		u = xstrndup(de->d_name, n - 9);
		printf("%-36s %-16s %-24s %s\n", u, v[0], v[1], v[2]);
		free(u);
		conf_free(c);
		free(path);
	}
	closedir(d);
	free(imgdir);
	return (HYVE_EXIT_OK);
}

/*
 * The manifest of image uuid (*file gets the stream's path); NULL after
 * a warning.
 */
static struct conf *
cmd_image_manifest(const char *imgdir, const char *uuid, char **file)
{
	struct conf	*c;
	const char	*f;
	char		*path, *cause = NULL;

	if (strchr(uuid, '/') != NULL || uuid[0] == '.') {
		warnx("%s: not an image id (see \"hyve image list\")", uuid);
		return (NULL);
	}
	xasprintf(&path, "%s/%s.manifest", imgdir, uuid);
	if ((c = conf_load(path, &cause)) == NULL) {
		warnx("%s: no such image (%s; see \"hyve image list\")", uuid,
		    cause);
		free(cause);
		free(path);
		return (NULL);
	}
	free(path);
	if ((f = conf_get(c, "filename")) == NULL || strchr(f, '/') != NULL) {
		warnx("%s: its manifest names no file", uuid);
		conf_free(c);
		return (NULL);
	}
	xasprintf(file, "%s/%s", imgdir, f);
	return (c);
}

/* "image provision": receive an image as a new guest. */
static int
cmd_image_provision(int argc, char **argv)
{
	struct datastore_list	*dl = NULL;
	const struct datastore	*ds;
	struct guest		*g = NULL;
	struct conf		*c = NULL;
	struct argv		*recv = NULL, *xz = NULL, *a;
	struct plan		*p;
	const char		*dsname = "default", *old, *uuid, *newname;
	char			*imgdir = NULL, *file = NULL, *target = NULL;
	char			*cause = NULL, *from = NULL, *to = NULL, *s;
	bool			 dryrun = false;
	size_t			 n;
	int			 i, fd = -1, rv = HYVE_EXIT_ERR;

	for (i = 0; i < argc - 2 && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-d") == 0 && i + 1 < argc - 2)
			dsname = argv[++i];
		else if (strcmp(argv[i], "-n") == 0)
			dryrun = true;
		else
			return (cmd_badusage(&cmd_image_entry));
	}
	if (i != argc - 2)
		return (cmd_badusage(&cmd_image_entry));
	uuid = argv[i];
	newname = argv[i + 1];
	if (!name_valid(newname, &cause)) {
		warnx("%s", cause);
		goto done;
	}
	if ((dl = cmd_image_store(&imgdir)) == NULL ||
	    (c = cmd_image_manifest(imgdir, uuid, &file)) == NULL)
		goto done;
	if ((old = conf_get(c, "name")) == NULL || !name_valid(old, &cause)) {
		warnx("%s: its manifest names no guest", uuid);
		goto done;
	}
	if (datastore_guest(dl, newname) != NULL) {
		warnx("%s: a guest of that name exists already", newname);
		goto done;
	}
	if ((ds = datastore_find(dl, dsname)) == NULL ||
	    ds->ds_kind != DATASTORE_ZFS || ds->ds_path == NULL) {
		warnx("%s: no mounted ZFS datastore %s", newname, dsname);
		goto done;
	}
	xasprintf(&target, "%s/%s", ds->ds_dataset, newname);
	recv = zfs_receive(target, false);
	n = strlen(file);
	if (n > 2 && strcmp(file + n - 2, ".z") == 0) {
		xz = argv_new();
		argv_add(xz, paths_get(PATH_XZ));
		argv_add(xz, "-dc");
	}
	xasprintf(&from, "%s/%s/%s.conf", ds->ds_path, newname, old);
	xasprintf(&to, "%s/%s/%s.conf", ds->ds_path, newname, newname);
	if (dryrun) {
		p = plan_new();
		if (xz != NULL) {
			plan_run(p, xz, file);
			plan_run(p, recv, "from the pipe");
		} else
			plan_run(p, recv, file);
		plan_add(p, "run %s destroy -r %s@%.8s", paths_get(PATH_ZFS),
		    target, uuid);
		plan_add(p, "rename %s %s", from, to);
		plan_add(p, "write %s: uuid=\"(a new UUID)\" and new MACs",
		    to);
		plan_print(p, stdout);
		plan_free(p);
		rv = HYVE_EXIT_OK;
		goto done;
	}
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1) {
		warn("%s", file);
		goto done;
	}
	if (xz != NULL)
		i = zfsguest_pipe(xz, recv, fd, STDERR_FILENO);
	else
		i = zfsguest_pipe(recv, NULL, fd, STDERR_FILENO);
	if (i == 0) {
		/* The image's snapshot came along; it is not the guest's. */
		xasprintf(&s, "%s@%.8s", target, uuid);
		a = zfs_destroy(s, true);
		free(s);
		if (zfshost_run(a, NULL, &cause) == -1)
			warnx("%s: %s", newname, cause);
		argv_free(a);
		if (rename(from, to) == -1)
			warn("%s: rename %s", newname, from);
		else if ((g = zfsguest_load(newname, "image provision",
		    NULL)) != NULL && zfsguest_identity(to, g->g_vm,
		    &cause) == 0)
			rv = HYVE_EXIT_OK;
		else if (g != NULL)
			warnx("%s: %s", newname, cause);
	}
	if (rv != HYVE_EXIT_OK && zfshost_exists(target)) {
		/* Nothing half-made stays. */
		a = zfs_destroy(target, true);
		free(cause);
		cause = NULL;
		if (zfshost_run(a, NULL, &cause) == -1)
			warnx("%s: %s", newname, cause);
		argv_free(a);
	} else if (rv == HYVE_EXIT_OK)
		printf("%s: provisioned from image %s\n", newname, uuid);
done:
	if (fd != -1)
		close(fd);
	free(cause);
	guest_free(g);
	conf_free(c);
	argv_free(recv);
	argv_free(xz);
	datastore_list_free(dl);
	free(imgdir);
	free(file);
	free(target);
	free(from);
	free(to);
	return (rv);
}

/* "image destroy": remove the stream and its manifest. */
static int
cmd_image_destroy(int argc, char **argv)
{
	struct datastore_list	*dl;
	struct conf		*c;
	char			*imgdir = NULL, *file = NULL, *mpath;
	bool			 dryrun = argc == 2 && strcmp(argv[0], "-n") ==
				    0;
	int			 rv = HYVE_EXIT_OK;

	if (argc != 1 && !dryrun)
		return (cmd_badusage(&cmd_image_entry));
	argv += argc - 1;
	if ((dl = cmd_image_store(&imgdir)) == NULL)
		return (HYVE_EXIT_ERR);
	datastore_list_free(dl);
	if ((c = cmd_image_manifest(imgdir, argv[0], &file)) == NULL) {
		free(imgdir);
		return (HYVE_EXIT_ERR);
	}
	conf_free(c);
	xasprintf(&mpath, "%s/%s.manifest", imgdir, argv[0]);
	if (dryrun)
		printf("remove %s\nremove %s\n", file, mpath);
	else if (unlink(file) == -1 && errno != ENOENT) {
		warn("%s", file);
		rv = HYVE_EXIT_ERR;
	} else if (unlink(mpath) == -1) {
		warn("%s", mpath);
		rv = HYVE_EXIT_ERR;
	} else
		printf("image %s: destroyed\n", argv[0]);
	free(mpath);
	free(file);
	free(imgdir);
	return (rv);
}

/* Dispatch a subcommand. */
static int
cmd_image_exec(struct cmd_args *ca)
{
	const char	*sub = ca->ca_argv[0];
	int		 argc = ca->ca_argc - 1;
	char		**argv = ca->ca_argv + 1;

	if (strcmp(sub, "create") == 0)
		return (cmd_image_create(argc, argv));
	if (strcmp(sub, "list") == 0 && argc == 0)
		return (cmd_image_list());
	if (strcmp(sub, "provision") == 0)
		return (cmd_image_provision(argc, argv));
	if (strcmp(sub, "destroy") == 0)
		return (cmd_image_destroy(argc, argv));
	return (cmd_badusage(&cmd_image_entry));
}

#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * zfs - the fake host's zfs(8), for what zfs-fuse cannot do (zvols)
 * and for failures a test must be able to order ("dataset is busy").
 *
 * The datasets live in $FH/state/zfs, one per line:
 *
 *	NAME<TAB>TYPE<TAB>MOUNTPOINT<TAB>ORIGIN<TAB>VOLSIZE<TAB>VOLBLOCKSIZE
 *
 * TYPE is filesystem, volume or snapshot; "-" stands for no value.  A
 * volume's block size is fixed at create (-b or -o volblocksize=, 16K
 * by default) and its size must stay a multiple of it.  A
 * new filesystem is "mounted" on its parent's mount point plus its last
 * name component (the directory is made); a clone of a filesystem gets
 * a copy of its origin's files, as a mounted clone would show them.
 *
 * Subcommands and their syntax, from the OpenZFS 2.2 manual pages
 * zfs-create(8), zfs-destroy(8), zfs-snapshot(8), zfs-clone(8),
 * zfs-rename(8), zfs-set(8), zfs-rollback(8), zfs-list(8), zfs-get(8):
 *
 *	create [-p] [-o prop=value]... filesystem
 *	create [-ps] [-b size] [-o prop=value]... -V size volume
 *	destroy [-fnprRv] filesystem|volume|snapshot
 *	snapshot [-r] [-o prop=value]... dataset@snap...
 *	clone [-p] [-o prop=value]... snapshot filesystem|volume
 *	rename [-f] [-p] [-u] from to
 *	mount filesystem
 *	unmount [-f] filesystem
 *	set prop=value... dataset
 *	rollback [-rRf] snapshot
 *	list [-H] [-r|-d depth] [-o props] [-s prop] [-t types] [dataset]
 *	get [-Hp] [-r] [-o field[,...]] prop[,...] dataset
 *
 * Errors are worded as zfs(8) words them, with its exit status (1 for a
 * failed operation, 2 for bad usage).  Knob: $FH/ctl/zfs.busy holding N
 * makes the next N destroy and rename calls fail with "dataset is busy".
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"

#define	ZMAX	512

struct ds {
	char	*name;
	char	*type;
	char	*mnt;
	char	*origin;
	char	*volsize;
	char	*volblocksize;	/* a volume's (or its snapshot's), else - */
};

static struct ds	 dss[ZMAX];
static int		 nds;

/* Bad usage: zfs exits 2. */
static void __attribute__((__noreturn__))
usage(const char *why)
{
	fprintf(stderr, "%s\nusage: see zfs(8)\n", why);
	exit(2);
}

/* Load $FH/state/zfs. */
static void
load(void)
{
	char	*path, *data, *line, *s, *f[6];
	int	 i;

	path = fh_path("state/zfs");
	if ((data = fh_readfile(path)) == NULL)
		err(FH_EXIT_BROKEN, "%s", path);
	for (s = data; (line = strsep(&s, "\n")) != NULL;) {
		if (*line == '\0')
			continue;
		for (i = 0; i < 6; i++)
			if ((f[i] = strsep(&line, "\t")) == NULL)
				errx(FH_EXIT_BROKEN, "%s: bad line", path);
		dss[nds].name = fh_xstrdup(f[0]);
		dss[nds].type = fh_xstrdup(f[1]);
		dss[nds].mnt = fh_xstrdup(f[2]);
		dss[nds].origin = fh_xstrdup(f[3]);
		dss[nds].volsize = fh_xstrdup(f[4]);
		dss[nds].volblocksize = fh_xstrdup(f[5]);
		nds++;
	}
	free(data);
	free(path);
}

/* Write $FH/state/zfs back. */
static void
save(void)
{
	char	*text, *tmp, *path;
	int	 i;

	text = fh_xstrdup("");
	for (i = 0; i < nds; i++) {
		if (dss[i].name == NULL)
			continue;
		tmp = fh_xasprintf("%s%s\t%s\t%s\t%s\t%s\t%s\n", text,
		    dss[i].name, dss[i].type, dss[i].mnt, dss[i].origin,
		    dss[i].volsize, dss[i].volblocksize);
		free(text);
		text = tmp;
	}
	path = fh_path("state/zfs");
	fh_writefile(path, text);
	free(path);
	free(text);
}

/* The dataset called name, or NULL. */
static struct ds *
find(const char *name)
{
	int	 i;

	for (i = 0; i < nds; i++)
		if (dss[i].name != NULL && strcmp(dss[i].name, name) == 0)
			return (&dss[i]);
	return (NULL);
}

/* Add a dataset. */
static struct ds *
add(const char *name, const char *type, const char *mnt, const char *origin,
    const char *volsize, const char *volblocksize)
{
	struct ds	*d;

	if (nds == ZMAX)
		errx(FH_EXIT_BROKEN, "too many datasets");
	d = &dss[nds++];
	d->name = fh_xstrdup(name);
	d->type = fh_xstrdup(type);
	d->mnt = fh_xstrdup(mnt);
	d->origin = fh_xstrdup(origin);
	d->volsize = fh_xstrdup(volsize);
	d->volblocksize = fh_xstrdup(volblocksize);
	return (d);
}

/* Whether a is b or below it (b/..., or b@... when snaps). */
static bool
below(const char *a, const char *b, bool snaps)
{
	size_t	 n = strlen(b);

	return (strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/' ||
	    (snaps && a[n] == '@')));
}

/* The parent of a dataset name; caller frees (NULL for a pool). */
static char *
parent(const char *name)
{
	const char	*slash;

	if ((slash = strrchr(name, '/')) == NULL)
		return (NULL);
	return (fh_xasprintf("%.*s", (int)(slash - name), name));
}

/* Whether name is a valid dataset name (zfsconcepts(7)). */
static bool
validname(const char *name, bool snap)
{
	const char	*p;
	int		 ats = 0;

	if (*name == '\0' || *name == '/' || name[strlen(name) - 1] == '/' ||
	    strstr(name, "//") != NULL || strlen(name) > 255)
		return (false);
	for (p = name; *p != '\0'; p++) {
		if (*p == '@')
			ats++;
		else if (!isalnum((unsigned char)*p) &&
		    strchr("-_.: /", *p) == NULL)
			return (false);
	}
	return (snap ? ats == 1 && strchr(name, '@')[1] != '\0' &&
	    strchr(strchr(name, '@'), '/') == NULL : ats == 0);
}

/* Whether s is a size zfs takes: digits, an optional fraction, a unit. */
static bool
validsize(const char *s)
{
	char	*end;

	if (!isdigit((unsigned char)*s) || strtod(s, &end) <= 0)
		return (false);
	if (*end != '\0' && strchr("KMGTPEkmgtpe", *end) != NULL)
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	return (*end == '\0');
}

/*
 * A valid size in bytes, as "zfs get -p" prints sizes (zfs-get(8):
 * "-p  Display numbers in parsable (exact) values"); units are powers
 * of 1024 (zfsprops(7)).
 */
static char *
sizebytes(const char *s)
{
	const char	*units = "KMGTPE";
	const char	*u;
	char		*end;
	double		 v;

	v = strtod(s, &end);
	if (*end != '\0' && (u = strchr(units, toupper((unsigned char)*end)))
	    != NULL)
		for (v *= 1024; u > units; u--)
			v *= 1024;
	return (fh_xasprintf("%.0f", v));
}

/* Is size (a valid size) a whole number of blocks of size bs? */
static bool
multiple(const char *size, const char *bs)
{
	char	*a, *b;
	bool	 ok;

	a = sizebytes(size);
	b = sizebytes(bs);
	ok = strtoull(a, NULL, 10) % strtoull(b, NULL, 10) == 0;
	free(a);
	free(b);
	return (ok);
}

/* Check a -o prop=value (native properties hyve may set, or user ones). */
static void
checkprop(const char *pv, bool volume)
{
	static const char *const native[] = { "atime", "compression",
	    "checksum", "copies", "dedup", "logbias", "mountpoint",
	    "primarycache", "recordsize", "refreservation", "reservation",
	    "secondarycache", "sync", "volblocksize", "volmode", "volsize",
	    "quota", "refquota", "canmount", "readonly", NULL };
	const char *const	*n;
	const char		*eq;
	size_t			 len;

	if ((eq = strchr(pv, '=')) == NULL || eq == pv)
		usage(fh_xasprintf("missing '=' for property: %s", pv));
	len = (size_t)(eq - pv);
	if (memchr(pv, ':', len) != NULL)
		return;
	for (n = native; *n != NULL; n++)
		if (strlen(*n) == len && strncmp(*n, pv, len) == 0)
			break;
	if (*n == NULL)
		usage(fh_xasprintf("invalid property '%.*s'", (int)len, pv));
	if (len == 7 && strncmp(pv, "volmode", 7) == 0 &&
	    strcmp(eq + 1, "default") != 0 && strcmp(eq + 1, "full") != 0 &&
	    strcmp(eq + 1, "geom") != 0 && strcmp(eq + 1, "dev") != 0 &&
	    strcmp(eq + 1, "none") != 0) {
		fprintf(stderr, "cannot create: 'volmode' must be one of "
		    "'default | full | geom | dev | none'\n");
		exit(1);
	}
	if (!volume && (strncmp(pv, "volmode", len) == 0 ||
	    strncmp(pv, "volblocksize", len) == 0)) {
		fprintf(stderr, "property '%.*s' is only valid for "
		    "volumes\n", (int)len, pv);
		exit(1);
	}
}

/*
 * The unmounted filesystems, one name per line in
 * $FH/state/zfs.unmounted (mounting is not modelled otherwise: a
 * filesystem's files stay in its directory).
 */
static char *
unmountedlist(void)
{
	char	*path, *data;

	path = fh_path("state/zfs.unmounted");
	data = fh_readfile(path);
	free(path);
	return (data != NULL ? data : fh_xstrdup(""));
}

/* Whether name is in the unmounted list. */
static bool
unmounted(const char *name)
{
	char	*data, *line, *s;
	bool	 found = false;

	data = unmountedlist();
	for (s = data; (line = strsep(&s, "\n")) != NULL;)
		found = found || strcmp(line, name) == 0;
	free(data);
	return (found);
}

/*
 * Rewrite the unmounted list: drop from (and with to, what was below
 * from is renamed below to); add add when not NULL.
 */
static void
setunmounted(const char *from, const char *to, const char *add)
{
	char	*data, *line, *s, *out, *n, *path;

	data = unmountedlist();
	out = fh_xstrdup("");
	for (s = data; (line = strsep(&s, "\n")) != NULL;) {
		if (*line == '\0')
			continue;
		if (from != NULL && below(line, from, true)) {
			if (to == NULL)
				continue;
			line = fh_xasprintf("%s%s", to, line + strlen(from));
		}
		n = fh_xasprintf("%s%s\n", out, line);
		free(out);
		out = n;
	}
	if (add != NULL) {
		n = fh_xasprintf("%s%s\n", out, add);
		free(out);
		out = n;
	}
	path = fh_path("state/zfs.unmounted");
	fh_writefile(path, out);
	free(path);
	free(out);
	free(data);
}

/* Remove path and everything below it, as a destroyed dataset's. */
static void
rmtree(const char *path)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dir;
	char		*sub;

	if (lstat(path, &st) == -1)
		return;
	if (S_ISDIR(st.st_mode) && (dir = opendir(path)) != NULL) {
		while ((de = readdir(dir)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			sub = fh_xasprintf("%s/%s", path, de->d_name);
			rmtree(sub);
			free(sub);
		}
		closedir(dir);
		rmdir(path);
	} else
		unlink(path);
}

/* Copy directory from into to (made), files and directories. */
static void
copytree(const char *from, const char *to)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*s, *t, *data;

	mkdir(to, 0755);
	if ((d = opendir(from)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		s = fh_xasprintf("%s/%s", from, de->d_name);
		t = fh_xasprintf("%s/%s", to, de->d_name);
		if (lstat(s, &st) == 0 && S_ISDIR(st.st_mode))
			copytree(s, t);
		else if (S_ISREG(st.st_mode) && st.st_size > 65536) {
			/* A disk: its size, not its (test-irrelevant) bytes. */
			close(open(t, O_WRONLY | O_CREAT, 0600));
			if (truncate(t, st.st_size) == -1)
				err(FH_EXIT_BROKEN, "truncate %s", t);
		} else if (S_ISREG(st.st_mode) &&
		    (data = fh_readfile(s)) != NULL) {
			fh_writefile(t, data);
			free(data);
		}
		free(s);
		free(t);
	}
	closedir(d);
}

/* Fail like zfs when the busy knob says so (destroy, rename). */
static void
busy(const char *verb, const char *name)
{
	char	*k, *path;
	long	 n;

	if ((k = fh_knob("zfs", "busy")) == NULL)
		return;
	n = strtol(k, NULL, 10);
	free(k);
	if (n <= 0)
		return;
	path = fh_path("ctl/zfs.busy");
	k = fh_xasprintf("%ld\n", n - 1);
	fh_writefile(path, k);
	free(k);
	free(path);
	fprintf(stderr, "cannot %s '%s': dataset is busy\n", verb, name);
	exit(1);
}

/* zfs create. */
static int
cmd_create(int argc, char **argv)
{
	/* zfsprops(7): "The default blocksize for volumes is 16 Kbytes." */
	const char	*size = NULL, *blocksize = "16K";
	char		*par, *mnt, *rounded = NULL, *bs, *vs;
	unsigned long long n;
	bool		 sparse = false, p = false;
	struct ds	*pd;
	int		 ch, i, nopts = 0;
	char		*opts[32];

	while ((ch = getopt(argc, argv, FH_OPTS("b:o:psV:"))) != -1)
		switch (ch) {
		case 'b':
			blocksize = optarg;
			break;
		case 'o':
			if (nopts == 32)
				usage("too many -o");
			opts[nopts++] = optarg;
			if (strncmp(optarg, "volblocksize=", 13) == 0)
				blocksize = optarg + 13;
			break;
		case 'p':
			p = true;
			break;
		case 's':
			sparse = true;
			break;
		case 'V':
			size = optarg;
			break;
		default:
			usage("invalid option");
		}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage(argc == 0 ? "missing filesystem argument" :
		    "too many arguments");
	if (sparse && size == NULL)
		usage("'-s' and '-b' can only be used when creating a "
		    "volume");
	if (size != NULL && !validsize(size)) {
		fprintf(stderr, "bad volume size '%s': bad numeric value\n",
		    size);
		return (1);
	}
	for (i = 0; i < nopts; i++)
		checkprop(opts[i], size != NULL);
	if (!validsize(blocksize)) {
		fprintf(stderr, "bad volume block size '%s'\n", blocksize);
		return (1);
	}
	/* Since OpenZFS 2.0 create rounds volsize up (openzfs/zfs#10196). */
	if (size != NULL && !multiple(size, blocksize)) {
		bs = sizebytes(blocksize);
		vs = sizebytes(size);
		n = strtoull(bs, NULL, 10);
		size = rounded = fh_xasprintf("%llu",
		    (strtoull(vs, NULL, 10) / n + 1) * n);
		free(bs);
		free(vs);
	}
	if (!validname(argv[0], false)) {
		fprintf(stderr, "cannot create '%s': invalid character in "
		    "name\n", argv[0]);
		return (1);
	}
	load();
	if (find(argv[0]) != NULL) {
		fprintf(stderr, "cannot create '%s': dataset already "
		    "exists\n", argv[0]);
		return (1);
	}
	par = parent(argv[0]);
	if (par == NULL || (pd = find(par)) == NULL) {
		if (!p || par == NULL) {
			fprintf(stderr, "cannot create '%s': parent does not "
			    "exist\n", argv[0]);
			return (1);
		}
		usage("-p is not supported by this fake");
	}
	if (strcmp(pd->type, "filesystem") != 0) {
		fprintf(stderr, "cannot create '%s': parent is not a "
		    "filesystem\n", argv[0]);
		return (1);
	}
	if (size != NULL)
		add(argv[0], "volume", "-", "-", size, blocksize);
	else {
		mnt = strcmp(pd->mnt, "-") == 0 ? fh_xstrdup("-") :
		    fh_xasprintf("%s/%s", pd->mnt, strrchr(argv[0], '/') + 1);
		if (strcmp(mnt, "-") != 0)
			mkdir(mnt, 0755);
		add(argv[0], "filesystem", mnt, "-", "-", "-");
		free(mnt);
	}
	free(par);
	free(rounded);
	save();
	return (0);
}

/* zfs destroy. */
static int
cmd_destroy(int argc, char **argv)
{
	const char	*at, *target;
	char		*fs, *snap, *n;
	bool		 r = false;
	int		 ch, i, found = 0;

	while ((ch = getopt(argc, argv, FH_OPTS("fnprRv"))) != -1)
		switch (ch) {
		case 'r':
		case 'R':
			r = true;
			break;
		case 'f':
		case 'n':
		case 'p':
		case 'v':
			break;
		default:
			usage("invalid option");
		}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage(argc == 0 ? "missing dataset argument" :
		    "too many arguments");
	target = argv[0];
	load();
	busy("destroy", target);
	if ((at = strchr(target, '@')) != NULL) {
		/* -r: the snapshot of that name in every descendant. */
		fs = fh_xasprintf("%.*s", (int)(at - target), target);
		snap = fh_xstrdup(at);
		for (i = 0; i < nds; i++) {
			if (dss[i].name == NULL ||
			    strcmp(dss[i].type, "snapshot") == 0 ||
			    !(r ? below(dss[i].name, fs, false) :
			    strcmp(dss[i].name, fs) == 0))
				continue;
			n = fh_xasprintf("%s%s", dss[i].name, snap);
			if (find(n) != NULL) {
				find(n)->name = NULL;
				found++;
			}
			free(n);
		}
		if (found == 0) {
			fprintf(stderr, "could not find any snapshots to "
			    "destroy; check snapshot names.\n");
			return (1);
		}
		save();
		return (0);
	}
	if (find(target) == NULL) {
		fprintf(stderr, "cannot open '%s': dataset does not exist\n",
		    target);
		return (1);
	}
	for (i = 0; i < nds; i++) {
		if (dss[i].name == NULL || strcmp(dss[i].name, target) == 0 ||
		    !below(dss[i].name, target, true))
			continue;
		if (!r) {
			fprintf(stderr, "cannot destroy '%s': filesystem has "
			    "children\nuse '-r' to destroy the following "
			    "datasets:\n%s\n", target, dss[i].name);
			return (1);
		}
		dss[i].name = NULL;
	}
	/*
	 * Its files go with it, and zfs removes the mount point it made
	 * (libzfs unmounts and removes it on destroy).
	 */
	if (strcmp(find(target)->type, "filesystem") == 0 &&
	    strcmp(find(target)->mnt, "-") != 0)
		rmtree(find(target)->mnt);
	setunmounted(target, NULL, NULL);
	find(target)->name = NULL;
	save();
	return (0);
}

/* zfs snapshot. */
static int
cmd_snapshot(int argc, char **argv)
{
	const char	*at;
	char		*fs, *n;
	bool		 r = false;
	int		 ch, i, j;

	while ((ch = getopt(argc, argv, FH_OPTS("o:r"))) != -1)
		switch (ch) {
		case 'o':
			checkprop(optarg, false);
			break;
		case 'r':
			r = true;
			break;
		default:
			usage("invalid option");
		}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage("missing snapshot argument");
	load();
	for (j = 0; j < argc; j++) {
		if (!validname(argv[j], true)) {
			fprintf(stderr, "cannot create snapshot '%s': invalid "
			    "character in name\n", argv[j]);
			return (1);
		}
		at = strchr(argv[j], '@');
		fs = fh_xasprintf("%.*s", (int)(at - argv[j]), argv[j]);
		if (find(fs) == NULL) {
			fprintf(stderr, "cannot open '%s': dataset does not "
			    "exist\n", fs);
			return (1);
		}
		if (find(argv[j]) != NULL) {
			fprintf(stderr, "cannot create snapshot '%s': dataset "
			    "already exists\n", argv[j]);
			return (1);
		}
		for (i = nds - 1; i >= 0; i--) {
			if (dss[i].name == NULL ||
			    strcmp(dss[i].type, "snapshot") == 0 ||
			    !(r ? below(dss[i].name, fs, false) :
			    strcmp(dss[i].name, fs) == 0))
				continue;
			n = fh_xasprintf("%s%s", dss[i].name, at);
			add(n, "snapshot", "-", "-", dss[i].volsize,
			    dss[i].volblocksize);
			free(n);
		}
		free(fs);
	}
	save();
	return (0);
}

/* zfs clone. */
static int
cmd_clone(int argc, char **argv)
{
	struct ds	*o, *pd, *c;
	char		*fs, *par, *mnt;
	int		 ch;

	while ((ch = getopt(argc, argv, FH_OPTS("o:p"))) != -1)
		if (ch == 'o')
			checkprop(optarg, false);
		else if (ch != 'p')
			usage("invalid option");
	argc -= optind;
	argv += optind;
	if (argc != 2)
		usage(argc < 2 ? "missing source or target dataset" :
		    "too many arguments");
	if (!validname(argv[0], true) || !validname(argv[1], false))
		usage("invalid dataset name");
	load();
	if ((o = find(argv[0])) == NULL) {
		fprintf(stderr, "cannot open '%s': dataset does not exist\n",
		    argv[0]);
		return (1);
	}
	if (find(argv[1]) != NULL) {
		fprintf(stderr, "cannot create '%s': dataset already "
		    "exists\n", argv[1]);
		return (1);
	}
	par = parent(argv[1]);
	if (par == NULL || (pd = find(par)) == NULL) {
		fprintf(stderr, "cannot create '%s': parent does not exist\n",
		    argv[1]);
		return (1);
	}
	fs = fh_xasprintf("%.*s", (int)(strchr(argv[0], '@') - argv[0]),
	    argv[0]);
	if (strcmp(find(fs)->type, "volume") == 0)
		add(argv[1], "volume", "-", argv[0], o->volsize,
		    o->volblocksize);
	else {
		mnt = strcmp(pd->mnt, "-") == 0 ? fh_xstrdup("-") :
		    fh_xasprintf("%s/%s", pd->mnt, strrchr(argv[1], '/') + 1);
		c = add(argv[1], "filesystem", mnt, argv[0], "-", "-");
		if (strcmp(mnt, "-") != 0 && strcmp(find(fs)->mnt, "-") != 0)
			copytree(find(fs)->mnt, c->mnt);
		free(mnt);
	}
	free(fs);
	free(par);
	save();
	return (0);
}

/* zfs set prop=value dataset (volsize only: what hyve sets). */
static int
cmd_set(int argc, char **argv)
{
	struct ds	*d;

	if (argc != 3)
		usage(argc < 3 ? "missing arguments" : "too many arguments");
	checkprop(argv[1], true);
	load();
	if ((d = find(argv[2])) == NULL) {
		fprintf(stderr, "cannot open '%s': dataset does not exist\n",
		    argv[2]);
		return (1);
	}
	if (strncmp(argv[1], "volsize=", 8) == 0) {
		if (strcmp(d->type, "volume") != 0) {
			fprintf(stderr, "cannot set property for '%s': "
			    "'volsize' does not apply to datasets of this "
			    "type\n", argv[2]);
			return (1);
		}
		if (!validsize(argv[1] + 8)) {
			fprintf(stderr, "cannot set property for '%s': bad "
			    "numeric value '%s'\n", argv[2], argv[1] + 8);
			return (1);
		}
		/*
		 * zfs set does not round volsize up as zfs create has since
		 * OpenZFS 2.0 (openzfs/zfs#10196): it refuses instead.
		 */
		if (!multiple(argv[1] + 8, d->volblocksize)) {
			fprintf(stderr, "cannot set property for '%s': volume "
			    "size must be a multiple of volume block size\n",
			    argv[2]);
			return (1);
		}
		d->volsize = fh_xstrdup(argv[1] + 8);
	}
	save();
	return (0);
}

/*
 * zfs mount FILESYSTEM, zfs unmount [-f] FILESYSTEM (zfs-mount(8),
 * zfs-unmount(8)): the dataset must exist, be a filesystem, and be
 * unmounted (mount) or mounted (unmount), as zfs refuses otherwise.
 */
static int
cmd_mount(int argc, char **argv, bool mount)
{
	struct ds	*d;
	int		 ch;

	while ((ch = getopt(argc, argv, FH_OPTS("f"))) != -1)
		if (ch == '?' || mount)
			usage("invalid option");
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage(argc == 0 ? "missing filesystem argument" :
		    "too many arguments");
	load();
	if ((d = find(argv[0])) == NULL) {
		fprintf(stderr, "cannot open '%s': dataset does not exist\n",
		    argv[0]);
		return (1);
	}
	if (strcmp(d->type, "filesystem") != 0) {
		fprintf(stderr, "cannot %smount '%s': operation not "
		    "applicable to datasets of this type\n", mount ? "" : "un",
		    argv[0]);
		return (1);
	}
	if (unmounted(argv[0]) != mount) {
		fprintf(stderr, mount ? "cannot mount '%s': filesystem "
		    "already mounted\n" : "cannot unmount '%s': not "
		    "currently mounted\n", argv[0]);
		return (1);
	}
	if (mount)
		setunmounted(argv[0], NULL, NULL);
	else
		setunmounted(NULL, NULL, argv[0]);
	return (0);
}

/* zfs mount. */
static int
cmd_mountfs(int argc, char **argv)
{
	return (cmd_mount(argc, argv, true));
}

/* zfs unmount. */
static int
cmd_unmount(int argc, char **argv)
{
	return (cmd_mount(argc, argv, false));
}

/* zfs rename (datasets; no -r for snapshots in this fake). */
static int
cmd_rename(int argc, char **argv)
{
	struct ds	*d, *pd;
	char		*n, *par, *slash, *mnt, *old;
	size_t		 len;
	int		 ch, i;

	while ((ch = getopt(argc, argv, FH_OPTS("fpu"))) != -1)
		if (ch == '?')
			usage("invalid option");
	argc -= optind;
	argv += optind;
	if (argc != 2)
		usage("wrong number of arguments");
	load();
	busy("rename", argv[0]);
	if ((d = find(argv[0])) == NULL) {
		fprintf(stderr, "cannot open '%s': dataset does not exist\n",
		    argv[0]);
		return (1);
	}
	if (find(argv[1]) != NULL) {
		fprintf(stderr, "cannot rename to '%s': dataset already "
		    "exists\n", argv[1]);
		return (1);
	}
	par = fh_xstrdup(argv[1]);
	if ((slash = strrchr(par, '/')) != NULL)
		*slash = '\0';
	if (slash == NULL || (pd = find(par)) == NULL) {
		fprintf(stderr, "cannot rename to '%s': parent does not "
		    "exist\n", argv[1]);
		return (1);
	}
	/*
	 * A mounted filesystem is remounted where it now inherits its
	 * mount point (zfs-rename(8)), and the ones below it with it.
	 */
	if (strcmp(d->type, "filesystem") == 0 && strcmp(d->mnt, "-") != 0 &&
	    strcmp(pd->mnt, "-") != 0) {
		old = d->mnt;
		mnt = fh_xasprintf("%s/%s", pd->mnt, slash + 1);
		if (rename(old, mnt) == -1)
			err(1, "rename %s %s", old, mnt);
		len = strlen(old);
		for (i = 0; i < nds; i++)
			if (dss[i].name != NULL &&
			    below(dss[i].name, argv[0], true) &&
			    strncmp(dss[i].mnt, old, len) == 0 &&
			    (dss[i].mnt[len] == '\0' || dss[i].mnt[len] == '/'))
				dss[i].mnt = fh_xasprintf("%s%s", mnt,
				    dss[i].mnt + len);
	}
	len = strlen(argv[0]);
	for (i = 0; i < nds; i++)
		if (dss[i].name != NULL && below(dss[i].name, argv[0], true)) {
			n = fh_xasprintf("%s%s", argv[1], dss[i].name + len);
			dss[i].name = n;
		}
	setunmounted(argv[0], argv[1], NULL);
	save();
	return (0);
}

/* zfs rollback. */
static int
cmd_rollback(int argc, char **argv)
{
	int	 ch;

	while ((ch = getopt(argc, argv, FH_OPTS("frR"))) != -1)
		if (ch == '?')
			usage("invalid option");
	argc -= optind;
	argv += optind;
	if (argc != 1 || !validname(argv[0], true))
		usage("rollback needs one snapshot");
	load();
	if (find(argv[0]) == NULL) {
		fprintf(stderr, "cannot open '%s': dataset does not exist\n",
		    argv[0]);
		return (1);
	}
	return (0);
}

/* The value of property prop of d, as zfs list and get print it. */
static const char *
propval(const struct ds *d, const char *prop)
{
	if (strcmp(prop, "name") == 0)
		return (d->name);
	if (strcmp(prop, "type") == 0)
		return (d->type);
	if (strcmp(prop, "mountpoint") == 0)
		return (strcmp(d->type, "filesystem") == 0 ? d->mnt : "-");
	if (strcmp(prop, "mounted") == 0)
		return (strcmp(d->type, "filesystem") != 0 ? "-" :
		    strcmp(d->mnt, "-") == 0 ? "no" : "yes");
	if (strcmp(prop, "origin") == 0)
		return (d->origin);
	if (strcmp(prop, "volsize") == 0)
		return (d->volsize);
	if (strcmp(prop, "volblocksize") == 0)
		return (d->volblocksize);
	if (strcmp(prop, "creation") == 0)
		return ("Wed Dec  2  6:00 2026");
	if (strcmp(prop, "used") == 0)
		return ("0");
	return (NULL);
}

/* Whether type is in the comma-separated list types. */
static bool
typein(const char *type, const char *types)
{
	char	*copy, *s, *t;
	bool	 in = false;

	copy = fh_xstrdup(types);
	for (s = copy; (t = strsep(&s, ",")) != NULL;)
		in = in || strcmp(t, "all") == 0 || strcmp(t, type) == 0 ||
		    (strcmp(t, "snap") == 0 && strcmp(type, "snapshot") == 0);
	free(copy);
	return (in);
}

/* zfs list. */
static int
cmd_list(int argc, char **argv)
{
	const char	*props = "name,used,avail,refer,mountpoint";
	const char	*types = "filesystem,volume", *v;
	char		*copy, *s, *p;
	bool		 H = false, r = false, first;
	int		 ch, i;

	while ((ch = getopt(argc, argv, FH_OPTS("Hrd:o:s:S:t:"))) != -1)
		switch (ch) {
		case 'H':
			H = true;
			break;
		case 'r':
			r = true;
			break;
		case 'o':
			props = optarg;
			break;
		case 't':
			types = optarg;
			break;
		case 'd':
		case 's':
		case 'S':
			break;
		default:
			usage("invalid option");
		}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage("this fake lists one dataset");
	if (!H)
		usage("this fake only prints -H output");
	load();
	if (argc == 1 && find(argv[0]) == NULL) {
		fprintf(stderr, "cannot open '%s': dataset does not exist\n",
		    argv[0]);
		return (1);
	}
	for (i = 0; i < nds; i++) {
		if (dss[i].name == NULL || !typein(dss[i].type, types) ||
		    (argc == 1 && !(r ? below(dss[i].name, argv[0], true) :
		    strcmp(dss[i].name, argv[0]) == 0)))
			continue;
		copy = fh_xstrdup(props);
		first = true;
		for (s = copy; (p = strsep(&s, ",")) != NULL; first = false) {
			if ((v = propval(&dss[i], p)) == NULL)
				usage(fh_xasprintf("invalid property '%s'",
				    p));
			printf("%s%s", first ? "" : "\t", v);
		}
		printf("\n");
		free(copy);
	}
	return (0);
}

/* zfs get. */
static int
cmd_get(int argc, char **argv)
{
	const char	*fields = "name,property,value,source", *v;
	char		*pc, *ps, *prop, *fc, *fs, *f;
	struct ds	*d;
	bool		 first, parsable = false;
	int		 ch;

	while ((ch = getopt(argc, argv, FH_OPTS("Hpro:"))) != -1)
		switch (ch) {
		case 'o':
			fields = optarg;
			break;
		case 'p':
			parsable = true;
			break;
		case 'H':
		case 'r':
			break;
		default:
			usage("invalid option");
		}
	argc -= optind;
	argv += optind;
	if (argc != 2)
		usage("this fake gets properties of one dataset");
	load();
	if ((d = find(argv[1])) == NULL) {
		fprintf(stderr, "cannot open '%s': dataset does not exist\n",
		    argv[1]);
		return (1);
	}
	pc = fh_xstrdup(argv[0]);
	for (ps = pc; (prop = strsep(&ps, ",")) != NULL;) {
		if ((v = propval(d, prop)) == NULL)
			usage(fh_xasprintf("bad property list: invalid "
			    "property '%s'", prop));
		fc = fh_xstrdup(fields);
		first = true;
		for (fs = fc; (f = strsep(&fs, ",")) != NULL; first = false) {
			printf("%s", first ? "" : "\t");
			if (strcmp(f, "name") == 0)
				printf("%s", d->name);
			else if (strcmp(f, "property") == 0)
				printf("%s", prop);
			else if (strcmp(f, "value") == 0 && parsable &&
			    (strcmp(prop, "volsize") == 0 ||
			    strcmp(prop, "volblocksize") == 0) && validsize(v))
				printf("%s", sizebytes(v));
			else if (strcmp(f, "value") == 0)
				printf("%s", v);
			else if (strcmp(f, "source") == 0)
				printf("-");
			else
				usage(fh_xasprintf("invalid field '%s'", f));
		}
		printf("\n");
		free(fc);
	}
	free(pc);
	return (0);
}

int
main(int argc, char *argv[])
{
	static const struct {
		const char	*name;
		int		(*fn)(int, char **);
	} cmds[] = {
		{ "create", cmd_create }, { "destroy", cmd_destroy },
		{ "snapshot", cmd_snapshot }, { "snap", cmd_snapshot },
		{ "clone", cmd_clone }, { "set", cmd_set },
		{ "rename", cmd_rename }, { "rollback", cmd_rollback },
		{ "list", cmd_list }, { "get", cmd_get },
		{ "mount", cmd_mountfs }, { "unmount", cmd_unmount },
		{ "umount", cmd_unmount }
	};
	size_t	 i;

	fh_init(argc, argv, "zfs");
	if (argc < 2)
		usage("missing command");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return (cmds[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "unrecognized command '%s'\n", argv[1]);
	usage("see zfs(8)");
}

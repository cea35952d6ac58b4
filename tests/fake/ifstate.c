#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * ifstate.c - the network interfaces of hyve's fake host: the kinds of
 * interfaces and reading and writing their state files.
 */

#include <sys/types.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"
#include "ifstate.h"

#define	IFS_ETHER	(IFS_BROADCAST | IFS_SIMPLEX | IFS_MULTICAST)

/*
 * The kinds.  Taps are RUNNING only while a program holds their device
 * open (if_tuntap.c tunopen); the others as soon as they are up.
 */
static const struct ifs_kind ifs_kinds[] = {
	{ "tap", true, true, false, true, IFS_ETHER, 1500, "tap" },
	{ "vmnet", true, true, true, true, IFS_ETHER, 1500, "vmnet" },
	{ "bridge", true, false, false, false, IFS_ETHER, 1500, "bridge" },
	{ "vlan", true, false, false, true, IFS_ETHER, 1500, "vlan" },
	{ "vxlan", true, false, false, true, IFS_ETHER, 1450, "vxlan" },
	{ "ether", false, false, false, true, IFS_ETHER, 1500, NULL },
	{ "loop", false, false, false, false, IFS_LOOPBACK | IFS_MULTICAST,
	    16384, "lo" },
};

/* IFFBITS of sbin/ifconfig, the flags the fake sets. */
static const struct {
	unsigned int	 bit;
	const char	*name;
} ifs_flagnames[] = {
	{ IFS_UP, "UP" },
	{ IFS_BROADCAST, "BROADCAST" },
	{ IFS_LOOPBACK, "LOOPBACK" },
	{ IFS_RUNNING, "RUNNING" },
	{ IFS_PROMISC, "PROMISC" },
	{ IFS_SIMPLEX, "SIMPLEX" },
	{ IFS_MULTICAST, "MULTICAST" },
};

static void	ifs_list_free(struct ifs_list *);
static void	ifs_putstr(FILE *, const char *, const char *);
static void	ifs_parse(struct ifs *, char *);
static int	ifs_cmpindex(const void *, const void *);

/* Take the interface lock. */
int
ifs_lock(void)
{
	return (fh_lock("net"));
}

/* The kind called name. */
const struct ifs_kind *
ifs_kind(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(ifs_kinds) / sizeof(ifs_kinds[0]); i++)
		if (strcmp(ifs_kinds[i].k_name, name) == 0)
			return (&ifs_kinds[i]);
	return (NULL);
}

/* The cloner and unit of "ifconfig NAME create" (ifc_name2unit()). */
const struct ifs_kind *
ifs_cloner(const char *req, int *unit)
{
	const struct ifs_kind *k;
	const char *digits;
	size_t i, len;

	for (i = 0; i < sizeof(ifs_kinds) / sizeof(ifs_kinds[0]); i++) {
		k = &ifs_kinds[i];
		len = strlen(k->k_name);
		if (!k->k_clone || strncmp(req, k->k_name, len) != 0)
			continue;
		digits = req + len;
		/* Digits only, no leading zero, within the unit range. */
		if (strspn(digits, "0123456789") != strlen(digits) ||
		    strlen(digits) > 5 ||
		    (digits[0] == '0' && digits[1] != '\0'))
			continue;
		*unit = digits[0] == '\0' ? -1 : atoi(digits);
		return (k);
	}
	return (NULL);
}

/* A new interface of kind k. */
struct ifs *
ifs_new(const char *name, const struct ifs_kind *k)
{
	struct ifs *ifs;

	ifs = fh_xmalloc(sizeof(*ifs));
	memset(ifs, 0, sizeof(*ifs));
	strlcpy(ifs->ifs_name, name, sizeof(ifs->ifs_name));
	ifs->ifs_kind = k;
	ifs->ifs_unit = -1;
	ifs->ifs_mtu = k->k_mtu;
	ifs->ifs_vlan = -1;
	ifs->ifs_vxlanid = -1;
	if (k->k_group != NULL)
		ifs_list_add(&ifs->ifs_groups, k->k_group);
	return (ifs);
}

/* Fill ifs from the lines of its state file. */
static void
ifs_parse(struct ifs *ifs, char *data)
{
	char *line, *next, *val;

	for (line = data; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if ((val = strchr(line, '=')) == NULL)
			continue;
		*val++ = '\0';
		if (strcmp(line, "type") == 0) {
			if ((ifs->ifs_kind = ifs_kind(val)) == NULL)
				errx(FH_EXIT_BROKEN, "net/%s: unknown type %s",
				    ifs->ifs_name, val);
		} else if (strcmp(line, "unit") == 0)
			ifs->ifs_unit = atoi(val);
		else if (strcmp(line, "index") == 0)
			ifs->ifs_index = atoi(val);
		else if (strcmp(line, "up") == 0)
			ifs->ifs_up = strcmp(val, "1") == 0;
		else if (strcmp(line, "mtu") == 0)
			ifs->ifs_mtu = atoi(val);
		else if (strcmp(line, "descr") == 0) {
			free(ifs->ifs_descr);
			ifs->ifs_descr = fh_xstrdup(val);
		} else if (strcmp(line, "group") == 0)
			ifs_list_add(&ifs->ifs_groups, val);
		else if (strcmp(line, "member") == 0)
			ifs_list_add(&ifs->ifs_members, val);
		else if (strcmp(line, "private") == 0)
			ifs_list_add(&ifs->ifs_private, val);
		else if (strcmp(line, "span") == 0)
			ifs_list_add(&ifs->ifs_spans, val);
		else if (strcmp(line, "opened") == 0)
			ifs->ifs_opened = (pid_t)atol(val);
		else if (strcmp(line, "inet") == 0)
			ifs_list_add(&ifs->ifs_inet, val);
		else if (strcmp(line, "inet6") == 0)
			ifs_list_add(&ifs->ifs_inet6, val);
		else if (strcmp(line, "vlandev") == 0)
			ifs_setstr(&ifs->ifs_vlandev, val);
		else if (strcmp(line, "vlan") == 0)
			ifs->ifs_vlan = atoi(val);
		else if (strcmp(line, "vxlanid") == 0)
			ifs->ifs_vxlanid = atol(val);
		else if (strcmp(line, "vxlanlocal") == 0)
			ifs_setstr(&ifs->ifs_vxlanlocal, val);
		else if (strcmp(line, "vxlangroup") == 0)
			ifs_setstr(&ifs->ifs_vxlangroup, val);
		else if (strcmp(line, "vxlandev") == 0)
			ifs_setstr(&ifs->ifs_vxlandev, val);
	}
}

/* Load the interface name. */
struct ifs *
ifs_load(const char *name)
{
	struct ifs *ifs;
	char *path, *data;

	if (strlen(name) >= IFS_NAMESIZE || strchr(name, '/') != NULL ||
	    name[0] == '.' || name[0] == '\0') {
		errno = ENOENT;
		return (NULL);
	}
	path = fh_path("net/%s", name);
	data = fh_readfile(path);
	free(path);
	if (data == NULL)
		return (NULL);
	ifs = fh_xmalloc(sizeof(*ifs));
	memset(ifs, 0, sizeof(*ifs));
	strlcpy(ifs->ifs_name, name, sizeof(ifs->ifs_name));
	ifs->ifs_unit = -1;
	ifs->ifs_vlan = -1;
	ifs->ifs_vxlanid = -1;
	ifs_parse(ifs, data);
	free(data);
	if (ifs->ifs_kind == NULL)
		errx(FH_EXIT_BROKEN, "net/%s: no type", name);
	/* The kernel closes the files of a process that dies. */
	if (ifs->ifs_opened != 0 && !fh_alive(ifs->ifs_opened)) {
		ifs->ifs_opened = 0;
		if (!ifs->ifs_kind->k_stayup)
			ifs->ifs_up = false;
	}
	return (ifs);
}

/* Order interfaces by index. */
static int
ifs_cmpindex(const void *a, const void *b)
{
	const struct ifs *x = *(struct ifs *const *)a;
	const struct ifs *y = *(struct ifs *const *)b;

	return (x->ifs_index < y->ifs_index ? -1 :
	    x->ifs_index > y->ifs_index);
}

/* Load every interface. */
struct ifs **
ifs_loadall(size_t *np)
{
	struct dirent *de;
	struct ifs **v, *ifs;
	char *path;
	size_t n;
	DIR *d;

	path = fh_path("net");
	if ((d = opendir(path)) == NULL)
		err(FH_EXIT_BROKEN, "opendir %s", path);
	v = NULL;
	n = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((ifs = ifs_load(de->d_name)) == NULL)
			continue;
		v = fh_xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = ifs;
	}
	closedir(d);
	free(path);
	if (n > 0)
		qsort(v, n, sizeof(*v), ifs_cmpindex);
	*np = n;
	return (v);
}

/* Free what ifs_loadall returned. */
void
ifs_freeall(struct ifs **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ifs_free(v[i]);
	free(v);
}

/* Write the state file of ifs. */
void
ifs_save(const struct ifs *ifs)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} lists[] = {
		{ "group", offsetof(struct ifs, ifs_groups) },
		{ "member", offsetof(struct ifs, ifs_members) },
		{ "private", offsetof(struct ifs, ifs_private) },
		{ "span", offsetof(struct ifs, ifs_spans) },
		{ "inet", offsetof(struct ifs, ifs_inet) },
		{ "inet6", offsetof(struct ifs, ifs_inet6) },
	};
	const struct ifs_list *l;
	char *data, *path;
	size_t i, j, len;
	FILE *fp;

	if ((fp = open_memstream(&data, &len)) == NULL)
		err(1, "open_memstream");
	fprintf(fp, "type=%s\n", ifs->ifs_kind->k_name);
	if (ifs->ifs_unit >= 0)
		fprintf(fp, "unit=%d\n", ifs->ifs_unit);
	fprintf(fp, "index=%d\nup=%d\nmtu=%d\n", ifs->ifs_index,
	    ifs->ifs_up, ifs->ifs_mtu);
	if (ifs->ifs_descr != NULL)
		fprintf(fp, "descr=%s\n", ifs->ifs_descr);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		l = (const struct ifs_list *)(const void *)
		    ((const char *)ifs + lists[i].off);
		for (j = 0; j < l->il_n; j++)
			fprintf(fp, "%s=%s\n", lists[i].key, l->il_v[j]);
	}
	if (ifs->ifs_opened != 0)
		fprintf(fp, "opened=%ld\n", (long)ifs->ifs_opened);
	ifs_putstr(fp, "vlandev", ifs->ifs_vlandev);
	if (ifs->ifs_vlan >= 0)
		fprintf(fp, "vlan=%d\n", ifs->ifs_vlan);
	if (ifs->ifs_vxlanid >= 0)
		fprintf(fp, "vxlanid=%ld\n", ifs->ifs_vxlanid);
	ifs_putstr(fp, "vxlanlocal", ifs->ifs_vxlanlocal);
	ifs_putstr(fp, "vxlangroup", ifs->ifs_vxlangroup);
	ifs_putstr(fp, "vxlandev", ifs->ifs_vxlandev);
	if (fclose(fp) != 0)
		err(1, "open_memstream");
	path = fh_path("net/%s", ifs->ifs_name);
	fh_writefile(path, data);
	free(path);
	free(data);
}

/* A "key=value" line when value is set. */
static void
ifs_putstr(FILE *fp, const char *key, const char *value)
{
	if (value != NULL)
		fprintf(fp, "%s=%s\n", key, value);
}

/* Replace *dst with a copy of v. */
void
ifs_setstr(char **dst, const char *v)
{
	free(*dst);
	*dst = fh_xstrdup(v);
}

/* Remove the state file of name. */
void
ifs_unlink(const char *name)
{
	char *path;

	path = fh_path("net/%s", name);
	if (unlink(path) != 0)
		err(1, "unlink %s", path);
	free(path);
}

/* Free a name list's contents. */
static void
ifs_list_free(struct ifs_list *l)
{
	size_t i;

	for (i = 0; i < l->il_n; i++)
		free(l->il_v[i]);
	free(l->il_v);
	l->il_v = NULL;
	l->il_n = 0;
}

/* Free an interface. */
void
ifs_free(struct ifs *ifs)
{
	if (ifs == NULL)
		return;
	free(ifs->ifs_descr);
	ifs_list_free(&ifs->ifs_groups);
	ifs_list_free(&ifs->ifs_members);
	ifs_list_free(&ifs->ifs_private);
	ifs_list_free(&ifs->ifs_spans);
	ifs_list_free(&ifs->ifs_inet);
	ifs_list_free(&ifs->ifs_inet6);
	free(ifs->ifs_vlandev);
	free(ifs->ifs_vxlanlocal);
	free(ifs->ifs_vxlangroup);
	free(ifs->ifs_vxlandev);
	free(ifs);
}

/* The flags of ifs as the kernel would report them. */
unsigned int
ifs_flags(const struct ifs *ifs, bool member)
{
	unsigned int f;

	f = ifs->ifs_kind->k_flags;
	if (ifs->ifs_up) {
		f |= IFS_UP;
		if (!ifs->ifs_kind->k_dev || ifs->ifs_opened != 0)
			f |= IFS_RUNNING;
	}
	/* if_bridge puts its members in promiscuous mode. */
	if (member)
		f |= IFS_PROMISC;
	return (f);
}

/* Print flags like ifconfig's printb(). */
void
ifs_printflags(unsigned int f)
{
	const char *sep;
	size_t i;

	printf("%x", f);
	sep = "<";
	for (i = 0; i < sizeof(ifs_flagnames) / sizeof(ifs_flagnames[0]); i++)
		if (f & ifs_flagnames[i].bit) {
			printf("%s%s", sep, ifs_flagnames[i].name);
			sep = ",";
		}
	if (*sep == ',')
		printf(">");
}

/* Whether name is on the list. */
bool
ifs_list_has(const struct ifs_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->il_n; i++)
		if (strcmp(l->il_v[i], name) == 0)
			return (true);
	return (false);
}

/* Append name to the list. */
void
ifs_list_add(struct ifs_list *l, const char *name)
{
	l->il_v = fh_xrealloc(l->il_v, (l->il_n + 1) * sizeof(*l->il_v));
	l->il_v[l->il_n++] = fh_xstrdup(name);
}

/* Remove name from the list. */
bool
ifs_list_del(struct ifs_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->il_n; i++)
		if (strcmp(l->il_v[i], name) == 0) {
			free(l->il_v[i]);
			memmove(&l->il_v[i], &l->il_v[i + 1],
			    (l->il_n - i - 1) * sizeof(*l->il_v));
			l->il_n--;
			return (true);
		}
	return (false);
}

/* Rename from to to on the list. */
bool
ifs_list_rename(struct ifs_list *l, const char *from, const char *to)
{
	size_t i;

	for (i = 0; i < l->il_n; i++)
		if (strcmp(l->il_v[i], from) == 0) {
			free(l->il_v[i]);
			l->il_v[i] = fh_xstrdup(to);
			return (true);
		}
	return (false);
}

/* A node name usable as a file name under $FH/ng. */
static bool
ifs_ng_name(const char *node)
{
	return (*node != '\0' && *node != '.' && strchr(node, '/') == NULL);
}

/* Whether the netgraph node exists. */
bool
ifs_ng_exists(const char *node)
{
	char *path;
	bool ok;

	if (!ifs_ng_name(node))
		return (false);
	path = fh_path("ng/%s", node);
	ok = access(path, F_OK) == 0;
	free(path);
	return (ok);
}

/* Whether hook of node is held by a live process. */
bool
ifs_ng_connected(const char *node, const char *hook)
{
	char *path, *data, *line, *next, *sp;
	bool found;

	if (!ifs_ng_name(node))
		return (false);
	path = fh_path("ng/%s", node);
	data = fh_readfile(path);
	free(path);
	found = false;
	for (line = data; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if ((sp = strchr(line, ' ')) == NULL)
			continue;
		*sp++ = '\0';
		if (strcmp(line, hook) == 0 && fh_alive((pid_t)atol(sp)))
			found = true;
	}
	free(data);
	return (found);
}

/* Append "HOOK PID" to the node's file. */
void
ifs_ng_connect(const char *node, const char *hook, pid_t pid)
{
	char *path, *data, *out;

	path = fh_path("ng/%s", node);
	if ((data = fh_readfile(path)) == NULL)
		data = fh_xstrdup("");
	out = fh_xasprintf("%s%s %ld\n", data, hook, (long)pid);
	fh_writefile(path, out);
	free(out);
	free(data);
	free(path);
}

#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * ifconfig - the fake host's ifconfig(8): the FreeBSD syntax and error
 * messages for what hyve does with interfaces.
 *
 *	ifconfig [-a]			every interface
 *	ifconfig -l			the names, on one line
 *	ifconfig -g GROUP		the members of a group, one per line
 *	ifconfig IF			one interface
 *	ifconfig IF create [word ...]	clone (IF = tap, tap5, bridge, ...)
 *	ifconfig IF word ...		configure
 *
 * The words are in the table cmds[] below; each is applied at once, as
 * ifconfig does one ioctl per word, so a failing word leaves the earlier
 * ones done.  State lives in $FH/net (ifstate.h).
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"
#include "ifstate.h"

/* if_bridgevar.h member flags and IFBIFBITS's order. */
#define	BIF_LEARNING	0x001
#define	BIF_DISCOVER	0x002
#define	BIF_SPAN	0x008
#define	BIF_AUTOEDGE	0x040
#define	BIF_AUTOPTP	0x100
#define	BIF_PRIVATE	0x800

/* The link-level address family (AF_LINK is not portable). */
#define	FAM_LINK	255

/* net/if.h IF_MINMTU, and the largest MTU the fake takes. */
#define	MTU_MIN		72
#define	MTU_MAX		65535

/* The command being run. */
struct ctx {
	struct ifs	*c_if;		/* NULL once destroyed */
	char		 c_name[IFS_NAMESIZE];
	bool		 c_printname;	/* print the name at the end */
	bool		 c_created;	/* made by this command */
	int		 c_af;		/* AF_INET, AF_INET6, FAM_LINK or 0 */
	char		*c_addr;	/* the address word after the family */
	int		 c_alias;	/* 1 alias, -1 -alias, 0 neither */
};

/* A word of the command line. */
struct cmd {
	const char	*c_word;
	bool		 c_arg;		/* takes an argument */
	void		(*c_fn)(struct ctx *, const char *);
};

static void	usage(void) __attribute__((__noreturn__));
static void	ioerr(int, const char *, ...) __attribute__((__noreturn__,
		    __format__(__printf__, 2, 3)));
static struct ifs *mustload(const char *);
static struct ifs *findbridge(struct ifs **, size_t, const char *,
		    bool);
static int	freeindex(struct ifs **, size_t);
static void	member(const char *, unsigned int, struct ifs **, size_t);
static void	status(const struct ifs *, struct ifs **, size_t);
static void	print_inet(const char *);
static void	list_all(void);
static void	list_names(void);
static void	list_group(const char *);
static void	clone_create(struct ctx *, const char *);
static void	checkgroup(const char *, const char *);
static void	setdev(const char *, const char *);
static void	c_name(struct ctx *, const char *);
static void	c_descr(struct ctx *, const char *);
static void	c_nodescr(struct ctx *, const char *);
static void	c_group(struct ctx *, const char *);
static void	c_nogroup(struct ctx *, const char *);
static void	c_up(struct ctx *, const char *);
static void	c_down(struct ctx *, const char *);
static void	c_mtu(struct ctx *, const char *);
static void	c_destroy(struct ctx *, const char *);
static void	c_addm(struct ctx *, const char *);
static void	c_deletem(struct ctx *, const char *);
static void	c_private(struct ctx *, const char *);
static void	c_noprivate(struct ctx *, const char *);
static void	c_span(struct ctx *, const char *);
static void	c_nospan(struct ctx *, const char *);
static void	c_alias(struct ctx *, const char *);
static void	c_unalias(struct ctx *, const char *);
static void	c_linklocal(struct ctx *, const char *);
static void	c_vlandev(struct ctx *, const char *);
static void	c_vlan(struct ctx *, const char *);
static void	c_vxlanid(struct ctx *, const char *);
static void	c_vxlanlocal(struct ctx *, const char *);
static void	c_vxlangroup(struct ctx *, const char *);
static void	c_vxlandev(struct ctx *, const char *);
static void	address(struct ctx *);
static void	checkclone(struct ctx *);

/* The words, as sbin/ifconfig spells them. */
static const struct cmd cmds[] = {
	{ "-alias", false, c_unalias },
	{ "-description", false, c_nodescr },
	{ "-descr", false, c_nodescr },
	{ "-group", true, c_nogroup },
	{ "-private", true, c_noprivate },
	{ "-span", true, c_nospan },
	{ "addm", true, c_addm },
	{ "alias", false, c_alias },
	{ "auto_linklocal", false, c_linklocal },
	{ "deletem", true, c_deletem },
	{ "descr", true, c_descr },
	{ "description", true, c_descr },
	{ "destroy", false, c_destroy },
	{ "down", false, c_down },
	{ "group", true, c_group },
	{ "mtu", true, c_mtu },
	{ "name", true, c_name },
	{ "private", true, c_private },
	{ "span", true, c_span },
	{ "unplumb", false, c_destroy },
	{ "up", false, c_up },
	{ "vlan", true, c_vlan },
	{ "vlandev", true, c_vlandev },
	{ "vxlandev", true, c_vxlandev },
	{ "vxlangroup", true, c_vxlangroup },
	{ "vxlanid", true, c_vxlanid },
	{ "vxlanlocal", true, c_vxlanlocal },
};

/* ifconfig's usage message. */
static void
usage(void)
{
	fprintf(stderr, "usage: ifconfig [-j jail] [-f type:format] "
	    "interface address_family\n"
	    "                [address [dest_address]] [parameters]\n"
	    "       ifconfig [-j jail] interface create\n"
	    "       ifconfig [-j jail] -a [-dkmuv] [-G groupname] "
	    "[-g groupname] [address_family]\n"
	    "       ifconfig -C\n"
	    "       ifconfig -g groupname\n"
	    "       ifconfig [-j jail] -l [-du] [address_family]\n");
	exit(1);
}

/* Fail like err(1, ...) after an ioctl that failed with e. */
static void
ioerr(int e, const char *fmt, ...)
{
	va_list ap;
	char msg[256];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errx(1, "%s: %s", msg, fh_strerror(e));
}

/* Load name or fail as ifconfig does for a missing interface. */
static struct ifs *
mustload(const char *name)
{
	struct ifs *ifs;

	if ((ifs = ifs_load(name)) == NULL)
		errx(1, "interface %s does not exist", name);
	return (ifs);
}

/* The bridge among v that has name as a member (or span port). */
static struct ifs *
findbridge(struct ifs **v, size_t n, const char *name, bool span)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ifs_list_has(span ? &v[i]->ifs_spans : &v[i]->ifs_members,
		    name))
			return (v[i]);
	return (NULL);
}

/* The lowest interface index not in use (if.c ifindex_alloc). */
static int
freeindex(struct ifs **v, size_t n)
{
	size_t i;
	int idx;

	for (idx = 1;; idx++) {
		for (i = 0; i < n; i++)
			if (v[i]->ifs_index == idx)
				break;
		if (i == n)
			return (idx);
	}
}

/* Print a bridge member line (ifbridge.c bridge_interfaces()). */
static void
member(const char *name, unsigned int bf, struct ifs **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i]->ifs_name, name) == 0)
			break;
	if (i == n)
		return;
	printf("\tmember: %s flags=%x<%s>\n", name, bf, bf & BIF_SPAN ? "SPAN" :
	    bf & BIF_PRIVATE ? "LEARNING,DISCOVER,PRIVATE,AUTOEDGE,AUTOPTP" :
	    "LEARNING,DISCOVER,AUTOEDGE,AUTOPTP");
	printf("\t        ifmaxaddr 0 port %d priority 128 path cost 2000000\n",
	    v[i]->ifs_index);
}

/* An inet line (af_inet.c in_status()): address, netmask, broadcast. */
static void
print_inet(const char *a)
{
	struct in_addr in;
	char buf[INET_ADDRSTRLEN], *addr;
	const char *p;
	uint32_t mask;
	int len;

	addr = fh_xstrdup(a);
	len = 32;
	if ((p = strchr(a, '/')) != NULL) {
		addr[p - a] = '\0';
		len = atoi(p + 1);
	}
	mask = len == 0 ? 0 : 0xffffffffU << (32 - len);
	if (inet_pton(AF_INET, addr, &in) != 1)
		errx(FH_EXIT_BROKEN, "bad inet state %s", a);
	in.s_addr = htonl(ntohl(in.s_addr) | ~mask);
	inet_ntop(AF_INET, &in, buf, sizeof(buf));
	printf("\tinet %s netmask 0x%08x broadcast %s\n", addr, mask, buf);
	free(addr);
}

/* Print one interface as ifconfig IF does. */
static void
status(const struct ifs *ifs, struct ifs **v, size_t n)
{
	unsigned int bf;
	const char *p;
	size_t i;

	printf("%s: flags=", ifs->ifs_name);
	ifs_printflags(ifs_flags(ifs, findbridge(v, n, ifs->ifs_name,
	    false) != NULL));
	printf(" metric 0 mtu %d\n", ifs->ifs_mtu);
	if (ifs->ifs_descr != NULL)
		printf("\tdescription: %s\n", ifs->ifs_descr);
	for (i = 0; i < ifs->ifs_inet.il_n; i++)
		print_inet(ifs->ifs_inet.il_v[i]);
	for (i = 0; i < ifs->ifs_inet6.il_n; i++) {
		p = strchr(ifs->ifs_inet6.il_v[i], '/');
		printf("\tinet6 %.*s prefixlen %s\n",
		    (int)(p - ifs->ifs_inet6.il_v[i]), ifs->ifs_inet6.il_v[i],
		    p + 1);
	}
	/* if_vlan: ifvlan.c vlan_status(); if_vxlan: ifvxlan.c. */
	if (ifs->ifs_vlandev != NULL || ifs->ifs_vlan >= 0)
		printf("\tvlan: %d vlanproto: 802.1q vlanpcp: 0 parent "
		    "interface: %s\n", ifs->ifs_vlan < 0 ? 0 : ifs->ifs_vlan,
		    ifs->ifs_vlandev != NULL ? ifs->ifs_vlandev : "<none>");
	if (ifs->ifs_vxlanid >= 0)
		printf("\tvxlan vni %ld local %s:4789 group %s:4789\n",
		    ifs->ifs_vxlanid, ifs->ifs_vxlanlocal != NULL ?
		    ifs->ifs_vxlanlocal : "0.0.0.0", ifs->ifs_vxlangroup !=
		    NULL ? ifs->ifs_vxlangroup : "0.0.0.0");
	for (i = 0; i < ifs->ifs_members.il_n; i++) {
		bf = BIF_LEARNING | BIF_DISCOVER | BIF_AUTOEDGE | BIF_AUTOPTP;
		if (ifs_list_has(&ifs->ifs_private, ifs->ifs_members.il_v[i]))
			bf |= BIF_PRIVATE;
		member(ifs->ifs_members.il_v[i], bf, v, n);
	}
	for (i = 0; i < ifs->ifs_spans.il_n; i++)
		member(ifs->ifs_spans.il_v[i], BIF_SPAN, v, n);
	if (ifs->ifs_groups.il_n > 0) {
		printf("\tgroups:");
		for (i = 0; i < ifs->ifs_groups.il_n; i++)
			printf(" %s", ifs->ifs_groups.il_v[i]);
		printf("\n");
	}
}

/* ifconfig -a. */
static void
list_all(void)
{
	struct ifs **v;
	size_t i, n;

	v = ifs_loadall(&n);
	for (i = 0; i < n; i++)
		status(v[i], v, n);
	ifs_freeall(v, n);
}

/* ifconfig -l. */
static void
list_names(void)
{
	struct ifs **v;
	size_t i, n;

	v = ifs_loadall(&n);
	for (i = 0; i < n; i++)
		printf("%s%s", i == 0 ? "" : " ", v[i]->ifs_name);
	printf("\n");
	ifs_freeall(v, n);
}

/*
 * ifconfig -g GROUP: the members, or nothing at all for a group nobody
 * is in (ifgroup.c printgroup() exits 0 on ENOENT).
 */
static void
list_group(const char *group)
{
	struct ifs **v;
	size_t i, n;

	v = ifs_loadall(&n);
	for (i = 0; i < n; i++)
		if (strcmp(group, "all") == 0 ||
		    ifs_list_has(&v[i]->ifs_groups, group))
			printf("%s\n", v[i]->ifs_name);
	ifs_freeall(v, n);
}

/* Create or remove $FH/dev/NAME, or rename it from old when both set. */
static void
setdev(const char *old, const char *name)
{
	char *from, *to;
	int fd;

	from = old != NULL ? fh_path("dev/%s", old) : NULL;
	to = name != NULL ? fh_path("dev/%s", name) : NULL;
	if (from != NULL && to != NULL) {
		if (rename(from, to) != 0)
			err(1, "rename %s", from);
	} else if (to != NULL) {
		if ((fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600)) < 0)
			err(1, "create %s", to);
		close(fd);
	} else if (unlink(from) != 0 && errno != ENOENT)
		err(1, "unlink %s", from);
	free(from);
	free(to);
}

/*
 * ifconfig NAME create (if_clone.c): NAME is a cloner with an optional
 * unit; without one the lowest free unit is taken, and the new name is
 * printed at the end.
 */
static void
clone_create(struct ctx *c, const char *req)
{
	const struct ifs_kind *k;
	struct ifs **v, *ifs;
	char name[IFS_NAMESIZE];
	size_t i, n;
	int unit;
	bool wild, used;

	v = ifs_loadall(&n);
	for (i = 0; i < n; i++)
		if (strcmp(v[i]->ifs_name, req) == 0)
			ioerr(EEXIST, "SIOCIFCREATE2");
	if ((k = ifs_cloner(req, &unit)) == NULL)
		ioerr(EINVAL, "SIOCIFCREATE2");
	if ((wild = unit < 0))
		unit = 0;
	for (;; unit++) {
		snprintf(name, sizeof(name), "%s%d", k->k_name, unit);
		used = false;
		for (i = 0; i < n; i++)
			if ((v[i]->ifs_kind == k && v[i]->ifs_unit == unit) ||
			    strcmp(v[i]->ifs_name, name) == 0)
				used = true;
		if (!used)
			break;
		if (!wild)
			ioerr(EEXIST, "SIOCIFCREATE2");
	}
	ifs = ifs_new(name, k);
	ifs->ifs_unit = unit;
	ifs->ifs_index = freeindex(v, n);
	ifs_freeall(v, n);
	if (k->k_dev)
		setdev(NULL, name);
	ifs_save(ifs);
	c->c_if = ifs;
	strlcpy(c->c_name, name, sizeof(c->c_name));
	c->c_printname = strcmp(name, req) != 0;
}

/* ifgroup.c setifgroup(): a group name fits and does not end in a digit. */
static void
checkgroup(const char *fn, const char *g)
{
	size_t len;

	len = strlen(g);
	if (len >= IFS_NAMESIZE)
		errx(1, "%s: group name too long", fn);
	if (len > 0 && isdigit((unsigned char)g[len - 1]))
		errx(1, "%s: group names may not end in a digit", fn);
}

/* name NEW: SIOCSIFNAME; a tap's device node follows its name. */
static void
c_name(struct ctx *c, const char *new)
{
	struct ifs **v;
	size_t i, n;
	bool changed;

	if (strlen(new) >= IFS_NAMESIZE)
		ioerr(ENAMETOOLONG, "ioctl SIOCSIFNAME (set name)");
	/* The fake keeps state in files named after interfaces. */
	if (new[0] == '\0' || new[0] == '.' || strchr(new, '/') != NULL)
		ioerr(EINVAL, "ioctl SIOCSIFNAME (set name)");
	if (strcmp(new, c->c_if->ifs_name) == 0)
		return;
	v = ifs_loadall(&n);
	for (i = 0; i < n; i++)
		if (strcmp(v[i]->ifs_name, new) == 0)
			ioerr(EEXIST, "ioctl SIOCSIFNAME (set name)");
	if (c->c_if->ifs_kind->k_dev)
		setdev(c->c_if->ifs_name, new);
	for (i = 0; i < n; i++) {
		changed = ifs_list_rename(&v[i]->ifs_members,
		    c->c_if->ifs_name, new);
		changed |= ifs_list_rename(&v[i]->ifs_private,
		    c->c_if->ifs_name, new);
		changed |= ifs_list_rename(&v[i]->ifs_spans,
		    c->c_if->ifs_name, new);
		if (changed)
			ifs_save(v[i]);
	}
	ifs_freeall(v, n);
	ifs_unlink(c->c_if->ifs_name);
	strlcpy(c->c_if->ifs_name, new, sizeof(c->c_if->ifs_name));
	strlcpy(c->c_name, new, sizeof(c->c_name));
	ifs_save(c->c_if);
	c->c_printname = true;
}

/* descr TEXT (an empty one clears it). */
static void
c_descr(struct ctx *c, const char *text)
{
	char *p;

	free(c->c_if->ifs_descr);
	c->c_if->ifs_descr = NULL;
	if (*text == '\0')
		return;
	c->c_if->ifs_descr = fh_xstrdup(text);
	for (p = c->c_if->ifs_descr; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
}

/* -descr. */
static void
c_nodescr(struct ctx *c, const char *unused)
{
	(void)unused;
	free(c->c_if->ifs_descr);
	c->c_if->ifs_descr = NULL;
}

/* group G: joining a group twice is not an error (EEXIST ignored). */
static void
c_group(struct ctx *c, const char *g)
{
	checkgroup("setifgroup", g);
	if (!ifs_list_has(&c->c_if->ifs_groups, g))
		ifs_list_add(&c->c_if->ifs_groups, g);
}

/* -group G: leaving a group one is not in is not an error either. */
static void
c_nogroup(struct ctx *c, const char *g)
{
	checkgroup("unsetifgroup", g);
	ifs_list_del(&c->c_if->ifs_groups, g);
}

/* up. */
static void
c_up(struct ctx *c, const char *unused)
{
	(void)unused;
	c->c_if->ifs_up = true;
}

/* down. */
static void
c_down(struct ctx *c, const char *unused)
{
	(void)unused;
	c->c_if->ifs_up = false;
}

/* mtu N; a bridge passes its MTU on to its members. */
static void
c_mtu(struct ctx *c, const char *val)
{
	struct ifs *m;
	char *end;
	size_t i;
	long mtu;

	errno = 0;
	mtu = strtol(val, &end, 10);
	if (end == val || *end != '\0' || errno != 0 || mtu < MTU_MIN ||
	    mtu > MTU_MAX)
		ioerr(EINVAL, "ioctl (set mtu)");
	c->c_if->ifs_mtu = (int)mtu;
	for (i = 0; i < c->c_if->ifs_members.il_n; i++) {
		if ((m = ifs_load(c->c_if->ifs_members.il_v[i])) == NULL)
			continue;
		m->ifs_mtu = (int)mtu;
		ifs_save(m);
		ifs_free(m);
	}
}

/*
 * destroy: SIOCIFDESTROY.  if_bridge lets go of a destroyed member and
 * of the members of a destroyed bridge.
 */
static void
c_destroy(struct ctx *c, const char *unused)
{
	struct ifs **v;
	size_t i, n;
	bool changed;

	(void)unused;
	if (!c->c_if->ifs_kind->k_clone)
		ioerr(EINVAL, "SIOCIFDESTROY");
	v = ifs_loadall(&n);
	for (i = 0; i < n; i++) {
		changed = ifs_list_del(&v[i]->ifs_members, c->c_if->ifs_name);
		changed |= ifs_list_del(&v[i]->ifs_private,
		    c->c_if->ifs_name);
		changed |= ifs_list_del(&v[i]->ifs_spans, c->c_if->ifs_name);
		if (changed)
			ifs_save(v[i]);
	}
	ifs_freeall(v, n);
	if (c->c_if->ifs_kind->k_dev)
		setdev(c->c_if->ifs_name, NULL);
	ifs_unlink(c->c_if->ifs_name);
	ifs_free(c->c_if);
	c->c_if = NULL;
}

/*
 * addm IF (if_bridge.c bridge_ioctl_add): an Ethernet-like interface in
 * no bridge and not a span port here.  The first member sets the
 * bridge's MTU; later ones are given it.
 */
static void
c_addm(struct ctx *c, const char *name)
{
	struct ifs **v, *m, *br;
	size_t i, n;
	int e;

	v = ifs_loadall(&n);
	m = NULL;
	for (i = 0; i < n; i++)
		if (strcmp(v[i]->ifs_name, name) == 0)
			m = v[i];
	br = c->c_if;
	e = 0;
	if (m == NULL)
		e = ENOENT;
	else if (strcmp(br->ifs_kind->k_name, "bridge") != 0 ||
	    strcmp(m->ifs_name, br->ifs_name) == 0)
		e = EINVAL;
	else if (ifs_list_has(&br->ifs_members, name))
		e = EEXIST;
	else if (findbridge(v, n, name, false) != NULL ||
	    ifs_list_has(&br->ifs_spans, name))
		e = EBUSY;
	else if (!m->ifs_kind->k_bridgeable)
		e = EINVAL;
	if (e != 0)
		ioerr(e, "BRDGADD %s", name);
	if (br->ifs_members.il_n == 0)
		br->ifs_mtu = m->ifs_mtu;
	else if (m->ifs_mtu != br->ifs_mtu) {
		m->ifs_mtu = br->ifs_mtu;
		ifs_save(m);
	}
	ifs_list_add(&br->ifs_members, name);
	ifs_freeall(v, n);
}

/* deletem IF. */
static void
c_deletem(struct ctx *c, const char *name)
{
	if (!ifs_list_del(&c->c_if->ifs_members, name))
		ioerr(ENOENT, "BRDGDEL %s", name);
	ifs_list_del(&c->c_if->ifs_private, name);
}

/* private IF: a flag of a member (do_bridgeflag()). */
static void
c_private(struct ctx *c, const char *name)
{
	if (!ifs_list_has(&c->c_if->ifs_members, name))
		ioerr(ENOENT, "unable to get bridge flags");
	if (!ifs_list_has(&c->c_if->ifs_private, name))
		ifs_list_add(&c->c_if->ifs_private, name);
}

/* -private IF. */
static void
c_noprivate(struct ctx *c, const char *name)
{
	if (!ifs_list_has(&c->c_if->ifs_members, name))
		ioerr(ENOENT, "unable to get bridge flags");
	ifs_list_del(&c->c_if->ifs_private, name);
}

/* span IF (bridge_ioctl_addspan): not already a span port or a member. */
static void
c_span(struct ctx *c, const char *name)
{
	struct ifs **v, *m;
	size_t i, n;
	int e;

	v = ifs_loadall(&n);
	m = NULL;
	for (i = 0; i < n; i++)
		if (strcmp(v[i]->ifs_name, name) == 0)
			m = v[i];
	e = 0;
	if (m == NULL)
		e = ENOENT;
	else if (ifs_list_has(&c->c_if->ifs_spans, name) ||
	    findbridge(v, n, name, false) != NULL)
		e = EBUSY;
	else if (strcmp(c->c_if->ifs_kind->k_name, "bridge") != 0 ||
	    !m->ifs_kind->k_bridgeable)
		e = EINVAL;
	if (e != 0)
		ioerr(e, "BRDGADDS %s", name);
	ifs_list_add(&c->c_if->ifs_spans, name);
	ifs_freeall(v, n);
}

/* -span IF. */
static void
c_nospan(struct ctx *c, const char *name)
{
	if (!ifs_list_del(&c->c_if->ifs_spans, name))
		ioerr(ENOENT, "BRDGDELS %s", name);
}

/* alias: the address is added rather than replacing the first one. */
static void
c_alias(struct ctx *c, const char *unused)
{
	(void)unused;
	c->c_alias = 1;
}

/* -alias: the address is removed. */
static void
c_unalias(struct ctx *c, const char *unused)
{
	(void)unused;
	c->c_alias = -1;
}

/* auto_linklocal: an inet6 nd6 flag (af_inet6.c), nothing to keep. */
static void
c_linklocal(struct ctx *c, const char *unused)
{
	(void)unused;
	if (c->c_af != AF_INET6)
		errx(1, "auto_linklocal: bad value");
}

/* A number in [lo, hi], or -1. */
static long
number(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi)
		return (-1);
	return (v);
}

/* Fail unless the interface is of kind k (the ioctl would say EINVAL). */
static void
mustkind(struct ctx *c, const char *k, const char *ioctl)
{
	if (strcmp(c->c_if->ifs_kind->k_name, k) != 0)
		ioerr(EINVAL, "%s", ioctl);
}

/*
 * vlandev IF (ifvlan.c setvlandev): the parent must exist; the vlan
 * takes its MTU (if_vlan.c vlan_config, parents with VLAN_MTU).
 */
static void
c_vlandev(struct ctx *c, const char *dev)
{
	struct ifs *p;

	mustkind(c, "vlan", "SIOCSETVLAN");
	if ((p = ifs_load(dev)) == NULL)
		ioerr(ENOENT, "SIOCSETVLAN");
	c->c_if->ifs_mtu = p->ifs_mtu;
	ifs_free(p);
	ifs_setstr(&c->c_if->ifs_vlandev, dev);
}

/* vlan N (ifvlan.c setvlantag): 0 to 4094. */
static void
c_vlan(struct ctx *c, const char *tag)
{
	long v;

	mustkind(c, "vlan", "SIOCSETVLAN");
	if ((v = number(tag, 0, 4094)) < 0)
		errx(1, "value for vlan out of range");
	c->c_if->ifs_vlan = (int)v;
}

/* vxlanid N (ifvxlan.c setvxlan_vni): 0 to 2^24 - 1. */
static void
c_vxlanid(struct ctx *c, const char *vni)
{
	long v;

	mustkind(c, "vxlan", "VXLAN_CMD_SET_VNI");
	if ((v = number(vni, 0, 16777215)) < 0)
		errx(1, "invalid network identifier: %s", vni);
	c->c_if->ifs_vxlanid = v;
}

/* An IPv4 or IPv6 address word of vxlanlocal and vxlangroup. */
static void
vxaddr(const char *what, const char *a)
{
	unsigned char b[16];

	if (inet_pton(AF_INET, a, b) != 1 && inet_pton(AF_INET6, a, b) != 1)
		errx(1, "error in parsing %s address string: %s", what, a);
}

/* vxlanlocal ADDR. */
static void
c_vxlanlocal(struct ctx *c, const char *a)
{
	mustkind(c, "vxlan", "VXLAN_CMD_SET_LOCAL_ADDR");
	vxaddr("local", a);
	ifs_setstr(&c->c_if->ifs_vxlanlocal, a);
}

/* vxlangroup ADDR. */
static void
c_vxlangroup(struct ctx *c, const char *a)
{
	mustkind(c, "vxlan", "VXLAN_CMD_SET_REMOTE_ADDR");
	vxaddr("group", a);
	ifs_setstr(&c->c_if->ifs_vxlangroup, a);
}

/* vxlandev IF. */
static void
c_vxlandev(struct ctx *c, const char *dev)
{
	mustkind(c, "vxlan", "VXLAN_CMD_SET_MULTICAST_IF");
	ifs_setstr(&c->c_if->ifs_vxlandev, dev);
}

/*
 * The address after an address family (af_inet.c in_getaddr, af_inet6.c,
 * af_link.c): inet A.B.C.D[/N] replaces the first address unless
 * "alias" is given; inet6 ADDR[/N] is added; "-alias" removes the
 * address.  link (or ether) takes "random" or a MAC address.
 */
static void
address(struct ctx *c)
{
	struct ifs_list *l;
	unsigned char b[16];
	char *a, *p, *norm;
	long len;
	int max;

	if (c->c_af == 0)
		return;
	if (c->c_addr == NULL)
		errx(1, "%s", c->c_af == FAM_LINK ? "link: bad value" :
		    "no address");
	if (c->c_af == FAM_LINK) {
		if (strcmp(c->c_addr, "random") != 0 &&
		    (strlen(c->c_addr) != 17 || strspn(c->c_addr,
		    "0123456789abcdefABCDEF:") != 17))
			errx(1, "malformed link-level address");
		return;
	}
	a = fh_xstrdup(c->c_addr);
	max = c->c_af == AF_INET ? 32 : 128;
	len = max == 32 ? 32 : 64;
	if ((p = strchr(a, '/')) != NULL) {
		*p++ = '\0';
		if ((len = number(p, 0, max)) < 0)
			errx(1, "%s: bad value (width %s)", c->c_addr,
			    c->c_af == AF_INET ? "too large" : "invalid");
	}
	if (inet_pton(c->c_af, a, b) != 1)
		errx(1, "%s: bad value", a);
	norm = fh_xasprintf("%s/%ld", a, len);
	l = c->c_af == AF_INET ? &c->c_if->ifs_inet : &c->c_if->ifs_inet6;
	if (c->c_alias < 0) {
		if (!ifs_list_del(l, norm))
			ioerr(EADDRNOTAVAIL, "ioctl (%s)", c->c_af == AF_INET ?
			    "SIOCDIFADDR" : "SIOCDIFADDR_IN6");
	} else if (!ifs_list_has(l, norm)) {
		/* Without "alias" an IPv4 address replaces the first. */
		if (c->c_af == AF_INET && c->c_alias == 0 && l->il_n > 0)
			ifs_list_del(l, l->il_v[0]);
		ifs_list_add(l, norm);
	}
	free(norm);
	free(a);
}

/*
 * What a new cloned interface needs (ifvlan.c vlan_create): a vlan made
 * with one of vlandev and vlan needs the other too.
 */
static void
checkclone(struct ctx *c)
{
	const char *why;

	if (!c->c_created || c->c_if == NULL ||
	    strcmp(c->c_if->ifs_kind->k_name, "vlan") != 0)
		return;
	why = NULL;
	if (c->c_if->ifs_vlandev != NULL && c->c_if->ifs_vlan < 0)
		why = "must specify a tag for vlan create";
	if (c->c_if->ifs_vlandev == NULL && c->c_if->ifs_vlan >= 0)
		why = "must specify a parent device for vlan create";
	if (why == NULL)
		return;
	/* The real ifconfig checks before it clones: nothing is left. */
	ifs_unlink(c->c_if->ifs_name);
	errx(1, "%s", why);
}

/* Run ifconfig. */
int
main(int argc, char *argv[])
{
	const struct cmd *cmd;
	struct ifs **v;
	struct ctx c;
	size_t i, n;
	int ch, lk;

	fh_init(argc, argv, "ifconfig");
	lk = ifs_lock();
	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-a") == 0)) {
		list_all();
		return (0);
	}
	if (argv[1][0] == '-') {
		while ((ch = getopt(argc, argv, FH_OPTS("g:l"))) != -1)
			switch (ch) {
			case 'g':
				if (optind != argc)
					usage();
				list_group(optarg);
				return (0);
			case 'l':
				if (optind != argc)
					usage();
				list_names();
				return (0);
			default:
				usage();
			}
		usage();
	}
	memset(&c, 0, sizeof(c));
	argv++;
	argc--;
	if (argc > 1 && (strcmp(argv[1], "create") == 0 ||
	    strcmp(argv[1], "plumb") == 0)) {
		clone_create(&c, argv[0]);
		c.c_created = true;
		argv++;
		argc--;
	} else {
		c.c_if = mustload(argv[0]);
		strlcpy(c.c_name, argv[0], sizeof(c.c_name));
		if (argc == 1) {
			v = ifs_loadall(&n);
			status(c.c_if, v, n);
			ifs_freeall(v, n);
			return (0);
		}
	}
	argv++;
	argc--;
	/* An address family may follow the interface (ifconfig.c main). */
	if (argc > 0) {
		if (strcmp(argv[0], "inet") == 0)
			c.c_af = AF_INET;
		else if (strcmp(argv[0], "inet6") == 0)
			c.c_af = AF_INET6;
		else if (strcmp(argv[0], "link") == 0 ||
		    strcmp(argv[0], "ether") == 0 ||
		    strcmp(argv[0], "lladdr") == 0)
			c.c_af = FAM_LINK;
		if (c.c_af != 0) {
			argv++;
			argc--;
		}
	}
	for (; argc > 0; argv++, argc--) {
		cmd = NULL;
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			if (strcmp(cmds[i].c_word, argv[0]) == 0)
				cmd = &cmds[i];
		/*
		 * An unknown word is the address (of the family given, else
		 * inet); only one is taken.
		 */
		if (cmd == NULL) {
			if (c.c_addr != NULL)
				errx(1, "%s: bad value", argv[0]);
			if (c.c_af == 0)
				c.c_af = AF_INET;
			c.c_addr = argv[0];
			continue;
		}
		if ((cmd->c_fn == c_alias || cmd->c_fn == c_unalias) &&
		    (c.c_af == 0 || c.c_af == FAM_LINK))
			errx(1, "%s: bad value", argv[0]);
		if (cmd->c_arg && argc < 2)
			errx(1, "'%s' requires argument", cmd->c_word);
		if (c.c_if == NULL)
			errx(1, "interface %s does not exist", c.c_name);
		cmd->c_fn(&c, cmd->c_arg ? argv[1] : NULL);
		if (c.c_if != NULL)
			ifs_save(c.c_if);
		if (cmd->c_arg) {
			argv++;
			argc--;
		}
	}
	if (c.c_if != NULL) {
		address(&c);
		checkclone(&c);
		ifs_save(c.c_if);
	}
	if (c.c_printname)
		printf("%s\n", c.c_name);
	ifs_free(c.c_if);
	fh_unlock(lk);
	return (0);
}

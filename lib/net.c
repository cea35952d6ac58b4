/*
 * net.c - switch and NIC naming shared with vm-bhyve.
 */
#include "compat.h"

#include <md5.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "model.h"
#include "net.h"
#include "paths.h"
#include "xmalloc.h"

/* First n hex digits of the MD5 of s (no trailing newline hashed). */
void
net_md5prefix(const char *s, char *out, size_t n)
{
	char	 hex[33];

	MD5Data((const uint8_t *)s, strlen(s), hex);
	if (n > 32)
		n = 32;
	memcpy(out, hex, n);
	out[n] = '\0';
}

/* The interface group vm-bhyve gives a switch's bridge. */
char *
net_viid(const char *sw)
{
	char	 h[6], *s;

	net_md5prefix(sw, h, 5);
	xasprintf(&s, "viid-%s@", h);
	return (s);
}

/* VALE port name: switch hash and MAC hash, 5 hex digits each. */
char *
net_vale_backend(const char *sw, const char *mac)
{
	char	 hs[6], hm[6], *s;

	net_md5prefix(sw, hs, 5);
	net_md5prefix(mac, hm, 5);
	xasprintf(&s, "vale%s:%s", hs, hm);
	return (s);
}

/* Backends as a plan shows them before the host is asked. */
char **
net_planbackends(const struct vm *vm)
{
	const struct vm_nic	*ni;
	char			**v;
	int			 i, ntap = 0, nlink = 2;

	v = xcalloc((size_t)vm->vm_nnics + 1, sizeof(*v));
	for (i = 0; i < vm->vm_nnics; i++) {
		ni = &vm->vm_nics[i];
		if (ni->ni_swtype == SWITCH_VALE)
			v[i] = net_vale_backend(ni->ni_switch,
			    ni->ni_mac != NULL ? ni->ni_mac : "");
		else if (ni->ni_swtype == SWITCH_NETGRAPH)
			/* vm-bhyve picks the first free link from 2 on. */
			v[i] = net_ngbackend(ni->ni_switch, nlink++);
		else if (ni->ni_device != NULL)
			v[i] = xstrdup(ni->ni_device);
		else if (ni->ni_name != NULL)
			v[i] = xstrdup(ni->ni_name);
		else
			xasprintf(&v[i], "tap%d", ntap++);
	}
	return (v);
}

/* Free what net_planbackends() returned. */
void
net_freebackends(char **v, int n)
{
	int	 i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Does NIC i get a tap? */
int
net_usestap(const struct vm *vm, int i)
{
	enum switch_type	 t = vm->vm_nics[i].ni_swtype;

	return (t != SWITCH_VALE && t != SWITCH_NETGRAPH);
}

/* An argv starting with ifconfig. */
static struct argv *
net_ifconfig(void)
{
	struct argv	*a;

	a = argv_new();
	argv_add(a, paths_get(PATH_IFCONFIG));
	return (a);
}

/* The command creating NIC i's tap, or NULL for an existing device. */
struct argv *
net_tapcreate(const struct vm *vm, int i)
{
	const struct vm_nic	*ni = &vm->vm_nics[i];
	struct argv		*a;

	if (ni->ni_device != NULL)
		return (NULL);
	a = net_ifconfig();
	argv_add(a, "tap");
	argv_add(a, "create");
	return (a);
}

/* "ifconfig TAP name NAME". */
struct argv *
net_taprename(const char *tap, const char *name)
{
	struct argv	*a;

	a = net_ifconfig();
	argv_add(a, tap);
	argv_add(a, "name");
	argv_add(a, name);
	return (a);
}

/* Append an argv to a NULL-ended array. */
static void
net_push(struct argv ***v, int *n, struct argv *a)
{
	*v = xreallocarray(*v, (size_t)*n + 2, sizeof(**v));
	(*v)[(*n)++] = a;
	(*v)[*n] = NULL;
}

/* The commands plugging a tap into its switch, vm-bhyve's order. */
struct argv **
net_tapconfig(const struct vm *vm, int i, const char *tap,
    const char *bridge, int bridgemtu, int private)
{
	const struct vm_nic	*ni = &vm->vm_nics[i];
	struct argv		**v = NULL, *a;
	int			 n = 0;

	a = net_ifconfig();
	argv_add(a, tap);
	argv_add(a, "descr");
	argv_addf(a, "vmnet/%s/%d/%s", vm->vm_name, ni->ni_index,
	    ni->ni_switch != NULL ? ni->ni_switch : "");
	argv_add(a, "group");
	argv_add(a, "vm-port");
	net_push(&v, &n, a);
	if (bridge == NULL)
		return (v);
	/* The tap takes the bridge's MTU when it is not the default. */
	if (bridgemtu > 0 && bridgemtu != 1500) {
		a = net_ifconfig();
		argv_add(a, tap);
		argv_add(a, "mtu");
		argv_addf(a, "%d", bridgemtu);
		net_push(&v, &n, a);
	}
	a = net_ifconfig();
	argv_add(a, bridge);
	argv_add(a, ni->ni_span ? "span" : "addm");
	argv_add(a, tap);
	net_push(&v, &n, a);
	a = net_ifconfig();
	argv_add(a, tap);
	argv_add(a, "up");
	net_push(&v, &n, a);
	/* A span port is no member: if_bridge has no flags for it. */
	if (private && !ni->ni_span) {
		a = net_ifconfig();
		argv_add(a, bridge);
		argv_add(a, "private");
		argv_add(a, tap);
		net_push(&v, &n, a);
	}
	return (v);
}

/* "ifconfig -g viid-XXXXX@": the bridge of a switch. */
struct argv *
net_bridgequery(const char *sw)
{
	struct argv	*a;
	char		*g;

	a = net_ifconfig();
	argv_add(a, "-g");
	g = net_viid(sw);
	argv_add(a, g);
	free(g);
	return (a);
}

/* "ifconfig TAP destroy". */
struct argv *
net_tapdestroy(const char *tap)
{
	struct argv	*a;

	a = net_ifconfig();
	argv_add(a, tap);
	argv_add(a, "destroy");
	return (a);
}

/* Undo plugging an existing device: deletem, or -span for a span port. */
struct argv *
net_tapunplug(const char *bridge, const char *dev, int span)
{
	struct argv	*a;

	a = net_ifconfig();
	argv_add(a, bridge);
	argv_add(a, span ? "-span" : "deletem");
	argv_add(a, dev);
	return (a);
}

/*
 * bhyve picks a network backend by the prefix of its name (tap, vmnet,
 * netgraph, netmap:, vale; net_backends.c netbe_init); any other name
 * needs type=tap (D35143, FreeBSD 14.0) or bhyve fails with "no network
 * backend".  vm-bhyve passes a renamed tap without it.
 */
char *
net_tapbackend(const char *ifname)
{
	char	*s;

	if ((strncmp(ifname, "tap", 3) == 0 || strncmp(ifname, "vmnet",
	    5) == 0) && ifname[strcspn(ifname, "0123456789")] != '\0' &&
	    strspn(ifname + strcspn(ifname, "0123456789"), "0123456789") ==
	    strlen(ifname + strcspn(ifname, "0123456789")))
		return (xstrdup(ifname));
	xasprintf(&s, "%s,type=tap", ifname);
	return (s);
}

/* "ngctl msg SWITCH: getstats K". */
struct argv *
net_ngquery(const char *sw, int link)
{
	struct argv	*a;

	a = argv_new();
	argv_add(a, paths_get(PATH_NGCTL));
	argv_add(a, "msg");
	argv_addf(a, "%s:", sw);
	argv_add(a, "getstats");
	argv_addf(a, "%d", link);
	return (a);
}

/* A netgraph NIC's bhyve backend. */
char *
net_ngbackend(const char *sw, int link)
{
	char	*s;

	xasprintf(&s, "netgraph,path=%s:,peerhook=link%d", sw, link);
	return (s);
}

/* Free a NULL-ended argv array. */
void
net_freeargvs(struct argv **v)
{
	struct argv	**p;

	if (v == NULL)
		return;
	for (p = v; *p != NULL; p++)
		argv_free(*p);
	free(v);
}

/*
 * A new MAC: bhyve's OUI 58:9c:fc, then 20 random bits with the first
 * hex digit 0, as vm-bhyve 1.7.1+ makes them; never 00:00:00.
 */
char *
net_newmac(void)
{
	uint8_t	 b[3];
	char	*s;

	do {
		arc4random_buf(b, sizeof(b));
		b[0] &= 0x0f;
	} while (b[0] == 0 && b[1] == 0 && b[2] == 0);
	xasprintf(&s, "58:9c:fc:%02x:%02x:%02x", b[0], b[1], b[2]);
	return (s);
}

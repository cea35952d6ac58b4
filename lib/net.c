/*
 * net.c - switch and NIC naming shared with vm-bhyve.
 */
#include "compat.h"

#include <md5.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "net.h"
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
			xasprintf(&v[i], "netgraph,path=%s:,peerhook=link%d",
			    ni->ni_switch, nlink++);
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

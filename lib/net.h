/*
 * net.h - names vm-bhyve derives for switches and NICs.
 *
 * vm-bhyve finds a switch's bridge through an interface group named
 * from an MD5 of the switch name, and names VALE ports from MD5s of the
 * switch name and MAC (vm-bhyve-compat.md §5.2, §5.4).  hyve derives
 * the same names so both tools see the same host.
 */
#ifndef HYVE_NET_H
#define HYVE_NET_H

struct vm;

/* The first n hex digits of MD5(s), into out (n + 1 bytes). */
void	 net_md5prefix(const char *s, char *out, size_t n);
/* "viid-XXXXX@" group of a switch; caller frees. */
char	*net_viid(const char *sw);
/* "valeXXXXX:YYYYY" backend for a NIC on a vale switch; caller frees. */
char	*net_vale_backend(const char *sw, const char *mac);
/*
 * The backends a plan shows before any tap exists: created taps as
 * tap0, tap1... in NIC order, named ones by name, existing devices as
 * themselves, netgraph NICs with link2, link3...  Returns an array of
 * vm_nnics strings; free with net_freebackends().
 */
char	**net_planbackends(const struct vm *);
void	 net_freebackends(char **, int);

struct argv;
struct sysconf;

/* Does NIC i get a tap interface (standard, manual or vxlan switch)? */
int	 net_usestap(const struct vm *, int i);
/*
 * The command creating NIC i's tap: "ifconfig tap create" (it prints the
 * new tapN); NULL for networkN_device (an existing interface that hyve
 * neither creates nor destroys).
 */
struct argv *net_tapcreate(const struct vm *, int i);
/*
 * "ifconfig TAP name NAME": networkN_name is given in a command of its
 * own, so that a refused name leaves a tap hyve knows and destroys
 * ("ifconfig tap create name X" would leave an unnamed tapN behind).
 */
struct argv *net_taprename(const char *tap, const char *name);
/*
 * The commands that plug tap into its switch once the bridge and its
 * MTU are known (bridge NULL: none found, the tap stays unplugged), in
 * vm-bhyve's order (vm-bhyve-compat.md §5.2).  Returns a NULL-ended
 * array; free with net_freeargvs().
 */
struct argv **net_tapconfig(const struct vm *, int i, const char *tap,
	    const char *bridge, int bridgemtu, int private);
/* The command that finds a switch's bridge: "ifconfig -g viid-XXXXX@". */
struct argv *net_bridgequery(const char *sw);
/* "ifconfig TAP destroy". */
struct argv *net_tapdestroy(const char *tap);
/*
 * What undoes plugging an existing device into bridge: "ifconfig
 * BRIDGE deletem DEV", or "ifconfig BRIDGE -span DEV" for a span port.
 */
struct argv *net_tapunplug(const char *bridge, const char *dev, int span);
/*
 * The bhyve backend for tap interface ifname: the name itself when
 * bhyve knows it by its prefix (tapN, vmnetN), else "NAME,type=tap"
 * (a renamed tap: networkN_name or networkN_device); caller frees.
 */
char	*net_tapbackend(const char *ifname);
void	 net_freeargvs(struct argv **);
/*
 * "ngctl msg SWITCH: getstats K": succeeds while link K of a netgraph
 * switch's ng_bridge is in use (vm-bhyve-compat.md §5.4).
 */
struct argv *net_ngquery(const char *sw, int link);
/* "netgraph,path=SWITCH:,peerhook=linkK". */
char	*net_ngbackend(const char *sw, int link);
/* A new MAC in bhyve's OUI as vm-bhyve makes them: 58:9c:fc:0X:XX:XX. */
char	*net_newmac(void);

#endif /* HYVE_NET_H */

/*
 * switch_test.c - lib/switch.c: reading FreeBSD's "ifconfig -a", the
 * names vm-bhyve derives, and the plans of "hyve switch" (their checks
 * and their commands) without a host.
 */
#include "compat.h"

#include <atf-c.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "conf.h"
#include "switch.h"
#include "sysconf.h"
#include "xmalloc.h"

/* "ifconfig -a" of a FreeBSD 14 host with a vm-bhyve switch. */
static const char ifconfig_a[] =
"em0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> "
    "metric 0 mtu 1500\n"
"\toptions=4e524bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU>\n"
"\tether 00:0c:29:aa:bb:cc\n"
"\tinet 192.0.2.5 netmask 0xffffff00 broadcast 192.0.2.255\n"
"\tinet 192.0.2.6 netmask 0xffffffff broadcast 192.0.2.6\n"
"\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n"
"\tstatus: active\n"
"\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n"
"lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 "
    "mtu 16384\n"
"\tgroups: lo\n"
"vm-public: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,"
    "LOWER_UP> metric 0 mtu 9000\n"
"\tether 58:9c:fc:10:ff:a1\n"
"\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15\n"
"\tmember: tap1 flags=8<SPAN>\n"
"\t        ifmaxaddr 0 port 5 priority 128 path cost 2000000\n"
"\tmember: tap0 flags=943<LEARNING,DISCOVER,PRIVATE,AUTOEDGE,AUTOPTP>\n"
"\t        ifmaxaddr 0 port 4 priority 128 path cost 2000000\n"
"\tmember: em0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n"
"\t        ifmaxaddr 0 port 1 priority 128 path cost 20000\n"
"\tgroups: bridge vm-switch viid-4c918@\n"
"tap0: flags=1008902<BROADCAST,PROMISC,SIMPLEX,MULTICAST,LOWER_UP> "
    "metric 0 mtu 9000\n"
"\tdescription: vmnet/web/0/public\n"
"\tgroups: tap vm-port\n";

/* A sysconf from text. */
static struct sysconf *
sc_from(const char *text)
{
	struct sysconf	*sc;
	char		*cause = NULL;

	sc = xcalloc(1, sizeof(*sc));
	sc->sc_conf = conf_parse("system.conf", text, strlen(text), &cause);
	ATF_REQUIRE_MSG(sc->sc_conf != NULL, "conf_parse: %s", cause);
	return (sc);
}

/* Step i of p as a string, without the tool's directory. */
static char *
step(const struct switch_plan *p, size_t i)
{
	char	*s, *out;
	size_t	 tool, base;

	ATF_REQUIRE(i < p->sp_n);
	s = argv_string(p->sp_steps[i].st_do);
	/* The tool's base name: the last '/' before the first blank. */
	tool = strcspn(s, " ");
	for (base = tool; base > 0 && s[base - 1] != '/'; base--)
		continue;
	out = xstrdup(s + base);
	free(s);
	return (out);
}

/* Check step i of p. */
static void
expect_step(const struct switch_plan *p, size_t i, const char *want)
{
	char	*got;

	got = step(p, i);
	ATF_CHECK_STREQ_MSG(want, got, "step %zu: want %s got %s", i, want,
	    got);
	free(got);
}

ATF_TC_WITHOUT_HEAD(parse);
ATF_TC_BODY(parse, tc)
{
	struct switch_host	*h;
	const struct switch_if	*si;

	h = switch_host_parse(ifconfig_a);
	ATF_REQUIRE_EQ(4, h->sh_n);
	si = switch_host_find(h, "em0");
	ATF_REQUIRE(si != NULL);
	ATF_CHECK(si->si_up);
	ATF_CHECK_EQ(1500, si->si_mtu);
	ATF_CHECK_STREQ("192.0.2.5", si->si_inet);
	si = switch_host_find(h, "vm-public");
	ATF_REQUIRE(si != NULL);
	ATF_CHECK_EQ(9000, si->si_mtu);
	ATF_REQUIRE_EQ(3, si->si_nports);
	ATF_CHECK_STREQ("tap1", si->si_ports[0].sp_name);
	ATF_CHECK(si->si_ports[0].sp_span);
	ATF_CHECK(si->si_ports[1].sp_private);
	ATF_CHECK(!si->si_ports[2].sp_private && !si->si_ports[2].sp_span);
	ATF_CHECK(switch_if_ingroup(si, "viid-4c918@"));
	ATF_CHECK(switch_host_group(h, "viid-4c918@") == si);
	si = switch_host_find(h, "tap0");
	ATF_REQUIRE(si != NULL);
	ATF_CHECK(!si->si_up);
	ATF_CHECK_STREQ("vmnet/web/0/public", si->si_descr);
	ATF_CHECK(switch_host_find(h, "tap9") == NULL);
	switch_host_free(h);
}

ATF_TC_WITHOUT_HEAD(names);
ATF_TC_BODY(names, tc)
{
	char	*s;
	int	 nic;

	/* vm-bhyve-compat.md §5.5: vx1 -> 239.251.106.80. */
	s = switch_vxlangroup("vx1");
	ATF_CHECK_STREQ("239.251.106.80", s);
	free(s);
	s = switch_listedit("public lan", "lan", true);
	ATF_CHECK_STREQ("public lan", s);
	free(s);
	s = switch_listedit("public  lan", "dmz", true);
	ATF_CHECK_STREQ("public lan dmz", s);
	free(s);
	s = switch_listedit("public lan dmz", "lan", false);
	ATF_CHECK_STREQ("public dmz", s);
	free(s);
	s = switch_listedit(NULL, "lan", true);
	ATF_CHECK_STREQ("lan", s);
	free(s);
	ATF_CHECK_EQ(0, switch_tapowner("vmnet/web/12/public", &s, &nic));
	ATF_CHECK_STREQ("web", s);
	ATF_CHECK_EQ(12, nic);
	free(s);
	ATF_CHECK_EQ(-1, switch_tapowner("vm-vlan/lan/em0.10", &s, &nic));
	ATF_CHECK_EQ(-1, switch_tapowner("vmnet//0/x", &s, &nic));
	ATF_CHECK_EQ(-1, switch_tapowner(NULL, &s, &nic));
	ATF_CHECK(s == NULL);
}

ATF_TC_WITHOUT_HEAD(label);
ATF_TC_BODY(label, tc)
{
	static const char text[] = "vm_dir=\"/vm\"\n"
	    "BRIDGE_vm_lan_NAME=\"Private LAN\"\n"
	    "  BRIDGE_bridge0_NAME='Lab'\n"
	    "BRIDGE_vm_lan_NAME=\"second\"\n";
	struct conf	*c;
	char		*cause = NULL, *l;

	c = conf_parse("hyve.conf", text, strlen(text), &cause);
	ATF_REQUIRE(c != NULL);
	l = switch_label(c, "vm-lan");
	ATF_CHECK_STREQ("Private LAN", l);
	free(l);
	l = switch_label(c, "bridge0");
	ATF_CHECK_STREQ("Lab", l);
	free(l);
	ATF_CHECK(switch_label(c, "bridge1") == NULL);
	ATF_CHECK(switch_label(NULL, "bridge0") == NULL);
	conf_free(c);
}

ATF_TC_WITHOUT_HEAD(create_standard);
ATF_TC_BODY(create_standard, tc)
{
	struct sysconf		*sc;
	struct switch_host	*h;
	struct switch_plan	*p;
	struct switch_opts	 o;
	char			*cause = NULL;

	sc = sc_from("switch_list=\"public\"\n");
	h = switch_host_parse(ifconfig_a);
	memset(&o, 0, sizeof(o));
	o.so_if = "em0";
	o.so_vlan = "10";
	o.so_addr = "2001:db8::1/64";
	p = switch_plan_create(sc, h, "lan", &o, &cause);
	ATF_REQUIRE_MSG(p != NULL, "%s", cause);
	ATF_REQUIRE_EQ(7, p->sp_n);
	expect_step(p, 0, "ifconfig bridge create name vm-lan group "
	    "vm-switch up");
	expect_step(p, 3, "ifconfig vm-lan inet6 2001:db8::1/64 "
	    "auto_linklocal");
	expect_step(p, 5, "ifconfig em0.10 group viid-3e722@");
	ATF_CHECK(p->sp_steps[0].st_undo != NULL);
	ATF_REQUIRE(p->sp_nedits >= 3);
	ATF_CHECK_STREQ("ports_lan", p->sp_edits[0].se_key);
	ATF_CHECK_STREQ("addr6_lan", p->sp_edits[2].se_key);
	switch_plan_free(p);

	/* Refused: existing name, bad VLAN, bad MTU, missing port. */
	ATF_CHECK(switch_plan_create(sc, h, "public", &o, &cause) == NULL);
	ATF_CHECK(strstr(cause, "already exists") != NULL);
	free(cause);
	o.so_vlan = "4095";
	ATF_CHECK(switch_plan_create(sc, h, "lan", &o, &cause) == NULL);
	free(cause);
	o.so_vlan = NULL;
	o.so_mtu = "9001";
	ATF_CHECK(switch_plan_create(sc, h, "lan", &o, &cause) == NULL);
	free(cause);
	o.so_mtu = NULL;
	o.so_if = "em7";
	ATF_CHECK(switch_plan_create(sc, h, "lan", &o, &cause) == NULL);
	ATF_CHECK(strstr(cause, "em7 does not exist") != NULL);
	free(cause);
	o.so_if = NULL;
	o.so_addr = "192.0.2.1";
	ATF_CHECK(switch_plan_create(sc, h, "lan", &o, &cause) == NULL);
	free(cause);
	switch_host_free(h);
	sysconf_free(sc);
}

ATF_TC_WITHOUT_HEAD(destroy);
ATF_TC_BODY(destroy, tc)
{
	struct sysconf		*sc;
	struct switch_host	*h;
	struct switch_plan	*p;
	char			*cause = NULL;

	sc = sc_from("switch_list=\"public\"\ntype_public=\"standard\"\n"
	    "ports_public=\"em0\"\nmtu_public=\"9000\"\n");
	h = switch_host_parse(ifconfig_a);
	ATF_CHECK(switch_plan_destroy(sc, h, "public", "web", &cause) ==
	    NULL);
	ATF_CHECK(strstr(cause, "used by web") != NULL);
	free(cause);
	p = switch_plan_destroy(sc, h, "public", NULL, &cause);
	ATF_REQUIRE_MSG(p != NULL, "%s", cause);
	ATF_REQUIRE_EQ(2, p->sp_n);
	expect_step(p, 0, "ifconfig vm-public deletem em0");
	expect_step(p, 1, "ifconfig vm-public destroy");
	ATF_REQUIRE_EQ(4, p->sp_nedits);
	ATF_CHECK_STREQ("", p->sp_edits[0].se_value);
	ATF_CHECK(p->sp_edits[3].se_value == NULL);
	switch_plan_free(p);
	switch_host_free(h);
	sysconf_free(sc);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, parse);
	ATF_TP_ADD_TC(tp, names);
	ATF_TP_ADD_TC(tp, label);
	ATF_TP_ADD_TC(tp, create_standard);
	ATF_TP_ADD_TC(tp, destroy);
	return (0);
}

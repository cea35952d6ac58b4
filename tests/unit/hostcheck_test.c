/*
 * hostcheck_test.c - judging host facts (lib/hostcheck.c) from the text
 * sysctl, ifconfig and pfctl print.
 */
#include "compat.h"

#include <atf-c.h>
#include <stdlib.h>
#include <string.h>

#include "hostcheck.h"

/* The result called name in r, or NULL. */
static const struct hc_result *
find(const struct hc_report *r, const char *name)
{
	size_t	 i;

	for (i = 0; i < r->hc_n; i++)
		if (strcmp(r->hc_v[i].hr_name, name) == 0)
			return (&r->hc_v[i]);
	return (NULL);
}

/* Facts of a healthy Intel host with pf off. */
static void
healthy(struct hc_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->hf_vmdir = "/vm";
	f->hf_vmdir_ok = true;
	f->hf_sysctl = "hw.model: Intel(R) Xeon(R)\n"
	    "hw.vmm.vmx.initialized: 1\n"
	    "hw.vmm.vmx.cap.unrestricted_guest: 1\n"
	    "net.link.tap.up_on_open: 1\n";
	f->hf_kld_vmm = f->hf_kld_nmdm = f->hf_kld_tap = true;
	f->hf_kld_bridge = true;
	f->hf_dmesg = "  Features2=0x7ffefbff<SSE3,VMX,POPCNT>\n";
	f->hf_dmesg_path = "/var/run/dmesg.boot";
	f->hf_passthru = "";
	f->hf_ifconfig = "";
}

ATF_TC_WITHOUT_HEAD(sysctl_values);
ATF_TC_BODY(sysctl_values, tc)
{
	const char	*text = "hw.vmm.vmx.initialized: 1\n"
	    "hw.vmm.vmx.initialized_x: 7\nhw.model: AMD Ryzen\n";
	char		 buf[64];

	ATF_CHECK_STREQ("1", hostcheck_sysctl(text, "hw.vmm.vmx.initialized",
	    buf, sizeof(buf)));
	ATF_CHECK_STREQ("AMD Ryzen", hostcheck_sysctl(text, "hw.model", buf,
	    sizeof(buf)));
	/* A prefix of an oid is not the oid. */
	ATF_CHECK(hostcheck_sysctl(text, "hw.vmm.vmx", buf, sizeof(buf)) ==
	    NULL);
	ATF_CHECK(hostcheck_sysctl("", "hw.model", buf, sizeof(buf)) == NULL);
}

ATF_TC_WITHOUT_HEAD(bridges);
ATF_TC_BODY(bridges, tc)
{
	const char	*ifc =
	    "em0: flags=8843<UP,BROADCAST,RUNNING> metric 0 mtu 1500\n"
	    "bridge0: flags=8843<UP,BROADCAST> metric 0 mtu 1500\n"
	    "\tmember: tap1 flags=143<LEARNING,DISCOVER>\n"
	    "\tmember: em0 flags=143<LEARNING,DISCOVER>\n"
	    "vm-lan: flags=8802<BROADCAST> metric 0 mtu 1500\n"
	    "\tmember: tap10 flags=143<LEARNING,DISCOVER>\n"
	    "\tmember: tap0 flags=143<LEARNING,DISCOVER>\n"
	    "tap0: flags=8902<BROADCAST> metric 0 mtu 1500\n";
	char		*b;

	b = hostcheck_bridges(ifc, "tap0 tap1");
	ATF_CHECK_STREQ("bridge0 vm-lan", b);
	free(b);
	/* tap1 is not tap10's prefix match. */
	b = hostcheck_bridges(ifc, "tap1");
	ATF_CHECK_STREQ("bridge0", b);
	free(b);
	b = hostcheck_bridges(ifc, "");
	ATF_CHECK_STREQ("", b);
	free(b);
}

ATF_TC_WITHOUT_HEAD(healthy_host);
ATF_TC_BODY(healthy_host, tc)
{
	struct hc_facts		 f;
	struct hc_report	*r;

	healthy(&f);
	r = hostcheck_run(&f);
	ATF_CHECK_EQ(0, r->hc_count[HC_WARN] + r->hc_count[HC_FAIL]);
	ATF_CHECK(find(r, "vt-x") != NULL);
	ATF_CHECK(find(r, "iommu") == NULL);
	ATF_CHECK(find(r, "switch-port") == NULL);
	hostcheck_free(r);
}

ATF_TC_WITHOUT_HEAD(pf_and_ports);
ATF_TC_BODY(pf_and_ports, tc)
{
	struct hc_facts		 f;
	struct hc_report	*r;
	const struct hc_result	*hr;

	healthy(&f);
	f.hf_pfinfo = "Status: Enabled for 0 days 00:00:01\n";
	f.hf_pfifaces = "all\nbridge0 (skip)\nlo0 (skip)\ntap0\ntap01\n";
	f.hf_taps = "tap0 tap01";
	f.hf_bridges = "bridge0";
	f.hf_ifconfig = "em0: flags=8843<UP,BROADCAST> metric 0 mtu 1500\n"
	    "em1: flags=8802<BROADCAST,UPPER> metric 0 mtu 1500\n";
	f.hf_ports = "public:em0 lan:em1 lan:em2";
	r = hostcheck_run(&f);
	ATF_REQUIRE((hr = find(r, "pf")) != NULL);
	ATF_CHECK_EQ(HC_WARN, hr->hr_status);
	ATF_CHECK_MSG(strstr(hr->hr_msg, "filters tap0 tap01:") != NULL,
	    "%s", hr->hr_msg);
	/*
	 * pf, and two ports: em1 is not UP (UPPER is another word) and
	 * em2 does not exist.
	 */
	ATF_CHECK_EQ(3, r->hc_count[HC_WARN]);
	hostcheck_free(r);

	f.hf_pfifaces = "all\nbridge0 (skip)\ntap0 (skip)\ntap01 (skip)\n";
	f.hf_ports = "public:em0";
	r = hostcheck_run(&f);
	ATF_CHECK_EQ(0, r->hc_count[HC_WARN]);
	hostcheck_free(r);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, sysctl_values);
	ATF_TP_ADD_TC(tp, bridges);
	ATF_TP_ADD_TC(tp, healthy_host);
	ATF_TP_ADD_TC(tp, pf_and_ports);
	return (atf_no_error());
}

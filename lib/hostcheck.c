/*
 * hostcheck.c - judging whether the host can run guests.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hostcheck.h"
#include "xmalloc.h"

static const char *const hostcheck_names[] = {
	[HC_PASS] = "PASS",
	[HC_WARN] = "WARN",
	[HC_FAIL] = "FAIL",
};

/* The word for a status. */
const char *
hostcheck_statusname(enum hc_status s)
{
	return (hostcheck_names[s]);
}

/* Add a result; fix is a format, or NULL. */
static void
hc_add(struct hc_report *r, const char *name, enum hc_status s,
    const char *fix, const char *fmt, ...)
    __attribute__((__format__(__printf__, 5, 6)));
static void
hc_add(struct hc_report *r, const char *name, enum hc_status s,
    const char *fix, const char *fmt, ...)
{
	struct hc_result	*hr;
	va_list			 ap;

	r->hc_v = xreallocarray(r->hc_v, r->hc_n + 1, sizeof(*r->hc_v));
	hr = &r->hc_v[r->hc_n++];
	hr->hr_name = xstrdup(name);
	hr->hr_status = s;
	va_start(ap, fmt);
	xvasprintf(&hr->hr_msg, fmt, ap);
	va_end(ap);
	hr->hr_fix = fix != NULL ? xstrdup(fix) : NULL;
	r->hc_count[s]++;
}

/* The value of oid in sysctl output ("name: value" lines). */
const char *
hostcheck_sysctl(const char *text, const char *oid, char *buf, size_t len)
{
	const char	*p, *end;
	size_t		 n = strlen(oid);

	for (p = text; p != NULL && *p != '\0'; p = end) {
		end = strchr(p, '\n');
		if (strncmp(p, oid, n) == 0 && strncmp(p + n, ": ", 2) == 0) {
			p += n + 2;
			n = end != NULL ? (size_t)(end - p) : strlen(p);
			snprintf(buf, len, "%.*s", (int)n, p);
			return (buf);
		}
		if (end != NULL)
			end++;
	}
	return (NULL);
}

/* Whether oid's value is exactly want. */
static bool
hc_sysctl_is(const struct hc_facts *f, const char *oid, const char *want)
{
	const char	*v;
	char		 buf[64];

	v = hostcheck_sysctl(f->hf_sysctl, oid, buf, sizeof(buf));
	return (v != NULL && strcmp(v, want) == 0);
}

/* An oid's value for a message, or "absent". */
static const char *
hc_sysctl_show(const struct hc_facts *f, const char *oid, char *buf,
    size_t len)
{
	const char	*v;

	v = hostcheck_sysctl(f->hf_sysctl, oid, buf, len);
	return (v != NULL ? v : "absent");
}

/*
 * The ifconfig(8) line "NAME: flags=8843<UP,BROADCAST,...> ..." of an
 * interface, or NULL when it does not exist.
 */
static const char *
hc_ifline(const char *ifconfig, const char *name)
{
	const char	*p;
	size_t		 n = strlen(name);

	for (p = ifconfig; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, name, n) == 0 && strncmp(p + n, ": flags=",
		    8) == 0)
			return (p);
	}
	return (NULL);
}

/* Whether the flags of an ifconfig line include UP. */
static bool
hc_ifup(const char *line)
{
	const char	*p, *end;

	if ((p = strchr(line, '<')) == NULL || (end = strchr(p, '>')) ==
	    NULL)
		return (false);
	for (p++; p < end; p += strcspn(p, ",>") + 1)
		if (strncmp(p, "UP", 2) == 0 && (p[2] == ',' || p[2] == '>'))
			return (true);
	return (false);
}

/*
 * Whether pfctl -v -s Interfaces marks the n-byte name "(skip)" (pfctl.c
 * print_iface() appends " (skip)" with -v).
 */
static bool
hc_pfskips(const char *ifaces, const char *name, size_t n)
{
	const char	*p;

	for (p = ifaces; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, name, n) == 0 && strncmp(p + n, " (skip)",
		    7) == 0)
			return (true);
	}
	return (false);
}

/* The CPU: VT-x with EPT and unrestricted guest, or SVM with NPT. */
static void
hc_cpu(struct hc_report *r, const struct hc_facts *f)
{
	const char	*model;
	char		 mbuf[128], buf[64];
	unsigned long	 feat;
	char		*end;

	model = hostcheck_sysctl(f->hf_sysctl, "hw.model", mbuf,
	    sizeof(mbuf));
	/* vm-bhyve tells the vendor from hw.model the same way. */
	if (model != NULL && strstr(model, "Intel") != NULL) {
		/* vmx_init() refuses a CPU without EPT, so this covers it. */
		if (hc_sysctl_is(f, "hw.vmm.vmx.initialized", "1"))
			hc_add(r, "vt-x", HC_PASS, NULL, "Intel VT-x with EPT "
			    "is initialised (hw.vmm.vmx.initialized=1)");
		else
			hc_add(r, "vt-x", HC_FAIL, "enable VT-x (Intel "
			    "Virtualization Technology) in the firmware setup, "
			    "then reload vmm; bhyve needs VT-x with EPT",
			    "vmm did not initialise VT-x "
			    "(hw.vmm.vmx.initialized=%s)", hc_sysctl_show(f,
			    "hw.vmm.vmx.initialized", buf, sizeof(buf)));
		if (hc_sysctl_is(f, "hw.vmm.vmx.cap.unrestricted_guest", "1"))
			hc_add(r, "unrestricted", HC_PASS, NULL, "VT-x "
			    "unrestricted guest is available");
		else
			hc_add(r, "unrestricted", HC_WARN, "use a CPU with "
			    "unrestricted guest (Westmere or newer)",
			    "no VT-x unrestricted guest "
			    "(hw.vmm.vmx.cap.unrestricted_guest=%s): only "
			    "bhyveload guests with one vCPU can run",
			    hc_sysctl_show(f,
			    "hw.vmm.vmx.cap.unrestricted_guest", buf,
			    sizeof(buf)));
		return;
	}
	if (model != NULL && strstr(model, "AMD") != NULL) {
		if (hostcheck_sysctl(f->hf_sysctl, "hw.vmm.svm.features", buf,
		    sizeof(buf)) == NULL) {
			hc_add(r, "svm", HC_FAIL, "load vmm (kldload vmm)",
			    "hw.vmm.svm.features is absent");
			return;
		}
		feat = strtoul(buf, &end, 0);
		/*
		 * svm.c masks svm_feature (all ones at first) with CPUID
		 * 0x8000000A EDX when SVM initialises; still all ones means
		 * SVM never initialised.  bhyve needs bit 0 (nested paging)
		 * and bit 3 (NRIP save).
		 */
		if (*end != '\0' || feat == 0xffffffffUL)
			hc_add(r, "svm", HC_FAIL, "enable SVM (AMD-V) in the "
			    "firmware setup, then reload vmm", "vmm did not "
			    "initialise AMD SVM (hw.vmm.svm.features=%s)",
			    buf);
		else if ((feat & 0x9) != 0x9)
			hc_add(r, "svm", HC_FAIL, "bhyve needs a CPU with "
			    "nested paging (RVI) and NRIP save", "AMD SVM "
			    "lacks nested paging or NRIP save "
			    "(hw.vmm.svm.features=%s)", buf);
		else
			hc_add(r, "svm", HC_PASS, NULL, "AMD SVM with nested "
			    "paging (NPT) is initialised");
		return;
	}
	hc_add(r, "cpu", HC_WARN, "bhyve runs on Intel CPUs with VT-x and "
	    "EPT and AMD CPUs with SVM and NPT", "cannot tell the CPU "
	    "vendor from hw.model (%s)", model != NULL ? model : "absent");
}

/*
 * POPCNT in the Features2 line of dmesg.boot: the FreeBSD Handbook's
 * test for a CPU bhyve supports (AMD: POPCNT; Intel: EPT and UG).
 */
static void
hc_popcnt(struct hc_report *r, const struct hc_facts *f)
{
	const char	*p, *end, *hit;

	if (f->hf_dmesg == NULL) {
		hc_add(r, "popcnt", HC_WARN, "run \"service dmesg start\" "
		    "(rc.d/dmesg writes it at boot)", "cannot read %s to "
		    "look for POPCNT", f->hf_dmesg_path);
		return;
	}
	for (p = f->hf_dmesg; (p = strstr(p, "Features2=")) != NULL;
	    p = end) {
		end = p + strcspn(p, "\n");
		if ((hit = strstr(p, "POPCNT")) != NULL && hit < end) {
			hc_add(r, "popcnt", HC_PASS, NULL,
			    "the CPU has POPCNT");
			return;
		}
	}
	hc_add(r, "popcnt", HC_WARN, "bhyve needs a newer CPU (one with "
	    "POPCNT, EPT or RVI)", "no POPCNT in the CPU's Features2 line "
	    "of the boot messages");
}

/* A kernel module that must be loaded. */
static void
hc_kld(struct hc_report *r, const char *mod, bool loaded, const char *why)
{
	char	*fix;

	if (loaded) {
		hc_add(r, mod, HC_PASS, NULL, "%s is loaded (%s)", mod, why);
		return;
	}
	xasprintf(&fix, "run \"hyve init\" (or kldload %s), and add %s to "
	    "kld_list in /etc/rc.conf", mod, mod);
	hc_add(r, mod, HC_FAIL, fix, "%s is not loaded: %s", mod, why);
	free(fix);
}

/* net.link.tap.up_on_open. */
static void
hc_uponopen(struct hc_report *r, const struct hc_facts *f)
{
	const char	*fix = "sysctl net.link.tap.up_on_open=1, and add "
	    "net.link.tap.up_on_open=1 to /etc/sysctl.conf";
	char		 buf[32];

	if (hc_sysctl_is(f, "net.link.tap.up_on_open", "1"))
		hc_add(r, "up_on_open", HC_PASS, NULL,
		    "net.link.tap.up_on_open=1");
	else
		hc_add(r, "up_on_open", HC_WARN, fix, "net.link.tap."
		    "up_on_open is %s: a tap is down until bhyve opens it",
		    hc_sysctl_show(f, "net.link.tap.up_on_open", buf,
		    sizeof(buf)));
}

/* The IOMMU, when a guest uses PCI passthrough. */
static void
hc_iommu(struct hc_report *r, const struct hc_facts *f)
{
	char	 buf[32], mbuf[128];
	bool	 amd;

	if (f->hf_passthru == NULL || *f->hf_passthru == '\0')
		return;
	if (hc_sysctl_is(f, "hw.vmm.iommu.initialized", "1")) {
		hc_add(r, "iommu", HC_PASS, NULL, "the IOMMU is initialised "
		    "for PCI passthrough (%s)", f->hf_passthru);
		return;
	}
	amd = hostcheck_sysctl(f->hf_sysctl, "hw.model", mbuf,
	    sizeof(mbuf)) != NULL && strstr(mbuf, "AMD") != NULL;
	hc_add(r, "iommu", HC_FAIL, amd ? "enable the IOMMU (AMD-Vi) in the "
	    "firmware setup, set hw.vmm.amdvi.enable=1 and pptdevs in "
	    "/boot/loader.conf, and reboot" : "enable VT-d in the firmware "
	    "setup, reserve the devices with pptdevs in /boot/loader.conf, "
	    "and reboot", "%s use%s PCI passthrough but the IOMMU is not "
	    "initialised (hw.vmm.iommu.initialized=%s%s%s)", f->hf_passthru,
	    strchr(f->hf_passthru, ' ') != NULL ? "" : "s",
	    hc_sysctl_show(f, "hw.vmm.iommu.initialized", buf, sizeof(buf)),
	    amd ? ", hw.vmm.amdvi.enable=" : "", amd ? hc_sysctl_show(f,
	    "hw.vmm.amdvi.enable", buf, sizeof(buf)) : "");
}

/* Files and programs some guests need. */
static void
hc_needs(struct hc_report *r, const struct hc_facts *f)
{
	const struct hc_need	*n;
	size_t			 i;

	for (i = 0; i < f->hf_nfirmware; i++) {
		n = &f->hf_firmware[i];
		if (n->hn_present)
			hc_add(r, "firmware", HC_PASS, NULL, "UEFI firmware "
			    "%s is installed (%s)", n->hn_path, n->hn_guests);
		else
			hc_add(r, "firmware", HC_FAIL, "pkg install edk2-bhyve",
			    "UEFI firmware %s is missing (needed by %s)",
			    n->hn_path, n->hn_guests);
	}
	n = &f->hf_grub;
	if (n->hn_guests == NULL || *n->hn_guests == '\0')
		return;
	if (n->hn_present)
		hc_add(r, "grub2-bhyve", HC_PASS, NULL, "%s is installed (%s)",
		    n->hn_path, n->hn_guests);
	else
		hc_add(r, "grub2-bhyve", HC_FAIL, "pkg install grub2-bhyve",
		    "%s is missing (needed by %s)", n->hn_path, n->hn_guests);
}

/* pf: enabled, and not skipping the bridges and taps guests use. */
static void
hc_pf(struct hc_report *r, const struct hc_facts *f)
{
	struct buf	*b, *fix;
	const char	*lists[2] = { f->hf_bridges, f->hf_taps }, *p;
	size_t		 i, n;

	if (f->hf_pf_denied) {
		hc_add(r, "pf", HC_WARN, "run \"hyve check host\" as root",
		    "cannot read pf's state: /dev/pf is root's");
		return;
	}
	if (f->hf_pfinfo == NULL || strstr(f->hf_pfinfo, "Status: Enabled") ==
	    NULL) {
		hc_add(r, "pf", HC_PASS, NULL, "pf is not enabled");
		return;
	}
	b = buf_new();
	for (i = 0; i < 2; i++) {
		for (p = lists[i]; p != NULL && *p != '\0'; p += n) {
			p += strspn(p, " ");
			if ((n = strcspn(p, " ")) == 0)
				break;
			if (!hc_pfskips(f->hf_pfifaces, p, n))
				buf_addf(b, "%s%.*s", b->b_len ? " " : "",
				    (int)n, p);
		}
	}
	if (b->b_len == 0)
		hc_add(r, "pf", HC_PASS, NULL, "pf is enabled and skips the "
		    "bridges and taps in use");
	else {
		fix = buf_new();
		buf_addf(fix, "add \"set skip on { %s }\" to /etc/pf.conf (or "
		    "skip the interface groups tap and bridge) and run "
		    "\"pfctl -f /etc/pf.conf\"", b->b_data);
		hc_add(r, "pf", HC_WARN, fix->b_data, "pf is enabled and "
		    "filters %s: guests' traffic may be blocked", b->b_data);
		buf_free(fix);
	}
	buf_free(b);
}

/* The physical ports of the switches: they exist and are up. */
static void
hc_ports(struct hc_report *r, const struct hc_facts *f)
{
	const char	*p, *line, *colon;
	char		*port, *sw, *fix;
	size_t		 n, nports = 0, nbad = 0;

	for (p = f->hf_ports; p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " ");
		if ((n = strcspn(p, " ")) == 0)
			break;
		if ((colon = memchr(p, ':', n)) == NULL)
			continue;
		nports++;
		sw = xstrndup(p, (size_t)(colon - p));
		port = xstrndup(colon + 1, n - (size_t)(colon - p) - 1);
		if ((line = hc_ifline(f->hf_ifconfig, port)) == NULL) {
			xasprintf(&fix, "fix ports_%s in .config/system.conf "
			    "(hyve switch remove %s %s)", sw, sw, port);
			hc_add(r, "switch-port", HC_WARN, fix, "port %s of "
			    "switch %s does not exist", port, sw);
			free(fix);
			nbad++;
		} else if (!hc_ifup(line)) {
			xasprintf(&fix, "ifconfig %s up, and "
			    "ifconfig_%s=\"up\" in /etc/rc.conf", port, port);
			hc_add(r, "switch-port", HC_WARN, fix, "port %s of "
			    "switch %s is down", port, sw);
			free(fix);
			nbad++;
		}
		free(sw);
		free(port);
	}
	if (nports > 0 && nbad == 0)
		hc_add(r, "switch-port", HC_PASS, NULL, "the switches' "
		    "physical ports are up");
}

/* Whether the n-byte word w is one of the blank-separated list. */
static bool
hc_inlist(const char *list, const char *w, size_t n)
{
	const char	*p;
	size_t		 m;

	for (p = list; p != NULL && *p != '\0'; p += m) {
		p += strspn(p, " ");
		m = strcspn(p, " ");
		if (m == n && strncmp(p, w, n) == 0)
			return (true);
	}
	return (false);
}

/* The bridges holding one of taps, from ifconfig -a's member lines. */
char *
hostcheck_bridges(const char *ifconfig, const char *taps)
{
	struct buf	*b;
	const char	*p, *cur = NULL, *w;
	size_t		 curlen = 0, n;

	b = buf_new();
	for (p = ifconfig; p != NULL && *p != '\0'; p += strcspn(p, "\n")) {
		if (*p == '\n')
			p++;
		if (*p != '\t' && *p != ' ' && *p != '\0' && *p != '\n') {
			/* "NAME: flags=..." starts an interface. */
			cur = p;
			curlen = strcspn(p, ":\n");
			continue;
		}
		w = p + strspn(p, " \t");
		if (cur == NULL || strncmp(w, "member: ", 8) != 0)
			continue;
		w += 8;
		n = strcspn(w, " \n");
		if (hc_inlist(taps, w, n) && !hc_inlist(b->b_data, cur,
		    curlen))
			buf_addf(b, "%s%.*s", b->b_len ? " " : "", (int)curlen,
			    cur);
	}
	return (buf_take(b));
}

/* The datastore: vm_dir set, and there. */
static void
hc_vmdir(struct hc_report *r, const struct hc_facts *f)
{
	if (f->hf_vmdir == NULL)
		hc_add(r, "vm_dir", HC_FAIL, "set vm_dir in hyve.conf (or "
		    "rc.conf), then run \"hyve init\"", "no datastore: "
		    "vm_dir is not set");
	else if (!f->hf_vmdir_ok)
		hc_add(r, "vm_dir", HC_FAIL, "run \"hyve init\"", "vm_dir "
		    "%s does not exist", f->hf_vmdir);
	else
		hc_add(r, "vm_dir", HC_PASS, NULL, "the datastore %s exists",
		    f->hf_vmdir);
}

/* Judge every fact, in the order hyve.8 lists the checks. */
struct hc_report *
hostcheck_run(const struct hc_facts *f)
{
	struct hc_report	*r;

	r = xcalloc(1, sizeof(*r));
	hc_vmdir(r, f);
	hc_kld(r, "vmm", f->hf_kld_vmm, "bhyve's kernel part");
	if (f->hf_kld_vmm)
		hc_cpu(r, f);
	hc_popcnt(r, f);
	hc_kld(r, "nmdm", f->hf_kld_nmdm, "the guests' serial consoles");
	hc_kld(r, "if_tap", f->hf_kld_tap, "the guests' network interfaces");
	hc_kld(r, "if_bridge", f->hf_kld_bridge, "the virtual switches");
	hc_uponopen(r, f);
	hc_iommu(r, f);
	hc_needs(r, f);
	hc_pf(r, f);
	hc_ports(r, f);
	return (r);
}

/* Release a report. */
void
hostcheck_free(struct hc_report *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->hc_n; i++) {
		free(r->hc_v[i].hr_name);
		free(r->hc_v[i].hr_msg);
		free(r->hc_v[i].hr_fix);
	}
	free(r->hc_v);
	free(r);
}

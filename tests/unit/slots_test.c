/*
 * slots_test.c - PCI addresses for a guest's devices (lib/slots.c).
 *
 * Unpinned guests must get vm-bhyve's addresses exactly, spelled as
 * vm-bhyve spells them (vm-bhyve-compat.md §3.4 and the worked examples
 * of §3.10); pins must never move and never be moved.
 *
 * Each assignment is rendered as one line, e.g.
 *	"hb@0 lpc@31 disk0@0:4:0 ahci(1,2)@5:0 net0@0:6:0 cd@3:0"
 * so that a check covers the order, the kinds, the ahci ports and the
 * address spelling of every device at once.
 */
#include "compat.h"

#include <atf-c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "diag.h"
#include "model.h"
#include "slots.h"

#define CONF_PATH	"/vm/vm1/vm1.conf"
#define HEAD		"hb@0 lpc@31 "

/* A NIC on the standard switch "public". */
#define NIC(n)		"network" #n "_type=\"virtio-net\"\n" \
			"network" #n "_switch=\"public\"\n"
/* ahci_device_limit=N. */
#define LIMIT(n)	"ahci_device_limit=\"" #n "\"\n"
/* A virtio-blk disk. */
#define VBLK(n)		"disk" #n "_type=\"virtio-blk\"\n" \
			"disk" #n "_name=\"disk" #n ".img\"\n"

/* Guest vm1 on the plain directory datastore /vm, no system.conf. */
static const struct model_env env = {
	.me_name = "vm1",
	.me_dspath = "/vm",
	.me_vmdir = "/vm",
	.me_fwdir = "/usr/local/share/uefi-firmware",
};

/* Print every diag entry, to explain a failure. */
static void
dump(const struct diag *d)
{
	size_t	 i;

	for (i = 0; i < d->d_n; i++)
		fprintf(stderr, "diag %zu: %s\n", i, d->d_v[i].de_text);
}

/* Build vm1 from text; the model must have no errors. */
static struct vm *
build(const char *text)
{
	struct conf	*c;
	struct diag	*d;
	struct vm	*vm;
	char		*cause = NULL;

	c = conf_parse(CONF_PATH, text, strlen(text), &cause);
	ATF_REQUIRE_MSG(c != NULL, "conf_parse: %s", cause);
	d = diag_new("vm1", CONF_PATH);
	vm = model_load(c, &env, d);
	conf_free(c);
	if (d->d_nerrors > 0)
		dump(d);
	ATF_REQUIRE_EQ_MSG(0, d->d_nerrors, "the model has errors");
	diag_free(d);
	return (vm);
}

/* One device as "name@address". */
static void
render_dev(const struct vm *vm, const struct slot_dev *sd, char *buf,
    size_t len)
{
	char	 name[256], *addr;
	size_t	 off;
	int	 i;

	switch (sd->sd_kind) {
	case SLOT_HOSTBRIDGE:
		snprintf(name, sizeof(name), "hb");
		break;
	case SLOT_LPC:
		snprintf(name, sizeof(name), "lpc");
		break;
	case SLOT_DISK:
		snprintf(name, sizeof(name), "disk%d",
		    vm->vm_disks[sd->sd_index].dk_index);
		break;
	case SLOT_AHCI:
		off = (size_t)snprintf(name, sizeof(name), "ahci(");
		for (i = 0; i < sd->sd_nports && off < sizeof(name); i++)
			off += (size_t)snprintf(name + off, sizeof(name) - off,
			    "%s%d", i == 0 ? "" : ",",
			    vm->vm_disks[sd->sd_ports[i]].dk_index);
		if (off < sizeof(name))
			snprintf(name + off, sizeof(name) - off, ")");
		break;
	case SLOT_NIC:
		snprintf(name, sizeof(name), "net%d",
		    vm->vm_nics[sd->sd_index].ni_index);
		break;
	case SLOT_RND:
		snprintf(name, sizeof(name), "rnd");
		break;
	case SLOT_PASSTHRU:
		snprintf(name, sizeof(name), "pt%d",
		    vm->vm_passthru[sd->sd_index].pt_index);
		break;
	case SLOT_FBUF:
		snprintf(name, sizeof(name), "fbuf");
		break;
	case SLOT_XHCI:
		snprintf(name, sizeof(name), "xhci");
		break;
	case SLOT_HDA:
		snprintf(name, sizeof(name), "hda");
		break;
	case SLOT_CONSOLE:
		snprintf(name, sizeof(name), "con");
		break;
	case SLOT_SHARE:
		snprintf(name, sizeof(name), "share%d",
		    vm->vm_shares[sd->sd_index].sh_index);
		break;
	case SLOT_INSTALL:
		snprintf(name, sizeof(name), "cd");
		break;
	default:
		snprintf(name, sizeof(name), "?%d", (int)sd->sd_kind);
		break;
	}
	addr = slots_addrstr(sd);
	snprintf(buf, len, "%s@%s", name, addr);
	free(addr);
}

/* The whole assignment as one line (caller frees). */
static char *
render(const struct vm *vm, const struct slots *s)
{
	char	 one[512], *out;
	size_t	 len, off = 0;
	int	 i;

	len = (size_t)s->s_n * sizeof(one) + 1;
	out = calloc(1, len);
	ATF_REQUIRE(out != NULL);
	for (i = 0; i < s->s_n; i++) {
		render_dev(vm, &s->s_v[i], one, sizeof(one));
		off += (size_t)snprintf(out + off, len - off, "%s%s",
		    i == 0 ? "" : " ", one);
	}
	return (out);
}

/*
 * Assign addresses for the guest in text and fail at the caller's line
 * unless they render as want and no error or warning was recorded.
 */
static void
check_layout(int line, const char *text, bool install, bool fbuf,
    const char *want, bool nompt)
{
	struct slot_opts so = { .so_install = install, .so_fbuf = fbuf };
	struct diag	*d;
	struct slots	*s;
	struct vm	*vm;
	char		*got;

	vm = build(text);
	d = diag_new("vm1", CONF_PATH);
	s = slots_assign(vm, &so, d);
	if (s == NULL) {
		dump(d);
		atf_tc_fail_check(__FILE__, (size_t)line, "slots_assign "
		    "failed");
		goto done;
	}
	got = render(vm, s);
	if (strcmp(got, want) != 0)
		atf_tc_fail_check(__FILE__, (size_t)line, "layout differs:\n"
		    "expected %s\ngot      %s", want, got);
	free(got);
	if (s->s_nompt != nompt)
		atf_tc_fail_check(__FILE__, (size_t)line, "s_nompt is %d",
		    (int)s->s_nompt);
	if (d->d_n != 0) {
		dump(d);
		atf_tc_fail_check(__FILE__, (size_t)line, "unexpected "
		    "diagnostics");
	}
done:
	slots_free(s);
	diag_free(d);
	vm_free(vm);
}
#define CHECK_LAYOUT(text, install, fbuf, want) \
	check_layout(__LINE__, (text), (install), (fbuf), (want), false)
#define CHECK_LAYOUT_Y(text, install, fbuf, want) \
	check_layout(__LINE__, (text), (install), (fbuf), (want), true)

/*
 * Assign addresses for the guest in text and fail at the caller's line
 * unless slots_assign refuses it with one error holding each needle.
 */
static void
check_refused(int line, const char *text, bool install,
    const char *needle1, const char *needle2)
{
	struct slot_opts so = { .so_install = install, .so_fbuf = true };
	struct diag	*d;
	struct slots	*s;
	struct vm	*vm;
	const char	*t;

	vm = build(text);
	d = diag_new("vm1", CONF_PATH);
	s = slots_assign(vm, &so, d);
	if (s != NULL)
		atf_tc_fail_check(__FILE__, (size_t)line, "slots_assign "
		    "accepted the guest");
	if (d->d_nerrors != 1) {
		dump(d);
		atf_tc_fail_check(__FILE__, (size_t)line, "%zu errors, not 1",
		    d->d_nerrors);
	} else {
		t = d->d_v[d->d_n - 1].de_text;
		if (strstr(t, needle1) == NULL || strstr(t, needle2) == NULL)
			atf_tc_fail_check(__FILE__, (size_t)line,
			    "error \"%s\" lacks \"%s\" or \"%s\"", t, needle1,
			    needle2);
	}
	slots_free(s);
	diag_free(d);
	vm_free(vm);
}
#define CHECK_REFUSED(text, install, n1, n2) \
	check_refused(__LINE__, (text), (install), (n1), (n2))

/* The guest of §3.10 (d) in buf, with a loader and a limit line. */
static void
example_d(char *buf, size_t len, const char *loader, const char *limitline,
    const char *extra)
{
	int	 n;

	n = snprintf(buf, len, "loader=\"%s\"\ncpu=2\nmemory=4G\n%s"
	    "disk0_type=\"ahci-hd\"\ndisk0_name=\"disk0.img\"\n"
	    "disk1_type=\"ahci-hd\"\ndisk1_name=\"disk1.img\"\n"
	    "disk2_type=\"ahci-hd\"\ndisk2_name=\"disk2.img\"\n"
	    "disk3_type=\"ahci-cd\"\n"
	    "disk3_name=\"/vm/.iso/virtio-win.iso\"\ndisk3_dev=\"custom\"\n"
	    NIC(0)
	    "network0_mac=\"58:9c:fc:0e:0f:10\"\n"
	    "uuid=\"11111111-2222-4333-8444-555555555555\"\n%s",
	    loader, limitline, extra);
	ATF_REQUIRE(n > 0 && (size_t)n < len);
}

/* §3.10 (a): bhyveload, one virtio-blk disk at 0:4:0, one NIC at 0:5:0. */
ATF_TC_WITHOUT_HEAD(example_a);
ATF_TC_BODY(example_a, tc)
{
	CHECK_LAYOUT("loader=\"bhyveload\"\ncpu=1\nmemory=256M\n"
	    NIC(0) VBLK(0)
	    "uuid=\"5d3c1a2b-7e4f-4a10-9b8c-112233445566\"\n"
	    "network0_mac=\"58:9c:fc:0a:1b:2c\"\n", false, false,
	    HEAD "disk0@0:4:0 net0@0:5:0");
}

/* §3.10 (b): grub, two disks as functions of slot 4, install CD at 3:0. */
ATF_TC_WITHOUT_HEAD(example_b);
ATF_TC_BODY(example_b, tc)
{
	CHECK_LAYOUT("loader=\"grub\"\ncpu=\"2\"\nmemory=\"1G\"\n"
	    NIC(0) VBLK(0) VBLK(1), true, false,
	    HEAD "disk0@0:4:0 disk1@0:4:1 net0@0:5:0 cd@3:0");
}

/* §3.10 (c1): windows template, ahci limit 8: the disk is "4:0,ahci". */
ATF_TC_WITHOUT_HEAD(example_c1);
ATF_TC_BODY(example_c1, tc)
{
	static const char text[] = "loader=\"uefi\"\ngraphics=\"yes\"\n"
	    "xhci_mouse=\"yes\"\ncpu=2\nmemory=2G\nahci_device_limit=\"8\"\n"
	    "network0_type=\"e1000\"\nnetwork0_switch=\"public\"\n"
	    "disk0_type=\"ahci-hd\"\ndisk0_name=\"disk0.img\"\n"
	    "utctime=\"no\"\ngraphics_port=\"5900\"\n"
	    "uuid=\"c0ffee00-1234-4abc-9def-0123456789ab\"\n"
	    "network0_mac=\"58:9c:fc:0d:ee:01\"\n";

	CHECK_LAYOUT(text, true, true,
	    HEAD "ahci(0)@4:0 net0@0:5:0 fbuf@0:6:0 xhci@0:7:0 cd@3:0");
	/* No free VNC port: no fbuf and no slot used for it. */
	CHECK_LAYOUT(text, false, false,
	    HEAD "ahci(0)@4:0 net0@0:5:0 xhci@0:6:0");
}

/* §3.10 (c2): the same without ahci_device_limit: "0:4:0,ahci-hd". */
ATF_TC_WITHOUT_HEAD(example_c2);
ATF_TC_BODY(example_c2, tc)
{
	CHECK_LAYOUT("loader=\"uefi\"\ngraphics=\"yes\"\n"
	    "xhci_mouse=\"yes\"\ncpu=2\nmemory=2G\n"
	    "network0_type=\"e1000\"\nnetwork0_switch=\"public\"\n"
	    "disk0_type=\"ahci-hd\"\ndisk0_name=\"disk0.img\"\n"
	    "utctime=\"no\"\ngraphics_port=\"5900\"\n", true, true,
	    HEAD "disk0@0:4:0 net0@0:5:0 fbuf@0:6:0 xhci@0:7:0 cd@3:0");
}

/* §3.5.7: graphics gives no fbuf without UEFI; xhci comes anyway. */
ATF_TC_WITHOUT_HEAD(fbuf_uefi_only);
ATF_TC_BODY(fbuf_uefi_only, tc)
{
	CHECK_LAYOUT("loader=\"bhyveload\"\ncpu=1\nmemory=1G\n" VBLK(0)
	    "graphics=\"yes\"\nxhci_mouse=\"yes\"\n", false, true,
	    HEAD "disk0@0:4:0 xhci@0:5:0");
}

/* Table after (d): uefi, limit 8 - one controller after the loop, "4:0". */
ATF_TC_WITHOUT_HEAD(table_d_uefi_8);
ATF_TC_BODY(table_d_uefi_8, tc)
{
	char	 text[2048];

	example_d(text, sizeof(text), "uefi", LIMIT(8), "");
	CHECK_LAYOUT(text, false, false,
	    HEAD "ahci(0,1,2,3)@4:0 net0@0:5:0");
	/* A second NIC is function 1 of the NIC slot. */
	example_d(text, sizeof(text), "uefi", LIMIT(8), NIC(1));
	CHECK_LAYOUT(text, false, false,
	    HEAD "ahci(0,1,2,3)@4:0 net0@0:5:0 net1@0:5:1");
}

/* Table after (d): uefi, limit 4 - filled in the loop, "0:4:0". */
ATF_TC_WITHOUT_HEAD(table_d_uefi_4);
ATF_TC_BODY(table_d_uefi_4, tc)
{
	char	 text[2048];

	example_d(text, sizeof(text), "uefi", LIMIT(4), "");
	CHECK_LAYOUT(text, false, false,
	    HEAD "ahci(0,1,2,3)@0:4:0 net0@0:5:0");
}

/* Table after (d): uefi, limit 2 - two controllers, NIC at 0:6:0. */
ATF_TC_WITHOUT_HEAD(table_d_uefi_2);
ATF_TC_BODY(table_d_uefi_2, tc)
{
	char	 text[2048];

	example_d(text, sizeof(text), "uefi", LIMIT(2), "");
	CHECK_LAYOUT(text, false, false,
	    HEAD "ahci(0,1)@0:4:0 ahci(2,3)@0:5:0 net0@0:6:0");
}

/* Table after (d): uefi, limit 1 (absent) - one slot per disk. */
ATF_TC_WITHOUT_HEAD(table_d_uefi_1);
ATF_TC_BODY(table_d_uefi_1, tc)
{
	char	 text[2048];

	example_d(text, sizeof(text), "uefi", "", "");
	CHECK_LAYOUT(text, false, false, HEAD "disk0@0:4:0 disk1@0:5:0 "
	    "disk2@0:6:0 disk3@0:7:0 net0@0:8:0");
	/* An invalid limit is 1 as well. */
	example_d(text, sizeof(text), "uefi", LIMIT(1), "");
	CHECK_LAYOUT(text, false, false, HEAD "disk0@0:4:0 disk1@0:5:0 "
	    "disk2@0:6:0 disk3@0:7:0 net0@0:8:0");
}

/* Table after (d): bhyveload, limit 8 - "4:0", NIC at 0:5:0. */
ATF_TC_WITHOUT_HEAD(table_d_bhyveload_8);
ATF_TC_BODY(table_d_bhyveload_8, tc)
{
	char	 text[2048];

	example_d(text, sizeof(text), "bhyveload", LIMIT(8), "");
	CHECK_LAYOUT(text, false, false,
	    HEAD "ahci(0,1,2,3)@4:0 net0@0:5:0");
}

/* Table after (d): bhyveload, limit 2 - controllers at 0:4:0 and 0:4:1. */
ATF_TC_WITHOUT_HEAD(table_d_bhyveload_2);
ATF_TC_BODY(table_d_bhyveload_2, tc)
{
	char	 text[2048];

	example_d(text, sizeof(text), "bhyveload", LIMIT(2), "");
	CHECK_LAYOUT(text, false, false,
	    HEAD "ahci(0,1)@0:4:0 ahci(2,3)@0:4:1 net0@0:5:0");
}

/* Table after (d): bhyveload, limit 1 - disks are functions of slot 4. */
ATF_TC_WITHOUT_HEAD(table_d_bhyveload_1);
ATF_TC_BODY(table_d_bhyveload_1, tc)
{
	char	 text[2048];

	example_d(text, sizeof(text), "bhyveload", "", "");
	CHECK_LAYOUT(text, false, false, HEAD "disk0@0:4:0 disk1@0:4:1 "
	    "disk2@0:4:2 disk3@0:4:3 net0@0:5:0");
}

/* §3.4: a partial ahci controller lands after later non-ahci disks. */
ATF_TC_WITHOUT_HEAD(ahci_mixed);
ATF_TC_BODY(ahci_mixed, tc)
{
	static const char disks[] = "ahci_device_limit=\"8\"\n"
	    "disk0_type=\"ahci-hd\"\ndisk0_name=\"disk0.img\"\n"
	    "disk1_type=\"virtio-blk\"\ndisk1_name=\"disk1.img\"\n"
	    "disk2_type=\"ahci-cd\"\ndisk2_name=\"/x.iso\"\n"
	    "disk2_dev=\"custom\"\n" NIC(0);
	char	 text[1024];

	snprintf(text, sizeof(text), "loader=\"uefi\"\ncpu=1\nmemory=1G\n%s",
	    disks);
	CHECK_LAYOUT(text, false, false,
	    HEAD "disk1@0:4:0 ahci(0,2)@5:0 net0@0:6:0");
	snprintf(text, sizeof(text), "loader=\"bhyveload\"\ncpu=1\n"
	    "memory=1G\n%s", disks);
	CHECK_LAYOUT(text, false, false,
	    HEAD "disk1@0:4:0 ahci(0,2)@4:1 net0@0:5:0");
}

/* More than 8 non-UEFI disks: after function 7 comes the next slot. */
ATF_TC_WITHOUT_HEAD(disks_nine_functions);
ATF_TC_BODY(disks_nine_functions, tc)
{
	CHECK_LAYOUT("loader=\"bhyveload\"\ncpu=1\nmemory=1G\n"
	    VBLK(0) VBLK(1) VBLK(2) VBLK(3) VBLK(4) VBLK(5) VBLK(6) VBLK(7)
	    VBLK(8) NIC(0), false, false,
	    HEAD "disk0@0:4:0 disk1@0:4:1 disk2@0:4:2 disk3@0:4:3 "
	    "disk4@0:4:4 disk5@0:4:5 disk6@0:4:6 disk7@0:4:7 disk8@0:5:0 "
	    "net0@0:6:0");
}

/* §3.4: NICs are functions of one slot, 8 to a slot, in both modes. */
ATF_TC_WITHOUT_HEAD(nics_functions);
ATF_TC_BODY(nics_functions, tc)
{
	CHECK_LAYOUT("loader=\"uefi\"\ncpu=1\nmemory=1G\n" VBLK(0)
	    NIC(0) NIC(1) NIC(2) NIC(3) NIC(4) NIC(5) NIC(6) NIC(7) NIC(8)
	    "virt_random=\"yes\"\n", false, false,
	    HEAD "disk0@0:4:0 net0@0:5:0 net1@0:5:1 net2@0:5:2 net3@0:5:3 "
	    "net4@0:5:4 net5@0:5:5 net6@0:5:6 net7@0:5:7 net8@0:6:0 "
	    "rnd@0:7:0");
	/* Exactly 8: the next device takes the next slot. */
	CHECK_LAYOUT("loader=\"bhyveload\"\ncpu=1\nmemory=1G\n" VBLK(0)
	    NIC(0) NIC(1) NIC(2) NIC(3) NIC(4) NIC(5) NIC(6) NIC(7)
	    "virt_random=\"yes\"\n", false, false,
	    HEAD "disk0@0:4:0 net0@0:5:0 net1@0:5:1 net2@0:5:2 net3@0:5:3 "
	    "net4@0:5:4 net5@0:5:5 net6@0:5:6 net7@0:5:7 rnd@0:6:0");
}

/* A NIC with no switch is placed after those with one; none moves. */
ATF_TC_WITHOUT_HEAD(nic_without_switch_last);
ATF_TC_BODY(nic_without_switch_last, tc)
{
	CHECK_LAYOUT("loader=\"uefi\"\ncpu=1\nmemory=1G\n" VBLK(0)
	    "network0_type=\"virtio-net\"\n" NIC(1) NIC(2)
	    "virt_random=\"yes\"\n", false, false,
	    HEAD "disk0@0:4:0 net1@0:5:0 net2@0:5:1 net0@0:5:2 rnd@0:6:0");
}

/* §3.4 quirk: passthru devices on one host bus share a guest slot. */
ATF_TC_WITHOUT_HEAD(passthru_by_host_bus);
ATF_TC_BODY(passthru_by_host_bus, tc)
{
	CHECK_LAYOUT("loader=\"uefi\"\ncpu=1\nmemory=1G\n" VBLK(0)
	    "passthru0=\"0/20/0\"\npassthru1=\"0/31/3\"\n"
	    "xhci_mouse=\"yes\"\n", false, false,
	    HEAD "disk0@0:4:0 pt0@0:5:0 pt1@0:5:1 xhci@0:6:0");
}

/* §3.10 (e): 2/0/0, 2/0/1, 3/0/0 -> 8:0, 8:1, 9:0; forced ones stay put. */
ATF_TC_WITHOUT_HEAD(passthru_example_e);
ATF_TC_BODY(passthru_example_e, tc)
{
	static const char base[] = "loader=\"uefi-csm\"\ncpu=4\nmemory=8G\n"
	    "disk0_type=\"nvme\"\ndisk0_name=\"disk0\"\ndisk0_dev=\"custom\"\n"
	    "disk1_type=\"virtio-blk\"\ndisk1_name=\"/dev/ada1\"\n"
	    "disk1_dev=\"custom\"\n" NIC(0) NIC(1) "virt_random=\"yes\"\n"
	    "passthru0=\"2/0/0\"\npassthru1=\"2/0/1\"\n"
	    "passthru1_options=\"rom=/vm/x.rom\"\npassthru2=\"3/0/0\"\n"
	    "xhci_mouse=\"yes\"\n";
	char	 text[2048];

	CHECK_LAYOUT(base, false, false,
	    HEAD "disk0@0:4:0 disk1@0:5:0 net0@0:6:0 net1@0:6:1 rnd@0:7:0 "
	    "pt0@0:8:0 pt1@0:8:1 pt2@0:9:0 xhci@0:10:0");
	/* A forced address takes no slot from the allocator. */
	snprintf(text, sizeof(text), "%spassthru3=\"5/0/0=12:0\"\n", base);
	CHECK_LAYOUT(text, false, false,
	    HEAD "disk0@0:4:0 disk1@0:5:0 net0@0:6:0 net1@0:6:1 rnd@0:7:0 "
	    "pt0@0:8:0 pt1@0:8:1 pt2@0:9:0 pt3@0:12:0 xhci@0:10:0");
}

/* A forced passthru address on an allocated one is refused, naming both. */
ATF_TC_WITHOUT_HEAD(passthru_forced_collision);
ATF_TC_BODY(passthru_forced_collision, tc)
{
	CHECK_REFUSED("loader=\"uefi\"\ncpu=1\nmemory=1G\n" VBLK(0) VBLK(1)
	    NIC(0) "virt_random=\"yes\"\n"
	    "passthru0=\"2/0/0\"\npassthru1=\"2/0/1\"\npassthru2=\"3/0/0\"\n"
	    "passthru3=\"5/0/0=9:0\"\n", false,
	    "passthru2 (3/0/0) and passthru3 (5/0/0)", "PCI 0:9:0");
}

/* Nine passthru devices from one host bus cannot share a slot. */
ATF_TC_WITHOUT_HEAD(passthru_too_many_functions);
ATF_TC_BODY(passthru_too_many_functions, tc)
{
	CHECK_REFUSED("loader=\"uefi\"\ncpu=1\nmemory=1G\n"
	    "passthru0=\"4/0/0\"\npassthru1=\"4/0/1\"\npassthru2=\"4/0/2\"\n"
	    "passthru3=\"4/0/3\"\npassthru4=\"4/0/4\"\npassthru5=\"4/0/5\"\n"
	    "passthru6=\"4/0/6\"\npassthru7=\"4/0/7\"\npassthru8=\"4/1/0\"\n",
	    false, "passthru8", "host bus 4");
}

/* §3.4 "Bus 1 / -Y": 29 UEFI disks spill onto bus 1, and -Y is needed. */
ATF_TC_WITHOUT_HEAD(bus1);
ATF_TC_BODY(bus1, tc)
{
	char	 text[8192], want[8192];
	size_t	 off, woff;
	int	 i;

	off = (size_t)snprintf(text, sizeof(text),
	    "loader=\"uefi\"\ncpu=1\nmemory=1G\n" NIC(0)
	    "virt_random=\"yes\"\n");
	woff = (size_t)snprintf(want, sizeof(want), HEAD);
	for (i = 0; i < 29; i++) {
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "disk%d_type=\"virtio-blk\"\ndisk%d_name=\"d%d.img\"\n",
		    i, i, i);
		if (i < 27)
			woff += (size_t)snprintf(want + woff,
			    sizeof(want) - woff, "disk%d@0:%d:0 ", i, i + 4);
	}
	snprintf(want + woff, sizeof(want) - woff, "disk27@1:0:0 "
	    "disk28@1:1:0 net0@1:2:0 rnd@1:3:0");
	CHECK_LAYOUT_Y(text, false, false, want);
}

/* 26 UEFI disks fill bus 0 to slot 29; the NIC still fits at 0:30:0. */
ATF_TC_WITHOUT_HEAD(bus0_full);
ATF_TC_BODY(bus0_full, tc)
{
	char	 text[8192], want[8192];
	size_t	 off, woff;
	int	 i;

	off = (size_t)snprintf(text, sizeof(text),
	    "loader=\"uefi\"\ncpu=1\nmemory=1G\n" NIC(0));
	woff = (size_t)snprintf(want, sizeof(want), HEAD);
	for (i = 0; i < 26; i++) {
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "disk%d_type=\"virtio-blk\"\ndisk%d_name=\"d%d.img\"\n",
		    i, i, i);
		woff += (size_t)snprintf(want + woff, sizeof(want) - woff,
		    "disk%d@0:%d:0 ", i, i + 4);
	}
	snprintf(want + woff, sizeof(want) - woff, "net0@0:30:0");
	CHECK_LAYOUT(text, false, false, want);
}

/* start_slot=3 puts disk0 where the install CD goes: refused, naming both. */
ATF_TC_WITHOUT_HEAD(install_collision);
ATF_TC_BODY(install_collision, tc)
{
	static const char text[] = "loader=\"uefi\"\ncpu=1\nmemory=1G\n"
	    "start_slot=\"3\"\n" VBLK(0);

	CHECK_REFUSED(text, true, "disk0 (virtio-blk) and the install CD",
	    "PCI 0:3:0");
	/* Without an install CD the same guest is fine. */
	CHECK_LAYOUT(text, false, false, HEAD "disk0@0:3:0");
	/* install_slot moves the CD out of the way. */
	CHECK_LAYOUT("loader=\"uefi\"\ncpu=1\nmemory=1G\nstart_slot=\"3\"\n"
	    "install_slot=\"20\"\n" VBLK(0), true, false,
	    HEAD "disk0@0:3:0 cd@20:0");
}

/* A pinned disk moves nothing else, and unpinned devices skip its slot. */
ATF_TC_WITHOUT_HEAD(pin_disk);
ATF_TC_BODY(pin_disk, tc)
{
	/* Without the pinned disk. */
	CHECK_LAYOUT("loader=\"uefi\"\ncpu=1\nmemory=1G\n"
	    VBLK(0) VBLK(1) VBLK(2) NIC(0) "virt_random=\"yes\"\n",
	    false, false,
	    HEAD "disk0@0:4:0 disk1@0:5:0 disk2@0:6:0 net0@0:7:0 rnd@0:8:0");
	/* Adding disk3 at slot 7: disks 0-2 stay, the NIC steps over 7. */
	CHECK_LAYOUT("loader=\"uefi\"\ncpu=1\nmemory=1G\n"
	    VBLK(0) VBLK(1) VBLK(2) VBLK(3) "disk3_slot=\"7\"\n" NIC(0)
	    "virt_random=\"yes\"\n", false, false,
	    HEAD "disk0@0:4:0 disk1@0:5:0 disk2@0:6:0 disk3@0:7:0 "
	    "net0@0:8:0 rnd@0:9:0");
	/* Pinning disk0 elsewhere: the rest close up as if it were absent. */
	CHECK_LAYOUT("loader=\"uefi\"\ncpu=1\nmemory=1G\n"
	    VBLK(0) "disk0_slot=\"0:20:0\"\n" VBLK(1) VBLK(2) NIC(0), false,
	    false,
	    HEAD "disk0@0:20:0 disk1@0:4:0 disk2@0:5:0 net0@0:6:0");
}

/* A pinned slot is skipped by non-UEFI disk functions too. */
ATF_TC_WITHOUT_HEAD(pin_nic_reserves_slot);
ATF_TC_BODY(pin_nic_reserves_slot, tc)
{
	CHECK_LAYOUT("loader=\"bhyveload\"\ncpu=1\nmemory=1G\n"
	    VBLK(0) VBLK(1) NIC(0) "network0_slot=\"4\"\n" NIC(1), false,
	    false,
	    HEAD "disk0@0:5:0 disk1@0:5:1 net0@0:4:0 net1@0:6:0");
}

/* Two pins on one address are refused, naming both devices. */
ATF_TC_WITHOUT_HEAD(pin_collision);
ATF_TC_BODY(pin_collision, tc)
{
	CHECK_REFUSED("loader=\"uefi\"\ncpu=1\nmemory=1G\n"
	    VBLK(0) "disk0_slot=\"7\"\n" NIC(0) "network0_slot=\"0:7:0\"\n",
	    false, "disk0 (virtio-blk) and network0 (virtio-net)",
	    "PCI 0:7:0");
	/* A pin on the LPC bridge's slot. */
	CHECK_REFUSED("loader=\"uefi\"\ncpu=1\nmemory=1G\n"
	    VBLK(0) "disk0_slot=\"31\"\n", false,
	    "the LPC bridge and disk0 (virtio-blk)", "PCI 0:31:0");
}

/* A pin at function 1 with nothing at function 0 is a warning. */
ATF_TC_WITHOUT_HEAD(pin_without_function0);
ATF_TC_BODY(pin_without_function0, tc)
{
	struct slot_opts so = { .so_install = false, .so_fbuf = false };
	struct diag	*d;
	struct slots	*s;
	struct vm	*vm;
	char		*got;

	vm = build("loader=\"uefi\"\ncpu=1\nmemory=1G\n" VBLK(0)
	    "disk0_slot=\"9:1\"\n" NIC(0));
	d = diag_new("vm1", CONF_PATH);
	s = slots_assign(vm, &so, d);
	ATF_REQUIRE(s != NULL);
	got = render(vm, s);
	ATF_CHECK_STREQ(HEAD "disk0@0:9:1 net0@0:4:0", got);
	free(got);
	ATF_REQUIRE_EQ(1, d->d_n);
	ATF_CHECK_EQ(DIAG_WARN, d->d_v[0].de_level);
	ATF_CHECK(strstr(d->d_v[0].de_text, "disk0 (virtio-blk) is at PCI "
	    "0:9:1 but nothing is at function 0") != NULL);
	slots_free(s);
	diag_free(d);
	vm_free(vm);
}

/* Device order: vm-bhyve's -s order, hyve's shares next, install last. */
ATF_TC_WITHOUT_HEAD(device_order);
ATF_TC_BODY(device_order, tc)
{
	CHECK_LAYOUT("loader=\"uefi\"\ncpu=1\nmemory=1G\n"
	    "share0_name=\"data\"\nshare0_path=\"/srv\"\n"
	    "virt_console0=\"yes\"\nsound=\"yes\"\nxhci_mouse=\"yes\"\n"
	    "graphics=\"yes\"\npassthru0=\"2/0/0\"\nvirt_random=\"yes\"\n"
	    NIC(0) VBLK(0), true, true,
	    HEAD "disk0@0:4:0 net0@0:5:0 rnd@0:6:0 pt0@0:7:0 fbuf@0:8:0 "
	    "xhci@0:9:0 hda@0:10:0 con@0:11:0 share0@0:12:0 cd@3:0");
}

/* hostbridge="none" leaves slot 0 out; shares can be pinned. */
ATF_TC_WITHOUT_HEAD(hostbridge_none_and_share_pin);
ATF_TC_BODY(hostbridge_none_and_share_pin, tc)
{
	CHECK_LAYOUT("loader=\"uefi\"\ncpu=1\nmemory=1G\nhostbridge=\"no\"\n"
	    VBLK(0) "share0_name=\"a\"\nshare0_path=\"/a\"\n"
	    "share0_slot=\"5\"\nshare1_name=\"b\"\nshare1_path=\"/b\"\n",
	    false, false, "lpc@31 disk0@0:4:0 share0@0:5:0 share1@0:6:0");
}

/* slots_describe names devices the way the error messages do. */
ATF_TC_WITHOUT_HEAD(describe);
ATF_TC_BODY(describe, tc)
{
	struct slot_opts so = { .so_install = true, .so_fbuf = false };
	struct diag	*d;
	struct slots	*s;
	struct vm	*vm;
	char		*t;

	vm = build("loader=\"uefi\"\ncpu=1\nmemory=1G\n"
	    "ahci_device_limit=\"4\"\n"
	    "disk0_type=\"ahci-hd\"\ndisk0_name=\"a\"\n"
	    "disk1_type=\"ahci-cd\"\ndisk1_name=\"b\"\n"
	    "network0_type=\"e1000\"\nnetwork0_switch=\"public\"\n");
	d = diag_new("vm1", CONF_PATH);
	s = slots_assign(vm, &so, d);
	ATF_REQUIRE(s != NULL);
	ATF_REQUIRE_EQ(5, s->s_n);
	t = slots_describe(vm, &s->s_v[0]);
	ATF_CHECK_STREQ("the host bridge", t);
	free(t);
	t = slots_describe(vm, &s->s_v[2]);
	ATF_CHECK_STREQ("the ahci controller of disk0, disk1", t);
	free(t);
	t = slots_describe(vm, &s->s_v[3]);
	ATF_CHECK_STREQ("network0 (e1000)", t);
	free(t);
	t = slots_describe(vm, &s->s_v[4]);
	ATF_CHECK_STREQ("the install CD (install_slot)", t);
	free(t);
	t = slots_addrstr(&s->s_v[4]);
	ATF_CHECK_STREQ("3:0", t);
	free(t);
	slots_free(s);
	diag_free(d);
	vm_free(vm);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, example_a);
	ATF_TP_ADD_TC(tp, example_b);
	ATF_TP_ADD_TC(tp, example_c1);
	ATF_TP_ADD_TC(tp, example_c2);
	ATF_TP_ADD_TC(tp, fbuf_uefi_only);
	ATF_TP_ADD_TC(tp, table_d_uefi_8);
	ATF_TP_ADD_TC(tp, table_d_uefi_4);
	ATF_TP_ADD_TC(tp, table_d_uefi_2);
	ATF_TP_ADD_TC(tp, table_d_uefi_1);
	ATF_TP_ADD_TC(tp, table_d_bhyveload_8);
	ATF_TP_ADD_TC(tp, table_d_bhyveload_2);
	ATF_TP_ADD_TC(tp, table_d_bhyveload_1);
	ATF_TP_ADD_TC(tp, ahci_mixed);
	ATF_TP_ADD_TC(tp, disks_nine_functions);
	ATF_TP_ADD_TC(tp, nics_functions);
	ATF_TP_ADD_TC(tp, nic_without_switch_last);
	ATF_TP_ADD_TC(tp, passthru_by_host_bus);
	ATF_TP_ADD_TC(tp, passthru_example_e);
	ATF_TP_ADD_TC(tp, passthru_forced_collision);
	ATF_TP_ADD_TC(tp, passthru_too_many_functions);
	ATF_TP_ADD_TC(tp, bus1);
	ATF_TP_ADD_TC(tp, bus0_full);
	ATF_TP_ADD_TC(tp, install_collision);
	ATF_TP_ADD_TC(tp, pin_disk);
	ATF_TP_ADD_TC(tp, pin_nic_reserves_slot);
	ATF_TP_ADD_TC(tp, pin_collision);
	ATF_TP_ADD_TC(tp, pin_without_function0);
	ATF_TP_ADD_TC(tp, device_order);
	ATF_TP_ADD_TC(tp, hostbridge_none_and_share_pin);
	ATF_TP_ADD_TC(tp, describe);
	return (atf_no_error());
}

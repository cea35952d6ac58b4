/*
 * equiv_test - the bhyve argv and the bhyve_config(5) file hyve writes
 * for a guest describe the same machine.
 *
 * For each guest below, hyve's full argv and its "bhyve -k FILE
 * [bhyve_options]" command are both read by the fake host's strict
 * model of bhyve's option and config-file parsers (tests/fake/bcfg.c)
 * into bhyve's config tree; after expansion and normalisation the two
 * trees must be equal, key for key.  Between them the guests use every
 * device and option hyve can emit.
 */
#include "compat.h"

#include <atf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "bcfg.h"
#include "bhyve.h"
#include "buf.h"
#include "conf.h"
#include "diag.h"
#include "model.h"
#include "net.h"
#include "slots.h"
#include "sysconf.h"
#include "xmalloc.h"

static const char eq_sysconf[] =
    "switch_list=\"public vsw ngsw man\"\n"
    "type_vsw=\"vale\"\ntype_ngsw=\"netgraph\"\n"
    "type_man=\"manual\"\nbridge_man=\"bridge5\"\n";

struct eq_opts {
	const char	*eo_iso;
	bool		 eo_foreground;
};

/*
 * Build the guest from text, produce both forms, parse them with bcfg
 * and compare.  keys lists keys that must exist in the trees, so a
 * comparison of two empty trees cannot pass.
 */
static void
eq_check(const char *text, const struct eq_opts *eo, const char *const *keys)
{
	struct model_env	 env;
	struct bhyve_run	 run;
	struct slot_opts	 so;
	struct sysconf		 sc;
	struct bcfg		*ta, *tb;
	struct conf		*c;
	struct diag		*d;
	struct vm		*vm;
	struct slots		*s;
	struct argv		*a, *k;
	char			*cfg, *cause = NULL, **backends, *coms[5];
	char			 path[] = "/tmp/equiv.XXXXXX", err[512];
	FILE			*fp;
	int			 fd, i, status;

	c = conf_parse("/vm/eq/eq.conf", text, strlen(text), &cause);
	ATF_REQUIRE(c != NULL);
	sc.sc_conf = conf_parse("system.conf", eq_sysconf,
	    strlen(eq_sysconf), &cause);
	memset(&env, 0, sizeof(env));
	env.me_name = "eq";
	env.me_dspath = "/vm";
	env.me_vmdir = "/vm";
	env.me_dataset = "tank/vm";
	env.me_sysconf = &sc;
	env.me_fwdir = "/fw";
	d = diag_new("eq", c->c_path);
	vm = model_load(c, &env, d);
	if (d->d_nerrors > 0)
		diag_print(d, stderr);
	ATF_REQUIRE_EQ(0, d->d_nerrors);

	memset(&run, 0, sizeof(run));
	backends = net_planbackends(vm);
	run.br_backends = backends;
	for (i = 0; i < vm->vm_ncomports; i++)
		xasprintf(&coms[i], "/dev/nmdm-eq.%dA", i + 1);
	run.br_comdevs = coms;
	run.br_vncport = 5900;
	run.br_boot = 1;
	run.br_iso = eo != NULL ? eo->eo_iso : NULL;
	run.br_foreground = eo != NULL && eo->eo_foreground;
	run.br_tpmsock = "/var/run/hyve/eq/swtpm.sock";
	bhyve_slotopts(vm, &run, &so);
	s = slots_assign(vm, &so, d);
	if (s == NULL)
		diag_print(d, stderr);
	ATF_REQUIRE(s != NULL);

	/* The argv, as bhyve would parse it. */
	a = bhyve_argv(vm, s, &run);
	ta = bcfg_new();
	if (bcfg_parse_argv(ta, (int)a->a_n - 1, a->a_v + 1, &status, err,
	    sizeof(err)) == -1)
		atf_tc_fail("argv refused (status %d): %s", status, err);

	/* The config file and "bhyve -k FILE [options]". */
	cfg = bhyve_config(vm, s, &run);
	ATF_REQUIRE((fd = mkstemp(path)) != -1);
	ATF_REQUIRE((fp = fdopen(fd, "w")) != NULL);
	fputs(cfg, fp);
	fclose(fp);
	k = bhyve_kargv(vm, path);
	tb = bcfg_new();
	if (bcfg_parse_argv(tb, (int)k->a_n - 1, k->a_v + 1, &status, err,
	    sizeof(err)) == -1)
		atf_tc_fail("config file refused (status %d): %s\n%s", status,
		    err, cfg);
	unlink(path);

	ATF_REQUIRE(bcfg_expand(ta, err, sizeof(err)) == 0);
	ATF_REQUIRE(bcfg_expand(tb, err, sizeof(err)) == 0);
	for (i = 0; keys[i] != NULL; i++) {
		if (bcfg_get(ta, keys[i]) == NULL)
			atf_tc_fail("argv tree lacks %s", keys[i]);
		if (bcfg_get(tb, keys[i]) == NULL)
			atf_tc_fail("config tree lacks %s", keys[i]);
	}
	bcfg_normalize(ta);
	bcfg_normalize(tb);
	if (!bcfg_equal(ta, tb, stderr))
		atf_tc_fail("argv and config file differ (see stderr; "
		    "- argv, + config)");

	bcfg_free(ta);
	bcfg_free(tb);
	argv_free(a);
	argv_free(k);
	free(cfg);
	slots_free(s);
	for (i = 0; i < vm->vm_ncomports; i++)
		free(coms[i]);
	net_freebackends(backends, vm->vm_nnics);
	vm_free(vm);
	diag_free(d);
	conf_free(sc.sc_conf);
	conf_free(c);
}

#define GUEST_BASE \
	"cpu=2\nmemory=1G\nuuid=\"5d3c1a2b-7e4f-4a10-9b8c-112233445566\"\n"

/* A bhyveload guest: virtio-blk, virtio-net on a tap, COM1. */
ATF_TC_WITHOUT_HEAD(bhyveload_basic);
ATF_TC_BODY(bhyveload_basic, tc)
{
	static const char *const keys[] = { "pci.0.4.0.path",
	    "pci.0.5.0.backend", "lpc.com1.path", "uuid", NULL };

	eq_check("loader=\"bhyveload\"\n" GUEST_BASE
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"disk0.img\"\n"
	    "network0_type=\"virtio-net\"\nnetwork0_switch=\"public\"\n"
	    "network0_mac=\"58:9c:fc:0a:1b:2c\"\n", NULL, keys);
}

/*
 * UEFI with everything: AMD host bridge, fwcfg, vars, NVMe on a zvol,
 * block options, NICs on tap/vale/netgraph/manual, e1000, virtio-rnd,
 * passthru (grouped and forced, with options), framebuffer with every
 * option, xhci, hda, virtio-console ports, two COM ports, wired memory,
 * ignore_msr, CPU topology and bhyve_options.
 */
ATF_TC_WITHOUT_HEAD(uefi_everything);
ATF_TC_BODY(uefi_everything, tc)
{
	static const char *const keys[] = { "pci.0.0.0.device",
	    "pci.0.4.0.sectorsize", "pci.0.6.1.backend", "pci.0.6.2.peerhook",
	    "pci.0.7.0.device", "pci.0.8.1.rom", "pci.0.14.0.bus",
	    "pci.0.10.0.password", "pci.0.11.0.slot.1.device",
	    "pci.0.12.0.rec", "pci.0.13.0.port.2.path", "lpc.com2.path",
	    "lpc.fwcfg", "memory.wired", "vcpu.1.cpuset", NULL };

	eq_check("loader=\"uefi-csm\"\ncpu=4\ncpu_sockets=1\ncpu_cores=2\n"
	    "cpu_threads=2\nmemory=8G\nwired_memory=\"yes\"\n"
	    "ignore_msr=\"yes\"\nuefi_vars=\"yes\"\nhostbridge=\"amd\"\n"
	    "fwcfg=\"qemu\"\ncomports=\"com1 com2\"\n"
	    "bhyve_options=\"-p 0:1 -p 1:2\"\n"
	    "uuid=\"9e1e7a2c-55aa-4c1b-8f00-0123456789ab\"\n"
	    "disk0_type=\"nvme\"\ndisk0_dev=\"sparse-zvol\"\n"
	    "disk0_name=\"disk0\"\ndisk0_opts=\"sectorsize=4096\"\n"
	    "disk1_type=\"virtio-blk\"\ndisk1_dev=\"custom\"\n"
	    "disk1_name=\"/dev/ada1\"\ndisk1_opts=\"nocache,direct\"\n"
	    "network0_type=\"virtio-net\"\nnetwork0_switch=\"public\"\n"
	    "network0_name=\"web0\"\nnetwork0_mac=\"58:9c:fc:00:00:01\"\n"
	    "network1_type=\"virtio-net\"\nnetwork1_switch=\"vsw\"\n"
	    "network1_mac=\"58:9c:fc:00:00:02\"\n"
	    "network2_type=\"virtio-net\"\nnetwork2_switch=\"ngsw\"\n"
	    "network2_mac=\"58:9c:fc:00:00:03\"\n"
	    "network3_type=\"e1000\"\nnetwork3_switch=\"public\"\n"
	    "network3_device=\"tap99\"\nnetwork3_mac=\"58:9c:fc:00:00:04\"\n"
	    "network4_type=\"virtio-net\"\nnetwork4_switch=\"man\"\n"
	    "network4_mac=\"58:9c:fc:00:00:05\"\n"
	    "virt_random=\"yes\"\npassthru0=\"2/0/0\"\npassthru1=\"2/0/1\"\n"
	    "passthru1_options=\"rom=/vm/x.rom\"\npassthru2=\"3/0/0\"\n"
	    "passthru3=\"5/0/0=14:0\"\ngraphics=\"yes\"\n"
	    "graphics_listen=\"127.0.0.1\"\ngraphics_res=\"1920x1080\"\n"
	    "graphics_vga=\"off\"\nvnc_password=\"secret\"\n"
	    "graphics_wait=\"yes\"\nxhci_mouse=\"yes\"\nsound=\"yes\"\n"
	    "sound_rec=\"/dev/dsp1\"\n"
	    "virt_console0=\"org.freenas.bhyve-agent\"\nvirt_console1=\"yes\"\n"
	    "virt_console2=\"on\"\n", NULL, keys);
}

/* ahci controllers holding several ports, with per-port options. */
ATF_TC_WITHOUT_HEAD(ahci_multi);
ATF_TC_BODY(ahci_multi, tc)
{
	static const char *const keys[] = { "pci.0.4.0.port.3.path",
	    "pci.0.4.0.port.3.ro", "pci.0.4.0.port.1.nocache", NULL };
	static const char *const keys2[] = { "pci.0.4.0.port.1.path",
	    "pci.0.4.1.port.1.type", NULL };

	eq_check("loader=\"uefi\"\n" GUEST_BASE
	    "ahci_device_limit=\"8\"\n"
	    "disk0_type=\"ahci-hd\"\ndisk0_name=\"d0.img\"\n"
	    "disk1_type=\"ahci-hd\"\ndisk1_name=\"d1.img\"\n"
	    "disk1_opts=\"nocache\"\n"
	    "disk2_type=\"ahci-hd\"\ndisk2_name=\"d2.img\"\n"
	    "disk3_type=\"ahci-cd\"\ndisk3_name=\"/iso/x.iso\"\n"
	    "disk3_dev=\"custom\"\ndisk3_opts=\"ro\"\n", NULL, keys);
	eq_check("loader=\"bhyveload\"\n" GUEST_BASE
	    "ahci_device_limit=\"2\"\n"
	    "disk0_type=\"ahci-hd\"\ndisk0_name=\"d0.img\"\n"
	    "disk1_type=\"ahci-hd\"\ndisk1_name=\"d1.img\"\n"
	    "disk2_type=\"ahci-hd\"\ndisk2_name=\"d2.img\"\n"
	    "disk3_type=\"ahci-cd\"\ndisk3_name=\"d3.iso\"\n", NULL, keys2);
}

/* Single-port ahci aliases, virtio-scsi and a virtio-9p disk. */
ATF_TC_WITHOUT_HEAD(disk_kinds);
ATF_TC_BODY(disk_kinds, tc)
{
	static const char *const keys[] = { "pci.0.4.0.port.0.type",
	    "pci.0.5.0.port.0.type", "pci.0.6.0.dev", "pci.0.7.0.sharename",
	    NULL };

	eq_check("loader=\"uefi\"\n" GUEST_BASE
	    "disk0_type=\"ahci-hd\"\ndisk0_name=\"d0.img\"\n"
	    "disk1_type=\"ahci-cd\"\ndisk1_name=\"/iso/a.iso\"\n"
	    "disk1_dev=\"custom\"\n"
	    "disk2_type=\"virtio-scsi\"\ndisk2_name=\"/dev/cam/ctl\"\n"
	    "disk2_dev=\"custom\"\n"
	    "disk3_type=\"virtio-9p\"\ndisk3_name=\"data=/srv/data\"\n"
	    "disk3_dev=\"9p\"\n", NULL, keys);
}

/* No host bridge, hyve's shares, pins and TPM (swtpm). */
ATF_TC_WITHOUT_HEAD(hyve_devices);
ATF_TC_BODY(hyve_devices, tc)
{
	static const char *const keys[] = { "pci.0.5.0.sharename",
	    "pci.0.9.0.ro", "tpm.type", "tpm.path", "vcpu.0.cpuset", NULL };

	eq_check("loader=\"uefi\"\n" GUEST_BASE "hostbridge=\"none\"\n"
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"d0.img\"\n"
	    "share0_name=\"data\"\nshare0_path=\"/srv/data\"\n"
	    "share1_name=\"ro\"\nshare1_path=\"/srv/ro\"\nshare1_ro=\"yes\"\n"
	    "share1_slot=\"9\"\ncpu_pin=\"0:2 1:3 1:4\"\ntpm=\"swtpm\"\n",
	    NULL, keys);
}

/* A passthru TPM, and options given as bhyve_options. */
ATF_TC_WITHOUT_HEAD(tpm_passthru);
ATF_TC_BODY(tpm_passthru, tc)
{
	static const char *const keys[] = { "tpm.type", "tpm.version",
	    "x86.x2apic", NULL };

	eq_check("loader=\"uefi\"\n" GUEST_BASE
	    "disk0_type=\"nvme\"\ndisk0_name=\"d0.img\"\n"
	    "tpm=\"passthru\"\ntpm_path=\"/dev/tpm0\"\n"
	    "bhyve_options=\"-x -W\"\n", NULL, keys);
}

/* Install mode: the ISO (and a non-ISO image) at install_slot. */
ATF_TC_WITHOUT_HEAD(install);
ATF_TC_BODY(install, tc)
{
	static const char *const keys[] = { "pci.0.3.0.port.0.path",
	    "pci.0.3.0.port.0.ro", "pci.0.3.0.port.0.bootindex", NULL };
	static const char *const keys2[] = { "pci.0.3.0.port.0.type", NULL };
	struct eq_opts	 eo = { "/vm/.iso/fbsd.iso", false };

	eq_check("loader=\"uefi\"\n" GUEST_BASE
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"d0.img\"\n"
	    "graphics=\"yes\"\n", &eo, keys);
	eo.eo_iso = "/vm/.img/disk.raw";
	eq_check("loader=\"bhyveload\"\n" GUEST_BASE
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"d0.img\"\n", &eo, keys2);
}

/* nulliso_fix: the empty CD at install_slot. */
ATF_TC_WITHOUT_HEAD(nulliso);
ATF_TC_BODY(nulliso, tc)
{
	static const char *const keys[] = { "pci.0.3.0.port.0.path", NULL };

	eq_check("loader=\"uefi\"\n" GUEST_BASE "nulliso_fix=\"yes\"\n"
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"d0.img\"\n", NULL, keys);
}

/* 29 disks push later devices to bus 1, which adds -Y. */
ATF_TC_WITHOUT_HEAD(bus1);
ATF_TC_BODY(bus1, tc)
{
	static const char *const keys[] = { "pci.1.0.0.path",
	    "pci.1.2.0.backend", "x86.mptable", NULL };
	struct buf	*b;
	char		*text;
	int		 i;

	b = buf_new();
	buf_adds(b, "loader=\"uefi\"\n" GUEST_BASE);
	for (i = 0; i < 29; i++)
		buf_addf(b, "disk%d_type=\"virtio-blk\"\n"
		    "disk%d_name=\"d%d.img\"\n", i, i, i);
	buf_adds(b, "network0_type=\"virtio-net\"\n"
	    "network0_switch=\"public\"\n");
	text = buf_take(b);
	eq_check(text, NULL, keys);
	free(text);
}

/* Foreground: COM1 on stdio; no UTC clock; memory in plain MiB. */
ATF_TC_WITHOUT_HEAD(foreground);
ATF_TC_BODY(foreground, tc)
{
	static const char *const keys[] = { "lpc.com1.path", "lpc.com2.path",
	    "memory.size", NULL };
	struct eq_opts	 eo = { NULL, true };

	eq_check("loader=\"uefi\"\ncpu=1\nmemory=2048\nutctime=\"no\"\n"
	    "comports=\"com1 com2\"\n"
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"d0.img\"\n", &eo, keys);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, bhyveload_basic);
	ATF_TP_ADD_TC(tp, uefi_everything);
	ATF_TP_ADD_TC(tp, ahci_multi);
	ATF_TP_ADD_TC(tp, disk_kinds);
	ATF_TP_ADD_TC(tp, hyve_devices);
	ATF_TP_ADD_TC(tp, tpm_passthru);
	ATF_TP_ADD_TC(tp, install);
	ATF_TP_ADD_TC(tp, nulliso);
	ATF_TP_ADD_TC(tp, bus1);
	ATF_TP_ADD_TC(tp, foreground);
	return (atf_no_error());
}

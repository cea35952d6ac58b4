/*
 * bhyve_test.c - lib/bhyve.c against vm-bhyve's observed command lines.
 *
 * Each guest is built by hand as model_load() would leave it, for the
 * worked examples of vm-bhyve-compat.md §3.10; the expected texts are
 * copied from there byte for byte (argv[0] is set to the bare names the
 * examples show).  The configuration file checks follow
 * bhyve-reference.md §2.
 */
#include "compat.h"

#include <atf-c.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "bhyve.h"
#include "diag.h"
#include "model.h"
#include "paths.h"
#include "slots.h"
#include "xmalloc.h"

#define FW	"/usr/local/share/uefi-firmware/"

/* The facts of one boot, with storage for the per-device arrays. */
struct t_run {
	struct bhyve_run	 tr_run;
	char			*tr_backends[VM_MAXNICS];
	char			*tr_comdevs[VM_MAXCOMPORTS];
};

/* Point argv[0] of each tool at the bare name the examples print. */
static void
t_paths(void)
{
	ATF_REQUIRE(paths_set("path_bhyve", "bhyve") == 0);
	ATF_REQUIRE(paths_set("path_bhyveload", "bhyveload") == 0);
}

/* A guest as model_load() leaves a template-made one, in /vm/NAME. */
static struct vm *
t_vm(const char *name, const char *loader, const char *memory)
{
	struct vm	*vm;

	vm = xcalloc(1, sizeof(*vm));
	vm->vm_name = xstrdup(name);
	xasprintf(&vm->vm_dir, "/vm/%s", name);
	vm->vm_dspath = xstrdup("/vm");
	vm->vm_vmdir = xstrdup("/vm");
	vm->vm_loaderstr = xstrdup(loader);
	if (strcmp(loader, "bhyveload") == 0)
		vm->vm_loader = LOADER_BHYVELOAD;
	else if (strcmp(loader, "grub") == 0)
		vm->vm_loader = LOADER_GRUB;
	else {
		vm->vm_loader = LOADER_UEFI;
		vm->vm_bootrom = xstrdup(strcmp(loader, "uefi-csm") == 0 ?
		    FW "BHYVE_UEFI_CSM.fd" : FW "BHYVE_UEFI.fd");
	}
	vm->vm_loader_timeout = xstrdup("3");
	vm->vm_cpus = 1;
	vm->vm_memory = xstrdup(memory);
	vm->vm_comports[vm->vm_ncomports++] = xstrdup("com1");
	vm->vm_utctime = true;
	vm->vm_start_slot = 4;
	vm->vm_install_slot = 3;
	vm->vm_ahci_limit = 1;
	vm->vm_graphics_listen = xstrdup("0.0.0.0");
	vm->vm_graphics_wait = xstrdup("auto");
	vm->vm_sound_play = xstrdup("/dev/dsp0");
	vm->vm_tpm_version = xstrdup("2.0");
	return (vm);
}

/* Add a disk at path, of the given type and diskN_dev. */
static struct vm_disk *
t_diskat(struct vm *vm, const char *type, const char *name,
    enum disk_dev dev, const char *path)
{
	struct vm_disk	*dk;

	dk = &vm->vm_disks[vm->vm_ndisks];
	dk->dk_index = vm->vm_ndisks++;
	dk->dk_type = xstrdup(type);
	dk->dk_name = xstrdup(name);
	dk->dk_dev = dev;
	dk->dk_path = xstrdup(path);
	return (dk);
}

/* Add a file disk GDIR/name. */
static struct vm_disk *
t_disk(struct vm *vm, const char *type, const char *name)
{
	struct vm_disk	*dk;
	char		*path;

	xasprintf(&path, "%s/%s", vm->vm_dir, name);
	dk = t_diskat(vm, type, name, DISK_FILE, path);
	free(path);
	return (dk);
}

/* Add a NIC on the standard switch "public". */
static void
t_nic(struct vm *vm, const char *type, const char *mac)
{
	struct vm_nic	*ni;

	ni = &vm->vm_nics[vm->vm_nnics];
	ni->ni_index = vm->vm_nnics++;
	ni->ni_type = xstrdup(type);
	ni->ni_switch = xstrdup("public");
	ni->ni_swtype = SWITCH_STANDARD;
	ni->ni_mac = xstrdup(mac);
}

/* Add a passthru device. */
static void
t_passthru(struct vm *vm, const char *host, const char *opts)
{
	struct vm_passthru	*pt;

	pt = &vm->vm_passthru[vm->vm_npassthru];
	pt->pt_index = vm->vm_npassthru++;
	pt->pt_host = xstrdup(host);
	if (opts != NULL)
		pt->pt_opts = xstrdup(opts);
}

/* Replace a string field. */
static void
t_set(char **field, const char *value)
{
	free(*field);
	*field = value == NULL ? NULL : xstrdup(value);
}

/* First boot: taps tap0.., nmdm devices as vm-bhyve names them. */
static void
t_run(struct t_run *tr, const struct vm *vm, const char *iso)
{
	int	 i;

	memset(tr, 0, sizeof(*tr));
	for (i = 0; i < vm->vm_nnics; i++)
		xasprintf(&tr->tr_backends[i], "tap%d", i);
	for (i = 0; i < vm->vm_ncomports; i++)
		xasprintf(&tr->tr_comdevs[i], "/dev/nmdm-%s.%dA", vm->vm_name,
		    i + 1);
	tr->tr_run.br_backends = tr->tr_backends;
	tr->tr_run.br_comdevs = tr->tr_comdevs;
	tr->tr_run.br_iso = iso;
	tr->tr_run.br_boot = 1;
}

/* Free what t_run() allocated. */
static void
t_run_free(struct t_run *tr)
{
	int	 i;

	for (i = 0; i < VM_MAXNICS; i++)
		free(tr->tr_backends[i]);
	for (i = 0; i < VM_MAXCOMPORTS; i++)
		free(tr->tr_comdevs[i]);
}

/* Set NIC i's backend word. */
static void
t_backend(struct t_run *tr, int i, const char *backend)
{
	t_set(&tr->tr_backends[i], backend);
}

/* Assign slots for this boot; the machine must be valid. */
static struct slots *
t_slots(const struct vm *vm, const struct bhyve_run *br)
{
	struct slot_opts	 so;
	struct diag		*d;
	struct slots		*s;

	bhyve_slotopts(vm, br, &so);
	d = diag_new(vm->vm_name, NULL);
	s = slots_assign(vm, &so, d);
	if (d->d_n > 0)
		diag_print(d, stderr);
	ATF_REQUIRE(s != NULL);
	diag_free(d);
	return (s);
}

/* The bhyve command line as one string. */
static char *
t_argv(const struct vm *vm, const struct bhyve_run *br)
{
	struct slots	*s;
	struct argv	*a;
	char		*str;

	s = t_slots(vm, br);
	a = bhyve_argv(vm, s, br);
	str = argv_string(a);
	argv_free(a);
	slots_free(s);
	return (str);
}

/* Only the device words after "-s 0,hostbridge -s 31,lpc". */
static char *
t_devices(const struct vm *vm, const struct bhyve_run *br)
{
	struct slots	*s;
	struct argv	*a, *devs;
	char		*str;
	size_t		 i;

	s = t_slots(vm, br);
	a = bhyve_argv(vm, s, br);
	devs = argv_new();
	for (i = 1; i + 1 < a->a_n; i++)
		if (strcmp(a->a_v[i], "-s") == 0 &&
		    strcmp(a->a_v[i + 1], "0,hostbridge") != 0 &&
		    strcmp(a->a_v[i + 1], "31,lpc") != 0)
			argv_add(devs, a->a_v[i + 1]);
	str = argv_string(devs);
	argv_free(devs);
	argv_free(a);
	slots_free(s);
	return (str);
}

/*
 * Check that a config text is one bhyve's file parser accepts: every
 * line a comment or KEY=VALUE with a non-empty value, and no key both a
 * value and a node (a prefix of another key followed by '.').
 */
static void
t_tree(const char *cfg)
{
	char		**keys = NULL;
	const char	 *p, *nl, *eq;
	size_t		  nkeys = 0, i, j, len;

	for (p = cfg; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		ATF_REQUIRE_MSG(nl != NULL, "unterminated line: %s", p);
		if (*p == '#')
			continue;
		eq = memchr(p, '=', (size_t)(nl - p));
		ATF_REQUIRE_MSG(eq != NULL && eq > p && eq + 1 < nl,
		    "bad line: %.*s", (int)(nl - p), p);
		keys = xreallocarray(keys, nkeys + 1, sizeof(*keys));
		keys[nkeys++] = xstrndup(p, (size_t)(eq - p));
	}
	for (i = 0; i < nkeys; i++)
		for (j = 0; j < nkeys; j++) {
			len = strlen(keys[i]);
			ATF_CHECK_MSG(strncmp(keys[i], keys[j], len) != 0 ||
			    keys[j][len] != '.', "%s is a value and a node "
			    "(%s)", keys[i], keys[j]);
		}
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
}

/* The bhyve_config(5) text, checked for well-formedness. */
static char *
t_config(const struct vm *vm, const struct bhyve_run *br)
{
	struct slots	*s;
	char		*cfg;

	s = t_slots(vm, br);
	cfg = bhyve_config(vm, s, br);
	slots_free(s);
	t_tree(cfg);
	return (cfg);
}

/* Does the config text hold this exact line? */
static bool
t_hasline(const char *cfg, const char *line)
{
	const char	*p;
	size_t		 len;

	len = strlen(line);
	for (p = cfg; (p = strstr(p, line)) != NULL; p++)
		if ((p == cfg || p[-1] == '\n') && p[len] == '\n')
			return (true);
	return (false);
}

#define T_HASLINE(cfg, line) \
	ATF_CHECK_MSG(t_hasline((cfg), (line)), "missing line %s in\n%s", \
	    (line), (cfg))
#define T_NOLINE(cfg, line) \
	ATF_CHECK_MSG(!t_hasline((cfg), (line)), "unexpected line %s in\n%s", \
	    (line), (cfg))

/* The loader argv as one string. */
static char *
t_loaderstr(const struct bhyve_loader *bl)
{
	return (argv_string(bl->bl_argv));
}

/* Example (a): the default FreeBSD template. */
static struct vm *
t_vm_a(void)
{
	struct vm	*vm;

	vm = t_vm("fbsd", "bhyveload", "256M");
	t_nic(vm, "virtio-net", "58:9c:fc:0a:1b:2c");
	t_disk(vm, "virtio-blk", "disk0.img");
	vm->vm_uuid = xstrdup("5d3c1a2b-7e4f-4a10-9b8c-112233445566");
	return (vm);
}

/* (a): bhyve argv and bhyveload argv, byte for byte. */
ATF_TC_WITHOUT_HEAD(example_a);
ATF_TC_BODY(example_a, tc)
{
	static const char want[] =
	    "bhyve"
	    " -s 0,hostbridge"
	    " -s 31,lpc"
	    " -s 0:4:0,virtio-blk,/vm/fbsd/disk0.img"
	    " -s 0:5:0,virtio-net,tap0,mac=58:9c:fc:0a:1b:2c"
	    " -c 1"
	    " -m 256M"
	    " -AHPw"
	    " -U 5d3c1a2b-7e4f-4a10-9b8c-112233445566"
	    " -u"
	    " -l com1,/dev/nmdm-fbsd.1A"
	    " fbsd";
	static const char loader[] =
	    "bhyveload -c /dev/nmdm-fbsd.1A -m 256M"
	    " -e smbios.system.uuid=5d3c1a2b-7e4f-4a10-9b8c-112233445566"
	    " -e autoboot_delay=3 -e bhyve_vm_name=fbsd"
	    " -d /vm/fbsd/disk0.img fbsd";
	struct bhyve_loader	*bl;
	struct t_run		 tr;
	struct vm		*vm;
	char			*s;

	t_paths();
	vm = t_vm_a();
	t_run(&tr, vm, NULL);
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_STREQ(want, s);
	free(s);
	bl = bhyve_loader(vm, &tr.tr_run);
	ATF_REQUIRE(bl != NULL);
	s = t_loaderstr(bl);
	ATF_CHECK_STREQ(loader, s);
	free(s);
	ATF_CHECK(bl->bl_devmap == NULL && bl->bl_grubcfg == NULL);
	bhyve_loader_free(bl);
	t_run_free(&tr);
	vm_free(vm);
}

/* (a) as a config file, whole, and its -k command line. */
ATF_TC_WITHOUT_HEAD(example_a_config);
ATF_TC_BODY(example_a_config, tc)
{
	static const char want[] =
	    "# fbsd: generated by hyve; do not edit\n"
	    "name=fbsd\n"
	    "cpus=1\n"
	    "memory.size=256M\n"
	    "acpi_tables=true\n"
	    "x86.vmexit_on_hlt=true\n"
	    "x86.vmexit_on_pause=true\n"
	    "x86.strictmsr=false\n"
	    "uuid=5d3c1a2b-7e4f-4a10-9b8c-112233445566\n"
	    "rtc.use_localtime=false\n"
	    "lpc.com1.path=/dev/nmdm-fbsd.1A\n"
	    "pci.0.0.0.device=hostbridge\n"
	    "pci.0.4.0.device=virtio-blk\n"
	    "pci.0.4.0.path=/vm/fbsd/disk0.img\n"
	    "pci.0.5.0.device=virtio-net\n"
	    "pci.0.5.0.backend=tap0\n"
	    "pci.0.5.0.mac=58:9c:fc:0a:1b:2c\n"
	    "pci.0.31.0.device=lpc\n";
	struct argv	*a;
	struct t_run	 tr;
	struct vm	*vm;
	char		*s;

	t_paths();
	vm = t_vm_a();
	t_run(&tr, vm, NULL);
	s = t_config(vm, &tr.tr_run);
	ATF_CHECK_STREQ(want, s);
	free(s);

	a = bhyve_kargv(vm, "/var/run/hyve/fbsd.conf");
	s = argv_string(a);
	ATF_CHECK_STREQ("bhyve -k /var/run/hyve/fbsd.conf", s);
	free(s);
	argv_free(a);
	t_run_free(&tr);
	vm_free(vm);
}

/* Example (b): a grub guest with two disks. */
static struct vm *
t_vm_b(void)
{
	struct vm	*vm;

	vm = t_vm("deb", "grub", "1G");
	vm->vm_cpus = 2;
	t_nic(vm, "virtio-net", "58:9c:fc:01:23:45");
	t_disk(vm, "virtio-blk", "disk0.img");
	t_disk(vm, "virtio-blk", "disk1.img");
	vm->vm_uuid = xstrdup("8a1f0c9e-3b2d-4c5e-8f70-aabbccddeeff");
	return (vm);
}

/* (b): grub install, device.map, then the reboot onto the disk. */
ATF_TC_WITHOUT_HEAD(example_b);
ATF_TC_BODY(example_b, tc)
{
	static const char want[] =
	    "bhyve"
	    " -s 0,hostbridge"
	    " -s 31,lpc"
	    " -s 0:4:0,virtio-blk,/vm/deb/disk0.img"
	    " -s 0:4:1,virtio-blk,/vm/deb/disk1.img"
	    " -s 0:5:0,virtio-net,tap0,mac=58:9c:fc:01:23:45"
	    " -c 2"
	    " -m 1G"
	    " -AHPw"
	    " -U 8a1f0c9e-3b2d-4c5e-8f70-aabbccddeeff"
	    " -u"
	    " -s 3:0,ahci-cd,/vm/.iso/debian-12.iso,ro,bootindex=1"
	    " -l com1,/dev/nmdm-deb.1A"
	    " deb";
	static const char devmap[] =
	    "(cd0) /vm/.iso/debian-12.iso\n"
	    "(hd0) /vm/deb/disk0.img\n"
	    "(hd1) /vm/deb/disk1.img\n";
	struct bhyve_loader	*bl;
	struct t_run		 tr;
	struct vm		*vm;
	char			*s;

	t_paths();
	vm = t_vm_b();
	t_run(&tr, vm, "/vm/.iso/debian-12.iso");
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_STREQ(want, s);
	free(s);

	bl = bhyve_loader(vm, &tr.tr_run);
	ATF_REQUIRE(bl != NULL);
	s = t_loaderstr(bl);
	ATF_CHECK_STREQ("/usr/local/sbin/grub-bhyve -c /dev/nmdm-deb.1A "
	    "-m /vm/deb/device.map -M 1G -r cd0 deb", s);
	free(s);
	ATF_CHECK_STREQ(devmap, bl->bl_devmap);
	ATF_CHECK_STREQ("/vm/deb/device.map", bl->bl_devmap_path);
	ATF_CHECK_STREQ("/vm/deb/grub.cfg", bl->bl_grubcfg_path);
	ATF_CHECK(bl->bl_grubcfg == NULL);
	bhyve_loader_free(bl);

	/* After the installer reboots: boot from the disk. */
	tr.tr_run.br_iso = NULL;
	tr.tr_run.br_boot = 2;
	bl = bhyve_loader(vm, &tr.tr_run);
	ATF_REQUIRE(bl != NULL);
	s = t_loaderstr(bl);
	ATF_CHECK_STREQ("/usr/local/sbin/grub-bhyve -c /dev/nmdm-deb.1A "
	    "-m /vm/deb/device.map -M 1G -r hd0,1 deb", s);
	free(s);
	ATF_CHECK_STREQ("(hd0) /vm/deb/disk0.img\n(hd1) /vm/deb/disk1.img\n",
	    bl->bl_devmap);
	bhyve_loader_free(bl);
	t_run_free(&tr);
	vm_free(vm);
}

/* (b) with grub_installN: grub.cfg and "-r host -d GDIR". */
ATF_TC_WITHOUT_HEAD(example_b_grubcfg);
ATF_TC_BODY(example_b_grubcfg, tc)
{
	static const char cfg[] =
	    "timeout=5\n"
	    "menuentry 'deb (bhyve install)' {\n"
	    "    root=cd0\n"
	    "    linux /install.amd/vmlinuz\n"
	    "    initrd /install.amd/initrd.gz\n"
	    "}\n";
	struct bhyve_loader	*bl;
	struct t_run		 tr;
	struct vm		*vm;
	char			*s;

	t_paths();
	vm = t_vm_b();
	vm->vm_grub_install[vm->vm_ngrub_install++] =
	    xstrdup("linux /install.amd/vmlinuz");
	vm->vm_grub_install[vm->vm_ngrub_install++] =
	    xstrdup("initrd /install.amd/initrd.gz");
	t_set(&vm->vm_loader_timeout, "5");
	t_run(&tr, vm, "/vm/.iso/debian-12.iso");
	bl = bhyve_loader(vm, &tr.tr_run);
	ATF_REQUIRE(bl != NULL);
	ATF_REQUIRE(bl->bl_grubcfg != NULL);
	ATF_CHECK_STREQ(cfg, bl->bl_grubcfg);
	s = t_loaderstr(bl);
	ATF_CHECK_STREQ("/usr/local/sbin/grub-bhyve -c /dev/nmdm-deb.1A "
	    "-m /vm/deb/device.map -M 1G -r host -d /vm/deb deb", s);
	free(s);
	bhyve_loader_free(bl);
	t_run_free(&tr);
	vm_free(vm);
}

/* grub run mode: partition, dir, file, no_partition, grub.cfg. */
ATF_TC_WITHOUT_HEAD(grub_run);
ATF_TC_BODY(grub_run, tc)
{
	struct bhyve_loader	*bl;
	struct t_run		 tr;
	struct vm		*vm;
	char			*s;

	t_paths();
	vm = t_vm_b();
	t_run(&tr, vm, NULL);

	/* grub_run_partition is used verbatim; dir and file follow. */
	vm->vm_grub_run_partition = xstrdup("msdos1");
	vm->vm_grub_run_dir = xstrdup("/boot/grub");
	vm->vm_grub_run_file = xstrdup("grub.cfg");
	bl = bhyve_loader(vm, &tr.tr_run);
	s = t_loaderstr(bl);
	ATF_CHECK_STREQ("/usr/local/sbin/grub-bhyve -c /dev/nmdm-deb.1A "
	    "-m /vm/deb/device.map -M 1G -r hd0,msdos1 -d /boot/grub "
	    "-g grub.cfg deb", s);
	free(s);
	bhyve_loader_free(bl);

	/* hyve honours grub_run_no_partition, which vm-bhyve ignores. */
	vm->vm_grub_run_no_partition = true;
	vm->vm_grub_run[vm->vm_ngrub_run++] = xstrdup("linux /vmlinuz");
	vm->vm_grub_run[vm->vm_ngrub_run++] = xstrdup("boot");
	bl = bhyve_loader(vm, &tr.tr_run);
	ATF_CHECK_STREQ("timeout=3\n"
	    "menuentry 'deb (bhyve run)' {\n"
	    "    root=hd0\n"
	    "    linux /vmlinuz\n"
	    "}\n", bl->bl_grubcfg);
	s = t_loaderstr(bl);
	ATF_CHECK_STREQ("/usr/local/sbin/grub-bhyve -c /dev/nmdm-deb.1A "
	    "-m /vm/deb/device.map -M 1G -r host -d /vm/deb deb", s);
	free(s);
	bhyve_loader_free(bl);
	t_run_free(&tr);
	vm_free(vm);
}

/* Example (c): Windows, UEFI, graphics, xhci, utctime=no. */
static struct vm *
t_vm_c(const char *name, int ahcilimit)
{
	struct vm	*vm;

	vm = t_vm(name, "uefi", "2G");
	vm->vm_graphics = true;
	vm->vm_xhci_mouse = true;
	vm->vm_cpus = 2;
	vm->vm_ahci_limit = ahcilimit;
	t_nic(vm, "e1000", "58:9c:fc:0d:ee:01");
	t_disk(vm, "ahci-hd", "disk0.img");
	vm->vm_utctime = false;
	vm->vm_graphics_port = 5900;
	vm->vm_uuid = xstrdup("c0ffee00-1234-4abc-9def-0123456789ab");
	return (vm);
}

/* (c1): ahci_device_limit=8; the second boot drops ",wait". */
ATF_TC_WITHOUT_HEAD(example_c1);
ATF_TC_BODY(example_c1, tc)
{
	static const char want[] =
	    "bhyve"
	    " -s 0,hostbridge"
	    " -s 31,lpc"
	    " -s 4:0,ahci,hd:/vm/win/disk0.img"
	    " -s 0:5:0,e1000,tap0,mac=58:9c:fc:0d:ee:01"
	    " -s 0:6:0,fbuf,tcp=0.0.0.0:5900,wait"
	    " -s 0:7:0,xhci,tablet"
	    " -c 2"
	    " -m 2G"
	    " -AHPw"
	    " -l bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI.fd"
	    " -U c0ffee00-1234-4abc-9def-0123456789ab"
	    " -s 3:0,ahci-cd,/vm/.iso/win10.iso,ro,bootindex=1"
	    " -l com1,/dev/nmdm-win.1A"
	    " win";
	struct t_run	 tr;
	struct vm	*vm;
	char		*s, *second;
	const char	*p;

	t_paths();
	vm = t_vm_c("win", 8);
	t_run(&tr, vm, "/vm/.iso/win10.iso");
	tr.tr_run.br_vncport = 5900;
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_STREQ(want, s);
	ATF_CHECK(bhyve_loader(vm, &tr.tr_run) == NULL);
	free(s);

	/* Second boot: the same, minus ",wait"; the CD stays. */
	tr.tr_run.br_boot = 2;
	s = t_argv(vm, &tr.tr_run);
	p = strstr(want, ",wait");
	ATF_REQUIRE(p != NULL);
	xasprintf(&second, "%.*s%s", (int)(p - want), want, p + 5);
	ATF_CHECK_STREQ(second, s);
	free(second);
	free(s);
	t_run_free(&tr);
	vm_free(vm);
}

/* (c2): no ahci_device_limit, so a plain ahci-hd. */
ATF_TC_WITHOUT_HEAD(example_c2);
ATF_TC_BODY(example_c2, tc)
{
	static const char want[] =
	    "bhyve"
	    " -s 0,hostbridge"
	    " -s 31,lpc"
	    " -s 0:4:0,ahci-hd,/vm/win2/disk0.img"
	    " -s 0:5:0,e1000,tap0,mac=58:9c:fc:0d:ee:01"
	    " -s 0:6:0,fbuf,tcp=0.0.0.0:5900,wait"
	    " -s 0:7:0,xhci,tablet"
	    " -c 2"
	    " -m 2G"
	    " -AHPw"
	    " -l bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI.fd"
	    " -U c0ffee00-1234-4abc-9def-0123456789ab"
	    " -s 3:0,ahci-cd,/vm/.iso/win10.iso,ro,bootindex=1"
	    " -l com1,/dev/nmdm-win2.1A"
	    " win2";
	struct t_run	 tr;
	struct vm	*vm;
	char		*s;

	t_paths();
	vm = t_vm_c("win2", 1);
	t_run(&tr, vm, "/vm/.iso/win10.iso");
	tr.tr_run.br_vncport = 5900;
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_STREQ(want, s);
	free(s);
	t_run_free(&tr);
	vm_free(vm);
}

/*
 * c1 and c2 give the guest the same controller; in the config file both
 * are the canonical ahci with port 0, and the install CD is an ahci
 * node too.
 */
ATF_TC_WITHOUT_HEAD(config_ahci);
ATF_TC_BODY(config_ahci, tc)
{
	static const char *const names[] = { "win", "win2" };
	static const int limits[] = { 8, 1 };
	struct t_run	 tr;
	struct vm	*vm;
	char		*cfg, *line;
	size_t		 i;

	t_paths();
	for (i = 0; i < nitems(names); i++) {
		vm = t_vm_c(names[i], limits[i]);
		t_run(&tr, vm, "/vm/.iso/win10.iso");
		tr.tr_run.br_vncport = 5900;
		cfg = t_config(vm, &tr.tr_run);
		T_HASLINE(cfg, "pci.0.4.0.device=ahci");
		T_HASLINE(cfg, "pci.0.4.0.port.0.type=hd");
		xasprintf(&line, "pci.0.4.0.port.0.path=/vm/%s/disk0.img",
		    names[i]);
		T_HASLINE(cfg, line);
		free(line);
		T_NOLINE(cfg, "pci.0.4.0.device=ahci-hd");
		T_HASLINE(cfg, "pci.0.3.0.device=ahci");
		T_HASLINE(cfg, "pci.0.3.0.port.0.type=cd");
		T_HASLINE(cfg, "pci.0.3.0.port.0.path=/vm/.iso/win10.iso");
		T_HASLINE(cfg, "pci.0.3.0.port.0.ro=true");
		T_HASLINE(cfg, "pci.0.3.0.port.0.bootindex=1");
		T_HASLINE(cfg, "pci.0.6.0.device=fbuf");
		T_HASLINE(cfg, "pci.0.6.0.tcp=0.0.0.0:5900");
		T_HASLINE(cfg, "pci.0.6.0.wait=true");
		T_HASLINE(cfg, "pci.0.7.0.slot.1.device=tablet");
		T_NOLINE(cfg, "rtc.use_localtime=false");
		free(cfg);
		t_run_free(&tr);
		vm_free(vm);
	}
}

/* Example (d): ahci_device_limit=8, three ahci-hd and one ahci-cd. */
static struct vm *
t_vm_d(const char *loader, int ahcilimit)
{
	struct vm	*vm;

	vm = t_vm("multi", loader, "4G");
	vm->vm_cpus = 2;
	vm->vm_ahci_limit = ahcilimit;
	t_disk(vm, "ahci-hd", "disk0.img");
	t_disk(vm, "ahci-hd", "disk1.img");
	t_disk(vm, "ahci-hd", "disk2.img");
	t_diskat(vm, "ahci-cd", "/vm/.iso/virtio-win.iso", DISK_CUSTOM,
	    "/vm/.iso/virtio-win.iso");
	t_nic(vm, "virtio-net", "58:9c:fc:0e:0f:10");
	vm->vm_uuid = xstrdup("11111111-2222-4333-8444-555555555555");
	return (vm);
}

/* (d): one controller for four disks, per-port options, NICs. */
ATF_TC_WITHOUT_HEAD(example_d);
ATF_TC_BODY(example_d, tc)
{
	static const char want[] =
	    "bhyve"
	    " -s 0,hostbridge"
	    " -s 31,lpc"
	    " -s 4:0,ahci,hd:/vm/multi/disk0.img,hd:/vm/multi/disk1.img,"
	    "hd:/vm/multi/disk2.img,cd:/vm/.iso/virtio-win.iso"
	    " -s 0:5:0,virtio-net,tap0,mac=58:9c:fc:0e:0f:10"
	    " -c 2"
	    " -m 4G"
	    " -AHPw"
	    " -l bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI.fd"
	    " -U 11111111-2222-4333-8444-555555555555"
	    " -u"
	    " -l com1,/dev/nmdm-multi.1A"
	    " multi";
	struct t_run	 tr;
	struct vm	*vm;
	char		*s, *cfg;

	t_paths();
	vm = t_vm_d("uefi", 8);
	t_run(&tr, vm, NULL);
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_STREQ(want, s);
	free(s);

	/* One controller, four ports, in disk order. */
	cfg = t_config(vm, &tr.tr_run);
	T_HASLINE(cfg, "pci.0.4.0.port.0.path=/vm/multi/disk0.img");
	T_HASLINE(cfg, "pci.0.4.0.port.2.type=hd");
	T_HASLINE(cfg, "pci.0.4.0.port.3.type=cd");
	T_HASLINE(cfg, "pci.0.4.0.port.3.path=/vm/.iso/virtio-win.iso");
	free(cfg);

	/* diskN_opts sit right after their port. */
	vm->vm_disks[3].dk_opts = xstrdup("ro");
	s = t_devices(vm, &tr.tr_run);
	ATF_CHECK_STREQ("4:0,ahci,hd:/vm/multi/disk0.img,"
	    "hd:/vm/multi/disk1.img,hd:/vm/multi/disk2.img,"
	    "cd:/vm/.iso/virtio-win.iso,ro "
	    "0:5:0,virtio-net,tap0,mac=58:9c:fc:0e:0f:10", s);
	free(s);
	cfg = t_config(vm, &tr.tr_run);
	T_HASLINE(cfg, "pci.0.4.0.port.3.ro=true");
	T_NOLINE(cfg, "pci.0.4.0.port.2.ro=true");
	free(cfg);

	/* A second NIC is the next function of the NIC slot. */
	t_nic(vm, "virtio-net", "58:9c:fc:0e:0f:11");
	t_run_free(&tr);
	t_run(&tr, vm, NULL);
	s = t_devices(vm, &tr.tr_run);
	ATF_CHECK_MSG(strstr(s, " 0:5:1,virtio-net,tap1,"
	    "mac=58:9c:fc:0e:0f:11") != NULL, "%s", s);
	free(s);
	t_run_free(&tr);
	vm_free(vm);
}

#define D0	"/vm/multi/disk0.img"
#define D1	"/vm/multi/disk1.img"
#define D2	"/vm/multi/disk2.img"
#define DISO	"/vm/.iso/virtio-win.iso"
#define DNIC	"virtio-net,tap0,mac=58:9c:fc:0e:0f:10"

/* (d): every row of the table of limits and loaders. */
ATF_TC_WITHOUT_HEAD(example_d_table);
ATF_TC_BODY(example_d_table, tc)
{
	static const struct {
		const char	*loader;
		int		 limit;
		const char	*want;
	} rows[] = {
		{ "uefi", 8, "4:0,ahci,hd:" D0 ",hd:" D1 ",hd:" D2 ",cd:"
		    DISO " 0:5:0," DNIC },
		{ "uefi", 4, "0:4:0,ahci,hd:" D0 ",hd:" D1 ",hd:" D2
		    ",cd:" DISO " 0:5:0," DNIC },
		{ "uefi", 2, "0:4:0,ahci,hd:" D0 ",hd:" D1
		    " 0:5:0,ahci,hd:" D2 ",cd:" DISO " 0:6:0," DNIC },
		{ "uefi", 1, "0:4:0,ahci-hd," D0 " 0:5:0,ahci-hd," D1
		    " 0:6:0,ahci-hd," D2 " 0:7:0,ahci-cd," DISO
		    " 0:8:0," DNIC },
		{ "bhyveload", 8, "4:0,ahci,hd:" D0 ",hd:" D1 ",hd:" D2
		    ",cd:" DISO " 0:5:0," DNIC },
		{ "bhyveload", 2, "0:4:0,ahci,hd:" D0 ",hd:" D1
		    " 0:4:1,ahci,hd:" D2 ",cd:" DISO " 0:5:0," DNIC },
		{ "bhyveload", 1, "0:4:0,ahci-hd," D0 " 0:4:1,ahci-hd," D1
		    " 0:4:2,ahci-hd," D2 " 0:4:3,ahci-cd," DISO
		    " 0:5:0," DNIC },
	};
	struct t_run	 tr;
	struct vm	*vm;
	char		*s;
	size_t		 i;

	t_paths();
	for (i = 0; i < nitems(rows); i++) {
		vm = t_vm_d(rows[i].loader, rows[i].limit);
		t_run(&tr, vm, NULL);
		s = t_devices(vm, &tr.tr_run);
		ATF_CHECK_STREQ_MSG(rows[i].want, s, "%s, limit %d",
		    rows[i].loader, rows[i].limit);
		free(s);
		free(t_config(vm, &tr.tr_run));
		t_run_free(&tr);
		vm_free(vm);
	}
}

/*
 * Example (e), everything at once.  One change from the observed
 * vector: the forced passthru 5/0/0 is at 20:0, not 9:0, because 9:0
 * also holds 3/0/0 there and hyve refuses two devices at one address.
 */
static struct vm *
t_vm_e(void)
{
	struct vm	*vm;

	vm = t_vm("full", "uefi-csm", "8G");
	vm->vm_cpus = 4;
	vm->vm_sockets = 1;
	vm->vm_cores = 2;
	vm->vm_threads = 2;
	vm->vm_wired = true;
	vm->vm_ignore_msr = true;
	vm->vm_uefi_vars = true;
	vm->vm_hostbridge = HOSTBRIDGE_AMD;
	vm->vm_fwcfg = xstrdup("qemu");
	vm->vm_comports[vm->vm_ncomports++] = xstrdup("com2");
	vm->vm_bhyve_options = xstrdup("-p 0:1 -p 1:2");
	t_diskat(vm, "nvme", "disk0", DISK_SPARSE_ZVOL,
	    "/dev/zvol/tank/vm/full/disk0")->dk_opts =
	    xstrdup("sectorsize=4096");
	t_diskat(vm, "virtio-blk", "/dev/ada1", DISK_CUSTOM,
	    "/dev/ada1")->dk_opts = xstrdup("nocache,direct");
	t_nic(vm, "virtio-net", "58:9c:fc:00:00:01");
	t_nic(vm, "virtio-net", "58:9c:fc:00:00:02");
	t_nic(vm, "virtio-net", "58:9c:fc:00:00:03");
	t_nic(vm, "e1000", "58:9c:fc:00:00:04");
	t_nic(vm, "virtio-net", "58:9c:fc:00:00:05");
	vm->vm_virt_random = true;
	t_passthru(vm, "2/0/0", NULL);
	t_passthru(vm, "2/0/1", "rom=/vm/x.rom");
	t_passthru(vm, "3/0/0", NULL);
	t_passthru(vm, "5/0/0", NULL);
	vm->vm_passthru[3].pt_forced = true;
	vm->vm_passthru[3].pt_at.pa_bus = -1;
	vm->vm_passthru[3].pt_at.pa_slot = 20;
	vm->vm_graphics = true;
	t_set(&vm->vm_graphics_listen, "127.0.0.1");
	vm->vm_graphics_w = xstrdup("1920");
	vm->vm_graphics_h = xstrdup("1080");
	vm->vm_graphics_vga = xstrdup("off");
	vm->vm_vnc_password = xstrdup("secret");
	t_set(&vm->vm_graphics_wait, "yes");
	vm->vm_xhci_mouse = true;
	vm->vm_sound = true;
	vm->vm_sound_rec = xstrdup("/dev/dsp1");
	vm->vm_consoles[vm->vm_nconsoles++] =
	    xstrdup("org.freenas.bhyve-agent");
	vm->vm_consoles[vm->vm_nconsoles++] = xstrdup("1");
	vm->vm_consoles[vm->vm_nconsoles++] = xstrdup("2");
	vm->vm_uuid = xstrdup("uu");
	return (vm);
}

/* The backends of example (e)'s five NICs. */
static void
t_run_e(struct t_run *tr, const struct vm *vm)
{
	t_run(tr, vm, NULL);
	t_backend(tr, 0, "web0");
	t_backend(tr, 1, "vale05007:9c22a");
	t_backend(tr, 2, "netgraph,path=ngsw:,peerhook=link4");
	t_backend(tr, 3, "tap99");
	t_backend(tr, 4, "tap0");
	tr->tr_run.br_vncport = 5902;
}

/*
 * (e): the argv with everything at once.  Unlike vm-bhyve, fwcfg is set
 * with -o lpc.fwcfg (vm-bhyve's lpc device option is ignored by bhyve).
 */
ATF_TC_WITHOUT_HEAD(example_e);
ATF_TC_BODY(example_e, tc)
{
	static const char want[] =
	    "bhyve"
	    " -s 0,amd_hostbridge -s 31,lpc"
	    " -s 0:4:0,nvme,/dev/zvol/tank/vm/full/disk0,sectorsize=4096"
	    " -s 0:5:0,virtio-blk,/dev/ada1,nocache,direct"
	    " -s 0:6:0,virtio-net,web0,mac=58:9c:fc:00:00:01"
	    " -s 0:6:1,virtio-net,vale05007:9c22a,mac=58:9c:fc:00:00:02"
	    " -s 0:6:2,virtio-net,netgraph,path=ngsw:,peerhook=link4,"
	    "mac=58:9c:fc:00:00:03"
	    " -s 0:6:3,e1000,tap99,mac=58:9c:fc:00:00:04"
	    " -s 0:6:4,virtio-net,tap0,mac=58:9c:fc:00:00:05"
	    " -s 0:7:0,virtio-rnd"
	    " -s 0:8:0,passthru,2/0/0 -s 0:8:1,passthru,2/0/1,rom=/vm/x.rom"
	    " -s 0:9:0,passthru,3/0/0 -s 0:20:0,passthru,5/0/0"
	    " -s 0:10:0,fbuf,tcp=127.0.0.1:5902,w=1920,h=1080,vga=off,"
	    "password=secret,wait"
	    " -s 0:11:0,xhci,tablet"
	    " -s 0:12:0,hda,play=/dev/dsp0,rec=/dev/dsp1"
	    " -s 0:13:0,virtio-console,org.freenas.bhyve-agent="
	    "/vm/full/vtcon.org.freenas.bhyve-agent,1=/vm/full/vtcon.1,"
	    "2=/vm/full/vtcon.2"
	    " -c 4,sockets=1,cores=2,threads=2 -m 8G -AHPww"
	    " -l bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI_CSM.fd,"
	    "/vm/full/uefi-vars.fd -o lpc.fwcfg=qemu"
	    " -p 0:1 -p 1:2 -S -U uu -u -S"
	    " -l com1,/dev/nmdm-full.1A -l com2,/dev/nmdm-full.2A full";
	struct argv	*a;
	struct t_run	 tr;
	struct vm	*vm;
	char		*s;

	t_paths();
	vm = t_vm_e();
	t_run_e(&tr, vm);
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_STREQ(want, s);
	free(s);

	/* bhyve_options are not in the file; they follow -k. */
	a = bhyve_kargv(vm, "/var/run/hyve/full.conf");
	s = argv_string(a);
	ATF_CHECK_STREQ("bhyve -k /var/run/hyve/full.conf -p 0:1 -p 1:2", s);
	free(s);
	argv_free(a);
	t_run_free(&tr);
	vm_free(vm);
}

/* (e) as a config file, whole. */
ATF_TC_WITHOUT_HEAD(example_e_config);
ATF_TC_BODY(example_e_config, tc)
{
	static const char want[] =
	    "# full: generated by hyve; do not edit\n"
	    "name=full\n"
	    "cpus=4\n"
	    "sockets=1\n"
	    "cores=2\n"
	    "threads=2\n"
	    "memory.size=8G\n"
	    "acpi_tables=true\n"
	    "x86.vmexit_on_hlt=true\n"
	    "x86.vmexit_on_pause=true\n"
	    "x86.strictmsr=false\n"
	    "memory.wired=true\n"
	    "uuid=uu\n"
	    "rtc.use_localtime=false\n"
	    "lpc.bootrom=/usr/local/share/uefi-firmware/BHYVE_UEFI_CSM.fd\n"
	    "lpc.bootvars=/vm/full/uefi-vars.fd\n"
	    "lpc.fwcfg=qemu\n"
	    "lpc.com1.path=/dev/nmdm-full.1A\n"
	    "lpc.com2.path=/dev/nmdm-full.2A\n"
	    "pci.0.0.0.device=hostbridge\n"
	    "pci.0.0.0.vendor=0x1022\n"
	    "pci.0.0.0.devid=0x7432\n"
	    "pci.0.4.0.device=nvme\n"
	    "pci.0.4.0.path=/dev/zvol/tank/vm/full/disk0\n"
	    "pci.0.4.0.sectorsize=4096\n"
	    "pci.0.5.0.device=virtio-blk\n"
	    "pci.0.5.0.path=/dev/ada1\n"
	    "pci.0.5.0.nocache=true\n"
	    "pci.0.5.0.direct=true\n"
	    "pci.0.6.0.device=virtio-net\n"
	    "pci.0.6.0.backend=web0\n"
	    "pci.0.6.0.mac=58:9c:fc:00:00:01\n"
	    "pci.0.6.1.device=virtio-net\n"
	    "pci.0.6.1.backend=vale05007:9c22a\n"
	    "pci.0.6.1.mac=58:9c:fc:00:00:02\n"
	    "pci.0.6.2.device=virtio-net\n"
	    "pci.0.6.2.backend=netgraph\n"
	    "pci.0.6.2.path=ngsw:\n"
	    "pci.0.6.2.peerhook=link4\n"
	    "pci.0.6.2.mac=58:9c:fc:00:00:03\n"
	    "pci.0.6.3.device=e1000\n"
	    "pci.0.6.3.backend=tap99\n"
	    "pci.0.6.3.mac=58:9c:fc:00:00:04\n"
	    "pci.0.6.4.device=virtio-net\n"
	    "pci.0.6.4.backend=tap0\n"
	    "pci.0.6.4.mac=58:9c:fc:00:00:05\n"
	    "pci.0.7.0.device=virtio-rnd\n"
	    "pci.0.8.0.device=passthru\n"
	    "pci.0.8.0.bus=2\n"
	    "pci.0.8.0.slot=0\n"
	    "pci.0.8.0.func=0\n"
	    "pci.0.8.1.device=passthru\n"
	    "pci.0.8.1.bus=2\n"
	    "pci.0.8.1.slot=0\n"
	    "pci.0.8.1.func=1\n"
	    "pci.0.8.1.rom=/vm/x.rom\n"
	    "pci.0.9.0.device=passthru\n"
	    "pci.0.9.0.bus=3\n"
	    "pci.0.9.0.slot=0\n"
	    "pci.0.9.0.func=0\n"
	    "pci.0.10.0.device=fbuf\n"
	    "pci.0.10.0.tcp=127.0.0.1:5902\n"
	    "pci.0.10.0.w=1920\n"
	    "pci.0.10.0.h=1080\n"
	    "pci.0.10.0.vga=off\n"
	    "pci.0.10.0.password=secret\n"
	    "pci.0.10.0.wait=true\n"
	    "pci.0.11.0.device=xhci\n"
	    "pci.0.11.0.slot.1.device=tablet\n"
	    "pci.0.12.0.device=hda\n"
	    "pci.0.12.0.play=/dev/dsp0\n"
	    "pci.0.12.0.rec=/dev/dsp1\n"
	    "pci.0.13.0.device=virtio-console\n"
	    "pci.0.13.0.port.0.name=org.freenas.bhyve-agent\n"
	    "pci.0.13.0.port.0.path=/vm/full/vtcon.org.freenas.bhyve-agent\n"
	    "pci.0.13.0.port.1.name=1\n"
	    "pci.0.13.0.port.1.path=/vm/full/vtcon.1\n"
	    "pci.0.13.0.port.2.name=2\n"
	    "pci.0.13.0.port.2.path=/vm/full/vtcon.2\n"
	    "pci.0.20.0.device=passthru\n"
	    "pci.0.20.0.bus=5\n"
	    "pci.0.20.0.slot=0\n"
	    "pci.0.20.0.func=0\n"
	    "pci.0.31.0.device=lpc\n";
	struct t_run	 tr;
	struct vm	*vm;
	char		*s;

	t_paths();
	vm = t_vm_e();
	t_run_e(&tr, vm);
	s = t_config(vm, &tr.tr_run);
	ATF_CHECK_STREQ(want, s);
	free(s);
	t_run_free(&tr);
	vm_free(vm);
}

/*
 * A value holding '%' gets '%' and '\' escaped, and only they; a value
 * without '%' is literal to bhyve, backslashes included, so it is kept.
 */
ATF_TC_WITHOUT_HEAD(config_escape);
ATF_TC_BODY(config_escape, tc)
{
	struct t_run	 tr;
	struct vm	*vm;
	char		*cfg;

	t_paths();
	cfg = bhyve_cfgescape("a%b\\c%(name)");
	ATF_CHECK_STREQ("a\\%b\\\\c\\%(name)", cfg);
	free(cfg);
	cfg = bhyve_cfgescape("/vm/back\\slash.img");
	ATF_CHECK_STREQ("/vm/back\\slash.img", cfg);
	free(cfg);

	vm = t_vm("esc", "bhyveload", "1G");
	t_diskat(vm, "virtio-blk", "d", DISK_CUSTOM, "/vm/100%/d\\0.img");
	t_diskat(vm, "ahci-hd", "e", DISK_CUSTOM, "/vm/%(name)/e.img");
	t_run(&tr, vm, NULL);
	cfg = t_config(vm, &tr.tr_run);
	T_HASLINE(cfg, "pci.0.4.0.path=/vm/100\\%/d\\\\0.img");
	T_HASLINE(cfg, "pci.0.4.1.port.0.path=/vm/\\%(name)/e.img");
	free(cfg);
	t_run_free(&tr);
	vm_free(vm);
}

/* UEFI firmware goes to lpc.bootrom and lpc.bootvars. */
ATF_TC_WITHOUT_HEAD(config_bootrom);
ATF_TC_BODY(config_bootrom, tc)
{
	struct t_run	 tr;
	struct vm	*vm;
	char		*cfg;

	t_paths();
	vm = t_vm_c("win", 8);
	t_run(&tr, vm, NULL);
	cfg = t_config(vm, &tr.tr_run);
	T_HASLINE(cfg, "lpc.bootrom=" FW "BHYVE_UEFI.fd");
	ATF_CHECK(strstr(cfg, "bootvars") == NULL);
	ATF_CHECK(strstr(cfg, "\nbootrom=") == NULL);
	free(cfg);

	vm->vm_uefi_vars = true;
	cfg = t_config(vm, &tr.tr_run);
	T_HASLINE(cfg, "lpc.bootrom=" FW "BHYVE_UEFI.fd");
	T_HASLINE(cfg, "lpc.bootvars=/vm/win/uefi-vars.fd");
	free(cfg);
	t_run_free(&tr);
	vm_free(vm);
}

/* The VNC password is in the file; no VNC port, no fbuf. */
ATF_TC_WITHOUT_HEAD(config_fbuf_password);
ATF_TC_BODY(config_fbuf_password, tc)
{
	struct t_run	 tr;
	struct vm	*vm;
	char		*cfg;

	t_paths();
	vm = t_vm_c("win", 8);
	vm->vm_vnc_password = xstrdup("s3%cr\\t");
	t_set(&vm->vm_graphics_wait, "no");
	t_run(&tr, vm, NULL);
	tr.tr_run.br_vncport = 5901;
	cfg = t_config(vm, &tr.tr_run);
	T_HASLINE(cfg, "pci.0.6.0.tcp=0.0.0.0:5901");
	T_HASLINE(cfg, "pci.0.6.0.password=s3\\%cr\\\\t");
	ATF_CHECK(strstr(cfg, "wait") == NULL);
	free(cfg);

	/* No VNC port found: no framebuffer, xhci moves up. */
	tr.tr_run.br_vncport = 0;
	cfg = t_config(vm, &tr.tr_run);
	ATF_CHECK(strstr(cfg, "fbuf") == NULL);
	ATF_CHECK(strstr(cfg, "password") == NULL);
	T_HASLINE(cfg, "pci.0.6.0.device=xhci");
	free(cfg);
	t_run_free(&tr);
	vm_free(vm);
}

/* null.iso, a non-ISO install image, the ".iso$" regex. */
ATF_TC_WITHOUT_HEAD(install_devices);
ATF_TC_BODY(install_devices, tc)
{
	struct slot_opts so;
	struct t_run	 tr;
	struct vm	*vm;
	char		*s, *cfg;

	t_paths();
	vm = t_vm_d("uefi", 8);

	/* nulliso_fix: only for a loader written exactly "uefi". */
	vm->vm_nulliso_fix = true;
	t_run(&tr, vm, NULL);
	bhyve_slotopts(vm, &tr.tr_run, &so);
	ATF_CHECK(so.so_install);
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_MSG(strstr(s, " -u -s 3:0,ahci-cd,/vm/.config/null.iso "
	    "-l com1,") != NULL, "%s", s);
	free(s);
	cfg = t_config(vm, &tr.tr_run);
	T_HASLINE(cfg, "pci.0.3.0.port.0.path=/vm/.config/null.iso");
	ATF_CHECK(strstr(cfg, "pci.0.3.0.port.0.ro") == NULL);
	free(cfg);
	t_set(&vm->vm_loaderstr, "uefi-csm");
	bhyve_slotopts(vm, &tr.tr_run, &so);
	ATF_CHECK(!so.so_install);

	/* Not an ISO: a read-only disk; ".iso$" is a regex. */
	tr.tr_run.br_iso = "/vm/img/installer.img";
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_MSG(strstr(s, " -s 3:0,ahci-hd,/vm/img/installer.img,ro "
	    "-l") != NULL, "%s", s);
	free(s);
	tr.tr_run.br_iso = "/vm/img/WIN_ISO";
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_MSG(strstr(s, " -s 3:0,ahci-cd,/vm/img/WIN_ISO,ro,"
	    "bootindex=1 -l") != NULL, "%s", s);
	free(s);
	t_run_free(&tr);
	vm_free(vm);
}

/* A framebuffer needs UEFI, graphics and a VNC port. */
ATF_TC_WITHOUT_HEAD(slotopts_fbuf);
ATF_TC_BODY(slotopts_fbuf, tc)
{
	struct slot_opts so;
	struct t_run	 tr;
	struct vm	*vm;

	vm = t_vm_c("win", 8);
	t_run(&tr, vm, NULL);
	bhyve_slotopts(vm, &tr.tr_run, &so);
	ATF_CHECK(!so.so_fbuf && !so.so_install);
	tr.tr_run.br_vncport = 5900;
	bhyve_slotopts(vm, &tr.tr_run, &so);
	ATF_CHECK(so.so_fbuf);
	vm->vm_loader = LOADER_BHYVELOAD;
	bhyve_slotopts(vm, &tr.tr_run, &so);
	ATF_CHECK(!so.so_fbuf);
	t_run_free(&tr);
	vm_free(vm);
}

/* bhyveload: foreground, install, extras, 9p root, no COM port. */
ATF_TC_WITHOUT_HEAD(loader_variants);
ATF_TC_BODY(loader_variants, tc)
{
	struct bhyve_loader	*bl;
	struct t_run		 tr;
	struct vm		*vm;
	char			*s;

	t_paths();
	bhyve_loader_free(NULL);
	vm = t_vm_a();
	t_run(&tr, vm, NULL);

	/* Foreground: no console, com1 on stdio for bhyve. */
	tr.tr_run.br_foreground = true;
	bl = bhyve_loader(vm, &tr.tr_run);
	s = t_loaderstr(bl);
	ATF_CHECK_STREQ("bhyveload -m 256M"
	    " -e smbios.system.uuid=5d3c1a2b-7e4f-4a10-9b8c-112233445566"
	    " -e autoboot_delay=3 -e bhyve_vm_name=fbsd"
	    " -d /vm/fbsd/disk0.img fbsd", s);
	free(s);
	bhyve_loader_free(bl);
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_MSG(strstr(s, " -l com1,stdio fbsd") != NULL, "%s", s);
	free(s);
	tr.tr_run.br_foreground = false;

	/* Install ISO, wired memory, extra arguments, own loader. */
	tr.tr_run.br_iso = "/vm/.iso/FreeBSD-14.3-RELEASE-amd64-disc1.iso";
	vm->vm_wired = true;
	t_set(&vm->vm_uuid, NULL);
	vm->vm_bhyveload_args = xstrdup("-e  foo=1\t-e bar=2");
	vm->vm_bhyveload_loader = xstrdup("/boot/userboot.so");
	bl = bhyve_loader(vm, &tr.tr_run);
	s = t_loaderstr(bl);
	ATF_CHECK_STREQ("bhyveload -c /dev/nmdm-fbsd.1A -S -m 256M"
	    " -e autoboot_delay=3 -e bhyve_vm_name=fbsd -e foo=1 -e bar=2"
	    " -l /boot/userboot.so"
	    " -d /vm/.iso/FreeBSD-14.3-RELEASE-amd64-disc1.iso fbsd", s);
	free(s);
	bhyve_loader_free(bl);
	t_set(&vm->vm_bhyveload_args, NULL);
	t_set(&vm->vm_bhyveload_loader, NULL);
	vm->vm_wired = false;
	tr.tr_run.br_iso = NULL;

	/* A 9p root (vm-bhyve master). */
	vm->vm_disks[0].dk_dev = DISK_9P;
	t_set(&vm->vm_disks[0].dk_type, "virtio-9p");
	t_set(&vm->vm_disks[0].dk_name, "root=/vm/fbsd/root");
	t_set(&vm->vm_disks[0].dk_path, "root=/vm/fbsd/root");
	bl = bhyve_loader(vm, &tr.tr_run);
	s = t_loaderstr(bl);
	ATF_CHECK_STREQ("bhyveload -c /dev/nmdm-fbsd.1A -m 256M"
	    " -e autoboot_delay=3 -e bhyve_vm_name=fbsd"
	    " -h /vm/fbsd/root -e vfs.root.mountfrom=p9fs:root fbsd", s);
	free(s);
	bhyve_loader_free(bl);
	s = t_config(vm, &tr.tr_run);
	T_HASLINE(s, "pci.0.4.0.device=virtio-9p");
	T_HASLINE(s, "pci.0.4.0.sharename=root");
	T_HASLINE(s, "pci.0.4.0.path=/vm/fbsd/root");
	free(s);

	/* No COM port: no bare -c (a vm-bhyve bug hyve does not copy). */
	free(vm->vm_comports[0]);
	vm->vm_comports[0] = NULL;
	vm->vm_ncomports = 0;
	bl = bhyve_loader(vm, &tr.tr_run);
	s = t_loaderstr(bl);
	ATF_CHECK_MSG(strstr(s, "-c") == NULL, "%s", s);
	free(s);
	bhyve_loader_free(bl);
	s = t_config(vm, &tr.tr_run);
	ATF_CHECK(strstr(s, "lpc.") == NULL);
	free(s);
	t_run_free(&tr);
	vm_free(vm);
}

/* hyve's own: CPU pins, TPM, 9p shares, in argv and file. */
ATF_TC_WITHOUT_HEAD(pins_tpm_shares);
ATF_TC_BODY(pins_tpm_shares, tc)
{
	struct t_run	 tr;
	struct vm	*vm;
	char		*s;

	t_paths();
	vm = t_vm_c("win", 8);
	vm->vm_pins[vm->vm_npins++] = (struct vm_pin){ 0, 4 };
	vm->vm_pins[vm->vm_npins++] = (struct vm_pin){ 1, 5 };
	vm->vm_pins[vm->vm_npins++] = (struct vm_pin){ 0, 6 };
	vm->vm_tpm = TPM_SWTPM;
	vm->vm_shares[0].sh_index = 0;
	vm->vm_shares[0].sh_name = xstrdup("data");
	vm->vm_shares[0].sh_path = xstrdup("/srv/data");
	vm->vm_shares[0].sh_ro = true;
	vm->vm_nshares = 1;
	t_run(&tr, vm, NULL);
	tr.tr_run.br_tpmsock = "/var/run/hyve/win.swtpm";

	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_MSG(strstr(s, " -m 2G -p 0:4 -p 1:5 -p 0:6 -AHPw ") !=
	    NULL, "%s", s);
	ATF_CHECK_MSG(strstr(s, " -U c0ffee00-1234-4abc-9def-0123456789ab "
	    "-l tpm,swtpm,/var/run/hyve/win.swtpm -l com1,") != NULL, "%s",
	    s);
	ATF_CHECK_MSG(strstr(s, " -s 0:7:0,virtio-9p,data=/srv/data,ro ") !=
	    NULL, "%s", s);
	free(s);

	s = t_config(vm, &tr.tr_run);
	T_HASLINE(s, "vcpu.0.cpuset=4,6");
	T_HASLINE(s, "vcpu.1.cpuset=5");
	T_HASLINE(s, "tpm.type=swtpm");
	T_HASLINE(s, "tpm.path=/var/run/hyve/win.swtpm");
	T_HASLINE(s, "tpm.version=2.0");
	T_HASLINE(s, "pci.0.7.0.device=virtio-9p");
	T_HASLINE(s, "pci.0.7.0.sharename=data");
	T_HASLINE(s, "pci.0.7.0.path=/srv/data");
	T_HASLINE(s, "pci.0.7.0.ro=true");
	free(s);

	vm->vm_tpm = TPM_PASSTHRU;
	vm->vm_tpm_path = xstrdup("/dev/tpm0");
	s = t_argv(vm, &tr.tr_run);
	ATF_CHECK_MSG(strstr(s, " -l tpm,passthru,/dev/tpm0 ") != NULL, "%s",
	    s);
	free(s);
	t_run_free(&tr);
	vm_free(vm);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, example_a);
	ATF_TP_ADD_TC(tp, example_a_config);
	ATF_TP_ADD_TC(tp, example_b);
	ATF_TP_ADD_TC(tp, example_b_grubcfg);
	ATF_TP_ADD_TC(tp, grub_run);
	ATF_TP_ADD_TC(tp, example_c1);
	ATF_TP_ADD_TC(tp, example_c2);
	ATF_TP_ADD_TC(tp, config_ahci);
	ATF_TP_ADD_TC(tp, example_d);
	ATF_TP_ADD_TC(tp, example_d_table);
	ATF_TP_ADD_TC(tp, example_e);
	ATF_TP_ADD_TC(tp, example_e_config);
	ATF_TP_ADD_TC(tp, config_escape);
	ATF_TP_ADD_TC(tp, config_bootrom);
	ATF_TP_ADD_TC(tp, config_fbuf_password);
	ATF_TP_ADD_TC(tp, install_devices);
	ATF_TP_ADD_TC(tp, slotopts_fbuf);
	ATF_TP_ADD_TC(tp, loader_variants);
	ATF_TP_ADD_TC(tp, pins_tpm_shares);
	return (atf_no_error());
}

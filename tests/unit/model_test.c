/*
 * model_test.c - from a guest config to a typed struct vm (lib/model.c).
 *
 * Keys, defaults and quirks are vm-bhyve's (vm-bhyve-compat.md §2.2,
 * §2.3, §2.5, §3.8, §3.9); messages name the guest, file, line and key.
 */
#include "compat.h"

#include <atf-c.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "model.h"
#include "sysconf.h"

#define CONF_PATH	"/vm/vm1/vm1.conf"
#define MSG		"vm1: " CONF_PATH
#define FWDIR		"/usr/local/share/uefi-firmware"

/* A valid bhyveload guest, to which tests append keys. */
#define BASE		"loader=\"bhyveload\"\n" \
			"cpu=1\n" \
			"memory=256M\n" \
			"disk0_type=\"virtio-blk\"\n" \
			"disk0_name=\"disk0.img\"\n"
/* A valid UEFI guest with no disk. */
#define UEFI		"loader=\"uefi\"\ncpu=2\nmemory=2G\n"

/* The environment of guest vm1 on the plain directory datastore /vm. */
static const struct model_env env_default = {
	.me_name = "vm1",
	.me_dspath = "/vm",
	.me_gdir = NULL,
	.me_dataset = NULL,
	.me_vmdir = "/vm",
	.me_sysconf = NULL,
	.me_fwdir = FWDIR,
};

/* Build vm1 from text in env; *dp gets the diag (caller frees both). */
static struct vm *
load_env(const char *text, const struct model_env *env, struct diag **dp)
{
	struct conf	*c;
	struct vm	*vm;
	char		*cause = NULL;

	c = conf_parse(CONF_PATH, text, strlen(text), &cause);
	ATF_REQUIRE_MSG(c != NULL, "conf_parse: %s", cause);
	*dp = diag_new("vm1", CONF_PATH);
	vm = model_load(c, env, *dp);
	ATF_REQUIRE(vm != NULL);
	conf_free(c);
	return (vm);
}

/* Build vm1 from text in the default environment. */
static struct vm *
load(const char *text, struct diag **dp)
{
	return (load_env(text, &env_default, dp));
}

/* Print every diag entry, to explain a failure. */
static void
dump(const struct diag *d)
{
	size_t	 i;

	for (i = 0; i < d->d_n; i++)
		fprintf(stderr, "diag %zu (%s): %s\n", i,
		    d->d_v[i].de_level == DIAG_WARN ? "warn" : "error",
		    d->d_v[i].de_text);
}

/* The first entry of level whose text contains needle, or NULL. */
static const char *
find(const struct diag *d, enum diag_level level, const char *needle)
{
	size_t	 i;

	for (i = 0; i < d->d_n; i++)
		if (d->d_v[i].de_level == level &&
		    strstr(d->d_v[i].de_text, needle) != NULL)
			return (d->d_v[i].de_text);
	return (NULL);
}

/* Fail at the caller's line unless d has nerr errors and nwarn warnings. */
static void
check_counts(int line, const struct diag *d, size_t nerr, size_t nwarn)
{
	if (d->d_nerrors == nerr && d->d_nwarnings == nwarn)
		return;
	dump(d);
	atf_tc_fail_check(__FILE__, (size_t)line, "expected %zu errors and "
	    "%zu warnings, got %zu and %zu", nerr, nwarn, d->d_nerrors,
	    d->d_nwarnings);
}
#define CHECK_COUNTS(d, e, w)	check_counts(__LINE__, (d), (e), (w))

/* Fail at the caller's line unless an entry of level contains needle. */
static void
check_has(int line, const struct diag *d, enum diag_level level,
    const char *needle)
{
	if (find(d, level, needle) != NULL)
		return;
	dump(d);
	atf_tc_fail_check(__FILE__, (size_t)line, "no %s containing \"%s\"",
	    level == DIAG_WARN ? "warning" : "error", needle);
}
#define CHECK_ERROR(d, needle) \
	check_has(__LINE__, (d), DIAG_ERROR, (needle))
#define CHECK_WARN(d, needle) \
	check_has(__LINE__, (d), DIAG_WARN, (needle))

/* Fail at the caller's line unless an entry of level is exactly text. */
static void
check_exact(int line, const struct diag *d, enum diag_level level,
    const char *text)
{
	size_t	 i;

	for (i = 0; i < d->d_n; i++)
		if (d->d_v[i].de_level == level &&
		    strcmp(d->d_v[i].de_text, text) == 0)
			return;
	dump(d);
	atf_tc_fail_check(__FILE__, (size_t)line, "no %s \"%s\"",
	    level == DIAG_WARN ? "warning" : "error", text);
}
#define CHECK_EXACT_ERROR(d, t) \
	check_exact(__LINE__, (d), DIAG_ERROR, (t))
#define CHECK_EXACT_WARN(d, t) \
	check_exact(__LINE__, (d), DIAG_WARN, (t))

/* Does the error or warning list have an entry starting with prefix? */
static bool
has_prefix(const struct diag *d, enum diag_level level, const char *prefix)
{
	size_t	 i;

	for (i = 0; i < d->d_n; i++)
		if (d->d_v[i].de_level == level && strncmp(d->d_v[i].de_text,
		    prefix, strlen(prefix)) == 0)
			return (true);
	return (false);
}

/* §2.2: false for "", no, false, off (any case) and exactly 0; else true. */
ATF_TC_WITHOUT_HEAD(yesno);
ATF_TC_BODY(yesno, tc)
{
	static const char *const no[] = {
		"", "no", "NO", "No", "false", "FALSE", "False", "off",
		"Off", "OFF", "0",
	};
	static const char *const yes[] = {
		"yes", "YES", "true", "on", "1", "nope", "n", "2", "auto",
		"disabled", "00", " no", "no ", "0 ", "-",
	};
	size_t	 i;

	for (i = 0; i < nitems(no); i++)
		ATF_CHECK_MSG(!model_yesno(no[i]), "\"%s\" read as true",
		    no[i]);
	for (i = 0; i < nitems(yes); i++)
		ATF_CHECK_MSG(model_yesno(yes[i]), "\"%s\" read as false",
		    yes[i]);
	ATF_CHECK(!model_yesno(NULL));
}

/* bhyve's memory sizes: suffixes, plain MiB below 1048576, bytes above. */
ATF_TC_WITHOUT_HEAD(memsize);
ATF_TC_BODY(memsize, tc)
{
	static const struct {
		const char	*s;
		uint64_t	 bytes;
	} good[] = {
		{ "512M", 512ULL << 20 },
		{ "2G", 2ULL << 30 },
		{ "16g", 16ULL << 30 },
		{ "1T", 1ULL << 40 },
		{ "65536k", 64ULL << 20 },
		{ "512MB", 512ULL << 20 },
		{ "2048", 2ULL << 30 },		/* plain: MiB */
		{ "1048575", 1048575ULL << 20 },
		{ "1048576", 1ULL << 20 },	/* from here: bytes */
		{ "4294967296", 4ULL << 30 },
	};
	static const char *const bad[] = {
		"1.5G", "G", "-1", "0", "0G", "10X", "", "2G ", " 2G", "2GG",
		"2GiB", "99999999999999999999",
	};
	uint64_t	 bytes;
	size_t		 i;

	for (i = 0; i < nitems(good); i++) {
		bytes = 0;
		ATF_CHECK_EQ_MSG(0, model_memsize(good[i].s, &bytes),
		    "\"%s\" refused", good[i].s);
		ATF_CHECK_MSG(bytes == good[i].bytes, "\"%s\" gave %ju, not "
		    "%ju", good[i].s, (uintmax_t)bytes,
		    (uintmax_t)good[i].bytes);
	}
	for (i = 0; i < nitems(bad); i++)
		ATF_CHECK_EQ_MSG(-1, model_memsize(bad[i], &bytes),
		    "\"%s\" accepted", bad[i]);
}

/* PCI addresses "S", "S:F", "B:S:F" with their ranges. */
ATF_TC_WITHOUT_HEAD(pciaddr);
ATF_TC_BODY(pciaddr, tc)
{
	static const char *const bad[] = {
		"", "32", "7:8", "a", "7:", ":7", "1:2:3:4", "-1", "256:0:0",
		"7 ", "0x7",
	};
	struct pci_addr	 a;
	size_t		 i;

	ATF_REQUIRE_EQ(0, model_pciaddr("7", &a));
	ATF_CHECK(a.pa_bus == -1 && a.pa_slot == 7 && a.pa_func == 0);
	ATF_REQUIRE_EQ(0, model_pciaddr("7:3", &a));
	ATF_CHECK(a.pa_bus == -1 && a.pa_slot == 7 && a.pa_func == 3);
	ATF_REQUIRE_EQ(0, model_pciaddr("1:31:7", &a));
	ATF_CHECK(a.pa_bus == 1 && a.pa_slot == 31 && a.pa_func == 7);
	for (i = 0; i < nitems(bad); i++)
		ATF_CHECK_EQ_MSG(-1, model_pciaddr(bad[i], &a),
		    "\"%s\" accepted", bad[i]);
}

/* §2.5: every default of a minimal guest, which loads without a word. */
ATF_TC_WITHOUT_HEAD(defaults);
ATF_TC_BODY(defaults, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(BASE, &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK_STREQ("vm1", vm->vm_name);
	ATF_CHECK_STREQ("/vm/vm1", vm->vm_dir);
	ATF_CHECK_STREQ(CONF_PATH, vm->vm_conffile);
	ATF_CHECK_EQ(LOADER_BHYVELOAD, vm->vm_loader);
	ATF_CHECK(vm->vm_bootrom == NULL);
	ATF_CHECK_EQ(1, vm->vm_cpus);
	ATF_CHECK_EQ(0, vm->vm_sockets);
	ATF_CHECK_STREQ("256M", vm->vm_memory);
	ATF_CHECK(vm->vm_memory_bytes == 256ULL << 20);
	ATF_CHECK(vm->vm_utctime);
	ATF_REQUIRE_EQ(1, vm->vm_ncomports);
	ATF_CHECK_STREQ("com1", vm->vm_comports[0]);
	ATF_CHECK_EQ(4, vm->vm_start_slot);
	ATF_CHECK_EQ(3, vm->vm_install_slot);
	ATF_CHECK_EQ(1, vm->vm_ahci_limit);
	ATF_CHECK_STREQ("3", vm->vm_loader_timeout);
	ATF_CHECK_STREQ("0.0.0.0", vm->vm_graphics_listen);
	ATF_CHECK_STREQ("auto", vm->vm_graphics_wait);
	ATF_CHECK_EQ(0, vm->vm_graphics_port);
	ATF_CHECK(!vm->vm_graphics);
	ATF_CHECK_STREQ("restart", vm->vm_on_restart);
	ATF_CHECK_STREQ("shutdown", vm->vm_on_fault);
	ATF_CHECK_EQ(120, vm->vm_stop_timeout);
	ATF_CHECK_STREQ("/dev/dsp0", vm->vm_sound_play);
	ATF_CHECK(vm->vm_sound_rec == NULL);
	ATF_CHECK_EQ(HOSTBRIDGE_STANDARD, vm->vm_hostbridge);
	ATF_CHECK(!vm->vm_wired);
	ATF_CHECK(!vm->vm_ignore_msr);
	ATF_CHECK(!vm->vm_virt_random);
	ATF_CHECK(!vm->vm_xhci_mouse);
	ATF_CHECK(vm->vm_uuid == NULL);
	ATF_CHECK(vm->vm_fwcfg == NULL);
	ATF_CHECK_EQ(TPM_NONE, vm->vm_tpm);
	ATF_CHECK_EQ(0, vm->vm_nnics);
	ATF_CHECK_EQ(0, vm->vm_npassthru);
	ATF_CHECK_EQ(0, vm->vm_nconsoles);
	ATF_CHECK_EQ(0, vm->vm_nshares);
	vm_free(vm);
	diag_free(d);
}

/* §2.1: an empty value is present, so it overrides the default. */
ATF_TC_WITHOUT_HEAD(empty_values_present);
ATF_TC_BODY(empty_values_present, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "utctime=\"\"\ncomports=\"\"\ngraphics_wait=\"\"\n"
	    "sound_play=\"\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK(!vm->vm_utctime);
	ATF_CHECK_EQ(0, vm->vm_ncomports);
	ATF_CHECK_STREQ("", vm->vm_graphics_wait);
	ATF_CHECK_STREQ("", vm->vm_sound_play);
	vm_free(vm);
	diag_free(d);

	/* The same keys set to words. */
	vm = load(UEFI "utctime=\"no\"\ncomports=\"com1 com2\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK(!vm->vm_utctime);
	ATF_REQUIRE_EQ(2, vm->vm_ncomports);
	ATF_CHECK_STREQ("com2", vm->vm_comports[1]);
	vm_free(vm);
	diag_free(d);
}

/* loader, cpu and memory are required; each error names its key. */
ATF_TC_WITHOUT_HEAD(required_keys);
ATF_TC_BODY(required_keys, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load("cpu=1\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 1, 0);
	ATF_CHECK(has_prefix(d, DIAG_ERROR, MSG ": loader: required"));
	vm_free(vm);
	diag_free(d);

	vm = load("loader=\"uefi\"\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 1, 0);
	ATF_CHECK(has_prefix(d, DIAG_ERROR, MSG ": cpu: required"));
	vm_free(vm);
	diag_free(d);

	vm = load("loader=\"uefi\"\ncpu=1\n", &d);
	CHECK_COUNTS(d, 1, 0);
	ATF_CHECK(has_prefix(d, DIAG_ERROR, MSG ": memory: required"));
	vm_free(vm);
	diag_free(d);

	/* Present but empty is no better, and the line is given. */
	vm = load("loader=\"uefi\"\ncpu=\"\"\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 1, 0);
	ATF_CHECK(has_prefix(d, DIAG_ERROR, MSG ":2: cpu: required"));
	vm_free(vm);
	diag_free(d);

	/* A non-UEFI loader boots from disk0, so it needs one. */
	vm = load("loader=\"bhyveload\"\ncpu=1\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ": disk0_name: loader \"bhyveload\" boots from "
	    "disk0");
	vm_free(vm);
	diag_free(d);
}

/* Bad memory sizes are errors; "512MB" loads with a warning. */
ATF_TC_WITHOUT_HEAD(memory_key);
ATF_TC_BODY(memory_key, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load("loader=\"uefi\"\ncpu=1\nmemory=\"1.5G\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":3: memory: \"1.5G\" is not a size");
	vm_free(vm);
	diag_free(d);

	vm = load("loader=\"uefi\"\ncpu=1\nmemory=\"512MB\"\n", &d);
	CHECK_COUNTS(d, 0, 1);
	CHECK_WARN(d, MSG ":3: memory: \"512MB\"");
	ATF_CHECK(vm->vm_memory_bytes == 512ULL << 20);
	ATF_CHECK_STREQ("512MB", vm->vm_memory);
	vm_free(vm);
	diag_free(d);
}

/* §3.8: each loader and its firmware. */
ATF_TC_WITHOUT_HEAD(loaders);
ATF_TC_BODY(loaders, tc)
{
	static const struct {
		const char	*loader;
		const char	*rom;
	} uefi[] = {
		{ "uefi", FWDIR "/BHYVE_UEFI.fd" },
		{ "uefi-csm", FWDIR "/BHYVE_UEFI_CSM.fd" },
		{ "uefi-devel", FWDIR "/BHYVE_UEFI_CODE-devel.fd" },
		{ "uefi-custom", "/vm/.config/BHYVE_UEFI.fd" },
	};
	struct model_env env;
	struct diag	*d;
	struct vm	*vm;
	char		 text[256];
	size_t		 i;

	for (i = 0; i < nitems(uefi); i++) {
		snprintf(text, sizeof(text), "loader=\"%s\"\ncpu=1\n"
		    "memory=1G\n", uefi[i].loader);
		vm = load(text, &d);
		CHECK_COUNTS(d, 0, 0);
		ATF_CHECK_EQ(LOADER_UEFI, vm->vm_loader);
		ATF_CHECK_STREQ(uefi[i].loader, vm->vm_loaderstr);
		ATF_CHECK_STREQ(uefi[i].rom, vm->vm_bootrom);
		vm_free(vm);
		diag_free(d);
	}

	/* uefi-custom's ROM is in the guest's datastore, not vm_dir. */
	env = env_default;
	env.me_dspath = "/data/ds2";
	vm = load_env("loader=\"uefi-custom\"\ncpu=1\nmemory=1G\n", &env, &d);
	ATF_CHECK_STREQ("/data/ds2/.config/BHYVE_UEFI.fd", vm->vm_bootrom);
	ATF_CHECK_STREQ("/data/ds2/vm1", vm->vm_dir);
	vm_free(vm);
	diag_free(d);

	vm = load(BASE, &d);
	ATF_CHECK_EQ(LOADER_BHYVELOAD, vm->vm_loader);
	vm_free(vm);
	diag_free(d);

	vm = load("loader=\"grub\"\ncpu=1\nmemory=1G\ndisk0_type=\"nvme\"\n"
	    "disk0_name=\"d\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK_EQ(LOADER_GRUB, vm->vm_loader);
	vm_free(vm);
	diag_free(d);
}

/* §3.8: uefi-X is UEFI with the default ROM; uefi-a-b and typos are not. */
ATF_TC_WITHOUT_HEAD(loader_variants);
ATF_TC_BODY(loader_variants, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load("loader=\"uefi-foo\"\ncpu=1\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 0, 1);
	CHECK_WARN(d, MSG ":1: loader: unknown UEFI variant \"uefi-foo\"");
	ATF_CHECK_EQ(LOADER_UEFI, vm->vm_loader);
	ATF_CHECK_STREQ(FWDIR "/BHYVE_UEFI.fd", vm->vm_bootrom);
	vm_free(vm);
	diag_free(d);

	vm = load("loader=\"uefi-a-b\"\ncpu=1\nmemory=1G\n" "disk0_type="
	    "\"nvme\"\ndisk0_name=\"d\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":1: loader: unknown loader \"uefi-a-b\"");
	ATF_CHECK(vm->vm_loader != LOADER_UEFI);
	ATF_CHECK(vm->vm_bootrom == NULL);
	vm_free(vm);
	diag_free(d);

	vm = load("cpu=1\nloader=\"grb\"\nmemory=1G\n" "disk0_type="
	    "\"nvme\"\ndisk0_name=\"d\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_EXACT_ERROR(d, MSG ":2: loader: unknown loader \"grb\" (did you "
	    "mean \"grub\"?)");
	vm_free(vm);
	diag_free(d);

	/* Single quotes stay in the value (§2.1), so this is no loader. */
	vm = load("loader='uefi'\ncpu=1\nmemory=1G\n" "disk0_type="
	    "\"nvme\"\ndisk0_name=\"d\"\n", &d);
	CHECK_ERROR(d, MSG ":1: loader: unknown loader \"'uefi'\"");
	CHECK_WARN(d, MSG ":1: loader: single quotes");
	ATF_CHECK(vm->vm_loader != LOADER_UEFI);
	vm_free(vm);
	diag_free(d);

	/* "uefifoo" has no dash: not UEFI. */
	vm = load("loader=\"uefifoo\"\ncpu=1\nmemory=1G\n" "disk0_type="
	    "\"nvme\"\ndisk0_name=\"d\"\n", &d);
	CHECK_ERROR(d, MSG ":1: loader: unknown loader \"uefifoo\"");
	vm_free(vm);
	diag_free(d);
}

/* §3.9: disk paths, byte for byte, for file, zvol and custom disks. */
ATF_TC_WITHOUT_HEAD(disk_paths);
ATF_TC_BODY(disk_paths, tc)
{
	struct model_env env;
	struct diag	*d;
	struct vm	*vm;

	env = env_default;
	env.me_dataset = "tank/vm";
	vm = load_env(UEFI
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"disk0.img\"\n"
	    "disk1_type=\"nvme\"\ndisk1_name=\"disk0\"\ndisk1_dev=\"zvol\"\n"
	    "disk2_type=\"ahci-hd\"\ndisk2_name=\"disk2\"\n"
	    "disk2_dev=\"sparse-zvol\"\n"
	    "disk3_type=\"virtio-blk\"\ndisk3_name=\"/dev/ada1\"\n"
	    "disk3_dev=\"custom\"\ndisk3_opts=\"nocache,direct\"\n"
	    "disk4_type=\"ahci-cd\"\ndisk4_name=\"disk4.img\"\n"
	    "disk4_dev=\"file\"\ndisk4_size=\"20G\"\n", &env, &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_REQUIRE_EQ(5, vm->vm_ndisks);
	ATF_CHECK_STREQ("/vm/vm1/disk0.img", vm->vm_disks[0].dk_path);
	ATF_CHECK_EQ(DISK_FILE, vm->vm_disks[0].dk_dev);
	ATF_CHECK(vm->vm_disks[0].dk_opts == NULL);
	ATF_CHECK_STREQ("/dev/zvol/tank/vm/vm1/disk0", vm->vm_disks[1].dk_path);
	ATF_CHECK_EQ(DISK_ZVOL, vm->vm_disks[1].dk_dev);
	ATF_CHECK_STREQ("nvme", vm->vm_disks[1].dk_type);
	ATF_CHECK_STREQ("/dev/zvol/tank/vm/vm1/disk2", vm->vm_disks[2].dk_path);
	ATF_CHECK_EQ(DISK_SPARSE_ZVOL, vm->vm_disks[2].dk_dev);
	ATF_CHECK_STREQ("/dev/ada1", vm->vm_disks[3].dk_path);
	ATF_CHECK_STREQ("nocache,direct", vm->vm_disks[3].dk_opts);
	ATF_CHECK_STREQ("/vm/vm1/disk4.img", vm->vm_disks[4].dk_path);
	ATF_CHECK_STREQ("20G", vm->vm_disks[4].dk_size);
	ATF_CHECK_EQ(4, vm->vm_disks[4].dk_index);
	vm_free(vm);
	diag_free(d);

	/* DSPATH is used as configured, never normalised. */
	env = env_default;
	env.me_dspath = "/vm//./x/";
	vm = load_env(BASE, &env, &d);
	ATF_CHECK_STREQ("/vm//./x//vm1/disk0.img", vm->vm_disks[0].dk_path);
	vm_free(vm);
	diag_free(d);

	/* A zvol on a directory datastore is an error. */
	vm = load(UEFI "disk0_type=\"virtio-blk\"\ndisk0_name=\"disk0\"\n"
	    "disk0_dev=\"zvol\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":5: disk0_name: a zvol disk needs a ZFS "
	    "datastore");
	ATF_CHECK(vm->vm_disks[0].dk_path == NULL);
	vm_free(vm);
	diag_free(d);

	/* An unknown diskN_dev is a file, with a hint. */
	vm = load(UEFI "disk0_type=\"virtio-blk\"\ndisk0_name=\"d.img\"\n"
	    "disk0_dev=\"fil\"\n", &d);
	CHECK_COUNTS(d, 0, 1);
	CHECK_WARN(d, MSG ":6: disk0_dev: unknown device kind \"fil\" (did "
	    "you mean \"file\"?)");
	ATF_CHECK_STREQ("/vm/vm1/d.img", vm->vm_disks[0].dk_path);
	vm_free(vm);
	diag_free(d);

	/* A file disk name with a '/' escapes the guest's directory. */
	vm = load(UEFI "disk0_type=\"virtio-blk\"\n"
	    "disk0_name=\"../vm2/disk0.img\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":5: disk0_name: \"../vm2/disk0.img\" must be a "
	    "plain name");
	vm_free(vm);
	diag_free(d);
}

/*
 * §2.3: the disk family stops at the first gap (with a warning about the
 * disks after it); half a disk is an error.
 */
ATF_TC_WITHOUT_HEAD(disk_family);
ATF_TC_BODY(disk_family, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "disk0_type=\"virtio-blk\"\ndisk0_name=\"a.img\"\n"
	    "disk2_type=\"virtio-blk\"\ndisk2_name=\"c.img\"\n", &d);
	CHECK_COUNTS(d, 0, 1);
	CHECK_WARN(d, MSG ":6: disk2_type: ignored: disk1 is missing");
	ATF_CHECK_EQ(1, vm->vm_ndisks);
	ATF_CHECK_STREQ("a.img", vm->vm_disks[0].dk_name);
	vm_free(vm);
	diag_free(d);

	/* A type with no name. */
	vm = load(UEFI "disk0_type=\"virtio-blk\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ": disk0_name: missing: disk0 needs both");
	ATF_CHECK_EQ(0, vm->vm_ndisks);
	vm_free(vm);
	diag_free(d);

	/* A name with an empty type, after a good disk. */
	vm = load(UEFI "disk0_type=\"virtio-blk\"\ndisk0_name=\"a.img\"\n"
	    "disk1_type=\"\"\ndisk1_name=\"b.img\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":6: disk1_type: missing: disk1 needs both");
	ATF_CHECK_EQ(1, vm->vm_ndisks);
	vm_free(vm);
	diag_free(d);
}

/* An unknown disk type is an error with a did-you-mean, file and line. */
ATF_TC_WITHOUT_HEAD(disk_type_unknown);
ATF_TC_BODY(disk_type_unknown, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load("loader=\"uefi\"\ncpu=1\ndisk0_type=\"virtio-bk\"\n"
	    "disk0_name=\"disk0.img\"\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_EXACT_ERROR(d, "vm1: /vm/vm1/vm1.conf:3: disk0_type: unknown "
	    "disk type \"virtio-bk\" (did you mean \"virtio-blk\"?)");
	vm_free(vm);
	diag_free(d);

	/* "ahci" alone is the controller, which vm-bhyve drops silently. */
	vm = load(UEFI "disk0_type=\"ahci\"\ndisk0_name=\"disk0.img\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":4: disk0_type: \"ahci\" is a controller");
	vm_free(vm);
	diag_free(d);

	/* Nothing close: the list of types. */
	vm = load(UEFI "disk0_type=\"floppy\"\ndisk0_name=\"disk0.img\"\n",
	    &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":4: disk0_type: unknown disk type \"floppy\" "
	    "(one of: ");
	vm_free(vm);
	diag_free(d);
}

/* Unknown keys are warnings, with the key's own number in the hint. */
ATF_TC_WITHOUT_HEAD(unknown_keys);
ATF_TC_BODY(unknown_keys, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(BASE "disk0_tpye=\"nvme\"\nnetwork3_swtich=\"x\"\n"
	    "frobnicate=\"1\"\n", &d);
	CHECK_COUNTS(d, 0, 3);
	CHECK_EXACT_WARN(d, MSG ":6: disk0_tpye: unknown key, ignored (did "
	    "you mean \"disk0_type\"?)");
	CHECK_EXACT_WARN(d, MSG ":7: network3_swtich: unknown key, ignored "
	    "(did you mean \"network3_switch\"?)");
	CHECK_EXACT_WARN(d, MSG ":8: frobnicate: unknown key, ignored");
	vm_free(vm);
	diag_free(d);

	/* "memory = 1G" is the key "memory ": required error plus hints. */
	vm = load("loader=\"uefi\"\ncpu=1\nmemory = 1G\n", &d);
	CHECK_COUNTS(d, 1, 2);
	CHECK_ERROR(d, MSG ": memory: required");
	CHECK_WARN(d, MSG ":3: memory : unknown key, ignored (did you mean "
	    "\"memory\"?)");
	CHECK_WARN(d, MSG ":3: blank before '='");
	vm_free(vm);
	diag_free(d);

	/* The old "guest" key is known, but read by nobody. */
	vm = load(BASE "guest=\"freebsd\"\n", &d);
	CHECK_COUNTS(d, 0, 1);
	CHECK_WARN(d, MSG ":6: guest: no longer read");
	vm_free(vm);
	diag_free(d);
}

/* bhyve needs cpu = sockets x cores x threads (unset sockets is cpu). */
ATF_TC_WITHOUT_HEAD(cpu_topology);
ATF_TC_BODY(cpu_topology, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load("loader=\"uefi\"\ncpu=4\ncpu_cores=2\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":3: cpu_cores: topology 4 socket(s) x 2 core(s) "
	    "x 1 thread(s) is 8 vCPUs but cpu is 4");
	vm_free(vm);
	diag_free(d);

	vm = load("loader=\"uefi\"\ncpu=4\ncpu_sockets=1\ncpu_cores=2\n"
	    "cpu_threads=2\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK_EQ(4, vm->vm_cpus);
	ATF_CHECK_EQ(1, vm->vm_sockets);
	ATF_CHECK_EQ(2, vm->vm_cores);
	ATF_CHECK_EQ(2, vm->vm_threads);
	vm_free(vm);
	diag_free(d);

	vm = load("loader=\"uefi\"\ncpu=4\ncpu_sockets=2\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":3: cpu_sockets: topology");
	vm_free(vm);
	diag_free(d);

	vm = load("loader=\"uefi\"\ncpu=\"two\"\nmemory=1G\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":2: cpu: \"two\" is not a whole number");
	vm_free(vm);
	diag_free(d);
}

/* cpu_pin: "V:H ..." pairs; vCPUs beyond cpu and junk are errors. */
ATF_TC_WITHOUT_HEAD(cpu_pin);
ATF_TC_BODY(cpu_pin, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "cpu_pin=\"0:2  1:3\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_REQUIRE_EQ(2, vm->vm_npins);
	ATF_CHECK_EQ(0, vm->vm_pins[0].vp_vcpu);
	ATF_CHECK_EQ(2, vm->vm_pins[0].vp_host);
	ATF_CHECK_EQ(1, vm->vm_pins[1].vp_vcpu);
	ATF_CHECK_EQ(3, vm->vm_pins[1].vp_host);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "cpu_pin=\"0:2 2:5\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":4: cpu_pin: vCPU 2 does not exist: the guest has "
	    "2");
	ATF_CHECK_EQ(1, vm->vm_npins);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "cpu_pin=\"0-2 1:x\"\n", &d);
	CHECK_COUNTS(d, 2, 0);
	CHECK_ERROR(d, MSG ":4: cpu_pin: \"0-2\" is not VCPU:HOSTCPU");
	CHECK_ERROR(d, MSG ":4: cpu_pin: \"1:x\" is not VCPU:HOSTCPU");
	ATF_CHECK_EQ(0, vm->vm_npins);
	vm_free(vm);
	diag_free(d);
}

/* uuid must be 8-4-4-4-12 hex; empty means "generate". */
ATF_TC_WITHOUT_HEAD(uuid_key);
ATF_TC_BODY(uuid_key, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "uuid=\"5d3c1a2b-7e4f-4a10-9b8c-112233445566\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK_STREQ("5d3c1a2b-7e4f-4a10-9b8c-112233445566", vm->vm_uuid);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "uuid=\"5d3c1a2b-7e4f-4a10-9b8c-11223344556\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":4: uuid: \"5d3c1a2b-7e4f-4a10-9b8c-11223344556\" "
	    "is not a UUID");
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "uuid=\"5d3c1a2b-7e4f-4a10-9b8c+112233445566\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "uuid=\"\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK(vm->vm_uuid == NULL);
	vm_free(vm);
	diag_free(d);
}

/* NICs: type, switch, MAC; a bad MAC is an error, no switch a warning. */
ATF_TC_WITHOUT_HEAD(nics);
ATF_TC_BODY(nics, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "network0_type=\"virtio-net\"\n"
	    "network0_switch=\"public\"\nnetwork0_mac=\"58:9c:fc:0a:1b:2c\"\n"
	    "network1_type=\"e1000\"\nnetwork1_switch=\"public\"\n"
	    "network1_name=\"web0\"\nnetwork1_span=\"yes\"\n"
	    "network3_type=\"e1000\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_REQUIRE_EQ(2, vm->vm_nnics);
	ATF_CHECK_STREQ("virtio-net", vm->vm_nics[0].ni_type);
	ATF_CHECK_STREQ("public", vm->vm_nics[0].ni_switch);
	ATF_CHECK_EQ(SWITCH_STANDARD, vm->vm_nics[0].ni_swtype);
	ATF_CHECK_STREQ("58:9c:fc:0a:1b:2c", vm->vm_nics[0].ni_mac);
	ATF_CHECK(!vm->vm_nics[0].ni_span);
	ATF_CHECK(vm->vm_nics[1].ni_mac == NULL);
	ATF_CHECK_STREQ("web0", vm->vm_nics[1].ni_name);
	ATF_CHECK(vm->vm_nics[1].ni_span);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "network0_type=\"virtio-net\"\n"
	    "network0_switch=\"public\"\nnetwork0_mac=\"58:9c:fc:0a:1b\"\n",
	    &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":6: network0_mac: \"58:9c:fc:0a:1b\" is not a "
	    "unicast MAC");
	vm_free(vm);
	diag_free(d);

	/* Multicast and all-zero MACs are refused too. */
	vm = load(UEFI "network0_type=\"virtio-net\"\n"
	    "network0_switch=\"public\"\nnetwork0_mac=\"01:9c:fc:0a:1b:2c\"\n"
	    "network1_type=\"virtio-net\"\n"
	    "network1_switch=\"public\"\nnetwork1_mac=\"00:00:00:00:00:00\"\n",
	    &d);
	CHECK_COUNTS(d, 2, 0);
	vm_free(vm);
	diag_free(d);

	/* No switch: a warning naming the switch key. */
	vm = load(UEFI "network0_type=\"virtio-net\"\n", &d);
	CHECK_COUNTS(d, 0, 1);
	CHECK_WARN(d, MSG ": network0_switch: network0 has no switch");
	ATF_REQUIRE_EQ(1, vm->vm_nnics);
	ATF_CHECK_EQ(SWITCH_NONE, vm->vm_nics[0].ni_swtype);
	ATF_CHECK(vm->vm_nics[0].ni_switch == NULL);
	vm_free(vm);
	diag_free(d);

	/* A NIC type typo. */
	vm = load(UEFI "network0_type=\"virtio-nte\"\n"
	    "network0_switch=\"public\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_EXACT_ERROR(d, MSG ":4: network0_type: unknown network type "
	    "\"virtio-nte\" (did you mean \"virtio-net\"?)");
	vm_free(vm);
	diag_free(d);
}

/* Switch types come from system.conf: type_NAME, default standard. */
ATF_TC_WITHOUT_HEAD(nic_switch_types);
ATF_TC_BODY(nic_switch_types, tc)
{
	static const char sys[] = "switch_list=\"public vsw ng odd\"\n"
	    "type_vsw=\"vale\"\ntype_ng=\"netgraph\"\ntype_odd=\"bogus\"\n";
	struct model_env env;
	struct sysconf	*sc;
	struct diag	*d;
	struct vm	*vm;
	char		 dir[] = "/tmp/model_test.XXXXXX", path[256];
	char		*cause = NULL;
	FILE		*fp;

	ATF_REQUIRE(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/system.conf", dir);
	ATF_REQUIRE((fp = fopen(path, "w")) != NULL);
	ATF_REQUIRE(fputs(sys, fp) != EOF);
	ATF_REQUIRE(fclose(fp) == 0);
	sc = sysconf_load(path, &cause);
	ATF_REQUIRE_MSG(sc != NULL, "%s", cause);
	env = env_default;
	env.me_sysconf = sc;

	vm = load_env(UEFI
	    "network0_type=\"virtio-net\"\nnetwork0_switch=\"public\"\n"
	    "network1_type=\"virtio-net\"\nnetwork1_switch=\"vsw\"\n"
	    "network2_type=\"virtio-net\"\nnetwork2_switch=\"ng\"\n"
	    "network3_type=\"virtio-net\"\nnetwork3_switch=\"elsewhere\"\n"
	    "network4_type=\"virtio-net\"\nnetwork4_switch=\"odd\"\n", &env,
	    &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":13: network4_switch: switch \"odd\" has an "
	    "unknown type");
	ATF_REQUIRE_EQ(5, vm->vm_nnics);
	ATF_CHECK_EQ(SWITCH_STANDARD, vm->vm_nics[0].ni_swtype);
	ATF_CHECK_EQ(SWITCH_VALE, vm->vm_nics[1].ni_swtype);
	ATF_CHECK_EQ(SWITCH_NETGRAPH, vm->vm_nics[2].ni_swtype);
	ATF_CHECK_EQ(SWITCH_STANDARD, vm->vm_nics[3].ni_swtype);
	vm_free(vm);
	diag_free(d);

	sysconf_free(sc);
	(void)unlink(path);
	(void)rmdir(dir);
}

/* ignore_bad_msr (config.sample's name) is honoured, with a warning. */
ATF_TC_WITHOUT_HEAD(ignore_bad_msr);
ATF_TC_BODY(ignore_bad_msr, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "ignore_bad_msr=\"yes\"\n", &d);
	CHECK_COUNTS(d, 0, 1);
	CHECK_WARN(d, MSG ":4: ignore_bad_msr: honoured by hyve");
	ATF_CHECK(vm->vm_ignore_msr);
	vm_free(vm);
	diag_free(d);

	/* ignore_msr, vm-bhyve's real key, wins when both are set. */
	vm = load(UEFI "ignore_msr=\"no\"\nignore_bad_msr=\"yes\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK(!vm->vm_ignore_msr);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "ignore_msr=\"yes\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK(vm->vm_ignore_msr);
	vm_free(vm);
	diag_free(d);
}

/* grub_run_no_partition is honoured, with a warning that vm-bhyve is not. */
ATF_TC_WITHOUT_HEAD(grub_keys);
ATF_TC_BODY(grub_keys, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(BASE "grub_run_no_partition=\"yes\"\n", &d);
	CHECK_COUNTS(d, 0, 1);
	CHECK_WARN(d, MSG ":6: grub_run_no_partition: honoured by hyve");
	ATF_CHECK(vm->vm_grub_run_no_partition);
	vm_free(vm);
	diag_free(d);

	vm = load(BASE "grub_install0=\"linux /vmlinuz\"\n"
	    "grub_install1=\"initrd /initrd.gz\"\ngrub_install3=\"boot\"\n"
	    "grub_run_partition=\"gpt2\"\nloader_timeout=\"5\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_REQUIRE_EQ(2, vm->vm_ngrub_install);
	ATF_CHECK_STREQ("initrd /initrd.gz", vm->vm_grub_install[1]);
	ATF_CHECK_EQ(0, vm->vm_ngrub_run);
	ATF_CHECK_STREQ("gpt2", vm->vm_grub_run_partition);
	ATF_CHECK_STREQ("5", vm->vm_loader_timeout);
	vm_free(vm);
	diag_free(d);
}

/* Passthru entries; wired_memory=no with passthru is a warning. */
ATF_TC_WITHOUT_HEAD(passthru);
ATF_TC_BODY(passthru, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "passthru0=\"2/0/0\"\npassthru1=\"5/0/0=9:0\"\n"
	    "passthru1_options=\"rom=/vm/x.rom\"\npassthru3=\"7/0/0\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_REQUIRE_EQ(2, vm->vm_npassthru);
	ATF_CHECK_STREQ("2/0/0", vm->vm_passthru[0].pt_host);
	ATF_CHECK(!vm->vm_passthru[0].pt_forced);
	ATF_CHECK(vm->vm_passthru[0].pt_opts == NULL);
	ATF_CHECK_STREQ("5/0/0", vm->vm_passthru[1].pt_host);
	ATF_CHECK(vm->vm_passthru[1].pt_forced);
	ATF_CHECK_EQ(9, vm->vm_passthru[1].pt_at.pa_slot);
	ATF_CHECK_EQ(0, vm->vm_passthru[1].pt_at.pa_func);
	ATF_CHECK_STREQ("rom=/vm/x.rom", vm->vm_passthru[1].pt_opts);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "passthru0=\"2/0/0\"\nwired_memory=\"no\"\n", &d);
	CHECK_COUNTS(d, 0, 1);
	CHECK_WARN(d, MSG ":5: wired_memory: passthru devices need wired "
	    "memory");
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "passthru0=\"2/0\"\npassthru1=\"3/0/0=0:9:0\"\n", &d);
	CHECK_COUNTS(d, 2, 0);
	CHECK_ERROR(d, MSG ":4: passthru0: \"2/0\" is not a host device");
	CHECK_ERROR(d, MSG ":5: passthru1: \"0:9:0\" is not a guest "
	    "SLOT:FUNC");
	vm_free(vm);
	diag_free(d);
}

/* ahci_device_limit: 2..32 counts, anything else is 1 (with a warning). */
ATF_TC_WITHOUT_HEAD(ahci_limit);
ATF_TC_BODY(ahci_limit, tc)
{
	static const struct {
		const char	*value;
		int		 limit;
		size_t		 nwarn;
	} cases[] = {
		{ "8", 8, 0 }, { "2", 2, 0 }, { "32", 32, 0 }, { "1", 1, 0 },
		{ "", 1, 0 }, { "40", 1, 1 }, { "0", 1, 1 }, { "abc", 1, 1 },
		{ "+4", 1, 1 },
	};
	struct diag	*d;
	struct vm	*vm;
	char		 text[256];
	size_t		 i;

	for (i = 0; i < nitems(cases); i++) {
		snprintf(text, sizeof(text), UEFI "ahci_device_limit=\"%s\"\n",
		    cases[i].value);
		vm = load(text, &d);
		ATF_CHECK_EQ_MSG(cases[i].limit, vm->vm_ahci_limit, "\"%s\"",
		    cases[i].value);
		CHECK_COUNTS(d, 0, cases[i].nwarn);
		if (cases[i].nwarn > 0)
			CHECK_WARN(d, MSG ":4: ahci_device_limit: ");
		vm_free(vm);
		diag_free(d);
	}
}

/* hyve's 9p shares: name, path, ro, slot; a share needs both. */
ATF_TC_WITHOUT_HEAD(shares);
ATF_TC_BODY(shares, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "share0_name=\"data\"\nshare0_path=\"/srv/data\"\n"
	    "share0_ro=\"yes\"\nshare1_name=\"src\"\n"
	    "share1_path=\"/usr/src\"\nshare1_slot=\"9:1\"\n"
	    "share3_name=\"gap\"\nshare3_path=\"/gap\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_REQUIRE_EQ(2, vm->vm_nshares);
	ATF_CHECK_STREQ("data", vm->vm_shares[0].sh_name);
	ATF_CHECK_STREQ("/srv/data", vm->vm_shares[0].sh_path);
	ATF_CHECK(vm->vm_shares[0].sh_ro);
	ATF_CHECK(!vm->vm_shares[0].sh_pinned);
	ATF_CHECK(!vm->vm_shares[1].sh_ro);
	ATF_CHECK(vm->vm_shares[1].sh_pinned);
	ATF_CHECK_EQ(9, vm->vm_shares[1].sh_pin.pa_slot);
	ATF_CHECK_EQ(1, vm->vm_shares[1].sh_pin.pa_func);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "share0_name=\"data\"\nshare1_name=\"a/b\"\n"
	    "share1_path=\"relative\"\nshare2_name=\"x\"\n"
	    "share2_path=\"/x\"\nshare2_slot=\"40\"\n", &d);
	CHECK_COUNTS(d, 4, 0);
	CHECK_ERROR(d, MSG ": share0_path: required");
	CHECK_ERROR(d, MSG ":5: share1_name: required");
	CHECK_ERROR(d, MSG ":6: share1_path: required");
	CHECK_ERROR(d, MSG ":9: share2_slot: \"40\" is not a PCI slot");
	vm_free(vm);
	diag_free(d);
}

/* A TPM needs UEFI; passthru needs a device path. */
ATF_TC_WITHOUT_HEAD(tpm);
ATF_TC_BODY(tpm, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "tpm=\"swtpm\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK_EQ(TPM_SWTPM, vm->vm_tpm);
	ATF_CHECK_STREQ("2.0", vm->vm_tpm_version);
	vm_free(vm);
	diag_free(d);

	vm = load(BASE "tpm=\"swtpm\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":6: tpm: a TPM needs a UEFI loader");
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "tpm=\"passthru\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ": tpm_path: required with tpm=\"passthru\"");
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "tpm=\"passthru\"\ntpm_path=\"/dev/tpm0\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK_EQ(TPM_PASSTHRU, vm->vm_tpm);
	ATF_CHECK_STREQ("/dev/tpm0", vm->vm_tpm_path);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "tpm=\"swpm\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":4: tpm: unknown TPM kind \"swpm\" (did you "
	    "mean \"swtpm\"?)");
	vm_free(vm);
	diag_free(d);
}

/* Device pins (hyve's diskN_slot / networkN_slot) are parsed and checked. */
ATF_TC_WITHOUT_HEAD(pins);
ATF_TC_BODY(pins, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "disk0_type=\"nvme\"\ndisk0_name=\"d0\"\n"
	    "disk0_slot=\"7\"\nnetwork0_type=\"virtio-net\"\n"
	    "network0_switch=\"public\"\nnetwork0_slot=\"1:2:3\"\n", &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK(vm->vm_disks[0].dk_pinned);
	ATF_CHECK_EQ(-1, vm->vm_disks[0].dk_pin.pa_bus);
	ATF_CHECK_EQ(7, vm->vm_disks[0].dk_pin.pa_slot);
	ATF_CHECK(vm->vm_nics[0].ni_pinned);
	ATF_CHECK_EQ(1, vm->vm_nics[0].ni_pin.pa_bus);
	ATF_CHECK_EQ(2, vm->vm_nics[0].ni_pin.pa_slot);
	ATF_CHECK_EQ(3, vm->vm_nics[0].ni_pin.pa_func);
	vm_free(vm);
	diag_free(d);

	vm = load(UEFI "disk0_type=\"nvme\"\ndisk0_name=\"d0\"\n"
	    "disk0_slot=\"7:9\"\n", &d);
	CHECK_COUNTS(d, 1, 0);
	CHECK_ERROR(d, MSG ":6: disk0_slot: \"7:9\" is not a PCI slot");
	ATF_CHECK(!vm->vm_disks[0].dk_pinned);
	vm_free(vm);
	diag_free(d);
}

/* Other keys: hostbridge, consoles, graphics, numbers out of range. */
ATF_TC_WITHOUT_HEAD(misc_keys);
ATF_TC_BODY(misc_keys, tc)
{
	struct diag	*d;
	struct vm	*vm;

	vm = load(UEFI "hostbridge=\"amd\"\nvirt_console0=\"yes\"\n"
	    "virt_console1=\"org.freenas.bhyve-agent\"\nvirt_console2=\"ON\"\n"
	    "virt_console3=\"true\"\ngraphics=\"yes\"\n"
	    "graphics_res=\"1920x1080\"\ngraphics_port=\"5901\"\n"
	    "stop_timeout=\"30\"\nsound=\"yes\"\nsound_rec=\"/dev/dsp1\"\n",
	    &d);
	CHECK_COUNTS(d, 0, 0);
	ATF_CHECK_EQ(HOSTBRIDGE_AMD, vm->vm_hostbridge);
	ATF_REQUIRE_EQ(4, vm->vm_nconsoles);
	ATF_CHECK_STREQ("0", vm->vm_consoles[0]);
	ATF_CHECK_STREQ("org.freenas.bhyve-agent", vm->vm_consoles[1]);
	ATF_CHECK_STREQ("2", vm->vm_consoles[2]);
	ATF_CHECK_STREQ("true", vm->vm_consoles[3]);
	ATF_CHECK(vm->vm_graphics);
	ATF_CHECK_STREQ("1920", vm->vm_graphics_w);
	ATF_CHECK_STREQ("1080", vm->vm_graphics_h);
	ATF_CHECK_EQ(5901, vm->vm_graphics_port);
	ATF_CHECK_EQ(30, vm->vm_stop_timeout);
	ATF_CHECK(vm->vm_sound);
	ATF_CHECK_STREQ("/dev/dsp1", vm->vm_sound_rec);
	vm_free(vm);
	diag_free(d);

	/* "no..." means no host bridge; a non-boolean word warns. */
	vm = load(UEFI "hostbridge=\"none\"\nxhci_mouse=\"sure\"\n"
	    "start_slot=\"31\"\n", &d);
	CHECK_COUNTS(d, 1, 1);
	ATF_CHECK_EQ(HOSTBRIDGE_NONE, vm->vm_hostbridge);
	ATF_CHECK(vm->vm_xhci_mouse);
	CHECK_WARN(d, MSG ":5: xhci_mouse: \"sure\" is not yes/no");
	CHECK_ERROR(d, MSG ":6: start_slot: \"31\" is not a whole number "
	    "from 1 to 30");
	ATF_CHECK_EQ(4, vm->vm_start_slot);
	vm_free(vm);
	diag_free(d);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, yesno);
	ATF_TP_ADD_TC(tp, memsize);
	ATF_TP_ADD_TC(tp, pciaddr);
	ATF_TP_ADD_TC(tp, defaults);
	ATF_TP_ADD_TC(tp, empty_values_present);
	ATF_TP_ADD_TC(tp, required_keys);
	ATF_TP_ADD_TC(tp, memory_key);
	ATF_TP_ADD_TC(tp, loaders);
	ATF_TP_ADD_TC(tp, loader_variants);
	ATF_TP_ADD_TC(tp, disk_paths);
	ATF_TP_ADD_TC(tp, disk_family);
	ATF_TP_ADD_TC(tp, disk_type_unknown);
	ATF_TP_ADD_TC(tp, unknown_keys);
	ATF_TP_ADD_TC(tp, cpu_topology);
	ATF_TP_ADD_TC(tp, cpu_pin);
	ATF_TP_ADD_TC(tp, uuid_key);
	ATF_TP_ADD_TC(tp, nics);
	ATF_TP_ADD_TC(tp, nic_switch_types);
	ATF_TP_ADD_TC(tp, ignore_bad_msr);
	ATF_TP_ADD_TC(tp, grub_keys);
	ATF_TP_ADD_TC(tp, passthru);
	ATF_TP_ADD_TC(tp, ahci_limit);
	ATF_TP_ADD_TC(tp, shares);
	ATF_TP_ADD_TC(tp, tpm);
	ATF_TP_ADD_TC(tp, pins);
	ATF_TP_ADD_TC(tp, misc_keys);
	return (atf_no_error());
}

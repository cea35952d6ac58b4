/*
 * model.c - from a guest's conf to a typed, validated struct vm.
 *
 * Every key vm-bhyve reads is read here with vm-bhyve's meaning and
 * default (vm-bhyve-compat.md §2.5), plus hyve's own keys.  Where
 * vm-bhyve would silently do something other than what its
 * documentation promises, hyve does what is documented and warns.
 */
#include "compat.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conf.h"
#include "diag.h"
#include "model.h"
#include "sysconf.h"
#include "xmalloc.h"

/* Reading context. */
struct mctx {
	const struct conf	*m_conf;
	const struct model_env	*m_env;
	struct diag		*m_d;
	struct vm		*m_vm;
};

/*
 * Every key a guest config may hold; N stands for a device number.
 * Used to warn about unknown keys.  Keep sorted.
 */
static const char *const model_keys[] = {
	"ahci_device_limit", "autostart", "autostart_order", "bhyve_options", "bhyveload_args",
	"bhyveload_loader", "comports", "cpu", "cpu_cores", "cpu_pin",
	"cpu_sockets", "cpu_threads", "debug", "diskN_dev", "diskN_name",
	"diskN_opts", "diskN_size", "diskN_slot", "diskN_type",
	"fault_limit", "fault_window", "fwcfg",
	"graphics", "graphics_listen", "graphics_port", "graphics_res",
	"graphics_vga", "graphics_wait", "grub_installN", "grub_runN",
	"grub_run_dir", "grub_run_file", "grub_run_no_partition",
	"grub_run_partition", "guest", "hook_timeout", "hostbridge", "ignore_bad_msr",
	"ignore_msr", "install_slot", "limit_pcpu", "limit_rbps",
	"limit_riops", "limit_wbps", "limit_wiops", "loader",
	"loader_timeout", "memory", "networkN_device", "networkN_mac",
	"networkN_name", "networkN_slot", "networkN_span", "networkN_switch",
	"networkN_type", "nulliso_fix", "on_fault", "on_restart",
	"passthruN", "passthruN_options", "poststart", "poststop",
	"prestart", "prestop", "priority",
	"shareN_name", "shareN_path", "shareN_ro", "shareN_slot", "sound",
	"sound_play", "sound_rec", "start_slot", "stop_timeout", "tags",
	"tpm", "tpm_path", "tpm_version", "uefi_vars", "utctime", "uuid",
	"virt_consoleN", "virt_random", "vnc_password", "wired_memory",
	"xhci_mouse", "zfs_dataset_opts", "zfs_zvol_opts",
};

/* Disk emulations bhyve has that a diskN_type may name. */
static const char *const model_disktypes[] = {
	"ahci-cd", "ahci-hd", "nvme", "virtio-9p", "virtio-blk",
	"virtio-scsi",
};

/* diskN_dev values (vm-bhyve-compat.md §3.9). */
static const char *const model_diskdevs[] = {
	[DISK_FILE] = "file", [DISK_ZVOL] = "zvol",
	[DISK_SPARSE_ZVOL] = "sparse-zvol", [DISK_CUSTOM] = "custom",
	[DISK_ISCSI] = "iscsi", [DISK_9P] = "9p",
};

/* NIC emulations. */
static const char *const model_nictypes[] = { "e1000", "virtio-net" };

/* Loaders vm-bhyve knows. */
static const char *const model_loaders[] = {
	"bhyveload", "grub", "uefi", "uefi-csm", "uefi-custom", "uefi-devel",
};

/* vm-bhyve's boolean rule. */
bool
model_yesno(const char *v)
{
	if (v == NULL || *v == '\0')
		return (false);
	if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 ||
	    strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0)
		return (false);
	return (true);
}

/* Is v one of the spellings hyve documents for a boolean? */
static bool
model_isbool(const char *v)
{
	static const char *const words[] = {
		"yes", "no", "true", "false", "on", "off", "1", "0",
	};
	size_t	 i;

	if (*v == '\0')
		return (true);
	for (i = 0; i < nitems(words); i++)
		if (strcasecmp(v, words[i]) == 0)
			return (true);
	return (false);
}

/*
 * Memory size the way bhyve's vm_parse_memsize() reads it: a plain
 * number below 1048576 is MiB, a larger one bytes; otherwise a number
 * with one K/M/G/T suffix (any case, powers of 1024).  A trailing "B"
 * after the suffix ("512MB", seen in vm-bhyve's gentoo template) is
 * accepted here and warned about by the caller.
 */
int
model_memsize(const char *s, uint64_t *bytes)
{
	uint64_t	 n = 0;
	const char	*p;
	int		 shift;

	if (!isdigit((unsigned char)*s))
		return (-1);
	for (p = s; isdigit((unsigned char)*p); p++) {
		if (n > (UINT64_MAX - 9) / 10)
			return (-1);
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '\0') {
		*bytes = n < 1048576 ? n << 20 : n;
		return (n == 0 ? -1 : 0);
	}
	switch (tolower((unsigned char)*p)) {
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	case 't':
		shift = 40;
		break;
	default:
		return (-1);
	}
	p++;
	if (*p == 'b' || *p == 'B')
		p++;
	if (*p != '\0' || n == 0 || n > (UINT64_MAX >> shift))
		return (-1);
	*bytes = n << shift;
	return (0);
}

/* Parse a decimal integer in [lo, hi]; -1 if it is not one. */
static int
model_int(const char *s, long long lo, long long hi, long long *out)
{
	const char	*errstr;

	if (*s == '\0' || strspn(s, "0123456789") != strlen(s))
		return (-1);
	*out = strtonum(s, lo, hi, &errstr);
	return (errstr != NULL ? -1 : 0);
}

/* Parse "S", "S:F" or "B:S:F". */
int
model_pciaddr(const char *s, struct pci_addr *a)
{
	long long	 v[3];
	char		*copy, *p, *tok;
	int		 n = 0, rv = -1;

	copy = xstrdup(s);
	for (p = copy; (tok = strsep(&p, ":")) != NULL;) {
		if (n == 3 || model_int(tok, 0, 255, &v[n]) == -1)
			goto done;
		n++;
	}
	switch (n) {
	case 1:
		a->pa_bus = -1;
		a->pa_slot = (int)v[0];
		a->pa_func = 0;
		break;
	case 2:
		a->pa_bus = -1;
		a->pa_slot = (int)v[0];
		a->pa_func = (int)v[1];
		break;
	case 3:
		a->pa_bus = (int)v[0];
		a->pa_slot = (int)v[1];
		a->pa_func = (int)v[2];
		break;
	default:
		goto done;
	}
	if (a->pa_slot > 31 || a->pa_func > 7)
		goto done;
	rv = 0;
done:
	free(copy);
	return (rv);
}

/* The value of key, or NULL. */
static const char *
mget(struct mctx *m, const char *key)
{
	return (conf_get(m->m_conf, key));
}

/* The value of a numbered key ("disk%d_type"), or NULL. */
static const char *
mgetn(struct mctx *m, const char *fmt, int n)
{
	char		 key[64];

	snprintf(key, sizeof(key), fmt, n);
	return (conf_get(m->m_conf, key));
}

/* Line of key for messages. */
static int
mline(struct mctx *m, const char *key)
{
	return (conf_lineof(m->m_conf, key));
}

/* Record an error about key. */
static void
merr(struct mctx *m, const char *key, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
static void
merr(struct mctx *m, const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	diag_error(m->m_d, mline(m, key), key, "%s", msg);
	free(msg);
}

/* Record a warning about key. */
static void
mwarn(struct mctx *m, const char *key, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
static void
mwarn(struct mctx *m, const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	diag_warn(m->m_d, mline(m, key), key, "%s", msg);
	free(msg);
}

/* A copy of the value, or of def when absent (NULL stays NULL). */
static char *
mstr(struct mctx *m, const char *key, const char *def)
{
	const char	*v;

	if ((v = mget(m, key)) == NULL)
		v = def;
	return (v == NULL ? NULL : xstrdup(v));
}

/* A copy of the value, NULL when absent or empty. */
static char *
mstrne(struct mctx *m, const char *key)
{
	const char	*v;

	if ((v = mget(m, key)) == NULL || *v == '\0')
		return (NULL);
	return (xstrdup(v));
}

/*
 * A boolean.  Absent gives def; present is vm-bhyve's rule, with a
 * warning for a word that is not a boolean (vm-bhyve reads it as yes).
 */
static bool
mbool(struct mctx *m, const char *key, bool def)
{
	const char	*v;

	if ((v = mget(m, key)) == NULL)
		return (def);
	if (!model_isbool(v))
		mwarn(m, key, "\"%s\" is not yes/no/true/false/on/off/1/0; "
		    "read as yes, as vm-bhyve does", v);
	return (model_yesno(v));
}

/* An integer key in [lo, hi], or def when absent. */
static int
mint(struct mctx *m, const char *key, int lo, int hi, int def)
{
	const char	*v;
	long long	 n;

	if ((v = mget(m, key)) == NULL)
		return (def);
	if (model_int(v, lo, hi, &n) == -1) {
		merr(m, key, "\"%s\" is not a whole number from %d to %d",
		    v, lo, hi);
		return (def);
	}
	return ((int)n);
}

/* Look word up in a list, suggesting the closest entry on a miss. */
static int
mlookup(struct mctx *m, const char *key, const char *word,
    const char *const *list, size_t n, const char *what)
{
	const char	*near;
	size_t		 i;

	for (i = 0; i < n; i++)
		if (list[i] != NULL && strcmp(word, list[i]) == 0)
			return ((int)i);
	near = diag_closest(word, list, n);
	if (near != NULL)
		merr(m, key, "unknown %s \"%s\" (did you mean \"%s\"?)", what,
		    word, near);
	else {
		struct buf	*b = buf_new();

		for (i = 0; i < n; i++)
			if (list[i] != NULL)
				buf_addf(b, "%s%s", b->b_len ? ", " : "",
				    list[i]);
		merr(m, key, "unknown %s \"%s\" (one of: %s)", what, word,
		    b->b_data);
		buf_free(b);
	}
	return (-1);
}

/*
 * loader (vm-bhyve-compat.md §3.8).  "uefi-X" with one dash and an
 * unknown X is UEFI with the default firmware, as in vm-bhyve; two
 * dashes are not UEFI at all.
 */
static void
model_loader(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	const char	*v, *fw = m->m_env->me_fwdir, *rom;
	int		 i;

	if ((v = mget(m, "loader")) == NULL || *v == '\0') {
		diag_error(m->m_d, mline(m, "loader"), "loader",
		    "required: set loader to bhyveload, grub, uefi, uefi-csm, "
		    "uefi-devel or uefi-custom%s", mget(m, "guest") != NULL ?
		    " (the old \"guest\" key is not read any more)" : "");
		vm->vm_loaderstr = xstrdup("");
		return;
	}
	vm->vm_loaderstr = xstrdup(v);
	if (strcmp(v, "bhyveload") == 0) {
		vm->vm_loader = LOADER_BHYVELOAD;
		return;
	}
	if (strcmp(v, "grub") == 0) {
		vm->vm_loader = LOADER_GRUB;
		return;
	}
	if (strncmp(v, "uefi", 4) != 0 || (v[4] != '\0' && (v[4] != '-' ||
	    strchr(v + 5, '-') != NULL))) {
		mlookup(m, "loader", v, model_loaders, nitems(model_loaders),
		    "loader");
		return;
	}
	vm->vm_loader = LOADER_UEFI;
	if (strcmp(v, "uefi-csm") == 0)
		rom = "BHYVE_UEFI_CSM.fd";
	else if (strcmp(v, "uefi-devel") == 0)
		rom = "BHYVE_UEFI_CODE-devel.fd";
	else
		rom = "BHYVE_UEFI.fd";
	if (strcmp(v, "uefi-custom") == 0)
		/* Per datastore of the guest, not vm_dir (§1.4). */
		xasprintf(&vm->vm_bootrom, "%s/.config/BHYVE_UEFI.fd",
		    m->m_env->me_dspath);
	else
		xasprintf(&vm->vm_bootrom, "%s/%s", fw, rom);
	for (i = 0; i < (int)nitems(model_loaders); i++)
		if (strcmp(v, model_loaders[i]) == 0)
			return;
	mwarn(m, "loader", "unknown UEFI variant \"%s\": using the default "
	    "firmware %s, as vm-bhyve does", v, vm->vm_bootrom);
}

/* cpu and its topology; bhyve requires cpus = sockets*cores*threads. */
static void
model_cpu(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	long long	 sockets, cores, threads;

	if (mget(m, "cpu") == NULL || *mget(m, "cpu") == '\0')
		merr(m, "cpu", "required: the number of virtual CPUs");
	else
		vm->vm_cpus = mint(m, "cpu", 1, 65535, 0);
	vm->vm_sockets = mint(m, "cpu_sockets", 1, 65535, 0);
	vm->vm_cores = mint(m, "cpu_cores", 1, 65535, 0);
	vm->vm_threads = mint(m, "cpu_threads", 1, 65535, 0);
	if (vm->vm_cpus == 0 || (vm->vm_sockets == 0 && vm->vm_cores == 0 &&
	    vm->vm_threads == 0))
		return;
	/* bhyve's defaults: sockets = cpus, cores = threads = 1. */
	sockets = vm->vm_sockets ? vm->vm_sockets : vm->vm_cpus;
	cores = vm->vm_cores ? vm->vm_cores : 1;
	threads = vm->vm_threads ? vm->vm_threads : 1;
	if (sockets * cores * threads != vm->vm_cpus)
		merr(m, vm->vm_sockets ? "cpu_sockets" : vm->vm_cores ?
		    "cpu_cores" : "cpu_threads", "topology %lld socket(s) x "
		    "%lld core(s) x %lld thread(s) is %lld vCPUs but cpu is "
		    "%d; bhyve refuses this (unset cpu_sockets counts as "
		    "cpu)", sockets, cores, threads, sockets * cores * threads,
		    vm->vm_cpus);
}

/* cpu_pin="V:H V:H ...": hyve's vCPU pinning, bhyve -p. */
static void
model_pins(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	const char	*v;
	char		*copy, *p, *tok, *colon;
	long long	 vc, host;

	if ((v = mget(m, "cpu_pin")) == NULL)
		return;
	copy = xstrdup(v);
	for (p = copy; (tok = strsep(&p, " \t")) != NULL;) {
		if (*tok == '\0')
			continue;
		if ((colon = strchr(tok, ':')) == NULL)
			goto bad;
		*colon = '\0';
		if (model_int(tok, 0, 65534, &vc) == -1 ||
		    model_int(colon + 1, 0, 65535, &host) == -1)
			goto bad;
		if (vm->vm_cpus > 0 && vc >= vm->vm_cpus) {
			merr(m, "cpu_pin", "vCPU %lld does not exist: the "
			    "guest has %d (numbered from 0)", vc, vm->vm_cpus);
			continue;
		}
		if (vm->vm_npins == VM_MAXPINS) {
			merr(m, "cpu_pin", "more than %d pins", VM_MAXPINS);
			break;
		}
		vm->vm_pins[vm->vm_npins].vp_vcpu = (int)vc;
		vm->vm_pins[vm->vm_npins].vp_host = (int)host;
		vm->vm_npins++;
		continue;
bad:
		if (colon != NULL)
			*colon = ':';	/* quote the pair as written */
		merr(m, "cpu_pin", "\"%s\" is not VCPU:HOSTCPU (e.g. "
		    "cpu_pin=\"0:2 1:3\")", tok);
	}
	free(copy);
}

/* memory, passed verbatim to bhyve and the loaders. */
static void
model_memory(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	const char	*v;
	size_t		 len;

	if ((v = mget(m, "memory")) == NULL || *v == '\0') {
		merr(m, "memory", "required: the guest's memory, e.g. 512M "
		    "or 4G");
		return;
	}
	vm->vm_memory = xstrdup(v);
	if (model_memsize(v, &vm->vm_memory_bytes) == -1) {
		merr(m, "memory", "\"%s\" is not a size bhyve accepts: a "
		    "number with K, M, G or T (e.g. 512M, 4G)", v);
		return;
	}
	len = strlen(v);
	if (v[len - 1] == 'b' || v[len - 1] == 'B')
		mwarn(m, "memory", "\"%s\": write the size without \"B\" "
		    "(e.g. %.*s); bhyve's parser may refuse it", v,
		    (int)len - 1, v);
}

/* The path bhyve opens for a disk (vm-bhyve-compat.md §3.9), byte exact. */
static char *
model_diskpath(struct mctx *m, struct vm_disk *dk, const char *key)
{
	const struct model_env	*env = m->m_env;
	char			*p;

	switch (dk->dk_dev) {
	case DISK_ZVOL:
	case DISK_SPARSE_ZVOL:
		if (env->me_dataset == NULL) {
			merr(m, key, "a %s disk needs a ZFS datastore "
			    "(vm_dir=\"zfs:pool/dataset\"); this guest is on "
			    "the directory %s", model_diskdevs[dk->dk_dev],
			    env->me_dspath);
			return (NULL);
		}
		xasprintf(&p, "/dev/zvol/%s/%s/%s", env->me_dataset,
		    env->me_name, dk->dk_name);
		return (p);
	case DISK_CUSTOM:
	case DISK_9P:
		return (xstrdup(dk->dk_name));
	case DISK_ISCSI:
		merr(m, key, "iscsi disks are not supported by hyve yet: use "
		    "disk%d_dev=\"custom\" with the /dev/daN path", dk->dk_index);
		return (NULL);
	default:
		/*
		 * GDIR/DISK with GDIR built from DSPATH as configured, never
		 * normalised: bhyve hashes the path into the disk serial.
		 */
		xasprintf(&p, "%s/%s", m->m_vm->vm_dir, dk->dk_name);
		return (p);
	}
}

/*
 * Disks: diskN_type and diskN_name, stopping at the first N that lacks
 * either (vm-bhyve-compat.md §2.3).
 */
static void
model_disks(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	struct vm_disk	*dk;
	const char	*type, *name, *dev, *v, *near;
	char		 key[64];
	int		 n, i;

	for (n = 0; n < VM_MAXDISKS; n++) {
		type = mgetn(m, "disk%d_type", n);
		name = mgetn(m, "disk%d_name", n);
		if (type == NULL || *type == '\0' || name == NULL ||
		    *name == '\0') {
			if ((type != NULL && *type != '\0') ||
			    (name != NULL && *name != '\0')) {
				snprintf(key, sizeof(key), type == NULL ||
				    *type == '\0' ? "disk%d_type" :
				    "disk%d_name", n);
				merr(m, key, "missing: disk%d needs both "
				    "disk%d_type and disk%d_name (vm-bhyve "
				    "would ignore disk%d and every disk after "
				    "it)", n, n, n, n);
			}
			break;
		}
		dk = &vm->vm_disks[vm->vm_ndisks++];
		dk->dk_index = n;
		dk->dk_type = xstrdup(type);
		dk->dk_name = xstrdup(name);
		snprintf(key, sizeof(key), "disk%d_type", n);
		if (strcmp(type, "ahci") == 0)
			merr(m, key, "\"ahci\" is a controller: use ahci-hd "
			    "or ahci-cd (vm-bhyve silently drops such a disk)");
		else
			mlookup(m, key, type, model_disktypes,
			    nitems(model_disktypes), "disk type");
		snprintf(key, sizeof(key), "disk%d_dev", n);
		dev = mget(m, key);
		dk->dk_dev = DISK_FILE;
		if (dev != NULL && *dev != '\0') {
			for (i = 0; i < (int)nitems(model_diskdevs); i++)
				if (strcmp(dev, model_diskdevs[i]) == 0)
					break;
			if (i < (int)nitems(model_diskdevs))
				dk->dk_dev = (enum disk_dev)i;
			else if ((near = diag_closest(dev, model_diskdevs,
			    nitems(model_diskdevs))) != NULL)
				mwarn(m, key, "unknown device kind \"%s\" (did "
				    "you mean \"%s\"?): treated as a file in the "
				    "guest's directory, as vm-bhyve does", dev,
				    near);
			else
				mwarn(m, key, "unknown device kind \"%s\": "
				    "treated as a file in the guest's "
				    "directory, as vm-bhyve does", dev);
		}
		if (dk->dk_dev == DISK_9P && strcmp(type, "virtio-9p") != 0 &&
		    !(n == 0 && vm->vm_loader == LOADER_BHYVELOAD))
			mwarn(m, key, "a 9p disk is a virtio-9p share");
		snprintf(key, sizeof(key), "disk%d_name", n);
		if ((dk->dk_dev == DISK_FILE || dk->dk_dev == DISK_ZVOL ||
		    dk->dk_dev == DISK_SPARSE_ZVOL) &&
		    (strchr(name, '/') != NULL || strcmp(name, "..") == 0))
			merr(m, key, "\"%s\" must be a plain name inside the "
			    "guest's %s; for a path elsewhere set "
			    "disk%d_dev=\"custom\"", name, dk->dk_dev ==
			    DISK_FILE ? "directory" : "dataset", n);
		else
			dk->dk_path = model_diskpath(m, dk, key);
		if (dk->dk_path != NULL && strpbrk(dk->dk_path, ", \t") !=
		    NULL)
			merr(m, key, "path \"%s\" holds a comma or blank, "
			    "which bhyve's -s syntax cannot carry", dk->dk_path);
		snprintf(key, sizeof(key), "disk%d_opts", n);
		if ((v = mget(m, key)) != NULL && *v != '\0')
			dk->dk_opts = xstrdup(v);
		snprintf(key, sizeof(key), "disk%d_size", n);
		dk->dk_size = mstrne(m, key);
		snprintf(key, sizeof(key), "disk%d_slot", n);
		if ((v = mget(m, key)) != NULL) {
			if (model_pciaddr(v, &dk->dk_pin) == -1)
				merr(m, key, "\"%s\" is not a PCI slot (S, "
				    "S:F or B:S:F)", v);
			else
				dk->dk_pinned = true;
		}
	}
	if (n == VM_MAXDISKS && mgetn(m, "disk%d_type", n) != NULL)
		merr(m, NULL, "more than %d disks", VM_MAXDISKS);
	/* vm-bhyve stops at the first gap; say so if disks follow it. */
	for (i = n + 1; n < VM_MAXDISKS && i < VM_MAXDISKS; i++) {
		snprintf(key, sizeof(key), "disk%d_type", i);
		if (mget(m, key) == NULL)
			continue;
		mwarn(m, key, "ignored: disk%d is missing, and disks are read "
		    "in order up to the first gap (as vm-bhyve does)", n);
		break;
	}
}

/* Is s a unicast, non-zero MAC address in ethers(5) colon form? */
static bool
model_validmac(const char *s)
{
	unsigned int	 b[6];
	int		 i, n;

	if (strlen(s) != 17)
		return (false);
	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return (false);
	n = sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3],
	    &b[4], &b[5]);
	if (n != 6 || (b[0] & 1) != 0)
		return (false);
	return ((b[0] | b[1] | b[2] | b[3] | b[4] | b[5]) != 0);
}

/*
 * Is s usable as an interface name?  IFNAMSIZ is 16 with the NUL, and
 * the name becomes a word of ifconfig(8) and bhyve arguments.
 */
static bool
model_validifname(const char *s)
{
	size_t	 len = strlen(s);

	if (len == 0 || len > 15 || !isalpha((unsigned char)s[0]))
		return (false);
	return (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-_") == len);
}

/* NICs: networkN_type, stopping at the first N without one. */
static void
model_nics(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	struct vm_nic	*ni;
	const char	*type, *v;
	char		 key[64];
	int		 n, unknown;

	for (n = 0; n < VM_MAXNICS; n++) {
		type = mgetn(m, "network%d_type", n);
		if (type == NULL || *type == '\0')
			break;
		ni = &vm->vm_nics[vm->vm_nnics++];
		ni->ni_index = n;
		ni->ni_type = xstrdup(type);
		snprintf(key, sizeof(key), "network%d_type", n);
		mlookup(m, key, type, model_nictypes, nitems(model_nictypes),
		    "network type");
		snprintf(key, sizeof(key), "network%d_switch", n);
		ni->ni_switch = mstrne(m, key);
		ni->ni_swtype = sysconf_switchtype(m->m_env->me_sysconf,
		    ni->ni_switch, &unknown);
		if (unknown)
			merr(m, key, "switch \"%s\" has an unknown type in "
			    "system.conf (type_%s)", ni->ni_switch,
			    ni->ni_switch);
		snprintf(key, sizeof(key), "network%d_mac", n);
		if ((v = mget(m, key)) != NULL && *v != '\0') {
			if (!model_validmac(v))
				merr(m, key, "\"%s\" is not a unicast MAC "
				    "address like 58:9c:fc:00:00:01", v);
			ni->ni_mac = xstrdup(v);
		}
		snprintf(key, sizeof(key), "network%d_device", n);
		ni->ni_device = mstrne(m, key);
		snprintf(key, sizeof(key), "network%d_name", n);
		ni->ni_name = mstrne(m, key);
		if (ni->ni_name != NULL && !model_validifname(ni->ni_name))
			merr(m, key, "\"%s\" is not a usable interface name "
			    "(at most 15 letters, digits, '.', '-', '_', "
			    "starting with a letter)", ni->ni_name);
		snprintf(key, sizeof(key), "network%d_device", n);
		if (ni->ni_device != NULL &&
		    !model_validifname(ni->ni_device))
			merr(m, key, "\"%s\" is not an interface name",
			    ni->ni_device);
		snprintf(key, sizeof(key), "network%d_span", n);
		ni->ni_span = mbool(m, key, false);
		snprintf(key, sizeof(key), "network%d_switch", n);
		if (ni->ni_swtype == SWITCH_NONE)
			mwarn(m, key, "network%d has no switch: hyve attaches "
			    "it unconnected%s, as vm-bhyve documents, but "
			    "vm-bhyve itself would leave this NIC out", n,
			    ni->ni_device != NULL ? " on its device" : "");
		snprintf(key, sizeof(key), "network%d_slot", n);
		if ((v = mget(m, key)) != NULL) {
			if (model_pciaddr(v, &ni->ni_pin) == -1)
				merr(m, key, "\"%s\" is not a PCI slot (S, "
				    "S:F or B:S:F)", v);
			else
				ni->ni_pinned = true;
		}
	}
}

/* passthruN = "B/S/F" or "B/S/F=SLOT:FUNC", with passthruN_options. */
static void
model_passthru(struct mctx *m)
{
	struct vm		*vm = m->m_vm;
	struct vm_passthru	*pt;
	const char		*v, *eq;
	char			 key[64];
	long long		 b, s, f;
	int			 n;

	for (n = 0; n < VM_MAXPASSTHRU; n++) {
		v = mgetn(m, "passthru%d", n);
		if (v == NULL || *v == '\0')
			break;
		pt = &vm->vm_passthru[vm->vm_npassthru++];
		pt->pt_index = n;
		snprintf(key, sizeof(key), "passthru%d", n);
		if ((eq = strchr(v, '=')) != NULL) {
			pt->pt_host = xstrndup(v, (size_t)(eq - v));
			pt->pt_forced = true;
			if (model_pciaddr(eq + 1, &pt->pt_at) == -1 ||
			    pt->pt_at.pa_bus != -1)
				merr(m, key, "\"%s\" is not a guest SLOT:FUNC "
				    "(e.g. %s=7:0)", eq + 1, pt->pt_host);
		} else
			pt->pt_host = xstrdup(v);
		if (sscanf(pt->pt_host, "%lld/%lld/%lld", &b, &s, &f) != 3 &&
		    strncmp(pt->pt_host, "ppt", 3) != 0)
			merr(m, key, "\"%s\" is not a host device: use "
			    "BUS/SLOT/FUNC as pciconf -l shows it (e.g. "
			    "2/0/0)", pt->pt_host);
		snprintf(key, sizeof(key), "passthru%d_options", n);
		pt->pt_opts = mstrne(m, key);
	}
}

/* virt_consoleN: yes/on/1 means a numbered port, anything else a name. */
static void
model_consoles(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	const char	*v;
	char		 key[64];
	int		 n;

	for (n = 0; n < VM_MAXCONSOLES; n++) {
		v = mgetn(m, "virt_console%d", n);
		if (v == NULL || *v == '\0')
			break;
		snprintf(key, sizeof(key), "virt_console%d", n);
		if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "on") == 0 ||
		    strcmp(v, "1") == 0)
			xasprintf(&vm->vm_consoles[n], "%d", n);
		else {
			if (strpbrk(v, "/,= \t") != NULL)
				merr(m, key, "port name \"%s\" cannot hold "
				    "'/', ',', '=' or blanks", v);
			vm->vm_consoles[n] = xstrdup(v);
		}
		vm->vm_nconsoles++;
	}
}

/* comports: space-separated com1..com4, in order of the nmdm index. */
static void
model_comports(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	const char	*v;
	char		*copy, *p, *tok;
	int		 i;

	/* Absent means com1; an empty value means none at all. */
	if ((v = mget(m, "comports")) == NULL)
		v = "com1";
	copy = xstrdup(v);
	for (p = copy; (tok = strsep(&p, " \t")) != NULL;) {
		if (*tok == '\0')
			continue;
		if (strlen(tok) != 4 || strncmp(tok, "com", 3) != 0 ||
		    tok[3] < '1' || tok[3] > '4') {
			merr(m, "comports", "\"%s\" is not a COM port: bhyve "
			    "has com1, com2, com3 and com4", tok);
			continue;
		}
		for (i = 0; i < vm->vm_ncomports; i++)
			if (strcmp(vm->vm_comports[i], tok) == 0)
				break;
		if (i < vm->vm_ncomports) {
			merr(m, "comports", "%s is listed twice", tok);
			continue;
		}
		vm->vm_comports[vm->vm_ncomports++] = xstrdup(tok);
	}
	free(copy);
	if (vm->vm_ncomports == 0 && vm->vm_loader != LOADER_UEFI &&
	    *vm->vm_loaderstr != '\0')
		mwarn(m, "comports", "no COM port: the loader gets no console "
		    "(vm-bhyve would pass it a bare -c)");
}

/* graphics and its options (vm-bhyve-compat.md §3.5.7). */
static void
model_graphics(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	const char	*v, *x;

	vm->vm_graphics = mbool(m, "graphics", false);
	vm->vm_graphics_port = mint(m, "graphics_port", 1, 65535, 0);
	vm->vm_graphics_listen = mstr(m, "graphics_listen", "0.0.0.0");
	if ((v = mget(m, "graphics_res")) != NULL && *v != '\0') {
		/* w= is the text before the first x, h= after the last. */
		if ((x = strchr(v, 'x')) == NULL)
			merr(m, "graphics_res", "\"%s\" is not WIDTHxHEIGHT",
			    v);
		else {
			vm->vm_graphics_w = xstrndup(v, (size_t)(x - v));
			vm->vm_graphics_h = xstrdup(strrchr(v, 'x') + 1);
		}
	}
	vm->vm_graphics_vga = mstrne(m, "graphics_vga");
	if (vm->vm_graphics_vga != NULL &&
	    strcmp(vm->vm_graphics_vga, "io") != 0 &&
	    strcmp(vm->vm_graphics_vga, "on") != 0 &&
	    strcmp(vm->vm_graphics_vga, "off") != 0)
		merr(m, "graphics_vga", "\"%s\" must be io, on or off",
		    vm->vm_graphics_vga);
	vm->vm_graphics_wait = mstr(m, "graphics_wait", "auto");
	if (strcmp(vm->vm_graphics_wait, "auto") != 0)
		(void)mbool(m, "graphics_wait", false);
	vm->vm_vnc_password = mstrne(m, "vnc_password");
	if (vm->vm_vnc_password != NULL &&
	    strchr(vm->vm_vnc_password, ',') != NULL)
		merr(m, "vnc_password", "cannot hold ',' (bhyve's option "
		    "separator)");
	if (vm->vm_graphics && vm->vm_loader != LOADER_UEFI &&
	    *vm->vm_loaderstr != '\0')
		mwarn(m, "graphics", "needs a UEFI loader: no framebuffer "
		    "with loader=\"%s\" (vm-bhyve ignores it too)",
		    vm->vm_loaderstr);
	vm->vm_xhci_mouse = mbool(m, "xhci_mouse", false);
	vm->vm_sound = mbool(m, "sound", false);
	vm->vm_sound_play = mstr(m, "sound_play", "/dev/dsp0");
	vm->vm_sound_rec = mstrne(m, "sound_rec");
}

/* grub_installN / grub_runN command lists. */
static int
model_grublist(struct mctx *m, const char *fmt, char **v)
{
	const char	*s;
	int		 n;

	for (n = 0; n < VM_MAXGRUB; n++) {
		if ((s = mgetn(m, fmt, n)) == NULL || *s == '\0')
			break;
		v[n] = xstrdup(s);
	}
	return (n);
}

/* shareN_*: hyve's virtio-9p host directory shares. */
static void
model_shares(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	struct vm_share	*sh;
	const char	*name, *path, *v;
	char		 key[64];
	int		 n;

	for (n = 0; n < VM_MAXSHARES; n++) {
		name = mgetn(m, "share%d_name", n);
		path = mgetn(m, "share%d_path", n);
		if ((name == NULL || *name == '\0') && (path == NULL ||
		    *path == '\0'))
			break;
		sh = &vm->vm_shares[vm->vm_nshares++];
		sh->sh_index = n;
		snprintf(key, sizeof(key), "share%d_name", n);
		if (name == NULL || *name == '\0' || strpbrk(name,
		    "=,/ \t") != NULL)
			merr(m, key, "required: the 9p tag the guest mounts, "
			    "without '=', ',', '/' or blanks");
		sh->sh_name = xstrdup(name == NULL ? "" : name);
		snprintf(key, sizeof(key), "share%d_path", n);
		if (path == NULL || *path != '/' || strpbrk(path, ", \t") !=
		    NULL)
			merr(m, key, "required: an absolute host directory "
			    "without ',' or blanks");
		sh->sh_path = xstrdup(path == NULL ? "" : path);
		snprintf(key, sizeof(key), "share%d_ro", n);
		sh->sh_ro = mbool(m, key, false);
		snprintf(key, sizeof(key), "share%d_slot", n);
		if ((v = mget(m, key)) != NULL) {
			if (model_pciaddr(v, &sh->sh_pin) == -1)
				merr(m, key, "\"%s\" is not a PCI slot (S, "
				    "S:F or B:S:F)", v);
			else
				sh->sh_pinned = true;
		}
	}
}

/* tpm: hyve's TPM 2.0 (swtpm, or a host TPM passed through). */
static void
model_tpm(struct mctx *m)
{
	static const char *const kinds[] = { "none", "swtpm", "passthru" };
	struct vm	*vm = m->m_vm;
	const char	*v;
	int		 i;

	if ((v = mget(m, "tpm")) == NULL || *v == '\0')
		return;
	if ((i = mlookup(m, "tpm", v, kinds, nitems(kinds), "TPM kind")) ==
	    -1)
		return;
	vm->vm_tpm = (enum vm_tpm)i;
	vm->vm_tpm_path = mstrne(m, "tpm_path");
	vm->vm_tpm_version = mstr(m, "tpm_version", "2.0");
	if (strcmp(vm->vm_tpm_version, "2.0") != 0)
		merr(m, "tpm_version", "bhyve emulates TPM 2.0 only");
	if (vm->vm_tpm == TPM_PASSTHRU && (vm->vm_tpm_path == NULL ||
	    vm->vm_tpm_path[0] != '/'))
		merr(m, "tpm_path", "required with tpm=\"passthru\": the host "
		    "TPM device, e.g. /dev/tpm0");
	if (vm->vm_tpm != TPM_NONE && vm->vm_loader != LOADER_UEFI &&
	    *vm->vm_loaderstr != '\0')
		merr(m, "tpm", "a TPM needs a UEFI loader (its ACPI table "
		    "comes from the firmware)");
}

/* Is s a UUID in the 8-4-4-4-12 hex form bhyve's -U takes? */
static bool
model_validuuid(const char *s)
{
	int	 i;

	if (strlen(s) != 36)
		return (false);
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return (false);
		} else if (!isxdigit((unsigned char)s[i]))
			return (false);
	}
	return (true);
}

/* The keys that shape the machine but are no device family. */
static void
model_machine(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	const char	*v;
	long long	 n;

	vm->vm_wired = mbool(m, "wired_memory", false);
	v = mget(m, "hostbridge");
	vm->vm_hostbridge = HOSTBRIDGE_STANDARD;
	if (v != NULL && strcmp(v, "amd") == 0)
		vm->vm_hostbridge = HOSTBRIDGE_AMD;
	else if (v != NULL && strncmp(v, "no", 2) == 0)
		/* vm-bhyve: any value starting "no" means none. */
		vm->vm_hostbridge = HOSTBRIDGE_NONE;
	else if (v != NULL && *v != '\0' && strcmp(v, "standard") != 0)
		mwarn(m, "hostbridge", "\"%s\" is not standard, amd or none; "
		    "using standard, as vm-bhyve does", v);
	vm->vm_fwcfg = mstrne(m, "fwcfg");
	if (vm->vm_fwcfg != NULL && strcmp(vm->vm_fwcfg, "bhyve") != 0 &&
	    strcmp(vm->vm_fwcfg, "qemu") != 0)
		merr(m, "fwcfg", "\"%s\" must be bhyve or qemu", vm->vm_fwcfg);
	else if (vm->vm_fwcfg != NULL)
		mwarn(m, "fwcfg", "hyve sets lpc.fwcfg=%s; vm-bhyve passes it "
		    "as an option of the lpc device, which bhyve ignores, so "
		    "under vm-bhyve this key has no effect", vm->vm_fwcfg);
	vm->vm_utctime = mbool(m, "utctime", true);
	vm->vm_ignore_msr = mbool(m, "ignore_msr", false);
	if (mget(m, "ignore_msr") == NULL &&
	    mget(m, "ignore_bad_msr") != NULL) {
		vm->vm_ignore_msr = mbool(m, "ignore_bad_msr", false);
		if (vm->vm_ignore_msr)
			mwarn(m, "ignore_bad_msr", "honoured by hyve, but "
			    "vm-bhyve reads ignore_msr (ignore_bad_msr is only "
			    "its sample's name): under vm-bhyve this guest "
			    "would not ignore bad MSRs");
	}
	vm->vm_bhyve_options = mstrne(m, "bhyve_options");
	vm->vm_debug = mbool(m, "debug", false);
	if ((v = mget(m, "uuid")) != NULL && *v != '\0') {
		if (!model_validuuid(v))
			merr(m, "uuid", "\"%s\" is not a UUID like "
			    "5d3c1a2b-7e4f-4a10-9b8c-112233445566 (bhyve -U "
			    "refuses it); remove the line to get a new one", v);
		vm->vm_uuid = xstrdup(v);
	}
	vm->vm_start_slot = mint(m, "start_slot", 1, 30, 4);
	vm->vm_install_slot = mint(m, "install_slot", 1, 30, 3);
	/* vm-bhyve: only all digits and 2..32 count; anything else is 1. */
	vm->vm_ahci_limit = 1;
	if ((v = mget(m, "ahci_device_limit")) != NULL) {
		if (model_int(v, 2, 32, &n) == 0)
			vm->vm_ahci_limit = (int)n;
		else if (strcmp(v, "1") != 0 && *v != '\0')
			mwarn(m, "ahci_device_limit", "\"%s\" is not 2 to 32: "
			    "one disk per controller, as vm-bhyve does", v);
	}
	vm->vm_virt_random = mbool(m, "virt_random", false);
}

/* Loader options. */
static void
model_loaderopts(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	long long	 n;

	vm->vm_uefi_vars = mbool(m, "uefi_vars", false);
	vm->vm_nulliso_fix = mbool(m, "nulliso_fix", false);
	if (vm->vm_nulliso_fix && strcmp(vm->vm_loaderstr, "uefi") != 0)
		mwarn(m, "nulliso_fix", "has no effect unless loader is "
		    "exactly \"uefi\"");
	vm->vm_loader_timeout = mstr(m, "loader_timeout", "3");
	if (model_int(vm->vm_loader_timeout, 0, 86400, &n) == -1)
		merr(m, "loader_timeout", "\"%s\" is not a number of seconds",
		    vm->vm_loader_timeout);
	vm->vm_bhyveload_args = mstrne(m, "bhyveload_args");
	vm->vm_bhyveload_loader = mstrne(m, "bhyveload_loader");
	vm->vm_ngrub_install = model_grublist(m, "grub_install%d",
	    vm->vm_grub_install);
	vm->vm_ngrub_run = model_grublist(m, "grub_run%d", vm->vm_grub_run);
	vm->vm_grub_run_partition = mstrne(m, "grub_run_partition");
	vm->vm_grub_run_no_partition = mbool(m, "grub_run_no_partition",
	    false);
	if (vm->vm_grub_run_no_partition)
		mwarn(m, "grub_run_no_partition", "honoured by hyve (root is "
		    "hd0), but vm-bhyve never applies this key");
	vm->vm_grub_run_dir = mstrne(m, "grub_run_dir");
	vm->vm_grub_run_file = mstrne(m, "grub_run_file");
	if (vm->vm_loader != LOADER_UEFI && *vm->vm_loaderstr != '\0' &&
	    vm->vm_ndisks == 0)
		merr(m, "disk0_name", "loader \"%s\" boots from disk0: add "
		    "disk0_type and disk0_name", vm->vm_loaderstr);
}

/* What happens around the guest's life: policies, hooks, limits. */
static void
model_lifecycle(struct mctx *m)
{
	struct vm	*vm = m->m_vm;
	const char	*v;
	long long	 n;

	vm->vm_on_restart = mstr(m, "on_restart", "restart");
	vm->vm_on_fault = mstr(m, "on_fault", "shutdown");
	if (strcmp(vm->vm_on_restart, "restart") != 0 &&
	    strcmp(vm->vm_on_restart, "shutdown") != 0 &&
	    strcmp(vm->vm_on_restart, "stop") != 0)
		mwarn(m, "on_restart", "\"%s\" is not restart or shutdown; "
		    "anything but restart stops the guest", vm->vm_on_restart);
	if (strcmp(vm->vm_on_fault, "restart") != 0 &&
	    strcmp(vm->vm_on_fault, "shutdown") != 0 &&
	    strcmp(vm->vm_on_fault, "stop") != 0)
		mwarn(m, "on_fault", "\"%s\" is not restart or shutdown; "
		    "anything but restart stops the guest", vm->vm_on_fault);
	vm->vm_prestart = mstrne(m, "prestart");
	vm->vm_poststart = mstrne(m, "poststart");
	vm->vm_prestop = mstrne(m, "prestop");
	vm->vm_poststop = mstrne(m, "poststop");
	vm->vm_hook_timeout = mint(m, "hook_timeout", 1, 3600,
	    VM_HOOK_TIMEOUT);
	/*
	 * autostart absent leaves the choice to hyve.conf's vm_list, as
	 * on a vm-bhyve host; present, it wins, so that renaming or
	 * destroying a guest cannot leave a stale entry behind.
	 */
	vm->vm_autostart = mget(m, "autostart") == NULL ? -1 :
	    mbool(m, "autostart", false);
	vm->vm_autostart_order = mint(m, "autostart_order", 0, 9999,
	    VM_AUTOSTART_ORDER);
	if ((v = mget(m, "priority")) != NULL && *v != '\0') {
		if (model_int(v[0] == '-' ? v + 1 : v, 0, 20, &n) == -1)
			merr(m, "priority", "\"%s\" is not a nice value from "
			    "-20 to 20", v);
		vm->vm_priority = xstrdup(v);
	}
	vm->vm_limit_pcpu = mstrne(m, "limit_pcpu");
	vm->vm_limit_rbps = mstrne(m, "limit_rbps");
	vm->vm_limit_wbps = mstrne(m, "limit_wbps");
	vm->vm_limit_riops = mstrne(m, "limit_riops");
	vm->vm_limit_wiops = mstrne(m, "limit_wiops");
	vm->vm_stop_timeout = mint(m, "stop_timeout", 1, 86400,
	    VM_STOP_TIMEOUT);
	vm->vm_fault_limit = mint(m, "fault_limit", 0, 1000, VM_FAULT_LIMIT);
	vm->vm_fault_window = mint(m, "fault_window", 1, 86400,
	    VM_FAULT_WINDOW);
	vm->vm_zfs_dataset_opts = mstrne(m, "zfs_dataset_opts");
	vm->vm_zfs_zvol_opts = mstrne(m, "zfs_zvol_opts");
	vm->vm_tags = mstrne(m, "tags");
	if (mget(m, "guest") != NULL)
		mwarn(m, "guest", "no longer read by vm-bhyve or hyve; the "
		    "loader key says how to boot");
}

/* Contradictions between keys, fixed up or refused. */
static void
model_consistency(struct mctx *m)
{
	struct vm	*vm = m->m_vm;

	/*
	 * PCI passthrough needs wired memory.  vm-bhyve adds -S whenever
	 * there is a passthru device, so hyve does too; say so when the
	 * file asks for the opposite.
	 */
	if (vm->vm_npassthru > 0 && mget(m, "wired_memory") != NULL &&
	    !vm->vm_wired)
		mwarn(m, "wired_memory", "passthru devices need wired "
		    "memory: the guest's memory is wired anyway");
	if (vm->vm_uefi_vars && vm->vm_loader != LOADER_UEFI &&
	    *vm->vm_loaderstr != '\0')
		mwarn(m, "uefi_vars", "ignored: loader \"%s\" is not UEFI",
		    vm->vm_loaderstr);
}

/* Replace each run of digits with "N": "disk0_type" -> "diskN_type". */
static void
model_keyshape(const char *key, char *out, size_t len, char *digits,
    size_t dlen)
{
	size_t	 o = 0;

	*digits = '\0';
	while (*key != '\0' && o + 1 < len) {
		if (isdigit((unsigned char)*key)) {
			if (*digits == '\0')
				snprintf(digits, dlen, "%.*s",
				    (int)strspn(key, "0123456789"), key);
			key += strspn(key, "0123456789");
			out[o++] = 'N';
			continue;
		}
		out[o++] = *key++;
	}
	out[o] = '\0';
}

/* Warn about keys neither vm-bhyve nor hyve knows, with a suggestion. */
static void
model_unknown(struct mctx *m)
{
	const struct conf	*c = m->m_conf;
	const char		*key, *near;
	char			 shape[128], digits[32], sugg[160];
	size_t			 i, j, k;

	for (i = 0; i < c->c_n; i++) {
		key = c->c_lines[i].cl_key;
		if (key == NULL || strchr(c->c_lines[i].cl_raw, '=') == NULL)
			continue;
		model_keyshape(key, shape, sizeof(shape), digits,
		    sizeof(digits));
		for (j = 0; j < nitems(model_keys); j++)
			if (strcmp(shape, model_keys[j]) == 0)
				break;
		if (j < nitems(model_keys))
			continue;
		near = diag_closest(shape, model_keys, nitems(model_keys));
		for (j = 0; near == NULL && j < nitems(model_keys); j++)
			if (strncmp(shape, model_keys[j],
			    strlen(model_keys[j])) == 0 &&
			    shape[strlen(model_keys[j])] == '_')
				near = model_keys[j];
		if (near == NULL) {
			diag_warn(m->m_d, (int)i + 1, key, "unknown key, "
			    "ignored");
			continue;
		}
		/* Put the key's own number back into the suggestion. */
		for (j = k = 0; near[j] != '\0' && k + 32 < sizeof(sugg);
		    j++) {
			if (near[j] == 'N' && *digits != '\0') {
				k += (size_t)snprintf(sugg + k,
				    sizeof(sugg) - k, "%s", digits);
				continue;
			}
			sugg[k++] = near[j] == 'N' ? '0' : near[j];
		}
		sugg[k] = '\0';
		diag_warn(m->m_d, (int)i + 1, key, "unknown key, ignored "
		    "(did you mean \"%s\"?)", sugg);
	}
}

/* Build a guest from its config. */
struct vm *
model_load(const struct conf *c, const struct model_env *env,
    struct diag *d)
{
	struct mctx	 m;
	struct vm	*vm;

	vm = xcalloc(1, sizeof(*vm));
	vm->vm_name = xstrdup(env->me_name);
	vm->vm_dspath = xstrdup(env->me_dspath);
	if (env->me_gdir != NULL)
		vm->vm_dir = xstrdup(env->me_gdir);
	else
		xasprintf(&vm->vm_dir, "%s/%s", env->me_dspath, env->me_name);
	vm->vm_dataset = env->me_dataset ? xstrdup(env->me_dataset) : NULL;
	vm->vm_vmdir = xstrdup(env->me_vmdir);
	vm->vm_conffile = xstrdup(c->c_path);

	m.m_conf = c;
	m.m_env = env;
	m.m_d = d;
	m.m_vm = vm;
	conf_lint(c, d);
	model_unknown(&m);
	model_loader(&m);
	model_cpu(&m);
	model_pins(&m);
	model_memory(&m);
	model_machine(&m);
	model_comports(&m);
	model_disks(&m);
	model_loaderopts(&m);
	model_nics(&m);
	model_passthru(&m);
	model_graphics(&m);
	model_consoles(&m);
	model_shares(&m);
	model_tpm(&m);
	model_lifecycle(&m);
	model_consistency(&m);
	return (vm);
}

/* Free a string array of n entries. */
static void
model_freev(char **v, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
}

/* Free a guest and everything it owns. */
void
vm_free(struct vm *vm)
{
	int	 i;

	if (vm == NULL)
		return;
	free(vm->vm_name);
	free(vm->vm_dir);
	free(vm->vm_dspath);
	free(vm->vm_dataset);
	free(vm->vm_vmdir);
	free(vm->vm_conffile);
	free(vm->vm_loaderstr);
	free(vm->vm_bootrom);
	free(vm->vm_loader_timeout);
	free(vm->vm_bhyveload_args);
	free(vm->vm_bhyveload_loader);
	model_freev(vm->vm_grub_install, vm->vm_ngrub_install);
	model_freev(vm->vm_grub_run, vm->vm_ngrub_run);
	free(vm->vm_grub_run_partition);
	free(vm->vm_grub_run_dir);
	free(vm->vm_grub_run_file);
	free(vm->vm_memory);
	free(vm->vm_fwcfg);
	model_freev(vm->vm_comports, vm->vm_ncomports);
	free(vm->vm_bhyve_options);
	free(vm->vm_uuid);
	for (i = 0; i < vm->vm_ndisks; i++) {
		free(vm->vm_disks[i].dk_type);
		free(vm->vm_disks[i].dk_name);
		free(vm->vm_disks[i].dk_opts);
		free(vm->vm_disks[i].dk_path);
		free(vm->vm_disks[i].dk_size);
	}
	for (i = 0; i < vm->vm_nnics; i++) {
		free(vm->vm_nics[i].ni_type);
		free(vm->vm_nics[i].ni_switch);
		free(vm->vm_nics[i].ni_mac);
		free(vm->vm_nics[i].ni_device);
		free(vm->vm_nics[i].ni_name);
	}
	for (i = 0; i < vm->vm_npassthru; i++) {
		free(vm->vm_passthru[i].pt_host);
		free(vm->vm_passthru[i].pt_opts);
	}
	free(vm->vm_graphics_listen);
	free(vm->vm_graphics_w);
	free(vm->vm_graphics_h);
	free(vm->vm_graphics_vga);
	free(vm->vm_graphics_wait);
	free(vm->vm_vnc_password);
	free(vm->vm_sound_play);
	free(vm->vm_sound_rec);
	model_freev(vm->vm_consoles, vm->vm_nconsoles);
	for (i = 0; i < vm->vm_nshares; i++) {
		free(vm->vm_shares[i].sh_name);
		free(vm->vm_shares[i].sh_path);
	}
	free(vm->vm_tpm_path);
	free(vm->vm_tpm_version);
	free(vm->vm_on_restart);
	free(vm->vm_on_fault);
	free(vm->vm_prestart);
	free(vm->vm_poststart);
	free(vm->vm_prestop);
	free(vm->vm_poststop);
	free(vm->vm_priority);
	free(vm->vm_limit_pcpu);
	free(vm->vm_limit_rbps);
	free(vm->vm_limit_wbps);
	free(vm->vm_limit_riops);
	free(vm->vm_limit_wiops);
	free(vm->vm_zfs_dataset_opts);
	free(vm->vm_zfs_zvol_opts);
	free(vm->vm_tags);
	free(vm);
}

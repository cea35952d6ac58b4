/*
 * bhyve.c - the commands that run one boot of a guest.
 *
 * bhyve_argv() is vm-bhyve 1.7.1+'s bhyve command line word for word
 * (vm-bhyve-compat.md §3), quirks included: a guest moved from vm-bhyve
 * must see the same hardware, and the golden tests compare argv texts.
 *
 * bhyve_config() describes the same machine as a bhyve_config(5) file,
 * which is how hyve really starts bhyve.  Each key is the one bhyve's
 * own legacy option parsers store for the command line word
 * (bhyve-reference.md §2.5; FreeBSD usr.sbin/bhyve pci_emul.c
 * pci_parse_legacy_config(), block_if.c blockif_legacy_config(),
 * net_backends.c netbe_legacy_config(), pci_passthru.c
 * passthru_legacy_config(), pci_virtio_console.c, pci_virtio_9p.c), so
 * both forms give bhyve the same configuration tree.  Values hyve knows
 * whole (paths, the VNC password) are written whole, never split at
 * commas; only option lists the user wrote (diskN_opts,
 * passthruN_options) are split the way bhyve splits them.
 *
 * bhyve_loader() is vm-bhyve's loader step (vm-bhyve-compat.md §4).
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "argv.h"
#include "bhyve.h"
#include "buf.h"
#include "model.h"
#include "paths.h"
#include "slots.h"
#include "xmalloc.h"

/* The install device of one boot: "ahci-TYPE,PATH[,OPTS]". */
struct install {
	const char	*in_type;	/* "cd" or "hd" */
	char		*in_path;
	const char	*in_opts;	/* NULL for none */
};

static void	cfg_set(struct buf *, const char *, const char *, ...)
		    __attribute__((__format__(__printf__, 3, 4)));

/* Work out which slot options this boot needs. */
void
bhyve_slotopts(const struct vm *vm, const struct bhyve_run *br,
    struct slot_opts *so)
{
	/*
	 * vm-bhyve attaches the null ISO only for a loader written exactly
	 * "uefi" (not uefi-csm and the like), vm-bhyve-compat.md §3.6.
	 */
	so->so_install = br->br_iso != NULL || (vm->vm_nulliso_fix &&
	    vm->vm_loaderstr != NULL && strcmp(vm->vm_loaderstr, "uefi") == 0);
	so->so_fbuf = vm->vm_loader == LOADER_UEFI && vm->vm_graphics &&
	    br->br_vncport > 0;
}

/*
 * Does vm-bhyve treat the file as an ISO image?  It matches the regex
 * ".iso$" case-insensitively, so any one character (not only a dot)
 * before "iso" counts: "/vm/win.iso" and "/vm/winXiso" both do.
 */
static bool
bhyve_isiso(const char *path)
{
	size_t	 len;

	len = strlen(path);
	return (len >= 4 && strcasecmp(path + len - 3, "iso") == 0);
}

/* Describe this boot's install device (the caller knows there is one). */
static void
bhyve_install(const struct vm *vm, const struct bhyve_run *br,
    struct install *in)
{
	if (br->br_iso != NULL && bhyve_isiso(br->br_iso)) {
		in->in_type = "cd";
		in->in_path = xstrdup(br->br_iso);
		in->in_opts = "ro,bootindex=1";
	} else if (br->br_iso != NULL) {
		/* vm-bhyve gives a non-ISO image as a read-only disk. */
		in->in_type = "hd";
		in->in_path = xstrdup(br->br_iso);
		in->in_opts = "ro";
	} else {
		/*
		 * The null ISO lives in the default datastore (vm_dir), not
		 * in the guest's own datastore, as in vm-bhyve.
		 */
		in->in_type = "cd";
		xasprintf(&in->in_path, "%s/.config/null.iso", vm->vm_vmdir);
		in->in_opts = NULL;
	}
}

/*
 * Does the framebuffer wait for a VNC client?  "auto" waits only on the
 * first boot of an install (vm-bhyve strips ",wait" from the second boot
 * on, vm-bhyve-compat.md §3.5.7); any other value is a yes/no.
 */
static bool
bhyve_fbufwait(const struct vm *vm, const struct bhyve_run *br)
{
	if (strcmp(vm->vm_graphics_wait, "auto") == 0)
		return (br->br_iso != NULL && br->br_boot == 1);
	return (model_yesno(vm->vm_graphics_wait));
}

/* "hd" or "cd": the ahci port type of an ahci-hd/ahci-cd disk. */
static const char *
bhyve_porttype(const struct vm_disk *dk)
{
	return (strcmp(dk->dk_type, "ahci-cd") == 0 ? "cd" : "hd");
}

/* The "EMULATION[,CONF]" part of a device's -s argument. */
static char *
bhyve_devstr(const struct vm *vm, const struct slot_dev *sd,
    const struct bhyve_run *br)
{
	const struct vm_disk	*dk;
	const struct vm_nic	*ni;
	const struct vm_passthru *pt;
	const struct vm_share	*sh;
	struct buf		*b;
	struct install		 in;
	int			 i;

	b = buf_new();
	switch (sd->sd_kind) {
	case SLOT_HOSTBRIDGE:
		buf_adds(b, vm->vm_hostbridge == HOSTBRIDGE_AMD ?
		    "amd_hostbridge" : "hostbridge");
		break;
	case SLOT_LPC:
		/* fwcfg goes to lpc.fwcfg with -o; see bhyve_argv(). */
		buf_adds(b, "lpc");
		break;
	case SLOT_DISK:
		dk = &vm->vm_disks[sd->sd_index];
		buf_addf(b, "%s,%s", dk->dk_type, dk->dk_path);
		if (dk->dk_opts != NULL)
			buf_addf(b, ",%s", dk->dk_opts);
		break;
	case SLOT_AHCI:
		/* Each port's options follow its path, as bhyve expects. */
		buf_adds(b, "ahci");
		for (i = 0; i < sd->sd_nports; i++) {
			dk = &vm->vm_disks[sd->sd_ports[i]];
			buf_addf(b, ",%s:%s", bhyve_porttype(dk), dk->dk_path);
			if (dk->dk_opts != NULL)
				buf_addf(b, ",%s", dk->dk_opts);
		}
		break;
	case SLOT_NIC:
		ni = &vm->vm_nics[sd->sd_index];
		buf_addf(b, "%s,%s", ni->ni_type,
		    br->br_backends[sd->sd_index]);
		if (ni->ni_mac != NULL)
			buf_addf(b, ",mac=%s", ni->ni_mac);
		break;
	case SLOT_RND:
		buf_adds(b, "virtio-rnd");
		break;
	case SLOT_PASSTHRU:
		pt = &vm->vm_passthru[sd->sd_index];
		buf_addf(b, "passthru,%s", pt->pt_host);
		if (pt->pt_opts != NULL)
			buf_addf(b, ",%s", pt->pt_opts);
		break;
	case SLOT_FBUF:
		buf_addf(b, "fbuf,tcp=%s:%d", vm->vm_graphics_listen,
		    br->br_vncport);
		if (vm->vm_graphics_w != NULL)
			buf_addf(b, ",w=%s", vm->vm_graphics_w);
		if (vm->vm_graphics_h != NULL)
			buf_addf(b, ",h=%s", vm->vm_graphics_h);
		if (vm->vm_graphics_vga != NULL)
			buf_addf(b, ",vga=%s", vm->vm_graphics_vga);
		if (vm->vm_vnc_password != NULL)
			buf_addf(b, ",password=%s", vm->vm_vnc_password);
		if (bhyve_fbufwait(vm, br))
			buf_adds(b, ",wait");
		break;
	case SLOT_XHCI:
		buf_adds(b, "xhci,tablet");
		break;
	case SLOT_HDA:
		buf_addf(b, "hda,play=%s", vm->vm_sound_play);
		if (vm->vm_sound_rec != NULL)
			buf_addf(b, ",rec=%s", vm->vm_sound_rec);
		break;
	case SLOT_CONSOLE:
		buf_adds(b, "virtio-console");
		for (i = 0; i < vm->vm_nconsoles; i++)
			buf_addf(b, ",%s=%s/vtcon.%s", vm->vm_consoles[i],
			    vm->vm_dir, vm->vm_consoles[i]);
		break;
	case SLOT_SHARE:
		sh = &vm->vm_shares[sd->sd_index];
		buf_addf(b, "virtio-9p,%s=%s", sh->sh_name, sh->sh_path);
		if (sh->sh_ro)
			buf_adds(b, ",ro");
		break;
	case SLOT_INSTALL:
		bhyve_install(vm, br, &in);
		buf_addf(b, "ahci-%s,%s", in.in_type, in.in_path);
		if (in.in_opts != NULL)
			buf_addf(b, ",%s", in.in_opts);
		free(in.in_path);
		break;
	}
	return (buf_take(b));
}

/* Append "-s ADDR,EMULATION[,CONF]" for one device. */
static void
bhyve_adddev(struct argv *a, const struct vm *vm, const struct slot_dev *sd,
    const struct bhyve_run *br)
{
	char	*addr, *dev;

	addr = slots_addrstr(sd);
	dev = bhyve_devstr(vm, sd, br);
	argv_add(a, "-s");
	argv_addf(a, "%s,%s", addr, dev);
	free(addr);
	free(dev);
}

/* vm-bhyve's CPU string: "N[,sockets=S][,cores=C][,threads=T]". */
static char *
bhyve_cpustr(const struct vm *vm)
{
	struct buf	*b;

	b = buf_new();
	buf_addf(b, "%d", vm->vm_cpus);
	if (vm->vm_sockets != 0)
		buf_addf(b, ",sockets=%d", vm->vm_sockets);
	if (vm->vm_cores != 0)
		buf_addf(b, ",cores=%d", vm->vm_cores);
	if (vm->vm_threads != 0)
		buf_addf(b, ",threads=%d", vm->vm_threads);
	return (buf_take(b));
}

/*
 * hyve's TPM (vm-bhyve has none): the host side of "-l tpm,TYPE,PATH",
 * or NULL when the guest has no TPM.  For swtpm that is the socket the
 * caller started swtpm on; without one there is no TPM this boot.
 */
static const char *
bhyve_tpmpath(const struct vm *vm, const struct bhyve_run *br)
{
	switch (vm->vm_tpm) {
	case TPM_SWTPM:
		return (br->br_tpmsock);
	case TPM_PASSTHRU:
		return (vm->vm_tpm_path);
	default:
		return (NULL);
	}
}

/* bhyve's name for the TPM type. */
static const char *
bhyve_tpmtype(const struct vm *vm)
{
	return (vm->vm_tpm == TPM_SWTPM ? "swtpm" : "passthru");
}

/* The full bhyve command line, in vm-bhyve 1.7.1+'s order. */
struct argv *
bhyve_argv(const struct vm *vm, const struct slots *s,
    const struct bhyve_run *br)
{
	const struct slot_dev	*install = NULL;
	struct argv		*a;
	const char		*tpm;
	char			*cpu;
	int			 i;

	a = argv_new();
	argv_add(a, paths_get(PATH_BHYVE));

	/* Devices first (1.7.1+), so -o in bhyve_options can refer to them. */
	for (i = 0; i < s->s_n; i++) {
		if (s->s_v[i].sd_kind == SLOT_INSTALL)
			install = &s->s_v[i];
		else
			bhyve_adddev(a, vm, &s->s_v[i], br);
	}

	/* Options (vm-bhyve-compat.md §3.2). */
	cpu = bhyve_cpustr(vm);
	argv_add(a, "-c");
	argv_add(a, cpu);
	free(cpu);
	argv_add(a, "-m");
	argv_add(a, vm->vm_memory);
	for (i = 0; i < vm->vm_npins; i++) {
		argv_add(a, "-p");
		argv_addf(a, "%d:%d", vm->vm_pins[i].vp_vcpu,
		    vm->vm_pins[i].vp_host);
	}
	/* ignore_msr appends a second 'w' to the same word, as vm-bhyve. */
	argv_add(a, vm->vm_ignore_msr ? "-AHPww" : "-AHPw");
	if (vm->vm_loader == LOADER_UEFI) {
		argv_add(a, "-l");
		if (vm->vm_uefi_vars)
			argv_addf(a, "bootrom,%s,%s/uefi-vars.fd",
			    vm->vm_bootrom, vm->vm_dir);
		else
			argv_addf(a, "bootrom,%s", vm->vm_bootrom);
	}
	/*
	 * vm-bhyve writes fwcfg as "-s 31,lpc,fwcfg=X", which bhyve files
	 * as pci.0.31.0.fwcfg, a key nothing reads (bhyve takes lpc.fwcfg,
	 * pci_lpc.c lpc_fwcfg()).  hyve sets the key bhyve reads, so the
	 * setting does what vm-bhyve documents; model.c warns about it.
	 */
	if (vm->vm_fwcfg != NULL) {
		argv_add(a, "-o");
		argv_addf(a, "lpc.fwcfg=%s", vm->vm_fwcfg);
	}
	if (vm->vm_bhyve_options != NULL)
		argv_addsplit(a, vm->vm_bhyve_options);
	if (vm->vm_wired)
		argv_add(a, "-S");
	if (vm->vm_uuid != NULL) {
		argv_add(a, "-U");
		argv_add(a, vm->vm_uuid);
	}
	if (vm->vm_utctime)
		argv_add(a, "-u");
	/*
	 * vm-bhyve adds a second -S for passthru even when wired_memory
	 * gave one; kept for a word-for-word argv (it only sets
	 * memory.wired again).
	 */
	if (vm->vm_npassthru > 0)
		argv_add(a, "-S");
	if ((tpm = bhyve_tpmpath(vm, br)) != NULL) {
		argv_add(a, "-l");
		/*
		 * bhyve defaults the version to 2.0, the only one it has.
		 * The config file always names tpm.version; the argv names
		 * any other version too, so both describe the same TPM (and
		 * bhyve refuses both alike).
		 */
		if (strcmp(vm->vm_tpm_version, "2.0") != 0)
			argv_addf(a, "tpm,%s,%s,version=%s", bhyve_tpmtype(vm),
			    tpm, vm->vm_tpm_version);
		else
			argv_addf(a, "tpm,%s,%s", bhyve_tpmtype(vm), tpm);
	}
	if (s->s_nompt)
		argv_add(a, "-Y");

	if (install != NULL)
		bhyve_adddev(a, vm, install, br);

	/* COM ports; in the foreground the first one is the terminal. */
	for (i = 0; i < vm->vm_ncomports; i++) {
		argv_add(a, "-l");
		if (i == 0 && br->br_foreground)
			argv_addf(a, "%s,stdio", vm->vm_comports[i]);
		else
			argv_addf(a, "%s,%s", vm->vm_comports[i],
			    br->br_comdevs[i]);
	}

	argv_add(a, vm->vm_name);
	return (a);
}

/* Escape '%' and '\' so bhyve reads the value literally (ref §2.2). */
char *
bhyve_cfgescape(const char *s)
{
	struct buf	*b;

	/*
	 * bhyve expands a value only when it holds a '%' (config.c): then
	 * "%(key)" is a reference and '\' escapes.  A value without '%'
	 * is taken literally, backslashes included, so it is left alone.
	 */
	if (strchr(s, '%') == NULL)
		return (xstrdup(s));
	b = buf_new();
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	return (buf_take(b));
}

/* Write one "KEY=VALUE" line, the key given as a format. */
static void
cfg_set(struct buf *b, const char *value, const char *fmt, ...)
{
	va_list	 ap;
	char	*key, *esc;

	va_start(ap, fmt);
	xvasprintf(&key, fmt, ap);
	va_end(ap);
	esc = bhyve_cfgescape(value);
	buf_addf(b, "%s=%s\n", key, esc);
	free(esc);
	free(key);
}

/*
 * Store one option word under node as bhyve's generic legacy parser
 * does: "name=value" sets name, a bare "name" sets name=true.  Words
 * with an empty name or value are left out: the config file parser
 * refuses an empty value, and no device has an option without a name.
 */
static void
cfg_opt(struct buf *b, const char *node, const char *word)
{
	const char	*eq;
	char		*name;

	if ((eq = strchr(word, '=')) == NULL) {
		if (*word != '\0')
			cfg_set(b, "true", "%s.%s", node, word);
		return;
	}
	if (eq == word || eq[1] == '\0')
		return;
	name = xstrndup(word, (size_t)(eq - word));
	cfg_set(b, eq + 1, "%s.%s", node, name);
	free(name);
}

/* Store a comma-separated option list (NULL for none) under node. */
static void
cfg_opts(struct buf *b, const char *node, const char *opts)
{
	char	*word;
	size_t	 len;

	while (opts != NULL && *opts != '\0') {
		len = strcspn(opts, ",");
		word = xstrndup(opts, len);
		cfg_opt(b, node, word);
		free(word);
		opts += len;
		if (*opts == ',')
			opts++;
	}
}

/* One ahci port: port.N.type, port.N.path and its block options. */
static void
cfg_ahciport(struct buf *b, const char *node, int port, const char *type,
    const char *path, const char *opts)
{
	char	*pnode;

	xasprintf(&pnode, "%s.port.%d", node, port);
	cfg_set(b, type, "%s.type", pnode);
	cfg_set(b, path, "%s.path", pnode);
	cfg_opts(b, pnode, opts);
	free(pnode);
}

/* A disk in a slot of its own (vm-bhyve's diskN_type as the emulation). */
static void
cfg_disk(struct buf *b, const char *node, const struct vm_disk *dk)
{
	const char	*eq;
	char		*tag;

	if (strcmp(dk->dk_type, "ahci-hd") == 0 ||
	    strcmp(dk->dk_type, "ahci-cd") == 0) {
		/*
		 * The config file knows only the canonical "ahci"; bhyve
		 * stores ahci-hd/ahci-cd,PATH as port 0 of a controller.
		 */
		cfg_set(b, "ahci", "%s.device", node);
		cfg_ahciport(b, node, 0, bhyve_porttype(dk), dk->dk_path,
		    dk->dk_opts);
		return;
	}
	cfg_set(b, dk->dk_type, "%s.device", node);
	if (strcmp(dk->dk_type, "virtio-9p") == 0 &&
	    (eq = strchr(dk->dk_path, '=')) != NULL) {
		/* virtio-9p's first word is "SHARENAME=PATH". */
		tag = xstrndup(dk->dk_path, (size_t)(eq - dk->dk_path));
		cfg_set(b, tag, "%s.sharename", node);
		cfg_set(b, eq + 1, "%s.path", node);
		free(tag);
	} else if (strcmp(dk->dk_type, "virtio-scsi") == 0) {
		/* virtio-scsi's first word is the CTL device, key "dev". */
		cfg_set(b, dk->dk_path, "%s.dev", node);
	} else
		cfg_set(b, dk->dk_path, "%s.path", node);
	cfg_opts(b, node, dk->dk_opts);
}

/*
 * A NIC.  The backend word may carry options of its own
 * ("netgraph,path=sw:,peerhook=link2"): bhyve takes the first word as
 * the backend and the rest as options, and so does this.
 */
static void
cfg_nic(struct buf *b, const char *node, const struct vm_nic *ni,
    const char *backend)
{
	char	*word;
	size_t	 len;

	cfg_set(b, ni->ni_type, "%s.device", node);
	len = strcspn(backend, ",");
	word = xstrndup(backend, len);
	cfg_set(b, word, "%s.backend", node);
	free(word);
	if (backend[len] == ',')
		cfg_opts(b, node, backend + len + 1);
	if (ni->ni_mac != NULL)
		cfg_set(b, ni->ni_mac, "%s.mac", node);
}

/*
 * A passthru device: "pptN" is the key pptdev, "B/S/F" the keys bus,
 * slot and func, as bhyve's passthru_legacy_config() stores them
 * (numbers rewritten with %d, as bhyve does).  model_load() accepts no
 * other form.
 */
static void
cfg_passthru(struct buf *b, const char *node, const struct vm_passthru *pt)
{
	char	 num[16];
	int	 bus, slot, func;

	cfg_set(b, "passthru", "%s.device", node);
	if (strncmp(pt->pt_host, "ppt", 3) == 0)
		cfg_set(b, pt->pt_host, "%s.pptdev", node);
	else if (sscanf(pt->pt_host, "%d/%d/%d", &bus, &slot, &func) == 3) {
		snprintf(num, sizeof(num), "%d", bus);
		cfg_set(b, num, "%s.bus", node);
		snprintf(num, sizeof(num), "%d", slot);
		cfg_set(b, num, "%s.slot", node);
		snprintf(num, sizeof(num), "%d", func);
		cfg_set(b, num, "%s.func", node);
	}
	cfg_opts(b, node, pt->pt_opts);
}

/* The framebuffer: the same settings as the -s word, password included. */
static void
cfg_fbuf(struct buf *b, const char *node, const struct vm *vm,
    const struct bhyve_run *br)
{
	char	*tcp;

	cfg_set(b, "fbuf", "%s.device", node);
	xasprintf(&tcp, "%s:%d", vm->vm_graphics_listen, br->br_vncport);
	cfg_set(b, tcp, "%s.tcp", node);
	free(tcp);
	if (vm->vm_graphics_w != NULL)
		cfg_set(b, vm->vm_graphics_w, "%s.w", node);
	if (vm->vm_graphics_h != NULL)
		cfg_set(b, vm->vm_graphics_h, "%s.h", node);
	if (vm->vm_graphics_vga != NULL)
		cfg_set(b, vm->vm_graphics_vga, "%s.vga", node);
	if (vm->vm_vnc_password != NULL)
		cfg_set(b, vm->vm_vnc_password, "%s.password", node);
	if (bhyve_fbufwait(vm, br))
		cfg_set(b, "true", "%s.wait", node);
}

/* The keys of one PCI device, under pci.B.S.F. */
static void
cfg_device(struct buf *b, const struct vm *vm, const struct slot_dev *sd,
    const struct bhyve_run *br)
{
	const struct vm_share	*sh;
	struct install		 in;
	char			*node, *path;
	int			 i;

	xasprintf(&node, "pci.%d.%d.%d", sd->sd_addr.pa_bus,
	    sd->sd_addr.pa_slot, sd->sd_addr.pa_func);
	switch (sd->sd_kind) {
	case SLOT_HOSTBRIDGE:
		cfg_set(b, "hostbridge", "%s.device", node);
		if (vm->vm_hostbridge != HOSTBRIDGE_AMD)
			break;
		/*
		 * amd_hostbridge is an alias the config file does not
		 * accept, so its IDs are written out, as "vendor" and
		 * "devid".  pci_hostbridge.c from before the pcireg change
		 * reads only these two keys; every later version read
		 * (freebsd-src main and its forks) still reads them first
		 * and only then pcireg.vendor/pcireg.device, the keys the
		 * alias itself sets now.  So vendor/devid work on 14.3 and
		 * 15.0 whichever side of that change each falls on.
		 */
		cfg_set(b, "0x1022", "%s.vendor", node);
		cfg_set(b, "0x7432", "%s.devid", node);
		break;
	case SLOT_LPC:
		/* fwcfg is a key of the lpc node, not of this one. */
		cfg_set(b, "lpc", "%s.device", node);
		break;
	case SLOT_DISK:
		cfg_disk(b, node, &vm->vm_disks[sd->sd_index]);
		break;
	case SLOT_AHCI:
		cfg_set(b, "ahci", "%s.device", node);
		for (i = 0; i < sd->sd_nports; i++)
			cfg_ahciport(b, node, i,
			    bhyve_porttype(&vm->vm_disks[sd->sd_ports[i]]),
			    vm->vm_disks[sd->sd_ports[i]].dk_path,
			    vm->vm_disks[sd->sd_ports[i]].dk_opts);
		break;
	case SLOT_NIC:
		cfg_nic(b, node, &vm->vm_nics[sd->sd_index],
		    br->br_backends[sd->sd_index]);
		break;
	case SLOT_RND:
		cfg_set(b, "virtio-rnd", "%s.device", node);
		break;
	case SLOT_PASSTHRU:
		cfg_passthru(b, node, &vm->vm_passthru[sd->sd_index]);
		break;
	case SLOT_FBUF:
		cfg_fbuf(b, node, vm, br);
		break;
	case SLOT_XHCI:
		/* USB devices are numbered from slot 1. */
		cfg_set(b, "xhci", "%s.device", node);
		cfg_set(b, "tablet", "%s.slot.1.device", node);
		break;
	case SLOT_HDA:
		cfg_set(b, "hda", "%s.device", node);
		cfg_set(b, vm->vm_sound_play, "%s.play", node);
		if (vm->vm_sound_rec != NULL)
			cfg_set(b, vm->vm_sound_rec, "%s.rec", node);
		break;
	case SLOT_CONSOLE:
		cfg_set(b, "virtio-console", "%s.device", node);
		for (i = 0; i < vm->vm_nconsoles; i++) {
			xasprintf(&path, "%s/vtcon.%s", vm->vm_dir,
			    vm->vm_consoles[i]);
			cfg_set(b, vm->vm_consoles[i], "%s.port.%d.name",
			    node, i);
			cfg_set(b, path, "%s.port.%d.path", node, i);
			free(path);
		}
		break;
	case SLOT_SHARE:
		sh = &vm->vm_shares[sd->sd_index];
		cfg_set(b, "virtio-9p", "%s.device", node);
		cfg_set(b, sh->sh_name, "%s.sharename", node);
		cfg_set(b, sh->sh_path, "%s.path", node);
		if (sh->sh_ro)
			cfg_set(b, "true", "%s.ro", node);
		break;
	case SLOT_INSTALL:
		bhyve_install(vm, br, &in);
		cfg_set(b, "ahci", "%s.device", node);
		cfg_ahciport(b, node, 0, in.in_type, in.in_path, in.in_opts);
		free(in.in_path);
		break;
	}
	free(node);
}

/* qsort(3) order of devices: by bus, slot and function. */
static int
cfg_addrcmp(const void *va, const void *vb)
{
	const struct slot_dev	*a = *(const struct slot_dev *const *)va;
	const struct slot_dev	*b = *(const struct slot_dev *const *)vb;

	if (a->sd_addr.pa_bus != b->sd_addr.pa_bus)
		return (a->sd_addr.pa_bus < b->sd_addr.pa_bus ? -1 : 1);
	if (a->sd_addr.pa_slot != b->sd_addr.pa_slot)
		return (a->sd_addr.pa_slot < b->sd_addr.pa_slot ? -1 : 1);
	if (a->sd_addr.pa_func != b->sd_addr.pa_func)
		return (a->sd_addr.pa_func < b->sd_addr.pa_func ? -1 : 1);
	/* Only a refused machine has two; keep the result deterministic. */
	return (a < b ? -1 : a > b);
}

/* The globals: the options of the command line, in its order. */
static void
cfg_globals(struct buf *b, const struct vm *vm, const struct slots *s,
    const struct bhyve_run *br)
{
	struct buf	*set;
	const char	*tpm;
	char		 num[16];
	int		 i, j;
	bool		 done;

	snprintf(num, sizeof(num), "%d", vm->vm_cpus);
	cfg_set(b, num, "cpus");
	if (vm->vm_sockets != 0) {
		snprintf(num, sizeof(num), "%d", vm->vm_sockets);
		cfg_set(b, num, "sockets");
	}
	if (vm->vm_cores != 0) {
		snprintf(num, sizeof(num), "%d", vm->vm_cores);
		cfg_set(b, num, "cores");
	}
	if (vm->vm_threads != 0) {
		snprintf(num, sizeof(num), "%d", vm->vm_threads);
		cfg_set(b, num, "threads");
	}
	cfg_set(b, vm->vm_memory, "memory.size");

	/* Each -p V:H adds H to V's set; one key per vCPU, first seen. */
	for (i = 0; i < vm->vm_npins; i++) {
		done = false;
		for (j = 0; j < i && !done; j++)
			done = vm->vm_pins[j].vp_vcpu ==
			    vm->vm_pins[i].vp_vcpu;
		if (done)
			continue;
		set = buf_new();
		for (j = i; j < vm->vm_npins; j++)
			if (vm->vm_pins[j].vp_vcpu == vm->vm_pins[i].vp_vcpu)
				buf_addf(set, "%s%d", set->b_len == 0 ? "" :
				    ",", vm->vm_pins[j].vp_host);
		cfg_set(b, set->b_data, "vcpu.%d.cpuset",
		    vm->vm_pins[i].vp_vcpu);
		buf_free(set);
	}

	/* -AHPw: -A is a harmless no-op on 15.0 but needed on 14.x. */
	cfg_set(b, "true", "acpi_tables");
	cfg_set(b, "true", "x86.vmexit_on_hlt");
	cfg_set(b, "true", "x86.vmexit_on_pause");
	/* -w and vm-bhyve's -ww for ignore_msr set the same key. */
	cfg_set(b, "false", "x86.strictmsr");
	/* wired_memory and passthru's second -S are the same key. */
	if (vm->vm_wired || vm->vm_npassthru > 0)
		cfg_set(b, "true", "memory.wired");
	if (vm->vm_uuid != NULL)
		cfg_set(b, vm->vm_uuid, "uuid");
	if (vm->vm_utctime)
		cfg_set(b, "false", "rtc.use_localtime");
	if ((tpm = bhyve_tpmpath(vm, br)) != NULL) {
		cfg_set(b, bhyve_tpmtype(vm), "tpm.type");
		cfg_set(b, tpm, "tpm.path");
		cfg_set(b, vm->vm_tpm_version, "tpm.version");
	}
	if (s->s_nompt)
		cfg_set(b, "false", "x86.mptable");
}

/* The lpc node: boot ROM, fw_cfg flavour, COM ports. */
static void
cfg_lpc(struct buf *b, const struct vm *vm, const struct bhyve_run *br)
{
	char	*vars;
	int	 i;

	if (vm->vm_loader == LOADER_UEFI) {
		/*
		 * lpc.bootrom/lpc.bootvars, not the top-level bootrom and
		 * bootvars: the top-level keys exist only from D46282
		 * (15.0, maybe late 14.x), while every 14.x and 15.0 reads
		 * the lpc. spelling (newer ones copy it to the top-level
		 * keys with a "deprecated" warning).  ref §1.6.
		 */
		cfg_set(b, vm->vm_bootrom, "lpc.bootrom");
		if (vm->vm_uefi_vars) {
			xasprintf(&vars, "%s/uefi-vars.fd", vm->vm_dir);
			cfg_set(b, vars, "lpc.bootvars");
			free(vars);
		}
	}
	/*
	 * vm-bhyve puts fwcfg on the -s lpc device, where bhyve's generic
	 * parser files it as pci.0.31.0.fwcfg, a key nothing reads: bhyve
	 * takes the fw_cfg flavour from lpc.fwcfg only (pci_lpc.c
	 * lpc_fwcfg()).  The file sets the key bhyve reads, so here the
	 * setting takes effect, which under vm-bhyve it never did.
	 */
	if (vm->vm_fwcfg != NULL)
		cfg_set(b, vm->vm_fwcfg, "lpc.fwcfg");
	for (i = 0; i < vm->vm_ncomports; i++)
		cfg_set(b, i == 0 && br->br_foreground ? "stdio" :
		    br->br_comdevs[i], "lpc.%s.path", vm->vm_comports[i]);
}

/* The bhyve_config(5) text for the machine bhyve_argv() describes. */
char *
bhyve_config(const struct vm *vm, const struct slots *s,
    const struct bhyve_run *br)
{
	const struct slot_dev	**order;
	struct buf		*b;
	int			 i;

	b = buf_new();
	buf_addf(b, "# %s: generated by hyve; do not edit\n", vm->vm_name);
	cfg_set(b, vm->vm_name, "name");
	cfg_globals(b, vm, s, br);
	cfg_lpc(b, vm, br);

	order = xcalloc((size_t)s->s_n, sizeof(*order));
	for (i = 0; i < s->s_n; i++)
		order[i] = &s->s_v[i];
	qsort(order, (size_t)s->s_n, sizeof(*order), cfg_addrcmp);
	for (i = 0; i < s->s_n; i++)
		cfg_device(b, vm, order[i], br);
	free(order);
	return (buf_take(b));
}

/* "bhyve -k FILE" plus the bhyve_options words, which the file omits. */
struct argv *
bhyve_kargv(const struct vm *vm, const char *configfile)
{
	struct argv	*a;

	a = argv_new();
	argv_add(a, paths_get(PATH_BHYVE));
	argv_add(a, "-k");
	argv_add(a, configfile);
	if (vm->vm_bhyve_options != NULL)
		argv_addsplit(a, vm->vm_bhyve_options);
	return (a);
}

/*
 * The options both loaders start with: "-c CONSOLE" and "-S".  vm-bhyve
 * writes a bare "-c" when comports is empty, so the loader takes its
 * next option as the console; hyve leaves -c out then, as it does in the
 * foreground, where the terminal is the console.  -S must match bhyve's
 * wired memory, which passthru turns on too.
 */
static void
loader_common(struct argv *a, const struct vm *vm,
    const struct bhyve_run *br)
{
	if (!br->br_foreground && vm->vm_ncomports > 0) {
		argv_add(a, "-c");
		argv_add(a, br->br_comdevs[0]);
	}
	if (vm->vm_wired || vm->vm_npassthru > 0)
		argv_add(a, "-S");
}

/* bhyveload's argv (vm-bhyve-compat.md §4.1). */
static void
loader_bhyveload(const struct vm *vm, const struct bhyve_run *br,
    struct bhyve_loader *bl)
{
	const struct vm_disk	*dk0;
	struct argv		*a;
	const char		*eq;

	a = argv_new();
	argv_add(a, paths_get(PATH_BHYVELOAD));
	loader_common(a, vm, br);
	argv_add(a, "-m");
	argv_add(a, vm->vm_memory);
	if (vm->vm_uuid != NULL) {
		argv_add(a, "-e");
		argv_addf(a, "smbios.system.uuid=%s", vm->vm_uuid);
	}
	argv_add(a, "-e");
	argv_addf(a, "autoboot_delay=%s", vm->vm_loader_timeout);
	argv_add(a, "-e");
	argv_addf(a, "bhyve_vm_name=%s", vm->vm_name);
	if (vm->vm_bhyveload_args != NULL)
		argv_addsplit(a, vm->vm_bhyveload_args);
	if (vm->vm_bhyveload_loader != NULL) {
		argv_add(a, "-l");
		argv_add(a, vm->vm_bhyveload_loader);
	}

	/*
	 * Boot source.  model_load() refuses a loader guest without disk0
	 * and a 9p disk0 whose name is not "TAG=/path", as vm-bhyve does.
	 */
	dk0 = vm->vm_ndisks > 0 ? &vm->vm_disks[0] : NULL;
	if (br->br_iso != NULL) {
		argv_add(a, "-d");
		argv_add(a, br->br_iso);
	} else if (dk0 != NULL && dk0->dk_dev == DISK_9P &&
	    (eq = strchr(dk0->dk_name, '=')) != NULL) {
		/* vm-bhyve master: boot the kernel from a 9p share. */
		argv_add(a, "-h");
		argv_add(a, eq + 1);
		argv_add(a, "-e");
		argv_addf(a, "vfs.root.mountfrom=p9fs:%.*s",
		    (int)(eq - dk0->dk_name), dk0->dk_name);
	} else if (dk0 != NULL) {
		argv_add(a, "-d");
		argv_add(a, dk0->dk_path);
	}
	argv_add(a, vm->vm_name);
	bl->bl_argv = a;
}

/* grub.cfg: a single menu entry running the given commands. */
static char *
loader_grubcfg(const struct vm *vm, const char *what, const char *root,
    char *const *cmds, int ncmds)
{
	struct buf	*b;
	int		 i;

	b = buf_new();
	buf_addf(b, "timeout=%s\n", vm->vm_loader_timeout);
	buf_addf(b, "menuentry '%s (bhyve %s)' {\n", vm->vm_name, what);
	buf_addf(b, "    root=%s\n", root);
	/* vm-bhyve drops a command that is exactly "boot". */
	for (i = 0; i < ncmds; i++)
		if (strcmp(cmds[i], "boot") != 0)
			buf_addf(b, "    %s\n", cmds[i]);
	buf_adds(b, "}\n");
	return (buf_take(b));
}

/* grub-bhyve's argv, device.map and grub.cfg (vm-bhyve-compat.md §4.2). */
static void
loader_grub(const struct vm *vm, const struct bhyve_run *br,
    struct bhyve_loader *bl)
{
	struct argv	*a;
	struct buf	*map;
	char		*root;
	int		 i;

	xasprintf(&bl->bl_devmap_path, "%s/device.map", vm->vm_dir);
	xasprintf(&bl->bl_grubcfg_path, "%s/grub.cfg", vm->vm_dir);

	map = buf_new();
	if (br->br_iso != NULL)
		buf_addf(map, "(cd0) %s\n", br->br_iso);
	for (i = 0; i < vm->vm_ndisks; i++)
		buf_addf(map, "(hd%d) %s\n", i, vm->vm_disks[i].dk_path);
	bl->bl_devmap = buf_take(map);

	/*
	 * The root partition.  vm-bhyve master reads grub_run_no_partition
	 * with a malformed test that is always false, so it never has an
	 * effect there; hyve does what vm-bhyve's documentation says and
	 * uses the whole disk.
	 */
	if (vm->vm_grub_run_no_partition)
		root = xstrdup("hd0");
	else if (vm->vm_grub_run_partition != NULL)
		xasprintf(&root, "hd0,%s", vm->vm_grub_run_partition);
	else
		root = xstrdup("hd0,1");

	a = argv_new();
	argv_add(a, paths_get(PATH_GRUB_BHYVE));
	loader_common(a, vm, br);
	argv_add(a, "-m");
	argv_add(a, bl->bl_devmap_path);
	argv_add(a, "-M");
	argv_add(a, vm->vm_memory);
	if (br->br_iso != NULL && vm->vm_ngrub_install > 0)
		bl->bl_grubcfg = loader_grubcfg(vm, "install", "cd0",
		    vm->vm_grub_install, vm->vm_ngrub_install);
	else if (br->br_iso == NULL && vm->vm_ngrub_run > 0)
		bl->bl_grubcfg = loader_grubcfg(vm, "run", root,
		    vm->vm_grub_run, vm->vm_ngrub_run);
	if (bl->bl_grubcfg != NULL) {
		/* grub-bhyve reads grub.cfg from GDIR on the host. */
		argv_add(a, "-r");
		argv_add(a, "host");
		argv_add(a, "-d");
		argv_add(a, vm->vm_dir);
	} else if (br->br_iso != NULL) {
		argv_add(a, "-r");
		argv_add(a, "cd0");
	} else {
		argv_add(a, "-r");
		argv_add(a, root);
		if (vm->vm_grub_run_dir != NULL) {
			argv_add(a, "-d");
			argv_add(a, vm->vm_grub_run_dir);
		}
		if (vm->vm_grub_run_file != NULL) {
			argv_add(a, "-g");
			argv_add(a, vm->vm_grub_run_file);
		}
	}
	argv_add(a, vm->vm_name);
	bl->bl_argv = a;
	free(root);
}

/* The loader step of this boot; NULL for UEFI, whose ROM boots itself. */
struct bhyve_loader *
bhyve_loader(const struct vm *vm, const struct bhyve_run *br)
{
	struct bhyve_loader	*bl;

	if (vm->vm_loader == LOADER_UEFI)
		return (NULL);
	bl = xcalloc(1, sizeof(*bl));
	if (vm->vm_loader == LOADER_GRUB)
		loader_grub(vm, br, bl);
	else
		loader_bhyveload(vm, br, bl);
	return (bl);
}

/* Free a loader step. */
void
bhyve_loader_free(struct bhyve_loader *bl)
{
	if (bl == NULL)
		return;
	argv_free(bl->bl_argv);
	free(bl->bl_devmap);
	free(bl->bl_devmap_path);
	free(bl->bl_grubcfg);
	free(bl->bl_grubcfg_path);
	free(bl);
}

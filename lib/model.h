/*
 * model.h - a guest, typed and validated.
 *
 * model_load() turns a guest's conf (read as vm-bhyve reads it) into a
 * struct vm, recording every problem in a diag: each message names the
 * guest, the file and line, and the key.  Nothing here touches the host;
 * facts about the host (where the datastore is, which switches exist)
 * come in through struct model_env.
 *
 * Ownership: a struct vm owns every string and array in it; vm_free()
 * releases all of it and accepts NULL.
 */
#ifndef HYVE_MODEL_H
#define HYVE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

struct conf;
struct diag;
struct sysconf;

/* Numbered device families stop at the first gap, as in vm-bhyve. */
#define VM_MAXDISKS	64
#define VM_MAXNICS	32
#define VM_MAXPASSTHRU	32
#define VM_MAXCONSOLES	16	/* vm-bhyve stops at virt_console15 */
#define VM_MAXSHARES	16
#define VM_MAXCOMPORTS	4	/* bhyve has com1..com4 */
#define VM_MAXGRUB	64
#define VM_MAXPINS	256

/* A PCI address; pa_bus -1 means "not given" in a pin. */
struct pci_addr {
	int	pa_bus;
	int	pa_slot;
	int	pa_func;
};

enum vm_loader {
	LOADER_BHYVELOAD,
	LOADER_GRUB,
	LOADER_UEFI
};

enum vm_hostbridge {
	HOSTBRIDGE_STANDARD,
	HOSTBRIDGE_AMD,
	HOSTBRIDGE_NONE
};

/* diskN_dev: where the disk's bytes are (vm-bhyve-compat.md §3.9). */
enum disk_dev {
	DISK_FILE,
	DISK_ZVOL,
	DISK_SPARSE_ZVOL,
	DISK_CUSTOM,
	DISK_ISCSI,
	DISK_9P
};

/* What a switch is, from system.conf's type_NAME. */
enum switch_type {
	SWITCH_NONE,		/* NIC has no switch */
	SWITCH_STANDARD,
	SWITCH_MANUAL,
	SWITCH_VALE,
	SWITCH_NETGRAPH,
	SWITCH_VXLAN
};

struct vm_disk {
	int		 dk_index;	/* N of diskN_* */
	char		*dk_type;	/* bhyve emulation: virtio-blk, ... */
	char		*dk_name;	/* diskN_name as written */
	enum disk_dev	 dk_dev;
	char		*dk_opts;	/* diskN_opts, NULL when absent/empty */
	char		*dk_path;	/* what bhyve opens, byte for byte */
	char		*dk_size;	/* diskN_size (templates), or NULL */
	bool		 dk_pinned;	/* diskN_slot given */
	struct pci_addr	 dk_pin;
};

struct vm_nic {
	int		 ni_index;	/* N of networkN_* */
	char		*ni_type;	/* virtio-net or e1000 */
	char		*ni_switch;	/* NULL when absent or empty */
	enum switch_type ni_swtype;
	char		*ni_mac;	/* NULL: generated at start */
	char		*ni_device;	/* existing interface, or NULL */
	char		*ni_name;	/* name for the created tap, or NULL */
	bool		 ni_span;
	bool		 ni_pinned;	/* networkN_slot given */
	struct pci_addr	 ni_pin;
};

struct vm_passthru {
	int		 pt_index;
	char		*pt_host;	/* B/S/F (or pptN) on the host */
	bool		 pt_forced;	/* "B/S/F=SLOT:FUNC" form */
	struct pci_addr	 pt_at;		/* forced guest address */
	char		*pt_opts;	/* passthruN_options, or NULL */
};

struct vm_share {
	int		 sh_index;
	char		*sh_name;	/* 9p mount tag */
	char		*sh_path;	/* host directory */
	bool		 sh_ro;
	bool		 sh_pinned;
	struct pci_addr	 sh_pin;
};

struct vm_pin {			/* cpu_pin: guest vCPU -> host CPU */
	int	vp_vcpu;
	int	vp_host;
};

enum vm_tpm {
	TPM_NONE,
	TPM_SWTPM,
	TPM_PASSTHRU
};

struct vm {
	/* Where the guest lives (vm-bhyve-compat.md notation). */
	char		*vm_name;
	char		*vm_dir;	/* GDIR = DSPATH/NAME */
	char		*vm_dspath;	/* DSPATH, as configured, not resolved */
	char		*vm_dataset;	/* DSET, or NULL for a directory store */
	char		*vm_vmdir;	/* default datastore path (null.iso) */
	char		*vm_conffile;

	/* Loader. */
	enum vm_loader	 vm_loader;
	char		*vm_loaderstr;	/* the loader value as written */
	char		*vm_bootrom;	/* UEFI firmware path */
	bool		 vm_uefi_vars;
	bool		 vm_nulliso_fix;
	char		*vm_loader_timeout;
	char		*vm_bhyveload_args;
	char		*vm_bhyveload_loader;
	char		*vm_grub_install[VM_MAXGRUB];
	int		 vm_ngrub_install;
	char		*vm_grub_run[VM_MAXGRUB];
	int		 vm_ngrub_run;
	char		*vm_grub_run_partition;
	bool		 vm_grub_run_no_partition;
	char		*vm_grub_run_dir;
	char		*vm_grub_run_file;

	/* Machine. */
	int		 vm_cpus;
	int		 vm_sockets;	/* 0: not given */
	int		 vm_cores;
	int		 vm_threads;
	struct vm_pin	 vm_pins[VM_MAXPINS];
	int		 vm_npins;
	char		*vm_memory;	/* verbatim, as bhyve gets it */
	uint64_t	 vm_memory_bytes;
	bool		 vm_wired;	/* wired_memory (passthru adds -S) */
	enum vm_hostbridge vm_hostbridge;
	char		*vm_fwcfg;	/* NULL when absent */
	char		*vm_comports[VM_MAXCOMPORTS];
	int		 vm_ncomports;
	bool		 vm_utctime;
	bool		 vm_ignore_msr;
	char		*vm_bhyve_options;
	bool		 vm_debug;
	char		*vm_uuid;	/* NULL: generated at start */
	int		 vm_start_slot;
	int		 vm_install_slot;
	int		 vm_ahci_limit;

	/* Devices. */
	struct vm_disk	 vm_disks[VM_MAXDISKS];
	int		 vm_ndisks;
	struct vm_nic	 vm_nics[VM_MAXNICS];
	int		 vm_nnics;
	struct vm_passthru vm_passthru[VM_MAXPASSTHRU];
	int		 vm_npassthru;
	bool		 vm_virt_random;
	bool		 vm_graphics;
	int		 vm_graphics_port;	/* 0: search from 5900 */
	char		*vm_graphics_listen;
	char		*vm_graphics_w;
	char		*vm_graphics_h;
	char		*vm_graphics_vga;
	char		*vm_graphics_wait;	/* "auto", or yes/no value */
	char		*vm_vnc_password;
	bool		 vm_xhci_mouse;
	bool		 vm_sound;
	char		*vm_sound_play;
	char		*vm_sound_rec;
	char		*vm_consoles[VM_MAXCONSOLES];	/* port names */
	int		 vm_nconsoles;
	struct vm_share	 vm_shares[VM_MAXSHARES];
	int		 vm_nshares;
	enum vm_tpm	 vm_tpm;
	char		*vm_tpm_path;	/* passthru device */
	char		*vm_tpm_version;

	/* Lifecycle. */
	char		*vm_on_restart;	/* "restart" or anything else */
	char		*vm_on_fault;
	char		*vm_prestart;	/* hooks: programs, or NULL */
	char		*vm_poststart;
	char		*vm_prestop;
	char		*vm_poststop;
	int		 vm_hook_timeout;	/* seconds a hook may run */
	int		 vm_autostart;	/* 1 yes, 0 no, -1 unset: vm_list */
	int		 vm_autostart_order;	/* lower starts first */
	char		*vm_priority;
	char		*vm_limit_pcpu;
	char		*vm_limit_rbps;
	char		*vm_limit_wbps;
	char		*vm_limit_riops;
	char		*vm_limit_wiops;
	int		 vm_stop_timeout;	/* seconds */
	int		 vm_fault_limit;	/* faults tolerated ... */
	int		 vm_fault_window;	/* ... within this many s */
	char		*vm_zfs_dataset_opts;
	char		*vm_zfs_zvol_opts;
	char		*vm_tags;
};

/* Facts model_load() needs that are not in the guest's file. */
struct model_env {
	const char		*me_name;	/* guest name */
	const char		*me_dspath;	/* DSPATH of its datastore */
	const char		*me_gdir;	/* guest dir; NULL: DSPATH/NAME */
	const char		*me_dataset;	/* DSET, or NULL */
	const char		*me_vmdir;	/* default datastore's path */
	const struct sysconf	*me_sysconf;	/* switches; may be NULL */
	const char		*me_fwdir;	/* UEFI firmware directory */
};

/* Default graceful-stop timeout, seconds (hyve's stop_timeout key). */
#define VM_STOP_TIMEOUT	120
/* Seconds a hook script may run before it is killed. */
#define VM_HOOK_TIMEOUT	30
/*
 * autostart_order of a guest that sets none: above the largest allowed
 * (9999), so it starts after every guest that sets one.
 */
#define VM_AUTOSTART_ORDER	10000
/* More than this many faults within the window stops the guest. */
#define VM_FAULT_LIMIT	3
#define VM_FAULT_WINDOW	60

/*
 * Build the guest from conf.  Always returns a vm (possibly partial);
 * the caller checks d->d_nerrors before using it to start anything.
 */
struct vm	*model_load(const struct conf *, const struct model_env *,
		    struct diag *);
void		 vm_free(struct vm *);

/*
 * vm-bhyve's yes/no rule (vm-bhyve-compat.md §2.2): false for empty and,
 * in any case, no/false/off, and for exactly "0"; true for all else.
 */
bool		 model_yesno(const char *);
/* Parse memory as bhyve does (plain < 1048576 is MiB); -1 if invalid. */
int		 model_memsize(const char *, uint64_t *);
/* Parse "S", "S:F" or "B:S:F" into a; -1 if malformed or out of range. */
int		 model_pciaddr(const char *, struct pci_addr *);

#endif /* HYVE_MODEL_H */

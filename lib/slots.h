/*
 * slots.h - where each device sits on the guest's PCI buses.
 *
 * slots_assign() gives a guest exactly the PCI addresses vm-bhyve gives
 * it for the same config (vm-bhyve-compat.md §3.4), quirks included,
 * because a guest's hardware must not change when its host switches
 * tools.  On top of that it honours hyve's pins (diskN_slot,
 * networkN_slot, shareN_slot): a pinned device sits where its pin says
 * and the allocator skips every slot that holds a pinned device, so
 * adding a device never moves a pinned one.  Where the result is a
 * machine bhyve would refuse (two devices at one address) it is an
 * error naming both.
 *
 * The device list is in the order vm-bhyve emits its -s arguments;
 * the install CD, if any, comes last.
 *
 * Ownership: the caller frees the result with slots_free().
 */
#ifndef HYVE_SLOTS_H
#define HYVE_SLOTS_H

#include <stdbool.h>

#include "model.h"

struct diag;

enum slot_kind {
	SLOT_HOSTBRIDGE,
	SLOT_LPC,
	SLOT_DISK,		/* one disk, its own emulation */
	SLOT_AHCI,		/* an ahci controller holding several disks */
	SLOT_NIC,
	SLOT_RND,
	SLOT_PASSTHRU,
	SLOT_FBUF,
	SLOT_XHCI,
	SLOT_HDA,
	SLOT_CONSOLE,
	SLOT_SHARE,
	SLOT_INSTALL		/* install ISO or null.iso, per boot */
};

/*
 * How vm-bhyve spells the address on the command line.  bhyve reads
 * "4:0" as bus 0, so the spelling never changes the machine, but hyve
 * reproduces it so that its argv matches vm-bhyve's word for word.
 */
enum slot_form {
	SLOT_FORM_S,		/* "0", "31" */
	SLOT_FORM_SF,		/* "4:0" */
	SLOT_FORM_BSF		/* "0:4:0" */
};

#define SLOT_MAXPORTS	32	/* ahci ports per controller */

struct slot_dev {
	enum slot_kind	 sd_kind;
	struct pci_addr	 sd_addr;
	enum slot_form	 sd_form;
	int		 sd_index;	/* disk/nic/passthru/share number */
	int		 sd_ports[SLOT_MAXPORTS];	/* SLOT_AHCI: disks */
	int		 sd_nports;
};

struct slots {
	struct slot_dev	*s_v;
	int		 s_n;
	int		 s_cap;
	bool		 s_nompt;	/* a device is on bus >= 1: -Y */
};

/* What differs from one boot to the next. */
struct slot_opts {
	bool	so_install;	/* an install ISO or null.iso is attached */
	bool	so_fbuf;	/* graphics is on and a VNC port was found */
};

/*
 * Assign addresses.  Returns NULL after recording an error in d when no
 * valid machine can be built.
 */
struct slots	*slots_assign(const struct vm *, const struct slot_opts *,
		    struct diag *);
void		 slots_free(struct slots *);
/* "disk1 (virtio-blk)", "network0 (e1000)" ...; caller frees. */
char		*slots_describe(const struct vm *, const struct slot_dev *);
/* The address as vm-bhyve writes it ("0:4:0", "4:0", "31"); caller frees. */
char		*slots_addrstr(const struct slot_dev *);

#endif /* HYVE_SLOTS_H */

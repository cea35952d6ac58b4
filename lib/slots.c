/*
 * slots.c - PCI slot assignment, vm-bhyve's allocator plus hyve's pins.
 *
 * The allocator below is vm-bhyve's (lib/vm-run: the vm::bhyve_device_*
 * functions), step for step, described in vm-bhyve-compat.md §3.4.  Its
 * state is a bus, a slot, a function and the slot limit of the current
 * bus; "wrap" moves to the next bus when the slot reaches the limit
 * (slot 31 is the LPC bridge on bus 0).
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "slots.h"
#include "xmalloc.h"

#define SLOT_NBUS	256
#define SLOT_NSLOT	32
#define SLOT_NFUNC	8

struct alloc {
	const struct vm	*a_vm;
	struct slots	*a_s;
	int		 a_bus;
	int		 a_slot;
	int		 a_func;
	int		 a_max;
	bool		 a_reserved[SLOT_NBUS][SLOT_NSLOT];	/* pinned */
};

/* Free an assignment. */
void
slots_free(struct slots *s)
{
	if (s == NULL)
		return;
	free(s->s_v);
	free(s);
}

/* Append a device at an address. */
static struct slot_dev *
slots_add(struct slots *s, enum slot_kind kind, int index, int bus,
    int slot, int func, enum slot_form form)
{
	struct slot_dev	*sd;

	if (s->s_n == s->s_cap) {
		s->s_cap = s->s_cap == 0 ? 16 : s->s_cap * 2;
		s->s_v = xreallocarray(s->s_v, (size_t)s->s_cap,
		    sizeof(*s->s_v));
	}
	sd = &s->s_v[s->s_n++];
	memset(sd, 0, sizeof(*sd));
	sd->sd_kind = kind;
	sd->sd_index = index;
	sd->sd_addr.pa_bus = bus;
	sd->sd_addr.pa_slot = slot;
	sd->sd_addr.pa_func = func;
	sd->sd_form = form;
	return (sd);
}

/* vm-bhyve's wrap: past the last slot of a bus, go to slot 0 of the next. */
static void
alloc_wrap(struct alloc *a)
{
	if (a->a_slot >= a->a_max) {
		a->a_slot = 0;
		a->a_bus++;
		a->a_max = SLOT_NSLOT;
	}
}

/*
 * hyve's addition: when the allocator is about to open a new slot
 * (function 0), step over slots that hold pinned devices.  With no pins
 * this never moves anything, so unpinned guests get vm-bhyve's layout.
 */
static void
alloc_skip(struct alloc *a)
{
	while (a->a_func == 0 && a->a_bus < SLOT_NBUS &&
	    a->a_reserved[a->a_bus][a->a_slot]) {
		a->a_slot++;
		alloc_wrap(a);
	}
}

/* Place a device at the allocator's current position. */
static struct slot_dev *
alloc_place(struct alloc *a, enum slot_kind kind, int index, int func)
{
	alloc_skip(a);
	return (slots_add(a->a_s, kind, index, a->a_bus, a->a_slot, func,
	    SLOT_FORM_BSF));
}

/* Place a pinned device at its pin. */
static void
alloc_pinned(struct alloc *a, enum slot_kind kind, int index,
    const struct pci_addr *pin)
{
	slots_add(a->a_s, kind, index, pin->pa_bus < 0 ? 0 : pin->pa_bus,
	    pin->pa_slot, pin->pa_func, SLOT_FORM_BSF);
}

/* Mark the slot of a pin as taken. */
static void
alloc_reserve(struct alloc *a, const struct pci_addr *pin)
{
	a->a_reserved[pin->pa_bus < 0 ? 0 : pin->pa_bus][pin->pa_slot] = true;
}

/* Is the disk an ahci-hd/ahci-cd that may share a controller? */
static bool
slots_isahci(const struct vm_disk *dk)
{
	return (strcmp(dk->dk_type, "ahci-hd") == 0 ||
	    strcmp(dk->dk_type, "ahci-cd") == 0);
}

/* Disks (vm::bhyve_device_disks). */
static void
alloc_disks(struct alloc *a)
{
	const struct vm	*vm = a->a_vm;
	struct slot_dev	*sd;
	int		 pending[SLOT_MAXPORTS], npending = 0, i, j, ndisks = 0;
	bool		 uefi = vm->vm_loader == LOADER_UEFI, emitted;

	for (i = 0; i < vm->vm_ndisks; i++) {
		if (vm->vm_disks[i].dk_pinned) {
			alloc_pinned(a, SLOT_DISK, i, &vm->vm_disks[i].dk_pin);
			continue;
		}
		ndisks++;
		if (a->a_func >= SLOT_NFUNC) {
			a->a_func = 0;
			a->a_slot++;
		}
		alloc_wrap(a);
		emitted = false;
		if (vm->vm_ahci_limit > 1 && slots_isahci(&vm->vm_disks[i])) {
			pending[npending++] = i;
			if (npending >= vm->vm_ahci_limit) {
				sd = alloc_place(a, SLOT_AHCI, pending[0],
				    a->a_func);
				for (j = 0; j < npending; j++)
					sd->sd_ports[j] = pending[j];
				sd->sd_nports = npending;
				npending = 0;
				emitted = true;
			}
		} else {
			alloc_place(a, SLOT_DISK, i, a->a_func);
			emitted = true;
		}
		if (emitted) {
			if (uefi)
				a->a_slot++;
			else
				a->a_func++;
		}
		alloc_wrap(a);
	}
	if (npending > 0) {
		/*
		 * vm-bhyve writes a partly filled controller as "SLOT:FUNC"
		 * with no bus, which bhyve reads as bus 0 whatever bus the
		 * allocator is on.
		 */
		if (a->a_bus == 0)
			alloc_skip(a);
		sd = slots_add(a->a_s, SLOT_AHCI, pending[0], 0, a->a_slot,
		    a->a_func, SLOT_FORM_SF);
		for (j = 0; j < npending; j++)
			sd->sd_ports[j] = pending[j];
		sd->sd_nports = npending;
		if (uefi)
			a->a_slot++;
	}
	if (ndisks > 0 && !uefi) {
		a->a_slot++;
		a->a_func = 0;
	}
	alloc_wrap(a);
}

/*
 * NICs (vm::bhyve_device_networking): all functions of one slot, eight
 * to a slot.  vm-bhyve drops a NIC with no switch but still counts it;
 * hyve keeps it (its documentation says the NIC is created unconnected)
 * and places it after the others so no other NIC moves.
 */
static void
alloc_nics(struct alloc *a)
{
	const struct vm	*vm = a->a_vm;
	int		 deferred[VM_MAXNICS], ndeferred = 0, i, nnics = 0;

	for (i = 0; i < vm->vm_nnics; i++) {
		if (vm->vm_nics[i].ni_pinned) {
			alloc_pinned(a, SLOT_NIC, i, &vm->vm_nics[i].ni_pin);
			continue;
		}
		nnics++;
		if (a->a_func >= SLOT_NFUNC) {
			a->a_func = 0;
			a->a_slot++;
		}
		alloc_wrap(a);
		if (vm->vm_nics[i].ni_swtype == SWITCH_NONE) {
			deferred[ndeferred++] = i;
			continue;
		}
		alloc_place(a, SLOT_NIC, i, a->a_func);
		a->a_func++;
	}
	for (i = 0; i < ndeferred; i++) {
		if (a->a_func >= SLOT_NFUNC) {
			a->a_func = 0;
			a->a_slot++;
		}
		alloc_wrap(a);
		alloc_place(a, SLOT_NIC, deferred[i], a->a_func);
		a->a_func++;
	}
	if (nnics > 0) {
		a->a_slot++;
		a->a_func = 0;
	}
	alloc_wrap(a);
}

/* A device that takes a slot of its own at function 0. */
static void
alloc_single(struct alloc *a, enum slot_kind kind, int index)
{
	a->a_func = 0;
	alloc_place(a, kind, index, 0);
	a->a_slot++;
	alloc_wrap(a);
}

/*
 * Passthru (vm::bhyve_device_passthru).  Devices are grouped into one
 * guest slot by their host *bus* number (a vm-bhyve quirk: 0/20/0 and
 * 0/31/3 become functions 0 and 1 of one slot).  "HOST=S:F" entries go
 * where they say and do not move the allocator.
 */
static int
alloc_passthru(struct alloc *a, struct diag *d)
{
	const struct vm		*vm = a->a_vm;
	const struct vm_passthru *pt;
	const char		*last = NULL;
	size_t			 lastlen = 0, keylen;
	int			 i, func = 0;

	for (i = 0; i < vm->vm_npassthru; i++) {
		pt = &vm->vm_passthru[i];
		if (pt->pt_forced) {
			slots_add(a->a_s, SLOT_PASSTHRU, i, a->a_bus,
			    pt->pt_at.pa_slot, pt->pt_at.pa_func,
			    SLOT_FORM_BSF);
			continue;
		}
		keylen = strcspn(pt->pt_host, "/");
		if (last != NULL && (keylen != lastlen ||
		    strncmp(last, pt->pt_host, keylen) != 0)) {
			a->a_slot++;
			func = 0;
		}
		alloc_wrap(a);
		if (func >= SLOT_NFUNC) {
			diag_error(d, 0, NULL, "passthru%d: more than %d "
			    "devices from host bus %.*s would share one guest "
			    "slot, as vm-bhyve groups them; give it a slot "
			    "with passthru%d=\"%s=SLOT:0\"", i, SLOT_NFUNC,
			    (int)keylen, pt->pt_host, i, pt->pt_host);
			return (-1);
		}
		a->a_func = func;
		alloc_place(a, SLOT_PASSTHRU, i, func);
		last = pt->pt_host;
		lastlen = keylen;
		func++;
	}
	a->a_func = 0;
	if (vm->vm_npassthru > 0)
		a->a_slot++;
	alloc_wrap(a);
	return (0);
}

/* Describe a device for messages. */
char *
slots_describe(const struct vm *vm, const struct slot_dev *sd)
{
	struct buf	*b;
	char		*s;
	int		 i;

	switch (sd->sd_kind) {
	case SLOT_HOSTBRIDGE:
		return (xstrdup("the host bridge"));
	case SLOT_LPC:
		return (xstrdup("the LPC bridge"));
	case SLOT_DISK:
		xasprintf(&s, "disk%d (%s)", vm->vm_disks[sd->sd_index].dk_index,
		    vm->vm_disks[sd->sd_index].dk_type);
		return (s);
	case SLOT_AHCI:
		b = buf_new();
		buf_adds(b, "the ahci controller of disk");
		for (i = 0; i < sd->sd_nports; i++)
			buf_addf(b, "%s%d", i == 0 ? "" : ", disk",
			    vm->vm_disks[sd->sd_ports[i]].dk_index);
		return (buf_take(b));
	case SLOT_NIC:
		xasprintf(&s, "network%d (%s)", vm->vm_nics[sd->sd_index].ni_index,
		    vm->vm_nics[sd->sd_index].ni_type);
		return (s);
	case SLOT_RND:
		return (xstrdup("virtio-rnd (virt_random)"));
	case SLOT_PASSTHRU:
		xasprintf(&s, "passthru%d (%s)",
		    vm->vm_passthru[sd->sd_index].pt_index,
		    vm->vm_passthru[sd->sd_index].pt_host);
		return (s);
	case SLOT_FBUF:
		return (xstrdup("the framebuffer (graphics)"));
	case SLOT_XHCI:
		return (xstrdup("the xhci tablet (xhci_mouse)"));
	case SLOT_HDA:
		return (xstrdup("the sound card (sound)"));
	case SLOT_CONSOLE:
		return (xstrdup("virtio-console (virt_console0)"));
	case SLOT_SHARE:
		xasprintf(&s, "share%d (virtio-9p)",
		    vm->vm_shares[sd->sd_index].sh_index);
		return (s);
	case SLOT_INSTALL:
		return (xstrdup("the install CD (install_slot)"));
	}
	return (xstrdup("a device"));
}

/* The address as vm-bhyve spells it. */
char *
slots_addrstr(const struct slot_dev *sd)
{
	char	*s;

	switch (sd->sd_form) {
	case SLOT_FORM_S:
		xasprintf(&s, "%d", sd->sd_addr.pa_slot);
		break;
	case SLOT_FORM_SF:
		xasprintf(&s, "%d:%d", sd->sd_addr.pa_slot,
		    sd->sd_addr.pa_func);
		break;
	default:
		xasprintf(&s, "%d:%d:%d", sd->sd_addr.pa_bus,
		    sd->sd_addr.pa_slot, sd->sd_addr.pa_func);
		break;
	}
	return (s);
}

/*
 * Refuse a machine bhyve would refuse: an address used twice, or one
 * outside bhyve's ranges.  Warn about a slot whose function 0 is empty,
 * which guests do not probe.
 */
static int
slots_verify(const struct vm *vm, struct slots *s, struct diag *d)
{
	const struct pci_addr	*p, *q;
	char			*da, *db;
	int			 i, j, rv = 0;
	bool			 has0;

	for (i = 0; i < s->s_n; i++) {
		p = &s->s_v[i].sd_addr;
		if (p->pa_bus >= SLOT_NBUS) {
			da = slots_describe(vm, &s->s_v[i]);
			diag_error(d, 0, NULL, "%s: no PCI slot left: bhyve "
			    "has %d buses of %d slots", da, SLOT_NBUS,
			    SLOT_NSLOT);
			free(da);
			return (-1);
		}
		if (p->pa_bus > 0)
			s->s_nompt = true;
		for (j = 0; j < i; j++) {
			q = &s->s_v[j].sd_addr;
			if (p->pa_bus != q->pa_bus || p->pa_slot !=
			    q->pa_slot || p->pa_func != q->pa_func)
				continue;
			da = slots_describe(vm, &s->s_v[j]);
			db = slots_describe(vm, &s->s_v[i]);
			diag_error(d, 0, NULL, "%s and %s would both be at "
			    "PCI %d:%d:%d, which bhyve refuses; move one "
			    "(diskN_slot, networkN_slot, passthruN=\"B/S/F="
			    "SLOT:FUNC\", start_slot, install_slot)", da, db,
			    p->pa_bus, p->pa_slot, p->pa_func);
			free(da);
			free(db);
			rv = -1;
		}
	}
	for (i = 0; i < s->s_n && rv == 0; i++) {
		p = &s->s_v[i].sd_addr;
		if (p->pa_func == 0)
			continue;
		has0 = false;
		for (j = 0; j < s->s_n; j++) {
			q = &s->s_v[j].sd_addr;
			if (q->pa_bus == p->pa_bus && q->pa_slot ==
			    p->pa_slot && q->pa_func == 0)
				has0 = true;
		}
		if (!has0) {
			da = slots_describe(vm, &s->s_v[i]);
			diag_warn(d, 0, NULL, "%s is at PCI %d:%d:%d but "
			    "nothing is at function 0 of that slot, so guests "
			    "will not find it", da, p->pa_bus, p->pa_slot,
			    p->pa_func);
			free(da);
		}
	}
	return (rv);
}

/* Assign every device its address. */
struct slots *
slots_assign(const struct vm *vm, const struct slot_opts *so,
    struct diag *d)
{
	struct alloc	*a;
	struct slots	*s;
	int		 i;

	a = xcalloc(1, sizeof(*a));
	s = xcalloc(1, sizeof(*s));
	a->a_vm = vm;
	a->a_s = s;
	a->a_bus = 0;
	a->a_slot = vm->vm_start_slot;
	a->a_func = 0;
	a->a_max = SLOT_NSLOT - 1;
	for (i = 0; i < vm->vm_ndisks; i++)
		if (vm->vm_disks[i].dk_pinned)
			alloc_reserve(a, &vm->vm_disks[i].dk_pin);
	for (i = 0; i < vm->vm_nnics; i++)
		if (vm->vm_nics[i].ni_pinned)
			alloc_reserve(a, &vm->vm_nics[i].ni_pin);
	for (i = 0; i < vm->vm_nshares; i++)
		if (vm->vm_shares[i].sh_pinned)
			alloc_reserve(a, &vm->vm_shares[i].sh_pin);

	if (vm->vm_hostbridge != HOSTBRIDGE_NONE)
		slots_add(s, SLOT_HOSTBRIDGE, 0, 0, 0, 0, SLOT_FORM_S);
	slots_add(s, SLOT_LPC, 0, 0, 31, 0, SLOT_FORM_S);
	alloc_disks(a);
	alloc_nics(a);
	if (vm->vm_virt_random)
		alloc_single(a, SLOT_RND, 0);
	if (alloc_passthru(a, d) == -1)
		goto fail;
	if (vm->vm_loader == LOADER_UEFI && vm->vm_graphics && so->so_fbuf)
		alloc_single(a, SLOT_FBUF, 0);
	if (vm->vm_xhci_mouse)
		alloc_single(a, SLOT_XHCI, 0);
	if (vm->vm_sound)
		alloc_single(a, SLOT_HDA, 0);
	if (vm->vm_nconsoles > 0)
		alloc_single(a, SLOT_CONSOLE, 0);
	/* hyve's own devices come after all of vm-bhyve's. */
	for (i = 0; i < vm->vm_nshares; i++) {
		if (vm->vm_shares[i].sh_pinned)
			alloc_pinned(a, SLOT_SHARE, i, &vm->vm_shares[i].sh_pin);
		else
			alloc_single(a, SLOT_SHARE, i);
	}
	if (so->so_install)
		slots_add(s, SLOT_INSTALL, 0, 0, vm->vm_install_slot, 0,
		    SLOT_FORM_SF);
	if (slots_verify(vm, s, d) == -1)
		goto fail;
	free(a);
	return (s);
fail:
	free(a);
	slots_free(s);
	return (NULL);
}

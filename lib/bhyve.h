/*
 * bhyve.h - from a guest to the exact commands that run it.
 *
 * Three products, all pure (nothing is run or written here):
 *
 *  - bhyve_argv():   the bhyve(8) command line, word for word what
 *		      vm-bhyve 1.7.1+ runs (devices, options, install
 *		      device, COM ports, name);
 *  - bhyve_config(): the bhyve_config(5) file describing the same
 *		      machine, which is how hyve really starts bhyve
 *		      (bhyve -k FILE), so that secrets such as the VNC
 *		      password never appear in ps(1);
 *  - bhyve_loader(): the loader step: bhyveload's argv, or grub-bhyve's
 *		      argv with its device.map and grub.cfg; nothing for
 *		      UEFI (the firmware is part of the bhyve command).
 *
 * The facts of one particular boot (tap names, console devices, the VNC
 * port found, an install ISO) come in struct bhyve_run.
 *
 * Ownership: every returned object belongs to the caller.
 */
#ifndef HYVE_BHYVE_H
#define HYVE_BHYVE_H

#include <stdbool.h>

#include "slots.h"

struct argv;
struct vm;

struct bhyve_run {
	/*
	 * Backend of each NIC, indexed like vm_nics: "tap0", "web0",
	 * "vale05007:9c22a", "netgraph,path=sw:,peerhook=link2".
	 */
	char		**br_backends;
	/* Host side given to bhyve for each COM port: "/dev/nmdm-web.1A". */
	char		**br_comdevs;
	int		  br_vncport;	/* 0: no port found, no framebuffer */
	const char	 *br_iso;	/* install ISO for this boot, or NULL */
	int		  br_boot;	/* 1 for the first boot, then 2, ... */
	bool		  br_foreground; /* first COM port on stdio */
	const char	 *br_tpmsock;	/* swtpm socket, when vm_tpm is swtpm */
};

/* The slot options this boot implies (install device, framebuffer). */
void		 bhyve_slotopts(const struct vm *, const struct bhyve_run *,
		    struct slot_opts *);

/* The full bhyve argv; argv[0] is the bhyve path from paths.h. */
struct argv	*bhyve_argv(const struct vm *, const struct slots *,
		    const struct bhyve_run *);

/*
 * The bhyve_config(5) file text for the same machine.  Options given in
 * bhyve_options are not in it: they are passed after -k (bhyve_kargv)
 * so that bhyve applies them exactly as on the command line.
 */
char		*bhyve_config(const struct vm *, const struct slots *,
		    const struct bhyve_run *);

/* "bhyve -k FILE [bhyve_options words]". */
struct argv	*bhyve_kargv(const struct vm *, const char *configfile);

struct bhyve_loader {
	struct argv	*bl_argv;	/* NULL for UEFI */
	char		*bl_devmap;	/* grub: device.map text, or NULL */
	char		*bl_devmap_path;
	char		*bl_grubcfg;	/* grub: grub.cfg text, or NULL */
	char		*bl_grubcfg_path;
};

/* The loader step for this boot, or NULL for a UEFI guest. */
struct bhyve_loader *bhyve_loader(const struct vm *,
		    const struct bhyve_run *);
void		 bhyve_loader_free(struct bhyve_loader *);

/*
 * A value as a bhyve_config(5) file must spell it: when it holds a '%',
 * every '%' and '\' gets a backslash; otherwise it is literal.  Caller
 * frees.
 */
char		*bhyve_cfgescape(const char *);

#endif /* HYVE_BHYVE_H */

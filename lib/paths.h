/*
 * paths.h - every absolute path hyve uses, in one table.
 *
 * The defaults are FreeBSD's.  hyve.conf may override any of them
 * (path_bhyve="/opt/fake/bhyve", ...), which is how the tests point
 * hyve at the fake host and how an unusual host moves a tool.  hyve
 * never searches PATH.
 */
#ifndef HYVE_PATHS_H
#define HYVE_PATHS_H

enum path_id {
	PATH_BHYVE,
	PATH_BHYVECTL,
	PATH_BHYVELOAD,
	PATH_GRUB_BHYVE,
	PATH_IFCONFIG,
	PATH_KLDLOAD,
	PATH_KLDSTAT,
	PATH_SYSCTL,
	PATH_ZFS,
	PATH_ZPOOL,
	PATH_MAKEFS,
	PATH_SWTPM,
	PATH_NGCTL,
	PATH_DEVCTL,
	PATH_PCICONF,
	PATH_ROUTE,
	PATH_SSH,
	PATH_XZ,
	PATH_GZIP,
	PATH_FETCH,
	PATH_RCTL,
	PATH_RENICE,
	PATH_PFCTL,
	PATH_DMESG_BOOT,	/* /var/run/dmesg.boot: CPU features */
	PATH_EDITOR,		/* "hyve edit" when $VISUAL/$EDITOR are unset */
	PATH_FIRMWARE_DIR,	/* /usr/local/share/uefi-firmware */
	PATH_DEV_VMM,		/* /dev/vmm */
	PATH_DEV,		/* /dev: nmdm and tap devices */
	PATH_RUNDIR,		/* /var/run/hyve */
	PATH_RC_CONF,		/* /etc/rc.conf */
	PATH_COUNT
};

/* The current path for id (default or override). */
const char	*paths_get(enum path_id);
/* Override id; the string is copied.  Returns -1 for an unknown name. */
int		 paths_set(const char *name, const char *value);
/* The hyve.conf key for id, e.g. "path_bhyve". */
const char	*paths_key(enum path_id);

#endif /* HYVE_PATHS_H */

/*
 * paths.c - the table of absolute paths.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "xmalloc.h"

struct path_entry {
	const char	*pe_key;
	const char	*pe_default;
	char		*pe_override;
};

/* FreeBSD's locations; base system tools in /sbin and /usr/sbin. */
static struct path_entry paths_table[PATH_COUNT] = {
	[PATH_BHYVE] =		{ "path_bhyve", "/usr/sbin/bhyve", NULL },
	[PATH_BHYVECTL] =	{ "path_bhyvectl", "/usr/sbin/bhyvectl", NULL },
	[PATH_BHYVELOAD] =	{ "path_bhyveload", "/usr/sbin/bhyveload",
				    NULL },
	[PATH_GRUB_BHYVE] =	{ "path_grub_bhyve",
				    "/usr/local/sbin/grub-bhyve", NULL },
	[PATH_IFCONFIG] =	{ "path_ifconfig", "/sbin/ifconfig", NULL },
	[PATH_KLDLOAD] =	{ "path_kldload", "/sbin/kldload", NULL },
	[PATH_KLDSTAT] =	{ "path_kldstat", "/sbin/kldstat", NULL },
	[PATH_SYSCTL] =		{ "path_sysctl", "/sbin/sysctl", NULL },
	[PATH_ZFS] =		{ "path_zfs", "/sbin/zfs", NULL },
	[PATH_ZPOOL] =		{ "path_zpool", "/sbin/zpool", NULL },
	[PATH_MAKEFS] =		{ "path_makefs", "/usr/sbin/makefs", NULL },
	[PATH_SWTPM] =		{ "path_swtpm", "/usr/local/bin/swtpm", NULL },
	[PATH_NGCTL] =		{ "path_ngctl", "/usr/sbin/ngctl", NULL },
	[PATH_DEVCTL] =		{ "path_devctl", "/usr/sbin/devctl", NULL },
	[PATH_PCICONF] =	{ "path_pciconf", "/usr/sbin/pciconf", NULL },
	[PATH_ROUTE] =		{ "path_route", "/sbin/route", NULL },
	[PATH_SSH] =		{ "path_ssh", "/usr/bin/ssh", NULL },
	[PATH_XZ] =		{ "path_xz", "/usr/bin/xz", NULL },
	[PATH_GZIP] =		{ "path_gzip", "/usr/bin/gzip", NULL },
	[PATH_FETCH] =		{ "path_fetch", "/usr/bin/fetch", NULL },
	[PATH_RCTL] =		{ "path_rctl", "/usr/bin/rctl", NULL },
	[PATH_RENICE] =		{ "path_renice", "/usr/bin/renice", NULL },
	[PATH_PFCTL] =		{ "path_pfctl", "/sbin/pfctl", NULL },
	[PATH_DMESG_BOOT] =	{ "path_dmesg_boot", "/var/run/dmesg.boot",
				    NULL },
	[PATH_EDITOR] =		{ "path_editor", "/usr/bin/vi", NULL },
	[PATH_FIRMWARE_DIR] =	{ "path_firmware",
				    "/usr/local/share/uefi-firmware", NULL },
	[PATH_DEV_VMM] =	{ "path_dev_vmm", "/dev/vmm", NULL },
	[PATH_DEV] =		{ "path_dev", "/dev", NULL },
	[PATH_RUNDIR] =		{ "path_rundir", "/var/run/hyve", NULL },
	[PATH_RC_CONF] =	{ "path_rc_conf", "/etc/rc.conf", NULL },
};

/* The path in effect for id. */
const char *
paths_get(enum path_id id)
{
	if (paths_table[id].pe_override != NULL)
		return (paths_table[id].pe_override);
	return (paths_table[id].pe_default);
}

/* The hyve.conf key naming id. */
const char *
paths_key(enum path_id id)
{
	return (paths_table[id].pe_key);
}

/* Override the path whose key is name. */
int
paths_set(const char *name, const char *value)
{
	size_t	 i;

	for (i = 0; i < nitems(paths_table); i++) {
		if (strcmp(paths_table[i].pe_key, name) != 0)
			continue;
		free(paths_table[i].pe_override);
		paths_table[i].pe_override = xstrdup(value);
		return (0);
	}
	return (-1);
}

/*
 * hostconf.h - the host's settings: hyve.conf, and rc.conf as fallback.
 *
 * hyve.conf (/usr/local/etc/hyve.conf, or $HYVE_CONF, or hyve -c FILE)
 * holds vm_dir, vm_list, vm_delay and overrides of the tool paths
 * (path_bhyve=..., see paths.h).  When it sets no vm_dir, vm_dir,
 * vm_list and vm_delay are read from /etc/rc.conf the way vm-bhyve
 * reads them, so a vm-bhyve host works as it is.
 *
 * There is one host configuration per process; hostconf_load() fills
 * it and the getters read it.
 */
#ifndef HYVE_HOSTCONF_H
#define HYVE_HOSTCONF_H

#include <stddef.h>

#define HOSTCONF_DEFAULT	"/usr/local/etc/hyve.conf"

/* Default bound of a guest's console.log before it rotates (1 MiB). */
#define HOSTCONF_CONSOLE_LOG_SIZE	(1024 * 1024)

/*
 * Read the host configuration.  A missing default hyve.conf is fine; a
 * missing file named explicitly is an error.  Returns -1 and sets
 * *cause when a file cannot be read or holds a bad value.
 */
int		 hostconf_load(char **cause);
/* vm_dir as written (a path or "zfs:pool/dataset"), or NULL if unset. */
const char	*hostconf_vmdir(void);
/* vm_list, space-separated guest names ("" if unset). */
const char	*hostconf_vmlist(void);
/* The file vm_list was read from (hyve.conf or rc.conf), NULL if unset. */
const char	*hostconf_vmlist_file(void);
/* vm_delay in seconds (vm-bhyve's code default is 2). */
int		 hostconf_vmdelay(void);
/* Size at which console.log rotates, in bytes. */
size_t		 hostconf_console_log_size(void);
/* The file hyve.conf was read from (for messages). */
const char	*hostconf_path(void);

#endif /* HYVE_HOSTCONF_H */

/*
 * name.h - the one rule for guest names.
 *
 * A name becomes part of paths (/vm/NAME/NAME.conf, /var/run/hyve/NAME),
 * of the bhyve VM name (/dev/vmm/NAME) and of nmdm device names, so it
 * is checked here before it touches any of them.
 */
#ifndef HYVE_NAME_H
#define HYVE_NAME_H

/*
 * FreeBSD 14's vmm(4) limits a VM name to 31 bytes (VM_MAX_NAMELEN 32
 * with the NUL).
 */
#define NAME_MAX_LEN	31

/*
 * Is name valid: 1 to 31 letters, digits, '.', '-', '_', not starting
 * with '.' or '-'?  When it is not and cause is non-NULL, *cause says
 * why (caller frees).
 */
int	name_valid(const char *name, char **cause);

#endif /* HYVE_NAME_H */

/*
 * sysconf.h - a datastore's .config/system.conf: switches, datastores.
 *
 * Same file format and reader as guest configs (conf.h).  Keys are
 * vm-bhyve's (vm-bhyve-compat.md §1.5).  A missing file is an empty
 * system.conf, as for vm-bhyve.
 *
 * Ownership: sysconf_free() releases everything; strings returned live
 * as long as the sysconf.
 */
#ifndef HYVE_SYSCONF_H
#define HYVE_SYSCONF_H

#include "model.h"

struct conf;

struct sysconf {
	struct conf	*sc_conf;
};

/* Read path; a missing file gives an empty sysconf.  NULL + *cause else. */
struct sysconf	*sysconf_load(const char *path, char **cause);
void		 sysconf_free(struct sysconf *);
/*
 * The type of switch name: type_NAME, defaulting to standard, and a
 * name absent from switch_list also counts as standard (vm-bhyve's
 * switch::type).  SWITCH_NONE for a NULL or empty name.  Unknown types
 * give SWITCH_STANDARD and *unknown = 1.
 */
enum switch_type sysconf_switchtype(const struct sysconf *, const char *name,
		    int *unknown);
/* The value of a system.conf key, or NULL. */
const char	*sysconf_get(const struct sysconf *, const char *key);
/*
 * The blank-separated words of a key's value (switch_list, ...), in
 * order, as a NULL-ended vector; sysconf_freewords() frees it and
 * accepts NULL.
 */
char		**sysconf_words(const struct sysconf *, const char *key);
void		 sysconf_freewords(char **);
/* "standard", "manual", ... */
const char	*sysconf_typename(enum switch_type);

#endif /* HYVE_SYSCONF_H */

/*
 * bcfg: the strict core of hyve's fake bhyve(8).
 *
 * A model of bhyve's configuration tree (bhyve_config(5)) together with
 * parsers for bhyve's command line and configuration files and the checks
 * FreeBSD 14/15 amd64 bhyve makes before it starts a guest.  Keys are dotted
 * paths ("pci.0.3.0.path"); the tree is kept sorted by key.
 *
 * Error reporting: functions that can fail return -1 and write a bhyve-like
 * message (without the "bhyve: " program prefix) to err.  Functions with a
 * status argument also store the exit status real bhyve would use:
 * 1 for usage errors, 4 for configuration and device errors, 64 (EX_USAGE)
 * for invalid option values, 0 when bhyve would exit successfully without
 * starting a guest (-h, -s help, -l help).
 */

#ifndef _BCFG_H_
#define	_BCFG_H_

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct bcfg;

/* Tree handling. */
struct bcfg	*bcfg_new(void);
void		 bcfg_free(struct bcfg *);
int		 bcfg_set(struct bcfg *, const char *, const char *, char *,
		    size_t);
int		 bcfg_unset(struct bcfg *, const char *);
const char	*bcfg_get(const struct bcfg *, const char *);
size_t		 bcfg_count(const struct bcfg *);
const char	*bcfg_key(const struct bcfg *, size_t);
const char	*bcfg_value(const struct bcfg *, size_t);

/*
 * bcfg_parse_argv: argv without argv[0].  Returns 0 when bhyve would go on
 * to start the guest, -1 when it would exit with *status (which is 0 and
 * err is "-h", "-s help" or "-l help" for the help requests).
 */
int		 bcfg_parse_argv(struct bcfg *, int, char *const [], int *,
		    char *, size_t);
/* bcfg_parse_file: errors always mean exit status 4. */
int		 bcfg_parse_file(struct bcfg *, const char *, char *, size_t);
int		 bcfg_expand(struct bcfg *, char *, size_t);
/*
 * bcfg_check: takes the raw tree and expands values itself, as bhyve.  It
 * does not act on config.dump: bhyve dumps the raw tree and exits 1 right
 * after its name check, before any other check here.
 */
int		 bcfg_check(const struct bcfg *, int *, char *, size_t);
void		 bcfg_normalize(struct bcfg *);
/* bcfg_equal: 1 when equal, else 0; differences go to the FILE if set. */
int		 bcfg_equal(const struct bcfg *, const struct bcfg *, FILE *);
void		 bcfg_dump(const struct bcfg *, FILE *);

/* Helpers for the fake bhyve. */
int		 bcfg_parse_memsize(const char *, uint64_t *);
const char	*bcfg_bootrom(const struct bcfg *);
const char	*bcfg_bootvars(const struct bcfg *);
const char *const *bcfg_pci_emulations(void);
const char *const *bcfg_lpc_devices(void);

#endif /* !_BCFG_H_ */

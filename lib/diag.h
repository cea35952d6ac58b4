/*
 * diag.h - the problems found in a configuration.
 *
 * Readers and validators never print or exit: they record each problem
 * here with where it is (file, line, key) and the caller decides what to
 * show.  A message reads
 *
 *	web: /vm/web/web.conf:5: disk0_type: unknown type "virtio-bk"
 *	    (did you mean "virtio-blk"?)
 *
 * The guest name and file are set once on the diag; line 0 means the key
 * is absent from the file.  All strings are copied.
 */
#ifndef HYVE_DIAG_H
#define HYVE_DIAG_H

#include <stdio.h>

enum diag_level {
	DIAG_WARN,
	DIAG_ERROR
};

struct diag_entry {
	enum diag_level	 de_level;
	char		*de_text;	/* formatted, without "hyve: " */
};

struct diag {
	char			*d_guest;	/* may be NULL */
	char			*d_file;	/* may be NULL */
	struct diag_entry	*d_v;
	size_t			 d_n;
	size_t			 d_cap;
	size_t			 d_nerrors;
	size_t			 d_nwarnings;
};

struct diag	*diag_new(const char *guest, const char *file);
void		 diag_free(struct diag *);
void		 diag_setfile(struct diag *, const char *);
void		 diag_add(struct diag *, enum diag_level, int line,
		    const char *key, const char *fmt, ...)
		    __attribute__((__format__(__printf__, 5, 6)));
#define diag_error(d, line, key, ...) \
	diag_add((d), DIAG_ERROR, (line), (key), __VA_ARGS__)
#define diag_warn(d, line, key, ...) \
	diag_add((d), DIAG_WARN, (line), (key), __VA_ARGS__)
/* Print every entry as "PROG: TEXT" (warnings marked), one per line. */
void		 diag_print(const struct diag *, FILE *);

/*
 * The candidate closest to word by edit distance, if it is close enough
 * to be a likely typo; NULL otherwise.  Used for "did you mean" hints.
 */
const char	*diag_closest(const char *word, const char *const *cands,
		    size_t ncands);

#endif /* HYVE_DIAG_H */

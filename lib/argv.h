/*
 * argv.h - argument vectors for the commands hyve runs.
 *
 * hyve never goes through a shell: every command is built word by word
 * here and handed to execv(2).  a_v is always NULL-terminated.  Words
 * are copied in; argv_free() releases them and accepts NULL.
 */
#ifndef HYVE_ARGV_H
#define HYVE_ARGV_H

#include <stddef.h>

struct argv {
	char	**a_v;
	size_t	  a_n;
	size_t	  a_cap;
};

struct argv	*argv_new(void);
void		 argv_free(struct argv *);
void		 argv_add(struct argv *, const char *);
void		 argv_addf(struct argv *, const char *, ...)
		    __attribute__((__format__(__printf__, 2, 3)));
void		 argv_addsplit(struct argv *, const char *);
/* The words joined by single spaces, quoted for sh(1); caller frees. */
char		*argv_string(const struct argv *);
/* One word quoted for sh(1) if it needs it; caller frees. */
char		*argv_quote(const char *);

#endif /* HYVE_ARGV_H */

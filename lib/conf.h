/*
 * conf.h - rc-style key="value" files, read as vm-bhyve reads them.
 *
 * Guest configs, system.conf, templates and hyve.conf are all this
 * format.  A conf keeps every line of the file byte for byte, so a
 * rewrite changes only the line it edits.  Each line is also read the
 * way vm-bhyve reads it (vm-bhyve-compat.md §2.1):
 *
 *  1. only lines whose first byte is a lower-case ASCII letter count;
 *  2. the line is cut at its first '#', even inside quotes;
 *  3. trailing spaces (not tabs) are stripped;
 *  4. every '"' is deleted; single quotes stay in the value;
 *  5. the key is the text before the first '=', the value all after it
 *     (a line without '=' is both key and value);
 *  6. the first line with a key wins.
 *
 * So an empty value is present (key=""), distinct from an absent key.
 *
 * Ownership: a conf owns its lines; strings returned by conf_get() live
 * until the next change to the conf or conf_free().
 */
#ifndef HYVE_CONF_H
#define HYVE_CONF_H

#include <stddef.h>

struct buf;
struct diag;

struct conf_line {
	char	*cl_raw;	/* the line as in the file, no newline */
	size_t	 cl_rawlen;
	char	*cl_key;	/* vm-bhyve's key, NULL if the line is ignored */
	char	*cl_value;	/* vm-bhyve's value */
};

struct conf {
	char			*c_path;
	struct conf_line	*c_lines;
	size_t			 c_n;
	size_t			 c_cap;
	int			 c_final_nl;	/* last line ended in '\n' */
	int			 c_mode;	/* permissions when loaded, or -1 */
};

/* Largest file hyve will read; guest configs are a few hundred bytes. */
#define CONF_MAXSIZE	(1024 * 1024)

/*
 * Read a file.  Returns NULL and sets *cause (caller frees) when it
 * cannot be read, is larger than CONF_MAXSIZE or holds a NUL byte.
 */
struct conf	*conf_load(const char *path, char **cause);
/*
 * Append what is left to read of fd, a config (path names it in
 * messages), to b, stopping once b holds more than CONF_MAXSIZE bytes
 * (conf_parse() and conf_pick() then refuse it).  -1 with *cause set
 * on a read error.
 */
int		 conf_readfd(int fd, const char *path, struct buf *b,
		    char **cause);
/* Build from memory; path is only used in messages.  Same failures. */
struct conf	*conf_parse(const char *path, const char *data, size_t len,
		    char **cause);
/*
 * Find the values of keys[0..nkeys) in a file's text as conf_get() would
 * return them, without building a conf: for "hyve list", which reads a
 * thousand configs for a handful of keys each.  The text is interpreted
 * in place, so data must have len + 1 writable bytes; vals[i] points
 * into it, or is NULL when keys[i] is absent.  Returns -1 and sets
 * *cause for what conf_parse() refuses, else 0.
 */
int		 conf_pick(const char *path, char *data, size_t len,
		    const char *const *keys, const char **vals, size_t nkeys,
		    char **cause);
/* An empty conf that will be saved as path. */
struct conf	*conf_empty(const char *path);
void		 conf_free(struct conf *);

/* The value of key as vm-bhyve sees it, or NULL when absent. */
const char	*conf_get(const struct conf *, const char *key);
/* The 1-based line of the effective key, or 0 when absent. */
int		 conf_lineof(const struct conf *, const char *key);

/*
 * Warn (into d) about every line vm-bhyve would read differently from
 * what its author evidently meant: indented or capitalised keys, spaces
 * around '=', '#' inside quotes, single quotes, stray double quotes,
 * duplicate keys, carriage returns, trailing tabs.
 */
void		 conf_lint(const struct conf *, struct diag *d);

/*
 * Set key to value.  The line vm-bhyve reads is edited in place: the
 * value is replaced, written in double quotes, and text after it (a
 * comment) kept; every other line stays as it was.  With no such line,
 * key="value" is appended.  Returns -1 and sets *cause when the value
 * cannot be stored so that vm-bhyve reads it back unchanged (it holds a
 * '"', '#', newline, carriage return or NUL) or the key is not a valid
 * key name.
 */
int		 conf_set(struct conf *, const char *key, const char *value,
		    char **cause);
/* Delete every line setting key (indented ones too, as sysrc -x does). */
void		 conf_unset(struct conf *, const char *key);
/* Is key a name vm-bhyve can read: [a-z][a-z0-9_]* ? */
int		 conf_validkey(const char *key);

/* The file's bytes as they would be saved; caller frees.  *len is set. */
char		*conf_text(const struct conf *, size_t *len);
/*
 * Write atomically to the conf's path: a temporary file in the same
 * directory, fsync(2), rename(2), then fsync of the directory.  The old
 * file is untouched unless the whole new one is safely on disk.  Keeps
 * the old file's permissions (new files get 0644).  Returns -1 and sets
 * *cause on failure.
 */
int		 conf_save(const struct conf *, char **cause);

#endif /* HYVE_CONF_H */

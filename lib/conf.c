/*
 * conf.c - rc-style configuration files, read exactly as vm-bhyve reads
 * them and rewritten the way sysrc(8) edits them, minus its surprises.
 */
#include "compat.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "diag.h"
#include "xmalloc.h"

/* Does vm-bhyve read this line at all?  Only if it starts with [a-z]. */
static int
conf_counts(const char *raw)
{
	return (raw[0] >= 'a' && raw[0] <= 'z');
}

/*
 * Read one line of len bytes by vm-bhyve's rules into out, which needs
 * len + 1 bytes and may be raw itself (the text only shrinks: each byte
 * is written at or before where it was read).  out then holds the key,
 * NUL-terminated.  Returns the value, within out (the key itself when
 * the line has no '='), or NULL when vm-bhyve ignores the line.
 */
static char *
conf_cook(const char *raw, size_t len, char *out)
{
	const char	*p, *end;
	char		*q, *value = NULL;

	if (len == 0 || !conf_counts(raw))
		return (NULL);
	/* Cut at the first '#', then strip trailing spaces (only spaces). */
	if ((end = memchr(raw, '#', len)) == NULL)
		end = raw + len;
	while (end > raw && end[-1] == ' ')
		end--;
	/* Delete every double quote; the first '=' ends the key. */
	for (p = raw, q = out; p < end; p++) {
		if (*p == '"')
			continue;
		if (*p == '=' && value == NULL) {
			*q++ = '\0';
			value = q;
			continue;
		}
		*q++ = *p;
	}
	*q = '\0';
	return (value != NULL ? value : out);
}

/* Fill cl_key and cl_value from cl_raw following vm-bhyve's rules. */
static void
conf_interpret(struct conf_line *cl)
{
	char	*s, *value;

	free(cl->cl_key);
	free(cl->cl_value);
	cl->cl_key = cl->cl_value = NULL;
	s = xmalloc(cl->cl_rawlen + 1);
	if ((value = conf_cook(cl->cl_raw, cl->cl_rawlen, s)) == NULL) {
		free(s);
		return;
	}
	cl->cl_value = xstrdup(value);
	cl->cl_key = s;
}

/* Append a line (raw bytes, no newline) to the conf. */
static void
conf_append(struct conf *c, const char *raw, size_t len)
{
	struct conf_line	*cl;

	if (c->c_n == c->c_cap) {
		c->c_cap = c->c_cap == 0 ? 32 : c->c_cap * 2;
		c->c_lines = xreallocarray(c->c_lines, c->c_cap,
		    sizeof(*c->c_lines));
	}
	cl = &c->c_lines[c->c_n++];
	memset(cl, 0, sizeof(*cl));
	cl->cl_raw = xstrndup(raw, len);
	cl->cl_rawlen = len;
	conf_interpret(cl);
}

/* An empty conf for path. */
struct conf *
conf_empty(const char *path)
{
	struct conf	*c;

	c = xcalloc(1, sizeof(*c));
	c->c_path = xstrdup(path);
	c->c_final_nl = 1;
	c->c_mode = -1;
	return (c);
}

/* Refuse what vm-bhyve could not read: too large, or a NUL byte. */
static int
conf_readable(const char *path, const char *data, size_t len, char **cause)
{
	const char	*p, *end;
	size_t		 line;

	if (len > CONF_MAXSIZE) {
		xasprintf(cause, "%s: file is larger than %d bytes", path,
		    CONF_MAXSIZE);
		return (-1);
	}
	/*
	 * vm-bhyve reads configs with grep(1), which treats a file holding
	 * a NUL byte as binary and prints none of its lines: such a guest
	 * has no settings at all for vm-bhyve.  Refuse it outright.
	 */
	if ((p = memchr(data, '\0', len)) != NULL) {
		for (line = 1, end = data; end < p; end++)
			if (*end == '\n')
				line++;
		xasprintf(cause, "%s:%zu: file contains a NUL byte", path,
		    line);
		return (-1);
	}
	return (0);
}

/* Build a conf from a file's text. */
struct conf *
conf_parse(const char *path, const char *data, size_t len, char **cause)
{
	struct conf	*c;
	const char	*p, *nl, *end;

	if (conf_readable(path, data, len, cause) == -1)
		return (NULL);
	c = conf_empty(path);
	p = data;
	end = data + len;
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			conf_append(c, p, (size_t)(end - p));
			c->c_final_nl = 0;
			break;
		}
		conf_append(c, p, (size_t)(nl - p));
		p = nl + 1;
	}
	return (c);
}

/* Find some keys' values in a file's text, interpreting it in place. */
int
conf_pick(const char *path, char *data, size_t len, const char *const *keys,
    const char **vals, size_t nkeys, char **cause)
{
	char	*p, *nl, *end, *value;
	size_t	 i, left = nkeys;

	if (conf_readable(path, data, len, cause) == -1)
		return (-1);
	for (i = 0; i < nkeys; i++)
		vals[i] = NULL;
	for (p = data, end = data + len; p < end && left > 0; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		/*
		 * A key's first byte is its line's first byte (a letter, so
		 * never a deleted quote): most lines are passed over here.
		 */
		for (i = 0; i < nkeys; i++)
			if (vals[i] == NULL && keys[i][0] == *p)
				break;
		if (i == nkeys)
			continue;
		/* The last line's NUL may land on data[len]. */
		if ((value = conf_cook(p, (size_t)(nl - p), p)) == NULL)
			continue;
		/* The first line with a key wins, as in conf_get(). */
		for (i = 0; i < nkeys; i++)
			if (vals[i] == NULL && strcmp(p, keys[i]) == 0) {
				vals[i] = value;
				left--;
				break;
			}
	}
	return (0);
}

/* Append the rest of a config file open as fd to b. */
int
conf_readfd(int fd, const char *path, struct buf *b, char **cause)
{
	char	 chunk[8192];
	ssize_t	 n;

	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(b, chunk, (size_t)n);
		if (b->b_len > CONF_MAXSIZE)
			break;
	}
	if (n == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	return (0);
}

/* Read and interpret a file. */
struct conf *
conf_load(const char *path, char **cause)
{
	struct conf	*c = NULL;
	struct buf	*b = NULL;
	struct stat	 st;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fd, &st) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		xasprintf(cause, "%s: %s", path, S_ISDIR(st.st_mode) ?
		    "is a directory" : "not a regular file");
		goto done;
	}
	b = buf_new();
	if (conf_readfd(fd, path, b, cause) == -1)
		goto done;
	if ((c = conf_parse(path, b->b_data, b->b_len, cause)) != NULL)
		c->c_mode = (int)(st.st_mode & 07777);
done:
	buf_free(b);
	close(fd);
	return (c);
}

/* Free a conf. */
void
conf_free(struct conf *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->c_n; i++) {
		free(c->c_lines[i].cl_raw);
		free(c->c_lines[i].cl_key);
		free(c->c_lines[i].cl_value);
	}
	free(c->c_lines);
	free(c->c_path);
	free(c);
}

/* Index of the line vm-bhyve reads for key, or -1. */
static ssize_t
conf_index(const struct conf *c, const char *key)
{
	size_t	 i;

	for (i = 0; i < c->c_n; i++)
		if (c->c_lines[i].cl_key != NULL &&
		    strcmp(c->c_lines[i].cl_key, key) == 0)
			return ((ssize_t)i);
	return (-1);
}

/* The value vm-bhyve sees for key, or NULL. */
const char *
conf_get(const struct conf *c, const char *key)
{
	ssize_t	 i;

	if ((i = conf_index(c, key)) == -1)
		return (NULL);
	return (c->c_lines[i].cl_value);
}

/* Line number of the effective key, or 0. */
int
conf_lineof(const struct conf *c, const char *key)
{
	ssize_t	 i;

	if ((i = conf_index(c, key)) == -1)
		return (0);
	return ((int)i + 1);
}

/* Is key a name vm-bhyve can read back: [a-z][a-z0-9_]*? */
int
conf_validkey(const char *key)
{
	const char	*p;

	if (key[0] < 'a' || key[0] > 'z')
		return (0);
	for (p = key + 1; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_'))
			return (0);
	return (1);
}

/*
 * For a line of the form [blanks]key=..., where its value text starts;
 * NULL if the line does not assign to key.  This is how sysrc(8) finds a
 * line to edit or remove: leading blanks allowed, no blanks before '='.
 */
static const char *
conf_assigns(const char *raw, const char *key)
{
	size_t	 klen = strlen(key);

	raw += strspn(raw, " \t");
	if (strncmp(raw, key, klen) != 0 || raw[klen] != '=')
		return (NULL);
	return (raw + klen + 1);
}

/*
 * Are the double quotes in [s, e) anything other than one pair wrapping
 * the whole value?  vm-bhyve deletes them all, wherever they are.
 */
static int
conf_strayquotes(const char *s, const char *e)
{
	const char	*p;
	size_t		 n = 0;

	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	for (p = s; p < e; p++)
		if (*p == '"')
			n++;
	if (n == 0)
		return (0);
	return (!(n == 2 && e - s >= 2 && s[0] == '"' && e[-1] == '"'));
}

/* Lint one line that vm-bhyve reads. */
static void
conf_lint_line(const struct conf_line *cl, int line, struct diag *d)
{
	const char	*raw = cl->cl_raw, *eq, *hash, *end, *p;
	size_t		 len = cl->cl_rawlen, nquotes = 0;

	if (len > 0 && raw[len - 1] == '\r')
		diag_warn(d, line, cl->cl_key, "line ends with a carriage "
		    "return (DOS line ending); vm-bhyve keeps it in the value");
	if ((eq = strchr(raw, '=')) == NULL) {
		diag_warn(d, line, NULL, "line \"%s\" has no '=' and sets "
		    "nothing", cl->cl_key);
		return;
	}
	if (eq > raw && (eq[-1] == ' ' || eq[-1] == '\t'))
		diag_warn(d, line, NULL, "blank before '=': vm-bhyve reads the "
		    "key as \"%s\", not \"%.*s\"", cl->cl_key,
		    (int)strcspn(raw, " \t="), raw);
	hash = strchr(raw, '#');
	end = hash != NULL ? hash : raw + len;
	for (p = raw; p < end; p++)
		if (*p == '"')
			nquotes++;
	if (hash != NULL && nquotes % 2 == 1)
		diag_warn(d, line, cl->cl_key, "'#' inside quotes starts a "
		    "comment for vm-bhyve: the value is cut to \"%s\"",
		    cl->cl_value);
	else if (conf_strayquotes(eq + 1, end))
		diag_warn(d, line, cl->cl_key, "double quotes inside the "
		    "value are dropped: vm-bhyve reads \"%s\"", cl->cl_value);
	if (eq[1] == '\'')
		diag_warn(d, line, cl->cl_key, "single quotes are part of "
		    "the value for vm-bhyve: it reads '%s'; use double quotes",
		    cl->cl_value);
	len = strlen(cl->cl_value);
	if (len > 0 && cl->cl_value[len - 1] == '\t')
		diag_warn(d, line, cl->cl_key, "a tab before the comment is "
		    "kept in the value");
}

/* Warn about every line vm-bhyve would silently misread. */
void
conf_lint(const struct conf *c, struct diag *d)
{
	const struct conf_line	*cl;
	const char		*raw;
	size_t			 i, j, n;

	for (i = 0; i < c->c_n; i++) {
		cl = &c->c_lines[i];
		raw = cl->cl_raw;
		if (cl->cl_key != NULL) {
			conf_lint_line(cl, (int)i + 1, d);
			for (j = 0; j < i; j++)
				if (c->c_lines[j].cl_key != NULL &&
				    strcmp(c->c_lines[j].cl_key,
				    cl->cl_key) == 0)
					break;
			if (j < i)
				diag_warn(d, (int)i + 1, cl->cl_key,
				    "duplicate key: line %zu is the one read "
				    "(sysrc(8) would edit this later one)",
				    j + 1);
			continue;
		}
		/* Lines vm-bhyve ignores that look like settings. */
		n = strspn(raw, " \t");
		if (raw[n] == '#' || raw[n] == '\0' || strchr(raw, '=') ==
		    NULL)
			continue;
		if (n > 0 && raw[n] >= 'a' && raw[n] <= 'z')
			diag_warn(d, (int)i + 1, NULL, "indented setting is "
			    "ignored by vm-bhyve: remove the leading blanks");
		else if (raw[0] >= 'A' && raw[0] <= 'Z')
			diag_warn(d, (int)i + 1, NULL, "setting starting with "
			    "an upper-case letter is ignored: keys are lower "
			    "case");
	}
}

/* Can value be written so that vm-bhyve reads back exactly value? */
static int
conf_storable(const char *value, char **cause)
{
	const char	*bad;

	if ((bad = strpbrk(value, "\"#\n\r")) == NULL)
		return (1);
	xasprintf(cause, "value cannot contain %s: vm-bhyve could not read "
	    "it back", *bad == '"' ? "'\"'" : *bad == '#' ? "'#'" :
	    *bad == '\n' ? "a newline" : "a carriage return");
	return (0);
}

/* Build the text of a key="value" line keeping what followed the old value. */
static char *
conf_editline(const char *raw, const char *key, const char *value)
{
	const char	*v, *rest, *sep = "";
	char		*line;
	size_t		 n;

	v = conf_assigns(raw, key);
	if (*v == '"' && (rest = strchr(v + 1, '"')) != NULL)
		rest++;
	else if (*v == '\'' && (rest = strchr(v + 1, '\'')) != NULL)
		rest++;		/* rewritten in double quotes, see conf_set() */
	else
		rest = v + strcspn(v, " \t#");
	/*
	 * vm-bhyve reads what follows up to a '#' into the value, less
	 * trailing spaces: keep it only if that is spaces.  A tab, a CR
	 * or text after a stray quote would change the value read back,
	 * so keep just the comment.
	 */
	n = strspn(rest, " ");
	if (rest[n] != '\0' && rest[n] != '#') {
		if ((rest = strchr(rest, '#')) == NULL)
			rest = "";
		else
			sep = " ";
	}
	xasprintf(&line, "%.*s\"%s\"%s%s", (int)(v - raw), raw, value, sep,
	    rest);
	return (line);
}

/*
 * Set a key.  We edit the line vm-bhyve reads (the first), where sysrc
 * edits the last: with duplicates sysrc writes a value vm-bhyve never
 * sees.  A single-quoted value is rewritten in double quotes because
 * vm-bhyve would keep single quotes as part of the value.
 */
int
conf_set(struct conf *c, const char *key, const char *value, char **cause)
{
	struct conf_line	*cl;
	struct buf		*b;
	ssize_t			 i;
	char			*line;

	if (!conf_validkey(key)) {
		xasprintf(cause, "\"%s\" is not a valid key name", key);
		return (-1);
	}
	if (!conf_storable(value, cause))
		return (-1);
	if ((i = conf_index(c, key)) != -1) {
		cl = &c->c_lines[i];
		/*
		 * A line vm-bhyve reads as this key but that does not start
		 * "key=" (stray quotes in the key, no '=' at all) is
		 * replaced whole: editing another line would not be seen.
		 */
		if (conf_assigns(cl->cl_raw, key) != NULL)
			line = conf_editline(cl->cl_raw, key, value);
		else
			xasprintf(&line, "%s=\"%s\"", key, value);
		free(cl->cl_raw);
		cl->cl_raw = line;
		cl->cl_rawlen = strlen(line);
		conf_interpret(cl);
		return (0);
	}
	b = buf_new();
	buf_addf(b, "%s=\"%s\"", key, value);
	conf_append(c, b->b_data, b->b_len);
	buf_free(b);
	c->c_final_nl = 1;
	return (0);
}

/*
 * Remove every line assigning to key, and any other line vm-bhyve reads
 * as key (a bare "key", quotes inside the key), so that it is absent.
 */
void
conf_unset(struct conf *c, const char *key)
{
	size_t	 i, j;

	for (i = j = 0; i < c->c_n; i++) {
		if (conf_assigns(c->c_lines[i].cl_raw, key) != NULL ||
		    (c->c_lines[i].cl_key != NULL &&
		    strcmp(c->c_lines[i].cl_key, key) == 0)) {
			free(c->c_lines[i].cl_raw);
			free(c->c_lines[i].cl_key);
			free(c->c_lines[i].cl_value);
			continue;
		}
		c->c_lines[j++] = c->c_lines[i];
	}
	c->c_n = j;
}

/* The bytes of the file as it would be written. */
char *
conf_text(const struct conf *c, size_t *len)
{
	struct buf	*b;
	size_t		 i;

	b = buf_new();
	for (i = 0; i < c->c_n; i++) {
		buf_add(b, c->c_lines[i].cl_raw, c->c_lines[i].cl_rawlen);
		if (i + 1 < c->c_n || c->c_final_nl)
			buf_addc(b, '\n');
	}
	*len = b->b_len;
	return (buf_take(b));
}

/* Write all of buf to fd. */
static int
conf_writeall(int fd, const char *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

/* Save atomically: temp file, fsync, rename, fsync the directory. */
int
conf_save(const struct conf *c, char **cause)
{
	char	*text = NULL, *tmp = NULL, *dircopy = NULL;
	size_t	 len;
	int	 fd = -1, dfd = -1, rv = -1;
	mode_t	 mode;

	dircopy = xstrdup(c->c_path);
	xasprintf(&tmp, "%s/.%s.XXXXXX", dirname(dircopy),
	    strrchr(c->c_path, '/') != NULL ? strrchr(c->c_path, '/') + 1 :
	    c->c_path);
	if ((fd = mkstemp(tmp)) == -1) {
		xasprintf(cause, "%s: cannot create temporary file: %s",
		    c->c_path, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto done;
	}
	mode = c->c_mode == -1 ? 0644 : (mode_t)c->c_mode;
	text = conf_text(c, &len);
	if (fchmod(fd, mode) == -1 || conf_writeall(fd, text, len) == -1 ||
	    fsync(fd) == -1) {
		xasprintf(cause, "%s: cannot write: %s", c->c_path,
		    strerror(errno));
		goto done;
	}
	if (close(fd) == -1) {
		fd = -1;
		xasprintf(cause, "%s: cannot write: %s", c->c_path,
		    strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp, c->c_path) == -1) {
		xasprintf(cause, "%s: cannot replace: %s", c->c_path,
		    strerror(errno));
		goto done;
	}
	free(tmp);
	tmp = NULL;
	/* Make the rename itself durable. */
	free(dircopy);
	dircopy = xstrdup(c->c_path);
	if ((dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1)
		(void)fsync(dfd);
	rv = 0;
done:
	if (fd != -1)
		close(fd);
	if (dfd != -1)
		close(dfd);
	if (tmp != NULL) {
		(void)unlink(tmp);
		free(tmp);
	}
	free(text);
	free(dircopy);
	return (rv);
}

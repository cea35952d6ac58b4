/*
 * json.c - write JSON text, one value at a time, to a buffer.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "json.h"
#include "xmalloc.h"

/* Deep enough for any document hyve writes; deeper is a bug. */
#define JSON_DEPTH	32

struct json {
	struct buf	*j_buf;
	int		 j_depth;
	char		 j_kind[JSON_DEPTH];	/* '{' or '[' per level */
	bool		 j_first[JSON_DEPTH];	/* nothing written at level */
	bool		 j_keyed;		/* a key waits for its value */
	bool		 j_done;		/* the outermost value ended */
};

/* Abort on a sequence of calls that cannot make valid JSON. */
static void
json_misuse(const char *what)
{
	fprintf(stderr, "hyve: internal error: json: %s\n", what);
	abort();
}

/* Allocate an empty writer. */
struct json *
json_new(void)
{
	struct json	*j;

	j = xcalloc(1, sizeof(*j));
	j->j_buf = buf_new();
	return (j);
}

/* Free a writer and whatever it wrote; accepts NULL. */
void
json_free(struct json *j)
{
	if (j == NULL)
		return;
	buf_free(j->j_buf);
	free(j);
}

/* Return the finished text and free the writer. */
char *
json_take(struct json *j)
{
	char	*s;

	if (j->j_depth != 0 || !j->j_done)
		json_misuse("document not finished");
	s = buf_take(j->j_buf);
	free(j);
	return (s);
}

/* Write the finished text to fp and free the writer. */
void
json_print(struct json *j, FILE *fp)
{
	char	*s;

	s = json_take(j);
	fputs(s, fp);
	free(s);
}

/* Write what separates this value from the one before it. */
static void
json_prefix(struct json *j)
{
	int	d = j->j_depth;

	if (j->j_done)
		json_misuse("value after the end of the document");
	if (d == 0)
		return;
	if (j->j_kind[d - 1] == '{') {
		if (!j->j_keyed)
			json_misuse("object member without a key");
		j->j_keyed = false;
		return;
	}
	if (!j->j_first[d - 1])
		buf_addc(j->j_buf, ',');
	j->j_first[d - 1] = false;
}

/* Note that a complete value was written. */
static void
json_suffix(struct json *j)
{
	if (j->j_depth == 0) {
		buf_addc(j->j_buf, '\n');
		j->j_done = true;
	}
}

/* Open an object or array. */
static void
json_open(struct json *j, char kind)
{
	json_prefix(j);
	if (j->j_depth == JSON_DEPTH)
		json_misuse("nested too deep");
	j->j_kind[j->j_depth] = kind;
	j->j_first[j->j_depth] = true;
	j->j_depth++;
	buf_addc(j->j_buf, kind);
}

/* Close the innermost object or array, which must be of this kind. */
static void
json_close(struct json *j, char kind)
{
	if (j->j_depth == 0 || j->j_kind[j->j_depth - 1] != kind)
		json_misuse("end without a matching begin");
	if (j->j_keyed)
		json_misuse("key without a value");
	j->j_depth--;
	buf_addc(j->j_buf, kind == '{' ? '}' : ']');
	json_suffix(j);
}

/* Begin an object. */
void
json_object_begin(struct json *j)
{
	json_open(j, '{');
}

/* End the innermost object. */
void
json_object_end(struct json *j)
{
	json_close(j, '{');
}

/* Begin an array. */
void
json_array_begin(struct json *j)
{
	json_open(j, '[');
}

/* End the innermost array. */
void
json_array_end(struct json *j)
{
	json_close(j, '[');
}

/* Append s as a quoted, escaped JSON string. */
static void
json_quote(struct json *j, const char *s)
{
	const unsigned char	*p;

	buf_addc(j->j_buf, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			buf_adds(j->j_buf, "\\\"");
			break;
		case '\\':
			buf_adds(j->j_buf, "\\\\");
			break;
		case '\n':
			buf_adds(j->j_buf, "\\n");
			break;
		case '\t':
			buf_adds(j->j_buf, "\\t");
			break;
		case '\r':
			buf_adds(j->j_buf, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_addf(j->j_buf, "\\u%04x", *p);
			else
				buf_addc(j->j_buf, *p);
		}
	}
	buf_addc(j->j_buf, '"');
}

/* Name the next member of the innermost object. */
void
json_key(struct json *j, const char *key)
{
	int	d = j->j_depth;

	if (d == 0 || j->j_kind[d - 1] != '{' || j->j_keyed)
		json_misuse("key outside an object or twice");
	if (!j->j_first[d - 1])
		buf_addc(j->j_buf, ',');
	j->j_first[d - 1] = false;
	json_quote(j, key);
	buf_addc(j->j_buf, ':');
	j->j_keyed = true;
}

/* Write a string value. */
void
json_string(struct json *j, const char *s)
{
	json_prefix(j);
	json_quote(j, s);
	json_suffix(j);
}

/* Write a string value, or null for NULL. */
void
json_string_or_null(struct json *j, const char *s)
{
	if (s == NULL)
		json_null(j);
	else
		json_string(j, s);
}

/* Write a signed integer. */
void
json_int(struct json *j, int64_t v)
{
	json_prefix(j);
	buf_addf(j->j_buf, "%" PRId64, v);
	json_suffix(j);
}

/* Write an unsigned integer. */
void
json_uint(struct json *j, uint64_t v)
{
	json_prefix(j);
	buf_addf(j->j_buf, "%" PRIu64, v);
	json_suffix(j);
}

/* Write true or false. */
void
json_bool(struct json *j, bool v)
{
	json_prefix(j);
	buf_adds(j->j_buf, v ? "true" : "false");
	json_suffix(j);
}

/* Write null. */
void
json_null(struct json *j)
{
	json_prefix(j);
	buf_adds(j->j_buf, "null");
	json_suffix(j);
}

/* Write a member whose value is a string. */
void
json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string_or_null(j, s);
}

/* Write a member whose value is a signed integer. */
void
json_kv_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

/* Write a member whose value is an unsigned integer. */
void
json_kv_uint(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_uint(j, v);
}

/* Write a member whose value is a boolean. */
void
json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

/*
 * json.h - write JSON text, one value at a time, to a buffer.
 *
 * The writer keeps a stack of open objects and arrays and puts the
 * commas and colons itself, so callers only say what comes next:
 *
 *	json_object_begin(j);
 *	json_key(j, "name"); json_string(j, "web");
 *	json_key(j, "cpus"); json_int(j, 2);
 *	json_object_end(j);
 *
 * Output is compact except for a newline after the outermost value;
 * strings are escaped as RFC 8259 requires (quote, backslash, control
 * characters as \uXXXX; other bytes pass through, so UTF-8 stays UTF-8).
 * json_new() returns a writer owned by the caller; json_free() accepts
 * NULL; json_take() returns the text (free(3) it) and frees the writer.
 * Misuse (a value where a key is due, unbalanced ends) is a programming
 * error and aborts.
 */
#ifndef HYVE_JSON_H
#define HYVE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json;

struct json	*json_new(void);
void		 json_free(struct json *);
char		*json_take(struct json *);
/* json_take() written to fp: the writer is freed. */
void		 json_print(struct json *, FILE *);

void		 json_object_begin(struct json *);
void		 json_object_end(struct json *);
void		 json_array_begin(struct json *);
void		 json_array_end(struct json *);
/* The key of the next member of the innermost object. */
void		 json_key(struct json *, const char *);

void		 json_string(struct json *, const char *);
/* A string, or null when s is NULL. */
void		 json_string_or_null(struct json *, const char *);
void		 json_int(struct json *, int64_t);
void		 json_uint(struct json *, uint64_t);
void		 json_bool(struct json *, bool);
void		 json_null(struct json *);

/* Shorthands for a key followed by its value. */
void		 json_kv_string(struct json *, const char *, const char *);
void		 json_kv_int(struct json *, const char *, int64_t);
void		 json_kv_uint(struct json *, const char *, uint64_t);
void		 json_kv_bool(struct json *, const char *, bool);

#endif /* HYVE_JSON_H */

/*
 * json_test.c - the JSON writer (lib/json.c): separators, nesting and
 * string escaping, compared byte for byte with what RFC 8259 requires;
 * json_print() writing the same text to a stream.
 */
#include "compat.h"

#include <atf-c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* Finish j and check its text is exactly want. */
static void
expect(struct json *j, const char *want)
{
	char	*got;

	got = json_take(j);
	ATF_CHECK_STREQ_MSG(want, got, "want %s got %s", want, got);
	free(got);
}

ATF_TC_WITHOUT_HEAD(scalars);
ATF_TC_BODY(scalars, tc)
{
	struct json	*j;

	j = json_new();
	json_int(j, INT64_MIN);
	expect(j, "-9223372036854775808\n");
	j = json_new();
	json_uint(j, UINT64_MAX);
	expect(j, "18446744073709551615\n");
	j = json_new();
	json_null(j);
	expect(j, "null\n");
	j = json_new();
	json_string_or_null(j, NULL);
	expect(j, "null\n");
}

ATF_TC_WITHOUT_HEAD(nesting);
ATF_TC_BODY(nesting, tc)
{
	struct json	*j;

	j = json_new();
	json_object_begin(j);
	json_kv_string(j, "name", "web");
	json_kv_int(j, "cpus", 2);
	json_key(j, "disks");
	json_array_begin(j);
	json_object_begin(j);
	json_kv_uint(j, "size", 10);
	json_kv_bool(j, "sparse", true);
	json_object_end(j);
	json_object_begin(j);
	json_object_end(j);
	json_array_end(j);
	json_key(j, "empty");
	json_array_begin(j);
	json_array_end(j);
	json_kv_bool(j, "up", false);
	json_object_end(j);
	expect(j, "{\"name\":\"web\",\"cpus\":2,\"disks\":[{\"size\":10,"
	    "\"sparse\":true},{}],\"empty\":[],\"up\":false}\n");
}

ATF_TC_WITHOUT_HEAD(escapes);
ATF_TC_BODY(escapes, tc)
{
	struct json	*j;

	j = json_new();
	json_array_begin(j);
	json_string(j, "a\"b\\c");
	json_string(j, "\n\t\r\x01\x1f\x7f");
	json_string(j, "caf\xc3\xa9");
	json_array_end(j);
	expect(j, "[\"a\\\"b\\\\c\",\"\\n\\t\\r\\u0001\\u001f\\u007f\","
	    "\"caf\xc3\xa9\"]\n");
}

ATF_TC_WITHOUT_HEAD(print);
ATF_TC_BODY(print, tc)
{
	struct json	*j;
	FILE		*fp;
	char		 got[64];
	size_t		 n;

	ATF_REQUIRE((fp = tmpfile()) != NULL);
	j = json_new();
	json_object_begin(j);
	json_kv_string(j, "name", "web");
	json_object_end(j);
	json_print(j, fp);
	rewind(fp);
	n = fread(got, 1, sizeof(got) - 1, fp);
	got[n] = '\0';
	ATF_CHECK_STREQ("{\"name\":\"web\"}\n", got);
	fclose(fp);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, scalars);
	ATF_TP_ADD_TC(tp, nesting);
	ATF_TP_ADD_TC(tp, escapes);
	ATF_TP_ADD_TC(tp, print);
	return (atf_no_error());
}

/*
 * datastore_test.c - the pure parts of lib/datastore.c: datastore names
 * and the system.conf edits of "datastore add" and "datastore remove",
 * checked byte for byte (comments and other keys kept).
 */
#include "compat.h"

#include <atf-c.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "datastore.h"

/* A conf from text. */
static struct conf *
mkconf(const char *text)
{
	struct conf	*c;
	char		*cause = NULL;

	c = conf_parse("system.conf", text, strlen(text), &cause);
	ATF_REQUIRE_MSG(c != NULL, "%s", cause);
	return (c);
}

/* The conf's text is exactly want. */
static void
expect(const struct conf *c, const char *want)
{
	char	*got;
	size_t	 len;

	got = conf_text(c, &len);
	ATF_CHECK_STREQ_MSG(want, got, "want:\n%s\ngot:\n%s", want, got);
	free(got);
}

ATF_TC_WITHOUT_HEAD(names);
ATF_TC_BODY(names, tc)
{
	char	*cause = NULL;

	ATF_CHECK(datastore_name_valid("fast", NULL));
	ATF_CHECK(datastore_name_valid("ssd_2", NULL));
	ATF_CHECK(datastore_name_valid("0", NULL));
	ATF_CHECK(datastore_name_valid("abcdefghijklmnopqrstuvwxyz01234",
	    NULL));
	ATF_CHECK(!datastore_name_valid("abcdefghijklmnopqrstuvwxyz012345",
	    &cause));
	ATF_CHECK(strstr(cause, "longer than 31") != NULL);
	free(cause);
	ATF_CHECK(!datastore_name_valid("Fast", &cause));
	ATF_CHECK(strstr(cause, "lower-case letters") != NULL);
	free(cause);
	ATF_CHECK(!datastore_name_valid("my-ds", &cause));
	free(cause);
	ATF_CHECK(!datastore_name_valid("a/b", &cause));
	free(cause);
	ATF_CHECK(!datastore_name_valid("", &cause));
	ATF_CHECK(strstr(cause, "empty") != NULL);
	free(cause);
	ATF_CHECK(!datastore_name_valid("default", &cause));
	ATF_CHECK(strstr(cause, "vm_dir") != NULL);
	free(cause);
	ATF_CHECK_STREQ("directory", datastore_kindname(DATASTORE_DIR));
	ATF_CHECK_STREQ("zfs", datastore_kindname(DATASTORE_ZFS));
	ATF_CHECK_STREQ("iso", datastore_kindname(DATASTORE_ISO));
	ATF_CHECK_STREQ("img", datastore_kindname(DATASTORE_IMG));
}

ATF_TC_WITHOUT_HEAD(add);
ATF_TC_BODY(add, tc)
{
	struct conf	*c;
	char		*cause = NULL;

	c = mkconf("# switches\nswitch_list=\"public\"\n");
	ATF_REQUIRE_EQ(0, datastore_add_conf(c, "fast", "/fast", &cause));
	ATF_REQUIRE_EQ(0, datastore_add_conf(c, "tank", "zfs:tank/vm",
	    &cause));
	expect(c, "# switches\nswitch_list=\"public\"\npath_fast=\"/fast\"\n"
	    "datastore_list=\"fast tank\"\npath_tank=\"zfs:tank/vm\"\n");
	conf_free(c);

	/* An existing list is edited in place, its comment kept. */
	c = mkconf("datastore_list=\" a  \"   # mine\n");
	ATF_REQUIRE_EQ(0, datastore_add_conf(c, "b", "/b", &cause));
	expect(c, "datastore_list=\"a   b\"   # mine\npath_b=\"/b\"\n");
	conf_free(c);

	/* A value vm-bhyve could not read back is refused. */
	c = mkconf("");
	ATF_CHECK_EQ(-1, datastore_add_conf(c, "x", "/a\"b", &cause));
	ATF_CHECK(cause != NULL);
	free(cause);
	conf_free(c);
}

ATF_TC_WITHOUT_HEAD(remove);
ATF_TC_BODY(remove, tc)
{
	struct conf	*c;

	c = mkconf("# top\ndatastore_list=\"a b\tc\"  # all\npath_a=\"/a\"\n"
	    "path_b=\"/b\"\n  path_b=\"/old\"\npath_c=\"/c\"\n");
	datastore_remove_conf(c, "b");
	expect(c, "# top\ndatastore_list=\"a c\"  # all\npath_a=\"/a\"\n"
	    "path_c=\"/c\"\n");
	datastore_remove_conf(c, "a");
	datastore_remove_conf(c, "c");
	expect(c, "# top\n");
	/* Removing what is not there changes nothing. */
	datastore_remove_conf(c, "zz");
	expect(c, "# top\n");
	conf_free(c);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, names);
	ATF_TP_ADD_TC(tp, add);
	ATF_TP_ADD_TC(tp, remove);
	return (atf_no_error());
}

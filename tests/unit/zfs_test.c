/*
 * zfs_test.c - the zfs(8) argvs of lib/zfs.c, byte for byte (zvols
 * above all: zfs-fuse cannot make them, so their syntax is checked
 * here and by the strict fake zfs), and the parsing of -H output.
 */
#include "compat.h"

#include <atf-c.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "paths.h"
#include "plan.h"
#include "zfs.h"

/* Check that a's words are want (the tool first). */
static void
expect(const struct argv *a, const char *want)
{
	char	*got;

	got = argv_string(a);
	ATF_CHECK_STREQ_MSG(want, got, "want %s got %s", want, got);
	free(got);
}

/* Check step i of zs: its argv and undo (NULL: none). */
static void
expect_step(const struct zfs_steps *zs, size_t i, const char *want,
    const char *undo)
{
	ATF_REQUIRE(i < zs->zs_n);
	expect(zs->zs_v[i].zs_argv, want);
	if (undo == NULL)
		ATF_CHECK(zs->zs_v[i].zs_undo == NULL);
	else {
		ATF_REQUIRE(zs->zs_v[i].zs_undo != NULL);
		expect(zs->zs_v[i].zs_undo, undo);
	}
}

ATF_TC_WITHOUT_HEAD(zvols);
ATF_TC_BODY(zvols, tc)
{
	struct zfs_steps	*zs;

	zs = zfs_steps_new();
	zfs_add_zvol(zs, "tank/vm/web/disk0", "20G", false, NULL);
	zfs_add_zvol(zs, "tank/vm/web/disk1", "1T", true,
	    "volblocksize=16k  compression=lz4");
	zfs_add_volsize(zs, "tank/vm/web/disk0", "30G", "20G");
	zfs_add_volsize(zs, "tank/vm/web/disk1", "2T", NULL);
	expect_step(zs, 0, "/sbin/zfs create -V 20G -o volmode=dev "
	    "tank/vm/web/disk0", "/sbin/zfs destroy tank/vm/web/disk0");
	expect_step(zs, 1, "/sbin/zfs create -s -V 1T -o volmode=dev "
	    "-o volblocksize=16k -o compression=lz4 tank/vm/web/disk1",
	    "/sbin/zfs destroy tank/vm/web/disk1");
	expect_step(zs, 2, "/sbin/zfs set volsize=30G tank/vm/web/disk0",
	    "/sbin/zfs set volsize=20G tank/vm/web/disk0");
	expect_step(zs, 3, "/sbin/zfs set volsize=2T tank/vm/web/disk1",
	    NULL);
	zfs_steps_free(zs);
}

ATF_TC_WITHOUT_HEAD(datasets);
ATF_TC_BODY(datasets, tc)
{
	struct zfs_steps	*zs;

	zs = zfs_steps_new();
	zfs_add_create(zs, "tank/vm/web", "recordsize=64k");
	zfs_add_create(zs, "tank/vm/db", NULL);
	zfs_add_rename(zs, "tank/vm/web", "tank/vm/www");
	zfs_add_snapshot(zs, "tank/vm/web@s1", true);
	zfs_add_snapshot(zs, "tank/vm/web/disk0@s1", false);
	zfs_add_rollback(zs, "tank/vm/web@s1", true);
	zfs_add_rollback(zs, "tank/vm/web@s1", false);
	zfs_add_clone(zs, "tank/vm/web@s1", "tank/vm/new");
	zfs_add_destroy(zs, "tank/vm/web@s1", true);
	zfs_add_destroy(zs, "tank/vm/web", false);
	expect_step(zs, 0, "/sbin/zfs create -o recordsize=64k tank/vm/web",
	    "/sbin/zfs destroy -r tank/vm/web");
	expect_step(zs, 1, "/sbin/zfs create tank/vm/db",
	    "/sbin/zfs destroy -r tank/vm/db");
	expect_step(zs, 2, "/sbin/zfs rename tank/vm/web tank/vm/www",
	    "/sbin/zfs rename tank/vm/www tank/vm/web");
	expect_step(zs, 3, "/sbin/zfs snapshot -r tank/vm/web@s1",
	    "/sbin/zfs destroy -r tank/vm/web@s1");
	expect_step(zs, 4, "/sbin/zfs snapshot tank/vm/web/disk0@s1",
	    "/sbin/zfs destroy tank/vm/web/disk0@s1");
	expect_step(zs, 5, "/sbin/zfs rollback -r tank/vm/web@s1", NULL);
	expect_step(zs, 6, "/sbin/zfs rollback tank/vm/web@s1", NULL);
	expect_step(zs, 7, "/sbin/zfs clone tank/vm/web@s1 tank/vm/new",
	    "/sbin/zfs destroy tank/vm/new");
	expect_step(zs, 8, "/sbin/zfs destroy -r tank/vm/web@s1", NULL);
	expect_step(zs, 9, "/sbin/zfs destroy tank/vm/web", NULL);
	zfs_steps_free(zs);
}

ATF_TC_WITHOUT_HEAD(streams);
ATF_TC_BODY(streams, tc)
{
	struct argv	*a;

	a = zfs_send("tank/vm/web@s2", NULL);
	expect(a, "/sbin/zfs send -R tank/vm/web@s2");
	argv_free(a);
	a = zfs_send("tank/vm/web@s2", "tank/vm/web@s1");
	expect(a, "/sbin/zfs send -R -i tank/vm/web@s1 tank/vm/web@s2");
	argv_free(a);
	a = zfs_receive("tank/vm/web", false);
	expect(a, "/sbin/zfs receive tank/vm/web");
	argv_free(a);
	a = zfs_receive("tank/vm/web", true);
	expect(a, "/sbin/zfs receive -F tank/vm/web");
	argv_free(a);
	a = zfs_list("tank/vm/web", "snapshot", "name,creation");
	expect(a, "/sbin/zfs list -H -o name,creation -t snapshot -r "
	    "tank/vm/web");
	argv_free(a);
	a = zfs_get("tank/vm/web/disk0", "volsize", true);
	expect(a, "/sbin/zfs get -Hp -o value volsize tank/vm/web/disk0");
	argv_free(a);
	a = zfs_getprops("tank/vm", "mounted,mountpoint");
	expect(a, "/sbin/zfs get -H -o property,value mounted,mountpoint "
	    "tank/vm");
	argv_free(a);
}

ATF_TC_WITHOUT_HEAD(plan);
ATF_TC_BODY(plan, tc)
{
	struct zfs_steps	*zs;
	struct plan		*p;

	zs = zfs_steps_new();
	zfs_add_snapshot(zs, "tank/vm/web@s1", true);
	zfs_add_rollback(zs, "tank/vm/web@s0", true);
	p = plan_new();
	zfs_steps_plan(zs, p);
	ATF_REQUIRE_EQ(2, p->p_n);
	ATF_CHECK_STREQ("run /sbin/zfs snapshot -r tank/vm/web@s1    # undo: "
	    "/sbin/zfs destroy -r tank/vm/web@s1", p->p_v[0]);
	ATF_CHECK_STREQ("run /sbin/zfs rollback -r tank/vm/web@s0    # "
	    "destroys the newer snapshots", p->p_v[1]);
	plan_free(p);
	zfs_steps_free(zs);
}

ATF_TC_WITHOUT_HEAD(rows);
ATF_TC_BODY(rows, tc)
{
	struct zfs_rows	*zr;
	char		*cause = NULL;

	zr = zfs_rows_parse("tank/vm\t/vm\nb\t\n\n", 2, &cause);
	ATF_REQUIRE(zr != NULL);
	ATF_CHECK_EQ(2, zr->zr_n);
	ATF_CHECK_STREQ("tank/vm", zr->zr_v[0][0]);
	ATF_CHECK_STREQ("/vm", zr->zr_v[0][1]);
	ATF_CHECK_STREQ("b", zr->zr_v[1][0]);
	ATF_CHECK_STREQ("", zr->zr_v[1][1]);
	zfs_rows_free(zr);
	zr = zfs_rows_parse("", 3, &cause);
	ATF_REQUIRE(zr != NULL);
	ATF_CHECK_EQ(0, zr->zr_n);
	zfs_rows_free(zr);
	ATF_CHECK(zfs_rows_parse("a\tb\nc\n", 2, &cause) == NULL);
	ATF_CHECK_STREQ("zfs output line 2: \"c\": 1 fields, expected 2",
	    cause);
	free(cause);
	cause = NULL;
	ATF_CHECK(zfs_rows_parse("a\tb\tc\n", 2, &cause) == NULL);
	free(cause);
}

ATF_TC_WITHOUT_HEAD(snapnames);
ATF_TC_BODY(snapnames, tc)
{
	char	 big[202];

	ATF_CHECK(zfs_snapname_valid("2026-12-02-06:01:44"));
	ATF_CHECK(zfs_snapname_valid("clone-0a1b2c3d"));
	ATF_CHECK(zfs_snapname_valid("a_b.c"));
	ATF_CHECK(!zfs_snapname_valid(""));
	ATF_CHECK(!zfs_snapname_valid("a b"));
	ATF_CHECK(!zfs_snapname_valid("a/b"));
	ATF_CHECK(!zfs_snapname_valid("a@b"));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ATF_CHECK(!zfs_snapname_valid(big));
	big[200] = '\0';
	ATF_CHECK(zfs_snapname_valid(big));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, zvols);
	ATF_TP_ADD_TC(tp, datasets);
	ATF_TP_ADD_TC(tp, streams);
	ATF_TP_ADD_TC(tp, plan);
	ATF_TP_ADD_TC(tp, rows);
	ATF_TP_ADD_TC(tp, snapnames);
	return (0);
}

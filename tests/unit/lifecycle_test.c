/*
 * lifecycle_test.c - the plans of create, rename, add, grow, insert,
 * eject and set (lib/lifecycle.c) and storage plans (lib/storage.c):
 * what they write, in which order, and how they refuse.
 */
#include "compat.h"

#include <sys/stat.h>

#include <atf-c.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "guest.h"
#include "lifecycle.h"
#include "plan.h"
#include "storage.h"

#define TEMPLATE \
	"# tpl\n" \
	"loader=\"bhyveload\"\n" \
	"cpu=1\n" \
	"memory=256M\n" \
	"disk0_type=\"virtio-blk\"\n" \
	"disk0_name=\"disk0.img\"\n" \
	"disk0_size=\"2G\"\n" \
	"disk1_type=\"ahci-hd\"\n" \
	"disk1_name=\"web-data.img\"\n"

/* Parse text (which must be valid) as path. */
static struct conf *
parse(const char *path, const char *text)
{
	struct conf	*c;
	char		*cause = NULL;

	c = conf_parse(path, text, strlen(text), &cause);
	ATF_REQUIRE_MSG(c != NULL, "conf_parse: %s", cause);
	return (c);
}

/* Guest web in /vm from text; /nonexistent has no system.conf. */
static struct guest *
mkguest(const char *text)
{
	struct guest	*g;
	char		*cause = NULL;

	g = guest_fromconf(parse("/vm/web/web.conf", text), "web", "/vm/web",
	    "/vm", NULL, "/nonexistent", "/fw", &cause);
	ATF_REQUIRE_MSG(g != NULL, "guest_fromconf: %s", cause);
	return (g);
}

/* The plan as "-n" prints it, one string. */
static char *
describe(const struct storage_plan *sp)
{
	struct plan	*p;
	char		*s;
	size_t		 len;
	FILE		*fp;

	p = plan_new();
	storage_describe(sp, p);
	fp = open_memstream(&s, &len);
	plan_print(p, fp);
	fclose(fp);
	plan_free(p);
	return (s);
}

ATF_TC_WITHOUT_HEAD(create_plan);
ATF_TC_BODY(create_plan, tc)
{
	struct lifecycle_new	 ln;
	struct storage_plan	*sp;
	struct conf		*tpl, *c;
	char			*cause = NULL;

	tpl = parse("/vm/.templates/default.conf", TEMPLATE);
	memset(&ln, 0, sizeof(ln));
	ln.ln_name = "db";
	ln.ln_template = "default";
	ln.ln_tpl = tpl;
	ln.ln_kind = DATASTORE_DIR;
	ln.ln_dspath = "/vm";
	ln.ln_cpus = "4";
	sp = storage_plan_new();
	ATF_REQUIRE(lifecycle_create(&ln, &c, sp, &cause) == 0);
	ATF_CHECK_STREQ(c->c_path, "/vm/db/db.conf");
	ATF_CHECK_STREQ(conf_get(c, "cpu"), "4");
	ATF_CHECK_STREQ(conf_get(c, "memory"), "256M");
	ATF_CHECK(conf_get(c, "disk0_size") == NULL);
	ATF_CHECK(conf_get(c, "uuid") != NULL &&
	    strlen(conf_get(c, "uuid")) == 36);
	ATF_CHECK(strncmp(conf_get(c, "network0_mac"), "58:9c:fc:0", 10) ==
	    0);
	/* mkdir, disks in order (disk1: the 20G default), config last. */
	ATF_REQUIRE_EQ(sp->sp_n, 4);
	ATF_CHECK_EQ(sp->sp_v[0].so_kind, STORAGE_MKDIR);
	ATF_CHECK_STREQ(sp->sp_v[0].so_path, "/vm/db");
	ATF_CHECK_EQ(sp->sp_v[1].so_kind, STORAGE_DISK);
	ATF_CHECK_STREQ(sp->sp_v[1].so_path, "/vm/db/disk0.img");
	ATF_CHECK_EQ(sp->sp_v[1].so_size, 2ULL << 30);
	ATF_CHECK_STREQ(sp->sp_v[2].so_path, "/vm/db/web-data.img");
	ATF_CHECK_EQ(sp->sp_v[2].so_size, 20ULL << 30);
	ATF_CHECK_EQ(sp->sp_v[3].so_kind, STORAGE_WRITE);
	ATF_CHECK(!sp->sp_v[3].so_replace);
	/* The template's comment is kept. */
	ATF_CHECK(strncmp(sp->sp_v[3].so_text, "# tpl\n", 6) == 0);
	conf_free(c);
	storage_plan_free(sp);

	/* -s sizes disk0 only. */
	ln.ln_size = "5G";
	sp = storage_plan_new();
	ATF_REQUIRE(lifecycle_create(&ln, &c, sp, &cause) == 0);
	ATF_CHECK_EQ(sp->sp_v[1].so_size, 5ULL << 30);
	ATF_CHECK_EQ(sp->sp_v[2].so_size, 20ULL << 30);
	conf_free(c);
	storage_plan_free(sp);
	conf_free(tpl);
}

ATF_TC_WITHOUT_HEAD(create_zfs);
ATF_TC_BODY(create_zfs, tc)
{
	struct lifecycle_new	 ln;
	struct storage_plan	*sp;
	struct conf		*tpl, *c;
	char			*cause = NULL, *s;

	tpl = parse("/vm/.templates/z.conf", "zfs_dataset_opts=\"a=1 b=2\"\n"
	    "zfs_zvol_opts=\"c=3\"\ndisk0_name=\"disk0.img\"\n"
	    "disk0_size=\"1G\"\ndisk1_name=\"disk1\"\n"
	    "disk1_dev=\"sparse-zvol\"\ndisk1_size=\"2G\"\n"
	    "disk2_name=\"disk2\"\ndisk2_dev=\"zvol\"\n");
	memset(&ln, 0, sizeof(ln));
	ln.ln_name = "db";
	ln.ln_template = "z";
	ln.ln_tpl = tpl;
	ln.ln_kind = DATASTORE_ZFS;
	ln.ln_dspath = "/vm";
	ln.ln_dataset = "tank/vm";
	sp = storage_plan_new();
	ATF_REQUIRE(lifecycle_create(&ln, &c, sp, &cause) == 0);
	ATF_REQUIRE_EQ(sp->sp_n, 5);
	s = describe(sp);
	ATF_CHECK(strstr(s, "run /sbin/zfs create -o a=1 -o b=2 tank/vm/db    "
	    "# undo: /sbin/zfs destroy -r tank/vm/db\n") != NULL);
	ATF_CHECK(strstr(s, "truncate -s 1G /vm/db/disk0.img") != NULL);
	ATF_CHECK(strstr(s, "run /sbin/zfs create -s -V 2G -o volmode=dev "
	    "-o c=3 tank/vm/db/disk1    # undo: /sbin/zfs destroy "
	    "tank/vm/db/disk1\n") != NULL);
	ATF_CHECK(strstr(s, "run /sbin/zfs create -V 20G -o volmode=dev "
	    "-o c=3 tank/vm/db/disk2    # undo: /sbin/zfs destroy "
	    "tank/vm/db/disk2\n") != NULL);
	ATF_CHECK_EQ(sp->sp_v[4].so_kind, STORAGE_WRITE);
	free(s);
	conf_free(c);
	storage_plan_free(sp);
	conf_free(tpl);
}

ATF_TC_WITHOUT_HEAD(create_refused);
ATF_TC_BODY(create_refused, tc)
{
	struct lifecycle_new	 ln;
	struct storage_plan	*sp;
	struct conf		*tpl, *c;
	char			*cause = NULL;

	memset(&ln, 0, sizeof(ln));
	ln.ln_name = "db";
	ln.ln_template = "bare";
	ln.ln_kind = DATASTORE_DIR;
	ln.ln_dspath = "/vm";
	tpl = parse("/t.conf", "cpu=1\n");
	ln.ln_tpl = tpl;
	sp = storage_plan_new();
	ATF_CHECK(lifecycle_create(&ln, &c, sp, &cause) == -1);
	ATF_CHECK_STREQ(cause, "template bare has no disk0_name (vm-bhyve "
	    "needs one to create a guest)");
	ATF_CHECK(c == NULL);
	free(cause);
	conf_free(tpl);

	tpl = parse("/t.conf", "disk0_name=\"d.img\"\ndisk0_dev=\"zvol\"\n");
	ln.ln_tpl = tpl;
	ATF_CHECK(lifecycle_create(&ln, &c, sp, &cause) == -1);
	ATF_CHECK_STREQ(cause, "disk0: disk device \"zvol\" needs a ZFS "
	    "datastore (use \"file\" in a directory datastore)");
	free(cause);
	conf_free(tpl);

	tpl = parse("/t.conf", "disk0_name=\"a@b\"\ndisk0_dev=\"zvol\"\n");
	ln.ln_tpl = tpl;
	ln.ln_kind = DATASTORE_ZFS;
	ln.ln_dataset = "tank/vm";
	ATF_CHECK(lifecycle_create(&ln, &c, sp, &cause) == -1);
	ATF_CHECK_STREQ(cause, "disk0: disk name \"a@b\" must be a dataset "
	    "name below the guest's dataset tank/vm/db");
	free(cause);
	ln.ln_dataset = NULL;
	conf_free(tpl);

	tpl = parse("/t.conf", "disk0_name=\"../../etc/passwd\"\n");
	ln.ln_tpl = tpl;
	ln.ln_kind = DATASTORE_DIR;
	ATF_CHECK(lifecycle_create(&ln, &c, sp, &cause) == -1);
	ATF_CHECK_STREQ(cause, "disk0: disk name \"../../etc/passwd\" must "
	    "be a file name in the guest's directory");
	free(cause);
	conf_free(tpl);
	storage_plan_free(sp);
}

ATF_TC_WITHOUT_HEAD(rename_plan);
ATF_TC_BODY(rename_plan, tc)
{
	struct storage_plan	*sp;
	struct guest		*g;
	char			*cause = NULL, *s;

	g = mkguest("loader=\"bhyveload\"\ncpu=1\nmemory=256M\n"
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"web.img\"\n"
	    "disk1_type=\"virtio-blk\"\ndisk1_name=\"webserver.img\"\n"
	    "disk2_type=\"virtio-blk\"\ndisk2_name=\"web_2.img\"\n");
	sp = storage_plan_new();
	ATF_REQUIRE(lifecycle_rename(g, "db", sp, &cause) == 0);
	s = describe(sp);
	/* "webserver.img" is not named after web; "web_2.img" is. */
	ATF_CHECK_STREQ(s,
	    "mv /vm/web /vm/db\n"
	    "mv /vm/db/web.conf /vm/db/db.conf\n"
	    "mv /vm/db/web.img /vm/db/db.img\n"
	    "mv /vm/db/web_2.img /vm/db/db_2.img\n"
	    "write /vm/db/db.conf (atomically replaced):\n"
	    "    loader=\"bhyveload\"\n"
	    "    cpu=1\n"
	    "    memory=256M\n"
	    "    disk0_type=\"virtio-blk\"\n"
	    "    disk0_name=\"db.img\"\n"
	    "    disk1_type=\"virtio-blk\"\n"
	    "    disk1_name=\"webserver.img\"\n"
	    "    disk2_type=\"virtio-blk\"\n"
	    "    disk2_name=\"db_2.img\"\n");
	free(s);
	storage_plan_free(sp);
	guest_free(g);
}

ATF_TC_WITHOUT_HEAD(add_plan);
ATF_TC_BODY(add_plan, tc)
{
	struct storage_plan	*sp;
	struct guest		*g;
	struct conf		*c;
	char			*cause = NULL;

	g = mkguest("loader=\"bhyveload\"\ncpu=1\nmemory=256M\n"
	    "disk0_type=\"nvme\"\ndisk0_name=\"disk0.img\"\n");
	c = parse("/vm/web/web.conf", "disk0_type=\"nvme\"\n"
	    "disk0_name=\"disk0.img\"\n");
	sp = storage_plan_new();
	ATF_REQUIRE(lifecycle_adddisk(g, c, NULL, "1G", sp, &cause) == 0);
	ATF_CHECK_STREQ(conf_get(c, "disk1_type"), "nvme");
	ATF_CHECK_STREQ(conf_get(c, "disk1_name"), "disk1.img");
	ATF_CHECK_STREQ(conf_get(c, "disk1_dev"), "file");
	ATF_REQUIRE_EQ(sp->sp_n, 2);
	ATF_CHECK_STREQ(sp->sp_v[0].so_path, "/vm/web/disk1.img");
	ATF_CHECK_EQ(sp->sp_v[0].so_size, 1ULL << 30);
	ATF_CHECK_EQ(sp->sp_v[1].so_kind, STORAGE_WRITE);
	ATF_CHECK(lifecycle_adddisk(g, c, "custom", NULL, sp, &cause) == -1);
	free(cause);
	/* No switch_list at all: every switch is unknown. */
	ATF_CHECK(lifecycle_addnic(g, c, "public", &cause) == -1);
	ATF_CHECK_STREQ(cause, "no switch \"public\" (switch_list is \"\"; "
	    "create it first)");
	free(cause);
	storage_plan_free(sp);
	conf_free(c);
	guest_free(g);
}

ATF_TC_WITHOUT_HEAD(grow_plan);
ATF_TC_BODY(grow_plan, tc)
{
	struct storage_plan	*sp;
	struct guest		*g;
	char			*cause = NULL;

	g = mkguest("loader=\"bhyveload\"\ncpu=1\nmemory=256M\n"
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"disk0.img\"\n"
	    "disk1_type=\"virtio-blk\"\ndisk1_name=\"/dev/ada1\"\n"
	    "disk1_dev=\"custom\"\n");
	sp = storage_plan_new();
	ATF_CHECK(lifecycle_grow(g, "disk0", "1G", 1ULL << 30, 0, sp,
	    &cause) == -1);
	ATF_CHECK_STREQ(cause, "web: disk0 is 1073741824 bytes; 1G "
	    "(1073741824 bytes) would not change it: disks only grow");
	free(cause);
	ATF_CHECK(lifecycle_grow(g, "0", "512M", 1ULL << 30, 0, sp, &cause) ==
	    -1);
	free(cause);
	ATF_CHECK(lifecycle_grow(g, "disk1", "9G", 0, 0, sp, &cause) == -1);
	ATF_CHECK_STREQ(cause, "web: disk1 is not a file disk (diskN_dev="
	    "\"file\") or a zvol; grow its storage yourself");
	free(cause);
	ATF_CHECK(lifecycle_grow(g, "disk2", "9G", 0, 0, sp, &cause) == -1);
	free(cause);
	ATF_CHECK(lifecycle_grow(g, "diskx", "9G", 0, 0, sp, &cause) == -1);
	free(cause);
	ATF_CHECK_EQ(sp->sp_n, 0);
	ATF_REQUIRE(lifecycle_grow(g, "disk0", "2G", 1ULL << 30, 0, sp,
	    &cause) == 0);
	ATF_REQUIRE_EQ(sp->sp_n, 1);
	ATF_CHECK_EQ(sp->sp_v[0].so_kind, STORAGE_GROW);
	ATF_CHECK_STREQ(sp->sp_v[0].so_path, "/vm/web/disk0.img");
	ATF_CHECK_EQ(sp->sp_v[0].so_oldsize, 1ULL << 30);
	ATF_CHECK_EQ(sp->sp_v[0].so_size, 2ULL << 30);
	storage_plan_free(sp);
	guest_free(g);
}

ATF_TC_WITHOUT_HEAD(insert_eject);
ATF_TC_BODY(insert_eject, tc)
{
	struct guest	*g;
	struct conf	*c;
	char		*cause = NULL;
	const char	*text = "loader=\"bhyveload\"\ncpu=1\nmemory=256M\n"
	    "disk0_type=\"virtio-blk\"\ndisk0_name=\"disk0.img\"\n";

	g = mkguest(text);
	c = parse("/vm/web/web.conf", text);
	ATF_CHECK(lifecycle_eject(g, c, "/vm/.config/null.iso", &cause) ==
	    -1);
	ATF_CHECK_STREQ(cause, "web has no CD drive (no disk with diskN_type="
	    "\"ahci-cd\")");
	free(cause);
	lifecycle_insert(g, c, "/iso/a.iso");
	ATF_CHECK_STREQ(conf_get(c, "disk1_type"), "ahci-cd");
	ATF_CHECK_STREQ(conf_get(c, "disk1_dev"), "custom");
	ATF_CHECK_STREQ(conf_get(c, "disk1_name"), "/iso/a.iso");
	conf_free(c);
	guest_free(g);

	/* A CD in the middle is emptied; the last one is removed. */
	text = "disk0_type=\"ahci-cd\"\ndisk0_name=\"/iso/a.iso\"\n"
	    "disk0_dev=\"custom\"\ndisk1_type=\"virtio-blk\"\n"
	    "disk1_name=\"disk0.img\"\n";
	g = mkguest(text);
	c = parse("/vm/web/web.conf", text);
	ATF_REQUIRE(lifecycle_eject(g, c, "/vm/.config/null.iso", &cause) ==
	    0);
	ATF_CHECK_STREQ(conf_get(c, "disk0_name"), "/vm/.config/null.iso");
	ATF_CHECK_STREQ(conf_get(c, "disk0_type"), "ahci-cd");
	conf_free(c);
	guest_free(g);
	text = "disk0_type=\"virtio-blk\"\ndisk0_name=\"disk0.img\"\n"
	    "disk1_type=\"ahci-cd\"\ndisk1_name=\"/iso/a.iso\"\n"
	    "disk1_dev=\"custom\"\n";
	g = mkguest(text);
	c = parse("/vm/web/web.conf", text);
	ATF_REQUIRE(lifecycle_eject(g, c, "/null.iso", &cause) == 0);
	ATF_CHECK(conf_get(c, "disk1_type") == NULL);
	ATF_CHECK(conf_get(c, "disk1_name") == NULL);
	ATF_CHECK(conf_get(c, "disk1_dev") == NULL);
	conf_free(c);
	guest_free(g);
}

ATF_TC_WITHOUT_HEAD(set);
ATF_TC_BODY(set, tc)
{
	struct conf	*c;
	char		*cause = NULL;

	c = parse("/vm/web/web.conf", "cpu=1 # two soon\n");
	ATF_CHECK(lifecycle_set(c, "cpu=2", &cause) == 0);
	ATF_CHECK(lifecycle_set(c, "utctime=", &cause) == 0);
	ATF_CHECK_STREQ(conf_get(c, "cpu"), "2");
	ATF_CHECK_STREQ(conf_get(c, "utctime"), "");
	ATF_CHECK(lifecycle_set(c, "cpu", &cause) == -1);
	ATF_CHECK_STREQ(cause, "\"cpu\": expected KEY=VALUE");
	free(cause);
	ATF_CHECK(lifecycle_set(c, "=2", &cause) == -1);
	free(cause);
	ATF_CHECK(lifecycle_set(c, "memory=1G\"", &cause) == -1);
	ATF_CHECK(strncmp(cause, "memory: ", 8) == 0);
	free(cause);
	conf_free(c);
}

ATF_TC_WITHOUT_HEAD(parsesize);
ATF_TC_BODY(parsesize, tc)
{
	uint64_t	 n;
	char		*cause = NULL;

	ATF_CHECK(storage_parsesize("20G", &n, &cause) == 0 &&
	    n == 20ULL << 30);
	ATF_CHECK(storage_parsesize("512m", &n, &cause) == 0 &&
	    n == 512ULL << 20);
	ATF_CHECK(storage_parsesize("4096", &n, &cause) == 0 && n == 4096);
	ATF_CHECK(storage_parsesize("0", &n, &cause) == -1);
	free(cause);
	ATF_CHECK(storage_parsesize("-1", &n, &cause) == -1);
	free(cause);
	ATF_CHECK(storage_parsesize("G", &n, &cause) == -1);
	free(cause);
	ATF_CHECK(storage_parsesize("1X", &n, &cause) == -1);
	free(cause);
}

ATF_TC_WITHOUT_HEAD(execute_undo);
ATF_TC_BODY(execute_undo, tc)
{
	struct storage_plan	*sp;
	struct stat		 st;
	char			*cause = NULL;

	/* A failing step undoes the steps before it, newest first. */
	ATF_REQUIRE(mkdir("g", 0755) == 0);
	ATF_REQUIRE(close(open("g/old", O_CREAT | O_WRONLY, 0644)) == 0);
	ATF_REQUIRE(truncate("g/old", 100) == 0);
	sp = storage_plan_new();
	storage_mkdir(sp, "g/new");
	storage_disk(sp, "g/new/d.img", 1 << 20, "1M");
	storage_grow(sp, "g/old", 100, 200, "200");
	storage_rename(sp, "g/old", "g/moved");
	storage_write(sp, "g/new/x.conf", "cpu=1\n", -1, false);
	storage_rename(sp, "g/nonexistent", "g/other");
	ATF_CHECK(storage_execute(sp, &cause) == -1);
	ATF_CHECK(strstr(cause, "g/nonexistent") != NULL);
	free(cause);
	ATF_CHECK(stat("g/new", &st) == -1);
	ATF_CHECK(stat("g/moved", &st) == -1);
	ATF_REQUIRE(stat("g/old", &st) == 0);
	ATF_CHECK_EQ(st.st_size, 100);
	storage_plan_free(sp);

	/* The same without the failing step is carried out whole. */
	sp = storage_plan_new();
	storage_mkdir(sp, "g/new");
	storage_disk(sp, "g/new/d.img", 1 << 20, "1M");
	storage_write(sp, "g/new/x.conf", "cpu=1\n", -1, false);
	ATF_REQUIRE(storage_execute(sp, &cause) == 0);
	ATF_REQUIRE(stat("g/new/d.img", &st) == 0);
	ATF_CHECK_EQ(st.st_size, 1 << 20);
	ATF_CHECK_EQ(st.st_mode & 0777, 0600);
	storage_plan_free(sp);
	/* A rename never replaces what is there. */
	sp = storage_plan_new();
	storage_rename(sp, "g/old", "g/new");
	ATF_CHECK(storage_execute(sp, &cause) == -1);
	free(cause);
	storage_remove(sp, "g");
	storage_plan_free(sp);
	sp = storage_plan_new();
	storage_remove(sp, "g");
	ATF_REQUIRE(storage_execute(sp, &cause) == 0);
	ATF_CHECK(stat("g", &st) == -1);
	storage_plan_free(sp);
}

ATF_TC_WITHOUT_HEAD(usable);
ATF_TC_BODY(usable, tc)
{
	struct datastore	 ds;
	char			*cause = NULL;

	memset(&ds, 0, sizeof(ds));
	ds.ds_name = "pool";
	ds.ds_spec = "zfs:tank/vm";
	ds.ds_kind = DATASTORE_ZFS;
	ds.ds_error = "ZFS dataset tank/vm is not mounted";
	ATF_CHECK(storage_usable(&ds, &cause) == -1);
	ATF_CHECK_STREQ(cause, "datastore pool (zfs:tank/vm): ZFS dataset "
	    "tank/vm is not mounted");
	free(cause);
	ds.ds_path = "/tank/vm";
	ATF_CHECK(storage_usable(&ds, &cause) == 0);
	ds.ds_path = NULL;
	ds.ds_kind = DATASTORE_ISO;
	ATF_CHECK(storage_usable(&ds, &cause) == -1);
	free(cause);
	ds.ds_kind = DATASTORE_DIR;
	ATF_CHECK(storage_usable(&ds, &cause) == 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, create_plan);
	ATF_TP_ADD_TC(tp, create_zfs);
	ATF_TP_ADD_TC(tp, create_refused);
	ATF_TP_ADD_TC(tp, rename_plan);
	ATF_TP_ADD_TC(tp, add_plan);
	ATF_TP_ADD_TC(tp, grow_plan);
	ATF_TP_ADD_TC(tp, insert_eject);
	ATF_TP_ADD_TC(tp, set);
	ATF_TP_ADD_TC(tp, parsesize);
	ATF_TP_ADD_TC(tp, execute_undo);
	ATF_TP_ADD_TC(tp, usable);
	return (atf_no_error());
}

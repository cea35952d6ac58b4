# hyve - bhyve virtual machine manager
#
# One plain Makefile for BSD make (FreeBSD's make, Debian's bmake) and GNU
# make: no conditionals, no pattern rules, no $^ or $(shell).  On Linux the
# BSD functions (strlcpy, expand_number, flopen, ...) come from libbsd's
# overlay, found with pkg-config; on FreeBSD pkg-config finds nothing and
# the base system provides them.

.POSIX:
.SUFFIXES:
.SUFFIXES: .c .o

CC =		cc
PREFIX =	/usr/local
DESTDIR =
BINDIR =	$(PREFIX)/sbin
MANDIR =	$(PREFIX)/share/man
RCDIR =		$(PREFIX)/etc/rc.d
EXAMPLESDIR =	$(PREFIX)/share/examples/hyve

WARNFLAGS =	-Wall -Wextra -Werror -Wstrict-prototypes \
		-Wmissing-prototypes -Wshadow -Wpointer-arith -Wcast-qual \
		-Wsign-compare -Wno-unused-parameter
OPTFLAGS =	-O2 -g
# .POSIX makes GNU make default CFLAGS to -O1; start from nothing.
CFLAGS =
SANFLAGS =
BSD_CFLAGS !=	pkg-config --cflags libbsd-overlay 2>/dev/null || true
BSD_LIBS !=	pkg-config --libs libbsd-overlay 2>/dev/null || true
HYVE_CFLAGS =	-std=c11 $(OPTFLAGS) $(WARNFLAGS) $(SANFLAGS) -Ilib \
		$(BSD_CFLAGS) $(CFLAGS)
HYVE_LDFLAGS =	$(SANFLAGS) $(LDFLAGS)
LIBS =		-lmd $(BSD_LIBS) -lutil
ATF_LIBS =	-latf-c

LIB_OBJS = lib/argv.o \
		lib/autostart.o \
		lib/bhyve.o \
		lib/buf.o \
		lib/conf.o \
		lib/datastore.o \
		lib/diag.o \
		lib/event.o \
		lib/guest.o \
		lib/hook.o \
		lib/hostcheck.o \
		lib/hostconf.o \
		lib/json.o \
		lib/lifecycle.o \
		lib/model.o \
		lib/name.o \
		lib/net.o \
		lib/paths.o \
		lib/plan.o \
		lib/platform.o \
		lib/runstate.o \
		lib/slots.o \
		lib/spawn.o \
		lib/storage.o \
		lib/summary.o \
		lib/switch.o \
		lib/sysconf.o \
		lib/sparse.o \
		lib/xmalloc.o \
		lib/zfs.o \
		lib/zfshost.o

SV_OBJS =	supervise/supervise.o \
		supervise/console.o \
		supervise/control.o \
		supervise/setup.o \
		supervise/hook.o

CLI_OBJS = cli/hyve.o \
		cli/client.o \
		cli/start.o \
		cli/change.o \
		cli/zfsguest.o \
		cli/cmd-add.o \
		cli/cmd-argv.o \
		cli/cmd-check.o \
		cli/cmd-clone.o \
		cli/cmd-configure.o \
		cli/cmd-console.o \
		cli/cmd-create.o \
		cli/cmd-datastore.o \
		cli/cmd-destroy.o \
		cli/cmd-disk.o \
		cli/cmd-eject.o \
		cli/cmd-exec.o \
		cli/cmd-get.o \
		cli/cmd-help.o \
		cli/cmd-info.o \
		cli/cmd-init.o \
		cli/cmd-insert.o \
		cli/cmd-install.o \
		cli/cmd-image.o \
		cli/cmd-iso.o \
		cli/cmd-migrate.o \
		cli/cmd-list.o \
		cli/cmd-netmap.o \
		cli/cmd-rename.o \
		cli/cmd-set.o \
		cli/cmd-poweroff.o \
		cli/cmd-receive.o \
		cli/cmd-reset.o \
		cli/cmd-restart.o \
		cli/cmd-rollback.o \
		cli/cmd-send.o \
		cli/cmd-snapshot.o \
		cli/cmd-start.o \
		cli/cmd-startall.o \
		cli/cmd-status.o \
		cli/cmd-stop.o \
		cli/cmd-stopall.o \
		cli/cmd-switch.o \
		cli/cmd-version.o \
		cli/cmd-wait.o

HYVE_OBJS =	$(CLI_OBJS) $(SV_OBJS) $(LIB_OBJS)

# Test programs: atf-c unit tests link the library; atf-sh tests are
# shell scripts made executable; the fake host is built from tests/fake.
UNIT_TESTS = tests/unit/bhyve_test \
		tests/unit/conf_test \
		tests/unit/model_test \
		tests/unit/slots_test \
		tests/unit/equiv_test \
		tests/unit/json_test \
		tests/unit/zfs_test \
		tests/unit/switch_test \
		tests/unit/autostart_test \
		tests/unit/datastore_test \
		tests/unit/summary_test \
		tests/unit/hostcheck_test \
		tests/unit/lifecycle_test
FAKE_TESTS =	tests/fake/bcfg_test
SH_TESTS = tests/cli/argv_test \
		tests/cli/check_test \
		tests/cli/misc_test \
		tests/cli/run_test \
		tests/cli/console_test \
		tests/cli/zfs_test \
		tests/cli/zfsguest_test \
		tests/cli/hooks_test \
		tests/cli/startall_test \
		tests/cli/host_test \
		tests/cli/switch_test \
		tests/cli/nic_test \
		tests/cli/netmap_test \
		tests/cli/guest_test \
		tests/cli/list_test \
		tests/cli/info_test \
		tests/cli/datastore_test
FAKE_OBJS =	tests/fake/bcfg.o
TEST_PROGS =	$(UNIT_TESTS) $(FAKE_TESTS) $(SH_TESTS) $(FAKE_PROGS) \
		$(FAKE_TEST_PROGS)

all: hyve

# Both BSD make and GNU make accept a plain include line.
include tests/fake/fake.mk

.c.o:
	$(CC) $(HYVE_CFLAGS) -Isupervise -Itests/fake -c -o $@ $<

hyve: $(HYVE_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ $(HYVE_OBJS) $(LIBS)

# Every object depends on every header: a struct that changes size must
# never meet an object compiled against its old layout.  Coarse, but
# plain make has no portable way to track includes per file.
HDRS =		cli/hyve.h \
		lib/argv.h \
		lib/autostart.h \
		lib/bhyve.h \
		lib/buf.h \
		lib/compat.h \
		lib/conf.h \
		lib/datastore.h \
		lib/diag.h \
		lib/event.h \
		lib/guest.h \
		lib/hook.h \
		lib/hostcheck.h \
		lib/hostconf.h \
		lib/json.h \
		lib/lifecycle.h \
		lib/model.h \
		lib/name.h \
		lib/net.h \
		lib/paths.h \
		lib/plan.h \
		lib/platform.h \
		lib/proto.h \
		lib/runstate.h \
		lib/slots.h \
		lib/spawn.h \
		lib/storage.h \
		lib/summary.h \
		lib/switch.h \
		lib/sysconf.h \
		lib/version.h \
		lib/sparse.h \
		lib/xmalloc.h \
		lib/zfs.h \
		lib/zfshost.h \
		supervise/supervise.h

$(HYVE_OBJS) $(UNIT_TESTS:=.o) $(FAKE_OBJS): $(HDRS)

tests/unit/bhyve_test: tests/unit/bhyve_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/bhyve_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/conf_test: tests/unit/conf_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/conf_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/model_test: tests/unit/model_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/model_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/slots_test: tests/unit/slots_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/slots_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/equiv_test: tests/unit/equiv_test.o $(FAKE_OBJS) $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/equiv_test.o $(FAKE_OBJS) \
	    $(LIB_OBJS) $(ATF_LIBS) $(LIBS)

tests/unit/json_test: tests/unit/json_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/json_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/zfs_test: tests/unit/zfs_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/zfs_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/lifecycle_test: tests/unit/lifecycle_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/lifecycle_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/autostart_test: tests/unit/autostart_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/autostart_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/datastore_test: tests/unit/datastore_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/datastore_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/summary_test: tests/unit/summary_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/summary_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/hostcheck_test: tests/unit/hostcheck_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/hostcheck_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/unit/switch_test: tests/unit/switch_test.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/unit/switch_test.o $(LIB_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/fake/bcfg_test: tests/fake/bcfg_test.o $(FAKE_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/bcfg_test.o $(FAKE_OBJS) \
	    $(ATF_LIBS) $(LIBS)

tests/cli/argv_test: tests/cli/argv_test.sh
	cp tests/cli/argv_test.sh $@ && chmod +x $@

tests/cli/check_test: tests/cli/check_test.sh
	cp tests/cli/check_test.sh $@ && chmod +x $@

tests/cli/misc_test: tests/cli/misc_test.sh
	cp tests/cli/misc_test.sh $@ && chmod +x $@

tests/cli/run_test: tests/cli/run_test.sh
	cp tests/cli/run_test.sh $@ && chmod +x $@

tests/cli/console_test: tests/cli/console_test.sh
	cp tests/cli/console_test.sh $@ && chmod +x $@

tests/cli/zfs_test: tests/cli/zfs_test.sh
	cp tests/cli/zfs_test.sh $@ && chmod +x $@

tests/cli/zfsguest_test: tests/cli/zfsguest_test.sh
	cp tests/cli/zfsguest_test.sh $@ && chmod +x $@

tests/cli/hooks_test: tests/cli/hooks_test.sh
	cp tests/cli/hooks_test.sh $@ && chmod +x $@

tests/cli/startall_test: tests/cli/startall_test.sh
	cp tests/cli/startall_test.sh $@ && chmod +x $@

tests/cli/host_test: tests/cli/host_test.sh
	cp tests/cli/host_test.sh $@ && chmod +x $@

tests/cli/guest_test: tests/cli/guest_test.sh
	cp tests/cli/guest_test.sh $@ && chmod +x $@

tests/cli/list_test: tests/cli/list_test.sh
	cp tests/cli/list_test.sh $@ && chmod +x $@

tests/cli/info_test: tests/cli/info_test.sh
	cp tests/cli/info_test.sh $@ && chmod +x $@

tests/cli/datastore_test: tests/cli/datastore_test.sh
	cp tests/cli/datastore_test.sh $@ && chmod +x $@

tests/cli/switch_test: tests/cli/switch_test.sh
	cp tests/cli/switch_test.sh $@ && chmod +x $@

tests/cli/nic_test: tests/cli/nic_test.sh
	cp tests/cli/nic_test.sh $@ && chmod +x $@

tests/cli/netmap_test: tests/cli/netmap_test.sh
	cp tests/cli/netmap_test.sh $@ && chmod +x $@

check: hyve $(TEST_PROGS)
	sh tests/run-tests

# Benchmarks: see bench/README.
BENCH_PROGS =	bench/parse_emit \
		bench/now \
		bench/stamp \
		bench/floor \
		bench/timeit

bench/parse_emit: bench/parse_emit.o $(LIB_OBJS)
	$(CC) $(HYVE_LDFLAGS) -o $@ bench/parse_emit.o $(LIB_OBJS) $(LIBS)

bench/now: bench/now.o
	$(CC) $(HYVE_LDFLAGS) -o $@ bench/now.o

bench/stamp: bench/stamp.o
	$(CC) $(HYVE_LDFLAGS) -o $@ bench/stamp.o

bench/floor: bench/floor.o
	$(CC) $(HYVE_LDFLAGS) -o $@ bench/floor.o

bench/timeit: bench/timeit.o
	$(CC) $(HYVE_LDFLAGS) -o $@ bench/timeit.o

bench: hyve fake $(BENCH_PROGS)
	./bench/parse_emit
	sh bench/supervisor.sh
	sh bench/clone.sh
	sh bench/list.sh

# Show hyve running a guest on the fake host (scripts/demo).
demo: hyve fake
	sh scripts/demo

install: hyve
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(RCDIR)
	install -m 0555 hyve $(DESTDIR)$(BINDIR)/hyve
	sed 's,%%PREFIX%%,$(PREFIX),g' rc.d/hyve >$(DESTDIR)$(RCDIR)/hyve
	chmod 0555 $(DESTDIR)$(RCDIR)/hyve
	install -m 0444 man/hyve.8 $(DESTDIR)$(MANDIR)/man8/hyve.8
	install -m 0444 man/hyve.conf.5 $(DESTDIR)$(MANDIR)/man5/hyve.conf.5

clean: fake-clean
	rm -f hyve $(HYVE_OBJS) $(TEST_PROGS) $(FAKE_OBJS) \
	    tests/unit/*.o tests/fake/*.o $(BENCH_PROGS) bench/*.o

.PHONY: all bench check clean demo install

# tests/fake/fake.mk - the fake host: stand-ins for FreeBSD's tools, built
# into tests/fake/bin/ (fakehost.sh copies them into each test's fake
# host), plus ptyrun and fake_test, the tests of the fakes themselves.
#
# Included by the top Makefile, after its first target, which provides
# CC, HYVE_CFLAGS, HYVE_LDFLAGS, BSD_LIBS and the .c.o suffix rule.
# Plain make for BSD make and GNU make alike: explicit rules only, no
# pattern rules, no $^, no $< outside suffix rules.

FAKE_PROGS = tests/fake/bin/bhyve \
		tests/fake/bin/bhyvectl \
		tests/fake/bin/bhyveload \
		tests/fake/bin/fetch \
		tests/fake/bin/grub-bhyve \
		tests/fake/bin/ifconfig \
		tests/fake/bin/kldload \
		tests/fake/bin/kldstat \
		tests/fake/bin/ngctl \
		tests/fake/bin/route \
		tests/fake/bin/sysctl \
		tests/fake/bin/zfs \
		tests/fake/bin/pfctl
FAKE_TEST_PROGS = tests/fake/ptyrun tests/fake/fake_test
FAKE_HOST_OBJS = tests/fake/bhyve.o \
		tests/fake/bhyvectl.o \
		tests/fake/bhyveload.o \
		tests/fake/fetch.o \
		tests/fake/grub-bhyve.o \
		tests/fake/ifconfig.o \
		tests/fake/kldload.o \
		tests/fake/kldstat.o \
		tests/fake/ngctl.o \
		tests/fake/route.o \
		tests/fake/sysctl.o \
		tests/fake/zfs.o \
		tests/fake/pfctl.o \
		tests/fake/fh.o \
		tests/fake/ifstate.o \
		tests/fake/ptyrun.o
FAKE_LIBS =	$(BSD_LIBS) -lutil

fake: $(FAKE_PROGS) $(FAKE_TEST_PROGS)

$(FAKE_HOST_OBJS): tests/fake/fh.h tests/fake/ifstate.h tests/fake/bcfg.h

tests/fake/bin/bhyve: tests/fake/bhyve.o tests/fake/fh.o \
    tests/fake/ifstate.o tests/fake/bcfg.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/bhyve.o tests/fake/fh.o \
	    tests/fake/ifstate.o tests/fake/bcfg.o $(FAKE_LIBS)

tests/fake/bin/bhyvectl: tests/fake/bhyvectl.o tests/fake/fh.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/bhyvectl.o tests/fake/fh.o \
	    $(FAKE_LIBS)

tests/fake/bin/bhyveload: tests/fake/bhyveload.o tests/fake/fh.o \
    tests/fake/bcfg.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/bhyveload.o tests/fake/fh.o \
	    tests/fake/bcfg.o $(FAKE_LIBS)

tests/fake/bin/fetch: tests/fake/fetch.o tests/fake/fh.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/fetch.o tests/fake/fh.o \
	    $(FAKE_LIBS)

tests/fake/bin/grub-bhyve: tests/fake/grub-bhyve.o tests/fake/fh.o \
    tests/fake/bcfg.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/grub-bhyve.o tests/fake/fh.o \
	    tests/fake/bcfg.o $(FAKE_LIBS)

tests/fake/bin/ifconfig: tests/fake/ifconfig.o tests/fake/fh.o \
    tests/fake/ifstate.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/ifconfig.o tests/fake/fh.o \
	    tests/fake/ifstate.o $(FAKE_LIBS)

tests/fake/bin/kldload: tests/fake/kldload.o tests/fake/fh.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/kldload.o tests/fake/fh.o \
	    $(FAKE_LIBS)

tests/fake/bin/kldstat: tests/fake/kldstat.o tests/fake/fh.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/kldstat.o tests/fake/fh.o \
	    $(FAKE_LIBS)

tests/fake/bin/ngctl: tests/fake/ngctl.o tests/fake/fh.o \
    tests/fake/ifstate.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/ngctl.o tests/fake/fh.o \
	    tests/fake/ifstate.o $(FAKE_LIBS)

tests/fake/bin/route: tests/fake/route.o tests/fake/fh.o \
    tests/fake/ifstate.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/route.o tests/fake/fh.o \
	    tests/fake/ifstate.o $(FAKE_LIBS)

tests/fake/bin/sysctl: tests/fake/sysctl.o tests/fake/fh.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/sysctl.o tests/fake/fh.o \
	    $(FAKE_LIBS)

tests/fake/bin/zfs: tests/fake/zfs.o tests/fake/fh.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/zfs.o tests/fake/fh.o \
	    $(FAKE_LIBS)

tests/fake/bin/pfctl: tests/fake/pfctl.o tests/fake/fh.o
	mkdir -p tests/fake/bin
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/pfctl.o tests/fake/fh.o \
	    $(FAKE_LIBS)

tests/fake/ptyrun: tests/fake/ptyrun.o
	$(CC) $(HYVE_LDFLAGS) -o $@ tests/fake/ptyrun.o $(FAKE_LIBS)

tests/fake/fake_test: tests/fake/fake_test.sh
	cp tests/fake/fake_test.sh $@ && chmod +x $@

fake-clean:
	rm -f $(FAKE_PROGS) $(FAKE_TEST_PROGS) $(FAKE_HOST_OBJS)
	rm -rf tests/fake/bin

.PHONY: fake fake-clean

/*
 * bcfg_test.c: ATF tests for bcfg, the strict bhyve configuration model of
 * hyve's fake host.  References ("ref N.N") are to sections of
 * /work/shared/docs/bhyve-reference.md.
 */

/* glibc hides the BSD and POSIX 2008 interfaces used here otherwise. */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define	_DEFAULT_SOURCE
#endif

#include <sys/stat.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "bcfg.h"

#define	ARGMAX	64
#define	ERRLEN	512

/* Check that an error message contains a fragment. */
#define	ERR_HAS(err, frag)						\
	ATF_CHECK_MSG(strstr((err), (frag)) != NULL,			\
	    "error \"%s\" lacks \"%s\"", (err), (frag))

/* Parse a NULL-terminated argument list; returns bcfg_parse_argv's value. */
static int
vparse(struct bcfg *c, int *status, char *err, va_list ap)
{
	char *argv[ARGMAX];
	int argc;

	for (argc = 0; argc < ARGMAX - 1; argc++)
		if ((argv[argc] = va_arg(ap, char *)) == NULL)
			break;
	argv[argc] = NULL;
	return (bcfg_parse_argv(c, argc, argv, status, err, ERRLEN));
}

/* Parse a NULL-terminated argument list into c. */
static int
parse(struct bcfg *c, int *status, char *err, ...)
{
	va_list ap;
	int rv;

	va_start(ap, err);
	rv = vparse(c, status, err, ap);
	va_end(ap);
	return (rv);
}

/* Build a tree from "key=value" lines. */
static struct bcfg *
kv(const char *lines)
{
	struct bcfg *c;
	char *copy, *s, *line, *eq, err[ERRLEN];

	c = bcfg_new();
	copy = s = strdup(lines);
	ATF_REQUIRE(copy != NULL);
	while ((line = strsep(&s, "\n")) != NULL) {
		if (*line == '\0')
			continue;
		eq = strchr(line, '=');
		ATF_REQUIRE(eq != NULL);
		*eq = '\0';
		ATF_REQUIRE_MSG(bcfg_set(c, line, eq + 1, err,
		    sizeof(err)) == 0, "%s", err);
	}
	free(copy);
	return (c);
}

/* Check that a tree holds exactly the given "key=value" lines. */
static void
same(const struct bcfg *got, const char *lines)
{
	struct bcfg *want;

	want = kv(lines);
	ATF_CHECK_MSG(bcfg_equal(got, want, stderr),
	    "trees differ (see stderr)");
	bcfg_free(want);
}

/* Write a file in the test's work directory. */
static void
put(const char *path, const char *text)
{
	FILE *fp;

	fp = fopen(path, "w");
	ATF_REQUIRE(fp != NULL);
	fputs(text, fp);
	ATF_REQUIRE(fclose(fp) == 0);
}

/* Create a file of a given size in the test's work directory. */
static void
sized(const char *path, off_t size)
{
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ATF_REQUIRE(fd >= 0);
	ATF_REQUIRE(ftruncate(fd, size) == 0);
	close(fd);
}

/* Parse arguments that must be accepted and compare the keys they set. */
static void
maprow(const char *want, ...)
{
	struct bcfg *c;
	va_list ap;
	char err[ERRLEN];
	int rv, status;

	c = bcfg_new();
	va_start(ap, want);
	rv = vparse(c, &status, err, ap);
	va_end(ap);
	ATF_CHECK_MSG(rv == 0, "parse failed: %s", err);
	same(c, want);
	bcfg_free(c);
}

/* Parse arguments that must be refused at parse time. */
static void
badargs(int want, const char *frag, ...)
{
	struct bcfg *c;
	va_list ap;
	char err[ERRLEN];
	int rv, status;

	c = bcfg_new();
	va_start(ap, frag);
	rv = vparse(c, &status, err, ap);
	va_end(ap);
	ATF_CHECK_EQ(-1, rv);
	ATF_CHECK_EQ(want, status);
	ERR_HAS(err, frag);
	bcfg_free(c);
}

/* Parse accepted arguments, then run bcfg_check and compare its verdict. */
static void
checkargs(int want, const char *frag, ...)
{
	struct bcfg *c;
	va_list ap;
	char err[ERRLEN];
	int rv, status;

	c = bcfg_new();
	va_start(ap, frag);
	rv = vparse(c, &status, err, ap);
	va_end(ap);
	ATF_REQUIRE_MSG(rv == 0, "parse failed: %s", err);
	rv = bcfg_check(c, &status, err, sizeof(err));
	if (want == 0)
		ATF_CHECK_MSG(rv == 0, "unexpected refusal: %s", err);
	else {
		ATF_CHECK_EQ(-1, rv);
		ERR_HAS(err, frag);
	}
	ATF_CHECK_EQ(want, status);
	bcfg_free(c);
}

/* Parse a config file and run bcfg_check on it. */
static void
checkfile(const char *text, int want, const char *frag)
{
	struct bcfg *c;
	char err[ERRLEN];
	int status;

	put("f.conf", text);
	c = bcfg_new();
	ATF_REQUIRE_MSG(bcfg_parse_file(c, "f.conf", err, sizeof(err)) == 0,
	    "%s", err);
	ATF_CHECK_EQ(want == 0 ? 0 : -1, bcfg_check(c, &status, err,
	    sizeof(err)));
	ATF_CHECK_EQ(want, status);
	if (want != 0)
		ERR_HAS(err, frag);
	bcfg_free(c);
}

/*
 * Ref 2.5, the command line to config mapping, one test per row.
 */

/* Define a test for one row of the mapping table. */
#define	MAP_TC(name, want, ...)						\
ATF_TC_WITHOUT_HEAD(name);						\
ATF_TC_BODY(name, tc)							\
{									\
	maprow(want, __VA_ARGS__, (char *)NULL);			\
}

MAP_TC(map_topology,
    "cpus=4\nsockets=1\ncores=4\nthreads=1\n",
    "-c", "cpus=4,sockets=1,cores=4,threads=1")
MAP_TC(map_memory, "memory.size=4G\n", "-m", "4G")
MAP_TC(map_flags,
    "acpi_tables=true\nx86.vmexit_on_hlt=true\nx86.vmexit_on_pause=true\n"
    "x86.strictmsr=false\nmemory.wired=true\nrtc.use_localtime=false\n"
    "destroy_on_poweroff=true\n",
    "-A", "-H", "-P", "-w", "-S", "-u", "-D")
MAP_TC(map_pin, "vcpu.0.cpuset=12\nvcpu.1.cpuset=13\n",
    "-p", "0:12", "-p", "1:13")
MAP_TC(map_uuid, "uuid=6f8c3a2e-1b7d-4e52-9a3c-0d5e7f112233\n",
    "-U", "6f8c3a2e-1b7d-4e52-9a3c-0d5e7f112233")
MAP_TC(map_hostbridge, "pci.0.0.0.device=hostbridge\n",
    "-s", "0,hostbridge")
MAP_TC(map_amd_hostbridge,
    "pci.0.0.0.device=hostbridge\npci.0.0.0.pcireg.vendor=0x1022\n"
    "pci.0.0.0.pcireg.device=0x7432\n",
    "-s", "0,amd_hostbridge")
MAP_TC(map_lpc, "pci.0.31.0.device=lpc\n", "-s", "31,lpc")
MAP_TC(map_virtio_net,
    "pci.0.2.1.device=virtio-net\npci.0.2.1.backend=tap1\n"
    "pci.0.2.1.mac=58:9c:fc:0a:0b:0c\npci.0.2.1.mtu=9000\n",
    "-s", "2:1,virtio-net,tap1,mac=58:9c:fc:0a:0b:0c,mtu=9000")
MAP_TC(map_virtio_blk,
    "pci.0.3.0.device=virtio-blk\npci.0.3.0.path=/dev/zvol/z/vm/d0\n"
    "pci.0.3.0.nocache=true\npci.0.3.0.sectorsize=512/4096\n",
    "-s", "3,virtio-blk,/dev/zvol/z/vm/d0,nocache,sectorsize=512/4096")
MAP_TC(map_ahci_cd,
    "pci.0.4.0.device=ahci\npci.0.4.0.port.0.type=cd\n"
    "pci.0.4.0.port.0.path=/iso/x.iso\n",
    "-s", "4,ahci-cd,/iso/x.iso")
MAP_TC(map_ahci_ports,
    "pci.0.4.0.device=ahci\npci.0.4.0.port.0.type=hd\n"
    "pci.0.4.0.port.0.path=/d0.img\npci.0.4.0.port.0.nmrr=1\n"
    "pci.0.4.0.port.1.type=cd\npci.0.4.0.port.1.path=/x.iso\n",
    "-s", "4,ahci,hd:/d0.img,nmrr=1,cd:/x.iso")
MAP_TC(map_nvme_ram, "pci.0.5.0.device=nvme\npci.0.5.0.ram=1024\n",
    "-s", "5,nvme,ram=1024")
MAP_TC(map_virtio_9p,
    "pci.0.6.0.device=virtio-9p\npci.0.6.0.sharename=data\n"
    "pci.0.6.0.path=/srv/data\npci.0.6.0.ro=true\n",
    "-s", "6,virtio-9p,data=/srv/data,ro")
MAP_TC(map_virtio_console,
    "pci.0.7.0.device=virtio-console\n"
    "pci.0.7.0.port.0.name=org.qemu.guest_agent.0\n"
    "pci.0.7.0.port.0.path=/var/run/vm/ga.sock\n",
    "-s", "7,virtio-console,org.qemu.guest_agent.0=/var/run/vm/ga.sock")
MAP_TC(map_passthru_bsf,
    "pci.0.8.0.device=passthru\npci.0.8.0.bus=2\npci.0.8.0.slot=0\n"
    "pci.0.8.0.func=0\n",
    "-s", "8,passthru,2/0/0")
MAP_TC(map_passthru_ppt,
    "pci.0.8.0.device=passthru\npci.0.8.0.pptdev=ppt0\n"
    "pci.0.8.0.rom=/vm/gpu.rom\n",
    "-s", "8,passthru,ppt0,rom=/vm/gpu.rom")
MAP_TC(map_fbuf,
    "pci.0.29.0.device=fbuf\npci.0.29.0.tcp=0.0.0.0:5900\n"
    "pci.0.29.0.w=1280\npci.0.29.0.h=720\npci.0.29.0.wait=true\n",
    "-s", "29,fbuf,tcp=0.0.0.0:5900,w=1280,h=720,wait")
MAP_TC(map_xhci, "pci.0.30.0.device=xhci\npci.0.30.0.slot.1.device=tablet\n",
    "-s", "30,xhci,tablet")
MAP_TC(map_netgraph,
    "pci.0.9.0.device=virtio-net\npci.0.9.0.backend=netgraph\n"
    "pci.0.9.0.path=br0:\npci.0.9.0.peerhook=link3\n",
    "-s", "9,virtio-net,netgraph,path=br0:,peerhook=link3")
MAP_TC(map_com1, "lpc.com1.path=/dev/nmdm0A\n", "-l", "com1,/dev/nmdm0A")
MAP_TC(map_com2_tcp, "lpc.com2.path=tcp=127.0.0.1:4321\n",
    "-l", "com2,tcp=127.0.0.1:4321")
MAP_TC(map_bootrom,
    "bootrom=/u/CODE.fd\nbootvars=/vm/VARS.fd\nlpc.fwcfg=qemu\n",
    "-l", "bootrom,/u/CODE.fd,/vm/VARS.fd,fwcfg=qemu")
MAP_TC(map_tpm,
    "tpm.type=swtpm\ntpm.path=/var/run/swtpm/vm.sock\ntpm.version=2.0\n",
    "-l", "tpm,swtpm,/var/run/swtpm/vm.sock")

/* More CONF forms: block options, passthru selectors, LPC quirks. */
ATF_TC_WITHOUT_HEAD(map_more_forms);
ATF_TC_BODY(map_more_forms, tc)
{
	maprow("pci.0.3.0.device=virtio-blk\npci.0.3.0.path=/d\n"
	    "pci.0.3.0.direct=true\npci.0.3.0.sync=true\npci.0.3.0.ro=true\n"
	    "pci.0.3.0.nodelete=true\npci.0.3.0.bootindex=1\n"
	    "pci.0.3.0.ser=ABC\n",
	    "-s", "3,virtio-blk,/d,direct,sync,ro,nodelete,bootindex=1,ser=ABC",
	    (char *)NULL);
	maprow("pci.0.8.0.device=passthru\npci.0.8.0.bus=6\n"
	    "pci.0.8.0.slot=5\npci.0.8.0.func=1\n",
	    "-s", "8,passthru,pci0:6:5:1", (char *)NULL);
	maprow("pci.0.8.0.device=passthru\npci.0.8.0.bus=6\n"
	    "pci.0.8.0.slot=5\npci.0.8.0.func=1\n",
	    "-s", "8,passthru,pci6:5:1", (char *)NULL);
	maprow("pci.0.4.0.device=ahci\npci.0.4.0.port.1.type=cd\n"
	    "pci.0.4.0.port.1.path=/x.iso\npci.0.4.0.port.1.ro=true\n",
	    "-s", "4,ahci,hd:,cd:/x.iso,ro", (char *)NULL);
	maprow("pci.0.5.0.device=uart\npci.0.5.0.path=tcp=1.2.3.4:5,x\n",
	    "-s", "5,uart,tcp=1.2.3.4:5,x", (char *)NULL);
	maprow("pci.0.5.0.device=virtio-scsi\npci.0.5.0.dev=/dev/cam/ctl\n"
	    "pci.0.5.0.iid=3\n",
	    "-s", "5,virtio-scsi,/dev/cam/ctl,iid=3", (char *)NULL);
	maprow("pci.0.5.0.device=virtio-input\n"
	    "pci.0.5.0.path=/dev/input/event0\n",
	    "-s", "5,virtio-input,/dev/input/event0", (char *)NULL);
	maprow("pci.0.5.0.device=hda\npci.0.5.0.play=/dev/dsp0\n"
	    "pci.0.5.0.rec=/dev/dsp1\n",
	    "-s", "5,hda,play=/dev/dsp0,rec=/dev/dsp1", (char *)NULL);
	maprow("pci.0.5.0.device=virtio-rnd\n", "-s", "5,virtio-rnd",
	    (char *)NULL);
	maprow("pci.1.2.3.device=e1000\npci.1.2.3.backend=tap0\n",
	    "-s", "1:2:3,e1000,tap0", (char *)NULL);
	maprow("lpc.com1.path=stdio\n", "-l", "COM1,stdio", (char *)NULL);
	maprow("lpc.pc-testdev=true\n", "-l", "pc-testdev", (char *)NULL);
	maprow("bootrom=/r\nlpc.fwcfg=qemu\n", "-l", "bootrom,/r,fwcfg=qemu",
	    (char *)NULL);
	maprow("gdb.wait=true\ngdb.address=127.0.0.1\ngdb.port=1234\n",
	    "-G", "w127.0.0.1:1234", (char *)NULL);
	maprow("keyboard.layout=de_noacc\nx86.x2apic=true\nx86.mptable=false\n"
	    "x86.strictio=true\nmemory.guest_in_core=true\n"
	    "virtio_msix=false\n",
	    "-K", "de_noacc", "-x", "-Y", "-e", "-C", "-W", "-I", (char *)NULL);
	maprow("name=vm1\n", "vm1", (char *)NULL);
	maprow("cpus=1\nsockets=1\ncores=1\nthreads=1\n", "-c", "",
	    (char *)NULL);
}

/*
 * Ref 2.6: the worked example's command line and configuration file
 * describe the same machine.
 */
ATF_TC_WITHOUT_HEAD(worked_example);
ATF_TC_BODY(worked_example, tc)
{
	struct bcfg *a, *f;
	char err[ERRLEN];
	int status;

	put("bhyve.conf",
	    "# web01 - generated\n"
	    "name=web01\n"
	    "acpi_tables=true\n"
	    "x86.vmexit_on_hlt=true\n"
	    "x86.vmexit_on_pause=true\n"
	    "x86.strictmsr=false\n"
	    "cpus=2\n"
	    "sockets=1\n"
	    "cores=2\n"
	    "threads=1\n"
	    "memory.size=4G\n"
	    "uuid=6f8c3a2e-1b7d-4e52-9a3c-0d5e7f112233\n"
	    "pci.0.0.0.device=hostbridge\n"
	    "pci.0.2.0.device=virtio-net\n"
	    "pci.0.2.0.backend=tap10\n"
	    "pci.0.2.0.mac=58:9c:fc:00:10:01\n"
	    "pci.0.3.0.device=virtio-blk\n"
	    "pci.0.3.0.path=/dev/zvol/zroot/vm/%(name)/disk0\n"
	    "pci.0.3.0.sectorsize=512/4096\n"
	    "pci.0.4.0.device=ahci\n"
	    "pci.0.4.0.port.0.type=cd\n"
	    "pci.0.4.0.port.0.path=/vm/iso/install.iso\n"
	    "pci.0.5.0.device=virtio-rnd\n"
	    "pci.0.29.0.device=fbuf\n"
	    "pci.0.29.0.tcp=127.0.0.1:5910\n"
	    "pci.0.29.0.w=1280\n"
	    "pci.0.29.0.h=720\n"
	    "pci.0.30.0.device=xhci\n"
	    "pci.0.30.0.slot.1.device=tablet\n"
	    "pci.0.31.0.device=lpc\n"
	    "lpc.com1.path=/dev/nmdm10A\n"
	    "lpc.fwcfg=bhyve\n"
	    "lpc.bootrom=/usr/local/share/uefi-firmware/BHYVE_UEFI_CODE.fd\n"
	    "lpc.bootvars=/vm/web01/BHYVE_UEFI_VARS.fd\n");
	a = bcfg_new();
	ATF_REQUIRE_MSG(parse(a, &status, err, "-A", "-H", "-P", "-w",
	    "-c", "cpus=2,sockets=1,cores=2,threads=1", "-m", "4G",
	    "-U", "6f8c3a2e-1b7d-4e52-9a3c-0d5e7f112233",
	    "-s", "0,hostbridge",
	    "-s", "2,virtio-net,tap10,mac=58:9c:fc:00:10:01",
	    "-s", "3,virtio-blk,/dev/zvol/zroot/vm/web01/disk0,"
	    "sectorsize=512/4096",
	    "-s", "4,ahci-cd,/vm/iso/install.iso",
	    "-s", "5,virtio-rnd",
	    "-s", "29,fbuf,tcp=127.0.0.1:5910,w=1280,h=720",
	    "-s", "30,xhci,tablet",
	    "-s", "31,lpc",
	    "-l", "com1,/dev/nmdm10A",
	    "-l", "bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI_CODE.fd,"
	    "/vm/web01/BHYVE_UEFI_VARS.fd",
	    "web01", (char *)NULL) == 0, "%s", err);
	f = bcfg_new();
	ATF_REQUIRE_MSG(bcfg_parse_file(f, "bhyve.conf", err,
	    sizeof(err)) == 0, "%s", err);
	ATF_CHECK_STREQ("/dev/zvol/zroot/vm/%(name)/disk0",
	    bcfg_get(f, "pci.0.3.0.path"));
	ATF_CHECK_MSG(!bcfg_equal(a, f, NULL), "raw trees should differ");
	bcfg_expand(a, err, sizeof(err));
	bcfg_expand(f, err, sizeof(err));
	ATF_CHECK_STREQ("/dev/zvol/zroot/vm/web01/disk0",
	    bcfg_get(f, "pci.0.3.0.path"));
	bcfg_normalize(a);
	bcfg_normalize(f);
	ATF_CHECK_MSG(bcfg_equal(a, f, stderr), "trees differ (see stderr)");
	bcfg_free(a);
	bcfg_free(f);
}

/* The same machine through -k, with -o applied after it. */
ATF_TC_WITHOUT_HEAD(kfile_position);
ATF_TC_BODY(kfile_position, tc)
{
	struct bcfg *c;
	char err[ERRLEN];
	int status;

	put("k.conf", "name=a\nmemory.size=1G\n");
	c = bcfg_new();
	ATF_REQUIRE(parse(c, &status, err, "-m", "2G", "-k", "k.conf", "-o",
	    "name=b", (char *)NULL) == 0);
	same(c, "name=b\nmemory.size=1G\n");
	bcfg_free(c);
}

/*
 * Ref 1.3: -c topology.  Values are checked by calc_topology() after all
 * options, so the product rule shows in bcfg_check.
 */
ATF_TC_WITHOUT_HEAD(topology_good);
ATF_TC_BODY(topology_good, tc)
{
	checkargs(0, "", "-c", "4", "vm", (char *)NULL);
	checkargs(0, "", "-c", "sockets=1,cores=4", "vm", (char *)NULL);
	checkargs(0, "", "-c", "cpus=4,sockets=1,cores=2,threads=2", "vm",
	    (char *)NULL);
	checkargs(0, "", "-c", "", "vm", (char *)NULL);
	checkargs(0, "", "-c", "cpus=2,sockets=2", "vm", (char *)NULL);
	checkargs(0, "", "-c", "0x10", "vm", (char *)NULL);
	checkargs(0, "", "vm", (char *)NULL);
}

/* Topologies bhyve refuses. */
ATF_TC_WITHOUT_HEAD(topology_bad);
ATF_TC_BODY(topology_bad, tc)
{
	checkargs(4, "Topology (4 sockets, 2 cores, 1 threads) does not "
	    "match 4 vCPUs", "-c", "cpus=4,cores=2", "vm", (char *)NULL);
	checkargs(4, "does not match", "-c", "cpus=3,sockets=1,cores=2",
	    "vm", (char *)NULL);
	checkargs(4, "Invalid value for cpus: '0'", "-c", "cpus=0", "vm",
	    (char *)NULL);
	checkargs(4, "Invalid value for cpus: 'x'", "-c", "x", "vm",
	    (char *)NULL);
	checkargs(4, "Invalid value for cores: '65536'", "-c",
	    "sockets=1,cores=65536", "vm", (char *)NULL);
	checkargs(4, "Computed number of vCPUs too high", "-c",
	    "sockets=256,cores=256", "vm", (char *)NULL);
	checkargs(4, "Invalid value for cpus: ''", "-c", "2,,", "vm",
	    (char *)NULL);
	badargs(64, "invalid cpu topology 'cpus=2,maxcpus=4'", "-c",
	    "cpus=2,maxcpus=4", (char *)NULL);
}

/* Ref 1.4: memory sizes. */
ATF_TC_WITHOUT_HEAD(memsize);
ATF_TC_BODY(memsize, tc)
{
	static const struct {
		const char	*in;
		uint64_t	 out;
	} good[] = {
		{ "2048", 2048ULL << 20 },
		{ "1048575", 1048575ULL << 20 },
		{ "1048576", 1048576 },
		{ "512M", 512ULL << 20 },
		{ "512m", 512ULL << 20 },
		{ "4G", 4ULL << 30 },
		{ "1T", 1ULL << 40 },
		{ "64K", 64ULL << 10 },
		{ "4GB", 4ULL << 30 },
		{ "512b", 512 },
		{ "0x100000", 1048576 },
		{ NULL, 0 }
	};
	static const char *const bad[] = {
		"", "abc", "1.5G", "4GiB", "4Gx", "-1", " 4G", "4 G", "16E",
		NULL
	};
	uint64_t n;
	int i;

	for (i = 0; good[i].in != NULL; i++) {
		ATF_CHECK_MSG(bcfg_parse_memsize(good[i].in, &n) == 0,
		    "%s refused", good[i].in);
		ATF_CHECK_MSG(n == good[i].out, "%s gave %ju", good[i].in,
		    (uintmax_t)n);
	}
	for (i = 0; bad[i] != NULL; i++)
		ATF_CHECK_MSG(bcfg_parse_memsize(bad[i], &n) != 0,
		    "%s accepted", bad[i]);
	checkargs(0, "", "-m", "2048", "vm", (char *)NULL);
	checkargs(64, "invalid memsize '2 GB'", "-m", "2 GB", "vm",
	    (char *)NULL);
	checkargs(64, "invalid memsize '1.5G'", "-m", "1.5G", "vm",
	    (char *)NULL);
	checkargs(4, "Unable to setup memory", "-m", "0", "vm", (char *)NULL);
	/* The last -m wins, as does a later -o. */
	checkargs(0, "", "-m", "junk", "-o", "memory.size=1G", "vm",
	    (char *)NULL);
}

/* Ref 1.5: -p pinning and vcpu.N.cpuset lists. */
ATF_TC_WITHOUT_HEAD(pinning);
ATF_TC_BODY(pinning, tc)
{
	maprow("vcpu.0.cpuset=1,2\n", "-p", "0:1", "-p", "0:2", (char *)NULL);
	badargs(64, "invalid vcpu pinning configuration '0-1'", "-p", "0-1",
	    (char *)NULL);
	badargs(64, "hostcpu '1024' outside", "-p", "0:1024", (char *)NULL);
	badargs(64, "invalid vcpu '-1'", "-p", "-1:0", (char *)NULL);
	checkargs(0, "", "-c", "2", "-o", "vcpu.1.cpuset=2-5,8", "vm",
	    (char *)NULL);
	checkargs(4, "Invalid hostcpu range 5-2", "-c", "2", "-o",
	    "vcpu.1.cpuset=5-2", "vm", (char *)NULL);
	checkargs(4, "invalid cpuset for vcpu 0: '1,'", "-o",
	    "vcpu.0.cpuset=1,", "vm", (char *)NULL);
	/* Only vCPUs that exist are looked at. */
	checkargs(0, "", "-o", "vcpu.3.cpuset=junk", "vm", (char *)NULL);
}

/*
 * Ref 2.1: configuration file syntax.
 */

/* A line without "=" is fatal and names the file and line. */
ATF_TC_WITHOUT_HEAD(file_no_equals);
ATF_TC_BODY(file_no_equals, tc)
{
	struct bcfg *c;
	char err[ERRLEN];

	put("bad.conf", "name=vm\nfoo\n");
	c = bcfg_new();
	ATF_CHECK_EQ(-1, bcfg_parse_file(c, "bad.conf", err, sizeof(err)));
	ATF_CHECK_STREQ("bad.conf line 2: invalid config option 'foo'", err);
	bcfg_free(c);
}

/* An empty value is fatal, as is a missing file. */
ATF_TC_WITHOUT_HEAD(file_empty_value);
ATF_TC_BODY(file_empty_value, tc)
{
	struct bcfg *c;
	char err[ERRLEN];
	int status;

	put("bad.conf", "# x\n\nname=\n");
	c = bcfg_new();
	ATF_CHECK_EQ(-1, bcfg_parse_file(c, "bad.conf", err, sizeof(err)));
	ATF_CHECK_STREQ("bad.conf line 3: invalid config option 'name='", err);
	ATF_CHECK_EQ(-1, bcfg_parse_file(c, "none.conf", err, sizeof(err)));
	ERR_HAS(err, "Failed to open configuration file none.conf");
	badargs(4, "bad.conf line 3", "-k", "bad.conf", (char *)NULL);
	ATF_CHECK_EQ(-1, parse(c, &status, err, "-o", "name=", (char *)NULL));
	ATF_CHECK_EQ(64, status);
	bcfg_free(c);
}

/* Nothing is trimmed; "#" only comments in column 1; the last wins. */
ATF_TC_WITHOUT_HEAD(file_spaces_kept);
ATF_TC_BODY(file_spaces_kept, tc)
{
	struct bcfg *c;
	char err[ERRLEN];

	put("sp.conf", "name = vm \n #x=1\nv=a=b,c\nw=1\nw=2\ncr=x\r\n"
	    "last=noeol");
	c = bcfg_new();
	ATF_REQUIRE_MSG(bcfg_parse_file(c, "sp.conf", err, sizeof(err)) == 0,
	    "%s", err);
	same(c, "name = vm \n #x=1\nv=a=b,c\nw=2\ncr=x\r\nlast=noeol\n");
	ATF_CHECK(bcfg_get(c, "name") == NULL);
	bcfg_free(c);
}

/* A variable cannot also be a node (config.c). */
ATF_TC_WITHOUT_HEAD(file_node_clash);
ATF_TC_BODY(file_node_clash, tc)
{
	struct bcfg *c;
	char err[ERRLEN];

	c = bcfg_new();
	ATF_CHECK_EQ(0, bcfg_set(c, "lpc.com1.path", "x", err, sizeof(err)));
	ATF_CHECK_EQ(-1, bcfg_set(c, "lpc", "y", err, sizeof(err)));
	ERR_HAS(err, "Attempting to add value y to existing node lpc");
	ATF_CHECK_EQ(-1, bcfg_set(c, "lpc.com1.path.x", "y", err,
	    sizeof(err)));
	ERR_HAS(err, "child of existing variable lpc.com1.path");
	ATF_CHECK_EQ(-1, bcfg_set(c, "a..b", "y", err, sizeof(err)));
	ERR_HAS(err, "Invalid configuration node");
	bcfg_free(c);
	/* bhyve's presets clash too. */
	badargs(4, "Attempting to add value x to existing node lpc", "-o",
	    "lpc=x", (char *)NULL);
	badargs(4, "child of existing variable memory.size", "-o",
	    "memory.size.x=1", (char *)NULL);
	checkfile("name=vm\nx86=1\n", 4, "existing node x86");
}

/*
 * Ref 2.2: expansion.
 */

/* %(name) expands, \% is a literal %, and more config.c details. */
ATF_TC_WITHOUT_HEAD(expand);
ATF_TC_BODY(expand, tc)
{
	struct bcfg *c;
	char err[ERRLEN];

	c = kv("name=web01\n"
	    "a=/vm/%(name)/disk0\n"
	    "b=100\\% of \\%(name)\n"
	    "c=C:\\\\dir\n"
	    "d=x\\\\y%(name)\n"
	    "e=%(a)+%(missing)+%()+%x+%(open\n"
	    "f=%(g)\n"
	    "g=%(f)\n"
	    "h=tail\\\n"
	    "i=%(h)%\n");
	ATF_CHECK_EQ(0, bcfg_expand(c, err, sizeof(err)));
	ATF_CHECK_STREQ("/vm/web01/disk0", bcfg_get(c, "a"));
	ATF_CHECK_STREQ("100% of %(name)", bcfg_get(c, "b"));
	/* Without a "%" the value is not expanded at all. */
	ATF_CHECK_STREQ("C:\\\\dir", bcfg_get(c, "c"));
	ATF_CHECK_STREQ("x\\yweb01", bcfg_get(c, "d"));
	ATF_CHECK_STREQ("/vm/web01/disk0+++%x+%(open", bcfg_get(c, "e"));
	/* Endless references stop after 15 levels with a literal "%". */
	ATF_CHECK(strstr(bcfg_get(c, "f"), "%(") != NULL);
	ATF_CHECK_STREQ("tail\\", bcfg_get(c, "h"));
	ATF_CHECK_STREQ("tail%", bcfg_get(c, "i"));
	bcfg_free(c);
}

/*
 * Start-up checks.
 */

/* In a file only canonical names are accepted (pci_emul.c init_pci()). */
ATF_TC_WITHOUT_HEAD(legacy_names);
ATF_TC_BODY(legacy_names, tc)
{
	checkfile("name=vm\npci.0.4.0.device=ahci-cd\n"
	    "pci.0.4.0.port.0.type=cd\npci.0.4.0.port.0.path=/x.iso\n", 4,
	    "pci slot 0:4:0: legacy device \"ahci-cd\", use \"ahci\" instead");
	checkfile("name=vm\npci.0.0.0.device=amd_hostbridge\n", 4,
	    "legacy device \"amd_hostbridge\", use \"hostbridge\" instead");
	checkfile("name=vm\npci.0.0.0.device=ahci-hd\n", 4,
	    "use \"ahci\" instead");
	checkfile("name=vm\npci.0.0.0.device=hostbridge\n", 0, "");
	checkfile("name=vm\npci.0.0.0.device=virtio-foo\n", 4,
	    "pci slot 0:0:0: unknown device \"virtio-foo\"");
	checkfile("name=vm\npci.0.0.0.path=/x\n", 4,
	    "pci slot 0:0:0: missing \"device\" value");
	badargs(4, "pci slot 0:3:0: unknown device \"virtio-foo\"", "-s",
	    "3,virtio-foo", (char *)NULL);
}

/* Slot syntax and occupancy (pci_emul.c pci_parse_slot()). */
ATF_TC_WITHOUT_HEAD(duplicate_slot);
ATF_TC_BODY(duplicate_slot, tc)
{
	badargs(4, "pci slot 0:3:0 already occupied!", "-s", "3,virtio-rnd",
	    "-s", "3:0,virtio-rnd", (char *)NULL);
	badargs(4, "pci slot 1:3:2 already occupied!", "-s",
	    "1:3:2,virtio-rnd", "-s", "1:3:2,hostbridge", (char *)NULL);
	badargs(4, "Invalid PCI slot info field \"32,virtio-rnd\"", "-s",
	    "32,virtio-rnd", (char *)NULL);
	badargs(4, "Invalid PCI slot info field \"3:8,virtio-rnd\"", "-s",
	    "3:8,virtio-rnd", (char *)NULL);
	badargs(4, "Invalid PCI slot info field \"256:0:0,virtio-rnd\"", "-s",
	    "256:0:0,virtio-rnd", (char *)NULL);
	badargs(4, "Invalid PCI slot info field \"3\"", "-s", "3",
	    (char *)NULL);
	badargs(4, "Invalid PCI slot info field \"x,lpc\"", "-s", "x,lpc",
	    (char *)NULL);
	/* A -k file occupies its slots too. */
	put("s.conf", "pci.0.3.0.device=virtio-rnd\n");
	badargs(4, "already occupied", "-k", "s.conf", "-s", "3,virtio-rnd",
	    (char *)NULL);
	/* Out-of-range or odd node names in a file are never looked at. */
	checkfile("name=vm\npci.0.32.0.device=virtio-rnd\n", 4,
	    "pci.0.32.0.device: not inside a pci.BUS.SLOT.FUNC node");
	checkfile("name=vm\npci.0.03.0.device=virtio-rnd\n", 4,
	    "bhyve would ignore it");
}

/* Function 0 must be populated in every slot in use (ref 0.4). */
ATF_TC_WITHOUT_HEAD(function0);
ATF_TC_BODY(function0, tc)
{
	checkargs(4, "pci slot 0:3: function 1 is used but function 0 is not",
	    "-s", "3:1,virtio-rnd", "vm", (char *)NULL);
	checkargs(0, "", "-s", "3:0,virtio-rnd", "-s", "3:1,virtio-rnd", "vm",
	    (char *)NULL);
	checkargs(4, "pci slot 2:5: function 7", "-s", "2:5:7,virtio-rnd",
	    "vm", (char *)NULL);
}

/* One LPC bridge, on bus 0 (amd64/pci_lpc.c pci_lpc_init()). */
ATF_TC_WITHOUT_HEAD(lpc_rules);
ATF_TC_BODY(lpc_rules, tc)
{
	checkargs(4, "LPC bridge can be present only on bus 0.",
	    "-s", "1:31:0,lpc", "vm", (char *)NULL);
	checkargs(4, "Only one LPC bridge is allowed.", "-s", "30,lpc",
	    "-s", "31,lpc", "vm", (char *)NULL);
	checkargs(0, "", "-s", "31,lpc", "-l", "com1,stdio", "vm",
	    (char *)NULL);
	checkargs(4, "Unable to initialize backend 'stdio' for LPC device "
	    "com2", "-s", "31,lpc", "-l", "com1,stdio", "-l", "com2,stdio",
	    "vm", (char *)NULL);
	/* Devices start in bus, slot, function order: the uart is first. */
	checkargs(4, "Unable to initialize backend 'stdio' for LPC device "
	    "com1", "-s", "31,lpc", "-l", "com1,stdio", "-s", "5,uart,stdio",
	    "vm", (char *)NULL);
	checkargs(4, "Unable to initialize backend 'stdio' for pci uart at "
	    "31:1", "-s", "31,lpc", "-l", "com1,stdio", "-s",
	    "31:1,uart,stdio", "vm", (char *)NULL);
	badargs(64, "invalid lpc device configuration 'com5,stdio'", "-l",
	    "com5,stdio", (char *)NULL);
	badargs(64, "invalid lpc device configuration 'com1'", "-l", "com1",
	    (char *)NULL);
	badargs(4, "invalid bootrom option \"bootrom\"", "-l", "bootrom",
	    (char *)NULL);
	badargs(4, "invalid tpm path \"tpm,swtpm\"", "-l", "tpm,swtpm",
	    (char *)NULL);
}

/* At most one frame buffer (pci_fbuf.c pci_fbuf_init()), and its values. */
ATF_TC_WITHOUT_HEAD(fbuf_rules);
ATF_TC_BODY(fbuf_rules, tc)
{
	checkargs(4, "Only one frame buffer device is allowed.", "-s",
	    "28,fbuf", "-s", "29,fbuf", "vm", (char *)NULL);
	checkargs(0, "", "-s", "29,fbuf,rfb=[::1]:5900,w=3840,h=2160,vga=off",
	    "vm", (char *)NULL);
	checkargs(4, "fbuf: max resolution is 3840x2160", "-s",
	    "29,fbuf,w=4096", "vm", (char *)NULL);
	checkargs(4, "fbuf: minimum resolution is 640x480", "-s",
	    "29,fbuf,h=0", "vm", (char *)NULL);
	checkargs(4, "fbuf: Invalid vga setting: \"yes\"", "-s",
	    "29,fbuf,vga=yes", "vm", (char *)NULL);
	checkargs(4, "fbuf: Missing port number", "-s",
	    "29,fbuf,tcp=0.0.0.0:", "vm", (char *)NULL);
	checkargs(4, "fbuf: Invalid IPv6 address", "-s",
	    "29,fbuf,tcp=[::1", "vm", (char *)NULL);
	checkargs(4, "Invalid value maybe for boolean variable wait", "-s",
	    "29,fbuf,wait=maybe", "vm", (char *)NULL);
}

/* Passthrough needs wired memory (pci_passthru.c passthru_init()). */
ATF_TC_WITHOUT_HEAD(passthru_wired);
ATF_TC_BODY(passthru_wired, tc)
{
	checkargs(4, "passthru requires guest memory to be wired", "-s",
	    "8,passthru,2/0/0", "vm", (char *)NULL);
	checkargs(0, "", "-S", "-s", "8,passthru,2/0/0", "vm", (char *)NULL);
	checkargs(0, "", "-o", "memory.wired=yes", "-s", "8,passthru,ppt0",
	    "vm", (char *)NULL);
	checkargs(4, "passthru: missing required bus setting", "-S", "-s",
	    "8,passthru", "vm", (char *)NULL);
	badargs(4, "passthru: invalid options \"2:0:0\"", "-s",
	    "8,passthru,2:0:0", (char *)NULL);
}

/* getopt errors and help requests. */
ATF_TC_WITHOUT_HEAD(usage_errors);
ATF_TC_BODY(usage_errors, tc)
{
	badargs(1, "illegal option -- d", "-d", "vm", (char *)NULL);
	badargs(1, "illegal option -- b", "-Hb", "vm", (char *)NULL);
	badargs(1, "illegal option -- M", "-M", "vm", (char *)NULL);
	badargs(1, "option requires an argument -- s", "-s", (char *)NULL);
	badargs(1, "only one vmname", "vm", "extra", (char *)NULL);
	/* BSD getopt stops at the first operand. */
	badargs(1, "only one vmname", "vm", "-H", (char *)NULL);
	badargs(0, "-h", "-h", (char *)NULL);
	badargs(0, "-s help", "-s", "help", (char *)NULL);
	badargs(0, "-s help", "-s", "he", (char *)NULL);
	badargs(0, "-l help", "-l", "help", (char *)NULL);
	badargs(64, "invalid configuration option 'name'", "-o", "name",
	    (char *)NULL);
	badargs(64, "invalid fwcfg item 'opt/x'", "-f", "opt/x",
	    (char *)NULL);
	maprow("name=-vm\n", "--", "-vm", (char *)NULL);
	maprow("memory.size=1G\n", "-m1G", (char *)NULL);
	checkargs(1, "no vmname", "-H", (char *)NULL);
}

/* Device values bhyve refuses at start-up. */
ATF_TC_WITHOUT_HEAD(device_values);
ATF_TC_BODY(device_values, tc)
{
	checkargs(4, "Invalid MAC 01:00:00:00:00:01", "-s",
	    "2,virtio-net,tap0,mac=01:00:00:00:00:01", "vm", (char *)NULL);
	checkargs(4, "virtio-net: invalid mtu \"45\"", "-s",
	    "2,virtio-net,tap0,mtu=45", "vm", (char *)NULL);
	checkargs(4, "no network backend for \"foo0\"", "-s",
	    "2,e1000,foo0", "vm", (char *)NULL);
	checkargs(0, "", "-s", "2,virtio-net,vm-web01,type=tap", "-s",
	    "3,virtio-net,vale0:1", "-s", "4,e1000", "vm", (char *)NULL);
	checkargs(4, "Invalid sector size 1000/4096", "-s",
	    "3,virtio-blk,/d,sectorsize=1000/4096", "vm", (char *)NULL);
	checkargs(4, "Invalid sector size \"512/\"", "-s",
	    "3,virtio-blk,/d,sectorsize=512/", "vm", (char *)NULL);
	checkargs(4, "Missing \"path\" for block device.", "-s",
	    "3,virtio-blk", "vm", (char *)NULL);
	checkargs(4, "Invalid value maybe for boolean variable ro", "-s",
	    "3,virtio-blk,/d", "-o", "pci.0.3.0.ro=maybe", "vm",
	    (char *)NULL);
	badargs(4, "Missing or invalid type for port 0: \"/d.img\"", "-s",
	    "4,ahci,/d.img", (char *)NULL);
	checkargs(4, "Missing \"path\" for block device.", "-s", "4,ahci-hd",
	    "vm", (char *)NULL);
	checkargs(4, "Could not set bootindex 1 for ahci@pci.0.4.0. "
	    "Bootindex already occupied by virtio-blk@pci.0.3.0", "-s",
	    "3,virtio-blk,/a,bootindex=1", "-s",
	    "4,ahci,hd:/b,bootindex=1", "vm", (char *)NULL);
	checkargs(4, "virtio-9p: share name required", "-s",
	    "6,virtio-9p,ro", "-o", "pci.0.6.0.path=/srv", "vm",
	    (char *)NULL);
	badargs(4, "virtio-9p: more than one share name given", "-s",
	    "6,virtio-9p,a=/a,b=/b", (char *)NULL);
	badargs(4, "vtcon: port x requires a path", "-s",
	    "7,virtio-console,x", (char *)NULL);
	checkargs(4, "pci_xhci: unknown device model \"mouse\"", "-s",
	    "30,xhci,tablet,mouse", "vm", (char *)NULL);
	checkargs(4, "TPM emulation \"foo\" not found", "-l",
	    "tpm,foo,/dev/tpm0", "vm", (char *)NULL);
	checkargs(4, "unsupported tpm version 1.2", "-l",
	    "tpm,passthru,/dev/tpm0,version=1.2", "vm", (char *)NULL);
	badargs(4, "Invalid config node name a.b", "-s",
	    "5,virtio-rnd,a.b=1", (char *)NULL);
}

/* Global values: booleans, the VM name. */
ATF_TC_WITHOUT_HEAD(global_values);
ATF_TC_BODY(global_values, tc)
{
	checkargs(0, "", "-o", "x86.x2apic=YES", "-o", "memory.wired=0",
	    "vm", (char *)NULL);
	checkargs(4, "Invalid value maybe for boolean variable x86.x2apic",
	    "-o", "x86.x2apic=maybe", "vm", (char *)NULL);
	checkargs(4, "invalid VM name", "a/b", (char *)NULL);
	checkargs(4, "invalid VM name",
	    "abcdefghijklmnopqrstuvwxyz0123456", (char *)NULL);
	checkargs(0, "", "abcdefghijklmnopqrstuvwxyz01234", (char *)NULL);
	checkfile("name=%(x)vm\nx=my-\n", 0, "");
}

/* Boot ROM files (bootrom.c bootrom_loadrom()). */
ATF_TC_WITHOUT_HEAD(bootrom_files);
ATF_TC_BODY(bootrom_files, tc)
{
	sized("CODE.fd", 2 * 1024 * 1024);
	sized("VARS.fd", 128 * 1024);
	sized("odd.fd", 1000);
	sized("big.fd", 16 * 1024 * 1024);
	checkargs(0, "", "-l", "bootrom,CODE.fd,VARS.fd", "vm", (char *)NULL);
	checkargs(0, "", "-o", "lpc.bootrom=CODE.fd", "vm", (char *)NULL);
	checkargs(4, "Error opening bootrom \"none.fd\"", "-l",
	    "bootrom,none.fd", "vm", (char *)NULL);
	checkargs(4, "Error opening bootrom variable file \"none.fd\"", "-l",
	    "bootrom,CODE.fd,none.fd", "vm", (char *)NULL);
	checkargs(4, "is not a multiple of the page size", "-l",
	    "bootrom,odd.fd", "vm", (char *)NULL);
	checkargs(4, "Invalid bootrom variable size 1000", "-l",
	    "bootrom,CODE.fd,odd.fd", "vm", (char *)NULL);
	checkargs(4, "Invalid bootrom and variable aggregate size", "-l",
	    "bootrom,big.fd,VARS.fd", "vm", (char *)NULL);
}

/*
 * Normalisation.
 */

/* Check that two "key=value" trees normalise to the same tree. */
static void
normsame(const char *a, const char *b)
{
	struct bcfg *x, *y;

	x = kv(a);
	y = kv(b);
	bcfg_normalize(x);
	bcfg_normalize(y);
	ATF_CHECK_MSG(bcfg_equal(x, y, stderr), "differ: [%s] [%s]", a, b);
	bcfg_free(x);
	bcfg_free(y);
}

/* Spellings bhyve treats alike compare equal after normalising. */
ATF_TC_WITHOUT_HEAD(normalize);
ATF_TC_BODY(normalize, tc)
{
	struct bcfg *c;
	char err[ERRLEN];
	int status;

	normsame("x86.x2apic=On\nmemory.wired=1\n",
	    "x86.x2apic=true\nmemory.wired=yes\n");
	normsame("x86.strictmsr=true\nacpi_tables_in_memory=on\n"
	    "lpc.fwcfg=bhyve\nmemory.size=256M\nrtc.use_localtime=1\n", "");
	normsame("lpc.bootrom=/r\nlpc.bootvars=/v\n",
	    "bootrom=/r\nbootvars=/v\n");
	normsame("memory.size=2048\n", "memory.size=2G\n");
	normsame("memory.size=2147483648\n", "memory.size=2048M\n");
	normsame("cpus=4\n", "cpus=4\nsockets=4\ncores=1\nthreads=1\n");
	normsame("sockets=1\ncores=2\n", "cpus=2\nsockets=1\ncores=2\n");
	normsame("vcpu.0.cpuset=3,1,2,7\n", "vcpu.0.cpuset=1-3,7\n");
	normsame("pci.0.29.0.device=fbuf\npci.0.29.0.tcp=0.0.0.0:5900\n"
	    "pci.0.29.0.vga=io\npci.0.29.0.w=1024\n",
	    "pci.0.29.0.device=fbuf\npci.0.29.0.rfb=0.0.0.0:5900\n");
	normsame("pci.0.3.0.device=virtio-blk\npci.0.3.0.path=/d\n"
	    "pci.0.3.0.direct=true\npci.0.3.0.nocache=off\n"
	    "pci.0.3.0.sectorsize=512/512\n",
	    "pci.0.3.0.device=virtio-blk\npci.0.3.0.path=/d\n"
	    "pci.0.3.0.sync=on\npci.0.3.0.sectorsize=512\n");
	normsame("pci.0.3.0.device=virtio-blk\n"
	    "pci.0.3.0.path=/dev/zvol/z/vm/d0\n"
	    "pci.0.3.0.ser=BHYVE-CC72-467C-40A1\n",
	    "pci.0.3.0.device=virtio-blk\n"
	    "pci.0.3.0.path=/dev/zvol/z/vm/d0\n");
	normsame("pci.0.3.0.device=virtio-blk\npci.0.3.0.path=/d\n"
	    "pci.0.3.0.serial=0123456789012345678999\n",
	    "pci.0.3.0.device=virtio-blk\npci.0.3.0.path=/d\n"
	    "pci.0.3.0.ser=01234567890123456789\n");
	normsame("pci.0.4.0.device=ahci\npci.0.4.0.port.0.type=hd\n"
	    "pci.0.4.0.port.0.path=/dev/zvol/z/vm/d0\n"
	    "pci.0.4.0.port.0.ser=BHYVE-CC72-467C-40A1  \n"
	    "pci.0.4.0.port.0.rev=001\n"
	    "pci.0.4.0.port.0.model=BHYVE SATA DISK\n",
	    "pci.0.4.0.device=ahci\npci.0.4.0.port.0.type=hd\n"
	    "pci.0.4.0.port.0.path=/dev/zvol/z/vm/d0\n");
	normsame("pci.0.2.0.device=virtio-net\npci.0.2.0.mac=58:9C:FC:0:1:2\n",
	    "pci.0.2.0.device=virtio-net\npci.0.2.0.mac=58:9c:fc:00:01:02\n");
	normsame("tpm.type=swtpm\ntpm.path=/s\ntpm.version=2.0\n"
	    "tpm.intf=crb\n",
	    "tpm.type=swtpm\ntpm.path=/s\ntpm.version=2.0\n");
	/* Invalid values are left alone, so they still differ. */
	c = kv("x86.x2apic=maybe\n");
	bcfg_normalize(c);
	ATF_CHECK_STREQ("maybe", bcfg_get(c, "x86.x2apic"));
	bcfg_free(c);
	/* -u and rtc.use_localtime=off describe the same RTC. */
	c = bcfg_new();
	ATF_REQUIRE(parse(c, &status, err, "-u", (char *)NULL) == 0);
	bcfg_normalize(c);
	same(c, "rtc.use_localtime=false\n");
	bcfg_free(c);
}

/* bcfg_dump prints sorted key=value lines; bcfg_equal reports diffs. */
ATF_TC_WITHOUT_HEAD(dump_and_diff);
ATF_TC_BODY(dump_and_diff, tc)
{
	struct bcfg *a, *b;
	char *text;
	size_t len;
	FILE *fp;

	a = kv("name=vm\nb=2\na.x=1\n");
	b = kv("name=vm\nb=3\nc=4\n");
	fp = open_memstream(&text, &len);
	ATF_REQUIRE(fp != NULL);
	bcfg_dump(a, fp);
	fclose(fp);
	ATF_CHECK_STREQ("a.x=1\nb=2\nname=vm\n", text);
	free(text);
	fp = open_memstream(&text, &len);
	ATF_REQUIRE(fp != NULL);
	ATF_CHECK_EQ(0, bcfg_equal(a, b, fp));
	fclose(fp);
	ATF_CHECK_STREQ("-a.x=1\n-b=2\n+b=3\n+c=4\n", text);
	free(text);
	ATF_CHECK_EQ(1, bcfg_equal(a, a, NULL));
	ATF_CHECK_EQ(0, bcfg_unset(a, "a.x"));
	ATF_CHECK_EQ(-1, bcfg_unset(a, "a.x"));
	ATF_CHECK_EQ(2, (int)bcfg_count(a));
	ATF_CHECK_STREQ("b", bcfg_key(a, 0));
	ATF_CHECK_STREQ("2", bcfg_value(a, 0));
	ATF_CHECK_STREQ("hostbridge", bcfg_pci_emulations()[8]);
	ATF_CHECK_STREQ("bootrom", bcfg_lpc_devices()[0]);
	bcfg_free(a);
	bcfg_free(b);
	bcfg_free(NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, map_topology);
	ATF_TP_ADD_TC(tp, map_memory);
	ATF_TP_ADD_TC(tp, map_flags);
	ATF_TP_ADD_TC(tp, map_pin);
	ATF_TP_ADD_TC(tp, map_uuid);
	ATF_TP_ADD_TC(tp, map_hostbridge);
	ATF_TP_ADD_TC(tp, map_amd_hostbridge);
	ATF_TP_ADD_TC(tp, map_lpc);
	ATF_TP_ADD_TC(tp, map_virtio_net);
	ATF_TP_ADD_TC(tp, map_virtio_blk);
	ATF_TP_ADD_TC(tp, map_ahci_cd);
	ATF_TP_ADD_TC(tp, map_ahci_ports);
	ATF_TP_ADD_TC(tp, map_nvme_ram);
	ATF_TP_ADD_TC(tp, map_virtio_9p);
	ATF_TP_ADD_TC(tp, map_virtio_console);
	ATF_TP_ADD_TC(tp, map_passthru_bsf);
	ATF_TP_ADD_TC(tp, map_passthru_ppt);
	ATF_TP_ADD_TC(tp, map_fbuf);
	ATF_TP_ADD_TC(tp, map_xhci);
	ATF_TP_ADD_TC(tp, map_netgraph);
	ATF_TP_ADD_TC(tp, map_com1);
	ATF_TP_ADD_TC(tp, map_com2_tcp);
	ATF_TP_ADD_TC(tp, map_bootrom);
	ATF_TP_ADD_TC(tp, map_tpm);
	ATF_TP_ADD_TC(tp, map_more_forms);
	ATF_TP_ADD_TC(tp, worked_example);
	ATF_TP_ADD_TC(tp, kfile_position);
	ATF_TP_ADD_TC(tp, topology_good);
	ATF_TP_ADD_TC(tp, topology_bad);
	ATF_TP_ADD_TC(tp, memsize);
	ATF_TP_ADD_TC(tp, pinning);
	ATF_TP_ADD_TC(tp, file_no_equals);
	ATF_TP_ADD_TC(tp, file_empty_value);
	ATF_TP_ADD_TC(tp, file_spaces_kept);
	ATF_TP_ADD_TC(tp, file_node_clash);
	ATF_TP_ADD_TC(tp, expand);
	ATF_TP_ADD_TC(tp, legacy_names);
	ATF_TP_ADD_TC(tp, duplicate_slot);
	ATF_TP_ADD_TC(tp, function0);
	ATF_TP_ADD_TC(tp, lpc_rules);
	ATF_TP_ADD_TC(tp, fbuf_rules);
	ATF_TP_ADD_TC(tp, passthru_wired);
	ATF_TP_ADD_TC(tp, usage_errors);
	ATF_TP_ADD_TC(tp, device_values);
	ATF_TP_ADD_TC(tp, global_values);
	ATF_TP_ADD_TC(tp, bootrom_files);
	ATF_TP_ADD_TC(tp, normalize);
	ATF_TP_ADD_TC(tp, dump_and_diff);
	return (atf_no_error());
}

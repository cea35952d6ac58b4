/*
 * bcfg.c: bhyve's configuration tree, bhyve(8) command-line and
 * bhyve_config(5) file parsers, and the start-up checks bhyve makes, for
 * hyve's fake host.  Each rule names the FreeBSD source it follows (paths
 * are under usr.sbin/bhyve unless noted); the project summary of those
 * sources is /work/shared/docs/bhyve-reference.md ("ref" below).
 */

/* glibc hides the BSD and POSIX 2008 interfaces used here otherwise. */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define	_DEFAULT_SOURCE
#endif

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "bcfg.h"

/* Exit status of bhyve_usage(1) for getopt-level errors. */
#define	ST_USAGE	1
/* bhyve(8) EXIT STATUS: 4 for any initialisation failure. */
#define	ST_ERR		4

#define	MB		(1024ULL * 1024)
/* bootrom.c: the boot ROM region is the 16 MiB below 4 GiB. */
#define	BOOTROM_SIZE	((off_t)16 * 1024 * 1024)
#define	PAGE_SZ		4096
/* CPU_SETSIZE (sys/sys/_cpuset.h CPU_MAXSIZE) on FreeBSD 14/15. */
#define	NCPUSET		1024
/* pci_emul.c: MAXBUSES, MAXSLOTS, MAXFUNCS. */
#define	NBUS		256
#define	NSLOT		32
#define	NFUNC		8
/* pci_ahci.c MAX_PORTS; pci_virtio_console.c VTCON_MAXPORTS. */
#define	AHCI_PORTS	32
#define	VTCON_PORTS	16
/* pci_xhci.c XHCI_MAX_SLOTS. */
#define	XHCI_SLOTS	64
/* 14.x kernel VM_MAX_NAMELEN (32) minus the NUL (ref 3.6). */
#define	VMNAME_MAX	31

/* One variable: its full dotted key and its raw value. */
struct ent {
	char	*key;
	char	*val;
};

/* The tree: variables sorted by key (strcmp). */
struct bcfg {
	struct ent	*ent;
	size_t		 n;
	size_t		 cap;
};

/* A parse or check in progress and where it reports failure. */
struct run {
	struct bcfg	*cfg;
	int		*status;
	char		*err;
	size_t		 errlen;
};

/* A PCI emulation: -s name, canonical name of an alias, CONF parser. */
struct emul {
	const char	*name;
	const char	*alias;
	int		(*legacy)(struct run *, const char *, const char *);
};

/* A global boolean and the value bhyve assumes when it is unset. */
struct gbool {
	const char	*key;
	int		 def;
};

/* A flag option and the variable it sets (amd64 bhyve_optparse). */
struct flag {
	int		 opt;
	const char	*key;
	const char	*val;
};

/* A device being checked by bcfg_check. */
struct dev {
	const char	*node;
	const char	*emul;
	int		 b;
	int		 s;
	int		 f;
};

/* A boot order entry (pci_emul.c pci_emul_add_boot_device). */
struct boot {
	int		 index;
	char		*name;
};

/* State shared by the devices while bcfg_check walks the PCI tree. */
struct pcistate {
	bool		 lpc;
	bool		 fbuf;
	bool		 stdio;
	struct boot	*boot;
	size_t		 nboot;
};

/* A growable string. */
struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/*
 * bhyve_init_config() (amd64/bhyverun_machdep.c) presets these before it
 * parses options, so they exist in every real tree and options can clash
 * with them, although bcfg keeps them out of its trees.
 */
static const char *const presets[] = {
	"acpi_tables", "acpi_tables_in_memory", "lpc.fwcfg", "memory.size",
	"x86.strictmsr", NULL
};

/*
 * Booleans read through get_config_bool*() (config.c), with the default
 * their readers pass: bhyverun.c, amd64/bhyverun_machdep.c, rtc.c,
 * gdb.c, amd64/pci_lpc.c, pci_emul.c.
 */
static const struct gbool gbools[] = {
	{ "acpi_tables", -1 },		/* preset: [14] false, [15] true */
	{ "acpi_tables_in_memory", 1 },
	{ "config.dump", 0 },
	{ "destroy_on_poweroff", 0 },
	{ "gdb.wait", 0 },
	{ "lpc.pc-testdev", 0 },
	{ "memory.guest_in_core", 0 },
	{ "memory.wired", 0 },
	{ "pci.enable_bars", -1 },	/* default: !bootrom_boot() */
	{ "rtc.use_localtime", 1 },
	{ "virtio_msix", 1 },
	{ "x86.mptable", 1 },
	{ "x86.strictio", 0 },
	{ "x86.strictmsr", 1 },
	{ "x86.vmexit_on_hlt", 0 },
	{ "x86.vmexit_on_pause", 0 },
	{ "x86.x2apic", 0 },
	{ NULL, 0 }
};

/* amd64 bhyve_optparse(): flags and what they set (ref 1.2). */
static const struct flag flags[] = {
	{ 'a', "x86.x2apic", "false" },
	{ 'A', "acpi_tables", "true" },	/* [14]; a no-op on [15] */
	{ 'C', "memory.guest_in_core", "true" },
	{ 'D', "destroy_on_poweroff", "true" },
	{ 'e', "x86.strictio", "true" },
	{ 'H', "x86.vmexit_on_hlt", "true" },
	{ 'P', "x86.vmexit_on_pause", "true" },
	{ 'S', "memory.wired", "true" },
	{ 'u', "rtc.use_localtime", "false" },
	{ 'w', "x86.strictmsr", "false" },
	{ 'W', "virtio_msix", "false" },
	{ 'x', "x86.x2apic", "true" },
	{ 'Y', "x86.mptable", "false" },
	{ 0, NULL, NULL }
};

/* amd64/pci_lpc.c lpc_print_supported_devices(), in its order. */
static const char *const lpcdevs[] = {
	"bootrom", "com1", "com2", "com3", "com4", "tpm", "pc-testdev", NULL
};

/* net_backends.c and friends: backend name prefixes. */
static const char *const netbes[] = {
	"tap", "vmnet", "netgraph", "netmap", "vale", "slirp", NULL
};

/* pci_emul.c and each pci_*.c PCI_EMUL_SET on amd64, "dummy" included. */
static const char *const emulnames[] = {
	"ahci", "ahci-cd", "ahci-hd", "amd_hostbridge", "dummy", "e1000",
	"fbuf", "hda", "hostbridge", "lpc", "nvme", "passthru", "uart",
	"virtio-9p", "virtio-blk", "virtio-console", "virtio-input",
	"virtio-net", "virtio-rnd", "virtio-scsi", "xhci", NULL
};

/* MD5 (RFC 1321) round constants and per-round shift amounts. */
static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
};
static const int md5_s[16] = {
	7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21
};

/*
 * Memory helpers.  bhyve exits 4 when it cannot allocate; a test fake
 * simply aborts.
 */

/* Allocate or abort. */
static void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n)) == NULL)
		abort();
	return (p);
}

/* Resize or abort. */
static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		abort();
	return (p);
}

/* Duplicate a string or abort. */
static char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		abort();
	return (p);
}

/* Duplicate at most n bytes of a string or abort. */
static char *
xstrndup(const char *s, size_t n)
{
	char *p;

	if ((p = strndup(s, n)) == NULL)
		abort();
	return (p);
}

/* Format into a new string or abort. */
static char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return (p);
}

/* Append a character to a growable string. */
static void
bput(struct buf *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap == 0 ? 64 : b->cap * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

/* Append a string to a growable string. */
static void
bputs(struct buf *b, const char *s)
{
	while (*s != '\0')
		bput(b, *s++);
}

/* Write a message to an optional error buffer. */
static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Record a failure with its exit status; returns -1. */
static int
fail(struct run *r, int status, const char *fmt, ...)
{
	va_list ap;

	*r->status = status;
	if (r->err != NULL && r->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(r->err, r->errlen, fmt, ap);
		va_end(ap);
	}
	return (-1);
}

/*
 * The tree.
 */

/* Index of the first entry whose key is not below key. */
static size_t
lbound(const struct bcfg *c, const char *key)
{
	size_t lo, hi, mid;

	lo = 0;
	hi = c->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(c->ent[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* The entry holding variable key, or NULL. */
static struct ent *
lookup(const struct bcfg *c, const char *key)
{
	size_t i;

	i = lbound(c, key);
	if (i < c->n && strcmp(c->ent[i].key, key) == 0)
		return (&c->ent[i]);
	return (NULL);
}

/* Is path a node, i.e. a prefix of some key followed by a dot? */
static bool
isnode(const struct bcfg *c, const char *path)
{
	size_t i, len;

	len = strlen(path);
	for (i = lbound(c, path); i < c->n; i++) {
		if (strncmp(c->ent[i].key, path, len) != 0)
			return (false);
		if (c->ent[i].key[len] == '.')
			return (true);
	}
	return (false);
}

/* Create an empty tree. */
struct bcfg *
bcfg_new(void)
{
	struct bcfg *c;

	c = xmalloc(sizeof(*c));
	c->ent = NULL;
	c->n = c->cap = 0;
	return (c);
}

/* Release a tree. */
void
bcfg_free(struct bcfg *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->ent[i].key);
		free(c->ent[i].val);
	}
	free(c->ent);
	free(c);
}

/* Copy a tree. */
static struct bcfg *
tdup(const struct bcfg *c)
{
	struct bcfg *d;
	size_t i;

	d = bcfg_new();
	d->cap = d->n = c->n;
	d->ent = xmalloc((c->n + 1) * sizeof(*d->ent));
	for (i = 0; i < c->n; i++) {
		d->ent[i].key = xstrdup(c->ent[i].key);
		d->ent[i].val = xstrdup(c->ent[i].val);
	}
	return (d);
}

/*
 * Set a variable the way config.c set_config_value() does: every node on
 * the way must have a non-empty name and must not already be a variable,
 * and the variable must not already be a node.
 */
int
bcfg_set(struct bcfg *c, const char *key, const char *value, char *err,
    size_t errlen)
{
	struct ent *e;
	char *pfx;
	size_t i, start;
	bool clash;

	for (i = start = 0; key[i] != '\0'; i++) {
		if (key[i] != '.')
			continue;
		if (i == start) {
			errf(err, errlen, "Invalid configuration node: %s",
			    key);
			return (-1);
		}
		start = i + 1;
		pfx = xstrndup(key, i);
		clash = lookup(c, pfx) != NULL;
		if (clash)
			errf(err, errlen, "Configuration node %s is a child "
			    "of existing variable %s", key, pfx);
		free(pfx);
		if (clash)
			return (-1);
	}
	if (isnode(c, key)) {
		errf(err, errlen, "Attempting to add value %s to existing "
		    "node %s", value, key);
		return (-1);
	}
	if ((e = lookup(c, key)) != NULL) {
		free(e->val);
		e->val = xstrdup(value);
		return (0);
	}
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 32 : c->cap * 2;
		c->ent = xrealloc(c->ent, c->cap * sizeof(*c->ent));
	}
	i = lbound(c, key);
	memmove(&c->ent[i + 1], &c->ent[i], (c->n - i) * sizeof(*c->ent));
	c->ent[i].key = xstrdup(key);
	c->ent[i].val = xstrdup(value);
	c->n++;
	return (0);
}

/* Remove a variable; returns 0 if it existed, -1 if not. */
int
bcfg_unset(struct bcfg *c, const char *key)
{
	struct ent *e;
	size_t i;

	if ((e = lookup(c, key)) == NULL)
		return (-1);
	i = (size_t)(e - c->ent);
	free(e->key);
	free(e->val);
	memmove(&c->ent[i], &c->ent[i + 1], (c->n - i - 1) * sizeof(*e));
	c->n--;
	return (0);
}

/* Value of a variable, or NULL (also for nodes). */
const char *
bcfg_get(const struct bcfg *c, const char *key)
{
	const struct ent *e;

	e = lookup(c, key);
	return (e == NULL ? NULL : e->val);
}

/* Number of variables. */
size_t
bcfg_count(const struct bcfg *c)
{
	return (c->n);
}

/* Key of the i-th variable in sorted order. */
const char *
bcfg_key(const struct bcfg *c, size_t i)
{
	return (i < c->n ? c->ent[i].key : NULL);
}

/* Value of the i-th variable in sorted order. */
const char *
bcfg_value(const struct bcfg *c, size_t i)
{
	return (i < c->n ? c->ent[i].val : NULL);
}

/* Get NODE.NAME. */
static const char *
nget(const struct bcfg *c, const char *node, const char *name)
{
	char key[256];

	snprintf(key, sizeof(key), "%s.%s", node, name);
	return (bcfg_get(c, key));
}

/* Set NODE.NAME, ignoring failure (used on keys known to be variables). */
static void
nput(struct bcfg *c, const char *node, const char *name, const char *value)
{
	char key[256];

	snprintf(key, sizeof(key), "%s.%s", node, name);
	bcfg_set(c, key, value, NULL, 0);
}

/* Remove NODE.NAME. */
static void
ndel(struct bcfg *c, const char *node, const char *name)
{
	char key[256];

	snprintf(key, sizeof(key), "%s.%s", node, name);
	bcfg_unset(c, key);
}

/*
 * Value syntax shared by the parsers, checks and normalisation.
 */

/* config.c _bool_value(): 1 for true, 0 for false, -1 if invalid. */
static int
boolval(const char *v)
{
	if (strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0 ||
	    strcasecmp(v, "yes") == 0 || strcmp(v, "1") == 0)
		return (1);
	if (strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0 ||
	    strcasecmp(v, "no") == 0 || strcmp(v, "0") == 0)
		return (0);
	return (-1);
}

/*
 * libvmmapi vm_parse_memsize(): a plain number (strtoul base 0) below
 * 1 MiB is in MiB, otherwise bytes; anything else goes to expand_number(3)
 * (lib/libutil): a number, an optional K/M/G/T/P/E (powers of 1024, any
 * case) and an optional B.  This is the strict reading of FreeBSD 15's
 * libutil, which wants a leading digit and no trailing junk; 14's accepted
 * junk after the unit ("4Gx").
 */
int
bcfg_parse_memsize(const char *s, uint64_t *bytes)
{
	unsigned long long n;
	char *end;
	int shift;

	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno != 0)
		return (-1);
	if (*end == '\0') {
		*bytes = n < MB ? n * MB : n;
		return (0);
	}
	switch (tolower((unsigned char)*end)) {
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	case 't':
		shift = 40;
		break;
	case 'p':
		shift = 50;
		break;
	case 'e':
		shift = 60;
		break;
	default:
		shift = 0;
		break;
	}
	if (shift != 0)
		end++;
	if (tolower((unsigned char)*end) == 'b')
		end++;
	if (*end != '\0' || (n << shift) >> shift != n)
		return (-1);
	*bytes = n << shift;
	return (0);
}

/*
 * MAC address as net_utils.c net_parsemac() takes it through ether_aton(3):
 * six ':'-separated hex octets, neither multicast nor all-zero.  Stricter
 * than FreeBSD's ether_aton, which ignores trailing text.
 */
static int
parsemac(const char *s, unsigned int o[6])
{
	char *end;
	unsigned long v;
	int i;

	for (i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)*s))
			return (-1);
		v = strtoul(s, &end, 16);
		if (v > 0xff || end - s > 2 || *end != (i == 5 ? '\0' : ':'))
			return (-1);
		o[i] = (unsigned int)v;
		s = end + 1;
	}
	if ((o[0] & 1) != 0 || (o[0] | o[1] | o[2] | o[3] | o[4] | o[5]) == 0)
		return (-1);
	return (0);
}

/* MD5 digest of a string (RFC 1321). */
static void
md5(const char *msg, uint8_t out[16])
{
	uint32_t h[4] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };
	uint32_t a, b, c, d, f, m[16], t;
	uint64_t bits;
	uint8_t *p;
	size_t len, total, off;
	int i, g, s;

	len = strlen(msg);
	total = (len + 8) / 64 * 64 + 64;
	p = xmalloc(total);
	memset(p, 0, total);
	memcpy(p, msg, len);
	p[len] = 0x80;
	bits = (uint64_t)len * 8;
	for (i = 0; i < 8; i++)
		p[total - 8 + (size_t)i] = (uint8_t)(bits >> (8 * i));
	for (off = 0; off < total; off += 64) {
		for (i = 0; i < 16; i++)
			m[i] = (uint32_t)p[off + 4 * i] |
			    (uint32_t)p[off + 4 * i + 1] << 8 |
			    (uint32_t)p[off + 4 * i + 2] << 16 |
			    (uint32_t)p[off + 4 * i + 3] << 24;
		a = h[0];
		b = h[1];
		c = h[2];
		d = h[3];
		for (i = 0; i < 64; i++) {
			if (i < 16) {
				f = (b & c) | (~b & d);
				g = i;
			} else if (i < 32) {
				f = (d & b) | (~d & c);
				g = (5 * i + 1) % 16;
			} else if (i < 48) {
				f = b ^ c ^ d;
				g = (3 * i + 5) % 16;
			} else {
				f = c ^ (b | ~d);
				g = (7 * i) % 16;
			}
			s = md5_s[(i / 16) * 4 + i % 4];
			f += a + md5_k[i] + m[g];
			t = d;
			d = c;
			c = b;
			b += (f << s) | (f >> (32 - s));
			a = t;
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
	}
	for (i = 0; i < 16; i++)
		out[i] = (uint8_t)(h[i / 4] >> (8 * (i % 4)));
	free(p);
}

/*
 * Disk identifier bhyve derives from the backing path when no serial is
 * given: pci_virtio_block.c and pci_ahci.c both use "BHYVE-" and six
 * bytes of the MD5 of the path.
 */
static void
defident(const char *path, char out[21])
{
	uint8_t d[16];

	md5(path, d);
	snprintf(out, 21, "BHYVE-%02X%02X-%02X%02X-%02X%02X", d[0], d[1],
	    d[2], d[3], d[4], d[5]);
}

/*
 * Setting variables while parsing options.
 */

/* Does key clash with a preset node or variable (see bcfg_set)? */
static int
preset_clash(const char *key, const char *value, char *err, size_t errlen)
{
	const char *p;
	size_t i, kl, pl;

	kl = strlen(key);
	for (i = 0; (p = presets[i]) != NULL; i++) {
		pl = strlen(p);
		if (pl > kl && strncmp(p, key, kl) == 0 && p[kl] == '.') {
			errf(err, errlen, "Attempting to add value %s to "
			    "existing node %s", value, key);
			return (-1);
		}
		if (kl > pl && strncmp(key, p, pl) == 0 && key[pl] == '.') {
			errf(err, errlen, "Configuration node %s is a child "
			    "of existing variable %s", key, p);
			return (-1);
		}
	}
	return (0);
}

/* Set a variable from an option; tree conflicts are fatal (status 4). */
static int
pset(struct run *r, const char *key, const char *value)
{
	if (preset_clash(key, value, r->err, r->errlen) != 0 ||
	    bcfg_set(r->cfg, key, value, r->err, r->errlen) != 0) {
		*r->status = ST_ERR;
		return (-1);
	}
	return (0);
}

/* Set NODE.NAME; config.c set_config_value_node() rejects dotted names. */
static int
nset(struct run *r, const char *node, const char *name, const char *value)
{
	char *key;
	int rv;

	if (strchr(name, '.') != NULL)
		return (fail(r, ST_ERR, "Invalid config node name %s", name));
	key = xasprintf("%s.%s", node, name);
	rv = pset(r, key, value);
	free(key);
	return (rv);
}

/*
 * Device CONF parsers (the pe_legacy_config hooks of pci_*.c).  opts is
 * everything after the second comma of -s, or NULL.
 */

/*
 * pci_emul.c pci_parse_legacy_config(): comma-separated tokens; "name=value"
 * sets name, a bare "name" sets name=true.  Empty tokens are kept.
 */
static int
generic(struct run *r, const char *node, const char *opts)
{
	char *copy, *s, *tok, *eq;
	int rv;

	if (opts == NULL)
		return (0);
	copy = s = xstrdup(opts);
	rv = 0;
	while (rv == 0 && (tok = strsep(&s, ",")) != NULL) {
		if ((eq = strchr(tok, '=')) != NULL) {
			*eq = '\0';
			rv = nset(r, node, tok, eq + 1);
		} else
			rv = nset(r, node, tok, "true");
	}
	free(copy);
	return (rv);
}

/*
 * First token to NODE.NAME, the rest through the generic parser: the shape
 * of block_if.c blockif_legacy_config() (path), net_backends.c
 * netbe_legacy_config() (backend), pci_virtio_scsi.c (dev) and
 * pci_virtio_input.c (path).
 */
static int
lead(struct run *r, const char *node, const char *name, const char *opts)
{
	const char *cp;
	char *first;
	int rv;

	if (opts == NULL)
		return (0);
	if ((cp = strchr(opts, ',')) == NULL)
		return (nset(r, node, name, opts));
	first = xstrndup(opts, (size_t)(cp - opts));
	rv = nset(r, node, name, first);
	free(first);
	if (rv == 0)
		rv = generic(r, node, cp + 1);
	return (rv);
}

/* virtio-blk: block_if.c blockif_legacy_config(). */
static int
le_blockif(struct run *r, const char *node, const char *opts)
{
	return (lead(r, node, "path", opts));
}

/* virtio-net, e1000: net_backends.c netbe_legacy_config(). */
static int
le_netbe(struct run *r, const char *node, const char *opts)
{
	return (lead(r, node, "backend", opts));
}

/* virtio-scsi: the first token is always the CTL device ("dev"). */
static int
le_vtscsi(struct run *r, const char *node, const char *opts)
{
	return (lead(r, node, "dev", opts));
}

/* virtio-input: pci_virtio_input.c fails without a device path. */
static int
le_vtinput(struct run *r, const char *node, const char *opts)
{
	if (opts == NULL)
		return (fail(r, ST_ERR, "virtio-input: a host event device "
		    "path is required"));
	return (lead(r, node, "path", opts));
}

/* nvme: pci_nvme.c, "ram=MiB[,opts]" or a block device. */
static int
le_nvme(struct run *r, const char *node, const char *opts)
{
	if (opts != NULL && strncmp(opts, "ram=", 4) == 0)
		return (lead(r, node, "ram", opts + 4));
	return (lead(r, node, "path", opts));
}

/* uart: pci_uart.c stores the whole CONF, commas included, as path. */
static int
le_uart(struct run *r, const char *node, const char *opts)
{
	if (opts == NULL)
		return (0);
	return (nset(r, node, "path", opts));
}

/* amd_hostbridge: pci_hostbridge.c stores AMD IDs and ignores CONF. */
static int
le_amdhb(struct run *r, const char *node, const char *opts)
{
	char *key;
	int rv;

	(void)opts;
	key = xasprintf("%s.pcireg.vendor", node);
	rv = pset(r, key, "0x1022");
	free(key);
	if (rv != 0)
		return (rv);
	key = xasprintf("%s.pcireg.device", node);
	rv = pset(r, key, "0x7432");
	free(key);
	return (rv);
}

/* One AHCI port: pci_ahci.c pci_ahci_legacy_config_port(). */
static int
ahci_port(struct run *r, const char *node, int p, const char *type,
    const char *opts)
{
	char *pnode;
	int rv;

	pnode = xasprintf("%s.port.%d", node, p);
	rv = nset(r, pnode, "type", type);
	if (rv == 0)
		rv = lead(r, pnode, "path", opts);
	free(pnode);
	return (rv);
}

/*
 * ahci: pci_ahci.c pci_ahci_legacy_config().  Port p's options run until
 * the next ",hd:" or ",cd:"; empty ports are skipped but still numbered,
 * ports past MAX_PORTS are silently dropped.
 */
static int
le_ahci(struct run *r, const char *node, const char *opts)
{
	const char *type;
	char *copy, *str, *next, *next2;
	int p, rv;

	if (opts == NULL)
		return (0);
	copy = str = xstrdup(opts);
	rv = 0;
	for (p = 0; rv == 0 && p < AHCI_PORTS && str != NULL;
	    p++, str = next) {
		if (strncmp(str, "hd:", 3) == 0) {
			type = "hd";
			str += 3;
		} else if (strncmp(str, "cd:", 3) == 0) {
			type = "cd";
			str += 3;
		} else
			type = NULL;
		next = strstr(str, ",hd:");
		next2 = strstr(str, ",cd:");
		if (next == NULL || (next2 != NULL && next2 < next))
			next = next2;
		if (next != NULL)
			*next++ = '\0';
		if (*str == '\0')
			continue;
		if (type == NULL)
			rv = fail(r, ST_ERR, "Missing or invalid type for port "
			    "%d: \"%s\"", p, str);
		else
			rv = ahci_port(r, node, p, type, str);
	}
	free(copy);
	return (rv);
}

/* ahci-hd: the alias fills port 0 as a disk. */
static int
le_ahci_hd(struct run *r, const char *node, const char *opts)
{
	return (ahci_port(r, node, 0, "hd", opts));
}

/* ahci-cd: the alias fills port 0 as an ATAPI drive. */
static int
le_ahci_cd(struct run *r, const char *node, const char *opts)
{
	return (ahci_port(r, node, 0, "cd", opts));
}

/*
 * passthru: pci_passthru.c passthru_legacy_config() [15]: "pptN", or
 * "pci0:B:S:F", "pciB:S:F", "B/S/F" (each sscanf %d), then generic.
 */
static int
le_passthru(struct run *r, const char *node, const char *opts)
{
	const char *cp;
	char *dev, num[16];
	int b, s, f, rv;

	if (opts == NULL)
		return (0);
	cp = strchr(opts, ',');
	if (strncmp(opts, "ppt", 3) == 0) {
		dev = cp != NULL ? xstrndup(opts, (size_t)(cp - opts)) :
		    xstrdup(opts);
		rv = nset(r, node, "pptdev", dev);
		free(dev);
	} else if (sscanf(opts, "pci0:%d:%d:%d", &b, &s, &f) == 3 ||
	    sscanf(opts, "pci%d:%d:%d", &b, &s, &f) == 3 ||
	    sscanf(opts, "%d/%d/%d", &b, &s, &f) == 3) {
		snprintf(num, sizeof(num), "%d", b);
		rv = nset(r, node, "bus", num);
		snprintf(num, sizeof(num), "%d", s);
		if (rv == 0)
			rv = nset(r, node, "slot", num);
		snprintf(num, sizeof(num), "%d", f);
		if (rv == 0)
			rv = nset(r, node, "func", num);
	} else
		return (fail(r, ST_ERR, "passthru: invalid options \"%s\"",
		    opts));
	if (rv == 0 && cp != NULL)
		rv = generic(r, node, cp + 1);
	return (rv);
}

/*
 * xhci: pci_xhci.c pci_xhci_legacy_config(): each token is a USB device
 * for slots 1, 2, ...; "dev=opts" passes one option to that device.
 */
static int
le_xhci(struct run *r, const char *node, const char *opts)
{
	char *copy, *s, *tok, *cfg, *snode;
	int slot, rv;

	if (opts == NULL)
		return (0);
	copy = s = xstrdup(opts);
	rv = 0;
	for (slot = 1; rv == 0 && (tok = strsep(&s, ",")) != NULL; slot++) {
		if ((cfg = strchr(tok, '=')) != NULL)
			*cfg++ = '\0';
		snode = xasprintf("%s.slot.%d", node, slot);
		rv = nset(r, snode, "device", tok);
		if (rv == 0 && cfg != NULL && *cfg != '\0')
			rv = generic(r, snode, cfg);
		free(snode);
	}
	free(copy);
	return (rv);
}

/*
 * virtio-9p: pci_virtio_9p.c pci_vt9p_legacy_config(): the one token with
 * "=" is SHARENAME=PATH, other tokens are booleans.
 */
static int
le_vt9p(struct run *r, const char *node, const char *opts)
{
	char *copy, *s, *tok, *eq;
	bool share;
	int rv;

	if (opts == NULL)
		return (0);
	copy = s = xstrdup(opts);
	share = false;
	rv = 0;
	while (rv == 0 && (tok = strsep(&s, ",")) != NULL) {
		if ((eq = strchr(tok, '=')) == NULL) {
			rv = nset(r, node, tok, "true");
			continue;
		}
		if (share) {
			rv = fail(r, ST_ERR, "virtio-9p: more than one share "
			    "name given");
			break;
		}
		share = true;
		*eq = '\0';
		rv = nset(r, node, "sharename", tok);
		if (rv == 0)
			rv = nset(r, node, "path", eq + 1);
	}
	free(copy);
	return (rv);
}

/*
 * virtio-console: pci_virtio_console.c pci_vtcon_legacy_config(): every
 * token is NAME=PATH for ports 0, 1, ... (at most VTCON_MAXPORTS).  bhyve
 * 14/15 crash on a bare "-s N,virtio-console" (strdup(NULL)); bcfg reads
 * it as a console without ports.
 */
static int
le_vtcon(struct run *r, const char *node, const char *opts)
{
	char *copy, *s, *tok, *eq, *pnode;
	int port, rv;

	if (opts == NULL)
		return (0);
	copy = s = xstrdup(opts);
	rv = 0;
	for (port = 0; rv == 0 && (tok = strsep(&s, ",")) != NULL; port++) {
		if ((eq = strchr(tok, '=')) == NULL) {
			rv = fail(r, ST_ERR, "vtcon: port %s requires a path",
			    tok);
			break;
		}
		if (port >= VTCON_PORTS) {
			rv = fail(r, ST_ERR, "vtcon: too many ports");
			break;
		}
		*eq = '\0';
		pnode = xasprintf("%s.port.%d", node, port);
		rv = nset(r, pnode, "name", tok);
		if (rv == 0)
			rv = nset(r, pnode, "path", eq + 1);
		free(pnode);
	}
	free(copy);
	return (rv);
}

/* The PCI emulations of amd64 bhyve and their CONF parsers. */
static const struct emul emuls[] = {
	{ "ahci", NULL, le_ahci },
	{ "ahci-cd", "ahci", le_ahci_cd },
	{ "ahci-hd", "ahci", le_ahci_hd },
	{ "amd_hostbridge", "hostbridge", le_amdhb },
	{ "dummy", NULL, NULL },
	{ "e1000", NULL, le_netbe },
	{ "fbuf", NULL, NULL },
	{ "hda", NULL, NULL },
	{ "hostbridge", NULL, NULL },
	{ "lpc", NULL, NULL },
	{ "nvme", NULL, le_nvme },
	{ "passthru", NULL, le_passthru },
	{ "uart", NULL, le_uart },
	{ "virtio-9p", NULL, le_vt9p },
	{ "virtio-blk", NULL, le_blockif },
	{ "virtio-console", NULL, le_vtcon },
	{ "virtio-input", NULL, le_vtinput },
	{ "virtio-net", NULL, le_netbe },
	{ "virtio-rnd", NULL, NULL },
	{ "virtio-scsi", NULL, le_vtscsi },
	{ "xhci", NULL, le_xhci },
	{ NULL, NULL, NULL }
};

/* pci_emul.c pci_emul_finddev(): exact, case-sensitive name match. */
static const struct emul *
finddev(const char *name)
{
	const struct emul *e;

	for (e = emuls; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return (e);
	return (NULL);
}

/*
 * -s: pci_emul.c pci_parse_slot().  SLOT is "B:S:F", "S:F" or "S" read with
 * sscanf %d; the argument is cut at the first comma (SLOT) and the second
 * (EMULATION); the rest is CONF for the device parser.  Failures exit 4.
 */
static int
parse_slot(struct run *r, const char *opt)
{
	const struct emul *e;
	char *str, *emul, *config, *cp, *node;
	int b, s, f, rv;

	node = NULL;
	str = xstrdup(opt);
	config = NULL;
	b = s = f = 0;
	if ((cp = strchr(str, ',')) == NULL) {
		rv = fail(r, ST_ERR, "Invalid PCI slot info field \"%s\"",
		    opt);
		goto out;
	}
	*cp = '\0';
	emul = cp + 1;
	if ((cp = strchr(emul, ',')) != NULL) {
		*cp = '\0';
		config = cp + 1;
	}
	if (sscanf(str, "%d:%d:%d", &b, &s, &f) != 3) {
		b = 0;
		if (sscanf(str, "%d:%d", &s, &f) != 2) {
			f = 0;
			if (sscanf(str, "%d", &s) != 1)
				s = -1;
		}
	}
	if (b < 0 || b >= NBUS || s < 0 || s >= NSLOT || f < 0 ||
	    f >= NFUNC) {
		rv = fail(r, ST_ERR, "Invalid PCI slot info field \"%s\"",
		    opt);
		goto out;
	}
	if ((e = finddev(emul)) == NULL) {
		rv = fail(r, ST_ERR, "pci slot %d:%d:%d: unknown device \"%s\"",
		    b, s, f, emul);
		goto out;
	}
	node = xasprintf("pci.%d.%d.%d", b, s, f);
	if (isnode(r->cfg, node)) {
		rv = fail(r, ST_ERR, "pci slot %d:%d:%d already occupied!",
		    b, s, f);
		goto out;
	}
	/* An alias stores its canonical name (pe_alias). */
	rv = nset(r, node, "device", e->alias != NULL ? e->alias : e->name);
	if (rv == 0)
		rv = e->legacy != NULL ? e->legacy(r, node, config) :
		    generic(r, node, config);
out:
	free(node);
	free(str);
	return (rv);
}

/*
 * -l: amd64/pci_lpc.c lpc_device_parse().  Device names are matched
 * without regard to case.  "-l bootrom" sets the top-level bootrom and
 * bootvars of [15] (D46282); [<=14.1] set lpc.bootrom and lpc.bootvars,
 * which bcfg_normalize() maps onto the same keys.
 */
static int
lpc_opt(struct run *r, const char *opts)
{
	char *copy, *s, *dev, *rom, *vars, *type, *path, *key;
	int i, rv;

	copy = s = xstrdup(opts);
	dev = strsep(&s, ",");
	rv = 0;
	if (strcasecmp(dev, "bootrom") == 0) {
		if ((rom = strsep(&s, ",")) == NULL) {
			rv = fail(r, ST_ERR, "invalid bootrom option \"%s\"",
			    opts);
			goto out;
		}
		rv = pset(r, "bootrom", rom);
		if (rv != 0 || (vars = strsep(&s, ",")) == NULL)
			goto out;
		/* A third field with "=" is an lpc option, not VARS. */
		if (strchr(vars, '=') == NULL)
			rv = pset(r, "bootvars", vars);
		else
			rv = generic(r, "lpc", vars);
		if (rv == 0)
			rv = generic(r, "lpc", s);
	} else if (strcasecmp(dev, "tpm") == 0) {
		if ((type = strsep(&s, ",")) == NULL) {
			rv = fail(r, ST_ERR, "invalid tpm type \"%s\"", opts);
			goto out;
		}
		rv = pset(r, "tpm.type", type);
		if (rv != 0)
			goto out;
		if ((path = strsep(&s, ",")) == NULL) {
			rv = fail(r, ST_ERR, "invalid tpm path \"%s\"", opts);
			goto out;
		}
		rv = pset(r, "tpm.path", path);
		if (rv == 0)
			rv = generic(r, "tpm", s);
		/* tpm.version defaults to 2.0 only when -l tpm is used. */
		if (rv == 0 && bcfg_get(r->cfg, "tpm.version") == NULL)
			rv = pset(r, "tpm.version", "2.0");
	} else if (strcasecmp(dev, "pc-testdev") == 0)
		rv = pset(r, "lpc.pc-testdev", "true");
	else {
		for (i = 1; i <= 4; i++)
			if (strcasecmp(dev, lpcdevs[i]) == 0)
				break;
		/*
		 * comN takes the rest of the argument, commas included.
		 * bhyve passes NULL on for a bare "comN" (undefined
		 * behaviour in libnv); bcfg refuses it.
		 */
		if (i > 4 || s == NULL) {
			rv = fail(r, EX_USAGE, "invalid lpc device "
			    "configuration '%s'", opts);
			goto out;
		}
		key = xasprintf("lpc.%s.path", lpcdevs[i]);
		rv = pset(r, key, s);
		free(key);
	}
out:
	free(copy);
	return (rv);
}

/*
 * -c: bhyverun.c bhyve_topology_parse().  Values are only stored here;
 * calc_topology() validates them after all options (see bcfg_check).
 */
static int
topology_opt(struct run *r, const char *opt)
{
	static const char *const keys[] = {
		"cpus", "sockets", "cores", "threads", NULL
	};
	char *copy, *s, *tok;
	size_t len;
	int i, rv;

	/* -c "" is one CPU by design. */
	if (*opt == '\0') {
		for (i = 0; keys[i] != NULL; i++)
			if (pset(r, keys[i], "1") != 0)
				return (-1);
		return (0);
	}
	copy = s = xstrdup(opt);
	rv = 0;
	while (rv == 0 && (tok = strsep(&s, ",")) != NULL) {
		for (i = 0; keys[i] != NULL; i++) {
			len = strlen(keys[i]);
			if (strncmp(tok, keys[i], len) == 0 && tok[len] == '=')
				break;
		}
		if (keys[i] != NULL)
			rv = pset(r, keys[i], tok + strlen(keys[i]) + 1);
		else if (strchr(tok, '=') != NULL)
			rv = fail(r, EX_USAGE, "invalid cpu topology '%s'",
			    opt);
		else
			rv = pset(r, "cpus", tok);
	}
	free(copy);
	return (rv);
}

/* Expand a value the way config.c does on every read (ref 2.2). */
static void
expand_rec(const struct bcfg *c, const char *v, int depth, struct buf *b)
{
	const char *close, *raw;
	char *ref;

	while (*v != '\0') {
		if (*v == '\\') {
			/* "\c" is a literal c; a trailing "\" is dropped. */
			if (*++v != '\0')
				bput(b, *v++);
			continue;
		}
		if (*v != '%') {
			bput(b, *v++);
			continue;
		}
		/*
		 * A "%" that starts no reference, or is nested more than
		 * 15 deep, is kept.
		 */
		close = NULL;
		if (depth <= 15 && v[1] == '(' && v[2] != '\0')
			close = strchr(v + 2, ')');
		if (close == NULL) {
			bput(b, *v++);
			continue;
		}
		ref = xstrndup(v + 2, (size_t)(close - (v + 2)));
		v = close + 1;
		/* "%()" and references to unset variables vanish. */
		if (*ref != '\0' && (raw = bcfg_get(c, ref)) != NULL)
			expand_rec(c, raw, depth + 1, b);
		free(ref);
	}
}

/*
 * The value a reader sees.  config.c expand_config_value() only expands
 * values containing a "%": elsewhere backslashes are kept as written.
 */
static char *
expand_value(const struct bcfg *c, const char *v)
{
	struct buf b;

	if (strchr(v, '%') == NULL)
		return (xstrdup(v));
	b.p = xstrdup("");
	b.len = 0;
	b.cap = 1;
	expand_rec(c, v, 0, &b);
	return (b.p);
}

/*
 * -p: bhyverun.c bhyve_pincpu_parse(): "V:H" read with sscanf %d, H below
 * CPU_SETSIZE, appended to vcpu.V.cpuset.
 */
static int
pin_opt(struct run *r, const char *opt)
{
	const char *old;
	char key[32], *cur, *val;
	int vcpu, pcpu, rv;

	if (sscanf(opt, "%d:%d", &vcpu, &pcpu) != 2)
		return (fail(r, EX_USAGE, "invalid vcpu pinning configuration "
		    "'%s' (invalid format: %s)", opt, opt));
	if (vcpu < 0)
		return (fail(r, EX_USAGE, "invalid vcpu pinning configuration "
		    "'%s' (invalid vcpu '%d')", opt, vcpu));
	if (pcpu < 0 || pcpu >= NCPUSET)
		return (fail(r, EX_USAGE, "invalid vcpu pinning configuration "
		    "'%s' (hostcpu '%d' outside valid range from 0 to %d)",
		    opt, pcpu, NCPUSET - 1));
	snprintf(key, sizeof(key), "vcpu.%d.cpuset", vcpu);
	if ((old = bcfg_get(r->cfg, key)) != NULL) {
		cur = expand_value(r->cfg, old);
		val = xasprintf("%s,%d", cur, pcpu);
		free(cur);
	} else
		val = xasprintf("%d", pcpu);
	rv = pset(r, key, val);
	free(val);
	return (rv);
}

/*
 * -G: bhyverun.c bhyve_parse_gdb_options(): a leading "w" sets gdb.wait,
 * the last ":" separates gdb.address from gdb.port.
 */
static int
gdb_opt(struct run *r, const char *opt)
{
	char *copy, *p, *colon;
	int rv;

	copy = p = xstrdup(opt);
	rv = 0;
	if (*p == 'w') {
		rv = pset(r, "gdb.wait", "true");
		p++;
	}
	if (rv == 0 && (colon = strrchr(p, ':')) != NULL) {
		*colon = '\0';
		rv = pset(r, "gdb.address", p);
		p = colon + 1;
	}
	if (rv == 0)
		rv = pset(r, "gdb.port", p);
	free(copy);
	return (rv);
}

/*
 * -f: qemu_fwcfg.c qemu_fwcfg_parse_cmdline_arg(): "[name=]NAME,string=S"
 * or "...,file=F" with NAME shorter than 56.  fw_cfg files live outside
 * the configuration tree, so nothing is stored.
 */
static int
fwcfg_opt(struct run *r, const char *opt)
{
	const char *name, *end;

	name = opt;
	if (strncmp(name, "name=", 5) == 0)
		name += 5;
	if ((end = strchr(name, ',')) == NULL || end - name >= 56 ||
	    (strncmp(end + 1, "string=", 7) != 0 &&
	    strncmp(end + 1, "file=", 5) != 0))
		return (fail(r, EX_USAGE, "invalid fwcfg item '%s'", opt));
	return (0);
}

/* -o: bhyverun.c bhyve_parse_config_option(): key=value, value non-empty. */
static int
config_opt(struct run *r, const char *opt)
{
	const char *eq;
	char *key;
	int rv;

	if ((eq = strchr(opt, '=')) == NULL || eq[1] == '\0')
		return (fail(r, EX_USAGE, "invalid configuration option '%s'",
		    opt));
	key = xstrndup(opt, (size_t)(eq - opt));
	rv = pset(r, key, eq + 1);
	free(key);
	return (rv);
}

/*
 * bhyverun.c bhyve_parse_simple_config_file() (ref 2.1): one key=value per
 * line, split at the first "="; lines starting with "#" and empty lines
 * are skipped; nothing is trimmed; a line without "=" or with an empty
 * value is fatal.  With presets, keys are also checked against the
 * variables bhyve presets (the -k case).  Failures exit 4.
 */
static int
parse_file(struct bcfg *c, const char *path, bool presets_too, char *err,
    size_t errlen)
{
	FILE *fp;
	char *line, *cp, *key;
	size_t cap;
	unsigned int lineno;
	int rv;

	if ((fp = fopen(path, "r")) == NULL) {
		errf(err, errlen, "Failed to open configuration file %s: %s",
		    path, strerror(errno));
		return (-1);
	}
	line = NULL;
	cap = 0;
	rv = 0;
	for (lineno = 1; rv == 0 && getline(&line, &cap, fp) > 0; lineno++) {
		if (*line == '#' || *line == '\n')
			continue;
		if ((cp = strchr(line, '\n')) != NULL)
			*cp = '\0';
		if ((cp = strchr(line, '=')) == NULL || cp[1] == '\0') {
			errf(err, errlen, "%s line %u: invalid config option "
			    "'%s'", path, lineno, line);
			rv = -1;
			break;
		}
		key = xstrndup(line, (size_t)(cp - line));
		if ((presets_too &&
		    preset_clash(key, cp + 1, err, errlen) != 0) ||
		    bcfg_set(c, key, cp + 1, err, errlen) != 0)
			rv = -1;
		free(key);
	}
	free(line);
	fclose(fp);
	return (rv);
}

/* Read a bhyve_config(5) file into the tree; values stay raw. */
int
bcfg_parse_file(struct bcfg *c, const char *path, char *err, size_t errlen)
{
	return (parse_file(c, path, false, err, errlen));
}

/* Apply a flag option; -h asks for usage (status 0), -I is ignored. */
static int
flag_opt(struct run *r, int c)
{
	const struct flag *fl;

	if (c == 'h')
		return (fail(r, 0, "-h"));
	for (fl = flags; fl->key != NULL; fl++)
		if (fl->opt == c)
			return (pset(r, fl->key, fl->val));
	return (0);
}

/* Apply an option with an argument (amd64 bhyve_optparse()). */
static int
arg_opt(struct run *r, int c, const char *arg)
{
	switch (c) {
	case 'c':
		return (topology_opt(r, arg));
	case 'f':
		return (fwcfg_opt(r, arg));
	case 'G':
		return (gdb_opt(r, arg));
	case 'k':
		if (parse_file(r->cfg, arg, true, r->err, r->errlen) != 0) {
			*r->status = ST_ERR;
			return (-1);
		}
		return (0);
	case 'K':
		return (pset(r, "keyboard.layout", arg));
	case 'l':
		/* Any prefix of "help", even "", lists the devices. */
		if (strncmp(arg, "help", strlen(arg)) == 0)
			return (fail(r, 0, "-l help"));
		return (lpc_opt(r, arg));
	case 'm':
		/* Parsed by vm_parse_memsize() after all options. */
		return (pset(r, "memory.size", arg));
	case 'o':
		return (config_opt(r, arg));
	case 'p':
		return (pin_opt(r, arg));
	case 's':
		if (strncmp(arg, "help", strlen(arg)) == 0)
			return (fail(r, 0, "-s help"));
		return (parse_slot(r, arg));
	default:
		return (pset(r, "uuid", arg));
	}
}

/*
 * Parse bhyve's arguments like amd64 bhyve_optparse() and main(): BSD
 * getopt(3) (no permutation: the first non-option ends the options, "--"
 * too), options applied left to right, at most one operand, the VM name.
 */
int
bcfg_parse_argv(struct bcfg *c, int argc, char *const argv[], int *status,
    char *err, size_t errlen)
{
	static const char optstr[] = "aehuwxACDHIPSWYk:f:o:p:G:c:s:m:l:K:U:";
	struct run r;
	const char *arg, *spec, *oarg;
	int i, j, opt;

	r.cfg = c;
	r.status = status;
	r.err = err;
	r.errlen = errlen;
	*status = 0;
	errf(err, errlen, "%s", "");
	for (i = 0; i < argc; i++) {
		arg = argv[i];
		if (arg[0] != '-' || arg[1] == '\0')
			break;
		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		}
		for (j = 1; arg[j] != '\0'; j++) {
			opt = (unsigned char)arg[j];
			if (opt == ':' || (spec = strchr(optstr, opt)) == NULL)
				return (fail(&r, ST_USAGE,
				    "illegal option -- %c", opt));
			if (spec[1] != ':') {
				if (flag_opt(&r, opt) != 0)
					return (-1);
				continue;
			}
			if (arg[j + 1] != '\0')
				oarg = arg + j + 1;
			else if (i + 1 < argc)
				oarg = argv[++i];
			else
				return (fail(&r, ST_USAGE, "option requires an "
				    "argument -- %c", opt));
			if (arg_opt(&r, opt, oarg) != 0)
				return (-1);
			break;
		}
	}
	if (argc - i > 1)
		return (fail(&r, ST_USAGE, "usage: only one vmname operand is "
		    "accepted"));
	if (argc - i == 1)
		return (pset(&r, "name", argv[i]));
	return (0);
}

/* Expand %(key) references and backslash escapes in every value. */
int
bcfg_expand(struct bcfg *c, char *err, size_t errlen)
{
	char **vals;
	size_t i;

	errf(err, errlen, "%s", "");
	vals = xmalloc((c->n + 1) * sizeof(*vals));
	for (i = 0; i < c->n; i++)
		vals[i] = expand_value(c, c->ent[i].val);
	for (i = 0; i < c->n; i++) {
		free(c->ent[i].val);
		c->ent[i].val = vals[i];
	}
	free(vals);
	return (0);
}

/*
 * Start-up checks (bcfg_check), in the order bhyverun.c main() meets them.
 */

enum { T_CPUS, T_CORES, T_THREADS, T_SOCKETS };

/* bhyverun.c parse_int_value(): strtol base 0, whole string, 1..65535. */
static int
intval(const char *key, const char *v, long *out, char *err, size_t errlen)
{
	char *end;
	long l;

	errno = 0;
	l = strtol(v, &end, 0);
	if (errno != 0 || *end != '\0' || end == v || l < 1 || l > 65535) {
		errf(err, errlen, "Invalid value for %s: '%s'", key, v);
		return (-1);
	}
	*out = l;
	return (0);
}

/*
 * bhyverun.c calc_topology() (ref 1.3): cores and threads default to 1,
 * sockets to cpus (1 when unset); an explicit cpus must equal
 * sockets * cores * threads.  t[T_CPUS] becomes the vCPU count.
 */
static int
topology(const struct bcfg *c, long t[4], char *err, size_t errlen)
{
	static const char *const keys[] = {
		"cpus", "cores", "threads", "sockets"
	};
	const char *v;
	unsigned long long n;
	int i;

	for (i = T_CPUS; i <= T_SOCKETS; i++) {
		if ((v = bcfg_get(c, keys[i])) == NULL)
			t[i] = i == T_SOCKETS ? t[T_CPUS] : 1;
		else if (intval(keys[i], v, &t[i], err, errlen) != 0)
			return (-1);
	}
	n = (unsigned long long)t[T_SOCKETS] * (unsigned long long)t[T_CORES] *
	    (unsigned long long)t[T_THREADS];
	if (n > 65535) {
		errf(err, errlen, "Computed number of vCPUs too high: %llu", n);
		return (-1);
	}
	if (bcfg_get(c, "cpus") != NULL && (unsigned long long)t[T_CPUS] != n) {
		errf(err, errlen, "Topology (%ld sockets, %ld cores, %ld "
		    "threads) does not match %ld vCPUs", t[T_SOCKETS],
		    t[T_CORES], t[T_THREADS], t[T_CPUS]);
		return (-1);
	}
	t[T_CPUS] = (long)n;
	return (0);
}

/*
 * bhyverun.c parse_cpuset(): host CPU numbers (strtoul base 0) and N-M
 * ranges separated by commas, each below CPU_SETSIZE.
 */
static int
cpuset_parse(int vcpu, const char *list, bool set[NCPUSET], char *err,
    size_t errlen)
{
	const char *tok;
	char *cp;
	int pcpu, start;

	memset(set, 0, NCPUSET * sizeof(*set));
	start = -1;
	for (tok = list;; tok = cp + 1) {
		pcpu = (int)strtoul(tok, &cp, 0);
		if (cp == tok || (*cp != ',' && *cp != '-' && *cp != '\0') ||
		    (*cp == '-' && start >= 0)) {
			errf(err, errlen, "invalid cpuset for vcpu %d: '%s'",
			    vcpu, list);
			return (-1);
		}
		if (pcpu < 0 || pcpu >= NCPUSET) {
			errf(err, errlen, "hostcpu '%d' outside valid range "
			    "from 0 to %d", pcpu, NCPUSET - 1);
			return (-1);
		}
		if (*cp == '-')
			start = pcpu;
		else {
			if (start > pcpu) {
				errf(err, errlen, "Invalid hostcpu range %d-%d",
				    start, pcpu);
				return (-1);
			}
			while (start >= 0 && start < pcpu)
				set[start++] = true;
			start = -1;
			set[pcpu] = true;
		}
		if (*cp == '\0')
			return (0);
	}
}

/* A tree holding a key that clashes with a preset would not parse. */
static int
check_presets(struct run *r)
{
	size_t i;

	for (i = 0; i < r->cfg->n; i++)
		if (preset_clash(r->cfg->ent[i].key, r->cfg->ent[i].val,
		    r->err, r->errlen) != 0) {
			*r->status = ST_ERR;
			return (-1);
		}
	return (0);
}

/* main(): calc_topology() then build_vcpumaps() for vCPUs in use. */
static int
check_cpus(struct run *r)
{
	bool set[NCPUSET];
	const char *v;
	char key[32];
	long t[4];
	int vcpu;

	if (topology(r->cfg, t, r->err, r->errlen) != 0) {
		*r->status = ST_ERR;
		return (-1);
	}
	for (vcpu = 0; vcpu < t[T_CPUS]; vcpu++) {
		snprintf(key, sizeof(key), "vcpu.%d.cpuset", vcpu);
		if ((v = bcfg_get(r->cfg, key)) != NULL &&
		    cpuset_parse(vcpu, v, set, r->err, r->errlen) != 0) {
			*r->status = ST_ERR;
			return (-1);
		}
	}
	return (0);
}

/* main(): vm_parse_memsize() of memory.size (preset 256M). */
static int
check_memory(struct run *r)
{
	const char *v;
	uint64_t bytes;

	if ((v = bcfg_get(r->cfg, "memory.size")) == NULL)
		v = "256M";
	if (bcfg_parse_memsize(v, &bytes) != 0)
		return (fail(r, EX_USAGE, "invalid memsize '%s'", v));
	/* vm_setup_memory() fails for an empty guest. */
	if (bytes == 0)
		return (fail(r, ST_ERR, "Unable to setup memory (guest memory "
		    "size '%s' is 0)", v));
	return (0);
}

/*
 * do_open(): vm_openf() fails for names the kernel will not take; ref 3.6
 * keeps them to at most 31 characters of [A-Za-z0-9._-].
 */
static int
check_name(struct run *r)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	const char *v;
	size_t len;

	v = bcfg_get(r->cfg, "name");
	len = strlen(v);
	if (len == 0 || len > VMNAME_MAX || strspn(v, ok) != len)
		return (fail(r, ST_ERR, "vm_openf: invalid VM name \"%s\" "
		    "(1 to %d characters of [A-Za-z0-9._-])", v, VMNAME_MAX));
	return (0);
}

/* config.c _bool_value() fails (status 4) on any other spelling. */
static int
check_bools(struct run *r)
{
	const struct gbool *g;
	const char *v;

	for (g = gbools; g->key != NULL; g++)
		if ((v = bcfg_get(r->cfg, g->key)) != NULL && boolval(v) < 0)
			return (fail(r, ST_ERR, "Invalid value %s for boolean "
			    "variable %s", v, g->key));
	return (0);
}

/*
 * bootrom.c bootrom_loadrom() and bootrom_alloc(): the ROM opens read-only
 * and is a non-empty multiple of the page size; VARS opens read-write and
 * is empty or at least a page; together at most 16 MiB.
 */
static int
check_bootrom(struct run *r)
{
	struct stat sb;
	const char *rom, *vars;
	off_t romsz, varsz;
	int fd, vfd, rv;

	if ((rom = bcfg_bootrom(r->cfg)) == NULL)
		return (0);
	vars = bcfg_bootvars(r->cfg);
	vfd = -1;
	rv = -1;
	if ((fd = open(rom, O_RDONLY)) < 0 || fstat(fd, &sb) != 0) {
		fail(r, ST_ERR, "Error opening bootrom \"%s\": %s", rom,
		    strerror(errno));
		goto out;
	}
	romsz = sb.st_size;
	varsz = 0;
	if (vars != NULL) {
		if ((vfd = open(vars, O_RDWR)) < 0 || fstat(vfd, &sb) != 0) {
			fail(r, ST_ERR, "Error opening bootrom variable file "
			    "\"%s\": %s", vars, strerror(errno));
			goto out;
		}
		varsz = sb.st_size;
	}
	if (varsz > BOOTROM_SIZE || (varsz != 0 && varsz < PAGE_SZ))
		fail(r, ST_ERR, "Invalid bootrom variable size %jd",
		    (intmax_t)varsz);
	else if (romsz + varsz > BOOTROM_SIZE)
		fail(r, ST_ERR, "Invalid bootrom and variable aggregate size "
		    "%jd", (intmax_t)(romsz + varsz));
	else if (romsz == 0)
		fail(r, ST_ERR, "ROM size %jd is invalid", (intmax_t)romsz);
	else if (romsz % PAGE_SZ != 0)
		fail(r, ST_ERR, "ROM size %jd is not a multiple of the page "
		    "size", (intmax_t)romsz);
	else
		rv = 0;
out:
	if (vfd >= 0)
		close(vfd);
	if (fd >= 0)
		close(fd);
	return (rv);
}

/* A device boolean, read with get_config_bool_node_default(). */
static int
ck_bool(struct run *r, const char *node, const char *name)
{
	const char *v;

	if ((v = nget(r->cfg, node, name)) != NULL && boolval(v) < 0)
		return (fail(r, ST_ERR, "Invalid value %s for boolean variable "
		    "%s", v, name));
	return (0);
}

/*
 * pci_emul.c pci_emul_add_boot_device(): a bootindex is not negative and
 * not used twice.
 */
static int
bootidx(struct run *r, struct pcistate *ps, const struct dev *d,
    const char *val)
{
	char *name;
	size_t i;
	int idx;

	if (val == NULL)
		return (0);
	idx = atoi(val);
	name = xasprintf("%s@pci.%d.%d.%d", d->emul, d->b, d->s, d->f);
	if (idx < 0) {
		fail(r, ST_ERR, "Invalid bootindex %d for %s", idx, name);
		free(name);
		return (-1);
	}
	for (i = 0; i < ps->nboot; i++)
		if (ps->boot[i].index == idx) {
			fail(r, ST_ERR, "Could not set bootindex %d for %s. "
			    "Bootindex already occupied by %s", idx, name,
			    ps->boot[i].name);
			free(name);
			return (-1);
		}
	ps->boot = xrealloc(ps->boot, (ps->nboot + 1) * sizeof(*ps->boot));
	ps->boot[ps->nboot].index = idx;
	ps->boot[ps->nboot].name = name;
	ps->nboot++;
	return (0);
}

/*
 * block_if.c blockif_open() on node pnode: its booleans, sectorsize
 * "L[/P]" (strtol base 10), a path, then a non-zero L must be a power of
 * two of at least 512 and at most P, itself a power of two.
 */
static int
ck_blockif(struct run *r, struct pcistate *ps, const struct dev *d,
    const char *pnode)
{
	static const char *const bools[] = {
		"nocache", "nodelete", "sync", "direct", "ro", NULL
	};
	const char *ss, *pss;
	char *cp;
	long l, p;
	bool bad;
	int i;

	for (i = 0; bools[i] != NULL; i++)
		if (ck_bool(r, pnode, bools[i]) != 0)
			return (-1);
	l = p = 0;
	if ((ss = nget(r->cfg, pnode, "sectorsize")) != NULL) {
		l = p = strtol(ss, &cp, 10);
		bad = cp == ss;
		if (!bad && *cp == '/') {
			pss = cp + 1;
			p = strtol(pss, &cp, 10);
			bad = cp == pss;
		}
		if (bad || *cp != '\0')
			return (fail(r, ST_ERR, "Invalid sector size \"%s\"",
			    ss));
	}
	if (nget(r->cfg, pnode, "path") == NULL)
		return (fail(r, ST_ERR, "Missing \"path\" for block device."));
	if (l != 0 && ((l & (l - 1)) != 0 || (p & (p - 1)) != 0 || l < 512 ||
	    l > p))
		return (fail(r, ST_ERR, "Invalid sector size %ld/%ld", l, p));
	return (bootidx(r, ps, d, nget(r->cfg, pnode, "bootindex")));
}

/* virtio-blk: pci_virtio_block.c opens one block device. */
static int
ck_vtblk(struct run *r, struct pcistate *ps, const struct dev *d)
{
	return (ck_blockif(r, ps, d, d->node));
}

/* nvme: pci_nvme.c uses a RAM namespace or a block device. */
static int
ck_nvme(struct run *r, struct pcistate *ps, const struct dev *d)
{
	if (nget(r->cfg, d->node, "ram") != NULL)
		return (0);
	return (ck_blockif(r, ps, d, d->node));
}

/* ahci: pci_ahci.c pci_ahci_init() opens every port that has a type. */
static int
ck_ahci(struct run *r, struct pcistate *ps, const struct dev *d)
{
	char pnode[64];
	int p;

	for (p = 0; p < AHCI_PORTS; p++) {
		snprintf(pnode, sizeof(pnode), "%s.port.%d", d->node, p);
		if (nget(r->cfg, pnode, "type") != NULL &&
		    ck_blockif(r, ps, d, pnode) != 0)
			return (-1);
	}
	return (0);
}

/*
 * virtio-net and e1000: a valid unicast mac (net_parsemac()), for
 * virtio-net an mtu from VTNET_MIN_MTU (46) to VTNET_MAX_MTU (65535)
 * (net_parsemtu()), and a backend whose type ("type", else the backend
 * name) starts with a known prefix (net_backends.c netbe_init()).
 */
static int
ck_net(struct run *r, struct pcistate *ps, const struct dev *d)
{
	unsigned int o[6];
	unsigned long mtu;
	const char *v, *type;
	char *end;
	size_t i;

	(void)ps;
	if ((v = nget(r->cfg, d->node, "mac")) != NULL && parsemac(v, o) != 0)
		return (fail(r, ST_ERR, "Invalid MAC %s", v));
	if (strcmp(d->emul, "virtio-net") == 0 &&
	    (v = nget(r->cfg, d->node, "mtu")) != NULL) {
		errno = 0;
		mtu = strtoul(v, &end, 0);
		if (*v == '-' || *end != '\0' || errno != 0 || mtu < 46 ||
		    mtu > 65535)
			return (fail(r, ST_ERR, "virtio-net: invalid mtu "
			    "\"%s\" (46 to 65535)", v));
	}
	if ((v = nget(r->cfg, d->node, "backend")) == NULL)
		return (0);
	if ((type = nget(r->cfg, d->node, "type")) == NULL)
		type = v;
	for (i = 0; netbes[i] != NULL; i++)
		if (strncmp(type, netbes[i], strlen(netbes[i])) == 0)
			return (0);
	return (fail(r, ST_ERR, "%s: no network backend for \"%s\"", d->emul,
	    type));
}

/*
 * fbuf: pci_fbuf.c pci_fbuf_init(): one frame buffer; wait a boolean;
 * rfb (else tcp) "[IPv6]:port", "IPv4:port" or "port" with a port after
 * any colon; vga io, on or off; w and h (strtol into uint16_t) within
 * 640x480 and 3840x2160.
 */
static int
ck_fbuf(struct run *r, struct pcistate *ps, const struct dev *d)
{
	const char *v, *cp;
	long w, h;

	if (ps->fbuf)
		return (fail(r, ST_ERR, "Only one frame buffer device is "
		    "allowed."));
	if (ck_bool(r, d->node, "wait") != 0)
		return (-1);
	if ((v = nget(r->cfg, d->node, "rfb")) == NULL)
		v = nget(r->cfg, d->node, "tcp");
	if (v != NULL && v[0] == '[') {
		cp = strchr(v + 1, ']');
		if (cp == NULL || cp == v + 1 ||
		    (cp[1] != ':' && cp[1] != '\0'))
			return (fail(r, ST_ERR, "fbuf: Invalid IPv6 address: "
			    "\"%s\"", v));
		if (cp[1] == ':' && cp[2] == '\0')
			return (fail(r, ST_ERR, "fbuf: Missing port number: "
			    "\"%s\"", v));
	} else if (v != NULL && (cp = strchr(v, ':')) != NULL && cp[1] == '\0')
		return (fail(r, ST_ERR, "fbuf: Missing port number: \"%s\"",
		    v));
	if ((v = nget(r->cfg, d->node, "vga")) != NULL &&
	    strcmp(v, "io") != 0 && strcmp(v, "on") != 0 &&
	    strcmp(v, "off") != 0)
		return (fail(r, ST_ERR, "fbuf: Invalid vga setting: \"%s\"",
		    v));
	w = (v = nget(r->cfg, d->node, "w")) != NULL ?
	    (uint16_t)strtol(v, NULL, 10) : 1024;
	h = (v = nget(r->cfg, d->node, "h")) != NULL ?
	    (uint16_t)strtol(v, NULL, 10) : 768;
	if (w > 3840 || h > 2160)
		return (fail(r, ST_ERR, "fbuf: max resolution is 3840x2160"));
	if (w < 640 || h < 480)
		return (fail(r, ST_ERR, "fbuf: minimum resolution is 640x480"));
	ps->fbuf = true;
	return (0);
}

/* Only one device may use stdio (uart_backend.c). */
static int
stdio_user(struct pcistate *ps, const char *path)
{
	if (path == NULL || strcmp(path, "stdio") != 0)
		return (0);
	if (ps->stdio)
		return (-1);
	ps->stdio = true;
	return (0);
}

/*
 * lpc: amd64/pci_lpc.c pci_lpc_init(): one bridge, on bus 0; lpc_init()
 * then opens the COM port backends.
 */
static int
ck_lpc(struct run *r, struct pcistate *ps, const struct dev *d)
{
	const char *path;
	char node[16];
	int i;

	if (ps->lpc)
		return (fail(r, ST_ERR, "Only one LPC bridge is allowed."));
	if (d->b != 0)
		return (fail(r, ST_ERR, "LPC bridge can be present only on "
		    "bus 0."));
	ps->lpc = true;
	for (i = 1; i <= 4; i++) {
		snprintf(node, sizeof(node), "lpc.%s", lpcdevs[i]);
		path = nget(r->cfg, node, "path");
		if (stdio_user(ps, path) != 0)
			return (fail(r, ST_ERR, "Unable to initialize backend "
			    "'%s' for LPC device %s", path, lpcdevs[i]));
	}
	return (0);
}

/* uart: pci_uart.c opens its backend; stdio only once. */
static int
ck_uart(struct run *r, struct pcistate *ps, const struct dev *d)
{
	const char *path;

	path = nget(r->cfg, d->node, "path");
	if (stdio_user(ps, path) != 0)
		return (fail(r, ST_ERR, "Unable to initialize backend '%s' for "
		    "pci uart at %d:%d", path, d->s, d->f));
	return (0);
}

/*
 * passthru: pci_passthru.c passthru_init(): wired guest memory first,
 * then pptdev or all of bus, slot and func.
 */
static int
ck_passthru(struct run *r, struct pcistate *ps, const struct dev *d)
{
	static const char *const sel[] = { "bus", "slot", "func", NULL };
	const char *v;
	int i;

	if ((v = bcfg_get(r->cfg, "memory.wired")) == NULL || boolval(v) != 1)
		return (fail(r, ST_ERR, "passthru requires guest memory to be "
		    "wired"));
	if (nget(r->cfg, d->node, "pptdev") == NULL)
		for (i = 0; sel[i] != NULL; i++)
			if (nget(r->cfg, d->node, sel[i]) == NULL)
				return (fail(r, ST_ERR, "passthru: missing "
				    "required %s setting", sel[i]));
	return (bootidx(r, ps, d, nget(r->cfg, d->node, "bootindex")));
}

/* virtio-9p: pci_virtio_9p.c pci_vt9p_init(): ro, path, sharename. */
static int
ck_vt9p(struct run *r, struct pcistate *ps, const struct dev *d)
{
	(void)ps;
	if (ck_bool(r, d->node, "ro") != 0)
		return (-1);
	if (nget(r->cfg, d->node, "path") == NULL)
		return (fail(r, ST_ERR, "virtio-9p: path required"));
	if (nget(r->cfg, d->node, "sharename") == NULL)
		return (fail(r, ST_ERR, "virtio-9p: share name required"));
	return (0);
}

/* virtio-input: pci_virtio_input.c opens the event device at path. */
static int
ck_vtinput(struct run *r, struct pcistate *ps, const struct dev *d)
{
	(void)ps;
	if (nget(r->cfg, d->node, "path") == NULL)
		return (fail(r, ST_ERR, "virtio-input: missing required path "
		    "config value"));
	return (0);
}

/* virtio-scsi: pci_virtio_scsi.c registers its bootindex. */
static int
ck_vtscsi(struct run *r, struct pcistate *ps, const struct dev *d)
{
	return (bootidx(r, ps, d, nget(r->cfg, d->node, "bootindex")));
}

/*
 * virtio-console: pci_virtio_console.c adds a socket for every node under
 * "port", each needing a name and a path.
 */
static int
ck_vtcon(struct run *r, struct pcistate *ps, const struct dev *d)
{
	const char *key, *rest;
	char *pfx, *pnode;
	size_t i, plen, n;
	int rv;

	(void)ps;
	pfx = xasprintf("%s.port.", d->node);
	plen = strlen(pfx);
	rv = 0;
	for (i = lbound(r->cfg, pfx); rv == 0 && i < r->cfg->n; i++) {
		key = r->cfg->ent[i].key;
		if (strncmp(key, pfx, plen) != 0)
			break;
		rest = key + plen;
		if ((n = strcspn(rest, ".")) == strlen(rest))
			continue;
		pnode = xstrndup(key, plen + n);
		if (nget(r->cfg, pnode, "name") == NULL ||
		    nget(r->cfg, pnode, "path") == NULL)
			rv = fail(r, ST_ERR, "vtcon: port %.*s needs a name "
			    "and a path", (int)n, rest);
		free(pnode);
	}
	free(pfx);
	return (rv);
}

/*
 * xhci: pci_xhci.c pci_xhci_parse_devices(): every child of "slot" is a
 * node named 1..XHCI_MAX_SLOTS (strtol base 0), used once, whose device
 * is a known USB model; "tablet" is the only one.
 */
static int
ck_xhci(struct run *r, struct pcistate *ps, const struct dev *d)
{
	bool seen[XHCI_SLOTS + 1];
	const char *key, *rest, *dv;
	char *pfx, *name, *prev, *snode, *end;
	size_t i, plen, n;
	long slot;
	int rv;

	(void)ps;
	memset(seen, 0, sizeof(seen));
	pfx = xasprintf("%s.slot.", d->node);
	plen = strlen(pfx);
	prev = NULL;
	rv = 0;
	for (i = lbound(r->cfg, pfx); rv == 0 && i < r->cfg->n; i++) {
		key = r->cfg->ent[i].key;
		if (strncmp(key, pfx, plen) != 0)
			break;
		rest = key + plen;
		n = strcspn(rest, ".");
		name = xstrndup(rest, n);
		if (prev != NULL && strcmp(prev, name) == 0) {
			free(name);
			continue;
		}
		free(prev);
		prev = name;
		slot = strtol(name, &end, 0);
		if (rest[n] == '\0')
			rv = fail(r, ST_ERR, "pci_xhci: config variable '%s' "
			    "under slot node", name);
		else if (*end != '\0' || end == name || slot <= 0 ||
		    slot > XHCI_SLOTS)
			rv = fail(r, ST_ERR, "pci_xhci: invalid slot '%s'",
			    name);
		else if (seen[slot])
			rv = fail(r, ST_ERR, "pci_xhci: duplicate slot '%s'",
			    name);
		else {
			seen[slot] = true;
			snode = xstrndup(key, plen + n);
			if ((dv = nget(r->cfg, snode, "device")) == NULL)
				rv = fail(r, ST_ERR, "pci_xhci: missing "
				    "\"device\" value for slot '%s'", name);
			else if (strcmp(dv, "tablet") != 0)
				rv = fail(r, ST_ERR, "pci_xhci: unknown device "
				    "model \"%s\"", dv);
			free(snode);
		}
	}
	free(prev);
	free(pfx);
	return (rv);
}

/* Device initialisation checks by canonical emulation name. */
static const struct {
	const char	*name;
	int		(*fn)(struct run *, struct pcistate *,
			    const struct dev *);
} devcks[] = {
	{ "ahci", ck_ahci },
	{ "e1000", ck_net },
	{ "fbuf", ck_fbuf },
	{ "lpc", ck_lpc },
	{ "nvme", ck_nvme },
	{ "passthru", ck_passthru },
	{ "uart", ck_uart },
	{ "virtio-9p", ck_vt9p },
	{ "virtio-blk", ck_vtblk },
	{ "virtio-console", ck_vtcon },
	{ "virtio-input", ck_vtinput },
	{ "virtio-net", ck_net },
	{ "virtio-scsi", ck_vtscsi },
	{ "xhci", ck_xhci },
	{ NULL, NULL }
};

/*
 * pci_emul.c init_pci() for one pci.B.S.F node: it needs a "device" that
 * names a known emulation other than a legacy alias, then that device's
 * own initialisation.
 */
static int
check_dev(struct run *r, struct pcistate *ps, struct dev *d)
{
	const struct emul *e;
	size_t i;

	if ((d->emul = nget(r->cfg, d->node, "device")) == NULL)
		return (fail(r, ST_ERR, "pci slot %d:%d:%d: missing \"device\" "
		    "value", d->b, d->s, d->f));
	if ((e = finddev(d->emul)) == NULL)
		return (fail(r, ST_ERR, "pci slot %d:%d:%d: unknown device "
		    "\"%s\"", d->b, d->s, d->f, d->emul));
	if (e->alias != NULL)
		return (fail(r, ST_ERR, "pci slot %d:%d:%d: legacy device "
		    "\"%s\", use \"%s\" instead", d->b, d->s, d->f, d->emul,
		    e->alias));
	for (i = 0; devcks[i].name != NULL; i++)
		if (strcmp(devcks[i].name, d->emul) == 0)
			return (devcks[i].fn(r, ps, d));
	return (0);
}

/* Read a plain decimal number (no sign, no leading zero) ending in ".". */
static bool
decnum(const char **pp, int max, int *out)
{
	const char *p;
	int n;

	p = *pp;
	if (!isdigit((unsigned char)*p) || (*p == '0' && p[1] != '.'))
		return (false);
	for (n = 0; isdigit((unsigned char)*p); p++)
		if ((n = n * 10 + (*p - '0')) > max)
			return (false);
	if (*p != '.')
		return (false);
	*pp = p + 1;
	*out = n;
	return (true);
}

/*
 * Is key inside a node init_pci() looks up?  It asks for exactly
 * "pci.%d.%d.%d" with bus < 256, slot < 32, func < 8.
 */
static bool
pcikey(const char *key, int *b, int *s, int *f)
{
	const char *p;

	if (strncmp(key, "pci.", 4) != 0)
		return (false);
	p = key + 4;
	return (decnum(&p, NBUS - 1, b) && decnum(&p, NSLOT - 1, s) &&
	    decnum(&p, NFUNC - 1, f));
}

/* Mark the pci.B.S.F nodes in use; idx = (B * 32 + S) * 8 + F. */
static bool *
pcinodes(const struct bcfg *c)
{
	bool *used;
	size_t i;
	int b, s, f;

	used = xmalloc(NBUS * NSLOT * NFUNC * sizeof(*used));
	memset(used, 0, NBUS * NSLOT * NFUNC * sizeof(*used));
	for (i = 0; i < c->n; i++)
		if (pcikey(c->ent[i].key, &b, &s, &f))
			used[(b * NSLOT + s) * NFUNC + f] = true;
	return (used);
}

/*
 * The PCI tree.  Keys under "pci.<number>" that init_pci() would never
 * look up are refused: bhyve ignores them silently, which hides a device.
 * Every slot in use needs function 0: bhyve does not check that, but
 * guests probe function 0 first and miss the slot otherwise (ref 0.4).
 */
static int
check_pci(struct run *r)
{
	struct pcistate ps;
	struct dev d;
	const char *key;
	char node[32];
	bool *used;
	size_t i;
	int b, s, f, idx, rv;

	memset(&ps, 0, sizeof(ps));
	used = pcinodes(r->cfg);
	rv = 0;
	for (i = 0; rv == 0 && i < r->cfg->n; i++) {
		key = r->cfg->ent[i].key;
		if (strncmp(key, "pci.", 4) == 0 &&
		    isdigit((unsigned char)key[4]) && !pcikey(key, &b, &s, &f))
			rv = fail(r, ST_ERR, "%s: not inside a "
			    "pci.BUS.SLOT.FUNC node (plain decimal, bus 0-255, "
			    "slot 0-31, func 0-7); bhyve would ignore it", key);
	}
	for (idx = 0; rv == 0 && idx < NBUS * NSLOT * NFUNC; idx++) {
		if (!used[idx])
			continue;
		d.b = idx / (NSLOT * NFUNC);
		d.s = idx / NFUNC % NSLOT;
		d.f = idx % NFUNC;
		snprintf(node, sizeof(node), "pci.%d.%d.%d", d.b, d.s, d.f);
		d.node = node;
		rv = check_dev(r, &ps, &d);
	}
	for (idx = 0; rv == 0 && idx < NBUS * NSLOT * NFUNC; idx += NFUNC) {
		for (f = 1; f < NFUNC && !used[idx + f]; f++)
			continue;
		if (!used[idx] && f < NFUNC)
			rv = fail(r, ST_ERR, "pci slot %d:%d: function %d is "
			    "used but function 0 is not; guests would not see "
			    "the slot (hyve rule, bhyve itself starts)",
			    idx / (NSLOT * NFUNC), idx / NFUNC % NSLOT, f);
	}
	for (i = 0; i < ps.nboot; i++)
		free(ps.boot[i].name);
	free(ps.boot);
	free(used);
	return (rv);
}

/*
 * tpm_device.c tpm_device_create(), reached when a "tpm" node exists:
 * version must be "2.0", type a known emulation, intf (default crb) a
 * known interface.  bhyve asserts that version and type are set.
 */
static int
check_tpm(struct run *r)
{
	const char *v;

	if (!isnode(r->cfg, "tpm"))
		return (0);
	if ((v = bcfg_get(r->cfg, "tpm.version")) == NULL)
		return (fail(r, ST_ERR, "tpm.version is not set (bhyve aborts "
		    "on an assertion)"));
	if (strcmp(v, "2.0") != 0)
		return (fail(r, ST_ERR, "tpm_device_create: unsupported tpm "
		    "version %s", v));
	if ((v = bcfg_get(r->cfg, "tpm.type")) == NULL)
		return (fail(r, ST_ERR, "tpm.type is not set (bhyve aborts on "
		    "an assertion)"));
	if (strcmp(v, "passthru") != 0 && strcmp(v, "swtpm") != 0)
		return (fail(r, ST_ERR, "TPM emulation \"%s\" not found", v));
	if ((v = bcfg_get(r->cfg, "tpm.intf")) != NULL && strcmp(v, "crb") != 0)
		return (fail(r, ST_ERR, "TPM interface \"%s\" not found", v));
	return (0);
}

/*
 * The checks bhyve makes between option parsing and starting the guest,
 * in bhyverun.c main() order, on values expanded as bhyve reads them.
 * Host-dependent failures (missing disks, taps, vmm limits) are left to
 * the caller; the boot ROM files are checked.
 */
int
bcfg_check(const struct bcfg *cfg, int *status, char *err, size_t errlen)
{
	struct run r;
	int rv;

	r.cfg = tdup(cfg);
	r.status = status;
	r.err = err;
	r.errlen = errlen;
	*status = 0;
	errf(err, errlen, "%s", "");
	bcfg_expand(r.cfg, NULL, 0);
	rv = check_presets(&r);
	/* main(): no name means bhyve_usage(1). */
	if (rv == 0 && bcfg_get(r.cfg, "name") == NULL)
		rv = fail(&r, ST_USAGE, "usage: no vmname given and no name "
		    "variable set");
	if (rv == 0)
		rv = check_cpus(&r);
	if (rv == 0)
		rv = check_memory(&r);
	if (rv == 0)
		rv = check_name(&r);
	if (rv == 0)
		rv = check_bools(&r);
	if (rv == 0)
		rv = check_bootrom(&r);
	if (rv == 0)
		rv = check_pci(&r);
	if (rv == 0)
		rv = check_tpm(&r);
	bcfg_free(r.cfg);
	return (rv);
}

/*
 * Normalisation: rewrite spellings bhyve treats alike to one form.
 */

/* Rewrite a boolean to true/false, or drop it when it is the default. */
static void
norm_bool(struct bcfg *c, const char *node, const char *name, int def)
{
	const char *v;
	int b;

	if ((v = nget(c, node, name)) == NULL || (b = boolval(v)) < 0)
		return;
	if (b == def)
		ndel(c, node, name);
	else
		nput(c, node, name, b ? "true" : "false");
}

/* Move a deprecated variable to its new name unless that is set. */
static void
norm_move(struct bcfg *c, const char *from, const char *to)
{
	const char *v;

	if ((v = bcfg_get(c, from)) == NULL)
		return;
	if (bcfg_get(c, to) == NULL)
		bcfg_set(c, to, v, NULL, 0);
	bcfg_unset(c, from);
}

/* Write a byte count the shortest way vm_parse_memsize() reads back. */
static void
sizestr(uint64_t n, char *out, size_t len)
{
	static const char units[] = "EPTGMK";
	int i, shift;

	for (i = 0, shift = 60; units[i] != '\0'; i++, shift -= 10)
		if (n != 0 && (n & ((1ULL << shift) - 1)) == 0) {
			snprintf(out, len, "%ju%c", (uintmax_t)(n >> shift),
			    units[i]);
			return;
		}
	snprintf(out, len, n < MB ? "%juB" : "%ju", (uintmax_t)n);
}

/*
 * Global variables.  Normalisations and the bhyve facts behind them:
 * - lpc.bootrom/lpc.bootvars become bootrom/bootvars: [15]
 *   bhyve_optparse() copies them there when those are unset, and [<=14.1]
 *   had only the lpc.* names (ref 1.6).
 * - booleans become true/false (config.c _bool_value() accepts
 *   true/on/yes/1 and false/off/no/0, any case), and are dropped when they
 *   equal the default their reader passes (table gbools).
 * - lpc.fwcfg=bhyve is dropped: bhyve_init_config() presets it.
 * - tpm.intf=crb is dropped: tpm_device_create() sets it when unset.
 */
static void
norm_globals(struct bcfg *c)
{
	const struct gbool *g;
	const char *v;
	int b;

	norm_move(c, "lpc.bootrom", "bootrom");
	norm_move(c, "lpc.bootvars", "bootvars");
	for (g = gbools; g->key != NULL; g++) {
		if ((v = bcfg_get(c, g->key)) == NULL || (b = boolval(v)) < 0)
			continue;
		if (b == g->def)
			bcfg_unset(c, g->key);
		else
			bcfg_set(c, g->key, b ? "true" : "false", NULL, 0);
	}
	if ((v = bcfg_get(c, "lpc.fwcfg")) != NULL && strcmp(v, "bhyve") == 0)
		bcfg_unset(c, "lpc.fwcfg");
	if ((v = bcfg_get(c, "tpm.intf")) != NULL && strcmp(v, "crb") == 0)
		bcfg_unset(c, "tpm.intf");
}

/*
 * memory.size is rewritten by value, since vm_parse_memsize() reads
 * "2048", "2G", "2048M" and "2147483648" alike, and dropped at the 256M
 * that bhyve_init_config() presets.
 */
static void
norm_memory(struct bcfg *c)
{
	const char *v;
	char buf[32];
	uint64_t bytes;

	if ((v = bcfg_get(c, "memory.size")) == NULL ||
	    bcfg_parse_memsize(v, &bytes) != 0)
		return;
	if (bytes == 256 * MB) {
		bcfg_unset(c, "memory.size");
		return;
	}
	sizestr(bytes, buf, sizeof(buf));
	bcfg_set(c, "memory.size", buf, NULL, 0);
}

/*
 * Once calc_topology() accepts the topology, cpus, sockets, cores and
 * threads are all written out in decimal: "-c 4" is 4 sockets of one
 * core of one thread, and parse_int_value() reads "0x4" as 4.  A single
 * vCPU is what calc_topology() gives for an empty tree, so all four go.
 */
static void
norm_topology(struct bcfg *c)
{
	static const char *const keys[] = {
		"cpus", "cores", "threads", "sockets"
	};
	char buf[16];
	long t[4];
	int i;

	if (topology(c, t, NULL, 0) != 0)
		return;
	for (i = T_CPUS; i <= T_SOCKETS; i++) {
		snprintf(buf, sizeof(buf), "%ld", t[i]);
		if (t[T_CPUS] == 1)
			bcfg_unset(c, keys[i]);
		else
			bcfg_set(c, keys[i], buf, NULL, 0);
	}
}

/*
 * vcpu.N.cpuset lists become sorted ranges ("3,1,2" is "1-3"):
 * parse_cpuset() only builds a set.
 */
static void
norm_cpusets(struct bcfg *c)
{
	bool set[NCPUSET];
	struct buf b;
	char num[32];
	size_t i;
	int vcpu, j, k, n;

	for (i = 0; i < c->n; i++) {
		if (sscanf(c->ent[i].key, "vcpu.%d.cpuset%n", &vcpu, &n) != 1 ||
		    c->ent[i].key[n] != '\0' ||
		    cpuset_parse(vcpu, c->ent[i].val, set, NULL, 0) != 0)
			continue;
		b.p = xstrdup("");
		b.len = 0;
		b.cap = 1;
		for (j = 0; j < NCPUSET; j = k + 1) {
			if (!set[j]) {
				k = j;
				continue;
			}
			for (k = j; k + 1 < NCPUSET && set[k + 1]; k++)
				continue;
			if (k > j)
				snprintf(num, sizeof(num), "%s%d-%d",
				    b.len > 0 ? "," : "", j, k);
			else
				snprintf(num, sizeof(num), "%s%d",
				    b.len > 0 ? "," : "", j);
			bputs(&b, num);
		}
		free(c->ent[i].val);
		c->ent[i].val = b.p;
	}
}

/* Rewrite an ATA identify string as ata_string() stores it, or drop it. */
static void
norm_atastr(struct bcfg *c, const char *pnode, const char *name,
    size_t len, const char *def)
{
	const char *v;
	char *s;
	size_t n;

	if ((v = nget(c, pnode, name)) == NULL)
		return;
	s = xstrndup(v, len);
	for (n = strlen(s); n > 0 && s[n - 1] == ' '; n--)
		s[n - 1] = '\0';
	if (strcmp(s, def) == 0)
		ndel(c, pnode, name);
	else
		nput(c, pnode, name, s);
	free(s);
}

/*
 * Block device options on pnode (block_if.c blockif_open()):
 * - nocache, nodelete and ro booleans as for globals (default false);
 * - direct and sync both mean O_SYNC: either true becomes sync=true, and
 *   both go when neither is;
 * - sectorsize "L/L" is "L" (P defaults to L).
 */
static void
norm_block(struct bcfg *c, const char *pnode)
{
	const char *v, *sy, *di;
	char *end, *end2, buf[48];
	long l, p;
	int bs, bd;

	norm_bool(c, pnode, "nocache", 0);
	norm_bool(c, pnode, "nodelete", 0);
	norm_bool(c, pnode, "ro", 0);
	sy = nget(c, pnode, "sync");
	di = nget(c, pnode, "direct");
	bs = sy != NULL ? boolval(sy) : 0;
	bd = di != NULL ? boolval(di) : 0;
	if (bs >= 0 && bd >= 0) {
		ndel(c, pnode, "sync");
		ndel(c, pnode, "direct");
		if (bs || bd)
			nput(c, pnode, "sync", "true");
	}
	if ((v = nget(c, pnode, "sectorsize")) == NULL)
		return;
	l = p = strtol(v, &end, 10);
	if (end != v && *end == '/') {
		p = strtol(end + 1, &end2, 10);
		end = end2 == end + 1 ? end : end2;
	}
	if (end == v || *end != '\0')
		return;
	if (l == p)
		snprintf(buf, sizeof(buf), "%ld", l);
	else
		snprintf(buf, sizeof(buf), "%ld/%ld", l, p);
	nput(c, pnode, "sectorsize", buf);
}

/*
 * virtio-blk identifier (pci_virtio_block.c): "serial" wins over "ser";
 * strlcpy() into VTBLK_BLK_ID_BYTES (20 + 1) keeps 20 characters; without
 * either, the MD5-of-path identifier is used, so that value is dropped.
 */
static void
norm_vtblk(struct bcfg *c, const char *node)
{
	const char *v, *path;
	char id[21], *s;

	norm_block(c, node);
	if ((v = nget(c, node, "serial")) != NULL) {
		nput(c, node, "ser", v);
		ndel(c, node, "serial");
	}
	if ((v = nget(c, node, "ser")) == NULL)
		return;
	s = xstrndup(v, 20);
	id[0] = '\0';
	if ((path = nget(c, node, "path")) != NULL)
		defident(path, id);
	if (strcmp(s, id) == 0)
		ndel(c, node, "ser");
	else
		nput(c, node, "ser", s);
	free(s);
}

/*
 * AHCI ports (pci_ahci.c pci_ahci_init()): block options as above, and
 * ser (20), rev (8) and model (40) as ata_string() pads them with
 * spaces, dropped at their defaults: the MD5-of-path identifier, "001",
 * "BHYVE SATA DISK" for hd and "BHYVE SATA DVD ROM" for anything else.
 */
static void
norm_ahci(struct bcfg *c, const char *node)
{
	const char *type, *path;
	char pnode[64], id[21];
	int p;

	for (p = 0; p < AHCI_PORTS; p++) {
		snprintf(pnode, sizeof(pnode), "%s.port.%d", node, p);
		if ((type = nget(c, pnode, "type")) == NULL)
			continue;
		norm_block(c, pnode);
		id[0] = '\0';
		if ((path = nget(c, pnode, "path")) != NULL)
			defident(path, id);
		norm_atastr(c, pnode, "ser", 20, id);
		norm_atastr(c, pnode, "rev", 8, "001");
		norm_atastr(c, pnode, "model", 40, strcmp(type, "hd") == 0 ?
		    "BHYVE SATA DISK" : "BHYVE SATA DVD ROM");
	}
}

/*
 * fbuf (pci_fbuf.c pci_fbuf_parse_config()): rfb wins over its synonym
 * tcp, so tcp becomes rfb; vga=io, w=1024, h=768 and wait=false are the
 * defaults and are dropped.
 */
static void
norm_fbuf(struct bcfg *c, const char *node)
{
	static const struct {
		const char	*name;
		long		 def;
	} dims[] = { { "w", 1024 }, { "h", 768 }, { NULL, 0 } };
	const char *v;
	char *end, buf[24];
	long n;
	int i;

	if ((v = nget(c, node, "tcp")) != NULL) {
		if (nget(c, node, "rfb") == NULL)
			nput(c, node, "rfb", v);
		ndel(c, node, "tcp");
	}
	if ((v = nget(c, node, "vga")) != NULL && strcmp(v, "io") == 0)
		ndel(c, node, "vga");
	for (i = 0; dims[i].name != NULL; i++) {
		if ((v = nget(c, node, dims[i].name)) == NULL)
			continue;
		n = strtol(v, &end, 10);
		if (end == v || *end != '\0')
			continue;
		snprintf(buf, sizeof(buf), "%ld", n);
		if (n == dims[i].def)
			ndel(c, node, dims[i].name);
		else
			nput(c, node, dims[i].name, buf);
	}
	norm_bool(c, node, "wait", 0);
}

/* A mac in lower-case two-digit form (ether_aton(3) reads hex octets). */
static void
norm_mac(struct bcfg *c, const char *node)
{
	unsigned int o[6];
	const char *v;
	char buf[24];

	if ((v = nget(c, node, "mac")) == NULL || parsemac(v, o) != 0)
		return;
	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", o[0],
	    o[1], o[2], o[3], o[4], o[5]);
	nput(c, node, "mac", buf);
}

/*
 * Host bridge IDs: pci_hostbridge.c reads "vendor" and "devid" and, in
 * newer sources, falls back to "pcireg.vendor"/"pcireg.device" (what the
 * amd_hostbridge alias sets), so both spellings give the same bridge.
 */
static void
norm_hostbridge(struct bcfg *c, const char *node)
{
	char from[64], to[64];

	snprintf(from, sizeof(from), "%s.vendor", node);
	snprintf(to, sizeof(to), "%s.pcireg.vendor", node);
	norm_move(c, from, to);
	snprintf(from, sizeof(from), "%s.devid", node);
	snprintf(to, sizeof(to), "%s.pcireg.device", node);
	norm_move(c, from, to);
}

/* Normalise every PCI device by its emulation. */
static void
norm_pci(struct bcfg *c)
{
	const char *v;
	char node[32], emul[32];
	bool *used;
	int idx;

	used = pcinodes(c);
	for (idx = 0; idx < NBUS * NSLOT * NFUNC; idx++) {
		if (!used[idx])
			continue;
		snprintf(node, sizeof(node), "pci.%d.%d.%d",
		    idx / (NSLOT * NFUNC), idx / NFUNC % NSLOT, idx % NFUNC);
		if ((v = nget(c, node, "device")) == NULL)
			continue;
		snprintf(emul, sizeof(emul), "%s", v);
		if (strcmp(emul, "fbuf") == 0)
			norm_fbuf(c, node);
		else if (strcmp(emul, "virtio-blk") == 0)
			norm_vtblk(c, node);
		else if (strcmp(emul, "nvme") == 0 &&
		    nget(c, node, "ram") == NULL)
			norm_block(c, node);
		else if (strcmp(emul, "ahci") == 0)
			norm_ahci(c, node);
		else if (strcmp(emul, "virtio-net") == 0 ||
		    strcmp(emul, "e1000") == 0)
			norm_mac(c, node);
		else if (strcmp(emul, "virtio-9p") == 0)
			norm_bool(c, node, "ro", 0);
		else if (strcmp(emul, "hostbridge") == 0)
			norm_hostbridge(c, node);
	}
	free(used);
}

/*
 * Rewrite equivalent spellings to one canonical form so that trees can be
 * compared; call it on expanded trees.  Values bhyve would refuse are
 * left alone.  See the comments of the norm_* functions for the facts.
 */
void
bcfg_normalize(struct bcfg *c)
{
	norm_globals(c);
	norm_memory(c);
	norm_topology(c);
	norm_cpusets(c);
	norm_pci(c);
}

/* Compare two trees; differences go to out as "-a" and "+b" lines. */
int
bcfg_equal(const struct bcfg *a, const struct bcfg *b, FILE *out)
{
	size_t i, j;
	int cmp, eq;

	eq = 1;
	for (i = j = 0; i < a->n || j < b->n;) {
		if (i == a->n)
			cmp = 1;
		else if (j == b->n)
			cmp = -1;
		else
			cmp = strcmp(a->ent[i].key, b->ent[j].key);
		if (cmp == 0 && strcmp(a->ent[i].val, b->ent[j].val) == 0) {
			i++;
			j++;
			continue;
		}
		eq = 0;
		if (cmp <= 0 && out != NULL)
			fprintf(out, "-%s=%s\n", a->ent[i].key, a->ent[i].val);
		if (cmp >= 0 && out != NULL)
			fprintf(out, "+%s=%s\n", b->ent[j].key, b->ent[j].val);
		if (cmp <= 0)
			i++;
		if (cmp >= 0)
			j++;
	}
	return (eq);
}

/*
 * Print the tree as key=value lines, sorted.  (bhyve's config.dump prints
 * raw values too, but in insertion order.)
 */
void
bcfg_dump(const struct bcfg *c, FILE *fp)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		fprintf(fp, "%s=%s\n", c->ent[i].key, c->ent[i].val);
}

/*
 * The boot ROM bhyve loads: [15] reads bootrom, which bhyve_optparse()
 * fills from the deprecated lpc.bootrom when unset.
 */
const char *
bcfg_bootrom(const struct bcfg *c)
{
	const char *v;

	if ((v = bcfg_get(c, "bootrom")) == NULL)
		v = bcfg_get(c, "lpc.bootrom");
	return (v);
}

/* The boot ROM variables file, likewise bootvars or lpc.bootvars. */
const char *
bcfg_bootvars(const struct bcfg *c)
{
	const char *v;

	if ((v = bcfg_get(c, "bootvars")) == NULL)
		v = bcfg_get(c, "lpc.bootvars");
	return (v);
}

/* The names "bhyve -s help" lists, NULL-terminated. */
const char *const *
bcfg_pci_emulations(void)
{
	return (emulnames);
}

/* The names "bhyve -l help" lists, NULL-terminated. */
const char *const *
bcfg_lpc_devices(void)
{
	return (lpcdevs);
}

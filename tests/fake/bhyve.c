#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * bhyve - the fake host's bhyve(8).
 *
 * It is strict: the command line or -k file goes through bcfg (the
 * checks bhyve makes on its configuration), then through the host checks
 * bhyve makes when it starts: the VM instance (created here, or prepared
 * by a loader when there is no boot ROM), the guest memory, every disk,
 * tap and COM port.  Anything bhyve would refuse exits 4 with a
 * bhyve-like message, leaving behind what bhyve leaves behind (the
 * instance in $FH/dev/vmm).
 *
 * Then it plays the guest on COM1: a boot banner, "login: ", and a tiny
 * shell (guest_line()) whose poweroff, reboot, halt and crash end bhyve
 * with bhyve's exit statuses 1, 0, 2 and 3.  Signals: SIGTERM is the
 * ACPI power button (knob ctl/NAME.sigterm: "ignore" or "delay N");
 * SIGUSR1, SIGUSR2 and SIGHUP come from the fake bhyvectl for
 * --force-poweroff (exit 1), --force-reset (exit 0) and --destroy
 * (exit 4).  Knob ctl/NAME.exit: exit with that status after the banner.
 * One poll(2) loop; signals arrive through a self-pipe.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "bcfg.h"
#include "fh.h"
#include "ifstate.h"

#define	ST_ERR		4		/* bhyve(8): any start-up error */
#define	NCOM		4		/* lpc.com1 ... lpc.com4 */
#define	LINE_LEN	1024		/* the guest's line buffer */
#define	OUT_LEN		(64 * 1024)	/* console output held at most */
#define	SPAM_WIDTH	60		/* "spam N" line length */
#define	DRAIN_MS	5000		/* console output flushed at exit */

/* Where the guest's login session is. */
enum guest_state {
	GUEST_LOGIN,
	GUEST_SHELL
};

/* This bhyve: what it holds on the host and its guest. */
struct vm {
	const char	*vm_name;
	uint64_t	 vm_memory;
	bool		 vm_wired;
	bool		 vm_rom;	/* boots from a ROM (UEFI) */
	bool		 vm_dop;	/* destroy_on_poweroff */
	bool		 vm_claimed;	/* the instance records our pid */
	char		**vm_taps;	/* taps held open */
	size_t		 vm_ntaps;
	int		 vm_in;		/* COM1 input, -1 if none */
	int		 vm_out;	/* COM1 output, -1 if none */
	bool		 vm_indead;	/* input hung up or at EOF */
	bool		 vm_outdead;	/* output hung up */
	struct termios	 vm_saved;	/* stdin's modes, for stdio */
	bool		 vm_restore;

	enum guest_state vm_state;
	char		 vm_line[LINE_LEN];
	size_t		 vm_len;
	bool		 vm_cr;		/* last byte was CR (CRLF = one) */
	char		 vm_inq[512];	/* input read, not yet processed */
	size_t		 vm_inoff;
	size_t		 vm_inlen;
	char		 vm_obuf[OUT_LEN];
	size_t		 vm_olen;
	long		 vm_spam;	/* "spam" lines still to print */
	long		 vm_spamno;
	int64_t		 vm_sleep;	/* "sleep" ends (ms), 0 if none */
	int64_t		 vm_stop;	/* SIGTERM delay ends, 0 if none */
	int		 vm_exit;	/* exit status once decided, or -1 */
	int64_t		 vm_drain;	/* give up flushing output then */
};

static struct vm vm;
static int	 sigpipe[2] = { -1, -1 };

static void	usage(void);
static void	finish(int) __attribute__((__noreturn__));
static void	die(int, const char *, ...) __attribute__((__noreturn__,
		    __format__(__printf__, 2, 3)));
static struct bcfg *config(int, char *[]);
static const char *nget(const struct bcfg *, const char *, const char *);
static bool	pcidev(const char *, char *, size_t);
static void	vmm_open(bool);
static void	disk_open(const char *, bool);
static void	tap_open(const struct bcfg *, const char *);
static void	ng_connect(const struct bcfg *, const char *);
static void	devices(const struct bcfg *);
static void	coms(const struct bcfg *);
static void	onsignal(int);
static void	signals(void);
static int64_t	now_ms(void);
static void	out(const char *, ...) __attribute__((__format__(__printf__,
		    1, 2)));
static void	prompt(void);
static void	begin_exit(int);
static void	guest_line(void);
static void	guest_byte(unsigned char);
static bool	guest_busy(void);
static void	guest_signal(int);
static void	guest_fill(void);
static void	guest_read(void);
static void	guest_write(void);
static void	guest_loop(void) __attribute__((__noreturn__));

/* bhyve's usage message (bhyverun.c usage()). */
static void
usage(void)
{
	fprintf(stderr,
	    "Usage: bhyve [-AaCDeHhPSuWwxY]\n"
	    "       bhyve [-c [[cpus=]numcpus][,sockets=n][,cores=n]"
	    "[,threads=n]]\n"
	    "       bhyve [-G port] [-k config_file] [-l lpc] [-m mem] "
	    "[-o var=value]\n"
	    "       bhyve [-p vcpu:hostcpu] [-s pci] [-U uuid] vmname\n");
}

/*
 * Exit with status: take our pid out of the instance (or destroy it on
 * a power-off with destroy_on_poweroff), close the taps and give stdin
 * its modes back, as bhyve's exit does through the kernel and atexit.
 */
static void
finish(int status)
{
	struct fh_vmm v;
	struct ifs *ifs;
	char *path;
	size_t i;
	int lk;

	if (vm.vm_claimed) {
		lk = fh_lock("vmm");
		if (fh_vmm_read(vm.vm_name, &v) == 0 &&
		    v.vmm_pid == getpid()) {
			if (status == 1 && vm.vm_dop) {
				path = fh_path("dev/vmm/%s", vm.vm_name);
				unlink(path);
				free(path);
			} else {
				v.vmm_pid = 0;
				fh_vmm_write(vm.vm_name, &v);
			}
		}
		fh_unlock(lk);
	}
	if (vm.vm_ntaps > 0) {
		lk = ifs_lock();
		for (i = 0; i < vm.vm_ntaps; i++) {
			if ((ifs = ifs_load(vm.vm_taps[i])) == NULL ||
			    ifs->ifs_opened != getpid()) {
				ifs_free(ifs);
				continue;
			}
			/* if_tuntap.c tunclose(): a tap goes down. */
			ifs->ifs_opened = 0;
			if (!ifs->ifs_kind->k_stayup)
				ifs->ifs_up = false;
			ifs_save(ifs);
			ifs_free(ifs);
		}
		fh_unlock(lk);
	}
	if (vm.vm_restore)
		tcsetattr(STDIN_FILENO, TCSANOW, &vm.vm_saved);
	exit(status);
}

/* Print "bhyve: message" and finish with status. */
static void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	finish(status);
}

/*
 * Parse and check the configuration like bhyverun.c main(); exits for
 * errors and for the help requests.  Returns the tree with its values
 * expanded.
 */
static struct bcfg *
config(int argc, char *argv[])
{
	struct bcfg *cfg;
	const char *const *names;
	char err[1024];
	int status;

	cfg = bcfg_new();
	if (bcfg_parse_argv(cfg, argc - 1, argv + 1, &status, err,
	    sizeof(err)) != 0) {
		if (status != 0) {
			warnx("%s", err);
			if (status == 1)
				usage();
			exit(status);
		}
		names = NULL;
		if (strcmp(err, "-s help") == 0)
			names = bcfg_pci_emulations();
		else if (strcmp(err, "-l help") == 0)
			names = bcfg_lpc_devices();
		else
			usage();
		for (; names != NULL && *names != NULL; names++)
			printf("%s\n", *names);
		exit(0);
	}
	/*
	 * -o config.dump=1: print the tree, start nothing, exit 1; main()
	 * does it once it has a name, before checking anything else.
	 */
	if (bcfg_get(cfg, "name") != NULL &&
	    fh_booltrue(bcfg_get(cfg, "config.dump"))) {
		bcfg_dump(cfg, stdout);
		exit(1);
	}
	if (bcfg_check(cfg, &status, err, sizeof(err)) != 0) {
		warnx("%s", err);
		if (status == 1)
			usage();
		exit(status);
	}
	bcfg_expand(cfg, err, sizeof(err));
	return (cfg);
}

/* The value of node.name. */
static const char *
nget(const struct bcfg *cfg, const char *node, const char *name)
{
	char key[256];

	snprintf(key, sizeof(key), "%s.%s", node, name);
	return (bcfg_get(cfg, key));
}

/* Whether key is "pci.B.S.F.device"; the node "pci.B.S.F" goes to node. */
static bool
pcidev(const char *key, char *node, size_t len)
{
	const char *p;
	size_t klen;
	int dots;

	klen = strlen(key);
	if (strncmp(key, "pci.", 4) != 0 || klen < 7 ||
	    strcmp(key + klen - 7, ".device") != 0)
		return (false);
	for (dots = 0, p = key; *p != '\0'; p++)
		if (*p == '.')
			dots++;
	if (dots != 4 || klen - 7 >= len)
		return (false);
	memcpy(node, key, klen - 7);
	node[klen - 7] = '\0';
	return (true);
}

/*
 * do_open() and vm_setup_memory(): a VM that does not exist is created
 * (and left behind), but without a boot ROM it must have been prepared
 * by a loader; an instance that a live bhyve runs is busy; the memory
 * must be what the instance has.  With final set, the instance is
 * claimed: the loader's work is used up and our pid recorded.
 */
static void
vmm_open(bool final)
{
	struct fh_vmm v;
	char msg[512];
	int lk;

	msg[0] = '\0';
	lk = fh_lock("vmm");
	if (fh_vmm_read(vm.vm_name, &v) != 0) {
		memset(&v, 0, sizeof(v));
		if (final)
			snprintf(msg, sizeof(msg), "vm_open: %s could not be "
			    "opened: %s", vm.vm_name, strerror(ENOENT));
		else {
			v.vmm_memory = vm.vm_memory;
			v.vmm_wired = vm.vm_wired;
			fh_vmm_write(vm.vm_name, &v);
		}
	} else if (fh_alive(v.vmm_pid) && v.vmm_pid != getpid())
		snprintf(msg, sizeof(msg), "vm_reinit: %s", fh_strerror(EBUSY));
	else if (v.vmm_memory != 0 && v.vmm_memory != vm.vm_memory)
		snprintf(msg, sizeof(msg), "Unable to setup memory (%d): %s "
		    "has %ju bytes of memory, bhyve was given %ju", EINVAL,
		    vm.vm_name, (uintmax_t)v.vmm_memory,
		    (uintmax_t)vm.vm_memory);
	else if (v.vmm_memory != 0 && v.vmm_wired != vm.vm_wired)
		snprintf(msg, sizeof(msg), "Unable to setup memory (%d): %s "
		    "has %s memory, bhyve was given memory.wired=%s", EINVAL,
		    vm.vm_name, v.vmm_wired ? "wired" : "unwired",
		    vm.vm_wired ? "true" : "false");
	if (msg[0] == '\0' && !vm.vm_rom && !v.vmm_loaded)
		snprintf(msg, sizeof(msg), "no bootrom was configured, and "
		    "%s was not prepared by bhyveload or grub-bhyve",
		    vm.vm_name);
	if (msg[0] == '\0' && final) {
		v.vmm_loaded = false;
		v.vmm_memory = vm.vm_memory;
		v.vmm_wired = vm.vm_wired;
		v.vmm_pid = getpid();
		fh_vmm_write(vm.vm_name, &v);
		vm.vm_claimed = true;
	}
	fh_unlock(lk);
	if (msg[0] != '\0')
		die(ST_ERR, "%s", msg);
}

/*
 * block_if.c blockif_open(): read-write, else read-only; a regular file
 * or a device.
 */
static void
disk_open(const char *path, bool ro)
{
	struct stat sb;
	int fd;

	if (path == NULL)
		return;
	fd = -1;
	if (!ro)
		fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		die(ST_ERR, "Could not open backing file: %s: %s", path,
		    strerror(errno));
	if (fstat(fd, &sb) != 0 || (!S_ISREG(sb.st_mode) &&
	    !S_ISCHR(sb.st_mode)))
		die(ST_ERR, "%s is not a regular file or device", path);
	close(fd);
}

/*
 * net_backends.c tap_init(): a backend named tapN or vmnetN, or any name
 * with type=tap, opens /dev/NAME, which only one process may hold; the
 * interface goes up.  Other backends (netgraph, netmap, slirp) are not
 * simulated and pass.
 */
static void
tap_open(const struct bcfg *cfg, const char *node)
{
	struct ifs *ifs;
	const char *be, *type;
	char *dev;
	bool busy;
	int lk;

	if ((be = nget(cfg, node, "backend")) == NULL)
		return;
	type = nget(cfg, node, "type");
	if (type != NULL ? strcmp(type, "tap") != 0 :
	    strncmp(be, "tap", 3) != 0 && strncmp(be, "vmnet", 5) != 0)
		return;
	dev = fh_path("dev/%s", be);
	if (strchr(be, '/') != NULL || access(dev, F_OK) != 0)
		die(ST_ERR, "open of tap device /dev/%s failed: %s", be,
		    strerror(ENOENT));
	free(dev);
	lk = ifs_lock();
	busy = false;
	if ((ifs = ifs_load(be)) != NULL) {
		if (ifs->ifs_opened != 0)
			busy = true;
		else {
			ifs->ifs_opened = getpid();
			ifs->ifs_up = true;
			ifs_save(ifs);
		}
		ifs_free(ifs);
	}
	if (!busy) {
		vm.vm_taps = fh_xrealloc(vm.vm_taps, (vm.vm_ntaps + 1) *
		    sizeof(*vm.vm_taps));
		vm.vm_taps[vm.vm_ntaps++] = fh_xstrdup(be);
	}
	fh_unlock(lk);
	if (busy)
		die(ST_ERR, "open of tap device /dev/%s failed: %s", be,
		    fh_strerror(EBUSY));
}

/*
 * net_backend_netgraph.c ng_init(): backend netgraph connects the hook
 * "vmlink" (or hook=) of a new socket node to peerhook of path, both
 * required; a missing node fails with ENOENT, a hook in use with
 * EEXIST (ng_bridge refuses a second link with the same name).
 */
static void
ng_connect(const struct bcfg *cfg, const char *node)
{
	const char *be, *path, *peer;
	char *name;
	int lk;

	if ((be = nget(cfg, node, "backend")) == NULL ||
	    strcmp(be, "netgraph") != 0)
		return;
	if ((path = nget(cfg, node, "path")) == NULL)
		die(ST_ERR, "path must be provided");
	if ((peer = nget(cfg, node, "peerhook")) == NULL)
		die(ST_ERR, "peer hook must be provided");
	name = fh_xstrdup(path);
	name[strcspn(name, ":")] = '\0';
	lk = ifs_lock();
	if (!ifs_ng_exists(name))
		die(ST_ERR, "can't connect to node: %s", strerror(ENOENT));
	if (ifs_ng_connected(name, peer))
		die(ST_ERR, "can't connect to node: %s", strerror(EEXIST));
	ifs_ng_connect(name, peer, getpid());
	fh_unlock(lk);
	free(name);
}

/* init_pci(): open the disks and taps of every PCI device. */
static void
devices(const struct bcfg *cfg)
{
	const char *emul;
	char node[64], port[96];
	size_t i;
	int p;

	for (i = 0; i < bcfg_count(cfg); i++) {
		if (!pcidev(bcfg_key(cfg, i), node, sizeof(node)))
			continue;
		emul = bcfg_value(cfg, i);
		if (strcmp(emul, "virtio-blk") == 0 ||
		    (strcmp(emul, "nvme") == 0 &&
		    nget(cfg, node, "ram") == NULL))
			disk_open(nget(cfg, node, "path"),
			    fh_booltrue(nget(cfg, node, "ro")));
		else if (strcmp(emul, "ahci") == 0) {
			for (p = 0; p < 32; p++) {
				snprintf(port, sizeof(port), "%s.port.%d",
				    node, p);
				if (nget(cfg, port, "type") != NULL)
					disk_open(nget(cfg, port, "path"),
					    fh_booltrue(nget(cfg, port, "ro")));
			}
		} else if (strcmp(emul, "virtio-net") == 0 ||
		    strcmp(emul, "e1000") == 0) {
			tap_open(cfg, node);
			ng_connect(cfg, node);
		}
	}
}

/*
 * lpc_init() (only with an LPC bridge): each COM port's backend is stdio
 * or a tty (uart_tty_open(): opened non-blocking, set raw).
 */
static void
coms(const struct bcfg *cfg)
{
	struct termios t;
	const char *path;
	char node[64], key[32];
	size_t i;
	int n, fd;
	bool lpc;

	lpc = false;
	for (i = 0; i < bcfg_count(cfg); i++)
		if (pcidev(bcfg_key(cfg, i), node, sizeof(node)) &&
		    strcmp(bcfg_value(cfg, i), "lpc") == 0)
			lpc = true;
	if (!lpc)
		return;
	for (n = 1; n <= NCOM; n++) {
		snprintf(key, sizeof(key), "lpc.com%d.path", n);
		if ((path = bcfg_get(cfg, key)) == NULL)
			continue;
		if (strcmp(path, "stdio") == 0) {
			if (n != 1)
				continue;
			vm.vm_in = STDIN_FILENO;
			vm.vm_out = STDOUT_FILENO;
			if (isatty(STDIN_FILENO) &&
			    tcgetattr(STDIN_FILENO, &vm.vm_saved) == 0) {
				t = vm.vm_saved;
				cfmakeraw(&t);
				vm.vm_restore = tcsetattr(STDIN_FILENO,
				    TCSANOW, &t) == 0;
			}
			continue;
		}
		if (strncmp(path, "tcp=", 4) == 0)
			die(ST_ERR, "fake host: lpc.com%d.path=%s: TCP "
			    "backends are not simulated", n, path);
		fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 || !isatty(fd))
			die(ST_ERR, "Unable to initialize backend '%s' for LPC "
			    "device com%d", path, n);
		if (tcgetattr(fd, &t) == 0) {
			cfmakeraw(&t);
			tcsetattr(fd, TCSANOW, &t);
		}
		/* COM2-4 stay open, unused, as in bhyve. */
		if (n == 1)
			vm.vm_in = vm.vm_out = fd;
	}
}

/* Signal handler: hand the signal to the loop. */
static void
onsignal(int sig)
{
	unsigned char c;
	ssize_t n;
	int serrno;

	serrno = errno;
	c = (unsigned char)sig;
	/* A full pipe already holds signals the loop will see. */
	n = write(sigpipe[1], &c, 1);
	(void)n;
	errno = serrno;
}

/* Route the signals bhyve reacts to into the self-pipe. */
static void
signals(void)
{
	static const int sigs[] = { SIGTERM, SIGUSR1, SIGUSR2, SIGHUP };
	struct sigaction sa;
	size_t i;
	int j;

	if (pipe(sigpipe) != 0)
		err(ST_ERR, "pipe");
	for (j = 0; j < 2; j++)
		if (fcntl(sigpipe[j], F_SETFL, O_NONBLOCK) != 0 ||
		    fcntl(sigpipe[j], F_SETFD, FD_CLOEXEC) != 0)
			err(ST_ERR, "fcntl");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) != 0)
			err(ST_ERR, "sigaction");
}

/* Monotonic milliseconds. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Queue guest output for COM1 (dropped without a console). */
static void
out(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (vm.vm_out < 0 || vm.vm_outdead)
		return;
	va_start(ap, fmt);
	n = vsnprintf(vm.vm_obuf + vm.vm_olen, sizeof(vm.vm_obuf) -
	    vm.vm_olen, fmt, ap);
	va_end(ap);
	if (n > 0)
		vm.vm_olen += (size_t)n < sizeof(vm.vm_obuf) - vm.vm_olen ?
		    (size_t)n : sizeof(vm.vm_obuf) - vm.vm_olen - 1;
}

/* The shell prompt. */
static void
prompt(void)
{
	out("root@%s:~ # ", vm.vm_name);
}

/* The guest is going away: exit with status once its output is out. */
static void
begin_exit(int status)
{
	if (vm.vm_exit >= 0)
		return;
	vm.vm_exit = status;
	vm.vm_drain = now_ms() + DRAIN_MS;
	vm.vm_spam = 0;
	vm.vm_sleep = 0;
}

/* Whether the guest is busy with a command (sleep, spam, exit). */
static bool
guest_busy(void)
{
	return (vm.vm_exit >= 0 || vm.vm_sleep != 0 || vm.vm_spam > 0);
}

/* A line typed at the login prompt or the shell. */
static void
guest_line(void)
{
	char *argv[16], *p, *end;
	long n;
	int argc, i;

	vm.vm_line[vm.vm_len] = '\0';
	vm.vm_len = 0;
	argc = 0;
	for (p = strtok(vm.vm_line, " \t"); p != NULL && argc < 16;
	    p = strtok(NULL, " \t"))
		argv[argc++] = p;
	if (vm.vm_state == GUEST_LOGIN) {
		if (argc == 0)
			out("login: ");
		else {
			vm.vm_state = GUEST_SHELL;
			prompt();
		}
		return;
	}
	if (argc == 0) {
		prompt();
		return;
	}
	if (strcmp(argv[0], "poweroff") == 0) {
		out("Powering off...\r\n");
		begin_exit(1);
	} else if (strcmp(argv[0], "reboot") == 0) {
		out("Rebooting...\r\n");
		begin_exit(0);
	} else if (strcmp(argv[0], "halt") == 0) {
		out("The operating system has halted.\r\n");
		begin_exit(2);
	} else if (strcmp(argv[0], "crash") == 0)
		begin_exit(3);		/* a triple fault says nothing */
	else if (strcmp(argv[0], "exit") == 0) {
		vm.vm_state = GUEST_LOGIN;
		out("\r\nFreeBSD/amd64 (%s) (ttyu0)\r\n\r\nlogin: ",
		    vm.vm_name);
	} else if (strcmp(argv[0], "echo") == 0) {
		for (i = 1; i < argc; i++)
			out("%s%s", i > 1 ? " " : "", argv[i]);
		out("\r\n");
		prompt();
	} else if (strcmp(argv[0], "hostname") == 0) {
		out("%s\r\n", vm.vm_name);
		prompt();
	} else if (strcmp(argv[0], "uname") == 0) {
		out("FreeBSD\r\n");
		prompt();
	} else if (strcmp(argv[0], "spam") == 0 ||
	    strcmp(argv[0], "sleep") == 0) {
		n = argc == 2 ? strtol(argv[1], &end, 10) : -1;
		if (argc != 2 || *end != '\0' || n < 0 || n > 86400) {
			out("usage: %s N\r\n", argv[0]);
			prompt();
		} else if (argv[0][1] == 'p') {
			vm.vm_spam = n;
			vm.vm_spamno = 1;
			if (n == 0)
				prompt();
		} else if (n == 0)
			prompt();
		else
			vm.vm_sleep = now_ms() + n * 1000;
	} else {
		out("%s: not found\r\n", argv[0]);
		prompt();
	}
}

/* One byte typed on COM1, echoed as a terminal in canonical mode would. */
static void
guest_byte(unsigned char c)
{
	if (c == '\r' || c == '\n') {
		if (c == '\n' && vm.vm_cr) {
			vm.vm_cr = false;
			return;
		}
		vm.vm_cr = c == '\r';
		out("\r\n");
		guest_line();
		return;
	}
	vm.vm_cr = false;
	if (c == 0x7f || c == '\b') {
		if (vm.vm_len > 0) {
			vm.vm_len--;
			out("\b \b");
		}
	} else if ((c >= ' ' || c == '\t') && vm.vm_len < LINE_LEN - 1) {
		vm.vm_line[vm.vm_len++] = (char)c;
		out("%c", c);
	}
}

/* A signal arrived through the self-pipe. */
static void
guest_signal(int sig)
{
	char *knob, *end;
	long delay;

	switch (sig) {
	case SIGUSR1:		/* bhyvectl --force-poweroff */
		finish(1);
	case SIGUSR2:		/* bhyvectl --force-reset */
		finish(0);
	case SIGHUP:		/* bhyvectl --destroy */
		die(ST_ERR, "vm_run error -1, errno %d", ENXIO);
	default:
		break;
	}
	/* SIGTERM: the ACPI power button. */
	if (vm.vm_exit >= 0 || vm.vm_stop != 0)
		return;
	delay = 0;
	if ((knob = fh_knob(vm.vm_name, "sigterm")) != NULL) {
		if (strcmp(knob, "ignore") == 0) {
			free(knob);
			return;
		}
		if (strncmp(knob, "delay ", 6) != 0 ||
		    (delay = strtol(knob + 6, &end, 10)) < 0 || *end != '\0' ||
		    end == knob + 6)
			fh_knob_bad(vm.vm_name, "sigterm", knob);
		free(knob);
	}
	out("\r\nStopping...\r\n");
	if (delay == 0)
		begin_exit(1);
	else
		vm.vm_stop = now_ms() + delay * 1000;
}

/* Produce "spam" lines while there is room for them. */
static void
guest_fill(void)
{
	static const char fill[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	while (vm.vm_spam > 0 && vm.vm_olen + SPAM_WIDTH + 3 <
	    sizeof(vm.vm_obuf)) {
		out("%08ld %.*s\r\n", vm.vm_spamno++, SPAM_WIDTH - 9, fill);
		if (--vm.vm_spam == 0)
			prompt();
	}
}

/* Read what was typed on COM1. */
static void
guest_read(void)
{
	ssize_t n;

	n = read(vm.vm_in, vm.vm_inq, sizeof(vm.vm_inq));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		/* EOF on stdio, or the other side of the tty hung up. */
		vm.vm_indead = true;
		if (vm.vm_in == vm.vm_out)
			vm.vm_outdead = true;
		return;
	}
	vm.vm_inoff = 0;
	vm.vm_inlen = (size_t)n;
}

/* Write queued output to COM1. */
static void
guest_write(void)
{
	ssize_t n;

	n = write(vm.vm_out, vm.vm_obuf, vm.vm_olen);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		vm.vm_outdead = true;
		vm.vm_olen = 0;
		return;
	}
	memmove(vm.vm_obuf, vm.vm_obuf + n, vm.vm_olen - (size_t)n);
	vm.vm_olen -= (size_t)n;
}

/* Run the guest until it exits. */
static void
guest_loop(void)
{
	struct pollfd pfd[3];
	unsigned char sig;
	int64_t now, deadline;
	int timeout;

	for (;;) {
		now = now_ms();
		if (vm.vm_stop != 0 && now >= vm.vm_stop) {
			vm.vm_stop = 0;
			begin_exit(1);
		}
		if (vm.vm_exit >= 0 && (vm.vm_olen == 0 || vm.vm_outdead ||
		    now >= vm.vm_drain))
			finish(vm.vm_exit);
		if (vm.vm_sleep != 0 && now >= vm.vm_sleep) {
			vm.vm_sleep = 0;
			prompt();
		}
		while (!guest_busy() && vm.vm_inoff < vm.vm_inlen)
			guest_byte((unsigned char)vm.vm_inq[vm.vm_inoff++]);
		guest_fill();

		pfd[0].fd = sigpipe[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = -1;
		pfd[1].events = POLLIN;
		if (vm.vm_in >= 0 && !vm.vm_indead && !guest_busy() &&
		    vm.vm_inoff == vm.vm_inlen &&
		    vm.vm_olen < sizeof(vm.vm_obuf) / 2)
			pfd[1].fd = vm.vm_in;
		pfd[2].fd = -1;
		pfd[2].events = POLLOUT;
		if (vm.vm_olen > 0 && !vm.vm_outdead)
			pfd[2].fd = vm.vm_out;
		deadline = 0;
		if (vm.vm_sleep != 0)
			deadline = vm.vm_sleep;
		if (vm.vm_stop != 0 && (deadline == 0 || vm.vm_stop < deadline))
			deadline = vm.vm_stop;
		if (vm.vm_exit >= 0 && (deadline == 0 ||
		    vm.vm_drain < deadline))
			deadline = vm.vm_drain;
		timeout = deadline == 0 ? -1 : deadline <= now ? 0 :
		    (int)(deadline - now);
		if (poll(pfd, 3, timeout) < 0) {
			if (errno == EINTR)
				continue;
			die(ST_ERR, "poll: %s", strerror(errno));
		}
		if (pfd[0].revents & POLLIN)
			while (read(sigpipe[0], &sig, 1) == 1)
				guest_signal(sig);
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR))
			guest_read();
		if (pfd[2].revents & (POLLOUT | POLLHUP | POLLERR))
			guest_write();
	}
}

/* Run the fake bhyve. */
int
main(int argc, char *argv[])
{
	struct bcfg *cfg;
	const char *v;
	char *knob, *end;
	long status;

	fh_init(argc, argv, "bhyve");
	vm.vm_in = vm.vm_out = -1;
	vm.vm_exit = -1;

	cfg = config(argc, argv);
	vm.vm_name = bcfg_get(cfg, "name");
	if ((v = bcfg_get(cfg, "memory.size")) == NULL)
		v = "256M";
	bcfg_parse_memsize(v, &vm.vm_memory);
	vm.vm_wired = fh_booltrue(bcfg_get(cfg, "memory.wired"));
	vm.vm_rom = bcfg_bootrom(cfg) != NULL;
	vm.vm_dop = fh_booltrue(bcfg_get(cfg, "destroy_on_poweroff"));

	vmm_open(false);
	devices(cfg);
	coms(cfg);
	signals();
	vmm_open(true);

	out("\r\nCopyright (c) 1992-2025 The FreeBSD Project.\r\n"
	    "FreeBSD 14.3-RELEASE releng/14.3-n271432 GENERIC amd64\r\n"
	    "Starting devd.\r\n"
	    "Starting sshd.\r\n"
	    "\r\nFreeBSD/amd64 (%s) (ttyu0)\r\n", vm.vm_name);
	if ((knob = fh_knob(vm.vm_name, "exit")) != NULL) {
		status = strtol(knob, &end, 10);
		if (end == knob || *end != '\0' || status < 0 || status > 255)
			fh_knob_bad(vm.vm_name, "exit", knob);
		free(knob);
		begin_exit((int)status);
	} else
		out("\r\nlogin: ");
	guest_loop();
}

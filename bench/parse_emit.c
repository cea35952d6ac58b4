/*
 * parse_emit - how long hyve takes from config text to bhyve command.
 *
 * Builds a guest config of at least 100 keys in memory, then times the
 * whole pure pipeline many times: conf_parse (vm-bhyve's reading
 * rules), model_load (typed, validated guest), slots_assign (PCI
 * layout), bhyve_argv and bhyve_config (both outputs).  Prints the
 * number of keys and the mean time per run in microseconds.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "argv.h"
#include "bhyve.h"
#include "buf.h"
#include "conf.h"
#include "diag.h"
#include "model.h"
#include "net.h"
#include "slots.h"
#include "xmalloc.h"

/* A realistic config with many devices: 100+ key lines. */
static char *
bench_config(int *nkeys)
{
	struct buf	*b = buf_new();
	int		 i, n = 0;

	buf_adds(b, "# benchmark guest\nloader=\"uefi\"\ncpu=8\n"
	    "cpu_sockets=1\ncpu_cores=4\ncpu_threads=2\nmemory=16G\n"
	    "wired_memory=\"no\"\nhostbridge=\"standard\"\n"
	    "comports=\"com1 com2\"\nutctime=\"yes\"\n"
	    "uuid=\"5d3c1a2b-7e4f-4a10-9b8c-112233445566\"\n"
	    "graphics=\"yes\"\ngraphics_port=\"5901\"\n"
	    "graphics_listen=\"127.0.0.1\"\ngraphics_res=\"1920x1080\"\n"
	    "xhci_mouse=\"yes\"\nvirt_random=\"yes\"\nsound=\"yes\"\n"
	    "ahci_device_limit=\"4\"\nuefi_vars=\"yes\"\n");
	n += 20;
	for (i = 0; i < 8; i++) {
		buf_addf(b, "disk%d_type=\"%s\"\ndisk%d_name=\"disk%d.img\"\n"
		    "disk%d_dev=\"file\"\ndisk%d_opts=\"nocache\"\n", i,
		    i % 2 ? "ahci-hd" : "virtio-blk", i, i, i, i);
		n += 4;
	}
	for (i = 0; i < 8; i++) {
		buf_addf(b, "network%d_type=\"virtio-net\"\n"
		    "network%d_switch=\"public\"\n"
		    "network%d_mac=\"58:9c:fc:00:00:%02x\"\n"
		    "network%d_span=\"no\"\n", i, i, i, i + 1, i);
		n += 4;
	}
	for (i = 0; i < 8; i++) {
		buf_addf(b, "virt_console%d=\"port%d\"\n", i, i);
		n++;
	}
	for (i = 0; i < 4; i++) {
		buf_addf(b, "share%d_name=\"data%d\"\nshare%d_path=\"/srv/d%d\"\n"
		    "share%d_ro=\"yes\"\n", i, i, i, i, i);
		n += 3;
	}
	buf_adds(b, "cpu_pin=\"0:0 1:1 2:2 3:3\"\nstop_timeout=\"60\"\n"
	    "on_restart=\"restart\"\non_fault=\"shutdown\"\n"
	    "tags=\"bench\"\n");
	n += 5;
	*nkeys = n;
	return (buf_take(b));
}

/* Monotonic time in nanoseconds. */
static double
bench_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e9 + (double)ts.tv_nsec);
}

int
main(int argc, char **argv)
{
	struct model_env	 env;
	struct bhyve_run	 run;
	struct slot_opts	 so;
	struct conf		*c;
	struct diag		*d;
	struct vm		*vm;
	struct slots		*s;
	struct argv		*a;
	char			*text, *cfg, *cause = NULL, **backends;
	char			*coms[] = { "/dev/nmdm-b.1A", "/dev/nmdm-b.2A",
				    NULL };
	double			 t0, t1;
	int			 nkeys, i, iters = 20000;

	if (argc > 1)
		iters = atoi(argv[1]);
	text = bench_config(&nkeys);
	memset(&env, 0, sizeof(env));
	env.me_name = "bench";
	env.me_dspath = "/vm";
	env.me_vmdir = "/vm";
	env.me_fwdir = "/usr/local/share/uefi-firmware";
	t0 = bench_now();
	for (i = 0; i < iters; i++) {
		c = conf_parse("/vm/bench/bench.conf", text, strlen(text),
		    &cause);
		d = diag_new("bench", c->c_path);
		vm = model_load(c, &env, d);
		if (d->d_nerrors > 0) {
			diag_print(d, stderr);
			return (1);
		}
		memset(&run, 0, sizeof(run));
		backends = net_planbackends(vm);
		run.br_backends = backends;
		run.br_comdevs = coms;
		run.br_vncport = 5901;
		run.br_boot = 1;
		bhyve_slotopts(vm, &run, &so);
		s = slots_assign(vm, &so, d);
		a = bhyve_argv(vm, s, &run);
		cfg = bhyve_config(vm, s, &run);
		free(cfg);
		argv_free(a);
		slots_free(s);
		net_freebackends(backends, vm->vm_nnics);
		vm_free(vm);
		diag_free(d);
		conf_free(c);
	}
	t1 = bench_now();
	printf("parse+validate+slots+argv+config of a %d-key config: "
	    "%.1f us per run (%d runs)\n", nkeys, (t1 - t0) / iters / 1000.0,
	    iters);
	free(text);
	return (0);
}

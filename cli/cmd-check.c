/*
 * cmd-check.c - "hyve check -f": validate a guest config file; "hyve
 * check host": is this host ready to run guests?
 */
#include "compat.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "buf.h"
#include "conf.h"
#include "datastore.h"
#include "diag.h"
#include "guest.h"
#include "hostcheck.h"
#include "hostconf.h"
#include "hyve.h"
#include "json.h"
#include "model.h"
#include "paths.h"
#include "runstate.h"
#include "slots.h"
#include "spawn.h"
#include "sysconf.h"
#include "xmalloc.h"

/* Exit status when there are warnings but no errors (hyve.8). */
#define CHECK_EXIT_WARNINGS	2
/* Host tools asked for facts must answer quickly. */
#define CHECK_CMD_MS		10000

static int	cmd_check_exec(struct cmd_args *);

const struct cmd_entry cmd_check_entry = {
	.ce_name = "check",
	.ce_usage = "-f file [-N name] [-z dataset] [--json] | host [--json]",
	.ce_help = "validate a guest config file, or check the host",
	.ce_optstring = "f:N:z:",
	.ce_longopts = cmd_json_longopts,
	.ce_minargs = 0,
	.ce_maxargs = 2,
	.ce_exec = cmd_check_exec,
};

/* Print a guest file's problems as JSON on stdout. */
static void
check_file_json(const char *file, const struct guest *g)
{
	const struct diag	*d = g->g_diag;
	struct json		*j;
	size_t			 i;

	j = json_new();
	json_object_begin(j);
	json_kv_string(j, "file", file);
	json_kv_string(j, "name", g->g_name);
	json_kv_uint(j, "errors", d->d_nerrors);
	json_kv_uint(j, "warnings", d->d_nwarnings);
	json_key(j, "problems");
	json_array_begin(j);
	for (i = 0; i < d->d_n; i++) {
		json_object_begin(j);
		json_kv_string(j, "level", d->d_v[i].de_level == DIAG_ERROR ?
		    "error" : "warning");
		json_kv_string(j, "text", d->d_v[i].de_text);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
	json_print(j, stdout);
}

/*
 * Read the file, build the model and lay out its PCI slots as a normal
 * boot would (framebuffer on, no install CD), reporting every problem:
 * on stderr, or as JSON on stdout.
 */
static int
check_file(struct cmd_args *ca)
{
	struct guest		*g;
	struct slot_opts	 so;
	int			 rv;

	if ((g = client_loadfile(ca)) == NULL)
		return (HYVE_EXIT_ERR);
	if (g->g_diag->d_nerrors == 0) {
		memset(&so, 0, sizeof(so));
		so.so_fbuf = true;
		so.so_install = g->g_vm->vm_nulliso_fix;
		slots_free(slots_assign(g->g_vm, &so, g->g_diag));
	}
	if (ca->ca_set[OPT_JSON])
		check_file_json(ca->ca_val['f'], g);
	else
		diag_print(g->g_diag, stderr);
	if (g->g_diag->d_nerrors > 0)
		rv = HYVE_EXIT_ERR;
	else if (g->g_diag->d_nwarnings > 0)
		rv = CHECK_EXIT_WARNINGS;
	else
		rv = HYVE_EXIT_OK;
	guest_free(g);
	return (rv);
}

/*
 * Run a host tool; its output, or NULL when it failed (caller frees).
 * With why, what a failing tool said is put there (caller frees).
 */
static char *
check_runwhy(struct argv *a, char **why)
{
	char	*out = NULL, *cause = NULL;
	int	 rv;

	rv = spawn_run(a, &out, CHECK_CMD_MS, &cause);
	argv_free(a);
	if (rv != 0) {
		if (why != NULL)
			*why = rv == -1 ? cause : out;
		if (why == NULL || rv == -1)
			free(out);
		if (why == NULL || rv != -1)
			free(cause);
		return (NULL);
	}
	free(cause);
	return (out);
}

/* Run a host tool; its output, or NULL when it failed (caller frees). */
static char *
check_run(struct argv *a)
{
	return (check_runwhy(a, NULL));
}

/* A host tool's argv from words, ending at NULL. */
static struct argv *
check_argv(enum path_id tool, const char *w1, const char *w2,
    const char *w3, const char *w4)
{
	struct argv	*a;

	a = argv_new();
	argv_add(a, paths_get(tool));
	if (w1 != NULL)
		argv_add(a, w1);
	if (w2 != NULL)
		argv_add(a, w2);
	if (w3 != NULL)
		argv_add(a, w3);
	if (w4 != NULL)
		argv_add(a, w4);
	return (a);
}

/* Whether kldstat -q -m mod finds the module. */
static bool
check_kld(const char *mod)
{
	char	*out;

	if ((out = check_run(check_argv(PATH_KLDSTAT, "-q", "-m", mod,
	    NULL))) == NULL)
		return (false);
	free(out);
	return (true);
}

/* A whole small file, or NULL (caller frees). */
static char *
check_readfile(const char *path)
{
	struct buf	*b;
	char		 chunk[4096];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (NULL);
	b = buf_new();
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 && b->b_len < (1 <<
	    20))
		buf_add(b, chunk, (size_t)n);
	close(fd);
	return (buf_take(b));
}

/* Append word to a blank-separated list unless it is there. */
static void
check_addword(struct buf *b, const char *w)
{
	const char	*p;
	size_t		 n = strlen(w);

	for (p = b->b_data; (p = strstr(p, w)) != NULL; p += n)
		if ((p == b->b_data || p[-1] == ' ') && (p[n] == ' ' ||
		    p[n] == '\0'))
			return;
	buf_addf(b, "%s%s", b->b_len ? " " : "", w);
}

/* What the guests need and use: passthru, firmware, grub, taps. */
static void
check_guests(struct hc_facts *f, struct buf *pt, struct buf **fw,
    struct buf *grub, struct buf *taps)
{
	struct client_fleet	*fl;
	struct guest		*g;
	struct conf		*c;
	const struct vm		*vm;
	const char		*v;
	char			*cause = NULL;
	size_t			 i, k;

	fl = client_fleet();
	for (i = 0; i < fl->cf_n; i++) {
		if ((g = guest_load(fl->cf_names[i], &cause)) == NULL) {
			free(cause);
			cause = NULL;
			continue;
		}
		vm = g->g_vm;
		if (vm->vm_npassthru > 0)
			check_addword(pt, g->g_name);
		if (vm->vm_loader == LOADER_GRUB)
			check_addword(grub, g->g_name);
		if (vm->vm_loader == LOADER_UEFI && vm->vm_bootrom != NULL) {
			for (k = 0; k < f->hf_nfirmware; k++)
				if (strcmp(f->hf_firmware[k].hn_path,
				    vm->vm_bootrom) == 0)
					break;
			if (k == f->hf_nfirmware &&
			    k < nitems(f->hf_firmware)) {
				f->hf_firmware[k].hn_path =
				    xstrdup(vm->vm_bootrom);
				f->hf_firmware[k].hn_present =
				    access(vm->vm_bootrom, R_OK) == 0;
				fw[k] = buf_new();
				f->hf_nfirmware++;
			}
			if (k < f->hf_nfirmware)
				check_addword(fw[k], g->g_name);
		}
		if (runstate_running(g->g_name) &&
		    (c = runstate_read(g->g_name)) != NULL) {
			if ((v = conf_get(c, "taps")) != NULL && *v != '\0')
				check_addword(taps, v);
			conf_free(c);
		}
		guest_free(g);
	}
	client_fleet_free(fl);
}

/* The physical ports of the default datastore's switches, "sw:port". */
static void
check_ports(const char *dspath, struct buf *ports)
{
	struct sysconf	*sc;
	const char	*list, *p, *q;
	char		*path, *key, *sw, *cause = NULL;
	size_t		 n, m;

	xasprintf(&path, "%s/.config/system.conf", dspath);
	sc = sysconf_load(path, &cause);
	free(path);
	free(cause);
	if (sc == NULL)
		return;
	list = sysconf_get(sc, "switch_list");
	for (p = list; p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " ");
		if ((n = strcspn(p, " ")) == 0)
			break;
		sw = xstrndup(p, n);
		xasprintf(&key, "ports_%s", sw);
		for (q = sysconf_get(sc, key); q != NULL && *q != '\0';
		    q += m) {
			q += strspn(q, " ");
			if ((m = strcspn(q, " ")) == 0)
				break;
			buf_addf(ports, "%s%s:%.*s", ports->b_len ? " " : "",
			    sw, (int)m, q);
		}
		free(key);
		free(sw);
	}
	sysconf_free(sc);
}

/* Print the report as lines or JSON; return the exit status. */
static int
check_report(const struct hc_report *r, bool json)
{
	const struct hc_result	*hr;
	struct json		*j;
	size_t			 i;

	if (json) {
		j = json_new();
		json_object_begin(j);
		json_key(j, "checks");
		json_array_begin(j);
		for (i = 0; i < r->hc_n; i++) {
			hr = &r->hc_v[i];
			json_object_begin(j);
			json_kv_string(j, "name", hr->hr_name);
			json_kv_string(j, "status",
			    hr->hr_status == HC_PASS ? "pass" :
			    hr->hr_status == HC_WARN ? "warn" : "fail");
			json_kv_string(j, "message", hr->hr_msg);
			json_key(j, "fix");
			json_string_or_null(j, hr->hr_fix);
			json_object_end(j);
		}
		json_array_end(j);
		json_kv_uint(j, "pass", r->hc_count[HC_PASS]);
		json_kv_uint(j, "warn", r->hc_count[HC_WARN]);
		json_kv_uint(j, "fail", r->hc_count[HC_FAIL]);
		json_object_end(j);
		json_print(j, stdout);
	} else {
		for (i = 0; i < r->hc_n; i++) {
			hr = &r->hc_v[i];
			printf("%s  %-12s %s\n", hostcheck_statusname(
			    hr->hr_status), hr->hr_name, hr->hr_msg);
			if (hr->hr_fix != NULL)
				printf("      %-12s fix: %s\n", "", hr->hr_fix);
		}
		printf("%zu passed, %zu warnings, %zu failed\n",
		    r->hc_count[HC_PASS], r->hc_count[HC_WARN],
		    r->hc_count[HC_FAIL]);
	}
	if (r->hc_count[HC_FAIL] > 0)
		return (HYVE_EXIT_ERR);
	return (r->hc_count[HC_WARN] > 0 ? CHECK_EXIT_WARNINGS :
	    HYVE_EXIT_OK);
}

/* Gather the host's facts, judge them and print the verdict. */
static int
check_host(struct cmd_args *ca)
{
	struct datastore_list	*dl = NULL;
	struct hc_facts		 f;
	struct hc_report	*r;
	struct buf		*pt, *fw[4], *grub, *taps, *ports;
	struct stat		 st;
	char			*sysctl, *dmesg, *pfinfo, *pfifaces, *ifc;
	char			*bridges, *cause = NULL, *pfwhy = NULL;
	size_t			 i;
	int			 rv;

	client_hostconf();
	memset(&f, 0, sizeof(f));
	pt = buf_new();
	grub = buf_new();
	taps = buf_new();
	ports = buf_new();
	f.hf_vmdir = hostconf_vmdir();
	if (f.hf_vmdir != NULL && (dl = datastore_list(&cause)) != NULL &&
	    dl->dl_v[0].ds_path != NULL && stat(dl->dl_v[0].ds_path, &st) ==
	    0 && S_ISDIR(st.st_mode)) {
		f.hf_vmdir_ok = true;
		check_guests(&f, pt, fw, grub, taps);
		check_ports(dl->dl_v[0].ds_path, ports);
	}
	free(cause);
	datastore_list_free(dl);
	f.hf_kld_vmm = check_kld("vmm");
	f.hf_kld_nmdm = check_kld("nmdm");
	f.hf_kld_tap = check_kld("if_tap");
	f.hf_kld_bridge = check_kld("if_bridge");
	/* -i: an oid this kernel lacks is no error; a node prints all. */
	sysctl = check_run(check_argv(PATH_SYSCTL, "-i", "hw.model", "hw.vmm",
	    "net.link.tap.up_on_open"));
	f.hf_sysctl = sysctl != NULL ? sysctl : "";
	dmesg = check_readfile(paths_get(PATH_DMESG_BOOT));
	f.hf_dmesg = dmesg;
	f.hf_dmesg_path = paths_get(PATH_DMESG_BOOT);
	f.hf_passthru = pt->b_data;
	for (i = 0; i < f.hf_nfirmware; i++)
		f.hf_firmware[i].hn_guests = fw[i]->b_data;
	f.hf_grub.hn_guests = grub->b_data;
	f.hf_grub.hn_path = paths_get(PATH_GRUB_BHYVE);
	f.hf_grub.hn_present = access(f.hf_grub.hn_path, X_OK) == 0;
	/*
	 * pfctl fails when pf(4) is not loaded (pf is then not in use),
	 * and for a user who may not open /dev/pf (then we cannot tell).
	 */
	pfinfo = check_runwhy(check_argv(PATH_PFCTL, "-s", "info", NULL,
	    NULL), &pfwhy);
	f.hf_pf_denied = pfinfo == NULL && pfwhy != NULL &&
	    strstr(pfwhy, "ermission denied") != NULL;
	pfifaces = pfinfo == NULL ? NULL : check_run(check_argv(PATH_PFCTL,
	    "-v", "-s", "Interfaces", NULL));
	f.hf_pfinfo = pfinfo;
	f.hf_pfifaces = pfifaces;
	ifc = check_run(check_argv(PATH_IFCONFIG, "-a", NULL, NULL, NULL));
	f.hf_ifconfig = ifc != NULL ? ifc : "";
	f.hf_taps = taps->b_data;
	bridges = hostcheck_bridges(f.hf_ifconfig, f.hf_taps);
	f.hf_bridges = bridges;
	f.hf_ports = ports->b_data;

	r = hostcheck_run(&f);
	rv = check_report(r, ca->ca_set[OPT_JSON]);
	hostcheck_free(r);
	for (i = 0; i < f.hf_nfirmware; i++) {
		/* The judge sees const paths; these copies are ours. */
		free((char *)(uintptr_t)f.hf_firmware[i].hn_path);
		buf_free(fw[i]);
	}
	free(sysctl);
	free(dmesg);
	free(pfinfo);
	free(pfwhy);
	free(pfifaces);
	free(ifc);
	free(bridges);
	buf_free(pt);
	buf_free(grub);
	buf_free(taps);
	buf_free(ports);
	return (rv);
}

/* Dispatch: "check host" or "check -f FILE". */
static int
cmd_check_exec(struct cmd_args *ca)
{
	int	 i;

	if (ca->ca_argc >= 1) {
		if (strcmp(ca->ca_argv[0], "host") != 0 || ca->ca_set['f']) {
			warnx("check: unknown subject \"%s\" (check host, or "
			    "check -f file)", ca->ca_argv[0]);
			return (cmd_badusage(&cmd_check_entry));
		}
		/* The subcommand's own option may follow it. */
		for (i = 1; i < ca->ca_argc; i++) {
			if (strcmp(ca->ca_argv[i], "--json") != 0)
				return (cmd_badusage(&cmd_check_entry));
			ca->ca_set[OPT_JSON] = true;
		}
		return (check_host(ca));
	}
	if (!ca->ca_set['f'])
		return (cmd_badusage(&cmd_check_entry));
	return (check_file(ca));
}

/*
 * cmd-info.c - "hyve info": everything about one or more guests.
 *
 * Only the named guests' files are read (and system.conf), never the
 * rest of the datastore, so info costs the same among 10 guests or
 * 1,000.
 */
#include "compat.h"

#include <sys/stat.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autostart.h"
#include "conf.h"
#include "datastore.h"
#include "diag.h"
#include "guest.h"
#include "hostconf.h"
#include "hyve.h"
#include "json.h"
#include "model.h"
#include "summary.h"
#include "xmalloc.h"

static int	cmd_info_exec(struct cmd_args *);

const struct cmd_entry cmd_info_entry = {
	.ce_name = "info",
	.ce_usage = "[--json] name ...",
	.ce_help = "show everything about guests: config, disks, NICs, "
	    "consoles, state",
	.ce_optstring = "",
	.ce_longopts = cmd_json_longopts,
	.ce_minargs = 1,
	.ce_maxargs = -1,
	.ce_exec = cmd_info_exec,
};

/* What info shows of a guest beyond its model. */
struct info {
	struct guest		*in_g;
	const char		*in_dsname;
	struct runstate		 in_rs;
	struct platform_proc	 in_proc;
	bool			 in_haveproc;
	int			 in_autostart;	/* startall starts it */
	size_t			 in_listpos;	/* place in vm_list, or 0 */
	char			*in_taps[VM_MAXNICS];	/* while running */
	char			*in_tapcopy;
};

/* A disk's size and allocation, when its path is a regular file. */
static int
info_disksize(const struct vm_disk *dk, uint64_t *size, uint64_t *alloc)
{
	struct stat	 st;

	if (dk->dk_path == NULL || stat(dk->dk_path, &st) == -1 ||
	    !S_ISREG(st.st_mode))
		return (-1);
	*size = (uint64_t)st.st_size;
	/* st_blocks is in 512-byte units on both systems (stat(2)). */
	*alloc = (uint64_t)st.st_blocks * 512;
	return (0);
}

/*
 * Which tap each NIC has while the guest runs: a NIC naming an existing
 * device uses it; the others get the taps the supervisor created, in
 * NIC order (the state file's taps list).
 */
static void
info_taps(struct info *in)
{
	const struct vm	*vm = in->in_g->g_vm;
	char		*s, *w;
	int		 i;

	if (!in->in_rs.rs_running)
		return;
	in->in_tapcopy = xstrdup(in->in_rs.rs_taps != NULL ?
	    in->in_rs.rs_taps : "");
	s = in->in_tapcopy;
	for (i = 0; i < vm->vm_nnics; i++) {
		if (vm->vm_nics[i].ni_device != NULL) {
			in->in_taps[i] = vm->vm_nics[i].ni_device;
			continue;
		}
		while ((w = strsep(&s, " ")) != NULL && *w == '\0')
			;
		in->in_taps[i] = w;
	}
}

/* The console device of COM port i while running, from the state. */
static const char *
info_console(const struct info *in, int i)
{
	const char	*v;
	char		 key[32];

	if (!in->in_rs.rs_running || in->in_rs.rs_conf == NULL)
		return (NULL);
	snprintf(key, sizeof(key), "console%d", i);
	/* "com1 /dev/nmdm-web.1B": the port, then the device. */
	if ((v = conf_get(in->in_rs.rs_conf, key)) == NULL ||
	    (v = strchr(v, ' ')) == NULL)
		return (NULL);
	return (v + 1);
}

/* Print one guest as text. */
static void
info_text(const struct info *in)
{
	const struct vm		*vm = in->in_g->g_vm;
	const struct runstate	*rs = &in->in_rs;
	const struct vm_disk	*dk;
	const struct vm_nic	*ni;
	uint64_t		 size, alloc;
	char			 b1[64], b2[64];
	int			 i;

	printf("%s\n", vm->vm_name);
	printf("  %-14s %s\n", "config", in->in_g->g_file);
	printf("  %-14s %s (%s)\n", "datastore", in->in_dsname,
	    in->in_g->g_dspath);
	printf("  %-14s %s\n", "loader", vm->vm_loaderstr != NULL ?
	    vm->vm_loaderstr : "-");
	printf("  %-14s %d\n", "cpus", vm->vm_cpus);
	printf("  %-14s %s\n", "memory", vm->vm_memory != NULL ?
	    vm->vm_memory : "-");
	printf("  %-14s %s\n", "uuid", vm->vm_uuid != NULL ? vm->vm_uuid :
	    "(made at first start)");
	printf("  %-14s %s", "autostart", in->in_autostart ? "yes" : "no");
	if (vm->vm_autostart_order != VM_AUTOSTART_ORDER)
		printf(", order %d", vm->vm_autostart_order);
	if (in->in_listpos > 0)
		printf(", vm_list position %zu", in->in_listpos);
	printf("\n");
	summary_state(rs, b1, sizeof(b1));
	printf("  %-14s %s\n", "state", b1);
	if (rs->rs_reason != NULL)
		printf("  %-14s %s\n", "last stop", rs->rs_reason);
	if (rs->rs_running) {
		printf("  %-14s %d\n", "boots", rs->rs_boots);
		summary_duration(summary_uptime(rs), b1, sizeof(b1));
		printf("  %-14s %s\n", "uptime", b1);
		printf("  %-14s supervisor %d", "pids",
		    (int)rs->rs_supervisor);
		if (rs->rs_bhyve != 0)
			printf(", bhyve %d", (int)rs->rs_bhyve);
		if (rs->rs_loader != 0)
			printf(", loader %d", (int)rs->rs_loader);
		printf("\n");
		if (in->in_haveproc) {
			summary_size(in->in_proc.pp_rss, b1, sizeof(b1));
			printf("  %-14s %.1f%% CPU, %s resident\n", "usage",
			    in->in_proc.pp_pcpu, b1);
		}
	}
	for (i = 0; i < vm->vm_ncomports; i++)
		printf("  %-14s %s\n", vm->vm_comports[i],
		    info_console(in, i) != NULL ? info_console(in, i) :
		    "(when running)");
	printf("  %-14s %s\n", "vnc", !vm->vm_graphics ? "-" :
	    rs->rs_running && rs->rs_vnc != NULL ? rs->rs_vnc :
	    "(when running)");
	for (i = 0; i < vm->vm_ndisks; i++) {
		dk = &vm->vm_disks[i];
		snprintf(b1, sizeof(b1), "disk%d", dk->dk_index);
		printf("  %-14s %s %s", b1, dk->dk_type, dk->dk_path);
		if (info_disksize(dk, &size, &alloc) == 0) {
			summary_size(size, b1, sizeof(b1));
			summary_size(alloc, b2, sizeof(b2));
			printf(" (%s, %s allocated)", b1, b2);
		}
		printf("\n");
	}
	for (i = 0; i < vm->vm_nnics; i++) {
		ni = &vm->vm_nics[i];
		snprintf(b1, sizeof(b1), "network%d", ni->ni_index);
		printf("  %-14s %s switch %s, tap %s, mac %s\n", b1,
		    ni->ni_type, ni->ni_switch != NULL ? ni->ni_switch : "-",
		    in->in_taps[i] != NULL ? in->in_taps[i] : "-",
		    ni->ni_mac != NULL ? ni->ni_mac : "(made at first start)");
	}
}

/* Print one guest as a JSON object. */
static void
info_json(struct json *j, const struct info *in)
{
	const struct vm		*vm = in->in_g->g_vm;
	const struct diag	*d = in->in_g->g_diag;
	const struct vm_disk	*dk;
	const struct vm_nic	*ni;
	uint64_t		 size, alloc;
	size_t			 k;
	int			 i, have;

	json_object_begin(j);
	json_kv_string(j, "name", vm->vm_name);
	json_kv_string(j, "config", in->in_g->g_file);
	json_kv_string(j, "datastore", in->in_dsname);
	json_kv_string(j, "datastore_path", in->in_g->g_dspath);
	json_kv_string(j, "loader", vm->vm_loaderstr);
	json_kv_int(j, "cpus", vm->vm_cpus);
	json_kv_string(j, "memory", vm->vm_memory);
	json_kv_uint(j, "memory_bytes", vm->vm_memory_bytes);
	json_kv_string(j, "uuid", vm->vm_uuid);
	json_kv_bool(j, "autostart", in->in_autostart);
	json_key(j, "autostart_order");
	if (vm->vm_autostart_order != VM_AUTOSTART_ORDER)
		json_int(j, vm->vm_autostart_order);
	else
		json_null(j);
	json_key(j, "vm_list_position");
	if (in->in_listpos > 0)
		json_uint(j, in->in_listpos);
	else
		json_null(j);
	summary_json_run(j, &in->in_rs, in->in_haveproc ? &in->in_proc :
	    NULL);
	json_kv_bool(j, "graphics", vm->vm_graphics);
	json_key(j, "consoles");
	json_array_begin(j);
	for (i = 0; i < vm->vm_ncomports; i++) {
		json_object_begin(j);
		json_kv_string(j, "port", vm->vm_comports[i]);
		json_kv_string(j, "device", info_console(in, i));
		json_object_end(j);
	}
	json_array_end(j);
	json_key(j, "disks");
	json_array_begin(j);
	for (i = 0; i < vm->vm_ndisks; i++) {
		dk = &vm->vm_disks[i];
		have = info_disksize(dk, &size, &alloc) == 0;
		json_object_begin(j);
		json_kv_int(j, "index", dk->dk_index);
		json_kv_string(j, "type", dk->dk_type);
		json_kv_string(j, "name", dk->dk_name);
		json_kv_string(j, "path", dk->dk_path);
		json_key(j, "size");
		if (have)
			json_uint(j, size);
		else
			json_null(j);
		json_key(j, "allocated");
		if (have)
			json_uint(j, alloc);
		else
			json_null(j);
		json_object_end(j);
	}
	json_array_end(j);
	json_key(j, "networks");
	json_array_begin(j);
	for (i = 0; i < vm->vm_nnics; i++) {
		ni = &vm->vm_nics[i];
		json_object_begin(j);
		json_kv_int(j, "index", ni->ni_index);
		json_kv_string(j, "type", ni->ni_type);
		json_kv_string(j, "switch", ni->ni_switch);
		json_kv_string(j, "mac", ni->ni_mac);
		json_kv_string(j, "tap", in->in_taps[i]);
		json_object_end(j);
	}
	json_array_end(j);
	json_key(j, "problems");
	json_array_begin(j);
	for (k = 0; k < d->d_n; k++) {
		json_object_begin(j);
		json_kv_string(j, "level", d->d_v[k].de_level == DIAG_ERROR ?
		    "error" : "warning");
		json_kv_string(j, "message", d->d_v[k].de_text);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

/* Load what info shows of guest name; -1 after printing why not. */
static int
info_load(const char *name, const struct datastore_list *dl,
    struct info *in)
{
	const struct vm		*vm;
	struct autostart_guest	 ag;
	pid_t			 pid;
	size_t			 i;
	char			*cause = NULL;

	memset(in, 0, sizeof(*in));
	if ((in->in_g = guest_load(name, &cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
		return (-1);
	}
	vm = in->in_g->g_vm;
	in->in_dsname = "default";
	for (i = 0; i < dl->dl_n; i++)
		if (dl->dl_v[i].ds_path != NULL &&
		    strcmp(dl->dl_v[i].ds_path, in->in_g->g_dspath) == 0) {
			in->in_dsname = dl->dl_v[i].ds_name;
			break;
		}
	runstate_get(name, &in->in_rs);
	pid = in->in_rs.rs_bhyve != 0 ? in->in_rs.rs_bhyve :
	    in->in_rs.rs_loader;
	if (in->in_rs.rs_running && pid != 0)
		in->in_haveproc = platform_proc(pid, &in->in_proc) == 0;
	ag.ag_name = vm->vm_name;
	ag.ag_autostart = vm->vm_autostart;
	ag.ag_order = vm->vm_autostart_order;
	in->in_autostart = autostart_wanted(hostconf_vmlist(), &ag);
	in->in_listpos = autostart_listpos(hostconf_vmlist(), name);
	info_taps(in);
	return (0);
}

/* Free what info_load() made. */
static void
info_free(struct info *in)
{
	runstate_clear(&in->in_rs);
	guest_free(in->in_g);
	free(in->in_tapcopy);
}

/* Show each named guest. */
static int
cmd_info_exec(struct cmd_args *ca)
{
	struct datastore_list	*dl;
	struct info		 in;
	struct json		*j = NULL;
	char			*cause = NULL;
	int			 i, rv = HYVE_EXIT_OK;

	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL)
		errx(HYVE_EXIT_ERR, "%s", cause);
	if (ca->ca_set[OPT_JSON]) {
		j = json_new();
		json_object_begin(j);
		json_key(j, "guests");
		json_array_begin(j);
	}
	for (i = 0; i < ca->ca_argc; i++) {
		if (info_load(ca->ca_argv[i], dl, &in) == -1) {
			rv = HYVE_EXIT_ERR;
			continue;
		}
		if (j != NULL)
			info_json(j, &in);
		else {
			if (i > 0)
				printf("\n");
			info_text(&in);
			diag_print(in.in_g->g_diag, stderr);
		}
		info_free(&in);
	}
	if (j != NULL) {
		json_array_end(j);
		json_object_end(j);
		json_print(j, stdout);
	}
	datastore_list_free(dl);
	return (rv);
}

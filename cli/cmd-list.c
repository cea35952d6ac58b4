/*
 * cmd-list.c - "hyve list": every guest of every datastore, one line
 * each, in vm-bhyve's "vm list" columns.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autostart.h"
#include "buf.h"
#include "datastore.h"
#include "hostconf.h"
#include "hyve.h"
#include "json.h"
#include "model.h"
#include "name.h"
#include "summary.h"
#include "xmalloc.h"

/* Columns of the table; -v adds the last three. */
enum {
	COL_NAME, COL_DATASTORE, COL_LOADER, COL_CPU, COL_MEMORY, COL_VNC,
	COL_AUTO, COL_STATE, COL_PCPU, COL_RSS, COL_UPTIME, COL_COUNT
};

static const char *const list_heads[COL_COUNT] = {
	"NAME", "DATASTORE", "LOADER", "CPU", "MEMORY", "VNC", "AUTO",
	"STATE", "%CPU", "RSS", "UPTIME"
};

static int	cmd_list_exec(struct cmd_args *);

const struct cmd_entry cmd_list_entry = {
	.ce_name = "list",
	.ce_alias = "ls",
	.ce_usage = "[-v] [--json]",
	.ce_help = "list every guest with its settings and state",
	.ce_optstring = "v",
	.ce_longopts = cmd_json_longopts,
	.ce_minargs = 0,
	.ce_maxargs = 0,
	.ce_exec = cmd_list_exec,
};

/* A cell: the string, or "-" for none. */
static const char *
list_cell(const char *s)
{
	return (s != NULL ? s : "-");
}

/* One row of the table: its cells, and room for those made here. */
struct list_row {
	const char	*lr_cell[COL_COUNT];
	char		 lr_auto[32];
	char		 lr_state[32];
	char		 lr_pcpu[16];
	char		 lr_rss[16];
	char		 lr_uptime[32];
};

/* Fill the cells of one row. */
static void
list_row(const struct summary *su, size_t pos, struct list_row *lr)
{
	const struct runstate	*rs = &su->su_rs;
	const char		**cell = lr->lr_cell;

	cell[COL_NAME] = su->su_name;
	cell[COL_DATASTORE] = su->su_ds->ds_name;
	cell[COL_LOADER] = list_cell(su->su_loader);
	cell[COL_CPU] = list_cell(su->su_cpu);
	cell[COL_MEMORY] = list_cell(su->su_memory);
	cell[COL_VNC] = list_cell(rs->rs_running ? rs->rs_vnc : NULL);
	cell[COL_AUTO] = "No";
	if (pos > 0) {
		snprintf(lr->lr_auto, sizeof(lr->lr_auto), "Yes [%zu]", pos);
		cell[COL_AUTO] = lr->lr_auto;
	}
	summary_state(rs, lr->lr_state, sizeof(lr->lr_state));
	cell[COL_STATE] = lr->lr_state;
	cell[COL_PCPU] = cell[COL_RSS] = cell[COL_UPTIME] = "-";
	if (su->su_haveproc) {
		snprintf(lr->lr_pcpu, sizeof(lr->lr_pcpu), "%.1f",
		    su->su_proc.pp_pcpu);
		summary_size(su->su_proc.pp_rss, lr->lr_rss,
		    sizeof(lr->lr_rss));
		cell[COL_PCPU] = lr->lr_pcpu;
		cell[COL_RSS] = lr->lr_rss;
	}
	if (rs->rs_running) {
		summary_duration(summary_uptime(rs), lr->lr_uptime,
		    sizeof(lr->lr_uptime));
		cell[COL_UPTIME] = lr->lr_uptime;
	}
}

/* Add s padded with spaces to width, or ending the line, to b. */
static void
list_cell_add(struct buf *b, const char *s, size_t width, bool last)
{
	size_t	 len = strlen(s);
	char	*p;

	p = buf_extend(b, last ? len + 1 : width + 2);
	memcpy(p, s, len);
	if (last)
		p[len] = '\n';
	else
		memset(p + len, ' ', width + 2 - len);
}

/*
 * Print the rows as a table whose columns are as wide as their widest
 * cell, two spaces apart (vm-bhyve pipes "vm list" through column -t).
 * Each row is formatted twice, once to measure and once to print,
 * rather than kept: a thousand rows held would cost page faults.
 * The table is built in memory, cell by cell, and written at once:
 * printf("%-*s") or stdio per cell was a good part of what list cost.
 */
static void
list_table(const struct summary *su, const size_t *pos, size_t nrows,
    int ncols)
{
	struct list_row	 lr;
	struct buf	*b;
	size_t		 width[COL_COUNT], len, r;
	int		 c;

	for (c = 0; c < ncols; c++)
		width[c] = strlen(list_heads[c]);
	for (r = 0; r < nrows; r++) {
		list_row(&su[r], pos[r], &lr);
		for (c = 0; c < ncols; c++)
			if ((len = strlen(lr.lr_cell[c])) > width[c])
				width[c] = len;
	}
	b = buf_new();
	for (c = 0; c < ncols; c++)
		list_cell_add(b, list_heads[c], width[c], c + 1 == ncols);
	for (r = 0; r < nrows; r++) {
		list_row(&su[r], pos[r], &lr);
		for (c = 0; c < ncols; c++)
			list_cell_add(b, lr.lr_cell[c], width[c],
			    c + 1 == ncols);
	}
	fwrite(b->b_data, 1, b->b_len, stdout);
	buf_free(b);
}

/* One guest as a JSON object. */
static void
list_json(struct json *j, const struct summary *su, size_t pos)
{
	const char	*errstr;
	uint64_t	 bytes;
	long long	 n;

	json_object_begin(j);
	json_kv_string(j, "name", su->su_name);
	json_kv_string(j, "datastore", su->su_ds->ds_name);
	json_kv_string(j, "config", su->su_file);
	json_kv_string(j, "loader", su->su_loader);
	json_key(j, "cpus");
	if (su->su_cpu != NULL && (n = strtonum(su->su_cpu, 1, 65535,
	    &errstr)) > 0 && errstr == NULL)
		json_int(j, n);
	else
		json_null(j);
	json_kv_string(j, "memory", su->su_memory);
	json_key(j, "memory_bytes");
	if (su->su_memory != NULL && model_memsize(su->su_memory, &bytes) ==
	    0)
		json_uint(j, bytes);
	else
		json_null(j);
	json_kv_bool(j, "graphics", su->su_graphics);
	json_kv_bool(j, "autostart", pos > 0);
	json_key(j, "autostart_position");
	if (pos > 0)
		json_uint(j, pos);
	else
		json_null(j);
	json_key(j, "autostart_order");
	if (su->su_order != VM_AUTOSTART_ORDER)
		json_int(j, su->su_order);
	else
		json_null(j);
	summary_json_run(j, &su->su_rs, su->su_haveproc ? &su->su_proc :
	    NULL);
	json_object_end(j);
}

/* List every guest. */
static int
cmd_list_exec(struct cmd_args *ca)
{
	struct datastore_list	*dl;
	struct datastore_guests	*dg;
	struct runstate_names	*ran;
	struct autostart_guest	*ag;
	struct summary		*su;
	struct json		*j;
	char			*cause = NULL;
	size_t			*order, *pos, n, i, k;
	int			 rv = HYVE_EXIT_OK, r;

	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL)
		errx(HYVE_EXIT_ERR, "%s", cause);
	/* Reading each config is what tells a guest from a directory. */
	dg = datastore_guests(dl, DATASTORE_UNCHECKED);
	ran = runstate_names();
	su = xcalloc(dg->dg_n + 1, sizeof(*su));
	ag = xcalloc(dg->dg_n + 1, sizeof(*ag));
	for (i = n = 0; i < dg->dg_n; i++) {
		if (dg->dg_v[i].de_badname) {
			(void)name_valid(dg->dg_v[i].de_name, &cause);
			warnx("%s/%s: not listed: %s (rename it to manage it "
			    "with hyve)", dg->dg_v[i].de_ds->ds_path,
			    dg->dg_v[i].de_name, cause);
			free(cause);
			cause = NULL;
			continue;
		}
		r = summary_load(&su[n], dg->dg_v[i].de_name,
		    dg->dg_v[i].de_ds, dg->dg_v[i].de_dirfd, ran, &cause);
		if (r == 1) {
			summary_clear(&su[n]);
			continue;
		}
		if (r == -1) {
			warnx("%s: %s", dg->dg_v[i].de_name, cause);
			free(cause);
			cause = NULL;
			rv = HYVE_EXIT_ERR;
		}
		n++;
	}
	for (i = 0; i < n; i++) {
		ag[i].ag_name = su[i].su_name;
		ag[i].ag_autostart = su[i].su_autostart;
		ag[i].ag_order = su[i].su_order;
	}
	/* AUTO shows each guest's place in the startall order. */
	order = xcalloc(n + 1, sizeof(*order));
	pos = xcalloc(n + 1, sizeof(*pos));
	k = autostart_order(hostconf_vmlist(), ag, n, order);
	for (i = 0; i < k; i++)
		pos[order[i]] = i + 1;

	if (ca->ca_set[OPT_JSON]) {
		j = json_new();
		json_object_begin(j);
		json_key(j, "guests");
		json_array_begin(j);
		for (i = 0; i < n; i++)
			list_json(j, &su[i], pos[i]);
		json_array_end(j);
		json_object_end(j);
		json_print(j, stdout);
	} else {
		list_table(su, pos, n, ca->ca_set['v'] ? COL_COUNT :
		    COL_PCPU);
	}
	for (i = 0; i < n; i++)
		summary_clear(&su[i]);
	free(su);
	free(ag);
	free(order);
	free(pos);
	runstate_names_free(ran);
	datastore_guests_free(dg);
	datastore_list_free(dl);
	return (rv);
}

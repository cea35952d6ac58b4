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
#include "datastore.h"
#include "hostconf.h"
#include "hyve.h"
#include "json.h"
#include "model.h"
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

static const struct option list_longopts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 }
};

static int	cmd_list_exec(struct cmd_args *);

const struct cmd_entry cmd_list_entry = {
	.ce_name = "list",
	.ce_alias = "ls",
	.ce_usage = "[-v] [--json]",
	.ce_help = "list every guest with its settings and state",
	.ce_optstring = "v",
	.ce_longopts = list_longopts,
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

/* Fill the cells of one row (each cell a small owned string). */
static void
list_row(const struct summary *su, size_t pos, char **cell)
{
	const struct runstate	*rs = &su->su_rs;
	char			 buf[64];

	cell[COL_NAME] = xstrdup(su->su_name);
	cell[COL_DATASTORE] = xstrdup(su->su_ds->ds_name);
	cell[COL_LOADER] = xstrdup(list_cell(su->su_loader));
	cell[COL_CPU] = xstrdup(list_cell(su->su_cpu));
	cell[COL_MEMORY] = xstrdup(list_cell(su->su_memory));
	cell[COL_VNC] = xstrdup(list_cell(rs->rs_running ? rs->rs_vnc :
	    NULL));
	if (pos > 0)
		xasprintf(&cell[COL_AUTO], "Yes [%zu]", pos);
	else
		cell[COL_AUTO] = xstrdup("No");
	summary_state(rs, buf, sizeof(buf));
	cell[COL_STATE] = xstrdup(buf);
	if (su->su_haveproc) {
		xasprintf(&cell[COL_PCPU], "%.1f", su->su_proc.pp_pcpu);
		summary_size(su->su_proc.pp_rss, buf, sizeof(buf));
		cell[COL_RSS] = xstrdup(buf);
	} else {
		cell[COL_PCPU] = xstrdup("-");
		cell[COL_RSS] = xstrdup("-");
	}
	if (rs->rs_running) {
		summary_duration(summary_uptime(rs), buf, sizeof(buf));
		cell[COL_UPTIME] = xstrdup(buf);
	} else
		cell[COL_UPTIME] = xstrdup("-");
}

/*
 * Print the rows as a table whose columns are as wide as their widest
 * cell, two spaces apart (vm-bhyve pipes "vm list" through column -t).
 */
static void
list_table(char **cells, size_t nrows, int ncols)
{
	size_t	 width[COL_COUNT], len, r;
	int	 c;

	for (c = 0; c < ncols; c++)
		width[c] = strlen(list_heads[c]);
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++)
			if ((len = strlen(cells[r * COL_COUNT + c])) >
			    width[c])
				width[c] = len;
	for (c = 0; c < ncols; c++)
		printf("%-*s%s", c + 1 < ncols ? (int)width[c] : 0,
		    list_heads[c], c + 1 < ncols ? "  " : "\n");
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++)
			printf("%-*s%s", c + 1 < ncols ? (int)width[c] : 0,
			    cells[r * COL_COUNT + c], c + 1 < ncols ? "  " :
			    "\n");
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
	struct autostart_guest	*ag;
	struct summary		*su;
	struct json		*j;
	char			*cause = NULL, **cells, *text;
	size_t			*order, *pos, n, i, k;
	int			 rv = HYVE_EXIT_OK;

	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL)
		errx(HYVE_EXIT_ERR, "%s", cause);
	dg = datastore_guests(dl);
	n = dg->dg_n;
	su = xcalloc(n + 1, sizeof(*su));
	ag = xcalloc(n + 1, sizeof(*ag));
	for (i = 0; i < n; i++) {
		if (summary_load(&su[i], dg->dg_v[i].de_name,
		    dg->dg_v[i].de_ds, &cause) == -1) {
			warnx("%s: %s", dg->dg_v[i].de_name, cause);
			free(cause);
			cause = NULL;
			rv = HYVE_EXIT_ERR;
		}
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
		text = json_take(j);
		fputs(text, stdout);
		free(text);
	} else {
		cells = xcalloc((n + 1) * COL_COUNT, sizeof(*cells));
		for (i = 0; i < n; i++)
			list_row(&su[i], pos[i], cells + i * COL_COUNT);
		list_table(cells, n, ca->ca_set['v'] ? COL_COUNT :
		    COL_PCPU);
		for (i = 0; i < n * COL_COUNT; i++)
			free(cells[i]);
		free(cells);
	}
	for (i = 0; i < n; i++)
		summary_clear(&su[i]);
	free(su);
	free(ag);
	free(order);
	free(pos);
	datastore_guests_free(dg);
	datastore_list_free(dl);
	return (rv);
}

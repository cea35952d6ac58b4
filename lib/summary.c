/*
 * summary.c - a guest as list and info show it (see summary.h).
 */
#include "compat.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "datastore.h"
#include "json.h"
#include "model.h"
#include "summary.h"
#include "xmalloc.h"

/* A copy of a config value, NULL when absent or empty. */
static char *
summary_get(const struct conf *c, const char *key)
{
	const char	*v;

	if ((v = conf_get(c, key)) == NULL || *v == '\0')
		return (NULL);
	return (xstrdup(v));
}

/*
 * Read a config as conf_load() does, in fewer system calls (list pays
 * them a thousand times): one read when the file is its fstat(2) size.
 * O_NONBLOCK keeps a FIFO in a guest's place from hanging the listing.
 * Returns 1 when path is missing or not a regular file, 0 with *cp set,
 * or -1 with *cause set.
 */
static int
summary_read(const char *path, struct conf **cp, char **cause)
{
	struct stat	 st;
	char		*data = NULL;
	size_t		 len = 0, cap;
	ssize_t		 n;
	int		 fd, rv = -1;

	*cp = NULL;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return (1);
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &st) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rv = 1;
		goto done;
	}
	/* One byte more than the size: a short read is then the end. */
	cap = (size_t)st.st_size < CONF_MAXSIZE ? (size_t)st.st_size + 1 :
	    CONF_MAXSIZE + 1;
	data = xmalloc(cap);
	while (len < cap && (n = read(fd, data + len, cap - len)) != 0) {
		if (n == -1) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			goto done;
		}
		len += (size_t)n;
		if (len < cap)
			break;
		if (cap > CONF_MAXSIZE)
			break;
		/* It grew since fstat(2): read on, up to the limit. */
		cap = cap * 2 < CONF_MAXSIZE + 1 ? cap * 2 : CONF_MAXSIZE + 1;
		data = xreallocarray(data, cap, 1);
	}
	/* conf_parse() refuses more than CONF_MAXSIZE and NUL bytes. */
	if ((*cp = conf_parse(path, data, len, cause)) == NULL)
		goto done;
	(*cp)->c_mode = (int)(st.st_mode & 07777);
	rv = 0;
done:
	free(data);
	close(fd);
	return (rv);
}

/* Read a guest's config and run state. */
int
summary_load(struct summary *su, const char *name,
    const struct datastore *ds, const struct runstate_names *ran,
    char **cause)
{
	struct conf	*c;
	const char	*v;
	const char	*errstr;
	long long	 n;
	pid_t		 pid;
	int		 rv;

	memset(su, 0, sizeof(*su));
	su->su_name = xstrdup(name);
	su->su_ds = ds;
	su->su_autostart = -1;
	su->su_order = VM_AUTOSTART_ORDER;
	xasprintf(&su->su_file, "%s/%s/%s.conf", ds->ds_path, name, name);
	if ((rv = summary_read(su->su_file, &c, cause)) == 1)
		return (1);
	/* A guest that never ran has no runtime directory to probe. */
	if (ran == NULL || runstate_names_has(ran, name))
		runstate_get(name, &su->su_rs);
	else
		su->su_rs.rs_state = "stopped";
	pid = su->su_rs.rs_bhyve != 0 ? su->su_rs.rs_bhyve :
	    su->su_rs.rs_loader;
	if (su->su_rs.rs_running && pid != 0)
		su->su_haveproc = platform_proc(pid, &su->su_proc) == 0;
	if (rv == -1)
		return (-1);
	/*
	 * The keys are read as the model reads them (model.c), without
	 * building a model: list must stay at one small read per guest.
	 */
	su->su_loader = summary_get(c, "loader");
	su->su_cpu = summary_get(c, "cpu");
	su->su_memory = summary_get(c, "memory");
	su->su_graphics = (v = conf_get(c, "graphics")) != NULL &&
	    model_yesno(v);
	if ((v = conf_get(c, "autostart")) != NULL)
		su->su_autostart = model_yesno(v);
	if ((v = conf_get(c, "autostart_order")) != NULL && *v != '\0') {
		n = strtonum(v, 0, 9999, &errstr);
		if (errstr == NULL)
			su->su_order = (int)n;
	}
	/* Freed at once: a thousand configs kept would cost page faults. */
	conf_free(c);
	return (0);
}

/* Free a summary's contents. */
void
summary_clear(struct summary *su)
{
	free(su->su_name);
	free(su->su_file);
	free(su->su_loader);
	free(su->su_cpu);
	free(su->su_memory);
	runstate_clear(&su->su_rs);
	memset(su, 0, sizeof(*su));
}

/* The STATE column, in vm-bhyve's words where it has them. */
void
summary_state(const struct runstate *rs, char *buf, size_t len)
{
	if (!rs->rs_running)
		strlcpy(buf, "Stopped", len);
	else if (strcmp(rs->rs_state, "running") == 0 && rs->rs_bhyve != 0)
		snprintf(buf, len, "Running (%d)", (int)rs->rs_bhyve);
	else if (strcmp(rs->rs_state, "loader") == 0 && rs->rs_loader != 0)
		snprintf(buf, len, "Bootloader (%d)", (int)rs->rs_loader);
	else if (strcmp(rs->rs_state, "stopping") == 0)
		snprintf(buf, len, "Stopping");
	else if (strcmp(rs->rs_state, "starting") == 0)
		snprintf(buf, len, "Starting");
	else
		/* Between boots: the supervisor holds the guest. */
		snprintf(buf, len, "Running");
}

/* A duration as [Dd ]HH:MM:SS. */
void
summary_duration(int64_t s, char *buf, size_t len)
{
	if (s < 0)
		s = 0;
	if (s >= 86400)
		snprintf(buf, len, "%" PRId64 "d %02d:%02d:%02d", s / 86400,
		    (int)(s % 86400 / 3600), (int)(s % 3600 / 60),
		    (int)(s % 60));
	else
		snprintf(buf, len, "%02d:%02d:%02d", (int)(s / 3600),
		    (int)(s % 3600 / 60), (int)(s % 60));
}

/* A size with a binary suffix, one decimal below 10. */
void
summary_size(uint64_t bytes, char *buf, size_t len)
{
	static const char	 units[] = "BKMGTPE";
	double			 v = (double)bytes;
	size_t			 u = 0;

	while (v >= 1024 && u < sizeof(units) - 2) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%" PRIu64 "B", bytes);
	else if (v < 10)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
}

/* How long the current boot has run. */
int64_t
summary_uptime(const struct runstate *rs)
{
	int64_t	 since;

	if (!rs->rs_running)
		return (0);
	since = rs->rs_bootstarted != 0 ? rs->rs_bootstarted :
	    rs->rs_started;
	if (since == 0 || (int64_t)time(NULL) < since)
		return (0);
	return ((int64_t)time(NULL) - since);
}

/* A pid member, null when 0. */
static void
summary_json_pid(struct json *j, const char *key, pid_t pid)
{
	json_key(j, key);
	if (pid == 0)
		json_null(j);
	else
		json_int(j, pid);
}

/* The run members shared by list, info and status. */
void
summary_json_run(struct json *j, const struct runstate *rs,
    const struct platform_proc *proc)
{
	json_kv_string(j, "state", rs->rs_running ? rs->rs_state :
	    "stopped");
	json_kv_bool(j, "running", rs->rs_running);
	json_key(j, "pids");
	json_object_begin(j);
	summary_json_pid(j, "supervisor", rs->rs_supervisor);
	summary_json_pid(j, "bhyve", rs->rs_bhyve);
	summary_json_pid(j, "loader", rs->rs_loader);
	json_object_end(j);
	json_kv_int(j, "boots", rs->rs_running ? rs->rs_boots : 0);
	json_key(j, "started");
	if (rs->rs_running && rs->rs_started != 0)
		json_int(j, rs->rs_started);
	else
		json_null(j);
	json_key(j, "uptime");
	if (rs->rs_running)
		json_int(j, summary_uptime(rs));
	else
		json_null(j);
	json_kv_string(j, "vnc", rs->rs_running ? rs->rs_vnc : NULL);
	json_kv_string(j, "reason", rs->rs_reason);
	json_key(j, "cpu_percent");
	if (proc != NULL)
		json_int(j, (int64_t)(proc->pp_pcpu + 0.5));
	else
		json_null(j);
	json_key(j, "rss");
	if (proc != NULL)
		json_uint(j, proc->pp_rss);
	else
		json_null(j);
}

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

#include "buf.h"
#include "conf.h"
#include "datastore.h"
#include "json.h"
#include "model.h"
#include "summary.h"
#include "xmalloc.h"

/* A config up to this size is read into the stack. */
#define SUMMARY_SMALL	8192

/* The config keys a summary shows, in summary_keys order. */
enum {
	SK_LOADER, SK_CPU, SK_MEMORY, SK_GRAPHICS, SK_AUTOSTART, SK_ORDER,
	SK_COUNT
};
static const char *const summary_keys[SK_COUNT] = {
	"loader", "cpu", "memory", "graphics", "autostart", "autostart_order"
};

/*
 * Copy the values shown (v[0..n), each NULL or a string) into one
 * allocation, *block, and point out[i] at each copy, or NULL when v[i]
 * is absent or empty: five small allocations per guest were a good part
 * of what listing a thousand cost.
 */
static void
summary_pack(char **block, const char *const *v, char **out, size_t n)
{
	size_t	 len[SK_COUNT], total = 0, i;
	char	*p;

	for (i = 0; i < n; i++) {
		len[i] = v[i] != NULL ? strlen(v[i]) : 0;
		total += len[i] + 1;
	}
	p = *block = xmalloc(total);
	for (i = 0; i < n; i++) {
		out[i] = NULL;
		if (len[i] == 0)
			continue;
		memcpy(p, v[i], len[i] + 1);
		out[i] = p;
		p += len[i] + 1;
	}
}

/*
 * Keep the values shown of a config's text (len bytes in data, which has
 * one byte more to spare).  The keys are read as the model reads them
 * (model.c), without building a model or even a conf.
 */
static int
summary_keep(struct summary *su, char *data, size_t len, char **cause)
{
	const char	*v[SK_COUNT], *errstr;
	char		*out[SK_MEMORY + 1];
	long long	 n;

	if (conf_pick(su->su_file, data, len, summary_keys, v, SK_COUNT,
	    cause) == -1)
		return (-1);
	/* SK_LOADER, SK_CPU and SK_MEMORY come first, in this order. */
	summary_pack(&su->su_strings, v, out, SK_MEMORY + 1);
	su->su_loader = out[SK_LOADER];
	su->su_cpu = out[SK_CPU];
	su->su_memory = out[SK_MEMORY];
	su->su_graphics = v[SK_GRAPHICS] != NULL &&
	    model_yesno(v[SK_GRAPHICS]);
	if (v[SK_AUTOSTART] != NULL)
		su->su_autostart = model_yesno(v[SK_AUTOSTART]);
	if (v[SK_ORDER] != NULL && *v[SK_ORDER] != '\0') {
		n = strtonum(v[SK_ORDER], 0, 9999, &errstr);
		if (errstr == NULL)
			su->su_order = (int)n;
	}
	return (0);
}

/*
 * Set su_file to DSPATH/NAME/NAME.conf and su_name to NAME, both in one
 * allocation put together by hand: xasprintf()'s format parsing was a
 * tenth of what listing a thousand guests cost.
 */
static void
summary_names(struct summary *su, const char *dspath, const char *name)
{
	size_t	 dl = strlen(dspath), nl = strlen(name);
	char	*p;

	p = su->su_file = xmalloc(dl + 3 * nl + sizeof("//.conf") + 1);
	memcpy(p, dspath, dl);
	p += dl;
	*p++ = '/';
	memcpy(p, name, nl);
	p += nl;
	*p++ = '/';
	memcpy(p, name, nl);
	memcpy(p + nl, ".conf", sizeof(".conf"));
	p += nl + sizeof(".conf");
	memcpy(p, name, nl + 1);
	su->su_name = p;
}

/*
 * Read a guest's config, NAME/NAME.conf under dirfd (su_file names it in
 * messages), and keep what is shown, in as few system calls as can be:
 * list pays them a thousand times.  A config shorter than SUMMARY_SMALL
 * bytes costs open, one read and close, and no allocation.  fstat(2) is
 * asked only when the read leaves the file's kind in doubt (nothing
 * read, or the buffer filled), because a short read of a regular file
 * is its end; so a FIFO in a config's place that holds data is read as
 * a config, harmlessly, and O_NONBLOCK keeps any other FIFO from
 * hanging the listing.  Returns 1 when the config is missing or not a
 * regular file, 0, or -1 with *cause set.
 */
static int
summary_read(struct summary *su, int dirfd, char **cause)
{
	struct stat	 st;
	struct buf	*b = NULL;
	char		 small[SUMMARY_SMALL + 1];
	char		*data = small;
	const char	*rel;
	size_t		 len;
	ssize_t		 n;
	int		 fd, rv = -1;

	/* su_file is DSPATH/NAME/NAME.conf: NAME/NAME.conf is its tail. */
	rel = su->su_file + strlen(su->su_ds->ds_path) + 1;
	if ((fd = openat(dirfd, rel, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) ==
	    -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return (1);
		xasprintf(cause, "%s: %s", su->su_file, strerror(errno));
		return (-1);
	}
	if ((n = read(fd, small, SUMMARY_SMALL)) == -1) {
		/* A directory, or a FIFO with a writer and no data. */
		if (errno == EISDIR || errno == EAGAIN)
			rv = 1;
		else
			xasprintf(cause, "%s: %s", su->su_file,
			    strerror(errno));
		goto done;
	}
	len = (size_t)n;
	if (len == 0 || len == SUMMARY_SMALL) {
		if (fstat(fd, &st) == -1) {
			xasprintf(cause, "%s: %s", su->su_file,
			    strerror(errno));
			goto done;
		}
		if (!S_ISREG(st.st_mode)) {
			rv = 1;
			goto done;
		}
	}
	if (len == SUMMARY_SMALL) {
		/* A large config: the rest is read as conf_load() reads. */
		b = buf_new();
		buf_add(b, small, len);
		if (conf_readfd(fd, su->su_file, b, cause) == -1)
			goto done;
		/* A buf keeps a NUL after its text: conf_pick()'s byte. */
		data = b->b_data;
		len = b->b_len;
	}
	/* conf_pick() refuses more than CONF_MAXSIZE and NUL bytes. */
	rv = summary_keep(su, data, len, cause);
done:
	buf_free(b);
	close(fd);
	return (rv);
}

/* Read a guest's config and run state. */
int
summary_load(struct summary *su, const char *name,
    const struct datastore *ds, int dirfd, const struct runstate_names *ran,
    char **cause)
{
	pid_t		 pid;
	int		 rv;

	memset(su, 0, sizeof(*su));
	summary_names(su, ds->ds_path, name);
	su->su_ds = ds;
	su->su_autostart = -1;
	su->su_order = VM_AUTOSTART_ORDER;
	if ((rv = summary_read(su, dirfd, cause)) == 1)
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
	return (rv);
}

/* Free a summary's contents. */
void
summary_clear(struct summary *su)
{
	free(su->su_file);
	free(su->su_strings);
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

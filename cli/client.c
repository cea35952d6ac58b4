/*
 * client.c - what commands share: the host configuration, loading a
 * guest by name, and talking to a guest's supervisor.
 */
#include "compat.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autostart.h"
#include "conf.h"
#include "datastore.h"
#include "diag.h"
#include "event.h"
#include "guest.h"
#include "hostconf.h"
#include "hyve.h"
#include "model.h"
#include "name.h"
#include "paths.h"
#include "plan.h"
#include "proto.h"
#include "runstate.h"
#include "xmalloc.h"

/* Read the host configuration once, or exit with its error. */
void
client_hostconf(void)
{
	static int	 loaded;
	char		*cause = NULL;

	if (loaded)
		return;
	if (hostconf_load(&cause) == -1)
		errx(HYVE_EXIT_ERR, "%s", cause);
	loaded = 1;
}

/* Load a guest by name, errors and all; NULL after printing why not. */
struct guest *
client_load(const char *name)
{
	struct guest	*g;
	char		*cause = NULL;

	client_hostconf();
	if ((g = guest_load(name, &cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
	}
	return (g);
}

/*
 * Load the guest config file of -f, named by -N (else the file's name),
 * on the ZFS dataset of -z ("argv" and "check -f"); NULL after printing
 * why not.
 */
struct guest *
client_loadfile(const struct cmd_args *ca)
{
	struct guest	*g;
	char		*cause = NULL;

	if ((g = guest_fromfile(ca->ca_val['f'], ca->ca_val['N'],
	    ca->ca_val['z'], paths_get(PATH_FIRMWARE_DIR), &cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
	}
	return (g);
}

/*
 * Load a guest by name and print its problems.  NULL (after printing
 * why) when it cannot be used: unknown, unreadable, or with errors.
 */
struct guest *
client_guest(const char *name)
{
	struct guest	*g;

	if ((g = client_load(name)) == NULL)
		return (NULL);
	diag_print(g->g_diag, stderr);
	if (g->g_diag->d_nerrors > 0) {
		warnx("%s: not usable until the errors above are fixed",
		    name);
		guest_free(g);
		return (NULL);
	}
	return (g);
}

/* Whether the guest exists (after printing why not). */
bool
client_exists(const char *name)
{
	struct guest	*g;

	if ((g = client_load(name)) == NULL)
		return (false);
	guest_free(g);
	return (true);
}

/* Read exactly len bytes, waiting up to timeout_ms; -1 on EOF/timeout. */
static int
client_readall(int fd, void *p, size_t len, int timeout_ms)
{
	struct pollfd	 pfd;
	int64_t		 deadline = ev_now() + timeout_ms;
	ssize_t		 n;
	int		 left;

	pfd.fd = fd;
	pfd.events = POLLIN;
	while (len > 0) {
		if ((left = (int)(deadline - ev_now())) <= 0)
			return (-1);
		if (poll(&pfd, 1, left) <= 0)
			continue;
		if ((n = read(fd, p, len)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			return (-1);
		}
		p = (char *)p + n;
		len -= (size_t)n;
	}
	return (0);
}

/*
 * Connect to name's supervisor and make one request.  Returns the
 * connected socket with *resp filled, or -1 with *cause set (caller
 * frees): not running, refused, or no answer.
 */
int
client_request(const char *name, uint32_t type, uint32_t flags,
    const char *data, struct proto_resp *resp, char **cause)
{
	struct sockaddr_un	 sun;
	struct proto_req	 req;
	char			*path;
	int			 fd;

	path = runstate_path(name, "control.sock");
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, path, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path)) {
		xasprintf(cause, "%s: path too long", path);
		free(path);
		return (-1);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			xasprintf(cause, "%s is not running", name);
		else if (errno == EACCES)
			xasprintf(cause, "%s: permission denied (run as root)",
			    path);
		else
			xasprintf(cause, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		free(path);
		return (-1);
	}
	free(path);
	memset(&req, 0, sizeof(req));
	req.pr_version = PROTO_VERSION;
	req.pr_type = type;
	req.pr_flags = flags;
	if (data != NULL)
		strlcpy(req.pr_data, data, sizeof(req.pr_data));
	if (write(fd, &req, sizeof(req)) != (ssize_t)sizeof(req) ||
	    client_readall(fd, resp, sizeof(*resp), 10000) == -1) {
		xasprintf(cause, "%s: no answer from its supervisor", name);
		close(fd);
		return (-1);
	}
	resp->ps_msg[sizeof(resp->ps_msg) - 1] = '\0';
	if (resp->ps_version != PROTO_VERSION) {
		xasprintf(cause, "%s: its supervisor speaks protocol %u, not "
		    "%u", name, resp->ps_version, PROTO_VERSION);
		close(fd);
		return (-1);
	}
	return (fd);
}

/*
 * Wait until the supervisor closes fd (the guest has stopped), reading
 * and discarding what comes.  timeout_ms < 0 waits for ever.  Returns
 * 0 on close, -1 on timeout.
 */
int
client_waitclose(int fd, int timeout_ms)
{
	struct pollfd	 pfd;
	int64_t		 deadline = ev_now() + timeout_ms;
	char		 buf[256];
	ssize_t		 n;
	int		 left;

	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		left = -1;
		if (timeout_ms >= 0 && (left = (int)(deadline - ev_now())) <=
		    0)
			return (-1);
		if (poll(&pfd, 1, left) <= 0)
			continue;
		if ((n = read(fd, buf, sizeof(buf))) == 0 || (n == -1 &&
		    errno != EINTR && errno != EAGAIN))
			return (0);
	}
}

/*
 * Make a request that needs nothing more than its answer, print the
 * answer; for a poweroff also wait for the guest to stop.  Returns 0 on
 * success, -1 after printing why not.
 */
int
client_simple(const char *name, uint32_t type, uint32_t flags)
{
	struct proto_resp	 resp;
	char			*cause = NULL;
	int			 fd;

	if ((fd = client_request(name, type, flags, NULL, &resp,
	    &cause)) == -1) {
		warnx("%s", cause);
		free(cause);
		return (-1);
	}
	if (resp.ps_status != 0) {
		warnx("%s: %s", name, resp.ps_msg);
		close(fd);
		return (-1);
	}
	if (type == PROTO_POWEROFF)
		(void)client_waitclose(fd, 60000);
	close(fd);
	printf("%s: %s\n", name, resp.ps_msg);
	return (0);
}

/*
 * On a terminal, ask before doing something abrupt to a guest; without
 * one (scripts, rc.d) the answer is yes, as the command was given.
 */
bool
client_confirm(const char *what, const char *name)
{
	char	 line[16];

	if (!isatty(STDIN_FILENO))
		return (true);
	printf("Are you sure you want to %s %s? (y/N) ", what, name);
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return (false);
	return (line[0] == 'y' || line[0] == 'Y');
}

/*
 * reset and poweroff, the guest's two buttons (what names the command):
 * with -n, print the plan; else ask first on a terminal unless -f, then
 * send req to the supervisor.  Returns an exit status.
 */
int
client_button(const struct cmd_args *ca, const char *what,
    enum plan_stopkind kind, uint32_t req)
{
	client_hostconf();
	if (ca->ca_set['n'])
		return (client_stopplan(ca->ca_argv[0], kind, true));
	if (!ca->ca_set['f'] && !client_confirm(what, ca->ca_argv[0]))
		return (HYVE_EXIT_ERR);
	return (client_simple(ca->ca_argv[0], req, 0) == 0 ?
	    HYVE_EXIT_OK : HYVE_EXIT_ERR);
}

/*
 * "-n" of stop, restart, reset and poweroff: print what the supervisor
 * would do for the running guest name.
 */
int
client_stopplan(const char *name, enum plan_stopkind kind, bool force)
{
	struct plan_running	 pr;
	struct guest		*g;
	struct conf		*c;
	struct plan		*p;
	const char		*v;
	char			*rundir;

	if ((g = client_guest(name)) == NULL)
		return (HYVE_EXIT_ERR);
	if (!runstate_running(name) || (c = runstate_read(name)) == NULL) {
		warnx("%s is not running", name);
		guest_free(g);
		return (HYVE_EXIT_ERR);
	}
	rundir = runstate_path(name, NULL);
	memset(&pr, 0, sizeof(pr));
	if ((v = conf_get(c, "bhyve_pid")) != NULL)
		pr.pr_bhyve = (pid_t)strtonum(v, 0, INT_MAX, NULL);
	if ((v = conf_get(c, "loader_pid")) != NULL)
		pr.pr_loader = (pid_t)strtonum(v, 0, INT_MAX, NULL);
	pr.pr_taps = conf_get(c, "taps");
	pr.pr_rundir = rundir;
	p = plan_stop(g->g_vm, kind, force, &pr);
	printf("plan for %s:\n", name);
	plan_print(p, stdout);
	plan_free(p);
	free(rundir);
	conf_free(c);
	guest_free(g);
	return (HYVE_EXIT_OK);
}

/* Add the guest called name to f unless a datastore before had one. */
static void
client_fleet_add(struct client_fleet *f, const char *name)
{
	struct guest	*g;
	char		*cause = NULL;
	size_t		 i;

	for (i = 0; i < f->cf_n; i++)
		if (strcmp(f->cf_v[i].ag_name, name) == 0)
			return;
	if ((g = guest_load(name, &cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
		return;
	}
	f->cf_v = xreallocarray(f->cf_v, f->cf_n + 1, sizeof(*f->cf_v));
	f->cf_timeout = xreallocarray(f->cf_timeout, f->cf_n + 1,
	    sizeof(*f->cf_timeout));
	f->cf_names = xreallocarray(f->cf_names, f->cf_n + 1,
	    sizeof(*f->cf_names));
	f->cf_names[f->cf_n] = xstrdup(name);
	f->cf_v[f->cf_n].ag_name = f->cf_names[f->cf_n];
	f->cf_v[f->cf_n].ag_autostart = g->g_vm->vm_autostart;
	f->cf_v[f->cf_n].ag_order = g->g_vm->vm_autostart_order;
	f->cf_timeout[f->cf_n] = g->g_vm->vm_stop_timeout;
	f->cf_n++;
	guest_free(g);
}

/*
 * Read every guest of every datastore: a guest is a directory NAME
 * holding NAME/NAME.conf, as vm-bhyve lays them out.  Exits when the
 * datastores cannot be read.
 */
struct client_fleet *
client_fleet(void)
{
	struct client_fleet		*f;
	struct datastore_list		*dl;
	const struct datastore		*ds;
	struct dirent			*de;
	struct stat			 st;
	DIR				*d;
	char				*cause = NULL, *path;
	size_t				 i;

	client_hostconf();
	if ((dl = datastore_list(&cause)) == NULL)
		errx(HYVE_EXIT_ERR, "%s", cause);
	f = xcalloc(1, sizeof(*f));
	for (i = 0; i < dl->dl_n; i++) {
		ds = &dl->dl_v[i];
		if ((ds->ds_kind != DATASTORE_DIR && ds->ds_kind !=
		    DATASTORE_ZFS) || ds->ds_path == NULL)
			continue;
		if ((d = opendir(ds->ds_path)) == NULL) {
			warn("datastore %s: %s", ds->ds_name, ds->ds_path);
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			/* .config, .templates, .iso and such are not guests. */
			if (de->d_name[0] == '.' ||
			    name_valid(de->d_name, NULL) == -1)
				continue;
			xasprintf(&path, "%s/%s/%s.conf", ds->ds_path,
			    de->d_name, de->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				client_fleet_add(f, de->d_name);
			free(path);
		}
		closedir(d);
	}
	datastore_list_free(dl);
	f->cf_start = xcalloc(f->cf_n + 1, sizeof(*f->cf_start));
	f->cf_nstart = autostart_order(hostconf_vmlist(), f->cf_v, f->cf_n,
	    f->cf_start);
	return (f);
}

/* Release a fleet. */
void
client_fleet_free(struct client_fleet *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->cf_n; i++)
		free(f->cf_names[i]);
	free(f->cf_names);
	free(f->cf_v);
	free(f->cf_timeout);
	free(f->cf_start);
	free(f);
}

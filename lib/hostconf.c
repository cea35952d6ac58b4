/*
 * hostconf.c - hyve.conf and the rc.conf fallback.
 */
#include "compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "hostconf.h"
#include "model.h"
#include "paths.h"
#include "xmalloc.h"

static struct {
	char	*h_path;
	char	*h_vmdir;
	char	*h_vmlist;
	char	*h_vmlist_file;	/* where vm_list was read */
	int	 h_vmdelay;
	int	 h_vmdelay_set;	/* hyve.conf set it: rc.conf's is not used */
	size_t	 h_logsize;
} hostconf = { NULL, NULL, NULL, NULL, 2, 0, HOSTCONF_CONSOLE_LOG_SIZE };

/*
 * vm_delay: whole seconds, as vm-bhyve sleeps them; an hour at most.
 * Returns -1 with *cause naming file and line when it is not.
 */
static int
hostconf_delay(const struct conf *c, const char *path, const char *v,
    char **cause)
{
	const char	*errstr;
	int		 n;

	n = (int)strtonum(v, 0, 3600, &errstr);
	if (errstr != NULL) {
		xasprintf(cause, "%s:%d: vm_delay: \"%s\" is not a number of "
		    "seconds from 0 to 3600", path, conf_lineof(c, "vm_delay"),
		    v);
		return (-1);
	}
	hostconf.h_vmdelay = n;
	return (0);
}

/* Replace a setting with a copy of v (NULL clears it). */
static void
hostconf_setstr(char **dst, const char *v)
{
	free(*dst);
	*dst = v == NULL ? NULL : xstrdup(v);
}

/* Read vm_dir, vm_list and vm_delay from rc.conf as vm-bhyve does. */
static int
hostconf_rcconf(char **cause)
{
	struct conf	*c;
	const char	*v;
	char		*why = NULL;

	if ((c = conf_load(paths_get(PATH_RC_CONF), &why)) == NULL) {
		if (errno == ENOENT || access(paths_get(PATH_RC_CONF),
		    F_OK) == -1) {
			free(why);
			return (0);
		}
		*cause = why;
		return (-1);
	}
	if ((v = conf_get(c, "vm_dir")) != NULL && *v != '\0')
		hostconf_setstr(&hostconf.h_vmdir, v);
	if ((v = conf_get(c, "vm_list")) != NULL && hostconf.h_vmlist == NULL) {
		hostconf_setstr(&hostconf.h_vmlist, v);
		hostconf_setstr(&hostconf.h_vmlist_file,
		    paths_get(PATH_RC_CONF));
	}
	if ((v = conf_get(c, "vm_delay")) != NULL && *v != '\0' &&
	    !hostconf.h_vmdelay_set && hostconf_delay(c,
	    paths_get(PATH_RC_CONF), v, cause) == -1) {
		conf_free(c);
		return (-1);
	}
	conf_free(c);
	return (0);
}

/* Read hyve.conf, then rc.conf when hyve.conf has no vm_dir. */
int
hostconf_load(char **cause)
{
	const struct conf_line	*cl;
	struct conf		*c;
	const char		*path, *v;
	char			*why = NULL;
	uint64_t		 n;
	size_t			 i;
	int			 explicit;

	path = getenv("HYVE_CONF");
	explicit = path != NULL && *path != '\0';
	if (!explicit)
		path = HOSTCONF_DEFAULT;
	hostconf_setstr(&hostconf.h_path, path);
	if ((c = conf_load(path, &why)) == NULL) {
		if (explicit || access(path, F_OK) == 0) {
			*cause = why;
			return (-1);
		}
		free(why);
		return (hostconf_rcconf(cause));
	}
	/* Tool paths first: they say where rc.conf is. */
	for (i = 0; i < c->c_n; i++) {
		cl = &c->c_lines[i];
		if (cl->cl_key == NULL || strncmp(cl->cl_key, "path_", 5) != 0)
			continue;
		if (cl->cl_value[0] != '/' || paths_set(cl->cl_key,
		    cl->cl_value) == -1) {
			xasprintf(cause, "%s:%zu: %s: %s", path, i + 1,
			    cl->cl_key, cl->cl_value[0] != '/' ?
			    "must be an absolute path" : "unknown path setting");
			conf_free(c);
			return (-1);
		}
	}
	if ((v = conf_get(c, "vm_dir")) != NULL && *v != '\0')
		hostconf_setstr(&hostconf.h_vmdir, v);
	if ((v = conf_get(c, "vm_list")) != NULL) {
		hostconf_setstr(&hostconf.h_vmlist, v);
		hostconf_setstr(&hostconf.h_vmlist_file, path);
	}
	if ((v = conf_get(c, "vm_delay")) != NULL && *v != '\0') {
		if (hostconf_delay(c, path, v, cause) == -1) {
			conf_free(c);
			return (-1);
		}
		hostconf.h_vmdelay_set = 1;
	}
	if ((v = conf_get(c, "console_log_size")) != NULL) {
		/* A plain number is bytes here, unlike bhyve's MiB rule. */
		if (*v != '\0' && strspn(v, "0123456789") == strlen(v) &&
		    strlen(v) < 16)
			n = strtoull(v, NULL, 10);
		else if (model_memsize(v, &n) == -1)
			n = 0;
		if (n < 4096) {
			xasprintf(cause, "%s:%d: console_log_size: \"%s\" is "
			    "not a size of at least 4K", path,
			    conf_lineof(c, "console_log_size"), v);
			conf_free(c);
			return (-1);
		}
		hostconf.h_logsize = (size_t)n;
	}
	conf_free(c);
	if (hostconf.h_vmdir == NULL)
		return (hostconf_rcconf(cause));
	return (0);
}

/* vm_dir, or NULL. */
const char *
hostconf_vmdir(void)
{
	return (hostconf.h_vmdir);
}

/* vm_list, or "". */
const char *
hostconf_vmlist(void)
{
	return (hostconf.h_vmlist == NULL ? "" : hostconf.h_vmlist);
}

/* The file vm_list was read from, or NULL. */
const char *
hostconf_vmlist_file(void)
{
	return (hostconf.h_vmlist_file);
}

/* vm_delay. */
int
hostconf_vmdelay(void)
{
	return (hostconf.h_vmdelay);
}

/* console.log rotation size. */
size_t
hostconf_console_log_size(void)
{
	return (hostconf.h_logsize);
}

/* Where hyve.conf was looked for. */
const char *
hostconf_path(void)
{
	return (hostconf.h_path == NULL ? HOSTCONF_DEFAULT : hostconf.h_path);
}

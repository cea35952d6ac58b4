/*
 * cmd-configure.c - "hyve configure" (or "edit"): edit a guest's config
 * in $EDITOR, checked before it is installed.
 */
#include "compat.h"

#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "conf.h"
#include "guest.h"
#include "hyve.h"
#include "paths.h"
#include "spawn.h"
#include "storage.h"
#include "xmalloc.h"

static int	cmd_configure_exec(struct cmd_args *);

const struct cmd_entry cmd_configure_entry = {
	.ce_name = "configure",
	.ce_alias = "edit",
	.ce_usage = "[-n] name",
	.ce_help = "edit a guest's config in $EDITOR; saved only when valid",
	.ce_optstring = "n",
	.ce_minargs = 1,
	.ce_maxargs = 1,
	.ce_flags = CMD_ROOT,
	.ce_exec = cmd_configure_exec,
};

/*
 * The editor's argv: $VISUAL, else $EDITOR, split into words, else
 * path_editor.  No shell runs it and PATH is not searched, so its
 * first word must be an absolute path.  NULL after printing why.
 */
static struct argv *
cmd_configure_editor(const char *file)
{
	struct argv	*a;
	const char	*e;

	if ((e = getenv("VISUAL")) == NULL || *e == '\0')
		e = getenv("EDITOR");
	a = argv_new();
	if (e == NULL || *e == '\0')
		argv_add(a, paths_get(PATH_EDITOR));
	else
		argv_addsplit(a, e);
	if (a->a_n == 0 || a->a_v[0][0] != '/') {
		warnx("editor \"%s\": give its absolute path in $EDITOR "
		    "(hyve runs it without a shell or a PATH search)",
		    e != NULL ? e : "");
		argv_free(a);
		return (NULL);
	}
	argv_add(a, file);
	return (a);
}

/* Run the editor on file; -1 after printing why when it fails. */
static int
cmd_configure_run(const char *file)
{
	struct argv	*a;
	char		*cause = NULL, st[64];
	pid_t		 pid;
	int		 status, rv = -1;

	if ((a = cmd_configure_editor(file)) == NULL)
		return (-1);
	if ((pid = spawn_start(a, STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO,
	    SPAWN_KEEPENV, &cause)) == -1) {
		warnx("%s", cause);
		free(cause);
		goto done;
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			goto done;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		warnx("%s: %s", a->a_v[0], spawn_status(status, st,
		    sizeof(st)));
		goto done;
	}
	rv = 0;
done:
	argv_free(a);
	return (rv);
}

/* Ask whether to edit again; end of input means no. */
static bool
cmd_configure_again(void)
{
	char	 line[16];

	printf("Edit again? (y/N) ");
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL) {
		printf("\n");
		return (false);
	}
	return (line[0] == 'y' || line[0] == 'Y');
}

/* Write text into a new private temporary file; its path or NULL. */
static char *
cmd_configure_temp(const char *name, const char *text, size_t len)
{
	const char	*tmpdir;
	char		*path;
	int		 fd;

	if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	/* The .conf suffix lets editors pick their rc.conf syntax. */
	xasprintf(&path, "%s/hyve-%s.XXXXXX.conf", tmpdir, name);
	if ((fd = mkstemps(path, 5)) == -1) {
		warn("%s", path);
		free(path);
		return (NULL);
	}
	if (write(fd, text, len) != (ssize_t)len || close(fd) == -1) {
		warn("%s", path);
		(void)unlink(path);
		free(path);
		return (NULL);
	}
	return (path);
}

/* The current contents of file, or NULL. */
static char *
cmd_configure_read(const char *file, size_t *len)
{
	struct conf	*c;
	char		*text, *cause = NULL;

	if ((c = conf_load(file, &cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
		return (NULL);
	}
	text = conf_text(c, len);
	conf_free(c);
	return (text);
}

/*
 * Edit a copy until it is valid or the administrator gives up, then
 * install it in one atomic write, unless the file changed meanwhile.
 */
static int
cmd_configure_exec(struct cmd_args *ca)
{
	struct storage_plan	*sp = NULL;
	struct guest		*g;
	struct conf		*c = NULL;
	char			*orig, *now = NULL, *tmp = NULL, *cause = NULL;
	size_t			 olen, nlen;
	int			 rv = HYVE_EXIT_ERR;
	bool			 keep = false;

	if ((g = change_guest(ca->ca_argv[0])) == NULL)
		return (HYVE_EXIT_ERR);
	orig = conf_text(g->g_conf, &olen);
	if ((tmp = cmd_configure_temp(g->g_name, orig, olen)) == NULL)
		goto done;
	for (;;) {
		if (cmd_configure_run(tmp) == -1)
			goto done;
		conf_free(c);
		if ((c = conf_load(tmp, &cause)) == NULL) {
			warnx("%s", cause);
			free(cause);
			cause = NULL;
		} else {
			free(c->c_path);
			c->c_path = xstrdup(g->g_file);
			c->c_mode = g->g_conf->c_mode;
			if (change_check(g, c) == 0)
				break;
		}
		if (!cmd_configure_again()) {
			warnx("%s: not changed", g->g_name);
			goto done;
		}
	}
	free(now);
	now = conf_text(c, &nlen);
	if (nlen == olen && memcmp(now, orig, olen) == 0) {
		printf("%s: no changes\n", g->g_name);
		rv = HYVE_EXIT_OK;
		goto done;
	}
	free(now);
	/* Someone else's change in the meantime must not be lost. */
	if ((now = cmd_configure_read(g->g_file, &nlen)) == NULL ||
	    nlen != olen || memcmp(now, orig, olen) != 0) {
		warnx("%s: %s changed while you edited it; your version is "
		    "in %s", g->g_name, g->g_file, tmp);
		keep = true;
		goto done;
	}
	sp = storage_plan_new();
	free(now);
	now = conf_text(c, &nlen);
	storage_write(sp, g->g_file, now, c->c_mode, true);
	if ((rv = change_apply(g->g_name, sp, ca->ca_set['n'])) ==
	    HYVE_EXIT_OK && !ca->ca_set['n'])
		printf("%s: %s saved\n", g->g_name, g->g_file);
done:
	if (tmp != NULL && !keep)
		(void)unlink(tmp);
	free(tmp);
	free(now);
	free(orig);
	conf_free(c);
	storage_plan_free(sp);
	guest_free(g);
	return (rv);
}

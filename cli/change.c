/*
 * change.c - what the commands that change guests share: loading a
 * guest whatever its config holds, holding its lock so that it cannot
 * start meanwhile, checking a new config through the model, and
 * printing or carrying out a storage plan.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autostart.h"
#include "conf.h"
#include "datastore.h"
#include "diag.h"
#include "guest.h"
#include "hostconf.h"
#include "hyve.h"
#include "model.h"
#include "name.h"
#include "paths.h"
#include "plan.h"
#include "runstate.h"
#include "slots.h"
#include "storage.h"
#include "xmalloc.h"

/*
 * Load guest name even when its config has errors (set and edit are how
 * they get fixed).  NULL after printing why when it does not exist.
 */
struct guest *
change_guest(const char *name)
{
	return (client_load(name));
}

/*
 * Refuse a running guest; unless dryrun, take its lock so that no
 * "hyve start" can begin while the command works.  Returns the lock fd
 * (-2 for a dry run, which takes none), or -1 after printing why.
 */
int
change_lock(const char *name, const char *what, bool dryrun)
{
	char	*cause = NULL;
	bool	 busy = false;
	int	 fd;

	if (dryrun) {
		if (!runstate_running(name))
			return (-2);
		busy = true;
		fd = -1;
	} else
		fd = runstate_lock(name, &busy, &cause);
	if (fd == -1) {
		if (busy)
			warnx("%s is running: stop it before you %s it (hyve "
			    "stop %s)", name, what, name);
		else {
			warnx("%s: %s", name, cause);
			free(cause);
		}
	}
	return (fd);
}

/* Release a lock from change_lock(). */
void
change_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/*
 * Check c as the new config of g (same name, directory and datastore)
 * the way "hyve check" does: the model, then the PCI slot layout.
 * Prints every problem; returns -1 when there are errors.
 */
int
change_check(const struct guest *g, const struct conf *c)
{
	struct guest		*n;
	struct conf		*copy;
	struct slot_opts	 so;
	char			*text, *cause = NULL;
	size_t			 len;
	int			 rv = -1;

	text = conf_text(c, &len);
	copy = conf_parse(c->c_path, text, len, &cause);
	free(text);
	if (copy == NULL ||
	    (n = guest_fromconf(copy, g->g_name, g->g_gdir, g->g_dspath,
	    g->g_dataset, g->g_vmdir, paths_get(PATH_FIRMWARE_DIR),
	    &cause)) == NULL) {
		warnx("%s: %s", g->g_name, cause);
		free(cause);
		return (-1);
	}
	if (n->g_diag->d_nerrors == 0) {
		memset(&so, 0, sizeof(so));
		so.so_fbuf = true;
		so.so_install = n->g_vm->vm_nulliso_fix;
		slots_free(slots_assign(n->g_vm, &so, n->g_diag));
	}
	diag_print(n->g_diag, stderr);
	if (n->g_diag->d_nerrors == 0)
		rv = 0;
	guest_free(n);
	return (rv);
}

/*
 * Print the plan (dry run) or carry it out.  Returns HYVE_EXIT_OK, or
 * HYVE_EXIT_ERR after printing why it failed (everything undone).
 */
int
change_apply(const char *name, struct storage_plan *sp, bool dryrun)
{
	struct plan	*p;
	char		*cause = NULL;

	if (dryrun) {
		p = plan_new();
		storage_describe(sp, p);
		printf("plan for %s:\n", name);
		plan_print(p, stdout);
		plan_free(p);
		return (HYVE_EXIT_OK);
	}
	if (storage_execute(sp, &cause) == -1) {
		warnx("%s: %s (nothing changed)", name, cause);
		free(cause);
		return (HYVE_EXIT_ERR);
	}
	return (HYVE_EXIT_OK);
}

/*
 * Check that newname is free for a new guest: a valid name that no
 * datastore holds.  Returns -1 after printing why not.
 */
int
change_newname(const struct datastore_list *dl, const char *newname)
{
	const struct datastore	*ds;
	char			*cause = NULL;

	if (!name_valid(newname, &cause)) {
		warnx("%s", cause);
		free(cause);
		return (-1);
	}
	if ((ds = datastore_guest(dl, newname)) != NULL) {
		warnx("%s: a guest of that name exists (in datastore %s, "
		    "%s/%s)", newname, ds->ds_name, ds->ds_path, newname);
		return (-1);
	}
	return (0);
}

/*
 * Validate c as g's new config and write it (or print the plan).
 * The common tail of set, add, insert and eject.
 */
int
change_writeconf(const struct guest *g, const struct conf *c,
    struct storage_plan *sp, bool dryrun)
{
	char	*text;
	size_t	 len;

	if (change_check(g, c) == -1) {
		warnx("%s: not changed: the new config has errors", g->g_name);
		return (HYVE_EXIT_ERR);
	}
	if (sp->sp_n == 0 || sp->sp_v[sp->sp_n - 1].so_kind !=
	    STORAGE_WRITE) {
		text = conf_text(c, &len);
		storage_write(sp, c->c_path, text, c->c_mode, true);
		free(text);
	}
	return (change_apply(g->g_name, sp, dryrun));
}

/* A copy of g's config to edit; it is saved under the same path. */
struct conf *
change_copy(const struct guest *g)
{
	struct conf	*c;
	char		*text, *cause = NULL;
	size_t		 len;

	text = conf_text(g->g_conf, &len);
	/* The text came from conf, so it parses again. */
	if ((c = conf_parse(g->g_conf->c_path, text, len, &cause)) == NULL)
		errx(HYVE_EXIT_ERR, "%s: %s", g->g_name, cause);
	free(text);
	c->c_mode = g->g_conf->c_mode;
	return (c);
}

/*
 * After guest name is renamed to newname (NULL: destroyed), say so when
 * vm_list still names it: startall would look for a guest that is gone.
 * hyve does not rewrite rc.conf or hyve.conf behind the administrator's
 * back (vm-bhyve leaves vm_list alone too); it gives the command that
 * does, with the list as it should read.
 */
void
change_vmlist(const char *name, const char *newname)
{
	const char	*file = hostconf_vmlist_file();
	char		*list;

	if (file == NULL || autostart_listpos(hostconf_vmlist(), name) == 0)
		return;
	list = autostart_listedit(hostconf_vmlist(), name, newname);
	warnx("%s: vm_list in %s still names it; update it with: sysrc -f "
	    "%s vm_list=\"%s\"", name, file, file, list);
	free(list);
}

/*
 * hook.c - running a guest's hook scripts from the supervisor.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "hook.h"
#include "spawn.h"
#include "supervise.h"
#include "xmalloc.h"

/* Log each line a hook printed, and keep the last non-empty one. */
static void
sv_hook_output(struct sv *sv, const char *name, char *out, char *last,
    size_t len)
{
	char	*line, *next;

	*last = '\0';
	for (line = out; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (*line == '\0')
			continue;
		sv_log(sv, "%s: %s", name, line);
		snprintf(last, len, "%s", line);
	}
}

/*
 * Run the guest's hook of this kind to completion, in the guest's
 * directory, killed (with its whole process group) after hook_timeout.
 * Returns 0 when there is none, when it is not executable (skipped, as
 * vm-bhyve skips a prestart it cannot run) or when it exits 0; else -1
 * with a message for the user in msg.
 */
int
sv_hook(struct sv *sv, enum hook_kind kind, char *msg, size_t len)
{
	struct hook_facts	 hf;
	struct spawn_opts	 so;
	struct hook		*hk;
	const char		*name = hook_name(kind);
	char			*cmd, *out = NULL, *cause = NULL, last[256];
	int			 rv;

	memset(&hf, 0, sizeof(hf));
	hf.hf_state = sv_statename(sv->sv_state);
	hf.hf_boot = sv->sv_boots;
	hf.hf_reason = kind == HOOK_POSTSTOP ? sv->sv_reason : NULL;
	if ((hk = hook_new(sv->sv_vm, kind, &hf)) == NULL)
		return (0);
	if (access(hk->hk_path, X_OK) == -1) {
		sv_log(sv, "%s hook %s is not executable; skipped", name,
		    hk->hk_path);
		hook_free(hk);
		return (0);
	}
	cmd = argv_string(hk->hk_argv);
	sv_log(sv, "running %s hook: %s", name, cmd);
	free(cmd);
	memset(&so, 0, sizeof(so));
	so.so_env = hk->hk_env;
	so.so_dir = hk->hk_dir;
	so.so_flags = SPAWN_SETSID;
	rv = spawn_runx(hk->hk_argv, &so, &out, hk->hk_timeout * 1000,
	    &cause);
	sv_hook_output(sv, name, out, last, sizeof(last));
	if (rv == -1 && strstr(cause, "timed out") != NULL)
		snprintf(msg, len, "%s hook %s killed after %d s "
		    "(hook_timeout)", name, hk->hk_path, hk->hk_timeout);
	else if (rv == -1)
		snprintf(msg, len, "%s hook %s: %s", name, hk->hk_path, cause);
	else if (rv != 0)
		snprintf(msg, len, "%s hook %s exited %d%s%s", name,
		    hk->hk_path, rv, *last != '\0' ? ": " : "", last);
	if (rv != 0)
		sv_log(sv, "%s", msg);
	free(out);
	free(cause);
	hook_free(hk);
	return (rv == 0 ? 0 : -1);
}

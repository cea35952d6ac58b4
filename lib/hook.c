/*
 * hook.c - what a guest's hook scripts are run with.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "hook.h"
#include "model.h"
#include "xmalloc.h"

static const char *const hook_names[] = {
	[HOOK_PRESTART] = "prestart",
	[HOOK_POSTSTART] = "poststart",
	[HOOK_PRESTOP] = "prestop",
	[HOOK_POSTSTOP] = "poststop",
};

/* The key of a hook kind. */
const char *
hook_name(enum hook_kind kind)
{
	return (hook_names[kind]);
}

/* The program a guest names for kind, or NULL. */
static const char *
hook_program(const struct vm *vm, enum hook_kind kind)
{
	switch (kind) {
	case HOOK_PRESTART:
		return (vm->vm_prestart);
	case HOOK_POSTSTART:
		return (vm->vm_poststart);
	case HOOK_PRESTOP:
		return (vm->vm_prestop);
	case HOOK_POSTSTOP:
		return (vm->vm_poststop);
	}
	return (NULL);
}

/* Append "key=value" to a NULL-terminated environment of n entries. */
static void
hook_setenv(char ***env, size_t *n, const char *key, const char *value)
{
	*env = xreallocarray(*env, *n + 2, sizeof(**env));
	xasprintf(&(*env)[*n], "%s=%s", key, value);
	(*env)[++*n] = NULL;
}

/* Build the hook of this kind, or NULL when the guest has none. */
struct hook *
hook_new(const struct vm *vm, enum hook_kind kind,
    const struct hook_facts *hf)
{
	struct hook	*hk;
	const char	*prog;
	char		 num[32];
	size_t		 n = 0;

	if ((prog = hook_program(vm, kind)) == NULL || *prog == '\0')
		return (NULL);
	hk = xcalloc(1, sizeof(*hk));
	hk->hk_kind = kind;
	/* vm-bhyve: "relative names are under GDIR" (vm::prestart). */
	if (prog[0] == '/')
		hk->hk_path = xstrdup(prog);
	else
		xasprintf(&hk->hk_path, "%s/%s", vm->vm_dir, prog);
	hk->hk_dir = vm->vm_dir;
	hk->hk_timeout = vm->vm_hook_timeout;

	/*
	 * vm-bhyve runs prestart as "PROGRAM NAME DSET/NAME" (DSET empty
	 * for a directory datastore, giving "/NAME"); every hook gets the
	 * same words so one script can serve all four.
	 */
	hk->hk_argv = argv_new();
	argv_add(hk->hk_argv, hk->hk_path);
	argv_add(hk->hk_argv, vm->vm_name);
	argv_addf(hk->hk_argv, "%s/%s", vm->vm_dataset != NULL ?
	    vm->vm_dataset : "", vm->vm_name);

	/* The fixed part of every child's environment (spawn.c), then ours. */
	hook_setenv(&hk->hk_env, &n, "PATH",
	    "/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin");
	hook_setenv(&hk->hk_env, &n, "LC_ALL", "C");
	hook_setenv(&hk->hk_env, &n, "HYVE_HOOK", hook_name(kind));
	hook_setenv(&hk->hk_env, &n, "HYVE_NAME", vm->vm_name);
	hook_setenv(&hk->hk_env, &n, "HYVE_DIR", vm->vm_dir);
	hook_setenv(&hk->hk_env, &n, "HYVE_CONFFILE", vm->vm_conffile);
	hook_setenv(&hk->hk_env, &n, "HYVE_DATASTORE", vm->vm_dspath);
	if (vm->vm_dataset != NULL)
		hook_setenv(&hk->hk_env, &n, "HYVE_DATASET", vm->vm_dataset);
	hook_setenv(&hk->hk_env, &n, "HYVE_STATE", hf->hf_state);
	snprintf(num, sizeof(num), "%d", hf->hf_boot);
	hook_setenv(&hk->hk_env, &n, "HYVE_BOOT", num);
	if (hf->hf_reason != NULL)
		hook_setenv(&hk->hk_env, &n, "HYVE_REASON", hf->hf_reason);
	return (hk);
}

/* Release a hook. */
void
hook_free(struct hook *hk)
{
	size_t	 i;

	if (hk == NULL)
		return;
	if (hk->hk_env != NULL)
		for (i = 0; hk->hk_env[i] != NULL; i++)
			free(hk->hk_env[i]);
	free(hk->hk_env);
	argv_free(hk->hk_argv);
	free(hk->hk_path);
	free(hk);
}

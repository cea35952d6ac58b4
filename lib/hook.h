/*
 * hook.h - the administrator's scripts around a guest's life.
 *
 * A guest may name four programs (keys prestart, poststart, prestop,
 * poststop).  The supervisor runs them; this module only says what to
 * run and with what: the argv (vm-bhyve's: PROGRAM NAME DSET/NAME), the
 * working directory (the guest's directory) and the environment
 * (HYVE_HOOK, HYVE_NAME, HYVE_DIR, HYVE_STATE, ...).  Nothing here
 * touches the host.
 *
 * Ownership: hook_free() releases a struct hook and accepts NULL.
 */
#ifndef HYVE_HOOK_H
#define HYVE_HOOK_H

struct argv;
struct vm;

enum hook_kind {
	HOOK_PRESTART,
	HOOK_POSTSTART,
	HOOK_PRESTOP,
	HOOK_POSTSTOP
};

/* What to run for one hook. */
struct hook {
	enum hook_kind	 hk_kind;
	char		*hk_path;	/* absolute program path */
	struct argv	*hk_argv;
	char		**hk_env;	/* NULL-terminated "KEY=value" */
	const char	*hk_dir;	/* working directory (the guest's) */
	int		 hk_timeout;	/* seconds */
};

/* The facts of the moment a hook runs. */
struct hook_facts {
	const char	*hf_state;	/* "starting", "running", ... */
	int		 hf_boot;	/* boot number, from 1 */
	const char	*hf_reason;	/* why it stopped, or NULL */
};

/* The key naming the hook ("prestart"). */
const char	*hook_name(enum hook_kind);
/*
 * The hook of this kind for vm, or NULL when the guest sets none.  A
 * relative program name is taken from the guest's directory, as
 * vm-bhyve does.
 */
struct hook	*hook_new(const struct vm *, enum hook_kind,
		    const struct hook_facts *);
void		 hook_free(struct hook *);

#endif /* HYVE_HOOK_H */

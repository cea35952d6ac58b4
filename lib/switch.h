/*
 * switch.h - vm-bhyve's virtual switches: what the host has (parsed
 * from "ifconfig -a") and the plans that change it.
 *
 * Pure code: nothing here runs a command.  A plan is a list of commands,
 * each with the command that undoes it (or none), and the system.conf
 * edits to make once every command has succeeded; cli/cmd-switch.c runs
 * it.  The commands, names and keys are vm-bhyve's (vm-bhyve-compat.md
 * §1.5, §5.5) so that both tools manage the same switches.
 *
 * Ownership: switch_host_parse() and the switch_plan_*() functions
 * return objects the caller frees with switch_host_free() and
 * switch_plan_free(); strings inside live as long as their object.
 */
#ifndef HYVE_SWITCH_H
#define HYVE_SWITCH_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct argv;
struct conf;
struct sysconf;

/* One member of a bridge. */
struct switch_port {
	char		*sp_name;
	bool		 sp_span;	/* a span port, not a member */
	bool		 sp_private;
};

/* One interface as "ifconfig -a" shows it. */
struct switch_if {
	char			*si_name;
	int			 si_mtu;
	bool			 si_up;
	char			*si_descr;	/* NULL without one */
	char			*si_inet;	/* first IPv4 address or NULL */
	char			**si_groups;
	size_t			 si_ngroups;
	struct switch_port	*si_ports;	/* bridges: members */
	size_t			 si_nports;
};

/* Every interface of the host. */
struct switch_host {
	struct switch_if	*sh_if;
	size_t			 sh_n;
};

/* Parse the output of "ifconfig -a" (FreeBSD's format). */
struct switch_host	*switch_host_parse(const char *text);
void			 switch_host_free(struct switch_host *);
/* The interface called name, or NULL. */
const struct switch_if	*switch_host_find(const struct switch_host *,
			    const char *name);
/* The first interface in group, or NULL. */
const struct switch_if	*switch_host_group(const struct switch_host *,
			    const char *group);
/* Is the interface in group? */
bool			 switch_if_ingroup(const struct switch_if *,
			    const char *group);
/*
 * The bridge of switch name on this host: bridge_NAME for a manual
 * switch, else the interface in the switch's viid group.  NULL if none.
 */
const struct switch_if	*switch_bridge(const struct sysconf *,
			    const struct switch_host *, const char *name);

/*
 * The word a plan uses for a bridge whose name the kernel picks (a
 * switch name too long for "vm-NAME"): replaced by the name the step
 * marked st_names printed.
 */
#define SWITCH_NEWBRIDGE	"<bridge>"

/* One command and the one undoing it (NULL: nothing to undo). */
struct switch_step {
	struct argv	*st_do;
	struct argv	*st_undo;
	bool		 st_names;	/* prints SWITCH_NEWBRIDGE's name */
};

/* A system.conf edit: set key to value, or remove it (value NULL). */
struct switch_edit {
	char		*se_key;
	char		*se_value;
};

struct switch_plan {
	struct switch_step	*sp_steps;
	size_t			 sp_n;
	struct switch_edit	*sp_edits;
	size_t			 sp_nedits;
};

void	switch_plan_free(struct switch_plan *);

/* The options of "switch create"; NULL for one not given. */
struct switch_opts {
	const char	*so_type;	/* -t, default standard */
	const char	*so_if;		/* -i */
	const char	*so_vlan;	/* -v */
	const char	*so_mtu;	/* -m */
	const char	*so_addr;	/* -a */
	const char	*so_bridge;	/* -b */
	bool		 so_private;	/* -p */
};

/*
 * Plans.  Each checks its input against system.conf and the host first
 * and returns NULL with *cause (caller frees) when it is wrong, so that
 * bad input changes nothing.
 */
struct switch_plan	*switch_plan_create(const struct sysconf *,
			    const struct switch_host *, const char *name,
			    const struct switch_opts *, char **cause);
/* users: the guests whose config names the switch, or NULL. */
struct switch_plan	*switch_plan_destroy(const struct sysconf *,
			    const struct switch_host *, const char *name,
			    const char *users, char **cause);
struct switch_plan	*switch_plan_add(const struct sysconf *,
			    const struct switch_host *, const char *name,
			    const char *port, char **cause);
struct switch_plan	*switch_plan_remove(const struct sysconf *,
			    const struct switch_host *, const char *name,
			    const char *port, char **cause);
struct switch_plan	*switch_plan_vlan(const struct sysconf *,
			    const struct switch_host *, const char *name,
			    const char *vlan, char **cause);
/* addr "none" removes the address. */
struct switch_plan	*switch_plan_address(const struct sysconf *,
			    const struct switch_host *, const char *name,
			    const char *addr, char **cause);
struct switch_plan	*switch_plan_private(const struct sysconf *,
			    const struct switch_host *, const char *name,
			    const char *yesno, char **cause);
struct switch_plan	*switch_plan_mtu(const struct sysconf *,
			    const struct switch_host *, const char *name,
			    const char *mtu, char **cause);

/* Is name in system.conf's switch_list? */
bool		 switch_listed(const struct sysconf *, const char *name);
/*
 * A list value with word added (add true) or removed, as vm-bhyve's
 * config::core::set/remove edit switch_list and ports_NAME; caller
 * frees.
 */
char		*switch_listedit(const char *list, const char *word,
		    bool add);
/*
 * The guest and NIC of a tap described "vmnet/GUEST/N/SWITCH" (as hyve
 * and vm-bhyve describe them); -1 for another description.  *guest is
 * allocated (caller frees).
 */
int		 switch_tapowner(const char *descr, char **guest, int *nic);
/*
 * The label hyve.conf gives interface or switch name in a line
 * BRIDGE_NAME_NAME="label" (in NAME, '-' and '.' are written '_'; the
 * first such line counts), or NULL; caller frees.  Read from the raw
 * lines: rc-style parsing takes lower-case keys only.
 */
char		*switch_label(const struct conf *, const char *name);

/* The multicast group of a vxlan switch: 239.a.b.c from MD5(name). */
char		*switch_vxlangroup(const char *name);

#endif /* HYVE_SWITCH_H */

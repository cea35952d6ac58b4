/*
 * hyve.h - the command-line tool: one table of commands, one file each.
 */
#ifndef HYVE_HYVE_H
#define HYVE_HYVE_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "plan.h"

/* Exit statuses shared by every command (hyve.8 EXIT STATUS). */
#define HYVE_EXIT_OK	0
#define HYVE_EXIT_ERR	1
#define HYVE_EXIT_USAGE	64	/* EX_USAGE */

/* Long-only options get codes above any byte. */
#define OPT_CONFIG	256
#define OPT_JSON	257
#define OPT_EXPECT	258
#define OPT_TIMEOUT	259
#define OPT_REMOTE	264
#define OPT_MAX		272

/* The parsed command line of one command. */
struct cmd_args {
	bool	 ca_set[OPT_MAX];	/* option given */
	char	*ca_val[OPT_MAX];	/* its argument, if it takes one */
	int	 ca_argc;		/* positional arguments */
	char	**ca_argv;
};

struct cmd_entry {
	const char		*ce_name;
	const char		*ce_alias;
	const char		*ce_usage;	/* after the name, as in hyve.8 */
	const char		*ce_help;	/* one line for "hyve help" */
	const char		*ce_optstring;
	const struct option	*ce_longopts;
	int			 ce_minargs;
	int			 ce_maxargs;	/* -1: no limit */
	int			 ce_flags;
#define CMD_HIDDEN	0x1	/* not listed by help */
#define CMD_ROOT	0x2	/* changes the host: root only, unless -n */
	int			(*ce_exec)(struct cmd_args *);
};

extern const struct cmd_entry	 cmd_add_entry;
extern const struct cmd_entry	 cmd_argv_entry;
extern const struct cmd_entry	 cmd_check_entry;
extern const struct cmd_entry	 cmd_clone_entry;
extern const struct cmd_entry	 cmd_configure_entry;
extern const struct cmd_entry	 cmd_console_entry;
extern const struct cmd_entry	 cmd_create_entry;
extern const struct cmd_entry	 cmd_datastore_entry;
extern const struct cmd_entry	 cmd_destroy_entry;
extern const struct cmd_entry	 cmd_disk_entry;
extern const struct cmd_entry	 cmd_eject_entry;
extern const struct cmd_entry	 cmd_exec_entry;
extern const struct cmd_entry	 cmd_get_entry;
extern const struct cmd_entry	 cmd_help_entry;
extern const struct cmd_entry	 cmd_info_entry;
extern const struct cmd_entry	 cmd_init_entry;
extern const struct cmd_entry	 cmd_insert_entry;
extern const struct cmd_entry	 cmd_install_entry;
extern const struct cmd_entry	 cmd_image_entry;
extern const struct cmd_entry	 cmd_iso_entry;
extern const struct cmd_entry	 cmd_list_entry;
extern const struct cmd_entry	 cmd_migrate_entry;
extern const struct cmd_entry	 cmd_netmap_entry;
extern const struct cmd_entry	 cmd_poweroff_entry;
extern const struct cmd_entry	 cmd_receive_entry;
extern const struct cmd_entry	 cmd_rename_entry;
extern const struct cmd_entry	 cmd_reset_entry;
extern const struct cmd_entry	 cmd_restart_entry;
extern const struct cmd_entry	 cmd_rollback_entry;
extern const struct cmd_entry	 cmd_send_entry;
extern const struct cmd_entry	 cmd_set_entry;
extern const struct cmd_entry	 cmd_snapshot_entry;
extern const struct cmd_entry	 cmd_start_entry;
extern const struct cmd_entry	 cmd_startall_entry;
extern const struct cmd_entry	 cmd_status_entry;
extern const struct cmd_entry	 cmd_stop_entry;
extern const struct cmd_entry	 cmd_stopall_entry;
extern const struct cmd_entry	 cmd_switch_entry;
extern const struct cmd_entry	 cmd_version_entry;
extern const struct cmd_entry	 cmd_wait_entry;

struct argv;
struct autostart_guest;
struct conf;
struct datastore_list;
struct guest;
struct proto_resp;
struct vm;
struct zfs_rows;
struct zfs_steps;
struct switch_host;
struct sysconf;
struct storage_plan;

/* change.c */
struct guest		*change_guest(const char *);
int			 change_lock(const char *, const char *, bool);
void			 change_unlock(int);
int			 change_check(const struct guest *, const struct conf *);
int			 change_apply(const char *, struct storage_plan *, bool);
int			 change_newname(const struct datastore_list *,
			    const char *);
int			 change_writeconf(const struct guest *,
			    const struct conf *, struct storage_plan *, bool);
struct conf		*change_copy(const struct guest *);
void			 change_vmlist(const char *, const char *);

/*
 * Every guest of the host's datastores (the first of a name, as vm-bhyve
 * searches), with the guests that start with the host in start order.
 * client_fleet_free() releases it and accepts NULL.
 */
struct client_fleet {
	char			**cf_names;	/* owned */
	struct autostart_guest	*cf_v;		/* ag_name: cf_names[i] */
	int			*cf_timeout;	/* stop_timeout of each */
	size_t			 cf_n;
	size_t			*cf_start;	/* indexes into cf_v */
	size_t			 cf_nstart;
};

/* client.c */
void			 client_hostconf(void);
struct guest		*client_load(const char *);
struct guest		*client_loadfile(const struct cmd_args *);
struct guest		*client_guest(const char *);
bool			 client_exists(const char *);
int			 client_request(const char *, uint32_t, uint32_t,
			    const char *, struct proto_resp *, char **);
int			 client_waitclose(int, int);
int			 client_simple(const char *, uint32_t, uint32_t);
bool			 client_confirm(const char *, const char *);
int			 client_button(const struct cmd_args *, const char *,
			    enum plan_stopkind, uint32_t);
int			 client_stopplan(const char *, enum plan_stopkind, bool);
struct client_fleet	*client_fleet(void);
void			 client_fleet_free(struct client_fleet *);

/* cmd-switch.c: what switch and netmap read. */
struct swctx {
	struct sysconf		*sc;		/* vm_dir's system.conf */
	struct switch_host	*host;		/* "ifconfig -a" */
	struct datastore_list	*dl;
};
int			 cmd_switch_load(struct swctx *);
void			 cmd_switch_unload(struct swctx *);
/* The guests whose config names a switch, "db, web", or NULL. */
char			*cmd_switch_users(const struct datastore_list *,
			    const char *);

/* cmd-iso.c: where install, insert and argv find an install ISO. */
char			*cmd_iso_find(const char *, const char *);

/* start.c */
int			 start_guest(const char *, const char *, bool, bool);

/* zfsguest.c */
struct guest		*zfsguest_load(const char *, const char *, char **);
int			 zfsguest_split(const char *, char **, char **);
char			*zfsguest_snapname(const char *);
int			 zfsguest_run(const char *, const struct zfs_steps *,
			    bool);
bool			 zfsguest_hassnap(const char *,
			    const struct zfs_rows *, const char *);
int			 zfsguest_rollback(const char *, bool, bool);
int			 zfsguest_snapstep(const char *, const char *,
			    const char *, bool, bool);
int			 zfsguest_snapdestroy(const char *, bool);
int			 zfsguest_pipe(const struct argv *,
			    const struct argv *, int, int);
void			 zfsguest_identityplan(struct plan *, const char *,
			    const struct vm *);
int			 zfsguest_identity(const char *, const struct vm *,
			    char **);
bool			 zfsguest_exists(const char *);
int			 zfsguest_flags(int, char **, const char *, bool *);

/* hyve.c */
extern const struct cmd_entry	*cmd_table[];
extern const struct option	 cmd_json_longopts[];
const struct cmd_entry	*cmd_find(const char *, char **cause);
void			 cmd_usage(const struct cmd_entry *, FILE *);
/* Print "usage: ..." for the command to stderr and return EX_USAGE. */
int			 cmd_badusage(const struct cmd_entry *);
void			 cmd_needroot(const char *, bool);

#endif /* HYVE_HYVE_H */

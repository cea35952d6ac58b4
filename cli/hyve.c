/*
 * hyve.c - main(): global options, the command table, the dispatcher.
 */
#include "compat.h"

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hyve.h"
#include "xmalloc.h"

/* Every command, in the order "hyve help" lists them. */
const struct cmd_entry *cmd_table[] = {
	&cmd_create_entry,
	&cmd_destroy_entry,
	&cmd_rename_entry,
	&cmd_add_entry,
	&cmd_disk_entry,
	&cmd_insert_entry,
	&cmd_eject_entry,
	&cmd_configure_entry,
	&cmd_get_entry,
	&cmd_set_entry,
	&cmd_iso_entry,
	&cmd_start_entry,
	&cmd_stop_entry,
	&cmd_restart_entry,
	&cmd_startall_entry,
	&cmd_stopall_entry,
	&cmd_install_entry,
	&cmd_console_entry,
	&cmd_exec_entry,
	&cmd_wait_entry,
	&cmd_list_entry,
	&cmd_info_entry,
	&cmd_datastore_entry,
	&cmd_status_entry,
	&cmd_reset_entry,
	&cmd_poweroff_entry,
	&cmd_snapshot_entry,
	&cmd_rollback_entry,
	&cmd_clone_entry,
	&cmd_send_entry,
	&cmd_receive_entry,
	&cmd_image_entry,
	&cmd_migrate_entry,
	&cmd_switch_entry,
	&cmd_netmap_entry,
	&cmd_argv_entry,
	&cmd_check_entry,
	&cmd_init_entry,
	&cmd_help_entry,
	&cmd_version_entry,
	NULL
};

/* The long options of every command whose only one is --json. */
const struct option cmd_json_longopts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 }
};

/* Print the global usage and every command's synopsis. */
static __dead void
usage(void)
{
	const struct cmd_entry	**ce;

	fprintf(stderr, "usage: %s [-c file] command [arguments]\n",
	    getprogname());
	for (ce = cmd_table; *ce != NULL; ce++)
		if (((*ce)->ce_flags & CMD_HIDDEN) == 0)
			fprintf(stderr, "       %s %s%s%s\n", getprogname(),
			    (*ce)->ce_name, *(*ce)->ce_usage ? " " : "",
			    (*ce)->ce_usage);
	exit(HYVE_EXIT_USAGE);
}

/*
 * Find a command by exact name or alias, else by unique prefix; on
 * failure *cause says why (caller frees).
 */
const struct cmd_entry *
cmd_find(const char *name, char **cause)
{
	const struct cmd_entry	**ce, *found = NULL;
	size_t			 len = strlen(name);
	char			*list = NULL, *tmp;

	for (ce = cmd_table; *ce != NULL; ce++)
		if (strcmp((*ce)->ce_name, name) == 0 ||
		    ((*ce)->ce_alias != NULL &&
		    strcmp((*ce)->ce_alias, name) == 0))
			return (*ce);
	for (ce = cmd_table; *ce != NULL; ce++) {
		if (((*ce)->ce_flags & CMD_HIDDEN) != 0 ||
		    strncmp((*ce)->ce_name, name, len) != 0)
			continue;
		if (found != NULL) {
			if (list == NULL)
				list = xstrdup(found->ce_name);
			xasprintf(&tmp, "%s, %s", list, (*ce)->ce_name);
			free(list);
			list = tmp;
		}
		found = *ce;
	}
	if (list != NULL) {
		xasprintf(cause, "ambiguous command: %s, could be: %s", name,
		    list);
		free(list);
		return (NULL);
	}
	if (found == NULL)
		xasprintf(cause, "unknown command: %s (see \"%s help\")", name,
		    getprogname());
	return (found);
}

/* Print a command's synopsis. */
void
cmd_usage(const struct cmd_entry *ce, FILE *fp)
{
	fprintf(fp, "usage: %s %s%s%s\n", getprogname(), ce->ce_name,
	    *ce->ce_usage ? " " : "", ce->ce_usage);
}

/* Report a usage error for a command. */
int
cmd_badusage(const struct cmd_entry *ce)
{
	cmd_usage(ce, stderr);
	return (HYVE_EXIT_USAGE);
}

/* Parse a command's options and arguments into ca. */
static int
cmd_parse(const struct cmd_entry *ce, int argc, char **argv,
    struct cmd_args *ca)
{
	static const struct option	 none[] = { { NULL, 0, NULL, 0 } };
	char				*opts;
	int				 ch;

	memset(ca, 0, sizeof(*ca));
	/*
	 * getopt_long(3) is called once per process, so optind needs no
	 * reset.  The leading '+' makes glibc stop at the first operand as
	 * BSD getopt does (FreeBSD's getopt_long documents it too).
	 */
	xasprintf(&opts, "+%s", ce->ce_optstring);
	while ((ch = getopt_long(argc, argv, opts,
	    ce->ce_longopts != NULL ? ce->ce_longopts : none, NULL)) != -1) {
		if (ch == '?' || ch == ':' || ch < 0 || ch >= OPT_MAX) {
			free(opts);
			return (-1);
		}
		ca->ca_set[ch] = true;
		ca->ca_val[ch] = optarg;
	}
	free(opts);
	ca->ca_argc = argc - optind;
	ca->ca_argv = argv + optind;
	if (ca->ca_argc < ce->ce_minargs || (ce->ce_maxargs >= 0 &&
	    ca->ca_argc > ce->ce_maxargs))
		return (-1);
	return (0);
}

/*
 * Exit unless root, when what (a command, or "command subcommand")
 * changes the host; a plan (dryrun) is anyone's to print.
 */
void
cmd_needroot(const char *what, bool dryrun)
{
	if (!dryrun && geteuid() != 0)
		errx(HYVE_EXIT_ERR, "%s: must be run as root: it changes the "
		    "host (-n prints what it would do)", what);
}

int
main(int argc, char **argv)
{
	const struct cmd_entry	*ce;
	struct cmd_args		 ca;
	char			*cause = NULL;

	setprogname("hyve");
	argc--;
	argv++;
	/* The only global option is -c FILE; parsed by hand (see above). */
	while (argc > 0 && strcmp(argv[0], "-c") == 0) {
		if (argc < 2)
			usage();
		if (setenv("HYVE_CONF", argv[1], 1) == -1)
			err(HYVE_EXIT_ERR, "setenv");
		argc -= 2;
		argv += 2;
	}
	if (argc == 0 || argv[0][0] == '-')
		usage();
	if ((ce = cmd_find(argv[0], &cause)) == NULL) {
		warnx("%s", cause);
		free(cause);
		return (HYVE_EXIT_USAGE);
	}
	if (cmd_parse(ce, argc, argv, &ca) == -1)
		return (cmd_badusage(ce));
	/*
	 * Say so up front rather than fail half-way on a lock or socket
	 * that only root may open; printing a plan (-n) changes nothing.
	 */
	if ((ce->ce_flags & CMD_ROOT) != 0)
		cmd_needroot(ce->ce_name, ca.ca_set['n']);
	return (ce->ce_exec(&ca));
}

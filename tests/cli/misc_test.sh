#! /usr/bin/env atf-sh
#
# misc_test - the dispatcher: version, help, usage errors, command lookup.

: "${HYVE:=$(atf_get_srcdir)/../../hyve}"

atf_test_case version
version_head()
{
	atf_set descr "version prints the version"
}
version_body()
{
	atf_check -s exit:0 -o match:'^hyve [0-9]+\.[0-9]+\.[0-9]+$' -e empty \
	    "$HYVE" version
}

atf_test_case help
help_head()
{
	atf_set descr "help lists the commands; help CMD shows its usage"
}
help_body()
{
	atf_check -s exit:0 -o match:'^  argv ' -o match:'^  check ' \
	    -e empty "$HYVE" help
	atf_check -s exit:0 -o match:'^usage: hyve argv -f file' -e empty \
	    "$HYVE" help argv
}

atf_test_case usage_errors
usage_errors_head()
{
	atf_set descr "usage errors exit 64 with a usage line"
}
usage_errors_body()
{
	atf_check -s exit:64 -o empty -e match:'^usage: hyve' "$HYVE"
	atf_check -s exit:64 -o empty -e match:'^usage: hyve argv -f file' \
	    "$HYVE" argv
	atf_check -s exit:64 -o empty -e match:'^usage: hyve argv' \
	    "$HYVE" argv -f x.conf extra
	atf_check -s exit:64 -o empty -e match:'usage: hyve version' \
	    "$HYVE" version -q
}

atf_test_case lookup
lookup_head()
{
	atf_set descr "commands are found by name or unique prefix"
}
lookup_body()
{
	atf_check -s exit:0 -o match:'^hyve ' "$HYVE" vers
	atf_check -s exit:64 -o empty \
	    -e inline:"hyve: unknown command: frob (see \"hyve help\")\n" \
	    "$HYVE" frob
}

atf_test_case root_only
root_only_head()
{
	atf_set descr "commands that change the host say they need root"
	atf_set require.user root
	atf_set require.progs setpriv
}
root_only_body()
{
	for c in start install:x stop restart reset poweroff console exec:x; do
		set -- "${c%%:*}" web
		[ "$c" = "${c#*:}" ] || set -- "$@" "${c#*:}"
		c=$1
		atf_check -s exit:1 -o empty \
		    -e inline:"hyve: $c: must be run as root: it changes the host (-n prints what it would do)\n" \
		    setpriv --reuid=65534 --regid=65534 --clear-groups \
		    "$HYVE" "$@"
	done
	# Commands that only read work for anyone.
	atf_check -s exit:0 -o match:'^hyve ' \
	    setpriv --reuid=65534 --regid=65534 --clear-groups "$HYVE" version
}

atf_init_test_cases()
{
	atf_add_test_case version
	atf_add_test_case help
	atf_add_test_case usage_errors
	atf_add_test_case lookup
	atf_add_test_case root_only
}

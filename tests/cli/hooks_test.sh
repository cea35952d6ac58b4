#! /usr/bin/env atf-sh
#
# hooks_test - the prestart, poststart, prestop and poststop hooks: what
# they are run with, when, a failing prestart, and hook_timeout.

. "$(atf_get_srcdir)/../fake/fakehost.sh"

# hooks_script FILE: a hook that appends its name, state, arguments,
# directory and environment to $FH/hooks.out, then exits $HOOK_EXIT.
hooks_script()
{
	cat >"$1" <<-EOF
	#!/bin/sh
	{
	echo "\$HYVE_HOOK state=\$HYVE_STATE boot=\$HYVE_BOOT args=\$* pwd=\$(pwd)"
	echo "  name=\$HYVE_NAME dir=\$HYVE_DIR conf=\$HYVE_CONFFILE"
	echo "  reason=\$HYVE_REASON"
	} >>"$FH/hooks.out"
	EOF
	chmod +x "$1"
}

# hooks_dead PID: whether process PID is gone or a zombie.
hooks_dead()
{
	case "$(ps -o stat= -p "$1")" in
	''|Z*)	return 0 ;;
	esac
	return 1
}

fakehost_case all_four "each hook runs once, in order, with the guest name, directory and state"
all_four_body()
{
	fakehost_setup
	fakehost_guest web 'prestart="hook.sh"' "poststart=\"$FH/vm/web/hook.sh\"" \
	    'prestop="hook.sh"' 'poststop="hook.sh"'
	hooks_script "$FH/vm/web/hook.sh"
	D=$FH/vm/web
	atf_check -o match:"^hook prestart: run $D/hook.sh web /web in $D, HYVE_STATE=starting, killed after 30 s    # a failure stops the start\$" \
	    -o match:"^hook poststart: run $D/hook.sh web /web in $D, HYVE_STATE=running," \
	    "$HYVE" start -n web
	[ -e "$FH/hooks.out" ] && atf_fail "start -n ran a hook"
	fakehost_start web
	atf_check -o match:'^hook prestop: run .*HYVE_STATE=stopping' \
	    -o match:'^hook poststop: run .*HYVE_STATE=stopped' "$HYVE" stop -n web
	atf_check -o inline:'web: stopped\n' "$HYVE" stop web
	cat >expout <<-EOF
	prestart state=starting boot=1 args=web /web pwd=$D
	  name=web dir=$D conf=$D/web.conf
	  reason=
	poststart state=running boot=1 args=web /web pwd=$D
	  name=web dir=$D conf=$D/web.conf
	  reason=
	prestop state=stopping boot=1 args=web /web pwd=$D
	  name=web dir=$D conf=$D/web.conf
	  reason=
	poststop state=stopped boot=1 args=web /web pwd=$D
	  name=web dir=$D conf=$D/web.conf
	  reason=stopped on request
	EOF
	atf_check -o file:expout cat "$FH/hooks.out"
	atf_check -o match:"running prestart hook: $D/hook.sh web /web" \
	    cat "$D/hyve.log"
	fakehost_nothing_left web
}

fakehost_case prestart_fails "a failing prestart stops the start with its message and leaves nothing"
prestart_fails_body()
{
	fakehost_setup
	fakehost_guest web 'prestart="check.sh"' 'poststop="post.sh"'
	printf '#!/bin/sh\necho checking\necho "storage not mounted" >&2\nexit 3\n' \
	    >"$FH/vm/web/check.sh"
	printf '#!/bin/sh\ntouch %s/poststop.ran\n' "$FH" >"$FH/vm/web/post.sh"
	chmod +x "$FH/vm/web/check.sh" "$FH/vm/web/post.sh"
	atf_check -s exit:1 -o empty -e inline:"hyve: web: not started: prestart hook $FH/vm/web/check.sh exited 3: storage not mounted\n" \
	    "$HYVE" start web
	[ "$(fakehost_ncalls 'bhyve')" = 0 ] || atf_fail "bhyve ran after a failed prestart"
	[ "$(fakehost_ncalls 'bhyveload')" = 0 ] || atf_fail "the loader ran after a failed prestart"
	[ -e "$FH/poststop.ran" ] && atf_fail "poststop ran for a guest that never ran"
	atf_check -o match:'prestart: checking' cat "$FH/vm/web/hyve.log"
	fakehost_nothing_left web
	# Fixed, the guest starts.
	printf '#!/bin/sh\nexit 0\n' >"$FH/vm/web/check.sh"
	fakehost_start web
	atf_check -o ignore "$HYVE" stop web
	[ -e "$FH/poststop.ran" ] || atf_fail "poststop did not run"
}

fakehost_case timeout "a hook that runs too long is killed, with its children, after hook_timeout"
timeout_body()
{
	fakehost_setup
	fakehost_guest web 'prestart="slow.sh"' 'hook_timeout="1"'
	printf '#!/bin/sh\nsleep 60 &\necho $! >%s/child.pid\nwait\n' "$FH" \
	    >"$FH/vm/web/slow.sh"
	chmod +x "$FH/vm/web/slow.sh"
	t0=$(date +%s)
	atf_check -s exit:1 -e inline:"hyve: web: not started: prestart hook $FH/vm/web/slow.sh killed after 1 s (hook_timeout)\n" \
	    "$HYVE" start web
	t=$(($(date +%s) - t0))
	[ $t -le 4 ] || atf_fail "the start took $t s with hook_timeout=1"
	pid=$(cat "$FH/child.pid")
	# Gone, or a zombie waiting for init to reap it.
	fakehost_waitfor 2 hooks_dead "$pid"
	fakehost_nothing_left web
}

fakehost_case reporting_hooks "a failing poststart, prestop or poststop is logged; the guest goes on"
reporting_hooks_body()
{
	fakehost_setup
	fakehost_guest web 'poststart="fail.sh"' 'prestop="fail.sh"' \
	    'poststop="fail.sh"'
	printf '#!/bin/sh\necho "it went wrong: $HYVE_HOOK"\nexit 1\n' \
	    >"$FH/vm/web/fail.sh"
	chmod +x "$FH/vm/web/fail.sh"
	fakehost_start web
	atf_check -o match:'^web: running' "$HYVE" status web
	atf_check -o inline:'web: stopped\n' "$HYVE" stop web
	for h in poststart prestop poststop; do
		atf_check -o match:"$h hook $FH/vm/web/fail.sh exited 1: it went wrong: $h" \
		    cat "$FH/vm/web/hyve.log"
	done
	fakehost_nothing_left web
}

fakehost_case not_executable "a hook that is not executable is skipped, as vm-bhyve skips it"
not_executable_body()
{
	fakehost_setup
	fakehost_guest web 'prestart="pre.sh"'
	printf '#!/bin/sh\nexit 1\n' >"$FH/vm/web/pre.sh"
	fakehost_start web
	atf_check -o match:"prestart hook $FH/vm/web/pre.sh is not executable; skipped" \
	    cat "$FH/vm/web/hyve.log"
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case every_boot "prestart and poststart run again when the guest reboots"
every_boot_body()
{
	fakehost_setup
	fakehost_guest web 'prestart="hook.sh"' 'poststart="hook.sh"'
	hooks_script "$FH/vm/web/hook.sh"
	fakehost_start web
	atf_check -s exit:0 -o ignore "$HYVE" exec web root
	atf_check -s exit:0 -o ignore -e empty \
	    "$HYVE" exec --expect 'login: $' web reboot
	atf_check -o ignore "$HYVE" stop web
	atf_check -o match:'^prestart state=starting boot=2 ' cat "$FH/hooks.out"
	atf_check -o match:'^poststart state=running boot=2 ' cat "$FH/hooks.out"
}

atf_init_test_cases()
{
	atf_add_test_case all_four
	atf_add_test_case prestart_fails
	atf_add_test_case timeout
	atf_add_test_case reporting_hooks
	atf_add_test_case not_executable
	atf_add_test_case every_boot
}

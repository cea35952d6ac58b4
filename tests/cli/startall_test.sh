#! /usr/bin/env atf-sh
#
# startall_test - starting and stopping the whole host: the autostart
# order (autostart, autostart_order, vm_list), vm_delay between starts,
# stopall's reverse order, groups and deadline, and the rc.d script.

. "$(atf_get_srcdir)/../fake/fakehost.sh"

# Five guests: a and b/c by autostart_order, e and d by vm_list; f is
# listed but says autostart=no.  a ignores SIGTERM and would take 60 s.
# Start order: a, then b c (order 2, by name), then e d (vm_list).
startall_fleet()
{
	fakehost_setup
	printf 'vm_list="e d f"\nvm_delay="1"\n' >>"$FH/etc/hyve.conf"
	fakehost_guest a 'autostart="yes"' 'autostart_order="1"' \
	    'stop_timeout="60"'
	fakehost_guest b 'autostart="yes"' 'autostart_order="2"'
	fakehost_guest c 'autostart="yes"' 'autostart_order="2"'
	fakehost_guest d
	fakehost_guest e
	fakehost_guest f 'autostart="no"'
	fakehost_knob a sigterm ignore
}

# The guests bhyve was started for, in order, on one line.
startall_booted()
{
	sed -n 's,^bhyve -k .*/run/\([^/]*\)/bhyve.conf$,\1,p' \
	    "$FH/log/calls" | tr '\n' ' '
}

fakehost_case plans "startall -n and stopall -n show the order and change nothing"
plans_body()
{
	startall_fleet
	cat >expout <<-EOF
	plan for startall:
	  start a (autostart_order 1)
	  wait 1 s (vm_delay)
	  start b (autostart_order 2)
	  wait 1 s (vm_delay)
	  start c (autostart_order 2)
	  wait 1 s (vm_delay)
	  start e (autostart_order 10000)
	  wait 1 s (vm_delay)
	  start d (autostart_order 10000)
	EOF
	atf_check -o file:expout -e empty "$HYVE" startall -n
	fakehost_start f
	cat >expout <<-EOF
	plan for stopall (deadline 75 s):
	  stop together: f
	  at the deadline: force off what still runs
	EOF
	atf_check -o file:expout -e empty "$HYVE" stopall -n
	atf_check -o ignore "$HYVE" stop f
	: >"$FH/log/calls"
	atf_check -o inline:'plan for stopall (deadline 9 s):\n' \
	    "$HYVE" stopall -n --timeout 9
	atf_check -s exit:64 -e match:'--timeout 0: too small' \
	    "$HYVE" stopall --timeout 0
	atf_check -s exit:64 -e match:'--timeout x: invalid' \
	    "$HYVE" stopall --timeout x
	atf_check -o empty cat "$FH/log/calls"
}

fakehost_case order_and_delays "startall -w starts the five in order, vm_delay apart"
order_and_delays_body()
{
	startall_fleet
	atf_check -s exit:0 -o save:out -e empty "$HYVE" startall -w
	cat out
	[ "$(startall_booted)" = 'a b c e d ' ] ||
	    atf_fail "booted in the order $(startall_booted)"
	# The starts are vm_delay (1 s) apart, and their times say so.
	sed -n 's/^startall: +\([0-9.]*\) s: starting \(.*\)$/\2 \1/p' out >starts
	atf_check -o inline:'a b c e d \n' sh -c "cut -d' ' -f1 starts | tr '\n' ' '; echo"
	awk 'NR > 1 && $2 - prev < 0.95 { print "too soon: " $0; bad = 1 }
	    { prev = $2 } END { exit bad }' starts || atf_fail "starts closer than vm_delay"
	atf_check -o match:'^startall: \+[0-9.]+ s: done: 5 started, 0 failed$' cat out
	for g in a b c d e; do
		atf_check -o match:"^$g: running" "$HYVE" status $g
	done
	atf_check -s exit:1 -o ignore "$HYVE" status f
	# A second run skips what runs.
	atf_check -s exit:0 -o match:'^a: already running$' "$HYVE" startall -w
	fakehost_knob a sigterm
	atf_check -s exit:0 -o ignore "$HYVE" stopall
}

fakehost_case detached "startall returns at once and starts the guests in the background"
detached_body()
{
	startall_fleet
	t0=$(date +%s)
	atf_check -s exit:0 -o inline:"startall: starting 5 guests in the background; see $FH/run/startall.log\n" \
	    -e empty "$HYVE" startall
	t=$(($(date +%s) - t0))
	[ $t -le 1 ] || atf_fail "startall held the caller for $t s"
	fakehost_waitfor 20 grep -q 'done: 5 started' "$FH/run/startall.log"
	atf_check -o match:'^startall: begun at ' cat "$FH/run/startall.log"
	atf_check -o match:'^d: started$' cat "$FH/run/startall.log"
	[ "$(startall_booted)" = 'a b c e d ' ] ||
	    atf_fail "booted in the order $(startall_booted)"
	fakehost_knob a sigterm
	atf_check -s exit:0 -o ignore "$HYVE" stopall
}

fakehost_case stop_deadline "stopall stops in reverse order, groups together, and forces off at its deadline"
stop_deadline_body()
{
	startall_fleet
	atf_check -s exit:0 -o ignore "$HYVE" startall -w
	# A running guest that does not start with the host goes first.
	fakehost_start f
	t0=$(date +%s)
	atf_check -s exit:0 -o save:out -e empty "$HYVE" stopall --timeout 5
	t=$(($(date +%s) - t0))
	cat out
	[ $t -ge 5 ] || atf_fail "stopall forced a off after $t s, before its deadline"
	[ $t -le 9 ] || atf_fail "stopall took $t s with a 5 s deadline"
	sed 's/+[0-9.]* s/+T s/' out >got
	cat >expout <<-EOF
	stopall: +T s: stopping f
	f: stopped
	stopall: +T s: stopping d e
	d: stopped
	e: stopped
	stopall: +T s: stopping c b
	c: stopped
	b: stopped
	stopall: +T s: stopping a
	stopall: +T s: 1 guest still running at the deadline (5 s)
	stopall: +T s: forcing a off
	a: forced off
	stopall: +T s: done
	EOF
	atf_check -o file:expout cat got
	[ "$(fakehost_ncalls 'bhyvectl --vm=a --force-poweroff')" = 1 ] ||
	    atf_fail "a was not forced off once"
	[ "$(fakehost_ncalls 'bhyvectl --vm=[b-f] --force-poweroff')" = 0 ] ||
	    atf_fail "a guest that stopped on its own was forced off"
	for g in a b c d e f; do
		fakehost_waitfor 5 fakehost_stopped $g
		fakehost_nothing_left $g
	done
}

fakehost_case stray "stopall also stops a running guest whose config left every datastore"
stray_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_guest db 'autostart="yes"'
	fakehost_start web
	fakehost_start db
	mv "$FH/vm/web" "$FH/web.moved"
	cat >expout <<-EOF
	plan for stopall (deadline 75 s):
	  stop together: web
	  stop together: db
	  at the deadline: force off what still runs
	EOF
	atf_check -o file:expout "$HYVE" stopall -n
	atf_check -s exit:0 -o save:out -e empty "$HYVE" stopall
	atf_check -o match:'^web: stopped$' -o match:'^db: stopped$' cat out
	[ "$(fakehost_state web state)" = stopped ] || atf_fail "web still runs"
}

fakehost_case nothing "startall and stopall with nothing to do"
nothing_body()
{
	fakehost_setup
	fakehost_guest web
	atf_check -o match:'^startall: no guest starts with the host' \
	    "$HYVE" startall
	atf_check -o inline:'stopall: +0.0 s: done\n' "$HYVE" stopall
	atf_check -o empty cat "$FH/log/calls"
}

fakehost_case rc_script "the rc.d script is valid sh and runs hyve init, startall and stopall"
rc_script_body()
{
	rc=$(atf_get_srcdir)/../../rc.d/hyve
	atf_check sh -n "$rc"
	for w in '^# PROVIDE: hyve$' '^# KEYWORD: shutdown' '^rcvar="hyve_enable"$' \
	    '"\$command" init' '"\$command" startall$' \
	    'stopall --timeout "\$hyve_stop_timeout"' '^run_rc_command "\$1"$'; do
		atf_check -o ignore grep -E "$w" "$rc"
	done
}

atf_init_test_cases()
{
	atf_add_test_case plans
	atf_add_test_case order_and_delays
	atf_add_test_case detached
	atf_add_test_case stop_deadline
	atf_add_test_case stray
	atf_add_test_case nothing
	atf_add_test_case rc_script
}

#! /usr/bin/env atf-sh
#
# run_test - running guests on the fake host: start, the supervisor's
# boot loop, stop (graceful and forced), restart, reset, poweroff, wait,
# status, the fault throttle, concurrency and the failure paths.

. "$(atf_get_srcdir)/../fake/fakehost.sh"

fakehost_case lifecycle "start, exec, reboot into boot 2, graceful stop"
lifecycle_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -s exit:0 -o match:'^web: running \(boot 1\)$' "$HYVE" status web
	atf_check -o match:'login: $' "$HYVE" console -l web
	atf_check -o match:'FreeBSD/amd64 \(web\) \(ttyu0\)' \
	    "$HYVE" console -l web
	# The first line typed logs in; then the shell answers.
	atf_check -s exit:0 -o ignore "$HYVE" exec web root
	atf_check -s exit:0 -o inline:'web\n' -e empty "$HYVE" exec web hostname
	atf_check -s exit:0 -o match:'^Rebooting' -e empty \
	    "$HYVE" exec --expect 'login: $' web reboot
	atf_check -o match:'^web: running \(boot 2\)$' "$HYVE" status web
	[ "$(fakehost_state web boots)" = 2 ] || atf_fail "boots is not 2"
	[ "$(fakehost_ncalls bhyveload)" = 2 ] || atf_fail "bhyveload not run twice"
	[ "$(fakehost_ncalls 'bhyve -k')" = 2 ] || atf_fail "bhyve not run twice"
	atf_check -o match:'guest rebooted' cat "$FH/vm/web/hyve.log"

	atf_check -s exit:0 -o inline:'web: stopped\n' -e empty "$HYVE" stop web
	atf_check -s exit:1 -o match:'^web: stopped \(stopped on request\)$' \
	    "$HYVE" status web
	grep -q 'force-poweroff' "$FH/log/calls" &&
	    atf_fail "a graceful stop used --force-poweroff"
	atf_check -o match:'^bhyvectl --vm=web --destroy$' cat "$FH/log/calls"
	fakehost_nothing_left web
	# The lock is free: the guest starts again.
	fakehost_start web
	atf_check -o inline:'web: stopped\n' "$HYVE" stop web
}

fakehost_case sigterm_ignored "a guest that ignores SIGTERM is forced off after stop_timeout"
sigterm_ignored_body()
{
	fakehost_setup
	fakehost_guest web 'stop_timeout="2"'
	fakehost_knob web sigterm ignore
	fakehost_start web
	t0=$(date +%s)
	atf_check -s exit:0 -o inline:'web: stopped\n' -e empty "$HYVE" stop web
	t=$(($(date +%s) - t0))
	[ $t -ge 2 ] || atf_fail "forced off after $t s, before stop_timeout"
	[ $t -le 6 ] || atf_fail "stop took $t s with stop_timeout=2"
	atf_check -o match:'^bhyvectl --vm=web --force-poweroff$' cat "$FH/log/calls"
	atf_check -o match:'no shutdown after 2 s .stop_timeout.; forcing' \
	    cat "$FH/vm/web/hyve.log"
	fakehost_nothing_left web
}

fakehost_case sigterm_slow "a guest that takes a while to shut down is not forced"
sigterm_slow_body()
{
	fakehost_setup
	fakehost_guest web 'stop_timeout="10"'
	fakehost_knob web sigterm 'delay 1'
	fakehost_start web
	atf_check -s exit:0 -o inline:'web: stopped\n' "$HYVE" stop web
	grep -q 'force-poweroff' "$FH/log/calls" &&
	    atf_fail "a guest within its stop_timeout was forced off"
	fakehost_nothing_left web
}

fakehost_case stop_force "stop -f forces the guest off at once"
stop_force_body()
{
	fakehost_setup
	fakehost_guest web 'stop_timeout="60"'
	fakehost_knob web sigterm ignore
	fakehost_start web
	t0=$(date +%s)
	atf_check -s exit:0 -o inline:'web: stopped\n' "$HYVE" stop -f web
	[ $(($(date +%s) - t0)) -le 3 ] || atf_fail "stop -f waited"
	atf_check -o match:'force-poweroff' cat "$FH/log/calls"
	atf_check -s exit:1 -o match:'forced off on request' "$HYVE" status web
	fakehost_nothing_left web
}

fakehost_case stop_not_running "stop, restart, reset and poweroff of a stopped guest fail"
stop_not_running_body()
{
	fakehost_setup
	fakehost_guest web
	for c in stop restart reset poweroff; do
		atf_check -s exit:1 -o empty \
		    -e inline:"hyve: web is not running\n" "$HYVE" $c -f web
	done
	atf_check -s exit:1 -o empty -e match:'no such guest' \
	    "$HYVE" stop nosuch
}

fakehost_case status_codes "status exits 0 running, 1 stopped, 2 no such guest"
status_codes_body()
{
	fakehost_setup
	fakehost_guest web
	atf_check -s exit:1 -o inline:'web: stopped\n' "$HYVE" status web
	atf_check -s exit:2 -o empty -e match:'no such guest' \
	    "$HYVE" status nosuch
	fakehost_start web
	atf_check -s exit:0 -o match:'^web: running' "$HYVE" status web
	atf_check -o ignore "$HYVE" stop web
	atf_check -s exit:1 -o match:'^web: stopped' "$HYVE" status web
}

fakehost_case guest_poweroff "a guest that powers itself off is stopped and cleaned up"
guest_poweroff_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -o ignore "$HYVE" exec web root
	"$HYVE" exec --timeout 2 web poweroff >/dev/null 2>&1
	fakehost_waitfor 10 fakehost_stopped web
	atf_check -s exit:1 -o match:'guest powered off' "$HYVE" status web
	[ "$(fakehost_ncalls 'bhyve -k')" = 1 ] || atf_fail "bhyve ran again"
	fakehost_nothing_left web
}

fakehost_case on_restart_stop "on_restart=shutdown stops the guest when it reboots"
on_restart_stop_body()
{
	fakehost_setup
	fakehost_guest web 'on_restart="shutdown"'
	fakehost_start web
	atf_check -o ignore "$HYVE" exec web root
	"$HYVE" exec --timeout 2 web reboot >/dev/null 2>&1
	fakehost_waitfor 10 fakehost_stopped web
	atf_check -s exit:1 -o match:'on_restart=shutdown' "$HYVE" status web
	fakehost_nothing_left web
}

fakehost_case crash_loop "a crash loop is stopped by the fault throttle"
crash_loop_body()
{
	fakehost_setup
	fakehost_guest web 'on_fault="restart"'
	fakehost_start web
	atf_check -o ignore "$HYVE" exec web root
	# From now on every boot dies at once with a triple fault.
	fakehost_knob web exit 3
	"$HYVE" exec --timeout 1 web crash >/dev/null 2>&1
	fakehost_waitfor 30 fakehost_stopped web
	atf_check -s exit:1 -o match:'4 faults within 60 s' "$HYVE" status web
	atf_check -o match:'not restarting' cat "$FH/vm/web/hyve.log"
	# The first boot, then three restarts, then the throttle.
	[ "$(fakehost_ncalls 'bhyve -k')" = 4 ] ||
	    atf_fail "bhyve ran $(fakehost_ncalls 'bhyve -k') times, expected 4"
	fakehost_nothing_left web
}

fakehost_case fault_stop "with on_fault=shutdown a crash stops the guest"
fault_stop_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -o ignore "$HYVE" exec web root
	"$HYVE" exec --timeout 1 web crash >/dev/null 2>&1
	fakehost_waitfor 10 fakehost_stopped web
	atf_check -s exit:1 -o match:'triple fault' "$HYVE" status web
	[ "$(fakehost_ncalls 'bhyve -k')" = 1 ] || atf_fail "bhyve ran again"
	fakehost_nothing_left web
}

fakehost_case parallel_start "two simultaneous starts start exactly one guest"
parallel_start_body()
{
	fakehost_setup
	fakehost_guest web
	"$HYVE" start web >out1 2>err1 &
	p1=$!
	"$HYVE" start web >out2 2>err2 &
	p2=$!
	wait $p1
	r1=$?
	wait $p2
	r2=$?
	[ $((r1 + r2)) -eq 1 ] || atf_fail "exit statuses $r1 and $r2"
	atf_check -o inline:'web: started\n' cat out1 out2
	atf_check -o inline:'hyve: web is already running\n' cat err1 err2
	[ "$(fakehost_ncalls 'bhyve -k')" = 1 ] || atf_fail "bhyve ran twice"
	atf_check -s exit:1 -o empty -e inline:'hyve: web is already running\n' \
	    "$HYVE" start web
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case kill_supervisor "after SIGKILL of the supervisor the guest starts again"
kill_supervisor_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	sv=$(fakehost_state web supervisor_pid)
	bh=$(fakehost_state web bhyve_pid)
	kill -9 "$sv"
	# bhyve goes with its supervisor (parent-death signal).
	fakehost_waitfor 10 sh -c "! kill -0 $bh"
	atf_check -s exit:1 -o match:'^web: stopped' "$HYVE" status web
	fakehost_start web
	atf_check -o match:'^web: running \(boot 1\)$' "$HYVE" status web
	atf_check -o match:'stale' cat "$FH/vm/web/hyve.log"
	atf_check -o inline:'web: stopped\n' "$HYVE" stop web
	fakehost_nothing_left web
}

fakehost_case kill_bhyve "after SIGKILL of bhyve the supervisor cleans up"
kill_bhyve_body()
{
	fakehost_setup
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="public"'
	fakehost_start web
	[ "$(fakehost_taps)" = tap0 ] || atf_fail "no tap0: $(fakehost_taps)"
	kill -9 "$(fakehost_state web bhyve_pid)"
	fakehost_waitfor 10 fakehost_stopped web
	atf_check -s exit:1 -o match:'killed by signal 9' "$HYVE" status web
	atf_check -o match:'^ifconfig tap0 destroy$' cat "$FH/log/calls"
	fakehost_nothing_left web
}

fakehost_case restart "restart stops the guest and boots it again"
restart_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -s exit:0 -o inline:'web: restarting\n' -e empty \
	    "$HYVE" restart web
	fakehost_waitfor 10 sh -c "$HYVE status web | grep -q 'boot 2'"
	atf_check -o match:'restart requested' cat "$FH/vm/web/hyve.log"
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case reset "reset forces a reboot through bhyvectl"
reset_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -s exit:0 -o inline:'web: reset\n' -e empty "$HYVE" reset -f web
	atf_check -o match:'^bhyvectl --vm=web --force-reset$' cat "$FH/log/calls"
	fakehost_waitfor 10 sh -c "$HYVE status web | grep -q 'boot 2'"
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case poweroff "poweroff forces the guest off and leaves it stopped"
poweroff_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -s exit:0 -o inline:'web: powered off\n' -e empty \
	    "$HYVE" poweroff -f web
	atf_check -o match:'^bhyvectl --vm=web --force-poweroff$' cat "$FH/log/calls"
	atf_check -s exit:1 -o match:'^web: stopped' "$HYVE" status web
	fakehost_nothing_left web
}

fakehost_case wait "wait blocks until the guest stops; --timeout bounds it"
wait_body()
{
	fakehost_setup
	fakehost_guest web
	atf_check -s exit:0 -o empty -e empty "$HYVE" wait web
	fakehost_start web
	atf_check -s exit:2 -o empty -e match:'still running after 1 s' \
	    "$HYVE" wait --timeout 1 web
	"$HYVE" wait web >wout 2>&1 &
	w=$!
	atf_check -o ignore "$HYVE" exec web root
	"$HYVE" exec --timeout 1 web poweroff >/dev/null 2>&1
	wait $w || atf_fail "wait exited $?: $(cat wout)"
	atf_check -s exit:1 -o ignore "$HYVE" status web
}

fakehost_case loader_stop "a guest in its loader is stopped by killing the loader"
loader_stop_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_knob web loader hang
	atf_check -s exit:0 -o inline:'web: started; the guest is in its loader\n' \
	    "$HYVE" start web
	atf_check -o match:'^web: loader' "$HYVE" status web
	t0=$(date +%s)
	atf_check -s exit:0 -o inline:'web: stopped\n' "$HYVE" stop web
	[ $(($(date +%s) - t0)) -le 3 ] || atf_fail "the stop waited"
	atf_check -s exit:1 -o match:'stopped in the loader' "$HYVE" status web
	[ "$(fakehost_ncalls 'bhyve -k')" = 0 ] || atf_fail "bhyve ran"
	fakehost_nothing_left web
}

fakehost_case plan "start -n prints the plan and changes nothing"
plan_body()
{
	fakehost_setup
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="public"' 'network0_mac="58:9c:fc:00:00:01"'
	cp "$FH/vm/web/web.conf" before
	atf_check -s exit:0 -o save:plan -e empty "$HYVE" start -n web
	atf_check -o match:'^plan for web:$' cat plan
	atf_check -o match:"^run $FH/bin/ifconfig tap create " cat plan
	atf_check -o match:"^run $FH/bin/bhyveload .* -d $FH/vm/web/disk0.img web\$" \
	    cat plan
	atf_check -o match:"^run $FH/bin/bhyve -k $FH/run/web/bhyve.conf\$" \
	    cat plan
	atf_check -o match:'^    pci.0.5.0.device=virtio-net$' cat plan
	atf_check -o empty cat "$FH/log/calls"
	[ -e "$FH/run/web" ] && atf_fail "start -n made the run directory"
	[ -z "$(fakehost_taps)" ] || atf_fail "start -n made a tap"
	cmp -s before "$FH/vm/web/web.conf" || atf_fail "start -n changed web.conf"
	# install -n shows the ISO as the boot disk.
	: >"$FH/vm/.iso/FreeBSD.iso"
	atf_check -s exit:0 -o match:"-d $FH/vm/.iso/FreeBSD.iso web\$" \
	    -o match:'port.0.type=cd' "$HYVE" install -n web FreeBSD.iso
	atf_check -o empty cat "$FH/log/calls"
}

fakehost_case stop_plan "stop, restart, reset and poweroff -n print the plan and change nothing"
stop_plan_body()
{
	fakehost_setup
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="public"' 'stop_timeout="45"'
	atf_check -s exit:1 -o empty -e inline:'hyve: web is not running\n' \
	    "$HYVE" stop -n web
	fakehost_start web
	bh=$(fakehost_state web bhyve_pid)
	: >"$FH/log/calls"
	atf_check -s exit:0 -o save:stop -e empty "$HYVE" stop -n web
	atf_check -o match:"^signal SIGTERM to bhyve \\(pid $bh\\)" \
	    -o match:'^wait up to 45 s \(stop_timeout\)' \
	    -o match:"^run $FH/bin/bhyvectl --vm=web --force-poweroff\$" \
	    -o match:"^run $FH/bin/ifconfig tap0 destroy\$" cat stop
	atf_check -s exit:0 -o not-match:SIGTERM -o match:'force-poweroff' \
	    "$HYVE" stop -n -f web
	atf_check -s exit:0 -o match:'^boot again' "$HYVE" restart -n web
	atf_check -s exit:0 -o match:'force-reset' "$HYVE" reset -n web
	atf_check -s exit:0 -o match:'force-poweroff' -o match:'tap0 destroy' \
	    "$HYVE" poweroff -n web
	atf_check -o empty cat "$FH/log/calls"
	atf_check -o match:'^web: running \(boot 1\)$' "$HYVE" status web
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case install "install boots the ISO once and drops it at the first reboot"
install_body()
{
	fakehost_setup
	fakehost_guest web
	: >"$FH/vm/.iso/FreeBSD.iso"
	atf_check -s exit:0 -o inline:'web: started\n' -e empty \
	    "$HYVE" install web FreeBSD.iso
	atf_check -o match:'port.0.type=cd' cat "$FH/run/web/bhyve.conf"
	atf_check -o match:"^bhyveload .* -d $FH/vm/.iso/FreeBSD.iso web\$" \
	    cat "$FH/log/calls"
	atf_check -o ignore "$HYVE" exec web root
	atf_check -o ignore "$HYVE" exec --expect 'login: $' web reboot
	atf_check -o not-match:'type=cd' cat "$FH/run/web/bhyve.conf"
	atf_check -o match:"^bhyveload .* -d $FH/vm/web/disk0.img web\$" \
	    cat "$FH/log/calls"
	atf_check -o ignore "$HYVE" stop web
	atf_check -s exit:1 -o empty -e match:'nosuch.iso: No such file' \
	    "$HYVE" install web nosuch.iso
}

# Check that a refused start left nothing: no run directory, no tap, no
# VM instance, no tool run.
refused_clean()
{
	fakehost_nothing_left "$1"
	[ -e "$FH/run/$1/lock" ] && atf_fail "$1: a lock was left behind"
	atf_check -o empty cat "$FH/log/calls"
}

fakehost_case fail_missing_disk "a missing disk is refused and leaves nothing"
fail_missing_disk_body()
{
	fakehost_setup
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="public"'
	rm "$FH/vm/web/disk0.img"
	atf_check -s exit:1 -o empty \
	    -e match:"^hyve: web: disk0: $FH/vm/web/disk0.img: No such file or directory\$" \
	    -e match:'^hyve: web: not started$' "$HYVE" start web
	refused_clean web
	truncate -s 1G "$FH/vm/web/disk0.img"
	fakehost_start web
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case fail_missing_firmware "a UEFI guest without firmware is refused"
fail_missing_firmware_body()
{
	fakehost_setup
	fakehost_guest web 'loader="uefi"'
	rm "$FH/fw/BHYVE_UEFI.fd"
	atf_check -s exit:1 -o empty \
	    -e match:"firmware $FH/fw/BHYVE_UEFI.fd: No such file or directory \\(install the edk2-bhyve package\\)" \
	    "$HYVE" start web
	refused_clean web
}

fakehost_case fail_bad_config "a malformed config is refused with its file and line"
fail_bad_config_body()
{
	fakehost_setup
	fakehost_guest web 'disk0_type="virtio-bk"'
	atf_check -s exit:1 -o empty \
	    -e match:'disk0_type: unknown disk type "virtio-bk" \(did you mean "virtio-blk"\?\)' \
	    "$HYVE" start web
	refused_clean web
}

fakehost_case fail_names "unknown guests and bad names are refused"
fail_names_body()
{
	fakehost_setup
	fakehost_guest web
	atf_check -s exit:1 -o empty -e match:'^hyve: nosuch: no such guest' \
	    "$HYVE" start nosuch
	for n in ../web web/x /etc/passwd '.' '..' ''; do
		atf_check -s exit:1 -o empty -e match:'invalid guest name' \
		    "$HYVE" start "$n"
	done
	refused_clean web
}

fakehost_case fail_loader "a loader that fails stops the start with its reason"
fail_loader_body()
{
	fakehost_setup
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="public"'
	fakehost_knob web loader fail
	atf_check -s exit:1 -o empty -e match:'^hyve: web: not started: loader' \
	    "$HYVE" start web
	fakehost_nothing_left web
	atf_check -o match:'^ifconfig tap0 destroy$' cat "$FH/log/calls"
	fakehost_knob web loader
	fakehost_start web
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case extra_datastore "a guest in a datastore of datastore_list is found and runs"
extra_datastore_body()
{
	fakehost_setup
	mkdir -p "$PWD/ds2/db" "$PWD/ds3/db"
	printf 'datastore_list="ds2 ds3"\npath_ds2="%s"\npath_ds3="%s"\n' \
	    "$PWD/ds2" "$PWD/ds3" >>"$FH/vm/.config/system.conf"
	fakehost_guest db
	mv "$FH/vm/db/db.conf" "$FH/vm/db/disk0.img" ds2/db/
	rmdir "$FH/vm/db"
	# A second copy in a later datastore is invisible, as for vm-bhyve.
	cp ds2/db/db.conf ds3/db/
	fakehost_start db
	atf_check -o match:"^run $FH/bin/bhyveload .* -d $PWD/ds2/db/disk0.img db\$" \
	    "$HYVE" start -n db
	atf_check -o match:"path=$PWD/ds2/db/disk0.img" cat "$FH/run/db/bhyve.conf"
	atf_check -o inline:'db: stopped\n' "$HYVE" stop db
	atf_check -o match:'starting bhyve' cat ds2/db/hyve.log
}

fakehost_case uefi_guest "a UEFI guest runs without a loader, with its own variables"
uefi_guest_body()
{
	fakehost_setup
	fakehost_guest win 'loader="uefi"' 'uefi_vars="yes"'
	atf_check -o match:"^copy $FH/fw/BHYVE_UEFI_VARS.fd $FH/vm/win/uefi-vars.fd\$" \
	    "$HYVE" start -n win
	fakehost_start win
	[ -f "$FH/vm/win/uefi-vars.fd" ] || atf_fail "no uefi-vars.fd"
	atf_check -o not-match:'^bhyveload' -o not-match:'^grub-bhyve' \
	    cat "$FH/log/calls"
	atf_check -o match:"^lpc.bootrom=$FH/fw/BHYVE_UEFI.fd\$" \
	    -o match:"^lpc.bootvars=$FH/vm/win/uefi-vars.fd\$" \
	    cat "$FH/run/win/bhyve.conf"
	atf_check -o inline:'win: stopped\n' "$HYVE" stop win
	# The variables are the guest's own: a second start keeps them.
	echo changed >>"$FH/vm/win/uefi-vars.fd"
	fakehost_start win
	atf_check -o inline:'changed\n' tail -c 8 "$FH/vm/win/uefi-vars.fd"
	atf_check -o ignore "$HYVE" stop win
}

fakehost_case grub_guest "a grub guest gets its device.map and grub-bhyve each boot"
grub_guest_body()
{
	fakehost_setup
	fakehost_guest deb 'loader="grub"'
	fakehost_start deb
	atf_check -o inline:"(hd0) $FH/vm/deb/disk0.img\n" \
	    cat "$FH/vm/deb/device.map"
	atf_check -o match:"^grub-bhyve -c [^ ]* -m $FH/vm/deb/device.map -M 256M -r hd0,1 deb\$" \
	    cat "$FH/log/calls"
	atf_check -o ignore "$HYVE" stop deb
}

fakehost_case foreground "start -f runs the guest with its console on the terminal"
foreground_body()
{
	fakehost_setup
	fakehost_guest web
	atf_check -s exit:0 -o match:'Powering off' -e ignore \
	    "$(atf_get_srcdir)/../fake/ptyrun" -t 20 -x 'login: ' -s root \
	    -x '# ' -s poweroff "$HYVE" start -f web
	atf_check -s exit:1 -o match:'guest powered off' "$HYVE" status web
	fakehost_nothing_left web
}

atf_init_test_cases()
{
	atf_add_test_case lifecycle
	atf_add_test_case sigterm_ignored
	atf_add_test_case sigterm_slow
	atf_add_test_case stop_force
	atf_add_test_case stop_not_running
	atf_add_test_case status_codes
	atf_add_test_case guest_poweroff
	atf_add_test_case on_restart_stop
	atf_add_test_case crash_loop
	atf_add_test_case fault_stop
	atf_add_test_case parallel_start
	atf_add_test_case kill_supervisor
	atf_add_test_case kill_bhyve
	atf_add_test_case restart
	atf_add_test_case reset
	atf_add_test_case poweroff
	atf_add_test_case wait
	atf_add_test_case loader_stop
	atf_add_test_case plan
	atf_add_test_case stop_plan
	atf_add_test_case install
	atf_add_test_case fail_missing_disk
	atf_add_test_case fail_missing_firmware
	atf_add_test_case fail_bad_config
	atf_add_test_case fail_names
	atf_add_test_case fail_loader
	atf_add_test_case extra_datastore
	atf_add_test_case uefi_guest
	atf_add_test_case grub_guest
	atf_add_test_case foreground
}

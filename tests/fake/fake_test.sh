#! /usr/bin/env atf-sh
#
# fake_test - the fake host itself: the fake bhyve refuses what bhyve
# refuses and plays a guest on its console; bhyvectl, the loaders,
# ifconfig, kldstat, kldload, sysctl and fetch answer as FreeBSD's do.

. "$(atf_get_srcdir)/../fake/fakehost.sh"

PTYRUN="$(atf_get_srcdir)/ptyrun"

# Prepare guest NAME with bhyveload, 256 MiB.
load()
{
	"$FH/bin/bhyveload" -m 256M -d "$FH/vm/$1/disk0.img" "$1" \
	    >/dev/null || atf_fail "bhyveload $1 failed"
}

# console NAME STEP ...: run guest NAME's bhyve with COM1 on a pty that
# ptyrun drives with the steps; output in "out" and "err".
console()
{
	_n=$1
	shift
	"$PTYRUN" "$@" "$FH/bin/bhyve" -c 1 -m 256M -s 0,hostbridge \
	    -s 3,virtio-blk,"$FH/vm/$_n/disk0.img" -s 31,lpc \
	    -l com1,@PTY@ "$_n" >out 2>err
}

# expect_status WHAT WANT GOT: fail with the outputs unless WANT = GOT.
expect_status()
{
	[ "$3" = "$2" ] ||
	    atf_fail "$1: exit $3, expected $2: $(tr -d '\r' <out | tail -5) $(cat err)"
}

# Wait until a bhyve runs guest NAME (its pid is in the instance).
wait_running()
{
	_i=0
	while ! grep -q '^pid=' "$FH/dev/vmm/$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || atf_fail "$1 did not start"
		sleep 0.1
	done
}

atf_test_case bhyve_argv
bhyve_argv_head()
{
	atf_set descr "bhyve refuses a bad command line as bhyve does"
}
bhyve_argv_body()
{
	fakehost_setup
	atf_check -s exit:1 -e match:"illegal option -- z" -e match:"^Usage:" \
	    "$FH/bin/bhyve" -z vm1
	atf_check -s exit:1 -e match:"only one vmname" \
	    "$FH/bin/bhyve" -s 0,hostbridge vm1 vm2
	atf_check -s exit:4 -e match:"pci slot 0:0:0 already occupied|already occupied" \
	    "$FH/bin/bhyve" -s 0,hostbridge -s 0,lpc vm1
	atf_check -s exit:0 -o match:"^virtio-blk$" "$FH/bin/bhyve" -s help
	atf_check -s exit:4 -e match:"Failed to open configuration file" \
	    "$FH/bin/bhyve" -k "$PWD/nonexistent.conf" vm1
	fakehost_vmm_exists vm1 && atf_fail "a refused bhyve created vm1"
	return 0
}

atf_test_case bhyve_missing_disk
bhyve_missing_disk_head()
{
	atf_set descr "a missing disk exits 4 and leaves the instance behind"
}
bhyve_missing_disk_body()
{
	fakehost_setup
	atf_check -s exit:4 \
	    -e inline:"bhyve: Could not open backing file: $PWD/none.img: No such file or directory\n" \
	    "$FH/bin/bhyve" -s 0,hostbridge -s 3,virtio-blk,"$PWD/none.img" \
	    -s 31,lpc -l bootrom,"$FH/fw/BHYVE_UEFI.fd" uefi1
	fakehost_vmm_exists uefi1 || atf_fail "bhyve did not create uefi1"
	atf_check -s exit:4 -e match:"Could not open backing file" \
	    "$FH/bin/bhyve" -s 0,hostbridge -s 4,ahci,hd:"$PWD/none.img" \
	    -s 31,lpc -l bootrom,"$FH/fw/BHYVE_UEFI.fd" uefi1
}

atf_test_case bhyve_com_not_tty
bhyve_com_not_tty_head()
{
	atf_set descr "a COM port that is not a tty exits 4"
}
bhyve_com_not_tty_body()
{
	fakehost_setup
	: >notatty
	atf_check -s exit:4 \
	    -e inline:"bhyve: Unable to initialize backend '$PWD/notatty' for LPC device com1\n" \
	    "$FH/bin/bhyve" -s 0,hostbridge -s 31,lpc -l com1,"$PWD/notatty" \
	    -l bootrom,"$FH/fw/BHYVE_UEFI.fd" uefi1
	atf_check -s exit:4 -e match:"for LPC device com2" \
	    "$FH/bin/bhyve" -s 0,hostbridge -s 31,lpc -l com2,/dev/null \
	    -l bootrom,"$FH/fw/BHYVE_UEFI.fd" uefi1
}

atf_test_case bhyve_bootrom
bhyve_bootrom_head()
{
	atf_set descr "a boot ROM must exist and be a multiple of 4 KiB"
}
bhyve_bootrom_body()
{
	fakehost_setup
	atf_check -s exit:4 -e match:"bootrom" \
	    "$FH/bin/bhyve" -s 0,hostbridge -s 31,lpc \
	    -l bootrom,"$FH/fw/NONE.fd" uefi1
	printf 'x' >"$FH/fw/ODD.fd"
	atf_check -s exit:4 -e match:"not a multiple of the page size" \
	    "$FH/bin/bhyve" -s 0,hostbridge -s 31,lpc \
	    -l bootrom,"$FH/fw/ODD.fd" uefi1
}

atf_test_case bhyve_needs_loader
bhyve_needs_loader_head()
{
	atf_set descr "without a boot ROM, bhyve needs a loader run with the same memory"
}
bhyve_needs_loader_body()
{
	fakehost_setup
	fakehost_guest vm1
	atf_check -s exit:4 -e match:"no bootrom was configured" \
	    "$FH/bin/bhyve" -m 256M -s 0,hostbridge -s 31,lpc vm1
	atf_check -s exit:0 -o match:"Loading kernel" "$FH/bin/bhyveload" \
	    -m 256M -d "$FH/vm/vm1/disk0.img" vm1
	atf_check -o match:"^loaded=1$" -o match:"^memory=268435456$" \
	    cat "$FH/dev/vmm/vm1"
	atf_check -s exit:4 -e match:"Unable to setup memory" \
	    "$FH/bin/bhyve" -m 512M -s 0,hostbridge -s 31,lpc vm1
	atf_check -s exit:4 -e match:"Unable to setup memory" \
	    "$FH/bin/bhyve" -S -m 256 -s 0,hostbridge -s 31,lpc vm1
}

atf_test_case console_session
console_session_head()
{
	atf_set descr "the guest's banner, login, shell and poweroff (exit 1)"
}
console_session_body()
{
	fakehost_setup
	fakehost_guest vm1
	load vm1
	console vm1 -x 'login: ' -s root -x '# ' -s 'echo alpha  beta' \
	    -x '# ' -s hostname -x '# ' -s uname -x '# ' -s frobnicate \
	    -x '# ' -s 'spam 3' -x '# ' -s poweroff
	expect_status poweroff 1 $?
	tr -d '\r' <out >text
	for l in "FreeBSD/amd64 (vm1) (ttyu0)" "login: root" \
	    "root@vm1:~ # echo alpha  beta" "alpha beta" "vm1" "FreeBSD" \
	    "frobnicate: not found" \
	    "00000003 abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY" \
	    "root@vm1:~ # poweroff" "Powering off..."; do
		grep -qxF -- "$l" text || atf_fail "no line \"$l\" in: $(cat text)"
	done
	atf_check -o not-match:"^pid=" -o match:"^loaded=0$" \
	    cat "$FH/dev/vmm/vm1"
	# The loader's work is used up: rebooting needs it again.
	atf_check -s exit:4 -e match:"no bootrom was configured" \
	    "$FH/bin/bhyve" -m 256M -s 0,hostbridge -s 31,lpc vm1
}

atf_test_case console_exit_statuses
console_exit_statuses_head()
{
	atf_set descr "reboot, halt and crash exit 0, 2 and 3"
}
console_exit_statuses_body()
{
	fakehost_setup
	fakehost_guest vm1
	for c in reboot:0 halt:2 crash:3; do
		load vm1
		console vm1 -x 'login: ' -s root -x '# ' -s "${c%:*}"
		expect_status "${c%:*}" "${c#*:}" $?
	done
}

atf_test_case sigterm
sigterm_head()
{
	atf_set descr "SIGTERM is the power button; the sigterm knob delays or ignores it"
}
sigterm_body()
{
	fakehost_setup
	fakehost_guest vm1
	load vm1
	console vm1 -x 'login: ' -k TERM
	expect_status "SIGTERM" 1 $?
	grep -q "Stopping..." out || atf_fail "no Stopping... on the console"

	fakehost_knob vm1 sigterm ignore
	load vm1
	console vm1 -x 'login: ' -k TERM -d 1000 -s root -x '# ' \
	    -s hostname -x 'vm1' -x '# ' -s halt
	expect_status "ignored SIGTERM" 2 $?

	fakehost_knob vm1 sigterm "delay 2"
	load vm1
	console vm1 -x 'login: ' -k TERM -x 'Stopping...' -d 300 -s root \
	    -x '# ' -s hostname -x 'vm1'
	expect_status "delayed SIGTERM" 1 $?
}

atf_test_case exit_knob
exit_knob_head()
{
	atf_set descr "the exit knob: bhyve exits with it after its banner"
}
exit_knob_body()
{
	fakehost_setup
	fakehost_guest vm1
	fakehost_knob vm1 exit 4
	load vm1
	console vm1 -x '(ttyu0)'
	expect_status "exit knob" 4 $?
	grep -q "login:" out && atf_fail "a login prompt after the exit knob"
	fakehost_knob vm1 exit bogus
	load vm1
	console vm1
	expect_status "bad knob" 125 $?
	grep -q 'ctl/vm1.exit: unknown value "bogus"' err ||
	    atf_fail "no message for a bad knob: $(cat err)"
}

atf_test_case bhyvectl_running
bhyvectl_running_head()
{
	atf_set descr "bhyvectl --force-poweroff, --force-reset and --destroy of a running guest"
}
bhyvectl_running_body()
{
	fakehost_setup
	fakehost_guest vm1
	for a in force-poweroff:1 force-reset:0 destroy:4; do
		load vm1
		console vm1 -t 20 -x 'login: ' -d 15000 &
		bg=$!
		wait_running vm1
		atf_check "$FH/bin/bhyvectl" --vm=vm1 --"${a%:*}"
		wait $bg
		expect_status "${a%:*}" "${a#*:}" $?
	done
	fakehost_vmm_exists vm1 && atf_fail "--destroy left vm1"
	grep -q "vm_run error" err || atf_fail "no vm_run error: $(cat err)"
}

atf_test_case bhyvectl_destroy
bhyvectl_destroy_head()
{
	atf_set descr "bhyvectl --destroy removes an instance, and fails without one"
}
bhyvectl_destroy_body()
{
	fakehost_setup
	fakehost_guest vm1
	load vm1
	atf_check "$FH/bin/bhyvectl" --vm=vm1 --destroy
	fakehost_vmm_exists vm1 && atf_fail "vm1 survived --destroy"
	atf_check -s exit:1 \
	    -e inline:"vm_open: vm1 could not be opened: No such file or directory\n" \
	    "$FH/bin/bhyvectl" --vm=vm1 --destroy
	atf_check -s exit:1 -e match:"^Usage: bhyvectl" "$FH/bin/bhyvectl" \
	    --destroy
	atf_check -s exit:1 -e match:"^Usage: bhyvectl" -e ignore \
	    "$FH/bin/bhyvectl" --vm=vm1 --frobnicate
	atf_check "$FH/bin/bhyvectl" --vm=vm2 --create
	fakehost_vmm_exists vm2 || atf_fail "--create made no vm2"
	atf_check -s exit:255 -o inline:"errno = 17\n" "$FH/bin/bhyvectl" \
	    --vm=vm2 --create
}

atf_test_case loaders
loaders_head()
{
	atf_set descr "bhyveload and grub-bhyve: checks, knobs, the instance"
}
loaders_body()
{
	fakehost_setup
	fakehost_guest vm1
	d=$FH/vm/vm1/disk0.img
	atf_check -s exit:1 -e inline:"disk_open: No such file or directory\n" \
	    "$FH/bin/bhyveload" -m 256M -d "$PWD/none.img" vm1
	atf_check -s exit:64 -e match:"Invalid memsize" \
	    "$FH/bin/bhyveload" -m 1Q -d "$d" vm1
	atf_check -s exit:64 -e match:"Could not open '/dev/null'" \
	    "$FH/bin/bhyveload" -c /dev/null -d "$d" vm1
	atf_check -s exit:1 -e match:"^usage: bhyveload" \
	    "$FH/bin/bhyveload" -m 256M vm1 -d "$d"

	fakehost_knob vm1 loader fail
	atf_check -s exit:1 -o match:"ERROR" "$FH/bin/bhyveload" -m 256M \
	    -d "$d" vm1
	atf_check -o match:"^loaded=0$" cat "$FH/dev/vmm/vm1"
	fakehost_knob vm1 loader hang
	"$FH/bin/bhyveload" -m 256M -d "$d" vm1 >/dev/null &
	bg=$!
	sleep 1
	kill -0 $bg || atf_fail "a hanging loader returned"
	kill $bg
	wait $bg
	fakehost_knob vm1 loader

	echo "(hd0) $d" >device.map
	echo "(cd0) $PWD/none.iso" >bad.map
	atf_check -s exit:1 -e match:"cannot stat .*none.iso" \
	    "$FH/bin/grub-bhyve" -m bad.map -r hd0,msdos1 -M 256M vm1
	atf_check -s exit:1 -e match:"disk .cd0. not found" \
	    "$FH/bin/grub-bhyve" -m device.map -r cd0 -M 256M vm1
	mkdir grub
	atf_check -s exit:1 -e match:"grub.cfg' not found" \
	    "$FH/bin/grub-bhyve" -m device.map -r host -d "$PWD/grub" \
	    -M 256M vm1
	: >grub/grub.cfg
	atf_check -o match:"GNU GRUB" "$FH/bin/grub-bhyve" -m device.map \
	    -r host -d "$PWD/grub" -M 256M vm1
	atf_check -o match:"^loaded=1$" -o match:"^memory=268435456$" \
	    -o match:"^wired=0$" cat "$FH/dev/vmm/vm1"
	atf_check -s exit:1 -e match:"vm_setup_memory: Invalid argument" \
	    "$FH/bin/grub-bhyve" -m device.map -r hd0,msdos1 -M 1G vm1
}

atf_test_case bhyve_tap
bhyve_tap_head()
{
	atf_set descr "bhyve opens its tap: missing or busy taps exit 4"
}
bhyve_tap_body()
{
	fakehost_setup
	fakehost_guest vm1
	fakehost_guest vm2
	atf_check -s exit:4 -e match:"open of tap device /dev/tap0 failed" \
	    "$FH/bin/bhyve" -s 0,hostbridge -s 2,virtio-net,tap0 -s 31,lpc \
	    -l bootrom,"$FH/fw/BHYVE_UEFI.fd" uefi1
	atf_check -o inline:"tap0\n" "$FH/bin/ifconfig" tap create
	atf_check -o match:"flags=8802<BROADCAST,SIMPLEX,MULTICAST>" \
	    "$FH/bin/ifconfig" tap0
	load vm1
	"$PTYRUN" -t 20 -x 'login: ' -d 15000 "$FH/bin/bhyve" -m 256M \
	    -s 0,hostbridge -s 2,virtio-net,tap0 -s 31,lpc -l com1,@PTY@ \
	    vm1 >out 2>err &
	bg=$!
	wait_running vm1
	atf_check -o match:"flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>" \
	    "$FH/bin/ifconfig" tap0
	atf_check -s exit:4 -e match:"/dev/tap0 failed: Device busy" \
	    "$FH/bin/bhyve" -s 0,hostbridge -s 2,virtio-net,tap0 -s 31,lpc \
	    -l bootrom,"$FH/fw/BHYVE_UEFI.fd" uefi2
	atf_check "$FH/bin/bhyvectl" --vm=vm1 --force-poweroff
	wait $bg
	expect_status "force-poweroff" 1 $?
	atf_check -o match:"flags=8802<BROADCAST,SIMPLEX,MULTICAST>" \
	    "$FH/bin/ifconfig" tap0
}

atf_test_case ifconfig_tap
ifconfig_tap_head()
{
	atf_set descr "ifconfig tap create, descr, group, up, destroy and errors"
}
ifconfig_tap_body()
{
	fakehost_setup
	atf_check -o inline:"tap0\n" "$FH/bin/ifconfig" tap create
	atf_check -o inline:"tap1\n" "$FH/bin/ifconfig" tap create
	atf_check -o empty "$FH/bin/ifconfig" tap5 create
	atf_check -o inline:"web0\n" "$FH/bin/ifconfig" tap create name web0
	test -f "$FH/dev/tap0" -a -f "$FH/dev/web0" ||
	    atf_fail "no tap device nodes"
	atf_check -s exit:1 -e inline:"ifconfig: SIOCIFCREATE2: File exists\n" \
	    "$FH/bin/ifconfig" tap0 create
	atf_check "$FH/bin/ifconfig" tap0 descr "vmnet/vm1/0/public" \
	    group vm-port up
	atf_check -o inline:"tap0: flags=8803<UP,BROADCAST,SIMPLEX,MULTICAST> metric 0 mtu 1500
	description: vmnet/vm1/0/public
	groups: tap vm-port
" "$FH/bin/ifconfig" tap0
	atf_check -o inline:"tap0\n" "$FH/bin/ifconfig" -g vm-port
	atf_check -o empty "$FH/bin/ifconfig" -g viid-4c918@
	atf_check -o inline:"em0 lo0 tap0 tap1 tap5 web0\n" \
	    "$FH/bin/ifconfig" -l
	atf_check -s exit:1 \
	    -e inline:"ifconfig: setifgroup: group names may not end in a digit\n" \
	    "$FH/bin/ifconfig" tap0 group vm1
	atf_check -s exit:1 -e inline:"ifconfig: interface tap9 does not exist\n" \
	    "$FH/bin/ifconfig" tap9 destroy
	atf_check -s exit:1 -e inline:"ifconfig: frob: bad value\n" \
	    "$FH/bin/ifconfig" tap0 frob
	atf_check -s exit:1 -e inline:"ifconfig: SIOCIFDESTROY: Invalid argument\n" \
	    "$FH/bin/ifconfig" em0 destroy
	atf_check "$FH/bin/ifconfig" tap1 destroy
	test -e "$FH/dev/tap1" && atf_fail "tap1's device node survived"
	test -e "$FH/net/tap1" && atf_fail "tap1's state survived"
	# The lowest free unit; web0 still holds unit 2.
	atf_check -o inline:"tap1\n" "$FH/bin/ifconfig" tap create
	atf_check -o inline:"tap3\n" "$FH/bin/ifconfig" tap create
}

atf_test_case ifconfig_bridge
ifconfig_bridge_head()
{
	atf_set descr "ifconfig bridges: addm, deletem, private, span and errors"
}
ifconfig_bridge_body()
{
	fakehost_setup
	atf_check -o inline:"vm-public\n" "$FH/bin/ifconfig" bridge create \
	    name vm-public group vm-switch up
	atf_check -o ignore "$FH/bin/ifconfig" tap create
	atf_check -o ignore "$FH/bin/ifconfig" tap create
	atf_check "$FH/bin/ifconfig" vm-public addm tap0 addm tap1 private tap1
	atf_check -o inline:"vm-public: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500
	member: tap0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>
	        ifmaxaddr 0 port 4 priority 128 path cost 2000000
	member: tap1 flags=943<LEARNING,DISCOVER,PRIVATE,AUTOEDGE,AUTOPTP>
	        ifmaxaddr 0 port 5 priority 128 path cost 2000000
	groups: bridge vm-switch
" "$FH/bin/ifconfig" vm-public
	atf_check -o match:"^member=tap0$" -o match:"^private=tap1$" \
	    cat "$FH/net/vm-public"
	atf_check -o match:"PROMISC" "$FH/bin/ifconfig" tap0
	atf_check -s exit:1 -e inline:"ifconfig: BRDGADD tap7: No such file or directory\n" \
	    "$FH/bin/ifconfig" vm-public addm tap7
	atf_check -s exit:1 -e inline:"ifconfig: BRDGADD tap0: File exists\n" \
	    "$FH/bin/ifconfig" vm-public addm tap0
	atf_check -o inline:"bridge1\n" "$FH/bin/ifconfig" bridge create
	atf_check -s exit:1 -e inline:"ifconfig: BRDGADD tap0: Device busy\n" \
	    "$FH/bin/ifconfig" bridge1 addm tap0
	atf_check "$FH/bin/ifconfig" vm-public deletem tap0
	atf_check -s exit:1 -e inline:"ifconfig: BRDGDEL tap0: No such file or directory\n" \
	    "$FH/bin/ifconfig" vm-public deletem tap0
	atf_check "$FH/bin/ifconfig" bridge1 span tap0
	atf_check -o match:"member: tap0 flags=8<SPAN>" "$FH/bin/ifconfig" bridge1
	atf_check "$FH/bin/ifconfig" tap1 destroy
	atf_check -o not-match:"tap1" "$FH/bin/ifconfig" vm-public
}

atf_test_case ifconfig_addr_vlan_vxlan
ifconfig_addr_vlan_vxlan_head()
{
	atf_set descr "ifconfig inet, inet6, -alias, link, vlan and vxlan"
}
ifconfig_addr_vlan_vxlan_body()
{
	fakehost_setup
	atf_check "$FH/bin/ifconfig" em0 inet 192.0.2.5/24
	atf_check -o match:"^	inet 192.0.2.5 netmask 0xffffff00 broadcast 192.0.2.255\$" \
	    "$FH/bin/ifconfig" em0
	# Without "alias" an IPv4 address replaces the first one.
	atf_check "$FH/bin/ifconfig" em0 inet 192.0.2.6/24
	atf_check -o not-match:"192.0.2.5" "$FH/bin/ifconfig" em0
	atf_check -s exit:1 \
	    -e inline:"ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n" \
	    "$FH/bin/ifconfig" em0 inet 192.0.2.9/24 -alias
	atf_check "$FH/bin/ifconfig" em0 inet 192.0.2.6/24 -alias
	atf_check -s exit:1 -e inline:"ifconfig: 192.0.2.300: bad value\n" \
	    "$FH/bin/ifconfig" em0 inet 192.0.2.300/24
	atf_check "$FH/bin/ifconfig" em0 inet6 2001:db8::5/64 auto_linklocal
	atf_check -o match:"inet6 2001:db8::5 prefixlen 64" \
	    "$FH/bin/ifconfig" em0
	atf_check -s exit:1 -e inline:"ifconfig: auto_linklocal: bad value\n" \
	    "$FH/bin/ifconfig" em0 inet 192.0.2.7/24 auto_linklocal
	atf_check "$FH/bin/ifconfig" em0 link random
	atf_check -s exit:1 -e inline:"ifconfig: malformed link-level address\n" \
	    "$FH/bin/ifconfig" em0 link nonsense
	atf_check -s exit:1 \
	    -e inline:"ifconfig: must specify a parent device for vlan create\n" \
	    "$FH/bin/ifconfig" vlan create vlan 10
	atf_check -o inline:"em0 lo0\n" "$FH/bin/ifconfig" -l
	atf_check -s exit:1 -e inline:"ifconfig: value for vlan out of range\n" \
	    "$FH/bin/ifconfig" vlan create vlandev em0 vlan 4095
	atf_check -o inline:"em0.10\n" "$FH/bin/ifconfig" vlan create \
	    vlandev em0 vlan 10 name em0.10 up
	atf_check -o match:"vlan: 10 vlanproto: 802.1q vlanpcp: 0 parent interface: em0" \
	    "$FH/bin/ifconfig" em0.10
	atf_check -s exit:1 -e inline:"ifconfig: SIOCSETVLAN: Invalid argument\n" \
	    "$FH/bin/ifconfig" em0 vlan 5
	atf_check -o empty "$FH/bin/ifconfig" vxlan7 create vxlanid 7 \
	    vxlanlocal 192.0.2.6 vxlangroup 239.1.2.3 vxlandev em0 up
	atf_check -o match:"vxlan vni 7 local 192.0.2.6:4789 group 239.1.2.3:4789" \
	    "$FH/bin/ifconfig" vxlan7
	atf_check -s exit:1 \
	    -e inline:"ifconfig: error in parsing group address string: x\n" \
	    "$FH/bin/ifconfig" vxlan7 vxlangroup x
}

atf_test_case route_ngctl
route_ngctl_head()
{
	atf_set descr "route add and delete, ngctl msg getstats"
}
route_ngctl_body()
{
	fakehost_setup
	atf_check -o inline:"add net 239.1.2.3/32: gateway em0\n" \
	    "$FH/bin/route" add -net 239.1.2.3/32 -iface em0
	atf_check -s exit:1 -o empty -e match:"route already in table" \
	    "$FH/bin/route" add -net 239.1.2.3/32 -iface em0
	atf_check -o inline:"239.1.2.3/32 em0\n" cat "$FH/state/routes"
	atf_check -s exit:1 -e match:"em9: bad value" \
	    "$FH/bin/route" add -net 239.1.2.4/32 -iface em9
	atf_check -s exit:64 -e match:"^usage: route" \
	    "$FH/bin/route" add 239.1.2.4 em0
	atf_check -o empty "$FH/bin/route" -q delete -net 239.1.2.3/32 -iface em0
	atf_check -s exit:1 -e match:"not in table" \
	    "$FH/bin/route" delete -net 239.1.2.3/32 -iface em0
	atf_check -s exit:1 \
	    -e inline:"ngctl: send msg: No such file or directory\n" \
	    "$FH/bin/ngctl" msg ngsw: getstats 2
	: >"$FH/ng/ngsw"
	atf_check -s exit:1 -e inline:"ngctl: send msg: Socket is not connected\n" \
	    "$FH/bin/ngctl" msg ngsw: getstats 2
	echo "link2 $$" >"$FH/ng/ngsw"
	atf_check -o match:"getstats" "$FH/bin/ngctl" msg ngsw: getstats 2
	atf_check -s exit:1 -e match:"usage: ngctl" "$FH/bin/ngctl" -x
	atf_check -s exit:1 -e match:"Invalid argument" \
	    "$FH/bin/ngctl" msg ngsw: getstats x
}

atf_test_case kld_sysctl
kld_sysctl_head()
{
	atf_set descr "kldstat, kldload and sysctl on the fake host's state"
}
kld_sysctl_body()
{
	fakehost_setup
	atf_check "$FH/bin/kldstat" -q -m vmm
	atf_check -s exit:1 "$FH/bin/kldstat" -q -m if_bridge
	atf_check -s exit:1 -e match:"can't find file if_bridge" \
	    "$FH/bin/kldstat" -n if_bridge
	atf_check "$FH/bin/kldload" if_bridge
	atf_check -o match:"if_bridge.ko" "$FH/bin/kldstat" -n if_bridge.ko
	atf_check -s exit:1 \
	    -e inline:"kldload: can't load vmm: module already loaded or in kernel\n" \
	    "$FH/bin/kldload" vmm
	atf_check "$FH/bin/kldload" -n vmm
	atf_check -s exit:1 -e match:"can't load nosuch" \
	    "$FH/bin/kldload" nosuch
	atf_check -o inline:"1\n" "$FH/bin/sysctl" -n net.link.tap.up_on_open
	atf_check -o inline:"hw.vmm.maxcpu: 2\n" "$FH/bin/sysctl" hw.vmm
	atf_check -o inline:"net.link.tap.up_on_open: 1 -> 0\n" \
	    "$FH/bin/sysctl" net.link.tap.up_on_open=0
	atf_check -o inline:"0\n" "$FH/bin/sysctl" -n net.link.tap.up_on_open
	atf_check -s exit:1 -e inline:"sysctl: unknown oid 'no.such'\n" \
	    "$FH/bin/sysctl" -n no.such
	atf_check -s exit:1 -e inline:"sysctl: invalid integer 'yes'\n" \
	    "$FH/bin/sysctl" net.link.tap.up_on_open=yes
}

atf_test_case pfctl
pfctl_head()
{
	atf_set descr "pfctl -s: abbreviated modifiers, (skip) with -v, no pf, no root"
}
pfctl_body()
{
	fakehost_setup
	atf_check -s exit:1 -e inline:"pfctl: /dev/pf: No such file or directory\n" \
	    "$FH/bin/pfctl" -s info
	echo 9 >"$FH/state/kld/pf"
	printf 'enabled=1\nskip=lo0\n' >"$FH/state/pf"
	atf_check -o match:'^Status: Enabled for ' "$FH/bin/pfctl" -s info
	# pfctl.c takes the first of showopt_list a modifier abbreviates.
	atf_check -o match:'^Status: Enabled for ' "$FH/bin/pfctl" -s i
	atf_check -o inline:'all\nem0\nlo0\n' "$FH/bin/pfctl" -s I
	atf_check -o inline:'all\nem0\nlo0 (skip)\n' "$FH/bin/pfctl" -v -s Interfaces
	atf_check -s exit:1 -e inline:"pfctl: Unknown show modifier 'bogus'\n" \
	    "$FH/bin/pfctl" -s bogus
	atf_check -s exit:1 -e match:'^usage: pfctl' "$FH/bin/pfctl" -s
	atf_check -s exit:1 -e match:'^usage: pfctl' "$FH/bin/pfctl" -s info extra
	printf 'enabled=0\n' >"$FH/state/pf"
	atf_check -o match:'^Status: Disabled for ' "$FH/bin/pfctl" -s info
	printf '1001\n' >"$FH/ctl/pfctl.uid"
	atf_check -s exit:1 -e inline:"pfctl: /dev/pf: Permission denied\n" \
	    "$FH/bin/pfctl" -s info
}

atf_test_case calls_log
calls_log_head()
{
	atf_set descr "every fake tool logs its argv in log/calls"
}
calls_log_body()
{
	fakehost_setup
	"$FH/bin/kldstat" -q -m vmm
	"$FH/bin/ifconfig" -g "two words" >/dev/null
	"$FH/bin/bhyvectl" --vm=none --destroy 2>/dev/null
	atf_check -o inline:"kldstat -q -m vmm
ifconfig -g two words
bhyvectl --vm=none --destroy
" cat "$FH/log/calls"
}

fakehost_case fetch "fetch copies file:// and \$FH/www URLs, fails like fetch(1)"
fetch_body()
{
	fakehost_setup
	mkdir -p "$FH/www/example.org/pub" dir
	echo image >"$FH/www/example.org/pub/a.iso"
	atf_check -s exit:0 -e ignore \
	    "$FH/bin/fetch" -o out http://example.org/pub/a.iso
	atf_check -o inline:'image\n' cat out
	atf_check -s exit:0 -e empty \
	    "$FH/bin/fetch" -q -o dir "file://$FH/www/example.org/pub/a.iso"
	atf_check -o inline:'image\n' cat dir/a.iso
	atf_check -s exit:1 -o empty \
	    -e inline:'fetch: http://example.org/none.iso: Not Found\n' \
	    "$FH/bin/fetch" -o none http://example.org/none.iso
	[ -e none ] && atf_fail "a failed fetch left its output"
	atf_check -s exit:1 -e match:'Invalid URL' \
	    "$FH/bin/fetch" -o x gopher://example.org/a
	atf_check -s exit:1 -e match:'^usage: fetch' "$FH/bin/fetch" -o x
	atf_check -s exit:1 -e match:'^usage: fetch' \
	    "$FH/bin/fetch" -X http://example.org/pub/a.iso
	atf_check -o match:'^fetch -o out http://example.org/pub/a.iso$' \
	    cat "$FH/log/calls"
}

atf_init_test_cases()
{
	atf_add_test_case bhyve_argv
	atf_add_test_case bhyve_missing_disk
	atf_add_test_case bhyve_com_not_tty
	atf_add_test_case bhyve_bootrom
	atf_add_test_case bhyve_needs_loader
	atf_add_test_case console_session
	atf_add_test_case console_exit_statuses
	atf_add_test_case sigterm
	atf_add_test_case exit_knob
	atf_add_test_case bhyvectl_running
	atf_add_test_case bhyvectl_destroy
	atf_add_test_case loaders
	atf_add_test_case bhyve_tap
	atf_add_test_case ifconfig_tap
	atf_add_test_case ifconfig_bridge
	atf_add_test_case ifconfig_addr_vlan_vxlan
	atf_add_test_case route_ngctl
	atf_add_test_case kld_sysctl
	atf_add_test_case pfctl
	atf_add_test_case calls_log
	atf_add_test_case fetch
}

#! /usr/bin/env atf-sh
#
# nic_test - guest NICs at start on the fake host: a tap per NIC,
# described, given the switch's MTU and plugged in as vm-bhyve does
# (vm-bhyve-compat.md §5.2), MACs generated once and written back, vale
# and netgraph backends, and everything undone at stop and on failure.

. "$(atf_get_srcdir)/../fake/fakehost.sh"

# The ifconfig calls logged so far: atf_check ... $IFCALLS.
IFCALLS='sed -n /^ifconfig/p fh/log/calls'

# The switch lan on em0 (bridge vm-lan); extra arguments go to create.
lan()
{
	atf_check -o empty -e empty "$HYVE" switch create -i em0 "$@" lan
}

# Clear the calls log.
nocalls()
{
	: >"$FH/log/calls"
}

# A state line of interface $1.
has()
{
	grep -qx "$2" "$FH/net/$1"
}

# Stop guest $1 and wait until its supervisor is gone.
stop()
{
	atf_check -o inline:"$1: stopped\n" "$HYVE" stop "$1"
	fakehost_waitfor 10 fakehost_stopped "$1"
}

fakehost_case one_nic "one NIC: tap created, described, plugged, destroyed"
one_nic_body()
{
	fakehost_setup
	lan
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="lan"'
	nocalls
	fakehost_start web
	atf_check -o inline:"\
ifconfig tap create
ifconfig -g viid-73f50@
ifconfig vm-lan
ifconfig tap0 descr vmnet/web/0/lan group vm-port
ifconfig vm-lan addm tap0
ifconfig tap0 up
" $IFCALLS
	has vm-lan member=tap0 || atf_fail "tap0 not plugged into vm-lan"
	has tap0 descr=vmnet/web/0/lan || atf_fail "tap0 not described"
	mac=$(sed -n 's/^network0_mac="\(.*\)"$/\1/p' "$FH/vm/web/web.conf")
	echo "$mac" | grep -Eqx '58:9c:fc:0[0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}' ||
	    atf_fail "no MAC written back: '$mac'"
	atf_check -o match:"^pci\\.0\\.5\\.0\\.backend=tap0\$" \
	    -o match:"^pci\\.0\\.5\\.0\\.mac=$mac\$" \
	    cat "$FH/run/web/bhyve.conf"
	atf_check -o match:'virtual-port: tap0 guest web network0$' \
	    "$HYVE" switch info lan
	nocalls
	stop web
	atf_check -o inline:"ifconfig tap0 destroy\n" $IFCALLS
	fakehost_nothing_left web
	has vm-lan member=em0 || atf_fail "stop unplugged em0"
	# The MAC is made once: a second start keeps it.
	fakehost_start web
	atf_check -o match:"^network0_mac=\"$mac\"\$" cat "$FH/vm/web/web.conf"
	stop web
}

fakehost_case mtu_private_span "the MTU of the switch, private flag and span ports"
mtu_private_span_body()
{
	fakehost_setup
	lan -m 9000 -p
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="lan"' 'network1_type="e1000"' \
	    'network1_switch="lan"' 'network1_span="yes"'
	nocalls
	fakehost_start web
	atf_check -o inline:"\
ifconfig tap create
ifconfig -g viid-73f50@
ifconfig vm-lan
ifconfig tap0 descr vmnet/web/0/lan group vm-port
ifconfig tap0 mtu 9000
ifconfig vm-lan addm tap0
ifconfig tap0 up
ifconfig vm-lan private tap0
ifconfig tap create
ifconfig -g viid-73f50@
ifconfig vm-lan
ifconfig tap1 descr vmnet/web/1/lan group vm-port
ifconfig tap1 mtu 9000
ifconfig vm-lan span tap1
ifconfig tap1 up
" $IFCALLS
	has tap0 mtu=9000 || atf_fail "tap0 MTU not 9000"
	has vm-lan private=tap0 || atf_fail "tap0 not private"
	has vm-lan span=tap1 || atf_fail "tap1 not a span port"
	stop web
	fakehost_nothing_left web
}

fakehost_case two_guests "two guests on one switch"
two_guests_body()
{
	fakehost_setup
	lan
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="lan"'
	fakehost_guest db 'network0_type="virtio-net"' \
	    'network0_switch="lan"'
	fakehost_start web
	fakehost_start db
	has vm-lan member=tap0 || atf_fail "web's tap0 not plugged"
	has vm-lan member=tap1 || atf_fail "db's tap1 not plugged"
	atf_check -o match:'virtual-port: tap0 guest web network0$' \
	    -o match:'virtual-port: tap1 guest db network0$' \
	    "$HYVE" switch info lan
	atf_check -s exit:1 -e match:'switch lan is used by db, web' \
	    "$HYVE" switch destroy lan
	stop web
	[ "$(fakehost_taps)" = tap1 ] || atf_fail "taps: $(fakehost_taps)"
	has vm-lan member=tap1 || atf_fail "stopping web unplugged db"
	stop db
	fakehost_nothing_left db
}

fakehost_case three_nics "three NICs on standard, manual and vale switches"
three_nics_body()
{
	fakehost_setup
	lan
	"$FH/bin/ifconfig" bridge5 create || atf_fail "no bridge5"
	atf_check "$HYVE" switch create -t manual -b bridge5 man
	atf_check "$HYVE" switch create -t vale vs
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="lan"' 'network0_name="web0"' \
	    'network1_type="e1000"' 'network1_switch="man"' \
	    'network1_mac="58:9c:fc:00:00:11"' \
	    'network2_type="virtio-net"' 'network2_switch="vs"' \
	    'network2_mac="58:9c:fc:00:00:02"'
	# The plan shows the same steps and the same bhyve config.
	atf_check -s exit:0 -o save:plan "$HYVE" start -n web
	atf_check -o match:"^run $FH/bin/ifconfig '<new tap>' name web0\$" \
	    -o match:'^    pci\.0\.5\.0\.type=tap$' \
	    -o match:'^    pci\.0\.5\.2\.backend=valef4842:9c22a$' cat plan
	nocalls
	fakehost_start web
	atf_check -o inline:"\
ifconfig tap create
ifconfig tap0 name web0
ifconfig -g viid-73f50@
ifconfig vm-lan
ifconfig web0 descr vmnet/web/0/lan group vm-port
ifconfig vm-lan addm web0
ifconfig web0 up
ifconfig tap create
ifconfig bridge5
ifconfig tap1 descr vmnet/web/1/man group vm-port
ifconfig bridge5 addm tap1
ifconfig tap1 up
" $IFCALLS
	# A renamed tap needs type=tap; vale's port names hash switch and MAC.
	atf_check -o match:'^pci\.0\.5\.0\.backend=web0$' \
	    -o match:'^pci\.0\.5\.0\.type=tap$' \
	    -o match:'^pci\.0\.5\.1\.backend=tap1$' \
	    -o match:'^pci\.0\.5\.1\.mac=58:9c:fc:00:00:11$' \
	    -o match:'^pci\.0\.5\.2\.backend=valef4842:9c22a$' \
	    cat "$FH/run/web/bhyve.conf"
	has vm-lan member=web0 || atf_fail "web0 not on vm-lan"
	has bridge5 member=tap1 || atf_fail "tap1 not on bridge5"
	atf_check -o match:'^network1_mac="58:9c:fc:00:00:11"$' \
	    cat "$FH/vm/web/web.conf"
	nocalls
	stop web
	atf_check -o inline:"ifconfig web0 destroy\nifconfig tap1 destroy\n" \
	    $IFCALLS
	[ -e "$FH/net/web0" ] && atf_fail "web0 left behind"
	[ -e "$FH/net/bridge5" ] || atf_fail "bridge5 was destroyed"
	fakehost_nothing_left web
}

fakehost_case vxlan "a NIC on a vxlan switch takes the bridge MTU of 1450"
vxlan_body()
{
	fakehost_setup
	"$FH/bin/ifconfig" em0 inet 192.0.2.5/24 || atf_fail "no address"
	atf_check "$HYVE" switch create -t vxlan -i em0 -v 77 vx1
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="vx1"'
	nocalls
	fakehost_start web
	atf_check -o inline:"\
ifconfig tap create
ifconfig -g viid-fb6a5@
ifconfig vm-vx1
ifconfig tap0 descr vmnet/web/0/vx1 group vm-port
ifconfig tap0 mtu 1450
ifconfig vm-vx1 addm tap0
ifconfig tap0 up
" $IFCALLS
	has vm-vx1 member=tap0 || atf_fail "tap0 not on vm-vx1"
	stop web
	fakehost_nothing_left web
	has vm-vx1 member=vxlan77 || atf_fail "vxlan77 left vm-vx1"
	rm -r "$FH/vm/web"
	atf_check "$HYVE" switch destroy vx1
	[ -e "$FH/net/vm-vx1" ] && atf_fail "vm-vx1 left behind"
	return 0
}

fakehost_case netgraph "netgraph NICs: the first free links, nothing created"
netgraph_body()
{
	fakehost_setup
	atf_check "$HYVE" switch create -t netgraph ngsw
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="ngsw"' 'network0_mac="58:9c:fc:00:00:03"' \
	    'network1_type="virtio-net"' 'network1_switch="ngsw"'
	fakehost_guest db 'network0_type="virtio-net"' \
	    'network0_switch="ngsw"'
	# No ng_bridge node ngsw yet: a clear error, nothing left.
	atf_check -s exit:1 -o empty \
	    -e match:'network0: netgraph switch ngsw has no node ngsw:' \
	    "$HYVE" start web
	fakehost_waitfor 10 fakehost_stopped web
	: >"$FH/ng/ngsw"
	nocalls
	fakehost_start web
	atf_check -o empty $IFCALLS
	# Link 2 is free; link 3 too, and web's first NIC has taken 2.
	atf_check -o inline:"ngctl msg ngsw: getstats 2
ngctl msg ngsw: getstats 3
" sed -n '/^ngctl/p' fh/log/calls
	atf_check -o match:'^pci\.0\.5\.0\.backend=netgraph$' \
	    -o match:'^pci\.0\.5\.0\.path=ngsw:$' \
	    -o match:'^pci\.0\.5\.0\.peerhook=link2$' \
	    -o match:'^pci\.0\.5\.1\.peerhook=link3$' \
	    cat "$FH/run/web/bhyve.conf"
	# web holds links 2 and 3 now: db gets 4.
	nocalls
	fakehost_start db
	atf_check -o inline:"ngctl msg ngsw: getstats 2
ngctl msg ngsw: getstats 3
ngctl msg ngsw: getstats 4
" sed -n '/^ngctl/p' fh/log/calls
	atf_check -o match:'^pci\.0\.5\.0\.peerhook=link4$' \
	    cat "$FH/run/db/bhyve.conf"
	stop web
	stop db
}

fakehost_case existing_device "networkN_device: used, unplugged, never destroyed"
existing_device_body()
{
	fakehost_setup
	lan
	"$FH/bin/ifconfig" tap99 create || atf_fail "no tap99"
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="lan"' 'network0_device="tap99"'
	nocalls
	fakehost_start web
	atf_check -o inline:"\
ifconfig -g viid-73f50@
ifconfig vm-lan
ifconfig tap99 descr vmnet/web/0/lan group vm-port
ifconfig vm-lan addm tap99
ifconfig tap99 up
" $IFCALLS
	atf_check -o match:'^pci\.0\.5\.0\.backend=tap99$' \
	    cat "$FH/run/web/bhyve.conf"
	nocalls
	stop web
	atf_check -o inline:"ifconfig vm-lan deletem tap99\n" $IFCALLS
	[ -e "$FH/net/tap99" ] || atf_fail "hyve destroyed tap99"
	has vm-lan member=tap99 && atf_fail "tap99 still on vm-lan"
	return 0
}

fakehost_case fail_third "a start failing after two taps removes both"
fail_third_body()
{
	fakehost_setup
	lan
	# em0 exists: renaming the third tap to it fails (EEXIST).
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="lan"' 'network1_type="virtio-net"' \
	    'network1_switch="lan"' 'network2_type="virtio-net"' \
	    'network2_switch="lan"' 'network2_name="em0"'
	nocalls
	atf_check -s exit:1 -o empty \
	    -e match:"^hyve: web: not started: network2: cannot rename tap2 to em0 \\(see $FH/vm/web/hyve.log\\)\$" \
	    "$HYVE" start web
	fakehost_waitfor 10 fakehost_stopped web
	atf_check -o inline:"\
ifconfig tap create
ifconfig -g viid-73f50@
ifconfig vm-lan
ifconfig tap0 descr vmnet/web/0/lan group vm-port
ifconfig vm-lan addm tap0
ifconfig tap0 up
ifconfig tap create
ifconfig -g viid-73f50@
ifconfig vm-lan
ifconfig tap1 descr vmnet/web/1/lan group vm-port
ifconfig vm-lan addm tap1
ifconfig tap1 up
ifconfig tap create
ifconfig tap2 name em0
ifconfig tap0 destroy
ifconfig tap1 destroy
ifconfig tap2 destroy
" $IFCALLS
	atf_check -o not-match:'^bhyve' cat "$FH/log/calls"
	fakehost_nothing_left web
	has vm-lan member=em0 || atf_fail "em0 left vm-lan"
	has vm-lan member=tap0 && atf_fail "tap0 still a member"
	return 0
}

atf_init_test_cases()
{
	atf_add_test_case one_nic
	atf_add_test_case mtu_private_span
	atf_add_test_case two_guests
	atf_add_test_case three_nics
	atf_add_test_case vxlan
	atf_add_test_case netgraph
	atf_add_test_case existing_device
	atf_add_test_case fail_third
}

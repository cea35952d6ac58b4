#! /usr/bin/env atf-sh
#
# switch_test - "hyve switch" on the fake host: each switch type created,
# given ports and destroyed, VLAN ports, the exact ifconfig(8) and
# route(8) argv of every step ($FH/log/calls), and bad input refused
# with nothing changed.

. "$(atf_get_srcdir)/../fake/fakehost.sh"

# The calls made since the log was last cleared, without the "ifconfig
# -a" every switch command starts with: atf_check ... $CALLS.
CALLS='sed /^ifconfig.-a$/d fh/log/calls'

# Clear the calls log.
nocalls()
{
	: >"$FH/log/calls"
}

# A second physical port, em1.
em1()
{
	printf 'type=ether\nindex=9\nup=1\nmtu=1500\n' >"$FH/net/em1"
}

# Whether interface $1 exists on the fake host.
exists()
{
	[ -e "$FH/net/$1" ]
}

# A state line of interface $1 ("member=em0", "group=vm-switch", ...).
has()
{
	grep -qx "$2" "$FH/net/$1"
}

# Check that a refused command changed nothing: system.conf as saved in
# sc.before, and no call other than "ifconfig -a".
unchanged()
{
	atf_check cmp sc.before "$FH/vm/.config/system.conf"
	atf_check -o empty $CALLS
}

atf_test_case standard
standard_head()
{
	atf_set descr "standard switch: create, add, remove, destroy"
}
standard_body()
{
	fakehost_setup
	em1
	nocalls
	atf_check -s exit:0 -o empty -e empty "$HYVE" switch create -i em0 \
	    -a 192.0.2.1/24 lan
	atf_check -o inline:"\
ifconfig bridge create name vm-lan group vm-switch up
ifconfig vm-lan group viid-73f50@
ifconfig vm-lan link random
ifconfig vm-lan inet 192.0.2.1/24
ifconfig vm-lan addm em0
" $CALLS
	has vm-lan member=em0 || atf_fail "em0 is not a member of vm-lan"
	has vm-lan group=vm-switch || atf_fail "vm-lan not in vm-switch"
	has vm-lan inet=192.0.2.1/24 || atf_fail "vm-lan has no address"
	atf_check -o match:'^switch_list="public lan"$' \
	    -o match:'^type_lan="standard"$' -o match:'^ports_lan="em0"$' \
	    -o match:'^addr_lan="192.0.2.1/24"$' \
	    cat "$FH/vm/.config/system.conf"
	atf_check -o match:'^lan +standard +vm-lan +192.0.2.1/24 +no +- +- +em0$' \
	    "$HYVE" switch list

	nocalls
	atf_check -s exit:0 "$HYVE" switch add lan em1
	atf_check -o inline:"ifconfig vm-lan addm em1\n" $CALLS
	has vm-lan member=em1 || atf_fail "em1 is not a member"
	atf_check -o match:'^ports_lan="em0 em1"$' \
	    cat "$FH/vm/.config/system.conf"

	nocalls
	atf_check -s exit:0 "$HYVE" switch remove lan em0
	atf_check -o inline:"ifconfig vm-lan deletem em0\n" $CALLS
	has vm-lan member=em0 && atf_fail "em0 is still a member"
	atf_check -o match:'^ports_lan="em1"$' \
	    cat "$FH/vm/.config/system.conf"

	nocalls
	atf_check -s exit:0 "$HYVE" switch destroy lan
	atf_check -o inline:"\
ifconfig vm-lan deletem em1
ifconfig vm-lan destroy
" $CALLS
	exists vm-lan && atf_fail "vm-lan left behind"
	exists em1 || atf_fail "destroy removed the physical port"
	atf_check -o inline:'switch_list="public"\ntype_public="standard"\n' \
	    cat "$FH/vm/.config/system.conf"
}

atf_test_case settings
settings_head()
{
	atf_set descr "switch mtu, address and private"
}
settings_body()
{
	fakehost_setup
	atf_check "$HYVE" switch create -i em0 lan
	nocalls
	atf_check -s exit:0 "$HYVE" switch mtu lan 9000
	atf_check -o inline:"ifconfig em0 mtu 9000\nifconfig vm-lan mtu 9000\n" \
	    $CALLS
	has em0 mtu=9000 || atf_fail "em0 kept its MTU"
	has vm-lan mtu=9000 || atf_fail "vm-lan kept its MTU"
	nocalls
	atf_check "$HYVE" switch address lan 192.0.2.1/24
	atf_check "$HYVE" switch address lan 2001:db8::1/64
	atf_check -o inline:"\
ifconfig vm-lan inet 192.0.2.1/24
ifconfig vm-lan inet 192.0.2.1/24 -alias
ifconfig vm-lan inet6 2001:db8::1/64 auto_linklocal
" $CALLS
	has vm-lan inet=192.0.2.1/24 && atf_fail "old address left"
	has vm-lan inet6=2001:db8::1/64 || atf_fail "no IPv6 address"
	atf_check "$HYVE" switch private lan yes
	atf_check -o match:'^mtu_lan="9000"$' -o match:'^private_lan="yes"$' \
	    -o match:'^addr6_lan="2001:db8::1/64"$' -o not-match:'^addr_lan=' \
	    cat "$FH/vm/.config/system.conf"
	atf_check "$HYVE" switch address lan none
	has vm-lan inet6=2001:db8::1/64 && atf_fail "address not removed"
	atf_check -s exit:1 -e match:'mtu "90000" is not a number' \
	    "$HYVE" switch mtu lan 90000
	atf_check -s exit:1 -e match:'private takes yes or no' \
	    "$HYVE" switch private lan maybe
	atf_check -s exit:1 -e match:'give it in CIDR form' \
	    "$HYVE" switch address lan 192.0.2.1
}

atf_test_case vlan
vlan_head()
{
	atf_set descr "VLAN ports: created, retagged, removed with the switch"
}
vlan_body()
{
	fakehost_setup
	nocalls
	atf_check -s exit:0 "$HYVE" switch create -i em0 -v 10 -m 9000 lan
	atf_check -o inline:"\
ifconfig bridge create name vm-lan group vm-switch up
ifconfig vm-lan group viid-73f50@
ifconfig vm-lan link random
ifconfig vm-lan mtu 9000
ifconfig em0 mtu 9000
ifconfig vlan create vlandev em0 vlan 10 descr vm-vlan/lan/em0.10 name em0.10 group vm-vlan up
ifconfig em0.10 group viid-3e722@
ifconfig vm-lan addm em0.10
" $CALLS
	has em0.10 vlan=10 || atf_fail "em0.10 has no tag"
	has em0.10 vlandev=em0 || atf_fail "em0.10 has no parent"
	has vm-lan member=em0.10 || atf_fail "em0.10 not a member"
	has vm-lan mtu=9000 || atf_fail "bridge MTU not 9000"
	atf_check -o match:'^vlan_lan="10"$' cat "$FH/vm/.config/system.conf"

	nocalls
	atf_check -s exit:0 "$HYVE" switch vlan lan 20
	atf_check -o inline:"\
ifconfig vm-lan deletem em0.10
ifconfig em0.10 destroy
ifconfig vlan create vlandev em0 vlan 20 descr vm-vlan/lan/em0.20 name em0.20 group vm-vlan up
ifconfig em0.20 group viid-867c3@
ifconfig vm-lan addm em0.20
" $CALLS
	exists em0.10 && atf_fail "em0.10 left behind"
	has vm-lan member=em0.20 || atf_fail "em0.20 not a member"

	nocalls
	atf_check -s exit:0 "$HYVE" switch vlan lan 0
	atf_check -o match:'^ifconfig vm-lan addm em0$' $CALLS
	has vm-lan member=em0 || atf_fail "em0 not a member"
	atf_check -o not-match:'^vlan_lan=' cat "$FH/vm/.config/system.conf"
	atf_check -s exit:1 -e match:'vlan "4095" is not a number' \
	    "$HYVE" switch vlan lan 4095

	atf_check "$HYVE" switch vlan lan 30
	atf_check "$HYVE" switch destroy lan
	exists em0.30 && atf_fail "em0.30 left behind"
	exists vm-lan && atf_fail "vm-lan left behind"
	return 0
}

atf_test_case manual
manual_head()
{
	atf_set descr "manual switch on an rc.conf bridge, never destroyed"
}
manual_body()
{
	fakehost_setup
	"$FH/bin/ifconfig" bridge5 create || atf_fail "no bridge5"
	nocalls
	atf_check -s exit:1 -e match:'bridge6 is not an existing bridge' \
	    "$HYVE" switch create -t manual -b bridge6 man
	atf_check -s exit:1 -e match:'em0 is not an existing bridge' \
	    "$HYVE" switch create -t manual -b em0 man
	atf_check -s exit:0 "$HYVE" switch create -t manual -b bridge5 man
	atf_check -o inline:"\
ifconfig bridge5 group vm-switch up
ifconfig bridge5 group viid-39c63@
" $CALLS
	atf_check -o match:'^type_man="manual"$' -o match:'^bridge_man="bridge5"$' \
	    cat "$FH/vm/.config/system.conf"
	atf_check -o match:'^man +manual +bridge5 ' "$HYVE" switch list
	atf_check -s exit:1 -e match:'manual switches have no ports' \
	    "$HYVE" switch add man em0
	nocalls
	atf_check -s exit:0 "$HYVE" switch destroy man
	atf_check -o inline:"\
ifconfig bridge5 -group viid-39c63@
ifconfig bridge5 -group vm-switch
" $CALLS
	exists bridge5 || atf_fail "hyve destroyed a bridge it did not create"
	has bridge5 group=vm-switch && atf_fail "bridge5 kept vm-switch"
	atf_check -o not-match:'man' cat "$FH/vm/.config/system.conf"
}

atf_test_case vale_netgraph
vale_netgraph_head()
{
	atf_set descr "vale and netgraph switches: configuration only"
}
vale_netgraph_body()
{
	fakehost_setup
	nocalls
	atf_check -s exit:0 "$HYVE" switch create -t vale vs
	atf_check -s exit:0 "$HYVE" switch create -t netgraph ngsw
	atf_check -o empty $CALLS
	atf_check -o match:'^switch_list="public vs ngsw"$' \
	    -o match:'^type_vs="vale"$' -o match:'^type_ngsw="netgraph"$' \
	    cat "$FH/vm/.config/system.conf"
	atf_check -o match:'^vs +vale +valef4842 ' \
	    -o match:'^ngsw +netgraph +ngsw: ' "$HYVE" switch list
	atf_check -s exit:1 -e match:'a vale switch takes none of the options' \
	    "$HYVE" switch create -t vale -i em0 vs2
	atf_check -s exit:1 -e match:'vale switches have no vlan' \
	    "$HYVE" switch vlan vs 10
	atf_check -s exit:0 "$HYVE" switch destroy vs
	atf_check -s exit:0 "$HYVE" switch destroy ngsw
	atf_check -o empty $CALLS
	atf_check -o inline:'switch_list="public"\ntype_public="standard"\n' \
	    cat "$FH/vm/.config/system.conf"
}

atf_test_case vxlan
vxlan_head()
{
	atf_set descr "vxlan switch: vxlan interface, bridge and route"
}
vxlan_body()
{
	fakehost_setup
	atf_check -s exit:1 -e match:'em0 has no IPv4 address' \
	    "$HYVE" switch create -t vxlan -i em0 -v 77 vx1
	"$FH/bin/ifconfig" em0 inet 192.0.2.5/24 || atf_fail "no address"
	nocalls
	atf_check -s exit:0 "$HYVE" switch create -t vxlan -i em0 -v 77 \
	    -a 10.1.0.1/24 vx1
	atf_check -o inline:"\
ifconfig vxlan77 create vxlanid 77 vxlanlocal 192.0.2.5 vxlangroup 239.251.106.80 vxlandev em0 descr vm-vxlan/vx1 group vm-vlan up
ifconfig bridge create name vm-vx1 group vm-switch up
ifconfig vm-vx1 group viid-fb6a5@
ifconfig vm-vx1 link random
ifconfig vm-vx1 addm vxlan77
route add -net 239.251.106.80/32 -iface em0
ifconfig vm-vx1 inet 10.1.0.1/24
" $CALLS
	has vm-vx1 member=vxlan77 || atf_fail "vxlan77 not a member"
	atf_check -o inline:"239.251.106.80/32 em0\n" cat "$FH/state/routes"
	atf_check -o match:'^vlan_vx1="77"$' -o match:'^ports_vx1="em0"$' \
	    cat "$FH/vm/.config/system.conf"
	nocalls
	atf_check -s exit:0 "$HYVE" switch destroy vx1
	atf_check -o inline:"\
route delete -net 239.251.106.80/32 -iface em0
ifconfig vm-vx1 destroy
ifconfig vxlan77 destroy
" $CALLS
	exists vxlan77 && atf_fail "vxlan77 left behind"
	exists vm-vx1 && atf_fail "vm-vx1 left behind"
	atf_check -o empty cat "$FH/state/routes"
}

atf_test_case long_name
long_name_head()
{
	atf_set descr "a switch name too long for vm-NAME keeps bridgeN"
}
long_name_body()
{
	fakehost_setup
	nocalls
	atf_check -s exit:0 "$HYVE" switch create -i em0 averylongswitch
	atf_check -o inline:"\
ifconfig bridge create descr vm/averylongswitch group vm-switch up
ifconfig bridge0 group viid-adedb@
ifconfig bridge0 link random
ifconfig bridge0 addm em0
" $CALLS
	atf_check -o match:'^averylongswitch +standard +bridge0 ' \
	    "$HYVE" switch list
	atf_check -s exit:0 "$HYVE" switch destroy averylongswitch
	exists bridge0 && atf_fail "bridge0 left behind"
	return 0
}

atf_test_case refused
refused_head()
{
	atf_set descr "bad input: clear error, nothing changed"
}
refused_body()
{
	fakehost_setup
	atf_check "$HYVE" switch create -i em0 lan
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="lan"'
	fakehost_guest db 'network0_type="virtio-net"' \
	    'network1_type="virtio-net"' 'network1_switch="lan"'
	cp "$FH/vm/.config/system.conf" sc.before
	nocalls
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: switch lan already exists (see hyve switch info lan)\n" \
	    "$HYVE" switch create lan
	unchanged
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: interface em7 does not exist (see ifconfig -l)\n" \
	    "$HYVE" switch create -i em7 other
	unchanged
	atf_check -s exit:1 -e match:'interface em7 does not exist' \
	    "$HYVE" switch add lan em7
	unchanged
	atf_check -s exit:1 -o empty -e inline:"hyve: switch lan is used by \
db, web (move their networkN_switch to another switch first)\n" \
	    "$HYVE" switch destroy lan
	unchanged
	atf_check -s exit:1 -e match:'switch nope does not exist' \
	    "$HYVE" switch destroy nope
	atf_check -s exit:1 -e match:'unknown type "bogus"' \
	    "$HYVE" switch create -t bogus x
	atf_check -s exit:1 -e match:'em0 is already one of its ports' \
	    "$HYVE" switch add lan em0
	atf_check -s exit:1 -e match:'em1 is not one of its ports' \
	    "$HYVE" switch remove lan em1
	atf_check -s exit:1 -e match:'a manual switch needs -b bridge' \
	    "$HYVE" switch create -t manual m
	atf_check -s exit:1 -e match:'vlan "abc" is not a number' \
	    "$HYVE" switch create -v abc x
	atf_check -s exit:64 -e match:'^usage: hyve switch' \
	    "$HYVE" switch create
	atf_check -s exit:64 -e match:'unknown subcommand frob' \
	    "$HYVE" switch frob lan
	unchanged
	exists vm-lan || atf_fail "vm-lan went away"
	exists vm-other && atf_fail "vm-other was made"
	return 0
}

atf_test_case undo
undo_head()
{
	atf_set descr "a failing step undoes the ones done before it"
}
undo_body()
{
	fakehost_setup
	atf_check "$HYVE" switch create -i em0 lan
	cp "$FH/vm/.config/system.conf" sc.before
	nocalls
	# em0 is lan's already: if_bridge refuses it (EBUSY) at the addm.
	atf_check -s exit:1 -o empty -e match:'addm em0: ifconfig: BRDGADD em0: Device busy \(nothing changed\)$' \
	    "$HYVE" switch create -i em0 -a 192.0.2.1/24 other
	atf_check -o inline:"\
ifconfig bridge create name vm-other group vm-switch up
ifconfig vm-other group viid-795f3@
ifconfig vm-other link random
ifconfig vm-other inet 192.0.2.1/24
ifconfig vm-other addm em0
ifconfig vm-other destroy
" $CALLS
	exists vm-other && atf_fail "vm-other left behind"
	atf_check cmp sc.before "$FH/vm/.config/system.conf"
}

atf_test_case dryrun
dryrun_head()
{
	atf_set descr "-n prints the plan and changes nothing"
}
dryrun_body()
{
	fakehost_setup
	cp "$FH/vm/.config/system.conf" sc.before
	nocalls
	atf_check -s exit:0 -e empty -o inline:"\
run $FH/bin/ifconfig bridge create name vm-lan group vm-switch up
run $FH/bin/ifconfig vm-lan group viid-73f50@
run $FH/bin/ifconfig vm-lan link random
run $FH/bin/ifconfig vm-lan mtu 9000
run $FH/bin/ifconfig em0 mtu 9000
run $FH/bin/ifconfig vm-lan addm em0
set ports_lan=\"em0\"
set mtu_lan=\"9000\"
set switch_list=\"public lan\"
set type_lan=\"standard\"
" "$HYVE" switch create -n -i em0 -m 9000 lan
	unchanged
	atf_check "$HYVE" switch create -i em0 lan
	cp "$FH/vm/.config/system.conf" sc.before
	nocalls
	atf_check -o inline:"run $FH/bin/ifconfig vm-lan deletem em0
run $FH/bin/ifconfig vm-lan destroy
set switch_list=\"public\"
unset ports_lan
unset type_lan
" "$HYVE" switch -n destroy lan
	unchanged
}

atf_test_case root
root_head()
{
	atf_set descr "list and info are anyone's; changing a switch needs root"
	atf_set require.user root
	atf_set require.progs setpriv
}
root_body()
{
	fakehost_setup
	fakehost_open_workdir
	# The fake tools log every call and lock their state; let nobody's
	# ifconfig -a do both (the real one needs neither).
	chmod -R a+rwX "$FH/log" "$FH/state"
	atf_check -s exit:0 -o match:'^public ' -e empty \
	    $FAKEHOST_NOBODY "$HYVE" switch list
	atf_check -s exit:0 -o match:'public' -e empty \
	    $FAKEHOST_NOBODY "$HYVE" switch info public
	atf_check -s exit:1 -o empty -e inline:"hyve: switch create: must be \
run as root: it changes the host (-n prints what it would do)\n" \
	    $FAKEHOST_NOBODY "$HYVE" switch create lan
	atf_check -s exit:1 -o empty -e match:'switch destroy: must be run as root' \
	    $FAKEHOST_NOBODY "$HYVE" switch destroy public
	atf_check -o inline:'switch_list="public"\ntype_public="standard"\n' \
	    cat "$FH/vm/.config/system.conf"
}

atf_init_test_cases()
{
	atf_add_test_case standard
	atf_add_test_case settings
	atf_add_test_case vlan
	atf_add_test_case manual
	atf_add_test_case vale_netgraph
	atf_add_test_case vxlan
	atf_add_test_case long_name
	atf_add_test_case refused
	atf_add_test_case undo
	atf_add_test_case dryrun
	atf_add_test_case root
}

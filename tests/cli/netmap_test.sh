#! /usr/bin/env atf-sh
#
# netmap_test - "hyve netmap": every bridge and switch with its ports
# and the guests' taps, as text and as JSON (checked with jq).

. "$(atf_get_srcdir)/../fake/fakehost.sh"

# Stop guest $1 and wait until its supervisor is gone.
stop()
{
	atf_check -o inline:"$1: stopped\n" "$HYVE" stop "$1"
	fakehost_waitfor 10 fakehost_stopped "$1"
}

# Switches lan (em0, labelled), man (bridge5) and vs (vale), a bridge7
# that is no switch with a stray tap9, and two guests: web with three
# NICs (lan as web0, man, vs) and db on lan.
network()
{
	"$FH/bin/ifconfig" bridge5 create || atf_fail "no bridge5"
	atf_check "$HYVE" switch create -i em0 lan
	atf_check "$HYVE" switch create -t manual -b bridge5 man
	atf_check "$HYVE" switch create -t vale vs
	"$FH/bin/ifconfig" bridge7 create up || atf_fail "no bridge7"
	"$FH/bin/ifconfig" tap9 create || atf_fail "no tap9"
	"$FH/bin/ifconfig" bridge7 addm tap9 || atf_fail "no addm"
	echo 'BRIDGE_vm_lan_NAME="Private LAN"' >>"$FH/etc/hyve.conf"
	echo "BRIDGE_bridge7_NAME='Lab'" >>"$FH/etc/hyve.conf"
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="lan"' 'network0_name="web0"' \
	    'network1_type="e1000"' 'network1_switch="man"' \
	    'network2_type="virtio-net"' 'network2_switch="vs"'
	fakehost_guest db 'network0_type="virtio-net"' \
	    'network0_switch="lan"' 'network0_span="yes"'
}

fakehost_case text "the map as text"
text_body()
{
	fakehost_setup
	network
	fakehost_start web
	fakehost_start db
	atf_check -s exit:0 -e empty -o inline:"\
bridge5: switch man (manual), up, mtu 1500
  tap tap1: web network1
vm-lan \"Private LAN\": switch lan (standard), up, mtu 1500
  port em0
  tap web0: web network0
  tap tap2: db network0 (span)
bridge7 \"Lab\": no switch, up, mtu 1500
  tap tap9: no guest
switch public (standard): no bridge
switch vs (vale): no bridge
  guest web
" "$HYVE" netmap
	stop web
	stop db
	atf_check -s exit:0 -o inline:"\
bridge5: switch man (manual), up, mtu 1500
  (no ports)
vm-lan \"Private LAN\": switch lan (standard), up, mtu 1500
  port em0
bridge7 \"Lab\": no switch, up, mtu 1500
  tap tap9: no guest
switch public (standard): no bridge
switch vs (vale): no bridge
  guest web
" "$HYVE" netmap
}

fakehost_case json "the map as JSON"
json_body()
{
	fakehost_setup
	network
	fakehost_start web
	fakehost_start db
	atf_check -s exit:0 -o save:map.json "$HYVE" netmap --json
	atf_check -o inline:"bridge5 vm-lan bridge7\n" \
	    jq -j '[.bridges[].bridge] | join(" "), "\n"' map.json
	atf_check -o inline:'"Private LAN"\n' \
	    jq '.bridges[] | select(.bridge == "vm-lan") | .label' map.json
	atf_check -o inline:'"lan"\n"standard"\n' jq \
	    '.bridges[] | select(.bridge == "vm-lan") | .switch, .type' map.json
	atf_check -o inline:"em0 physical null null false
web0 tap web 0 false
tap2 tap db 0 true
" jq -r '.bridges[] | select(.bridge == "vm-lan") | .ports[] |
	    "\(.name) \(.kind) \(.guest) \(.nic) \(.span)"' map.json
	atf_check -o inline:"tap1 web 1\n" jq -r '.bridges[] |
	    select(.bridge == "bridge5") | .ports[] |
	    "\(.name) \(.guest) \(.nic)"' map.json
	atf_check -o inline:"null Lab\n" jq -r '.bridges[] |
	    select(.bridge == "bridge7") | "\(.switch) \(.label)"' map.json
	atf_check -o inline:"public standard []\nvs vale [\"web\"]\n" jq -r \
	    '.unbridged[] | "\(.switch) \(.type) \(.guests | tojson)"' map.json
	stop web
	stop db
}

fakehost_case failed_start "after a start failing at its third tap, no tap is left"
failed_start_body()
{
	fakehost_setup
	atf_check "$HYVE" switch create -i em0 lan
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="lan"' 'network1_type="virtio-net"' \
	    'network1_switch="lan"' 'network2_type="virtio-net"' \
	    'network2_switch="lan"' 'network2_name="em0"'
	atf_check -s exit:1 -e match:'cannot rename tap2 to em0' \
	    "$HYVE" start web
	fakehost_waitfor 10 fakehost_stopped web
	atf_check -o inline:"\
vm-lan: switch lan (standard), up, mtu 1500
  port em0
switch public (standard): no bridge
" "$HYVE" netmap
	atf_check -s exit:0 -o save:map.json "$HYVE" netmap --json
	atf_check -o inline:"0\n" jq \
	    '[.bridges[].ports[] | select(.kind == "tap")] | length' map.json
	fakehost_nothing_left web
}

atf_init_test_cases()
{
	atf_add_test_case text
	atf_add_test_case json
	atf_add_test_case failed_start
}

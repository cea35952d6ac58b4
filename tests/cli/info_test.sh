#! /usr/bin/env atf-sh
#
# info_test - "hyve info" and "hyve status --json": everything about a
# guest, stopped and running, as text and JSON; only the named guest's
# files are read; other users; bad inputs.

. "$(atf_get_srcdir)/../fake/fakehost.sh"

NOBODY=$FAKEHOST_NOBODY

# A guest with two disks (one with data in it) and a NIC.
web_guest()
{
	fakehost_guest web 'cpu="2"' 'memory="1G"' \
	    'network0_type="virtio-net"' 'network0_switch="public"' \
	    'disk1_type="ahci-hd"' 'disk1_name="data.img"' \
	    'autostart_order="7"'
	dd if=/dev/urandom of="$FH/vm/web/data.img" bs=4096 count=16 \
	    2>/dev/null || atf_fail "cannot write data.img"
}

fakehost_case stopped "a stopped guest: config, datastore, disks with sizes, NIC"
stopped_body()
{
	fakehost_setup
	web_guest
	echo 'vm_list="db web"' >>"$HYVE_CONF"
	cat >expout <<-EOF
	web
	  config         $FH/vm/web/web.conf
	  datastore      default ($FH/vm)
	  loader         bhyveload
	  cpus           2
	  memory         1G
	  uuid           $(sed -n 's/^uuid="\(.*\)"$/\1/p' "$FH/vm/web/web.conf")
	  autostart      yes, order 7, vm_list position 2
	  state          Stopped
	  com1           (when running)
	  vnc            -
	  disk0          virtio-blk $FH/vm/web/disk0.img (1.0G, 0B allocated)
	  disk1          ahci-hd $FH/vm/web/data.img (64K, 64K allocated)
	  network0       virtio-net switch public, tap -, mac (made at first start)
	EOF
	atf_check -s exit:0 -o file:expout -e empty "$HYVE" info web
}

fakehost_case running "a running guest: state, pids, boots, uptime, console, tap and MAC"
running_body()
{
	fakehost_setup
	web_guest
	fakehost_start web
	sv=$(fakehost_state web supervisor_pid)
	bh=$(fakehost_state web bhyve_pid)
	mac=$(sed -n 's/^network0_mac="\(.*\)"$/\1/p' "$FH/vm/web/web.conf")
	[ -n "$mac" ] || atf_fail "start wrote no MAC"
	dev=$(fakehost_state web console0)
	dev=${dev#com1 }
	atf_check -s exit:0 -o match:"^  state +Running \\($bh\\)\$" \
	    -o match:'^  boots +1$' -o match:'^  uptime +00:00:0[0-9]$' \
	    -o match:"^  pids +supervisor $sv, bhyve $bh\$" \
	    -o match:'^  usage +[0-9.]+% CPU, [0-9.]+[KMG] resident$' \
	    -o match:"^  com1 +$dev\$" \
	    -o match:"^  network0 +virtio-net switch public, tap tap0, mac $mac\$" \
	    -e empty "$HYVE" info web
	"$HYVE" info --json web >out.json || atf_fail "info --json failed"
	atf_check -o inline:"web default 2 1073741824 7 false null\n" \
	    jq -r '.guests[0] | "\(.name) \(.datastore) \(.cpus) \(.memory_bytes) \(.autostart_order) \(.autostart) \(.vm_list_position)"' out.json
	atf_check -o inline:"running true $sv $bh null 1\n" \
	    jq -r '.guests[0] | "\(.state) \(.running) \(.pids.supervisor) \(.pids.bhyve) \(.pids.loader) \(.boots)"' out.json
	atf_check -o inline:"com1 $dev\n" \
	    jq -r '.guests[0].consoles[] | "\(.port) \(.device)"' out.json
	atf_check -o inline:"0 virtio-blk 1073741824 0\n1 ahci-hd 65536 65536\n" \
	    jq -r '.guests[0].disks[] | "\(.index) \(.type) \(.size) \(.allocated)"' out.json
	atf_check -o inline:"0 public tap0 $mac\n" \
	    jq -r '.guests[0].networks[] | "\(.index) \(.switch) \(.tap) \(.mac)"' out.json
	atf_check -o inline:"true true 0\n" \
	    jq -r '.guests[0] | "\(.rss > 0) \(.uptime >= 0) \(.problems | length)"' out.json
	# status --json agrees.
	"$HYVE" status --json web >st.json || atf_fail "status --json: not 0"
	atf_check -o inline:"web running $bh 1\n" \
	    jq -r '"\(.name) \(.state) \(.pids.bhyve) \(.boots)"' st.json
	atf_check -o inline:'web: stopped\n' "$HYVE" stop web
	atf_check -s exit:1 -o match:'"state":"stopped"' \
	    -o match:'"reason":"stopped on request"' \
	    -o match:'"pids":\{"supervisor":null,"bhyve":null,"loader":null\}' \
	    "$HYVE" status --json web
	atf_check -s exit:0 -o match:'^  state +Stopped$' \
	    -o match:'^  last stop +stopped on request$' "$HYVE" info web
}

fakehost_case several "several names; problems are shown; an unknown name fails"
several_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_guest db 'graphics="yes"'
	atf_check -s exit:1 -o match:'^web$' -o match:'^db$' \
	    -e match:'^hyve: nope: no such guest' \
	    -e match:'^hyve: warning: db: .*graphics: needs a UEFI loader' \
	    "$HYVE" info web nope db
	atf_check -s exit:0 -o inline:'web db\n' \
	    -x "\"$HYVE\" info --json web db | jq -r '[.guests[].name] | join(\" \")'"
	atf_check -s exit:0 -o inline:'warning\n' \
	    -x "\"$HYVE\" info --json db | jq -r '.guests[0].problems[].level'"
	atf_check -s exit:2 -o empty -e match:'nope: no such guest' \
	    "$HYVE" status --json nope
}

fakehost_case only_named "info reads only the files of the named guest"
only_named_head()
{
	atf_set descr "info reads only the files of the named guest, among many"
	atf_set require.progs strace
}
only_named_body()
{
	fakehost_setup
	for g in a1 a2 a3 a4 web b1 b2; do
		fakehost_guest $g
	done
	# LeakSanitizer cannot run under ptrace; a sanitizer build would
	# fail on that alone.
	ASAN_OPTIONS=detect_leaks=0
	export ASAN_OPTIONS
	atf_check -s exit:0 -o ignore -e empty \
	    strace -f -o trace -e trace=%file "$HYVE" info web
	grep -q "/vm/web/web.conf" trace || atf_fail "web.conf was not read"
	for g in a1 a2 a3 a4 b1 b2; do
		grep -q "/$g" trace && atf_fail "info web touched $g: $(grep "/$g" trace)"
	done
	# list, by contrast, reads them all.
	atf_check -s exit:0 -o ignore -e empty \
	    strace -f -o trace -e trace=%file "$HYVE" list
	grep -q "b2/b2.conf" trace || atf_fail "list did not read b2.conf"
}

fakehost_case nonroot "another user sees info and status"
nonroot_head()
{
	atf_set descr "another user sees info and status"
	atf_set require.user root
	atf_set require.progs setpriv
}
nonroot_body()
{
	fakehost_setup
	fakehost_open_workdir
	web_guest
	chmod 600 "$FH/vm/web/data.img"
	fakehost_start web
	atf_check -s exit:0 -o match:'^  state +Running' \
	    -o match:'^  disk1 +ahci-hd .*data.img \(64K, 64K allocated\)$' \
	    -o match:'tap tap0' -e empty $NOBODY "$HYVE" info web
	atf_check -s exit:0 -o match:'"running":true' \
	    $NOBODY "$HYVE" info --json web
	atf_check -s exit:0 -o match:'"state":"running"' \
	    $NOBODY "$HYVE" status --json web
	atf_check -o ignore "$HYVE" stop -f web
}

fakehost_case bad_inputs "usage errors and bad names change nothing"
bad_inputs_body()
{
	fakehost_setup
	fakehost_guest web
	atf_check -s exit:64 -o empty -e match:'^usage: hyve info \[--json\] name' \
	    "$HYVE" info
	atf_check -s exit:64 -o empty -e match:'^usage: hyve info' \
	    "$HYVE" info -x web
	atf_check -s exit:1 -o empty \
	    -e match:"invalid guest name \"../web\": it may hold only" \
	    "$HYVE" info ../web
	long=$(printf '%0200d' 0)
	atf_check -s exit:1 -o empty -e match:'is longer than 31 bytes' \
	    "$HYVE" info "$long"
	atf_check -s exit:1 -o inline:'{"guests":[]}\n' \
	    -e match:'a/b' "$HYVE" info --json a/b
	atf_check -s exit:64 -o empty -e match:'^usage: hyve status \[--json\] name$' \
	    "$HYVE" status --json
}

atf_init_test_cases()
{
	atf_add_test_case stopped
	atf_add_test_case running
	atf_add_test_case several
	atf_add_test_case only_named
	atf_add_test_case nonroot
	atf_add_test_case bad_inputs
}

#! /usr/bin/env atf-sh
#
# list_test - "hyve list": the columns, the AUTO order, the state of
# running guests, -v, --json, several datastores, other users, and bad
# inputs.

. "$(atf_get_srcdir)/../fake/fakehost.sh"

# Run a command as nobody: $NOBODY cmd ...
NOBODY=$FAKEHOST_NOBODY

# Three guests, vm_list naming two, autostart keys on the others.
three_guests()
{
	fakehost_guest web 'cpu="2"' 'memory="1G"'
	fakehost_guest db 'autostart_order="5"' 'autostart="yes"'
	fakehost_guest mail 'loader="uefi"' 'autostart="no"'
	fakehost_guest zz 'loader="grub"' 'memory="512M"'
	echo 'vm_list="zz mail web"' >>"$HYVE_CONF"
}

fakehost_case columns "the table: the columns of vm-bhyve, the AUTO order, STATE"
columns_body()
{
	fakehost_setup
	three_guests
	# db first (explicit order), then vm_list order; mail says no.
	cat >expout <<-EOF
	NAME  DATASTORE  LOADER     CPU  MEMORY  VNC  AUTO     STATE
	db    default    bhyveload  1    256M    -    Yes [1]  Stopped
	mail  default    uefi       1    256M    -    No       Stopped
	web   default    bhyveload  2    1G      -    Yes [3]  Stopped
	zz    default    grub       1    512M    -    Yes [2]  Stopped
	EOF
	atf_check -s exit:0 -o file:expout -e empty "$HYVE" list
	fakehost_start web
	pid=$(fakehost_state web bhyve_pid)
	atf_check -s exit:0 -o match:"^web +default +bhyveload +2 +1G +- +Yes \\[3\\] +Running \\($pid\\)\$" \
	    -e empty "$HYVE" list
	atf_check -o inline:'web: stopped\n' "$HYVE" stop -f web
	atf_check -s exit:0 -o file:expout -e empty "$HYVE" ls
}

fakehost_case vnc "VNC shows the address of a running guest with graphics"
vnc_body()
{
	fakehost_setup
	fakehost_guest win 'loader="uefi"' 'graphics="yes"' \
	    'graphics_port="5905"'
	fakehost_guest plain
	fakehost_start win
	fakehost_start plain
	atf_check -s exit:0 -o match:'^win .* 0\.0\.0\.0:5905 +No +Running' \
	    -o match:'^plain .* 256M +- +No +Running' "$HYVE" list
	atf_check -o ignore "$HYVE" stop -f win
	atf_check -o ignore "$HYVE" stop -f plain
}

fakehost_case verbose "-v adds %CPU, RSS and UPTIME of running guests"
verbose_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_guest db
	fakehost_start web
	sleep 1
	atf_check -s exit:0 \
	    -o match:'^NAME +DATASTORE +LOADER +CPU +MEMORY +VNC +AUTO +STATE +%CPU +RSS +UPTIME$' \
	    -o match:'^web .*Running \([0-9]+\) +[0-9]+\.[0-9] +[0-9.]+[KMG] +00:00:0[1-9]$' \
	    -o match:'^db .*Stopped +- +- +-$' "$HYVE" list -v
	atf_check -o ignore "$HYVE" stop -f web
}

fakehost_case json "--json: stable keys, checked with jq"
json_body()
{
	fakehost_setup
	three_guests
	fakehost_start web
	"$HYVE" list --json >out.json || atf_fail "list --json failed"
	jq -e . out.json >/dev/null || atf_fail "not JSON: $(cat out.json)"
	atf_check -o inline:'db mail web zz\n' \
	    jq -r '[.guests[].name] | join(" ")' out.json
	atf_check -o inline:'1 null 3 2\n' \
	    jq -r '[.guests[].autostart_position | tostring] | join(" ")' out.json
	atf_check -o inline:'true false true true\n' \
	    jq -r '[.guests[].autostart | tostring] | join(" ")' out.json
	atf_check -o inline:'5\n' \
	    jq -r '.guests[] | select(.name == "db") | .autostart_order' out.json
	atf_check -o inline:'1073741824 2\n' \
	    jq -r '.guests[] | select(.name == "web") | "\(.memory_bytes) \(.cpus)"' out.json
	atf_check -o inline:"running true $(fakehost_state web bhyve_pid) $(fakehost_state web supervisor_pid) 1\n" \
	    jq -r '.guests[] | select(.name == "web") | "\(.state) \(.running) \(.pids.bhyve) \(.pids.supervisor) \(.boots)"' out.json
	atf_check -o inline:'true true\n' \
	    jq -r '.guests[] | select(.name == "web") | "\(.rss > 0) \(.uptime >= 0)"' out.json
	atf_check -o inline:'stopped false null null null\n' \
	    jq -r '.guests[] | select(.name == "zz") | "\(.state) \(.running) \(.pids.bhyve) \(.rss) \(.vnc)"' out.json
	atf_check -o inline:"$FH/vm/zz/zz.conf default grub\n" \
	    jq -r '.guests[] | select(.name == "zz") | "\(.config) \(.datastore) \(.loader)"' out.json
	atf_check -o ignore "$HYVE" stop -f web
	atf_check -o inline:'forced off on request\n' \
	    -x "\"$HYVE\" list --json | jq -r '.guests[] | select(.name == \"web\") | .reason'"
}

fakehost_case datastores "guests of every datastore; ZFS and ISO stores do not break the list"
datastores_body()
{
	fakehost_setup
	fakehost_guest web
	mkdir -p "$PWD/fast/api" "$PWD/fast/notaguest" "$PWD/fast/.hidden" \
	    "$PWD/iso"
	printf 'loader="uefi"\ncpu="4"\nmemory="2G"\n' >"$PWD/fast/api/api.conf"
	printf 'cpu="1"\n' >"$PWD/fast/.hidden/.hidden.conf"
	: >"$PWD/fast/loose.conf"
	cat >>"$FH/vm/.config/system.conf" <<-EOF
	datastore_list="fast tank isos"
	path_fast="$PWD/fast"
	path_tank="zfs:tank/vm"
	path_isos="iso:$PWD/iso"
	EOF
	cat >expout <<-EOF
	NAME  DATASTORE  LOADER     CPU  MEMORY  VNC  AUTO  STATE
	web   default    bhyveload  1    256M    -    No    Stopped
	api   fast       uefi       4    2G      -    No    Stopped
	EOF
	atf_check -s exit:0 -o file:expout -e empty "$HYVE" list
	# An empty datastore lists the heading only.
	rm -r "$FH/vm/web" "$PWD/fast/api"
	atf_check -s exit:0 \
	    -o inline:'NAME  DATASTORE  LOADER  CPU  MEMORY  VNC  AUTO  STATE\n' \
	    -e empty "$HYVE" list
	atf_check -s exit:0 -o inline:'{"guests":[]}\n' "$HYVE" list --json
}

fakehost_case nonroot "another user sees list, info and status of running guests"
nonroot_head()
{
	atf_set descr "another user sees list, info and status of running guests"
	atf_set require.user root
	atf_set require.progs setpriv
}
nonroot_body()
{
	fakehost_setup
	fakehost_open_workdir
	fakehost_guest web
	fakehost_guest db
	# A private umask at start must not make the state private.
	(umask 077 && "$HYVE" start web >/dev/null) || atf_fail "start failed"
	atf_check -o inline:'755\n' stat -c %a "$FH/run/web"
	atf_check -o inline:'755\n' stat -c %a "$FH/run"
	atf_check -o inline:'644\n' stat -c %a "$FH/run/web/state"
	atf_check -o inline:'644\n' stat -c %a "$FH/run/web/lock"
	# The state file holds no secret: only the keys list shows.
	atf_check -s exit:1 grep -i password "$FH/run/web/state"
	pid=$(fakehost_state web bhyve_pid)
	atf_check -s exit:0 -o match:"^web .*Running \\($pid\\)\$" \
	    -o match:'^db .*Stopped$' -e empty $NOBODY "$HYVE" list
	atf_check -s exit:0 -o match:'^web .*Running .* [0-9.]+[KMG] +00:00:' \
	    -e empty $NOBODY "$HYVE" list -v
	atf_check -s exit:0 -o inline:"running $pid\n" -e empty \
	    -x "setpriv --reuid=65534 --regid=65534 --clear-groups \"$HYVE\" list --json | jq -r '.guests[] | select(.name == \"web\") | \"\\(.state) \\(.pids.bhyve)\"'"
	atf_check -s exit:0 -o match:'^  state +Running' -e empty \
	    $NOBODY "$HYVE" info web
	atf_check -s exit:0 -o match:'^web: running \(boot 1\)$' \
	    $NOBODY "$HYVE" status web
	atf_check -s exit:0 -o match:'"running":true' \
	    $NOBODY "$HYVE" status --json web
	atf_check -o ignore "$HYVE" stop -f web
	atf_check -s exit:0 -o match:'^web .*Stopped$' $NOBODY "$HYVE" list
}

fakehost_case bad_inputs "usage errors, an unreadable config, no vm_dir"
bad_inputs_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_guest db
	atf_check -s exit:64 -o empty -e match:'^usage: hyve list \[-v\] \[--json\]$' \
	    "$HYVE" list web
	atf_check -s exit:64 -o empty -e match:'^usage: hyve list' \
	    "$HYVE" list -x
	# A config hyve cannot read is named; the others are still listed.
	printf 'cpu="1"\n\000\n' >"$FH/vm/db/db.conf"
	atf_check -s exit:1 -o match:'^db +default +- +- +- +- +No +Stopped$' \
	    -o match:'^web ' \
	    -e inline:"hyve: db: $FH/vm/db/db.conf:2: file contains a NUL byte\n" \
	    "$HYVE" list
	# vm-bhyve allows names hyve cannot use: named, not listed.
	long=averyveryverylongguestnamefromvmbhyve
	mkdir "$FH/vm/$long" "$FH/vm/lost+found"
	printf 'cpu="1"\n' >"$FH/vm/$long/$long.conf"
	rm -r "$FH/vm/db"
	atf_check -s exit:0 -o match:'^web ' -o not-match:"^$long" \
	    -e inline:"hyve: $FH/vm/$long: not listed: invalid guest name \"$long\": it is longer than 31 bytes (the vmm(4) limit) (rename it to manage it with hyve)\n" \
	    "$HYVE" list
	# No vm_dir at all.
	sed '/^vm_dir=/d' "$HYVE_CONF" >conf && mv conf "$HYVE_CONF"
	atf_check -s exit:1 -o empty -e match:'no vm_dir: set it in' \
	    "$HYVE" list
}

fakehost_case odd_configs "what is not a config is passed over; large, empty and unterminated configs are read whole"
odd_configs_body()
{
	fakehost_setup
	fakehost_guest web
	# A FIFO with no writer, and a directory, in a config's place.
	mkdir "$FH/vm/pipe" "$FH/vm/dir" "$FH/vm/dir/dir.conf"
	mkfifo "$FH/vm/pipe/pipe.conf"
	# Empty; over list's 8 KiB read with the values at the end; no
	# final newline; over the 1 MiB limit.
	mkdir "$FH/vm/empty" "$FH/vm/big" "$FH/vm/nonl" "$FH/vm/huge"
	: >"$FH/vm/empty/empty.conf"
	awk 'BEGIN { for (i = 0; i < 400; i++)
		printf "# padding line %04d of a long comment\n", i
		print "loader=\"uefi\""; print "cpu=3"; printf "memory=2G" }' \
	    >"$FH/vm/big/big.conf"
	printf 'loader="grub"\ncpu=2\nmemory="512M"' >"$FH/vm/nonl/nonl.conf"
	dd if=/dev/zero bs=1024 count=1025 2>/dev/null | tr '\0' '#' \
	    >"$FH/vm/huge/huge.conf"
	[ "$(wc -c <"$FH/vm/big/big.conf")" -gt 8192 ] ||
	    atf_fail "big.conf is not over 8 KiB"
	atf_check -s exit:1 \
	    -o match:'^big +default +uefi +3 +2G +- +No +Stopped$' \
	    -o match:'^empty +default +- +- +- +- +No +Stopped$' \
	    -o match:'^nonl +default +grub +2 +512M +- +No +Stopped$' \
	    -o match:'^huge +default +- +- +- +- +No +Stopped$' \
	    -o match:'^web ' -o not-match:'^pipe' -o not-match:'^dir' \
	    -e inline:"hyve: huge: $FH/vm/huge/huge.conf: file is larger than 1048576 bytes\n" \
	    "$HYVE" list
	atf_check -s exit:0 -o inline:'uefi\n' \
	    sh -c '"$0" list --json 2>/dev/null | jq -r ".guests[] |
	    select(.name == \"big\") | .loader"' "$HYVE"
}

atf_init_test_cases()
{
	atf_add_test_case columns
	atf_add_test_case vnc
	atf_add_test_case verbose
	atf_add_test_case json
	atf_add_test_case datastores
	atf_add_test_case nonroot
	atf_add_test_case bad_inputs
	atf_add_test_case odd_configs
}

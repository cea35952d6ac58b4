#! /usr/bin/env atf-sh
#
# datastore_test - "hyve datastore list|add|remove": system.conf edited
# with its comments kept, -n plans, the kinds, the guards, root, and bad
# inputs that change nothing.

. "$(atf_get_srcdir)/../fake/fakehost.sh"

NOBODY=$FAKEHOST_NOBODY

# A system.conf with comments and a switch, saved for comparison.
commented_sysconf()
{
	cat >"$FH/vm/.config/system.conf" <<-EOF
	# switches
	switch_list="public"
	type_public="standard"   # the uplink bridge
	EOF
	cp "$FH/vm/.config/system.conf" before
}

# system.conf is byte for byte what it was.
unchanged()
{
	cmp -s before "$FH/vm/.config/system.conf" ||
	    atf_fail "system.conf changed: $(cat "$FH/vm/.config/system.conf")"
}

fakehost_case list "list: the default datastore and each kind, text and JSON"
list_body()
{
	fakehost_setup
	mkdir fast isos
	cat >>"$FH/vm/.config/system.conf" <<-EOF
	datastore_list="fast tank isos ghost"
	path_fast="$PWD/fast"
	path_tank="zfs:tank/vm"
	path_isos="iso:$PWD/isos"
	EOF
	# ghost has no path_ghost: skipped, as by vm-bhyve.
	w=$(printf '%s' "$FH/vm" | wc -c)
	fmt="%-7s  %-9s  %-${w}s  %s\n"
	printf "$fmt" NAME TYPE PATH "ZFS DATASET" default directory "$FH/vm" - \
	    fast directory "$PWD/fast" - tank zfs - tank/vm \
	    isos iso "$PWD/isos" - >expout
	atf_check -s exit:0 -o file:expout -e empty "$HYVE" datastore list
	"$HYVE" datastore list --json >out.json || atf_fail "--json failed"
	atf_check -o inline:"default directory $FH/vm null\nfast directory $PWD/fast null\ntank zfs null tank/vm\nisos iso $PWD/isos null\n" \
	    jq -r '.datastores[] | "\(.name) \(.type) \(.path) \(.dataset)"' out.json
	atf_check -o inline:"zfs:tank/vm\n" \
	    jq -r '.datastores[] | select(.name == "tank") | .spec' out.json
}

fakehost_case add "add: keys written, comments kept, guests found there"
add_body()
{
	fakehost_setup
	commented_sysconf
	mkdir -p fast/api
	printf 'loader="bhyveload"\ncpu="1"\nmemory="256M"\ndisk0_type="virtio-blk"\ndisk0_name="disk0.img"\n' \
	    >fast/api/api.conf
	: >fast/api/disk0.img
	atf_check -s exit:0 -o inline:"plan for datastore add fast:\nwrite $FH/vm/.config/system.conf: path_fast=\"$PWD/fast\"\nwrite $FH/vm/.config/system.conf: datastore_list=\"fast\"\n" \
	    -e empty "$HYVE" datastore add -n fast "$PWD/fast"
	unchanged
	atf_check -s exit:0 -o inline:"datastore fast added: $PWD/fast\n" \
	    -e empty "$HYVE" datastore add fast "$PWD/fast"
	mkdir slow
	atf_check -s exit:0 -o ignore "$HYVE" datastore add slow "$PWD/slow"
	atf_check -s exit:0 -o inline:"datastore tank added: zfs:tank/vm\n" \
	    "$HYVE" datastore add tank zfs:tank/vm
	mkdir isos
	atf_check -s exit:0 -o match:"path_isos=\"iso:$PWD/isos\"" \
	    "$HYVE" datastore -n add isos "iso:$PWD/isos"
	cat before - >expout <<-EOF
	path_fast="$PWD/fast"
	datastore_list="fast slow tank"
	path_slow="$PWD/slow"
	path_tank="zfs:tank/vm"
	EOF
	atf_check -o file:expout cat "$FH/vm/.config/system.conf"
	atf_check -s exit:0 -o match:'^api +fast +bhyveload' "$HYVE" list
	atf_check -s exit:0 -o match:"^  datastore +fast \\($PWD/fast\\)\$" \
	    "$HYVE" info api
}

fakehost_case add_bad "add refuses bad names, duplicates, missing directories"
add_bad_body()
{
	fakehost_setup
	commented_sysconf
	mkdir fast
	: >afile
	ln -s "$FH/vm" vmlink
	for n in Fast my-ds a.b "" default "$(printf '%0200d' 0)"; do
		atf_check -s exit:1 -o empty \
		    -e match:"^hyve: datastore add: invalid datastore name" \
		    "$HYVE" datastore add "$n" "$PWD/fast"
	done
	atf_check -s exit:1 -e match:'"fast" is not an absolute path' \
	    "$HYVE" datastore add x fast
	atf_check -s exit:1 -e match:"x: $PWD/nope is not a directory \\(create it first\\)" \
	    "$HYVE" datastore add x "$PWD/nope"
	atf_check -s exit:1 -e match:"is not a directory" \
	    "$HYVE" datastore add x "$PWD/afile"
	atf_check -s exit:1 -e match:"is not a directory" \
	    "$HYVE" datastore add x "iso:$PWD/nope"
	atf_check -s exit:1 -e match:"is already datastore default" \
	    "$HYVE" datastore add x "$PWD/vmlink/"
	for z in zfs: zfs:/tank zfs:tank/ 'zfs:ta nk' zfs:tank//vm; do
		atf_check -s exit:1 -e match:"is not a ZFS dataset name" \
		    "$HYVE" datastore add x "$z"
	done
	atf_check -s exit:1 -e match:'cannot be stored|is not|may not' \
	    "$HYVE" datastore add x "/tmp/a\"b"
	unchanged
	atf_check -s exit:0 -o ignore "$HYVE" datastore add fast "$PWD/fast"
	cp "$FH/vm/.config/system.conf" before
	atf_check -s exit:1 -e match:'datastore fast already exists' \
	    "$HYVE" datastore add fast "$PWD/fast"
	atf_check -s exit:1 -e match:"is already datastore fast" \
	    "$HYVE" datastore add fast2 "$PWD/fast/"
	atf_check -s exit:0 -o ignore "$HYVE" datastore add tank zfs:tank/vm
	cp "$FH/vm/.config/system.conf" before
	atf_check -s exit:1 -e match:'datastore tank already uses tank/vm' \
	    "$HYVE" datastore add tank2 zfs:tank/vm
	unchanged
}

fakehost_case remove "remove: keys deleted, others and comments kept, guests guard"
remove_body()
{
	fakehost_setup
	mkdir -p fast/api slow
	printf 'loader="bhyveload"\ncpu="1"\nmemory="256M"\ndisk0_type="virtio-blk"\ndisk0_name="disk0.img"\n' \
	    >fast/api/api.conf
	: >fast/api/disk0.img
	commented_sysconf
	cat >>"$FH/vm/.config/system.conf" <<-EOF
	datastore_list="fast slow"   # two stores
	path_fast="$PWD/fast"
	path_slow="$PWD/slow"
	EOF
	cp "$FH/vm/.config/system.conf" before
	atf_check -s exit:0 -o inline:"plan for datastore remove slow:\nwrite $FH/vm/.config/system.conf: delete path_slow\nwrite $FH/vm/.config/system.conf: datastore_list=\"fast\"\n" \
	    -e empty "$HYVE" datastore remove -n slow
	unchanged
	atf_check -s exit:0 -o inline:'datastore slow removed (nothing on disk was deleted)\n' \
	    -e empty "$HYVE" datastore remove slow
	[ -d slow ] || atf_fail "remove deleted the directory"
	head -3 before >expout
	cat >>expout <<-EOF
	datastore_list="fast"   # two stores
	path_fast="$PWD/fast"
	EOF
	atf_check -o file:expout cat "$FH/vm/.config/system.conf"
	cp "$FH/vm/.config/system.conf" before
	# fast holds api: refused without -f; with -f refused while it runs.
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: datastore remove: fast holds 1 guest (api): move or destroy them first, or use -f to forget the datastore anyway (nothing is deleted)\n" \
	    "$HYVE" datastore remove fast
	fakehost_start api
	atf_check -s exit:1 -o empty \
	    -e match:'fast holds 1 guest \(api\), one of them running: stop it first' \
	    "$HYVE" datastore remove -f fast
	unchanged
	atf_check -o ignore "$HYVE" stop -f api
	atf_check -s exit:0 -o ignore -e empty "$HYVE" datastore remove -f fast
	head -3 before >expout
	atf_check -o file:expout cat "$FH/vm/.config/system.conf"
	atf_check -s exit:0 -o not-match:'^api' "$HYVE" list
	[ -f fast/api/api.conf ] || atf_fail "remove -f deleted a guest"
}

fakehost_case remove_bad "remove refuses default and unknown names"
remove_bad_body()
{
	fakehost_setup
	commented_sysconf
	atf_check -s exit:1 -o empty -e match:"default is vm_dir's datastore" \
	    "$HYVE" datastore remove default
	atf_check -s exit:1 -o empty \
	    -e match:'nope: no such datastore \(see "hyve datastore list"\)' \
	    "$HYVE" datastore remove nope
	unchanged
}

fakehost_case root "add and remove need root (-n does not); list does not"
root_head()
{
	atf_set descr "add and remove need root (-n does not); list does not"
	atf_set require.user root
	atf_set require.progs setpriv
}
root_body()
{
	fakehost_setup
	fakehost_open_workdir
	commented_sysconf
	mkdir fast
	for c in "add fast $PWD/fast" "remove fast"; do
		atf_check -s exit:1 -o empty \
		    -e inline:"hyve: datastore ${c%% *}: must be run as root: it changes the host (-n prints what it would do)\n" \
		    $NOBODY "$HYVE" datastore $c
	done
	atf_check -s exit:0 -o match:'^plan for datastore add fast:' \
	    $NOBODY "$HYVE" datastore add -n fast "$PWD/fast"
	atf_check -s exit:0 -o match:'^default +directory' \
	    $NOBODY "$HYVE" datastore list
	unchanged
}

fakehost_case usage "usage errors"
usage_body()
{
	fakehost_setup
	u='^usage: hyve datastore list \[--json\] \| add \[-n\] name spec \| remove \[-fn\] name$'
	for a in "" frob "add fast" "add a b c" "remove" "list extra" \
	    "list -f" "add -x a /b" "remove --json x" "list -n"; do
		atf_check -s exit:64 -o empty -e match:"$u" \
		    "$HYVE" datastore $a
	done
}

atf_init_test_cases()
{
	atf_add_test_case list
	atf_add_test_case add
	atf_add_test_case add_bad
	atf_add_test_case remove
	atf_add_test_case remove_bad
	atf_add_test_case root
	atf_add_test_case usage
}

#! /usr/bin/env atf-sh
#
# zfs_test - snapshot, rollback, clone, send and receive against real
# ZFS (zfs-fuse pools in file vdevs, tests/fake/zfshost.sh), including
# how they fail: a full pool, a busy dataset, a missing snapshot, a
# stream cut short.  After every failure the pool holds exactly what it
# held before.

. "$(atf_get_srcdir)/../fake/fakehost.sh"
. "$(atf_get_srcdir)/../fake/zfshost.sh"

# Set up the fake host on ZFS with guest web (one NIC, fixed MAC).
web_setup()
{
	fakehost_setup
	zfshost_setup
	zfshost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="public"' 'network0_mac="58:9c:fc:00:00:01"'
}

# Make guest NAME look running: hold its lock as its supervisor would
# (fakehost_cleanup kills the holder through the state file).
hold_lock()
{
	mkdir -p "$FH/run/$1"
	( exec 9>"$FH/run/$1/lock"; flock 9; exec sleep 60 ) &
	printf 'supervisor_pid="%s"\n' $! >"$FH/run/$1/state"
	fakehost_waitfor 5 sh -c "! flock -n '$FH/run/$1/lock' true"
}

zfshost_case snapshot_create "snapshot takes a recursive snapshot; list and destroy it"
snapshot_create_body()
{
	web_setup
	atf_check -s exit:0 -o inline:"web@s1: created\n" -e empty \
	    "$HYVE" snapshot web@s1
	atf_check -s exit:0 -o match:'^web@s1 ' "$HYVE" snapshot list web
	# The kvm toolset's abbreviations; a default name is a timestamp.
	atf_check -s exit:0 \
	    -o match:'^web@[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{2}:[0-9]{2}:[0-9]{2}: created$' \
	    -e empty "$HYVE" snap c web
	zfshost_has "^$ZPOOL/vm/web@s1\$"
	atf_check -s exit:0 -o inline:"web@s1: destroyed\n" -e empty \
	    "$HYVE" snap d web@s1
	zfshost_has -v '@s1'
	atf_check -s exit:0 -o not-match:'web@s1' "$HYVE" snap l web
	# vm-bhyve's "destroy NAME@SNAP" destroys just the snapshot.
	"$HYVE" snapshot web@s2 >/dev/null || atf_fail "snapshot s2"
	atf_check -s exit:0 -o inline:"web@s2: destroyed\n" -e empty \
	    "$HYVE" destroy web@s2
	zfshost_has -v '@s2'
	[ -f "$FH/vm/web/web.conf" ] || atf_fail "destroy web@s2 removed web"
}

zfshost_case snapshot_plan "snapshot -n prints the zfs argv and changes nothing"
snapshot_plan_body()
{
	web_setup
	zfshost_datasets >before
	atf_check -s exit:0 -e empty -o inline:"run $ZFSHOST_ZFS snapshot -r $ZPOOL/vm/web@s1    # undo: $ZFSHOST_ZFS destroy -r $ZPOOL/vm/web@s1\n" \
	    "$HYVE" snapshot -n web@s1
	zfshost_same before
}

zfshost_case snapshot_running "a running guest is snapshotted only with -f"
snapshot_running_body()
{
	web_setup
	hold_lock web
	zfshost_datasets >before
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: web: is running; snapshot it anyway with -f (its disks as they are at that instant)\n" \
	    "$HYVE" snapshot web@s1
	zfshost_same before
	atf_check -s exit:0 -o inline:"web@s1: created\n" -e empty \
	    "$HYVE" snapshot -f web@s1
}

zfshost_case snapshot_missing "a snapshot that does not exist: clear errors, nothing changed"
snapshot_missing_body()
{
	web_setup
	"$HYVE" snapshot web@s1 >/dev/null || atf_fail "snapshot"
	zfshost_datasets >before
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: web@nope: no such snapshot (see \"hyve snapshot list web\")\n" \
	    "$HYVE" snapshot destroy web@nope
	atf_check -s exit:1 -o empty \
	    -e match:"web@nope: no such snapshot \\(no $ZPOOL/vm/web@nope" \
	    "$HYVE" rollback web@nope
	atf_check -s exit:1 -o empty -e match:'no such snapshot' \
	    "$HYVE" clone web@nope copy
	atf_check -s exit:1 -o empty -e match:'-i nope: no such snapshot' \
	    "$HYVE" send -i nope web
	atf_check -s exit:1 -o empty -e match:'bad snapshot name "a/b"' \
	    "$HYVE" snapshot web@a/b
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: nosuch: no such guest (no $FH/vm/nosuch/nosuch.conf)\n" \
	    "$HYVE" snapshot nosuch
	zfshost_same before
}

zfshost_case rollback "rollback restores the guest; newer snapshots need -r"
rollback_body()
{
	web_setup
	echo one >"$FH/vm/web/data"
	"$HYVE" snapshot web@s1 >/dev/null || atf_fail "snapshot s1"
	echo two >"$FH/vm/web/data"
	"$HYVE" snapshot web@s2 >/dev/null || atf_fail "snapshot s2"
	echo three >"$FH/vm/web/data"
	zfshost_datasets >before
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: web: $ZPOOL/vm/web@s2 is newer than web@s1; rollback -r destroys the newer snapshots\n" \
	    "$HYVE" rollback web@s1
	zfshost_same before
	atf_check -o inline:"three\n" cat "$FH/vm/web/data"
	atf_check -s exit:0 -o inline:"web: rolled back to s2\n" -e empty \
	    "$HYVE" rollback web@s2
	atf_check -o inline:"two\n" cat "$FH/vm/web/data"
	atf_check -s exit:0 -o inline:"web: rolled back to s1\n" -e empty \
	    "$HYVE" snap r -r web@s1
	atf_check -o inline:"one\n" cat "$FH/vm/web/data"
	zfshost_has -v '@s2'
	hold_lock web
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: web: is running; stop it before rolling back\n" \
	    "$HYVE" rollback web@s1
}

zfshost_case clone_zfs "clone makes a ZFS clone with a new UUID and MAC; the source is untouched"
clone_zfs_body()
{
	web_setup
	cp "$FH/vm/web/web.conf" web.conf.before
	atf_check -s exit:0 -o match:'^new: cloned from web@clone-[0-9a-f]{8}$' \
	    -e empty "$HYVE" clone web new
	atf_check -s exit:0 -o match:"^$ZPOOL/vm/web@clone-[0-9a-f]{8}	-" \
	    -o match:"^$ZPOOL/vm/new	$ZPOOL/vm/web@clone-" \
	    "$ZFSHOST_ZFS" list -H -o name,origin -t all -r "$ZPOOL"
	atf_check -s exit:0 -o file:web.conf.before cat "$FH/vm/web/web.conf"
	[ -f "$FH/vm/new/web.conf" ] && atf_fail "web.conf left in the clone"
	atf_check -s exit:0 -o match:'^uuid="[0-9a-f-]{36}"$' \
	    -o not-match:'5d3c1a2b-7e4f-4a10-9b8c' \
	    -o match:'^network0_mac="58:9c:fc:[0-9a-f:]{8}"$' \
	    -o not-match:'58:9c:fc:00:00:01' cat "$FH/vm/new/new.conf"
	# The clone is a guest hyve finds, with the source's disk.
	atf_check -s exit:0 -o match:'disk0\.img' "$HYVE" start -n new
	# A snapshot of a running guest can be cloned.
	"$HYVE" snapshot web@s1 >/dev/null || atf_fail "snapshot"
	hold_lock web
	atf_check -s exit:1 -o empty -e match:'web: is running; stop it' \
	    "$HYVE" clone web other
	atf_check -s exit:0 -o inline:"other: cloned from web@s1\n" -e empty \
	    "$HYVE" clone web@s1 other
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: new: a guest of that name exists already\n" \
	    "$HYVE" clone web@s1 new
}

zfshost_case clone_plan "clone -n shows the zfs steps and the identity edits"
clone_plan_body()
{
	web_setup
	"$HYVE" snapshot web@s1 >/dev/null || atf_fail "snapshot"
	zfshost_datasets >before
	cat >expout <<-EOF
	run $ZFSHOST_ZFS clone $ZPOOL/vm/web@s1 $ZPOOL/vm/new    # undo: $ZFSHOST_ZFS destroy $ZPOOL/vm/new
	rename $FH/vm/new/web.conf $FH/vm/new/new.conf
	write $FH/vm/new/new.conf: uuid="(a new UUID)"
	write $FH/vm/new/new.conf: network0_mac="(a new MAC)"
	EOF
	atf_check -s exit:0 -o file:expout -e empty "$HYVE" clone -n web@s1 new
	zfshost_same before
}

zfshost_case clone_full "clone into a full pool fails and leaves nothing behind"
clone_full_body()
{
	web_setup
	zfshost_fill
	zfshost_datasets >before
	atf_check -s exit:1 -o empty -e match:'out of space' \
	    "$HYVE" clone web new
	zfshost_same before
	[ -e "$FH/vm/new" ] && atf_fail "new left behind"
	return 0
}

zfshost_case send_receive "send writes a stream that receive turns into a registered guest"
send_receive_body()
{
	web_setup
	echo payload >"$FH/vm/web/data"
	"$HYVE" snapshot web@s1 >/dev/null || atf_fail "snapshot"
	atf_check -s exit:0 -e inline:"web@s1: sent\n" -o save:stream \
	    "$HYVE" send web@s1
	atf_check -s exit:0 -o inline:"copy: received\n" -e empty \
	    "$HYVE" receive copy <stream
	atf_check -o inline:"payload\n" cat "$FH/vm/copy/data"
	[ -f "$FH/vm/copy/copy.conf" ] || atf_fail "copy.conf missing"
	atf_check -s exit:0 -o match:'disk0\.img' "$HYVE" start -n copy
	# Through a pipe, and then incrementally into the received guest.
	echo more >"$FH/vm/web/data"
	atf_check -s exit:0 -o match:'^web@[0-9-]+:[0-9:.]+: sent$' \
	    -e empty sh -c "'$HYVE' send web 2>&1 >piped"
	atf_check -s exit:0 -o inline:"pipe: received\n" \
	    "$HYVE" receive pipe <piped
	atf_check -o inline:"more\n" cat "$FH/vm/pipe/data"
	"$HYVE" snapshot web@s2 >/dev/null || atf_fail "snapshot s2"
	"$HYVE" send -i s1 web@s2 2>/dev/null >incr || atf_fail "send -i"
	atf_check -s exit:0 -o inline:"copy: received\n" -e empty \
	    "$HYVE" receive copy <incr
	atf_check -o inline:"more\n" cat "$FH/vm/copy/data"
	zfshost_has "^$ZPOOL/vm/copy@s2\$"
}

zfshost_case receive_truncated "a stream cut in half or corrupted fails cleanly and leaves nothing"
receive_truncated_body()
{
	web_setup
	dd if=/dev/urandom of="$FH/vm/web/data" bs=64k count=16 2>/dev/null
	"$HYVE" snapshot web@s1 >/dev/null || atf_fail "snapshot"
	"$HYVE" send web@s1 >stream 2>/dev/null || atf_fail "send"
	size=$(wc -c <stream)
	head -c $((size / 2)) stream >half
	cp stream corrupt
	dd if=/dev/urandom of=corrupt bs=1 count=4096 seek=$((size / 2)) \
	    conv=notrunc 2>/dev/null
	zfshost_datasets >before
	atf_check -s exit:1 -o empty -e match:'^hyve: copy: .*receive' \
	    "$HYVE" receive copy <half
	zfshost_same before
	atf_check -s exit:1 -o empty -e match:'^hyve: copy: .*receive' \
	    "$HYVE" receive copy <corrupt
	zfshost_same before
	atf_check -s exit:1 -o empty -e match:'^hyve: copy: .*receive' \
	    "$HYVE" receive copy </dev/null
	zfshost_same before
	[ -e "$FH/vm/copy" ] && atf_fail "copy left behind"
	return 0
}

# Destroying the just-received (so mounted) dataset meets zfs-fuse's
# "dataset is busy" race on the first try: hyve's retry gets past it.
zfshost_case receive_noguest "a stream without a guest config is received and then removed"
receive_noguest_body()
{
	web_setup
	"$ZFSHOST_ZFS" create "$ZPOOL/vm/plain" || atf_fail "create"
	"$ZFSHOST_ZFS" snapshot "$ZPOOL/vm/plain@s" || atf_fail "snapshot"
	"$ZFSHOST_ZFS" send "$ZPOOL/vm/plain@s" >stream || atf_fail "send"
	zfshost_datasets >before
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: copy: the stream holds no guest: $FH/vm/copy has no .conf file\n" \
	    "$HYVE" receive copy <stream
	zfshost_same before
}

zfshost_case terminal "send refuses a terminal on stdout, receive on stdin"
terminal_body()
{
	web_setup
	"$HYVE" snapshot web@s1 >/dev/null || atf_fail "snapshot"
	zfshost_datasets >before
	atf_check -s exit:1 -o empty -e match:'refusing to write a ZFS stream to a terminal' \
	    "$(atf_get_srcdir)/../fake/ptyrun" "$HYVE" send web@s1
	atf_check -s exit:1 -o empty -e match:'refusing to read a ZFS stream from a terminal' \
	    "$(atf_get_srcdir)/../fake/ptyrun" "$HYVE" receive copy
	zfshost_same before
}

fakehost_case directory_store "on a directory datastore: clone is a sparse copy; snapshots are refused"
directory_store_body()
{
	fakehost_setup
	fakehost_guest web 'network0_type="virtio-net"' \
	    'network0_switch="public"' 'network0_mac="58:9c:fc:00:00:01"'
	truncate -s 10G "$FH/vm/web/disk0.img"
	printf 'data' | dd of="$FH/vm/web/disk0.img" bs=1 seek=1048576 \
	    conv=notrunc 2>/dev/null
	cp "$FH/vm/web/web.conf" before.conf
	atf_check -s exit:0 -o inline:"new: cloned from web\n" -e empty \
	    "$HYVE" clone web new
	atf_check -s exit:0 -o inline:"10737418240\n" \
	    stat -c %s "$FH/vm/new/disk0.img"
	blocks=$(stat -c %b "$FH/vm/new/disk0.img")
	[ "$blocks" -lt 1024 ] || atf_fail "the copy is not sparse ($blocks blocks)"
	atf_check -s exit:0 -o inline:"data" dd if="$FH/vm/new/disk0.img" \
	    bs=1 skip=1048576 count=4 status=none
	atf_check -s exit:0 -o file:before.conf cat "$FH/vm/web/web.conf"
	atf_check -s exit:0 -o not-match:'58:9c:fc:00:00:01' \
	    -o not-match:'5d3c1a2b-7e4f-4a10-9b8c' cat "$FH/vm/new/new.conf"
	atf_check -s exit:1 -o empty \
	    -e match:'web: snapshot needs a ZFS datastore, and web is in the directory' \
	    "$HYVE" snapshot web
	atf_check -s exit:1 -o empty -e match:'snapshots need a ZFS datastore' \
	    "$HYVE" clone web@s1 other
	[ -e "$FH/vm/other" ] && atf_fail "other made"
	return 0
}

zfshost_case images "image create, list, provision and destroy, as vm-bhyve does them"
images_body()
{
	web_setup
	echo payload >"$FH/vm/web/data"
	atf_check -s exit:0 -o save:out -e empty \
	    "$HYVE" image create -d "the web server" web
	uuid=$(sed -n 's/^web: image \([0-9a-f-]*\)$/\1/p' out)
	[ -n "$uuid" ] || atf_fail "no image id in: $(cat out)"
	[ -f "$FH/vm/images/$uuid.zfs.z" ] || atf_fail "no $uuid.zfs.z"
	atf_check -s exit:0 -o match:"^name=\"web\"\$" \
	    -o match:"^filename=\"$uuid.zfs.z\"\$" \
	    -o match:'^description="the web server"$' \
	    cat "$FH/vm/images/$uuid.manifest"
	atf_check -s exit:0 -o match:"^$uuid +web +[0-9T:+-]+ +the web server\$" \
	    -e empty "$HYVE" image list
	# The image's snapshot is not kept on the source.
	zfshost_has -v "web@$(echo "$uuid" | cut -c1-8)"
	atf_check -s exit:0 -o inline:"new: provisioned from image $uuid\n" \
	    -e empty "$HYVE" image provision "$uuid" new
	atf_check -o inline:"payload\n" cat "$FH/vm/new/data"
	[ -f "$FH/vm/new/new.conf" ] || atf_fail "new.conf missing"
	atf_check -s exit:0 -o not-match:'58:9c:fc:00:00:01' \
	    -o not-match:'5d3c1a2b-7e4f-4a10-9b8c' cat "$FH/vm/new/new.conf"
	zfshost_has -v "new@"
	# An uncompressed image cut in half provisions nothing.
	atf_check -s exit:0 -o save:out2 -e empty "$HYVE" image create -u web
	uuid2=$(sed -n 's/^web: image \([0-9a-f-]*\)$/\1/p' out2)
	f=$FH/vm/images/$uuid2.zfs
	head -c $(($(wc -c <"$f") / 2)) "$f" >half && cat half >"$f"
	zfshost_datasets >before
	atf_check -s exit:1 -o empty -e not-empty \
	    "$HYVE" image provision "$uuid2" broken
	zfshost_same before
	atf_check -s exit:0 -o inline:"image $uuid: destroyed\n" -e empty \
	    "$HYVE" image destroy "$uuid"
	[ -e "$FH/vm/images/$uuid.manifest" ] && atf_fail "manifest left"
	atf_check -s exit:1 -o empty -e match:"$uuid: no such image" \
	    "$HYVE" image destroy "$uuid"
}

# A second host for migrate: sshd on loopback (root, key only), and a
# second hyve configuration whose vm_dir is $ZPOOL/vm2 on $PWD/vm2.
# hyve runs ssh through $PWD/ssh, which adds the key and the port.
remote_setup()
{
	[ -x /usr/sbin/sshd ] || atf_skip "no sshd (openssh-server)"
	mkdir -p /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$PWD/hostkey" &&
	    ssh-keygen -q -t ed25519 -N '' -f "$PWD/userkey" ||
	    atf_fail "ssh-keygen"
	cp userkey.pub authorized_keys
	port=$((20000 + $$ % 20000))
	cat >sshd_config <<-EOF
	Port $port
	ListenAddress 127.0.0.1
	HostKey $PWD/hostkey
	AuthorizedKeysFile $PWD/authorized_keys
	PidFile $PWD/sshd.pid
	StrictModes no
	PermitRootLogin prohibit-password
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	UsePAM no
	EOF
	/usr/sbin/sshd -f "$PWD/sshd_config" -E "$PWD/sshd.log" ||
	    atf_fail "sshd did not start"
	fakehost_waitfor 5 test -s sshd.pid
	printf '#!/bin/sh\nexec /usr/bin/ssh -i %s -p %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$@"\n' \
	    "$PWD/userkey" "$port" >ssh
	chmod +x ssh
	printf 'path_ssh="%s"\n' "$PWD/ssh" >>"$FH/etc/hyve.conf"
	mkdir -p "$PWD/vm2" "$PWD/run2"
	"$ZFSHOST_ZFS" create -o mountpoint="$PWD/vm2" "$ZPOOL/vm2" ||
	    atf_fail "zfs create vm2"
	cp -R "$FH/vm/.config" "$PWD/vm2/"
	sed -e "s|^vm_dir=.*|vm_dir=\"zfs:$ZPOOL/vm2\"|" \
	    -e "s|^path_rundir=.*|path_rundir=\"$PWD/run2\"|" \
	    "$FH/etc/hyve.conf" >remote.conf
	REMOTE="$HYVE -c $PWD/remote.conf"
}

# Stop sshd and whatever the second host runs.
remote_cleanup()
{
	[ -f sshd.pid ] && kill "$(cat sshd.pid)" 2>/dev/null
	for _s in run2/*/state; do
		[ -f "$_s" ] || continue
		for _k in supervisor_pid bhyve_pid loader_pid; do
			_p=$(sed -n "s/^$_k=\"\\([0-9]*\\)\"\$/\\1/p" "$_s")
			[ -n "$_p" ] && [ "$_p" != 0 ] && kill -9 "$_p" 2>/dev/null
		done
	done
	return 0
}

zfshost_case migrate "migrate a stopped and a running guest over ssh to a second hyve"
migrate_body()
{
	web_setup
	remote_setup
	zfshost_guest db
	atf_check -s exit:0 -e empty \
	    -o inline:"web: first pass to root@127.0.0.1\nweb: migrated to root@127.0.0.1\n" \
	    "$HYVE" migrate --remote-hyve "$REMOTE" web root@127.0.0.1
	[ -f vm2/web/web.conf ] || atf_fail "web.conf not on the second host"
	atf_check -s exit:0 -o file:"$FH/vm/web/web.conf" cat vm2/web/web.conf
	# The source stays, without the migration snapshots.
	[ -f "$FH/vm/web/web.conf" ] || atf_fail "the source is gone"
	zfshost_has -v "^$ZPOOL/vm/web@"
	# -x: the source goes.
	atf_check -s exit:0 -e empty -o match:'db: migrated' \
	    "$HYVE" migrate -x --remote-hyve "$REMOTE" db root@127.0.0.1
	zfshost_has -v "^$ZPOOL/vm/db"
	zfshost_has "^$ZPOOL/vm2/db\$"
	# A running guest: stopped here, final pass, started there.
	zfshost_guest app 'loader="uefi"'
	fakehost_start app
	atf_check -s exit:0 -e empty \
	    -o inline:"app: first pass to root@127.0.0.1\napp: stopping for the final pass\napp: migrated to root@127.0.0.1\n" \
	    "$HYVE" migrate --remote-hyve "$REMOTE" app root@127.0.0.1
	fakehost_stopped app || atf_fail "app still runs here"
	atf_check -s exit:0 -o match:'^app: running' -e empty \
	    $REMOTE status app
	zfshost_has "^$ZPOOL/vm2/app@[0-9]{14}-s2\$"
}
migrate_cleanup()
{
	remote_cleanup
	fakehost_cleanup
	zfshost_cleanup
}

zfshost_case migrate_refused "a host that refuses: nothing changes on either side"
migrate_refused_body()
{
	web_setup
	remote_setup
	zfshost_guest pt 'passthru0="2/0/0"'
	zfshost_datasets >before
	# The key is not accepted.
	: >authorized_keys
	atf_check -s exit:1 -o match:'first pass' \
	    -e match:'web: root@127.0.0.1 did not take the guest; nothing changed here' \
	    "$HYVE" migrate --remote-hyve "$REMOTE" web root@127.0.0.1
	zfshost_same before
	# The other host has no ZFS datastore: its hyve receive refuses.
	cp userkey.pub authorized_keys
	sed "s|^vm_dir=.*|vm_dir=\"$PWD/plain\"|" remote.conf >plain.conf
	mkdir -p plain/.config && cp "$FH/vm/.config/system.conf" plain/.config/
	atf_check -s exit:1 -o match:'first pass' \
	    -e match:'receive needs a mounted ZFS datastore' \
	    -e match:'did not take the guest' \
	    "$HYVE" migrate --remote-hyve "$HYVE -c $PWD/plain.conf" web root@127.0.0.1
	zfshost_same before
	[ -z "$(ls plain)" ] || atf_fail "plain: $(ls plain)"
	# -n: the plan, and nothing done.
	atf_check -s exit:0 -e empty \
	    -o match:"^run $ZFSHOST_ZFS snapshot -r $ZPOOL/vm/web@[0-9]{14}-s1\$" \
	    -o match:"^run $ZFSHOST_ZFS send -R $ZPOOL/vm/web@[0-9]{14}-s1    # piped into:\$" \
	    -o match:"^run $PWD/ssh -o BatchMode=yes root@127.0.0.1 $HYVE -c $PWD/remote.conf receive web\$" \
	    -o not-match:'final pass' \
	    "$HYVE" migrate -n --remote-hyve "$REMOTE" web root@127.0.0.1
	zfshost_same before
	atf_check -s exit:1 -o empty -e match:'pt: has passthru devices' \
	    "$HYVE" migrate --remote-hyve "$REMOTE" pt root@127.0.0.1
	zfshost_same before
}
migrate_refused_cleanup()
{
	remote_cleanup
	fakehost_cleanup
	zfshost_cleanup
}

# The fake zfs: zvol guests and ordered failures.
fake_setup()
{
	fakehost_setup
	zfshost_fake
	zfshost_fakeguest web 'disk0_dev="zvol"' 'disk0_name="disk0"'
}

fakehost_case fake_strict "the fake zfs refuses what zfs(8) refuses"
fake_strict_body()
{
	fake_setup
	atf_check -s exit:2 -o empty -e match:"'-s' and '-b' can only be used when creating a volume" \
	    "$FH/bin/zfs" create -s tank/vm/x
	atf_check -s exit:1 -o empty -e match:"'volmode' must be one of" \
	    "$FH/bin/zfs" create -V 1G -o volmode=bogus tank/vm/x
	atf_check -s exit:1 -o empty -e match:"bad volume size '1Q'" \
	    "$FH/bin/zfs" create -V 1Q tank/vm/x
	atf_check -s exit:1 -o empty -e match:"'volsize' does not apply" \
	    "$FH/bin/zfs" set volsize=2G tank/vm/web
	atf_check -s exit:1 -o empty -e match:"parent does not exist" \
	    "$FH/bin/zfs" create tank/nope/x
	atf_check -s exit:1 -o empty -e match:"filesystem has children" \
	    "$FH/bin/zfs" destroy tank/vm/web
	atf_check -s exit:0 -o empty -e empty \
	    "$FH/bin/zfs" set volsize=2G tank/vm/web/disk0
}

fakehost_case fake_zvol_clone "clone and rollback of a guest with a zvol: exact zfs argv"
fake_zvol_clone_body()
{
	fake_setup
	atf_check -s exit:0 -o match:'/dev/zvol/tank/vm/web/disk0' \
	    "$HYVE" start -n web
	atf_check -s exit:0 -o inline:"web@s1: created\n" -e empty \
	    "$HYVE" snapshot web@s1
	atf_check -s exit:0 -o match:'^zfs snapshot -r tank/vm/web@s1$' \
	    cat "$FH/log/calls"
	atf_check -s exit:0 -o inline:"new: cloned from web@s1\n" -e empty \
	    "$HYVE" clone web@s1 new
	atf_check -s exit:0 \
	    -o match:'^zfs clone tank/vm/web@s1 tank/vm/new$' \
	    -o match:'^zfs clone tank/vm/web/disk0@s1 tank/vm/new/disk0$' \
	    cat "$FH/log/calls"
	atf_check -s exit:0 \
	    -o match:"^tank/vm/new/disk0	volume	-	tank/vm/web/disk0@s1	1G	16K\$" \
	    cat "$FH/state/zfs"
	atf_check -s exit:0 -o match:'/dev/zvol/tank/vm/new/disk0' \
	    "$HYVE" start -n new
	: >"$FH/log/calls"
	atf_check -s exit:0 -o inline:"web: rolled back to s1\n" -e empty \
	    "$HYVE" rollback web@s1
	atf_check -s exit:0 -o match:'^zfs rollback tank/vm/web@s1$' \
	    -o match:'^zfs rollback tank/vm/web/disk0@s1$' cat "$FH/log/calls"
	cat >expout <<-EOF
	run $FH/bin/zfs rollback -r tank/vm/web@s1    # destroys the newer snapshots
	run $FH/bin/zfs rollback -r tank/vm/web/disk0@s1    # destroys the newer snapshots
	EOF
	atf_check -s exit:0 -o file:expout -e empty "$HYVE" rollback -n -r web@s1
}

fakehost_case fake_unmounted "a ZFS vm_dir that is not mounted is a clear error"
fake_unmounted_body()
{
	fake_setup
	sed -i "s|^tank/vm	filesystem	[^	]*|tank/vm	filesystem	-|" \
	    "$FH/state/zfs"
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: vm_dir=\"zfs:tank/vm\": ZFS dataset tank/vm is not mounted (zfs mount tank/vm)\n" \
	    "$HYVE" snapshot web
	atf_check -s exit:1 -o empty -e match:'tank/vm is not mounted' \
	    "$HYVE" start -n web
}

fakehost_case fake_busy "a busy dataset is retried, then its holder is named"
fake_busy_body()
{
	fake_setup
	"$HYVE" snapshot web@s1 >/dev/null || atf_fail "snapshot s1"
	"$HYVE" snapshot web@s2 >/dev/null || atf_fail "snapshot s2"
	fakehost_knob zfs busy 2
	: >"$FH/log/calls"
	atf_check -s exit:0 -o inline:"web@s1: destroyed\n" -e empty \
	    "$HYVE" snapshot destroy web@s1
	atf_check -s exit:0 -o inline:"3\n" grep -c "^zfs destroy" "$FH/log/calls"
	( cd "$FH/vm/web" && exec sleep 30 ) &
	echo $! >holder.pid
	fakehost_knob zfs busy 100
	atf_check -s exit:1 -o empty \
	    -e match:"cannot destroy 'tank/vm/web@s2': dataset is busy \\(still busy after 8 tries; pid $(cat holder.pid) \\(sleep\\) holds $FH/vm/web\\)" \
	    "$HYVE" snapshot destroy web@s2
	atf_check -s exit:0 -o inline:"92\n" cat "$FH/ctl/zfs.busy"
	atf_check -s exit:0 -o match:'^tank/vm/web@s2	' cat "$FH/state/zfs"
}
fake_busy_cleanup()
{
	[ -f holder.pid ] && kill "$(cat holder.pid)" 2>/dev/null
	return 0
}

atf_init_test_cases()
{
	atf_add_test_case snapshot_create
	atf_add_test_case snapshot_plan
	atf_add_test_case snapshot_running
	atf_add_test_case snapshot_missing
	atf_add_test_case rollback
	atf_add_test_case clone_zfs
	atf_add_test_case clone_plan
	atf_add_test_case clone_full
	atf_add_test_case send_receive
	atf_add_test_case receive_truncated
	atf_add_test_case receive_noguest
	atf_add_test_case terminal
	atf_add_test_case directory_store
	atf_add_test_case images
	atf_add_test_case migrate
	atf_add_test_case migrate_refused
	atf_add_test_case fake_strict
	atf_add_test_case fake_zvol_clone
	atf_add_test_case fake_unmounted
	atf_add_test_case fake_busy
}

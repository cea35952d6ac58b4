# zfshost.sh - real ZFS for hyve's atf-sh tests, through zfs-fuse.
#
# Source it after fakehost.sh.  A test case made with zfshost_case runs
# only as root with zfs-fuse, zfs and zpool installed (kyua says why it
# skipped otherwise).  Its body calls zfshost_setup after fakehost_setup:
#
#  * the zfs-fuse daemon is started unless one runs already (there is
#    one per machine: its socket path is fixed), and stopped again by
#    the cleanup only if this test started it;
#  * a pool of its own, with a unique name ($ZPOOL), lives in the file
#    vdev $PWD/zpool.img (128 MiB) with cachefile=none, so nothing of
#    it survives the test or a daemon restart;
#  * $ZPOOL/vm is mounted on $FH/vm, and hyve.conf says
#    vm_dir="zfs:$ZPOOL/vm" and path_zfs= the real zfs.
#
# zfshost_guest NAME [LINE ...] makes a guest as fakehost_guest does, in
# its own dataset $ZPOOL/vm/NAME.  zfshost_datasets prints every
# dataset and snapshot of the pool, to compare before and after.
#
# See ../shared/docs/testbed.md §1 for zfs-fuse's behaviour: a stale
# pidfile makes it fail silently; SIGKILL after exporting is the fast
# stop; "dataset is busy" on the first destroy of a mounted dataset.

: "${ZFSHOST_ZFS:=/usr/sbin/zfs}"
: "${ZFSHOST_ZPOOL:=/usr/sbin/zpool}"

# A test case NAME that needs zfs-fuse, with the cleanup that tears its
# pool (and the daemon it started) down.
zfshost_case()
{
	atf_test_case "$1" cleanup
	eval "$1_head() {
		atf_set descr '$2'
		atf_set require.user root
		atf_set require.progs 'zfs-fuse $ZFSHOST_ZFS $ZFSHOST_ZPOOL'
	}"
	eval "$1_cleanup() { fakehost_cleanup; zfshost_cleanup; }"
}

# Start zfs-fuse if needed, make the pool and the ZFS vm_dir.
zfshost_setup()
{
	[ -c /dev/fuse ] || atf_skip "no /dev/fuse: zfs-fuse cannot run here"
	if ! "$ZFSHOST_ZPOOL" list >/dev/null 2>&1; then
		rm -f "$PWD/zfs-fuse.pid"
		zfs-fuse -p "$PWD/zfs-fuse.pid" ||
		    atf_fail "zfs-fuse did not start"
		: >"$PWD/zfshost.started"
		_n=100
		until "$ZFSHOST_ZPOOL" list >/dev/null 2>&1; do
			_n=$((_n - 1))
			[ $_n -gt 0 ] || atf_fail "zfs-fuse: not ready after 5 s"
			sleep 0.05
		done
	fi
	ZPOOL=hyvet$$
	echo "$ZPOOL" >"$PWD/zfshost.pool"
	truncate -s 128M "$PWD/zpool.img" || atf_fail "cannot make the vdev"
	"$ZFSHOST_ZPOOL" create -o cachefile=none -m none "$ZPOOL" \
	    "$PWD/zpool.img" 2>/dev/null || atf_fail "zpool create $ZPOOL"
	# The fake host's plain vm_dir becomes the dataset's contents.
	mv "$FH/vm" "$FH/vm.dir"
	"$ZFSHOST_ZFS" create -o mountpoint="$FH/vm" "$ZPOOL/vm" ||
	    atf_fail "zfs create $ZPOOL/vm"
	cp -R "$FH/vm.dir/." "$FH/vm/" && rm -rf "$FH/vm.dir" ||
	    atf_fail "cannot fill $FH/vm"
	sed -i "s|^vm_dir=.*|vm_dir=\"zfs:$ZPOOL/vm\"|" "$FH/etc/hyve.conf"
	printf 'path_zfs="%s"\npath_zpool="%s"\n' "$ZFSHOST_ZFS" \
	    "$ZFSHOST_ZPOOL" >>"$FH/etc/hyve.conf"
	export ZPOOL
}

# zfshost_guest NAME [LINE ...]: a guest in its own dataset.
zfshost_guest()
{
	"$ZFSHOST_ZFS" create "$ZPOOL/vm/$1" || atf_fail "zfs create $1"
	fakehost_guest "$@"
}

# Every dataset and snapshot of the pool, one name per line.
zfshost_datasets()
{
	"$ZFSHOST_ZFS" list -H -o name -t all -r "$ZPOOL"
}

# zfshost_same FILE: the pool holds exactly the datasets listed in FILE
# (saved earlier with zfshost_datasets >FILE).
zfshost_same()
{
	zfshost_datasets >zfshost.now
	cmp -s "$1" zfshost.now ||
	    atf_fail "datasets changed: $(diff "$1" zfshost.now | tr '\n' ' ')"
}

# zfshost_has [-v] REGEX: a dataset (or, with -v, none) matches REGEX.
zfshost_has()
{
	if [ "$1" = -v ]; then
		zfshost_datasets | grep -Eq "$2" &&
		    atf_fail "a dataset matches $2: $(zfshost_datasets | tr '\n' ' ')"
	else
		zfshost_datasets | grep -Eq "$1" ||
		    atf_fail "no dataset matches $1: $(zfshost_datasets | tr '\n' ' ')"
	fi
	return 0
}

# Fill the pool until it has no space left.
zfshost_fill()
{
	dd if=/dev/urandom of="$FH/vm/fill" bs=1M count=200 2>/dev/null
	"$ZFSHOST_ZFS" create "$ZPOOL/vm/probe" 2>/dev/null &&
	    atf_fail "the pool is not full"
	return 0
}

# Tear the pool down; stop the daemon if this test started it.
zfshost_cleanup()
{
	if [ -f zfshost.pool ]; then
		_p=$(cat zfshost.pool)
		# Busy while a FUSE unmount is still settling: try again.
		for _i in 1 2 3 4 5 6 7 8 9 10; do
			"$ZFSHOST_ZPOOL" destroy -f "$_p" 2>/dev/null && break
			sleep 0.2
		done
	fi
	if [ -f zfshost.started ] && [ -f zfs-fuse.pid ]; then
		kill -KILL "$(cat zfs-fuse.pid)" 2>/dev/null
		sleep 0.1
	fi
	# A daemon killed with datasets mounted leaves dead mounts.
	awk -v d="$PWD" '$3 ~ /^fuse/ && index($2, d) == 1 { print $2 }' \
	    /proc/mounts | sort -r | while read -r _m; do
		umount -l "$_m"
	done
	if [ -f zfshost.started ] && grep -q ' /zfs-kstat fuse' /proc/mounts
	then
		umount -l /zfs-kstat
	fi
	rm -f zpool.img zfs-fuse.pid
	return 0
}

# zfshost_fake: instead of zfs-fuse, the fake host's strict zfs (for
# zvols, which zfs-fuse cannot make, and for ordered failures).  The
# pool "tank" holds tank/vm, "mounted" on $FH/vm, the vm_dir.
zfshost_fake()
{
	printf '%s\tfilesystem\t%s\t-\t-\t-\n' tank - tank/vm "$FH/vm" \
	    >"$FH/state/zfs"
	sed -i 's|^vm_dir=.*|vm_dir="zfs:tank/vm"|' "$FH/etc/hyve.conf"
	printf 'path_zfs="%s"\n' "$FH/bin/zfs" >>"$FH/etc/hyve.conf"
}

# zfshost_fakeguest NAME [LINE ...]: a guest in its own fake dataset,
# with a 1G zvol disk0 when a LINE says disk0_dev="zvol".  The calls
# log starts empty afterwards.
zfshost_fakeguest()
{
	"$FH/bin/zfs" create "tank/vm/$1" || atf_fail "zfs create $1"
	for _x in "$@"; do
		[ "$_x" = 'disk0_dev="zvol"' ] || continue
		"$FH/bin/zfs" create -V 1G -o volmode=dev "tank/vm/$1/disk0" ||
		    atf_fail "zfs create -V $1/disk0"
	done
	fakehost_guest "$@"
	: >"$FH/log/calls"
}

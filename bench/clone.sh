#!/bin/sh
#
# clone.sh - the time "hyve clone" takes for a guest with a 10 GiB sparse
# disk (1 MiB of it written), on a directory datastore (a sparse copy)
# and on ZFS (a snapshot and a clone, through zfs-fuse when it can run
# here: root, zfs-fuse installed, /dev/fuse).  Run by "make bench" after
# "make fake".  RUNS (default 5) sets the number of clones of each kind.

set -u

top=$(cd "$(dirname "$0")/.." && pwd) || exit 1
runs=${RUNS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/hyve-bench.XXXXXX") || exit 1
cleanup()
{
	[ -d "$work/zfs" ] && cd "$work/zfs" && zfshost_cleanup 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# fakehost.sh and zfshost.sh are written for atf-sh; stand-ins.
atf_get_srcdir() { echo "$top/tests/cli"; }
atf_fail() { echo "clone.sh: $*" >&2; exit 1; }
atf_skip() { echo "clone.sh: ZFS skipped: $*"; return 1; }
HYVE=$top/hyve
FAKEHOST_SRC=$top/tests/fake
. "$top/tests/fake/fakehost.sh"
. "$top/tests/fake/zfshost.sh"

now() { "$top/bench/now"; }

# The guest "src" with a 10 GiB disk holding 1 MiB of data.
mkguest()
{
	truncate -s 10G "$FH/vm/src/disk0.img"
	dd if=/dev/urandom of="$FH/vm/src/disk0.img" bs=1M count=1 \
	    conv=notrunc 2>/dev/null
}

# clone_runs KIND: clone src RUNS times; print min/median/max.
clone_runs()
{
	: >"$work/times"
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now)
		"$HYVE" clone src "c$i" >/dev/null ||
		    atf_fail "$1: hyve clone failed"
		t1=$(now)
		echo $((t1 - t0)) >>"$work/times"
		i=$((i + 1))
	done
	printf '%-28s' "clone, $1:"
	sort -n "$work/times" | awk '{ v[NR] = $1 } END {
		printf "min %.1f ms, median %.1f ms, max %.1f ms (%d runs)\n",
		    v[1] / 1e6, v[int((NR + 1) / 2)] / 1e6, v[NR] / 1e6, NR }'
}

mkdir "$work/dir" && cd "$work/dir" || exit 1
fakehost_setup
fakehost_guest src
mkguest
clone_runs "directory datastore"
echo "  (copy of c0's disk: $(du -k "$FH/vm/c0/disk0.img" | cut -f1) KiB" \
    "used of $(($(stat -c %s "$FH/vm/c0/disk0.img") / 1048576)) MiB)"

if [ "$(id -u)" -ne 0 ] || ! command -v zfs-fuse >/dev/null 2>&1; then
	echo "clone, ZFS: skipped (needs root and zfs-fuse)"
	exit 0
fi
mkdir "$work/zfs" && cd "$work/zfs" || exit 1
fakehost_setup
zfshost_setup || exit 0
zfshost_guest src
mkguest
clone_runs "ZFS (zfs-fuse)"

#!/bin/sh
#
# list.sh - what "hyve list" and "hyve info" cost with 10, 100 and 1,000
# guests on the fake host (tests/fake), three of them running, beside
# the floor: bench/floor, which only reads the datastore's directory and
# opens and reads the same config files.  Every figure is the median
# wall time of RUNS runs of the whole process (bench/timeit: fork, exec,
# wait; no shell), so process start-up is counted for all three alike.
#
# Targets (issue 6): hyve list of 1,000 guests under 10 ms and within
# 4x of the floor; hyve info of one guest among 1,000 under 5 ms.
# Run by "make bench".  RUNS (default 51) and SIZES tune it.

set -u

top=$(cd "$(dirname "$0")/.." && pwd) || exit 1
runs=${RUNS:-51}
sizes=${SIZES:-10 100 1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/hyve-bench.XXXXXX") || exit 1
trap 'kill -9 $(sed -n "s/^supervisor_pid=\"\([0-9]*\)\"$/\1/p" \
    "$work"/*/fh/run/*/state 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT
# A signal ends the script through the EXIT trap, which cleans up.
trap 'exit 1' HUP INT TERM

# fakehost.sh is written for atf-sh; these stand in for atf's helpers.
atf_get_srcdir() { echo "$top/tests/cli"; }
atf_fail() { echo "list.sh: $*" >&2; exit 1; }
HYVE=$top/hyve
FAKEHOST_SRC=$top/tests/fake
. "$top/tests/fake/fakehost.sh"

for p in hyve bench/floor bench/timeit tests/fake/bin/bhyve; do
	[ -x "$top/$p" ] || atf_fail "no $p: run \"make bench\""
done

# n guests g0001... with a config like vm-bhyve's templates make.
make_guests()
{
	awk -v n="$1" -v dir="$FH/vm" 'BEGIN {
		for (i = 1; i <= n; i++) {
			name = sprintf("g%04d", i)
			system("mkdir " dir "/" name)
			f = dir "/" name "/" name ".conf"
			print "loader=\"bhyveload\"" >f
			print "cpu=" (i % 4 + 1) >f
			print "memory=" (256 * (i % 8 + 1)) "M" >f
			print "network0_type=\"virtio-net\"" >f
			print "network0_switch=\"public\"" >f
			print "disk0_type=\"virtio-blk\"" >f
			print "disk0_name=\"disk0.img\"" >f
			printf "uuid=\"5d3c1a2b-7e4f-4a10-9b8c-%012d\"\n", i >f
			printf "network0_mac=\"58:9c:fc:00:%02x:%02x\"\n",
			    int(i / 256), i % 256 >f
			if (i % 10 == 0)
				print "autostart=\"yes\"" >f
			close(f)
			printf "" >(dir "/" name "/disk0.img")
			close(dir "/" name "/disk0.img")
		}
	}' || atf_fail "cannot create guests"
}

# Field f of timeit's "median M min N max X cpu C".
field() { printf '%s\n' "$1" | awk -v f="$2" '{ for (i = 1; i < NF; i++)
	if ($i == f) print $(i + 1) }'; }
# One line of figures.
show()
{
	printf '  %-6s median %6.2f ms  min %6.2f ms  cpu %6.2f ms%s\n' "$1" \
	    "$(field "$2" median)" "$(field "$2" min)" "$(field "$2" cpu)" \
	    "${3:-}"
}
# "  (Nx the floor's median, Mx its CPU time)"
ratio()
{
	awk -v a="$(field "$1" median)" -v b="$(field "$2" median)" \
	    -v c="$(field "$1" cpu)" -v d="$(field "$2" cpu)" 'BEGIN {
		printf "  %.1fx the floor (CPU %.1fx)", a / b, c / d }'
}

echo "median, minimum and CPU time of $runs runs of each whole process"
for n in $sizes; do
	mkdir "$work/$n" && cd "$work/$n" || exit 1
	fakehost_setup
	make_guests "$n"
	echo 'vm_list="g0003 g0002 g0001"' >>"$HYVE_CONF"
	for g in g0001 g0002 g0003; do
		"$HYVE" start "$g" >/dev/null || atf_fail "start $g failed"
	done
	[ "$("$HYVE" list | grep -c Running)" = 3 ] ||
	    atf_fail "hyve list does not show 3 running guests"
	[ "$("$top/bench/floor" "$FH/vm")" != "0 files, 0 bytes" ] ||
	    atf_fail "floor read nothing"
	mid=$(printf 'g%04d' $(((n + 1) / 2)))
	floor=$("$top/bench/timeit" "$runs" "$top/bench/floor" "$FH/vm") &&
	    list=$("$top/bench/timeit" "$runs" "$HYVE" list) &&
	    info=$("$top/bench/timeit" "$runs" "$HYVE" info "$mid") ||
	    atf_fail "timeit failed"
	echo "$n guests (3 running):"
	show floor "$floor"
	show list "$list" "$(ratio "$list" "$floor")"
	show info "$info" "  (one guest: $mid)"
	if [ "$n" = 1000 ]; then
		verdict=$(awk -v l="$(field "$list" median)" \
		    -v f="$(field "$floor" median)" \
		    -v i="$(field "$info" median)" 'BEGIN {
			printf "list <= 4x floor: %s; list < 10 ms: %s; " \
			    "info < 5 ms: %s", l <= 4 * f ? "met" : "MISSED",
			    l < 10 ? "met" : "MISSED", i < 5 ? "met" : "MISSED"
			# The issue measured a floor of about 3 ms; where
			# reading the files alone takes 10 ms, no list can.
			if (f >= 10)
				printf " (the floor alone takes %.1f ms " \
				    "here)", f
		}')
	fi
	for g in g0001 g0002 g0003; do
		"$HYVE" stop -f "$g" >/dev/null
	done
	cd "$work" || exit 1
done
# A verdict, not a failure: on a busy machine the absolute figures
# wander far more than the ratio to the floor.
echo "targets at 1000 guests: ${verdict:-not measured}"
exit 0

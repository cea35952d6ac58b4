#!/bin/sh
#
# supervisor.sh - what a running guest's supervisor costs, measured on
# the fake host (tests/fake): the time from "hyve start" to bhyve's exec
# for a UEFI guest (no loader), the supervisor's resident memory, and its
# CPU use while the guest idles.  Run by "make bench" after "make fake".
#
# Targets (issue 3): under 10 ms to bhyve's exec; under 2 MiB resident.

set -u

top=$(cd "$(dirname "$0")/.." && pwd) || exit 1
runs=${RUNS:-20}
idle=${IDLE:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/hyve-bench.XXXXXX") || exit 1
trap 'kill -9 $(sed -n "s/^supervisor_pid=\"\([0-9]*\)\"$/\1/p" \
    "$work"/fh/run/*/state 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT

# fakehost.sh is written for atf-sh; these stand in for atf's helpers.
atf_get_srcdir() { echo "$top/tests/cli"; }
atf_fail() { echo "supervisor.sh: $*" >&2; exit 1; }
HYVE=$top/hyve
FAKEHOST_SRC=$top/tests/fake
. "$top/tests/fake/fakehost.sh"

cd "$work" || exit 1
fakehost_setup
fakehost_guest bench 'loader="uefi"'

# bhyve becomes stamp, which notes the time and then runs the fake bhyve.
cp "$top/bench/stamp" "$FH/bin/bhyve-stamp"
printf '%s\n%s\n' "$FH/bin/bhyve" "$work/stamps" >"$FH/bin/bhyve-stamp.conf"
sed "s|^path_bhyve=.*|path_bhyve=\"$FH/bin/bhyve-stamp\"|" "$HYVE_CONF" \
    >"$work/hyve.conf" && mv "$work/hyve.conf" "$HYVE_CONF"

now() { "$top/bench/now"; }

# Summarise nanosecond figures: min, median, max in milliseconds.
summary()
{
	sort -n | awk '{ v[NR] = $1 } END {
		printf "min %.2f ms, median %.2f ms, max %.2f ms (%d runs)\n",
		    v[1] / 1e6, v[int((NR + 1) / 2)] / 1e6, v[NR] / 1e6, NR }'
}

: >"$work/toexec"
: >"$work/toreturn"
i=0
while [ $i -lt "$runs" ]; do
	: >"$work/stamps"
	t0=$(now)
	"$HYVE" start bench >/dev/null || atf_fail "hyve start failed"
	t1=$(now)
	read -r t <"$work/stamps" || atf_fail "bhyve did not run"
	echo $((t - t0)) >>"$work/toexec"
	echo $((t1 - t0)) >>"$work/toreturn"
	"$HYVE" stop -f bench >/dev/null || atf_fail "hyve stop failed"
	i=$((i + 1))
done
printf 'hyve start to bhyve exec:   '
summary <"$work/toexec"
printf 'hyve start until it returns: '
summary <"$work/toreturn"
echo "  (start returns once bhyve has run 300 ms: the supervisor's"
echo "   proof that the guest did not die at once)"

"$HYVE" start bench >/dev/null || atf_fail "hyve start failed"
sv=$(fakehost_state bench supervisor_pid)
printf 'supervisor resident memory: %s KiB idle' \
    "$(ps -o rss= -p "$sv" | tr -d ' ')"
"$HYVE" exec bench root >/dev/null
"$HYVE" exec --timeout 60 bench 'spam 20000' >/dev/null
printf ', %s KiB after %s bytes of console output\n' \
    "$(ps -o rss= -p "$sv" | tr -d ' ')" \
    "$(cat "$FH/run/bench/console.log" "$FH/run/bench/console.log.0" |
    wc -c | tr -d ' ')"

# CPU time while the guest sits at its prompt.
if [ -r "/proc/$sv/stat" ]; then
	ticks() { awk '{ print $14 + $15 }' "/proc/$sv/stat"; }
	c0=$(ticks)
	sleep "$idle"
	c1=$(ticks)
	echo "supervisor CPU while idle: $((c1 - c0)) ticks of" \
	    "1/$(getconf CLK_TCK) s in $idle s"
else
	echo "supervisor CPU time so far: $(ps -o time= -p "$sv")"
fi
# strace -c writes no table at all when it saw no system call.
if command -v strace >/dev/null 2>&1; then
	timeout 5 strace -c -p "$sv" -o "$work/strace" 2>"$work/strace.err"
	if grep -q attached "$work/strace.err"; then
		n=$(awk '$NF == "total" { print $(NF - 1) }' "$work/strace")
		echo "supervisor system calls in 5 s idle: ${n:-0}"
	fi
fi
"$HYVE" stop -f bench >/dev/null

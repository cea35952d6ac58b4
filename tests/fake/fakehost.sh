# fakehost.sh - a fake FreeBSD host for hyve's atf-sh tests.
#
# Source it from a test program:
#
#	. "$(atf_get_srcdir)/../fake/fakehost.sh"
#
# and call fakehost_setup at the start of each test body.  It builds
# $PWD/fh (kept in $FH) and exports HYVE_CONF, so that "$HYVE" (the hyve
# binary under test) runs its tools from $FH/bin:
#
#	bin/		bhyve, bhyvectl, bhyveload, fetch, grub-bhyve,
#			ifconfig, kldload, kldstat, ngctl, route, sysctl
#			(copies of tests/fake/bin)
#	dev/vmm/NAME	VM instances: "loaded=0|1", "memory=BYTES",
#			"wired=0|1" lines, and "pid=PID" while bhyve runs
#	dev/tapN	tap device nodes (made by ifconfig)
#	net/IF		interface state (see ifstate.h); em0 and lo0 exist
#	ng/NODE		netgraph nodes and their connected hooks (ifstate.h)
#	ctl/NAME.KIND	knobs (fakehost_knob)
#	log/calls	one line per tool run: "tool arg1 arg2 ..."
#	state/		kld/MODULE (vmm and nmdm loaded), sysctl, locks,
#			routes (route add/delete)
#	fw/		BHYVE_UEFI.fd, BHYVE_UEFI_CSM.fd, BHYVE_UEFI_VARS.fd
#	vm/		the datastore: .config/system.conf (switch public),
#			.iso/, and the guests (fakehost_guest)
#	etc/		hyve.conf (every path_* setting points into $FH),
#			rc.conf (empty)
#	run/		hyve's runtime directory
#	www/HOST/PATH	what the fake fetch serves for http://HOST/PATH

: "${FAKEHOST_SRC:=$(atf_get_srcdir)/../fake}"
: "${HYVE:=$(atf_get_srcdir)/../../hyve}"

# Build the fake host in $PWD/fh.
fakehost_setup()
{
	FH=$PWD/fh
	mkdir -p "$FH/bin" "$FH/dev/vmm" "$FH/net" "$FH/ng" "$FH/ctl" \
	    "$FH/log" \
	    "$FH/state/kld" "$FH/fw" "$FH/run" "$FH/etc" \
	    "$FH/vm/.config" "$FH/vm/.iso" ||
	    atf_fail "fake host: cannot create $FH"
	cp "$FAKEHOST_SRC"/bin/* "$FH/bin/" ||
	    atf_fail "fake host: no programs in $FAKEHOST_SRC/bin (make fake)"
	: >"$FH/log/calls"

	for _f in BHYVE_UEFI.fd BHYVE_UEFI_CSM.fd BHYVE_UEFI_VARS.fd; do
		dd if=/dev/zero of="$FH/fw/$_f" bs=1024 count=64 2>/dev/null ||
		    atf_fail "fake host: cannot create $FH/fw/$_f"
	done

	# Kernel modules (the file holds the kld file id) and the MIB.
	echo 2 >"$FH/state/kld/vmm"
	echo 3 >"$FH/state/kld/nmdm"
	cat >"$FH/state/sysctl" <<-EOF
	kern.ostype=FreeBSD
	kern.osrelease=14.3-RELEASE
	kern.osreldate=1403000
	kern.hostname=fakehost
	hw.machine=amd64
	hw.ncpu=2
	hw.physmem=8589934592
	hw.vmm.maxcpu=2
	net.link.tap.up_on_open=1
	EOF

	# The interfaces every host has.
	printf 'type=ether\nindex=1\nup=1\nmtu=1500\n' >"$FH/net/em0"
	printf 'type=loop\nindex=2\nup=1\nmtu=16384\ngroup=lo\n' \
	    >"$FH/net/lo0"

	printf 'switch_list="public"\ntype_public="standard"\n' \
	    >"$FH/vm/.config/system.conf"
	: >"$FH/etc/rc.conf"
	cat >"$FH/etc/hyve.conf" <<-EOF
	vm_dir="$FH/vm"
	path_bhyve="$FH/bin/bhyve"
	path_bhyvectl="$FH/bin/bhyvectl"
	path_bhyveload="$FH/bin/bhyveload"
	path_fetch="$FH/bin/fetch"
	path_grub_bhyve="$FH/bin/grub-bhyve"
	path_ifconfig="$FH/bin/ifconfig"
	path_kldload="$FH/bin/kldload"
	path_kldstat="$FH/bin/kldstat"
	path_ngctl="$FH/bin/ngctl"
	path_route="$FH/bin/route"
	path_sysctl="$FH/bin/sysctl"
	path_firmware="$FH/fw"
	path_dev_vmm="$FH/dev/vmm"
	path_dev="$FH/dev"
	path_rundir="$FH/run"
	path_rc_conf="$FH/etc/rc.conf"
	EOF
	HYVE_CONF=$FH/etc/hyve.conf
	export FH HYVE_CONF
}

# fakehost_guest NAME [LINE ...]: the guest $FH/vm/NAME, a FreeBSD guest
# booted by bhyveload from a sparse 1 GiB disk0.img, with no NIC.  Each
# LINE (key="value") is added, replacing the default for its key.
fakehost_guest()
{
	_name=$1
	shift
	_uuid=$(printf '%s' "$_name" | cksum | awk '{ printf "%012x", $1 }')
	mkdir -p "$FH/vm/$_name" || atf_fail "fake host: cannot create $_name"
	{
		for _l in 'loader="bhyveload"' 'cpu=1' 'memory=256M' \
		    'disk0_type="virtio-blk"' 'disk0_name="disk0.img"' \
		    "uuid=\"5d3c1a2b-7e4f-4a10-9b8c-$_uuid\""; do
			for _x in "$@"; do
				case "$_x" in "${_l%%=*}="*) continue 2 ;; esac
			done
			printf '%s\n' "$_l"
		done
		for _x in "$@"; do
			printf '%s\n' "$_x"
		done
	} >"$FH/vm/$_name/$_name.conf"
	: >"$FH/vm/$_name/disk0.img"
	truncate -s 1G "$FH/vm/$_name/disk0.img" ||
	    atf_fail "fake host: cannot create $_name's disk"
}

# Print the calls log.
fakehost_calls()
{
	cat "$FH/log/calls"
}

# Whether the VM instance NAME exists.
fakehost_vmm_exists()
{
	[ -e "$FH/dev/vmm/$1" ]
}

# fakehost_knob NAME KIND [VALUE]: set a knob, or remove it without VALUE.
#	NAME.sigterm	"ignore" or "delay N": bhyve's answer to SIGTERM
#	NAME.loader	"fail" or "hang": bhyveload and grub-bhyve
#	NAME.exit	N: bhyve exits N right after its banner
fakehost_knob()
{
	if [ $# -ge 3 ]; then
		printf '%s\n' "$3" >"$FH/ctl/$1.$2"
	else
		rm -f "$FH/ctl/$1.$2"
	fi
}

# Kill whatever a test left running on the fake host: supervisors,
# loaders and bhyves named in hyve's state files (the cleanup routine of
# every test that starts a guest).
fakehost_cleanup()
{
	[ -d fh/run ] || return 0
	for _s in fh/run/*/state; do
		[ -f "$_s" ] || continue
		for _k in supervisor_pid bhyve_pid loader_pid; do
			_p=$(sed -n "s/^$_k=\"\\([0-9]*\\)\"\$/\\1/p" "$_s")
			[ -n "$_p" ] && [ "$_p" != 0 ] &&
			    kill -9 "$_p" 2>/dev/null
		done
	done
	return 0
}

# fakehost_state NAME KEY: a value from guest NAME's state file.
fakehost_state()
{
	sed -n "s/^$2=\"\\(.*\\)\"\$/\\1/p" "$FH/run/$1/state" 2>/dev/null
}

# fakehost_waitfor SECONDS CMD [ARG ...]: run CMD every 0.1 s until it
# succeeds; fail the test after SECONDS.
fakehost_waitfor()
{
	_n=$(($1 * 10))
	shift
	while ! "$@" >/dev/null 2>&1; do
		_n=$((_n - 1))
		[ $_n -gt 0 ] || atf_fail "timed out waiting for: $*"
		sleep 0.1
	done
}

# fakehost_taps: the tap interfaces that exist, one per line.
fakehost_taps()
{
	for _t in "$FH"/net/tap*; do
		[ -e "$_t" ] && printf '%s\n' "${_t##*/}"
	done
	return 0
}

# A test case NAME with a description and the cleanup that kills what it
# left running.
fakehost_case()
{
	atf_test_case "$1" cleanup
	eval "$1_head() { atf_set descr '$2'; }"
	eval "$1_cleanup() { fakehost_cleanup; }"
}

# Start guest NAME and check hyve says so.
fakehost_start()
{
	atf_check -s exit:0 -o inline:"$1: started\n" -e empty "$HYVE" start "$1"
}

# Whether guest NAME is stopped (its supervisor has exited).
fakehost_stopped()
{
	"$HYVE" status "$1" >/dev/null 2>&1
	[ $? -eq 1 ]
}

# Nothing of guest NAME is left on the host: no VM instance, no tap, no
# control socket, no supervisor.
fakehost_nothing_left()
{
	fakehost_vmm_exists "$1" && atf_fail "$1: /dev/vmm/$1 left behind"
	[ -z "$(fakehost_taps)" ] || atf_fail "taps left behind: $(fakehost_taps)"
	[ -e "$FH/run/$1/control.sock" ] &&
	    atf_fail "$1: control socket left behind"
	return 0
}

# The number of lines of the calls log that start with WORDS.
fakehost_ncalls()
{
	grep -c "^$1" "$FH/log/calls"
}

# Run a command as the unprivileged user nobody (used by the test
# programs that source this file).
# shellcheck disable=SC2034
FAKEHOST_NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"

# Make the test's work directory traversable (kyua creates it private)
# so that nobody can reach the fake host.
fakehost_open_workdir()
{
	_d=$PWD
	while [ "$_d" != / ]; do
		chmod a+x "$_d" 2>/dev/null
		_d=$(dirname "$_d")
	done
	return 0
}

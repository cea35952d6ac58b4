#! /usr/bin/env atf-sh
#
# host_test - preparing and checking the host: "hyve init", "hyve check
# host" (each check passing, warning and failing, text and JSON), the
# rc.conf fallback for vm_dir, vm_list and vm_delay, and "check -f
# --json".

. "$(atf_get_srcdir)/../fake/fakehost.sh"

# A healthy Intel host: every module loaded, VT-x with EPT and
# unrestricted guest, POPCNT, pf loaded but disabled.
host_setup()
{
	fakehost_cleanup
	rm -rf "$PWD/fh"
	fakehost_setup
	printf 'path_pfctl="%s"\npath_dmesg_boot="%s"\n' "$FH/bin/pfctl" \
	    "$FH/state/dmesg.boot" >>"$FH/etc/hyve.conf"
	echo 4 >"$FH/state/kld/if_tap"
	echo 5 >"$FH/state/kld/if_bridge"
	echo 6 >"$FH/state/kld/pf"
	printf 'enabled=0\nskip=lo0\n' >"$FH/state/pf"
	cat >>"$FH/state/sysctl" <<-EOF
	hw.model=Intel(R) Xeon(R) CPU E5-2630 v3 @ 2.40GHz
	hw.vmm.vmx.initialized=1
	hw.vmm.vmx.cap.unrestricted_guest=1
	hw.vmm.iommu.initialized=0
	hw.vmm.svm.features=4294967295
	EOF
	cat >"$FH/state/dmesg.boot" <<-EOF
	CPU: Intel(R) Xeon(R) CPU E5-2630 v3 @ 2.40GHz (2400.05-MHz K8-class CPU)
	  Features=0xbfebfbff<FPU,VME,DE,PSE,TSC,MSR,PAE,MCE,CX8,APIC,SEP,MTRR>
	  Features2=0x7ffefbff<SSE3,PCLMULQDQ,DTES64,MON,DS_CPL,VMX,SSSE3,POPCNT,AESNI>
	  VT-x: PAT,HLT,MTF,PAUSE,EPT,UG,VPID,VID,PostIntr
	EOF
}

# Set sysctl NAME to VALUE in the fake MIB.
host_sysctl()
{
	sed -i "s/^$1=.*/$1=$2/" "$FH/state/sysctl"
}

fakehost_case init_layout "init -n plans, init makes the layout and loads modules, a second init does nothing"
init_layout_body()
{
	fakehost_setup
	rm -rf "$FH/vm"
	V=$FH/vm
	cat >expout <<-EOF
	plan for init:
	  mkdir $V
	  mkdir $V/.config
	  mkdir $V/.templates
	  mkdir $V/.iso
	  mkdir $V/.img
	  write $V/.config/system.conf
	  write $V/.config/null.iso
	  write $V/.templates/default.conf
	  run $FH/bin/kldload if_tap
	  run $FH/bin/kldload if_bridge
	EOF
	atf_check -o file:expout -e empty "$HYVE" init -n
	[ -e "$V" ] && atf_fail "init -n created $V"
	[ "$(fakehost_ncalls kldload)" = 0 ] || atf_fail "kldload ran"

	atf_check -s exit:0 -o save:out -e empty "$HYVE" init
	for d in "" /.config /.templates /.iso /.img; do
		[ -d "$V$d" ] || atf_fail "no $V$d"
		atf_check -o match:"^created $V$d\$" cat out
	done
	atf_check -o match:'^loaded if_tap$' cat out
	atf_check -o match:'^loaded if_bridge$' cat out
	atf_check -o match:'^kldload if_tap$' cat "$FH/log/calls"
	atf_check -o match:'^kldload if_bridge$' cat "$FH/log/calls"
	[ -f "$FH/state/kld/if_tap" ] || atf_fail "if_tap not loaded"
	[ -f "$V/.config/null.iso" ] && [ ! -s "$V/.config/null.iso" ] ||
	    atf_fail "no empty null.iso"
	atf_check -o match:'^loader="bhyveload"$' cat "$V/.templates/default.conf"
	# The template is a valid guest.
	mkdir "$V/t" && cp "$V/.templates/default.conf" "$V/t/t.conf"
	printf 'switch_list="public"\n' >>"$V/.config/system.conf"
	atf_check -s exit:0 -o empty -e empty "$HYVE" check -f "$V/t/t.conf"

	# What exists is kept; nothing left to do.
	echo '# mine' >"$V/.templates/default.conf"
	: >"$FH/log/calls"
	atf_check -s exit:0 -o empty -e empty "$HYVE" init
	atf_check -o inline:'# mine\n' cat "$V/.templates/default.conf"
	[ "$(fakehost_ncalls kldload)" = 0 ] || atf_fail "kldload ran"
	atf_check -o inline:'plan for init:\n' "$HYVE" init -n
}

fakehost_case init_up_on_open "init sets net.link.tap.up_on_open=1 as vm-bhyve does"
init_up_on_open_body()
{
	fakehost_setup
	sed -i 's/^net.link.tap.up_on_open=1/net.link.tap.up_on_open=0/' \
	    "$FH/state/sysctl"
	atf_check -o match:"run $FH/bin/sysctl net.link.tap.up_on_open=1" \
	    "$HYVE" init -n
	atf_check -o match:'^net.link.tap.up_on_open=0$' cat "$FH/state/sysctl"
	atf_check -s exit:0 -o ignore -e empty "$HYVE" init
	atf_check -o match:'^sysctl net.link.tap.up_on_open=1$' \
	    cat "$FH/log/calls"
	atf_check -o match:'^net.link.tap.up_on_open=1$' cat "$FH/state/sysctl"
}

fakehost_case init_errors "init refuses a missing or unusable vm_dir and changes nothing"
init_errors_body()
{
	fakehost_setup
	sed -i '/^vm_dir=/d' "$FH/etc/hyve.conf"
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: vm_dir is not set: set it in $FH/etc/hyve.conf (or /etc/rc.conf), e.g. vm_dir=\"/vm\"\n" \
	    "$HYVE" init
	printf 'vm_dir="%s/file"\n' "$FH" >>"$FH/etc/hyve.conf"
	: >"$FH/file"
	atf_check -s exit:1 -o empty -e inline:"hyve: vm_dir $FH/file exists and is not a directory\n" \
	    "$HYVE" init
	sed -i 's,^vm_dir=.*,vm_dir="relative/vm",' "$FH/etc/hyve.conf"
	atf_check -s exit:1 -o empty -e match:'vm_dir relative/vm: must be an absolute path' \
	    "$HYVE" init
	[ "$(fakehost_ncalls kldload)" = 0 ] || atf_fail "kldload ran"
}

fakehost_case rc_conf "without vm_dir in hyve.conf, vm_dir, vm_list and vm_delay come from rc.conf"
rc_conf_body()
{
	host_setup
	sed -i '/^vm_dir=/d' "$FH/etc/hyve.conf"
	mkdir "$FH/rcvm"
	cat >"$FH/etc/rc.conf" <<-EOF
	vm_enable="YES"
	vm_dir="$FH/rcvm"
	vm_list="b a"
	vm_delay="7"
	EOF
	atf_check -s exit:0 -o ignore "$HYVE" init
	[ -d "$FH/rcvm/.templates" ] || atf_fail "init did not use rc.conf's vm_dir"
	for g in a b c; do
		mkdir "$FH/rcvm/$g"
		cp "$FH/rcvm/.templates/default.conf" "$FH/rcvm/$g/$g.conf"
	done
	cat >expout <<-EOF
	plan for startall:
	  start b (autostart_order 10000)
	  wait 7 s (vm_delay)
	  start a (autostart_order 10000)
	EOF
	atf_check -o file:expout "$HYVE" startall -n
	# What hyve.conf sets itself is kept.
	printf 'vm_delay="3"\n' >>"$FH/etc/hyve.conf"
	atf_check -o match:'^  wait 3 s \(vm_delay\)$' "$HYVE" startall -n
	sed -i 's/^vm_delay="3"/vm_delay="soon"/' "$FH/etc/hyve.conf"
	atf_check -s exit:1 -o empty \
	    -e match:"^hyve: $FH/etc/hyve.conf:[0-9]+: vm_delay: \"soon\" is not a number of seconds from 0 to 3600\$" \
	    "$HYVE" startall -n
	sed -i '/^vm_delay=/d' "$FH/etc/hyve.conf"
	sed -i 's/^vm_delay="7"/vm_delay="-1"/' "$FH/etc/rc.conf"
	atf_check -s exit:1 -o empty \
	    -e match:"^hyve: $FH/etc/rc.conf:4: vm_delay: \"-1\" is not" \
	    "$HYVE" startall -n
	# hyve.conf's vm_dir wins, and then rc.conf is not read at all.
	printf 'vm_dir="%s/vm"\n' "$FH" >>"$FH/etc/hyve.conf"
	atf_check -o match:'^startall: no guest starts with the host' \
	    "$HYVE" startall
}

fakehost_case host_pass "check host on a healthy Intel host: every line PASS, exit 0"
host_pass_body()
{
	host_setup
	cat >expout <<-EOF
	PASS  vm_dir       the datastore $FH/vm exists
	PASS  vmm          vmm is loaded (bhyve's kernel part)
	PASS  vt-x         Intel VT-x with EPT is initialised (hw.vmm.vmx.initialized=1)
	PASS  unrestricted VT-x unrestricted guest is available
	PASS  popcnt       the CPU has POPCNT
	PASS  nmdm         nmdm is loaded (the guests' serial consoles)
	PASS  if_tap       if_tap is loaded (the guests' network interfaces)
	PASS  if_bridge    if_bridge is loaded (the virtual switches)
	PASS  up_on_open   net.link.tap.up_on_open=1
	PASS  pf           pf is not enabled
	10 passed, 0 warnings, 0 failed
	EOF
	atf_check -s exit:0 -o file:expout -e empty "$HYVE" check host
	# It changes nothing and needs no root: only queries ran.
	atf_check -s exit:1 -o empty grep -v -E '^(kldstat -q -m|sysctl -i hw.model hw.vmm net.link.tap.up_on_open$|pfctl -s info$|pfctl -v -s Interfaces$|ifconfig -a$)' \
	    "$FH/log/calls"
	atf_check -s exit:0 -o save:json "$HYVE" check host --json
	atf_check -o inline:'10 0 0\n' jq -r '"\(.pass) \(.warn) \(.fail)"' json
	atf_check -o inline:'vt-x pass null\n' \
	    jq -r '.checks[] | select(.name == "vt-x") | "\(.name) \(.status) \(.fix)"' json
}

fakehost_case host_fail "check host: modules, VT-x, unrestricted guest, POPCNT, up_on_open, IOMMU, firmware, grub"
host_fail_body()
{
	host_setup
	rm "$FH/state/kld/nmdm" "$FH/state/kld/if_bridge"
	host_sysctl hw.vmm.vmx.initialized 0
	host_sysctl hw.vmm.vmx.cap.unrestricted_guest 0
	host_sysctl net.link.tap.up_on_open 0
	sed -i 's/POPCNT,//' "$FH/state/dmesg.boot"
	fakehost_guest pt 'passthru0="2/0/0"'
	fakehost_guest win 'loader="uefi"'
	fakehost_guest deb 'loader="grub"'
	rm "$FH/fw/BHYVE_UEFI.fd" "$FH/bin/grub-bhyve"
	atf_check -s exit:1 -o save:out -e empty "$HYVE" check host
	cat out
	for l in \
	    '^FAIL  vt-x         vmm did not initialise VT-x \(hw.vmm.vmx.initialized=0\)$' \
	    '^WARN  unrestricted no VT-x unrestricted guest \(hw.vmm.vmx.cap.unrestricted_guest=0\): only bhyveload guests with one vCPU can run$' \
	    '^WARN  popcnt       no POPCNT in the CPU.s Features2 line of the boot messages$' \
	    '^FAIL  nmdm         nmdm is not loaded: the guests. serial consoles$' \
	    '^ +fix: run "hyve init" \(or kldload nmdm\), and add nmdm to kld_list in /etc/rc.conf$' \
	    '^FAIL  if_bridge    if_bridge is not loaded' \
	    '^WARN  up_on_open   net.link.tap.up_on_open is 0: a tap is down until bhyve opens it$' \
	    '^ +fix: sysctl net.link.tap.up_on_open=1, and add net.link.tap.up_on_open=1 to /etc/sysctl.conf$' \
	    '^FAIL  iommu        pt uses PCI passthrough but the IOMMU is not initialised \(hw.vmm.iommu.initialized=0\)$' \
	    '^ +fix: enable VT-d in the firmware setup, reserve the devices with pptdevs in /boot/loader.conf, and reboot$' \
	    "^FAIL  firmware     UEFI firmware $FH/fw/BHYVE_UEFI.fd is missing \\(needed by win\\)\$" \
	    '^ +fix: pkg install edk2-bhyve$' \
	    "^FAIL  grub2-bhyve  $FH/bin/grub-bhyve is missing \\(needed by deb\\)\$" \
	    '^ +fix: pkg install grub2-bhyve$' \
	    '^4 passed, 3 warnings, 6 failed$'; do
		atf_check -o ignore grep -E "$l" out
	done
	# Warnings only: exit 2.
	host_setup
	host_sysctl net.link.tap.up_on_open 0
	atf_check -s exit:2 -o match:'^9 passed, 1 warnings, 0 failed$' \
	    "$HYVE" check host
	# The IOMMU passes once initialised; no guest, no line.
	host_sysctl hw.vmm.iommu.initialized 1
	fakehost_guest pt 'passthru0="2/0/0"'
	atf_check -s exit:2 -o match:'^PASS  iommu        the IOMMU is initialised for PCI passthrough \(pt\)$' \
	    "$HYVE" check host
	rm -r "$FH/vm/pt"
	atf_check -s exit:2 -o not-match:iommu "$HYVE" check host
	# No vmm: no CPU lines, and vmm fails.
	rm "$FH/state/kld/vmm"
	atf_check -s exit:1 -o match:'^FAIL  vmm          vmm is not loaded' \
	    -o not-match:'vt-x' "$HYVE" check host
}

fakehost_case host_amd "check host on AMD: SVM with nested paging, or SVM never initialised"
host_amd_body()
{
	host_setup
	host_sysctl hw.model 'AMD Ryzen 7 5800X 8-Core Processor'
	host_sysctl hw.vmm.svm.features 0x9
	atf_check -s exit:0 -o match:'^PASS  svm          AMD SVM with nested paging \(NPT\) is initialised$' \
	    -o not-match:'vt-x' "$HYVE" check host
	host_sysctl hw.vmm.svm.features 0x8
	atf_check -s exit:1 -o match:'^FAIL  svm          AMD SVM lacks nested paging or NRIP save \(hw.vmm.svm.features=0x8\)$' \
	    "$HYVE" check host
	host_sysctl hw.vmm.svm.features 4294967295
	atf_check -s exit:1 -o match:'^FAIL  svm          vmm did not initialise AMD SVM' \
	    -o match:'fix: enable SVM \(AMD-V\) in the firmware setup' "$HYVE" check host
	# AMD passthrough needs hw.vmm.amdvi.enable.
	printf 'hw.vmm.amdvi.enable=0\n' >>"$FH/state/sysctl"
	host_sysctl hw.vmm.svm.features 0x9
	fakehost_guest pt 'passthru0="2/0/0"'
	atf_check -s exit:1 -o match:'initialised \(hw.vmm.iommu.initialized=0, hw.vmm.amdvi.enable=0\)$' \
	    -o match:'fix: enable the IOMMU \(AMD-Vi\) in the firmware setup, set hw.vmm.amdvi.enable=1' \
	    "$HYVE" check host
}

fakehost_case host_pf "check host warns when pf is enabled and does not skip the bridges and taps in use"
host_pf_body()
{
	host_setup
	fakehost_guest web 'network0_type="virtio-net"' 'network0_switch="public"'
	fakehost_start web
	[ "$(fakehost_taps)" = tap0 ] || atf_fail "no tap0: $(fakehost_taps)"
	# The switch's bridge, holding the guest's tap.
	printf 'type=bridge\nindex=9\nup=1\nmtu=1500\nmember=tap0\n' \
	    >"$FH/net/bridge0"
	printf 'enabled=1\nskip=lo0\n' >"$FH/state/pf"
	atf_check -s exit:2 -o save:out "$HYVE" check host
	atf_check -o match:'^WARN  pf           pf is enabled and filters bridge0 tap0: guests. traffic may be blocked$' \
	    -o match:'fix: add "set skip on \{ bridge0 tap0 \}" to /etc/pf.conf' cat out
	printf 'enabled=1\nskip=lo0 bridge0\n' >"$FH/state/pf"
	atf_check -s exit:2 -o match:'^WARN  pf           pf is enabled and filters tap0:' \
	    "$HYVE" check host
	printf 'enabled=1\nskip=lo0 bridge0 tap0\n' >"$FH/state/pf"
	atf_check -s exit:0 -o match:'^PASS  pf           pf is enabled and skips the bridges and taps in use$' \
	    "$HYVE" check host
	# A user who may not open /dev/pf cannot tell.
	fakehost_knob pfctl uid 1001
	atf_check -s exit:2 -o match:"^WARN  pf           cannot read pf's state: /dev/pf is root's\$" \
	    -o match:'fix: run "hyve check host" as root' "$HYVE" check host
	fakehost_knob pfctl uid
	# Without pf(4) loaded, pfctl fails: pf is not in use.
	rm "$FH/state/kld/pf"
	atf_check -s exit:0 -o match:'^PASS  pf           pf is not enabled$' \
	    "$HYVE" check host
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case host_ports "check host warns about a switch port that is down or missing"
host_ports_body()
{
	host_setup
	printf 'ports_public="em0"\n' >>"$FH/vm/.config/system.conf"
	atf_check -s exit:0 -o match:'^PASS  switch-port  the switches. physical ports are up$' \
	    "$HYVE" check host
	sed -i 's/^up=1/up=0/' "$FH/net/em0"
	printf 'switch_list="public lan"\nports_public="em0"\nports_lan="em7"\n' \
	    >"$FH/vm/.config/system.conf"
	atf_check -s exit:2 -o save:out "$HYVE" check host
	atf_check -o match:'^WARN  switch-port  port em0 of switch public is down$' \
	    -o match:'fix: ifconfig em0 up, and ifconfig_em0="up" in /etc/rc.conf$' \
	    -o match:'^WARN  switch-port  port em7 of switch lan does not exist$' \
	    -o not-match:'^PASS  switch-port' cat out
}

fakehost_case usage "check with a wrong subject or without -f is a usage error"
usage_body()
{
	host_setup
	atf_check -s exit:64 -o empty -e match:'unknown subject "hosts"' \
	    "$HYVE" check hosts
	atf_check -s exit:64 -o empty -e match:'^usage: hyve check' "$HYVE" check
	atf_check -s exit:64 -o empty -e match:'^usage: hyve check' \
	    "$HYVE" check host --jsn
	atf_check -o empty cat "$FH/log/calls"
	atf_check -s exit:0 -o match:'"pass":' "$HYVE" check --json host
}

fakehost_case check_file_json "check -f --json reports problems as JSON with the same exit status"
check_file_json_body()
{
	host_setup
	fakehost_guest web 'disk0_type="virtio-bk"' 'cpu="0"'
	atf_check -s exit:1 -o save:json -e empty \
	    "$HYVE" check -f "$FH/vm/web/web.conf" --json
	atf_check -o inline:'web 2 0\n' jq -r '"\(.name) \(.errors) \(.warnings)"' json
	atf_check -o match:'did you mean "virtio-blk"' \
	    jq -r '.problems[] | select(.level == "error") | .text' json
	fakehost_guest ok
	atf_check -s exit:0 -o save:json -e empty \
	    "$HYVE" check -f "$FH/vm/ok/ok.conf" --json
	atf_check -o inline:"$FH/vm/ok/ok.conf 0 []\n" \
	    jq -r -c '"\(.file) \(.errors) \(.problems)"' json
}

atf_init_test_cases()
{
	atf_add_test_case init_layout
	atf_add_test_case init_up_on_open
	atf_add_test_case init_errors
	atf_add_test_case rc_conf
	atf_add_test_case host_pass
	atf_add_test_case host_fail
	atf_add_test_case host_amd
	atf_add_test_case host_pf
	atf_add_test_case host_ports
	atf_add_test_case usage
	atf_add_test_case check_file_json
}

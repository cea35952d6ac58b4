#! /usr/bin/env atf-sh
#
# guest_test - the commands that make, change and remove guests on a
# directory datastore: create, destroy, rename, add, disk grow, insert,
# eject, configure/edit, get, set and iso, with their bad inputs (each
# refused with a clear error and nothing changed).

. "$(atf_get_srcdir)/../fake/fakehost.sh"

# The default template: one 2G disk and a NIC, with comments.
mktemplates()
{
	mkdir -p "$FH/vm/.templates"
	cat >"$FH/vm/.templates/default.conf" <<-'EOF'
	# The default template
	loader="bhyveload"
	cpu=1
	memory=256M
	network0_type="virtio-net"
	network0_switch="public"
	disk0_type="virtio-blk"
	disk0_name="disk0.img"
	disk0_size="2G"   # honoured, then stripped
	EOF
	cat >"$FH/vm/.templates/twodisk.conf" <<-'EOF'
	loader="grub"
	cpu=2
	memory=1G
	disk0_type="virtio-blk"
	disk0_name="disk0.img"
	disk1_type="ahci-hd"
	disk1_name="data.img"
	disk1_size="100M"
	EOF
	printf 'loader="bhyveload"\ncpu=1\nmemory=256M\n' \
	    >"$FH/vm/.templates/nodisk.conf"
}

# A snapshot of the datastore: every file with its size, mode, time
# and inode (a config replaced atomically gets a new one) and the
# configs' checksums, to show that a refused command changed nothing.
snapshot()
{
	# Directories without times: an undone rename touches them.
	{
		find "$FH/vm" ! -type f -printf '%p %m\n'
		find "$FH/vm" -type f -printf '%p %s %m %T@ %i\n'
	} | LC_ALL=C sort
	find "$FH/vm" -name '*.conf' -exec cksum {} + | LC_ALL=C sort
}

# Run a command that must fail with the exact error on stderr and leave
# the datastore as it was.
refused()
{
	_err=$1
	shift
	snapshot >before
	atf_check -s exit:1 -o empty -e inline:"$_err\n" "$HYVE" "$@"
	snapshot >after
	cmp -s before after || atf_fail "$* changed the datastore: \
$(diff before after)"
}

fakehost_case create "create copies the template, sizes the disks, writes a UUID and MAC"
create_body()
{
	fakehost_setup
	mktemplates
	atf_check -s exit:0 -o inline:"web: created in $FH/vm/web\n" -e empty \
	    "$HYVE" create web
	c=$FH/vm/web/web.conf
	# The template verbatim, comments and all, less disk0_size.
	atf_check -o inline:'# The default template\n' head -1 "$c"
	atf_check -s exit:1 grep disk0_size "$c"
	atf_check -o match:'^uuid="[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$' cat "$c"
	atf_check -o match:'^network0_mac="58:9c:fc:0[0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}"$' cat "$c"
	atf_check -o inline:'1\n256M\n' "$HYVE" get web cpu memory
	# A sparse 2G file, mode 0600.
	atf_check -o inline:'2147483648 600\n' stat -c '%s %a' "$FH/vm/web/disk0.img"
	[ "$(du -k "$FH/vm/web/disk0.img" | cut -f1)" -lt 1024 ] ||
	    atf_fail "disk0.img is not sparse"
	# The guest it makes is one hyve can run.
	atf_check -s exit:0 "$HYVE" check -f "$c"
	atf_check -s exit:0 -o match:' -s 0:4:0,virtio-blk,' \
	    "$HYVE" argv -f "$c"

	# Two guests get different UUIDs and MACs.
	atf_check -o ignore "$HYVE" create web2
	[ "$("$HYVE" get web uuid)" != "$("$HYVE" get web2 uuid)" ] ||
	    atf_fail "two guests share a UUID"
	[ "$("$HYVE" get web network0_mac)" != \
	    "$("$HYVE" get web2 network0_mac)" ] ||
	    atf_fail "two guests share a MAC"
}

fakehost_case create_options "create -t -s -c -m; every template disk is made"
create_options_body()
{
	fakehost_setup
	mktemplates
	atf_check -o ignore "$HYVE" create -t twodisk -s 5G -c 4 -m 2G db
	atf_check -o inline:'4\n2G\n' "$HYVE" get db cpu memory
	atf_check -o inline:'5368709120\n' stat -c %s "$FH/vm/db/disk0.img"
	atf_check -o inline:'104857600\n' stat -c %s "$FH/vm/db/data.img"
	# disk0 has no size in the template: -s, and 20G without it.
	atf_check -o ignore "$HYVE" create -t twodisk db2
	atf_check -o inline:'21474836480\n' stat -c %s "$FH/vm/db2/disk0.img"
	atf_check -s exit:1 grep _size "$FH/vm/db/db.conf"
	# vm-bhyve writes network0_mac even without a NIC.
	atf_check -o match:'^58:9c:fc:' "$HYVE" get db network0_mac
}

fakehost_case create_dryrun "create -n prints the plan and changes nothing"
create_dryrun_body()
{
	fakehost_setup
	mktemplates
	snapshot >before
	atf_check -s exit:0 -e empty \
	    -o match:"^plan for web:\$" \
	    -o match:"^mkdir $FH/vm/web\$" \
	    -o match:"^truncate -s 2G $FH/vm/web/disk0.img    # sparse, mode 0600\$" \
	    -o match:"^write $FH/vm/web/web.conf:\$" \
	    -o match:'^    disk0_name="disk0.img"$' \
	    "$HYVE" create -n web
	snapshot >after
	cmp -s before after || atf_fail "create -n changed the datastore"
}

fakehost_case create_bad "create refuses bad names, duplicates, templates and options"
create_bad_body()
{
	fakehost_setup
	mktemplates
	fakehost_guest web
	long=$(printf '%0200d' 0 | tr 0 a)
	refused 'hyve: invalid guest name "a/b": it may hold only letters, digits, '"'.', '-' and '_'" \
	    create a/b
	refused 'hyve: invalid guest name "..": it may not start with '"'.' or '-'" \
	    create ..
	refused "hyve: invalid guest name \"$(printf '%064d' 0 | tr 0 a)...\": it is longer than 31 bytes (the vmm(4) limit)" \
	    create "$long"
	refused "hyve: web: a guest of that name exists (in datastore default, $FH/vm/web)" \
	    create web
	refused "hyve: unknown template \"nope\": no $FH/vm/.templates/nope.conf (templates: default nodisk twodisk)" \
	    create -t nope db
	refused "hyve: invalid template name \"../default\": it must be a file name in $FH/vm/.templates, without \".conf\"" \
	    create -t ../default db
	refused 'hyve: db: template nodisk has no disk0_name (vm-bhyve needs one to create a guest)' \
	    create -t nodisk db
	refused 'hyve: db: disk0: "lots" is not a size (use a number of bytes or a suffix: 512M, 20G, 1T)' \
	    create -s lots db
	refused 'hyve: db: disk0: "-1" is not a size (use a number of bytes or a suffix: 512M, 20G, 1T)' \
	    create -s -1 db
	refused "hyve: db: no datastore \"nope\" (see datastore_list in $FH/vm/.config/system.conf)" \
	    create -d nope db
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: db: $FH/vm/db/db.conf:3: cpu: \"0\" is not a whole number from 1 to 65535\nhyve: db: not created: template default with these options gives a config with errors\n" \
	    "$HYVE" create -c 0 db
	[ -e "$FH/vm/db" ] && atf_fail "a refused create left $FH/vm/db"
	return 0
}

fakehost_case create_datastores "create -d puts the guest in another datastore; names are unique across them"
create_datastores_body()
{
	fakehost_setup
	mktemplates
	mkdir "$FH/store2"
	cat >>"$FH/vm/.config/system.conf" <<-EOF
	datastore_list="two pool"
	path_two="$FH/store2"
	path_pool="zfs:tank/vm"
	EOF
	atf_check -o inline:"db: created in $FH/store2/db\n" \
	    "$HYVE" create -d two db
	[ -f "$FH/store2/db/db.conf" ] || atf_fail "no config in store2"
	[ -f "$FH/store2/db/disk0.img" ] || atf_fail "no disk in store2"
	atf_check -o inline:'1\n' "$HYVE" get db cpu
	refused "hyve: db: a guest of that name exists (in datastore two, $FH/store2/db)" \
	    create db
	# The dataset cannot be resolved (zfs says why): nothing is made.
	snapshot >before
	atf_check -s exit:1 -o empty \
	    -e match:'^hyve: web: datastore pool \(zfs:tank/vm\): .*tank/vm' \
	    "$HYVE" create -d pool web
	snapshot >after
	atf_check -s exit:0 cmp before after
	# A directory left where the guest would go is not overwritten.
	mkdir "$FH/vm/stray"
	refused "hyve: stray: $FH/vm/stray: File exists (nothing changed)" \
	    create stray
}

fakehost_case create_undo "a create that fails half-way removes what it made"
create_undo_body()
{
	fakehost_setup
	mktemplates
	# data.img cannot be made: a directory is in the way... of a guest
	# directory that does not exist yet, so use a disk name that
	# cannot be a file instead.
	printf 'loader="bhyveload"\ncpu=1\nmemory=256M\ndisk0_type="virtio-blk"\ndisk0_name="disk0.img"\ndisk1_type="virtio-blk"\ndisk1_name="big.img"\ndisk1_size="9E"\n' \
	    >"$FH/vm/.templates/huge.conf"
	atf_check -s exit:1 -o empty -e match:"^hyve: db: $FH/vm/db/big.img: " \
	    "$HYVE" create -t huge db
	[ -e "$FH/vm/db" ] && atf_fail "a failed create left $FH/vm/db"
	return 0
}

fakehost_case destroy "destroy asks, then removes the guest and its disks"
destroy_body()
{
	fakehost_setup
	fakehost_guest web
	# A custom disk outside the guest's directory is the administrator's.
	: >"$FH/outside.img"
	fakehost_guest db 'disk1_type="virtio-blk"' 'disk1_dev="custom"' \
	    "disk1_name=\"$FH/outside.img\""
	# No answer, or no: nothing happens.
	atf_check -s exit:1 -o match:'^Destroy web and everything in' \
	    -e inline:'hyve: web: not destroyed\n' "$HYVE" destroy web </dev/null
	atf_check -s exit:1 -o ignore -e inline:'hyve: web: not destroyed\n' \
	    sh -c 'echo n | "$0" destroy web' "$HYVE"
	[ -f "$FH/vm/web/web.conf" ] || atf_fail "web is gone after no"
	atf_check -s exit:0 -o match:'web: destroyed$' \
	    sh -c 'echo y | "$0" destroy web' "$HYVE"
	[ -e "$FH/vm/web" ] && atf_fail "web is still there"
	[ -e "$FH/run/web" ] && atf_fail "web's runtime directory is left"
	atf_check -s exit:0 -o inline:"plan for db:\nrm -r $FH/vm/db\nrm -r $FH/run/db\n" \
	    "$HYVE" destroy -n db
	[ -f "$FH/vm/db/db.conf" ] || atf_fail "destroy -n removed db"
	atf_check -s exit:0 -o inline:'db: destroyed\n' "$HYVE" destroy -f db
	[ -e "$FH/vm/db" ] && atf_fail "db is still there"
	[ -e "$FH/outside.img" ] || atf_fail "destroy removed a custom disk"
	refused "hyve: db: no such guest (no $FH/vm/db/db.conf)" destroy -f db
	refused 'hyve: invalid guest name "../vm": it may hold only letters, digits, '"'.', '-' and '_'" \
	    destroy -f ../vm
	return 0
}

fakehost_case running "a running guest cannot be destroyed, renamed or have a disk grown"
running_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	refused 'hyve: web is running: stop it before you destroy it (hyve stop web)' \
	    destroy -f web
	refused 'hyve: web is running: stop it before you rename it (hyve stop web)' \
	    rename web db
	refused 'hyve: web is running: stop it before you grow a disk of it (hyve stop web)' \
	    disk grow web disk0 2G
	refused 'hyve: web is running: stop it before you destroy it (hyve stop web)' \
	    destroy -n web
	# Config changes are allowed; they take effect at the next boot.
	atf_check -s exit:0 "$HYVE" set web memory=512M
	atf_check -o inline:'web: stopped\n' "$HYVE" stop web
	atf_check -o inline:'web: destroyed\n' "$HYVE" destroy -f web
}

fakehost_case rename "rename moves the directory, the config and disks named after the guest"
rename_body()
{
	fakehost_setup
	fakehost_guest web 'disk0_name="web.img"' 'disk1_type="virtio-blk"' \
	    'disk1_name="web-data.img"' 'disk2_type="virtio-blk"' \
	    'disk2_name="other.img"' '# a comment'
	mv "$FH/vm/web/disk0.img" "$FH/vm/web/web.img"
	: >"$FH/vm/web/web-data.img"
	: >"$FH/vm/web/other.img"
	uuid=$("$HYVE" get web uuid)
	atf_check -s exit:0 -o inline:'web: renamed to db\n' -e empty \
	    "$HYVE" rename web db
	[ -e "$FH/vm/web" ] && atf_fail "web is still there"
	atf_check -o inline:'db-data.img\ndb.conf\ndb.img\nother.img\n' \
	    sh -c "ls '$FH/vm/db' | LC_ALL=C sort"
	atf_check -o inline:"db.img\ndb-data.img\nother.img\n$uuid\n" \
	    "$HYVE" get db disk0_name disk1_name disk2_name uuid
	atf_check -o match:'^# a comment$' cat "$FH/vm/db/db.conf"
	atf_check -s exit:0 "$HYVE" check -f "$FH/vm/db/db.conf"
	atf_check -o match:"^mv $FH/vm/db $FH/vm/web\$" \
	    -o match:"^mv $FH/vm/web/db.conf $FH/vm/web/web.conf\$" \
	    "$HYVE" rename -n db web
	[ -d "$FH/vm/db" ] || atf_fail "rename -n moved db"
}

fakehost_case vmlist_stale "rename and destroy say how to fix a vm_list that still names the guest, and leave the file alone"
vmlist_stale_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_guest a
	fakehost_guest other
	echo 'vm_list="a web b  web"' >>"$HYVE_CONF"
	cp "$HYVE_CONF" before.conf
	atf_check -s exit:0 -o inline:'web: renamed to db\n' \
	    -e inline:"hyve: web: vm_list in $HYVE_CONF still names it; update it with: sysrc -f $HYVE_CONF vm_list=\"a db b db\"\n" \
	    "$HYVE" rename web db
	atf_check -s exit:0 -o inline:'a: destroyed\n' \
	    -e inline:"hyve: a: vm_list in $HYVE_CONF still names it; update it with: sysrc -f $HYVE_CONF vm_list=\"web b web\"\n" \
	    "$HYVE" destroy -f a
	# A guest vm_list does not name: nothing to say.
	atf_check -s exit:0 -o inline:'other: destroyed\n' -e empty \
	    "$HYVE" destroy -f other
	atf_check cmp before.conf "$HYVE_CONF"
}

fakehost_case rename_bad "rename refuses bad and taken names, changing nothing"
rename_bad_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_guest db
	refused 'hyve: invalid guest name "a/b": it may hold only letters, digits, '"'.', '-' and '_'" \
	    rename web a/b
	refused 'hyve: invalid guest name "..": it may not start with '"'.' or '-'" \
	    rename web ..
	refused "hyve: db: a guest of that name exists (in datastore default, $FH/vm/db)" \
	    rename web db
	refused "hyve: nope: no such guest (no $FH/vm/nope/nope.conf)" \
	    rename nope x
	mkdir "$FH/vm/stray"
	refused "hyve: web: $FH/vm/stray: already exists (nothing changed)" \
	    rename web stray
	# A step failing half-way undoes the renames before it.
	fakehost_guest app 'disk0_name="app.img"'
	mv "$FH/vm/app/disk0.img" "$FH/vm/app/app.img"
	: >"$FH/vm/app/srv.img"
	refused "hyve: app: $FH/vm/srv/srv.img: already exists (nothing changed)" \
	    rename app srv
}

fakehost_case add_disk "add -d disk makes the next disk with the emulation of the last disk"
add_disk_body()
{
	fakehost_setup
	fakehost_guest web 'disk0_type="ahci-hd"'
	atf_check -s exit:0 -o empty -e empty "$HYVE" add -d disk -s 1G web
	atf_check -o inline:'ahci-hd\ndisk1.img\nfile\n' \
	    "$HYVE" get web disk1_type disk1_name disk1_dev
	atf_check -o inline:'1073741824 600\n' stat -c '%s %a' "$FH/vm/web/disk1.img"
	atf_check -o ignore "$HYVE" add -d disk web
	atf_check -o inline:'21474836480\n' stat -c %s "$FH/vm/web/disk2.img"
	atf_check -o match:"^truncate -s 3G $FH/vm/web/disk3.img" \
	    -o match:'^    disk3_name="disk3.img"$' \
	    "$HYVE" add -n -d disk -s 3G web
	[ -e "$FH/vm/web/disk3.img" ] && atf_fail "add -n made a disk"
	refused 'hyve: web: disk device "zvol" needs a ZFS datastore (use "file" in a directory datastore) (nothing changed)' \
	    add -d disk -t zvol web
	refused 'hyve: web: "0" is not a size (use a number of bytes or a suffix: 512M, 20G, 1T) (nothing changed)' \
	    add -d disk -s 0 web
	# A file in the way is not overwritten.
	: >"$FH/vm/web/disk3.img"
	refused "hyve: web: $FH/vm/web/disk3.img: File exists (nothing changed)" \
	    add -d disk -s 1G web
	atf_check -s exit:64 -o empty -e match:'^usage: hyve add' \
	    "$HYVE" add -d floppy web
	atf_check -s exit:64 -o empty -e match:'^usage: hyve add' \
	    "$HYVE" add web
}

fakehost_case add_network "add -d network adds a NIC on an existing switch"
add_network_body()
{
	fakehost_setup
	fakehost_guest web
	atf_check -s exit:0 -o empty -e empty "$HYVE" add -d network -s public web
	atf_check -o match:'^virtio-net$' -o match:'^public$' \
	    -o match:'^58:9c:fc:0' \
	    "$HYVE" get web network0_type network0_switch network0_mac
	"$HYVE" set web network0_type=e1000 >/dev/null
	atf_check -o ignore "$HYVE" add -d network -s public web
	atf_check -o inline:'e1000\n' "$HYVE" get web network1_type
	refused 'hyve: web: no switch "lan" (switch_list is "public"; create it first) (nothing changed)' \
	    add -d network -s lan web
	atf_check -s exit:64 -o empty -e match:'^usage: hyve add' \
	    "$HYVE" add -d network web
}

fakehost_case disk_grow "disk grow grows a file disk; never shrinks"
disk_grow_body()
{
	fakehost_setup
	fakehost_guest web
	atf_check -s exit:0 -o inline:'web: disk0 grown to 2G\n' -e empty \
	    "$HYVE" disk grow web disk0 2G
	atf_check -o inline:'2147483648\n' stat -c %s "$FH/vm/web/disk0.img"
	atf_check -o inline:'web: 0 grown to 3G\n' "$HYVE" disk grow web 0 3G
	atf_check -o inline:"plan for web:\ntruncate -s 4G $FH/vm/web/disk0.img    # grow from 3221225472 bytes\n" \
	    "$HYVE" disk grow -n web disk0 4G
	atf_check -o inline:'3221225472\n' stat -c %s "$FH/vm/web/disk0.img"
	refused 'hyve: web: disk0 is 3221225472 bytes; 1G (1073741824 bytes) would shrink it: disks only grow' \
	    disk grow web disk0 1G
	refused 'hyve: web: disk0 is 3221225472 bytes; 3G (3221225472 bytes) would not change it: disks only grow' \
	    disk grow web disk0 3G
	refused 'hyve: web: no disk "disk5" (its disks are disk0 to disk0)' \
	    disk grow web disk5 9G
	refused 'hyve: "big" is not a size (use a number of bytes or a suffix: 512M, 20G, 1T)' \
	    disk grow web disk0 big
	"$HYVE" set web disk0_dev=custom disk0_name=/dev/ada1 >/dev/null
	refused 'hyve: web: disk0 is not a file disk (diskN_dev="file") or a zvol; grow its storage yourself' \
	    disk grow web disk0 9G
	atf_check -s exit:64 -o empty -e match:'^usage: hyve disk' \
	    "$HYVE" disk shrink web disk0 1G
}

fakehost_case insert_eject "insert sets an ahci-cd disk, eject clears it"
insert_eject_body()
{
	fakehost_setup
	fakehost_guest web
	echo iso >"$FH/vm/.iso/install.iso"
	atf_check -s exit:0 -o inline:"web: $FH/vm/.iso/install.iso inserted\n" \
	    -e empty "$HYVE" insert web install.iso
	atf_check -o inline:"ahci-cd\ncustom\n$FH/vm/.iso/install.iso\n" \
	    "$HYVE" get web disk1_type disk1_dev disk1_name
	atf_check -o match:"ahci-cd,$FH/vm/.iso/install.iso" \
	    "$HYVE" argv -f "$FH/vm/web/web.conf"
	# A second insert changes the media in the same drive.
	echo other >"$PWD/other.iso"
	atf_check -o ignore "$HYVE" insert web other.iso
	atf_check -o inline:"$PWD/other.iso\n" "$HYVE" get web disk1_name
	atf_check -s exit:1 -e ignore "$HYVE" get web disk2_name
	atf_check -s exit:0 -o inline:'web: ejected\n' -e empty "$HYVE" eject web
	atf_check -s exit:1 -o empty -e ignore "$HYVE" get web disk1_type
	refused 'hyve: web has no CD drive (no disk with diskN_type="ahci-cd")' \
	    eject web
	refused 'hyve: nope.iso: no such ISO here or in '"$FH"'/vm/.iso' \
	    insert web nope.iso
	refused 'hyve: /no/such.iso: cannot read it' insert web /no/such.iso

	# A CD with disks after it is emptied, not removed.
	fakehost_guest db 'disk0_type="ahci-cd"' 'disk0_dev="custom"' \
	    'disk0_name="/x.iso"' 'disk1_type="virtio-blk"' \
	    'disk1_name="disk0.img"'
	atf_check -o inline:'db: ejected\n' "$HYVE" eject db
	atf_check -o inline:"$FH/vm/.config/null.iso\nvirtio-blk\n" \
	    "$HYVE" get db disk0_name disk1_type
}

fakehost_case get_set "get prints values; set checks them and keeps comments"
get_set_body()
{
	fakehost_setup
	fakehost_guest web '# keep me' 'memory=256M # and me'
	atf_check -o inline:'1\n256M\nbhyveload\n' "$HYVE" get web cpu memory loader
	atf_check -s exit:1 -o inline:'1\n' \
	    -e inline:"hyve: web: nope: not set in $FH/vm/web/web.conf\n" \
	    "$HYVE" get web cpu nope
	atf_check -s exit:0 -o empty -e empty "$HYVE" set web cpu=2 memory=1G
	atf_check -o inline:'2\n1G\n' "$HYVE" get web cpu memory
	atf_check -o match:'^# keep me$' -o match:'^memory="1G" # and me$' \
	    cat "$FH/vm/web/web.conf"
	atf_check -o match:'^plan for web:$' -o match:'^    cpu="3"$' \
	    "$HYVE" set -n web cpu=3
	atf_check -o inline:'2\n' "$HYVE" get web cpu

	# All or nothing: one bad value refuses every assignment.
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: web: $FH/vm/web/web.conf:1: loader: unknown loader \"bhyvelod\" (did you mean \"bhyveload\"?)\nhyve: web: not changed: the new config has errors\n" \
	    "$HYVE" set web cpu=4 loader=bhyvelod
	atf_check -o inline:'2\n' "$HYVE" get web cpu
	refused 'hyve: web: "Cpu" is not a key (keys are lower-case letters, digits and '"'_'"', starting with a letter) (nothing changed)' \
	    set web Cpu=2
	refused 'hyve: web: "cpu": expected KEY=VALUE (nothing changed)' \
	    set web cpu
	refused 'hyve: web: memory: value cannot contain '"'#'"': vm-bhyve could not read it back (nothing changed)' \
	    set web 'memory=1G#x'
	# get works for anyone: it changes nothing.
	atf_check -s exit:64 -o empty -e match:'^usage: hyve get' "$HYVE" get web
}

fakehost_case full_disk "a config rewrite that cannot be written leaves the old config intact"
# Run hyve with RLIMIT_FSIZE 0: every write to a regular file fails with
# EFBIG, as on a full disk (SIGXFSZ is ignored so that the write fails
# rather than the process being killed).  Only hyve runs under the
# limit: its stderr goes through a pipe and its exit status to ./rc.
nospace()
{
	{
		(trap '' XFSZ; ulimit -f 0; exec "$HYVE" "$@")
		echo $? >rc
	} 2>&1 | cat >&2
}
full_disk_body()
{
	fakehost_setup
	fakehost_guest web '# comment'
	cp "$FH/vm/web/web.conf" expected
	nospace set web cpu=2 2>err
	atf_check -o inline:"hyve: web: $FH/vm/web/web.conf: cannot write: File too large (nothing changed)\n" \
	    cat err
	atf_check -o inline:'1\n' cat rc
	atf_check -s exit:0 cmp expected "$FH/vm/web/web.conf"
	# No temporary file is left behind either.
	atf_check -o inline:'disk0.img\nweb.conf\n' ls -A "$FH/vm/web"
	nospace add -d network -s public web 2>err
	atf_check -o match:'cannot write' cat err
	atf_check -o inline:'1\n' cat rc
	atf_check -s exit:0 cmp expected "$FH/vm/web/web.conf"
	# A new disk made before the config write failed is removed again.
	nospace add -d disk -s 1G web 2>err
	atf_check -o match:'File too large' cat err
	atf_check -o inline:'1\n' cat rc
	atf_check -s exit:0 cmp expected "$FH/vm/web/web.conf"
	atf_check -o inline:'disk0.img\nweb.conf\n' ls -A "$FH/vm/web"
}

# An editor for the tests: runs the sed script in $FH/edit.N for its
# Nth call (N counted in $FH/edit.n), or leaves the file alone.
mkeditor()
{
	cat >"$FH/editor" <<-EOF
	#! /bin/sh
	n=\$((\$(cat "$FH/edit.n" 2>/dev/null || echo 0) + 1))
	echo \$n >"$FH/edit.n"
	[ -f "$FH/edit.\$n" ] || exit 0
	sed -f "$FH/edit.\$n" "\$1" >"\$1.new" && mv "\$1.new" "\$1"
	EOF
	chmod +x "$FH/editor"
}

fakehost_case configure "configure runs the editor and installs a valid result"
configure_body()
{
	fakehost_setup
	fakehost_guest web '# comment'
	mkeditor
	echo 's/^cpu=1$/cpu=2/' >"$FH/edit.1"
	EDITOR=$FH/editor atf_check -s exit:0 \
	    -o inline:"web: $FH/vm/web/web.conf saved\n" -e empty \
	    "$HYVE" configure web
	atf_check -o inline:'2\n' "$HYVE" get web cpu
	atf_check -o match:'^# comment$' cat "$FH/vm/web/web.conf"
	# edit is the same command; no change is no write.
	rm -f "$FH/edit.n"
	EDITOR=$FH/editor atf_check -s exit:0 -o inline:'web: no changes\n' \
	    "$HYVE" edit web
	ls /tmp/hyve-web.* 2>/dev/null && atf_fail "temporary file left"
	return 0
}

fakehost_case configure_invalid "configure offers to re-edit an invalid config; the old one stays until valid"
configure_invalid_body()
{
	fakehost_setup
	fakehost_guest web
	mkeditor
	cp "$FH/vm/web/web.conf" expected
	echo 's/^cpu=.*$/cpu=zero/' >"$FH/edit.1"
	echo 's/^cpu=zero$/cpu=3/' >"$FH/edit.2"
	# Invalid, answer yes, fixed on the second edit.
	EDITOR=$FH/editor atf_check -s exit:0 \
	    -o inline:"Edit again? (y/N) web: $FH/vm/web/web.conf saved\n" \
	    -e match:'cpu: "zero" is not a whole number' \
	    sh -c 'echo y | "$0" configure web' "$HYVE"
	atf_check -o inline:'3\n' "$HYVE" get web cpu
	# Invalid, answer no: nothing changes.
	rm -f "$FH/edit.n" "$FH/edit.2"
	cp "$FH/vm/web/web.conf" expected
	EDITOR=$FH/editor atf_check -s exit:1 -o inline:'Edit again? (y/N) ' \
	    -e match:'hyve: web: not changed$' \
	    sh -c 'echo n | "$0" configure web' "$HYVE"
	atf_check cmp expected "$FH/vm/web/web.conf"
	# An editor that fails, or one named without a path.
	printf '#! /bin/sh\nexit 3\n' >"$FH/bad-editor"
	chmod +x "$FH/bad-editor"
	EDITOR=$FH/bad-editor atf_check -s exit:1 -o empty \
	    -e inline:"hyve: $FH/bad-editor: exited with status 3\n" \
	    "$HYVE" configure web
	EDITOR=vi atf_check -s exit:1 -o empty \
	    -e inline:'hyve: editor "vi": give its absolute path in $EDITOR (hyve runs it without a shell or a PATH search)\n' \
	    "$HYVE" configure web
	atf_check cmp expected "$FH/vm/web/web.conf"
}

fakehost_case iso "iso lists, adds (decompressing .xz and .gz) and fetches images"
iso_body()
{
	fakehost_setup
	echo 'an install image' >inst.iso
	xz -k inst.iso
	gzip -c inst.iso >gz.iso.gz
	atf_check -s exit:0 -o inline:"inst.iso: added to $FH/vm/.iso\n" \
	    -e empty "$HYVE" iso add "$PWD/inst.iso.xz"
	atf_check -o inline:"gz.iso: added to $FH/vm/.iso\n" \
	    "$HYVE" iso add gz.iso.gz
	cp inst.iso plain.iso
	atf_check -o inline:"plain.iso: added to $FH/vm/.iso\n" \
	    "$HYVE" iso add plain.iso
	for f in inst gz plain; do
		atf_check cmp inst.iso "$FH/vm/.iso/$f.iso"
	done
	atf_check -s exit:0 -o inline:'DATASTORE            FILENAME\ndefault              gz.iso\ndefault              inst.iso\ndefault              plain.iso\n' \
	    "$HYVE" iso list
	atf_check -o inline:'DATASTORE            FILENAME\ndefault              gz.iso\ndefault              inst.iso\ndefault              plain.iso\n' \
	    "$HYVE" iso

	mkdir -p "$FH/www/example.org/pub"
	cp inst.iso.xz "$FH/www/example.org/pub/net.iso.xz"
	atf_check -o inline:"plan for iso:\nrun $FH/bin/fetch -o $FH/vm/.iso/.net.iso.xz.download http://example.org/pub/net.iso.xz\nrun /usr/bin/xz -dc $FH/vm/.iso/.net.iso.xz.download > $FH/vm/.iso/.net.iso.part\nmv $FH/vm/.iso/.net.iso.part $FH/vm/.iso/net.iso\nrm -r $FH/vm/.iso/.net.iso.xz.download\n" \
	    "$HYVE" iso -n fetch http://example.org/pub/net.iso.xz
	atf_check -o inline:"net.iso: added to $FH/vm/.iso\n" -e ignore \
	    "$HYVE" iso fetch http://example.org/pub/net.iso.xz
	atf_check cmp inst.iso "$FH/vm/.iso/net.iso"
	cp inst.iso file.iso
	atf_check -o inline:"file.iso: added to $FH/vm/.iso\n" -e ignore \
	    "$HYVE" iso fetch "file://$PWD/file.iso"
	atf_check -o match:"^fetch -o $FH/vm/.iso/.net.iso.xz.download http://example.org/pub/net.iso.xz\$" \
	    cat "$FH/log/calls"
	# Nothing but the images is left in .iso.
	atf_check -o inline:'file.iso\ngz.iso\ninst.iso\nnet.iso\nplain.iso\n' \
	    sh -c "ls -A '$FH/vm/.iso' | LC_ALL=C sort"
}

fakehost_case iso_bad "iso refuses what it cannot add, leaving nothing behind"
iso_bad_body()
{
	fakehost_setup
	echo data >inst.iso
	echo 'not xz' >broken.iso.xz
	atf_check -o ignore "$HYVE" iso add inst.iso
	refused "hyve: $FH/vm/.iso/inst.iso: already exists (remove it first)" \
	    iso add inst.iso
	refused 'hyve: nope.iso: No such file or directory' iso add nope.iso
	atf_check -s exit:1 -o empty \
	    -e match:"^hyve: iso: /usr/bin/xz -dc $PWD/broken.iso.xz: exited with status 1 \\(nothing changed\\)\$" \
	    "$HYVE" iso add "$PWD/broken.iso.xz"
	atf_check -s exit:1 -o empty \
	    -e match:'^fetch: http://example.org/none.iso: Not Found$' \
	    -e match:'exited with status 1 \(nothing changed\)$' \
	    "$HYVE" iso fetch http://example.org/none.iso
	atf_check -o inline:'inst.iso\n' ls -A "$FH/vm/.iso"
	atf_check -s exit:64 -o empty -e match:'^usage: hyve iso' \
	    "$HYVE" iso remove x
	atf_check -s exit:64 -o empty -e match:'^usage: hyve iso' \
	    "$HYVE" iso add
}

atf_test_case not_root
not_root_head()
{
	atf_set descr "commands that change guests say they need root"
	atf_set require.user root
	atf_set require.progs setpriv
}
not_root_body()
{
	fakehost_setup
	fakehost_guest web
	chmod -R a+rX "$FH"
	for c in create destroy rename:x add disk insert:x eject configure \
	    set:x iso; do
		set -- "${c%%:*}" web
		[ "$c" = "${c#*:}" ] || set -- "$@" "${c#*:}"
		atf_check -s exit:1 -o empty \
		    -e inline:"hyve: $1: must be run as root: it changes the host (-n prints what it would do)\n" \
		    setpriv --reuid=65534 --regid=65534 --clear-groups \
		    "$HYVE" "$@"
	done
	atf_check -s exit:0 -o inline:'1\n' \
	    setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$HYVE" get web cpu
}

atf_init_test_cases()
{
	atf_add_test_case create
	atf_add_test_case create_options
	atf_add_test_case create_dryrun
	atf_add_test_case create_bad
	atf_add_test_case create_datastores
	atf_add_test_case create_undo
	atf_add_test_case destroy
	atf_add_test_case running
	atf_add_test_case rename
	atf_add_test_case vmlist_stale
	atf_add_test_case rename_bad
	atf_add_test_case add_disk
	atf_add_test_case add_network
	atf_add_test_case disk_grow
	atf_add_test_case insert_eject
	atf_add_test_case get_set
	atf_add_test_case full_disk
	atf_add_test_case configure
	atf_add_test_case configure_invalid
	atf_add_test_case iso
	atf_add_test_case iso_bad
	atf_add_test_case not_root
}

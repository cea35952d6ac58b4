#! /usr/bin/env atf-sh
#
# zfsguest_test - create, destroy, rename, add -d disk and disk grow on
# a ZFS datastore: one dataset per guest, file disks in it, zvols below
# it.  What zfs-fuse can do runs on a real pool (tests/fake/zfshost.sh);
# zvols, which zfs-fuse cannot make, run against the strict fake zfs and
# are checked as exact argv.

. "$(atf_get_srcdir)/../fake/fakehost.sh"
. "$(atf_get_srcdir)/../fake/zfshost.sh"

# Templates: "default" (one 2G file disk, dataset options), "zvol" (a
# file disk, a sparse zvol and a zvol, zvol options), "mixed" (a file
# disk, then a zvol: zfs-fuse fails at the zvol, after the dataset and
# the file are made).
mktemplates()
{
	mkdir -p "$FH/vm/.templates"
	cat >"$FH/vm/.templates/default.conf" <<-'EOF'
	loader="bhyveload"
	cpu=1
	memory=256M
	zfs_dataset_opts="compression=on"
	disk0_type="virtio-blk"
	disk0_name="disk0.img"
	disk0_size="2G"
	EOF
	cat >"$FH/vm/.templates/zvol.conf" <<-'EOF'
	loader="bhyveload"
	cpu=1
	memory=256M
	zfs_zvol_opts="volblocksize=16K"
	disk0_type="virtio-blk"
	disk0_name="disk0"
	disk0_dev="sparse-zvol"
	disk0_size="4G"
	disk1_type="virtio-blk"
	disk1_name="disk1"
	disk1_dev="zvol"
	disk1_size="1G"
	EOF
	cat >"$FH/vm/.templates/mixed.conf" <<-'EOF'
	loader="bhyveload"
	cpu=1
	memory=256M
	disk0_type="virtio-blk"
	disk0_name="disk0.img"
	disk1_type="virtio-blk"
	disk1_name="disk1"
	disk1_dev="zvol"
	disk1_size="1G"
	EOF
}

# A sed script: the fake zfs calls less the datastore lookups.
NOLOOKUP='/^zfs get -H -o property,value mounted,mountpoint /d'

# The fake host on a real zfs-fuse pool, with the templates.
real_setup()
{
	fakehost_setup
	zfshost_setup
	mktemplates
}

# The fake host with the strict fake zfs, with the templates.
fake_setup()
{
	fakehost_setup
	zfshost_fake
	mktemplates
	: >"$FH/log/calls"
}

zfshost_case create "create makes a dataset for the guest with its options and a sparse disk in it"
create_body()
{
	real_setup
	zfshost_datasets >before
	atf_check -s exit:0 -e empty \
	    -o match:"^run $ZFSHOST_ZFS create -o compression=on $ZPOOL/vm/web    # undo: $ZFSHOST_ZFS destroy -r $ZPOOL/vm/web\$" \
	    -o match:"^truncate -s 2G $FH/vm/web/disk0.img" \
	    "$HYVE" create -n web
	zfshost_same before
	atf_check -s exit:0 -e empty -o inline:"web: created in $FH/vm/web\n" \
	    "$HYVE" create web
	zfshost_has "^$ZPOOL/vm/web\$"
	atf_check -s exit:0 -o inline:"on\n" \
	    "$ZFSHOST_ZFS" get -H -o value compression "$ZPOOL/vm/web"
	atf_check -s exit:0 -o inline:"$FH/vm/web\n" \
	    "$ZFSHOST_ZFS" get -H -o value mountpoint "$ZPOOL/vm/web"
	# Sparse: 2 GiB long, (almost) no blocks in a 128 MiB pool.
	atf_check -s exit:0 -o inline:"2147483648\n" \
	    stat -c %s "$FH/vm/web/disk0.img"
	[ "$(stat -c %b "$FH/vm/web/disk0.img")" -lt 1024 ] ||
	    atf_fail "disk0.img is not sparse"
	atf_check -s exit:0 -o match:'^web ' "$HYVE" list
}

zfshost_case add_grow "add -d disk and disk grow: sparse files in the guest dataset"
add_grow_body()
{
	real_setup
	"$HYVE" create web >/dev/null || atf_fail "create"
	atf_check -s exit:0 -e empty -o ignore "$HYVE" add -d disk -s 1G web
	atf_check -s exit:0 -o inline:"1073741824\n" \
	    stat -c %s "$FH/vm/web/disk1.img"
	atf_check -s exit:0 -o match:'^disk1_name="disk1.img"$' \
	    -o match:'^disk1_dev="file"$' cat "$FH/vm/web/web.conf"
	atf_check -s exit:0 -e empty -o ignore "$HYVE" disk grow web disk0 3G
	atf_check -s exit:0 -o inline:"3221225472\n" \
	    stat -c %s "$FH/vm/web/disk0.img"
	# zfs-fuse cannot make zvols: the disk, the config, the pool stay.
	zfshost_datasets >before
	cp "$FH/vm/web/web.conf" conf.before
	atf_check -s exit:1 -o empty -e match:"create -V 1G" \
	    "$HYVE" add -d disk -t zvol -s 1G web
	zfshost_same before
	atf_check -s exit:0 cmp conf.before "$FH/vm/web/web.conf"
}

zfshost_case rename "rename renames the guest dataset; its mount point follows"
rename_body()
{
	real_setup
	"$HYVE" create web >/dev/null || atf_fail "create"
	atf_check -s exit:0 -e empty \
	    -o match:"^run $ZFSHOST_ZFS unmount $ZPOOL/vm/web    # undo: $ZFSHOST_ZFS mount $ZPOOL/vm/web\$" \
	    -o match:"^run $ZFSHOST_ZFS rename $ZPOOL/vm/web $ZPOOL/vm/db    # undo: $ZFSHOST_ZFS rename $ZPOOL/vm/db $ZPOOL/vm/web\$" \
	    -o match:"^run $ZFSHOST_ZFS mount $ZPOOL/vm/db    # undo: $ZFSHOST_ZFS unmount $ZPOOL/vm/db\$" \
	    "$HYVE" rename -n web db
	zfshost_has "^$ZPOOL/vm/web\$"
	atf_check -s exit:0 -e empty -o ignore "$HYVE" rename web db
	zfshost_has "^$ZPOOL/vm/db\$"
	zfshost_has -v "^$ZPOOL/vm/web\$"
	atf_check -s exit:0 -o inline:"$FH/vm/db\n" \
	    "$ZFSHOST_ZFS" get -H -o value mountpoint "$ZPOOL/vm/db"
	[ -f "$FH/vm/db/db.conf" ] || atf_fail "no db.conf"
	[ -f "$FH/vm/db/disk0.img" ] || atf_fail "no disk0.img"
	[ ! -e "$FH/vm/web" ] || atf_fail "$FH/vm/web is still there"
	atf_check -s exit:0 -o match:'^db ' "$HYVE" list
}

zfshost_case destroy "destroy removes the guest dataset and snapshots: zfs list -t all is clean"
destroy_body()
{
	real_setup
	zfshost_datasets >before
	"$HYVE" create web >/dev/null || atf_fail "create"
	"$HYVE" snapshot web@s1 >/dev/null || atf_fail "snapshot"
	atf_check -s exit:0 -e empty \
	    -o match:"^run $ZFSHOST_ZFS destroy -r $ZPOOL/vm/web\$" \
	    "$HYVE" destroy -n web
	zfshost_has "^$ZPOOL/vm/web@s1\$"
	atf_check -s exit:0 -e empty -o inline:"web: destroyed\n" \
	    "$HYVE" destroy -f web
	zfshost_same before
	[ ! -e "$FH/vm/web" ] || atf_fail "$FH/vm/web is still there"
	# The name is free again.
	atf_check -s exit:0 -e empty -o ignore "$HYVE" create web
}

zfshost_case create_fails "a create that fails half-way leaves nothing behind"
create_fails_body()
{
	real_setup
	zfshost_datasets >before
	# The dataset and disk0.img are made, then the zvol fails.
	atf_check -s exit:1 -o empty -e match:"^hyve: web: .*create -V 1G" \
	    "$HYVE" create -t mixed web
	zfshost_same before
	[ ! -e "$FH/vm/web" ] || atf_fail "$FH/vm/web is left"
	# A dataset of that name (not a guest) already exists.
	"$ZFSHOST_ZFS" create "$ZPOOL/vm/db" || atf_fail "zfs create db"
	echo keep >"$FH/vm/db/data"
	zfshost_datasets >before
	atf_check -s exit:1 -o empty -e match:"already exists" \
	    "$HYVE" create db
	zfshost_same before
	atf_check -s exit:0 -o inline:"data\n" ls "$FH/vm/db"
	# A full pool: the dataset cannot be made.
	zfshost_fill
	zfshost_datasets >before
	atf_check -s exit:1 -o empty -e match:"^hyve: full: " \
	    "$HYVE" create full
	zfshost_same before
}

fakehost_case zvol_create "create with zvols: exact zfs argv, in the plan and run"
zvol_create_body()
{
	fake_setup
	cat >expout <<-EOF
	run $FH/bin/zfs create tank/vm/web    # undo: $FH/bin/zfs destroy -r tank/vm/web
	run $FH/bin/zfs create -s -V 4G -o volmode=dev -o volblocksize=16K tank/vm/web/disk0    # undo: $FH/bin/zfs destroy tank/vm/web/disk0
	run $FH/bin/zfs create -V 1G -o volmode=dev -o volblocksize=16K tank/vm/web/disk1    # undo: $FH/bin/zfs destroy tank/vm/web/disk1
	EOF
	"$HYVE" create -n -t zvol web >plan || atf_fail "create -n"
	atf_check -s exit:0 -o file:expout grep '^run ' plan
	atf_check -s exit:0 -o empty sed "$NOLOOKUP" "$FH/log/calls"
	atf_check -s exit:0 -e empty -o ignore "$HYVE" create -t zvol web
	cat >expout <<-EOF
	zfs create tank/vm/web
	zfs create -s -V 4G -o volmode=dev -o volblocksize=16K tank/vm/web/disk0
	zfs create -V 1G -o volmode=dev -o volblocksize=16K tank/vm/web/disk1
	EOF
	atf_check -s exit:0 -o file:expout sed "$NOLOOKUP" "$FH/log/calls"
	atf_check -s exit:0 \
	    -o match:"^tank/vm/web/disk0	volume	-	-	4G	16K\$" \
	    -o match:"^tank/vm/web/disk1	volume	-	-	1G	16K\$" \
	    cat "$FH/state/zfs"
	atf_check -s exit:0 -o match:'/dev/zvol/tank/vm/web/disk1' \
	    "$HYVE" start -n web
}

fakehost_case zvol_add_grow "add -d disk -t zvol and disk grow of a zvol: exact zfs argv"
zvol_add_grow_body()
{
	fake_setup
	"$HYVE" create -t zvol web >/dev/null || atf_fail "create"
	: >"$FH/log/calls"
	atf_check -s exit:0 -e empty \
	    -o match:"^run $FH/bin/zfs create -s -V 2G -o volmode=dev -o volblocksize=16K tank/vm/web/disk2    # undo: $FH/bin/zfs destroy tank/vm/web/disk2\$" \
	    "$HYVE" add -n -d disk -t sparse-zvol -s 2G web
	atf_check -s exit:0 -e empty -o ignore \
	    "$HYVE" add -d disk -t sparse-zvol -s 2G web
	atf_check -s exit:0 -o match:'^disk2_name="disk2"$' \
	    -o match:'^disk2_dev="sparse-zvol"$' cat "$FH/vm/web/web.conf"
	: >"$FH/log/calls"
	atf_check -s exit:0 -e empty \
	    -o match:"^run $FH/bin/zfs set volsize=8G tank/vm/web/disk0    # undo: $FH/bin/zfs set volsize=4294967296 tank/vm/web/disk0\$" \
	    "$HYVE" disk grow -n web disk0 8G
	atf_check -s exit:0 -e empty -o inline:"web: disk0 grown to 8G\n" \
	    "$HYVE" disk grow web disk0 8G
	cat >expout <<-EOF
	zfs get -Hp -o value volsize,volblocksize tank/vm/web/disk0
	zfs get -Hp -o value volsize,volblocksize tank/vm/web/disk0
	zfs set volsize=8G tank/vm/web/disk0
	EOF
	atf_check -s exit:0 -o file:expout sed "$NOLOOKUP" "$FH/log/calls"
	atf_check -s exit:1 -o empty -e match:"disks only grow" \
	    "$HYVE" disk grow web disk0 8G
	# zfs set refuses a size that is not whole 16K blocks: hyve says
	# so first, with the next size that is, and runs no zfs set.
	: >"$FH/log/calls"
	cp "$FH/state/zfs" state.before
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: web: disk0: 8589934593 (8589934593 bytes) is not a multiple of the zvol's volblocksize (16384 bytes): use 8589950976\n" \
	    "$HYVE" disk grow web disk0 8589934593
	atf_check -s exit:1 -o empty grep '^zfs set' "$FH/log/calls"
	atf_check -s exit:0 -o file:state.before cat "$FH/state/zfs"
	# The fake refuses it as zfs does, so the check above is needed.
	atf_check -s exit:1 -o empty \
	    -e inline:"cannot set property for 'tank/vm/web/disk0': volume size must be a multiple of volume block size\n" \
	    "$FH/bin/zfs" set volsize=8589934593 tank/vm/web/disk0
	atf_check -s exit:0 -o inline:"web: disk0 grown to 8589950976\n" \
	    "$HYVE" disk grow web disk0 8589950976
}

fakehost_case zvol_rename_destroy "rename and destroy of a guest with zvols: exact zfs argv"
zvol_rename_destroy_body()
{
	fake_setup
	"$HYVE" create -t zvol web >/dev/null || atf_fail "create"
	: >"$FH/log/calls"
	atf_check -s exit:0 -e empty -o ignore "$HYVE" rename web db
	cat >expout <<-EOF
	zfs unmount tank/vm/web
	zfs rename tank/vm/web tank/vm/db
	zfs mount tank/vm/db
	EOF
	atf_check -s exit:0 -o file:expout \
	    sed "$NOLOOKUP" "$FH/log/calls"
	atf_check -s exit:0 -o match:'/dev/zvol/tank/vm/db/disk0' \
	    "$HYVE" start -n db
	: >"$FH/log/calls"
	atf_check -s exit:0 -e empty -o inline:"db: destroyed\n" \
	    "$HYVE" destroy -f db
	atf_check -s exit:0 -o inline:"zfs destroy -r tank/vm/db\n" \
	    sed "$NOLOOKUP" "$FH/log/calls"
	atf_check -s exit:0 -o not-match:'tank/vm/db' cat "$FH/state/zfs"
}

fakehost_case zvol_undo "a zfs step that fails undoes the zfs steps before it"
zvol_undo_body()
{
	fake_setup
	cat "$FH/state/zfs" >state.before
	# A zvol option zfs does not know: the first zvol fails.
	sed -i 's/volblocksize=16K/nosuchprop=1/' \
	    "$FH/vm/.templates/zvol.conf"
	atf_check -s exit:1 -o empty -e match:"nosuchprop" \
	    "$HYVE" create -t zvol web
	cat >expout <<-EOF
	zfs create tank/vm/web
	zfs create -s -V 4G -o volmode=dev -o nosuchprop=1 tank/vm/web/disk0
	zfs destroy -r tank/vm/web
	EOF
	atf_check -s exit:0 -o file:expout sed "$NOLOOKUP" "$FH/log/calls"
	atf_check -s exit:0 -o file:state.before cat "$FH/state/zfs"
	[ ! -e "$FH/vm/web" ] || atf_fail "$FH/vm/web is left"
}

atf_init_test_cases()
{
	atf_add_test_case create
	atf_add_test_case add_grow
	atf_add_test_case rename
	atf_add_test_case destroy
	atf_add_test_case create_fails
	atf_add_test_case zvol_create
	atf_add_test_case zvol_add_grow
	atf_add_test_case zvol_rename_destroy
	atf_add_test_case zvol_undo
}

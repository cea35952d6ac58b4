#! /usr/bin/env atf-sh
#
# argv_test - golden tests for "hyve argv": vm-bhyve's worked examples
# (tests/golden/argv/CASE/, expected output written by hand from
# vm-bhyve-compat.md §3.10) and vm-bhyve's sample templates
# (tests/golden/templates/NAME.conf with NAME.stdout, NAME.config,
# NAME.stderr, NAME.status and NAME.args beside it).
#
# Each guest is copied into a datastore under the test's work directory
# and hyve's output has that directory replaced by /vm, so expected
# files read like vm-bhyve's examples.

: "${HYVE:=$(atf_get_srcdir)/../../hyve}"
GOLDEN="$(atf_get_srcdir)/../golden"

# Compare a produced file with an expected one; an absent expected file
# means "empty" (for stdout/stderr) so nothing unexpected slips through.
golden_compare()
{
	if [ -f "$2" ]; then
		if ! cmp -s "$1" "$2"; then
			diff -u "$2" "$1" >&2
			atf_fail "$(basename "$2") differs"
		fi
	elif [ -s "$1" ]; then
		cat "$1" >&2
		atf_fail "unexpected output in $(basename "$1")"
	fi
}

# Run hyve argv on conf (plus args) and check stdout, stderr, status
# against the files prefix.stdout etc. (or prefix/stdout for cases).
golden_run()
{
	conf=$1 expect=$2 args=$3
	name=$(basename "$conf" .conf)
	mkdir -p vm/.config vm/.iso "vm/$name"
	cp "$GOLDEN/argv/system.conf" vm/.config/system.conf
	cp "$conf" "vm/$name/$name.conf"
	root=$(pwd)/vm
	# shellcheck disable=SC2086
	"$HYVE" argv -f "$root/$name/$name.conf" $args >out 2>err
	echo $? >status
	sed "s|$root|/vm|g" out >stdout
	sed "s|$root|/vm|g" err >stderr
	[ -f "${expect}status" ] || echo 0 >"${expect}status.default"
	golden_compare stdout "${expect}stdout"
	golden_compare stderr "${expect}stderr"
	if [ -f "${expect}status" ]; then
		golden_compare status "${expect}status"
	else
		golden_compare status "${expect}status.default"
	fi
	if [ -f "${expect}config" ]; then
		# shellcheck disable=SC2086
		"$HYVE" argv -f "$root/$name/$name.conf" $args --config \
		    >cout 2>/dev/null
		sed "s|$root|/vm|g" cout >config
		golden_compare config "${expect}config"
	fi
}

atf_init_test_cases()
{
	for d in "$GOLDEN"/argv/*/; do
		c=$(basename "$d")
		id=$(echo "$c" | tr -c 'a-zA-Z0-9\n' '_')
		eval "case_${id}_head() { atf_set descr \"worked example $c\"; }"
		eval "case_${id}_body() { golden_case \"$c\"; }"
		atf_add_test_case "case_${id}"
	done
	for f in "$GOLDEN"/templates/*.conf; do
		t=$(basename "$f" .conf)
		id=$(echo "$t" | tr -c 'a-zA-Z0-9\n' '_')
		eval "template_${id}_head() { atf_set descr \"template $t\"; }"
		eval "template_${id}_body() { golden_template \"$t\"; }"
		atf_add_test_case "template_${id}"
	done
}

# A worked example: CASE/NAME.conf, CASE/args, CASE/stdout ...
golden_case()
{
	d="$GOLDEN/argv/$1"
	args=
	[ -f "$d/args" ] && args=$(cat "$d/args")
	# status.default is written into the work directory, not the tree.
	mkdir expect
	for f in stdout stderr status config; do
		[ -f "$d/$f" ] && cp "$d/$f" "expect/$f"
	done
	golden_run "$(ls "$d"/*.conf)" "expect/" "$args"
}

# A vm-bhyve sample template: templates/NAME.conf and NAME.* beside it.
golden_template()
{
	mkdir expect
	for f in stdout stderr status config; do
		[ -f "$GOLDEN/templates/$1.$f" ] &&
		    cp "$GOLDEN/templates/$1.$f" "expect/$f"
	done
	args=
	[ -f "$GOLDEN/templates/$1.args" ] &&
	    args=$(cat "$GOLDEN/templates/$1.args")
	golden_run "$GOLDEN/templates/$1.conf" "expect/" "$args"
}

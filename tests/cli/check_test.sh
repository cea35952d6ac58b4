#! /usr/bin/env atf-sh
#
# check_test - "hyve check -f" and "hyve argv -f" on bad input: every
# file of the malformed corpus (tests/corpus, listed in INDEX with the
# exit status and message each must give) gets a clear message and
# neither command crashes or prints a command line for a broken guest.

: "${HYVE:=$(atf_get_srcdir)/../../hyve}"
CORPUS="$(atf_get_srcdir)/../corpus"

# Copy a corpus file in as guest "g" of a datastore in the work dir.
corpus_guest()
{
	mkdir -p vm/g
	cp "$CORPUS/$1" vm/g/g.conf
}

atf_test_case corpus
corpus_head()
{
	atf_set descr "each malformed file gives its documented status and message"
}
corpus_body()
{
	n=0
	tab=$(printf '\t')
	while IFS="$tab" read -r f st pat; do
		case "$f" in "#"*|"") continue ;; esac
		n=$((n + 1))
		corpus_guest "$f"
		"$HYVE" check -f vm/g/g.conf >out 2>err
		rc=$?
		[ "$rc" -lt 128 ] || atf_fail "$f: check died with status $rc"
		[ "$rc" = "$st" ] ||
		    atf_fail "$f: check exited $rc, expected $st: $(head -c 300 err)"
		[ -s out ] && atf_fail "$f: check printed on stdout"
		if [ -n "$pat" ] && ! grep -qF -- "$pat" err; then
			atf_fail "$f: stderr lacks \"$pat\": $(head -c 300 err)"
		fi
		if [ "$st" != 0 ] && ! grep -q '^hyve: ' err; then
			atf_fail "$f: no \"hyve: \" message"
		fi
		"$HYVE" argv -f vm/g/g.conf >out 2>err
		rc=$?
		[ "$rc" -lt 128 ] || atf_fail "$f: argv died with status $rc"
		if [ "$st" = 1 ]; then
			[ "$rc" = 1 ] || atf_fail "$f: argv exited $rc on errors"
			[ -s out ] && atf_fail "$f: argv printed a command anyway"
		fi
	done <"$CORPUS/INDEX"
	[ "$n" -ge 50 ] || atf_fail "corpus has only $n files"
}

atf_test_case message_format
message_format_head()
{
	atf_set descr "errors name the guest, file, line and key, with a hint"
}
message_format_body()
{
	mkdir -p vm/web
	printf 'loader="bhyveload"\ncpu=1\nmemory=1G\ndisk0_type="virtio-bk"\ndisk0_name="d.img"\n' \
	    >vm/web/web.conf
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: web: vm/web/web.conf:4: disk0_type: unknown disk type \"virtio-bk\" (did you mean \"virtio-blk\"?)\n" \
	    "$HYVE" check -f vm/web/web.conf
}

atf_test_case clean_file
clean_file_head()
{
	atf_set descr "a correct config passes check with status 0 and no output"
}
clean_file_body()
{
	mkdir -p vm/ok
	printf 'loader="uefi"\ncpu=2\nmemory=2G\ndisk0_type="nvme"\ndisk0_name="d.img"\n' \
	    >vm/ok/ok.conf
	atf_check -s exit:0 -o empty -e empty "$HYVE" check -f vm/ok/ok.conf
}

atf_test_case warnings_only
warnings_only_head()
{
	atf_set descr "warnings alone give status 2 and are marked warning:"
}
warnings_only_body()
{
	mkdir -p vm/w
	printf 'loader="uefi"\ncpu=2\nmemory=2G\ndisk0_type="nvme"\ndisk0_name="d.img"\nfrobnicate=1\n' \
	    >vm/w/w.conf
	atf_check -s exit:2 -o empty \
	    -e match:'^hyve: warning: w: vm/w/w.conf:6: frobnicate: unknown key' \
	    "$HYVE" check -f vm/w/w.conf
}

atf_test_case missing_file
missing_file_head()
{
	atf_set descr "a missing file is a clear error"
}
missing_file_body()
{
	atf_check -s exit:1 -o empty \
	    -e inline:"hyve: nope/nope.conf: No such file or directory\n" \
	    "$HYVE" check -f nope/nope.conf
}

atf_test_case bad_names
bad_names_head()
{
	atf_set descr "names with '/', '..', a leading dot or 200 bytes are refused"
}
bad_names_body()
{
	mkdir -p vm/g
	cp "$CORPUS/../golden/argv/ex-a/fbsd.conf" vm/g/g.conf
	long=$(printf '%0200d' 0)
	for n in "a/b" ".." ".hidden" "-x" "$long" "sp ace"; do
		atf_check -s exit:1 -o empty -e match:'invalid guest name' \
		    "$HYVE" argv -f vm/g/g.conf -N "$n"
	done
}

atf_init_test_cases()
{
	atf_add_test_case corpus
	atf_add_test_case message_format
	atf_add_test_case clean_file
	atf_add_test_case warnings_only
	atf_add_test_case missing_file
	atf_add_test_case bad_names
}

#! /usr/bin/env atf-sh
#
# console_test - a running guest's console: attaching in raw mode with
# the recent output replayed, several clients, detaching with "~.", the
# bounded console.log, and "hyve exec".

. "$(atf_get_srcdir)/../fake/fakehost.sh"

PTYRUN="$(atf_get_srcdir)/../fake/ptyrun"

fakehost_case attach "console replays the login prompt, types, and detaches on ~."
attach_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -s exit:0 -o match:'root@web:~ # echo hello' \
	    -o match:'^hello' -e match:'^\[connected to web com1; ~. to detach\]' \
	    -e match:'\[detached\]' "$PTYRUN" -t 20 -x 'login: ' -s root \
	    -x '# ' -s 'echo hello' -x 'hello' -s '' -s '~.' \
	    "$HYVE" console web
	# Detaching left the guest running, and "~." never reached it.
	atf_check -s exit:0 -o match:'running' "$HYVE" status web
	atf_check -o not-match:'~\.' cat "$FH/run/web/console.log"
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case tilde "~~ sends one ~; a ~ inside a line is typed as is"
tilde_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -s exit:0 -o match:'^a~b' -o match:'^~x: not found' -e ignore \
	    "$PTYRUN" -t 20 -x 'login: ' -s root -x '# ' -s 'echo a~b' \
	    -x 'a~b' -s '' -s '~~x' -x '~x: not found' -s '' -s '~.' \
	    "$HYVE" console web
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case two_clients "two console clients see the same guest"
two_clients_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	# The watcher waits for what the typist types.
	"$PTYRUN" -t 20 -x 'login: ' -x 'from-typist' -s '' -s '~.' \
	    "$HYVE" console web >watcher.out 2>watcher.err &
	w=$!
	sleep 0.5
	atf_check -s exit:0 -o match:'from-typist' -e ignore \
	    "$PTYRUN" -t 20 -x 'login: ' -s root -x '# ' \
	    -s 'echo from-typist' -x 'from-typist' -d 500 -s '' -s '~.' \
	    "$HYVE" console web
	wait $w || atf_fail "the watcher exited $?: $(cat watcher.err)"
	atf_check -o match:'from-typist' cat watcher.out
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case guest_stops "a console client is told when the guest stops"
guest_stops_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -s exit:0 -o match:'Powering off' -e match:'\[web stopped\]' \
	    "$PTYRUN" -t 20 -x 'login: ' -s root -x '# ' -s poweroff \
	    "$HYVE" console web
	atf_check -s exit:1 -o ignore "$HYVE" status web
}

fakehost_case ports "console picks a COM port; unknown ports and stopped guests fail"
ports_body()
{
	fakehost_setup
	fakehost_guest web 'comports="com1 com2"'
	atf_check -s exit:1 -o empty -e match:'web is not running' \
	    "$HYVE" console web
	fakehost_start web
	atf_check -s exit:0 -o ignore -e match:'connected to web com2' \
	    "$PTYRUN" -t 20 -d 300 -s '' -s '~.' "$HYVE" console web com2
	atf_check -s exit:1 -o empty -e match:'com3' "$HYVE" console web com3
	atf_check -s exit:1 -o empty -e match:'no such guest' \
	    "$HYVE" console nosuch
	atf_check -s exit:1 -o empty -e match:'invalid guest name' \
	    "$HYVE" console -l ../web
	atf_check -o ignore "$HYVE" stop web
}

fakehost_case log "console -l prints the log, also after the guest stopped"
log_body()
{
	fakehost_setup
	fakehost_guest web
	fakehost_start web
	atf_check -o ignore "$HYVE" exec web root
	atf_check -o inline:'marker-1\n' "$HYVE" exec web 'echo marker-1'
	atf_check -o ignore "$HYVE" stop web
	atf_check -s exit:0 -o match:'FreeBSD/amd64 \(web\)' -o match:'^marker-1' \
	    "$HYVE" console -l web
	[ "$(stat -c %a "$FH/run/web/console.log")" = 600 ] ||
	    atf_fail "console.log is not mode 0600"
}

fakehost_case log_rotation "console.log rotates at console_log_size"
log_rotation_body()
{
	fakehost_setup
	echo 'console_log_size="8K"' >>"$HYVE_CONF"
	fakehost_guest web
	fakehost_start web
	atf_check -o ignore "$HYVE" exec web root
	atf_check -o ignore "$HYVE" exec --timeout 20 web 'spam 1000'
	atf_check -o inline:'after-spam\n' "$HYVE" exec web 'echo after-spam'
	[ -f "$FH/run/web/console.log.0" ] || atf_fail "no console.log.0"
	for f in console.log console.log.0; do
		s=$(wc -c <"$FH/run/web/$f")
		[ "$s" -le 8192 ] || atf_fail "$f has $s bytes, over 8K"
	done
	atf_check -o match:'after-spam' "$HYVE" console -l web
	# The newest lines survive; the first ones were rotated away.
	atf_check -o not-match:'Copyright' "$HYVE" console -l web
	atf_check -o ignore "$HYVE" stop web
	echo 'console_log_size="100"' >>"$HYVE_CONF"
	sed -i 's/^console_log_size="8K"$//' "$HYVE_CONF"
	atf_check -s exit:1 -e match:'console_log_size: "100" is not a size of at least 4K' \
	    "$HYVE" start web
}

fakehost_case exec "exec prints the answer; timeouts and stopped guests are told apart"
exec_body()
{
	fakehost_setup
	fakehost_guest web
	atf_check -s exit:1 -o empty -e match:'web is not running' \
	    "$HYVE" exec web hostname
	fakehost_start web
	# Logging in: the answer is the prompt line alone, which is cut.
	atf_check -s exit:0 -o empty -e empty "$HYVE" exec --expect '# $' web root
	atf_check -s exit:0 -o inline:'web\n' -e empty "$HYVE" exec web hostname
	atf_check -s exit:0 -o inline:'one two\n' "$HYVE" exec web 'echo one two'
	atf_check -s exit:2 -o empty -e match:'no match for .* within 1 s' \
	    "$HYVE" exec --timeout 1 web 'sleep 2'
	sleep 2
	atf_check -s exit:64 -e match:'--expect' "$HYVE" exec --expect '(' web x
	atf_check -s exit:64 -e match:'--timeout' "$HYVE" exec --timeout 0 web x
	atf_check -s exit:3 -o match:'Powering off' -e match:'web: the guest stopped' \
	    "$HYVE" exec web poweroff
}

atf_init_test_cases()
{
	atf_add_test_case attach
	atf_add_test_case tilde
	atf_add_test_case two_clients
	atf_add_test_case guest_stops
	atf_add_test_case ports
	atf_add_test_case log
	atf_add_test_case log_rotation
	atf_add_test_case exec
}

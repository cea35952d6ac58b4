/*
 * conf_test.c - the rc-style reader, linter and writer (lib/conf.c).
 *
 * The reader must see exactly what vm-bhyve sees (vm-bhyve-compat.md
 * §2.1); the writer must change only the line it edits and leave a file
 * vm-bhyve reads back as intended.
 */
#include "compat.h"

#include <sys/stat.h>

#include <atf-c.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"

#define CONF_PATH	"/vm/vm1/vm1.conf"
#define MSG_PREFIX	"vm1: " CONF_PATH ":"

/* Parse text (which must be valid) as the guest vm1's config. */
static struct conf *
parse(const char *text)
{
	struct conf	*c;
	char		*cause = NULL;

	c = conf_parse(CONF_PATH, text, strlen(text), &cause);
	ATF_REQUIRE_MSG(c != NULL, "conf_parse failed: %s",
	    cause != NULL ? cause : "(no cause)");
	return (c);
}

/* Fail at the caller's line unless key reads as want (NULL: absent). */
static void
check_get(int line, const struct conf *c, const char *key, const char *want)
{
	const char	*got;

	got = conf_get(c, key);
	if (want == NULL && got != NULL)
		atf_tc_fail_check(__FILE__, (size_t)line, "%s: expected "
		    "absent, got \"%s\"", key, got);
	else if (want != NULL && got == NULL)
		atf_tc_fail_check(__FILE__, (size_t)line, "%s: expected "
		    "\"%s\", got absent", key, want);
	else if (want != NULL && strcmp(want, got) != 0)
		atf_tc_fail_check(__FILE__, (size_t)line, "%s: expected "
		    "\"%s\", got \"%s\"", key, want, got);
}
#define CHECK_GET(c, key, want)	check_get(__LINE__, (c), (key), (want))

/* Fail at the caller's line unless the conf's bytes are exactly want. */
static void
check_text(int line, const struct conf *c, const char *want)
{
	char	*got;
	size_t	 len;

	got = conf_text(c, &len);
	if (len != strlen(want) || memcmp(got, want, len) != 0)
		atf_tc_fail_check(__FILE__, (size_t)line, "text differs:\n"
		    "expected [%s]\ngot      [%.*s]", want, (int)len, got);
	free(got);
}
#define CHECK_TEXT(c, want)	check_text(__LINE__, (c), (want))

/* Lint text and return the diag (caller frees). */
static struct diag *
lint(const char *text)
{
	struct conf	*c;
	struct diag	*d;

	c = parse(text);
	d = diag_new("vm1", CONF_PATH);
	conf_lint(c, d);
	conf_free(c);
	return (d);
}

/*
 * Fail at the caller's line unless d holds exactly one entry, a
 * warning, whose text starts with prefix and contains needle.
 */
static void
check_onewarn(int line, const struct diag *d, const char *prefix,
    const char *needle)
{
	size_t	 i;

	if (d->d_n != 1 || d->d_nwarnings != 1 || d->d_nerrors != 0) {
		for (i = 0; i < d->d_n; i++)
			fprintf(stderr, "entry %zu: %s\n", i,
			    d->d_v[i].de_text);
		atf_tc_fail_check(__FILE__, (size_t)line, "expected one "
		    "warning, got %zu entries (%zu errors)", d->d_n,
		    d->d_nerrors);
		return;
	}
	if (d->d_v[0].de_level != DIAG_WARN ||
	    strncmp(d->d_v[0].de_text, prefix, strlen(prefix)) != 0 ||
	    strstr(d->d_v[0].de_text, needle) == NULL)
		atf_tc_fail_check(__FILE__, (size_t)line, "warning \"%s\" "
		    "does not start with \"%s\" and contain \"%s\"",
		    d->d_v[0].de_text, prefix, needle);
}
#define CHECK_ONEWARN(d, prefix, needle) \
	check_onewarn(__LINE__, (d), (prefix), (needle))

/* Write len bytes to path with the given mode. */
static void
write_file(const char *path, const char *data, size_t len, mode_t mode)
{
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ATF_REQUIRE_MSG(fd != -1, "open %s: %s", path, strerror(errno));
	ATF_REQUIRE((size_t)write(fd, data, len) == len);
	ATF_REQUIRE(fchmod(fd, mode) == 0);
	ATF_REQUIRE(close(fd) == 0);
}

/* The contents of path (caller frees); *len is set. */
static char *
read_file(const char *path, size_t *len)
{
	char	*data;
	FILE	*fp;
	long	 size;

	fp = fopen(path, "r");
	ATF_REQUIRE_MSG(fp != NULL, "fopen %s: %s", path, strerror(errno));
	ATF_REQUIRE(fseek(fp, 0, SEEK_END) == 0);
	size = ftell(fp);
	ATF_REQUIRE(size >= 0);
	rewind(fp);
	data = malloc((size_t)size + 1);
	ATF_REQUIRE(data != NULL);
	ATF_REQUIRE(fread(data, 1, (size_t)size, fp) == (size_t)size);
	data[size] = '\0';
	fclose(fp);
	*len = (size_t)size;
	return (data);
}

/* The number of entries in directory path, "." and ".." excluded. */
static int
count_entries(const char *path)
{
	struct dirent	*de;
	DIR		*dir;
	int		 n = 0;

	dir = opendir(path);
	ATF_REQUIRE(dir != NULL);
	while ((de = readdir(dir)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(dir);
	return (n);
}

/* A fresh directory under /tmp (caller frees the name). */
static char *
make_tmpdir(void)
{
	char	*dir;

	dir = strdup("/tmp/conf_test.XXXXXX");
	ATF_REQUIRE(dir != NULL);
	ATF_REQUIRE_MSG(mkdtemp(dir) != NULL, "mkdtemp: %s",
	    strerror(errno));
	return (dir);
}

/* Remove the files named and then the directory. */
static void
remove_tmpdir(char *dir, const char *const *files, size_t nfiles)
{
	char	 path[1024];
	size_t	 i;

	for (i = 0; i < nfiles; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		(void)unlink(path);
	}
	(void)rmdir(dir);
	free(dir);
}

/* §2.1 row 1: with a key set twice, the first line wins. */
ATF_TC_WITHOUT_HEAD(reader_first_wins);
ATF_TC_BODY(reader_first_wins, tc)
{
	struct conf	*c;

	c = parse("memory=512M\ncpu=2\nloader=\"grub\"\ncpu=4\n");
	CHECK_GET(c, "cpu", "2");
	ATF_CHECK_EQ(2, conf_lineof(c, "cpu"));
	ATF_CHECK_EQ(1, conf_lineof(c, "memory"));
	CHECK_GET(c, "absent", NULL);
	ATF_CHECK_EQ(0, conf_lineof(c, "absent"));
	conf_free(c);
}

/* §2.1 row 2: "memory = 1G" sets the key "memory ", not "memory". */
ATF_TC_WITHOUT_HEAD(reader_blank_before_equals);
ATF_TC_BODY(reader_blank_before_equals, tc)
{
	struct conf	*c;

	c = parse("memory = 1G\n");
	CHECK_GET(c, "memory", NULL);
	ATF_CHECK_EQ(0, conf_lineof(c, "memory"));
	CHECK_GET(c, "memory ", " 1G");
	ATF_CHECK_EQ(1, conf_lineof(c, "memory "));
	conf_free(c);
}

/* §2.1 row 3: single quotes are not special and stay in the value. */
ATF_TC_WITHOUT_HEAD(reader_single_quotes_kept);
ATF_TC_BODY(reader_single_quotes_kept, tc)
{
	struct conf	*c;

	c = parse("loader='grub'\n");
	CHECK_GET(c, "loader", "'grub'");
	conf_free(c);
}

/* §2.1 row 4: an indented line (spaces or tab) is not read. */
ATF_TC_WITHOUT_HEAD(reader_indented_ignored);
ATF_TC_BODY(reader_indented_ignored, tc)
{
	struct conf	*c;

	c = parse("  comports=\"com1 com2\"\n\tutctime=\"no\"\n");
	CHECK_GET(c, "comports", NULL);
	CHECK_GET(c, "utctime", NULL);
	ATF_CHECK_EQ(0, conf_lineof(c, "comports"));
	conf_free(c);
}

/* §2.1 row 5: lines not starting with a-z (Upper, _, digit) are not read. */
ATF_TC_WITHOUT_HEAD(reader_uppercase_ignored);
ATF_TC_BODY(reader_uppercase_ignored, tc)
{
	struct conf	*c;

	c = parse("Graphics=\"yes\"\n_cpu=2\n9cpu=3\ngraphicsx=1\n");
	CHECK_GET(c, "graphics", NULL);
	CHECK_GET(c, "Graphics", NULL);
	CHECK_GET(c, "_cpu", NULL);
	CHECK_GET(c, "9cpu", NULL);
	/* The control: a lower-case line is read. */
	CHECK_GET(c, "graphicsx", "1");
	conf_free(c);
}

/* §2.1 row 6: the first '#' cuts the line even inside double quotes. */
ATF_TC_WITHOUT_HEAD(reader_hash_cuts_inside_quotes);
ATF_TC_BODY(reader_hash_cuts_inside_quotes, tc)
{
	struct conf	*c;

	c = parse("vnc_password=\"abc#def\"\n");
	CHECK_GET(c, "vnc_password", "abc");
	conf_free(c);
}

/* §2.1 row 7: trailing spaces before a comment go, inner spaces stay. */
ATF_TC_WITHOUT_HEAD(reader_trailing_spaces_stripped);
ATF_TC_BODY(reader_trailing_spaces_stripped, tc)
{
	struct conf	*c;

	c = parse("disk0_name=\"disk 0.img\"   # c\ncpu=2   \n");
	CHECK_GET(c, "disk0_name", "disk 0.img");
	CHECK_GET(c, "cpu", "2");
	conf_free(c);
}

/* §2.1 row 8: a tab before the comment is not stripped. */
ATF_TC_WITHOUT_HEAD(reader_trailing_tab_kept);
ATF_TC_BODY(reader_trailing_tab_kept, tc)
{
	struct conf	*c;

	c = parse("disk0_opts=\"ro\"\t# c\ncpu=2 \t \n");
	CHECK_GET(c, "disk0_opts", "ro\t");
	/* Only spaces at the very end are stripped: " \t" stays. */
	CHECK_GET(c, "cpu", "2 \t");
	conf_free(c);
}

/* §2.1 row 9: key="" is present with an empty value, not absent. */
ATF_TC_WITHOUT_HEAD(reader_empty_value_present);
ATF_TC_BODY(reader_empty_value_present, tc)
{
	struct conf	*c;

	c = parse("cpu=1\nutctime=\"\"\ncomports=\n");
	CHECK_GET(c, "utctime", "");
	ATF_CHECK_EQ(2, conf_lineof(c, "utctime"));
	CHECK_GET(c, "comports", "");
	ATF_CHECK_EQ(3, conf_lineof(c, "comports"));
	conf_free(c);
}

/* §2.1 row 10: a line with no '=' is both key and value. */
ATF_TC_WITHOUT_HEAD(reader_no_equals);
ATF_TC_BODY(reader_no_equals, tc)
{
	struct conf	*c;

	c = parse("cpu=1\nuuid\n");
	CHECK_GET(c, "uuid", "uuid");
	ATF_CHECK_EQ(2, conf_lineof(c, "uuid"));
	conf_free(c);
}

/* §2.1 row 11: every '"' is deleted, wherever it is. */
ATF_TC_WITHOUT_HEAD(reader_stray_quotes_deleted);
ATF_TC_BODY(reader_stray_quotes_deleted, tc)
{
	struct conf	*c;

	c = parse("network0_switch=\"pub\"lic\"\nc\"pu=3\n");
	CHECK_GET(c, "network0_switch", "public");
	/* Quotes go before the key is split off, too. */
	CHECK_GET(c, "cpu", "3");
	conf_free(c);
}

/* §2.1 steps 5-6: value after the first '=', no shell semantics. */
ATF_TC_WITHOUT_HEAD(reader_no_shell_semantics);
ATF_TC_BODY(reader_no_shell_semantics, tc)
{
	struct conf	*c;

	c = parse("bhyve_options=\"-s 5,x=y\"\nprestart=\"$HOME/a\\ b\"\n");
	CHECK_GET(c, "bhyve_options", "-s 5,x=y");
	CHECK_GET(c, "prestart", "$HOME/a\\ b");
	conf_free(c);
}

/* A NUL byte refuses the file, naming the file and the line. */
ATF_TC_WITHOUT_HEAD(reader_nul_refused);
ATF_TC_BODY(reader_nul_refused, tc)
{
	static const char data[] = "cpu=2\nmemory=1G\nloa\0der=uefi\n";
	struct conf	*c;
	char		*cause = NULL;

	c = conf_parse(CONF_PATH, data, sizeof(data) - 1, &cause);
	ATF_CHECK(c == NULL);
	ATF_REQUIRE(cause != NULL);
	ATF_CHECK_STREQ(CONF_PATH ":3: file contains a NUL byte", cause);
	free(cause);

	cause = NULL;
	c = conf_parse(CONF_PATH, "\0", 1, &cause);
	ATF_CHECK(c == NULL);
	ATF_REQUIRE(cause != NULL);
	ATF_CHECK_STREQ(CONF_PATH ":1: file contains a NUL byte", cause);
	free(cause);
}

/* More than CONF_MAXSIZE bytes is refused; exactly CONF_MAXSIZE is not. */
ATF_TC_WITHOUT_HEAD(reader_oversize_refused);
ATF_TC_BODY(reader_oversize_refused, tc)
{
	struct conf	*c;
	char		*data, *cause = NULL;

	data = malloc(CONF_MAXSIZE + 1);
	ATF_REQUIRE(data != NULL);
	memset(data, '#', CONF_MAXSIZE + 1);
	memcpy(data, "cpu=2\n", 6);

	c = conf_parse(CONF_PATH, data, CONF_MAXSIZE + 1, &cause);
	ATF_CHECK(c == NULL);
	ATF_REQUIRE(cause != NULL);
	ATF_CHECK(strstr(cause, CONF_PATH) == cause);
	ATF_CHECK(strstr(cause, "larger") != NULL);
	free(cause);

	cause = NULL;
	c = conf_parse(CONF_PATH, data, CONF_MAXSIZE, &cause);
	ATF_REQUIRE_MSG(c != NULL, "%s", cause);
	CHECK_GET(c, "cpu", "2");
	conf_free(c);
	free(data);
}

/* CRLF files: the CR stays in the value (as for vm-bhyve) and round-trips. */
ATF_TC_WITHOUT_HEAD(reader_crlf);
ATF_TC_BODY(reader_crlf, tc)
{
	static const char text[] = "cpu=2\r\nloader=\"uefi\"\r\n"
	    "memory=1G # c\r\n";
	struct conf	*c;

	c = parse(text);
	CHECK_GET(c, "cpu", "2\r");
	CHECK_GET(c, "loader", "uefi\r");
	CHECK_GET(c, "memory", "1G");
	ATF_CHECK_EQ(3, (int)c->c_n);
	CHECK_TEXT(c, text);
	conf_free(c);
}

/*
 * conf_pick, list's fast reader, finds what conf_get finds in the same
 * text, for every rule: first line wins, quotes deleted (even inside a
 * key), '#' cuts, trailing spaces go, no '=', ignored lines, CRLF, a
 * last line without newline, and keys asked for that are absent.
 */
ATF_TC_WITHOUT_HEAD(pick_agrees);
ATF_TC_BODY(pick_agrees, tc)
{
	static const char *const texts[] = {
		"",
		"cpu=2",
		"loader=\"uefi\"\ncpu=2\nmemory=1G\n",
		"cpu=1\ncpu=2\nmemory=\"\"\n",
		"  cpu=4\nCpu=3\n#cpu=5\ncpu=6   \n",
		"c\"pu\"=\"7\" # eight\nmemory=2G#x\n",
		"memory\nloader=bhyveload",
		"cpu=2\r\nloader=\"uefi\"\r\nmemory=1G # c\r\n",
		"graphics=yes\nautostart=\"no\"\nloader='grub'\n",
		"autostart_order=12\n",
		"cpu= 2 \nloader=a=b\nmemory=\"1\"\"G\"",
	};
	static const char *const keys[] = {
		"cpu", "loader", "memory", "graphics", "autostart",
		"autostart_order", "absent"
	};
	const char	*vals[nitems(keys)], *want;
	struct conf	*c;
	char		*data, *cause = NULL;
	size_t		 t, k, len;

	for (t = 0; t < nitems(texts); t++) {
		c = parse(texts[t]);
		len = strlen(texts[t]);
		data = malloc(len + 1);
		ATF_REQUIRE(data != NULL);
		memcpy(data, texts[t], len);
		ATF_REQUIRE_EQ(0, conf_pick(CONF_PATH, data, len, keys, vals,
		    nitems(keys), &cause));
		for (k = 0; k < nitems(keys); k++) {
			want = conf_get(c, keys[k]);
			if (want == NULL)
				ATF_CHECK_MSG(vals[k] == NULL, "text %zu: %s: "
				    "expected absent, got \"%s\"", t, keys[k],
				    vals[k]);
			else
				ATF_CHECK_MSG(vals[k] != NULL &&
				    strcmp(vals[k], want) == 0, "text %zu: "
				    "%s: expected \"%s\", got \"%s\"", t,
				    keys[k], want, vals[k] != NULL ? vals[k] :
				    "(absent)");
		}
		free(data);
		conf_free(c);
	}
}

/* conf_pick refuses what conf_parse refuses: a NUL byte, and says where. */
ATF_TC_WITHOUT_HEAD(pick_nul_refused);
ATF_TC_BODY(pick_nul_refused, tc)
{
	static const char *const keys[] = { "cpu" };
	const char	*vals[1];
	char		 data[] = "cpu=2\nmem\0ory=1G\n";
	char		*cause = NULL;

	ATF_CHECK_EQ(-1, conf_pick(CONF_PATH, data, sizeof(data) - 1, keys,
	    vals, 1, &cause));
	ATF_REQUIRE(cause != NULL);
	ATF_CHECK_STREQ(CONF_PATH ":2: file contains a NUL byte", cause);
	free(cause);
}

/* conf_text gives back the bytes read, final newline or not. */
ATF_TC_WITHOUT_HEAD(reader_roundtrip);
ATF_TC_BODY(reader_roundtrip, tc)
{
	static const char *const texts[] = {
		"",
		"\n",
		"cpu=2",
		"cpu=2\n",
		"# comment\n\n  indented=1\nA=b\ncpu=\"2\"\t# x \n\n",
		"x=1\n\n\ny=2",
	};
	struct conf	*c;
	size_t		 i;

	for (i = 0; i < nitems(texts); i++) {
		c = parse(texts[i]);
		CHECK_TEXT(c, texts[i]);
		conf_free(c);
	}
}

/* conf_load reads a file, records its mode, and refuses what it cannot read. */
ATF_TC_WITHOUT_HEAD(load_file);
ATF_TC_BODY(load_file, tc)
{
	static const char *const files[] = { "a.conf", "big.conf" };
	struct conf	*c;
	char		*dir, path[1024], *cause = NULL, *big;

	dir = make_tmpdir();
	snprintf(path, sizeof(path), "%s/a.conf", dir);
	write_file(path, "cpu=2\nmemory=1G", 15, 0640);
	c = conf_load(path, &cause);
	ATF_REQUIRE_MSG(c != NULL, "%s", cause);
	CHECK_GET(c, "memory", "1G");
	ATF_CHECK_EQ(0640, c->c_mode);
	ATF_CHECK_STREQ(path, c->c_path);
	ATF_CHECK_EQ(0, c->c_final_nl);
	conf_free(c);

	/* Missing file: the cause names it and says why. */
	snprintf(path, sizeof(path), "%s/missing.conf", dir);
	ATF_CHECK(conf_load(path, &cause) == NULL);
	ATF_REQUIRE(cause != NULL);
	ATF_CHECK(strncmp(cause, path, strlen(path)) == 0);
	ATF_CHECK(strstr(cause, strerror(ENOENT)) != NULL);
	free(cause);

	/* A directory is not a config. */
	cause = NULL;
	ATF_CHECK(conf_load(dir, &cause) == NULL);
	ATF_REQUIRE(cause != NULL);
	ATF_CHECK(strstr(cause, "directory") != NULL);
	free(cause);

	/* Nor is a file larger than CONF_MAXSIZE. */
	big = malloc(CONF_MAXSIZE + 100);
	ATF_REQUIRE(big != NULL);
	memset(big, '\n', CONF_MAXSIZE + 100);
	snprintf(path, sizeof(path), "%s/big.conf", dir);
	write_file(path, big, CONF_MAXSIZE + 100, 0644);
	free(big);
	cause = NULL;
	ATF_CHECK(conf_load(path, &cause) == NULL);
	ATF_REQUIRE(cause != NULL);
	ATF_CHECK(strstr(cause, "larger") != NULL);
	free(cause);

	remove_tmpdir(dir, files, nitems(files));
}

/* Key names: [a-z][a-z0-9_]* only. */
ATF_TC_WITHOUT_HEAD(validkey);
ATF_TC_BODY(validkey, tc)
{
	ATF_CHECK(conf_validkey("cpu"));
	ATF_CHECK(conf_validkey("disk0_name"));
	ATF_CHECK(conf_validkey("x"));
	ATF_CHECK(!conf_validkey(""));
	ATF_CHECK(!conf_validkey("Cpu"));
	ATF_CHECK(!conf_validkey("0cpu"));
	ATF_CHECK(!conf_validkey("_cpu"));
	ATF_CHECK(!conf_validkey("cpu-x"));
	ATF_CHECK(!conf_validkey("cpu="));
	ATF_CHECK(!conf_validkey("cpu "));
	ATF_CHECK(!conf_validkey("cpU"));
}

/* Lint: an indented setting is reported with its line. */
ATF_TC_WITHOUT_HEAD(lint_indented);
ATF_TC_BODY(lint_indented, tc)
{
	struct diag	*d;

	d = lint("cpu=1\n  comports=\"com1 com2\"\n");
	CHECK_ONEWARN(d, MSG_PREFIX "2: ", "indented");
	diag_free(d);
	d = lint("\tcpu=1\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: ", "indented");
	diag_free(d);
}

/* Lint: a setting starting with an upper-case letter is reported. */
ATF_TC_WITHOUT_HEAD(lint_uppercase);
ATF_TC_BODY(lint_uppercase, tc)
{
	struct diag	*d;

	d = lint("Graphics=\"yes\"\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: ", "upper-case");
	diag_free(d);
}

/* Lint: a blank before '=' is reported, naming the key vm-bhyve sees. */
ATF_TC_WITHOUT_HEAD(lint_blank_before_equals);
ATF_TC_BODY(lint_blank_before_equals, tc)
{
	struct diag	*d;

	d = lint("memory = 1G\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: ", "blank before '='");
	ATF_CHECK(strstr(d->d_v[0].de_text, "\"memory \"") != NULL);
	diag_free(d);
	d = lint("memory\t=1G\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: ", "blank before '='");
	diag_free(d);
}

/* Lint: a '#' inside quotes is reported with the value vm-bhyve reads. */
ATF_TC_WITHOUT_HEAD(lint_hash_in_quotes);
ATF_TC_BODY(lint_hash_in_quotes, tc)
{
	struct diag	*d;

	d = lint("vnc_password=\"abc#def\"\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: vnc_password: ", "'#' inside quotes");
	ATF_CHECK(strstr(d->d_v[0].de_text, "\"abc\"") != NULL);
	diag_free(d);
}

/* Lint: double quotes that are not one wrapping pair are reported. */
ATF_TC_WITHOUT_HEAD(lint_stray_quotes);
ATF_TC_BODY(lint_stray_quotes, tc)
{
	struct diag	*d;

	d = lint("network0_switch=\"pub\"lic\"\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: network0_switch: ", "double quotes");
	ATF_CHECK(strstr(d->d_v[0].de_text, "\"public\"") != NULL);
	diag_free(d);
	d = lint("cpu=2\"\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: cpu: ", "double quotes");
	diag_free(d);
}

/* Lint: single quotes are reported as part of the value. */
ATF_TC_WITHOUT_HEAD(lint_single_quotes);
ATF_TC_BODY(lint_single_quotes, tc)
{
	struct diag	*d;

	d = lint("loader='grub'\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: loader: ", "single quotes");
	diag_free(d);
}

/* Lint: a duplicate key is reported on the later line, naming the first. */
ATF_TC_WITHOUT_HEAD(lint_duplicate);
ATF_TC_BODY(lint_duplicate, tc)
{
	struct diag	*d;

	d = lint("cpu=2\nmemory=1G\ncpu=4\n");
	CHECK_ONEWARN(d, MSG_PREFIX "3: cpu: ", "duplicate key: line 1 ");
	diag_free(d);
}

/* Lint: a carriage return is reported (once, even with quotes). */
ATF_TC_WITHOUT_HEAD(lint_cr);
ATF_TC_BODY(lint_cr, tc)
{
	struct diag	*d;

	d = lint("cpu=2\r\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: cpu", "carriage return");
	diag_free(d);
	d = lint("loader=\"uefi\"\r\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: loader", "carriage return");
	diag_free(d);
}

/* Lint: a tab kept at the end of a value is reported. */
ATF_TC_WITHOUT_HEAD(lint_trailing_tab);
ATF_TC_BODY(lint_trailing_tab, tc)
{
	struct diag	*d;

	d = lint("disk0_opts=\"ro\"\t# c\n");
	CHECK_ONEWARN(d, MSG_PREFIX "1: disk0_opts: ", "tab");
	diag_free(d);
}

/* Lint: a line with no '=' is reported. */
ATF_TC_WITHOUT_HEAD(lint_no_equals);
ATF_TC_BODY(lint_no_equals, tc)
{
	struct diag	*d;

	d = lint("cpu=1\nuuid\n");
	CHECK_ONEWARN(d, MSG_PREFIX "2: ", "no '='");
	diag_free(d);
}

/* Lint: a well-written file, comments and blank lines included, is clean. */
ATF_TC_WITHOUT_HEAD(lint_clean);
ATF_TC_BODY(lint_clean, tc)
{
	struct diag	*d;

	d = lint("# vm1\n"
	    "\n"
	    "loader=\"bhyveload\"\n"
	    "cpu=2\n"
	    "memory=1G   # plenty\n"
	    "  # an indented comment\n"
	    "\t\n"
	    "# disk0_type=\"ahci-hd\" (commented out)\n"
	    "disk0_type=\"virtio-blk\"\n"
	    "disk0_name=\"disk0.img\"\n"
	    "utctime=\"\"\n"
	    "network0_type=\"virtio-net\" # the NIC\n"
	    "network0_switch=\"public\"");
	ATF_CHECK_EQ_MSG(0, (int)d->d_n, "first: %s",
	    d->d_n > 0 ? d->d_v[0].de_text : "");
	diag_free(d);
}

/* Set edits the effective line in place; every other byte is kept. */
ATF_TC_WITHOUT_HEAD(set_in_place);
ATF_TC_BODY(set_in_place, tc)
{
	struct conf	*c;
	char		*cause = NULL;

	c = parse("# header\n"
	    "loader=\"bhyveload\"\n"
	    "\n"
	    "cpu=\"2\"   # two for now\n"
	    "  cpu=7\n"
	    "memory=1G\n"
	    "cpu=4\n"
	    "tail");
	ATF_REQUIRE(conf_set(c, "cpu", "8", &cause) == 0);
	CHECK_TEXT(c, "# header\n"
	    "loader=\"bhyveload\"\n"
	    "\n"
	    "cpu=\"8\"   # two for now\n"
	    "  cpu=7\n"
	    "memory=1G\n"
	    "cpu=4\n"
	    "tail");
	CHECK_GET(c, "cpu", "8");
	ATF_CHECK_EQ(4, conf_lineof(c, "cpu"));
	conf_free(c);
}

/* Set rewrites a single-quoted or unquoted value in double quotes. */
ATF_TC_WITHOUT_HEAD(set_requotes);
ATF_TC_BODY(set_requotes, tc)
{
	struct conf	*c;
	char		*cause = NULL;

	c = parse("loader='grub' # old\ncpu=2 # c\nmemory=1G\n");
	ATF_REQUIRE(conf_set(c, "loader", "uefi", &cause) == 0);
	ATF_REQUIRE(conf_set(c, "cpu", "4", &cause) == 0);
	ATF_REQUIRE(conf_set(c, "memory", "2G", &cause) == 0);
	CHECK_TEXT(c, "loader=\"uefi\" # old\ncpu=\"4\" # c\nmemory=\"2G\"\n");
	CHECK_GET(c, "loader", "uefi");
	CHECK_GET(c, "cpu", "4");
	CHECK_GET(c, "memory", "2G");
	conf_free(c);
}

/* Set appends key="value" when absent, ending the old last line first. */
ATF_TC_WITHOUT_HEAD(set_appends);
ATF_TC_BODY(set_appends, tc)
{
	struct conf	*c;
	char		*cause = NULL;

	c = parse("cpu=2\n");
	ATF_REQUIRE(conf_set(c, "uuid", "c0ffee00-1234-4abc-9def-0123456789ab",
	    &cause) == 0);
	CHECK_TEXT(c, "cpu=2\nuuid=\"c0ffee00-1234-4abc-9def-0123456789ab\"\n");
	ATF_CHECK_EQ(2, conf_lineof(c, "uuid"));
	conf_free(c);

	/* No final newline: one is added before the new line. */
	c = parse("cpu=2");
	ATF_REQUIRE(conf_set(c, "memory", "1G", &cause) == 0);
	CHECK_TEXT(c, "cpu=2\nmemory=\"1G\"\n");
	conf_free(c);

	/* An indented assignment is not what vm-bhyve reads: append. */
	c = parse("  cpu=2\n");
	ATF_REQUIRE(conf_set(c, "cpu", "4", &cause) == 0);
	CHECK_TEXT(c, "  cpu=2\ncpu=\"4\"\n");
	CHECK_GET(c, "cpu", "4");
	conf_free(c);

	/* An empty conf gets one line, and an empty value is stored. */
	c = conf_empty(CONF_PATH);
	ATF_REQUIRE(conf_set(c, "utctime", "", &cause) == 0);
	CHECK_TEXT(c, "utctime=\"\"\n");
	CHECK_GET(c, "utctime", "");
	conf_free(c);
}

/* Set keeps vm-bhyve's reading equal to the value on quirky lines. */
ATF_TC_WITHOUT_HEAD(set_reads_back);
ATF_TC_BODY(set_reads_back, tc)
{
	struct conf	*c;
	char		*cause = NULL;

	/* A tab before the comment would otherwise stay in the value. */
	c = parse("disk0_opts=\"ro\"\t# c\n");
	ATF_REQUIRE(conf_set(c, "disk0_opts", "rw", &cause) == 0);
	CHECK_GET(c, "disk0_opts", "rw");
	CHECK_TEXT(c, "disk0_opts=\"rw\" # c\n");
	conf_free(c);

	c = parse("cpu=2\t# c\n");
	ATF_REQUIRE(conf_set(c, "cpu", "4", &cause) == 0);
	CHECK_GET(c, "cpu", "4");
	CHECK_TEXT(c, "cpu=\"4\" # c\n");
	conf_free(c);

	/* Text after a stray quote would otherwise join the value. */
	c = parse("network0_switch=\"pub\"lic\"\n");
	ATF_REQUIRE(conf_set(c, "network0_switch", "lan", &cause) == 0);
	CHECK_GET(c, "network0_switch", "lan");
	CHECK_TEXT(c, "network0_switch=\"lan\"\n");
	conf_free(c);

	/* The '#' inside quotes: the whole old value goes. */
	c = parse("vnc_password=\"abc#def\"\n");
	ATF_REQUIRE(conf_set(c, "vnc_password", "xyz", &cause) == 0);
	CHECK_TEXT(c, "vnc_password=\"xyz\"\n");
	conf_free(c);

	/* A carriage return after the closing quote. */
	c = parse("cpu=\"2\"\r\nmemory=1G\r\n");
	ATF_REQUIRE(conf_set(c, "cpu", "4", &cause) == 0);
	CHECK_GET(c, "cpu", "4");
	CHECK_GET(c, "memory", "1G\r");
	CHECK_TEXT(c, "cpu=\"4\"\nmemory=1G\r\n");
	conf_free(c);

	/* A line with no '=' is replaced whole. */
	c = parse("uuid\ncpu=1\n");
	ATF_REQUIRE(conf_set(c, "uuid", "u", &cause) == 0);
	CHECK_TEXT(c, "uuid=\"u\"\ncpu=1\n");
	conf_free(c);

	/* Spaces inside the value survive. */
	c = parse("comports=\"com1\"\n");
	ATF_REQUIRE(conf_set(c, "comports", "com1 com2", &cause) == 0);
	CHECK_GET(c, "comports", "com1 com2");
	conf_free(c);
}

/* Set refuses values vm-bhyve cannot read back, and bad key names. */
ATF_TC_WITHOUT_HEAD(set_refuses);
ATF_TC_BODY(set_refuses, tc)
{
	static const char text[] = "cpu=2\nmemory=1G\n";
	static const char *const badvalues[] = {
		"a\"b", "a#b", "a\nb", "a\rb", "\"", "#",
	};
	static const char *const badkeys[] = {
		"", "Cpu", "1cpu", "_cpu", "cpu-x", "cpu=", " cpu", "cpu x",
	};
	struct conf	*c;
	char		*cause;
	size_t		 i;

	c = parse(text);
	for (i = 0; i < nitems(badvalues); i++) {
		cause = NULL;
		ATF_CHECK_EQ_MSG(-1, conf_set(c, "cpu", badvalues[i], &cause),
		    "value %zu accepted", i);
		ATF_CHECK_MSG(cause != NULL && *cause != '\0',
		    "value %zu: no cause", i);
		free(cause);
		cause = NULL;
		ATF_CHECK_EQ(-1, conf_set(c, "newkey", badvalues[i], &cause));
		free(cause);
	}
	for (i = 0; i < nitems(badkeys); i++) {
		cause = NULL;
		ATF_CHECK_EQ_MSG(-1, conf_set(c, badkeys[i], "1", &cause),
		    "key \"%s\" accepted", badkeys[i]);
		ATF_CHECK_MSG(cause != NULL && strstr(cause, "key") != NULL,
		    "key \"%s\": cause %s", badkeys[i], cause);
		free(cause);
	}
	CHECK_TEXT(c, text);
	conf_free(c);
}

/* Unset removes every assignment, indented ones too, and nothing else. */
ATF_TC_WITHOUT_HEAD(unset_all);
ATF_TC_BODY(unset_all, tc)
{
	struct conf	*c;

	c = parse("cpu=2\n"
	    "  cpu=3\n"
	    "\tcpu=\"5\"\n"
	    "memory=1G\n"
	    "cpu=4 # x\n"
	    "#cpu=9\n"
	    "cpus=1\n"
	    "xcpu=1\n");
	conf_unset(c, "cpu");
	CHECK_TEXT(c, "memory=1G\n#cpu=9\ncpus=1\nxcpu=1\n");
	CHECK_GET(c, "cpu", NULL);
	CHECK_GET(c, "cpus", "1");
	ATF_CHECK_EQ(1, conf_lineof(c, "memory"));

	/* Unsetting an absent key changes nothing. */
	conf_unset(c, "absent");
	CHECK_TEXT(c, "memory=1G\n#cpu=9\ncpus=1\nxcpu=1\n");
	conf_free(c);

	/* A bare "uuid" line is read as uuid, so it goes too. */
	c = parse("uuid\ncpu=1\n");
	conf_unset(c, "uuid");
	CHECK_GET(c, "uuid", NULL);
	CHECK_TEXT(c, "cpu=1\n");
	conf_free(c);
}

/* Save writes conf_text atomically, keeps the mode, leaves no temp file. */
ATF_TC_WITHOUT_HEAD(save_atomic);
ATF_TC_BODY(save_atomic, tc)
{
	static const char *const files[] = { "vm1.conf", "new.conf" };
	struct conf	*c;
	struct stat	 st;
	char		*dir, path[1024], *cause = NULL, *text, *disk;
	size_t		 len, disklen;

	dir = make_tmpdir();
	snprintf(path, sizeof(path), "%s/vm1.conf", dir);
	write_file(path, "# keep\ncpu=2 # two\nmemory=1G", 28, 0640);
	c = conf_load(path, &cause);
	ATF_REQUIRE_MSG(c != NULL, "%s", cause);
	ATF_REQUIRE(conf_set(c, "cpu", "4", &cause) == 0);
	ATF_REQUIRE(conf_set(c, "uuid", "u", &cause) == 0);
	ATF_REQUIRE_MSG(conf_save(c, &cause) == 0, "%s", cause);

	text = conf_text(c, &len);
	disk = read_file(path, &disklen);
	ATF_CHECK_EQ(len, disklen);
	ATF_CHECK(disklen == len && memcmp(text, disk, len) == 0);
	ATF_CHECK_STREQ("# keep\ncpu=\"4\" # two\nmemory=1G\nuuid=\"u\"\n",
	    disk);
	free(text);
	free(disk);
	ATF_REQUIRE(stat(path, &st) == 0);
	ATF_CHECK_EQ(0640, (int)(st.st_mode & 07777));
	ATF_CHECK_EQ(1, count_entries(dir));
	conf_free(c);

	/* A new file gets 0644 whatever the umask. */
	snprintf(path, sizeof(path), "%s/new.conf", dir);
	c = conf_empty(path);
	ATF_REQUIRE(conf_set(c, "cpu", "1", &cause) == 0);
	ATF_REQUIRE_MSG(conf_save(c, &cause) == 0, "%s", cause);
	conf_free(c);
	ATF_REQUIRE(stat(path, &st) == 0);
	ATF_CHECK_EQ(0644, (int)(st.st_mode & 07777));
	disk = read_file(path, &disklen);
	ATF_CHECK_STREQ("cpu=\"1\"\n", disk);
	free(disk);
	ATF_CHECK_EQ(2, count_entries(dir));

	remove_tmpdir(dir, files, nitems(files));
}

/* Save into a missing directory fails with a cause and touches nothing. */
ATF_TC_WITHOUT_HEAD(save_fails);
ATF_TC_BODY(save_fails, tc)
{
	static const char *const files[] = { "vm1.conf" };
	static const char orig[] = "cpu=2\n";
	struct conf	*c;
	char		*dir, path[1024], bad[1024], *cause = NULL, *disk;
	size_t		 disklen;

	dir = make_tmpdir();
	snprintf(path, sizeof(path), "%s/vm1.conf", dir);
	write_file(path, orig, sizeof(orig) - 1, 0644);
	c = conf_load(path, &cause);
	ATF_REQUIRE_MSG(c != NULL, "%s", cause);
	ATF_REQUIRE(conf_set(c, "cpu", "4", &cause) == 0);

	snprintf(bad, sizeof(bad), "%s/nonexistent/vm1.conf", dir);
	free(c->c_path);
	c->c_path = strdup(bad);
	ATF_REQUIRE(c->c_path != NULL);
	ATF_CHECK_EQ(-1, conf_save(c, &cause));
	ATF_REQUIRE(cause != NULL);
	ATF_CHECK(strncmp(cause, bad, strlen(bad)) == 0);
	ATF_CHECK(strstr(cause, strerror(ENOENT)) != NULL);
	free(cause);
	conf_free(c);

	disk = read_file(path, &disklen);
	ATF_CHECK_STREQ(orig, disk);
	free(disk);
	ATF_CHECK_EQ(1, count_entries(dir));
	remove_tmpdir(dir, files, nitems(files));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, reader_first_wins);
	ATF_TP_ADD_TC(tp, reader_blank_before_equals);
	ATF_TP_ADD_TC(tp, reader_single_quotes_kept);
	ATF_TP_ADD_TC(tp, reader_indented_ignored);
	ATF_TP_ADD_TC(tp, reader_uppercase_ignored);
	ATF_TP_ADD_TC(tp, reader_hash_cuts_inside_quotes);
	ATF_TP_ADD_TC(tp, reader_trailing_spaces_stripped);
	ATF_TP_ADD_TC(tp, reader_trailing_tab_kept);
	ATF_TP_ADD_TC(tp, reader_empty_value_present);
	ATF_TP_ADD_TC(tp, reader_no_equals);
	ATF_TP_ADD_TC(tp, reader_stray_quotes_deleted);
	ATF_TP_ADD_TC(tp, reader_no_shell_semantics);
	ATF_TP_ADD_TC(tp, reader_nul_refused);
	ATF_TP_ADD_TC(tp, reader_oversize_refused);
	ATF_TP_ADD_TC(tp, reader_crlf);
	ATF_TP_ADD_TC(tp, reader_roundtrip);
	ATF_TP_ADD_TC(tp, pick_agrees);
	ATF_TP_ADD_TC(tp, pick_nul_refused);
	ATF_TP_ADD_TC(tp, load_file);
	ATF_TP_ADD_TC(tp, validkey);
	ATF_TP_ADD_TC(tp, lint_indented);
	ATF_TP_ADD_TC(tp, lint_uppercase);
	ATF_TP_ADD_TC(tp, lint_blank_before_equals);
	ATF_TP_ADD_TC(tp, lint_hash_in_quotes);
	ATF_TP_ADD_TC(tp, lint_stray_quotes);
	ATF_TP_ADD_TC(tp, lint_single_quotes);
	ATF_TP_ADD_TC(tp, lint_duplicate);
	ATF_TP_ADD_TC(tp, lint_cr);
	ATF_TP_ADD_TC(tp, lint_trailing_tab);
	ATF_TP_ADD_TC(tp, lint_no_equals);
	ATF_TP_ADD_TC(tp, lint_clean);
	ATF_TP_ADD_TC(tp, set_in_place);
	ATF_TP_ADD_TC(tp, set_requotes);
	ATF_TP_ADD_TC(tp, set_appends);
	ATF_TP_ADD_TC(tp, set_reads_back);
	ATF_TP_ADD_TC(tp, set_refuses);
	ATF_TP_ADD_TC(tp, unset_all);
	ATF_TP_ADD_TC(tp, save_atomic);
	ATF_TP_ADD_TC(tp, save_fails);
	return (atf_no_error());
}

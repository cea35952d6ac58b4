#ifdef __linux__
#define	_DEFAULT_SOURCE
#endif

/*
 * fetch - the fake host's fetch(1):
 *
 *	fetch [-146AadFlMmnPpqRrsUv] [-B bytes] [-i file] [-N file]
 *	    [-o file] [-S bytes] [-T seconds] [-w seconds] URL ...
 *
 * (FreeBSD 14 fetch(1) SYNOPSIS; the long options and the "-h host -f
 * file" form are refused as unknown here since hyve never uses them.)
 * There is no network: file:///PATH reads PATH, and http://HOST/PATH,
 * https:// and ftp:// read $FH/www/HOST/PATH.  A missing file fails as
 * fetch does, "fetch: URL: Not Found", exit 1, and leaves no output
 * file.  With -o FILE every URL is written to FILE ("-" is stdout; a
 * directory gets the URL's last component); without it, to the URL's
 * last component in the working directory.
 */

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fh.h"

static void	usage(void) __attribute__((__noreturn__));

/* fetch's usage (usr.bin/fetch/fetch.c), exit 1. */
static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n%s\n",
	    "usage: fetch [-146AadFlMmnPpqRrsUv] [-B bytes] [-i file] "
	    "[-N file]",
	    "       [-o file] [-S bytes] [-T seconds] [-w seconds] URL ...",
	    "       fetch [-146AadFlMmnPpqRrsUv] [-B bytes] [-i file] ... "
	    "-h host -f file [-c dir]");
	exit(1);
}

/* The local file standing for url, or NULL for a scheme fetch lacks. */
static char *
source(const char *url)
{
	static const char *const schemes[] = { "http://", "https://",
	    "ftp://", NULL };
	const char	*rest;
	size_t		 i;

	if (strncmp(url, "file://", 7) == 0)
		return (fh_xstrdup(url + 7));
	for (i = 0; schemes[i] != NULL; i++) {
		if (strncmp(url, schemes[i], strlen(schemes[i])) != 0)
			continue;
		rest = url + strlen(schemes[i]);
		return (fh_path("www/%s", rest));
	}
	return (NULL);
}

/* Copy one URL to out; 0 or 1 as fetch exits. */
static int
fetch1(const char *url, const char *out, bool quiet)
{
	struct stat	 st;
	const char	*base;
	char		*src, *dst, buf[65536];
	ssize_t		 n;
	int		 in, fd = -1, rv = 1;

	if ((src = source(url)) == NULL) {
		warnx("%s: Invalid URL", url);
		return (1);
	}
	base = strrchr(url, '/') != NULL ? strrchr(url, '/') + 1 : url;
	if (out == NULL)
		dst = fh_xstrdup(base);
	else if (strcmp(out, "-") != 0 && stat(out, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		dst = fh_xasprintf("%s/%s", out, base);
	else
		dst = fh_xstrdup(out);
	in = open(src, O_RDONLY);
	free(src);
	src = NULL;
	if (in == -1 || fstat(in, &st) == -1 || !S_ISREG(st.st_mode)) {
		warnx("%s: Not Found", url);
		goto fail;
	}
	if (strcmp(dst, "-") == 0)
		fd = STDOUT_FILENO;
	else if ((fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1) {
		warn("%s: open()", dst);
		goto fail;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n) {
			warn("%s", dst);
			unlink(dst);
			goto fail;
		}
	if (!quiet)
		fprintf(stderr, "%-40s %jd B\n", dst, (intmax_t)st.st_size);
	rv = 0;
fail:
	if (in != -1)
		close(in);
	if (fd != -1 && fd != STDOUT_FILENO)
		close(fd);
	free(dst);
	return (rv);
}

int
main(int argc, char *argv[])
{
	const char	*out = NULL;
	bool		 quiet = false;
	int		 ch, rv = 0;

	fh_init(argc, argv, "fetch");
	while ((ch = getopt(argc, argv,
	    FH_OPTS("146AadFlMmnPpqRrsUvB:i:N:o:S:T:w:"))) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case '?':
			usage();
		default:
			/* Valid for fetch, but nothing hyve relies on. */
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	for (; argc > 0; argc--, argv++)
		rv |= fetch1(argv[0], out, quiet);
	return (rv);
}

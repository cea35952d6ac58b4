/*
 * stamp - note the moment it is executed, then become another program.
 *
 * Installed as a tool path in hyve.conf (path_bhyve="/x/bhyve-stamp"),
 * it reads /x/bhyve-stamp.conf: the first line is the program to run,
 * the second the file to which it appends the wall clock in nanoseconds.
 * hyve runs its tools with a clean environment, hence the side file.
 */
#include "compat.h"

#include "compat.h"

#include <err.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec	 ts;
	char		 conf[4096], target[4096], out[4096];
	FILE		*f;

	clock_gettime(CLOCK_REALTIME, &ts);
	(void)argc;
	snprintf(conf, sizeof(conf), "%s.conf", argv[0]);
	if ((f = fopen(conf, "r")) == NULL)
		err(70, "%s", conf);
	if (fgets(target, sizeof(target), f) == NULL ||
	    fgets(out, sizeof(out), f) == NULL)
		errx(70, "%s: want two lines", conf);
	fclose(f);
	target[strcspn(target, "\n")] = '\0';
	out[strcspn(out, "\n")] = '\0';
	if ((f = fopen(out, "a")) == NULL)
		err(70, "%s", out);
	fprintf(f, "%" PRId64 "\n", (int64_t)ts.tv_sec * 1000000000 +
	    ts.tv_nsec);
	fclose(f);
	argv[0] = target;
	execv(target, argv);
	err(71, "%s", target);
}

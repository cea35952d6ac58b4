/*
 * now - print the wall clock in nanoseconds since the epoch, for the
 * shell benchmarks (FreeBSD's date(1) has no %N).
 */
#include "compat.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

int
main(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	printf("%" PRId64 "\n", (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
	return (0);
}

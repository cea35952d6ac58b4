/*
 * timeit - run a program RUNS times (after one warm-up run) with its
 * output thrown away, and print the median, minimum and maximum wall
 * time and the median CPU time (user + system, from wait4(2)) in
 * milliseconds: "median 1.23 min 1.10 max 2.40 cpu 0.90".  No shell is
 * involved, so the figures include the program's own start-up and
 * nothing else.  On a busy machine the wall times wander; the minimum
 * and the CPU time much less.  Usage: timeit runs /abs/program [arg ...]
 */
#include "compat.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* The monotonic clock in nanoseconds. */
static int64_t
timeit_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

/* Run argv once; its wall time in nanoseconds, *cpu its CPU time. */
static int64_t
timeit_run(char **argv, int64_t *cpu)
{
	struct rusage	 ru;
	int64_t		 t0;
	pid_t		 pid;
	int		 status, fd;

	t0 = timeit_now();
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1) {
			dup2(fd, STDOUT_FILENO);
			close(fd);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1)
		err(1, "wait4");
	*cpu = ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
	    1000000000 + ((int64_t)ru.ru_utime.tv_usec +
	    ru.ru_stime.tv_usec) * 1000;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(1, "%s failed (status %d)", argv[0], status);
	return (timeit_now() - t0);
}

/* Order times. */
static int
timeit_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x < y ? -1 : x > y);
}

int
main(int argc, char **argv)
{
	int64_t	*t, *c, spare;
	int	 runs, i;

	if (argc < 3 || (runs = atoi(argv[1])) < 1)
		errx(1, "usage: timeit runs /abs/program [arg ...]");
	t = calloc((size_t)runs, sizeof(*t));
	c = calloc((size_t)runs, sizeof(*c));
	if (t == NULL || c == NULL)
		err(1, "calloc");
	(void)timeit_run(argv + 2, &spare);
	for (i = 0; i < runs; i++)
		t[i] = timeit_run(argv + 2, &c[i]);
	qsort(t, (size_t)runs, sizeof(*t), timeit_cmp);
	qsort(c, (size_t)runs, sizeof(*c), timeit_cmp);
	printf("median %.2f min %.2f max %.2f cpu %.2f\n", t[runs / 2] / 1e6,
	    t[0] / 1e6, t[runs - 1] / 1e6, c[runs / 2] / 1e6);
	free(t);
	free(c);
	return (0);
}

/*
 * compat.h - the few things FreeBSD has that Linux with libbsd lacks.
 *
 * Include this first in every source file.  On FreeBSD it only defines
 * what is missing; on glibc it asks for the BSD and POSIX interfaces
 * with _DEFAULT_SOURCE.  We never define _POSIX_C_SOURCE: on FreeBSD it
 * hides flock(2), kqueue(2) and the rest of the BSD API.
 */
#ifndef HYVE_COMPAT_H
#define HYVE_COMPAT_H

#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE
#endif

#include <sys/cdefs.h>
#include <sys/types.h>

/* libbsd disables __unused on purpose (Linux headers use the name). */
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif

#ifndef __dead
#define __dead __attribute__((__noreturn__))
#endif

#ifndef nitems
#define nitems(x) (sizeof((x)) / sizeof((x)[0]))
#endif

#endif /* HYVE_COMPAT_H */

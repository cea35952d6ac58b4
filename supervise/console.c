/*
 * console.c - the guest's serial consoles: a ring for replay, a bounded
 * console.log, and every attached viewer.
 */
#include "compat.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "event.h"
#include "guest.h"
#include "hostconf.h"
#include "runstate.h"
#include "supervise.h"
#include "xmalloc.h"

/* Which console an fd belongs to, or -1. */
static int
sv_console_index(struct sv *sv, int fd)
{
	int	 i;

	for (i = 0; i < sv->sv_ncons; i++)
		if (sv->sv_cons[i].co_pc.pc_fd == fd)
			return (i);
	return (-1);
}

/* Keep the last SV_RING bytes of a console. */
static void
sv_console_ring(struct sv_console *co, const char *p, size_t n)
{
	size_t	 chunk;

	if (n > SV_RING) {
		p += n - SV_RING;
		n = SV_RING;
	}
	while (n > 0) {
		chunk = SV_RING - co->co_head;
		if (chunk > n)
			chunk = n;
		memcpy(co->co_ring + co->co_head, p, chunk);
		co->co_head = (co->co_head + chunk) % SV_RING;
		co->co_len = co->co_len + chunk > SV_RING ? SV_RING :
		    co->co_len + chunk;
		p += chunk;
		n -= chunk;
	}
}

/*
 * Append to console.log; past the size limit (hyve.conf
 * console_log_size, 1 MiB by default) it becomes console.log.0 and a
 * new log starts, so the two never hold more than twice the limit.
 */
static void
sv_console_log(struct sv *sv, const char *p, size_t n)
{
	char	*old;
	ssize_t	 w;

	if (sv->sv_logfd == -1)
		return;
	if (sv->sv_logsize + n > hostconf_console_log_size()) {
		xasprintf(&old, "%s.0", sv->sv_logpath);
		if (rename(sv->sv_logpath, old) == -1)
			sv_log(sv, "cannot rotate %s: %s", sv->sv_logpath,
			    strerror(errno));
		free(old);
		sv_console_reopenlog(sv);
		if (sv->sv_logfd == -1)
			return;
	}
	if ((w = write(sv->sv_logfd, p, n)) > 0)
		sv->sv_logsize += (size_t)w;
}

/* Bytes from the guest: ring, log (first port), viewers. */
static void
sv_console_read(int fd, short revents, void *arg)
{
	struct sv		*sv = arg;
	struct sv_console	*co;
	char			 buf[4096];
	ssize_t			 n;
	int			 i;

	if ((i = sv_console_index(sv, fd)) == -1)
		return;
	co = &sv->sv_cons[i];
	n = read(fd, buf, sizeof(buf));
	if (n <= 0) {
		/*
		 * With the slave held open a pty gives no EOF; an error
		 * here (EIO while nothing holds the other side) would make
		 * poll spin, so stop watching until the next boot.
		 */
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		ev_fd_del(sv->sv_loop, fd);
		return;
	}
	sv_console_ring(co, buf, (size_t)n);
	if (i == 0)
		sv_console_log(sv, buf, (size_t)n);
	sv_control_output(sv, i, buf, (size_t)n);
}

/* (Re)open console.log for appending. */
void
sv_console_reopenlog(struct sv *sv)
{
	struct stat	 st;

	if (sv->sv_logfd != -1)
		close(sv->sv_logfd);
	sv->sv_logfd = open(sv->sv_logpath, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC, 0600);
	sv->sv_logsize = 0;
	if (sv->sv_logfd != -1 && fstat(sv->sv_logfd, &st) == 0)
		sv->sv_logsize = (size_t)st.st_size;
}

/* Open every COM port's host side. */
int
sv_console_open(struct sv *sv, char **cause)
{
	const struct vm	*vm = sv->sv_vm;
	int		 i;

	sv->sv_logpath = runstate_path(sv->sv_name, "console.log");
	sv_console_reopenlog(sv);
	/* In the foreground the first port is bhyve's stdio. */
	for (i = 0; i < vm->vm_ncomports; i++) {
		sv->sv_cons[i].co_port = vm->vm_comports[i];
		if (sv->sv_foreground && i == 0) {
			sv->sv_cons[i].co_pc.pc_fd = -1;
			sv->sv_cons[i].co_pc.pc_keep = -1;
			sv->sv_cons[i].co_pc.pc_guestpath = xstrdup("stdio");
			sv->sv_ncons++;
			continue;
		}
		if (platform_console_open(sv->sv_name, i + 1,
		    &sv->sv_cons[i].co_pc, cause) == -1)
			return (-1);
		sv->sv_ncons++;
		ev_fd(sv->sv_loop, sv->sv_cons[i].co_pc.pc_fd, POLLIN,
		    sv_console_read, sv);
		sv_log(sv, "console %s: %s", vm->vm_comports[i],
		    sv->sv_cons[i].co_pc.pc_userpath != NULL ?
		    sv->sv_cons[i].co_pc.pc_userpath :
		    sv->sv_cons[i].co_pc.pc_guestpath);
	}
	return (0);
}

/* Close the consoles and the log. */
void
sv_console_close(struct sv *sv)
{
	int	 i;

	for (i = 0; i < sv->sv_ncons; i++) {
		if (sv->sv_cons[i].co_pc.pc_fd != -1)
			ev_fd_del(sv->sv_loop, sv->sv_cons[i].co_pc.pc_fd);
		platform_console_close(&sv->sv_cons[i].co_pc);
	}
	sv->sv_ncons = 0;
	if (sv->sv_logfd != -1)
		close(sv->sv_logfd);
	sv->sv_logfd = -1;
	free(sv->sv_logpath);
	sv->sv_logpath = NULL;
}

/* Type bytes from a viewer on a console. */
void
sv_console_input(struct sv *sv, int port, const void *p, size_t n)
{
	int	 fd;
	ssize_t	 w;

	if (port < 0 || port >= sv->sv_ncons ||
	    (fd = sv->sv_cons[port].co_pc.pc_fd) == -1)
		return;
	/* The console is non-blocking: typing never stalls the loop. */
	w = write(fd, p, n);
	(void)w;
}

/* Append the recent console output of port to b. */
void
sv_console_replay(struct sv *sv, int port, struct buf *b)
{
	struct sv_console	*co;
	size_t			 start;

	if (port < 0 || port >= sv->sv_ncons)
		return;
	co = &sv->sv_cons[port];
	start = (co->co_head + SV_RING - co->co_len) % SV_RING;
	if (start + co->co_len <= SV_RING)
		buf_add(b, co->co_ring + start, co->co_len);
	else {
		buf_add(b, co->co_ring + start, SV_RING - start);
		buf_add(b, co->co_ring, co->co_len - (SV_RING - start));
	}
}

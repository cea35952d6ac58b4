/*
 * event.h - one poll(2) loop for the supervisor and long-running clients.
 *
 * Callbacks are registered for file descriptors, one-shot timers and
 * signals; ev_run() dispatches until ev_stop().  Signals are delivered
 * through a self-pipe so their callbacks run in the loop, not in a
 * signal handler.  An idle loop sleeps in poll(2) with no timeout: it
 * uses no CPU.  poll(2) rather than kqueue(2) so the same code runs on
 * FreeBSD and on the Linux test host.
 *
 * Ownership: the loop owns its tables; callers own their fds.
 */
#ifndef HYVE_EVENT_H
#define HYVE_EVENT_H

#include <poll.h>
#include <stdint.h>

struct ev_loop;

typedef void	(*ev_fd_cb)(int fd, short revents, void *arg);
typedef void	(*ev_cb)(void *arg);

struct ev_loop	*ev_new(void);
void		 ev_free(struct ev_loop *);
/* Watch fd for events (POLLIN, POLLOUT); replaces an earlier watch. */
void		 ev_fd(struct ev_loop *, int fd, short events, ev_fd_cb,
		    void *arg);
/* Stop watching fd. */
void		 ev_fd_del(struct ev_loop *, int fd);
/* Call cb once after ms milliseconds; returns an id for ev_timer_del. */
uint64_t	 ev_timer(struct ev_loop *, int64_t ms, ev_cb, void *arg);
void		 ev_timer_del(struct ev_loop *, uint64_t id);
/* Run cb in the loop whenever signal sig arrives. */
void		 ev_signal(struct ev_loop *, int sig, ev_cb, void *arg);
/* Dispatch until ev_stop(); returns 0, or -1 if poll(2) fails. */
int		 ev_run(struct ev_loop *);
void		 ev_stop(struct ev_loop *);
/* Milliseconds on the monotonic clock. */
int64_t		 ev_now(void);

#endif /* HYVE_EVENT_H */

/*
 * event.c - the poll(2) event loop.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "xmalloc.h"

#define EV_NSIG	65

struct ev_watch {
	int		 w_fd;
	short		 w_events;
	ev_fd_cb	 w_cb;
	void		*w_arg;
};

struct ev_timer {
	uint64_t	 t_id;
	int64_t		 t_when;
	ev_cb		 t_cb;
	void		*t_arg;
};

struct ev_loop {
	struct ev_watch	*l_w;
	size_t		 l_nw;
	size_t		 l_capw;
	struct ev_timer	*l_t;
	size_t		 l_nt;
	size_t		 l_capt;
	uint64_t	 l_nextid;
	bool		 l_stop;
	ev_cb		 l_sigcb[EV_NSIG];
	void		*l_sigarg[EV_NSIG];
	int		 l_pipe[2];
};

/* The write end of the loop's self-pipe, for the signal handler. */
static int ev_sigfd = -1;

/* Record a signal in the self-pipe; runs as a signal handler. */
static void
ev_handler(int sig)
{
	unsigned char	 c = (unsigned char)sig;
	ssize_t		 n;
	int		 saved = errno;

	/* A full pipe already holds a wake-up; losing this byte is fine. */
	n = write(ev_sigfd, &c, 1);
	(void)n;
	errno = saved;
}

/* Milliseconds on the monotonic clock. */
int64_t
ev_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Run the callbacks of signals read from the self-pipe. */
static void
ev_signals(int fd, short revents, void *arg)
{
	struct ev_loop	*l = arg;
	unsigned char	 buf[64];
	ssize_t		 n, i;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			if (buf[i] < EV_NSIG && l->l_sigcb[buf[i]] != NULL)
				l->l_sigcb[buf[i]](l->l_sigarg[buf[i]]);
}

/* Create a loop.  There is one per process (the self-pipe is global). */
struct ev_loop *
ev_new(void)
{
	struct ev_loop	*l;

	l = xcalloc(1, sizeof(*l));
	if (pipe(l->l_pipe) == -1)
		abort();
	fcntl(l->l_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(l->l_pipe[1], F_SETFD, FD_CLOEXEC);
	fcntl(l->l_pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(l->l_pipe[1], F_SETFL, O_NONBLOCK);
	ev_sigfd = l->l_pipe[1];
	ev_fd(l, l->l_pipe[0], POLLIN, ev_signals, l);
	return (l);
}

/* Free a loop; signal handlers go back to their defaults. */
void
ev_free(struct ev_loop *l)
{
	int	 sig;

	if (l == NULL)
		return;
	for (sig = 1; sig < EV_NSIG; sig++)
		if (l->l_sigcb[sig] != NULL)
			signal(sig, SIG_DFL);
	close(l->l_pipe[0]);
	close(l->l_pipe[1]);
	ev_sigfd = -1;
	free(l->l_w);
	free(l->l_t);
	free(l);
}

/* Watch an fd. */
void
ev_fd(struct ev_loop *l, int fd, short events, ev_fd_cb cb, void *arg)
{
	size_t	 i;

	for (i = 0; i < l->l_nw; i++)
		if (l->l_w[i].w_fd == fd)
			break;
	if (i == l->l_nw) {
		if (l->l_nw == l->l_capw) {
			l->l_capw = l->l_capw == 0 ? 8 : l->l_capw * 2;
			l->l_w = xreallocarray(l->l_w, l->l_capw,
			    sizeof(*l->l_w));
		}
		l->l_nw++;
	}
	l->l_w[i].w_fd = fd;
	l->l_w[i].w_events = events;
	l->l_w[i].w_cb = cb;
	l->l_w[i].w_arg = arg;
}

/* Stop watching an fd. */
void
ev_fd_del(struct ev_loop *l, int fd)
{
	size_t	 i;

	for (i = 0; i < l->l_nw; i++) {
		if (l->l_w[i].w_fd != fd)
			continue;
		l->l_w[i] = l->l_w[--l->l_nw];
		return;
	}
}

/* Add a one-shot timer. */
uint64_t
ev_timer(struct ev_loop *l, int64_t ms, ev_cb cb, void *arg)
{
	struct ev_timer	*t;

	if (l->l_nt == l->l_capt) {
		l->l_capt = l->l_capt == 0 ? 8 : l->l_capt * 2;
		l->l_t = xreallocarray(l->l_t, l->l_capt, sizeof(*l->l_t));
	}
	t = &l->l_t[l->l_nt++];
	t->t_id = ++l->l_nextid;
	t->t_when = ev_now() + ms;
	t->t_cb = cb;
	t->t_arg = arg;
	return (t->t_id);
}

/* Cancel a timer (a fired or unknown id is ignored). */
void
ev_timer_del(struct ev_loop *l, uint64_t id)
{
	size_t	 i;

	for (i = 0; i < l->l_nt; i++) {
		if (l->l_t[i].t_id != id)
			continue;
		l->l_t[i] = l->l_t[--l->l_nt];
		return;
	}
}

/* Route a signal into the loop. */
void
ev_signal(struct ev_loop *l, int sig, ev_cb cb, void *arg)
{
	struct sigaction	 sa;

	l->l_sigcb[sig] = cb;
	l->l_sigarg[sig] = arg;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ev_handler;
	sigemptyset(&sa.sa_mask);
	/* Restart interrupted calls; the loop learns of it via the pipe. */
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

/* Fire every timer that is due. */
static void
ev_runtimers(struct ev_loop *l)
{
	struct ev_timer	 t;
	int64_t		 now = ev_now();
	size_t		 i;

	for (i = 0; i < l->l_nt;) {
		if (l->l_t[i].t_when > now) {
			i++;
			continue;
		}
		t = l->l_t[i];
		l->l_t[i] = l->l_t[--l->l_nt];
		t.t_cb(t.t_arg);
		i = 0;		/* the callback may have changed the table */
	}
}

/* Dispatch events until ev_stop(). */
int
ev_run(struct ev_loop *l)
{
	struct pollfd	*pfd = NULL;
	struct ev_watch	 w;
	int64_t		 next, now;
	size_t		 i, j, n;
	int		 timeout, rv = 0;

	l->l_stop = false;
	while (!l->l_stop) {
		n = l->l_nw;
		pfd = xreallocarray(pfd, n + 1, sizeof(*pfd));
		for (i = 0; i < n; i++) {
			pfd[i].fd = l->l_w[i].w_fd;
			pfd[i].events = l->l_w[i].w_events;
			pfd[i].revents = 0;
		}
		timeout = -1;
		if (l->l_nt > 0) {
			next = l->l_t[0].t_when;
			for (i = 1; i < l->l_nt; i++)
				if (l->l_t[i].t_when < next)
					next = l->l_t[i].t_when;
			now = ev_now();
			timeout = next <= now ? 0 : next - now > 86400000 ?
			    86400000 : (int)(next - now);
		}
		if (poll(pfd, (nfds_t)n, timeout) == -1) {
			if (errno == EINTR)
				continue;
			rv = -1;
			break;
		}
		for (i = 0; i < n && !l->l_stop; i++) {
			if (pfd[i].revents == 0)
				continue;
			/* The watch may have gone or moved meanwhile. */
			for (j = 0; j < l->l_nw; j++)
				if (l->l_w[j].w_fd == pfd[i].fd)
					break;
			if (j == l->l_nw)
				continue;
			w = l->l_w[j];
			w.w_cb(w.w_fd, pfd[i].revents, w.w_arg);
		}
		if (!l->l_stop)
			ev_runtimers(l);
	}
	free(pfd);
	return (rv);
}

/* Make ev_run() return after the current callback. */
void
ev_stop(struct ev_loop *l)
{
	l->l_stop = true;
}

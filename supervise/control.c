/*
 * control.c - the supervisor's control socket and its clients.
 */
#include "compat.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "event.h"
#include "proto.h"
#include "runstate.h"
#include "supervise.h"
#include "xmalloc.h"

static void	sv_client_io(int, short, void *);

/* Drop a client. */
static void
sv_client_free(struct sv *sv, struct sv_client *cl)
{
	TAILQ_REMOVE(&sv->sv_clients, cl, cl_entry);
	ev_fd_del(sv->sv_loop, cl->cl_fd);
	close(cl->cl_fd);
	buf_free(cl->cl_out);
	free(cl);
}

/* Watch a client for input, and for output when some is waiting. */
static void
sv_client_watch(struct sv *sv, struct sv_client *cl)
{
	ev_fd(sv->sv_loop, cl->cl_fd, POLLIN | (cl->cl_out->b_len > 0 ?
	    POLLOUT : 0), sv_client_io, sv);
}

/* Queue bytes for a client; a viewer too far behind is dropped. */
static bool
sv_client_queue(struct sv *sv, struct sv_client *cl, const void *p,
    size_t n)
{
	if (cl->cl_out->b_len + n > SV_CLIENT_MAXOUT) {
		sv_log(sv, "console viewer too slow; dropped");
		sv_client_free(sv, cl);
		return (false);
	}
	buf_add(cl->cl_out, p, n);
	sv_client_watch(sv, cl);
	return (true);
}

/* Send the fixed-size answer to a request. */
static bool
sv_client_answer(struct sv *sv, struct sv_client *cl, int status,
    const char *msg)
{
	struct proto_resp	 resp;

	memset(&resp, 0, sizeof(resp));
	resp.ps_version = PROTO_VERSION;
	resp.ps_status = status;
	snprintf(resp.ps_msg, sizeof(resp.ps_msg), "%s", msg);
	return (sv_client_queue(sv, cl, &resp, sizeof(resp)));
}

/* The console index a request names ("" is the first). */
static int
sv_client_port(struct sv *sv, const char *name)
{
	int	 i;

	if (*name == '\0')
		return (sv->sv_ncons > 0 ? 0 : -1);
	for (i = 0; i < sv->sv_ncons; i++)
		if (strcmp(sv->sv_cons[i].co_port, name) == 0)
			return (i);
	return (-1);
}

/* Act on a complete request. */
static void
sv_client_request(struct sv *sv, struct sv_client *cl)
{
	struct proto_req	 req;
	char			 msg[256];
	int			 port;

	memcpy(&req, cl->cl_in, sizeof(req));
	req.pr_data[sizeof(req.pr_data) - 1] = '\0';
	if (req.pr_version != PROTO_VERSION) {
		sv_client_answer(sv, cl, EPROTONOSUPPORT, "protocol version "
		    "mismatch: restart the guest with this hyve");
		cl->cl_type = PROTO_STATUS;
		return;
	}
	cl->cl_type = req.pr_type;
	switch (req.pr_type) {
	case PROTO_STATUS:
		snprintf(msg, sizeof(msg), "%s boots=%d pid=%d",
		    sv_statename(sv->sv_state), sv->sv_boots,
		    (int)sv->sv_pid);
		sv_client_answer(sv, cl, 0, msg);
		break;
	case PROTO_STOP:
		sv_client_answer(sv, cl, 0, "stopping");
		sv_stop(sv, (req.pr_flags & PROTO_FORCE) != 0, false);
		break;
	case PROTO_RESTART:
		sv_client_answer(sv, cl, 0, "restarting");
		sv_stop(sv, (req.pr_flags & PROTO_FORCE) != 0, true);
		cl->cl_type = PROTO_STATUS;
		break;
	case PROTO_RESET:
	case PROTO_POWEROFF:
		sv_reset(sv, req.pr_type == PROTO_POWEROFF, msg, sizeof(msg));
		sv_client_answer(sv, cl, 0, msg);
		if (req.pr_type == PROTO_RESET)
			cl->cl_type = PROTO_STATUS;
		else
			cl->cl_type = PROTO_WAIT;
		break;
	case PROTO_WAIT:
		sv_client_answer(sv, cl, 0, sv_statename(sv->sv_state));
		break;
	case PROTO_ATTACH:
		if ((port = sv_client_port(sv, req.pr_data)) == -1 ||
		    sv->sv_cons[port].co_pc.pc_fd == -1) {
			snprintf(msg, sizeof(msg), "%s has no console %s",
			    sv->sv_name, *req.pr_data ? req.pr_data :
			    "(no COM port)");
			sv_client_answer(sv, cl, ENOENT, msg);
			cl->cl_type = PROTO_STATUS;
			break;
		}
		cl->cl_port = port;
		if (!sv_client_answer(sv, cl, 0, sv->sv_cons[port].co_port))
			return;
		if ((req.pr_flags & PROTO_NOREPLAY) == 0) {
			sv_console_replay(sv, port, cl->cl_out);
			sv_client_watch(sv, cl);
		}
		break;
	default:
		sv_client_answer(sv, cl, EINVAL, "unknown request");
		cl->cl_type = PROTO_STATUS;
		break;
	}
}

/* Input from or room for output to a client. */
static void
sv_client_io(int fd, short revents, void *arg)
{
	struct sv		*sv = arg;
	struct sv_client	*cl;
	char			 buf[4096];
	size_t			 want;
	ssize_t			 n;

	TAILQ_FOREACH(cl, &sv->sv_clients, cl_entry)
		if (cl->cl_fd == fd)
			break;
	if (cl == NULL)
		return;
	if ((revents & POLLOUT) != 0 && cl->cl_out->b_len > 0) {
		n = write(fd, cl->cl_out->b_data, cl->cl_out->b_len);
		if (n == -1 && errno != EAGAIN && errno != EINTR) {
			sv_client_free(sv, cl);
			return;
		}
		if (n > 0) {
			memmove(cl->cl_out->b_data, cl->cl_out->b_data + n,
			    cl->cl_out->b_len - (size_t)n);
			cl->cl_out->b_len -= (size_t)n;
		}
		/* A one-shot answer has gone: close. */
		if (cl->cl_out->b_len == 0 && cl->cl_type == PROTO_STATUS) {
			sv_client_free(sv, cl);
			return;
		}
		sv_client_watch(sv, cl);
	}
	if ((revents & (POLLIN | POLLHUP | POLLERR)) == 0)
		return;
	if (cl->cl_type == 0) {
		want = sizeof(struct proto_req) - cl->cl_inlen;
		n = read(fd, cl->cl_in + cl->cl_inlen, want);
		if (n <= 0) {
			if (n == -1 && (errno == EAGAIN || errno == EINTR))
				return;
			sv_client_free(sv, cl);
			return;
		}
		cl->cl_inlen += (size_t)n;
		if (cl->cl_inlen == sizeof(struct proto_req))
			sv_client_request(sv, cl);
		return;
	}
	n = read(fd, buf, sizeof(buf));
	if (n <= 0) {
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		sv_client_free(sv, cl);
		return;
	}
	if (cl->cl_type == PROTO_ATTACH)
		sv_console_input(sv, cl->cl_port, buf, (size_t)n);
}

/*
 * A new connection.  Only root and the supervisor's own user may talk
 * to it; the identity comes from the kernel, never from the request.
 */
static void
sv_control_accept(int fd, short revents, void *arg)
{
	struct sv		*sv = arg;
	struct sv_client	*cl;
	uid_t			 uid;
	gid_t			 gid;
	int			 c;

	if ((c = accept(fd, NULL, NULL)) == -1)
		return;
	if (getpeereid(c, &uid, &gid) == -1 ||
	    (uid != 0 && uid != geteuid())) {
		close(c);
		return;
	}
	fcntl(c, F_SETFD, FD_CLOEXEC);
	fcntl(c, F_SETFL, O_NONBLOCK);
	cl = xcalloc(1, sizeof(*cl));
	cl->cl_fd = c;
	cl->cl_out = buf_new();
	TAILQ_INSERT_TAIL(&sv->sv_clients, cl, cl_entry);
	sv_client_watch(sv, cl);
}

/* Create the control socket, mode 0600. */
int
sv_control_open(struct sv *sv, char **cause)
{
	struct sockaddr_un	 sun;
	mode_t			 old;
	int			 fd;

	sv->sv_ctlpath = runstate_path(sv->sv_name, "control.sock");
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, sv->sv_ctlpath, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path)) {
		xasprintf(cause, "%s: path too long for a socket",
		    sv->sv_ctlpath);
		return (-1);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	/* A socket left by a killed supervisor; we hold the lock. */
	(void)unlink(sv->sv_ctlpath);
	/* The umask makes it private from birth; chmod says so again. */
	old = umask(077);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(sv->sv_ctlpath, 0600) == -1 || listen(fd, 16) == -1) {
		umask(old);
		xasprintf(cause, "%s: %s", sv->sv_ctlpath, strerror(errno));
		close(fd);
		return (-1);
	}
	umask(old);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	sv->sv_ctlfd = fd;
	ev_fd(sv->sv_loop, fd, POLLIN, sv_control_accept, sv);
	return (0);
}

/*
 * Close the socket and every client: waiting clients (hyve stop, hyve
 * wait) read EOF, which tells them the guest has stopped.  Answers
 * still queued are flushed first, as far as the socket takes them.
 */
void
sv_control_close(struct sv *sv)
{
	struct sv_client	*cl;
	ssize_t			 n = 0;

	while ((cl = TAILQ_FIRST(&sv->sv_clients)) != NULL) {
		if (cl->cl_out->b_len > 0)
			n = write(cl->cl_fd, cl->cl_out->b_data,
			    cl->cl_out->b_len);
		(void)n;
		sv_client_free(sv, cl);
	}
	if (sv->sv_ctlfd != -1) {
		ev_fd_del(sv->sv_loop, sv->sv_ctlfd);
		close(sv->sv_ctlfd);
		sv->sv_ctlfd = -1;
	}
	if (sv->sv_ctlpath != NULL) {
		(void)unlink(sv->sv_ctlpath);
		free(sv->sv_ctlpath);
		sv->sv_ctlpath = NULL;
	}
}

/* Console output for every viewer of port. */
void
sv_control_output(struct sv *sv, int port, const void *p, size_t n)
{
	struct sv_client	*cl, *next;

	for (cl = TAILQ_FIRST(&sv->sv_clients); cl != NULL; cl = next) {
		next = TAILQ_NEXT(cl, cl_entry);
		if (cl->cl_type == PROTO_ATTACH && cl->cl_port == port)
			(void)sv_client_queue(sv, cl, p, n);
	}
}

/*
 * proto.h - the control protocol between hyve commands and a guest's
 * supervisor, over the UNIX socket /var/run/hyve/NAME/control.sock.
 *
 * A client connects and sends one struct proto_req; the supervisor
 * answers with one struct proto_resp.  Both have fixed sizes and are
 * checked for exact length and version; strings are NUL-terminated by
 * the reader.  What follows depends on the request:
 *
 *  PROTO_ATTACH	the connection becomes the console of port
 *			pr_data ("com1"; empty: the first): bytes from the
 *			guest flow to the client (after a replay of the
 *			recent console log unless PROTO_NOREPLAY), bytes
 *			from the client are typed on the console;
 *  PROTO_WAIT,
 *  PROTO_STOP		the supervisor keeps the connection open and
 *			closes it when it exits, so the client learns
 *			that the guest has stopped by reading EOF;
 *  others		the supervisor closes the connection.
 *
 * Guests outlive upgrades of hyve, so a new client must still talk to
 * an older supervisor: the version only grows, and new requests get new
 * numbers.  Requests are allowed only from root or the supervisor's own
 * user (checked with the peer's credentials, never the payload).
 */
#ifndef HYVE_PROTO_H
#define HYVE_PROTO_H

#include <stdint.h>

#define PROTO_VERSION	1

enum proto_type {
	PROTO_STATUS = 1,	/* resp message: the state line */
	PROTO_STOP,		/* graceful; PROTO_FORCE: at once */
	PROTO_RESTART,		/* graceful stop, then boot again */
	PROTO_RESET,		/* bhyvectl --force-reset */
	PROTO_POWEROFF,		/* bhyvectl --force-poweroff */
	PROTO_ATTACH,		/* console stream */
	PROTO_WAIT		/* EOF when the guest has stopped */
};

#define PROTO_FORCE	0x1
#define PROTO_NOREPLAY	0x2

struct proto_req {
	uint32_t	pr_version;
	uint32_t	pr_type;
	uint32_t	pr_flags;
	uint32_t	pr_spare;
	char		pr_data[64];
};

struct proto_resp {
	uint32_t	ps_version;
	int32_t		ps_status;	/* 0 ok, else an errno-like code */
	char		ps_msg[256];
};

#endif /* HYVE_PROTO_H */

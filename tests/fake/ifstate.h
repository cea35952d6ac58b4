/*
 * ifstate.h - the network interfaces of hyve's fake host.
 *
 * One file per interface, $FH/net/NAME, of "key=value" lines:
 *
 *	type=tap		kind (table in ifstate.c): tap, vmnet, bridge,
 *				vlan, vxlan (cloned), ether, loop (not)
 *	unit=0			cloned interfaces: the cloner's unit number
 *	index=3			interface index (lowest free at creation)
 *	up=1			IFF_UP
 *	mtu=1500
 *	descr=TEXT		description, if any
 *	group=G			one line per group, in the order joined
 *	member=IF		bridges: one line per member, in the order added
 *	private=IF		bridges: members marked private
 *	span=IF			bridges: span ports
 *	opened=PID		taps: the bhyve holding /dev/NAME open
 *	inet=A.B.C.D/N		one line per IPv4 address, primary first
 *	inet6=ADDR/N		one line per IPv6 address
 *	vlandev=IF, vlan=N	vlan interfaces: parent and tag
 *	vxlanid=N, vxlanlocal=A, vxlangroup=A, vxlandev=IF
 *				vxlan interfaces
 *
 * Readers and writers hold ifs_lock(); files are replaced atomically.
 * Interfaces with a device node (taps) also have $FH/dev/NAME.
 */

#ifndef _IFSTATE_H_
#define	_IFSTATE_H_

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

/* IFNAMSIZ: names and groups hold at most 15 characters. */
#define	IFS_NAMESIZE	16

/* if.h interface flags the fake reports. */
#define	IFS_UP		0x1
#define	IFS_BROADCAST	0x2
#define	IFS_LOOPBACK	0x8
#define	IFS_RUNNING	0x40
#define	IFS_PROMISC	0x100
#define	IFS_SIMPLEX	0x800
#define	IFS_MULTICAST	0x8000

/* A kind of interface and what the kernel does with it. */
struct ifs_kind {
	const char	*k_name;	/* type= value, cloner name */
	bool		 k_clone;	/* made by "ifconfig NAME create" */
	bool		 k_dev;		/* has the device node $FH/dev/NAME */
	bool		 k_stayup;	/* stays up when its device closes */
	bool		 k_bridgeable;	/* may be a bridge member */
	unsigned int	 k_flags;	/* flags it always has */
	int		 k_mtu;		/* default MTU */
	const char	*k_group;	/* group it starts in, or NULL */
};

/* A list of names. */
struct ifs_list {
	char		**il_v;
	size_t		  il_n;
};

/* One interface. */
struct ifs {
	char		 ifs_name[IFS_NAMESIZE];
	const struct ifs_kind *ifs_kind;
	int		 ifs_unit;	/* -1 unless cloned */
	int		 ifs_index;
	bool		 ifs_up;
	int		 ifs_mtu;
	char		*ifs_descr;	/* NULL for none */
	struct ifs_list	 ifs_groups;
	struct ifs_list	 ifs_members;
	struct ifs_list	 ifs_private;
	struct ifs_list	 ifs_spans;
	pid_t		 ifs_opened;	/* 0 when the device is closed */
	struct ifs_list	 ifs_inet;	/* "A.B.C.D/N" */
	struct ifs_list	 ifs_inet6;	/* "ADDR/N" */
	char		*ifs_vlandev;	/* NULL unless set */
	int		 ifs_vlan;	/* -1 unless set */
	long		 ifs_vxlanid;	/* -1 unless set */
	char		*ifs_vxlanlocal;
	char		*ifs_vxlangroup;
	char		*ifs_vxlandev;
};

/* Take the interface lock (see fh_lock). */
int		 ifs_lock(void);
/* The kind named name, or NULL. */
const struct ifs_kind *ifs_kind(const char *);
/*
 * The cloned kind a "create" name asks for: the kind's name and an
 * optional unit, stored in *unit (-1 without one).  NULL if none fits.
 */
const struct ifs_kind *ifs_cloner(const char *, int *);
/*
 * A new interface (not saved).  The caller sets the unit and index.
 */
struct ifs	*ifs_new(const char *, const struct ifs_kind *);
/*
 * Load an interface; NULL with errno ENOENT when there is none.  A tap
 * whose bhyve has died is closed, and goes down unless its kind stays up.
 */
struct ifs	*ifs_load(const char *);
/* All interfaces by index; the caller frees them with ifs_freeall. */
struct ifs	**ifs_loadall(size_t *);
void		 ifs_freeall(struct ifs **, size_t);
/* Write the state file of an interface. */
void		 ifs_save(const struct ifs *);
/* Remove the state file of an interface named name. */
void		 ifs_unlink(const char *);
void		 ifs_free(struct ifs *);
/* The interface flags (IFS_*); member says it is in a bridge. */
unsigned int	 ifs_flags(const struct ifs *, bool);
/* Print flags as ifconfig does: "8843<UP,BROADCAST,...>". */
void		 ifs_printflags(unsigned int);

/* Replace *dst with a copy of v. */
void		 ifs_setstr(char **, const char *);

/*
 * Netgraph nodes (ng_bridge switches): $FH/ng/NODE exists for each,
 * holding "HOOK PID" lines for the hooks a live bhyve has connected
 * (a hook whose process has died is free again, as the kernel drops
 * the ng_socket of a dead process).  Callers hold ifs_lock().
 */
/* Whether node exists. */
bool		 ifs_ng_exists(const char *);
/* Whether hook of node is connected to a live process. */
bool		 ifs_ng_connected(const char *, const char *);
/* Record hook of node as connected by pid. */
void		 ifs_ng_connect(const char *, const char *, pid_t);

/* Name lists. */
bool		 ifs_list_has(const struct ifs_list *, const char *);
void		 ifs_list_add(struct ifs_list *, const char *);
/* Returns whether the name was there. */
bool		 ifs_list_del(struct ifs_list *, const char *);
/* Returns whether the name was there. */
bool		 ifs_list_rename(struct ifs_list *, const char *, const char *);

#endif /* !_IFSTATE_H_ */

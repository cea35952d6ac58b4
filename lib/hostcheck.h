/*
 * hostcheck.h - is this host ready to run guests ("hyve check host")?
 *
 * The CLI gathers facts (what sysctl, kldstat, pfctl and ifconfig
 * print, which guests need what) and hostcheck_run() judges them, one
 * result per check: PASS, WARN or FAIL, with the fix for anything not
 * PASS.  Nothing here touches the host, so every judgement is tested
 * from text.
 *
 * Ownership: hostcheck_free() releases a report and accepts NULL.
 */
#ifndef HYVE_HOSTCHECK_H
#define HYVE_HOSTCHECK_H

#include <stdbool.h>
#include <stddef.h>

enum hc_status {
	HC_PASS,
	HC_WARN,
	HC_FAIL
};

struct hc_result {
	char		*hr_name;	/* "vmm", "nmdm", "pf", ... */
	enum hc_status	 hr_status;
	char		*hr_msg;
	char		*hr_fix;	/* NULL for PASS */
};

struct hc_report {
	struct hc_result *hc_v;
	size_t		  hc_n;
	size_t		  hc_count[3];	/* by status */
};

/* A program or file some guests need. */
struct hc_need {
	const char	*hn_guests;	/* "web db": who needs it */
	const char	*hn_path;
	bool		 hn_present;
};

/* What the CLI found on the host; text is NULL when it was not found. */
struct hc_facts {
	const char	*hf_vmdir;	/* vm_dir, or NULL when unset */
	bool		 hf_vmdir_ok;	/* ... and its directory exists */
	const char	*hf_sysctl;	/* "name: value" lines (sysctl -i) */
	bool		 hf_kld_vmm;	/* kldstat -q -m MODULE succeeded */
	bool		 hf_kld_nmdm;
	bool		 hf_kld_tap;
	bool		 hf_kld_bridge;
	const char	*hf_dmesg;	/* the boot messages ... */
	const char	*hf_dmesg_path;	/* ... read from this file */
	const char	*hf_passthru;	/* guests with passthru, or "" */
	struct hc_need	 hf_firmware[4];	/* UEFI firmware files */
	size_t		 hf_nfirmware;
	struct hc_need	 hf_grub;	/* grub-bhyve; hn_guests "" if none */
	const char	*hf_pfinfo;	/* pfctl -s info, NULL: pf absent */
	bool		 hf_pf_denied;	/* ... or pfctl may not look */
	const char	*hf_pfifaces;	/* pfctl -v -s Interfaces */
	const char	*hf_ifconfig;	/* ifconfig -a */
	const char	*hf_taps;	/* taps of running guests */
	const char	*hf_bridges;	/* bridges of the switches */
	const char	*hf_ports;	/* "switch:port ..." of system.conf */
};

/*
 * The bridges that have one of taps (blank-separated) as a member, from
 * ifconfig -a output, blank-separated (caller frees).
 */
char			*hostcheck_bridges(const char *ifconfig,
			    const char *taps);
/* Judge the facts. */
struct hc_report	*hostcheck_run(const struct hc_facts *);
void			 hostcheck_free(struct hc_report *);
/* "PASS", "WARN", "FAIL". */
const char		*hostcheck_statusname(enum hc_status);
/*
 * The value of oid in sysctl's "name: value" output, copied into buf,
 * or NULL when it is not there.
 */
const char		*hostcheck_sysctl(const char *text, const char *oid,
			    char *buf, size_t len);

#endif /* HYVE_HOSTCHECK_H */

/*
 * autostart_test.c - choosing and ordering the guests that start with
 * the host (lib/autostart.c).
 */
#include "compat.h"

#include <atf-c.h>
#include <stdio.h>
#include <string.h>

#include "autostart.h"
#include "model.h"

/* The chosen names joined by spaces, in order. */
static const char *
names(const struct autostart_guest *v, size_t n, const char *vmlist)
{
	static char	 buf[256];
	size_t		 out[16], m, i;

	ATF_REQUIRE(n <= 16);
	m = autostart_order(v, n, vmlist, out);
	buf[0] = '\0';
	for (i = 0; i < m; i++) {
		if (i > 0)
			strlcat(buf, " ", sizeof(buf));
		strlcat(buf, v[out[i]].ag_name, sizeof(buf));
	}
	return (buf);
}

ATF_TC_WITHOUT_HEAD(vm_list_only);
ATF_TC_BODY(vm_list_only, tc)
{
	/* A vm-bhyve host: no keys; vm_list chooses and orders. */
	struct autostart_guest v[] = {
		{ "a", -1, VM_AUTOSTART_ORDER },
		{ "b", -1, VM_AUTOSTART_ORDER },
		{ "c", -1, VM_AUTOSTART_ORDER },
		{ "d", -1, VM_AUTOSTART_ORDER },
	};

	ATF_CHECK_STREQ("c a", names(v, 4, "c a"));
	ATF_CHECK_STREQ("d b", names(v, 4, "  d\tb\n"));
	ATF_CHECK_STREQ("", names(v, 4, ""));
	ATF_CHECK_STREQ("", names(v, 4, NULL));
	/* A stale name in vm_list is ignored; a word must match whole. */
	ATF_CHECK_STREQ("b", names(v, 4, "gone bb b"));
}

ATF_TC_WITHOUT_HEAD(keys_win);
ATF_TC_BODY(keys_win, tc)
{
	struct autostart_guest v[] = {
		{ "web", 1, VM_AUTOSTART_ORDER },	/* not in vm_list */
		{ "db", 1, 10 },
		{ "off", 0, 1 },			/* listed, but no */
		{ "dns", -1, VM_AUTOSTART_ORDER },
		{ "app", 1, VM_AUTOSTART_ORDER },
		{ "cache", 1, 10 },
	};

	/*
	 * Order 10 first (by name: cache, db), then order 1000: listed
	 * ones in vm_list order (dns), then the rest by name (app, web).
	 */
	ATF_CHECK_STREQ("cache db dns app web", names(v, 6, "off dns"));
	/* vm_list order breaks a tie of autostart_order. */
	ATF_CHECK_STREQ("db cache web dns app", names(v, 6, "db web dns"));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, vm_list_only);
	ATF_TP_ADD_TC(tp, keys_win);
	return (atf_no_error());
}

/*
 * autostart_test.c - the startall order (lib/autostart.c): who starts,
 * and explicit order, vm_list position and name as the sort keys.
 */
#include "compat.h"

#include <atf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autostart.h"
#include "buf.h"
#include "model.h"
#include "xmalloc.h"

/* Order guests and check the names in start order, space-separated. */
static void
expect(const char *vmlist, const struct autostart_guest *g, size_t n,
    const char *want)
{
	struct buf	*b;
	size_t		*order, i, k;

	order = xcalloc(n + 1, sizeof(*order));
	k = autostart_order(vmlist, g, n, order);
	b = buf_new();
	for (i = 0; i < k; i++)
		buf_addf(b, "%s%s", i > 0 ? " " : "", g[order[i]].ag_name);
	ATF_CHECK_STREQ_MSG(want, b->b_data, "vm_list \"%s\": want \"%s\" "
	    "got \"%s\"", vmlist != NULL ? vmlist : "(null)", want,
	    b->b_data);
	buf_free(b);
	free(order);
}

ATF_TC_WITHOUT_HEAD(vmlist_only);
ATF_TC_BODY(vmlist_only, tc)
{
	/* Directory order (the input order) must not matter. */
	const struct autostart_guest g[] = {
		{ "alpha", -1, VM_AUTOSTART_ORDER },
		{ "web", -1, VM_AUTOSTART_ORDER },
		{ "db", -1, VM_AUTOSTART_ORDER },
		{ "mail", -1, VM_AUTOSTART_ORDER },
	};

	expect("db web mail", g, nitems(g), "db web mail");
	expect("  mail\tdb  ", g, nitems(g), "mail db");
	expect("", g, nitems(g), "");
	expect(NULL, g, nitems(g), "");
	/* Names that are no guest are ignored. */
	expect("ghost web", g, nitems(g), "web");
	/* A name listed twice counts where it first appears. */
	expect("web db web", g, nitems(g), "web db");
}

ATF_TC_WITHOUT_HEAD(keys_win);
ATF_TC_BODY(keys_win, tc)
{
	const struct autostart_guest g[] = {
		{ "alpha", 1, VM_AUTOSTART_ORDER },	/* yes, not listed */
		{ "web", 0, VM_AUTOSTART_ORDER },	/* no, though listed */
		{ "db", -1, VM_AUTOSTART_ORDER },	/* vm_list decides */
		{ "mail", -1, VM_AUTOSTART_ORDER },	/* not listed */
	};

	/* Listed guests first, then the unlisted ones by name. */
	expect("web db", g, nitems(g), "db alpha");
	expect("", g, nitems(g), "alpha");
}

ATF_TC_WITHOUT_HEAD(explicit_order);
ATF_TC_BODY(explicit_order, tc)
{
	const struct autostart_guest g[] = {
		{ "a", 1, VM_AUTOSTART_ORDER },
		{ "b", 1, 20 },
		{ "c", -1, 9999 },	/* largest allowed, still before a */
		{ "d", -1, 0 },
		{ "e", 1, 20 },		/* tie with b: vm_list, then name */
		{ "f", -1, 5 },		/* not in vm_list, no autostart key */
		{ "g", 0, 1 },		/* an order does not make it start */
	};

	expect("a c d f g", g, nitems(g), "d f b e c a");
	expect("e a c d f", g, nitems(g), "d f e b c a");
	expect("c d", g, nitems(g), "d b e c a");
}

ATF_TC_WITHOUT_HEAD(ties);
ATF_TC_BODY(ties, tc)
{
	/* The same name twice (two datastores) keeps its input order. */
	const struct autostart_guest g[] = {
		{ "z", 1, VM_AUTOSTART_ORDER },
		{ "same", 1, 3 },
		{ "same", 1, 3 },
		{ "b", 1, VM_AUTOSTART_ORDER },
	};
	size_t	order[4];

	ATF_REQUIRE_EQ(4, autostart_order("", g, nitems(g), order));
	ATF_CHECK_EQ(1, order[0]);
	ATF_CHECK_EQ(2, order[1]);
	ATF_CHECK_EQ(3, order[2]);
	ATF_CHECK_EQ(0, order[3]);
	ATF_CHECK_EQ(0, autostart_order("same", g, 0, order));
}

ATF_TC_WITHOUT_HEAD(large);
ATF_TC_BODY(large, tc)
{
	struct autostart_guest	*g;
	struct buf		*b;
	char			**names;
	size_t			*order, i, n = 2000, k;

	/* vm_list names the odd guests in reverse; the rest are off. */
	g = xcalloc(n, sizeof(*g));
	names = xcalloc(n, sizeof(*names));
	b = buf_new();
	for (i = 0; i < n; i++) {
		xasprintf(&names[i], "g%04zu", i);
		g[i].ag_name = names[i];
		g[i].ag_autostart = -1;
		g[i].ag_order = VM_AUTOSTART_ORDER;
	}
	for (i = n; i-- > 0;)
		if (i % 2 == 1)
			buf_addf(b, "%s ", names[i]);
	order = xcalloc(n, sizeof(*order));
	k = autostart_order(b->b_data, g, n, order);
	ATF_REQUIRE_EQ(n / 2, k);
	for (i = 0; i < k; i++)
		ATF_CHECK_EQ(n - 1 - 2 * i, order[i]);
	ATF_CHECK_EQ(1, autostart_listpos(b->b_data, "g1999"));
	ATF_CHECK_EQ(1000, autostart_listpos(b->b_data, "g0001"));
	ATF_CHECK_EQ(0, autostart_listpos(b->b_data, "g0000"));
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(order);
	free(g);
	buf_free(b);
}

ATF_TC_WITHOUT_HEAD(wanted);
ATF_TC_BODY(wanted, tc)
{
	const struct autostart_guest yes = { "a", 1, 0 }, no = { "b", 0, 0 },
	    unset = { "c", -1, 0 };

	ATF_CHECK(autostart_wanted("", &yes));
	ATF_CHECK(!autostart_wanted("b", &no));
	ATF_CHECK(autostart_wanted("x c", &unset));
	ATF_CHECK(!autostart_wanted("cc x", &unset));
	ATF_CHECK_EQ(2, autostart_listpos("x c c", "c"));
}

/* vm_list as it should read after a rename or a destroy. */
ATF_TC_WITHOUT_HEAD(listedit);
ATF_TC_BODY(listedit, tc)
{
	static const struct {
		const char	*list, *name, *newname, *want;
	} t[] = {
		{ "a web b", "web", "db", "a db b" },
		{ "web\tweb  web", "web", "db", "db db db" },
		{ " a  web\tb ", "web", NULL, "a b" },
		{ "web", "web", NULL, "" },
		{ "webby web2 aweb", "web", "db", "webby web2 aweb" },
		{ "", "web", "db", "" },
	};
	char	*got;
	size_t	 i;

	for (i = 0; i < nitems(t); i++) {
		got = autostart_listedit(t[i].list, t[i].name, t[i].newname);
		ATF_CHECK_STREQ_MSG(t[i].want, got, "case %zu", i);
		free(got);
	}
	got = autostart_listedit(NULL, "web", NULL);
	ATF_CHECK_STREQ("", got);
	free(got);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, vmlist_only);
	ATF_TP_ADD_TC(tp, keys_win);
	ATF_TP_ADD_TC(tp, explicit_order);
	ATF_TP_ADD_TC(tp, ties);
	ATF_TP_ADD_TC(tp, large);
	ATF_TP_ADD_TC(tp, wanted);
	ATF_TP_ADD_TC(tp, listedit);
	return (atf_no_error());
}

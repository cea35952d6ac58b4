/*
 * autostart.c - the startall order (see autostart.h).
 */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "autostart.h"
#include "buf.h"
#include "xmalloc.h"

/* A vm_list word and where it first appears. */
struct autostart_word {
	char	*aw_name;
	size_t	 aw_pos;	/* 1-based */
};

/* A guest to start with its sort keys. */
struct autostart_key {
	size_t		 ak_index;
	int		 ak_order;
	size_t		 ak_pos;	/* vm_list position, SIZE_MAX if none */
	const char	*ak_name;
};

/* Order words by name, then position, so a duplicate's first comes first. */
static int
autostart_wordcmp(const void *a, const void *b)
{
	const struct autostart_word	*x = a, *y = b;
	int				 c;

	if ((c = strcmp(x->aw_name, y->aw_name)) != 0)
		return (c);
	return (x->aw_pos < y->aw_pos ? -1 : x->aw_pos > y->aw_pos);
}

/*
 * Split vmlist into words sorted by name, so each guest's position is a
 * binary search away: a host with 1,000 guests in vm_list must not
 * compare every guest with every word.  *copy holds the strings; the
 * caller frees it and the array.
 */
static struct autostart_word *
autostart_words(const char *vmlist, char **copy, size_t *nw)
{
	struct autostart_word	*w = NULL;
	char			*s, *word;
	size_t			 pos = 0;

	*nw = 0;
	*copy = xstrdup(vmlist != NULL ? vmlist : "");
	for (s = *copy; (word = strsep(&s, " \t\n")) != NULL;) {
		if (*word == '\0')
			continue;
		w = xreallocarray(w, *nw + 1, sizeof(*w));
		w[*nw].aw_name = word;
		w[*nw].aw_pos = ++pos;
		(*nw)++;
	}
	if (*nw > 0)
		qsort(w, *nw, sizeof(*w), autostart_wordcmp);
	return (w);
}

/* The first position of name among the sorted words, or 0. */
static size_t
autostart_find(const struct autostart_word *w, size_t nw, const char *name)
{
	size_t	 lo = 0, hi = nw, mid;
	int	 c;

	/* Lower bound: the first word not less than name. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(w[mid].aw_name, name);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < nw && strcmp(w[lo].aw_name, name) == 0)
		return (w[lo].aw_pos);
	return (0);
}

/* Start order: autostart_order, vm_list position, name, index. */
static int
autostart_keycmp(const void *a, const void *b)
{
	const struct autostart_key	*x = a, *y = b;
	int				 c;

	if (x->ak_order != y->ak_order)
		return (x->ak_order < y->ak_order ? -1 : 1);
	if (x->ak_pos != y->ak_pos)
		return (x->ak_pos < y->ak_pos ? -1 : 1);
	if ((c = strcmp(x->ak_name, y->ak_name)) != 0)
		return (c);
	/* Same name twice (two datastores): keep the input order. */
	return (x->ak_index < y->ak_index ? -1 : x->ak_index > y->ak_index);
}

/* The guests to start, in start order. */
size_t
autostart_order(const char *vmlist, const struct autostart_guest *guests,
    size_t n, size_t *order)
{
	struct autostart_word	*w;
	struct autostart_key	*k;
	char			*copy;
	size_t			 nw, nk = 0, i, pos;

	w = autostart_words(vmlist, &copy, &nw);
	k = xcalloc(n > 0 ? n : 1, sizeof(*k));
	for (i = 0; i < n; i++) {
		pos = autostart_find(w, nw, guests[i].ag_name);
		if (guests[i].ag_autostart == 0 ||
		    (guests[i].ag_autostart == -1 && pos == 0))
			continue;
		k[nk].ak_index = i;
		k[nk].ak_order = guests[i].ag_order;
		k[nk].ak_pos = pos == 0 ? SIZE_MAX : pos;
		k[nk].ak_name = guests[i].ag_name;
		nk++;
	}
	if (nk > 0)
		qsort(k, nk, sizeof(*k), autostart_keycmp);
	for (i = 0; i < nk; i++)
		order[i] = k[i].ak_index;
	free(k);
	free(w);
	free(copy);
	return (nk);
}

/* Where name first appears in vmlist. */
size_t
autostart_listpos(const char *vmlist, const char *name)
{
	struct autostart_word	*w;
	char			*copy;
	size_t			 nw, pos;

	w = autostart_words(vmlist, &copy, &nw);
	pos = autostart_find(w, nw, name);
	free(w);
	free(copy);
	return (pos);
}

/* Whether startall starts the guest. */
int
autostart_wanted(const char *vmlist, const struct autostart_guest *g)
{
	if (g->ag_autostart != -1)
		return (g->ag_autostart);
	return (autostart_listpos(vmlist, g->ag_name) != 0);
}

/* vmlist with every name word replaced by newname, or dropped. */
char *
autostart_listedit(const char *vmlist, const char *name, const char *newname)
{
	struct buf	*b;
	const char	*p, *end;
	size_t		 len;

	b = buf_new();
	for (p = vmlist != NULL ? vmlist : ""; *p != '\0'; p = end) {
		p += strspn(p, " \t\n");
		if ((len = strcspn(p, " \t\n")) == 0)
			break;
		end = p + len;
		if (len == strlen(name) && strncmp(p, name, len) == 0) {
			if (newname == NULL)
				continue;
			p = newname;
			len = strlen(newname);
		}
		if (b->b_len > 0)
			buf_addc(b, ' ');
		buf_add(b, p, len);
	}
	return (buf_take(b));
}

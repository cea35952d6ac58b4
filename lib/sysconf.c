/*
 * sysconf.c - system.conf of a datastore.
 */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "sysconf.h"
#include "xmalloc.h"

static const char *const sysconf_types[] = {
	[SWITCH_NONE] = "none",
	[SWITCH_STANDARD] = "standard",
	[SWITCH_MANUAL] = "manual",
	[SWITCH_VALE] = "vale",
	[SWITCH_NETGRAPH] = "netgraph",
	[SWITCH_VXLAN] = "vxlan",
};

/* Read a system.conf; absent is empty. */
struct sysconf *
sysconf_load(const char *path, char **cause)
{
	struct sysconf	*sc;
	struct conf	*c;
	char		*why = NULL;

	if ((c = conf_load(path, &why)) == NULL) {
		if (access(path, F_OK) == -1 && errno == ENOENT) {
			free(why);
			c = conf_empty(path);
		} else {
			*cause = why;
			return (NULL);
		}
	}
	sc = xcalloc(1, sizeof(*sc));
	sc->sc_conf = c;
	return (sc);
}

/* Free a sysconf. */
void
sysconf_free(struct sysconf *sc)
{
	if (sc == NULL)
		return;
	conf_free(sc->sc_conf);
	free(sc);
}

/* A system.conf value. */
const char *
sysconf_get(const struct sysconf *sc, const char *key)
{
	if (sc == NULL)
		return (NULL);
	return (conf_get(sc->sc_conf, key));
}

/* The name of a switch type. */
const char *
sysconf_typename(enum switch_type t)
{
	return (sysconf_types[t]);
}

/* The type of a switch, vm-bhyve's way. */
enum switch_type
sysconf_switchtype(const struct sysconf *sc, const char *name, int *unknown)
{
	const char	*v;
	char		*key;
	size_t		 i;

	*unknown = 0;
	if (name == NULL || *name == '\0')
		return (SWITCH_NONE);
	xasprintf(&key, "type_%s", name);
	v = sysconf_get(sc, key);
	free(key);
	if (v == NULL || *v == '\0')
		return (SWITCH_STANDARD);
	for (i = SWITCH_STANDARD; i < nitems(sysconf_types); i++)
		if (strcmp(v, sysconf_types[i]) == 0)
			return ((enum switch_type)i);
	*unknown = 1;
	return (SWITCH_STANDARD);
}

/* The words of key's value, NULL-ended (sysconf_freewords frees). */
char **
sysconf_words(const struct sysconf *sc, const char *key)
{
	const char	*list;
	char		**v = NULL, *copy, *s, *w;
	size_t		 n = 0;

	list = sysconf_get(sc, key);
	copy = xstrdup(list != NULL ? list : "");
	for (s = copy; (w = strsep(&s, " \t")) != NULL;)
		if (*w != '\0') {
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n++] = xstrdup(w);
		}
	free(copy);
	v = xreallocarray(v, n + 1, sizeof(*v));
	v[n] = NULL;
	return (v);
}

/* Free what sysconf_words() returned; accepts NULL. */
void
sysconf_freewords(char **v)
{
	char	**p;

	if (v == NULL)
		return;
	for (p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

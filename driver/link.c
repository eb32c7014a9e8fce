/* link.c: a device URI to its transport, and the URI helpers (link.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"

static const struct bpfsoc_link_ops *const transports[] = {
	&bpfsoc_link_sim, &bpfsoc_link_serial, &bpfsoc_link_ftdi, &bpfsoc_link_mmio,
};

int bpfsoc_link_open(const char *uri, struct bpfsoc_link **out, char *err, size_t errlen)
{
	const char *colon;

	*out = NULL;
	if (!uri || !*uri)
		uri = "sim:";
	colon = strchr(uri, ':');
	if (!colon) {
		snprintf(err, errlen, "device '%s': no scheme (sim:, serial:, ftdi: or mmio:)", uri);
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof(transports) / sizeof(transports[0]); i++) {
		const struct bpfsoc_link_ops *t = transports[i];

		if (strlen(t->scheme) == (size_t)(colon - uri) &&
		    !strncmp(t->scheme, uri, (size_t)(colon - uri)))
			return t->open(colon + 1, out, err, errlen);
	}
	snprintf(err, errlen, "device '%s': unknown scheme '%.*s' (sim:, serial:, ftdi: or mmio:)",
		 uri, (int)(colon - uri), uri);
	return -EINVAL;
}

int bpfsoc_uri_path(const char *rest, char *path, size_t len)
{
	size_t n = strcspn(rest, "?");

	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(path, rest, n);
	path[n] = '\0';
	return 0;
}

/* Calls fn for each KEY=VALUE of the query; stops at a non-zero return. */
static int each_param(const char *rest, int (*fn)(const char *k, size_t kl, const char *v,
						   size_t vl, void *u), void *u)
{
	const char *q = strchr(rest, '?');

	while (q && *q) {
		const char *k = q + 1, *end = k + strcspn(k, "&"), *eq = memchr(k, '=', (size_t)(end - k));
		const char *v = eq ? eq + 1 : end;
		int rc;

		if (end > k && (rc = fn(k, (size_t)((eq ? eq : end) - k), v, (size_t)(end - v), u)))
			return rc;
		q = *end ? end : NULL;
	}
	return 0;
}

struct find {
	const char *key;
	char *val;
	size_t len;
};

static int find_one(const char *k, size_t kl, const char *v, size_t vl, void *u)
{
	struct find *f = u;

	if (strlen(f->key) != kl || strncmp(f->key, k, kl))
		return 0;
	if (vl >= f->len)
		return -ENAMETOOLONG;
	memcpy(f->val, v, vl);
	f->val[vl] = '\0';
	return 1;
}

int bpfsoc_uri_param(const char *rest, const char *key, char *val, size_t len)
{
	struct find f = {key, val, len};

	return each_param(rest, find_one, &f);
}

int bpfsoc_uri_uint(const char *rest, const char *key, unsigned long def, unsigned long *v,
		    char *err, size_t errlen)
{
	char buf[32], *end;
	int rc = bpfsoc_uri_param(rest, key, buf, sizeof(buf));

	*v = def;
	if (rc == 0)
		return 0;
	if (rc > 0) {
		errno = 0;
		*v = strtoul(buf, &end, 0);
		if (!errno && end != buf && !*end && buf[0] != '-')
			return 0;
	}
	snprintf(err, errlen, "URI parameter %s=%s: not a number", key, rc > 0 ? buf : "(too long)");
	return -EINVAL;
}

struct keys {
	const char *const *keys;
	char *err;
	size_t errlen;
};

static int known_key(const char *k, size_t kl, const char *v, size_t vl, void *u)
{
	struct keys *ks = u;

	(void)v;
	(void)vl;
	for (const char *const *p = ks->keys; *p; p++)
		if (strlen(*p) == kl && !strncmp(*p, k, kl))
			return 0;
	int n = snprintf(ks->err, ks->errlen, "unknown URI parameter '%.*s' (known:", (int)kl, k);
	for (const char *const *p = ks->keys; *p && n > 0 && (size_t)n < ks->errlen; p++)
		n += snprintf(ks->err + n, ks->errlen - (size_t)n, " %s", *p);
	if (n > 0 && (size_t)n < ks->errlen)
		snprintf(ks->err + n, ks->errlen - (size_t)n, ")");
	return -EINVAL;
}

int bpfsoc_uri_check_keys(const char *rest, const char *const *keys, char *err, size_t errlen)
{
	struct keys ks = {keys, err, errlen};

	return each_param(rest, known_key, &ks);
}

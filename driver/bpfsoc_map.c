/* bpfsoc_map.c: bpfsoc map list | dump | lookup | update | delete, and
 * bpfsoc trace.  Keys and values are hex bytes; with the BTF of the object
 * last loaded they are also shown as their C types (libbpf's btf_dump). */
#include <errno.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "bpfsoc_cli.h"
#include "bpfsoc_proto.h"

static const char map_help[] =
	"usage: bpfsoc map list\n"
	"       bpfsoc map dump MAP\n"
	"       bpfsoc map lookup MAP key BYTES\n"
	"       bpfsoc map update MAP key BYTES value BYTES [any|noexist|exist]\n"
	"       bpfsoc map delete MAP key BYTES\n"
	"       bpfsoc map getnext MAP [key BYTES]\n"
	"  MAP is id N or name NAME, as bpftool's.  BYTES are hex bytes in memory order:\n"
	"  01 00 00 00, or 0x01 0x00 0x00 0x00, or 01000000.  With the BTF of the object\n"
	"  loaded last (bpfsoc prog load), keys and values also show as their C types.\n";

static const char *type_name(uint32_t t)
{
	switch (t) {
	case BPFSOC_MAP_TYPE_HASH: return "hash";
	case BPFSOC_MAP_TYPE_ARRAY: return "array";
	case BPFSOC_MAP_TYPE_PROG_ARRAY: return "prog_array";
	case BPFSOC_MAP_TYPE_LRU_HASH: return "lru_hash";
	case BPFSOC_MAP_TYPE_RINGBUF: return "ringbuf";
	default: return "unknown";
	}
}

/* MAP as id N or name NAME at argv[*i]: its info, *i past it */
static int pick_map(struct cli *c, int argc, char **argv, int *i, struct bpfsoc_map_info *mi)
{
	int rc;

	if (*i + 1 >= argc || (strcmp(argv[*i], "id") && strcmp(argv[*i], "name")))
		return usage_error(map_help, "name the map: id N or name NAME");
	if ((rc = cli_device(c)))
		return rc;
	const char *how = argv[*i], *what = argv[*i + 1];
	*i += 2;
	if (!strcmp(how, "id")) {
		char *end;
		unsigned long id = strtoul(what, &end, 0);
		if (*end || bpfsoc_device__map_info(c->dev, (uint32_t)id, mi) || mi->id != id)
			return fail("no map with id %s on the device", what);
		return 0;
	}
	for (uint32_t id = 0; bpfsoc_device__map_info(c->dev, id, mi) == 0; id = mi->id + 1)
		if (!strncmp(mi->name, what, 15))
			return 0;
	return fail("no map named '%s' on the device (bpfsoc map list shows them)", what);
}

/* ---- BTF ---- */

struct fmt {
	const struct btf *btf;
	uint32_t key_id, value_id;
	struct btf_dump *dump;
	char *text;
	size_t len, cap;
};

static void collect(void *ctx, const char *f, va_list ap)
{
	struct fmt *fm = ctx;
	va_list aq;

	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, f, aq);
	va_end(aq);
	if (n < 0)
		return;
	if (fm->len + (size_t)n + 1 > fm->cap) {
		fm->cap = (fm->len + (size_t)n + 1) * 2;
		fm->text = realloc(fm->text, fm->cap);
	}
	if (fm->text)
		fm->len += (size_t)vsnprintf(fm->text + fm->len, fm->cap - fm->len, f, ap);
}

/* The C text of data as BTF type id, one line: a static buffer */
static const char *as_c(struct fmt *fm, uint32_t id, const void *data, size_t n)
{
	fm->len = 0;
	if (!fm->dump || !id)
		return NULL;
	LIBBPF_OPTS(btf_dump_type_data_opts, o, .compact = true, .emit_zeroes = true);
	if (btf_dump__dump_type_data(fm->dump, id, data, n, &o) < 0 || !fm->text)
		return NULL;
	return fm->text;
}

/* data as JSON through BTF type id: ints, enums, structs, unions, arrays */
static void btf_json(const struct btf *btf, uint32_t id, const uint8_t *d, size_t n, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_kind(t) == BTF_KIND_TYPEDEF || btf_kind(t) == BTF_KIND_CONST ||
		     btf_kind(t) == BTF_KIND_VOLATILE || btf_kind(t) == BTF_KIND_TYPE_TAG)) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	int64_t size = btf__resolve_size(btf, id);
	if (!t || size < 0 || (size_t)size > n || depth > 8) {
		json_hex_array(stdout, d, n);
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM: {
		uint64_t v = 0;
		memcpy(&v, d, (size_t)size < 8 ? (size_t)size : 8);
		int sgn = btf_kind(t) == BTF_KIND_INT ? (btf_int_encoding(t) & BTF_INT_SIGNED)
						       : (t->info & (1u << 31)) != 0;
		if (size > 8) {
			json_hex_array(stdout, d, (size_t)size);
		} else if (btf_kind(t) == BTF_KIND_INT && (btf_int_encoding(t) & BTF_INT_BOOL)) {
			printf("%s", v ? "true" : "false");
		} else if (sgn && size < 8 && (v >> (8 * size - 1)) & 1) {
			printf("%lld", (long long)(v | ~0ull << (8 * size)));
		} else if (sgn) {
			printf("%lld", (long long)v);
		} else {
			printf("%llu", (unsigned long long)v);
		}
		break;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		const struct btf_member *m = btf_members(t);
		printf("{");
		for (unsigned i = 0; i < btf_vlen(t); i++, m++) {
			uint32_t bit = btf_member_bit_offset(t, i);
			printf("%s", i ? "," : "");
			json_str(stdout, btf__name_by_offset(btf, m->name_off));
			printf(":");
			if (btf_member_bitfield_size(t, i) || bit % 8)
				printf("null");
			else
				btf_json(btf, m->type, d + bit / 8, n - bit / 8, depth + 1);
		}
		printf("}");
		break;
	}
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		int64_t es = btf__resolve_size(btf, a->type);
		const struct btf_type *et = btf__type_by_id(btf, a->type);
		if (et && btf_kind(et) == BTF_KIND_INT && es == 1 &&
		    (btf_int_encoding(et) & BTF_INT_CHAR)) {
			char s[256];
			size_t k = a->nelems < sizeof(s) - 1 ? a->nelems : sizeof(s) - 1;
			memcpy(s, d, k);
			s[k] = '\0';
			json_str(stdout, s);
			break;
		}
		printf("[");
		for (uint32_t i = 0; es > 0 && i < a->nelems; i++) {
			printf("%s", i ? "," : "");
			btf_json(btf, a->type, d + i * es, n - i * es, depth + 1);
		}
		printf("]");
		break;
	}
	case BTF_KIND_DATASEC: {
		const struct btf_var_secinfo *v = btf_var_secinfos(t);
		printf("{");
		for (unsigned i = 0; i < btf_vlen(t); i++, v++) {
			const struct btf_type *var = btf__type_by_id(btf, v->type);
			if (v->offset + v->size > n)
				continue;
			printf("%s", i ? "," : "");
			json_str(stdout, var ? btf__name_by_offset(btf, var->name_off) : "?");
			printf(":");
			btf_json(btf, var ? var->type : 0, d + v->offset, v->size, depth + 1);
		}
		printf("}");
		break;
	}
	default:
		json_hex_array(stdout, d, (size_t)size);
	}
}

/* The BTF of a device map, from the object loaded last */
static void btf_for(struct cli *c, const struct bpfsoc_map_info *mi, struct fmt *fm,
		    struct bpfsoc_object **obj)
{
	memset(fm, 0, sizeof(*fm));
	*obj = cli_cached_object(c, NULL, 0);
	if (!*obj)
		return;
	struct bpfsoc_map *m = bpfsoc_object__find_map_by_name(*obj, mi->name);
	fm->btf = bpfsoc_object__btf(*obj);
	if (!m || !fm->btf || bpfsoc_map__key_size(m) != mi->key_size ||
	    bpfsoc_map__value_size(m) != mi->value_size)
		return;
	fm->key_id = bpfsoc_map__btf_key_type_id(m);
	fm->value_id = bpfsoc_map__btf_value_type_id(m);
	fm->dump = btf_dump__new(fm->btf, collect, fm, NULL);
}

static void btf_done(struct fmt *fm, struct bpfsoc_object *obj)
{
	if (fm->dump)
		btf_dump__free(fm->dump);
	free(fm->text);
	bpfsoc_object__close(obj);
}

/* One element, as bpftool prints it */
static void print_elem(struct cli *c, struct fmt *fm, const uint8_t *k, size_t ks,
		       const uint8_t *v, size_t vs, int first)
{
	if (c->json) {
		printf("%s{\"key\":", first ? "" : ",");
		json_hex_array(stdout, k, ks);
		printf(",\"value\":");
		json_hex_array(stdout, v, vs);
		if (fm->btf && (fm->key_id || fm->value_id)) {
			printf(",\"formatted\":{\"key\":");
			if (fm->key_id)
				btf_json(fm->btf, fm->key_id, k, ks, 0);
			else
				json_hex_array(stdout, k, ks);
			printf(",\"value\":");
			btf_json(fm->btf, fm->value_id, v, vs, 0);
			printf("}");
		}
		printf("}");
		return;
	}
	const char *kc = as_c(fm, fm->key_id, k, ks);
	if (kc) {
		printf("key: %s", kc);
	} else {
		printf("key:");
		for (size_t i = 0; i < ks; i++)
			printf(" %02x", k[i]);
	}
	const char *vc = as_c(fm, fm->value_id, v, vs);
	if (vc) {
		printf("  value: %s\n", vc);
	} else {
		printf("  value:");
		for (size_t i = 0; i < vs; i++)
			printf("%s%02x", i && i % 16 == 0 ? "\n        " : " ", v[i]);
		printf("\n");
	}
}

static int map_list(struct cli *c)
{
	struct bpfsoc_map_info mi;
	int rc, n = 0;

	if ((rc = cli_device(c)))
		return rc;
	if (c->json)
		printf("[");
	for (uint32_t id = 0; (rc = bpfsoc_device__map_info(c->dev, id, &mi)) == 0; id = mi.id + 1) {
		if (c->json) {
			printf("%s{\"id\":%u,\"type\":\"%s\",\"name\":", n ? "," : "", mi.id,
			       type_name(mi.type));
			json_str(stdout, mi.name);
			printf(",\"flags\":%u,\"bytes_key\":%u,\"bytes_value\":%u,\"max_entries\":%u,"
			       "\"bytes_memlock\":%u}", mi.flags, mi.key_size, mi.value_size,
			       mi.max_entries, mi.bytes);
		} else {
			printf("%u: %s  name %s  flags 0x%x\n\tkey %uB  value %uB  max_entries %u  "
			       "memlock %uB\n", mi.id, type_name(mi.type), mi.name[0] ? mi.name : "-",
			       mi.flags, mi.key_size, mi.value_size, mi.max_entries, mi.bytes);
		}
		n++;
	}
	if (c->json)
		printf("]\n");
	else if (!n && !c->quiet)
		printf("no maps\n");
	return rc == -ENOENT ? 0 : fail("MAP_INFO: %s", strerror(-rc));
}

static int map_dump(struct cli *c, const struct bpfsoc_map_info *mi)
{
	struct fmt fm;
	struct bpfsoc_object *obj;
	uint8_t key[BPFSOC_MAP_MAX_KEY_SIZE], next[BPFSOC_MAP_MAX_KEY_SIZE];
	uint8_t val[BPFSOC_MAP_MAX_VALUE_SIZE];
	int rc, n = 0, have = 0;

	if (mi->type == BPFSOC_MAP_TYPE_RINGBUF)
		return fail("map %u is a ring buffer: bpfsoc trace drains it", mi->id);
	btf_for(c, mi, &fm, &obj);
	if (c->json)
		printf("[");
	for (;;) {
		rc = bpfsoc_device__map_get_next_key(c->dev, mi->id, have ? key : NULL, next,
						     mi->key_size);
		if (rc == -ENOENT)
			break;
		if (rc) {
			btf_done(&fm, obj);
			return fail("map %u: MAP_GET_NEXT_KEY: %s", mi->id, strerror(-rc));
		}
		memcpy(key, next, mi->key_size);
		have = 1;
		size_t vs = mi->type == BPFSOC_MAP_TYPE_PROG_ARRAY ? 4 : mi->value_size;
		rc = bpfsoc_device__map_lookup(c->dev, mi->id, key, mi->key_size, val, vs);
		if (rc == -ENOENT)
			continue;   /* deleted since, or an empty prog-array slot */
		if (rc) {
			btf_done(&fm, obj);
			return fail("map %u: MAP_LOOKUP: %s", mi->id, strerror(-rc));
		}
		print_elem(c, &fm, key, mi->key_size, val, vs, n == 0);
		n++;
	}
	if (c->json)
		printf("]\n");
	else
		printf("Found %d element%s\n", n, n == 1 ? "" : "s");
	btf_done(&fm, obj);
	return 0;
}

static int map_elem_cmd(struct cli *c, const char *op, int argc, char **argv, int i,
			const struct bpfsoc_map_info *mi)
{
	uint8_t key[BPFSOC_MAP_MAX_KEY_SIZE], val[BPFSOC_MAP_MAX_VALUE_SIZE];
	size_t vs = mi->type == BPFSOC_MAP_TYPE_PROG_ARRAY ? 4 : mi->value_size;
	int have_key = 0, rc;

	if (i < argc && !strcmp(argv[i], "key")) {
		i++;
		if (parse_hex(argc, argv, &i, key, mi->key_size))
			return usage_error(map_help, "map %s: the key is %u bytes", op, mi->key_size);
		have_key = 1;
	}
	if (!have_key && strcmp(op, "getnext"))
		return usage_error(map_help, "map %s: key BYTES is needed", op);
	if (!strcmp(op, "update")) {
		uint64_t flags = BPFSOC_MAP_UPDATE_ANY;
		if (i >= argc || strcmp(argv[i], "value"))
			return usage_error(map_help, "map update: value BYTES is needed");
		i++;
		if (parse_hex(argc, argv, &i, val, vs))
			return usage_error(map_help, "map update: the value is %zu bytes", vs);
		if (i < argc) {
			if (!strcmp(argv[i], "noexist"))
				flags = BPFSOC_MAP_UPDATE_NOEXIST;
			else if (!strcmp(argv[i], "exist"))
				flags = BPFSOC_MAP_UPDATE_EXIST;
			else if (strcmp(argv[i], "any"))
				return usage_error(map_help, "map update: '%s' is not any, noexist or exist",
						   argv[i]);
			i++;
		}
		if (i < argc)
			return usage_error(map_help, "map update: unexpected '%s'", argv[i]);
		if ((rc = bpfsoc_device__map_update(c->dev, mi->id, key, mi->key_size, val, vs, flags)))
			return fail("map %u: update failed: %s", mi->id, strerror(-rc));
		return 0;
	}
	if (i < argc)
		return usage_error(map_help, "map %s: unexpected '%s'", op, argv[i]);
	if (!strcmp(op, "delete")) {
		rc = bpfsoc_device__map_delete(c->dev, mi->id, key, mi->key_size);
		if (rc)
			return fail("map %u: delete failed: %s", mi->id,
				    rc == -ENOENT ? "no such key" : strerror(-rc));
		return 0;
	}
	if (!strcmp(op, "getnext")) {
		uint8_t next[BPFSOC_MAP_MAX_KEY_SIZE];
		rc = bpfsoc_device__map_get_next_key(c->dev, mi->id, have_key ? key : NULL, next,
						     mi->key_size);
		if (rc)
			return fail("map %u: %s", mi->id, rc == -ENOENT ? "no next key" : strerror(-rc));
		if (c->json) {
			printf("{\"key\":");
			json_hex_array(stdout, key, have_key ? mi->key_size : 0);
			printf(",\"next_key\":");
			json_hex_array(stdout, next, mi->key_size);
			printf("}\n");
		} else {
			printf("next key:");
			for (size_t k = 0; k < mi->key_size; k++)
				printf(" %02x", next[k]);
			printf("\n");
		}
		return 0;
	}
	/* lookup */
	rc = bpfsoc_device__map_lookup(c->dev, mi->id, key, mi->key_size, val, vs);
	if (rc)
		return fail("map %u: %s", mi->id, rc == -ENOENT ? "no such key" : strerror(-rc));
	struct fmt fm;
	struct bpfsoc_object *obj;
	btf_for(c, mi, &fm, &obj);
	print_elem(c, &fm, key, mi->key_size, val, vs, 1);
	if (c->json)
		printf("\n");
	btf_done(&fm, obj);
	return 0;
}

int cmd_map(struct cli *c, int argc, char **argv)
{
	struct bpfsoc_map_info mi;
	int i = 2, rc;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help"))
		return argc < 2 ? usage_error(map_help, "map: which?") : (fputs(map_help, stdout), 0);
	for (int k = 2; k < argc; k++)
		if (!strcmp(argv[k], "-h") || !strcmp(argv[k], "--help")) {
			fputs(map_help, stdout);
			return 0;
		}
	const char *op = argv[1];
	if (!strcmp(op, "list") || !strcmp(op, "show"))
		return argc > 2 ? usage_error(map_help, "map list takes nothing more") : map_list(c);
	if (strcmp(op, "dump") && strcmp(op, "lookup") && strcmp(op, "update") &&
	    strcmp(op, "delete") && strcmp(op, "getnext"))
		return usage_error(map_help, "map: unknown '%s'", op);
	if ((rc = pick_map(c, argc, argv, &i, &mi)))
		return rc;
	if (!strcmp(op, "dump"))
		return i < argc ? usage_error(map_help, "map dump: unexpected '%s'", argv[i])
				: map_dump(c, &mi);
	return map_elem_cmd(c, op, argc, argv, i, &mi);
}

/* ---- trace ---- */

struct rb_ctx {
	struct cli *c;
	uint32_t map;
	unsigned n;
};

static void rb_record(void *ctx, const void *data, size_t len)
{
	struct rb_ctx *r = ctx;
	const uint8_t *b = data;

	if (r->c->json) {
		printf("{\"ringbuf\":%u,\"data\":", r->map);
		json_hex_array(stdout, b, len);
		printf("}\n");
	} else {
		printf("ringbuf %u: %zu bytes:", r->map, len);
		for (size_t i = 0; i < len; i++)
			printf(" %02x", b[i]);
		printf("\n");
	}
	r->n++;
}

int cmd_trace(struct cli *c, int argc, char **argv)
{
	static const char help[] =
		"usage: bpfsoc trace [--follow]\n"
		"  Drains what programs wrote with bpf_trace_printk and the records of every\n"
		"  ring buffer map.  --follow keeps draining until interrupted.\n";
	int follow = 0, rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--follow") || !strcmp(argv[i], "-f"))
			follow = 1;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return fputs(help, stdout), 0;
		else
			return usage_error(help, "trace: unexpected '%s'", argv[i]);
	}
	if ((rc = cli_device(c)))
		return rc;
	do {
		static char text[65536];
		uint32_t dropped = 0;

		rc = bpfsoc_device__trace_read(c->dev, text, sizeof(text), &dropped);
		if (rc < 0)
			return fail("TRACE_READ: %s", strerror(-rc));
		if (c->json && rc) {
			printf("{\"trace\":");
			json_str(stdout, text);
			printf(",\"dropped\":%u}\n", dropped);
		} else if (rc) {
			fputs(text, stdout);
		}
		if (dropped && !c->json)
			fprintf(stderr, "bpfsoc: %u bytes of trace lost to a full buffer\n", dropped);
		struct bpfsoc_map_info mi;
		for (uint32_t id = 0; bpfsoc_device__map_info(c->dev, id, &mi) == 0; id = mi.id + 1) {
			if (mi.type != BPFSOC_MAP_TYPE_RINGBUF)
				continue;
			struct rb_ctx r = {c, mi.id, 0};
			if ((rc = bpfsoc_device__ringbuf_drain(c->dev, mi.id, rb_record, &r)) < 0)
				return fail("RINGBUF_READ of map %u: %s", mi.id, strerror(-rc));
		}
		fflush(stdout);
		if (follow)
			usleep(200000);
	} while (follow);
	return 0;
}

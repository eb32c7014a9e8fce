/* load.c: an object onto a device -- maps, their initial data, programs
 * with their relocations resolved, prog-array slots -- and the calls on
 * loaded programs and maps. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_insn.h"
#include "bpf_pseudo.h"
#include "bpfsoc_proto.h"
#include "object.h"

/* Everything that can be known before the device changes: the checker,
 * every map's arena bytes (the device's own answer), the slots and ids. */
static int preflight(struct bpfsoc_object *o, struct bpfsoc_device *dev, int keep)
{
	const struct bpfsoc_info *info = bpfsoc_device_cached_info(dev);
	uint64_t bytes = 0, slots = 0;
	int rc;

	if ((rc = bpfsoc_object__check(o, info)))
		return rc;
	for (size_t i = 0; i < o->n_maps; i++) {
		struct bpfsoc_map *m = &o->maps[i];
		uint32_t b;

		rc = bpfsoc_device_map_footprint(dev, m->type, m->key_size, m->value_size,
						 m->max_entries, m->flags, &b);
		if (rc) {
			pr_warn("%s: map '%s' (type %u, key %u, value %u, %u entries): the device "
				"refuses it (%s)\n", o->path, m->name, m->type, m->key_size,
				m->value_size, m->max_entries, strerror(-rc));
			return rc;
		}
		bytes += b;
	}
	uint32_t room = keep ? info->arena_free : info->arena_size;
	if (bytes > room) {
		pr_warn("%s: its %zu maps take %llu bytes of map memory; the device has %u%s\n",
			o->path, o->n_maps, (unsigned long long)bytes, room,
			keep ? " free (load without keeping what is there)" : "");
		return -E2BIG;
	}
	if (o->n_maps > info->max_maps) {
		pr_warn("%s: %zu maps; the device holds %u\n", o->path, o->n_maps, info->max_maps);
		return -E2BIG;
	}
	/* program ids: the lowest free ones */
	int used[256] = {0};
	uint64_t used_slots = 0;
	if (keep) {
		struct bpfsoc_prog_info pi;
		for (unsigned id = 0; bpfsoc_device__prog_info(dev, id, &pi) == 0; id = pi.id + 1) {
			if (pi.id < 256)
				used[pi.id] = 1;
			used_slots += pi.slots;
		}
	}
	unsigned next = 0;
	for (size_t i = 0; i < o->n_progs; i++) {
		while (next < info->max_progs && next < 256 && used[next])
			next++;
		if (next >= info->max_progs) {
			pr_warn("%s: %zu programs; the device has %u program ids%s\n", o->path,
				o->n_progs, info->max_progs, keep ? " and some are taken" : "");
			return -E2BIG;
		}
		o->progs[i].id = (int)next++;
		slots += o->progs[i].n_insns;
	}
	if (slots + used_slots > info->imem_slots) {
		pr_warn("%s: %llu instructions; the device's instruction memory holds %u%s\n",
			o->path, (unsigned long long)slots, info->imem_slots,
			used_slots ? " and some are in use" : "");
		return -E2BIG;
	}
	return 0;
}

/* The image as the core runs it: every pseudo lddw an lddw of the value,
 * with the maps' ids and ARRAY value addresses by map index (NULL: the
 * ones the device gave at load) */
uint64_t *bpfsoc_prog_image(const struct bpfsoc_program *p, const uint32_t *ids,
			    const uint32_t *addrs)
{
	uint64_t *in = malloc((p->n_insns ? p->n_insns : 1) * sizeof(*in));

	if (!in)
		return NULL;
	memcpy(in, p->insns, p->n_insns * sizeof(*in));
	for (size_t k = 0; k < p->n_relocs; k++) {
		const struct reloc *r = &p->relocs[k];
		size_t mi = (size_t)(r->map - p->obj->maps);
		uint32_t id = ids ? ids[mi] : r->map->id;
		uint32_t addr = addrs ? addrs[mi] : r->map->value_addr;
		uint64_t v = r->kind == RELO_MAP ? id : (uint64_t)addr + r->off;
		uint64_t lo = in[r->insn] & ~(0xf000ull | 0xffffffff00000000ull);

		in[r->insn] = lo | (v & 0xffffffffull) << 32;
		in[r->insn + 1] = (in[r->insn + 1] & 0xffffffffull) | (v >> 32) << 32;
	}
	return in;
}

int bpfsoc_object__load(struct bpfsoc_object *o, struct bpfsoc_device *dev,
			const struct bpfsoc_load_opts *opts)
{
	int keep = OPTS_GET(opts, keep, 0), rc;

	if (o->dev) {
		pr_warn("%s: already loaded\n", o->path);
		return -EBUSY;
	}
	if ((rc = preflight(o, dev, keep)))
		return rc;
	/* from here on the device changes */
	if (!keep && (rc = bpfsoc_device__reset(dev, PROTO_RESET_PROGS | PROTO_RESET_MAPS)))
		return rc;
	for (size_t i = 0; i < o->n_maps; i++) {
		struct bpfsoc_map *m = &o->maps[i];

		rc = bpfsoc_device_map_create(dev, m->type, m->key_size, m->value_size,
					      m->max_entries, m->flags, m->name, &m->id,
					      &m->value_addr, &m->value_stride);
		if (rc)
			return rc;
		if (m->data && m->kind != MAP_BSS) {
			uint32_t zero = 0;
			if ((rc = bpfsoc_device__map_update(dev, m->id, &zero, 4, m->data,
							    m->value_size, 0)))
				return rc;
		}
	}
	for (size_t i = 0; i < o->n_progs; i++) {
		struct bpfsoc_program *p = &o->progs[i];
		uint64_t *img = bpfsoc_prog_image(p, NULL, NULL);

		if (!img)
			return -ENOMEM;
		rc = bpfsoc_device_prog_load(dev, (unsigned)p->id, p->name, img, p->n_insns, NULL);
		free(img);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < o->n_maps; i++)
		for (size_t k = 0; k < o->maps[i].n_inits; k++) {
			const struct map_init *in = &o->maps[i].inits[k];
			uint32_t pid = (uint32_t)bpfsoc_object__find_program_by_name(o, in->prog)->id;

			if ((rc = bpfsoc_device__map_update(dev, o->maps[i].id, &in->index, 4, &pid, 4,
							    0)))
				return rc;
		}
	o->dev = dev;
	return 0;
}

static int loaded(const struct bpfsoc_object *o)
{
	if (o->dev)
		return 0;
	pr_warn("%s: not loaded on a device\n", o->path);
	return -ENODEV;
}

int bpfsoc_program__run(const struct bpfsoc_program *p, const uint8_t *const *pkts,
			const uint16_t *lens, size_t n, const struct bpfsoc_run_opts *opts,
			struct bpfsoc_run_result *res, uint64_t *soc_cycles)
{
	int rc = loaded(p->obj);

	return rc ? rc : bpfsoc_device__run(p->obj->dev, (unsigned)p->id, pkts, lens, n, opts, res,
					    soc_cycles);
}

int bpfsoc_map__lookup_elem(const struct bpfsoc_map *m, const void *key, size_t key_size,
			    void *value, size_t value_size)
{
	int rc = loaded(m->obj);

	return rc ? rc : bpfsoc_device__map_lookup(m->obj->dev, m->id, key, key_size, value,
						   value_size);
}

int bpfsoc_map__update_elem(const struct bpfsoc_map *m, const void *key, size_t key_size,
			    const void *value, size_t value_size, uint64_t flags)
{
	int rc = loaded(m->obj);

	return rc ? rc : bpfsoc_device__map_update(m->obj->dev, m->id, key, key_size, value,
						   value_size, flags);
}

int bpfsoc_map__delete_elem(const struct bpfsoc_map *m, const void *key, size_t key_size)
{
	int rc = loaded(m->obj);

	return rc ? rc : bpfsoc_device__map_delete(m->obj->dev, m->id, key, key_size);
}

int bpfsoc_map__get_next_key(const struct bpfsoc_map *m, const void *key, void *next_key,
			     size_t key_size)
{
	int rc = loaded(m->obj);

	return rc ? rc : bpfsoc_device__map_get_next_key(m->obj->dev, m->id, key, next_key,
							 key_size);
}

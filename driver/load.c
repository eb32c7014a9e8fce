/* load.c: an object onto a device -- maps, their initial data, programs
 * with their relocations resolved, prog-array slots -- and the calls on
 * loaded programs and maps. */
#include <errno.h>
#include <stdio.h>
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

/* ---- programs without an object ---- */

int bpfsoc_device__prog_load(struct bpfsoc_device *dev, const char *name, const uint64_t *insns,
			     size_t n, const struct bpfsoc_prog_load_opts *opts)
{
	const struct bpfsoc_info *info = bpfsoc_device_cached_info(dev);
	char sec[] = "xdp", nm[16] = "", *secs[1] = {sec};
	struct bpfsoc_program p = {0};
	struct bpfsoc_object o = {0};
	struct bpfsoc_prog_info pi;
	int rc, id = -1, same = -1;

	snprintf(nm, sizeof(nm), "%s", name && *name ? name : "prog");
	if (!n || n > UINT32_MAX / 8) {
		pr_warn("%s: %zu instructions\n", nm, n);
		return -EINVAL;
	}
	/* the checker sees it as an object of one XDP program */
	p.src = calloc(n, sizeof(*p.src));
	if (!p.src)
		return -ENOMEM;
	p.obj = &o;
	p.name = nm;
	p.sec_name = sec;
	p.insns = (uint64_t *)insns;
	p.n_insns = p.n_own = (uint32_t)n;
	p.id = -1;
	o.path = o.name = nm;
	o.sec_names = secs;
	o.n_secs = 1;
	o.progs = &p;
	o.n_progs = 1;
	rc = bpfsoc_object__check(&o, info);
	free(p.src);
	if (rc)
		return rc;

	/* its id: the one asked for, the one of its name, or the lowest free */
	int used[256] = {0};
	uint64_t end = 0;
	uint32_t at_slot = 0, at_slots = 0;
	for (unsigned i = 0; (rc = bpfsoc_device__prog_info(dev, i, &pi)) == 0; i = pi.id + 1) {
		if (pi.id < 256)
			used[pi.id] = 1;
		if (pi.slot + pi.slots > end)
			end = pi.slot + pi.slots;
		if (same < 0 && !strncmp(pi.name, nm, 15))
			same = (int)pi.id;
		if (OPTS_GET(opts, fixed_id, 0) ? pi.id == OPTS_GET(opts, id, 0) : (int)pi.id == same)
			at_slot = pi.slot, at_slots = pi.slots;
	}
	if (rc != -ENOENT)
		return rc;
	if (OPTS_GET(opts, fixed_id, 0)) {
		id = (int)OPTS_GET(opts, id, 0);
	} else if (same >= 0) {
		id = same;
	} else {
		for (unsigned i = 0; i < info->max_progs && i < 256 && id < 0; i++)
			if (!used[i])
				id = (int)i;
		if (id < 0) {
			pr_warn("%s: every one of the device's %u program ids is taken\n", nm,
				info->max_progs);
			return -E2BIG;
		}
	}
	if ((unsigned)id >= info->max_progs) {
		pr_warn("%s: program id %d; the device has %u\n", nm, id, info->max_progs);
		return -EINVAL;
	}
	/* the slots: in place when it fits or is last, else after the others */
	int last = at_slots && at_slot + at_slots == end;
	if (n > at_slots && !(last && n <= info->imem_slots - at_slot) &&
	    n > info->imem_slots - end) {
		pr_warn("%s: %zu instructions; the device's instruction memory has %llu free slots "
			"(bpfsoc prog load, which clears it, frees them)\n", nm, n,
			(unsigned long long)(info->imem_slots - end));
		return -ENOSPC;
	}
	rc = bpfsoc_device_prog_load(dev, (unsigned)id, nm, insns, (uint32_t)n, NULL);
	return rc ? rc : id;
}

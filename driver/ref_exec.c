/* ref_exec.c: the reference executor (ref_exec.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bpfcore.h"
#include "bpfsoc_map.h"
#include "bpfsoc_proto.h"
#include "helpers.h"
#include "maps.h"
#include "object.h"
#include "ref_exec.h"

struct bpfsoc_ref {
	struct bpfcore *core;
	struct map_arena arena;
	uint8_t *map_mem;            /* SOC_MAP_SIZE bytes, seen at SOC_MAP_BASE */
	uint8_t pkt[SOC_PKT_SIZE];   /* packet memory, seen at SOC_PKT_BASE */
	struct trace_buf trace;
	uint32_t rng;
	uint32_t n_progs, slot[SOC_FW_MAX_PROGS];
	uint64_t runs;               /* the clock of ktime_get_ns */
	int tail_target;             /* the program a tail call enters */
	struct helper_env env;
};

/* ---- the core's external memory: packet memory and map memory ---- */

static uint8_t *at(struct bpfsoc_ref *r, uint64_t addr, uint32_t n)
{
	if (addr >= SOC_PKT_BASE && addr + n <= SOC_PKT_BASE + (uint64_t)SOC_PKT_SIZE)
		return r->pkt + (addr - SOC_PKT_BASE);
	if (addr >= SOC_MAP_BASE && addr + n <= SOC_MAP_BASE + (uint64_t)SOC_MAP_SIZE)
		return r->map_mem + (addr - SOC_MAP_BASE);
	return NULL;
}

static uint64_t mem_rd(void *u, uint32_t addr, unsigned size)
{
	uint8_t *p = at(u, addr, size);
	uint64_t v = 0;

	if (p)
		memcpy(&v, p, size);   /* little-endian host */
	return v;
}

static void mem_wr(void *u, uint32_t addr, unsigned size, uint64_t v)
{
	uint8_t *p = at(u, addr, size);

	if (p)
		memcpy(p, &v, size);
}

/* ---- the helpers' environment ---- */

static int in_stack(uint64_t a, uint32_t n)
{
	uint64_t end = SOC_BPF_STACK_BASE + (uint64_t)SOC_BPF_MAX_DEPTH * SOC_BPF_FRAME_SIZE;

	return a >= SOC_BPF_STACK_BASE && a + n <= end;
}

static int env_mem_ok(void *u, uint64_t addr, uint32_t n)
{
	return (addr >> 32) == 0 && (in_stack(addr, n) || at(u, addr, n));
}

static void env_mem_read(void *u, uint64_t addr, void *dst, uint32_t n)
{
	struct bpfsoc_ref *r = u;
	uint8_t *d = dst;

	if (in_stack(addr, n)) {
		/* the stack through STACK_WIN, as the firmware reads it */
		for (uint32_t i = 0; i < n; i++) {
			uint32_t off = (uint32_t)(addr - SOC_BPF_STACK_BASE) + i;
			uint32_t w = bpfcore_read(r->core, BPF_CTL_STACK_WIN + (off & ~3u));
			d[i] = (uint8_t)(w >> 8 * (off & 3));
		}
		return;
	}
	memcpy(d, at(r, addr, n), n);
}

static uint32_t env_rd32(void *u, uint32_t addr)
{
	return (uint32_t)mem_rd(u, addr, 4);
}

static void env_wr32(void *u, uint32_t addr, uint32_t v)
{
	mem_wr(u, addr, 4, v);
}

static void env_wr8(void *u, uint32_t addr, uint8_t v)
{
	mem_wr(u, addr, 1, v);
}

static void env_set_packet(void *u, uint32_t data, uint32_t len)
{
	struct bpfsoc_ref *r = u;

	bpfcore_write(r->core, BPF_CTL_PKT_BASE, data);
	bpfcore_write(r->core, BPF_CTL_PKT_LEN, len);
}

/* a clock that ticks by runs: the same results every time */
static uint64_t env_ktime_ns(void *u)
{
	return ((struct bpfsoc_ref *)u)->runs * 1000;
}

static int env_tail_call(void *u, uint32_t pid)
{
	struct bpfsoc_ref *r = u;

	if (pid >= r->n_progs)
		return -1;
	r->tail_target = (int)pid;
	return 0;
}

static uint32_t env_addr_of(void *u, const void *p)
{
	struct bpfsoc_ref *r = u;

	return SOC_MAP_BASE + (uint32_t)((const uint8_t *)p - r->map_mem);
}

static void *env_ptr_of(void *u, uint32_t addr)
{
	return at(u, addr, 1);
}

static unsigned on_helper(void *user, struct bpfcore *c, uint32_t id, const uint64_t args[5],
			  uint64_t *r0, uint32_t *tail_pc)
{
	struct bpfsoc_ref *r = user;

	if (bpfcore_read(c, BPF_CTL_HELPER_KIND) != 0)
		return BPF_HELPER_FAULT;
	r->tail_target = -1;
	switch (helper_call(&r->env, id, args, r0)) {
	case HELPER_RETURN:
		return BPF_HELPER_RETURN;
	case HELPER_TAILCALL:
		*tail_pc = r->slot[r->tail_target];
		return BPF_HELPER_TAIL_CALL;
	default:
		return BPF_HELPER_FAULT;
	}
}

/* ---- the object ---- */

int bpfsoc_ref__new(const struct bpfsoc_object *o, struct bpfsoc_ref **out)
{
	struct bpfsoc_ref *r = calloc(1, sizeof(*r));
	uint32_t *ids = NULL, *addrs = NULL, used = 0;
	int rc = -ENOMEM;

	*out = NULL;
	if (!r || !(r->map_mem = calloc(1, SOC_MAP_SIZE)))
		goto fail;
	struct bpfcore_mem mem = {mem_rd, mem_wr, r};
	if (!(r->core = bpfcore_ref_new(&mem)))
		goto fail;
	map_arena_init(&r->arena, r->map_mem + SOC_FW_MAP_ARENA_OFF,
		       SOC_MAP_SIZE - SOC_FW_MAP_ARENA_OFF);
	r->rng = 0x2545f491;   /* the firmware's seed */
	ids = calloc(o->n_maps + 1, sizeof(*ids));
	addrs = calloc(o->n_maps + 1, sizeof(*addrs));
	if (!ids || !addrs)
		goto fail;
	for (size_t i = 0; i < o->n_maps; i++) {
		const struct bpfsoc_map *m = &o->maps[i];
		struct map_attr at = {m->type, m->key_size, m->value_size, m->max_entries, m->flags};
		int id = map_create(&r->arena, &at);

		if (id < 0) {
			pr_warn("%s: map '%s': the reference cannot create it (%d)\n", o->path, m->name, id);
			rc = -EINVAL;
			goto fail;
		}
		struct map *mm = map_get(&r->arena, (uint32_t)id);
		ids[i] = (uint32_t)id;
		addrs[i] = m->type == BPFSOC_MAP_TYPE_ARRAY ? env_addr_of(r, mm->values) : 0;
		if (m->data && m->kind != MAP_BSS) {
			uint32_t zero = 0;
			map_update(mm, &zero, m->data, 0);
		}
	}
	if (o->n_progs > SOC_FW_MAX_PROGS)
		goto fail;
	for (size_t i = 0; i < o->n_progs; i++) {
		uint64_t *img = bpfsoc_prog_image(&o->progs[i], ids, addrs);

		if (!img)
			goto fail;
		if (used + o->progs[i].n_insns > BPF_IMEM_DEPTH) {
			free(img);
			rc = -E2BIG;
			goto fail;
		}
		bpfcore_load(r->core, used, img, o->progs[i].n_insns);
		r->slot[i] = used;
		used += o->progs[i].n_insns;
		free(img);
	}
	r->n_progs = (uint32_t)o->n_progs;
	bpfcore_write(r->core, BPF_CTL_PROG_LEN, used);
	for (size_t i = 0; i < o->n_maps; i++)
		for (size_t k = 0; k < o->maps[i].n_inits; k++) {
			const struct bpfsoc_program *p =
				bpfsoc_object__find_program_by_name(o, o->maps[i].inits[k].prog);
			uint32_t pid = (uint32_t)(p - o->progs);
			map_update(map_get(&r->arena, ids[i]), &o->maps[i].inits[k].index, &pid, 0);
		}
	r->env = (struct helper_env){
		.arena = &r->arena, .trace = &r->trace, .rng = &r->rng,
		.mem_ok = env_mem_ok, .mem_read = env_mem_read, .rd32 = env_rd32, .wr32 = env_wr32,
		.wr8 = env_wr8, .set_packet = env_set_packet, .ktime_ns = env_ktime_ns,
		.tail_call = env_tail_call, .addr_of = env_addr_of, .ptr_of = env_ptr_of, .u = r,
	};
	free(ids);
	free(addrs);
	*out = r;
	return 0;
fail:
	free(ids);
	free(addrs);
	bpfsoc_ref__free(r);
	return rc;
}

void bpfsoc_ref__free(struct bpfsoc_ref *r)
{
	if (!r)
		return;
	if (r->core)
		bpfcore_free(r->core);
	free(r->map_mem);
	free(r);
}

/* ---- runs ---- */

int bpfsoc_ref__run(struct bpfsoc_ref *r, unsigned prog_id, const uint8_t *pkt, uint16_t len,
		    const struct bpfsoc_run_opts *opts, struct bpfsoc_run_result *res)
{
	const uint32_t buf_size = SOC_PKT_SIZE / SOC_PKT_BUFS;
	const uint32_t base = SOC_PKT_BASE, ctx = base + SOC_FW_CTX_OFF;
	const uint32_t data = base + SOC_FW_DATA_OFF;
	uint32_t budget = OPTS_GET(opts, budget, 0);

	if (prog_id >= r->n_progs)
		return -ENOENT;
	if (len > buf_size - SOC_FW_DATA_OFF)
		return -E2BIG;
	/* the buffer as the firmware leaves it: the packet, its context */
	memcpy(r->pkt + SOC_FW_DATA_OFF, pkt, len);
	uint32_t x[6] = {data, data + len, data, OPTS_GET(opts, ifindex, 0),
			 OPTS_GET(opts, rx_queue, 0), 0};
	memcpy(r->pkt + SOC_FW_CTX_OFF, x, sizeof(x));
	bpfcore_set_region(r->core, 0, ctx, SOC_FW_CTX_SIZE, BPF_REGION_VALID);
	bpfcore_set_region(r->core, 1, base + SOC_FW_HEADROOM_OFF, buf_size - SOC_FW_HEADROOM_OFF,
			   BPF_REGION_VALID | BPF_REGION_WRITE);
	bpfcore_set_region(r->core, 2, SOC_MAP_BASE, SOC_MAP_SIZE,
			   BPF_REGION_VALID | BPF_REGION_WRITE);
	bpfcore_set_region(r->core, 3, 0, 0, 0);
	bpfcore_write(r->core, BPF_CTL_BUDGET, budget ? budget : SOC_FW_DEFAULT_BUDGET);
	bpfcore_set_packet(r->core, data, len);
	bpfcore_set_reg(r->core, 1, ctx);
	r->env.ctx = ctx;
	r->env.buf = base;
	r->env.buf_end = base + buf_size;
	r->env.tail_calls = 0;
	r->runs++;

	struct bpfcore_result e = bpfcore_exec(r->core, r->slot[prog_id], on_helper, r, 0);
	uint32_t pend = (uint32_t)mem_rd(r, ctx + 4 * CTX_DATA_END, 4);
	uint32_t pdata = (uint32_t)mem_rd(r, ctx + 4 * CTX_DATA, 4);

	memset(res, 0, sizeof(*res));
	res->r0 = (uint32_t)e.r0;
	res->pkt_len = (uint16_t)(pend - pdata);
	res->cycles = (uint32_t)bpfcore_counter(r->core, BPF_CNT_CYCLES);
	if (e.state == BPF_STATE_FAULT) {
		res->verdict = BPFSOC_XDP_ABORTED;
		res->fault = (uint8_t)e.fault;
		map_ringbuf_abort_all(&r->arena);
	} else {
		res->verdict = e.r0 <= BPFSOC_XDP_REDIRECT ? (uint8_t)e.r0 : BPFSOC_XDP_ABORTED;
	}
	return 0;
}

/* ---- maps ---- */

int bpfsoc_ref__map_lookup(struct bpfsoc_ref *r, uint32_t id, const void *key, void *value)
{
	struct map *m = map_get(&r->arena, id);
	void *v;
	int rc;

	if (!m)
		return -ENOENT;
	if ((rc = map_lookup(m, key, &v)))
		return rc == -FW_ENOENT ? -ENOENT : -EINVAL;
	memcpy(value, v, m->type == BPFSOC_MAP_TYPE_PROG_ARRAY ? 4 : m->value_size);
	return 0;
}

int bpfsoc_ref__map_get_next_key(struct bpfsoc_ref *r, uint32_t id, const void *key,
				 void *next_key)
{
	struct map *m = map_get(&r->arena, id);

	if (!m)
		return -ENOENT;
	int rc = map_get_next_key(m, key, next_key);
	return rc == -FW_ENOENT ? -ENOENT : rc ? -EINVAL : 0;
}

int bpfsoc_ref__ringbuf_drain(struct bpfsoc_ref *r, uint32_t id, bpfsoc_ringbuf_fn fn, void *ctx)
{
	struct map *m = map_get(&r->arena, id);
	const void *d;
	uint32_t len;
	int n = 0;

	if (!m || m->type != BPFSOC_MAP_TYPE_RINGBUF)
		return -EINVAL;
	while (map_ringbuf_peek(m, &d, &len) == 1) {
		fn(ctx, d, len);
		map_ringbuf_consume(m);
		n++;
	}
	return n;
}

int bpfsoc_ref__trace_read(struct bpfsoc_ref *r, char *buf, size_t cap)
{
	uint32_t n = trace_drain(&r->trace, (uint8_t *)buf, (uint32_t)(cap - 1));

	buf[n] = '\0';
	return (int)n;
}

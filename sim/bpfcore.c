/* bpfcore.c: register-level conveniences over either engine.
 *
 * Everything here goes through the control registers, so it works the same
 * on the reference model and on the Verilated RTL, and it is what firmware
 * will do on the SoC.
 */
#include <stddef.h>

#include "bpfcore.h"

/* BPFCORE_REF_ONLY: a build without the Verilated RTL (libbpfsoc's) */
struct bpfcore *bpfcore_new(enum bpfcore_engine e, const struct bpfcore_mem *mem)
{
#ifdef BPFCORE_REF_ONLY
	return e == BPFCORE_RTL ? NULL : bpfcore_ref_new(mem);
#else
	return e == BPFCORE_RTL ? bpfcore_rtl_new(mem) : bpfcore_ref_new(mem);
#endif
}

static uint8_t *flat_at(struct bpfcore_flat *f, uint32_t addr, unsigned size)
{
	if (addr < f->base || addr - f->base > f->len || f->len - (addr - f->base) < size) {
		f->stray = 1;
		return NULL;
	}
	return f->data + (addr - f->base);
}

static uint64_t flat_read(void *user, uint32_t addr, unsigned size)
{
	uint8_t *p = flat_at(user, addr, size);
	uint64_t v = 0;
	for (unsigned i = 0; p && i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void flat_write(void *user, uint32_t addr, unsigned size, uint64_t v)
{
	uint8_t *p = flat_at(user, addr, size);
	for (unsigned i = 0; p && i < size; i++)
		p[i] = v >> (8 * i);
}

struct bpfcore_mem bpfcore_flat_mem(struct bpfcore_flat *f)
{
	struct bpfcore_mem m = { .read = flat_read, .write = flat_write, .user = f };
	return m;
}

void bpfcore_free(struct bpfcore *c)
{
	if (c)
		c->ops->destroy(c);
}

void bpfcore_write(struct bpfcore *c, uint32_t off, uint32_t val)
{
	c->ops->ctl_write(c, off, val);
}

uint32_t bpfcore_read(struct bpfcore *c, uint32_t off)
{
	return c->ops->ctl_read(c, off);
}

static void write64(struct bpfcore *c, uint32_t off, uint64_t v)
{
	bpfcore_write(c, off, (uint32_t)v);
	bpfcore_write(c, off + 4, (uint32_t)(v >> 32));
}

static uint64_t read64(struct bpfcore *c, uint32_t off)
{
	uint64_t lo = bpfcore_read(c, off);
	return lo | (uint64_t)bpfcore_read(c, off + 4) << 32;
}

void bpfcore_load(struct bpfcore *c, uint32_t slot, const uint64_t *insns, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		write64(c, BPF_CTL_IMEM_BASE + 8 * (slot + i), insns[i]);
}

void bpfcore_set_reg(struct bpfcore *c, unsigned r, uint64_t v)
{
	write64(c, BPF_CTL_REG_BASE + 8 * r, v);
}

uint64_t bpfcore_get_reg(struct bpfcore *c, unsigned r)
{
	return read64(c, BPF_CTL_REG_BASE + 8 * r);
}

uint64_t bpfcore_counter(struct bpfcore *c, unsigned n)
{
	return read64(c, BPF_CTL_CNT_BASE + 8 * n);
}

void bpfcore_set_region(struct bpfcore *c, unsigned n, uint32_t base, uint32_t size,
			uint32_t flags)
{
	uint32_t off = BPF_CTL_REGION_BASE + n * BPF_CTL_REGION_STRIDE;
	bpfcore_write(c, off, base);
	bpfcore_write(c, off + 4, size);
	bpfcore_write(c, off + 8, flags);
}

void bpfcore_set_packet(struct bpfcore *c, uint32_t base, uint32_t len)
{
	bpfcore_write(c, BPF_CTL_PKT_BASE, base);
	bpfcore_write(c, BPF_CTL_PKT_LEN, len);
}

unsigned bpfcore_state(struct bpfcore *c)
{
	return bpfcore_read(c, BPF_CTL_STATUS) & 7;
}

void bpfcore_clear_stack(struct bpfcore *c)
{
	bpfcore_write(c, BPF_CTL_CTRL, 8);
	c->ops->run(c, 4 * BPF_MAX_DEPTH * BPF_FRAME_SIZE);
}

struct bpfcore_result bpfcore_exec(struct bpfcore *c, uint32_t entry,
				   bpfcore_helper_fn fn, void *user, uint64_t max_cycles)
{
	struct bpfcore_result res = { 0 };
	uint64_t left = max_cycles ? max_cycles : UINT64_MAX;
	unsigned state;

	bpfcore_write(c, BPF_CTL_ENTRY_PC, entry);
	bpfcore_write(c, BPF_CTL_CTRL, 1);
	for (;;) {
		state = c->ops->run(c, left);
		if (state == BPF_STATE_RUNNING) {
			/* the host's own bound ran out: stop the core */
			bpfcore_write(c, BPF_CTL_CTRL, 4);
			state = c->ops->run(c, 16);
			break;
		}
		if (state != BPF_STATE_HELPER)
			break;
		if (max_cycles) {
			uint64_t used = bpfcore_counter(c, BPF_CNT_CYCLES);
			left = used < max_cycles ? max_cycles - used : 1;
		}

		uint64_t args[5], r0 = 0;
		uint32_t tail_pc = 0;
		unsigned action = BPF_HELPER_FAULT;
		for (unsigned i = 0; i < 5; i++)
			args[i] = bpfcore_get_reg(c, i + 1);
		if (fn)
			action = fn(user, c, bpfcore_read(c, BPF_CTL_HELPER_ID), args, &r0, &tail_pc);
		if (action == BPF_HELPER_RETURN)
			bpfcore_set_reg(c, 0, r0);
		bpfcore_write(c, BPF_CTL_HELPER_ARG, tail_pc);
		bpfcore_write(c, BPF_CTL_HELPER_ACTION, action);
		bpfcore_write(c, BPF_CTL_CTRL, 2);
	}
	res.state = state;
	res.fault = bpfcore_read(c, BPF_CTL_FAULT_CODE);
	res.pc = bpfcore_read(c, BPF_CTL_FAULT_PC);
	res.r0 = bpfcore_get_reg(c, 0);
	return res;
}

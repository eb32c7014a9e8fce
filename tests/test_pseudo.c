/* test_pseudo.c: lddw's pseudo sources, resolved by the loader and run on
 * both engines (a code address from lddw src 4 is then called with callx). */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "bpf_insn.h"
#include "bpf_pseudo.h"
#include "bpfcore.h"

#define MEM_BASE 0x40000000u
static uint8_t mem[256];
static struct bpfcore_flat flat = { .base = MEM_BASE, .data = mem, .len = sizeof mem };

/* Map fd 3 (index 0) has its handle at +0x10 and its values at +0x20;
 * variable 7 lives at +0x40. */
static int map(void *u, int by_index, int32_t key, uint64_t *addr)
{
	(void)u;
	if ((by_index && key != 0) || (!by_index && key != 3))
		return -ENOENT;
	*addr = MEM_BASE + 0x10;
	return 0;
}

static int map_value(void *u, int by_index, int32_t key, uint64_t *addr)
{
	if (map(u, by_index, key, addr))
		return -ENOENT;
	*addr = MEM_BASE + 0x20;
	return 0;
}

static int var(void *u, int32_t id, uint64_t *addr)
{
	(void)u;
	if (id != 7)
		return -ENOENT;
	*addr = MEM_BASE + 0x40;
	return 0;
}

static const struct bpf_pseudo_env env = { .map = map, .map_value = map_value, .var = var };

static uint32_t build(uint64_t *w)
{
	uint32_t n = 0;
	bpf_lddw(&w[n], 1, 0); w[n] |= (uint64_t)BPF_PSEUDO_MAP_FD << 12 | 3ull << 32; n += 2;
	bpf_lddw(&w[n], 2, 0); w[n] |= (uint64_t)BPF_PSEUDO_MAP_VALUE << 12 | 3ull << 32;
	w[n + 1] |= 8ull << 32; n += 2;
	bpf_lddw(&w[n], 3, 0); w[n] |= (uint64_t)BPF_PSEUDO_VAR << 12 | 7ull << 32; n += 2;
	bpf_lddw(&w[n], 5, 0); w[n] |= (uint64_t)BPF_PSEUDO_MAP_IDX_VALUE << 12;
	w[n + 1] |= 16ull << 32; n += 2;
	/* code address of f: f is at slot 14; this lddw is at slot 8: 14 = 8 + 1 + 5 */
	bpf_lddw(&w[n], 4, 0); w[n] |= (uint64_t)BPF_PSEUDO_CODE << 12 | 5ull << 32; n += 2;
	w[n++] = bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, BPF_MODE_MEM, BPF_SIZE_DW), 0, 2, 0, 0);
	w[n++] = bpf_insn(BPF_OP_CALLX, 4, 0, 0, 0);
	w[n++] = bpf_exit();
	w[n++] = bpf_exit(); /* 13, padding */
	w[n++] = bpf_alu64_imm(BPF_ALU_ADD, 0, 1); /* 14: f */
	w[n++] = bpf_exit();
	return n;
}

Test(pseudo, every_source_resolves_and_runs)
{
	uint64_t w[32];
	uint32_t n = build(w);
	char err[256];
	cr_assert_eq(bpf_resolve_pseudo(w, n, &env, err, sizeof err), 0, "%s", err);
	for (uint32_t i = 0; i < n; i++)
		if ((w[i] & 0xff) == BPF_OP_LDDW)
			cr_expect_eq((w[i] >> 12) & 0xf, 0, "slot %u still has a pseudo source", i);

	static const enum bpfcore_engine engines[] = { BPFCORE_RTL, BPFCORE_REF };
	for (unsigned e = 0; e < 2; e++) {
		struct bpfcore_mem ops = bpfcore_flat_mem(&flat);
		struct bpfcore *c = bpfcore_new(engines[e], &ops);
		cr_assert(c);
		memset(mem, 0, sizeof mem);
		mem[0x28] = 0x41;
		bpfcore_load(c, 0, w, n);
		bpfcore_write(c, BPF_CTL_PROG_LEN, n);
		bpfcore_write(c, BPF_CTL_BUDGET, 100);
		bpfcore_set_region(c, 0, MEM_BASE, sizeof mem, BPF_REGION_VALID | BPF_REGION_WRITE);
		struct bpfcore_result r = bpfcore_exec(c, 0, NULL, NULL, 10000);
		cr_expect_eq(r.state, BPF_STATE_DONE, "engine %u: fault %u at %u", e, r.fault, r.pc);
		cr_expect_eq(r.r0, 0x42, "engine %u: r0 %lx", e, (unsigned long)r.r0);
		cr_expect_eq(bpfcore_get_reg(c, 1), MEM_BASE + 0x10);
		cr_expect_eq(bpfcore_get_reg(c, 2), MEM_BASE + 0x28);
		cr_expect_eq(bpfcore_get_reg(c, 3), MEM_BASE + 0x40);
		cr_expect_eq(bpfcore_get_reg(c, 5), MEM_BASE + 0x30);
		cr_expect_eq(bpfcore_get_reg(c, 4), BPF_PROG_BASE + 8 * 14);
		bpfcore_free(c);
	}
}

Test(pseudo, unknown_objects_are_named_with_their_instruction)
{
	uint64_t w[4];
	char err[256] = "";
	bpf_lddw(w, 1, 0);
	w[0] |= (uint64_t)BPF_PSEUDO_MAP_FD << 12 | 9ull << 32;
	w[2] = bpf_exit();
	cr_expect_eq(bpf_resolve_pseudo(w, 3, &env, err, sizeof err), -ENOENT);
	cr_expect(strstr(err, "instruction 0") && strstr(err, "map fd 9"), "%s", err);

	bpf_lddw(w, 1, 0);
	w[0] |= (uint64_t)BPF_PSEUDO_CODE << 12 | 40ull << 32;
	cr_expect_eq(bpf_resolve_pseudo(w, 3, &env, err, sizeof err), -EINVAL);
	cr_expect(strstr(err, "outside the program"), "%s", err);

	bpf_lddw(w, 1, 0);
	w[0] |= 9ull << 12;
	cr_expect_eq(bpf_resolve_pseudo(w, 3, &env, err, sizeof err), -EINVAL);
	cr_expect(strstr(err, "unknown source 9"), "%s", err);
}

Test(pseudo, an_unresolved_pseudo_lddw_is_illegal_on_the_core)
{
	uint64_t w[4];
	bpf_lddw(w, 1, 0);
	w[0] |= (uint64_t)BPF_PSEUDO_MAP_FD << 12;
	w[2] = bpf_exit();
	static const enum bpfcore_engine engines[] = { BPFCORE_RTL, BPFCORE_REF };
	for (unsigned e = 0; e < 2; e++) {
		struct bpfcore_mem ops = bpfcore_flat_mem(&flat);
		struct bpfcore *c = bpfcore_new(engines[e], &ops);
		bpfcore_load(c, 0, w, 3);
		bpfcore_write(c, BPF_CTL_PROG_LEN, 3);
		bpfcore_write(c, BPF_CTL_BUDGET, 100);
		struct bpfcore_result r = bpfcore_exec(c, 0, NULL, NULL, 10000);
		cr_expect_eq(r.fault, BPF_FAULT_ILLEGAL_INSN, "engine %u", e);
		cr_expect_eq(r.pc, 0);
		bpfcore_free(c);
	}
}

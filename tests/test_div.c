/* test_div.c: DIV, MOD, SDIV, SMOD (32 and 64 bits) on the RTL core against
 * the reference model, over edge and random operands, and the divider's
 * latency against the formula in rtl/bpf_div.v, from the core's MULDIV
 * stall counter (a division whose o_done rises in cycle N stalls N - 1).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>

#include "bpf_insn.h"
#include "bpfcore.h"

#define MEM_BASE 0x40000000u
#define MEM_LEN 256u
#define PER_PROG (MEM_LEN / 8)

static uint8_t mem[MEM_LEN];

static uint64_t mread(void *u, uint32_t a, unsigned n)
{
	(void)u;
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)mem[a - MEM_BASE + i] << (8 * i);
	return v;
}

static void mwrite(void *u, uint32_t a, unsigned n, uint64_t v)
{
	(void)u;
	cr_assert(a >= MEM_BASE && a + n <= MEM_BASE + MEM_LEN, "stray write to %08x", a);
	for (unsigned i = 0; i < n; i++)
		mem[a - MEM_BASE + i] = v >> (8 * i);
}

static const struct bpfcore_mem memops = { .read = mread, .write = mwrite };

struct op {
	uint64_t a, b;
	bool alu64, sgn, mod;
};

/* floor(log2 x), and 0 for 0 (as the divider computes it) */
static int msb(uint64_t x)
{
	return x ? 63 - __builtin_clzll(x) : 0;
}

/* The divider's latency (rtl/bpf_div.v): o_done rises in cycle N. */
static unsigned pipe_div_cycles(const struct op *o)
{
	uint64_t a = o->a, b = o->b;
	if (!o->alu64) {
		a = o->sgn ? (uint64_t)(int64_t)(int32_t)a : (uint32_t)a;
		b = o->sgn ? (uint64_t)(int64_t)(int32_t)b : (uint32_t)b;
	}
	bool sa = o->sgn && (int64_t)a < 0, sb = o->sgn && (int64_t)b < 0;
	uint64_t A = sa ? -a : a, B = sb ? -b : b;
	/* a negated result takes a cycle more */
	unsigned neg = o->mod ? sa : sa != sb;
	if (B == 0)
		return 2 + neg;
	/* le: L for non-negative operands, at most L + 2 otherwise */
	int le = msb(sa ? A - 1 : A) + sa - msb(sb ? B - 1 : B);
	if (le <= 1)
		return 2 + neg;
	return 3 + le / 3 + neg;
}

/* The latency of the core under test.  The tiny core (BPFSOC_CORE_TINY,
 * rtl/tiny/) divides one bit in two cycles (a 32-bit datapath): a nonzero
 * divisor takes 64 non-restoring steps and 10 cycles for the divisor's move
 * and magnitude, the last quotient bit and the remainder's correction, and
 * the result's sign (138 stall cycles); a zero divisor, found as DV2 moves
 * it (2), then a div's 0 (DZ, 1), a mod's dividend with its sign (DVF1 and
 * DVF2, 4). */
static unsigned div_cycles(const struct op *o)
{
#ifdef BPFSOC_CORE_TINY
	uint64_t b = o->alu64 ? o->b : (uint32_t)o->b;
	return b == 0 ? (o->mod ? 7 : 4) : 139;
#else
	return pipe_div_cycles(o);
#endif
}

/* One program: for each op, r1 = a, r2 = b, r1 op= r2, store r1. */
static unsigned build(uint64_t *w, const struct op *ops, unsigned n)
{
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct op *o = &ops[i];
		unsigned cls = o->alu64 ? BPF_CLASS_ALU64 : BPF_CLASS_ALU;
		unsigned code = o->mod ? BPF_ALU_MOD : BPF_ALU_DIV;
		bpf_lddw(&w[k], 1, o->a);
		k += 2;
		bpf_lddw(&w[k], 2, o->b);
		k += 2;
		w[k++] = bpf_insn(BPF_OP_ALU(cls, code, BPF_SRC_X), 1, 2, o->sgn ? 1 : 0, 0);
		w[k++] = bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_MEM, BPF_SIZE_DW), 3, 1, 8 * i, 0);
	}
	w[k++] = bpf_exit();
	return k;
}

static struct bpfcore *rtl, *ref;
static unsigned long nops, nprogs;

static void run_one(struct bpfcore *c, const uint64_t *w, unsigned n, uint8_t out[MEM_LEN],
		    uint64_t *stall)
{
	memset(mem, 0, sizeof mem);
	bpfcore_load(c, 0, w, n);
	bpfcore_write(c, BPF_CTL_PROG_LEN, n);
	bpfcore_write(c, BPF_CTL_BUDGET, 100000);
	bpfcore_set_region(c, 0, MEM_BASE, MEM_LEN, BPF_REGION_VALID | BPF_REGION_WRITE);
	bpfcore_set_reg(c, 3, MEM_BASE);
	struct bpfcore_result r = bpfcore_exec(c, 0, NULL, NULL, 10000000);
	cr_assert_eq(r.state, BPF_STATE_DONE, "fault %u at pc %u", r.fault, r.pc);
	*stall = bpfcore_counter(c, BPF_CNT_STALL_MULDIV);   /* cleared by START */
	memcpy(out, mem, MEM_LEN);
}

static void check(const struct op *ops, unsigned n)
{
	static uint64_t w[PER_PROG * 6 + 1];
	uint8_t got[MEM_LEN], want[MEM_LEN];
	uint64_t stall_rtl, stall_ref, expect = 0;
	unsigned len = build(w, ops, n);
	run_one(ref, w, len, want, &stall_ref);
	run_one(rtl, w, len, got, &stall_rtl);
	for (unsigned i = 0; i < n; i++) {
		uint64_t g, x;
		memcpy(&g, &got[8 * i], 8);
		memcpy(&x, &want[8 * i], 8);
		cr_assert_eq(g, x, "%s%s%s %016" PRIx64 ", %016" PRIx64 ": rtl %016" PRIx64 ", ref %016" PRIx64,
			     ops[i].sgn ? "s" : "", ops[i].mod ? "mod" : "div", ops[i].alu64 ? "64" : "32",
			     ops[i].a, ops[i].b, g, x);
		expect += div_cycles(&ops[i]) - 1;
	}
	cr_assert_eq(stall_rtl, expect, "divider stalls %" PRIu64 ", the latency formula gives %" PRIu64,
		     stall_rtl, expect);
	nops += n;
	nprogs++;
}

static void open_engines(void)
{
	rtl = bpfcore_new(BPFCORE_RTL, &memops);
	ref = bpfcore_new(BPFCORE_REF, &memops);
	cr_assert(rtl && ref);
}

static void close_engines(void)
{
	bpfcore_free(rtl);
	bpfcore_free(ref);
}

static const uint64_t edges[] = {
	0, 1, 2, 3, 5, 7, 10, 31, 32, 33, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff,
	0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
	0xffffffffffffffffull, 0xfffffffffffffffeull, 0xfffffffffffffffdull, 0xffffffff80000000ull,
	0x0800000000000000ull, 0x07ffffffffffffffull, 0xffffffffffffffe0ull, 0xffffffffffffffe1ull,
};
#define NEDGES (sizeof edges / sizeof edges[0])

Test(div, edge_operands_all_ops, .init = open_engines, .fini = close_engines)
{
	struct op ops[PER_PROG];
	unsigned n = 0;
	for (unsigned kind = 0; kind < 8; kind++)
		for (unsigned i = 0; i < NEDGES; i++)
			for (unsigned j = 0; j < NEDGES; j++) {
				ops[n++] = (struct op){ edges[i], edges[j], kind & 1, kind >> 1 & 1, kind >> 2 & 1 };
				if (n == PER_PROG) {
					check(ops, n);
					n = 0;
				}
			}
	if (n)
		check(ops, n);
	cr_log_info("div: %lu edge operations in %lu programs", nops, nprogs);
}

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Random operands of every length (so every quotient length) and sign. */
static uint64_t operand(void)
{
	uint64_t x = rnd() >> (rnd() % 64);
	return rnd() % 4 == 0 ? -x : x;
}

Test(div, random_operands_and_latency, .init = open_engines, .fini = close_engines)
{
	struct op ops[PER_PROG];
	const char *s = getenv("FUZZ_SEED");
	uint64_t seed = s && *s ? strtoull(s, NULL, 0) : (uint64_t)time(NULL);
	rng = seed * 0x9e3779b97f4a7c15ull | 1;
	fprintf(stderr, "div: random operands from seed %llu (FUZZ_SEED=%llu reproduces)\n",
		(unsigned long long)seed, (unsigned long long)seed);
	for (unsigned p = 0; p < 1000; p++) {
		for (unsigned i = 0; i < PER_PROG; i++)
			ops[i] = (struct op){ operand(), operand(), rnd() & 1, rnd() & 1, rnd() & 1 };
		check(ops, PER_PROG);
	}
	cr_log_info("div: %lu random operations in %lu programs", nops, nprogs);
}

Test(div, worst_cases_within_25_and_14_cycles, .init = open_engines, .fini = close_engines)
{
	/* The longest quotients (le = 63 for 64 bits, 31 for 32 bits), with and
	 * without a negated result (a cycle more), negative operands (le a
	 * little above L), and a few common cases.  The formula is checked
	 * here, the RTL against it by check(). */
	const struct op ops[] = {
		{ ~0ull, 1, true, false, false },
		{ ~0ull >> 2, 1, true, false, false },
		{ ~0ull, 4, true, false, false },
		{ 0xffffffff, 1, false, false, false },
		{ 0x8000000000000000ull, ~0ull, true, true, false },   /* INT_MIN / -1 */
		{ ~0ull, 10, true, false, false },
		{ 2048, 7, true, false, true },
		{ 3, 1, true, false, false },
		{ 0x8000000000000000ull, -16ull, true, true, false },  /* INT_MIN / -16 */
		{ 0x8000000000000000ull, 3, true, true, false },
		{ 0x80000000, 1, false, true, false },                 /* 32-bit, negated */
		{ 0x8000000000000000ull, 1, true, true, false },       /* the longest: 25 */
	};
	const unsigned want[] = { 24, 23, 23, 13, 24, 23, 6, 2, 23, 24, 14, 25 };
	for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++)
		cr_expect_eq(pipe_div_cycles(&ops[i]), want[i], "case %u: %u cycles", i,
			     pipe_div_cycles(&ops[i]));
	check(ops, sizeof ops / sizeof ops[0]);
}

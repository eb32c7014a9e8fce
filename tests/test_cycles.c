/* test_cycles.c: the cycle cost of each instruction class on the RTL, as
 * docs/isa.md lists it ("Cycle counts").  Each cost is measured from the
 * core's own counters as the difference between a block of 2N and of N
 * copies, so pipeline fill and the final exit cancel out. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bpf_insn.h"
#include "bpfcore.h"

#define MEM_BASE 0x40000000u
#define N 64

static uint8_t mem[4096];
static struct bpfcore_flat flat = { .base = MEM_BASE, .data = mem, .len = sizeof mem };

struct klass {
	const char *name;
	unsigned per;        /* instructions in one copy */
	unsigned cycles;     /* expected cycles for one copy */
	void (*emit)(uint64_t *w, uint32_t *n);
};

static uint64_t measure(const struct klass *k, unsigned copies)
{
	static uint64_t w[4096];
	uint32_t n = 0;
	w[n++] = bpf_mov64_imm(2, 7);
	w[n++] = bpf_mov64_imm(3, 3);
	for (unsigned i = 0; i < copies; i++)
		k->emit(w, &n);
	w[n++] = bpf_exit();
	struct bpfcore_mem ops = bpfcore_flat_mem(&flat);
	struct bpfcore *c = bpfcore_new(BPFCORE_RTL, &ops);
	cr_assert(c);
	bpfcore_load(c, 0, w, n);
	bpfcore_write(c, BPF_CTL_PROG_LEN, n);
	bpfcore_write(c, BPF_CTL_BUDGET, 100000);
	bpfcore_set_region(c, 0, MEM_BASE, sizeof mem, BPF_REGION_VALID | BPF_REGION_WRITE);
	bpfcore_set_reg(c, 1, MEM_BASE);
	struct bpfcore_result r = bpfcore_exec(c, 0, NULL, NULL, 10000000);
	cr_assert_eq(r.state, BPF_STATE_DONE, "%s: fault %u at %u", k->name, r.fault, r.pc);
	uint64_t cycles = bpfcore_counter(c, BPF_CNT_CYCLES);
	bpfcore_free(c);
	return cycles;
}

#define EMIT(fn, ...) static void fn(uint64_t *w, uint32_t *n) { __VA_ARGS__ }
#define I(x) w[(*n)++] = (x);

EMIT(e_alu, I(bpf_alu64_imm(BPF_ALU_ADD, 4, 1)))
EMIT(e_lddw, bpf_lddw(&w[*n], 4, 0x123456789abcull); *n += 2;)
EMIT(e_notaken, I(bpf_insn(BPF_OP_JMP(BPF_CLASS_JMP, BPF_JMP_JEQ, BPF_SRC_K), 2, 0, 1, 99)) I(bpf_alu64_imm(BPF_ALU_ADD, 4, 1)))
EMIT(e_taken, I(bpf_insn(BPF_OP_JA, 0, 0, 0, 0)))
/* The target slot is read ahead while the jump is in ID; an lddw target
 * (two slots) is fetched after the redirect instead: one cycle more. */
EMIT(e_taken_lddw, I(bpf_insn(BPF_OP_JA, 0, 0, 0, 0)) bpf_lddw(&w[*n], 4, 0x1234567890ull); *n += 2;)
/* A loop of 8: the back edge misses the BTB on its first taken run, is
 * predicted taken from then on, and mispredicted once when the loop ends. */
EMIT(e_loop8, I(bpf_mov64_imm(4, 8)) I(bpf_alu64_imm(BPF_ALU_SUB, 4, 1))
	      I(bpf_insn(BPF_OP_JMP(BPF_CLASS_JMP, BPF_JMP_JNE, BPF_SRC_K), 4, 0, -2, 0)))
EMIT(e_mul, I(bpf_alu64_reg(BPF_ALU_MUL, 4, 2)))
/* The product is finished in MEM: only the next instruction waits for it. */
EMIT(e_mul_free, I(bpf_alu64_reg(BPF_ALU_MOV, 4, 2)) I(bpf_alu64_reg(BPF_ALU_MUL, 4, 3)))
EMIT(e_mul_use2, I(bpf_alu64_reg(BPF_ALU_MOV, 4, 2)) I(bpf_alu64_reg(BPF_ALU_MUL, 4, 3))
		 I(bpf_alu64_reg(BPF_ALU_MOV, 6, 3)) I(bpf_alu64_reg(BPF_ALU_ADD, 5, 4)))
EMIT(e_ld_stack, I(bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, BPF_MODE_MEM, BPF_SIZE_DW), 4, 10, -8, 0)))
EMIT(e_ld_use_stack, I(bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, BPF_MODE_MEM, BPF_SIZE_DW), 4, 10, -8, 0)) I(bpf_alu64_reg(BPF_ALU_ADD, 5, 4)))
EMIT(e_st_stack, I(bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_MEM, BPF_SIZE_DW), 10, 2, -8, 0)))
EMIT(e_ld_region, I(bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, BPF_MODE_MEM, BPF_SIZE_DW), 4, 1, 8, 0)))
EMIT(e_ld_use_region, I(bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, BPF_MODE_MEM, BPF_SIZE_DW), 4, 1, 8, 0)) I(bpf_alu64_reg(BPF_ALU_ADD, 5, 4)))
EMIT(e_st_region, I(bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_MEM, BPF_SIZE_DW), 1, 2, 16, 0)))
EMIT(e_atomic_stack, I(bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_ATOMIC, BPF_SIZE_DW), 10, 2, -8, BPF_ATOMIC_ADD)))
EMIT(e_atomic_region, I(bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_ATOMIC, BPF_SIZE_DW), 1, 2, 24, BPF_ATOMIC_ADD)))
/* The new value is registered a cycle after the old one arrives, then
 * the locked write is posted: back to back, the next atomic waits for its
 * response; one instruction between them hides that wait. */
EMIT(e_atomic_region_alu, I(bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_ATOMIC, BPF_SIZE_DW), 1, 2, 24, BPF_ATOMIC_ADD))
			  I(bpf_alu64_imm(BPF_ALU_ADD, 4, 1)))
EMIT(e_call_exit, I(bpf_insn(BPF_OP_CALL, 0, BPF_CALL_SRC_LOCAL, 0, 1)) I(bpf_insn(BPF_OP_JA, 0, 0, 1, 0)) I(bpf_exit()))
EMIT(e_div_small, I(bpf_alu64_reg(BPF_ALU_DIV, 4, 3)))   /* 0 / 3 */
/* The divider (rtl/bpf_div.v): N = 2 for le <= 1, else 3 + floor(le / 3);
 * le = msb|a| - msb|b| for non-negative operands, msb(|a| - 1) + 1 - msb|b|
 * for a < 0; one more when the result is negated (never for DIV, MOD). */
EMIT(e_div3_big, bpf_lddw(&w[*n], 4, 0xfedcba9876543210ull); *n += 2;
		 I(bpf_alu64_imm(BPF_ALU_DIV, 4, 3)))                        /* le = 62: 23 */
EMIT(e_div10_big, bpf_lddw(&w[*n], 4, 0xfedcba9876543210ull); *n += 2;
		  I(bpf_alu64_imm(BPF_ALU_DIV, 4, 10)))                       /* le = 60: 23 */
EMIT(e_div10_l53, bpf_lddw(&w[*n], 4, 0x0123456789abcdefull); *n += 2;
		  I(bpf_alu64_imm(BPF_ALU_DIV, 4, 10)))                       /* L = 53: 20 */
EMIT(e_mod_2048_7, I(bpf_mov64_imm(4, 2048)) I(bpf_alu64_imm(BPF_ALU_MOD, 4, 7)))   /* L = 9: 6 */
EMIT(e_sdiv_m1000_7, I(bpf_mov64_imm(4, -1000))
		     I(bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU64, BPF_ALU_DIV, BPF_SRC_K), 4, 0, 1, 7)))  /* le = 8, negated: 6 */
EMIT(e_div32_l1, I(bpf_mov64_imm(4, 15)) I(bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU, BPF_ALU_DIV, BPF_SRC_K), 4, 0, 0, 7)))  /* L = 1: 2 */
/* Expected cycles for one copy; docs/isa.md "Cycle counts" lists the same. */
static const struct klass classes[] = {
	{ "alu", 1, 1, e_alu },
	{ "lddw (its second half is a bubble)", 1, 2, e_lddw },
	{ "branch not taken + alu", 2, 2, e_notaken },
	{ "taken jump, not predicted", 1, 3, e_taken },
	{ "taken jump to an lddw + lddw", 2, 4 + 2, e_taken_lddw },
	{ "loop of 8 (1 + 8 x 2 insns)", 17, 1 + 8 + 3 + 6 + 3, e_loop8 },
	{ "mul, used by the next", 1, 2, e_mul },
	{ "mov + mul, product unused", 2, 2, e_mul_free },
	{ "mov + mul + mov + use", 4, 4, e_mul_use2 },
	{ "load from the stack", 1, 1, e_ld_stack },
	{ "stack load + use", 2, 4, e_ld_use_stack },
	{ "store to the stack", 1, 1, e_st_stack },
	{ "load from a region", 1, 1, e_ld_region },
	{ "region load + use", 2, 5, e_ld_use_region },
	{ "store to a region", 1, 1, e_st_region },
	{ "atomic add on the stack", 1, 3, e_atomic_stack },
	{ "atomic add on a region, back to back", 1, 5, e_atomic_region },
	{ "atomic add on a region + alu", 2, 4 + 1, e_atomic_region_alu },
	{ "call + exit + ja", 3, 3 + 4 + 3, e_call_exit },
	{ "div, L <= 1 (0 / 3)", 1, 2, e_div_small },
	{ "mov + div32 15 / 7 (L = 1)", 2, 1 + 2, e_div32_l1 },
	{ "mov + sdiv -1000 / 7 (le = 8, negated)", 2, 1 + 6, e_sdiv_m1000_7 },
	{ "mov + mod 2048 % 7 (L = 9)", 2, 1 + 6, e_mod_2048_7 },
	{ "lddw + div 0x0123.. / 10 (L = 53)", 2, 2 + 20, e_div10_l53 },
	{ "lddw + div 0xfedc.. / 10 (L = 60)", 2, 2 + 23, e_div10_big },
	{ "lddw + div 0xfedc.. / 3 (L = 62)", 2, 2 + 23, e_div3_big },
};

Test(cycles, each_class_costs_what_the_docs_say)
{
	memset(mem, 0, sizeof mem);
	for (unsigned i = 0; i < sizeof classes / sizeof classes[0]; i++) {
		const struct klass *k = &classes[i];
		uint64_t one = measure(k, N), two = measure(k, 2 * N);
		double per = (double)(two - one) / N;
		fprintf(stderr, "cycles: %-26s %5.2f a copy (%u instruction%s)\n", k->name, per, k->per,
			k->per > 1 ? "s" : "");
		cr_expect_eq(two - one, (uint64_t)k->cycles * N, "%s: %.2f cycles, docs say %u", k->name,
			     per, k->cycles);
	}
}

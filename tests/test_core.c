/* test_core.c: the core's control interface, helper protocol, faults,
 * regions and cycle counts, on the RTL and on the reference model.
 *
 * Cycle tests assert cycle counts from the core's own counters (never
 * wall-clock time), so they hold on a loaded machine too.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <string.h>

#include "bpf_insn.h"
#include "bpfcore.h"
#include "prog.h"

#define MEM_BASE 0x40000000u
#define MEM_LEN 256u
#define RO_BASE 0x48000000u

static uint8_t mem[MEM_LEN], ro[64];

static uint64_t mread(void *u, uint32_t a, unsigned n)
{
	(void)u;
	uint8_t *p = a >= RO_BASE ? &ro[a - RO_BASE] : &mem[a - MEM_BASE];
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
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

/* ---- programs: tests/prog.h ---- */

static struct bpfcore *setup(enum bpfcore_engine e, const struct prog *p, uint32_t budget)
{
	struct bpfcore *c = bpfcore_new(e, &memops);
	cr_assert(c, "engine %d is not available", e);
	memset(mem, 0, sizeof mem);
	for (unsigned i = 0; i < sizeof ro; i++)
		ro[i] = i;
	bpfcore_load(c, 0, p->w, p->n);
	bpfcore_write(c, BPF_CTL_PROG_LEN, p->n);
	bpfcore_write(c, BPF_CTL_BUDGET, budget);
	bpfcore_set_region(c, 0, MEM_BASE, MEM_LEN, BPF_REGION_VALID | BPF_REGION_WRITE);
	bpfcore_set_region(c, 1, RO_BASE, sizeof ro, BPF_REGION_VALID);
	bpfcore_set_packet(c, MEM_BASE, MEM_LEN);
	bpfcore_clear_stack(c);
	bpfcore_set_reg(c, 1, MEM_BASE);
	return c;
}

static struct bpfcore_result run(struct bpfcore *c, bpfcore_helper_fn fn, void *user)
{
	return bpfcore_exec(c, 0, fn, user, 10000000);
}

/* ------------------------------------------------------------------------ */

Test(ctl, identity_and_configuration)
{
	struct prog p = { .n = 0 };
	put(&p, EXIT);
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p, 10);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_ID), BPF_CORE_ID_VALUE, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_VERSION),
			     BPFSOC_VERSION_MAJOR << 16 | BPFSOC_VERSION_MINOR);
		uint32_t cfg = bpfcore_read(c, BPF_CTL_CONFIG);
		cr_expect_eq(cfg & 0xffff, BPF_IMEM_DEPTH, "%s", engine_names[e]);
		cr_expect_eq((cfg >> 16) & 0xf, BPF_MAX_DEPTH, "%s", engine_names[e]);
		cr_expect_eq((cfg >> 20) & 0xf, BPF_NUM_REGIONS, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_state(c), BPF_STATE_IDLE, "%s", engine_names[e]);
		bpfcore_free(c);
	}
}

struct helper_log {
	uint32_t ids[8];
	uint64_t args[8][5];
	unsigned n;
	unsigned action;
	uint32_t tail_pc;
};

static unsigned logging_helper(void *user, struct bpfcore *c, uint32_t id, const uint64_t a[5],
			       uint64_t *r0, uint32_t *tail_pc)
{
	struct helper_log *l = user;
	(void)c;
	l->ids[l->n] = id;
	memcpy(l->args[l->n], a, 5 * sizeof a[0]);
	l->n++;
	*r0 = 1000 + id;
	*tail_pc = l->tail_pc;
	return l->action;
}

Test(helper, arguments_in_r1_to_r5_result_in_r0)
{
	struct prog p = { .n = 0 };
	for (unsigned r = 1; r <= 5; r++)
		put(&p, MOV(r, 10 * r));
	put(&p, CALL_HELPER(7));
	put(&p, ALU64_X(ADD, 0, 5)); /* r1..r5 are preserved */
	put(&p, EXIT);
	EACH_ENGINE {
		struct helper_log l = { .action = BPF_HELPER_RETURN };
		struct bpfcore *c = setup(engines[e], &p, 100);
		struct bpfcore_result r = run(c, logging_helper, &l);
		cr_assert_eq(r.state, BPF_STATE_DONE, "%s: fault %u", engine_names[e], r.fault);
		cr_expect_eq(l.n, 1);
		cr_expect_eq(l.ids[0], 7);
		for (unsigned i = 0; i < 5; i++)
			cr_expect_eq(l.args[0][i], 10 * (i + 1), "%s: r%u", engine_names[e], i + 1);
		cr_expect_eq(r.r0, 1007 + 50, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_counter(c, BPF_CNT_INSNS), 8, "%s", engine_names[e]);
		bpfcore_free(c);
	}
}

Test(helper, a_call_by_btf_id_names_its_kind)
{
	struct prog p = { .n = 0 };
	put(&p, bpf_insn(BPF_OP_CALL, 0, BPF_CALL_SRC_BTF_ID, 0, 0x2a));
	put(&p, CALL_HELPER(0x2a));
	put(&p, EXIT);
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p, 100);
		bpfcore_write(c, BPF_CTL_CTRL, 1);
		cr_assert_eq(c->ops->run(c, 1000), BPF_STATE_HELPER, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_HELPER_ID), 0x2a, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_HELPER_KIND), BPF_HELPER_KIND_BTF_ID, "%s",
			     engine_names[e]);
		bpfcore_set_reg(c, 0, 5);
		bpfcore_write(c, BPF_CTL_HELPER_ACTION, BPF_HELPER_RETURN);
		bpfcore_write(c, BPF_CTL_CTRL, 2);
		cr_assert_eq(c->ops->run(c, 1000), BPF_STATE_HELPER, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_HELPER_KIND), BPF_HELPER_KIND_ID, "%s",
			     engine_names[e]);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_HELPER_PC), 1, "%s", engine_names[e]);
		bpfcore_free(c);
	}
}

Test(helper, refused_helper_faults_at_the_call)
{
	struct prog p = { .n = 0 };
	put(&p, MOV(0, 1));
	put(&p, CALL_HELPER(99));
	put(&p, EXIT);
	EACH_ENGINE {
		struct helper_log l = { .action = BPF_HELPER_FAULT };
		struct bpfcore *c = setup(engines[e], &p, 100);
		struct bpfcore_result r = run(c, logging_helper, &l);
		cr_expect_eq(r.state, BPF_STATE_FAULT, "%s", engine_names[e]);
		cr_expect_eq(r.fault, BPF_FAULT_HELPER, "%s", engine_names[e]);
		cr_expect_eq(r.pc, 1, "%s", engine_names[e]);
		bpfcore_free(c);
	}
}

Test(helper, tail_call_replaces_the_program_and_resets_the_frame)
{
	/* main: call local f; exit.  f: mov r6, 7; call 12 (tail to 'second').
	 * second: r0 = r10 + r6; exit */
	struct prog p = { .n = 0 };
	put(&p, CALL_LOCAL(1));         /* 0 */
	put(&p, EXIT);                  /* 1 */
	put(&p, MOV(6, 7));             /* 2: f */
	put(&p, CALL_HELPER(12));       /* 3 */
	put(&p, MOV(0, -1));            /* 4: not reached */
	put(&p, EXIT);                  /* 5 */
	put(&p, ALU64_X(MOV, 0, 10));   /* 6: second */
	put(&p, ALU64_X(ADD, 0, 6));    /* 7 */
	put(&p, EXIT);                  /* 8 */
	EACH_ENGINE {
		struct helper_log l = { .action = BPF_HELPER_TAIL_CALL, .tail_pc = 6 };
		struct bpfcore *c = setup(engines[e], &p, 100);
		struct bpfcore_result r = run(c, logging_helper, &l);
		cr_assert_eq(r.state, BPF_STATE_DONE, "%s: fault %u at %u", engine_names[e],
			     r.fault, r.pc);
		cr_expect_eq(r.r0, BPF_STACK_BASE + BPF_FRAME_SIZE + 7, "%s", engine_names[e]);
		cr_expect_eq(r.pc, 8, "%s", engine_names[e]);
		bpfcore_free(c);
	}
}

Test(helper, abort_while_waiting_for_the_host)
{
	struct prog p = { .n = 0 };
	put(&p, CALL_HELPER(1));
	put(&p, EXIT);
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p, 100);
		bpfcore_write(c, BPF_CTL_CTRL, 1);
		cr_assert_eq(c->ops->run(c, 1000), BPF_STATE_HELPER, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_HELPER_ID), 1);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_HELPER_PC), 0);
		bpfcore_write(c, BPF_CTL_CTRL, 4);
		c->ops->run(c, 100);
		cr_expect_eq(bpfcore_state(c), BPF_STATE_FAULT, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_FAULT_CODE), BPF_FAULT_ABORTED);
		bpfcore_free(c);
	}
}

Test(ctl, abort_a_running_program)
{
	struct prog p = { .n = 0 };
	put(&p, JMP_K(JA, 0, 0, -1)); /* ja -1: forever */
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p, 0xffffffff);
		bpfcore_write(c, BPF_CTL_CTRL, 1);
		cr_assert_eq(c->ops->run(c, 500), BPF_STATE_RUNNING, "%s", engine_names[e]);
		bpfcore_write(c, BPF_CTL_CTRL, 4);
		c->ops->run(c, 100);
		cr_expect_eq(bpfcore_state(c), BPF_STATE_FAULT, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_FAULT_CODE), BPF_FAULT_ABORTED);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_FAULT_PC), 0);
		/* and it runs again afterwards */
		struct prog q = { .n = 0 };
		put(&q, MOV(0, 5));
		put(&q, EXIT);
		bpfcore_load(c, 0, q.w, q.n);
		bpfcore_write(c, BPF_CTL_PROG_LEN, q.n);
		struct bpfcore_result r = run(c, NULL, NULL);
		cr_expect_eq(r.state, BPF_STATE_DONE, "%s", engine_names[e]);
		cr_expect_eq(r.r0, 5, "%s", engine_names[e]);
		bpfcore_free(c);
	}
}

Test(budget, exactly_budget_instructions_retire)
{
	struct prog p = { .n = 0 };
	for (int i = 0; i < 10; i++)
		put(&p, ALU64_K(ADD, 0, 1));
	put(&p, EXIT);
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p, 5);
		bpfcore_set_reg(c, 0, 0);
		struct bpfcore_result r = run(c, NULL, NULL);
		cr_expect_eq(r.state, BPF_STATE_FAULT, "%s", engine_names[e]);
		cr_expect_eq(r.fault, BPF_FAULT_BUDGET, "%s", engine_names[e]);
		cr_expect_eq(r.pc, 5, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_get_reg(c, 0), 5, "%s", engine_names[e]);
		cr_expect_eq(bpfcore_counter(c, BPF_CNT_INSNS), 5, "%s", engine_names[e]);
		bpfcore_free(c);
	}
}

Test(stack, cleared_on_request_kept_otherwise)
{
	struct prog p = { .n = 0 };
	put(&p, LDX(DW, 0, 10, -8));
	put(&p, ST(DW, 10, -8, 0x1234));
	put(&p, EXIT);
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p, 100);
		cr_expect_eq(run(c, NULL, NULL).r0, 0, "%s", engine_names[e]);
		cr_expect_eq(run(c, NULL, NULL).r0, 0x1234, "%s: the stack persists", engine_names[e]);
		bpfcore_clear_stack(c);
		cr_expect_eq(run(c, NULL, NULL).r0, 0, "%s: cleared", engine_names[e]);
		bpfcore_free(c);
	}
}

Test(calls, frames_nest_to_max_depth_and_no_further)
{
	/* f_k calls f_{k+1}; f_last returns r10.  With MAX_DEPTH - 1 nested
	 * calls the deepest r10 is the top of the last frame; one more faults. */
	for (unsigned extra = 0; extra < 2; extra++) {
		unsigned calls = BPF_MAX_DEPTH - 1 + extra;
		struct prog p = { .n = 0 };
		for (unsigned k = 0; k < calls; k++) {
			put(&p, CALL_LOCAL(1));
			put(&p, EXIT);
		}
		put(&p, ALU64_X(MOV, 0, 10));
		put(&p, EXIT);
		EACH_ENGINE {
			struct bpfcore *c = setup(engines[e], &p, 1000);
			struct bpfcore_result r = run(c, NULL, NULL);
			if (!extra) {
				cr_expect_eq(r.state, BPF_STATE_DONE, "%s", engine_names[e]);
				cr_expect_eq(r.r0, BPF_STACK_BASE + BPF_MAX_DEPTH * BPF_FRAME_SIZE,
					     "%s", engine_names[e]);
				cr_expect_eq(bpfcore_get_reg(c, 10), BPF_STACK_BASE + BPF_FRAME_SIZE,
					     "%s: r10 restored", engine_names[e]);
			} else {
				cr_expect_eq(r.fault, BPF_FAULT_CALL_DEPTH, "%s", engine_names[e]);
				cr_expect_eq(r.pc, 2 * (BPF_MAX_DEPTH - 1), "%s", engine_names[e]);
			}
			bpfcore_free(c);
		}
	}
}

Test(regions, bounds_are_enforced_in_hardware)
{
	static const struct {
		const char *what;
		uint64_t base;
		int16_t off;
		int store;
		unsigned fault;
	} cases[] = {
		{ "load inside", MEM_BASE, MEM_LEN - 8, 0, BPF_FAULT_NONE },
		{ "load straddling the end", MEM_BASE, MEM_LEN - 4, 0, BPF_FAULT_LOAD_BOUNDS },
		{ "load below the start", MEM_BASE, -1, 0, BPF_FAULT_LOAD_BOUNDS },
		{ "store inside", MEM_BASE, 0, 1, BPF_FAULT_NONE },
		{ "store to a read-only region", RO_BASE, 0, 1, BPF_FAULT_STORE_BOUNDS },
		{ "load from a read-only region", RO_BASE, 8, 0, BPF_FAULT_NONE },
		{ "upper address bits set", (1ull << 32) | MEM_BASE, 0, 0, BPF_FAULT_LOAD_BOUNDS },
		{ "null", 0, 0, 0, BPF_FAULT_LOAD_BOUNDS },
		{ "stack above the frame", BPF_STACK_BASE + BPF_FRAME_SIZE, -4, 1, BPF_FAULT_STORE_BOUNDS },
		{ "code addresses are not data", BPF_PROG_BASE, 0, 0, BPF_FAULT_LOAD_BOUNDS },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct prog p = { .n = 0 };
		put_lddw(&p, 2, cases[i].base);
		put(&p, cases[i].store ? STX(DW, 2, 2, cases[i].off) : LDX(DW, 0, 2, cases[i].off));
		put(&p, EXIT);
		EACH_ENGINE {
			struct bpfcore *c = setup(engines[e], &p, 100);
			struct bpfcore_result r = run(c, NULL, NULL);
			cr_expect_eq(r.fault, cases[i].fault, "%s on %s", cases[i].what, engine_names[e]);
			if (cases[i].fault)
				cr_expect_eq(r.pc, 2, "%s on %s", cases[i].what, engine_names[e]);
			bpfcore_free(c);
		}
	}
}

Test(regions, a_callee_may_use_its_callers_frame)
{
	/* main: r2 = r10 - 8; *(u64 *)r2 = 77; call f; exit.  f: r0 = *(u64 *)r2 */
	struct prog p = { .n = 0 };
	put(&p, ALU64_X(MOV, 2, 10));
	put(&p, ALU64_K(ADD, 2, -8));
	put(&p, ST(DW, 2, 0, 77));
	put(&p, CALL_LOCAL(1));
	put(&p, EXIT);
	put(&p, LDX(DW, 0, 2, 0));
	put(&p, EXIT);
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p, 100);
		struct bpfcore_result r = run(c, NULL, NULL);
		cr_expect_eq(r.state, BPF_STATE_DONE, "%s: fault %u", engine_names[e], r.fault);
		cr_expect_eq(r.r0, 77, "%s", engine_names[e]);
		bpfcore_free(c);
	}
}

/* ------------------------------------------------------------------------
 * Cycle counts on the RTL
 * ---------------------------------------------------------------------- */
static uint64_t cnt(struct bpfcore *c, unsigned n) { return bpfcore_counter(c, n); }

static void expect_invariant(struct bpfcore *c)
{
	uint64_t stalls = 0;
	for (unsigned k = BPF_CNT_STALL_LOAD_USE; k <= BPF_CNT_STALL_OTHER; k++)
		stalls += cnt(c, k);
	cr_expect_eq(cnt(c, BPF_CNT_CYCLES), cnt(c, BPF_CNT_INSNS) + stalls,
		     "cycles %" PRIu64 " != instructions %" PRIu64 " + stalls %" PRIu64,
		     cnt(c, BPF_CNT_CYCLES), cnt(c, BPF_CNT_INSNS), stalls);
}

#ifndef BPFSOC_CORE_TINY
/* The pipeline's costs (rtl/bpf_core.v) */
Test(cycles, straight_line_code_retires_one_instruction_a_cycle)
{
	struct prog p = { .n = 0 };
	for (int i = 0; i < 300; i++)
		put(&p, ALU64_X(ADD, 1 + i % 5, 1 + (i + 2) % 5)); /* dependent chains: forwarding */
	put(&p, EXIT);
	struct bpfcore *c = setup(BPFCORE_RTL, &p, 1000);
	struct bpfcore_result r = run(c, NULL, NULL);
	cr_assert_eq(r.state, BPF_STATE_DONE);
	expect_invariant(c);
	uint64_t stalls = cnt(c, BPF_CNT_CYCLES) - cnt(c, BPF_CNT_INSNS);
	cr_expect_leq(stalls, 8, "%" PRIu64 " stall cycles in straight-line code", stalls);
	cr_expect_eq(cnt(c, BPF_CNT_STALL_LOAD_USE) + cnt(c, BPF_CNT_STALL_BRANCH) +
			     cnt(c, BPF_CNT_STALL_MULDIV), 0);
	bpfcore_free(c);
}

Test(cycles, taken_branch_costs_at_most_two_cycles)
{
	/* r1 = 100; loop: r1 -= 1; jne r1, 0, loop */
	struct prog p = { .n = 0 };
	put(&p, MOV(1, 100));
	put(&p, ALU64_K(SUB, 1, 1));
	put(&p, JMP_K(JNE, 1, 0, -2));
	put(&p, EXIT);
	struct bpfcore *c = setup(BPFCORE_RTL, &p, 1000);
	cr_assert_eq(run(c, NULL, NULL).state, BPF_STATE_DONE);
	expect_invariant(c);
	uint64_t per = cnt(c, BPF_CNT_STALL_BRANCH) / 99;
	cr_expect_leq(per, 2, "%" PRIu64 " branch stall cycles per taken branch", per);
	cr_expect_leq(cnt(c, BPF_CNT_STALL_BRANCH), 2 * 99 + 2);
	bpfcore_free(c);
}

Test(cycles, divide_64_takes_at_most_34_cycles)
{
	struct prog p = { .n = 0 };
	put_lddw(&p, 1, 0xfedcba9876543210ull);
	for (int i = 0; i < 20; i++) {
		put(&p, MOV(2, 3 + i));
		put(&p, ALU64_X(DIV, 1, 2));
		put(&p, ALU64_X(MOD, 1, 2));
	}
	put(&p, EXIT);
	struct bpfcore *c = setup(BPFCORE_RTL, &p, 1000);
	cr_assert_eq(run(c, NULL, NULL).state, BPF_STATE_DONE);
	expect_invariant(c);
	uint64_t per = cnt(c, BPF_CNT_STALL_MULDIV) / 40;
	cr_expect_leq(per + 1, 34, "a 64-bit div/mod takes %" PRIu64 " cycles", per + 1);
	bpfcore_free(c);
}

Test(cycles, load_use_costs_one_cycle)
{
	struct prog p = { .n = 0 };
	for (int i = 0; i < 50; i++) {
		put(&p, LDX(DW, 2, 1, 8 * (i % 8)));
		put(&p, ALU64_X(ADD, 0, 2)); /* uses the load at once */
	}
	put(&p, EXIT);
	struct bpfcore *c = setup(BPFCORE_RTL, &p, 1000);
	cr_assert_eq(run(c, NULL, NULL).state, BPF_STATE_DONE);
	expect_invariant(c);
	cr_expect_leq(cnt(c, BPF_CNT_STALL_LOAD_USE), 50);
	cr_expect_geq(cnt(c, BPF_CNT_STALL_LOAD_USE), 1);
	bpfcore_free(c);
}
#else
/* The tiny core (rtl/tiny/, BPFSOC_CORE_TINY) runs one instruction at a
 * time through a 32-bit datapath, a 64-bit step in two cycles; its costs
 * (docs/architecture.md, "The tiny core") replace the pipeline's: 10
 * cycles for an ALU instruction or a jump (taken or not: FETCH, F1, F2,
 * then DEC, R1 and EX two cycles each, WB), 138 more for a div/mod and
 * 128 for a mul (STALL_MULDIV), 2 a region for a load's bounds check, one
 * cycle a run to read BUDGET, and no load-use or branch stalls. */
Test(cycles, tiny_alu_and_jumps_take_ten_cycles)
{
	struct prog p = { .n = 0 };
	for (int i = 0; i < 300; i++)
		put(&p, ALU64_X(ADD, 1 + i % 5, 1 + (i + 2) % 5));
	put(&p, MOV(1, 100));
	put(&p, ALU64_K(SUB, 1, 1));
	put(&p, JMP_K(JNE, 1, 0, -2));
	put(&p, EXIT);
	struct bpfcore *c = setup(BPFCORE_RTL, &p, 1000);
	struct bpfcore_result r = run(c, NULL, NULL);
	cr_assert_eq(r.state, BPF_STATE_DONE);
	expect_invariant(c);
	cr_expect_eq(cnt(c, BPF_CNT_INSNS), 300 + 1 + 2 * 100 + 1);
	cr_expect_eq(cnt(c, BPF_CNT_CYCLES), 10 * cnt(c, BPF_CNT_INSNS) + 1, "%" PRIu64 " cycles",
		     cnt(c, BPF_CNT_CYCLES));
	cr_expect_eq(cnt(c, BPF_CNT_STALL_LOAD_USE) + cnt(c, BPF_CNT_STALL_BRANCH) +
			     cnt(c, BPF_CNT_STALL_MULDIV) + cnt(c, BPF_CNT_STALL_MEM), 0);
	bpfcore_free(c);
}

/* The tiny core keeps each counter's low 16 bits in flip-flops and the
 * rest in block RAM (bpf_tiny_counters): a long run carries every low part
 * into the RAM many times, and the counts stay exact, across a second run
 * with KEEP_COUNTERS too. */
Test(cycles, tiny_counters_carry_past_sixteen_bits)
{
	struct prog p = { .n = 0 };
	put(&p, MOV(1, 40000));
	put(&p, ALU64_K(SUB, 1, 1));
	put(&p, JMP_K(JNE, 1, 0, -2));
	put(&p, EXIT);
	struct bpfcore *c = setup(BPFCORE_RTL, &p, 100000);
	cr_assert_eq(run(c, NULL, NULL).state, BPF_STATE_DONE);
	expect_invariant(c);
	uint64_t insns = 1 + 2 * 40000 + 1;
	cr_expect_eq(cnt(c, BPF_CNT_INSNS), insns);
	cr_expect_eq(cnt(c, BPF_CNT_CYCLES), 10 * insns + 1, "%" PRIu64 " cycles",
		     cnt(c, BPF_CNT_CYCLES));
	cr_expect_eq(cnt(c, BPF_CNT_STALL_OTHER), 9 * insns + 1);
	/* again, adding to the first run's counts */
	bpfcore_write(c, BPF_CTL_CTRL, 1 | 16);   /* START | KEEP_COUNTERS */
	cr_assert_eq(c->ops->run(c, 10000000), BPF_STATE_DONE);
	cr_expect_eq(cnt(c, BPF_CNT_INSNS), 2 * insns, "%" PRIu64 " instructions",
		     cnt(c, BPF_CNT_INSNS));
	cr_expect_eq(cnt(c, BPF_CNT_CYCLES), 2 * (10 * insns + 1), "%" PRIu64 " cycles",
		     cnt(c, BPF_CNT_CYCLES));
	bpfcore_free(c);
}

/* A div/mod by a nonzero divisor: DV2 (the divisor to b), DV3 (its
 * magnitude), 64 non-restoring steps, DVFX (the last quotient bit, the
 * remainder's correction), DVF1 and DVF2 (the result's sign), two cycles
 * each: 138 cycles in STALL_MULDIV, 148 in all. */
Test(cycles, tiny_divide_64_takes_148_cycles)
{
	struct prog p = { .n = 0 };
	put_lddw(&p, 1, 0xfedcba9876543210ull);
	for (int i = 0; i < 20; i++) {
		put(&p, MOV(2, 3 + i));
		put(&p, ALU64_X(DIV, 1, 2));
		put(&p, ALU64_X(MOD, 1, 2));
	}
	put(&p, EXIT);
	struct bpfcore *c = setup(BPFCORE_RTL, &p, 1000);
	cr_assert_eq(run(c, NULL, NULL).state, BPF_STATE_DONE);
	expect_invariant(c);
	cr_expect_eq(cnt(c, BPF_CNT_STALL_MULDIV), 40 * 138, "%" PRIu64 " divider cycles",
		     cnt(c, BPF_CNT_STALL_MULDIV));
	bpfcore_free(c);
}

/* The multiplier takes the multiplier's 64 bits from the top, one in two
 * cycles (the low half's step, the high half's), whatever their values and
 * width (128 cycles in STALL_MULDIV, 138 in all). */
Test(cycles, tiny_multiply_takes_138_cycles)
{
	struct prog p = { .n = 0 };
	put_lddw(&p, 1, 0xfedcba9876543210ull);
	for (int i = 0; i < 10; i++) {
		put(&p, MOV(2, 3 + i));
		put(&p, ALU64_X(MUL, 2, 1));
		put(&p, bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU, BPF_ALU_MUL, BPF_SRC_X), 1, 2, 0, 0));
	}
	put(&p, EXIT);
	struct bpfcore *c = setup(BPFCORE_RTL, &p, 1000);
	cr_assert_eq(run(c, NULL, NULL).state, BPF_STATE_DONE);
	expect_invariant(c);
	cr_expect_eq(cnt(c, BPF_CNT_STALL_MULDIV), 20 * 128, "%" PRIu64 " multiplier cycles",
		     cnt(c, BPF_CNT_STALL_MULDIV));
	cr_expect_eq(cnt(c, BPF_CNT_CYCLES), 10 * cnt(c, BPF_CNT_INSNS) + 1 + 20 * 128,
		     "%" PRIu64 " cycles", cnt(c, BPF_CNT_CYCLES));
	bpfcore_free(c);
}

Test(cycles, tiny_region_load_without_waits_takes_sixteen_cycles)
{
	struct prog p = { .n = 0 };
	for (int i = 0; i < 50; i++) {
		put(&p, LDX(DW, 2, 1, 8 * (i % 8)));
		put(&p, ALU64_X(ADD, 0, 2));
	}
	put(&p, EXIT);
	struct bpfcore *c = setup(BPFCORE_RTL, &p, 1000);
	cr_assert_eq(run(c, NULL, NULL).state, BPF_STATE_DONE);
	expect_invariant(c);
	cr_expect_eq(cnt(c, BPF_CNT_STALL_LOAD_USE), 0);
	/* region 0's bounds check (its base, its size), request (granted at
	 * once), response, load finish (two cycles: the value's halves) */
	cr_expect_eq(cnt(c, BPF_CNT_STALL_MEM), 50 * 6, "%" PRIu64 " memory cycles",
		     cnt(c, BPF_CNT_STALL_MEM));
	cr_expect_eq(cnt(c, BPF_CNT_CYCLES), 50 * 16 + 50 * 10 + 10 + 1);
	bpfcore_free(c);
}
#endif

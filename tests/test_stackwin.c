/* test_stackwin.c: the control bus's stack window (STACK_WIN), on the RTL
 * and on the reference model.
 *
 * The host reads and writes the core's stack as 32-bit little-endian words
 * at STACK_WIN + (address - STACK_BASE) while the core is IDLE, HELPER,
 * DONE or FAULT; while it is RUNNING or CLEARING writes are ignored and
 * reads return 0.  This is how firmware serves a helper whose pointer
 * arguments point into the stack (bpf_map_lookup_elem(map, key)).
 *
 * Also here, the other control of a run the firmware relies on: START with
 * CTRL.KEEP_COUNTERS leaves the counters counting across runs.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <string.h>

#include "bpf_insn.h"
#include "bpfcore.h"
#include "prog.h"

#define STACK_BYTES (BPF_MAX_DEPTH * BPF_FRAME_SIZE)

/* Cycles an instruction may take on the RTL, for the cycle limits of long
 * runs: the pipeline retires about one a cycle; the tiny core
 * (BPFSOC_CORE_TINY) takes 10 to about 24 (a stack load of 8 bytes: 22). */
#ifdef BPFSOC_CORE_TINY
#define RTL_CPI 24
#else
#define RTL_CPI 1
#endif

static uint64_t no_read(void *u, uint32_t a, unsigned n)
{
	(void)u;
	(void)n;
	cr_assert_fail("no external load expected (at %08" PRIx32 ")", a);
	return 0;
}

static void no_write(void *u, uint32_t a, unsigned n, uint64_t v)
{
	(void)u;
	(void)n;
	(void)v;
	cr_assert_fail("no external store expected (at %08" PRIx32 ")", a);
}

static const struct bpfcore_mem memops = { .read = no_read, .write = no_write };

/* ---- programs: tests/prog.h ---- */
#define EN engine_names[e]

static struct bpfcore *setup(enum bpfcore_engine e, const struct prog *p)
{
	struct bpfcore *c = bpfcore_new(e, &memops);
	cr_assert(c, "engine %d is not available", e);
	bpfcore_load(c, 0, p->w, p->n);
	bpfcore_write(c, BPF_CTL_PROG_LEN, p->n);
	bpfcore_write(c, BPF_CTL_BUDGET, 1000000);
	bpfcore_clear_stack(c);
	cr_assert_eq(bpfcore_state(c), BPF_STATE_IDLE, "%s", engine_names[e]);
	return c;
}

/* The window word of stack offset a (a byte offset from STACK_BASE). */
static uint32_t win_read(struct bpfcore *c, uint32_t a)
{
	return bpfcore_read(c, BPF_CTL_STACK_WIN + a);
}

static void win_write(struct bpfcore *c, uint32_t a, uint32_t v)
{
	bpfcore_write(c, BPF_CTL_STACK_WIN + a, v);
}

/* Stack offset of frame k's r10 + off. */
static uint32_t fr(unsigned k, int off)
{
	return (k + 1) * BPF_FRAME_SIZE + off;
}

static unsigned start_and_run(struct bpfcore *c, uint64_t max)
{
	bpfcore_write(c, BPF_CTL_ENTRY_PC, 0);
	bpfcore_write(c, BPF_CTL_CTRL, 1);
	return c->ops->run(c, max);
}

static unsigned resume_return(struct bpfcore *c, uint64_t r0)
{
	bpfcore_set_reg(c, 0, r0);
	bpfcore_write(c, BPF_CTL_HELPER_ACTION, BPF_HELPER_RETURN);
	bpfcore_write(c, BPF_CTL_CTRL, 2);
	return c->ops->run(c, 100000);
}

/* ------------------------------------------------------------------------ */

Test(stackwin, host_reads_and_writes_two_frames_at_a_helper_call)
{
	/* main stores into frame 0 and calls f; f stores into frame 1 and
	 * calls helper 1.  The host reads both frames, writes words into both,
	 * and resumes: f loads its frame's words into r0, main its frame's
	 * into r7. */
	struct prog p = { .n = 0 };
	put_lddw(&p, 2, 0x0807060504030201ull);  /* 0 */
	put(&p, STX(DW, 10, 2, -8));             /* 2: offsets 504..511 */
	put(&p, ST(B, 10, -13, 0xab));           /* 3: offset 499 */
	put(&p, ST(H, 10, -18, 0x7e5d));         /* 4: offsets 494, 495 */
	put(&p, CALL_LOCAL(3));                  /* 5: f at 9 */
	put(&p, LDX(W, 7, 10, -512));            /* 6: offset 0, written by the host */
	put(&p, LDX(DW, 8, 10, -24));            /* 7: offsets 488..495 */
	put(&p, EXIT);                           /* 8 */
	put_lddw(&p, 3, 0x1122334455667788ull);  /* 9: f */
	put(&p, STX(DW, 10, 3, -16));            /* 11: offsets 1008..1015 */
	put(&p, ALU64_X(MOV, 4, 10));            /* 12 */
	put(&p, ALU64_K(SUB, 4, 512));           /* 13: r4 = frame 1's bottom */
	put(&p, ST(W, 4, 0, 0x5a5a1234));        /* 14: offset 512 */
	put(&p, CALL_HELPER(1));                 /* 15 */
	put(&p, LDX(DW, 0, 10, -24));            /* 16: offsets 1000..1007, from the host */
	put(&p, LDX(W, 6, 4, 4));                /* 17: offset 516, from the host */
	put(&p, ALU64_X(ADD, 0, 6));             /* 18 */
	put(&p, EXIT);                           /* 19 */
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p);
		cr_assert_eq(start_and_run(c, 100000), BPF_STATE_HELPER, "%s", EN);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_HELPER_PC), 15, "%s", EN);
		/* r1..r5 of the helper point into the stack: r4 = frame 1's bottom */
		cr_expect_eq(bpfcore_get_reg(c, 4), BPF_STACK_BASE + BPF_FRAME_SIZE, "%s", EN);

		/* frame 0 */
		cr_expect_eq(win_read(c, fr(0, -8)), 0x04030201, "%s", EN);
		cr_expect_eq(win_read(c, fr(0, -4)), 0x08070605, "%s", EN);
		cr_expect_eq(win_read(c, fr(0, -16)), 0xab000000, "%s: byte at 499", EN);
		cr_expect_eq(win_read(c, fr(0, -20)), 0x7e5d0000, "%s: half at 494", EN);
		cr_expect_eq(win_read(c, fr(0, -12)), 0, "%s: untouched", EN);
		/* frame 1 */
		cr_expect_eq(win_read(c, fr(1, -16)), 0x55667788, "%s", EN);
		cr_expect_eq(win_read(c, fr(1, -12)), 0x11223344, "%s", EN);
		cr_expect_eq(win_read(c, 512), 0x5a5a1234, "%s", EN);
		cr_expect_eq(win_read(c, fr(1, -8)), 0, "%s: untouched", EN);

		/* the host's answer: words into both frames */
		win_write(c, fr(1, -24), 0xdeadbeef);
		win_write(c, fr(1, -20), 0xcafef00d);
		win_write(c, 516, 0x00000100);
		win_write(c, 0, 0x01020304);
		win_write(c, fr(0, -24), 0x44332211);   /* 488..491; 492..495 keep the half */
		/* read back at once, back to back, in HELPER */
		cr_expect_eq(win_read(c, fr(1, -24)), 0xdeadbeef, "%s", EN);
		cr_expect_eq(win_read(c, fr(1, -20)), 0xcafef00d, "%s", EN);
		cr_expect_eq(win_read(c, 0), 0x01020304, "%s", EN);
		/* a write does not disturb the neighbouring words */
		cr_expect_eq(win_read(c, fr(1, -16)), 0x55667788, "%s", EN);
		cr_expect_eq(win_read(c, 512), 0x5a5a1234, "%s", EN);

		cr_assert_eq(resume_return(c, 0), BPF_STATE_DONE, "%s: fault %u at %u", EN,
			     bpfcore_read(c, BPF_CTL_FAULT_CODE), bpfcore_read(c, BPF_CTL_FAULT_PC));
		cr_expect_eq(bpfcore_get_reg(c, 0), 0xcafef00ddeadbeefull + 0x100, "%s", EN);
		cr_expect_eq(bpfcore_get_reg(c, 7), 0x01020304, "%s", EN);
		cr_expect_eq(bpfcore_get_reg(c, 8), 0x7e5d000044332211ull, "%s", EN);
		/* and in DONE the stack is still readable */
		cr_expect_eq(win_read(c, fr(1, -12)), 0x11223344, "%s", EN);
		cr_expect_eq(win_read(c, fr(0, -4)), 0x08070605, "%s", EN);
		bpfcore_free(c);
	}
}

/* A helper as firmware serves it: the key is read through the window at
 * r2, the result written through the window at r3. */
static unsigned lookup_helper(void *user, struct bpfcore *c, uint32_t id, const uint64_t a[5],
			      uint64_t *r0, uint32_t *tail_pc)
{
	unsigned *calls = user;
	(void)tail_pc;
	cr_assert_eq(id, 1);
	cr_assert(a[1] >= BPF_STACK_BASE && a[1] + 8 <= BPF_STACK_BASE + STACK_BYTES);
	cr_assert(a[2] >= BPF_STACK_BASE && a[2] + 8 <= BPF_STACK_BASE + STACK_BYTES);
	uint32_t k = (uint32_t)a[1] - BPF_STACK_BASE, v = (uint32_t)a[2] - BPF_STACK_BASE;
	uint64_t key = win_read(c, k) | (uint64_t)win_read(c, k + 4) << 32;
	uint64_t val = key * 3 + 1;
	win_write(c, v, (uint32_t)val);
	win_write(c, v + 4, (uint32_t)(val >> 32));
	(*calls)++;
	*r0 = 0;
	return BPF_HELPER_RETURN;
}

Test(stackwin, a_helper_reads_its_key_and_writes_its_result)
{
	/* key at r10 - 8 (frame 1), result buffer at r10 - 16; twice, with
	 * different keys */
	struct prog p = { .n = 0 };
	put(&p, CALL_LOCAL(1));                  /* 0 */
	put(&p, EXIT);                           /* 1 */
	put_lddw(&p, 6, 0x0123456789abcdefull);  /* 2 */
	put(&p, STX(DW, 10, 6, -8));             /* 4 */
	put(&p, ALU64_X(MOV, 2, 10));            /* 5 */
	put(&p, ALU64_K(ADD, 2, -8));            /* 6 */
	put(&p, ALU64_X(MOV, 3, 10));            /* 7 */
	put(&p, ALU64_K(ADD, 3, -16));           /* 8 */
	put(&p, CALL_HELPER(1));                 /* 9 */
	put(&p, LDX(DW, 5, 10, -16));            /* 10: r1..r5 survive helper calls */
	put(&p, ST(DW, 10, -8, 1000));           /* 11 */
	put(&p, CALL_HELPER(1));                 /* 12 */
	put(&p, LDX(DW, 0, 10, -16));            /* 13 */
	put(&p, ALU64_X(SUB, 0, 5));             /* 14 */
	put(&p, EXIT);                           /* 15 */
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p);
		unsigned calls = 0;
		struct bpfcore_result r = bpfcore_exec(c, 0, lookup_helper, &calls, 100000);
		cr_assert_eq(r.state, BPF_STATE_DONE, "%s: fault %u at %u", EN, r.fault, r.pc);
		cr_expect_eq(calls, 2, "%s", EN);
		uint64_t first = 0x0123456789abcdefull * 3 + 1, second = 1000 * 3 + 1;
		cr_expect_eq(bpfcore_get_reg(c, 5), first, "%s", EN);
		cr_expect_eq(r.r0, second - first, "%s", EN);
		bpfcore_free(c);
	}
}

Test(stackwin, first_and_last_words_written_in_idle_are_seen_by_the_program)
{
	/* main calls down to the deepest frame (MAX_DEPTH - 1 calls), which
	 * loads the stack's last 8 bytes into r0; back in main, r7 gets the
	 * first word.  Neither is written by the program. */
	struct prog p = { .n = 0 };
	put(&p, CALL_LOCAL(2));                  /* 0: to 3 */
	put(&p, LDX(W, 7, 10, -(int)BPF_FRAME_SIZE)); /* 1: offset 0 */
	put(&p, EXIT);                           /* 2 */
	for (unsigned k = 1; k < BPF_MAX_DEPTH - 1; k++) {
		put(&p, CALL_LOCAL(1));
		put(&p, EXIT);
	}
	put(&p, LDX(DW, 0, 10, -8));             /* the deepest frame: offsets 4088..4095 */
	put(&p, EXIT);
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p);
		cr_expect_eq(win_read(c, 0), 0, "%s: cleared", EN);
		cr_expect_eq(win_read(c, STACK_BYTES - 4), 0, "%s: cleared", EN);
		win_write(c, 0, 0xa5b6c7d8);
		win_write(c, STACK_BYTES - 8, 0x13579bdf);
		win_write(c, STACK_BYTES - 4, 0x89abcdef);
		cr_expect_eq(win_read(c, 0), 0xa5b6c7d8, "%s", EN);
		cr_expect_eq(win_read(c, STACK_BYTES - 8), 0x13579bdf, "%s", EN);
		cr_expect_eq(win_read(c, STACK_BYTES - 4), 0x89abcdef, "%s", EN);
		/* the byte offset's two low bits are ignored */
		cr_expect_eq(win_read(c, STACK_BYTES - 1), 0x89abcdef, "%s", EN);
		cr_expect_eq(win_read(c, 4), 0, "%s", EN);
		/* below and above the window: other registers, not the stack */
		cr_expect_eq(bpfcore_read(c, BPF_CTL_STACK_WIN - 4), 0, "%s", EN);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_STACK_WIN + STACK_BYTES), 0, "%s", EN);

		cr_assert_eq(start_and_run(c, 100000), BPF_STATE_DONE, "%s: fault %u at %u", EN,
			     bpfcore_read(c, BPF_CTL_FAULT_CODE), bpfcore_read(c, BPF_CTL_FAULT_PC));
		cr_expect_eq(bpfcore_get_reg(c, 0), 0x89abcdef13579bdfull, "%s", EN);
		cr_expect_eq(bpfcore_get_reg(c, 7), 0xa5b6c7d8, "%s", EN);

		/* CLEAR_STACK zeroes what the host wrote */
		bpfcore_clear_stack(c);
		cr_expect_eq(win_read(c, 0), 0, "%s", EN);
		cr_expect_eq(win_read(c, STACK_BYTES - 4), 0, "%s", EN);
		cr_assert_eq(start_and_run(c, 100000), BPF_STATE_DONE, "%s", EN);
		cr_expect_eq(bpfcore_get_reg(c, 0), 0, "%s", EN);
		cr_expect_eq(bpfcore_get_reg(c, 7), 0, "%s", EN);
		bpfcore_free(c);
	}
}

Test(stackwin, ignored_while_running_and_while_clearing)
{
	/* *(u64 *)(r10 - 8) = 0x1234; count r1 down from 3000, loading that
	 * word on the way (so the RTL's stack read port keeps reading the row
	 * the host asks for); r0 = that word */
	struct prog p = { .n = 0 };
	put(&p, ST(DW, 10, -8, 0x1234));         /* 0 */
	put(&p, MOV(1, 3000));                   /* 1 */
	put(&p, LDX(DW, 2, 10, -8));             /* 2 */
	put(&p, LDX(DW, 3, 10, -8));             /* 3 */
	put(&p, ALU64_K(SUB, 1, 1));             /* 4 */
	put(&p, JMP_K(JNE, 1, 0, -4));           /* 5 */
	put(&p, LDX(DW, 0, 10, -8));             /* 6 */
	put(&p, EXIT);                           /* 7 */
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p);
		cr_assert_eq(start_and_run(c, 300), BPF_STATE_RUNNING, "%s", EN);
		/* the store has been made; the window gives 0 (at several points
		 * of the loop) and takes nothing */
		for (unsigned i = 0; i < 16; i++) {
			cr_expect_eq(win_read(c, fr(0, -8)), 0, "%s: read %u while RUNNING", EN, i);
			cr_assert_eq(c->ops->run(c, 1 + i % 5), BPF_STATE_RUNNING, "%s", EN);
		}
		win_write(c, fr(0, -8), 0xffffffff);
		win_write(c, fr(0, -4), 0xffffffff);
		win_write(c, 0, 0x77777777);
		cr_expect_eq(bpfcore_state(c), BPF_STATE_RUNNING, "%s", EN);
		cr_assert_eq(c->ops->run(c, 100000 * RTL_CPI), BPF_STATE_DONE, "%s", EN);
		cr_expect_eq(bpfcore_get_reg(c, 0), 0x1234, "%s: the program's word", EN);
		cr_expect_eq(win_read(c, fr(0, -8)), 0x1234, "%s", EN);
		cr_expect_eq(win_read(c, fr(0, -4)), 0, "%s", EN);
		cr_expect_eq(win_read(c, 0), 0, "%s", EN);

		/* CLEARING: the RTL clears row 0 first, then row by row; the
		 * word at 504 (row 63) still holds 0x1234 for a while */
		bpfcore_write(c, BPF_CTL_CTRL, 8);
		cr_assert_eq(bpfcore_state(c), BPF_STATE_CLEARING, "%s", EN);
		cr_expect_eq(win_read(c, fr(0, -8)), 0, "%s: read while CLEARING", EN);
		win_write(c, 0, 0x66666666);
		win_write(c, fr(0, -8), 0x55555555);
		cr_assert_eq(c->ops->run(c, 100000), BPF_STATE_IDLE, "%s", EN);
		cr_expect_eq(win_read(c, 0), 0, "%s: written while CLEARING", EN);
		cr_expect_eq(win_read(c, fr(0, -8)), 0, "%s: written while CLEARING", EN);
		bpfcore_free(c);
	}
}

Test(stackwin, usable_after_a_fault)
{
	/* the program stores, then faults LOAD_BOUNDS; the host inspects the
	 * stack, writes it, and the next run sees the host's word */
	struct prog p = { .n = 0 };
	put(&p, LDX(W, 0, 10, -4));              /* 0: the host's word on the second run */
	put(&p, JMP_K(JNE, 0, 0, 3));            /* 1: to 5 */
	put(&p, ST(W, 10, -4, 0x600d));          /* 2 */
	put(&p, LDX(DW, 0, 10, 0));              /* 3: above the frame: LOAD_BOUNDS */
	put(&p, EXIT);                           /* 4 */
	put(&p, EXIT);                           /* 5 */
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p);
		cr_assert_eq(start_and_run(c, 100000), BPF_STATE_FAULT, "%s", EN);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_FAULT_CODE), BPF_FAULT_LOAD_BOUNDS, "%s", EN);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_FAULT_PC), 3, "%s", EN);
		cr_expect_eq(win_read(c, fr(0, -4)), 0x600d, "%s", EN);
		win_write(c, fr(0, -4), 0xfeedface);
		cr_expect_eq(win_read(c, fr(0, -4)), 0xfeedface, "%s", EN);
		cr_assert_eq(start_and_run(c, 100000), BPF_STATE_DONE, "%s", EN);
		cr_expect_eq(bpfcore_get_reg(c, 0), 0xfeedface, "%s", EN);
		cr_expect_eq(bpfcore_read(c, BPF_CTL_FAULT_PC), 5, "%s", EN);
		bpfcore_free(c);
	}
}

static uint64_t counter(struct bpfcore *c, unsigned n)
{
	return bpfcore_read(c, BPF_CTL_CNT_BASE + 8 * n) |
	       (uint64_t)bpfcore_read(c, BPF_CTL_CNT_BASE + 8 * n + 4) << 32;
}

Test(ctl, keep_counters_sums_runs)
{
	/* a loop of ten rounds: the same instructions every run, and the same
	 * cycles once the RTL's branch predictor has seen it (run 1) */
	struct prog p = { .n = 0 };
	put(&p, MOV(0, 0));                      /* 0 */
	put(&p, ALU64_K(ADD, 0, 1));             /* 1 */
	put(&p, JMP_K(JLT, 0, 10, -2));          /* 2: to 1 */
	put(&p, EXIT);                           /* 3 */
	EACH_ENGINE {
		struct bpfcore *c = setup(engines[e], &p);
		uint64_t one[BPF_CNT_NUM], kept[BPF_CNT_NUM], sum = 0;

		cr_assert_eq(start_and_run(c, 100000), BPF_STATE_DONE, "%s", EN);
		cr_assert_eq(start_and_run(c, 100000), BPF_STATE_DONE, "%s", EN);
		for (unsigned n = 0; n < BPF_CNT_NUM; n++)
			one[n] = counter(c, n);
		cr_expect_eq(one[BPF_CNT_INSNS], 22, "%s", EN);

		/* START | KEEP_COUNTERS: the second run adds to the first */
		bpfcore_write(c, BPF_CTL_CTRL, 1 | 16);
		cr_assert_eq(c->ops->run(c, 100000), BPF_STATE_DONE, "%s", EN);
		cr_expect_eq(bpfcore_get_reg(c, 0), 10, "%s", EN);
		for (unsigned n = 0; n < BPF_CNT_NUM; n++)
			kept[n] = counter(c, n);
		cr_expect_eq(kept[BPF_CNT_INSNS], 44, "%s", EN);
		for (unsigned n = BPF_CNT_INSNS; n < BPF_CNT_NUM; n++)
			sum += kept[n];
		cr_expect_eq(sum, kept[BPF_CNT_CYCLES], "%s: CYCLES = INSNS + stalls, kept", EN);

		/* a plain START counts from zero again: the same run once */
		cr_assert_eq(start_and_run(c, 100000), BPF_STATE_DONE, "%s", EN);
		for (unsigned n = 0; n < BPF_CNT_NUM; n++)
			cr_expect_eq(kept[n], one[n] + counter(c, n), "%s: counter %u: kept %llu, runs %llu and %llu", EN, n, (unsigned long long)kept[n], (unsigned long long)one[n], (unsigned long long)counter(c, n));
		bpfcore_free(c);
	}
}

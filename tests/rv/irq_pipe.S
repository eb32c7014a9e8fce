/* irq_pipe.S: interrupts that arrive in the middle of things: during a
 * load waiting for the bus, during a divide or multiply, and right after a
 * taken branch or jump (with instructions that would trap in its shadow).
 *
 * An interrupt is taken between two instructions: every instruction before
 * mepc has completed, none from mepc on has done anything (privileged ISA:
 * mepc is the instruction that was interrupted, and it runs again from the
 * start after mret).  So a sequence whose every step depends on the one
 * before gives the same result whether and wherever it is interrupted, and
 * mepc is always one of the instructions the sequence executes, never one
 * that control flow skips.
 *
 * Each check runs its sequence SWEEP times, with the machine timer set to
 * fire a cycle later each time (MTIMECMP = MTIME + D + i), so that the
 * interrupt finds the core at every point of a multi-cycle instruction or
 * of a taken branch, whatever the core's timing.  D is larger than the
 * cycles from the MTIME read to the sequence, and the sequence is longer
 * than D + SWEEP cycles on any core whose instructions take a cycle or
 * more; the checks hold wherever in it the interrupt lands.
 */
#include "rvtest.h"

#define MTI_CAUSE (MCAUSE_INT | SOC_IRQ_MTI)
#define D 50			/* cycles from the MTIME read to the interrupt, at least */
#define SWEEP 12		/* runs, the interrupt one cycle later each (3 in check 21) */

	/* MTIMECMP = MTIME + reg (uses t0..t3; as rvtest.h's TIMER_IN) */
	.macro TIMER_IN_REG reg
	li t0, SOC_TIMER_BASE
	lw t1, SOC_TIMER_MTIME_LO(t0)
	lw t2, SOC_TIMER_MTIME_HI(t0)
	add t3, t1, \reg
	bgeu t3, t1, .Lnc\@
	addi t2, t2, 1
.Lnc\@:
	li t1, -1
	sw t1, SOC_TIMER_MTIMECMP_LO(t0)
	sw t2, SOC_TIMER_MTIMECMP_HI(t0)
	sw t3, SOC_TIMER_MTIMECMP_LO(t0)
	.endm

	/* One run: s0 = the run (0, 1, ...), the timer set to fire D + s0 * step
	 * cycles on, interrupts enabled (uses s1, t0..t3) */
	.macro RUN_START step
	IRQ_ARM
	li s1, \step
	mul s1, s1, s0
	addi s1, s1, D
	TIMER_IN_REG s1
	csrsi mstatus, MSTATUS_MIE
	.endm

	/* ... its end: interrupts off, exactly one MTI taken with mepc in
	 * [lo, hi]; s0 += 1, back to label while s0 < runs */
	.macro RUN_END lo, hi, runs, label
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MTI_CAUSE
	EXPECT_SYM_RANGE TR_EPC, \lo, \hi
	addi s0, s0, 1
	li t0, \runs
	blt s0, t0, \label
	.endm

	RVTEST_BEGIN
	csrw mie, x0
	csrw mstatus, x0
	TIMER_OFF
	TRAP_IRQ
	li a1, MIP_MTIP
	csrw mie, a1

	/* 1: during loads: 64 loads chasing pointers round a ring of 7 words;
	 * each load's address is the one before's result, so a load skipped,
	 * repeated or half done (its rd written, then run again) ends
	 * elsewhere: 64 mod 7 = 1 step from the start */
	CHECK 1
	li s0, 0
.Lrun1:
	RUN_START 1
	LA_ABS a0, ring
.Lseq1:
	.rept 64
	lw a0, 0(a0)
	.endr
.Lend1:
	EXPECT_SYM a0, ring + 4
	RUN_END .Lseq1, .Lend1, SWEEP, .Lrun1

	/* 2: during loads from a slower device (the eBPF core's control
	 * registers answer a cycle later than RAM): its ID register read 32
	 * times, and a running sum (32 * 0x65425046 = 0xc_a84a08c0) */
	CHECK 2
	li s0, 0
.Lrun2:
	RUN_START 1
	li a1, SOC_BPF_CTL_BASE + SOC_BPF_CTL_ID
	li a0, 0
.Lseq2:
	.rept 32
	lw a3, 0(a1)
	add a0, a0, a3
	.endr
.Lend2:
	EXPECT a0, 0xa84a08c0
	RUN_END .Lseq2, .Lend2, SWEEP, .Lrun2

	/* 11: during divides and multiplies: 16 x (divu by 3, mul by 5) from
	 * 0x12345, each step on the result of the one before; a step done
	 * twice or not at all changes the result (worked out by repeating
	 * x = x / 3 * 5 sixteen times: 0x0fc1007f).  Runs 3 cycles apart:
	 * 36 cycles, over the length of an iterative divide. */
	CHECK 11
	li s0, 0
.Lrun11:
	RUN_START 3
	li a0, 0x12345
	li a3, 3
	li a4, 5
.Lseq11:
	.rept 16
	divu a0, a0, a3
	mul a0, a0, a4
	.endr
.Lend11:
	EXPECT a0, 0x0fc1007f
	RUN_END .Lseq11, .Lend11, SWEEP, .Lrun11

	/* 12: rd == rs1 == rs2: a divide whose operands are its own result */
	CHECK 12
	li s0, 0
.Lrun12:
	RUN_START 3
	li a0, 0x7fffffff
	li a1, 0
.Lseq12:
	.rept 16
	rem a2, a0, a0			/* 0 */
	or a1, a1, a2
	div a0, a0, a0			/* 1 (then 1 / 1 = 1) */
	.endr
.Lend12:
	EXPECT a0, 1
	EXPECT a1, 0
	RUN_END .Lseq12, .Lend12, SWEEP, .Lrun12

	/* 21: right after taken branches and jumps: a chain of them, each the
	 * target of the one before, with an instruction that would trap right
	 * behind each (an exception fails the check: TRAP_IRQ).  mepc must be
	 * one of the chain's instructions (16 bytes per step: the branch at 0,
	 * the jal at 8), never a skipped one. */
	CHECK 21
	li s0, 0
.Lrun21:
	RUN_START 1
	li a1, 1
.Lseq21:
	.rept 24
	beq a1, a1, 1f
	ecall
1:	jal x0, 2f
	.word 0				/* illegal */
2:
	.endr
.Lend21:
	lw t1, 4(x0)			/* a load after the chain: still fine */
	EXPECT t1, RV_MAGIC
	LA_ABS t0, .Lseq21
	sub t0, TR_EPC, t0
	andi t0, t0, 7
	EXPECT t0, 0
	RUN_END .Lseq21, .Lend21, SWEEP, .Lrun21

	/* 22: the same with jalr: each step computes the next one's address
	 * and jumps there; mepc is an addi (at 0 in a step of 12 bytes) or a
	 * jalr (at 4), never the ebreak it skips (at 8) */
	CHECK 22
	li s0, 0
.Lrun22:
	RUN_START 1
	LA_ABS a2, .Lseq22
.Lseq22:
	.rept 24
	addi a2, a2, 12
	jalr x0, 0(a2)
	ebreak
	.endr
.Lend22:
	LA_ABS t0, .Lseq22
	sub t0, TR_EPC, t0
	li t1, 12
	remu t0, t0, t1
	EXPECT_RANGE t0, 0, 4
	EXPECT_SYM a2, .Lend22
	RUN_END .Lseq22, .Lend22, SWEEP, .Lrun22

	csrw mie, x0
	TIMER_OFF
	RVTEST_END

	.data
	.align 2
ring:	.word ring + 4, ring + 8, ring + 12, ring + 16, ring + 20, ring + 24, ring

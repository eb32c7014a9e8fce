/* irq_timer.S: the machine timer (MTIME, MTIMECMP, mip.MTIP) and its
 * interrupt.
 *
 * MTIME counts up by one every clock; MTIP (mip bit 7) is pending while
 * MTIME >= MTIMECMP, compared as 64-bit numbers; MTIMECMP resets to all
 * ones.  The interrupt is taken between instructions when mstatus.MIE and
 * mie.MTIE are both set: mcause 0x80000007, mtval 0, mepc = the next
 * instruction not executed yet.  Per the privileged ISA, a write to
 * mstatus or mie and an mret are followed at once by the check, so
 * enabling a pending interrupt traps before the next instruction.
 */
#include "rvtest.h"

#define MST_PIE (MSTATUS_MPP | MSTATUS_MPIE)
#define MST_BOTH (MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE)
#define MTI_CAUSE (MCAUSE_INT | SOC_IRQ_MTI)
#define T SOC_TIMER_BASE
#define PERIOD 97		/* check 17: cycles between interrupts */
#define MAX_PERIODIC 400	/* check 17: at most this many */

	/* MTIMECMP = 0: MTIP pending from now on (uses t0, t1) */
	.macro TIMER_NOW
	li t0, T
	sw zero, SOC_TIMER_MTIMECMP_LO(t0)
	sw zero, SOC_TIMER_MTIMECMP_HI(t0)
	WAIT_MIP MIP_MTIP, 64
	.endm


	RVTEST_BEGIN
	csrw mie, x0
	csrw mstatus, x0
	TRAP_IRQ

	/* 1: after reset MTIMECMP is all ones and MTIP is low */
	CHECK 1
	li a1, T
	lw a0, SOC_TIMER_MTIMECMP_LO(a1)
	EXPECT a0, 0xffffffff
	lw a0, SOC_TIMER_MTIMECMP_HI(a1)
	EXPECT a0, 0xffffffff
	csrr a0, mip
	andi a0, a0, MIP_MTIP
	EXPECT a0, 0

	/* 2: MTIME counts every cycle: 11 instructions take 11 cycles or more */
	CHECK 2
	li a1, T
	lw a2, SOC_TIMER_MTIME_LO(a1)
	.rept 10
	nop
	.endr
	lw a3, SOC_TIMER_MTIME_LO(a1)
	sub a0, a3, a2
	EXPECT_RANGE a0, 11, 1000
	lw a0, SOC_TIMER_MTIME_HI(a1)
	EXPECT a0, 0

	/* 3: the time CSRs read MTIME (allowing a few cycles either way) */
	CHECK 3
	li a1, T
	lw a2, SOC_TIMER_MTIME_LO(a1)
	csrr a3, time
	sub a0, a3, a2
	addi a0, a0, 8
	EXPECT_RANGE a0, 0, 72
	csrr a0, timeh
	EXPECT a0, 0

	/* 4: MTIME is writable and counts on from the value written */
	CHECK 4
	li a1, T
	sw zero, SOC_TIMER_MTIME_LO(a1)
	li a2, 0x00100000
	sw a2, SOC_TIMER_MTIME_LO(a1)
	lw a0, SOC_TIMER_MTIME_LO(a1)
	EXPECT_RANGE a0, 0x00100000, 0x00100000 + 64
	lw a0, SOC_TIMER_MTIME_HI(a1)
	EXPECT a0, 0

	/* 5: MTIME is 64 bits: the low word carries into the high one */
	CHECK 5
	li a1, T
	sw zero, SOC_TIMER_MTIME_LO(a1)
	li a2, 5
	sw a2, SOC_TIMER_MTIME_HI(a1)
	li a2, 0xffffffc0
	sw a2, SOC_TIMER_MTIME_LO(a1)
	li a3, 100
1:	addi a3, a3, -1
	bnez a3, 1b			/* 200 instructions: more than 0x40 cycles */
	lw a0, SOC_TIMER_MTIME_HI(a1)
	EXPECT a0, 6
	lw a0, SOC_TIMER_MTIME_LO(a1)
	EXPECT_RANGE a0, 0, 0x1000
	csrr a0, timeh
	EXPECT a0, 6
	sw zero, SOC_TIMER_MTIME_LO(a1)
	sw zero, SOC_TIMER_MTIME_HI(a1)
	lw a0, SOC_TIMER_MTIME_HI(a1)
	EXPECT a0, 0

	/* 6: MTIP rises when MTIME reaches MTIMECMP (polled: no trap) */
	CHECK 6
	IRQ_ARM
	TIMER_IN 300
	csrr a0, mip
	andi a0, a0, MIP_MTIP
	EXPECT a0, 0			/* not yet */
	WAIT_MIP MIP_MTIP, 10000
	li a1, T
	lw a2, SOC_TIMER_MTIME_LO(a1)
	lw a3, SOC_TIMER_MTIMECMP_LO(a1)
	EXPECT_GEU a2, a3
	EXPECT_NO_TRAP

	/* 7: MTIP is a level: still pending later; MTIMECMP_HI alone moves the
	 * compare value past MTIME and clears it */
	CHECK 7
	.rept 20
	nop
	.endr
	csrr a0, mip
	andi a0, a0, MIP_MTIP
	EXPECT a0, MIP_MTIP
	li a1, T
	li a2, 1
	sw a2, SOC_TIMER_MTIMECMP_HI(a1)
	WAIT_MIP_CLEAR MIP_MTIP, 64

	/* 8: the compare is 64 bits: 0x1_00000000 is not reached by a small
	 * MTIME whatever its low word; raising MTIME_HI to 1 reaches it */
	CHECK 8
	li a1, T
	sw zero, SOC_TIMER_MTIMECMP_LO(a1)	/* MTIMECMP = 0x1_00000000 */
	.rept 20
	nop
	.endr
	csrr a0, mip
	andi a0, a0, MIP_MTIP
	EXPECT a0, 0
	li a2, 1
	sw a2, SOC_TIMER_MTIME_HI(a1)		/* MTIME = 0x1_xxxxxxxx */
	WAIT_MIP MIP_MTIP, 64
	sw zero, SOC_TIMER_MTIME_HI(a1)		/* back below */
	WAIT_MIP_CLEAR MIP_MTIP, 64
	TIMER_OFF
	EXPECT_NO_TRAP

	/* 9: MTIMECMP = 0 is reached at once */
	CHECK 9
	TIMER_NOW

	/* 10: pending, but masked by mie: no trap with mstatus.MIE set */
	CHECK 10
	IRQ_ARM
	csrw mie, x0
	csrsi mstatus, MSTATUS_MIE
	.rept 20
	nop
	.endr
	csrci mstatus, MSTATUS_MIE
	EXPECT_NO_TRAP

	/* 11: pending and enabled in mie, but masked by mstatus.MIE */
	CHECK 11
	li a1, MIP_MTIP
	csrw mie, a1
	.rept 20
	nop
	.endr
	EXPECT_NO_TRAP

	/* 12: setting mstatus.MIE takes it before the next instruction */
	CHECK 12
	IRQ_ARM
	li a1, 0x1234
	csrw mtval, a1
	li a3, 0
	csrsi mstatus, MSTATUS_MIE
.Lnext12:
	addi a3, a3, 1
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MTI_CAUSE
	EXPECT_SYM TR_EPC, .Lnext12
	EXPECT TR_TVAL, 0
	EXPECT TR_STATUS, MST_PIE	/* in the handler: MIE 0, MPIE 1 */
	csrr a0, mstatus
	EXPECT a0, MST_BOTH		/* after mret: MIE 1, MPIE 1 */
	EXPECT a3, 1			/* .Lnext12 ran once, after the trap */
	csrr a0, mcause
	EXPECT a0, MTI_CAUSE
	csrci mstatus, MSTATUS_MIE

	/* 13: setting mie.MTIE (with MIE set) takes it before the next one */
	CHECK 13
	csrw mie, x0
	TIMER_NOW
	csrsi mstatus, MSTATUS_MIE
	IRQ_ARM
	li a1, MIP_MTIP
	csrs mie, a1
.Lnext13:
	nop
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MTI_CAUSE
	EXPECT_SYM TR_EPC, .Lnext13
	csrci mstatus, MSTATUS_MIE

	/* 14: mret with MPIE = 1 into a pending interrupt: taken before the
	 * instruction at mepc, which then runs once */
	CHECK 14
	TIMER_NOW
	IRQ_ARM
	li a3, 0
	LA_ABS a1, .Lnext14
	csrw mepc, a1
	li a1, MSTATUS_MPIE
	csrs mstatus, a1
	mret
	j rv_fail
.Lnext14:
	addi a3, a3, 1
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MTI_CAUSE
	EXPECT_SYM TR_EPC, .Lnext14
	EXPECT a3, 1
	csrci mstatus, MSTATUS_MIE

	/* 15: an interrupt in the future, taken in a spin loop */
	CHECK 15
	IRQ_ARM
	TIMER_IN 400
	csrsi mstatus, MSTATUS_MIE
.Lstart15:
	li a2, 100000
.Lspin15:
	addi a2, a2, -1
	beqz a2, .Lfail15
	beqz TR_COUNT, .Lspin15
.Lend15:
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MTI_CAUSE
	EXPECT_SYM_RANGE TR_EPC, .Lstart15, .Lend15 - 4
	j .Ldone15
.Lfail15:
	j rv_fail
.Ldone15:

	/* 16: wfi with the interrupt enabled: it wakes, and the trap's mepc is
	 * the instruction after the wfi */
	CHECK 16
	IRQ_ARM
	TIMER_IN 300
	csrsi mstatus, MSTATUS_MIE
	wfi
.Lafter16:
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MTI_CAUSE
	EXPECT_SYM TR_EPC, .Lafter16

	/* 17: interrupts every ~100 cycles change nothing in a computation:
	 * the same workload with and without them gives the same results */
	CHECK 17
	csrw mie, x0
	jal ra, workload
	mv s0, a0
	mv s1, a6
	LA_ABS t0, .Lperiodic
	csrw mtvec, t0
	li TR_COUNT, 0
	li a1, MIP_MTIP
	csrw mie, a1
	TIMER_IN PERIOD
	csrsi mstatus, MSTATUS_MIE
	jal ra, workload
	csrci mstatus, MSTATUS_MIE
	TIMER_OFF
	csrw mie, x0
	TRAP_IRQ
	EXPECT_REG a0, s0
	EXPECT_REG a6, s1
	EXPECT_RANGE TR_COUNT, 20, MAX_PERIODIC

	RVTEST_END

	/* 17's computation, using every kind of instruction: a0 and a6 (a
	 * checksum of wbuf) are its results; uses a0..a7; returns by ra */
	.text
	.align 2
workload:
	LA_ABS a4, wbuf
	sw zero, 0(a4)
	sw zero, 4(a4)
	sw zero, 8(a4)
	sw zero, 12(a4)
	sw zero, 16(a4)
	sw zero, 20(a4)
	sw zero, 24(a4)
	sw zero, 28(a4)
	li a0, 0x12345678
	li a1, 0
	li a5, 300
.Lwl_loop:
	slli a2, a0, 5
	sub a0, a2, a0			/* acc * 31 */
	add a0, a0, a1
	srli a2, a0, 7
	xor a0, a0, a2
	addi a3, a1, 3
	divu a2, a0, a3
	remu a7, a0, a3
	add a0, a0, a2
	mul a2, a7, a3
	xor a0, a0, a2
	andi a2, a1, 7
	slli a2, a2, 2
	add a2, a2, a4
	sw a0, 0(a2)
	lw a7, 16(a4)
	add a0, a0, a7
	andi a2, a0, 1
	beqz a2, .Lwl_even
	mulh a2, a0, a0
	add a0, a0, a2
	div a2, a0, a1			/* by zero on the first pass: all ones */
	xor a0, a0, a2
.Lwl_even:
	lb a2, 3(a4)
	add a0, a0, a2
	jal a2, .Lwl_next
.Lwl_next:
	add a0, a0, a2
	addi a1, a1, 1
	bne a1, a5, .Lwl_loop
	lw a6, 0(a4)
	lw a7, 4(a4)
	add a6, a6, a7
	lw a7, 8(a4)
	xor a6, a6, a7
	lw a7, 12(a4)
	add a6, a6, a7
	lw a7, 16(a4)
	xor a6, a6, a7
	lw a7, 20(a4)
	add a6, a6, a7
	lw a7, 24(a4)
	xor a6, a6, a7
	lw a7, 28(a4)
	add a6, a6, a7
	ret

	/* 17's handler: counts, and sets the next interrupt PERIOD cycles on
	 * (until MAX_PERIODIC); uses s2, s6, s8, s9 only */
	.align 2
.Lperiodic:
	csrr TR_CAUSE, mcause
	li TR_TMP, MTI_CAUSE
	bne TR_CAUSE, TR_TMP, rv_unexpected
	addi TR_COUNT, TR_COUNT, 1
	li TR_TMP, T
	li TR_TMP2, -1
	sw TR_TMP2, SOC_TIMER_MTIMECMP_LO(TR_TMP)	/* HI is 0: now above MTIME */
	li TR_TMP2, MAX_PERIODIC
	bgeu TR_COUNT, TR_TMP2, 1f
	lw TR_TMP2, SOC_TIMER_MTIME_LO(TR_TMP)
	addi TR_TMP2, TR_TMP2, PERIOD
	sw TR_TMP2, SOC_TIMER_MTIMECMP_LO(TR_TMP)
1:	mret

	.data
	.align 2
wbuf:	.fill 8, 4, 0

/* trap.S: ecall, ebreak, mret, the trap entry, mtvec's mode bits, fence and
 * fence.i.
 *
 * Trap entry: mepc = the pc of the instruction, mcause, mtval set,
 * mstatus.MPIE = MIE, MIE = 0, pc = mtvec.  ecall: mcause 11, mtval 0.
 * ebreak: mcause 3, mtval = its pc.  mret: pc = mepc, MIE = MPIE, MPIE = 1
 * (MPP stays 3: machine mode only).  The recording handler (rvtest.h)
 * returns to mepc + 4.
 */
#include "rvtest.h"

#define MST_0 (MSTATUS_MPP)
#define MST_IE (MSTATUS_MPP | MSTATUS_MIE)
#define MST_PIE (MSTATUS_MPP | MSTATUS_MPIE)
#define MST_BOTH (MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE)

	RVTEST_BEGIN
	TRAP_RECORD
	csrw mie, x0			/* no interrupt can be taken in this file */

	/* ---- ecall ---- */
	/* 1: with MIE = 0: MPIE = 0 on entry; after mret MIE = 0, MPIE = 1 */
	CHECK 1
	csrw mstatus, x0
	li a1, 0x1234
	csrw mtval, a1			/* the trap must overwrite it with 0 */
	TRAP_ARM
.Lecall1:
	ecall
	EXPECT_TRAP 11, .Lecall1
	EXPECT TR_TVAL, 0
	EXPECT TR_STATUS, MST_0
	csrr a0, mstatus
	EXPECT a0, MST_PIE
	csrr a0, mcause
	EXPECT a0, 11

	/* 2: with MIE = 1: MPIE = 1, MIE = 0 on entry; both 1 after mret */
	CHECK 2
	li a1, MST_IE
	csrw mstatus, a1
	TRAP_ARM
.Lecall2:
	ecall
	EXPECT_TRAP SOC_EXC_ECALL_M, .Lecall2
	EXPECT TR_TVAL, 0
	EXPECT TR_STATUS, MST_PIE
	csrr a0, mstatus
	EXPECT a0, MST_BOTH
	csrw mstatus, x0

	/* 3: ecall changes no register (the handler uses s2..s8 only) */
	CHECK 3
	li a0, 0x11111111
	li a1, 0x22222222
	li t0, 0x33333333
	li sp, 0x44444444
	li ra, 0x55555555
	TRAP_ARM
	ecall
	EXPECT TR_COUNT, 1
	EXPECT a0, 0x11111111
	EXPECT a1, 0x22222222
	EXPECT t0, 0x33333333
	EXPECT sp, 0x44444444
	EXPECT ra, 0x55555555
	li sp, SOC_RAM_BASE + SOC_RAM_SIZE

	/* 4: ecall right after a taken branch and right before a branch target */
	CHECK 4
	TRAP_ARM
	beq x0, x0, .Lecall4
	j rv_fail
.Lecall4:
	ecall
	j .Le4
	j rv_fail
.Le4:
	EXPECT_TRAP 11, .Lecall4

	/* 5: five ecalls in a loop: five traps, each back to its loop */
	CHECK 5
	TRAP_ARM
	li a1, 5
1:	ecall
	addi a1, a1, -1
	bnez a1, 1b
	EXPECT TR_COUNT, 5
	EXPECT TR_CAUSE, 11

	/* ---- ebreak ---- */
	/* 11: mcause 3, mtval = mepc = its pc */
	CHECK 11
	TRAP_ARM
.Lebreak11:
	ebreak
	EXPECT_TRAP SOC_EXC_BREAKPOINT, .Lebreak11
	EXPECT_SYM TR_TVAL, .Lebreak11
	EXPECT TR_STATUS, MST_0

	/* 12: with MIE = 1 */
	CHECK 12
	csrsi mstatus, MSTATUS_MIE
	TRAP_ARM
.Lebreak12:
	ebreak
	EXPECT_TRAP 3, .Lebreak12
	EXPECT_SYM TR_TVAL, .Lebreak12
	EXPECT TR_STATUS, MST_PIE
	csrr a0, mstatus
	EXPECT a0, MST_BOTH
	csrw mstatus, x0

	/* 13: ecall then ebreak: each trap sets its own cause and mtval */
	CHECK 13
	TRAP_ARM
	ebreak
	EXPECT TR_CAUSE, 3
	ecall
	EXPECT TR_CAUSE, 11
	EXPECT TR_TVAL, 0
	EXPECT TR_COUNT, 2

	/* ---- mret on its own ---- */
	/* 21: to mepc, MPIE = 1 -> MIE = 1 */
	CHECK 21
	li a1, MST_PIE
	csrw mstatus, a1
	LA_ABS a1, .Lmret21
	csrw mepc, a1
	li a3, 0
	mret
	addi a3, a3, 1
	j rv_fail
.Lmret21:
	EXPECT a3, 0
	csrr a0, mstatus
	EXPECT a0, MST_BOTH

	/* 22: MPIE = 0, MIE = 1 -> MIE = 0, MPIE = 1 */
	CHECK 22
	li a1, MST_IE
	csrw mstatus, a1
	LA_ABS a1, .Lmret22
	csrw mepc, a1
	mret
	j rv_fail
.Lmret22:
	csrr a0, mstatus
	EXPECT a0, MST_PIE

	/* 23: MPIE = 0, MIE = 0 -> MIE = 0, MPIE = 1 */
	CHECK 23
	csrw mstatus, x0
	LA_ABS a1, .Lmret23
	csrw mepc, a1
	mret
	j rv_fail
.Lmret23:
	csrr a0, mstatus
	EXPECT a0, MST_PIE
	csrw mstatus, x0

	/* 24: mepc written with bits 1:0 set reads, and returns to, the word */
	CHECK 24
	LA_ABS a1, .Lmret24 + 3
	csrw mepc, a1
	mret
	j rv_fail
.Lmret24:
	csrr a0, mepc
	EXPECT_SYM a0, .Lmret24

	/* 25: backward mret */
	CHECK 25
	j .Lf25
.Lmret25:
	j .Le25
.Lf25:
	LA_ABS a1, .Lmret25
	csrw mepc, a1
	mret
	j rv_fail
.Le25:

	/* 26: the handler returns somewhere else (TR_RESUME: mepc written in
	 * the handler decides where mret goes) */
	CHECK 26
	TRAP_ARM
	LA_ABS TR_RESUME, .Lresume26
.Lecall26:
	ecall
	j rv_fail
.Lresume26:
	EXPECT_TRAP 11, .Lecall26
	EXPECT TR_RESUME, 0

	/* ---- mtvec: only direct mode ---- */
	/* 31: mode bits 01 (vectored) read 0; an exception goes to the base */
	CHECK 31
	LA_ABS a1, rv_rec_handler + 1
	csrw mtvec, a1
	csrr a0, mtvec
	EXPECT_SYM a0, rv_rec_handler
	TRAP_ARM
.Lecall31:
	ecall
	EXPECT_TRAP 11, .Lecall31

	/* 32: mode bits 11 (reserved) likewise */
	CHECK 32
	LA_ABS a1, rv_rec_handler + 3
	csrw mtvec, a1
	TRAP_ARM
.Lebreak32:
	ebreak
	EXPECT_TRAP 3, .Lebreak32
	TRAP_RECORD

	/* 33: a handler of our own, at another address */
	CHECK 33
	LA_ABS a1, .Lhandler33
	csrw mtvec, a1
	li a3, 0
.Lecall33:
	ecall
	EXPECT a3, 1			/* the handler ran once */
	csrr a0, mcause
	EXPECT a0, 11
	csrr a0, mepc
	EXPECT_SYM a0, .Lecall33 + 4	/* the handler advanced it */
	csrr a0, mscratch
	EXPECT_SYM a0, .Lecall33
	TRAP_RECORD
	j .Le33
.Lhandler33:
	csrr a4, mepc
	csrw mscratch, a4		/* kept for the check */
	addi a4, a4, 4
	csrw mepc, a4
	addi a3, a3, 1
	mret
.Le33:

	/* ---- fence, fence.i: no-ops here ---- */
	CHECK 41
	TRAP_ARM
	li a0, 0x600d
	LA_ABS a1, .Lword
	sw a0, 0(a1)
	fence
	lw a2, 0(a1)
	fence rw, rw
	fence r, w
	fence iorw, iorw
	fence.tso
	.insn i MISC_MEM, 1, x0, x0, 0	/* fence.i (Zifencei), 0x0000100f */
	EXPECT_NO_TRAP
	EXPECT a0, 0x600d
	EXPECT a2, 0x600d

	/* 42: fence.i then the code right after it runs as written */
	CHECK 42
	li a3, 0
	.insn i MISC_MEM, 1, x0, x0, 0
	addi a3, a3, 5
	EXPECT a3, 5

	RVTEST_END

	.data
	.align 2
.Lword:	.word 0

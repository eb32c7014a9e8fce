/* tests/rv/rvtest.h: assembler macros of the RISC-V directed tests.
 *
 * A test program is
 *
 *	#include "rvtest.h"
 *	RVTEST_BEGIN
 *	CHECK 1
 *	... compute something into a0 ...
 *	EXPECT a0, 42
 *	CHECK 2
 *	...
 *	RVTEST_END
 *
 * RVTEST_END stores 1 to tohost (pass); the first EXPECT that does not hold
 * stores (n << 1) | 1, n being the number of the last CHECK, so bpfsoc-sim
 * prints "FAIL" with n.  A trap nobody asked for fails with
 * RV_UNEXPECTED + n (10000 + n).  Check numbers start at 1 and are unique
 * within a file (tests/rv/README.md).
 *
 * Registers: s11 (TN) holds the check number and s10 (TX) is the EXPECT
 * macros' scratch; s2..s9 belong to the trap handlers when a test installs
 * one (TRAP_RECORD, TRAP_IRQ).  Everything else is the test's.
 */
#ifndef RVTEST_H
#define RVTEST_H

#include "bpfsoc_map.h"

#if SOC_RAM_BASE != 0x0 || SOC_RAM_SIZE != 0x20000
#error "tests/rv/link.ld places RAM at 0x0, 128 KiB: update it with the map"
#endif

#define TN s11 /* the number of the check in progress */
#define TX s10 /* scratch of EXPECT* */

/* Written by rv_rec_handler (TRAP_RECORD) on every trap. */
#define TR_CAUSE s2  /* mcause */
#define TR_EPC s3    /* mepc */
#define TR_TVAL s4   /* mtval */
#define TR_STATUS s5 /* mstatus as the handler found it */
#define TR_COUNT s6  /* traps taken since TRAP_ARM */
#define TR_RESUME s7 /* if nonzero: where to return (then cleared); else mepc + 4 */
#define TR_TMP s8
#define TR_TMP2 s9   /* rv_irq_handler's second scratch */

#define RV_UNEXPECTED 10000 /* failure number of an unexpected trap: + TN */
#define RV_NOCHECK 9999     /* failure number of an EXPECT before any CHECK */
#define RV_MAGIC 0x5ca1ab1e /* the word at address 4 (RVTEST_BEGIN) */

/* CSR fields (privileged ISA, machine level) */
#define MSTATUS_MIE 0x00000008
#define MSTATUS_MPIE 0x00000080
#define MSTATUS_MPP 0x00001800 /* always 3: machine mode only */
#define MIP_MSIP (1 << SOC_IRQ_MSI)
#define MIP_MTIP (1 << SOC_IRQ_MTI)
#define MIP_MEIP (1 << SOC_IRQ_MEI)
#define MCAUSE_INT 0x80000000
#define MISA_VALUE 0x40001100 /* MXL = 1 (32 bits), I (bit 8), M (bit 12) */

#define TIMER_MTIME_LO (SOC_TIMER_BASE + SOC_TIMER_MTIME_LO)
#define TIMER_MTIME_HI (SOC_TIMER_BASE + SOC_TIMER_MTIME_HI)
#define TIMER_MTIMECMP_LO (SOC_TIMER_BASE + SOC_TIMER_MTIMECMP_LO)
#define TIMER_MTIMECMP_HI (SOC_TIMER_BASE + SOC_TIMER_MTIMECMP_HI)
#define TIMER_MSIP (SOC_TIMER_BASE + SOC_TIMER_MSIP)

/* An address no device answers (access faults). */
#define RV_NOWHERE 0x70000000

	.option norelax /* instruction counts are exact: no linker rewriting */

/* ---- program frame ------------------------------------------------- */

	.macro RVTEST_BEGIN
	.section .text.init, "ax", @progbits
	.globl _start
_start:
	j rv_reset
	.word RV_MAGIC
rv_reset:
	li TN, 0
	li TR_COUNT, 0
	li TR_RESUME, 0
	lui t0, %hi(rv_unexpected)
	addi t0, t0, %lo(rv_unexpected)
	csrw mtvec, t0
	li sp, SOC_RAM_BASE + SOC_RAM_SIZE
	j rv_body
	.text
	.align 2
rv_body:
	.endm

	.macro RVTEST_END
	/* every check held */
	li a0, 1
	lui t0, %hi(tohost)
	sw a0, %lo(tohost)(t0)
.Lrv_pass_spin:
	j .Lrv_pass_spin

	.align 2
	.globl rv_fail
rv_fail:
	bnez TN, .Lrv_fail_numbered
	li TN, RV_NOCHECK
.Lrv_fail_numbered:
	slli a0, TN, 1
	ori a0, a0, 1
	lui t0, %hi(tohost)
	sw a0, %lo(tohost)(t0)
.Lrv_fail_spin:
	j .Lrv_fail_spin

	/* The default mtvec: any trap fails the check in progress.  a0..a2
	 * keep mcause, mepc and mtval for whoever reads a trace. */
	.align 2
	.globl rv_unexpected
rv_unexpected:
	csrr a0, mcause
	csrr a1, mepc
	csrr a2, mtval
	li TX, RV_UNEXPECTED
	add TN, TN, TX
	j .Lrv_fail_numbered

	/* TRAP_RECORD's handler: records the trap in s2..s6 and returns to
	 * TR_RESUME if set (clearing it), else to mepc + 4.  Interrupts are
	 * not expected here. */
	.align 2
	.globl rv_rec_handler
rv_rec_handler:
	csrr TR_CAUSE, mcause
	csrr TR_EPC, mepc
	csrr TR_TVAL, mtval
	csrr TR_STATUS, mstatus
	addi TR_COUNT, TR_COUNT, 1
	bltz TR_CAUSE, rv_unexpected
	addi TR_TMP, TR_EPC, 4
	beqz TR_RESUME, .Lrv_rec_ret
	mv TR_TMP, TR_RESUME
	li TR_RESUME, 0
.Lrv_rec_ret:
	csrw mepc, TR_TMP
	mret

	/* TRAP_IRQ's handler: interrupts only (an exception fails the check).
	 * Records like rv_rec_handler, logs mcause and mepc of the first 8
	 * interrupts since TRAP_ARM in rv_irq_log, silences the source (MTI:
	 * MTIMECMP = all ones; MSI: MSIP = 0), waits (a bounded time) until
	 * mip shows it low, and returns to mepc. */
	.align 2
	.globl rv_irq_handler
rv_irq_handler:
	csrr TR_CAUSE, mcause
	csrr TR_EPC, mepc
	csrr TR_TVAL, mtval
	csrr TR_STATUS, mstatus
	addi TR_COUNT, TR_COUNT, 1
	bgez TR_CAUSE, rv_unexpected
	li TR_TMP, 8
	bgtu TR_COUNT, TR_TMP, .Lrv_irq_logged
	slli TR_TMP, TR_COUNT, 3
	lui TR_TMP2, %hi(rv_irq_log - 8)
	addi TR_TMP2, TR_TMP2, %lo(rv_irq_log - 8)
	add TR_TMP, TR_TMP, TR_TMP2
	sw TR_CAUSE, 0(TR_TMP)
	sw TR_EPC, 4(TR_TMP)
.Lrv_irq_logged:
	li TR_TMP, MCAUSE_INT | SOC_IRQ_MTI
	bne TR_CAUSE, TR_TMP, .Lrv_irq_not_mti
	li TR_TMP, SOC_TIMER_BASE
	li TR_TMP2, -1
	sw TR_TMP2, SOC_TIMER_MTIMECMP_HI(TR_TMP)
	sw TR_TMP2, SOC_TIMER_MTIMECMP_LO(TR_TMP)
	li TR_TMP2, 256
.Lrv_irq_mti_poll:
	csrr TR_TMP, mip
	andi TR_TMP, TR_TMP, MIP_MTIP
	beqz TR_TMP, .Lrv_irq_ret
	addi TR_TMP2, TR_TMP2, -1
	bnez TR_TMP2, .Lrv_irq_mti_poll
	j rv_fail			/* MTIP did not drop */
.Lrv_irq_not_mti:
	li TR_TMP, MCAUSE_INT | SOC_IRQ_MSI
	bne TR_CAUSE, TR_TMP, rv_unexpected
	li TR_TMP, SOC_TIMER_BASE
	sw zero, SOC_TIMER_MSIP(TR_TMP)
	li TR_TMP2, 256
.Lrv_irq_msi_poll:
	csrr TR_TMP, mip
	andi TR_TMP, TR_TMP, MIP_MSIP
	beqz TR_TMP, .Lrv_irq_ret
	addi TR_TMP2, TR_TMP2, -1
	bnez TR_TMP2, .Lrv_irq_msi_poll
	j rv_fail			/* MSIP did not drop */
.Lrv_irq_ret:
	mret

	.data
	.align 2
	.globl rv_irq_log
rv_irq_log:				/* 8 x (mcause, mepc) */
	.fill 16, 4, 0

	.section .tohost, "aw", @progbits
	.align 2
	.globl tohost
tohost:
	.word 0
	.text
	.endm

/* ---- checking -------------------------------------------------------- */

	/* Start check n (1, 2, ...: unique in the file). */
	.macro CHECK n
	li TN, \n
	.endm

	/* Fail unless reg == val (a constant). */
	.macro EXPECT reg, val
	li TX, \val
	beq \reg, TX, .Lrv_ok\@
	j rv_fail
.Lrv_ok\@:
	.endm

	/* Fail unless reg == reg2. */
	.macro EXPECT_REG reg, reg2
	beq \reg, \reg2, .Lrv_ok\@
	j rv_fail
.Lrv_ok\@:
	.endm

	/* Fail unless reg == the address sym (a symbol, plus a constant). */
	.macro EXPECT_SYM reg, sym
	lui TX, %hi(\sym)
	addi TX, TX, %lo(\sym)
	beq \reg, TX, .Lrv_ok\@
	j rv_fail
.Lrv_ok\@:
	.endm

	/* Fail unless lo <= reg <= hi, unsigned (constants). */
	.macro EXPECT_RANGE reg, lo, hi
	li TX, \lo
	bltu \reg, TX, .Lrv_bad\@
	li TX, \hi
	bgeu TX, \reg, .Lrv_ok\@
.Lrv_bad\@:
	j rv_fail
.Lrv_ok\@:
	.endm

	/* Fail unless the address lo <= reg <= the address hi (symbols). */
	.macro EXPECT_SYM_RANGE reg, lo, hi
	LA_ABS TX, \lo
	bltu \reg, TX, .Lrv_bad\@
	LA_ABS TX, \hi
	bgeu TX, \reg, .Lrv_ok\@
.Lrv_bad\@:
	j rv_fail
.Lrv_ok\@:
	.endm

	/* Fail unless reg >= reg2, unsigned. */
	.macro EXPECT_GEU reg, reg2
	bgeu \reg, \reg2, .Lrv_ok\@
	j rv_fail
.Lrv_ok\@:
	.endm

	/* Fail unless reg < reg2, unsigned. */
	.macro EXPECT_LTU reg, reg2
	bltu \reg, \reg2, .Lrv_ok\@
	j rv_fail
.Lrv_ok\@:
	.endm

	/* reg = the address sym, without auipc (absolute: linked at 0). */
	.macro LA_ABS reg, sym
	lui \reg, %hi(\sym)
	addi \reg, \reg, %lo(\sym)
	.endm

/* ---- register-register and register-immediate operations -------------- */

	/* a0 = a1 op a2: rd, rs1, rs2 all different; the sources survive. */
	.macro T_RR n, op, want, a, b
	CHECK \n
	li a1, \a
	li a2, \b
	\op a0, a1, a2
	EXPECT a0, \want
	EXPECT a1, \a
	EXPECT a2, \b
	.endm

	/* rd == rs1 */
	.macro T_RR_D1 n, op, want, a, b
	CHECK \n
	li a3, \a
	li a4, \b
	\op a3, a3, a4
	EXPECT a3, \want
	EXPECT a4, \b
	.endm

	/* rd == rs2 */
	.macro T_RR_D2 n, op, want, a, b
	CHECK \n
	li a3, \a
	li a4, \b
	\op a4, a3, a4
	EXPECT a4, \want
	EXPECT a3, \a
	.endm

	/* rd == rs1 == rs2: want = a op a */
	.macro T_RR_DD n, op, want, a
	CHECK \n
	li a5, \a
	\op a5, a5, a5
	EXPECT a5, \want
	.endm

	/* rs1 == rs2, rd different: want = a op a */
	.macro T_RR_SS n, op, want, a
	CHECK \n
	li a5, \a
	\op t0, a5, a5
	EXPECT t0, \want
	EXPECT a5, \a
	.endm

	/* rs1 = x0: want = 0 op b */
	.macro T_RR_Z1 n, op, want, b
	CHECK \n
	li t1, \b
	\op t2, x0, t1
	EXPECT t2, \want
	.endm

	/* rs2 = x0: want = a op 0 */
	.macro T_RR_Z2 n, op, want, a
	CHECK \n
	li t1, \a
	\op t2, t1, x0
	EXPECT t2, \want
	.endm

	/* rs1 = rs2 = x0: want = 0 op 0 */
	.macro T_RR_ZZ n, op, want
	CHECK \n
	li t2, 0x5a5a5a5a
	\op t2, x0, x0
	EXPECT t2, \want
	.endm

	/* rd = x0: the result is dropped, and x0 read at once is still 0 */
	.macro T_RR_ZD n, op, a, b
	CHECK \n
	li t1, \a
	li t2, \b
	\op x0, t1, t2
	add t3, x0, x0
	EXPECT t3, 0
	EXPECT x0, 0
	.endm

	/* Operands made d1 and d2 instructions before the op, the result used
	 * d3 instructions after it (forwarding paths). */
	.macro T_RR_FWD n, op, want, a, b, d1, d2, d3
	CHECK \n
	li t1, \a
	.rept \d1
	nop
	.endr
	li t2, \b
	.rept \d2
	nop
	.endr
	\op t3, t1, t2
	.rept \d3
	nop
	.endr
	addi t4, t3, 0
	EXPECT t4, \want
	.endm

	/* a0 = a1 op imm */
	.macro T_RI n, op, want, a, imm
	CHECK \n
	li a1, \a
	\op a0, a1, \imm
	EXPECT a0, \want
	EXPECT a1, \a
	.endm

	/* rd == rs1 */
	.macro T_RI_D n, op, want, a, imm
	CHECK \n
	li a3, \a
	\op a3, a3, \imm
	EXPECT a3, \want
	.endm

	/* rs1 = x0: want = 0 op imm */
	.macro T_RI_Z n, op, want, imm
	CHECK \n
	li t2, 0x5a5a5a5a
	\op t2, x0, \imm
	EXPECT t2, \want
	.endm

	/* rd = x0 */
	.macro T_RI_ZD n, op, a, imm
	CHECK \n
	li t1, \a
	\op x0, t1, \imm
	add t3, x0, x0
	EXPECT t3, 0
	EXPECT x0, 0
	.endm

	/* operand made d1 instructions before, result used d2 after */
	.macro T_RI_FWD n, op, want, a, imm, d1, d2
	CHECK \n
	li t1, \a
	.rept \d1
	nop
	.endr
	\op t3, t1, \imm
	.rept \d2
	nop
	.endr
	addi t4, t3, 0
	EXPECT t4, \want
	.endm

/* ---- traps ----------------------------------------------------------- */

	/* Send traps to rv_rec_handler / back to the failing default. */
	.macro TRAP_RECORD
	LA_ABS t0, rv_rec_handler
	csrw mtvec, t0
	.endm

	.macro TRAP_DEFAULT
	LA_ABS t0, rv_unexpected
	csrw mtvec, t0
	.endm

	/* Send traps to rv_irq_handler (interrupts expected, not exceptions). */
	.macro TRAP_IRQ
	LA_ABS t0, rv_irq_handler
	csrw mtvec, t0
	.endm

	/* Before an instruction that should (or should not) trap. */
	.macro TRAP_ARM
	li TR_COUNT, 0
	li TR_RESUME, 0
	li TR_CAUSE, -1
	li TR_EPC, -1
	li TR_TVAL, -1
	.endm

	/* TRAP_ARM, and rv_irq_log cleared to all ones (uses t0, t1). */
	.macro IRQ_ARM
	TRAP_ARM
	LA_ABS t0, rv_irq_log
	addi t1, t0, 64
.Lrv_clr\@:
	sw TR_CAUSE, 0(t0)		/* (-1) */
	addi t0, t0, 4
	bne t0, t1, .Lrv_clr\@
	.endm

	/* Exactly one trap since TRAP_ARM, with this mcause, at sym. */
	.macro EXPECT_TRAP cause, sym
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, \cause
	EXPECT_SYM TR_EPC, \sym
	.endm

	.macro EXPECT_NO_TRAP
	EXPECT TR_COUNT, 0
	.endm

	/* Fail unless the nth interrupt logged since TRAP_ARM (1, 2, ...) had
	 * this mcause and mepc = sym. */
	.macro EXPECT_IRQ_LOG nth, cause, sym
	LA_ABS t0, rv_irq_log + 8 * (\nth - 1)
	lw t1, 0(t0)
	EXPECT t1, \cause
	lw t1, 4(t0)
	EXPECT_SYM t1, \sym
	.endm

/* ---- the timer and the software interrupt ---------------------------- */

	/* MTIMECMP = all ones: MTIP low (uses t0, t1) */
	.macro TIMER_OFF
	li t0, SOC_TIMER_BASE
	li t1, -1
	sw t1, SOC_TIMER_MTIMECMP_LO(t0)
	sw t1, SOC_TIMER_MTIMECMP_HI(t0)
	.endm

	/* MTIMECMP = MTIME + delta, written so that it is never briefly
	 * smaller (uses t0..t3) */
	.macro TIMER_IN delta
	li t0, SOC_TIMER_BASE
	lw t1, SOC_TIMER_MTIME_LO(t0)
	lw t2, SOC_TIMER_MTIME_HI(t0)
	li t3, \delta
	add t3, t1, t3
	bgeu t3, t1, .Lrv_nocarry\@
	addi t2, t2, 1
.Lrv_nocarry\@:
	li t1, -1
	sw t1, SOC_TIMER_MTIMECMP_LO(t0)
	sw t2, SOC_TIMER_MTIMECMP_HI(t0)
	sw t3, SOC_TIMER_MTIMECMP_LO(t0)
	.endm

	/* MSIP = v (uses t0, t1) */
	.macro MSIP_WRITE v
	li t0, SOC_TIMER_BASE
	li t1, \v
	sw t1, SOC_TIMER_MSIP(t0)
	.endm

	/* Wait until (mip & mask) != 0, at most n polls, else fail (uses t0, t1) */
	.macro WAIT_MIP mask, n
	li t1, \n
.Lrv_wait\@:
	csrr t0, mip
	andi t0, t0, \mask
	bnez t0, .Lrv_done\@
	addi t1, t1, -1
	bnez t1, .Lrv_wait\@
	j rv_fail
.Lrv_done\@:
	.endm

	/* Wait until (mip & mask) == 0, at most n polls, else fail (uses t0, t1) */
	.macro WAIT_MIP_CLEAR mask, n
	li t1, \n
.Lrv_wait\@:
	csrr t0, mip
	andi t0, t0, \mask
	beqz t0, .Lrv_done\@
	addi t1, t1, -1
	bnez t1, .Lrv_wait\@
	j rv_fail
.Lrv_done\@:
	.endm

#endif /* RVTEST_H */

/* irq_soft.S: the machine software interrupt (the timer block's MSIP
 * register, mip.MSIP), and the priority between pending interrupts.
 *
 * MSIP bit 0 drives mip bit 3 (a level, until written 0).  The interrupt is
 * taken when mstatus.MIE and mie.MSIE are set: mcause 0x80000003, mtval 0,
 * mepc = the next instruction not executed.  With several pending and
 * enabled, MEI (11) goes first, then MSI (3), then MTI (7).  A handler runs
 * with MIE = 0, so a second interrupt waits for its mret, and is then
 * taken before any instruction at mepc.
 */
#include "rvtest.h"

#define MST_PIE (MSTATUS_MPP | MSTATUS_MPIE)
#define MST_BOTH (MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE)
#define MSI_CAUSE (MCAUSE_INT | SOC_IRQ_MSI)
#define MTI_CAUSE (MCAUSE_INT | SOC_IRQ_MTI)
#define T SOC_TIMER_BASE

	RVTEST_BEGIN
	csrw mie, x0
	csrw mstatus, x0
	TRAP_IRQ

	/* 1: after reset MSIP is 0, and nothing is pending in mip */
	CHECK 1
	li a1, T
	lw a0, SOC_TIMER_MSIP(a1)
	andi a0, a0, 1
	EXPECT a0, 0
	csrr a0, mip
	andi a0, a0, MIP_MSIP | MIP_MTIP
	EXPECT a0, 0
	csrr a0, mip
	srli a0, a0, 11
	andi a0, a0, 1
	EXPECT a0, 0			/* MEIP: no external source */

	/* 2: MSIP = 1 reads back and raises mip.MSIP (polled: no trap) */
	CHECK 2
	IRQ_ARM
	MSIP_WRITE 1
	li a1, T
	lw a0, SOC_TIMER_MSIP(a1)
	andi a0, a0, 1
	EXPECT a0, 1
	WAIT_MIP MIP_MSIP, 64
	csrr a0, mip
	andi a0, a0, MIP_MTIP
	EXPECT a0, 0			/* MTIP not disturbed */

	/* 3: it stays (a level) until MSIP = 0 */
	CHECK 3
	.rept 20
	nop
	.endr
	csrr a0, mip
	andi a0, a0, MIP_MSIP
	EXPECT a0, MIP_MSIP
	MSIP_WRITE 0
	WAIT_MIP_CLEAR MIP_MSIP, 64
	li a1, T
	lw a0, SOC_TIMER_MSIP(a1)
	andi a0, a0, 1
	EXPECT a0, 0

	/* 4: only bit 0 of MSIP counts */
	CHECK 4
	MSIP_WRITE 0xfffffffe
	.rept 10
	nop
	.endr
	csrr a0, mip
	andi a0, a0, MIP_MSIP
	EXPECT a0, 0
	li a1, T
	lw a0, SOC_TIMER_MSIP(a1)
	andi a0, a0, 1
	EXPECT a0, 0
	MSIP_WRITE 0
	EXPECT_NO_TRAP

	/* 5: pending, masked by mie (mstatus.MIE set): no trap */
	CHECK 5
	IRQ_ARM
	MSIP_WRITE 1
	WAIT_MIP MIP_MSIP, 64
	li a1, MIP_MTIP | MIP_MEIP
	csrw mie, a1			/* the others enabled, not MSIE */
	csrsi mstatus, MSTATUS_MIE
	.rept 20
	nop
	.endr
	csrci mstatus, MSTATUS_MIE
	EXPECT_NO_TRAP

	/* 6: pending and enabled in mie, masked by mstatus.MIE: no trap */
	CHECK 6
	csrwi mie, MIP_MSIP
	.rept 20
	nop
	.endr
	EXPECT_NO_TRAP

	/* 7: setting mstatus.MIE takes it before the next instruction */
	CHECK 7
	IRQ_ARM
	li a1, 0x55
	csrw mtval, a1
	li a3, 0
	csrsi mstatus, MSTATUS_MIE
.Lnext7:
	addi a3, a3, 1
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MSI_CAUSE
	EXPECT_SYM TR_EPC, .Lnext7
	EXPECT TR_TVAL, 0
	EXPECT TR_STATUS, MST_PIE
	csrr a0, mstatus
	EXPECT a0, MST_BOTH
	EXPECT a3, 1
	csrr a0, mip
	andi a0, a0, MIP_MSIP
	EXPECT a0, 0			/* the handler cleared MSIP */

	/* 8: with everything enabled, the store to MSIP interrupts within a
	 * few instructions, not before the store */
	CHECK 8
	csrwi mie, MIP_MSIP
	csrsi mstatus, MSTATUS_MIE
	IRQ_ARM
	li a1, T
	li a2, 1
	sw a2, SOC_TIMER_MSIP(a1)
.Lafter8:
	.rept 32
	nop
	.endr
.Lend8:
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MSI_CAUSE
	EXPECT_SYM_RANGE TR_EPC, .Lafter8, .Lend8
	csrci mstatus, MSTATUS_MIE

	/* 9: setting mie.MSIE (with MIE set) takes it before the next one */
	CHECK 9
	csrw mie, x0
	MSIP_WRITE 1
	WAIT_MIP MIP_MSIP, 64
	csrsi mstatus, MSTATUS_MIE
	IRQ_ARM
	csrsi mie, MIP_MSIP
.Lnext9:
	nop
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MSI_CAUSE
	EXPECT_SYM TR_EPC, .Lnext9
	csrci mstatus, MSTATUS_MIE

	/* 10: mret with MPIE = 1 into a pending MSI: taken at mepc */
	CHECK 10
	MSIP_WRITE 1
	WAIT_MIP MIP_MSIP, 64
	IRQ_ARM
	li a3, 0
	LA_ABS a1, .Lnext10
	csrw mepc, a1
	li a1, MSTATUS_MPIE
	csrs mstatus, a1
	mret
	j rv_fail
.Lnext10:
	addi a3, a3, 1
	EXPECT TR_COUNT, 1
	EXPECT_SYM TR_EPC, .Lnext10
	EXPECT a3, 1
	csrci mstatus, MSTATUS_MIE

	/* ---- priority ---- */
	/* 21: MSI and MTI both pending and enabled: MSI first, then MTI,
	 * taken right after the first handler's mret, both at .Lnext21 */
	CHECK 21
	csrw mie, x0
	MSIP_WRITE 1
	li a1, T
	sw zero, SOC_TIMER_MTIMECMP_LO(a1)
	sw zero, SOC_TIMER_MTIMECMP_HI(a1)
	WAIT_MIP MIP_MSIP, 64
	WAIT_MIP MIP_MTIP, 64
	li a1, MIP_MSIP | MIP_MTIP
	csrw mie, a1
	IRQ_ARM
	li a3, 0
	csrsi mstatus, MSTATUS_MIE
.Lnext21:
	addi a3, a3, 1
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 2
	EXPECT a3, 1
	EXPECT_IRQ_LOG 1, MSI_CAUSE, .Lnext21
	EXPECT_IRQ_LOG 2, MTI_CAUSE, .Lnext21
	EXPECT TR_STATUS, MST_PIE	/* the second handler, too, ran with MIE 0 */

	/* 22: the same with the timer made pending first */
	CHECK 22
	csrw mie, x0
	li a1, T
	sw zero, SOC_TIMER_MTIMECMP_LO(a1)
	sw zero, SOC_TIMER_MTIMECMP_HI(a1)
	WAIT_MIP MIP_MTIP, 64
	.rept 10
	nop
	.endr
	MSIP_WRITE 1
	WAIT_MIP MIP_MSIP, 64
	li a1, MIP_MSIP | MIP_MTIP | MIP_MEIP
	csrw mie, a1
	IRQ_ARM
	csrsi mstatus, MSTATUS_MIE
.Lnext22:
	nop
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 2
	EXPECT_IRQ_LOG 1, MSI_CAUSE, .Lnext22
	EXPECT_IRQ_LOG 2, MTI_CAUSE, .Lnext22

	/* 23: only the enabled one is taken: MSI pending but not enabled,
	 * MTI enabled */
	CHECK 23
	csrw mie, x0
	MSIP_WRITE 1
	li a1, T
	sw zero, SOC_TIMER_MTIMECMP_LO(a1)
	sw zero, SOC_TIMER_MTIMECMP_HI(a1)
	WAIT_MIP MIP_MSIP, 64
	WAIT_MIP MIP_MTIP, 64
	li a1, MIP_MTIP
	csrw mie, a1
	IRQ_ARM
	csrsi mstatus, MSTATUS_MIE
.Lnext23:
	nop
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 1
	EXPECT_IRQ_LOG 1, MTI_CAUSE, .Lnext23
	csrr a0, mip
	andi a0, a0, MIP_MSIP
	EXPECT a0, MIP_MSIP		/* still pending */
	MSIP_WRITE 0
	WAIT_MIP_CLEAR MIP_MSIP, 64

	/* 24: a handler is not interrupted: MTI raised inside the MSI handler
	 * waits for its mret */
	CHECK 24
	LA_ABS t0, .Lnest_handler
	csrw mtvec, t0
	li a1, MIP_MSIP | MIP_MTIP
	csrw mie, a1
	IRQ_ARM
	li a3, 0			/* how deep the handlers are */
	li a4, 0			/* the deepest seen */
	MSIP_WRITE 1
	WAIT_MIP MIP_MSIP, 64
	csrsi mstatus, MSTATUS_MIE
.Lnext24:
	nop
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 2
	EXPECT a4, 1			/* never two handlers at once */
	EXPECT_IRQ_LOG 1, MSI_CAUSE, .Lnext24
	EXPECT_IRQ_LOG 2, MTI_CAUSE, .Lnext24
	TRAP_IRQ
	csrw mie, x0

	RVTEST_END

	/* 24's handler: depth count around rv_irq_handler's work; the MSI
	 * handler makes MTI pending before returning */
	.text
	.align 2
.Lnest_handler:
	addi a3, a3, 1
	bgeu a4, a3, 1f
	mv a4, a3
1:	csrr TR_TMP, mcause
	li TR_TMP2, MSI_CAUSE
	bne TR_TMP, TR_TMP2, 2f
	li TR_TMP, T
	sw zero, SOC_TIMER_MTIMECMP_LO(TR_TMP)
	sw zero, SOC_TIMER_MTIMECMP_HI(TR_TMP)
	li TR_TMP2, 64
3:	csrr TR_TMP, mip		/* MTI pending now, in the handler */
	andi TR_TMP, TR_TMP, MIP_MTIP
	bnez TR_TMP, 2f
	addi TR_TMP2, TR_TMP2, -1
	bnez TR_TMP2, 3b
	j rv_fail
2:	addi a3, a3, -1
	j rv_irq_handler		/* records, clears the source, mret */

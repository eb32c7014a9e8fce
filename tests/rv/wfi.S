/* wfi.S: wfi waits until (mip & mie) != 0, whatever mstatus.MIE says, then
 * goes on.  With MIE = 0 no trap follows: execution continues after the
 * wfi.  With MIE = 1 the interrupt is taken with mepc = the instruction
 * after the wfi.  A pending interrupt that mie does not enable does not
 * wake it.
 */
#include "rvtest.h"

#define MTI_CAUSE (MCAUSE_INT | SOC_IRQ_MTI)
#define MSI_CAUSE (MCAUSE_INT | SOC_IRQ_MSI)
#define T SOC_TIMER_BASE

	RVTEST_BEGIN
	csrw mie, x0
	csrw mstatus, x0
	TRAP_IRQ

	/* 1: already pending and enabled (MSI), MIE = 0: wfi goes straight on */
	CHECK 1
	IRQ_ARM
	MSIP_WRITE 1
	WAIT_MIP MIP_MSIP, 64
	csrwi mie, MIP_MSIP
	csrr a2, mcycle
	wfi
	csrr a3, mcycle
	EXPECT_NO_TRAP
	sub a0, a3, a2
	EXPECT_RANGE a0, 1, 200		/* it did not sleep long */
	MSIP_WRITE 0
	WAIT_MIP_CLEAR MIP_MSIP, 64

	/* 2: MIE = 0, the timer enabled in mie: wfi sleeps until MTIME reaches
	 * MTIMECMP, then continues without a trap */
	CHECK 2
	IRQ_ARM
	li a1, MIP_MTIP
	csrw mie, a1
	TIMER_IN 1000
	wfi
	li a1, T
	lw a2, SOC_TIMER_MTIME_LO(a1)
	lw a3, SOC_TIMER_MTIMECMP_LO(a1)
	EXPECT_GEU a2, a3		/* it waited for the timer */
	csrr a0, mip
	andi a0, a0, MIP_MTIP
	EXPECT a0, MIP_MTIP
	EXPECT_NO_TRAP
	TIMER_OFF
	WAIT_MIP_CLEAR MIP_MTIP, 64

	/* 3: a pending interrupt mie does not enable (MSI) does not wake it:
	 * it still sleeps until the (enabled) timer */
	CHECK 3
	IRQ_ARM
	li a1, MIP_MTIP
	csrw mie, a1
	MSIP_WRITE 1
	WAIT_MIP MIP_MSIP, 64
	TIMER_IN 1000
	wfi
	li a1, T
	lw a2, SOC_TIMER_MTIME_LO(a1)
	lw a3, SOC_TIMER_MTIMECMP_LO(a1)
	EXPECT_GEU a2, a3
	EXPECT_NO_TRAP
	TIMER_OFF
	MSIP_WRITE 0
	WAIT_MIP_CLEAR MIP_MSIP | MIP_MTIP, 64

	/* 4: MIE = 1: the timer wakes it and traps, mepc = after the wfi */
	CHECK 4
	IRQ_ARM
	li a1, MIP_MTIP
	csrw mie, a1
	TIMER_IN 500
	csrsi mstatus, MSTATUS_MIE
	wfi
.Lafter4:
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MTI_CAUSE
	EXPECT_SYM TR_EPC, .Lafter4

	/* 5: wfi in a loop: each of three timer interrupts wakes one wfi */
	CHECK 5
	IRQ_ARM
	li a1, MIP_MTIP
	csrw mie, a1
	csrsi mstatus, MSTATUS_MIE
	li a4, 3
1:	TIMER_IN 300
	wfi
	addi a4, a4, -1
	bnez a4, 1b
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 3

	/* 6: wfi counts as one retired instruction when it goes straight on */
	CHECK 6
	IRQ_ARM
	MSIP_WRITE 1
	WAIT_MIP MIP_MSIP, 64
	csrwi mie, MIP_MSIP
	csrr a2, minstret
	wfi
	csrr a3, minstret
	sub a0, a3, a2
	EXPECT a0, 2			/* the first csrr and the wfi */
	MSIP_WRITE 0
	WAIT_MIP_CLEAR MIP_MSIP, 64
	csrw mie, x0
	EXPECT_NO_TRAP

	/* 7: mcycle wraps while wfi waits: written 0xffffff00, then a wfi for
	 * the timer 1000 ticks on (MIE = 0; mcycle and MTIME count the same
	 * clock, so 256 cycles come well before it); mcycleh has counted the
	 * wrap (0 -> 1) once wfi has gone on (wfi may go on early: the wait
	 * for MTIP after it makes the count the same either way) */
	CHECK 7
	IRQ_ARM
	li a1, MIP_MTIP
	csrw mie, a1
	csrw mcycleh, x0
	li a1, 0xffffff00
	csrw mcycle, a1
	TIMER_IN 1000
	wfi
	WAIT_MIP MIP_MTIP, 2000
	csrr a0, mcycleh
	EXPECT a0, 1
	EXPECT_NO_TRAP
	TIMER_OFF
	WAIT_MIP_CLEAR MIP_MTIP, 64
	csrw mie, x0
	csrw mcycleh, x0

	RVTEST_END

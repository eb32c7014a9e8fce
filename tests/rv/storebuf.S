/* storebuf.S: stores in quick succession and what follows them at once:
 * back-to-back stores, a load of the bytes just stored, a store that
 * faults right after one that does not, an interrupt that arrives among
 * stores, and wfi, fence, ecall right after a store.  (A core may finish a
 * store after it retires; none of that may be visible.)
 *
 * The ISA's memory model for one hart: loads and stores to the same
 * address (and to I/O) appear in program order; a store access fault is
 * taken by the store (mcause 7, mtval the address, mepc the store), which
 * writes nothing, and nothing after it has done anything; an interrupt is
 * taken between instructions, everything before mepc done, nothing from
 * mepc on.
 */
#include "rvtest.h"

#define MTI_CAUSE (MCAUSE_INT | SOC_IRQ_MTI)
#define MSI_CAUSE (MCAUSE_INT | SOC_IRQ_MSI)
#define MBOX (SOC_HOST_BASE + SOC_HOST_MBOX)	/* a read/write device register */
#define D 50			/* cycles from the MTIME read to the interrupt, at least */
#define SWEEP 16

	/* MTIMECMP = MTIME + reg (uses t0..t3; as irq_pipe.S) */
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

	RVTEST_BEGIN
	csrw mie, x0
	csrw mstatus, x0
	TIMER_OFF
	TRAP_RECORD

	/* ---- back-to-back stores ---- */
	/* 1: eight stores in a row, every width and lane, then read back */
	CHECK 1
	LA_ABS a0, sbuf
	li a1, 0x11223344
	li a2, 0x55667788
	li a3, 0x99aabbcc
	sw x0, 0(a0)
	sw x0, 4(a0)
	sw a1, 8(a0)
	sw a2, 12(a0)
	sb a1, 0(a0)			/* 44 */
	sb a2, 1(a0)			/* 88 */
	sh a3, 2(a0)			/* bbcc */
	sh a1, 4(a0)			/* 3344 */
	sb a3, 7(a0)			/* cc */
	sw a3, 12(a0)
	lw a4, 0(a0)
	lw a5, 4(a0)
	lw a6, 8(a0)
	lw a7, 12(a0)
	EXPECT a4, 0xbbcc8844
	EXPECT a5, 0xcc003344
	EXPECT a6, 0x11223344
	EXPECT a7, 0x99aabbcc

	/* 2: stores to one word in a row: the last one wins, each byte lane
	 * from its last store */
	CHECK 2
	li a1, 0x01010101
	sw a1, 16(a0)
	sw a2, 16(a0)
	sb a3, 16(a0)			/* cc */
	sw a3, 20(a0)
	sh a1, 18(a0)			/* 0101 */
	sb a1, 17(a0)			/* 01 */
	lw a4, 16(a0)
	lw a5, 20(a0)
	EXPECT a4, 0x010101cc
	EXPECT a5, 0x99aabbcc

	/* ---- a store, then a load of the same bytes at once ---- */
	/* 3: each width; the load right after the store */
	CHECK 3
	li a1, 0xdeadbeef
	sw a1, 24(a0)
	lw a4, 24(a0)
	sb x0, 25(a0)
	lbu a5, 25(a0)
	sh a2, 26(a0)
	lh a6, 26(a0)			/* 0x7788 */
	lw a7, 24(a0)
	EXPECT a4, 0xdeadbeef
	EXPECT a5, 0
	EXPECT a6, 0x7788
	EXPECT a7, 0x778800ef

	/* 4: a store to a device register, then a load of it; two stores to
	 * it, the second one read */
	CHECK 4
	li a1, MBOX
	li a2, 0x12345678
	li a3, 0x0badcafe
	sw a2, 0(a1)
	lw a4, 0(a1)
	sw a3, 0(a1)
	sw a2, 0(a1)
	sw a3, 0(a1)
	lw a5, 0(a1)
	EXPECT a4, 0x12345678
	EXPECT a5, 0x0badcafe

	/* 5: a copy loop of load/store pairs (each load of the word the store
	 * before it wrote): 0, 1, 2, ... shifted along */
	CHECK 5
	li a1, 7
	sw a1, 32(a0)
	lw a2, 32(a0)
	sw a2, 36(a0)
	lw a3, 36(a0)
	addi a3, a3, 1
	sw a3, 40(a0)
	lw a4, 40(a0)
	sw a4, 44(a0)
	lw a5, 44(a0)
	EXPECT a5, 8
	lw a6, 36(a0)
	EXPECT a6, 7

	/* ---- a faulting store right after one that does not ---- */
	/* 11: a RAM store, then a store to no device: the second traps (cause
	 * 7, mtval its address, mepc it), the first is done, the instruction
	 * after the faulting one never runs (the handler resumes past it) */
	CHECK 11
	li a1, 0x5a5a5a5a
	li a2, RV_NOWHERE
	li a4, 0
	sw x0, 48(a0)
	TRAP_ARM
	LA_ABS TR_RESUME, .Lres11	/* the handler returns past the li */
	sw a1, 48(a0)
.Lst11:
	sw a1, 0(a2)
	li a4, 1			/* never run */
.Lres11:
	EXPECT_TRAP SOC_EXC_STORE_FAULT, .Lst11
	EXPECT TR_TVAL, RV_NOWHERE
	EXPECT a4, 0
	lw a5, 48(a0)
	EXPECT a5, 0x5a5a5a5a

	/* 12: the same after a store to a device register, with an ALU
	 * instruction after the fault (not run) */
	CHECK 12
	li a1, MBOX
	li a2, RV_NOWHERE + 8
	li a3, 0x600df00d
	li a4, 5
	TRAP_ARM
	LA_ABS TR_RESUME, .Lres12
	sw a3, 0(a1)
.Lst12:
	sh a3, -6(a2)
	addi a4, a4, 1			/* never run */
.Lres12:
	EXPECT_TRAP SOC_EXC_STORE_FAULT, .Lst12
	EXPECT TR_TVAL, RV_NOWHERE + 2
	EXPECT a4, 5
	lw a5, 0(a1)
	EXPECT a5, 0x600df00d

	/* 13: two stores, then a misaligned store (cause 6 at it), then a
	 * faulting one: each traps at itself, the good ones are done */
	CHECK 13
	li a1, 0x13131313
	li a2, RV_NOWHERE
	TRAP_ARM
	sw a1, 52(a0)
	sw a1, 56(a0)
.Lst13:
	sw a1, 2(a0)
	EXPECT_TRAP SOC_EXC_STORE_MISALIGNED, .Lst13
	EXPECT_SYM TR_TVAL, sbuf + 2
	TRAP_ARM
	sb a1, 60(a0)
.Lst13b:
	sb a1, 1(a2)
	EXPECT_TRAP SOC_EXC_STORE_FAULT, .Lst13b
	EXPECT TR_TVAL, RV_NOWHERE + 1
	lw a4, 52(a0)
	lw a5, 56(a0)
	lbu a6, 60(a0)
	EXPECT a4, 0x13131313
	EXPECT a5, 0x13131313
	EXPECT a6, 0x13

	/* 14: a store, then a load that faults: the load traps (cause 5) */
	CHECK 14
	li a1, 0x14141414
	li a2, RV_NOWHERE
	li a4, 3
	TRAP_ARM
	sw a1, 64(a0)
.Lld14:
	lw a4, 0(a2)
	EXPECT_TRAP SOC_EXC_LOAD_FAULT, .Lld14
	EXPECT a4, 3
	lw a5, 64(a0)
	EXPECT a5, 0x14141414

	/* ---- wfi, fence, ecall right after a store ---- */
	/* 21: MSIP set by a store right before wfi (mie: MSI, MIE = 0): wfi
	 * wakes (the store is done) and goes on, no trap */
	CHECK 21
	TRAP_ARM
	csrwi mie, MIP_MSIP
	li a1, SOC_TIMER_BASE
	li a2, 1
	csrr a3, mcycle
	sw a2, SOC_TIMER_MSIP(a1)
	wfi
	csrr a4, mcycle
	csrw mie, x0
	EXPECT_NO_TRAP
	sub a5, a4, a3
	EXPECT_RANGE a5, 1, 200
	sw x0, SOC_TIMER_MSIP(a1)
	WAIT_MIP_CLEAR MIP_MSIP, 64

	/* 22: a RAM store, then wfi with an interrupt pending: the store is
	 * done when execution goes on */
	CHECK 22
	TRAP_ARM
	MSIP_WRITE 1
	WAIT_MIP MIP_MSIP, 64
	csrwi mie, MIP_MSIP
	li a1, 0x22222222
	sw a1, 68(a0)
	wfi
	lw a4, 68(a0)
	csrw mie, x0
	EXPECT a4, 0x22222222
	MSIP_WRITE 0
	WAIT_MIP_CLEAR MIP_MSIP, 64

	/* 23: store; fence; load; store; ecall (the handler sees mepc = the
	 * ecall); the stores are done */
	CHECK 23
	li a1, 0x23232323
	TRAP_ARM
	sw a1, 72(a0)
	fence
	lw a4, 72(a0)
	sw a4, 76(a0)
.Lec23:
	ecall
	EXPECT_TRAP SOC_EXC_ECALL_M, .Lec23
	lw a5, 76(a0)
	EXPECT a4, 0x23232323
	EXPECT a5, 0x23232323

	/* ---- interrupts among stores ---- */
	/* 31: 32 x (addi, sw) counting up in one word, the timer swept over
	 * it a cycle later each run.  The handler (below) reads the word:
	 * every store before mepc must be seen and none after it, so the word
	 * holds the number of (addi, sw) pairs done before mepc:
	 * (mepc - .Lseq31) / 8, rounded down.  One interrupt per run, the
	 * final count 32. */
	CHECK 31
	LA_ABS t0, sb_irq_handler
	csrw mtvec, t0
	li a1, MIP_MTIP
	csrw mie, a1
	li s0, 0
.Lrun31:
	TRAP_ARM
	LA_ABS a1, sbuf + 80
	sw x0, 0(a1)
	addi s1, s0, D
	TIMER_IN_REG s1
	li a0, 0
	csrsi mstatus, MSTATUS_MIE
.Lseq31:
	.rept 32
	addi a0, a0, 1
	sw a0, 0(a1)
	.endr
.Lend31:
	.rept 40			/* room for a late interrupt */
	nop
	.endr
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MTI_CAUSE
	EXPECT_SYM_RANGE TR_EPC, .Lseq31, .Lend31
	LA_ABS t0, .Lseq31
	sub t0, TR_EPC, t0
	srli t0, t0, 3
	EXPECT_REG TR_TVAL, t0
	lw a4, 0(a1)
	EXPECT a4, 32
	EXPECT a0, 32
	addi s0, s0, 1
	li t0, SWEEP
	blt s0, t0, .Lrun31

	/* 32: the same with the stores to a device register (MBOX) and a
	 * load of it after each store (the load sees its store) */
	CHECK 32
	li s0, 0
.Lrun32:
	TRAP_ARM
	li a1, MBOX
	sw x0, 0(a1)
	addi s1, s0, D
	TIMER_IN_REG s1
	li a0, 0
	csrsi mstatus, MSTATUS_MIE
.Lseq32:
	.rept 16
	addi a0, a0, 1
	sw a0, 0(a1)
	lw a0, 0(a1)
	nop
	.endr
.Lend32:
	.rept 60
	nop
	.endr
	csrci mstatus, MSTATUS_MIE
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, MTI_CAUSE
	EXPECT_SYM_RANGE TR_EPC, .Lseq32, .Lend32
	/* (mepc - .Lseq32) / 16 groups done, + 1 if mepc is past a group's sw */
	LA_ABS t0, .Lseq32
	sub t0, TR_EPC, t0
	srli t1, t0, 4
	andi t0, t0, 15
	sltiu t0, t0, 8			/* at its addi or sw: the group's store not done */
	xori t0, t0, 1
	add t1, t1, t0
	EXPECT_REG TR_TVAL, t1
	lw a4, 0(a1)
	EXPECT a4, 16
	EXPECT a0, 16
	addi s0, s0, 1
	li t0, SWEEP
	blt s0, t0, .Lrun32

	csrw mie, x0
	TIMER_OFF
	RVTEST_END

	/* The interrupt handler of checks 31, 32: records mcause, mepc, the
	 * word at a1 (as the handler's load sees it) in TR_TVAL; silences the
	 * timer; returns to mepc */
	.align 2
sb_irq_handler:
	lw TR_TVAL, 0(a1)
	csrr TR_CAUSE, mcause
	csrr TR_EPC, mepc
	addi TR_COUNT, TR_COUNT, 1
	bgez TR_CAUSE, rv_unexpected
	li TR_TMP, SOC_TIMER_BASE
	li TR_TMP2, -1
	sw TR_TMP2, SOC_TIMER_MTIMECMP_HI(TR_TMP)
	sw TR_TMP2, SOC_TIMER_MTIMECMP_LO(TR_TMP)
	li TR_TMP2, 256
.Lsb_poll:
	csrr TR_TMP, mip
	andi TR_TMP, TR_TMP, MIP_MTIP
	beqz TR_TMP, .Lsb_ret
	addi TR_TMP2, TR_TMP2, -1
	bnez TR_TMP2, .Lsb_poll
	j rv_fail
.Lsb_ret:
	mret

	.data
	.align 4
sbuf:
	.fill 32, 4, 0

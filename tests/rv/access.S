/* access.S: access faults: loads, stores and fetches where no device answers.
 *
 * A load raises mcause 5, a store mcause 7, with mtval = the address and
 * mepc = the instruction; the load's rd is not written.  A fetch raises
 * mcause 1 with mtval = mepc = the address fetched; the jump that went
 * there completed normally (its rd holds the link).  Every address used
 * below is outside all the device windows of docs/memory-map.md (RAM ends
 * at 0x20000; nothing sits between the timer's window and the syscon's).
 */
#include "rvtest.h"

#define SENTINEL 0x5a5a5a5a
#define RAM_END (SOC_RAM_BASE + SOC_RAM_SIZE)
#define TIMER_END (SOC_TIMER_BASE + SOC_TIMER_SIZE)

#if TIMER_END == SOC_SYSCON_BASE || TIMER_END == SOC_UART_BASE
#error "access.S: a device now sits right after the timer: pick another hole"
#endif

	/* op a0, off(a1) with a1 + off = addr faults (cause 5) */
	.macro T_LD_FAULT n, op, addr, off
	CHECK \n
	li a1, (\addr) - (\off)
	li a0, SENTINEL
	TRAP_ARM
.Lt\@:
	\op a0, \off(a1)
	EXPECT_TRAP SOC_EXC_LOAD_FAULT, .Lt\@
	EXPECT TR_TVAL, \addr
	EXPECT a0, SENTINEL
	.endm

	/* op a2, off(a1) with a1 + off = addr faults (cause 7) */
	.macro T_ST_FAULT n, op, addr, off
	CHECK \n
	li a1, (\addr) - (\off)
	li a2, SENTINEL
	TRAP_ARM
.Lt\@:
	\op a2, \off(a1)
	EXPECT_TRAP SOC_EXC_STORE_FAULT, .Lt\@
	EXPECT TR_TVAL, \addr
	.endm

	/* jalr ra, 0(addr) completes, then the fetch at addr faults (cause 1) */
	.macro T_FETCH_FAULT n, addr
	CHECK \n
	li a1, \addr
	li ra, SENTINEL
	TRAP_ARM
	LA_ABS TR_RESUME, .Lback\@
	jalr ra, 0(a1)
.Lret\@:
	j rv_fail
.Lback\@:
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, SOC_EXC_INSN_FAULT
	EXPECT TR_EPC, \addr
	EXPECT TR_TVAL, \addr
	EXPECT_SYM ra, .Lret\@
	.endm

	RVTEST_BEGIN
	TRAP_RECORD

	/* ---- loads ---- */
	T_LD_FAULT 1, lw, RV_NOWHERE, 0
	T_LD_FAULT 2, lh, RV_NOWHERE + 2, 0
	T_LD_FAULT 3, lhu, RV_NOWHERE + 6, 0
	T_LD_FAULT 4, lb, RV_NOWHERE + 3, 0
	T_LD_FAULT 5, lbu, RV_NOWHERE + 1, 0
	T_LD_FAULT 6, lw, RV_NOWHERE + 8, 8		/* mtval: the sum, not rs1 */
	T_LD_FAULT 7, lw, RV_NOWHERE + 0x100, -4
	T_LD_FAULT 8, lw, RAM_END, 0			/* the first word past RAM */
	T_LD_FAULT 9, lbu, RAM_END, -2048
	T_LD_FAULT 10, lw, 0xfffffffc, 0		/* the top of the address space */
	T_LD_FAULT 11, lw, TIMER_END, 0			/* just past the timer */
	T_LD_FAULT 12, lw, 0x80000000, 0

	/* 13: rd == rs1 is not overwritten */
	CHECK 13
	li a1, RV_NOWHERE
	TRAP_ARM
.Lt13:
	lw a1, 0(a1)
	EXPECT_TRAP 5, .Lt13
	EXPECT a1, RV_NOWHERE

	/* 14: the last word and byte of RAM do not fault */
	CHECK 14
	li a1, RAM_END - 4
	li a2, 0x0fedcba9
	TRAP_ARM
	sw a2, 0(a1)
	lw a0, 0(a1)
	lbu a3, 3(a1)
	EXPECT_NO_TRAP
	EXPECT a0, 0x0fedcba9
	EXPECT a3, 0x0f

	/* ---- stores ---- */
	T_ST_FAULT 21, sw, RV_NOWHERE, 0
	T_ST_FAULT 22, sh, RV_NOWHERE + 2, 0
	T_ST_FAULT 23, sb, RV_NOWHERE + 3, 0
	T_ST_FAULT 24, sw, RV_NOWHERE + 4, 4
	T_ST_FAULT 25, sw, RAM_END, 0
	T_ST_FAULT 26, sb, RAM_END + 1, 1
	T_ST_FAULT 27, sw, 0xfffffffc, 0
	T_ST_FAULT 28, sw, TIMER_END, 0

	/* 29: a faulting store writes nothing into RAM either (a store past
	 * RAM's end must not wrap around to address 0 + offset) */
	CHECK 29
	li a1, 0x77777777
	sw a1, 8(x0)			/* 8: rv_reset's first word, never run again */
	lw a3, 8(x0)
	li a2, 0x12121212
	li a1, RAM_END
	TRAP_ARM
	sw a2, 8(a1)
	EXPECT TR_COUNT, 1
	lw a0, 8(x0)
	EXPECT a0, 0x77777777
	EXPECT a3, 0x77777777

	/* ---- fetches ---- */
	T_FETCH_FAULT 31, RV_NOWHERE
	T_FETCH_FAULT 32, RAM_END
	T_FETCH_FAULT 33, 0xfffffffc

	/* 35: a jump without a link (jalr x0) into the void */
	CHECK 35
	TRAP_ARM
	LA_ABS TR_RESUME, .Lback35
	li a1, RV_NOWHERE
	jalr x0, 0(a1)
	j rv_fail
.Lback35:
	EXPECT TR_COUNT, 1
	EXPECT TR_CAUSE, 1
	EXPECT TR_TVAL, RV_NOWHERE

	RVTEST_END

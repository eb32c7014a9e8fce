/* counters.S: minstret/minstreth, mcycle/mcycleh and their read-only
 * aliases instret, cycle, time (and the h halves).
 *
 * minstret counts retired instructions.  A CSR instruction reading it sees
 * the count before itself; a value written to it is what the next
 * instruction reads (unprivileged ISA, Zicsr: "the write is done instead
 * of the increment").  So between two reads k instructions apart the
 * difference is k: the first read plus the k - 1 between.  An instruction
 * that traps does not retire, nor do ecall and ebreak; the handler's
 * instructions (mret included) do.  mcycle counts every clock.  Counted
 * stretches below are written without pseudo-instructions that could
 * expand to more than one instruction.
 */
#include "rvtest.h"

	/* mtvec for 21..: exactly 4 instructions, back to mepc + 4 */
	.macro SKIP_HANDLER
	LA_ABS t0, .Lskip4
	csrw mtvec, t0
	.endm

	RVTEST_BEGIN
	csrw mie, x0
	csrw mstatus, x0

	/* ---- minstret: exact counts ---- */
	/* 1: two reads in a row differ by 1 */
	CHECK 1
	csrr a0, minstret
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 1

	/* 2: 10 nops between: 11 */
	CHECK 2
	csrr a0, minstret
	.rept 10
	nop
	.endr
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 11

	/* 3: a mix: 1 (csrr) + 1 (addi) + 5 * 2 (the loop: addi, bnez; 4 taken,
	 * 1 not) + 2 (lui, addi) + 1 (lw) + 1 (sw) + 1 (mul) + 1 (div)
	 * + 1 (jal; the nop it skips does not count) + 1 (jalr) = 20 */
	CHECK 3
	csrr a0, minstret		/* 1 */
	addi t0, x0, 5			/* 1 */
1:	addi t0, t0, -1			/* 5 */
	bne t0, x0, 1b			/* 5 */
	lui a2, %hi(cdata)		/* 1 */
	addi a2, a2, %lo(cdata)		/* 1 */
	lw t1, 0(a2)			/* 1 */
	sw t1, 4(a2)			/* 1 */
	mul t2, t1, t1			/* 1 */
	div t3, t1, t0			/* 1 (by zero) */
	jal t4, 2f			/* 1 */
	nop				/* skipped */
2:	jalr x0, 8(t4)			/* 1: t4 = the nop; to the csrr below */
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 20

	/* 4: a branch not taken and one taken: 1 + 1 + 1 (+ skipped nop) = 3 */
	CHECK 4
	csrr a0, minstret		/* 1 */
	beq x0, sp, 1f			/* 1: not taken (sp != 0) */
	bne x0, sp, 1f			/* 1: taken */
	nop
1:	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 3

	/* ---- minstret: writes ---- */
	/* 11: the value written is what the next instruction reads */
	CHECK 11
	li a1, 1000
	csrw minstret, a1
	csrr a0, minstret
	EXPECT a0, 1000

	/* 12: ... and counting goes on from it: 1000 + 1 (csrw's successor
	 * nop) + 1 = 1002 */
	CHECK 12
	li a1, 1000
	csrw minstret, a1
	nop
	nop
	csrr a0, minstret
	EXPECT a0, 1002

	/* 13: two reads after a write: v, v + 1 */
	CHECK 13
	li a1, 0x7ffffff0
	csrw minstret, a1
	csrr a0, minstret
	csrr a2, minstret
	EXPECT a0, 0x7ffffff0
	EXPECT a2, 0x7ffffff1

	/* 14: minstreth reads back, and instreth is the same */
	CHECK 14
	li a1, 100
	csrw minstret, a1
	li a1, 7
	csrw minstreth, a1
	csrr a0, minstreth
	EXPECT a0, 7
	csrr a0, instreth
	EXPECT a0, 7

	/* 15: the low word carries into minstreth */
	CHECK 15
	li a1, 0xffffffe0
	li a2, 7
	csrw minstret, a1
	csrw minstreth, a2
	.rept 40
	nop
	.endr
	csrr a3, minstreth
	csrr a4, minstret
	EXPECT a3, 8
	EXPECT_RANGE a4, 8, 16
	csrw minstreth, x0

	/* 16: instret reads minstret: one apart */
	CHECK 16
	csrr a0, minstret
	csrr a1, instret
	sub a2, a1, a0
	EXPECT a2, 1

	/* 17: the carry at the wrap itself: written 0xffffffff, minstret is
	 * that for the next instruction, which reads minstreth 9; it retires
	 * (the count wraps to 10:0), so the next read sees 10, and the one
	 * after it minstret 1 */
	CHECK 17
	li a1, 9
	csrw minstreth, a1
	li a1, -1
	csrw minstret, a1
	csrr a0, minstreth
	csrr a2, minstreth
	csrr a3, minstret
	EXPECT a0, 9
	EXPECT a2, 10
	EXPECT a3, 1

	/* 18: csrrs on minstreth just past a wrap: the old value (0x11) out,
	 * 0x100 set in it; the csrrs is not counted (its write instead), the
	 * csrr after it is: minstret 1 */
	CHECK 18
	li a1, 0x10
	csrw minstreth, a1
	li a2, 0x100
	li a1, -1
	csrw minstret, a1
	nop				/* retires: 0x11:0 */
	csrrs a0, minstreth, a2
	csrr a3, minstreth
	csrr a4, minstret
	EXPECT a0, 0x11
	EXPECT a3, 0x111
	EXPECT a4, 1
	csrw minstreth, x0

	/* ---- what does not retire ---- */
	/* 21: ecall does not: 1 (csrr) + 0 (ecall) + 4 (the handler, its mret
	 * included) = 5 */
	CHECK 21
	SKIP_HANDLER
	csrr a0, minstret
	ecall
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 5

	/* 22: ebreak: 5 */
	CHECK 22
	csrr a0, minstret
	ebreak
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 5

	/* 23: an illegal instruction: 5 */
	CHECK 23
	csrr a0, minstret
	.word 0
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 5

	/* 24: a misaligned load: 1 + 1 (addi) + 0 + 4 = 6 */
	CHECK 24
	csrr a0, minstret
	addi a3, x0, 2
	lw a4, 0(a3)
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 6

	/* 25: a load access fault: 1 + 1 (lui) + 0 + 4 = 6 */
	CHECK 25
	csrr a0, minstret
	lui a3, %hi(RV_NOWHERE)
	lw a4, 0(a3)
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 6

	/* 26: a misaligned jump: it does not retire, 1 + 1 (auipc) + 0 + 4 = 6 */
	CHECK 26
	csrr a0, minstret
	auipc a3, 0
	jalr x0, 2(a3)			/* to the auipc + 2 */
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 6
	TRAP_DEFAULT

	/* ---- mcycle ---- */
	/* 31: it counts up: 11 instructions take at least 11 cycles */
	CHECK 31
	csrr a0, mcycle
	.rept 10
	nop
	.endr
	csrr a1, mcycle
	sub a2, a1, a0
	EXPECT_RANGE a2, 11, 1000

	/* 32: writable: counts on from the value written */
	CHECK 32
	csrw mcycle, x0
	csrr a0, mcycle
	EXPECT_RANGE a0, 0, 32
	li a1, 0x10000
	csrw mcycle, a1
	csrr a0, mcycle
	EXPECT_RANGE a0, 0x10000, 0x10000 + 32

	/* 33: mcycleh reads back; cycleh is the same */
	CHECK 33
	csrw mcycle, x0
	li a1, 3
	csrw mcycleh, a1
	csrr a0, mcycleh
	EXPECT a0, 3
	csrr a0, cycleh
	EXPECT a0, 3

	/* 34: the low word carries into mcycleh */
	CHECK 34
	csrw mcycle, x0
	csrw mcycleh, x0
	li a1, 0xffffff00
	csrw mcycle, a1
	li a3, 200
1:	addi a3, a3, -1
	bnez a3, 1b			/* 400 instructions: more than 256 cycles */
	csrr a0, mcycleh
	EXPECT a0, 1
	csrr a0, cycleh
	EXPECT a0, 1
	csrw mcycleh, x0

	/* 35: cycle reads mcycle, a few cycles later */
	CHECK 35
	csrr a0, mcycle
	csrr a1, cycle
	sub a2, a1, a0
	EXPECT_RANGE a2, 1, 32

	/* 36: mcycle and MTIME both count clocks: over a loop they advance
	 * alike */
	CHECK 36
	li a5, SOC_TIMER_BASE
	lw t0, SOC_TIMER_MTIME_LO(a5)
	csrr t1, mcycle
	li a3, 200
1:	addi a3, a3, -1
	bnez a3, 1b
	lw t2, SOC_TIMER_MTIME_LO(a5)
	csrr t3, mcycle
	sub a0, t2, t0			/* MTIME's advance */
	sub a1, t3, t1			/* mcycle's advance */
	EXPECT_RANGE a0, 400, 100000
	sub a2, a0, a1
	addi a2, a2, 16
	EXPECT_RANGE a2, 0, 32		/* equal, give or take 16 */

	/* 37: time and timeh read MTIME */
	CHECK 37
	li a5, SOC_TIMER_BASE
	lw a0, SOC_TIMER_MTIME_LO(a5)
	csrr a1, time
	sub a2, a1, a0
	addi a2, a2, 8
	EXPECT_RANGE a2, 0, 72
	lw a0, SOC_TIMER_MTIME_HI(a5)
	csrr a1, timeh
	EXPECT_REG a0, a1

	/* 38: minstret does not count cycles: a divide, a few cycles or
	 * more, is one instruction */
	CHECK 38
	li a3, 0x7fffffff
	li a4, 3
	csrr a0, minstret
	divu a5, a3, a4
	csrr a1, minstret
	sub a2, a1, a0
	EXPECT a2, 2

	/* 39: reads around the wrap of mcycle: mcycleh = 5, mcycle written
	 * 0xffffffd0 + k for k = 0..47, then mcycleh (h1), mcycle (l), csrrs
	 * mcycleh with 0x100 (h2, the old value) and mcycleh (h3).  One 64-bit
	 * count going up: h1 <= h2, both 5 or 6; l read past the wrap (below
	 * 2^31) means h2 = 6, before it (2^31 and up) h1 = 5; h3 is h2 | 0x100,
	 * or 1 more when the wrap came after the csrrs (only if h2 = 5).  t4
	 * counts the k with h1 = 5 and h2 = 6 (the wrap between the reads): it
	 * must happen */
	CHECK 39
	li a6, 0x100
	li a5, 0
	li t4, 0
1:	li a1, 5
	csrw mcycleh, a1
	li a1, 0xffffffd0
	add a1, a1, a5
	csrw mcycle, a1
	csrr a0, mcycleh
	csrr a2, mcycle
	csrrs a3, mcycleh, a6
	csrr a4, mcycleh
	EXPECT_RANGE a0, 5, 6
	EXPECT_RANGE a3, 5, 6
	bgeu a3, a0, 2f
	j rv_fail			/* h2 < h1 */
2:	bltz a2, 3f
	EXPECT a3, 6			/* l past the wrap */
	j 4f
3:	EXPECT a0, 5			/* l before it */
4:	or a1, a3, a6
	sub a1, a4, a1
	EXPECT_RANGE a1, 0, 1
	addi a1, a3, -6
	bnez a1, 5f
	EXPECT a4, 0x106		/* h2 = 6: no wrap after it */
	addi a1, a0, -6
	beqz a1, 5f
	addi t4, t4, 1			/* h1 = 5, h2 = 6 */
5:	addi a5, a5, 1
	li a1, 48
	bltu a5, a1, 1b
	EXPECT_RANGE t4, 1, 48
	csrw mcycleh, x0

	/* 40: minstret counting across multiples of 256 (no wrap of the low
	 * word): written v, the reads after it see v, v + 1, ...; minstreth
	 * stays 5 */
	CHECK 40
	li a1, 5
	csrw minstreth, a1
	li a1, 0x123fe
	csrw minstret, a1
	csrr a0, minstret
	csrr a2, minstret
	csrr a3, minstret
	csrr a4, minstret
	EXPECT a0, 0x123fe
	EXPECT a2, 0x123ff
	EXPECT a3, 0x12400
	EXPECT a4, 0x12401
	li a1, 0xfffe
	csrw minstret, a1
	csrr a0, minstret
	csrr a2, minstret
	csrr a3, minstret
	csrr a4, minstreth
	EXPECT a0, 0xfffe
	EXPECT a2, 0xffff
	EXPECT a3, 0x10000
	EXPECT a4, 5
	/* 41: csrrs on minstret at bit 8's carry: the old value out, bit 20
	 * set in it (its write instead of the count), then counting from it */
	CHECK 41
	li a1, 0x3ff
	li a2, 0x100000
	csrw minstret, a1
	csrrs a0, minstret, a2
	csrr a3, minstret
	csrr a4, minstreth
	EXPECT a0, 0x3ff
	EXPECT a3, 0x1003ff
	EXPECT a4, 5
	csrw minstreth, x0

	RVTEST_END

	.text
	.align 2
.Lskip4:				/* 4 instructions */
	csrr TR_TMP, mepc
	addi TR_TMP, TR_TMP, 4
	csrw mepc, TR_TMP
	mret

	.data
	.align 2
cdata:	.word 0x00000003, 0

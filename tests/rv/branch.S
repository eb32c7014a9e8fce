/* branch.S: beq bne blt bge bltu bgeu.
 *
 * Every case runs the branch both forward and backward.  A taken branch
 * must not execute the instruction after it (a3 counts those); a branch not
 * taken falls through.  blt/bge compare signed, bltu/bgeu unsigned.
 */
#include "rvtest.h"

	/* The branch "op r1, r2" is taken, both directions. */
	.macro BRX_T op, r1, r2
	li a3, 0
	\op \r1, \r2, .Lf\@		/* forward */
	addi a3, a3, 1
	j rv_fail
.Lb\@:
	j .Le\@
	j rv_fail
.Lf\@:
	\op \r1, \r2, .Lb\@		/* backward */
	addi a3, a3, 1
	j rv_fail
.Le\@:
	EXPECT a3, 0
	.endm

	/* The branch "op r1, r2" is not taken, both directions. */
	.macro BRX_N op, r1, r2
	li a3, 0
	j .Lf\@
.Lb\@:
	j rv_fail
.Lf\@:
	\op \r1, \r2, .Lb\@		/* backward */
	addi a3, a3, 1
	\op \r1, \r2, .Lx\@		/* forward */
	addi a3, a3, 1
	j .Le\@
.Lx\@:
	j rv_fail
.Le\@:
	EXPECT a3, 2
	.endm

	/* with a1 = a, a2 = b; the branch reads them right after they are made */
	.macro BR_T n, op, a, b
	CHECK \n
	li a1, \a
	li a2, \b
	BRX_T \op, a1, a2
	EXPECT a1, \a
	EXPECT a2, \b
	.endm

	.macro BR_N n, op, a, b
	CHECK \n
	li a1, \a
	li a2, \b
	BRX_N \op, a1, a2
	EXPECT a1, \a
	EXPECT a2, \b
	.endm

	RVTEST_BEGIN

	/* ---- beq ---- */
	BR_T 1, beq, 0x00000000, 0x00000000
	BR_T 2, beq, 0x00000001, 0x00000001
	BR_T 3, beq, 0xffffffff, 0xffffffff
	BR_T 4, beq, 0x80000000, 0x80000000
	BR_N 5, beq, 0x00000000, 0x00000001
	BR_N 6, beq, 0x00000001, 0x00000000
	BR_N 7, beq, 0xffffffff, 0x00000001
	BR_N 8, beq, 0x80000000, 0x00000000
	BR_N 9, beq, 0x00000001, 0x80000001	/* equal low bits, differ in bit 31 */

	/* ---- bne ---- */
	BR_N 11, bne, 0x00000000, 0x00000000
	BR_N 12, bne, 0x00000001, 0x00000001
	BR_N 13, bne, 0xffffffff, 0xffffffff
	BR_N 14, bne, 0x80000000, 0x80000000
	BR_T 15, bne, 0x00000000, 0x00000001
	BR_T 16, bne, 0x00000001, 0x00000000
	BR_T 17, bne, 0xffffffff, 0x00000001
	BR_T 18, bne, 0x80000000, 0x00000000
	BR_T 19, bne, 0x00000001, 0x80000001

	/* ---- blt (signed) ---- */
	BR_T 21, blt, 0x00000000, 0x00000001
	BR_T 22, blt, 0xffffffff, 0x00000001
	BR_T 23, blt, 0xfffffffe, 0xffffffff
	BR_T 24, blt, 0x80000000, 0x7fffffff
	BR_T 25, blt, 0x80000000, 0x00000000
	BR_N 26, blt, 0x00000001, 0x00000000
	BR_N 27, blt, 0x00000001, 0xffffffff
	BR_N 28, blt, 0xffffffff, 0xfffffffe
	BR_N 29, blt, 0x00000000, 0x00000000
	BR_N 30, blt, 0x7fffffff, 0x80000000
	BR_N 31, blt, 0xffffffff, 0xffffffff

	/* ---- bge (signed) ---- */
	BR_T 41, bge, 0x00000000, 0x00000000
	BR_T 42, bge, 0x00000001, 0x00000000
	BR_T 43, bge, 0x00000001, 0xffffffff
	BR_T 44, bge, 0xffffffff, 0xfffffffe
	BR_T 45, bge, 0x7fffffff, 0x80000000
	BR_T 46, bge, 0xffffffff, 0xffffffff
	BR_T 47, bge, 0x80000000, 0x80000000
	BR_N 48, bge, 0x00000000, 0x00000001
	BR_N 49, bge, 0xffffffff, 0x00000001
	BR_N 50, bge, 0xfffffffe, 0xffffffff
	BR_N 51, bge, 0x80000000, 0x7fffffff

	/* ---- bltu (unsigned) ---- */
	BR_T 61, bltu, 0x00000000, 0x00000001
	BR_T 62, bltu, 0xfffffffe, 0xffffffff
	BR_T 63, bltu, 0x00000000, 0xffffffff
	BR_T 64, bltu, 0x7fffffff, 0x80000000
	BR_N 65, bltu, 0x00000001, 0x00000000
	BR_N 66, bltu, 0xffffffff, 0xfffffffe
	BR_N 67, bltu, 0xffffffff, 0x00000000
	BR_N 68, bltu, 0x80000000, 0x7fffffff
	BR_N 69, bltu, 0x00000000, 0x00000000
	BR_N 70, bltu, 0xffffffff, 0xffffffff

	/* ---- bgeu (unsigned) ---- */
	BR_T 81, bgeu, 0x00000000, 0x00000000
	BR_T 82, bgeu, 0x00000001, 0x00000000
	BR_T 83, bgeu, 0xffffffff, 0xfffffffe
	BR_T 84, bgeu, 0xffffffff, 0x00000000
	BR_T 85, bgeu, 0x80000000, 0x7fffffff
	BR_T 86, bgeu, 0xffffffff, 0xffffffff
	BR_N 87, bgeu, 0x00000000, 0x00000001
	BR_N 88, bgeu, 0xfffffffe, 0xffffffff
	BR_N 89, bgeu, 0x00000000, 0xffffffff
	BR_N 90, bgeu, 0x7fffffff, 0x80000000

	/* ---- x0 and rs1 == rs2 as operands ---- */
	CHECK 101
	BRX_T beq, x0, x0
	CHECK 102
	BRX_N bne, x0, x0
	CHECK 103
	li a1, 0
	BRX_T beq, a1, x0
	CHECK 104
	li a1, 1
	BRX_T blt, x0, a1		/* 0 < 1 */
	CHECK 105
	li a1, -1
	BRX_N blt, x0, a1		/* 0 < -1 is false */
	CHECK 106
	li a1, -1
	BRX_N bltu, a1, x0		/* nothing is below 0 unsigned */
	CHECK 107
	BRX_T bgeu, x0, x0
	CHECK 108
	li a1, -1
	BRX_T bge, x0, a1		/* 0 >= -1 */
	CHECK 109
	li a1, 0x80000000
	BRX_T beq, a1, a1
	CHECK 110
	li a1, 0x80000000
	BRX_N blt, a1, a1
	CHECK 111
	li a1, 0x80000000
	BRX_T bge, a1, a1
	CHECK 112
	li a1, 0x80000000
	BRX_N bltu, a1, a1
	CHECK 113
	li a1, 0x80000000
	BRX_T bgeu, a1, a1
	CHECK 114
	li a1, 0x80000000
	BRX_N bne, a1, a1

	/* ---- loops ---- */
	/* 121: bne counting down from 10, summing 10 + 9 + ... + 1 = 55 */
	CHECK 121
	li a0, 0
	li a1, 10
1:	add a0, a0, a1
	addi a1, a1, -1
	bne a1, x0, 1b
	EXPECT a0, 55
	EXPECT a1, 0

	/* 122: blt counting up from -5 to 5: 10 iterations */
	CHECK 122
	li a0, 0
	li a1, -5
	li a2, 5
1:	addi a0, a0, 1
	addi a1, a1, 1
	blt a1, a2, 1b
	EXPECT a0, 10

	/* 123: bltu across the sign boundary 0x7ffffffd .. 0x80000002: 5 iterations */
	CHECK 123
	li a0, 0
	li a1, 0x7ffffffd
	li a2, 0x80000002
1:	addi a0, a0, 1
	addi a1, a1, 1
	bltu a1, a2, 1b
	EXPECT a0, 5

	/* 124: bge on a signed count down through zero: 3, 2, 1, 0 then -1 stops */
	CHECK 124
	li a0, 0
	li a1, 3
1:	addi a0, a0, 1
	addi a1, a1, -1
	bge a1, x0, 1b
	EXPECT a0, 4
	EXPECT a1, 0xffffffff

	/* ---- the farthest branches: +4092 and -4096 bytes ---- */
	/* 131: forward by 4092 */
	CHECK 131
	li a3, 0
.Lfar_fwd_from:
	.word 0x7e000ee3		/* beq x0, x0, .+4092, hand-encoded: the assembler would
				   relax a branch this far into bne + j */
	.fill 1022, 4, 0		/* illegal instructions: landing here traps */
.Lfar_fwd_to:
	addi a3, a3, 1
	EXPECT a3, 1

	/* 132: backward by 4096 */
	CHECK 132
	li a3, 0
	j .Lfar_bwd_from
.Lfar_bwd_to:
	addi a3, a3, 1
	j .Lfar_bwd_done
	.fill 1022, 4, 0		/* illegal instructions: landing here traps */
.Lfar_bwd_from:
	bge a3, x0, .Lfar_bwd_to	/* taken: a3 is 0 */
	j rv_fail
.Lfar_bwd_done:
	EXPECT a3, 1

	RVTEST_END

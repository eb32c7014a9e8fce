/* jump.S: jal and jalr.
 *
 * jal rd, off: rd = pc + 4, pc += off.  jalr rd, off(rs1): the target is
 * (rs1 + off) with bit 0 cleared, computed from rs1 before rd is written
 * (so rd == rs1 works), rd = pc + 4.  Link values are checked against the
 * labels' absolute addresses (EXPECT_SYM).  The instruction after a jump
 * must never execute: a3 counts those.
 */
#include "rvtest.h"

	RVTEST_BEGIN

	/* ---- jal ---- */
	/* 1: forward, link in ra */
	CHECK 1
	li a3, 0
	li ra, 0
	jal ra, .Lt1
.Lr1:
	addi a3, a3, 1
	j rv_fail
.Lt1:
	EXPECT_SYM ra, .Lr1
	EXPECT a3, 0

	/* 2: link in another register (a0), ra untouched */
	CHECK 2
	li ra, 0x1234
	jal a0, .Lt2
.Lr2:
	j rv_fail
.Lt2:
	EXPECT_SYM a0, .Lr2
	EXPECT ra, 0x1234

	/* 3: jal x0 (j) links nothing */
	CHECK 3
	jal x0, .Lt3
	j rv_fail
.Lt3:
	add a0, x0, x0
	EXPECT a0, 0

	/* 4: backward */
	CHECK 4
	li a3, 0
	j .Lf4
.Lb4:
	EXPECT_SYM a1, .Lr4
	j .Le4
.Lf4:
	jal a1, .Lb4
.Lr4:
	addi a3, a3, 1
	j rv_fail
.Le4:
	EXPECT a3, 0

	/* 5: the link used by the first instruction at the target */
	CHECK 5
	jal a2, .Lt5
.Lr5:
	j rv_fail
.Lt5:
	addi a4, a2, 0
	EXPECT_SYM a4, .Lr5

	/* 6: a call and a return through jalr x0, 0(ra) */
	CHECK 6
	li a0, 5
	jal ra, .Lsub_double
.Lr6:
	EXPECT a0, 10
	EXPECT_SYM ra, .Lr6

	/* 7: nested calls, the outer link kept in t5 */
	CHECK 7
	li a0, 3
	jal ra, .Lsub_quad
.Lr7:
	EXPECT a0, 12
	EXPECT_SYM ra, .Lr7

	/* 8: far forward (+0x3008: offset bits 12 and 13) */
	CHECK 8
	li a3, 0
	jal a1, .Lfar8
.Lr8:
	addi a3, a3, 1
	j rv_fail
	.fill 0x3000 / 4, 4, 0		/* illegal instructions: landing here traps */
.Lfar8:
	EXPECT_SYM a1, .Lr8
	EXPECT a3, 0

	/* 9: far backward (-0x3008) */
	CHECK 9
	j .Lfrom9
.Lfar9:
	EXPECT_SYM a1, .Lr9
	j .Le9
	.fill 0x3000 / 4, 4, 0
.Lfrom9:
	jal a1, .Lfar9
.Lr9:
	j rv_fail
.Le9:

	/* ---- jalr ---- */
	/* 11: jalr ra, 0(a1) */
	CHECK 11
	li a3, 0
	LA_ABS a1, .Lt11
	jalr ra, 0(a1)
.Lr11:
	addi a3, a3, 1
	j rv_fail
.Lt11:
	EXPECT_SYM ra, .Lr11
	EXPECT_SYM a1, .Lt11
	EXPECT a3, 0

	/* 12: positive offset */
	CHECK 12
	LA_ABS a1, .Lt12 - 8
	jalr ra, 8(a1)
.Lr12:
	j rv_fail
.Lt12:
	EXPECT_SYM ra, .Lr12

	/* 13: negative offset */
	CHECK 13
	LA_ABS a1, .Lt13 + 12
	jalr ra, -12(a1)
.Lr13:
	j rv_fail
.Lt13:
	EXPECT_SYM ra, .Lr13

	/* 14: odd offset: bit 0 of the sum is cleared */
	CHECK 14
	LA_ABS a1, .Lt14
	jalr ra, 1(a1)
.Lr14:
	j rv_fail
.Lt14:
	EXPECT_SYM ra, .Lr14

	/* 15: odd rs1 */
	CHECK 15
	LA_ABS a1, .Lt15 + 1
	jalr ra, 0(a1)
.Lr15:
	j rv_fail
.Lt15:
	EXPECT_SYM ra, .Lr15

	/* 16: odd rs1 plus an even offset: target - 1 + 2 = target + 1 -> target */
	CHECK 16
	LA_ABS a1, .Lt16 - 1
	jalr ra, 2(a1)
.Lr16:
	j rv_fail
.Lt16:
	EXPECT_SYM ra, .Lr16

	/* 17: odd rs1 plus an odd offset: even, nothing to clear */
	CHECK 17
	LA_ABS a1, .Lt17 - 2047
	jalr ra, 2047(a1)
.Lr17:
	j rv_fail
.Lt17:
	EXPECT_SYM ra, .Lr17

	/* 18: most negative offset */
	CHECK 18
	LA_ABS a1, .Lt18 + 2048
	jalr ra, -2048(a1)
.Lr18:
	j rv_fail
.Lt18:
	EXPECT_SYM ra, .Lr18

	/* 19: largest offset, even rs1: target + 1 -> target */
	CHECK 19
	LA_ABS a1, .Lt19 - 2046
	jalr ra, 2047(a1)
.Lr19:
	j rv_fail
.Lt19:
	EXPECT_SYM ra, .Lr19

	/* 20: rd == rs1: the target comes from the old value */
	CHECK 20
	li a3, 0
	LA_ABS a1, .Lt20
	jalr a1, 0(a1)
.Lr20:
	addi a3, a3, 1
	j rv_fail
.Lt20:
	EXPECT_SYM a1, .Lr20
	EXPECT a3, 0

	/* 21: rd == rs1 with an offset */
	CHECK 21
	LA_ABS a1, .Lt21 - 16
	jalr a1, 16(a1)
.Lr21:
	j rv_fail
.Lt21:
	EXPECT_SYM a1, .Lr21

	/* 22: jalr x0 links nothing */
	CHECK 22
	LA_ABS a1, .Lt22
	jalr x0, 0(a1)
	j rv_fail
.Lt22:
	add a0, x0, x0
	EXPECT a0, 0
	EXPECT_SYM a1, .Lt22

	/* 23: backward */
	CHECK 23
	j .Lf23
.Lb23:
	EXPECT_SYM t0, .Lr23
	j .Le23
.Lf23:
	LA_ABS a1, .Lb23
	jalr t0, 0(a1)
.Lr23:
	j rv_fail
.Le23:

	/* 24: a jump table: the target loaded from memory, used at once */
	CHECK 24
	LA_ABS a1, .Ljtab
	lw a2, 4(a1)			/* .Lt24b */
	jalr ra, 0(a2)
.Lr24:
	j rv_fail
.Lt24a:
	j rv_fail
.Lt24b:
	EXPECT_SYM ra, .Lr24

	/* 25: jal then jalr through the link it just made (return at once) */
	CHECK 25
	li a3, 0
	jal ra, .Lsub_ret
.Lr25:
	addi a3, a3, 1
	EXPECT a3, 1
	EXPECT_SYM ra, .Lr25

	/* 26: jalr with rs1 other than a1, the source survives */
	CHECK 26
	LA_ABS a2, .Lt26
	mv a4, a2
	jalr ra, 0(a2)			/* to .Lt26, right below */
.Lr26:
	j rv_fail
.Lt26:
	EXPECT_SYM ra, .Lr26
	EXPECT_REG a2, a4

	j .Ldone

	/* a0 *= 2 */
.Lsub_double:
	add a0, a0, a0
	jalr x0, 0(ra)
	j rv_fail

	/* a0 *= 4, calling .Lsub_double twice */
.Lsub_quad:
	mv t5, ra
	jal ra, .Lsub_double
	jal ra, .Lsub_double
	mv ra, t5
	ret
	j rv_fail

.Lsub_ret:
	ret
	j rv_fail

	.data
	.align 2
.Ljtab:
	.word .Lt24a, .Lt24b
	.text

.Ldone:
	RVTEST_END

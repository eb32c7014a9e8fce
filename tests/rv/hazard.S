/* hazard.S: values used right after they are made, by every kind of
 * producer and consumer, and later writes winning over earlier ones.
 *
 * The ISA has no delay slots or load delays: each instruction sees the
 * results of all before it.  These sequences stress a pipeline's
 * forwarding, interlocks and write-back order; a single-cycle core passes
 * them trivially.
 */
#include "rvtest.h"

	RVTEST_BEGIN

	/* 1: ten dependent additions */
	CHECK 1
	li a0, 0
	.rept 10
	addi a0, a0, 3
	.endr
	EXPECT a0, 30

	/* 2: operands made 1, 2 and 3 instructions earlier */
	CHECK 2
	li t0, 100
	li t1, 20
	li t2, 3
	add a0, t0, t2			/* distances 3 and 1 */
	add a0, a0, t1			/* 1 and 3 */
	EXPECT a0, 123

	/* 3: a result used as both operands at once */
	CHECK 3
	li a1, 7
	add a0, a1, a1
	mul a0, a0, a0
	EXPECT a0, 196

	/* ---- loads ---- */
	/* 4: load -> store data -> load */
	CHECK 4
	LA_ABS a1, hbuf
	lw a2, 0(a1)
	sw a2, 8(a1)
	lw a0, 8(a1)
	EXPECT a0, 0x01234567

	/* 5: load -> store address */
	CHECK 5
	LA_ABS a1, hptr
	li a3, 0x7654321
	lw a2, 0(a1)			/* hbuf + 12 */
	sw a3, 0(a2)
	LA_ABS a4, hbuf
	lw a0, 12(a4)
	EXPECT a0, 0x7654321

	/* 6: load -> branch, both ways */
	CHECK 6
	LA_ABS a1, hbuf
	li a3, 0x01234567
	lw a2, 0(a1)
	bne a2, a3, 1f
	lw a2, 4(a1)
	beq a2, a3, 1f
	j 2f
1:	j rv_fail
2:

	/* 7: load -> jalr */
	CHECK 7
	LA_ABS a1, htab
	lw a2, 0(a1)
	jalr ra, 0(a2)
.Lr7:
	j rv_fail
.Lt7:
	EXPECT_SYM ra, .Lr7

	/* 8: load -> csrw, csrr -> add */
	CHECK 8
	LA_ABS a1, hbuf
	lw a2, 0(a1)
	csrw mscratch, a2
	csrr a3, mscratch
	addi a0, a3, 1
	EXPECT a0, 0x01234568

	/* 9: load -> mul, load -> div */
	CHECK 9
	LA_ABS a1, hbuf
	lw a2, 4(a1)			/* 0x00000010 */
	mul a0, a2, a2
	EXPECT a0, 0x100
	lw a2, 4(a1)
	divu a0, a0, a2
	EXPECT a0, 0x10

	/* 10: a byte load sign-extended and used at once */
	CHECK 10
	LA_ABS a1, hbuf
	lb a2, 16(a1)			/* 0x80 */
	addi a0, a2, 0x100
	EXPECT a0, 0x80

	/* ---- long-latency producers ---- */
	/* 11: mul -> mul -> add */
	CHECK 11
	li a1, 3
	mul a0, a1, a1
	mul a0, a0, a1
	add a0, a0, a1
	EXPECT a0, 30

	/* 12: div -> branch, div -> store data */
	CHECK 12
	li a1, 100
	li a2, 7
	divu a3, a1, a2
	li a4, 14
	bne a3, a4, rv_fail_h
	remu a3, a1, a2
	LA_ABS a5, hbuf
	sw a3, 20(a5)
	lw a0, 20(a5)
	EXPECT a0, 2

	/* 13: a later write wins: long-latency result overwritten at once */
	CHECK 13
	li a1, 100
	li a2, 7
	div a0, a1, a2
	addi a0, x0, 5
	EXPECT a0, 5
	mul a0, a1, a2
	addi a0, x0, 6
	EXPECT a0, 6
	LA_ABS a3, hbuf
	lw a0, 0(a3)
	addi a0, x0, 7
	EXPECT a0, 7
	csrr a0, mscratch
	addi a0, x0, 8
	EXPECT a0, 8

	/* 14: ... and the other way round */
	CHECK 14
	addi a0, x0, 5
	div a0, a1, a2
	EXPECT a0, 14
	addi a0, x0, 6
	lw a0, 0(a3)
	EXPECT a0, 0x01234567

	/* 15: two long results in a row into different registers, then both */
	CHECK 15
	div a4, a1, a2
	rem a5, a1, a2
	mul a0, a4, a2
	add a0, a0, a5
	EXPECT a0, 100

	/* ---- links and upper immediates ---- */
	/* 16: lui -> addi -> jalr; auipc -> jalr */
	CHECK 16
	lui a1, %hi(.Lt16)
	addi a1, a1, %lo(.Lt16)
	jalr ra, 0(a1)
	j rv_fail
.Lt16:
.Lpc16:
	auipc a2, 0
	jalr x0, 16(a2)
	j rv_fail
	j rv_fail
	EXPECT_SYM a2, .Lpc16

	/* 17: the link used at the target, and by a return at once */
	CHECK 17
	jal t0, .Lt17
.Lr17:
	j .Le17
.Lt17:
	addi a0, t0, 0
	EXPECT_SYM a0, .Lr17
	jalr x0, 0(t0)
	j rv_fail
.Le17:

	/* ---- x0 written by every kind of producer, read at once ---- */
	CHECK 21
	li a1, 0x12345
	addi x0, a1, 1
	add a0, x0, x0
	EXPECT a0, 0
	CHECK 22
	LA_ABS a1, hbuf
	lw x0, 0(a1)
	add a0, x0, x0
	EXPECT a0, 0
	CHECK 23
	li a1, 12345
	mul x0, a1, a1
	add a0, x0, x0
	EXPECT a0, 0
	CHECK 24
	li a2, 5
	div x0, a1, a2
	add a0, x0, x0
	EXPECT a0, 0
	CHECK 25
	li a1, -1
	csrw mscratch, a1
	csrrs x0, mscratch, x0
	add a0, x0, x0
	EXPECT a0, 0
	CHECK 26
	lui x0, 0xfffff
	add a0, x0, x0
	EXPECT a0, 0
	CHECK 27
	auipc x0, 0x1
	add a0, x0, x0
	EXPECT a0, 0
	CHECK 28
	jal x0, 1f
1:	add a0, x0, x0
	EXPECT a0, 0
	CHECK 29
	LA_ABS a1, 1f
	jalr x0, 0(a1)
1:	add a0, x0, x0
	EXPECT a0, 0

	/* ---- stores then loads ---- */
	/* 31: sb then lw of the word; sw then lb of a byte; sh then lhu */
	CHECK 31
	LA_ABS a1, hbuf
	li a2, 0
	sw a2, 24(a1)
	li a2, 0xab
	sb a2, 25(a1)
	lw a0, 24(a1)
	EXPECT a0, 0x0000ab00
	li a2, 0x8899aabb
	sw a2, 24(a1)
	lb a0, 27(a1)
	EXPECT a0, 0xffffff88
	li a2, 0x1234
	sh a2, 26(a1)
	lhu a0, 26(a1)
	EXPECT a0, 0x1234
	lw a0, 24(a1)
	EXPECT a0, 0x1234aabb

	/* 32: an address and data made just before the store */
	CHECK 32
	LA_ABS a1, hbuf
	addi a2, a1, 28
	addi a3, x0, 99
	sw a3, 0(a2)
	lw a0, 28(a1)
	EXPECT a0, 99

	/* ---- control flow back to back ---- */
	/* 41: a taken branch to a taken branch to a jal */
	CHECK 41
	li a3, 0
	beq x0, x0, 1f
	addi a3, a3, 1
1:	bne a3, x0, rv_fail_h
	beq a3, x0, 2f
	addi a3, a3, 1
2:	jal x0, 3f
	addi a3, a3, 1
3:	EXPECT a3, 0

	/* 42: a compare on an ALU result made the instruction before */
	CHECK 42
	li a1, 5
	addi a2, a1, -5
	bne a2, x0, rv_fail_h
	sltu a2, a1, x0
	bne a2, x0, rv_fail_h
	slt a2, x0, a1
	beq a2, x0, rv_fail_h

	j .Ldone
rv_fail_h:
	j rv_fail
.Ldone:
	RVTEST_END

	.data
	.align 4
hbuf:	.word 0x01234567, 0x00000010, 0, 0, 0x00000080, 0, 0, 0
hptr:	.word hbuf + 12
htab:	.word .Lt7

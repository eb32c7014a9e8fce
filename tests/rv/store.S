/* store.S: sb sh sw.
 *
 * sb stores rs2[7:0], sh rs2[15:0], sw all of rs2, little-endian, at
 * rs1 + the sign-extended offset; the other bytes of the word, and the
 * words around it, keep their values.
 */
#include "rvtest.h"

#define GUARD 0xa5a5a5a5

	/* w = init; op val at w + off; w must then read want, and its
	 * neighbours and the source register keep their values. */
	.macro T_ST n, op, init, val, off, want
	CHECK \n
	LA_ABS a1, w
	li t0, GUARD
	sw t0, -4(a1)
	sw t0, 4(a1)
	li t0, \init
	sw t0, 0(a1)
	li a2, \val
	\op a2, \off(a1)
	lw a0, 0(a1)
	EXPECT a0, \want
	EXPECT a2, \val
	lw a0, -4(a1)
	EXPECT a0, GUARD
	lw a0, 4(a1)
	EXPECT a0, GUARD
	.endm

	RVTEST_BEGIN

	/* ---- sb: the low byte into the addressed lane ---- */
	T_ST 1, sb, 0xffffffff, 0xabcdef11, 0, 0xffffff11
	T_ST 2, sb, 0xffffffff, 0xabcdef11, 1, 0xffff11ff
	T_ST 3, sb, 0xffffffff, 0xabcdef11, 2, 0xff11ffff
	T_ST 4, sb, 0xffffffff, 0xabcdef11, 3, 0x11ffffff
	T_ST 5, sb, 0x00000000, 0x00000080, 3, 0x80000000
	T_ST 6, sb, 0xffffffff, 0xffffff00, 1, 0xffff00ff
	T_ST 7, sb, 0x12345678, 0x000000ff, 2, 0x12ff5678
	T_ST 8, sb, 0x00000000, 0x7fffffff, 0, 0x000000ff

	/* ---- sh: the low half into the addressed half ---- */
	T_ST 11, sh, 0xffffffff, 0x12345566, 0, 0xffff5566
	T_ST 12, sh, 0xffffffff, 0x12345566, 2, 0x5566ffff
	T_ST 13, sh, 0x00000000, 0xffff8000, 2, 0x80000000
	T_ST 14, sh, 0x12345678, 0x0000abcd, 0, 0x1234abcd
	T_ST 15, sh, 0xffffffff, 0x00010000, 0, 0xffff0000

	/* ---- sw ---- */
	T_ST 21, sw, 0x00000000, 0x12345678, 0, 0x12345678
	T_ST 22, sw, 0xffffffff, 0x00000000, 0, 0x00000000
	T_ST 23, sw, 0x00000000, 0x80000001, 0, 0x80000001
	T_ST 24, sw, 0x5a5a5a5a, 0xffffffff, 0, 0xffffffff

	/* 31: four byte stores build a word; a half store then overwrites two */
	CHECK 31
	LA_ABS a1, w
	li t0, -1
	sw t0, 0(a1)
	li t1, 0x11
	sb t1, 0(a1)
	li t1, 0x22
	sb t1, 1(a1)
	li t1, 0x33
	sb t1, 2(a1)
	li t1, 0x44
	sb t1, 3(a1)
	lw a0, 0(a1)
	EXPECT a0, 0x44332211
	li t1, 0x6655
	sh t1, 2(a1)
	lw a0, 0(a1)
	EXPECT a0, 0x66552211

	/* 32: byte and half stores read back by signed and unsigned loads */
	CHECK 32
	LA_ABS a1, w
	li t1, 0x80
	sb t1, 1(a1)
	lb a0, 1(a1)
	EXPECT a0, 0xffffff80
	lbu a0, 1(a1)
	EXPECT a0, 0x00000080
	li t1, 0x8001
	sh t1, 2(a1)
	lh a0, 2(a1)
	EXPECT a0, 0xffff8001
	lhu a0, 2(a1)
	EXPECT a0, 0x00008001

	/* ---- offsets ---- */
	/* 41: negative offset */
	CHECK 41
	LA_ABS a1, w + 4
	li a2, 0x0badf00d
	sw a2, -4(a1)
	LA_ABS a3, w
	lw a0, 0(a3)
	EXPECT a0, 0x0badf00d

	/* 42: largest offset from an odd base */
	CHECK 42
	LA_ABS a1, w - 2047
	li a2, 0x13572468
	sw a2, 2047(a1)
	LA_ABS a3, w
	lw a0, 0(a3)
	EXPECT a0, 0x13572468

	/* 43: most negative offset, a byte */
	CHECK 43
	LA_ABS a1, w + 2048 + 3
	li a2, 0x000000c3
	sb a2, -2048(a1)
	LA_ABS a3, w
	lw a0, 0(a3)
	EXPECT a0, 0xc3572468

	/* 44: half at an odd base with an odd offset */
	CHECK 44
	LA_ABS a1, w + 1
	li a2, 0x0000beef
	sh a2, -1(a1)
	LA_ABS a3, w
	lw a0, 0(a3)
	EXPECT a0, 0xc357beef

	/* ---- registers ---- */
	/* 51: x0 as the data */
	CHECK 51
	LA_ABS a1, w
	li t0, -1
	sw t0, 0(a1)
	sb x0, 1(a1)
	lw a0, 0(a1)
	EXPECT a0, 0xffff00ff
	sh x0, 2(a1)
	lw a0, 0(a1)
	EXPECT a0, 0x000000ff
	sw x0, 0(a1)
	lw a0, 0(a1)
	EXPECT a0, 0

	/* 52: rs1 == rs2: the word's own address */
	CHECK 52
	LA_ABS a1, w
	sw a1, 0(a1)
	lw a0, 0(a1)
	EXPECT_SYM a0, w

	/* 53: x0 as the base: the absolute address 4 (RVTEST_BEGIN's magic) */
	CHECK 53
	li a2, 0x600df00d
	sw a2, 4(x0)
	lw a0, 4(x0)
	EXPECT a0, 0x600df00d
	li a2, 0x77
	sb a2, 6(x0)
	lw a0, 4(x0)
	EXPECT a0, 0x6077f00d
	li a2, RV_MAGIC
	sw a2, 4(x0)
	lw a0, 4(x0)
	EXPECT a0, RV_MAGIC

	/* ---- store then load at once ---- */
	/* 61: the same word */
	CHECK 61
	LA_ABS a1, w
	li a2, 0x31415926
	sw a2, 0(a1)
	lw a0, 0(a1)
	EXPECT a0, 0x31415926

	/* 62: a byte store, then the whole word */
	CHECK 62
	li a2, 0x99
	sb a2, 3(a1)
	lw a0, 0(a1)
	EXPECT a0, 0x99415926

	/* 63: a word store, then one byte of it */
	CHECK 63
	li a2, 0xfedcba98
	sw a2, 0(a1)
	lbu a0, 2(a1)
	EXPECT a0, 0xdc

	/* 64: two stores to one word, the later wins */
	CHECK 64
	li a2, 0x11111111
	li a3, 0x22222222
	sw a2, 0(a1)
	sw a3, 0(a1)
	lw a0, 0(a1)
	EXPECT a0, 0x22222222

	/* 65: a loaded value stored at once (load -> store data) */
	CHECK 65
	LA_ABS a4, src
	lw a2, 0(a4)
	sw a2, 0(a1)
	lw a0, 0(a1)
	EXPECT a0, 0x2718281c

	/* 66: a run of stores to consecutive words, then the loads */
	CHECK 66
	LA_ABS a1, run
	li t0, 0x01010101
	li t1, 0x02020202
	li t2, 0x03030303
	li t3, 0x04040404
	sw t0, 0(a1)
	sw t1, 4(a1)
	sw t2, 8(a1)
	sw t3, 12(a1)
	lw a0, 0(a1)
	EXPECT a0, 0x01010101
	lw a0, 4(a1)
	EXPECT a0, 0x02020202
	lw a0, 8(a1)
	EXPECT a0, 0x03030303
	lw a0, 12(a1)
	EXPECT a0, 0x04040404

	RVTEST_END

	.data
	.align 4
	.word 0
w:	.word 0
	.word 0
src:	.word 0x2718281c
run:	.word 0, 0, 0, 0

/* load.S: lb lh lw lbu lhu.
 *
 * Memory is little-endian: the word 0x807f01ff at A holds the bytes ff 01
 * 7f 80 at A .. A+3.  lb/lh sign-extend from bit 7/15, lbu/lhu zero-extend.
 * The effective address is rs1 + the sign-extended 12-bit offset; only it
 * must be aligned, not rs1.
 */
#include "rvtest.h"

	/* rd = the op load at sym, with rs1 = sym - off and offset off */
	.macro T_LD n, op, want, sym, off
	CHECK \n
	LA_ABS a1, \sym - (\off)
	li a0, 0x5a5a5a5a
	\op a0, \off(a1)
	EXPECT a0, \want
	.endm

	RVTEST_BEGIN

	/* ---- lb ---- */
	T_LD 1, lb, 0xffffffff, d0 + 0, 0	/* ff */
	T_LD 2, lb, 0x00000001, d0 + 1, 0	/* 01 */
	T_LD 3, lb, 0x0000007f, d0 + 2, 0	/* 7f: largest positive */
	T_LD 4, lb, 0xffffff80, d0 + 3, 0	/* 80: most negative */
	T_LD 5, lb, 0xffffff98, d2 + 0, 0
	T_LD 6, lb, 0xffffffba, d2 + 1, 0
	T_LD 7, lb, 0xffffffdc, d2 + 2, 0
	T_LD 8, lb, 0xfffffffe, d2 + 3, 0
	T_LD 9, lb, 0x00000012, d1 + 3, 0
	T_LD 10, lb, 0x00000000, d3 + 0, 0
	T_LD 11, lb, 0xffffff80, d3 + 1, 0

	/* ---- lbu ---- */
	T_LD 21, lbu, 0x000000ff, d0 + 0, 0
	T_LD 22, lbu, 0x00000001, d0 + 1, 0
	T_LD 23, lbu, 0x0000007f, d0 + 2, 0
	T_LD 24, lbu, 0x00000080, d0 + 3, 0
	T_LD 25, lbu, 0x00000098, d2 + 0, 0
	T_LD 26, lbu, 0x000000ba, d2 + 1, 0
	T_LD 27, lbu, 0x000000dc, d2 + 2, 0
	T_LD 28, lbu, 0x000000fe, d2 + 3, 0
	T_LD 29, lbu, 0x00000078, d1 + 0, 0

	/* ---- lh ---- */
	T_LD 41, lh, 0x000001ff, d0 + 0, 0
	T_LD 42, lh, 0xffff807f, d0 + 2, 0
	T_LD 43, lh, 0x00005678, d1 + 0, 0
	T_LD 44, lh, 0x00001234, d1 + 2, 0
	T_LD 45, lh, 0xffffba98, d2 + 0, 0
	T_LD 46, lh, 0xfffffedc, d2 + 2, 0
	T_LD 47, lh, 0xffff8000, d3 + 0, 0	/* most negative */
	T_LD 48, lh, 0x00000000, d3 + 2, 0
	T_LD 49, lh, 0x00007fff, d4 + 2, 0	/* largest positive */
	T_LD 50, lh, 0xffffffff, d5 + 0, 0

	/* ---- lhu ---- */
	T_LD 61, lhu, 0x000001ff, d0 + 0, 0
	T_LD 62, lhu, 0x0000807f, d0 + 2, 0
	T_LD 63, lhu, 0x0000ba98, d2 + 0, 0
	T_LD 64, lhu, 0x0000fedc, d2 + 2, 0
	T_LD 65, lhu, 0x00008000, d3 + 0, 0
	T_LD 66, lhu, 0x00007fff, d4 + 2, 0
	T_LD 67, lhu, 0x0000ffff, d5 + 2, 0

	/* ---- lw ---- */
	T_LD 81, lw, 0x807f01ff, d0, 0
	T_LD 82, lw, 0x12345678, d1, 0
	T_LD 83, lw, 0xfedcba98, d2, 0
	T_LD 84, lw, 0x00008000, d3, 0
	T_LD 85, lw, 0x7fff0000, d4, 0
	T_LD 86, lw, 0xffffffff, d5, 0

	/* ---- offsets ---- */
	T_LD 101, lw, 0x12345678, d1, 4
	T_LD 102, lw, 0x12345678, d1, -4
	T_LD 103, lw, 0xfedcba98, d2, 2044
	T_LD 104, lw, 0xfedcba98, d2, -2048
	T_LD 105, lw, 0x807f01ff, d0, 2047	/* odd rs1, aligned sum */
	T_LD 106, lw, 0x807f01ff, d0, -1	/* odd rs1, aligned sum */
	T_LD 107, lh, 0x00001234, d1 + 2, 1
	T_LD 108, lhu, 0x0000fedc, d2 + 2, -3
	T_LD 109, lb, 0xffffff80, d0 + 3, 2047
	T_LD 110, lbu, 0x000000fe, d2 + 3, -2048
	T_LD 111, lb, 0x00000012, d1 + 3, -1

	/* ---- x0 as the base: the absolute address ---- */
	CHECK 121
	lw a0, 4(x0)
	EXPECT a0, RV_MAGIC		/* 0x5ca1ab1e at address 4 */
	CHECK 122
	lh a0, 4(x0)
	EXPECT a0, 0xffffab1e
	CHECK 123
	lhu a0, 6(x0)
	EXPECT a0, 0x00005ca1
	CHECK 124
	lb a0, 5(x0)
	EXPECT a0, 0xffffffab
	CHECK 125
	lbu a0, 5(x0)
	EXPECT a0, 0x000000ab
	CHECK 126
	lb a0, 7(x0)
	EXPECT a0, 0x0000005c

	/* ---- registers ---- */
	/* 131: rd == rs1 */
	CHECK 131
	LA_ABS a1, d1
	lw a1, 0(a1)
	EXPECT a1, 0x12345678

	CHECK 132
	LA_ABS a1, d2 + 1
	lb a1, 0(a1)
	EXPECT a1, 0xffffffba

	/* 133: a load to x0 is dropped (and does not trap) */
	CHECK 133
	LA_ABS a1, d5
	lw x0, 0(a1)
	add a0, x0, x0
	EXPECT a0, 0
	lbu x0, 1(a1)
	EXPECT x0, 0

	/* 134: the loaded value used by the very next instruction */
	CHECK 134
	LA_ABS a1, d1
	lw a0, 0(a1)
	addi a2, a0, 1
	EXPECT a2, 0x12345679

	/* 135: ... as both operands */
	CHECK 135
	LA_ABS a1, d3
	lw a0, 0(a1)
	add a2, a0, a0
	EXPECT a2, 0x00010000

	/* 136: ... as the next load's address (pointer chase) */
	CHECK 136
	LA_ABS a1, dptr
	lw a2, 0(a1)			/* a2 = the address of d1 */
	lw a0, 0(a2)			/* d1 */
	lw a4, 4(a2)			/* d2 */
	EXPECT_SYM a2, d1
	EXPECT a0, 0x12345678
	EXPECT a4, 0xfedcba98

	/* 137: loads of every width back to back into different registers */
	CHECK 137
	LA_ABS a1, d0
	lb t0, 0(a1)
	lbu t1, 0(a1)
	lh t2, 2(a1)
	lhu t3, 2(a1)
	lw t4, 0(a1)
	EXPECT t0, 0xffffffff
	EXPECT t1, 0x000000ff
	EXPECT t2, 0xffff807f
	EXPECT t3, 0x0000807f
	EXPECT t4, 0x807f01ff

	/* 138: the same register loaded twice, the second value wins */
	CHECK 138
	LA_ABS a1, d0
	lw a0, 4(a1)
	lw a0, 8(a1)
	EXPECT a0, 0xfedcba98

	/* 139: a loaded value compared by a branch at once */
	CHECK 139
	LA_ABS a1, d5
	lw a0, 0(a1)
	li a2, -1
	beq a0, a2, 1f
	j rv_fail
1:	lw a0, 0(a1)
	bne a0, a2, rv_fail_139
	j 2f
rv_fail_139:
	j rv_fail
2:

	RVTEST_END

	.data
	.align 4
d0:	.word 0x807f01ff	/* ff 01 7f 80 */
d1:	.word 0x12345678	/* 78 56 34 12 */
d2:	.word 0xfedcba98	/* 98 ba dc fe */
d3:	.word 0x00008000	/* 00 80 00 00 */
d4:	.word 0x7fff0000	/* 00 00 ff 7f */
d5:	.word 0xffffffff
dptr:	.word d1

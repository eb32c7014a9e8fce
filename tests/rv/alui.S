/* alui.S: register-immediate ALU operations: addi slti sltiu xori ori andi.
 * (slli srli srai are in shift.S, lui auipc in upper.S.)
 *
 * The 12-bit immediate is sign-extended to 32 bits for every one of them,
 * sltiu included (it then compares unsigned).
 */
#include "rvtest.h"

	RVTEST_BEGIN

	/* ---- addi ---- */
	T_RI 1, addi, 0x00000000, 0x00000000, 0
	T_RI 2, addi, 0x00000002, 0x00000001, 1
	T_RI 3, addi, 0x0000000a, 0x00000003, 7
	T_RI 4, addi, 0xfffff800, 0x00000000, -2048	/* most negative immediate */
	T_RI 5, addi, 0x000007ff, 0x00000000, 2047	/* most positive immediate */
	T_RI 6, addi, 0x80000000, 0x7fffffff, 1		/* wraps */
	T_RI 7, addi, 0x7fffffff, 0x80000000, -1
	T_RI 8, addi, 0x800007fe, 0x7fffffff, 2047
	T_RI 9, addi, 0x7ffff800, 0x80000000, -2048
	T_RI 10, addi, 0x00000000, 0xffffffff, 1
	T_RI 11, addi, 0x12345000, 0x12345678, -0x678
	T_RI 12, addi, 0xfffffffe, 0xffffffff, -1
	T_RI 13, addi, 0x12345678, 0x12345678, 0		/* mv */
	T_RI_D 14, addi, 0x00000800, 0x00000001, 2047
	T_RI_Z 15, addi, 0xfffff800, -2048		/* li, sign-extended */
	T_RI_Z 16, addi, 0x000007ff, 2047
	T_RI_ZD 17, addi, 0x00000001, 5
	T_RI_FWD 18, addi, 0x00000005, 0x00000002, 3, 0, 0
	T_RI_FWD 19, addi, 0x00000005, 0x00000002, 3, 1, 1
	T_RI_FWD 20, addi, 0x00000005, 0x00000002, 3, 2, 3

	/* 21: a chain of dependent addi, each using the one before */
	CHECK 21
	li a0, 0
	addi a0, a0, 1
	addi a0, a0, 2
	addi a0, a0, 3
	addi a0, a0, 4
	addi a0, a0, -2048
	addi a0, a0, 2047
	EXPECT a0, 9

	/* 22: nop (addi x0, x0, 0) changes nothing */
	CHECK 22
	li a0, 0x13579bdf
	nop
	addi x0, x0, 0
	EXPECT a0, 0x13579bdf
	EXPECT x0, 0

	/* ---- slti ---- */
	T_RI 31, slti, 0, 0x00000000, 0
	T_RI 32, slti, 1, 0x00000001, 2
	T_RI 33, slti, 0, 0x00000002, 1
	T_RI 34, slti, 1, 0xffffffff, 0			/* -1 < 0 */
	T_RI 35, slti, 0, 0x00000000, -1
	T_RI 36, slti, 1, 0x80000000, 2047
	T_RI 37, slti, 0, 0x7fffffff, -2048
	T_RI 38, slti, 1, 0xfffff7ff, -2048		/* -2049 < -2048 */
	T_RI 39, slti, 0, 0xfffff800, -2048		/* equal */
	T_RI 40, slti, 1, 0x000007fe, 2047
	T_RI 41, slti, 0, 0x000007ff, 2047
	T_RI 42, slti, 1, 0xfffffffe, -1
	T_RI_D 43, slti, 1, 0xffff0000, 0
	T_RI_Z 44, slti, 0, 0				/* 0 < 0 */
	T_RI_Z 45, slti, 1, 1
	T_RI_Z 46, slti, 0, -1
	T_RI_ZD 47, slti, 0x00000000, 1
	T_RI_FWD 48, slti, 1, 0xffffff00, -1, 1, 0

	/* ---- sltiu: the sign-extended immediate compared unsigned ---- */
	T_RI 51, sltiu, 0, 0x00000000, 0
	T_RI 52, sltiu, 1, 0x00000001, 2
	T_RI 53, sltiu, 0, 0x00000002, 1
	T_RI 54, sltiu, 1, 0x00000000, -1		/* 0 < 0xffffffff */
	T_RI 55, sltiu, 1, 0xfffffffe, -1
	T_RI 56, sltiu, 0, 0xffffffff, -1
	T_RI 57, sltiu, 1, 0x7fffffff, -2048		/* < 0xfffff800 */
	T_RI 58, sltiu, 0, 0xfffff800, -2048
	T_RI 59, sltiu, 1, 0xfffff7ff, -2048
	T_RI 60, sltiu, 0, 0x80000000, 2047
	T_RI 61, sltiu, 1, 0x00000000, 1		/* seqz 0 */
	T_RI 62, sltiu, 0, 0x00000005, 1		/* seqz 5 */
	T_RI 63, sltiu, 0, 0x80000000, 1
	T_RI_D 64, sltiu, 1, 0x000007fe, 2047
	T_RI_Z 65, sltiu, 0, 0
	T_RI_Z 66, sltiu, 1, -2048
	T_RI_ZD 67, sltiu, 0x00000000, 1
	T_RI_FWD 68, sltiu, 0, 0xffffff00, 0x7ff, 0, 2

	/* ---- xori ---- */
	T_RI 71, xori, 0x00ff0ff0, 0x00ff0f00, 0x0f0
	T_RI 72, xori, 0xff00f00f, 0x00ff0f00, -241	/* imm 0xffffff0f */
	T_RI 73, xori, 0xedcba987, 0x12345678, -1	/* not */
	T_RI 74, xori, 0xfffff800, 0xffffffff, 0x7ff
	T_RI 75, xori, 0x000007ff, 0xffffffff, -2048
	T_RI 76, xori, 0x80000000, 0x80000000, 0
	T_RI_D 77, xori, 0x0ff00f0f, 0xf00ff0f0, -1
	T_RI_Z 78, xori, 0xfffff800, -2048
	T_RI_ZD 79, xori, 0x12345678, -1
	T_RI_FWD 80, xori, 0x00000000, 0x00000555, 0x555, 1, 1

	/* ---- ori ---- */
	T_RI 91, ori, 0xff00fff0, 0xff00ff00, 0x0f0
	T_RI 92, ori, 0xfffffff0, 0x0ff00ff0, -2048	/* imm 0xfffff800 */
	T_RI 93, ori, 0xfffff800, 0x00000000, -2048
	T_RI 94, ori, 0x12345678, 0x12345678, 0
	T_RI 95, ori, 0x800007ff, 0x80000000, 0x7ff
	T_RI 96, ori, 0xffffffff, 0x00000000, -1
	T_RI_D 97, ori, 0xf00ff0ff, 0xf00ff00f, 0x0f0
	T_RI_Z 98, ori, 0x00000555, 0x555
	T_RI_ZD 99, ori, 0x12345678, 0x0f0
	T_RI_FWD 100, ori, 0x0000ffff, 0x0000f800, 0x7ff, 0, 1

	/* ---- andi ---- */
	T_RI 111, andi, 0x00000700, 0xff00fff0, 0x70f
	T_RI 112, andi, 0xff00ff00, 0xff00ff00, -241	/* imm 0xffffff0f */
	T_RI 113, andi, 0x12345000, 0x12345678, -2048	/* imm 0xfffff800 */
	T_RI 114, andi, 0x00000078, 0x12345678, 0xff
	T_RI 115, andi, 0x00000000, 0xffffffff, 0
	T_RI 116, andi, 0xffffffff, 0xffffffff, -1
	T_RI 117, andi, 0x000007ff, 0xffffffff, 0x7ff
	T_RI_D 118, andi, 0x0000000f, 0xf00ff00f, 0x00f
	T_RI_Z 119, andi, 0x00000000, -1
	T_RI_ZD 120, andi, 0xffffffff, -1
	T_RI_FWD 121, andi, 0x00000005, 0x0000000f, 0x5, 2, 0

	RVTEST_END

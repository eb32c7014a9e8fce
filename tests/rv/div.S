/* div.S: div divu rem remu.
 *
 * div/rem: signed, the quotient rounded toward zero, the remainder taking
 * the sign of the dividend (dividend = quotient * divisor + remainder).
 * divu/remu: unsigned.  By zero: the quotient is all ones (div and divu),
 * the remainder the dividend.  Overflow, -2^31 / -1: quotient -2^31,
 * remainder 0.  No case traps.
 */
#include "rvtest.h"

	/* n, n+1: div and rem of a by b */
	.macro T_DIVS n, a, b, q, r
	T_RR (\n + 0), div, \q, \a, \b
	T_RR (\n + 1), rem, \r, \a, \b
	.endm

	/* n, n+1: divu and remu of a by b */
	.macro T_DIVU n, a, b, q, r
	T_RR (\n + 0), divu, \q, \a, \b
	T_RR (\n + 1), remu, \r, \a, \b
	.endm

	RVTEST_BEGIN

	/* ---- signed ---- n   dividend    divisor     quotient    remainder */
	T_DIVS   1, 20,          6,          3,          2
	T_DIVS   3, -20,         6,          0xfffffffd, 0xfffffffe	/* -3, -2 */
	T_DIVS   5, 20,          -6,         0xfffffffd, 2		/* -3, 2 */
	T_DIVS   7, -20,         -6,         3,          0xfffffffe	/* 3, -2 */
	T_DIVS   9, 0,           1,          0,          0
	T_DIVS  11, 1,           1,          1,          0
	T_DIVS  13, 7,           7,          1,          0
	T_DIVS  15, 0x80000000,  1,          0x80000000, 0
	T_DIVS  17, 0x80000000,  -1,         0x80000000, 0		/* overflow */
	T_DIVS  19, 0x80000000,  2,          0xc0000000, 0		/* -2^30 */
	T_DIVS  21, 0x7fffffff,  -1,         0x80000001, 0
	T_DIVS  23, 0x7fffffff,  0x80000000, 0,          0x7fffffff
	/* -2^31 / (2^31 - 1) = -1.000..., toward zero -1; r = -2^31 + 2^31 - 1 = -1 */
	T_DIVS  25, 0x80000000,  0x7fffffff, 0xffffffff, 0xffffffff
	T_DIVS  27, 20,          0,          0xffffffff, 20		/* by zero */
	T_DIVS  29, -20,         0,          0xffffffff, 0xffffffec
	T_DIVS  31, 0,           0,          0xffffffff, 0
	T_DIVS  33, 0x80000000,  0,          0xffffffff, 0x80000000
	T_DIVS  35, -1,          2,          0,          0xffffffff	/* -0.5 -> 0, r -1 */
	T_DIVS  37, 1,           -1,         0xffffffff, 0
	T_DIVS  39, 0x7fffffff,  0x7fffffff, 1,          0
	T_DIVS  41, -7,          2,          0xfffffffd, 0xffffffff	/* -3, -1 */
	T_DIVS  43, 7,           -2,         0xfffffffd, 1		/* -3, 1 */
	T_DIVS  45, 0x80000000,  0x80000000, 1,          0
	T_DIVS  47, 0x80000001,  -1,         0x7fffffff, 0
	T_DIVS  49, 1000000000,  7,          142857142,  6		/* 7 * 142857142 = 999999994 */
	T_DIVS  51, -1000000000, 7,          -142857142, -6
	T_DIVS  53, 5,           0x80000000, 0,          5
	T_DIVS  55, 0xffffffff,  0xffffffff, 1,          0		/* -1 / -1 */

	/* ---- unsigned ---- n dividend  divisor     quotient    remainder */
	T_DIVU  61, 20,          6,          3,          2
	/* 0xffffffec = 4294967276 = 6 * 715827879 (0x2aaaaaa7) + 2 */
	T_DIVU  63, 0xffffffec,  6,          0x2aaaaaa7, 2
	T_DIVU  65, 20,          0xfffffffa, 0,          20
	T_DIVU  67, 0xffffffff,  1,          0xffffffff, 0
	T_DIVU  69, 0xffffffff,  0xffffffff, 1,          0
	T_DIVU  71, 0x80000000,  0xffffffff, 0,          0x80000000
	T_DIVU  73, 0xffffffff,  0x80000000, 1,          0x7fffffff
	T_DIVU  75, 0x80000000,  2,          0x40000000, 0
	T_DIVU  77, 20,          0,          0xffffffff, 20		/* by zero */
	T_DIVU  79, 0,           0,          0xffffffff, 0
	T_DIVU  81, 0xffffffff,  0,          0xffffffff, 0xffffffff
	T_DIVU  83, 0x12345678,  0x10,       0x01234567, 8
	T_DIVU  85, 100,         7,          14,         2
	T_DIVU  87, 0x80000000,  0x80000000, 1,          0
	T_DIVU  89, 0xfffffffe,  0xffffffff, 0,          0xfffffffe
	T_DIVU  91, 4000000000,  3,          1333333333, 1		/* 3 * 1333333333 = 3999999999 */
	T_DIVU  93, 0x80000000,  0xffffffff, 0,          0x80000000
	T_DIVU  95, 0,           1,          0,          0

	/* ---- registers ---- */
	T_RR_D1 101, div, 0xfffffffb, 0xffffffe2, 6		/* -30 / 6 = -5 */
	T_RR_D2 102, div, 0xfffffffb, 0xffffffe2, 6
	T_RR_DD 103, div, 0x00000001, 0x80000000		/* x / x */
	T_RR_DD 104, div, 0xffffffff, 0x00000000		/* 0 / 0 */
	T_RR_Z1 105, div, 0x00000000, 0xffffffff		/* 0 / -1 */
	T_RR_Z2 106, div, 0xffffffff, 0x12345678		/* by x0: zero */
	T_RR_ZZ 107, div, 0xffffffff
	T_RR_ZD 108, div, 0x00000064, 0x00000003
	T_RR_D1 111, rem, 0xfffffffd, 0xfffffff8, 5		/* -8 rem 5 = -3 (-8 / 5 = -1) */
	T_RR_D2 112, rem, 0xfffffffd, 0xfffffff8, 5
	T_RR_DD 113, rem, 0x00000000, 0x80000000
	T_RR_DD 114, rem, 0x00000000, 0x00000000		/* 0 rem 0 = 0 */
	T_RR_Z2 115, rem, 0x87654321, 0x87654321		/* by x0: the dividend */
	T_RR_ZD 116, rem, 0x00000064, 0x00000003
	T_RR_D1 121, divu, 0x7ffffffc, 0xfffffff8, 2
	T_RR_D2 122, divu, 0x7ffffffc, 0xfffffff8, 2
	T_RR_DD 123, divu, 0xffffffff, 0x00000000		/* 0 / 0 */
	T_RR_Z2 124, divu, 0xffffffff, 0x00000001
	T_RR_ZD 125, divu, 0x00000064, 0x00000003
	T_RR_D1 131, remu, 0x00000003, 0xfffffff8, 5		/* 4294967288 = 5 * 858993457 + 3 */
	T_RR_D2 132, remu, 0x00000003, 0xfffffff8, 5
	T_RR_DD 133, remu, 0x00000000, 0xffffffff
	T_RR_Z2 134, remu, 0xfffffff8, 0xfffffff8
	T_RR_ZD 135, remu, 0x00000064, 0x00000003

	/* ---- forwarding and back-to-back ---- */
	T_RR_FWD 141, div, 0xfffffffd, 0xffffffec, 0x00000006, 0, 0, 0
	T_RR_FWD 142, rem, 0xfffffffe, 0xffffffec, 0x00000006, 1, 1, 1
	T_RR_FWD 143, divu, 0x2aaaaaa7, 0xffffffec, 0x00000006, 0, 2, 0
	T_RR_FWD 144, remu, 0x00000002, 0xffffffec, 0x00000006, 3, 0, 2

	/* 151: div then rem of the same operands */
	CHECK 151
	li a1, 1000000000
	li a2, 7
	div a3, a1, a2
	rem a4, a1, a2
	EXPECT a3, 142857142
	EXPECT a4, 6

	/* 152: a dividing chain: 1000000 / 10 / 10 / 10 / 10 */
	CHECK 152
	li a0, 1000000
	li a1, 10
	divu a0, a0, a1
	divu a0, a0, a1
	divu a0, a0, a1
	divu a0, a0, a1
	EXPECT a0, 100

	/* 153: divide, multiply back, add the remainder: the dividend again */
	CHECK 153
	li a1, -1234567
	li a2, 321
	div a3, a1, a2
	rem a4, a1, a2
	mul a5, a3, a2
	add a5, a5, a4
	EXPECT_REG a5, a1
	EXPECT a3, -3846		/* 321 * 3846 = 1234566: -3846.003..., toward zero */
	EXPECT a4, -1		/* -1234567 + 1234566 */

	/* 154: a quotient written, then overwritten by the next instruction */
	CHECK 154
	li a1, 100
	li a2, 5
	divu a3, a1, a2
	li a3, 77
	EXPECT a3, 77

	/* 155: a quotient compared by a branch at once */
	CHECK 155
	li a1, 99
	li a2, 10
	divu a3, a1, a2
	li a4, 9
	beq a3, a4, 1f
	j rv_fail
1:

	RVTEST_END

/* mul.S: mul mulh mulhsu mulhu.
 *
 * mul: bits 31..0 of rs1 * rs2 (the same for any signedness).  mulh: bits
 * 63..32 of signed * signed, mulhu of unsigned * unsigned, mulhsu of signed
 * rs1 * unsigned rs2.  Each pair of operands below is run through all four;
 * the 64-bit product is worked out in the comment.
 */
#include "rvtest.h"

	/* n, n+1, n+2, n+3: mul, mulh, mulhsu, mulhu of a and b */
	.macro T_MUL4 n, a, b, lo, hs, hsu, hu
	T_RR (\n + 0), mul, \lo, \a, \b
	T_RR (\n + 1), mulh, \hs, \a, \b
	T_RR (\n + 2), mulhsu, \hsu, \a, \b
	T_RR (\n + 3), mulhu, \hu, \a, \b
	.endm

	RVTEST_BEGIN

	/*        n   a           b           mul         mulh        mulhsu      mulhu */
	T_MUL4   1, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000
	T_MUL4   5, 0x00000001, 0x00000001, 0x00000001, 0x00000000, 0x00000000, 0x00000000
	T_MUL4   9, 0x00000003, 0x00000007, 0x00000015, 0x00000000, 0x00000000, 0x00000000
	/* (2^31 - 1)^2 = 2^62 - 2^32 + 1 = 0x3fffffff_00000001, every way */
	T_MUL4  13, 0x7fffffff, 0x7fffffff, 0x00000001, 0x3fffffff, 0x3fffffff, 0x3fffffff
	/* s*s: (-2^31)^2 = 2^62; s*u: -2^31 * 2^31 = -2^62 = 0xc0000000_00000000;
	 * u*u: 2^31 * 2^31 = 2^62 */
	T_MUL4  17, 0x80000000, 0x80000000, 0x00000000, 0x40000000, 0xc0000000, 0x40000000
	/* s*s: -1 * -1 = 1; s*u: -1 * (2^32 - 1) = 0xffffffff_00000001;
	 * u*u: (2^32 - 1)^2 = 2^64 - 2^33 + 1 = 0xfffffffe_00000001 */
	T_MUL4  21, 0xffffffff, 0xffffffff, 0x00000001, 0x00000000, 0xffffffff, 0xfffffffe
	/* s*s, s*u: -1 * 1 = -1; u*u: 0x00000000_ffffffff */
	T_MUL4  25, 0xffffffff, 0x00000001, 0xffffffff, 0xffffffff, 0xffffffff, 0x00000000
	/* s*s: 1 * -1 = -1; s*u, u*u: 1 * (2^32 - 1) = 0x00000000_ffffffff */
	T_MUL4  29, 0x00000001, 0xffffffff, 0xffffffff, 0xffffffff, 0x00000000, 0x00000000
	/* s*s: -2^31 * -1 = 2^31 = 0x00000000_80000000;
	 * s*u: -2^31 * (2^32 - 1) = -2^63 + 2^31 = 0x80000000_80000000;
	 * u*u: 2^31 * (2^32 - 1) = 2^63 - 2^31 = 0x7fffffff_80000000 */
	T_MUL4  33, 0x80000000, 0xffffffff, 0x80000000, 0x00000000, 0x80000000, 0x7fffffff
	/* s*s, s*u: -2^31 * (2^31 - 1) = -2^62 + 2^31 = 0xc0000000_80000000;
	 * u*u: 2^31 * (2^31 - 1) = 0x3fffffff_80000000 */
	T_MUL4  37, 0x80000000, 0x7fffffff, 0x80000000, 0xc0000000, 0xc0000000, 0x3fffffff
	/* s*s: (2^31 - 1) * -2^31 = 0xc0000000_80000000;
	 * s*u, u*u: (2^31 - 1) * 2^31 = 0x3fffffff_80000000 */
	T_MUL4  41, 0x7fffffff, 0x80000000, 0x80000000, 0xc0000000, 0x3fffffff, 0x3fffffff
	/* 2^16 * 2^16 = 2^32, every way */
	T_MUL4  45, 0x00010000, 0x00010000, 0x00000000, 0x00000001, 0x00000001, 0x00000001
	/* s*s: (-2^16)^2 = 2^32; s*u: -2^16 * (2^32 - 2^16) = -2^48 + 2^32 =
	 * 0xffff0001_00000000; u*u: (2^32 - 2^16)^2 = 2^64 - 2^49 + 2^32 =
	 * 0xfffe0001_00000000 */
	T_MUL4  49, 0xffff0000, 0xffff0000, 0x00000000, 0x00000001, 0xffff0001, 0xfffe0001
	/* (2^16 - 1)^2 = 0xfffe0001, every way */
	T_MUL4  53, 0x0000ffff, 0x0000ffff, 0xfffe0001, 0x00000000, 0x00000000, 0x00000000
	/* s*s, s*u: -1 * 65535 = 0xffffffff_ffff0001;
	 * u*u: (2^32 - 1) * (2^16 - 1) = 0x0000fffe_ffff0001 */
	T_MUL4  57, 0xffffffff, 0x0000ffff, 0xffff0001, 0xffffffff, 0xffffffff, 0x0000fffe
	/* s*s: 65535 * -1 = 0xffffffff_ffff0001;
	 * s*u, u*u: 65535 * (2^32 - 1) = 0x0000fffe_ffff0001 */
	T_MUL4  61, 0x0000ffff, 0xffffffff, 0xffff0001, 0xffffffff, 0x0000fffe, 0x0000fffe
	/* s*s, s*u: -2 * 3 = -6 = 0xffffffff_fffffffa;
	 * u*u: (2^32 - 2) * 3 = 3 * 2^32 - 6 = 0x00000002_fffffffa */
	T_MUL4  65, 0xfffffffe, 0x00000003, 0xfffffffa, 0xffffffff, 0xffffffff, 0x00000002
	/* s*s: 3 * -2 = -6; s*u, u*u: 3 * (2^32 - 2) = 0x00000002_fffffffa */
	T_MUL4  69, 0x00000003, 0xfffffffe, 0xfffffffa, 0xffffffff, 0x00000002, 0x00000002
	/* (sum of 2^(8i), i < 4)^2 = bytes 1 2 3 4 3 2 1: 0x00010203_04030201 */
	T_MUL4  73, 0x01010101, 0x01010101, 0x04030201, 0x00010203, 0x00010203, 0x00010203
	/* s*s: (1 - 2^31)^2 = 2^62 - 2^32 + 1 = 0x3fffffff_00000001;
	 * s*u: (1 - 2^31) * (2^31 + 1) = 1 - 2^62 = 0xc0000000_00000001;
	 * u*u: (2^31 + 1)^2 = 2^62 + 2^32 + 1 = 0x40000001_00000001 */
	T_MUL4  77, 0x80000001, 0x80000001, 0x00000001, 0x3fffffff, 0xc0000000, 0x40000001
	/* a = 0xfedcba98 = -0x01234568; s*s, s*u: a * 16 = -0x12345680 =
	 * 0xffffffff_edcba980; u*u: 0xfedcba98 * 16 = 0x0000000f_edcba980 */
	T_MUL4  81, 0xfedcba98, 0x00000010, 0xedcba980, 0xffffffff, 0xffffffff, 0x0000000f
	/* s*s: 16 * a = 0xffffffff_edcba980; s*u, u*u: 16 * 0xfedcba98 =
	 * 0x0000000f_edcba980 */
	T_MUL4  85, 0x00000010, 0xfedcba98, 0xedcba980, 0xffffffff, 0x0000000f, 0x0000000f

	/* ---- registers ---- */
	T_RR_D1 101, mul, 0x00000030, 0x00000006, 0x00000008
	T_RR_D2 102, mul, 0x00000030, 0x00000006, 0x00000008
	T_RR_DD 103, mul, 0x00000051, 0x00000009		/* 9 * 9 */
	T_RR_SS 104, mul, 0x00000001, 0xffffffff
	T_RR_Z1 105, mul, 0x00000000, 0x12345678
	T_RR_Z2 106, mul, 0x00000000, 0x12345678
	T_RR_ZD 107, mul, 0x00000005, 0x00000007
	T_RR_D1 111, mulh, 0xffffffff, 0x80000000, 0x00000001
	T_RR_D2 112, mulh, 0xffffffff, 0x80000000, 0x00000001
	T_RR_DD 113, mulh, 0x40000000, 0x80000000		/* (-2^31)^2 */
	T_RR_Z1 114, mulh, 0x00000000, 0xffffffff
	T_RR_ZD 115, mulh, 0x80000000, 0x80000000
	T_RR_D1 121, mulhsu, 0xffffffff, 0xffffffff, 0x00000002
	T_RR_D2 122, mulhsu, 0xffffffff, 0xffffffff, 0x00000002
	T_RR_DD 123, mulhsu, 0xffffffff, 0xffffffff		/* -1 * (2^32 - 1) */
	T_RR_Z2 124, mulhsu, 0x00000000, 0xffffffff
	T_RR_ZD 125, mulhsu, 0xffffffff, 0xffffffff
	T_RR_D1 131, mulhu, 0x00000001, 0xffffffff, 0x00000002
	T_RR_D2 132, mulhu, 0x00000001, 0xffffffff, 0x00000002
	T_RR_DD 133, mulhu, 0xfffffffe, 0xffffffff		/* (2^32 - 1)^2 */
	T_RR_Z1 134, mulhu, 0x00000000, 0xffffffff
	T_RR_ZD 135, mulhu, 0xffffffff, 0xffffffff

	/* ---- forwarding ---- */
	T_RR_FWD 141, mul, 0x00000015, 0x00000003, 0x00000007, 0, 0, 0
	T_RR_FWD 142, mulh, 0xffffffff, 0xfffffffe, 0x00000003, 1, 0, 1
	T_RR_FWD 143, mulhu, 0x00000002, 0xfffffffe, 0x00000003, 0, 2, 0
	T_RR_FWD 144, mulhsu, 0x00000002, 0x00000003, 0xfffffffe, 3, 0, 3

	/* 151: mulh then mul of the same operands (the 64-bit idiom) */
	CHECK 151
	li a1, 0x80000001
	li a2, 0x80000001
	mulhu a3, a1, a2
	mul a4, a1, a2
	EXPECT a3, 0x40000001
	EXPECT a4, 0x00000001

	/* 152: a chain: ((3 * 5) * 7) * -1 */
	CHECK 152
	li a0, 3
	li a1, 5
	mul a0, a0, a1
	li a1, 7
	mul a0, a0, a1
	li a1, -1
	mul a0, a0, a1
	EXPECT a0, 0xffffff97		/* -105 */

	/* 153: a product used by a branch at once */
	CHECK 153
	li a1, 0x10000
	mul a2, a1, a1
	beq a2, x0, 1f
	j rv_fail
1:	mulhu a2, a1, a1
	li a3, 1
	beq a2, a3, 2f
	j rv_fail
2:

	RVTEST_END

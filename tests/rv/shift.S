/* shift.S: sll srl sra slli srli srai.
 *
 * The register forms shift by rs2[4:0] only (the upper 27 bits of rs2 are
 * ignored); srl fills with zeros, sra with copies of bit 31.
 */
#include "rvtest.h"

	RVTEST_BEGIN

	/* ---- sll ---- */
	T_RR 1, sll, 0x00000001, 0x00000001, 0
	T_RR 2, sll, 0x00000002, 0x00000001, 1
	T_RR 3, sll, 0x00000080, 0x00000001, 7
	T_RR 4, sll, 0x00004000, 0x00000001, 14
	T_RR 5, sll, 0x80000000, 0x00000001, 31
	T_RR 6, sll, 0xffffffff, 0xffffffff, 0
	T_RR 7, sll, 0xfffffffe, 0xffffffff, 1
	T_RR 8, sll, 0xffffff80, 0xffffffff, 7
	T_RR 9, sll, 0x80000000, 0xffffffff, 31
	T_RR 10, sll, 0x21212121, 0x21212121, 0
	T_RR 11, sll, 0x42424242, 0x21212121, 1
	T_RR 12, sll, 0x90909080, 0x21212121, 7
	T_RR 13, sll, 0x48484000, 0x21212121, 14
	T_RR 14, sll, 0x80000000, 0x21212121, 31
	/* only rs2[4:0] counts */
	T_RR 15, sll, 0x00000001, 0x00000001, 0xffffffe0	/* 0 */
	T_RR 16, sll, 0x00000002, 0x00000001, 0xffffffe1	/* 1 */
	T_RR 17, sll, 0x80000000, 0x00000001, 0xffffffff	/* 31 */
	T_RR 18, sll, 0x21212121, 0x21212121, 32		/* 0 */
	T_RR 19, sll, 0x90909080, 0x21212121, 0x00000027	/* 7 */
	T_RR_D1 20, sll, 0x00012340, 0x00001234, 4
	T_RR_D2 21, sll, 0x00012340, 0x00001234, 4
	T_RR_DD 22, sll, 0x00000018, 0x00000003		/* 3 << 3 */
	T_RR_Z1 23, sll, 0x00000000, 5
	T_RR_Z2 24, sll, 0x87654321, 0x87654321
	T_RR_ZD 25, sll, 0x00000001, 1
	T_RR_FWD 26, sll, 0x00000100, 0x00000001, 8, 0, 1, 0

	/* ---- srl ---- */
	T_RR 31, srl, 0x80000000, 0x80000000, 0
	T_RR 32, srl, 0x40000000, 0x80000000, 1
	T_RR 33, srl, 0x01000000, 0x80000000, 7
	T_RR 34, srl, 0x00020000, 0x80000000, 14
	T_RR 35, srl, 0x00000001, 0x80000000, 31
	T_RR 36, srl, 0xffffffff, 0xffffffff, 0
	T_RR 37, srl, 0x7fffffff, 0xffffffff, 1
	T_RR 38, srl, 0x01ffffff, 0xffffffff, 7
	T_RR 39, srl, 0x0003ffff, 0xffffffff, 14
	T_RR 40, srl, 0x00000001, 0xffffffff, 31
	T_RR 41, srl, 0x21212121, 0x21212121, 0
	T_RR 42, srl, 0x10909090, 0x21212121, 1
	T_RR 43, srl, 0x00424242, 0x21212121, 7
	T_RR 44, srl, 0x00008484, 0x21212121, 14
	T_RR 45, srl, 0x00000000, 0x21212121, 31
	T_RR 46, srl, 0xffffffff, 0xffffffff, 0xffffffe0	/* 0 */
	T_RR 47, srl, 0x7fffffff, 0xffffffff, 0xffffffe1	/* 1 */
	T_RR 48, srl, 0x00000001, 0xffffffff, 0xffffffff	/* 31 */
	T_RR 49, srl, 0x80000000, 0x80000000, 0x80000000	/* 0 */
	T_RR_D1 50, srl, 0x00001234, 0x00012340, 4
	T_RR_D2 51, srl, 0x00001234, 0x00012340, 4
	T_RR_DD 52, srl, 0x00000000, 0x00000010		/* 16 >> 16 */
	T_RR_Z1 53, srl, 0x00000000, 5
	T_RR_Z2 54, srl, 0x87654321, 0x87654321
	T_RR_ZD 55, srl, 0x80000000, 1
	T_RR_FWD 56, srl, 0x00800000, 0x80000000, 8, 2, 0, 1

	/* ---- sra ---- */
	T_RR 61, sra, 0x80000000, 0x80000000, 0
	T_RR 62, sra, 0xc0000000, 0x80000000, 1
	T_RR 63, sra, 0xff000000, 0x80000000, 7
	T_RR 64, sra, 0xfffe0000, 0x80000000, 14
	T_RR 65, sra, 0xffffffff, 0x80000000, 31
	T_RR 66, sra, 0x7fffffff, 0x7fffffff, 0
	T_RR 67, sra, 0x3fffffff, 0x7fffffff, 1
	T_RR 68, sra, 0x00ffffff, 0x7fffffff, 7
	T_RR 69, sra, 0x0001ffff, 0x7fffffff, 14
	T_RR 70, sra, 0x00000000, 0x7fffffff, 31
	T_RR 71, sra, 0x81818181, 0x81818181, 0
	T_RR 72, sra, 0xc0c0c0c0, 0x81818181, 1
	T_RR 73, sra, 0xff030303, 0x81818181, 7
	T_RR 74, sra, 0xfffe0606, 0x81818181, 14
	T_RR 75, sra, 0xffffffff, 0x81818181, 31
	T_RR 76, sra, 0x81818181, 0x81818181, 0xffffffc0	/* 0 */
	T_RR 77, sra, 0xc0c0c0c0, 0x81818181, 0xffffffe1	/* 1 */
	T_RR 78, sra, 0xffffffff, 0x81818181, 0xffffffff	/* 31 */
	T_RR 79, sra, 0xffffffff, 0xffffffff, 17
	T_RR_D1 80, sra, 0xfffff123, 0xfff12340, 8
	T_RR_D2 81, sra, 0xfffff123, 0xfff12340, 8
	T_RR_DD 82, sra, 0xf8000000, 0x80000004		/* x >> (x & 31 = 4) */
	T_RR_Z1 83, sra, 0x00000000, 5
	T_RR_Z2 84, sra, 0x87654321, 0x87654321
	T_RR_ZD 85, sra, 0x80000000, 1
	T_RR_FWD 86, sra, 0xff800000, 0x80000000, 8, 0, 0, 2

	/* ---- slli ---- */
	T_RI 91, slli, 0x00000001, 0x00000001, 0
	T_RI 92, slli, 0x00000002, 0x00000001, 1
	T_RI 93, slli, 0x00000080, 0x00000001, 7
	T_RI 94, slli, 0x00004000, 0x00000001, 14
	T_RI 95, slli, 0x80000000, 0x00000001, 31
	T_RI 96, slli, 0xffffffff, 0xffffffff, 0
	T_RI 97, slli, 0xfffffffe, 0xffffffff, 1
	T_RI 98, slli, 0x80000000, 0xffffffff, 31
	T_RI 99, slli, 0x42424242, 0x21212121, 1
	T_RI 100, slli, 0x90909080, 0x21212121, 7
	T_RI 101, slli, 0x48484000, 0x21212121, 14
	T_RI 102, slli, 0x80000000, 0x21212121, 31
	T_RI_D 103, slli, 0x00012340, 0x00001234, 4
	T_RI_Z 104, slli, 0x00000000, 31
	T_RI_ZD 105, slli, 0x00000001, 3
	T_RI_FWD 106, slli, 0x00000100, 0x00000001, 8, 0, 0

	/* ---- srli ---- */
	T_RI 111, srli, 0x80000000, 0x80000000, 0
	T_RI 112, srli, 0x40000000, 0x80000000, 1
	T_RI 113, srli, 0x01000000, 0x80000000, 7
	T_RI 114, srli, 0x00020000, 0x80000000, 14
	T_RI 115, srli, 0x00000001, 0x80000000, 31
	T_RI 116, srli, 0xffffffff, 0xffffffff, 0
	T_RI 117, srli, 0x7fffffff, 0xffffffff, 1
	T_RI 118, srli, 0x00000001, 0xffffffff, 31
	T_RI 119, srli, 0x10909090, 0x21212121, 1
	T_RI 120, srli, 0x00424242, 0x21212121, 7
	T_RI 121, srli, 0x00008484, 0x21212121, 14
	T_RI 122, srli, 0x00000000, 0x21212121, 31
	T_RI_D 123, srli, 0x00001234, 0x00012340, 4
	T_RI_Z 124, srli, 0x00000000, 1
	T_RI_ZD 125, srli, 0x80000000, 3
	T_RI_FWD 126, srli, 0x00800000, 0x80000000, 8, 1, 1

	/* ---- srai ---- */
	T_RI 131, srai, 0x80000000, 0x80000000, 0
	T_RI 132, srai, 0xc0000000, 0x80000000, 1
	T_RI 133, srai, 0xff000000, 0x80000000, 7
	T_RI 134, srai, 0xfffe0000, 0x80000000, 14
	T_RI 135, srai, 0xffffffff, 0x80000000, 31
	T_RI 136, srai, 0x3fffffff, 0x7fffffff, 1
	T_RI 137, srai, 0x00000000, 0x7fffffff, 31
	T_RI 138, srai, 0xc0c0c0c0, 0x81818181, 1
	T_RI 139, srai, 0xff030303, 0x81818181, 7
	T_RI 140, srai, 0xfffe0606, 0x81818181, 14
	T_RI 141, srai, 0xffffffff, 0x81818181, 31
	T_RI 142, srai, 0x01090909, 0x21212121, 5
	T_RI_D 143, srai, 0xfffff123, 0xfff12340, 8
	T_RI_Z 144, srai, 0x00000000, 31
	T_RI_ZD 145, srai, 0x80000000, 3
	T_RI_FWD 146, srai, 0xff800000, 0x80000000, 8, 0, 3

	RVTEST_END

/* alu.S: register-register ALU operations: add sub slt sltu xor or and.
 * (The shifts sll srl sra are in shift.S.)
 *
 * Results are 32 bits, wrapping; slt/sltu write 1 or 0.
 */
#include "rvtest.h"

	RVTEST_BEGIN

	/* ---- add ---- */
	T_RR 1, add, 0x00000000, 0x00000000, 0x00000000
	T_RR 2, add, 0x00000002, 0x00000001, 0x00000001
	T_RR 3, add, 0x0000000a, 0x00000003, 0x00000007
	T_RR 4, add, 0x80000000, 0x7fffffff, 0x00000001	/* INT_MAX + 1 wraps to INT_MIN */
	T_RR 5, add, 0x00000000, 0x80000000, 0x80000000	/* INT_MIN + INT_MIN */
	T_RR 6, add, 0x00000000, 0xffffffff, 0x00000001	/* -1 + 1 */
	T_RR 7, add, 0xfffffffe, 0xffffffff, 0xffffffff	/* -1 + -1 */
	T_RR 8, add, 0x7fffffff, 0x80000000, 0xffffffff	/* INT_MIN - 1 */
	T_RR 9, add, 0x22222221, 0x12345678, 0x0fedcba9	/* carries through every nibble */
	T_RR 10, add, 0xfffffffe, 0x7fffffff, 0x7fffffff
	T_RR_D1 11, add, 0x00001234, 0x00001000, 0x00000234
	T_RR_D2 12, add, 0x00001234, 0x00001000, 0x00000234
	T_RR_DD 13, add, 0x2468acf0, 0x12345678		/* x + x */
	T_RR_SS 14, add, 0xfffffffe, 0xffffffff
	T_RR_Z1 15, add, 0x89abcdef, 0x89abcdef		/* 0 + b */
	T_RR_Z2 16, add, 0x89abcdef, 0x89abcdef		/* a + 0 */
	T_RR_ZZ 17, add, 0x00000000
	T_RR_ZD 18, add, 0x11111111, 0x22222222
	T_RR_FWD 19, add, 0x00000003, 0x00000001, 0x00000002, 0, 0, 0
	T_RR_FWD 20, add, 0x00000003, 0x00000001, 0x00000002, 1, 0, 1
	T_RR_FWD 21, add, 0x00000003, 0x00000001, 0x00000002, 0, 2, 2
	T_RR_FWD 22, add, 0x00000003, 0x00000001, 0x00000002, 3, 3, 3

	/* ---- sub ---- */
	T_RR 31, sub, 0x00000000, 0x00000000, 0x00000000
	T_RR 32, sub, 0x00000000, 0x00000001, 0x00000001
	T_RR 33, sub, 0xfffffffc, 0x00000003, 0x00000007	/* 3 - 7 = -4 */
	T_RR 34, sub, 0xffffffff, 0x00000000, 0x00000001	/* 0 - 1 */
	T_RR 35, sub, 0x7fffffff, 0x80000000, 0x00000001	/* INT_MIN - 1 wraps */
	T_RR 36, sub, 0x80000000, 0x7fffffff, 0xffffffff	/* INT_MAX - -1 wraps */
	T_RR 37, sub, 0x80000000, 0x00000000, 0x80000000	/* -INT_MIN = INT_MIN */
	T_RR 38, sub, 0x0fedcba9, 0x22222221, 0x12345678
	T_RR 39, sub, 0x00000000, 0xffffffff, 0xffffffff
	T_RR 40, sub, 0x00000001, 0x80000000, 0x7fffffff
	T_RR_D1 41, sub, 0x00000fff, 0x00001000, 0x00000001
	T_RR_D2 42, sub, 0x00000fff, 0x00001000, 0x00000001
	T_RR_DD 43, sub, 0x00000000, 0x87654321		/* x - x */
	T_RR_SS 44, sub, 0x00000000, 0x80000000
	T_RR_Z1 45, sub, 0x76543211, 0x89abcdef		/* 0 - b (neg) */
	T_RR_Z2 46, sub, 0x89abcdef, 0x89abcdef
	T_RR_ZZ 47, sub, 0x00000000
	T_RR_ZD 48, sub, 0x33333333, 0x11111111
	T_RR_FWD 49, sub, 0x00000004, 0x00000007, 0x00000003, 0, 0, 0
	T_RR_FWD 50, sub, 0x00000004, 0x00000007, 0x00000003, 2, 1, 1

	/* ---- slt (signed) ---- */
	T_RR 61, slt, 0, 0x00000000, 0x00000000
	T_RR 62, slt, 1, 0x00000001, 0x00000002
	T_RR 63, slt, 0, 0x00000002, 0x00000001
	T_RR 64, slt, 1, 0xffffffff, 0x00000000		/* -1 < 0 */
	T_RR 65, slt, 0, 0x00000000, 0xffffffff
	T_RR 66, slt, 1, 0x80000000, 0x7fffffff		/* INT_MIN < INT_MAX */
	T_RR 67, slt, 0, 0x7fffffff, 0x80000000
	T_RR 68, slt, 0, 0x80000000, 0x80000000
	T_RR 69, slt, 1, 0xfffffffe, 0xffffffff		/* -2 < -1 */
	T_RR 70, slt, 0, 0xffffffff, 0xfffffffe
	T_RR 71, slt, 1, 0x80000000, 0x00000000
	T_RR 72, slt, 0, 0x7fffffff, 0xffffffff
	T_RR_D1 73, slt, 1, 0xfffff000, 0x00000001
	T_RR_D2 74, slt, 1, 0xfffff000, 0x00000001
	T_RR_DD 75, slt, 0, 0xffffffff			/* never x < x */
	T_RR_Z1 76, slt, 1, 0x00000005			/* 0 < 5: sgtz */
	T_RR_Z1 77, slt, 0, 0xfffffffb			/* 0 < -5 */
	T_RR_Z2 78, slt, 1, 0xfffffffb			/* -5 < 0: sltz */
	T_RR_Z2 79, slt, 0, 0x00000005
	T_RR_ZD 80, slt, 0x00000000, 0x00000001
	T_RR_FWD 81, slt, 1, 0x80000000, 0x00000001, 1, 1, 0

	/* ---- sltu (unsigned) ---- */
	T_RR 91, sltu, 0, 0x00000000, 0x00000000
	T_RR 92, sltu, 1, 0x00000001, 0x00000002
	T_RR 93, sltu, 0, 0x00000002, 0x00000001
	T_RR 94, sltu, 0, 0xffffffff, 0x00000000
	T_RR 95, sltu, 1, 0x00000000, 0xffffffff
	T_RR 96, sltu, 0, 0x80000000, 0x7fffffff
	T_RR 97, sltu, 1, 0x7fffffff, 0x80000000
	T_RR 98, sltu, 1, 0xfffffffe, 0xffffffff
	T_RR 99, sltu, 0, 0xffffffff, 0xfffffffe
	T_RR 100, sltu, 0, 0x00000005, 0x00000005
	T_RR 101, sltu, 0, 0x80000000, 0x80000000
	T_RR_D1 102, sltu, 0, 0xfffff000, 0x00000001
	T_RR_D2 103, sltu, 0, 0xfffff000, 0x00000001
	T_RR_DD 104, sltu, 0, 0x00000001
	T_RR_Z1 105, sltu, 1, 0x00000005		/* snez */
	T_RR_Z1 106, sltu, 0, 0x00000000
	T_RR_Z1 107, sltu, 1, 0x80000000
	T_RR_Z2 108, sltu, 0, 0xffffffff		/* nothing is below 0 */
	T_RR_ZD 109, sltu, 0x00000000, 0x00000001
	T_RR_FWD 110, sltu, 0, 0x80000000, 0x00000001, 0, 1, 2

	/* ---- xor ---- */
	T_RR 121, xor, 0xf0f0f0f0, 0xff00ff00, 0x0ff00ff0
	T_RR 122, xor, 0x0f0f0f0f, 0x00ff00ff, 0x0ff00ff0
	T_RR 123, xor, 0xedcba987, 0xffffffff, 0x12345678	/* not */
	T_RR 124, xor, 0x00000000, 0xffffffff, 0xffffffff
	T_RR 125, xor, 0x7fffffff, 0x80000000, 0xffffffff
	T_RR 126, xor, 0x12345678, 0x12345678, 0x00000000
	T_RR_D1 127, xor, 0xff0ff00f, 0xf00ff00f, 0x0f000000
	T_RR_D2 128, xor, 0xff0ff00f, 0xf00ff00f, 0x0f000000
	T_RR_DD 129, xor, 0x00000000, 0xa5a5a5a5		/* x ^ x */
	T_RR_Z1 130, xor, 0xa5a5a5a5, 0xa5a5a5a5
	T_RR_Z2 131, xor, 0xa5a5a5a5, 0xa5a5a5a5
	T_RR_ZD 132, xor, 0x0f0f0f0f, 0xf0f0f0f0
	T_RR_FWD 133, xor, 0xffffffff, 0xaaaaaaaa, 0x55555555, 0, 0, 1

	/* ---- or ---- */
	T_RR 141, or, 0xfff0fff0, 0xff00ff00, 0x0ff00ff0
	T_RR 142, or, 0x0fff0fff, 0x00ff00ff, 0x0ff00ff0
	T_RR 143, or, 0x00000000, 0x00000000, 0x00000000
	T_RR 144, or, 0xffffffff, 0xaaaaaaaa, 0x55555555
	T_RR 145, or, 0x80000001, 0x80000000, 0x00000001
	T_RR_D1 146, or, 0xf0fff0ff, 0xf00ff00f, 0x00f000f0
	T_RR_D2 147, or, 0xf0fff0ff, 0xf00ff00f, 0x00f000f0
	T_RR_DD 148, or, 0x5a5a0f0f, 0x5a5a0f0f		/* x | x */
	T_RR_Z1 149, or, 0x5a5a0f0f, 0x5a5a0f0f
	T_RR_Z2 150, or, 0x5a5a0f0f, 0x5a5a0f0f
	T_RR_ZD 151, or, 0x0f0f0f0f, 0xf0f0f0f0
	T_RR_FWD 152, or, 0x0000ffff, 0x0000ff00, 0x000000ff, 1, 0, 0

	/* ---- and ---- */
	T_RR 161, and, 0x0f000f00, 0xff00ff00, 0x0ff00ff0
	T_RR 162, and, 0x00f000f0, 0x00ff00ff, 0x0ff00ff0
	T_RR 163, and, 0x80000001, 0xffffffff, 0x80000001
	T_RR 164, and, 0x00000000, 0xaaaaaaaa, 0x55555555
	T_RR 165, and, 0xffffffff, 0xffffffff, 0xffffffff
	T_RR_D1 166, and, 0xf000f000, 0xf00ff00f, 0xf0f0f0f0
	T_RR_D2 167, and, 0xf000f000, 0xf00ff00f, 0xf0f0f0f0
	T_RR_DD 168, and, 0x5a5a0f0f, 0x5a5a0f0f		/* x & x */
	T_RR_Z1 169, and, 0x00000000, 0xffffffff
	T_RR_Z2 170, and, 0x00000000, 0xffffffff
	T_RR_ZD 171, and, 0xffffffff, 0xffffffff
	T_RR_FWD 172, and, 0x00001000, 0x00003000, 0x00001800, 0, 3, 0

	RVTEST_END

/* upper.S: lui and auipc.
 *
 * lui rd, imm20: rd = imm20 << 12.  auipc rd, imm20: rd = pc + (imm20 << 12),
 * pc being the auipc's own address.  Expected addresses come from absolute
 * lui/addi pairs (LA_ABS, EXPECT_SYM: the image is linked at 0), never from
 * auipc itself.
 */
#include "rvtest.h"

	RVTEST_BEGIN

	/* ---- lui ---- */
	CHECK 1
	lui a0, 0
	EXPECT a0, 0x00000000

	CHECK 2
	lui a0, 0xfffff
	EXPECT a0, 0xfffff000

	CHECK 3
	lui a0, 0x7ffff
	EXPECT a0, 0x7ffff000

	CHECK 4
	lui a0, 0x80000
	EXPECT a0, 0x80000000

	CHECK 5
	lui a0, 0x12345
	EXPECT a0, 0x12345000

	CHECK 6
	lui a0, 1
	EXPECT a0, 0x00001000

	/* 7: the low 12 bits are zeroed, whatever rd held */
	CHECK 7
	li a0, -1
	lui a0, 0xabcde
	EXPECT a0, 0xabcde000

	/* 8: lui + addi builds any constant; the sign of the addi borrows */
	CHECK 8
	lui a0, 0x12345
	addi a0, a0, 0x678
	EXPECT a0, 0x12345678

	CHECK 9
	lui a0, 0x12346
	addi a0, a0, -0x788		/* 0x12346000 - 0x788 */
	EXPECT a0, 0x12345878

	/* 10: the result used at once, arithmetic shift keeps bit 31 */
	CHECK 10
	lui a0, 0x80000
	srai a0, a0, 12
	EXPECT a0, 0xfff80000

	/* 11: lui x0 writes nothing */
	CHECK 11
	lui x0, 0x80000
	add a0, x0, x0
	EXPECT a0, 0
	EXPECT x0, 0

	/* ---- auipc ---- */
	/* 21: auipc 0 is the address of the auipc itself */
	CHECK 21
.Lpc21:
	auipc a0, 0
	EXPECT_SYM a0, .Lpc21

	CHECK 22
.Lpc22:
	auipc a0, 1
	EXPECT_SYM a0, .Lpc22 + 0x1000

	/* 23: a negative offset wraps below address 0 */
	CHECK 23
.Lpc23:
	auipc a0, 0xfffff
	EXPECT_SYM a0, .Lpc23 - 0x1000

	CHECK 24
.Lpc24:
	auipc a0, 0x80000
	EXPECT_SYM a0, .Lpc24 + 0x80000000

	CHECK 25
.Lpc25:
	auipc a0, 0x7ffff
	EXPECT_SYM a0, .Lpc25 + 0x7ffff000

	/* 26: two auipc in a row differ by 4 */
	CHECK 26
	auipc a0, 0
	auipc a1, 0
	sub a2, a1, a0
	EXPECT a2, 4

	/* 27: auipc + addi (what la does) reaches a label */
	CHECK 27
.Lpcrel27:
	auipc a0, %pcrel_hi(.Lfar27)
	addi a0, a0, %pcrel_lo(.Lpcrel27)
	EXPECT_SYM a0, .Lfar27

	/* 28: auipc x0 writes nothing */
	CHECK 28
	auipc x0, 0x12345
	add a0, x0, x0
	EXPECT a0, 0

	/* 29: auipc result used by jalr at once: a pc-relative jump */
	CHECK 29
	li a1, 0
.Lpc29:
	auipc a0, 0
	jalr x0, 16(a0)			/* .Lpc29 + 16: the addi below */
	j rv_fail			/* +8 */
	j rv_fail			/* +12 */
	addi a1, a1, 1			/* +16 */
	EXPECT a1, 1

	j .Ldone
	.align 4
	.word 0, 0, 0
.Lfar27:
	.word 0
.Ldone:
	RVTEST_END

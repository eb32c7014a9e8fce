/* misaligned.S: misaligned loads, stores, jumps and branches trap.
 *
 * A load (lh lhu at an odd address, lw at one not a multiple of 4) raises
 * mcause 4, a store (sh, sw) mcause 6, mtval = the effective address, mepc
 * = the instruction; rd and memory are not written.  A taken branch, jal or
 * jalr whose target is not a multiple of 4 raises mcause 0, mtval = the
 * target, mepc = the jump; its rd is not written.  (jalr clears bit 0 of
 * rs1 + offset first.)  A branch not taken never traps.  Byte accesses are
 * never misaligned.
 */
#include "rvtest.h"

#define SENTINEL 0x5a5a5a5a

	/* op rd, off(rs1) with rs1 + off = addr traps (cause 4) */
	.macro T_LD_MIS n, op, addr, off
	CHECK \n
	LA_ABS a1, \addr - (\off)
	li a0, SENTINEL
	TRAP_ARM
.Lt\@:
	\op a0, \off(a1)
	EXPECT_TRAP SOC_EXC_LOAD_MISALIGNED, .Lt\@
	EXPECT_SYM TR_TVAL, \addr
	EXPECT a0, SENTINEL
	EXPECT_SYM a1, \addr - (\off)
	.endm

	/* op rs2, off(rs1) with rs1 + off = addr traps (cause 6); the two
	 * words at mw are untouched */
	.macro T_ST_MIS n, op, addr, off
	CHECK \n
	LA_ABS a1, mw
	li t0, 0x11223344
	sw t0, 0(a1)
	li t0, 0x55667788
	sw t0, 4(a1)
	LA_ABS a2, \addr - (\off)
	li a3, 0xdeadbeef
	TRAP_ARM
.Lt\@:
	\op a3, \off(a2)
	EXPECT_TRAP SOC_EXC_STORE_MISALIGNED, .Lt\@
	EXPECT_SYM TR_TVAL, \addr
	lw a0, 0(a1)
	EXPECT a0, 0x11223344
	lw a0, 4(a1)
	EXPECT a0, 0x55667788
	.endm

	/* "pre .Lx + 2" (a jal or a taken branch, pre being all of it but the
	 * target: "jal ra,") traps: cause 0, mtval .Lx + 2, ra not written */
	.macro T_JMP_MIS n, pre:vararg
	CHECK \n
	li ra, SENTINEL
	TRAP_ARM
.Lj\@:
	\pre .Lx\@ + 2
	j .Lback\@			/* the handler resumes here */
.Lx\@:
	j rv_fail			/* neither the aligned-down target */
	j rv_fail			/* nor the next word */
.Lback\@:
	EXPECT_TRAP SOC_EXC_INSN_MISALIGNED, .Lj\@
	EXPECT_SYM TR_TVAL, .Lx\@ + 2
	EXPECT ra, SENTINEL
	.endm

	RVTEST_BEGIN
	TRAP_RECORD

	/* ---- loads ---- */
	T_LD_MIS 1, lh, mw + 1, 0
	T_LD_MIS 2, lh, mw + 3, 0
	T_LD_MIS 3, lhu, mw + 1, 0
	T_LD_MIS 4, lhu, mw + 3, 0
	T_LD_MIS 5, lw, mw + 1, 0
	T_LD_MIS 6, lw, mw + 2, 0
	T_LD_MIS 7, lw, mw + 3, 0
	/* the effective address counts, not rs1 */
	T_LD_MIS 8, lw, mw + 2, 2		/* aligned rs1 */
	T_LD_MIS 9, lw, mw + 1, -3
	T_LD_MIS 10, lh, mw + 5, 1
	T_LD_MIS 11, lhu, mw + 1, 2047
	T_LD_MIS 12, lw, mw + 6, -2048

	/* 13: rd == rs1: rs1 keeps its value */
	CHECK 13
	LA_ABS a1, mw + 2
	TRAP_ARM
.Lt13:
	lw a1, 0(a1)
	EXPECT_TRAP 4, .Lt13
	EXPECT_SYM a1, mw + 2

	/* 14: aligned and byte loads at every offset do not trap */
	CHECK 14
	LA_ABS a1, mw
	TRAP_ARM
	lb a0, 1(a1)
	lbu a0, 3(a1)
	lh a0, 2(a1)
	lhu a0, 2(a1)
	lw a0, 4(a1)
	lb a0, 5(a1)
	EXPECT_NO_TRAP

	/* ---- stores ---- */
	T_ST_MIS 21, sh, mw + 1, 0
	T_ST_MIS 22, sh, mw + 3, 0		/* across the two words */
	T_ST_MIS 23, sw, mw + 1, 0
	T_ST_MIS 24, sw, mw + 2, 0
	T_ST_MIS 25, sw, mw + 3, 0
	T_ST_MIS 26, sw, mw + 2, 2
	T_ST_MIS 27, sh, mw + 5, -1
	T_ST_MIS 28, sw, mw + 1, 2047

	/* 29: byte stores at odd addresses and aligned half stores do not trap */
	CHECK 29
	LA_ABS a1, mw
	li t0, 0
	sw t0, 0(a1)
	TRAP_ARM
	li t0, 0xab
	sb t0, 1(a1)
	sb t0, 3(a1)
	li t0, 0xcd
	sh t0, 2(a1)
	EXPECT_NO_TRAP
	lw a0, 0(a1)
	EXPECT a0, 0x00cdab00

	/* ---- jal ---- */
	T_JMP_MIS 31, jal ra,
	T_JMP_MIS 32, jal x0,

	/* 33: backward */
	CHECK 33
	li ra, SENTINEL
	j .Lf33
.Lx33:
	j rv_fail
	j rv_fail
.Lf33:
	TRAP_ARM
.Lj33:
	jal ra, .Lx33 + 2
	EXPECT_TRAP 0, .Lj33
	EXPECT_SYM TR_TVAL, .Lx33 + 2
	EXPECT ra, SENTINEL

	/* ---- jalr ---- */
	/* 41: rs1 = target + 2 */
	CHECK 41
	LA_ABS a1, .Lx41 + 2
	li ra, SENTINEL
	TRAP_ARM
.Lj41:
	jalr ra, 0(a1)
	j .Lb41
.Lx41:
	j rv_fail
	j rv_fail
.Lb41:
	EXPECT_TRAP 0, .Lj41
	EXPECT_SYM TR_TVAL, .Lx41 + 2
	EXPECT ra, SENTINEL

	/* 42: rs1 = target + 3: bit 0 cleared, bit 1 remains */
	CHECK 42
	LA_ABS a1, .Lx42 + 3
	li ra, SENTINEL
	TRAP_ARM
.Lj42:
	jalr ra, 0(a1)
	j .Lb42
.Lx42:
	j rv_fail
	j rv_fail
.Lb42:
	EXPECT_TRAP 0, .Lj42
	EXPECT_SYM TR_TVAL, .Lx42 + 2
	EXPECT ra, SENTINEL

	/* 43: aligned rs1, offset 2 */
	CHECK 43
	LA_ABS a1, .Lx43
	li ra, SENTINEL
	TRAP_ARM
.Lj43:
	jalr ra, 2(a1)
	j .Lb43
.Lx43:
	j rv_fail
	j rv_fail
.Lb43:
	EXPECT_TRAP 0, .Lj43
	EXPECT_SYM TR_TVAL, .Lx43 + 2
	EXPECT ra, SENTINEL

	/* 44: aligned rs1, offset 3 */
	CHECK 44
	LA_ABS a1, .Lx44
	li ra, SENTINEL
	TRAP_ARM
.Lj44:
	jalr ra, 3(a1)
	j .Lb44
.Lx44:
	j rv_fail
	j rv_fail
.Lb44:
	EXPECT_TRAP 0, .Lj44
	EXPECT_SYM TR_TVAL, .Lx44 + 2
	EXPECT ra, SENTINEL

	/* 45: offset -2 (backward) */
	CHECK 45
	LA_ABS a1, .Lx45 + 4
	li ra, SENTINEL
	j .Lf45
.Lx45:
	j rv_fail
	j rv_fail
.Lf45:
	TRAP_ARM
.Lj45:
	jalr ra, -2(a1)
	EXPECT_TRAP 0, .Lj45
	EXPECT_SYM TR_TVAL, .Lx45 + 2
	EXPECT ra, SENTINEL

	/* 46: rd == rs1: rs1 is not overwritten either */
	CHECK 46
	LA_ABS a1, .Lx46 + 2
	TRAP_ARM
.Lj46:
	jalr a1, 0(a1)
	j .Lb46
.Lx46:
	j rv_fail
	j rv_fail
.Lb46:
	EXPECT_TRAP 0, .Lj46
	EXPECT_SYM TR_TVAL, .Lx46 + 2
	EXPECT_SYM a1, .Lx46 + 2

	/* 47: jalr x0 (a misaligned ret) */
	CHECK 47
	LA_ABS a1, .Lx47 + 2
	TRAP_ARM
.Lj47:
	jalr x0, 0(a1)
	j .Lb47
.Lx47:
	j rv_fail
	j rv_fail
.Lb47:
	EXPECT_TRAP 0, .Lj47
	EXPECT_SYM TR_TVAL, .Lx47 + 2

	/* 48: jalr whose odd sum is made even by bit 0: no trap */
	CHECK 48
	LA_ABS a1, .Lx48 - 1
	TRAP_ARM
	jalr ra, 2(a1)			/* .Lx48 + 1 -> .Lx48 */
.Lr48:
	j rv_fail
.Lx48:
	EXPECT_NO_TRAP
	EXPECT_SYM ra, .Lr48

	/* ---- branches: taken to a misaligned target ---- */
	T_JMP_MIS 51, beq x0, x0,
	li a4, 1
	li a5, 2
	T_JMP_MIS 53, bne a4, a5,
	T_JMP_MIS 54, blt a4, a5,
	T_JMP_MIS 55, bge a5, a4,
	T_JMP_MIS 56, bltu a4, a5,
	T_JMP_MIS 57, bgeu a5, a4,

	/* 58: backward */
	CHECK 58
	j .Lf58
.Lx58:
	j rv_fail
	j rv_fail
.Lf58:
	TRAP_ARM
.Lj58:
	bne a4, a5, .Lx58 + 2
	EXPECT_TRAP 0, .Lj58
	EXPECT_SYM TR_TVAL, .Lx58 + 2

	/* 59: not taken: no trap, whatever the target */
	CHECK 59
	TRAP_ARM
	beq a4, a5, .Lx59 + 2
	bne a4, a4, .Lx59 + 2
	blt a5, a4, .Lx59 + 2
	bge a4, a5, .Lx59 + 2
	bltu a5, a4, .Lx59 + 2
	bgeu a4, a5, .Lx59 + 2
	j .Lb59
.Lx59:
	j rv_fail
	j rv_fail
.Lb59:
	EXPECT_NO_TRAP

	RVTEST_END

	.data
	.align 4
	.word 0, 0
mw:	.word 0, 0
	.word 0, 0

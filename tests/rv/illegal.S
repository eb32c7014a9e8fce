/* illegal.S: illegal instructions trap with mcause 2, mtval = the
 * instruction word, mepc = its pc, and change nothing (rd = a0 keeps its
 * value).
 *
 * The instructions are hand-encoded words (the comment says what each
 * decodes to); the expected mtval is the same word.  Groups: 1..: words
 * outside RV32IM + Zicsr (the all-zero and all-ones words, opcodes of other
 * extensions and of RV64); 21..: reserved function fields in RV32I opcodes;
 * 41..: SYSTEM; 51..: CSR numbers that do not exist; 61..: writes to
 * read-only CSRs (csr[11:10] = 3); 81..: an illegal word that is not
 * executed must not trap.
 */
#include "rvtest.h"

#define SENTINEL 0x5a5a5a5a

	.macro T_ILL n, word
	CHECK \n
	li a0, SENTINEL
	TRAP_ARM
.Lt\@:
	.word \word
	EXPECT_TRAP SOC_EXC_ILLEGAL_INSN, .Lt\@
	EXPECT TR_TVAL, \word
	EXPECT a0, SENTINEL
	.endm

	RVTEST_BEGIN
	TRAP_RECORD
	li a1, 0			/* rs1 of the CSR writes below */

	/* ---- not RV32IM + Zicsr ---- */
	T_ILL 1, 0x00000000		/* all zeros */
	T_ILL 2, 0xffffffff		/* all ones */
	T_ILL 3, 0x0000000b		/* custom-0 */
	T_ILL 4, 0x0000002b		/* custom-1 */
	T_ILL 5, 0x0000005b		/* custom-2 */
	T_ILL 6, 0x0000007b		/* custom-3 */
	T_ILL 7, 0x00002507		/* flw f10, 0(x0): LOAD-FP */
	T_ILL 8, 0x00002027		/* fsw f0, 0(x0): STORE-FP */
	T_ILL 9, 0x0000252f		/* amoadd.w a0, x0, (x0): AMO */
	T_ILL 10, 0x00000053		/* fadd.s f0, f0, f0, rne: OP-FP */
	T_ILL 11, 0x00000043		/* fmadd.s: MADD */
	T_ILL 12, 0x0000051b		/* addiw a0, x0, 0: OP-IMM-32 (RV64) */
	T_ILL 13, 0x0000053b		/* addw a0, x0, x0: OP-32 (RV64) */
	T_ILL 14, 0x00000057		/* OP-V */

	/* ---- reserved function fields ---- */
	T_ILL 21, 0x00003503		/* ld a0, 0(x0): LOAD funct3 3 (RV64) */
	T_ILL 22, 0x00006503		/* lwu a0, 0(x0): LOAD funct3 6 (RV64) */
	T_ILL 23, 0x00007503		/* LOAD funct3 7 */
	T_ILL 24, 0x00003023		/* sd x0, 0(x0): STORE funct3 3 (RV64) */
	T_ILL 25, 0x00004023		/* STORE funct3 4 */
	T_ILL 26, 0x00002463		/* BRANCH funct3 2, x0, x0, +8 */
	T_ILL 27, 0x00003463		/* BRANCH funct3 3, x0, x0, +8 */
	T_ILL 28, 0x40001533		/* OP funct7 0x20 funct3 1 (sll) */
	T_ILL 29, 0x40002533		/* OP funct7 0x20 funct3 2 (slt) */
	T_ILL 30, 0x40004533		/* OP funct7 0x20 funct3 4 (xor) */
	T_ILL 31, 0x04000533		/* OP funct7 0x02 */
	T_ILL 32, 0x80000533		/* OP funct7 0x40 */
	T_ILL 33, 0x42000533		/* OP funct7 0x21 */
	T_ILL 34, 0x40001513		/* slli with imm[11:5] = 0x20 */
	T_ILL 35, 0x02001513		/* slli a0, x0, 32: shamt[5] set (RV64 only) */
	T_ILL 36, 0x02005513		/* srli a0, x0, 32 */
	T_ILL 37, 0x42005513		/* srai a0, x0, 32 */
	T_ILL 38, 0x20005513		/* srli with imm[11:5] = 0x10 */
	T_ILL 39, 0x0000200f		/* MISC-MEM funct3 2 */

	/* 40: JALR funct3 1: if it jumped after all, it would land on .Lpad40 */
	LA_ABS a1, .Lpad40
	T_ILL 40, 0x00059067		/* jalr x0, 0(a1) with funct3 1 */
	li a1, 0
	j .Le40
.Lpad40:
	j rv_fail
.Le40:

	/* ---- SYSTEM ---- */
	T_ILL 41, 0x00004073		/* SYSTEM funct3 4 */
	T_ILL 42, 0x10200073		/* sret: no supervisor mode */
	T_ILL 43, 0x00200073		/* uret: no user-mode traps */
	T_ILL 44, 0x12000073		/* sfence.vma x0, x0 */
	T_ILL 45, 0x7b200073		/* dret: not in debug mode */

	/* ---- CSRs ---- */
	/* numbers that do not exist (csrrs a0, csr, x0 = csr << 20 | 0x2573) */
	T_ILL 51, 0x7c002573		/* csrr a0, 0x7c0 (custom) */
	T_ILL 52, 0x7c059073		/* csrw 0x7c0, a1 */
	T_ILL 53, 0x10002573		/* csrr a0, sstatus */
	T_ILL 54, 0x18002573		/* csrr a0, satp */
	T_ILL 55, 0x00002573		/* csrr a0, 0x000 (ustatus) */
	T_ILL 56, 0xfff02573		/* csrr a0, 0xfff */
	T_ILL 57, 0x7b002573		/* csrr a0, dcsr: debug mode only */

	/* writes to read-only CSRs: every form that writes, even of zero */
	T_ILL 61, 0xf1159073		/* csrrw x0, mvendorid, a1 */
	T_ILL 62, 0xf1459573		/* csrrw a0, mhartid, a1 */
	T_ILL 63, 0xf145a573		/* csrrs a0, mhartid, a1 (a1 = 0: still a write) */
	T_ILL 64, 0xf125b573		/* csrrc a0, marchid, a1 */
	T_ILL 65, 0xf1305573		/* csrrwi a0, mimpid, 0 (always a write) */
	T_ILL 66, 0xf140e573		/* csrrsi a0, mhartid, 1 */
	T_ILL 67, 0xf140f573		/* csrrci a0, mhartid, 1 */
	T_ILL 68, 0xc0059073		/* csrrw x0, cycle, a1 */
	T_ILL 69, 0xc015a073		/* csrrs x0, time, a1 */
	T_ILL 70, 0xc0205073		/* csrrwi x0, instret, 0 */
	T_ILL 71, 0xc8059073		/* csrrw x0, cycleh, a1 */
	T_ILL 72, 0xc81fe573		/* csrrsi a0, timeh, 31 */
	T_ILL 73, 0xc825b573		/* csrrc a0, instreth, a1 */

	/* 74: the read-only forms of the same do not trap */
	CHECK 74
	TRAP_ARM
	csrrs a0, mhartid, x0
	csrrc a0, mhartid, x0
	csrrsi a0, mhartid, 0
	csrrci a0, cycle, 0
	csrrs a0, timeh, x0
	EXPECT_NO_TRAP

	/* ---- an illegal word that is not executed does not trap ---- */
	/* 81: in the shadow of a taken branch */
	CHECK 81
	TRAP_ARM
	beq x0, x0, 1f
	.word 0x00000000
	.word 0xffffffff
1:	EXPECT_NO_TRAP

	/* 82: after a jal */
	CHECK 82
	TRAP_ARM
	jal x0, 1f
	.word 0x00000000
1:	EXPECT_NO_TRAP

	/* 83: after a jalr */
	CHECK 83
	TRAP_ARM
	LA_ABS a2, 1f
	jalr x0, 0(a2)
	.word 0xffffffff
1:	EXPECT_NO_TRAP

	/* 84: after an mret */
	CHECK 84
	TRAP_ARM
	LA_ABS a2, 1f
	csrw mepc, a2
	mret
	.word 0x00000000
1:	EXPECT_NO_TRAP

	/* 85: two illegal words in a row: two traps, in order */
	CHECK 85
	TRAP_ARM
.Lt85:
	.word 0x00000000
	EXPECT TR_COUNT, 1
	EXPECT_SYM TR_EPC, .Lt85
.Lt85b:
	.word 0xffffffff
	EXPECT TR_COUNT, 2
	EXPECT_SYM TR_EPC, .Lt85b
	EXPECT TR_TVAL, 0xffffffff

	RVTEST_END

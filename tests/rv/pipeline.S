/* pipeline.S: what a pipelined core can get wrong and the other files may
 * not reach: results used by the very next instruction for every kind of
 * producer (ALU, load, CSR) and consumer (ALU, address, store data,
 * branch, jalr, CSR source); stores followed at once by loads of the same
 * bytes; CSR writes seen by the next instruction; and instructions in the
 * shadow of a taken branch, a jump, mret or a trap, which must have no
 * effect at all.
 *
 * The ISA has no delay slots and no load delay: each instruction sees the
 * results of all before it, and an instruction that control flow skips
 * neither writes anything nor traps (the unprivileged ISA's sequential
 * model; the privileged ISA's traps are taken by the instruction that
 * causes them, and mepc is its pc).  Interrupts at such places:
 * irq_pipe.S.
 */
#include "rvtest.h"

	RVTEST_BEGIN
	csrw mie, x0			/* no interrupt can be taken in this file */
	csrw mstatus, x0
	TRAP_RECORD

	/* ---- ALU results used at once ---- */
	/* 1: a chain, each result the next one's operand (rs1, rs2 or both) */
	CHECK 1
	li a0, 0x12345678
	slli a1, a0, 4			/* 0x23456780 */
	xor a2, a1, a0			/* 0x317131f8 */
	srai a3, a2, 3			/* 0x062e263f (bit 31 is 0) */
	sub a4, a3, a2			/* 0x062e263f - 0x317131f8 = 0xd4bcf447 */
	sltu a5, a4, a3			/* 0xd4bcf447 < 0x062e263f: no, 0 */
	add a5, a5, a4			/* 0xd4bcf447 */
	or a6, a5, a0			/* | 0x12345678 = 0xd6bcf67f */
	srl a7, a6, a5			/* by 0x47 & 31 = 7: 0x01ad79ec */
	mul a0, a7, a0			/* low word of 0x01ad79ec * 0x12345678 */
	EXPECT a0, 0x6c366ea0
	EXPECT a7, 0x01ad79ec

	/* 2: two registers made alternately from each other (Fibonacci) */
	CHECK 2
	li t0, 1
	add t1, t0, t0			/* 2 */
	add t0, t1, t0			/* 3 */
	add t1, t0, t1			/* 5 */
	add t0, t1, t0			/* 8 */
	add t1, t0, t1			/* 13 */
	sub t0, t0, t1			/* 8 - 13 = -5 */
	EXPECT t0, 0xfffffffb
	EXPECT t1, 13

	/* 3: the newest of two writes in flight wins; the older one was seen
	 * by the instruction between them */
	CHECK 3
	li a1, 10
	add a2, a1, x0			/* 10 */
	li a1, 20
	add a3, a1, a2			/* 30 */
	addi a1, a1, 1			/* 21 */
	addi a1, a1, 1			/* 22 */
	EXPECT a1, 22
	EXPECT a3, 30

	/* ---- loads used at once ---- */
	/* 11: a loaded word as both operands of the next instruction */
	CHECK 11
	LA_ABS a0, pbuf
	lw a1, 0(a0)			/* 0x123 */
	add a2, a1, a1
	EXPECT a2, 0x246

	/* 12: ... as rs2 only, rs1 made just before the load */
	CHECK 12
	li a3, 0x1000
	lw a1, 0(a0)
	sub a2, a3, a1			/* 0x1000 - 0x123 */
	EXPECT a2, 0xedd

	/* 13: every load width, extended, used at once (pbuf + 4 holds the
	 * bytes 92 7f f1 80) */
	CHECK 13
	lb a1, 4(a0)			/* 0x92: -110 */
	addi a2, a1, 0
	EXPECT a2, 0xffffff92
	lbu a1, 5(a0)			/* 0x7f */
	slli a2, a1, 1
	EXPECT a2, 0xfe
	lh a1, 6(a0)			/* 0x80f1, negative */
	srai a2, a1, 4
	EXPECT a2, 0xfffff80f
	lhu a1, 6(a0)			/* 0x000080f1 */
	srli a2, a1, 4
	EXPECT a2, 0x80f
	lw a1, 4(a0)
	xori a2, a1, -1
	EXPECT a2, 0x7f0e806d

	/* 14: a loaded pointer used at once as a store's address and data */
	CHECK 14
	lw a1, 8(a0)			/* pbuf + 12 */
	sw a1, 0(a1)
	lw a2, 12(a0)
	EXPECT_SYM a2, pbuf + 12

	/* 15: pointer chasing: each load's result the next one's base, and a
	 * load that overwrites its own base */
	CHECK 15
	lw a1, 16(a0)			/* pbuf + 20 */
	lw a2, 0(a1)			/* 0x5555aaaa */
	EXPECT a2, 0x5555aaaa
	LA_ABS a4, pbuf + 16
	lw a4, 0(a4)
	lw a4, 0(a4)
	EXPECT a4, 0x5555aaaa

	/* 16: a load's result two instructions later, with an independent
	 * load between */
	CHECK 16
	lw a1, 0(a0)			/* 0x123 */
	lw a2, 20(a0)			/* 0x5555aaaa */
	add a3, a1, a2
	EXPECT a3, 0x5555abcd

	/* ---- loads, then branches and jumps ---- */
	/* 21: the loaded value decides a branch at once, taken and not */
	CHECK 21
	li a2, 0x123
	lw a1, 0(a0)
	beq a1, a2, 1f			/* taken */
	j rv_fail
1:	lw a1, 4(a0)			/* 0x80f17f92 */
	blt a1, x0, 2f			/* taken: negative */
	j rv_fail
2:	lw a1, 4(a0)
	bgeu a1, a2, 3f			/* taken: 0x80f17f92 >= 0x123 unsigned */
	j rv_fail
3:	lw a1, 0(a0)
	bne a1, a2, .Lfail		/* not taken */
	lw a1, 4(a0)
	bge a1, x0, .Lfail		/* not taken */
	lw a1, 4(a0)
	bltu a1, a2, .Lfail		/* not taken */

	/* 22: a loaded pointer plus an offset as a jalr target at once */
	CHECK 22
	lw a1, 24(a0)			/* .Lt22 - 8 */
	jalr ra, 8(a1)
.Lr22:
	j rv_fail
.Lt22:
	EXPECT_SYM ra, .Lr22

	/* 23: a jal right after a load, its result used at the target */
	CHECK 23
	lw a1, 0(a0)
	jal t0, 1f
	j rv_fail
1:	addi a2, a1, 1
	EXPECT a2, 0x124

	/* ---- stores, then loads of the same bytes ---- */
	/* 31: sw then lw, same base and offset */
	CHECK 31
	li a1, 0xcafef00d
	sw a1, 28(a0)
	lw a2, 28(a0)
	EXPECT a2, 0xcafef00d

	/* 32: each byte stored, then the word, half or byte read at once */
	CHECK 32
	sw x0, 28(a0)
	li a1, 0x11
	sb a1, 28(a0)
	lw a2, 28(a0)
	EXPECT a2, 0x00000011
	li a1, 0x22
	sb a1, 29(a0)
	lhu a2, 28(a0)
	EXPECT a2, 0x2211
	li a1, 0xa3
	sb a1, 30(a0)
	lb a2, 30(a0)
	EXPECT a2, 0xffffffa3
	li a1, 0x44
	sb a1, 31(a0)
	lw a2, 28(a0)
	EXPECT a2, 0x44a32211

	/* 33: a halfword stored, then read as a half and as the word */
	CHECK 33
	li a1, 0x8765
	sh a1, 30(a0)
	lh a2, 30(a0)
	EXPECT a2, 0xffff8765
	lw a2, 28(a0)
	EXPECT a2, 0x87652211

	/* 34: the same address reached from another base register */
	CHECK 34
	li a1, 0x600df00d
	addi a3, a0, 64
	sw a1, -36(a3)			/* pbuf + 28 */
	lw a2, 28(a0)
	EXPECT a2, 0x600df00d

	/* 35: a store, a load elsewhere, then the stored word */
	CHECK 35
	li a1, 0x13579bdf
	sw a1, 28(a0)
	lw a2, 0(a0)
	lw a3, 28(a0)
	EXPECT a2, 0x123
	EXPECT a3, 0x13579bdf

	/* 36: read, modify, write, read again, back to back */
	CHECK 36
	lw a1, 28(a0)
	addi a1, a1, 1
	sw a1, 28(a0)
	lw a2, 28(a0)
	EXPECT a2, 0x13579be0

	/* ---- CSR writes seen by the next instruction ---- */
	/* 41: csrw then csrr of the same CSR */
	CHECK 41
	li a1, 0x5a5a0001
	csrw mscratch, a1
	csrr a2, mscratch
	EXPECT a2, 0x5a5a0001

	/* 42: csrrw back to back: each reads what the one before wrote */
	CHECK 42
	li a1, 0x11111111
	li a2, 0x22222222
	csrw mscratch, a1
	csrrw a3, mscratch, a2		/* a3 = 0x11111111 */
	csrrw a4, mscratch, a3		/* a4 = 0x22222222 */
	csrr a5, mscratch
	EXPECT a3, 0x11111111
	EXPECT a4, 0x22222222
	EXPECT a5, 0x11111111

	/* 43: set and clear bits back to back */
	CHECK 43
	csrw mscratch, x0
	csrrsi a1, mscratch, 0x5	/* 0, then 0x05 */
	csrrsi a2, mscratch, 0x12	/* 0x05, then 0x17 */
	csrrci a3, mscratch, 0x4	/* 0x17, then 0x13 */
	csrr a4, mscratch
	EXPECT a1, 0
	EXPECT a2, 0x05
	EXPECT a3, 0x17
	EXPECT a4, 0x13

	/* 44: an ALU result as the CSR source at once, the CSR's old value
	 * used at once */
	CHECK 44
	li a1, 0xf0
	addi a1, a1, 0xf		/* 0xff */
	csrrw a2, mscratch, a1		/* a2 = 0x13 */
	add a3, a2, a1			/* 0x112 */
	csrr a4, mscratch
	EXPECT a3, 0x112
	EXPECT a4, 0xff

	/* 45: csrrw with rd == rs1 swaps */
	CHECK 45
	li a1, 0xabc
	csrw mscratch, a1
	li a1, 0xdef
	csrrw a1, mscratch, a1
	csrr a2, mscratch
	EXPECT a1, 0xabc
	EXPECT a2, 0xdef

	/* 46: mtvec written, and the next instruction's trap goes there */
	CHECK 46
	LA_ABS t0, .Lh46
	csrw mtvec, t0
	ecall
	j rv_fail
.Lh46:
	csrr a1, mcause
	EXPECT a1, 11
	TRAP_RECORD

	/* 47: mepc written, and the next instruction (mret) returns there */
	CHECK 47
	LA_ABS t0, .Lm47
	csrw mepc, t0
	mret
	j rv_fail
.Lm47:

	/* 48: mstatus written, then read */
	CHECK 48
	li a1, MSTATUS_MPIE
	csrw mstatus, a1
	csrr a2, mstatus
	EXPECT a2, MSTATUS_MPP | MSTATUS_MPIE
	csrw mstatus, x0

	/* ---- the shadow of a taken branch or jump ---- */
	/* 51: instructions that would trap, right behind taken branches and
	 * jumps (two of them behind each): none traps */
	CHECK 51
	TRAP_ARM
	li s0, RV_NOWHERE
	beq x0, x0, 1f
	ecall
	ebreak
1:	bne s0, x0, 2f
	.word 0				/* illegal */
	lw t5, 1(x0)			/* misaligned */
2:	jal t6, 3f
	lw t5, 0(s0)			/* access fault */
	sw t5, 0(s0)			/* access fault */
3:	LA_ABS t4, 4f
	jalr x0, 0(t4)
	csrw mvendorid, x0		/* illegal: a read-only CSR */
	jalr x0, 2(t4)			/* misaligned target */
4:	LA_ABS t0, .Lfail
	csrw mepc, t0
	jal x0, 5f
	mret				/* to .Lfail */
	j rv_fail
5:	EXPECT_NO_TRAP

	/* 52: ... and instructions that would write a register, memory or a
	 * CSR: nothing changes */
	CHECK 52
	TRAP_ARM
	li a1, 0x5151
	csrw mscratch, a1
	csrr s1, mstatus
	li a2, 0x7777
	sw a2, 32(a0)
	li a3, 1
	li a4, 0x1234
	j 1f
	csrw mscratch, x0
	sw x0, 32(a0)
1:	beq a3, a3, 2f
	addi a4, x0, 0
	div a4, a4, x0			/* would be all ones */
2:	jal x0, 3f
	mul a4, a4, x0
	csrrsi x0, mstatus, MSTATUS_MIE
3:	csrr a5, mscratch
	EXPECT a5, 0x5151
	lw a5, 32(a0)
	EXPECT a5, 0x7777
	EXPECT a4, 0x1234
	csrr a5, mstatus
	EXPECT_REG a5, s1
	EXPECT_NO_TRAP

	/* 53: a branch on a value loaded just before, taken, with a trap in
	 * its shadow */
	CHECK 53
	TRAP_ARM
	lw a1, 0(a0)
	bne a1, x0, 1f
	ecall
	.word 0
1:	EXPECT_NO_TRAP

	/* 54: not taken, the next instruction does run (and traps) */
	CHECK 54
	TRAP_ARM
	bne x0, x0, 1f
.Lt54:
	ecall
1:	EXPECT_TRAP 11, .Lt54

	/* ---- the shadow of a trap ---- */
	/* 55: what follows an ecall does not run before the handler (which
	 * resumes past it) */
	CHECK 55
	TRAP_ARM
	LA_ABS TR_RESUME, .Lr55
	li a4, 0x55
.Lt55:
	ecall
	addi a4, x0, 0
	csrw mscratch, x0
.Lr55:
	EXPECT_TRAP 11, .Lt55
	EXPECT a4, 0x55
	csrr a5, mscratch
	EXPECT a5, 0x5151

	/* 56: ... nor what follows a load that faults on the bus */
	CHECK 56
	TRAP_ARM
	LA_ABS TR_RESUME, .Lr56
	li a4, 0x56
.Lt56:
	lw t5, 0(s0)			/* RV_NOWHERE */
	addi a4, x0, 0
	sw a4, 32(a0)
.Lr56:
	EXPECT_TRAP SOC_EXC_LOAD_FAULT, .Lt56
	EXPECT a4, 0x56
	lw a5, 32(a0)
	EXPECT a5, 0x7777

	/* 57: ... nor what follows mret */
	CHECK 57
	TRAP_ARM
	LA_ABS t0, 1f
	csrw mepc, t0
	mret
	ecall
	.word 0
1:	EXPECT_NO_TRAP

	TRAP_DEFAULT
	j .Ldone
.Lfail:
	j rv_fail
.Ldone:
	RVTEST_END

	.data
	.align 4
pbuf:	.word 0x00000123		/* 0 */
	.word 0x80f17f92		/* 4 */
	.word pbuf + 12			/* 8 */
	.word 0				/* 12 */
	.word pbuf + 20			/* 16 */
	.word 0x5555aaaa		/* 20 */
	.word .Lt22 - 8			/* 24 */
	.word 0				/* 28 */
	.word 0				/* 32 */

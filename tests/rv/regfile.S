/* regfile.S: all 31 registers hold their own values at once, and each
 * works as rd, rs1 and rs2.
 *
 * x_i is written 0x5a000000 + i * 0x10101 (distinct in every byte but the
 * top); a stuck, shared or misaddressed register shows up as a wrong
 * value.  The harness' own registers (s10, s11) are included: the values
 * are stored to memory first and checked afterwards.
 */
#include "rvtest.h"

#define VAL(i) (0x5a000000 + (i) * 0x10101)

	RVTEST_BEGIN

	/* every register but x31 as rd; x31 then holds the buffer address */
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	li x\r, VAL(\r)
	.endr
	lui x31, %hi(regs)
	addi x31, x31, %lo(regs)
	/* each as rs2 of a store */
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	sw x\r, (4 * \r)(x31)
	.endr
	sw x0, 0(x31)

	/* checks 1..30: the stored values */
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	CHECK \r
	LA_ABS t0, regs
	lw t1, (4 * \r)(t0)
	EXPECT t1, VAL(\r)
	.endr

	/* 31: x31 itself; and x1 as a base */
	CHECK 31
	li x31, VAL(31)
	LA_ABS x1, regs
	sw x31, 124(x1)
	lw t1, 124(x1)
	EXPECT t1, VAL(31)
	lw t1, 0(x1)
	EXPECT t1, 0			/* x0 stored as 0 */

	/* 32: each register as rs1: x31 = x1 + x2 + ... + x30 (x31 as rd and
	 * rs2); the sum of VAL(1..30) is 30 * 0x5a000000 + 465 * 0x10101 =
	 * 0x8c000000 + 0x01d2d2d1 (mod 2^32) */
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	li x\r, VAL(\r)
	.endr
	li x31, 0
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	add x31, x\r, x31
	.endr
	CHECK 32
	EXPECT x31, 0x8dd2d2d1

	/* 33: each register as rd of an ALU op and rs1 at once: x_i -= i */
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	li x\r, VAL(\r)
	.endr
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	addi x\r, x\r, -\r
	.endr
	lui x31, %hi(regs)
	addi x31, x31, %lo(regs)
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	sw x\r, (4 * \r)(x31)
	.endr
	CHECK 33
	LA_ABS t0, regs
	li t2, 1
1:	slli t3, t2, 2
	add t3, t3, t0
	lw t1, 0(t3)
	li t4, 0x10101
	mul t4, t4, t2
	sub t4, t4, t2			/* VAL(i) - i - 0x5a000000 */
	li t5, 0x5a000000
	add t4, t4, t5
	EXPECT_REG t1, t4
	addi t2, t2, 1
	li t5, 31
	bne t2, t5, 1b

	RVTEST_END

	.data
	.align 4
regs:	.fill 32, 4, 0

/* timing.S: the cycle costs of rv_pipe, the default SoC's RISC-V core, as
 * docs/architecture.md ("The RISC-V core") gives them, each counted
 * with mcycle.
 *
 * Two reads of mcycle in a row differ by 1 (a CSR instruction takes one
 * cycle), so a stretch between two reads measures 1 + the cycles of the
 * instructions between them.  Every stretch starts behind a fence, which
 * waits until an earlier posted store has been answered, so none of them
 * inherits a busy store buffer.  The counts are exact: the pipeline has no
 * cache and no predictor, and nothing else masters the bus here.
 *
 * test_rv runs this on bpfsoc-sim, whose SoC has rv_pipe; rv_core (the
 * iCEBreaker's multi-cycle core) has costs of its own and is not measured
 * here.
 */
#include "rvtest.h"

	/* start a stretch (after the store buffer is empty) */
	.macro T_BEGIN
	fence
	csrr a0, mcycle
	.endm

	/* end it: 1 + the cycles of what was between must be n */
	.macro T_END n
	csrr a1, mcycle
	sub a2, a1, a0
	EXPECT a2, \n
	.endm

	RVTEST_BEGIN
	csrw mie, x0			/* no interrupt can be taken in this file */
	csrw mstatus, x0
	LA_ABS a5, tdata
	li a6, SOC_TIMER_BASE

	/* ---- one cycle each ---- */
	/* 1: two reads in a row */
	CHECK 1
	T_BEGIN
	T_END 1

	/* 2: 8 ALU instructions, each using the one before it (forwarded) */
	CHECK 2
	T_BEGIN
	addi t0, x0, 1
	add t0, t0, t0
	sub t1, t0, x0
	slli t1, t1, 3
	xor t2, t1, t0
	lui t3, 0x12345
	auipc t4, 0
	sltu t5, t2, t3
	T_END 9

	/* 3: a branch not taken, a CSR write, a fence */
	CHECK 3
	T_BEGIN
	bne x0, x0, rv_fail
	csrw mscratch, t0
	fence
	T_END 4

	/* ---- taken branches and jumps: 4 (three fetches dropped) ---- */
	/* 4: a taken branch */
	CHECK 4
	T_BEGIN
	beq x0, x0, 1f
	nop
1:	T_END 5

	/* 5: jal */
	CHECK 5
	T_BEGIN
	jal t0, 1f
	nop
1:	T_END 5

	/* 6: jalr (its target from the register written just before) */
	CHECK 6
	LA_ABS t1, 1f
	T_BEGIN
	jalr x0, 0(t1)
	nop
1:	T_END 5

	/* 7: a loop of 4 turns: 4 x addi (1) + 3 taken (4) + 1 not taken (1) */
	CHECK 7
	li t0, 4
	T_BEGIN
1:	addi t0, t0, -1
	bnez t0, 1b
	T_END 18

	/* ---- loads: the address cycle, the device's wait, the answer's
	 * register ---- */
	/* 8: a load from RAM: 5 */
	CHECK 8
	T_BEGIN
	lw t0, 0(a5)
	T_END 6

	/* 9: its value used at once (no interlock: it finished in EX) */
	CHECK 9
	T_BEGIN
	lw t0, 0(a5)
	addi t0, t0, 1
	T_END 7
	EXPECT t0, 0x11223345

	/* 10: byte and halfword loads cost the same */
	CHECK 10
	T_BEGIN
	lbu t0, 1(a5)
	lh t1, 2(a5)
	T_END 11
	EXPECT t0, 0x33
	EXPECT t1, 0x1122

	/* 11: a load from the timer: 4 */
	CHECK 11
	T_BEGIN
	lw t0, SOC_TIMER_MTIMECMP_HI(a6)
	T_END 5

	/* ---- stores: the address cycle, then posted ---- */
	/* 12: a store to RAM: 2 */
	CHECK 12
	T_BEGIN
	sw t0, 4(a5)
	T_END 3

	/* 13: sw; sw: 2 + 2 (the second issued as the first is answered) */
	CHECK 13
	T_BEGIN
	sw t0, 4(a5)
	sw t0, 8(a5)
	T_END 5

	/* 14: a third store right behind them: 2 */
	CHECK 14
	T_BEGIN
	sw t0, 4(a5)
	sw t0, 8(a5)
	sw t0, 12(a5)
	T_END 7

	/* 15: sw; lw: 2 + 5 (the load issues as the store is answered) */
	CHECK 15
	li t1, 0x5a5a
	T_BEGIN
	sw t1, 4(a5)
	lw t2, 4(a5)
	T_END 8
	EXPECT t2, 0x5a5a

	/* 16: sw; add; lw: 2 + 1 + 5 */
	CHECK 16
	li t1, 0x6b6b
	T_BEGIN
	sw t1, 8(a5)
	add t0, t0, t0
	lw t2, 8(a5)
	T_END 9
	EXPECT t2, 0x6b6b

	/* 17: a fence behind a posted store waits for it: 2 + 2 */
	CHECK 17
	T_BEGIN
	sw t1, 12(a5)
	fence
	T_END 5

	/* ---- multiply and divide ---- */
	/* 18: mul 2, mulhu 2 */
	CHECK 18
	li t1, 12345
	T_BEGIN
	mul t2, t1, t1
	mulhu t3, t1, t1
	T_END 5
	EXPECT t2, 152399025

	/* 19: div 34, whatever the operands (and by zero) */
	CHECK 19
	li t1, 1000000
	li t2, 7
	T_BEGIN
	div t3, t1, t2
	T_END 35
	EXPECT t3, 142857
	T_BEGIN
	remu t3, t1, x0
	T_END 35
	EXPECT t3, 1000000

	/* ---- traps ---- */
	/* 20: ecall to the handler's first instruction: the ecall's cycle
	 * plus 4, then mret back behind the ecall: 4 */
	CHECK 20
	LA_ABS t0, .Ltrap_time
	csrw mtvec, t0
	T_BEGIN
	ecall
	csrr a4, mcycle			/* after mret */
	sub a2, a3, a0			/* a3: the handler's first read */
	EXPECT a2, 5
	sub a2, a4, a3			/* csrr, csrr, addi, csrw, then mret's 4 */
	EXPECT a2, 8
	LA_ABS t0, rv_unexpected
	csrw mtvec, t0

	RVTEST_END

	.text
	.align 2
.Ltrap_time:
	csrr a3, mcycle
	csrr t1, mepc
	addi t1, t1, 4
	csrw mepc, t1
	mret

	.data
	.align 2
tdata:	.word 0x11223344, 0, 0, 0

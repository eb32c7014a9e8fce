/* tests/soc/bpf_run.S: the RISC-V core drives the eBPF core through the
 * SoC's windows, as the firmware will: it writes a packet into packet
 * memory, a program into the core's instruction memory, the region table
 * and registers, starts it, sleeps (wfi) until the core's interrupt, serves
 * its helper call (helper 5, r0 = 0x100) and resumes it, then checks r0 and
 * the bytes the program stored into map memory.
 *
 * The program (eBPF, 64-bit slots):
 *   0: ldxdw r2, [r1 + 3]     unaligned 8-byte packet load
 *   1: call 5                 a helper call, served by this program
 *   2: add r0, r2
 *   3: stxdw [r3 + 1], r0     unaligned 8-byte store into map memory
 *   4: exit
 * tohost: 1 pass, (n << 1) | 1 check n failed. */
#include "bpfsoc_map.h"

#define CTL(r)	(SOC_BPF_CTL_##r)
#define FAIL_IF_NE(n, a, b)	li t6, n; bne a, b, fail

	.section .text.init
	.globl _start
_start:
	li	s0, SOC_BPF_CTL_BASE
	li	s1, SOC_PKT_BASE
	li	s2, SOC_MAP_BASE

	/* packet bytes 0..11 = 00 01 02 ... 0b; map memory bytes 0..11 = aa */
	li	t0, 0x03020100
	sw	t0, 0(s1)
	li	t0, 0x07060504
	sw	t0, 4(s1)
	li	t0, 0x0b0a0908
	sw	t0, 8(s1)
	li	t0, 0xaaaaaaaa
	sw	t0, 0(s2)
	sw	t0, 4(s2)
	sw	t0, 8(s2)

	/* the core answers on its window */
	lw	t0, CTL(ID)(s0)
	li	t1, 0x65425046
	FAIL_IF_NE(1, t0, t1)

	/* the program, slot n at IMEM_BASE + 8n (low word, high word) */
	li	s3, SOC_BPF_CTL_BASE + SOC_BPF_CTL_IMEM_BASE
	li	t0, 0x00031279
	sw	t0, 0(s3)
	sw	zero, 4(s3)
	li	t0, 0x00000085
	sw	t0, 8(s3)
	li	t0, 5
	sw	t0, 12(s3)
	li	t0, 0x0000200f
	sw	t0, 16(s3)
	sw	zero, 20(s3)
	li	t0, 0x0001037b
	sw	t0, 24(s3)
	sw	zero, 28(s3)
	li	t0, 0x00000095
	sw	t0, 32(s3)
	sw	zero, 36(s3)
	li	t0, 5
	sw	t0, CTL(PROG_LEN)(s0)
	sw	zero, CTL(ENTRY_PC)(s0)
	li	t0, 1000
	sw	t0, CTL(BUDGET)(s0)

	/* region 0: the packet buffer, read only; region 1: 256 bytes of map
	 * memory, writable; 2, 3 unused */
	sw	s1, CTL(REGION_BASE)(s0)
	li	t0, 0x1000
	sw	t0, CTL(REGION_BASE) + 4(s0)
	li	t0, SOC_BPF_REGION_VALID
	sw	t0, CTL(REGION_BASE) + 8(s0)
	sw	s2, CTL(REGION_BASE) + 16(s0)
	li	t0, 0x100
	sw	t0, CTL(REGION_BASE) + 20(s0)
	li	t0, SOC_BPF_REGION_VALID | SOC_BPF_REGION_WRITE
	sw	t0, CTL(REGION_BASE) + 24(s0)
	sw	zero, CTL(REGION_BASE) + 40(s0)
	sw	zero, CTL(REGION_BASE) + 56(s0)

	/* r1 = the packet, r3 = map memory (high words 0) */
	sw	s1, CTL(REG_BASE) + 8(s0)
	sw	zero, CTL(REG_BASE) + 12(s0)
	sw	s2, CTL(REG_BASE) + 24(s0)
	sw	zero, CTL(REG_BASE) + 28(s0)

	/* the core's interrupt wakes wfi (mstatus.MIE stays 0: no trap) */
	li	t0, 1 << 17
	csrw	mie, t0
	csrr	t1, mip
	and	t1, t1, t0
	FAIL_IF_NE(2, t1, zero)

	li	t0, 1			/* START */
	sw	t0, CTL(CTRL)(s0)
	wfi
	csrr	t1, mip
	li	t0, 1 << 17
	and	t1, t1, t0
	FAIL_IF_NE(3, t1, t0)
	lw	t0, CTL(STATUS)(s0)
	andi	t0, t0, 7
	li	t1, SOC_BPF_STATE_HELPER
	FAIL_IF_NE(4, t0, t1)
	lw	t0, CTL(HELPER_ID)(s0)
	li	t1, 5
	FAIL_IF_NE(5, t0, t1)
	lw	t0, CTL(HELPER_PC)(s0)
	li	t1, 1
	FAIL_IF_NE(6, t0, t1)

	/* answer: r0 = 0x100, return; resume */
	li	t0, 0x100
	sw	t0, CTL(REG_BASE)(s0)
	sw	zero, CTL(REG_BASE) + 4(s0)
	li	t0, SOC_BPF_HELPER_RETURN
	sw	t0, CTL(HELPER_ACTION)(s0)
	li	t0, 2			/* RESUME */
	sw	t0, CTL(CTRL)(s0)
1:	lw	t0, CTL(STATUS)(s0)
	andi	t0, t0, 7
	li	t1, SOC_BPF_STATE_RUNNING
	beq	t0, t1, 1b
	li	t1, SOC_BPF_STATE_DONE
	FAIL_IF_NE(7, t0, t1)

	/* r0 = 0x0a09080706050403 + 0x100 */
	lw	t0, CTL(REG_BASE)(s0)
	li	t1, 0x06050503
	FAIL_IF_NE(8, t0, t1)
	lw	t0, CTL(REG_BASE) + 4(s0)
	li	t1, 0x0a090807
	FAIL_IF_NE(9, t0, t1)

	/* map memory: aa, then r0's eight bytes, then aa aa aa */
	lw	t0, 0(s2)
	li	t1, 0x050503aa
	FAIL_IF_NE(10, t0, t1)
	lw	t0, 4(s2)
	li	t1, 0x09080706
	FAIL_IF_NE(11, t0, t1)
	lw	t0, 8(s2)
	li	t1, 0xaaaaaa0a
	FAIL_IF_NE(12, t0, t1)

	/* counters: five instructions retired */
	lw	t0, CTL(CNT_BASE) + 8(s0)	/* counter 1: INSNS */
	li	t1, 5
	FAIL_IF_NE(13, t0, t1)

	li	t0, 1
	j	report
fail:
	slli	t0, t6, 1
	ori	t0, t0, 1
report:
	la	t1, tohost
	sw	t0, 0(t1)
	j	.

	.section .tohost, "aw"
	.align	2
	.globl	tohost
tohost:
	.word	0

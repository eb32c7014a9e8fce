/* csr.S: csrrw csrrs csrrc csrrwi csrrsi csrrci, and the machine CSRs'
 * fields.
 *
 * Every CSR instruction writes the old value to rd.  csrrw writes rs1;
 * csrrs sets the bits set in rs1, csrrc clears them; with rs1 = x0 they do
 * not write.  The i forms take a 5-bit zero-extended immediate instead.
 * Illegal accesses are in illegal.S, the counters in counters.S.
 */
#include "rvtest.h"

	RVTEST_BEGIN

	/* ---- the six instructions, on mscratch (all 32 bits read/write) ---- */
	CHECK 1
	li a1, 0x12345678
	csrw mscratch, a1
	csrr a0, mscratch
	EXPECT a0, 0x12345678

	/* 2: csrrw: old value out, rs1 in */
	CHECK 2
	li a1, 0xfedcba98
	csrrw a0, mscratch, a1
	EXPECT a0, 0x12345678
	csrr a0, mscratch
	EXPECT a0, 0xfedcba98
	EXPECT a1, 0xfedcba98

	/* 3: csrrs: set the bits of rs1 */
	CHECK 3
	li a1, 0x0000ffff
	csrrs a0, mscratch, a1
	EXPECT a0, 0xfedcba98
	csrr a0, mscratch
	EXPECT a0, 0xfedcffff

	/* 4: csrrc: clear the bits of rs1 */
	CHECK 4
	li a1, 0xff0000ff
	csrrc a0, mscratch, a1
	EXPECT a0, 0xfedcffff
	csrr a0, mscratch
	EXPECT a0, 0x00dcff00

	/* 5: csrrs / csrrc with rs1 = x0 read and change nothing */
	CHECK 5
	csrrs a0, mscratch, x0
	EXPECT a0, 0x00dcff00
	csrrc a0, mscratch, x0
	EXPECT a0, 0x00dcff00
	csrr a0, mscratch
	EXPECT a0, 0x00dcff00

	/* 6: rs1 != x0 holding 0: a write of the same value, still no change */
	CHECK 6
	li a1, 0
	csrrs a0, mscratch, a1
	EXPECT a0, 0x00dcff00
	csrrc a0, mscratch, a1
	EXPECT a0, 0x00dcff00
	csrr a0, mscratch
	EXPECT a0, 0x00dcff00

	/* 7: csrrwi */
	CHECK 7
	csrrwi a0, mscratch, 0x1f
	EXPECT a0, 0x00dcff00
	csrr a0, mscratch
	EXPECT a0, 0x0000001f

	/* 8: csrrci: 0x1f & ~0x15 */
	CHECK 8
	csrrci a0, mscratch, 0x15
	EXPECT a0, 0x0000001f
	csrr a0, mscratch
	EXPECT a0, 0x0000000a

	/* 9: csrrsi: 0x0a | 0x11 */
	CHECK 9
	csrrsi a0, mscratch, 0x11
	EXPECT a0, 0x0000000a
	csrr a0, mscratch
	EXPECT a0, 0x0000001b

	/* 10: csrrwi 0 */
	CHECK 10
	csrrwi a0, mscratch, 0
	EXPECT a0, 0x0000001b
	csrr a0, mscratch
	EXPECT a0, 0

	/* 11: csrrsi / csrrci with 0 only read */
	CHECK 11
	li a1, 0x00ff00ff
	csrw mscratch, a1
	csrrsi a0, mscratch, 0
	EXPECT a0, 0x00ff00ff
	csrrci a0, mscratch, 0
	EXPECT a0, 0x00ff00ff
	csrr a0, mscratch
	EXPECT a0, 0x00ff00ff

	/* 12: the immediate is zero-extended: 0x10 is 16, not -16 */
	CHECK 12
	csrwi mscratch, 0x10
	csrr a0, mscratch
	EXPECT a0, 0x00000010
	li a1, -1
	csrw mscratch, a1
	csrci mscratch, 0x10
	csrr a0, mscratch
	EXPECT a0, 0xffffffef

	/* 13: rd = x0: a write only */
	CHECK 13
	li a1, 0x55aa55aa
	csrrw x0, mscratch, a1
	csrr a0, mscratch
	EXPECT a0, 0x55aa55aa
	csrrs x0, mscratch, x0
	EXPECT x0, 0

	/* 14: rd == rs1 for csrrw: a swap */
	CHECK 14
	li a1, 0x1234
	csrw mscratch, a1
	li a1, 0xaaaa5555
	csrrw a1, mscratch, a1
	EXPECT a1, 0x00001234
	csrr a0, mscratch
	EXPECT a0, 0xaaaa5555

	/* 15: rd == rs1 for csrrs: the set uses the old rs1 */
	CHECK 15
	li a1, 0xf0
	csrw mscratch, a1
	li a1, 0x0f
	csrrs a1, mscratch, a1
	EXPECT a1, 0xf0
	csrr a0, mscratch
	EXPECT a0, 0xff

	/* 16: rd == rs1 for csrrc */
	CHECK 16
	li a1, 0x0f
	csrrc a1, mscratch, a1
	EXPECT a1, 0xff
	csrr a0, mscratch
	EXPECT a0, 0xf0

	/* 17: a CSR value used at once; a write seen by the next read */
	CHECK 17
	li a1, 100
	csrw mscratch, a1
	csrr a0, mscratch
	addi a0, a0, 1
	EXPECT a0, 101
	csrrwi a2, mscratch, 7
	add a3, a2, a2
	EXPECT a3, 200
	csrr a0, mscratch
	EXPECT a0, 7

	/* 18: all ones, all zeros */
	CHECK 18
	li a1, -1
	csrw mscratch, a1
	csrr a0, mscratch
	EXPECT a0, 0xffffffff
	csrw mscratch, x0
	csrr a0, mscratch
	EXPECT a0, 0

	/* ---- mtvec: direct mode only, bits 1:0 read 0 ---- */
	CHECK 21
	csrr t6, mtvec			/* rv_unexpected, restored below */
	li a1, 0x00001000
	csrw mtvec, a1
	csrr a0, mtvec
	EXPECT a0, 0x00001000
	li a1, 0x00001003
	csrw mtvec, a1
	csrr a0, mtvec
	EXPECT a0, 0x00001000
	li a1, 0x12345679
	csrw mtvec, a1
	csrr a0, mtvec
	EXPECT a0, 0x12345678
	li a1, 0x0001fffe
	csrw mtvec, a1
	csrr a0, mtvec
	EXPECT a0, 0x0001fffc
	csrw mtvec, t6
	csrr a0, mtvec
	EXPECT_SYM a0, rv_unexpected

	/* ---- mepc: bits 1:0 read 0 (no compressed instructions) ---- */
	CHECK 22
	li a1, 0x12345677
	csrw mepc, a1
	csrr a0, mepc
	EXPECT a0, 0x12345674
	li a1, -1
	csrw mepc, a1
	csrr a0, mepc
	EXPECT a0, 0xfffffffc
	li a1, 0x100
	csrw mepc, a1
	csrr a0, mepc
	EXPECT a0, 0x00000100
	csrsi mepc, 3
	csrr a0, mepc
	EXPECT a0, 0x00000100

	/* ---- mcause, mtval ---- */
	CHECK 23
	li a1, 0x8000000b
	csrw mcause, a1
	csrr a0, mcause
	EXPECT a0, 0x8000000b
	li a1, 2
	csrw mcause, a1
	csrr a0, mcause
	EXPECT a0, 2

	CHECK 24
	li a1, 0xdeadbeef
	csrw mtval, a1
	csrr a0, mtval
	EXPECT a0, 0xdeadbeef
	csrw mtval, x0
	csrr a0, mtval
	EXPECT a0, 0

	/* ---- mstatus: MIE (3), MPIE (7), MPP (12:11) reads 3; the rest 0 ---- */
	CHECK 25
	csrw mstatus, x0
	csrr a0, mstatus
	EXPECT a0, MSTATUS_MPP

	CHECK 26
	csrsi mstatus, MSTATUS_MIE	/* mie is 0: nothing can interrupt */
	csrr a0, mstatus
	EXPECT a0, MSTATUS_MPP | MSTATUS_MIE
	li a1, MSTATUS_MPIE
	csrs mstatus, a1
	csrr a0, mstatus
	EXPECT a0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
	csrci mstatus, MSTATUS_MIE
	csrr a0, mstatus
	EXPECT a0, MSTATUS_MPP | MSTATUS_MPIE
	csrc mstatus, a1
	csrr a0, mstatus
	EXPECT a0, MSTATUS_MPP

	/* 27: writing all ones sets only the fields an M-only RV32IM hart has */
	CHECK 27
	li a1, -1
	csrw mstatus, a1
	csrr a0, mstatus
	EXPECT a0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
	csrw mstatus, x0
	csrr a0, mstatus
	EXPECT a0, MSTATUS_MPP

	/* 28: MPP cannot be cleared */
	CHECK 28
	li a1, MSTATUS_MPP
	csrc mstatus, a1
	csrr a0, mstatus
	EXPECT a0, MSTATUS_MPP

	/* 29: the old value comes back from csrrsi / csrrci on mstatus */
	CHECK 29
	csrrsi a0, mstatus, MSTATUS_MIE
	EXPECT a0, MSTATUS_MPP
	csrrci a0, mstatus, MSTATUS_MIE
	EXPECT a0, MSTATUS_MPP | MSTATUS_MIE
	csrr a0, mstatus
	EXPECT a0, MSTATUS_MPP

	/* ---- mie: MSIE (3), MTIE (7), MEIE (11) ---- */
	CHECK 30
	li a1, MIP_MSIP | MIP_MTIP | MIP_MEIP
	csrw mie, a1
	csrr a0, mie
	EXPECT a0, 0x00000888
	csrw mie, x0
	csrr a0, mie
	EXPECT a0, 0
	csrsi mie, MIP_MSIP
	csrr a0, mie
	EXPECT a0, 0x00000008
	li a1, MIP_MTIP
	csrs mie, a1
	csrr a0, mie
	EXPECT a0, 0x00000088
	csrci mie, MIP_MSIP
	csrr a0, mie
	EXPECT a0, 0x00000080
	csrw mie, x0

	/* ---- mip: the lines, read only in effect; nothing is pending now ---- */
	CHECK 31
	csrr a0, mip
	li t0, 0x888
	and a0, a0, t0
	EXPECT a0, 0

	CHECK 32
	li a1, -1
	csrw mip, a1			/* ignored */
	csrr a0, mip
	li t0, 0x888
	and a0, a0, t0
	EXPECT a0, 0
	csrsi mip, MIP_MSIP
	csrr a0, mip
	li t0, 0x888
	and a0, a0, t0
	EXPECT a0, 0

	/* ---- misa: 0x40001100, writes ignored ---- */
	CHECK 33
	csrr a0, misa
	EXPECT a0, MISA_VALUE
	csrw misa, x0
	csrr a0, misa
	EXPECT a0, MISA_VALUE
	li a1, -1
	csrw misa, a1
	csrr a0, misa
	EXPECT a0, MISA_VALUE
	csrrc a0, misa, a1
	EXPECT a0, MISA_VALUE
	csrr a0, misa
	EXPECT a0, MISA_VALUE

	/* ---- the identification CSRs read 0, by every read-only form ---- */
	CHECK 34
	li a0, -1
	csrr a0, mvendorid
	EXPECT a0, 0
	li a0, -1
	csrr a0, marchid
	EXPECT a0, 0
	li a0, -1
	csrr a0, mimpid
	EXPECT a0, 0
	li a0, -1
	csrr a0, mhartid
	EXPECT a0, 0

	CHECK 35
	li a0, -1
	csrrc a0, mhartid, x0
	EXPECT a0, 0
	li a0, -1
	csrrsi a0, mhartid, 0
	EXPECT a0, 0
	li a0, -1
	csrrci a0, mvendorid, 0
	EXPECT a0, 0

	/* ---- the read-only counter aliases are readable by all read forms ---- */
	CHECK 36
	csrr a0, cycle
	csrrs a0, cycleh, x0
	csrrc a0, time, x0
	csrrsi a0, timeh, 0
	csrrci a0, instret, 0
	csrr a0, instreth
	EXPECT x0, 0			/* (reaching here: none of them trapped) */

	/* 40: mscratch, mepc, mcause, mtval and mtvec are five registers:
	 * each keeps its own value while the others are written (mepc and
	 * mtvec with bits 1:0 reading 0) */
	CHECK 40
	csrr t6, mtvec			/* rv_unexpected, restored below */
	li a1, 0x11111111
	csrw mscratch, a1
	li a1, 0x22222222
	csrw mepc, a1
	li a1, 0x33333333
	csrw mcause, a1
	li a1, 0x44444444
	csrw mtval, a1
	li a1, 0x55555555
	csrw mtvec, a1
	csrr a0, mscratch
	EXPECT a0, 0x11111111
	csrr a0, mepc
	EXPECT a0, 0x22222220
	csrr a0, mcause
	EXPECT a0, 0x33333333
	csrr a0, mtval
	EXPECT a0, 0x44444444
	csrr a0, mtvec
	EXPECT a0, 0x55555554
	csrw mtvec, t6
	csrr a0, mscratch
	EXPECT a0, 0x11111111

	RVTEST_END

/* syscon.S: the system registers report the simulated SoC's configuration
 * (the largest board, spec [board.sim]), and the host port's SoC-side
 * registers start idle and keep what the firmware writes.  Both are read
 * only as whole words. */
#include "rvtest.h"

#define SYS(r) (SOC_SYSCON_BASE + SOC_SYSCON_##r)
#define HOST(r) (SOC_HOST_BASE + SOC_HOST_##r)

	.macro T_READ n, addr, value
	CHECK \n
	li a1, \addr
	lw a0, 0(a1)
	EXPECT a0, \value
	.endm

	RVTEST_BEGIN

	T_READ 1, SYS(ID), SOC_SYSCON_ID_VALUE
	T_READ 2, SYS(CLK_HZ), BOARD_SIM_CLK_HZ
	T_READ 3, SYS(RAM_SIZE), BOARD_SIM_RAM_SIZE
	T_READ 4, SYS(MAP_SIZE), BOARD_SIM_MAP_SIZE
	T_READ 5, SYS(PKT_SIZE), BOARD_SIM_PKT_SIZE

	/* 6: writes are ignored */
	CHECK 6
	li a1, SYS(RAM_SIZE)
	li a2, 0x1234
	sw a2, 0(a1)
	lw a0, 0(a1)
	EXPECT a0, BOARD_SIM_RAM_SIZE

	/* 7..9: no doorbell from the host yet, no mailbox, interrupts off */
	T_READ 7, HOST(STATUS), 0
	T_READ 8, HOST(MBOX), 0
	T_READ 9, HOST(IE), 0

	/* 10: MBOX keeps the firmware's word */
	CHECK 10
	li a1, HOST(MBOX)
	li a2, 0x00012340
	sw a2, 0(a1)
	lw a0, 0(a1)
	EXPECT a0, 0x00012340

	/* 11, 12: D2H_LEN rings the host's doorbell: D2H_PENDING, and the
	 * length reads back */
	CHECK 11
	li a1, HOST(D2H_LEN)
	li a2, 77
	sw a2, 0(a1)
	li a1, HOST(STATUS)
	lw a0, 0(a1)
	EXPECT a0, 2
	T_READ 12, HOST(D2H_LEN), 77

	/* 13: with IE bit 0 only, no interrupt is pending (no doorbell from
	 * the host); with IE bit 1 the pending D2H keeps it low too */
	CHECK 13
	li a1, HOST(IE)
	li a2, 3
	sw a2, 0(a1)
	csrr a0, mip
	li a2, 1 << SOC_IRQ_HOST
	and a0, a0, a2
	EXPECT a0, 0

	RVTEST_END

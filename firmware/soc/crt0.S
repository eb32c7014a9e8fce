/* crt0.S: the firmware's start: stack at the top of RAM (its size from
 * SYSCON: the board's), .bss zeroed, then main().  Traps (none are expected) land in trap_entry, which
 * reports the cause on the UART and restarts. */
#include "bpfsoc_map.h"

	.section .text.init, "ax"
	.globl	_start
_start:
	call	set_sp
	la	t0, trap_entry
	csrw	mtvec, t0
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sw	zero, 0(t0)
	addi	t0, t0, 4
	j	1b
2:	call	main
	j	_start

	.align	2
trap_entry:
	call	set_sp
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	fw_trap
	j	_start

/* sp = RAM_BASE + SYSCON RAM_SIZE; t0 only */
set_sp:
	li	t0, SOC_SYSCON_BASE
	lw	sp, SOC_SYSCON_RAM_SIZE(t0)
	li	t0, SOC_RAM_BASE
	add	sp, sp, t0
	ret

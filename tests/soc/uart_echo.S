/* tests/soc/uart_echo.S: the UART test program of test_soc.  It sets the
 * bit time to the word at uart_div, then answers every byte it receives
 * with that byte plus one, until it receives 0xff: then it waits for its
 * transmitter to go idle and stores 1 to tohost. */
#include "bpfsoc_map.h"

	.section .text.init
	.globl _start
_start:
	li	s0, SOC_UART_BASE
	la	t0, uart_div
	lw	t0, 0(t0)
	sw	t0, SOC_UART_DIV(s0)
wait_rx:
	lw	t0, SOC_UART_DATA(s0)
	bltz	t0, wait_rx		/* bit 31: nothing received */
	li	t1, 0xff
	beq	t0, t1, done
	addi	t0, t0, 1
	andi	t0, t0, 0xff
wait_tx:
	lw	t2, SOC_UART_STATUS(s0)
	andi	t2, t2, 2		/* TX_FULL */
	bnez	t2, wait_tx
	sw	t0, SOC_UART_DATA(s0)
	j	wait_rx
done:
	lw	t2, SOC_UART_STATUS(s0)
	andi	t2, t2, 4		/* TX_IDLE */
	beqz	t2, done
	li	t0, 1
	la	t1, tohost
	sw	t0, 0(t1)
	j	.

	.data
	.align	2
	.globl	uart_div
uart_div:
	.word	17			/* 50 MHz / 17: about 3 Mbaud */
	.section .tohost, "aw"
	.align	2
	.globl	tohost
tohost:
	.word	0

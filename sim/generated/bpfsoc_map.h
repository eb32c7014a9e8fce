/* generated from spec/bpfsoc.toml by spec/gen.py; do not edit */
#ifndef BPFSOC_MAP_H
#define BPFSOC_MAP_H

#define SOC_RAM_BASE 0x0 /* RAM: firmware code and data (the boot address) */
#define SOC_RAM_SIZE 0x20000 /* RAM bytes in the simulated SoC (the largest configuration) */
#define SOC_TIMER_BASE 0x10001000 /* machine timer and software interrupt (soc.timer) */
#define SOC_TIMER_SIZE 0x100 /* bytes of the timer window */
#define SOC_UART_BASE 0x10000000 /* the UART to the host (soc.uart) */
#define SOC_UART_SIZE 0x100 /* bytes of the UART window */
#define SOC_SYSCON_BASE 0x10002000 /* system registers (soc.syscon) */
#define SOC_SYSCON_SIZE 0x100 /* bytes of the syscon window */
#define SOC_SIM_CLK_HZ 0x2faf080 /* clock of the simulated SoC (SYSCON CLK_HZ reads it) */
#define SOC_RESET_PC 0x0 /* where the RISC-V core starts after reset (the simulator: the ELF entry) */
#define SOC_TIMER_MTIME_LO 0x0 /* MTIME bits 31..0 */
#define SOC_TIMER_MTIME_HI 0x4 /* MTIME bits 63..32 */
#define SOC_TIMER_MTIMECMP_LO 0x8 /* MTIMECMP bits 31..0 */
#define SOC_TIMER_MTIMECMP_HI 0xc /* MTIMECMP bits 63..32 */
#define SOC_TIMER_MSIP 0x10 /* bit 0: machine software interrupt pending */
#define SOC_UART_DATA 0x0 /* write: send byte [7:0]; read: received byte [7:0], bit 31 set when none was waiting */
#define SOC_UART_STATUS 0x4 /* 0 RX_AVAIL, 1 TX_FULL, 2 TX_IDLE, 3 OVERRUN, 4 FRAME_ERR (write 1 to clear 3, 4) */
#define SOC_UART_DIV 0x8 /* bit time in clock cycles [15:0] */
#define SOC_UART_IE 0xc /* interrupt enables: 0 RX_AVAIL, 1 TX_IDLE */
#define SOC_SYSCON_ID 0x0 /* 0x434f5363 ("cSOC" in memory order) */
#define SOC_SYSCON_CLK_HZ 0x4 /* the SoC's clock in Hz */
#define SOC_SYSCON_RAM_SIZE 0x8 /* RAM bytes */
#define SOC_SYSCON_ID_VALUE 0x434f5363 /* 'cSOC' */
#define SOC_IRQ_MSI 0x3 /* machine software interrupt (timer MSIP) */
#define SOC_IRQ_MTI 0x7 /* machine timer interrupt (MTIME >= MTIMECMP) */
#define SOC_IRQ_MEI 0xb /* machine external interrupt (unused: the lines below are direct) */
#define SOC_IRQ_UART 0x10 /* UART (its IE bits) */
#define SOC_EXC_INSN_MISALIGNED 0x0 /* jump or branch to an address that is not a multiple of 4 (mtval: the target) */
#define SOC_EXC_INSN_FAULT 0x1 /* fetch from an address no device answers (mtval: the address) */
#define SOC_EXC_ILLEGAL_INSN 0x2 /* illegal instruction or CSR access (mtval: the instruction) */
#define SOC_EXC_BREAKPOINT 0x3 /* ebreak (mtval: its pc) */
#define SOC_EXC_LOAD_MISALIGNED 0x4 /* load address not aligned to its size (mtval: the address) */
#define SOC_EXC_LOAD_FAULT 0x5 /* load from an address no device answers (mtval: the address) */
#define SOC_EXC_STORE_MISALIGNED 0x6 /* store address not aligned to its size (mtval: the address) */
#define SOC_EXC_STORE_FAULT 0x7 /* store to an address no device answers (mtval: the address) */
#define SOC_EXC_ECALL_M 0xb /* ecall from machine mode (mtval: 0) */

#endif

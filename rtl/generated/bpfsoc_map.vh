// generated from spec/bpfsoc.toml by spec/gen.py; do not edit
`ifndef BPFSOC_MAP_VH
`define BPFSOC_MAP_VH

localparam integer SOC_RAM_BASE = 32'h0;  // RAM: firmware code and data (the boot address)
localparam integer SOC_RAM_SIZE = 32'h20000;  // RAM bytes in the simulated SoC (the largest configuration)
localparam integer SOC_TIMER_BASE = 32'h10001000;  // machine timer and software interrupt (soc.timer)
localparam integer SOC_TIMER_SIZE = 32'h100;  // bytes of the timer window
localparam integer SOC_UART_BASE = 32'h10000000;  // the UART to the host (soc.uart)
localparam integer SOC_UART_SIZE = 32'h100;  // bytes of the UART window
localparam integer SOC_SYSCON_BASE = 32'h10002000;  // system registers (soc.syscon)
localparam integer SOC_SYSCON_SIZE = 32'h100;  // bytes of the syscon window
localparam integer SOC_SIM_CLK_HZ = 32'h2faf080;  // clock of the simulated SoC (SYSCON CLK_HZ reads it)
localparam integer SOC_RESET_PC = 32'h0;  // where the RISC-V core starts after reset (the simulator: the ELF entry)
localparam integer SOC_TIMER_MTIME_LO = 32'h0;  // MTIME bits 31..0
localparam integer SOC_TIMER_MTIME_HI = 32'h4;  // MTIME bits 63..32
localparam integer SOC_TIMER_MTIMECMP_LO = 32'h8;  // MTIMECMP bits 31..0
localparam integer SOC_TIMER_MTIMECMP_HI = 32'hc;  // MTIMECMP bits 63..32
localparam integer SOC_TIMER_MSIP = 32'h10;  // bit 0: machine software interrupt pending
localparam integer SOC_UART_DATA = 32'h0;  // write: send byte [7:0]; read: received byte [7:0], bit 31 set when none was waiting
localparam integer SOC_UART_STATUS = 32'h4;  // 0 RX_AVAIL, 1 TX_FULL, 2 TX_IDLE, 3 OVERRUN, 4 FRAME_ERR (write 1 to clear 3, 4)
localparam integer SOC_UART_DIV = 32'h8;  // bit time in clock cycles [15:0]
localparam integer SOC_UART_IE = 32'hc;  // interrupt enables: 0 RX_AVAIL, 1 TX_IDLE
localparam integer SOC_SYSCON_ID = 32'h0;  // 0x434f5363 ("cSOC" in memory order)
localparam integer SOC_SYSCON_CLK_HZ = 32'h4;  // the SoC's clock in Hz
localparam integer SOC_SYSCON_RAM_SIZE = 32'h8;  // RAM bytes
localparam integer SOC_SYSCON_ID_VALUE = 32'h434f5363;  // 'cSOC'
localparam integer SOC_IRQ_MSI = 32'h3;  // machine software interrupt (timer MSIP)
localparam integer SOC_IRQ_MTI = 32'h7;  // machine timer interrupt (MTIME >= MTIMECMP)
localparam integer SOC_IRQ_MEI = 32'hb;  // machine external interrupt (unused: the lines below are direct)
localparam integer SOC_IRQ_UART = 32'h10;  // UART (its IE bits)
localparam integer SOC_EXC_INSN_MISALIGNED = 32'h0;  // jump or branch to an address that is not a multiple of 4 (mtval: the target)
localparam integer SOC_EXC_INSN_FAULT = 32'h1;  // fetch from an address no device answers (mtval: the address)
localparam integer SOC_EXC_ILLEGAL_INSN = 32'h2;  // illegal instruction or CSR access (mtval: the instruction)
localparam integer SOC_EXC_BREAKPOINT = 32'h3;  // ebreak (mtval: its pc)
localparam integer SOC_EXC_LOAD_MISALIGNED = 32'h4;  // load address not aligned to its size (mtval: the address)
localparam integer SOC_EXC_LOAD_FAULT = 32'h5;  // load from an address no device answers (mtval: the address)
localparam integer SOC_EXC_STORE_MISALIGNED = 32'h6;  // store address not aligned to its size (mtval: the address)
localparam integer SOC_EXC_STORE_FAULT = 32'h7;  // store to an address no device answers (mtval: the address)
localparam integer SOC_EXC_ECALL_M = 32'hb;  // ecall from machine mode (mtval: 0)

`endif

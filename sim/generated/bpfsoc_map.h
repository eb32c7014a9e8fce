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
#define SOC_HOST_BASE 0x10003000 /* the host port's registers on the SoC side (soc.host); without a host port (bpfsoc_top HOST_PORT = 0, the iCEBreaker) a bus error */
#define SOC_HOST_SIZE 0x100 /* bytes of the host port's window */
#define SOC_BPF_CTL_BASE 0x20000000 /* the eBPF core's control registers (core.ctl) */
#define SOC_BPF_CTL_SIZE 0x10000 /* bytes of the control window */
#define SOC_PKT_BASE 0x30000000 /* packet memory, shared with the eBPF core at the same address */
#define SOC_PKT_SIZE 0x8000 /* bytes of packet memory (PKT_BUFS buffers) */
#define SOC_PKT_BUFS 0x2 /* packet buffers: the next packet is written while a program runs on one */
#define SOC_MAP_BASE 0x40000000 /* map memory, shared with the eBPF core at the same address (bus reads in 1 cycle; 4 or more with SPRAM = 1, the iCEBreaker) */
#define SOC_MAP_SIZE 0x10000 /* bytes of map memory in the simulated SoC (the largest configuration) */
#define SOC_SIM_CLK_HZ 0x2faf080 /* clock of the simulated SoC (SYSCON CLK_HZ reads it) */
#define SOC_RESET_PC 0x0 /* where the RISC-V core starts after reset (the simulator: the ELF entry) */
#define SOC_TIMER_MTIME_LO 0x0 /* MTIME bits 31..0 */
#define SOC_TIMER_MTIME_HI 0x4 /* MTIME bits 63..32 */
#define SOC_TIMER_MTIMECMP_LO 0x8 /* MTIMECMP bits 31..0 */
#define SOC_TIMER_MTIMECMP_HI 0xc /* MTIMECMP bits 63..32 */
#define SOC_TIMER_MSIP 0x10 /* bit 0: machine software interrupt pending */
#define SOC_FW_UART_BAUD 0x2dc6c0 /* the UART's rate that the firmware sets at boot (8N1) */
#define SOC_FW_MAX_PROGS 0x10 /* program ids 0 .. MAX_PROGS - 1 */
#define SOC_FW_DEFAULT_BUDGET 0xf4240 /* instructions a run may retire when the host gives 0 */
#define SOC_FW_CTX_OFF 0x0 /* xdp_md in a packet buffer */
#define SOC_FW_CTX_SIZE 0x18 /* bytes of xdp_md */
#define SOC_FW_HEADROOM_OFF 0x40 /* start of the headroom (bpf_xdp_adjust_head may move data down to it) */
#define SOC_FW_DATA_OFF 0x140 /* where a packet's first byte is put: 256 bytes of headroom */
#define SOC_FW_MAP_ARENA_OFF 0x0 /* the map arena starts here in map memory and fills it */
#define SOC_UART_DATA 0x0 /* write: send byte [7:0]; read: received byte [7:0], bit 31 set when none was waiting */
#define SOC_UART_STATUS 0x4 /* 0 RX_AVAIL, 1 TX_FULL, 2 TX_IDLE, 3 OVERRUN, 4 FRAME_ERR (write 1 to clear 3, 4) */
#define SOC_UART_DIV 0x8 /* bit time in clock cycles [15:0] */
#define SOC_UART_IE 0xc /* interrupt enables: 0 RX_AVAIL, 1 TX_IDLE */
#define SOC_SYSCON_ID 0x0 /* 0x434f5363 ("cSOC" in memory order) */
#define SOC_SYSCON_CLK_HZ 0x4 /* the SoC's clock in Hz */
#define SOC_SYSCON_RAM_SIZE 0x8 /* RAM bytes */
#define SOC_SYSCON_MAP_SIZE 0xc /* map memory bytes (at MAP_BASE) */
#define SOC_SYSCON_PKT_SIZE 0x10 /* packet memory bytes (at PKT_BASE, PKT_BUFS buffers) */
#define SOC_SYSCON_UART_RX_SIZE 0x14 /* bytes the UART's receive FIFO holds (4096 on the full configuration, 512 on the iCEBreaker) */
#define SOC_SYSCON_ID_VALUE 0x434f5363 /* 'cSOC' */
#define BOARD_SIM_CLK_HZ 0x2faf080 /* the simulated SoC (SIM_CLK_HZ) */
#define BOARD_SIM_RAM_SIZE 0x20000 /* RAM bytes */
#define BOARD_SIM_MAP_SIZE 0x10000 /* map memory bytes */
#define BOARD_SIM_PKT_SIZE 0x8000 /* packet memory bytes (PKT_BUFS buffers) */
#define BOARD_SIM_IMEM_DEPTH 0x1000 /* eBPF instruction slots */
#define BOARD_ULX3S_CLK_HZ 0x47868c0 /* ULX3S (ECP5-85F): the PLL's clock from the 25 MHz oscillator */
#define BOARD_ULX3S_RAM_SIZE 0x20000 /* RAM bytes */
#define BOARD_ULX3S_MAP_SIZE 0x10000 /* map memory bytes */
#define BOARD_ULX3S_PKT_SIZE 0x8000 /* packet memory bytes */
#define BOARD_ULX3S_IMEM_DEPTH 0x1000 /* eBPF instruction slots */
#define BOARD_ICEBREAKER_CLK_HZ 0x16e3600 /* iCEBreaker (iCE40 UP5K): the PLL's clock from the 12 MHz oscillator (12 MHz * 64 / 32; 20 MHz is not a PLL frequency) */
#define BOARD_ICEBREAKER_RAM_SIZE 0x10000 /* RAM bytes (half of the SPRAM) */
#define BOARD_ICEBREAKER_MAP_SIZE 0x8000 /* map memory bytes (a quarter of the SPRAM) */
#define BOARD_ICEBREAKER_PKT_SIZE 0x1000 /* packet memory bytes */
#define BOARD_ICEBREAKER_IMEM_DEPTH 0x200 /* eBPF instruction slots (with the stack, the top 8 KiB of the RAM: LMEM) */
#define BOARD_ICEBREAKER_FW_OFFSET 0x100000 /* the firmware image in the SPI flash (the boot loader copies RAM_SIZE bytes from here) */
#define SOC_HOST_H2D_LEN 0x0 /* bytes the host has put in the H2D buffer (the value written to DOORBELL) */
#define SOC_HOST_STATUS 0x4 /* 0 H2D_PENDING (a doorbell not yet acknowledged), 1 D2H_PENDING (bytes for the host not yet taken) */
#define SOC_HOST_H2D_ACK 0x8 /* write: clears H2D_PENDING (the bytes are taken; the host may ring again) */
#define SOC_HOST_D2H_LEN 0xc /* write n: n bytes for the host are in the D2H buffer; sets D2H_PENDING */
#define SOC_HOST_MBOX 0x10 /* address of the mailbox (host.mbox); the host reads it as BAR MBOX */
#define SOC_HOST_IE 0x14 /* interrupt enables: 0 H2D_PENDING, 1 D2H taken (D2H_PENDING clear) */
#define HOST_BAR_ID 0x0 /* 0x434f5362 ("bSOC" in memory order) */
#define HOST_BAR_VERSION 0x4 /* (major << 16) + minor */
#define HOST_BAR_WIN_BASE 0x8 /* SoC address of the window's first byte (bits 1..0 ignored) */
#define HOST_BAR_DOORBELL 0xc /* write n: n bytes are in the mailbox's H2D buffer; sets H2D_PENDING */
#define HOST_BAR_STATUS 0x10 /* 0 H2D_PENDING, 1 D2H_PENDING, 2 WIN_ERR (a window access since the last STATUS read found no device; reading clears it) */
#define HOST_BAR_D2H_LEN 0x14 /* bytes for the host in the mailbox's D2H buffer (valid while D2H_PENDING) */
#define HOST_BAR_D2H_ACK 0x18 /* write: clears D2H_PENDING (the host has taken the bytes) */
#define HOST_BAR_MBOX 0x1c /* SoC address of the mailbox (0 until the firmware has set it up) */
#define HOST_BAR_WINDOW 0x10000 /* 64 KiB: SoC address WIN_BASE + (offset - WINDOW); a read that finds no device returns 0xffffffff */
#define HOST_BAR_SIZE 0x20000 /* bytes of BAR 0 */
#define HOST_BAR_ID_VALUE 0x434f5362 /* 'bSOC' */
#define HOST_MBOX_MAGIC 0x0 /* 0x584f424d ("MBOX" in memory order) */
#define HOST_MBOX_H2D_OFF 0x4 /* the H2D buffer: offset from MBOX */
#define HOST_MBOX_H2D_SIZE 0x8 /* its bytes (the most one DOORBELL may pass) */
#define HOST_MBOX_D2H_OFF 0xc /* the D2H buffer: offset from MBOX */
#define HOST_MBOX_D2H_SIZE 0x10 /* its bytes */
#define HOST_MBOX_MAGIC_VALUE 0x584f424d /* 'MBOX' */
#define SOC_VERSION_MAJOR 0x0 /* bpfsoc version */
#define SOC_VERSION_MINOR 0x1 /* bpfsoc version */
#define SOC_BPF_CTL_ID 0x0 /* 0x65425046 ("eBPF") */
#define SOC_BPF_CTL_VERSION 0x4 /* (major << 16) + minor */
#define SOC_BPF_CTL_CONFIG 0x8 /* IMEM slots [15:0], MAX_DEPTH [19:16], NUM_REGIONS [23:20] */
#define SOC_BPF_CTL_CTRL 0x10 /* bit 0 START, 1 RESUME, 2 ABORT, 3 CLEAR_STACK, 4 KEEP_COUNTERS (with START: the counters go on counting) */
#define SOC_BPF_CTL_STATUS 0x14 /* state [2:0] (core.state) */
#define SOC_BPF_CTL_FAULT_CODE 0x18 /* fault code (core.fault) */
#define SOC_BPF_CTL_FAULT_PC 0x1c /* slot of the fault, or of the final exit */
#define SOC_BPF_CTL_ENTRY_PC 0x20 /* first slot executed by START */
#define SOC_BPF_CTL_PROG_LEN 0x24 /* slots [0, PROG_LEN) may execute */
#define SOC_BPF_CTL_BUDGET 0x28 /* at most this many instructions retire per run */
#define SOC_BPF_CTL_HELPER_KIND 0x2c /* how the helper call names its helper (core.helper_kind) */
#define SOC_BPF_CTL_HELPER_ID 0x30 /* imm of the helper call (or the callx register value) */
#define SOC_BPF_CTL_HELPER_PC 0x34 /* slot of the helper call */
#define SOC_BPF_CTL_HELPER_ACTION 0x38 /* the host's answer (core.helper_action) */
#define SOC_BPF_CTL_HELPER_ARG 0x3c /* tail-call target slot */
#define SOC_BPF_CTL_PKT_BASE 0x40 /* packet of LD_ABS / LD_IND: address */
#define SOC_BPF_CTL_PKT_LEN 0x44 /* packet of LD_ABS / LD_IND: length */
#define SOC_BPF_CTL_REGION_BASE 0x80 /* region n: BASE at +16n, SIZE at +16n+4, FLAGS at +16n+8 */
#define SOC_BPF_CTL_REGION_STRIDE 0x10 /* bytes between regions */
#define SOC_BPF_CTL_REG_BASE 0x100 /* r n: low word at +8n, high word at +8n+4 (r0..r10) */
#define SOC_BPF_CTL_CNT_BASE 0x180 /* counter n: low word at +8n, high word at +8n+4 */
#define SOC_BPF_CTL_STACK_WIN 0x4000 /* stack byte STACK_BASE + a at +a (MAX_DEPTH * FRAME_SIZE bytes, 32-bit words, little-endian; not while RUNNING or CLEARING: writes ignored, reads 0) */
#define SOC_BPF_CTL_IMEM_BASE 0x8000 /* slot n: low word at +8n, high word at +8n+4 */
#define SOC_BPF_STATE_IDLE 0x0 /* STATUS.state */
#define SOC_BPF_STATE_RUNNING 0x1 /* STATUS.state */
#define SOC_BPF_STATE_HELPER 0x2 /* STATUS.state */
#define SOC_BPF_STATE_DONE 0x3 /* STATUS.state */
#define SOC_BPF_STATE_FAULT 0x4 /* STATUS.state */
#define SOC_BPF_STATE_CLEARING 0x5 /* STATUS.state */
#define SOC_BPF_HELPER_RETURN 0x0 /* HELPER_ACTION */
#define SOC_BPF_HELPER_TAIL_CALL 0x1 /* HELPER_ACTION */
#define SOC_BPF_HELPER_FAULT 0x2 /* HELPER_ACTION */
#define SOC_BPF_REGION_VALID 0x1 /* region FLAGS */
#define SOC_BPF_REGION_WRITE 0x2 /* region FLAGS */
#define SOC_BPF_PROG_BASE 0x10000000 /* code addresses: lddw src 4 and callx targets (not data) */
#define SOC_BPF_STACK_BASE 0x20000000 /* frame k occupies STACK_BASE + k*FRAME_SIZE; r10 = its top */
#define SOC_BPF_FRAME_SIZE 0x200 /* bytes of stack per frame */
#define SOC_BPF_MAX_DEPTH 0x8 /* frames: the main program plus 7 nested calls */
#define SOC_BPF_NUM_REGIONS 0x4 /* programmable external regions */
#define SOC_BPF_IMEM_DEPTH 0x1000 /* instruction slots (64-bit words) */
#define SOC_BPF_CNT_CYCLES 0x0 /* counter number */
#define SOC_BPF_CNT_INSNS 0x1 /* counter number */
#define SOC_BPF_CNT_STALL_LOAD_USE 0x2 /* counter number */
#define SOC_BPF_CNT_STALL_BRANCH 0x3 /* counter number */
#define SOC_BPF_CNT_STALL_MULDIV 0x4 /* counter number */
#define SOC_BPF_CNT_STALL_HELPER 0x5 /* counter number */
#define SOC_BPF_CNT_STALL_MEM 0x6 /* counter number */
#define SOC_BPF_CNT_STALL_OTHER 0x7 /* counter number */
#define SOC_BPF_FAULT_NONE 0x0 /* no fault */
#define SOC_BPF_FAULT_ILLEGAL_INSN 0x1 /* illegal instruction */
#define SOC_BPF_FAULT_PC_BOUNDS 0x2 /* jump, call or fall-through outside the program */
#define SOC_BPF_FAULT_LOAD_BOUNDS 0x3 /* load outside every readable region */
#define SOC_BPF_FAULT_STORE_BOUNDS 0x4 /* store or atomic outside every writable region */
#define SOC_BPF_FAULT_CALL_DEPTH 0x5 /* call nesting deeper than MAX_DEPTH frames */
#define SOC_BPF_FAULT_BUDGET 0x6 /* instruction budget exhausted */
#define SOC_BPF_FAULT_HELPER 0x7 /* helper call refused (unknown helper id or helper error) */
#define SOC_BPF_FAULT_ABORTED 0x8 /* stopped by the host */
#define SOC_IRQ_MSI 0x3 /* machine software interrupt (timer MSIP) */
#define SOC_IRQ_MTI 0x7 /* machine timer interrupt (MTIME >= MTIMECMP) */
#define SOC_IRQ_MEI 0xb /* machine external interrupt (unused: the lines below are direct) */
#define SOC_IRQ_UART 0x10 /* UART (its IE bits) */
#define SOC_IRQ_BPF 0x11 /* the eBPF core is in state DONE, FAULT or HELPER */
#define SOC_IRQ_HOST 0x12 /* the host port (soc.host IE bits) */
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

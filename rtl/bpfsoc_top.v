// bpfsoc_top.v: the SoC: the RISC-V core on a bus with its RAM (soc_ram),
// the machine timer (soc_timer), the UART to the host (soc_uart), the
// system registers (soc_syscon), the eBPF core with its packet and map
// memories (soc_bpf) and the host port (soc_host: BAR 0 of a PCIe
// endpoint, a second master on the bus), at the addresses of
// spec/bpfsoc.toml [soc.map].  An address no device decodes is answered
// with an error in the cycle after the request (the core's access fault).
// The core: RV_PIPE = 1 (the default) is rv_pipe, pipelined, which fetches
// through the RAM's second (instruction) port; RV_PIPE = 0 is rv_core, the
// compact multi-cycle one, which fetches over the bus; RV_PIPE = 2 is
// rv_serial, the bit-serial RV32I one (the smallest; rv_core's ports and
// bus, RV_M ignored).
// Bus: as rv_core's; every device answers at the earliest one cycle after
// the request (the RAM's reads two with rv_pipe: soc_ram's OREG).
// SPRAM = 1 (the iCEBreaker's): the RAM is single-ported (soc_ram on two
// SB_SPRAM256KA) and so is the map memory (soc_mapmem: one SPRAM behind a
// sequencer, answering the bus two to four cycles later); only with
// RV_PIPE = 0 or 2.  HOST_PORT = 0 removes soc_host: the core is the bus's only
// master and the host's window answers with a bus error.  UART_RX_AW: the
// UART's receive FIFO (docs/architecture.md, "The SoC").
// LMEM = 1 (the iCEBreaker's): the tiny eBPF core keeps its instruction
// slots and its stack in the top LM_BYTES of the RAM (its local memory
// port, soc_ram's first claim in every cycle it uses it), not in SPRAMs
// of its own; the firmware is linked below them.
// The RAM's load port (i_ld_*) writes words while i_rst is held: the
// board's boot loader, the simulator's ELF loader.
// Under BPFSOC_SIM the simulator gets: the reset pc and a view of every bus
// write (to find tohost).
`default_nettype none

module bpfsoc_top #(
  // Sizes per board (spec [board.*]); 0: the simulated SoC's, the largest
  parameter integer RAM_BYTES  = 0,  // RAM (SOC_RAM_SIZE)
  parameter integer MAP_BYTES  = 0,  // map memory (SOC_MAP_SIZE)
  parameter integer PKT_BYTES  = 0,  // packet memory (SOC_PKT_SIZE)
  parameter integer IMEM_DEPTH = 0,  // eBPF instruction slots (BPF_IMEM_DEPTH)
  parameter integer CLK_HZ     = 0,  // the clock (SOC_SIM_CLK_HZ)
  parameter integer RV_PIPE    = 1,  // 1: rv_pipe (pipelined), 0: rv_core (multi-cycle), 2: rv_serial (bit-serial RV32I)
  parameter integer RV_M       = 1,  // rv_core's M extension (rv_core M_EXT; rv_pipe always has it)
  parameter         RAM_INIT   = "", // the RAM's initial contents, a $readmemh file ("": none; soc_ram INIT_FILE)
  parameter integer SPRAM      = 0,  // 1: single-port RAM and map memory (iCE40 SPRAM; needs RV_PIPE = 0 or 2)
  parameter integer UART_RX_AW = 12, // log2 of the UART's receive FIFO depth (soc_uart RX_AW)
  parameter integer HOST_PORT  = 1,  // 0: no host port (its window answers with a bus error)
  parameter integer LMEM       = 0   // 1: the tiny eBPF core's slots and stack at the top of
                                     // the RAM (needs SPRAM = 1 and the tiny core)
) (
  input  wire        i_clk,
  input  wire        i_rst,
  // UART to the host
  input  wire        i_uart_rx,
  output wire        o_uart_tx,
  // The host port: BAR 0 (spec [host.bar]); tie i_host_req low without one
  input  wire        i_host_req,
  input  wire        i_host_we,
  input  wire [16:0] i_host_addr,
  input  wire [31:0] i_host_wdata,
  output wire        o_host_ack,
  output wire [31:0] o_host_rdata,
  output wire        o_host_irq,
  // The RAM's load port: words written while i_rst is held (a boot loader,
  // the simulator's ELF loader); tie i_ld_we low without one
  input  wire        i_ld_we,
  /* verilator lint_off UNUSEDSIGNAL */  // the RAM's word address bits only
  input  wire [31:0] i_ld_addr,       // byte address (word aligned) in RAM
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [31:0] i_ld_data,
  // The machine timer's count (MTIME: clock cycles since reset, unless
  // the firmware writes it), for a board's LEDs
  output wire [63:0] o_mtime
`ifdef BPFSOC_SIM
  ,
  input  wire [31:0] i_sim_reset_pc,
  output wire        o_sim_wr,        // a bus write is done this cycle ...
  output wire [31:0] o_sim_wr_addr,   // ... at this word address
  output wire [3:0]  o_sim_wr_be,
  output wire [31:0] o_sim_wr_data,
  output wire [15:0] o_sim_uart_div   // the UART's bit time (for the line's far end)
`endif
`ifdef BPFSOC_TRACE
  ,
  output wire        o_tr_valid,
  output wire [31:0] o_tr_pc,
  output wire [31:0] o_tr_insn,
  output wire        o_tr_rd_valid,
  output wire [4:0]  o_tr_rd,
  output wire [31:0] o_tr_rd_val,
  // the eBPF core's (bpf_core's trace port)
  output wire        o_btr_valid,
  output wire [31:0] o_btr_pc,
  output wire [63:0] o_btr_insn,
  output wire        o_btr_rd_valid,
  output wire [3:0]  o_btr_rd,
  output wire [63:0] o_btr_rd_val,
  output wire        o_btr_mem_valid,
  output wire        o_btr_mem_write,
  output wire [3:0]  o_btr_mem_size,
  output wire [31:0] o_btr_mem_addr,
  output wire [63:0] o_btr_mem_data
`endif
);

  /* verilator lint_off UNUSEDPARAM */
`undef BPFSOC_MAP_VH
`include "bpfsoc_map.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam integer RAMB  = (RAM_BYTES == 0) ? SOC_RAM_SIZE : RAM_BYTES;
  localparam integer RAMW  = RAMB / 4;
  localparam integer RAMAW = $clog2(RAMW);
  localparam integer CLK    = (CLK_HZ == 0) ? SOC_SIM_CLK_HZ : CLK_HZ;
  localparam integer MAPB   = (MAP_BYTES == 0) ? SOC_MAP_SIZE : MAP_BYTES;
  localparam integer PKTB   = (PKT_BYTES == 0) ? SOC_PKT_SIZE : PKT_BYTES;
  // LMEM: the eBPF core's words (two a slot, then the stack) at the RAM's top
  localparam integer IMEMD  = (IMEM_DEPTH == 0) ? SOC_BPF_IMEM_DEPTH : IMEM_DEPTH;
  localparam integer LMW    = 2 * IMEMD + SOC_BPF_MAX_DEPTH * SOC_BPF_FRAME_SIZE / 4;
  localparam integer LMBASE = RAMW - LMW;

  generate
    if ((1 << RAMAW) != RAMW || (SOC_RAM_BASE % RAMB) != 0 ||
        (SOC_TIMER_BASE % SOC_TIMER_SIZE) != 0 || (SOC_UART_BASE % SOC_UART_SIZE) != 0 ||
        (SOC_SYSCON_BASE % SOC_SYSCON_SIZE) != 0 || (SPRAM != 0 && RV_PIPE == 1) ||
        (RV_PIPE < 0 || RV_PIPE > 2) ||
        (LMEM != 0 && (SPRAM == 0 || LMW >= RAMW))) begin : g_bad_config
      // Elaboration fails here: RAM size a power of two, windows aligned;
      // the single-port RAM (SPRAM) has no instruction port for rv_pipe;
      // the local memory port only on it, and smaller than the RAM.
      bpfsoc_top_unsupported_configuration u_bad ();
    end
  endgenerate

  // ---- the core ----
  wire        c_req, c_we, c_ack, c_err;
  wire [31:0] c_addr, c_wdata;
  wire [3:0]  c_be;
  wire        mti, msi, uart_irq, bpf_irq, host_irq;
  wire [63:0] mtime;
  // rv_pipe's load/store address in EX, to tell whether a device decodes it
  // (it posts such stores: the address decode below, so that a store it
  // posts is always acked and one to no device waits for its error)
  /* verilator lint_off UNUSEDSIGNAL */  // word addresses (and unused with rv_core)
  wire [31:0] st_addr;
  /* verilator lint_on UNUSEDSIGNAL */

  // The interrupt lines reach the core through a register: a cycle's
  // latency, which keeps the devices' status logic (the UART's, the host
  // port's) out of the core's interrupt, stall and fetch paths.
  reg         msi_q, mti_q;
  reg  [2:0]  irq_local_q;
  always @(posedge i_clk) begin
    msi_q       <= msi & ~i_rst;
    mti_q       <= mti & ~i_rst;
    irq_local_q <= {host_irq, bpf_irq, uart_irq} & {3{~i_rst}};
  end

  // The address decode: some device answers at address a (else the bus's
  // error)
  function automatic decodes(input [31:0] a);
    decodes = ((a & ~(RAMB - 1)) == SOC_RAM_BASE) |
              ((a & ~(SOC_TIMER_SIZE - 1)) == SOC_TIMER_BASE) |
              ((a & ~(SOC_UART_SIZE - 1)) == SOC_UART_BASE) |
              ((a & ~(SOC_SYSCON_SIZE - 1)) == SOC_SYSCON_BASE) |
              (HOST_PORT != 0 && (a & ~(SOC_HOST_SIZE - 1)) == SOC_HOST_BASE) |
              ((a & ~(SOC_BPF_CTL_SIZE - 1)) == SOC_BPF_CTL_BASE) |
              ((a & ~(PKTB - 1)) == SOC_PKT_BASE) |
              ((a & ~(MAPB - 1)) == SOC_MAP_BASE);
  endfunction

`ifdef BPFSOC_SIM
  wire [31:0] reset_pc = i_sim_reset_pc;
`else
  wire [31:0] reset_pc = SOC_RESET_PC;
`endif

  // The instruction port (rv_pipe only): a fetch outside the RAM is an
  // instruction access fault, flagged with the (meaningless) word.  The
  // flag follows the word through the RAM's two cycles, and holds with it.
  wire [31:0] iaddr, idata;
  wire        ihold;
  reg         ierr_b, ierr_q;

  generate
    if (RV_PIPE == 1) begin : g_pipe
      rv_pipe u_cpu (
        .i_clk(i_clk), .i_rst(i_rst), .i_reset_pc(reset_pc),
        .o_iaddr(iaddr), .o_ihold(ihold), .i_idata(idata), .i_ierr(ierr_q),
        .o_req(c_req), .o_we(c_we), .o_addr(c_addr), .o_be(c_be), .o_wdata(c_wdata),
        .o_st_addr(st_addr), .i_st_dev(decodes(st_addr)),
        .i_ack(c_ack), .i_err(c_err), .i_rdata(rdata),
        .i_irq_msi(msi_q), .i_irq_mti(mti_q), .i_irq_mei(1'b0),
        .i_irq_local({13'd0, irq_local_q}),   // bit n: interrupt 16 + n (spec [soc.irq])
        .i_mtime(mtime)
`ifdef BPFSOC_TRACE
        ,
        .o_tr_valid(o_tr_valid), .o_tr_pc(o_tr_pc), .o_tr_insn(o_tr_insn),
        .o_tr_rd_valid(o_tr_rd_valid), .o_tr_rd(o_tr_rd), .o_tr_rd_val(o_tr_rd_val)
`endif
      );
    end else if (RV_PIPE == 2) begin : g_serial
      assign st_addr = 32'd0;
      rv_serial u_cpu (
        .i_clk(i_clk), .i_rst(i_rst), .i_reset_pc(reset_pc),
        .o_req(c_req), .o_we(c_we), .o_addr(c_addr), .o_be(c_be), .o_wdata(c_wdata),
        .i_ack(c_ack), .i_err(c_err), .i_rdata(rdata),
        .i_irq_msi(msi_q), .i_irq_mti(mti_q), .i_irq_mei(1'b0),
        .i_irq_local({13'd0, irq_local_q}),   // bit n: interrupt 16 + n (spec [soc.irq])
        .i_mtime(mtime)
`ifdef BPFSOC_TRACE
        ,
        .o_tr_valid(o_tr_valid), .o_tr_pc(o_tr_pc), .o_tr_insn(o_tr_insn),
        .o_tr_rd_valid(o_tr_rd_valid), .o_tr_rd(o_tr_rd), .o_tr_rd_val(o_tr_rd_val)
`endif
      );
      // rv_serial fetches over the bus: the instruction port is idle
      assign iaddr = 32'd0;
      assign ihold = 1'b0;
      wire unused_ifetch = ^{idata, ierr_q};
    end else begin : g_core
      assign st_addr = 32'd0;
      rv_core #(.M_EXT(RV_M)) u_cpu (
        .i_clk(i_clk), .i_rst(i_rst), .i_reset_pc(reset_pc),
        .o_req(c_req), .o_we(c_we), .o_addr(c_addr), .o_be(c_be), .o_wdata(c_wdata),
        .i_ack(c_ack), .i_err(c_err), .i_rdata(rdata),
        .i_irq_msi(msi_q), .i_irq_mti(mti_q), .i_irq_mei(1'b0),
        .i_irq_local({13'd0, irq_local_q}),   // bit n: interrupt 16 + n (spec [soc.irq])
        .i_mtime(mtime)
`ifdef BPFSOC_TRACE
        ,
        .o_tr_valid(o_tr_valid), .o_tr_pc(o_tr_pc), .o_tr_insn(o_tr_insn),
        .o_tr_rd_valid(o_tr_rd_valid), .o_tr_rd(o_tr_rd), .o_tr_rd_val(o_tr_rd_val)
`endif
      );
      // rv_core fetches over the bus: the instruction port is idle
      assign iaddr = 32'd0;
      assign ihold = 1'b0;
      wire unused_ifetch = ^{idata, ierr_q};
    end
  endgenerate

  always @(posedge i_clk) begin
    ierr_b <= (iaddr & ~(RAMB - 1)) != SOC_RAM_BASE;
    if (!ihold)
      ierr_q <= ierr_b;
  end

  // ---- the bus: the core and the host's window, through soc_host ----
  wire        req, we, ack, err;
  wire [31:0] addr, wdata, rdata;
  wire [3:0]  be;
  wire        host_ack;
  wire [31:0] host_rdata;

  generate
    if (HOST_PORT != 0) begin : g_host
      soc_host u_host (
        .i_clk(i_clk), .i_rst(i_rst),
        .i_h_req(i_host_req), .i_h_we(i_host_we), .i_h_addr(i_host_addr),
        .i_h_wdata(i_host_wdata), .o_h_ack(o_host_ack), .o_h_rdata(o_host_rdata),
        .o_h_irq(o_host_irq),
        .i_c_req(c_req), .i_c_we(c_we), .i_c_addr(c_addr), .i_c_be(c_be), .i_c_wdata(c_wdata),
        .o_c_ack(c_ack), .o_c_err(c_err),
        .o_b_req(req), .o_b_we(we), .o_b_addr(addr), .o_b_be(be), .o_b_wdata(wdata),
        .i_b_ack(ack), .i_b_err(err), .i_b_rdata(rdata),
        .i_sel(sel_host), .o_ack(host_ack), .o_rdata(host_rdata), .o_irq(host_irq));
    end else begin : g_no_host
      // No host port: the core alone on the bus; the host's window decodes
      // to no device (a bus error, the core's access fault)
      assign req = c_req;
      assign we = c_we;
      assign addr = c_addr;
      assign be = c_be;
      assign wdata = c_wdata;
      assign c_ack = ack;
      assign c_err = err;
      assign host_ack = 1'b0;
      assign host_rdata = 32'd0;
      assign host_irq = 1'b0;
      assign o_host_ack = 1'b0;
      assign o_host_rdata = 32'd0;
      assign o_host_irq = 1'b0;
      wire unused_host_in = ^{i_host_req, i_host_we, i_host_addr, i_host_wdata, sel_host};
    end
  endgenerate

  // ---- address decode ----
  wire sel_ram   = (addr & ~(RAMB - 1)) == SOC_RAM_BASE;
  wire sel_timer = (addr & ~(SOC_TIMER_SIZE - 1)) == SOC_TIMER_BASE;
  wire sel_uart  = (addr & ~(SOC_UART_SIZE - 1)) == SOC_UART_BASE;
  wire sel_sys   = (addr & ~(SOC_SYSCON_SIZE - 1)) == SOC_SYSCON_BASE;
  wire sel_host  = HOST_PORT != 0 && (addr & ~(SOC_HOST_SIZE - 1)) == SOC_HOST_BASE;
  wire sel_ctl   = (addr & ~(SOC_BPF_CTL_SIZE - 1)) == SOC_BPF_CTL_BASE;
  wire sel_pkt   = (addr & ~(PKTB - 1)) == SOC_PKT_BASE;
  wire sel_map   = (addr & ~(MAPB - 1)) == SOC_MAP_BASE;
  wire sel_bpf   = sel_ctl | sel_pkt | sel_map;
  wire sel_none  = ~decodes(addr);   // (~sel_ram & ~sel_timer & ... & ~sel_bpf)

  wire        ram_ack, tmr_ack, uart_ack, sys_ack, bpf_ack;
  wire [31:0] ram_rdata, tmr_rdata, uart_rdata, sys_rdata, bpf_rdata;
  // the eBPF core's local memory port (LMEM), into the RAM
  wire        lm_req, lm_we;
  wire [13:0] lm_addr;
  wire [3:0]  lm_be;
  wire [31:0] lm_wdata;
  wire [31:0] lm_ram_addr = LMBASE + {18'd0, lm_addr};
  /* verilator lint_off UNUSEDSIGNAL */
  wire        unused_lm = |lm_ram_addr;   // the bits above the RAM's
  /* verilator lint_on UNUSEDSIGNAL */
  wire [15:0] uart_div;
  reg         err_q;

  // rv_pipe: bus reads from a register behind the RAM (a cycle more, off
  // the critical path); rv_core keeps the one-cycle answer
  soc_ram #(.WORDS(RAMW), .AW(RAMAW), .INIT_FILE(RAM_INIT), .SPRAM(SPRAM),
            .OREG(RV_PIPE == 1 ? 1 : 0), .LM(LMEM)) u_ram (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_req(req & sel_ram), .i_we(we), .i_addr(addr[RAMAW+1:2]), .i_be(be), .i_wdata(wdata),
    .o_ack(ram_ack), .o_rdata(ram_rdata),
    .i_iaddr(iaddr[RAMAW+1:2]), .i_ihold(ihold), .o_idata(idata),
    .i_ld_we(i_ld_we), .i_ld_addr(i_ld_addr[RAMAW+1:2]), .i_ld_data(i_ld_data),
    .i_lm_req(lm_req), .i_lm_we(lm_we), .i_lm_addr(lm_ram_addr[RAMAW-1:0]), .i_lm_be(lm_be),
    .i_lm_wdata(lm_wdata));

  soc_timer u_timer (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_req(req & sel_timer), .i_we(we), .i_addr(addr[7:0]), .i_be(be), .i_wdata(wdata),
    .o_ack(tmr_ack), .o_rdata(tmr_rdata),
    .o_mti(mti), .o_msi(msi), .o_mtime(mtime));
  assign o_mtime = mtime;

  soc_uart #(.RX_AW(UART_RX_AW), .TX_AW(4), .DIV_INIT(CLK / 115200)) u_uart (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_req(req & sel_uart), .i_we(we), .i_addr(addr[7:0]), .i_be(be), .i_wdata(wdata),
    .o_ack(uart_ack), .o_rdata(uart_rdata),
    .i_rx(i_uart_rx), .o_tx(o_uart_tx), .o_irq(uart_irq), .o_div(uart_div));

  soc_syscon #(.CLK_HZ(CLK), .RAM_BYTES(RAMB), .MAP_BYTES(MAPB), .PKT_BYTES(PKTB),
               .UART_RX_BYTES(1 << UART_RX_AW)) u_sys (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_req(req & sel_sys), .i_we(we), .i_addr(addr[7:0]),
    .o_ack(sys_ack), .o_rdata(sys_rdata));

  soc_bpf #(.PKT_BYTES(PKTB), .MAP_BYTES(MAPB), .IMEM_DEPTH(IMEM_DEPTH), .SPRAM(SPRAM),
            .LMEM(LMEM)) u_bpf (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_sel_ctl(sel_ctl), .i_sel_pkt(sel_pkt), .i_sel_map(sel_map),
    .i_req(req & sel_bpf), .i_we(we), .i_addr(addr), .i_be(be), .i_wdata(wdata),
    .o_ack(bpf_ack), .o_rdata(bpf_rdata), .o_irq(bpf_irq),
    .o_lm_req(lm_req), .o_lm_we(lm_we), .o_lm_addr(lm_addr), .o_lm_be(lm_be),
    .o_lm_wdata(lm_wdata), .i_lm_rdata(ram_rdata)
`ifdef BPFSOC_TRACE
    ,
    .o_tr_valid(o_btr_valid), .o_tr_pc(o_btr_pc), .o_tr_insn(o_btr_insn),
    .o_tr_rd_valid(o_btr_rd_valid), .o_tr_rd(o_btr_rd), .o_tr_rd_val(o_btr_rd_val),
    .o_tr_mem_valid(o_btr_mem_valid), .o_tr_mem_write(o_btr_mem_write),
    .o_tr_mem_size(o_btr_mem_size), .o_tr_mem_addr(o_btr_mem_addr),
    .o_tr_mem_data(o_btr_mem_data)
`endif
  );

  // No device: an error in the next cycle
  always @(posedge i_clk)
    err_q <= req & sel_none & ~err_q & ~i_rst;

  // The answering device's data (at most one answers in a cycle; the
  // timer and the system registers read 0 in any other cycle)
  assign ack   = ram_ack | tmr_ack | uart_ack | sys_ack | host_ack | bpf_ack;
  assign err   = err_q;
  assign rdata = ({32{ram_ack}} & ram_rdata) | ({32{uart_ack}} & uart_rdata) |
                 ({32{host_ack}} & host_rdata) | ({32{bpf_ack}} & bpf_rdata) |
                 tmr_rdata | sys_rdata;

`ifdef BPFSOC_SIM
  // A device takes a write in the cycle of the request that it has not
  // answered yet; the view shows each write once, whatever the device.
  reg wr_seen_q;
  always @(posedge i_clk)
    wr_seen_q <= req & we & ~(ack | err) & ~i_rst;
  assign o_sim_wr      = req & we & ~wr_seen_q & ~i_rst;
  assign o_sim_wr_addr = {addr[31:2], 2'b00};
  assign o_sim_wr_be   = be;
  assign o_sim_wr_data = wdata;
  assign o_sim_uart_div = uart_div;
`else
  wire unused_div = |uart_div;
`endif

endmodule

`default_nettype wire

// soc_bpf.v: the eBPF core as a peripheral of the SoC, with the memories
// it shares with the RISC-V core: the packet memory (PKT_BUFS buffers, so
// that the firmware fills the next packet while a program runs on one) and
// the map memory.  Windows on the RISC-V bus (spec/bpfsoc.toml [soc.map]):
//   BPF_CTL  the core's control registers ([core.ctl]);
//   PKT      the packet memory;
//   MAP      the map memory.
// The eBPF core's data port sees the packet and map memories at the same
// addresses, so a pointer the firmware hands to a program (a map value, a
// packet) is the same number on both sides.  An access of the data port
// outside both memories (which the core's region table should never let
// through) reads 0 and writes nothing.
// Bus: writes are answered in the cycle after the request; reads of the
// memories too, reads of the control registers three cycles after it (the
// request reaches the core's control bus from a register, which answers
// two cycles after a read); a control write takes effect at the end of
// its answer's cycle.
// Data port: every request is granted at once and answered in the next
// cycle (SPRAM = 0: two cycles after, from a register).  o_irq: the core is in state DONE, FAULT or HELPER.
// SPRAM = 1: the map memory is soc_mapmem (one SPRAM, 32 KiB at most,
// shared through a sequencer): the bus's map accesses are answered 3
// (write) or 4 (read) cycles after the request at the earliest, later when
// the eBPF core's access is being served or an atomic holds the lock; the
// data port's map requests are granted when the sequencer is free and
// answered 2 to 7 cycles later, and its other requests wait until no map
// answer is outstanding (the answers stay in order); the packet memory is
// soc_pktmem (one port per bank): the data port's packet request of n
// bytes is granted after n cycles without a bus request to it.
`default_nettype none

module soc_bpf #(
  parameter integer PKT_BYTES  = 8192,
  parameter integer MAP_BYTES  = 65536,
  parameter integer IMEM_DEPTH = 0,     // instruction slots; 0: the spec's IMEM_DEPTH
  parameter integer SPRAM      = 0,     // 1: the map memory on one single-port RAM (soc_mapmem)
  parameter integer LMEM       = 0      // 1: the core's slots and stack in the SoC's RAM
                                        // (the tiny core's local memory port, o_lm_*)
) (
  input  wire        i_clk,
  input  wire        i_rst,
  // Bus (selected by the decoder: one of the three windows)
  input  wire        i_sel_ctl,
  input  wire        i_sel_pkt,
  input  wire        i_sel_map,
  input  wire        i_req,
  input  wire        i_we,
  /* verilator lint_off UNUSEDSIGNAL */  // the decoder chose the window: offsets only
  input  wire [31:0] i_addr,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [3:0]  i_be,
  input  wire [31:0] i_wdata,
  output wire        o_ack,
  output wire [31:0] o_rdata,
  // Interrupt
  output wire        o_irq,
  // The core's local memory port (LMEM = 1; bpf_core): to the RAM
  output wire        o_lm_req,
  output wire        o_lm_we,
  output wire [13:0] o_lm_addr,
  output wire [3:0]  o_lm_be,
  output wire [31:0] o_lm_wdata,
  input  wire [31:0] i_lm_rdata
`ifdef BPFSOC_TRACE
  ,
  // The eBPF core's retirement trace (bpf_core)
  output wire        o_tr_valid,
  output wire [31:0] o_tr_pc,
  output wire [63:0] o_tr_insn,
  output wire        o_tr_rd_valid,
  output wire [3:0]  o_tr_rd,
  output wire [63:0] o_tr_rd_val,
  output wire        o_tr_mem_valid,
  output wire        o_tr_mem_write,
  output wire [3:0]  o_tr_mem_size,
  output wire [31:0] o_tr_mem_addr,
  output wire [63:0] o_tr_mem_data
`endif
);

  /* verilator lint_off UNUSEDPARAM */
`undef BPFSOC_MAP_VH
`include "bpfsoc_map.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam integer PAW = $clog2(PKT_BYTES);
  localparam integer MAW = $clog2(MAP_BYTES);

  generate
    if ((1 << PAW) != PKT_BYTES || (1 << MAW) != MAP_BYTES ||
        (SOC_PKT_BASE % PKT_BYTES) != 0 || (SOC_MAP_BASE % MAP_BYTES) != 0) begin : g_bad_config
      // Elaboration fails here: memory sizes powers of two, windows aligned.
      soc_bpf_unsupported_configuration u_bad ();
    end
  endgenerate

  // ---- RISC-V side ----
  reg  [1:0] busy;                 // a request being answered: cycles since it began
  wire       go   = i_req & (busy == 2'd0);
  wire       ctl_rd_go = go & i_sel_ctl & ~i_we;
  reg        ctl_rd_q, ctl_rd_q2, ctl_rd_q3, mem_ack_q, pkt_q;
  // The control bus request goes to the core from registers, a cycle
  // after the bus's: the bus's address decode stays out of the core's
  // pipeline enables (on the ULX3S the worst path ran from the RISC-V's
  // request register through the decode and go into the core's call
  // registers).  So a control read is answered three cycles after go.
  reg        c_sel_q, c_we_q;
  reg [15:0] c_addr_q;
  reg [31:0] c_wdata_q;

  always @(posedge i_clk) begin
    if (i_rst) begin
      busy      <= 2'd0;
      ctl_rd_q  <= 1'b0;
      ctl_rd_q2 <= 1'b0;
      ctl_rd_q3 <= 1'b0;
      c_sel_q   <= 1'b0;
      mem_ack_q <= 1'b0;
    end else begin
      // a control read takes four cycles (request, the register, two for
      // the core), the rest two (request, answer)
      if (go)
        busy <= ctl_rd_go ? 2'd2 : 2'd1;
      else if (busy != 2'd0 && o_ack)
        busy <= 2'd0;
      ctl_rd_q  <= ctl_rd_go;
      ctl_rd_q2 <= ctl_rd_q;
      ctl_rd_q3 <= ctl_rd_q2;
      c_sel_q   <= go & i_sel_ctl;
      mem_ack_q <= go & ~ctl_rd_go & ~(SPRAM != 0 && i_sel_map);
    end
    if (go)
      pkt_q <= i_sel_pkt;
    c_we_q    <= i_we;
    c_addr_q  <= i_addr[15:0];
    c_wdata_q <= i_wdata;
  end

  wire [31:0] ctl_rdata, pkt_b, map_b;
  wire        map_ack;
  assign o_ack   = mem_ack_q | ctl_rd_q3 | map_ack;
  assign o_rdata = ctl_rd_q3 ? ctl_rdata : pkt_q ? pkt_b : map_b;

  // ---- the core ----
  wire        dreq, dwe, dlock;
  wire [31:0] daddr;
  wire [3:0]  dsize;
  wire [63:0] dwdata;
  wire [2:0]  state;
  wire        irq_done, irq_fault, irq_helper;
  reg         drsp_q, dpkt_q;
  wire [63:0] pkt_a, map_a;
  wire        dgnt, map_rvalid;
  // The data port's answer.  SPRAM = 0: registered (a cycle after the
  // block RAMs' output, which is 5.8 ns late on the ECP5 and spread over
  // the die: through the lane rotation and the core's load finishing it
  // was the ULX3S's worst path), so a load is answered two cycles after
  // its request.  SPRAM = 1: as the memories give it.
  reg         rsp_q;
  reg  [63:0] rsp_dq;
  wire        drsp_v = (SPRAM != 0) ? (drsp_q | map_rvalid) : rsp_q;
  wire [63:0] drsp_d = (SPRAM != 0) ? (~map_rvalid ? pkt_a : map_a) : rsp_dq;

  bpf_core #(.IMEM_DEPTH(IMEM_DEPTH), .LMEM(LMEM)) u_core (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_ctl_sel(c_sel_q), .i_ctl_we(c_we_q), .i_ctl_addr(c_addr_q),
    .i_ctl_wdata(c_wdata_q), .o_ctl_rdata(ctl_rdata),
    .o_state(state), .o_irq_done(irq_done), .o_irq_fault(irq_fault),
    .o_irq_helper(irq_helper),
    .o_dmem_req(dreq), .o_dmem_we(dwe), .o_dmem_addr(daddr), .o_dmem_size(dsize),
    .o_dmem_wdata(dwdata), .o_dmem_lock(dlock),
    .i_dmem_gnt(dgnt), .i_dmem_rvalid(drsp_v),
    .i_dmem_rdata(drsp_d),
    .o_lm_req(o_lm_req), .o_lm_we(o_lm_we), .o_lm_addr(o_lm_addr), .o_lm_be(o_lm_be),
    .o_lm_wdata(o_lm_wdata), .i_lm_rdata(i_lm_rdata)
`ifdef BPFSOC_TRACE
    ,
    .o_tr_valid(o_tr_valid), .o_tr_pc(o_tr_pc), .o_tr_insn(o_tr_insn),
    .o_tr_rd_valid(o_tr_rd_valid), .o_tr_rd(o_tr_rd), .o_tr_rd_val(o_tr_rd_val),
    .o_tr_mem_valid(o_tr_mem_valid), .o_tr_mem_write(o_tr_mem_write),
    .o_tr_mem_size(o_tr_mem_size), .o_tr_mem_addr(o_tr_mem_addr), .o_tr_mem_data(o_tr_mem_data)
`endif
  );

  wire unused = |state;
  assign o_irq = irq_done | irq_fault | irq_helper;

  wire d_pkt = (daddr & ~(PKT_BYTES - 1)) == SOC_PKT_BASE;
  wire d_map = (daddr & ~(MAP_BYTES - 1)) == SOC_MAP_BASE;

  // ---- the packet memory ----
  // (and, with SPRAM = 0, the map memory; an access to neither is answered
  // as one to the packet memory, reading its undefined data)
  // SPRAM = 1: soc_pktmem, whose banks have one port each (iCE40 block
  // RAM): the RISC-V's access takes them in its cycle, and the data port's
  // request goes a byte a cycle in the others, granted (pkt_gnt) with its
  // last byte.  SPRAM = 0: soc_bytemem, two ports, every request at once.
  wire dreq_now;   // a request answered in the next cycle
  wire pkt_req;    // SPRAM = 1: the data port's request to the packet memory
  wire pkt_gnt;    // the packet memory takes the data port's request now
  always @(posedge i_clk) begin
    drsp_q <= dreq_now & ~i_rst;
    if (dreq_now)
      dpkt_q <= d_pkt;
    rsp_q  <= drsp_q & ~i_rst;
    rsp_dq <= dpkt_q ? pkt_a : map_a;
  end

  generate
    if (SPRAM != 0) begin : g_pkt1
      soc_pktmem #(.BYTES(PKT_BYTES), .AW(PAW)) u_pkt (
        .i_clk(i_clk),
        .i_a_req(pkt_req), .o_a_gnt(pkt_gnt), .i_a_we(dwe),
        .i_a_addr(daddr[PAW-1:0]), .i_a_size(dsize), .i_a_wdata(dwdata), .o_a_rdata(pkt_a),
        .i_b_req(go & i_sel_pkt), .i_b_we(i_we), .i_b_addr(i_addr[PAW-1:2]), .i_b_be(i_be),
        .i_b_wdata(i_wdata), .o_b_rdata(pkt_b));
    end else begin : g_pkt2
      assign pkt_gnt = 1'b1;
      soc_bytemem #(.BYTES(PKT_BYTES), .AW(PAW)) u_pkt (
        .i_clk(i_clk),
        .i_a_req(dreq_now & d_pkt), .i_a_we(dwe), .i_a_addr(daddr[PAW-1:0]), .i_a_size(dsize),
        .i_a_wdata(dwdata), .o_a_rdata(pkt_a),
        .i_b_req(go & i_sel_pkt), .i_b_we(i_we), .i_b_addr(i_addr[PAW-1:2]), .i_b_be(i_be),
        .i_b_wdata(i_wdata), .o_b_rdata(pkt_b));
    end
  endgenerate

  // ---- the map memory ----
  generate
    if (SPRAM != 0) begin : g_spram
      // the sequencer; the other requests wait while it owes an answer.
      // The lock: the RISC-V is kept out of the map memory from an atomic's
      // read to its write (soc_mapmem); the packet memory needs none (the
      // firmware does not write a packet while a program runs on it).
      wire map_gnt, map_busy;
      assign pkt_req  = dreq & d_pkt & ~map_busy;
      assign dreq_now = dreq & ~d_map & ~map_busy & ~(d_pkt & ~pkt_gnt);
      assign dgnt     = d_map ? map_gnt : ~map_busy & ~(d_pkt & ~pkt_gnt);

      soc_mapmem #(.AW(MAW)) u_map (
        .i_clk(i_clk), .i_rst(i_rst),
        .i_d_req(dreq & d_map), .i_d_we(dwe), .i_d_addr(daddr[MAW-1:0]), .i_d_size(dsize),
        .i_d_wdata(dwdata), .i_d_lock(dlock), .o_d_gnt(map_gnt), .o_d_rvalid(map_rvalid),
        .o_d_rdata(map_a), .o_d_busy(map_busy),
        .i_b_go(go & i_sel_map), .i_b_we(i_we), .i_b_addr(i_addr[MAW-1:2]), .i_b_be(i_be),
        .i_b_wdata(i_wdata), .o_b_ack(map_ack), .o_b_rdata(map_b));
    end else begin : g_bram
      // every request granted at once, answered in the next cycle; the only
      // master of these memories: no lock needed
      assign dreq_now   = dreq;
      assign pkt_req    = 1'b0;   // (unused)
      assign dgnt       = 1'b1;
      assign map_rvalid = 1'b0;
      assign map_ack    = 1'b0;
      wire unused_lock  = dlock & pkt_gnt & ~pkt_req;   // pkt_gnt: always 1 here

      soc_bytemem #(.BYTES(MAP_BYTES), .AW(MAW)) u_map (
        .i_clk(i_clk),
        .i_a_req(dreq & d_map), .i_a_we(dwe), .i_a_addr(daddr[MAW-1:0]), .i_a_size(dsize),
        .i_a_wdata(dwdata), .o_a_rdata(map_a),
        .i_b_req(go & i_sel_map), .i_b_we(i_we), .i_b_addr(i_addr[MAW-1:2]), .i_b_be(i_be),
        .i_b_wdata(i_wdata), .o_b_rdata(map_b));
    end
  endgenerate

endmodule

`default_nettype wire

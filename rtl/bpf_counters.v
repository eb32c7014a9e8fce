// bpf_counters.v: the core's performance counters, 64 bits each, cleared by
// START (unless CTRL.KEEP_COUNTERS).  Every cycle in RUNNING or HELPER counts in CYCLES and in exactly
// one of INSNS and the STALL_* counters, so CYCLES == INSNS + sum(STALL_*).
// CYCLES is a flip-flop counter; INSNS and the STALL_* counters live in LUT
// RAM (one increment per cycle: read, add one, write back), a copy of which
// serves the read port.  START clears them through one valid bit each.
// Each cycle's count is registered (i_count, i_which) and added in the next
// cycle, so the pipeline's late stall signals end at a flip-flop; reads see
// a cycle's count one cycle later.
// Latency: combinational read port (the control block registers it).
`default_nettype none

module bpf_counters (
  input  wire        i_clk,
  input  wire        i_rst,
  // Events
  input  wire        i_start,   // START: its cycle does not count
  input  wire        i_clear,   // START without CTRL.KEEP_COUNTERS: back to zero
  input  wire        i_count,   // this cycle counts
  input  wire [2:0]  i_which,   // INSNS or a STALL_* counter number
  // Read port
  input  wire [2:0]  i_raddr,
  output wire [63:0] o_rdata
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam [2:0] CYC = BPF_CNT_CYCLES[2:0];

  reg         count_q;        // the last cycle counts, in counter which_q
  reg  [2:0]  which_q;
  reg  [63:0] cyc_q;
  reg  [7:0]  valid_q;        // counter n has been written since START
  wire [63:0] cur, host;
  wire [63:0] inc = (valid_q[which_q] ? cur : 64'd0) + 64'd1;
  wire        we  = count_q & ~i_rst & ~i_clear;

  always @(posedge i_clk) begin
    count_q <= i_count & ~i_rst & ~i_start;
    which_q <= i_which;
    if (i_rst || i_clear) begin
      cyc_q   <= 64'd0;
      valid_q <= 8'd0;
    end else if (count_q) begin
      cyc_q            <= cyc_q + 64'd1;
      valid_q[which_q] <= 1'b1;
    end
  end

  bpf_lutram #(.W(64), .DEPTH(8), .AW(3)) u_cnt (
    .i_clk(i_clk), .i_we(we), .i_waddr(which_q), .i_wdata(inc),
    .i_raddr(which_q), .o_rdata(cur));
  bpf_lutram #(.W(64), .DEPTH(8), .AW(3)) u_host (
    .i_clk(i_clk), .i_we(we), .i_waddr(which_q), .i_wdata(inc),
    .i_raddr(i_raddr), .o_rdata(host));

  assign o_rdata = (i_raddr == CYC) ? cyc_q : (valid_q[i_raddr] ? host : 64'd0);

endmodule

`default_nettype wire

// bpf_tiny_counters.v: the tiny core's performance counters: the same
// interface and behaviour as bpf_counters (64 bits each, cleared by START
// unless CTRL.KEEP_COUNTERS, every counted cycle in CYCLES and in exactly
// one other counter, a cycle's count added in the next cycle), in one set
// of flip-flops with one shared incrementer for the counter of the cycle,
// instead of two LUT RAM copies (LUT RAM is flip-flops on the iCE40).
// Latency: combinational read port (the control block registers it).
`default_nettype none

module bpf_tiny_counters (
  input  wire        i_clk,
  input  wire        i_rst,
  input  wire        i_start,   // START: its cycle does not count
  input  wire        i_clear,   // START without CTRL.KEEP_COUNTERS: back to zero
  input  wire        i_count,   // this cycle counts
  input  wire [2:0]  i_which,   // INSNS or a STALL_* counter number (never CYCLES)
  input  wire [2:0]  i_raddr,
  output wire [63:0] o_rdata
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam [2:0] CYC = BPF_CNT_CYCLES[2:0];

  reg         count_q;
  reg  [2:0]  which_q;
  reg  [63:0] cnt_q [0:7];
  wire [63:0] inc = cnt_q[which_q] + 64'd1;
  integer k;

  always @(posedge i_clk) begin
    count_q <= i_count & ~i_rst & ~i_start;
    which_q <= i_which;
    if (i_rst || i_clear) begin
      for (k = 0; k < 8; k = k + 1)
        cnt_q[k] <= 64'd0;
    end else if (count_q) begin
      cnt_q[CYC]     <= cnt_q[CYC] + 64'd1;
      cnt_q[which_q] <= inc;
    end
  end

  assign o_rdata = cnt_q[i_raddr];

endmodule

`default_nettype wire

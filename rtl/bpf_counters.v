// bpf_counters.v: the core's performance counters, 64 bits each, cleared by
// START.  Every cycle in RUNNING or HELPER counts in CYCLES and in exactly
// one of INSNS and the STALL_* counters, so CYCLES == INSNS + sum(STALL_*).
// Latency: combinational read port (the control block registers it).
`default_nettype none

module bpf_counters (
  input  wire        i_clk,
  input  wire        i_rst,
  // Events
  input  wire        i_clear,   // START
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

  reg [63:0] cnt_q [0:7];

  genvar i;
  generate
    for (i = 0; i < 8; i = i + 1) begin : g_cnt
      always @(posedge i_clk) begin
        if (i_rst || i_clear)
          cnt_q[i] <= 64'd0;
        else if (i_count && (i == BPF_CNT_CYCLES || i_which == i))
          cnt_q[i] <= cnt_q[i] + 64'd1;
      end
    end
  endgenerate

  assign o_rdata = cnt_q[i_raddr];

endmodule

`default_nettype wire

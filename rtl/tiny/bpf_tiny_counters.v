// bpf_tiny_counters.v: the tiny core's performance counters: the same
// interface and behaviour as bpf_counters (64 bits each, cleared by START
// unless CTRL.KEEP_COUNTERS, every counted cycle in CYCLES and in exactly
// one other counter, a cycle's count added in the next cycle), in one set
// of flip-flops with one shared incrementer for the counter of the cycle,
// instead of two LUT RAM copies (LUT RAM is flip-flops on the iCE40).  The
// tiny core never stalls for a load's use or a branch, so STALL_LOAD_USE
// and STALL_BRANCH have no flip-flops: they read 0.
// Latency: combinational read port (the control block registers it).
`default_nettype none

module bpf_tiny_counters (
  input  wire        i_clk,
  input  wire        i_rst,
  input  wire        i_start,   // START: its cycle does not count
  input  wire        i_clear,   // START without CTRL.KEEP_COUNTERS: back to zero
  input  wire        i_count,   // this cycle counts
  input  wire [2:0]  i_which,   // INSNS or a STALL_* counter number other than
                                // LOAD_USE and BRANCH (never CYCLES)
  input  wire [2:0]  i_raddr,
  output reg  [63:0] o_rdata
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  // the counters kept: CYCLES and the ones i_which names, by their number
  reg         count_q;
  reg  [2:0]  which_q;
  reg  [63:0] cyc_q, ins_q, md_q, hlp_q, mem_q, oth_q;
  reg  [63:0] cur;
  always @(*) begin
    case (which_q)
      BPF_CNT_INSNS[2:0]:        cur = ins_q;
      BPF_CNT_STALL_MULDIV[2:0]: cur = md_q;
      BPF_CNT_STALL_HELPER[2:0]: cur = hlp_q;
      BPF_CNT_STALL_MEM[2:0]:    cur = mem_q;
      default:                   cur = oth_q;
    endcase
  end
  wire [63:0] inc = cur + 64'd1;

  always @(posedge i_clk) begin
    count_q <= i_count & ~i_rst & ~i_start;
    which_q <= i_which;
    if (i_rst || i_clear) begin
      cyc_q <= 64'd0;
      ins_q <= 64'd0;
      md_q  <= 64'd0;
      hlp_q <= 64'd0;
      mem_q <= 64'd0;
      oth_q <= 64'd0;
    end else if (count_q) begin
      cyc_q <= cyc_q + 64'd1;
      case (which_q)
        BPF_CNT_INSNS[2:0]:        ins_q <= inc;
        BPF_CNT_STALL_MULDIV[2:0]: md_q  <= inc;
        BPF_CNT_STALL_HELPER[2:0]: hlp_q <= inc;
        BPF_CNT_STALL_MEM[2:0]:    mem_q <= inc;
        default:                   oth_q <= inc;
      endcase
    end
  end

  always @(*) begin
    case (i_raddr)
      BPF_CNT_CYCLES[2:0]:       o_rdata = cyc_q;
      BPF_CNT_INSNS[2:0]:        o_rdata = ins_q;
      BPF_CNT_STALL_MULDIV[2:0]: o_rdata = md_q;
      BPF_CNT_STALL_HELPER[2:0]: o_rdata = hlp_q;
      BPF_CNT_STALL_MEM[2:0]:    o_rdata = mem_q;
      BPF_CNT_STALL_OTHER[2:0]:  o_rdata = oth_q;
      default:                   o_rdata = 64'd0;   // LOAD_USE, BRANCH
    endcase
  end

endmodule

`default_nettype wire

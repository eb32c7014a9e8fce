// bpf_dupreg.v: a register with an enable, for a copy of another register
// that feeds one consumer alone (the branch comparator's operands).
// Kept as its own module through flattening (keep_hierarchy): synthesis
// merges flip-flops with the same input and enable, which would turn the
// copy back into the original with the fanout of both.
// Latency: o_q takes i_d at the end of a cycle with i_en.
`default_nettype none

(* keep_hierarchy *)
module bpf_dupreg #(
  parameter integer W = 64
) (
  input  wire         i_clk,
  input  wire         i_en,
  input  wire [W-1:0] i_d,
  output reg  [W-1:0] o_q
);

  always @(posedge i_clk)
    if (i_en)
      o_q <= i_d;

endmodule

`default_nettype wire

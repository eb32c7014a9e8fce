// bpf_tiny_regfile.v: the tiny core's register file, 128 x 64 bits in
// block RAM (one write port with a write enable per 32-bit half, one
// synchronous read port: the word at i_raddr appears at o_rdata in the
// next cycle; a word read in the cycle it is written reads undefined).
// Words 0..10: r0..r10; word 64 + 8d + k: frame d's saved r6+k (k 0..3)
// and its return pc (k 4).
`default_nettype none

module bpf_tiny_regfile (
  input  wire        i_clk,
  input  wire [1:0]  i_we,      // low, high half
  input  wire [6:0]  i_waddr,
  input  wire [63:0] i_wdata,
  input  wire [6:0]  i_raddr,
  output reg  [63:0] o_rdata
);

  // no_rw_check: a read of the word written in the same cycle is never
  // used (the core reads r0 in WB, whose write may be r0; nothing reads
  // it in the next cycle), so no bypass around the block RAM is needed
  (* no_rw_check *)
  reg [31:0] lo [0:127];
  (* no_rw_check *)
  reg [31:0] hi [0:127];

  always @(posedge i_clk) begin
    if (i_we[0])
      lo[i_waddr] <= i_wdata[31:0];
    if (i_we[1])
      hi[i_waddr] <= i_wdata[63:32];
    o_rdata <= {hi[i_raddr], lo[i_raddr]};
  end

endmodule

`default_nettype wire

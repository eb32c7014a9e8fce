// bpf_lutram.v: a small memory with one synchronous write port and one
// asynchronous read port, inferred as distributed (LUT) RAM (ECP5
// TRELLIS_DPR16X4).  Two read ports of the same contents are two copies
// written together.
// Latency: a write takes effect at the end of its cycle; the read port is
// combinational (it sees the old contents in the cycle of a write).
// No reset: contents are data, not state.
// Kept as its own module through flattening (keep_hierarchy): synthesis
// would otherwise merge the register in front of the read address into
// the memory and rebuild it behind the read data, with bypass logic,
// moving the caller's next-address logic in front of the LUT RAM.
`default_nettype none

(* keep_hierarchy *)
module bpf_lutram #(
  parameter integer W     = 32,  // data width
  parameter integer DEPTH = 16,  // words
  parameter integer AW    = 4    // address width, 2**AW >= DEPTH
) (
  input  wire          i_clk,
  // Write port
  input  wire          i_we,
  input  wire [AW-1:0] i_waddr,
  input  wire [W-1:0]  i_wdata,
  // Read port
  input  wire [AW-1:0] i_raddr,
  output wire [W-1:0]  o_rdata
);

  reg [W-1:0] mem [0:DEPTH-1];

  always @(posedge i_clk)
    if (i_we)
      mem[i_waddr] <= i_wdata;

  assign o_rdata = mem[i_raddr];

endmodule

`default_nettype wire

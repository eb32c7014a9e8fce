// bpf_sdpram.v: simple dual-port RAM, one write port and one synchronous
// read port, inferred as block RAM (ECP5 DP16KD, iCE40 SB_RAM40_4K).
// Latency: read data for i_raddr appears one cycle after it is presented
// with i_re; without i_re the read data holds.
// A read of the address written in the same cycle returns an undefined
// value on the FPGA (no_rw_check: the block RAM is used as it is, without
// the collision logic that synthesis would otherwise add); the simulation
// returns the old data.  Callers never use such a read: the stack forwards
// the write around it, and the instruction memory is written only while
// the core does not run.  No reset: contents are data, not state.
`default_nettype none

module bpf_sdpram #(
  parameter integer W     = 8,    // data width
  parameter integer DEPTH = 512,  // words
  parameter integer AW    = 9     // address width, 2**AW >= DEPTH
) (
  input  wire          i_clk,
  // Write port
  input  wire          i_we,
  input  wire [AW-1:0] i_waddr,
  input  wire [W-1:0]  i_wdata,
  // Read port
  input  wire          i_re,
  input  wire [AW-1:0] i_raddr,
  output reg  [W-1:0]  o_rdata
);

  (* no_rw_check *)
  reg [W-1:0] mem [0:DEPTH-1];

  always @(posedge i_clk) begin
    if (i_we)
      mem[i_waddr] <= i_wdata;
    if (i_re)
      o_rdata <= mem[i_raddr];
  end

endmodule

`default_nettype wire

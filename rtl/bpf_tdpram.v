// bpf_tdpram.v: true dual-port RAM, inferred as block RAM (ECP5 DP16KD,
// iCE40 SB_RAM40_4K pairs): port A reads, port B writes or reads.
// Latency: read data for an address appears one cycle after it is
// presented (port A only with i_re_a; without it o_rdata_a holds).  Port
// B reads every cycle it does not write; a write leaves o_rdata_b
// undefined on the FPGA.  A read on port A of the address that port B
// writes in the same cycle is undefined on the FPGA (no_rw_check; the
// simulation returns the old data): the instruction memory, the one user,
// is written only while the core does not run.  No reset: contents are
// data, not state.
`default_nettype none

module bpf_tdpram #(
  parameter integer W     = 8,    // data width
  parameter integer DEPTH = 512,  // words
  parameter integer AW    = 9     // address width, 2**AW >= DEPTH
) (
  input  wire          i_clk,
  // Port A: read
  input  wire          i_re_a,
  input  wire [AW-1:0] i_addr_a,
  output reg  [W-1:0]  o_rdata_a,
  // Port B: write, or read when not writing
  input  wire          i_we_b,
  input  wire [AW-1:0] i_addr_b,
  input  wire [W-1:0]  i_wdata_b,
  output reg  [W-1:0]  o_rdata_b
);

  (* no_rw_check *)
  reg [W-1:0] mem [0:DEPTH-1];

  always @(posedge i_clk)
    if (i_re_a)
      o_rdata_a <= mem[i_addr_a];

  always @(posedge i_clk) begin
    if (i_we_b)
      mem[i_addr_b] <= i_wdata_b;
    o_rdata_b <= mem[i_addr_b];
  end

endmodule

`default_nettype wire

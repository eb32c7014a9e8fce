// bpf_tiny_spram.v: the tiny core's single-port synchronous memory: the
// instruction slots and the stack, 32-bit words with byte write enables.
// One access per cycle: a write (i_we with i_be) or a read whose word
// appears at o_rdata in the next cycle (o_rdata holds until the next read).
// Behavioural (WORDS words) for simulation; under BPFSOC_ICE40 two
// SB_SPRAM256KA side by side (16K x 32, the high and the low halfword).
`default_nettype none

module bpf_tiny_spram #(
  parameter integer AW    = 14,
  parameter integer WORDS = 16384
) (
  input  wire          i_clk,
  input  wire [AW-1:0] i_addr,
  input  wire          i_we,
  input  wire [3:0]    i_be,
  input  wire [31:0]   i_wdata,
  output wire [31:0]   o_rdata
);

`ifdef BPFSOC_ICE40
  wire [13:0] a = {{(14-AW){1'b0}}, i_addr};
  genvar h;
  generate
    for (h = 0; h < 2; h = h + 1) begin : g_half
      SB_SPRAM256KA u_ram (
        .ADDRESS(a), .DATAIN(i_wdata[16*h +: 16]),
        .MASKWREN({i_be[2*h+1], i_be[2*h+1], i_be[2*h], i_be[2*h]}),
        .WREN(i_we), .CHIPSELECT(1'b1), .CLOCK(i_clk),
        .STANDBY(1'b0), .SLEEP(1'b0), .POWEROFF(1'b1),
        .DATAOUT(o_rdata[16*h +: 16]));
    end
  endgenerate
`else
  reg [31:0] mem [0:WORDS-1];
  reg [31:0] q;
  integer b;
  always @(posedge i_clk) begin
    if (i_we) begin
      for (b = 0; b < 4; b = b + 1)
        if (i_be[b])
          mem[i_addr][8*b +: 8] <= i_wdata[8*b +: 8];
    end else begin
      q <= mem[i_addr];
    end
  end
  assign o_rdata = q;
`endif

endmodule

`default_nettype wire

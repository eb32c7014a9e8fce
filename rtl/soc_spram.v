// soc_spram.v: one single-port RAM of 16-bit words with a write mask per
// nibble, as the iCE40 UP5K's SB_SPRAM256KA (16K x 16): the address (and,
// for a write, the data and mask) in a cycle with i_en; a write is done at
// the end of that cycle, a read's word is on o_rdata in the next cycle (and
// stays there until the next access).  A write's cycle leaves o_rdata
// undefined.  No initial contents (the SPRAM has none).
// Under BPFSOC_ICE40 (the iCE40 bitstream) it is the SB_SPRAM256KA itself
// (AW at most 14); otherwise a behavioural model with the same timing.
`default_nettype none

module soc_spram #(
  parameter integer AW = 14          // word address width
) (
  input  wire          i_clk,
  input  wire          i_en,
  input  wire          i_we,
  input  wire [AW-1:0] i_addr,
  input  wire [3:0]    i_mask,       // bit n: write nibble n (bits 4n+3..4n)
  input  wire [15:0]   i_wdata,
  output wire [15:0]   o_rdata
);

`ifdef BPFSOC_ICE40
  generate
    if (AW > 14) begin : g_bad_config
      // Elaboration fails here: an SB_SPRAM256KA holds 16K words.
      soc_spram_too_large u_bad ();
    end
  endgenerate

  wire [13:0] a14 = {{(14 - AW){1'b0}}, i_addr};

  SB_SPRAM256KA u_spram (
    .ADDRESS(a14), .DATAIN(i_wdata), .MASKWREN(i_mask), .WREN(i_we),
    .CHIPSELECT(i_en), .CLOCK(i_clk), .STANDBY(1'b0), .SLEEP(1'b0),
    .POWEROFF(1'b1), .DATAOUT(o_rdata));
`else
  reg [15:0] mem [0:(1 << AW)-1];
  reg [15:0] q;

  always @(posedge i_clk)
    if (i_en) begin
      if (i_we) begin
        if (i_mask[0]) mem[i_addr][3:0]   <= i_wdata[3:0];
        if (i_mask[1]) mem[i_addr][7:4]   <= i_wdata[7:4];
        if (i_mask[2]) mem[i_addr][11:8]  <= i_wdata[11:8];
        if (i_mask[3]) mem[i_addr][15:12] <= i_wdata[15:12];
        q <= 16'hxxxx;
      end else
        q <= mem[i_addr];
    end

  assign o_rdata = q;
`endif

endmodule

`default_nettype wire

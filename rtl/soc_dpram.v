// soc_dpram.v: true dual-port RAM, both ports read and write, inferred as
// block RAM (ECP5 DP16KD, iCE40 SB_RAM40_4K).
// Latency: read data for an address appears one cycle after it is
// presented with the port's enable; without it the port's data holds.  A
// write also enables the port; its read data is then undefined on the
// FPGA.  Both ports writing the same address in one cycle, or one reading
// what the other writes, is undefined on the FPGA (no_rw_check): the SoC's
// users never do that (the RISC-V core and the eBPF core take turns).
`default_nettype none

module soc_dpram #(
  parameter integer W     = 8,
  parameter integer DEPTH = 1024,
  parameter integer AW    = 10
) (
  input  wire          i_clk,
  input  wire          i_en_a,
  input  wire          i_we_a,
  input  wire [AW-1:0] i_addr_a,
  input  wire [W-1:0]  i_wdata_a,
  output reg  [W-1:0]  o_rdata_a,
  input  wire          i_en_b,
  input  wire          i_we_b,
  input  wire [AW-1:0] i_addr_b,
  input  wire [W-1:0]  i_wdata_b,
  output reg  [W-1:0]  o_rdata_b
);

  (* no_rw_check *)
  reg [W-1:0] mem [0:DEPTH-1];

  always @(posedge i_clk)
    if (i_en_a) begin
      if (i_we_a)
        mem[i_addr_a] <= i_wdata_a;
      o_rdata_a <= mem[i_addr_a];
    end

  always @(posedge i_clk)
    if (i_en_b) begin
      if (i_we_b)
        mem[i_addr_b] <= i_wdata_b;
      o_rdata_b <= mem[i_addr_b];
    end

endmodule

`default_nettype wire

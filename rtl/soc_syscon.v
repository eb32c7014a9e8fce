// soc_syscon.v: the SoC's system registers (spec/bpfsoc.toml [soc.syscon]),
// read only: an identifier, the clock frequency and the sizes of the RAM,
// the map memory, the packet memory and the UART's receive FIFO, so that
// one firmware image serves boards of different sizes.  Latency: a request is answered
// in the cycle after it is raised (o_rdata is 0 in every other cycle);
// writes are ignored.
`default_nettype none

module soc_syscon #(
  parameter integer CLK_HZ    = 50000000,
  parameter integer RAM_BYTES = 131072,
  parameter integer MAP_BYTES = 65536,
  parameter integer PKT_BYTES = 8192,
  parameter integer UART_RX_BYTES = 4096
) (
  input  wire        i_clk,
  input  wire        i_rst,
  input  wire        i_req,
  /* verilator lint_off UNUSEDSIGNAL */  // read-only registers: writes are ignored
  input  wire        i_we,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [7:0]  i_addr,
  output reg         o_ack,
  output reg  [31:0] o_rdata
);

  /* verilator lint_off UNUSEDPARAM */
`undef BPFSOC_MAP_VH
`include "bpfsoc_map.vh"
  /* verilator lint_on UNUSEDPARAM */

  always @(posedge i_clk) begin
    o_ack <= i_req & ~o_ack & ~i_rst;
    if (!i_req || o_ack)   // 0 but in the answer's cycle: the SoC ORs the answers
      o_rdata <= 32'd0;
    else case (i_addr)
      SOC_SYSCON_ID[7:0]:       o_rdata <= SOC_SYSCON_ID_VALUE;
      SOC_SYSCON_CLK_HZ[7:0]:   o_rdata <= CLK_HZ;
      SOC_SYSCON_RAM_SIZE[7:0]: o_rdata <= RAM_BYTES;
      SOC_SYSCON_MAP_SIZE[7:0]: o_rdata <= MAP_BYTES;
      SOC_SYSCON_PKT_SIZE[7:0]: o_rdata <= PKT_BYTES;
      SOC_SYSCON_UART_RX_SIZE[7:0]: o_rdata <= UART_RX_BYTES;
      default:                  o_rdata <= 32'd0;
    endcase
  end

endmodule

`default_nettype wire

// soc_timer.v: the machine timer (MTIME, MTIMECMP) and the machine
// software interrupt bit (MSIP), registers in spec/bpfsoc.toml [soc.timer].
// MTIME counts clock cycles.  o_mti is high while MTIME >= MTIMECMP
// (registered), o_msi while MSIP bit 0 is set.  Latency: a request is
// answered in the cycle after it is raised (o_rdata is 0 in every other
// cycle); a write is done in its cycle.
`default_nettype none

module soc_timer (
  input  wire        i_clk,
  input  wire        i_rst,
  // Bus (selected by the decoder)
  input  wire        i_req,
  input  wire        i_we,
  input  wire [7:0]  i_addr,    // byte offset in the window
  input  wire [3:0]  i_be,
  input  wire [31:0] i_wdata,
  output reg         o_ack,
  output reg  [31:0] o_rdata,
  // Interrupts and the count
  output reg         o_mti,
  output wire        o_msi,
  output wire [63:0] o_mtime
);

  /* verilator lint_off UNUSEDPARAM */
`undef BPFSOC_MAP_VH
`include "bpfsoc_map.vh"
  /* verilator lint_on UNUSEDPARAM */

  reg [63:0] mtime, mtimecmp;
  reg        msip;

  wire go = i_req & ~o_ack;
  wire wr = go & i_we;

  // Byte enables apply within the written word
  function automatic [31:0] merge(input [31:0] old, input [31:0] d, input [3:0] be);
    merge = {be[3] ? d[31:24] : old[31:24], be[2] ? d[23:16] : old[23:16],
             be[1] ? d[15:8] : old[15:8], be[0] ? d[7:0] : old[7:0]};
  endfunction

  always @(posedge i_clk) begin
    if (i_rst) begin
      mtime    <= 64'd0;
      mtimecmp <= {64{1'b1}};
      msip     <= 1'b0;
      o_mti    <= 1'b0;
    end else begin
      if (wr && i_addr == SOC_TIMER_MTIME_LO[7:0])
        mtime <= {mtime[63:32], merge(mtime[31:0], i_wdata, i_be)};
      else if (wr && i_addr == SOC_TIMER_MTIME_HI[7:0])
        mtime <= {merge(mtime[63:32], i_wdata, i_be), mtime[31:0]};
      else
        mtime <= mtime + 64'd1;
      if (wr && i_addr == SOC_TIMER_MTIMECMP_LO[7:0])
        mtimecmp[31:0] <= merge(mtimecmp[31:0], i_wdata, i_be);
      if (wr && i_addr == SOC_TIMER_MTIMECMP_HI[7:0])
        mtimecmp[63:32] <= merge(mtimecmp[63:32], i_wdata, i_be);
      if (wr && i_addr == SOC_TIMER_MSIP[7:0] && i_be[0])
        msip <= i_wdata[0];
      o_mti <= (mtime >= mtimecmp);
    end
  end

  always @(posedge i_clk) begin
    o_ack <= go & ~i_rst;
    if (!go)               // 0 but in the answer's cycle: the SoC ORs the answers
      o_rdata <= 32'd0;
    else case (i_addr)
      SOC_TIMER_MTIME_LO[7:0]:    o_rdata <= mtime[31:0];
      SOC_TIMER_MTIME_HI[7:0]:    o_rdata <= mtime[63:32];
      SOC_TIMER_MTIMECMP_LO[7:0]: o_rdata <= mtimecmp[31:0];
      SOC_TIMER_MTIMECMP_HI[7:0]: o_rdata <= mtimecmp[63:32];
      SOC_TIMER_MSIP[7:0]:        o_rdata <= {31'd0, msip};
      default:                    o_rdata <= 32'd0;
    endcase
  end

  assign o_msi   = msip;
  assign o_mtime = mtime;

endmodule

`default_nettype wire

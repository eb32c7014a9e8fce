// soc_host.v: the host port.  What a PCIe endpoint's BAR 0 would expose
// (spec [host.bar]): a few registers, and a window that is a second master
// on the SoC's bus.  Between the two sides sit a doorbell each way and the
// address of the firmware's mailbox (spec [soc.host], docs/protocol.md,
// "The MMIO link").
//
// The bus has two masters, the RISC-V core and the host's window; this
// module is the arbiter between them and the devices.  A master keeps the
// bus from its request to the device's answer; when both wait, they take
// turns.  Both masters and every device use rv_core's bus protocol
// (request held until ack or err; answers one cycle later at the earliest).
//
// The host's port uses the same protocol: i_h_req with i_h_we, i_h_addr (a
// byte offset in BAR 0, 32-bit accesses) and i_h_wdata, held until o_h_ack.
// A register answers in the next cycle, the window when the bus has.
`default_nettype none

module soc_host (
  input  wire        i_clk,
  input  wire        i_rst,
  // The host's port (BAR 0)
  input  wire        i_h_req,
  input  wire        i_h_we,
  /* verilator lint_off UNUSEDSIGNAL */  // word offsets: bits 1..0 unused
  input  wire [16:0] i_h_addr,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [31:0] i_h_wdata,
  output reg         o_h_ack,
  output reg  [31:0] o_h_rdata,
  output wire        o_h_irq,      // D2H_PENDING: an MSI on a PCIe endpoint
  // Master 0: the RISC-V core
  input  wire        i_c_req,
  input  wire        i_c_we,
  input  wire [31:0] i_c_addr,
  input  wire [3:0]  i_c_be,
  input  wire [31:0] i_c_wdata,
  output wire        o_c_ack,
  output wire        o_c_err,
  // The bus to the devices (their read data goes to the masters unchanged)
  output wire        o_b_req,
  output wire        o_b_we,
  output wire [31:0] o_b_addr,
  output wire [3:0]  o_b_be,
  output wire [31:0] o_b_wdata,
  input  wire        i_b_ack,
  input  wire        i_b_err,
  input  wire [31:0] i_b_rdata,
  // This module's SoC-side registers, a device on that bus
  input  wire        i_sel,        // the bus address is in HOST_BASE's window
  output reg         o_ack,
  output reg  [31:0] o_rdata,
  output wire        o_irq         // interrupt HOST (soc.host IE)
);

  /* verilator lint_off UNUSEDPARAM */
`undef BPFSOC_MAP_VH
`include "bpfsoc_map.vh"
  /* verilator lint_on UNUSEDPARAM */

  // ---- the registers shared by both sides ----
  reg [31:0] win_base, h2d_len, d2h_len, mbox;
  reg        h2d_pend, d2h_pend, win_err;
  reg [1:0]  ie;

  // ---- the host's window: a bus master ----
  wire        h_go     = i_h_req & ~o_h_ack;
  wire        h_window = i_h_addr[16];   // offset >= WINDOW (0x10000)
  reg         hm_req;                    // a window access waits for the bus
  reg         hm_we;
  reg  [31:0] hm_addr, hm_wdata;

  // ---- the arbiter ----
  reg  busy_q;      // a master holds the bus until its answer
  reg  own_q;       // which: 1 the host's window
  reg  last_host;   // the host had the last turn
  wire pick_host = hm_req & (~i_c_req | ~last_host);
  wire own_host  = busy_q ? own_q : pick_host;
  wire done      = i_b_ack | i_b_err;

  assign o_b_req   = own_host ? hm_req : i_c_req;
  assign o_b_we    = own_host ? hm_we : i_c_we;
  assign o_b_addr  = own_host ? hm_addr : i_c_addr;
  assign o_b_be    = own_host ? 4'b1111 : i_c_be;
  assign o_b_wdata = own_host ? hm_wdata : i_c_wdata;
  assign o_c_ack   = i_b_ack & ~own_host;
  assign o_c_err   = i_b_err & ~own_host;
  wire   hm_done   = done & own_host & hm_req;

  always @(posedge i_clk) begin
    if (i_rst) begin
      busy_q    <= 1'b0;
      own_q     <= 1'b0;
      last_host <= 1'b0;
    end else if (done) begin
      busy_q    <= 1'b0;
      last_host <= own_host;
    end else if (o_b_req && !busy_q) begin
      busy_q <= 1'b1;
      own_q  <= own_host;
    end
  end

  // ---- the SoC side's register accesses ----
  wire s_go = o_b_req & i_sel & ~o_ack;
  wire s_wr = s_go & o_b_we & (o_b_be == 4'b1111);
  wire [7:0] s_off = o_b_addr[7:0];

  // ---- the host side's register accesses ----
  wire h_reg = h_go & ~h_window;
  wire h_wr  = h_reg & i_h_we;
  wire [15:0] h_off = {i_h_addr[15:2], 2'b00};

  always @(posedge i_clk) begin
    if (i_rst) begin
      win_base <= 32'd0;
      h2d_len  <= 32'd0;
      d2h_len  <= 32'd0;
      mbox     <= 32'd0;
      h2d_pend <= 1'b0;
      d2h_pend <= 1'b0;
      win_err  <= 1'b0;
      ie       <= 2'd0;
      hm_req   <= 1'b0;
      o_h_ack  <= 1'b0;
      o_ack    <= 1'b0;
    end else begin
      o_h_ack <= 1'b0;
      o_ack   <= s_go;

      // the host: registers answer at once, the window when the bus has
      if (h_reg) begin
        o_h_ack <= 1'b1;
        case (h_off)
          HOST_BAR_ID[15:0]:       o_h_rdata <= HOST_BAR_ID_VALUE;
          HOST_BAR_VERSION[15:0]:  o_h_rdata <= (SOC_VERSION_MAJOR << 16) | SOC_VERSION_MINOR;
          HOST_BAR_WIN_BASE[15:0]: o_h_rdata <= win_base;
          HOST_BAR_STATUS[15:0]:   o_h_rdata <= {29'd0, win_err, d2h_pend, h2d_pend};
          HOST_BAR_D2H_LEN[15:0]:  o_h_rdata <= d2h_len;
          HOST_BAR_MBOX[15:0]:     o_h_rdata <= mbox;
          default:                 o_h_rdata <= 32'd0;
        endcase
        if (!i_h_we && h_off == HOST_BAR_STATUS[15:0])
          win_err <= 1'b0;
      end
      if (h_wr && h_off == HOST_BAR_WIN_BASE[15:0])
        win_base <= {i_h_wdata[31:2], 2'b00};
      if (h_go && h_window && !hm_req) begin
        hm_req   <= 1'b1;
        hm_we    <= i_h_we;
        hm_addr  <= win_base + {16'd0, i_h_addr[15:2], 2'b00};
        hm_wdata <= i_h_wdata;
      end
      if (hm_done) begin
        hm_req    <= 1'b0;
        o_h_ack   <= 1'b1;
        o_h_rdata <= i_b_err ? 32'hffff_ffff : i_b_rdata;
        if (i_b_err)
          win_err <= 1'b1;
      end

      // the SoC side's reads
      case (s_off)
        SOC_HOST_H2D_LEN[7:0]: o_rdata <= h2d_len;
        SOC_HOST_STATUS[7:0]:  o_rdata <= {30'd0, d2h_pend, h2d_pend};
        SOC_HOST_D2H_LEN[7:0]: o_rdata <= d2h_len;
        SOC_HOST_MBOX[7:0]:    o_rdata <= mbox;
        SOC_HOST_IE[7:0]:      o_rdata <= {30'd0, ie};
        default:               o_rdata <= 32'd0;
      endcase

      // the doorbells: a side sets its own pending bit, the other clears
      // it; when both happen in one cycle the new doorbell wins
      if (s_wr && s_off == SOC_HOST_H2D_ACK[7:0])
        h2d_pend <= 1'b0;
      if (h_wr && h_off == HOST_BAR_DOORBELL[15:0]) begin
        h2d_len  <= i_h_wdata;
        h2d_pend <= 1'b1;
      end
      if (h_wr && h_off == HOST_BAR_D2H_ACK[15:0])
        d2h_pend <= 1'b0;
      if (s_wr && s_off == SOC_HOST_D2H_LEN[7:0]) begin
        d2h_len  <= o_b_wdata;
        d2h_pend <= 1'b1;
      end
      if (s_wr && s_off == SOC_HOST_MBOX[7:0])
        mbox <= o_b_wdata;
      if (s_wr && s_off == SOC_HOST_IE[7:0])
        ie <= o_b_wdata[1:0];
    end
  end

  assign o_irq   = (ie[0] & h2d_pend) | (ie[1] & ~d2h_pend);
  assign o_h_irq = d2h_pend;

endmodule

`default_nettype wire

// top.v: the ULX3S (ECP5 LFE5U-85F) board wrapper of the SoC (ulx3s_top).
// The 25 MHz oscillator through an EHXPLLL to the SoC's clock, a reset
// synchroniser (PLL lock and the PWR button), bpfsoc_top with the board's
// sizes, the FT231X UART, LEDs (heartbeat, UART activity, PLL lock), and
// the host port tied off (no PCIe on this board).  Pins: ulx3s.lpf.
// The sizes and the clock come from spec/bpfsoc.toml [board.ulx3s]
// (`spec/gen.py --board-params`, passed by mk/bitstream.mk as yosys
// -chparam); FW_HEX is the RAM's initial contents (the firmware, from
// bitstreams/elf2hex.py), so the board answers on the UART at once.
`default_nettype none

module ulx3s_top #(
  // From spec [board.ulx3s] (0: not given, elaboration fails below)
  parameter integer CLK_HZ     = 0,
  parameter integer RAM_BYTES  = 0,
  parameter integer MAP_BYTES  = 0,
  parameter integer PKT_BYTES  = 0,
  parameter integer IMEM_DEPTH = 0,
  parameter         FW_HEX     = ""   // $readmemh file of the RAM (RAM_BYTES / 4 words)
) (
  input  wire       clk_25mhz,   // G2: the 25 MHz oscillator
  input  wire       btn_pwr_n,   // D6: btn[0] PWR, active low (pull-up): reset
  input  wire       ftdi_txd,    // M1: FT231X TXD -> the SoC's UART receive
  output wire       ftdi_rxd,    // L4: the SoC's UART transmit -> FT231X RXD
  output wire [7:0] led          // active high
);

  // ---- the clock: EHXPLLL, 25 MHz -> CLK_HZ ----
  // ECP5 PLL rules (ecppll, BOARDS.md section 1): f_PFD = 25 MHz / CLKI_DIV;
  // with CLKOP fed back, f_CLKOP = f_PFD * CLKFB_DIV; the VCO runs at
  // f_CLKOP * CLKOP_DIV and must lie in 400..800 MHz.  For 75 MHz:
  // CLKI_DIV 1 (PFD 25 MHz), CLKFB_DIV 3 (75 MHz), CLKOP_DIV 8 (VCO
  // 600 MHz), as `ecppll -i 25 -o 75` gives; CLKOP_CPHASE 4 and the
  // analogue settings (ICP_CURRENT, LPF_RESISTOR, ...) are ecppll's too.
  localparam integer OSC_HZ        = 25000000;
  localparam integer PLL_CLKI_DIV  = 1;
  localparam integer PLL_CLKFB_DIV = 3;
  localparam integer PLL_CLKOP_DIV = 8;
  localparam integer PLL_OUT_HZ    = OSC_HZ / PLL_CLKI_DIV * PLL_CLKFB_DIV;
  localparam integer PLL_VCO_MHZ   = PLL_OUT_HZ / 1000000 * PLL_CLKOP_DIV;

  generate
    if (CLK_HZ != PLL_OUT_HZ || PLL_VCO_MHZ < 400 || PLL_VCO_MHZ > 800 ||
        RAM_BYTES == 0 || MAP_BYTES == 0 || PKT_BYTES == 0 || IMEM_DEPTH == 0) begin : g_bad_config
      // Elaboration fails here: the board's parameters were not given, or
      // the spec's CLK_HZ is not what the PLL's dividers make (change them
      // with `ecppll -i 25 -o MHZ`).
      ulx3s_top_pll_does_not_make_clk_hz u_bad ();
    end
  endgenerate

  wire clk, pll_locked;

  (* FREQUENCY_PIN_CLKI = "25" *)
  (* FREQUENCY_PIN_CLKOP = "75" *)
  (* ICP_CURRENT = "12" *) (* LPF_RESISTOR = "8" *)
  (* MFG_ENABLE_FILTEROPAMP = "1" *) (* MFG_GMCREF_SEL = "2" *)
  EHXPLLL #(
    .PLLRST_ENA("DISABLED"), .INTFB_WAKE("DISABLED"), .STDBY_ENABLE("DISABLED"),
    .DPHASE_SOURCE("DISABLED"),
    .OUTDIVIDER_MUXA("DIVA"), .OUTDIVIDER_MUXB("DIVB"),
    .OUTDIVIDER_MUXC("DIVC"), .OUTDIVIDER_MUXD("DIVD"),
    .CLKI_DIV(PLL_CLKI_DIV),
    .CLKOP_ENABLE("ENABLED"), .CLKOP_DIV(PLL_CLKOP_DIV),
    .CLKOP_CPHASE(PLL_CLKOP_DIV / 2), .CLKOP_FPHASE(0),
    .FEEDBK_PATH("CLKOP"), .CLKFB_DIV(PLL_CLKFB_DIV)
  ) u_pll (
    .RST(1'b0), .STDBY(1'b0),
    .CLKI(clk_25mhz), .CLKOP(clk), .CLKFB(clk), .CLKINTFB(),
    .PHASESEL0(1'b0), .PHASESEL1(1'b0), .PHASEDIR(1'b1), .PHASESTEP(1'b1),
    .PHASELOADREG(1'b1), .PLLWAKESYNC(1'b0), .ENCLKOP(1'b0),
    .LOCK(pll_locked));

  // ---- reset: asserted at once while the PLL is unlocked or PWR is
  // pressed, released synchronously four cycles after both are gone ----
  wire      arst = ~pll_locked | ~btn_pwr_n;
  reg [3:0] rst_q = 4'b1111;
  always @(posedge clk or posedge arst)
    if (arst) rst_q <= 4'b1111;
    else      rst_q <= {rst_q[2:0], 1'b0};
  wire rst = rst_q[3];

  // ---- the SoC ----
  wire        uart_tx;
  wire        host_ack, host_irq;
  wire [31:0] host_rdata;

  bpfsoc_top #(
    .RAM_BYTES(RAM_BYTES), .MAP_BYTES(MAP_BYTES), .PKT_BYTES(PKT_BYTES),
    .IMEM_DEPTH(IMEM_DEPTH), .CLK_HZ(CLK_HZ), .RV_PIPE(1), .RAM_INIT(FW_HEX)
  ) u_soc (
    .i_clk(clk), .i_rst(rst),
    .i_uart_rx(ftdi_txd), .o_uart_tx(uart_tx),
    // no host port on this board
    .i_host_req(1'b0), .i_host_we(1'b0), .i_host_addr(17'd0), .i_host_wdata(32'd0),
    .o_host_ack(host_ack), .o_host_rdata(host_rdata), .o_host_irq(host_irq),
    // the firmware is in the RAM's initial contents: no boot loader
    .i_ld_we(1'b0), .i_ld_addr(32'd0), .i_ld_data(32'd0));

  assign ftdi_rxd = uart_tx;
  wire unused_host = ^{host_ack, host_rdata, host_irq};

  // ---- LEDs ----
  // led[0]: heartbeat, toggles every 2**(clog2(CLK_HZ)-1) cycles (0.9 s
  // at 75 MHz); led[1] / led[2]: UART receive / transmit activity (the
  // line low, stretched to about 1/16 s); led[3]: PLL locked; the rest off.
  localparam integer HB_W  = $clog2(CLK_HZ);
  localparam integer ACT_W = $clog2(CLK_HZ / 16);

  reg [HB_W-1:0]  hb_q;
  reg [1:0]       rx_sync_q;
  reg [ACT_W-1:0] rx_act_q, tx_act_q;

  always @(posedge clk) begin
    hb_q      <= hb_q + 1'b1;
    rx_sync_q <= {rx_sync_q[0], ftdi_txd};
    if (~rx_sync_q[1])      rx_act_q <= {ACT_W{1'b1}};
    else if (|rx_act_q)     rx_act_q <= rx_act_q - 1'b1;
    if (~uart_tx)           tx_act_q <= {ACT_W{1'b1}};
    else if (|tx_act_q)     tx_act_q <= tx_act_q - 1'b1;
    if (rst) begin
      hb_q     <= {HB_W{1'b0}};
      rx_act_q <= {ACT_W{1'b0}};
      tx_act_q <= {ACT_W{1'b0}};
    end
  end

  assign led = {4'b0000, pll_locked, |tx_act_q, |rx_act_q, hb_q[HB_W-1]};

endmodule

`default_nettype wire

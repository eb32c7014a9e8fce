// top.v: the iCEBreaker (iCE40 UP5K) board wrapper of the SoC
// (icebreaker_top): the compact configuration.  The 12 MHz oscillator
// through the SB_PLL40_PAD to the SoC's clock, a reset synchroniser (PLL
// lock and the user button), the boot loader that copies the firmware
// from the SPI flash into the RAM (soc_spiboot: the UP5K's SPRAM cannot
// carry initial contents), bpfsoc_top with the board's sizes, the compact
// RISC-V core (rv_core) and single-port memories (SPRAM: the RAM, which
// also holds the eBPF core's slots and stack, LMEM, and the map memory), the FT2232H
// channel-B UART, and two LEDs.  No host port on this board.  Pins:
// icebreaker.pcf.  The sizes and the clock come from spec/bpfsoc.toml
// [board.icebreaker] (`spec/gen.py --board-params`, passed by
// mk/bitstream.mk as yosys chparam); FW_OFFSET is where `make prog
// BOARD=icebreaker` writes the firmware image in the flash.
`default_nettype none

module icebreaker_top #(
  // From spec [board.icebreaker] (0: not given, elaboration fails below)
  parameter integer CLK_HZ     = 0,
  parameter integer RAM_BYTES  = 0,
  parameter integer MAP_BYTES  = 0,
  parameter integer PKT_BYTES  = 0,
  parameter integer IMEM_DEPTH = 0,
  parameter integer FW_OFFSET  = 0     // the firmware image's byte address in the flash
) (
  input  wire clk_12mhz,   // 35: the 12 MHz oscillator
  input  wire btn_n,       // 10: the user button, active low: reset
  input  wire uart_rx,     // 6: from the FT2232H's TXD (channel B)
  output wire uart_tx,     // 9: to its RXD
  output wire ledr_n,      // 11: red LED, active low
  output wire ledg_n,      // 37: green LED, active low
  output wire flash_sck,   // 15
  output wire flash_ssb,   // 16
  output wire flash_io0,   // 14: to the flash's DI
  input  wire flash_io1,   // 17: from its DO
  output wire flash_io2,   // 12: WP#, held high
  output wire flash_io3    // 13: HOLD#, held high
);

  // ---- the clock: SB_PLL40_PAD, 12 MHz -> CLK_HZ ----
  // iCE40 PLL rules (icepll): with DIVR 0 the PFD runs at 12 MHz (it must
  // lie in 10..133 MHz); the VCO at 12 MHz * (DIVF + 1), in 533..1066 MHz;
  // the output is the VCO / 2**DIVQ.  So CLK_HZ must be 12 MHz * (DIVF+1)
  // / 2**DIVQ exactly: 18, 21, 22.5, 24 or 30 MHz, say, but not 20 (icepll
  // -i 12 -o 20 gets 19.875).  The dividers are chosen here, and checked.
  localparam integer OSC_HZ = 12000000;

  function integer pll_divq(input integer hz);
    integer q;
    begin
      pll_divq = 0;
      for (q = 6; q >= 1; q = q - 1)
        if (hz / 1000 * (1 << q) >= 533000 && hz / 1000 * (1 << q) <= 1066000)
          pll_divq = q;
    end
  endfunction

  localparam integer PLL_DIVQ = pll_divq(CLK_HZ);
  localparam integer PLL_VCO  = CLK_HZ / 1000 * (1 << PLL_DIVQ);   // kHz
  localparam integer PLL_DIVF = PLL_VCO / (OSC_HZ / 1000) - 1;

  generate
    if (PLL_DIVQ == 0 || PLL_DIVF > 127 || (PLL_DIVF + 1) * (OSC_HZ / 1000) != PLL_VCO ||
        CLK_HZ % 1000 != 0 || RAM_BYTES == 0 || MAP_BYTES == 0 || PKT_BYTES == 0 ||
        IMEM_DEPTH == 0 || FW_OFFSET == 0) begin : g_bad_config
      // Elaboration fails here: the board's parameters were not given, or
      // the PLL cannot make the spec's CLK_HZ from 12 MHz exactly (see
      // above; `icepll -i 12 -o MHZ` lists what it can).
      icebreaker_top_pll_does_not_make_clk_hz u_bad ();
    end
  endgenerate

  localparam [6:0] DIVF = PLL_DIVF[6:0];
  localparam [2:0] DIVQ = PLL_DIVQ[2:0];

  wire clk, pll_locked;

  SB_PLL40_PAD #(
    .FEEDBACK_PATH("SIMPLE"),
    .DIVR(4'b0000), .DIVF(DIVF), .DIVQ(DIVQ),
    .FILTER_RANGE(3'b001)             // icepll's for a 12 MHz PFD
  ) u_pll (
    .PACKAGEPIN(clk_12mhz), .PLLOUTGLOBAL(clk), .LOCK(pll_locked),
    .RESETB(1'b1), .BYPASS(1'b0));

  // ---- the button, with the pad's pull-up ----
  wire btn_raw;
  SB_IO #(.PIN_TYPE(6'b0000_01), .PULLUP(1'b1)) u_btn (
    .PACKAGE_PIN(btn_n), .D_IN_0(btn_raw));

  // ---- reset: asserted at once while the PLL is unlocked or the button
  // is pressed, released synchronously four cycles after both are gone ----
  wire      arst = ~pll_locked | ~btn_raw;
  reg [3:0] rst_q = 4'b1111;
  always @(posedge clk or posedge arst)
    if (arst) rst_q <= 4'b1111;
    else      rst_q <= {rst_q[2:0], 1'b0};
  wire rst = rst_q[3];

  // ---- the boot loader: the firmware from the flash into the RAM, the
  // SoC in reset until it is there ----
  wire        ld_we, boot_busy;
  wire [31:0] ld_addr, ld_data;

  soc_spiboot #(.BYTES(RAM_BYTES), .OFFSET(FW_OFFSET[23:0]), .WAIT_CYCLES(CLK_HZ / 250000)) u_boot (
    .i_clk(clk), .i_rst(rst),
    .o_cs_n(flash_ssb), .o_sck(flash_sck), .o_mosi(flash_io0), .i_miso(flash_io1),
    .o_ld_we(ld_we), .o_ld_addr(ld_addr), .o_ld_data(ld_data), .o_busy(boot_busy));

  assign flash_io2 = 1'b1;
  assign flash_io3 = 1'b1;

  // ---- the SoC ----
  wire        soc_tx;
  wire [63:0] mtime;
  wire        host_ack, host_irq;
  wire [31:0] host_rdata;

  bpfsoc_top #(
    .RAM_BYTES(RAM_BYTES), .MAP_BYTES(MAP_BYTES), .PKT_BYTES(PKT_BYTES),
    .IMEM_DEPTH(IMEM_DEPTH), .CLK_HZ(CLK_HZ), .RV_PIPE(0), .RV_M(0), .SPRAM(1),
    // a 512-byte receive FIFO (one EBR): one request in flight, not two
    // (docs/architecture.md, "The UART's receive FIFO"); no host port
    .UART_RX_AW(9), .HOST_PORT(0),
    // the eBPF core's slots and stack at the top of the RAM: SPRAM 3 of 4
    .LMEM(1)
  ) u_soc (
    .i_clk(clk), .i_rst(rst | boot_busy),
    .i_uart_rx(uart_rx), .o_uart_tx(soc_tx),
    // no host port on this board
    .i_host_req(1'b0), .i_host_we(1'b0), .i_host_addr(17'd0), .i_host_wdata(32'd0),
    .o_host_ack(host_ack), .o_host_rdata(host_rdata), .o_host_irq(host_irq),
    .i_ld_we(ld_we), .i_ld_addr(ld_addr), .i_ld_data(ld_data), .o_mtime(mtime));

  assign uart_tx = soc_tx;
  wire unused_host = ^{host_ack, host_rdata, host_irq};

  // ---- LEDs ----
  // green: heartbeat, the SoC's MTIME bit clog2(CLK_HZ)-1, which toggles
  // every 2**(clog2(CLK_HZ)-1) cycles (0.7 s at 24 MHz) once the firmware
  // runs; red: on while the boot loader copies (a red that stays on: no
  // firmware in the flash's reach), then UART activity in either direction
  // (the line low), stretched over one to two ticks of MTIME bit
  // clog2(CLK_HZ/16)-1 (87 to 175 ms at 24 MHz).  MTIME does the counting:
  // no counters of their own.
  // (bits of MTIME; at least 1 for the CLK_HZ = 0 of a parse before chparam)
  localparam integer HB_B  = (CLK_HZ >= 4) ? $clog2(CLK_HZ) - 1 : 1;
  localparam integer ACT_B = (CLK_HZ >= 64) ? $clog2(CLK_HZ / 16) - 1 : 1;
  reg  [1:0]  rx_sync_q;
  reg         tick_q;
  reg  [1:0]  act_q;
  wire        tick = mtime[ACT_B] & ~tick_q;
  always @(posedge clk) begin
    rx_sync_q <= {rx_sync_q[0], uart_rx};
    tick_q    <= mtime[ACT_B];
    if (~rx_sync_q[1] | ~soc_tx) act_q <= 2'b11;
    else if (tick)               act_q <= {act_q[0], 1'b0};
    if (rst | boot_busy)
      act_q <= 2'b00;
  end
  assign ledg_n = ~mtime[HB_B];
  assign ledr_n = ~(boot_busy | (|act_q));
endmodule

`default_nettype wire

// ice40_prims.v: simulation models of the iCE40 primitives that yosys'
// own models (share/ice40/cells_sim.v) leave empty, for the post-synthesis
// simulation of a board's netlist (mk/postsynth.mk):
//
//   PS_PLL40_PAD  the SB_PLL40_PAD (the netlist's cells of that type are
//                 renamed to this one, as cells_sim.v defines an empty
//                 SB_PLL40_PAD): the output follows the pad's clock and
//                 LOCK is set, so that a netlist's cycles are counted in
//                 SoC clocks, whatever the oscillator
//   PS_IO         the SB_IO as the boards use it, a plain input (PIN_TYPE
//                 6'b000001: D_IN_0 is the pad): cells_sim.v's PACKAGE_PIN
//                 is an inout, which Verilator will not drive from the
//                 top's input
`default_nettype none

module PS_PLL40_PAD (
  input  wire       PACKAGEPIN,
  output wire       PLLOUTCORE,
  output wire       PLLOUTGLOBAL,
  input  wire       EXTFEEDBACK,
  input  wire [7:0] DYNAMICDELAY,
  output wire       LOCK,
  input  wire       BYPASS,
  input  wire       RESETB,
  input  wire       LATCHINPUTVALUE,
  output wire       SDO,
  input  wire       SDI,
  input  wire       SCLK
);
  parameter FEEDBACK_PATH = "SIMPLE";
  parameter DELAY_ADJUSTMENT_MODE_FEEDBACK = "FIXED";
  parameter DELAY_ADJUSTMENT_MODE_RELATIVE = "FIXED";
  parameter SHIFTREG_DIV_MODE = 1'b0;
  parameter FDA_FEEDBACK = 4'b0000;
  parameter FDA_RELATIVE = 4'b0000;
  parameter PLLOUT_SELECT = "GENCLK";
  parameter DIVR = 4'b0000;
  parameter DIVF = 7'b0000000;
  parameter DIVQ = 3'b000;
  parameter FILTER_RANGE = 3'b000;
  parameter ENABLE_ICEGATE = 1'b0;
  parameter TEST_MODE = 1'b0;
  parameter EXTERNAL_DIVIDE_FACTOR = 1;

  assign PLLOUTCORE   = PACKAGEPIN;
  assign PLLOUTGLOBAL = PACKAGEPIN;
  assign LOCK         = 1'b1;
  assign SDO          = 1'b0;
  wire unused = ^{EXTFEEDBACK, DYNAMICDELAY, BYPASS, RESETB, LATCHINPUTVALUE, SDI, SCLK};
endmodule

module PS_IO (
  input  wire PACKAGE_PIN,
  input  wire LATCH_INPUT_VALUE,
  input  wire CLOCK_ENABLE,
  input  wire INPUT_CLK,
  input  wire OUTPUT_CLK,
  input  wire OUTPUT_ENABLE,
  input  wire D_OUT_0,
  input  wire D_OUT_1,
  output wire D_IN_0,
  output wire D_IN_1
);
  parameter [5:0] PIN_TYPE = 6'b000001;
  parameter [0:0] PULLUP = 1'b0;
  parameter [0:0] NEG_TRIGGER = 1'b0;
  parameter IO_STANDARD = "SB_LVCMOS";

  generate
    if (PIN_TYPE != 6'b000001) begin : g_bad_config
      // Elaboration fails here: only the plain input is modelled.
      PS_IO_unsupported_pin_type u_bad ();
    end
  endgenerate
  assign D_IN_0 = PACKAGE_PIN;
  assign D_IN_1 = 1'b0;
  wire unused = ^{LATCH_INPUT_VALUE, CLOCK_ENABLE, INPUT_CLK, OUTPUT_CLK, OUTPUT_ENABLE,
                  D_OUT_0, D_OUT_1, PULLUP, NEG_TRIGGER};
endmodule

`default_nettype wire

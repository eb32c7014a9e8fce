// ice40_prims.v: simulation models of the iCE40 primitives that yosys'
// own models (share/ice40/cells_sim.v) leave empty, for the post-synthesis
// simulation of a board's netlist (mk/postsynth.mk):
//
//   PS_PLL40_PAD  the SB_PLL40_PAD (the netlist's cells of that type are
//                 renamed to this one, as cells_sim.v defines an empty
//                 SB_PLL40_PAD): the output follows the pad's clock and
//                 LOCK is set, so that a netlist's cycles are counted in
//                 SoC clocks, whatever the oscillator
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

`default_nettype wire

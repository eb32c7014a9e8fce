// ecp5_prims.v: simulation models of the ECP5 primitives that yosys'
// own models (share/ecp5/cells_sim.v) leave as black boxes, for the
// post-synthesis simulation of a board's netlist (mk/postsynth.mk):
//
//   DP16KD      the 18 Kbit true dual-port block RAM, in the modes a
//               synth_ecp5 netlist uses: widths 1, 2, 4, 9 and 18, no
//               output register (REGMODE NOREG), the three write modes,
//               chip selects decoded against CSDECODE, INITVAL_00..3F
//   MULT18X18D  the 18x18 multiplier with its registers bypassed (the
//               default REG_* = "NONE", the only form yosys maps to)
//   EHXPLLL     the PLL, as the test bench needs it: CLKOP follows CLKI
//               and LOCK is set (a netlist's cycles are counted in SoC
//               clocks, whatever the oscillator)
//
// Written from Lattice's descriptions of the primitives (FPGA-TN-02204,
// ECP5 memory usage guide; FPGA-TN-02205, sysDSP); widths below 9 do not
// use the ninth bit of a byte lane.
`default_nettype none

// The 1024 x 18-bit array of one DP16KD, seen by a port of width W:
// a W-bit unit at address AD (the unit's index in AD's top bits) lies at
// row AD[13:4], at the position below within the row's two 9-bit lanes.
module ecp5_dp16kd_port #(
  parameter integer W = 18
) (
  input  wire [13:0] i_ad,
  output wire [9:0]  o_row,
  output wire [4:0]  o_pos  // the lowest bit of the unit within the row
);
  wire [3:0] u = i_ad[3:0];
  assign o_row = i_ad[13:4];
  assign o_pos = W == 1 ? {1'b0, u}          + (u[3] ? 5'd1 : 5'd0) :
                 W == 2 ? {1'b0, u[3:1], 1'b0} + (u[3] ? 5'd1 : 5'd0) :
                 W == 4 ? {1'b0, u[3:2], 2'b0} + (u[3] ? 5'd1 : 5'd0) :
                 W == 9 ? (u[3] ? 5'd9 : 5'd0) : 5'd0;
endmodule

module DP16KD (
  input  wire DIA17, DIA16, DIA15, DIA14, DIA13, DIA12, DIA11, DIA10, DIA9,
  input  wire DIA8, DIA7, DIA6, DIA5, DIA4, DIA3, DIA2, DIA1, DIA0,
  input  wire ADA13, ADA12, ADA11, ADA10, ADA9, ADA8, ADA7, ADA6, ADA5, ADA4,
  input  wire ADA3, ADA2, ADA1, ADA0,
  input  wire CEA, OCEA, CLKA, WEA, RSTA, CSA2, CSA1, CSA0,
  output wire DOA17, DOA16, DOA15, DOA14, DOA13, DOA12, DOA11, DOA10, DOA9,
  output wire DOA8, DOA7, DOA6, DOA5, DOA4, DOA3, DOA2, DOA1, DOA0,
  input  wire DIB17, DIB16, DIB15, DIB14, DIB13, DIB12, DIB11, DIB10, DIB9,
  input  wire DIB8, DIB7, DIB6, DIB5, DIB4, DIB3, DIB2, DIB1, DIB0,
  input  wire ADB13, ADB12, ADB11, ADB10, ADB9, ADB8, ADB7, ADB6, ADB5, ADB4,
  input  wire ADB3, ADB2, ADB1, ADB0,
  input  wire CEB, OCEB, CLKB, WEB, RSTB, CSB2, CSB1, CSB0,
  output wire DOB17, DOB16, DOB15, DOB14, DOB13, DOB12, DOB11, DOB10, DOB9,
  output wire DOB8, DOB7, DOB6, DOB5, DOB4, DOB3, DOB2, DOB1, DOB0
);
  parameter integer DATA_WIDTH_A = 18;
  parameter integer DATA_WIDTH_B = 18;
  parameter REGMODE_A = "NOREG";
  parameter REGMODE_B = "NOREG";
  parameter RESETMODE = "SYNC";
  parameter ASYNC_RESET_RELEASE = "SYNC";
  parameter CSDECODE_A = "0b000";
  parameter CSDECODE_B = "0b000";
  parameter WRITEMODE_A = "NORMAL";
  parameter WRITEMODE_B = "NORMAL";
  parameter CLKAMUX = "CLKA";
  parameter CLKBMUX = "CLKB";
  parameter GSR = "ENABLED";
  parameter [319:0] INITVAL_00 = 320'h0, INITVAL_01 = 320'h0, INITVAL_02 = 320'h0, INITVAL_03 = 320'h0;
  parameter [319:0] INITVAL_04 = 320'h0, INITVAL_05 = 320'h0, INITVAL_06 = 320'h0, INITVAL_07 = 320'h0;
  parameter [319:0] INITVAL_08 = 320'h0, INITVAL_09 = 320'h0, INITVAL_0A = 320'h0, INITVAL_0B = 320'h0;
  parameter [319:0] INITVAL_0C = 320'h0, INITVAL_0D = 320'h0, INITVAL_0E = 320'h0, INITVAL_0F = 320'h0;
  parameter [319:0] INITVAL_10 = 320'h0, INITVAL_11 = 320'h0, INITVAL_12 = 320'h0, INITVAL_13 = 320'h0;
  parameter [319:0] INITVAL_14 = 320'h0, INITVAL_15 = 320'h0, INITVAL_16 = 320'h0, INITVAL_17 = 320'h0;
  parameter [319:0] INITVAL_18 = 320'h0, INITVAL_19 = 320'h0, INITVAL_1A = 320'h0, INITVAL_1B = 320'h0;
  parameter [319:0] INITVAL_1C = 320'h0, INITVAL_1D = 320'h0, INITVAL_1E = 320'h0, INITVAL_1F = 320'h0;
  parameter [319:0] INITVAL_20 = 320'h0, INITVAL_21 = 320'h0, INITVAL_22 = 320'h0, INITVAL_23 = 320'h0;
  parameter [319:0] INITVAL_24 = 320'h0, INITVAL_25 = 320'h0, INITVAL_26 = 320'h0, INITVAL_27 = 320'h0;
  parameter [319:0] INITVAL_28 = 320'h0, INITVAL_29 = 320'h0, INITVAL_2A = 320'h0, INITVAL_2B = 320'h0;
  parameter [319:0] INITVAL_2C = 320'h0, INITVAL_2D = 320'h0, INITVAL_2E = 320'h0, INITVAL_2F = 320'h0;
  parameter [319:0] INITVAL_30 = 320'h0, INITVAL_31 = 320'h0, INITVAL_32 = 320'h0, INITVAL_33 = 320'h0;
  parameter [319:0] INITVAL_34 = 320'h0, INITVAL_35 = 320'h0, INITVAL_36 = 320'h0, INITVAL_37 = 320'h0;
  parameter [319:0] INITVAL_38 = 320'h0, INITVAL_39 = 320'h0, INITVAL_3A = 320'h0, INITVAL_3B = 320'h0;
  parameter [319:0] INITVAL_3C = 320'h0, INITVAL_3D = 320'h0, INITVAL_3E = 320'h0, INITVAL_3F = 320'h0;

  // The array: 64 INITVALs of 16 rows each, a row in the low 18 bits of
  // each 20-bit field
  localparam [64*320-1:0] INIT = {
    INITVAL_3F, INITVAL_3E, INITVAL_3D, INITVAL_3C, INITVAL_3B, INITVAL_3A, INITVAL_39, INITVAL_38,
    INITVAL_37, INITVAL_36, INITVAL_35, INITVAL_34, INITVAL_33, INITVAL_32, INITVAL_31, INITVAL_30,
    INITVAL_2F, INITVAL_2E, INITVAL_2D, INITVAL_2C, INITVAL_2B, INITVAL_2A, INITVAL_29, INITVAL_28,
    INITVAL_27, INITVAL_26, INITVAL_25, INITVAL_24, INITVAL_23, INITVAL_22, INITVAL_21, INITVAL_20,
    INITVAL_1F, INITVAL_1E, INITVAL_1D, INITVAL_1C, INITVAL_1B, INITVAL_1A, INITVAL_19, INITVAL_18,
    INITVAL_17, INITVAL_16, INITVAL_15, INITVAL_14, INITVAL_13, INITVAL_12, INITVAL_11, INITVAL_10,
    INITVAL_0F, INITVAL_0E, INITVAL_0D, INITVAL_0C, INITVAL_0B, INITVAL_0A, INITVAL_09, INITVAL_08,
    INITVAL_07, INITVAL_06, INITVAL_05, INITVAL_04, INITVAL_03, INITVAL_02, INITVAL_01, INITVAL_00};

  reg [17:0] mem [0:1023];
  integer r;
  initial
    for (r = 0; r < 1024; r = r + 1)
      mem[r] = INIT[r*20 +: 18];

  wire [17:0] dia = {DIA17, DIA16, DIA15, DIA14, DIA13, DIA12, DIA11, DIA10, DIA9,
                     DIA8, DIA7, DIA6, DIA5, DIA4, DIA3, DIA2, DIA1, DIA0};
  wire [17:0] dib = {DIB17, DIB16, DIB15, DIB14, DIB13, DIB12, DIB11, DIB10, DIB9,
                     DIB8, DIB7, DIB6, DIB5, DIB4, DIB3, DIB2, DIB1, DIB0};
  wire [13:0] ada = {ADA13, ADA12, ADA11, ADA10, ADA9, ADA8, ADA7, ADA6, ADA5, ADA4,
                     ADA3, ADA2, ADA1, ADA0};
  wire [13:0] adb = {ADB13, ADB12, ADB11, ADB10, ADB9, ADB8, ADB7, ADB6, ADB5, ADB4,
                     ADB3, ADB2, ADB1, ADB0};

  // Which bits of the row a port's access covers: its unit, and in x18
  // mode the two byte-lane write enables on AD[1:0]
  function automatic [17:0] lane_mask(input integer w, input [13:0] ad, input [4:0] pos, input wr);
    reg [17:0] units;
    begin
      units = w == 1 ? 18'h1 : w == 2 ? 18'h3 : w == 4 ? 18'hf : w == 9 ? 18'h1ff : 18'h3ffff;
      if (w == 18 && wr)
        units = {ad[1] ? 9'h1ff : 9'h0, ad[0] ? 9'h1ff : 9'h0};
      lane_mask = units << pos;
    end
  endfunction

  wire [9:0] row_a, row_b;
  wire [4:0] pos_a, pos_b;
  ecp5_dp16kd_port #(.W(DATA_WIDTH_A)) u_pa (.i_ad(ada), .o_row(row_a), .o_pos(pos_a));
  ecp5_dp16kd_port #(.W(DATA_WIDTH_B)) u_pb (.i_ad(adb), .o_row(row_b), .o_pos(pos_b));

  function automatic [2:0] cs_code(input [8*5-1:0] s);   // "0bXYZ"
    cs_code = {s[23:16] == "1", s[15:8] == "1", s[7:0] == "1"};
  endfunction
  wire sel_a = {CSA2, CSA1, CSA0} == cs_code(CSDECODE_A);
  wire sel_b = {CSB2, CSB1, CSB0} == cs_code(CSDECODE_B);

  reg [17:0] doa_q, dob_q;
  wire clka = CLKAMUX == "INV" ? ~CLKA : CLKA;
  wire clkb = CLKBMUX == "INV" ? ~CLKB : CLKB;

  // One port's clock edge: write its lanes (READBEFOREWRITE: the output
  // shows the old row, WRITETHROUGH the new, NORMAL keeps its last read)
  task automatic port_edge(input integer w, input [8*15-1:0] mode, input [9:0] row,
                           input [4:0] pos, input [13:0] ad, input we, input [17:0] di,
                           output [17:0] dout, input [17:0] dout_old);
    reg [17:0] old, m;
    begin
      old = mem[row];
      m = lane_mask(w, ad, pos, we);
      dout = dout_old;
      if (we) begin
        mem[row] = (old & ~m) | ((di << pos) & m);
        if (mode == "WRITETHROUGH")
          dout = (mem[row] & lane_mask(w, ad, pos, 1'b0)) >> pos;
        else if (mode == "READBEFOREWRITE")
          dout = (old & lane_mask(w, ad, pos, 1'b0)) >> pos;
      end else begin
        dout = (old & lane_mask(w, ad, pos, 1'b0)) >> pos;
      end
    end
  endtask

  reg [17:0] a_next, b_next;
  always @(posedge clka or posedge RSTA) begin
    if (RSTA && RESETMODE == "ASYNC")
      doa_q <= 18'd0;
    else if (RSTA)
      doa_q <= 18'd0;
    else if (CEA && sel_a) begin
      port_edge(DATA_WIDTH_A, WRITEMODE_A, row_a, pos_a, ada, WEA, dia, a_next, doa_q);
      doa_q <= a_next;
    end
  end
  always @(posedge clkb or posedge RSTB) begin
    if (RSTB && RESETMODE == "ASYNC")
      dob_q <= 18'd0;
    else if (RSTB)
      dob_q <= 18'd0;
    else if (CEB && sel_b) begin
      port_edge(DATA_WIDTH_B, WRITEMODE_B, row_b, pos_b, adb, WEB, dib, b_next, dob_q);
      dob_q <= b_next;
    end
  end

  assign {DOA17, DOA16, DOA15, DOA14, DOA13, DOA12, DOA11, DOA10, DOA9,
          DOA8, DOA7, DOA6, DOA5, DOA4, DOA3, DOA2, DOA1, DOA0} = doa_q;
  assign {DOB17, DOB16, DOB15, DOB14, DOB13, DOB12, DOB11, DOB10, DOB9,
          DOB8, DOB7, DOB6, DOB5, DOB4, DOB3, DOB2, DOB1, DOB0} = dob_q;

  wire unused = ^{OCEA, OCEB, REGMODE_A == "NOREG", REGMODE_B == "NOREG"};
endmodule

module MULT18X18D (
  input  wire A17, A16, A15, A14, A13, A12, A11, A10, A9, A8, A7, A6, A5, A4, A3, A2, A1, A0,
  input  wire B17, B16, B15, B14, B13, B12, B11, B10, B9, B8, B7, B6, B5, B4, B3, B2, B1, B0,
  input  wire C17, C16, C15, C14, C13, C12, C11, C10, C9, C8, C7, C6, C5, C4, C3, C2, C1, C0,
  input  wire SIGNEDA, SIGNEDB, SOURCEA, SOURCEB,
  output wire P35, P34, P33, P32, P31, P30, P29, P28, P27, P26, P25, P24,
  output wire P23, P22, P21, P20, P19, P18, P17, P16, P15, P14, P13, P12,
  output wire P11, P10, P9, P8, P7, P6, P5, P4, P3, P2, P1, P0
);
  wire [17:0] a = {A17, A16, A15, A14, A13, A12, A11, A10, A9, A8, A7, A6, A5, A4, A3, A2, A1, A0};
  wire [17:0] b = {B17, B16, B15, B14, B13, B12, B11, B10, B9, B8, B7, B6, B5, B4, B3, B2, B1, B0};
  // each operand extended by its sign when SIGNEDx says it is signed
  wire [35:0] ax = {{18{SIGNEDA & a[17]}}, a};
  wire [35:0] bx = {{18{SIGNEDB & b[17]}}, b};
  wire [35:0] p  = ax * bx;
  assign {P35, P34, P33, P32, P31, P30, P29, P28, P27, P26, P25, P24,
          P23, P22, P21, P20, P19, P18, P17, P16, P15, P14, P13, P12,
          P11, P10, P9, P8, P7, P6, P5, P4, P3, P2, P1, P0} = p;
  wire unused = ^{C17, C16, C15, C14, C13, C12, C11, C10, C9, C8, C7, C6, C5, C4, C3, C2, C1, C0,
                  SOURCEA, SOURCEB};
endmodule

module EHXPLLL (
  input  wire CLKI, CLKFB, RST, STDBY, PHASESEL1, PHASESEL0, PHASEDIR, PHASESTEP,
  input  wire PHASELOADREG, PLLWAKESYNC, ENCLKOP,
  output wire CLKOP, CLKINTFB, LOCK
);
  parameter integer CLKI_DIV = 1, CLKFB_DIV = 1, CLKOP_DIV = 8, CLKOP_CPHASE = 0, CLKOP_FPHASE = 0;
  parameter CLKOP_ENABLE = "ENABLED", FEEDBK_PATH = "CLKOP", PLLRST_ENA = "DISABLED";
  parameter INTFB_WAKE = "DISABLED", STDBY_ENABLE = "DISABLED", DPHASE_SOURCE = "DISABLED";
  parameter OUTDIVIDER_MUXA = "DIVA", OUTDIVIDER_MUXB = "DIVB";
  parameter OUTDIVIDER_MUXC = "DIVC", OUTDIVIDER_MUXD = "DIVD";
  assign CLKOP    = CLKI;
  assign CLKINTFB = 1'b0;
  assign LOCK     = 1'b1;
  wire unused = ^{CLKFB, RST, STDBY, PHASESEL1, PHASESEL0, PHASEDIR, PHASESTEP,
                  PHASELOADREG, PLLWAKESYNC, ENCLKOP};
endmodule

`default_nettype wire

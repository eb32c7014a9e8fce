// bpf_imem.v: instruction memory, two banks (even and odd slots) so that a
// fetch returns slot pc and slot pc+1 in the same cycle, and a second read
// port (the slot a jump in ID would be redirected to) on the block RAMs'
// other port, which takes the host's writes while the core is stopped.
// Latency: one cycle (block RAM); the fetch outputs hold while i_re is
// low, the second port reads every cycle but while the host writes.  The fetch unit presents the row
// of each bank: odd row = pc >> 1, even row = (pc + 1) >> 1; the core picks
// which bank holds pc by the pc's bit 0 one cycle later.
// Write port: 32 bits at a time from the control bus (slot, high/low word).
// Each slot also keeps its predecoded bits (bpf_predecode): PRE_W bits
// computed from the low word when it is written, one bit from the high
// word, so the core decodes nothing between the RAM output and the fetch
// address or ID's interlocks (the extra bits fill the 36-bit rows of the
// ECP5's block RAM shapes).
`default_nettype none

module bpf_imem #(
  parameter integer DEPTH = 4096,  // slots, even
  parameter integer AW    = 12     // slot address width
) (
  input  wire          i_clk,
  // Write port (control bus)
  input  wire          i_we,
  input  wire [AW-1:0] i_wslot,
  input  wire          i_whigh,    // 1: bits 63..32 of the slot
  input  wire [31:0]   i_wdata,
  // Read port (fetch): with i_re low the outputs keep the last slots read
  input  wire          i_re,
  input  wire [AW-2:0] i_row_even,
  input  wire [AW-2:0] i_row_odd,
  output wire [63:0]   o_even,
  output wire [63:0]   o_odd,
  output wire [13:0]   o_even_pre,   // bpf_predecode's o_pre of the slot
  output wire [13:0]   o_odd_pre,
  output wire          o_even_cx,    // ... and its o_cx
  output wire          o_odd_cx,
  // Second read port: slot i_alt, read every cycle
  input  wire [AW-1:0] i_alt,
  output wire [63:0]   o_alt,
  output wire [13:0]   o_alt_pre,
  output wire          o_alt_cx
);

  localparam integer PW = 14;

  wire [PW-1:0] pre;
  wire          cx;
  bpf_predecode u_pre (.i_lo(i_wdata), .i_hi(i_wdata[7:0]), .o_pre(pre), .o_cx(cx));

  wire [PW+31:0] wlo = {pre, i_wdata};
  wire [32:0]    whi = {cx, i_wdata};
  wire we_lo   = i_we & ~i_whigh;
  wire we_hi   = i_we &  i_whigh;
  wire we_even = ~i_wslot[0];

  // Port B of each bank takes the host's writes while the core is stopped
  // and reads the second port's row otherwise: slot i_alt is in the even
  // or the odd bank at row i_alt / 2, picked one cycle later.
  wire [AW-2:0] row_b = i_we ? i_wslot[AW-1:1] : i_alt[AW-1:1];
  reg           alt_odd_q;
  always @(posedge i_clk)
    alt_odd_q <= i_alt[0];

  wire [PW+31:0] even_lo_b, odd_lo_b;
  wire [32:0]    even_hi_b, odd_hi_b;

  bpf_tdpram #(.W(PW+32), .DEPTH(DEPTH/2), .AW(AW-1)) u_even_lo (
    .i_clk(i_clk),
    .i_re_a(i_re), .i_addr_a(i_row_even), .o_rdata_a({o_even_pre, o_even[31:0]}),
    .i_we_b(we_lo & we_even), .i_addr_b(row_b), .i_wdata_b(wlo), .o_rdata_b(even_lo_b));
  bpf_tdpram #(.W(33), .DEPTH(DEPTH/2), .AW(AW-1)) u_even_hi (
    .i_clk(i_clk),
    .i_re_a(i_re), .i_addr_a(i_row_even), .o_rdata_a({o_even_cx, o_even[63:32]}),
    .i_we_b(we_hi & we_even), .i_addr_b(row_b), .i_wdata_b(whi), .o_rdata_b(even_hi_b));
  bpf_tdpram #(.W(PW+32), .DEPTH(DEPTH/2), .AW(AW-1)) u_odd_lo (
    .i_clk(i_clk),
    .i_re_a(i_re), .i_addr_a(i_row_odd), .o_rdata_a({o_odd_pre, o_odd[31:0]}),
    .i_we_b(we_lo & ~we_even), .i_addr_b(row_b), .i_wdata_b(wlo), .o_rdata_b(odd_lo_b));
  bpf_tdpram #(.W(33), .DEPTH(DEPTH/2), .AW(AW-1)) u_odd_hi (
    .i_clk(i_clk),
    .i_re_a(i_re), .i_addr_a(i_row_odd), .o_rdata_a({o_odd_cx, o_odd[63:32]}),
    .i_we_b(we_hi & ~we_even), .i_addr_b(row_b), .i_wdata_b(whi), .o_rdata_b(odd_hi_b));

  assign {o_alt_pre, o_alt[31:0]} = alt_odd_q ? odd_lo_b : even_lo_b;
  assign {o_alt_cx, o_alt[63:32]} = alt_odd_q ? odd_hi_b : even_hi_b;

endmodule

`default_nettype wire

// bpf_imem.v: instruction memory, two banks (even and odd slots) so that a
// fetch returns slot pc and slot pc+1 in the same cycle (single-cycle lddw).
// Latency: one cycle (block RAM); the outputs hold while i_re is low.  The fetch unit presents the row of each
// bank: odd row = pc >> 1, even row = (pc + 1) >> 1; the core picks which
// bank holds pc by the pc's bit 0 one cycle later.
// Write port: 32 bits at a time from the control bus (slot, high/low word).
// Each slot also keeps a predecoded bit, "this slot is an lddw" (opcode
// 0x18), written with its low word, so that the fetch unit can pick pc+2
// one LUT after the RAM output (the low-word RAMs are 33 bits wide, which
// costs no extra block RAM: 2048 x 36 is their native shape).
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
  output wire          o_even_lddw,
  output wire          o_odd_lddw,
  // Second read port (the alternate path of a branch in ID): slot i_alt,
  // read every cycle; o_alt_lddw is its lddw bit
  input  wire [AW-1:0] i_alt,
  output wire [63:0]   o_alt,
  output wire          o_alt_lddw
);

  wire we_even = i_we & ~i_wslot[0];
  wire we_odd  = i_we &  i_wslot[0];
  wire [32:0] wlo = {i_wdata[7:0] == 8'h18, i_wdata};

  bpf_sdpram #(.W(33), .DEPTH(DEPTH/2), .AW(AW-1)) u_even_lo (
    .i_clk(i_clk), .i_we(we_even & ~i_whigh), .i_waddr(i_wslot[AW-1:1]), .i_wdata(wlo),
    .i_re(i_re), .i_raddr(i_row_even), .o_rdata({o_even_lddw, o_even[31:0]}));
  bpf_sdpram #(.W(32), .DEPTH(DEPTH/2), .AW(AW-1)) u_even_hi (
    .i_clk(i_clk), .i_we(we_even & i_whigh), .i_waddr(i_wslot[AW-1:1]), .i_wdata(i_wdata),
    .i_re(i_re), .i_raddr(i_row_even), .o_rdata(o_even[63:32]));
  bpf_sdpram #(.W(33), .DEPTH(DEPTH/2), .AW(AW-1)) u_odd_lo (
    .i_clk(i_clk), .i_we(we_odd & ~i_whigh), .i_waddr(i_wslot[AW-1:1]), .i_wdata(wlo),
    .i_re(i_re), .i_raddr(i_row_odd), .o_rdata({o_odd_lddw, o_odd[31:0]}));
  bpf_sdpram #(.W(32), .DEPTH(DEPTH/2), .AW(AW-1)) u_odd_hi (
    .i_clk(i_clk), .i_we(we_odd & i_whigh), .i_waddr(i_wslot[AW-1:1]), .i_wdata(i_wdata),
    .i_re(i_re), .i_raddr(i_row_odd), .o_rdata(o_odd[63:32]));

  // The second read port is a copy of the memory (one bank, a slot a row),
  // written with the banks.
  bpf_sdpram #(.W(33), .DEPTH(DEPTH), .AW(AW)) u_alt_lo (
    .i_clk(i_clk), .i_we(i_we & ~i_whigh), .i_waddr(i_wslot), .i_wdata(wlo),
    .i_re(1'b1), .i_raddr(i_alt), .o_rdata({o_alt_lddw, o_alt[31:0]}));
  bpf_sdpram #(.W(32), .DEPTH(DEPTH), .AW(AW)) u_alt_hi (
    .i_clk(i_clk), .i_we(i_we & i_whigh), .i_waddr(i_wslot), .i_wdata(i_wdata),
    .i_re(1'b1), .i_raddr(i_alt), .o_rdata(o_alt[63:32]));

endmodule

`default_nettype wire

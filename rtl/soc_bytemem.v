// soc_bytemem.v: memory shared by the eBPF core and the RISC-V core (the
// packet buffers, the map memory): eight byte-wide banks of dual-port block
// RAM, so that the eBPF core's port reads or writes 1, 2, 4 or 8 bytes at
// any byte address in one cycle, while the RISC-V port reads or writes
// aligned 32-bit words with byte enables.  Byte a lives in bank a % 8, row
// a / 8.
// Latency: both ports answer one cycle after the request (o_a_rdata right-
// aligned, bytes above the size undefined; o_b_rdata the word).  Writes are
// done at the end of the request's cycle.  The ports must not touch the
// same bytes in the same cycle (see soc_dpram).
`default_nettype none

module soc_bytemem #(
  parameter integer BYTES = 65536,  // power of two, >= 16
  parameter integer AW    = 16      // byte address width
) (
  input  wire          i_clk,
  // Port A: the eBPF core's data port
  input  wire          i_a_req,
  input  wire          i_a_we,
  input  wire [AW-1:0] i_a_addr,
  input  wire [3:0]    i_a_size,    // 1, 2, 4 or 8
  input  wire [63:0]   i_a_wdata,
  output wire [63:0]   o_a_rdata,
  // Port B: the RISC-V bus, 32-bit words
  input  wire          i_b_req,
  input  wire          i_b_we,
  input  wire [AW-3:0] i_b_addr,    // word address
  input  wire [3:0]    i_b_be,
  input  wire [31:0]   i_b_wdata,
  output wire [31:0]   o_b_rdata
);

  localparam integer RW = AW - 3;   // row address width

  wire [2:0]    a_lane = i_a_addr[2:0];
  wire [RW-1:0] a_row  = i_a_addr[AW-1:3];
  wire [RW-1:0] a_row1 = a_row + 1'b1;
  wire          b_hi   = i_b_addr[0];             // banks 4..7 of the row
  wire [RW-1:0] b_row  = i_b_addr[AW-3:1];

  // port A's write data in bank order: bank b takes byte (b - lane) % 8
  wire [63:0] w1 = a_lane[0] ? {i_a_wdata[55:0], i_a_wdata[63:56]} : i_a_wdata;
  wire [63:0] w2 = a_lane[1] ? {w1[47:0], w1[63:48]} : w1;
  wire [63:0] wb = a_lane[2] ? {w2[31:0], w2[63:32]} : w2;

  reg  [2:0]  a_lane_q;
  reg         b_hi_q;
  wire [63:0] qa, qb;

  genvar b;
  generate
    for (b = 0; b < 8; b = b + 1) begin : g_bank
      wire [2:0] rel = b[2:0] - a_lane;            // byte index within the access
      wire       wa  = i_a_we & ({1'b0, rel} < i_a_size);
      wire       wbb = i_b_we & i_b_be[b % 4] & (b_hi == (b >= 4));
      soc_dpram #(.W(8), .DEPTH(BYTES / 8), .AW(RW)) u_bank (
        .i_clk(i_clk),
        .i_en_a(i_a_req), .i_we_a(wa),
        .i_addr_a((b < a_lane) ? a_row1 : a_row),
        .i_wdata_a(wb[8*b +: 8]), .o_rdata_a(qa[8*b +: 8]),
        .i_en_b(i_b_req), .i_we_b(wbb), .i_addr_b(b_row),
        .i_wdata_b(i_b_wdata[8*(b%4) +: 8]), .o_rdata_b(qb[8*b +: 8]));
    end
  endgenerate

  always @(posedge i_clk) begin
    if (i_a_req) a_lane_q <= a_lane;
    if (i_b_req) b_hi_q   <= b_hi;
  end

  // port A's read data back in access order: rotate right by the lane
  wire [63:0] r1 = a_lane_q[0] ? {qa[7:0], qa[63:8]} : qa;
  wire [63:0] r2 = a_lane_q[1] ? {r1[15:0], r1[63:16]} : r1;
  assign o_a_rdata = a_lane_q[2] ? {r2[31:0], r2[63:32]} : r2;
  assign o_b_rdata = b_hi_q ? qb[63:32] : qb[31:0];

endmodule

`default_nettype wire

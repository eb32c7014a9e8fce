// soc_pktmem.v: the packet memory for the SoC with SPRAM = 1 (the iCE40),
// in place of soc_bytemem: the same eight byte-wide banks (byte a in bank
// a % 8, row a / 8) and the same two ports, but each bank has a single
// port, so that it is one simple block RAM (SB_RAM40_4K: one read and one
// write port, which cannot make a true dual-port RAM; soc_bytemem's banks
// become flip-flops there).
// The ports share the banks through an arbiter: the RISC-V's request (port
// B) is taken at once, in its cycle, as with soc_bytemem; the eBPF core's
// (port A) is granted (o_a_gnt) in a cycle without one.  rv_core's bus
// requests a memory at most every other cycle (request, answer), so the
// data port waits one cycle at most.
// Latency: both ports answer one cycle after the access is taken (o_a_rdata
// right-aligned, bytes above the size undefined; o_b_rdata the word).
// Writes are done at the end of the access's cycle.  The accesses are made
// one at a time, so the ports may touch the same bytes.
`default_nettype none

module soc_pktmem #(
  parameter integer BYTES = 4096,   // power of two, >= 16
  parameter integer AW    = 12      // byte address width
) (
  input  wire          i_clk,
  // Port A: the eBPF core's data port
  input  wire          i_a_req,
  output wire          o_a_gnt,     // the access is taken in this cycle
  input  wire          i_a_we,
  input  wire [AW-1:0] i_a_addr,
  /* verilator lint_off UNUSEDSIGNAL */  // 1, 2, 4, 8: bit 1 implied
  input  wire [3:0]    i_a_size,    // 1, 2, 4 or 8
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [63:0]   i_a_wdata,
  output wire [63:0]   o_a_rdata,
  // Port B: the RISC-V bus, 32-bit words (always taken at once)
  input  wire          i_b_req,
  input  wire          i_b_we,
  input  wire [AW-3:0] i_b_addr,    // word address
  input  wire [3:0]    i_b_be,
  input  wire [31:0]   i_b_wdata,
  output wire [31:0]   o_b_rdata
);

  localparam integer RW = AW - 3;   // row address width

  assign o_a_gnt = ~i_b_req;
  wire a_go = i_a_req & ~i_b_req;
  wire go   = i_b_req | a_go;

  // The access of this cycle, the RISC-V's word made an access of 4 bytes
  // at lane 0 or 4 (its byte enables for the size's mask): both then share
  // the rotators and the banks' row selection.
  wire [AW-1:0] addr  = i_b_req ? {i_b_addr, 2'b00} : i_a_addr;
  wire          we    = i_b_req ? i_b_we : i_a_we;
  wire [63:0]   wdata = i_b_req ? {32'd0, i_b_wdata} : i_a_wdata;

  wire [2:0]    lane = addr[2:0];
  wire [RW-1:0] row  = addr[AW-1:3];
  wire [RW-1:0] row1 = row + 1'b1;

  // the write data in bank order: bank b takes byte (b - lane) % 8
  wire [63:0] w1 = lane[0] ? {wdata[55:0], wdata[63:56]} : wdata;
  wire [63:0] w2 = lane[1] ? {w1[47:0], w1[63:48]} : w1;
  wire [63:0] wb = lane[2] ? {w2[31:0], w2[63:32]} : w2;

  reg  [2:0]  lane_q;
  wire [63:0] q;

  genvar b;
  generate
    for (b = 0; b < 8; b = b + 1) begin : g_bank
      wire [2:0]    rel = b[2:0] - lane;             // byte index within the access
      // the bank's byte is in the access: rel < size (one-hot 1, 2, 4, 8),
      // or the RISC-V's byte enable
      wire          in_a = (rel == 3'd0) | (rel[2:1] == 2'd0 & ~i_a_size[0]) |
                           (~rel[2] & (i_a_size[2] | i_a_size[3])) | i_a_size[3];
      wire          wbe = i_b_req ? (~rel[2] & i_b_be[rel[1:0]]) : in_a;
      wire          bwe = we & wbe;
      wire [RW-1:0] adr = (b < lane) ? row1 : row;

      // one port: a read or a write per cycle; the read data holds otherwise
      // (no_rw_check: never both at once, so no collision logic is needed)
      (* no_rw_check *)
      reg [7:0] mem [0:BYTES/8-1];
      reg [7:0] rdata;
      always @(posedge i_clk) begin
        if (go & bwe)
          mem[adr] <= wb[8*b +: 8];
        if (go & ~we)
          rdata <= mem[adr];
      end
      assign q[8*b +: 8] = rdata;
    end
  endgenerate

  always @(posedge i_clk)
    if (go) lane_q <= lane;

  // the read data back in access order: rotate right by the lane (the
  // RISC-V's word: the low 4 bytes of it)
  wire [63:0] r1 = lane_q[0] ? {q[7:0], q[63:8]} : q;
  wire [63:0] r2 = lane_q[1] ? {r1[15:0], r1[63:16]} : r1;
  assign o_a_rdata = lane_q[2] ? {r2[31:0], r2[63:32]} : r2;
  assign o_b_rdata = o_a_rdata[31:0];

endmodule

`default_nettype wire

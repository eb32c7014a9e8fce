// soc_pktmem.v: the packet memory for the SoC with SPRAM = 1 (the iCE40),
// in place of soc_bytemem: the same eight byte-wide banks (byte a in bank
// a % 8, row a / 8) and the same two ports, but each bank has a single
// port, so that it is one simple block RAM (SB_RAM40_4K: one read and one
// write port, which cannot make a true dual-port RAM; soc_bytemem's banks
// become flip-flops there).
// One access a cycle takes the banks.  The RISC-V's word (port B) takes
// the four banks of its half of a row at once, in its cycle, as with
// soc_bytemem.  The eBPF core's access of n bytes (port A) goes a byte a
// cycle, from byte n - 1 down to byte 0, in n cycles without a RISC-V
// request; it is granted (o_a_gnt) in the cycle of byte 0, and the request
// must hold until then.  Going a byte at a time needs no byte rotators:
// a write's byte goes to every bank, and one bank takes it; a read's bytes
// shift into a register from below and end right-aligned.
// A RISC-V access in the middle of a data port access to the same bytes
// sees the bytes done so far (the firmware does not touch a buffer while a
// program runs on it).
// Latency: both ports answer one cycle after the access is taken (o_a_rdata
// right-aligned, bytes above the size undefined; o_b_rdata the word);
// writes are done at the end of each byte's or word's cycle.
`default_nettype none

module soc_pktmem #(
  parameter integer BYTES = 4096,   // power of two, >= 16
  parameter integer AW    = 12      // byte address width
) (
  input  wire          i_clk,
  // Port A: the eBPF core's data port
  input  wire          i_a_req,
  output wire          o_a_gnt,     // the access's last byte is taken in this cycle
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

  // ---- port A's byte of this cycle: j = n - 1 - step ----
  reg  [2:0]    step;               // bytes of the access taken so far
  wire [2:0]    last  = {i_a_size[3], i_a_size[3] | i_a_size[2], ~i_a_size[0]};   // n - 1
  wire [2:0]    j     = last - step;
  wire [AW-1:0] abyte = i_a_addr + {{(AW-3){1'b0}}, j};
  wire [7:0]    awb   = i_a_wdata[8*j +: 8];
  wire          a_go  = i_a_req & ~i_b_req;
  assign o_a_gnt = a_go & (step == last);

  // a request is held until its grant; none is held: the next starts anew
  always @(posedge i_clk)
    if (!i_a_req || o_a_gnt)
      step <= 3'd0;
    else if (a_go)
      step <= step + 3'd1;

  // ---- the banks: one row, one access ----
  wire          b_hi = i_b_addr[0];           // the word's lanes: 4..7 (else 0..3)
  wire [RW-1:0] row  = i_b_req ? i_b_addr[AW-3:1] : abyte[AW-1:3];
  wire          rd   = i_b_req ? ~i_b_we : a_go & ~i_a_we;

  // the write byte of lanes k and k + 4
  wire [31:0] wd = i_b_req ? i_b_wdata : {4{awb}};

  wire [63:0] q;
  genvar b;
  generate
    for (b = 0; b < 8; b = b + 1) begin : g_bank
      wire we = i_b_req ? i_b_we & (b_hi == b[2]) & i_b_be[b % 4]
                        : a_go & i_a_we & (abyte[2:0] == b[2:0]);

      // no_rw_check: never a read and a write at once
      (* no_rw_check *)
      reg [7:0] mem [0:BYTES/8-1];
      reg [7:0] rdata;
      always @(posedge i_clk) begin
        if (we)
          mem[row] <= wd[8*(b % 4) +: 8];
        if (rd)
          rdata <= mem[row];
      end
      assign q[8*b +: 8] = rdata;
    end
  endgenerate

  // ---- the answers ----
  reg        a_rd_q;          // a port A read's byte is in bank bank_q
  reg  [2:0] bank_q;
  reg        b_hi_q;
  reg [55:0] sh;              // port A's bytes so far, the latest lowest
  wire [7:0] qb = q[8*bank_q +: 8];

  always @(posedge i_clk) begin
    a_rd_q <= a_go & ~i_a_we;
    if (a_go)
      bank_q <= abyte[2:0];
    if (i_b_req)
      b_hi_q <= b_hi;
    if (a_rd_q)
      sh <= {sh[47:0], qb};
  end

  assign o_a_rdata = {sh, qb};
  assign o_b_rdata = b_hi_q ? q[63:32] : q[31:0];

endmodule

`default_nettype wire

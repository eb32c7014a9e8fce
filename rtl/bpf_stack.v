// bpf_stack.v: the core's stack RAM, MAX_DEPTH frames of FRAME_SIZE bytes,
// as eight byte-wide banks so that any 1/2/4/8-byte access at any byte
// alignment takes one cycle.  Byte address a lives in bank a % 8, row a / 8.
// Latency: a read presented in cycle t (i_raddr, with i_re) returns its
// eight bytes in t+1 (o_rdata, byte i = address i_raddr+i); without i_re the
// read data of the last read holds (the core's MEM stage waits).  A write
// presented in cycle t is done at the end of t; a read presented in the same
// cycle gets the new bytes through a forwarding path, so reads never see
// stale data.
// No handshake: one read and one write every cycle.
// Host port (the control bus's stack window, used only while the pipeline
// is stopped): with i_hsel every bank's read row is i_hrow instead of the
// pipeline's, and o_hrdata gives the eight banks' raw output (byte b =
// bank b of the row read in the previous cycle, no forwarding and no
// rotation: the host never writes and reads in one cycle).  The host's
// writes use the write port like the pipeline's.
`default_nettype none

module bpf_stack #(
  parameter integer BYTES = 4096,  // power of two
  parameter integer AW    = 12     // byte address width
) (
  input  wire          i_clk,
  // Read port
  input  wire          i_re,
  input  wire [AW-1:0] i_raddr,
  input  wire [AW-4:0] i_rrow1,   // (i_raddr + 8) / 8, added beside i_raddr by the caller
  output wire [63:0]   o_rdata,
  // Host read port
  input  wire          i_hsel,    // the host owns the read port (pipeline stopped)
  input  wire [AW-4:0] i_hrow,
  output wire [63:0]   o_hrdata,  // bank order: byte b from bank b
  // Write port
  input  wire          i_we,
  input  wire [AW-1:0] i_waddr,
  input  wire [3:0]    i_wsize,   // bytes: 1, 2, 4 or 8
  input  wire [63:0]   i_wdata    // byte i goes to i_waddr + i
);

  localparam integer RW = AW - 3;  // row address width

  // Row of bank b for an access at a: a/8, plus one for banks below a%8.
  function automatic [RW-1:0] bank_row(input [AW-1:0] a, input [2:0] b);
    bank_row = a[AW-1:3] + {{(RW-1){1'b0}}, (b < a[2:0])};
  endfunction

  // Bank b lies below the byte lane of a: its bytes come from the next row.
  function automatic below(input [2:0] lane, input [2:0] b);
    below = (b < lane);
  endfunction

  reg  [2:0]    rd_lane_q;            // i_raddr % 8 of the read in flight
  reg  [RW-1:0] rd_row_q  [0:7];
  reg  [7:0]    wr_en_q;              // the write of the same cycle, per bank
  reg  [RW-1:0] wr_row_q  [0:7];
  reg  [7:0]    wr_byte_q [0:7];
  wire [7:0]    bank_q    [0:7];      // RAM output, per bank
  wire [63:0]   lanes;                // RAM output after forwarding, bank order

  // Write data rotated into bank order: bank b takes byte (b - i_waddr) % 8
  // (three rotate stages, not an 8-way case: that maps to far more LUTs)
  wire [63:0] wrot1 = i_waddr[0] ? {i_wdata[55:0], i_wdata[63:56]} : i_wdata;
  wire [63:0] wrot2 = i_waddr[1] ? {wrot1[47:0], wrot1[63:48]} : wrot1;
  wire [63:0] wrot  = i_waddr[2] ? {wrot2[31:0], wrot2[63:32]} : wrot2;

  genvar b;
  generate
    for (b = 0; b < 8; b = b + 1) begin : g_bank
      wire [2:0]    rel  = b[2:0] - i_waddr[2:0];     // byte index within the access
      wire          wen  = i_we & ({1'b0, rel} < i_wsize);
      wire [RW-1:0] wrow = bank_row(i_waddr, b[2:0]);
      // (the read row comes from two sums made side by side, not from an
      // increment after the address add: it is on the core's EX path)
      wire [RW-1:0] rrow = i_hsel ? i_hrow :
                           below(i_raddr[2:0], b[2:0]) ? i_rrow1 : i_raddr[AW-1:3];
      wire [7:0]    wbyte = wrot[8*b +: 8];

      bpf_sdpram #(.W(8), .DEPTH(BYTES/8), .AW(RW)) u_ram (
        .i_clk(i_clk), .i_we(wen), .i_waddr(wrow), .i_wdata(wbyte),
        .i_re(i_re), .i_raddr(rrow), .o_rdata(bank_q[b]));

      always @(posedge i_clk) begin
        if (i_re) begin
          rd_row_q[b]  <= rrow;
          wr_en_q[b]   <= wen;
          wr_row_q[b]  <= wrow;
          wr_byte_q[b] <= wbyte;
        end
      end

      assign lanes[8*b +: 8] = (wr_en_q[b] && wr_row_q[b] == rd_row_q[b]) ? wr_byte_q[b]
                                                                          : bank_q[b];
      assign o_hrdata[8*b +: 8] = bank_q[b];
    end
  endgenerate

  always @(posedge i_clk)
    if (i_re)
      rd_lane_q <= i_raddr[2:0];

  // Rotate so that byte 0 is the one at the read address.
  wire [63:0] rot1 = rd_lane_q[0] ? {lanes[7:0],  lanes[63:8]}  : lanes;
  wire [63:0] rot2 = rd_lane_q[1] ? {rot1[15:0],  rot1[63:16]}  : rot1;
  wire [63:0] rot  = rd_lane_q[2] ? {rot2[31:0],  rot2[63:32]}  : rot2;
  assign o_rdata = rot;

endmodule

`default_nettype wire

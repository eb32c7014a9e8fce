// soc_mapmem.v: the map memory on one single-port RAM of 16-bit words
// (soc_spram: an SB_SPRAM256KA on the iCE40, 32 KiB), shared by the eBPF
// core's data port and the RISC-V bus, for the SoC with SPRAM = 1 (in place
// of soc_bytemem's eight dual-port byte banks).
//
// A sequencer turns each access into consecutive 16-bit accesses with
// nibble write masks: an eBPF access of 1, 2, 4 or 8 bytes at byte address
// a touches the halfwords a/2 .. (a+size-1)/2 (one to five); a RISC-V word
// two.  Byte a+i of a write goes to halfword a/2 + (i + a%2)/2; a read's
// halfwords are gathered into a 64-bit register, byte by byte, right-aligned.
// An arbiter takes one access at a time: the RISC-V's when it waits and the
// eBPF core holds no lock, else the eBPF core's.  The lock (o_dmem_lock,
// from an atomic's locked read request until its write is granted) keeps
// the RISC-V out between the read and the write of an atomic, so the pair
// is atomic with respect to the firmware.
//
// Timing: the access is taken in cycle 0 (the eBPF core's grant, o_d_gnt;
// the RISC-V's request, i_b_go, or any later cycle while it waits), its n
// halfword accesses are made in cycles 1..n, a write is answered in cycle
// n+1, a read in cycle n+2 (o_d_rvalid with o_d_rdata; o_b_ack with
// o_b_rdata).  The next access may be taken in cycle n+1.  So an aligned
// 8-byte eBPF load is answered 6 cycles after its grant, a RISC-V read 4
// cycles after its request, a write 3 (soc_bytemem: 1).
// Answers are in order; o_d_busy is high from an eBPF grant until its
// answer (soc_bpf holds the packet memory's grants meanwhile, so that the
// data port's answers stay in order).
// The RISC-V side: i_b_go starts a request, whose i_b_we/addr/be/wdata are
// held until o_b_ack (rv_core's bus; soc_bpf answers nothing else
// meanwhile).
`default_nettype none

module soc_mapmem #(
  parameter integer AW = 15          // byte address width (the memory: 2**AW bytes)
) (
  input  wire          i_clk,
  input  wire          i_rst,
  // The eBPF core's data port (requests to this memory only)
  input  wire          i_d_req,
  input  wire          i_d_we,
  input  wire [AW-1:0] i_d_addr,
  /* verilator lint_off UNUSEDSIGNAL */  // 1, 2, 4, 8: bit 0 implied
  input  wire [3:0]    i_d_size,     // 1, 2, 4 or 8
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [63:0]   i_d_wdata,
  input  wire          i_d_lock,
  output wire          o_d_gnt,
  output wire          o_d_rvalid,
  output wire [63:0]   o_d_rdata,    // right-aligned, bytes above the size undefined
  output reg           o_d_busy,
  // The RISC-V bus
  input  wire          i_b_go,
  input  wire          i_b_we,
  input  wire [AW-3:0] i_b_addr,     // word address
  input  wire [3:0]    i_b_be,
  input  wire [31:0]   i_b_wdata,
  output wire          o_b_ack,
  output wire [31:0]   o_b_rdata
);

  localparam integer HW = AW - 1;    // halfword address width

  reg          busy, rv, we, a0, b_wait;
  reg [HW-1:0] h;                    // the next halfword
  reg [9:0]    m;                    // its bytes and the following ones, 2 a halfword
  reg [2:0]    k;                    // its index in the access
  reg [63:0]   wbuf;                 // the write data still to go, from the next halfword's
  reg [7:0]    wprev;                // the byte before wbuf (an odd address's)
  reg [63:0]   rbuf;                 // the read data, right-aligned
  reg          rd_q, rd_last_q, rd_rv_q, rsp_q, rsp_rv_q;
  reg [2:0]    rd_k_q;

  // ---- the arbiter ----
  wire idle    = ~busy;
  wire b_req   = i_b_go | b_wait;
  wire take_b  = idle & b_req & ~i_d_lock;
  wire take_d  = idle & i_d_req & ~take_b;
  assign o_d_gnt = take_d;

  // the eBPF access's bytes from its first halfword on
  wire [7:0] smask = {{4{i_d_size[3]}}, {2{i_d_size[3] | i_d_size[2]}},
                      i_d_size[3] | i_d_size[2] | i_d_size[1], 1'b1};
  wire [9:0] d_m   = i_d_addr[0] ? {1'b0, smask, 1'b0} : {2'b00, smask};

  wire last = m[9:2] == 8'd0;        // the halfword being accessed is the access's last

  // ---- the RAM ----
  wire [15:0] q;
  wire [15:0] din = a0 ? {wbuf[7:0], wprev} : wbuf[15:0];

  soc_spram #(.AW(HW)) u_ram (
    .i_clk(i_clk), .i_en(busy), .i_we(we), .i_addr(h),
    .i_mask({m[1], m[1], m[0], m[0]}), .i_wdata(din), .o_rdata(q));

  always @(posedge i_clk) begin
    if (take_b | take_d) begin
      busy <= 1'b1;
      rv   <= take_b;
      we   <= take_b ? i_b_we : i_d_we;
      a0   <= take_d & i_d_addr[0];
      h    <= take_b ? {i_b_addr, 1'b0} : i_d_addr[AW-1:1];
      m    <= take_b ? (i_b_we ? {6'd0, i_b_be} : 10'h00f) : d_m;
      k    <= 3'd0;
      wbuf <= take_b ? {32'd0, i_b_wdata} : i_d_wdata;
    end else if (busy) begin
      busy  <= ~last;
      h     <= h + 1'b1;
      m     <= {2'b00, m[9:2]};
      k     <= k + 1'b1;
      wbuf  <= {16'd0, wbuf[63:16]};
      wprev <= wbuf[15:8];
    end
    // a read's halfword, in the cycle after its access: byte j of the
    // access is in halfword (j + a0) / 2, low byte if j + a0 is even
    rd_q      <= busy & ~we;
    rd_last_q <= busy & ~we & last;
    rd_rv_q   <= rv;
    rd_k_q    <= k;
    rsp_q     <= (busy & we & last) | (rd_q & rd_last_q);
    rsp_rv_q  <= (busy & we & last) ? rv : rd_rv_q;
    if (i_rst) begin
      busy  <= 1'b0;
      rd_q  <= 1'b0;
      rsp_q <= 1'b0;
    end
  end

  wire [15:0] qs = a0 ? {q[7:0], q[15:8]} : q;   // [7:0]: the even bytes', [15:8]: the odd's

  genvar j;
  generate
    for (j = 0; j < 8; j = j + 1) begin : g_byte
      localparam [3:0] J = j;
      wire [2:0] jk = J[3:1] + {2'd0, J[0] & a0};   // (j + a0) / 2
      always @(posedge i_clk)
        if (rd_q && rd_k_q == jk)
          rbuf[8*j +: 8] <= (j % 2 == 0) ? qs[7:0] : qs[15:8];
    end
  endgenerate

  // the RISC-V's request waits while it is not taken; the eBPF core's
  // answer outstanding
  always @(posedge i_clk) begin
    if (i_rst) begin
      b_wait   <= 1'b0;
      o_d_busy <= 1'b0;
    end else begin
      b_wait   <= b_req & ~take_b;
      o_d_busy <= take_d | (o_d_busy & ~o_d_rvalid);
    end
  end

  assign o_d_rvalid = rsp_q & ~rsp_rv_q;
  assign o_b_ack    = rsp_q & rsp_rv_q;
  assign o_d_rdata  = rbuf;
  assign o_b_rdata  = rbuf[31:0];

endmodule

`default_nettype wire

// bpf_regfile.v: r0..r10, 64 bits each.  r0..r5 and r10 live in LUT RAM
// (two copies, one per decode read port, each as two 32-bit halves so the
// host can write half a register); r6..r9 live in flip-flops because an
// exit that pops a frame restores them all at once and a call saves them
// all at once.  A flip-flop copy of r0 serves the third read port (cmpxchg,
// RESUME).
// Writes (all take effect at the end of the cycle): the retiring
// instruction (one register), an exit that pops a frame (r6..r9 at once),
// r10 set by START / tail call, and the host's 32-bit writes.  At most one
// of the retiring write, the r10 write and the host write happens in a
// cycle (the host writes only while the core does not run).
// The read ports do not bypass the write of the same cycle: the pipeline
// forwards that value into EX from a register (wb2_val) or waits.  The host
// read port shares port B: the host reads only when the core is not running.
// Latency: combinational read of the contents before this cycle's writes.
`default_nettype none

module bpf_regfile (
  input  wire         i_clk,
  // Retiring instruction
  input  wire         i_we,
  input  wire [3:0]   i_waddr,
  input  wire [63:0]  i_wdata,
  // Frame pop: r6..r9 restored (r9 in the top 64 bits)
  input  wire         i_pop,
  input  wire [255:0] i_pop_regs,
  // r10 forced (START, tail call)
  input  wire         i_r10_we,
  input  wire [63:0]  i_r10,
  // Host window
  input  wire         i_hwe,
  input  wire [3:0]   i_hreg,
  input  wire         i_hhigh,
  input  wire [31:0]  i_hdata,
  // Decode read ports (port B also serves the host)
  input  wire [3:0]   i_raddr_a,
  input  wire [3:0]   i_raddr_b,
  output wire [63:0]  o_rdata_a,
  output wire [63:0]  o_rdata_b,
  output wire [63:0]  o_rdata_r0,
  // Frame push: r6..r9 as they are now
  output wire [255:0] o_push_regs
);

  function automatic is69(input [3:0] n);
    is69 = (n >= 4'd6) && (n <= 4'd9);
  endfunction

  // ---- the single write port of the LUT RAM and of the flip-flops ----
  reg  [3:0]  w_addr;
  reg  [63:0] w_data;
  reg         w_lo, w_hi;   // which halves are written
  always @(*) begin
    w_addr = i_waddr;
    w_data = i_wdata;
    w_lo   = i_we;
    w_hi   = i_we;
    if (i_r10_we) begin
      w_addr = 4'd10;
      w_data = i_r10;
      w_lo   = 1'b1;
      w_hi   = 1'b1;
    end else if (!i_we && i_hwe) begin
      w_addr = i_hreg;
      w_data = {i_hdata, i_hdata};
      w_lo   = ~i_hhigh;
      w_hi   = i_hhigh;
    end
  end
  wire w_ram = ~is69(w_addr);

  // ---- r0..r5, r10: LUT RAM ----
  wire [63:0] qa_ram, qb_ram;
  bpf_lutram #(.W(32), .DEPTH(16), .AW(4)) u_a_lo (
    .i_clk(i_clk), .i_we(w_lo & w_ram), .i_waddr(w_addr), .i_wdata(w_data[31:0]),
    .i_raddr(i_raddr_a), .o_rdata(qa_ram[31:0]));
  bpf_lutram #(.W(32), .DEPTH(16), .AW(4)) u_a_hi (
    .i_clk(i_clk), .i_we(w_hi & w_ram), .i_waddr(w_addr), .i_wdata(w_data[63:32]),
    .i_raddr(i_raddr_a), .o_rdata(qa_ram[63:32]));
  bpf_lutram #(.W(32), .DEPTH(16), .AW(4)) u_b_lo (
    .i_clk(i_clk), .i_we(w_lo & w_ram), .i_waddr(w_addr), .i_wdata(w_data[31:0]),
    .i_raddr(i_raddr_b), .o_rdata(qb_ram[31:0]));
  bpf_lutram #(.W(32), .DEPTH(16), .AW(4)) u_b_hi (
    .i_clk(i_clk), .i_we(w_hi & w_ram), .i_waddr(w_addr), .i_wdata(w_data[63:32]),
    .i_raddr(i_raddr_b), .o_rdata(qb_ram[63:32]));

  // ---- r0 copy, r6..r9: flip-flops (index n[1:0]: r8 r9 r6 r7) ----
  reg [63:0] r0_q;
  reg [63:0] r69_q [0:3];

  always @(posedge i_clk) begin
    if (w_addr == 4'd0) begin
      if (w_lo) r0_q[31:0]  <= w_data[31:0];
      if (w_hi) r0_q[63:32] <= w_data[63:32];
    end
  end

  genvar i;
  generate
    for (i = 0; i < 4; i = i + 1) begin : g_r69
      // register 8 + i for i = 0, 1; 4 + i for i = 2, 3
      localparam integer N = (i < 2) ? 8 + i : 4 + i;
      always @(posedge i_clk) begin
        if (i_pop) begin
          r69_q[i] <= i_pop_regs[64*(N-6) +: 64];   // r6 at bits 63..0
        end else if (w_addr == N[3:0]) begin
          if (w_lo) r69_q[i][31:0]  <= w_data[31:0];
          if (w_hi) r69_q[i][63:32] <= w_data[63:32];
        end
        // A pop and a write of the same cycle: the write is younger
        if (i_pop && i_we && i_waddr == N[3:0])
          r69_q[i] <= i_wdata;
      end
    end
  endgenerate

  wire [63:0] qa = is69(i_raddr_a) ? r69_q[i_raddr_a[1:0]] : qa_ram;
  wire [63:0] qb = is69(i_raddr_b) ? r69_q[i_raddr_b[1:0]] : qb_ram;
  assign o_rdata_a   = qa;
  assign o_rdata_b   = qb;
  assign o_rdata_r0  = r0_q;
  assign o_push_regs = {r69_q[1], r69_q[0], r69_q[3], r69_q[2]};

endmodule

`default_nettype wire

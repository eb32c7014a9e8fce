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

  // ---- write data: the retiring instruction's, else the host's; r10's
  // overrides it for the LUT RAM (r10 is not in the flip-flops) ----
  wire [63:0] wd69   = i_we ? i_wdata : {i_hdata, i_hdata};
  wire [63:0] w_data = i_r10_we ? i_r10 : wd69;

  // ---- the single write port of the LUT RAM and of the r0 copy ----
  wire [3:0]  w_addr = i_r10_we ? 4'd10 : i_we ? i_waddr : i_hreg;
  wire        w_any  = i_r10_we | i_we;
  wire        w_lo   = w_any | (i_hwe & ~i_hhigh);   // which halves are written
  wire        w_hi   = w_any | (i_hwe & i_hhigh);
  wire        w_ram  = ~is69(w_addr);

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

  // ---- r0 copy: flip-flops, the LUT RAM's write port ----
  reg [63:0] r0_q;
  always @(posedge i_clk) begin
    if (w_addr == 4'd0) begin
      if (w_lo) r0_q[31:0]  <= w_data[31:0];
      if (w_hi) r0_q[63:32] <= w_data[63:32];
    end
  end

  // ---- r6..r9: flip-flops (r6 at bits 63..0), each loaded from one of
  // two sources: the popped frame or wd69.  A pop and a write of the same
  // cycle: the write is younger.  r10's write (never to r6..r9) blocks
  // the others on the shared port, but not a pop's.
  reg  [255:0] r69_q;
  genvar i;
  generate
    for (i = 0; i < 4; i = i + 1) begin : g_r69
      wire hit_we = i_we & (i_waddr == 4'd6 + i);
      wire hit_h  = ~i_we & i_hwe & (i_hreg == 4'd6 + i);
      wire en_lo  = i_pop | (~i_r10_we & (hit_we | (hit_h & ~i_hhigh)));
      wire en_hi  = i_pop | (~i_r10_we & (hit_we | (hit_h & i_hhigh)));
      wire [63:0] d = (i_pop & ~hit_we) ? i_pop_regs[64*i +: 64] : wd69;
      always @(posedge i_clk) begin
        if (en_lo) r69_q[64*i +: 32]      <= d[31:0];
        if (en_hi) r69_q[64*i + 32 +: 32] <= d[63:32];
      end
    end
  endgenerate

  // ---- read ports: one-hot AND-OR selects, 3 LUTs a bit.  The selects
  // come from a separate module: flattened, the mapper folds the address
  // decode into every bit for depth and spends 5 LUTs a bit.
  wire [4:0] sel_a, sel_b;   // r9 r8 r7 r6, other
  bpf_regfile_sel u_sel_a (.i_addr(i_raddr_a), .o_sel(sel_a));
  bpf_regfile_sel u_sel_b (.i_addr(i_raddr_b), .o_sel(sel_b));

  function automatic [63:0] rd_sel(input [4:0] s, input [63:0] ram, input [255:0] r);
    rd_sel = ({64{s[0]}} & ram)       | ({64{s[1]}} & r[63:0]) |
             ({64{s[2]}} & r[127:64]) | ({64{s[3]}} & r[191:128]) |
             ({64{s[4]}} & r[255:192]);
  endfunction

  assign o_rdata_a   = rd_sel(sel_a, qa_ram, r69_q);
  assign o_rdata_b   = rd_sel(sel_b, qb_ram, r69_q);
  assign o_rdata_r0  = r0_q;
  assign o_push_regs = r69_q;

endmodule

// bpf_regfile_sel: a read address as one-hot selects {r9, r8, r7, r6,
// LUT RAM}.  Kept as its own module through flattening (keep_hierarchy) so
// that the mapper sees the selects as inputs of the read multiplexers.
// Combinational.
/* verilator lint_off DECLFILENAME */
(* keep_hierarchy *)
module bpf_regfile_sel (
  input  wire [3:0] i_addr,
  output wire [4:0] o_sel
);
  /* verilator lint_on DECLFILENAME */

  assign o_sel = {i_addr == 4'd9, i_addr == 4'd8, i_addr == 4'd7, i_addr == 4'd6,
                  (i_addr < 4'd6) || (i_addr > 4'd9)};

endmodule

`default_nettype wire

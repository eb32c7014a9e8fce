// bpf_predecode.v: the fields of an instruction that ID's interlocks and
// register reads need (source registers, which operands are read, cmpxchg's
// r0, callx) and the jump displacement's source (for the read ahead of
// a jump's target), decoded one stage early so that ID's stall logic starts from
// flip-flops.  The decoder's other outputs are left unused here.
// Combinational.
`default_nettype none

module bpf_predecode (
  input  wire [63:0] i_insn,
  output wire [3:0]  o_ra,
  output wire        o_use_a,
  output wire [3:0]  o_rb,
  output wire        o_use_b,
  output wire        o_use_r0,
  output wire        o_callx,
  output wire        o_disp_imm
);

  /* verilator lint_off UNUSEDSIGNAL */  // the decoder's other fields
  wire        x_rd_we, x_rd_late, x_mul, x_div, x_jmp, x_call, x_helper;
  wire        x_exit, x_load, x_store, x_atomic, x_pkt, x_alu64, x_srcx;
  wire        x_signed, x_jmp64, x_uncond, x_memsx;
  wire [63:0] x_bimm;
  wire [3:0]  x_rd, x_alu_op, x_jop, x_nbytes;
  wire [5:0]  x_sx;
  wire [6:0]  x_width;
  wire [31:0] x_disp;
  wire [7:0]  x_aop;
  /* verilator lint_on UNUSEDSIGNAL */

  bpf_decode u_dec (
    .i_insn(i_insn), .i_next_imm(32'd0),
    .o_ra(o_ra), .o_use_a(o_use_a), .o_rb(o_rb), .o_use_b(o_use_b),
    .o_use_r0(o_use_r0), .o_bimm(x_bimm),
    .o_rd_we(x_rd_we), .o_rd(x_rd), .o_rd_late(x_rd_late),
    .o_mul(x_mul), .o_div(x_div), .o_jmp(x_jmp), .o_call(x_call),
    .o_helper(x_helper), .o_callx(o_callx), .o_exit(x_exit), .o_load(x_load),
    .o_store(x_store), .o_atomic(x_atomic), .o_pkt(x_pkt),
    .o_alu_op(x_alu_op), .o_alu64(x_alu64), .o_srcx(x_srcx), .o_sx(x_sx),
    .o_width(x_width), .o_signed(x_signed), .o_jop(x_jop), .o_jmp64(x_jmp64),
    .o_uncond(x_uncond), .o_disp(x_disp), .o_disp_imm(o_disp_imm), .o_nbytes(x_nbytes), .o_memsx(x_memsx),
    .o_aop(x_aop));

endmodule

`default_nettype wire

// bpf_predecode.v: the fields of an instruction that ID's interlocks and
// register reads need, and the jump displacement's source (for reading a
// jump's target ahead).  They depend on the slot's low word alone but for
// cmpxchg's third operand (r0), whose imm is in the high word: the low
// word gives "an atomic", the high word "imm is CMPXCHG".
// The instruction memory keeps these bits beside each slot, computed here
// when the host writes the slot, so the fetch needs no decoding logic
// after the block RAM's slow output.  Combinational.
//
// o_pre, packed (PRE_W = 14 bits):
//   [3:0] ra   register of operand A (address base or dst)
//   [7:4] rb   register of operand B (src; callx: its register)
//   [8]   A is read from the register file
//   [9]   B is read from the register file
//   [10]  callx
//   [11]  the displacement is imm (call, gotol), else off
//   [12]  an atomic (with [cx] of the high word: cmpxchg, reads r0)
//   [13]  lddw (the next slot is its second half)
`default_nettype none

module bpf_predecode (
  input  wire [31:0] i_lo,    // the slot's low word: op, regs, off
  input  wire [7:0]  i_hi,    // the slot's high word's low byte: imm[7:0]
  output wire [13:0] o_pre,   // from i_lo
  output wire        o_cx     // from i_hi: imm[7:0] is CMPXCHG
);

  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  wire [63:0] i_insn = {32'd0, i_lo};
  /* verilator lint_off UNUSEDSIGNAL */
`include "bpf_insn_fields.vh"
  /* verilator lint_on UNUSEDSIGNAL */

  wire [3:0] ra    = (c_ldx || is_ind) ? src : dst;
  wire [3:0] rb    = callx ? cx_reg : src;
  wire       use_a = (c_alu && !is_mov) || is_jcc || c_ldx || is_ind || c_st || c_stx;
  wire       use_b = (c_alu && x && !is_end && !is_neg) || (is_jcc && x) || callx || c_stx;

  assign o_pre = {is_lddw, is_atom, disp_imm, callx, use_b, use_a, rb, ra};
  assign o_cx  = (i_hi == BPF_ATOMIC_CMPXCHG[7:0]);

endmodule

`default_nettype wire

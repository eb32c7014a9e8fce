// bpf_legal.v: the legality check of one instruction slot (docs/isa.md,
// "Legal instructions"): the opcode table of the spec, then the fields
// each opcode allows.  Combinational.  The core runs it in ID on the
// registered slot, one stage after bpf_decode, because it is deep and only
// its fault (ILLEGAL_INSN) depends on it.
`default_nettype none

module bpf_legal (
  input  wire [63:0] i_insn,      // slot pc
  input  wire        i_next_ok,   // pc+1 is inside the program (lddw)
  output reg         o_legal
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  /* verilator lint_off UNUSEDSIGNAL */
`include "bpf_insn_fields.vh"
  /* verilator lint_on UNUSEDSIGNAL */

  // ---- legality (opcode table, then fields) ----
  // (compares, not a case: synthesis would make a case a ROM and merge the
  // instruction register into its address, moving the decode in front of it)
  wire aop_ok = (imm == 32'h00) || (imm == 32'h01) || (imm == 32'h40) || (imm == 32'h41) ||
                (imm == 32'h50) || (imm == 32'h51) || (imm == 32'ha0) || (imm == 32'ha1) ||
                (imm == 32'he1) || (imm == 32'hf1);

  wire op_ok;
  bpf_legal_op u_op (.i_op(op), .o_ok(op_ok));

  always @(*) begin
    o_legal = op_ok;
    if (c_alu) begin
      if (dst > 4'd9)
        o_legal = 1'b0;
      else if (is_end)
        o_legal = o_legal && off == 16'd0 &&
                  (imm == 32'd16 || imm == 32'd32 || imm == 32'd64);
      else if (x && src > 4'd10)
        o_legal = 1'b0;
      else if (is_divm)
        o_legal = o_legal && (off == 16'd0 || off == 16'd1);
      else if (is_mov && x)
        o_legal = o_legal && (off == 16'd0 || off == 16'd8 || off == 16'd16 ||
                              (alu64 && off == 16'd32));
      else
        o_legal = o_legal && off == 16'd0;
    end else if (c_jmp) begin
      if (is_ja || is_exit)
        o_legal = o_legal;
      else if (is_call)
        o_legal = o_legal && (x ? cx_reg <= 4'd10 : src <= 4'd2);
      else
        o_legal = o_legal && dst <= 4'd10 && (!x || src <= 4'd10);
    end else if (c_ld) begin
      if (is_lddw)
        o_legal = o_legal && src == 4'd0 && dst <= 4'd9 && i_next_ok;
      else if (is_ind)
        o_legal = o_legal && src <= 4'd10;
    end else if (c_ldx) begin
      o_legal = o_legal && dst <= 4'd9 && src <= 4'd10;
    end else if (c_st) begin
      o_legal = o_legal && dst <= 4'd10;
    end else begin  // STX
      o_legal = o_legal && dst <= 4'd10 && src <= 4'd10;
      if (is_atom)
        o_legal = o_legal && aop_ok && !(fetch && !is_cmpx && src == 4'd10);
    end
  end

endmodule

// bpf_legal_op: the spec's opcode table (bpf_opcode_legal).  Kept as its own
// module through flattening (keep_hierarchy): synthesis makes the table a
// ROM and would merge the instruction register in front of its address
// into it, moving the table in front of that register.  Combinational.
/* verilator lint_off DECLFILENAME */
(* keep_hierarchy *)
module bpf_legal_op (
  input  wire [7:0] i_op,
  output wire       o_ok
);
  /* verilator lint_on DECLFILENAME */
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  assign o_ok = bpf_opcode_legal(i_op);
endmodule

`default_nettype wire

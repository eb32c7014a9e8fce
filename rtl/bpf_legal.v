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

  wire [7:0]  op  = i_insn[7:0];
  wire [3:0]  dst = i_insn[11:8];
  wire [3:0]  src = i_insn[15:12];
  wire [15:0] off = i_insn[31:16];
  wire [31:0] imm = i_insn[63:32];

  wire [2:0] cls  = op[2:0];
  wire [3:0] code = op[7:4];
  wire [2:0] mode = op[7:5];
  wire       x    = op[3];

  wire c_alu   = (cls == BPF_CLASS_ALU[2:0]) || (cls == BPF_CLASS_ALU64[2:0]);
  wire c_jmp   = (cls == BPF_CLASS_JMP[2:0]) || (cls == BPF_CLASS_JMP32[2:0]);
  wire c_ld    = (cls == BPF_CLASS_LD[2:0]);
  wire c_ldx   = (cls == BPF_CLASS_LDX[2:0]);
  wire c_st    = (cls == BPF_CLASS_ST[2:0]);
  wire alu64   = (cls == BPF_CLASS_ALU64[2:0]);

  wire is_end  = c_alu && code == BPF_ALU_END[3:0];
  wire is_divm = c_alu && (code == BPF_ALU_DIV[3:0] || code == BPF_ALU_MOD[3:0]);
  wire is_mov  = c_alu && code == BPF_ALU_MOV[3:0];
  wire is_call = c_jmp && code == BPF_JMP_CALL[3:0];
  wire is_exit = c_jmp && code == BPF_JMP_EXIT[3:0];
  wire is_ja   = c_jmp && code == BPF_JMP_JA[3:0];
  wire is_lddw = c_ld && mode == BPF_MODE_IMM[2:0];
  wire is_ind  = c_ld && mode == BPF_MODE_IND[2:0];
  wire is_atom = (cls == BPF_CLASS_STX[2:0]) && mode == BPF_MODE_ATOMIC[2:0];
  wire is_cmpx = is_atom && imm[7:0] == BPF_ATOMIC_CMPXCHG[7:0];
  wire fetch   = is_atom && imm[0];          // BPF_ATOMIC_FETCH
  wire [3:0] cx_reg = (dst != 4'd0) ? dst : src;

  // ---- legality (opcode table, then fields) ----
  reg aop_ok;
  always @(*) begin
    case (imm)
      32'h00, 32'h01, 32'h40, 32'h41, 32'h50, 32'h51,
      32'ha0, 32'ha1, 32'he1, 32'hf1: aop_ok = 1'b1;
      default:                       aop_ok = 1'b0;
    endcase
  end

  always @(*) begin
    o_legal = bpf_opcode_legal(op);
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

`default_nettype wire

// bpf_decode.v: instruction decoder.  Combinational.  The legality check
// (docs/isa.md, "Legal instructions") is bpf_legal, one stage later.
// Operand convention of the pipeline: A is the address base of a memory
// access (LDX/LD_IND: src; ST/STX/atomic: dst) or dst; B is src or the
// immediate (and the 64-bit immediate of lddw, the value of a store, the
// register of callx).
`default_nettype none

module bpf_decode (
  input  wire [63:0] i_insn,      // slot pc
  input  wire [31:0] i_next_imm,  // imm of slot pc+1 (lddw)
  // Operand B when it is not read from a register (the register
  // fields, which the interlocks need early, are bpf_predecode's)
  output reg  [63:0] o_bimm,
  // Destination
  output reg         o_rd_we,
  output reg  [3:0]  o_rd,
  output reg         o_rd_late,   // value not ready when the instruction leaves EX
  // Kind
  output wire        o_mul,
  output wire        o_div,
  output wire        o_jmp,       // JA, gotol, conditional jumps
  output wire        o_call,      // CALL with K, src 1 (local)
  output wire        o_helper,    // CALL with K, src 0 or 2 (by BTF id)
  output wire        o_exit,
  output wire        o_load,      // LDX
  output wire        o_store,     // ST, STX MEM
  output wire        o_atomic,
  output wire        o_pkt,       // LD_ABS, LD_IND
  // Details
  output wire [3:0]  o_alu_op,
  output wire        o_alu64,
  output wire        o_srcx,
  output wire [5:0]  o_sx,        // MOVSX width (0: plain MOV)
  output wire [6:0]  o_width,     // END width
  output wire        o_signed,    // SDIV / SMOD
  output wire [3:0]  o_jop,
  output wire        o_jmp64,
  output wire        o_uncond,
  output wire [31:0] o_disp,      // jump / call displacement
  output wire [3:0]  o_nbytes,
  output wire        o_memsx,
  output wire [7:0]  o_aop        // atomic operation (imm)
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  /* verilator lint_off UNUSEDSIGNAL */
`include "bpf_insn_fields.vh"
  /* verilator lint_on UNUSEDSIGNAL */

  // ---- operands ----
  wire [63:0] simm = {{32{imm[31]}}, imm};
  always @(*) begin
    if (is_lddw)
      o_bimm = {i_next_imm, imm};
    else if ((c_alu || c_jmp) && cls != BPF_CLASS_ALU64[2:0] && cls != BPF_CLASS_JMP[2:0])
      o_bimm = {32'd0, imm};       // ALU, JMP32: 32-bit immediate
    else
      o_bimm = simm;               // ALU64, JMP, ST
  end

  // ---- destination ----
  always @(*) begin
    o_rd_we   = 1'b0;
    o_rd      = dst;
    o_rd_late = 1'b0;
    if (c_alu || is_lddw) begin
      o_rd_we   = 1'b1;
      o_rd_late = c_alu && code == BPF_ALU_MUL[3:0];   // summed in MEM
    end else if (c_ldx) begin
      o_rd_we   = 1'b1;
      o_rd_late = 1'b1;
    end else if (is_pkt) begin
      o_rd_we   = 1'b1;
      o_rd      = 4'd0;
      o_rd_late = 1'b1;
    end else if (fetch) begin
      o_rd_we   = 1'b1;
      o_rd      = is_cmpx ? 4'd0 : src;
      o_rd_late = 1'b1;
    end
  end

  // ---- kind and details ----
  assign o_mul    = c_alu && code == BPF_ALU_MUL[3:0];
  assign o_div    = is_divm;
  assign o_jmp    = is_ja || is_jcc;
  assign o_call   = is_call && !x && src == BPF_CALL_SRC_LOCAL[3:0];
  assign o_helper = is_call && !x && (src == BPF_CALL_SRC_HELPER[3:0] ||
                                      src == BPF_CALL_SRC_BTF_ID[3:0]);
  assign o_exit   = is_exit;
  assign o_load   = c_ldx;
  assign o_store  = c_st || (c_stx && !is_atom);
  assign o_atomic = is_atom;
  assign o_pkt    = is_pkt;

  assign o_alu_op = is_lddw ? BPF_ALU_MOV[3:0] : code;
  assign o_alu64  = alu64 || is_lddw;
  assign o_srcx   = x;
  assign o_sx     = (is_mov && x) ? off[5:0] : 6'd0;
  assign o_width  = imm[6:0];
  assign o_signed = off[0];
  assign o_jop    = code;
  assign o_jmp64  = (cls == BPF_CLASS_JMP[2:0]);
  assign o_uncond = is_ja;
  assign o_disp   = disp_imm ? imm : {{16{off[15]}}, off};
  assign o_nbytes = (op[4:3] == BPF_SIZE_B[1:0]) ? 4'd1 :
                    (op[4:3] == BPF_SIZE_H[1:0]) ? 4'd2 :
                    (op[4:3] == BPF_SIZE_W[1:0]) ? 4'd4 : 4'd8;
  assign o_memsx  = c_ldx && mode == BPF_MODE_MEMSX[2:0];
  assign o_aop    = imm[7:0];

endmodule

`default_nettype wire

// bpf_alu.v: the single-cycle part of the eBPF ALU (RFC 9669 section 4.1):
// ADD SUB OR AND XOR LSH RSH ARSH NEG MOV MOVSX END/bswap.  MUL, DIV and MOD
// are in bpf_mul and bpf_div.  Combinational; 32-bit results zero-extended.
// Every result bit is an OR of AND terms whose selects (i_sel) come from
// bpf_alu_dec.  The core decodes them in ID and registers them, so the
// ALU's paths start at its operands and at flip-flop selects (folding the
// opcode decode into every bit would also cost several times the LUTs).
// Selects of the upper half include the 32-bit zero extension.  All selects
// are zero for an instruction that is no ALU operation (the core masks
// them in ID), so o_res is 0 then and the core ORs it with its other kinds.
`default_nettype none

module bpf_alu (
  input  wire [32:0] i_sel,     // from bpf_alu_dec
  input  wire        i_alu64,   // class ALU64
  input  wire [63:0] i_a,       // dst
  input  wire [63:0] i_b,       // src or immediate
  output wire [63:0] o_res
);

  wire        y_inv, y_one;               // adder: b inverted, b all ones
  wire [1:0]  s_sum, s_neg;               // sum, inverted sum (lower, upper half)
  wire [3:0]  s_log;                      // {o1, o0} per half: 0, AND, OR, XOR
  wire [2:0]  s_pa;                       // a itself: bits 0..15, 16..31, 32..63
  wire [3:0]  s_pb;                       // b itself: bits 0..7, 8..15, 16..31, 32..63
  wire [1:0]  s_x7, s_x15;                // b[7], b[15] (lower, upper half)
  wire        s_x31;                      // b[31] (upper half)
  wire        s_sw16, s_sw32, s_sw64;     // bytes swapped within 16, 32, 64 bits
  wire [1:0]  s_rsh, s_lsh;               // shifter output, straight or reversed
  wire        sin_l, sin_r64;             // shifter input: reversed, a
  wire        s_fa63, s_fa31;             // ARSH fill: a[63], a[31]

  assign {s_fa31, s_fa63, sin_r64, sin_l, s_lsh, s_rsh, s_sw64, s_sw32, s_sw16,
          s_x31, s_x15, s_x7, s_pb, s_pa, s_log, s_neg, s_sum, y_one, y_inv} = i_sel;

  // ADD, SUB: a + b, a + ~b + 1.  NEG: ~(a + ~0) = -a.
  wire [63:0] add_y = (i_b ^ {64{y_inv}}) | {64{y_one}};
  wire [63:0] sum   = i_a + add_y + {63'd0, y_inv};

  // One logical right shifter in six stages; LSH shifts the bit-reversed
  // operand, and its result is the reversed output.  32-bit RSH/ARSH shift
  // a[31:0] zero-extended.  ARSH's sign bits are not shifted in stage by
  // stage: they are ORed into the result at its last level, through a
  // mask of the top sh bits that depends on the shift amount only, so the
  // sign does not fan out to every stage's multiplexers.
  wire [5:0]  sh   = {i_alu64 & i_b[5], i_b[4:0]};
  wire        fill = (s_fa63 & i_a[63]) | (s_fa31 & i_a[31]);
  reg  [63:0] arev;
  integer     k;
  always @(*)
    for (k = 0; k < 64; k = k + 1)
      arev[k] = i_a[63-k];
  wire [63:0] sin = {({32{sin_l}} & arev[63:32]) | ({32{sin_r64}} & i_a[63:32]),
                     sin_l ? arev[31:0] : i_a[31:0]};
  wire [63:0] s1  = sh[0] ? {1'd0,  sin[63:1]}  : sin;
  wire [63:0] s2  = sh[1] ? {2'd0,  s1[63:2]}   : s1;
  wire [63:0] s4  = sh[2] ? {4'd0,  s2[63:4]}   : s2;
  wire [63:0] s8  = sh[3] ? {8'd0,  s4[63:8]}   : s4;
  wire [63:0] s16 = sh[4] ? {16'd0, s8[63:16]}  : s8;
  wire [63:0] s32 = sh[5] ? {32'd0, s16[63:32]} : s16;
  // the top sh bits (64-bit ARSH), or the top sh bits of the low half
  wire [63:0] hm    = ~({64{1'b1}} >> sh);
  wire [63:0] fmask = {hm[63:32] & {32{s_fa63}},
                       (hm[31:0] & {32{s_fa63}}) | (hm[63:32] & {32{s_fa31}})};

  // LSH: the shifter output reversed
  reg [63:0] s32r;
  always @(*)
    for (k = 0; k < 64; k = k + 1)
      s32r[k] = s32[63-k];

  // Selects as masks over the result bits
  function automatic [63:0] m2(input [1:0] s);   // lower, upper half
    m2 = {{32{s[1]}}, {32{s[0]}}};
  endfunction
  wire [63:0] m_pa  = {{32{s_pa[2]}}, {16{s_pa[1]}}, {16{s_pa[0]}}};
  wire [63:0] m_pb  = {{32{s_pb[3]}}, {16{s_pb[2]}}, {8{s_pb[1]}}, {8{s_pb[0]}}};
  wire [63:0] ext   = {{32{(s_x7[1] & i_b[7]) | (s_x15[1] & i_b[15]) | (s_x31 & i_b[31])}},
                       {16{(s_x7[0] & i_b[7]) | (s_x15[0] & i_b[15])}},
                       {8{s_x7[0] & i_b[7]}}, 8'd0};
  wire [63:0] sw64 = {i_a[7:0], i_a[15:8], i_a[23:16], i_a[31:24],
                      i_a[39:32], i_a[47:40], i_a[55:48], i_a[63:56]};
  wire [63:0] sw32 = {32'd0, i_a[7:0], i_a[15:8], i_a[23:16], i_a[31:24]};
  wire [63:0] sw16 = {48'd0, i_a[7:0], i_a[15:8]};

  // {o1, o0} per half: 00 none, 01 AND, 10 OR, 11 XOR
  wire [63:0] o1 = m2({s_log[3], s_log[1]});
  wire [63:0] o0 = m2({s_log[2], s_log[0]});
  wire [63:0] lg = (~o1 & o0 & i_a & i_b) | (o1 & ~o0 & (i_a | i_b)) | (o1 & o0 & (i_a ^ i_b));

  wire [63:0] r = (m2(s_sum) & sum) | (m2(s_neg) & ~sum) | lg |
                  (m2(s_rsh) & s32) | (m2(s_lsh) & s32r) | (fmask & {64{fill}}) |
                  (m_pa & i_a) | (m_pb & i_b) | ext |
                  ({64{s_sw64}} & sw64) | ({64{s_sw32}} & sw32) | ({64{s_sw16}} & sw16);
  assign o_res = r;

endmodule

// bpf_alu_dec: bpf_alu's selects (o_sel) from the opcode fields.  The
// core runs it in ID and registers o_sel for EX.  Combinational.
/* verilator lint_off DECLFILENAME */
module bpf_alu_dec (
  input  wire [3:0]  i_op,      // opcode bits 7..4
  input  wire        i_alu64,   // class ALU64
  input  wire        i_srcx,    // opcode bit 3 (END: 1 = TO_BE)
  input  wire [5:0]  i_sx,      // MOVSX: 8, 16 or 32 (offset field); else 0
  input  wire [6:0]  i_width,   // END: 16, 32 or 64 (imm field)
  output wire [32:0] o_sel
);
  /* verilator lint_on DECLFILENAME */

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  wire op_add  = (i_op == BPF_ALU_ADD[3:0]);
  wire op_sub  = (i_op == BPF_ALU_SUB[3:0]);
  wire op_neg  = (i_op == BPF_ALU_NEG[3:0]);
  wire op_or   = (i_op == BPF_ALU_OR[3:0]);
  wire op_and  = (i_op == BPF_ALU_AND[3:0]);
  wire op_xor  = (i_op == BPF_ALU_XOR[3:0]);
  wire op_lsh  = (i_op == BPF_ALU_LSH[3:0]);
  wire op_rsh  = (i_op == BPF_ALU_RSH[3:0]);
  wire op_arsh = (i_op == BPF_ALU_ARSH[3:0]);
  wire op_end  = (i_op == BPF_ALU_END[3:0]);
  // MOV, MOVSX and every other opcode: b, sign-extended by i_sx
  wire op_mov  = ~(op_add | op_sub | op_neg | op_or | op_and | op_xor |
                   op_lsh | op_rsh | op_arsh | op_end);
  wire x8  = op_mov & (i_sx == 6'd8);
  wire x16 = op_mov & (i_sx == 6'd16);
  wire x32 = op_mov & (i_sx == 6'd32);

  // END: TO_LE with ALU truncates, everything else swaps the low bytes.
  wire swap = op_end & (i_alu64 | i_srcx);
  wire trnc = op_end & ~(i_alu64 | i_srcx);
  wire w16  = (i_width == 7'd16);
  wire w32  = (i_width == 7'd32);

  wire up   = i_alu64;   // the upper half survives (END sets it per width)

  wire       o_y_inv, o_y_one, o_x31, o_sw16, o_sw32, o_sw64;
  wire       o_sin_l, o_sin_r64, o_fa63, o_fa31;
  wire [1:0] o_sum, o_neg, o_x7, o_x15, o_rsh, o_lsh;
  wire [3:0] o_log, o_pb;
  wire [2:0] o_pa;
  assign o_sel = {o_fa31, o_fa63, o_sin_r64, o_sin_l, o_lsh, o_rsh, o_sw64, o_sw32,
                  o_sw16, o_x31, o_x15, o_x7, o_pb, o_pa, o_log, o_neg, o_sum, o_y_one, o_y_inv};

  assign o_y_inv  = op_sub;
  assign o_y_one  = op_neg;
  assign o_sum    = {2{op_add | op_sub}} & {up, 1'b1};
  assign o_neg    = {2{op_neg}} & {up, 1'b1};
  // {o1, o0}: 00 none, 01 AND, 10 OR, 11 XOR
  assign o_log    = {(op_or | op_xor) & up, (op_and | op_xor) & up,
                     op_or | op_xor, op_and | op_xor};
  assign o_pa     = {trnc & ~w16 & ~w32, trnc & ~w16, trnc};
  assign o_pb     = {op_mov & ~x8 & ~x16 & ~x32 & up, op_mov & ~x8 & ~x16, op_mov & ~x8, op_mov};
  assign o_x7     = {x8 & up, x8};
  assign o_x15    = {x16 & up, x16};
  assign o_x31    = x32 & up;
  assign o_sw16   = swap & w16;
  assign o_sw32   = swap & w32;
  assign o_sw64   = swap & ~w16 & ~w32;
  assign o_rsh    = {2{op_rsh | op_arsh}} & {up, 1'b1};
  assign o_lsh    = {2{op_lsh}} & {up, 1'b1};
  assign o_sin_l   = op_lsh;
  assign o_sin_r64 = ~op_lsh & i_alu64;
  assign o_fa63    = op_arsh & i_alu64;
  assign o_fa31    = op_arsh & ~i_alu64;

endmodule

`default_nettype wire

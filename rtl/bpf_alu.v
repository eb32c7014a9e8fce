// bpf_alu.v: the single-cycle part of the eBPF ALU (RFC 9669 section 4.1):
// ADD SUB OR AND XOR LSH RSH ARSH NEG MOV MOVSX END/bswap.  MUL, DIV and MOD
// are in bpf_mul and bpf_div.  Combinational; 32-bit results zero-extended.
// The multiplexers are written as explicit two-way stages and one-hot
// AND-OR selects: wide `case` statements map to several times the LUTs.
`default_nettype none

module bpf_alu (
  input  wire [3:0]  i_op,      // opcode bits 7..4
  input  wire        i_alu64,   // class ALU64
  input  wire        i_srcx,    // opcode bit 3 (END: 1 = TO_BE)
  input  wire [5:0]  i_sx,      // MOVSX: 8, 16 or 32 (offset field); else 0
  input  wire [6:0]  i_width,   // END: 16, 32 or 64 (imm field)
  input  wire [63:0] i_a,       // dst
  input  wire [63:0] i_b,       // src or immediate
  output wire [63:0] o_res
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  wire op_sub  = (i_op == BPF_ALU_SUB[3:0]);
  wire op_neg  = (i_op == BPF_ALU_NEG[3:0]);
  wire op_or   = (i_op == BPF_ALU_OR[3:0]);
  wire op_and  = (i_op == BPF_ALU_AND[3:0]);
  wire op_xor  = (i_op == BPF_ALU_XOR[3:0]);
  wire op_lsh  = (i_op == BPF_ALU_LSH[3:0]);
  wire op_rsh  = (i_op == BPF_ALU_RSH[3:0]);
  wire op_arsh = (i_op == BPF_ALU_ARSH[3:0]);
  wire op_end  = (i_op == BPF_ALU_END[3:0]);
  wire op_add  = (i_op == BPF_ALU_ADD[3:0]);
  wire sel_sum = op_add | op_sub | op_neg;
  wire sel_sh  = op_lsh | op_rsh | op_arsh;
  wire sel_log = ~sel_sum & ~sel_sh & ~op_end;   // OR AND XOR MOV MOVSX

  // One adder for ADD, SUB and NEG (NEG is 0 - a)
  wire        is_sub = op_sub | op_neg;
  wire [63:0] add_x  = op_neg ? 64'd0 : i_a;
  wire [63:0] add_y  = op_neg ? i_a : i_b;
  wire [63:0] sum    = add_x + (add_y ^ {64{is_sub}}) + {63'd0, is_sub};

  // One right shifter in six stages; LSH shifts the bit-reversed operand
  wire [5:0]  sh    = i_alu64 ? i_b[5:0] : {1'b0, i_b[4:0]};
  wire [63:0] a32   = i_alu64 ? i_a : {{32{op_arsh & i_a[31]}}, i_a[31:0]};
  reg  [63:0] sin, shres;
  integer     k;
  always @(*) begin
    for (k = 0; k < 64; k = k + 1)
      sin[k] = op_lsh ? i_a[63-k] : a32[k];
  end
  wire        fill = op_arsh & sin[63];
  wire [63:0] s1  = sh[0] ? {{1{fill}},  sin[63:1]}  : sin;
  wire [63:0] s2  = sh[1] ? {{2{fill}},  s1[63:2]}   : s1;
  wire [63:0] s4  = sh[2] ? {{4{fill}},  s2[63:4]}   : s2;
  wire [63:0] s8  = sh[3] ? {{8{fill}},  s4[63:8]}   : s4;
  wire [63:0] s16 = sh[4] ? {{16{fill}}, s8[63:16]}  : s8;
  wire [63:0] s32 = sh[5] ? {{32{fill}}, s16[63:32]} : s16;
  always @(*) begin
    for (k = 0; k < 64; k = k + 1)
      shres[k] = op_lsh ? s32[63-k] : s32[k];
  end

  // OR, AND, XOR, MOV, MOVSX
  wire [63:0] bsx = (i_sx == 6'd8)  ? {{56{i_b[7]}},  i_b[7:0]}  :
                    (i_sx == 6'd16) ? {{48{i_b[15]}}, i_b[15:0]} :
                    (i_sx == 6'd32) ? {{32{i_b[31]}}, i_b[31:0]} : i_b;
  wire [63:0] logic_r = ({64{op_or}}  & (i_a | i_b)) |
                        ({64{op_and}} & (i_a & i_b)) |
                        ({64{op_xor}} & (i_a ^ i_b)) |
                        ({64{~op_or & ~op_and & ~op_xor}} & bsx);

  // END: TO_LE with ALU truncates, everything else swaps the low bytes.
  wire        swap = i_alu64 | i_srcx;
  wire        w16  = (i_width == 7'd16);
  wire        w32  = (i_width == 7'd32);
  wire [63:0] sw64 = {i_a[7:0], i_a[15:8], i_a[23:16], i_a[31:24],
                      i_a[39:32], i_a[47:40], i_a[55:48], i_a[63:56]};
  wire [63:0] sw32 = {32'd0, i_a[7:0], i_a[15:8], i_a[23:16], i_a[31:24]};
  wire [63:0] sw16 = {48'd0, i_a[7:0], i_a[15:8]};
  wire [63:0] tr   = w16 ? {48'd0, i_a[15:0]} : w32 ? {32'd0, i_a[31:0]} : i_a;
  wire [63:0] endr = !swap ? tr : w16 ? sw16 : w32 ? sw32 : sw64;

  wire [63:0] r = ({64{sel_sum}} & sum) | ({64{sel_sh}} & shres) |
                  ({64{op_end}} & endr) | ({64{sel_log}} & logic_r);
  assign o_res = {r[63:32] & {32{i_alu64 | op_end}}, r[31:0]};

endmodule

`default_nettype wire

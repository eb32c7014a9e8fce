// bpf_alu.v: the single-cycle part of the eBPF ALU (RFC 9669 section 4.1):
// ADD SUB OR AND XOR LSH RSH ARSH NEG MOV MOVSX END/bswap.  MUL, DIV and MOD
// are in bpf_mul and bpf_div.  Combinational; 32-bit results zero-extended.
`default_nettype none

module bpf_alu (
  input  wire [3:0]  i_op,      // opcode bits 7..4
  input  wire        i_alu64,   // class ALU64
  input  wire        i_srcx,    // opcode bit 3 (END: 1 = TO_BE)
  input  wire [5:0]  i_sx,      // MOVSX: 8, 16 or 32 (offset field); else 0
  input  wire [6:0]  i_width,   // END: 16, 32 or 64 (imm field)
  input  wire [63:0] i_a,       // dst
  input  wire [63:0] i_b,       // src or immediate
  output reg  [63:0] o_res
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  // One adder for ADD, SUB and NEG (NEG is 0 - a)
  wire        is_sub = (i_op == BPF_ALU_SUB[3:0]) || (i_op == BPF_ALU_NEG[3:0]);
  wire        is_neg = (i_op == BPF_ALU_NEG[3:0]);
  wire [63:0] add_x  = is_neg ? 64'd0 : i_a;
  wire [63:0] add_y  = is_neg ? i_a : i_b;
  wire [63:0] sum    = add_x + (is_sub ? ~add_y : add_y) + {63'd0, is_sub};

  // One right shifter; LSH shifts the bit-reversed operand right
  wire        is_lsh = (i_op == BPF_ALU_LSH[3:0]);
  wire        arith  = (i_op == BPF_ALU_ARSH[3:0]);
  wire [5:0]  sh     = i_alu64 ? i_b[5:0] : {1'b0, i_b[4:0]};
  wire [63:0] a32    = i_alu64 ? i_a : {{32{arith & i_a[31]}}, i_a[31:0]};
  reg  [63:0] sin, sout, shres;
  integer     k;
  always @(*) begin
    for (k = 0; k < 64; k = k + 1)
      sin[k] = is_lsh ? i_a[63-k] : a32[k];
  end
  /* verilator lint_off UNUSEDSIGNAL */  // bit 64 is the fill bit, shifted out
  wire [64:0] sfill  = $signed({arith & sin[63], sin}) >>> sh;
  /* verilator lint_on UNUSEDSIGNAL */
  always @(*) begin
    sout = sfill[63:0];
    for (k = 0; k < 64; k = k + 1)
      shres[k] = is_lsh ? sout[63-k] : sout[k];
  end

  // OR, AND, XOR, MOV, MOVSX
  reg [63:0] logic_r;
  always @(*) begin
    case (i_op)
      BPF_ALU_OR[3:0]:  logic_r = i_a | i_b;
      BPF_ALU_AND[3:0]: logic_r = i_a & i_b;
      BPF_ALU_XOR[3:0]: logic_r = i_a ^ i_b;
      default: begin  // MOV
        case (i_sx)
          6'd8:    logic_r = {{56{i_b[7]}}, i_b[7:0]};
          6'd16:   logic_r = {{48{i_b[15]}}, i_b[15:0]};
          6'd32:   logic_r = {{32{i_b[31]}}, i_b[31:0]};
          default: logic_r = i_b;
        endcase
      end
    endcase
  end

  // END: TO_LE with ALU truncates, everything else swaps the low bytes.
  reg [63:0] endr;
  always @(*) begin
    if (!i_alu64 && !i_srcx) begin
      case (i_width)
        7'd16:   endr = {48'd0, i_a[15:0]};
        7'd32:   endr = {32'd0, i_a[31:0]};
        default: endr = i_a;
      endcase
    end else begin
      case (i_width)
        7'd16:   endr = {48'd0, i_a[7:0], i_a[15:8]};
        7'd32:   endr = {32'd0, i_a[7:0], i_a[15:8], i_a[23:16], i_a[31:24]};
        default: endr = {i_a[7:0], i_a[15:8], i_a[23:16], i_a[31:24],
                         i_a[39:32], i_a[47:40], i_a[55:48], i_a[63:56]};
      endcase
    end
  end

  reg [63:0] r;
  always @(*) begin
    case (i_op)
      BPF_ALU_ADD[3:0], BPF_ALU_SUB[3:0], BPF_ALU_NEG[3:0]:  r = sum;
      BPF_ALU_LSH[3:0], BPF_ALU_RSH[3:0], BPF_ALU_ARSH[3:0]: r = shres;
      BPF_ALU_END[3:0]:                                      r = endr;
      default:                                               r = logic_r;
    endcase
    o_res = (i_alu64 || i_op == BPF_ALU_END[3:0]) ? r : {32'd0, r[31:0]};
  end

endmodule

`default_nettype wire

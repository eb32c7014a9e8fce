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

  // Shifts: one right shifter (logical or arithmetic), one left shifter.
  wire [5:0]  sh     = i_alu64 ? i_b[5:0] : {1'b0, i_b[4:0]};
  wire        arith  = (i_op == BPF_ALU_ARSH[3:0]);
  wire [63:0] rin    = i_alu64 ? i_a : {{32{arith & i_a[31]}}, i_a[31:0]};
  /* verilator lint_off UNUSEDSIGNAL */  // bit 64 is the fill bit, shifted out
  wire [64:0] rext   = $signed({arith & rin[63], rin}) >>> sh;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [63:0] shr    = rext[63:0];
  wire [63:0] shl    = i_a << sh;

  // MOVSX
  reg  [63:0] mov;
  always @(*) begin
    case (i_sx)
      6'd8:    mov = {{56{i_b[7]}}, i_b[7:0]};
      6'd16:   mov = {{48{i_b[15]}}, i_b[15:0]};
      6'd32:   mov = {{32{i_b[31]}}, i_b[31:0]};
      default: mov = i_b;
    endcase
  end

  // END: TO_LE with ALU truncates, everything else swaps the low bytes.
  wire [63:0] sw16 = {48'd0, i_a[7:0], i_a[15:8]};
  wire [63:0] sw32 = {32'd0, i_a[7:0], i_a[15:8], i_a[23:16], i_a[31:24]};
  wire [63:0] sw64 = {i_a[7:0], i_a[15:8], i_a[23:16], i_a[31:24],
                      i_a[39:32], i_a[47:40], i_a[55:48], i_a[63:56]};
  reg  [63:0] endr;
  always @(*) begin
    if (!i_alu64 && !i_srcx) begin
      case (i_width)
        7'd16:   endr = {48'd0, i_a[15:0]};
        7'd32:   endr = {32'd0, i_a[31:0]};
        default: endr = i_a;
      endcase
    end else begin
      case (i_width)
        7'd16:   endr = sw16;
        7'd32:   endr = sw32;
        default: endr = sw64;
      endcase
    end
  end

  reg [63:0] r;
  always @(*) begin
    case (i_op)
      BPF_ALU_ADD[3:0]:  r = i_a + i_b;
      BPF_ALU_SUB[3:0]:  r = i_a - i_b;
      BPF_ALU_OR[3:0]:   r = i_a | i_b;
      BPF_ALU_AND[3:0]:  r = i_a & i_b;
      BPF_ALU_XOR[3:0]:  r = i_a ^ i_b;
      BPF_ALU_LSH[3:0]:  r = shl;
      BPF_ALU_RSH[3:0]:  r = shr;
      BPF_ALU_ARSH[3:0]: r = shr;
      BPF_ALU_NEG[3:0]:  r = 64'd0 - i_a;
      BPF_ALU_MOV[3:0]:  r = mov;
      BPF_ALU_END[3:0]:  r = endr;
      default:           r = 64'd0;
    endcase
    o_res = (i_alu64 || i_op == BPF_ALU_END[3:0]) ? r : {32'd0, r[31:0]};
  end

endmodule

`default_nettype wire

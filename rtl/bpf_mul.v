// bpf_mul.v: 64 x 64 -> 64 multiplier (MUL and MUL32; the low half of the
// product does not depend on signedness).  Ten 16 x 16 partial products,
// one DSP block each on ECP5.
//
// It travels with the pipeline instead of holding EX: the product is
// finished in WB, like a load's value (docs/architecture.md).
//   EX  -> MEM (i_ex_adv): the partial products are registered;
//   MEM -> WB  (i_mem_adv): the columns are added, two sums registered;
//   WB: o_res = the two sums added (zero-extended for MUL32).
// Each register loads only when its instruction moves on, so a stalled
// pipeline keeps the product; o_res holds until the next multiply leaves
// MEM.
`default_nettype none

module bpf_mul (
  input  wire        i_clk,
  // Control
  input  wire        i_ex_adv,   // a multiply moves from EX to MEM
  input  wire        i_mem_adv,  // a multiply moves from MEM to WB
  // Data
  input  wire        i_alu64,
  input  wire [63:0] i_a,
  input  wire [63:0] i_b,
  output wire [63:0] o_res
);

  reg alu64_p, alu64_s;

  // Partial products p_ij = a[16i+15:16i] * b[16j+15:16j], i + j <= 3
  reg [31:0] p00, p01, p02, p10, p11, p20;
  reg [15:0] p03, p12, p21, p30;  // only bits 63..48 of the product need them
  always @(posedge i_clk) begin
    if (i_ex_adv) begin
      p00 <= i_a[15:0]  * i_b[15:0];
      p01 <= i_a[15:0]  * i_b[31:16];
      p02 <= i_a[15:0]  * i_b[47:32];
      p03 <= i_a[15:0]  * i_b[63:48];
      p10 <= i_a[31:16] * i_b[15:0];
      p11 <= i_a[31:16] * i_b[31:16];
      p12 <= i_a[31:16] * i_b[47:32];
      p20 <= i_a[47:32] * i_b[15:0];
      p21 <= i_a[47:32] * i_b[31:16];
      p30 <= i_a[63:48] * i_b[15:0];
      alu64_p <= i_alu64;
    end
  end

  // Columns: products that do not overlap share one operand of the adds.
  // Two sums, so that WB has a single two-operand add; every add here has
  // two operands (an add of three maps to a carry-save layer in LUTs).
  (* keep *) wire [63:0] c1  = {p02, p00} + {p03, p01, 16'd0};
  (* keep *) wire [63:0] c2a = {p30, p10, 16'd0} + {p11, 32'd0};
  (* keep *) wire [15:0] c3a = p12 + p21;
  (* keep *) wire [31:0] c3  = p20 + {c3a, 16'd0};
  reg [63:0] s1_q, s2_q;
  always @(posedge i_clk) begin
    if (i_mem_adv) begin
      s1_q    <= c1;
      s2_q    <= c2a + {c3, 32'd0};
      alu64_s <= alu64_p;
    end
  end

  wire [63:0] sum = s1_q + s2_q;
  assign o_res = alu64_s ? sum : {32'd0, sum[31:0]};

endmodule

`default_nettype wire

// bpf_mul.v: 64 x 64 -> 64 multiplier (MUL and MUL32; the low half of the
// product does not depend on signedness).  Ten 16 x 16 partial products,
// one DSP block each on ECP5.
//
// It travels with the pipeline instead of holding EX, and the product is
// ready in MEM (docs/architecture.md):
//   EX -> MEM (i_ex_adv): the partial products are registered;
//   MEM: o_res = their sum (zero-extended for MUL32): seven aligned
//   operands, reduced to two by four carry-save layers (left to the
//   mapper, which merges them into fewer LUTs than one a layer),
//   then one carry chain.
// The registers load only when the multiply moves on, so a stalled
// pipeline keeps the product.
`default_nettype none

module bpf_mul (
  input  wire        i_clk,
  // Control
  input  wire        i_ex_adv,   // a multiply moves from EX to MEM
  // Data
  input  wire        i_alu64,
  input  wire [63:0] i_a,
  input  wire [63:0] i_b,
  output wire [63:0] o_res
);

  reg alu64_p;

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

  // The products as seven 64-bit operands (products that do not overlap
  // share one)
  wire [63:0] o1 = {p02, p00};
  wire [63:0] o2 = {p03, p01, 16'd0};
  wire [63:0] o3 = {p30, p10, 16'd0};
  wire [63:0] o4 = {p11, 32'd0};
  wire [63:0] o5 = {p20, 32'd0};
  wire [63:0] o6 = {p12, 48'd0};
  wire [63:0] o7 = {p21, 48'd0};

  // 3:2 carry-save layer: x + y + z = s + c
  function automatic [127:0] csa(input [63:0] x, input [63:0] y, input [63:0] z);
    csa = {(x & y | x & z | y & z) << 1, x ^ y ^ z};
  endfunction

  wire [127:0] l1a = csa(o1, o2, o3);
  wire [127:0] l1b = csa(o4, o5, o6);
  wire [127:0] l2  = csa(l1a[63:0], l1a[127:64], l1b[63:0]);
  wire [127:0] l3  = csa(l2[63:0], l2[127:64], l1b[127:64]);
  wire [127:0] l4  = csa(l3[63:0], l3[127:64], o7);
  wire [63:0] sum = l4[63:0] + l4[127:64];

  assign o_res = alu64_p ? sum : {32'd0, sum[31:0]};

endmodule

`default_nettype wire

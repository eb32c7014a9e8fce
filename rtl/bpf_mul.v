// bpf_mul.v: 64 x 64 -> 64 multiplier (MUL and MUL32; the low half of the
// product does not depend on signedness).  Ten 16 x 16 partial products,
// one DSP block each on ECP5.
// Latency: 3 cycles.  Cycle 1 (i_start, operands valid): partial products
// registered.  Cycle 2: columns added, registered.  Cycle 3: o_done = 1 and
// o_res is the final sum, held until the next i_start.
`default_nettype none

module bpf_mul (
  input  wire        i_clk,
  input  wire        i_rst,
  // Control
  input  wire        i_start,
  output wire        o_done,
  // Data
  input  wire        i_alu64,
  input  wire [63:0] i_a,
  input  wire [63:0] i_b,
  output wire [63:0] o_res
);

  reg [1:0] stage_q;  // 0 idle, 1 products ready, 2 sums ready (done)
  reg       alu64_q;

  // Partial products p_ij = a[16i+15:16i] * b[16j+15:16j], i + j <= 3
  reg [31:0] p00, p01, p02, p10, p11, p20;
  reg [15:0] p03, p12, p21, p30;  // only bits 63..48 of the product need them
  always @(posedge i_clk) begin
    if (i_start) begin
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
    end
  end

  // Columns: products that do not overlap share one operand of the adds.
  // Two sums, so that cycle 3 is a single two-operand add; every add here
  // has two operands (an add of three maps to a carry-save layer in LUTs).
  (* keep *) wire [63:0] c1  = {p02, p00} + {p03, p01, 16'd0};
  (* keep *) wire [63:0] c2a = {p30, p10, 16'd0} + {p11, 32'd0};
  (* keep *) wire [15:0] c3a = p12 + p21;
  (* keep *) wire [31:0] c3  = p20 + {c3a, 16'd0};
  reg [63:0] s1_q, s2_q;
  always @(posedge i_clk) begin
    if (stage_q == 2'd1) begin
      s1_q <= c1;
      s2_q <= c2a + {c3, 32'd0};
    end
  end

  wire [63:0] sum = s1_q + s2_q;

  always @(posedge i_clk) begin
    if (i_rst) begin
      stage_q <= 2'd0;
    end else if (i_start) begin
      stage_q <= 2'd1;
      alu64_q <= i_alu64;
    end else if (stage_q == 2'd1) begin
      stage_q <= 2'd2;
    end
  end

  assign o_done = (stage_q == 2'd2);
  assign o_res  = alu64_q ? sum : {32'd0, sum[31:0]};

endmodule

`default_nettype wire

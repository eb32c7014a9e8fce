// bpf_div.v: DIV, MOD, SDIV, SMOD for 32 and 64 bits (RFC 9669 section 4.1:
// x / 0 = 0, x % 0 = x, INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0; signed
// quotients truncate toward zero, remainders take the dividend's sign).
// Radix 4: two quotient bits per cycle, comparing against d, 2d and 3d.
// A 64-bit dividend whose upper half is zero is divided as a 32-bit one.
// Latency: cycle 1 (i_start): magnitudes registered.  Cycle 2: 3d and the
// first digit.  Then 31 (or 15) cycles of two bits.  o_done rises in cycle
// 34 (64-bit dividend) or 18 (32-bit), o_res valid while o_done, held until
// the next i_start.
`default_nettype none

module bpf_div (
  input  wire        i_clk,
  input  wire        i_rst,
  // Control
  input  wire        i_start,
  output wire        o_done,
  // Data
  input  wire        i_alu64,
  input  wire        i_signed,
  input  wire        i_mod,
  input  wire [63:0] i_a,       // dividend
  input  wire [63:0] i_b,       // divisor
  output wire [63:0] o_res
);

  localparam [1:0] S_IDLE = 2'd0, S_FIRST = 2'd1, S_ITER = 2'd2, S_DONE = 2'd3;

  reg [1:0]  state_q;
  reg [4:0]  cnt_q;       // iterations left after this one
  reg        alu64_q, mod_q, qneg_q, rneg_q, dzero_q;
  reg [63:0] a_q;         // the dividend as given (x % 0 = x)
  reg [63:0] n_q;         // |dividend|, then quotient bits shift in at the bottom
  reg [63:0] d_q;         // |divisor|
  reg [65:0] d3_q;        // 3 * |divisor|
  reg [63:0] rem_q;       // partial remainder, < d

  // ---- setup: operands as signed or unsigned 64-bit values ----
  wire [63:0] na   = i_alu64 ? i_a : {{32{i_signed & i_a[31]}}, i_a[31:0]};
  wire [63:0] nb   = i_alu64 ? i_b : {{32{i_signed & i_b[31]}}, i_b[31:0]};
  wire        sa   = i_signed & na[63];
  wire        sb   = i_signed & nb[63];
  wire [63:0] absa = sa ? 64'd0 - na : na;
  wire [63:0] absb = sb ? 64'd0 - nb : nb;
  wire        bz   = i_alu64 ? (i_b == 64'd0) : (i_b[31:0] == 32'd0);

  // ---- first digit: the remainder so far is at most 3 ----
  wire        short_n = (n_q[63:32] == 32'd0);    // 16 iterations suffice
  wire [1:0]  top2    = short_n ? n_q[31:30] : n_q[63:62];
  wire        d_small = (d_q[63:2] == 62'd0);
  reg  [1:0]  dig0, rem0;
  always @(*) begin
    dig0 = 2'd0;
    rem0 = top2;
    if (d_small) begin
      case (d_q[1:0])
        2'd1:    begin dig0 = top2;               rem0 = 2'd0; end
        2'd2:    begin dig0 = {1'b0, top2[1]};    rem0 = {1'b0, top2[0]}; end
        2'd3:    begin dig0 = {1'b0, &top2};      rem0 = (&top2) ? 2'd0 : top2; end
        default: begin dig0 = 2'd0;               rem0 = top2; end
      endcase
    end
  end

  // ---- one radix-4 step ----
  wire [65:0] r4 = {rem_q, n_q[63:62]};
  // A step's remainder is below d, so bits 65..64 of t1..t3 are not needed.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [66:0] t1 = {1'b0, r4} - {3'b000, d_q};
  wire [66:0] t2 = {1'b0, r4} - {2'b00, d_q, 1'b0};
  wire [66:0] t3 = {1'b0, r4} - {1'b0, d3_q};
  /* verilator lint_on UNUSEDSIGNAL */
  reg  [1:0]  dig;
  reg  [63:0] rem_d;
  always @(*) begin
    if (!t3[66])      begin dig = 2'd3; rem_d = t3[63:0]; end
    else if (!t2[66]) begin dig = 2'd2; rem_d = t2[63:0]; end
    else if (!t1[66]) begin dig = 2'd1; rem_d = t1[63:0]; end
    else              begin dig = 2'd0; rem_d = r4[63:0]; end
  end

  always @(posedge i_clk) begin
    if (i_rst) begin
      state_q <= S_IDLE;
    end else if (i_start) begin
      state_q <= S_FIRST;
      alu64_q <= i_alu64;
      mod_q   <= i_mod;
      qneg_q  <= sa ^ sb;
      rneg_q  <= sa;
      dzero_q <= bz;
      a_q     <= i_alu64 ? i_a : {32'd0, i_a[31:0]};
      n_q     <= absa;
      d_q     <= absb;
    end else begin
      case (state_q)
        S_FIRST: begin
          d3_q    <= {2'b00, d_q} + {1'b0, d_q, 1'b0};
          rem_q   <= {62'd0, rem0};
          n_q     <= short_n ? {n_q[29:0], 32'd0, dig0} : {n_q[61:0], dig0};
          cnt_q   <= short_n ? 5'd14 : 5'd30;
          state_q <= S_ITER;
        end
        S_ITER: begin
          rem_q <= rem_d;
          n_q   <= {n_q[61:0], dig};
          cnt_q <= cnt_q - 5'd1;
          if (cnt_q == 5'd0)
            state_q <= S_DONE;
        end
        default: ;
      endcase
    end
  end

  // ---- result: signs, x / 0 and x % 0, 32-bit zero extension ----
  wire [63:0] q   = dzero_q ? 64'd0 : (qneg_q ? 64'd0 - n_q : n_q);
  wire [63:0] r   = dzero_q ? a_q : (rneg_q ? 64'd0 - rem_q : rem_q);
  wire [63:0] res = mod_q ? r : q;

  assign o_done = (state_q == S_DONE);
  assign o_res  = alu64_q ? res : {32'd0, res[31:0]};

endmodule

`default_nettype wire

// bpf_div.v: DIV, MOD, SDIV, SMOD for 32 and 64 bits (RFC 9669 section 4.1:
// x / 0 = 0, x % 0 = x, INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0; signed
// quotients truncate toward zero, remainders take the dividend's sign).
// 32-bit operations divide the zero- or sign-extended operands.
//
// Radix 4: two quotient bits a cycle, comparing the partial remainder r
// against d, 2d and 3d, and only as many quotient bits as the operands can
// give.  r stays in place; d starts under r's top bit and it and 3d shift
// right by two after each digit.  Two ways to start:
//   aligned (the usual way): msb of both (S_NORM), one shift of |b| left by
//     2*floor(L/2) (S_ALIGN), then 3d and, for even L, the top quotient bit
//     alone (S_D3);
//   streaming, when |b| < 32 and |a| >= 2^59, where aligning would take more
//     than 34 cycles: the first digit at once (small logic, no 3d needed),
//     then d = |b| << 60 and 31 digits.
//
// Latency.  Cycle 1 is the cycle of i_start; o_done rises in cycle N and
// the core stalls N - 1 cycles.  |a|, |b| are the magnitudes of the
// (extended) operands, msb(x) = floor(log2 x), L = msb(|a|) - msb(|b|):
//   b = 0                                  N = 2
//   |a| < 2|b|  (quotient 0 or 1)          N = 3
//   |b| < 32 and |a| >= 2^59               N = 34
//   otherwise, L = 1                       N = 5
//   otherwise (L >= 2)                     N = 5 + ceil(L / 2)
// Hence N <= 34 always (L <= 58 when aligned) and N <= 21 for 32-bit
// operations.  o_res is valid while o_done and held until the next i_start.
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

  localparam [2:0] S_IDLE = 3'd0, S_NORM = 3'd1, S_ALIGN = 3'd2, S_D3 = 3'd3,
                   S_ITER = 3'd4, S_DONE = 3'd5;

  reg [2:0]  state_q;
  reg [4:0]  cnt_q;       // digits left after this one
  reg [5:0]  ma_q, mb_q;  // msb(|a|), msb(|b|), for aligning
  reg        lodd_q;      // L = ma_q - mb_q is odd
  reg        alu64_q, mod_q, qneg_q, rneg_q;
  reg        str_q;       // streaming (decided at i_start)
  reg [63:0] r_q;         // |dividend|, then the partial remainder
  reg [63:0] q_q;         // quotient digits shift in at the bottom
  reg [64:0] d_q;         // |divisor|, then the divisor at this digit
  reg [66:0] d3_q;        // 3 * d_q

  // ---- setup: operands as signed or unsigned 64-bit values ----
  wire [63:0] na   = i_alu64 ? i_a : {{32{i_signed & i_a[31]}}, i_a[31:0]};
  wire [63:0] nb   = i_alu64 ? i_b : {{32{i_signed & i_b[31]}}, i_b[31:0]};
  wire        sa   = i_signed & na[63];
  wire        sb   = i_signed & nb[63];
  wire [63:0] absa = sa ? 64'd0 - na : na;
  wire [63:0] absb = sb ? 64'd0 - nb : nb;
  wire        bz   = i_alu64 ? (i_b == 64'd0) : (i_b[31:0] == 32'd0);

  // Streaming or not, decided on the operands beside the negation (not
  // after it, for timing): |b| < 32 and |a| >= 2^59.  For a negative x,
  // |x| >= 2^k unless x[63:k] are all ones and x[k-1:0] are not all zeros.
  wire        b_lt32 = sb ? (&nb[63:5] & (|nb[4:0])) : ~|nb[63:5];
  wire        a_ge59 = sa ? ~(&na[63:59] & (|na[58:0])) : |na[63:59];

  // ---- msb index (floor(log2 x), 0 for x = 0): per byte, then the top byte
  function automatic [2:0] msb8(input [7:0] x);
    casez (x)
      8'b1???????: msb8 = 3'd7;
      8'b01??????: msb8 = 3'd6;
      8'b001?????: msb8 = 3'd5;
      8'b0001????: msb8 = 3'd4;
      8'b00001???: msb8 = 3'd3;
      8'b000001??: msb8 = 3'd2;
      8'b0000001?: msb8 = 3'd1;
      default:     msb8 = 3'd0;
    endcase
  endfunction

  function automatic [5:0] msb64(input [63:0] x);
    reg [7:0]  nz;
    reg [23:0] lo;
    reg [2:0]  hi;
    integer    i;
    begin
      for (i = 0; i < 8; i = i + 1) begin
        nz[i]        = |x[8*i +: 8];
        lo[3*i +: 3] = msb8(x[8*i +: 8]);
      end
      casez (nz)
        8'b1???????: hi = 3'd7;
        8'b01??????: hi = 3'd6;
        8'b001?????: hi = 3'd5;
        8'b0001????: hi = 3'd4;
        8'b00001???: hi = 3'd3;
        8'b000001??: hi = 3'd2;
        8'b0000001?: hi = 3'd1;
        default:     hi = 3'd0;
      endcase
      case (hi)
        3'd7:    msb64 = {hi, lo[23:21]};
        3'd6:    msb64 = {hi, lo[20:18]};
        3'd5:    msb64 = {hi, lo[17:15]};
        3'd4:    msb64 = {hi, lo[14:12]};
        3'd3:    msb64 = {hi, lo[11:9]};
        3'd2:    msb64 = {hi, lo[8:6]};
        3'd1:    msb64 = {hi, lo[5:3]};
        default: msb64 = {hi, lo[2:0]};
      endcase
    end
  endfunction

  // ---- one radix-4 digit: r - d, r - 2d, r - 3d ----
  // The remainder is below d and r, so only bits 63..0 and the sign are used.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [67:0] t1 = {4'd0, r_q} - {3'd0, d_q};
  wire [67:0] t2 = {4'd0, r_q} - {2'd0, d_q, 1'b0};
  wire [67:0] t3 = {4'd0, r_q} - {1'd0, d3_q};
  /* verilator lint_on UNUSEDSIGNAL */
  wire        use3 = (state_q == S_ITER);   // d3_q is valid
  reg  [1:0]  dig;
  reg  [63:0] rem_d;
  always @(*) begin
    if (use3 && !t3[67]) begin dig = 2'd3; rem_d = t3[63:0]; end
    else if (!t2[67])    begin dig = 2'd2; rem_d = t2[63:0]; end
    else if (!t1[67])    begin dig = 2'd1; rem_d = t1[63:0]; end
    else                 begin dig = 2'd0; rem_d = t1[63:0]; end   // not taken
  end

  // 3d, every cycle, of d as it will be: d_q after its shift by two where
  // d_q shifts (S_D3 for even L, S_ITER), else d_q (< 2^64 there).  While
  // digits are taken d has no low bits to lose, so this is 3 d_q then.
  wire        d_sh   = (state_q == S_D3 && !lodd_q) || (state_q == S_ITER);
  wire [63:0] x3     = d_sh ? {1'b0, d_q[64:2]} : d_q[63:0];
  wire [65:0] d3_new = {2'b00, x3} + {1'b0, x3, 1'b0};
  always @(posedge i_clk) begin
    if (state_q == S_NORM && str_q)
      d3_q <= {d3_new[6:0], 60'd0};   // streaming: d goes to bit 60
    else
      d3_q <= {1'b0, d3_new};
  end

  // ---- S_NORM: early ends, streaming, msb of both; S_ALIGN: shift d ----
  wire        d_lt4   = (d_q[64:2] == 63'd0);
  wire [5:0]  lsh     = ma_q - mb_q;     // L (S_ALIGN), >= 1

  // First streaming digit, quotient bits 63..62, while 3d is not there yet:
  // d < 32, and only d < 4 gives a nonzero digit.
  wire [1:0]  top2 = r_q[63:62];
  reg  [1:0]  dig0, rem0;
  always @(*) begin
    dig0 = 2'd0;
    rem0 = top2;
    if (d_lt4) begin
      case (d_q[1:0])
        2'd1:    begin dig0 = top2;               rem0 = 2'd0; end
        2'd2:    begin dig0 = {1'b0, top2[1]};    rem0 = {1'b0, top2[0]}; end
        2'd3:    begin dig0 = {1'b0, &top2};      rem0 = (&top2) ? 2'd0 : top2; end
        default: begin dig0 = 2'd0;               rem0 = top2; end
      endcase
    end
  end

  always @(posedge i_clk) begin
    if (i_rst) begin
      state_q <= S_IDLE;
    end else if (i_start) begin
      state_q <= bz ? S_DONE : S_NORM;
      alu64_q <= i_alu64;
      mod_q   <= i_mod;
      qneg_q  <= sa ^ sb;
      rneg_q  <= sa;
      str_q   <= b_lt32 & a_ge59;
    end else begin
      case (state_q)
        S_NORM: begin
          if (str_q) begin        // |a| >= 2^59 > 32 |b|; then d at bit 60
            cnt_q      <= 5'd30;
            state_q    <= S_ITER;
          end else if (t1[67]) begin              // |a| < |b|: q = 0, r = |a|
            state_q <= S_DONE;
          end else if (t2[67]) begin              // q = 1
            state_q <= S_DONE;
          end else begin                          // q >= 2: L >= 1
            state_q <= S_ALIGN;
          end
          ma_q <= msb64(r_q);
          mb_q <= msb64(d_q[63:0]);
        end
        S_ALIGN: begin
          // L = 1: d and 3d are aligned already, one digit
          cnt_q   <= lsh[0] ? lsh[5:1] : lsh[5:1] - 5'd1;
          lodd_q  <= lsh[0];
          state_q <= (lsh[5:1] == 5'd0) ? S_ITER : S_D3;
        end
        S_D3: begin
          state_q <= S_ITER;
        end
        S_ITER: begin
          cnt_q <= cnt_q - 5'd1;
          if (cnt_q == 5'd0)
            state_q <= S_DONE;
        end
        default: ;
      endcase
    end
  end

  // d: |b| at i_start, placed at bit 60 for streaming (S_NORM) or aligned
  // (S_ALIGN), else x3: shifted by two where it shifts, else as it is
  // (d_q < 2^64 wherever it does not shift)
  always @(posedge i_clk) begin
    if (!i_rst) begin
      if (i_start)
        d_q <= {1'b0, absb};
      else if (state_q == S_NORM && str_q)
        d_q <= {d_q[4:0], 60'd0};
      else if (state_q == S_ALIGN)
        d_q <= {1'b0, d_q[63:0] << {lsh[5:1], 1'b0}};
      else
        d_q <= {1'b0, x3};
    end
  end

  // A digit is taken: S_NORM (the streaming digit dig0, or q = 1), the top
  // bit alone in S_D3, every S_ITER cycle
  wire q_sh = (state_q == S_NORM && (str_q || (!t1[67] && t2[67]))) ||
              (state_q == S_D3 && !lodd_q) || (state_q == S_ITER);

  // The remainder: |a| at i_start (x % 0 = x: r stays |a|), then r - dig d
  // wherever a digit is taken (q_sh) and is not 0 (else r stays).
  always @(posedge i_clk) begin
    if (!i_rst && i_start)
      r_q <= absa;
    else if (!i_rst && state_q == S_NORM && str_q)
      r_q[63:62] <= rem0;
    else if (!i_rst && q_sh && dig != 2'd0)
      r_q <= rem_d;
  end

  // The quotient: cleared at i_start (x / 0 = 0), then a digit shifts in
  // wherever r takes one (the streaming digit dig0: q_q is 0 before it)
  always @(posedge i_clk) begin
    if (!i_rst && i_start)
      q_q <= 64'd0;
    else if (!i_rst && q_sh)
      q_q <= {q_q[61:0], (state_q == S_NORM && str_q) ? dig0 : dig};
  end

  // ---- result: sign, 32-bit zero extension ----
  // For 32-bit operations |a| <= 2^32, so r and q have no bits above 31 (x %
  // 0 = x included): with the upper half not inverted, the negation leaves
  // it 0 but for the carry out of bit 31, which only bit 32 can take.
  wire        neg  = mod_q ? rneg_q : qneg_q;
  wire [63:0] inv  = {{32{neg & alu64_q}}, {32{neg}}};
  wire [63:0] mag  = (mod_q ? r_q : q_q) ^ inv;
  wire [63:0] res  = mag + {63'd0, neg};

  assign o_done = (state_q == S_DONE);
  assign o_res  = {res[63:33], res[32] & alu64_q, res[31:0]};

endmodule

`default_nettype wire

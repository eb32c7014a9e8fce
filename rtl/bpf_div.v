// bpf_div.v: DIV, MOD, SDIV, SMOD for 32 and 64 bits (RFC 9669 section 4.1:
// x / 0 = 0, x % 0 = x, INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0; signed
// quotients truncate toward zero, remainders take the dividend's sign).
// 32-bit operations divide the zero- or sign-extended operands.
//
// Radix 8, restoring, with the partial remainder shifting left: three
// quotient bits a cycle.  A step compares x (below 8d, d = |b|) with the
// seven multiples of d side by side (seven carry chains), then selects.
// The multiples stay in place: |b| and 3|b| are computed in the i_start
// cycle (3|b| as one carry chain beside the negation, see d3_q), 5|b|,
// 6|b| and 7|b| in S_LOAD.  The dividend |a| stays in a_q; its base-8
// digits are fed to the remainder one a cycle, top first.  Only the
// quotient digits the operands can give are computed: n = floor(le / 3) + 1
// digits (le below, about msb|a| - msb|b|), so the partial remainder can
// start as |a| >> 3n, which is below d, and the digits below it follow.
//
//   cycle 1 (i_start): |a|, |b|, 3|b|, and n from the operands' msb
//     indices (registered: le_q, fast_q), the remainder |a| >> 3 and the
//     digit |a| mod 8;
//   cycle 2 (S_LOAD): when |a| < 4|b| for sure (fast_q: b = 0 or le <= 1),
//     the only digit's step, against d, 2d, 3d only; else 5|b|, 6|b|,
//     7|b|, and the remainder |a| >> 3n with the first digit;
//   then one digit a cycle (S_ITER) until the last; a result that needs no
//   negation is done with it, else S_DONE follows.
//
// Latency.  Cycle 1 is the cycle of i_start; o_done rises in cycle N and
// the core stalls N - 1 cycles.  |a|, |b| are the magnitudes of the
// (extended) operands, msb(x) = floor(log2 x) (msb(0) = 0 here), and
//   le = msb(|a| - 1) + 1 for a < 0, else msb(|a|),
//      - (msb(|b| - 1) for b < 0, else msb(|b|))
// which is L = msb|a| - msb|b| for unsigned and positive operands and at
// most L + 2 otherwise (never less, so n digits always hold the quotient):
//   b = 0, or le <= 1 (|a| < |b| included)   N = 2
//   otherwise                               N = 3 + floor(le / 3)
// plus one when the result is negated (neg: a < 0 for SMOD, a < 0
// differing from b < 0 for SDIV; never for DIV and MOD).  Hence N <= 25
// (le <= 63) and N <= 14 for 32-bit operations (le <= 31).  o_res is valid
// while o_done (a negated one is held until the next i_start).
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
  // The same operands before the core's forwarding multiplexer (i_a is
  // i_a_sel ? i_a1 : i_a0), for the msb indices alone: the start decision
  // then does not wait for that multiplexer and its wide fanout
  input  wire [63:0] i_a0,
  input  wire [63:0] i_a1,
  input  wire        i_a_sel,
  input  wire [63:0] i_b0,
  input  wire [63:0] i_b1,
  input  wire        i_b_sel,
  output wire [63:0] o_res,     // the result, unless o_rsel
  output wire        o_rsel,    // the result is o_rem
  output wire [63:0] o_rem
);

  localparam [1:0] S_IDLE = 2'd0, S_LOAD = 2'd1, S_ITER = 2'd2, S_DONE = 2'd3;

  reg [1:0]  state_q;
  reg [4:0]  i_q;         // index of the digit of |a| in nib_q
  reg [5:0]  le_q;        // lm (see below), for S_LOAD
  reg        fast_q;      // one digit: S_LOAD does the only step (see it, ld)
  reg        alu64_q, mod_q, qneg_q, rneg_q;
  reg        bz_q;        // b = 0
  reg        sb_q;        // b < 0 (signed): d3_q is 3|b| - 1
  reg [63:0] a_q;         // |dividend|
  reg [63:0] d_q;         // |divisor|
  reg [65:0] d3_q;        // 3|b| - sb_q
  reg [66:0] d5_q, d6_q, d7_q;  // 5|b|, 6|b|, 7|b| (from S_LOAD; all ones before)
  reg [63:0] p_q;         // partial remainder, below d_q
  reg [2:0]  nib_q;       // the digit of |a| that goes in next
  reg [63:0] q_q;         // quotient digits shift in at the bottom

  // ---- setup: operands as signed or unsigned 64-bit values ----
  wire [63:0] na   = i_alu64 ? i_a : {{32{i_signed & i_a[31]}}, i_a[31:0]};
  wire [63:0] nb   = i_alu64 ? i_b : {{32{i_signed & i_b[31]}}, i_b[31:0]};
  wire        sa   = i_signed & na[63];
  wire        sb   = i_signed & nb[63];
  wire [63:0] absa = sa ? 64'd0 - na : na;
  wire        bz   = i_alu64 ? (i_b == 64'd0) : (i_b[31:0] == 32'd0);

  // |b| and 3|b| side by side, one carry chain each, from xb = nb, or ~nb
  // for b < 0: |b| = xb + sb, and 3xb + 2sb = ({xb, 1} + {xb, sb, sb}) >> 1,
  // which is 3|b| - sb (3~nb + 2 = -3nb - 1).
  wire [63:0] xb   = nb ^ {64{sb}};
  wire [63:0] absb = xb + {63'd0, sb};
  /* verilator lint_off UNUSEDSIGNAL */
  wire [66:0] b3w  = {2'b00, xb, 1'b1} + {1'b0, xb, sb, sb};
  /* verilator lint_on UNUSEDSIGNAL */

  // ---- msb index (floor(log2 x), 0 for x = 0), as a tree: the index
  // within the upper half if it is nonzero, else within the lower half
  // x extended as the operation reads it, and inverted when negative (signed):
  // xa = |a| - sa, xb = |b| - sb
  function automatic [63:0] xform(input [63:0] v);
    reg [63:0] n;
    begin
      n     = i_alu64 ? v : {{32{i_signed & v[31]}}, v[31:0]};
      xform = n ^ {64{i_signed & n[63]}};
    end
  endfunction

  /* verilator lint_off UNUSEDSIGNAL */
  function automatic [5:0] msb64(input [63:0] x);
    reg [31:0] n1;  reg [31:0] m1;          // pairs: nonzero, index
    reg [15:0] n2;  reg [31:0] m2;          // 4 bits: 2-bit index
    reg [7:0]  n3;  reg [23:0] m3;          // 8 bits: 3-bit index
    reg [3:0]  n4;  reg [15:0] m4;          // 16 bits
    reg [1:0]  n5;  reg [9:0]  m5;          // 32 bits
    integer    i;
    begin
      for (i = 0; i < 32; i = i + 1) begin
        n1[i] = x[2*i+1] | x[2*i];
        m1[i] = x[2*i+1];
      end
      for (i = 0; i < 16; i = i + 1) begin
        n2[i] = n1[2*i+1] | n1[2*i];
        m2[2*i +: 2] = n1[2*i+1] ? {1'b1, m1[2*i+1]} : {1'b0, m1[2*i]};
      end
      for (i = 0; i < 8; i = i + 1) begin
        n3[i] = n2[2*i+1] | n2[2*i];
        m3[3*i +: 3] = n2[2*i+1] ? {1'b1, m2[4*i+2 +: 2]} : {1'b0, m2[4*i +: 2]};
      end
      for (i = 0; i < 4; i = i + 1) begin
        n4[i] = n3[2*i+1] | n3[2*i];
        m4[4*i +: 4] = n3[2*i+1] ? {1'b1, m3[6*i+3 +: 3]} : {1'b0, m3[6*i +: 3]};
      end
      for (i = 0; i < 2; i = i + 1) begin
        n5[i] = n4[2*i+1] | n4[2*i];
        m5[5*i +: 5] = n4[2*i+1] ? {1'b1, m4[8*i+4 +: 4]} : {1'b0, m4[8*i +: 4]};
      end
      msb64 = n5[1] ? {1'b1, m5[9:5]} : {1'b0, m5[4:0]};
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // ---- n, decided at i_start beside the negations (not after them, for
  // timing), from xa = |a| - sa and xb = |b| - sb: msb|a| <= msb(xa) + sa
  // and msb|b| >= msb(xb), so le below is L or a little more (at most 2,
  // for negative operands), never less, and n = floor(le / 3) + 1 digits
  // always hold the quotient.
  // le = lm + sa, with lm = msb(xa) - msb(xb) the only carry chain here;
  // sa is added in the tables (k below).
  wire [5:0]  ma   = i_a_sel ? msb64(xform(i_a1)) : msb64(xform(i_a0));   // msb(xa)
  wire [5:0]  mb   = i_b_sel ? msb64(xform(i_b1)) : msb64(xform(i_b0));   // msb(xb)
  wire [6:0]  lm   = {1'b0, ma} - {1'b0, mb};   // negative: |a| < |b|
  // b = 0 or x < 4d: le <= 1, i.e. lm <= 1 - sa (as gates: no second chain)
  wire        fast = bz | lm[6] | ((lm[5:1] == 5'd0) & ~(lm[0] & sa));
  // n - 1 = floor(le / 3), from the registered lm and sa in S_LOAD (a
  // table, no adder)
  wire [4:0]  k;
  bpf_div_tab u_tab (.i_lm(le_q), .i_sa(rneg_q), .o_k(k));


  // ---- one radix-8 step: x (below 8d) against the seven multiples of d,
  // side by side (seven carry chains), then a select.  The differences lie
  // in (-2^67, 2^67): 68 bits, bit 67 the sign.  x - 3d is x + ~d3_q +
  // ~sb_q, as ({x, 1} + {~d3_q, ~sb_q}) >> 1 (d3_q may be 3|b| - 1).  The
  // remainder is below d, so its bits 63..0 are kept.  The multiples above
  // 3d are ready from S_LOAD on; before it (a one-digit quotient, x below
  // 4d) they are all ones, so their differences are negative.
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic [66:0] step8(input [66:0] x, input [63:0] d, input [65:0] d3,
                                  input s, input [66:0] d5, input [66:0] d6,
                                  input [66:0] d7);
    reg [67:0] t1, t2, t4, t5, t6, t7;
    reg [68:0] t3;
    reg        n1, n2, n3, n4, n5, n6, n7;
    reg [63:0] r76, r54, r32, r10, r74, r30;
    begin
      t1 = {1'b0, x} - {4'd0, d};
      t2 = {1'b0, x} - {3'd0, d, 1'b0};
      t3 = {1'b0, x, 1'b1} + {2'b11, ~d3, ~s};
      t4 = {1'b0, x} - {2'd0, d, 2'b00};
      t5 = {1'b0, x} - {1'b0, d5};
      t6 = {1'b0, x} - {1'b0, d6};
      t7 = {1'b0, x} - {1'b0, d7};
      // x - kd >= 0 holds for k up to the digit and for no k above it
      // (the differences fall with k), so the digit's remainder is picked
      // by a tree of three 2:1 levels on the signs, not a priority chain
      n7 = t7[67]; n6 = t6[67]; n5 = t5[67]; n4 = t4[67];
      n3 = t3[68]; n2 = t2[67]; n1 = t1[67];
      r76 = n7 ? t6[63:0] : t7[63:0];
      r54 = n5 ? t4[63:0] : t5[63:0];
      r32 = n3 ? t2[63:0] : t3[64:1];
      r10 = n1 ? x[63:0]  : t1[63:0];
      r74 = n6 ? r54 : r76;
      r30 = n2 ? r10 : r32;
      step8[63:0]  = n4 ? r30 : r74;
      step8[66:64] = {~n4, n4 ? ~n2 : ~n6, n4 ? (n2 ? ~n1 : ~n3) : (n6 ? ~n5 : ~n7)};
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // One step a cycle (S_ITER): digit dig of the quotient, remainder rem
  wire [66:0] st    = step8({p_q, nib_q}, d_q, d3_q, sb_q, d5_q, d6_q, d7_q);
  wire [2:0]  dig   = st[66:64];
  wire [63:0] rem   = st[63:0];
  // The cycle after i_start is S_LOAD; with one digit to do (fast_q) it is
  // that digit's step, so the start's decision ends at a register.
  wire        it    = (state_q == S_ITER) | ((state_q == S_LOAD) & fast_q);
  wire        ld    = (state_q == S_LOAD) & ~fast_q;

  // In S_LOAD, |a| >> 3k: the remainder above the first digit (below d)
  // and that digit
  // (as five stages by 3, 6, 12, 24 and 48 bits, from k's bits: one
  // multiplexer level fewer than a shift by the six bits of 3k)
  wire [63:0] ash1  = k[0] ? {3'd0,  a_q[63:3]}   : a_q;
  wire [63:0] ash2  = k[1] ? {6'd0,  ash1[63:6]}  : ash1;
  wire [63:0] ash4  = k[2] ? {12'd0, ash2[63:12]} : ash2;
  wire [63:0] ash8  = k[3] ? {24'd0, ash4[63:24]} : ash4;
  wire [63:0] ash   = k[4] ? {48'd0, ash8[63:48]} : ash8;

  // In S_ITER, the next digit of |a| (number i_q - 1), picked by i_q
  reg  [2:0]  nxt;
  integer     g;
  always @(*) begin
    nxt = 3'd0;
    for (g = 1; g < 22; g = g + 1)
      if (i_q == g[4:0])
        nxt = a_q[3*g-3 +: 3];
  end

  always @(posedge i_clk) begin
    if (i_rst) begin
      state_q <= S_IDLE;
    end else if (i_start) begin
      state_q <= S_LOAD;
      fast_q  <= fast;
      alu64_q <= i_alu64;
      mod_q   <= i_mod;
      qneg_q  <= sa ^ sb;
      rneg_q  <= sa;
      bz_q    <= bz;
      sb_q    <= sb;
      i_q     <= 5'd0;
      le_q    <= lm[5:0];
    end else if (it) begin
      i_q     <= i_q - 5'd1;
      state_q <= (i_q == 5'd0) ? S_DONE : S_ITER;
    end else if (ld) begin
      i_q     <= k;
      state_q <= S_ITER;
    end
  end

  // Operands: latched at i_start; the multiples above 3|b| made in S_LOAD
  always @(posedge i_clk) begin
    if (i_start) begin
      a_q  <= absa;
      d_q  <= absb;
      d3_q <= b3w[66:1];
      d5_q <= {67{1'b1}};
      d6_q <= {67{1'b1}};
      d7_q <= {67{1'b1}};
    end else if (ld) begin
      d5_q <= {3'd0, d_q} + {1'b0, d_q, 2'b00};
      d6_q <= {2'd0, d_q, 1'b0} + {1'b0, d_q, 2'b00};
      d7_q <= {d_q, 3'b000} - {3'd0, d_q};
    end
  end

  // The remainder and the next digit of |a|: as if n = 1 at i_start, then
  // the step's remainder
  always @(posedge i_clk) begin
    if (i_start) begin
      p_q   <= {3'd0, absa[63:3]};
      nib_q <= absa[2:0];
    end else if (ld) begin
      p_q   <= {3'd0, ash[63:3]};
      nib_q <= ash[2:0];
    end else if (it) begin
      p_q   <= rem;
      nib_q <= nxt;
    end
  end

  // The quotient: cleared at i_start, a digit shifts in wherever one is
  // computed; x / 0 = 0 (the steps give all ones then, the remainder |a|)
  always @(posedge i_clk) begin
    if (i_start)
      q_q <= 64'd0;
    else if (it)
      q_q <= {q_q[60:0], bz_q ? 3'd0 : dig};
  end

  // ---- result: sign, 32-bit zero extension ----
  // For 32-bit operations |a| <= 2^32, so r and q have no bits above 31 (x %
  // 0 = x included): with the upper half not inverted, the negation leaves
  // it 0 but for the carry out of bit 31, which only bit 32 can take.
  wire        neg  = mod_q ? rneg_q : qneg_q;
  wire [63:0] inv  = {{32{neg & alu64_q}}, {32{neg}}};
  wire [63:0] mag  = (mod_q ? p_q : q_q) ^ inv;
  wire [63:0] res  = mag + {63'd0, neg};

  // A result that needs no negation is taken straight from the last
  // digit's step, a cycle before S_DONE: quotient and remainder are
  // already right there (for 32-bit operations too: |a| < 2^32).
  wire        fin   = it & (i_q == 5'd0);                // the last digit, now
  wire [63:0] q_fin = {q_q[60:0], bz_q ? 3'd0 : dig};

  assign o_done = (state_q == S_DONE) | (fin & ~neg);
  // The last step's remainder (MOD) leaves on its own output, so that the
  // core can take it at the last level of its result multiplexer; o_rsel
  // (from registers) says that it is the result.
  assign o_rsel = mod_q & (state_q != S_DONE);
  assign o_rem  = rem;
  assign o_res  = (state_q == S_DONE) ? {res[63:33], res[32] & alu64_q, res[31:0]} : q_fin;

endmodule

// bpf_div_tab: k = floor(le / 3) for le = lm + sa < 64, as constant
// tables (LUTs).  Kept as its own module through flattening (keep_hierarchy)
// so that synthesis does not move the registers in front of it (le_q,
// rneg_q) behind it, onto the divider's start path.  Combinational.
/* verilator lint_off DECLFILENAME */
(* keep_hierarchy *)
module bpf_div_tab (
  input  wire [5:0] i_lm,
  input  wire       i_sa,
  output wire [4:0] o_k
);
  /* verilator lint_on DECLFILENAME */
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic [639:0] k_tab(input integer unused);
    integer t, v;
    begin
      k_tab = 640'd0;
      for (t = 0; t < 128; t = t + 1) begin
        v = ((t % 64) + t / 64) / 3;
        k_tab[5*t +: 5] = v[4:0];
      end
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */
  localparam [639:0] K_TAB  = k_tab(0);
  wire [6:0] idx = {i_sa, i_lm};
  assign o_k  = K_TAB[5*idx +: 5];
endmodule

`default_nettype wire

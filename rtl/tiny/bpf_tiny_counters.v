// bpf_tiny_counters.v: the tiny core's performance counters: the same
// behaviour as bpf_counters (64 bits each, cleared by START unless
// CTRL.KEEP_COUNTERS, every counted cycle in CYCLES and in exactly one
// other counter, a cycle's count added in the next cycle), with most of
// their bits in block RAM, since flip-flops are what the iCE40 is short of.
// The tiny core never stalls for a load's use or a branch, so
// STALL_LOAD_USE and STALL_BRANCH are not kept: they read 0.
//
// Each counter kept is an 8-bit low part in flip-flops, with an
// incrementer of its own (cheaper on the iCE40 than one shared through a
// multiplexer), and a 56-bit high part in a block RAM row (its counter
// number).  A low part that wraps sets the counter's pending bit: its high
// part is one more than the RAM holds.  A sequencer clears pending bits one
// at a time (read the row, write it plus one), a few cycles after the
// wrap, so at most one per counter is ever outstanding (a low part wraps
// every 256 counts, the sequencer needs two cycles a counter).  After a clear the RAM is stale: a zero bit
// per counter stands for a high part of 0 until the sequencer writes it.
//
// Reads: the bus's read request presents its counter number (i_bus_idx
// with i_bus_rd) in the request cycle, and the RAM's read port goes to it,
// the sequencer waiting.  In the next cycle o_rdata is the row, plus the
// counter's pending bit, and its low part, both as they are in that cycle
// (the control block registers it): as bpf_tiny_counters' flip-flops read
// before.  That is exact because the row cannot change at the edge between
// (the sequencer does not write a row that a read takes in the same cycle;
// it tries again later), while a wrap at that edge shows in both the low
// part and the pending bit.
`default_nettype none

module bpf_tiny_counters (
  input  wire        i_clk,
  input  wire        i_rst,
  input  wire        i_start,   // START: its cycle does not count
  input  wire        i_clear,   // START without CTRL.KEEP_COUNTERS: back to zero
  input  wire        i_count,   // this cycle counts
  input  wire [2:0]  i_which,   // INSNS or a STALL_* counter number other than
                                // LOAD_USE and BRANCH (never CYCLES)
  input  wire        i_bus_rd,  // a bus read of the counter window, this cycle
  input  wire [2:0]  i_bus_idx, // ... of this counter
  output wire [63:0] o_rdata    // the counter read, in the next cycle
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam [2:0] N_CYC = BPF_CNT_CYCLES[2:0];
  // the counters kept, by number: all but LOAD_USE and BRANCH
  localparam [7:0] KEPT = 8'hff & ~(8'd1 << BPF_CNT_STALL_LOAD_USE) &
                          ~(8'd1 << BPF_CNT_STALL_BRANCH);

  reg        count_q;
  reg [2:0]  which_q;
  reg  [7:0] pend, zero;

  // ---- the low parts: counter n counts when CYCLES does and which_q is n ----
  wire [7:0] lo [0:7];         // LOAD_USE's and BRANCH's are 0
  wire [7:0] wrap;             // ... and wraps in this cycle
  genvar n;
  generate
    for (n = 0; n < 8; n = n + 1) begin : g_lo
      if (KEPT[n]) begin : g_kept
        reg  [7:0] q;
        wire       inc = count_q && (n == N_CYC || which_q == n);
        always @(posedge i_clk) begin
          if (i_rst || i_clear)
            q <= 8'd0;
          else if (inc)
            q <= q + 8'd1;
        end
        assign lo[n]   = q;
        assign wrap[n] = inc && (&q);
      end else begin : g_none
        assign lo[n]   = 8'd0;
        assign wrap[n] = 1'b0;
      end
    end
  endgenerate
  always @(posedge i_clk) begin
    count_q <= i_count & ~i_rst & ~i_start;
    which_q <= i_which;
  end

  // ---- the high parts: RAM rows, the sequencer ----
  (* ram_style = "block", no_rw_check *)
  reg  [55:0] hi [0:7];
  reg  [2:0]  raddr;
  reg  [55:0] hi_q;
  reg         seq_rd_q;          // the sequencer read a row in the last cycle
  reg  [2:0]  seq_row_q;         // ... this one
  reg         bus_q;             // the bus read a row in the last cycle
  reg  [2:0]  row_q;             // the row read in the last cycle

  // the lowest pending counter
  reg  [2:0] next;
  integer j;
  integer k;
  always @(*) begin
    next = 3'd0;
    for (j = 7; j >= 0; j = j - 1)
      if (pend[j])
        next = j[2:0];
  end
  wire seq_go = |pend && !i_bus_rd && !seq_rd_q;

  always @(*)
    raddr = i_bus_rd ? i_bus_idx : next;

  // one incrementer for both: the sequencer's row plus one, a read's
  // row plus its pending bit; a zero bit reads the row as 0
  wire [55:0] hi_sum = (zero[row_q] ? 56'd0 : hi_q) + {55'd0, !bus_q || pend[row_q]};
  wire        seq_wr = seq_rd_q && !(i_bus_rd && i_bus_idx == seq_row_q);

  always @(posedge i_clk) begin
    hi_q <= hi[raddr];
    if (seq_wr)
      hi[seq_row_q] <= hi_sum;
  end

  always @(posedge i_clk) begin
    if (i_rst || i_clear) begin
      pend     <= 8'd0;
      zero     <= 8'hff;
      seq_rd_q <= 1'b0;
    end else begin
      seq_rd_q  <= seq_go;
      seq_row_q <= next;
      if (seq_wr) begin
        pend[seq_row_q] <= 1'b0;
        zero[seq_row_q] <= 1'b0;
      end
      for (k = 0; k < 8; k = k + 1)
        if (wrap[k])
          pend[k] <= 1'b1;
    end
    bus_q <= i_bus_rd;
    row_q <= raddr;
  end

  // LOAD_USE and BRANCH read 0: low parts never counted, zero bits never
  // cleared
  assign o_rdata = {hi_sum, lo[row_q]};

endmodule

`default_nettype wire

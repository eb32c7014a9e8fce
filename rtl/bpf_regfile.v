// bpf_regfile.v: r0..r10, 64 bits each, in flip-flops.
// Writes (all take effect at the end of the cycle): the retiring
// instruction (one register), an exit that pops a frame (r6..r9 at once),
// r10 set by START / tail call, and the host's 32-bit writes.
// The decode read ports return the value the register will have next cycle
// (write-through), so an instruction in decode sees the one retiring now.
// Latency: combinational read.
`default_nettype none

module bpf_regfile (
  input  wire         i_clk,
  // Retiring instruction
  input  wire         i_we,
  input  wire [3:0]   i_waddr,
  input  wire [63:0]  i_wdata,
  // Frame pop: r6..r9 restored (r9 in the top 64 bits)
  input  wire         i_pop,
  input  wire [255:0] i_pop_regs,
  // r10 forced (START, tail call)
  input  wire         i_r10_we,
  input  wire [63:0]  i_r10,
  // Host window
  input  wire         i_hwe,
  input  wire [3:0]   i_hreg,
  input  wire         i_hhigh,
  input  wire [31:0]  i_hdata,
  input  wire [3:0]   i_hraddr,
  output wire [63:0]  o_hrdata,
  // Decode read ports (write-through)
  input  wire [3:0]   i_raddr_a,
  input  wire [3:0]   i_raddr_b,
  output wire [63:0]  o_rdata_a,
  output wire [63:0]  o_rdata_b,
  output wire [63:0]  o_rdata_r0,
  // Frame push: r6..r9 as they are now
  output wire [255:0] o_push_regs
);

  reg  [63:0] rf_q [0:10];
  wire [63:0] rf_d [0:15];

  genvar i;
  generate
    for (i = 0; i < 16; i = i + 1) begin : g_reg
      if (i <= 10) begin : g_real
        reg [63:0] d;
        always @(*) begin
          d = rf_q[i];
          if (i_hwe && i_hreg == i) begin
            if (i_hhigh) d[63:32] = i_hdata;
            else         d[31:0]  = i_hdata;
          end
          if (i >= 6 && i <= 9 && i_pop)
            d = i_pop_regs[64*((i+2)%4) +: 64];   // r6 at bits 63..0
          if (i_we && i_waddr == i)
            d = i_wdata;
          if (i == 10 && i_r10_we)
            d = i_r10;
        end
        assign rf_d[i] = d;
        always @(posedge i_clk)
          rf_q[i] <= d;
      end else begin : g_none
        assign rf_d[i] = 64'd0;
      end
    end
  endgenerate

  assign o_rdata_a   = rf_d[i_raddr_a];
  assign o_rdata_b   = rf_d[i_raddr_b];
  assign o_rdata_r0  = rf_d[0];
  assign o_hrdata    = (i_hraddr <= 4'd10) ? rf_q[i_hraddr] : 64'd0;
  assign o_push_regs = {rf_q[9], rf_q[8], rf_q[7], rf_q[6]};

endmodule

`default_nettype wire

// bpf_regfile.v: r0..r10, 64 bits each, in flip-flops.
// Writes (all take effect at the end of the cycle): the retiring
// instruction (one register), an exit that pops a frame (r6..r9 at once),
// r10 set by START / tail call, and the host's 32-bit writes.
// The decode read ports bypass the retiring instruction's write (not the
// frame pop: the pipeline interlocks on that), so decode sees it.  The host
// read port shares port B: the host reads only when the core is not running.
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
  // Decode read ports (port B also serves the host)
  input  wire [3:0]   i_raddr_a,
  input  wire [3:0]   i_raddr_b,
  output wire [63:0]  o_rdata_a,
  output wire [63:0]  o_rdata_b,
  output wire [63:0]  o_rdata_r0,
  // Frame push: r6..r9 as they are now
  output wire [255:0] o_push_regs
);

  reg  [63:0] rf_q [0:10];

  genvar i;
  generate
    for (i = 0; i <= 10; i = i + 1) begin : g_reg
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
      always @(posedge i_clk)
        rf_q[i] <= d;
    end
  endgenerate

  // Read ports as case muxes (an indexed array read becomes a shifter)
  function automatic [63:0] pick(input [3:0] n,
                                 input [63:0] v0, input [63:0] v1, input [63:0] v2,
                                 input [63:0] v3, input [63:0] v4, input [63:0] v5,
                                 input [63:0] v6, input [63:0] v7, input [63:0] v8,
                                 input [63:0] v9, input [63:0] v10);
    case (n)
      4'd0:    pick = v0;
      4'd1:    pick = v1;
      4'd2:    pick = v2;
      4'd3:    pick = v3;
      4'd4:    pick = v4;
      4'd5:    pick = v5;
      4'd6:    pick = v6;
      4'd7:    pick = v7;
      4'd8:    pick = v8;
      4'd9:    pick = v9;
      4'd10:   pick = v10;
      default: pick = 64'd0;
    endcase
  endfunction

  wire [63:0] qa = pick(i_raddr_a, rf_q[0], rf_q[1], rf_q[2], rf_q[3], rf_q[4], rf_q[5],
                        rf_q[6], rf_q[7], rf_q[8], rf_q[9], rf_q[10]);
  wire [63:0] qb = pick(i_raddr_b, rf_q[0], rf_q[1], rf_q[2], rf_q[3], rf_q[4], rf_q[5],
                        rf_q[6], rf_q[7], rf_q[8], rf_q[9], rf_q[10]);
  assign o_rdata_a   = (i_we && i_waddr == i_raddr_a) ? i_wdata : qa;
  assign o_rdata_b   = (i_we && i_waddr == i_raddr_b) ? i_wdata : qb;
  assign o_rdata_r0  = (i_we && i_waddr == 4'd0) ? i_wdata : rf_q[0];
  assign o_push_regs = {rf_q[9], rf_q[8], rf_q[7], rf_q[6]};

endmodule

`default_nettype wire

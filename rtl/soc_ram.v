// soc_ram.v: the SoC's RAM on the bus, 32 bits wide with byte enables,
// inferred as block RAM.  Latency: a request is answered (i_ack) in the
// cycle after it is raised; a write is done in the request's cycle.
// A second, read-only port is the pipelined core's instruction fetch
// (rv_pipe's o_iaddr): always ready, the word in the cycle after the
// address, so fetches never wait for loads and stores on the bus.
// INIT_FILE, when given, is the RAM's initial contents ($readmemh: one
// 32-bit word a line, WORDS lines), as a board's bitstream carries them.
// A fetch of the word the bus writes in the same cycle, and the bus's own
// read data in a write's cycle, are undefined on the FPGA (no_rw_check; the
// simulation returns the old data): the firmware does not write its own
// code, and a write's answer carries no data.  Without it yosys doubles
// the RAM (two copies, each read port sharing a block RAM port with the
// write: 128 DP16KD instead of 64 for 128 KiB).
// The load port writes words while the SoC is held in reset (a board's
// boot loader, the simulator's ELF loader); tie i_ld_we low without one.
// SPRAM = 1: a single port (no instruction port: rv_core fetches over the
// bus), on two soc_spram (SB_SPRAM256KA on the iCE40: the low and the high
// halves of each word; byte enable n writes nibbles 2n and 2n+1), the same
// timing; the load port shares the address (it is used in reset only).
// o_idata is then 0.
`default_nettype none

module soc_ram #(
  parameter integer WORDS = 32768,  // 32-bit words
  parameter integer AW    = 15,     // word address width, 2**AW >= WORDS
  parameter         INIT_FILE = "", // initial contents: a $readmemh file of WORDS 32-bit words ("": none)
  parameter integer SPRAM = 0       // 1: single port on SPRAM (no initial contents, no instruction port)
) (
  input  wire          i_clk,
  input  wire          i_rst,
  // Bus (selected by the decoder)
  input  wire          i_req,
  input  wire          i_we,
  input  wire [AW-1:0] i_addr,     // word address
  input  wire [3:0]    i_be,
  input  wire [31:0]   i_wdata,
  output reg           o_ack,
  output wire [31:0]   o_rdata,
  // Instruction port (read only)
  input  wire [AW-1:0] i_iaddr,    // word address
  output wire [31:0]   o_idata,
  // Load port (while in reset)
  input  wire          i_ld_we,
  input  wire [AW-1:0] i_ld_addr,
  input  wire [31:0]   i_ld_data
);

  wire go = i_req & ~o_ack;   // a request not answered yet

  wire          we    = (go & i_we) | i_ld_we;
  wire [AW-1:0] waddr = i_ld_we ? i_ld_addr : i_addr;
  wire [3:0]    wbe   = i_ld_we ? 4'b1111 : i_be;
  wire [31:0]   wdata = i_ld_we ? i_ld_data : i_wdata;

  always @(posedge i_clk)
    o_ack <= go & ~i_rst;

  generate
    if (SPRAM != 0) begin : g_spram
      wire [31:0] q;
      soc_spram #(.AW(AW)) u_lo (
        .i_clk(i_clk), .i_en(go | i_ld_we), .i_we(we), .i_addr(waddr),
        .i_mask({wbe[1], wbe[1], wbe[0], wbe[0]}), .i_wdata(wdata[15:0]), .o_rdata(q[15:0]));
      soc_spram #(.AW(AW)) u_hi (
        .i_clk(i_clk), .i_en(go | i_ld_we), .i_we(we), .i_addr(waddr),
        .i_mask({wbe[3], wbe[3], wbe[2], wbe[2]}), .i_wdata(wdata[31:16]), .o_rdata(q[31:16]));
      assign o_rdata = q;
      assign o_idata = 32'd0;
      wire unused_spram = ^{i_iaddr, INIT_FILE != ""};
    end else begin : g_bram

      (* no_rw_check *)
      reg [31:0] mem [0:WORDS-1];
      reg [31:0] rdata_q, idata_q;
      assign o_rdata = rdata_q;
      assign o_idata = idata_q;

      // The initial contents (a board's bitstream carries the firmware here)
      if (INIT_FILE != "") begin : g_init
        initial $readmemh(INIT_FILE, mem);
      end

      always @(posedge i_clk) begin
        if (we) begin
          if (wbe[0]) mem[waddr][7:0]   <= wdata[7:0];
          if (wbe[1]) mem[waddr][15:8]  <= wdata[15:8];
          if (wbe[2]) mem[waddr][23:16] <= wdata[23:16];
          if (wbe[3]) mem[waddr][31:24] <= wdata[31:24];
        end
        rdata_q <= mem[i_addr];
        idata_q <= mem[i_iaddr];
      end
    end
  endgenerate

endmodule

`default_nettype wire

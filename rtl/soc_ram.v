// soc_ram.v: the SoC's RAM on the bus, 32 bits wide with byte enables,
// inferred as block RAM.  Latency: a write is done in the request's cycle
// and answered (o_ack) in the next; a read is answered in the next cycle
// too, or with OREG = 1 in the one after, its data then from a register
// behind the mux between the block RAMs (the block RAMs' own output is
// slow, 5.6 ns on the ECP5, and on a 128 KiB RAM spread over the die: the
// register keeps both out of the paths into the core).
// A second, read-only port is the pipelined core's instruction fetch
// (rv_pipe's o_iaddr): always ready, the word two cycles after the address
// (the block RAM, then the same register behind the mux); while i_ihold is
// high the register keeps its word (rv_pipe's ID stage waiting; it then
// presents the same address again, so the block RAM's output stays too).
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
// halves of each word; byte enable n writes nibbles 2n and 2n+1), reads
// answered in the next cycle whatever OREG; the load port shares the
// address (it is used in reset only).  o_idata is then 0.
// LM = 1 (with SPRAM): the local memory port of the tiny eBPF core, whose
// instruction slots and stack live in the RAM's top words (bpfsoc_top
// LMEM): in a cycle with i_lm_req the RAM is the core's (a write, or a read
// whose word is at o_rdata in the next cycle) and the bus's request waits.
`default_nettype none

module soc_ram #(
  parameter integer WORDS = 32768,  // 32-bit words
  parameter integer AW    = 15,     // word address width, 2**AW >= WORDS
  parameter         INIT_FILE = "", // initial contents: a $readmemh file of WORDS 32-bit words ("": none)
  parameter integer SPRAM = 0,      // 1: single port on SPRAM (no initial contents, no instruction port)
  parameter integer OREG  = 0,      // 1: bus reads answered a cycle later, from a register (not with SPRAM)
  parameter integer LM    = 0       // 1: the local memory port (only with SPRAM)
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
  input  wire          i_ihold,    // o_idata keeps its word
  output wire [31:0]   o_idata,
  // Load port (while in reset)
  input  wire          i_ld_we,
  input  wire [AW-1:0] i_ld_addr,
  input  wire [31:0]   i_ld_data,
  // Local memory port (LM = 1): the eBPF core's, first in every cycle it
  // asks (the bus's request waits); a read's word at o_rdata next cycle
  input  wire          i_lm_req,
  input  wire          i_lm_we,
  input  wire [AW-1:0] i_lm_addr,
  input  wire [3:0]    i_lm_be,
  input  wire [31:0]   i_lm_wdata
);

  reg  rd_wait;                // OREG: a read's data is in the register next cycle
  wire lm = (LM != 0) & i_lm_req;
  wire go = i_req & ~o_ack & ~rd_wait & ~lm;   // a request not answered yet

  wire          we    = lm ? i_lm_we : (go & i_we) | i_ld_we;
  wire [AW-1:0] waddr = lm ? i_lm_addr : i_ld_we ? i_ld_addr : i_addr;
  wire [3:0]    wbe   = lm ? i_lm_be : i_ld_we ? 4'b1111 : i_be;
  wire [31:0]   wdata = lm ? i_lm_wdata : i_ld_we ? i_ld_data : i_wdata;

  // OREG = 1: a write is answered in the next cycle, a read a cycle later
  wire late    = (OREG != 0) && (SPRAM == 0);
  wire rd_late = late & ~i_we;
  always @(posedge i_clk) begin
    rd_wait <= go & rd_late & ~i_rst;
    o_ack   <= ((go & ~rd_late) | rd_wait) & ~i_rst;
  end

  generate
    if (SPRAM != 0) begin : g_spram
      wire [31:0] q;
      soc_spram #(.AW(AW)) u_lo (
        .i_clk(i_clk), .i_en(go | i_ld_we | lm), .i_we(we), .i_addr(waddr),
        .i_mask({wbe[1], wbe[1], wbe[0], wbe[0]}), .i_wdata(wdata[15:0]), .o_rdata(q[15:0]));
      soc_spram #(.AW(AW)) u_hi (
        .i_clk(i_clk), .i_en(go | i_ld_we | lm), .i_we(we), .i_addr(waddr),
        .i_mask({wbe[3], wbe[3], wbe[2], wbe[2]}), .i_wdata(wdata[31:16]), .o_rdata(q[31:16]));
      assign o_rdata = q;
      assign o_idata = 32'd0;
      wire unused_spram = ^{i_iaddr, i_ihold, INIT_FILE != ""};
    end else begin : g_bram

      (* no_rw_check *)
      reg [31:0] mem [0:WORDS-1];
      // *_b: the block RAMs' outputs (with yosys's mux between them);
      // *_q: the registers behind them
      reg [31:0] rdata_b, idata_b, rdata_q, idata_q;
      assign o_rdata = late ? rdata_q : rdata_b;
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
        rdata_b <= mem[i_addr];
        idata_b <= mem[i_iaddr];
      end
      always @(posedge i_clk) begin
        rdata_q <= rdata_b;
        if (!i_ihold)
          idata_q <= idata_b;
      end
    end
  endgenerate

endmodule

`default_nettype wire

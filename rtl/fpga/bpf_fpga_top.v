// bpf_fpga_top.v: a synthesis-only top for the FPGA report (mk/fpga.mk):
// the core with its control bus on pins (registered both ways) and, behind
// its data port, a small block-RAM memory that grants every request at once
// and answers two cycles later, from a register behind the block RAM (its
// output register), as a SoC's bus delivers a response.  That keeps the pin
// count small (the 64-bit data port stays inside) while every core path,
// the data port's included, is timed as it would be in a SoC.  Not a
// product: the memory ignores the low address bits and the access size.
// Latency: control bus reads answer three cycles after the request (pins
// are registered, and the core answers two cycles after its request).  Handshake: as bpf_core's control bus.
`default_nettype none

module bpf_fpga_top (
  input  wire        i_clk,
  input  wire        i_rst,
  // Control bus
  input  wire        i_ctl_sel,
  input  wire        i_ctl_we,
  input  wire [15:0] i_ctl_addr,
  input  wire [31:0] i_ctl_wdata,
  output reg  [31:0] o_ctl_rdata,
  // Interrupts
  output reg         o_irq
);

  reg        rst_q, sel_q, we_q;
  reg [15:0] addr_q;
  reg [31:0] wdata_q;
  always @(posedge i_clk) begin
    rst_q   <= i_rst;
    sel_q   <= i_ctl_sel;
    we_q    <= i_ctl_we;
    addr_q  <= i_ctl_addr;
    wdata_q <= i_ctl_wdata;
  end

  wire [31:0] rdata;
  wire [2:0]  state;
  wire        irq_done, irq_fault, irq_helper;
  wire        req, we, lock;
  wire [31:0] addr;
  wire [3:0]  size;
  wire [63:0] wdata;
  reg         rvalid_q, rvalid_q2;
  wire [63:0] mem_q;
  reg  [63:0] mem_q2;

  bpf_core u_core (
    .i_clk(i_clk), .i_rst(rst_q),
    .i_ctl_sel(sel_q), .i_ctl_we(we_q), .i_ctl_addr(addr_q), .i_ctl_wdata(wdata_q),
    .o_ctl_rdata(rdata),
    .o_state(state), .o_irq_done(irq_done), .o_irq_fault(irq_fault), .o_irq_helper(irq_helper),
    .o_dmem_req(req), .o_dmem_we(we), .o_dmem_addr(addr), .o_dmem_size(size),
    .o_dmem_wdata(wdata), .o_dmem_lock(lock),
    .i_dmem_gnt(req), .i_dmem_rvalid(rvalid_q2), .i_dmem_rdata(mem_q2));

  // The memory behind the data port: 512 x 64 bits
  bpf_sdpram #(.W(64), .DEPTH(512), .AW(9)) u_mem (
    .i_clk(i_clk), .i_we(req & we), .i_waddr(addr[11:3]), .i_wdata(wdata),
    .i_re(1'b1), .i_raddr(addr[11:3]), .o_rdata(mem_q));

  always @(posedge i_clk) begin
    rvalid_q    <= req & ~rst_q;
    rvalid_q2   <= rvalid_q & ~rst_q;
    mem_q2      <= mem_q;
    o_ctl_rdata <= rdata;
    o_irq       <= irq_done | irq_fault | irq_helper | (state == 3'd0 && lock && size == 4'd0);
  end

endmodule

`default_nettype wire

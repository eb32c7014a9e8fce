// soc_uart.v: the SoC's UART, 8 data bits, no parity, one stop bit, with a
// receive FIFO that holds a whole frame of the host protocol (the firmware
// may fall behind the line within a frame) and a small transmit FIFO.  The bit time is DIV clock cycles (registers
// in spec/bpfsoc.toml [soc.uart]); 3 Mbaud needs a clock of at least
// 3 * 16 MHz... any clock with DIV >= 4.
// Receive: two flip-flops synchronise the line; a falling edge starts a
// frame, each bit is sampled in its middle, a stop bit of 0 is a framing
// error (the byte is dropped, FRAME_ERR set).  A byte that finds the FIFO
// full is dropped and sets OVERRUN.
// Bus: a request is answered in the cycle after it is raised (o_rdata is 0
// in every other cycle); a read of
// DATA pops the receive FIFO, a write pushes the transmit FIFO (a write to
// a full FIFO is dropped; software checks TX_FULL first).
// o_irq: RX_AVAIL & IE bit 0, or TX_IDLE & IE bit 1.
`default_nettype none

module soc_uart #(
  parameter integer RX_AW    = 11,   // log2 of the receive FIFO's depth (a whole frame)
  parameter integer TX_AW    = 4,    // log2 of the transmit FIFO's depth
  parameter integer DIV_INIT = 16    // bit time after reset, in clock cycles
) (
  input  wire        i_clk,
  input  wire        i_rst,
  // Bus (selected by the decoder)
  input  wire        i_req,
  input  wire        i_we,
  input  wire [7:0]  i_addr,    // byte offset in the window
  /* verilator lint_off UNUSEDSIGNAL */  // registers of at most 16 bits
  input  wire [3:0]  i_be,
  input  wire [31:0] i_wdata,
  /* verilator lint_on UNUSEDSIGNAL */
  output reg         o_ack,
  output reg  [31:0] o_rdata,
  // Line and interrupt
  input  wire        i_rx,
  output reg         o_tx,
  output wire        o_irq,
  output wire [15:0] o_div      // the bit time (the simulator's line model reads it)
);

  /* verilator lint_off UNUSEDPARAM */
`undef BPFSOC_MAP_VH
`include "bpfsoc_map.vh"
  /* verilator lint_on UNUSEDPARAM */


  wire go = i_req & ~o_ack;
  wire wr = go & i_we;
  wire rd = go & ~i_we;

  reg [15:0] div;
  reg [1:0]  ie;
  reg        overrun, frame_err;

  // ---- FIFOs: pointers one bit wider than the address ----
  reg  [7:0]     rxf [0:(1 << RX_AW)-1];
  reg  [7:0]     txf [0:(1 << TX_AW)-1];
  reg  [RX_AW:0] rx_w, rx_r;
  reg  [TX_AW:0] tx_w, tx_r;
  wire           rx_empty = (rx_w == rx_r);
  wire           rx_full  = (rx_w == {~rx_r[RX_AW], rx_r[RX_AW-1:0]});
  wire           tx_empty = (tx_w == tx_r);
  wire           tx_full  = (tx_w == {~tx_r[TX_AW], tx_r[TX_AW-1:0]});

  // ---- transmitter ----
  reg  [9:0]  tx_sh;        // stop, data, start: shifted out from bit 0
  reg  [3:0]  tx_bits;      // bits left in tx_sh
  reg  [15:0] tx_cnt;
  wire        tx_idle = tx_empty & (tx_bits == 4'd0);

  // ---- receiver ----
  reg  [2:0]  rx_sync;
  reg         rx_busy;
  reg  [3:0]  rx_bit;       // 0 start, 1..8 data, 9 stop
  reg  [15:0] rx_cnt;
  reg  [7:0]  rx_sh;
  wire        rx_line = rx_sync[2];

  wire push_tx = wr & (i_addr == SOC_UART_DATA[7:0]) & i_be[0] & ~tx_full;
  wire pop_rx  = rd & (i_addr == SOC_UART_DATA[7:0]) & ~rx_empty;
  reg  rx_done;             // a byte completes this cycle (stop bit sampled high)

  always @(posedge i_clk) begin
    if (i_rst) begin
      div       <= DIV_INIT[15:0];
      ie        <= 2'd0;
      overrun   <= 1'b0;
      frame_err <= 1'b0;
      rx_w      <= 0;
      rx_r      <= 0;
      tx_w      <= 0;
      tx_r      <= 0;
      tx_bits   <= 4'd0;
      tx_cnt    <= 16'd0;
      o_tx      <= 1'b1;
      rx_sync   <= 3'b111;
      rx_busy   <= 1'b0;
      rx_done   <= 1'b0;
    end else begin
      // registers
      if (wr && i_addr == SOC_UART_DIV[7:0]) begin
        if (i_be[0]) div[7:0]  <= i_wdata[7:0];
        if (i_be[1]) div[15:8] <= i_wdata[15:8];
      end
      if (wr && i_addr == SOC_UART_IE[7:0] && i_be[0])
        ie <= i_wdata[1:0];
      // STATUS: writing 1 clears a sticky error bit
      if (wr && i_addr == SOC_UART_STATUS[7:0] && i_be[0]) begin
        if (i_wdata[3]) overrun   <= 1'b0;
        if (i_wdata[4]) frame_err <= 1'b0;
      end

      // transmit FIFO and shifter
      if (push_tx) begin
        txf[tx_w[TX_AW-1:0]] <= i_wdata[7:0];
        tx_w <= tx_w + 1'b1;
      end
      if (tx_bits == 4'd0) begin
        o_tx <= 1'b1;
        if (!tx_empty) begin
          tx_sh   <= {1'b1, txf[tx_r[TX_AW-1:0]], 1'b0};
          tx_r    <= tx_r + 1'b1;
          tx_bits <= 4'd10;
          tx_cnt  <= 16'd0;
        end
      end else begin
        o_tx <= tx_sh[0];
        if (tx_cnt == div - 16'd1) begin
          tx_cnt  <= 16'd0;
          tx_sh   <= {1'b1, tx_sh[9:1]};
          tx_bits <= tx_bits - 4'd1;
        end else begin
          tx_cnt <= tx_cnt + 16'd1;
        end
      end

      // receiver: sample each bit in its middle
      rx_sync <= {rx_sync[1:0], i_rx};
      rx_done <= 1'b0;
      if (!rx_busy) begin
        if (!rx_line) begin
          rx_busy <= 1'b1;
          rx_bit  <= 4'd0;
          rx_cnt  <= {1'b0, div[15:1]};   // half a bit to the start bit's middle
        end
      end else if (rx_cnt != 16'd0) begin
        rx_cnt <= rx_cnt - 16'd1;
      end else begin
        rx_cnt <= div - 16'd1;
        if (rx_bit == 4'd0) begin
          if (rx_line) rx_busy <= 1'b0;   // a glitch, not a start bit
          rx_bit <= 4'd1;
        end else if (rx_bit != 4'd9) begin
          rx_sh  <= {rx_line, rx_sh[7:1]};
          rx_bit <= rx_bit + 4'd1;
        end else begin
          rx_busy <= 1'b0;
          if (rx_line)
            rx_done <= 1'b1;
          else
            frame_err <= 1'b1;
        end
      end
      if (rx_done) begin
        if (rx_full) begin
          overrun <= 1'b1;
        end else begin
          rxf[rx_w[RX_AW-1:0]] <= rx_sh;
          rx_w <= rx_w + 1'b1;
        end
      end
      if (pop_rx)
        rx_r <= rx_r + 1'b1;
    end
  end

  always @(posedge i_clk) begin
    o_ack <= go & ~i_rst;
    if (!go)               // 0 but in the answer's cycle: the SoC ORs the answers
      o_rdata <= 32'd0;
    else case (i_addr)
      SOC_UART_DATA[7:0]:   o_rdata <= {rx_empty, 23'd0, rxf[rx_r[RX_AW-1:0]]};
      SOC_UART_STATUS[7:0]: o_rdata <= {27'd0, frame_err, overrun, tx_idle, tx_full, ~rx_empty};
      SOC_UART_DIV[7:0]:    o_rdata <= {16'd0, div};
      SOC_UART_IE[7:0]:     o_rdata <= {30'd0, ie};
      default:              o_rdata <= 32'd0;
    endcase
  end

  assign o_irq = (ie[0] & ~rx_empty) | (ie[1] & tx_idle);
  assign o_div = div;

endmodule

`default_nettype wire

// soc_spiboot.v: a board's boot loader in hardware: it copies the
// firmware from the board's SPI flash into the SoC's RAM while it holds
// the SoC in reset, for parts whose RAM cannot carry initial contents in
// the bitstream (the iCE40 UP5K's SPRAM).  After its reset it:
//   1. waits WAIT_CYCLES with the flash deselected (power-up);
//   2. sends 0xAB (release from deep power-down: harmless when the flash is
//      awake) and waits WAIT_CYCLES again (the flash's tRES1, 3 us);
//   3. sends 0x03 (READ) with the 24-bit address OFFSET and reads BYTES
//      bytes, which it writes to the RAM as little-endian 32-bit words
//      through the SoC's load port (o_ld_*: word w at byte address 4*w);
//   4. deselects the flash and drops o_busy.
// SPI mode 0 at half the clock: SCK is high every other cycle; MOSI
// changes with SCK's falling edge and MISO is sampled while SCK is high,
// just before it falls.  At 24 MHz a 64 KiB image takes 44 ms.
// The flash image is the RAM's bytes from address 0 (bitstreams/elf2hex.py
// --bin), written at OFFSET (make prog BOARD=icebreaker).
`default_nettype none

module soc_spiboot #(
  parameter integer BYTES       = 65536,     // bytes to copy, a multiple of 4
  parameter [23:0]  OFFSET      = 24'h100000, // where the image starts in the flash
  parameter integer WAIT_CYCLES = 256        // >= 3 us at the clock
) (
  input  wire        i_clk,
  input  wire        i_rst,
  // SPI flash
  output reg         o_cs_n,
  output reg         o_sck,
  output wire        o_mosi,
  input  wire        i_miso,
  // The SoC's RAM load port, and reset while loading
  output reg         o_ld_we,
  output wire [31:0] o_ld_addr,
  output reg  [31:0] o_ld_data,
  output wire        o_busy
);

  localparam integer WORDS = BYTES / 4;
  localparam integer NW    = (WORDS > 1) ? $clog2(WORDS) : 1;   // word number width
  localparam [31:0]   LAST32 = WORDS - 1;
  localparam [NW-1:0] LAST   = LAST32[NW-1:0];           // the last word's number
  localparam integer WW = $clog2(WAIT_CYCLES + 1);

  localparam [2:0] S_POWER = 3'd0, S_WAKE = 3'd1, S_TRES = 3'd2, S_CMD = 3'd3,
                   S_DATA = 3'd4, S_DONE = 3'd5;

  generate
    if (BYTES % 4 != 0 || BYTES == 0) begin : g_bad_config
      // Elaboration fails here: BYTES must be a positive multiple of 4.
      soc_spiboot_unsupported_configuration u_bad ();
    end
  endgenerate

  reg [2:0]    state;
  reg [WW-1:0] wait_q;
  reg [31:0]   tx;        // bits still to send, MSB first
  reg [5:0]    tx_n;      // how many
  reg [6:0]    rx;        // the byte coming in, MSB first (its last bit is MISO itself)
  reg [2:0]    rx_bit;
  reg [1:0]    rx_byte;   // of the word
  reg [NW-1:0] word;      // the word being read: the next write's

  assign o_mosi = tx[31];
  assign o_busy = state != S_DONE;
  assign o_ld_addr = {{(30-NW){1'b0}}, word, 2'b00};

  // A bit ends in the cycle SCK is high: sample MISO, shift out the next bit.
  wire bit_end = o_sck;

  always @(posedge i_clk) begin
    o_ld_we <= 1'b0;
    if (i_rst) begin
      state   <= S_POWER;
      wait_q  <= WAIT_CYCLES[WW-1:0];
      o_cs_n  <= 1'b1;
      o_sck   <= 1'b0;
      tx      <= 32'd0;
      tx_n    <= 6'd0;
      rx_bit  <= 3'd0;
      rx_byte <= 2'd0;
      word    <= {NW{1'b0}};
    end else begin
      case (state)
        S_POWER, S_TRES: begin   // deselected (from the cycle after SCK fell), waiting
          o_cs_n <= 1'b1;
          if (wait_q != 0)
            wait_q <= wait_q - 1'b1;
          else begin
            o_cs_n <= 1'b0;
            if (state == S_POWER) begin
              state <= S_WAKE;
              tx    <= {8'hab, 24'd0};
              tx_n  <= 6'd8;
            end else begin
              state <= S_CMD;
              tx    <= {8'h03, OFFSET};
              tx_n  <= 6'd32;
            end
          end
        end
        S_WAKE, S_CMD: begin     // sending tx_n bits
          o_sck <= ~o_sck;
          if (bit_end) begin
            tx   <= {tx[30:0], 1'b0};
            tx_n <= tx_n - 1'b1;
            if (tx_n == 6'd1) begin
              if (state == S_WAKE) begin
                state  <= S_TRES;
                wait_q <= WAIT_CYCLES[WW-1:0];
              end else
                state <= S_DATA;
            end
          end
        end
        S_DATA: begin            // reading bytes into words
          o_sck <= ~o_sck;
          if (bit_end) begin
            rx     <= {rx[5:0], i_miso};
            rx_bit <= rx_bit + 1'b1;
            if (rx_bit == 3'd7) begin
              o_ld_data <= {rx[6:0], i_miso, o_ld_data[31:8]};
              rx_byte   <= rx_byte + 1'b1;
              if (rx_byte == 2'd3) begin
                o_ld_we <= 1'b1;
                if (word == LAST)
                  state <= S_DONE;
              end
            end
          end
        end
        default: o_cs_n <= 1'b1; // S_DONE: deselected, idle until the next reset
      endcase
      if (o_ld_we)
        word <= word + 1'b1;
    end
  end

endmodule

`default_nettype wire

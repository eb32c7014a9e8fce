// bpf_ctl.v: the core's control interface: the registers of [core.ctl] in
// spec/bpfsoc.toml, the core state machine (IDLE RUNNING HELPER DONE FAULT
// CLEARING) and the stack clearing sequence.
// Bus handshake: a write (i_sel & i_we) takes effect at the end of its
// cycle; a read (i_sel & !i_we) returns o_rdata in the next cycle.  No wait
// states.  While the core is RUNNING or CLEARING only CTRL may be written
// (ABORT); other writes are ignored.
`default_nettype none

module bpf_ctl #(
  parameter integer IMEM_DEPTH = 4096,
  parameter integer IAW        = 12,   // IMEM slot address width
  parameter integer SRW        = 9     // stack row address width
) (
  input  wire           i_clk,
  input  wire           i_rst,
  // Bus
  input  wire           i_sel,
  input  wire           i_we,
  input  wire [15:0]    i_addr,
  input  wire [31:0]    i_wdata,
  output reg  [31:0]    o_rdata,
  // State
  output reg  [2:0]     o_state,
  // Commands to the pipeline (pulses in the cycle after the CTRL write,
  // registered so that the bus decode is not in the pipeline's paths)
  output wire           o_start,
  output wire           o_resume_ret,
  output wire           o_resume_tail,
  output wire           o_abort_req,    // level: abort the running program
  // Events from the pipeline
  input  wire           i_ev_done,      // exit retired from frame 0
  input  wire           i_ev_fault,
  input  wire [3:0]     i_ev_code,
  input  wire [31:0]    i_ev_pc,        // fault or exit pc
  input  wire           i_ev_helper,    // helper call reached the commit point
  input  wire [31:0]    i_ev_hid,
  input  wire           i_ev_hbtf,    // the helper call names a BTF id
  // Configuration
  output reg  [31:0]    o_entry_pc,
  output reg  [31:0]    o_prog_limit,   // min(PROG_LEN, IMEM_DEPTH)
  output reg  [31:0]    o_budget,
  output reg  [31:0]    o_helper_arg,
  output reg  [31:0]    o_helper_pc,
  output reg  [31:0]    o_pkt_base,
  output reg  [31:0]    o_pkt_len,
  output wire [127:0]   o_rgn_base,     // region n at bits 32n+31..32n
  output wire [131:0]   o_rgn_end,      // base + size, 33 bits each
  output wire [7:0]     o_rgn_flags,    // VALID, WRITE per region
  // Register window
  output wire           o_reg_we,
  output wire [3:0]     o_reg_sel,
  output wire           o_reg_high,
  output wire [31:0]    o_reg_wdata,
  output wire [3:0]     o_reg_raddr,
  input  wire [63:0]    i_reg_rdata,
  // Counter window
  output wire [2:0]     o_cnt_raddr,
  input  wire [63:0]    i_cnt_rdata,
  // IMEM window
  output wire           o_imem_we,
  output wire [IAW-1:0] o_imem_slot,
  output wire           o_imem_high,
  output wire [31:0]    o_imem_wdata,
  // Stack clearing
  output wire           o_clr_we,
  output wire [SRW-1:0] o_clr_row
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam integer NR = BPF_NUM_REGIONS;

  // ---- registers ----
  reg [31:0]    prog_len_q, helper_action_q, helper_id_q;
  reg           helper_btf_q;
  reg [3:0]     fault_code_q;
  reg [31:0]    fault_pc_q;
  reg [31:0]    rgn_base_q  [0:NR-1];
  reg [31:0]    rgn_size_q  [0:NR-1];
  reg [1:0]     rgn_flags_q [0:NR-1];
  reg [32:0]    rgn_end_q   [0:NR-1];
  reg [SRW-1:0] clr_row_q;
  reg           abort_q;

  wire running  = (o_state == BPF_STATE_RUNNING[2:0]);
  wire helper   = (o_state == BPF_STATE_HELPER[2:0]);
  wire clearing = (o_state == BPF_STATE_CLEARING[2:0]);
  wire busy     = running | clearing;

  wire wr      = i_sel & i_we;
  wire wr_ctrl = wr & (i_addr == BPF_CTL_CTRL[15:0]);
  wire wr_cfg  = wr & ~busy;

  // CTRL: ABORT, then RESUME, then START, then CLEAR_STACK (one per write)
  wire cmd_abort  = wr_ctrl & i_wdata[2] & (running | helper);
  wire cmd_resume = wr_ctrl & ~cmd_abort & i_wdata[1] & helper;
  wire cmd_start  = wr_ctrl & ~cmd_abort & ~cmd_resume & i_wdata[0] & ~busy;
  wire cmd_clear  = wr_ctrl & ~cmd_abort & ~cmd_resume & ~cmd_start & i_wdata[3] & ~busy;

  wire act_ret   = (helper_action_q == BPF_HELPER_RETURN);
  wire act_tail  = (helper_action_q == BPF_HELPER_TAIL_CALL);

  reg cmd_start_q, cmd_ret_q, cmd_tail_q;
  always @(posedge i_clk) begin
    if (i_rst) begin
      cmd_start_q <= 1'b0;
      cmd_ret_q   <= 1'b0;
      cmd_tail_q  <= 1'b0;
    end else begin
      cmd_start_q <= cmd_start;
      cmd_ret_q   <= cmd_resume & act_ret;
      cmd_tail_q  <= cmd_resume & act_tail;
    end
  end
  assign o_start       = cmd_start_q;
  assign o_resume_ret  = cmd_ret_q;
  assign o_resume_tail = cmd_tail_q;
  assign o_abort_req   = abort_q & running;

  // ---- state machine ----
  always @(posedge i_clk) begin
    if (i_rst) begin
      o_state      <= BPF_STATE_IDLE[2:0];
      fault_code_q <= 4'd0;
      fault_pc_q   <= 32'd0;
      abort_q      <= 1'b0;
      clr_row_q    <= {SRW{1'b0}};
    end else begin
      if (cmd_abort && running)
        abort_q <= 1'b1;
      if (!running)
        abort_q <= 1'b0;

      if (running && i_ev_done) begin
        o_state      <= BPF_STATE_DONE[2:0];
        fault_code_q <= BPF_FAULT_NONE[3:0];
        fault_pc_q   <= i_ev_pc;
      end else if (running && i_ev_fault) begin
        o_state      <= BPF_STATE_FAULT[2:0];
        fault_code_q <= i_ev_code;
        fault_pc_q   <= i_ev_pc;
      end else if (running && i_ev_helper) begin
        o_state     <= BPF_STATE_HELPER[2:0];
        helper_id_q <= i_ev_hid;
        helper_btf_q <= i_ev_hbtf;
        o_helper_pc <= i_ev_pc;
      end else if (cmd_abort && helper) begin
        o_state      <= BPF_STATE_FAULT[2:0];
        fault_code_q <= BPF_FAULT_ABORTED[3:0];
        fault_pc_q   <= o_helper_pc;
      end else if (cmd_resume) begin
        if (act_ret || act_tail) begin
          o_state <= BPF_STATE_RUNNING[2:0];
        end else begin
          o_state      <= BPF_STATE_FAULT[2:0];
          fault_code_q <= BPF_FAULT_HELPER[3:0];
          fault_pc_q   <= o_helper_pc;
        end
      end else if (cmd_start) begin
        o_state      <= BPF_STATE_RUNNING[2:0];
        fault_code_q <= BPF_FAULT_NONE[3:0];
        fault_pc_q   <= 32'd0;
      end else if (cmd_clear) begin
        o_state   <= BPF_STATE_CLEARING[2:0];
        clr_row_q <= {SRW{1'b0}};
      end else if (clearing) begin
        clr_row_q <= clr_row_q + 1'b1;
        if (&clr_row_q)
          o_state <= BPF_STATE_IDLE[2:0];
      end
    end
  end

  assign o_clr_we  = clearing;
  assign o_clr_row = clr_row_q;

  // ---- configuration registers ----
  // The windows are aligned blocks, so they decode from the address bits
  // alone (no adders or magnitude compares on the bus path):
  //   regions    REGION_BASE, 64 bytes (4 x 16)
  //   registers  REG_BASE, 128 bytes of which r0..r10 (88) exist
  //   counters   CNT_BASE, 64 bytes
  //   IMEM       IMEM_BASE, 8 * IMEM_DEPTH bytes
  localparam integer IMW = $clog2(8 * IMEM_DEPTH);   // IMEM window address bits
  generate
    if ((BPF_CTL_REGION_BASE % 64) != 0 || NR > 4 || BPF_CTL_REGION_STRIDE != 16 ||
        (BPF_CTL_REG_BASE % 128) != 0 || (BPF_CTL_CNT_BASE % 64) != 0 || BPF_CNT_NUM > 8 ||
        (BPF_CTL_IMEM_BASE % (8 * IMEM_DEPTH)) != 0 || (1 << IMW) != 8 * IMEM_DEPTH) begin : g_bad_map
      // Elaboration fails here: no such module.  The windows must be aligned blocks.
      bpf_ctl_unsupported_map u_bad ();
    end
  endgenerate

  wire [1:0]  rgn_n   = i_addr[5:4];
  wire [1:0]  rgn_f   = i_addr[3:2];
  wire in_rgn = (i_addr[15:6] == BPF_CTL_REGION_BASE[15:6]) && ({1'b0, rgn_n} < NR[2:0]);

  always @(posedge i_clk) begin
    if (i_rst) begin
      o_entry_pc      <= 32'd0;
      prog_len_q      <= 32'd0;
      o_budget        <= 32'd0;
      helper_action_q <= 32'd0;
      o_helper_arg    <= 32'd0;
      o_pkt_base      <= 32'd0;
      o_pkt_len       <= 32'd0;
    end else if (wr_cfg) begin
      case (i_addr)
        BPF_CTL_ENTRY_PC[15:0]:      o_entry_pc      <= i_wdata;
        BPF_CTL_PROG_LEN[15:0]:      prog_len_q      <= i_wdata;
        BPF_CTL_BUDGET[15:0]:        o_budget        <= i_wdata;
        BPF_CTL_HELPER_ACTION[15:0]: helper_action_q <= i_wdata;
        BPF_CTL_HELPER_ARG[15:0]:    o_helper_arg    <= i_wdata;
        BPF_CTL_PKT_BASE[15:0]:      o_pkt_base      <= i_wdata;
        BPF_CTL_PKT_LEN[15:0]:       o_pkt_len       <= i_wdata;
        default: ;
      endcase
    end
    o_prog_limit <= (prog_len_q < IMEM_DEPTH) ? prog_len_q : IMEM_DEPTH;
  end

  genvar n;
  generate
    for (n = 0; n < NR; n = n + 1) begin : g_rgn
      always @(posedge i_clk) begin
        if (i_rst) begin
          rgn_base_q[n]  <= 32'd0;
          rgn_size_q[n]  <= 32'd0;
          rgn_flags_q[n] <= 2'd0;
        end else if (wr_cfg && in_rgn && rgn_n == n) begin
          case (rgn_f)
            2'd0:    rgn_base_q[n]  <= i_wdata;
            2'd1:    rgn_size_q[n]  <= i_wdata;
            2'd2:    rgn_flags_q[n] <= i_wdata[1:0];
            default: ;
          endcase
        end
        rgn_end_q[n] <= {1'b0, rgn_base_q[n]} + {1'b0, rgn_size_q[n]};
      end
      assign o_rgn_base[32*n +: 32]  = rgn_base_q[n];
      assign o_rgn_end[33*n +: 33]   = rgn_end_q[n];
      assign o_rgn_flags[2*n +: 2]   = rgn_flags_q[n];
    end
  endgenerate

  // ---- windows ----
  wire in_reg  = (i_addr[15:7] == BPF_CTL_REG_BASE[15:7]) && (i_addr[6:3] <= 4'd10);
  wire in_cnt  = (i_addr[15:6] == BPF_CTL_CNT_BASE[15:6]) && ({1'b0, i_addr[5:3]} < BPF_CNT_NUM[3:0]);
  wire in_imem = (i_addr[15:IMW] == BPF_CTL_IMEM_BASE[15:IMW]);
  // Offsets into the windows (above the byte-in-word bits)
  wire [6:3]     reg_off  = i_addr[6:3];
  wire [5:3]     cnt_off  = i_addr[5:3];
  wire [IMW-1:3] imem_off = i_addr[IMW-1:3];

  assign o_reg_we     = wr_cfg & in_reg;
  assign o_reg_sel    = reg_off[6:3];
  assign o_reg_high   = i_addr[2];
  assign o_reg_wdata  = i_wdata;
  assign o_reg_raddr  = reg_off[6:3];
  assign o_cnt_raddr  = cnt_off[5:3];
  assign o_imem_we    = wr_cfg & in_imem;
  assign o_imem_slot  = imem_off[IAW+2:3];
  assign o_imem_high  = i_addr[2];
  assign o_imem_wdata = i_wdata;

  // ---- read data, one cycle after the request ----
  always @(posedge i_clk) begin
    if (i_sel && !i_we) begin
      if (in_reg)
        o_rdata <= i_addr[2] ? i_reg_rdata[63:32] : i_reg_rdata[31:0];
      else if (in_cnt)
        o_rdata <= i_addr[2] ? i_cnt_rdata[63:32] : i_cnt_rdata[31:0];
      else if (in_rgn)
        o_rdata <= (rgn_f == 2'd0) ? rgn_base_q[rgn_n] :
                   (rgn_f == 2'd1) ? rgn_size_q[rgn_n] :
                   (rgn_f == 2'd2) ? {30'd0, rgn_flags_q[rgn_n]} : 32'd0;
      else begin
        case (i_addr)
          BPF_CTL_ID[15:0]:            o_rdata <= BPF_CORE_ID_VALUE;
          BPF_CTL_VERSION[15:0]:       o_rdata <= {BPFSOC_VERSION_MAJOR[15:0],
                                                   BPFSOC_VERSION_MINOR[15:0]};
          BPF_CTL_CONFIG[15:0]:        o_rdata <= {8'd0, BPF_NUM_REGIONS[3:0],
                                                   BPF_MAX_DEPTH[3:0], IMEM_DEPTH[15:0]};
          BPF_CTL_STATUS[15:0]:        o_rdata <= {29'd0, o_state};
          BPF_CTL_FAULT_CODE[15:0]:    o_rdata <= {28'd0, fault_code_q};
          BPF_CTL_FAULT_PC[15:0]:      o_rdata <= fault_pc_q;
          BPF_CTL_ENTRY_PC[15:0]:      o_rdata <= o_entry_pc;
          BPF_CTL_PROG_LEN[15:0]:      o_rdata <= prog_len_q;
          BPF_CTL_BUDGET[15:0]:        o_rdata <= o_budget;
          BPF_CTL_HELPER_ID[15:0]:     o_rdata <= helper_id_q;
          BPF_CTL_HELPER_KIND[15:0]:   o_rdata <= helper_btf_q ? BPF_HELPER_KIND_BTF_ID
                                                               : BPF_HELPER_KIND_ID;
          BPF_CTL_HELPER_PC[15:0]:     o_rdata <= o_helper_pc;
          BPF_CTL_HELPER_ACTION[15:0]: o_rdata <= helper_action_q;
          BPF_CTL_HELPER_ARG[15:0]:    o_rdata <= o_helper_arg;
          BPF_CTL_PKT_BASE[15:0]:      o_rdata <= o_pkt_base;
          BPF_CTL_PKT_LEN[15:0]:       o_rdata <= o_pkt_len;
          default:                     o_rdata <= 32'd0;
        endcase
      end
    end
  end

endmodule

`default_nettype wire

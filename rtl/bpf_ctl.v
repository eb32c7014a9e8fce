// bpf_ctl.v: the core's control interface: the registers of [core.ctl] in
// spec/bpfsoc.toml, the core state machine (IDLE RUNNING HELPER DONE FAULT
// CLEARING) and the stack clearing sequence.
// Bus handshake: a write (i_sel & i_we) takes effect at the end of its
// cycle; a read (i_sel & !i_we) returns o_rdata two cycles after the
// request: the address is decoded and registered in the request cycle, the
// data multiplexed in the next.  No wait states.  While the core is RUNNING or CLEARING only CTRL may be written
// (ABORT); other writes are ignored.
// The stack window (STACK_WIN) reaches the stack RAM: a write goes to its
// write port in the write cycle; a read presents its row to the RAM's read
// port in the request cycle (bpf_core gives the host the port while the
// pipeline is stopped) and the RAM's output is multiplexed in the next, so
// the RAM's one-cycle latency is the cycle the other reads spend in their
// registered selects.  While RUNNING or CLEARING a window read returns 0.
`default_nettype none

module bpf_ctl #(
  parameter integer IMEM_DEPTH = 4096,
  parameter integer IAW        = 12,   // IMEM slot address width
  parameter integer SRW        = 9,    // stack row address width
  parameter integer CRW        = SRW,  // clearing row counter width (the tiny core
                                       // clears 4-byte words: SRW + 1)
  parameter integer RAM_COPY   = 1,    // 1: the registers' read copy in LUT RAM;
                                       // 0: read the registers themselves (iCE40,
                                       // where LUT RAM is flip-flops);
                                       // 2: the copy in block RAM (iCE40: one
                                       // SB_RAM40_4K pair instead of a 16:1 mux)
  parameter integer RGN_END    = 1,    // 1: o_rgn_end is base + size, registered;
                                       // 0: o_rgn_end is {0, size}, the caller adds
                                       // (the tiny core checks one region a cycle)
  parameter integer CFG_RAM    = 0     // 1: the host-written words (ENTRY_PC, BUDGET,
                                       // HELPER_ARG, PKT_BASE, PKT_LEN, the regions'
                                       // base and size) only in block RAM, which the
                                       // core reads a word at a time (i_cfg_raddr,
                                       // o_cfg_rdata): their o_* outputs read 0
                                       // (needs RAM_COPY = 2; the tiny core)
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
  output wire           o_clear_cnt,    // with o_start unless CTRL.KEEP_COUNTERS
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
  output wire [131:0]   o_rgn_end,      // base + size (RGN_END=0: size), 33 bits each
  output wire [7:0]     o_rgn_flags,    // VALID, WRITE per region
  // CFG_RAM = 1: word i_cfg_raddr of the block RAM (the index of
  // bpf_ctl_rsel: 0..6 ENTRY_PC ... PKT_LEN, 8 + 2n + f region n's base
  // (f 0) and size (f 1)) at o_cfg_rdata in the next cycle, 0 if it has not
  // been written since reset.  A word written in a cycle reads back from
  // the next cycle on.
  input  wire [3:0]     i_cfg_raddr,
  output wire [31:0]    o_cfg_rdata,
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
  output wire [CRW-1:0] o_clr_row,
  // Stack window: the word's byte offset in the stack (the write address,
  // and the read row in bits SRW+2..3), the write, the eight bytes of the
  // row read in the previous cycle (byte b at bits 8b+7..8b)
  output wire [SRW+2:0] o_stk_off,
  output wire           o_stk_we,
  output wire [31:0]    o_stk_wdata,
  input  wire [63:0]    i_stk_rdata
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam integer NR = BPF_NUM_REGIONS;

  // ---- registers ----
  reg [31:0]    helper_id_q;
  /* verilator lint_off UNUSEDSIGNAL */   // read by the RAM_COPY = 0 multiplexer only
  reg [31:0]    prog_len_q, helper_action_q;
  /* verilator lint_on UNUSEDSIGNAL */
  reg           helper_btf_q;
  reg [3:0]     fault_code_q;
  reg [31:0]    fault_pc_q;
  reg [31:0]    rgn_base_q  [0:NR-1];
  reg [31:0]    rgn_size_q  [0:NR-1];
  reg [1:0]     rgn_flags_q [0:NR-1];
  reg [CRW-1:0] clr_row_q;
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

  // HELPER_ACTION, decoded as it is written
  reg act_ret, act_tail;

  reg cmd_start_q, cmd_ret_q, cmd_tail_q, clear_cnt_q;
  always @(posedge i_clk) begin
    if (i_rst) begin
      cmd_start_q <= 1'b0;
      clear_cnt_q <= 1'b0;
      cmd_ret_q   <= 1'b0;
      cmd_tail_q  <= 1'b0;
    end else begin
      cmd_start_q <= cmd_start;
      clear_cnt_q <= cmd_start & ~i_wdata[4];
      cmd_ret_q   <= cmd_resume & act_ret;
      cmd_tail_q  <= cmd_resume & act_tail;
    end
  end
  assign o_start       = cmd_start_q;
  assign o_clear_cnt   = clear_cnt_q;
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
      clr_row_q    <= {CRW{1'b0}};
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
        clr_row_q <= {CRW{1'b0}};
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
  //   stack      STACK_WIN, 8 << SRW bytes (MAX_DEPTH * FRAME_SIZE)
  localparam integer IMW = $clog2(8 * IMEM_DEPTH);   // IMEM window address bits
  localparam integer SAW = SRW + 3;                  // stack window address bits
  generate
    if ((BPF_CTL_REGION_BASE % 64) != 0 || NR > 4 || BPF_CTL_REGION_STRIDE != 16 ||
        (BPF_CTL_REG_BASE % 128) != 0 || (BPF_CTL_CNT_BASE % 64) != 0 || BPF_CNT_NUM > 8 ||
        (BPF_CTL_IMEM_BASE % (8 * IMEM_DEPTH)) != 0 || (1 << IMW) != 8 * IMEM_DEPTH ||
        (BPF_CTL_STACK_WIN % (1 << SAW)) != 0 ||
        (1 << SAW) != BPF_MAX_DEPTH * BPF_FRAME_SIZE) begin : g_bad_map
      // Elaboration fails here: no such module.  The windows must be aligned blocks.
      bpf_ctl_unsupported_map u_bad ();
    end
  endgenerate

  wire [1:0]  rgn_n   = i_addr[5:4];
  wire [1:0]  rgn_f   = i_addr[3:2];
  wire in_rgn = (i_addr[15:6] == BPF_CTL_REGION_BASE[15:6]) && ({1'b0, rgn_n} < NR[2:0]);
  localparam integer IDW = $clog2(IMEM_DEPTH);

  // With CFG_RAM the words live only in block RAM (below): the registers
  // are never written, read 0, and synthesis drops them.
  localparam KEEP = (CFG_RAM == 0);
  always @(posedge i_clk) begin
    if (i_rst) begin
      o_entry_pc      <= 32'd0;
      prog_len_q      <= 32'd0;
      o_prog_limit    <= 32'd0;
      o_budget        <= 32'd0;
      helper_action_q <= 32'd0;
      act_ret         <= 1'b0;
      act_tail        <= 1'b0;
      o_helper_arg    <= 32'd0;
      o_pkt_base      <= 32'd0;
      o_pkt_len       <= 32'd0;
    end else if (wr_cfg) begin
      case (i_addr)
        BPF_CTL_ENTRY_PC[15:0]:      if (KEEP) o_entry_pc <= i_wdata;
        BPF_CTL_PROG_LEN[15:0]: begin
          prog_len_q   <= i_wdata;
          // IMEM_DEPTH is a power of two (g_bad_map above): no compare needed
          o_prog_limit <= (|i_wdata[31:IDW]) ? IMEM_DEPTH : i_wdata;
        end
        BPF_CTL_BUDGET[15:0]:        if (KEEP) o_budget <= i_wdata;
        BPF_CTL_HELPER_ACTION[15:0]: begin
          helper_action_q <= i_wdata;
          act_ret         <= (i_wdata == BPF_HELPER_RETURN);
          act_tail        <= (i_wdata == BPF_HELPER_TAIL_CALL);
        end
        BPF_CTL_HELPER_ARG[15:0]:    if (KEEP) o_helper_arg <= i_wdata;
        BPF_CTL_PKT_BASE[15:0]:      if (KEEP) o_pkt_base <= i_wdata;
        BPF_CTL_PKT_LEN[15:0]:       if (KEEP) o_pkt_len <= i_wdata;
        default: ;
      endcase
    end
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
            2'd0:    if (KEEP) rgn_base_q[n] <= i_wdata;
            2'd1:    if (KEEP) rgn_size_q[n] <= i_wdata;
            2'd2:    rgn_flags_q[n] <= i_wdata[1:0];
            default: ;
          endcase
        end
      end
      if (RGN_END != 0) begin : g_end
        reg [32:0] rgn_end_q;
        always @(posedge i_clk)
          rgn_end_q <= {1'b0, rgn_base_q[n]} + {1'b0, rgn_size_q[n]};
        assign o_rgn_end[33*n +: 33] = rgn_end_q;
      end else begin : g_size
        assign o_rgn_end[33*n +: 33] = {1'b0, rgn_size_q[n]};
      end
      assign o_rgn_base[32*n +: 32]  = rgn_base_q[n];
      assign o_rgn_flags[2*n +: 2]   = rgn_flags_q[n];
    end
  endgenerate

  // ---- windows ----
  wire in_reg  = (i_addr[15:7] == BPF_CTL_REG_BASE[15:7]) && (i_addr[6:3] <= 4'd10);
  wire in_imem = (i_addr[15:IMW] == BPF_CTL_IMEM_BASE[15:IMW]);
  wire in_stk  = (i_addr[15:SAW] == BPF_CTL_STACK_WIN[15:SAW]);
  // Offsets into the windows (above the byte-in-word bits)
  wire [6:3]     reg_off  = i_addr[6:3];
  wire [IMW-1:3] imem_off = i_addr[IMW-1:3];

  assign o_reg_we     = wr_cfg & in_reg;
  assign o_reg_sel    = reg_off[6:3];
  assign o_reg_high   = i_addr[2];
  assign o_reg_wdata  = i_wdata;
  // Reads: the request cycle decodes the address and registers the selects
  // and the words to read; the next cycle reads and multiplexes.
  reg  [6:3] rd_addr_q;
  always @(posedge i_clk)
    rd_addr_q <= i_addr[6:3];
  assign o_reg_raddr  = rd_addr_q[6:3];
  assign o_cnt_raddr  = rd_addr_q[5:3];
  assign o_imem_we    = wr_cfg & in_imem;
  assign o_imem_slot  = imem_off[IAW+2:3];
  assign o_imem_high  = i_addr[2];
  assign o_imem_wdata = i_wdata;
  assign o_stk_off    = {i_addr[SAW-1:2], 2'b00};
  assign o_stk_we     = wr_cfg & in_stk;
  assign o_stk_wdata  = i_wdata;

  // ---- read data, two cycles after the request ----
  // The host-written 32-bit registers (ENTRY_PC ... PKT_LEN, region base
  // and size) are read from a LUT RAM copy written with them, so the read
  // multiplexer is an AND-OR of a few terms; a valid bit per word (cleared
  // by reset, as the registers are) stands for the reset value 0.  The
  // selects come from bpf_ctl_rsel.
  wire [3:0] ram_idx;
  reg  [15:0] ram_valid_q;
  wire       ram_hit, c_ram, c_reg_lo, c_reg_hi, c_cnt_lo, c_cnt_hi, c_flags, c_fpc, c_hid,
             c_hpc, c_status, c_fcode, c_hkind, c_id, c_ver, c_cfg;
  bpf_ctl_rsel u_rsel (
    .i_addr(i_addr), .i_ram_valid(ram_valid_q), .o_ram_hit(ram_hit), .o_ram_rd(c_ram),
    .o_ram_idx(ram_idx),
    .o_reg_lo(c_reg_lo), .o_reg_hi(c_reg_hi), .o_cnt_lo(c_cnt_lo), .o_cnt_hi(c_cnt_hi),
    .o_flags(c_flags), .o_fault_pc(c_fpc), .o_helper_id(c_hid), .o_helper_pc(c_hpc),
    .o_status(c_status), .o_fault_code(c_fcode), .o_helper_kind(c_hkind),
    .o_id(c_id), .o_version(c_ver), .o_config(c_cfg));

  reg        rd_q, s_ram, s_reg_lo, s_reg_hi, s_cnt_lo, s_cnt_hi, s_flags, s_fpc, s_hid,
             s_hpc, s_status, s_fcode, s_hkind, s_id, s_ver, s_cfg;
  reg  [3:0] rd_idx_q;
  // the stack window's word: the low or high half of the row (0 while busy)
  wire       c_stk_lo = in_stk & ~busy & ~i_addr[2];
  wire       c_stk_hi = in_stk & ~busy &  i_addr[2];
  reg        s_stk_lo, s_stk_hi;
  always @(posedge i_clk) begin
    rd_q <= i_sel & ~i_we;
    s_stk_lo <= c_stk_lo;
    s_stk_hi <= c_stk_hi;
    {s_ram, s_reg_lo, s_reg_hi, s_cnt_lo, s_cnt_hi, s_flags, s_fpc, s_hid, s_hpc, s_status,
     s_fcode, s_hkind, s_id, s_ver, s_cfg} <=
      {c_ram, c_reg_lo, c_reg_hi, c_cnt_lo, c_cnt_hi, c_flags, c_fpc, c_hid, c_hpc, c_status,
       c_fcode, c_hkind, c_id, c_ver, c_cfg};
    rd_idx_q <= ram_idx;
  end

  wire        ram_we = wr_cfg & ram_hit;
  wire [31:0] ram_q;
  always @(posedge i_clk) begin
    if (i_rst)
      ram_valid_q <= 16'd0;
    else if (ram_we)
      ram_valid_q[ram_idx] <= 1'b1;
  end
  generate
    if (RAM_COPY == 2) begin : g_ram_bram
      // the copy in block RAM: read in the request cycle (from the bus
      // address), so its registered output is there when rd multiplexes,
      // as the LUT RAM's is from the registered address
      (* ram_style = "block", no_rw_check *)
      reg [31:0] mem [0:15];
      reg [31:0] q;
      always @(posedge i_clk) begin
        if (ram_we)
          mem[ram_idx] <= i_wdata;
        q <= mem[ram_idx];
      end
      assign ram_q = q;
      /* verilator lint_off UNUSEDSIGNAL */
      wire unused_idx = |rd_idx_q;   // the block RAM registers its own read
      /* verilator lint_on UNUSEDSIGNAL */
    end else if (RAM_COPY != 0) begin : g_ram_copy
      bpf_lutram #(.W(32), .DEPTH(16), .AW(4)) u_ram (
        .i_clk(i_clk), .i_we(ram_we), .i_waddr(ram_idx), .i_wdata(i_wdata),
        .i_raddr(rd_idx_q), .o_rdata(ram_q));
    end else begin : g_ram_regs
      // the same words, from the registers (they reset to 0, as the valid
      // bits stand for)
      reg [31:0] q;
      always @(*) begin
        case (rd_idx_q)
          4'd0:    q = o_entry_pc;
          4'd1:    q = prog_len_q;
          4'd2:    q = o_budget;
          4'd3:    q = helper_action_q;
          4'd4:    q = o_helper_arg;
          4'd5:    q = o_pkt_base;
          4'd6:    q = o_pkt_len;
          4'd8:    q = rgn_base_q[0];
          4'd9:    q = rgn_size_q[0];
          4'd10:   q = (NR > 1) ? rgn_base_q[(NR > 1) ? 1 : 0] : 32'd0;
          4'd11:   q = (NR > 1) ? rgn_size_q[(NR > 1) ? 1 : 0] : 32'd0;
          4'd12:   q = (NR > 2) ? rgn_base_q[(NR > 2) ? 2 : 0] : 32'd0;
          4'd13:   q = (NR > 2) ? rgn_size_q[(NR > 2) ? 2 : 0] : 32'd0;
          4'd14:   q = (NR > 3) ? rgn_base_q[(NR > 3) ? 3 : 0] : 32'd0;
          4'd15:   q = (NR > 3) ? rgn_size_q[(NR > 3) ? 3 : 0] : 32'd0;
          default: q = 32'd0;
        endcase
      end
      assign ram_q = q;
    end
  endgenerate

  // CFG_RAM: the core's copy, written as the bus's, read from the core's
  // address.  The valid bit of the word read stands for the reset value.
  generate
    if (CFG_RAM != 0) begin : g_cfg_ram
      (* ram_style = "block", no_rw_check *)
      reg [31:0] cmem [0:15];
      reg [31:0] cq;
      reg        cv;
      always @(posedge i_clk) begin
        if (ram_we)
          cmem[ram_idx] <= i_wdata;
        cq <= cmem[i_cfg_raddr];
        cv <= ram_valid_q[i_cfg_raddr];
      end
      assign o_cfg_rdata = cv ? cq : 32'd0;
    end else begin : g_no_cfg_ram
      assign o_cfg_rdata = 32'd0;
      /* verilator lint_off UNUSEDSIGNAL */
      wire unused_cfg = |i_cfg_raddr;
      /* verilator lint_on UNUSEDSIGNAL */
    end
    if (CFG_RAM != 0 && RAM_COPY != 2) begin : g_bad_cfg
      // Elaboration fails here: CFG_RAM needs the bus's copy in block RAM.
      bpf_ctl_unsupported_cfg_ram u_bad ();
    end
  endgenerate

  localparam [31:0] VERSION_VALUE = {BPFSOC_VERSION_MAJOR[15:0], BPFSOC_VERSION_MINOR[15:0]};
  localparam [31:0] CONFIG_VALUE  = {8'd0, BPF_NUM_REGIONS[3:0], BPF_MAX_DEPTH[3:0], IMEM_DEPTH[15:0]};
  wire [31:0] rd = ({32{s_ram}}    & ram_q) |
                   ({32{s_reg_lo}} & i_reg_rdata[31:0]) | ({32{s_reg_hi}} & i_reg_rdata[63:32]) |
                   ({32{s_cnt_lo}} & i_cnt_rdata[31:0]) | ({32{s_cnt_hi}} & i_cnt_rdata[63:32]) |
                   ({32{s_fpc}}    & fault_pc_q) | ({32{s_hid}} & helper_id_q) |
                   ({32{s_hpc}}    & o_helper_pc) |
                   ({32{s_flags}}  & {30'd0, rgn_flags_q[rd_addr_q[5:4]]}) |
                   ({32{s_status}} & {29'd0, o_state}) |
                   ({32{s_fcode}}  & {28'd0, fault_code_q}) |
                   ({32{s_hkind}}  & (helper_btf_q ? BPF_HELPER_KIND_BTF_ID[31:0]
                                                   : BPF_HELPER_KIND_ID[31:0])) |
                   ({32{s_id}}     & BPF_CORE_ID_VALUE[31:0]) |
                   ({32{s_ver}}    & VERSION_VALUE) |
                   ({32{s_cfg}}    & CONFIG_VALUE) |
                   ({32{s_stk_lo}} & i_stk_rdata[31:0]) | ({32{s_stk_hi}} & i_stk_rdata[63:32]);
  always @(posedge i_clk)
    if (rd_q)
      o_rdata <= rd;

endmodule

// bpf_ctl_rsel: bpf_ctl's read selects and LUT RAM word from the bus
// address, one-hot (at most one select is set; none reads 0).  Precedence
// as the windows are decoded: registers, counters, regions, then the
// single registers.  Kept as its own module through flattening
// (keep_hierarchy) so that the mapper takes the selects as inputs of the
// read multiplexer.  Combinational.
/* verilator lint_off DECLFILENAME */
(* keep_hierarchy *)
module bpf_ctl_rsel (
  input  wire [15:0] i_addr,
  input  wire [15:0] i_ram_valid,   // LUT RAM words written since reset
  output wire        o_ram_hit,     // a register with a LUT RAM copy
  output wire        o_ram_rd,      // ... read from the LUT RAM (else 0)
  output reg  [3:0]  o_ram_idx,     // its word: 0..6 single, 8 + 2n + f regions
  output wire        o_reg_lo,
  output wire        o_reg_hi,
  output wire        o_cnt_lo,
  output wire        o_cnt_hi,
  output wire        o_flags,
  output wire        o_fault_pc,
  output wire        o_helper_id,
  output wire        o_helper_pc,
  output wire        o_status,
  output wire        o_fault_code,
  output wire        o_helper_kind,
  output wire        o_id,
  output wire        o_version,
  output wire        o_config
);
  /* verilator lint_on DECLFILENAME */

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam integer NR = BPF_NUM_REGIONS;

  wire in_reg = (i_addr[15:7] == BPF_CTL_REG_BASE[15:7]) && (i_addr[6:3] <= 4'd10);
  wire in_cnt = (i_addr[15:6] == BPF_CTL_CNT_BASE[15:6]) &&
                ({1'b0, i_addr[5:3]} < BPF_CNT_NUM[3:0]) && !in_reg;
  wire in_rgn = (i_addr[15:6] == BPF_CTL_REGION_BASE[15:6]) &&
                ({1'b0, i_addr[5:4]} < NR[2:0]) && !in_reg && !in_cnt;
  wire other  = !in_reg && !in_cnt && !in_rgn;
  wire [1:0] rgn_f = i_addr[3:2];

  function automatic is(input [15:0] a, input [15:0] r);
    is = (a == r);
  endfunction

  // The single registers with a LUT RAM copy, words 0..6
  reg single;
  always @(*) begin
    single    = other;
    o_ram_idx = {1'b1, i_addr[5:4], rgn_f[0]};
    if      (is(i_addr, BPF_CTL_ENTRY_PC[15:0]))      o_ram_idx = 4'd0;
    else if (is(i_addr, BPF_CTL_PROG_LEN[15:0]))      o_ram_idx = 4'd1;
    else if (is(i_addr, BPF_CTL_BUDGET[15:0]))        o_ram_idx = 4'd2;
    else if (is(i_addr, BPF_CTL_HELPER_ACTION[15:0])) o_ram_idx = 4'd3;
    else if (is(i_addr, BPF_CTL_HELPER_ARG[15:0]))    o_ram_idx = 4'd4;
    else if (is(i_addr, BPF_CTL_PKT_BASE[15:0]))      o_ram_idx = 4'd5;
    else if (is(i_addr, BPF_CTL_PKT_LEN[15:0]))       o_ram_idx = 4'd6;
    else                                        single    = 1'b0;
  end

  assign o_ram_hit     = single || (in_rgn && !rgn_f[1]);
  assign o_ram_rd      = o_ram_hit && i_ram_valid[o_ram_idx];
  assign o_reg_lo      = in_reg && !i_addr[2];
  assign o_reg_hi      = in_reg &&  i_addr[2];
  assign o_cnt_lo      = in_cnt && !i_addr[2];
  assign o_cnt_hi      = in_cnt &&  i_addr[2];
  assign o_flags       = in_rgn && (rgn_f == 2'd2);
  assign o_fault_pc    = other && is(i_addr, BPF_CTL_FAULT_PC[15:0]);
  assign o_helper_id   = other && is(i_addr, BPF_CTL_HELPER_ID[15:0]);
  assign o_helper_pc   = other && is(i_addr, BPF_CTL_HELPER_PC[15:0]);
  assign o_status      = other && is(i_addr, BPF_CTL_STATUS[15:0]);
  assign o_fault_code  = other && is(i_addr, BPF_CTL_FAULT_CODE[15:0]);
  assign o_helper_kind = other && is(i_addr, BPF_CTL_HELPER_KIND[15:0]);
  assign o_id          = other && is(i_addr, BPF_CTL_ID[15:0]);
  assign o_version     = other && is(i_addr, BPF_CTL_VERSION[15:0]);
  assign o_config      = other && is(i_addr, BPF_CTL_CONFIG[15:0]);

endmodule

`default_nettype wire

// bpf_core.v: the bpfsoc eBPF execution core (docs/isa.md), a seven-stage
// pipeline: IF (next pc and branch prediction, instruction memory read, skid
// register, predecode), ID (decode, register read, interlocks), EX (ALU,
// branches, calls, address generation and bounds compares, MUL/DIV), MEM
// (commit: faults, stack RAM, data port requests, atomics), WB (load
// finishing and data port responses, retirement), WQ (register file write,
// frame push and pop).
// See docs/architecture.md for the stages, hazards and cycle costs.
//
// Control bus: a write takes effect at the end of its cycle; a read
// (i_ctl_sel & !i_ctl_we) returns o_ctl_rdata two cycles after the request.
//
// Data port (OBI-like, to the external regions): the core raises o_dmem_req
// with o_dmem_we/addr/size/wdata/lock and holds them until i_dmem_gnt.
// Requests go out in program order.  Every request, read or write, is
// answered by exactly one i_dmem_rvalid, in order, at the earliest in the
// cycle after its grant; for a read i_dmem_rdata (right-aligned) is valid
// with it.  The core accepts a response in every cycle and state.  It has
// up to three responses outstanding: a load leaves MEM when granted and
// takes its response in WB; a store is posted (its response only counted).
// o_dmem_req may depend on i_dmem_rvalid in the same cycle (the memory must
// not make i_dmem_rvalid depend on o_dmem_req).  An atomic on a region
// waits until no response is outstanding, then makes a locked read, waits
// for its response, and makes a locked write, posted like a store;
// o_dmem_lock is high from the read request until the write is granted.  DONE (exit) and HELPER take effect
// only once no response is outstanding.  Addresses are byte addresses of
// any alignment, sizes 1, 2, 4 or 8 bytes, data little-endian and
// right-aligned.
`default_nettype none

module bpf_core #(
  parameter integer IMEM_DEPTH = 0,  // instruction slots; 0: IMEM_DEPTH of the spec
  parameter integer LMEM       = 0   // 0 only: this core keeps its memories inside
) (
  input  wire        i_clk,
  input  wire        i_rst,
  // Control bus
  input  wire        i_ctl_sel,
  input  wire        i_ctl_we,
  input  wire [15:0] i_ctl_addr,
  input  wire [31:0] i_ctl_wdata,
  output wire [31:0] o_ctl_rdata,
  // State (STATUS.state) and interrupts (levels): state DONE, FAULT, HELPER
  output wire [2:0]  o_state,
  output wire        o_irq_done,
  output wire        o_irq_fault,
  output wire        o_irq_helper,
  // Data port
  output wire        o_dmem_req,
  output wire        o_dmem_we,
  output wire [31:0] o_dmem_addr,
  output wire [3:0]  o_dmem_size,
  output wire [63:0] o_dmem_wdata,
  output wire        o_dmem_lock,
  input  wire        i_dmem_gnt,
  input  wire        i_dmem_rvalid,
  input  wire [63:0] i_dmem_rdata,
  // Local memory port (LMEM = 1, the tiny core only): the instruction
  // slots and the stack in a memory outside the core, one 32-bit word a
  // cycle: o_lm_req takes it in this cycle (a write with o_lm_be, or a read
  // whose word is at i_lm_rdata in the next cycle, and holds until the
  // next access); the memory must serve it at once
  output wire        o_lm_req,
  output wire        o_lm_we,
  output wire [13:0] o_lm_addr,     // word address
  output wire [3:0]  o_lm_be,
  output wire [31:0] o_lm_wdata,
  input  wire [31:0] i_lm_rdata
`ifdef BPFSOC_TRACE
  ,
  // Retirement trace: one record per retired instruction, in order
  output wire        o_tr_valid,
  output wire [31:0] o_tr_pc,
  output wire [63:0] o_tr_insn,
  output wire        o_tr_rd_valid,
  output wire [3:0]  o_tr_rd,
  output wire [63:0] o_tr_rd_val,
  output wire        o_tr_mem_valid,
  output wire        o_tr_mem_write,
  output wire [3:0]  o_tr_mem_size,
  output wire [31:0] o_tr_mem_addr,
  output wire [63:0] o_tr_mem_data
`endif
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPF_DEFS_VH
`include "bpf_defs.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam integer DEPTH  = (IMEM_DEPTH == 0) ? BPF_IMEM_DEPTH : IMEM_DEPTH;
  localparam integer IAW    = $clog2(DEPTH);
  localparam integer MAXD   = BPF_MAX_DEPTH;
  localparam integer SBYTES = BPF_MAX_DEPTH * BPF_FRAME_SIZE;
  localparam integer SAW    = $clog2(SBYTES);         // stack byte address width
  localparam integer NR     = BPF_NUM_REGIONS;
  localparam integer FAW    = $clog2(BPF_FRAME_SIZE);

  localparam [31:0] STACK_BASE = BPF_STACK_BASE;
  localparam [31:0] PROG_BASE  = BPF_PROG_BASE;
  localparam [2:0]  C_LOADUSE  = BPF_CNT_STALL_LOAD_USE[2:0];
  localparam [2:0]  C_BRANCH   = BPF_CNT_STALL_BRANCH[2:0];
  localparam [2:0]  C_MULDIV   = BPF_CNT_STALL_MULDIV[2:0];
  localparam [2:0]  C_HELPER   = BPF_CNT_STALL_HELPER[2:0];
  localparam [2:0]  C_MEM      = BPF_CNT_STALL_MEM[2:0];
  localparam [2:0]  C_OTHER    = BPF_CNT_STALL_OTHER[2:0];
  localparam [2:0]  C_INSNS    = BPF_CNT_INSNS[2:0];

  // The stack check compares address bits above SAW+1 with STACK_BASE.
  generate
    if ((STACK_BASE % (2 * SBYTES)) != 0 || (1 << SAW) != SBYTES || (DEPTH % 2) != 0 ||
        (1 << IAW) != DEPTH || MAXD > 8 || LMEM != 0) begin : g_bad_config
      // Elaboration fails here: no such module.  STACK_BASE must be aligned to
      // twice the stack size, the stack and IMEM_DEPTH powers of two, MAX_DEPTH <= 8.
      bpf_core_unsupported_configuration u_bad ();
    end
  endgenerate

  // r10 of frame d
  // a mask of the bytes whose bits are set in b
  function automatic [63:0] byte_mask(input [7:0] b);
    integer i;
    for (i = 0; i < 8; i = i + 1)
      byte_mask[8*i +: 8] = {8{b[i]}};
  endfunction

  function automatic [31:0] slot_inc(input [31:0] pc, input [1:0] n);
    slot_inc = {pc[31:IAW+1], pc[IAW:0] + {{(IAW-1){1'b0}}, n}};
  endfunction

  function automatic [63:0] frame_top(input [3:0] d);
    frame_top = {32'd0, STACK_BASE + ({28'd0, d} + 32'd1) * BPF_FRAME_SIZE};
  endfunction

  // =========================================================================
  // Control block, register file, counters
  // =========================================================================
  wire [2:0]   state;
  wire         cmd_start, cmd_clear_cnt, cmd_ret, cmd_tail, abort_req;
  wire [31:0]  entry_pc, prog_limit, budget, helper_arg, helper_pc, pkt_base, pkt_len;
  wire [127:0] rgn_base;
  wire [131:0] rgn_end;
  wire [7:0]   rgn_flags;
  wire         reg_we, reg_high;
  wire [3:0]   reg_sel, reg_raddr;
  wire [31:0]  reg_wdata;
  wire [63:0]  reg_rdata, cnt_rdata;
  wire [2:0]   cnt_raddr;
  wire         imem_we, imem_high;
  wire [IAW-1:0] imem_slot;
  wire [31:0]  imem_wdata;
  wire         clr_we;
  wire [SAW-4:0] clr_row;
  wire [SAW-1:0] stk_off;
  wire         stk_we;
  wire [31:0]  stk_wdata;
  wire [63:0]  stk_rdata;

  reg          ev_done, ev_fault, ev_helper;
  reg  [3:0]   ev_code;
  reg  [31:0]  ev_pc, ev_hid;
  reg          ev_hbtf;

  wire run    = (state == BPF_STATE_RUNNING[2:0]);
  // The pipeline's view: START and RESUME reach it (registered) in the
  // first RUNNING cycle, which it spends clearing itself.
  wire prun   = run & ~cmd_start & ~cmd_ret & ~cmd_tail;
  wire in_hlp = (state == BPF_STATE_HELPER[2:0]);

  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] cfg_unused;
  /* verilator lint_on UNUSEDSIGNAL */
  bpf_ctl #(.IMEM_DEPTH(DEPTH), .IAW(IAW), .SRW(SAW - 3)) u_ctl (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_sel(i_ctl_sel), .i_we(i_ctl_we), .i_addr(i_ctl_addr), .i_wdata(i_ctl_wdata),
    .o_rdata(o_ctl_rdata),
    .o_state(state),
    .o_start(cmd_start), .o_clear_cnt(cmd_clear_cnt), .o_resume_ret(cmd_ret), .o_resume_tail(cmd_tail),
    .o_abort_req(abort_req),
    .i_ev_done(ev_done), .i_ev_fault(ev_fault), .i_ev_code(ev_code), .i_ev_pc(ev_pc),
    .i_ev_helper(ev_helper), .i_ev_hid(ev_hid), .i_ev_hbtf(ev_hbtf),
    .o_entry_pc(entry_pc), .o_prog_limit(prog_limit), .o_budget(budget),
    .o_helper_arg(helper_arg), .o_helper_pc(helper_pc),
    .o_pkt_base(pkt_base), .o_pkt_len(pkt_len),
    .o_rgn_base(rgn_base), .o_rgn_end(rgn_end), .o_rgn_flags(rgn_flags),
    .i_cfg_raddr(4'd0), .o_cfg_rdata(cfg_unused),   // CFG_RAM = 0
    .o_reg_we(reg_we), .o_reg_sel(reg_sel), .o_reg_high(reg_high), .o_reg_wdata(reg_wdata),
    .o_reg_raddr(reg_raddr), .i_reg_rdata(reg_rdata),
    .o_cnt_raddr(cnt_raddr), .i_cnt_rdata(cnt_rdata),
    .o_imem_we(imem_we), .o_imem_slot(imem_slot), .o_imem_high(imem_high),
    .o_imem_wdata(imem_wdata),
    .o_clr_we(clr_we), .o_clr_row(clr_row),
    .o_stk_off(stk_off), .o_stk_we(stk_we), .o_stk_wdata(stk_wdata), .i_stk_rdata(stk_rdata));

  assign o_state      = state;
  assign o_irq_done   = (state == BPF_STATE_DONE[2:0]);
  assign o_irq_fault  = (state == BPF_STATE_FAULT[2:0]);
  assign o_irq_helper = in_hlp;

  // Pipeline registers that the register file and counters need
  reg          wb_valid, wb_rd_we, wb_push, wb_pop;
  reg  [3:0]   wb_rd;
  reg  [63:0]  wb_val;
  reg  [2:0]   wb_frame, wb_cause;
  reg  [255:0] frame_regs [0:MAXD-1];   // r6..r9 saved by each call
  wire [255:0] push_regs;
  // WQ: what the instruction that retired last cycle writes to the register
  // file (its value, a frame push or pop).  WB retires and WQ commits one
  // cycle later, so the load data path ends at a register (wq_val).
  reg          wq_we, wq_push, wq_pop;
  reg  [3:0]   wq_rd;
  reg  [2:0]   wq_frame;
  reg  [63:0]  wq_val;
  wire [255:0] pop_regs = frame_regs[wq_frame];

  wire [3:0]   dec_ra, dec_rb;
  wire [63:0]  rf_a, rf_b, rf_r0;
  assign reg_rdata = rf_b;   // the host reads through port B when not running

  bpf_regfile u_rf (
    .i_clk(i_clk),
    .i_we(wq_we), .i_waddr(wq_rd), .i_wdata(wq_val),
    .i_pop(wq_pop), .i_pop_regs(pop_regs),
    .i_r10_we(cmd_start | cmd_tail), .i_r10(frame_top(4'd0)),
    .i_hwe(reg_we), .i_hreg(reg_sel), .i_hhigh(reg_high), .i_hdata(reg_wdata),
    .i_raddr_a(dec_ra), .i_raddr_b(run ? dec_rb : reg_raddr),
    .o_rdata_a(rf_a), .o_rdata_b(rf_b), .o_rdata_r0(rf_r0),
    .o_push_regs(push_regs));

  always @(posedge i_clk)
    if (wq_push)
      frame_regs[wq_frame] <= push_regs;

  bpf_counters u_cnt (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_start(cmd_start), .i_clear(cmd_clear_cnt),
    .i_count(run | in_hlp),
    .i_which(in_hlp ? C_HELPER : wb_retire ? C_INSNS : wb_valid ? C_MEM : wb_cause),
    .i_raddr(cnt_raddr), .o_rdata(cnt_rdata));

  // =========================================================================
  // Global pipeline control
  // =========================================================================
  wire mem_stall;        // MEM cannot finish this cycle
  wire wb_stall;         // WB waits for a load's response (or for the posted stores)
  wire ex_busy;          // EX is in a multi-cycle operation
  wire id_hazard;        // ID must wait for an older instruction
  wire flush;            // the program stops at the end of this cycle

  wire mem_adv = prun & ~mem_stall & ~wb_stall;   // MEM hands its slot to WB
  wire ex_adv  = mem_adv & ~ex_busy;         // EX hands its slot to MEM
  wire id_adv  = ex_adv & ~id_hazard;        // ID hands its slot to EX

  // Restart of the fetch after START / RESUME (registered)
  reg          rs_go;
  reg  [31:0]  rs_pc, rs_pc1;
  reg          if_run;

  // Frame depth (as seen by the instruction in EX) and return addresses
  reg  [2:0]   ex_depth;
  reg  [31:0]  ret_pc [0:MAXD-1];
  reg  [31:0]  ret_pc1 [0:MAXD-1];
  reg  [31:0]  budget_left;
  reg          budget_zero;     // budget_left == 0

  // =========================================================================
  // IF: next pc, instruction memory (one cycle), a one-slot skid register,
  // then the IF/ID register.  The fetch runs from registered state only:
  // it reads a new slot whenever the skid register is free (the slot at the
  // memory's output then either goes to ID or into the skid register), and
  // a redirect from EX reaches it registered (rd_q).  ID's stall and EX's
  // branch outcome never reach the instruction memory's address, nor does
  // the memory's output: the next address comes from registers (the BTB's
  // entry for the slot at the output was looked up a cycle ahead), and an
  // lddw's second half is read like any slot and dropped in ID.
  // =========================================================================
  reg          if_valid;              // the IMEM output (slot if_pc) is a slot ID has not taken
  reg  [31:0]  if_pc;
  reg          sk_valid;              // the skid register holds an older slot ID has not taken
  reg  [31:0]  sk_pc;
  reg  [63:0]  sk_insn;
  reg  [13:0]  sk_pre;
  reg          sk_cx;
  reg  [31:0]  sk_next_imm;
  reg          sk_pred, sk_hit;
  reg  [1:0]   sk_ctr;
  reg          rd_q;                  // EX redirected the fetch last cycle, to rd_pc_q
  reg  [31:0]  rd_pc_q, rd_pc1_q;
  // ... and the slot at rd_pc_q is in alt_q (read while the jump was in ID):
  // it goes straight to ID and the fetch goes on at rd_pc_q + 1
  reg          rdf_q;
  reg  [IAW-1:0] rd_pc2_q;            // rd_pc_q + 2 (the even bank's row)
  reg  [63:0]  alt_q;
  /* verilator lint_off UNUSEDSIGNAL */  // [13], lddw: such a slot is not used
  reg  [13:0]  alt_pre_q;             // its predecoded bits (bpf_predecode)
  /* verilator lint_on UNUSEDSIGNAL */
  reg          alt_cx_q;
  wire [63:0]  imem_alt;
  wire [13:0]  imem_alt_pre;
  wire         imem_alt_cx;
  wire [IAW-1:0] id_alt;              // the slot EX redirects to if the jump in ID is mispredicted
  reg          id_valid;
  reg          id_tail;               // the next slot ID takes is an lddw's second half
  reg  [31:0]  id_pc;
  reg  [2:0]   id_cause;
  reg  [63:0]  id_insn;               // slot id_pc
  reg  [31:0]  id_next_imm;           // imm of slot id_pc+1 (lddw)
  reg          id_pred, id_hit;       // the BTB: predicted taken, entry hit
  reg  [1:0]   id_ctr;                // ... and the entry's counter
  wire         id_hold;
  wire         ex_redir, ex_stop;
  wire [31:0]  ex_redir_pc, ex_redir_pc1;
  // pc + 1 and pc + 2 carry only through bits IAW..0: exact for every pc
  // below 2 * DEPTH, which covers each slot that executes and the first
  // one past the program (a pc at or past the program's end faults in ID
  // before anything uses what follows it; a jump's target is added in
  // full, ex_target).
  wire [31:0]  id_pc1 = slot_inc(id_pc, 2'd1);
  wire [31:0]  id_pc2 = slot_inc(id_pc, 2'd2);
  wire [31:0]  if_pc1 = slot_inc(if_pc, 2'd1);
  /* verilator lint_off UNUSEDSIGNAL */  // only the even bank row is used
  wire [31:0]  if_pc2 = slot_inc(if_pc, 2'd2);
  /* verilator lint_on UNUSEDSIGNAL */

  wire [63:0] imem_even, imem_odd;
  wire [63:0] if_insn     = if_pc[0] ? imem_odd : imem_even;
  wire [31:0] if_next_imm = if_pc[0] ? imem_even[63:32] : imem_odd[63:32];
  // The predecoded bits of the slots (bpf_predecode, kept in the memory)
  wire [13:0] imem_even_pre, imem_odd_pre;
  wire        imem_even_cx, imem_odd_cx;
  wire [13:0] if_pre      = if_pc[0] ? imem_odd_pre : imem_even_pre;
  wire        if_cx       = if_pc[0] ? imem_odd_cx : imem_even_cx;

  // Branch target buffer (docs/architecture.md, "Branch prediction"): 16
  // entries, direct-mapped by the low pc bits, each with a tag, the target
  // slot and target + 1 (the even bank's row) in LUT RAM and a 2-bit counter.
  // A hit whose counter says taken sends the fetch to the target in the
  // cycle after the branch's own fetch, so a taken branch that was predicted
  // costs no stall.  EX checks the prediction and updates the entry.  Only
  // direct jumps and calls (pc-relative targets inside IMEM) are entered,
  // and a write to the instruction memory empties the table, so a hit always
  // names the target that the branch will compute.
  localparam integer BAW = 4;
  localparam integer BTW = IAW - BAW;          // tag width
  reg  [(1<<BAW)-1:0]   btb_valid;
  // The entry of slot if_pc is looked up one cycle ahead, with the address
  // of the slot being read (f_pc, or if_pc again when none is), and
  // registered beside the instruction memory's read: the prediction then
  // starts the next address from flip-flops.  A write of the same cycle is
  // forwarded, so the registered entry is the one a lookup at if_pc would
  // see.
  wire [IAW-1:0]        btb_la;                // the slot looked up
  wire [BTW+2*IAW-1:0]  btb_rq;                // {tag, target, target + 1}
  wire [1:0]            btb_rctr;
  reg                   btb_hit_q;
  reg  [2*IAW-1:0]      btb_tgt_q;             // {target, target + 1}
  reg  [1:0]            btb_ctr;
  wire [BAW-1:0]        btb_ridx = btb_la[BAW-1:0];
  wire                  if_hit   = btb_hit_q;
  wire                  if_pred  = btb_hit_q & btb_ctr[1];
  wire [31:0]           if_ptgt  = {{(32-IAW){1'b0}}, btb_tgt_q[2*IAW-1:IAW]};
  /* verilator lint_off UNUSEDSIGNAL */  // only the even bank row is used
  wire [31:0]           if_ptgt1 = {{(32-IAW){1'b0}}, btb_tgt_q[IAW-1:0]};
  /* verilator lint_on UNUSEDSIGNAL */

  // f_pc: the slot fetched this cycle; f_pc1 = f_pc + 1 (for the even bank)
  reg  [31:0]  f_pc;
  /* verilator lint_off UNUSEDSIGNAL */  // only the even bank row is used
  reg  [31:0]  f_pc1;
  /* verilator lint_on UNUSEDSIGNAL */
  // A new slot is read when the skid register is free, or to restart.
  // The next slot is if_pc + 1 even after an lddw: its second half is read
  // and dropped in ID (id_tail), so the address never waits for the
  // memory's output.
  wire if_issue = rs_go | rd_q | (if_run & ~sk_valid);
  always @(*) begin
    // rs_go and rd_q never coincide (EX is empty after a restart)
    if (rdf_q) begin
      f_pc = rd_pc1_q;   f_pc1 = {{(32-IAW){1'b0}}, rd_pc2_q};
    end else if (rd_q) begin
      f_pc = rd_pc_q;    f_pc1 = rd_pc1_q;
    end else if (rs_go) begin
      f_pc = rs_pc;      f_pc1 = rs_pc1;
    end else if (if_pred) begin
      f_pc = if_ptgt;    f_pc1 = if_ptgt1;
    end else begin
      f_pc = if_pc1;     f_pc1 = if_pc2;
    end
  end
  assign btb_la = if_issue ? f_pc[IAW-1:0] : if_pc[IAW-1:0];

  bpf_imem #(.DEPTH(DEPTH), .AW(IAW)) u_imem (
    .i_clk(i_clk),
    .i_we(imem_we), .i_wslot(imem_slot), .i_whigh(imem_high), .i_wdata(imem_wdata),
    .i_re(if_issue), .i_row_even(f_pc1[IAW-1:1]), .i_row_odd(f_pc[IAW-1:1]),
    .o_even(imem_even), .o_odd(imem_odd),
    .o_even_pre(imem_even_pre), .o_odd_pre(imem_odd_pre),
    .o_even_cx(imem_even_cx), .o_odd_cx(imem_odd_cx),
    .i_alt(id_alt), .o_alt(imem_alt), .o_alt_pre(imem_alt_pre), .o_alt_cx(imem_alt_cx));

  // ID takes the oldest slot not taken: the skid register's, else the
  // memory output's.  When ID holds, the memory output's slot moves into
  // the skid register if a new slot is being read over it.
  wire        id_take   = ~id_hold;
  wire        if_avail  = sk_valid | if_valid;
  wire        sk_move   = ~sk_valid & if_valid & ~id_take & if_issue;
  // A redirect or a stop of EX (late in the cycle) voids only the slot
  // that enters EX with it (ex_void, in the next cycle); IF, the skid
  // register and ID are emptied one cycle later, from registers (rd_q,
  // stop_q), and that cycle blocks the slot entering EX too.
  reg         stop_q;
  wire        if_kill   = flush | ~prun | rd_q | stop_q;
  wire [31:0] src_pc    = sk_valid ? sk_pc : if_pc;
  wire [63:0] src_insn  = sk_valid ? sk_insn : if_insn;
  wire [13:0] src_pre   = sk_valid ? sk_pre : if_pre;
  wire        src_cx    = sk_valid ? sk_cx : if_cx;
  wire [31:0] src_nimm  = sk_valid ? sk_next_imm : if_next_imm;
  wire        src_pred  = sk_valid ? sk_pred : if_pred;
  wire        src_hit   = sk_valid ? sk_hit : if_hit;
  wire [1:0]  src_ctr   = sk_valid ? sk_ctr : btb_ctr;

  always @(posedge i_clk) begin
    if (i_rst) begin
      if_valid <= 1'b0;
      sk_valid <= 1'b0;
      id_valid <= 1'b0;
      id_tail  <= 1'b0;
      if_run   <= 1'b0;
      rd_q     <= 1'b0;
      stop_q   <= 1'b0;
    end else begin
      // (not masked by a flush: the state is no longer RUNNING in the next
      // cycle, which then empties IF and ID through prun as well)
      rd_q   <= ex_redir & prun;
      rdf_q  <= ex_redir & ~ex_pop & ~ex_callx & ~imem_alt_pre[13] & prun;
      stop_q <= ex_stop & prun;
      if (if_kill) begin
        // (a redirect and a stop of EX never coincide); the redirect's
        // target (or, with alt_q, the slot after it) is read in this cycle
        if_valid <= rd_q & ~flush & prun;
        sk_valid <= 1'b0;
        id_valid <= rdf_q & ~flush & prun;
        id_tail  <= 1'b0;
        if (flush || !prun || stop_q)
          if_run <= 1'b0;
        if (rd_q)
          id_cause <= C_BRANCH;
        else if (stop_q)
          id_cause <= C_OTHER;
      end else begin
        if (rs_go)
          if_run <= 1'b1;
        if_valid <= if_issue | (if_valid & (sk_valid | ~id_take));
        sk_valid <= sk_valid ? ~id_take : sk_move;
        if (id_take && if_avail) begin
          // the second half of an lddw is dropped here (a bubble)
          id_valid <= ~id_tail;
          id_tail  <= ~id_tail & src_pre[13];
          if (id_tail)
            id_cause <= C_OTHER;
        end else if (id_take) begin
          id_valid <= 1'b0;
        end
      end
    end
    if (cmd_start)
      id_cause <= C_OTHER;
    else if (cmd_ret || cmd_tail)
      id_cause <= C_HELPER;
    if (if_issue)
      if_pc <= f_pc;
    rd_pc_q  <= ex_redir_pc;
    rd_pc1_q <= ex_redir_pc1;
    rd_pc2_q <= ex_redir_pc1[IAW-1:0] + 1'b1;
    alt_q     <= imem_alt;
    alt_pre_q <= imem_alt_pre;
    alt_cx_q  <= imem_alt_cx;
    if (sk_move) begin
      sk_pc       <= if_pc;
      sk_insn     <= if_insn;
      sk_pre      <= if_pre;
      sk_cx       <= if_cx;
      sk_next_imm <= if_next_imm;
      sk_pred     <= if_pred;
      sk_hit      <= if_hit;
      sk_ctr      <= btb_ctr;
    end
    if (rdf_q) begin
      // the redirect's target, read on the second port (not predicted)
      id_pred     <= 1'b0;
      id_hit      <= 1'b0;
      id_ctr      <= 2'b00;
      id_pc       <= rd_pc_q;
      id_insn     <= alt_q;
      id_next_imm <= 32'd0;
    end else if (id_take) begin
      id_pred     <= src_pred;
      id_hit      <= src_hit;
      id_ctr      <= src_ctr;
      id_pc       <= src_pc;
      id_insn     <= src_insn;
      id_next_imm <= src_nimm;
    end
  end

  // =========================================================================
  // ID: decode, register read, hazards
  // =========================================================================
  wire        id_oob     = (id_pc >= prog_limit);
  // The fields the interlocks and the register reads need come predecoded
  // with the slot (bpf_predecode's bits, kept beside it in the instruction
  // memory) and are registered here, so ID's stall logic starts from
  // flip-flops: no logic between the memory's output and these registers
  // but the bank, skid and redirect multiplexers.  The rest is decoded in
  // ID from the registered slot.
  wire [12:0] n_pre = rdf_q ? alt_pre_q[12:0] : src_pre[12:0];   // [13], lddw: not needed
  wire        n_cx  = rdf_q ? alt_cx_q : src_cx;

  reg         d_use_a, d_use_b, d_use_r0, d_callx, d_disp_imm;
  reg  [3:0]  d_ra, d_rb;
  always @(posedge i_clk)
    if (rdf_q || !id_hold) begin
      d_ra       <= n_pre[3:0];
      d_rb       <= n_pre[7:4];
      d_use_a    <= n_pre[8];
      d_use_b    <= n_pre[9];
      d_callx    <= n_pre[10];
      d_disp_imm <= n_pre[11];
      d_use_r0   <= n_pre[12] & n_cx;
    end
  assign dec_ra = d_ra;
  assign dec_rb = d_rb;

  wire        d_rd_we, d_rd_late;
  wire [63:0] d_bimm;
  wire [3:0]  d_rd;
  wire        d_mul, d_div, d_jmp, d_call, d_helper, d_exit;
  wire        d_load, d_store, d_atomic, d_pkt;
  wire [3:0]  d_alu_op, d_jop, d_nbytes;
  wire        d_alu64, d_srcx, d_signed, d_jmp64, d_uncond, d_memsx;
  wire [5:0]  d_sx;
  wire [6:0]  d_width;
  wire [31:0] d_disp;
  wire [7:0]  d_aop;

  bpf_decode u_dec (
    .i_insn(id_insn), .i_next_imm(id_next_imm),
    .o_bimm(d_bimm),
    .o_rd_we(d_rd_we), .o_rd(d_rd), .o_rd_late(d_rd_late),
    .o_mul(d_mul), .o_div(d_div), .o_jmp(d_jmp), .o_call(d_call),
    .o_helper(d_helper), .o_exit(d_exit), .o_load(d_load),
    .o_store(d_store), .o_atomic(d_atomic), .o_pkt(d_pkt),
    .o_alu_op(d_alu_op), .o_alu64(d_alu64), .o_srcx(d_srcx), .o_sx(d_sx),
    .o_width(d_width), .o_signed(d_signed), .o_jop(d_jop), .o_jmp64(d_jmp64),
    .o_uncond(d_uncond), .o_disp(d_disp),
    .o_nbytes(d_nbytes), .o_memsx(d_memsx),
    .o_aop(d_aop));

  // The slot a mispredicted jump or call in ID would redirect to (the
  // target, or pc+1 when it was predicted taken), read on the instruction
  // memory's second port; EX keeps it in alt_q (see rdf_q).  Only the slot
  // bits are added, and the displacement's source was predecoded.
  wire [IAW-1:0] id_disp = d_disp_imm ? id_insn[32 +: IAW] : id_insn[16 +: IAW];
  assign id_alt = id_pred ? id_pc1[IAW-1:0] : id_pc1[IAW-1:0] + id_disp;

  // Legality, in ID from the registered slot (only ILLEGAL_INSN needs it)
  wire        id_next_ok = ({1'b0, id_pc1} < {1'b0, prog_limit});
  wire        d_legal;
  bpf_legal u_legal (.i_insn(id_insn), .i_next_ok(id_next_ok), .o_legal(d_legal));

  // Hazards (docs/architecture.md, "Hazards")
  reg          ex_rd_we, ex_rd_late, ex_exit;
  // EX holds an instruction (ex_valid) when ID handed it over (ex_valid_q)
  // and the instruction ahead of it did not redirect or stop the fetch in
  // that cycle (ex_void).  The redirect (the branch comparator's outcome)
  // thus ends at one flip-flop instead of passing ID's hand-over logic.
  reg          ex_valid_q, ex_void, ex_idv, ex_kq;
  wire         ex_valid = ex_valid_q & ~ex_void;
  reg  [3:0]   ex_rd;
  reg          mem_valid, mem_rd_we, mem_pop;
  reg          mem_load, mem_pkt, mem_oob, mem_sarea, mem_mul;
  reg  [3:0]   mem_rd;

  wire id_reads_a = d_use_a;
  wire id_reads_b = d_use_b;
  wire hz_load = ex_valid & ex_rd_we & ex_rd_late &
                 ((id_reads_a & ex_rd == dec_ra) | (id_reads_b & ex_rd == dec_rb) |
                  (d_use_r0 & ex_rd == 4'd0));
  // A load's value is finished in WB (an external load's arrives there):
  // ID waits while it is in MEM.
  wire mem_ld  = (mem_pkt & ~mem_oob) | mem_load;
  // (not when EX's instruction writes the register again: its value wins)
  wire hz_ext  = mem_valid & mem_rd_we & mem_ld &
                 ((id_reads_a & mem_rd == dec_ra & ~fw_ex_a) |
                  (id_reads_b & mem_rd == dec_rb & ~fw_ex_b) |
                  (d_use_r0 & mem_rd == 4'd0));
  // An external load's value (region, packet) is not forwarded from WB
  // either: the data port's response would go straight into EX's operand
  // registers.  ID waits while it is in WB and takes it from WQ's register
  // (again, not when EX's or MEM's instruction writes the register).
  wire hz_wb   = wb_valid & wb_rd_we & wb_ext &
                 ((id_reads_a & wb_rd == dec_ra & ~fw_ex_a & ~fw_mem_a) |
                  (id_reads_b & wb_rd == dec_rb & ~fw_ex_b & ~fw_mem_b) |
                  (d_use_r0 & wb_rd == 4'd0));
  // callx and cmpxchg (both rare) read a register that is not forwarded
  // (callx's is classified in EX; cmpxchg's r0 is a third operand): ID
  // waits until no register write is in flight at all, which needs no
  // register compare.
  wire pend_w  = (ex_valid & ex_rd_we) | (mem_valid & mem_rd_we) | (wb_valid & wb_rd_we) | wq_we;
  // r6..r9 restored by an exit that pops a frame are written only at WQ
  wire id_reads_69 = (id_reads_a & dec_ra >= 4'd6 & dec_ra <= 4'd9) |
                     (id_reads_b & dec_rb >= 4'd6 & dec_rb <= 4'd9);
  wire hz_other = ((d_callx | d_use_r0) & pend_w) |
                  (id_reads_69 & ((ex_valid & ex_exit) | (mem_valid & mem_pop) | (wb_valid & wb_pop) |
                                  wq_pop));
  assign id_hazard = id_valid & (hz_load | hz_ext | hz_wb | hz_other);
  assign id_hold   = ~id_adv;

  // Faults known in ID: PC_BOUNDS before ILLEGAL_INSN
  wire [3:0] id_fault = id_oob   ? BPF_FAULT_PC_BOUNDS[3:0] :
                        !d_legal ? BPF_FAULT_ILLEGAL_INSN[3:0] : 4'd0;

  // ID/EX register
  reg  [31:0]  ex_pc, ex_pc1, ex_pc2, ex_target, ex_target1, ex_hid;
  reg          ex_hbtf;   // the helper is named by a BTF id (CALL src 2)
  reg  [63:0]  ex_a, ex_b, ex_r0;
  reg  [31:0]  ex_off;
  reg  [SAW-1:0] ex_off8;   // off + 8 (low bits: the stack row after the address's)
  reg  [2:0]   ex_cause;
  wire         ex_killed = ex_idv & (ex_void | ex_kq);   // EX's bubble is a slot killed by a redirect or stop
  reg  [3:0]   ex_fault, ex_alu_op, ex_nbytes;
  reg  [7:0]   ex_bmask;               // the access's bytes (size)
  reg          ex_jsel_eq, ex_jsel_lt, ex_jsel_le, ex_jsel_set, ex_jinv, ex_jsigned;
  reg          ex_first;
  reg          ex_hit;                 // the BTB entry hit (from IF)
  // When EX redirects the fetch, decided in ID but for the comparator's
  // outcome (the condition before its inversion): on true, on false,
  // always (a jump, call or callx to code that was not predicted)
  reg          ex_rd_t, ex_rd_f, ex_rd_a;
  reg  [1:0]   ex_ctr;
  reg          ex_fa_mem, ex_fb_mem;   // forwarding selects (from MEM)
  // Copies of the selects, the operands and MEM's result for the branch
  // comparator alone (bpf_dupreg: not merged with the originals), so that
  // the redirect path does not wait for their wide fanout.
  wire         ex_ja_mem, ex_jb_mem;
  wire [63:0]  ex_ja, ex_jb;
  wire [63:0]  mem_res_j;
  wire [63:0]  mem_fwd;   // what MEM's instruction writes (not a load: ID waits for those)
  wire         ex_call, ex_helper;
  wire [31:0]  ex_dest, ex_dest1, ex_hid_now;
  reg          ex_callx, ex_call_k, ex_helper_k;
  reg          ex_mul, ex_div, ex_jmp, ex_load, ex_store;
  reg          ex_atomic, ex_pkt, ex_alu64, ex_signed, ex_jmp64, ex_uncond, ex_memsx;
  reg  [32:0]  ex_alu_sel;
  reg  [7:0]   ex_aop;
  reg  [32:0]  ex_offn, ex_pkt_lim;
  reg  [31:0]  ex_imm, ex_pkt_bi;

  wire [63:0]  ex_fa, ex_fb;      // forwarded operands
  wire [63:0]  ex_nmask = byte_mask(ex_bmask);

  // callx: a code address is a local call to its slot, anything else a
  // helper id.  ID reads the register only once no register write is in
  // flight (hz_other), so ex_b holds its value; EX classifies it.  A code
  // address is PROG_BASE + 8 * slot with slot < PROG_LEN: two compares on
  // the register value, side by side (cx_lim is PROG_BASE / 8 + PROG_LEN,
  // registered: PROG_LEN does not change while the core runs).
  reg  [32:0] cx_lim;
  always @(posedge i_clk)
    cx_lim <= {4'd0, PROG_BASE[31:3]} + {1'b0, prog_limit};

  // Forwarding selects for the instruction entering EX (used only when ID
  // advances, so EX and MEM advance too).  A call writes r10; so does an
  // exit that pops (an exit from frame 0 or a helper call stops the fetch
  // and drops ID, so treating them as writing r10 is harmless).
  wire       ex_w10  = ex_call_k | ex_callx | ex_exit;
  wire       ex_wr   = ex_valid & (ex_rd_we | ex_w10);
  wire [3:0] ex_wrd  = ex_w10 ? 4'd10 : ex_rd;
  wire       fw_ex_a  = ex_wr & (ex_wrd == dec_ra);
  wire       fw_ex_b  = ex_wr & (ex_wrd == dec_rb);
  wire       fw_mem_a = mem_valid & mem_rd_we & (mem_rd == dec_ra);
  wire       fw_mem_b = mem_valid & mem_rd_we & (mem_rd == dec_rb);
  wire       fw_wb_a  = wb_valid & wb_rd_we & (wb_rd == dec_ra);
  wire       fw_wb_b  = wb_valid & wb_rd_we & (wb_rd == dec_rb);
  wire       fw_wq_a  = wq_we & (wq_rd == dec_ra);
  wire       fw_wq_b  = wq_we & (wq_rd == dec_rb);
  // The operands ID hands to EX.  WB's value (wb_fwd: a stack load's is
  // finished late in the cycle; an external load's is taken from WQ)
  // enters at the last multiplexer level.
  wire        id_sel_wb_a = d_use_a & ~fw_mem_a & fw_wb_a;
  wire        id_sel_wb_b = d_use_b & ~fw_mem_b & fw_wb_b;
  wire [63:0] id_a = !d_use_a ? 64'd0  : fw_mem_a ? mem_fwd : fw_wq_a ? wq_val : rf_a;
  wire [63:0] id_b = !d_use_b ? d_bimm : fw_mem_b ? mem_fwd : fw_wq_b ? wq_val : rf_b;

  // The conditions that are the inverse of a comparator output
  // The ALU's selects, decoded here and registered for EX
  wire [32:0]  id_alu_sel;
  bpf_alu_dec u_alu_dec (
    .i_op(d_alu_op), .i_alu64(d_alu64), .i_srcx(d_srcx), .i_sx(d_sx), .i_width(d_width),
    .o_sel(id_alu_sel));
  wire         id_jinv = (d_jop == BPF_JMP_JNE[3:0]) | (d_jop == BPF_JMP_JGE[3:0]) |
                         (d_jop == BPF_JMP_JGT[3:0]) | (d_jop == BPF_JMP_JSGE[3:0]) |
                         (d_jop == BPF_JMP_JSGT[3:0]);

  // ID's instruction takes its result from the ALU (see k_alu in EX; an
  // exit's and a jump's result is never used)
  wire         id_k_alu = ~(d_mul | d_div | d_call | d_callx | d_exit | d_pkt | d_load |
                            d_store | d_atomic);

  // Why EX gets no instruction from ID, when ID's is not killed
  wire [2:0] id_bubble = !id_valid ? id_cause :
                         hz_load ? (ex_mul ? C_MULDIV : C_LOADUSE) :
                         (hz_ext | hz_wb) ? C_MEM : C_OTHER;

  always @(posedge i_clk) begin
    if (i_rst) begin
      ex_valid_q <= 1'b0;
      ex_void    <= 1'b0;
      ex_first   <= 1'b0;
    end else if (flush || !prun) begin
      ex_valid_q <= 1'b0;
      ex_void    <= 1'b0;
      ex_first   <= 1'b0;
    end else if (ex_adv) begin
      ex_valid_q <= id_valid & ~rd_q & ~stop_q & ~id_hazard;
      ex_void    <= ex_redir | ex_stop;
      ex_first   <= 1'b1;
    end else begin
      ex_first <= 1'b0;
    end
  end

  // EX's bubble accounting needs no flush (which is late: the stop
  // events): a flush leaves RUNNING, so the next cycle (!prun) clears
  // ex_idv, and whatever ex_cause took in the flush's cycle is replaced by
  // the START or RESUME that runs the core again (prun is 0 in that cycle)
  // before it is used.
  always @(posedge i_clk) begin
    if (!prun) begin
      ex_idv <= 1'b0;
      if (cmd_start)
        ex_cause <= C_OTHER;
      else if (cmd_ret || cmd_tail)
        ex_cause <= C_HELPER;
    end else if (ex_adv) begin
      // (a killed slot's cause, BRANCH, is applied when the bubble moves
      // on to MEM)
      ex_idv   <= id_valid;
      ex_kq    <= rd_q | stop_q;
      ex_cause <= id_bubble;
    end
  end

  // The data registers load whenever EX takes a slot (ex_adv), a bubble
  // included (its values are not used: ex_valid is 0), so ID's hazard
  // logic drives only ex_valid and ex_cause, not these enables.
  always @(posedge i_clk) begin
    if (ex_adv) begin
      ex_pc       <= id_pc;
      ex_pc1      <= id_pc1;
      ex_pc2      <= id_pc2;
      ex_fault    <= id_fault;
      ex_fa_mem   <= d_use_a & fw_ex_a;
      ex_fb_mem   <= d_use_b & ~d_callx & fw_ex_b;
      // The value of the instruction in MEM, WB or WQ (the register file
      // does not bypass WQ's write) is taken here; EX forwards only from
      // MEM, so its operand multiplexer is one level.
      ex_a        <= id_sel_wb_a ? wb_fwd : id_a;
      ex_b        <= id_sel_wb_b ? wb_fwd : id_b;
      ex_r0       <= rf_r0;
      ex_rd_we    <= d_rd_we;
      ex_rd       <= d_rd;
      ex_rd_late  <= d_rd_late;
      ex_mul      <= d_mul;
      ex_div      <= d_div;
      ex_jmp      <= d_jmp;
      ex_callx    <= d_callx;
      ex_call_k   <= d_call;
      ex_helper_k <= d_helper;
      ex_exit     <= d_exit;
      ex_load     <= d_load;
      ex_store    <= d_store;
      ex_atomic   <= d_atomic;
      ex_pkt      <= d_pkt;
      ex_alu_op   <= d_alu_op;
      // zero for the kinds whose result is not the ALU's (bpf_alu's o_res
      // is 0 then), so EX's result is a plain OR of the units' outputs
      ex_alu_sel  <= id_alu_sel & {33{id_k_alu}};
      ex_alu64    <= d_alu64;
      ex_signed   <= d_signed;
      ex_jsel_eq  <= (d_jop == BPF_JMP_JEQ[3:0]) | (d_jop == BPF_JMP_JNE[3:0]);
      ex_jsel_lt  <= (d_jop == BPF_JMP_JLT[3:0]) | (d_jop == BPF_JMP_JGE[3:0]) |
                     (d_jop == BPF_JMP_JSLT[3:0]) | (d_jop == BPF_JMP_JSGE[3:0]);
      ex_jsel_le  <= (d_jop == BPF_JMP_JLE[3:0]) | (d_jop == BPF_JMP_JGT[3:0]) |
                     (d_jop == BPF_JMP_JSLE[3:0]) | (d_jop == BPF_JMP_JSGT[3:0]);
      ex_jsel_set <= (d_jop == BPF_JMP_JSET[3:0]);
      ex_jsigned  <= (d_jop == BPF_JMP_JSGT[3:0]) | (d_jop == BPF_JMP_JSGE[3:0]) |
                     (d_jop == BPF_JMP_JSLT[3:0]) | (d_jop == BPF_JMP_JSLE[3:0]);
      ex_jmp64    <= d_jmp64;
      ex_uncond   <= d_uncond;
      ex_nbytes   <= d_nbytes;
      ex_bmask    <= (d_nbytes == 4'd1) ? 8'h01 : (d_nbytes == 4'd2) ? 8'h03 :
                     (d_nbytes == 4'd4) ? 8'h0f : 8'hff;
      ex_memsx    <= d_memsx;
      ex_aop      <= d_aop;
      // Where EX redirects the fetch: a predicted branch can only be wrong
      // by being not taken
      ex_target   <= id_pred ? id_pc1 : id_pc1 + d_disp;
      ex_target1  <= id_pred ? id_pc2 : id_pc2 + d_disp;
      ex_jinv     <= ~d_uncond & id_jinv;
      ex_rd_t     <= d_jmp & ~d_uncond & ~(id_jinv ^ id_pred);
      ex_rd_f     <= d_jmp & ~d_uncond &  (id_jinv ^ id_pred);
      ex_rd_a     <= ((d_jmp & d_uncond) | d_call) & ~id_pred;
      ex_hit      <= id_hit;
      ex_ctr      <= id_ctr;
      ex_hid      <= id_insn[63:32];
      ex_hbtf     <= id_insn[15:12] == BPF_CALL_SRC_BTF_ID[3:0];
      ex_off      <= {{16{id_insn[31]}}, id_insn[31:16]};
      ex_off8     <= id_insn[16+SAW-1:16] + 8;
      ex_offn     <= {{17{id_insn[31]}}, id_insn[31:16]} + {29'd0, d_nbytes};
      ex_imm      <= id_insn[63:32];
      ex_pkt_bi   <= pkt_base + id_insn[63:32];
      ex_pkt_lim  <= {1'b0, pkt_len} - {29'd0, d_nbytes};
    end
    // While EX holds, its operands stay right with no capture: EX forwards
    // only from MEM's result register (mem_res), which is loaded only when
    // EX hands over, so it keeps the value EX selected.
  end

  // The branch comparator's own copies (bpf_dupreg keeps them apart)
  bpf_dupreg #(.W(130)) u_jdup (
    .i_clk(i_clk), .i_en(ex_adv),
    .i_d({d_use_a & fw_ex_a, d_use_b & ~d_callx & fw_ex_b,
          id_sel_wb_a ? wb_fwd : id_a, id_sel_wb_b ? wb_fwd : id_b}),
    .o_q({ex_ja_mem, ex_jb_mem, ex_ja, ex_jb}));
  bpf_dupreg #(.W(64)) u_mdup (
    .i_clk(i_clk), .i_en(ex_adv), .i_d(ex_res), .o_q(mem_res_j));
  // ... and the ALU's own copies: its operands then start at flip-flops
  // that drive the ALU alone (the originals feed the multiplier, the
  // divider, the address adders and compares, spread over the die)
  wire         ex_aa_mem, ex_ab_mem;
  wire [63:0]  ex_aa, ex_ab, mem_res_a;
  bpf_dupreg #(.W(130)) u_adup (
    .i_clk(i_clk), .i_en(ex_adv),
    .i_d({d_use_a & fw_ex_a, d_use_b & ~d_callx & fw_ex_b,
          id_sel_wb_a ? wb_fwd : id_a, id_sel_wb_b ? wb_fwd : id_b}),
    .o_q({ex_aa_mem, ex_ab_mem, ex_aa, ex_ab}));
  bpf_dupreg #(.W(64)) u_mrdup (
    .i_clk(i_clk), .i_en(ex_adv), .i_d(ex_res), .o_q(mem_res_a));
  // ... and the divider's, for its start decision alone (the operands'
  // msb indices, then the digit count: a path of its own)
  wire [63:0]  ex_da, ex_db, mem_res_d;
  bpf_dupreg #(.W(128)) u_ddup (
    .i_clk(i_clk), .i_en(ex_adv),
    .i_d({id_sel_wb_a ? wb_fwd : id_a, id_sel_wb_b ? wb_fwd : id_b}),
    .o_q({ex_da, ex_db}));
  bpf_dupreg #(.W(64)) u_mddup (
    .i_clk(i_clk), .i_en(ex_adv), .i_d(ex_res), .o_q(mem_res_d));

  // =========================================================================
  // EX: forwarding, ALU, branches, calls, address generation, MUL/DIV
  // =========================================================================
  reg  [63:0]  mem_res;

  // The select was decided in ID (registered): mem_res holds the result of
  // the instruction that was in EX then, and keeps it while EX waits.
  assign ex_fa = ex_fa_mem ? mem_res : ex_a;
  assign ex_fb = ex_fb_mem ? mem_res : ex_b;

  // callx: classified here from its register value (see cx_lim)
  wire        ex_cx_code  = (ex_b[63:32] == 32'd0) && (ex_b[2:0] == 3'd0) &&
                            (ex_b[31:3] >= PROG_BASE[31:3]) && ({4'd0, ex_b[31:3]} < cx_lim);
  wire [28:0] ex_cx_slot  = ex_b[31:3] - PROG_BASE[31:3];
  assign ex_call    = ex_call_k   | (ex_callx & ex_cx_code);
  assign ex_helper  = ex_helper_k | (ex_callx & ~ex_cx_code);
  assign ex_dest    = ex_callx ? {3'd0, ex_cx_slot} : ex_target;
  assign ex_dest1   = ex_callx ? slot_inc({3'd0, ex_cx_slot}, 2'd1) : ex_target1;
  assign ex_hid_now = ex_callx ? ex_b[31:0] : ex_hid;

  // Faults: BUDGET first, then those of ID, then CALL_DEPTH
  wire       ex_depth_full = (ex_depth == MAXD[2:0] - 3'd1);
  wire [3:0] ex_fault_now  = budget_zero ? BPF_FAULT_BUDGET[3:0] :
                             (ex_fault != 4'd0)     ? ex_fault :
                             (ex_call & ex_depth_full) ? BPF_FAULT_CALL_DEPTH[3:0] : 4'd0;
  wire       ex_ok = ex_valid & (ex_fault_now == 4'd0);
  // ... for MUL and DIV, which are no calls: from registers only, so that
  // EX's stall (ex_busy, then every pipeline enable) does not wait for the
  // callx classification
  wire       ex_ok_md = ex_valid & ~budget_zero & (ex_fault == 4'd0);

  // ALU
  wire [63:0] alu_res;
  bpf_alu u_alu (
    .i_sel(ex_alu_sel), .i_alu64(ex_alu64),
    .i_a(ex_aa_mem ? mem_res_a : ex_aa), .i_b(ex_ab_mem ? mem_res_a : ex_ab),   // = ex_fa, ex_fb
    .o_res(alu_res));

  // MUL, DIV
  // The product is finished in MEM (mem_fwd).
  wire        div_done;
  wire [63:0] mul_res, div_res, div_rem;
  wire        div_rsel;
  bpf_mul u_mul (
    .i_clk(i_clk), .i_ex_adv(ex_adv & ex_mul),
    .i_alu64(ex_alu64), .i_a(ex_fa), .i_b(ex_fb), .o_res(mul_res));
  bpf_div u_div (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_start(ex_ok_md & ex_first & ex_div), .o_done(div_done),
    .i_alu64(ex_alu64), .i_signed(ex_signed),
    .i_mod(ex_alu_op == BPF_ALU_MOD[3:0]),
    .i_a(ex_fa), .i_b(ex_fb),
    .i_a0(ex_da), .i_a1(mem_res_d), .i_a_sel(ex_fa_mem),
    .i_b0(ex_db), .i_b1(mem_res_d), .i_b_sel(ex_fb_mem),
    .o_res(div_res), .o_rsel(div_rsel), .o_rem(div_rem));
  assign ex_busy = ex_ok_md & ex_div & (ex_first | ~div_done);

  // Conditional jumps
  wire [63:0] ja = ex_ja_mem ? mem_res_j : ex_ja;   // = ex_fa
  wire [63:0] jb = ex_jb_mem ? mem_res_j : ex_jb;   // = ex_fb
  // Compares as two 32-bit halves (two short carry chains).  A signed
  // compare flips the sign bit of both operands and compares unsigned.  The
  // condition is picked by one-hot selects decided in ID (ex_j*).
  wire        flip_lo = ex_jsigned & ~ex_jmp64;
  wire        flip_hi = ex_jsigned & ex_jmp64;
  wire [31:0] ja_lo = {ja[31] ^ flip_lo, ja[30:0]};
  wire [31:0] jb_lo = {jb[31] ^ flip_lo, jb[30:0]};
  wire [31:0] ja_hi = {ja[63] ^ flip_hi, ja[62:32]};
  wire [31:0] jb_hi = {jb[63] ^ flip_hi, jb[62:32]};
  wire        j_eq_lo = (ja[31:0] == jb[31:0]);
  wire        j_eq_hi = (ja[63:32] == jb[63:32]);
  wire        j_lt_lo = (ja_lo < jb_lo);
  wire        j_lt_hi = (ja_hi < jb_hi);
  wire        j_eq  = j_eq_lo & (~ex_jmp64 | j_eq_hi);
  wire        j_lt  = ex_jmp64 ? (j_lt_hi | (j_eq_hi & j_lt_lo)) : j_lt_lo;
  wire        j_set = ((ja[31:0] & jb[31:0]) != 32'd0) |
                      (ex_jmp64 & ((ja[63:32] & jb[63:32]) != 32'd0));
  wire        j_sel  = (ex_jsel_eq & j_eq) | (ex_jsel_lt & j_lt) |
                       (ex_jsel_le & (j_lt | j_eq)) | (ex_jsel_set & j_set);

  // Calls and exits
  wire        ex_pop   = ex_exit & (ex_depth != 3'd0);
  wire        ex_end_x = ex_exit & (ex_depth == 3'd0);
  wire [2:0]  ex_depth_m1 = ex_depth - 3'd1;

  // Packet loads: offset, bounds, address
  wire [31:0] pkt_off  = ex_fa[31:0] + ex_imm;
  wire        pkt_oob  = ex_pkt_lim[32] | (pkt_off > ex_pkt_lim[31:0]);
  wire [31:0] pkt_addr = ex_fa[31:0] + ex_pkt_bi;

  // Data address (LDX, ST, STX, atomics): reg + off in 64 bits, of which
  // only the low half is an address; the high half must be zero.  It is
  // zero exactly when, with c the carry out of the low half's add:
  //   off >= 0: high(reg) == 0 and !c, or high(reg) == ~0 and c;
  //   off <  0: high(reg) == 1 and !c, or high(reg) == 0 and c;
  // so the check waits for a 32-bit carry chain, not a 64-bit one.  The end
  // address (address + size, 33 bits) is added from reg in parallel; it is
  // right whenever the high half is zero.
  wire [32:0] d_lo   = {1'b0, ex_fa[31:0]} + {1'b0, ex_off};
  wire [31:0] d_addr = d_lo[31:0];
  wire [32:0] d_end  = ex_fa[32:0] + ex_offn;
  // the stack row after the address's (for the banks below its byte lane)
  /* verilator lint_off UNUSEDSIGNAL */  // the row bits only
  wire [SAW-1:0] d_plus8 = ex_fa[SAW-1:0] + ex_off8;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [SAW-4:0] d_row1  = d_plus8[SAW-1:3];
  wire        a_hi0  = (ex_fa[63:32] == 32'd0);
  wire        a_hi1  = (ex_fa[63:32] == 32'd1);
  wire        a_hin  = (ex_fa[63:32] == 32'hffff_ffff);
  wire        off_ng = ex_off[31];

  // Bounds checks of the data address, registered for MEM (docs/isa.md):
  // the stack [STACK_BASE, STACK_BASE + (depth+1) * FRAME_SIZE) and the
  // regions (the region table does not change while the core runs).  The
  // stack's end offset comes from d_end: STACK_BASE is aligned to twice the
  // stack size, so below bit SAW+1 it is a flip of that bit.
  wire        ex_hi_zero = d_lo[32] ? (off_ng ? a_hi0 : a_hin) : (off_ng ? a_hi1 : a_hi0);
  wire        ex_sarea   = ex_hi_zero && (d_addr[31:SAW+1] == STACK_BASE[31:SAW+1]);
  wire [SAW+1:0] s_end   = {d_end[SAW+1] ^ STACK_BASE[SAW+1], d_end[SAW:0]};
  wire [3:0]     s_dp1   = {1'b0, ex_depth} + 4'd1;
  wire [SAW+1:0] s_lim   = {{(SAW-2-FAW){1'b0}}, s_dp1, {FAW{1'b0}}};
  wire        ex_in_stk  = (s_end <= s_lim);
  wire        ex_write   = ex_store | ex_atomic;
  reg         ex_in_rgn;
  integer     k;
  always @(*) begin
    ex_in_rgn = 1'b0;
    for (k = 0; k < NR; k = k + 1)
      if (rgn_flags[2*k] && (!ex_write || rgn_flags[2*k+1]) &&
          d_addr >= rgn_base[32*k +: 32] && d_end <= rgn_end[33*k +: 33])
        ex_in_rgn = 1'b1;
    ex_in_rgn = ex_in_rgn & ex_hi_zero;
  end

  // A redirect: a jump whose outcome differs from the prediction, a call
  // that was not predicted, an exit that pops a frame.  The selects were
  // made in ID; here only the comparator's output remains.
  assign ex_redir = ex_ok & ex_first & ((ex_rd_t & j_sel) | (ex_rd_f & ~j_sel) | ex_rd_a |
                                        (ex_callx & ex_cx_code) | ex_pop);

  // BTB update by a direct jump or call in its first EX cycle: a hit moves
  // its counter; a taken miss enters the branch (counter "weakly taken")
  // if its target lies inside IMEM.  The update is written one cycle
  // later (a lookup in between sees the old entry), and what it needs is
  // registered as it is: the comparator's output (late in the cycle) goes
  // straight to a flip-flop, and the update is decided in the next cycle
  // from registers.  (Such a jump or call is no callx, so its faults are
  // known from registers: ex_call is ex_call_k here.)
  wire        bt_ok    = ex_valid & ~budget_zero & (ex_fault == 4'd0) &
                         ~(ex_call_k & ex_depth_full);
  reg            bt_br_q, bt_hit_q, bt_fits_q, bt_call_q, bt_unc_q, bt_jinv_q, bt_jsel_q;
  reg  [1:0]     bt_ectr_q;
  reg  [BAW-1:0] bt_idx_q;
  reg  [BTW+2*IAW-1:0] bt_data_q;
  always @(posedge i_clk) begin
    bt_br_q   <= bt_ok & ex_first & ((ex_jmp & ~ex_callx) | ex_call_k) & ~i_rst;
    bt_hit_q  <= ex_hit;
    bt_fits_q <= (ex_target[31:IAW] == 0) & (ex_target1[31:IAW] == 0);
    bt_call_q <= ex_call_k;
    bt_unc_q  <= ex_uncond;
    bt_jinv_q <= ex_jinv;
    bt_jsel_q <= j_sel;
    bt_ectr_q <= ex_ctr;
    bt_idx_q  <= ex_pc[BAW-1:0];
    bt_data_q <= {ex_pc[IAW-1:BAW], ex_target[IAW-1:0], ex_target1[IAW-1:0]};
  end
  wire        bt_taken   = bt_call_q | bt_unc_q | (bt_jinv_q ^ bt_jsel_q);
  wire        bt_alloc_q = bt_br_q & ~bt_hit_q & bt_taken & bt_fits_q;
  wire        bt_we_q    = (bt_br_q & bt_hit_q) | bt_alloc_q;
  wire [1:0]  bt_ctr_q   = !bt_hit_q ? 2'b10 :
                           bt_taken  ? ((bt_ectr_q == 2'b11) ? 2'b11 : bt_ectr_q + 2'd1) :
                                       ((bt_ectr_q == 2'b00) ? 2'b00 : bt_ectr_q - 2'd1);

  bpf_lutram #(.W(BTW + 2 * IAW), .DEPTH(1 << BAW), .AW(BAW)) u_btb (
    .i_clk(i_clk), .i_we(bt_alloc_q), .i_waddr(bt_idx_q), .i_wdata(bt_data_q),
    .i_raddr(btb_ridx), .o_rdata(btb_rq));
  bpf_lutram #(.W(2), .DEPTH(1 << BAW), .AW(BAW)) u_btb_ctr (
    .i_clk(i_clk), .i_we(bt_we_q), .i_waddr(bt_idx_q), .i_wdata(bt_ctr_q),
    .i_raddr(btb_ridx), .o_rdata(btb_rctr));

  always @(posedge i_clk)
    if (i_rst || imem_we)
      btb_valid <= 0;
    else if (bt_alloc_q)
      btb_valid[bt_idx_q] <= 1'b1;

  // The lookup of slot btb_la, registered for the next cycle (the write of
  // this cycle forwarded; a write to the instruction memory empties it)
  wire                 bl_fwd = bt_alloc_q & (bt_idx_q == btb_ridx);
  wire                 bl_cfw = bt_we_q & (bt_idx_q == btb_ridx);
  wire [BTW+2*IAW-1:0] bl_ent = bl_fwd ? bt_data_q : btb_rq;
  always @(posedge i_clk) begin
    btb_hit_q <= ~i_rst & ~imem_we & (btb_valid[btb_ridx] | bl_fwd) &
                 (bl_ent[BTW+2*IAW-1:2*IAW] == btb_la[IAW-1:BAW]);
    btb_tgt_q <= bl_ent[2*IAW-1:0];
    btb_ctr   <= bl_cfw ? bt_ctr_q : btb_rctr;
  end

  assign ex_redir_pc  = ex_pop ? ret_pc[ex_depth_m1]  : ex_dest;
  assign ex_redir_pc1 = ex_pop ? ret_pc1[ex_depth_m1] : ex_dest1;
  // A stop never coincides with a redirect: a fault has no redirect, and a
  // helper call, an exit from frame 0 and a packet load are no jump, call
  // or popping exit.
  assign ex_stop  = ex_valid & ex_first &
                    (~ex_ok | ex_helper | ex_end_x | (ex_pkt & pkt_oob));

  // EX's result: one AND-OR over exclusive kinds (one level after each
  // unit); the 32-bit kinds (frame tops, packet and data addresses) first
  // share a narrow multiplexer.
  // (a callx counts as a call here whatever its class: a helper callx
  // writes no register, so its result is never used; this keeps the callx
  // classification off the result path)
  wire        k_call = ex_call_k | ex_callx;
  wire        k_fr   = k_call | ex_pop;
  wire        k_adr  = k_fr | ex_pkt | ex_load | ex_store | ex_atomic;
  wire [63:0] fr_top = frame_top(k_call ? {1'b0, ex_depth} + 4'd1 : {1'b0, ex_depth_m1});
  wire [31:0] adr    = k_fr ? fr_top[31:0] : ex_pkt ? pkt_addr : d_addr;
  wire        unused_fr_hi = |fr_top[63:32];   // frame tops are 32-bit addresses
  // (the ALU's output is 0 unless it is the kind: its selects were masked
  // in ID, id_k_alu; a MOD's remainder comes from the divider's last step)
  wire [63:0] ex_res = alu_res | ({64{ex_div & ~div_rsel}} & div_res) |
                       ({64{ex_div & div_rsel}} & div_rem) | {32'd0, {32{k_adr}} & adr};

  // Frame depth, return addresses, budget
  always @(posedge i_clk) begin
    if (cmd_start || cmd_tail) begin
      ex_depth <= 3'd0;
    end else if (ex_ok && ex_adv) begin
      if (ex_call) begin
        ex_depth <= ex_depth + 3'd1;
        ret_pc[ex_depth]  <= ex_pc1;
        ret_pc1[ex_depth] <= ex_pc2;
      end else if (ex_pop) begin
        ex_depth <= ex_depth_m1;
      end
    end
    if (cmd_start) begin
      budget_left <= budget;
      budget_zero <= (budget == 32'd0);
    end else if (ex_ok && ex_adv) begin
      budget_left <= budget_left - 32'd1;
      budget_zero <= (budget_left == 32'd1);
    end
  end

  // =========================================================================
  // EX/MEM register
  // =========================================================================
  reg  [31:0]  mem_pc;
  reg  [63:0]  mem_sdata, mem_r0;    // a store's value, cmpxchg's r0: cut to the size
  reg  [7:0]   mem_bmask;            // the access's bytes (size)
  reg          mem_a_add, mem_a_or, mem_a_and, mem_a_xor, mem_a_cx, mem_a_xchg;
  reg  [2:0]   mem_cause, mem_frame;
  reg  [3:0]   mem_fault, mem_nbytes;
  reg          mem_store, mem_atomic, mem_memsx;
  reg          mem_end, mem_helper, mem_push;
  reg          mem_in_stack, mem_in_rgn;
  reg  [31:0]  mem_hid;
  reg          mem_hbtf;

  always @(posedge i_clk) begin
    if (i_rst) begin
      mem_valid <= 1'b0;
    end else if (flush || !prun) begin
      mem_valid <= 1'b0;
    end else if (mem_adv) begin
      mem_valid <= ex_valid & ~ex_busy;
    end
  end

  // (MEM's bubble cause needs no flush either: as ex_cause above)
  always @(posedge i_clk) begin
    if (!prun) begin
      if (cmd_start)
        mem_cause <= C_OTHER;
      else if (cmd_ret || cmd_tail)
        mem_cause <= C_HELPER;
    end else if (mem_adv) begin
      mem_cause <= ex_valid ? C_MULDIV : ex_killed ? C_BRANCH : ex_cause;
    end
  end

  always @(posedge i_clk) begin
    if (ex_adv) begin
      mem_pc       <= ex_pc;
      mem_fault    <= ex_fault_now;
      mem_rd_we    <= ex_rd_we | ex_call | ex_pop;
      mem_rd       <= k_fr ? 4'd10 : ex_rd;
      mem_res      <= ex_res;
      mem_sdata    <= ex_fb & ex_nmask;
      mem_r0       <= ex_r0 & ex_nmask;
      mem_bmask    <= ex_bmask;
      mem_a_add    <= (ex_aop & 8'hfe) == BPF_ATOMIC_ADD[7:0];
      mem_a_or     <= (ex_aop & 8'hfe) == BPF_ATOMIC_OR[7:0];
      mem_a_and    <= (ex_aop & 8'hfe) == BPF_ATOMIC_AND[7:0];
      mem_a_xor    <= (ex_aop & 8'hfe) == BPF_ATOMIC_XOR[7:0];
      mem_a_cx     <= ex_aop == BPF_ATOMIC_CMPXCHG[7:0];
      mem_a_xchg   <= ex_aop == BPF_ATOMIC_XCHG[7:0];
      mem_load     <= ex_load;
      mem_mul      <= ex_mul;
      mem_store    <= ex_store;
      mem_atomic   <= ex_atomic;
      mem_pkt      <= ex_pkt;
      mem_memsx    <= ex_memsx;
      mem_nbytes   <= ex_nbytes;
      mem_oob      <= pkt_oob;
      mem_sarea    <= ex_sarea;
      mem_in_stack <= ex_sarea & ex_in_stk;
      mem_in_rgn   <= ex_in_rgn;
      mem_end      <= ex_end_x | (ex_pkt & pkt_oob);
      mem_helper   <= ex_helper;
      mem_hid      <= ex_hid_now;
      mem_hbtf     <= ex_hbtf & ~ex_callx;
      mem_push     <= ex_call;
      mem_pop      <= ex_pop;
      mem_frame    <= ex_pop ? ex_depth_m1 : ex_depth;
    end
  end

  // =========================================================================
  // MEM: bounds check, stack RAM, data port, atomics
  // =========================================================================
  wire        mem_write = mem_store | mem_atomic;
  wire        mem_data  = mem_load | mem_store | mem_atomic;     // region-checked
  wire [31:0] maddr     = mem_res[31:0];

  // The bounds checks were done in EX on the address (registered):
  // stack area, stack bound and regions.
  wire        in_sarea = mem_sarea;
  wire        in_stack = mem_in_stack;
  wire        in_rgn   = mem_in_rgn;

  wire [3:0] mem_bfault = (mem_data && !in_stack && !in_rgn) ?
                          (mem_write ? BPF_FAULT_STORE_BOUNDS[3:0] : BPF_FAULT_LOAD_BOUNDS[3:0])
                          : 4'd0;
  wire [3:0] mem_fault_now = (mem_fault != 4'd0) ? mem_fault : mem_bfault;

  // Data port (see the header): requests leave from MEM.  A plain load or
  // store moves on to WB once granted; a load takes its response in WB, a
  // store's response is only counted (posted).  An atomic on a region waits
  // in MEM until no response is outstanding, then does its locked read,
  // waits for its response, and leaves with its locked write granted (the
  // write's response is counted like a store's).
  reg  [1:0]  out_q;                // responses outstanding
  reg         req_q;                // a request raised last cycle, not granted
  reg  [1:0]  at_q;                 // region atomic: 0 read, 1 read rsp, 3 update, 2 write
  reg  [1:0]  mem_ph;               // stack atomic: 0 read, 1 update, 2 write
  reg  [63:0] old_q;                // atomic: the old value
  reg  [63:0] new_q;                // atomic: the new value (a_new), registered
  wire        drained   = (out_q == 2'd0);
  wire        abort_now = abort_req & drained & ~req_q & (at_q == 2'd0);
  wire        ext_acc   = mem_valid & (mem_pkt ? ~mem_oob : (mem_data & ~in_sarea));
  wire        ext_ok    = mem_pkt ? ~mem_oob : (mem_data & ~in_stack & in_rgn);
  wire        ext_slot  = mem_atomic ? ((at_q == 2'd0 & drained) | (at_q == 2'd2))
                                     : (out_q != 2'd3);
  // ext_pre_s: the request's conditions but WB's stall, for MEM's own
  // stall: mem_adv takes ~wb_stall beside it, so the stall need not wait
  // for wb_stall (ext_pre, which the request needs, does)
  wire        ext_pre_s = run & mem_valid & ~abort_now & (mem_fault == 4'd0) & ext_slot;
  wire        ext_pre   = ext_pre_s & ~wb_stall;
  wire        ext_go    = ext_pre & ext_ok;
  wire        ext_gnt   = ext_go & i_dmem_gnt;
  wire        s_atomic  = mem_valid & mem_atomic & in_sarea;
  // A helper call stops the core only once the posted stores are answered.
  wire        hlp_wait  = mem_valid & mem_helper & ~drained;

  // The stall ignores the bounds check (ext_pre, not ext_go): an access that
  // fails it faults in this cycle (or waits for WB), so it never advances.
  // a region atomic's write is granted (it is posted)
  wire        at_done_s = (at_q == 2'd2) & ext_pre_s & ext_ok & i_dmem_gnt;
  assign mem_stall = (ext_acc & (mem_atomic ? ~at_done_s : ~(ext_pre_s & i_dmem_gnt))) |
                     (s_atomic & ~mem_ph[1]) | hlp_wait;

  // Size mask (from the registered byte mask)
  wire [63:0] nmask = byte_mask(mem_bmask);

  // Atomic update from the old value (the operands were cut to the size in
  // EX, the operation decoded there; only the sum can carry out of the size)
  wire [63:0] a_src = mem_sdata;
  wire [63:0] a_sum = (old_q + a_src) & nmask;
  wire        a_eq  = (old_q == mem_r0);
  wire [63:0] a_new = ({64{mem_a_add}} & a_sum) | ({64{mem_a_or}} & (old_q | a_src)) |
                      ({64{mem_a_and}} & old_q & a_src) | ({64{mem_a_xor}} & (old_q ^ a_src)) |
                      ({64{mem_a_cx}} & (a_eq ? a_src : old_q)) | ({64{mem_a_xchg}} & a_src);

  // What a store or atomic writes: an atomic's new value is registered
  // first (new_q, a cycle after the old value arrives: at_q's update
  // cycle on the data port, mem_ph's on the stack), so that the add and
  // the compare are not in front of the stack banks' rotation nor of the
  // route to the map memory's block RAMs (on the ULX3S the worst path ran
  // from old_q through a_new to a map bank's write data).
  wire [63:0] st_val = mem_atomic ? new_q : mem_sdata;

  assign o_dmem_req   = ext_go;
  assign o_dmem_we    = mem_atomic ? (at_q == 2'd2) : mem_store;
  assign o_dmem_addr  = maddr;
  assign o_dmem_size  = mem_nbytes;
  assign o_dmem_wdata = st_val;
  assign o_dmem_lock  = ext_acc & mem_atomic & (ext_go | (at_q != 2'd0));

  always @(posedge i_clk) begin
    if (i_rst) begin
      out_q  <= 2'd0;
      req_q  <= 1'b0;
      at_q   <= 2'd0;
      mem_ph <= 2'd0;
    end else begin
      out_q <= out_q + {1'b0, ext_gnt} - {1'b0, i_dmem_rvalid};
      req_q <= ext_go & ~i_dmem_gnt;
      case (at_q)
        2'd0:    if (ext_gnt && mem_atomic) at_q <= 2'd1;
        2'd1:    if (i_dmem_rvalid) at_q <= 2'd3;
        2'd3:    at_q <= 2'd2;          // new_q takes the new value
        default: if (ext_gnt) at_q <= 2'd0;
      endcase
      if (mem_adv || flush)
        mem_ph <= 2'd0;
      else if (s_atomic && run && !mem_ph[1])
        mem_ph <= mem_ph + 2'd1;
    end
  end

  // Stack RAM.  While the core is not RUNNING its ports belong to
  // CLEAR_STACK (CLEARING) and to the host's stack window (IDLE, HELPER,
  // DONE, FAULT; bpf_ctl ignores the window while CLEARING): the mode
  // selects come from the state only, so the pipeline's addresses and data
  // pass one 2:1 multiplexer to the write port, as before the window, and
  // one more select to the read rows (inside bpf_stack).  A window read
  // presents its row in the request cycle; bpf_ctl takes the banks' output
  // in the next.  The pipeline is empty whenever it is not RUNNING (and in
  // the first RUNNING cycle), so it never uses a read the host made.
  wire [63:0] s_rdata;
  wire        s_we = (run & mem_valid & ~abort_now & (mem_fault == 4'd0) & in_stack &
                      (mem_store | (mem_atomic & mem_ph[1]))) | clr_we | stk_we;
  wire [SAW-1:0] h_waddr = clr_we ? {clr_row, 3'b000} : stk_off;
  wire [3:0]     h_wsize = clr_we ? 4'd8 : 4'd4;
  wire [63:0]    h_wdata = {32'd0, clr_we ? 32'd0 : stk_wdata};
  bpf_stack #(.BYTES(SBYTES), .AW(SAW)) u_stack (
    .i_clk(i_clk),
    .i_re(mem_adv | ~mem_valid), .i_raddr(d_addr[SAW-1:0]), .i_rrow1(d_row1),
    .o_rdata(s_rdata),
    .i_hsel(~run), .i_hrow(stk_off[SAW-1:3]), .o_hrdata(stk_rdata),
    .i_we(s_we),
    .i_waddr(run ? maddr[SAW-1:0] : h_waddr),
    .i_wsize(run ? mem_nbytes : h_wsize),
    .i_wdata(run ? st_val : h_wdata));

  // The atomics' read value (raw: right-aligned, zero-extended).  Loads
  // are finished in WB (wb_wval).
  wire [63:0] raw = (ext_acc ? i_dmem_rdata : s_rdata) & nmask;

  always @(posedge i_clk) begin
    if ((s_atomic && mem_ph == 2'd0) || (at_q == 2'd1 && i_dmem_rvalid))
      old_q <= raw;
    new_q <= a_new;
  end


  // What WB gets: a stack load's eight bytes as read (WB finishes them), an
  // out-of-packet load's 0, an atomic's old value, a product (finished
  // here), or the EX result.
  wire [63:0] mem_oth = mem_atomic ? old_q : mem_pkt ? 64'd0 : mem_mul ? mul_res : mem_res;
  wire [63:0] mem_val = mem_load ? s_rdata : mem_oth;
  assign mem_fwd = mem_oth;

  // =========================================================================
  // Stop events: fault (MEM or abort), helper call, exit (WB)
  // =========================================================================
  reg          wb_end;
  reg  [31:0]  wb_pc;
  // MEM's events wait while WB waits (the older load retires first).
  // They need no run: mem_valid and wb_valid are 0 whenever the core is
  // not RUNNING (the events that leave RUNNING flush them, and !prun keeps
  // them clear; RESUME sets wb_valid in a RUNNING cycle), and bpf_ctl
  // takes them only while RUNNING.  So the core's state, whose decode
  // drives half the core, stays out of the flush.
  wire         mem_fault_ev = mem_valid & (mem_fault_now != 4'd0) & ~(wb_valid & wb_end) &
                              ~wb_stall;
  wire         helper_ev    = mem_valid & mem_helper & (mem_fault_now == 4'd0) &
                              ~wb_stall & drained;
  wire         done_ev      = wb_valid & wb_end & drained;
  wire [31:0]  oldest_pc    = mem_valid ? mem_pc : ex_valid ? ex_pc : id_valid ? id_pc :
                              sk_valid ? sk_pc : if_valid ? if_pc : rd_q ? rd_pc_q : rs_pc;

  always @(*) begin
    ev_done   = done_ev;
    ev_fault  = ~done_ev & (mem_fault_ev | abort_now);
    ev_code   = mem_fault_ev ? mem_fault_now : BPF_FAULT_ABORTED[3:0];
    ev_pc     = done_ev ? wb_pc : mem_fault_ev ? mem_pc : oldest_pc;
    ev_helper = ~done_ev & ~ev_fault & helper_ev;
    ev_hid    = mem_hid;
    ev_hbtf   = mem_hbtf;
  end
  // (= ev_done | ev_fault | ev_helper, without their priorities)
  assign flush = done_ev | mem_fault_ev | abort_now | helper_ev;

  // =========================================================================
  // MEM/WB register and WB: register write, frames, retirement
  // =========================================================================
  reg  [31:0]  park_pc;
  /* verilator lint_off UNUSEDSIGNAL */  // for the trace
  reg  [3:0]   wb_nbytes;
  reg          wb_ld;                      // WB: a load, finished here
  /* verilator lint_on UNUSEDSIGNAL */
  reg          wb_ext;                     // ... answered on the data port

  // The load's response is the last one outstanding (nothing is issued
  // while it waits).  An exit that ends the program waits for the posted
  // stores' responses.
  wire         wb_rsp    = i_dmem_rvalid & (out_q == 2'd1);
  // (no run: wb_valid is 0 whenever the core is not RUNNING, see done_ev)
  assign       wb_stall  = wb_valid & ((wb_ext & ~wb_rsp) | (wb_end & ~drained));
  wire         wb_retire = wb_valid & ~wb_stall;

  always @(posedge i_clk) begin
    if (i_rst) begin
      wq_we   <= 1'b0;
      wq_push <= 1'b0;
      wq_pop  <= 1'b0;
    end else begin
      wq_we   <= wb_retire & wb_rd_we;
      wq_push <= wb_retire & wb_push;
      wq_pop  <= wb_retire & wb_pop;
    end
    wq_rd    <= wb_rd;
    wq_frame <= wb_frame;
    wq_val   <= wb_wval;
  end

  // What the register file gets: WB's value, or the load finished (size,
  // sign extension, packet byte order).  Each byte is one AND-OR of at most
  // five sources picked by selects that MEM decided (registered), so the
  // data port's response passes through few logic levels:
  //   rd: response byte k   wv: wb_val byte k   b2/b4: response byte 1-k /
  //   3-k (packet loads of 2 and 4 bytes)   sg: the sign (sign extension)
  reg  [7:0]   wb_s_rd, wb_s_wv, wb_s_b2, wb_s_b4, wb_s_sg;
  reg  [5:0]   wb_s_sgn;   // the sign bit: response bit 7, 15, 31, wb_val bit 7, 15, 31
  wire         wb_sign = |(wb_s_sgn & {wb_val[31], wb_val[15], wb_val[7],
                                       i_dmem_rdata[31], i_dmem_rdata[15], i_dmem_rdata[7]});
  wire [63:0]  wb_wval;
  genvar       gb;
  generate
    for (gb = 0; gb < 8; gb = gb + 1) begin : g_wb_byte
      wire [7:0] b2 = (gb < 2) ? i_dmem_rdata[8*(1-gb%2) +: 8] : 8'd0;
      wire [7:0] b4 = (gb < 4) ? i_dmem_rdata[8*(3-gb%4) +: 8] : 8'd0;
      assign wb_wval[8*gb +: 8] = ({8{wb_s_rd[gb]}} & i_dmem_rdata[8*gb +: 8]) |
                                  ({8{wb_s_wv[gb]}} & wb_val[8*gb +: 8]) |
                                  ({8{wb_s_b2[gb]}} & b2) | ({8{wb_s_b4[gb]}} & b4) |
                                  ({8{wb_s_sg[gb]}} & {8{wb_sign}});
    end
  endgenerate

  // What ID takes from WB: the same but for the data port's response (ID
  // waits for an external load until it is in WQ, hz_wb), so that the
  // response ends at registers (wq_val, the counters' and the trace's)
  wire         wb_fsign = |(wb_s_sgn[5:3] & {wb_val[31], wb_val[15], wb_val[7]});
  wire [63:0]  wb_fwd;
  generate
    for (gb = 0; gb < 8; gb = gb + 1) begin : g_wb_fwd
      assign wb_fwd[8*gb +: 8] = ({8{wb_s_wv[gb]}} & wb_val[8*gb +: 8]) |
                                 ({8{wb_s_sg[gb]}} & {8{wb_fsign}});
    end
  endgenerate

  // The selects for the instruction MEM hands to WB
  wire         m_ld  = mem_load | (mem_pkt & ~mem_oob);
  wire         m_ext = ext_acc & (mem_load | mem_pkt);
  reg  [7:0]   m_in;                          // byte k lies inside the access
  always @(*) begin
    case (mem_nbytes)
      4'd1:    m_in = 8'h01;
      4'd2:    m_in = 8'h03;
      4'd4:    m_in = 8'h0f;
      default: m_in = 8'hff;
    endcase
  end
  wire         m_bs  = mem_pkt & (mem_nbytes != 4'd1);   // byte swapped
  wire [7:0]   m_s_rd = {8{m_ld & m_ext & ~m_bs}} & m_in;
  wire [7:0]   m_s_wv = {8{~m_ld}} | ({8{~m_ext}} & m_in);
  wire [7:0]   m_s_b2 = {8{m_bs & (mem_nbytes == 4'd2)}} & 8'h03;
  wire [7:0]   m_s_b4 = {8{m_bs & (mem_nbytes == 4'd4)}} & 8'h0f;
  wire [7:0]   m_s_sg = {8{m_ld & mem_memsx}} & ~m_in;
  wire [5:0]   m_s_sgn = {6{m_ld & mem_memsx}} &
                         {~m_ext & (mem_nbytes == 4'd4), ~m_ext & (mem_nbytes == 4'd2),
                          ~m_ext & (mem_nbytes == 4'd1), m_ext & (mem_nbytes == 4'd4),
                          m_ext & (mem_nbytes == 4'd2), m_ext & (mem_nbytes == 4'd1)};

  // WB's valid bit and bubble cause follow the pipeline's control (flush,
  // MEM's advance); its data registers load whenever WB does not wait
  // (their values matter only with wb_valid), so their enable does not
  // wait for the flush and MEM's stall, which are late and drive some
  // two hundred flip-flops here.
  always @(posedge i_clk) begin
    if (i_rst) begin
      wb_valid <= 1'b0;
    end else if (cmd_ret || cmd_tail) begin
      wb_valid <= 1'b1;   // RESUME: the helper call retires now
    end else if (flush || !prun) begin
      wb_valid <= 1'b0;
      if (cmd_start)
        wb_cause <= C_OTHER;
      else if (ev_helper)
        wb_cause <= C_HELPER;
    end else if (wb_stall) begin
      wb_valid <= 1'b1;   // waits
    end else if (mem_adv) begin
      wb_valid <= mem_valid;
      wb_cause <= mem_cause;
    end else begin
      wb_valid <= 1'b0;
      wb_cause <= C_MEM;
    end
    if (ev_helper) begin
      park_pc   <= mem_pc;
    end
  end

  always @(posedge i_clk) begin
    if (cmd_ret || cmd_tail) begin
      wb_pc        <= park_pc;
      wb_rd_we     <= cmd_ret;
      wb_rd        <= 4'd0;
      wb_val       <= rf_r0;
      wb_ext       <= 1'b0;
      wb_ld        <= 1'b0;
      wb_s_rd      <= 8'h00;
      wb_s_wv      <= 8'hff;
      wb_s_b2      <= 8'h00;
      wb_s_b4      <= 8'h00;
      wb_s_sg      <= 8'h00;
      wb_s_sgn     <= 6'd0;
      wb_end       <= 1'b0;
      wb_push      <= 1'b0;
      wb_pop       <= 1'b0;
    end else if (!wb_stall) begin
      wb_pc        <= mem_pc;
      wb_rd_we     <= mem_rd_we;
      wb_rd        <= mem_rd;
      wb_val       <= mem_val;
      wb_ext       <= m_ext;
      wb_ld        <= m_ld;
      wb_nbytes    <= mem_nbytes;
      wb_s_rd      <= m_s_rd;
      wb_s_wv      <= m_s_wv;
      wb_s_b2      <= m_s_b2;
      wb_s_b4      <= m_s_b4;
      wb_s_sg      <= m_s_sg;
      wb_s_sgn     <= m_s_sgn;
      wb_end       <= mem_end;
      wb_push      <= mem_push;
      wb_pop       <= mem_pop;
      wb_frame     <= mem_frame;
    end
  end

  // Restart after START and RESUME
  always @(posedge i_clk) begin
    if (i_rst) begin
      rs_go <= 1'b0;
    end else begin
      rs_go <= cmd_start | cmd_ret | cmd_tail;
      if (cmd_start) begin
        rs_pc  <= entry_pc;
        rs_pc1 <= slot_inc(entry_pc, 2'd1);   // (see slot_inc; an entry
                                              // outside the program faults)
      end else if (cmd_ret) begin
        rs_pc  <= slot_inc(helper_pc, 2'd1);
        rs_pc1 <= slot_inc(helper_pc, 2'd2);
      end else if (cmd_tail) begin
        rs_pc  <= helper_arg;
        rs_pc1 <= slot_inc(helper_arg, 2'd1);
      end
    end
  end

`ifdef BPFSOC_TRACE
  // =========================================================================
  // Retirement trace: the instruction word and the record fields travel
  // with the pipeline only when tracing is compiled in.
  // =========================================================================
  reg  [63:0]  ex_insn, mem_insn, wb_insn, park_insn, wb_mem_data;
  reg          ex_trace_rd, mem_trace_rd, wb_trace_rd, wb_mem_valid, wb_mem_write;
  reg  [3:0]   wb_mem_size;
  reg  [31:0]  wb_mem_addr;

  always @(posedge i_clk) begin
    if (ex_adv) begin
      ex_insn     <= id_insn;
      ex_trace_rd <= d_rd_we;
    end
    if (ex_adv) begin
      mem_insn     <= ex_insn;
      mem_trace_rd <= ex_trace_rd;
    end
    if (cmd_ret || cmd_tail) begin
      wb_insn      <= park_insn;
      wb_trace_rd  <= cmd_ret;
      wb_mem_valid <= 1'b0;
    end else if (mem_adv) begin
      wb_insn      <= mem_insn;
      wb_trace_rd  <= mem_trace_rd;
      wb_mem_valid <= mem_data | (mem_pkt & ~mem_oob);
      wb_mem_write <= mem_write;
      wb_mem_size  <= mem_nbytes;
      wb_mem_addr  <= maddr;
      wb_mem_data  <= mem_write ? st_val : raw;
    end
    if (ev_helper)
      park_insn <= mem_insn;
  end

  wire [63:0]  wb_mask   = (wb_nbytes == 4'd1) ? 64'hff :
                           (wb_nbytes == 4'd2) ? 64'hffff :
                           (wb_nbytes == 4'd4) ? 64'hffff_ffff : {64{1'b1}};
  wire [63:0]  wb_raw    = (wb_ext ? i_dmem_rdata : wb_val) & wb_mask;

  assign o_tr_valid     = wb_retire & run;
  assign o_tr_pc        = wb_pc;
  assign o_tr_insn      = wb_insn;
  assign o_tr_rd_valid  = wb_trace_rd;
  assign o_tr_rd        = wb_rd;
  assign o_tr_rd_val    = wb_wval;
  assign o_tr_mem_valid = wb_mem_valid;
  assign o_tr_mem_write = wb_mem_write;
  assign o_tr_mem_size  = wb_mem_size;
  assign o_tr_mem_addr  = wb_mem_addr;
  assign o_tr_mem_data  = wb_ld ? wb_raw : wb_mem_data;
`endif

  // No local memory port: the slots and the stack are inside (LMEM = 0)
  assign o_lm_req   = 1'b0;
  assign o_lm_we    = 1'b0;
  assign o_lm_addr  = 14'd0;
  assign o_lm_be    = 4'd0;
  assign o_lm_wdata = 32'd0;
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_lm = |i_lm_rdata;
  /* verilator lint_on UNUSEDSIGNAL */

endmodule

`default_nettype wire

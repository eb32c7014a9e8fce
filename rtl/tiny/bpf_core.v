// rtl/tiny/bpf_core.v: the area-oriented bpfsoc eBPF core (docs/isa.md) for
// small FPGAs (iCE40 UP5K): the same module, parameters, ports, control bus,
// data port protocol, states, faults, counters and retirement trace as
// rtl/bpf_core.v, executed by a multi-cycle state machine instead of the
// seven-stage pipeline.  Only the cycles per instruction differ.
//
// One instruction at a time: FETCH (checks: abort, budget, pc bounds; the
// slot's two 32-bit words from the single-port memory; dst is read from
// the register file RAM meanwhile), DEC (legality; the first operand into
// a; src read), R1 (the second operand into b), EX (ALU operations,
// jumps, address generation; lddw: the imm of slot pc+1 from the memory),
// then, by kind, a multi-cycle unit (shifter, a bit a step; shift-add
// multiplier, 64 steps from the multiplier's top bit; non-restoring
// divider, 64 steps), the memory sequence (bounds check, stack bytes one
// per cycle, or one data port request at a time, waiting for its
// response), the frame push or pop, and WB, which retires (trace record,
// register write, next pc).
// The datapath is 32 bits wide: the 64-bit registers a, b and c rotate
// through it, and each 64-bit step (DEC, R1, EX, a shift, multiplier or
// divider step, LDONE, a frame word) takes two cycles, the low half's and
// the high half's (see "Execution").
// See docs/architecture.md, "The tiny core".
//
// Control bus: as rtl/bpf_core.v (bpf_ctl): a write takes effect at the end
// of its cycle; a read returns o_ctl_rdata two cycles after the request.
// Data port: as rtl/bpf_core.v, with at most one request outstanding: the
// core raises o_dmem_req and holds it until i_dmem_gnt, then waits for the
// request's i_dmem_rvalid before anything else.  An atomic on a region makes
// a locked read, waits for its response, then a locked write; o_dmem_lock
// is high from the read request until the write is granted.
`default_nettype none

module bpf_core #(
  parameter integer IMEM_DEPTH = 0,  // instruction slots; 0: IMEM_DEPTH of the spec
  parameter integer LMEM       = 0   // 1: the slots and the stack through the o_lm_*
                                     // port (the SoC's RAM); 0: in bpf_tiny_spram
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
  localparam integer WORDS  = 2 * DEPTH + SBYTES / 4; // memory words: slots, then stack
  localparam integer MAW    = $clog2(WORDS);
  localparam [31:0] SBASE32 = 2 * DEPTH;             // the stack's first word
  localparam [MAW-1:0] SBASEW = SBASE32[MAW-1:0];

  localparam [31:0] STACK_BASE = BPF_STACK_BASE;
  localparam [31:0] PROG_BASE  = BPF_PROG_BASE;
  // PROG_LIMIT is at most DEPTH (bpf_ctl): LW bits; a callx address inside
  // the program is below PROG_BASE + 2^CXW
  localparam integer LW  = IAW + 1;
  localparam integer CXW = IAW + 4;

  generate
    if ((STACK_BASE % (2 * SBYTES)) != 0 || (1 << SAW) != SBYTES ||
        (1 << IAW) != DEPTH || MAXD != 8 || NR > 4 || MAW > 14 ||
        (PROG_BASE % (1 << CXW)) != 0) begin : g_bad_config
      // Elaboration fails here: no such module.
      bpf_core_unsupported_configuration u_bad ();
    end
  endgenerate

  function automatic [63:0] mask_n(input [63:0] v, input [3:0] n);
    case (n)
      4'd1:    mask_n = {56'd0, v[7:0]};
      4'd2:    mask_n = {48'd0, v[15:0]};
      4'd4:    mask_n = {32'd0, v[31:0]};
      default: mask_n = v;
    endcase
  endfunction

  // a bounds check: limit - start (33 bits, bit 32 the borrow) leaves room
  // for n bytes
  function automatic room(input [32:0] rem, input [3:0] n);
    room = !rem[32] && (rem[31:4] != 28'd0 || rem[3:0] >= n);
  endfunction

  function automatic [63:0] frame_top(input [2:0] d);
    frame_top = {32'd0, STACK_BASE + ({29'd0, d} + 32'd1) * BPF_FRAME_SIZE};
  endfunction

  // =========================================================================
  // Control block
  // =========================================================================
  wire [2:0]   state;
  wire         cmd_start, cmd_clear_cnt, cmd_ret, cmd_tail, abort_req;
  wire [31:0]  entry_pc, prog_limit, budget, helper_arg, helper_pc, pkt_base, pkt_len;
  // With CFG_RAM these read 0: the words are in the control block's block
  // RAM, read through cfg_raddr (see "Configuration words" below)
  wire [127:0] rgn_base;
  wire [131:0] rgn_end;
  reg  [3:0]   cfg_raddr;
  wire [31:0]  cfg_q;
  wire [7:0]   rgn_flags;
  wire         reg_we, reg_high;
  wire [3:0]   reg_sel;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [3:0]   reg_raddr;        // the register file reads the bus address itself
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0]  reg_wdata;
  wire [63:0]  reg_rdata, cnt_rdata;
  wire [2:0]   cnt_raddr;
  wire         imem_we, imem_high;
  wire [IAW-1:0] imem_slot;
  wire [31:0]  imem_wdata;
  wire         clr_we;
  wire [SAW-3:0] clr_row;        // a 4-byte word of the stack
  wire [SAW-1:0] stk_off;
  wire         stk_we;
  wire [31:0]  stk_wdata;
  wire [63:0]  stk_rdata;

  reg          ev_done, ev_fault, ev_helper;
  reg  [3:0]   ev_code;
  reg  [31:0]  ev_pc;

  wire run    = (state == BPF_STATE_RUNNING[2:0]);
  wire in_hlp = (state == BPF_STATE_HELPER[2:0]);

  // a helper call's id and BTF flag, to bpf_ctl in the HELPER cycle (S_HLP,
  // where ir and b still hold the call): from the instruction (callx: b)
  wire [31:0]  hid;
  wire         hbtf;

  bpf_ctl #(.IMEM_DEPTH(DEPTH), .IAW(IAW), .SRW(SAW - 3), .CRW(SAW - 2), .RAM_COPY(2), .RGN_END(0),
            .CFG_RAM(1)) u_ctl (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_sel(i_ctl_sel), .i_we(i_ctl_we), .i_addr(i_ctl_addr), .i_wdata(i_ctl_wdata),
    .o_rdata(o_ctl_rdata),
    .o_state(state),
    .o_start(cmd_start), .o_clear_cnt(cmd_clear_cnt), .o_resume_ret(cmd_ret), .o_resume_tail(cmd_tail),
    .o_abort_req(abort_req),
    .i_ev_done(ev_done), .i_ev_fault(ev_fault), .i_ev_code(ev_code), .i_ev_pc(ev_pc),
    .i_ev_helper(ev_helper), .i_ev_hid(hid), .i_ev_hbtf(hbtf),
    .o_entry_pc(entry_pc), .o_prog_limit(prog_limit), .o_budget(budget),
    .o_helper_arg(helper_arg), .o_helper_pc(helper_pc),
    .o_pkt_base(pkt_base), .o_pkt_len(pkt_len),
    .o_rgn_base(rgn_base), .o_rgn_end(rgn_end), .o_rgn_flags(rgn_flags),
    .i_cfg_raddr(cfg_raddr), .o_cfg_rdata(cfg_q),
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

  // =========================================================================
  // State machine registers
  // =========================================================================
  localparam [4:0] S_IDLE  = 5'd0,  S_FETCH = 5'd1,  S_F1    = 5'd2,  S_F2    = 5'd3,
                   S_DVFX  = 5'd4,  S_DEC   = 5'd5,  S_R1    = 5'd6,  S_DV2   = 5'd7,
                   S_DV3   = 5'd8,  S_EX    = 5'd9,  S_SHIFT = 5'd10, S_MUL   = 5'd11,
                   S_DIV   = 5'd12, S_DVF1  = 5'd13, S_MCHK  = 5'd14, S_SLD   = 5'd15,
                   S_SST   = 5'd16, S_DREQ  = 5'd17, S_DRSP  = 5'd18, S_LDONE = 5'd19,
                   S_PUSH  = 5'd20, S_POP   = 5'd21, S_WB    = 5'd22, S_FLT   = 5'd23,
                   S_HLP   = 5'd24, S_HRET  = 5'd25, S_DVF2  = 5'd26, S_DZ    = 5'd27,
                   S_BUD   = 5'd28, S_PKB   = 5'd29, S_CXC   = 5'd30;

  reg  [4:0]   st;
  reg  [31:0]  pc_q, npc_q;
  reg  [63:0]  ir;
  reg  [2:0]   depth;
  reg  [31:0]  budget_left;
  // The datapath's three 64-bit registers (see "Execution" below):
  //   a  r[dst] (a load: its base), then the result (WB writes it)
  //   b  r[src] or imm, extended; the multiplicand, the divisor
  //   c  the multiplier (shifted out at its top), the dividend and
  //      quotient, a memory access's data
  reg  [63:0]  a, b, c;
  reg          h;               // the high step of a two-step state (see "Execution")
  reg          m32_q;           // the result is a 32-bit ALU result: zero its high half
  reg          rd_we_q, done_q;
  reg  [3:0]   rd_q;
  reg          mv_q, mw_q;      // trace: memory access, a write
  reg  [31:0]  maddr_q;
  reg  [6:0]   cnt;
  reg          neg_q, negr_q;   // divider: negate the quotient, the remainder
  reg          dz_q;            // divider: by zero (DVF1 takes the dividend, c)
  reg  [3:0]   bi;              // stack byte counter; push/pop step
  reg  [1:0]   lane_q;
  reg  [1:0]   rk;              // MCHK: the region checked
  reg          mph;             // MCHK: 0 its base is at cfg_q, 1 its size
  reg  [32:0]  dq;              // the access's address less the base (bit 32: below it)
  reg          wphase;          // memory sequence: the write of an atomic
  reg          lock_q;
  reg  [3:0]   fcode_q;

  // Instruction fields
  wire [63:0] i_insn = ir;
  /* verilator lint_off UNUSEDSIGNAL */
`include "bpf_insn_fields.vh"
  /* verilator lint_on UNUSEDSIGNAL */

  wire [3:0] nbytes = (op[4:3] == BPF_SIZE_B[1:0]) ? 4'd1 :
                      (op[4:3] == BPF_SIZE_H[1:0]) ? 4'd2 :
                      (op[4:3] == BPF_SIZE_W[1:0]) ? 4'd4 : 4'd8;
  // pc + 1: the jump target adder's sum outside EX (see "jtgt")
  wire [31:0] jtgt;
  wire [31:0] pc1  = jtgt;
  // pc >= PROG_LIMIT, pc + 1 < PROG_LIMIT: PROG_LIMIT has LW bits
  wire [LW-1:0] plim = prog_limit[LW-1:0];
  wire        pc_out  = (|pc_q[31:LW]) || (pc_q[LW-1:0] >= plim);
  wire        next_ok = !(|pc1[31:LW]) && (pc1[LW-1:0] < plim);

  wire legal;
  bpf_legal u_legal (.i_insn(ir), .i_next_ok(next_ok), .o_legal(legal));

  wire is_shift = c_alu && (code == BPF_ALU_LSH[3:0] || code == BPF_ALU_RSH[3:0] ||
                            code == BPF_ALU_ARSH[3:0]);
  wire is_mul   = c_alu && code == BPF_ALU_MUL[3:0];
  wire is_mod   = (code == BPF_ALU_MOD[3:0]);
  wire dsg      = off[0];                 // signed div/mod
  wire jwide    = (cls == BPF_CLASS_JMP[2:0]);
  wire jsg      = (code == BPF_JMP_JSGT[3:0]) || (code == BPF_JMP_JSGE[3:0]) ||
                  (code == BPF_JMP_JSLT[3:0]) || (code == BPF_JMP_JSLE[3:0]);

  // =========================================================================
  // Register file (RAM) and the single-port memory
  // =========================================================================
  reg  [6:0]  rf_raddr, rf_waddr;
  reg  [1:0]  rf_we;
  reg  [63:0] rf_wdata;
  wire [63:0] rf_rdata;
  assign reg_rdata = rf_rdata;

  bpf_tiny_regfile u_rf (
    .i_clk(i_clk), .i_we(rf_we), .i_waddr(rf_waddr), .i_wdata(rf_wdata),
    .i_raddr(rf_raddr), .o_rdata(rf_rdata));

  reg  [MAW-1:0] sp_addr;
  reg            sp_we;
  reg  [3:0]     sp_be;
  reg  [31:0]    sp_wdata;
  wire [31:0]    sp_rdata;
  assign stk_rdata = {sp_rdata, sp_rdata};

  // the memory: inside, or the SoC's through the local memory port, which
  // the core takes in the cycles it uses it: FETCH, F1 (the slot's words),
  // EX's low step of an lddw (its imm's high word, slot pc+1's high
  // word, at sp_rdata in EX's high step),
  // SLD, SST (the stack), and while stopped a
  // control bus access (the window: its row in the request cycle; the
  // IMEM window's writes) and CLEARING
  wire sp_use = run ? (st == S_FETCH || st == S_F1 || (st == S_EX && !h && is_lddw) || st == S_SLD ||
                       st == S_SST)
                    : (i_ctl_sel || clr_we);
  generate
    if (LMEM != 0) begin : g_lmem
      assign o_lm_req   = sp_use;
      assign o_lm_we    = sp_we;
      assign o_lm_addr  = {{(14-MAW){1'b0}}, sp_addr};
      assign o_lm_be    = sp_be;
      assign o_lm_wdata = sp_wdata;
      assign sp_rdata   = i_lm_rdata;
    end else begin : g_spram
      bpf_tiny_spram #(.AW(MAW), .WORDS(WORDS)) u_mem (
        .i_clk(i_clk), .i_addr(sp_addr), .i_we(sp_we), .i_be(sp_be), .i_wdata(sp_wdata),
        .o_rdata(sp_rdata));
      assign o_lm_req   = 1'b0;
      assign o_lm_we    = 1'b0;
      assign o_lm_addr  = 14'd0;
      assign o_lm_be    = 4'd0;
      assign o_lm_wdata = 32'd0;
      /* verilator lint_off UNUSEDSIGNAL */
      wire unused_lm = |{i_lm_rdata, sp_use};
      /* verilator lint_on UNUSEDSIGNAL */
    end
  endgenerate

  // the stack byte of this step and its word: a store writes bytes 0..n-1,
  // a load reads n-1..0 and shifts each into c from below
  wire [3:0]     sidx  = (st == S_SLD) ? nbytes - 4'd1 - bi : bi;
  wire [SAW-1:0] sbyte = maddr_q[SAW-1:0] + {{(SAW-4){1'b0}}, sidx};
  wire [MAW-1:0] sword = SBASEW + {{(MAW-SAW+2){1'b0}}, sbyte[SAW-1:2]};
  wire [MAW-1:0] hword = SBASEW + {{(MAW-SAW+2){1'b0}}, stk_off[SAW-1:2]};
  wire [7:0]     sbval = c[8*bi[2:0] +: 8];

  wire [IAW-1:0] pcs  = pc_q[IAW-1:0];
  wire [IAW-1:0] pcs1 = pcs + {{(IAW-1){1'b0}}, 1'b1};   // EX: lddw's second slot

  always @(*) begin
    sp_addr  = hword;
    sp_we    = 1'b0;
    sp_be    = 4'hf;
    sp_wdata = stk_wdata;
    if (run) begin
      case (st)
        S_FETCH: sp_addr = {{(MAW-IAW-1){1'b0}}, pcs, 1'b0};
        S_F1:    sp_addr = {{(MAW-IAW-1){1'b0}}, pcs, 1'b1};
        S_EX:    sp_addr = {{(MAW-IAW-1){1'b0}}, pcs1, 1'b1};
        S_SLD:   sp_addr = sword;
        S_SST: begin
          sp_addr  = sword;
          sp_we    = 1'b1;
          sp_be    = 4'b0001 << sbyte[1:0];
          sp_wdata = {4{sbval}};
        end
        default: ;
      endcase
    end else if (clr_we) begin
      sp_addr  = SBASEW + {{(MAW-SAW+2){1'b0}}, clr_row};
      sp_we    = 1'b1;
      sp_wdata = 32'd0;
    end else if (imem_we) begin
      sp_addr  = {{(MAW-IAW-1){1'b0}}, imem_slot, imem_high};
      sp_we    = 1'b1;
      sp_wdata = imem_wdata;
    end else if (stk_we) begin
      sp_we    = 1'b1;
    end
  end

  // the result as written back and traced: a, its high half zeroed for a
  // 32-bit ALU result
  wire [63:0] wres = {m32_q ? 32'd0 : a[63:32], a[31:0]};

  // frame d's word k
  function automatic [6:0] fword(input [2:0] d, input [2:0] k);
    fword = {1'b1, d, k};
  endfunction
  wire [2:0] dm1 = depth - 3'd1;

  // The register read address.  F2 and DEC's low step read the first
  // operand (a load's base register src, otherwise dst), for DEC's two
  // steps; DEC's high step and R1's low step the second (neg and the byte
  // swaps: dst again, callx: its register), for R1's.  Every other state
  // reads r0, so that r0 is at rf_rdata in LDONE (cmpxchg) and after
  // RESUME.
  wire [6:0] rf_first  = {3'd0, c_ldx ? src : dst};
  wire [6:0] rf_second = {3'd0, (is_neg || is_end) ? dst : callx ? cx_reg : src};
  always @(*) begin
    rf_raddr = {3'd0, i_ctl_addr[6:3]};
    rf_waddr = {3'd0, reg_sel};
    rf_we    = {reg_we & reg_high, reg_we & ~reg_high};
    rf_wdata = {reg_wdata, reg_wdata};
    if (run) begin
      rf_we    = 2'b00;
      rf_raddr = 7'd0;
      rf_wdata = wres;
      case (st)
        S_F2:  rf_raddr = rf_first;
        S_DEC: rf_raddr = h ? rf_second : rf_first;
        S_R1:  if (!h) rf_raddr = rf_second;
        default: ;
      endcase
      if (cmd_start || cmd_tail) begin
        rf_we    = 2'b11;
        rf_waddr = 7'd10;
        rf_wdata = frame_top(3'd0);
      end else if (st == S_WB && rd_we_q) begin
        rf_we    = 2'b11;
        rf_waddr = {3'd0, rd_q};
      end else if (st == S_PUSH) begin
        // two cycles a step: r6+k read in step k, its low half into a in
        // step k's high step, its high half in step k+1's low step, saved
        // from a in step k+1's high step; the return pc and the new r10 in
        // step 0
        rf_raddr = {3'd0, 4'd6 + bi};
        if (bi == 4'd0) begin
          rf_we = 2'b11;
          if (!h) begin
            rf_waddr = fword(depth, 3'd4);
            rf_wdata = {32'd0, pc1};
          end else begin
            rf_waddr = 7'd10;
            rf_wdata = frame_top(depth + 3'd1);
          end
        end else if (h) begin
          rf_we    = 2'b11;
          rf_waddr = fword(depth, bi[2:0] - 3'd1);
        end
      end else if (st == S_POP) begin
        // saved word k read in step k, into a as in PUSH, restored in step
        // k+1's high step; r10 in step 0, the return pc (word 4) from
        // rf_rdata in step 4's high step
        rf_raddr = fword(dm1, bi[2:0]);
        if (bi == 4'd0 && !h) begin
          rf_we    = 2'b11;
          rf_waddr = 7'd10;
          rf_wdata = frame_top(dm1);
        end else if (bi != 4'd0 && h) begin
          rf_we    = 2'b11;
          rf_waddr = {3'd0, 4'd5 + bi};
        end
      end
    end
  end

  // =========================================================================
  // Execution
  // =========================================================================
  // a, b and c are 64 bits wide, the datapath 32: a 64-bit operation takes
  // two steps, the low halves (h = 0), then the high halves (h = 1).  A
  // step reads a register's bits 31..0 and writes its result into bits
  // 63..32 while the high half moves down (a rotation by 32 bits), so that
  // after both steps the register holds the 64-bit result in order.  The
  // carry, the low half's zero test and the bits a shift moves across the
  // halves pass from the low step to the high step in flip-flops.  On the
  // iCE40 a multiplexer input costs a LUT4 a bit, as much as an adder, so
  // every 64-bit path made 32 bits wide halves its multiplexers.
  reg         cy_q;             // the low step's carry out
  reg         rzl_q;            // the low step's result was 0
  reg         sh_q, csh_q;      // a's, c's bit 31 in the low step (the left shifts)
  reg         fill_q;           // the extension unit's fill bit, from the low step
  reg         take_q;           // multiplier: c's top bit in the low step
  reg         cxe_q;            // cmpxchg: the low halves are equal (CXC)
  reg         ns_q;             // divider: the partial remainder is negative
  reg         q_q;              // divider: the last quotient bit, shifted into c next

  // the states that take two steps (the shifter: two a bit)
  wire wide = (st == S_DEC) || (st == S_R1) || (st == S_EX) || (st == S_HRET) ||
              (st == S_MUL) || (st == S_DIV) || (st == S_DVFX) || (st == S_DV2) ||
              (st == S_DV3) || (st == S_DVF1) || (st == S_DVF2) ||
              (st == S_LDONE) || (st == S_CXC) || (st == S_PUSH) || (st == S_POP) ||
              (st == S_SHIFT && cnt != 7'd0);

  // ---- the extension unit: a half of a value from the register file, an
  // immediate or c, its low n bytes (byte-reversed for the byte swaps and
  // packet loads), extended by zeros or by its sign (the fill bit found in
  // the low step).  An 8-byte swap takes the other half; c rotates in
  // LDONE, so its half this step is at c[31:0] (swapped: c[63:32]) ----
  localparam [1:0] X_RF = 2'd0, X_IMM = 2'd1, X_C = 2'd2;
  reg  [1:0]  x_src;
  reg  [3:0]  x_n;
  reg         x_sign, x_swap;
  reg         x_hsel;           // the register file word's half: h (the frames: !h)
  wire        x_sw8 = x_swap && x_n == 4'd8;
  wire [31:0] x_in  = (x_src == X_RF) ? ((x_hsel ^ x_sw8) ? rf_rdata[63:32] : rf_rdata[31:0]) :
                      (x_src == X_C)  ? (x_sw8 ? c[63:32] : c[31:0]) :
                      (h && is_lddw) ? sp_rdata : imm;        // lddw: in EX
  wire [31:0] x_sw  = (!x_swap || x_n == 4'd1) ? x_in :
                      (x_n == 4'd2) ? {16'd0, x_in[7:0], x_in[15:8]} :
                      {x_in[7:0], x_in[15:8], x_in[23:16], x_in[31:24]};
  wire        x_msb = (x_n == 4'd1) ? x_in[7] : (x_n == 4'd2) ? x_in[15] : x_in[31];
  wire        x_fill = h ? fill_q : (x_sign & x_msb);
  wire [3:0]  x_keep = h ? {4{x_n == 4'd8}} :
                       (x_n == 4'd1) ? 4'h1 : (x_n == 4'd2) ? 4'h3 : 4'hf;
  reg  [31:0] x_out;
  integer     xb;
  always @(*)
    for (xb = 0; xb < 4; xb = xb + 1)
      x_out[8*xb +: 8] = x_keep[xb] ? x_sw[8*xb +: 8] : {8{x_fill}};

  // the widths of the operands: ALU and JMP32 32-bit operands extended by
  // zeros (by the sign for arsh, sdiv/smod, signed jumps), stores and
  // atomics n bytes, a sign-extending mov the width in off
  wire [3:0] sxn = (off[5:0] == 6'd8) ? 4'd1 : (off[5:0] == 6'd16) ? 4'd2 :
                   (off[5:0] == 6'd32) ? 4'd4 : 4'd8;
  wire [3:0] endn = (imm[6:0] == 7'd16) ? 4'd2 : (imm[6:0] == 7'd32) ? 4'd4 : 4'd8;
  wire       w32   = (c_alu && !alu64) || (c_jmp && !jwide && !is_call);
  wire       s32   = (c_alu && ((code == BPF_ALU_ARSH[3:0]) || (is_divm && dsg))) ||
                     (c_jmp && jsg);
  wire       movsx = is_mov && off != 16'd0;
  wire       b_reg = ((c_alu || c_jmp) && x) || is_neg || is_end || c_stx || is_ind;

  // a's half shifted by one: the shifter; the multiplier's and the
  // divider's partial product and remainder (the divider shifts c's top
  // bit in); c shifted left (the divider's quotient bits in from below)
  wire [31:0] a_shl = {a[30:0], h ? sh_q : ((st == S_DIV) & c[63])};
  wire [31:0] a_shr = {h ? ((code == BPF_ALU_ARSH[3:0]) & a[31]) : a[32], a[31:1]};
  wire [31:0] c_shl = {c[30:0], h ? csh_q : q_q};

  // ---- the ALU, 32 bits: r = P op Q, P one of a, a shifted left or right
  // by one, c, or 0; Q is b.  The low step's carry in is sub, the high
  // step's the low step's carry out ----
  localparam [1:0] P_A = 2'd0, P_D = 2'd1, P_C = 2'd2, P_R = 2'd3;
  localparam [1:0] L_AND = 2'd0, L_OR = 2'd1, L_XOR = 2'd2, L_P = 2'd3;
  reg  [1:0]  p_sel, lop;
  reg         pz, sub, arith;
  wire [31:0] pv  = (p_sel == P_C) ? c[31:0] : (p_sel == P_D) ? a_shl :
                    (p_sel == P_R) ? a_shr : a[31:0];
  wire [31:0] P   = pz ? 32'd0 : pv;
  wire        cin = h ? cy_q : sub;
  wire [32:0] sum = {1'b0, P} + {1'b0, b[31:0] ^ {32{sub}}} + {32'd0, cin};
  wire        cout = sum[32];                    // high step, with sub: P >= b (unsigned)
  reg  [31:0] logic_r;
  always @(*) begin
    case (lop)
      L_AND:   logic_r = P & b[31:0];
      L_OR:    logic_r = P | b[31:0];
      L_XOR:   logic_r = P ^ b[31:0];
      default: logic_r = P;
    endcase
  end
  wire [31:0] r    = arith ? sum[31:0] : logic_r;
  wire        rz32 = (r == 32'd0);
  wire        rz   = rzl_q & rz32;               // high step: the 64-bit result is 0

  // jumps (high step): a - b (JSET a & b); signed compares take the
  // operands' signs, now at bit 31
  wire j_lt = jsg ? ((a[31] != b[31]) ? a[31] : sum[31]) : !cout;
  reg  taken;
  always @(*) begin
    case (code)
      BPF_JMP_JEQ[3:0]:  taken = rz;
      BPF_JMP_JNE[3:0]:  taken = !rz;
      BPF_JMP_JGT[3:0], BPF_JMP_JSGT[3:0]: taken = !j_lt && !rz;
      BPF_JMP_JGE[3:0], BPF_JMP_JSGE[3:0]: taken = !j_lt;
      BPF_JMP_JLT[3:0], BPF_JMP_JSLT[3:0]: taken = j_lt;
      BPF_JMP_JLE[3:0], BPF_JMP_JSLE[3:0]: taken = j_lt || rz;
      BPF_JMP_JSET[3:0]: taken = !rz;
      default:           taken = 1'b0;
    endcase
  end
  // the jump or call target, pc + 1 + disp; lddw's next pc, pc + 2
  // (disp is 0 but for a jump or call that goes, in EX: jtgt is EX's next
  // pc, pc + 1 for every other instruction and in every other state)
  wire        jgo  = (st == S_EX) && (is_lddw || is_ja || is_call || (c_jmp && taken));
  wire [31:0] disp = !jgo ? 32'd0 : is_lddw ? 32'd1 : disp_imm ? imm : {{16{off[15]}}, off};
  wire [32:0] jsum = {pc_q, 1'b1} + {disp, 1'b1};   // one adder, carry in 1
  assign      jtgt = jsum[32:1];

  // callx: a program address, or a helper id (b does not rotate in a
  // call's EX).  Inside the program: b - PROG_BASE < 8 * PROG_LIMIT, a
  // multiple of 8, so b's bits CXW and up are PROG_BASE's
  wire        cx_local = (b[63:32] == 32'd0) && (b[31:CXW] == PROG_BASE[31:CXW]) &&
                         (b[CXW-1:3] < plim) && (b[2:0] == 3'd0);

  // memory addresses: base a (a load's src, otherwise dst; a does not
  // rotate in a memory access's EX) + off, 64 bits wide; only the low half
  // is added (ma_lo), the high half of the sum, a's high half + off's sign
  // extension + the carry, is 0 when a's high half is 0, all ones or 1
  // with the right carry and sign (ma_ok)
  wire [32:0] ma_lo = {1'b0, a[31:0]} + {1'b0, {16{off[15]}}, off};
  wire        ma_c  = ma_lo[32];
  wire        ah_z1 = (a[63:33] == 31'd0);
  wire        ma_ok = (ah_z1 && !a[32]) ? (ma_c == off[15]) :   // a_hi 0
                      (ah_z1 &&  a[32]) ? (!ma_c && off[15]) :  // a_hi 1
                      (&a[63:32])       ? (ma_c && !off[15]) :  // a_hi all ones
                      1'b0;
  // a packet load's offset; outside the packet when offset + n > PKT_LEN
  // (cfg_q in EX's high step), that is PKT_LEN - offset < n (a borrow, or
  // less than n); b does not rotate in a packet load's EX
  // (one adder: PKT_LEN - offset in EX, PKT_BASE + offset in PKB)
  wire [31:0] poff  = imm + (is_ind ? b[31:0] : 32'd0);
  wire        psub  = (st != S_PKB);
  wire [32:0] p_sum = {1'b0, cfg_q} + {1'b0, poff ^ {32{psub}}} + {32'd0, psub};
  wire        p_oob = !room({!p_sum[32], p_sum[31:0]}, nbytes);

  // bounds (on the registered address): the stack, a region
  wire        mwrite   = !c_ldx;
  wire [63:0] stk_top  = frame_top(depth);
  // STACK_BASE is aligned to twice the stack's size: an address in the
  // stack has its bits SAW and up, and the room left to the frame's top
  // (a borrow, or less than n) is SAW + 2 bits wide
  wire [SAW+1:0] s_rem   = {1'b0, stk_top[SAW:0]} - {2'b0, maddr_q[SAW-1:0]};
  wire        in_stack = (maddr_q[31:SAW] == STACK_BASE[31:SAW]) && !s_rem[SAW+1] &&
                         ((|s_rem[SAW:4]) || s_rem[3:0] >= nbytes);
  // one region in two cycles, its base then its size from the control
  // block's RAM: base <= address (dq, the address less the base) and
  // size - dq >= n
  wire [1:0]  rk_flg  = rgn_flags[2*rk +: 2];
  wire [32:0] r_rem   = {1'b0, cfg_q} - {1'b0, dq[31:0]};
  wire        in_rgn  = rk_flg[0] && (!mwrite || rk_flg[1]) && !dq[32] && room(r_rem, nbytes);
  wire        rk_last = (rk == NR[1:0] - 2'd1);

  // the low n bytes of an access, and this step's half of them
  wire [63:0] keep_n = mask_n({64{1'b1}}, nbytes);
  wire [31:0] keep_h = h ? keep_n[63:32] : keep_n[31:0];

  // divider step (high step): the new partial remainder's sign, bit 64 of
  // 2a (a[31] now) -/+ b
  wire dv_ns = a[31] ^ sub ^ cout;
  // c from the ALU: an atomic's new value keeps its low n bytes
  // (a load's bytes too: DRSP takes the data port's 64 bits as they are)
  wire [31:0] c_r = r & ((st == S_LDONE || st == S_CXC) ? keep_h : {32{1'b1}});
  // b's sign: bit 63 in a low step, bit 31 in a high one (b rotated)
  wire        bsg = h ? b[31] : b[63];

  // ---- what each state does with the ALU and the extension unit ----
  wire [7:0] aop = imm[7:0] & 8'hfe;     // an atomic's operation
  // cmpxchg (CXC, before LDONE): the old value's half (c_r) against r0's
  // (r0 is at rf_rdata, x_out its half's low n bytes); cx_q: both halves
  wire       cx_eq32 = (c_r == x_out);
  reg        cx_q;
  always @(*) begin
    p_sel  = P_A;
    pz     = 1'b0;
    sub    = 1'b0;
    arith  = 1'b1;
    lop    = L_OR;
    x_src  = X_RF;
    x_n    = 4'd8;
    x_sign = 1'b0;
    x_swap = 1'b0;
    x_hsel = h;
    case (st)
      S_DEC: begin                // the first operand
        x_n    = w32 ? 4'd4 : 4'd8;
        x_sign = s32;
      end
      S_R1: begin                 // the second operand
        x_src  = b_reg ? X_RF : X_IMM;
        x_n    = (c_st || c_stx) ? nbytes : is_end ? endn : movsx ? sxn : w32 ? 4'd4 : 4'd8;
        x_sign = movsx || s32;
        x_swap = is_end && !(cls == BPF_CLASS_ALU[2:0] && !x);
        if (!b_reg && x_n == 4'd8) begin
          // imm: its high half is its sign, the fill of 4 bytes
          x_n    = 4'd4;
          x_sign = 1'b1;
        end
      end
      S_EX: begin
        x_src = X_IMM;            // lddw
        if (c_alu) begin
          case (code)
            BPF_ALU_ADD[3:0]: ;
            BPF_ALU_SUB[3:0]: sub = 1'b1;
            BPF_ALU_OR[3:0]:  arith = 1'b0;
            BPF_ALU_AND[3:0]: begin arith = 1'b0; lop = L_AND; end
            BPF_ALU_XOR[3:0]: begin arith = 1'b0; lop = L_XOR; end
            BPF_ALU_NEG[3:0]: begin pz = 1'b1; sub = 1'b1; end
            BPF_ALU_MUL[3:0]: begin arith = 1'b0; lop = L_P; end      // c = a
            BPF_ALU_DIV[3:0], BPF_ALU_MOD[3:0]: begin                 // c = |dividend|
              pz  = 1'b1;
              sub = dsg & bsg;
            end
            default: begin pz = 1'b1; arith = 1'b0; end               // mov, end: b
          endcase
        end else if (c_jmp) begin
          if (code == BPF_JMP_JSET[3:0]) begin
            arith = 1'b0;
            lop   = L_AND;
          end else begin
            sub = 1'b1;
          end
        end else begin            // a store's value: b
          pz    = 1'b1;
          arith = 1'b0;
        end
      end
      // the multiplier's step: a_shl + b if the multiplier's bit (c's top
      // bit in the low step) is 1, else a_shl; the shifter: a_shl, a_shr
      S_MUL:   begin p_sel = P_D; arith = h ? take_q : c[63]; lop = L_P; end
      S_SHIFT: begin p_sel = (code == BPF_ALU_LSH[3:0]) ? P_D : P_R; arith = 1'b0; lop = L_P; end
      S_DV2: begin arith = 1'b0; lop = L_P; end        // the divisor a, to b
      S_DV3: begin pz = 1'b1; sub = dsg & bsg; end     // b = |divisor|
      // the non-restoring divider's step: a_shl - b if the partial
      // remainder is not negative, else a_shl + b; the last step adds b
      // back to a negative remainder
      S_DIV:  begin p_sel = P_D; sub = !ns_q; end
      S_DVFX: begin arith = ns_q; lop = L_P; end
      S_DVF1: begin p_sel = (is_mod && !dz_q) ? P_A : P_C; arith = 1'b0; lop = L_P; end
      S_DVF2: begin pz = 1'b1; sub = is_mod ? negr_q : neg_q; end
      S_HRET: ;                   // r0 from the register file
      S_PUSH, S_POP: x_hsel = !h; // a word's low half in one step's h, its high half in the next's
      S_CXC: begin                // c rotates, masked; r0's half, n bytes
        x_n   = nbytes;
        p_sel = P_C;
        arith = 1'b0;
        lop   = L_P;
      end
      S_LDONE: begin
        // a load's value from c; an atomic's new value from c and b (a
        // load: c only rotates)
        x_src  = X_C;
        x_n    = nbytes;
        x_sign = c_ldx && mode == BPF_MODE_MEMSX[2:0];
        x_swap = is_pkt;
        p_sel  = P_C;
        if (!is_atom) begin
          arith = 1'b0;
          lop   = L_P;
        end else if (is_cmpx) begin
          arith = 1'b0;
          pz    = cx_q;
          lop   = cx_q ? L_OR : L_P;
        end else begin
          case (aop)
            BPF_ATOMIC_ADD[7:0]: ;
            BPF_ATOMIC_OR[7:0]:  arith = 1'b0;
            BPF_ATOMIC_AND[7:0]: begin arith = 1'b0; lop = L_AND; end
            BPF_ATOMIC_XOR[7:0]: begin arith = 1'b0; lop = L_XOR; end
            default:             begin arith = 1'b0; pz = 1'b1; end   // XCHG: b
          endcase
        end
      end
      default: ;
    endcase
  end

  // what the low step hands to the high step (only the high step reads them)
  always @(posedge i_clk) begin
    cy_q   <= cout;
    rzl_q  <= rz32;
    sh_q   <= a[31];
    csh_q  <= c[31];
    fill_q <= x_fill;
    take_q <= c[63];
    cxe_q  <= cx_eq32;
  end

  // ---- configuration words: the control block's RAM answers the address
  // of a cycle in the next.  Idle: ENTRY_PC, for START's cycle; in HELPER:
  // HELPER_ARG, for a tail call's; START's cycle: BUDGET (S_BUD); EX's
  // high step: a packet load's PKT_BASE (S_PKB) or region 0's base (MCHK);
  // MCHK: the size, then the next base; otherwise PKT_LEN (EX's bounds
  // check) ----
  localparam [3:0] CFG_ENTRY = 4'd0, CFG_BUDGET = 4'd2, CFG_HARG = 4'd4,
                   CFG_PBASE = 4'd5, CFG_PLEN = 4'd6;
  always @(*) begin
    cfg_raddr = CFG_PLEN;
    if (!run)
      cfg_raddr = in_hlp ? CFG_HARG : CFG_ENTRY;
    else if (cmd_start)
      cfg_raddr = CFG_BUDGET;
    else if (st == S_EX && h)
      cfg_raddr = is_pkt ? CFG_PBASE : 4'd8;
    else if (st == S_MCHK)
      cfg_raddr = mph ? {1'b1, rk + 2'd1, 1'b0} : {1'b1, rk, 1'b1};
  end

  // =========================================================================
  // The state machine
  // =========================================================================
  // A two-step state (wide) writes its registers' halves in both steps
  // and moves on in the high step.  b rotates in every step that does not
  // write it (a pair of rotations leaves it as it was), but in the EX of
  // a call or a packet load or lddw, which reads it whole.
  wire stk_mem = in_stack;

  always @(posedge i_clk) begin
    if (i_rst) begin
      st     <= S_IDLE;
      h      <= 1'b0;
      lock_q <= 1'b0;
    end else if (!run) begin
      st     <= S_IDLE;
      h      <= 1'b0;
      lock_q <= 1'b0;
    end else if (cmd_start) begin
      pc_q  <= cfg_q;             // ENTRY_PC
      depth <= 3'd0;
      h     <= 1'b0;
      st    <= S_BUD;
    end else if (cmd_tail) begin
      depth   <= 3'd0;
      npc_q   <= cfg_q;           // HELPER_ARG
      rd_we_q <= 1'b0;
      mv_q    <= 1'b0;
      done_q  <= 1'b0;
      h       <= 1'b0;
      st      <= S_WB;
    end else if (cmd_ret) begin
      h  <= 1'b0;
      st <= S_HRET;
    end else begin
      h <= wide & !h;
      if (wide && !(st == S_EX && (is_call || c_ld)))
        b <= {b[31:0], b[63:32]};
      case (st)
        S_BUD: begin              // BUDGET
          budget_left <= cfg_q;
          st          <= S_FETCH;
        end
        S_PKB: begin              // PKT_BASE
          maddr_q <= p_sum[31:0];
          mv_q    <= 1'b1;
          st      <= S_DREQ;
        end
        S_HRET: begin             // r0 read in the RESUME cycle
          a       <= {x_out, a[63:32]};
          m32_q   <= 1'b0;
          rd_we_q <= 1'b1;
          rd_q    <= 4'd0;
          mv_q    <= 1'b0;
          done_q  <= 1'b0;
          npc_q   <= pc1;
          if (h)
            st <= S_WB;
        end
        S_FETCH: begin
          if (abort_req) begin
            fcode_q <= BPF_FAULT_ABORTED[3:0];
            st      <= S_FLT;
          end else if (budget_left == 32'd0) begin
            fcode_q <= BPF_FAULT_BUDGET[3:0];
            st      <= S_FLT;
          end else if (pc_out) begin
            fcode_q <= BPF_FAULT_PC_BOUNDS[3:0];
            st      <= S_FLT;
          end else begin
            st <= S_F1;
          end
        end
        S_F1: begin
          ir[31:0] <= sp_rdata;
          st       <= S_F2;
        end
        S_F2: begin
          ir[63:32] <= sp_rdata;
          st        <= S_DEC;
        end
        S_DEC: begin
          // the first operand; a div/mod's dividend goes to b, its divisor
          // (in R1) to a, so that the dividend is negated first
          if (is_divm)
            b <= {x_out, b[63:32]};
          else
            a <= {x_out, a[63:32]};
          m32_q   <= c_alu && !alu64 && !is_end;
          rd_we_q <= 1'b0;
          mv_q    <= 1'b0;
          mw_q    <= 1'b0;
          done_q  <= 1'b0;
          wphase  <= 1'b0;
          if (h) begin
            if (!legal) begin
              fcode_q <= BPF_FAULT_ILLEGAL_INSN[3:0];
              st      <= S_FLT;
            end else begin
              budget_left <= budget_left - 32'd1;
              st          <= S_R1;
            end
          end
        end
        S_R1: begin
          if (is_divm)
            a <= {x_out, a[63:32]};
          else
            b <= {x_out, b[63:32]};
          if (h)
            st <= S_EX;
        end
        S_EX: begin
          rd_q <= dst;
          if (h)
            npc_q <= jtgt;
          if (c_alu) begin
            rd_we_q <= 1'b1;
            if (is_shift) begin
              if (!h)
                cnt <= {1'b0, b[5:0] & (alu64 ? 6'h3f : 6'h1f)};
              else
                st <= S_SHIFT;
            end else if (is_mul) begin
              c <= {r, c[63:32]};     // the multiplier (a rotates through r)
              a <= {r, a[63:32]};
              if (h) begin
                a   <= 64'd0;
                cnt <= 7'd64;
                st  <= S_MUL;
              end
            end else if (is_divm) begin
              c <= {r, c[63:32]};     // |dividend|
              if (!h) begin
                neg_q  <= dsg & (a[63] ^ b[63]);
                negr_q <= dsg & b[63];
              end else begin
                st <= S_DV2;
              end
            end else begin
              a <= {r, a[63:32]};
              if (h)
                st <= S_WB;
            end
          end else if (c_jmp) begin
            a <= {r, a[63:32]};       // the compare's a - b (not written back)
            if (!h) begin
              ;
            end else if (is_ja) begin
              st <= S_WB;
            end else if (is_exit) begin
              if (depth == 3'd0) begin
                done_q <= 1'b1;
                st     <= S_WB;
              end else begin
                bi <= 4'd0;
                st <= S_POP;
              end
            end else if (is_call) begin
              if (x ? !cx_local : (src != BPF_CALL_SRC_LOCAL[3:0])) begin
                st <= S_HLP;
              end else if (depth == MAXD[2:0] - 3'd1) begin
                fcode_q <= BPF_FAULT_CALL_DEPTH[3:0];
                st      <= S_FLT;
              end else begin
                // the callee's pc (npc_q, for WB; PUSH saves pc + 1)
                if (x)
                  npc_q <= {{(32-LW){1'b0}}, b[CXW-1:3]};
                bi    <= 4'd0;
                st    <= S_PUSH;
              end
            end else begin
              st <= S_WB;
            end
          end else if (is_lddw) begin
            rd_we_q <= 1'b1;
            a       <= {x_out, a[63:32]};  // (npc_q: jtgt, pc + 2)
            if (h)
              st <= S_WB;
          end else if (is_pkt) begin
            rd_we_q <= 1'b1;
            rd_q    <= 4'd0;
            if (!h) begin
              ;
            end else if (p_oob) begin
              a      <= 64'd0;
              done_q <= 1'b1;
              st     <= S_WB;
            end else begin
              st <= S_PKB;
            end
          end else begin          // LDX, ST, STX
            c       <= {r, c[63:32]};  // a store's value
            maddr_q <= ma_lo[31:0];
            rk      <= 2'd0;
            mph     <= 1'b0;
            if (h) begin
              if (!ma_ok) begin
                fcode_q <= c_ldx ? BPF_FAULT_LOAD_BOUNDS[3:0] : BPF_FAULT_STORE_BOUNDS[3:0];
                st      <= S_FLT;
              end else begin
                st <= S_MCHK;
              end
            end
          end
        end
        S_SHIFT: begin
          if (cnt == 7'd0) begin
            st <= S_WB;
          end else begin
            a <= {r, a[63:32]};
            if (h)
              cnt <= cnt - 7'd1;
          end
        end
        S_MUL: begin
          // one bit in two steps, from the multiplier's (c's) top bit:
          // a <= 2a (+ b if the bit is 1), c <<= 1
          a <= {r, a[63:32]};
          c <= {c_shl, c[63:32]};
          if (h) begin
            cnt <= cnt - 7'd1;
            if (cnt == 7'd1)
              st <= S_WB;
          end
        end
        S_DIV: begin
          // non-restoring division, a quotient bit in two steps: a, with
          // ns_q its sign (bit 64), <= 2a + c's top bit, - b if a >= 0,
          // else + b; c <= 2c + the last step's quotient bit (1 when the
          // new a >= 0), so that c is one bit behind until DVFX
          a <= {r, a[63:32]};
          c <= {c_shl, c[63:32]};
          if (h) begin
            ns_q <= dv_ns;
            q_q  <= !dv_ns;
            cnt  <= cnt - 7'd1;
            if (cnt == 7'd1)
              st <= S_DVFX;
          end
        end
        S_DVFX: begin             // the last quotient bit into c; a negative remainder + b
          a <= {r, a[63:32]};
          c <= {c_shl, c[63:32]};
          if (h)
            st <= S_DVF1;
        end
        S_DV2: begin              // b = the divisor (a rotates through r), its zero test
          a <= {r, a[63:32]};
          b <= {r, b[63:32]};
          if (h) begin
            // by zero: div 0 (DZ), mod the dividend (c, |dividend|, with
            // its sign through DVF1 and DVF2)
            dz_q <= rz;
            st   <= !rz ? S_DV3 : is_mod ? S_DVF1 : S_DZ;
          end
        end
        S_DZ: begin               // div by zero: 0
          a  <= 64'd0;
          st <= S_WB;
        end
        S_DV3: begin              // b = |divisor|, the remainder 0
          b <= {r, b[63:32]};
          if (h) begin
            a    <= 64'd0;
            ns_q <= 1'b0;
            q_q  <= 1'b0;
            cnt  <= 7'd64;
            st   <= S_DIV;
          end
        end
        S_DVF1: begin             // b = the remainder (mod) or the quotient (a and c rotate)
          a <= {r, a[63:32]};
          b <= {r, b[63:32]};
          c <= {r, c[63:32]};
          if (h)
            st <= S_DVF2;
        end
        S_DVF2: begin             // a = b with its sign
          a <= {r, a[63:32]};
          if (h)
            st <= S_WB;
        end
        S_MCHK: begin
          mv_q   <= 1'b1;
          lock_q <= 1'b0;
          bi     <= 4'd0;
          mph    <= !mph;
          if (stk_mem) begin
            st <= (c_ldx || is_atom) ? S_SLD : S_SST;
            if (c_ldx || is_atom)
              c <= 64'd0;
          end else if (!mph) begin
            dq <= {1'b0, maddr_q} - {1'b0, cfg_q};   // region rk's base
          end else if (in_rgn) begin
            lock_q <= is_atom;
            st     <= S_DREQ;
          end else if (rk_last) begin
            fcode_q <= c_ldx ? BPF_FAULT_LOAD_BOUNDS[3:0] : BPF_FAULT_STORE_BOUNDS[3:0];
            st      <= S_FLT;
          end else begin          // the next region's base is at cfg_q next
            rk <= rk + 2'd1;
          end
        end
        S_SLD: begin              // stack read, one byte a cycle
          if (bi != 4'd0)
            c <= {c[55:0], sp_rdata[8*lane_q +: 8]};
          lane_q <= sbyte[1:0];
          if (bi == nbytes)
            st <= is_cmpx ? S_CXC : S_LDONE;
          else
            bi <= bi + 4'd1;
        end
        S_SST: begin              // stack write, one byte a cycle
          if (bi == nbytes - 4'd1)
            st <= S_WB;
          else
            bi <= bi + 4'd1;
        end
        S_DREQ: begin
          if (i_dmem_gnt) begin
            if (wphase)
              lock_q <= 1'b0;
            st <= S_DRSP;
          end
        end
        S_DRSP: begin
          if (i_dmem_rvalid) begin
            if (!mw_q) begin
              c  <= i_dmem_rdata;   // LDONE (CXC) keeps its low n bytes
              st <= is_cmpx ? S_CXC : S_LDONE;
            end else begin
              st <= S_WB;
            end
          end
        end
        S_CXC: begin              // cmpxchg: the old value against r0
          c <= {c_r, c[63:32]};
          if (h) begin
            cx_q <= cxe_q && cx_eq32;
            st   <= S_LDONE;
          end
        end
        S_LDONE: begin            // the loaded bytes are in c
          a <= {x_out, a[63:32]}; // the load's value; an atomic's old value
          c <= {c_r, c[63:32]};   // an atomic's new value (a load's c rotates)
          if (!h) begin
            ;
          end else if (is_pkt || c_ldx) begin
            rd_we_q <= 1'b1;
            st      <= S_WB;
          end else begin          // atomic: the write of the new value
            mw_q    <= 1'b1;
            wphase  <= 1'b1;
            rd_q    <= is_cmpx ? 4'd0 : src;
            rd_we_q <= fetch;
            bi      <= 4'd0;
            st      <= stk_mem ? S_SST : S_DREQ;
          end
        end
        S_PUSH: begin
          // a word in two steps, its low half in step bi's high step, its
          // high half in step bi + 1's low step (see the register file)
          a <= {x_out, a[63:32]};
          if (h) begin
            bi <= bi + 4'd1;
            if (bi == 4'd4) begin
              depth <= depth + 3'd1;
              st    <= S_WB;
            end
          end
        end
        S_POP: begin
          a <= {x_out, a[63:32]};
          if (h) begin
            bi <= bi + 4'd1;
            if (bi == 4'd4) begin
              depth <= dm1;
              npc_q <= rf_rdata[31:0];
              st    <= S_WB;
            end
          end
        end
        S_WB: begin
          pc_q <= npc_q;
          st   <= done_q ? S_IDLE : S_FETCH;
        end
        S_FLT, S_HLP: st <= S_IDLE;
        default: st <= S_IDLE;
      endcase
      if (st == S_MCHK && !c_ldx && !is_atom)
        mw_q <= 1'b1;
    end
  end

  assign hid  = x ? b[31:0] : imm;
  assign hbtf = !x && (src == BPF_CALL_SRC_BTF_ID[3:0]);

  // Stop events
  always @(*) begin
    ev_done   = run & (st == S_WB) & done_q & ~cmd_start & ~cmd_tail & ~cmd_ret;
    ev_fault  = run & (st == S_FLT) & ~cmd_start & ~cmd_tail & ~cmd_ret;
    ev_helper = run & (st == S_HLP) & ~cmd_start & ~cmd_tail & ~cmd_ret;
    ev_code   = fcode_q;
    ev_pc     = pc_q;
  end

  // Data port
  assign o_dmem_req   = run & (st == S_DREQ);
  assign o_dmem_we    = mw_q;
  assign o_dmem_addr  = maddr_q;
  assign o_dmem_size  = nbytes;
  assign o_dmem_wdata = c;
  assign o_dmem_lock  = lock_q;

  // Counters: a retiring cycle counts in INSNS, a helper wait in
  // STALL_HELPER, the multi-cycle units in STALL_MULDIV, memory sequences in
  // STALL_MEM, every other cycle in STALL_OTHER.
  wire retire = run & (st == S_WB) & ~cmd_start & ~cmd_tail & ~cmd_ret;
  wire in_md  = (st == S_SHIFT) || (st == S_MUL) || (st == S_DV2) || (st == S_DZ) ||
                (st == S_DV3) || (st == S_DIV) || (st == S_DVFX) || (st == S_DVF1) ||
                (st == S_DVF2);
  wire in_mem = (st == S_MCHK) || (st == S_PKB) || (st == S_SLD) || (st == S_SST) || (st == S_DREQ) ||
                (st == S_DRSP) || (st == S_CXC) || (st == S_LDONE);
  bpf_tiny_counters u_cnt (
    .i_clk(i_clk), .i_rst(i_rst),
    .i_start(cmd_start), .i_clear(cmd_clear_cnt),
    .i_count(run | in_hlp),
    .i_which(in_hlp ? BPF_CNT_STALL_HELPER[2:0] : retire ? BPF_CNT_INSNS[2:0] :
             in_md ? BPF_CNT_STALL_MULDIV[2:0] : in_mem ? BPF_CNT_STALL_MEM[2:0] :
             BPF_CNT_STALL_OTHER[2:0]),
    .i_bus_rd(i_ctl_sel && !i_ctl_we && i_ctl_addr[15:6] == BPF_CTL_CNT_BASE[15:6]),
    .i_bus_idx(i_ctl_addr[5:3]), .o_rdata(cnt_rdata));

  /* verilator lint_off UNUSEDSIGNAL */
  wire unused = |{helper_pc, reg_raddr, cnt_raddr, stk_off[1:0], stk_top[63:SAW+1], mv_q,
                  prog_limit[31:LW], jsum[0],
                  entry_pc, budget, helper_arg, pkt_base, pkt_len, rgn_base, rgn_end};
  /* verilator lint_on UNUSEDSIGNAL */

`ifdef BPFSOC_TRACE
  assign o_tr_valid     = retire;
  assign o_tr_pc        = pc_q;
  assign o_tr_insn      = ir;
  assign o_tr_rd_valid  = rd_we_q;
  assign o_tr_rd        = rd_q;
  assign o_tr_rd_val    = wres;
  assign o_tr_mem_valid = mv_q;
  assign o_tr_mem_write = mw_q;
  assign o_tr_mem_size  = nbytes;
  assign o_tr_mem_addr  = maddr_q;
  assign o_tr_mem_data  = c;
`endif

endmodule

`default_nettype wire

// rv_serial.v: the SoC's smallest RISC-V core: RV32I with Zicsr, machine
// mode only, bit-serial.  The same ports, bus protocol and architectural
// behaviour as rv_core with M_EXT = 0 (bpfsoc_top's RV_PIPE = 2): traps for
// ecall, ebreak, illegal instructions (MUL*/DIV*/REM* among them),
// misaligned jump and branch targets, misaligned and faulting loads, stores
// and fetches; interrupts MSI, MTI, MEI and 16 platform lines (mip/mie bits
// 31..16), taken between instructions; mcycle, minstret and their user
// aliases, time from i_mtime.  docs/architecture.md ("rv_serial") gives the
// details.
//
// Datapath: one bit a cycle, least significant first.  A pass is 32 cycles,
// bit b in cycle b; the register file is read a bit at a time (bit b + 1
// is addressed while bit b is processed: a pass that reads the register file
// starts with one priming cycle) and rd is written a bit at a time.  The
// serial adders are a full adder and a carry flip-flop each: the ALU's (sum,
// difference, compare, address) and the pc's (pc + 4, pc + immediate).
//
// States: FETCH (the bus read of the instruction), DEC (decode, the traps
// that need no operand; primes pass A), A (pass A: ALU and CSR
// instructions, lui, auipc, fence, wfi and mret finish in it, writing rd
// and pc + 4; branches compare and sum their target into adr, jal sums its
// target, jalr, loads and stores sum their address into adr, stores shift
// rs2 into dat, shifts shift rs1 into dat), X (one cycle: branch, jump and
// alignment decisions; slt's bit 0), SHIFT (a right shift's n steps on
// dat), MEM (the bus access), B (pass B: pc + 4, or the target copied from
// adr into pc; rd from the loaded word, the shifted word or pc + 4), WFI,
// TA, TB, TC (a trap: mtval, then mepc, then mcause as mtvec is read into
// pc), FP, FL, FH (a counter's delta added to its low word, the carry to
// its high word), RESET (the CSR words cleared and the reset pc shifted
// into pc, 16 passes).
// Cycles: FETCH 1 plus the bus's answer (2 in all from the RAM); ALU,
// lui, auipc, CSR, fence, mret 1 + 32 (DEC, A); slt(i)(u) 1 + 32 + 1;
// branches, jal, jalr 1 + 32 + 1 + 32; loads and stores 1 + 32 + 1 + MEM
// + 32; shifts 1 + 32 + 1 + n (right shifts) + 32; a trap or an
// interrupt 96 more; a fold 66 (before a fetch once every 2048 cycles or
// 128 instructions, before an access to mcycleh, minstreth or their
// aliases); reset 512.
//
// Area (the iCE40's budget): the registers x1..x31 are two block RAMs of
// one bit a word (one per source register, both written), the CSRs
// mscratch, mepc, mcause, mtval, mtvec and the counters mcycle, minstret
// and their high words a third (word {n[11], n[2] | (n[11] & ~n[7]),
// n[1:0]} of CSR number n), all read and written a bit a cycle; pc, adr
// (the bus address), dat (the store data, the loaded word, the shifted
// word, the instruction for mtval) are shift registers (a flip-flop with
// an enable, no logic); the immediate's bit is picked from ir by b; the
// counters count in small deltas (dc: 12 bits of cycles, di: 8 bits of
// instructions) that a fold adds to their words; a read of a low word adds
// the delta as it was in DEC through the ALU; the interrupt's number is
// found a bit a cycle in TA.  There is no reset of the register file (x0
// is never written and reads 0).
`default_nettype none

module rv_serial (
  input  wire        i_clk,
  input  wire        i_rst,
  input  wire [31:0] i_reset_pc,   // where execution starts after reset (RESET_PC on boards)
  // Bus
  output wire        o_req,
  output wire        o_we,
  output wire [31:0] o_addr,
  output wire [3:0]  o_be,
  output wire [31:0] o_wdata,
  input  wire        i_ack,
  input  wire        i_err,
  input  wire [31:0] i_rdata,
  // Interrupt lines (levels) and the machine timer's count
  input  wire        i_irq_msi,
  input  wire        i_irq_mti,
  input  wire        i_irq_mei,
  input  wire [15:0] i_irq_local,
  input  wire [63:0] i_mtime
`ifdef BPFSOC_TRACE
  ,
  // Retirement trace: one record per retired instruction
  output reg         o_tr_valid,
  output reg  [31:0] o_tr_pc,
  output reg  [31:0] o_tr_insn,
  output reg         o_tr_rd_valid,
  output reg  [4:0]  o_tr_rd,
  output reg  [31:0] o_tr_rd_val
`endif
);

  // The shared constant table: each module uses a few of its entries.
  /* verilator lint_off UNUSEDPARAM */
`undef BPFSOC_MAP_VH
`include "bpfsoc_map.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam [3:0] S_FETCH = 4'd0, S_DEC = 4'd1, S_A = 4'd2, S_X = 4'd3, S_SHIFT = 4'd4,
                   S_MEM = 4'd5, S_B = 4'd6, S_WFI = 4'd7, S_TA = 4'd8, S_TB = 4'd9,
                   S_TC = 4'd10, S_FP = 4'd11, S_FL = 4'd12, S_RESET = 4'd13, S_FH = 4'd14;

  // Opcodes (bits 6..0)
  localparam [6:0] OP_LUI = 7'b0110111, OP_AUIPC = 7'b0010111, OP_JAL = 7'b1101111,
                   OP_JALR = 7'b1100111, OP_BRANCH = 7'b1100011, OP_LOAD = 7'b0000011,
                   OP_STORE = 7'b0100011, OP_IMM = 7'b0010011, OP_OP = 7'b0110011,
                   OP_FENCE = 7'b0001111, OP_SYSTEM = 7'b1110011;

  // CSR numbers
  localparam [11:0] CSR_MSTATUS = 12'h300, CSR_MISA = 12'h301, CSR_MIE = 12'h304,
                    CSR_MTVEC = 12'h305, CSR_MSTATUSH = 12'h310, CSR_MSCRATCH = 12'h340,
                    CSR_MEPC = 12'h341, CSR_MCAUSE = 12'h342, CSR_MTVAL = 12'h343,
                    CSR_MIP = 12'h344, CSR_MCYCLE = 12'hb00, CSR_MINSTRET = 12'hb02,
                    CSR_MCYCLEH = 12'hb80, CSR_MINSTRETH = 12'hb82, CSR_CYCLE = 12'hc00,
                    CSR_TIME = 12'hc01, CSR_INSTRET = 12'hc02, CSR_CYCLEH = 12'hc80,
                    CSR_TIMEH = 12'hc81, CSR_INSTRETH = 12'hc82, CSR_MVENDORID = 12'hf11,
                    CSR_MARCHID = 12'hf12, CSR_MIMPID = 12'hf13, CSR_MHARTID = 12'hf14,
                    CSR_MCONFIGPTR = 12'hf15;
  // The CSR words (rfc): {n[11], n[2] | (n[11] & ~n[7]), n[1:0]}
  localparam [3:0] A_MEPC = 4'd1, A_MCAUSE = 4'd2, A_MTVAL = 4'd3, A_MTVEC = 4'd5,
                   A_MCYCLEH = 4'd8, A_MINSTRETH = 4'd10, A_MCYCLE = 4'd12, A_MINSTRET = 4'd14;
  // The counters' deltas not yet added to their words
  localparam integer DCW = 12, DIW = 8;

  // =========================================================================
  // State
  // =========================================================================
  reg  [3:0]  state;
  reg  [4:0]  b;               // the bit of the pass
  reg         f_busy;          // FETCH: the request is raised
  reg  [31:0] ir;
  reg  [31:0] pc;              // the instruction's pc; shifted right a bit a cycle in a pass
  reg  [31:0] adr;             // the bus address: the next pc at a fetch, the load/store address
  reg  [31:0] dat;             // store data, the loaded word, the shifted word
  reg         c_alu, c_pc;     // the adders' carries
  reg         eq_q, lt_q;      // pass A's compare: rs1 == rs2, rs1 < operand
  reg         taken_q;         // X: the branch is taken (B copies the target)
  reg  [4:0]  sh;              // the shift amount (pass A: operand bits 4..0)
  reg         go;              // B, sll: b has reached the shift amount
  reg         last;            // B: the last loaded bit (the sign for lb, lh)
  reg  [1:0]  off;             // MEM: the load's byte offset
  reg         c_int;           // the trap's cause: an interrupt,
  reg  [4:0]  c_code;          // and its code (RESET: the word being cleared)
  reg         fm;              // FP, FL, FH: fold minstret's delta (else mcycle's)
  reg  [1:0]  fret;            // and then go back to FETCH (0), DEC (1) or WFI (2)
  reg         fdone;           // DEC: the counters are folded
  reg         found;           // TA: the interrupt's number is found

  // CSRs in flip-flops
  reg         mie_bit, mpie;           // mstatus.MIE, mstatus.MPIE
  reg  [15:0] mie_hi;                  // mie bits 31..16
  reg         mie_e, mie_t, mie_s;     // mie.MEIE, MTIE, MSIE
  reg  [DCW-1:0] dc;                   // cycles not yet added to mcycle (rfc)
  reg  [DIW-1:0] di;                   // instructions not yet added to minstret (rfc)
  reg  [DCW-1:0] snap;                 // FL: the delta being added

  wire [31:0] mip  = {i_irq_local, 4'd0, i_irq_mei, 3'd0, i_irq_mti, 3'd0, i_irq_msi, 3'd0};
  wire [31:0] miev = {mie_hi, 4'd0, mie_e, 3'd0, mie_t, 3'd0, mie_s, 3'd0};
  wire [31:0] pend = mip & miev;

  // =========================================================================
  // Decode of ir
  // =========================================================================
  wire [6:0]  opcode = ir[6:0];
  wire [4:0]  rd     = ir[11:7];
  wire [2:0]  f3     = ir[14:12];
  wire [4:0]  rs1    = ir[19:15];
  wire [4:0]  rs2    = ir[24:20];
  wire [6:0]  f7     = ir[31:25];
  wire [11:0] csr_n  = ir[31:20];

  wire is_lui    = opcode == OP_LUI;
  wire is_auipc  = opcode == OP_AUIPC;
  wire is_jal    = opcode == OP_JAL;
  wire is_jalr   = opcode == OP_JALR   && f3 == 3'd0;
  wire is_branch = opcode == OP_BRANCH && f3 != 3'd2 && f3 != 3'd3;
  wire is_load   = opcode == OP_LOAD   && f3 != 3'd3 && f3 != 3'd6 && f3 != 3'd7;
  wire is_store  = opcode == OP_STORE  && f3 <= 3'd2;
  wire is_shimm  = f3 == 3'd1 || f3 == 3'd5;
  wire is_imm    = opcode == OP_IMM &&
                   (!is_shimm || f7 == 7'b0000000 || (f3 == 3'd5 && f7 == 7'b0100000));
  wire is_op     = opcode == OP_OP &&
                   (f7 == 7'b0000000 || (f7 == 7'b0100000 && (f3 == 3'd0 || f3 == 3'd5)));
  wire is_fence  = opcode == OP_FENCE  && (f3 == 3'd0 || f3 == 3'd1);
  wire is_sys0   = opcode == OP_SYSTEM && f3 == 3'd0 && rd == 5'd0;
  wire is_ecall  = is_sys0 && rs1 == 5'd0 && ir[31:20] == 12'h000;
  wire is_ebreak = is_sys0 && rs1 == 5'd0 && ir[31:20] == 12'h001;
  wire is_mret   = is_sys0 && rs1 == 5'd0 && ir[31:20] == 12'h302;
  wire is_wfi    = is_sys0 && rs1 == 5'd0 && ir[31:20] == 12'h105;
  wire is_csr    = opcode == OP_SYSTEM && f3 != 3'd0 && f3 != 3'd4;
  wire is_alu    = is_imm | is_op;
  wire is_shift  = is_alu && (f3 == 3'd1 || f3 == 3'd5);
  wire is_slt    = is_alu && f3[2:1] == 2'b01;
  wire is_sll    = f3 == 3'd1;
  // done in pass A (the others go on to X)
  wire single    = ~(is_branch | is_jal | is_jalr | is_load | is_store | is_shift | is_slt);
  // rd written in pass A, in B
  wire rd_a      = is_lui | is_auipc | (is_alu & ~is_shift) | is_csr;
  wire rd_b      = is_load | is_shift | is_jal | is_jalr;

  // The immediate's bit b, by the instruction's format
  wire [15:0] ir_20 = {5'd0, ir[30:20]};   // ir[20 + b] for b <= 10
  wire [7:0]  ir_7  = {3'd0, ir[11:7]};    // ir[7 + b] for b <= 4
  wire        ir_b  = ir[b];
  wire        b_lt5  = b < 5'd5;
  wire        b_lt11 = b < 5'd11;
  reg         imm_b;
  always @(*) begin
    if (opcode == OP_STORE)
      imm_b = b_lt5 ? ir_7[b[2:0]] : b_lt11 ? ir_20[b[3:0]] : ir[31];
    else if (opcode == OP_BRANCH)
      imm_b = (b == 5'd0) ? 1'b0 : b_lt5 ? ir_7[b[2:0]] : b_lt11 ? ir_20[b[3:0]] :
              (b == 5'd11) ? ir[7] : ir[31];
    else if (is_lui || is_auipc)
      imm_b = (b < 5'd12) ? 1'b0 : ir_b;
    else if (opcode == OP_JAL)
      imm_b = (b == 5'd0) ? 1'b0 : b_lt11 ? ir_20[b[3:0]] : (b == 5'd11) ? ir[20] :
              (b < 5'd20) ? ir_b : ir[31];
    else
      imm_b = b_lt11 ? ir_20[b[3:0]] : ir[31];
  end

  // =========================================================================
  // The register file and the CSR words: one bit a word
  // =========================================================================
  // rf1 and rf2 hold x0..x31 (bit b of xn at {n, b}); x0 is never written
  // and starts at 0.  rfc holds the CSR words.  Each is read with bit b + 1
  // of the pass while bit b is processed (r1, r2, rc: bit b), and written
  // with bit b.
  (* no_rw_check *)
  reg         rf1 [0:1023];
  (* no_rw_check *)
  reg         rf2 [0:1023];
  (* no_rw_check *)
  reg         rfc [0:511];
  integer     ri;
  initial begin
    for (ri = 0; ri < 1024; ri = ri + 1) begin
      rf1[ri] = 1'b0;
      rf2[ri] = 1'b0;
    end
    for (ri = 0; ri < 512; ri = ri + 1)
      rfc[ri] = 1'b0;
  end
  reg         r1, r2, rc;

  wire [4:0]  nb = b + 5'd1;                 // the bit read
  // a store's data: its byte (halfword) repeated across the word
  wire [4:0]  nb2 = {nb[4] & f3[1], nb[3] & (f3[1] | f3[0]), nb[2:0]};
  wire [3:0]  csr_word = {csr_n[11], csr_n[2] | (csr_n[11] & ~csr_n[7]), csr_n[1:0]};
  wire        f_lo  = (state == S_FP) || (state == S_FL && !(&b));
  wire [3:0]  rc_ra = (state == S_TB || state == S_TC)     ? A_MTVEC :
                      f_lo                                 ? (fm ? A_MINSTRET : A_MCYCLE) :
                      (state == S_FL || state == S_FH)     ? (fm ? A_MINSTRETH : A_MCYCLEH) :
                      (opcode == OP_SYSTEM && f3 == 3'd0) ? A_MEPC : csr_word;

  // =========================================================================
  // The CSRs: the old value's bit b, the new one's
  // =========================================================================
  wire        b3 = b == 5'd3, b7 = b == 5'd7, b11 = b == 5'd11;
  wire        mip_b  = b[4] ? i_irq_local[b[3:0]] : (b3 & i_irq_msi) | (b7 & i_irq_mti) | (b11 & i_irq_mei);
  wire        mie_rb = b[4] ? mie_hi[0] : (b3 & mie_s) | (b7 & mie_t) | (b11 & mie_e);
  reg         csr_ok, csr_old;
  reg         csr_ram;         // in rfc
  always @(*) begin
    csr_ok  = 1'b1;
    csr_ram = 1'b0;
    case (csr_n)
      CSR_MSTATUS:    csr_old = (b3 & mie_bit) | (b7 & mpie) | b11 | (b == 5'd12);
      CSR_MISA:       csr_old = (b == 5'd8) | (b == 5'd30);   // MXL 1 (RV32), I
      CSR_MIE:        csr_old = mie_rb;
      CSR_MTVEC, CSR_MSCRATCH, CSR_MEPC, CSR_MCAUSE, CSR_MTVAL,
      CSR_MCYCLEH, CSR_CYCLEH, CSR_MINSTRETH, CSR_INSTRETH: begin
        csr_old = rc;
        csr_ram = 1'b1;
      end
      CSR_MCYCLE, CSR_CYCLE, CSR_MINSTRET, CSR_INSTRET: begin
        csr_old = sum;         // the word + its delta (snap), through the ALU
        csr_ram = 1'b1;
      end
      CSR_MIP:        csr_old = mip_b;
      CSR_TIME:       csr_old = i_mtime[{1'b0, b}];
      CSR_TIMEH:      csr_old = i_mtime[{1'b1, b}];
      CSR_MSTATUSH, CSR_MVENDORID, CSR_MARCHID, CSR_MIMPID, CSR_MHARTID, CSR_MCONFIGPTR:
                      csr_old = 1'b0;
      default: begin
        csr_ok  = 1'b0;
        csr_old = 1'b0;
      end
    endcase
  end
  // csrrw writes always; csrrs/csrrc only with a source other than x0 / 0
  wire        csr_wr  = (f3[1:0] == 2'd1) || (rs1 != 5'd0);
  wire        csr_ill = !csr_ok || (csr_wr && csr_n[11:10] == 2'b11);
  wire [7:0]  uimm    = {3'd0, rs1};
  wire        csr_src = f3[2] ? (b_lt5 & uimm[b[2:0]]) : r1;
  // the new bit (the old one when nothing is written: the source is 0);
  // mepc and mtvec keep bits 1:0 zero
  wire        csr_al  = csr_n[0] & ~csr_n[1] & ~csr_n[11];
  wire        csr_nb  = ((f3[1:0] == 2'd1) ? csr_src :
                         (f3[1:0] == 2'd2) ? (csr_old | csr_src) : (csr_old & ~csr_src)) &
                        ~(csr_al & (b[4:1] == 4'd0));

  // =========================================================================
  // The adders
  // =========================================================================
  wire        in_a = state == S_A;
  wire        in_b = state == S_B;
  wire        b0   = b == 5'd0;
  wire        b31  = &b;
  wire        four = b == 5'd2;
  // ALU: pass A: rs1 (pc for auipc, 0 for lui) and rs2 or the immediate;
  // pass B: pc + 4 (the link); a counter's low word + its delta
  wire        alu_sub = in_a & (is_branch | is_slt | (is_op & f3 == 3'd0 & ir[30]));
  wire        op_a    = (in_b | is_auipc) ? pc[0] : is_lui ? 1'b0 : is_csr ? rc : r1;
  wire        op_b0   = in_b ? four : (is_op | is_branch) ? r2 : is_csr ? snap[0] : imm_b;
  wire        op_b    = op_b0 ^ alu_sub;
  wire        ci_alu  = b0 ? alu_sub : c_alu;
  wire        sum     = op_a ^ op_b ^ ci_alu;
  wire        co_alu  = (op_a & op_b) | (ci_alu & (op_a ^ op_b));
  wire        cmp_sgn = is_branch ? ~f3[1] : (f3 == 3'd2);
  // bit 32 of the 33-bit difference: rs1 < operand
  wire        lt_now  = (cmp_sgn & op_a) ^ ~(cmp_sgn & op_b0) ^ co_alu;
  reg         alu_res;
  always @(*) begin
    case (f3)
      3'd4:    alu_res = op_a ^ op_b0;
      3'd6:    alu_res = op_a | op_b0;
      3'd7:    alu_res = op_a & op_b0;
      3'd0:    alu_res = sum;
      default: alu_res = 1'b0;            // slt(u): bit 0 in X
    endcase
  end
  // pc: + 4 (pass A of the instructions done in it, pass B unless it
  // copies a target), + the immediate (pass A of branches and jal, into adr),
  // + 0 (pass A of the others: pc goes round unchanged)
  wire        copy    = is_jal | is_jalr | (is_branch & taken_q);
  wire        pc_imm  = in_a & (is_branch | is_jal);
  wire        pc_4    = in_a ? (single | is_slt) : ~copy;
  wire        pc_add  = (four & pc_4) | (imm_b & pc_imm);
  wire        ci_pc   = ~b0 & c_pc;
  wire        pcs     = pc[0] ^ pc_add ^ ci_pc;
  wire        co_pc   = (pc[0] & pc_add) | (ci_pc & (pc[0] ^ pc_add));

  // =========================================================================
  // Loads, shifts: the bit of rd from dat
  // =========================================================================
  wire [1:0]  lane   = is_load ? off : 2'd0;
  wire [3:0]  dat_l  = {dat[24], dat[16], dat[8], dat[0]};
  wire        ld_in  = f3[1] | (f3[0] ? ~b[4] : (b[4:3] == 2'd0));
  wire        ld_bit = ld_in ? dat_l[lane] : (~f3[2] & last);
  wire        sh_ge  = (b == sh) | go;
  wire        sh_hold = is_shift & is_sll & ~sh_ge;   // sll: 0 until bit n
  wire        d_bit  = is_shift ? (~sh_hold & dat[0]) : ld_bit;

  // =========================================================================
  // Control
  // =========================================================================
  wire        irq_take = (state == S_FETCH) & ~f_busy & mie_bit & (pend != 32'd0);
  // The interrupt's number is found in TA, a bit of mip & mie a cycle:
  // by priority MEI, MSI, MTI, then the platform lines, lowest first
  wire        pend_b   = mip_b & mie_rb;
  wire        irq_pick = (state == S_TA) & c_int & pend_b & (~found | b11);

  wire        taken  = f3[2] ? (lt_q ^ f3[0]) : (eq_q ^ f3[0]);
  wire        ls_mis = (f3[1:0] == 2'd1 && adr[0]) || (f3[1:0] == 2'd2 && adr[1:0] != 2'd0);
  wire        legal  = is_lui | is_auipc | is_jal | is_jalr | is_branch | is_load | is_store |
                       is_alu | is_fence | (is_csr & ~csr_ill) | is_mret | is_wfi;

  // The bus
  reg  [3:0]  m_be;
  always @(*) begin
    case (f3[1:0])
      2'd0:    m_be = 4'b0001 << adr[1:0];
      2'd1:    m_be = 4'b0011 << adr[1:0];
      default: m_be = 4'b1111;
    endcase
  end
  wire        fold   = dc[DCW-1] | di[DIW-1];   // a delta to add before the fetch
  assign o_req   = ((state == S_FETCH) & (f_busy | ~(irq_take | fold))) |
                   (state == S_MEM);
  assign o_we    = (state == S_MEM) & is_store;
  assign o_addr  = {adr[31:2], 2'b00};
  assign o_be    = (state == S_MEM) ? m_be : 4'b1111;
  assign o_wdata = dat;

  wire [7:0]  code8 = {3'd0, c_code};
  wire        f_ci  = ~(state == S_FL && b == 5'd0) & c_pc;

  // What this cycle does
  reg         retire;
  reg         t_trap;          // an exception
  reg  [4:0]  t_cause;
  reg         g_we;            // write rd's bit (w_b: b, or 0 in X)
  reg         g_bit;
  reg         c_we;            // write a CSR word's bit b
  reg  [3:0]  c_wa;
  reg         c_bit;
  reg         pc_en, adr_en;
  reg         pc_in, adr_in;
  always @(*) begin
    retire  = 1'b0;
    t_trap  = 1'b0;
    t_cause = 5'd0;
    g_we    = 1'b0;
    g_bit   = 1'b0;
    c_we    = 1'b0;
    c_wa    = csr_word;
    c_bit   = csr_nb;
    pc_en   = 1'b0;
    adr_en  = 1'b0;
    pc_in   = pcs;
    adr_in  = pcs;
    case (state)
      S_FETCH: begin
        if (f_busy && i_err) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_INSN_FAULT[4:0];
        end
      end
      S_DEC: begin
        if (is_ecall) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_ECALL_M[4:0];
        end else if (is_ebreak) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_BREAKPOINT[4:0];
        end else if (!legal) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_ILLEGAL_INSN[4:0];
        end
      end
      S_A: begin
        retire = b31 & single;
        g_we   = rd_a;
        g_bit  = is_csr ? csr_old : is_alu ? alu_res : sum;
        c_we   = is_csr & csr_ram & csr_wr;
        pc_en  = 1'b1;
        adr_en = 1'b1;
        pc_in  = is_mret ? rc : (is_branch | is_jal) ? pc[0] : pcs;
        adr_in = is_mret ? rc : (is_load | is_store | is_jalr) ? (sum & ~(is_jalr & b0)) : pcs;
      end
      S_X: begin
        if (is_slt) begin
          g_we   = 1'b1;
          g_bit  = lt_q;
          retire = 1'b1;
        end else if ((is_jal | is_jalr | (is_branch & taken)) & adr[1]) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_INSN_MISALIGNED[4:0];
        end else if ((is_load | is_store) & ls_mis) begin
          t_trap  = 1'b1;
          t_cause = is_store ? SOC_EXC_STORE_MISALIGNED[4:0] : SOC_EXC_LOAD_MISALIGNED[4:0];
        end
      end
      S_MEM: begin
        if (i_err) begin
          t_trap  = 1'b1;
          t_cause = is_store ? SOC_EXC_STORE_FAULT[4:0] : SOC_EXC_LOAD_FAULT[4:0];
        end
      end
      S_B: begin
        retire = b31;
        g_we   = rd_b;
        g_bit  = (is_jal | is_jalr) ? sum : d_bit;
        pc_en  = 1'b1;
        adr_en = 1'b1;
        pc_in  = copy ? adr[0] : pcs;
        adr_in = copy ? adr[0] : pcs;
      end
      S_TA: begin
        // mtval: 0 for an interrupt and ecall, the instruction for an
        // illegal one, else the address or target in adr (the pc for a
        // fetch fault and ebreak)
        c_we   = 1'b1;
        c_wa   = A_MTVAL;
        c_bit  = (c_int | c_code[3]) ? 1'b0 : (c_code == 5'd2) ? dat[0] : adr[0];
        adr_en = 1'b1;
        adr_in = adr[0];
      end
      S_TB: begin
        c_we  = 1'b1;
        c_wa  = A_MEPC;
        c_bit = pc[0];
        pc_en = 1'b1;
        pc_in = pc[0];
      end
      S_TC: begin
        // mcause, as mtvec is read into pc
        c_we   = 1'b1;
        c_wa   = A_MCAUSE;
        c_bit  = b[4] ? (b31 & c_int) : (b_lt5 & code8[b[2:0]]);
        pc_en  = 1'b1;
        adr_en = 1'b1;
        pc_in  = rc;
        adr_in = rc;
      end
      S_RESET: begin
        // pc and adr: the reset pc, a bit a cycle
        c_we   = 1'b1;
        c_wa   = c_code[3:0];
        c_bit  = 1'b0;
        pc_en  = 1'b1;
        adr_en = 1'b1;
        pc_in  = i_reset_pc[b];
        adr_in = i_reset_pc[b];
      end
      S_FL, S_FH: begin
        // a counter's word + the delta (FL), its high word + the carry (FH)
        c_we  = 1'b1;
        c_wa  = (state == S_FL) ? (fm ? A_MINSTRET : A_MCYCLE) : (fm ? A_MINSTRETH : A_MCYCLEH);
        c_bit = rc ^ snap[0] ^ f_ci;
      end
      default: ;
    endcase
  end

  // The register file and the CSR words
  wire [4:0]  w_b = (state == S_X) ? 5'd0 : b;
  always @(posedge i_clk) begin
    if (g_we && rd != 5'd0) begin
      rf1[{rd, w_b}] <= g_bit;
      rf2[{rd, w_b}] <= g_bit;
    end
    if (c_we)
      rfc[{c_wa, b}] <= c_bit;
    r1 <= rf1[{rs1, nb}];
    r2 <= rf2[{rs2, is_store ? nb2 : nb}];
    rc <= rfc[{rc_ra, nb}];
  end

  // The counters: their words in rfc, the deltas dc and di added to them
  // (FP, FL, FH) before a fetch once they reach half their range, and
  // before a CSR instruction reads or writes one.  minstret counts a
  // retired instruction unless it wrote minstret or minstreth; a write of
  // mcycle restarts dc.
  wire        mi_wr   = is_csr & csr_wr & csr_n[11] & csr_n[1];
  wire        mi_step = retire & ~mi_wr;
  wire        mc_wr   = in_a & b31 & is_csr & csr_wr & csr_ram & (csr_word == A_MCYCLE);
  wire        mil_wr  = in_a & b31 & is_csr & csr_wr & csr_ram & (csr_word == A_MINSTRET);
  wire        csr_cnth = csr_ram & csr_n[11] & csr_n[7];   // a counter's high word

  // the state's passes: b counts
  wire        b_run = (state == S_DEC) | in_a | in_b | (state == S_TA) | (state == S_TB) |
                      (state == S_TC) | (state == S_FP) | (state == S_FL) | (state == S_FH) | (state == S_RESET) |
                      ((state == S_SHIFT) & (b != sh));

  always @(posedge i_clk) begin
    if (i_rst) begin
      state    <= S_RESET;
      b        <= 5'd0;
      c_code   <= 5'd0;
      f_busy   <= 1'b0;
      mie_bit  <= 1'b0;
      mpie     <= 1'b0;
      mie_hi   <= 16'd0;
      mie_e    <= 1'b0;
      mie_t    <= 1'b0;
      mie_s    <= 1'b0;
      dc       <= {DCW{1'b0}};
      di       <= {DIW{1'b0}};
      fdone    <= 1'b0;
    end else begin
      if (b_run)
        b <= b + 5'd1;
      if (pc_en)
        pc <= {pc_in, pc[31:1]};
      if (adr_en)
        adr <= {adr_in, adr[31:1]};
      c_alu <= co_alu;
      c_pc  <= (state == S_FL || state == S_FH) ? ((rc & snap[0]) | (f_ci & (rc ^ snap[0]))) : co_pc;
      if (in_a) begin
        eq_q <= (b0 | eq_q) & (r1 == r2);
        if (b31)
          lt_q <= lt_now;
        if (b_lt5)
          sh <= {is_op ? r2 : imm_b, sh[4:1]};
      end
      go   <= in_b & sh_ge;
      last <= ld_bit;

      // dat: the fetched instruction (mtval of an illegal one), the
      // loaded word; shifted: the store data and a shift's rs1 in (pass A),
      // a right shift's steps, rd out (pass B), mtval out (TA)
      if ((state == S_FETCH && f_busy && i_ack) || (state == S_MEM && i_ack && !is_store))
        dat <= i_rdata;
      else if ((in_a & (is_store | is_shift)) || ((state == S_SHIFT) & (b != sh)) ||
               (in_b & ~sh_hold) || (state == S_TA))
        dat <= {in_a ? (is_store ? r2 : r1) : (f3 == 3'd5 && ir[30] && dat[31]), dat[31:1]};

      // ---- counters ----
      if (state == S_FP) begin
        snap <= fm ? {{(DCW-DIW){1'b0}}, di} : dc;
        if (fm)
          di <= {DIW{1'b0}};
      end else if (state == S_DEC)
        // a CSR instruction reading a low word adds the delta as it was here
        snap <= csr_n[1] ? {{(DCW-DIW){1'b0}}, di} : dc;
      else if (state == S_FL || in_a)
        snap <= {1'b0, snap[DCW-1:1]};
      if (state == S_FP && !fm)
        dc <= {{(DCW-1){1'b0}}, 1'b1};
      else if (mc_wr)
        dc <= {DCW{1'b0}};
      else
        dc <= dc + 1'b1;
      if (mil_wr)
        di <= {DIW{1'b0}};
      else if (mi_step)
        di <= di + 1'b1;

      // ---- CSRs in flip-flops ----
      if (in_a && is_csr) begin
        if (csr_n == CSR_MSTATUS) begin
          if (b3) mie_bit <= csr_nb;
          if (b7) mpie    <= csr_nb;
        end
        if (csr_n == CSR_MIE) begin
          if (b3)   mie_s  <= csr_nb;
          if (b7)   mie_t  <= csr_nb;
          if (b11)  mie_e  <= csr_nb;
          if (b[4]) mie_hi <= {csr_nb, mie_hi[15:1]};
        end
      end
      // TA: mie's bits 31..16 go round for the interrupt's number
      if (state == S_TA && b[4])
        mie_hi <= {mie_hi[0], mie_hi[15:1]};
      if (state == S_TA)
        found <= found | irq_pick;
      else
        found <= 1'b0;
      if (irq_pick)
        c_code <= b;

      // ---- sequencing ----
      if (irq_take || t_trap) begin
        // TA writes mtval, TB mepc (pc: for an interrupt the next
        // instruction's, it returns there), TC mcause
        c_int   <= irq_take;
        c_code  <= irq_take ? 5'd0 : t_cause;
        mpie    <= mie_bit;
        mie_bit <= 1'b0;
        state   <= S_TA;
        f_busy  <= 1'b0;
      end else if (retire) begin
        if (is_mret) begin
          mie_bit <= mpie;
          mpie    <= 1'b1;
        end
        state <= (in_a & is_wfi) ? S_WFI : S_FETCH;
      end else begin
        case (state)
          S_FETCH: begin
            if (!f_busy) begin
              if (fold) begin
                state <= S_FP;
                fm    <= ~dc[DCW-1];
                fret  <= 2'd0;
                b     <= 5'd31;
              end else
                f_busy <= 1'b1;
            end else if (i_ack) begin
              ir     <= i_rdata;
              state  <= S_DEC;
              b      <= 5'd31;
              f_busy <= 1'b0;
              fdone  <= 1'b0;
            end
          end
          S_DEC: begin
            if (is_csr && csr_cnth && !fdone) begin
              // bring the counter up to date first
              state <= S_FP;
              fm    <= csr_n[1];
              fret  <= 2'd1;
              b     <= 5'd31;
            end else
              state <= S_A;
          end
          S_A:     if (b31) state <= S_X;
          S_X: begin
            taken_q <= taken;
            if (is_load | is_store)
              state <= S_MEM;
            else if (is_shift & ~is_sll)
              state <= S_SHIFT;
            else
              state <= S_B;
          end
          S_SHIFT: begin
            if (b == sh) begin
              b     <= 5'd0;
              state <= S_B;
            end
          end
          S_MEM: begin
            off <= adr[1:0];
            if (i_ack)
              state <= S_B;
          end
          S_WFI: begin
            // an interrupt pending (mcycle's delta is added meanwhile)
            if (pend != 32'd0)
              state <= S_FETCH;
            else if (dc[DCW-1]) begin
              state <= S_FP;
              fm    <= 1'b0;
              fret  <= 2'd2;
              b     <= 5'd31;
            end
          end
          S_B:     ;                 // retires at bit 31
          S_TA:    if (b31) state <= S_TB;
          S_TB:    if (b31) state <= S_TC;
          S_TC:    if (b31) state <= S_FETCH;
          S_FP:    state <= S_FL;
          S_FL:    if (b31) state <= S_FH;
          S_FH: begin
            if (b31) begin
              state <= (fret == 2'd1) ? S_DEC : (fret == 2'd2) ? S_WFI : S_FETCH;
              fdone <= 1'b1;
              if (fret == 2'd1)
                b <= 5'd31;
            end
          end
          S_RESET: begin
            if (b31) begin
              c_code <= c_code + 5'd1;
              if (c_code[3:0] == 4'd15)
                state <= S_FETCH;
            end
          end
          default: state <= S_FETCH;
        endcase
      end
    end
  end

`ifdef BPFSOC_TRACE
  // rd's value, shifted in as it is written; the instruction's pc
  reg  [31:1] tr_val;          // rd's bits 31..1 so far
  reg  [31:0] tr_pc;
  wire [31:0] tr_next = (state == S_X) ? {tr_val, lt_q} : {g_bit, tr_val};
  always @(posedge i_clk) begin
    if (state == S_FETCH && f_busy && i_ack)
      tr_pc <= adr;
    if (g_we)
      tr_val <= tr_next[31:1];
    o_tr_valid    <= ~i_rst & retire;
    o_tr_pc       <= tr_pc;
    o_tr_insn     <= ir;
    o_tr_rd_valid <= (rd_a | rd_b) & (rd != 5'd0);
    o_tr_rd       <= rd;
    o_tr_rd_val   <= tr_next;
  end
`endif

endmodule

`default_nettype wire

// rv_core.v: the SoC's RISC-V core: RV32IM with Zicsr, machine mode only
// (RV32I with M_EXT = 0, for the smallest boards).
// A multi-cycle core: each instruction is fetched (FETCH), executed (EXEC),
// and, for loads and stores, completed on the bus (MEM); multiply and divide
// take MULDIV.  Traps: ecall, ebreak, illegal instruction, misaligned
// jump target, misaligned and faulting load, store and fetch; interrupts
// MSI, MTI, MEI and 16 platform lines (mip/mie bits 31..16), taken between
// instructions.  Counters mcycle and minstret (and their user aliases).
// docs/architecture.md ("The RISC-V core") gives the details.
//
// Bus (one master port, for fetches and data): the core raises o_req with
// o_we, o_addr (word aligned), o_be and o_wdata and holds them until a cycle
// with i_ack (done; i_rdata valid for a read) or i_err (no device: the
// access faults).  A request, once raised, is never withdrawn.
// Latency: FETCH 1 cycle plus the bus's answer, EXEC 1, a taken branch 1
// more (BRANCH), MEM 1 plus the bus's answer, a shift 1 + n/8 + n%8
// (SHIFT), MUL* and DIV/REM 33 (MULDIV), a CSR write 1 more (CSRW), a trap
// or an interrupt 3 more (TRAP, CAUSE), reset 16 (RESET); after every 256th
// retired instruction and once in 2^32 cycles, a fetch waits 2 cycles for a
// counter's carry (CARRY; 4 when minstret's bits 31..8 carry as well).
// Area (the iCE40's budget): one 33-bit adder serves every sum, difference
// and compare (ALU, branch compare and target, load/store address, pc + 4
// during the fetch, the multiply and divide steps and their signs) and
// passes rs1 to a shift, mepc and mtvec to pc, a high word + 1 to CARRY; the
// register file is two block RAMs (one per source register, both read as
// the instruction arrives), whose outputs are the operands, and also holds
// mscratch, mepc, mcause, mtval, mtvec, the high words of mcycle and
// minstret and minstret's bits 31..8 (words 32 and up, read through the rs2
// copy, written a word a cycle: a trap writes mtval, then mepc, then mcause
// as mtvec arrives; reset clears them); mcycle's low word and minstret's
// bits 7..0 are flip-flops with incrementers, whose carries wait in a bit
// each until CARRY adds them to the word above before the next fetch
// (minstret's bits 31..8, then its high word); shifts go 8 or
// 1 bit a cycle through the work register acc; MUL* and DIV/REM are 32
// add-shift steps on acc and lo, no DSP.
`default_nettype none

module rv_core #(
  parameter integer M_EXT = 1   // 1: RV32IM; 0: RV32I (MUL*/DIV*/REM* trap as illegal instructions)
) (
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

  localparam [3:0] S_FETCH = 4'd0, S_EXEC = 4'd1, S_MEM = 4'd2, S_MULDIV = 4'd3, S_WFI = 4'd4,
                   S_BRANCH = 4'd5, S_SHIFT = 4'd6, S_CSRW = 4'd7, S_TRAP = 4'd8, S_RESET = 4'd9,
                   S_CARRY = 4'd10, S_CAUSE = 4'd11;

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
  localparam [31:0] MISA = (M_EXT != 0) ? 32'h4000_1100     // MXL 1 (RV32), I, M
                                         : 32'h4000_0100;    // MXL 1 (RV32), I
  localparam [31:0] MIE_MASK = 32'hffff_0888;               // MSI, MTI, MEI, platform lines

  // =========================================================================
  // State
  // =========================================================================
  reg  [3:0]  state;
  reg         f_busy;          // FETCH: the request is raised; TRAP, CARRY: the second cycle
  reg  [31:0] pc;
  reg  [31:0] npc;             // pc + 4, summed during the fetch
  reg  [31:0] ir;              // the instruction being executed
  reg  [31:0] rs1_v, rs2_v;    // its source registers: the register file's outputs
  reg  [31:0] acc;             // work register: the shift, the product's high half, the remainder;
                               // EXEC's and BRANCH's sum (MEM's address, a trap's mtval)
  reg         acc_x;           // the product's sign bit above acc (the multiply's 33-bit partial sum)
  reg  [31:0] lo;              // work register: the multiplier / product's low half, the dividend / quotient
  reg  [5:0]  cnt;             // SHIFT: bits left; MULDIV: steps left; TRAP, CAUSE: the cause; RESET: words left

  // The register file: one copy per source register, both written, so that
  // each is a block RAM with one read and one write port.  x0 is never
  // written and starts at 0 (the block RAM's initial contents), so it reads 0.
  // Words 32 and up hold the CSRs mscratch, mepc, mcause, mtval, mtvec, the
  // counters' high words mcycleh and minstreth and minstret's bits 31..8,
  // word {2'b10, n[11], n[2] | (n[11] & ~n[7]), n[1:0]} for CSR number n
  // (csr_word: minstret's 46, mcycleh's 40, minstreth's 42); they are read
  // through rf2 (into rs2_v) as a CSR instruction, mret, a trap or CARRY
  // needs them.
  (* no_rw_check *)
  reg  [31:0] rf1 [0:63];
  (* no_rw_check *)
  reg  [31:0] rf2 [0:63];
  integer     ri;
  initial
    for (ri = 0; ri < 64; ri = ri + 1) begin
      rf1[ri] = 32'd0;
      rf2[ri] = 32'd0;
    end
  localparam [5:0] A_MEPC = 6'd33, A_MCAUSE = 6'd34, A_MTVAL = 6'd35, A_MTVEC = 6'd37,
                   A_MCYCLEH = 6'd40, A_MINSTRETH = 6'd42, A_MINSTRET = 6'd46;
  // the word of CSR number n, from its bits 11, 7 and 2..0 (minstret's
  // bits 31..8 in word 46)
  function [5:0] csr_word(input [4:0] n_11_7_2_0);
    csr_word = {2'b10, n_11_7_2_0[4], n_11_7_2_0[2] | (n_11_7_2_0[4] & ~n_11_7_2_0[3]),
                n_11_7_2_0[1:0]};
  endfunction

  // CSRs in flip-flops
  reg         mie_bit, mpie;   // mstatus.MIE, mstatus.MPIE
  reg  [31:0] mie;
  reg  [31:0] mcycle;             // the low word
  reg  [7:0]  minstret;           // bits 7..0 (31..8 in word 46, the high word in 42)
  reg         cy_c, cy_i, cy_ih;  // a carry into mcycleh, minstret's bits 31..8, minstreth
                                  // not added yet (CARRY adds it)

  wire [31:0] mip = {i_irq_local, 4'd0, i_irq_mei, 3'd0, i_irq_mti, 3'd0, i_irq_msi, 3'd0};
  wire [31:0] pend = mip & mie;

  // =========================================================================
  // Decode of ir
  // =========================================================================
  wire [6:0]  opcode = ir[6:0];
  wire [4:0]  rd     = ir[11:7];
  wire [2:0]  f3     = ir[14:12];
  wire [4:0]  rs1    = ir[19:15];
  wire [6:0]  f7     = ir[31:25];
  wire [11:0] csr_n  = ir[31:20];

  wire [31:0] imm_i = {{20{ir[31]}}, ir[31:20]};
  wire [31:0] imm_s = {{20{ir[31]}}, ir[31:25], ir[11:7]};
  wire [31:0] imm_b = {{19{ir[31]}}, ir[31], ir[7], ir[30:25], ir[11:8], 1'b0};
  wire [31:0] imm_u = {ir[31:12], 12'd0};
  wire [31:0] imm_j = {{11{ir[31]}}, ir[31], ir[19:12], ir[20], ir[30:21], 1'b0};

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
  wire is_muldiv = (M_EXT != 0) && opcode == OP_OP && f7 == 7'b0000001;
  wire is_fence  = opcode == OP_FENCE  && (f3 == 3'd0 || f3 == 3'd1);
  wire is_sys0   = opcode == OP_SYSTEM && f3 == 3'd0 && rd == 5'd0;
  wire is_ecall  = is_sys0 && rs1 == 5'd0 && ir[31:20] == 12'h000;
  wire is_ebreak = is_sys0 && rs1 == 5'd0 && ir[31:20] == 12'h001;
  wire is_mret   = is_sys0 && rs1 == 5'd0 && ir[31:20] == 12'h302;
  wire is_wfi    = is_sys0 && rs1 == 5'd0 && ir[31:20] == 12'h105;
  wire is_csr    = opcode == OP_SYSTEM && f3 != 3'd0 && f3 != 3'd4;
  wire is_shift  = (is_imm || is_op) && (f3 == 3'd1 || f3 == 3'd5);

  // The immediate of the instruction's format
  wire [31:0] imm = (opcode == OP_STORE)  ? imm_s :
                    (opcode == OP_BRANCH) ? imm_b :
                    (opcode == OP_JAL)    ? imm_j :
                    (is_lui || is_auipc)  ? imm_u : imm_i;

  // =========================================================================
  // Multiply and divide: signs
  // =========================================================================
  // MUL*: lo = rs1 (the multiplier), then 32 steps of acc_x:acc += (lo[0] ?
  // rs2 : 0), then {acc_x, acc, lo} shifted right; the last step subtracts
  // when rs1 is signed (MULH, MULHSU), its bit 31 weighing -2^31.  Taking
  // rs2 as the multiplicand keeps the adder's Y operand rs2 (or 0).  DIV/REM: lo = |rs1|, 32 restoring steps against
  // |rs2| (rs2 added when negative, else subtracted), then the sign of the
  // result by one more pass through the adder.
  wire        md_div   = f3[2];
  wire        mul_asgn = (f3 == 3'd1);                   // MULH: rs2 (the multiplicand) signed
  wire        mul_bsgn = (f3 == 3'd1) || (f3 == 3'd2);   // MULH, MULHSU: rs1 (the multiplier) signed
  wire        mul_sub  = mul_bsgn & (cnt == 6'd1);       // the multiplier's bit 31: subtract
  wire        md_sgn   = ~f3[0];                         // DIV, REM
  wire        a_neg    = md_sgn & rs1_v[31];
  wire        b_neg    = md_sgn & rs2_v[31];
  // the result's sign: the quotient's (x / 0 is all ones, not negated;
  // -2^31 / -1 = 2^31 negated, -2^31) or the remainder's
  wire        div_neg  = f3[1] ? a_neg : (a_neg ^ b_neg) & (rs2_v != 32'd0);

  // =========================================================================
  // The adder: sum = (X ^ x_inv) + (Y ^ y_inv) + (x_inv | y_inv), 33 bits
  // =========================================================================
  localparam [2:0] X_ZERO = 3'd0, X_RS1 = 3'd1, X_PC = 3'd2, X_ACC = 3'd3, X_DIV = 3'd4, X_LO = 3'd5,
                   X_256 = 3'd6;
  localparam [2:0] Y_ZERO = 3'd0, Y_RS2 = 3'd1, Y_IMM = 3'd2, Y_4 = 3'd3;
  reg  [2:0]  x_sel, y_sel;
  reg         x_inv, y_inv;
  reg         c_one;           // carry in 1 (also when x_inv or y_inv)
  reg         x_ext, y_ext;    // sign-extend rs1, rs2 or the immediate to 33 bits (else zero-extend)
  wire        cmp_sgn  = (opcode == OP_BRANCH) ? ~f3[1] : (f3 == 3'd2);   // blt/bge, slt(i)
  wire        cnt_zero = (cnt == 6'd0);
  always @(*) begin
    x_sel = X_RS1;
    y_sel = Y_ZERO;
    x_inv = 1'b0;
    y_inv = 1'b0;
    x_ext = 1'b0;
    y_ext = 1'b0;
    c_one = 1'b0;
    case (state)
      S_FETCH: begin
        x_sel = X_PC;
        y_sel = Y_4;
      end
      S_BRANCH: begin
        x_sel = X_PC;
        y_sel = Y_IMM;
      end
      S_CARRY, S_CAUSE: begin
        // the high word + 1 (minstret's bits 31..8: + 256); mtvec
        x_sel = (state == S_CARRY && cy_i) ? X_256 : X_ZERO;
        y_sel = Y_RS2;
        c_one = (state == S_CARRY) & ~cy_i;
      end
      S_MULDIV: begin
        if (!md_div) begin
          x_sel = X_ACC;
          y_sel = lo[0] ? Y_RS2 : Y_ZERO;
          y_ext = mul_asgn;
          y_inv = mul_sub;
        end else if (!cnt_zero) begin
          // r' = 2r + the dividend's next bit, minus |rs2|
          x_sel = X_DIV;
          y_sel = Y_RS2;
          y_ext = md_sgn;
          y_inv = ~b_neg;
        end else begin
          x_sel = f3[1] ? X_ACC : X_LO;
          x_inv = div_neg;
        end
      end
      default: begin   // S_EXEC, S_CSRW (the other states do not use it)
        if (is_shift) begin
          // rs1 into acc
          y_sel = Y_ZERO;
        end else if (is_lui) begin
          x_sel = X_ZERO;
          y_sel = Y_IMM;
        end else if (is_auipc || is_jal) begin
          x_sel = X_PC;
          y_sel = Y_IMM;
        end else if (is_branch || opcode == OP_OP) begin
          y_sel = Y_RS2;
          if (is_muldiv) begin
            // MUL: lo = rs1; DIV: lo = |rs1|
            x_inv = md_div & a_neg;
            y_sel = Y_ZERO;
          end else begin
            x_ext = cmp_sgn;
            y_ext = cmp_sgn;
            y_inv = is_branch | f3 == 3'd2 | f3 == 3'd3 | (f3 == 3'd0 && ir[30]);
          end
        end else if (opcode == OP_IMM) begin
          y_sel = Y_IMM;
          x_ext = cmp_sgn;
          y_ext = cmp_sgn;
          y_inv = f3 == 3'd2 | f3 == 3'd3;
        end else if (is_jalr || is_load || is_store) begin
          y_sel = Y_IMM;
        end else if (opcode == OP_SYSTEM) begin
          // mret: mepc
          x_sel = X_ZERO;
          y_sel = Y_RS2;
        end
      end
    endcase
  end

  reg  [32:0] x_v, y_v;
  always @(*) begin
    case (x_sel)
      X_RS1:   x_v = {x_ext & rs1_v[31], rs1_v};
      X_PC:    x_v = {1'b0, pc};
      X_ACC:   x_v = {acc_x, acc};
      X_DIV:   x_v = {acc, lo[31]};
      X_LO:    x_v = {1'b0, lo};
      X_256:   x_v = 33'h100;
      default: x_v = 33'd0;
    endcase
    case (y_sel)
      Y_RS2:   y_v = {y_ext & rs2_v[31], rs2_v};
      Y_IMM:   y_v = {y_ext & imm[31], imm};
      Y_4:     y_v = 33'd4;
      default: y_v = 33'd0;
    endcase
  end
  wire [32:0] sum = (x_v ^ {33{x_inv}}) + (y_v ^ {33{y_inv}}) + {32'd0, x_inv | y_inv | c_one};

  // =========================================================================
  // ALU (OP and OP-IMM), branches, jumps
  // =========================================================================
  wire [31:0] alu_b  = y_v[31:0];       // rs2 or the immediate
  wire        lt     = sum[32];          // rs1 < operand (signed or not, per cmp_sgn)
  reg  [31:0] alu_res;
  always @(*) begin
    case (f3)
      3'd2,
      3'd3:    alu_res = {31'd0, lt};
      3'd4:    alu_res = rs1_v ^ alu_b;
      3'd6:    alu_res = rs1_v | alu_b;
      3'd7:    alu_res = rs1_v & alu_b;
      default: alu_res = sum[31:0];      // add, sub (shifts go to SHIFT)
    endcase
  end

  wire        br_eq    = rs1_v == rs2_v;
  wire        br_taken = f3[2] ? (lt ^ f3[0]) : (br_eq ^ f3[0]);
  // EXEC: jal's and jalr's target; BRANCH: the branch's
  wire [31:0] jump_tgt = {sum[31:1], sum[0] & ~is_jalr};

  // Loads and stores: the address (EXEC: sum; MEM: acc), alignment, lanes
  wire        ls_mis  = (f3[1:0] == 2'd1 && sum[0]) || (f3[1:0] == 2'd2 && sum[1:0] != 2'd0);
  reg  [3:0]  m_be;
  always @(*) begin
    case (f3[1:0])
      2'd0:    m_be = 4'b0001 << acc[1:0];
      2'd1:    m_be = 4'b0011 << acc[1:0];
      default: m_be = 4'b1111;
    endcase
  end

  // =========================================================================
  // CSRs: read, legality, new value
  // =========================================================================
  // The CSRs in the register file (csr_ram) come in rs2_v.  A carry into
  // mcycleh is added before each fetch: a read of mcycleh sees the count as
  // it was then, though its EXEC may come later (mcycle is read in EXEC).
  reg        csr_ok, csr_ram;
  reg [31:0] csr_rv;
  always @(*) begin
    csr_ok  = 1'b1;
    csr_ram = 1'b0;
    case (csr_n)
      CSR_MSTATUS:    csr_rv = {19'd0, 2'b11, 3'd0, mpie, 3'd0, mie_bit, 3'd0};
      CSR_MISA:       csr_rv = MISA;
      CSR_MIE:        csr_rv = mie;
      CSR_MSTATUSH:   csr_rv = 32'd0;
      CSR_MTVEC, CSR_MSCRATCH, CSR_MEPC, CSR_MCAUSE, CSR_MTVAL,
      CSR_MCYCLEH, CSR_CYCLEH, CSR_MINSTRETH, CSR_INSTRETH: begin
        csr_rv  = rs2_v;
        csr_ram = 1'b1;
      end
      CSR_MINSTRET,  CSR_INSTRET: begin
        csr_rv  = {rs2_v[31:8], minstret};
        csr_ram = 1'b1;
      end
      CSR_MIP:        csr_rv = mip;
      CSR_MCYCLE,    CSR_CYCLE:    csr_rv = mcycle;
      CSR_TIME:       csr_rv = i_mtime[31:0];
      CSR_TIMEH:      csr_rv = i_mtime[63:32];
      CSR_MVENDORID, CSR_MARCHID, CSR_MIMPID, CSR_MHARTID, CSR_MCONFIGPTR: csr_rv = 32'd0;
      default: begin
        csr_ok = 1'b0;
        csr_rv = 32'd0;
      end
    endcase
  end

  // csrrw writes always; csrrs/csrrc only with a source other than x0 / 0
  wire [31:0] csr_src = f3[2] ? {27'd0, rs1} : rs1_v;
  wire        csr_wr  = (f3[1:0] == 2'd1) || (rs1 != 5'd0);
  // mepc and mtvec (words 33 and 37) keep bits 1:0 zero
  wire        csr_al  = csr_n[0] & ~csr_n[1] & ~csr_n[11];
  // csr_new: in CSRW the value written; in EXEC the old value (for rd),
  // as if csrrs with 0
  wire [1:0]  csr_op  = (state == S_CSRW) ? f3[1:0] : 2'd2;
  wire [31:0] csr_s   = (state == S_CSRW) ? csr_src : 32'd0;
  wire [31:0] csr_new = (csr_op == 2'd1) ? csr_s :
                        (csr_op == 2'd2) ? (csr_rv | csr_s) : (csr_rv & ~csr_s);
  // its bits 1:0 read 0 for mepc and mtvec
  wire [31:0] csr_w   = {csr_new[31:2], csr_new[1:0] & ~{2{csr_al}}};
  wire        csr_ill = !csr_ok || (csr_wr && csr_n[11:10] == 2'b11);

  // =========================================================================
  // Control
  // =========================================================================
  // Interrupt: taken at the start of a fetch (between instructions), by
  // priority MEI, MSI, MTI, then the platform lines, lowest first.
  wire        irq_take = (state == S_FETCH) & ~f_busy & mie_bit & (pend != 32'd0);
  reg  [4:0]  irq_num;
  integer     k;
  always @(*) begin
    irq_num = 5'd0;
    for (k = 31; k >= 16; k = k - 1)
      if (pend[k]) irq_num = k[4:0];
    if (pend[7])  irq_num = 5'd7;
    if (pend[3])  irq_num = 5'd3;
    if (pend[11]) irq_num = 5'd11;
  end

  // The bus; MEM's byte address is in acc, the store data is rs2's
  wire        mem_st   = (opcode == OP_STORE);
  assign o_req   = ((state == S_FETCH) & (f_busy | ~(irq_take | cy_c | cy_i | cy_ih))) | (state == S_MEM);
  assign o_we    = (state == S_MEM) & mem_st;
  assign o_addr  = (state == S_MEM) ? {acc[31:2], 2'b00} : pc;
  assign o_be    = (state == S_MEM) ? m_be : 4'b1111;
  assign o_wdata = (f3[1:0] == 2'd0) ? {4{rs2_v[7:0]}} :
                   (f3[1:0] == 2'd1) ? {2{rs2_v[15:0]}} : rs2_v;

  // Load data: the lane picked by the address (aligned: a word's is 0, a
  // halfword's even), extended
  wire [15:0] ld_h   = acc[1] ? i_rdata[31:16] : i_rdata[15:0];
  wire [7:0]  ld_b   = acc[0] ? ld_h[15:8] : ld_h[7:0];
  wire        ld_s   = ~f3[2] & (f3[0] ? ld_h[15] : ld_b[7]);   // lb, lh: the sign
  wire [31:0] ld_val = {f3[1] ? i_rdata[31:16] : {16{ld_s}},
                        (f3[1] | f3[0]) ? ld_h[15:8] : {8{ld_s}},
                        ld_b};

  // What the executing instruction does in this cycle
  reg        t_trap;           // an exception (not an interrupt)
  reg [3:0]  t_cause;
  reg        w_en;             // write the register file: word w_a (rd unless set), w_val
  reg [5:0]  w_a;
  reg [31:0] w_val;
  reg        retire;
  reg [31:0] next_pc;
  reg        csr_we;
  always @(*) begin
    t_trap  = 1'b0;
    t_cause = 4'd0;
    w_en    = 1'b0;
    w_a     = {1'b0, rd};
    w_val   = 32'd0;
    retire  = 1'b0;
    next_pc = npc;
    csr_we  = 1'b0;
    case (state)
      S_EXEC: begin
        if (is_shift) begin
          // SHIFT finishes it
        end else if (is_lui || is_auipc || is_imm || is_op) begin
          w_en   = 1'b1;
          w_val  = (is_lui || is_auipc) ? sum[31:0] : alu_res;
          retire = 1'b1;
        end else if (is_jal || is_jalr) begin
          if (jump_tgt[1:0] != 2'd0) begin
            t_trap  = 1'b1;
            t_cause = SOC_EXC_INSN_MISALIGNED[3:0];
          end else begin
            w_en    = 1'b1;
            w_val   = npc;
            next_pc = jump_tgt;
            retire  = 1'b1;
          end
        end else if (is_branch) begin
          // taken: BRANCH sums the target
          retire = ~br_taken;
        end else if (is_load || is_store) begin
          if (ls_mis) begin
            t_trap  = 1'b1;
            t_cause = is_store ? SOC_EXC_STORE_MISALIGNED[3:0] : SOC_EXC_LOAD_MISALIGNED[3:0];
          end
        end else if (is_muldiv) begin
          // MULDIV finishes it
        end else if (is_fence) begin
          retire = 1'b1;
        end else if (is_csr && !csr_ill) begin
          // rd gets the old value; a write is CSRW's
          w_en   = 1'b1;
          w_val  = csr_w;
          retire = ~csr_wr;
        end else if (is_mret) begin
          next_pc = jump_tgt;  // mepc, through the adder
          retire  = 1'b1;
        end else if (is_wfi) begin
          // S_WFI finishes it
        end else if (is_ecall) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_ECALL_M[3:0];
        end else if (is_ebreak) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_BREAKPOINT[3:0];
        end else begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_ILLEGAL_INSN[3:0];
        end
      end
      S_CSRW: begin
        // the CSR instruction's write: a flip-flop CSR, or its word
        csr_we = 1'b1;
        w_en   = csr_ram;
        w_a    = csr_word({csr_n[11], csr_n[7], csr_n[2:0]});
        w_val  = csr_w;
        retire = 1'b1;
      end
      S_BRANCH: begin
        if (jump_tgt[1:0] != 2'd0) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_INSN_MISALIGNED[3:0];
        end else begin
          next_pc = jump_tgt;
          retire  = 1'b1;
        end
      end
      S_SHIFT: begin
        if (cnt_zero) begin
          w_en   = 1'b1;
          w_val  = acc;
          retire = 1'b1;
        end
      end
      S_MEM: begin
        if (i_err) begin
          t_trap  = 1'b1;
          t_cause = mem_st ? SOC_EXC_STORE_FAULT[3:0] : SOC_EXC_LOAD_FAULT[3:0];
        end else if (i_ack) begin
          w_en   = ~mem_st;
          w_val  = ld_val;
          retire = 1'b1;
        end
      end
      S_MULDIV: begin
        if (cnt_zero) begin
          w_en   = 1'b1;
          w_val  = md_div ? sum[31:0] : (f3 == 3'd0) ? lo : acc;
          retire = 1'b1;
        end
      end
      S_WFI: begin
        // an interrupt pending, or a carry into mcycleh (CARRY before the
        // next fetch: wfi may end early)
        retire = (pend != 32'd0) || cy_c;
      end
      S_FETCH: begin
        if (f_busy && i_err) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_INSN_FAULT[3:0];
        end
      end
      S_TRAP: begin
        // mtval by the cause in cnt: 0 for an interrupt and ecall (11), the
        // address or target in acc (0, 4..7), pc (1, 3), the instruction (2);
        // then mepc (with mtvec read)
        w_en  = 1'b1;
        w_a   = f_busy ? A_MEPC : A_MTVAL;
        w_val = f_busy                        ? pc :
                (cnt[5] || cnt[3])            ? 32'd0 :
                (cnt[2] || cnt[1:0] == 2'd0)  ? {acc[31:1], acc[0] & ~is_jalr} :
                cnt[0]                        ? pc : ir;
      end
      S_CAUSE: begin
        w_en    = 1'b1;
        w_a     = A_MCAUSE;
        w_val   = {cnt[5], 26'd0, cnt[4:0]};
        next_pc = jump_tgt;    // mtvec, through the adder
      end
      S_RESET: begin
        // the CSR words start at 0
        w_en = 1'b1;
        w_a  = {2'b10, cnt[3:0]};
      end
      S_CARRY: begin
        // the high word read in the first cycle, + 1
        w_en  = f_busy;
        w_a   = cy_i ? A_MINSTRET : cy_ih ? A_MINSTRETH : A_MCYCLEH;
        w_val = sum[31:0];
      end
      default: ;
    endcase
  end

  // The counters: a counter written by this instruction does not count it
  // too (mcycle holds in its EXEC as well, so that csrrs and csrrc change
  // the value they read).  The low words are here; a carry out of one is
  // pending (cy_c, cy_i) until CARRY adds it to the high word in the
  // register file, before the next fetch; a write of the high word drops it.
  wire mc_hold     = (state == S_EXEC || state == S_CSRW) && is_csr && csr_wr &&
                     (csr_n == CSR_MCYCLE || csr_n == CSR_MCYCLEH);
  wire mi_step     = retire && !(csr_we && csr_n[11] && csr_n[1]);
  wire carry_done  = (state == S_CARRY) && f_busy;
  wire [32:0] mc_inc = {1'b0, mcycle} + 33'd1;
  wire [8:0]  mi_inc = {1'b0, minstret} + 9'd1;

  // The register file: written at retirement and by CSRW, TRAP and RESET;
  // read as the instruction arrives (never in the same cycle), rf2 with the
  // CSR's word for a CSR instruction (mepc's for mret, ecall, ebreak, wfi),
  // mtvec's in TRAP's second cycle and the high word in CARRY's first
  wire [5:0] r2_a = (state == S_TRAP)               ? A_MTVEC :
                    (state == S_CARRY)              ? (cy_i ? A_MINSTRET : cy_ih ? A_MINSTRETH : A_MCYCLEH) :
                    (i_rdata[6:0] != OP_SYSTEM)     ? {1'b0, i_rdata[24:20]} :
                    (i_rdata[13:12] == 2'd0)        ? A_MEPC : csr_word({i_rdata[31], i_rdata[27], i_rdata[22:20]});
  wire       r_en = (state == S_FETCH && f_busy && i_ack) ||
                    (state == S_TRAP && f_busy) || (state == S_CARRY && !f_busy);
  always @(posedge i_clk) begin
    if (w_en && w_a != 6'd0) begin
      rf1[w_a] <= w_val;
      rf2[w_a] <= w_val;
    end
    if (r_en) begin
      rs1_v <= rf1[{1'b0, i_rdata[19:15]}];
      rs2_v <= rf2[r2_a];
    end
  end
  // The shift's next step: 8 bits while 8 or more are left, else 1
  wire        sh_8    = cnt[4:3] != 2'd0;
  wire        sh_fill = ir[30] & acc[31];             // SRA(I)
  wire [31:0] sh_next = (f3 == 3'd1) ? (sh_8 ? {acc[23:0], 8'd0} : {acc[30:0], 1'b0}) :
                        (sh_8 ? {{8{sh_fill}}, acc[31:8]} : {sh_fill, acc[31:1]});

  always @(posedge i_clk) begin
    if (i_rst) begin
      state    <= S_RESET;
      cnt      <= 6'd15;
      f_busy   <= 1'b0;
      pc       <= i_reset_pc;
      mie_bit  <= 1'b0;
      mpie     <= 1'b0;
      mie      <= 32'd0;
      mcycle   <= 32'd0;
      minstret <= 8'd0;
      cy_c     <= 1'b0;
      cy_i     <= 1'b0;
      cy_ih    <= 1'b0;
    end else begin
      // the address or target, for MEM or as mtval; the value to shift
      // (SHIFT and MULDIV set acc below)
      if (state == S_EXEC || state == S_BRANCH)
        acc <= sum[31:0];

      // ---- counters ----
      // (csr_we is CSRW's, only for a CSR that exists and is writable:
      // 300, 301, 304, 305, 310, 340..344, b00, b02, b80, b82, so a few of
      // its number's bits tell them apart, here and for mstatus and mie)
      if (csr_we && csr_n[11] && !csr_n[7] && !csr_n[1])
        mcycle <= csr_new;
      else if (!mc_hold)
        mcycle <= mc_inc[31:0];
      if (csr_we && csr_n[11] && !csr_n[7] && csr_n[1])
        minstret <= csr_new[7:0];
      else if (mi_step)
        minstret <= mi_inc[7:0];
      cy_c <= (!mc_hold && mc_inc[32]) ||
              (cy_c && !(carry_done && !cy_i && !cy_ih) && !(csr_we && csr_n[11] && csr_n[7] && !csr_n[1]));
      // minstret's carries come at retirement and are added before the
      // next fetch, so none is pending when a CSR instruction writes it
      cy_i  <= (mi_step && mi_inc[8]) || (cy_i && !carry_done);
      cy_ih <= (carry_done && cy_i && sum[32]) || (cy_ih && !(carry_done && !cy_i));

      // ---- CSR writes ----
      if (csr_we && !csr_n[11] && !csr_n[6] && !csr_n[4] && !csr_n[2] && !csr_n[0]) begin
        mie_bit <= csr_new[3];
        mpie    <= csr_new[7];
      end
      if (csr_we && !csr_n[11] && !csr_n[6] && !csr_n[4] && csr_n[2] && !csr_n[0])
        mie <= csr_new & MIE_MASK;

      // ---- sequencing ----
      if (irq_take || t_trap) begin
        // TRAP writes mtval and mepc (pc: for an interrupt the next
        // instruction's, it returns there), CAUSE mcause
        cnt     <= irq_take ? {1'b1, irq_num} : {2'b00, t_cause};
        mpie    <= mie_bit;
        mie_bit <= 1'b0;
        state   <= S_TRAP;
        f_busy  <= 1'b0;
      end else if (retire) begin
        if (state == S_EXEC && is_mret) begin
          mie_bit <= mpie;
          mpie    <= 1'b1;
        end
        pc     <= next_pc;
        state  <= S_FETCH;
        f_busy <= 1'b0;
      end else begin
        case (state)
          S_FETCH: begin
            npc <= sum[31:0];
            if (!f_busy) begin
              if (cy_c || cy_i || cy_ih)
                state  <= S_CARRY;
              else
                f_busy <= 1'b1;
            end else if (i_ack) begin
              ir     <= i_rdata;
              state  <= S_EXEC;
              f_busy <= 1'b0;
            end
          end
          S_EXEC: begin
            if (is_csr) begin
              state <= S_CSRW;     // it writes
            end else if (is_shift) begin
              state <= S_SHIFT;
              cnt   <= {1'b0, (opcode == OP_OP) ? rs2_v[4:0] : ir[24:20]};
            end else if (is_branch) begin
              state <= S_BRANCH;   // taken
            end else if (is_load || is_store) begin
              state <= S_MEM;
            end else if (is_muldiv) begin
              state <= S_MULDIV;
              cnt   <= 6'd32;
              acc   <= 32'd0;
              acc_x <= 1'b0;
              lo    <= sum[31:0];
            end else if (is_wfi) begin
              state <= S_WFI;
            end
          end
          S_TRAP, S_CARRY: begin
            f_busy <= 1'b1;
            if (f_busy) begin
              state  <= (state == S_TRAP) ? S_CAUSE : S_FETCH;
              f_busy <= 1'b0;
            end
          end
          S_CAUSE: begin
            pc    <= next_pc;
            state <= S_FETCH;
          end
          S_RESET: begin
            cnt <= cnt - 6'd1;
            if (cnt_zero)
              state <= S_FETCH;
          end
          S_SHIFT: begin
            acc <= sh_next;
            cnt <= cnt - (sh_8 ? 6'd8 : 6'd1);
          end
          S_MULDIV: begin
            cnt <= cnt - 6'd1;
            if (!md_div) begin
              // {acc_x, acc, lo} = ({acc_x, acc} +- rs2 or 0) : lo, shifted right;
              // the 33-bit sum's sign is bit 32 when it can be negative
              // (rs2 signed, or the last step's subtraction), else 0
              acc_x <= (mul_asgn | mul_sub) & sum[32];
              acc   <= sum[32:1];
              lo    <= {sum[0], lo[31:1]};
            end else begin
              // the quotient bit: r' - |rs2| >= 0
              acc <= sum[32] ? {acc[30:0], lo[31]} : sum[31:0];
              lo  <= {lo[30:0], ~sum[32]};
            end
          end
          default: ;
        endcase
      end
    end
  end

`ifdef BPFSOC_TRACE
  // rd of a CSR instruction that writes its CSR is written in EXEC, the
  // record is made as CSRW retires it
  always @(posedge i_clk) begin
    o_tr_valid    <= ~i_rst & retire & ~irq_take;
    o_tr_pc       <= pc;
    o_tr_insn     <= ir;
    if (state != S_CSRW) begin
      o_tr_rd_valid <= w_en & ~w_a[5] & (rd != 5'd0);
      o_tr_rd       <= rd;
      o_tr_rd_val   <= w_val;
    end
  end
`endif

endmodule

`default_nettype wire

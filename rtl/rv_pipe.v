// rv_pipe.v: the SoC's pipelined RISC-V core: RV32IM with Zicsr, machine
// mode only, with the architectural behaviour of rv_core.v (the compact
// multi-cycle variant): the same CSRs, traps, interrupts, counters and
// trace port.  docs/architecture.md ("The RISC-V core") gives the details.
//
// Four stages:
//   IF1 o_iaddr goes to the RAM's instruction port (a synchronous read)
//   IF2 the block RAM's word goes into the register behind it (soc_ram)
//   ID  the instruction arrives (i_idata): decode, register read with
//       forwarding
//   EX  ALU, branch resolution, CSRs, traps and interrupts, the data bus
//       request (from a register loaded in the load's or store's first
//       cycle) and its answer (registered), multiply/divide, write-back
//       and retirement
// Everything an instruction does happens in EX, in order, so there is one
// forwarding path (the result EX writes back this cycle, into the operands
// ID hands to EX) and no load-use interlock: a load completes in EX before
// its successor enters.  A taken branch, a jump, mret, a trap or an
// interrupt redirects the fetch a cycle after EX, from a register: the
// instructions in ID, IF2 and IF1 are dropped (3 cycles lost).  Interrupts
// are taken in EX in place of an instruction that has not started yet
// (mepc = its pc), so they are precise; the pending set is registered (a
// line is seen a cycle after it rises).
// Latency in EX: 1 cycle; loads 1 (the address cycle) plus the bus's
// answer plus 1 (the answer's register), so 5 from the RAM and 4 from the
// other devices; stores to a device 2 (the address cycle, then posted: the
// request register finishes them on the bus as a one-entry store buffer,
// and the next load or store waits for it), to no device 2 plus the error
// and its register; MUL 2; DIV/REM 34; taken branches and jumps 4; a
// branch to a misaligned target 2 (not taken) or 2 and its trap; to a
// trap handler 4.
//
// Instruction port: o_iaddr is the byte address fetched this cycle; two
// cycles later i_idata is the word there, and i_ierr says that the address
// is outside the RAM (an instruction access fault when it reaches EX).
// While o_ihold is high the port keeps i_idata and i_ierr (ID waits for
// EX); o_iaddr then repeats the address of the last cycle.
// Data bus: as rv_core's: o_req with o_we, o_addr (word aligned), o_be and
// o_wdata held until a cycle with i_ack (done; i_rdata valid for a read) or
// i_err (the access faults), all from registers.  A request, once raised,
// is never withdrawn.  o_st_addr is EX's load/store address in its
// address cycle; i_st_dev says (combinationally; it is registered with the
// request) that a device decodes it, i.e. that an access there is acked,
// never answered with i_err: only such stores are posted.  (It must never be 1
// for an address answered with i_err, and never 0 for one that is acked:
// a store to no device lets the fetch run on, relying on its trap.)
`default_nettype none

module rv_pipe (
  input  wire        i_clk,
  input  wire        i_rst,
  input  wire [31:0] i_reset_pc,   // where execution starts after reset (RESET_PC on boards)
  // Instruction port (read only, always ready, data two cycles after the address)
  output wire [31:0] o_iaddr,
  output wire        o_ihold,      // keep i_idata / i_ierr (they answer o_iaddr two cycles late)
  input  wire [31:0] i_idata,
  input  wire        i_ierr,
  // Data bus
  output wire        o_req,
  output wire        o_we,
  output wire [31:0] o_addr,
  output wire [3:0]  o_be,
  output wire [31:0] o_wdata,
  output wire [31:0] o_st_addr,    // EX's load/store address (word aligned) ...
  input  wire        i_st_dev,     // ... decodes to a device (else it is answered with i_err)
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
  localparam [31:0] MISA = 32'h4000_1100;                  // MXL 1 (RV32), I, M
  localparam [31:0] MIE_MASK = 32'hffff_0888;               // MSI, MTI, MEI, platform lines

  // =========================================================================
  // Architectural state
  // =========================================================================
  reg  [31:0] rf [0:31];       // x1..x31 (x0 is never written, reads as 0)

  reg         mie_bit, mpie;   // mstatus.MIE, mstatus.MPIE
  reg  [31:0] mie, mtvec, mscratch, mepc, mcause, mtval;
  reg  [63:0] mcycle, minstret;

  wire [31:0] mip  = {i_irq_local, 4'd0, i_irq_mei, 3'd0, i_irq_mti, 3'd0, i_irq_msi, 3'd0};
  // The pending interrupts, registered (mip & mie): an interrupt is taken
  // a cycle after its line rises, and neither the devices' lines nor the
  // priority reach EX's trap logic and the fetch address in the same
  // cycle.  A write to mie takes effect at once: pend takes its new value.
  reg  [31:0] pend;

  // =========================================================================
  // IF1, IF2: the fetch
  // =========================================================================
  // f_pc is the address fetched last cycle, whose word is in the RAM's
  // register (IF2) next cycle; d_pc the one whose word i_idata shows (ID).
  // d_valid: ID's word is on the path taken (a redirect drops the two
  // words fetched before it, in ID and IF2, instead of executing them).
  reg  [31:0] f_pc;
  reg  [31:0] d_pc;
  reg         d_valid;

  // =========================================================================
  // ID: the instruction fetched two cycles ago, at d_pc
  // =========================================================================
  wire [31:0] d_ir = i_idata;

  wire [6:0]  d_opcode = d_ir[6:0];
  wire [4:0]  d_rd     = d_ir[11:7];
  wire [2:0]  d_f3     = d_ir[14:12];
  wire [4:0]  d_rs1    = d_ir[19:15];
  wire [4:0]  d_rs2    = d_ir[24:20];
  wire [6:0]  d_f7     = d_ir[31:25];

  wire [31:0] d_imm_i = {{20{d_ir[31]}}, d_ir[31:20]};
  wire [31:0] d_imm_s = {{20{d_ir[31]}}, d_ir[31:25], d_ir[11:7]};
  wire [31:0] d_imm_b = {{19{d_ir[31]}}, d_ir[31], d_ir[7], d_ir[30:25], d_ir[11:8], 1'b0};
  wire [31:0] d_imm_u = {d_ir[31:12], 12'd0};
  wire [31:0] d_imm_j = {{11{d_ir[31]}}, d_ir[31], d_ir[19:12], d_ir[20], d_ir[30:21], 1'b0};

  // Instruction classes (the legal encodings only; the rest is illegal)
  wire d_lui    = d_opcode == OP_LUI;
  wire d_auipc  = d_opcode == OP_AUIPC;
  wire d_jal    = d_opcode == OP_JAL;
  wire d_jalr   = d_opcode == OP_JALR   && d_f3 == 3'd0;
  wire d_branch = d_opcode == OP_BRANCH && d_f3 != 3'd2 && d_f3 != 3'd3;
  wire d_load   = d_opcode == OP_LOAD   && d_f3 != 3'd3 && d_f3 != 3'd6 && d_f3 != 3'd7;
  wire d_store  = d_opcode == OP_STORE  && d_f3 <= 3'd2;
  wire d_shimm  = d_f3 == 3'd1 || d_f3 == 3'd5;
  wire d_imm    = d_opcode == OP_IMM &&
                  (!d_shimm || d_f7 == 7'b0000000 || (d_f3 == 3'd5 && d_f7 == 7'b0100000));
  wire d_op     = d_opcode == OP_OP &&
                  (d_f7 == 7'b0000000 || (d_f7 == 7'b0100000 && (d_f3 == 3'd0 || d_f3 == 3'd5)));
  wire d_muldiv = d_opcode == OP_OP && d_f7 == 7'b0000001;
  wire d_fence  = d_opcode == OP_FENCE  && (d_f3 == 3'd0 || d_f3 == 3'd1);
  wire d_sys0   = d_opcode == OP_SYSTEM && d_f3 == 3'd0 && d_rd == 5'd0 && d_rs1 == 5'd0;
  wire d_ecall  = d_sys0 && d_ir[31:20] == 12'h000;
  wire d_ebreak = d_sys0 && d_ir[31:20] == 12'h001;
  wire d_mret   = d_sys0 && d_ir[31:20] == 12'h302;
  wire d_wfi    = d_sys0 && d_ir[31:20] == 12'h105;
  wire d_csr    = d_opcode == OP_SYSTEM && d_f3 != 3'd0 && d_f3 != 3'd4;

  // The one immediate EX needs: S for stores (address), U for lui (the
  // result), I for the rest (ALU, loads, jalr)
  wire [31:0] d_imm_x = d_store ? d_imm_s : d_lui ? d_imm_u : d_imm_i;
  // ... and the pc-relative one: jal, the branches, auipc (EX adds it to
  // the pc: here, behind the RAM's output, an adder would be the slowest
  // path of all)
  wire [31:0] d_imm_p = d_jal ? d_imm_j : d_auipc ? d_imm_u : d_imm_b;

  // =========================================================================
  // EX: the instruction being executed (all e_* registers load from ID)
  // =========================================================================
  reg         e_valid;         // EX holds an instruction (else a bubble)
  reg         e_busy;          // ... past its first cycle (bus, mul/div, wfi)
  reg  [31:0] e_pc, e_ir, e_imm, e_imm_p;
  reg  [31:0] e_rs1v, e_rs2v;  // its source registers (forwarded)
  reg         e_ifault;        // its fetch faulted
  reg         e_lui, e_auipc, e_jal, e_jalr, e_branch, e_load, e_store, e_alu, e_op;
  reg         e_muldiv, e_fence, e_ecall, e_ebreak, e_mret, e_wfi, e_csr;
  reg         e_bmis;          // a branch whose target is misaligned (imm bit 1)
  reg         e_btk;           // ... was taken (its first cycle's compare)

  wire [4:0]  rd    = e_ir[11:7];
  wire [2:0]  f3    = e_ir[14:12];
  wire [4:0]  rs1   = e_ir[19:15];
  wire [11:0] csr_n = e_ir[31:20];

  // ---- ALU (OP and OP-IMM) ----
  wire [31:0] alu_b = e_op ? e_rs2v : e_imm;
  wire [4:0]  shamt = alu_b[4:0];
  wire        alt   = e_op ? e_ir[30] : (f3 == 3'd5 && e_ir[30]);   // SUB, SRA(I)
  reg  [31:0] alu_res;
  always @(*) begin
    case (f3)
      3'd0:    alu_res = alt ? e_rs1v - alu_b : e_rs1v + alu_b;
      3'd1:    alu_res = e_rs1v << shamt;
      3'd2:    alu_res = {31'd0, $signed(e_rs1v) < $signed(alu_b)};
      3'd3:    alu_res = {31'd0, e_rs1v < alu_b};
      3'd4:    alu_res = e_rs1v ^ alu_b;
      3'd5:    alu_res = alt ? $unsigned($signed(e_rs1v) >>> shamt) : e_rs1v >> shamt;
      3'd6:    alu_res = e_rs1v | alu_b;
      default: alu_res = e_rs1v & alu_b;
    endcase
  end

  // ---- branches and jumps ----
  reg br_taken;
  always @(*) begin
    case (f3)
      3'd0:    br_taken = e_rs1v == e_rs2v;
      3'd1:    br_taken = e_rs1v != e_rs2v;
      3'd4:    br_taken = $signed(e_rs1v) < $signed(e_rs2v);
      3'd5:    br_taken = $signed(e_rs1v) >= $signed(e_rs2v);
      3'd6:    br_taken = e_rs1v < e_rs2v;
      default: br_taken = e_rs1v >= e_rs2v;
    endcase
  end

  // rs1 + the I or S immediate: the jalr target and the load/store address
  wire [31:0] ea       = e_rs1v + e_imm;
  // pc + the pc-relative immediate: the jal and branch target, auipc's result
  wire [31:0] e_tgt    = e_pc + e_imm_p;
  wire [31:0] pc4      = e_pc + 32'd4;
  wire [31:0] jump_tgt = e_jalr ? {ea[31:1], 1'b0} : e_tgt;
  // the target is misaligned (its low bits: no carry chain, and not
  // behind the compare, which decides only whether a branch uses it)
  wire        tgt_mis  = jump_tgt[1:0] != 2'd0;

  // ---- loads and stores: alignment, lanes ----
  wire        ls_mis = (f3[1:0] == 2'd1 && ea[0]) || (f3[1:0] == 2'd2 && ea[1:0] != 2'd0);
  reg  [3:0]  ls_be;
  always @(*) begin
    case (f3[1:0])
      2'd0:    ls_be = 4'b0001 << ea[1:0];
      2'd1:    ls_be = 4'b0011 << ea[1:0];
      default: ls_be = 4'b1111;
    endcase
  end

  // Load data: the lane picked by the address, extended
  wire [15:0] ld_h   = ea[1] ? a_rdata[31:16] : a_rdata[15:0];
  wire [7:0]  ld_b   = ea[0] ? ld_h[15:8] : ld_h[7:0];
  wire [31:0] ld_val = (f3 == 3'd0) ? {{24{ld_b[7]}}, ld_b} :
                       (f3 == 3'd1) ? {{16{ld_h[15]}}, ld_h} :
                       (f3 == 3'd4) ? {24'd0, ld_b} :
                       (f3 == 3'd5) ? {16'd0, ld_h} : a_rdata;

  // ---- CSRs: read, legality, new value ----
  reg        csr_ok;
  reg [31:0] csr_rv;
  always @(*) begin
    csr_ok = 1'b1;
    case (csr_n)
      CSR_MSTATUS:    csr_rv = {19'd0, 2'b11, 3'd0, mpie, 3'd0, mie_bit, 3'd0};
      CSR_MISA:       csr_rv = MISA;
      CSR_MIE:        csr_rv = mie;
      CSR_MTVEC:      csr_rv = mtvec;
      CSR_MSTATUSH:   csr_rv = 32'd0;
      CSR_MSCRATCH:   csr_rv = mscratch;
      CSR_MEPC:       csr_rv = mepc;
      CSR_MCAUSE:     csr_rv = mcause;
      CSR_MTVAL:      csr_rv = mtval;
      CSR_MIP:        csr_rv = mip;
      CSR_MCYCLE,    CSR_CYCLE:    csr_rv = mcycle[31:0];
      CSR_MCYCLEH,   CSR_CYCLEH:   csr_rv = mcycle[63:32];
      CSR_MINSTRET,  CSR_INSTRET:  csr_rv = minstret[31:0];
      CSR_MINSTRETH, CSR_INSTRETH: csr_rv = minstret[63:32];
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
  wire [31:0] csr_src = f3[2] ? {27'd0, rs1} : e_rs1v;
  wire        csr_wr  = (f3[1:0] == 2'd1) || (rs1 != 5'd0);
  wire [31:0] csr_new = (f3[1:0] == 2'd1) ? csr_src :
                        (f3[1:0] == 2'd2) ? (csr_rv | csr_src) : (csr_rv & ~csr_src);
  wire        csr_ill = !csr_ok || (csr_wr && csr_n[11:10] == 2'b11);

  // ---- multiply and divide (M) ----
  // MUL*: the 33 x 33 signed product of the operands (their signs per
  // funct3) is registered in the first cycle and picked in the second.
  // DIV*/REM*: the first cycle sets up, 32 radix-2 steps on the magnitudes,
  // then the signs (as rv_core).
  reg  [63:0] mul_p;
  reg  [5:0]  div_n;           // steps left ...
  reg         div_z;           // ... are none (div_n == 0, registered: it ends EX's wait)
  reg  [31:0] div_q, div_r, div_d;
  reg         div_qneg, div_rneg;
  wire        md_div   = f3[2];
  wire        md_sgn   = ~f3[0];   // DIV, REM
  wire [32:0] mul_a    = {(f3 == 3'd1 || f3 == 3'd2) & e_rs1v[31], e_rs1v};   // MULH, MULHSU
  wire [32:0] mul_b    = {(f3 == 3'd1) & e_rs2v[31], e_rs2v};                 // MULH
  wire        a_neg    = md_sgn & e_rs1v[31];
  wire        b_neg    = md_sgn & e_rs2v[31];
  wire [31:0] a_mag    = a_neg ? 32'd0 - e_rs1v : e_rs1v;
  wire [31:0] b_mag    = b_neg ? 32'd0 - e_rs2v : e_rs2v;
  // one step: r' = 2r + the next dividend bit (33 bits: r < d < 2^32), and
  // r' - d in 34 bits, whose sign says whether the quotient bit is 1
  wire [32:0] div_sh   = {div_r, div_q[31]};
  /* verilator lint_off UNUSEDSIGNAL */  // bit 32 of a non-negative r' - d is 0 (r' - d < d)
  wire [33:0] div_try  = {1'b0, div_sh} - {2'b00, div_d};
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] div_rem1 = div_try[33] ? div_sh[31:0] : div_try[31:0];
  wire [31:0] q_fin    = div_qneg ? 32'd0 - div_q : div_q;
  wire [31:0] r_fin    = div_rneg ? 32'd0 - div_r : div_r;
  reg  [31:0] md_res;
  always @(*) begin
    case (f3)
      3'd0:    md_res = mul_p[31:0];
      3'd1,
      3'd2,
      3'd3:    md_res = mul_p[63:32];
      3'd4,
      3'd5:    md_res = q_fin;
      default: md_res = r_fin;
    endcase
  end
  wire md_done = e_busy & (~md_div | div_z);

  // ---- interrupts ----
  // Taken in place of the instruction in EX before it has done anything
  // (its first cycle: no bus request, no mul/div started), which is then
  // the next instruction not executed (mepc).  A bubble in EX (the two
  // cycles after a redirect) waits for the instruction at the new pc.
  // Priority MEI, MSI, MTI, then the platform lines, lowest first.
  wire        irq_take = e_valid & ~e_busy & mie_bit & (pend != 32'd0);
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

  // ---- the data bus: the request register ----
  // Every request goes to the bus from a register (q_*), never from EX's
  // address adder: a load or store spends its first cycle (the address
  // cycle) computing its address, lanes and data, which q_* take at the
  // end of it (unless an interrupt takes its place, or it is misaligned);
  // q_* hold the request from the next cycle until the answer.  The answer
  // comes through a register too (a_*), so a load retires in the cycle
  // after its answer, with the data from a_rdata: neither the address
  // adder nor the devices' read data reach the bus or the pipeline's
  // stall in the same cycle.
  //
  // A store to an address that decodes to a device (i_st_dev, registered
  // with the request as q_dev: such an access is always acked, never
  // faults) is posted: it retires in its second cycle, as its request
  // goes out, and q_* go on holding it until the answer, in the background
  // (a one-entry store buffer).  While q_* hold a request, no other load
  // or store issues (it waits in its address cycle, and issues in the
  // cycle the held one is answered), so memory and device accesses stay
  // in program order; fence, wfi, ecall, ebreak and mret wait until q_*
  // are free.  A store to an address no device decodes is not posted: it
  // waits for its i_err in EX and traps there (precise), as do misaligned
  // stores (which never issue).  An interrupt or trap never touches q_*:
  // their store retired before them and completes in the background.
  wire        ls      = e_valid & (e_load | e_store) & ~e_ifault;
  wire [31:0] st_data = (f3[1:0] == 2'd0) ? {4{e_rs2v[7:0]}} :
                        (f3[1:0] == 2'd1) ? {2{e_rs2v[15:0]}} : e_rs2v;
  reg         q_valid;         // q_* hold a request waiting for its answer
  reg         q_we, q_dev;
  reg  [31:0] q_addr, q_wdata;
  reg  [3:0]  q_be;
  reg         e_iss;           // EX's load or store has issued its request into q_*
  reg         a_valid, a_err;  // the answer to EX's request came last cycle ...
  reg  [31:0] a_rdata;         // ... with this data
  // the answer to q_*'s request (an error cannot come to a posted store,
  // which decodes to a device; it would be dropped rather than hang the core)
  wire        q_done  = q_valid & (i_ack | i_err);
  wire        q_free  = ~q_valid | q_done;
  // EX's load or store issues its request in this cycle
  wire        issue   = ls & ~e_iss & ~ls_mis & ~irq_take & q_free;
  // EX's store is posted (retires) in this cycle
  wire        st_post = ls & e_store & e_iss & q_dev;
  // the buffered (retired) stores that wait: what fence & co wait for
  wire        drain   = q_valid;
  assign o_req     = q_valid;
  assign o_we      = q_we;
  assign o_addr    = q_addr;
  assign o_be      = q_be;
  assign o_wdata   = q_wdata;
  assign o_st_addr = {ea[31:2], 2'b00};

  // ---- what the instruction in EX does in this cycle ----
  reg        t_trap;           // an exception (not an interrupt)
  reg [3:0]  t_cause;
  reg [31:0] t_val;
  reg        w_en;             // write rd (with w_val, below)
  reg        retire;
  reg        csr_we;
  always @(*) begin
    t_trap  = 1'b0;
    t_cause = 4'd0;
    t_val   = 32'd0;
    w_en    = 1'b0;
    retire  = 1'b0;
    csr_we  = 1'b0;
    if (e_valid && !irq_take) begin
      if (e_ifault) begin
        t_trap  = 1'b1;
        t_cause = SOC_EXC_INSN_FAULT[3:0];
        t_val   = e_pc;
      end else if (e_lui || e_auipc || e_alu) begin
        w_en   = 1'b1;
        retire = 1'b1;
      end else if (e_jal || e_jalr) begin
        // (apart from branches: whether a jump writes rd never waits for
        // the branch compare, only for its target's low bits)
        if (tgt_mis) begin
          t_trap  = 1'b1;
          t_cause = SOC_EXC_INSN_MISALIGNED[3:0];
          t_val   = jump_tgt;
        end else begin
          w_en   = 1'b1;
          retire = 1'b1;
        end
      end else if (e_branch) begin
        // a branch never writes rd.  One with a misaligned target (known
        // from its immediate: the pc is aligned) takes a second cycle and
        // traps there if its first cycle's compare (e_btk) took it, so
        // that the compare never reaches the trap logic
        if (!e_bmis) begin
          retire = 1'b1;
        end else if (e_busy) begin
          if (e_btk) begin
            t_trap  = 1'b1;
            t_cause = SOC_EXC_INSN_MISALIGNED[3:0];
            t_val   = jump_tgt;
          end else begin
            retire = 1'b1;
          end
        end
      end else if (e_load || e_store) begin
        if (ls_mis) begin
          t_trap  = 1'b1;
          t_cause = e_store ? SOC_EXC_STORE_MISALIGNED[3:0] : SOC_EXC_LOAD_MISALIGNED[3:0];
          t_val   = ea;
        end else if (a_valid && a_err) begin
          // (never a posted store: it decodes to a device, and retired
          // before its answer)
          t_trap  = 1'b1;
          t_cause = e_store ? SOC_EXC_STORE_FAULT[3:0] : SOC_EXC_LOAD_FAULT[3:0];
          t_val   = ea;
        end else if (st_post || a_valid) begin
          w_en   = e_load;
          retire = 1'b1;
        end
      end else if (e_muldiv) begin
        if (md_done) begin
          w_en   = 1'b1;
          retire = 1'b1;
        end
      end else if (e_fence) begin
        retire = ~drain;
      end else if (e_csr && !csr_ill) begin
        w_en   = 1'b1;
        csr_we = csr_wr;
        retire = 1'b1;
      end else if (e_mret) begin
        retire = ~drain;
      end else if (e_wfi) begin
        // waits until an interrupt is pending (enabled in mie), taken or not
        retire = (pend != 32'd0) & ~drain;
      end else if (e_ecall) begin
        t_trap  = ~drain;
        t_cause = SOC_EXC_ECALL_M[3:0];
      end else if (e_ebreak) begin
        t_trap  = ~drain;
        t_cause = SOC_EXC_BREAKPOINT[3:0];
        t_val   = e_pc;
      end else begin
        t_trap  = 1'b1;
        t_cause = SOC_EXC_ILLEGAL_INSN[3:0];
        t_val   = e_ir;
      end
    end
  end

  wire w_rf   = w_en & (rd != 5'd0);

  // The result: picked by the instruction's class alone, so that neither
  // the write-back nor the forwarding below waits for the branch compare,
  // the trap checks or the bus's answer (w_en has those).  The ALU's,
  // the latest (behind the operand multiplexer, the adder or the shifter
  // and funct3's choice), enters at the last level.
  wire [31:0] w_oth = e_load   ? ld_val :
                      e_muldiv ? md_res :
                      e_csr    ? csr_rv :
                      (e_jal | e_jalr) ? pc4 :
                      e_lui    ? e_imm : e_tgt;   // auipc
  wire [31:0] w_val = e_alu ? alu_res : w_oth;
  // EX's instruction writes rd (if it completes: when it does not, ID's
  // instruction does not move on, or is dropped, so a value forwarded
  // then is never used)
  wire e_wr = e_valid & (e_lui | e_auipc | e_alu | e_jal | e_jalr | e_load | e_muldiv | e_csr) &
              (rd != 5'd0);
  // EX needs more cycles: a load or store in its address cycle, waiting
  // for its answer (a store: not posted), a multiply or divide not done,
  // wfi with nothing pending, fence & co with a store buffered (the same
  // cases as the block above, written out so that the fetch does not wait
  // for all of it: only registers and ls_mis, never the bus, decide it)
  wire e_sys  = e_fence | e_mret | e_wfi | e_ecall | e_ebreak;
  wire e_wait = e_valid & ~irq_take & ~e_ifault &
                ((e_muldiv & ~md_done) |
                 (e_branch & e_bmis & ~e_busy) |
                 (e_wfi & (pend == 32'd0)) |
                 (e_sys & drain) |
                 ((e_load | e_store) & ~ls_mis & ~st_post & ~a_valid));

  // ---- the next fetch ----
  // A taken branch, a jump, mret, a trap, an interrupt or reset redirect
  // the fetch one cycle late, from a register (tr_q, tr_pc_q; a trap's
  // mtvec wins over the target of a jump that traps), so that the branch
  // compare, the targets' adders and the trap logic stay out of the path
  // into the RAM's address (on the ECP5 a route of 5 ns to 64 block RAMs
  // on their own); the instruction fetched in between is dropped too.  While EX waits, ID keeps its instruction (o_ihold: the
  // RAM's register holds) and IF2 its own by fetching the same address
  // again (the block RAM's output stays).
  reg         tr_q;            // fetch tr_pc_q now (a trap or reset last cycle)
  reg  [31:0] tr_pc_q;
  wire        trap_any = irq_take | t_trap;
  wire        jump_go  = e_valid & (e_jal | e_jalr | (e_mret & ~drain) | (e_branch & ~e_bmis & br_taken));
  wire [31:0] jump_pc  = e_jalr ? jump_tgt : e_mret ? mepc : e_tgt;
  // (keep: yosys would otherwise share one adder between pc + 4 and the
  // jump target, behind the branch compare)
  (* keep *) wire [31:0] f_pc4 = f_pc + 32'd4;
  assign o_iaddr = tr_q ? tr_pc_q : e_wait ? f_pc : f_pc4;
  assign o_ihold = e_wait;

  // ---- ID's operands, forwarded from the write-back of this cycle ----
  wire [31:0] d_rs1v = (d_rs1 == 5'd0) ? 32'd0 : (e_wr && rd == d_rs1) ? w_val : rf[d_rs1];
  wire [31:0] d_rs2v = (d_rs2 == 5'd0) ? 32'd0 : (e_wr && rd == d_rs2) ? w_val : rf[d_rs2];

  // =========================================================================
  // State updates
  // =========================================================================
  // A counter written by this instruction does not count it too
  wire wr_mcycle   = csr_we & ((csr_n == CSR_MCYCLE) | (csr_n == CSR_MCYCLEH));
  wire wr_minstret = csr_we & ((csr_n == CSR_MINSTRET) | (csr_n == CSR_MINSTRETH));

  always @(posedge i_clk) begin
    if (w_rf)
      rf[rd] <= w_val;
  end

  // The pipeline registers (no reset needed but the valid bits); e_* load
  // whenever EX moves on, and count only with e_valid
  always @(posedge i_clk) begin
    f_pc <= o_iaddr;
    if (!e_wait)
      d_pc <= f_pc;
    if (!e_wait) begin
      e_pc     <= d_pc;
      e_ir     <= d_ir;
      e_imm    <= d_imm_x;
      e_imm_p  <= d_imm_p;
      e_rs1v   <= d_rs1v;
      e_rs2v   <= d_rs2v;
      e_ifault <= i_ierr;
      e_lui    <= d_lui;
      e_auipc  <= d_auipc;
      e_jal    <= d_jal;
      e_jalr   <= d_jalr;
      e_branch <= d_branch;
      e_bmis   <= d_imm_b[1];
      e_load   <= d_load;
      e_store  <= d_store;
      e_alu    <= d_imm | d_op;
      e_op     <= d_opcode == OP_OP;
      e_muldiv <= d_muldiv;
      e_fence  <= d_fence;
      e_ecall  <= d_ecall;
      e_ebreak <= d_ebreak;
      e_mret   <= d_mret;
      e_wfi    <= d_wfi;
      e_csr    <= d_csr;
    end
    // EX takes ID's instruction unless it is from a path not taken (and
    // so does ID IF2's)
    if (i_rst || tr_q || trap_any || jump_go) begin
      e_valid <= 1'b0;
      d_valid <= 1'b0;
    end else begin
      if (!e_wait)
        e_valid <= d_valid;
      if (!e_wait)
        d_valid <= 1'b1;
    end
    e_busy  <= e_wait & ~i_rst;
    e_btk   <= br_taken;
    tr_q    <= i_rst | trap_any | jump_go;
    tr_pc_q <= i_rst ? i_reset_pc : trap_any ? mtvec : jump_pc;
  end

  // The bus's request register and the answer register
  always @(posedge i_clk) begin
    if (i_rst)
      q_valid <= 1'b0;
    else if (issue)
      q_valid <= 1'b1;
    else if (q_done)
      q_valid <= 1'b0;
    if (issue) begin
      q_we    <= e_store;
      q_dev   <= i_st_dev;
      q_addr  <= {ea[31:2], 2'b00};
      q_be    <= ls_be;
      q_wdata <= st_data;
    end
    // EX's request stays its own until EX moves on (or traps)
    e_iss   <= ~i_rst & ~trap_any & e_wait & (e_iss | issue);
    a_valid <= ~i_rst & e_iss & q_done;
    a_err   <= i_err;
    a_rdata <= i_rdata;
  end

  // Multiply and divide: set up in the first cycle, step in the others
  always @(posedge i_clk) begin
    mul_p <= 64'($signed(mul_a) * $signed(mul_b));
    if (!e_busy) begin
      // DIV/REM: x / 0 = all ones, x % 0 = x; -2^31 / -1 = -2^31, rem 0
      // (the magnitudes give both: q = 2^31, negated or not, is -2^31)
      div_n    <= 6'd32;
      div_z    <= 1'b0;
      div_q    <= a_mag;
      div_r    <= 32'd0;
      div_d    <= b_mag;
      div_qneg <= (a_neg ^ b_neg) & (e_rs2v != 32'd0);
      div_rneg <= a_neg;
    end else if (!div_z) begin
      div_n <= div_n - 6'd1;
      div_z <= div_n == 6'd1;
      div_r <= div_rem1;
      div_q <= {div_q[30:0], ~div_try[33]};
    end
  end

  always @(posedge i_clk) begin
    if (i_rst) begin
      mie_bit  <= 1'b0;
      mpie     <= 1'b0;
      mie      <= 32'd0;
      pend     <= 32'd0;
      mtvec    <= 32'd0;
      mcause   <= 32'd0;
      mcycle   <= 64'd0;
      minstret <= 64'd0;
    end else begin
      // ---- counters ----
      if (wr_mcycle)
        mcycle <= (csr_n == CSR_MCYCLE) ? {mcycle[63:32], csr_new} : {csr_new, mcycle[31:0]};
      else
        mcycle <= mcycle + 64'd1;
      if (wr_minstret)
        minstret <= (csr_n == CSR_MINSTRET) ? {minstret[63:32], csr_new} : {csr_new, minstret[31:0]};
      else if (retire)
        minstret <= minstret + 64'd1;

      pend <= mip & ((csr_we && csr_n == CSR_MIE) ? (csr_new & MIE_MASK) : mie);

      // ---- CSR writes ----
      if (csr_we) begin
        case (csr_n)
          CSR_MSTATUS: begin
            mie_bit <= csr_new[3];
            mpie    <= csr_new[7];
          end
          CSR_MIE:      mie      <= csr_new & MIE_MASK;
          CSR_MTVEC:    mtvec    <= {csr_new[31:2], 2'b00};
          CSR_MSCRATCH: mscratch <= csr_new;
          CSR_MEPC:     mepc     <= {csr_new[31:2], 2'b00};
          CSR_MCAUSE:   mcause   <= csr_new;
          CSR_MTVAL:    mtval    <= csr_new;
          default: ;
        endcase
      end

      // ---- trap entry and return ----
      if (irq_take) begin
        // the instruction in EX did not run: it is where to return
        mepc    <= e_pc;
        mcause  <= {1'b1, 26'd0, irq_num};
        mtval   <= 32'd0;
        mpie    <= mie_bit;
        mie_bit <= 1'b0;
      end else if (t_trap) begin
        mepc    <= e_pc;
        mcause  <= {28'd0, t_cause};
        mtval   <= t_val;
        mpie    <= mie_bit;
        mie_bit <= 1'b0;
      end else if (retire && e_mret) begin
        mie_bit <= mpie;
        mpie    <= 1'b1;
      end
    end
  end

`ifdef BPFSOC_TRACE
  always @(posedge i_clk) begin
    o_tr_valid    <= ~i_rst & retire;
    o_tr_pc       <= e_pc;
    o_tr_insn     <= e_ir;
    o_tr_rd_valid <= w_rf;
    o_tr_rd       <= rd;
    o_tr_rd_val   <= w_val;
  end
`endif

endmodule

`default_nettype wire

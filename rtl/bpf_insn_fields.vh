// bpf_insn_fields.vh: the fields of an instruction slot i_insn (RFC 9669
// section 3) and the opcode classes and kinds that bpf_decode,
// bpf_predecode and bpf_legal test.  Included inside a module that has i_insn [63:0]
// and bpf_defs.vh; a module may leave some of these unused.
  wire [7:0]  op  = i_insn[7:0];
  wire [3:0]  dst = i_insn[11:8];
  wire [3:0]  src = i_insn[15:12];
  wire [15:0] off = i_insn[31:16];
  wire [31:0] imm = i_insn[63:32];

  wire [2:0] cls  = op[2:0];
  wire [3:0] code = op[7:4];
  wire [2:0] mode = op[7:5];
  wire       x    = op[3];

  wire c_alu   = (cls == BPF_CLASS_ALU[2:0]) || (cls == BPF_CLASS_ALU64[2:0]);
  wire c_jmp   = (cls == BPF_CLASS_JMP[2:0]) || (cls == BPF_CLASS_JMP32[2:0]);
  wire c_ld    = (cls == BPF_CLASS_LD[2:0]);
  wire c_ldx   = (cls == BPF_CLASS_LDX[2:0]);
  wire c_st    = (cls == BPF_CLASS_ST[2:0]);
  wire c_stx   = (cls == BPF_CLASS_STX[2:0]);
  wire alu64   = (cls == BPF_CLASS_ALU64[2:0]);

  wire is_end  = c_alu && code == BPF_ALU_END[3:0];
  wire is_divm = c_alu && (code == BPF_ALU_DIV[3:0] || code == BPF_ALU_MOD[3:0]);
  wire is_mov  = c_alu && code == BPF_ALU_MOV[3:0];
  wire is_neg  = c_alu && code == BPF_ALU_NEG[3:0];
  wire is_call = c_jmp && code == BPF_JMP_CALL[3:0];
  wire is_exit = c_jmp && code == BPF_JMP_EXIT[3:0];
  wire is_ja   = c_jmp && code == BPF_JMP_JA[3:0];
  wire is_jcc  = c_jmp && !is_call && !is_exit && !is_ja;
  wire is_lddw = c_ld && mode == BPF_MODE_IMM[2:0];
  wire is_ind  = c_ld && mode == BPF_MODE_IND[2:0];
  wire is_pkt  = c_ld && !is_lddw;
  wire is_atom = c_stx && mode == BPF_MODE_ATOMIC[2:0];
  wire is_cmpx = is_atom && imm[7:0] == BPF_ATOMIC_CMPXCHG[7:0];
  wire fetch   = is_atom && imm[0];          // BPF_ATOMIC_FETCH
  wire callx    = is_call && x;
  wire [3:0] cx_reg = (dst != 4'd0) ? dst : src;   // callx's register
  wire disp_imm = is_call || (is_ja && cls == BPF_CLASS_JMP32[2:0]);   // jump offset in imm

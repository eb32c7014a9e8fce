/* bpf_insn.h: compose eBPF instructions from named fields.
 *
 * A slot is the little-endian 64-bit word of the RFC 9669 encoding:
 * opcode | dst << 8 | src << 12 | (u16)offset << 16 | (u32)imm << 32.
 */
#ifndef BPF_INSN_H
#define BPF_INSN_H

#include <stdint.h>
#include "generated/bpf_defs.h"

static inline uint64_t bpf_insn(unsigned op, unsigned dst, unsigned src, int16_t off,
				int32_t imm)
{
	return (uint64_t)(op & 0xff) | (uint64_t)((dst & 0xf) | (src & 0xf) << 4) << 8 |
	       (uint64_t)(uint16_t)off << 16 | (uint64_t)(uint32_t)imm << 32;
}

/* opcode bytes from fields */
#define BPF_OP_ALU(cls, code, x) ((code) << 4 | (x) | (cls))
#define BPF_OP_JMP(cls, code, x) ((code) << 4 | (x) | (cls))
#define BPF_OP_MEM(cls, mode, size) ((mode) << 5 | (size) << 3 | (cls))

#define BPF_OP_LDDW BPF_OP_MEM(BPF_CLASS_LD, BPF_MODE_IMM, BPF_SIZE_DW)
#define BPF_OP_EXIT BPF_OP_JMP(BPF_CLASS_JMP, BPF_JMP_EXIT, BPF_SRC_K)
#define BPF_OP_CALL BPF_OP_JMP(BPF_CLASS_JMP, BPF_JMP_CALL, BPF_SRC_K)
#define BPF_OP_CALLX BPF_OP_JMP(BPF_CLASS_JMP, BPF_JMP_CALL, BPF_SRC_X)
#define BPF_OP_JA BPF_OP_JMP(BPF_CLASS_JMP, BPF_JMP_JA, BPF_SRC_K)

static inline uint64_t bpf_alu64_imm(unsigned code, unsigned dst, int32_t imm)
{
	return bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU64, code, BPF_SRC_K), dst, 0, 0, imm);
}

static inline uint64_t bpf_alu64_reg(unsigned code, unsigned dst, unsigned src)
{
	return bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU64, code, BPF_SRC_X), dst, src, 0, 0);
}

static inline uint64_t bpf_mov64_imm(unsigned dst, int32_t imm)
{
	return bpf_alu64_imm(BPF_ALU_MOV, dst, imm);
}

static inline uint64_t bpf_exit(void)
{
	return bpf_insn(BPF_OP_EXIT, 0, 0, 0, 0);
}

/* lddw takes two slots */
static inline void bpf_lddw(uint64_t out[2], unsigned dst, uint64_t v)
{
	out[0] = bpf_insn(BPF_OP_LDDW, dst, 0, 0, (int32_t)(uint32_t)v);
	out[1] = bpf_insn(0, 0, 0, 0, (int32_t)(uint32_t)(v >> 32));
}

#endif

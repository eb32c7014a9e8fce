/* generated from spec/bpfsoc.toml by spec/gen.py; do not edit */
#ifndef BPF_DEFS_H
#define BPF_DEFS_H

#include <stdint.h>

#define BPF_CLASS_LD 0x0u
#define BPF_CLASS_LDX 0x1u
#define BPF_CLASS_ST 0x2u
#define BPF_CLASS_STX 0x3u
#define BPF_CLASS_ALU 0x4u
#define BPF_CLASS_JMP 0x5u
#define BPF_CLASS_JMP32 0x6u
#define BPF_CLASS_ALU64 0x7u
#define BPF_SRC_K 0x0u /* opcode bit 3 */
#define BPF_SRC_X 0x8u /* opcode bit 3 */
#define BPF_ALU_ADD 0x0u /* opcode bits 7..4 */
#define BPF_ALU_SUB 0x1u /* opcode bits 7..4 */
#define BPF_ALU_MUL 0x2u /* opcode bits 7..4 */
#define BPF_ALU_DIV 0x3u /* opcode bits 7..4 */
#define BPF_ALU_OR 0x4u /* opcode bits 7..4 */
#define BPF_ALU_AND 0x5u /* opcode bits 7..4 */
#define BPF_ALU_LSH 0x6u /* opcode bits 7..4 */
#define BPF_ALU_RSH 0x7u /* opcode bits 7..4 */
#define BPF_ALU_NEG 0x8u /* opcode bits 7..4 */
#define BPF_ALU_MOD 0x9u /* opcode bits 7..4 */
#define BPF_ALU_XOR 0xau /* opcode bits 7..4 */
#define BPF_ALU_MOV 0xbu /* opcode bits 7..4 */
#define BPF_ALU_ARSH 0xcu /* opcode bits 7..4 */
#define BPF_ALU_END 0xdu /* opcode bits 7..4 */
#define BPF_JMP_JA 0x0u /* opcode bits 7..4 */
#define BPF_JMP_JEQ 0x1u /* opcode bits 7..4 */
#define BPF_JMP_JGT 0x2u /* opcode bits 7..4 */
#define BPF_JMP_JGE 0x3u /* opcode bits 7..4 */
#define BPF_JMP_JSET 0x4u /* opcode bits 7..4 */
#define BPF_JMP_JNE 0x5u /* opcode bits 7..4 */
#define BPF_JMP_JSGT 0x6u /* opcode bits 7..4 */
#define BPF_JMP_JSGE 0x7u /* opcode bits 7..4 */
#define BPF_JMP_CALL 0x8u /* opcode bits 7..4 */
#define BPF_JMP_EXIT 0x9u /* opcode bits 7..4 */
#define BPF_JMP_JLT 0xau /* opcode bits 7..4 */
#define BPF_JMP_JLE 0xbu /* opcode bits 7..4 */
#define BPF_JMP_JSLT 0xcu /* opcode bits 7..4 */
#define BPF_JMP_JSLE 0xdu /* opcode bits 7..4 */
#define BPF_SIZE_W 0x0u /* opcode bits 4..3 */
#define BPF_SIZE_H 0x1u /* opcode bits 4..3 */
#define BPF_SIZE_B 0x2u /* opcode bits 4..3 */
#define BPF_SIZE_DW 0x3u /* opcode bits 4..3 */
#define BPF_MODE_IMM 0x0u /* opcode bits 7..5 */
#define BPF_MODE_ABS 0x1u /* opcode bits 7..5 */
#define BPF_MODE_IND 0x2u /* opcode bits 7..5 */
#define BPF_MODE_MEM 0x3u /* opcode bits 7..5 */
#define BPF_MODE_MEMSX 0x4u /* opcode bits 7..5 */
#define BPF_MODE_ATOMIC 0x6u /* opcode bits 7..5 */
#define BPF_ATOMIC_ADD 0x0u /* imm of STX|ATOMIC */
#define BPF_ATOMIC_OR 0x40u /* imm of STX|ATOMIC */
#define BPF_ATOMIC_AND 0x50u /* imm of STX|ATOMIC */
#define BPF_ATOMIC_XOR 0xa0u /* imm of STX|ATOMIC */
#define BPF_ATOMIC_FETCH 0x1u /* imm of STX|ATOMIC */
#define BPF_ATOMIC_XCHG 0xe1u /* imm of STX|ATOMIC */
#define BPF_ATOMIC_CMPXCHG 0xf1u /* imm of STX|ATOMIC */
#define BPF_CALL_SRC_HELPER 0x0u
#define BPF_CALL_SRC_LOCAL 0x1u
#define BPF_CALL_SRC_BTF_ID 0x2u
#define BPF_PROG_BASE 0x10000000u
#define BPF_STACK_BASE 0x20000000u
#define BPF_FRAME_SIZE 0x200u
#define BPF_MAX_DEPTH 0x8u
#define BPF_NUM_REGIONS 0x4u
#define BPF_IMEM_DEPTH 0x1000u
#define BPF_REGION_VALID 0x1u
#define BPF_REGION_WRITE 0x2u
#define BPF_FAULT_NONE 0x0u /* no fault */
#define BPF_FAULT_ILLEGAL_INSN 0x1u /* illegal instruction */
#define BPF_FAULT_PC_BOUNDS 0x2u /* jump, call or fall-through outside the program */
#define BPF_FAULT_LOAD_BOUNDS 0x3u /* load outside every readable region */
#define BPF_FAULT_STORE_BOUNDS 0x4u /* store or atomic outside every writable region */
#define BPF_FAULT_CALL_DEPTH 0x5u /* call nesting deeper than MAX_DEPTH frames */
#define BPF_FAULT_BUDGET 0x6u /* instruction budget exhausted */
#define BPF_FAULT_HELPER 0x7u /* helper call refused (unknown helper id or helper error) */
#define BPF_FAULT_ABORTED 0x8u /* stopped by the host */
#define BPF_STATE_IDLE 0x0u
#define BPF_STATE_RUNNING 0x1u
#define BPF_STATE_HELPER 0x2u
#define BPF_STATE_DONE 0x3u
#define BPF_STATE_FAULT 0x4u
#define BPF_STATE_CLEARING 0x5u
#define BPF_HELPER_RETURN 0x0u
#define BPF_HELPER_TAIL_CALL 0x1u
#define BPF_HELPER_FAULT 0x2u
#define BPF_HELPER_KIND_ID 0x0u
#define BPF_HELPER_KIND_BTF_ID 0x1u
#define BPF_CTL_ID 0x0u
#define BPF_CTL_VERSION 0x4u
#define BPF_CTL_CONFIG 0x8u
#define BPF_CTL_CTRL 0x10u
#define BPF_CTL_STATUS 0x14u
#define BPF_CTL_FAULT_CODE 0x18u
#define BPF_CTL_FAULT_PC 0x1cu
#define BPF_CTL_ENTRY_PC 0x20u
#define BPF_CTL_PROG_LEN 0x24u
#define BPF_CTL_BUDGET 0x28u
#define BPF_CTL_HELPER_KIND 0x2cu
#define BPF_CTL_HELPER_ID 0x30u
#define BPF_CTL_HELPER_PC 0x34u
#define BPF_CTL_HELPER_ACTION 0x38u
#define BPF_CTL_HELPER_ARG 0x3cu
#define BPF_CTL_PKT_BASE 0x40u
#define BPF_CTL_PKT_LEN 0x44u
#define BPF_CTL_REGION_BASE 0x80u
#define BPF_CTL_REGION_STRIDE 0x10u
#define BPF_CTL_REG_BASE 0x100u
#define BPF_CTL_CNT_BASE 0x180u
#define BPF_CTL_STACK_WIN 0x4000u
#define BPF_CTL_IMEM_BASE 0x8000u
#define BPF_CNT_CYCLES 0x0u
#define BPF_CNT_INSNS 0x1u
#define BPF_CNT_STALL_LOAD_USE 0x2u
#define BPF_CNT_STALL_BRANCH 0x3u
#define BPF_CNT_STALL_MULDIV 0x4u
#define BPF_CNT_STALL_HELPER 0x5u
#define BPF_CNT_STALL_MEM 0x6u
#define BPF_CNT_STALL_OTHER 0x7u
#define BPF_CNT_NUM 0x8u /* number of counters */
#define BPFSOC_VERSION_MAJOR 0x0u
#define BPFSOC_VERSION_MINOR 0x1u
#define BPF_CORE_ID_VALUE 0x65425046u /* 'eBPF' */

/* 1 for each opcode byte RFC 9669 defines and the core executes */
static const uint8_t bpf_opcode_legal[256] = {
    0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, /* 0x00 */
    0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, /* 0x10 */
    1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, /* 0x20 */
    1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, /* 0x30 */
    1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, /* 0x40 */
    1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, /* 0x50 */
    0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, /* 0x60 */
    0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, /* 0x70 */
    0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, /* 0x80 */
    0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, /* 0x90 */
    0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, /* 0xa0 */
    0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, /* 0xb0 */
    0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, /* 0xc0 */
    0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, /* 0xd0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0xe0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0xf0 */
};

static inline const char *bpf_fault_text(unsigned code)
{
    switch (code) {
    case 0: return "no fault";
    case 1: return "illegal instruction";
    case 2: return "jump, call or fall-through outside the program";
    case 3: return "load outside every readable region";
    case 4: return "store or atomic outside every writable region";
    case 5: return "call nesting deeper than MAX_DEPTH frames";
    case 6: return "instruction budget exhausted";
    case 7: return "helper call refused (unknown helper id or helper error)";
    case 8: return "stopped by the host";
    default: return "unknown fault";
    }
}

static inline const char *bpf_fault_name(unsigned code)
{
    switch (code) {
    case 0: return "NONE";
    case 1: return "ILLEGAL_INSN";
    case 2: return "PC_BOUNDS";
    case 3: return "LOAD_BOUNDS";
    case 4: return "STORE_BOUNDS";
    case 5: return "CALL_DEPTH";
    case 6: return "BUDGET";
    case 7: return "HELPER";
    case 8: return "ABORTED";
    default: return "UNKNOWN";
    }
}

#endif

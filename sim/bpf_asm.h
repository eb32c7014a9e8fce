/* bpf_asm.h: assembler and disassembler for the eBPF text syntax of the
 * bpf_conformance suite's .data files.
 *
 * An instruction slot is the little-endian 64-bit word of the RFC 9669
 * encoding: opcode | dst << 8 | src << 12 | (u16)offset << 16 |
 * (u64)(u32)imm << 32.  lddw takes two slots.  The syntax is described in
 * tests/data/README.md; in short:
 *
 *     mov %r0, 1            # ALU64; "mov32" is ALU, "mov64" also ALU64
 *     ldxw r1, [r1+4]       # registers with or without '%'
 *     jne %r0, -1, fail     # jump targets: a label or +N / -N slots
 *     lock fetch add32 [%r10-8], %r1
 *     call local func       # also: call helper 5, call 5, call %r2
 *     .quad 0x0000000000000095   # a raw slot, for illegal encodings
 *
 * The disassembler writes the same syntax, so that its text assembles back
 * to the same words.  Slots it cannot write that way (illegal or
 * non-canonical encodings) it writes as ".quad".
 */
#ifndef BPF_ASM_H
#define BPF_ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Assemble text.  On success returns 0, *insns is a malloc'd array (free
 * it) of *n slots.  On failure returns -1, *insns is NULL, and err (errlen
 * bytes, may be NULL) says what was wrong and on which line, quoting it:
 *     line 7: unknown mnemonic 'mvo' in "mvo %r0, 1"
 */
int bpf_asm(const char *text, uint64_t **insns, uint32_t *n, char *err, size_t errlen);

/* Options of bpf_asm_ex.  sz must be sizeof(struct bpf_asm_opts); fields
 * past the caller's sz are taken as 0. */
struct bpf_asm_opts {
	size_t sz;
	const char *name;    /* prefix of messages ("name:LINE: ..."), or NULL */
	unsigned first_line; /* line number of the text's first line (0: 1) */
};

/* bpf_asm with options: used to report lines of a file the text is part of. */
int bpf_asm_ex(const char *text, const struct bpf_asm_opts *opts, uint64_t **insns,
	       uint32_t *n, char *err, size_t errlen);

/* A whole token as a number: optional sign, then 0x-prefixed hex or
 * decimal digits.  Sets *neg and the magnitude *mag; false if the token is
 * not a number or does not fit in 64 bits. */
bool bpf_parse_number(const char *s, bool *neg, uint64_t *mag);

/* Disassemble the instruction at slot pc of insns[0..n) into buf (len
 * bytes, always NUL-terminated when len > 0).  Returns the slots it covers:
 * 2 for an lddw, 1 otherwise, 0 when pc >= n.  Jump and call targets are
 * written as relative offsets (+N / -N), so every line assembles on its own
 * back to the same slot(s).  80 bytes are always enough, including a
 * ".quad" line with its comment decoding the fields. */
unsigned bpf_disasm(const uint64_t *insns, uint32_t n, uint32_t pc, char *buf, size_t len);

/* Flags of bpf_disasm_prog and bpf_disasm_print. */
#define BPF_DISASM_PC 0x1u /* end each line with "# pc N" */

/* The whole program, one line per instruction, '\n'-terminated, as a
 * malloc'd string (free it); NULL when out of memory. */
char *bpf_disasm_prog(const uint64_t *insns, uint32_t n, unsigned flags);

/* The whole program to f, one line per instruction, each line preceded by
 * indent (may be NULL). */
void bpf_disasm_print(FILE *f, const uint64_t *insns, uint32_t n, unsigned flags,
		      const char *indent);

#ifdef __cplusplus
}
#endif

#endif

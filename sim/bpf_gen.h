/* bpf_gen.h: random valid eBPF programs for differential testing.
 *
 * A generated program has a main function, an optional second program that
 * helper 12 tail-calls into, and up to three local functions.  Loops are
 * bounded by a counter in r7, other jumps go forward, memory accesses are
 * computed into the regions the harness maps, and calls, helpers, callx,
 * atomics and the legacy packet loads all appear.  A few programs carry one
 * deliberate fault (bad opcode, out-of-bounds access, runaway recursion,
 * refused helper, small budget) so that faults are compared too.
 */
#ifndef BPF_GEN_H
#define BPF_GEN_H

#include <stdint.h>

#define BPF_GEN_MEM_BASE 0x40000000u /* region 0: read/write, also the packet */
#define BPF_GEN_MEM_LEN 256u
#define BPF_GEN_RO_BASE 0x50000000u  /* region 1: read-only */
#define BPF_GEN_RO_LEN 64u
#define BPF_GEN_MAX_SLOTS 1024u

struct bpf_gen_prog {
	uint64_t insns[BPF_GEN_MAX_SLOTS];
	uint32_t len;          /* slots */
	uint32_t tail_pc;      /* where helper 12 tail-calls to */
	uint32_t budget;
	uint64_t regs[10];     /* r0..r9 at start */
	uint8_t mem[BPF_GEN_MEM_LEN];
	uint8_t ro[BPF_GEN_RO_LEN];
	const char *fault_kind; /* the deliberate fault, or NULL */
};

/* Fill p from seed.  Deterministic: the same seed gives the same program. */
void bpf_gen(uint64_t seed, struct bpf_gen_prog *p);

/* The helper semantics the harness gives generated programs. */
#define BPF_GEN_HELPER_TAIL 12u
#define BPF_GEN_HELPER_BAD 99u
#define BPF_GEN_MAX_TAILS 2u

#endif

/* bpfcore.h: one C interface over the eBPF core, whichever engine runs it.
 *
 * Two engines implement it: the C reference model (ref_core.c), which
 * defines the semantics, and the Verilated RTL (rtl_core.cpp).  Both expose
 * the core's control registers exactly as the hardware does (offsets in
 * generated/bpf_defs.h, BPF_CTL_*), so a test drives either one the same
 * way and the differential tests compare them retirement by retirement.
 */
#ifndef BPFCORE_H
#define BPFCORE_H

#include <stddef.h>
#include <stdint.h>
#include "generated/bpf_defs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* External memory behind the data port: every region of the region table.
 * The core has already checked the access against its regions; the host
 * only stores bytes.  Little-endian, any alignment, size 1, 2, 4 or 8. */
struct bpfcore_mem {
	uint64_t (*read)(void *user, uint32_t addr, unsigned size);
	void (*write)(void *user, uint32_t addr, unsigned size, uint64_t val);
	void *user;
};

/* The simplest external memory: len bytes at base.  An access outside
 * them (which the core's bounds checks should never let through) reads 0,
 * writes nothing and sets stray. */
struct bpfcore_flat {
	uint32_t base;
	uint8_t *data;
	size_t len;
	int stray;
};

struct bpfcore_mem bpfcore_flat_mem(struct bpfcore_flat *f);

/* One retired instruction, in program order. */
struct bpfcore_retire {
	uint32_t pc;        /* slot index of the instruction */
	uint64_t insn;      /* its first (or only) 64-bit slot */
	uint8_t rd_valid;   /* a register was written ... */
	uint8_t rd;         /* ... this one (0..9; for atomics with FETCH, src or r0) */
	uint64_t rd_val;    /* ... with this value */
	uint8_t mem_valid;  /* a data access was made (stack or external) */
	uint8_t mem_write;  /* 1: store or atomic (mem_data is what was written) */
	uint8_t mem_size;   /* bytes: 1, 2, 4 or 8 */
	uint32_t mem_addr;
	uint64_t mem_data;  /* loaded value (zero-extended, before MEMSX) or stored value */
};

typedef void (*bpfcore_retire_fn)(void *user, const struct bpfcore_retire *r);

struct bpfcore;

struct bpfcore_ops {
	const char *name;
	void (*ctl_write)(struct bpfcore *c, uint32_t off, uint32_t val);
	uint32_t (*ctl_read)(struct bpfcore *c, uint32_t off);
	/* Advance until the core is neither RUNNING nor CLEARING, or until
	 * max_cycles clock cycles (the model: instructions) have passed.
	 * Returns the state (BPF_STATE_*). */
	unsigned (*run)(struct bpfcore *c, uint64_t max_cycles);
	void (*destroy)(struct bpfcore *c);
};

struct bpfcore {
	const struct bpfcore_ops *ops;
	struct bpfcore_mem mem;
	bpfcore_retire_fn on_retire; /* may be NULL */
	void *retire_user;
};

enum bpfcore_engine { BPFCORE_REF, BPFCORE_RTL };

/* Engines.  bpfcore_rtl_new returns NULL when the RTL model was not built. */
struct bpfcore *bpfcore_ref_new(const struct bpfcore_mem *mem);

/* Whether the core executes insn at slot pc of a program of prog_len
 * slots, or stops with fault ILLEGAL_INSN (docs/isa.md, "Legal
 * instructions"; the reference model's own rule, for loaders' checks). */
int bpfcore_insn_legal(uint64_t insn, uint32_t pc, uint32_t prog_len);
struct bpfcore *bpfcore_rtl_new(const struct bpfcore_mem *mem);
struct bpfcore *bpfcore_new(enum bpfcore_engine e, const struct bpfcore_mem *mem);
void bpfcore_free(struct bpfcore *c);

/* Register-level conveniences, the same for both engines (bpfcore.c). */
void bpfcore_write(struct bpfcore *c, uint32_t off, uint32_t val);
uint32_t bpfcore_read(struct bpfcore *c, uint32_t off);
void bpfcore_load(struct bpfcore *c, uint32_t slot, const uint64_t *insns, uint32_t n);
void bpfcore_set_reg(struct bpfcore *c, unsigned r, uint64_t v);
uint64_t bpfcore_get_reg(struct bpfcore *c, unsigned r);
uint64_t bpfcore_counter(struct bpfcore *c, unsigned n);
void bpfcore_set_region(struct bpfcore *c, unsigned n, uint32_t base, uint32_t size,
			uint32_t flags);
void bpfcore_set_packet(struct bpfcore *c, uint32_t base, uint32_t len);
unsigned bpfcore_state(struct bpfcore *c);
void bpfcore_clear_stack(struct bpfcore *c);

/* How a run ended. */
struct bpfcore_result {
	unsigned state;      /* BPF_STATE_DONE or BPF_STATE_FAULT */
	unsigned fault;      /* BPF_FAULT_* */
	uint32_t pc;         /* pc of the fault or of the final exit */
	uint64_t r0;
};

/* A helper call: id and r1..r5 in, r0 out.  Return BPF_HELPER_RETURN,
 * BPF_HELPER_TAIL_CALL (with *tail_pc set) or BPF_HELPER_FAULT. */
typedef unsigned (*bpfcore_helper_fn)(void *user, struct bpfcore *c, uint32_t id,
				      const uint64_t args[5], uint64_t *r0,
				      uint32_t *tail_pc);

/* Start at entry, service helper calls with fn until the program exits or
 * faults.  max_cycles bounds the whole run (0: no bound beyond the budget). */
struct bpfcore_result bpfcore_exec(struct bpfcore *c, uint32_t entry,
				   bpfcore_helper_fn fn, void *user, uint64_t max_cycles);

#ifdef __cplusplus
}
#endif

#endif

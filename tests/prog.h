/* prog.h: a tiny eBPF program builder for the core's Criterion tests
 * (test_core.c, test_stackwin.c), and the two engines they run on.  Needs
 * criterion.h, bpf_insn.h and bpfcore.h included first. */
#ifndef TESTS_PROG_H
#define TESTS_PROG_H

struct prog {
	uint64_t w[512];
	uint32_t n;
};

static inline void put(struct prog *p, uint64_t w)
{
	cr_assert_lt(p->n, 512);
	p->w[p->n++] = w;
}

static inline void put_lddw(struct prog *p, unsigned dst, uint64_t v)
{
	cr_assert_lt(p->n + 1, 512);
	bpf_lddw(&p->w[p->n], dst, v);
	p->n += 2;
}

#define ALU64_K(code, d, imm) bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU64, BPF_ALU_##code, BPF_SRC_K), d, 0, 0, imm)
#define ALU64_X(code, d, s) bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU64, BPF_ALU_##code, BPF_SRC_X), d, s, 0, 0)
#define JMP_K(code, d, imm, off) bpf_insn(BPF_OP_JMP(BPF_CLASS_JMP, BPF_JMP_##code, BPF_SRC_K), d, 0, off, imm)
#define LDX(size, d, s, off) bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, BPF_MODE_MEM, BPF_SIZE_##size), d, s, off, 0)
#define STX(size, d, s, off) bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_MEM, BPF_SIZE_##size), d, s, off, 0)
#define ST(size, d, off, imm) bpf_insn(BPF_OP_MEM(BPF_CLASS_ST, BPF_MODE_MEM, BPF_SIZE_##size), d, 0, off, imm)
#define CALL_HELPER(id) bpf_insn(BPF_OP_CALL, 0, BPF_CALL_SRC_HELPER, 0, id)
#define CALL_LOCAL(rel) bpf_insn(BPF_OP_CALL, 0, BPF_CALL_SRC_LOCAL, 0, rel)
#define EXIT bpf_exit()
#define MOV(d, imm) bpf_mov64_imm(d, imm)

static const enum bpfcore_engine engines[] = { BPFCORE_RTL, BPFCORE_REF };
static const char *engine_names[] = { "rtl", "ref" };
#define EACH_ENGINE for (unsigned e = 0; e < 2; e++)

#endif

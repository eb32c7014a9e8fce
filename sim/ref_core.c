/* ref_core.c: the C reference model of the bpfsoc eBPF core.
 *
 * This file defines what the core does.  It executes RFC 9669 eBPF one
 * instruction per step and exposes the same control registers as the RTL
 * (spec/bpfsoc.toml, [core.ctl]), so tests drive it exactly as they drive
 * the hardware.  docs/isa.md says in words what this file says in code;
 * where the RTL disagrees with this file, one of them has a bug.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bpfcore.h"

#define STACK_BYTES (BPF_MAX_DEPTH * BPF_FRAME_SIZE)

struct frame {
	uint32_t ret_pc;
	uint64_t saved[4]; /* r6..r9 */
};

struct ref_core {
	struct bpfcore base;

	uint64_t imem[BPF_IMEM_DEPTH];
	uint8_t stack[STACK_BYTES];
	uint64_t r[11];
	struct frame frames[BPF_MAX_DEPTH];
	unsigned depth;
	uint32_t pc;

	unsigned state;
	uint32_t fault_code, fault_pc;
	uint32_t entry_pc, prog_len, budget;
	uint32_t helper_id, helper_kind, helper_pc, helper_action, helper_arg;
	uint32_t pkt_base, pkt_len;
	uint32_t region[BPF_NUM_REGIONS][3]; /* base, size, flags */
	uint64_t cnt[BPF_CNT_NUM];
};

/* ------------------------------------------------------------------------
 * Instruction fields
 * ---------------------------------------------------------------------- */
static inline unsigned op_of(uint64_t i) { return i & 0xff; }
static inline unsigned dst_of(uint64_t i) { return (i >> 8) & 0xf; }
static inline unsigned src_of(uint64_t i) { return (i >> 12) & 0xf; }
static inline int16_t off_of(uint64_t i) { return (int16_t)(i >> 16); }
static inline int32_t imm_of(uint64_t i) { return (int32_t)(i >> 32); }

static inline unsigned cls_of(unsigned op) { return op & 0x7; }
static inline unsigned code_of(unsigned op) { return op >> 4; }
static inline unsigned size_of(unsigned op) { return (op >> 3) & 0x3; }
static inline unsigned mode_of(unsigned op) { return op >> 5; }
static inline bool is_x(unsigned op) { return op & BPF_SRC_X; }

static unsigned size_bytes(unsigned sz)
{
	switch (sz) {
	case BPF_SIZE_B: return 1;
	case BPF_SIZE_H: return 2;
	case BPF_SIZE_W: return 4;
	default: return 8;
	}
}

static uint32_t prog_limit(const struct ref_core *c)
{
	return c->prog_len < BPF_IMEM_DEPTH ? c->prog_len : BPF_IMEM_DEPTH;
}

/* The register a callx names: dst, or src when dst is 0. */
static unsigned callx_reg(uint64_t insn)
{
	return dst_of(insn) ? dst_of(insn) : src_of(insn);
}

static bool atomic_imm_legal(int32_t imm)
{
	switch (imm) {
	case BPF_ATOMIC_ADD: case BPF_ATOMIC_ADD | BPF_ATOMIC_FETCH:
	case BPF_ATOMIC_OR: case BPF_ATOMIC_OR | BPF_ATOMIC_FETCH:
	case BPF_ATOMIC_AND: case BPF_ATOMIC_AND | BPF_ATOMIC_FETCH:
	case BPF_ATOMIC_XOR: case BPF_ATOMIC_XOR | BPF_ATOMIC_FETCH:
	case BPF_ATOMIC_XCHG: case BPF_ATOMIC_CMPXCHG:
		return true;
	default:
		return false;
	}
}

/* docs/isa.md, "Legal instructions".  pc is needed for lddw's second slot. */
static bool insn_legal(uint32_t limit, uint64_t insn, uint32_t pc)
{
	unsigned op = op_of(insn), dst = dst_of(insn), src = src_of(insn);
	int16_t off = off_of(insn);
	int32_t imm = imm_of(insn);

	if (!bpf_opcode_legal[op])
		return false;

	switch (cls_of(op)) {
	case BPF_CLASS_ALU:
	case BPF_CLASS_ALU64: {
		unsigned code = code_of(op);
		bool alu64 = cls_of(op) == BPF_CLASS_ALU64;
		if (dst > 9)
			return false;
		if (code == BPF_ALU_END)
			return off == 0 && (imm == 16 || imm == 32 || imm == 64);
		if (is_x(op) && src > 10)
			return false;
		if (code == BPF_ALU_DIV || code == BPF_ALU_MOD)
			return off == 0 || off == 1;
		if (code == BPF_ALU_MOV && is_x(op))
			return off == 0 || off == 8 || off == 16 || (alu64 && off == 32);
		return off == 0;
	}
	case BPF_CLASS_JMP:
	case BPF_CLASS_JMP32: {
		unsigned code = code_of(op);
		if (code == BPF_JMP_JA || code == BPF_JMP_EXIT)
			return true;
		if (code == BPF_JMP_CALL) {
			if (is_x(op))
				return callx_reg(insn) <= 10;
			return src == BPF_CALL_SRC_HELPER || src == BPF_CALL_SRC_LOCAL ||
			       src == BPF_CALL_SRC_BTF_ID;
		}
		if (dst > 10)
			return false;
		return !is_x(op) || src <= 10;
	}
	case BPF_CLASS_LD:
		if (mode_of(op) == BPF_MODE_IMM)
			return src == 0 && dst <= 9 && pc + 1 < limit;
		if (mode_of(op) == BPF_MODE_IND)
			return src <= 10;
		return true; /* ABS */
	case BPF_CLASS_LDX:
		return dst <= 9 && src <= 10;
	case BPF_CLASS_ST:
		return dst <= 10;
	case BPF_CLASS_STX:
		if (dst > 10 || src > 10)
			return false;
		if (mode_of(op) == BPF_MODE_ATOMIC) {
			if (!atomic_imm_legal(imm))
				return false;
			/* FETCH forms other than CMPXCHG write src */
			if ((imm & BPF_ATOMIC_FETCH) && imm != (int32_t)BPF_ATOMIC_CMPXCHG && src == 10)
				return false;
		}
		return true;
	default:
		return false;
	}
}

int bpfcore_insn_legal(uint64_t insn, uint32_t pc, uint32_t prog_len)
{
	return insn_legal(prog_len < BPF_IMEM_DEPTH ? prog_len : BPF_IMEM_DEPTH, insn, pc);
}

/* ------------------------------------------------------------------------
 * Memory: the stack inside the core, the regions outside it
 * ---------------------------------------------------------------------- */
enum where { NOWHERE, STACK, EXTERNAL };

static enum where locate(const struct ref_core *c, uint64_t addr, unsigned n, bool write)
{
	if (addr >> 32)
		return NOWHERE;
	uint64_t end = addr + n;
	uint64_t stack_end = BPF_STACK_BASE + (uint64_t)(c->depth + 1) * BPF_FRAME_SIZE;
	if (addr >= BPF_STACK_BASE && end <= stack_end)
		return STACK;
	for (unsigned i = 0; i < BPF_NUM_REGIONS; i++) {
		uint32_t base = c->region[i][0], size = c->region[i][1], flags = c->region[i][2];
		if (!(flags & BPF_REGION_VALID))
			continue;
		if (write && !(flags & BPF_REGION_WRITE))
			continue;
		if (addr >= base && end <= (uint64_t)base + size)
			return EXTERNAL;
	}
	return NOWHERE;
}

static uint64_t mem_read(struct ref_core *c, enum where w, uint32_t addr, unsigned n)
{
	uint64_t v = 0;
	if (w == STACK) {
		for (unsigned i = 0; i < n; i++)
			v |= (uint64_t)c->stack[addr - BPF_STACK_BASE + i] << (8 * i);
		return v;
	}
	return c->base.mem.read(c->base.mem.user, addr, n);
}

static void mem_write(struct ref_core *c, enum where w, uint32_t addr, unsigned n, uint64_t v)
{
	if (w == STACK) {
		for (unsigned i = 0; i < n; i++)
			c->stack[addr - BPF_STACK_BASE + i] = v >> (8 * i);
		return;
	}
	c->base.mem.write(c->base.mem.user, addr, n, v);
}

static uint64_t mask_bytes(uint64_t v, unsigned n)
{
	return n == 8 ? v : v & ((1ull << (8 * n)) - 1);
}

static uint64_t sext(uint64_t v, unsigned bits)
{
	unsigned s = 64 - bits;
	return (uint64_t)((int64_t)(v << s) >> s);
}

static uint64_t bswap(uint64_t v, unsigned bits)
{
	uint64_t out = 0;
	for (unsigned i = 0; i < bits / 8; i++)
		out |= ((v >> (8 * i)) & 0xff) << (bits - 8 - 8 * i);
	return out;
}

/* ------------------------------------------------------------------------
 * Arithmetic: RFC 9669 section 4.1, each edge case where it happens
 * ---------------------------------------------------------------------- */
static uint64_t alu64(unsigned code, bool sgn, int16_t off, uint64_t d, uint64_t s)
{
	switch (code) {
	case BPF_ALU_ADD: return d + s;
	case BPF_ALU_SUB: return d - s;
	case BPF_ALU_MUL: return d * s;
	case BPF_ALU_DIV:
		if (s == 0)
			return 0;                      /* division by zero gives 0 */
		if (!sgn)
			return d / s;
		if ((int64_t)d == INT64_MIN && (int64_t)s == -1)
			return d;                      /* INT_MIN / -1 wraps to INT_MIN */
		return (uint64_t)((int64_t)d / (int64_t)s);
	case BPF_ALU_MOD:
		if (s == 0)
			return d;                      /* modulo by zero leaves dst */
		if (!sgn)
			return d % s;
		if ((int64_t)s == -1)
			return 0;                      /* INT_MIN % -1 is 0 */
		return (uint64_t)((int64_t)d % (int64_t)s);
	case BPF_ALU_OR: return d | s;
	case BPF_ALU_AND: return d & s;
	case BPF_ALU_LSH: return d << (s & 63);
	case BPF_ALU_RSH: return d >> (s & 63);
	case BPF_ALU_NEG: return -d;
	case BPF_ALU_XOR: return d ^ s;
	case BPF_ALU_MOV:
		return off ? sext(s, off) : s;         /* MOVSX 8/16/32 */
	case BPF_ALU_ARSH: return (uint64_t)((int64_t)d >> (s & 63));
	default: return 0;
	}
}

static uint32_t alu32(unsigned code, bool sgn, int16_t off, uint32_t d, uint32_t s)
{
	switch (code) {
	case BPF_ALU_ADD: return d + s;
	case BPF_ALU_SUB: return d - s;
	case BPF_ALU_MUL: return d * s;
	case BPF_ALU_DIV:
		if (s == 0)
			return 0;
		if (!sgn)
			return d / s;
		if ((int32_t)d == INT32_MIN && (int32_t)s == -1)
			return d;
		return (uint32_t)((int32_t)d / (int32_t)s);
	case BPF_ALU_MOD:
		if (s == 0)
			return d;                      /* upper half zeroed by the caller */
		if (!sgn)
			return d % s;
		if ((int32_t)s == -1)
			return 0;
		return (uint32_t)((int32_t)d % (int32_t)s);
	case BPF_ALU_OR: return d | s;
	case BPF_ALU_AND: return d & s;
	case BPF_ALU_LSH: return d << (s & 31);
	case BPF_ALU_RSH: return d >> (s & 31);
	case BPF_ALU_NEG: return -d;
	case BPF_ALU_XOR: return d ^ s;
	case BPF_ALU_MOV:
		return off ? (uint32_t)sext(s, off) : s;
	case BPF_ALU_ARSH: return (uint32_t)((int32_t)d >> (s & 31));
	default: return 0;
	}
}

static uint64_t byteswap_op(unsigned cls, bool to_be, int32_t width, uint64_t d)
{
	if (cls == BPF_CLASS_ALU && !to_be)  /* TO_LE on a little-endian core */
		return width == 64 ? d : mask_bytes(d, width / 8);
	return bswap(mask_bytes(d, width / 8), width);
}

static bool jump_taken(unsigned code, bool wide, uint64_t d, uint64_t s)
{
	if (!wide) {
		d = (uint32_t)d;
		s = (uint32_t)s;
	}
	int64_t sd = wide ? (int64_t)d : (int32_t)d;
	int64_t ss = wide ? (int64_t)s : (int32_t)s;
	switch (code) {
	case BPF_JMP_JEQ: return d == s;
	case BPF_JMP_JGT: return d > s;
	case BPF_JMP_JGE: return d >= s;
	case BPF_JMP_JSET: return (d & s) != 0;
	case BPF_JMP_JNE: return d != s;
	case BPF_JMP_JSGT: return sd > ss;
	case BPF_JMP_JSGE: return sd >= ss;
	case BPF_JMP_JLT: return d < s;
	case BPF_JMP_JLE: return d <= s;
	case BPF_JMP_JSLT: return sd < ss;
	case BPF_JMP_JSLE: return sd <= ss;
	default: return false;
	}
}

/* ------------------------------------------------------------------------
 * Execution
 * ---------------------------------------------------------------------- */
static void fault(struct ref_core *c, unsigned code, uint32_t pc)
{
	c->state = BPF_STATE_FAULT;
	c->fault_code = code;
	c->fault_pc = pc;
}

static void retire(struct ref_core *c, struct bpfcore_retire *rec)
{
	c->cnt[BPF_CNT_INSNS]++;
	c->cnt[BPF_CNT_CYCLES]++;
	if (rec->rd_valid)
		c->r[rec->rd] = rec->rd_val;
	if (c->base.on_retire)
		c->base.on_retire(c->base.retire_user, rec);
}

static void set_r10(struct ref_core *c)
{
	c->r[10] = BPF_STACK_BASE + (uint64_t)(c->depth + 1) * BPF_FRAME_SIZE;
}

static void local_call(struct ref_core *c, struct bpfcore_retire *rec, uint32_t target)
{
	if (c->depth + 1 == BPF_MAX_DEPTH) {
		fault(c, BPF_FAULT_CALL_DEPTH, c->pc);
		return;
	}
	struct frame *f = &c->frames[c->depth];
	f->ret_pc = c->pc + 1;
	memcpy(f->saved, &c->r[6], sizeof f->saved);
	c->depth++;
	set_r10(c);
	c->pc = target;
	retire(c, rec);
}

static void do_exit(struct ref_core *c, struct bpfcore_retire *rec)
{
	if (c->depth == 0) {
		c->state = BPF_STATE_DONE;
		c->fault_code = BPF_FAULT_NONE;
		c->fault_pc = c->pc;
		retire(c, rec);
		return;
	}
	c->depth--;
	struct frame *f = &c->frames[c->depth];
	memcpy(&c->r[6], f->saved, sizeof f->saved);
	set_r10(c);
	c->pc = f->ret_pc;
	retire(c, rec);
}

static void exec_jmp(struct ref_core *c, uint64_t insn, struct bpfcore_retire *rec)
{
	unsigned op = op_of(insn), code = code_of(op);
	bool wide = cls_of(op) == BPF_CLASS_JMP;
	int32_t imm = imm_of(insn);

	switch (code) {
	case BPF_JMP_JA:
		c->pc += 1 + (wide ? off_of(insn) : imm);
		retire(c, rec);
		return;
	case BPF_JMP_EXIT:
		do_exit(c, rec);
		return;
	case BPF_JMP_CALL: {
		if (is_x(op)) {
			uint64_t v = c->r[callx_reg(insn)];
			uint64_t lo = BPF_PROG_BASE, hi = lo + 8ull * prog_limit(c);
			if (v >= lo && v < hi && (v & 7) == 0) {
				local_call(c, rec, (uint32_t)((v - lo) / 8));
				return;
			}
			c->helper_id = (uint32_t)v;
			c->helper_kind = BPF_HELPER_KIND_ID;
		} else if (src_of(insn) == BPF_CALL_SRC_LOCAL) {
			local_call(c, rec, c->pc + 1 + imm);
			return;
		} else {
			c->helper_id = (uint32_t)imm;
			c->helper_kind = src_of(insn) == BPF_CALL_SRC_BTF_ID ? BPF_HELPER_KIND_BTF_ID
									      : BPF_HELPER_KIND_ID;
		}
		/* A helper call stops the core; RESUME retires it. */
		c->helper_pc = c->pc;
		c->state = BPF_STATE_HELPER;
		return;
	}
	default: {
		uint64_t d = c->r[dst_of(insn)];
		uint64_t s = is_x(op) ? c->r[src_of(insn)]
				      : (wide ? (uint64_t)(int64_t)imm : (uint32_t)imm);
		c->pc += jump_taken(code, wide, d, s) ? 1 + off_of(insn) : 1;
		retire(c, rec);
		return;
	}
	}
}

static void exec_alu(struct ref_core *c, uint64_t insn, struct bpfcore_retire *rec)
{
	unsigned op = op_of(insn), code = code_of(op), dst = dst_of(insn);
	int16_t off = off_of(insn);
	int32_t imm = imm_of(insn);
	uint64_t d = c->r[dst], v;

	if (code == BPF_ALU_END) {
		v = byteswap_op(cls_of(op), is_x(op), imm, d);
	} else if (cls_of(op) == BPF_CLASS_ALU64) {
		uint64_t s = is_x(op) ? c->r[src_of(insn)] : (uint64_t)(int64_t)imm;
		v = alu64(code, off == 1, code == BPF_ALU_MOV ? off : 0, d, s);
	} else {
		uint32_t s = is_x(op) ? (uint32_t)c->r[src_of(insn)] : (uint32_t)imm;
		v = alu32(code, off == 1, code == BPF_ALU_MOV ? off : 0, (uint32_t)d, s);
	}
	rec->rd_valid = 1;
	rec->rd = dst;
	rec->rd_val = v;
	c->pc++;
	retire(c, rec);
}

static void exec_lddw(struct ref_core *c, uint64_t insn, struct bpfcore_retire *rec)
{
	uint64_t next = c->imem[c->pc + 1];
	rec->rd_valid = 1;
	rec->rd = dst_of(insn);
	rec->rd_val = (uint32_t)imm_of(insn) | (uint64_t)(uint32_t)imm_of(next) << 32;
	c->pc += 2;
	retire(c, rec);
}

/* LD_ABS / LD_IND: classic BPF packet loads, big-endian into r0. */
static void exec_ld_packet(struct ref_core *c, uint64_t insn, struct bpfcore_retire *rec)
{
	unsigned op = op_of(insn), n = size_bytes(size_of(op));
	uint32_t offset = (uint32_t)imm_of(insn);
	if (mode_of(op) == BPF_MODE_IND)
		offset += (uint32_t)c->r[src_of(insn)];

	rec->rd_valid = 1;
	rec->rd = 0;
	if ((uint64_t)offset + n > c->pkt_len) {
		/* out of the packet: the program ends with r0 = 0 */
		rec->rd_val = 0;
		c->state = BPF_STATE_DONE;
		c->fault_code = BPF_FAULT_NONE;
		c->fault_pc = c->pc;
		retire(c, rec);
		return;
	}
	uint32_t addr = c->pkt_base + offset;
	uint64_t raw = c->base.mem.read(c->base.mem.user, addr, n);
	rec->mem_valid = 1;
	rec->mem_size = n;
	rec->mem_addr = addr;
	rec->mem_data = raw;
	rec->rd_val = bswap(raw, 8 * n);
	c->pc++;
	retire(c, rec);
}

static void exec_load(struct ref_core *c, uint64_t insn, struct bpfcore_retire *rec)
{
	unsigned op = op_of(insn), n = size_bytes(size_of(op));
	uint64_t addr = c->r[src_of(insn)] + (int64_t)off_of(insn);
	enum where w = locate(c, addr, n, false);
	if (w == NOWHERE) {
		fault(c, BPF_FAULT_LOAD_BOUNDS, c->pc);
		return;
	}
	uint64_t raw = mem_read(c, w, (uint32_t)addr, n);
	rec->mem_valid = 1;
	rec->mem_size = n;
	rec->mem_addr = (uint32_t)addr;
	rec->mem_data = raw;
	rec->rd_valid = 1;
	rec->rd = dst_of(insn);
	rec->rd_val = mode_of(op) == BPF_MODE_MEMSX ? sext(raw, 8 * n) : raw;
	c->pc++;
	retire(c, rec);
}

static uint64_t atomic_apply(int32_t imm, uint64_t old, uint64_t s)
{
	switch (imm & ~BPF_ATOMIC_FETCH) {
	case BPF_ATOMIC_ADD: return old + s;
	case BPF_ATOMIC_OR: return old | s;
	case BPF_ATOMIC_AND: return old & s;
	case BPF_ATOMIC_XOR: return old ^ s;
	default: return s; /* XCHG */
	}
}

static void exec_store(struct ref_core *c, uint64_t insn, struct bpfcore_retire *rec)
{
	unsigned op = op_of(insn), n = size_bytes(size_of(op));
	uint64_t addr = c->r[dst_of(insn)] + (int64_t)off_of(insn);
	enum where w = locate(c, addr, n, true);
	if (w == NOWHERE) {
		fault(c, BPF_FAULT_STORE_BOUNDS, c->pc);
		return;
	}
	uint64_t v;
	rec->mem_valid = 1;
	rec->mem_write = 1;
	rec->mem_size = n;
	rec->mem_addr = (uint32_t)addr;

	if (cls_of(op) == BPF_CLASS_ST) {
		v = (uint64_t)(int64_t)imm_of(insn);
	} else if (mode_of(op) == BPF_MODE_MEM) {
		v = c->r[src_of(insn)];
	} else {
		int32_t imm = imm_of(insn);
		unsigned src = src_of(insn);
		uint64_t old = mem_read(c, w, (uint32_t)addr, n);
		uint64_t s = mask_bytes(c->r[src], n);
		if (imm == (int32_t)BPF_ATOMIC_CMPXCHG) {
			v = old == mask_bytes(c->r[0], n) ? s : old;
			rec->rd_valid = 1;
			rec->rd = 0;
			rec->rd_val = old;
		} else {
			v = atomic_apply(imm, old, s);
			if (imm & BPF_ATOMIC_FETCH) {
				rec->rd_valid = 1;
				rec->rd = src;
				rec->rd_val = old;
			}
		}
	}
	v = mask_bytes(v, n);
	rec->mem_data = v;
	mem_write(c, w, (uint32_t)addr, n, v);
	c->pc++;
	retire(c, rec);
}

static void step(struct ref_core *c)
{
	if (c->cnt[BPF_CNT_INSNS] >= c->budget) {
		fault(c, BPF_FAULT_BUDGET, c->pc);
		return;
	}
	if (c->pc >= prog_limit(c)) {
		fault(c, BPF_FAULT_PC_BOUNDS, c->pc);
		return;
	}
	uint64_t insn = c->imem[c->pc];
	if (!insn_legal(prog_limit(c), insn, c->pc)) {
		fault(c, BPF_FAULT_ILLEGAL_INSN, c->pc);
		return;
	}

	struct bpfcore_retire rec = { .pc = c->pc, .insn = insn };
	unsigned op = op_of(insn);
	switch (cls_of(op)) {
	case BPF_CLASS_ALU:
	case BPF_CLASS_ALU64:
		exec_alu(c, insn, &rec);
		break;
	case BPF_CLASS_JMP:
	case BPF_CLASS_JMP32:
		exec_jmp(c, insn, &rec);
		break;
	case BPF_CLASS_LD:
		if (mode_of(op) == BPF_MODE_IMM)
			exec_lddw(c, insn, &rec);
		else
			exec_ld_packet(c, insn, &rec);
		break;
	case BPF_CLASS_LDX:
		exec_load(c, insn, &rec);
		break;
	default:
		exec_store(c, insn, &rec);
		break;
	}
}

/* The host answered a helper call: retire it, or fault. */
static void resume(struct ref_core *c)
{
	uint64_t insn = c->imem[c->helper_pc];
	struct bpfcore_retire rec = { .pc = c->helper_pc, .insn = insn };

	switch (c->helper_action) {
	case BPF_HELPER_RETURN:
		rec.rd_valid = 1;
		rec.rd = 0;
		rec.rd_val = c->r[0];
		c->pc = c->helper_pc + 1;
		c->state = BPF_STATE_RUNNING;
		retire(c, &rec);
		break;
	case BPF_HELPER_TAIL_CALL:
		c->depth = 0;
		set_r10(c);
		c->pc = c->helper_arg;
		c->state = BPF_STATE_RUNNING;
		retire(c, &rec);
		break;
	default:
		fault(c, BPF_FAULT_HELPER, c->helper_pc);
		break;
	}
}

/* ------------------------------------------------------------------------
 * Control registers
 * ---------------------------------------------------------------------- */
static bool busy(const struct ref_core *c)
{
	return c->state == BPF_STATE_RUNNING || c->state == BPF_STATE_CLEARING;
}

static void start(struct ref_core *c, int keep_counters)
{
	if (!keep_counters)
		memset(c->cnt, 0, sizeof c->cnt);
	c->depth = 0;
	set_r10(c);
	c->pc = c->entry_pc;
	c->fault_code = BPF_FAULT_NONE;
	c->fault_pc = 0;
	c->state = BPF_STATE_RUNNING;
}

/* The stack window: the 32-bit word at stack offset (off - STACK_WIN)
 * rounded down to a multiple of 4, little-endian. */
static bool in_stack_win(uint32_t off)
{
	return off >= BPF_CTL_STACK_WIN && off - BPF_CTL_STACK_WIN < STACK_BYTES;
}

static uint8_t *stack_word(struct ref_core *c, uint32_t off)
{
	return &c->stack[(off - BPF_CTL_STACK_WIN) & ~3u];
}

static void ref_ctl_write(struct bpfcore *bc, uint32_t off, uint32_t val)
{
	struct ref_core *c = (struct ref_core *)bc;

	if (off == BPF_CTL_CTRL) {
		if ((val & 4) && (c->state == BPF_STATE_RUNNING || c->state == BPF_STATE_HELPER))
			fault(c, BPF_FAULT_ABORTED,
			      c->state == BPF_STATE_HELPER ? c->helper_pc : c->pc);
		else if ((val & 2) && c->state == BPF_STATE_HELPER)
			resume(c);
		else if ((val & 1) && !busy(c))
			start(c, !!(val & 16));
		else if ((val & 8) && !busy(c)) {
			memset(c->stack, 0, sizeof c->stack);
			c->state = BPF_STATE_CLEARING;
		}
		return;
	}
	if (busy(c))
		return;
	if (in_stack_win(off)) {
		uint8_t *p = stack_word(c, off);
		for (unsigned i = 0; i < 4; i++)
			p[i] = val >> (8 * i);
		return;
	}
	if (off >= BPF_CTL_IMEM_BASE) {
		uint32_t slot = (off - BPF_CTL_IMEM_BASE) / 8;
		if (slot >= BPF_IMEM_DEPTH)
			return;
		if (off & 4)
			c->imem[slot] = (c->imem[slot] & 0xffffffffull) | (uint64_t)val << 32;
		else
			c->imem[slot] = (c->imem[slot] & ~0xffffffffull) | val;
		return;
	}
	if (off >= BPF_CTL_REG_BASE && off < BPF_CTL_REG_BASE + 11 * 8) {
		unsigned r = (off - BPF_CTL_REG_BASE) / 8;
		if (off & 4)
			c->r[r] = (c->r[r] & 0xffffffffull) | (uint64_t)val << 32;
		else
			c->r[r] = (c->r[r] & ~0xffffffffull) | val;
		return;
	}
	if (off >= BPF_CTL_REGION_BASE &&
	    off < BPF_CTL_REGION_BASE + BPF_NUM_REGIONS * BPF_CTL_REGION_STRIDE) {
		unsigned n = (off - BPF_CTL_REGION_BASE) / BPF_CTL_REGION_STRIDE;
		unsigned f = (off % BPF_CTL_REGION_STRIDE) / 4;
		if (f < 3)
			c->region[n][f] = val;
		return;
	}
	switch (off) {
	case BPF_CTL_ENTRY_PC: c->entry_pc = val; break;
	case BPF_CTL_PROG_LEN: c->prog_len = val; break;
	case BPF_CTL_BUDGET: c->budget = val; break;
	case BPF_CTL_HELPER_ACTION: c->helper_action = val; break;
	case BPF_CTL_HELPER_ARG: c->helper_arg = val; break;
	case BPF_CTL_PKT_BASE: c->pkt_base = val; break;
	case BPF_CTL_PKT_LEN: c->pkt_len = val; break;
	default: break;
	}
}

static uint32_t ref_ctl_read(struct bpfcore *bc, uint32_t off)
{
	struct ref_core *c = (struct ref_core *)bc;

	if (in_stack_win(off)) {
		/* the stack belongs to the program (or to CLEAR_STACK) while busy */
		if (busy(c))
			return 0;
		const uint8_t *p = stack_word(c, off);
		return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		       (uint32_t)p[3] << 24;
	}
	if (off >= BPF_CTL_REG_BASE && off < BPF_CTL_REG_BASE + 11 * 8) {
		uint64_t v = c->r[(off - BPF_CTL_REG_BASE) / 8];
		return off & 4 ? v >> 32 : (uint32_t)v;
	}
	if (off >= BPF_CTL_CNT_BASE && off < BPF_CTL_CNT_BASE + BPF_CNT_NUM * 8) {
		uint64_t v = c->cnt[(off - BPF_CTL_CNT_BASE) / 8];
		return off & 4 ? v >> 32 : (uint32_t)v;
	}
	if (off >= BPF_CTL_REGION_BASE &&
	    off < BPF_CTL_REGION_BASE + BPF_NUM_REGIONS * BPF_CTL_REGION_STRIDE) {
		unsigned n = (off - BPF_CTL_REGION_BASE) / BPF_CTL_REGION_STRIDE;
		unsigned f = (off % BPF_CTL_REGION_STRIDE) / 4;
		return f < 3 ? c->region[n][f] : 0;
	}
	switch (off) {
	case BPF_CTL_ID: return BPF_CORE_ID_VALUE;
	case BPF_CTL_VERSION: return BPFSOC_VERSION_MAJOR << 16 | BPFSOC_VERSION_MINOR;
	case BPF_CTL_CONFIG:
		return BPF_IMEM_DEPTH | BPF_MAX_DEPTH << 16 | BPF_NUM_REGIONS << 20;
	case BPF_CTL_STATUS: return c->state;
	case BPF_CTL_FAULT_CODE: return c->fault_code;
	case BPF_CTL_FAULT_PC: return c->fault_pc;
	case BPF_CTL_ENTRY_PC: return c->entry_pc;
	case BPF_CTL_PROG_LEN: return c->prog_len;
	case BPF_CTL_BUDGET: return c->budget;
	case BPF_CTL_HELPER_ID: return c->helper_id;
	case BPF_CTL_HELPER_KIND: return c->helper_kind;
	case BPF_CTL_HELPER_PC: return c->helper_pc;
	case BPF_CTL_HELPER_ACTION: return c->helper_action;
	case BPF_CTL_HELPER_ARG: return c->helper_arg;
	case BPF_CTL_PKT_BASE: return c->pkt_base;
	case BPF_CTL_PKT_LEN: return c->pkt_len;
	default: return 0;
	}
}

static unsigned ref_run(struct bpfcore *bc, uint64_t max_steps)
{
	struct ref_core *c = (struct ref_core *)bc;

	if (c->state == BPF_STATE_CLEARING)
		c->state = BPF_STATE_IDLE;
	for (uint64_t n = 0; c->state == BPF_STATE_RUNNING && n < max_steps; n++)
		step(c);
	return c->state;
}

static void ref_destroy(struct bpfcore *bc)
{
	free(bc);
}

static const struct bpfcore_ops ref_ops = {
	.name = "ref",
	.ctl_write = ref_ctl_write,
	.ctl_read = ref_ctl_read,
	.run = ref_run,
	.destroy = ref_destroy,
};

struct bpfcore *bpfcore_ref_new(const struct bpfcore_mem *mem)
{
	struct ref_core *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->base.ops = &ref_ops;
	c->base.mem = *mem;
	c->state = BPF_STATE_IDLE;
	return &c->base;
}

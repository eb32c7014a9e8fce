/* bpf_gen.c: random valid eBPF programs for differential testing.
 *
 * Programs are built as a list of items (one instruction each, lddw being
 * two slots) with symbolic jump and call targets, then laid out into slots.
 * See bpf_gen.h for what a program contains.
 */
#include <string.h>

#include "bpf_gen.h"
#include "bpf_insn.h"

#define MAX_ITEMS 600
#define MAX_FUNCS 4 /* main, tail program, up to 2 more local functions */

enum fix { FIX_NONE, FIX_JUMP, FIX_GOTOL, FIX_CALL, FIX_CODE_ADDR };

struct item {
	uint64_t w[2];
	uint8_t slots;
	uint8_t fix;    /* how target is patched in */
	int target;     /* item index (FIX_JUMP/GOTOL) or function (FIX_CALL/CODE_ADDR) */
	int scope;      /* loop body id, 0 outside loops; forward jumps stay in scope */
	uint8_t pending; /* a forward jump whose target is chosen after the body */
	uint8_t inner;   /* not the first item of its group: never a jump target */
};

struct gen {
	uint64_t rng;
	struct item it[MAX_ITEMS];
	int n;
	int func_start[MAX_FUNCS];
	int nfuncs;
	int cur_func;
	int scope, next_scope;
	int depth_budget; /* loop nesting left */
	struct bpf_gen_prog *p;
};

/* ------------------------------------------------------------------------ */

static uint64_t rnd(struct gen *g)
{
	/* splitmix64 */
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned below(struct gen *g, unsigned n)
{
	return n ? (unsigned)(rnd(g) % n) : 0;
}

static int chance(struct gen *g, unsigned percent)
{
	return below(g, 100) < percent;
}

/* Values that find edge cases more often than uniform ones. */
static int32_t interesting_imm(struct gen *g)
{
	static const int32_t v[] = { 0, 1, -1, 2, 7, 8, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff,
				     0x7fff, -0x8000, 0xffff, 0x7fffffff, INT32_MIN, -2, 3, 16 };
	if (chance(g, 50))
		return v[below(g, sizeof v / sizeof v[0])];
	return (int32_t)rnd(g);
}

static uint64_t interesting_u64(struct gen *g)
{
	switch (below(g, 6)) {
	case 0: return 0x8000000000000000ull;
	case 1: return (uint64_t)-1;
	case 2: return (uint64_t)(int64_t)interesting_imm(g);
	case 3: return 0x80000000ull;
	default: return rnd(g);
	}
}

/* Registers a random instruction may write: not r7 (loop counter), r9
 * (region base) or r10. */
static unsigned wreg(struct gen *g)
{
	static const unsigned r[] = { 0, 1, 2, 3, 4, 5, 6, 8 };
	return r[below(g, 8)];
}

static unsigned rreg(struct gen *g)
{
	return below(g, 11);
}

static struct item *emit(struct gen *g, uint64_t w)
{
	struct item *it = &g->it[g->n++];
	memset(it, 0, sizeof *it);
	it->w[0] = w;
	it->slots = 1;
	it->scope = g->scope;
	return it;
}

static void emit_lddw(struct gen *g, unsigned dst, uint64_t v)
{
	struct item *it = emit(g, 0);
	bpf_lddw(it->w, dst, v);
	it->slots = 2;
}

static int room(const struct gen *g, int need)
{
	return g->n + need < MAX_ITEMS - 8;
}

/* ------------------------------------------------------------------------
 * Instruction kinds
 * ---------------------------------------------------------------------- */
static void gen_alu(struct gen *g)
{
	static const unsigned codes[] = { BPF_ALU_ADD, BPF_ALU_SUB, BPF_ALU_MUL, BPF_ALU_DIV,
					  BPF_ALU_OR, BPF_ALU_AND, BPF_ALU_LSH, BPF_ALU_RSH,
					  BPF_ALU_NEG, BPF_ALU_MOD, BPF_ALU_XOR, BPF_ALU_MOV,
					  BPF_ALU_ARSH, BPF_ALU_END };
	unsigned code = codes[below(g, 14)];
	unsigned cls = chance(g, 50) ? BPF_CLASS_ALU64 : BPF_CLASS_ALU;
	unsigned x = chance(g, 50) ? BPF_SRC_X : BPF_SRC_K;
	unsigned dst = wreg(g), src = x ? rreg(g) : 0;
	int16_t off = 0;
	int32_t imm = x ? 0 : interesting_imm(g);

	if (code == BPF_ALU_NEG)
		x = BPF_SRC_K, src = 0, imm = 0;
	if (code == BPF_ALU_END) {
		static const int32_t widths[] = { 16, 32, 64 };
		imm = widths[below(g, 3)];
		src = 0;
		if (cls == BPF_CLASS_ALU64)
			x = BPF_SRC_K;
	} else if (code == BPF_ALU_DIV || code == BPF_ALU_MOD) {
		off = chance(g, 50);
		if (!x && chance(g, 20))
			imm = 0;
	} else if (code == BPF_ALU_MOV && x && chance(g, 40)) {
		static const int16_t ext[] = { 8, 16, 32 };
		off = ext[below(g, cls == BPF_CLASS_ALU64 ? 3 : 2)];
	}
	emit(g, bpf_insn(BPF_OP_ALU(cls, code, x), dst, src, off, imm));
}

static void gen_set(struct gen *g)
{
	if (chance(g, 50))
		emit_lddw(g, wreg(g), interesting_u64(g));
	else
		emit(g, bpf_mov64_imm(wreg(g), interesting_imm(g)));
}

/* A conditional (or unconditional) forward jump; its target is picked when
 * the enclosing body is complete. */
static void gen_jump(struct gen *g)
{
	static const unsigned codes[] = { BPF_JMP_JEQ, BPF_JMP_JGT, BPF_JMP_JGE, BPF_JMP_JSET,
					  BPF_JMP_JNE, BPF_JMP_JSGT, BPF_JMP_JSGE, BPF_JMP_JLT,
					  BPF_JMP_JLE, BPF_JMP_JSLT, BPF_JMP_JSLE, BPF_JMP_JA };
	unsigned code = codes[below(g, 12)];
	unsigned cls = chance(g, 50) ? BPF_CLASS_JMP : BPF_CLASS_JMP32;
	unsigned x = chance(g, 50) ? BPF_SRC_X : BPF_SRC_K;
	struct item *it;

	if (code == BPF_JMP_JA) {
		it = emit(g, bpf_insn(BPF_OP_JMP(cls, BPF_JMP_JA, BPF_SRC_K), 0, 0, 0, 0));
		it->fix = cls == BPF_CLASS_JMP ? FIX_JUMP : FIX_GOTOL;
	} else {
		it = emit(g, bpf_insn(BPF_OP_JMP(cls, code, x), rreg(g), x ? rreg(g) : 0, 0,
				      x ? 0 : interesting_imm(g)));
		it->fix = FIX_JUMP;
	}
	it->pending = 1;
}

/* r8 = r9 + (rX & mask): a data-dependent address inside region 0 */
static void gen_addr(struct gen *g, unsigned mask)
{
	emit(g, bpf_alu64_reg(BPF_ALU_MOV, 8, rreg(g)));
	emit(g, bpf_alu64_imm(BPF_ALU_AND, 8, (int32_t)mask));
	emit(g, bpf_alu64_reg(BPF_ALU_ADD, 8, 9));
}

static unsigned rand_size(struct gen *g, unsigned *bytes)
{
	static const unsigned sz[] = { BPF_SIZE_B, BPF_SIZE_H, BPF_SIZE_W, BPF_SIZE_DW };
	static const unsigned nb[] = { 1, 2, 4, 8 };
	unsigned i = below(g, 4);
	*bytes = nb[i];
	return sz[i];
}

static void gen_mem(struct gen *g)
{
	unsigned n, size = rand_size(g, &n);
	unsigned kind = below(g, 10);
	unsigned base;
	int16_t off;

	if (kind >= 8) { /* atomics are 32 or 64 bits */
		size = chance(g, 50) ? BPF_SIZE_W : BPF_SIZE_DW;
		n = size == BPF_SIZE_W ? 4 : 8;
	}

	if (chance(g, 35)) {
		/* the stack: [r10 - k], the whole access inside the frame */
		base = 10;
		off = -(int16_t)(n + below(g, BPF_FRAME_SIZE - n + 1));
	} else if (chance(g, 15) && kind < 4) {
		/* the read-only region, loads only */
		base = 8;
		emit_lddw(g, 8, BPF_GEN_RO_BASE + below(g, BPF_GEN_RO_LEN - n + 1));
		off = 0;
	} else {
		base = 8;
		gen_addr(g, 0x7f);
		off = (int16_t)below(g, BPF_GEN_MEM_LEN - 0x80 - n + 1);
	}

	if (kind < 4) { /* LDX, sometimes sign-extending */
		unsigned mode = size != BPF_SIZE_DW && chance(g, 30) ? BPF_MODE_MEMSX : BPF_MODE_MEM;
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, mode, size), wreg(g), base, off, 0));
	} else if (kind < 6) {
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_ST, BPF_MODE_MEM, size), base, 0, off,
				 interesting_imm(g)));
	} else if (kind < 8) {
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_MEM, size), base, rreg(g), off, 0));
	} else {
		static const int32_t ops[] = { BPF_ATOMIC_ADD, BPF_ATOMIC_OR, BPF_ATOMIC_AND,
					       BPF_ATOMIC_XOR, BPF_ATOMIC_XCHG, BPF_ATOMIC_CMPXCHG };
		int32_t imm = ops[below(g, 6)];
		if (imm != (int32_t)BPF_ATOMIC_XCHG && imm != (int32_t)BPF_ATOMIC_CMPXCHG &&
		    chance(g, 50))
			imm |= BPF_ATOMIC_FETCH;
		/* a FETCH writes src: keep it among the writable registers */
		unsigned src = (imm & BPF_ATOMIC_FETCH) ? wreg(g) : rreg(g);
		if (base == 8 && src == 8)
			src = 0;
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_ATOMIC, size), base, src, off,
				 imm));
	}
}

static void gen_packet_load(struct gen *g)
{
	unsigned n, size = rand_size(g, &n);
	if (size == BPF_SIZE_DW)
		size = BPF_SIZE_W;
	if (chance(g, 50)) {
		int32_t imm = chance(g, 90) ? (int32_t)below(g, BPF_GEN_MEM_LEN) : interesting_imm(g);
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_LD, BPF_MODE_ABS, size), 0, 0, 0, imm));
	} else {
		emit(g, bpf_alu64_imm(BPF_ALU_AND, 8, 0x7f));
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_LD, BPF_MODE_IND, size), 0, 8, 0,
				 (int32_t)below(g, 0x80)));
	}
}

static void gen_helper(struct gen *g)
{
	static const int32_t ids[] = { 1, 2, 3, 5, 7, 8, BPF_GEN_HELPER_TAIL };
	int32_t id = ids[below(g, 7)];
	if (id == (int32_t)BPF_GEN_HELPER_TAIL && g->cur_func != 0)
		id = 5; /* tail calls only from the main program */
	if (chance(g, 20)) {
		/* callx with a helper id in a register */
		emit(g, bpf_mov64_imm(8, id));
		emit(g, bpf_insn(BPF_OP_CALLX, 8, 0, 0, 0));
		return;
	}
	/* now and then the same helper named as a kfunc (by BTF id) */
	unsigned src = chance(g, 10) && id != (int32_t)BPF_GEN_HELPER_TAIL ? BPF_CALL_SRC_BTF_ID
									     : BPF_CALL_SRC_HELPER;
	emit(g, bpf_insn(BPF_OP_CALL, 0, src, 0, id));
}

/* Call a later local function (so the call graph has no cycles). */
static void gen_call(struct gen *g)
{
	int first = g->cur_func < 2 ? 2 : g->cur_func + 1;
	if (first >= g->nfuncs)
		return;
	int f = first + below(g, g->nfuncs - first);
	if (chance(g, 25)) {
		struct item *it = emit(g, 0);
		bpf_lddw(it->w, 8, 0);
		it->slots = 2;
		it->fix = FIX_CODE_ADDR;
		it->target = f;
		emit(g, bpf_insn(BPF_OP_CALLX, 8, 0, 0, 0));
		return;
	}
	struct item *it = emit(g, bpf_insn(BPF_OP_CALL, 0, BPF_CALL_SRC_LOCAL, 0, 0));
	it->fix = FIX_CALL;
	it->target = f;
}

static void gen_body(struct gen *g, int groups);

/* mov r7, k; L: body; sub r7, 1; jne r7, 0, L */
static void gen_loop(struct gen *g)
{
	if (g->depth_budget == 0 || !room(g, 40))
		return;
	g->depth_budget--;
	emit(g, bpf_mov64_imm(7, 1 + below(g, 6)));
	int outer = g->scope;
	g->scope = ++g->next_scope;
	int start = g->n;
	gen_body(g, 2 + below(g, 8));
	/* the back edge belongs to the body: no jump from outside lands on it */
	emit(g, bpf_alu64_imm(BPF_ALU_SUB, 7, 1));
	struct item *back = emit(g, bpf_insn(BPF_OP_JMP(BPF_CLASS_JMP, BPF_JMP_JNE, BPF_SRC_K),
					     7, 0, 0, 0));
	back->fix = FIX_JUMP;
	back->target = start;
	g->scope = outer;
	g->depth_budget++;
}

static void gen_one(struct gen *g);

/* One group: an instruction, or the few that set up and make an access.
 * Only its first item may be a jump target. */
static void gen_group(struct gen *g)
{
	int first = g->n;
	gen_one(g);
	for (int i = first + 1; i < g->n; i++)
		if (g->it[i].scope == g->it[first].scope)
			g->it[i].inner = 1;
}

static void gen_one(struct gen *g)
{
	unsigned k = below(g, 100);
	if (k < 30)
		gen_alu(g);
	else if (k < 38)
		gen_set(g);
	else if (k < 52)
		gen_jump(g);
	else if (k < 72)
		gen_mem(g);
	else if (k < 77)
		gen_packet_load(g);
	else if (k < 83)
		gen_helper(g);
	else if (k < 90)
		gen_call(g);
	else if (k < 95 && g->scope == 0 && g->cur_func == 0)
		gen_loop(g);
	else
		gen_alu(g);
}

/* Pick targets for the forward jumps in items [from, g->n]: an item after
 * the jump in the same scope, or the item just past the body. */
static void resolve_forward(struct gen *g, int from)
{
	for (int i = from; i < g->n; i++) {
		struct item *it = &g->it[i];
		if (!it->pending)
			continue;
		it->pending = 0;
		int cands[64], nc = 0;
		for (int j = i + 1; j <= g->n && nc < 64; j++) {
			if (j == g->n || (g->it[j].scope == it->scope && !g->it[j].inner))
				cands[nc++] = j;
			else if (g->it[j].scope < it->scope)
				break;
		}
		it->target = nc ? cands[below(g, nc < 8 ? nc : 8)] : i + 1;
	}
}

static void gen_body(struct gen *g, int groups)
{
	int from = g->n;
	for (int i = 0; i < groups && room(g, 24); i++)
		gen_group(g);
	resolve_forward(g, from);
}

/* ------------------------------------------------------------------------
 * Deliberate faults
 * ---------------------------------------------------------------------- */
static void gen_fault(struct gen *g)
{
	struct bpf_gen_prog *p = g->p;
	switch (below(g, 9)) {
	case 0:
		p->fault_kind = "illegal opcode";
		emit(g, bpf_insn(0x8e + below(g, 2) * 0x10, 0, 0, 0, 0) | (rnd(g) & ~0xffull));
		break;
	case 1:
		p->fault_kind = "bad register";
		emit(g, bpf_alu64_imm(BPF_ALU_ADD, 11 + below(g, 5), 1));
		break;
	case 2:
		p->fault_kind = "write to r10";
		emit(g, bpf_mov64_imm(10, 0));
		break;
	case 3:
		p->fault_kind = "load out of bounds";
		gen_addr(g, 0xff);
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, BPF_MODE_MEM, BPF_SIZE_DW), 0, 8,
				 (int16_t)(BPF_GEN_MEM_LEN - 4), 0));
		break;
	case 4:
		p->fault_kind = "store to read-only region";
		emit_lddw(g, 8, BPF_GEN_RO_BASE);
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_ST, BPF_MODE_MEM, BPF_SIZE_B), 8, 0, 3, 1));
		break;
	case 5:
		p->fault_kind = "stack above the frame";
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_MEM, BPF_SIZE_W), 10, 1, -2, 0));
		break;
	case 6:
		p->fault_kind = "jump out of the program";
		emit(g, bpf_insn(BPF_OP_JA, 0, 0, 0x7ff0, 0));
		break;
	case 7:
		p->fault_kind = "refused helper";
		emit(g, bpf_insn(BPF_OP_CALL, 0, 0, 0, BPF_GEN_HELPER_BAD));
		break;
	default:
		p->fault_kind = "null pointer";
		emit(g, bpf_mov64_imm(8, 0));
		emit(g, bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, BPF_MODE_MEM, BPF_SIZE_W), 0, 8, 16, 0));
		break;
	}
}

/* ------------------------------------------------------------------------
 * Layout
 * ---------------------------------------------------------------------- */
static void layout(struct gen *g)
{
	static uint32_t slot[MAX_ITEMS + 1];
	uint32_t s = 0;
	for (int i = 0; i < g->n; i++) {
		slot[i] = s;
		s += g->it[i].slots;
	}
	slot[g->n] = s;

	struct bpf_gen_prog *p = g->p;
	for (int i = 0; i < g->n; i++) {
		struct item *it = &g->it[i];
		int32_t rel;
		switch (it->fix) {
		case FIX_JUMP:
			rel = (int32_t)slot[it->target] - (int32_t)(slot[i] + 1);
			it->w[0] = (it->w[0] & ~(0xffffull << 16)) | (uint64_t)(uint16_t)rel << 16;
			break;
		case FIX_GOTOL:
			rel = (int32_t)slot[it->target] - (int32_t)(slot[i] + 1);
			it->w[0] = (it->w[0] & 0xffffffffull) | (uint64_t)(uint32_t)rel << 32;
			break;
		case FIX_CALL:
			rel = (int32_t)slot[g->func_start[it->target]] - (int32_t)(slot[i] + 1);
			it->w[0] = (it->w[0] & 0xffffffffull) | (uint64_t)(uint32_t)rel << 32;
			break;
		case FIX_CODE_ADDR:
			bpf_lddw(it->w, 8, BPF_PROG_BASE + 8ull * slot[g->func_start[it->target]]);
			break;
		default:
			break;
		}
		for (unsigned k = 0; k < it->slots; k++)
			p->insns[slot[i] + k] = it->w[k];
	}
	p->len = s;
	p->tail_pc = slot[g->func_start[1]];
}

void bpf_gen(uint64_t seed, struct bpf_gen_prog *p)
{
	static struct gen g;
	memset(&g, 0, sizeof g);
	memset(p, 0, sizeof *p);
	g.rng = seed;
	g.p = p;
	g.depth_budget = 1;
	g.nfuncs = 2 + below(&g, 3); /* main, tail program, 0..2 local functions */

	for (unsigned r = 0; r < 9; r++)
		p->regs[r] = interesting_u64(&g);
	p->regs[7] = 0;
	p->regs[9] = BPF_GEN_MEM_BASE;
	for (unsigned i = 0; i < BPF_GEN_MEM_LEN; i++)
		p->mem[i] = rnd(&g);
	for (unsigned i = 0; i < BPF_GEN_RO_LEN; i++)
		p->ro[i] = rnd(&g);
	p->budget = chance(&g, 5) ? 1 + below(&g, 40) : 20000;

	int fault_at = chance(&g, 12) ? (int)below(&g, 3) : -1;
	int recursion = chance(&g, 3);

	for (int f = 0; f < g.nfuncs; f++) {
		g.cur_func = f;
		g.func_start[f] = g.n;
		g.scope = 0;
		int from = g.n;
		int groups = f == 0 ? 10 + below(&g, 40) : 3 + below(&g, 12);
		for (int i = 0; i < groups && room(&g, 24); i++) {
			if (i == groups / 2 && f == fault_at)
				gen_fault(&g);
			gen_group(&g);
		}
		if (recursion && f == g.nfuncs - 1 && f >= 2) {
			/* runaway recursion: CALL_DEPTH */
			p->fault_kind = "runaway recursion";
			struct item *it = emit(&g, bpf_insn(BPF_OP_CALL, 0, BPF_CALL_SRC_LOCAL, 0, 0));
			it->fix = FIX_CALL;
			it->target = f;
		}
		resolve_forward(&g, from);
		emit(&g, bpf_exit());
	}
	layout(&g);
}

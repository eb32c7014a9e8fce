/* cbpf.c: classic BPF into eBPF (cbpf.h; docs/architecture.md, "The cBPF
 * translator").
 *
 * Registers of the eBPF program:
 *
 *   r6  A          r8  the cBPF packet's first byte (data, or data + 4
 *   r7  X              with a length prefix)
 *   r2  scratch    r9  its length, data_end - r8 (libpcap's buflen)
 *   r0  the verdict    r10  M[0..15], the 64 bytes below it
 *
 * A and X hold 32-bit values, zero-extended: every operation on them is a
 * 32-bit one (BPF_ALU, BPF_JMP32), as bpf_filter()'s u32 arithmetic is.
 * Each classic instruction becomes a short sequence of its own (emit_insn),
 * its jumps are patched through a map from cBPF pc to eBPF pc, and every
 * failing load, and a division by X == 0, jumps to the program's first
 * "ret #0" (or to a block at the end that returns XDP_DROP).
 *
 * The semantics are those of libpcap 1.10's bpf_filter(), the referee of
 * tests/test_cbpf.c, edge cases included: a constant shift by k >= 32
 * shifts by k & 31 (libpcap shifts a u32 by k on x86, which masks the
 * count), a shift by X >= 32 gives 0, an unconditional jump may go
 * backwards (pcap_compile's "protochain" loops), and M[] reads as 0 until
 * written (libpcap 1.10 leaves it uninitialised; later versions zero it).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_asm.h"
#include "bpf_insn.h"
#include "bpfsoc_map.h"
#include "bpfsoc_proto.h"
#include "cbpf.h"
#include "object.h"

enum { R_VERDICT = 0, R_CTX = 1, R_TMP = 2, R_A = 6, R_X = 7, R_PKT = 8, R_LEN = 9, R_FP = 10 };

/* No packet is longer: lengths are 16-bit on the device.  A load whose
 * constant part ends beyond it can never succeed. */
#define CBPF_MAX_BUF 0xffffu
#define U32_MAX 0xffffffffull
#define MEM_SLOTS BPF_MEMWORDS   /* 16 */
#define REJECT UINT32_MAX        /* a jump's target: the packet is rejected */
/* What an instruction reads or writes, as bits: M[k] is bit k */
#define USE_A (1u << 16)
#define USE_X (1u << 17)

/* M[k]'s offset from r10 */
static int16_t mem_off(uint32_t k)
{
	return (int16_t)(-4 * (MEM_SLOTS - (int)k));
}

/* ---- which classic instructions there are ---- */

/* The opcodes bpf_filter() executes (any other code aborts it). */
static bool cbpf_opcode_known(uint16_t code)
{
	switch (code) {
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
	case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_H | BPF_ABS: case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_IND: case BPF_LD | BPF_H | BPF_IND: case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_W | BPF_LEN: case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_MSH | BPF_B:
	case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM: case BPF_ST: case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_X: case BPF_JMP | BPF_JSET | BPF_X:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
	case BPF_ALU | BPF_NEG:
		return true;
	}
	if (BPF_CLASS(code) == BPF_ALU) {
		switch (BPF_OP(code)) {
		case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_DIV: case BPF_MOD:
		case BPF_AND: case BPF_OR: case BPF_XOR: case BPF_LSH: case BPF_RSH:
			return (code & ~(BPF_OP(code) | BPF_SRC(code))) == BPF_ALU;
		}
	}
	return false;
}

static bool uses_mem(uint16_t code)
{
	return code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM) || code == BPF_ST ||
	       code == BPF_STX;
}

static bool is_cond_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* ---- messages ---- */

/* "insn 3 (ld M[16])": the index and the instruction as bpf_image prints it */
static void fail(char *err, size_t len, const struct bpf_insn *prog, unsigned i, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void fail(char *err, size_t len, const struct bpf_insn *prog, unsigned i, const char *fmt, ...)
{
	char img[128] = "", msg[256];
	va_list ap;

	if (!err || !len)
		return;
	if (prog) {
		/* bpf_image: "(003) ld       M[16]"; keep the text, one space apart */
		const char *s = bpf_image((struct bpf_insn *)&prog[i], (int)i);
		const char *t = strchr(s, ')');
		size_t k = 0;
		for (t = t ? t + 1 : s; *t && k + 1 < sizeof(img); t++)
			if (!(*t == ' ' || *t == '\t') || (k && img[k - 1] != ' '))
				img[k++] = *t == '\t' ? ' ' : *t;
		while (k && img[k - 1] == ' ')
			k--;
		img[k] = '\0';
		if (img[0] == ' ')
			memmove(img, img + 1, k);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (prog)
		snprintf(err, len, "cBPF insn %u (%s): %s", i, img, msg);
	else
		snprintf(err, len, "cBPF program: %s", msg);
}

/* libpcap's rules for a program its interpreter runs (pcapint_validate_filter
 * of libpcap 1.10 and later, bpf_validate): known opcodes, M[] indices below
 * 16, no constant division by 0, jumps inside the program and not onto
 * themselves, a RET last.  Returns -EINVAL with the first problem. */
static int validate(const struct bpf_insn *prog, unsigned n, char *err, size_t errlen)
{
	if (!prog || n == 0) {
		fail(err, errlen, NULL, 0, "no instructions");
		return -EINVAL;
	}
	for (unsigned i = 0; i < n; i++) {
		const struct bpf_insn *p = &prog[i];
		uint32_t from = i + 1;

		if (!cbpf_opcode_known(p->code)) {
			fail(err, errlen, prog, i, "opcode 0x%02x is not a classic BPF instruction",
			     p->code);
			return -EINVAL;
		}
		if (uses_mem(p->code) && p->k >= MEM_SLOTS) {
			fail(err, errlen, prog, i, "scratch memory M[%u] does not exist (M[0..%u])", p->k,
			     MEM_SLOTS - 1);
			return -EINVAL;
		}
		if (BPF_CLASS(p->code) == BPF_ALU && BPF_SRC(p->code) == BPF_K &&
		    (BPF_OP(p->code) == BPF_DIV || BPF_OP(p->code) == BPF_MOD) && p->k == 0) {
			fail(err, errlen, prog, i, "%s by the constant 0",
			     BPF_OP(p->code) == BPF_DIV ? "division" : "modulo");
			return -EINVAL;
		}
		if (p->code == (BPF_JMP | BPF_JA)) {
			/* u32 arithmetic: a negative k is a backward jump */
			if (from + p->k >= n) {
				fail(err, errlen, prog, i, "jumps to insn %d, outside the program's %u",
				     (int)(from + p->k), n);
				return -EINVAL;
			}
			if (p->k == UINT32_MAX) {
				fail(err, errlen, prog, i, "jumps to itself: an endless loop");
				return -EINVAL;
			}
		} else if (is_cond_jump(p->code)) {
			if (from + p->jt >= n || from + p->jf >= n) {
				fail(err, errlen, prog, i, "jumps to insn %u, outside the program's %u",
				     from + (from + p->jt >= n ? p->jt : p->jf), n);
				return -EINVAL;
			}
		}
	}
	if (BPF_CLASS(prog[n - 1].code) != BPF_RET) {
		fail(err, errlen, prog, n - 1, "the last instruction is not a RET: the program can run "
		     "past its end");
		return -EINVAL;
	}
	return 0;
}

/* ---- what the program reads and how far ---- */

/* Upper bounds of A, X and M[] at an instruction, and which of them every
 * path to it has written (M[k]: bit k, USE_A, USE_X). */
struct bounds {
	bool reached;
	uint32_t written;
	uint64_t a, x, m[MEM_SLOTS];
};

/* The smallest 2^b - 1 at or above v */
static uint64_t fill_bits(uint64_t v)
{
	uint64_t m = 0;

	while (m < v)
		m = m << 1 | 1;
	return m;
}

static uint64_t cap32(uint64_t v)
{
	return v > U32_MAX ? U32_MAX : v;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* A's upper bound after ALU operation op with operand bound b */
static uint64_t alu_bound(unsigned op, bool src_k, uint64_t a, uint64_t b)
{
	switch (op) {
	case BPF_ADD: return cap32(a + b);        /* a wrap can give anything */
	case BPF_MUL: return cap32(a * b);        /* both below 2^32: no u64 wrap */
	case BPF_DIV: return a;
	case BPF_MOD: return min64(a, b);
	case BPF_AND: return min64(a, b);
	case BPF_OR:
	case BPF_XOR: return fill_bits(a > b ? a : b);
	case BPF_LSH: return src_k ? cap32(a << (b & 31)) : a ? U32_MAX : 0;
	case BPF_RSH: return src_k ? a >> (b & 31) : a;
	case BPF_NEG:
	case BPF_SUB:
	default: return a || op != BPF_NEG ? U32_MAX : 0;
	}
}

/* The bytes a load moves */
static uint32_t load_size(uint16_t code)
{
	return BPF_SIZE(code) == BPF_W ? 4 : BPF_SIZE(code) == BPF_H ? 2 : 1;
}

static uint64_t load_bound(uint16_t code)
{
	return BPF_SIZE(code) == BPF_W ? U32_MAX : BPF_SIZE(code) == BPF_H ? 0xffff : 0xff;
}

/* What instruction p reads (M[k]: bit k, USE_A, USE_X) */
static uint32_t reads(const struct bpf_insn *p)
{
	uint16_t c = p->code;

	switch (BPF_CLASS(c)) {
	case BPF_LD:
		return BPF_MODE(c) == BPF_IND ? USE_X : BPF_MODE(c) == BPF_MEM ? 1u << p->k : 0;
	case BPF_LDX:
		return BPF_MODE(c) == BPF_MEM ? 1u << p->k : 0;
	case BPF_ST: return USE_A;
	case BPF_STX: return USE_X;
	case BPF_ALU: return USE_A | (BPF_OP(c) != BPF_NEG && BPF_SRC(c) == BPF_X ? USE_X : 0);
	case BPF_JMP: return BPF_OP(c) == BPF_JA ? 0 : USE_A | (BPF_SRC(c) == BPF_X ? USE_X : 0);
	case BPF_RET: return BPF_RVAL(c) == BPF_A ? USE_A : 0;
	default: return BPF_MISCOP(c) == BPF_TAX ? USE_A : USE_X;
	}
}

/* What it writes */
static uint32_t writes(const struct bpf_insn *p)
{
	switch (BPF_CLASS(p->code)) {
	case BPF_LD:
	case BPF_ALU: return USE_A;
	case BPF_LDX: return USE_X;
	case BPF_ST:
	case BPF_STX: return 1u << p->k;
	case BPF_MISC: return BPF_MISCOP(p->code) == BPF_TAX ? USE_X : USE_A;
	default: return 0;
	}
}

/* One instruction's effect on the bounds */
static void bounds_step(const struct bpf_insn *p, struct bounds *s)
{
	uint16_t c = p->code;

	switch (BPF_CLASS(c)) {
	case BPF_LD:
		switch (BPF_MODE(c)) {
		case BPF_IMM: s->a = p->k; break;
		case BPF_MEM: s->a = s->m[p->k]; break;
		case BPF_LEN: s->a = U32_MAX; break;
		default: s->a = load_bound(c); break;
		}
		break;
	case BPF_LDX:
		switch (BPF_MODE(c)) {
		case BPF_IMM: s->x = p->k; break;
		case BPF_MEM: s->x = s->m[p->k]; break;
		case BPF_MSH: s->x = 60; break;
		default: s->x = U32_MAX; break;
		}
		break;
	case BPF_ST:
		s->m[p->k] = s->a;
		break;
	case BPF_STX:
		s->m[p->k] = s->x;
		break;
	case BPF_ALU:
		s->a = alu_bound(BPF_OP(c), BPF_SRC(c) == BPF_K, s->a,
				 BPF_SRC(c) == BPF_K ? p->k : s->x);
		break;
	case BPF_MISC:
		if (BPF_MISCOP(c) == BPF_TAX)
			s->x = s->a;
		else
			s->a = s->x;
		break;
	}
	s->written |= writes(p);
}

static void bounds_merge(struct bounds *into, const struct bounds *s)
{
	if (!into->reached) {
		*into = *s;
		return;
	}
	into->written &= s->written;
	into->a = into->a > s->a ? into->a : s->a;
	into->x = into->x > s->x ? into->x : s->x;
	for (unsigned k = 0; k < MEM_SLOTS; k++)
		into->m[k] = into->m[k] > s->m[k] ? into->m[k] : s->m[k];
}

/* Which of A, X and M[] some path reads before writing (the prologue
 * zeroes them), whether BPF_LEN appears, and where the packet loads end.
 * One pass in program order: the jumps go forward, except a protochain's
 * backward ja, where the analysis gives up (everything read is zeroed
 * first and an indirect load is unbounded). */
static int analyse(const struct bpf_insn *prog, unsigned n, uint32_t *zero,
		   struct bpfsoc_cbpf_info *info)
{
	struct bounds *st = calloc(n, sizeof(*st));
	bool backward = false, unbounded = false;
	uint64_t snap = 0;

	if (!st)
		return -ENOMEM;
	*zero = 0;
	info->uses_len = false;
	for (unsigned i = 0; i < n; i++) {
		if (BPF_MODE(prog[i].code) == BPF_LEN &&
		    (BPF_CLASS(prog[i].code) == BPF_LD || BPF_CLASS(prog[i].code) == BPF_LDX))
			info->uses_len = true;
		if (prog[i].code == (BPF_JMP | BPF_JA) && (int32_t)prog[i].k < 0)
			backward = true;
	}
	st[0].reached = true;   /* A = X = 0, M[] = 0 (by the prologue, where read) */
	for (unsigned i = 0; i < n; i++) {
		const struct bpf_insn *p = &prog[i];
		uint16_t c = p->code;
		struct bounds s = st[i];

		if (backward) {
			/* the conservative answers: nothing written, nothing bounded */
			s.x = s.a = U32_MAX;
			s.reached = true;
			for (unsigned k = 0; k < MEM_SLOTS; k++)
				s.m[k] = U32_MAX;
		} else if (!s.reached) {
			continue;   /* dead code: nothing it does happens */
		}
		*zero |= reads(p) & ~s.written;
		bool abs = (BPF_CLASS(c) == BPF_LD && BPF_MODE(c) == BPF_ABS) ||
			   c == (BPF_LDX | BPF_MSH | BPF_B);
		bool ind = BPF_CLASS(c) == BPF_LD && BPF_MODE(c) == BPF_IND;
		uint64_t end = (uint64_t)p->k + load_size(c);
		if ((abs || ind) && end <= CBPF_MAX_BUF) {
			if (abs)
				snap = end > snap ? end : snap;
			else if (s.x + end <= CBPF_MAX_BUF)
				snap = s.x + end > snap ? s.x + end : snap;
			else
				unbounded = true;
		}
		bounds_step(p, &s);
		if (backward)
			continue;
		/* the successors */
		if (BPF_CLASS(c) == BPF_RET)
			continue;
		if (c == (BPF_JMP | BPF_JA)) {
			bounds_merge(&st[i + 1 + p->k], &s);
		} else if (is_cond_jump(c)) {
			bounds_merge(&st[i + 1 + p->jt], &s);
			bounds_merge(&st[i + 1 + p->jf], &s);
		} else {
			bounds_merge(&st[i + 1], &s);
		}
	}
	info->snap_needed = unbounded ? 0 : (uint32_t)snap;
	info->reads_packet = unbounded || snap > 0;
	free(st);
	return 0;
}

/* ---- emitting eBPF ---- */

struct fixup {
	size_t at;               /* the jump's slot */
	uint32_t target;         /* a cBPF index, or REJECT */
};

struct emitter {
	uint64_t *insns;
	size_t n, cap;
	struct fixup *fix;
	size_t n_fix, cap_fix;
	bool oom;
};

static void put(struct emitter *e, uint64_t in)
{
	if (e->n == e->cap) {
		size_t cap = e->cap ? 2 * e->cap : 256;
		uint64_t *p = realloc(e->insns, cap * sizeof(*p));
		if (!p) {
			e->oom = true;
			return;
		}
		e->insns = p;
		e->cap = cap;
	}
	e->insns[e->n++] = in;
}

/* A jump to a cBPF instruction (or REJECT), its offset patched at the end */
static void put_jump(struct emitter *e, uint64_t in, uint32_t target)
{
	if (e->n_fix == e->cap_fix) {
		size_t cap = e->cap_fix ? 2 * e->cap_fix : 64;
		struct fixup *f = realloc(e->fix, cap * sizeof(*f));
		if (!f) {
			e->oom = true;
			return;
		}
		e->fix = f;
		e->cap_fix = cap;
	}
	e->fix[e->n_fix++] = (struct fixup){.at = e->n, .target = target};
	put(e, in);
}

static uint64_t alu32_k(unsigned code, unsigned dst, uint32_t k)
{
	return bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU, code, BPF_SRC_K), dst, 0, 0, (int32_t)k);
}

static uint64_t alu32_x(unsigned code, unsigned dst, unsigned src)
{
	return bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU, code, BPF_SRC_X), dst, src, 0, 0);
}

static uint64_t alu64_k(unsigned code, unsigned dst, int32_t k)
{
	return bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU64, code, BPF_SRC_K), dst, 0, 0, k);
}

static uint64_t alu64_x(unsigned code, unsigned dst, unsigned src)
{
	return bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU64, code, BPF_SRC_X), dst, src, 0, 0);
}

static uint64_t ldx(unsigned size, unsigned dst, unsigned src, int16_t off)
{
	return bpf_insn(BPF_OP_MEM(BPF_CLASS_LDX, BPF_MODE_MEM, size), dst, src, off, 0);
}

static uint64_t stx_w(unsigned dst, int16_t off, unsigned src)
{
	return bpf_insn(BPF_OP_MEM(BPF_CLASS_STX, BPF_MODE_MEM, BPF_SIZE_W), dst, src, off, 0);
}

static uint64_t jmp_k(unsigned cls, unsigned code, unsigned dst, uint32_t k)
{
	return bpf_insn(BPF_OP_JMP(cls, code, BPF_SRC_K), dst, 0, 0, (int32_t)k);
}

static uint64_t jmp_x(unsigned cls, unsigned code, unsigned dst, unsigned src)
{
	return bpf_insn(BPF_OP_JMP(cls, code, BPF_SRC_X), dst, src, 0, 0);
}

static uint64_t ja(void)
{
	return bpf_insn(BPF_OP_JA, 0, 0, 0, 0);
}

/* verdict = v; exit */
static void put_return(struct emitter *e, uint32_t v)
{
	put(e, alu32_k(BPF_ALU_MOV, R_VERDICT, v));
	put(e, bpf_exit());
}

/* dst = the size-byte big-endian value at packet offset k (+ X when ind),
 * or reject when it does not lie inside the r9 bytes at r8. */
static void put_load(struct emitter *e, unsigned dst, uint32_t size, bool ind, uint32_t k)
{
	unsigned sz = size == 4 ? BPF_SIZE_W : size == 2 ? BPF_SIZE_H : BPF_SIZE_B;
	uint64_t end = (uint64_t)k + size;

	if (end > CBPF_MAX_BUF) {   /* beyond every packet */
		put_jump(e, ja(), REJECT);
		return;
	}
	if (ind) {
		/* r2 = X + k + size, in 64 bits: X + k cannot wrap */
		put(e, alu64_x(BPF_ALU_MOV, R_TMP, R_X));
		put(e, alu64_k(BPF_ALU_ADD, R_TMP, (int32_t)end));
		put_jump(e, jmp_x(BPF_CLASS_JMP, BPF_JMP_JGT, R_TMP, R_LEN), REJECT);
		put(e, alu64_x(BPF_ALU_ADD, R_TMP, R_PKT));
		put(e, ldx(sz, dst, R_TMP, (int16_t)-(int)size));
	} else {
		put_jump(e, jmp_k(BPF_CLASS_JMP, BPF_JMP_JLT, R_LEN, (uint32_t)end), REJECT);
		if (k <= INT16_MAX) {
			put(e, ldx(sz, dst, R_PKT, (int16_t)k));
		} else {   /* beyond a 16-bit offset */
			put(e, alu64_x(BPF_ALU_MOV, R_TMP, R_PKT));
			put(e, alu64_k(BPF_ALU_ADD, R_TMP, (int32_t)k));
			put(e, ldx(sz, dst, R_TMP, 0));
		}
	}
	if (size > 1)   /* network order: to_be is a swap on this little-endian core */
		put(e, bpf_insn(BPF_OP_ALU(BPF_CLASS_ALU, BPF_ALU_END, BPF_SRC_X), dst, 0, 0,
				(int32_t)(8 * size)));
}

/* The wire length: the prefix, or the bytes there are */
static void put_len(struct emitter *e, unsigned dst, bool len_prefix)
{
	if (len_prefix)
		put(e, ldx(BPF_SIZE_W, dst, R_PKT, -4));
	else
		put(e, alu32_x(BPF_ALU_MOV, dst, R_LEN));
}

static unsigned inverse_jump(unsigned code)
{
	switch (code) {
	case BPF_JMP_JEQ: return BPF_JMP_JNE;
	case BPF_JMP_JGT: return BPF_JMP_JLE;
	case BPF_JMP_JGE: return BPF_JMP_JLT;
	default: return 0;   /* JSET has none */
	}
}

/* Classic instruction i; its next instruction is i + 1 */
static void emit_insn(struct emitter *e, const struct bpf_insn *p, unsigned i, bool len_prefix)
{
	uint16_t c = p->code;
	uint32_t k = p->k, next = i + 1;

	switch (BPF_CLASS(c)) {
	case BPF_LD:
	case BPF_LDX: {
		unsigned dst = BPF_CLASS(c) == BPF_LD ? R_A : R_X;
		switch (BPF_MODE(c)) {
		case BPF_IMM:
			put(e, alu32_k(BPF_ALU_MOV, dst, k));
			break;
		case BPF_MEM:
			put(e, ldx(BPF_SIZE_W, dst, R_FP, mem_off(k)));
			break;
		case BPF_LEN:
			put_len(e, dst, len_prefix);
			break;
		case BPF_ABS:
			put_load(e, R_A, load_size(c), false, k);
			break;
		case BPF_IND:
			put_load(e, R_A, load_size(c), true, k);
			break;
		case BPF_MSH:   /* X = (p[k] & 0xf) << 2 */
			put_load(e, R_X, 1, false, k);
			put(e, alu32_k(BPF_ALU_AND, R_X, 0xf));
			put(e, alu32_k(BPF_ALU_LSH, R_X, 2));
			break;
		}
		break;
	}
	case BPF_ST:
		put(e, stx_w(R_FP, mem_off(k), R_A));
		break;
	case BPF_STX:
		put(e, stx_w(R_FP, mem_off(k), R_X));
		break;
	case BPF_ALU: {
		/* cBPF's ALU operation codes are eBPF's, bit for bit */
		unsigned op = BPF_OP(c) >> 4;
		if (op == BPF_ALU_NEG) {
			put(e, alu32_k(BPF_ALU_NEG, R_A, 0));
		} else if (BPF_SRC(c) == BPF_K) {
			if (op == BPF_ALU_LSH || op == BPF_ALU_RSH)
				k &= 31;   /* what libpcap's u32 shift does on x86 */
			put(e, alu32_k(op, R_A, k));
		} else {
			if (op == BPF_ALU_DIV || op == BPF_ALU_MOD) {
				/* by X == 0: bpf_filter returns 0 */
				put_jump(e, jmp_k(BPF_CLASS_JMP, BPF_JMP_JEQ, R_X, 0), REJECT);
			} else if (op == BPF_ALU_LSH || op == BPF_ALU_RSH) {
				/* by X >= 32: 0 (the core would shift by X & 31) */
				put(e, bpf_insn(BPF_OP_JMP(BPF_CLASS_JMP, BPF_JMP_JLT, BPF_SRC_K), R_X, 0, 1,
						32));
				put(e, alu32_k(BPF_ALU_MOV, R_A, 0));
			}
			put(e, alu32_x(op, R_A, R_X));
		}
		break;
	}
	case BPF_JMP: {
		if (BPF_OP(c) == BPF_JA) {
			if (next + k != next)
				put_jump(e, ja(), next + k);
			break;
		}
		unsigned code = BPF_OP(c) >> 4, inv = inverse_jump(code);
		bool x = BPF_SRC(c) == BPF_X;
		uint32_t t = next + p->jt, f = next + p->jf;
		uint64_t jt = x ? jmp_x(BPF_CLASS_JMP32, code, R_A, R_X) : jmp_k(BPF_CLASS_JMP32, code, R_A, k);
		uint64_t jf = x ? jmp_x(BPF_CLASS_JMP32, inv, R_A, R_X) : jmp_k(BPF_CLASS_JMP32, inv, R_A, k);

		if (t == f) {
			if (t != next)
				put_jump(e, ja(), t);
		} else if (f == next) {
			put_jump(e, jt, t);
		} else if (t == next && inv) {
			put_jump(e, jf, f);
		} else {
			put_jump(e, jt, t);
			put_jump(e, ja(), f);
		}
		break;
	}
	case BPF_RET:
		if (BPF_RVAL(c) == BPF_K) {
			put_return(e, k ? BPFSOC_XDP_PASS : BPFSOC_XDP_DROP);
		} else {   /* verdict = A ? PASS : DROP */
			put(e, alu32_k(BPF_ALU_MOV, R_VERDICT, BPFSOC_XDP_PASS));
			put(e, bpf_insn(BPF_OP_JMP(BPF_CLASS_JMP32, BPF_JMP_JNE, BPF_SRC_K), R_A, 0, 1, 0));
			put(e, alu32_k(BPF_ALU_MOV, R_VERDICT, BPFSOC_XDP_DROP));
			put(e, bpf_exit());
		}
		break;
	case BPF_MISC:
		if (BPF_MISCOP(c) == BPF_TAX)
			put(e, alu32_x(BPF_ALU_MOV, R_X, R_A));
		else
			put(e, alu32_x(BPF_ALU_MOV, R_A, R_X));
		break;
	}
}

/* The whole translation; start[i] (n + 1 entries, may be NULL) receives
 * the first eBPF slot of cBPF instruction i, start[n] the end of the last
 * one's code (the reject block, if there is one, follows). */
static int translate(const struct bpf_insn *prog, unsigned n, const struct bpfsoc_cbpf_opts *opts,
		     uint64_t **insns, size_t *cnt, struct bpfsoc_cbpf_info *info, uint32_t *start,
		     char *err, size_t errlen)
{
	bool len_prefix = OPTS_GET(opts, len_prefix, false);
	struct bpfsoc_cbpf_info inf;
	struct emitter e = {0};
	uint32_t *at = NULL, zero;
	int rc;

	if ((rc = validate(prog, n, err, errlen)))
		return rc;
	if ((rc = analyse(prog, n, &zero, &inf)))
		goto nomem;
	at = malloc((n + 1) * sizeof(*at));
	if (!at)
		goto nomem;

	/* the prologue: the packet and its length; A, X and M[] = 0 where
	 * some path reads them before writing them */
	put(&e, ldx(BPF_SIZE_W, R_PKT, R_CTX, 0));
	put(&e, ldx(BPF_SIZE_W, R_LEN, R_CTX, 4));
	if (len_prefix) {
		put(&e, alu64_k(BPF_ALU_ADD, R_PKT, 4));
		put_jump(&e, jmp_x(BPF_CLASS_JMP, BPF_JMP_JGT, R_PKT, R_LEN), REJECT);
	}
	put(&e, alu64_x(BPF_ALU_SUB, R_LEN, R_PKT));
	if (zero & USE_A)
		put(&e, alu32_k(BPF_ALU_MOV, R_A, 0));
	if (zero & USE_X)
		put(&e, alu32_k(BPF_ALU_MOV, R_X, 0));
	for (unsigned k = 0; k < MEM_SLOTS; k++)
		if (zero & (1u << k))
			put(&e, bpf_insn(BPF_OP_MEM(BPF_CLASS_ST, BPF_MODE_MEM, BPF_SIZE_W), R_FP, 0,
					 mem_off(k), 0));
	for (unsigned i = 0; i < n; i++) {
		at[i] = (uint32_t)e.n;
		emit_insn(&e, &prog[i], i, len_prefix);
	}
	at[n] = (uint32_t)e.n;
	/* rejects go to the first "ret #0", or to a block of their own */
	size_t reject = e.n;
	for (unsigned i = n; i-- > 0;)
		if (prog[i].code == (BPF_RET | BPF_K) && prog[i].k == 0)
			reject = at[i];
	for (size_t f = 0; f < e.n_fix && reject == e.n; f++)
		if (e.fix[f].target == REJECT)
			put_return(&e, BPFSOC_XDP_DROP);
	if (e.oom)
		goto nomem;
	if (e.n > SOC_BPF_IMEM_DEPTH) {
		fail(err, errlen, NULL, 0, "%u instructions make %zu eBPF instructions; the device "
		     "holds %u", n, e.n, SOC_BPF_IMEM_DEPTH);
		rc = -E2BIG;
		goto out;
	}
	for (size_t f = 0; f < e.n_fix; f++) {
		const struct fixup *x = &e.fix[f];
		int64_t to = x->target == REJECT ? (int64_t)reject : at[x->target];
		int64_t off = to - (int64_t)(x->at + 1);
		if (off < INT16_MIN || off > INT16_MAX) {
			unsigned from = 0;
			while (from + 1 < n && at[from + 1] <= x->at)
				from++;
			fail(err, errlen, prog, from, "its jump spans %lld eBPF instructions, more than "
			     "an eBPF jump reaches", (long long)off);
			rc = -E2BIG;
			goto out;
		}
		e.insns[x->at] = (e.insns[x->at] & ~0xffff0000ull) | (uint64_t)(uint16_t)off << 16;
	}
	if (start)
		memcpy(start, at, (n + 1) * sizeof(*at));
	if (info)
		*info = inf;
	*insns = e.insns;
	*cnt = e.n;
	e.insns = NULL;
	rc = 0;
	goto out;
nomem:
	fail(err, errlen, NULL, 0, "out of memory");
	rc = -ENOMEM;
out:
	free(e.insns);
	free(e.fix);
	free(at);
	return rc;
}

int bpfsoc_cbpf_translate(const struct bpf_insn *prog, unsigned n, const struct bpfsoc_cbpf_opts *opts,
			  uint64_t **insns, size_t *cnt, struct bpfsoc_cbpf_info *info, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!insns || !cnt)
		return -EINVAL;
	return translate(prog, n, opts, insns, cnt, info, NULL, err, errlen);
}

/* ---- the listing ---- */

int bpfsoc_cbpf_dump(FILE *f, const struct bpf_insn *prog, unsigned n, const struct bpfsoc_cbpf_opts *opts)
{
	struct bpfsoc_cbpf_info info;
	uint64_t *insns = NULL;
	size_t cnt = 0;
	uint32_t *start = malloc(((size_t)n + 1) * sizeof(*start));
	char err[512];
	int rc;

	if (!start)
		return -ENOMEM;
	rc = translate(prog, n, opts, &insns, &cnt, &info, start, err, sizeof(err));
	if (rc) {
		fprintf(f, "%s\n", err);
		free(start);
		return rc;
	}
	fprintf(f, "%-48s | eBPF: %zu instructions, snap %u%s%s\n", "cBPF", cnt, info.snap_needed,
		info.snap_needed ? "" : " (all)", info.uses_len ? ", uses len" : "");
	/* the prologue, then each classic instruction and its code, then the reject block */
	for (unsigned i = 0; i <= n + 1; i++) {
		size_t from = i == 0 ? 0 : start[i - 1], to = i <= n ? start[i] : cnt;
		const char *left = i == 0 ? "(prologue)" : i <= n ? bpf_image((struct bpf_insn *)&prog[i - 1],
							       (int)i - 1) : "(reject)";
		char img[64];

		/* bpf_image's tabs as spaces, for the columns */
		size_t k = 0;
		for (const char *s = left; *s && k + 1 < sizeof(img); s++) {
			if (*s == '\t')
				do img[k++] = ' '; while (k % 8 && k + 1 < sizeof(img));
			else
				img[k++] = *s;
		}
		img[k] = '\0';
		if (from == to) {
			if (i >= 1 && i <= n)
				fprintf(f, "%-48s\n", img);
			continue;
		}
		for (size_t pc = from; pc < to; pc++) {
			char text[96];
			bpf_disasm(insns, (uint32_t)cnt, (uint32_t)pc, text, sizeof(text));
			unsigned op = insns[pc] & 0xff;
			int jump = (op & 7) == BPF_CLASS_JMP || (op & 7) == BPF_CLASS_JMP32;
			int16_t off = (int16_t)(insns[pc] >> 16);
			if (jump && (op >> 4) != BPF_JMP_EXIT && (op >> 4) != BPF_JMP_CALL)
				fprintf(f, "%-48s | %4zu  %-32s -> %lld\n", pc == from ? img : "", pc, text,
					(long long)pc + 1 + off);
			else
				fprintf(f, "%-48s | %4zu  %s\n", pc == from ? img : "", pc, text);
		}
	}
	free(insns);
	free(start);
	return 0;
}

/* ---- the checker over raw instructions ---- */

int bpfsoc_cbpf_check(const uint64_t *insns, size_t cnt, const char *name,
		      const struct bpfsoc_info *info)
{
	struct insn_src *src = calloc(cnt ? cnt : 1, sizeof(*src));
	struct bpfsoc_object o = {0};
	struct bpfsoc_program p = {0};
	int rc;

	if (!src)
		return -ENOMEM;
	o.path = o.name = (char *)(name ? name : "cbpf");
	p.obj = &o;
	p.name = o.name;
	p.sec_name = (char *)"xdp";
	p.insns = (uint64_t *)insns;
	p.n_insns = p.n_own = (uint32_t)cnt;
	p.src = src;
	p.id = -1;
	o.progs = &p;
	o.n_progs = 1;
	rc = bpfsoc_object__check(&o, info);
	free(src);
	return rc;
}

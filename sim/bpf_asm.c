/* bpf_asm.c: assembler and disassembler for the bpf_conformance text syntax.
 *
 * The assembler reads one instruction per line, resolves labels in a second
 * pass, and reports the first error with its line.  The disassembler formats
 * one slot, then checks its own output by assembling it again: whatever does
 * not come back bit-exact is written as a raw ".quad" slot instead, so a
 * disassembled program always reassembles to the same words.
 *
 * The syntax is documented in tests/data/README.md.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_asm.h"
#include "generated/bpf_defs.h"

#define MAX_LINE 512 /* longest source line */
#define MAX_NAME 64  /* longest label */

/* ------------------------------------------------------------------------
 * Encoding
 * ---------------------------------------------------------------------- */
static uint64_t insn(unsigned op, unsigned dst, unsigned src, uint16_t off, uint32_t imm)
{
	return (uint64_t)(op & 0xff) | (uint64_t)((dst & 0xf) | (src & 0xf) << 4) << 8 |
	       (uint64_t)off << 16 | (uint64_t)imm << 32;
}

static unsigned op_alu(unsigned cls, unsigned code, unsigned src)
{
	return code << 4 | src | cls;
}

static unsigned op_mem(unsigned cls, unsigned mode, unsigned size)
{
	return mode << 5 | size << 3 | cls;
}

static inline unsigned w_op(uint64_t w) { return w & 0xff; }
static inline unsigned w_dst(uint64_t w) { return (w >> 8) & 0xf; }
static inline unsigned w_src(uint64_t w) { return (w >> 12) & 0xf; }
static inline int16_t w_off(uint64_t w) { return (int16_t)(w >> 16); }
static inline int32_t w_imm(uint64_t w) { return (int32_t)(w >> 32); }

/* ------------------------------------------------------------------------
 * Assembler state and messages
 * ---------------------------------------------------------------------- */
struct label {
	char name[MAX_NAME];
	uint32_t slot;
	unsigned line;
};

/* A jump or local call whose target is a label, patched in pass two. */
struct fixup {
	char name[MAX_NAME];
	uint32_t slot;
	bool in_imm;       /* target in imm (ja32, call local), else in offset */
	unsigned line;
	const char *ltext; /* the source line, for messages */
	size_t llen;
};

struct asm_ctx {
	uint64_t *w;
	uint32_t n, cap;
	struct label *labels;
	size_t nlabels, caplabels;
	struct fixup *fix;
	size_t nfix, capfix;
	int64_t first_exit; /* slot of the first exit, the implicit label "exit" */

	const char *name;  /* message prefix, or NULL */
	unsigned line;     /* current line number */
	const char *ltext; /* current line, for messages */
	size_t llen;
	char *err;
	size_t errlen;
};

/* Record the error "LINE: what in "source line"" and return -1. */
static int fail(struct asm_ctx *a, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!a->err || !a->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);

	size_t l = a->llen;
	while (l && isspace((unsigned char)a->ltext[l - 1]))
		l--;
	const char *t = a->ltext;
	while (l && isspace((unsigned char)*t)) {
		t++;
		l--;
	}
	if (l > 120)
		l = 120;
	if (a->name)
		snprintf(a->err, a->errlen, "%s:%u: %s in \"%.*s\"", a->name, a->line, msg,
			 (int)l, t);
	else
		snprintf(a->err, a->errlen, "line %u: %s in \"%.*s\"", a->line, msg, (int)l, t);
	return -1;
}

static int oom(struct asm_ctx *a)
{
	return fail(a, "out of memory");
}

static int emit(struct asm_ctx *a, uint64_t w)
{
	if (a->n == a->cap) {
		uint32_t cap = a->cap ? 2 * a->cap : 64;
		uint64_t *nw = realloc(a->w, cap * sizeof *nw);
		if (!nw)
			return oom(a);
		a->w = nw;
		a->cap = cap;
	}
	a->w[a->n++] = w;
	return 0;
}

/* ------------------------------------------------------------------------
 * Lexical helpers
 * ---------------------------------------------------------------------- */
static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		s[--l] = 0;
	return s;
}

static bool ident_start(int c)
{
	return isalpha(c) || c == '_' || c == '.' || c == '$';
}

static bool ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '$';
}

static bool is_ident(const char *s)
{
	if (!ident_start((unsigned char)*s))
		return false;
	while (*++s)
		if (!ident_char((unsigned char)*s))
			return false;
	return true;
}

/* Split s at top-level commas into at most max trimmed operands.  Returns
 * the count, or -1 for an empty operand or too many. */
static int split_ops(char *s, char **ops, int max)
{
	int n = 0, depth = 0;
	char *start = s;

	if (!*s)
		return 0;
	for (char *p = s;; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		if ((*p == ',' && depth == 0) || !*p) {
			bool end = !*p;
			*p = 0;
			if (n == max)
				return -1;
			ops[n] = trim(start);
			if (!*ops[n])
				return -1;
			n++;
			if (end)
				break;
			start = p + 1;
		}
	}
	return n;
}

bool bpf_parse_number(const char *s, bool *neg, uint64_t *mag)
{
	const char *p = s;
	uint64_t v = 0;
	unsigned base = 10, digits = 0;

	*neg = false;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; *p; p++, digits++) {
		unsigned d;
		if (isdigit((unsigned char)*p))
			d = *p - '0';
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = tolower((unsigned char)*p) - 'a' + 10;
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false; /* overflow */
		v = v * base + d;
	}
	*mag = v;
	return digits > 0;
}

static bool looks_like_reg(const char *s)
{
	return s[0] == '%' || ((s[0] == 'r' || s[0] == 'R') && isdigit((unsigned char)s[1]));
}

/* %rN or rN, N 0..15 (11..15 exist only to write illegal encodings). */
static bool parse_reg(const char *s, unsigned *r)
{
	const char *p = s;
	unsigned v = 0, digits = 0;

	if (*p == '%')
		p++;
	if (*p != 'r' && *p != 'R')
		return false;
	for (p++; isdigit((unsigned char)*p); p++, digits++)
		v = v * 10 + (*p - '0');
	if (*p || digits == 0 || digits > 2 || v > 15)
		return false;
	*r = v;
	return true;
}

static int get_reg(struct asm_ctx *a, const char *s, unsigned *r)
{
	if (!parse_reg(s, r))
		return fail(a, "bad register '%s' (r0..r10, written %%rN or rN)", s);
	return 0;
}

static int get_imm64(struct asm_ctx *a, const char *s, uint64_t *out)
{
	bool neg;
	uint64_t mag;

	if (!bpf_parse_number(s, &neg, &mag))
		return fail(a, "bad immediate '%s'", s);
	if (neg && mag > (uint64_t)1 << 63)
		return fail(a, "immediate '%s' does not fit in 64 bits", s);
	*out = neg ? 0 - mag : mag;
	return 0;
}

/* A 32-bit immediate.  Like the bpf_conformance suite's assembler, a
 * wider number keeps its low 32 bits (0x876543210 is 0x76543210). */
static int get_imm32(struct asm_ctx *a, const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (get_imm64(a, s, &v))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* [%rN], [%rN+off], [%rN-off]; spaces allowed inside the brackets */
static int get_mem(struct asm_ctx *a, char *s, unsigned *reg, uint16_t *off)
{
	size_t l = strlen(s);
	char *p, *q, *rest;
	bool neg;
	uint64_t mag;

	if (l < 3 || s[0] != '[' || s[l - 1] != ']')
		return fail(a, "bad memory operand '%s' (write [%%rN+offset])", s);
	s[l - 1] = 0;
	p = trim(s + 1);
	for (q = p; *q && *q != '+' && *q != '-' && !isspace((unsigned char)*q); q++)
		;
	for (rest = q; isspace((unsigned char)*rest); rest++)
		;
	char sign = *rest;
	*q = 0;
	if (get_reg(a, p, reg))
		return -1;
	*off = 0;
	if (!sign)
		return 0;
	if (sign != '+' && sign != '-')
		return fail(a, "bad memory operand: '+' or '-' must follow the register");
	char *num = trim(rest + 1);
	if (!bpf_parse_number(num, &neg, &mag))
		return fail(a, "bad offset '%s'", num);
	if (sign == '-')
		neg = !neg;
	if ((neg && mag > 0x8000) || (!neg && mag > 0xffff))
		return fail(a, "offset '%c%s' does not fit in 16 bits", sign, num);
	*off = (uint16_t)(neg ? 0 - mag : mag);
	return 0;
}

/* A jump or call target: +N / -N / N slots, or a label patched later. */
static int get_target(struct asm_ctx *a, const char *s, bool in_imm, int32_t *val)
{
	*val = 0;
	if (*s == '+' || *s == '-' || isdigit((unsigned char)*s)) {
		bool neg;
		uint64_t mag;
		uint64_t lim = in_imm ? 0x80000000u : 0x8000u;
		if (!bpf_parse_number(s, &neg, &mag))
			return fail(a, "bad jump offset '%s'", s);
		if (mag > lim || (!neg && mag == lim))
			return fail(a, "jump offset '%s' does not fit in %d bits", s, in_imm ? 32 : 16);
		*val = neg ? (int32_t)(0 - (int64_t)mag) : (int32_t)mag;
		return 0;
	}
	if (!is_ident(s))
		return fail(a, "bad jump target '%s' (a label or +N / -N)", s);
	if (strlen(s) >= MAX_NAME)
		return fail(a, "label '%s' is too long", s);
	if (a->nfix == a->capfix) {
		size_t cap = a->capfix ? 2 * a->capfix : 32;
		struct fixup *nf = realloc(a->fix, cap * sizeof *nf);
		if (!nf)
			return oom(a);
		a->fix = nf;
		a->capfix = cap;
	}
	struct fixup *f = &a->fix[a->nfix++];
	strcpy(f->name, s);
	f->slot = a->n;
	f->in_imm = in_imm;
	f->line = a->line;
	f->ltext = a->ltext;
	f->llen = a->llen;
	return 0;
}

static int define_label(struct asm_ctx *a, const char *name)
{
	if (strlen(name) >= MAX_NAME)
		return fail(a, "label '%s' is too long", name);
	for (size_t i = 0; i < a->nlabels; i++)
		if (!strcmp(a->labels[i].name, name))
			return fail(a, "label '%s' already defined on line %u", name,
				    a->labels[i].line);
	if (a->nlabels == a->caplabels) {
		size_t cap = a->caplabels ? 2 * a->caplabels : 32;
		struct label *nl = realloc(a->labels, cap * sizeof *nl);
		if (!nl)
			return oom(a);
		a->labels = nl;
		a->caplabels = cap;
	}
	struct label *l = &a->labels[a->nlabels++];
	strcpy(l->name, name);
	l->slot = a->n;
	l->line = a->line;
	return 0;
}

static int want_ops(struct asm_ctx *a, const char *mn, int got, int want)
{
	if (got < 0)
		return fail(a, "empty operand or too many operands");
	if (got != want)
		return fail(a, "'%s' takes %d operand%s, not %d", mn, want, want == 1 ? "" : "s",
			    got);
	return 0;
}

/* b, h, w, dw -> BPF_SIZE_* ; -1 otherwise */
static int size_code(const char *s)
{
	if (!strcmp(s, "b"))
		return BPF_SIZE_B;
	if (!strcmp(s, "h"))
		return BPF_SIZE_H;
	if (!strcmp(s, "w"))
		return BPF_SIZE_W;
	if (!strcmp(s, "dw"))
		return BPF_SIZE_DW;
	return -1;
}

/* Strip a "32" or "64" suffix: returns 32, 64 or 0 (none), base in out. */
static unsigned width_suffix(const char *mn, char *base, size_t len)
{
	size_t l = strlen(mn);
	unsigned w = 0;

	if (l > 2 && (!strcmp(mn + l - 2, "32") || !strcmp(mn + l - 2, "64"))) {
		w = mn[l - 2] == '3' ? 32 : 64;
		l -= 2;
	}
	if (l >= len)
		l = len - 1;
	memcpy(base, mn, l);
	base[l] = 0;
	return w;
}

/* ------------------------------------------------------------------------
 * Instruction groups
 * ---------------------------------------------------------------------- */
static const struct {
	const char *name;
	unsigned code;
	uint16_t off;
} alu_ops[] = {
	{ "add", BPF_ALU_ADD, 0 },  { "sub", BPF_ALU_SUB, 0 },   { "mul", BPF_ALU_MUL, 0 },
	{ "div", BPF_ALU_DIV, 0 },  { "sdiv", BPF_ALU_DIV, 1 },  { "or", BPF_ALU_OR, 0 },
	{ "and", BPF_ALU_AND, 0 },  { "lsh", BPF_ALU_LSH, 0 },   { "rsh", BPF_ALU_RSH, 0 },
	{ "neg", BPF_ALU_NEG, 0 },  { "mod", BPF_ALU_MOD, 0 },   { "smod", BPF_ALU_MOD, 1 },
	{ "xor", BPF_ALU_XOR, 0 },  { "mov", BPF_ALU_MOV, 0 },   { "arsh", BPF_ALU_ARSH, 0 },
};

static const struct {
	const char *name;
	unsigned code;
} jmp_ops[] = {
	{ "jeq", BPF_JMP_JEQ },   { "jgt", BPF_JMP_JGT },   { "jge", BPF_JMP_JGE },
	{ "jset", BPF_JMP_JSET }, { "jne", BPF_JMP_JNE },   { "jsgt", BPF_JMP_JSGT },
	{ "jsge", BPF_JMP_JSGE }, { "jlt", BPF_JMP_JLT },   { "jle", BPF_JMP_JLE },
	{ "jslt", BPF_JMP_JSLT }, { "jsle", BPF_JMP_JSLE },
};

static const struct {
	const char *name;
	uint32_t imm; /* without FETCH */
} atomic_ops[] = {
	{ "add", BPF_ATOMIC_ADD },   { "or", BPF_ATOMIC_OR },
	{ "and", BPF_ATOMIC_AND },   { "xor", BPF_ATOMIC_XOR },
	{ "xchg", BPF_ATOMIC_XCHG }, { "cmpxchg", BPF_ATOMIC_CMPXCHG },
};

#define ARRAY_LEN(x) (sizeof(x) / sizeof((x)[0]))

/* lock [fetch] OP[32|64] [%rD+off], %rS */
static int asm_lock(struct asm_ctx *a, char *rest)
{
	char *p = rest, *ops[2];
	bool fetch = false;
	int opi = -1;
	unsigned width = 0;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '[')
			break;
		char *w = p;
		while (*p && !isspace((unsigned char)*p) && *p != '[')
			p++;
		char saved = *p;
		*p = 0;
		char base[16];
		unsigned wd = width_suffix(w, base, sizeof base);
		if (!strcmp(w, "fetch")) {
			if (fetch)
				return fail(a, "'fetch' given twice");
			fetch = true;
		} else {
			int found = -1;
			for (size_t i = 0; i < ARRAY_LEN(atomic_ops); i++)
				if (!strcmp(base, atomic_ops[i].name))
					found = (int)i;
			if (found < 0 || opi >= 0)
				return fail(a, "bad atomic operation '%s' (add, and, or, xor, xchg, "
					    "cmpxchg; 32 suffix for 32 bits)", w);
			opi = found;
			width = wd;
		}
		*p = saved;
	}
	if (opi < 0)
		return fail(a, "'lock' needs an operation (lock [fetch] add [%%rN+off], %%rM)");
	int nops = split_ops(p, ops, 2);
	if (want_ops(a, "lock", nops, 2))
		return -1;
	unsigned dst, src;
	uint16_t off;
	if (get_mem(a, ops[0], &dst, &off) || get_reg(a, ops[1], &src))
		return -1;
	uint32_t imm = atomic_ops[opi].imm;
	if (fetch)
		imm |= BPF_ATOMIC_FETCH;
	unsigned size = width == 32 ? BPF_SIZE_W : BPF_SIZE_DW;
	return emit(a, insn(op_mem(BPF_CLASS_STX, BPF_MODE_ATOMIC, size), dst, src, off, imm));
}

/* call N | call helper N | call local TARGET | call runtime N | call %rN */
static int asm_call(struct asm_ctx *a, char *rest)
{
	char *words[3];
	int nw = 0;

	for (char *p = rest; *p && nw < 3;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		words[nw++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = 0;
	}
	if (nw < 1 || nw > 2)
		return fail(a, "'call' takes a target: call helper N, call local LABEL, call %%rN");
	const char *kind = nw == 2 ? words[0] : NULL;
	const char *x = words[nw - 1];
	unsigned src;
	if (!kind || !strcmp(kind, "helper"))
		src = BPF_CALL_SRC_HELPER;
	else if (!strcmp(kind, "local"))
		src = BPF_CALL_SRC_LOCAL;
	else if (!strcmp(kind, "runtime"))
		src = 2; /* kfunc: not executed by the core, only written */
	else
		return fail(a, "bad call kind '%s' (helper, local or runtime)", kind);

	if (looks_like_reg(x)) {
		unsigned r;
		if (src != BPF_CALL_SRC_HELPER)
			return fail(a, "a register call is written 'call %%rN'");
		if (get_reg(a, x, &r))
			return -1;
		return emit(a, insn(op_alu(BPF_CLASS_JMP, BPF_JMP_CALL, BPF_SRC_X), r, 0, 0, 0));
	}
	uint32_t imm;
	if (src == BPF_CALL_SRC_LOCAL) {
		int32_t t;
		if (get_target(a, x, true, &t))
			return -1;
		imm = (uint32_t)t;
	} else {
		if (is_ident(x))
			return fail(a, "helpers are called by number; for a local function write "
				    "'call local %s'", x);
		if (get_imm32(a, x, &imm))
			return -1;
	}
	return emit(a, insn(op_alu(BPF_CLASS_JMP, BPF_JMP_CALL, BPF_SRC_K), 0, src, 0, imm));
}

/* ldx*, ldxs*, ldx*sx: returns 0 and sets mode/size, or -1 if not a load */
static int ldx_form(const char *mn, unsigned *mode, unsigned *size)
{
	char b[8];
	int sz;
	size_t l;

	if (strncmp(mn, "ldx", 3))
		return -1;
	mn += 3;
	l = strlen(mn);
	if ((sz = size_code(mn)) >= 0) {
		*mode = BPF_MODE_MEM;
	} else if (mn[0] == 's' && (sz = size_code(mn + 1)) >= 0) {
		*mode = BPF_MODE_MEMSX;
	} else if (l > 2 && l < sizeof b + 2 && !strcmp(mn + l - 2, "sx")) {
		memcpy(b, mn, l - 2);
		b[l - 2] = 0;
		if ((sz = size_code(b)) < 0)
			return -1;
		*mode = BPF_MODE_MEMSX;
	} else {
		return -1;
	}
	*size = (unsigned)sz;
	return 0;
}

static int asm_insn(struct asm_ctx *a, const char *mn, char *rest)
{
	char *ops[4];
	int nops;
	unsigned dst, src, mode, size;
	uint16_t off;
	uint32_t imm;
	int32_t t;
	int sz;
	char base[16];

	if (!strcmp(mn, "lock"))
		return asm_lock(a, rest);
	if (!strcmp(mn, "call"))
		return asm_call(a, rest);

	nops = split_ops(rest, ops, 4);

	if (!strcmp(mn, ".quad")) {
		if (nops < 1)
			return fail(a, "'.quad' takes one or more 64-bit values");
		for (int i = 0; i < nops; i++) {
			uint64_t v;
			if (get_imm64(a, ops[i], &v) || emit(a, v))
				return -1;
		}
		return 0;
	}
	if (!strcmp(mn, "exit")) {
		if (want_ops(a, mn, nops, 0))
			return -1;
		if (a->first_exit < 0)
			a->first_exit = a->n;
		return emit(a, insn(op_alu(BPF_CLASS_JMP, BPF_JMP_EXIT, BPF_SRC_K), 0, 0, 0, 0));
	}
	if (!strcmp(mn, "ja")) {
		if (want_ops(a, mn, nops, 1) || get_target(a, ops[0], false, &t))
			return -1;
		return emit(a, insn(op_alu(BPF_CLASS_JMP, BPF_JMP_JA, BPF_SRC_K), 0, 0,
				    (uint16_t)t, 0));
	}
	if (!strcmp(mn, "ja32") || !strcmp(mn, "gotol")) {
		if (want_ops(a, mn, nops, 1) || get_target(a, ops[0], true, &t))
			return -1;
		return emit(a, insn(op_alu(BPF_CLASS_JMP32, BPF_JMP_JA, BPF_SRC_K), 0, 0, 0,
				    (uint32_t)t));
	}
	if (!strcmp(mn, "lddw")) {
		uint64_t v;
		if (want_ops(a, mn, nops, 2) || get_reg(a, ops[0], &dst))
			return -1;
		if (strchr(ops[1], '('))
			return fail(a, "pseudo operand '%s' is not supported; write the slots "
				    "with .quad", ops[1]);
		if (get_imm64(a, ops[1], &v))
			return -1;
		if (emit(a, insn(op_mem(BPF_CLASS_LD, BPF_MODE_IMM, BPF_SIZE_DW), dst, 0, 0,
				 (uint32_t)v)))
			return -1;
		return emit(a, insn(0, 0, 0, 0, (uint32_t)(v >> 32)));
	}
	if (!strncmp(mn, "ldabs", 5) && (sz = size_code(mn + 5)) >= 0) {
		if (want_ops(a, mn, nops, 1) || get_imm32(a, ops[0], &imm))
			return -1;
		return emit(a, insn(op_mem(BPF_CLASS_LD, BPF_MODE_ABS, sz), 0, 0, 0, imm));
	}
	if (!strncmp(mn, "ldind", 5) && (sz = size_code(mn + 5)) >= 0) {
		if (want_ops(a, mn, nops, 2) || get_reg(a, ops[0], &src) ||
		    get_imm32(a, ops[1], &imm))
			return -1;
		return emit(a, insn(op_mem(BPF_CLASS_LD, BPF_MODE_IND, sz), 0, src, 0, imm));
	}
	if (!ldx_form(mn, &mode, &size)) {
		if (want_ops(a, mn, nops, 2) || get_reg(a, ops[0], &dst) ||
		    get_mem(a, ops[1], &src, &off))
			return -1;
		return emit(a, insn(op_mem(BPF_CLASS_LDX, mode, size), dst, src, off, 0));
	}
	if (!strncmp(mn, "stx", 3) && (sz = size_code(mn + 3)) >= 0) {
		if (want_ops(a, mn, nops, 2) || get_mem(a, ops[0], &dst, &off) ||
		    get_reg(a, ops[1], &src))
			return -1;
		return emit(a, insn(op_mem(BPF_CLASS_STX, BPF_MODE_MEM, sz), dst, src, off, 0));
	}
	if (!strncmp(mn, "st", 2) && (sz = size_code(mn + 2)) >= 0) {
		if (want_ops(a, mn, nops, 2) || get_mem(a, ops[0], &dst, &off) ||
		    get_imm32(a, ops[1], &imm))
			return -1;
		return emit(a, insn(op_mem(BPF_CLASS_ST, BPF_MODE_MEM, sz), dst, 0, off, imm));
	}

	/* byte swaps: be16 le32 swap64 bswap16 ... */
	{
		static const struct {
			const char *prefix;
			unsigned cls, src;
		} ends[] = {
			{ "be", BPF_CLASS_ALU, BPF_SRC_X },
			{ "le", BPF_CLASS_ALU, BPF_SRC_K },
			{ "swap", BPF_CLASS_ALU64, BPF_SRC_K },
			{ "bswap", BPF_CLASS_ALU64, BPF_SRC_K },
		};
		for (size_t i = 0; i < ARRAY_LEN(ends); i++) {
			size_t pl = strlen(ends[i].prefix);
			const char *w = mn + pl;
			if (strncmp(mn, ends[i].prefix, pl) ||
			    (strcmp(w, "16") && strcmp(w, "32") && strcmp(w, "64")))
				continue;
			if (want_ops(a, mn, nops, 1) || get_reg(a, ops[0], &dst))
				return -1;
			return emit(a, insn(op_alu(ends[i].cls, BPF_ALU_END, ends[i].src), dst, 0,
					    0, (uint32_t)atoi(w)));
		}
	}

	/* movsx832 movsx1632 movsx864 movsx1664 movsx3264 */
	if (!strncmp(mn, "movsx", 5)) {
		static const struct {
			const char *name;
			unsigned cls;
			uint16_t off;
		} sx[] = {
			{ "movsx832", BPF_CLASS_ALU, 8 },     { "movsx1632", BPF_CLASS_ALU, 16 },
			{ "movsx864", BPF_CLASS_ALU64, 8 },   { "movsx1664", BPF_CLASS_ALU64, 16 },
			{ "movsx3264", BPF_CLASS_ALU64, 32 },
		};
		for (size_t i = 0; i < ARRAY_LEN(sx); i++) {
			if (strcmp(mn, sx[i].name))
				continue;
			if (want_ops(a, mn, nops, 2) || get_reg(a, ops[0], &dst) ||
			    get_reg(a, ops[1], &src))
				return -1;
			return emit(a, insn(op_alu(sx[i].cls, BPF_ALU_MOV, BPF_SRC_X), dst, src,
					    sx[i].off, 0));
		}
		return fail(a, "unknown mnemonic '%s' (movsx832, movsx1632, movsx864, movsx1664, "
			    "movsx3264)", mn);
	}

	unsigned width = width_suffix(mn, base, sizeof base);

	for (size_t i = 0; i < ARRAY_LEN(alu_ops); i++) {
		if (strcmp(base, alu_ops[i].name))
			continue;
		unsigned cls = width == 32 ? BPF_CLASS_ALU : BPF_CLASS_ALU64;
		if (alu_ops[i].code == BPF_ALU_NEG) {
			if (want_ops(a, mn, nops, 1) || get_reg(a, ops[0], &dst))
				return -1;
			return emit(a, insn(op_alu(cls, BPF_ALU_NEG, BPF_SRC_K), dst, 0, 0, 0));
		}
		if (want_ops(a, mn, nops, 2) || get_reg(a, ops[0], &dst))
			return -1;
		if (looks_like_reg(ops[1])) {
			if (get_reg(a, ops[1], &src))
				return -1;
			return emit(a, insn(op_alu(cls, alu_ops[i].code, BPF_SRC_X), dst, src,
					    alu_ops[i].off, 0));
		}
		if (get_imm32(a, ops[1], &imm))
			return -1;
		return emit(a, insn(op_alu(cls, alu_ops[i].code, BPF_SRC_K), dst, 0,
				    alu_ops[i].off, imm));
	}

	for (size_t i = 0; i < ARRAY_LEN(jmp_ops) && width != 64; i++) {
		if (strcmp(base, jmp_ops[i].name))
			continue;
		unsigned cls = width == 32 ? BPF_CLASS_JMP32 : BPF_CLASS_JMP;
		if (want_ops(a, mn, nops, 3) || get_reg(a, ops[0], &dst))
			return -1;
		if (looks_like_reg(ops[1])) {
			if (get_reg(a, ops[1], &src) || get_target(a, ops[2], false, &t))
				return -1;
			return emit(a, insn(op_alu(cls, jmp_ops[i].code, BPF_SRC_X), dst, src,
					    (uint16_t)t, 0));
		}
		if (get_imm32(a, ops[1], &imm) || get_target(a, ops[2], false, &t))
			return -1;
		return emit(a, insn(op_alu(cls, jmp_ops[i].code, BPF_SRC_K), dst, 0, (uint16_t)t,
				    imm));
	}

	return fail(a, "unknown mnemonic '%s'", mn);
}

/* One source line: [label:] [mnemonic operands] [# comment] */
static int asm_line(struct asm_ctx *a, const char *text, size_t len)
{
	char buf[MAX_LINE];
	char *s, *p;
	char mn[24];
	size_t ml = 0;

	a->ltext = text;
	a->llen = len;
	if (len >= sizeof buf)
		return fail(a, "line longer than %d characters", MAX_LINE - 1);
	memcpy(buf, text, len);
	buf[len] = 0;
	if ((p = strchr(buf, '#')))
		*p = 0;
	s = trim(buf);
	if (!*s)
		return 0;

	/* a label, maybe followed by an instruction */
	if (ident_start((unsigned char)*s)) {
		for (p = s + 1; ident_char((unsigned char)*p); p++)
			;
		char *q = p;
		while (isspace((unsigned char)*q))
			q++;
		if (*q == ':') {
			*p = 0;
			if (define_label(a, s))
				return -1;
			s = trim(q + 1);
			if (!*s)
				return 0;
		}
	}

	for (p = s; *p && !isspace((unsigned char)*p); p++) {
		if (ml + 1 >= sizeof mn)
			return fail(a, "unknown mnemonic");
		mn[ml++] = (char)tolower((unsigned char)*p);
	}
	mn[ml] = 0;
	return asm_insn(a, mn, trim(p));
}

static int resolve(struct asm_ctx *a)
{
	for (size_t i = 0; i < a->nfix; i++) {
		struct fixup *f = &a->fix[i];
		int64_t target = -1;

		for (size_t j = 0; j < a->nlabels; j++)
			if (!strcmp(a->labels[j].name, f->name))
				target = a->labels[j].slot;
		if (target < 0 && !strcmp(f->name, "exit"))
			target = a->first_exit;
		a->line = f->line;
		a->ltext = f->ltext;
		a->llen = f->llen;
		if (target < 0)
			return fail(a, "undefined label '%s'", f->name);
		int64_t d = target - (int64_t)f->slot - 1;
		if (f->in_imm) {
			if (d < INT32_MIN || d > INT32_MAX)
				return fail(a, "label '%s' is too far", f->name);
			a->w[f->slot] |= (uint64_t)(uint32_t)d << 32;
		} else {
			if (d < INT16_MIN || d > INT16_MAX)
				return fail(a, "label '%s' is too far for a 16-bit offset (use ja32)",
					    f->name);
			a->w[f->slot] |= (uint64_t)(uint16_t)d << 16;
		}
	}
	return 0;
}

int bpf_asm_ex(const char *text, const struct bpf_asm_opts *opts, uint64_t **insns,
	       uint32_t *n, char *err, size_t errlen)
{
	struct asm_ctx a = { .first_exit = -1, .err = err, .errlen = errlen };
	unsigned first = 1;
	int rc = 0;

	if (opts && opts->sz >= offsetof(struct bpf_asm_opts, name) + sizeof opts->name)
		a.name = opts->name;
	if (opts && opts->sz >= offsetof(struct bpf_asm_opts, first_line) +
			       sizeof opts->first_line && opts->first_line)
		first = opts->first_line;
	if (err && errlen)
		err[0] = 0;
	*insns = NULL;
	*n = 0;

	a.line = first;
	for (const char *p = text; *p; a.line++) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		size_t l = len;
		if (l && p[l - 1] == '\r')
			l--;
		if ((rc = asm_line(&a, p, l)))
			break;
		p += len + (e != NULL);
	}
	if (!rc)
		rc = resolve(&a);
	free(a.labels);
	free(a.fix);
	if (rc) {
		free(a.w);
		return -1;
	}
	*insns = a.w;
	*n = a.n;
	return 0;
}

int bpf_asm(const char *text, uint64_t **insns, uint32_t *n, char *err, size_t errlen)
{
	return bpf_asm_ex(text, NULL, insns, n, err, errlen);
}

/* ------------------------------------------------------------------------
 * Disassembler
 * ---------------------------------------------------------------------- */
static const char *size_name(unsigned size)
{
	static const char *const names[] = { "w", "h", "b", "dw" };
	return names[size & 3];
}

static void fmt_imm(char *b, size_t len, int32_t imm)
{
	if (imm > -0x10000 && imm < 0x10000)
		snprintf(b, len, "%" PRId32, imm);
	else
		snprintf(b, len, "0x%" PRIx32, (uint32_t)imm);
}

static void fmt_mem(char *b, size_t len, unsigned reg, int16_t off)
{
	if (off)
		snprintf(b, len, "[%%r%u%+d]", reg, off);
	else
		snprintf(b, len, "[%%r%u]", reg);
}

/* Format slot pc in the assembler's syntax.  Returns the slots covered, or
 * 0 when the slot has no such form (bpf_disasm then writes .quad). */
static unsigned fmt_insn(const uint64_t *w, uint32_t n, uint32_t pc, char *b, size_t len)
{
	uint64_t x = w[pc];
	unsigned op = w_op(x), cls = op & 7, dst = w_dst(x), src = w_src(x);
	int16_t off = w_off(x);
	int32_t imm = w_imm(x);
	char is[24], ms[32];

	fmt_imm(is, sizeof is, imm);
	fmt_mem(ms, sizeof ms, cls == BPF_CLASS_LDX ? src : dst, off);

	switch (cls) {
	case BPF_CLASS_ALU:
	case BPF_CLASS_ALU64: {
		unsigned code = op >> 4;
		bool reg = op & BPF_SRC_X;
		const char *sfx = cls == BPF_CLASS_ALU ? "32" : "";
		const char *name = NULL;
		if (code == BPF_ALU_END) {
			const char *kind = cls == BPF_CLASS_ALU64 ? "swap" : reg ? "be" : "le";
			snprintf(b, len, "%s%" PRId32 " %%r%u", kind, imm, dst);
			return 1;
		}
		if (code == BPF_ALU_NEG) {
			snprintf(b, len, "neg%s %%r%u", sfx, dst);
			return 1;
		}
		if (code == BPF_ALU_MOV && reg && off) {
			snprintf(b, len, "movsx%d%s %%r%u, %%r%u", off,
				 cls == BPF_CLASS_ALU ? "32" : "64", dst, src);
			return 1;
		}
		for (size_t i = 0; i < ARRAY_LEN(alu_ops); i++)
			if (alu_ops[i].code == code && alu_ops[i].off == (off == 1))
				name = alu_ops[i].name;
		if (!name)
			return 0;
		if (reg)
			snprintf(b, len, "%s%s %%r%u, %%r%u", name, sfx, dst, src);
		else
			snprintf(b, len, "%s%s %%r%u, %s", name, sfx, dst, is);
		return 1;
	}
	case BPF_CLASS_JMP:
	case BPF_CLASS_JMP32: {
		unsigned code = op >> 4;
		bool reg = op & BPF_SRC_X;
		const char *sfx = cls == BPF_CLASS_JMP32 ? "32" : "";
		if (code == BPF_JMP_JA) {
			if (cls == BPF_CLASS_JMP32)
				snprintf(b, len, "ja32 %+" PRId32, imm);
			else
				snprintf(b, len, "ja %+d", off);
			return 1;
		}
		if (code == BPF_JMP_EXIT) {
			snprintf(b, len, "exit");
			return 1;
		}
		if (code == BPF_JMP_CALL) {
			if (reg)
				snprintf(b, len, "call %%r%u", dst);
			else if (src == BPF_CALL_SRC_LOCAL)
				snprintf(b, len, "call local %+" PRId32, imm);
			else if (src == 2)
				snprintf(b, len, "call runtime %s", is);
			else
				snprintf(b, len, "call helper %s", is);
			return 1;
		}
		for (size_t i = 0; i < ARRAY_LEN(jmp_ops); i++) {
			if (jmp_ops[i].code != code)
				continue;
			if (reg)
				snprintf(b, len, "%s%s %%r%u, %%r%u, %+d", jmp_ops[i].name, sfx, dst,
					 src, off);
			else
				snprintf(b, len, "%s%s %%r%u, %s, %+d", jmp_ops[i].name, sfx, dst, is,
					 off);
			return 1;
		}
		return 0;
	}
	case BPF_CLASS_LD: {
		unsigned mode = op >> 5, size = (op >> 3) & 3;
		if (mode == BPF_MODE_IMM && size == BPF_SIZE_DW) {
			if (pc + 1 >= n)
				return 0;
			uint64_t v = (uint32_t)imm | (uint64_t)(uint32_t)w_imm(w[pc + 1]) << 32;
			snprintf(b, len, "lddw %%r%u, 0x%" PRIx64, dst, v);
			return 2;
		}
		if (mode == BPF_MODE_ABS) {
			snprintf(b, len, "ldabs%s %s", size_name(size), is);
			return 1;
		}
		if (mode == BPF_MODE_IND) {
			snprintf(b, len, "ldind%s %%r%u, %s", size_name(size), src, is);
			return 1;
		}
		return 0;
	}
	case BPF_CLASS_LDX: {
		unsigned mode = op >> 5, size = (op >> 3) & 3;
		if (mode != BPF_MODE_MEM && mode != BPF_MODE_MEMSX)
			return 0;
		snprintf(b, len, "ldx%s%s %%r%u, %s", mode == BPF_MODE_MEMSX ? "s" : "",
			 size_name(size), dst, ms);
		return 1;
	}
	case BPF_CLASS_ST:
		if (op >> 5 != BPF_MODE_MEM)
			return 0;
		snprintf(b, len, "st%s %s, %s", size_name((op >> 3) & 3), ms, is);
		return 1;
	case BPF_CLASS_STX: {
		unsigned mode = op >> 5, size = (op >> 3) & 3;
		if (mode == BPF_MODE_MEM) {
			snprintf(b, len, "stx%s %s, %%r%u", size_name(size), ms, src);
			return 1;
		}
		if (mode != BPF_MODE_ATOMIC || (size != BPF_SIZE_W && size != BPF_SIZE_DW))
			return 0;
		const char *wsfx = size == BPF_SIZE_W ? "32" : "";
		for (size_t i = 0; i < ARRAY_LEN(atomic_ops); i++) {
			uint32_t base = atomic_ops[i].imm;
			bool fixed = base == BPF_ATOMIC_XCHG || base == BPF_ATOMIC_CMPXCHG;
			if ((uint32_t)imm == base) {
				snprintf(b, len, "lock %s%s %s, %%r%u", atomic_ops[i].name, wsfx, ms,
					 src);
				return 1;
			}
			if (!fixed && (uint32_t)imm == (base | BPF_ATOMIC_FETCH)) {
				snprintf(b, len, "lock fetch %s%s %s, %%r%u", atomic_ops[i].name, wsfx,
					 ms, src);
				return 1;
			}
		}
		return 0;
	}
	}
	return 0;
}

static void fmt_quad(char *b, size_t len, uint64_t x)
{
	snprintf(b, len, ".quad 0x%016" PRIx64 "  # op 0x%02x dst %u src %u off %d imm %" PRId32,
		 x, w_op(x), w_dst(x), w_src(x), w_off(x), w_imm(x));
}

unsigned bpf_disasm(const uint64_t *insns, uint32_t n, uint32_t pc, char *buf, size_t len)
{
	char line[128];
	unsigned k;

	if (pc >= n) {
		if (len)
			buf[0] = 0;
		return 0;
	}
	k = fmt_insn(insns, n, pc, line, sizeof line);
	if (k) {
		/* keep the line only if it assembles back to the same slots */
		uint64_t *w = NULL;
		uint32_t wn = 0;
		if (bpf_asm(line, &w, &wn, NULL, 0) || wn != k || w[0] != insns[pc] ||
		    (k == 2 && w[1] != insns[pc + 1]))
			k = 0;
		free(w);
	}
	if (!k) {
		fmt_quad(line, sizeof line, insns[pc]);
		k = 1;
	}
	if (len)
		snprintf(buf, len, "%s", line);
	return k;
}

char *bpf_disasm_prog(const uint64_t *insns, uint32_t n, unsigned flags)
{
	size_t cap = 64 * (size_t)n + 1, used = 0;
	char *s = malloc(cap);
	char line[160];

	if (!s)
		return NULL;
	s[0] = 0;
	for (uint32_t pc = 0; pc < n;) {
		unsigned k = bpf_disasm(insns, n, pc, line, sizeof line);
		size_t l = strlen(line);
		char tail[32] = "";
		if (flags & BPF_DISASM_PC)
			snprintf(tail, sizeof tail, "%*s# pc %" PRIu32, l < 40 ? (int)(40 - l) : 2, "",
				 pc);
		size_t need = l + strlen(tail) + 2;
		if (used + need > cap) {
			size_t ncap = 2 * cap + need;
			char *ns = realloc(s, ncap);
			if (!ns) {
				free(s);
				return NULL;
			}
			s = ns;
			cap = ncap;
		}
		used += (size_t)sprintf(s + used, "%s%s\n", line, tail);
		pc += k;
	}
	return s;
}

void bpf_disasm_print(FILE *f, const uint64_t *insns, uint32_t n, unsigned flags,
		      const char *indent)
{
	char line[160];

	for (uint32_t pc = 0; pc < n;) {
		unsigned k = bpf_disasm(insns, n, pc, line, sizeof line);
		if (flags & BPF_DISASM_PC)
			fprintf(f, "%s%-40s # pc %" PRIu32 "\n", indent ? indent : "", line, pc);
		else
			fprintf(f, "%s%s\n", indent ? indent : "", line);
		pc += k;
	}
}

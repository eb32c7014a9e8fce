/* check.c: what libbpfsoc checks before anything reaches a device.
 *
 * Per instruction: legal as the core executes it (the reference model's
 * own rule, bpfcore_insn_legal), jump and call targets inside the program
 * and not into the second slot of an lddw, helper ids the device services,
 * no kfuncs, stack accesses through r10 inside the 512-byte frame, and no
 * way to run past the last instruction.  Over the whole program: no read
 * of a register that some path reaches without writing it (a run finds
 * r0 and r2..r9 as the last run left them, so such a read is a bug that
 * the core would not catch).  Over the object: map attributes within the
 * device's limits, and the sizes against its capacity.
 *
 * Every problem is reported, each naming object, section, program,
 * instruction and source line; the result is -EINVAL if there was one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_insn.h"
#include "bpf_pseudo.h"
#include "bpfcore.h"
#include "bpfsoc_map.h"
#include "bpfsoc_proto.h"
#include "object.h"

#define MAX_REPORTS 20   /* per program: the first ones tell the story */

struct checker {
	const struct bpfsoc_program *p;
	const struct bpfsoc_info *info;
	unsigned errors;
};

static void report(struct checker *c, uint32_t i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct checker *c, uint32_t i, const char *fmt, ...)
{
	char where[512], msg[256];
	va_list ap;

	if (c->errors++ >= MAX_REPORTS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bpfsoc_insn_where(c->p, i, where, sizeof(where));
	pr_warn("%s: %s\n", where, msg);
}

static unsigned op_of(uint64_t in) { return (unsigned)(in & 0xff); }
static unsigned cls_of(unsigned op) { return op & 7; }
static unsigned code_of(unsigned op) { return op >> 4; }
static unsigned mode_of(unsigned op) { return op >> 5; }
static unsigned dst_of(uint64_t in) { return (unsigned)(in >> 8) & 0xf; }
static unsigned src_of(uint64_t in) { return (unsigned)(in >> 12) & 0xf; }
static int16_t off_of(uint64_t in) { return (int16_t)(in >> 16); }
static int32_t imm_of(uint64_t in) { return (int32_t)(in >> 32); }

static int is_lddw(uint64_t in)
{
	return op_of(in) == BPF_OP_LDDW;
}

static int is_jmp(unsigned op)
{
	return cls_of(op) == BPF_CLASS_JMP || cls_of(op) == BPF_CLASS_JMP32;
}

static const char *helper_name(uint32_t id)
{
#define X(name, v, nargs, sig) if (id == v) return sig;
	BPFSOC_HELPER_LIST(X)
#undef X
	return NULL;
}

static int helper_nargs(uint32_t id)
{
#define X(name, v, nargs, sig) if (id == v) return nargs;
	BPFSOC_HELPER_LIST(X)
#undef X
	return 5;
}

static int device_has_helper(const struct checker *c, uint32_t id)
{
	if (!c->info)
		return helper_name(id) != NULL;
	for (unsigned k = 0; k < c->info->n_helpers; k++)
		if (c->info->helpers[k] == id)
			return 1;
	return 0;
}

/* The bytes a load or store moves */
static int size_bytes(unsigned op)
{
	static const int sz[4] = {4, 2, 1, 8};   /* W, H, B, DW */
	return sz[(op >> 3) & 3];
}

/* ---- one instruction at a time ---- */

static void check_insns(struct checker *c, uint8_t *second)
{
	const struct bpfsoc_program *p = c->p;
	uint32_t n = p->n_insns;

	for (uint32_t i = 0; i < n; i++) {
		uint64_t in = p->insns[i];

		if (is_lddw(in)) {
			if (i + 1 >= n)
				report(c, i, "lddw in the last slot: its second half is missing");
			else
				second[i + 1] = 1;
			/* pseudo sources become src 0 at load */
			if (src_of(in) == BPF_PSEUDO_MAP_FD || src_of(in) == BPF_PSEUDO_MAP_VALUE)
				in &= ~0xf000ull;
			else if (src_of(in))
				report(c, i, "lddw with pseudo source %u: only maps and global data "
					     "resolve here", src_of(in));
		}
		if (second[i])
			continue;
		if (!bpfcore_insn_legal(in, i, n)) {
			report(c, i, "not an instruction the core executes (opcode 0x%02x, dst r%u, "
				     "src r%u, off %d, imm %d)", op_of(in), dst_of(in), src_of(in),
			       off_of(in), imm_of(in));
			continue;
		}
		unsigned op = op_of(in);
		if (is_jmp(op)) {
			unsigned code = code_of(op);
			if (code == BPF_JMP_CALL && !(op & BPF_SRC_X)) {
				uint32_t id = (uint32_t)imm_of(in);
				if (src_of(in) == BPF_CALL_SRC_HELPER) {
					if (!device_has_helper(c, id))
						report(c, i, "helper %u%s%s is not one the device "
							     "services", id, helper_name(id) ? " " : "",
						       helper_name(id) ? helper_name(id) : "");
				} else if (src_of(in) == BPF_CALL_SRC_BTF_ID) {
					report(c, i, "a kfunc call (BTF id %u): the device has none", id);
				} else {
					int64_t t = (int64_t)i + 1 + imm_of(in);
					if (t < 0 || t >= n || second[t])
						report(c, i, "bpf-to-bpf call to insn %lld, outside the "
							     "program", (long long)t);
				}
			} else if (code != BPF_JMP_CALL && code != BPF_JMP_EXIT) {
				int64_t d = cls_of(op) == BPF_CLASS_JMP32 && code == BPF_JMP_JA ?
						    imm_of(in) : off_of(in);
				int64_t t = (int64_t)i + 1 + d;
				if (t < 0 || t >= n)
					report(c, i, "jump to insn %lld, outside the program's %u",
					       (long long)t, n);
				else if (t < n && second[t])
					report(c, i, "jump into the middle of the lddw at insn %lld",
					       (long long)t - 1);
			}
		}
		/* stack accesses through r10 itself */
		unsigned cls = cls_of(op);
		unsigned base = cls == BPF_CLASS_LDX ? src_of(in) : dst_of(in);
		if ((cls == BPF_CLASS_LDX || cls == BPF_CLASS_ST || cls == BPF_CLASS_STX) &&
		    base == 10 && mode_of(op) != BPF_MODE_IMM) {
			int off = off_of(in), sz = size_bytes(op);
			if (off < -(int)BPF_FRAME_SIZE || off + sz > 0)
				report(c, i, "stack access of %d bytes at r10%+d: outside the %u-byte "
					     "frame", sz, off, BPF_FRAME_SIZE);
		}
	}
	/* the last instruction must not fall off the end */
	if (n) {
		uint32_t last = second[n - 1] ? n - 2 : n - 1;
		uint64_t in = p->insns[last];
		unsigned op = op_of(in);
		int ends = is_jmp(op) && (code_of(op) == BPF_JMP_EXIT ||
					  (code_of(op) == BPF_JMP_JA && cls_of(op) == BPF_CLASS_JMP));
		if (!ends)
			report(c, last, "the program can run past its last instruction (no exit)");
	} else {
		report(c, 0, "an empty program");
	}
}

/* ---- registers written before they are read ---- */

/* The registers instruction in reads, and those it writes, as masks. */
static void uses_defs(uint64_t in, uint16_t *use, uint16_t *def, uint16_t *kill)
{
	unsigned op = op_of(in), cls = cls_of(op), d = dst_of(in), s = src_of(in);
	uint16_t D = (uint16_t)(1u << d), S = (uint16_t)(1u << s);

	*use = *def = *kill = 0;
	switch (cls) {
	case BPF_CLASS_ALU:
	case BPF_CLASS_ALU64:
		if (code_of(op) != BPF_ALU_MOV)
			*use |= D;
		if ((op & BPF_SRC_X) && code_of(op) != BPF_ALU_NEG && code_of(op) != BPF_ALU_END)
			*use |= S;
		*def = D;
		break;
	case BPF_CLASS_LD:
		if (mode_of(op) == BPF_MODE_IMM) {
			*def = D;
		} else {
			/* legacy packet loads: r6 is the context, r0 the result,
			 * r1..r5 clobbered */
			*use = 1u << 6 | (mode_of(op) == BPF_MODE_IND ? S : 0);
			*kill = 0x3e;
			*def = 1;
		}
		break;
	case BPF_CLASS_LDX:
		*use = S;
		*def = D;
		break;
	case BPF_CLASS_ST:
		*use = D;
		break;
	case BPF_CLASS_STX:
		*use = D | S;
		if (mode_of(op) == BPF_MODE_ATOMIC) {
			int32_t imm = imm_of(in);
			if (imm == (int32_t)BPF_ATOMIC_CMPXCHG)
				*use |= 1, *def = 1;
			else if (imm & BPF_ATOMIC_FETCH)
				*def = S;
		}
		break;
	default:   /* jumps */
		if (code_of(op) == BPF_JMP_EXIT) {
			*use = 1;
		} else if (code_of(op) == BPF_JMP_CALL) {
			if (op & BPF_SRC_X)
				*use = (uint16_t)(1u << (d ? d : s));
			else if (s == BPF_CALL_SRC_HELPER)
				*use = (uint16_t)(((1u << helper_nargs((uint32_t)imm_of(in))) - 1) << 1);
			*kill = 0x3e;
			*def = 1;
		} else if (code_of(op) != BPF_JMP_JA) {
			*use = D | ((op & BPF_SRC_X) ? S : 0);
		}
		break;
	}
}

static void check_regs(struct checker *c, const uint8_t *second)
{
	const struct bpfsoc_program *p = c->p;
	uint32_t n = p->n_insns;
	uint16_t *in = malloc(n * sizeof(*in));
	uint8_t *seen = calloc(n, 1), *reported = calloc(n, 1);
	uint32_t *work = malloc((n + 1) * sizeof(*work)), top = 0;

	if (!in || !seen || !reported || !work)
		goto out;
	/* the program's entry: r1 (the context) and r10; a bpf-to-bpf
	 * callee's: r1..r5 (its arguments, written by the caller) and r10 */
	for (uint32_t i = 0; i < n; i++)
		in[i] = 0xffff;
	in[0] = 1u << 1 | 1u << 10;
	seen[0] = 1;
	work[top++] = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t x = p->insns[i];
		if (!second[i] && op_of(x) == BPF_OP_CALL && src_of(x) == BPF_CALL_SRC_LOCAL) {
			int64_t t = (int64_t)i + 1 + imm_of(x);
			if (t > 0 && t < n && !seen[t]) {
				in[t] = 0x3e | 1u << 10;
				seen[t] = 1;
				work[top++] = (uint32_t)t;
			}
		}
	}
	while (top) {
		uint32_t i = work[--top];
		uint64_t x = p->insns[i];
		uint16_t use, def, kill;

		if (second[i] || !bpfcore_insn_legal(is_lddw(x) ? x & ~0xf000ull : x, i, n))
			continue;
		uses_defs(x, &use, &def, &kill);
		uint16_t out = (uint16_t)((in[i] & ~kill) | def);
		unsigned op = op_of(x);
		uint32_t succ[2];
		int ns = 0;

		if (is_jmp(op) && code_of(op) == BPF_JMP_EXIT) {
			ns = 0;
		} else if (is_jmp(op) && code_of(op) != BPF_JMP_CALL) {
			int64_t d = cls_of(op) == BPF_CLASS_JMP32 && code_of(op) == BPF_JMP_JA ?
					    imm_of(x) : off_of(x);
			int64_t t = (int64_t)i + 1 + d;
			if (t >= 0 && t < n)
				succ[ns++] = (uint32_t)t;
			if (code_of(op) != BPF_JMP_JA && i + 1 < n)
				succ[ns++] = i + 1;
		} else {
			uint32_t next = i + (is_lddw(x) ? 2 : 1);
			if (next < n)
				succ[ns++] = next;
		}
		for (int k = 0; k < ns; k++) {
			uint32_t t = succ[k];
			uint16_t merged = seen[t] ? (uint16_t)(in[t] & out) : out;
			if (!seen[t] || merged != in[t]) {
				in[t] = merged;
				seen[t] = 1;
				if (top < n + 1)
					work[top++] = t;
			}
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		uint16_t use, def, kill;

		if (!seen[i] || second[i])
			continue;
		uses_defs(p->insns[i], &use, &def, &kill);
		uint16_t bad = (uint16_t)(use & ~in[i]);
		for (unsigned r = 0; bad && r <= 10; r++)
			if (bad & (1u << r) && !reported[i]) {
				reported[i] = 1;
				report(c, i, "reads r%u, which a path to here leaves unwritten (a run "
					     "finds r0-r9 as the last run left them)", r);
			}
	}
out:
	free(in);
	free(seen);
	free(reported);
	free(work);
}

/* ---- the object ---- */

static void check_maps(struct bpfsoc_object *o, const struct bpfsoc_info *info, unsigned *errors)
{
	for (size_t i = 0; i < o->n_maps; i++) {
		const struct bpfsoc_map *m = &o->maps[i];
		const char *bad = NULL;

		switch (m->type) {
		case BPFSOC_MAP_TYPE_ARRAY:
		case BPFSOC_MAP_TYPE_HASH:
		case BPFSOC_MAP_TYPE_LRU_HASH:
		case BPFSOC_MAP_TYPE_PROG_ARRAY:
		case BPFSOC_MAP_TYPE_RINGBUF:
			break;
		default:
			bad = "its type is not one the device has (ARRAY, HASH, LRU_HASH, PROG_ARRAY, "
			      "RINGBUF)";
		}
		if (!bad && m->key_size > BPFSOC_MAP_MAX_KEY_SIZE)
			bad = "its key is larger than the device's MAX_KEY_SIZE";
		else if (!bad && m->value_size > BPFSOC_MAP_MAX_VALUE_SIZE)
			bad = m->kind == MAP_USER ? "its value is larger than the device's MAX_VALUE_SIZE"
						  : "the section is larger than the device's largest map "
						    "value (MAX_VALUE_SIZE)";
		else if (!bad && m->max_entries == 0)
			bad = "max_entries is 0";
		else if (!bad && (uint64_t)m->max_entries * (m->key_size + m->value_size) >
					 (info ? info->arena_size : SOC_MAP_SIZE))
			bad = info ? "it alone is larger than the device's map memory"
				   : "it alone is larger than the largest device's map memory";
		if (bad) {
			pr_warn("%s: map '%s' (type %u, key %u, value %u, %u entries): %s\n", o->path,
				m->name, m->type, m->key_size, m->value_size, m->max_entries, bad);
			(*errors)++;
		}
	}
}

/* What a section's name says of its program (libbpf's SEC() names): NULL
 * for an XDP program, which the device runs, or why it cannot run this one */
static const char *not_xdp(const char *sec)
{
	static const struct {
		const char *prefix, *why;
	} kinds[] = {
		{"socket", "a socket filter runs on struct __sk_buff"},
		{"tc", "a tc program runs on struct __sk_buff"},
		{"tcx", "a tcx program runs on struct __sk_buff"},
		{"classifier", "a tc classifier runs on struct __sk_buff"},
		{"action", "a tc action runs on struct __sk_buff"},
		{"cgroup", "a cgroup program runs in the host's kernel"},
		{"kprobe", "a kprobe runs in the host's kernel"},
		{"kretprobe", "a kprobe runs in the host's kernel"},
		{"uprobe", "a uprobe runs in the host's kernel"},
		{"tracepoint", "a tracepoint program runs in the host's kernel"},
		{"tp", "a tracepoint program runs in the host's kernel"},
		{"raw_tp", "a tracepoint program runs in the host's kernel"},
		{"fentry", "a tracing program runs in the host's kernel"},
		{"fexit", "a tracing program runs in the host's kernel"},
		{"lsm", "an LSM program runs in the host's kernel"},
		{"struct_ops", "struct_ops run in the host's kernel"},
		{"sk_", "a socket program runs in the host's kernel"},
		{"perf_event", "a perf event program runs in the host's kernel"},
	};

	if (!strncmp(sec, "xdp", 3) && (sec[3] == '\0' || sec[3] == '/' || sec[3] == '.'))
		return NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t n = strlen(kinds[i].prefix);
		if (!strncmp(sec, kinds[i].prefix, n) &&
		    (sec[n] == '\0' || sec[n] == '/' || sec[n] == '.' || kinds[i].prefix[n - 1] == '_'))
			return kinds[i].why;
	}
	return NULL;   /* a name of its own: taken as XDP, as the device runs it */
}

int bpfsoc_object__check(struct bpfsoc_object *o, const struct bpfsoc_info *info)
{
	unsigned errors = 0;
	uint64_t slots = 0;
	unsigned imem = info ? info->imem_slots : SOC_BPF_IMEM_DEPTH;

	check_maps(o, info, &errors);
	for (size_t i = 0; i < o->n_progs; i++) {
		const char *why = not_xdp(o->progs[i].sec_name);
		if (why) {
			pr_warn("%s: section %s, program %s: %s; the device runs XDP programs "
				"(SEC(\"xdp\"), struct xdp_md)\n", o->path, o->progs[i].sec_name,
				o->progs[i].name, why);
			errors++;
			continue;
		}
		struct checker c = {.p = &o->progs[i], .info = info};
		uint8_t *second = calloc(o->progs[i].n_insns + 1, 1);

		if (!second)
			return -ENOMEM;
		check_insns(&c, second);
		if (!c.errors)
			check_regs(&c, second);
		free(second);
		if (c.errors > MAX_REPORTS)
			pr_warn("%s: section %s, program %s: %u more problems\n", o->path,
				o->progs[i].sec_name, o->progs[i].name, c.errors - MAX_REPORTS);
		errors += c.errors;
		slots += o->progs[i].n_insns;
		if (o->progs[i].n_insns > imem) {
			pr_warn("%s: section %s, program %s: %u instructions; the device holds %u\n",
				o->path, o->progs[i].sec_name, o->progs[i].name, o->progs[i].n_insns,
				imem);
			errors++;
		}
	}
	if (slots > imem) {
		pr_warn("%s: %llu instructions in all; the device's instruction memory holds %u\n",
			o->path, (unsigned long long)slots, imem);
		errors++;
	}
	return errors ? -EINVAL : 0;
}

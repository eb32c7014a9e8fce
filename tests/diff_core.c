/* diff_core.c: the reference model and the RTL, side by side.
 *
 * Each engine gets its own copy of the program's memory; both run the same
 * program with the same registers and helper answers, and every retirement
 * record of one must equal the other's, field by field.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_asm.h"
#include "bpf_insn.h"
#include "diff_core.h"
#include "rtl_core.h"

struct backing {
	uint8_t mem[BPF_GEN_MEM_LEN];
	uint8_t ro[BPF_GEN_RO_LEN];
	int stray; /* an access the core should have refused reached memory */
};

struct log {
	struct bpfcore_retire *rec;
	size_t n, cap;
};

struct side {
	struct bpfcore *core;
	struct backing mem;
	struct log log;
	struct bpfcore_result res;
	uint64_t regs[11];
	unsigned tails;
	uint32_t tail_pc;
};

struct diff_ctx {
	struct side ref, rtl;
};

static uint8_t *locate(struct backing *b, uint32_t addr, unsigned size, int write)
{
	if (addr >= BPF_GEN_MEM_BASE && addr + size <= BPF_GEN_MEM_BASE + BPF_GEN_MEM_LEN)
		return &b->mem[addr - BPF_GEN_MEM_BASE];
	if (!write && addr >= BPF_GEN_RO_BASE && addr + size <= BPF_GEN_RO_BASE + BPF_GEN_RO_LEN)
		return &b->ro[addr - BPF_GEN_RO_BASE];
	b->stray = 1;
	return NULL;
}

static uint64_t mem_read(void *user, uint32_t addr, unsigned size)
{
	uint8_t *p = locate(user, addr, size, 0);
	uint64_t v = 0;
	for (unsigned i = 0; p && i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void mem_write(void *user, uint32_t addr, unsigned size, uint64_t v)
{
	uint8_t *p = locate(user, addr, size, 1);
	for (unsigned i = 0; p && i < size; i++)
		p[i] = v >> (8 * i);
}

static void on_retire(void *user, const struct bpfcore_retire *r)
{
	struct log *l = user;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->rec = realloc(l->rec, l->cap * sizeof *l->rec);
		if (!l->rec)
			abort();
	}
	l->rec[l->n++] = *r;
}

/* The helpers generated programs call: a hash of the arguments, a tail
 * call for helper 12 (twice at most), a refusal for helper 99. */
static unsigned helper(void *user, struct bpfcore *c, uint32_t id, const uint64_t a[5],
		       uint64_t *r0, uint32_t *tail_pc)
{
	struct side *s = user;
	(void)c;
	if (id == BPF_GEN_HELPER_BAD)
		return BPF_HELPER_FAULT;
	if (id == BPF_GEN_HELPER_TAIL) {
		if (s->tails < BPF_GEN_MAX_TAILS) {
			s->tails++;
			*tail_pc = s->tail_pc;
			return BPF_HELPER_TAIL_CALL;
		}
		*r0 = (uint64_t)-1;
		return BPF_HELPER_RETURN;
	}
	uint64_t h = id * 0x9e3779b97f4a7c15ull;
	for (unsigned i = 0; i < 5; i++)
		h = (h ^ a[i]) * 0xff51afd7ed558ccdull;
	*r0 = h ^ (h >> 29);
	return BPF_HELPER_RETURN;
}

static int side_init(struct side *s, enum bpfcore_engine e)
{
	struct bpfcore_mem ops = { .read = mem_read, .write = mem_write, .user = &s->mem };
	s->core = bpfcore_new(e, &ops);
	if (!s->core)
		return -1;
	s->core->on_retire = on_retire;
	s->core->retire_user = &s->log;
	return 0;
}

struct diff_ctx *diff_new(char *err, size_t len)
{
	struct diff_ctx *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	if (side_init(&d->ref, BPFCORE_REF) || side_init(&d->rtl, BPFCORE_RTL)) {
		snprintf(err, len, "the %s engine is not available",
			 d->ref.core ? "rtl" : "ref");
		diff_free(d);
		return NULL;
	}
	return d;
}

void diff_free(struct diff_ctx *d)
{
	if (!d)
		return;
	bpfcore_free(d->ref.core);
	bpfcore_free(d->rtl.core);
	free(d->ref.log.rec);
	free(d->rtl.log.rec);
	free(d);
}

static void side_run(struct side *s, const struct bpf_gen_prog *p)
{
	struct bpfcore *c = s->core;

	memcpy(s->mem.mem, p->mem, sizeof p->mem);
	memcpy(s->mem.ro, p->ro, sizeof p->ro);
	s->mem.stray = 0;
	s->log.n = 0;
	s->tails = 0;
	s->tail_pc = p->tail_pc;

	bpfcore_load(c, 0, p->insns, p->len);
	bpfcore_write(c, BPF_CTL_PROG_LEN, p->len);
	bpfcore_write(c, BPF_CTL_BUDGET, p->budget);
	bpfcore_set_region(c, 0, BPF_GEN_MEM_BASE, BPF_GEN_MEM_LEN,
			   BPF_REGION_VALID | BPF_REGION_WRITE);
	bpfcore_set_region(c, 1, BPF_GEN_RO_BASE, BPF_GEN_RO_LEN, BPF_REGION_VALID);
	bpfcore_set_region(c, 2, 0, 0, 0);
	bpfcore_set_region(c, 3, 0, 0, 0);
	bpfcore_set_packet(c, BPF_GEN_MEM_BASE, BPF_GEN_MEM_LEN);
	bpfcore_clear_stack(c);
	for (unsigned r = 0; r < 10; r++)
		bpfcore_set_reg(c, r, p->regs[r]);
	/* 50 cycles an instruction is far beyond any stall the core has */
	s->res = bpfcore_exec(c, 0, helper, s, 50ull * (p->budget + 16));
	for (unsigned r = 0; r < 11; r++)
		s->regs[r] = bpfcore_get_reg(c, r);
}

static int fmt_rec(char *buf, size_t len, const struct bpfcore_retire *r)
{
	int n = snprintf(buf, len, "pc=%" PRIu32 " insn=%016" PRIx64, r->pc, r->insn);
	if (r->rd_valid)
		n += snprintf(buf + n, len - n, " r%u=%016" PRIx64, r->rd, r->rd_val);
	if (r->mem_valid)
		n += snprintf(buf + n, len - n, " %s%u[%08" PRIx32 "]=%" PRIx64,
			      r->mem_write ? "st" : "ld", r->mem_size, r->mem_addr, r->mem_data);
	return n;
}

static int rec_equal(const struct bpfcore_retire *a, const struct bpfcore_retire *b)
{
	if (a->pc != b->pc || a->insn != b->insn || a->rd_valid != b->rd_valid ||
	    a->mem_valid != b->mem_valid)
		return 0;
	if (a->rd_valid && (a->rd != b->rd || a->rd_val != b->rd_val))
		return 0;
	if (a->mem_valid && (a->mem_write != b->mem_write || a->mem_size != b->mem_size ||
			     a->mem_addr != b->mem_addr || a->mem_data != b->mem_data))
		return 0;
	return 1;
}

static const char *end_name(const struct bpfcore_result *r)
{
	if (r->state == BPF_STATE_DONE)
		return "exit";
	if (r->state == BPF_STATE_FAULT)
		return bpf_fault_name(r->fault);
	return "stuck";
}

int diff_run(struct diff_ctx *d, const struct bpf_gen_prog *p, unsigned wait_percent,
	     uint32_t wait_seed, char *msg, size_t len)
{
	bpfcore_rtl_set_wait(d->rtl.core, wait_percent, wait_seed);
	side_run(&d->ref, p);
	side_run(&d->rtl, p);

	struct side *a = &d->ref, *b = &d->rtl;
	size_t n = a->log.n < b->log.n ? a->log.n : b->log.n;
	char ra[256], rb[256];

	for (size_t i = 0; i < n; i++) {
		if (rec_equal(&a->log.rec[i], &b->log.rec[i]))
			continue;
		fmt_rec(ra, sizeof ra, &a->log.rec[i]);
		fmt_rec(rb, sizeof rb, &b->log.rec[i]);
		snprintf(msg, len, "retirement %zu differs:\n  ref: %s\n  rtl: %s", i, ra, rb);
		return 1;
	}
	if (a->log.n != b->log.n) {
		struct side *longer = a->log.n > b->log.n ? a : b;
		fmt_rec(ra, sizeof ra, &longer->log.rec[n]);
		snprintf(msg, len,
			 "ref retired %zu instructions (%s at pc %" PRIu32 "), rtl %zu (%s at pc %"
			 PRIu32 "); the first extra one on %s: %s",
			 a->log.n, end_name(&a->res), a->res.pc, b->log.n, end_name(&b->res),
			 b->res.pc, longer == a ? "ref" : "rtl", ra);
		return 1;
	}
	if (a->res.state != b->res.state || a->res.fault != b->res.fault || a->res.pc != b->res.pc) {
		snprintf(msg, len, "the run ended differently: ref %s at pc %" PRIu32
			 ", rtl %s at pc %" PRIu32, end_name(&a->res), a->res.pc,
			 end_name(&b->res), b->res.pc);
		return 1;
	}
	for (unsigned r = 0; r < 11; r++) {
		if (a->regs[r] != b->regs[r]) {
			snprintf(msg, len, "final r%u differs: ref %016" PRIx64 ", rtl %016" PRIx64,
				 r, a->regs[r], b->regs[r]);
			return 1;
		}
	}
	if (a->mem.stray || b->mem.stray) {
		snprintf(msg, len, "an access outside the regions reached memory (%s)",
			 a->mem.stray ? "ref" : "rtl");
		return 1;
	}
	for (unsigned i = 0; i < BPF_GEN_MEM_LEN; i++) {
		if (a->mem.mem[i] != b->mem.mem[i]) {
			snprintf(msg, len, "memory byte %08x differs: ref %02x, rtl %02x",
				 BPF_GEN_MEM_BASE + i, a->mem.mem[i], b->mem.mem[i]);
			return 1;
		}
	}
	uint64_t ia = bpfcore_counter(a->core, BPF_CNT_INSNS);
	uint64_t ib = bpfcore_counter(b->core, BPF_CNT_INSNS);
	if (ia != ib) {
		snprintf(msg, len, "INSNS counter: ref %" PRIu64 ", rtl %" PRIu64, ia, ib);
		return 1;
	}
	uint64_t cycles = bpfcore_counter(b->core, BPF_CNT_CYCLES), stalls = 0;
	for (unsigned k = BPF_CNT_STALL_LOAD_USE; k <= BPF_CNT_STALL_OTHER; k++)
		stalls += bpfcore_counter(b->core, k);
	if (cycles != ib + stalls) {
		snprintf(msg, len, "rtl counters: %" PRIu64 " cycles != %" PRIu64
			 " instructions + %" PRIu64 " stall cycles", cycles, ib, stalls);
		return 1;
	}
	return 0;
}

uint64_t diff_last_retired(const struct diff_ctx *d)
{
	return d->ref.log.n;
}

const char *diff_last_end(const struct diff_ctx *d)
{
	return end_name(&d->ref.res);
}

void diff_minimize(struct diff_ctx *d, struct bpf_gen_prog *p, unsigned wait_percent,
		   uint32_t wait_seed)
{
	static const uint64_t nop = BPF_OP_JA; /* ja +0 */
	char msg[1024];

	/* Passes until nothing more can go: removing one instruction can make
	 * an earlier one irrelevant. */
	for (int changed = 1; changed;) {
		changed = 0;
		for (uint32_t i = 0; i < p->len; i++) {
			uint64_t w = p->insns[i];
			unsigned slots = (w & 0xff) == BPF_OP_LDDW && i + 1 < p->len ? 2 : 1;
			if (w != nop) {
				uint64_t save[2] = { p->insns[i], slots == 2 ? p->insns[i + 1] : 0 };
				for (unsigned k = 0; k < slots; k++)
					p->insns[i + k] = nop;
				if (diff_run(d, p, wait_percent, wait_seed, msg, sizeof msg))
					changed = 1;
				else
					for (unsigned k = 0; k < slots; k++)
						p->insns[i + k] = save[k];
			}
			i += slots - 1;
		}
	}
}

void diff_listing(const struct bpf_gen_prog *p, char *buf, size_t len)
{
	size_t n = 0;
	n += snprintf(buf + n, len - n, "program (%" PRIu32 " slots, budget %" PRIu32
		      ", tail-call target %" PRIu32 "), ja +0 slots omitted:\n",
		      p->len, p->budget, p->tail_pc);
	for (uint32_t i = 0, slots = 1; i < p->len && n < len; i += slots) {
		char text[128];
		slots = bpf_disasm(p->insns, p->len, i, text, sizeof text);
		if (p->insns[i] == BPF_OP_JA)
			continue;
		n += snprintf(buf + n, len - n, "  %4" PRIu32 ": %016" PRIx64 "  %s\n", i,
			      p->insns[i], text);
	}
	for (unsigned r = 0; r < 10 && n < len; r++)
		n += snprintf(buf + n, len - n, "%sr%u=%" PRIx64, r ? " " : "  initial: ", r,
			      p->regs[r]);
	if (n < len)
		snprintf(buf + n, len - n, "\n");
}

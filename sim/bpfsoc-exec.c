/* bpfsoc-exec: run one eBPF program on the core, as a bpf_conformance plugin.
 *
 * The program arrives on stdin as hex bytes (whitespace allowed); the
 * optional memory as hex bytes in the first argument.  r1 is the memory's
 * address (a writable region), r2 its length, r10 the stack top.  On exit
 * it prints r0 in hex and exits 0; a fault prints what and where on stderr
 * and exits 1.  Usage errors exit 2.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfcore.h"

#define MEM_BASE 0x40000000u
#define DEFAULT_BUDGET 100000000u

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Parse hex bytes, whitespace between bytes allowed.  Returns -1 and sets
 * *bad to the offending character's offset on error. */
static int parse_hex(const char *s, uint8_t **out, size_t *len, size_t *bad)
{
	size_t cap = strlen(s) / 2 + 1, n = 0;
	uint8_t *b = malloc(cap);
	if (!b)
		return -1;
	for (size_t i = 0; s[i];) {
		if (isspace((unsigned char)s[i])) {
			i++;
			continue;
		}
		int hi = hexval(s[i]), lo = s[i + 1] ? hexval(s[i + 1]) : -1;
		if (hi < 0 || lo < 0) {
			*bad = i; /* the byte that starts here is not two hex digits */
			free(b);
			return -1;
		}
		b[n++] = hi << 4 | lo;
		i += 2;
	}
	*out = b;
	*len = n;
	return 0;
}

static char *read_all(FILE *f)
{
	size_t cap = 4096, n = 0;
	char *s = malloc(cap);
	size_t got;
	while (s && (got = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *t = realloc(s, cap *= 2);
			if (!t) {
				free(s);
				return NULL;
			}
			s = t;
		}
	}
	if (s)
		s[n] = 0;
	return s;
}

static unsigned helper(void *user, struct bpfcore *c, uint32_t id, const uint64_t args[5],
		       uint64_t *r0, uint32_t *tail_pc)
{
	uint64_t *clock = user;
	(void)c;
	(void)args;
	(void)tail_pc;
	switch (id) {
	case 5: /* ktime_get_ns: a clock that only moves forward */
		*r0 = ++*clock;
		return BPF_HELPER_RETURN;
	default:
		return BPF_HELPER_FAULT;
	}
}

static void trace(void *user, const struct bpfcore_retire *r)
{
	(void)user;
	fprintf(stderr, "retire pc=%-5" PRIu32 " insn=%016" PRIx64, r->pc, r->insn);
	if (r->rd_valid)
		fprintf(stderr, " r%u=%016" PRIx64, r->rd, r->rd_val);
	if (r->mem_valid)
		fprintf(stderr, " %s%u[%08" PRIx32 "]=%" PRIx64, r->mem_write ? "st" : "ld",
			r->mem_size, r->mem_addr, r->mem_data);
	fputc('\n', stderr);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bpfsoc-exec [--model rtl|ref] [--stats] [--trace] [--budget N] [MEMORY-HEX]\n"
		"  Reads the program as hex bytes on stdin, runs it, prints r0 in hex.\n"
		"  MEMORY-HEX  the memory r1 points to (r2 is its length)\n"
		"  --model     engine: the Verilated RTL (default) or the reference model\n"
		"  --stats     print cycles, instructions, CPI and stalls by cause on stderr\n"
		"  --trace     print every retired instruction on stderr\n"
		"  --budget N  instruction budget (default %u)\n",
		DEFAULT_BUDGET);
}

int main(int argc, char **argv)
{
	enum bpfcore_engine engine = BPFCORE_RTL;
	int stats = 0, tracing = 0;
	uint32_t budget = DEFAULT_BUDGET;
	const char *memhex = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--model") && i + 1 < argc) {
			const char *m = argv[++i];
			if (!strcmp(m, "rtl"))
				engine = BPFCORE_RTL;
			else if (!strcmp(m, "ref"))
				engine = BPFCORE_REF;
			else {
				fprintf(stderr, "bpfsoc-exec: unknown model '%s' (rtl or ref)\n", m);
				return 2;
			}
		} else if (!strcmp(argv[i], "--stats")) {
			stats = 1;
		} else if (!strcmp(argv[i], "--trace")) {
			tracing = 1;
		} else if (!strcmp(argv[i], "--budget") && i + 1 < argc) {
			char *end;
			errno = 0;
			unsigned long v = strtoul(argv[++i], &end, 0);
			if (errno || *end || v > UINT32_MAX) {
				fprintf(stderr, "bpfsoc-exec: bad budget '%s'\n", argv[i]);
				return 2;
			}
			budget = v;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			fprintf(stderr, "bpfsoc-exec: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		} else if (!memhex) {
			memhex = argv[i];
		} else {
			fprintf(stderr, "bpfsoc-exec: unexpected argument '%s'\n", argv[i]);
			return 2;
		}
	}

	char *text = read_all(stdin);
	uint8_t *prog = NULL, *mem = NULL;
	size_t prog_len = 0, mem_len = 0, bad = 0;
	if (!text) {
		fprintf(stderr, "bpfsoc-exec: cannot read the program from stdin\n");
		return 2;
	}
	if (parse_hex(text, &prog, &prog_len, &bad)) {
		fprintf(stderr, "bpfsoc-exec: program: not a hex byte at offset %zu of stdin\n", bad);
		return 2;
	}
	if (prog_len == 0 || prog_len % 8) {
		fprintf(stderr, "bpfsoc-exec: program: %zu bytes is not a whole number of "
			"8-byte instructions\n", prog_len);
		return 2;
	}
	if (prog_len / 8 > BPF_IMEM_DEPTH) {
		fprintf(stderr, "bpfsoc-exec: program: %zu instructions, the core holds %u\n",
			prog_len / 8, (unsigned)BPF_IMEM_DEPTH);
		return 2;
	}
	if (memhex && parse_hex(memhex, &mem, &mem_len, &bad)) {
		fprintf(stderr, "bpfsoc-exec: memory: not a hex byte at offset %zu of the argument\n",
			bad);
		return 2;
	}

	struct bpfcore_flat buf = { .base = MEM_BASE, .data = mem, .len = mem_len };
	struct bpfcore_mem ops = bpfcore_flat_mem(&buf);
	struct bpfcore *c = bpfcore_new(engine, &ops);
	if (!c) {
		fprintf(stderr, "bpfsoc-exec: the %s engine is not available\n",
			engine == BPFCORE_RTL ? "rtl" : "ref");
		return 2;
	}
	if (tracing)
		c->on_retire = trace;

	uint32_t n = prog_len / 8;
	uint64_t *insns = calloc(n, sizeof *insns);
	for (uint32_t i = 0; i < n; i++)
		for (unsigned b = 0; b < 8; b++)
			insns[i] |= (uint64_t)prog[8 * i + b] << (8 * b);
	bpfcore_load(c, 0, insns, n);
	bpfcore_write(c, BPF_CTL_PROG_LEN, n);
	bpfcore_write(c, BPF_CTL_BUDGET, budget);
	bpfcore_set_region(c, 0, MEM_BASE, mem_len,
			   mem_len ? BPF_REGION_VALID | BPF_REGION_WRITE : 0);
	bpfcore_set_packet(c, MEM_BASE, mem_len);
	bpfcore_clear_stack(c);
	for (unsigned r = 0; r < 10; r++)
		bpfcore_set_reg(c, r, 0);
	bpfcore_set_reg(c, 1, mem_len ? MEM_BASE : 0);
	bpfcore_set_reg(c, 2, mem_len);

	uint64_t clock = 0;
	struct bpfcore_result res = bpfcore_exec(c, 0, helper, &clock, 0);

	if (stats) {
		uint64_t cyc = bpfcore_counter(c, BPF_CNT_CYCLES);
		uint64_t ins = bpfcore_counter(c, BPF_CNT_INSNS);
		fprintf(stderr, "model %s: %" PRIu64 " cycles, %" PRIu64 " instructions, CPI %.3f\n",
			c->ops->name, cyc, ins, ins ? (double)cyc / ins : 0.0);
		static const char *causes[] = { "load-use", "branch", "mul/div", "helper",
						"memory", "other" };
		for (unsigned i = 0; i < 6; i++)
			fprintf(stderr, "  stall %-9s %" PRIu64 "\n", causes[i],
				bpfcore_counter(c, BPF_CNT_STALL_LOAD_USE + i));
	}

	int rc = 0;
	if (res.state == BPF_STATE_DONE) {
		printf("%" PRIx64 "\n", res.r0);
	} else if (res.state == BPF_STATE_FAULT) {
		if (res.fault == BPF_FAULT_HELPER)
			fprintf(stderr, "bpfsoc-exec: fault HELPER at pc %" PRIu32
				": unknown %s %" PRIu32 "\n", res.pc,
				bpfcore_read(c, BPF_CTL_HELPER_KIND) == BPF_HELPER_KIND_BTF_ID ?
					"kfunc, BTF id" : "helper id",
				bpfcore_read(c, BPF_CTL_HELPER_ID));
		else
			fprintf(stderr, "bpfsoc-exec: fault %s (%s) at pc %" PRIu32 "\n",
				bpf_fault_name(res.fault), bpf_fault_text(res.fault), res.pc);
		rc = 1;
	} else {
		fprintf(stderr, "bpfsoc-exec: the core stopped in state %u\n", res.state);
		rc = 1;
	}
	bpfcore_free(c);
	free(insns);
	free(prog);
	free(mem);
	free(text);
	return rc;
}

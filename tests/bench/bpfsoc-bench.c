/* bpfsoc-bench: run the benchmark programs on the simulated core and print,
 * for each, instructions, cycles, CPI and stall cycles by cause.
 *
 * Each program in tests/bench/progs/ exists three times: two eBPF objects
 * (clang -O2 -target bpf, with the default -mcpu and with -mcpu=v3) and a
 * host build linked into this binary.  For every bench the runner builds
 * the input, runs the host build on a copy of it, runs the object on the
 * core, and requires that the host build, the core and the table below
 * give the same r0, and that the host and the core leave the same bytes in
 * the buffer.  The table's value catches a changed input or program; the
 * host build catches a wrong table.
 *
 * Calling convention: r1 = MEM_BASE, the start of the bench's buffer
 * (region 0, readable and writable), r2 = its length; the stack cleared.
 *
 * Exit status: 0 all benches passed, 1 a bench failed (wrong r0 or memory,
 * fault, budget), 2 usage or setup error.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_elf.h"
#include "bpfcore.h"

#define MEM_BASE 0x40000000u
#define BUDGET 10000000u                  /* instructions; the largest bench runs < 1M */
#define MAX_CYCLES (20ull * BUDGET)       /* the host's bound, in case the core hangs */

/* ------------------------------------------------------------------------
 * The host builds of the programs (tests/bench/progs/<name>.c).  bench.h
 * gives them the type u64 bench_<name>(u8 *data, u64 len).
 * ---------------------------------------------------------------------- */
#define BENCH_LIST(X) \
	X(fib) X(sieve) X(primes) X(divmod) X(csum) X(crc32) X(fnv) X(sort) \
	X(parse) X(calls) X(atomic)
#define DECLARE(n) unsigned long long bench_##n(unsigned char *data, unsigned long long len);
BENCH_LIST(DECLARE)

/* ------------------------------------------------------------------------
 * Inputs: deterministic, from xorshift64* seeded per bench.
 * ---------------------------------------------------------------------- */
static uint64_t rnd(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* Fill functions get a zeroed buffer of cap bytes and return the length
 * the program sees (r2). */
static uint32_t fill_zero(uint8_t *buf, uint32_t cap, uint64_t seed)
{
	(void)buf;
	(void)seed;
	return cap;
}

static uint32_t fill_random(uint8_t *buf, uint32_t cap, uint64_t seed)
{
	for (uint32_t i = 0; i < cap; i++)
		buf[i] = rnd(&seed) >> 56;
	return cap;
}

static uint8_t *put16(uint8_t *p, uint16_t v) /* big-endian */
{
	p[0] = v >> 8;
	p[1] = v;
	return p + 2;
}

static uint8_t *put_random(uint8_t *p, size_t n, uint64_t *s)
{
	for (size_t i = 0; i < n; i++)
		p[i] = rnd(s) >> 56;
	return p + n;
}

/* One Ethernet frame of a mixed batch: 0-2 VLAN tags; IPv4 (sometimes
 * with options, sometimes a later fragment), IPv6, ARP or LLDP; TCP to
 * port 80, 443 or elsewhere, UDP to 53 or elsewhere, or ICMP; a short
 * payload; one frame in twelve truncated.  Returns the frame's length. */
static size_t make_frame(uint8_t *f, uint64_t *s)
{
	uint8_t *p = put_random(f, 12, s), *l3, *l4;
	unsigned r = rnd(s) % 8, tags = r < 5 ? 0 : r < 7 ? 1 : 2;
	unsigned kind = rnd(s) % 16, l4proto;
	size_t n;

	for (unsigned t = 0; t < tags; t++) {
		p = put16(p, t == 0 && tags == 2 ? 0x88a8 : 0x8100);
		p = put16(p, rnd(s) & 0x0fff);
	}
	r = rnd(s) % 10;
	l4proto = r < 6 ? 6 : r < 9 ? 17 : 1;
	if (kind < 8 || kind == 14) { /* IPv4; kind 14: a later fragment */
		unsigned ihl = rnd(s) % 4 ? 5 : 6 + rnd(s) % 3;

		p = put16(p, 0x0800);
		l3 = p;
		memset(p, 0, 4 * ihl);
		p[0] = 0x40 | ihl;
		put16(p + 4, rnd(s));
		put16(p + 6, kind == 14 ? 0x2000 | (1 + rnd(s) % 100) : 0x4000);
		p[8] = 64;
		p[9] = l4proto;
		put_random(p + 12, 8, s);
		memset(p + 20, 1, 4 * ihl - 20); /* options: NOPs */
		p += 4 * ihl;
	} else if (kind < 12) {
		p = put16(p, 0x86dd);
		l3 = p;
		memset(p, 0, 40);
		p[0] = 0x60;
		p[6] = l4proto;
		p[7] = 64;
		put_random(p + 8, 32, s);
		p += 40;
	} else if (kind < 14) { /* ARP request */
		p = put16(p, 0x0806);
		p = put16(p, 1);
		p = put16(p, 0x0800);
		*p++ = 6;
		*p++ = 4;
		p = put16(p, 1);
		return put_random(p, 20, s) - f;
	} else { /* LLDP */
		p = put16(p, 0x88cc);
		return put_random(p, 20 + rnd(s) % 40, s) - f;
	}
	l4 = p;
	if (l4proto == 6) {
		r = rnd(s) % 3;
		p = put16(p, 1024 + rnd(s) % 60000);
		p = put16(p, r == 0 ? 80 : r == 1 ? 443 : 1024 + rnd(s) % 60000);
		p = put_random(p, 8, s);
		p = put16(p, 0x5000 | 0x18);
		p = put_random(p, 6, s);
	} else if (l4proto == 17) {
		p = put16(p, 1024 + rnd(s) % 60000);
		p = put16(p, rnd(s) % 2 ? 53 : 1024 + rnd(s) % 60000);
		p = put_random(p, 4, s);
	} else {
		p = put_random(p, 8, s);
	}
	p = put_random(p, rnd(s) % 64, s);
	n = p - f;
	/* lengths in the L3 header */
	if (l3[0] >> 4 == 4)
		put16(l3 + 2, n - (l3 - f));
	else
		put16(l3 + 4, n - (l4 - f));
	if (rnd(s) % 12 == 0)
		n = 1 + rnd(s) % n;
	return n;
}

/* Records for parse.c: u16 length (little-endian), the frame, padding to
 * 4 bytes; then a zero length. */
#define PARSE_FRAMES 256

static uint32_t fill_packets(uint8_t *buf, uint32_t cap, uint64_t seed)
{
	uint32_t off = 0;
	uint8_t frame[256];

	for (unsigned i = 0; i < PARSE_FRAMES; i++) {
		size_t n = make_frame(frame, &seed);

		if (off + 2 + n + 5 > cap) {
			fprintf(stderr, "bpfsoc-bench: parse: buffer too small for %u frames\n",
				PARSE_FRAMES);
			exit(2);
		}
		buf[off] = n;
		buf[off + 1] = n >> 8;
		memcpy(buf + off + 2, frame, n);
		off = (off + 2 + n + 3) & ~3u;
	}
	return off + 2; /* the terminating zero length */
}

/* ------------------------------------------------------------------------
 * The benches.  expect: r0, from the host build of the program on this
 * input, and checked once against an independent computation (Python's
 * zlib.crc32, math.gcd, sorted(), ...); bpfsoc-bench --host-only compares
 * it with the host builds without a core.
 * ---------------------------------------------------------------------- */
struct bench {
	const char *name;
	const char *what;
	uint32_t size;  /* buffer bytes */
	uint32_t (*fill)(uint8_t *buf, uint32_t cap, uint64_t seed);
	uint64_t seed;
	unsigned long long (*host)(unsigned char *data, unsigned long long len);
	uint64_t expect;
};

static const struct bench benches[] = {
	{ "fib", "64-bit Fibonacci loop, F(1000) mod 2^64",
	  1000, fill_zero, 0, bench_fib, 0x0b594dc75cc0604bull },
	/* sieve: 1028 primes below 8192, the largest 8191; primes: 309, summing to 289176 */
	{ "sieve", "sieve of Eratosthenes, bytes in memory, n < 8192",
	  8192, fill_zero, 0, bench_sieve, 0x00001fff00000404ull },
	{ "primes", "trial division (64-bit %), primes < 2048",
	  2048, fill_zero, 0, bench_primes, 0x0004699800000135ull },
	{ "divmod", "64-bit / and %: digit sums and gcds of 256 words",
	  2048, fill_random, 0x6469766d6f64ull, bench_divmod, 0x797bf19b34749337ull },
	{ "csum", "RFC 1071 Internet checksum, 9001-byte jumbo frame",
	  9001, fill_random, 0x6373756dull, bench_csum, 0x000000000000ec9aull },
	{ "crc32", "bitwise CRC-32 (zlib's), 1024 bytes",
	  1024, fill_random, 0x6372633332ull, bench_crc32, 0x00000000b93f5b4cull },
	{ "fnv", "FNV-1a 64-bit hash (64-bit mul), 4096 bytes",
	  4096, fill_random, 0x666e76ull, bench_fnv, 0x21c2b4b67a33b78dull },
	{ "sort", "bubble sort of 128 32-bit words in memory",
	  512, fill_random, 0x736f7274ull, bench_sort, 0x000015716ae9ea9dull },
	/* parse: 256 frames, 9 bad, 90 with VLAN tags, 200 IP, 103 TCP, 39 to port 80 */
	{ "parse", "Eth/VLAN/IPv4/IPv6/TCP/UDP parser, 256 frames, TCP:80",
	  65536, fill_packets, 0x7061727365ull, bench_parse, 0x100905a0c8067027ull },
	{ "calls", "bpf-to-bpf calls, depth 3, over 512 words",
	  4096, fill_random, 0x63616c6c73ull, bench_calls, 0xbfb5cfa364e28fd2ull },
	{ "atomic", "byte histogram with atomic adds (v3: fetch, cmpxchg)",
	  4096, fill_random, 0x61746f6d6963ull, bench_atomic, 0xff20077f1a00f752ull },
};
#define N_BENCHES (sizeof(benches) / sizeof(benches[0]))

/* The two builds of each object: <name>.o and <name>.v3.o. */
static const struct cpu {
	const char *name;
	const char *suffix;
	const char *flags;
} cpus[] = {
	{ "v1", ".o", "-mcpu=generic (v1)" },
	{ "v3", ".v3.o", "-mcpu=v3" },
};
#define N_CPUS (sizeof(cpus) / sizeof(cpus[0]))

static const struct {
	unsigned cnt;
	const char *col;   /* table column */
	const char *key;   /* JSON key */
} stalls[] = {
	{ BPF_CNT_STALL_LOAD_USE, "load-use", "load_use" },
	{ BPF_CNT_STALL_BRANCH, "branch", "branch" },
	{ BPF_CNT_STALL_MULDIV, "mul/div", "muldiv" },
	{ BPF_CNT_STALL_HELPER, "helper", "helper" },
	{ BPF_CNT_STALL_MEM, "mem", "mem" },
	{ BPF_CNT_STALL_OTHER, "other", "other" },
};
#define N_STALLS (sizeof(stalls) / sizeof(stalls[0]))

struct row {
	const char *name;
	uint64_t insns, cycles, stall[N_STALLS];
	uint64_t r0;    /* the program's result (rows of benches only) */
	int ok;
};

/* ------------------------------------------------------------------------
 * Memory behind the data port: the bench's buffer at MEM_BASE.
 * ---------------------------------------------------------------------- */
struct membuf {
	uint8_t *data;
	uint32_t len;
	int bad;        /* the core went outside the buffer: a core bug */
};

static uint64_t mem_read(void *user, uint32_t addr, unsigned size)
{
	struct membuf *m = user;
	uint64_t v = 0;

	if (addr < MEM_BASE || addr - MEM_BASE > m->len || m->len - (addr - MEM_BASE) < size) {
		m->bad = 1;
		return 0;
	}
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)m->data[addr - MEM_BASE + i] << (8 * i);
	return v;
}

static void mem_write(void *user, uint32_t addr, unsigned size, uint64_t v)
{
	struct membuf *m = user;

	if (addr < MEM_BASE || addr - MEM_BASE > m->len || m->len - (addr - MEM_BASE) < size) {
		m->bad = 1;
		return;
	}
	for (unsigned i = 0; i < size; i++)
		m->data[addr - MEM_BASE + i] = v >> (8 * i);
}

/* ------------------------------------------------------------------------
 * Running one bench
 * ---------------------------------------------------------------------- */
struct opts {
	enum bpfcore_engine engine;
	int engine_set;
	const char *dir;
	int cpu;          /* index into cpus[], or -1 for all */
	int markdown, json, host_only;
	char **only;
	int n_only;
};

/* Input and host result; buf and host_buf are the buffer before and after
 * the host run.  Returns 0, or 1 if the host build disagrees with the
 * table. */
static int prepare(const struct bench *b, uint8_t **buf, uint8_t **host_buf, uint32_t *len,
		   uint64_t *host_r0)
{
	*buf = calloc(b->size, 1);
	*host_buf = calloc(b->size, 1);
	if (!*buf || !*host_buf) {
		fprintf(stderr, "bpfsoc-bench: out of memory\n");
		exit(2);
	}
	*len = b->fill(*buf, b->size, b->seed);
	memcpy(*host_buf, *buf, b->size);
	*host_r0 = b->host(*host_buf, *len);
	if (*host_r0 != b->expect) {
		fprintf(stderr, "bpfsoc-bench: %s: the host build returns 0x%016" PRIx64
			" but the table expects 0x%016" PRIx64 ": if the program or its "
			"input changed on purpose, update the table in "
			"tests/bench/bpfsoc-bench.c\n", b->name, *host_r0, b->expect);
		return 1;
	}
	return 0;
}

static int run_one(struct bpfcore *c, struct membuf *mb, const struct bench *b,
		   const struct cpu *cpu, const struct opts *o, struct row *row)
{
	char path[4096], err[1024];
	struct bpf_elf_prog prog;
	struct bpfcore_result res;
	uint8_t *buf, *host_buf;
	uint64_t host_r0;
	uint32_t len;
	int rc;

	memset(row, 0, sizeof(*row));
	row->name = b->name;
	if (prepare(b, &buf, &host_buf, &len, &host_r0)) {
		free(buf);
		free(host_buf);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/%s%s", o->dir, b->name, cpu->suffix);
	rc = bpf_elf_load(path, "bench", &prog, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "bpfsoc-bench: %s\n", err);
		free(buf);
		free(host_buf);
		return 1;
	}
	if (prog.n_insns > BPF_IMEM_DEPTH) {
		fprintf(stderr, "bpfsoc-bench: %s: %u instructions, the core holds %u\n", path,
			prog.n_insns, (unsigned)BPF_IMEM_DEPTH);
		rc = 1;
		goto out;
	}

	mb->data = buf;
	mb->len = len;
	mb->bad = 0;
	bpfcore_load(c, 0, prog.insns, prog.n_insns);
	bpfcore_write(c, BPF_CTL_PROG_LEN, prog.n_insns);
	bpfcore_write(c, BPF_CTL_BUDGET, BUDGET);
	bpfcore_set_region(c, 0, MEM_BASE, len, BPF_REGION_VALID | BPF_REGION_WRITE);
	for (unsigned n = 1; n < BPF_NUM_REGIONS; n++)
		bpfcore_set_region(c, n, 0, 0, 0);
	bpfcore_set_packet(c, MEM_BASE, len);
	bpfcore_clear_stack(c);
	for (unsigned r = 0; r < 10; r++)
		bpfcore_set_reg(c, r, 0);
	bpfcore_set_reg(c, 1, MEM_BASE);
	bpfcore_set_reg(c, 2, len);

	res = bpfcore_exec(c, 0, NULL, NULL, MAX_CYCLES);

	row->r0 = res.r0;
	row->insns = bpfcore_counter(c, BPF_CNT_INSNS);
	row->cycles = bpfcore_counter(c, BPF_CNT_CYCLES);
	for (unsigned i = 0; i < N_STALLS; i++)
		row->stall[i] = bpfcore_counter(c, stalls[i].cnt);

	rc = 1;
	if (res.state == BPF_STATE_FAULT) {
		fprintf(stderr, "bpfsoc-bench: %s: fault %s (%s) at pc %" PRIu32 " after %"
			PRIu64 " instructions\n", path, bpf_fault_name(res.fault),
			bpf_fault_text(res.fault), res.pc, row->insns);
	} else if (res.state != BPF_STATE_DONE) {
		fprintf(stderr, "bpfsoc-bench: %s: the core stopped in state %u\n", path,
			res.state);
	} else if (mb->bad) {
		fprintf(stderr, "bpfsoc-bench: %s: the core accessed the data port outside "
			"region 0 [0x%08x, +%u)\n", path, MEM_BASE, len);
	} else if (res.r0 != b->expect) {
		fprintf(stderr, "bpfsoc-bench: %s: r0 = 0x%016" PRIx64 ", expected 0x%016"
			PRIx64 " (host build and table)\n", path, res.r0, b->expect);
	} else if (memcmp(buf, host_buf, b->size)) {
		size_t i = 0;

		while (buf[i] == host_buf[i])
			i++;
		fprintf(stderr, "bpfsoc-bench: %s: r0 is right but the buffer differs from "
			"the host build's at byte %zu (core 0x%02x, host 0x%02x)\n", path, i,
			buf[i], host_buf[i]);
	} else {
		rc = 0;
		row->ok = 1;
	}
out:
	bpf_elf_free(&prog);
	free(buf);
	free(host_buf);
	mb->data = NULL;
	return rc;
}

/* ------------------------------------------------------------------------
 * Output
 * ---------------------------------------------------------------------- */
static double cpi(uint64_t cycles, uint64_t insns)
{
	return insns ? (double)cycles / insns : 0.0;
}

static void total_of(const struct row *rows, int n, struct row *t)
{
	memset(t, 0, sizeof(*t));
	t->name = "total";
	t->ok = 1;
	for (int i = 0; i < n; i++) {
		t->insns += rows[i].insns;
		t->cycles += rows[i].cycles;
		for (unsigned k = 0; k < N_STALLS; k++)
			t->stall[k] += rows[i].stall[k];
		t->ok &= rows[i].ok;
	}
}

static void print_text_row(const struct row *r, int total)
{
	if (total)
		printf("%-8s %18s", r->name, "");
	else
		printf("%-8s 0x%016" PRIx64, r->name, r->r0);
	printf(" %9" PRIu64 " %9" PRIu64 " %6.3f", r->insns, r->cycles,
	       cpi(r->cycles, r->insns));
	for (unsigned k = 0; k < N_STALLS; k++)
		printf(" %8" PRIu64, r->stall[k]);
	printf("%s\n", r->ok ? "" : "  FAIL");
}

static void print_md_row(const struct row *r, int bold)
{
	const char *b = bold ? "**" : "";

	printf("| %s%s%s | %" PRIu64 " | %" PRIu64 " | %s%.3f%s |", b, r->name, b, r->insns,
	       r->cycles, b, cpi(r->cycles, r->insns), b);
	for (unsigned k = 0; k < N_STALLS; k++)
		printf(" %" PRIu64 " |", r->stall[k]);
	printf("%s\n", r->ok ? "" : " FAIL |");
}

static void print_table(const struct opts *o, const char *engine, const struct cpu *cpu,
			const struct row *rows, int n)
{
	struct row t;

	total_of(rows, n, &t);
	if (o->markdown) {
		printf("Engine `%s`, programs built with `clang -O2 -target bpf %s`:\n\n",
		       engine, cpu->flags);
		printf("| bench | insns | cycles | CPI |");
		for (unsigned k = 0; k < N_STALLS; k++)
			printf(" %s |", stalls[k].col);
		printf("\n|---|--:|--:|--:|");
		for (unsigned k = 0; k < N_STALLS; k++)
			printf("--:|");
		printf("\n");
		for (int i = 0; i < n; i++)
			print_md_row(&rows[i], 0);
		print_md_row(&t, 1);
		printf("\n");
		return;
	}
	printf("engine %s, clang -O2 -target bpf %s\n", engine, cpu->flags);
	printf("%-8s %-18s %9s %9s %6s", "bench", "r0 (checked)", "insns", "cycles", "CPI");
	for (unsigned k = 0; k < N_STALLS; k++)
		printf(" %8s", stalls[k].col);
	printf("\n");
	for (int i = 0; i < n; i++)
		print_text_row(&rows[i], 0);
	print_text_row(&t, 1);

	/* Cycles that no stall cause explains: either pipeline fill and
	 * drain, or a counter the RTL does not drive. */
	uint64_t stall_sum = 0;

	for (unsigned k = 0; k < N_STALLS; k++)
		stall_sum += t.stall[k];
	if (t.cycles != t.insns + stall_sum)
		printf("note: cycles - insns - stalls = %" PRId64 " (not attributed to a cause)\n",
		       (int64_t)(t.cycles - t.insns - stall_sum));
	printf("\n");
}

static void print_json_rows(const struct cpu *cpu, const struct row *rows, int n, int first)
{
	struct row t;

	total_of(rows, n, &t);
	printf("%s\n    {\"cpu\": \"%s\", \"benches\": [", first ? "" : ",", cpu->name);
	for (int i = 0; i <= n; i++) {
		const struct row *r = i < n ? &rows[i] : &t;

		if (i == n)
			printf("\n     ], \"total\": ");
		else
			printf("%s\n      ", i ? "," : "");
		printf("{\"name\": \"%s\", \"ok\": %s, \"insns\": %" PRIu64 ", \"cycles\": %"
		       PRIu64 ", \"cpi\": %.4f, \"stalls\": {", r->name, r->ok ? "true" : "false",
		       r->insns, r->cycles, cpi(r->cycles, r->insns));
		for (unsigned k = 0; k < N_STALLS; k++)
			printf("%s\"%s\": %" PRIu64, k ? ", " : "", stalls[k].key, r->stall[k]);
		printf("}}");
	}
	printf("}");
}

/* ------------------------------------------------------------------------
 * main
 * ---------------------------------------------------------------------- */
static void usage(FILE *f)
{
	fprintf(f,
		"usage: bpfsoc-bench [options] [BENCH...]\n"
		"  Runs the benchmark programs on the simulated core, checks each r0\n"
		"  against the host build of the same C, and prints instructions,\n"
		"  cycles, CPI and stall cycles by cause.\n"
		"  --engine rtl|ref  the Verilated RTL (default when built) or the reference model\n"
		"  --dir DIR         where the objects are (default build/bench)\n"
		"  --cpu v1|v3|all   which build of the objects (default all)\n"
		"  --markdown        the table as markdown\n"
		"  --json            the results as JSON\n"
		"  --host-only       only check the host builds against the table; no core\n"
		"  --list            list the benches\n");
}

static int selected(const struct opts *o, const char *name)
{
	if (!o->n_only)
		return 1;
	for (int i = 0; i < o->n_only; i++)
		if (!strcmp(o->only[i], name))
			return 1;
	return 0;
}

static int host_only(const struct opts *o)
{
	int fails = 0;

	for (size_t i = 0; i < N_BENCHES; i++) {
		const struct bench *b = &benches[i];
		uint8_t *buf, *host_buf;
		uint64_t r0;
		uint32_t len;
		int bad;

		if (!selected(o, b->name))
			continue;
		bad = prepare(b, &buf, &host_buf, &len, &r0);
		printf("%-8s len %6u  r0 0x%016" PRIx64 "  %s\n", b->name, len, r0,
		       bad ? "MISMATCH" : "ok");
		fails += bad;
		free(buf);
		free(host_buf);
	}
	return fails ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .engine = BPFCORE_RTL, .dir = "build/bench", .cpu = -1 };
	struct membuf mb = { 0 };
	struct bpfcore_mem mem = { .read = mem_read, .write = mem_write, .user = &mb };
	struct row rows[N_BENCHES];
	struct bpfcore *c;
	int fails = 0, first = 1;

	o.only = calloc(argc, sizeof(*o.only));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if ((!strcmp(a, "--engine") || !strcmp(a, "--model")) && i + 1 < argc) {
			const char *e = argv[++i];

			o.engine_set = 1;
			if (!strcmp(e, "rtl")) {
				o.engine = BPFCORE_RTL;
			} else if (!strcmp(e, "ref")) {
				o.engine = BPFCORE_REF;
			} else {
				fprintf(stderr, "bpfsoc-bench: unknown engine '%s' (rtl or ref)\n", e);
				return 2;
			}
		} else if (!strcmp(a, "--dir") && i + 1 < argc) {
			o.dir = argv[++i];
		} else if (!strcmp(a, "--cpu") && i + 1 < argc) {
			const char *v = argv[++i];

			o.cpu = -2;
			if (!strcmp(v, "all"))
				o.cpu = -1;
			for (size_t k = 0; k < N_CPUS; k++)
				if (!strcmp(v, cpus[k].name))
					o.cpu = k;
			if (o.cpu == -2) {
				fprintf(stderr, "bpfsoc-bench: unknown cpu '%s' (v1, v3 or all)\n", v);
				return 2;
			}
		} else if (!strcmp(a, "--markdown")) {
			o.markdown = 1;
		} else if (!strcmp(a, "--json")) {
			o.json = 1;
		} else if (!strcmp(a, "--host-only")) {
			o.host_only = 1;
		} else if (!strcmp(a, "--list")) {
			for (size_t k = 0; k < N_BENCHES; k++)
				printf("%-8s %s\n", benches[k].name, benches[k].what);
			return 0;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-') {
			fprintf(stderr, "bpfsoc-bench: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else {
			size_t k = 0;

			while (k < N_BENCHES && strcmp(benches[k].name, a))
				k++;
			if (k == N_BENCHES) {
				fprintf(stderr, "bpfsoc-bench: no bench '%s' (--list lists them)\n", a);
				return 2;
			}
			o.only[o.n_only++] = argv[i];
		}
	}
	if (o.markdown && o.json) {
		fprintf(stderr, "bpfsoc-bench: --markdown and --json exclude each other\n");
		return 2;
	}
	if (o.host_only)
		return host_only(&o);

	c = bpfcore_new(o.engine, &mem);
	if (!c && o.engine == BPFCORE_RTL && !o.engine_set) {
		fprintf(stderr, "bpfsoc-bench: the RTL model is not built; using the reference "
			"model (its cycle counts are instruction counts)\n");
		o.engine = BPFCORE_REF;
		c = bpfcore_new(o.engine, &mem);
	}
	if (!c) {
		fprintf(stderr, "bpfsoc-bench: the %s engine is not available\n",
			o.engine == BPFCORE_RTL ? "rtl" : "ref");
		return 2;
	}

	if (o.json)
		printf("{\"engine\": \"%s\", \"runs\": [", c->ops->name);
	if (o.markdown) {
		printf("| bench | what it does |\n|---|---|\n");
		for (size_t i = 0; i < N_BENCHES; i++)
			if (selected(&o, benches[i].name))
				printf("| %s | %s |\n", benches[i].name, benches[i].what);
		printf("\n");
	}
	for (size_t k = 0; k < N_CPUS; k++) {
		int n = 0;

		if (o.cpu >= 0 && (size_t)o.cpu != k)
			continue;
		for (size_t i = 0; i < N_BENCHES; i++) {
			if (!selected(&o, benches[i].name))
				continue;
			fails += run_one(c, &mb, &benches[i], &cpus[k], &o, &rows[n]);
			n++;
		}
		if (o.json)
			print_json_rows(&cpus[k], rows, n, first);
		else
			print_table(&o, c->ops->name, &cpus[k], rows, n);
		first = 0;
	}
	if (o.json)
		printf("\n]}\n");
	bpfcore_free(c);
	free(o.only);
	if (fails)
		fprintf(stderr, "bpfsoc-bench: %d bench run%s failed\n", fails,
			fails == 1 ? "" : "s");
	return fails ? 1 : 0;
}

/* test_cbpf.c: the classic-BPF translator (driver/cbpf.c) against libpcap's
 * own interpreter, bpf_filter(), the referee of every verdict here.
 *
 * - random valid classic programs (every instruction class, scratch memory,
 *   loads near and beyond the packet's end, jumps) over random and
 *   realistic packets: the translation on the reference model, and on the
 *   RTL compared with the model at every retired instruction
 *   (tests/diff_core.c), must give bpf_filter's verdict and never fault;
 *   FUZZ_N programs (default 4000 on the model, a tenth of them on the
 *   RTL) from FUZZ_SEED (default: the time), the seed printed;
 * - pcap_compile'd tcpdump expressions translate, pass the checker and
 *   agree with bpf_filter on every packet of ../shared/pcaps (skipped with
 *   a message when absent), also with the length prefix and only the snap
 *   length the translator says the filter needs;
 * - invalid programs are refused with the index of the bad instruction;
 * - the length prefix, M[] before it is written, libpcap's edge cases.
 *
 * The reference model runs each packet with the xdp_md and the packet in
 * regions of exactly their size, so an access that a missing bounds check
 * lets through faults here instead of reading a neighbour's bytes.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcap/pcap.h>

#include "bpf_gen.h"
#include "bpfcore.h"
#include "bpfsoc_proto.h"
#include "cbpf.h"
#include "diff_core.h"

#define PCAPS BPFSOC_SRC "/../shared/pcaps"

/* The layout of a run, the same addresses as diff_core's programs: the
 * packet (after its length prefix, if any) at PKT_BASE, the xdp_md at
 * CTX_BASE */
#define PKT_BASE BPF_GEN_MEM_BASE
#define CTX_BASE BPF_GEN_RO_BASE
#define PKT_MAX (0x10000u + 4)
#define BUDGET 100000u
#define MAX_CBPF 64u             /* random programs' length */

/* ---- randomness ---- */

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *g)
{
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t below(struct rng *g, uint32_t n)
{
	return n ? (uint32_t)(rnd(g) % n) : 0;
}

static uint64_t env_u64(const char *name, uint64_t dflt)
{
	const char *s = getenv(name);
	return s && *s ? strtoull(s, NULL, 0) : dflt;
}

/* How many random programs: FUZZ_N / div (make test's 50000: 10000 on the
 * model, 1000 on the RTL), at least 1; dflt without FUZZ_N */
static uint64_t programs(uint64_t div, uint64_t dflt)
{
	uint64_t n = env_u64("FUZZ_N", 0);
	return !n ? dflt : n / div ? n / div : 1;
}

/* ---- the reference model with one packet ---- */

struct rig {
	struct bpfcore *core;
	uint8_t ctx[24];
	uint8_t buf[PKT_MAX];
	uint32_t len;
	int stray;               /* an access outside both regions reached memory */
	struct rng g;            /* garbage for the registers and the stack */
};

static uint8_t *rig_at(struct rig *r, uint32_t addr, unsigned size)
{
	if (addr >= PKT_BASE && (uint64_t)addr + size <= PKT_BASE + (uint64_t)r->len)
		return &r->buf[addr - PKT_BASE];
	if (addr >= CTX_BASE && (uint64_t)addr + size <= CTX_BASE + sizeof(r->ctx))
		return &r->ctx[addr - CTX_BASE];
	r->stray = 1;
	return NULL;
}

static uint64_t rig_read(void *u, uint32_t addr, unsigned size)
{
	uint8_t *p = rig_at(u, addr, size);
	uint64_t v = 0;

	for (unsigned i = 0; p && i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void rig_write(void *u, uint32_t addr, unsigned size, uint64_t v)
{
	(void)v;
	(void)size;
	(void)addr;
	((struct rig *)u)->stray = 1;   /* nothing here is writable */
}

static struct rig *rig_engine(enum bpfcore_engine e)
{
	struct rig *r = calloc(1, sizeof(*r));
	cr_assert(r);
	struct bpfcore_mem m = {.read = rig_read, .write = rig_write, .user = r};
	r->core = bpfcore_new(e, &m);
	cr_assert(r->core, "the %s engine is not available", e == BPFCORE_RTL ? "RTL" : "reference");
	r->g.s = 12345;
	return r;
}

static struct rig *rig_new(void)
{
	return rig_engine(BPFCORE_REF);
}

static void rig_free(struct rig *r)
{
	bpfcore_free(r->core);
	free(r);
}

static void rig_load(struct rig *r, const uint64_t *insns, size_t n)
{
	bpfcore_load(r->core, 0, insns, (uint32_t)n);
	bpfcore_write(r->core, BPF_CTL_PROG_LEN, (uint32_t)n);
	bpfcore_write(r->core, BPF_CTL_BUDGET, BUDGET);
}

/* The bytes the device gets: [the wire length, u32 LE] then buflen bytes */
static uint32_t frame(uint8_t *out, const uint8_t *pkt, uint32_t buflen, uint32_t wirelen,
		      bool prefix)
{
	uint32_t n = 0;

	if (prefix)
		for (; n < 4; n++)
			out[n] = (uint8_t)(wirelen >> (8 * n));
	memcpy(out + n, pkt, buflen);
	return n + buflen;
}

static uint32_t xdp_verdict(uint32_t cbpf_ret)
{
	return cbpf_ret ? BPFSOC_XDP_PASS : BPFSOC_XDP_DROP;
}

/* One run of the loaded program on len bytes: r0, or a fault */
static struct bpfcore_result rig_run(struct rig *r, const uint8_t *bytes, uint32_t len)
{
	if (len)
		memcpy(r->buf, bytes, len);
	r->len = len;
	r->stray = 0;
	uint32_t x[6] = {PKT_BASE, PKT_BASE + len, PKT_BASE, 1, 0, 0};
	memcpy(r->ctx, x, sizeof(x));
	bpfcore_set_region(r->core, 0, CTX_BASE, sizeof(r->ctx), BPF_REGION_VALID);
	bpfcore_set_region(r->core, 1, PKT_BASE, len, len ? BPF_REGION_VALID : 0);
	bpfcore_set_region(r->core, 2, 0, 0, 0);
	bpfcore_set_region(r->core, 3, 0, 0, 0);
	bpfcore_set_packet(r->core, PKT_BASE, len);
	/* what a previous run may have left: registers and the frame's words */
	for (unsigned k = 0; k < 10; k++)
		bpfcore_set_reg(r->core, k, rnd(&r->g));
	for (uint32_t off = 0; off < BPF_FRAME_SIZE; off += 4)
		bpfcore_write(r->core, BPF_CTL_STACK_WIN + off, (uint32_t)rnd(&r->g));
	bpfcore_set_reg(r->core, 1, CTX_BASE);
	return bpfcore_exec(r->core, 0, NULL, NULL, 50ull * BUDGET);
}

/* ---- listings for failures ---- */

static void print_cbpf(const struct bpf_insn *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		fprintf(stderr, "  %s    {0x%02x, %u, %u, 0x%x}\n", bpf_image(&p[i], (int)i), p[i].code,
			p[i].jt, p[i].jf, p[i].k);
}

static void print_packet(const uint8_t *pkt, uint32_t buflen, uint32_t wirelen, bool prefix)
{
	fprintf(stderr, "  packet: %u bytes, wire length %u, %s prefix:", buflen, wirelen,
		prefix ? "with" : "no");
	for (uint32_t i = 0; i < buflen && i < 96; i++)
		fprintf(stderr, "%s%02x", i % 32 ? " " : "\n    ", pkt[i]);
	fprintf(stderr, "%s\n", buflen > 96 ? " ..." : "");
}

/* The translated program (loaded in r) on one packet against bpf_filter:
 * 0, or 1 with the difference printed under what */
static int same_verdict(struct rig *r, const struct bpf_insn *prog, unsigned n,
			const struct bpfsoc_cbpf_opts *o, const uint8_t *pkt, uint32_t buflen,
			uint32_t wirelen, const char *what)
{
	static uint8_t bytes[PKT_MAX];
	uint32_t want = xdp_verdict(bpf_filter(prog, pkt, wirelen, buflen));
	uint32_t len = frame(bytes, pkt, buflen, wirelen, o->len_prefix);
	struct bpfcore_result res = rig_run(r, bytes, len);

	if (res.state == BPF_STATE_DONE && res.r0 == want && !r->stray)
		return 0;
	fprintf(stderr, "cbpf: %s: bpf_filter says %s, the translation ", what,
		want == BPFSOC_XDP_PASS ? "accept" : "reject");
	if (res.state != BPF_STATE_DONE)
		fprintf(stderr, "ended in fault %u at eBPF pc %u\n", res.fault, res.pc);
	else if (r->stray)
		fprintf(stderr, "reached memory outside the packet\n");
	else
		fprintf(stderr, "returned %" PRIu64 "\n", res.r0);
	print_cbpf(prog, n);
	print_packet(pkt, buflen, wirelen, o->len_prefix);
	bpfsoc_cbpf_dump(stderr, prog, n, o);
	return 1;
}

/* ---- random classic programs ---- */

static uint32_t interesting(struct rng *g)
{
	static const uint32_t v[] = {0, 1, 2, 3, 4, 7, 8, 12, 13, 14, 15, 16, 20, 23, 31, 32, 33,
				     63, 64, 100, 255, 256, 0x7fff, 0x8000, 0xffff, 0x10000,
				     0x7fffffff, 0x80000000, 0xfffffffc, 0xfffffffe, 0xffffffff};
	return v[below(g, sizeof(v) / sizeof(v[0]))];
}

static uint32_t any_k(struct rng *g)
{
	switch (below(g, 10)) {
	case 0: case 1: case 2: case 3: return below(g, 80);
	case 4: case 5: case 6: return interesting(g);
	default: return (uint32_t)rnd(g);
	}
}

/* A packet offset: mostly inside or just past a packet, sometimes at the
 * 16-bit boundaries and beyond */
static uint32_t offset_k(struct rng *g)
{
	switch (below(g, 20)) {
	case 0: return 32760 + below(g, 16);
	case 1: return 65525 + below(g, 16);
	case 2: case 3: return interesting(g);
	case 4: return (uint32_t)rnd(g);
	case 5: case 6: return below(g, 110);
	default: return below(g, 40);
	}
}

static struct bpf_insn stmt(uint16_t code, uint32_t k)
{
	return (struct bpf_insn){.code = code, .jt = 0, .jf = 0, .k = k};
}

/* Fills p with a valid program of 2..max instructions, forward jumps only,
 * no M[] read before every path to it has written it (libpcap 1.10's M[]
 * is uninitialised stack).  Returns its length. */
static unsigned gen_prog(struct rng *g, struct bpf_insn *p, unsigned max)
{
	static const uint16_t alu_ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_AND,
					   BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH, BPF_NEG};
	static const uint16_t jmp_ops[] = {BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET};
	static const uint16_t sizes[] = {BPF_W, BPF_H, BPF_B};
	unsigned n = 2 + below(g, max - 1);
	uint16_t in[MAX_CBPF];     /* M[] every path so far has written */
	bool reach[MAX_CBPF] = {true};

	in[0] = 0;
	for (unsigned i = 0; i < n; i++) {
		uint16_t wr = reach[i] ? in[i] : 0xffff;
		unsigned left = n - 2 - i;   /* instructions between this one and the last */
		struct bpf_insn x;
		unsigned pick = i == n - 1 ? 99 : below(g, 100);

		if (pick < 22) {          /* packet loads */
			uint16_t sz = sizes[below(g, 3)];
			switch (below(g, 4)) {
			case 0: case 1: x = stmt(BPF_LD | sz | BPF_ABS, offset_k(g)); break;
			case 2: x = stmt(BPF_LD | sz | BPF_IND, offset_k(g)); break;
			default: x = stmt(BPF_LDX | BPF_MSH | BPF_B, offset_k(g)); break;
			}
		} else if (pick < 32) {   /* other loads */
			unsigned m = below(g, 6);
			uint16_t cls = below(g, 2) ? BPF_LD : BPF_LDX;
			if (m == 0)
				x = stmt(cls | BPF_W | BPF_LEN, 0);
			else if (m == 1 && wr) {
				unsigned k;
				do
					k = below(g, 16);
				while (!(wr & (1u << k)));
				x = stmt(cls | BPF_MEM, k);
			} else if (cls == BPF_LDX && m < 4) {   /* X near a packet's end or a wrap */
				uint32_t v[] = {below(g, 120), 0xffffffff - below(g, 8), 32760 + below(g, 16),
						65520 + below(g, 24)};
				x = stmt(BPF_LDX | BPF_IMM, v[below(g, 4)]);
			} else {
				x = stmt(cls | BPF_IMM, any_k(g));
			}
		} else if (pick < 40) {   /* scratch memory */
			x = stmt(below(g, 2) ? BPF_ST : BPF_STX, below(g, 16));
		} else if (pick < 62) {   /* arithmetic */
			uint16_t op = alu_ops[below(g, sizeof(alu_ops) / sizeof(alu_ops[0]))];
			uint16_t src = op != BPF_NEG && below(g, 2) ? BPF_X : BPF_K;
			uint32_t k = op == BPF_NEG || src == BPF_X ? 0 : any_k(g);
			if ((op == BPF_DIV || op == BPF_MOD) && src == BPF_K && k == 0)
				k = 1 + below(g, 9);
			if ((op == BPF_LSH || op == BPF_RSH) && src == BPF_K && below(g, 2))
				k = below(g, 70);
			x = stmt(BPF_ALU | op | src, k);
		} else if (pick < 68) {
			x = stmt(BPF_MISC | (below(g, 2) ? BPF_TAX : BPF_TXA), 0);
		} else if (pick < 92 && left > 0) {   /* jumps, forward */
			if (below(g, 6) == 0) {
				x = stmt(BPF_JMP | BPF_JA, below(g, (left < 6 ? left : 6) + 1));
			} else {
				uint16_t op = jmp_ops[below(g, 4)];
				uint16_t src = below(g, 3) ? BPF_K : BPF_X;
				unsigned reach_max = left < 255 ? left : 255;
				x = stmt(BPF_JMP | op | src, src == BPF_K ? any_k(g) : 0);
				/* mostly short: the program goes on */
				unsigned near = reach_max < 6 ? reach_max : 6;
				x.jt = (uint8_t)below(g, (below(g, 4) ? near : reach_max) + 1);
				x.jf = (uint8_t)below(g, (below(g, 4) ? near : reach_max) + 1);
			}
		} else if (pick < 94 || i == n - 1) {   /* returns: half accept, half reject */
			if (below(g, 3) == 0)
				x = stmt(BPF_RET | BPF_A, 0);
			else
				x = stmt(BPF_RET | BPF_K, below(g, 2) ? 0 : 1 + below(g, 0xffff));
		} else {
			x = stmt(BPF_LD | BPF_IMM, any_k(g));
		}
		p[i] = x;

		/* what reaches the successors */
		uint16_t out = wr;
		if (x.code == BPF_ST || x.code == BPF_STX)
			out |= (uint16_t)(1u << x.k);
		unsigned succ[2], ns = 0;
		if (BPF_CLASS(x.code) == BPF_RET)
			ns = 0;
		else if (x.code == (BPF_JMP | BPF_JA))
			succ[ns++] = i + 1 + x.k;
		else if (BPF_CLASS(x.code) == BPF_JMP)
			succ[ns++] = i + 1 + x.jt, succ[ns++] = i + 1 + x.jf;
		else
			succ[ns++] = i + 1;
		for (unsigned s = 0; s < ns; s++) {
			in[succ[s]] = reach[succ[s]] ? (uint16_t)(in[succ[s]] & out) : out;
			reach[succ[s]] = true;
		}
	}
	return n;
}

/* ---- packets ---- */

struct capture {
	uint8_t **data;
	struct pcap_pkthdr *hdr;
	size_t n;
};

static int read_capture(const char *path, struct capture *c)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *d;

	memset(c, 0, sizeof(*c));
	if (!p)
		return -1;
	if (pcap_datalink(p) != DLT_EN10MB) {
		pcap_close(p);
		return -1;
	}
	while (pcap_next_ex(p, &h, &d) == 1) {
		if (h->caplen > 0xffff)
			continue;   /* longer than any device packet */
		c->data = realloc(c->data, (c->n + 1) * sizeof(*c->data));
		c->hdr = realloc(c->hdr, (c->n + 1) * sizeof(*c->hdr));
		cr_assert(c->data && c->hdr);
		c->data[c->n] = malloc(h->caplen ? h->caplen : 1);
		memcpy(c->data[c->n], d, h->caplen);
		c->hdr[c->n++] = *h;
	}
	pcap_close(p);
	return 0;
}

static void free_capture(struct capture *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->data[i]);
	free(c->data);
	free(c->hdr);
}

/* Every packet of the shared captures, for the random tests: loaded once,
 * empty when ../shared/pcaps is absent */
static struct capture pool;

static void load_pool(void)
{
	DIR *dir = opendir(PCAPS);
	struct dirent *de;

	if (pool.n || !dir) {
		if (dir)
			closedir(dir);
		return;
	}
	while ((de = readdir(dir))) {
		char path[600];
		struct capture c;
		if (!strstr(de->d_name, ".pcap"))
			continue;
		snprintf(path, sizeof(path), PCAPS "/%s", de->d_name);
		if (read_capture(path, &c))
			continue;
		for (size_t i = 0; i < c.n; i++) {
			pool.data = realloc(pool.data, (pool.n + 1) * sizeof(*pool.data));
			pool.hdr = realloc(pool.hdr, (pool.n + 1) * sizeof(*pool.hdr));
			cr_assert(pool.data && pool.hdr);
			pool.data[pool.n] = c.data[i];
			pool.hdr[pool.n++] = c.hdr[i];
		}
		free(c.data);
		free(c.hdr);
	}
	closedir(dir);
}

struct pkt {
	uint8_t b[256];
	uint32_t len;
	uint32_t wire;           /* a captured packet's wire length, else 0 */
};

/* A packet of the shared captures, its first 250 bytes at most */
static bool captured_packet(struct rng *g, struct pkt *p)
{
	if (!pool.n)
		return false;
	size_t i = below(g, (uint32_t)pool.n);
	p->len = pool.hdr[i].caplen < 250 ? pool.hdr[i].caplen : 250;
	p->wire = pool.hdr[i].len;
	memcpy(p->b, pool.data[i], p->len);
	return true;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Ethernet frames with real headers (IPv4 TCP/UDP/ICMP, IPv6, ARP, VLAN),
 * random fields where it does not matter */
static void real_packet(struct rng *g, struct pkt *p)
{
	uint8_t *b = p->b;
	unsigned kind = below(g, 6), l3 = 14;

	p->wire = 0;
	for (unsigned i = 0; i < sizeof(p->b); i++)
		b[i] = (uint8_t)rnd(g);
	if (kind == 5) {   /* 802.1Q in front of IPv4 */
		put16(b + 12, 0x8100);
		put16(b + 14, (uint16_t)below(g, 4096));
		l3 = 18;
		kind = below(g, 3);
	}
	if (kind <= 2) {   /* IPv4: TCP, UDP, ICMP, with options sometimes */
		unsigned ihl = below(g, 4) ? 5 : 5 + below(g, 11);
		static const uint8_t proto[] = {6, 17, 1};
		put16(b + l3 - 2, 0x0800);
		b[l3] = (uint8_t)(0x40 | ihl);
		put16(b + l3 + 2, (uint16_t)(20 + below(g, 1400)));
		put16(b + l3 + 6, below(g, 4) ? 0x4000 : (uint16_t)rnd(g));
		b[l3 + 9] = proto[kind];
		unsigned l4 = l3 + 4 * ihl;
		static const uint16_t ports[] = {80, 443, 53, 22, 123, 8080};
		put16(b + l4, ports[below(g, 6)]);
		put16(b + l4 + 2, ports[below(g, 6)]);
		p->len = l4 + 8 + below(g, 60);
	} else if (kind == 3) {   /* IPv6 TCP */
		put16(b + 12, 0x86dd);
		b[14] = 0x60;
		b[20] = below(g, 2) ? 6 : 17;
		put16(b + 54, 80);
		p->len = 54 + below(g, 60);
	} else {   /* ARP */
		put16(b + 12, 0x0806);
		put16(b + 14, 1);
		put16(b + 16, 0x0800);
		b[18] = 6;
		b[19] = 4;
		p->len = 42;
	}
	if (p->len > 250)
		p->len = 250;
	if (below(g, 4) == 0)   /* truncated */
		p->len = below(g, p->len + 1);
}

static void random_packet(struct rng *g, struct pkt *p)
{
	unsigned kind = below(g, 4);

	if (kind == 0 && captured_packet(g, p))
		return;
	if (kind <= 1) {
		real_packet(g, p);
		return;
	}
	p->wire = 0;
	switch (below(g, 4)) {
	case 0: p->len = below(g, 30); break;
	case 1: p->len = below(g, 251); break;
	default: p->len = 30 + below(g, 120); break;
	}
	for (uint32_t i = 0; i < p->len; i++)
		p->b[i] = (uint8_t)rnd(g);
}

/* With a length prefix: the captured length, or one at random */
static uint32_t wire_length(struct rng *g, const struct pkt *p)
{
	uint32_t buflen = p->len;

	if (p->wire)
		return p->wire;
	switch (below(g, 4)) {
	case 0: return (uint32_t)rnd(g);
	case 1: return buflen + below(g, 1500);
	default: return buflen;
	}
}

/* ---- translations ---- */

static uint64_t *must_translate(const struct bpf_insn *p, unsigned n, const struct bpfsoc_cbpf_opts *o,
				size_t *cnt, struct bpfsoc_cbpf_info *info, const char *what)
{
	uint64_t *insns = NULL;
	char err[512];
	int rc = bpfsoc_cbpf_translate(p, n, o, &insns, cnt, info, err, sizeof(err));

	if (rc) {
		print_cbpf(p, n);
		cr_assert_fail("%s: the translation failed (%d): %s", what, rc, err);
	}
	if (bpfsoc_cbpf_check(insns, *cnt, what, NULL)) {
		print_cbpf(p, n);
		bpfsoc_cbpf_dump(stderr, p, n, o);
		cr_assert_fail("%s: the translation does not pass the checker (messages above)", what);
	}
	return insns;
}

/* diff_core's program for the translation on one packet */
static void diff_prog(struct bpf_gen_prog *gp, const uint64_t *insns, size_t cnt, const struct pkt *pk,
		      uint32_t wire, bool prefix, struct rng *g)
{
	cr_assert_leq(cnt, BPF_GEN_MAX_SLOTS, "%zu eBPF instructions", cnt);
	memset(gp, 0, sizeof(*gp));
	memcpy(gp->insns, insns, cnt * sizeof(*insns));
	gp->len = (uint32_t)cnt;
	gp->budget = BUDGET;
	uint32_t flen = frame(gp->mem, pk->b, pk->len, wire, prefix);
	uint32_t ctx[2] = {PKT_BASE, PKT_BASE + flen};
	memcpy(gp->ro, ctx, sizeof(ctx));
	for (unsigned q = 0; q < 10; q++)
		gp->regs[q] = rnd(g);
	gp->regs[1] = CTX_BASE;
}

/* ======================================================================== */

Test(cbpf, random_programs_on_the_reference_model, .timeout = 600)
{
	uint64_t n = programs(5, 4000), seed = env_u64("FUZZ_SEED", (uint64_t)time(NULL));
	struct rig *r = rig_new();
	uint64_t runs = 0, pass = 0, snapped = 0, insns_total = 0, retired = 0;
	static struct bpf_insn prog[MAX_CBPF];

	load_pool();
	fprintf(stderr, "cbpf: %" PRIu64 " random programs on the reference model from seed %" PRIu64
		" (FUZZ_SEED=%" PRIu64 " reproduces), %zu captured packets among the random ones\n",
		n, seed, seed, pool.n);
	for (uint64_t i = 0; i < n; i++) {
		struct rng g = {seed + i};
		unsigned len = gen_prog(&g, prog, MAX_CBPF);
		char what[128];

		snprintf(what, sizeof(what), "random program %" PRIu64 " (FUZZ_SEED=%" PRIu64
			 " FUZZ_N=1)", i, seed + i);
		cr_assert(bpf_validate(prog, (int)len), "%s: libpcap's bpf_validate refuses it", what);
		for (int pre = 0; pre < 2; pre++) {
			LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, o, .len_prefix = pre);
			struct bpfsoc_cbpf_info info;
			size_t cnt;
			uint64_t *insns = must_translate(prog, len, &o, &cnt, &info, what);

			insns_total += cnt;
			rig_load(r, insns, cnt);
			for (unsigned k = 0; k < 6; k++) {
				struct pkt pk;
				random_packet(&g, &pk);
				uint32_t wire = pre ? wire_length(&g, &pk) : pk.len;
				/* a big packet now and then: offsets past 16 bits */
				static uint8_t big[0xffff];
				const uint8_t *bytes = pk.b;
				uint32_t blen = pk.len;
				if (k == 5 && below(&g, 8) == 0) {
					blen = below(&g, 2) ? 0xffff : 32760 + below(&g, 40);
					for (uint32_t b = 0; b < blen; b++)
						big[b] = (uint8_t)(b * 31 + i);
					bytes = big;
					struct pkt t = {.len = blen};
					wire = pre ? wire_length(&g, &t) : blen;
				}
				if (same_verdict(r, prog, len, &o, bytes, blen, wire, what))
					cr_assert_fail("%s disagrees with bpf_filter", what);
				uint32_t v = bpf_filter(prog, bytes, wire, blen);
				pass += v != 0;
				runs++;
				retired += bpfcore_counter(r->core, BPF_CNT_INSNS);
				/* the snap length: the first snap_needed bytes decide */
				if (info.snap_needed && info.snap_needed < blen) {
					uint32_t t = bpf_filter(prog, bytes, wire, info.snap_needed);
					cr_assert_eq(!!t, !!v, "%s: snap_needed %u changes bpf_filter's "
						     "verdict on a %u-byte packet", what, info.snap_needed,
						     blen);
					snapped++;
				}
			}
			free(insns);
		}
	}
	fprintf(stderr, "cbpf: %" PRIu64 " programs, %" PRIu64 " runs equal to bpf_filter (%" PRIu64
		" accepted), no fault; %.1f eBPF instructions a translation, %.1f retired a run; %"
		PRIu64 " verdicts also equal on the snap length alone\n", n, runs, pass,
		(double)insns_total / (double)(2 * n), (double)retired / (double)runs, snapped);
	cr_assert(pass > 0 && pass < runs, "the programs should both accept and reject");
	rig_free(r);
}

Test(cbpf, random_programs_on_the_rtl, .timeout = 600)
{
	uint64_t n = programs(50, 400);
	uint64_t seed = env_u64("FUZZ_SEED", (uint64_t)time(NULL)) + 0x5eed0000ull;
	char err[128], msg[2048];
	struct diff_ctx *d = diff_new(err, sizeof(err));
	struct rig *r = rig_new();
	static struct bpf_gen_prog gp;
	static struct bpf_insn prog[MAX_CBPF];
	uint64_t runs = 0, retired = 0;

	cr_assert(d, "%s", err);
	load_pool();
	fprintf(stderr, "cbpf: %" PRIu64 " random programs on the RTL from seed %" PRIu64
		" (FUZZ_SEED=%" PRIu64 " reproduces)\n", n, seed, (uint64_t)(seed - 0x5eed0000ull));
	for (uint64_t i = 0; i < n; i++) {
		struct rng g = {seed + i};
		unsigned len = gen_prog(&g, prog, MAX_CBPF);
		LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, o, .len_prefix = below(&g, 2));
		struct bpfsoc_cbpf_info info;
		size_t cnt;
		char what[160];

		snprintf(what, sizeof(what), "RTL program %" PRIu64 " (FUZZ_SEED=%" PRIu64 " FUZZ_N=1, "
			 "seed %" PRIu64 ")", i, (uint64_t)(seed - 0x5eed0000ull + i), seed + i);
		uint64_t *insns = must_translate(prog, len, &o, &cnt, &info, what);
		cr_assert_leq(cnt, BPF_GEN_MAX_SLOTS, "%s: %zu eBPF instructions", what, cnt);
		rig_load(r, insns, cnt);
		for (unsigned k = 0; k < 3; k++) {
			struct pkt pk;
			random_packet(&g, &pk);
			uint32_t wire = o.len_prefix ? wire_length(&g, &pk) : pk.len;

			diff_prog(&gp, insns, cnt, &pk, wire, o.len_prefix, &g);
			unsigned wait = k == 2 ? 25 : 0;
			if (diff_run(d, &gp, wait, (uint32_t)(seed + i), msg, sizeof(msg))) {
				print_cbpf(prog, len);
				print_packet(pk.b, pk.len, wire, o.len_prefix);
				bpfsoc_cbpf_dump(stderr, prog, len, &o);
				cr_assert_fail("%s: the RTL and the reference model disagree:\n%s", what, msg);
			}
			cr_assert_str_eq(diff_last_end(d), "exit", "%s: the run ended in %s", what,
					 diff_last_end(d));
			retired += diff_last_retired(d);
			/* the model, at the same addresses, with bpf_filter's verdict:
			 * so the RTL's too */
			if (same_verdict(r, prog, len, &o, pk.b, pk.len, wire, what))
				cr_assert_fail("%s disagrees with bpf_filter", what);
			runs++;
		}
		free(insns);
	}
	fprintf(stderr, "cbpf: %" PRIu64 " programs, %" PRIu64 " runs on the RTL equal to the reference "
		"model at every retirement (%" PRIu64 " instructions) and to bpf_filter\n", n, runs,
		retired);
	diff_free(d);
	rig_free(r);
}

/* ---- tcpdump expressions ---- */

static const char *const exprs[] = {
	"ip", "ip6", "arp", "tcp", "udp", "icmp", "icmp6", "vlan", "mpls",
	"tcp port 80", "udp port 53", "portrange 1000-2000", "host 192.168.1.1",
	"net 10.0.0.0/8", "src net 192.168.0.0/16 and dst port 443",
	"ether host 00:11:22:33:44:55", "ether broadcast", "ip multicast", "len > 100",
	"less 64", "greater 1000", "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0", "ip[8] < 64",
	"ip[2:2] - ((ip[0]&0xf)<<2) - ((tcp[12]&0xf0)>>2) > 0", "vlan and ip",
	"not ip and not arp", "ip6 and tcp port 22", "ip proto 47 or ip proto 50",
	"ip6 protochain 6", "icmp[icmptype] == icmp-echo", "udp and udp[8:4] = 0x12345678",
	"ether[0] & 1 = 1", "(tcp or udp) and (port 53 or port 123)",
};
#define N_EXPRS (sizeof(exprs) / sizeof(exprs[0]))

/* pcap_compile for Ethernet; optimize 0 keeps M[] and more instructions */
static void compile(const char *expr, int optimize, struct bpf_program *f)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 262144);
	cr_assert(p);
	cr_assert_eq(pcap_compile(p, f, expr, optimize, PCAP_NETMASK_UNKNOWN), 0, "%s: %s", expr,
		     pcap_geterr(p));
	pcap_close(p);
}

Test(cbpf, expressions_translate_and_agree)
{
	struct rig *r = rig_new();
	struct rng g = {1};
	unsigned runs = 0;

	for (size_t e = 0; e < N_EXPRS; e++)
		for (int opt = 0; opt < 2; opt++)
			for (int pre = 0; pre < 2; pre++) {
				struct bpf_program f;
				LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, o, .len_prefix = pre);
				struct bpfsoc_cbpf_info info;
				char what[160];
				size_t cnt;

				compile(exprs[e], opt, &f);
				snprintf(what, sizeof(what), "\"%s\" (optimize %d%s)", exprs[e], opt,
					 pre ? ", length prefix" : "");
				uint64_t *insns = must_translate(f.bf_insns, f.bf_len, &o, &cnt, &info, what);
				rig_load(r, insns, cnt);
				for (unsigned k = 0; k < 200; k++) {
					struct pkt pk;
					real_packet(&g, &pk);
					uint32_t wire = pre ? wire_length(&g, &pk) : pk.len;
					if (same_verdict(r, f.bf_insns, f.bf_len, &o, pk.b, pk.len, wire, what))
						cr_assert_fail("%s disagrees with bpf_filter", what);
					runs++;
				}
				free(insns);
				pcap_freecode(&f);
			}
	printf("cbpf: %zu expressions (optimised and not, with and without the length prefix) "
	       "translate, pass the checker and agree with bpf_filter on %u generated packets\n",
	       N_EXPRS, runs);
	rig_free(r);
}

/* The expressions on the RTL: every retirement equal to the model's (and
 * with the RTL alone, in regions of the packet's size, bpf_filter's
 * verdict); the core's instructions and cycles a packet */
Test(cbpf, expressions_on_the_rtl, .timeout = 600)
{
	char err[128], msg[2048];
	struct diff_ctx *d = diff_new(err, sizeof(err));
	static struct bpf_gen_prog gp;
	struct rng g = {2};
	unsigned total = 0;

	cr_assert(d, "%s", err);
	struct rig *rtl = rig_engine(BPFCORE_RTL);
	load_pool();
	for (size_t e = 0; e < N_EXPRS; e++) {
		struct bpf_program f;
		LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, o, .len_prefix = e & 1);
		struct bpfsoc_cbpf_info info;
		uint64_t cycles = 0, insns_run = 0;
		unsigned runs = 0;
		size_t cnt;
		char what[200];

		compile(exprs[e], 1, &f);
		uint64_t *insns = must_translate(f.bf_insns, f.bf_len, &o, &cnt, &info, exprs[e]);
		rig_load(rtl, insns, cnt);
		for (unsigned k = 0; k < 24; k++) {
			struct pkt pk;
			if (!(k & 1) || !captured_packet(&g, &pk))
				real_packet(&g, &pk);
			uint32_t wire = o.len_prefix ? wire_length(&g, &pk) : pk.len;

			snprintf(what, sizeof(what), "\"%s\"%s on the RTL, packet %u", exprs[e],
				 o.len_prefix ? " (length prefix)" : "", k);
			diff_prog(&gp, insns, cnt, &pk, wire, o.len_prefix, &g);
			if (diff_run(d, &gp, k % 3 ? 0 : 25, k, msg, sizeof(msg))) {
				print_packet(pk.b, pk.len, wire, o.len_prefix);
				bpfsoc_cbpf_dump(stderr, f.bf_insns, f.bf_len, &o);
				cr_assert_fail("%s: the RTL and the reference model disagree:\n%s", what, msg);
			}
			if (same_verdict(rtl, f.bf_insns, f.bf_len, &o, pk.b, pk.len, wire, what))
				cr_assert_fail("%s disagrees with bpf_filter", what);
			cycles += bpfcore_counter(rtl->core, BPF_CNT_CYCLES);
			insns_run += bpfcore_counter(rtl->core, BPF_CNT_INSNS);
			runs++;
		}
		printf("cbpf: RTL: \"%s\": %zu eBPF instructions; %.1f run, %.1f core cycles a packet\n",
		       exprs[e], cnt, (double)insns_run / runs, (double)cycles / runs);
		total += runs;
		free(insns);
		pcap_freecode(&f);
	}

	/* "tcp port 80" on a packet it accepts: the longest IPv4 path */
	struct bpf_program f;
	size_t cnt;
	struct pkt pk = {.len = 64};
	compile("tcp port 80", 1, &f);
	uint64_t *insns = must_translate(f.bf_insns, f.bf_len, NULL, &cnt, NULL, "tcp port 80");
	for (unsigned i = 0; i < pk.len; i++)
		pk.b[i] = (uint8_t)i;
	put16(pk.b + 12, 0x0800);
	pk.b[14] = 0x45;
	put16(pk.b + 20, 0x4000);
	pk.b[23] = 6;
	put16(pk.b + 34, 1234);
	put16(pk.b + 36, 80);   /* the destination port: the second compare */
	rig_load(rtl, insns, cnt);
	cr_assert_eq(same_verdict(rtl, f.bf_insns, f.bf_len, &(struct bpfsoc_cbpf_opts){.sz = sizeof(struct bpfsoc_cbpf_opts)},
				  pk.b, pk.len, pk.len, "tcp port 80"), 0);
	printf("cbpf: RTL: \"tcp port 80\" accepting an IPv4 TCP packet to port 80: %" PRIu64
	       " eBPF instructions, %" PRIu64 " core cycles (hBPF's tcp-port-80 match: 92 cycles)\n",
	       bpfcore_counter(rtl->core, BPF_CNT_INSNS), bpfcore_counter(rtl->core, BPF_CNT_CYCLES));
	printf("cbpf: %zu expressions on %u packets: the RTL equal to the reference model at every "
	       "retirement and to bpf_filter\n", N_EXPRS, total);
	free(insns);
	pcap_freecode(&f);
	rig_free(rtl);
	diff_free(d);
}

/* The snap lengths of a few expressions: what an offloaded filter sends */
Test(cbpf, snap_needed)
{
	static const struct {
		const char *expr;
		uint32_t snap;
		bool len;
	} t[] = {
		{"ip", 14, false},
		{"tcp port 80", 78, false},      /* IPv4: X <= 60 from the IHL, + 14 + 2 + 2 */
		{"ip6 and tcp port 22", 58, false},
		{"len > 100", 0, true},          /* no packet load at all */
		{"ip6 protochain 6", 0, false},  /* a backward jump: unbounded */
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct bpf_program f;
		struct bpfsoc_cbpf_info info;
		size_t cnt;

		compile(t[i].expr, 1, &f);
		uint64_t *insns = must_translate(f.bf_insns, f.bf_len, NULL, &cnt, &info, t[i].expr);
		cr_expect_eq(info.snap_needed, t[i].snap, "\"%s\": snap_needed %u, expected %u",
			     t[i].expr, info.snap_needed, t[i].snap);
		cr_expect_eq(info.uses_len, t[i].len, "\"%s\": uses_len %d", t[i].expr, info.uses_len);
		free(insns);
		pcap_freecode(&f);
	}
}

Test(cbpf, expressions_over_shared_captures, .timeout = 600)
{
	DIR *dir = opendir(PCAPS);
	if (!dir) {
		printf("cbpf: %s is absent: the captures' test is skipped\n", PCAPS);
		cr_skip_test("no ../shared/pcaps");
	}
	struct capture *caps = NULL;
	size_t ncaps = 0, packets = 0;
	struct dirent *de;
	while ((de = readdir(dir))) {
		char path[600];
		if (!strstr(de->d_name, ".pcap"))
			continue;
		snprintf(path, sizeof(path), PCAPS "/%s", de->d_name);
		caps = realloc(caps, (ncaps + 1) * sizeof(*caps));
		if (read_capture(path, &caps[ncaps]) == 0)
			packets += caps[ncaps++].n;
	}
	closedir(dir);
	cr_assert_gt(packets, 0, "no Ethernet packets in %s", PCAPS);

	struct rig *r = rig_new();
	uint64_t runs = 0, accepted = 0;
	for (size_t e = 0; e < N_EXPRS; e++) {
		struct bpf_program f;
		compile(exprs[e], 1, &f);
		for (int pre = 0; pre < 2; pre++) {
			/* with the prefix: only the snap length goes, as the filter front end sends */
			LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, o, .len_prefix = pre);
			struct bpfsoc_cbpf_info info;
			size_t cnt;
			uint64_t *insns = must_translate(f.bf_insns, f.bf_len, &o, &cnt, &info, exprs[e]);

			rig_load(r, insns, cnt);
			for (size_t c = 0; c < ncaps; c++)
				for (size_t k = 0; k < caps[c].n; k++) {
					const struct pcap_pkthdr *h = &caps[c].hdr[k];
					uint32_t want = pcap_offline_filter(&f, h, caps[c].data[k]);
					uint32_t buflen = h->caplen;
					if (pre && info.snap_needed && info.snap_needed < buflen)
						buflen = info.snap_needed;
					char what[200];
					snprintf(what, sizeof(what), "\"%s\"%s, capture packet %zu", exprs[e],
						 pre ? " (length prefix, snap)" : "", k);
					cr_assert_eq(!!want, !!bpf_filter(f.bf_insns, caps[c].data[k], h->len,
									  h->caplen));
					if (same_verdict(r, f.bf_insns, f.bf_len, &o, caps[c].data[k], buflen,
							 pre ? h->len : h->caplen, what) ||
					    (pre && xdp_verdict(bpf_filter(f.bf_insns, caps[c].data[k], h->len,
									   buflen)) != xdp_verdict(want)))
						cr_assert_fail("%s disagrees with pcap_offline_filter", what);
					accepted += want != 0;
					runs++;
				}
			free(insns);
		}
		pcap_freecode(&f);
	}
	printf("cbpf: %zu expressions x %zu packets of %zu captures, with and without the length "
	       "prefix (and the snap length): %" PRIu64 " verdicts equal to pcap_offline_filter (%"
	       PRIu64 " accepted), no fault\n", N_EXPRS, packets, ncaps, runs, accepted);
	for (size_t c = 0; c < ncaps; c++)
		free_capture(&caps[c]);
	free(caps);
	rig_free(r);
}

/* ---- refusals ---- */

#define S(c, k) {(c), 0, 0, (k)}
#define J(c, k, t, f) {(c), (t), (f), (k)}

Test(cbpf, invalid_programs_are_refused_naming_the_instruction)
{
	static const struct {
		const char *what;
		struct bpf_insn p[4];
		unsigned n, bad;
		const char *says;
	} t[] = {
		{"a jump past the end", {S(BPF_LD | BPF_IMM, 1), J(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
					 S(BPF_RET | BPF_A, 0)}, 3, 1, "outside the program"},
		{"ja past the end", {S(BPF_JMP | BPF_JA, 1), S(BPF_RET | BPF_K, 1)}, 2, 0,
		 "outside the program"},
		{"ja to itself", {S(BPF_LD | BPF_IMM, 1), S(BPF_JMP | BPF_JA, 0xffffffff),
				  S(BPF_RET | BPF_K, 1)}, 3, 1, "itself"},
		{"an unknown opcode", {S(BPF_LD | BPF_IMM, 1), S(BPF_LD | BPF_IMM, 2),
				       S(BPF_LD | BPF_H | BPF_IMM, 3), S(BPF_RET | BPF_A, 0)}, 4, 2,
		 "opcode 0x08"},
		{"RET X", {S(BPF_LD | BPF_IMM, 1), S(BPF_RET | BPF_X, 0)}, 2, 1, "opcode 0x0e"},
		{"M[16] stored", {S(BPF_LD | BPF_IMM, 1), S(BPF_ST, 16), S(BPF_RET | BPF_A, 0)}, 3, 1,
		 "M[16]"},
		{"M[16] loaded", {S(BPF_LDX | BPF_MEM, 16), S(BPF_RET | BPF_A, 0)}, 2, 0, "M[16]"},
		{"no RET at the end", {S(BPF_LD | BPF_IMM, 1), S(BPF_RET | BPF_A, 0),
				       S(BPF_LD | BPF_IMM, 1)}, 3, 2, "not a RET"},
		{"division by 0", {S(BPF_LD | BPF_IMM, 1), S(BPF_ALU | BPF_DIV | BPF_K, 0),
				   S(BPF_RET | BPF_A, 0)}, 3, 1, "division by the constant 0"},
		{"modulo by 0", {S(BPF_LD | BPF_IMM, 1), S(BPF_ALU | BPF_MOD | BPF_K, 0),
				 S(BPF_RET | BPF_A, 0)}, 3, 1, "modulo by the constant 0"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint64_t *insns = NULL;
		size_t cnt = 0;
		char err[256], idx[32];
		int rc = bpfsoc_cbpf_translate(t[i].p, t[i].n, NULL, &insns, &cnt, NULL, err, sizeof(err));

		snprintf(idx, sizeof(idx), "cBPF insn %u ", t[i].bad);
		cr_expect_eq(rc, -EINVAL, "%s: %d", t[i].what, rc);
		cr_expect(strstr(err, idx), "%s: \"%s\" does not name insn %u", t[i].what, err, t[i].bad);
		cr_expect(strstr(err, t[i].says), "%s: \"%s\" does not say \"%s\"", t[i].what, err,
			  t[i].says);
		cr_expect_null(insns);
		printf("cbpf: %s: %s\n", t[i].what, err);
	}
	uint64_t *insns = NULL;
	size_t cnt;
	char err[256];
	cr_expect_eq(bpfsoc_cbpf_translate(NULL, 0, NULL, &insns, &cnt, NULL, err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "no instructions"), "%s", err);
}

/* What the translator accepts, libpcap's bpf_validate accepts too (it is the
 * looser one: libpcap 1.10's lets opcodes through that its interpreter
 * aborts on) */
Test(cbpf, accepted_programs_are_valid_for_libpcap)
{
	uint64_t seed = env_u64("FUZZ_SEED", (uint64_t)time(NULL));
	struct rng g = {seed};
	static struct bpf_insn p[MAX_CBPF];
	unsigned accepted = 0, refused = 0;

	fprintf(stderr, "cbpf: 20000 mutated programs from seed %" PRIu64 " (FUZZ_SEED=%" PRIu64
		" reproduces)\n", seed, seed);

	for (unsigned i = 0; i < 20000; i++) {
		unsigned n = gen_prog(&g, p, 16);
		/* a mutation or two: any opcode, jump, k */
		for (unsigned m = 0, nm = 1 + below(&g, 2); m < nm; m++) {
			struct bpf_insn *x = &p[below(&g, n)];
			switch (below(&g, 4)) {
			case 0: x->code = (uint16_t)below(&g, 256); break;
			case 1: x->jt = (uint8_t)below(&g, 8); break;
			case 2: x->k = below(&g, 2) ? below(&g, 20) : (uint32_t)rnd(&g); break;
			default: x->jf = (uint8_t)below(&g, 8); break;
			}
		}
		uint64_t *insns = NULL;
		size_t cnt;
		char err[256];
		if (bpfsoc_cbpf_translate(p, n, NULL, &insns, &cnt, NULL, err, sizeof(err)) == 0) {
			if (!bpf_validate(p, (int)n)) {
				print_cbpf(p, n);
				cr_assert_fail("translated a program that bpf_validate refuses");
			}
			accepted++;
			free(insns);
		} else {
			cr_assert(strstr(err, "cBPF insn ") || strstr(err, "cBPF program"), "%s", err);
			refused++;
		}
	}
	printf("cbpf: %u mutated programs translated (each valid for bpf_validate), %u refused\n",
	       accepted, refused);
	cr_assert(accepted > 1000 && refused > 1000);
}

/* ---- semantics, one case at a time ---- */

static uint8_t pattern[0xffff];   /* byte i: i * 7 + (i >> 8) */
static struct rig *edge_rig;

/* Each program on packets of several lengths, both modes, against bpf_filter */
static void agree(const struct bpf_insn *p, unsigned n, const char *what)
{
	static const uint32_t lens[] = {0, 1, 3, 4, 13, 14, 15, 40, 60, 100, 32767, 32768, 32770,
					65533, 65535};
	const uint8_t *pkt = pattern;
	struct rig *r = edge_rig;

	for (int pre = 0; pre < 2; pre++) {
		LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, o, .len_prefix = pre);
		size_t cnt;
		uint64_t *insns = must_translate(p, n, &o, &cnt, NULL, what);
		rig_load(r, insns, cnt);
		for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++)
			if (same_verdict(r, p, n, &o, pkt, lens[l], lens[l] + (pre ? 9 : 0), what))
				cr_assert_fail("%s disagrees with bpf_filter", what);
		free(insns);
	}
}

/* The value n instructions leave in A, exactly: bpf_filter gives it for the
 * whole pattern (pre, then ret a); then pre, jeq #value, ret #1, ret #0 must
 * agree with bpf_filter on every length */
static void agree_value(const struct bpf_insn *pre, unsigned n, const char *what)
{
	struct bpf_insn p[16];

	cr_assert_leq(n + 3, 16u);
	memcpy(p, pre, n * sizeof(*p));
	p[n] = (struct bpf_insn){BPF_RET | BPF_A, 0, 0, 0};
	uint32_t v = bpf_filter(p, pattern, sizeof(pattern), sizeof(pattern));
	p[n] = (struct bpf_insn){BPF_JMP | BPF_JEQ | BPF_K, 0, 1, v};
	p[n + 1] = (struct bpf_insn){BPF_RET | BPF_K, 0, 0, 1};
	p[n + 2] = (struct bpf_insn){BPF_RET | BPF_K, 0, 0, 0};
	agree(p, n + 3, what);
}

Test(cbpf, libpcap_edge_cases)
{
	static const uint32_t ks[] = {0, 1, 14, 31, 32, 33, 40, 63, 64, 100, 0x7fffffff, 0xffffffff};
	static const uint32_t as[] = {1, 0x80000000, 0x12345678, 0xffffffff};
	char what[128];

	for (uint32_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7 + (i >> 8));
	edge_rig = rig_new();

	/* shifts: by a constant >= 32 libpcap 1.10 shifts by k & 31 (x86); by X >= 32 it gives 0 */
	for (size_t a = 0; a < sizeof(as) / sizeof(as[0]); a++)
		for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++)
			for (int op = 0; op < 2; op++)
				for (int x = 0; x < 2; x++) {
					uint16_t alu = BPF_ALU | (op ? BPF_RSH : BPF_LSH) | (x ? BPF_X : BPF_K);
					struct bpf_insn p[] = {
						S(BPF_LD | BPF_IMM, as[a]), S(BPF_LDX | BPF_IMM, ks[i]),
						S(alu, ks[i]),
					};
					snprintf(what, sizeof(what), "0x%x %s %s %u", as[a], op ? ">>" : "<<",
						 x ? "X =" : "k", ks[i]);
					agree_value(p, sizeof(p) / sizeof(p[0]), what);
				}
	/* division and modulo by X == 0 reject; A / X, A % X otherwise */
	for (uint32_t xv = 0; xv < 3; xv++)
		for (int mod = 0; mod < 2; mod++) {
			struct bpf_insn p[] = {
				S(BPF_LD | BPF_IMM, 7), S(BPF_LDX | BPF_IMM, xv),
				S(BPF_ALU | (mod ? BPF_MOD : BPF_DIV) | BPF_X, 0), S(BPF_ALU | BPF_ADD | BPF_K, 1),
			};
			snprintf(what, sizeof(what), "7 %s X = %u", mod ? "%" : "/", xv);
			agree_value(p, sizeof(p) / sizeof(p[0]), what);
		}
	/* indirect loads: X + k beyond the packet, X + k wrapping 32 bits */
	static const uint32_t xs[] = {0, 1, 10, 32767, 32768, 65530, 0xfffffff0, 0xfffffffe, 0xffffffff};
	static const uint32_t offs[] = {0, 1, 2, 12, 32766, 32767, 32768, 65531, 65533, 65534,
					0xfffffff0, 0xffffffff};
	for (size_t j = 0; j < sizeof(offs) / sizeof(offs[0]); j++)
		for (int sz = 0; sz < 4; sz++) {
			uint16_t code = sz == 0 ? BPF_LD | BPF_W | BPF_ABS : sz == 1 ? BPF_LD | BPF_H | BPF_ABS :
					sz == 2 ? BPF_LD | BPF_B | BPF_ABS : BPF_LDX | BPF_MSH | BPF_B;
			struct bpf_insn q[] = {S(code, offs[j]), S(BPF_MISC | BPF_TXA, 0)};
			snprintf(what, sizeof(what), "%s [%u]", sz == 3 ? "ldxb 4*" : sz == 0 ? "ld" :
				 sz == 1 ? "ldh" : "ldb", offs[j]);
			agree_value(q, sz == 3 ? 2 : 1, what);
			for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]) && sz < 3; i++) {
				struct bpf_insn p[] = {
					S(BPF_LDX | BPF_IMM, xs[i]), S(BPF_LD | BPF_IND | (code & 0x18), offs[j]),
				};
				snprintf(what, sizeof(what), "ld%s [x + %u], X = %u", sz == 0 ? "" :
					 sz == 1 ? "h" : "b", offs[j], xs[i]);
				agree_value(p, 2, what);
			}
		}
	/* a multi-byte load is big-endian: accept iff [12:4] == 0x0c0d0e0f... */
	struct bpf_insn be[] = {
		S(BPF_LD | BPF_W | BPF_ABS, 12), J(BPF_JMP | BPF_JEQ | BPF_K, 0x54 << 24 | 0x5b << 16 | 0x62 << 8 | 0x69, 0, 1),
		S(BPF_RET | BPF_K, 1), S(BPF_RET | BPF_K, 0),
	};
	agree(be, 4, "ld [12] is big-endian");
	/* unsigned comparisons with k >= 2^31, JSET */
	for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
		struct bpf_insn p[] = {
			S(BPF_LD | BPF_IMM, 0x80000001), J(BPF_JMP | BPF_JGT | BPF_K, ks[i], 0, 3),
			J(BPF_JMP | BPF_JGE | BPF_K, ks[i], 0, 2), J(BPF_JMP | BPF_JSET | BPF_K, ks[i], 1, 0),
			S(BPF_RET | BPF_K, 1), S(BPF_RET | BPF_K, 0),
		};
		snprintf(what, sizeof(what), "comparisons with %u", ks[i]);
		agree(p, sizeof(p) / sizeof(p[0]), what);
	}
	/* every ALU operation, constant and X, on values around the edges */
	static const uint16_t ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_AND, BPF_OR,
				       BPF_XOR, BPF_NEG};
	for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++)
		for (size_t a = 0; a < sizeof(as) / sizeof(as[0]); a++)
			for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++)
				for (int x = 0; x < 2; x++) {
					uint32_t k = ks[i];
					if (!x && !k && (ops[o] == BPF_DIV || ops[o] == BPF_MOD))
						continue;   /* refused: tested above */
					struct bpf_insn p[] = {
						S(BPF_LD | BPF_IMM, as[a]), S(BPF_LDX | BPF_IMM, k),
						S(BPF_ALU | ops[o] | (x && ops[o] != BPF_NEG ? BPF_X : BPF_K),
						  ops[o] == BPF_NEG ? 0 : k),
					};
					snprintf(what, sizeof(what), "0x%x alu 0x%02x %s %u", as[a], ops[o],
						 x ? "X =" : "k", k);
					agree_value(p, 3, what);
				}
	rig_free(edge_rig);
}

Test(cbpf, the_length_prefix)
{
	/* accept iff the wire length is 1234 */
	struct bpf_insn p[] = {
		S(BPF_LD | BPF_W | BPF_LEN, 0), J(BPF_JMP | BPF_JEQ | BPF_K, 1234, 0, 3),
		S(BPF_LDX | BPF_W | BPF_LEN, 0), S(BPF_MISC | BPF_TXA, 0), S(BPF_RET | BPF_A, 0),
		S(BPF_RET | BPF_K, 0),
	};
	/* accept iff the packet's first byte is 0xaa: the byte after the prefix */
	struct bpf_insn q[] = {
		S(BPF_LD | BPF_B | BPF_ABS, 0), J(BPF_JMP | BPF_JEQ | BPF_K, 0xaa, 0, 1),
		S(BPF_RET | BPF_K, 1), S(BPF_RET | BPF_K, 0),
	};
	struct rig *r = rig_new();
	struct bpfsoc_cbpf_info info;
	size_t cnt;
	LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, with, .len_prefix = true);
	LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, without);
	static uint8_t bytes[2000];
	struct bpfcore_result res;

	uint64_t *insns = must_translate(p, 6, &with, &cnt, &info, "ld #pktlen, prefix");
	cr_expect(info.uses_len);
	rig_load(r, insns, cnt);
	uint8_t pre[8] = {1234 & 0xff, 1234 >> 8, 0, 0, 0xaa, 1, 2, 3};
	res = rig_run(r, pre, 8);
	cr_expect(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_PASS, "prefix 1234: %u %" PRIu64,
		  res.state, res.r0);
	pre[0]++;
	res = rig_run(r, pre, 8);
	cr_expect(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_DROP, "prefix 1235");
	res = rig_run(r, pre, 3);   /* no room for the prefix: rejected, no fault */
	cr_expect(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_DROP, "3 bytes: %u", res.state);
	res = rig_run(r, pre, 0);
	cr_expect(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_DROP, "0 bytes: %u", res.state);
	free(insns);

	/* without it, the wire length is the bytes there are */
	insns = must_translate(p, 6, &without, &cnt, &info, "ld #pktlen");
	rig_load(r, insns, cnt);
	res = rig_run(r, bytes, 1234);
	cr_expect(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_PASS, "1234 bytes");
	res = rig_run(r, bytes, 1235);
	cr_expect(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_DROP, "1235 bytes");
	free(insns);

	insns = must_translate(q, 4, &with, &cnt, &info, "ldb [0], prefix");
	cr_expect(!info.uses_len);
	cr_expect_eq(info.snap_needed, 1);
	rig_load(r, insns, cnt);
	pre[0] = 0xaa;   /* the prefix's byte is not the packet's */
	pre[4] = 0x55;
	res = rig_run(r, pre, 8);
	cr_expect(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_DROP, "byte 4 is 0x55");
	pre[4] = 0xaa;
	res = rig_run(r, pre, 8);
	cr_expect(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_PASS, "byte 4 is 0xaa");
	res = rig_run(r, pre, 4);   /* the prefix alone: the load is out of bounds */
	cr_expect(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_DROP, "no packet byte");
	free(insns);
	rig_free(r);
}

/* M[] reads as 0 before it is written, whatever the stack held (libpcap
 * 1.10 would read its own stack's garbage; later versions zero M[]) */
Test(cbpf, scratch_memory_starts_at_zero)
{
	struct bpf_insn p[] = {
		S(BPF_LD | BPF_IMM, 5), J(BPF_JMP | BPF_JEQ | BPF_K, 5, 0, 1), S(BPF_ST, 3),
		/* M[3] is written on one path only; M[9] on none */
		S(BPF_LDX | BPF_MEM, 9), S(BPF_LD | BPF_MEM, 3), S(BPF_ALU | BPF_ADD | BPF_X, 0),
		S(BPF_RET | BPF_A, 0),
	};
	struct rig *r = rig_new();
	size_t cnt;
	uint64_t *insns = must_translate(p, 7, NULL, &cnt, NULL, "M[] before written");
	rig_load(r, insns, cnt);
	for (int i = 0; i < 10; i++) {   /* the rig fills the stack with garbage each run */
		struct bpfcore_result res = rig_run(r, NULL, 0);
		cr_assert(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_PASS);
	}
	p[0].k = 4;   /* the path that skips the store: M[3] + M[9] == 0: reject */
	free(insns);
	insns = must_translate(p, 7, NULL, &cnt, NULL, "M[] before written");
	rig_load(r, insns, cnt);
	for (int i = 0; i < 10; i++) {
		struct bpfcore_result res = rig_run(r, NULL, 0);
		cr_assert(res.state == BPF_STATE_DONE && res.r0 == BPFSOC_XDP_DROP);
	}
	free(insns);
	rig_free(r);
}

Test(cbpf, dump_shows_both_sides)
{
	struct bpf_program f;
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	compile("tcp port 80", 1, &f);
	cr_assert_eq(bpfsoc_cbpf_dump(m, f.bf_insns, f.bf_len, NULL), 0);
	fclose(m);
	cr_expect(strstr(text, "(000) ldh      [12]"), "%s", text);
	cr_expect(strstr(text, "ldxh %r6, [%r8+12]"), "%s", text);
	cr_expect(strstr(text, "be16 %r6"), "%s", text);
	cr_expect(strstr(text, "snap 78"), "%s", text);
	cr_expect(strstr(text, "exit"), "%s", text);
	printf("cbpf: --dump of \"tcp port 80\":\n%s", text);
	free(text);
	pcap_freecode(&f);

	struct bpf_insn bad[] = {S(BPF_LD | BPF_IMM, 1), S(BPF_ST, 17), S(BPF_RET | BPF_A, 0)};
	m = open_memstream(&text, &len);
	cr_expect_eq(bpfsoc_cbpf_dump(m, bad, 3, NULL), -EINVAL);
	fclose(m);
	cr_expect(strstr(text, "cBPF insn 1"), "%s", text);
	free(text);
}

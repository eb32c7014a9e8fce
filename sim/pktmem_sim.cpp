// pktmem_sim.cpp: rtl/soc_pktmem.v Verilated alone, driven from both of its
// ports against a byte-array model (pktmem_sim.h).
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <vector>

#include "Vsoc_pktmem.h"
#include "verilated.h"

#include "pktmem_sim.h"

namespace {

struct Op {
	bool rv;          // the RISC-V port (else the data port)
	bool we;
	bool barrier;     // waits until every earlier access is answered
	uint32_t addr;    // byte address (RISC-V: word aligned)
	unsigned size;    // data port: 1, 2, 4, 8
	unsigned be;      // RISC-V: byte enables of a write
	uint64_t data;    // write data
};

// a read taken: what it must answer in the next cycle
struct Expect {
	bool valid = false;
	Op op{};
	uint64_t bytes = 0, known = 0;   // the model's bytes then; which were written
};

uint64_t rng_next(uint64_t *s)
{
	// splitmix64
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

struct Bench {
	VerilatedContext ctx;
	Vsoc_pktmem *m;
	std::vector<uint8_t> model;
	std::vector<bool> known;         // the model's byte was written (block RAM: no initial contents)
	std::deque<Op> dq, bq;           // planned accesses per port
	bool d_holding = false;          // data port: a request raised, not granted
	Op d_cur{};
	unsigned d_step = 0;             // its bytes taken so far
	Expect d_acc;                    // a read's bytes so far
	unsigned d_wait = 0;             // cycles in a row it has waited
	bool b_took = false;             // the RISC-V's access was taken in the last cycle
	Expect d_exp, b_exp;
	uint64_t cycle = 0;
	char *err;
	size_t errlen;
	bool failed = false;
	pktmem_stats *st;

	Bench(pktmem_stats *s, char *e, size_t el) : m(new Vsoc_pktmem(&ctx)), model(PKTMEM_BYTES),
		known(PKTMEM_BYTES), err(e), errlen(el), st(s)
	{
		m->i_clk = 0;
		m->i_a_req = 0;
		m->i_b_req = 0;
		m->eval();
	}
	~Bench() { m->final(); delete m; }

	void clock()
	{
		m->i_clk = 1;
		m->eval();
		m->i_clk = 0;
		m->eval();
		cycle++;
	}

	void fail(const char *fmt, ...)
	{
		if (failed)
			return;
		failed = true;
		va_list ap;
		va_start(ap, fmt);
		int n = snprintf(err, errlen, "cycle %llu: ", (unsigned long long)cycle);
		if (n >= 0 && (size_t)n < errlen)
			vsnprintf(err + n, errlen - n, fmt, ap);
		va_end(ap);
	}

	bool idle() const { return !d_holding && !d_exp.valid && !b_exp.valid && !b_took; }

	// the RISC-V's word at its cycle: a write applies, a read notes the bytes
	void take(const Op &o, Expect *e)
	{
		e->valid = !o.we;
		e->op = o;
		e->bytes = e->known = 0;
		for (unsigned i = 0; i < 4; i++) {
			uint32_t a = (o.addr + i) % PKTMEM_BYTES;
			if (o.we) {
				if (o.be >> i & 1) {
					model[a] = (uint8_t)(o.data >> (8 * i));
					known[a] = true;
				}
			} else {
				e->bytes |= (uint64_t)model[a] << (8 * i);
				e->known |= known[a] ? 0xffull << (8 * i) : 0;
			}
		}
		o.we ? st->b_writes++ : st->b_reads++;
	}

	// the data port's byte j of its access, taken this cycle
	void take_byte(const Op &o, unsigned j)
	{
		uint32_t a = (o.addr + j) % PKTMEM_BYTES;
		if (o.we) {
			model[a] = (uint8_t)(o.data >> (8 * j));
			known[a] = true;
		} else {
			d_acc.bytes |= (uint64_t)model[a] << (8 * j);
			d_acc.known |= known[a] ? 0xffull << (8 * j) : 0;
		}
	}

	void check(Expect *e, uint64_t rdata)
	{
		if (!e->valid)
			return;
		e->valid = false;
		unsigned n = e->op.rv ? 4 : e->op.size;
		for (unsigned i = 0; i < n; i++) {
			uint8_t b = (uint8_t)(rdata >> (8 * i)), want = (uint8_t)(e->bytes >> (8 * i));
			if ((e->known >> (8 * i) & 1) && b != want)
				fail("%s read of %u bytes at 0x%03x: byte %u is 0x%02x, not 0x%02x",
				     e->op.rv ? "RISC-V" : "data port", n, e->op.addr, i, b, want);
		}
	}

	void step()
	{
		// ---- the data port's request for this cycle ----
		if (!d_holding && !dq.empty() && (!dq.front().barrier || idle())) {
			d_cur = dq.front();
			dq.pop_front();
			d_holding = true;
			d_step = 0;
			d_wait = 0;
			d_acc = Expect{};
			d_acc.op = d_cur;
		}
		m->i_a_req = d_holding;
		m->i_a_we = d_holding && d_cur.we;
		m->i_a_addr = d_cur.addr;
		m->i_a_size = d_cur.size;
		m->i_a_wdata = d_cur.data;

		// ---- the RISC-V's: a request, then its answer ----
		bool b_go = false;
		Op b_cur{};
		if (!b_took && !bq.empty() && (!bq.front().barrier || idle())) {
			b_cur = bq.front();
			bq.pop_front();
			b_go = true;
		}
		m->i_b_req = b_go;
		m->i_b_we = b_go && b_cur.we;
		m->i_b_addr = b_cur.addr >> 2;
		m->i_b_be = b_cur.we ? b_cur.be : 0xf;
		m->i_b_wdata = (uint32_t)b_cur.data;
		m->eval();

		// ---- the answers to the last cycle's reads ----
		check(&d_exp, m->o_a_rdata);
		check(&b_exp, m->o_b_rdata);

		// ---- this cycle's access: the RISC-V's, else a byte of the data
		// port's, from its last byte down; the grant comes with byte 0 ----
		if (b_go) {
			if (m->o_a_gnt)
				fail("o_a_gnt with a RISC-V request");
			take(b_cur, &b_exp);
			if (d_holding) {
				st->d_waits++;
				if (++d_wait > 1)
					fail("a data port request waited %u cycles in a row", d_wait);
			}
		} else if (d_holding) {
			d_wait = 0;
			take_byte(d_cur, d_cur.size - 1 - d_step);
			bool last = ++d_step == d_cur.size;
			if (m->o_a_gnt != last)
				fail("data port %s of %u bytes at 0x%03x: o_a_gnt %u after %u of its bytes",
				     d_cur.we ? "write" : "read", d_cur.size, d_cur.addr, m->o_a_gnt, d_step);
			if (last) {
				d_acc.valid = !d_cur.we;
				d_exp = d_acc;
				d_cur.we ? st->d_writes++ : st->d_reads++;
				d_holding = false;
			}
		} else if (m->o_a_gnt) {
			fail("o_a_gnt without a request");
		}
		b_took = b_go;
		clock();
	}

	int run(uint64_t max_cycles)
	{
		uint64_t end = cycle + max_cycles;
		while (!failed && (!dq.empty() || !bq.empty() || !idle())) {
			if (cycle >= end) {
				fail("not done in %llu cycles", (unsigned long long)max_cycles);
				break;
			}
			step();
		}
		st->cycles = cycle;
		return failed ? -1 : 0;
	}
};

Op d_op(bool we, uint32_t addr, unsigned size, uint64_t data, bool barrier)
{
	Op o{};
	o.we = we;
	o.addr = addr % PKTMEM_BYTES;
	o.size = size;
	o.data = data;
	o.barrier = barrier;
	return o;
}

Op b_op(bool we, uint32_t addr, unsigned be, uint32_t data, bool barrier)
{
	Op o{};
	o.rv = true;
	o.we = we;
	o.addr = addr % PKTMEM_BYTES & ~3u;
	o.be = be;
	o.data = data;
	o.barrier = barrier;
	return o;
}

} // namespace

extern "C" {

int pktmem_directed(struct pktmem_stats *st, char *err, size_t errlen)
{
	memset(st, 0, sizeof(*st));
	Bench b(st, err, errlen);
	uint64_t seed = 1;
	// every size at every alignment, near the start and at the end (where
	// an access wraps to the start)
	const uint32_t bases[] = {0x100, PKTMEM_BYTES - 8};
	for (uint32_t base : bases)
		for (unsigned size = 1; size <= 8; size *= 2)
			for (uint32_t off = 0; off < 16; off++) {
				uint32_t a = base + off;
				// a known background: the 24 bytes around, from the RISC-V
				for (uint32_t w = base - 4; w < base + 20; w += 4)
					b.bq.push_back(b_op(true, w, 0xf, (uint32_t)rng_next(&seed), true));
				b.dq.push_back(d_op(true, a, size, rng_next(&seed), true));
				b.dq.push_back(d_op(false, a, size, 0, true));
				// the neighbours unchanged, the bytes there, from the RISC-V
				for (uint32_t w = base - 4; w < base + 20; w += 4)
					b.bq.push_back(b_op(false, w, 0xf, 0, true));
				if (b.run(100000))
					return -1;
			}
	// RISC-V words with every byte enable pattern, read from the data port
	for (unsigned be = 1; be < 16; be++) {
		uint32_t a = 0x200 + 8 * be;
		b.dq.push_back(d_op(true, a, 8, rng_next(&seed), true));
		b.bq.push_back(b_op(true, a + 4 * (be & 1), be, (uint32_t)rng_next(&seed), true));
		for (unsigned size = 1; size <= 8; size *= 2)
			for (uint32_t off = 0; off + size <= 8; off++)
				b.dq.push_back(d_op(false, a + off, size, 0, true));
		if (b.run(100000))
			return -1;
	}
	// both ports on the same bytes in the same cycle: the RISC-V's first
	for (int i = 0; i < 64; i++) {
		uint32_t a = 0x300 + 4 * (i & 7);
		bool dw = i & 1, bw = i & 2;
		b.dq.push_back(d_op(dw, a, 4 << (i >> 3 & 1), rng_next(&seed), false));
		b.bq.push_back(b_op(bw, a, 0xf, (uint32_t)rng_next(&seed), false));
		if (b.run(100000))
			return -1;
	}
	return 0;
}

int pktmem_random(uint64_t seed, unsigned n, unsigned span, struct pktmem_stats *st, char *err,
		  size_t errlen)
{
	memset(st, 0, sizeof(*st));
	Bench b(st, err, errlen);
	uint64_t s = seed;
	uint32_t base = (uint32_t)(rng_next(&s) % PKTMEM_BYTES);   // may wrap at the end
	for (unsigned i = 0; i < n; i++) {
		uint64_t r = rng_next(&s);
		uint32_t a = base + (uint32_t)((r >> 8) % span);
		if (r & 1) {
			unsigned be = (unsigned)(r >> 40) & 0xf;
			b.bq.push_back(b_op((r >> 1 & 1) && be, a, be, (uint32_t)rng_next(&s), false));
		} else {
			unsigned size = 1u << (r >> 2 & 3);
			b.dq.push_back(d_op(r >> 4 & 1, a, size, rng_next(&s), false));
		}
		if (b.dq.size() + b.bq.size() > 64 && b.run(1000000))
			return -1;
	}
	return b.run(1000000);
}

}

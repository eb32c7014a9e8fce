// mapmem_sim.cpp: rtl/soc_mapmem.v Verilated alone, driven from both of its
// ports against a byte-array model (mapmem_sim.h).
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <vector>

#include "Vsoc_mapmem.h"
#include "verilated.h"

#include "mapmem_sim.h"

namespace {

struct Op {
	bool rv;          // the RISC-V port (else the data port)
	bool we;
	bool atomic;      // data port: a locked read, then a locked write of the value + add
	bool barrier;     // waits until every earlier access is answered
	uint32_t addr;    // byte address (RISC-V: word aligned)
	unsigned size;    // data port: 1, 2, 4, 8
	unsigned be;      // RISC-V: byte enables of a write
	uint64_t data;    // write data (atomic: the addend)
};

struct Pending {
	Op op;
	bool locked_write;
	uint64_t issued;
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
	Vsoc_mapmem *m;
	std::vector<uint8_t> model;
	std::vector<bool> known;         // the model's byte was written (the SPRAM has no initial contents)
	std::deque<Op> dq, bq;           // planned accesses per port
	std::deque<Pending> d_out;       // data port: granted, unanswered
	bool b_busy = false;             // RISC-V: requested, unanswered
	Pending b_cur{};
	bool d_holding = false;          // data port: a request raised, not granted
	Pending d_cur{};
	int atomic_phase = 0;            // 0: none, 1: locked read out, 2: read answered, write to come / out
	uint64_t atomic_addend = 0;
	Op atomic_op{};
	bool rv_in_atomic_window = false;
	uint64_t cycle = 0;
	char *err;
	size_t errlen;
	bool failed = false;
	mapmem_stats *st;

	Bench(mapmem_stats *s, char *e, size_t el) : m(new Vsoc_mapmem(&ctx)), model(MAPMEM_BYTES),
		known(MAPMEM_BYTES), err(e), errlen(el), st(s)
	{
		m->i_clk = 0;
		m->i_rst = 1;
		m->i_d_req = 0;
		m->i_b_go = 0;
		m->eval();
		for (int i = 0; i < 4; i++)
			clock();
		m->i_rst = 0;
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

	bool idle() const { return !b_busy && d_out.empty() && !d_holding && atomic_phase == 0; }

	// the model at an answer: a write applies, a read compares
	void answer(const Pending &p, uint64_t rdata)
	{
		const Op &o = p.op;
		if (cycle - p.issued > 64)
			fail("an answer %llu cycles after its request", (unsigned long long)(cycle - p.issued));
		unsigned n = o.rv ? 4 : o.size;
		bool we = o.we || p.locked_write;
		for (unsigned i = 0; i < n; i++) {
			uint32_t a = (o.addr + i) % MAPMEM_BYTES;
			uint8_t b = (uint8_t)(rdata >> (8 * i));
			if (we) {
				if (!o.rv || (o.be >> i & 1)) {
					model[a] = (uint8_t)(o.data >> (8 * i));
					known[a] = true;
				}
			} else if (known[a] && b != model[a]) {
				fail("%s read of %u bytes at 0x%04x: byte %u is 0x%02x, not 0x%02x",
				     o.rv ? "RISC-V" : "data port", n, o.addr, i, b, model[a]);
			}
		}
		if (o.rv)
			we ? st->b_writes++ : st->b_reads++;
		else
			we ? st->d_writes++ : st->d_reads++;
	}

	uint64_t model_value(uint32_t addr, unsigned size)
	{
		uint64_t v = 0;
		for (unsigned i = 0; i < size; i++)
			v |= (uint64_t)model[(addr + i) % MAPMEM_BYTES] << (8 * i);
		return v;
	}

	void step()
	{
		// ---- the data port's request for this cycle ----
		if (!d_holding) {
			if (atomic_phase == 2 && d_out.empty()) {
				// the locked write: the value read plus the addend
				d_cur.op = atomic_op;
				d_cur.op.we = true;
				d_cur.op.atomic = false;
				d_cur.op.data = atomic_addend;   // set when the read was answered
				d_cur.locked_write = true;
				d_cur.issued = cycle;
				d_holding = true;
				atomic_phase = 3;
			} else if (atomic_phase == 0 && !dq.empty() && d_out.size() < 3 &&
				   (!dq.front().barrier || idle()) &&
				   (!dq.front().atomic || d_out.empty())) {
				d_cur.op = dq.front();
				d_cur.locked_write = false;
				d_cur.issued = cycle;
				dq.pop_front();
				d_holding = true;
				if (d_cur.op.atomic) {
					atomic_op = d_cur.op;
					d_cur.op.we = false;
					atomic_phase = 1;
				}
			}
		}
		m->i_d_req = d_holding;
		m->i_d_we = d_holding && (d_cur.op.we || d_cur.locked_write);
		m->i_d_addr = d_cur.op.addr;
		m->i_d_size = d_cur.op.size;
		m->i_d_wdata = d_cur.op.data;
		m->i_d_lock = atomic_phase == 1 || (atomic_phase >= 2 && (d_holding || atomic_phase == 2));

		// ---- the RISC-V's ----
		m->i_b_go = 0;
		if (!b_busy && !bq.empty() && (!bq.front().barrier || idle())) {
			b_cur.op = bq.front();
			b_cur.locked_write = false;
			b_cur.issued = cycle;
			bq.pop_front();
			b_busy = true;
			m->i_b_go = 1;
		}
		m->i_b_we = b_cur.op.we;
		m->i_b_addr = b_cur.op.addr >> 2;
		m->i_b_be = b_cur.op.we ? b_cur.op.be : 0xf;
		m->i_b_wdata = (uint32_t)b_cur.op.data;
		m->eval();

		// ---- the answers in this cycle ----
		if (m->o_d_rvalid && m->o_b_ack)
			fail("both ports answered in one cycle");
		if (m->o_d_rvalid) {
			if (d_out.empty()) {
				fail("an rvalid with no request outstanding");
			} else {
				Pending p = d_out.front();
				d_out.pop_front();
				if (p.op.atomic) {
					// the locked read: the write adds to what it read
					uint64_t v = model_value(p.op.addr, p.op.size);
					uint64_t mask = p.op.size == 8 ? ~0ull : (1ull << (8 * p.op.size)) - 1;
					if (((m->o_d_rdata ^ v) & mask) && known[p.op.addr])
						fail("atomic read at 0x%04x: 0x%llx, not 0x%llx", p.op.addr,
						     (unsigned long long)(m->o_d_rdata & mask), (unsigned long long)v);
					atomic_addend = (v + p.op.data) & mask;
					atomic_phase = 2;
					rv_in_atomic_window = true;
					Pending r = p;
					r.op.atomic = false;
					r.op.we = false;
					answer(r, m->o_d_rdata);
				} else {
					if (p.locked_write) {
						atomic_phase = 0;
						rv_in_atomic_window = false;
						st->atomics++;
					}
					answer(p, m->o_d_rdata);
				}
			}
		}
		if (m->o_b_ack) {
			if (!b_busy)
				fail("a RISC-V ack with no request");
			if (rv_in_atomic_window)
				fail("a RISC-V access served between an atomic's read and write");
			answer(b_cur, m->o_b_rdata);
			b_busy = false;
		}
		if (m->o_d_gnt) {
			if (!d_holding)
				fail("a grant without a request");
			d_out.push_back(d_cur);
			d_holding = false;
		}
		if (d_holding && cycle - d_cur.issued > 64)
			fail("a data port request not granted in 64 cycles");
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
	o.addr = addr;
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
	o.addr = addr & ~3u;
	o.be = be;
	o.data = data;
	o.barrier = barrier;
	return o;
}

} // namespace

extern "C" {

int mapmem_directed(struct mapmem_stats *st, char *err, size_t errlen)
{
	memset(st, 0, sizeof(*st));
	Bench b(st, err, errlen);
	uint64_t seed = 1;
	// every size at every alignment, near the start and at the end
	const uint32_t bases[] = {0x100, MAPMEM_BYTES - 16};
	for (uint32_t base : bases)
		for (unsigned size = 1; size <= 8; size *= 2)
			for (uint32_t off = 0; off + size <= 16; off++) {
				uint32_t a = base + off;
				// a known background: the 24 bytes around, from the RISC-V
				for (uint32_t w = (base - 4) & ~3u; w < base + 20 && w + 4 <= MAPMEM_BYTES; w += 4)
					b.bq.push_back(b_op(true, w, 0xf, (uint32_t)rng_next(&seed), true));
				b.dq.push_back(d_op(true, a, size, rng_next(&seed), true));
				b.dq.push_back(d_op(false, a, size, 0, true));
				// the neighbours unchanged, the bytes there, from the RISC-V
				for (uint32_t w = (base - 4) & ~3u; w < base + 20 && w + 4 <= MAPMEM_BYTES; w += 4)
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
	// atomics at every size and alignment, the RISC-V hammering the same bytes
	for (unsigned size = 1; size <= 8; size *= 2)
		for (uint32_t off = 0; off < 8; off++) {
			uint32_t a = 0x400 + off;
			Op at = d_op(false, a, size, 0x0101010101010101ull, false);
			at.atomic = true;
			b.dq.push_back(d_op(true, a, size, rng_next(&seed), true));
			for (int i = 0; i < 3; i++)
				b.dq.push_back(at);
			for (int i = 0; i < 6; i++)
				b.bq.push_back(b_op(i & 1, (a & ~3u) + 4 * (i & 2 ? 1 : 0), 0xf,
						    (uint32_t)rng_next(&seed), false));
			b.dq.push_back(d_op(false, a, size, 0, true));
			if (b.run(100000))
				return -1;
		}
	return 0;
}

int mapmem_random(uint64_t seed, unsigned n, unsigned span, struct mapmem_stats *st, char *err,
		  size_t errlen)
{
	memset(st, 0, sizeof(*st));
	Bench b(st, err, errlen);
	uint64_t s = seed;
	uint32_t base = (uint32_t)(rng_next(&s) % (MAPMEM_BYTES - span - 8));
	if (rng_next(&s) & 1)
		base = MAPMEM_BYTES - span - 8;    // the end of the memory too
	for (unsigned i = 0; i < n; i++) {
		uint64_t r = rng_next(&s);
		uint32_t a = base + (uint32_t)((r >> 8) % span);
		if (r & 1) {
			unsigned be = (unsigned)(r >> 40) & 0xf;
			b.bq.push_back(b_op((r >> 1 & 1) && be, a, be, (uint32_t)rng_next(&s), false));
		} else {
			unsigned size = 1u << (r >> 2 & 3);
			Op o = d_op(r >> 4 & 1, a, size, rng_next(&s), false);
			o.atomic = (r >> 5 & 7) == 0;
			if (o.atomic)
				o.we = false;
			b.dq.push_back(o);
		}
		if (b.dq.size() + b.bq.size() > 64 && b.run(1000000))
			return -1;
	}
	return b.run(1000000);
}

}

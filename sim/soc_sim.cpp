// soc_sim.cpp: the Verilated SoC (rtl/bpfsoc_top.v) behind soc_sim.h.
// One VerilatedContext and one model per SoC; cycle() is one clock, with
// the RISC-V core's retirement trace handed to on_retire and the bus's
// writes checked against the watched address.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <vector>

#include "Vbpfsoc_top.h"
#include "verilated.h"
#include "verilated_vcd_c.h"

#include "generated/bpfsoc_map.h"
#include "soc_sim.h"

struct soc_sim {
	VerilatedContext *ctx;
	Vbpfsoc_top *m;
	VerilatedVcdC *vcd;
	uint64_t time;
	uint64_t cycles;
	soc_rv_retire_fn on_retire;
	void *retire_user;
	bpfcore_retire_fn on_bpf;
	void *bpf_user;
	std::vector<uint8_t> image; // RAM as loaded (the SoC starts with it)
	std::vector<bool> dirty;    // words of image not yet written to the RAM
	// The UART line's far end
	std::deque<uint8_t> to_soc;   // bytes to send to the SoC
	std::deque<uint8_t> from_soc; // bytes the SoC sent
	unsigned tx_bit;              // sending to the SoC: 0 idle, 1..10 bits
	uint32_t tx_cnt, tx_div;
	uint8_t tx_byte;
	unsigned rx_bit;              // receiving from the SoC: 0 idle, 1 start .. 9 stop
	uint32_t rx_cnt;
	uint8_t rx_byte;
	// line faults
	unsigned drop_ppm, corrupt_ppm, dup_ppm;
	uint64_t rng;
};

namespace {

void eval_dump(soc_sim *s)
{
	s->m->eval();
	if (s->vcd)
		s->vcd->dump(s->time);
	s->time++;
}

void clock(soc_sim *s)
{
	s->m->i_clk = 1;
	eval_dump(s);
	s->m->i_clk = 0;
	eval_dump(s);
}

uint32_t rnd(soc_sim *s)
{
	// xorshift64*
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return (uint32_t)((s->rng * 2685821657736338717ull) >> 32);
}

bool chance(soc_sim *s, unsigned ppm)
{
	return ppm && rnd(s) % 1000000u < ppm;
}

// A byte crosses the line, with the configured faults
void deliver(soc_sim *s, std::deque<uint8_t> &q, uint8_t b)
{
	if (chance(s, s->drop_ppm))
		return;
	if (chance(s, s->corrupt_ppm))
		b ^= (uint8_t)(1u << (rnd(s) % 8));
	q.push_back(b);
	if (chance(s, s->dup_ppm))
		q.push_back(b);
}

// One cycle of the line's far end, before the clock edge: drive the SoC's
// receive pin, sample its transmit pin.
void line(soc_sim *s)
{
	uint32_t div = s->m->o_sim_uart_div ? s->m->o_sim_uart_div : 1;

	// to the SoC: start bit, 8 data bits (lsb first), stop bit, at the bit
	// time the SoC's UART has when the byte starts
	if (!s->tx_bit && !s->to_soc.empty()) {
		s->tx_byte = s->to_soc.front();
		s->to_soc.pop_front();
		s->tx_bit = 1;
		s->tx_cnt = 0;
		s->tx_div = div;
	}
	if (s->tx_bit) {
		unsigned b = s->tx_bit;
		s->m->i_uart_rx = b == 1 ? 0 : b == 10 ? 1 : (s->tx_byte >> (b - 2)) & 1;
		if (++s->tx_cnt >= s->tx_div) {
			s->tx_cnt = 0;
			s->tx_bit = b == 10 ? 0 : b + 1;
		}
	} else {
		s->m->i_uart_rx = 1;
	}

	// from the SoC: each bit sampled in its middle
	unsigned txd = s->m->o_uart_tx;
	if (!s->rx_bit) {
		if (!txd) {
			s->rx_bit = 1;
			s->rx_cnt = div / 2;
		}
	} else if (s->rx_cnt) {
		s->rx_cnt--;
	} else {
		s->rx_cnt = div - 1;
		if (s->rx_bit == 1) {
			s->rx_bit = txd ? 0 : 2;           // a glitch, or the start bit
		} else if (s->rx_bit <= 9) {
			s->rx_byte = (uint8_t)(s->rx_byte >> 1 | txd << 7);
			s->rx_bit++;
		} else {
			if (txd)                           // stop bit: the byte is whole
				deliver(s, s->from_soc, s->rx_byte);
			s->rx_bit = 0;
		}
	}
}

} // namespace

extern "C" {

void soc_sim_uart_put(struct soc_sim *s, const void *data, size_t len)
{
	const uint8_t *p = static_cast<const uint8_t *>(data);
	for (size_t i = 0; i < len; i++)
		deliver(s, s->to_soc, p[i]);
}

size_t soc_sim_uart_get(struct soc_sim *s, void *buf, size_t cap)
{
	uint8_t *p = static_cast<uint8_t *>(buf);
	size_t n = 0;
	while (n < cap && !s->from_soc.empty()) {
		p[n++] = s->from_soc.front();
		s->from_soc.pop_front();
	}
	return n;
}

size_t soc_sim_uart_backlog(const struct soc_sim *s)
{
	return s->to_soc.size() + (s->tx_bit ? 1 : 0);
}

void soc_sim_line_faults(struct soc_sim *s, unsigned drop_ppm, unsigned corrupt_ppm,
			 unsigned dup_ppm, uint64_t seed)
{
	s->drop_ppm = drop_ppm;
	s->corrupt_ppm = corrupt_ppm;
	s->dup_ppm = dup_ppm;
	s->rng = seed ? seed : 1;
}

struct soc_sim *soc_sim_new(const char *vcd)
{
	soc_sim *s = new soc_sim();
	s->image.assign(SOC_RAM_SIZE, 0);
	s->dirty.assign(SOC_RAM_SIZE / 4, false);
	s->ctx = new VerilatedContext;
	s->m = new Vbpfsoc_top(s->ctx);
	if (vcd) {
		s->ctx->traceEverOn(true);
		s->vcd = new VerilatedVcdC;
		s->m->trace(s->vcd, 99);
		s->vcd->open(vcd);
		if (!s->vcd->isOpen()) {
			soc_sim_free(s);
			errno = EIO;
			return nullptr;
		}
	}
	s->m->i_rst = 1;
	s->m->i_clk = 0;
	s->m->i_sim_ld_we = 0;
	s->m->i_sim_reset_pc = SOC_RESET_PC;
	s->m->i_uart_rx = 1;
	s->m->i_host_req = 0;
	s->rng = 1;
	for (int i = 0; i < 4; i++)
		clock(s);
	return s;
}

void soc_sim_free(struct soc_sim *s)
{
	if (!s)
		return;
	if (s->vcd) {
		s->vcd->close();
		delete s->vcd;
	}
	s->m->final();
	delete s->m;
	delete s->ctx;
	delete s;
}

int soc_sim_load(struct soc_sim *s, uint32_t addr, const void *data, size_t len)
{
	if (addr < SOC_RAM_BASE || len > SOC_RAM_SIZE ||
	    addr - SOC_RAM_BASE > SOC_RAM_SIZE - len)
		return -ERANGE;
	// Into the RAM image; soc_sim_start writes the words that changed.
	const uint8_t *p = static_cast<const uint8_t *>(data);
	for (size_t i = 0; i < len; i++) {
		uint32_t off = addr - SOC_RAM_BASE + (uint32_t)i;
		s->image[off] = p[i];
		s->dirty[off / 4] = true;
	}
	return 0;
}

void soc_sim_start(struct soc_sim *s, uint32_t pc)
{
	s->m->i_rst = 1;
	for (uint32_t w = 0; w < SOC_RAM_SIZE / 4; w++) {
		if (!s->dirty[w])
			continue;
		const uint8_t *b = &s->image[4 * w];
		s->m->i_sim_ld_we = 1;
		s->m->i_sim_ld_addr = SOC_RAM_BASE + 4 * w;
		s->m->i_sim_ld_data = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
		clock(s);
		s->dirty[w] = false;
	}
	s->m->i_sim_ld_we = 0;
	s->m->i_sim_reset_pc = pc;
	clock(s);
	s->m->i_rst = 0;
	s->cycles = 0;
}

void soc_sim_on_retire(struct soc_sim *s, soc_rv_retire_fn fn, void *user)
{
	s->on_retire = fn;
	s->retire_user = user;
}

void soc_sim_on_bpf_retire(struct soc_sim *s, bpfcore_retire_fn fn, void *user)
{
	s->on_bpf = fn;
	s->bpf_user = user;
}

// One clock cycle: the line's far end, the edge, the traces.  Returns 1
// when the cycle's bus write is a whole word to watch_addr (its value in
// *val).
static int step(soc_sim *s, uint32_t watch_addr, uint32_t *val)
{
	line(s);
	s->m->eval();
	bool hit = s->m->o_sim_wr && s->m->o_sim_wr_be == 0xf &&
		   s->m->o_sim_wr_addr == watch_addr;
	uint32_t v = s->m->o_sim_wr_data;
	clock(s);
	s->cycles++;
	if (s->on_retire && s->m->o_tr_valid) {
		struct soc_rv_retire r;
		r.pc = s->m->o_tr_pc;
		r.insn = s->m->o_tr_insn;
		r.rd_valid = s->m->o_tr_rd_valid;
		r.rd = s->m->o_tr_rd;
		r.rd_val = s->m->o_tr_rd_val;
		s->on_retire(s->retire_user, &r);
	}
	if (s->on_bpf && s->m->o_btr_valid) {
		struct bpfcore_retire r;
		r.pc = s->m->o_btr_pc;
		r.insn = s->m->o_btr_insn;
		r.rd_valid = s->m->o_btr_rd_valid;
		r.rd = s->m->o_btr_rd;
		r.rd_val = s->m->o_btr_rd_val;
		r.mem_valid = s->m->o_btr_mem_valid;
		r.mem_write = s->m->o_btr_mem_write;
		r.mem_size = s->m->o_btr_mem_size;
		r.mem_addr = s->m->o_btr_mem_addr;
		r.mem_data = s->m->o_btr_mem_data;
		s->on_bpf(s->bpf_user, &r);
	}
	if (hit)
		*val = v;
	return hit;
}

int soc_sim_run(struct soc_sim *s, uint64_t max_cycles, uint32_t watch_addr, uint32_t *val)
{
	for (uint64_t n = 0; n < max_cycles; n++)
		if (step(s, watch_addr, val))
			return 1;
	return 0;
}

// One access on the host port: request, then clocks until the answer.
static int mmio(struct soc_sim *s, int we, uint32_t off, uint32_t wdata, uint32_t *rdata)
{
	uint32_t unused;

	if (off >= HOST_BAR_SIZE || (off & 3))
		return -EINVAL;
	s->m->i_host_req = 1;
	s->m->i_host_we = we;
	s->m->i_host_addr = off;
	s->m->i_host_wdata = wdata;
	for (uint64_t n = 0; n < SOC_SIM_MMIO_TIMEOUT; n++) {
		step(s, UINT32_MAX, &unused);
		if (s->m->o_host_ack) {
			s->m->i_host_req = 0;
			if (rdata)
				*rdata = s->m->o_host_rdata;
			return 0;
		}
	}
	s->m->i_host_req = 0;
	return -ETIMEDOUT;
}

int soc_sim_mmio_read(struct soc_sim *s, uint32_t off, uint32_t *val)
{
	return mmio(s, 0, off, 0, val);
}

int soc_sim_mmio_write(struct soc_sim *s, uint32_t off, uint32_t val)
{
	return mmio(s, 1, off, val, nullptr);
}

int soc_sim_host_irq(const struct soc_sim *s)
{
	return s->m->o_host_irq;
}

uint64_t soc_sim_cycles(const struct soc_sim *s)
{
	return s->cycles;
}

} // extern "C"

// soc_sim.cpp: the Verilated SoC (rtl/bpfsoc_top.v) behind soc_sim.h.
// One VerilatedContext and one model per SoC; cycle() is one clock, with
// the RISC-V core's retirement trace handed to on_retire and the bus's
// writes checked against the watched address.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "Vbpfsoc_top.h"
#include "verilated.h"
#include "verilated_vcd_c.h"

#include "generated/bpfsoc_map.h"
#include "soc_sim.h"
#include "uart_line.h"

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
	UartLine uart;                // the UART line's far end
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

// One cycle of the line's far end, before the clock edge: drive the SoC's
// receive pin, sample its transmit pin.
void line(soc_sim *s)
{
	s->m->i_uart_rx = s->uart.cycle(s->m->o_uart_tx, s->m->o_sim_uart_div);
}

} // namespace

extern "C" {

void soc_sim_uart_put(struct soc_sim *s, const void *data, size_t len)
{
	s->uart.put(static_cast<const uint8_t *>(data), len);
}

size_t soc_sim_uart_get(struct soc_sim *s, void *buf, size_t cap)
{
	return s->uart.get(static_cast<uint8_t *>(buf), cap);
}

size_t soc_sim_uart_backlog(const struct soc_sim *s)
{
	return s->uart.backlog();
}

void soc_sim_line_faults(struct soc_sim *s, unsigned drop_ppm, unsigned corrupt_ppm,
			 unsigned dup_ppm, uint64_t seed)
{
	s->uart.faults(drop_ppm, corrupt_ppm, dup_ppm, seed);
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
	s->m->i_ld_we = 0;
	s->m->i_sim_reset_pc = SOC_RESET_PC;
	s->m->i_uart_rx = 1;
	s->m->i_host_req = 0;
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
		s->m->i_ld_we = 1;
		s->m->i_ld_addr = SOC_RAM_BASE + 4 * w;
		s->m->i_ld_data = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
		clock(s);
		s->dirty[w] = false;
	}
	s->m->i_ld_we = 0;
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

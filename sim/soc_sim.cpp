// soc_sim.cpp: the Verilated SoC (rtl/bpfsoc_top.v) behind soc_sim.h.
// One VerilatedContext and one model per SoC; cycle() is one clock, with
// the RISC-V core's retirement trace handed to on_retire and the bus's
// writes checked against the watched address.
#include <cerrno>
#include <cstdio>
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
	std::vector<uint8_t> image; // RAM as loaded (the SoC starts with it)
	std::vector<bool> dirty;    // words of image not yet written to the RAM
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

} // namespace

extern "C" {

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

int soc_sim_run(struct soc_sim *s, uint64_t max_cycles, uint32_t watch_addr, uint32_t *val)
{
	for (uint64_t n = 0; n < max_cycles; n++) {
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
		if (hit) {
			*val = v;
			return 1;
		}
	}
	return 0;
}

uint64_t soc_sim_cycles(const struct soc_sim *s)
{
	return s->cycles;
}

} // extern "C"

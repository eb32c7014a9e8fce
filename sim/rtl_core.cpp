// rtl_core.cpp: the Verilated RTL of the eBPF core (rtl/bpf_core.v) behind
// the C interface of bpfcore.h.
//
// One VerilatedContext and one model per core.  Every clock cycle goes
// through cycle(), which also plays the memory behind the data port (grant
// at once or after random waits, read data one cycle after the grant at the
// earliest, one response per request, in order; the core may have several
// requests outstanding) and hands each retirement record of the trace port
// to on_retire.
#include <cstdlib>
#include <deque>
#include <memory>

#include "Vbpf_core.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif

#include "bpfcore.h"
#include "rtl_core.h"

namespace {

struct rtl_core {
	struct bpfcore base; // first: the ops receive a struct bpfcore *
	VerilatedContext *ctx;
	Vbpf_core *m;
	// data port model
	unsigned wait_pct;
	uint32_t rng;
	std::deque<uint64_t> rsp_q; // responses of granted requests, in order
#if VM_TRACE
	VerilatedVcdC *vcd;
#endif
	uint64_t time;
};

rtl_core *of(struct bpfcore *c)
{
	return reinterpret_cast<rtl_core *>(c);
}

bool waits(rtl_core *c)
{
	if (!c->wait_pct)
		return false;
	c->rng = c->rng * 1664525u + 1013904223u;
	return (c->rng >> 8) % 100 < c->wait_pct;
}

void dump(rtl_core *c)
{
#if VM_TRACE
	if (c->vcd)
		c->vcd->dump(c->time);
#endif
	c->time++;
}

// One clock cycle: inputs settle with the clock low, the memory answers,
// the trace record of this cycle is taken, then the rising edge.
void cycle(rtl_core *c)
{
	Vbpf_core *m = c->m;

	// Response to the oldest request granted in an earlier cycle
	m->i_dmem_rvalid = 0;
	m->i_dmem_rdata = 0;
	if (!c->rsp_q.empty() && !waits(c)) {
		m->i_dmem_rvalid = 1;
		m->i_dmem_rdata = c->rsp_q.front();
		c->rsp_q.pop_front();
	}
	m->i_dmem_gnt = 0;
	m->i_clk = 0;
	m->eval();

	// Grant: the access happens now; its response comes in a later cycle
	if (m->o_dmem_req && c->rsp_q.size() < 4 && !waits(c)) {
		m->i_dmem_gnt = 1;
		uint32_t addr = m->o_dmem_addr;
		unsigned size = m->o_dmem_size;
		if (m->o_dmem_we) {
			c->base.mem.write(c->base.mem.user, addr, size, m->o_dmem_wdata);
			c->rsp_q.push_back(0);
		} else {
			c->rsp_q.push_back(c->base.mem.read(c->base.mem.user, addr, size));
		}
		m->eval();
	}

	if (m->o_tr_valid && c->base.on_retire) {
		struct bpfcore_retire r = {};
		r.pc = m->o_tr_pc;
		r.insn = m->o_tr_insn;
		r.rd_valid = m->o_tr_rd_valid;
		r.rd = r.rd_valid ? m->o_tr_rd : 0;
		r.rd_val = r.rd_valid ? m->o_tr_rd_val : 0;
		r.mem_valid = m->o_tr_mem_valid;
		if (r.mem_valid) {
			r.mem_write = m->o_tr_mem_write;
			r.mem_size = m->o_tr_mem_size;
			r.mem_addr = m->o_tr_mem_addr;
			r.mem_data = m->o_tr_mem_data;
		}
		c->base.on_retire(c->base.retire_user, &r);
	}
	dump(c);

	m->i_clk = 1;
	m->eval();
	dump(c);
}

void rtl_ctl_write(struct bpfcore *bc, uint32_t off, uint32_t val)
{
	rtl_core *c = of(bc);
	c->m->i_ctl_sel = 1;
	c->m->i_ctl_we = 1;
	c->m->i_ctl_addr = off;
	c->m->i_ctl_wdata = val;
	cycle(c);
	c->m->i_ctl_sel = 0;
	c->m->i_ctl_we = 0;
}

uint32_t rtl_ctl_read(struct bpfcore *bc, uint32_t off)
{
	rtl_core *c = of(bc);
	c->m->i_ctl_sel = 1;
	c->m->i_ctl_we = 0;
	c->m->i_ctl_addr = off;
	cycle(c);
	c->m->i_ctl_sel = 0;
	cycle(c);   /* the data comes two cycles after the request */
	return c->m->o_ctl_rdata;
}

unsigned rtl_run(struct bpfcore *bc, uint64_t max_cycles)
{
	rtl_core *c = of(bc);
	for (uint64_t n = 0; n < max_cycles; n++) {
		unsigned s = c->m->o_state;
		if (s != BPF_STATE_RUNNING && s != BPF_STATE_CLEARING)
			break;
		cycle(c);
	}
	return c->m->o_state;
}

void rtl_destroy(struct bpfcore *bc)
{
	rtl_core *c = of(bc);
	c->m->final();
#if VM_TRACE
	if (c->vcd) {
		c->vcd->close();
		delete c->vcd;
	}
#endif
	delete c->m;
	delete c->ctx;
	delete c;
}

const struct bpfcore_ops rtl_ops = {
	"rtl", rtl_ctl_write, rtl_ctl_read, rtl_run, rtl_destroy,
};

} // namespace

extern "C" struct bpfcore *bpfcore_rtl_new(const struct bpfcore_mem *mem)
{
	rtl_core *c = new rtl_core();
	c->base.ops = &rtl_ops;
	c->base.mem = *mem;
	c->ctx = new VerilatedContext;
#if VM_TRACE
	c->ctx->traceEverOn(true);
#endif
	c->m = new Vbpf_core(c->ctx, "bpf_core");
	c->m->i_rst = 1;
	for (int i = 0; i < 4; i++)
		cycle(c);
	c->m->i_rst = 0;
	cycle(c);
	return &c->base;
}

extern "C" void bpfcore_rtl_set_wait(struct bpfcore *bc, unsigned percent, uint32_t seed)
{
	rtl_core *c = of(bc);
	c->wait_pct = percent > 95 ? 95 : percent;
	c->rng = seed;
}

extern "C" int bpfcore_rtl_trace_vcd(struct bpfcore *bc, const char *path)
{
#if VM_TRACE
	rtl_core *c = of(bc);
	if (c->vcd) {
		c->vcd->close();
		delete c->vcd;
		c->vcd = nullptr;
	}
	if (path) {
		c->vcd = new VerilatedVcdC;
		c->m->trace(c->vcd, 99);
		c->vcd->open(path);
	}
	return 0;
#else
	(void)bc;
	(void)path;
	return -1;
#endif
}

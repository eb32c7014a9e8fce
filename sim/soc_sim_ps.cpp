// soc_sim_ps.cpp: soc_sim.h over a board's post-synthesis netlist (the
// yosys netlist of bitstreams/<board>/top.v with the vendor cell models,
// mk/postsynth.mk), so that bpfsoc-sim, and through it the bpfsoc tool,
// drive the synthesised design as they drive the RTL.
//
// The netlist is the board as it is flashed: its firmware is in the RAM's
// initial contents, its only link is the UART, and it has no trace ports.
// So soc_sim_load only checks that what is loaded is what the netlist
// carries (PS_FW_HEX, the same $readmemh image), soc_sim_start releases
// the board's reset button whatever the pc, no retirement is reported, the
// host port answers -ENODEV, and the UART's bit time is the board's
// (PS_UART_DIV clocks: the board's clock over the firmware's baud rate).
// The PLL's model passes the oscillator's clock through, so a cycle is a
// cycle of the SoC's clock.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "Vps_top.h"
#include "verilated.h"

#include "generated/bpfsoc_map.h"
#include "soc_sim.h"
#include "uart_line.h"

#ifndef PS_FW_HEX
#error "PS_FW_HEX: the netlist's RAM image ($readmemh, 32-bit words)"
#endif
#ifndef PS_UART_DIV
#error "PS_UART_DIV: clocks per UART bit on the board"
#endif

struct soc_sim {
	VerilatedContext *ctx;
	Vps_top *m;
	uint64_t cycles;
	std::vector<uint8_t> image;   // the RAM's initial contents in the netlist
	UartLine uart;
};

namespace {

void clock(soc_sim *s)
{
	s->m->clk_25mhz = 1;
	s->m->eval();
	s->m->clk_25mhz = 0;
	s->m->eval();
}

// The $readmemh image: one word a line, in address order
bool read_hex(const char *path, std::vector<uint8_t> &img)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	unsigned long w;
	img.clear();
	while (fscanf(f, "%lx", &w) == 1)
		for (int i = 0; i < 4; i++)
			img.push_back((uint8_t)(w >> (8 * i)));
	fclose(f);
	return true;
}

void step(soc_sim *s)
{
	s->m->ftdi_txd = s->uart.cycle(s->m->ftdi_rxd, PS_UART_DIV);
	clock(s);
	s->cycles++;
}

} // namespace

extern "C" {

struct soc_sim *soc_sim_new(const char *vcd)
{
	if (vcd) {
		fprintf(stderr, "soc_sim: no waveforms from a netlist (use the RTL's bpfsoc-sim)\n");
		errno = ENOTSUP;
		return nullptr;
	}
	soc_sim *s = new soc_sim();
	if (!read_hex(PS_FW_HEX, s->image)) {
		fprintf(stderr, "soc_sim: %s: %s\n", PS_FW_HEX, strerror(errno));
		delete s;
		errno = ENOENT;
		return nullptr;
	}
	s->ctx = new VerilatedContext;
	s->m = new Vps_top(s->ctx);
	s->m->btn_pwr_n = 0;      // the reset button, held
	s->m->ftdi_txd = 1;
	s->m->clk_25mhz = 0;
	for (int i = 0; i < 8; i++)
		clock(s);
	return s;
}

void soc_sim_free(struct soc_sim *s)
{
	if (!s)
		return;
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
	const uint8_t *p = static_cast<const uint8_t *>(data);
	for (size_t i = 0; i < len; i++) {
		size_t off = addr - SOC_RAM_BASE + i;
		uint8_t have = off < s->image.size() ? s->image[off] : 0;
		if (have != p[i]) {
			fprintf(stderr, "soc_sim: the netlist's RAM holds 0x%02x at 0x%08zx, the ELF "
				"0x%02x: rebuild the netlist with this firmware\n", have,
				(size_t)SOC_RAM_BASE + off, p[i]);
			return -EROFS;
		}
	}
	return 0;
}

void soc_sim_start(struct soc_sim *s, uint32_t pc)
{
	(void)pc;                 // the netlist starts at SOC_RESET_PC
	s->m->btn_pwr_n = 1;
	s->cycles = 0;
}

void soc_sim_on_retire(struct soc_sim *s, soc_rv_retire_fn fn, void *user)
{
	(void)s, (void)fn, (void)user;
}

void soc_sim_on_bpf_retire(struct soc_sim *s, bpfcore_retire_fn fn, void *user)
{
	(void)s, (void)fn, (void)user;
}

int soc_sim_run(struct soc_sim *s, uint64_t max_cycles, uint32_t watch_addr, uint32_t *val)
{
	(void)watch_addr, (void)val;   // the netlist's bus is not visible
	for (uint64_t n = 0; n < max_cycles; n++)
		step(s);
	return 0;
}

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

int soc_sim_mmio_read(struct soc_sim *s, uint32_t off, uint32_t *val)
{
	(void)s, (void)off, (void)val;
	return -ENODEV;
}

int soc_sim_mmio_write(struct soc_sim *s, uint32_t off, uint32_t val)
{
	(void)s, (void)off, (void)val;
	return -ENODEV;
}

int soc_sim_host_irq(const struct soc_sim *s)
{
	(void)s;
	return 0;
}

uint64_t soc_sim_cycles(const struct soc_sim *s)
{
	return s->cycles;
}

} // extern "C"

// soc_sim_ps.cpp: soc_sim.h over a board's post-synthesis netlist (the
// yosys netlist of bitstreams/<board>/top.v with the vendor cell models,
// mk/postsynth.mk), so that bpfsoc-sim, and through it the bpfsoc tool,
// drive the synthesised design as they drive the RTL.
//
// The netlist is the board as it is flashed: its firmware is in the RAM's
// initial contents (ECP5: PS_FW_HEX, the $readmemh image) or in the SPI
// flash that its boot loader copies from (iCE40, PS_ICE40: PS_FW_BIN, the
// raw image, at PS_FW_OFFSET in the flash model of sim/spi_flash.h); its
// only link is the UART, and it has no trace ports.  So soc_sim_load only
// checks that what is loaded is what the netlist carries, soc_sim_start
// releases the board's reset button whatever the pc (on the iCE40 it
// returns once the boot loader is done; cycles count from there), no
// retirement is reported, the host port answers -ENODEV, and the UART's
// bit time is the board's (PS_UART_DIV clocks: the board's clock over the
// firmware's baud rate).  The PLL's model passes the oscillator's clock
// through, so a cycle is a cycle of the SoC's clock.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "Vps_top.h"
#include "verilated.h"

#include "generated/bpfsoc_map.h"
#include "soc_sim.h"
#include "spi_flash.h"
#include "uart_line.h"

// The board's pins
#ifdef PS_ICE40
#if !defined(PS_FW_BIN) || !defined(PS_FW_OFFSET) || !defined(PS_CLK_HZ)
#error "PS_FW_BIN, PS_FW_OFFSET, PS_CLK_HZ: the firmware's raw image, its place in the flash, the clock"
#endif
#define PS_CLK     clk_12mhz
#define PS_RESET_N btn_n
#define PS_RX      uart_rx    // into the board
#define PS_TX      uart_tx
#define PS_FLASH_BYTES (16u << 20)   // the iCEBreaker's 128 Mbit flash
#else
#ifndef PS_FW_HEX
#error "PS_FW_HEX: the netlist's RAM image ($readmemh, 32-bit words)"
#endif
#define PS_CLK     clk_25mhz
#define PS_RESET_N btn_pwr_n
#define PS_RX      ftdi_txd
#define PS_TX      ftdi_rxd
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
#ifdef PS_ICE40
	std::vector<uint8_t> flash;   // the board's flash: the image at PS_FW_OFFSET
	SpiFlash *flash_model;
#endif
};

namespace {

void clock(soc_sim *s)
{
	s->m->PS_CLK = 1;
	s->m->eval();
	s->m->PS_CLK = 0;
	s->m->eval();
#ifdef PS_ICE40
	s->m->flash_io1 = s->flash_model->cycle(s->m->flash_ssb, s->m->flash_sck, s->m->flash_io0);
#endif
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

#ifdef PS_ICE40
// The raw image
bool read_bin(const char *path, std::vector<uint8_t> &img)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	img.clear();
	int c;
	while ((c = fgetc(f)) != EOF)
		img.push_back((uint8_t)c);
	fclose(f);
	return true;
}
#endif

void step(soc_sim *s)
{
	s->m->PS_RX = s->uart.cycle(s->m->PS_TX, PS_UART_DIV);
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
#ifdef PS_ICE40
	const char *img = PS_FW_BIN;
	bool ok = read_bin(img, s->image);
#else
	const char *img = PS_FW_HEX;
	bool ok = read_hex(img, s->image);
#endif
	if (!ok) {
		fprintf(stderr, "soc_sim: %s: %s\n", img, strerror(errno));
		delete s;
		errno = ENOENT;
		return nullptr;
	}
#ifdef PS_ICE40
	// an erased flash but for the image; a flash that wakes in 3 us at
	// the board's clock (the boot loader waits longer)
	s->flash.assign(PS_FLASH_BYTES, 0xff);
	std::copy(s->image.begin(), s->image.end(), s->flash.begin() + PS_FW_OFFSET);
	s->flash_model = new SpiFlash(s->flash.data(), s->flash.size(), PS_CLK_HZ / 1000000 * 3);
#endif
	s->ctx = new VerilatedContext;
	s->m = new Vps_top(s->ctx);
	s->m->PS_RESET_N = 0;     // the reset button, held
	s->m->PS_RX = 1;
	s->m->PS_CLK = 0;
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
#ifdef PS_ICE40
	delete s->flash_model;
#endif
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
	s->m->PS_RESET_N = 1;
#ifdef PS_ICE40
	// A board boots when it is powered, long before a host speaks to it,
	// and its UART is deaf until then: the SoC is held in reset while the
	// boot loader copies the firmware (a million cycles for 64 KiB at half
	// the clock).  So the board is booted here, as a user waits for the red
	// LED (ledr_n, on while the loader copies) to go out; at most twice
	// the copy's 16 cycles a byte.
	uint64_t limit = 32ull * SOC_RAM_SIZE + 100000;
	for (uint64_t n = 0; !s->m->ledr_n; n++) {
		if (n == limit) {
			fprintf(stderr, "soc_sim: the boot loader has not finished after %llu cycles "
				"(the red LED is still on): is the firmware at 0x%x in the flash?\n",
				(unsigned long long)limit, (unsigned)PS_FW_OFFSET);
			break;
		}
		step(s);
	}
#endif
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

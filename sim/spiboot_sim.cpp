// spiboot_sim.cpp: rtl/soc_spiboot.v against the serial-flash model of
// sim/spi_flash.h (sim/spiboot_sim.h).
#include <cstring>

#include "Vsoc_spiboot.h"
#include "verilated.h"

#include "spi_flash.h"
#include "spiboot_sim.h"

extern "C" int spiboot_sim_run(const uint8_t *flash, size_t flash_len, uint64_t tres_cycles,
			       uint32_t *ram, size_t ram_words, uint64_t max_cycles,
			       struct spiboot_result *r)
{
	memset(r, 0, sizeof(*r));
	memset(ram, 0, ram_words * 4);
	VerilatedContext ctx;
	Vsoc_spiboot *m = new Vsoc_spiboot(&ctx);
	if (!m)
		return -1;

	SpiFlash flash_model(flash, flash_len, tres_cycles);
	uint32_t next_addr = 0;

	m->i_rst = 1;
	m->i_miso = 1;
	for (int i = 0; i < 4; i++) {
		m->i_clk = 1; m->eval(); m->i_clk = 0; m->eval();
	}
	m->i_rst = 0;

	for (uint64_t cyc = 0; cyc < max_cycles; cyc++) {
		m->i_clk = 1;
		m->eval();
		m->i_clk = 0;
		m->eval();

		// the load port
		if (m->o_ld_we) {
			if (m->o_ld_addr != next_addr || (m->o_ld_addr & 3))
				r->ld_bad_addr = 1;
			if (m->o_ld_addr / 4 < ram_words)
				ram[m->o_ld_addr / 4] = m->o_ld_data;
			next_addr = m->o_ld_addr + 4;
			r->ld_writes++;
		}

		m->i_miso = flash_model.cycle(m->o_cs_n, m->o_sck, m->o_mosi);

		if (!m->o_busy) {
			r->done = 1;
			r->cycles = cyc + 1;
			break;
		}
	}
	r->cmds = flash_model.cmds;
	memcpy(r->cmd, flash_model.cmd, sizeof(r->cmd));
	r->read_addr = flash_model.read_addr;
	r->read_gap = flash_model.read_gap;
	r->read_refused = flash_model.read_refused;
	r->sck_while_deselected = flash_model.sck_deselected;
	m->final();
	delete m;
	return 0;
}

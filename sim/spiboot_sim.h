/* spiboot_sim.h: the boot loader (rtl/soc_spiboot.v) Verilated, against a
 * model of an SPI flash (sim/spiboot_sim.cpp), for tests/test_spiboot.c.
 *
 * The model is sim/spi_flash.h's; a READ that comes less than tres_cycles
 * after an 0xAB ended is refused (answered with 0xff).
 *
 * The loader is built with SPIBOOT_BYTES, SPIBOOT_OFFSET and
 * SPIBOOT_WAIT (its parameters, from tests/tests.mk).
 */
#ifndef SPIBOOT_SIM_H
#define SPIBOOT_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct spiboot_result {
	int done;                /* o_busy fell within the cycles given */
	uint64_t cycles;         /* cycles from reset until it fell */
	unsigned cmds;           /* commands the flash saw */
	uint8_t cmd[8];          /* their first bytes, in order */
	uint32_t read_addr;      /* the last READ's address */
	uint64_t read_gap;       /* cycles from the end of 0xAB to the READ */
	int read_refused;        /* the READ came before tres_cycles */
	unsigned ld_writes;      /* load-port writes */
	int ld_bad_addr;         /* a write out of order or not word aligned */
	int sck_while_deselected;/* SCK toggled with the chip deselected */
};

/* Runs the loader from reset against FLASH (FLASH_LEN bytes) for at most
 * MAX_CYCLES; RAM (RAM_WORDS words, zeroed first) receives what its load
 * port writes.  0 on success, -1 if the model could not be made. */
int spiboot_sim_run(const uint8_t *flash, size_t flash_len, uint64_t tres_cycles,
		    uint32_t *ram, size_t ram_words, uint64_t max_cycles,
		    struct spiboot_result *r);

#ifdef __cplusplus
}
#endif

#endif

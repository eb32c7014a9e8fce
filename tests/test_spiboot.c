/* test_spiboot.c: the boot loader (rtl/soc_spiboot.v) that copies a
 * board's firmware from its SPI flash into the RAM (the iCEBreaker's), run
 * against the flash model of sim/spiboot_sim.cpp.
 *
 * The flash holds random bytes (the seed is printed; FUZZ_SEED sets it);
 * the RAM must end up with the SPIBOOT_BYTES bytes at SPIBOOT_OFFSET as
 * little-endian words, each written once and in order, after an 0xAB and
 * a READ of the right address, in the number of cycles the protocol
 * takes.  A flash that is not awake in time must show in the result.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spiboot_sim.h"

#define FLASH_LEN (1u << 20)

static uint8_t *flash;
static uint32_t ram[SPIBOOT_BYTES / 4 + 16];

static void fill(unsigned seed)
{
	flash = malloc(FLASH_LEN);
	cr_assert(flash);
	srand(seed);
	for (size_t i = 0; i < FLASH_LEN; i++)
		flash[i] = (uint8_t)rand();
}

static unsigned seed(void)
{
	const char *s = getenv("FUZZ_SEED");
	unsigned v = s && *s ? (unsigned)strtoul(s, NULL, 0) : 0x5b007;
	fprintf(stderr, "test_spiboot: seed %u (FUZZ_SEED)\n", v);
	return v;
}

static void teardown(void)
{
	free(flash);
	flash = NULL;
}

/* the protocol's cycles: two waits, 8 + 32 bits of commands and the data,
 * two cycles a bit, and the cycles between the steps */
#define PROTO_CYCLES ((uint64_t)2 * SPIBOOT_WAIT + 2 * (8 + 32 + 8 * (uint64_t)SPIBOOT_BYTES))

Test(spiboot, copies_the_image, .fini = teardown)
{
	struct spiboot_result r;

	fill(seed());
	cr_assert_eq(spiboot_sim_run(flash, FLASH_LEN, SPIBOOT_WAIT / 2, ram, SPIBOOT_BYTES / 4 + 16,
				     4 * PROTO_CYCLES, &r), 0);
	cr_assert(r.done, "the loader was still busy after %llu cycles",
		  (unsigned long long)(4 * PROTO_CYCLES));
	cr_assert_eq(r.cmds, 2, "the flash saw %u commands", r.cmds);
	cr_assert_eq(r.cmd[0], 0xab, "first command 0x%02x, not 0xab (release from power-down)", r.cmd[0]);
	cr_assert_eq(r.cmd[1], 0x03, "second command 0x%02x, not 0x03 (READ)", r.cmd[1]);
	cr_assert_eq(r.read_addr, SPIBOOT_OFFSET, "READ at 0x%06x, not 0x%06x", r.read_addr,
		     SPIBOOT_OFFSET);
	cr_assert(!r.read_refused, "READ only %llu cycles after the wake-up",
		  (unsigned long long)r.read_gap);
	cr_assert_geq(r.read_gap, SPIBOOT_WAIT);
	cr_assert(!r.sck_while_deselected, "SCK toggled with the flash deselected");
	cr_assert_eq(r.ld_writes, SPIBOOT_BYTES / 4, "%u load-port writes, not %u", r.ld_writes,
		     SPIBOOT_BYTES / 4);
	cr_assert(!r.ld_bad_addr, "a load-port write out of order or misaligned");
	for (unsigned w = 0; w < SPIBOOT_BYTES / 4; w++) {
		const uint8_t *b = flash + SPIBOOT_OFFSET + 4 * w;
		uint32_t want = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
		cr_assert_eq(ram[w], want, "RAM word %u (byte 0x%x) is 0x%08x, the flash has 0x%08x", w,
			     4 * w, ram[w], want);
	}
	cr_assert_eq(ram[SPIBOOT_BYTES / 4], 0, "a word written past the image");
	/* the protocol's cost, and little more */
	cr_assert_geq(r.cycles, PROTO_CYCLES);
	cr_assert_leq(r.cycles, PROTO_CYCLES + 16, "%llu cycles, the protocol needs %llu",
		      (unsigned long long)r.cycles, (unsigned long long)PROTO_CYCLES);
}

/* The model can tell a loader that reads too soon: with a flash slower to
 * wake than the loader waits, the READ is refused and the RAM gets 0xff. */
Test(spiboot, model_tells_a_read_too_soon, .fini = teardown)
{
	struct spiboot_result r;

	fill(seed());
	cr_assert_eq(spiboot_sim_run(flash, FLASH_LEN, 2 * SPIBOOT_WAIT, ram, SPIBOOT_BYTES / 4 + 16,
				     4 * PROTO_CYCLES, &r), 0);
	cr_assert(r.done);
	cr_assert(r.read_refused);
	cr_assert_eq(ram[0], 0xffffffffu);
}

/* bpfsoc-sim: the simulated SoC (rtl/bpfsoc_top.v, Verilated).
 *
 * Today it runs one RISC-V program: --elf loads an RV32 ELF executable at
 * its link addresses and starts the core at its entry point.  The run ends
 * when the program stores a word to its symbol `tohost`: 1 means success
 * (exit 0); any other value v is a failure, reported as v >> 1 (exit 1),
 * the convention of RISC-V test programs.  --max-cycles bounds the run
 * (exit 2 when it is reached).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generated/bpfsoc_map.h"
#include "rv_elf.h"
#include "soc_sim.h"

#define DEFAULT_MAX_CYCLES 100000000ull

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bpfsoc-sim --elf FILE [options]\n"
		"  Runs an RV32IM program on the simulated SoC: the ELF's segments are\n"
		"  loaded into RAM [0x%08x, +%u) and the RISC-V core starts at its\n"
		"  entry.  A store to the symbol tohost ends the run: 1 passes (exit 0),\n"
		"  any other value v fails with v >> 1 (exit 1).\n"
		"  --elf FILE        the program\n"
		"  --max-cycles N    stop after N clock cycles (default %llu; exit 2)\n"
		"  --trace           print every retired RISC-V instruction\n"
		"  --vcd FILE        write waveforms\n"
		"  -h, --help        this text\n",
		SOC_RAM_BASE, SOC_RAM_SIZE, (unsigned long long)DEFAULT_MAX_CYCLES);
}

static int load_cb(void *user, uint32_t addr, const void *data, size_t len)
{
	return soc_sim_load(user, addr, data, len);
}

static void print_retire(void *user, const struct soc_rv_retire *r)
{
	(void)user;
	if (r->rd_valid)
		printf("rv %08" PRIx32 ": %08" PRIx32 "  x%u = %08" PRIx32 "\n", r->pc, r->insn,
		       r->rd, r->rd_val);
	else
		printf("rv %08" PRIx32 ": %08" PRIx32 "\n", r->pc, r->insn);
}

int main(int argc, char **argv)
{
	const char *elf = NULL, *vcd = NULL;
	unsigned long long max_cycles = DEFAULT_MAX_CYCLES;
	int trace = 0;
	struct rv_elf_info info;
	struct soc_sim *s;
	char err[512];
	uint32_t val = 0;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--elf") && i + 1 < argc) {
			elf = argv[++i];
		} else if (!strcmp(a, "--vcd") && i + 1 < argc) {
			vcd = argv[++i];
		} else if (!strcmp(a, "--trace")) {
			trace = 1;
		} else if (!strcmp(a, "--max-cycles") && i + 1 < argc) {
			char *end;

			errno = 0;
			max_cycles = strtoull(argv[++i], &end, 0);
			if (errno || *end || !max_cycles) {
				fprintf(stderr, "bpfsoc-sim: --max-cycles: '%s' is not a positive number\n",
					argv[i]);
				return 3;
			}
		} else {
			fprintf(stderr, "bpfsoc-sim: unknown or incomplete option '%s'\n", a);
			usage(stderr);
			return 3;
		}
	}
	if (!elf) {
		fprintf(stderr, "bpfsoc-sim: no program: give --elf FILE (the SoC's firmware "
			"and its host ports come with a later stage)\n");
		usage(stderr);
		return 3;
	}

	s = soc_sim_new(vcd);
	if (!s) {
		fprintf(stderr, "bpfsoc-sim: %s: cannot open for writing\n", vcd);
		return 3;
	}
	rc = rv_elf_load(elf, load_cb, s, &info, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "bpfsoc-sim: %s\n", err);
		soc_sim_free(s);
		return 3;
	}
	if (!info.has_tohost)
		fprintf(stderr, "bpfsoc-sim: %s has no symbol tohost: it runs until the cycle "
			"limit\n", elf);
	if (trace)
		soc_sim_on_retire(s, print_retire, NULL);
	soc_sim_start(s, info.entry);
	rc = soc_sim_run(s, max_cycles, info.has_tohost ? info.tohost : UINT32_MAX, &val);
	if (!rc) {
		printf("bpfsoc-sim: %s: no result after %llu cycles\n", elf, max_cycles);
		rc = 2;
	} else if (val == 1) {
		printf("bpfsoc-sim: %s: pass (%" PRIu64 " cycles)\n", elf, soc_sim_cycles(s));
		rc = 0;
	} else {
		printf("bpfsoc-sim: %s: FAIL: tohost = 0x%08" PRIx32 ", test %" PRIu32
		       " (%" PRIu64 " cycles)\n", elf, val, val >> 1, soc_sim_cycles(s));
		rc = 1;
	}
	soc_sim_free(s);
	return rc;
}

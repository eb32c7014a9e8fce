/* test_mapmem: the map memory's sequencer (rtl/soc_mapmem.v, the SoC's
 * SPRAM = 1 map memory) alone, against a byte-array model
 * (sim/mapmem_sim.h): every size at every alignment from the data port,
 * the RISC-V's words with every byte enable pattern, atomics with the
 * RISC-V contending, and random traffic from both ports at once (seeds
 * printed; MAPMEM_SEED=n repeats one). */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mapmem_sim.h"

Test(mapmem, every_size_and_alignment_both_ports_atomics)
{
	struct mapmem_stats st;
	char err[256] = "";

	cr_assert_eq(mapmem_directed(&st, err, sizeof(err)), 0, "%s", err);
	cr_assert_gt(st.atomics, 0);
	cr_log_info("directed: %u data-port reads, %u writes, %u atomics; %u RISC-V reads, %u writes; %" PRIu64 " cycles",
		    st.d_reads, st.d_writes, st.atomics, st.b_reads, st.b_writes, st.cycles);
}

Test(mapmem, random_both_ports)
{
	const char *env = getenv("MAPMEM_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);
	const unsigned spans[] = {16, 64, 4096};

	for (unsigned i = 0; i < 3 * 4; i++) {
		struct mapmem_stats st;
		char err[256] = "";
		uint64_t s = seed + i;

		printf("mapmem random: seed %" PRIu64 " span %u\n", s, spans[i % 3]);
		fflush(stdout);
		cr_assert_eq(mapmem_random(s, 20000, spans[i % 3], &st, err, sizeof(err)), 0,
			     "seed %" PRIu64 " (MAPMEM_SEED=%" PRIu64 " repeats it): %s", s, seed, err);
		cr_assert_gt(st.d_reads + st.d_writes, 0);
		cr_assert_gt(st.b_reads + st.b_writes, 0);
	}
}

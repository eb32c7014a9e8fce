/* test_pktmem: the SPRAM = 1 packet memory (rtl/soc_pktmem.v: single-port
 * byte banks shared by the data port and the RISC-V bus) alone, against a
 * byte-array model (sim/pktmem_sim.h): every size at every alignment from
 * the data port, the RISC-V's words with every byte enable pattern, both
 * ports on the same bytes at once, and random traffic from both ports
 * (seeds printed; PKTMEM_SEED=n repeats one). */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pktmem_sim.h"

Test(pktmem, every_size_and_alignment_both_ports)
{
	struct pktmem_stats st;
	char err[256] = "";

	cr_assert_eq(pktmem_directed(&st, err, sizeof(err)), 0, "%s", err);
	cr_assert_gt(st.d_waits, 0, "the ports never contended");
	cr_log_info("directed: %u data-port reads, %u writes (%u cycles waited); %u RISC-V reads, %u writes; %" PRIu64 " cycles",
		    st.d_reads, st.d_writes, st.d_waits, st.b_reads, st.b_writes, st.cycles);
}

Test(pktmem, random_both_ports)
{
	const char *env = getenv("PKTMEM_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);
	const unsigned spans[] = {16, 64, 4096};

	for (unsigned i = 0; i < 3 * 4; i++) {
		struct pktmem_stats st;
		char err[256] = "";
		uint64_t s = seed + i;

		printf("pktmem random: seed %" PRIu64 " span %u\n", s, spans[i % 3]);
		fflush(stdout);
		cr_assert_eq(pktmem_random(s, 20000, spans[i % 3], &st, err, sizeof(err)), 0,
			     "seed %" PRIu64 " (PKTMEM_SEED=%" PRIu64 " repeats it): %s", s, seed, err);
		cr_assert_gt(st.d_reads + st.d_writes, 0);
		cr_assert_gt(st.b_reads + st.b_writes, 0);
		cr_assert_gt(st.d_waits, 0, "the ports never contended");
	}
}

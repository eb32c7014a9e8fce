/* test_diff.c: random programs on the RTL and the reference model, compared
 * at every retired instruction.
 *
 * FUZZ_N programs (default 10000) from FUZZ_SEED (default: the time); the
 * seed is printed, and a failure prints the minimised program.  Rerun one
 * failure with: make test-diff FUZZ_SEED=<seed> FUZZ_N=<n>.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "diff_core.h"

static uint64_t env_u64(const char *name, uint64_t dflt)
{
	const char *s = getenv(name);
	return s && *s ? strtoull(s, NULL, 0) : dflt;
}

static struct bpf_gen_prog prog;

static void fuzz(uint64_t n, unsigned wait_percent, const char *what)
{
	uint64_t seed = env_u64("FUZZ_SEED", (uint64_t)time(NULL));
	char err[128], msg[2048];
	static char listing[64 * 1024];
	struct diff_ctx *d = diff_new(err, sizeof err);
	cr_assert(d, "%s", err);

	fprintf(stderr, "diff %s: %" PRIu64 " programs from seed %" PRIu64 "\n", what, n, seed);
	uint64_t retired = 0, faults = 0;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t s = seed + i;
		bpf_gen(s, &prog);
		if (diff_run(d, &prog, wait_percent, (uint32_t)s, msg, sizeof msg)) {
			fprintf(stderr, "diff %s: program %" PRIu64 " (seed %" PRIu64 ") disagrees:\n%s\n",
				what, i, s, msg);
			diff_minimize(d, &prog, wait_percent, (uint32_t)s);
			diff_run(d, &prog, wait_percent, (uint32_t)s, msg, sizeof msg);
			diff_listing(&prog, listing, sizeof listing);
			fprintf(stderr, "minimised:\n%s\n%s\n", msg, listing);
			diff_free(d);
			cr_assert_fail("%s: seed %" PRIu64 " disagrees (reproduce: make test-diff "
				       "FUZZ_SEED=%" PRIu64 " FUZZ_N=1)", what, s, s);
		}
		retired += diff_last_retired(d);
		faults += diff_last_end(d)[0] != 'e';
	}
	fprintf(stderr, "diff %s: %" PRIu64 " programs agree, %" PRIu64 " instructions retired, "
		"%" PRIu64 " ended in a fault\n", what, n, retired, faults);
	cr_assert_gt(retired, n, "the programs retired too few instructions to mean anything");
	diff_free(d);
}

Test(diff, random_programs, .timeout = 1800)
{
	fuzz(env_u64("FUZZ_N", 10000), 0, "random programs");
}

/* The same, with the data port withholding grants: stalls must not change
 * what retires. */
Test(diff, random_programs_with_bus_waits, .timeout = 1800)
{
	fuzz(env_u64("FUZZ_N", 10000) / 10 + 1, 30, "bus waits");
}

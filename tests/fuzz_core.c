/* fuzz_core: the differential test as a tool, for long runs.
 *   bpfsoc-fuzz-core [-n N] [-s SEED] [-w WAIT_PERCENT]
 * Stops at the first disagreement, prints its seed and the minimised
 * program, and exits 1. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diff_core.h"

static struct bpf_gen_prog prog;
static char listing[64 * 1024];

int main(int argc, char **argv)
{
	uint64_t n = 100000, seed = (uint64_t)time(NULL);
	unsigned wait = 0;
	int opt;
	while ((opt = getopt(argc, argv, "n:s:w:h")) != -1) {
		switch (opt) {
		case 'n': n = strtoull(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'w': wait = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-n PROGRAMS] [-s SEED] [-w WAIT_PERCENT]\n", argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	char err[128], msg[2048];
	struct diff_ctx *d = diff_new(err, sizeof err);
	if (!d) {
		fprintf(stderr, "fuzz-core: %s\n", err);
		return 2;
	}
	printf("fuzz-core: %" PRIu64 " programs from seed %" PRIu64 ", bus waits %u%%\n", n, seed, wait);
	uint64_t retired = 0;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t s = seed + i;
		bpf_gen(s, &prog);
		if (diff_run(d, &prog, wait, (uint32_t)s, msg, sizeof msg)) {
			printf("fuzz-core: seed %" PRIu64 " disagrees:\n%s\n", s, msg);
			diff_minimize(d, &prog, wait, (uint32_t)s);
			diff_run(d, &prog, wait, (uint32_t)s, msg, sizeof msg);
			diff_listing(&prog, listing, sizeof listing);
			printf("minimised:\n%s\n%s", msg, listing);
			diff_free(d);
			return 1;
		}
		retired += diff_last_retired(d);
		if (isatty(1) && i % 1000 == 999) {
			printf("\r  %" PRIu64 "/%" PRIu64 " programs", i + 1, n);
			fflush(stdout);
		}
	}
	printf("%sfuzz-core: %" PRIu64 " programs agree (%" PRIu64 " instructions retired)\n",
	       isatty(1) ? "\n" : "", n, retired);
	diff_free(d);
	return 0;
}

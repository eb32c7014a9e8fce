/* fw_rng.h: the random numbers of the firmware's unit tests (test_fw_*.c):
 * a xorshift generator seeded from FUZZ_SEED, or the time, and the seed
 * printed so that a failing run can be repeated.  Needs stdio.h, stdlib.h
 * and time.h included first. */
#ifndef TESTS_FW_RNG_H
#define TESTS_FW_RNG_H

#include <stdint.h>

static uint64_t rng;

static inline uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Seed rng for test `what` of suite `suite`; returns the seed. */
static inline uint64_t fw_seed(const char *suite, const char *what)
{
	const char *s = getenv("FUZZ_SEED");
	uint64_t seed = s && *s ? strtoull(s, NULL, 0) : (uint64_t)time(NULL);

	rng = seed * 0x9e3779b97f4a7c15ull | 1;
	fprintf(stderr, "%s %s: seed %llu (FUZZ_SEED=%llu reproduces)\n", suite, what,
		(unsigned long long)seed, (unsigned long long)seed);
	return seed;
}

#endif

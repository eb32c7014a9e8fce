/* atomic: a byte histogram built with atomic adds.  The buffer starts
 * with 32 64-bit counters and one word holding a 32-bit total and a 32-bit
 * maximum (all zeroed by the program); the rest is the data.  Each byte
 * does a 64-bit atomic add to its bucket and a 32-bit atomic add of its
 * value to the total.
 *
 * With -mcpu=v3 (BENCH_MCPU >= 3) the program also uses what v3 adds:
 * the fetched old value counts the buckets that become non-empty, and a
 * compare-and-exchange loop keeps the largest byte.  Without them it gets
 * the same values with plain loads and stores, so both builds, and the
 * host build, return the same r0. */
#include "bench.h"

#if !defined(__bpf__) || (defined(BENCH_MCPU) && BENCH_MCPU >= 3)
#define HAVE_FETCH 1
#else
#define HAVE_FETCH 0
#endif

#define NBUCKET 32
#define HDR (NBUCKET * 8 + 8)

BENCH(atomic)
{
	u64 *hist = (u64 *)data;
	u32 *total = (u32 *)(data + NBUCKET * 8), *max = total + 1;
	u64 distinct = 0, sum = 0;

	if (len < HDR)
		return 0;
	for (int k = 0; k < NBUCKET + 1; k++)
		st64(data + 8 * k, 0);
	for (u64 i = HDR; i < len; i++) {
		u32 b = data[i];
		u64 k = b & (NBUCKET - 1);

#if HAVE_FETCH
		if (__sync_fetch_and_add(&hist[k], 1) == 0)
			distinct++;
		for (u32 seen = *max; b > seen;) {
			u32 old = __sync_val_compare_and_swap(max, seen, b);

			if (old == seen)
				break;
			seen = old;
		}
#else
		if (hist[k] == 0)
			distinct++;
		__sync_fetch_and_add(&hist[k], 1);
		if (b > *max)
			*max = b;
#endif
		__sync_fetch_and_add(total, b);
	}
	for (int k = 0; k < NBUCKET; k++)
		sum += hist[k] * (k + 1);
	return sum ^ (u64)*total << 24 ^ distinct << 48 ^ (u64)*max << 56;
}

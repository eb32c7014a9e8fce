/* sieve: the sieve of Eratosthenes over the buffer, one byte per number
 * below len.  Returns the number of primes below len in the low 32 bits
 * and the largest of them in the high 32 bits.  Byte stores and loads
 * into external memory, strided stores in the marking loop. */
#include "bench.h"

BENCH(sieve)
{
	u64 count = 0, last = 0;

	if (len < 3)
		return 0;
	/* Odd numbers are candidates, even ones are not (2 is added below).
	 * (An all-equal fill would become a memset call, which BPF lacks.) */
	for (u64 i = 0; i < len; i++)
		data[i] = i & 1;
	data[1] = 0;
	data[2] = 1;
	for (u64 p = 3; p * p < len; p += 2) {
		if (!data[p])
			continue;
		for (u64 j = p * p; j < len; j += 2 * p)
			data[j] = 0;
	}
	for (u64 i = 2; i < len; i++) {
		if (data[i]) {
			count++;
			last = i;
		}
	}
	return count | last << 32;
}

/* sort: bubble sort, with early exit, of the buffer's 32-bit words in
 * place.  Returns a position-weighted sum of the sorted words, or ~0 if
 * the result is not in order.  Loads and stores to external memory with
 * data-dependent branches. */
#include "bench.h"

BENCH(sort)
{
	u64 n = len / 4, sum = 0;

	for (u64 end = n; end > 1; end--) {
		int swapped = 0;

		for (u64 i = 0; i + 1 < end; i++) {
			u32 a = ld32(data + 4 * i), b = ld32(data + 4 * i + 4);

			if (a > b) {
				st32(data + 4 * i, b);
				st32(data + 4 * i + 4, a);
				swapped = 1;
			}
		}
		if (!swapped)
			break;
	}
	for (u64 i = 0; i < n; i++) {
		u32 v = ld32(data + 4 * i);

		if (i && v < ld32(data + 4 * i - 4))
			return ~0ULL;
		sum += (u64)v * (i + 1);
	}
	return sum;
}

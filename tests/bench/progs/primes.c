/* primes: count the primes below len by trial division with odd divisors
 * up to the square root.  Dominated by 64-bit unsigned modulo. */
#include "bench.h"

static __always_inline int is_prime(u64 n)
{
	if (n < 2)
		return 0;
	if (n < 4)
		return 1;
	if (n % 2 == 0)
		return 0;
	for (u64 d = 3; d * d <= n; d += 2)
		if (n % d == 0)
			return 0;
	return 1;
}

BENCH(primes)
{
	u64 count = 0, sum = 0;

	(void)data;
	for (u64 n = 0; n < len; n++) {
		if (is_prime(n)) {
			count++;
			sum += n;
		}
	}
	return count | sum << 32;
}

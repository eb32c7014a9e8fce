/* fib: 64-bit Fibonacci by iteration, F(len) mod 2^64.
 * A register-only loop: 64-bit adds, moves and one compare-and-branch. */
#include "bench.h"

BENCH(fib)
{
	u64 a = 0, b = 1;

	(void)data;
	for (u64 i = 0; i < len; i++) {
		u64 t = a + b;

		a = b;
		b = t;
	}
	return a;
}

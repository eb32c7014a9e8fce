/* divmod: 64-bit unsigned division and modulo on the buffer's 8-byte
 * words: the sum of each word's decimal digits (x % 10, x / 10) and,
 * by Euclid's algorithm, the gcd of each word and the one before it,
 * folded into one value. */
#include "bench.h"

BENCH(divmod)
{
	u64 acc = 0, prev = 0x9e3779b97f4a7c15ULL;

	for (u64 off = 0; off + 8 <= len; off += 8) {
		u64 x = ld64(data + off);
		u64 digits = 0, a = x, b = prev;

		for (u64 y = x; y; y /= 10)
			digits += y % 10;
		while (b) {
			u64 t = a % b;

			a = b;
			b = t;
		}
		acc = acc * 31 + (digits << 8) + a;
		prev = x;
	}
	return acc;
}

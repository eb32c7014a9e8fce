/* fnv: the 64-bit FNV-1a hash of the buffer: per byte one xor and one
 * 64-bit multiply by the FNV prime, so it measures the multiplier. */
#include "bench.h"

BENCH(fnv)
{
	u64 h = 0xcbf29ce484222325ULL;

	for (u64 i = 0; i < len; i++) {
		h ^= data[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* calls: bpf-to-bpf calls.  Every 8-byte word of the buffer goes through
 * a chain of three __noinline functions (call depth 3), and the last one
 * updates a structure in the caller's stack frame through a pointer, so
 * the core's frame handling (r6..r9 saved, r10 per frame, access to the
 * caller's frame) is on the path of every word. */
#include "bench.h"

struct acc {
	u64 sum;
	u64 xor;
	u64 n;
};

static __noinline u64 rotmix(u64 h, u64 v)
{
	h ^= v;
	h = (h << 23) | (h >> 41);
	return h * 0x9e3779b97f4a7c15ULL;
}

static __noinline void account(struct acc *a, u64 v)
{
	a->sum += v;
	a->xor ^= v >> (a->n & 15);
	a->n++;
}

static __noinline u64 step(struct acc *a, u64 h, u64 x)
{
	u64 r = rotmix(h, x);

	account(a, r);
	return r ^ x;
}

BENCH(calls)
{
	struct acc a = { 0, 0, 0 };
	u64 h = len;

	for (u64 off = 0; off + 8 <= len; off += 8)
		h = step(&a, h, ld64(data + off));
	return h ^ a.sum ^ (a.xor << 1) ^ a.n;
}

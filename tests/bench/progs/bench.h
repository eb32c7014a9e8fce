/* bench.h: the one header of the benchmark programs, for both builds.
 *
 * Each program is one C file compiled twice: with `clang -O2 -target bpf`
 * into the object the simulated core runs, and with the host compiler into
 * bpfsoc-bench itself, which calls the native function on a copy of the
 * same input to get the expected r0.  This header is the shim between the
 * two: fixed-width types without system headers, SEC(), and the inlining
 * attributes.
 *
 * Calling convention (see tests/bench/README.md):
 *   r1 = pointer to the bench's buffer (region 0 of the core, writable)
 *   r2 = the buffer's length in bytes
 *   r0 = a value that checks the whole computation
 * No maps, no global or static data, no string literals, no helpers: the
 * bench loader accepts only code and bpf-to-bpf calls.
 */
#ifndef BENCH_H
#define BENCH_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

#ifdef __bpf__
#define SEC(name) __attribute__((section(name), used))
#else
#define SEC(name)
#endif

#define __noinline __attribute__((noinline))
#define __always_inline inline __attribute__((always_inline))

/* Every entry point has this signature; BENCH(fib) defines bench_fib. */
#define BENCH(name) SEC("bench") u64 bench_##name(u8 *data, u64 len)

/* Network byte order; both builds are little-endian. */
#define bench_ntohs(x) ((u16)__builtin_bswap16(x))
#define bench_ntohl(x) ((u32)__builtin_bswap32(x))

/* Little-endian loads and stores of any alignment.  On the core a plain
 * pointer dereference is one ldx/stx (the core allows unaligned access);
 * on the host memcpy keeps the C well defined. */
#ifdef __bpf__
#define ld16(p) (*(const u16 *)(p))
#define ld32(p) (*(const u32 *)(p))
#define ld64(p) (*(const u64 *)(p))
#define st32(p, v) (*(u32 *)(p) = (v))
#define st64(p, v) (*(u64 *)(p) = (v))
#else
static inline u16 ld16(const void *p) { u16 v; __builtin_memcpy(&v, p, 2); return v; }
static inline u32 ld32(const void *p) { u32 v; __builtin_memcpy(&v, p, 4); return v; }
static inline u64 ld64(const void *p) { u64 v; __builtin_memcpy(&v, p, 8); return v; }
static inline void st32(void *p, u32 v) { __builtin_memcpy(p, &v, 4); }
static inline void st64(void *p, u64 v) { __builtin_memcpy(p, &v, 8); }
#endif

#endif

/* helpers.h: what the eBPF helpers do (Linux's ids, docs/protocol.md
 * "Helpers"), whatever runs them.
 *
 * The firmware services the core's helper calls with this code, and the
 * driver's reference executor (driver/ref_exec.c) services the C model's
 * with the same code, so that both give a program the same maps, the
 * same ring buffers, the same trace text and the same packet edits.  What
 * differs between them -- how the program's memory is reached, the
 * clock, how a tail call enters its target -- is the environment below.
 * No I/O, no allocation, no libc.
 */
#ifndef HELPERS_H
#define HELPERS_H

#include "fw.h"
#include "maps.h"

#define TRACE_SIZE 2048          /* bytes of trace_printk text held for TRACE_READ */
#define MAX_TAIL_CALLS 33        /* Linux's MAX_TAIL_CALL_CNT */

/* The trace_printk text not yet drained, a ring of TRACE_SIZE bytes. */
struct trace_buf {
	char buf[TRACE_SIZE];
	uint32_t head, len, dropped;
};

/* The fields of struct xdp_md, u32 each, at the run's ctx address. */
enum { CTX_DATA, CTX_DATA_END, CTX_DATA_META, CTX_IFINDEX, CTX_RXQ, CTX_EGRESS };

struct helper_env {
	struct map_arena *arena;
	struct trace_buf *trace;
	uint32_t *rng;               /* get_prandom_u32's xorshift state */

	/* the run: its xdp_md, and its packet buffer [buf, buf_end): the
	 * headroom starts at buf + HEADROOM_OFF, the packet may grow to
	 * buf_end */
	uint32_t ctx, buf, buf_end;
	uint32_t redirect;           /* bpf_redirect's ifindex (out) */
	unsigned tail_calls;         /* taken in this run */

	/* The program's memory: whether [addr, addr + n) is a place a helper
	 * may read (its stack, a packet buffer, the map memory), and its
	 * bytes; 32-bit words and bytes of the packet buffer. */
	int (*mem_ok)(void *u, uint64_t addr, uint32_t n);
	void (*mem_read)(void *u, uint64_t addr, void *dst, uint32_t n);
	uint32_t (*rd32)(void *u, uint32_t addr);
	void (*wr32)(void *u, uint32_t addr, uint32_t v);
	void (*wr8)(void *u, uint32_t addr, uint8_t v);
	/* The core's packet registers after xdp_adjust_head / _tail. */
	void (*set_packet)(void *u, uint32_t data, uint32_t len);
	uint64_t (*ktime_ns)(void *u);
	/* Enter program prog_id: 0, or -1 when no such program is loaded. */
	int (*tail_call)(void *u, uint32_t prog_id);
	/* A pointer into the map arena as the program sees it, and back. */
	uint32_t (*addr_of)(void *u, const void *p);
	void *(*ptr_of)(void *u, uint32_t addr);
	void *u;
};

enum { HELPER_RETURN, HELPER_FAULT, HELPER_TAILCALL };

/* Service helper id with arguments r1..r5 in a: HELPER_RETURN with r0 in
 * *ret, HELPER_FAULT (an unknown helper or a bad pointer: the program
 * stops with fault HELPER), or HELPER_TAILCALL (the program continues in
 * another; r0 is not set). */
int helper_call(struct helper_env *e, uint32_t id, const uint64_t a[5], uint64_t *ret);

/* Up to max bytes of trace text into out (drained): the count. */
uint32_t trace_drain(struct trace_buf *t, uint8_t *out, uint32_t max);

#endif

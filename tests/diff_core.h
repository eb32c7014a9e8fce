/* diff_core.h: run one program on the reference model and on the RTL and
 * compare them at every retired instruction. */
#ifndef DIFF_CORE_H
#define DIFF_CORE_H

#include <stddef.h>
#include "bpf_gen.h"
#include "bpfcore.h"

struct diff_ctx;

/* Both engines; NULL (and a message in err) if one is missing. */
struct diff_ctx *diff_new(char *err, size_t len);
void diff_free(struct diff_ctx *d);

/* 0 when both engines agree on every retirement, the final state, the
 * registers, the memory and the counters; 1 with a report in msg if not.
 * wait_percent makes the RTL's data port withhold grants at random. */
int diff_run(struct diff_ctx *d, const struct bpf_gen_prog *p, unsigned wait_percent,
	     uint32_t wait_seed, char *msg, size_t len);

/* Replace instructions by `ja +0` while the mismatch persists; p is
 * changed in place to the smallest failing program found. */
void diff_minimize(struct diff_ctx *d, struct bpf_gen_prog *p, unsigned wait_percent,
		   uint32_t wait_seed);

/* A listing of p: slot, hex, and disassembly where available. */
void diff_listing(const struct bpf_gen_prog *p, char *buf, size_t len);

/* Instructions retired by the reference model in the last diff_run. */
uint64_t diff_last_retired(const struct diff_ctx *d);
const char *diff_last_end(const struct diff_ctx *d); /* "exit" or a fault name */

#endif

/* mapmem_sim.h: the map memory's sequencer (rtl/soc_mapmem.v, SPRAM = 1)
 * Verilated alone (sim/mapmem_sim.cpp), driven from both ports as bpf_core
 * and rv_core drive it, against a byte-array model, for tests/test_mapmem.c.
 *
 * The model applies each access when it is answered: the sequencer serves
 * one access at a time and answers them in the order it took them, so a
 * read's answer must equal the model's bytes then.  Checked besides: the
 * data port's handshake (one rvalid per granted request, in order), no
 * RISC-V access served between an atomic's locked read and its write, and
 * the answers' latencies (at most max_wait cycles). */
#ifndef MAPMEM_SIM_H
#define MAPMEM_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MAPMEM_BYTES 32768u

struct mapmem_stats {
	unsigned d_reads, d_writes, b_reads, b_writes, atomics;
	uint64_t cycles;
};

/* Every size (1, 2, 4, 8) at every alignment (byte offsets 0..15, and at
 * the memory's end), written then read back from the data port, and each
 * byte read back from the RISC-V port; RISC-V words with every byte enable
 * pattern read back from the data port.  0, or -1 with err set. */
int mapmem_directed(struct mapmem_stats *st, char *err, size_t errlen);

/* n random accesses from both ports at once (sizes, alignments, byte
 * enables, locked read-modify-writes), addresses in a window of span bytes
 * (small: collisions), from seed.  0, or -1 with err set. */
int mapmem_random(uint64_t seed, unsigned n, unsigned span, struct mapmem_stats *st,
		  char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif

/* pktmem_sim.h: the SPRAM = 1 packet memory (rtl/soc_pktmem.v: single-port
 * byte banks shared by the eBPF core's data port and the RISC-V bus)
 * Verilated alone (sim/pktmem_sim.cpp), driven from both ports as soc_bpf
 * drives it, against a byte-array model, for tests/test_pktmem.c.
 *
 * The memory takes one access per cycle: the RISC-V's word, else one byte
 * of the data port's access, from its last byte down to byte 0.  The model
 * applies each word and each byte in the cycle it is taken, and a read's
 * answer, one cycle after its word or its byte 0, must equal the model's
 * bytes as they were when each was taken.  Checked besides: the RISC-V's
 * request is always taken at once; the data port's access of n bytes is
 * granted exactly in its n-th cycle without a RISC-V request, never in
 * another, and waits one cycle in a row at most (the RISC-V requests at
 * most every other cycle, as soc_bpf's bus does). */
#ifndef PKTMEM_SIM_H
#define PKTMEM_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PKTMEM_BYTES 4096u

struct pktmem_stats {
	unsigned d_reads, d_writes, b_reads, b_writes;
	unsigned d_waits;          /* cycles a data port request waited for the RISC-V */
	uint64_t cycles;
};

/* Every size (1, 2, 4, 8) at every alignment (byte offsets 0..15, and at
 * the memory's end, where an access wraps), written then read back from
 * the data port and from the RISC-V port; RISC-V words with every byte
 * enable pattern read back from the data port; both ports on the same
 * bytes in the same cycle.  0, or -1 with err set. */
int pktmem_directed(struct pktmem_stats *st, char *err, size_t errlen);

/* n random accesses from both ports at once (sizes, alignments, byte
 * enables), addresses in a window of span bytes (small: collisions), from
 * seed.  0, or -1 with err set. */
int pktmem_random(uint64_t seed, unsigned n, unsigned span, struct pktmem_stats *st,
		  char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif

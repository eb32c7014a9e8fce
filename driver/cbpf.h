/* cbpf.h: classic BPF (what libpcap's pcap_compile makes) translated into
 * an eBPF XDP program that the device runs (docs/architecture.md, "The
 * cBPF translator").
 *
 * The eBPF program keeps libpcap's bpf_filter() semantics: A and X are
 * 32-bit, packet loads are big-endian, a load beyond the packet or a
 * division by X == 0 rejects the packet, and every packet access is
 * checked against data_end first, so nothing faults.  It returns XDP_PASS
 * when the classic program returns non-zero and XDP_DROP when it returns 0.
 */
#ifndef BPFSOC_CBPF_H
#define BPFSOC_CBPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>   /* u_int, u_char: pcap/bpf.h needs them */

#include <pcap/bpf.h>

#include "libbpfsoc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options for the translation */
struct bpfsoc_cbpf_opts {
	size_t sz;             /* sizeof(struct bpfsoc_cbpf_opts) */
	bool len_prefix;       /* packets carry a 4-byte little-endian wire length in front:
				* BPF_LEN loads it and the cBPF packet starts after it;
				* else BPF_LEN is data_end - data */
};

/* What the translation found out about the filter */
struct bpfsoc_cbpf_info {
	bool uses_len;         /* BPF_LEN appears (needs the wire length) */
	uint32_t snap_needed;  /* every packet load ends at or before this byte offset of the
				* cBPF packet; 0: unbounded (an indirect load through an X the
				* translator cannot bound), or no packet load at all */
	bool reads_packet;     /* some reachable instruction loads packet bytes (false: the
				* verdict depends on the wire length alone, or on nothing) */
};

/* Translates n classic BPF instructions (as pcap_compile makes them) into an
 * eBPF XDP program for bpfsoc.  On success returns 0, *insns (malloc'd, the
 * 64-bit slots bpfsoc_program__insns gives) and *cnt, and fills *info (may
 * be NULL).  A program that libpcap's interpreter would not run (bad
 * opcode, jump outside the program, M[] index past 15, constant division
 * by 0, no RET at the end) is -EINVAL with a message in err naming the
 * cBPF instruction index and what is wrong; -E2BIG when the eBPF does not
 * fit the device's instruction memory; -ENOMEM. */
int bpfsoc_cbpf_translate(const struct bpf_insn *prog, unsigned n, const struct bpfsoc_cbpf_opts *opts,
			  uint64_t **insns, size_t *cnt, struct bpfsoc_cbpf_info *info, char *err, size_t errlen);

/* Writes a side-by-side listing: each cBPF instruction (as bpf_image() prints
 * it) next to the eBPF it became.  0, or the translation's -errno (its
 * message written to f). */
int bpfsoc_cbpf_dump(FILE *f, const struct bpf_insn *prog, unsigned n, const struct bpfsoc_cbpf_opts *opts);

/* Runs the driver's checker (bpfsoc_object__check's per-program rules)
 * over cnt eBPF slots as one XDP program called name, against info (NULL:
 * the largest board).  0, or -EINVAL with each problem reported through
 * the print callback. */
int bpfsoc_cbpf_check(const uint64_t *insns, size_t cnt, const char *name,
		      const struct bpfsoc_info *info);

#ifdef __cplusplus
}
#endif

#endif

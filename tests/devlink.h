/* devlink.h: the host's side of the device's links, for tests and
 * benchmarks that run the firmware on the simulated SoC.
 *
 * A devlink is either a SoC in this process (soc_sim.h), reached over its
 * UART's line or its host port, or a bpfsoc-sim process reached over its
 * MMIO socket (sim/mmio_sock.h).  Requests are framed by firmware/proto.c's
 * helpers, built for this machine.  Functions return 0 or a negative errno;
 * the requests return the reply's status.
 */
#ifndef DEVLINK_H
#define DEVLINK_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"
#include "soc_sim.h"

struct devlink {
	struct soc_sim *s;       /* the SoC in this process, or NULL: ... */
	int sock;                /* ... bpfsoc-sim's MMIO socket */
	int mmio;                /* requests go through the mailbox, not the UART */
	uint32_t mbox, h2d_off, h2d_size, d2h_off, d2h_size;
	uint8_t mq[8192];        /* mailbox bytes from the device not yet taken */
	size_t mq_len;
	uint32_t poll;           /* SoC cycles between looks at the link (0: 2000) */
	uint16_t seq;
	uint8_t rx[PROTO_MAX_ENCODED];
	size_t rx_len;
};

/* A SoC in this process running the firmware at fw_elf, booted, with the
 * given faults on its line.  Returns 0, or -errno with a message in err. */
int devlink_open(struct devlink *d, const char *fw_elf, unsigned drop_ppm, unsigned corrupt_ppm,
		 uint64_t seed, char *err, size_t errlen);
void devlink_close(struct devlink *d);

/* n words of BAR 0 at byte offset off. */
int devlink_bar_read(struct devlink *d, uint32_t off, uint32_t *v, size_t n);
int devlink_bar_write(struct devlink *d, uint32_t off, const uint32_t *v, size_t n);

/* n words at SoC address addr (a multiple of 4), through the window:
 * written from w (wr) or read into it.  At most the window's 64 KiB. */
int devlink_mem_io(struct devlink *d, int wr, uint32_t addr, uint32_t *w, size_t n);

/* Lays out the first of n packets as RUN_SLOTS slots in packet memory of
 * pkt_size bytes, as many as fit: the slot table at offset 0, then each
 * slot of DATA_OFF + len bytes (rounded up to a word), written through
 * the window.  Returns how many it placed, or -errno. */
int devlink_slots_put(struct devlink *d, const uint8_t *const *pkts, const uint16_t *lens,
		      unsigned n, uint32_t pkt_size);

/* Finds the firmware's mailbox and switches requests to the MMIO link.
 * -EAGAIN: not published yet; -EPROTO: its header is wrong. */
int devlink_mbox_find(struct devlink *d);

/* Lets about cycles SoC cycles pass: clocks the SoC in this process, or
 * sleeps while bpfsoc-sim runs. */
void devlink_wait(struct devlink *d, uint64_t cycles);

/* Encoded bytes to the device on the current link; bytes from it. */
int devlink_put(struct devlink *d, const uint8_t *enc, size_t n);
size_t devlink_get(struct devlink *d, uint8_t *buf, size_t cap);

/* One frame from the device within about max_cycles: its decoded length
 * in buf, or -ETIMEDOUT. */
int devlink_recv_frame(struct devlink *d, uint8_t *buf, size_t cap, uint64_t max_cycles);

/* One request and its reply, sent up to tries times (a host's retries,
 * same sequence number) with timeout cycles for each.  Returns the reply's
 * status (*rep_len payload bytes in rep, header in *rh), or -ETIMEDOUT. */
int devlink_xfer(struct devlink *d, uint8_t cmd, const void *req, uint16_t len, uint8_t *rep,
		 uint16_t *rep_len, struct proto_hdr *rh, int tries, uint64_t timeout);

#endif

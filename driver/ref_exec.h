/* ref_exec.h: an object run by the reference model on this machine, with
 * the firmware's own maps and helpers (firmware/maps.c, firmware/helpers.c)
 * -- what the device's results are compared with, packet by packet.
 *
 * It lays the object out as bpfsoc_object__load does on a device that was
 * reset: map ids 1, 2, ... in the object's order, program ids 0, 1, ...,
 * .data / .rodata contents and prog-array slots filled in.  Each packet
 * runs as the firmware runs it: in a packet buffer with the xdp_md at
 * CTX_OFF and the packet at DATA_OFF, the same regions, r1 the context.
 */
#ifndef BPFSOC_REF_EXEC_H
#define BPFSOC_REF_EXEC_H

#include <stddef.h>
#include <stdint.h>

#include "libbpfsoc.h"

struct bpfsoc_ref;

int bpfsoc_ref__new(const struct bpfsoc_object *obj, struct bpfsoc_ref **out);
void bpfsoc_ref__free(struct bpfsoc_ref *r);

/* Runs program prog_id on one packet: 0 with *res, or -errno. */
int bpfsoc_ref__run(struct bpfsoc_ref *r, unsigned prog_id, const uint8_t *pkt, uint16_t len,
		    const struct bpfsoc_run_opts *opts, struct bpfsoc_run_result *res);

/* Maps by id, as bpfsoc_device__map_*: 0, -ENOENT, -EINVAL. */
int bpfsoc_ref__map_lookup(struct bpfsoc_ref *r, uint32_t id, const void *key, void *value);
int bpfsoc_ref__map_get_next_key(struct bpfsoc_ref *r, uint32_t id, const void *key,
				 void *next_key);
/* Drains a ring buffer's committed records: how many. */
int bpfsoc_ref__ringbuf_drain(struct bpfsoc_ref *r, uint32_t id, bpfsoc_ringbuf_fn fn, void *ctx);
/* Drains the trace text, NUL-terminated: its length. */
int bpfsoc_ref__trace_read(struct bpfsoc_ref *r, char *buf, size_t cap);

#endif

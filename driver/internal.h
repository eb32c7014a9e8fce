/* internal.h: what libbpfsoc's files share and do not export. */
#ifndef BPFSOC_INTERNAL_H
#define BPFSOC_INTERNAL_H

#include <stdint.h>

#include "libbpfsoc.h"
#include "link.h"

/* Messages through the print callback (libbpfsoc.h). */
__attribute__((format(printf, 2, 3)))
void bpfsoc_pr(enum bpfsoc_print_level level, const char *fmt, ...);
#define pr_warn(...) bpfsoc_pr(BPFSOC_WARN, __VA_ARGS__)
#define pr_info(...) bpfsoc_pr(BPFSOC_INFO, __VA_ARGS__)
#define pr_debug(...) bpfsoc_pr(BPFSOC_DEBUG, __VA_ARGS__)

/* Reads an option struct's field only when the caller's struct has it
 * (its sz covers the field), else def: a newer library runs with an
 * older caller's smaller struct. */
#define OPTS_HAS(opts, field) \
	((opts) && (opts)->sz >= offsetof(__typeof__(*(opts)), field) + sizeof((opts)->field))
#define OPTS_GET(opts, field, def) (OPTS_HAS(opts, field) ? (opts)->field : (def))

/* One request and its reply (docs/protocol.md, "The host's side"): the
 * reply's status (0 OK, a PROTO_ST_* code, its message in the payload),
 * *rep_len payload bytes in rep (PROTO_MAX_PAYLOAD bytes), or -errno
 * when the link failed or stayed silent through every retry. */
int bpfsoc_xfer(struct bpfsoc_device *dev, uint8_t cmd, const void *req, uint16_t len,
		uint8_t *rep, uint16_t *rep_len);

/* A status as a negative errno (-EINVAL for ST_EINVAL, ...). */
int bpfsoc_status_errno(unsigned status);

/* The device's link (NULL-safe accessors for the run paths). */
struct bpfsoc_link *bpfsoc_device_link(struct bpfsoc_device *dev);
const struct bpfsoc_info *bpfsoc_device_cached_info(const struct bpfsoc_device *dev);

/* Creating maps and loading programs (object.c's load uses them). */
int bpfsoc_device_map_footprint(struct bpfsoc_device *dev, uint32_t type, uint32_t key_size,
				uint32_t value_size, uint32_t max_entries, uint32_t flags,
				uint32_t *bytes);
int bpfsoc_device_map_create(struct bpfsoc_device *dev, uint32_t type, uint32_t key_size,
			     uint32_t value_size, uint32_t max_entries, uint32_t flags,
			     const char *name, uint32_t *id, uint32_t *value_addr,
			     uint32_t *value_stride);
int bpfsoc_device_prog_load(struct bpfsoc_device *dev, unsigned prog_id, const char *name,
			    const uint64_t *insns, uint32_t n, uint32_t *slot);

/* The MMIO transport's window (link_mmio.c): n words at SoC address addr,
 * read into w or written from it.  -ENOTSUP on a byte link. */
int bpfsoc_link_mem_io(struct bpfsoc_link *l, int wr, uint32_t addr, uint32_t *w, size_t n);

/* An MMIO link closes fd when it closes (link_sim.c's lock). */
void bpfsoc_link_mmio_hold(struct bpfsoc_link *l, int fd);

/* The background simulator's files for a sim: URI's rest (link_sim.c). */
int bpfsoc_sim_paths(const char *rest, char *dir, size_t len);

#endif

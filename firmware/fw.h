/* fw.h: what the firmware's modules share: the spec's numbers, the error
 * numbers, and the few memory and byte-order helpers a freestanding build
 * has no libc header for.
 *
 * The firmware includes only the headers a freestanding C implementation
 * has (stddef.h, stdint.h): it compiles -ffreestanding for the RISC-V
 * (picolibc supplies memcpy and friends at link time) and natively for its
 * unit tests, unchanged.
 */
#ifndef FW_H
#define FW_H

#include <stddef.h>
#include <stdint.h>

#include "bpfsoc_proto.h"

/* Error numbers: Linux's errno values, which are also the status codes of
 * replies (spec/bpfsoc.toml, proto.status).  Functions return them
 * negated, as the kernel does; a handler's return becomes the status of
 * its reply unchanged. */
#define FW_ENOENT PROTO_ST_ENOENT
#define FW_EIO PROTO_ST_EIO
#define FW_E2BIG PROTO_ST_E2BIG
#define FW_EAGAIN PROTO_ST_EAGAIN
#define FW_EBUSY PROTO_ST_EBUSY
#define FW_EEXIST PROTO_ST_EEXIST
#define FW_EINVAL PROTO_ST_EINVAL
#define FW_ENOSPC PROTO_ST_ENOSPC
#define FW_EOPNOTSUPP PROTO_ST_EOPNOTSUPP

/* The compiler's own memory functions: inline code for small constant
 * sizes, a call to memcpy / memset / memmove / memcmp otherwise. */
#define fw_memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define fw_memmove(d, s, n) __builtin_memmove((d), (s), (n))
#define fw_memset(d, c, n) __builtin_memset((d), (c), (n))
#define fw_memcmp(a, b, n) __builtin_memcmp((a), (b), (n))

/* Little-endian fields at any alignment, as the protocol's payloads hold
 * them. */
static inline uint16_t fw_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t fw_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t fw_get64(const uint8_t *p)
{
	return (uint64_t)fw_get32(p) | (uint64_t)fw_get32(p + 4) << 32;
}

static inline void fw_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void fw_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void fw_put64(uint8_t *p, uint64_t v)
{
	fw_put32(p, (uint32_t)v);
	fw_put32(p + 4, (uint32_t)(v >> 32));
}

#endif

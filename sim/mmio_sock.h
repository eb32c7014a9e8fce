/* mmio_sock.h: the simulator's MMIO port on a Unix socket.
 *
 * bpfsoc-sim --mmio PATH serves the SoC's host port (BAR 0, spec
 * [host.bar]) on a Unix stream socket, one client at a time.  A host tool
 * does on it what it would do with a PCIe BAR mapped into its memory: read
 * and write 32-bit words at byte offsets, here in blocks so that a copy
 * through the window is one round trip.
 *
 * Every field is a little-endian u32.  A request is OP, OFFSET, COUNT
 * (1 .. MMIO_SOCK_MAX_WORDS), then, for a write, COUNT words; word i goes
 * to OFFSET + 4i.  The answer is STATUS (0, or an errno such as EINVAL for
 * a block outside BAR 0) and COUNT, then, for a read that succeeded, COUNT
 * words.  Requests are answered in order; a client may send several
 * before it reads their answers.
 */
#ifndef MMIO_SOCK_H
#define MMIO_SOCK_H

#include <stddef.h>
#include <stdint.h>

#define MMIO_SOCK_READ 1u
#define MMIO_SOCK_WRITE 2u
#define MMIO_SOCK_MAX_WORDS 1024u

/* The client's side. */

/* Connects to the socket at path: a descriptor, or -errno. */
int mmio_sock_connect(const char *path);

/* Reads n words (1 .. MMIO_SOCK_MAX_WORDS) of BAR 0 from byte offset off
 * into val.  Returns 0, or -errno (the device's status, or the socket's). */
int mmio_sock_read(int fd, uint32_t off, uint32_t *val, size_t n);

/* Writes n words of val at byte offset off.  Returns 0 or -errno. */
int mmio_sock_write(int fd, uint32_t off, const uint32_t *val, size_t n);

#endif

/* link.h: the links libbpfsoc reaches a device over (internal to the
 * library).
 *
 * A link carries the host protocol's encoded bytes (docs/protocol.md) both
 * ways; the device layer above it frames requests, matches replies and
 * retries.  Each transport is one file, driver/link_<scheme>.c, and one
 * struct bpfsoc_link_ops named after it; link.c picks it by the URI's
 * scheme (the text before the first ':').
 *
 *   serial:/dev/ttyUSB1?baud=3000000   termios (link_serial.c)
 *   ftdi:[VID:PID][/SERIAL][?interface=A|B&baud=N]
 *                                      libftdi1 (link_ftdi.c)
 *   mmio:PATH                          a PCIe BAR's resourceN file, or
 *   mmio:unix:SOCKET                   bpfsoc-sim's MMIO socket (link_mmio.c)
 *   sim:[NAME]                         the background bpfsoc-sim (link_sim.c)
 *
 * A link that reaches the host port (mmio:, sim:) also gives its BAR for
 * RUN_SLOTS; a byte link leaves bar_read / bar_write NULL.
 *
 * Functions return 0 (or a count) or a negative errno; on an error they
 * write one line saying what and where into err (errlen bytes).
 */
#ifndef BPFSOC_LINK_H
#define BPFSOC_LINK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct bpfsoc_link;

struct bpfsoc_link_ops {
	const char *scheme;        /* "serial", "ftdi", "mmio", "sim" */
	/* Opens the link named by rest, the URI after "scheme:". */
	int (*open)(const char *rest, struct bpfsoc_link **out, char *err, size_t errlen);
	/* Sends all n bytes (blocking), or fails. */
	int (*write)(struct bpfsoc_link *l, const uint8_t *buf, size_t n, char *err, size_t errlen);
	/* Receives up to cap bytes: waits at most timeout_ms for the first,
	 * then takes what is there.  Returns the count, 0 on a timeout. */
	ssize_t (*read)(struct bpfsoc_link *l, uint8_t *buf, size_t cap, int timeout_ms, char *err,
			size_t errlen);
	/* The host port's BAR 0: n 32-bit words at byte offset off (NULL
	 * for a byte link). */
	int (*bar_read)(struct bpfsoc_link *l, uint32_t off, uint32_t *v, size_t n);
	int (*bar_write)(struct bpfsoc_link *l, uint32_t off, const uint32_t *v, size_t n);
	void (*close)(struct bpfsoc_link *l);
};

/* Every transport's state starts with this. */
struct bpfsoc_link {
	const struct bpfsoc_link_ops *ops;
};

extern const struct bpfsoc_link_ops bpfsoc_link_serial, bpfsoc_link_ftdi, bpfsoc_link_mmio,
	bpfsoc_link_sim;

/* Opens the link a device URI names ("sim:" when uri is NULL or ""). */
int bpfsoc_link_open(const char *uri, struct bpfsoc_link **out, char *err, size_t errlen);

/* URI helpers.  A URI's rest is PATH[?KEY=VALUE[&KEY=VALUE...]]. */
/* The path part, up to '?': 0, or -ENAMETOOLONG. */
int bpfsoc_uri_path(const char *rest, char *path, size_t len);
/* The value of key: 1 found, 0 absent, -ENAMETOOLONG. */
int bpfsoc_uri_param(const char *rest, const char *key, char *val, size_t len);
/* A numeric parameter: 0 (with *v, or def when absent), or -EINVAL with
 * a message naming key and text. */
int bpfsoc_uri_uint(const char *rest, const char *key, unsigned long def, unsigned long *v,
		    char *err, size_t errlen);
/* Keys other than those listed (NULL-terminated): -EINVAL naming the
 * first, so a typo is an error, not a silent default. */
int bpfsoc_uri_check_keys(const char *rest, const char *const *keys, char *err, size_t errlen);

#endif

/* link_ftdi.h: the ftdi: URI's parser (link_ftdi.c), on its own so that
 * the unit tests reach it without libftdi's headers.
 *
 *   ftdi:[VID:PID][/SERIAL][?interface=A|B|C|D&baud=N]
 */
#ifndef BPFSOC_LINK_FTDI_H
#define BPFSOC_LINK_FTDI_H

#include <stddef.h>
#include <stdint.h>

/* What an ftdi: URI names. */
struct bpfsoc_ftdi_target {
	uint16_t vid, pid;  /* 0, 0: try the known boards in turn (link_ftdi.c) */
	int interface;      /* 1 .. 4 for A .. D (libftdi's INTERFACE_A ..); 0: each
			     * known board's own (only when vid is 0) */
	char serial[64];    /* the USB serial number to match, "" for any */
	unsigned long baud; /* default SOC_FW_UART_BAUD */
};

/* Parses rest, the URI after "ftdi:", into *t.  Given VID:PID without an
 * interface, the interface is the known board's with those ids, else A.
 * Returns 0, or -EINVAL (or -ENAMETOOLONG) with a message in err. */
int bpfsoc_ftdi_parse(const char *rest, struct bpfsoc_ftdi_target *t, char *err, size_t errlen);

#endif

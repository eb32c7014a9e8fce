/* link_ftdi.c: an FTDI USB UART as a link, through libftdi1.
 *
 *   ftdi:[VID:PID][/SERIAL][?interface=A|B|C|D&baud=N]
 *
 * libftdi talks to the chip over libusb, past the kernel's ftdi_sio: no
 * /dev/ttyUSB to find, and a latency timer of 1 ms where ftdi_sio's
 * default 16 ms would dominate every request's round trip.  Without
 * VID:PID the known boards are tried in turn (known_boards below), each
 * on the interface its UART to the FPGA sits on.  Claiming the USB
 * interface is exclusive, so two tools cannot share a board.
 */
#include <errno.h>
#include <ftdi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bpfsoc_map.h"
#include "link.h"
#include "link_ftdi.h"

/* Rates an FTDI UART makes: its 3 MHz (BM, R, X chips) or 12 MHz (H
 * chips) clock divided by 1 to 16384; libftdi refuses a rate it cannot
 * make within 5 % on the chip at hand. */
#define FTDI_MIN_BAUD 183ul
#define FTDI_MAX_BAUD 12000000ul

/* Bytes per ftdi_write_data call: libftdi's own write chunk. */
#define FTDI_WRITE_CHUNK 4096

/* The latency timer, ms: how long the chip holds fewer bytes than a USB
 * packet before sending them.  1 is the least it takes. */
#define FTDI_LATENCY_MS 1

/* The interface numbers of link_ftdi.h are libftdi's. */
_Static_assert(INTERFACE_A == 1 && INTERFACE_B == 2 && INTERFACE_C == 3 && INTERFACE_D == 4,
	       "link_ftdi.h's interface numbers");

static const struct ftdi_board {
	const char *name;
	uint16_t vid, pid;
	int interface;          /* the channel wired to the FPGA's UART */
} known_boards[] = {
	{"ULX3S (FT231X)", 0x0403, 0x6015, INTERFACE_A},
	/* channel A is the flash and FPGA's SPI, B the UART */
	{"iCEBreaker (FT2232H)", 0x0403, 0x6010, INTERFACE_B},
};
#define NUM_BOARDS (sizeof(known_boards) / sizeof(known_boards[0]))

struct ftdi_link {
	struct bpfsoc_link base;
	struct ftdi_context *ctx;
	char where[200];        /* "ftdi:0403:6015 (ULX3S (FT231X))", for messages */
};

/* ---- the URI ---- */

/* 1 to 4 hex digits: a USB id. */
static int parse_id(const char *s, size_t n, uint16_t *v)
{
	unsigned x = 0;

	if (n < 1 || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
			     c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
		if (d > 15)
			return -1;
		x = x << 4 | d;
	}
	*v = (uint16_t)x;
	return 0;
}

/* "VID:PID", n bytes at s. */
static int parse_ids(const char *s, size_t n, struct bpfsoc_ftdi_target *t)
{
	const char *colon = memchr(s, ':', n);

	if (!colon || parse_id(s, (size_t)(colon - s), &t->vid) ||
	    parse_id(colon + 1, n - (size_t)(colon - s) - 1, &t->pid))
		return -1;
	return 0;
}

/* A, B, C or D (either case) to libftdi's INTERFACE_A ..; 0 otherwise. */
static int parse_interface(const char *v)
{
	if (v[0] && !v[1]) {
		if (v[0] >= 'A' && v[0] <= 'D')
			return INTERFACE_A + (v[0] - 'A');
		if (v[0] >= 'a' && v[0] <= 'd')
			return INTERFACE_A + (v[0] - 'a');
	}
	return 0;
}

/* The interface a board with these ids has its UART on: the known
 * board's, else A (a single-channel chip has only A). */
static int default_interface(uint16_t vid, uint16_t pid)
{
	for (size_t i = 0; i < NUM_BOARDS; i++)
		if (known_boards[i].vid == vid && known_boards[i].pid == pid)
			return known_boards[i].interface;
	return INTERFACE_A;
}

/* The URI for messages: "ftdi:0403:6015?baud=N", or "ftdi" for "ftdi:". */
static const char *label(const char *rest, char *buf, size_t len)
{
	snprintf(buf, len, *rest ? "ftdi:%.150s" : "ftdi", rest);
	return buf;
}

static int check_baud(unsigned long baud, const char *who, char *err, size_t errlen)
{
	if (baud >= FTDI_MIN_BAUD && baud <= FTDI_MAX_BAUD)
		return 0;
	snprintf(err, errlen, "%s: baud=%lu: out of range for an FTDI UART (%lu to %lu)", who,
		 baud, FTDI_MIN_BAUD, FTDI_MAX_BAUD);
	return -EINVAL;
}

int bpfsoc_ftdi_parse(const char *rest, struct bpfsoc_ftdi_target *t, char *err, size_t errlen)
{
	static const char *const keys[] = {"interface", "baud", NULL};
	char path[128], val[8], msg[200], buf[160];
	const char *slash, *who = label(rest, buf, sizeof(buf));
	size_t idlen;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = bpfsoc_uri_check_keys(rest, keys, msg, sizeof(msg)))) {
		snprintf(err, errlen, "%s: %s", who, msg);
		return rc;
	}
	if (bpfsoc_uri_path(rest, path, sizeof(path))) {
		snprintf(err, errlen, "ftdi:%.60s...: too long", rest);
		return -ENAMETOOLONG;
	}
	slash = strchr(path, '/');
	idlen = slash ? (size_t)(slash - path) : strlen(path);
	if (idlen && parse_ids(path, idlen, t)) {
		snprintf(err, errlen, "%s: '%.*s': expected VID:PID in hex (e.g. 0403:6015)", who,
			 (int)idlen, path);
		return -EINVAL;
	}
	if (slash) {
		size_t n = strlen(slash + 1);

		if (!n || n >= sizeof(t->serial)) {
			snprintf(err, errlen, "%s: the serial number after '/' must have 1 to %zu "
				 "characters", who, sizeof(t->serial) - 1);
			return -EINVAL;
		}
		memcpy(t->serial, slash + 1, n + 1);
	}
	rc = bpfsoc_uri_param(rest, "interface", val, sizeof(val));
	if (rc > 0)
		t->interface = parse_interface(val);
	if (rc && !t->interface) {
		snprintf(err, errlen, "%s: interface=%s: expected A, B, C or D", who,
			 rc > 0 ? val : "(too long)");
		return -EINVAL;
	}
	if (!t->interface && t->vid)
		t->interface = default_interface(t->vid, t->pid);
	if ((rc = bpfsoc_uri_uint(rest, "baud", SOC_FW_UART_BAUD, &t->baud, msg, sizeof(msg)))) {
		snprintf(err, errlen, "%s: %s", who, msg);
		return rc;
	}
	return check_baud(t->baud, who, err, errlen);
}

/* ---- the device ---- */

static int64_t now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* Opens the first device with b's ids (and serial, if any) on b's
 * interface.  -ENODEV when there is none, so that the caller tries the
 * next board; any other error is the answer. */
static int open_board(struct ftdi_context **out, const struct ftdi_board *b, const char *serial,
		      const char *who, char *err, size_t errlen)
{
	struct ftdi_device_list *list = NULL;
	struct ftdi_context *ctx = ftdi_new();
	int rc, n;

	*out = NULL;
	if (!ctx) {
		/* ftdi_new fails when libusb cannot start: no USB here */
		snprintf(err, errlen, "%s: cannot start libusb (no USB on this machine?)", who);
		return -ENODEV;
	}
	/* Counting first tells "no such device" apart from a failed open:
	 * ftdi_usb_open_desc gives -3 for both. */
	n = ftdi_usb_find_all(ctx, &list, b->vid, b->pid);
	ftdi_list_free(&list);
	if (n <= 0) {
		snprintf(err, errlen, "%s: no FTDI device %04x:%04x found%s%s: is the board "
			 "plugged in, and do you have access to /dev/bus/usb (udev rule)?", who,
			 b->vid, b->pid, n < 0 ? ", " : "", n < 0 ? ftdi_get_error_string(ctx) : "");
		ftdi_free(ctx);
		return -ENODEV;
	}
	if (ftdi_set_interface(ctx, (enum ftdi_interface)b->interface) < 0) {
		snprintf(err, errlen, "%s: interface %c: %s", who, 'A' + b->interface - 1,
			 ftdi_get_error_string(ctx));
		ftdi_free(ctx);
		return -EINVAL;
	}
#ifdef SIO_TCIFLUSH
	/* libftdi 1.5 and later: give the channel back to ftdi_sio at
	 * close, so that its /dev/ttyUSB comes back */
	ctx->module_detach_mode = AUTO_DETACH_REATACH_SIO_MODULE;
#endif
	rc = ftdi_usb_open_desc(ctx, b->vid, b->pid, NULL, *serial ? serial : NULL);
	if (rc < 0) {
		const char *why = ftdi_get_error_string(ctx);
		int e = rc == -3 && *serial ? -ENODEV :
			rc == -4 || rc == -9 || rc == -8 ? -EACCES : rc == -5 ? -EBUSY : -EIO;

		if (e == -ENODEV)
			snprintf(err, errlen, "%s: no FTDI device %04x:%04x with serial number %s "
				 "(%d with others)", who, b->vid, b->pid, serial, n);
		else if (e == -EACCES)
			snprintf(err, errlen, "%s: %04x:%04x: %s: do you have access to "
				 "/dev/bus/usb (a udev rule for the board)?", who, b->vid, b->pid, why);
		else if (e == -EBUSY)
			snprintf(err, errlen, "%s: %04x:%04x interface %c: %s: busy, another "
				 "program has it open (or the chip has no such interface)", who,
				 b->vid, b->pid, 'A' + b->interface - 1, why);
		else
			snprintf(err, errlen, "%s: %04x:%04x: %s", who, b->vid, b->pid, why);
		ftdi_free(ctx);
		return e;
	}
	*out = ctx;
	return 0;
}

/* Raw 8N1 at baud, no flow control, low latency, nothing stale. */
static int setup(struct ftdi_link *f, unsigned long baud, char *err, size_t errlen)
{
	struct ftdi_context *ctx = f->ctx;
	const char *step;

	if ((step = "reset", ftdi_usb_reset(ctx) < 0) ||
	    (step = "baud rate", ftdi_set_baudrate(ctx, (int)baud) < 0) ||
	    (step = "8N1", ftdi_set_line_property(ctx, BITS_8, STOP_BIT_1, NONE) < 0) ||
	    (step = "flow control", ftdi_setflowctrl(ctx, SIO_DISABLE_FLOW_CTRL) < 0) ||
	    (step = "latency timer", ftdi_set_latency_timer(ctx, FTDI_LATENCY_MS) < 0) ||
#ifdef SIO_TCIFLUSH
	    (step = "flush", ftdi_tcioflush(ctx) < 0)
#else
	    (step = "flush", ftdi_usb_purge_buffers(ctx) < 0)
#endif
	) {
		if (!strcmp(step, "baud rate"))
			snprintf(err, errlen, "%s: baud=%lu: %s (this chip cannot make the rate)",
				 f->where, baud, ftdi_get_error_string(ctx));
		else
			snprintf(err, errlen, "%s: %s: %s", f->where, step, ftdi_get_error_string(ctx));
		return !strcmp(step, "baud rate") ? -EINVAL : -EIO;
	}
	return 0;
}

static void ftdi_link_close(struct bpfsoc_link *l)
{
	struct ftdi_link *f = (struct ftdi_link *)l;

	if (!f)
		return;
	if (f->ctx) {
		ftdi_usb_close(f->ctx);
		ftdi_free(f->ctx);
	}
	free(f);
}

/* Every known board, each on its own interface unless the URI gave one,
 * until one is there. */
static int open_known(struct ftdi_link *f, const struct bpfsoc_ftdi_target *t, const char *who,
		      char *err, size_t errlen)
{
	char tried[160] = "";
	int rc = -ENODEV;

	for (size_t i = 0; i < NUM_BOARDS; i++) {
		struct ftdi_board b = known_boards[i];
		size_t k = strlen(tried);

		if (t->interface)
			b.interface = t->interface;
		rc = open_board(&f->ctx, &b, t->serial, who, err, errlen);
		if (rc != -ENODEV) {
			snprintf(f->where, sizeof(f->where), "ftdi:%04x:%04x (%s)", b.vid, b.pid, b.name);
			return rc;
		}
		snprintf(tried + k, sizeof(tried) - k, "%s%04x:%04x (%s)", i ? " or " : "", b.vid,
			 b.pid, b.name);
	}
	snprintf(err, errlen, "%s: no FTDI device %s%s%s found: is the board plugged in, and "
		 "do you have access to /dev/bus/usb (udev rule)?", who, tried,
		 *t->serial ? " with serial number " : "", t->serial);
	return -ENODEV;
}

static int ftdi_link_open(const char *rest, struct bpfsoc_link **out, char *err, size_t errlen)
{
	struct bpfsoc_ftdi_target t;
	struct ftdi_link *f;
	char buf[160];
	const char *who = label(rest, buf, sizeof(buf));
	int rc;

	*out = NULL;
	if ((rc = bpfsoc_ftdi_parse(rest, &t, err, errlen)))
		return rc;
	f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "%s: out of memory", who);
		return -ENOMEM;
	}
	f->base.ops = &bpfsoc_link_ftdi;
	if (t.vid) {
		struct ftdi_board b = {"", t.vid, t.pid, t.interface};

		snprintf(f->where, sizeof(f->where), "ftdi:%04x:%04x", t.vid, t.pid);
		rc = open_board(&f->ctx, &b, t.serial, who, err, errlen);
	} else {
		rc = open_known(f, &t, who, err, errlen);
	}
	if (!rc)
		rc = setup(f, t.baud, err, errlen);
	if (rc) {
		ftdi_link_close(&f->base);
		return rc;
	}
	*out = &f->base;
	return 0;
}

static int ftdi_link_write(struct bpfsoc_link *l, const uint8_t *buf, size_t n, char *err,
			   size_t errlen)
{
	struct ftdi_link *f = (struct ftdi_link *)l;
	int stalls = 0;

	while (n) {
		int k = n > FTDI_WRITE_CHUNK ? FTDI_WRITE_CHUNK : (int)n;
		int w = ftdi_write_data(f->ctx, buf, k);

		if (w < 0) {
			snprintf(err, errlen, "%s: write: %s (was the board unplugged?)", f->where,
				 ftdi_get_error_string(f->ctx));
			return -EIO;
		}
		/* libusb's own timeout (5 s) is behind each call, so a few
		 * calls without progress mean a dead line */
		if (w == 0 && ++stalls > 3) {
			snprintf(err, errlen, "%s: write: no byte taken (is the line stuck?)", f->where);
			return -ETIMEDOUT;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t ftdi_link_read(struct bpfsoc_link *l, uint8_t *buf, size_t cap, int timeout_ms,
			      char *err, size_t errlen)
{
	struct ftdi_link *f = (struct ftdi_link *)l;
	int64_t deadline = now_us() + 1000 * (int64_t)(timeout_ms > 0 ? timeout_ms : 0);
	int k = cap > 65536 ? 65536 : (int)cap;

	if (!cap)
		return 0;
	for (;;) {
		/* 0 means nothing yet: the chip answers each poll within its
		 * latency timer, with no data or what it has */
		int r = ftdi_read_data(f->ctx, buf, k);

		if (r > 0)
			return r;
		if (r < 0) {
			snprintf(err, errlen, "%s: read: %s (was the board unplugged?)", f->where,
				 ftdi_get_error_string(f->ctx));
			return -EIO;
		}
		if (now_us() >= deadline)
			return 0;
		usleep(200);
	}
}

const struct bpfsoc_link_ops bpfsoc_link_ftdi = {
	.scheme = "ftdi",
	.open = ftdi_link_open,
	.write = ftdi_link_write,
	.read = ftdi_link_read,
	.bar_read = NULL,
	.bar_write = NULL,
	.close = ftdi_link_close,
};

/* proto.h: the device side of the host protocol (docs/protocol.md).
 *
 * Bytes from the host go in through proto_feed(); replies come out through
 * the tx callback given to proto_init().  In between: COBS framing, the
 * CRC-32, the header checks, the reply cache that makes retries
 * idempotent, and dispatch to one handler per command id.  No I/O, no
 * allocation, no libc: the same code runs in the firmware and in host
 * tests.
 *
 * The framing helpers below the device side (proto_crc32, proto_cobs_*,
 * proto_frame_*) serve the host's side too.
 */
#ifndef PROTO_H
#define PROTO_H

#include "fw.h"

/* ---------------------------------------------------------------------
 * Framing helpers
 * ------------------------------------------------------------------- */

/* The fields of a frame's header (docs/protocol-ids.md#header). */
struct proto_hdr {
	uint8_t version;
	uint8_t id;      /* command id; in a reply, command id | PROTO_REPLY_BIT */
	uint8_t flags;   /* PROTO_FLAG_* */
	uint8_t status;  /* PROTO_ST_*; 0 in a request */
	uint16_t seq;
	uint16_t len;    /* payload bytes */
};

/* CRC-32 (IEEE 802.3, reflected, init and xorout 0xffffffff) of len bytes,
 * continuing from crc, the value returned for the bytes before them (0 to
 * start): proto_crc32(0, "123456789", 9) == PROTO_CRC_CHECK. */
uint32_t proto_crc32(uint32_t crc, const void *buf, size_t len);

/* Most bytes the COBS encoding of n bytes takes (without the delimiter). */
static inline size_t proto_cobs_max(size_t n)
{
	return n + n / 254 + 1;
}

/* COBS-encode len bytes of src into dst (no delimiter added).  Returns the
 * encoded length, or -FW_ENOSPC when dst's max bytes are too few. */
int proto_cobs_encode(const uint8_t *src, size_t len, uint8_t *dst, size_t max);

/* Decode one COBS-encoded frame of len bytes (without its delimiter) into
 * dst.  Returns the decoded length; -FW_EINVAL if src is empty, holds a
 * zero byte or its last block is cut short; -FW_ENOSPC when dst's max
 * bytes are too few. */
int proto_cobs_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t max);

/* Build one complete frame: header h (its len field is the payload's
 * length), payload, CRC-32, COBS-encoded, then the delimiter.  Returns the
 * bytes written to dst, -FW_E2BIG if h->len is over PROTO_MAX_PAYLOAD, or
 * -FW_ENOSPC when dst's max bytes are too few (PROTO_MAX_ENCODED always
 * do). */
int proto_frame_encode(uint8_t *dst, size_t max, const struct proto_hdr *h, const void *payload);

/* Check one decoded frame of n bytes (header, payload, CRC) and split it:
 * *h gets the header, *payload points at the payload inside frame.
 * Returns 0, or the negated status that says what is wrong with it:
 * -PROTO_ST_BAD_FRAME (shorter than header and CRC, or LEN disagrees with
 * n), -PROTO_ST_TOO_LONG, -PROTO_ST_BAD_CRC.  The version is not checked.
 * *h is filled in whenever n covers a header. */
int proto_frame_decode(const uint8_t *frame, size_t n, struct proto_hdr *h, const uint8_t **payload);

/* Name and meaning of a status code ("ENOENT", "no such map, ..."), or
 * "?" and "unknown status" when the spec has no such code. */
const char *proto_status_name(unsigned status);
const char *proto_status_text(unsigned status);

/* Name of a command id ("MAP_LOOKUP"; the reply bit is ignored), or "?". */
const char *proto_cmd_name(unsigned cmd);

/* ---------------------------------------------------------------------
 * The device side: decoder, reply cache, dispatcher
 * ------------------------------------------------------------------- */

/* A request as its handler sees it.  data points into the receive buffer:
 * it is valid only until the handler returns. */
struct proto_req {
	uint8_t cmd;
	uint8_t flags;
	uint16_t seq;
	uint16_t len;         /* payload bytes, within the handler's min..max */
	const uint8_t *data;  /* the payload */
};

/* Where a handler writes its reply. */
struct proto_rep {
	uint8_t *data;    /* room for max bytes of reply payload */
	uint16_t max;     /* PROTO_MAX_PAYLOAD */
	uint16_t len;     /* set by the handler: payload bytes written (0 to start) */
	const char *msg;  /* may be set by a failing handler: what was wrong */
};

/* A handler's return when it finishes later: it calls proto_complete()
 * when done.  Until then every request is answered EBUSY. */
#define PROTO_PENDING 1

/* A command's handler.  Returns 0 (status OK, rep->len bytes of payload),
 * the negative of a status code (FW_E* or PROTO_ST_*: the reply has that
 * status and, as payload, rep->msg if set), or PROTO_PENDING. */
typedef int (*proto_handler_fn)(void *user, const struct proto_req *req, struct proto_rep *rep);

/* Sends len bytes of encoded reply to the host. */
typedef void (*proto_tx_fn)(void *user, const uint8_t *buf, size_t len);

/* The protocol layer's counters are the first of proto.counter. */
#define PROTO_NUM_STATS (PROTO_CNT_REJECTED + 1)

struct proto_cmd_slot {
	proto_handler_fn fn;  /* NULL: no such command */
	void *user;
	uint16_t min_len, max_len;
};

/* The COBS decoder's state between bytes. */
struct proto_cobs {
	uint32_t len;     /* decoded bytes of the frame so far (may pass the buffer) */
	uint8_t left;     /* data bytes left in the current block */
	uint8_t ff;       /* the current block's code is 0xff: no zero after it */
	uint8_t zero;     /* a zero byte is due before the next block */
	uint8_t started;  /* a code byte has been seen since the last delimiter */
};

/* The whole state; one per link.  Treat as opaque but for stats. */
struct proto {
	struct proto_cobs rxd;
	uint8_t rx[PROTO_MAX_FRAME];   /* the frame being received, decoded */

	/* The last executed request, and its reply (header, payload, CRC). */
	uint8_t rep[PROTO_MAX_FRAME] __attribute__((aligned(4)));  /* payload at +8: word aligned */
	uint16_t rep_len;              /* 0: no reply cached */
	uint8_t have_last;             /* last_* name an executed request */
	uint8_t pending;               /* its handler returned PROTO_PENDING */
	uint8_t last_cmd;
	uint16_t last_seq;
	uint32_t last_crc;             /* CRC-32 of the whole request frame */

	proto_tx_fn tx;
	void *tx_user;
	struct proto_cmd_slot cmds[PROTO_REPLY_BIT];

	uint64_t stats[PROTO_NUM_STATS];  /* by PROTO_CNT_* */
};

/* Set up p with no commands and an empty reply cache; replies go to
 * tx(tx_user, ...). */
void proto_init(struct proto *p, proto_tx_fn tx, void *tx_user);

/* Make fn the handler of command cmd (1 .. 0x7f), for payloads of min_len
 * to max_len bytes (others are answered BAD_LEN without calling it).
 * Returns 0, -FW_EINVAL for a bad cmd or length range, -FW_EEXIST if cmd
 * has a handler already. */
int proto_register(struct proto *p, uint8_t cmd, uint16_t min_len, uint16_t max_len,
		   proto_handler_fn fn, void *user);

/* Take len bytes from the host.  Each complete frame is checked and
 * dispatched (its handler runs inside this call) and answered through tx. */
void proto_feed(struct proto *p, const uint8_t *buf, size_t len);

/* Finish the request whose handler returned PROTO_PENDING: rc and the
 * reply payload (len bytes, already written at the rep->data the handler
 * was given, which stays valid until now) as the handler would have
 * returned them.  Returns 0, or -FW_EINVAL if no request is pending. */
int proto_complete(struct proto *p, int rc, uint16_t len, const char *msg);

/* 1 while a request is pending. */
static inline int proto_busy(const struct proto *p)
{
	return p->pending;
}

#endif

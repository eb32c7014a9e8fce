/* test_fw_proto.c: the host protocol of the firmware (firmware/proto.c):
 * CRC-32, COBS, frames, and the device side fed bytes as a host would send
 * them: garbage, truncated, corrupted, oversized and repeated frames, and
 * a lossy link with retries.
 *
 * The random tests take FUZZ_SEED (default: the time) and print it.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proto.h"

/* The firmware's error numbers are Linux's, so they are this host's. */
_Static_assert(FW_ENOENT == ENOENT && FW_EIO == EIO && FW_E2BIG == E2BIG && FW_EAGAIN == EAGAIN &&
	       FW_EBUSY == EBUSY && FW_EEXIST == EEXIST && FW_EINVAL == EINVAL &&
	       FW_ENOSPC == ENOSPC && FW_EOPNOTSUPP == EOPNOTSUPP, "errno numbers");

#include "fw_rng.h"

#define seed_from_env(what) fw_seed("fw_proto", what)

/* ---------------------------------------------------------------------
 * CRC-32
 * ------------------------------------------------------------------- */

/* Bit at a time, straight from the definition. */
static uint32_t crc32_slow(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffff;
	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? c >> 1 ^ 0xedb88320 : c >> 1;
	}
	return ~c;
}

Test(fw_crc, check_value)
{
	cr_assert_eq(proto_crc32(0, "123456789", 9), 0xcbf43926u);
	cr_assert_eq(PROTO_CRC_CHECK, 0xcbf43926u);
	cr_assert_eq(proto_crc32(0, "", 0), 0);
	/* in pieces: the same as in one go */
	uint32_t c = proto_crc32(0, "1234", 4);
	cr_assert_eq(proto_crc32(c, "56789", 5), 0xcbf43926u);
}

Test(fw_crc, random_buffers_match_the_definition)
{
	static uint8_t buf[3000];
	seed_from_env("crc");
	for (int t = 0; t < 200; t++) {
		size_t n = rnd() % sizeof buf;
		for (size_t i = 0; i < n; i++)
			buf[i] = (uint8_t)rnd();
		size_t cut = n ? rnd() % n : 0;
		cr_assert_eq(proto_crc32(0, buf, n), crc32_slow(buf, n), "length %zu", n);
		cr_assert_eq(proto_crc32(proto_crc32(0, buf, cut), buf + cut, n - cut), crc32_slow(buf, n));
	}
}

/* ---------------------------------------------------------------------
 * COBS
 * ------------------------------------------------------------------- */

static void check_cobs(const uint8_t *src, size_t n, const uint8_t *want, size_t want_n)
{
	static uint8_t enc[4096], dec[4096];
	int e = proto_cobs_encode(src, n, enc, sizeof enc);
	cr_assert_geq(e, 1, "encode of %zu bytes: %d", n, e);
	cr_assert_leq((size_t)e, proto_cobs_max(n), "%zu bytes encode to %d, over the bound", n, e);
	cr_assert_null(memchr(enc, 0, (size_t)e), "a zero in the encoding of %zu bytes", n);
	if (want) {
		cr_assert_eq((size_t)e, want_n, "%zu bytes encode to %d bytes, not %zu", n, e, want_n);
		cr_assert_arr_eq(enc, want, want_n);
	}
	int d = proto_cobs_decode(enc, (size_t)e, dec, sizeof dec);
	cr_assert_eq(d, (int)n, "round trip of %zu bytes gives %d", n, d);
	cr_assert_arr_eq(dec, src, n);
}

Test(fw_cobs, known_encodings)
{
	check_cobs((uint8_t[]){ 0 }, 0, (uint8_t[]){ 0x01 }, 1);  /* empty */
	check_cobs((uint8_t[]){ 0x00 }, 1, (uint8_t[]){ 0x01, 0x01 }, 2);
	check_cobs((uint8_t[]){ 0x00, 0x00 }, 2, (uint8_t[]){ 0x01, 0x01, 0x01 }, 3);
	check_cobs((uint8_t[]){ 0x11, 0x22, 0x00, 0x33 }, 4,
		   (uint8_t[]){ 0x03, 0x11, 0x22, 0x02, 0x33 }, 5);
	check_cobs((uint8_t[]){ 0x11, 0x22, 0x33, 0x44 }, 4,
		   (uint8_t[]){ 0x05, 0x11, 0x22, 0x33, 0x44 }, 5);
	check_cobs((uint8_t[]){ 0x11, 0x00, 0x00, 0x00 }, 4,
		   (uint8_t[]){ 0x02, 0x11, 0x01, 0x01, 0x01 }, 5);
}

Test(fw_cobs, runs_of_254_and_255)
{
	uint8_t src[600], want[700];

	/* 254 non-zero bytes: one full block, no block after it */
	for (int i = 0; i < 254; i++)
		src[i] = (uint8_t)(i + 1);
	want[0] = 0xff;
	memcpy(want + 1, src, 254);
	check_cobs(src, 254, want, 255);

	/* 255 non-zero bytes: a full block, then a block of one */
	src[254] = 0xff;
	want[255] = 0x02;
	want[256] = 0xff;
	check_cobs(src, 255, want, 257);

	/* a zero, then 254 non-zero bytes */
	src[0] = 0;
	for (int i = 1; i < 255; i++)
		src[i] = (uint8_t)i;
	want[0] = 0x01;
	want[1] = 0xff;
	memcpy(want + 2, src + 1, 254);
	check_cobs(src, 255, want, 256);

	/* 254 non-zero bytes, then a zero: the full block implies none */
	for (int i = 0; i < 254; i++)
		src[i] = (uint8_t)(i + 2) ? (uint8_t)(i + 2) : 1;
	src[254] = 0;
	want[0] = 0xff;
	memcpy(want + 1, src, 254);
	want[255] = 0x01;
	want[256] = 0x01;
	check_cobs(src, 255, want, 257);

	/* 253 non-zero bytes, a zero, one byte */
	for (int i = 0; i < 253; i++)
		src[i] = (uint8_t)(i + 3) ? (uint8_t)(i + 3) : 1;
	src[253] = 0;
	src[254] = 1;
	want[0] = 0xfe;
	memcpy(want + 1, src, 253);
	want[254] = 0x02;
	want[255] = 0x01;
	check_cobs(src, 255, want, 256);

	/* longer runs around two and three full blocks */
	for (size_t n = 500; n < 600; n++) {
		for (size_t i = 0; i < n; i++)
			src[i] = 0x5a;
		check_cobs(src, n, NULL, 0);
	}
}

Test(fw_cobs, random_round_trips)
{
	static uint8_t src[3000];
	seed_from_env("cobs");
	for (int t = 0; t < 2000; t++) {
		size_t n = rnd() % sizeof src;
		unsigned zeros = rnd() % 4;  /* none, few, some, many */
		for (size_t i = 0; i < n; i++) {
			src[i] = (uint8_t)rnd();
			if (zeros == 0 && src[i] == 0)
				src[i] = 1;
			if (zeros == 3 && rnd() % 2)
				src[i] = 0;
		}
		check_cobs(src, n, NULL, 0);
	}
}

Test(fw_cobs, bad_input)
{
	uint8_t out[16];
	cr_assert_eq(proto_cobs_decode((uint8_t[]){ 0x03, 0x11 }, 2, out, sizeof out), -FW_EINVAL,
		     "a block cut short");
	cr_assert_eq(proto_cobs_decode((uint8_t[]){ 0x02, 0x00, 0x01 }, 3, out, sizeof out), -FW_EINVAL,
		     "a zero inside");
	cr_assert_eq(proto_cobs_decode(NULL, 0, out, sizeof out), -FW_EINVAL, "nothing at all");
	cr_assert_eq(proto_cobs_decode((uint8_t[]){ 0x05, 1, 2, 3, 4 }, 5, out, 3), -FW_ENOSPC);
	cr_assert_eq(proto_cobs_encode((uint8_t[]){ 1, 2, 3, 4 }, 4, out, 4), -FW_ENOSPC);
	cr_assert_eq(proto_cobs_encode((uint8_t[]){ 1, 2, 3, 4 }, 4, out, 5), 5);
}

/* ---------------------------------------------------------------------
 * Frames
 * ------------------------------------------------------------------- */

/* Decode one encoded frame (its delimiter included). */
static int decode_frame(const uint8_t *enc, size_t n, uint8_t *frame, struct proto_hdr *h,
			const uint8_t **payload)
{
	cr_assert_eq(enc[n - 1], 0, "a frame ends with its delimiter");
	int d = proto_cobs_decode(enc, n - 1, frame, PROTO_MAX_FRAME);
	if (d < 0)
		return d;
	return proto_frame_decode(frame, (size_t)d, h, payload);
}

Test(fw_frame, round_trip)
{
	static uint8_t payload[PROTO_MAX_PAYLOAD], enc[PROTO_MAX_ENCODED], frame[PROTO_MAX_FRAME];
	struct proto_hdr h, got;
	const uint8_t *p;

	for (size_t len = 0; len <= PROTO_MAX_PAYLOAD; len += len < 300 ? 1 : 97) {
		for (size_t i = 0; i < len; i++)
			payload[i] = (uint8_t)(i * 7);  /* zeros among them */
		h = (struct proto_hdr){ .version = PROTO_VERSION, .id = 0x21, .flags = 0, .status = 0,
					.seq = (uint16_t)(0xff00 + len), .len = (uint16_t)len };
		int n = proto_frame_encode(enc, sizeof enc, &h, payload);
		cr_assert_gt(n, 0);
		cr_assert_leq(n, PROTO_MAX_ENCODED);
		cr_assert_null(memchr(enc, 0, (size_t)n - 1));
		cr_assert_eq(decode_frame(enc, (size_t)n, frame, &got, &p), 0, "payload of %zu", len);
		cr_assert(memcmp(&got, &h, sizeof h) == 0);
		cr_assert_arr_eq(p, payload, len);
	}
	/* the largest frame of all: no zero bytes anywhere (no code byte saved) */
	memset(payload, 0xab, sizeof payload);
	h = (struct proto_hdr){ .version = 0xff, .id = 0xff, .flags = 0xff, .status = 0xff,
				.seq = 0xffff, .len = PROTO_MAX_PAYLOAD };
	int n = proto_frame_encode(enc, sizeof enc, &h, payload);
	cr_assert_gt(n, 0);
	cr_assert_leq(n, PROTO_MAX_ENCODED);
	h.len = PROTO_MAX_PAYLOAD + 1;
	cr_assert_eq(proto_frame_encode(enc, sizeof enc, &h, payload), -FW_E2BIG);
	h.len = 4;
	cr_assert_eq(proto_frame_encode(enc, 10, &h, payload), -FW_ENOSPC);
}

Test(fw_frame, decode_errors)
{
	uint8_t f[64] = { PROTO_VERSION, 1, 0, 0, 5, 0, 2, 0, 0xaa, 0xbb };
	struct proto_hdr h;
	const uint8_t *p;

	fw_put32(f + 10, proto_crc32(0, f, 10));
	cr_assert_eq(proto_frame_decode(f, 14, &h, &p), 0);
	cr_assert_eq(h.seq, 5);
	cr_assert_eq(h.len, 2);
	cr_assert_eq(proto_frame_decode(f, 7, &h, &p), -PROTO_ST_BAD_FRAME, "no header");
	cr_assert_eq(proto_frame_decode(f, 11, &h, &p), -PROTO_ST_BAD_FRAME, "no CRC");
	f[9] ^= 0x10;
	cr_assert_eq(proto_frame_decode(f, 14, &h, &p), -PROTO_ST_BAD_CRC);
	f[9] ^= 0x10;
	f[6] = 3;  /* LEN 3, 2 bytes there */
	fw_put32(f + 10, proto_crc32(0, f, 10));
	cr_assert_eq(proto_frame_decode(f, 14, &h, &p), -PROTO_ST_BAD_FRAME);
}

Test(fw_frame, names)
{
	cr_assert_str_eq(proto_status_name(PROTO_ST_ENOENT), "ENOENT");
	cr_assert_str_eq(proto_status_name(PROTO_ST_BAD_CRC), "BAD_CRC");
	cr_assert_str_eq(proto_status_name(0x99), "?");
	cr_assert_str_eq(proto_status_text(PROTO_ST_OK), "done");
	cr_assert_str_eq(proto_cmd_name(PROTO_CMD_MAP_GET_NEXT_KEY), "MAP_GET_NEXT_KEY");
	cr_assert_str_eq(proto_cmd_name(PROTO_CMD_RUN | PROTO_REPLY_BIT), "RUN");
	cr_assert_str_eq(proto_cmd_name(0x7e), "?");
}

/* ---------------------------------------------------------------------
 * The device side, with a link that keeps what the device sends and a
 * few fake commands.
 * ------------------------------------------------------------------- */

#define CMD_PING PROTO_CMD_PING
#define CMD_INCR 0x70  /* adds the u32 payload to a total: not idempotent */
#define CMD_FAIL 0x71  /* always ENOENT, with a message */
#define CMD_SLOW 0x72  /* finishes later (PROTO_PENDING) */
#define CMD_LOG 0x73   /* appends its u32 payload to a log */

struct dev {
	struct proto p;
	uint8_t out[1 << 16];
	size_t out_len;
	unsigned calls;
	uint64_t total;
	uint32_t log[4096];
	unsigned log_len;
	struct proto_rep slow_rep;
};

static void tx(void *user, const uint8_t *buf, size_t len)
{
	struct dev *d = user;
	cr_assert_leq(d->out_len + len, sizeof d->out, "the device sends too much");
	memcpy(d->out + d->out_len, buf, len);
	d->out_len += len;
}

static int h_ping(void *user, const struct proto_req *req, struct proto_rep *rep)
{
	struct dev *d = user;
	d->calls++;
	memcpy(rep->data, req->data, req->len);
	rep->len = req->len;
	return 0;
}

static int h_incr(void *user, const struct proto_req *req, struct proto_rep *rep)
{
	struct dev *d = user;
	d->calls++;
	d->total += fw_get32(req->data);
	fw_put64(rep->data, d->total);
	rep->len = 8;
	return 0;
}

static int h_fail(void *user, const struct proto_req *req, struct proto_rep *rep)
{
	struct dev *d = user;
	(void)req;
	d->calls++;
	rep->data[0] = 0x55;  /* a partial reply the error replaces */
	rep->len = 1;
	rep->msg = "no such key";
	return -FW_ENOENT;
}

static int h_slow(void *user, const struct proto_req *req, struct proto_rep *rep)
{
	struct dev *d = user;
	(void)req;
	d->calls++;
	d->slow_rep = *rep;
	return PROTO_PENDING;
}

static int h_log(void *user, const struct proto_req *req, struct proto_rep *rep)
{
	struct dev *d = user;
	d->calls++;
	cr_assert_lt(d->log_len, 4096);
	d->log[d->log_len++] = fw_get32(req->data);
	fw_put32(rep->data, d->log_len);
	rep->len = 4;
	return 0;
}

static struct dev *dev_new(void)
{
	struct dev *d = calloc(1, sizeof *d);
	cr_assert(d);
	proto_init(&d->p, tx, d);
	cr_assert_eq(proto_register(&d->p, CMD_PING, 0, PROTO_MAX_PAYLOAD, h_ping, d), 0);
	cr_assert_eq(proto_register(&d->p, CMD_INCR, 4, 4, h_incr, d), 0);
	cr_assert_eq(proto_register(&d->p, CMD_FAIL, 0, 16, h_fail, d), 0);
	cr_assert_eq(proto_register(&d->p, CMD_SLOW, 0, 0, h_slow, d), 0);
	cr_assert_eq(proto_register(&d->p, CMD_LOG, 4, 4, h_log, d), 0);
	return d;
}

/* A reply the device sent, decoded. */
struct reply {
	struct proto_hdr h;
	uint8_t payload[PROTO_MAX_PAYLOAD];
};

/* Split what the device sent into frames; every one must be intact.
 * Returns how many; clears the link. */
static int replies(struct dev *d, struct reply *r, int max)
{
	static uint8_t frame[PROTO_MAX_FRAME];
	int n = 0;
	size_t start = 0;

	for (size_t i = 0; i < d->out_len; i++) {
		if (d->out[i] != 0)
			continue;
		cr_assert_lt(n, max, "more replies than expected");
		const uint8_t *p;
		int rc = decode_frame(d->out + start, i + 1 - start, frame, &r[n].h, &p);
		cr_assert_eq(rc, 0, "reply %d is damaged: %d", n, rc);
		cr_assert_eq(r[n].h.version, PROTO_VERSION);
		cr_assert(r[n].h.id & PROTO_REPLY_BIT);
		memcpy(r[n].payload, p, r[n].h.len);
		n++;
		start = i + 1;
	}
	cr_assert_eq(start, d->out_len, "a reply without its delimiter");
	d->out_len = 0;
	return n;
}

/* Exactly one reply; returns it. */
static struct reply *one_reply(struct dev *d)
{
	static struct reply r[4];
	cr_assert_eq(replies(d, r, 4), 1, "one reply expected");
	return &r[0];
}

static void no_reply(struct dev *d)
{
	cr_assert_eq(d->out_len, 0, "no reply expected, got %zu bytes", d->out_len);
}

/* An encoded request. */
static size_t request(uint8_t *enc, uint8_t cmd, uint16_t seq, const void *payload, uint16_t len)
{
	struct proto_hdr h = { .version = PROTO_VERSION, .id = cmd, .seq = seq, .len = len };
	int n = proto_frame_encode(enc, PROTO_MAX_ENCODED, &h, payload);
	cr_assert_gt(n, 0);
	return (size_t)n;
}

static void send_req(struct dev *d, uint8_t cmd, uint16_t seq, const void *payload, uint16_t len)
{
	static uint8_t enc[PROTO_MAX_ENCODED];
	proto_feed(&d->p, enc, request(enc, cmd, seq, payload, len));
}

/* An error reply's message, as a string. */
static const char *msg_of(const struct reply *r)
{
	static char s[PROTO_MAX_PAYLOAD + 1];
	memcpy(s, r->payload, r->h.len);
	s[r->h.len] = 0;
	return s;
}

static void check_error(const struct reply *r, uint8_t cmd, uint16_t seq, uint8_t status)
{
	cr_assert_eq(r->h.id, cmd | PROTO_REPLY_BIT);
	cr_assert_eq(r->h.seq, seq);
	cr_assert_eq(r->h.status, status, "status %s (%s), expected %s", proto_status_name(r->h.status),
		     msg_of(r), proto_status_name(status));
}

Test(fw_dev, register_checks)
{
	struct dev *d = dev_new();
	cr_assert_eq(proto_register(&d->p, 0, 0, 0, h_ping, d), -FW_EINVAL, "command 0");
	cr_assert_eq(proto_register(&d->p, 0x80, 0, 0, h_ping, d), -FW_EINVAL, "a reply id");
	cr_assert_eq(proto_register(&d->p, 0x60, 5, 4, h_ping, d), -FW_EINVAL, "min > max");
	cr_assert_eq(proto_register(&d->p, 0x60, 0, PROTO_MAX_PAYLOAD + 1, h_ping, d), -FW_EINVAL);
	cr_assert_eq(proto_register(&d->p, 0x60, 0, 0, NULL, d), -FW_EINVAL, "no handler");
	cr_assert_eq(proto_register(&d->p, CMD_PING, 0, 0, h_ping, d), -FW_EEXIST);
	free(d);
}

Test(fw_dev, ping)
{
	struct dev *d = dev_new();
	send_req(d, CMD_PING, 1234, "hello\0world", 11);
	struct reply *r = one_reply(d);
	cr_assert_eq(r->h.id, CMD_PING | PROTO_REPLY_BIT);
	cr_assert_eq(r->h.seq, 1234);
	cr_assert_eq(r->h.status, PROTO_ST_OK);
	cr_assert_eq(r->h.flags, 0);
	cr_assert_eq(r->h.len, 11);
	cr_assert_arr_eq(r->payload, "hello\0world", 11);
	cr_assert_eq(d->calls, 1);
	cr_assert_eq(d->p.stats[PROTO_CNT_RX_FRAMES], 1);
	cr_assert_eq(d->p.stats[PROTO_CNT_TX_FRAMES], 1);
	free(d);
}

Test(fw_dev, empty_and_largest_payloads)
{
	static uint8_t big[PROTO_MAX_PAYLOAD];
	struct dev *d = dev_new();

	send_req(d, CMD_PING, 1, NULL, 0);
	struct reply *r = one_reply(d);
	cr_assert_eq(r->h.status, PROTO_ST_OK);
	cr_assert_eq(r->h.len, 0);

	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i % 251);  /* zeros and long runs */
	send_req(d, CMD_PING, 2, big, sizeof big);
	r = one_reply(d);
	cr_assert_eq(r->h.status, PROTO_ST_OK);
	cr_assert_eq(r->h.len, sizeof big);
	cr_assert_arr_eq(r->payload, big, sizeof big);
	free(d);
}

Test(fw_dev, byte_at_a_time_and_delimiters_between)
{
	static uint8_t enc[PROTO_MAX_ENCODED];
	struct dev *d = dev_new();
	size_t n = request(enc, CMD_PING, 7, "\0\0abc\0", 6);

	for (int k = 0; k < 5; k++)
		proto_feed(&d->p, (uint8_t[]){ 0 }, 1);  /* empty frames: nothing */
	no_reply(d);
	for (size_t i = 0; i < n; i++)
		proto_feed(&d->p, enc + i, 1);
	struct reply *r = one_reply(d);
	cr_assert_eq(r->h.seq, 7);
	cr_assert_arr_eq(r->payload, "\0\0abc\0", 6);
	cr_assert_eq(d->p.stats[PROTO_CNT_RX_BAD_FRAME], 0);
	free(d);
}

Test(fw_dev, garbage_changes_nothing)
{
	static uint8_t junk[5000];
	struct dev *d = dev_new();
	struct reply r[64];
	uint8_t four[4] = { 1, 0, 0, 0 };

	seed_from_env("garbage");
	for (int t = 0; t < 200; t++) {
		size_t n = 1 + rnd() % sizeof junk;
		for (size_t i = 0; i < n; i++)
			junk[i] = (uint8_t)(rnd() % 8 ? rnd() : 0);  /* zeros split it into many "frames" */
		proto_feed(&d->p, junk, n);
		proto_feed(&d->p, (uint8_t[]){ 0 }, 1);
		int k = replies(d, r, 64);
		for (int i = 0; i < k; i++)
			cr_assert_neq(r[i].h.status, PROTO_ST_OK, "garbage was answered OK");
	}
	cr_assert_eq(d->calls, 0, "garbage ran a handler");
	cr_assert_eq(d->total, 0);

	/* garbage, a delimiter, a request: the request goes through */
	proto_feed(&d->p, (uint8_t[]){ 0x33, 0x44, 0x01, 0x99 }, 4);
	proto_feed(&d->p, (uint8_t[]){ 0 }, 1);
	replies(d, r, 64);
	send_req(d, CMD_INCR, 1, four, 4);
	cr_assert_eq(one_reply(d)->h.status, PROTO_ST_OK);
	cr_assert_eq(d->total, 1);

	/* garbage right before a request (no delimiter) spoils it, and only it */
	proto_feed(&d->p, (uint8_t[]){ 0x02, 0x44 }, 2);
	send_req(d, CMD_INCR, 2, four, 4);
	cr_assert_eq(d->total, 1);
	replies(d, r, 64);
	send_req(d, CMD_INCR, 2, four, 4);
	cr_assert_eq(one_reply(d)->h.status, PROTO_ST_OK);
	cr_assert_eq(d->total, 2);
	free(d);
}

Test(fw_dev, truncated_frames_are_dropped)
{
	static uint8_t enc[PROTO_MAX_ENCODED], payload[600];
	struct dev *d = dev_new();
	struct reply r[4];

	for (size_t i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)(i * 13);
	size_t n = request(enc, CMD_PING, 99, payload, sizeof payload);
	/* every cut: the frame stops early and the delimiter comes */
	for (size_t cut = 1; cut < n - 1; cut++) {
		proto_feed(&d->p, enc, cut);
		proto_feed(&d->p, (uint8_t[]){ 0 }, 1);
		int k = replies(d, r, 4);
		cr_assert_leq(k, 1);
		if (k) {
			/* header readable: an error reply to seq 99 */
			cr_assert_eq(r[0].h.seq, 99);
			cr_assert(r[0].h.status == PROTO_ST_BAD_CRC || r[0].h.status == PROTO_ST_BAD_FRAME,
				  "cut at %zu: %s", cut, proto_status_name(r[0].h.status));
		}
	}
	cr_assert_eq(d->calls, 0);
	cr_assert_eq(d->p.stats[PROTO_CNT_RX_FRAMES], 0);
	cr_assert_eq(d->p.stats[PROTO_CNT_RX_BAD_CRC] + d->p.stats[PROTO_CNT_RX_BAD_FRAME], n - 2);
	/* a COBS block cut short, with the header readable */
	proto_feed(&d->p, enc, 20);
	proto_feed(&d->p, (uint8_t[]){ 0 }, 1);
	struct reply *e = one_reply(d);
	check_error(e, CMD_PING, 99, PROTO_ST_BAD_FRAME);
	cr_assert_str_eq(msg_of(e), "COBS block cut short by the delimiter");
	/* and the whole frame still works */
	proto_feed(&d->p, enc, n);
	cr_assert_eq(one_reply(d)->h.status, PROTO_ST_OK);
	cr_assert_eq(d->calls, 1);
	free(d);
}

Test(fw_dev, flipped_bits_never_reach_the_handler)
{
	static uint8_t enc[PROTO_MAX_ENCODED], bad[PROTO_MAX_ENCODED];
	struct dev *d = dev_new();
	struct reply r[8];
	uint8_t four[4] = { 5, 0, 0, 0 };

	/* a flipped payload bit: BAD_CRC to its seq */
	size_t n = request(enc, CMD_INCR, 42, four, 4);
	uint8_t frame[PROTO_HDR_SIZE + 4 + PROTO_CRC_SIZE];
	cr_assert_eq(proto_cobs_decode(enc, n - 1, frame, sizeof frame), (int)sizeof frame);
	frame[PROTO_HDR_SIZE] ^= 0x04;
	int bn = proto_cobs_encode(frame, sizeof frame, bad, sizeof bad);
	bad[bn++] = 0;
	proto_feed(&d->p, bad, (size_t)bn);
	struct reply *e = one_reply(d);
	check_error(e, CMD_INCR, 42, PROTO_ST_BAD_CRC);
	cr_assert_str_eq(msg_of(e), "CRC-32 mismatch");
	cr_assert_eq(d->calls, 0);
	cr_assert_eq(d->p.stats[PROTO_CNT_RX_BAD_CRC], 1);

	/* every single bit of the encoded frame, the delimiter too */
	for (size_t i = 0; i < n; i++) {
		for (int b = 0; b < 8; b++) {
			memcpy(bad, enc, n);
			bad[i] ^= (uint8_t)(1 << b);
			proto_feed(&d->p, bad, n);
			proto_feed(&d->p, (uint8_t[]){ 0 }, 1);  /* the host's resync */
			int k = replies(d, r, 8);
			for (int j = 0; j < k; j++)
				cr_assert_neq(r[j].h.status, PROTO_ST_OK, "byte %zu bit %d got through", i, b);
		}
	}
	cr_assert_eq(d->calls, 0, "a corrupted frame ran the handler");
	cr_assert_eq(d->total, 0);
	/* the intact frame then runs once */
	proto_feed(&d->p, enc, n);
	cr_assert_eq(one_reply(d)->h.status, PROTO_ST_OK);
	cr_assert_eq(d->total, 5);
	free(d);
}

Test(fw_dev, repeated_request_runs_once)
{
	static uint8_t enc[PROTO_MAX_ENCODED];
	struct dev *d = dev_new();
	uint8_t three[4] = { 3, 0, 0, 0 };

	size_t n = request(enc, CMD_INCR, 500, three, 4);
	proto_feed(&d->p, enc, n);
	struct reply first = *one_reply(d);
	cr_assert_eq(first.h.status, PROTO_ST_OK);
	cr_assert_eq(first.h.flags, 0);
	cr_assert_eq(fw_get64(first.payload), 3);

	/* the same frame again and again (a lost reply): not executed again */
	for (int k = 0; k < 3; k++) {
		proto_feed(&d->p, enc, n);
		struct reply *again = one_reply(d);
		cr_assert_eq(again->h.seq, 500);
		cr_assert_eq(again->h.status, PROTO_ST_OK);
		cr_assert_eq(again->h.flags, PROTO_FLAG_CACHED);
		cr_assert_eq(again->h.len, 8);
		cr_assert_eq(fw_get64(again->payload), 3, "the cached reply, not a new one");
	}
	cr_assert_eq(d->calls, 1);
	cr_assert_eq(d->total, 3);
	cr_assert_eq(d->p.stats[PROTO_CNT_RETRIES], 3);

	/* the next sequence number runs */
	send_req(d, CMD_INCR, 501, three, 4);
	cr_assert_eq(fw_get64(one_reply(d)->payload), 6);
	/* only the last request is remembered: an older one runs again */
	proto_feed(&d->p, enc, n);
	cr_assert_eq(fw_get64(one_reply(d)->payload), 9);
	/* the same seq with another payload is another request */
	send_req(d, CMD_INCR, 500, (uint8_t[]){ 1, 0, 0, 0 }, 4);
	cr_assert_eq(fw_get64(one_reply(d)->payload), 10);
	/* and the same seq and payload with another command too */
	send_req(d, CMD_PING, 500, (uint8_t[]){ 1, 0, 0, 0 }, 4);
	cr_assert_eq(one_reply(d)->h.id, CMD_PING | PROTO_REPLY_BIT);
	cr_assert_eq(d->calls, 5);
	free(d);
}

Test(fw_dev, unknown_command_is_not_executed_nor_cached)
{
	static uint8_t enc[PROTO_MAX_ENCODED];
	struct dev *d = dev_new();

	size_t n = request(enc, CMD_INCR, 10, (uint8_t[]){ 2, 0, 0, 0 }, 4);
	proto_feed(&d->p, enc, n);
	one_reply(d);
	send_req(d, 0x55, 11, "x", 1);
	struct reply *e = one_reply(d);
	check_error(e, 0x55, 11, PROTO_ST_UNKNOWN_CMD);
	cr_assert_str_eq(msg_of(e), "unknown command 0x55");
	send_req(d, 0, 12, NULL, 0);
	check_error(one_reply(d), 0, 12, PROTO_ST_UNKNOWN_CMD);
	/* the reply cache still holds seq 10 */
	proto_feed(&d->p, enc, n);
	struct reply *r = one_reply(d);
	cr_assert_eq(r->h.flags, PROTO_FLAG_CACHED);
	cr_assert_eq(fw_get64(r->payload), 2);
	cr_assert_eq(d->calls, 1);
	cr_assert_eq(d->p.stats[PROTO_CNT_REJECTED], 2);
	free(d);
}

Test(fw_dev, bad_length)
{
	struct dev *d = dev_new();
	send_req(d, CMD_INCR, 3, "abc", 3);
	struct reply *e = one_reply(d);
	check_error(e, CMD_INCR, 3, PROTO_ST_BAD_LEN);
	cr_assert_str_eq(msg_of(e), "command 0x70 takes 4 bytes, not 3");  /* no name in the spec */
	send_req(d, CMD_FAIL, 4, "0123456789abcdefg", 17);
	e = one_reply(d);
	check_error(e, CMD_FAIL, 4, PROTO_ST_BAD_LEN);
	cr_assert_str_eq(msg_of(e), "command 0x71 takes 0 to 16 bytes, not 17");
	send_req(d, PROTO_CMD_PING, 6, NULL, 0);
	cr_assert_eq(one_reply(d)->h.status, PROTO_ST_OK);
	d->calls--;
	cr_assert_eq(d->calls, 0);
	free(d);
}

Test(fw_dev, oversized_frames)
{
	static uint8_t frame[PROTO_MAX_FRAME + 64], enc[PROTO_MAX_ENCODED + 128];
	struct dev *d = dev_new();

	/* a well-formed frame with a payload one byte over the limit */
	size_t len = PROTO_MAX_PAYLOAD + 1;
	struct proto_hdr h = { .version = PROTO_VERSION, .id = CMD_PING, .seq = 77 };
	frame[0] = PROTO_VERSION;
	frame[1] = CMD_PING;
	fw_put16(frame + PROTO_HDR_OFF_SEQ, h.seq);
	fw_put16(frame + PROTO_HDR_OFF_LEN, (uint16_t)len);
	memset(frame + PROTO_HDR_SIZE, 0x42, len);
	fw_put32(frame + PROTO_HDR_SIZE + len, proto_crc32(0, frame, PROTO_HDR_SIZE + len));
	int n = proto_cobs_encode(frame, PROTO_HDR_SIZE + len + PROTO_CRC_SIZE, enc, sizeof enc);
	cr_assert_gt(n, 0);
	enc[n++] = 0;
	proto_feed(&d->p, enc, (size_t)n);
	struct reply *e = one_reply(d);
	check_error(e, CMD_PING, 77, PROTO_ST_TOO_LONG);
	cr_assert_str_eq(msg_of(e), "frame longer than 2060 bytes");
	cr_assert_eq(d->p.stats[PROTO_CNT_RX_TOO_LONG], 1);

	/* a megabyte without a delimiter: one unreadable frame, no reply */
	static uint8_t junk[1 << 20];
	memset(junk, 0x01, sizeof junk);  /* code bytes of empty blocks: a million zeros */
	proto_feed(&d->p, junk, sizeof junk);
	proto_feed(&d->p, (uint8_t[]){ 0 }, 1);
	no_reply(d);
	cr_assert_eq(d->p.stats[PROTO_CNT_RX_TOO_LONG], 2);
	cr_assert_eq(d->calls, 0);

	/* and the decoder is back */
	send_req(d, CMD_PING, 78, "ok", 2);
	cr_assert_eq(one_reply(d)->h.status, PROTO_ST_OK);
	cr_assert_eq(d->calls, 1);
	free(d);
}

Test(fw_dev, other_versions_and_replies)
{
	static uint8_t enc[PROTO_MAX_ENCODED];
	struct dev *d = dev_new();

	struct proto_hdr h = { .version = 2, .id = CMD_PING, .seq = 8, .len = 1 };
	proto_feed(&d->p, enc, (size_t)proto_frame_encode(enc, sizeof enc, &h, "x"));
	struct reply *e = one_reply(d);
	check_error(e, CMD_PING, 8, PROTO_ST_BAD_VERSION);
	cr_assert_eq(e->h.version, PROTO_VERSION);
	cr_assert_str_eq(msg_of(e), "protocol version 2: this device speaks 1");

	/* a reply (say, our own echoed back) is never answered */
	h = (struct proto_hdr){ .version = PROTO_VERSION, .id = CMD_PING | PROTO_REPLY_BIT, .seq = 9 };
	proto_feed(&d->p, enc, (size_t)proto_frame_encode(enc, sizeof enc, &h, NULL));
	no_reply(d);
	cr_assert_eq(d->calls, 0);
	free(d);
}

Test(fw_dev, handler_errors_are_cached_replies)
{
	static uint8_t enc[PROTO_MAX_ENCODED];
	struct dev *d = dev_new();

	size_t n = request(enc, CMD_FAIL, 20, NULL, 0);
	proto_feed(&d->p, enc, n);
	struct reply *e = one_reply(d);
	check_error(e, CMD_FAIL, 20, PROTO_ST_ENOENT);
	cr_assert_str_eq(msg_of(e), "no such key");
	proto_feed(&d->p, enc, n);
	e = one_reply(d);
	check_error(e, CMD_FAIL, 20, PROTO_ST_ENOENT);
	cr_assert_eq(e->h.flags, PROTO_FLAG_CACHED);
	cr_assert_eq(d->calls, 1, "an executed request is not run again, failed or not");
	free(d);
}

Test(fw_dev, pending_request_answers_busy)
{
	static uint8_t enc[PROTO_MAX_ENCODED];
	struct dev *d = dev_new();

	size_t n = request(enc, CMD_SLOW, 30, NULL, 0);
	proto_feed(&d->p, enc, n);
	no_reply(d);
	cr_assert(proto_busy(&d->p));

	proto_feed(&d->p, enc, n);  /* the host's retry */
	struct reply *e = one_reply(d);
	check_error(e, CMD_SLOW, 30, PROTO_ST_EBUSY);
	cr_assert_str_eq(msg_of(e), "still executing this request");
	send_req(d, CMD_PING, 31, "p", 1);
	e = one_reply(d);
	check_error(e, CMD_PING, 31, PROTO_ST_EBUSY);
	cr_assert_str_eq(msg_of(e), "busy with request seq 30");
	cr_assert_eq(d->calls, 1);

	memcpy(d->slow_rep.data, "done", 4);
	cr_assert_eq(proto_complete(&d->p, 0, 4, NULL), 0);
	struct reply *r = one_reply(d);
	cr_assert_eq(r->h.seq, 30);
	cr_assert_eq(r->h.status, PROTO_ST_OK);
	cr_assert_arr_eq(r->payload, "done", 4);
	cr_assert(!proto_busy(&d->p));
	cr_assert_eq(proto_complete(&d->p, 0, 0, NULL), -FW_EINVAL, "nothing pending");

	proto_feed(&d->p, enc, n);  /* a late retry: from the cache */
	r = one_reply(d);
	cr_assert_eq(r->h.flags, PROTO_FLAG_CACHED);
	cr_assert_arr_eq(r->payload, "done", 4);
	send_req(d, CMD_PING, 31, "p", 1);  /* the refused request, retried */
	cr_assert_eq(one_reply(d)->h.status, PROTO_ST_OK);
	cr_assert_eq(d->calls, 2);
	free(d);
}

/* ---------------------------------------------------------------------
 * A host on a bad link: requests and replies are dropped, cut short,
 * corrupted and duplicated; the host retries with the same sequence
 * number until it has a reply.  Every request must run exactly once, in
 * order.
 * ------------------------------------------------------------------- */

/* The link: maybe damages a copy of buf, then delivers it to out. */
static size_t damage(const uint8_t *buf, size_t n, uint8_t *out)
{
	unsigned what = rnd() % 10;
	size_t m = n;

	if (n < 2)
		return n;
	memcpy(out, buf, n);
	switch (what) {
	case 0:  /* lost */
		return 0;
	case 1:  /* cut short */
		return 1 + rnd() % (n - 1);
	case 2:  /* a flipped bit */
		out[rnd() % n] ^= (uint8_t)(1 << rnd() % 8);
		return n;
	case 3:  /* a burst of noise */
		for (unsigned k = rnd() % 8 + 1; k; k--)
			out[rnd() % n] = (uint8_t)rnd();
		return n;
	case 4:  /* delivered twice */
		memcpy(out + n, buf, n);
		return 2 * n;
	default:
		return m;
	}
}

Test(fw_dev, lossy_link_each_request_runs_once)
{
	static uint8_t enc[PROTO_MAX_ENCODED], wire[4 * PROTO_MAX_ENCODED], frame[PROTO_MAX_FRAME];
	struct dev *d = dev_new();
	unsigned tries = 0;
	const unsigned N = 3000;

	seed_from_env("lossy link");
	uint16_t seq = (uint16_t)rnd();  /* the host starts anywhere */
	for (uint32_t v = 0; v < N; v++, seq++) {
		uint8_t val[4];
		fw_put32(val, v * 2654435761u);
		size_t n = request(enc + 1, CMD_LOG, seq, val, 4);
		enc[0] = 0;  /* every frame starts with a delimiter too */
		int done = 0;
		for (int attempt = 0; !done; attempt++) {
			cr_assert_lt(attempt, 100, "request %u never got through", v);
			tries++;
			size_t w = damage(enc, n + 1, wire);
			proto_feed(&d->p, wire, w);
			/* the replies, through the same bad link */
			size_t rn = damage(d->out, d->out_len, wire);
			d->out_len = 0;
			size_t start = 0;
			for (size_t i = 0; i < rn; i++) {
				if (wire[i] != 0)
					continue;
				struct proto_hdr h;
				const uint8_t *p;
				int dn = i > start ? proto_cobs_decode(wire + start, i - start, frame, sizeof frame) : -1;
				start = i + 1;
				if (dn < 0 || proto_frame_decode(frame, (size_t)dn, &h, &p))
					continue;  /* a damaged reply is no reply */
				if (h.seq != seq || h.status != PROTO_ST_OK)
					continue;  /* an error, or a stale reply: try again */
				cr_assert_eq(h.id, CMD_LOG | PROTO_REPLY_BIT);
				cr_assert_eq(fw_get32(p), v + 1, "request %u: the log holds %u", v, fw_get32(p));
				done = 1;
			}
			proto_feed(&d->p, (uint8_t[]){ 0 }, 1);  /* after a timeout: resync */
			d->out_len = 0;
		}
	}
	cr_assert_eq(d->log_len, N, "%u requests ran %u times", N, d->log_len);
	for (uint32_t v = 0; v < N; v++)
		cr_assert_eq(d->log[v], v * 2654435761u, "entry %u", v);
	fprintf(stderr, "fw_proto lossy link: %u requests in %u tries, %llu replies from the cache, "
		"%llu CRC and %llu framing errors\n", N, tries,
		(unsigned long long)d->p.stats[PROTO_CNT_RETRIES],
		(unsigned long long)d->p.stats[PROTO_CNT_RX_BAD_CRC],
		(unsigned long long)d->p.stats[PROTO_CNT_RX_BAD_FRAME]);
	free(d);
}

/* proto.c: the host protocol: COBS framing, CRC-32, the byte-at-a-time
 * decoder, the reply cache and the dispatcher (docs/protocol.md). */
#include "proto.h"

/* ---------------------------------------------------------------------
 * CRC-32 a byte at a time, from a 1 KiB table made on first use: every
 * byte of every frame passes here, so the 1 KiB pays for itself.
 * ------------------------------------------------------------------- */

static uint32_t crc32_table[256];   /* [i]: i shifted through 0xedb88320 eight times */

static void crc32_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c >> 1 ^ (c & 1 ? 0xedb88320u : 0);
		crc32_table[i] = c;
	}
}

uint32_t proto_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!crc32_table[1])
		crc32_init();
	crc = ~crc;
	while (len--)
		crc = crc >> 8 ^ crc32_table[(crc ^ *p++) & 0xff];
	return ~crc;
}

/* ---------------------------------------------------------------------
 * COBS.  Each block is a code byte c and c - 1 non-zero data bytes; a
 * zero follows the block unless c is 0xff or the block is the last.
 * ------------------------------------------------------------------- */

/* Where encoded bytes go: a buffer, or the link. */
struct sink {
	void (*put)(struct sink *s, const uint8_t *buf, size_t len);
	uint8_t *dst;
	size_t max, len;  /* len may pass max: the buffer was too small */
	struct proto *p;
};

static void sink_buf(struct sink *s, const uint8_t *buf, size_t len)
{
	if (s->len + len <= s->max)
		fw_memcpy(s->dst + s->len, buf, len);
	s->len += len;
}

static void sink_tx(struct sink *s, const uint8_t *buf, size_t len)
{
	s->p->tx(s->p->tx_user, buf, len);
	s->len += len;
}

/* The encoder takes its input in pieces and hands each finished block,
 * code byte first, to the sink in one piece. */
struct cobs_enc {
	struct sink *s;
	uint8_t block[255];  /* code byte, then up to 254 data bytes */
	uint8_t n;           /* data bytes in block */
	uint8_t after_ff;    /* the last block was a full one, and nothing came since */
};

static void enc_flush(struct cobs_enc *e)
{
	e->block[0] = (uint8_t)(e->n + 1);
	e->s->put(e->s, e->block, (size_t)e->n + 1);
	e->n = 0;
}

static void enc_put(struct cobs_enc *e, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		e->after_ff = 0;
		if (buf[i] == 0) {
			enc_flush(e);  /* the zero is implied by the block's end */
			continue;
		}
		e->block[1 + e->n++] = buf[i];
		if (e->n == 254) {
			enc_flush(e);  /* code 0xff: no zero implied */
			e->after_ff = 1;
		}
	}
}

/* The last block; after a full block that ended the input, none is needed. */
static void enc_end(struct cobs_enc *e)
{
	if (!e->after_ff)
		enc_flush(e);
}

int proto_cobs_encode(const uint8_t *src, size_t len, uint8_t *dst, size_t max)
{
	struct sink s = { .put = sink_buf, .dst = dst, .max = max };
	struct cobs_enc e = { .s = &s };

	enc_put(&e, src, len);
	enc_end(&e);
	return s.len <= max ? (int)s.len : -FW_ENOSPC;
}

/* One non-zero encoded byte into the decoder: data bytes go to
 * dst[d->len] while they fit in max. */
static void cobs_step(struct proto_cobs *d, uint8_t b, uint8_t *dst, size_t max)
{
	if (d->left == 0) {
		/* a code byte: the zero the last block owes comes first */
		if (d->zero) {
			if (d->len < max)
				dst[d->len] = 0;
			if (d->len < UINT32_MAX)
				d->len++;
		}
		d->started = 1;
		d->ff = b == 0xff;
		d->left = (uint8_t)(b - 1);
		d->zero = d->left == 0;
		return;
	}
	if (d->len < max)
		dst[d->len] = b;
	if (d->len < UINT32_MAX)
		d->len++;
	if (--d->left == 0)
		d->zero = !d->ff;
}

int proto_cobs_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t max)
{
	struct proto_cobs d = { 0 };

	for (size_t i = 0; i < len; i++) {
		if (src[i] == 0)
			return -FW_EINVAL;
		cobs_step(&d, src[i], dst, max);
	}
	if (!d.started || d.left)
		return -FW_EINVAL;
	return d.len <= max ? (int)d.len : -FW_ENOSPC;
}

/* ---------------------------------------------------------------------
 * Frames
 * ------------------------------------------------------------------- */

static void hdr_put(uint8_t *f, const struct proto_hdr *h)
{
	f[PROTO_HDR_OFF_VERSION] = h->version;
	f[PROTO_HDR_OFF_ID] = h->id;
	f[PROTO_HDR_OFF_FLAGS] = h->flags;
	f[PROTO_HDR_OFF_STATUS] = h->status;
	fw_put16(f + PROTO_HDR_OFF_SEQ, h->seq);
	fw_put16(f + PROTO_HDR_OFF_LEN, h->len);
}

static void hdr_get(const uint8_t *f, struct proto_hdr *h)
{
	h->version = f[PROTO_HDR_OFF_VERSION];
	h->id = f[PROTO_HDR_OFF_ID];
	h->flags = f[PROTO_HDR_OFF_FLAGS];
	h->status = f[PROTO_HDR_OFF_STATUS];
	h->seq = fw_get16(f + PROTO_HDR_OFF_SEQ);
	h->len = fw_get16(f + PROTO_HDR_OFF_LEN);
}

int proto_frame_encode(uint8_t *dst, size_t max, const struct proto_hdr *h, const void *payload)
{
	struct sink s = { .put = sink_buf, .dst = dst, .max = max };
	struct cobs_enc e = { .s = &s };
	uint8_t head[PROTO_HDR_SIZE], tail[PROTO_CRC_SIZE];
	const uint8_t delim = PROTO_DELIM;

	if (h->len > PROTO_MAX_PAYLOAD)
		return -FW_E2BIG;
	hdr_put(head, h);
	fw_put32(tail, proto_crc32(proto_crc32(0, head, sizeof head), payload, h->len));
	enc_put(&e, head, sizeof head);
	enc_put(&e, payload, h->len);
	enc_put(&e, tail, sizeof tail);
	enc_end(&e);
	sink_buf(&s, &delim, 1);
	return s.len <= max ? (int)s.len : -FW_ENOSPC;
}

int proto_frame_decode(const uint8_t *frame, size_t n, struct proto_hdr *h, const uint8_t **payload)
{
	if (n < PROTO_HDR_SIZE)
		return -PROTO_ST_BAD_FRAME;
	hdr_get(frame, h);
	if (n > PROTO_MAX_FRAME)
		return -PROTO_ST_TOO_LONG;
	if (n < PROTO_HDR_SIZE + PROTO_CRC_SIZE)
		return -PROTO_ST_BAD_FRAME;
	if (proto_crc32(0, frame, n - PROTO_CRC_SIZE) != fw_get32(frame + n - PROTO_CRC_SIZE))
		return -PROTO_ST_BAD_CRC;
	if (h->len != n - PROTO_HDR_SIZE - PROTO_CRC_SIZE)
		return -PROTO_ST_BAD_FRAME;
	*payload = frame + PROTO_HDR_SIZE;
	return 0;
}

const char *proto_status_name(unsigned status)
{
	switch (status) {
#define X(name, value, text) case value: return #name;
	PROTO_ST_LIST(X)
#undef X
	default: return "?";
	}
}

const char *proto_status_text(unsigned status)
{
	switch (status) {
#define X(name, value, text) case value: return text;
	PROTO_ST_LIST(X)
#undef X
	default: return "unknown status";
	}
}

const char *proto_cmd_name(unsigned cmd)
{
	switch (cmd & ~(unsigned)PROTO_REPLY_BIT) {
#define X(name, value) case value: return #name;
	PROTO_CMD_LIST(X)
#undef X
	default: return "?";
	}
}

/* ---------------------------------------------------------------------
 * The device side
 * ------------------------------------------------------------------- */

void proto_init(struct proto *p, proto_tx_fn tx, void *tx_user)
{
	fw_memset(p, 0, sizeof *p);
	p->tx = tx;
	p->tx_user = tx_user;
}

int proto_register(struct proto *p, uint8_t cmd, uint16_t min_len, uint16_t max_len,
		   proto_handler_fn fn, void *user)
{
	if (cmd == 0 || cmd & PROTO_REPLY_BIT || !fn || min_len > max_len ||
	    max_len > PROTO_MAX_PAYLOAD)
		return -FW_EINVAL;
	if (p->cmds[cmd].fn)
		return -FW_EEXIST;
	p->cmds[cmd] = (struct proto_cmd_slot){ .fn = fn, .user = user,
						.min_len = min_len, .max_len = max_len };
	return 0;
}

/* The message of an error reply from the protocol layer. */
struct msg {
	char s[PROTO_ERR_MSG_MAX];
	size_t n;
};

static void msg_str(struct msg *m, const char *s)
{
	while (*s && m->n < sizeof m->s)
		m->s[m->n++] = *s++;
}

static void msg_num(struct msg *m, uint32_t v)
{
	char d[10];
	int k = 0;

	do
		d[k++] = (char)('0' + v % 10);
	while (v /= 10);
	while (k-- && m->n < sizeof m->s)
		m->s[m->n++] = d[k];
}

static void msg_hex8(struct msg *m, uint8_t v)
{
	static const char hex[] = "0123456789abcdef";
	char s[5] = { '0', 'x', hex[v >> 4], hex[v & 15], 0 };

	msg_str(m, s);
}

/* One decoded frame (header, payload, CRC) out to the host. */
static void send_frame(struct proto *p, const uint8_t *frame, size_t n)
{
	struct sink s = { .put = sink_tx, .p = p };
	struct cobs_enc e = { .s = &s };
	const uint8_t delim = PROTO_DELIM;

	enc_put(&e, frame, n);
	enc_end(&e);
	sink_tx(&s, &delim, 1);
	p->stats[PROTO_CNT_TX_FRAMES]++;
}

/* CRC of the cached reply, whose header says how long its payload is. */
static void seal_reply(struct proto *p)
{
	size_t n = PROTO_HDR_SIZE + fw_get16(p->rep + PROTO_HDR_OFF_LEN);

	fw_put32(p->rep + n, proto_crc32(0, p->rep, n));
	p->rep_len = (uint16_t)(n + PROTO_CRC_SIZE);
}

/* An error reply the cache does not keep: the request was not executed. */
static void reject(struct proto *p, const struct proto_hdr *req, uint8_t status, const struct msg *m)
{
	uint8_t f[PROTO_HDR_SIZE + PROTO_ERR_MSG_MAX + PROTO_CRC_SIZE];
	struct proto_hdr h = {
		.version = PROTO_VERSION, .id = req->id | PROTO_REPLY_BIT, .status = status,
		.seq = req->seq, .len = (uint16_t)m->n,
	};

	hdr_put(f, &h);
	fw_memcpy(f + PROTO_HDR_SIZE, m->s, m->n);
	fw_put32(f + PROTO_HDR_SIZE + m->n, proto_crc32(0, f, PROTO_HDR_SIZE + m->n));
	send_frame(p, f, PROTO_HDR_SIZE + m->n + PROTO_CRC_SIZE);
}

/* The reply of the executed request: into the cache, and out. */
static void finish(struct proto *p, int rc, uint16_t len, const char *msg)
{
	uint8_t *data = p->rep + PROTO_HDR_SIZE;
	uint8_t status = PROTO_ST_OK;

	if (rc == 0 && len > PROTO_MAX_PAYLOAD) {
		rc = -FW_EIO;
		msg = "the handler's reply is longer than MAX_PAYLOAD";
	}
	if (rc > 0 || rc < -255) {
		rc = -FW_EIO;
		msg = "the handler returned no status code";
	}
	if (rc < 0) {
		status = (uint8_t)-rc;
		len = 0;
		if (msg) {
			while (len < PROTO_MAX_PAYLOAD && msg[len])
				len++;
			fw_memmove(data, msg, len);
		}
	}
	struct proto_hdr h = {
		.version = PROTO_VERSION, .id = p->last_cmd | PROTO_REPLY_BIT, .status = status,
		.seq = p->last_seq, .len = len,
	};
	hdr_put(p->rep, &h);
	seal_reply(p);
	p->pending = 0;
	send_frame(p, p->rep, p->rep_len);
}

int proto_complete(struct proto *p, int rc, uint16_t len, const char *msg)
{
	if (!p->pending)
		return -FW_EINVAL;
	finish(p, rc, len, msg);
	return 0;
}

/* An intact request of this version: from the cache, or to its handler. */
static void dispatch(struct proto *p, const struct proto_hdr *h, const uint8_t *payload, uint32_t crc)
{
	const struct proto_cmd_slot *slot = &p->cmds[h->id];
	int again = p->have_last && h->seq == p->last_seq && h->id == p->last_cmd &&
		    crc == p->last_crc;
	struct msg m = { .n = 0 };

	if (p->pending) {
		p->stats[PROTO_CNT_REJECTED]++;
		if (again) {
			msg_str(&m, "still executing this request");
		} else {
			msg_str(&m, "busy with request seq ");
			msg_num(&m, p->last_seq);
		}
		reject(p, h, PROTO_ST_EBUSY, &m);
		return;
	}
	if (again && p->rep_len) {
		p->stats[PROTO_CNT_RETRIES]++;
		p->rep[PROTO_HDR_OFF_FLAGS] |= PROTO_FLAG_CACHED;
		seal_reply(p);
		send_frame(p, p->rep, p->rep_len);
		return;
	}
	if (!slot->fn) {
		p->stats[PROTO_CNT_REJECTED]++;
		msg_str(&m, "unknown command ");
		msg_hex8(&m, h->id);
		reject(p, h, PROTO_ST_UNKNOWN_CMD, &m);
		return;
	}
	if (h->len < slot->min_len || h->len > slot->max_len) {
		p->stats[PROTO_CNT_REJECTED]++;
		if (proto_cmd_name(h->id)[0] == '?') {
			msg_str(&m, "command ");
			msg_hex8(&m, h->id);
		} else {
			msg_str(&m, proto_cmd_name(h->id));
		}
		msg_str(&m, " takes ");
		msg_num(&m, slot->min_len);
		if (slot->max_len != slot->min_len) {
			msg_str(&m, " to ");
			msg_num(&m, slot->max_len);
		}
		msg_str(&m, " bytes, not ");
		msg_num(&m, h->len);
		reject(p, h, PROTO_ST_BAD_LEN, &m);
		return;
	}

	p->have_last = 1;
	p->last_seq = h->seq;
	p->last_cmd = h->id;
	p->last_crc = crc;
	p->rep_len = 0;
	struct proto_req req = { .cmd = h->id, .flags = h->flags, .seq = h->seq,
				 .len = h->len, .data = payload };
	struct proto_rep rep = { .data = p->rep + PROTO_HDR_SIZE, .max = PROTO_MAX_PAYLOAD };
	int rc = slot->fn(slot->user, &req, &rep);
	if (rc == PROTO_PENDING) {
		p->pending = 1;
		return;
	}
	finish(p, rc, rep.len, rep.msg);
}

/* The delimiter: the frame received since the last one is complete. */
static void frame_end(struct proto *p)
{
	struct proto_cobs d = p->rxd;
	struct proto_hdr h;
	const uint8_t *payload;
	struct msg m = { .n = 0 };
	int rc;

	fw_memset(&p->rxd, 0, sizeof p->rxd);
	if (!d.started)
		return;  /* two delimiters in a row: no frame */

	if (d.len > PROTO_MAX_FRAME) {
		rc = -PROTO_ST_TOO_LONG;
		hdr_get(p->rx, &h);
		p->stats[PROTO_CNT_RX_TOO_LONG]++;
		msg_str(&m, "frame longer than ");
		msg_num(&m, PROTO_MAX_FRAME);
		msg_str(&m, " bytes");
	} else if (d.left) {
		rc = -PROTO_ST_BAD_FRAME;
		if (d.len >= PROTO_HDR_SIZE)
			hdr_get(p->rx, &h);
		p->stats[PROTO_CNT_RX_BAD_FRAME]++;
		msg_str(&m, "COBS block cut short by the delimiter");
	} else {
		rc = proto_frame_decode(p->rx, d.len, &h, &payload);
		if (rc == -PROTO_ST_BAD_CRC) {
			p->stats[PROTO_CNT_RX_BAD_CRC]++;
			msg_str(&m, "CRC-32 mismatch");
		} else if (rc) {
			p->stats[PROTO_CNT_RX_BAD_FRAME]++;
			if (d.len < PROTO_HDR_SIZE + PROTO_CRC_SIZE) {
				msg_str(&m, "frame of ");
				msg_num(&m, d.len);
				msg_str(&m, " bytes: shorter than header and CRC");
			} else {
				msg_str(&m, "LEN says ");
				msg_num(&m, h.len);
				msg_str(&m, " bytes, the frame holds ");
				msg_num(&m, d.len - PROTO_HDR_SIZE - PROTO_CRC_SIZE);
			}
		}
	}
	if (rc) {
		/* Answered only when the header looks like a request to us:
		 * the host then retries at once instead of after a timeout. */
		if (d.len >= PROTO_HDR_SIZE && h.version == PROTO_VERSION &&
		    !(h.id & PROTO_REPLY_BIT))
			reject(p, &h, (uint8_t)-rc, &m);
		return;
	}

	p->stats[PROTO_CNT_RX_FRAMES]++;
	if (h.id & PROTO_REPLY_BIT) {
		p->stats[PROTO_CNT_REJECTED]++;  /* a reply (an echo?) is never answered */
		return;
	}
	if (h.version != PROTO_VERSION) {
		p->stats[PROTO_CNT_REJECTED]++;
		msg_str(&m, "protocol version ");
		msg_num(&m, h.version);
		msg_str(&m, ": this device speaks ");
		msg_num(&m, PROTO_VERSION);
		reject(p, &h, PROTO_ST_BAD_VERSION, &m);
		return;
	}
	dispatch(p, &h, payload, fw_get32(p->rx + d.len - PROTO_CRC_SIZE));
}

void proto_feed(struct proto *p, const uint8_t *buf, size_t len)
{
	struct proto_cobs *d = &p->rxd;

	p->stats[PROTO_CNT_RX_BYTES] += len;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == PROTO_DELIM) {
			frame_end(p);
			continue;
		}
		if (d->left == 0) {
			cobs_step(d, buf[i], p->rx, sizeof p->rx);   /* a code byte */
			continue;
		}
		/* The data bytes of a block, as many as are here: the bytes
		 * up to the block's end or a delimiter, copied at once. */
		size_t n = len - i < d->left ? len - i : d->left, k = 1;
		while (k < n && buf[i + k] != PROTO_DELIM)
			k++;
		if (d->len < sizeof p->rx) {
			size_t room = sizeof p->rx - d->len;
			fw_memcpy(p->rx + d->len, buf + i, k < room ? k : room);
		}
		d->len = d->len > UINT32_MAX - k ? UINT32_MAX : d->len + (uint32_t)k;
		d->left = (uint8_t)(d->left - k);
		if (d->left == 0)
			d->zero = !d->ff;
		i += k - 1;
	}
}

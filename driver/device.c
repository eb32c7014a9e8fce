/* device.c: a bpfsoc device over its link: requests, replies, retries
 * (docs/protocol.md, "The host's side"), and the commands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "bpfsoc_map.h"
#include "bpfsoc_proto.h"
#include "internal.h"
#include "proto.h"

struct bpfsoc_device {
	struct bpfsoc_link *link;
	char *uri;
	uint16_t seq;
	unsigned timeout_ms, retries;
	struct bpfsoc_info info;
	uint16_t req_max;                /* largest payload of a request we split (req_max_of) */
	uint8_t rx[PROTO_MAX_ENCODED];   /* the encoded frame being received */
	size_t rx_len;
	int rx_overflow;
	uint8_t in[4096];                /* bytes read from the link, not yet decoded */
	size_t in_len, in_off;
};

/* ---- messages ---- */

static int print_stderr(enum bpfsoc_print_level level, const char *fmt, va_list ap)
{
	if (level > BPFSOC_WARN)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static bpfsoc_print_fn_t print_fn = print_stderr;

bpfsoc_print_fn_t bpfsoc_set_print(bpfsoc_print_fn_t fn)
{
	bpfsoc_print_fn_t old = print_fn;

	print_fn = fn;
	return old;
}

void bpfsoc_pr(enum bpfsoc_print_level level, const char *fmt, ...)
{
	va_list ap;

	if (!print_fn)
		return;
	va_start(ap, fmt);
	print_fn(level, fmt, ap);
	va_end(ap);
}

int bpfsoc_status_errno(unsigned status)
{
	switch (status) {
	case PROTO_ST_OK:
		return 0;
	case PROTO_ST_ENOENT:
		return -ENOENT;
	case PROTO_ST_EEXIST:
		return -EEXIST;
	case PROTO_ST_E2BIG:
		return -E2BIG;
	case PROTO_ST_ENOSPC:
		return -ENOSPC;
	case PROTO_ST_EBUSY:
		return -EBUSY;
	case PROTO_ST_EINVAL:
	case PROTO_ST_BAD_LEN:
		return -EINVAL;
	default:
		return -EPROTO;
	}
}

/* ---- requests and replies ---- */

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* The next intact frame from the device before end (ms, now_ms()): 1 with
 * its header in *h and its payload in rep, 0 on a timeout, -errno when
 * the link failed.  Bytes after the frame wait in d->in for the next
 * call: with two requests in flight, the next reply may follow at once. */
static int next_frame(struct bpfsoc_device *d, uint64_t end, struct proto_hdr *h, uint8_t *rep)
{
	char err[256] = "";

	for (;;) {
		while (d->in_off < d->in_len) {
			uint8_t b = d->in[d->in_off++];

			if (b != PROTO_DELIM) {
				if (d->rx_len < sizeof(d->rx))
					d->rx[d->rx_len++] = b;
				else
					d->rx_overflow = 1;
				continue;
			}
			/* a frame ended */
			uint8_t frame[PROTO_MAX_FRAME];
			const uint8_t *payload;
			int m = d->rx_overflow || !d->rx_len ? -1 :
				proto_cobs_decode(d->rx, d->rx_len, frame, sizeof(frame));
			size_t was = d->rx_len;

			d->rx_len = 0;
			d->rx_overflow = 0;
			if (m < 0 || proto_frame_decode(frame, (size_t)m, h, &payload) != 0) {
				if (was)
					pr_debug("%s: a damaged frame from the device, ignored\n", d->uri);
				continue;
			}
			memcpy(rep, payload, h->len);
			return 1;
		}
		d->in_off = d->in_len = 0;

		uint64_t t = now_ms();
		ssize_t n;

		if (t >= end)
			return 0;
		n = d->link->ops->read(d->link, d->in, sizeof(d->in), (int)(end - t), err, sizeof(err));
		if (n < 0) {
			pr_warn("%s: %s\n", d->uri, err[0] ? err : strerror((int)-n));
			return (int)n;
		}
		d->in_len = (size_t)n;
	}
}

/* Waits up to timeout_ms for the reply to (cmd, seq): 1 with it, 0 on a
 * timeout, -errno when the link failed.  Other frames (replies to older
 * requests, a retry's duplicate answer) are ignored. */
static int await_reply(struct bpfsoc_device *d, uint8_t cmd, uint16_t seq, unsigned timeout_ms,
		       struct proto_hdr *h, uint8_t *rep)
{
	uint64_t end = now_ms() + timeout_ms;

	for (;;) {
		int rc = next_frame(d, end, h, rep);

		if (rc <= 0)
			return rc;
		if (h->id == (cmd | PROTO_REPLY_BIT) && h->seq == seq)
			return 1;
	}
}

int bpfsoc_xfer(struct bpfsoc_device *d, uint8_t cmd, const void *req, uint16_t len,
		uint8_t *rep, uint16_t *rep_len)
{
	struct proto_hdr h = {.version = PROTO_VERSION, .id = cmd, .seq = d->seq, .len = len};
	uint8_t enc[PROTO_MAX_ENCODED + 1];
	char err[256] = "";
	int n, rc;

	enc[0] = PROTO_DELIM;   /* ends whatever the line held */
	n = proto_frame_encode(enc + 1, sizeof(enc) - 1, &h, req);
	if (n < 0) {
		pr_warn("%s: request %s of %u bytes does not fit a frame\n", d->uri,
			proto_cmd_name(cmd), len);
		return -E2BIG;
	}
	unsigned refused = 0;   /* tries the device answered BAD_CRC, BAD_FRAME or EBUSY */

	for (unsigned t = 0; t < d->retries; t++) {
		struct proto_hdr rh;

		rc = d->link->ops->write(d->link, enc, (size_t)n + 1, err, sizeof(err));
		if (rc < 0) {
			pr_warn("%s: %s\n", d->uri, err[0] ? err : strerror(-rc));
			return rc;
		}
		rc = await_reply(d, cmd, h.seq, d->timeout_ms, &rh, rep);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			pr_debug("%s: no reply to %s (seq %u), try %u\n", d->uri, proto_cmd_name(cmd),
				 h.seq, t + 1);
			continue;
		}
		if (rh.status == PROTO_ST_BAD_CRC || rh.status == PROTO_ST_BAD_FRAME ||
		    rh.status == PROTO_ST_EBUSY) {
			pr_debug("%s: %s (seq %u) answered %s, try %u\n", d->uri, proto_cmd_name(cmd),
				 h.seq, proto_status_name(rh.status), t + 1);
			refused++;
			usleep(1000u << (t < 6 ? t : 6));   /* the device is busy or the line noisy */
			continue;
		}
		*rep_len = rh.len;
		d->seq++;
		return rh.status;
	}
	if (refused)
		pr_warn("%s: %s: %u of %u tries reached the device damaged or found it busy "
			"(BAD_CRC, BAD_FRAME, EBUSY): a noisy line, or one faster than the device takes it\n",
			d->uri, proto_cmd_name(cmd), refused, d->retries);
	else
		pr_warn("%s: no reply to %s after %u tries of %u ms: is the device there?\n", d->uri,
			proto_cmd_name(cmd), d->retries, d->timeout_ms);
	d->seq++;
	return -ETIMEDOUT;
}

/* A request whose failure is reported with the device's message: 0,
 * or -errno. */
static int request(struct bpfsoc_device *d, uint8_t cmd, const void *req, uint16_t len,
		   uint8_t *rep, uint16_t *rep_len, const char *what)
{
	uint16_t rl = 0;
	int st = bpfsoc_xfer(d, cmd, req, len, rep, &rl);

	if (st < 0)
		return st;
	if (st) {
		pr_warn("%s: %s: %s (%.*s)\n", d->uri, what, proto_status_name((unsigned)st), rl,
			(const char *)rep);
		return bpfsoc_status_errno((unsigned)st);
	}
	if (rep_len)
		*rep_len = rl;
	return 0;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

/* ---- opening ---- */

int bpfsoc_device__info(struct bpfsoc_device *d, struct bpfsoc_info *info)
{
	uint8_t rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	int rc = request(d, PROTO_CMD_INFO, NULL, 0, rep, &rl, "INFO");

	if (rc)
		return rc;
	if (rl < PROTO_INFO_REP_OFF_HELPERS || rep[PROTO_INFO_REP_OFF_PROTO_VERSION] != PROTO_VERSION) {
		pr_warn("%s: INFO: protocol version %u, this library speaks %u\n", d->uri,
			rl ? rep[0] : 0, PROTO_VERSION);
		return -EPROTO;
	}
	memset(info, 0, sizeof(*info));
	info->proto_version = rep[PROTO_INFO_REP_OFF_PROTO_VERSION];
	info->rx_fifo_log2 = rep[PROTO_INFO_REP_OFF_RX_FIFO_LOG2];
	info->max_payload = get16(rep + PROTO_INFO_REP_OFF_MAX_PAYLOAD);
	info->version_major = get16(rep + PROTO_INFO_REP_OFF_VERSION_MAJOR);
	info->version_minor = get16(rep + PROTO_INFO_REP_OFF_VERSION_MINOR);
	info->isa = get32(rep + PROTO_INFO_REP_OFF_ISA);
	info->clock_hz = get32(rep + PROTO_INFO_REP_OFF_CLOCK_HZ);
	info->imem_slots = get16(rep + PROTO_INFO_REP_OFF_IMEM_SLOTS);
	info->max_progs = get16(rep + PROTO_INFO_REP_OFF_MAX_PROGS);
	info->max_maps = get16(rep + PROTO_INFO_REP_OFF_MAX_MAPS);
	info->arena_size = get32(rep + PROTO_INFO_REP_OFF_ARENA_SIZE);
	info->arena_free = get32(rep + PROTO_INFO_REP_OFF_ARENA_FREE);
	info->packet_max = get32(rep + PROTO_INFO_REP_OFF_PACKET_MAX);
	unsigned nh = get16(rep + PROTO_INFO_REP_OFF_NUM_HELPERS);
	for (unsigned i = 0; i < nh && i < BPFSOC_MAX_HELPERS &&
			     PROTO_INFO_REP_OFF_HELPERS + 2 * i + 2 <= rl; i++)
		info->helpers[info->n_helpers++] = get16(rep + PROTO_INFO_REP_OFF_HELPERS + 2 * i);
	return 0;
}

/* The largest payload of the requests that can be split (program chunks,
 * packet batches).  On a byte link whose device has a receive FIFO smaller
 * than a whole frame (INFO RX_FIFO_LOG2: the iCEBreaker's 512 bytes), the
 * firmware may take bytes more slowly than the line brings them (rv_core
 * at 3 Mbaud), so a frame must fit the FIFO; half of it, so that a second
 * request in flight fits too.  A frame's encoding adds its header, CRC,
 * COBS codes and delimiters: PROTO_MAX_ENCODED - PROTO_MAX_PAYLOAD bytes at
 * most. */
static uint16_t req_max_of(const struct bpfsoc_device *d)
{
	unsigned l = d->info.rx_fifo_log2, room;

	if (d->link->ops->bar_read || l == 0 || l >= 16 || (1u << l) >= PROTO_MAX_ENCODED)
		return PROTO_MAX_PAYLOAD;
	room = (1u << l) / 2;
	if (room <= PROTO_MAX_ENCODED - PROTO_MAX_PAYLOAD + 64)
		return 64;
	return (uint16_t)(room - (PROTO_MAX_ENCODED - PROTO_MAX_PAYLOAD));
}

int bpfsoc_device__open(const char *uri, const struct bpfsoc_device_opts *opts,
			struct bpfsoc_device **out)
{
	struct bpfsoc_device *d = calloc(1, sizeof(*d));
	char err[512] = "";
	int rc;

	*out = NULL;
	if (!d)
		return -ENOMEM;
	if (!uri || !*uri)
		uri = "sim:";
	d->uri = strdup(uri);
	d->timeout_ms = OPTS_GET(opts, timeout_ms, 0) ? OPTS_GET(opts, timeout_ms, 0) : 3000;
	d->retries = OPTS_GET(opts, retries, 0) ? OPTS_GET(opts, retries, 0) : 8;
	if (OPTS_GET(opts, firmware, NULL))
		setenv("BPFSOC_FIRMWARE", opts->firmware, 1);
	/* a random first SEQ: a new process does not meet the reply cached
	 * for the last one's request */
	if (getrandom(&d->seq, sizeof(d->seq), 0) != sizeof(d->seq))
		d->seq = (uint16_t)(time(NULL) ^ getpid());
	rc = bpfsoc_link_open(uri, &d->link, err, sizeof(err));
	if (rc) {
		pr_warn("%s\n", err[0] ? err : strerror(-rc));
		bpfsoc_device__close(d);
		return rc;
	}
	rc = bpfsoc_device__info(d, &d->info);
	if (rc) {
		bpfsoc_device__close(d);
		return rc;
	}
	d->req_max = req_max_of(d);
	*out = d;
	return 0;
}

void bpfsoc_device__close(struct bpfsoc_device *d)
{
	if (!d)
		return;
	if (d->link)
		d->link->ops->close(d->link);
	free(d->uri);
	free(d);
}

const char *bpfsoc_device__uri(const struct bpfsoc_device *d)
{
	return d->uri;
}

struct bpfsoc_link *bpfsoc_device_link(struct bpfsoc_device *d)
{
	return d->link;
}

const struct bpfsoc_info *bpfsoc_device_cached_info(const struct bpfsoc_device *d)
{
	return &d->info;
}

/* ---- commands ---- */

int bpfsoc_device__reset(struct bpfsoc_device *d, uint32_t what)
{
	uint8_t req[4], rep[PROTO_MAX_PAYLOAD];
	int rc;

	put32(req, what);
	rc = request(d, PROTO_CMD_RESET, req, 4, rep, NULL, "RESET");
	return rc ? rc : bpfsoc_device__info(d, &d->info);
}

int bpfsoc_device__counters(struct bpfsoc_device *d, uint64_t *vals, unsigned n)
{
	uint8_t req[4] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	int rc = request(d, PROTO_CMD_COUNTERS, req, 4, rep, &rl, "COUNTERS");

	if (rc)
		return rc;
	unsigned have = rl >= 8 ? get16(rep) : 0;
	for (unsigned i = 0; i < n && i < have && 8 + 8 * i + 8 <= rl; i++)
		vals[i] = get64(rep + 8 + 8 * i);
	return (int)(have < n ? have : n);
}

int bpfsoc_device__prog_info(struct bpfsoc_device *d, unsigned start_id,
			     struct bpfsoc_prog_info *info)
{
	uint8_t req[4] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	int st;

	put16(req, (uint16_t)start_id);
	st = bpfsoc_xfer(d, PROTO_CMD_PROG_INFO, req, 4, rep, &rl);
	if (st < 0)
		return st;
	if (st)
		return st == PROTO_ST_ENOENT ? -ENOENT : request(d, PROTO_CMD_PROG_INFO, req, 4, rep,
								   &rl, "PROG_INFO");
	if (rl < PROTO_PROG_INFO_REP_SIZE + 16)
		return -EPROTO;
	memset(info, 0, sizeof(*info));
	info->id = get16(rep);
	info->slot = get32(rep + 4);
	info->slots = get32(rep + 8);
	info->crc32 = get32(rep + 12);
	info->runs = get64(rep + 16);
	info->cycles = get64(rep + 24);
	memcpy(info->name, rep + PROTO_PROG_INFO_REP_SIZE, 16);
	return 0;
}

int bpfsoc_device__map_info(struct bpfsoc_device *d, uint32_t start_id,
			    struct bpfsoc_map_info *info)
{
	uint8_t req[4], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	int st;

	put32(req, start_id);
	st = bpfsoc_xfer(d, PROTO_CMD_MAP_INFO, req, 4, rep, &rl);
	if (st < 0)
		return st;
	if (st == PROTO_ST_ENOENT)
		return -ENOENT;
	if (st || rl < PROTO_MAP_INFO_REP_SIZE + 16)
		return st ? bpfsoc_status_errno((unsigned)st) : -EPROTO;
	memset(info, 0, sizeof(*info));
	info->id = get32(rep);
	info->type = get32(rep + 4);
	info->key_size = get32(rep + 8);
	info->value_size = get32(rep + 12);
	info->max_entries = get32(rep + 16);
	info->flags = get32(rep + 20);
	info->value_addr = get32(rep + 24);
	info->bytes = get32(rep + 28);
	memcpy(info->name, rep + PROTO_MAP_INFO_REP_SIZE, 16);
	return 0;
}

/* MAP_LOOKUP/UPDATE/DELETE/GET_NEXT_KEY: a map id, then bytes.  Quiet
 * about ENOENT, which callers expect. */
static int map_op(struct bpfsoc_device *d, uint8_t cmd, uint32_t id, const void *a, size_t al,
		  const void *b, size_t bl, uint8_t *rep, uint16_t *rl)
{
	uint8_t req[PROTO_MAX_PAYLOAD];
	int st;

	if (8 + al + bl > sizeof(req))
		return -E2BIG;
	put32(req, id);
	size_t n = 4;
	if (cmd == PROTO_CMD_MAP_UPDATE) {
		n = 8;   /* MAP_ID, FLAGS, then key and value */
	}
	if (a)
		memcpy(req + n, a, al);
	if (b)
		memcpy(req + n + al, b, bl);
	st = bpfsoc_xfer(d, cmd, req, (uint16_t)(n + al + bl), rep, rl);
	if (st <= 0)
		return st;
	if (st != PROTO_ST_ENOENT)
		pr_warn("%s: %s of map %u: %s (%.*s)\n", d->uri, proto_cmd_name(cmd), id,
			proto_status_name((unsigned)st), *rl, (const char *)rep);
	return bpfsoc_status_errno((unsigned)st);
}

int bpfsoc_device__map_lookup(struct bpfsoc_device *d, uint32_t id, const void *key,
			      size_t key_size, void *value, size_t value_size)
{
	uint8_t rep[PROTO_MAX_PAYLOAD];
	uint16_t rl = 0;
	int rc = map_op(d, PROTO_CMD_MAP_LOOKUP, id, key, key_size, NULL, 0, rep, &rl);

	if (rc)
		return rc;
	if (rl != value_size) {
		pr_warn("%s: MAP_LOOKUP of map %u: %u bytes of value, not %zu\n", d->uri, id, rl,
			value_size);
		return -EPROTO;
	}
	memcpy(value, rep, rl);
	return 0;
}

int bpfsoc_device__map_update(struct bpfsoc_device *d, uint32_t id, const void *key,
			      size_t key_size, const void *value, size_t value_size,
			      uint64_t flags)
{
	uint8_t req[PROTO_MAX_PAYLOAD], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl = 0;
	int st;

	if (8 + key_size + value_size > sizeof(req))
		return -E2BIG;
	put32(req, id);
	put32(req + 4, (uint32_t)flags);
	memcpy(req + 8, key, key_size);
	memcpy(req + 8 + key_size, value, value_size);
	st = bpfsoc_xfer(d, PROTO_CMD_MAP_UPDATE, req, (uint16_t)(8 + key_size + value_size), rep,
			 &rl);
	if (st <= 0)
		return st;
	pr_warn("%s: MAP_UPDATE of map %u: %s (%.*s)\n", d->uri, id,
		proto_status_name((unsigned)st), rl, (const char *)rep);
	return bpfsoc_status_errno((unsigned)st);
}

int bpfsoc_device__map_delete(struct bpfsoc_device *d, uint32_t id, const void *key,
			      size_t key_size)
{
	uint8_t rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	return map_op(d, PROTO_CMD_MAP_DELETE, id, key, key_size, NULL, 0, rep, &rl);
}

int bpfsoc_device__map_get_next_key(struct bpfsoc_device *d, uint32_t id, const void *key,
				    void *next_key, size_t key_size)
{
	uint8_t rep[PROTO_MAX_PAYLOAD];
	uint16_t rl = 0;
	int rc = map_op(d, PROTO_CMD_MAP_GET_NEXT_KEY, id, key, key ? key_size : 0, NULL, 0, rep,
			&rl);

	if (rc)
		return rc;
	if (rl != key_size)
		return -EPROTO;
	memcpy(next_key, rep, rl);
	return 0;
}

int bpfsoc_device_map_footprint(struct bpfsoc_device *d, uint32_t type, uint32_t key_size,
				uint32_t value_size, uint32_t max_entries, uint32_t flags,
				uint32_t *bytes)
{
	uint8_t req[20], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl = 0;
	int st;

	put32(req, type);
	put32(req + 4, key_size);
	put32(req + 8, value_size);
	put32(req + 12, max_entries);
	put32(req + 16, flags);
	st = bpfsoc_xfer(d, PROTO_CMD_MAP_FOOTPRINT, req, 20, rep, &rl);
	if (st)
		return st < 0 ? st : bpfsoc_status_errno((unsigned)st);
	*bytes = rl >= 4 ? get32(rep) : 0;
	return 0;
}

int bpfsoc_device_map_create(struct bpfsoc_device *d, uint32_t type, uint32_t key_size,
			     uint32_t value_size, uint32_t max_entries, uint32_t flags,
			     const char *name, uint32_t *id, uint32_t *value_addr,
			     uint32_t *value_stride)
{
	uint8_t req[36] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl = 0;
	char what[64];
	int rc;

	put32(req, type);
	put32(req + 4, key_size);
	put32(req + 8, value_size);
	put32(req + 12, max_entries);
	put32(req + 16, flags);
	if (name)
		strncpy((char *)req + 20, name, 15);
	snprintf(what, sizeof(what), "MAP_CREATE of map '%s'", name ? name : "");
	rc = request(d, PROTO_CMD_MAP_CREATE, req, 36, rep, &rl, what);
	if (rc)
		return rc;
	if (rl < PROTO_MAP_CREATE_REP_SIZE)
		return -EPROTO;
	*id = get32(rep);
	*value_addr = get32(rep + 4);
	*value_stride = get32(rep + 8);
	return 0;
}

int bpfsoc_device_prog_load(struct bpfsoc_device *d, unsigned prog_id, const char *name,
			    const uint64_t *insns, uint32_t n, uint32_t *slot)
{
	uint8_t req[PROTO_MAX_PAYLOAD] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint32_t size = 8 * n, chunk = (d->req_max - 8u) & ~7u;
	uint16_t rl;
	char what[64];
	int rc;

	snprintf(what, sizeof(what), "loading program %u '%s'", prog_id, name ? name : "");
	put16(req, (uint16_t)prog_id);
	put32(req + 4, size);
	put32(req + 8, proto_crc32(0, insns, size));
	if (name)
		strncpy((char *)req + 12, name, 15);
	if ((rc = request(d, PROTO_CMD_PROG_LOAD_BEGIN, req, 28, rep, &rl, what)))
		return rc;
	for (uint32_t off = 0; off < size; off += chunk) {
		uint32_t k = size - off < chunk ? size - off : chunk;

		memset(req, 0, 8);
		put16(req, (uint16_t)prog_id);
		put32(req + 4, off);
		memcpy(req + 8, (const uint8_t *)insns + off, k);
		if ((rc = request(d, PROTO_CMD_PROG_LOAD_CHUNK, req, (uint16_t)(8 + k), rep, &rl,
				  what)))
			return rc;
	}
	memset(req, 0, 4);
	put16(req, (uint16_t)prog_id);
	if ((rc = request(d, PROTO_CMD_PROG_LOAD_COMMIT, req, 4, rep, &rl, what)))
		return rc;
	if (slot)
		*slot = rl >= 4 ? get32(rep) : 0;
	return 0;
}

int bpfsoc_device__trace_read(struct bpfsoc_device *d, char *buf, size_t cap, uint32_t *dropped)
{
	uint8_t req[4] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	size_t len = 0;
	uint32_t lost = 0;

	/* drain in rounds until the device has nothing more */
	while (cap - len > 1) {
		unsigned want = cap - len - 1 < PROTO_MAX_PAYLOAD - 4 ? (unsigned)(cap - len - 1)
								      : PROTO_MAX_PAYLOAD - 4;
		put16(req, (uint16_t)want);
		int rc = request(d, PROTO_CMD_TRACE_READ, req, 4, rep, &rl, "TRACE_READ");
		if (rc)
			return rc;
		if (rl < 4)
			return -EPROTO;
		lost += get32(rep);
		memcpy(buf + len, rep + 4, rl - 4u);
		len += rl - 4u;
		if (rl == 4)
			break;
	}
	buf[len] = '\0';
	if (dropped)
		*dropped = lost;
	return (int)len;
}

int bpfsoc_device__ringbuf_drain(struct bpfsoc_device *d, uint32_t map_id, bpfsoc_ringbuf_fn fn,
				 void *ctx)
{
	uint8_t req[8] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	int total = 0;

	for (;;) {
		put32(req, map_id);
		int rc = request(d, PROTO_CMD_RINGBUF_READ, req, 8, rep, &rl, "RINGBUF_READ");
		if (rc)
			return rc;
		if (rl < 4)
			return -EPROTO;
		unsigned count = get16(rep), flags = get16(rep + 2);
		size_t off = 4;
		for (unsigned i = 0; i < count; i++) {
			if (off + 4 > rl || get32(rep + off) > rl - off - 4)
				return -EPROTO;
			uint32_t n = get32(rep + off);
			fn(ctx, rep + off + 4, n);
			off += 4 + n;
			total++;
		}
		if (!(flags & PROTO_RINGBUF_MORE))
			return total;
	}
}

/* ---- runs ---- */

/* RUN_SLOTS: as many packets as packet memory holds, through the window */
static int run_slots(struct bpfsoc_device *d, unsigned prog, const uint8_t *const *pkts,
		     const uint16_t *lens, size_t n, const struct bpfsoc_run_opts *o,
		     struct bpfsoc_run_result *res, uint64_t *soc, size_t *done)
{
	enum { W = PROTO_RUN_SLOT_SIZE / 4 };
	uint32_t pkt_size = 0, table[W * 1024], off, k = 0, slots = 0;
	static uint32_t w[(0x10000 + 3) / 4];
	int rc;

	/* the packet memory's size: both buffers of PACKET_MAX past DATA_OFF */
	pkt_size = SOC_PKT_BUFS * (d->info.packet_max + SOC_FW_DATA_OFF);
	while (k < n && k < 1024) {
		uint32_t size = (SOC_FW_DATA_OFF + lens[k] + 3u) & ~3u;

		if (PROTO_RUN_SLOT_SIZE * (k + 1) + slots + size > pkt_size)
			break;
		slots += size;
		k++;
	}
	if (!k)
		return -E2BIG;
	off = PROTO_RUN_SLOT_SIZE * k;
	for (uint32_t i = 0; i < k; i++) {
		uint32_t size = (SOC_FW_DATA_OFF + lens[i] + 3u) & ~3u;

		table[W * i] = off;
		table[W * i + 1] = lens[i] | size << 16;
		table[W * i + 2] = table[W * i + 3] = table[W * i + 4] = 0;
		if (lens[i] % 4)
			w[lens[i] / 4] = 0;   /* the last word's padding */
		memcpy(w, pkts[i], lens[i]);
		if (lens[i] && (rc = bpfsoc_link_mem_io(d->link, 1, SOC_PKT_BASE + off + SOC_FW_DATA_OFF,
							 w, (lens[i] + 3u) / 4)))
			return rc;
		off += size;
	}
	if ((rc = bpfsoc_link_mem_io(d->link, 1, SOC_PKT_BASE, table, W * k)))
		return rc;

	uint8_t req[PROTO_RUN_SLOTS_REQ_SIZE] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	put16(req, (uint16_t)prog);
	put16(req + 2, (uint16_t)k);
	put32(req + 4, OPTS_GET(o, budget, 0));
	put32(req + 8, OPTS_GET(o, ifindex, 0));
	put32(req + 12, OPTS_GET(o, rx_queue, 0));
	put32(req + 16, 0);
	if ((rc = request(d, PROTO_CMD_RUN_SLOTS, req, sizeof(req), rep, &rl, "RUN_SLOTS")))
		return rc;
	if ((rc = bpfsoc_link_mem_io(d->link, 0, SOC_PKT_BASE, table, W * k)))
		return rc;
	for (uint32_t i = 0; i < k; i++) {
		uint32_t *t = table + W * i;

		res[i].verdict = (uint8_t)t[2];
		res[i].fault = (uint8_t)(t[2] >> 8);
		res[i].pkt_len = (uint16_t)(t[2] >> 16);
		res[i].r0 = t[3];
		res[i].cycles = t[4];
	}
	*soc += get32(rep + 4);
	*done = k;
	return 0;
}

/* A RUN_BATCH request of as many of the n packets as one frame carries,
 * into req: its payload length, *k the packets it holds (0: the first does
 * not fit a frame). */
static size_t batch_fill(const struct bpfsoc_device *d, uint8_t *req, unsigned prog,
			 const uint8_t *const *pkts, const uint16_t *lens, size_t n,
			 const struct bpfsoc_run_opts *o, size_t *k)
{
	size_t len = 16, i = 0, max_rep = (PROTO_MAX_PAYLOAD - 16) / PROTO_RUN_BATCH_RESULT_SIZE;

	/* up to d->req_max; the first packet goes even if it is larger */
	while (i < n && i < max_rep &&
	       len + 2 + lens[i] <= (i ? d->req_max : PROTO_MAX_PAYLOAD)) {
		put16(req + len, lens[i]);
		memcpy(req + len + 2, pkts[i], lens[i]);
		len += 2 + lens[i];
		i++;
	}
	put16(req, (uint16_t)prog);
	put16(req + 2, (uint16_t)i);
	put32(req + 4, OPTS_GET(o, budget, 0));
	put32(req + 8, OPTS_GET(o, ifindex, 0));
	put32(req + 12, OPTS_GET(o, rx_queue, 0));
	*k = i;
	return len;
}

/* RUN_BATCH's reply: k results into res, the batch's SOC_CYCLES added to *soc */
static int batch_results(const uint8_t *rep, uint16_t rl, size_t k, struct bpfsoc_run_result *res,
			 uint64_t *soc)
{
	if (rl < 16 + PROTO_RUN_BATCH_RESULT_SIZE * k)
		return -EPROTO;
	for (size_t i = 0; i < k; i++) {
		const uint8_t *r = rep + 16 + PROTO_RUN_BATCH_RESULT_SIZE * i;

		res[i].verdict = r[0];
		res[i].fault = r[1];
		res[i].pkt_len = get16(r + 2);
		res[i].r0 = get32(r + 4);
		res[i].cycles = get32(r + 8);
	}
	*soc += get32(rep + 4);
	return 0;
}

/* RUN_BATCH: as many packets as one frame carries */
static int run_batch(struct bpfsoc_device *d, unsigned prog, const uint8_t *const *pkts,
		     const uint16_t *lens, size_t n, const struct bpfsoc_run_opts *o,
		     struct bpfsoc_run_result *res, uint64_t *soc, size_t *done)
{
	uint8_t req[PROTO_MAX_PAYLOAD], rep[PROTO_MAX_PAYLOAD];
	size_t k, len = batch_fill(d, req, prog, pkts, lens, n, o, &k);
	uint16_t rl;
	int rc;

	if (!k)
		return -E2BIG;
	if ((rc = request(d, PROTO_CMD_RUN_BATCH, req, (uint16_t)len, rep, &rl, "RUN_BATCH")))
		return rc;
	if ((rc = batch_results(rep, rl, k, res, soc)))
		return rc;
	*done = k;
	return 0;
}

/* RUN_BATCH with two requests in flight (bpfsoc_run_opts.pipeline): the
 * device's UART receive FIFO holds the next request while the firmware
 * runs one and sends its reply, so the line towards the device never
 * waits for a reply.  That needs a FIFO that takes a whole frame of the
 * largest size (INFO RX_FIFO_LOG2: 4 KiB on the full configuration); on a
 * smaller one (the iCEBreaker's 512 bytes) the bytes of the second request
 * would overrun it, so can_pipeline() keeps one request in flight.  Each request keeps its encoded bytes for its
 * retries (docs/protocol.md, "The host's side"): a timeout, BAD_CRC,
 * BAD_FRAME or EBUSY sends them again; replies may come in any order. */
struct flight {
	uint16_t seq;
	size_t first, k;        /* packets [first, first + k) */
	unsigned tries;
	uint64_t deadline;      /* ms */
	size_t enc_len;
	uint8_t enc[PROTO_MAX_ENCODED + 1];   /* a delimiter, then the frame */
};

static int flight_send(struct bpfsoc_device *d, struct flight *f)
{
	char err[256] = "";
	int rc = d->link->ops->write(d->link, f->enc, f->enc_len, err, sizeof(err));

	if (rc < 0)
		pr_warn("%s: %s\n", d->uri, err[0] ? err : strerror(-rc));
	f->tries++;
	return rc < 0 ? rc : 0;
}

static int can_pipeline(const struct bpfsoc_device *d)
{
	unsigned l = d->info.rx_fifo_log2;

	/* 0: a firmware that does not say, which had the 4 KiB FIFO */
	return l == 0 || (l < 31 && (1u << l) >= PROTO_MAX_ENCODED);
}

static int run_batch_pipelined(struct bpfsoc_device *d, unsigned prog, const uint8_t *const *pkts,
			       const uint16_t *lens, size_t n, const struct bpfsoc_run_opts *o,
			       struct bpfsoc_run_result *res, uint64_t *soc)
{
	struct flight fl[2];
	uint8_t req[PROTO_MAX_PAYLOAD], rep[PROTO_MAX_PAYLOAD];
	unsigned nf = 0;
	size_t next = 0;
	int rc;

	while (next < n || nf) {
		/* fill the pipeline */
		while (nf < 2 && next < n) {
			struct flight *f = &fl[nf];
			size_t k, len = batch_fill(d, req, prog, pkts + next, lens + next, n - next, o, &k);
			struct proto_hdr h = {.version = PROTO_VERSION, .id = PROTO_CMD_RUN_BATCH,
					      .seq = d->seq++, .len = (uint16_t)len};

			if (!k)
				return -E2BIG;
			f->enc[0] = PROTO_DELIM;
			int m = proto_frame_encode(f->enc + 1, sizeof(f->enc) - 1, &h, req);
			if (m < 0)
				return -E2BIG;
			f->enc_len = (size_t)m + 1;
			f->seq = h.seq;
			f->first = next;
			f->k = k;
			f->tries = 0;
			/* the second's reply follows the first's */
			f->deadline = now_ms() + (nf + 1) * (uint64_t)d->timeout_ms;
			if ((rc = flight_send(d, f)))
				return rc;
			next += k;
			nf++;
		}
		struct proto_hdr h;
		unsigned w = nf > 1 && fl[1].deadline < fl[0].deadline;

		rc = next_frame(d, fl[w].deadline, &h, rep);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			/* no reply in time: the same bytes again */
			if (fl[w].tries >= d->retries) {
				pr_warn("%s: no reply to RUN_BATCH (seq %u) after %u tries of %u ms: is "
					"the device there?\n", d->uri, fl[w].seq, fl[w].tries,
					d->timeout_ms);
				return -ETIMEDOUT;
			}
			pr_debug("%s: no reply to RUN_BATCH (seq %u), try %u\n", d->uri, fl[w].seq,
				 fl[w].tries);
			fl[w].deadline = now_ms() + d->timeout_ms;
			if ((rc = flight_send(d, &fl[w])))
				return rc;
			continue;
		}
		if (h.id != (PROTO_CMD_RUN_BATCH | PROTO_REPLY_BIT))
			continue;
		for (w = 0; w < nf && fl[w].seq != h.seq; w++)
			;
		if (w == nf)
			continue;   /* a reply to an older request, or a retry's duplicate */
		if (h.status == PROTO_ST_BAD_CRC || h.status == PROTO_ST_BAD_FRAME ||
		    h.status == PROTO_ST_EBUSY) {
			if (fl[w].tries >= d->retries) {
				pr_warn("%s: RUN_BATCH (seq %u): %s after %u tries\n", d->uri, fl[w].seq,
					proto_status_name(h.status), fl[w].tries);
				return -EIO;
			}
			usleep(1000u << (fl[w].tries < 6 ? fl[w].tries : 6));
			fl[w].deadline = now_ms() + d->timeout_ms;
			if ((rc = flight_send(d, &fl[w])))
				return rc;
			continue;
		}
		if (h.status) {
			pr_warn("%s: RUN_BATCH: %s (%.*s)\n", d->uri, proto_status_name(h.status), h.len,
				(const char *)rep);
			return bpfsoc_status_errno(h.status);
		}
		if ((rc = batch_results(rep, h.len, fl[w].k, res + fl[w].first, soc)))
			return rc;
		if (w == 0 && nf == 2)
			fl[0] = fl[1];
		nf--;
		/* the one left now has the device to itself: a whole timeout */
		if (nf && fl[0].deadline < now_ms() + d->timeout_ms)
			fl[0].deadline = now_ms() + d->timeout_ms;
	}
	return 0;
}

int bpfsoc_device__run(struct bpfsoc_device *d, unsigned prog_id, const uint8_t *const *pkts,
		       const uint16_t *lens, size_t n, const struct bpfsoc_run_opts *opts,
		       struct bpfsoc_run_result *res, uint64_t *soc_cycles)
{
	uint64_t soc = 0;
	int slots = d->link->ops->bar_read != NULL;

	for (size_t i = 0; i < n; i++)
		if (lens[i] > d->info.packet_max) {
			pr_warn("%s: packet %zu: %u bytes, more than the device's PACKET_MAX %u\n",
				d->uri, i, lens[i], d->info.packet_max);
			return -E2BIG;
		}
	if (!slots && OPTS_GET(opts, pipeline, 0) && can_pipeline(d)) {
		int rc = run_batch_pipelined(d, prog_id, pkts, lens, n, opts, res, &soc);

		if (rc)
			return rc;
		n = 0;
	}
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		int rc = slots ? run_slots(d, prog_id, pkts + i, lens + i, n - i, opts, res + i, &soc, &k)
			       : run_batch(d, prog_id, pkts + i, lens + i, n - i, opts, res + i, &soc, &k);
		if (rc)
			return rc;
		i += k;
	}
	if (soc_cycles)
		*soc_cycles = soc;
	return 0;
}

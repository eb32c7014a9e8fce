/* devlink.c: the host's side of the device's links (devlink.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bpfsoc_map.h"
#include "devlink.h"
#include "mmio_sock.h"
#include "rv_elf.h"

static int load_cb(void *user, uint32_t addr, const void *data, size_t len)
{
	return soc_sim_load(user, addr, data, len);
}

int devlink_open(struct devlink *d, const char *fw_elf, unsigned drop_ppm, unsigned corrupt_ppm,
		 uint64_t seed, char *err, size_t errlen)
{
	struct rv_elf_info info;
	uint32_t v;

	memset(d, 0, sizeof(*d));
	d->sock = -1;
	d->s = soc_sim_new(NULL);
	if (!d->s) {
		snprintf(err, errlen, "cannot make a simulated SoC");
		return -ENOMEM;
	}
	if (rv_elf_load(fw_elf, load_cb, d->s, &info, err, errlen)) {
		soc_sim_free(d->s);
		d->s = NULL;
		return -ENOENT;
	}
	soc_sim_line_faults(d->s, drop_ppm, corrupt_ppm, 0, seed);
	soc_sim_start(d->s, info.entry);
	/* boot: the firmware clears its memory and sets the UART's rate
	 * before anything is sent (a host that does not wait retries) */
	soc_sim_run(d->s, 400000, UINT32_MAX, &v);
	return 0;
}

void devlink_close(struct devlink *d)
{
	soc_sim_free(d->s);
	d->s = NULL;
}

int devlink_bar_read(struct devlink *d, uint32_t off, uint32_t *v, size_t n)
{
	if (!d->s)
		return mmio_sock_read(d->sock, off, v, n);
	for (size_t i = 0; i < n; i++) {
		int rc = soc_sim_mmio_read(d->s, off + 4 * (uint32_t)i, &v[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int devlink_bar_write(struct devlink *d, uint32_t off, const uint32_t *v, size_t n)
{
	if (!d->s)
		return mmio_sock_write(d->sock, off, v, n);
	for (size_t i = 0; i < n; i++) {
		int rc = soc_sim_mmio_write(d->s, off + 4 * (uint32_t)i, v[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int devlink_mem_io(struct devlink *d, int wr, uint32_t addr, uint32_t *w, size_t n)
{
	int rc = devlink_bar_write(d, HOST_BAR_WIN_BASE, &addr, 1);

	if (!rc && 4 * n > HOST_BAR_SIZE - HOST_BAR_WINDOW)
		rc = -EINVAL;
	for (size_t i = 0; !rc && i < n; i += MMIO_SOCK_MAX_WORDS) {
		size_t k = n - i < MMIO_SOCK_MAX_WORDS ? n - i : MMIO_SOCK_MAX_WORDS;
		uint32_t o = HOST_BAR_WINDOW + 4 * (uint32_t)i;
		rc = wr ? devlink_bar_write(d, o, w + i, k) : devlink_bar_read(d, o, w + i, k);
	}
	return rc;
}

/* Words at offset off of the mailbox */
static int mbox_io(struct devlink *d, int wr, uint32_t off, uint32_t *w, size_t n)
{
	return devlink_mem_io(d, wr, d->mbox + off, w, n);
}

int devlink_mbox_find(struct devlink *d)
{
	uint32_t h[5];
	int rc;

	if ((rc = devlink_bar_read(d, HOST_BAR_MBOX, &d->mbox, 1)))
		return rc;
	if (!d->mbox)
		return -EAGAIN;
	if ((rc = mbox_io(d, 0, 0, h, 5)))
		return rc;
	if (h[HOST_MBOX_MAGIC / 4] != HOST_MBOX_MAGIC_VALUE)
		return -EPROTO;
	d->h2d_off = h[HOST_MBOX_H2D_OFF / 4];
	d->h2d_size = h[HOST_MBOX_H2D_SIZE / 4];
	d->d2h_off = h[HOST_MBOX_D2H_OFF / 4];
	d->d2h_size = h[HOST_MBOX_D2H_SIZE / 4];
	if (d->h2d_size < PROTO_MAX_ENCODED || d->d2h_size < PROTO_MAX_ENCODED ||
	    d->d2h_size > sizeof(d->mq) || d->d2h_off + d->d2h_size > 0x10000u ||
	    d->h2d_off + d->h2d_size > 0x10000u)
		return -EPROTO;
	d->mmio = 1;
	return 0;
}

void devlink_wait(struct devlink *d, uint64_t cycles)
{
	uint32_t v;

	if (d->s)
		soc_sim_run(d->s, cycles, UINT32_MAX, &v);
	else
		usleep((useconds_t)(cycles * 2));   /* bpfsoc-sim runs at 0.5 cycles/us or faster */
}

/* Encoded bytes into the H2D buffer, once the firmware has taken the last. */
static int mbox_send(struct devlink *d, const uint8_t *enc, size_t n)
{
	uint32_t w[(PROTO_MAX_ENCODED + 3) / 4] = {0}, st;
	int rc;

	if (n > d->h2d_size || n > sizeof(w))
		return -E2BIG;
	for (int t = 0;; t++) {
		if ((rc = devlink_bar_read(d, HOST_BAR_STATUS, &st, 1)))
			return rc;
		if (!(st & 1))
			break;
		if (t == 100000)
			return -ETIMEDOUT;
		devlink_wait(d, 200);
	}
	memcpy(w, enc, n);
	uint32_t len = (uint32_t)n;
	if ((rc = mbox_io(d, 1, d->h2d_off, w, (n + 3) / 4)))
		return rc;
	return devlink_bar_write(d, HOST_BAR_DOORBELL, &len, 1);
}

int devlink_put(struct devlink *d, const uint8_t *enc, size_t n)
{
	if (d->mmio)
		return mbox_send(d, enc, n);
	soc_sim_uart_put(d->s, enc, n);
	return 0;
}

size_t devlink_get(struct devlink *d, uint8_t *buf, size_t cap)
{
	uint32_t st, n, w[sizeof(d->mq) / 4];

	if (!d->mmio)
		return soc_sim_uart_get(d->s, buf, cap);
	if (!d->mq_len && !devlink_bar_read(d, HOST_BAR_STATUS, &st, 1) && (st & 2) &&
	    !devlink_bar_read(d, HOST_BAR_D2H_LEN, &n, 1) && n <= d->d2h_size &&
	    !mbox_io(d, 0, d->d2h_off, w, (n + 3) / 4)) {
		uint32_t one = 1;
		memcpy(d->mq, w, n);
		d->mq_len = n;
		devlink_bar_write(d, HOST_BAR_D2H_ACK, &one, 1);
	}
	size_t k = d->mq_len < cap ? d->mq_len : cap;
	memcpy(buf, d->mq, k);
	memmove(d->mq, d->mq + k, d->mq_len - k);
	d->mq_len -= k;
	return k;
}

int devlink_recv_frame(struct devlink *d, uint8_t *buf, size_t cap, uint64_t max_cycles)
{
	uint64_t done = 0;
	uint8_t b[256];

	for (;;) {
		size_t k;
		while ((k = devlink_get(d, b, d->mmio ? sizeof(b) : 1)) > 0) {
			for (size_t i = 0; i < k; i++) {
				if (b[i] != 0) {
					if (d->rx_len < sizeof(d->rx))
						d->rx[d->rx_len++] = b[i];
					continue;
				}
				int n = d->rx_len ? proto_cobs_decode(d->rx, d->rx_len, buf, cap) : -1;
				d->rx_len = 0;
				if (n > 0) {
					/* keep what follows the frame for the next call */
					size_t rest = k - i - 1;
					memmove(d->mq + rest, d->mq, d->mq_len);
					memcpy(d->mq, b + i + 1, rest);
					d->mq_len += rest;
					return n;
				}
			}
		}
		uint32_t step = d->poll ? d->poll : 2000;
		if (done >= max_cycles)
			return -ETIMEDOUT;
		devlink_wait(d, step);
		done += step;
	}
}

int devlink_xfer(struct devlink *d, uint8_t cmd, const void *req, uint16_t len, uint8_t *rep,
		 uint16_t *rep_len, struct proto_hdr *rh, int tries, uint64_t timeout)
{
	struct proto_hdr h = {.version = PROTO_VERSION, .id = cmd, .seq = d->seq, .len = len};
	uint8_t enc[PROTO_MAX_ENCODED], fr[PROTO_MAX_FRAME];
	int n = proto_frame_encode(enc, sizeof(enc), &h, req), rc;

	if (n < 0)
		return n;
	for (int t = 0; t < tries; t++) {
		const uint8_t *pl;
		if ((rc = devlink_put(d, enc, (size_t)n)))
			return rc;
		for (;;) {
			int m = devlink_recv_frame(d, fr, sizeof(fr), timeout);
			if (m < 0)
				break;                          /* timeout: send again */
			if (proto_frame_decode(fr, (size_t)m, rh, &pl) != 0)
				continue;                       /* damaged: wait for more */
			if (rh->seq != d->seq || rh->id != (cmd | PROTO_REPLY_BIT))
				continue;                       /* a stale reply */
			if (rh->status == PROTO_ST_BAD_CRC || rh->status == PROTO_ST_BAD_FRAME ||
			    rh->status == PROTO_ST_TOO_LONG)
				break;                          /* our request was damaged: again */
			memcpy(rep, pl, rh->len);
			*rep_len = rh->len;
			d->seq++;
			return rh->status;
		}
	}
	return -ETIMEDOUT;
}

int devlink_slots_put(struct devlink *d, const uint8_t *const *pkts, const uint16_t *lens,
		      unsigned n, uint32_t pkt_size)
{
	uint32_t t[PROTO_RUN_SLOT_SIZE / 4 * 512];
	uint32_t off = 0;
	unsigned k = 0;

	if (n > 512)
		n = 512;
	/* as many as fit: the table first, then the slots */
	for (uint32_t slots = 0; k < n; k++) {
		uint32_t size = (SOC_FW_DATA_OFF + lens[k] + 3u) & ~3u;

		if (PROTO_RUN_SLOT_SIZE * (k + 1) + slots + size > pkt_size || size > 0xffff)
			break;
		slots += size;
	}
	off = (PROTO_RUN_SLOT_SIZE * k + 3u) & ~3u;
	for (unsigned i = 0; i < k; i++) {
		uint32_t size = (SOC_FW_DATA_OFF + lens[i] + 3u) & ~3u;
		static uint32_t w[0x10000 / 4];
		uint32_t *r = t + PROTO_RUN_SLOT_SIZE / 4 * i;
		int rc;

		r[0] = off;
		r[1] = lens[i] | size << 16;
		r[2] = r[3] = r[4] = 0;
		memset(w, 0, (lens[i] + 3u) & ~3u);
		memcpy(w, pkts[i], lens[i]);
		if ((rc = devlink_mem_io(d, 1, SOC_PKT_BASE + off + SOC_FW_DATA_OFF, w,
					 (lens[i] + 3u) / 4)))
			return rc;
		off += size;
	}
	int rc = devlink_mem_io(d, 1, SOC_PKT_BASE, t, PROTO_RUN_SLOT_SIZE / 4 * k);
	return rc ? rc : (int)k;
}

/* link_mmio.c: the host port (BAR 0, spec [host.bar]) as a link.
 *
 *   mmio:/sys/bus/pci/devices/DDDD:BB:DD.F/resource0   a PCIe BAR, mapped
 *   mmio:unix:PATH                                     bpfsoc-sim --mmio PATH
 *
 * The protocol's bytes pass through the firmware's mailbox in RAM
 * (docs/protocol.md, "The MMIO link"): the host writes them into the H2D
 * buffer through the window and rings DOORBELL; it takes the device's
 * bytes from the D2H buffer when STATUS says they are there, and acks.
 * The window also reaches packet memory, for RUN_SLOTS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "bpfsoc_map.h"
#include "internal.h"
#include "mmio_sock.h"
#include "proto.h"

/* STATUS bits, as [host.bar] STATUS gives them */
enum { ST_H2D_PENDING = 1u << 0, ST_D2H_PENDING = 1u << 1 };

struct mmio_link {
	struct bpfsoc_link base;
	int sock;                       /* bpfsoc-sim's socket, or -1 */
	int fd;                         /* the BAR's resource file, or -1 */
	volatile uint32_t *bar;         /* ... mapped */
	uint32_t win_base;              /* WIN_BASE as last written */
	uint32_t mbox, h2d_off, h2d_size, d2h_off, d2h_size;
	int held;                       /* a descriptor closed with the link, or -1 */
	char where[300];
};

void bpfsoc_link_mmio_hold(struct bpfsoc_link *l, int fd)
{
	((struct mmio_link *)l)->held = fd;
}

static uint64_t now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000 + (uint64_t)t.tv_nsec / 1000;
}

static int bar_rd(struct bpfsoc_link *l, uint32_t off, uint32_t *v, size_t n)
{
	struct mmio_link *m = (struct mmio_link *)l;

	if (off > HOST_BAR_SIZE || 4 * n > HOST_BAR_SIZE - off || off % 4)
		return -EINVAL;
	if (m->sock >= 0) {
		for (size_t i = 0; i < n; i += MMIO_SOCK_MAX_WORDS) {
			size_t k = n - i < MMIO_SOCK_MAX_WORDS ? n - i : MMIO_SOCK_MAX_WORDS;
			int rc = mmio_sock_read(m->sock, off + 4 * (uint32_t)i, v + i, k);
			if (rc)
				return rc;
		}
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = m->bar[off / 4 + i];
	return 0;
}

static int bar_wr(struct bpfsoc_link *l, uint32_t off, const uint32_t *v, size_t n)
{
	struct mmio_link *m = (struct mmio_link *)l;

	if (off > HOST_BAR_SIZE || 4 * n > HOST_BAR_SIZE - off || off % 4)
		return -EINVAL;
	if (m->sock >= 0) {
		for (size_t i = 0; i < n; i += MMIO_SOCK_MAX_WORDS) {
			size_t k = n - i < MMIO_SOCK_MAX_WORDS ? n - i : MMIO_SOCK_MAX_WORDS;
			int rc = mmio_sock_write(m->sock, off + 4 * (uint32_t)i, v + i, k);
			if (rc)
				return rc;
		}
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		m->bar[off / 4 + i] = v[i];
	return 0;
}

int bpfsoc_link_mem_io(struct bpfsoc_link *l, int wr, uint32_t addr, uint32_t *w, size_t n)
{
	struct mmio_link *m = (struct mmio_link *)l;
	const size_t win = HOST_BAR_SIZE - HOST_BAR_WINDOW;
	int rc;

	if (l->ops->bar_read != bar_rd)
		return -ENOTSUP;
	while (n) {
		/* the window covers [WIN_BASE, WIN_BASE + 64 KiB) */
		size_t k = n < win / 4 ? n : win / 4;

		if (m->win_base != addr) {
			if ((rc = bar_wr(l, HOST_BAR_WIN_BASE, &addr, 1)))
				return rc;
			m->win_base = addr;
		}
		rc = wr ? bar_wr(l, HOST_BAR_WINDOW, w, k) : bar_rd(l, HOST_BAR_WINDOW, w, k);
		if (rc)
			return rc;
		addr += 4 * (uint32_t)k;
		w += k;
		n -= k;
	}
	return 0;
}

static uint32_t status(struct mmio_link *m, int *rc)
{
	uint32_t st = 0;

	*rc = bar_rd(&m->base, HOST_BAR_STATUS, &st, 1);
	return st;
}

/* Waits for the firmware's mailbox: 0, or -errno with err set. */
static int find_mbox(struct mmio_link *m, unsigned timeout_ms, char *err, size_t errlen)
{
	uint64_t end = now_us() + 1000ull * timeout_ms;
	uint32_t id = 0, h[5];
	int rc;

	if ((rc = bar_rd(&m->base, HOST_BAR_ID, &id, 1)))
		goto io;
	if (id != HOST_BAR_ID_VALUE) {
		snprintf(err, errlen, "%s: BAR ID 0x%08x, not a bpfsoc host port (0x%08x)", m->where,
			 id, HOST_BAR_ID_VALUE);
		return -ENODEV;
	}
	for (;;) {
		if ((rc = bar_rd(&m->base, HOST_BAR_MBOX, &m->mbox, 1)))
			goto io;
		if (m->mbox)
			break;
		if (now_us() > end) {
			snprintf(err, errlen, "%s: the firmware published no mailbox in %u ms "
				 "(is it running?)", m->where, timeout_ms);
			return -ETIMEDOUT;
		}
		usleep(2000);
	}
	if ((rc = bpfsoc_link_mem_io(&m->base, 0, m->mbox, h, 5)))
		goto io;
	m->h2d_off = h[HOST_MBOX_H2D_OFF / 4];
	m->h2d_size = h[HOST_MBOX_H2D_SIZE / 4];
	m->d2h_off = h[HOST_MBOX_D2H_OFF / 4];
	m->d2h_size = h[HOST_MBOX_D2H_SIZE / 4];
	if (h[HOST_MBOX_MAGIC / 4] != HOST_MBOX_MAGIC_VALUE || m->h2d_size < 64 ||
	    m->d2h_size < 64 || m->h2d_size > 0x10000 || m->d2h_size > 0x10000) {
		snprintf(err, errlen, "%s: the mailbox at 0x%08x is not one (magic 0x%08x)", m->where,
			 m->mbox, h[0]);
		return -EPROTO;
	}
	return 0;
io:
	snprintf(err, errlen, "%s: %s", m->where, strerror(-rc));
	return rc;
}

static int mmio_write(struct bpfsoc_link *l, const uint8_t *buf, size_t n, char *err,
		      size_t errlen)
{
	struct mmio_link *m = (struct mmio_link *)l;
	static uint32_t w[0x10000 / 4];
	int rc;

	while (n) {
		size_t k = n < m->h2d_size ? n : m->h2d_size;
		uint64_t end = now_us() + 5000000;

		/* the firmware takes the last bytes before it gets more */
		while (status(m, &rc) & ST_H2D_PENDING) {
			if (rc || now_us() > end) {
				snprintf(err, errlen, "%s: %s", m->where,
					 rc ? strerror(-rc) : "the device took no bytes for 5 s");
				return rc ? rc : -ETIMEDOUT;
			}
			usleep(50);
		}
		if (rc)
			goto io;
		memset(w, 0, (k + 3) & ~(size_t)3);
		memcpy(w, buf, k);
		uint32_t cnt = (uint32_t)k;
		if ((rc = bpfsoc_link_mem_io(l, 1, m->mbox + m->h2d_off, w, (k + 3) / 4)) ||
		    (rc = bar_wr(l, HOST_BAR_DOORBELL, &cnt, 1)))
			goto io;
		buf += k;
		n -= k;
	}
	return 0;
io:
	snprintf(err, errlen, "%s: %s", m->where, strerror(-rc));
	return rc;
}

static ssize_t mmio_read(struct bpfsoc_link *l, uint8_t *buf, size_t cap, int timeout_ms,
			 char *err, size_t errlen)
{
	struct mmio_link *m = (struct mmio_link *)l;
	uint64_t end = now_us() + 1000ull * (unsigned)timeout_ms;
	static uint32_t w[0x10000 / 4];
	unsigned wait = 20;
	uint32_t len;
	int rc;

	while (!(status(m, &rc) & ST_D2H_PENDING)) {
		if (rc)
			goto io;
		if (now_us() >= end)
			return 0;
		usleep(wait);
		if (wait < 1000)
			wait *= 2;
	}
	if ((rc = bar_rd(l, HOST_BAR_D2H_LEN, &len, 1)))
		goto io;
	if (len > m->d2h_size || len > cap) {
		snprintf(err, errlen, "%s: D2H_LEN %u: more than the buffer holds", m->where, len);
		return -EPROTO;
	}
	if ((rc = bpfsoc_link_mem_io(l, 0, m->mbox + m->d2h_off, w, (len + 3) / 4)))
		goto io;
	memcpy(buf, w, len);
	uint32_t one = 1;
	if ((rc = bar_wr(l, HOST_BAR_D2H_ACK, &one, 1)))
		goto io;
	return (ssize_t)len;
io:
	snprintf(err, errlen, "%s: %s", m->where, strerror(-rc));
	return rc;
}

static void mmio_close(struct bpfsoc_link *l)
{
	struct mmio_link *m = (struct mmio_link *)l;

	if (m->sock >= 0)
		close(m->sock);
	if (m->bar)
		munmap((void *)m->bar, HOST_BAR_SIZE);
	if (m->fd >= 0)
		close(m->fd);
	if (m->held >= 0)
		close(m->held);
	free(m);
}

static int mmio_open(const char *rest, struct bpfsoc_link **out, char *err, size_t errlen)
{
	struct mmio_link *m = calloc(1, sizeof(*m));
	char path[256];
	static const char *const keys[] = {"timeout", NULL};
	unsigned long timeout;
	int rc;

	if (!m)
		return -ENOMEM;
	m->base.ops = &bpfsoc_link_mmio;
	m->sock = m->fd = m->held = -1;
	m->win_base = UINT32_MAX;
	snprintf(m->where, sizeof(m->where), "mmio:%s", rest);
	if ((rc = bpfsoc_uri_check_keys(rest, keys, err, errlen)) ||
	    (rc = bpfsoc_uri_uint(rest, "timeout", 10000, &timeout, err, errlen)))
		goto fail;
	if ((rc = bpfsoc_uri_path(rest, path, sizeof(path))) || !path[0]) {
		snprintf(err, errlen, "%s: give a BAR's resource file or unix:SOCKET", m->where);
		rc = -EINVAL;
		goto fail;
	}
	if (!strncmp(path, "unix:", 5)) {
		m->sock = mmio_sock_connect(path + 5);
		if (m->sock < 0) {
			rc = m->sock;
			snprintf(err, errlen, "%s: connect: %s", m->where, strerror(-rc));
			goto fail;
		}
	} else {
		m->fd = open(path, O_RDWR | O_SYNC | O_CLOEXEC);
		if (m->fd < 0) {
			rc = -errno;
			snprintf(err, errlen, "%s: open: %s%s", m->where, strerror(errno),
				 errno == EACCES ? " (a BAR needs root, or access to the file)" : "");
			goto fail;
		}
		void *p = mmap(NULL, HOST_BAR_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
		if (p == MAP_FAILED) {
			rc = -errno;
			snprintf(err, errlen, "%s: mmap of %u bytes: %s (is it BAR 0 of a bpfsoc?)",
				 m->where, HOST_BAR_SIZE, strerror(errno));
			goto fail;
		}
		m->bar = p;
	}
	if ((rc = find_mbox(m, (unsigned)timeout, err, errlen)))
		goto fail;
	*out = &m->base;
	return 0;
fail:
	mmio_close(&m->base);
	return rc;
}

const struct bpfsoc_link_ops bpfsoc_link_mmio = {
	.scheme = "mmio",
	.open = mmio_open,
	.write = mmio_write,
	.read = mmio_read,
	.bar_read = bar_rd,
	.bar_write = bar_wr,
	.close = mmio_close,
};

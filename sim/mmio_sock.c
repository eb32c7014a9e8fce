/* mmio_sock.c: the client's side of the simulator's MMIO socket
 * (mmio_sock.h). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "mmio_sock.h"

int mmio_sock_connect(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		int e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

static int put_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? -errno : -EPIPE;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int get_all(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t k = read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? -errno : -ECONNRESET;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* This machine is little-endian, as the socket's words are (the driver's
 * transports assume it too). */
static int request(int fd, uint32_t op, uint32_t off, const uint32_t *wval, uint32_t *rval,
		   size_t n)
{
	uint32_t h[3] = {op, off, (uint32_t)n}, a[2];
	int rc;

	if (!n || n > MMIO_SOCK_MAX_WORDS)
		return -EINVAL;
	if ((rc = put_all(fd, h, sizeof(h))) ||
	    (wval && (rc = put_all(fd, wval, 4 * n))) ||
	    (rc = get_all(fd, a, sizeof(a))))
		return rc;
	if (a[0])
		return -(int)a[0];
	if (a[1] != n)
		return -EPROTO;
	return rval ? get_all(fd, rval, 4 * n) : 0;
}

int mmio_sock_read(int fd, uint32_t off, uint32_t *val, size_t n)
{
	return request(fd, MMIO_SOCK_READ, off, NULL, val, n);
}

int mmio_sock_write(int fd, uint32_t off, const uint32_t *val, size_t n)
{
	return request(fd, MMIO_SOCK_WRITE, off, val, NULL, n);
}

/* test_links: libbpfsoc's byte links and the URI helpers they parse with
 * (driver/link.c, driver/link_serial.c, driver/link_ftdi.c).
 *
 *   uri     bpfsoc_uri_path / _param / _uint / _check_keys, good and bad
 *   serial  the serial link over a pseudo-terminal pair (openpty): raw
 *           bytes both ways, timeouts, a large write, the lock, any baud
 *           rate, the settings put back at close, bad URIs, a hang-up
 *   serial_sim  the serial link to bpfsoc-sim --pty: PING and INFO
 *           through the real firmware on the simulated SoC
 *   ftdi    the ftdi: URI's parser; a real FTDI board only when one is
 *           plugged in (skipped otherwise)
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "bpfsoc_map.h"
#include "link.h"
#include "link_ftdi.h"
#include "proto.h"

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

#define has(s, sub) (strstr((s), (sub)) != NULL)

/* ---------------------------------------------------------------------
 * URI helpers
 * ------------------------------------------------------------------- */

Test(uri, path)
{
	char p[16];

	cr_assert_eq(bpfsoc_uri_path("/dev/ttyUSB1?baud=9600", p, sizeof(p)), 0);
	cr_assert_str_eq(p, "/dev/ttyUSB1");
	cr_assert_eq(bpfsoc_uri_path("/dev/ttyS0", p, sizeof(p)), 0);
	cr_assert_str_eq(p, "/dev/ttyS0");
	cr_assert_eq(bpfsoc_uri_path("", p, sizeof(p)), 0);
	cr_assert_str_eq(p, "");
	cr_assert_eq(bpfsoc_uri_path("?baud=1", p, sizeof(p)), 0);
	cr_assert_str_eq(p, "");
	/* 15 characters and the NUL fit 16 bytes; 16 do not */
	cr_assert_eq(bpfsoc_uri_path("123456789012345?x", p, sizeof(p)), 0);
	cr_assert_str_eq(p, "123456789012345");
	cr_assert_eq(bpfsoc_uri_path("1234567890123456", p, sizeof(p)), -ENAMETOOLONG);
}

Test(uri, param)
{
	char v[8];
	const char *r = "/dev/x?baud=115200&flag&empty=&dup=1&dup=2&&k=a=b";

	cr_assert_eq(bpfsoc_uri_param(r, "baud", v, sizeof(v)), 1);
	cr_assert_str_eq(v, "115200");
	cr_assert_eq(bpfsoc_uri_param(r, "flag", v, sizeof(v)), 1, "a key without '=' is there");
	cr_assert_str_eq(v, "");
	cr_assert_eq(bpfsoc_uri_param(r, "empty", v, sizeof(v)), 1);
	cr_assert_str_eq(v, "");
	cr_assert_eq(bpfsoc_uri_param(r, "dup", v, sizeof(v)), 1);
	cr_assert_str_eq(v, "1", "the first of two wins");
	cr_assert_eq(bpfsoc_uri_param(r, "k", v, sizeof(v)), 1);
	cr_assert_str_eq(v, "a=b", "the value runs to the '&'");
	cr_assert_eq(bpfsoc_uri_param(r, "bau", v, sizeof(v)), 0, "a prefix of a key is not it");
	cr_assert_eq(bpfsoc_uri_param(r, "baudx", v, sizeof(v)), 0);
	cr_assert_eq(bpfsoc_uri_param(r, "missing", v, sizeof(v)), 0);
	cr_assert_eq(bpfsoc_uri_param("/dev/baud=1", "baud", v, sizeof(v)), 0,
		     "no '?': no parameters");
	cr_assert_eq(bpfsoc_uri_param("x?", "baud", v, sizeof(v)), 0);
	cr_assert_eq(bpfsoc_uri_param("x?baud=1234567", "baud", v, sizeof(v)), 1);
	cr_assert_eq(bpfsoc_uri_param("x?baud=12345678", "baud", v, sizeof(v)), -ENAMETOOLONG);
}

Test(uri, uint)
{
	char err[128];
	unsigned long v;

	cr_assert_eq(bpfsoc_uri_uint("x", "baud", 42, &v, err, sizeof(err)), 0);
	cr_assert_eq(v, 42, "absent: the default");
	cr_assert_eq(bpfsoc_uri_uint("x?baud=115200", "baud", 42, &v, err, sizeof(err)), 0);
	cr_assert_eq(v, 115200);
	cr_assert_eq(bpfsoc_uri_uint("x?baud=0x10", "baud", 42, &v, err, sizeof(err)), 0);
	cr_assert_eq(v, 16, "hex, as strtoul's base 0");
	cr_assert_eq(bpfsoc_uri_uint("x?baud=0", "baud", 42, &v, err, sizeof(err)), 0);
	cr_assert_eq(v, 0);

	static const char *const bad[] = {
		"x?baud=abc", "x?baud=12x", "x?baud=", "x?baud", "x?baud=-1",
		"x?baud=99999999999999999999999",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		cr_assert_eq(bpfsoc_uri_uint(bad[i], "baud", 42, &v, err, sizeof(err)), -EINVAL, "%s",
			     bad[i]);
		cr_assert(has(err, "baud=") && has(err, "not a number"), "%s: message '%s'", bad[i],
			  err);
	}
	cr_assert_eq(bpfsoc_uri_uint("x?baud=abc", "baud", 42, &v, err, sizeof(err)), -EINVAL);
	cr_assert_str_eq(err, "URI parameter baud=abc: not a number");
	cr_assert_eq(bpfsoc_uri_uint("x?baud=1234567890123456789012345678901234567890", "baud", 42,
				     &v, err, sizeof(err)), -EINVAL);
	cr_assert(has(err, "too long"), "%s", err);
}

Test(uri, check_keys)
{
	static const char *const keys[] = {"baud", "interface", NULL};
	char err[128], small[12];

	cr_assert_eq(bpfsoc_uri_check_keys("x", keys, err, sizeof(err)), 0);
	cr_assert_eq(bpfsoc_uri_check_keys("x?", keys, err, sizeof(err)), 0);
	cr_assert_eq(bpfsoc_uri_check_keys("x?baud=1&interface=A&&baud=2", keys, err, sizeof(err)),
		     0);
	cr_assert_eq(bpfsoc_uri_check_keys("x?baud=1&speed=9600&colour=red", keys, err, sizeof(err)),
		     -EINVAL);
	cr_assert_str_eq(err, "unknown URI parameter 'speed' (known: baud interface)",
			 "the first unknown one, and what is known");
	cr_assert_eq(bpfsoc_uri_check_keys("x?bau=1", keys, err, sizeof(err)), -EINVAL,
		     "a prefix of a key is a typo");
	cr_assert_eq(bpfsoc_uri_check_keys("x?flag", keys, err, sizeof(err)), -EINVAL);
	cr_assert(has(err, "'flag'"), "%s", err);
	/* a short buffer gets a cut message, never an overrun */
	memset(small, 'Z', sizeof(small));
	cr_assert_eq(bpfsoc_uri_check_keys("x?speed=1", keys, small, 8), -EINVAL);
	cr_assert_eq(strnlen(small, 8), 7);
	cr_assert_eq(small[8], 'Z');
}

Test(uri, schemes)
{
	char err[200];
	struct bpfsoc_link *l = (struct bpfsoc_link *)1;

	cr_assert_eq(bpfsoc_link_open("/dev/ttyUSB1", &l, err, sizeof(err)), -EINVAL);
	cr_assert_null(l);
	cr_assert(has(err, "no scheme"), "%s", err);
	cr_assert_eq(bpfsoc_link_open("tty:/dev/ttyUSB1", &l, err, sizeof(err)), -EINVAL);
	cr_assert(has(err, "unknown scheme 'tty'"), "%s", err);
	cr_assert_eq(bpfsoc_link_open("serial:", &l, err, sizeof(err)), -EINVAL);
	cr_assert(has(err, "no device path"), "%s", err);
	cr_assert_null(l);
	cr_assert_eq(bpfsoc_link_serial.bar_read, NULL, "a byte link has no BAR");
	cr_assert_eq(bpfsoc_link_ftdi.bar_write, NULL);
}

/* ---------------------------------------------------------------------
 * serial: over a pseudo-terminal pair
 * ------------------------------------------------------------------- */

/* Linux's termios2, as driver/link_serial.c declares it: the exact rate
 * of a tty, which struct termios cannot carry. */
#if defined(__linux__) && (defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
			   defined(__arm__) || defined(__riscv))
#define HAVE_TERMIOS2 1
struct k_termios2 {
	unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line;
	unsigned char c_cc[19];
	unsigned int c_ispeed, c_ospeed;
};
#define K_TCGETS2 _IOR('T', 0x2A, struct k_termios2)
#define K_BOTHER 0010000u
#endif

/* The test's ends of a pty: m the master (the "board"), s the slave held
 * open to look at the settings the link made; name the slave's path. */
struct pty {
	int m, s;
	char name[128];
};

static struct pty pty_new(void)
{
	struct pty p;
	struct termios t;

	cr_assert_eq(openpty(&p.m, &p.s, p.name, NULL, NULL), 0, "openpty: %s", strerror(errno));
	/* a cooked line at 9600: what the link must change, and put back */
	cr_assert_eq(tcgetattr(p.s, &t), 0);
	cfsetispeed(&t, B9600);
	cfsetospeed(&t, B9600);
	cr_assert_eq(tcsetattr(p.s, TCSANOW, &t), 0);
	return p;
}

static void pty_free(struct pty *p)
{
	if (p->m >= 0)
		close(p->m);
	close(p->s);
}

static struct bpfsoc_link *open_ok(const char *fmt, const char *name)
{
	char uri[256], err[300];
	struct bpfsoc_link *l = NULL;
	int rc;

	snprintf(uri, sizeof(uri), fmt, name);
	rc = bpfsoc_link_open(uri, &l, err, sizeof(err));
	cr_assert_eq(rc, 0, "%s: %d: %s", uri, rc, err);
	cr_assert_not_null(l);
	cr_assert_eq(l->ops, &bpfsoc_link_serial);
	return l;
}

/* An open that must fail with want; its message, in err. */
static void open_fails(const char *fmt, const char *name, int want, char *err, size_t errlen)
{
	char uri[256];
	struct bpfsoc_link *l = (struct bpfsoc_link *)1;
	int rc;

	snprintf(uri, sizeof(uri), fmt, name);
	err[0] = '\0';
	rc = bpfsoc_link_open(uri, &l, err, errlen);
	cr_assert_eq(rc, want, "%s: %d (%s), not %d", uri, rc, err, want);
	cr_assert_null(l, "%s: a failed open gives no link", uri);
	cr_assert(err[0], "%s: no message", uri);
}

static void link_write(struct bpfsoc_link *l, const void *buf, size_t n)
{
	char err[300];
	int rc = l->ops->write(l, buf, n, err, sizeof(err));

	cr_assert_eq(rc, 0, "write of %zu bytes: %d: %s", n, rc, err);
}

/* n bytes from the link within timeout_ms. */
static void link_read_all(struct bpfsoc_link *l, uint8_t *buf, size_t n, int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;
	size_t got = 0;
	char err[300];

	while (got < n) {
		int left = (int)(end - now_ms());
		ssize_t k;

		cr_assert_gt(left, 0, "%zu of %zu bytes in %d ms", got, n, timeout_ms);
		k = l->ops->read(l, buf + got, n - got, left, err, sizeof(err));
		cr_assert_geq(k, 0, "read: %s", err);
		got += (size_t)k;
	}
}

/* n bytes from a descriptor within timeout_ms. */
static void fd_read_all(int fd, uint8_t *buf, size_t n, int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;
	size_t got = 0;

	while (got < n) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int left = (int)(end - now_ms());
		ssize_t k;

		cr_assert_gt(left, 0, "%zu of %zu bytes in %d ms", got, n, timeout_ms);
		if (poll(&p, 1, left) <= 0)
			continue;
		k = read(fd, buf + got, n - got);
		cr_assert_gt(k, 0, "read: %s", strerror(errno));
		got += (size_t)k;
	}
}

static void fd_write_all(int fd, const void *buf, size_t n)
{
	cr_assert_eq(write(fd, buf, n), (ssize_t)n);
}

Test(serial, raw_bytes_both_ways, .timeout = 30)
{
	struct pty p = pty_new();
	struct bpfsoc_link *l = open_ok("serial:%s?baud=115200", p.name);
	uint8_t all[256], got[256];
	struct termios t;

	/* raw 8N1 at the rate, no flow control, as the slave now shows */
	cr_assert_eq(tcgetattr(p.s, &t), 0);
	cr_assert_eq(cfgetospeed(&t), B115200);
	cr_assert_eq(cfgetispeed(&t), B115200);
	cr_assert_eq(t.c_cflag & CSIZE, CS8);
	cr_assert_eq(t.c_cflag & (PARENB | CSTOPB | CRTSCTS), 0);
	cr_assert_eq(t.c_cflag & (CLOCAL | CREAD), CLOCAL | CREAD);
	cr_assert_eq(t.c_lflag & (ICANON | ECHO | ISIG | IEXTEN), 0);
	cr_assert_eq(t.c_iflag & (IXON | IXOFF | ICRNL | INLCR | IGNCR | ISTRIP), 0);
	cr_assert_eq(t.c_oflag & OPOST, 0);

	/* every byte value passes unchanged: 0x00 (the delimiter), CR, LF,
	 * XON/XOFF, ^C, DEL would each be eaten or changed by a cooked tty */
	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	link_write(l, all, sizeof(all));
	fd_read_all(p.m, got, sizeof(got), 5000);
	cr_assert_arr_eq(got, all, sizeof(all), "link to board");
	fd_write_all(p.m, all, sizeof(all));
	memset(got, 0, sizeof(got));
	link_read_all(l, got, sizeof(got), 5000);
	cr_assert_arr_eq(got, all, sizeof(all), "board to link");

	/* close puts the line back as it was */
	l->ops->close(l);
	cr_assert_eq(tcgetattr(p.s, &t), 0);
	cr_assert_eq(cfgetospeed(&t), B9600);
	cr_assert_neq(t.c_lflag & ICANON, 0);
	cr_assert_neq(t.c_lflag & ECHO, 0);
	pty_free(&p);
}

Test(serial, read_timeout_and_partial_reads, .timeout = 30)
{
	struct pty p = pty_new();
	struct bpfsoc_link *l = open_ok("serial:%s?baud=115200", p.name);
	uint8_t buf[64];
	char err[300];
	int64_t t0;
	ssize_t n;

	/* nothing on the line: 0 after the timeout, not much later */
	t0 = now_ms();
	n = l->ops->read(l, buf, sizeof(buf), 300, err, sizeof(err));
	cr_assert_eq(n, 0, "%zd: %s", n, err);
	cr_assert_geq(now_ms() - t0, 290, "returned after %lld ms", (long long)(now_ms() - t0));
	cr_assert_lt(now_ms() - t0, 1500, "returned after %lld ms", (long long)(now_ms() - t0));
	t0 = now_ms();
	cr_assert_eq(l->ops->read(l, buf, sizeof(buf), 0, err, sizeof(err)), 0);
	cr_assert_lt(now_ms() - t0, 100, "a 0 ms read does not wait");

	/* what is there, at most cap bytes; the rest stays for the next read */
	fd_write_all(p.m, "0123456789", 10);
	usleep(100000);
	cr_assert_eq(l->ops->read(l, buf, 4, 1000, err, sizeof(err)), 4);
	cr_assert_arr_eq(buf, "0123", 4);
	cr_assert_eq(l->ops->read(l, buf, sizeof(buf), 1000, err, sizeof(err)), 6);
	cr_assert_arr_eq(buf, "456789", 6);

	/* the first byte ends the wait long before the timeout */
	t0 = now_ms();
	fd_write_all(p.m, "x", 1);
	cr_assert_eq(l->ops->read(l, buf, sizeof(buf), 5000, err, sizeof(err)), 1);
	cr_assert_lt(now_ms() - t0, 1000);
	l->ops->close(l);
	pty_free(&p);
}

/* The board's side of a large write: drains the master into a buffer. */
struct drain {
	int fd;
	uint8_t *buf;
	size_t n, got;
};

static void *drain_main(void *u)
{
	struct drain *d = u;

	while (d->got < d->n) {
		struct pollfd p = {.fd = d->fd, .events = POLLIN};
		ssize_t k;

		if (poll(&p, 1, 10000) <= 0)
			break;
		k = read(d->fd, d->buf + d->got, d->n - d->got);
		if (k <= 0)
			break;
		d->got += (size_t)k;
		/* a slow reader, so that the writer finds the buffer full */
		if (d->got < 65536)
			usleep(1000);
	}
	return NULL;
}

Test(serial, large_write_fills_the_buffer, .timeout = 60)
{
	enum { N = 512 * 1024 };
	struct pty p = pty_new();
	struct bpfsoc_link *l = open_ok("serial:%s", p.name);
	uint8_t *out = malloc(N), *in = malloc(N);
	struct drain d = {.fd = p.m, .buf = in, .n = N};
	pthread_t th;
	uint32_t x = 12345;

	cr_assert(out && in);
	for (size_t i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		out[i] = (uint8_t)(x >> 24);
	}
	cr_assert_eq(pthread_create(&th, NULL, drain_main, &d), 0);
	link_write(l, out, N);   /* far more than the pty holds: waits for room */
	pthread_join(th, NULL);
	cr_assert_eq(d.got, (size_t)N, "%zu of %d bytes arrived", d.got, N);
	cr_assert_arr_eq(in, out, N);
	l->ops->close(l);
	pty_free(&p);
	free(out);
	free(in);
}

Test(serial, one_program_at_a_time, .timeout = 30)
{
	struct pty p = pty_new();
	struct bpfsoc_link *l = open_ok("serial:%s?baud=115200", p.name);
	char err[300];
	int excl = -1;

	open_fails("serial:%s?baud=115200", p.name, -EBUSY, err, sizeof(err));
	cr_assert(has(err, "busy") && has(err, p.name), "%s", err);
	/* TIOCEXCL too, for programs that do not lock */
	cr_assert_eq(ioctl(p.s, TIOCGEXCL, &excl), 0);
	cr_assert_eq(excl, 1, "the tty is not in exclusive mode");
	if (geteuid() != 0) {
		int fd = open(p.name, O_RDWR | O_NOCTTY);
		cr_assert_lt(fd, 0, "a plain open got in");
		cr_assert_eq(errno, EBUSY);
	}
	l->ops->close(l);
	/* closed: lock and exclusive mode are gone (the test's own slave
	 * descriptor keeps the tty open, so the flag would stay if the
	 * link left it) */
	cr_assert_eq(ioctl(p.s, TIOCGEXCL, &excl), 0);
	cr_assert_eq(excl, 0, "exclusive mode left behind");
	l = open_ok("serial:%s?baud=115200", p.name);
	l->ops->close(l);
	pty_free(&p);
}

#ifdef HAVE_TERMIOS2
static struct k_termios2 tty_termios2(int fd)
{
	struct k_termios2 t;

	cr_assert_eq(ioctl(fd, K_TCGETS2, &t), 0, "TCGETS2: %s", strerror(errno));
	return t;
}
#endif

Test(serial, any_baud_rate, .timeout = 30)
{
#ifndef HAVE_TERMIOS2
	cr_skip_test("no termios2 on this architecture");
#else
	struct pty p = pty_new();
	static const struct {
		unsigned long baud;
		int other;   /* no Bxxx: BOTHER */
	} rates[] = {
		{1843200, 1}, {250000, 1}, {12000000, 1}, {2500000, 0}, {921600, 0}, {300, 0},
		{SOC_FW_UART_BAUD, 0},
	};

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		char fmt[64];
		struct bpfsoc_link *l;
		struct k_termios2 t;

		snprintf(fmt, sizeof(fmt), "serial:%%s?baud=%lu", rates[i].baud);
		l = open_ok(fmt, p.name);
		t = tty_termios2(p.s);
		cr_assert_eq(t.c_ospeed, rates[i].baud, "out: %u, not %lu", t.c_ospeed, rates[i].baud);
		cr_assert_eq(t.c_ispeed, rates[i].baud, "in: %u, not %lu", t.c_ispeed, rates[i].baud);
		cr_assert_eq((t.c_cflag & CBAUD) == K_BOTHER, rates[i].other,
			     "baud %lu: cflag 0%o", rates[i].baud, t.c_cflag);
		cr_assert_eq(t.c_cflag & CSIZE, CS8);
		l->ops->close(l);
		t = tty_termios2(p.s);
		cr_assert_eq(t.c_ospeed, 9600, "after baud %lu: %u", rates[i].baud, t.c_ospeed);
		cr_assert_eq(t.c_cflag & CBAUD, B9600);
	}
	/* the default is the firmware's rate */
	struct bpfsoc_link *l = open_ok("serial:%s", p.name);
	cr_assert_eq(tty_termios2(p.s).c_ospeed, SOC_FW_UART_BAUD);
	l->ops->close(l);
	pty_free(&p);
#endif
}

Test(serial, bad_uris, .timeout = 30)
{
	struct pty p = pty_new();
	char err[300];
	int excl = -1;

	open_fails("serial:%s?baud=abc", p.name, -EINVAL, err, sizeof(err));
	cr_assert(has(err, p.name) && has(err, "baud=abc: not a number"), "%s", err);
	open_fails("serial:%s?baud=", p.name, -EINVAL, err, sizeof(err));
	open_fails("serial:%s?baud=0", p.name, -EINVAL, err, sizeof(err));
	cr_assert(has(err, "out of range"), "%s", err);
	open_fails("serial:%s?baud=4000000000", p.name, -EINVAL, err, sizeof(err));
	open_fails("serial:%s?speed=9600", p.name, -EINVAL, err, sizeof(err));
	cr_assert(has(err, p.name) && has(err, "unknown URI parameter 'speed'"), "%s", err);
	open_fails("serial:%s?baud=9600&bauds=1", p.name, -EINVAL, err, sizeof(err));
	open_fails("serial:%s", "/dev/bpfsoc-no-such-tty", -ENOENT, err, sizeof(err));
	cr_assert(has(err, "serial:/dev/bpfsoc-no-such-tty: open: No such file"), "%s", err);
	open_fails("serial:%s", "/dev/null", -ENOTTY, err, sizeof(err));
	cr_assert(has(err, "/dev/null") && has(err, "not a serial port"), "%s", err);
	open_fails("serial:%s", "/nonexistent-dir/x?baud=9600", -ENOENT, err, sizeof(err));
	/* none of them left the pty locked or changed */
	cr_assert_eq(ioctl(p.s, TIOCGEXCL, &excl), 0);
	cr_assert_eq(excl, 0);
	struct bpfsoc_link *l = open_ok("serial:%s?baud=9600", p.name);
	l->ops->close(l);
	pty_free(&p);
}

Test(serial, hang_up_is_an_error, .timeout = 30)
{
	struct pty p = pty_new();
	struct bpfsoc_link *l = open_ok("serial:%s?baud=115200", p.name);
	uint8_t buf[16];
	char err[300] = "";
	ssize_t n;

	/* the far end goes away (a board unplugged): the next read fails,
	 * at once, rather than time out again and again */
	close(p.m);
	p.m = -1;
	int64_t t0 = now_ms();
	n = l->ops->read(l, buf, sizeof(buf), 3000, err, sizeof(err));
	cr_assert_lt(n, 0, "read gave %zd after the hang-up", n);
	cr_assert_lt(now_ms() - t0, 1000);
	cr_assert(has(err, p.name) && has(err, "read"), "%s", err);
	l->ops->close(l);
	pty_free(&p);
}

/* ---------------------------------------------------------------------
 * serial: against the simulated board (bpfsoc-sim --pty)
 * ------------------------------------------------------------------- */

#define SIM_BIN BPFSOC_BUILD "/bpfsoc-sim"

/* bpfsoc-sim serving its UART on a pty, with tty a symlink to it. */
static pid_t sim_start(const char *tty)
{
	pid_t pid;
	int status;

	unlink(tty);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);   /* a failed assertion ends the test: the sim too */
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execl(SIM_BIN, "bpfsoc-sim", "--pty", tty, (char *)NULL);
		_exit(127);
	}
	for (int t = 0; t < 600 && access(tty, F_OK); t++) {
		cr_assert_eq(waitpid(pid, &status, WNOHANG), 0, "bpfsoc-sim ended: status 0x%x", status);
		usleep(50000);
	}
	cr_assert_eq(access(tty, F_OK), 0, "bpfsoc-sim made no pty at %s", tty);
	return pid;
}

static void sim_stop(pid_t pid, const char *tty)
{
	int status;

	kill(pid, SIGTERM);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "bpfsoc-sim: status 0x%x", status);
	cr_assert_neq(access(tty, F_OK), 0, "bpfsoc-sim left its pty link behind");
}

/* Collects the device's bytes and splits them into frames. */
struct rx {
	uint8_t enc[PROTO_MAX_ENCODED];
	size_t n;
	int over;            /* the frame being collected outgrew enc: drop it */
};

/* The reply to (cmd, seq) within timeout_ms: its status, its payload in
 * pay (*plen bytes), or -ETIMEDOUT.  Other frames, damaged or not, are
 * passed over, as docs/protocol.md's host does. */
static int recv_reply(struct bpfsoc_link *l, struct rx *rx, uint8_t cmd, uint16_t seq,
		      uint8_t *pay, uint16_t *plen, int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;
	uint8_t buf[512], dec[PROTO_MAX_FRAME];
	char err[300];

	for (int left; (left = (int)(end - now_ms())) > 0;) {
		ssize_t k = l->ops->read(l, buf, sizeof(buf), left, err, sizeof(err));

		cr_assert_geq(k, 0, "read: %s", err);
		for (ssize_t i = 0; i < k; i++) {
			struct proto_hdr h;
			const uint8_t *p;
			int dn;

			if (buf[i]) {
				if (rx->n < sizeof(rx->enc))
					rx->enc[rx->n++] = buf[i];
				else
					rx->over = 1;
				continue;
			}
			dn = rx->n && !rx->over ? proto_cobs_decode(rx->enc, rx->n, dec, sizeof(dec)) : -1;
			rx->n = 0;
			rx->over = 0;
			if (dn < 0 || proto_frame_decode(dec, (size_t)dn, &h, &p))
				continue;
			if (h.version != PROTO_VERSION || h.id != (cmd | PROTO_REPLY_BIT) || h.seq != seq)
				continue;
			memcpy(pay, p, h.len);
			*plen = h.len;
			return h.status;
		}
	}
	return -ETIMEDOUT;
}

/* A reply status that asks for the same bytes again (docs/protocol.md,
 * "Retrying"): the request was damaged on the way, or the device busy. */
static int retry_status(int st)
{
	return st == -ETIMEDOUT || st == PROTO_ST_BAD_CRC || st == PROTO_ST_BAD_FRAME ||
	       st == PROTO_ST_EBUSY;
}

/* One request: a delimiter, the frame, and the reply, sent again with
 * the same seq after each timeout or damaged request (the firmware may
 * still be booting: the line's first bytes can be lost; its reply cache
 * makes a repeat harmless). */
static int request(struct bpfsoc_link *l, struct rx *rx, uint8_t cmd, uint16_t seq,
		   const void *req, uint16_t len, uint8_t *pay, uint16_t *plen, int tries,
		   int timeout_ms)
{
	static uint8_t enc[1 + PROTO_MAX_ENCODED];
	struct proto_hdr h = {.version = PROTO_VERSION, .id = cmd, .seq = seq, .len = len};
	int n, st = -ETIMEDOUT;

	enc[0] = 0;
	n = proto_frame_encode(enc + 1, sizeof(enc) - 1, &h, req);
	cr_assert_gt(n, 0, "encode: %d", n);
	for (int t = 0; t < tries && retry_status(st); t++) {
		if (st != -ETIMEDOUT)
			usleep(100000);
		link_write(l, enc, (size_t)n + 1);
		st = recv_reply(l, rx, cmd, seq, pay, plen, timeout_ms);
	}
	cr_assert_geq(st, 0, "no reply to %s (seq %u) in %d tries of %d ms", proto_cmd_name(cmd),
		      seq, tries, timeout_ms);
	return st;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

Test(serial_sim, ping_and_info, .timeout = 180)
{
	char tty[64], err[300];
	static struct rx rx;
	static uint8_t pay[PROTO_MAX_PAYLOAD], big[PROTO_MAX_PAYLOAD];
	const char hello[] = "bpfsoc serial link test";
	struct bpfsoc_link *l, *l2;
	uint16_t seq = (uint16_t)(time(NULL) ^ getpid()), plen;
	pid_t pid;
	int st;

	snprintf(tty, sizeof(tty), "/tmp/bpfsoc-links-test.%d.tty", (int)getpid());
	pid = sim_start(tty);
	l = open_ok("serial:%s", tty);   /* the firmware's rate, as a board's */

	/* PING echoes its payload; the first tries may land before the
	 * firmware has set up its UART */
	st = request(l, &rx, PROTO_CMD_PING, seq, hello, sizeof(hello), pay, &plen, 30, 2000);
	cr_assert_eq(st, PROTO_ST_OK, "PING: status %s: %.*s", proto_status_name((unsigned)st), plen,
		     pay);
	cr_assert_eq(plen, sizeof(hello));
	cr_assert_arr_eq(pay, hello, sizeof(hello));

	/* INFO: what the simulated board is */
	st = request(l, &rx, PROTO_CMD_INFO, ++seq, NULL, 0, pay, &plen, 3, 10000);
	cr_assert_eq(st, PROTO_ST_OK, "INFO: status %s", proto_status_name((unsigned)st));
	cr_assert_geq(plen, PROTO_INFO_REP_SIZE);
	cr_assert_eq(pay[PROTO_INFO_REP_OFF_PROTO_VERSION], PROTO_VERSION);
	cr_assert_eq(get16(pay + PROTO_INFO_REP_OFF_MAX_PAYLOAD), PROTO_MAX_PAYLOAD);
	cr_assert_eq(get32(pay + PROTO_INFO_REP_OFF_CLOCK_HZ), SOC_SIM_CLK_HZ);
	cr_assert_gt(get16(pay + PROTO_INFO_REP_OFF_IMEM_SLOTS), 0);
	cr_assert_gt(get32(pay + PROTO_INFO_REP_OFF_PACKET_MAX), 0);
	cr_assert_eq(plen, PROTO_INFO_REP_SIZE + 2 * get16(pay + PROTO_INFO_REP_OFF_NUM_HELPERS),
		     "INFO's length and its helper count disagree");

	/* the largest frame both ways: more than a pty holds at once */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7 + (i >> 8));   /* zeros among them: COBS at work */
	st = request(l, &rx, PROTO_CMD_PING, ++seq, big, sizeof(big), pay, &plen, 3, 20000);
	cr_assert_eq(st, PROTO_ST_OK);
	cr_assert_eq(plen, sizeof(big));
	cr_assert_arr_eq(pay, big, sizeof(big));

	/* one program at a time on the board's line, as on a real one */
	open_fails("serial:%s", tty, -EBUSY, err, sizeof(err));
	cr_assert(has(err, "busy"), "%s", err);
	l->ops->close(l);

	/* closed and opened again: the line still works */
	l2 = open_ok("serial:%s", tty);
	memset(&rx, 0, sizeof(rx));
	st = request(l2, &rx, PROTO_CMD_PING, ++seq, "again", 5, pay, &plen, 3, 10000);
	cr_assert_eq(st, PROTO_ST_OK);
	cr_assert_eq(plen, 5);
	cr_assert_arr_eq(pay, "again", 5);
	l2->ops->close(l2);
	sim_stop(pid, tty);
}

/* ---------------------------------------------------------------------
 * ftdi:
 * ------------------------------------------------------------------- */

static struct bpfsoc_ftdi_target parse_ok(const char *rest)
{
	struct bpfsoc_ftdi_target t;
	char err[300] = "";
	int rc = bpfsoc_ftdi_parse(rest, &t, err, sizeof(err));

	cr_assert_eq(rc, 0, "'%s': %d: %s", rest, rc, err);
	return t;
}

Test(ftdi, parse)
{
	struct bpfsoc_ftdi_target t;

	/* nothing given: the known boards, each on its own interface */
	t = parse_ok("");
	cr_assert(t.vid == 0 && t.pid == 0 && t.interface == 0 && !t.serial[0]);
	cr_assert_eq(t.baud, SOC_FW_UART_BAUD);
	/* the known boards' ids: their UART's interface */
	t = parse_ok("0403:6015");
	cr_assert(t.vid == 0x0403 && t.pid == 0x6015 && t.interface == 1, "ULX3S: A");
	t = parse_ok("0403:6010");
	cr_assert(t.vid == 0x0403 && t.pid == 0x6010 && t.interface == 2, "iCEBreaker: B");
	/* other ids: A, the only one of a single-channel chip */
	t = parse_ok("1d50:ABCD");
	cr_assert(t.vid == 0x1d50 && t.pid == 0xabcd && t.interface == 1);
	t = parse_ok("403:6001");
	cr_assert(t.vid == 0x0403 && t.pid == 0x6001);
	/* interface letters, either case, override */
	t = parse_ok("0403:6010?interface=a");
	cr_assert_eq(t.interface, 1);
	t = parse_ok("?interface=D");
	cr_assert(t.vid == 0 && t.interface == 4, "for every known board");
	t = parse_ok("0403:6011?interface=c");
	cr_assert_eq(t.interface, 3);
	/* serial numbers, with or without ids */
	t = parse_ok("/FT4ABCDE");
	cr_assert(t.vid == 0 && !strcmp(t.serial, "FT4ABCDE"));
	t = parse_ok("0403:6010/ib-1234?interface=B&baud=115200");
	cr_assert(t.vid == 0x0403 && t.pid == 0x6010 && t.interface == 2);
	cr_assert_str_eq(t.serial, "ib-1234");
	cr_assert_eq(t.baud, 115200);
	t = parse_ok("?baud=12000000");
	cr_assert_eq(t.baud, 12000000);
	t = parse_ok("?baud=183");
	cr_assert_eq(t.baud, 183);
}

Test(ftdi, parse_rejects)
{
	static const struct {
		const char *rest, *says;
	} bad[] = {
		{"0403", "VID:PID"},
		{"0403:", "VID:PID"},
		{":6015", "VID:PID"},
		{"04031:6015", "VID:PID"},
		{"0403:60150", "VID:PID"},
		{"zz03:6015", "VID:PID"},
		{"0403:6015:1", "VID:PID"},
		{"0403-6015", "VID:PID"},
		{"0x403:6015", "VID:PID"},
		{"0403:6015/", "serial number"},
		{"/", "serial number"},
		{"/0123456789012345678901234567890123456789012345678901234567890123", "serial number"},
		{"?interface=E", "interface=E"},
		{"?interface=AB", "interface=AB"},
		{"?interface=", "interface="},
		{"?interface=1", "interface=1"},
		{"?interface=toolongvalue", "interface=(too long)"},
		{"?baud=abc", "baud=abc: not a number"},
		{"?baud=0", "out of range"},
		{"?baud=182", "out of range"},
		{"?baud=12000001", "out of range"},
		{"?speed=9600", "unknown URI parameter 'speed'"},
		{"0403:6015?iface=B", "unknown URI parameter 'iface'"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bpfsoc_ftdi_target t;
		char err[300] = "";
		int rc = bpfsoc_ftdi_parse(bad[i].rest, &t, err, sizeof(err));

		cr_assert_eq(rc, -EINVAL, "'%s': %d, not -EINVAL (%s)", bad[i].rest, rc, err);
		cr_assert(!strncmp(err, "ftdi:", 5) && has(err, bad[i].says),
			  "'%s': message '%s' does not say '%s'", bad[i].rest, err, bad[i].says);
	}
	/* through bpfsoc_link_open: the same error, no device touched */
	struct bpfsoc_link *l = (struct bpfsoc_link *)1;
	char err[300];
	cr_assert_eq(bpfsoc_link_open("ftdi:0403?baud=1", &l, err, sizeof(err)), -EINVAL);
	cr_assert_null(l);
}

/* A real board, when one is plugged in. */
Test(ftdi, hardware, .timeout = 60)
{
	struct bpfsoc_link *l;
	char err[300] = "";
	uint8_t buf[64];
	int rc = bpfsoc_link_open("ftdi:", &l, err, sizeof(err));
	ssize_t n;

	if (rc == -ENODEV) {
		printf("ftdi: no FTDI device present, skipping the hardware test (%s)\n", err);
		cr_assert(has(err, "no FTDI device") || has(err, "libusb"), "%s", err);
		cr_skip_test("ftdi: no FTDI device present");
	}
	if (rc == -EACCES) {
		/* a board this user may not open: the machine's setup, not
		 * the code */
		printf("ftdi: %s: skipping the hardware test\n", err);
		cr_skip_test("ftdi: no access to the FTDI device");
	}
	cr_assert_eq(rc, 0, "%d: %s", rc, err);
	cr_assert_eq(l->ops, &bpfsoc_link_ftdi);
	buf[0] = 0;   /* a lone delimiter: an empty frame, ignored by the firmware */
	cr_assert_eq(l->ops->write(l, buf, 1, err, sizeof(err)), 0, "%s", err);
	n = l->ops->read(l, buf, sizeof(buf), 50, err, sizeof(err));
	cr_assert_geq(n, 0, "%s", err);
	l->ops->close(l);
}

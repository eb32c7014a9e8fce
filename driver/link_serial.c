/* link_serial.c: a serial port as a link (termios).
 *
 *   serial:/dev/ttyUSB1[?baud=N]      N defaults to SOC_FW_UART_BAUD (3000000)
 *
 * The port is put in raw mode, 8N1, with no flow control of any kind, at
 * any rate: a standard Bxxx constant where one exists, otherwise Linux's
 * termios2 with BOTHER.  It is locked (flock and TIOCEXCL) so that two
 * tools never share a board's line: their frames would interleave and
 * each would take the other's replies.  The descriptor is non-blocking;
 * reads and writes wait in poll(), so a timeout is a timeout and a stuck
 * line cannot hang the caller.  Closing puts the port back as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "bpfsoc_map.h"
#include "link.h"

/* Highest rate accepted: above any USB or on-board UART in use, and well
 * inside the kernel's 32-bit speed fields. */
#define SERIAL_MAX_BAUD 100000000ul

/* A rate the port delivers may differ from the one asked for by this
 * much (percent): an 8N1 receiver samples mid-bit and tolerates about
 * 4 % in all, shared by both ends. */
#define SERIAL_BAUD_TOLERANCE 3

/* Linux's termios2 (asm-generic/termbits.h), declared here because
 * <asm/termbits.h> clashes with glibc's <termios.h>.  The ioctl numbers
 * encode the struct's size, so a layout that did not match the kernel's
 * would be refused (ENOTTY), never misread.  Other architectures
 * (powerpc, mips, sparc, alpha) lay it out differently: there, only the
 * standard rates are available. */
#if defined(__linux__) && (defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
			   defined(__arm__) || defined(__riscv))
#define SERIAL_HAVE_TERMIOS2 1
struct serial_termios2 {
	unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line;
	unsigned char c_cc[19];
	unsigned int c_ispeed, c_ospeed;
};
_Static_assert(sizeof(struct serial_termios2) == 44, "struct termios2 of asm-generic");
#define SERIAL_TCGETS2 _IOR('T', 0x2A, struct serial_termios2)
#define SERIAL_TCSETS2 _IOW('T', 0x2B, struct serial_termios2)
#define SERIAL_BOTHER 0010000u /* the speed is in c_ospeed / c_ispeed */
#define SERIAL_IBSHIFT 16      /* the input speed's bits sit above the output's */
#endif

struct serial_link {
	struct bpfsoc_link base;
	int fd;
	int excl;                       /* TIOCEXCL is set: clear it at close */
	int have_saved;                 /* saved holds the port's settings at open */
	struct termios saved;
#ifdef SERIAL_HAVE_TERMIOS2
	int have_saved2;                /* ... and saved2, with the exact speeds */
	struct serial_termios2 saved2;
#endif
	int stall_ms;                   /* a write that makes no progress this long fails */
	char where[280];                /* "serial:/dev/ttyUSB1", for messages */
};

__attribute__((format(printf, 4, 5)))
static void say(char *err, size_t errlen, const char *where, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s: ", where);

	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The Bxxx constant of a standard rate, or B0 when there is none. */
static speed_t std_speed(unsigned long baud)
{
	static const struct {
		unsigned long baud;
		speed_t code;
	} rates[] = {
		{50, B50}, {75, B75}, {110, B110}, {134, B134}, {150, B150}, {200, B200},
		{300, B300}, {600, B600}, {1200, B1200}, {1800, B1800}, {2400, B2400},
		{4800, B4800}, {9600, B9600}, {19200, B19200}, {38400, B38400},
#ifdef B57600
		{57600, B57600},
#endif
#ifdef B115200
		{115200, B115200},
#endif
#ifdef B230400
		{230400, B230400},
#endif
#ifdef B460800
		{460800, B460800},
#endif
#ifdef B500000
		{500000, B500000},
#endif
#ifdef B576000
		{576000, B576000},
#endif
#ifdef B921600
		{921600, B921600},
#endif
#ifdef B1000000
		{1000000, B1000000},
#endif
#ifdef B1152000
		{1152000, B1152000},
#endif
#ifdef B1500000
		{1500000, B1500000},
#endif
#ifdef B2000000
		{2000000, B2000000},
#endif
#ifdef B2500000
		{2500000, B2500000},
#endif
#ifdef B3000000
		{3000000, B3000000},
#endif
#ifdef B3500000
		{3500000, B3500000},
#endif
#ifdef B4000000
		{4000000, B4000000},
#endif
	};

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		if (rates[i].baud == baud)
			return rates[i].code;
	return B0;
}

/* What to do about a failed open(2), for the message. */
static const char *open_hint(const char *path, int e, char *buf, size_t len)
{
	struct stat st;

	switch (e) {
	case ENOENT:
		return " (is the board plugged in? see ls /dev/ttyUSB* /dev/ttyACM*)";
	case EBUSY:
		return "";
	case EACCES:
	case EPERM:
		/* The usual fix is membership of the device's group (dialout
		 * on Debian), when the group may read and write it. */
		if (!stat(path, &st) && st.st_gid != 0 && (st.st_mode & (S_IRGRP | S_IWGRP)) ==
								 (S_IRGRP | S_IWGRP)) {
			struct group g, *gp = NULL;
			char gbuf[1024];

			if (!getgrgid_r(st.st_gid, &g, gbuf, sizeof(gbuf), &gp) && gp) {
				snprintf(buf, len, " (add yourself to group %s, then log in again)",
					 gp->gr_name);
				return buf;
			}
		}
		return " (check the device's permissions, or add a udev rule for it)";
	default:
		return "";
	}
}

/* open(2) and the lock.  Non-blocking, so that a port whose carrier
 * detect is low does not hang the open; O_NOCTTY, so that the port never
 * becomes this process's controlling terminal. */
static int port_open(struct serial_link *s, const char *path, char *err, size_t errlen)
{
	char hint[160];

	s->fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (s->fd < 0) {
		int e = errno;

		if (e == EBUSY)
			say(err, errlen, s->where, "busy: another program has it open");
		else
			say(err, errlen, s->where, "open: %s%s", strerror(e),
			    open_hint(path, e, hint, sizeof(hint)));
		return -e;
	}
	/* flock stops another libbpfsoc (or any tool that flocks the
	 * port), whoever runs it; TIOCEXCL below stops programs that do not
	 * lock, but not root's.  The lock ends with the descriptor. */
	if (flock(s->fd, LOCK_EX | LOCK_NB)) {
		if (errno == EWOULDBLOCK) {
			say(err, errlen, s->where, "busy: another program has it open");
			return -EBUSY;
		}
		/* no locks on this file system: TIOCEXCL still guards */
	}
	if (tcgetattr(s->fd, &s->saved)) {
		int e = errno;

		say(err, errlen, s->where, "not a serial port (tcgetattr: %s)", strerror(e));
		return e == ENOTTY || e == EINVAL ? -ENOTTY : -e;
	}
	s->have_saved = 1;
#ifdef SERIAL_HAVE_TERMIOS2
	s->have_saved2 = !ioctl(s->fd, SERIAL_TCGETS2, &s->saved2);
#endif
	/* The flag stays on the tty after this descriptor closes if another
	 * one is still open (a pty's master side, bpfsoc-sim's slave), so
	 * close clears it again. */
	s->excl = !ioctl(s->fd, TIOCEXCL);
	return 0;
}

#ifdef SERIAL_HAVE_TERMIOS2
/* A rate without a Bxxx constant: BOTHER, the rate itself in the
 * speed fields, for both directions. */
static int set_other_speed(struct serial_link *s, unsigned long baud, char *err, size_t errlen)
{
	struct serial_termios2 t;

	if (ioctl(s->fd, SERIAL_TCGETS2, &t)) {
		int e = errno;

		say(err, errlen, s->where, "baud=%lu: TCGETS2: %s", baud, strerror(e));
		return -e;
	}
	t.c_cflag &= ~(unsigned)(CBAUD | CBAUD << SERIAL_IBSHIFT);
	t.c_cflag |= SERIAL_BOTHER | SERIAL_BOTHER << SERIAL_IBSHIFT;
	t.c_ispeed = t.c_ospeed = (unsigned)baud;
	if (ioctl(s->fd, SERIAL_TCSETS2, &t)) {
		int e = errno;

		say(err, errlen, s->where, "baud=%lu: the port refuses this rate (TCSETS2: %s)", baud,
		    strerror(e));
		return e == ENOTTY ? -EINVAL : -e;
	}
	return 0;
}
#endif

/* The rate the port runs at now, as the kernel reports it: a driver
 * rounds to what its UART can make, and tcsetattr succeeds if any part
 * of a change did. */
static int check_speed(struct serial_link *s, unsigned long baud, char *err, size_t errlen)
{
#ifdef SERIAL_HAVE_TERMIOS2
	struct serial_termios2 t2;

	if (!ioctl(s->fd, SERIAL_TCGETS2, &t2)) {
		unsigned long got = t2.c_ospeed;

		if ((got > baud ? got - baud : baud - got) * 100 <= SERIAL_BAUD_TOLERANCE * baud)
			return 0;
		say(err, errlen, s->where, "baud=%lu: the port runs at %lu instead (its UART "
			"cannot make this rate)", baud, got);
		return -EINVAL;
	}
#endif
	struct termios t;

	if (tcgetattr(s->fd, &t)) {
		int e = errno;

		say(err, errlen, s->where, "tcgetattr: %s", strerror(e));
		return -e;
	}
	if (cfgetospeed(&t) != std_speed(baud)) {
		say(err, errlen, s->where, "baud=%lu: the port did not take this rate", baud);
		return -EINVAL;
	}
	return 0;
}

/* Raw 8N1, no flow control, the rate, and no stale bytes. */
static int set_line(struct serial_link *s, unsigned long baud, char *err, size_t errlen)
{
	struct termios t = s->saved;
	speed_t sp = std_speed(baud);
	int rc;

	cfmakeraw(&t);
	/* CLOCAL: ignore the modem lines (a board's UART has no carrier);
	 * no CRTSCTS, IXON or IXOFF: the link's bytes are binary, and an
	 * FPGA board's UART wires neither RTS nor CTS. */
	t.c_cflag |= CLOCAL | CREAD;
	t.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
	/* VMIN 1 with O_NONBLOCK: an empty line reads EAGAIN, and 0 only
	 * once the line has hung up (with VMIN 0 it would read 0 either way) */
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (sp != B0) {
		cfsetispeed(&t, sp);
		cfsetospeed(&t, sp);
	}
	if (tcsetattr(s->fd, TCSANOW, &t)) {
		int e = errno;

		say(err, errlen, s->where, "tcsetattr: %s", strerror(e));
		return -e;
	}
	if (sp == B0) {
#ifdef SERIAL_HAVE_TERMIOS2
		if ((rc = set_other_speed(s, baud, err, errlen)))
			return rc;
#else
		say(err, errlen, s->where, "baud=%lu: not a standard rate, and this build has no "
			"termios2 for others", baud);
		return -EINVAL;
#endif
	}
	if ((rc = check_speed(s, baud, err, errlen)))
		return rc;
	/* whatever the line held before: a half frame from an earlier tool */
	tcflush(s->fd, TCIOFLUSH);
	return 0;
}

static void serial_close(struct bpfsoc_link *l)
{
	struct serial_link *s = (struct serial_link *)l;

	if (!s)
		return;
	if (s->fd >= 0) {
#ifdef SERIAL_HAVE_TERMIOS2
		/* termios2 puts back a BOTHER rate exactly; tcsetattr could not */
		if (!(s->have_saved2 && !ioctl(s->fd, SERIAL_TCSETS2, &s->saved2)))
#endif
			if (s->have_saved)
				tcsetattr(s->fd, TCSANOW, &s->saved);
		if (s->excl)
			ioctl(s->fd, TIOCNXCL);
		close(s->fd);   /* and the flock with it */
	}
	free(s);
}

static int serial_open(const char *rest, struct bpfsoc_link **out, char *err, size_t errlen)
{
	static const char *const keys[] = {"baud", NULL};
	struct serial_link *s;
	char path[256], msg[200];
	unsigned long baud;
	int rc;

	*out = NULL;
	if (bpfsoc_uri_path(rest, path, sizeof(path))) {
		snprintf(err, errlen, "serial:%.60s...: path too long", rest);
		return -ENAMETOOLONG;
	}
	if (!*path) {
		snprintf(err, errlen, "serial%s%s: no device path (serial:/dev/ttyUSB1?baud=N)",
			 *rest ? ":" : "", rest);
		return -EINVAL;
	}
	if ((rc = bpfsoc_uri_check_keys(rest, keys, msg, sizeof(msg))) ||
	    (rc = bpfsoc_uri_uint(rest, "baud", SOC_FW_UART_BAUD, &baud, msg, sizeof(msg)))) {
		snprintf(err, errlen, "serial:%s: %s", path, msg);
		return rc;
	}
	if (baud == 0 || baud > SERIAL_MAX_BAUD) {
		snprintf(err, errlen, "serial:%s: baud=%lu: out of range (1 to %lu)", path, baud,
			 SERIAL_MAX_BAUD);
		return -EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "serial:%s: out of memory", path);
		return -ENOMEM;
	}
	s->base.ops = &bpfsoc_link_serial;
	s->fd = -1;
	snprintf(s->where, sizeof(s->where), "serial:%s", path);
	/* Room in the kernel's buffer appears as the UART sends: allow a
	 * full 4 KiB buffer's time at this rate, twice, and 10 s besides. */
	s->stall_ms = 10000 + (int)(2 * 4096 * 10 * 1000ull / baud);
	if ((rc = port_open(s, path, err, errlen)) || (rc = set_line(s, baud, err, errlen))) {
		serial_close(&s->base);
		return rc;
	}
	*out = &s->base;
	return 0;
}

/* An error on a port that was working: usually the board went away. */
static int io_error(struct serial_link *s, const char *what, int e, char *err, size_t errlen)
{
	say(err, errlen, s->where, "%s: %s%s", what, strerror(e),
	    e == EIO || e == ENXIO || e == ENODEV ? " (was the board unplugged?)" : "");
	return -e;
}

static int serial_write(struct bpfsoc_link *l, const uint8_t *buf, size_t n, char *err,
			size_t errlen)
{
	struct serial_link *s = (struct serial_link *)l;
	size_t done = 0;

	while (done < n) {
		ssize_t k = write(s->fd, buf + done, n - done);
		struct pollfd p = {.fd = s->fd, .events = POLLOUT};
		int r;

		if (k > 0) {
			done += (size_t)k;
			continue;
		}
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && errno != EAGAIN)
			return io_error(s, "write", errno, err, errlen);
		/* the kernel's buffer is full: wait for the UART to drain it */
		r = poll(&p, 1, s->stall_ms);
		if (r < 0 && errno != EINTR)
			return io_error(s, "poll", errno, err, errlen);
		if (r == 0) {
			say(err, errlen, s->where, "write: no byte moved in %d ms, %zu of %zu sent "
				"(is the line stuck?)", s->stall_ms, done, n);
			return -ETIMEDOUT;
		}
		if (r > 0 && (p.revents & (POLLERR | POLLHUP)) && !(p.revents & POLLOUT))
			return io_error(s, "write", EIO, err, errlen);
	}
	return 0;
}

static ssize_t serial_read(struct bpfsoc_link *l, uint8_t *buf, size_t cap, int timeout_ms,
			   char *err, size_t errlen)
{
	struct serial_link *s = (struct serial_link *)l;
	int64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);

	if (!cap)
		return 0;
	for (;;) {
		/* first take what is there, then wait for more */
		ssize_t n = read(s->fd, buf, cap);
		struct pollfd p = {.fd = s->fd, .events = POLLIN};
		int64_t left;
		int r;

		if (n > 0)
			return n;
		if (n == 0) {
			/* VMIN 1: 0 means end of file, a hang-up */
			say(err, errlen, s->where, "read: the line hung up (was the board unplugged?)");
			return -EIO;
		}
		if (errno != EAGAIN && errno != EINTR)
			return io_error(s, "read", errno, err, errlen);
		left = deadline - now_ms();
		if (left <= 0)
			return 0;
		r = poll(&p, 1, (int)left);
		if (r < 0 && errno != EINTR)
			return io_error(s, "poll", errno, err, errlen);
		if (r == 0)
			return 0;
		/* readable, hung up or failed: the read above says which */
	}
}

const struct bpfsoc_link_ops bpfsoc_link_serial = {
	.scheme = "serial",
	.open = serial_open,
	.write = serial_write,
	.read = serial_read,
	.bar_read = NULL,
	.bar_write = NULL,
	.close = serial_close,
};

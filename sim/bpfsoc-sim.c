/* bpfsoc-sim: the simulated SoC (rtl/bpfsoc_top.v, Verilated).
 *
 * By default it runs the firmware (build/firmware/bpfsoc-fw.elf, or
 * $BPFSOC_FIRMWARE) and serves the device's links to host tools, as a
 * powered board does: --pty the UART as a pseudo-terminal (a host tool
 * opens it as it would a board's serial port), --mmio the host port (BAR 0)
 * on a Unix socket (sim/mmio_sock.h), --uart-stdio the UART on standard
 * input and output.  It runs until SIGINT or SIGTERM.
 *
 * --elf runs any RV32 program instead, loaded at its link addresses and
 * started at its entry point.  The run ends when the program stores a word
 * to its symbol `tohost`: 1 means success (exit 0); any other value v is a
 * failure, reported as v >> 1 (exit 1), the convention of RISC-V test
 * programs.  --max-cycles bounds the run (exit 2 when it is reached).
 *
 * --line-drop/--line-corrupt/--line-dup inject faults on the UART's line
 * at a given rate, repeatably with --line-seed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "generated/bpfsoc_map.h"
#include "mmio_sock.h"
#include "rv_elf.h"
#include "soc_sim.h"

#define DEFAULT_MAX_CYCLES 100000000ull
#ifndef SIM_RAM_BYTES
#define SIM_RAM_BYTES SOC_RAM_SIZE   /* a board's with SOC_BOARD (sim/soc.mk) */
#endif

#ifndef BPFSOC_FW_ELF
#define BPFSOC_FW_ELF "build/firmware/bpfsoc-fw.elf"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bpfsoc-sim [--pty [LINK]] [--mmio PATH] [--uart-stdio] [options]\n"
		"       bpfsoc-sim --elf FILE [options]\n"
		"  The simulated SoC.  By default it runs the firmware (%s,\n"
		"  or $BPFSOC_FIRMWARE) and serves the device's links until stopped.\n"
		"  With --elf it runs that RV32IM program instead: the ELF's segments are\n"
		"  loaded into RAM [0x%08x, +%u) and the RISC-V core starts at its\n"
		"  entry.  A store to the symbol tohost ends the run: 1 passes (exit 0),\n"
		"  any other value v fails with v >> 1 (exit 1).\n"
		"  --elf FILE        the program\n"
		"  --max-cycles N    stop after N clock cycles (exit 2); default %llu, or no\n"
		"                    limit while serving a link\n"
		"  --trace           print every instruction either core retires\n"
		"  --vcd FILE        write waveforms\n"
		"  --pty [LINK]      serve the UART as a pseudo-terminal (and a symlink LINK to it)\n"
		"  --mmio PATH       serve the host port (BAR 0) on a Unix socket at PATH\n"
		"  --uart-stdio      the UART on standard input and output\n"
		"  --line-drop R     lose each byte on the line with probability R (0..1, or N%%)\n"
		"  --line-corrupt R  flip a bit of each byte with probability R\n"
		"  --line-dup R      duplicate each byte with probability R\n"
		"  --line-seed N     the seed of the line faults (default 1)\n"
		"  -h, --help        this text\n",
		BPFSOC_FW_ELF, SOC_RAM_BASE, SIM_RAM_BYTES, (unsigned long long)DEFAULT_MAX_CYCLES);
}

/* A rate as parts per million: "0.01" or "1%" */
static int parse_rate(const char *s, unsigned *ppm)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s)
		return -1;
	if (*end == '%') {
		v /= 100;
		end++;
	}
	if (*end || v < 0 || v > 1)
		return -1;
	*ppm = (unsigned)(v * 1e6 + 0.5);
	return 0;
}

static volatile sig_atomic_t stop_req;

static void on_signal(int sig)
{
	(void)sig;
	stop_req = 1;
}

/* The pseudo-terminal: its master, and its slave held open (raw) so that
 * the line stays up while no client has it open. */
static int open_pty(const char *link, int *slave)
{
	struct termios t;
	const char *name;
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0 || grantpt(m) || unlockpt(m) || !(name = ptsname(m))) {
		perror("bpfsoc-sim: pseudo-terminal");
		return -1;
	}
	*slave = open(name, O_RDWR | O_NOCTTY);
	if (*slave < 0 || tcgetattr(*slave, &t)) {
		perror("bpfsoc-sim: pseudo-terminal");
		return -1;
	}
	cfmakeraw(&t);
	tcsetattr(*slave, TCSANOW, &t);
	fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
	if (link) {
		unlink(link);
		if (symlink(name, link)) {
			fprintf(stderr, "bpfsoc-sim: %s: %s\n", link, strerror(errno));
			return -1;
		}
	}
	if (link)
		printf("bpfsoc-sim: UART on %s (%s)\n", name, link);
	else
		printf("bpfsoc-sim: UART on %s\n", name);
	fflush(stdout);
	return m;
}

/* Moves bytes between the line's far end and fd_in / fd_out. */
#define IDLE_CYCLES 50000000u  /* 1 s of the SoC's time: longer than any request waits */

static int bridge(struct soc_sim *s, int fd_in, int fd_out, int *moved)
{
	uint8_t buf[512];
	ssize_t n;
	size_t k;

	if (soc_sim_uart_backlog(s) < 64) {
		n = read(fd_in, buf, sizeof(buf));
		if (n > 0) {
			soc_sim_uart_put(s, buf, (size_t)n);
			*moved = 1;
		} else if (n == 0 && fd_in == 0) {
			return -1;   /* end of standard input */
		}
	}
	while ((k = soc_sim_uart_get(s, buf, sizeof(buf))) > 0) {
		*moved = 1;
		if (write(fd_out, buf, k) < 0 && errno != EAGAIN)
			return -1;
	}
	return 0;
}

/* ---- the MMIO port on a Unix socket (mmio_sock.h) ---- */
struct mmio_srv {
	int lfd, cfd;              /* listening socket; the client, or -1 */
	const char *path;
	size_t len;                /* bytes of requests in buf */
	uint8_t buf[12 + 4 * MMIO_SOCK_MAX_WORDS];
	uint32_t words[MMIO_SOCK_MAX_WORDS];
};

static int mmio_listen(struct mmio_srv *m, const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};

	m->cfd = -1;
	m->path = path;
	if (strlen(path) >= sizeof(a.sun_path)) {
		fprintf(stderr, "bpfsoc-sim: --mmio %s: path too long for a Unix socket\n", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	unlink(path);
	m->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (m->lfd < 0 || bind(m->lfd, (struct sockaddr *)&a, sizeof(a)) || listen(m->lfd, 4)) {
		fprintf(stderr, "bpfsoc-sim: --mmio %s: %s\n", path, strerror(errno));
		return -1;
	}
	printf("bpfsoc-sim: MMIO on %s\n", path);
	fflush(stdout);
	return 0;
}

/* Sends all n bytes on the non-blocking client socket. */
static int send_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pf = {.fd = fd, .events = POLLOUT};
			poll(&pf, 1, 1000);
			continue;
		}
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Executes one request at m->buf on the host port; returns the bytes it
 * took, 0 when it is not complete yet, -1 for a malformed one. */
static long mmio_one(struct soc_sim *s, struct mmio_srv *m)
{
	uint32_t h[3], a[2] = {0, 0};
	size_t need;
	int rc = 0;

	if (m->len < sizeof(h))
		return 0;
	memcpy(h, m->buf, sizeof(h));
	if ((h[0] != MMIO_SOCK_READ && h[0] != MMIO_SOCK_WRITE) || !h[2] ||
	    h[2] > MMIO_SOCK_MAX_WORDS)
		return -1;
	need = sizeof(h) + (h[0] == MMIO_SOCK_WRITE ? 4 * h[2] : 0);
	if (m->len < need)
		return 0;
	if (h[1] % 4 || h[1] >= HOST_BAR_SIZE || h[2] > (HOST_BAR_SIZE - h[1]) / 4)
		rc = -EINVAL;
	if (h[0] == MMIO_SOCK_WRITE)
		memcpy(m->words, m->buf + sizeof(h), 4 * h[2]);
	for (uint32_t i = 0; !rc && i < h[2]; i++)
		rc = h[0] == MMIO_SOCK_READ ? soc_sim_mmio_read(s, h[1] + 4 * i, &m->words[i])
					   : soc_sim_mmio_write(s, h[1] + 4 * i, m->words[i]);
	a[0] = (uint32_t)-rc;
	a[1] = h[2];
	if (send_all(m->cfd, a, sizeof(a)) ||
	    (!rc && h[0] == MMIO_SOCK_READ && send_all(m->cfd, m->words, 4 * h[2])))
		return -1;
	return (long)need;
}

/* Takes a client if none is connected, then serves what it has sent. */
static void mmio_serve(struct soc_sim *s, struct mmio_srv *m)
{
	if (m->cfd < 0) {
		m->cfd = accept4(m->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		m->len = 0;
		if (m->cfd < 0)
			return;
	}
	for (;;) {
		ssize_t k = read(m->cfd, m->buf + m->len, sizeof(m->buf) - m->len);
		long used;

		if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR))
			goto drop;
		if (k > 0)
			m->len += (size_t)k;
		while ((used = mmio_one(s, m)) > 0) {
			m->len -= (size_t)used;
			memmove(m->buf, m->buf + used, m->len);
		}
		if (used < 0)
			goto drop;
		if (k < 0)
			return;
	}
drop:   /* the client left, or broke the protocol: wait for the next */
	close(m->cfd);
	m->cfd = -1;
}

static void print_bpf_retire(void *user, const struct bpfcore_retire *r)
{
	(void)user;
	printf("bpf %5" PRIu32 ": %016" PRIx64, r->pc, r->insn);
	if (r->rd_valid)
		printf("  r%u = %016" PRIx64, r->rd, r->rd_val);
	if (r->mem_valid)
		printf("  %s %u @%08" PRIx32 " = %016" PRIx64, r->mem_write ? "st" : "ld",
		       r->mem_size, r->mem_addr, r->mem_data);
	printf("\n");
}

static int load_cb(void *user, uint32_t addr, const void *data, size_t len)
{
	return soc_sim_load(user, addr, data, len);
}

static void print_retire(void *user, const struct soc_rv_retire *r)
{
	(void)user;
	if (r->rd_valid)
		printf("rv %08" PRIx32 ": %08" PRIx32 "  x%u = %08" PRIx32 "\n", r->pc, r->insn,
		       r->rd, r->rd_val);
	else
		printf("rv %08" PRIx32 ": %08" PRIx32 "\n", r->pc, r->insn);
}

int main(int argc, char **argv)
{
	const char *elf = NULL, *vcd = NULL;
	unsigned long long max_cycles = 0;   /* 0: the default of the mode */
	int trace = 0, stdio = 0, use_pty = 0;
	const char *pty_link = NULL, *mmio_path = NULL;
	struct mmio_srv mmio = {.lfd = -1, .cfd = -1};
	unsigned drop = 0, corrupt = 0, dup = 0;
	unsigned long long seed = 1;
	struct rv_elf_info info;
	struct soc_sim *s;
	char err[512];
	uint32_t val = 0;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--elf") && i + 1 < argc) {
			elf = argv[++i];
		} else if (!strcmp(a, "--vcd") && i + 1 < argc) {
			vcd = argv[++i];
		} else if (!strcmp(a, "--trace")) {
			trace = 1;
		} else if (!strcmp(a, "--mmio") && i + 1 < argc) {
			mmio_path = argv[++i];
		} else if (!strcmp(a, "--uart-stdio")) {
			stdio = 1;
		} else if (!strcmp(a, "--pty")) {
			use_pty = 1;
			if (i + 1 < argc && argv[i + 1][0] != '-')
				pty_link = argv[++i];
		} else if ((!strcmp(a, "--line-drop") || !strcmp(a, "--line-corrupt") ||
			    !strcmp(a, "--line-dup")) && i + 1 < argc) {
			unsigned *dst = a[7] == 'r' ? &drop : a[7] == 'o' ? &corrupt : &dup;

			if (parse_rate(argv[++i], dst)) {
				fprintf(stderr, "bpfsoc-sim: %s: '%s' is not a rate between 0 and 1 "
					"(or 0%% and 100%%)\n", a, argv[i]);
				return 3;
			}
		} else if (!strcmp(a, "--line-seed") && i + 1 < argc) {
			char *end;

			errno = 0;
			seed = strtoull(argv[++i], &end, 0);
			if (errno || *end) {
				fprintf(stderr, "bpfsoc-sim: --line-seed: '%s' is not a number\n", argv[i]);
				return 3;
			}
		} else if (!strcmp(a, "--max-cycles") && i + 1 < argc) {
			char *end;

			errno = 0;
			max_cycles = strtoull(argv[++i], &end, 0);
			if (errno || *end || !max_cycles) {
				fprintf(stderr, "bpfsoc-sim: --max-cycles: '%s' is not a positive number\n",
					argv[i]);
				return 3;
			}
		} else {
			fprintf(stderr, "bpfsoc-sim: unknown or incomplete option '%s'\n", a);
			usage(stderr);
			return 3;
		}
	}
	int serving = use_pty || stdio || mmio_path;
	if (!elf) {
		/* the device: the firmware, with at least one link to the host */
		elf = getenv("BPFSOC_FIRMWARE") ? getenv("BPFSOC_FIRMWARE") : BPFSOC_FW_ELF;
		if (!serving) {
			fprintf(stderr, "bpfsoc-sim: the firmware needs a link to the host: give "
				"--pty, --mmio PATH or --uart-stdio (or --elf FILE to run a program)\n");
			usage(stderr);
			return 3;
		}
	}

	s = soc_sim_new(vcd);
	if (!s) {
		fprintf(stderr, "bpfsoc-sim: %s: cannot open for writing\n", vcd);
		return 3;
	}
	rc = rv_elf_load(elf, load_cb, s, &info, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "bpfsoc-sim: %s\n", err);
		soc_sim_free(s);
		return 3;
	}
	/* a program on its own stops at the cycle limit; one serving the UART
	 * runs until it is stopped (SIGINT, SIGTERM) unless a limit is given */
	if (!max_cycles)
		max_cycles = serving ? UINT64_MAX : DEFAULT_MAX_CYCLES;
	if (!info.has_tohost && !serving)
		fprintf(stderr, "bpfsoc-sim: %s has no symbol tohost: it runs until the cycle "
			"limit\n", elf);
	if (trace) {
		soc_sim_on_retire(s, print_retire, NULL);
		soc_sim_on_bpf_retire(s, print_bpf_retire, NULL);
	}
	soc_sim_line_faults(s, drop, corrupt, dup, seed);
	soc_sim_start(s, info.entry);
	if (serving) {
		int slave = -1, m = -1;
		uint64_t left = max_cycles;

		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		if ((use_pty && (m = open_pty(pty_link, &slave)) < 0) ||
		    (mmio_path && mmio_listen(&mmio, mmio_path))) {
			soc_sim_free(s);
			return 3;
		}
		if (stdio)
			fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
		rc = 0;
		uint64_t quiet = 0;   /* cycles since a host last did anything */
		while (!rc && left && !stop_req) {
			/* shorter steps while an MMIO client waits for answers */
			uint64_t step = mmio.cfd >= 0 ? 500 : 2000;
			uint64_t n = left < step ? left : step;
			int moved = 0;

			rc = soc_sim_run(s, n, info.has_tohost ? info.tohost : UINT32_MAX, &val);
			left -= n;
			if ((use_pty || stdio) &&
			    bridge(s, use_pty ? m : 0, use_pty ? m : 1, &moved) && stdio && !use_pty)
				stdio = 2;   /* input ended: run on until the end */
			if (mmio_path)
				mmio_serve(s, &mmio);
			/* A board waiting for its host costs no CPU: after IDLE_CYCLES
			 * without a byte on the line or an MMIO client, wait for one
			 * (200 ms at a time) between steps.  The SoC's clock runs
			 * slower meanwhile; nothing it does depends on that. */
			quiet = moved || mmio.cfd >= 0 || stdio == 1 ? 0 : quiet + n;
			if (quiet > IDLE_CYCLES && max_cycles == UINT64_MAX) {
				struct pollfd pf[2] = {{.fd = use_pty ? m : -1, .events = POLLIN},
						       {.fd = mmio_path ? mmio.lfd : -1, .events = POLLIN}};
				if (poll(pf, 2, 200) > 0)
					quiet = 0;
			}
		}
		if (pty_link)
			unlink(pty_link);
		if (mmio_path)
			unlink(mmio_path);
		if (stop_req) {
			printf("bpfsoc-sim: stopped after %" PRIu64 " cycles\n", soc_sim_cycles(s));
			soc_sim_free(s);
			return 0;
		}
	} else {
		rc = soc_sim_run(s, max_cycles, info.has_tohost ? info.tohost : UINT32_MAX, &val);
	}
	if (!rc) {
		printf("bpfsoc-sim: %s: no result after %llu cycles\n", elf, max_cycles);
		rc = 2;
	} else if (val == 1) {
		printf("bpfsoc-sim: %s: pass (%" PRIu64 " cycles)\n", elf, soc_sim_cycles(s));
		rc = 0;
	} else {
		printf("bpfsoc-sim: %s: FAIL: tohost = 0x%08" PRIx32 ", test %" PRIu32
		       " (%" PRIu64 " cycles)\n", elf, val, val >> 1, soc_sim_cycles(s));
		rc = 1;
	}
	soc_sim_free(s);
	return rc;
}

/* test_filter: tcpdump filters on the device (bpfsoc filter, and the
 * library's bpfsoc_filter__*), against libpcap itself.
 *
 *   equiv    EXPRS (50 expressions: ether, vlan, mpls, arp, ip, ip6, tcp,
 *            udp, icmp, icmp6, port, portrange, host, net, len, tcp flags,
 *            byte offsets and arithmetic, and/or/not) over every capture
 *            of ../shared/pcaps (skipped with a message when the folder is
 *            missing) and over captures of the project's generator
 *            (bpfsoc-trafgen, seeds 11 and 12, 10% malformed): each
 *            expression compiled by pcap_compile for Ethernet, loaded on
 *            the simulated SoC (sim:, the Verilated RISC-V and eBPF cores
 *            with the firmware) and run packet by packet; the device's
 *            verdict must be pcap_offline_filter's for every packet, with
 *            no fault, and the device (not the host's fallback) decides
 *            every packet whose needed bytes fit it.  Split in four
 *            groups that run in parallel.
 *   serial   the same for a few expressions over the simulator's UART
 *            (serial:, two batches in flight), on a clean line and on one
 *            that loses and damages bytes (the retries of pipelined runs)
 *   prog_load  raw programs: checked, loaded at the id of their name, and
 *            a program loaded 40 times in place (no slots lost)
 *   cli      bpfsoc filter as users run it: -w equals, byte for byte,
 *            what libpcap filtering of the input writes (microsecond,
 *            nanosecond and big-endian captures, a shared capture), -c,
 *            -s, -F, --json, --dump; errors: an expression libpcap
 *            rejects (libpcap's message, exit 1), a link type libpcap
 *            compiles for (DLT_RAW: handled, compared with libpcap) and
 *            one it cannot (refused, exit 1), a missing capture, an
 *            unwritable output, usage errors (exit 2)
 *   live     a network namespace with one end of a veth pair; frames sent
 *            into it from this machine only; bpfsoc filter -i on the other
 *            end with -c: what it wrote is exactly COUNT frames libpcap
 *            accepts, all of them ours (skipped when namespaces or veth
 *            are unavailable)
 */
#define _GNU_SOURCE   /* setns */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bpfsoc_proto.h"
#include "libbpfsoc.h"

#define TOOL BPFSOC_BUILD "/bpfsoc"
#define TRAFGEN BPFSOC_BUILD "/bpfsoc-trafgen"
#define PCAPS BPFSOC_SRC "/../shared/pcaps"

#define has(s, sub) (strstr((s), (sub)) != NULL)

/* ---------------------------------------------------------------------
 * The expressions
 * ------------------------------------------------------------------- */

static const char *const EXPRS[] = {
	/* link layer */
	"ether broadcast",
	"ether multicast and not ether broadcast",
	"ether proto 0x88cc or ether proto 0x2000",
	"ether[0] & 1 = 0 and ether[12:2] < 0x0600",
	"vlan",
	"vlan 100 and tcp port 80",
	"vlan and vlan",
	"mpls",
	"mpls and ip",
	"arp",
	"arp[6:2] = 2",
	/* network layer */
	"ip",
	"ip6",
	"ip multicast",
	"ip proto 47 or ip proto 89",
	"ip[8] < 5",
	"ip[0] & 0xf > 5",
	"ip[6:2] & 0x3fff != 0",
	"ip[2:2] - ((ip[0]&0xf)<<2) > 100",
	"ip[2:2] % 7 = 3 or ip[9] ^ 0x11 = 0",
	"ip[2:2] / 4 * 4 = ip[2:2] and ip[1] | 0x3 = 3",
	"ip6 and ip6[6] = 17",
	"ip6 protochain 6",
	"net 10.0.0.0/8",
	"src net 10.0.0.0/8 and dst port 443",
	"host 192.168.1.1 or host 10.0.0.1",
	"ip6 net fe80::/10",
	"ip6 net 2001:db8::/32 and not icmp6",
	/* transport */
	"tcp",
	"udp",
	"icmp",
	"icmp6",
	"icmp[icmptype] = icmp-echo or icmp[icmptype] = icmp-echoreply",
	"icmp6 and ip6[40] = 128",
	"port 53",
	"tcp port 80",
	"udp port 123 or udp port 53",
	"portrange 1-1023",
	"tcp portrange 8000-8100",
	"tcp and not port 22 and not port 80",
	"tcp[tcpflags] & tcp-syn != 0",
	"tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn",
	"tcp[tcpflags] & (tcp-fin|tcp-rst) != 0",
	"tcp[13] & 0x18 = 0x18",
	"tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420",
	/* lengths, and combinations */
	"len > 1000",
	"len <= 64 or greater 1500",
	"greater 200 and less 1000 and (udp or icmp6)",
	"not ip and not ip6 and not arp",
	"not (tcp or udp)",
};
#define N_EXPRS (sizeof(EXPRS) / sizeof(EXPRS[0]))

/* ---------------------------------------------------------------------
 * Directories, captures
 * ------------------------------------------------------------------- */

static char dir[256];

/* A directory of the test's own, with its simulator (BPFSOC_SIM_DIR) */
static void test_dir(const char *name)
{
	char sim[300];

	snprintf(dir, sizeof(dir), "/tmp/bpfsoc-test-filter-%s-XXXXXX", name);
	cr_assert(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	snprintf(sim, sizeof(sim), "%s/sim", dir);
	setenv("BPFSOC_SIM_DIR", sim, 1);
	unsetenv("BPFSOC_DEVICE");
}

/* The test's simulator stopped and its directory gone: at its end, and
 * (as every test's .fini) after an assertion ended it early */
static void test_dir_end(void)
{
	char cmd[400];

	if (!dir[0])
		return;
	bpfsoc_sim__stop("sim:");
	if (!strncmp(dir, "/tmp/bpfsoc-test-filter-", 24)) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			fprintf(stderr, "test_filter: could not remove %s\n", dir);
	}
	dir[0] = '\0';
}

struct pkt {
	struct pcap_pkthdr h;
	uint8_t *data;
	unsigned file;                 /* index into the corpus' names */
	unsigned index;                /* 1-based in its file */
};

struct corpus {
	struct pkt *p;
	size_t n, cap;
	char **names;
	unsigned n_names;
};

static void corpus_add_file(struct corpus *c, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned idx = 0;

	cr_assert(p, "%s: %s", path, err);
	cr_assert_eq(pcap_datalink(p), DLT_EN10MB, "%s: not Ethernet", path);
	c->names = realloc(c->names, (c->n_names + 1) * sizeof(*c->names));
	c->names[c->n_names] = strdup(strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	while (pcap_next_ex(p, &h, &d) == 1) {
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 1024;
			c->p = realloc(c->p, c->cap * sizeof(*c->p));
		}
		struct pkt *k = &c->p[c->n++];
		k->h = *h;
		k->data = malloc(h->caplen ? h->caplen : 1);
		memcpy(k->data, d, h->caplen);
		k->file = c->n_names;
		k->index = ++idx;
	}
	c->n_names++;
	pcap_close(p);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every capture of ../shared/pcaps, in name order: 0, or -1 when the
 * folder is not there */
static int corpus_shared(struct corpus *c)
{
	DIR *d = opendir(PCAPS);
	struct dirent *e;
	char *names[1024];
	unsigned n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) && n < 1024) {
		size_t l = strlen(e->d_name);
		if ((l > 5 && !strcmp(e->d_name + l - 5, ".pcap")) ||
		    (l > 7 && !strcmp(e->d_name + l - 7, ".pcapng")))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (unsigned i = 0; i < n; i++) {
		char path[600];
		snprintf(path, sizeof(path), "%s/%s", PCAPS, names[i]);
		corpus_add_file(c, path);
		free(names[i]);
	}
	return 0;
}

static int run_argv(char *const argv[], const char *out, const char *err, int timeout_s);

/* The project's generator: n packets, seed, 10% malformed */
static void trafgen(const char *path, unsigned n, unsigned seed)
{
	char ns[16], ss[16], log[300];

	snprintf(ns, sizeof(ns), "%u", n);
	snprintf(ss, sizeof(ss), "%u", seed);
	snprintf(log, sizeof(log), "%s/trafgen.log", dir);
	char *const argv[] = {TRAFGEN, "-n", ns, "-s", ss, "-m", "10", "-o", (char *)path, NULL};
	cr_assert_eq(run_argv(argv, log, log, 60), 0, "bpfsoc-trafgen failed");
}

static void corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->p[i].data);
	for (unsigned i = 0; i < c->n_names; i++)
		free(c->names[i]);
	free(c->p);
	free(c->names);
	memset(c, 0, sizeof(*c));
}

/* ---------------------------------------------------------------------
 * Equivalence with libpcap, packet by packet, on the device
 * ------------------------------------------------------------------- */

struct tally {
	uint64_t packets, accepted, device, on_host, mismatches, faults;
};

/* One expression over a corpus on dev: mismatches are reported (the first
 * few) and counted */
static void equiv_one(struct bpfsoc_device *dev, const char *expr, const struct corpus *c,
		      const char *what, struct tally *t)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 262144);
	struct bpf_program fp;
	struct bpfsoc_filter *f;
	int rc;

	cr_assert_eq(pcap_compile(dead, &fp, expr, 1, PCAP_NETMASK_UNKNOWN), 0, "%s: %s", expr,
		     pcap_geterr(dead));
	LIBBPFSOC_OPTS(bpfsoc_filter_opts, fo, .name = "pcap_filter");
	rc = bpfsoc_filter__load(dev, fp.bf_insns, fp.bf_len, &fo, &f);
	cr_assert_eq(rc, 0, "%s: bpfsoc_filter__load: %s", expr, strerror(-rc));

	struct bpfsoc_filter_packet *pk = calloc(c->n, sizeof(*pk));
	uint8_t *acc = calloc(c->n, 1);
	struct bpfsoc_filter_stats st = {0};

	for (size_t i = 0; i < c->n; i++) {
		pk[i].data = c->p[i].data;
		pk[i].caplen = c->p[i].h.caplen;
		pk[i].wirelen = c->p[i].h.len;
	}
	rc = bpfsoc_filter__run(f, pk, c->n, acc, &st);
	cr_assert_eq(rc, 0, "%s over %s: bpfsoc_filter__run: %s", expr, what, strerror(-rc));
	unsigned shown = 0, mism = 0, acc_n = 0;
	for (size_t i = 0; i < c->n; i++) {
		int want = pcap_offline_filter(&fp, &c->p[i].h, c->p[i].data) != 0;
		acc_n += acc[i] != 0;
		if (want == !!acc[i])
			continue;
		mism++;
		if (shown++ < 5)
			fprintf(stderr, "test_filter: MISMATCH `%s`: %s packet %u (caplen %u, len %u): "
				"device %s, libpcap %s\n", expr, c->names[c->p[i].file], c->p[i].index,
				c->p[i].h.caplen, c->p[i].h.len, acc[i] ? "accepts" : "rejects",
				want ? "accepts" : "rejects");
	}
	/* a filter whose bytes fit the device is decided there, every packet */
	uint32_t snap = bpfsoc_filter__snap_len(f);
	struct bpfsoc_info info;
	cr_assert_eq(bpfsoc_device__info(dev, &info), 0);
	if ((snap && snap + 4 <= info.packet_max) || !bpfsoc_filter__reads_packet(f))
		cr_expect_eq(st.on_host, 0, "`%s` (snap %u): %llu packets decided on the host", expr,
			     snap, (unsigned long long)st.on_host);
	cr_expect_eq(st.faults, 0, "`%s` over %s: %llu packets faulted on the device", expr, what,
		     (unsigned long long)st.faults);
	cr_expect_eq(st.packets, c->n);
	cr_expect_eq(st.device + st.on_host, c->n);
	t->packets += c->n;
	t->accepted += acc_n;
	t->device += st.device;
	t->on_host += st.on_host;
	t->mismatches += mism;
	t->faults += st.faults;
	cr_expect_eq(mism, 0, "`%s` over %s: %u of %zu verdicts differ from libpcap's", expr, what,
		     mism, c->n);
	free(pk);
	free(acc);
	bpfsoc_filter__close(f);
	pcap_freecode(&fp);
	pcap_close(dead);
}

/* Expressions [from, to) over the shared captures and the generator's */
static void equiv_group(const char *name, size_t from, size_t to)
{
	struct corpus shared = {0}, gen = {0};
	struct bpfsoc_device *dev;
	char path[400];
	int have_shared;

	test_dir(name);
	have_shared = corpus_shared(&shared) == 0;
	if (!have_shared)
		fprintf(stderr, "test_filter: %s is not there: the shared captures are skipped, the "
			"generator's run\n", PCAPS);
	for (unsigned s = 11; s <= 12; s++) {
		snprintf(path, sizeof(path), "%s/gen%u.pcap", dir, s);
		trafgen(path, 300, s);
		corpus_add_file(&gen, path);
	}
	int rc = bpfsoc_device__open("sim:", NULL, &dev);
	cr_assert_eq(rc, 0, "sim: %s", strerror(-rc));
	struct tally ts = {0}, tg = {0};
	for (size_t e = from; e < to && e < N_EXPRS; e++) {
		struct tally one = {0};
		if (have_shared)
			equiv_one(dev, EXPRS[e], &shared, "the shared captures", &one);
		equiv_one(dev, EXPRS[e], &gen, "the generator's captures", &one);
		ts.packets += have_shared ? shared.n : 0;
		tg.packets += gen.n;
		ts.mismatches += one.mismatches;
		ts.faults += one.faults;
		ts.on_host += one.on_host;
		ts.accepted += one.accepted;
		/* every expression matters: it accepts some packet and rejects some */
		cr_expect(one.accepted > 0 && one.accepted < one.packets,
			  "`%s` accepts %llu of %llu packets: it tells nothing apart", EXPRS[e],
			  (unsigned long long)one.accepted, (unsigned long long)one.packets);
	}
	fprintf(stderr, "test_filter: %s: %zu expressions x (%u shared captures, %zu packets + %u "
		"generated, %zu packets): %llu verdicts, %llu mismatches, %llu faults, %llu decided "
		"on the host (longer than the device takes)\n", name,
		(to < N_EXPRS ? to : N_EXPRS) - from, shared.n_names, shared.n, gen.n_names, gen.n,
		(unsigned long long)(ts.packets + tg.packets), (unsigned long long)ts.mismatches,
		(unsigned long long)ts.faults, (unsigned long long)ts.on_host);
	if (have_shared) {
		cr_expect_geq(shared.n_names, 211, "the shared folder holds %u captures", shared.n_names);
		cr_expect_geq(shared.n, 2876, "the shared captures hold %zu packets", shared.n);
	}
	bpfsoc_device__close(dev);
	corpus_free(&shared);
	corpus_free(&gen);
	test_dir_end();
}

#define GROUP ((N_EXPRS + 3) / 4)
Test(equiv, group1, .timeout = 600, .fini = test_dir_end) { equiv_group("g1", 0, GROUP); }
Test(equiv, group2, .timeout = 600, .fini = test_dir_end) { equiv_group("g2", GROUP, 2 * GROUP); }
Test(equiv, group3, .timeout = 600, .fini = test_dir_end) { equiv_group("g3", 2 * GROUP, 3 * GROUP); }
Test(equiv, group4, .timeout = 600, .fini = test_dir_end) { equiv_group("g4", 3 * GROUP, N_EXPRS); }

/* The UART (serial: to the simulator's pty), two batches in flight */
Test(serial, pipelined_verdicts, .timeout = 600, .fini = test_dir_end)
{
	struct corpus gen = {0};
	struct bpfsoc_device *dev;
	char path[400], uri[400];
	static const char *const exprs[] = {"tcp port 80", "len > 300", "vlan and udp",
					    "tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420"};

	test_dir("serial");
	snprintf(path, sizeof(path), "%s/gen.pcap", dir);
	trafgen(path, 150, 21);
	corpus_add_file(&gen, path);
	/* start the simulator over its host port, then reach its UART */
	int rc = bpfsoc_device__open("sim:", NULL, &dev);
	cr_assert_eq(rc, 0);
	bpfsoc_device__close(dev);
	snprintf(uri, sizeof(uri), "serial:%s/sim/uart", dir);
	rc = bpfsoc_device__open(uri, NULL, &dev);
	cr_assert_eq(rc, 0, "%s: %s", uri, strerror(-rc));
	struct tally t = {0};
	for (size_t e = 0; e < sizeof(exprs) / sizeof(exprs[0]); e++)
		equiv_one(dev, exprs[e], &gen, "a generated capture over the UART", &t);
	cr_expect_eq(t.mismatches, 0);
	cr_expect_eq(t.device + t.on_host, t.packets);
	bpfsoc_device__close(dev);
	corpus_free(&gen);
	test_dir_end();
}

/* The same over a UART that loses and damages bytes (the simulator's
 * --line-drop and --line-corrupt, 100 ppm each: a third of the requests
 * arrive damaged): the pipelined runs' retries still give libpcap's
 * verdict for every packet */
Test(serial, lossy_line, .timeout = 900, .fini = test_dir_end)
{
	struct corpus gen = {0};
	struct bpfsoc_device *dev;
	char path[400], uri[400], wrap[400];
	static const char *const exprs[] = {"tcp port 80", "udp or len > 500"};

	test_dir("lossy");
	snprintf(wrap, sizeof(wrap), "%s/sim.sh", dir);
	FILE *w = fopen(wrap, "w");
	cr_assert(w);
	fprintf(w, "#!/bin/sh\nexec %s/bpfsoc-sim --line-drop 0.01%% --line-corrupt 0.01%% "
		"--line-seed 5 \"$@\"\n", BPFSOC_BUILD);
	fclose(w);
	chmod(wrap, 0755);
	setenv("BPFSOC_SIM", wrap, 1);
	snprintf(path, sizeof(path), "%s/gen.pcap", dir);
	trafgen(path, 250, 22);
	corpus_add_file(&gen, path);
	int rc = bpfsoc_device__open("sim:", NULL, &dev);
	cr_assert_eq(rc, 0);
	bpfsoc_device__close(dev);
	snprintf(uri, sizeof(uri), "serial:%s/sim/uart", dir);
	rc = bpfsoc_device__open(uri, NULL, &dev);
	cr_assert_eq(rc, 0, "%s: %s", uri, strerror(-rc));
	uint64_t before[8] = {0}, after[8] = {0};
	cr_assert_geq(bpfsoc_device__counters(dev, before, 8), 8);
	struct tally t = {0};
	for (size_t e = 0; e < sizeof(exprs) / sizeof(exprs[0]); e++)
		equiv_one(dev, exprs[e], &gen, "a generated capture over a lossy UART", &t);
	cr_assert_geq(bpfsoc_device__counters(dev, after, 8), 8);
	uint64_t damaged = after[PROTO_CNT_RX_BAD_CRC] + after[PROTO_CNT_RX_BAD_FRAME] -
			   before[PROTO_CNT_RX_BAD_CRC] - before[PROTO_CNT_RX_BAD_FRAME];
	fprintf(stderr, "test_filter: lossy UART: %llu verdicts, %llu mismatches; the device saw %llu "
		"damaged frames and answered %llu retries from its cache\n",
		(unsigned long long)t.packets, (unsigned long long)t.mismatches,
		(unsigned long long)damaged,
		(unsigned long long)(after[PROTO_CNT_RETRIES] - before[PROTO_CNT_RETRIES]));
	cr_expect_gt(damaged, 0, "the line damaged nothing: the test tests nothing");
	cr_expect_eq(t.mismatches, 0);
	bpfsoc_device__close(dev);
	corpus_free(&gen);
	test_dir_end();
}

/* ---------------------------------------------------------------------
 * Raw programs: bpfsoc_device__prog_load
 * ------------------------------------------------------------------- */

/* n instructions: r0 = 2 (n - 1 times), exit */
/* A board's configuration over its UART: the iCEBreaker's SoC (its
 * bpfsoc-sim, built by `make test-icebreaker`, which names it in
 * BPFSOC_TEST_BOARD_SIM) has a 512-byte receive FIFO and rv_core, which
 * takes the line's bytes more slowly than 3 Mbaud brings them.  The
 * driver sizes its requests to the FIFO (INFO RX_FIFO_LOG2): programs load
 * and every verdict is libpcap's.  Without that simulator (the default
 * configuration's run of this suite) there is nothing to test here. */
static pid_t board_sim;

/* the board's simulator stopped, even when an assertion ended the test */
static void board_end(void)
{
	if (board_sim > 0) {
		kill(board_sim, SIGTERM);
		waitpid(board_sim, NULL, 0);
		board_sim = 0;
	}
	test_dir_end();
}

Test(board, small_receive_fifo, .timeout = 900, .fini = board_end)
{
	const char *sim = getenv("BPFSOC_TEST_BOARD_SIM");
	struct corpus gen = {0};
	struct bpfsoc_device *dev;
	struct bpfsoc_info info;
	char path[400], uri[420], link[400];
	static const char *const exprs[] = {"tcp port 80", "len > 300", "udp or icmp"};

	if (!sim)
		cr_skip_test("BPFSOC_TEST_BOARD_SIM is not set: make test-icebreaker runs this");
	test_dir("board");
	snprintf(link, sizeof(link), "%s/uart", dir);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execl(sim, sim, "--pty", link, (char *)NULL);
		_exit(127);
	}
	board_sim = pid;
	for (int i = 0; i < 100 && access(link, F_OK); i++)
		usleep(50000);
	snprintf(uri, sizeof(uri), "serial:%s", link);
	int rc = bpfsoc_device__open(uri, NULL, &dev);
	cr_assert_eq(rc, 0, "%s (%s): %s", uri, sim, strerror(-rc));
	cr_assert_eq(bpfsoc_device__info(dev, &info), 0);
	cr_expect_eq(info.rx_fifo_log2, 9, "INFO RX_FIFO_LOG2 %u", info.rx_fifo_log2);
	snprintf(path, sizeof(path), "%s/gen.pcap", dir);
	trafgen(path, 200, 23);
	corpus_add_file(&gen, path);
	struct tally t = {0};
	for (size_t e = 0; e < sizeof(exprs) / sizeof(exprs[0]); e++)
		equiv_one(dev, exprs[e], &gen, "a generated capture over a board's UART", &t);
	fprintf(stderr, "test_filter: %s over its UART: %llu verdicts, %llu mismatches\n", sim,
		(unsigned long long)t.packets, (unsigned long long)t.mismatches);
	cr_expect_eq(t.mismatches, 0);
	cr_expect_eq(t.device + t.on_host, t.packets);
	bpfsoc_device__close(dev);
	corpus_free(&gen);
}

static uint64_t *pass_prog(size_t n)
{
	uint64_t *p = calloc(n, sizeof(*p));

	for (size_t i = 0; i + 1 < n; i++)
		p[i] = 0xb7 | (uint64_t)2 << 32;   /* mov r0, 2 */
	p[n - 1] = 0x95;                           /* exit */
	return p;
}

Test(prog_load, checked_and_replaced_in_place, .timeout = 300, .fini = test_dir_end)
{
	struct bpfsoc_device *dev;
	struct bpfsoc_prog_info pi;
	struct bpfsoc_info info;

	test_dir("progload");
	cr_assert_eq(bpfsoc_device__open("sim:", NULL, &dev), 0);
	cr_assert_eq(bpfsoc_device__info(dev, &info), 0);
	uint64_t *small = pass_prog(20), *big = pass_prog(1500);
	int other = bpfsoc_device__prog_load(dev, "other", small, 20, NULL);
	cr_assert_eq(other, 0, "the lowest free id: %d", other);
	/* loaded again and again under one name: one id, no slots lost
	 * (40 loads of up to 1500 instructions in 4096 slots) */
	int id = -1;
	for (int i = 0; i < 40; i++) {
		int rc = bpfsoc_device__prog_load(dev, "pcap_filter", i % 2 ? big : small,
						  i % 2 ? 1500 : 20, NULL);
		cr_assert_geq(rc, 0, "load %d: %s", i, strerror(-rc));
		if (id < 0)
			id = rc;
		cr_assert_eq(rc, id, "load %d took id %d, not %d", i, rc, id);
		cr_assert_eq(bpfsoc_device__prog_info(dev, (unsigned)id, &pi), 0);
		cr_expect_eq(pi.slots, i % 2 ? 1500 : 20);
		cr_expect_str_eq(pi.name, "pcap_filter");
	}
	cr_expect_eq(id, 1);
	/* it runs */
	const uint8_t pkt[60] = {0};
	const uint8_t *pp[1] = {pkt};
	uint16_t len[1] = {60};
	struct bpfsoc_run_result res;
	cr_assert_eq(bpfsoc_device__run(dev, (unsigned)id, pp, len, 1, NULL, &res, NULL), 0);
	cr_expect_eq(res.verdict, 2);
	/* the checker refuses a read of a register never written, and the
	 * device keeps what it had */
	uint64_t bad[2] = {0xbf | 5u << 12, 0x95};   /* mov r0, r5; exit */
	cr_expect_eq(bpfsoc_device__prog_load(dev, "pcap_filter", bad, 2, NULL), -EINVAL);
	cr_assert_eq(bpfsoc_device__prog_info(dev, (unsigned)id, &pi), 0);
	cr_expect_eq(pi.slots, 1500, "a refused program changed the device");
	/* too large for what is free; a fixed id */
	uint64_t *huge = pass_prog(info.imem_slots);
	cr_expect_lt(bpfsoc_device__prog_load(dev, "huge", huge, info.imem_slots, NULL), 0);
	LIBBPFSOC_OPTS(bpfsoc_prog_load_opts, fo, .fixed_id = 1, .id = 7);
	cr_expect_eq(bpfsoc_device__prog_load(dev, "seven", small, 20, &fo), 7);
	cr_assert_eq(bpfsoc_device__prog_info(dev, 0, &pi), 0);
	cr_expect_str_eq(pi.name, "other", "the other program stayed");
	free(small);
	free(big);
	free(huge);
	bpfsoc_device__close(dev);
	test_dir_end();
}

/* ---------------------------------------------------------------------
 * The tool
 * ------------------------------------------------------------------- */

/* Runs argv with stdout and stderr into files (NULL: /dev/null): its exit
 * code, 128 + signal, or -1 on a timeout (it is killed) */
static int run_argv(char *const argv[], const char *out, const char *err, int timeout_s)
{
	pid_t pid = fork();

	cr_assert(pid >= 0);
	if (pid == 0) {
		int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = err && out && !strcmp(err, out) ? o :
			open(err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	for (int i = 0; i < timeout_s * 100; i++) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static char out_txt[64 * 1024], err_txt[64 * 1024];

static void slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, cap - 1, f) : 0;

	buf[n] = '\0';
	if (f)
		fclose(f);
}

/* bpfsoc ARGS...: its exit code; out_txt and err_txt hold what it printed */
static int tool(const char *first, ...)
{
	char *argv[64], o[400], e[400];
	va_list ap;
	int n = 0, rc;

	argv[n++] = TOOL;
	va_start(ap, first);
	for (const char *a = first; a && n < 63; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	snprintf(o, sizeof(o), "%s/tool.out", dir);
	snprintf(e, sizeof(e), "%s/tool.err", dir);
	rc = run_argv(argv, o, e, 300);
	slurp(o, out_txt, sizeof(out_txt));
	slurp(e, err_txt, sizeof(err_txt));
	return rc;
}

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t n = 0, cap = 0, k;
	uint8_t buf[8192];

	if (!f)
		return NULL;
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (n + k > cap) {
			cap = 2 * (n + k);
			b = realloc(b, cap);
		}
		memcpy(b + n, buf, k);
		n += k;
	}
	fclose(f);
	*len = n;
	return b ? b : calloc(1, 1);
}

/* What libpcap filtering of in writes (tcpdump -r in -w out expr): the
 * number of packets it wrote, at most limit (0: all), each cut to snap
 * bytes (0: whole) */
static unsigned libpcap_filter(const char *in, const char *out, const char *expr, int nano,
			       unsigned limit, unsigned snap)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline_with_tstamp_precision(
		in, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, err);
	struct bpf_program fp;
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned n = 0;

	cr_assert(p, "%s: %s", in, err);
	cr_assert_eq(pcap_compile(p, &fp, expr, 1, PCAP_NETMASK_UNKNOWN), 0, "%s", pcap_geterr(p));
	pcap_t *dead = snap ? pcap_open_dead_with_tstamp_precision(pcap_datalink(p), (int)snap,
				  nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO)
			    : NULL;
	pcap_dumper_t *dump = pcap_dump_open(dead ? dead : p, out);
	cr_assert(dump);
	while ((!limit || n < limit) && pcap_next_ex(p, &h, &d) == 1)
		if (pcap_offline_filter(&fp, h, d)) {
			struct pcap_pkthdr c = *h;
			if (snap && c.caplen > snap)
				c.caplen = snap;
			pcap_dump((u_char *)dump, &c, d);
			n++;
		}
	pcap_dump_close(dump);
	pcap_freecode(&fp);
	if (dead)
		pcap_close(dead);
	pcap_close(p);
	return n;
}

/* The files at a and b are the same bytes */
static void same_file(const char *a, const char *b, const char *what)
{
	size_t na = 0, nb = 0;
	uint8_t *x = read_all(a, &na), *y = read_all(b, &nb);

	cr_assert(x && y, "%s: cannot read %s or %s", what, a, b);
	size_t i = 0;
	while (i < na && i < nb && x[i] == y[i])
		i++;
	cr_expect(na == nb && i == na, "%s: %s (%zu bytes) and libpcap's %s (%zu bytes) differ at "
		  "byte %zu", what, a, na, b, nb, i);
	free(x);
	free(y);
}

/* "N packets seen, A accepted, R rejected" in the tool's summary */
static void summary(unsigned long long *seen, unsigned long long *acc, unsigned long long *rej)
{
	const char *s = strstr(err_txt, " seen, ");

	cr_assert(s, "no summary in: %s", err_txt);
	while (s > err_txt && s[-1] != '\n')
		s--;
	cr_assert_eq(sscanf(s, "%llu packet%*[s] seen, %llu accepted, %llu rejected", seen, acc, rej),
		     3, "summary: %s", s);
}

/* A capture of generated traffic rewritten with nanosecond time stamps */
static void to_nano(const char *in, const char *out)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline_with_tstamp_precision(in, PCAP_TSTAMP_PRECISION_NANO, err);
	pcap_t *dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535,
							    PCAP_TSTAMP_PRECISION_NANO);
	pcap_dumper_t *d = pcap_dump_open(dead, out);
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned i = 0;

	cr_assert(p && d);
	while (pcap_next_ex(p, &h, &data) == 1) {
		struct pcap_pkthdr c = *h;
		c.ts.tv_usec = c.ts.tv_usec * 1000 + (i++ % 1000);   /* nanoseconds of their own */
		pcap_dump((u_char *)d, &c, data);
	}
	pcap_dump_close(d);
	pcap_close(dead);
	pcap_close(p);
}

Test(cli, offline_output_is_libpcaps, .timeout = 600, .fini = test_dir_end)
{
	char in[400], nano[400], out[400], ref[400];
	unsigned long long seen, acc, rej;

	test_dir("cli-out");
	snprintf(in, sizeof(in), "%s/in.pcap", dir);
	snprintf(nano, sizeof(nano), "%s/nano.pcap", dir);
	snprintf(out, sizeof(out), "%s/out.pcap", dir);
	snprintf(ref, sizeof(ref), "%s/ref.pcap", dir);
	trafgen(in, 400, 31);
	to_nano(in, nano);

	static const char *const exprs[] = {"tcp port 80", "len > 200 and not vlan",
					    "icmp6 or arp", "ip[2:2] - ((ip[0]&0xf)<<2) > 100"};
	for (size_t e = 0; e < sizeof(exprs) / sizeof(exprs[0]); e++) {
		for (int ns = 0; ns < 2; ns++) {
			const char *src = ns ? nano : in;
			cr_assert_eq(tool("filter", "-r", src, "-w", out, exprs[e], NULL), 0, "%s", err_txt);
			unsigned n = libpcap_filter(src, ref, exprs[e], ns, 0, 0);
			char what[200];
			snprintf(what, sizeof(what), "`%s` over %s", exprs[e], ns ? "nanosecond time stamps"
										  : "microsecond ones");
			same_file(out, ref, what);
			summary(&seen, &acc, &rej);
			cr_expect_eq(seen, 400);
			cr_expect_eq(acc, n, "%s: %llu accepted, libpcap %u", what, acc, n);
			cr_expect_eq(rej, 400 - n);
		}
	}
	/* the shared captures in big-endian byte order, and those with packets
	 * longer than the device takes (an unbounded filter: libpcap decides
	 * those on the host) */
	DIR *dd = opendir(PCAPS);
	if (dd) {
		struct dirent *de;
		unsigned tried = 0;

		while ((de = readdir(dd))) {
			char path[600];
			uint8_t m[4] = {0};
			snprintf(path, sizeof(path), "%s/%s", PCAPS, de->d_name);
			FILE *f = fopen(path, "rb");
			if (!f)
				continue;
			size_t got = fread(m, 1, 4, f);
			fseek(f, 0, SEEK_END);
			long size = ftell(f);
			fclose(f);
			int be = got == 4 && m[0] == 0xa1 && m[1] == 0xb2;
			if (!be && !(got == 4 && size > 60000))
				continue;
			const char *ex = be ? "ip or ip6" : "tcp[((tcp[12:1] & 0xf0) >> 2):1] < 0x80 or len > 20000";
			cr_assert_eq(tool("filter", "-r", path, "-w", out, ex, NULL), 0, "%s: %s", path,
				     err_txt);
			libpcap_filter(path, ref, ex, 0, 0, 0);
			same_file(out, ref, de->d_name);
			tried++;
		}
		closedir(dd);
		cr_expect(tried >= 3, "only %u shared captures tried", tried);
	} else {
		fprintf(stderr, "test_filter: %s is not there: the shared captures are skipped\n",
			PCAPS);
	}

	/* -c: the first COUNT accepted; -s: each written packet cut */
	cr_assert_eq(tool("filter", "-r", in, "-w", out, "-c", "7", "tcp", NULL), 0, "%s", err_txt);
	cr_expect_eq(libpcap_filter(in, ref, "tcp", 0, 7, 0), 7);
	same_file(out, ref, "-c 7");
	summary(&seen, &acc, &rej);
	cr_expect_eq(acc, 7);
	cr_assert_eq(tool("filter", "-r", in, "-w", out, "-s", "60", "udp", NULL), 0, "%s", err_txt);
	libpcap_filter(in, ref, "udp", 0, 0, 60);
	same_file(out, ref, "-s 60");
	/* -F and words joined as tcpdump joins them */
	char ff[400];
	snprintf(ff, sizeof(ff), "%s/expr", dir);
	FILE *f = fopen(ff, "w");
	fputs("# web traffic\ntcp and\n  (port 80 or port 443)\n", f);
	fclose(f);
	cr_assert_eq(tool("filter", "-r", in, "-w", out, "-F", ff, NULL), 0, "%s", err_txt);
	libpcap_filter(in, ref, "tcp and (port 80 or port 443)", 0, 0, 0);
	same_file(out, ref, "-F");
	cr_assert_eq(tool("filter", "-r", in, "-w", out, "tcp", "and", "(port", "80", "or", "port",
			  "443)", NULL), 0, "%s", err_txt);
	same_file(out, ref, "words joined");
	test_dir_end();
}

Test(cli, json_lines_and_dump, .timeout = 300, .fini = test_dir_end)
{
	char in[400];
	unsigned long long seen, acc, rej;

	test_dir("cli-json");
	snprintf(in, sizeof(in), "%s/in.pcap", dir);
	trafgen(in, 200, 41);
	/* --json: one object on stdout, the numbers libpcap's */
	char ref[400];
	snprintf(ref, sizeof(ref), "%s/ref.pcap", dir);
	unsigned n = libpcap_filter(in, ref, "udp port 53", 0, 0, 0);
	cr_assert_eq(tool("--json", "filter", "-r", in, "udp", "port", "53", NULL), 0, "%s", err_txt);
	char want[128];
	snprintf(want, sizeof(want), "\"packets\":200,\"accepted\":%u,\"rejected\":%u", n, 200 - n);
	cr_expect(has(out_txt, want), "JSON %s lacks %s", out_txt, want);
	cr_expect(has(out_txt, "\"expression\":\"udp port 53\""), "%s", out_txt);
	cr_expect(has(out_txt, "\"snap_len\":"), "%s", out_txt);
	cr_expect(has(out_txt, "\"device_pps\":"), "%s", out_txt);
	cr_expect(has(out_txt, "\"cycles_per_packet\":"), "%s", out_txt);
	cr_expect(out_txt[0] == '{' && strchr(out_txt, '\n') && !strchr(out_txt, '\n')[1],
		  "one JSON text: %s", out_txt);
	/* without -w: a line an accepted packet on stdout, counts on stderr */
	cr_assert_eq(tool("filter", "-r", in, "udp port 53", NULL), 0, "%s", err_txt);
	unsigned lines = 0;
	for (const char *p = out_txt; (p = strchr(p, '\n')); p++)
		lines++;
	cr_expect_eq(lines, n, "%u lines for %u packets:\n%s", lines, n, out_txt);
	cr_expect(n == 0 || has(out_txt, ".53: UDP"), "%s", out_txt);
	summary(&seen, &acc, &rej);
	cr_expect_eq(acc, n);
	cr_expect(has(err_txt, "SoC cycles a packet") && has(err_txt, "packets/s"), "%s", err_txt);
	/* len: the wire length crosses too */
	cr_assert_eq(tool("filter", "-r", in, "len > 100", NULL), 0, "%s", err_txt);
	cr_expect(has(err_txt, "no packet byte crosses the link, only the wire length"), "%s",
		  err_txt);
	cr_assert_eq(tool("filter", "-r", in, "tcp port 80", NULL), 0, "%s", err_txt);
	cr_expect(has(err_txt, "at most 78 bytes a packet cross the link"), "%s", err_txt);
	/* --dump: side by side, and no device is opened */
	bpfsoc_sim__stop("sim:");
	cr_assert_eq(tool("filter", "--dump", "tcp", "port", "80", NULL), 0, "%s", err_txt);
	cr_expect(has(out_txt, "(000) ldh      [12]") && has(out_txt, "ldxh") && has(out_txt, "|"),
		  "%s", out_txt);
	int pid;
	char sd[600];
	cr_expect_eq(bpfsoc_sim__status("sim:", &pid, sd, sizeof(sd)), 0, "--dump started a simulator");
	cr_assert_eq(tool("filter", "-r", in, "--dump", "len > 100", NULL), 0, "%s", err_txt);
	cr_expect(has(out_txt, "len"), "%s", out_txt);
	test_dir_end();
}

/* A capture of link type DLT_RAW (IPv4 without a link header): what
 * libpcap compiles for it the tool runs */
static void raw_capture(const char *path)
{
	pcap_t *dead = pcap_open_dead(DLT_RAW, 65535);
	pcap_dumper_t *d = pcap_dump_open(dead, path);
	uint8_t ip[60];

	cr_assert(d);
	for (unsigned i = 0; i < 40; i++) {
		memset(ip, 0, sizeof(ip));
		ip[0] = 0x45;
		ip[3] = 40;
		ip[8] = 64;
		ip[9] = i % 3 ? 6 : 17;
		ip[12] = 10, ip[15] = (uint8_t)i;
		ip[16] = 10, ip[19] = 1;
		ip[22] = 0, ip[23] = i % 4 ? 80 : 81;
		struct pcap_pkthdr h = {.ts = {.tv_sec = 1000 + i}, .caplen = 40, .len = 40};
		pcap_dump((u_char *)d, &h, ip);
	}
	pcap_dump_close(d);
	pcap_close(dead);
}

/* A capture of link type DLT_USER0, which libpcap compiles nothing for */
static void user0_capture(const char *path)
{
	pcap_t *dead = pcap_open_dead(DLT_USER0, 65535);
	pcap_dumper_t *d = pcap_dump_open(dead, path);
	uint8_t b[20] = {1, 2, 3};
	struct pcap_pkthdr h = {.caplen = 20, .len = 20};

	pcap_dump((u_char *)d, &h, b);
	pcap_dump_close(d);
	pcap_close(dead);
}

Test(cli, errors, .timeout = 300, .fini = test_dir_end)
{
	char in[400], raw[400], user[400], out[400], ref[400], libmsg[PCAP_ERRBUF_SIZE + 64];

	test_dir("cli-err");
	snprintf(in, sizeof(in), "%s/in.pcap", dir);
	snprintf(raw, sizeof(raw), "%s/raw.pcap", dir);
	snprintf(user, sizeof(user), "%s/user0.pcap", dir);
	snprintf(out, sizeof(out), "%s/out.pcap", dir);
	snprintf(ref, sizeof(ref), "%s/ref.pcap", dir);
	trafgen(in, 50, 51);
	raw_capture(raw);
	user0_capture(user);

	/* expressions libpcap rejects: its own message, exit 1 */
	static const char *const bad[] = {"tcp port", "host 1.2.3.4.5", "ether host 01:02",
					  "ip[2:2] = ", "portrange 100-", "ip broadcast"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pcap_t *dead = pcap_open_dead(DLT_EN10MB, 262144);
		struct bpf_program fp;
		cr_assert_neq(pcap_compile(dead, &fp, bad[i], 1, PCAP_NETMASK_UNKNOWN), 0);
		snprintf(libmsg, sizeof(libmsg), "%s", pcap_geterr(dead));
		pcap_close(dead);
		cr_expect_eq(tool("filter", "-r", in, bad[i], NULL), 1, "`%s`: %s", bad[i], err_txt);
		cr_expect(has(err_txt, libmsg), "`%s`: libpcap says '%s'; the tool said: %s", bad[i],
			  libmsg, err_txt);
		cr_expect(!has(err_txt, "starting bpfsoc-sim"), "`%s` opened the device", bad[i]);
	}
	/* DLT_RAW: libpcap compiles for it, the device runs it */
	cr_assert_eq(tool("filter", "-r", raw, "-w", out, "tcp port 80", NULL), 0, "%s", err_txt);
	unsigned n = libpcap_filter(raw, ref, "tcp port 80", 0, 0, 0);
	cr_expect_gt(n, 0);
	same_file(out, ref, "DLT_RAW");
	cr_expect(has(err_txt, "link-type RAW"), "%s", err_txt);
	/* one libpcap cannot compile for: refused, naming the link type */
	cr_expect_eq(tool("filter", "-r", user, "tcp", NULL), 1, "%s", err_txt);
	cr_expect(has(err_txt, "not implemented") && has(err_txt, "link type 147"), "%s", err_txt);
	/* an Ethernet-only expression on DLT_RAW */
	cr_expect_eq(tool("filter", "-r", raw, "ether broadcast", NULL), 1, "%s", err_txt);
	cr_expect(has(err_txt, "RAW"), "%s", err_txt);
	/* files */
	cr_expect_eq(tool("filter", "-r", "/nonexistent.pcap", "tcp", NULL), 1);
	cr_expect(has(err_txt, "/nonexistent.pcap"), "%s", err_txt);
	cr_expect_eq(tool("filter", "-r", in, "-w", "/nonexistent/dir/out.pcap", "tcp", NULL), 1);
	cr_expect(has(err_txt, "/nonexistent/dir/out.pcap"), "%s", err_txt);
	cr_expect(!has(err_txt, "starting bpfsoc-sim"), "an unwritable -w opened the device");
	/* usage: exit 2 */
	cr_expect_eq(tool("filter", "tcp", NULL), 2, "%s", err_txt);
	cr_expect(has(err_txt, "-r IN.pcap or -i IFACE"), "%s", err_txt);
	cr_expect_eq(tool("filter", "-r", in, "-i", "lo", "tcp", NULL), 2);
	cr_expect_eq(tool("filter", "-r", in, "-c", "many", "tcp", NULL), 2);
	cr_expect_eq(tool("filter", "-r", in, "--frobnicate", "tcp", NULL), 2);
	cr_expect_eq(tool("filter", "-r", NULL), 2);
	cr_expect_eq(tool("filter", "--help", NULL), 0);
	cr_expect(has(out_txt, "usage: bpfsoc filter"), "%s", out_txt);
	cr_expect_eq(tool("--help", NULL), 0);
	cr_expect(has(out_txt, "filter [-r IN"), "the tool's help lists filter: %s", out_txt);
	test_dir_end();
}

/* ---------------------------------------------------------------------
 * Live: a veth pair, one end in a network namespace of the test's own
 * ------------------------------------------------------------------- */

static char ns_name[32], veth_a[IFNAMSIZ], veth_b[IFNAMSIZ];

static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " >/dev/null 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	return system(cmd);
}

static void live_cleanup(void)
{
	test_dir_end();
	if (ns_name[0])
		sh("ip netns del %s", ns_name);
	if (veth_a[0])
		sh("ip link del %s", veth_a);
}

/* A frame of ours: Ethernet, IPv4, UDP to dport, the marker in its payload */
static size_t frame(uint8_t *f, uint16_t dport, uint32_t n)
{
	static const uint8_t dst[6] = {0x02, 0, 0, 0, 0, 0xaa}, src[6] = {0x02, 0, 0, 0, 0, 0xbb};
	size_t len = 14 + 20 + 8 + 16;

	memset(f, 0, len);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x08;
	uint8_t *ip = f + 14;
	ip[0] = 0x45;
	ip[2] = 0, ip[3] = 44;
	ip[8] = 64;
	ip[9] = 17;
	ip[12] = 192, ip[13] = 0, ip[14] = 2, ip[15] = 1;
	ip[16] = 192, ip[17] = 0, ip[18] = 2, ip[19] = 2;
	uint32_t sum = 0;
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip[10] = (uint8_t)(~sum >> 8), ip[11] = (uint8_t)~sum;
	uint8_t *udp = ip + 20;
	udp[0] = 0x30, udp[1] = 0x39;
	udp[2] = (uint8_t)(dport >> 8), udp[3] = (uint8_t)dport;
	udp[5] = 24;
	memcpy(udp + 8, "bpfsoc-live", 11);
	udp[19] = (uint8_t)(n >> 24), udp[20] = (uint8_t)(n >> 16), udp[21] = (uint8_t)(n >> 8),
	udp[22] = (uint8_t)n;
	return len;
}

/* In the namespace: frames out of veth_b until killed, every 20 ms one to
 * port 9999 and two to other ports */
static void sender(void)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/var/run/netns/%s", ns_name);
	if ((fd = open(path, O_RDONLY)) < 0 || setns(fd, CLONE_NEWNET))
		_exit(3);
	int s = socket(AF_PACKET, SOCK_RAW, 0);
	struct sockaddr_ll sa = {.sll_family = AF_PACKET, .sll_ifindex = (int)if_nametoindex(veth_b),
				 .sll_halen = 6};
	if (s < 0 || !sa.sll_ifindex)
		_exit(4);
	for (uint32_t n = 0;; n++) {
		uint8_t f[128];
		static const uint16_t ports[] = {9999, 1234, 53};
		size_t len = frame(f, ports[n % 3], n);
		if (sendto(s, f, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			_exit(5);
		usleep(20000);
	}
}

Test(live, veth_in_a_namespace, .timeout = 600, .fini = live_cleanup)
{
	char out[400], errf[400], outf[400];

	snprintf(ns_name, sizeof(ns_name), "bpfsoc-t%d", (int)getpid());
	snprintf(veth_a, sizeof(veth_a), "bsa%d", (int)getpid() % 100000);
	snprintf(veth_b, sizeof(veth_b), "bsb%d", (int)getpid() % 100000);
	if (sh("ip netns add %s", ns_name)) {
		ns_name[0] = '\0';
		cr_skip_test("network namespaces are not available here (ip netns add failed)");
	}
	if (sh("ip link add %s type veth peer name %s", veth_a, veth_b)) {
		veth_a[0] = '\0';
		cr_skip_test("veth pairs are not available here (ip link add type veth failed)");
	}
	cr_assert_eq(sh("ip link set %s netns %s", veth_b, ns_name), 0);
	cr_assert_eq(sh("ip netns exec %s ip link set %s up", ns_name, veth_b), 0);
	cr_assert_eq(sh("ip link set %s up", veth_a), 0);

	test_dir("live");
	snprintf(out, sizeof(out), "%s/live.pcap", dir);
	snprintf(errf, sizeof(errf), "%s/live.err", dir);
	snprintf(outf, sizeof(outf), "%s/live.out", dir);
	/* the simulator first, so that the capture starts at once */
	struct bpfsoc_device *dev;
	cr_assert_eq(bpfsoc_device__open("sim:", NULL, &dev), 0);
	bpfsoc_device__close(dev);

	pid_t tp = fork();
	cr_assert(tp >= 0);
	if (tp == 0) {
		char *const argv[] = {TOOL, "filter", "-i", veth_a, "-c", "5", "-w", out,
				      "udp dst port 9999", NULL};
		int o = open(outf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	/* traffic once it listens */
	for (int i = 0; i < 3000; i++) {
		slurp(errf, err_txt, sizeof(err_txt));
		if (has(err_txt, "listening on"))
			break;
		usleep(10000);
	}
	cr_assert(has(err_txt, "listening on"), "bpfsoc filter -i did not start: %s", err_txt);
	pid_t sp = fork();
	cr_assert(sp >= 0);
	if (sp == 0)
		sender();
	int st = -1, rc = -1;
	for (int i = 0; i < 12000; i++) {
		if (waitpid(tp, &st, WNOHANG) == tp) {
			rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			break;
		}
		usleep(10000);
	}
	kill(sp, SIGKILL);
	waitpid(sp, NULL, 0);
	if (rc < 0) {
		kill(tp, SIGKILL);
		waitpid(tp, NULL, 0);
	}
	slurp(errf, err_txt, sizeof(err_txt));
	cr_assert_eq(rc, 0, "bpfsoc filter -i: exit %d: %s", rc, err_txt);

	/* exactly 5 frames, each ours and each one libpcap accepts */
	char e[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(out, e);
	cr_assert(p, "%s", e);
	cr_expect_eq(pcap_datalink(p), DLT_EN10MB);
	struct bpf_program fp;
	cr_assert_eq(pcap_compile(p, &fp, "udp dst port 9999", 1, PCAP_NETMASK_UNKNOWN), 0);
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned n = 0;
	int64_t last = -1;
	while (pcap_next_ex(p, &h, &d) == 1) {
		n++;
		cr_expect(pcap_offline_filter(&fp, h, d), "frame %u is not udp dst port 9999", n);
		cr_expect(h->caplen >= 58 && !memcmp(d + 42, "bpfsoc-live", 11), "frame %u is not ours",
			  n);
		int64_t seq = h->caplen >= 58 ? (int64_t)d[53] << 24 | d[54] << 16 | d[55] << 8 | d[56] : -1;
		cr_expect(seq % 3 == 0 && seq > last, "frame %u: sequence %lld after %lld", n,
			  (long long)seq, (long long)last);
		last = seq;
	}
	cr_expect_eq(n, 5, "%u frames written, -c 5", n);
	pcap_freecode(&fp);
	pcap_close(p);
	unsigned long long seen = 0, acc = 0, rej = 0;
	summary(&seen, &acc, &rej);
	cr_expect_eq(acc, 5);
	cr_expect_geq(seen, acc + rej);
	cr_expect_geq(rej, 8, "the frames to other ports were seen and rejected: %s", err_txt);
	test_dir_end();
}

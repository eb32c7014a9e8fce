/* bpfsoc-soc-bench: the whole simulated SoC, firmware included, running
 * packets through XDP programs in RUN_BATCH and RUN_SLOTS requests (make
 * bench).
 *
 * For each program and packet size it sends batches over the MMIO link
 * (the host port's mailbox, which costs the device nothing to wait for)
 * and over the UART at the firmware's 3 Mbaud, and prints per packet:
 *   core      eBPF core cycles (the batch's CYCLES / COUNT)
 *   fw        the firmware's own cycles in RUN_BATCH beyond the core's:
 *             (SOC_CYCLES - CYCLES) / COUNT (set-up, copies the run did
 *             not hide, verdicts)
 *   device    SoC cycles from the doorbell to the reply, over MMIO, per
 *             packet: fw and core plus the protocol's per-byte work (COBS,
 *             CRC) on request and reply; the device's rate is clock/device
 *   pps       at the simulated clock and at the boards' target clocks
 *   UART      packet bytes / the line's capacity while a stream of batches
 *             crosses (one request at a time), and the packets/s it carries
 * then the same programs over RUN_SLOTS, the MMIO link's fast path: as
 * many packets as packet memory holds, written with their slot table
 * through the window, run where they lie, verdicts read back and checked:
 *   core, fw, device, pps  as above (device: the framed request and reply
 *             shared by the slots, plus their runs)
 *   window    SoC cycles the host's window writes took, before the doorbell
 * then the UART with two RUN_BATCH requests in flight (what the driver
 * does for filters, bpfsoc_run_opts.pipeline):
 *   UART      packet bytes / the line's capacity in the steady state (from
 *             the first reply to the last, the line carried every request
 *             but the first), and the packets/s it carries
 * then, with --filter-pcap FILE, offline filtering as `bpfsoc filter`
 * does it: libpcap's `tcp port 80` for Ethernet, translated to eBPF
 * (driver/cbpf.c), each packet's first snap-length bytes in pipelined
 * RUN_BATCH requests over the UART, every verdict checked against
 * pcap_offline_filter:
 *   UART      the filter's bytes (what crosses of each packet) / the line's
 *             capacity, steady state, and packets/s
 *   core, device  eBPF core and SoC cycles a packet
 * and, at the end, the simulator's speed in SoC cycles per second.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bpf_asm.h"
#include "bpfsoc_map.h"
#include "cbpf.h"
#include "devlink.h"

#ifndef BPFSOC_FW_ELF
#define BPFSOC_FW_ELF "build/firmware/bpfsoc-fw.elf"
#endif

struct prog {
	const char *name, *text;
};

static const struct prog progs[] = {
	{"xdp_pass", "mov %r0, 2\nexit\n"},
	/* pass TCP to port 80 over IPv4 (no options), drop the rest */
	{"tcp_port_80",
	 "ldxw %r2, [%r1+0]\n"
	 "ldxw %r3, [%r1+4]\n"
	 "mov %r4, %r2\n"
	 "add %r4, 54\n"
	 "jgt %r4, %r3, drop\n"
	 "ldxh %r5, [%r2+12]\n"
	 "jne %r5, 0x0008, drop\n"
	 "ldxb %r5, [%r2+23]\n"
	 "jne %r5, 6, drop\n"
	 "ldxh %r5, [%r2+36]\n"
	 "jne %r5, 0x5000, drop\n"
	 "mov %r0, 2\n"
	 "exit\n"
	 "drop:\n"
	 "mov %r0, 1\n"
	 "exit\n"},
	/* count packets in an ARRAY (map 1): one bpf_map_lookup_elem, the
	 * cost of a helper call's round trip through the firmware */
	{"map_count",
	 "stw [%r10-4], 0\n"
	 "mov %r1, 1\n"
	 "mov %r2, %r10\n"
	 "add %r2, -4\n"
	 "call 1\n"
	 "jeq %r0, 0, out\n"
	 "ldxdw %r1, [%r0+0]\n"
	 "add %r1, 1\n"
	 "stxdw [%r0+0], %r1\n"
	 "out:\n"
	 "mov %r0, 2\n"
	 "exit\n"},
};

static const unsigned sizes[] = {64, 512, 1500};

/* --profile FILE: for every RISC-V pc, how often it retired and the
 * cycles since the instruction before it retired (its cost, stalls
 * included) */
static uint32_t *pc_hist, *pc_cyc;
static uint64_t last_retire;

static void count_pc(void *user, const struct soc_rv_retire *r)
{
	uint64_t now = soc_sim_cycles(user);

	if (r->pc < SOC_RAM_SIZE) {
		pc_hist[r->pc / 4]++;
		pc_cyc[r->pc / 4] += (uint32_t)(now - last_retire);
	}
	last_retire = now;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static int xfer(struct devlink *d, uint8_t cmd, const void *req, uint16_t len, uint8_t *rep,
		uint16_t *rl)
{
	struct proto_hdr h;
	int st = devlink_xfer(d, cmd, req, len, rep, rl, &h, 1, 20000000);

	if (st) {
		fprintf(stderr, "bpfsoc-soc-bench: command 0x%02x: %s (%.*s)\n", cmd,
			st < 0 ? strerror(-st) : proto_status_name((unsigned)st), st > 0 ? *rl : 0,
			(const char *)rep);
		exit(1);
	}
	return 0;
}

static void load(struct devlink *d, uint16_t id, const char *text)
{
	uint64_t *insns;
	uint32_t n, size, crc;
	char err[256];
	uint8_t req[PROTO_MAX_PAYLOAD] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	if (bpf_asm(text, &insns, &n, err, sizeof(err))) {
		fprintf(stderr, "bpfsoc-soc-bench: %s\n", err);
		exit(2);
	}
	size = 8 * n;
	crc = proto_crc32(0, insns, size);
	memcpy(req, &id, 2);
	memcpy(req + 4, &size, 4);
	memcpy(req + 8, &crc, 4);
	xfer(d, PROTO_CMD_PROG_LOAD_BEGIN, req, 12, rep, &rl);
	memset(req, 0, 8);
	memcpy(req, &id, 2);
	memcpy(req + 8, insns, size);
	xfer(d, PROTO_CMD_PROG_LOAD_CHUNK, req, (uint16_t)(8 + size), rep, &rl);
	memset(req, 0, 4);
	memcpy(req, &id, 2);
	xfer(d, PROTO_CMD_PROG_LOAD_COMMIT, req, 4, rep, &rl);
	free(insns);
}

/* An Ethernet + IPv4 + TCP frame of len bytes, to port 80 when i is even. */
static void packet(uint8_t *f, unsigned len, unsigned i)
{
	memset(f, 0, len);
	memset(f, 0xff, 6);
	f[6] = 0x02;
	f[12] = 0x08;                           /* IPv4 */
	f[14] = 0x45;
	f[16] = (uint8_t)((len - 14) >> 8);
	f[17] = (uint8_t)(len - 14);
	f[22] = 64;
	f[23] = 6;                              /* TCP */
	f[26] = 10, f[29] = 1, f[30] = 10, f[33] = 2;
	f[34] = (uint8_t)(i >> 8), f[35] = (uint8_t)i;
	f[36] = 0, f[37] = (i & 1) ? 81 : 80;
	for (unsigned k = 54; k < len; k++)
		f[k] = (uint8_t)(k * 31 + i);
}

struct res {
	unsigned count;
	double core, fw, device, util, uart_pps;
};

/* A RUN_BATCH request of as many packets of size bytes as one frame
 * carries: its payload length. */
static uint16_t batch(uint8_t *req, uint16_t id, unsigned size, unsigned *count)
{
	unsigned n = (PROTO_MAX_PAYLOAD - 16) / (size + 2);
	uint8_t *p = req + 16;

	if (n > (PROTO_MAX_PAYLOAD - 16) / 12)
		n = (PROTO_MAX_PAYLOAD - 16) / 12;
	memset(req, 0, 16);
	memcpy(req, &id, 2);
	memcpy(req + 2, &n, 2);
	for (unsigned i = 0; i < n; i++) {
		p[0] = (uint8_t)size, p[1] = (uint8_t)(size >> 8);
		packet(p + 2, size, i);
		p += 2 + size;
	}
	*count = n;
	return (uint16_t)(p - req);
}

static void measure(struct devlink *d, uint16_t id, unsigned size, struct res *r)
{
	static uint8_t req[PROTO_MAX_PAYLOAD], rep[PROTO_MAX_PAYLOAD];
	uint16_t len = batch(req, id, size, &r->count), rl;
	uint32_t soc;
	uint64_t cycles;
	const int rounds = 4;

	/* MMIO: the device's own time; the first round warms nothing up
	 * (there are no caches), so all rounds count */
	d->mmio = 1;
	d->poll = 16;
	uint64_t t0 = soc_sim_cycles(d->s), core = 0, fw = 0;
	for (int k = 0; k < rounds; k++) {
		xfer(d, PROTO_CMD_RUN_BATCH, req, len, rep, &rl);
		memcpy(&soc, rep + 4, 4);
		memcpy(&cycles, rep + 8, 8);
		core += cycles;
		fw += soc - cycles;
	}
	uint64_t t1 = soc_sim_cycles(d->s);
	double pkts = (double)rounds * r->count;
	r->core = core / pkts;
	r->fw = fw / pkts;
	r->device = (t1 - t0) / pkts;

	/* UART at the firmware's rate: the line's capacity is UART_BAUD / 10
	 * bytes a second (8N1) */
	d->mmio = 0;
	d->poll = 200;
	t0 = soc_sim_cycles(d->s);
	for (int k = 0; k < rounds; k++)
		xfer(d, PROTO_CMD_RUN_BATCH, req, len, rep, &rl);
	t1 = soc_sim_cycles(d->s);
	double secs = (t1 - t0) / (double)SOC_SIM_CLK_HZ;
	r->util = pkts * size / (secs * SOC_FW_UART_BAUD / 10.0);
	r->uart_pps = pkts / secs;
}

/* ---- the UART with two requests in flight ---- */

static void put_request(struct devlink *d, uint8_t cmd, const uint8_t *req, uint16_t len)
{
	struct proto_hdr h = {.version = PROTO_VERSION, .id = cmd, .seq = d->seq++, .len = len};
	static uint8_t enc[PROTO_MAX_ENCODED + 1];
	int n;

	enc[0] = PROTO_DELIM;
	n = proto_frame_encode(enc + 1, sizeof(enc) - 1, &h, req);
	if (n < 0 || devlink_put(d, enc, (size_t)n + 1)) {
		fprintf(stderr, "bpfsoc-soc-bench: cannot send a request\n");
		exit(1);
	}
}

/* The next reply, which must be OK: its payload in rep, its length */
static uint16_t get_reply(struct devlink *d, uint8_t cmd, uint8_t *rep)
{
	static uint8_t fr[PROTO_MAX_FRAME];
	struct proto_hdr h;
	const uint8_t *pl;
	int m = devlink_recv_frame(d, fr, sizeof(fr), 200000000);

	if (m < 0 || proto_frame_decode(fr, (size_t)m, &h, &pl) || h.id != (cmd | PROTO_REPLY_BIT) ||
	    h.status) {
		fprintf(stderr, "bpfsoc-soc-bench: pipelined %s: %s\n", proto_cmd_name(cmd),
			m < 0 ? "no reply" : h.status ? proto_status_name(h.status) : "a bad reply");
		exit(1);
	}
	memcpy(rep, pl, h.len);
	return h.len;
}

/* n requests over the UART, two in flight: request i + 2 goes out when
 * reply i is in.  req(i) gives request i; done(i) takes reply i.  Returns
 * the SoC cycles from the first reply to the last (the steady state, in
 * which the line carried requests 1 .. n-1), and in *all the cycles from
 * the first byte sent to the last reply. */
typedef const uint8_t *(*req_fn)(void *u, unsigned i, uint16_t *len);
typedef void (*rep_fn)(void *u, unsigned i, const uint8_t *rep, uint16_t len);

static uint64_t uart_pipelined(struct devlink *d, unsigned n, req_fn req, rep_fn done, void *u,
			       uint64_t *all)
{
	static uint8_t rep[PROTO_MAX_PAYLOAD];
	uint64_t t0 = soc_sim_cycles(d->s), first = 0;
	uint16_t len;

	d->mmio = 0;
	d->poll = 200;
	for (unsigned i = 0; i < n && i < 2; i++) {
		const uint8_t *r = req(u, i, &len);
		put_request(d, PROTO_CMD_RUN_BATCH, r, len);
	}
	for (unsigned i = 0; i < n; i++) {
		uint16_t rl = get_reply(d, PROTO_CMD_RUN_BATCH, rep);

		if (i == 0)
			first = soc_sim_cycles(d->s);
		if (i + 2 < n) {
			const uint8_t *r = req(u, i + 2, &len);
			put_request(d, PROTO_CMD_RUN_BATCH, r, len);
		}
		if (done)
			done(u, i, rep, rl);
	}
	*all = soc_sim_cycles(d->s) - t0;
	return soc_sim_cycles(d->s) - first;
}

struct same_req {
	const uint8_t *req;
	uint16_t len;
};

static const uint8_t *same_request(void *u, unsigned i, uint16_t *len)
{
	struct same_req *s = u;

	(void)i;
	*len = s->len;
	return s->req;
}

/* The same batch as measure(), pipelined: the steady state's use of the line */
static void measure_pipelined(struct devlink *d, uint16_t id, unsigned size, struct res *r)
{
	static uint8_t req[PROTO_MAX_PAYLOAD];
	struct same_req sr = {.req = req};
	const unsigned rounds = 6;
	uint64_t all;

	sr.len = batch(req, id, size, &r->count);
	uint64_t steady = uart_pipelined(d, rounds, same_request, NULL, &sr, &all);
	double secs = steady / (double)SOC_SIM_CLK_HZ;
	double pkts = (double)(rounds - 1) * r->count;
	r->util = pkts * size / (secs * SOC_FW_UART_BAUD / 10.0);
	r->uart_pps = pkts / secs;
	r->device = all / ((double)rounds * r->count);   /* overall, first byte to last reply */
}

/* ---- offline filtering, as bpfsoc filter does it ---- */

struct filt {
	uint8_t **req;                /* the requests, built up front */
	uint16_t *len;
	unsigned *first, *count;      /* packets of each request */
	unsigned n_req;
	uint8_t *want;                /* libpcap's verdicts */
	unsigned n_pkts, mismatches, faults;
	uint64_t core, soc, bytes, captured;
	uint64_t acc_n, acc_core;     /* the packets it accepts, and their cycles */
};

static const uint8_t *filt_request(void *u, unsigned i, uint16_t *len)
{
	struct filt *f = u;

	*len = f->len[i];
	return f->req[i];
}

static void filt_reply(void *u, unsigned i, const uint8_t *rep, uint16_t len)
{
	struct filt *f = u;
	uint32_t soc;
	uint64_t cycles;

	if (len < 16 + 12 * f->count[i]) {
		fprintf(stderr, "bpfsoc-soc-bench: a short RUN_BATCH reply\n");
		exit(1);
	}
	memcpy(&soc, rep + 4, 4);
	memcpy(&cycles, rep + 8, 8);
	f->soc += soc;
	f->core += cycles;
	for (unsigned k = 0; k < f->count[i]; k++) {
		const uint8_t *res = rep + 16 + 12 * k;
		unsigned p = f->first[i] + k;

		if (res[1] || (res[0] != BPFSOC_XDP_PASS && res[0] != BPFSOC_XDP_DROP))
			f->faults++;
		if ((res[0] == BPFSOC_XDP_PASS) != f->want[p])
			f->mismatches++;
		if (res[0] == BPFSOC_XDP_PASS) {
			uint32_t c;
			memcpy(&c, res + 8, 4);
			f->acc_n++;
			f->acc_core += c;
		}
	}
}

/* `expr` over the packets of path: requests of each packet's first
 * snap-length bytes (behind the wire length when the filter reads it) */
static int filter_bench(struct devlink *d, uint16_t id, const char *path, const char *expr,
			int markdown)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	struct bpf_program fp;
	struct bpfsoc_cbpf_info info;
	uint64_t *insns;
	size_t n_insns;

	if (!p) {
		fprintf(stderr, "bpfsoc-soc-bench: %s: %s\n", path, err);
		return 1;
	}
	if (pcap_compile(p, &fp, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		fprintf(stderr, "bpfsoc-soc-bench: %s: %s\n", expr, pcap_geterr(p));
		return 1;
	}
	LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, co, .len_prefix = false);
	if (bpfsoc_cbpf_translate(fp.bf_insns, fp.bf_len, &co, &insns, &n_insns, &info, err,
				  sizeof(err)) ||
	    (info.uses_len && (free(insns), co.len_prefix = true,
			       bpfsoc_cbpf_translate(fp.bf_insns, fp.bf_len, &co, &insns, &n_insns, &info,
						     err, sizeof(err))))) {
		fprintf(stderr, "bpfsoc-soc-bench: %s: %s\n", expr, err);
		return 1;
	}
	/* load it as program id */
	{
		uint8_t req[PROTO_MAX_PAYLOAD] = {0}, rep[PROTO_MAX_PAYLOAD];
		uint32_t size = 8 * (uint32_t)n_insns, crc = proto_crc32(0, insns, size);
		uint16_t rl;

		d->mmio = 1;
		d->poll = 16;
		memcpy(req, &id, 2);
		memcpy(req + 4, &size, 4);
		memcpy(req + 8, &crc, 4);
		xfer(d, PROTO_CMD_PROG_LOAD_BEGIN, req, 12, rep, &rl);
		for (uint32_t off = 0; off < size; off += 2032) {
			uint32_t k = size - off < 2032 ? size - off : 2032;
			memset(req, 0, 8);
			memcpy(req, &id, 2);
			memcpy(req + 4, &off, 4);
			memcpy(req + 8, (uint8_t *)insns + off, k);
			xfer(d, PROTO_CMD_PROG_LOAD_CHUNK, req, (uint16_t)(8 + k), rep, &rl);
		}
		memset(req, 0, 4);
		memcpy(req, &id, 2);
		xfer(d, PROTO_CMD_PROG_LOAD_COMMIT, req, 4, rep, &rl);
	}
	/* the requests, as the driver's batch_fill builds them */
	struct filt f = {0};
	struct pcap_pkthdr *h;
	const u_char *data;
	uint32_t pre = info.uses_len ? 4 : 0;
	size_t cap = 0;
	uint8_t *cur = NULL;
	uint16_t len = 0;
	unsigned in_req = 0;
	const unsigned max_rep = (PROTO_MAX_PAYLOAD - 16) / 12;

	while (pcap_next_ex(p, &h, &data) == 1) {
		uint32_t n = info.snap_needed && info.snap_needed < h->caplen ? info.snap_needed
									     : h->caplen;
		if (n + pre > 16064)
			continue;   /* bpfsoc filter decides these on the host */
		if (f.n_pkts == cap) {
			cap = cap ? 2 * cap : 1024;
			f.want = realloc(f.want, cap);
		}
		f.want[f.n_pkts] = pcap_offline_filter(&fp, h, data) != 0;
		f.captured += h->caplen;
		if (!cur || in_req == max_rep || len + 2 + pre + n > PROTO_MAX_PAYLOAD) {
			if (cur)
				memcpy(cur + 2, &in_req, 2), f.len[f.n_req - 1] = len,
					f.count[f.n_req - 1] = in_req;
			f.req = realloc(f.req, (f.n_req + 1) * sizeof(*f.req));
			f.len = realloc(f.len, (f.n_req + 1) * sizeof(*f.len));
			f.first = realloc(f.first, (f.n_req + 1) * sizeof(*f.first));
			f.count = realloc(f.count, (f.n_req + 1) * sizeof(*f.count));
			cur = f.req[f.n_req] = calloc(1, PROTO_MAX_PAYLOAD);
			f.first[f.n_req++] = f.n_pkts;
			memcpy(cur, &id, 2);
			len = 16;
			in_req = 0;
		}
		uint16_t rec = (uint16_t)(pre + n);
		memcpy(cur + len, &rec, 2);
		if (pre)
			memcpy(cur + len + 2, &h->len, 4);
		memcpy(cur + len + 2 + pre, data, n);
		len = (uint16_t)(len + 2 + rec);
		f.bytes += rec;
		in_req++;
		f.n_pkts++;
	}
	if (cur)
		memcpy(cur + 2, &in_req, 2), f.len[f.n_req - 1] = len, f.count[f.n_req - 1] = in_req;
	pcap_close(p);
	if (f.n_req < 3) {
		fprintf(stderr, "bpfsoc-soc-bench: %s: too few packets for a pipelined stream\n", path);
		return 1;
	}
	uint64_t all, steady = uart_pipelined(d, f.n_req, filt_request, filt_reply, &f, &all);
	/* the steady state: requests 1 .. n-1 crossed between the first reply and the last */
	uint64_t sbytes = 0, spkts = 0;
	for (unsigned i = 1; i < f.n_req; i++) {
		spkts += f.count[i];
		for (unsigned k = 0, off = 16; k < f.count[i]; k++) {
			uint16_t rec;
			memcpy(&rec, f.req[i] + off, 2);
			sbytes += rec;
			off += 2u + rec;
		}
	}
	double secs = steady / (double)SOC_SIM_CLK_HZ, cap_bps = SOC_FW_UART_BAUD / 10.0;
	double util = sbytes / (secs * cap_bps), pps = spkts / secs;
	double all_secs = all / (double)SOC_SIM_CLK_HZ;

	printf("%sfilter `%s` offline over the UART, two requests in flight: %s%s\n",
	       markdown ? "\n**" : "\n", expr, path, markdown ? "**\n" : "");
	printf("  %u packets in %u requests, %u eBPF instructions, snap length %u%s: %.1f of "
	       "%.1f captured bytes a packet cross\n", f.n_pkts, f.n_req, (unsigned)n_insns,
	       info.snap_needed, info.uses_len ? " + wire length" : "",
	       (double)f.bytes / f.n_pkts, (double)f.captured / f.n_pkts);
	printf("  UART payload utilisation %.1f%% (steady state), %.1f%% first byte to last reply; "
	       "%.0f packets/s at %u baud\n", 100 * util, 100 * f.bytes / (all_secs * cap_bps),
	       SOC_FW_UART_BAUD == 0 ? 0 : pps, SOC_FW_UART_BAUD);
	printf("  eBPF core %.1f cycles a packet (%.1f for the %llu it accepts), device %.1f SoC "
	       "cycles a packet (RUN_BATCH, framing excluded); hBPF's tcp-port-80 program: 92 "
	       "cycles\n", (double)f.core / f.n_pkts,
	       f.acc_n ? (double)f.acc_core / f.acc_n : 0.0, (unsigned long long)f.acc_n,
	       (double)f.soc / f.n_pkts);
	printf("  verdicts against pcap_offline_filter: %u mismatches, %u faults\n", f.mismatches,
	       f.faults);
	for (unsigned i = 0; i < f.n_req; i++)
		free(f.req[i]);
	free(f.req), free(f.len), free(f.first), free(f.count), free(f.want), free(insns);
	pcap_freecode(&fp);
	return f.mismatches || f.faults;
}

/* RUN_SLOTS: as many packets of size bytes as packet memory holds,
 * written through the window, run where they lie */
struct slots_res {
	unsigned count;
	double core, fw, device, window;
};

static void measure_slots(struct devlink *d, uint16_t id, unsigned size, struct slots_res *r)
{
	static uint8_t pk[512][1600];
	const uint8_t *pkts[512];
	uint16_t lens[512], rl;
	uint8_t req[PROTO_RUN_SLOTS_REQ_SIZE] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint64_t core = 0, fw = 0, dev = 0, win = 0;
	const int rounds = 4;

	for (unsigned i = 0; i < 512; i++) {
		packet(pk[i], size, i);
		pkts[i] = pk[i];
		lens[i] = (uint16_t)size;
	}
	d->mmio = 1;
	d->poll = 16;
	for (int k = 0; k < rounds; k++) {
		uint64_t t0 = soc_sim_cycles(d->s);
		int n = devlink_slots_put(d, pkts, lens, 512, SOC_PKT_SIZE);

		if (n <= 0) {
			fprintf(stderr, "bpfsoc-soc-bench: placing packets: %s\n", strerror(-n));
			exit(1);
		}
		uint64_t t1 = soc_sim_cycles(d->s);
		uint16_t count = (uint16_t)n;
		uint32_t soc;
		uint64_t cycles;

		memcpy(req, &id, 2);
		memcpy(req + PROTO_RUN_SLOTS_REQ_OFF_COUNT, &count, 2);
		xfer(d, PROTO_CMD_RUN_SLOTS, req, sizeof(req), rep, &rl);
		dev += soc_sim_cycles(d->s) - t1;
		win += t1 - t0;
		memcpy(&soc, rep + PROTO_RUN_SLOTS_REP_OFF_SOC_CYCLES, 4);
		memcpy(&cycles, rep + PROTO_RUN_SLOTS_REP_OFF_CYCLES, 8);
		core += cycles;
		fw += soc - cycles;
		r->count = count;
		/* the verdicts, read back: every packet ran, and ran right */
		uint32_t t[PROTO_RUN_SLOT_SIZE / 4 * 512];
		if (devlink_mem_io(d, 0, SOC_PKT_BASE, t, PROTO_RUN_SLOT_SIZE / 4 * count)) {
			fprintf(stderr, "bpfsoc-soc-bench: reading the slot table failed\n");
			exit(1);
		}
		for (unsigned i = 0; i < count; i++) {
			unsigned v = t[PROTO_RUN_SLOT_SIZE / 4 * i + 2] & 0xff;
			unsigned want = id == 1 && (i & 1) ? BPFSOC_XDP_DROP : BPFSOC_XDP_PASS;
			if (v != want) {
				fprintf(stderr, "bpfsoc-soc-bench: RUN_SLOTS packet %u: verdict %u, "
					"not %u\n", i, v, want);
				exit(1);
			}
		}
	}
	double pkts_n = (double)rounds * r->count;
	r->core = core / pkts_n;
	r->fw = fw / pkts_n;
	r->device = dev / pkts_n;
	r->window = win / pkts_n;
}

int main(int argc, char **argv)
{
	const char *fw = BPFSOC_FW_ELF, *profile = NULL, *filter_pcap = NULL;
	const char *filter_expr = "tcp port 80";
	uint16_t profile_prog = 1;
	int markdown = 0;
	struct devlink d;
	char err[256];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--markdown")) {
			markdown = 1;
		} else if (!strcmp(argv[i], "--profile") && i + 1 < argc) {
			profile = argv[++i];
		} else if (!strcmp(argv[i], "--profile-prog") && i + 1 < argc) {
			profile_prog = (uint16_t)atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--firmware") && i + 1 < argc) {
			fw = argv[++i];
		} else if (!strcmp(argv[i], "--filter-pcap") && i + 1 < argc) {
			filter_pcap = argv[++i];
		} else if (!strcmp(argv[i], "--filter") && i + 1 < argc) {
			filter_expr = argv[++i];
		} else {
			fprintf(stderr, "usage: bpfsoc-soc-bench [--markdown] [--firmware ELF] "
				"[--profile FILE] [--filter-pcap FILE [--filter EXPR]]\n"
				"  --filter-pcap FILE  offline filtering of FILE's packets over the UART\n"
				"                  (default expression: tcp port 80)\n"
				"  --profile FILE  count the firmware's retired pcs while 64-byte\n"
				"                  packets cross: \"pc count cycles\" lines\n"
				"  --profile-prog N  the program profiled (0 xdp_pass, 1 tcp_port_80,\n"
				"                  2 map_count; default 1)\n");
			return 2;
		}
	}
	double w0 = now();
	if (devlink_open(&d, fw, 0, 0, 1, err, sizeof(err))) {
		fprintf(stderr, "bpfsoc-soc-bench: %s\n", err);
		return 2;
	}
	int rc = devlink_mbox_find(&d);
	if (rc) {
		fprintf(stderr, "bpfsoc-soc-bench: the firmware's mailbox: %s\n", strerror(-rc));
		return 2;
	}
	/* map 1: map_count's ARRAY of one u64 */
	{
		uint32_t attr[5] = {BPFSOC_MAP_TYPE_ARRAY, 4, 8, 1, 0};
		uint8_t rep[PROTO_MAX_PAYLOAD];
		uint16_t rl;
		xfer(&d, PROTO_CMD_MAP_CREATE, attr, sizeof(attr), rep, &rl);
	}
	for (unsigned i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		load(&d, (uint16_t)i, progs[i].text);
	if (profile) {
		struct res r;
		FILE *f = fopen(profile, "w");

		if (!f) {
			perror(profile);
			return 2;
		}
		pc_hist = calloc(SOC_RAM_SIZE / 4, sizeof(*pc_hist));
		pc_cyc = calloc(SOC_RAM_SIZE / 4, sizeof(*pc_cyc));
		last_retire = soc_sim_cycles(d.s);
		soc_sim_on_retire(d.s, count_pc, d.s);
		measure(&d, profile_prog, 64, &r);
		soc_sim_on_retire(d.s, NULL, NULL);
		for (uint32_t w = 0; w < SOC_RAM_SIZE / 4; w++)
			if (pc_hist[w])
				fprintf(f, "%08x %u %u\n", 4 * w, pc_hist[w], pc_cyc[w]);
		fclose(f);
		free(pc_hist);
		return 0;
	}

	/* the simulator's own speed: the firmware waiting for requests,
	 * no host traffic (2 M cycles) */
	uint32_t v;
	double s0 = now();
	soc_sim_run(d.s, 2000000, UINT32_MAX, &v);
	double idle_rate = 2e6 / (now() - s0);

	printf("%sSoC: RUN_BATCH on the simulated SoC, per packet (firmware %s)%s\n",
	       markdown ? "**" : "", fw, markdown ? "**\n" : "");
	if (markdown)
		printf("| program | bytes | batch | core | fw | device | pps @50 MHz | pps @75 MHz ULX3S "
		       "| pps @20 MHz iCEBreaker | UART util | UART pps |\n"
		       "|---|---|---|---|---|---|---|---|---|---|---|\n");
	else
		printf("%-12s %5s %5s %7s %7s %8s %10s %10s %10s %6s %8s\n", "program", "bytes",
		       "batch", "core", "fw", "device", "pps@50M", "pps@75M", "pps@20M", "UART%",
		       "UARTpps");
	for (unsigned i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			struct res r;

			measure(&d, (uint16_t)i, sizes[k], &r);
			if (markdown)
				printf("| %s | %u | %u | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.1f%% | %.0f |\n",
				       progs[i].name, sizes[k], r.count, r.core, r.fw, r.device,
				       BOARD_SIM_CLK_HZ / r.device, BOARD_ULX3S_CLK_HZ / r.device,
				       BOARD_ICEBREAKER_CLK_HZ / r.device, 100 * r.util, r.uart_pps);
			else
				printf("%-12s %5u %5u %7.1f %7.1f %8.1f %10.0f %10.0f %10.0f %5.1f%% %8.0f\n",
				       progs[i].name, sizes[k], r.count, r.core, r.fw, r.device,
				       BOARD_SIM_CLK_HZ / r.device, BOARD_ULX3S_CLK_HZ / r.device,
				       BOARD_ICEBREAKER_CLK_HZ / r.device, 100 * r.util, r.uart_pps);
		}
	}
	printf("%sSoC: RUN_BATCH over the UART with two requests in flight, steady state%s\n",
	       markdown ? "\n**" : "\n", markdown ? "**\n" : "");
	if (markdown)
		printf("| program | bytes | batch | UART util | UART pps | SoC cycles a packet, first byte "
		       "to last reply |\n|---|---|---|---|---|---|\n");
	else
		printf("%-12s %5s %5s %6s %8s %10s\n", "program", "bytes", "batch", "UART%", "UARTpps",
		       "cyc/pkt");
	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct res r;

		measure_pipelined(&d, 1, sizes[k], &r);
		printf(markdown ? "| %s | %u | %u | %.1f%% | %.0f | %.0f |\n"
				: "%-12s %5u %5u %5.1f%% %8.0f %10.0f\n",
		       progs[1].name, sizes[k], r.count, 100 * r.util, r.uart_pps, r.device);
	}
	int filter_bad = filter_pcap ? filter_bench(&d, 3, filter_pcap, filter_expr, markdown) : 0;
	printf("%sSoC: RUN_SLOTS over MMIO, packets written into packet memory through the "
	       "window, per packet%s\n", markdown ? "\n**" : "\n", markdown ? "**\n" : "");
	if (markdown)
		printf("| program | bytes | slots | core | fw | device | pps @50 MHz | pps @75 MHz ULX3S "
		       "| pps @20 MHz iCEBreaker | window writes |\n"
		       "|---|---|---|---|---|---|---|---|---|---|\n");
	else
		printf("%-12s %5s %5s %7s %7s %8s %10s %10s %10s %8s\n", "program", "bytes",
		       "slots", "core", "fw", "device", "pps@50M", "pps@75M", "pps@20M", "window");
	for (unsigned i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			struct slots_res r;

			measure_slots(&d, (uint16_t)i, sizes[k], &r);
			printf(markdown ? "| %s | %u | %u | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.1f |\n"
					: "%-12s %5u %5u %7.1f %7.1f %8.1f %10.0f %10.0f %10.0f %8.1f\n",
			       progs[i].name, sizes[k], r.count, r.core, r.fw, r.device,
			       BOARD_SIM_CLK_HZ / r.device, BOARD_ULX3S_CLK_HZ / r.device,
			       BOARD_ICEBREAKER_CLK_HZ / r.device, r.window);
		}
	}
	double secs = now() - w0;
	printf("%ssimulation speed: %.2f M SoC cycles/s running freely; %.2f M/s over this whole "
	       "bench (%llu cycles in %.1f s, the host port polled every 16 cycles)%s\n",
	       markdown ? "\n" : "", idle_rate / 1e6, soc_sim_cycles(d.s) / secs / 1e6,
	       (unsigned long long)soc_sim_cycles(d.s), secs, markdown ? "\n" : "");
	printf("%score: eBPF core cycles; fw: the request's own (SOC_CYCLES - CYCLES); device: "
	       "doorbell to reply over MMIO, all included; pps = clock / device; UART: %u baud 8N1; "
	       "window writes: SoC cycles the host's writes of table and packets took (before "
	       "the doorbell; a PCIe host's posted writes overlap the device's work)%s\n",
	       markdown ? "\n" : "", SOC_FW_UART_BAUD, markdown ? "\n" : "");
	devlink_close(&d);
	return filter_bad;
}

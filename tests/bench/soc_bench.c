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
 * and, at the end, the simulator's speed in SoC cycles per second.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bpf_asm.h"
#include "bpfsoc_map.h"
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
	const char *fw = BPFSOC_FW_ELF, *profile = NULL;
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
		} else {
			fprintf(stderr, "usage: bpfsoc-soc-bench [--markdown] [--firmware ELF] "
				"[--profile FILE]\n"
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
	return 0;
}

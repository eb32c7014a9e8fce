/* test_firmware: the firmware on the simulated SoC, end to end over the
 * UART's line, or over the host port's mailbox (the MMIO link): the host side of the protocol (firmware/proto.c's framing,
 * built for this machine) sends requests, the Verilated SoC runs the
 * firmware (build/firmware/bpfsoc-fw.elf), and every reply is checked.
 * Programs are written in the project's assembly (sim/bpf_asm.h). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf_asm.h"
#include "bpfsoc_map.h"
#include "devlink.h"
#include "mmio_sock.h"
#include "proto.h"
#include "rv_elf.h"
#include "soc_config.h"
#include "soc_sim.h"

#define FW_ELF TEST_FW_ELF

#define dev devlink

static void dev_open(struct dev *d, unsigned drop_ppm, unsigned corrupt_ppm, uint64_t seed)
{
	char err[256];

	cr_assert_eq(devlink_open(d, FW_ELF, drop_ppm, corrupt_ppm, seed, err, sizeof(err)), 0,
		     "%s", err);
}

static void dev_close(struct dev *d)
{
	devlink_close(d);
}

/* ---- BAR 0: in this process's SoC, or over bpfsoc-sim's socket ---- */
static void bar_read(struct dev *d, uint32_t off, uint32_t *v, size_t n)
{
	cr_assert_eq(devlink_bar_read(d, off, v, n), 0, "MMIO read at 0x%x", off);
}

static void bar_write(struct dev *d, uint32_t off, const uint32_t *v, size_t n)
{
	cr_assert_eq(devlink_bar_write(d, off, v, n), 0, "MMIO write at 0x%x", off);
}

static uint32_t bar_rd32(struct dev *d, uint32_t off)
{
	uint32_t v;
	bar_read(d, off, &v, 1);
	return v;
}

static void bar_wr32(struct dev *d, uint32_t off, uint32_t v)
{
	bar_write(d, off, &v, 1);
}

static void mbox_find(struct dev *d)
{
	cr_assert_eq(devlink_mbox_find(d), 0, "no mailbox, or a bad one, at 0x%x", d->mbox);
}

static void link_put(struct dev *d, const uint8_t *enc, size_t n)
{
	cr_assert_eq(devlink_put(d, enc, n), 0);
}

static int recv_frame(struct dev *d, uint8_t *buf, size_t cap, uint64_t max_cycles)
{
	return devlink_recv_frame(d, buf, cap, max_cycles);
}

/* One request and its reply: returns the reply's status; *rep_len bytes of
 * payload in rep.  Retries with the same sequence number on a timeout or
 * a damaged reply, as a host does (tries times). */
static int xfer_try(struct dev *d, uint8_t cmd, const void *req, uint16_t len, uint8_t *rep,
		    uint16_t *rep_len, struct proto_hdr *rh, int tries, uint64_t timeout)
{
	int st = devlink_xfer(d, cmd, req, len, rep, rep_len, rh, tries, timeout);

	cr_assert_geq(st, 0, "no reply to command 0x%02x (seq %u) after %d tries", cmd, d->seq,
		      tries);
	return st;
}

static int xfer(struct dev *d, uint8_t cmd, const void *req, uint16_t len, uint8_t *rep,
		uint16_t *rep_len)
{
	struct proto_hdr rh;
	return xfer_try(d, cmd, req, len, rep, rep_len, &rh, 1, 3000000);
}

/* Assemble and load program id with PROG_LOAD_BEGIN / CHUNK / COMMIT. */
static void load_prog(struct dev *d, uint16_t id, const char *text)
{
	uint64_t *insns;
	uint32_t n;
	char err[256];
	uint8_t req[PROTO_MAX_PAYLOAD], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	cr_assert_eq(bpf_asm(text, &insns, &n, err, sizeof(err)), 0, "%s", err);
	uint8_t *img = (uint8_t *)insns;   /* little-endian slots on this machine */
	uint32_t size = 8 * n;

	memset(req, 0, 12);
	req[0] = (uint8_t)id;
	req[1] = (uint8_t)(id >> 8);
	memcpy(req + 4, &size, 4);
	uint32_t crc = proto_crc32(0, img, size);
	memcpy(req + 8, &crc, 4);
	cr_assert_eq(xfer(d, PROTO_CMD_PROG_LOAD_BEGIN, req, 12, rep, &rl), 0);
	for (uint32_t off = 0; off < size; off += 256) {
		uint32_t k = size - off < 256 ? size - off : 256;
		memset(req, 0, 8);
		req[0] = (uint8_t)id;
		memcpy(req + 4, &off, 4);
		memcpy(req + 8, img + off, k);
		cr_assert_eq(xfer(d, PROTO_CMD_PROG_LOAD_CHUNK, req, (uint16_t)(8 + k), rep, &rl), 0);
	}
	memset(req, 0, 4);
	req[0] = (uint8_t)id;
	cr_assert_eq(xfer(d, PROTO_CMD_PROG_LOAD_COMMIT, req, 4, rep, &rl), 0,
		     "commit: %.*s", rl, rep);
	cr_assert_eq(rl, 8);
	uint32_t slots;
	memcpy(&slots, rep + 4, 4);
	cr_assert_eq(slots, n);
	free(insns);
}

struct result {
	uint8_t verdict, fault;
	uint16_t pkt_len;
	uint64_t r0, cycles, insns;
	uint32_t helper_calls;
};

static int run(struct dev *d, uint16_t id, const uint8_t *pkt, uint16_t len, struct result *r)
{
	uint8_t req[PROTO_MAX_PAYLOAD] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	int st;

	req[0] = (uint8_t)id;
	memcpy(req + 16, pkt, len);
	st = xfer(d, PROTO_CMD_RUN, req, (uint16_t)(16 + len), rep, &rl);
	if (st)
		return st;
	cr_assert_geq(rl, 48);
	r->verdict = rep[0];
	r->fault = rep[1];
	memcpy(&r->pkt_len, rep + 2, 2);
	memcpy(&r->r0, rep + 8, 8);
	memcpy(&r->cycles, rep + 16, 8);
	memcpy(&r->insns, rep + 24, 8);
	memcpy(&r->helper_calls, rep + 44, 4);
	return 0;
}

/* An Ethernet frame: IPv4 (0x0800) when ip, else ARP (0x0806) */
static uint16_t frame(uint8_t *f, int ip)
{
	memset(f, 0, 64);
	memset(f, 0xff, 6);
	f[12] = 0x08;
	f[13] = ip ? 0x00 : 0x06;
	for (int i = 14; i < 64; i++)
		f[i] = (uint8_t)i;
	return 64;
}

/* XDP: pass IPv4, drop everything else, drop runts */
static const char *filter_ipv4 =
	"ldxw %r2, [%r1+0]\n"     /* data */
	"ldxw %r3, [%r1+4]\n"     /* data_end */
	"mov %r4, %r2\n"
	"add %r4, 14\n"
	"jgt %r4, %r3, drop\n"
	"ldxh %r5, [%r2+12]\n"
	"jne %r5, 0x0008, drop\n"
	"mov %r0, 2\n"
	"exit\n"
	"drop:\n"
	"mov %r0, 1\n"
	"exit\n";

Test(firmware, info_and_ping, .timeout = 120)
{
	struct dev d;
	uint8_t rep[PROTO_MAX_PAYLOAD], req[300];
	uint16_t rl;

	dev_open(&d, 0, 0, 1);
	cr_assert_eq(xfer(&d, PROTO_CMD_INFO, NULL, 0, rep, &rl), 0);
	cr_assert_geq(rl, PROTO_INFO_REP_OFF_HELPERS);
	cr_assert_eq(rep[PROTO_INFO_REP_OFF_PROTO_VERSION], PROTO_VERSION);
	uint32_t clk, isa;
	uint16_t slots, nh;
	memcpy(&clk, rep + PROTO_INFO_REP_OFF_CLOCK_HZ, 4);
	memcpy(&isa, rep + PROTO_INFO_REP_OFF_ISA, 4);
	memcpy(&slots, rep + PROTO_INFO_REP_OFF_IMEM_SLOTS, 2);
	memcpy(&nh, rep + PROTO_INFO_REP_OFF_NUM_HELPERS, 2);
	cr_assert_eq(clk, TEST_CLK_HZ);
	cr_assert_eq(slots, TEST_IMEM_DEPTH);
	/* SYSCON's UART_RX_SIZE, as the host needs it to pipeline requests */
	cr_assert_eq(rep[PROTO_INFO_REP_OFF_RX_FIFO_LOG2], TEST_UART_RX_AW);
	cr_assert(isa & PROTO_ISA_CALLX);
	cr_assert_eq(rl, PROTO_INFO_REP_OFF_HELPERS + 2 * nh);
	int has_tail = 0;
	for (unsigned i = 0; i < nh; i++) {
		uint16_t h;
		memcpy(&h, rep + PROTO_INFO_REP_OFF_HELPERS + 2 * i, 2);
		has_tail |= h == BPFSOC_HELPER_TAIL_CALL;
	}
	cr_assert(has_tail, "INFO lists no tail_call");

	for (unsigned i = 0; i < sizeof(req); i++)
		req[i] = (uint8_t)(i * 7);   /* zero bytes too: COBS must carry them */
	cr_assert_eq(xfer(&d, PROTO_CMD_PING, req, sizeof(req), rep, &rl), 0);
	cr_assert_eq(rl, sizeof(req));
	cr_assert_eq(memcmp(rep, req, sizeof(req)), 0);

	cr_assert_eq(xfer(&d, 0x7e, NULL, 0, rep, &rl), PROTO_ST_UNKNOWN_CMD);
	dev_close(&d);
}

/* The largest requests, back to back, one at a time with no retry: the
 * UART's receive FIFO (UART_RX_AW, this configuration's) keeps what the
 * line brings faster than the firmware decodes (payloads without zero
 * bytes, the longest COBS encoding, and with a zero every other byte, the
 * slowest decode). */
Test(firmware, largest_frames, .timeout = 300)
{
	struct dev d;
	static uint8_t req[PROTO_MAX_PAYLOAD], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	/* The largest request the host sends this configuration (libbpfsoc's
	 * req_max_of): a whole frame when the receive FIFO holds one, else
	 * half the FIFO less a frame's overhead */
	unsigned fifo = 1u << TEST_UART_RX_AW, size = sizeof(req);
	if (fifo < PROTO_MAX_ENCODED)
		size = fifo / 2 - (PROTO_MAX_ENCODED - PROTO_MAX_PAYLOAD);

	dev_open(&d, 0, 0, 1);
	for (unsigned t = 0; t < 4; t++) {
		/* without zero bytes (COBS blocks of 254), and with a zero every
		 * other byte (blocks of one: the firmware's slowest decode) */
		for (unsigned i = 0; i < size; i++)
			req[i] = t & 1 && i & 1 ? 0 : (uint8_t)(1 + (i * 31 + t * 7) % 255);
		cr_assert_eq(xfer(&d, PROTO_CMD_PING, req, (uint16_t)size, rep, &rl), 0,
			     "PING %u of %u bytes", t, size);
		cr_assert_eq(rl, size);
		cr_assert_eq(memcmp(rep, req, size), 0, "PING %u's echo", t);
	}
	dev_close(&d);
}

/* ---- the host port (BAR 0) and the MMIO link ---- */

Test(mmio, bar_and_window, .timeout = 120)
{
	TEST_NEEDS_HOST_PORT();
	struct dev d;
	uint32_t w[8], r[8];

	dev_open(&d, 0, 0, 1);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_ID), HOST_BAR_ID_VALUE);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_VERSION), SOC_VERSION_MAJOR << 16 | SOC_VERSION_MINOR);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_STATUS), 0, "no doorbell rung yet");
	mbox_find(&d);
	cr_assert_geq(d.mbox, SOC_RAM_BASE);
	cr_assert_lt(d.mbox, SOC_RAM_BASE + TEST_RAM_BYTES);

	/* the window is a bus master: packet memory written and read back,
	 * and the same words seen at their byte lanes */
	bar_wr32(&d, HOST_BAR_WIN_BASE, SOC_PKT_BASE + 0x100);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_WIN_BASE), SOC_PKT_BASE + 0x100);
	for (int i = 0; i < 8; i++)
		w[i] = 0x01020304u * (uint32_t)(i + 1) ^ 0xa5a5a5a5u;
	bar_write(&d, HOST_BAR_WINDOW + 0x20, w, 8);
	bar_read(&d, HOST_BAR_WINDOW + 0x20, r, 8);
	cr_assert_eq(memcmp(w, r, sizeof(w)), 0);
	bar_wr32(&d, HOST_BAR_WIN_BASE, SOC_PKT_BASE + 0x120);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_WINDOW), w[0]);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_WINDOW + 0x1c), w[7]);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_STATUS) & 4, 0, "WIN_ERR after good accesses");

	/* no device there: all ones, and WIN_ERR until STATUS is read */
	bar_wr32(&d, HOST_BAR_WIN_BASE, 0x50000000u);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_WINDOW + 8), 0xffffffffu);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_STATUS) & 4, 4);
	cr_assert_eq(bar_rd32(&d, HOST_BAR_STATUS) & 4, 0, "reading STATUS clears WIN_ERR");

	/* an offset outside BAR 0 is refused by the port */
	uint32_t v;
	cr_assert_eq(soc_sim_mmio_read(d.s, HOST_BAR_SIZE, &v), -EINVAL);

	/* the firmware keeps answering on its UART meanwhile */
	uint8_t rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	cr_assert_eq(xfer(&d, PROTO_CMD_PING, "x", 1, rep, &rl), 0);
	dev_close(&d);
}

/* The same requests over both links: each answers, with its own reply cache. */
static void mmio_session(struct dev *d)
{
	struct result r;
	uint8_t f[64], rep[PROTO_MAX_PAYLOAD], req[2000];
	uint16_t rl;

	mbox_find(d);
	cr_assert_eq(xfer(d, PROTO_CMD_INFO, NULL, 0, rep, &rl), 0);
	cr_assert_eq(rep[PROTO_INFO_REP_OFF_PROTO_VERSION], PROTO_VERSION);
	for (unsigned i = 0; i < sizeof(req); i++)
		req[i] = (uint8_t)(i * 13);
	cr_assert_eq(xfer(d, PROTO_CMD_PING, req, sizeof(req), rep, &rl), 0);
	cr_assert_eq(rl, sizeof(req));
	cr_assert_eq(memcmp(rep, req, sizeof(req)), 0);

	load_prog(d, 3, filter_ipv4);
	cr_assert_eq(run(d, 3, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS);
	cr_assert_eq(run(d, 3, f, frame(f, 0), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_DROP);
	cr_assert_eq(run(d, 3, f, 10, &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_DROP, "a runt is dropped");
}

Test(mmio, protocol_over_mailbox, .timeout = 300)
{
	TEST_NEEDS_HOST_PORT();
	struct dev d;
	struct result r;
	uint8_t f[64], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	dev_open(&d, 0, 0, 1);
	mmio_session(&d);

	/* a damaged frame through the mailbox: BAD_CRC, and nothing runs */
	struct proto_hdr h = {.version = PROTO_VERSION, .id = PROTO_CMD_PING, .seq = 999, .len = 4};
	uint8_t raw[PROTO_MAX_FRAME], enc[PROTO_MAX_ENCODED], fr[PROTO_MAX_FRAME];
	int n = proto_frame_encode(enc, sizeof(enc), &h, "abcd");
	int m = proto_cobs_decode(enc, (size_t)n - 1, raw, sizeof(raw));
	cr_assert_gt(m, 0);
	raw[PROTO_HDR_SIZE + 1] ^= 0x40;
	n = proto_cobs_encode(raw, (size_t)m, enc, sizeof(enc));
	enc[n++] = PROTO_DELIM;
	link_put(&d, enc, (size_t)n);
	m = recv_frame(&d, fr, sizeof(fr), 2000000);
	cr_assert_gt(m, 0);
	cr_assert_eq(fr[PROTO_HDR_OFF_STATUS], PROTO_ST_BAD_CRC);

	/* the UART link still works beside it, and the program loaded over
	 * the mailbox is the device's: it runs from the UART too */
	d.mmio = 0;
	cr_assert_eq(xfer(&d, PROTO_CMD_PING, "uart", 4, rep, &rl), 0);
	cr_assert_eq(run(&d, 3, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS);
	d.mmio = 1;
	cr_assert_eq(xfer(&d, PROTO_CMD_PING, "mmio", 4, rep, &rl), 0);
	dev_close(&d);
}

/* A RUN_SLOTS request over the mailbox: its status, and the reply's
 * CYCLES in *cycles */
static int run_slots(struct dev *d, uint16_t id, uint16_t count, uint32_t table, uint64_t *cycles)
{
	uint8_t req[PROTO_RUN_SLOTS_REQ_SIZE] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	int st;

	memcpy(req + PROTO_RUN_SLOTS_REQ_OFF_PROG_ID, &id, 2);
	memcpy(req + PROTO_RUN_SLOTS_REQ_OFF_COUNT, &count, 2);
	memcpy(req + PROTO_RUN_SLOTS_REQ_OFF_TABLE, &table, 4);
	st = xfer(d, PROTO_CMD_RUN_SLOTS, req, sizeof(req), rep, &rl);
	if (st == 0) {
		uint16_t n;
		cr_assert_eq(rl, PROTO_RUN_SLOTS_REP_SIZE);
		memcpy(&n, rep + PROTO_RUN_SLOTS_REP_OFF_COUNT, 2);
		cr_assert_eq(n, count);
		memcpy(cycles, rep + PROTO_RUN_SLOTS_REP_OFF_CYCLES, 8);
	}
	return st;
}

static void slots_io(struct dev *d, int wr, uint32_t off, uint32_t *w, size_t n)
{
	cr_assert_eq(devlink_mem_io(d, wr, SOC_PKT_BASE + off, w, n), 0, "window at +0x%x", off);
}

/* RUN_SLOTS: packets written into packet memory through the window run
 * where they lie; their results come back in the slot table; a bad table
 * runs nothing */
Test(mmio, run_slots, .timeout = 300)
{
	TEST_NEEDS_HOST_PORT();
	struct dev d;
	enum { N = 9, W = PROTO_RUN_SLOT_SIZE / 4 };
	uint8_t f[N][64];
	const uint8_t *pkts[N];
	uint16_t lens[N];
	uint32_t t[W * N], w[16];
	uint64_t cycles, sum = 0;

	dev_open(&d, 0, 0, 1);
	mbox_find(&d);
	load_prog(&d, 0, filter_ipv4);
	/* bpf_xdp_adjust_tail(ctx, 64): pass if the slot has room, drop if not */
	load_prog(&d, 1, "mov %r2, 64\ncall 65\njne %r0, 0, bad\nmov %r0, 2\nexit\n"
			 "bad:\nmov %r0, 1\nexit\n");
	for (unsigned i = 0; i < N; i++) {
		lens[i] = i == N - 1 ? 10 : frame(f[i], i % 2 == 0);   /* the last, a runt */
		f[i][20] = (uint8_t)i;
		pkts[i] = f[i];
	}
	cr_assert_eq(devlink_slots_put(&d, pkts, lens, N, TEST_PKT_BYTES), N);
	cr_assert_eq(run_slots(&d, 0, N, 0, &cycles), 0);
	slots_io(&d, 0, 0, t, W * N);
	for (unsigned i = 0; i < N; i++) {
		uint32_t *r = t + W * i;
		uint8_t want = (i % 2 == 0 && i != N - 1) ? BPFSOC_XDP_PASS : BPFSOC_XDP_DROP;

		cr_assert_eq(r[2] & 0xff, want, "slot %u: verdict %u", i, r[2] & 0xff);
		cr_assert_eq(r[2] >> 8 & 0xff, 0, "slot %u: fault", i);
		cr_assert_eq(r[2] >> 16, lens[i], "slot %u: PKT_LEN", i);
		cr_assert_eq(r[3], want, "slot %u: R0", i);
		cr_assert_gt(r[4], 0, "slot %u: CYCLES", i);
		sum += r[4];
	}
	cr_assert_eq(sum, cycles, "the slots' CYCLES sum to the reply's");
	/* the packets are where the host put them, untouched */
	slots_io(&d, 0, t[W * 3] + SOC_FW_DATA_OFF, w, 16);
	cr_assert_eq(memcmp(w, f[3], 64), 0);

	/* each slot bounds its packet: 64 bytes more fit the second slot only */
	uint32_t a = 64, b = a + SOC_FW_DATA_OFF + 64;
	uint32_t tab[2 * W] = {a, 64u | (SOC_FW_DATA_OFF + 64u) << 16, 0, 0, 0,
			       b, 64u | (SOC_FW_DATA_OFF + 128u) << 16, 0, 0, 0};
	slots_io(&d, 1, 0, tab, 2 * W);
	slots_io(&d, 1, a + SOC_FW_DATA_OFF, (uint32_t *)(void *)f[0], 16);
	slots_io(&d, 1, b + SOC_FW_DATA_OFF, (uint32_t *)(void *)f[0], 16);
	cr_assert_eq(run_slots(&d, 1, 2, 0, &cycles), 0);
	slots_io(&d, 0, 0, t, 2 * W);
	cr_assert_eq(t[2], BPFSOC_XDP_DROP | 64u << 16, "full slot: 0x%x", t[2]);
	cr_assert_eq(t[W + 2], BPFSOC_XDP_PASS | 128u << 16, "roomy slot: 0x%x", t[W + 2]);

	/* bad tables: EINVAL, and no result is written */
	struct { uint32_t table, off0, off1, size1; const char *what; } bad[] = {
		{2, a, b, SOC_FW_DATA_OFF + 128, "a TABLE not word aligned"},
		{0, 0, b, SOC_FW_DATA_OFF + 128, "a slot over the table"},
		{0, b, a, SOC_FW_DATA_OFF + 128, "slots out of order"},
		{0, a, b, SOC_FW_DATA_OFF + 60, "a slot smaller than its packet"},
		{0, a, TEST_PKT_BYTES - 256, SOC_FW_DATA_OFF + 128, "a slot past packet memory"},
	};
	for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		uint32_t bt[2 * W] = {bad[k].off0, 64u | (SOC_FW_DATA_OFF + 64u) << 16, 0xdeadbeef, 0, 0,
				      bad[k].off1, 64u | bad[k].size1 << 16, 0xdeadbeef, 0, 0};
		slots_io(&d, 1, 0, bt, 2 * W);
		cr_assert_eq(run_slots(&d, 1, 2, bad[k].table, &cycles), PROTO_ST_EINVAL, "%s",
			     bad[k].what);
		slots_io(&d, 0, 0, t, 2 * W);
		cr_assert(t[2] == 0xdeadbeef && t[W + 2] == 0xdeadbeef, "%s: a result was written",
			  bad[k].what);
	}
	cr_assert_eq(run_slots(&d, 1, 0xffff, 0, &cycles), PROTO_ST_EINVAL, "a table too long");
	cr_assert_eq(run_slots(&d, 9, 1, 0, &cycles), PROTO_ST_ENOENT, "no such program");
	dev_close(&d);
}

/* bpfsoc-sim serving the host port on its socket, as the driver uses it */
Test(mmio, bpfsoc_sim_socket, .timeout = 300)
{
	TEST_NEEDS_HOST_PORT();
	char path[64];
	struct dev d;
	pid_t pid;
	int fd = -1, status;

	snprintf(path, sizeof(path), "/tmp/bpfsoc-mmio-test.%d", (int)getpid());
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);   /* a failed assertion ends the test: the sim too */
		freopen("/dev/null", "w", stdout);
		execl(BPFSOC_BUILD "/bpfsoc-sim", "bpfsoc-sim", "--mmio", path, (char *)NULL);
		_exit(127);
	}
	for (int t = 0; t < 600 && fd < 0; t++) {
		fd = mmio_sock_connect(path);
		if (fd < 0)
			usleep(50000);
	}
	cr_assert_geq(fd, 0, "no MMIO socket at %s", path);
	memset(&d, 0, sizeof(d));
	d.sock = fd;
	/* the firmware publishes its mailbox once it has booted */
	for (int t = 0; t < 600 && !bar_rd32(&d, HOST_BAR_MBOX); t++)
		usleep(20000);
	mmio_session(&d);
	close(fd);
	kill(pid, SIGTERM);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "bpfsoc-sim: status 0x%x", status);
	cr_assert_neq(access(path, F_OK), 0, "bpfsoc-sim left its socket behind");
}

Test(firmware, load_and_run_filter, .timeout = 120)
{
	struct dev d;
	struct result r;
	uint8_t f[64];

	dev_open(&d, 0, 0, 1);
	load_prog(&d, 0, filter_ipv4);
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "IPv4: verdict %u fault %u", r.verdict, r.fault);
	cr_assert_eq(r.fault, 0);
	cr_assert_eq(r.insns, 9);
	cr_assert_eq(r.pkt_len, 64);
	cr_assert_eq(run(&d, 0, f, frame(f, 0), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_DROP);
	cr_assert_eq(run(&d, 0, f, 10, &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_DROP, "a runt passed");
	cr_assert_eq(r.insns, 7);

	/* no such program */
	uint8_t rep[PROTO_MAX_PAYLOAD], req[16] = {5};
	uint16_t rl;
	cr_assert_eq(xfer(&d, PROTO_CMD_RUN, req, 16, rep, &rl), PROTO_ST_ENOENT);
	dev_close(&d);
}

/* A program that faults (a store into the read-only context) gives
 * ABORTED with the fault code; the device answers the next request. */
Test(firmware, fault_then_answers, .timeout = 120)
{
	struct dev d;
	struct result r;
	uint8_t f[64];

	dev_open(&d, 0, 0, 1);
	load_prog(&d, 1, "mov %r0, 7\nstxw [%r1+0], %r0\nexit\n");
	cr_assert_eq(run(&d, 1, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_ABORTED);
	cr_assert_eq(r.fault, SOC_BPF_FAULT_STORE_BOUNDS);
	load_prog(&d, 0, filter_ipv4);
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS);
	dev_close(&d);
}

/* Helpers that take no pointers, and an unknown one (a fault) */
Test(firmware, helpers, .timeout = 120)
{
	struct dev d;
	struct result r;
	uint8_t f[64];

	dev_open(&d, 0, 0, 1);
	/* r0 = smp id (0) + (prandom != prandom) + 2: XDP_PASS when two
	 * random numbers differ */
	load_prog(&d, 0,
		  "call 7\nmov %r6, %r0\ncall 7\nmov %r7, %r0\ncall 8\n"
		  "jeq %r6, %r7, same\nadd %r0, 2\nexit\nsame:\nmov %r0, 1\nexit\n");
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS);
	cr_assert_eq(r.helper_calls, 3);
	/* ktime_get_ns grows */
	load_prog(&d, 2, "call 5\nmov %r6, %r0\ncall 5\njgt %r0, %r6, ok\nmov %r0, 1\nexit\nok:\nmov %r0, 2\nexit\n");
	cr_assert_eq(run(&d, 2, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "ktime_get_ns did not grow");
	/* bpf_xdp_adjust_head(ctx, 14): the packet loses its Ethernet header */
	load_prog(&d, 3, "mov %r2, 14\ncall 44\njne %r0, 0, bad\nmov %r0, 2\nexit\nbad:\nmov %r0, 0\nexit\n");
	cr_assert_eq(run(&d, 3, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS);
	cr_assert_eq(r.pkt_len, 50);
	/* an unknown helper faults the program */
	load_prog(&d, 4, "call 999\nmov %r0, 2\nexit\n");
	cr_assert_eq(run(&d, 4, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_ABORTED);
	cr_assert_eq(r.fault, SOC_BPF_FAULT_HELPER);
	dev_close(&d);
}

/* Noise on the line: 1% of the bytes damaged (half dropped, half with a
 * bit flipped), both ways.  A damaged request is not executed; the host
 * retries with the same sequence number and a request that did run is
 * answered from the reply cache, so each packet runs exactly
 * once (the device's RUNS counter says so) and every verdict is right. */
/* 1000 packets as four runs of 250 on devices of their own (seeds 99 ..
 * 102), so that Criterion runs them side by side. */
static const unsigned noisy_seeds[] = {99, 100, 101, 102};

ParameterizedTestParameters(firmware, noisy_line)
{
	return cr_make_param_array(unsigned, noisy_seeds, 4);
}

ParameterizedTest(unsigned *seed, firmware, noisy_line, .timeout = 600)
{
	struct dev d;
	uint8_t f[64];
	uint8_t req[PROTO_MAX_PAYLOAD] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	struct proto_hdr rh;
	unsigned ok = 0, cached = 0;
	const unsigned n = 250;

	printf("noisy_line: 1%% of bytes damaged (0.5%% dropped, 0.5%% corrupted), seed %u\n",
	       *seed);
	dev_open(&d, 0, 0, *seed);
	load_prog(&d, 0, filter_ipv4);
	soc_sim_line_faults(d.s, 5000, 5000, 0, *seed);
	for (unsigned i = 0; i < n; i++) {
		frame(f, i % 3 != 0);
		f[14] = (uint8_t)i;               /* every packet different */
		memcpy(req + 16, f, 20);          /* 20-byte packets */
		int st = xfer_try(&d, PROTO_CMD_RUN, req, 16 + 20, rep, &rl, &rh, 100, 30000);
		cr_assert_eq(st, 0, "packet %u: status 0x%02x", i, st);
		cr_assert_eq(rep[0], i % 3 != 0 ? BPFSOC_XDP_PASS : BPFSOC_XDP_DROP, "packet %u", i);
		ok++;
		cached += (rh.flags & PROTO_FLAG_CACHED) != 0;
	}
	cr_assert_eq(ok, n);
	/* the device ran each exactly once */
	soc_sim_line_faults(d.s, 0, 0, 0, 1);
	uint32_t flags = 0;
	cr_assert_eq(xfer(&d, PROTO_CMD_COUNTERS, &flags, 4, rep, &rl), 0);
	uint64_t c[PROTO_CNT_NUM];
	memcpy(c, rep + 8, sizeof(c));
	cr_assert_eq(c[PROTO_CNT_RUNS], n, "the device ran %llu packets for %u requests",
		     (unsigned long long)c[PROTO_CNT_RUNS], n);
	printf("noisy_line: seed %u: %u verdicts right, each run once; %u resent from the reply cache, "
	       "%llu damaged frames dropped by the device\n", *seed, ok, cached,
	       (unsigned long long)(c[PROTO_CNT_RX_BAD_CRC] + c[PROTO_CNT_RX_BAD_FRAME]));
	dev_close(&d);
}

static uint32_t map_create(struct dev *d, uint32_t type, uint32_t ks, uint32_t vs, uint32_t n)
{
	uint32_t req[5] = {type, ks, vs, n, 0}, id;
	uint8_t rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	cr_assert_eq(xfer(d, PROTO_CMD_MAP_CREATE, req, sizeof(req), rep, &rl), 0);
	cr_assert_eq(rl, PROTO_MAP_CREATE_REP_SIZE);
	memcpy(&id, rep, 4);
	return id;
}

static int map_update(struct dev *d, uint32_t id, const void *key, uint32_t ks, const void *val,
		      uint32_t vs)
{
	uint8_t req[PROTO_MAX_PAYLOAD], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	memcpy(req, &id, 4);
	memset(req + 4, 0, 4);
	memcpy(req + 8, key, ks);
	memcpy(req + 8 + ks, val, vs);
	return xfer(d, PROTO_CMD_MAP_UPDATE, req, (uint16_t)(8 + ks + vs), rep, &rl);
}

static int map_lookup(struct dev *d, uint32_t id, const void *key, uint32_t ks, void *val,
		      uint16_t *vl)
{
	uint8_t req[PROTO_MAX_PAYLOAD];

	memcpy(req, &id, 4);
	memcpy(req + 4, key, ks);
	return xfer(d, PROTO_CMD_MAP_LOOKUP, req, (uint16_t)(4 + ks), val, vl);
}

/* The map helpers with keys and values on the program's stack: an array
 * counter bumped by the program, a hash entry it creates. */
Test(firmware, map_helpers, .timeout = 120)
{
	struct dev d;
	struct result r;
	uint8_t f[64], v[8];
	uint16_t vl;
	uint32_t k7 = 7, v41 = 41, k9 = 9;

	dev_open(&d, 0, 0, 1);
	uint32_t arr = map_create(&d, BPFSOC_MAP_TYPE_ARRAY, 4, 4, 16);
	uint32_t hash = map_create(&d, BPFSOC_MAP_TYPE_HASH, 4, 8, 8);
	cr_assert_eq(arr, 1);
	cr_assert_eq(hash, 2);
	cr_assert_eq(map_update(&d, arr, &k7, 4, &v41, 4), 0);
	/* value = lookup(arr, 7); *value += 1; update(hash, 9, 0x1122334455667788) */
	load_prog(&d, 0,
		  "stw [%r10-4], 7\n"
		  "mov %r1, 1\nmov %r2, %r10\nadd %r2, -4\ncall 1\n"
		  "jeq %r0, 0, drop\n"
		  "ldxw %r3, [%r0+0]\nadd %r3, 1\nstxw [%r0+0], %r3\n"
		  "stw [%r10-4], 9\n"
		  "lddw %r4, 0x1122334455667788\nstxdw [%r10-16], %r4\n"
		  "mov %r1, 2\nmov %r2, %r10\nadd %r2, -4\nmov %r3, %r10\nadd %r3, -16\nmov %r4, 0\n"
		  "call 2\njne %r0, 0, drop\n"
		  "mov %r0, 2\nexit\ndrop:\nmov %r0, 1\nexit\n");
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "verdict %u fault %u", r.verdict, r.fault);
	cr_assert_eq(r.helper_calls, 2);
	cr_assert_eq(map_lookup(&d, arr, &k7, 4, v, &vl), 0);
	cr_assert_eq(vl, 4);
	uint32_t got;
	memcpy(&got, v, 4);
	cr_assert_eq(got, 42, "the program's increment: %u", got);
	cr_assert_eq(map_lookup(&d, hash, &k9, 4, v, &vl), 0);
	uint64_t g64;
	memcpy(&g64, v, 8);
	cr_assert_eq(g64, 0x1122334455667788ull);
	/* again: 43 */
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), 0);
	cr_assert_eq(map_lookup(&d, arr, &k7, 4, v, &vl), 0);
	memcpy(&got, v, 4);
	cr_assert_eq(got, 43);
	dev_close(&d);
}

/* A hash map filled to max_entries from host and program: keys that share
 * buckets all keep their values; a full map refuses a new key to both
 * (E2BIG) until one is deleted */
Test(firmware, hash_collisions_and_full, .timeout = 300)
{
	enum { N = 64 };   /* N keys in N buckets: chains are all but certain */
	struct dev d;
	struct result r;
	uint8_t f[64], v[8];
	uint16_t vl;
	char prog[1024];

	dev_open(&d, 0, 0, 1);
	if (TEST_HOST_PORT)
		mbox_find(&d);
	uint32_t h = map_create(&d, BPFSOC_MAP_TYPE_HASH, 4, 4, N);
	for (uint32_t i = 0; i < N - 1; i++) {
		uint32_t k = i * 2654435761u, val = 1000 + i;
		cr_assert_eq(map_update(&d, h, &k, 4, &val, 4), 0, "key %u", i);
	}
	/* the program adds key 0xabcd (value 5), the last that fits, then
	 * tries 0xabce: E2BIG; then it reads back key 37's value */
	snprintf(prog, sizeof(prog),
		 "stw [%%r10-4], 0xabcd\nstw [%%r10-8], 5\n"
		 "mov %%r1, %u\nmov %%r2, %%r10\nadd %%r2, -4\nmov %%r3, %%r10\nadd %%r3, -8\n"
		 "mov %%r4, 0\ncall 2\nmov %%r6, %%r0\n"
		 "stw [%%r10-4], 0xabce\n"
		 "mov %%r1, %u\nmov %%r2, %%r10\nadd %%r2, -4\nmov %%r3, %%r10\nadd %%r3, -8\n"
		 "mov %%r4, 0\ncall 2\nmov %%r7, %%r0\n"
		 "stw [%%r10-4], %u\n"
		 "mov %%r1, %u\nmov %%r2, %%r10\nadd %%r2, -4\ncall 1\n"
		 "jeq %%r0, 0, bad\nldxw %%r8, [%%r0+0]\n"
		 "jne %%r8, 1037, bad\njne %%r6, 0, bad\njne %%r7, -7, bad\n"
		 "mov %%r0, 2\nexit\nbad:\nmov %%r0, 1\nexit\n",
		 h, h, 37u * 2654435761u, h);
	load_prog(&d, 0, prog);
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "the program's updates and lookup (fault %u)",
		     r.fault);
	for (uint32_t i = 0; i < N - 1; i++) {
		uint32_t k = i * 2654435761u, got;
		cr_assert_eq(map_lookup(&d, h, &k, 4, v, &vl), 0, "key %u lost", i);
		memcpy(&got, v, 4);
		cr_assert_eq(got, 1000 + i, "key %u holds %u", i, got);
	}
	uint32_t kp = 0xabcd, kn = 0xabce, got, val = 9;
	cr_assert_eq(map_lookup(&d, h, &kp, 4, v, &vl), 0);
	memcpy(&got, v, 4);
	cr_assert_eq(got, 5);
	cr_assert_eq(map_update(&d, h, &kn, 4, &val, 4), PROTO_ST_E2BIG, "a full map");
	cr_assert_eq(map_update(&d, h, &kp, 4, &val, 4), 0, "a full map's key still changes");
	/* one deleted: the host's new key fits again, and the program's
	 * second update fails as the map is full once more */
	uint8_t req[8];
	uint16_t rl;
	uint32_t k0 = 0;
	memcpy(req, &h, 4);
	memcpy(req + 4, &k0, 4);
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_DELETE, req, 8, v, &rl), 0);
	cr_assert_eq(map_update(&d, h, &kn, 4, &val, 4), 0);
	cr_assert_eq(map_update(&d, h, &k0, 4, &val, 4), PROTO_ST_E2BIG);
	dev_close(&d);
}

/* Names and what the device tells of its maps and programs: MAP_CREATE's
 * value address (what a program reads), MAP_FOOTPRINT, MAP_INFO, PROG_INFO */
Test(firmware, map_and_prog_info, .timeout = 120)
{
	struct dev d;
	struct result r;
	uint8_t rep[PROTO_MAX_PAYLOAD], f[64];
	uint16_t rl;
	uint32_t free0, free1, bytes;

	dev_open(&d, 0, 0, 1);
	cr_assert_eq(xfer(&d, PROTO_CMD_INFO, NULL, 0, rep, &rl), 0);
	memcpy(&free0, rep + PROTO_INFO_REP_OFF_ARENA_FREE, 4);

	/* an ARRAY of 4 u32 named "counts" */
	uint8_t req[36] = {0};
	uint32_t attr[5] = {BPFSOC_MAP_TYPE_ARRAY, 4, 4, 4, 0};
	memcpy(req, attr, 20);
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_FOOTPRINT, req, 20, rep, &rl), 0);
	cr_assert_eq(rl, 4);
	memcpy(&bytes, rep, 4);
	memcpy(req + 20, "counts", 6);
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_CREATE, req, 36, rep, &rl), 0);
	cr_assert_eq(rl, PROTO_MAP_CREATE_REP_SIZE);
	uint32_t id, vaddr, stride;
	memcpy(&id, rep, 4);
	memcpy(&vaddr, rep + 4, 4);
	memcpy(&stride, rep + 8, 4);
	cr_assert_eq(stride, 8, "u32 values 8 bytes apart");
	cr_assert(vaddr >= SOC_MAP_BASE && vaddr < SOC_MAP_BASE + TEST_MAP_BYTES, "0x%x", vaddr);
	cr_assert_eq(xfer(&d, PROTO_CMD_INFO, NULL, 0, rep, &rl), 0);
	memcpy(&free1, rep + PROTO_INFO_REP_OFF_ARENA_FREE, 4);
	cr_assert_eq(free0 - free1, bytes, "MAP_FOOTPRINT %u, the arena shrank by %u", bytes,
		     free0 - free1);
	/* an unnamed HASH; a bad attribute is refused by MAP_FOOTPRINT too */
	uint32_t hash = map_create(&d, BPFSOC_MAP_TYPE_HASH, 8, 16, 32);
	attr[1] = 0;
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_FOOTPRINT, attr, 20, rep, &rl), PROTO_ST_EINVAL);
	attr[0] = BPFSOC_MAP_TYPE_HASH, attr[1] = 600;
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_FOOTPRINT, attr, 20, rep, &rl), PROTO_ST_E2BIG);

	/* a program stores index 2's value through lddw of the value's address,
	 * as BPF_PSEUDO_MAP_VALUE resolves: the host sees it in MAP_LOOKUP */
	char prog[256];
	snprintf(prog, sizeof(prog), "lddw %%r1, 0x%x\nstw [%%r1+0], 77\nmov %%r0, 2\nexit\n",
		 vaddr + 2 * stride);
	load_prog(&d, 5, prog);
	cr_assert_eq(run(&d, 5, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "fault %u", r.fault);
	uint32_t k2 = 2, got;
	uint8_t v[8];
	uint16_t vl;
	cr_assert_eq(map_lookup(&d, id, &k2, 4, v, &vl), 0);
	memcpy(&got, v, 4);
	cr_assert_eq(got, 77);

	/* MAP_INFO walks the maps in id order */
	uint32_t start = 0, seen = 0;
	for (;;) {
		int st = xfer(&d, PROTO_CMD_MAP_INFO, &start, 4, rep, &rl);
		if (st == PROTO_ST_ENOENT)
			break;
		cr_assert_eq(st, 0);
		cr_assert_eq(rl, PROTO_MAP_INFO_REP_SIZE + 16);
		uint32_t mid, type, ks, vs, n;
		memcpy(&mid, rep, 4);
		memcpy(&type, rep + 4, 4);
		memcpy(&ks, rep + 8, 4);
		memcpy(&vs, rep + 12, 4);
		memcpy(&n, rep + 16, 4);
		if (mid == id) {
			cr_assert(type == BPFSOC_MAP_TYPE_ARRAY && ks == 4 && vs == 4 && n == 4);
			cr_assert_str_eq((char *)rep + PROTO_MAP_INFO_REP_SIZE, "counts");
			memcpy(&got, rep + 24, 4);
			cr_assert_eq(got, vaddr);
			memcpy(&got, rep + 28, 4);
			cr_assert_eq(got, bytes);
		} else {
			cr_assert_eq(mid, hash);
			cr_assert(type == BPFSOC_MAP_TYPE_HASH && ks == 8 && vs == 16 && n == 32);
			cr_assert_eq(rep[PROTO_MAP_INFO_REP_SIZE], 0, "no name");
		}
		seen++;
		start = mid + 1;
	}
	cr_assert_eq(seen, 2);

	/* PROG_INFO: a named program, its CRC-32 and its runs */
	uint64_t *insns;
	uint32_t n;
	char err[128];
	cr_assert_eq(bpf_asm(filter_ipv4, &insns, &n, err, sizeof(err)), 0);
	uint8_t b[28] = {7};
	uint32_t size = 8 * n, crc = proto_crc32(0, insns, size);
	memcpy(b + 4, &size, 4);
	memcpy(b + 8, &crc, 4);
	memcpy(b + 12, "filter_ipv4", 11);
	cr_assert_eq(xfer(&d, PROTO_CMD_PROG_LOAD_BEGIN, b, 28, rep, &rl), 0);
	uint8_t chunk[8 + 8 * 64] = {7};
	memcpy(chunk + 8, insns, size);
	cr_assert_eq(xfer(&d, PROTO_CMD_PROG_LOAD_CHUNK, chunk, (uint16_t)(8 + size), rep, &rl), 0);
	cr_assert_eq(xfer(&d, PROTO_CMD_PROG_LOAD_COMMIT, chunk, 4, rep, &rl), 0);
	free(insns);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(run(&d, 7, f, frame(f, i & 1), &r), 0);
	uint32_t ps = 6;
	cr_assert_eq(xfer(&d, PROTO_CMD_PROG_INFO, &ps, 4, rep, &rl), 0);
	cr_assert_eq(rl, PROTO_PROG_INFO_REP_SIZE + 16);
	uint16_t pid;
	uint64_t runs, cyc;
	memcpy(&pid, rep, 2);
	memcpy(&got, rep + 12, 4);
	memcpy(&runs, rep + 16, 8);
	memcpy(&cyc, rep + 24, 8);
	cr_assert_eq(pid, 7, "the first loaded id from 6");
	cr_assert_eq(got, crc);
	cr_assert_eq(runs, 3);
	cr_assert_gt(cyc, 0);
	cr_assert_str_eq((char *)rep + 32, "filter_ipv4");
	ps = 8;
	cr_assert_eq(xfer(&d, PROTO_CMD_PROG_INFO, &ps, 4, rep, &rl), PROTO_ST_ENOENT);
	dev_close(&d);
}

/* tail_call through a PROG_ARRAY; a missing slot falls through */
Test(firmware, tail_call, .timeout = 120)
{
	struct dev d;
	struct result r;
	uint8_t f[64];
	uint32_t k0 = 0, p1 = 1;

	dev_open(&d, 0, 0, 1);
	uint32_t pa = map_create(&d, BPFSOC_MAP_TYPE_PROG_ARRAY, 4, 4, 4);
	load_prog(&d, 1, "mov %r0, 3\nexit\n");                          /* XDP_TX */
	load_prog(&d, 0, "mov %r6, %r1\nmov %r2, 1\nmov %r3, 1\ncall 12\n"   /* slot 1: empty */
			 "mov %r1, %r6\nmov %r2, 1\nmov %r3, 0\ncall 12\n"   /* slot 0: prog 1 */
			 "mov %r0, 1\nexit\n");
	cr_assert_eq(pa, 1);
	cr_assert_eq(map_update(&d, pa, &k0, 4, &p1, 4), 0);
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_TX, "verdict %u fault %u", r.verdict, r.fault);
	cr_assert_eq(r.helper_calls, 2);
	dev_close(&d);
}

/* trace_printk's text and ring buffer records reach the host */
Test(firmware, trace_and_ringbuf, .timeout = 120)
{
	struct dev d;
	struct result r;
	uint8_t f[64], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	dev_open(&d, 0, 0, 1);
	uint32_t rb = map_create(&d, BPFSOC_MAP_TYPE_RINGBUF, 0, 0, 4096);
	/* "n=%d\n" on the stack; bpf_trace_printk(fmt, 6, -5); then
	 * bpf_ringbuf_output(rb, &fmt, 6, 0) */
	load_prog(&d, 0,
		  "stw [%r10-8], 0x64253d6e\n"     /* "n=%d" */
		  "sth [%r10-4], 0x000a\n"          /* "\n", NUL */
		  "mov %r1, %r10\nadd %r1, -8\nmov %r2, 6\nmov %r3, -5\ncall 6\n"
		  "mov %r1, 1\nmov %r2, %r10\nadd %r2, -8\nmov %r3, 6\nmov %r4, 0\ncall 130\n"
		  "mov %r0, 2\nexit\n");
	cr_assert_eq(rb, 1);
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "verdict %u fault %u", r.verdict, r.fault);
	uint8_t req[8] = {0};
	cr_assert_eq(xfer(&d, PROTO_CMD_TRACE_READ, req, 4, rep, &rl), 0);
	cr_assert_eq(rl, 4 + 5, "trace text of %u bytes", rl - 4);
	cr_assert_eq(memcmp(rep + 4, "n=-5\n", 5), 0, "trace: %.*s", rl - 4, rep + 4);
	uint32_t id = rb;
	memcpy(req, &id, 4);
	cr_assert_eq(xfer(&d, PROTO_CMD_RINGBUF_READ, req, 8, rep, &rl), 0);
	uint16_t count;
	uint32_t len;
	memcpy(&count, rep, 2);
	memcpy(&len, rep + 4, 4);
	cr_assert_eq(count, 1);
	cr_assert_eq(len, 6);
	cr_assert_eq(memcmp(rep + 8, "n=%d\n", 6), 0);
	dev_close(&d);
}

/* RUN_BATCH over both packet buffers; COUNTERS (with the core's cycle and
 * stall counters) and RESET */
Test(firmware, batch_counters_reset, .timeout = 120)
{
	struct dev d;
	uint8_t req[PROTO_MAX_PAYLOAD] = {0}, rep[PROTO_MAX_PAYLOAD], f[64];
	uint16_t rl, n = 7;

	dev_open(&d, 0, 0, 1);
	load_prog(&d, 0, filter_ipv4);
	/* seven packets: IPv4, ARP, IPv4, ... and one runt */
	uint8_t *p = req + 16;
	for (unsigned i = 0; i < n; i++) {
		uint16_t len = i == 6 ? 10 : frame(f, i % 2 == 0);
		memcpy(p, &len, 2);
		memcpy(p + 2, f, len);
		p += 2 + len;
	}
	memcpy(req + 2, &n, 2);
	cr_assert_eq(xfer(&d, PROTO_CMD_RUN_BATCH, req, (uint16_t)(p - req), rep, &rl), 0);
	cr_assert_eq(rl, 16 + 12 * n);
	uint16_t count;
	memcpy(&count, rep, 2);
	cr_assert_eq(count, n);
	for (unsigned i = 0; i < n; i++) {
		uint8_t want = (i % 2 == 0 && i != 6) ? BPFSOC_XDP_PASS : BPFSOC_XDP_DROP;
		cr_assert_eq(rep[16 + 12 * i], want, "packet %u: verdict %u", i, rep[16 + 12 * i]);
		cr_assert_eq(rep[16 + 12 * i + 1], 0);
	}

	/* COUNTERS: 7 runs, 3 passed, 4 dropped; the core's instructions */
	uint32_t flags = 0;
	cr_assert_eq(xfer(&d, PROTO_CMD_COUNTERS, &flags, 4, rep, &rl), 0);
	uint16_t nc;
	memcpy(&nc, rep, 2);
	cr_assert_eq(nc, PROTO_CNT_NUM);
	cr_assert_eq(rl, 8 + 8 * nc);
	uint64_t c[PROTO_CNT_NUM];
	memcpy(c, rep + 8, sizeof(c));
	cr_assert_eq(c[PROTO_CNT_RUNS], 7);
	cr_assert_eq(c[PROTO_CNT_VERDICT_PASS], 3);
	cr_assert_eq(c[PROTO_CNT_VERDICT_DROP], 4);
	cr_assert_eq(c[PROTO_CNT_INSNS], 6 * 9 + 7);   /* IPv4 and ARP: 9 each, the runt 7 */
	cr_assert_geq(c[PROTO_CNT_CYCLES], c[PROTO_CNT_INSNS]);
	uint64_t stalls = 0;
	for (unsigned k = 0; k < 6; k++)
		stalls += c[PROTO_CNT_STALL_LOAD_USE + k];
	cr_assert_eq(c[PROTO_CNT_CYCLES], c[PROTO_CNT_INSNS] + stalls,
		     "core cycles are instructions plus stalls");
	cr_assert_gt(c[PROTO_CNT_FW_CYCLES], 0);
	printf("batch_counters_reset: 7 packets: %llu core cycles, %llu firmware cycles\n",
	       (unsigned long long)c[PROTO_CNT_CYCLES], (unsigned long long)c[PROTO_CNT_FW_CYCLES]);

	/* RESET PROGS: the program is gone */
	uint32_t what = PROTO_RESET_PROGS | PROTO_RESET_COUNTERS;
	cr_assert_eq(xfer(&d, PROTO_CMD_RESET, &what, 4, rep, &rl), 0);
	struct result r;
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), PROTO_ST_ENOENT);
	cr_assert_eq(xfer(&d, PROTO_CMD_COUNTERS, &flags, 4, rep, &rl), 0);
	memcpy(c, rep + 8, sizeof(c));
	cr_assert_eq(c[PROTO_CNT_RUNS], 0);
	what = 0x100;
	cr_assert_eq(xfer(&d, PROTO_CMD_RESET, &what, 4, rep, &rl), PROTO_ST_EINVAL);
	dev_close(&d);
}

/* MAP_DELETE and MAP_GET_NEXT_KEY from the host; an LRU hash evicts */
Test(firmware, host_map_commands, .timeout = 120)
{
	struct dev d;
	uint8_t req[64], rep[PROTO_MAX_PAYLOAD], v[8];
	uint16_t rl, vl;

	dev_open(&d, 0, 0, 1);
	uint32_t h = map_create(&d, BPFSOC_MAP_TYPE_LRU_HASH, 4, 4, 4);
	for (uint32_t k = 1; k <= 5; k++) {
		uint32_t val = 100 + k;
		cr_assert_eq(map_update(&d, h, &k, 4, &val, 4), 0);
	}
	/* 5 keys into 4 entries: key 1, the least recently used, is gone */
	uint32_t k1 = 1, k3 = 3;
	cr_assert_eq(map_lookup(&d, h, &k1, 4, v, &vl), PROTO_ST_ENOENT);
	/* iterate: keys 2..5, each once */
	unsigned seen = 0, steps = 0;
	uint32_t key;
	memcpy(req, &h, 4);
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_GET_NEXT_KEY, req, 4, rep, &rl), 0);
	for (;;) {
		cr_assert_eq(rl, 4);
		memcpy(&key, rep, 4);
		cr_assert(key >= 2 && key <= 5, "key %u", key);
		cr_assert_eq(seen & 1u << key, 0, "key %u twice", key);
		seen |= 1u << key;
		steps++;
		memcpy(req + 4, &key, 4);
		int st = xfer(&d, PROTO_CMD_MAP_GET_NEXT_KEY, req, 8, rep, &rl);
		if (st == PROTO_ST_ENOENT)
			break;
		cr_assert_eq(st, 0);
	}
	cr_assert_eq(steps, 4);
	/* delete 3: lookup fails, a second delete too */
	memcpy(req + 4, &k3, 4);
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_DELETE, req, 8, rep, &rl), 0);
	cr_assert_eq(map_lookup(&d, h, &k3, 4, v, &vl), PROTO_ST_ENOENT);
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_DELETE, req, 8, rep, &rl), PROTO_ST_ENOENT);
	/* a key of the wrong size */
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_DELETE, req, 6, rep, &rl), PROTO_ST_BAD_LEN);
	uint32_t none = 77;
	memcpy(req, &none, 4);
	cr_assert_eq(xfer(&d, PROTO_CMD_MAP_DELETE, req, 8, rep, &rl), PROTO_ST_ENOENT);
	dev_close(&d);
}

/* redirect, csum_diff, xdp_adjust_tail, map_delete_elem and the ring
 * buffer's reserve / submit / discard */
Test(firmware, more_helpers, .timeout = 120)
{
	struct dev d;
	struct result r;
	uint8_t f[64], rep[PROTO_MAX_PAYLOAD], req[8] = {0};
	uint16_t rl;

	dev_open(&d, 0, 0, 1);
	/* bpf_redirect(7, 0) */
	load_prog(&d, 0, "mov %r1, 7\nmov %r2, 0\ncall 23\nexit\n");
	cr_assert_eq(run(&d, 0, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_REDIRECT);
	/* csum_diff(NULL, 0, &w, 4, 0) with w = 0x00010002 on the stack:
	 * the 32-bit sum of the word, 0x00010002 */
	load_prog(&d, 1, "stw [%r10-4], 0x00010002\nmov %r1, 0\nmov %r2, 0\nmov %r3, %r10\n"
			 "add %r3, -4\nmov %r4, 4\nmov %r5, 0\ncall 28\n"
			 "jne %r0, 0x00010002, bad\nmov %r0, 2\nexit\nbad:\nmov %r0, 1\nexit\n");
	cr_assert_eq(run(&d, 1, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "csum_diff");
	/* xdp_adjust_tail(ctx, -20): 64 -> 44 bytes; -40 would leave 4: refused */
	load_prog(&d, 2, "mov %r6, %r1\nmov %r2, -20\ncall 65\njne %r0, 0, bad\n"
			 "mov %r1, %r6\nmov %r2, -40\ncall 65\njeq %r0, 0, bad\n"
			 "mov %r0, 2\nexit\nbad:\nmov %r0, 1\nexit\n");
	cr_assert_eq(run(&d, 2, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "adjust_tail");
	cr_assert_eq(r.pkt_len, 44);
	/* map_delete_elem on a hash: 0 the first time, -ENOENT the second */
	uint32_t hm = map_create(&d, BPFSOC_MAP_TYPE_HASH, 4, 4, 4), k = 5, val = 1;
	cr_assert_eq(map_update(&d, hm, &k, 4, &val, 4), 0);
	char prog[512];
	snprintf(prog, sizeof(prog),
		 "stw [%%r10-4], 5\nmov %%r1, %u\nmov %%r2, %%r10\nadd %%r2, -4\ncall 3\n"
		 "jne %%r0, 0, bad\nmov %%r1, %u\nmov %%r2, %%r10\nadd %%r2, -4\ncall 3\n"
		 "jne %%r0, -2, bad\nmov %%r0, 2\nexit\nbad:\nmov %%r0, 1\nexit\n", hm, hm);
	load_prog(&d, 3, prog);
	cr_assert_eq(run(&d, 3, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "map_delete_elem");
	/* ring buffer: reserve 8, write, submit; reserve 8, discard: one record */
	uint32_t rb = map_create(&d, BPFSOC_MAP_TYPE_RINGBUF, 0, 0, 4096);
	snprintf(prog, sizeof(prog),
		 "mov %%r1, %u\nmov %%r2, 8\nmov %%r3, 0\ncall 131\njeq %%r0, 0, bad\n"
		 "lddw %%r1, 0x0807060504030201\nstxdw [%%r0+0], %%r1\n"
		 "mov %%r1, %%r0\nmov %%r2, 0\ncall 132\n"
		 "mov %%r1, %u\nmov %%r2, 8\nmov %%r3, 0\ncall 131\njeq %%r0, 0, bad\n"
		 "mov %%r1, %%r0\nmov %%r2, 0\ncall 133\n"
		 "mov %%r0, 2\nexit\nbad:\nmov %%r0, 1\nexit\n", rb, rb);
	load_prog(&d, 4, prog);
	cr_assert_eq(run(&d, 4, f, frame(f, 1), &r), 0);
	cr_assert_eq(r.verdict, BPFSOC_XDP_PASS, "ringbuf: verdict %u fault %u", r.verdict, r.fault);
	memcpy(req, &rb, 4);
	cr_assert_eq(xfer(&d, PROTO_CMD_RINGBUF_READ, req, 8, rep, &rl), 0);
	uint16_t count;
	uint32_t len;
	memcpy(&count, rep, 2);
	memcpy(&len, rep + 4, 4);
	cr_assert_eq(count, 1, "records: %u", count);
	cr_assert_eq(len, 8);
	cr_assert_eq(memcmp(rep + 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8), 0);
	dev_close(&d);
}

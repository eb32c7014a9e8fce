/* main.c: the SoC's firmware (docs/architecture.md, "The firmware").
 *
 * It speaks the host protocol (docs/protocol.md, firmware/proto.c) on two
 * links, the UART and the host port's mailbox (the MMIO link), and keeps the programs and the maps (firmware/maps.c, in the map
 * memory that the eBPF core sees at the same addresses), runs packets
 * through the eBPF core and services its helper calls.
 *
 * One request at a time: a RUN or RUN_BATCH runs to its end inside its
 * handler, helpers included, then the reply goes out.
 */
#include <stddef.h>
#include <stdint.h>

#include "fw.h"
#include "hw.h"
#include "helpers.h"
#include "maps.h"
#include "proto.h"

/* The board's sizes, from SYSCON and the eBPF core at boot (spec
 * [board.*]); the buffers below are sized for the largest. */
static uint32_t map_size, pkt_size, pkt_buf_size, packet_max, imem_slots;
static uint8_t uart_rx_log2;   /* INFO RX_FIFO_LOG2: the UART's receive FIFO */
_Static_assert((SOC_PKT_BUFS & (SOC_PKT_BUFS - 1)) == 0, "a power of two of packet buffers");
#define FW_EFAULT 14

/* ---- state ---- */
static struct proto P;         /* the UART link */
#ifndef FW_HOST_PORT
#define FW_HOST_PORT 1         /* 0: a board without the host port (firmware/soc/soc.mk) */
#endif
#if FW_HOST_PORT
static struct proto PM;        /* the MMIO link (the host port's mailbox) */
#endif
static struct map_arena A;
static uint32_t clk_hz;

enum { NAME_LEN = 16 };         /* names of programs and maps, as Linux's BPF_OBJ_NAME_LEN */

struct prog {
	uint32_t slot, slots;  /* where it sits in the core's instruction memory */
	uint32_t crc;          /* of its instructions */
	uint64_t runs, cycles; /* PROG_INFO */
	char name[NAME_LEN];
	uint8_t loaded;
};
static struct prog progs[SOC_FW_MAX_PROGS];
static uint32_t imem_used;     /* slots [0, imem_used) hold programs */

/* the program being loaded (PROG_LOAD_*): FW_IMEM_SLOTS, the largest
 * board's IMEM unless a board's build gives its own (firmware/soc/soc.mk) */
#ifndef FW_IMEM_SLOTS
#define FW_IMEM_SLOTS SOC_BPF_IMEM_DEPTH
#endif
static uint8_t stage[FW_IMEM_SLOTS * 8];
static uint8_t stage_have[FW_IMEM_SLOTS / 8];  /* a bit per slot received */
static int stage_prog = -1;
static char stage_name[NAME_LEN];
static char map_names[BPFSOC_MAP_MAX_MAPS][NAME_LEN];   /* map id n: map_names[n - 1] */
static uint32_t stage_size, stage_crc;

/* counters of COUNTERS beyond the protocol layer's */
static uint64_t cnt[PROTO_CNT_NUM];

/* trace_printk's output: a ring of text */
static struct trace_buf T;      /* trace_printk's text */

static uint32_t rng_state = 0x2545f491;

#if FW_HOST_PORT
/* ---- the MMIO link: the mailbox in RAM that the host reaches through BAR
 * 0's window (spec [host.mbox], docs/protocol.md "The MMIO link") ---- */
#define MBOX_BUF 4096          /* two of the largest encoded frames fit */
static struct {
	uint32_t hdr[5];           /* MAGIC, H2D_OFF, H2D_SIZE, D2H_OFF, D2H_SIZE */
	uint8_t h2d[MBOX_BUF];
	uint8_t d2h[MBOX_BUF];
} mbox __attribute__((aligned(4)));
static uint32_t d2h_n;         /* reply bytes in mbox.d2h not yet published */

#define HOST_H2D_PENDING 0x1u
#define HOST_D2H_PENDING 0x2u

static void mbox_init(void)
{
	mbox.hdr[HOST_MBOX_MAGIC / 4] = HOST_MBOX_MAGIC_VALUE;
	mbox.hdr[HOST_MBOX_H2D_OFF / 4] = (uint32_t)offsetof(__typeof__(mbox), h2d);
	mbox.hdr[HOST_MBOX_H2D_SIZE / 4] = MBOX_BUF;
	mbox.hdr[HOST_MBOX_D2H_OFF / 4] = (uint32_t)offsetof(__typeof__(mbox), d2h);
	mbox.hdr[HOST_MBOX_D2H_SIZE / 4] = MBOX_BUF;
	REG32(SOC_HOST_BASE + SOC_HOST_MBOX) = (uint32_t)(uintptr_t)&mbox;
}

/* The reply bytes so far go to the host (D2H_LEN rings its doorbell). */
static void mbox_flush(void)
{
	if (!d2h_n)
		return;
	REG32(SOC_HOST_BASE + SOC_HOST_D2H_LEN) = d2h_n;
	d2h_n = 0;
}

static void mbox_tx(void *user, const uint8_t *buf, size_t len)
{
	(void)user;
	for (size_t i = 0; i < len; i++) {
		if (d2h_n == MBOX_BUF)
			mbox_flush();
		/* the buffer is the host's until it has taken what it holds */
		if (!d2h_n)
			while (REG32(SOC_HOST_BASE + SOC_HOST_STATUS) & HOST_D2H_PENDING)
				;
		mbox.d2h[d2h_n++] = buf[i];
	}
}

/* A doorbell from the host: its bytes into the protocol layer, then the
 * buffer back to the host, then the replies out. */
static void mbox_poll(void)
{
	if (!(REG32(SOC_HOST_BASE + SOC_HOST_STATUS) & HOST_H2D_PENDING))
		return;
	uint32_t n = REG32(SOC_HOST_BASE + SOC_HOST_H2D_LEN);

	proto_feed(&PM, mbox.h2d, n < MBOX_BUF ? n : MBOX_BUF);
	REG32(SOC_HOST_BASE + SOC_HOST_H2D_ACK) = 1;
	mbox_flush();
}
#endif /* FW_HOST_PORT */

/* The links' own counters (both links together), and clearing them */
static uint64_t link_stat(unsigned i)
{
#if FW_HOST_PORT
	return P.stats[i] + PM.stats[i];
#else
	return P.stats[i];
#endif
}

static void link_stats_clear(void)
{
	fw_memset(P.stats, 0, sizeof(P.stats));
#if FW_HOST_PORT
	fw_memset(PM.stats, 0, sizeof(PM.stats));
#endif
}

/* ---- the UART ---- */
static void uart_tx(void *user, const uint8_t *buf, size_t len)
{
	(void)user;
	for (size_t i = 0; i < len; i++) {
		while (REG32(SOC_UART_BASE + SOC_UART_STATUS) & UART_TX_FULL)
			;
		REG32(SOC_UART_BASE + SOC_UART_DATA) = buf[i];
	}
}

/* A trap nobody expected: say so on the UART (outside any frame: the
 * host's decoder drops it), then crt0 restarts the firmware. */
void fw_trap(uint32_t cause, uint32_t epc, uint32_t tval);
void fw_trap(uint32_t cause, uint32_t epc, uint32_t tval)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t msg[] = "\0firmware trap c=xxxxxxxx pc=xxxxxxxx v=xxxxxxxx\n";
	uint32_t v[3] = {cause, epc, tval};
	unsigned at[3] = {17, 29, 40};

	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 8; i++)
			msg[at[k] + i] = (uint8_t)hex[v[k] >> (28 - 4 * i) & 15];
	uart_tx(NULL, msg, sizeof(msg));
}

/* ---- memory of the eBPF core's address space ----
 * A pointer a program hands to a helper lies in its stack (inside the
 * core: the control window STACK_WIN), in a packet buffer or in the map
 * memory (the same addresses here).  Anything else is refused. */
static int in_range(uint32_t a, uint32_t n, uint32_t base, uint32_t size)
{
	return a >= base && n <= size && a - base <= size - n;
}

static int in_stack(uint32_t a, uint32_t n)
{
	return in_range(a, n, SOC_BPF_STACK_BASE, SOC_BPF_MAX_DEPTH * SOC_BPF_FRAME_SIZE);
}

/* a byte of the core's stack, through its STACK_WIN (the core is stopped) */
static uint8_t stack_byte(uint32_t off)
{
	uint32_t w = ctl_rd(SOC_BPF_CTL_STACK_WIN + (off & ~3u));

	return (uint8_t)(w >> 8 * (off & 3));
}

static int bpf_mem_ok(uint64_t addr, uint32_t n)
{
	if (addr >> 32)
		return 0;
	return in_stack((uint32_t)addr, n) ||
	       in_range((uint32_t)addr, n, SOC_PKT_BASE, pkt_size) ||
	       in_range((uint32_t)addr, n, SOC_MAP_BASE, map_size);
}

static void bpf_mem_read(uint64_t addr, void *dst, uint32_t n)
{
	uint8_t *d = dst;
	uint32_t a = (uint32_t)addr;

	if (a >= SOC_BPF_STACK_BASE && a - SOC_BPF_STACK_BASE < SOC_BPF_MAX_DEPTH * SOC_BPF_FRAME_SIZE) {
		uint32_t off = a - SOC_BPF_STACK_BASE, i = 0;

		/* a word of STACK_WIN at a time where the bytes are aligned */
		for (; i < n && (off + i) % 4; i++)
			d[i] = stack_byte(off + i);
		for (; i + 4 <= n; i += 4) {
			uint32_t w = ctl_rd(SOC_BPF_CTL_STACK_WIN + off + i);
			d[i] = (uint8_t)w;
			d[i + 1] = (uint8_t)(w >> 8);
			d[i + 2] = (uint8_t)(w >> 16);
			d[i + 3] = (uint8_t)(w >> 24);
		}
		for (; i < n; i++)
			d[i] = stack_byte(off + i);
	} else {
		const volatile uint8_t *s = (const volatile uint8_t *)(uintptr_t)a;
		for (uint32_t i = 0; i < n; i++)
			d[i] = s[i];
	}
}

/* ---- programs ---- */
static void imem_write(uint32_t slot, const uint8_t *insn)
{
	ctl_wr(SOC_BPF_CTL_IMEM_BASE + 8 * slot, fw_get32(insn));
	ctl_wr(SOC_BPF_CTL_IMEM_BASE + 8 * slot + 4, fw_get32(insn + 4));
}

static void progs_reset(void)
{
	fw_memset(progs, 0, sizeof(progs));
	imem_used = 0;
	stage_prog = -1;
	ctl_wr(SOC_BPF_CTL_PROG_LEN, 0);
}

static int h_prog_begin(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	uint32_t id = fw_get16(req->data), size = fw_get32(req->data + 4);

	(void)u;
	if (id >= SOC_FW_MAX_PROGS) {
		rep->msg = "program id out of range";
		return -FW_EINVAL;
	}
	if (fw_get16(req->data + 2) != 0) {
		rep->msg = "FLAGS must be 0";
		return -FW_EINVAL;
	}
	if (size == 0 || size % 8 || size > sizeof(stage)) {
		rep->msg = "SIZE must be a multiple of 8, 8 .. 8 * IMEM_SLOTS";
		return -FW_EINVAL;
	}
	if (req->len != 12 && req->len != 12 + NAME_LEN) {
		rep->msg = "payload must be 12 bytes, or 28 with NAME";
		return -PROTO_ST_BAD_LEN;
	}
	fw_memset(stage_name, 0, NAME_LEN);
	if (req->len > 12)
		fw_memcpy(stage_name, req->data + 12, NAME_LEN - 1);
	stage_prog = (int)id;
	stage_size = size;
	stage_crc = fw_get32(req->data + 8);
	fw_memset(stage_have, 0, sizeof(stage_have));
	return 0;
}

static int h_prog_chunk(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	uint32_t id = fw_get16(req->data), off = fw_get32(req->data + 4);
	uint32_t n = req->len - 8u;

	(void)u;
	if (stage_prog < 0 || id != (uint32_t)stage_prog) {
		rep->msg = "no PROG_LOAD_BEGIN for this program id";
		return -FW_ENOENT;
	}
	if (off % 8 || n % 8 || n == 0 || off > stage_size || n > stage_size - off) {
		rep->msg = "chunk outside the program or not a multiple of 8 bytes";
		return -FW_EINVAL;
	}
	fw_memcpy(stage + off, req->data + 8, n);
	for (uint32_t s = off / 8; s < (off + n) / 8; s++)
		stage_have[s / 8] |= (uint8_t)(1u << (s % 8));
	return 0;
}

static int h_prog_commit(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	uint32_t id = fw_get16(req->data), slots, slot;

	(void)u;
	if (stage_prog < 0 || id != (uint32_t)stage_prog) {
		rep->msg = "no PROG_LOAD_BEGIN for this program id";
		return -FW_ENOENT;
	}
	slots = stage_size / 8;
	for (uint32_t s = 0; s < slots; s++)
		if (!(stage_have[s / 8] & (1u << (s % 8)))) {
			rep->msg = "a chunk is missing";
			return -PROTO_ST_INCOMPLETE;
		}
	if (proto_crc32(0, stage, stage_size) != stage_crc) {
		rep->msg = "CRC-32 of the program differs from PROG_LOAD_BEGIN's";
		return -PROTO_ST_BAD_CHECKSUM;
	}
	/* the same program id again in place: where it was last in the
	 * instruction memory (growing or shrinking there), or when it fits;
	 * else at the end */
	if (progs[id].loaded && progs[id].slot + progs[id].slots == imem_used &&
	    slots <= imem_slots - progs[id].slot) {
		slot = progs[id].slot;
		imem_used = slot + slots;
	} else if (progs[id].loaded && slots <= progs[id].slots) {
		slot = progs[id].slot;
	} else {
		if (slots > imem_slots - imem_used) {
			rep->msg = "instruction memory full (RESET PROGS frees it)";
			return -FW_ENOSPC;
		}
		slot = imem_used;
		imem_used += slots;
	}
	for (uint32_t s = 0; s < slots; s++)
		imem_write(slot + s, stage + 8 * s);
	ctl_wr(SOC_BPF_CTL_PROG_LEN, imem_used);
	progs[id].slot = slot;
	progs[id].slots = slots;
	progs[id].crc = stage_crc;
	progs[id].runs = progs[id].cycles = 0;
	fw_memcpy(progs[id].name, stage_name, NAME_LEN);
	progs[id].loaded = 1;
	stage_prog = -1;
	fw_put32(rep->data, slot);
	fw_put32(rep->data + 4, slots);
	rep->len = 8;
	return 0;
}

static int h_prog_info(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	uint32_t id = fw_get16(req->data);

	(void)u;
	while (id < SOC_FW_MAX_PROGS && !progs[id].loaded)
		id++;
	if (id >= SOC_FW_MAX_PROGS) {
		rep->msg = "no program with this id or a higher one";
		return -FW_ENOENT;
	}
	uint8_t *o = rep->data;
	fw_put16(o, (uint16_t)id);
	fw_put16(o + 2, 0);
	fw_put32(o + 4, progs[id].slot);
	fw_put32(o + 8, progs[id].slots);
	fw_put32(o + 12, progs[id].crc);
	fw_put64(o + 16, progs[id].runs);
	fw_put64(o + 24, progs[id].cycles);
	fw_memcpy(o + 32, progs[id].name, NAME_LEN);
	rep->len = 32 + NAME_LEN;
	return 0;
}

/* ---- one run ---- */
struct run {
	uint16_t prog;
	uint32_t budget, ifindex, rxq;
	unsigned buf;              /* packet buffer */
	uint32_t base, size;       /* its address and bytes (RUN_SLOTS: the slot's) */
	/* results */
	uint8_t verdict, fault, faulted;
	uint64_t cycles_sum;       /* CYCLES when it ended: the request's runs so far */
	uint32_t pkt_len, redirect, fault_pc, helper_calls;
	uint64_t r0, cycles, insns, total;
};

static uint32_t ctx_get(const struct run *r, unsigned field)
{
	return REG32(r->base + SOC_FW_CTX_OFF + 4 * field);
}

/* Put a packet into buffer buf (while another may run): its bytes, and
 * the context's data, data_end and data_meta.  Whole words whatever the
 * source's alignment: this copy runs beside the eBPF core's run of the
 * other buffer and should not outlast it. */
static void packet_put(unsigned buf, const uint8_t *pkt, uint32_t len)
{
	uint32_t base = SOC_PKT_BASE + buf * pkt_buf_size;
	uint32_t data = base + SOC_FW_DATA_OFF;
	uint32_t i = 0;

	/* whole words, four at a time, each from the two aligned source words
	 * it spans (the second never lies past the packet's last byte) */
	const uint32_t *w = (const uint32_t *)(uintptr_t)((uintptr_t)pkt & ~(uintptr_t)3);
	volatile uint32_t *dst = (volatile uint32_t *)(uintptr_t)data;
	unsigned sh = 8 * ((uintptr_t)pkt & 3), rs = 32 - sh;
	uint32_t n = len / 4;

	i = len & ~3u;
	if (!sh) {
		for (; n >= 4; n -= 4, w += 4, dst += 4) {
			uint32_t a = w[0], b = w[1], c = w[2], d = w[3];
			dst[0] = a;
			dst[1] = b;
			dst[2] = c;
			dst[3] = d;
		}
		for (; n; n--)
			*dst++ = *w++;
	} else if (n) {
		uint32_t lo = *w++;
		for (; n >= 4; n -= 4, w += 4, dst += 4) {
			uint32_t a = w[0], b = w[1], c = w[2], d = w[3];
			dst[0] = lo >> sh | a << rs;
			dst[1] = a >> sh | b << rs;
			dst[2] = b >> sh | c << rs;
			dst[3] = c >> sh | d << rs;
			lo = d;
		}
		for (; n; n--) {
			uint32_t hi = *w++;
			*dst++ = lo >> sh | hi << rs;
			lo = hi;
		}
	}
	for (; i < len; i++)
		*(volatile uint8_t *)(uintptr_t)(data + i) = pkt[i];
	REG32(base + SOC_FW_CTX_OFF + 4 * CTX_DATA) = data;
	REG32(base + SOC_FW_CTX_OFF + 4 * CTX_DATA_END) = data + len;
	REG32(base + SOC_FW_CTX_OFF + 4 * CTX_DATA_META) = data;
}

/* What stays the same for every run of a request: the regions' sizes and
 * rights, the program and its budget.  The regions are the context (read
 * only), the packet buffer past it, and the maps; bpf_go moves the first
 * two to each packet. */
static void core_setup(const struct run *r)
{
	bpf_set_region(0, SOC_PKT_BASE + SOC_FW_CTX_OFF, SOC_FW_CTX_SIZE, SOC_BPF_REGION_VALID);
	bpf_set_region(1, SOC_PKT_BASE + SOC_FW_HEADROOM_OFF, pkt_buf_size - SOC_FW_HEADROOM_OFF,
		       SOC_BPF_REGION_VALID | SOC_BPF_REGION_WRITE);
	bpf_set_region(2, SOC_MAP_BASE, map_size, SOC_BPF_REGION_VALID | SOC_BPF_REGION_WRITE);
	bpf_set_region(3, 0, 0, 0);
	ctl_wr(SOC_BPF_CTL_ENTRY_PC, progs[r->prog].slot);
	ctl_wr(SOC_BPF_CTL_BUDGET, r->budget ? r->budget : SOC_FW_DEFAULT_BUDGET);
}

/* core_setup, and the context's other fields in both packet buffers */
static void run_setup(const struct run *r)
{
	for (unsigned b = 0; b < SOC_PKT_BUFS; b++) {
		uint32_t ctx = SOC_PKT_BASE + b * pkt_buf_size + SOC_FW_CTX_OFF;

		REG32(ctx + 4 * CTX_IFINDEX) = r->ifindex;
		REG32(ctx + 4 * CTX_RXQ) = r->rxq;
		REG32(ctx + 4 * CTX_EGRESS) = 0;
	}
	core_setup(r);
}

/* Start the program on the packet of buffer r->buf (packet_put put it
 * there; run_setup did the rest).  Only r1 (the context) is set: like
 * Linux, a run finds r0 and r2..r9 as the last run left them, and a
 * program must write a register before it reads it.  r10 is START's.
 * keep: the counters go on from the last run (a request's later runs). */
/* The core's registers for a run on the packet of len bytes at DATA_OFF
 * in the buffer at base, then START. */
static inline void bpf_go(uint32_t base, uint32_t len, int keep)
{
	ctl_wr(SOC_BPF_CTL_REGION_BASE, base + SOC_FW_CTX_OFF);
	ctl_wr(SOC_BPF_CTL_REGION_BASE + SOC_BPF_CTL_REGION_STRIDE, base + SOC_FW_HEADROOM_OFF);
	ctl_wr(SOC_BPF_CTL_PKT_BASE, base + SOC_FW_DATA_OFF);
	ctl_wr(SOC_BPF_CTL_PKT_LEN, len);
	bpf_set_reg(1, base + SOC_FW_CTX_OFF);
	ctl_wr(SOC_BPF_CTL_CTRL, BPF_CTRL_START | (keep ? BPF_CTRL_KEEP_COUNTERS : 0));
}

static void run_start(struct run *r, int keep)
{
	uint32_t base = SOC_PKT_BASE + r->buf * pkt_buf_size;
	uint32_t ctx = base + SOC_FW_CTX_OFF;

	r->base = base;
	r->size = pkt_buf_size;
	r->redirect = 0;
	r->helper_calls = 0;
	bpf_go(base, REG32(ctx + 4 * CTX_DATA_END) - REG32(ctx + 4 * CTX_DATA), keep);
}

/* ---- helper calls: helpers.c, in this SoC's environment ---- */
static void env_mem_read(void *u, uint64_t addr, void *dst, uint32_t n)
{
	(void)u;
	bpf_mem_read(addr, dst, n);
}

static int env_mem_ok(void *u, uint64_t addr, uint32_t n)
{
	(void)u;
	return bpf_mem_ok(addr, n);
}

static uint32_t env_rd32(void *u, uint32_t addr)
{
	(void)u;
	return REG32(addr);
}

static void env_wr32(void *u, uint32_t addr, uint32_t v)
{
	(void)u;
	REG32(addr) = v;
}

static void env_wr8(void *u, uint32_t addr, uint8_t v)
{
	(void)u;
	*(volatile uint8_t *)(uintptr_t)addr = v;
}

static void env_set_packet(void *u, uint32_t data, uint32_t len)
{
	(void)u;
	ctl_wr(SOC_BPF_CTL_PKT_BASE, data);
	ctl_wr(SOC_BPF_CTL_PKT_LEN, len);
}

static uint64_t env_ktime_ns(void *u)
{
	uint64_t t = mtime();

	(void)u;
	return t / clk_hz * 1000000000ull + t % clk_hz * 1000000000ull / clk_hz;
}

/* The core goes on at the target's first slot, without r0 */
static int env_tail_call(void *u, uint32_t pid)
{
	(void)u;
	if (pid >= SOC_FW_MAX_PROGS || !progs[pid].loaded)
		return -1;
	cnt[PROTO_CNT_TAIL_CALLS]++;
	ctl_wr(SOC_BPF_CTL_HELPER_ARG, progs[pid].slot);
	ctl_wr(SOC_BPF_CTL_HELPER_ACTION, SOC_BPF_HELPER_TAIL_CALL);
	return 0;
}

/* map memory is where the core sees it: pointers are addresses */
static uint32_t env_addr_of(void *u, const void *p)
{
	(void)u;
	return (uint32_t)(uintptr_t)p;
}

static void *env_ptr_of(void *u, uint32_t addr)
{
	(void)u;
	return (void *)(uintptr_t)addr;
}

static struct helper_env E = {
	.arena = &A, .trace = &T, .rng = &rng_state,
	.mem_ok = env_mem_ok, .mem_read = env_mem_read, .rd32 = env_rd32, .wr32 = env_wr32,
	.wr8 = env_wr8, .set_packet = env_set_packet, .ktime_ns = env_ktime_ns,
	.tail_call = env_tail_call, .addr_of = env_addr_of, .ptr_of = env_ptr_of,
};

/* The environment of run r's helper calls: E, with the run's buffer */
static struct helper_env *helper_env_of(struct run *r)
{
	E.ctx = r->base + SOC_FW_CTX_OFF;
	E.buf = r->base;
	E.buf_end = r->base + r->size;
	E.redirect = 0;
	E.tail_calls = 0;
	return &E;
}

/* The arguments helper id reads (helpers.h's list), for reading no more
 * of the core's registers than it needs */
static unsigned helper_nargs(uint32_t id)
{
	if (id == BPFSOC_HELPER_TRACE_PRINTK)
		return 5;   /* fmt, fmt_size and up to three values: variadic */
	switch (id) {
#define X(name, v, nargs, sig) case v: return nargs;
	BPFSOC_HELPER_LIST(X)
#undef X
	default:
		return 0;
	}
}

/* A helper call: what helpers.c says, with the core's HELPER_KIND (a
 * kfunc by BTF id is none of them) */
static int helper(struct helper_env *e)
{
	uint64_t a[5], ret = 0;
	int h;

	if (ctl_rd(SOC_BPF_CTL_HELPER_KIND) != 0)
		return HELPER_FAULT;
	uint32_t id = ctl_rd(SOC_BPF_CTL_HELPER_ID);
	unsigned n = helper_nargs(id);

	for (unsigned k = 0; k < 5; k++)
		a[k] = k < n ? bpf_reg(k + 1) : 0;
	h = helper_call(e, id, a, &ret);
	if (h == HELPER_RETURN)
		bpf_set_reg(0, ret);
	return h;
}
/* Counts of this request's runs, by PROTO_CNT_* index, folded into cnt by
 * acc_fold when the request ends: 32-bit counts cost a packet less than
 * 64-bit ones, and a request holds far fewer than 2^32 runs. */
static uint32_t acc[PROTO_CNT_NUM];

_Static_assert(PROTO_CNT_INSNS == PROTO_CNT_CYCLES + SOC_BPF_CNT_INSNS &&
	       PROTO_CNT_STALL_LOAD_USE == PROTO_CNT_CYCLES + SOC_BPF_CNT_STALL_LOAD_USE &&
	       PROTO_CNT_STALL_OTHER == PROTO_CNT_CYCLES + SOC_BPF_CNT_STALL_OTHER,
	       "COUNTERS lists the core's counters in the core's order");

/* The end of a request: its counts into cnt, with the core's counters,
 * which have summed all of its runs (CTRL.KEEP_COUNTERS). */
static void acc_fold(void)
{
	for (unsigned i = 0; i < PROTO_CNT_NUM; i++) {
		cnt[i] += acc[i];
		acc[i] = 0;
	}
	for (unsigned k = 0; k <= SOC_BPF_CNT_STALL_OTHER; k++)
		cnt[PROTO_CNT_CYCLES + k] += bpf_counter(k);
}

/* Wait for the run's end, servicing its helper calls: its final state. */
static unsigned run_wait(struct run *r)
{
	struct helper_env *e = helper_env_of(r);
	unsigned st;

	for (;;) {
		while ((st = bpf_state()) == SOC_BPF_STATE_RUNNING)
			;
		if (st != SOC_BPF_STATE_HELPER) {
			r->redirect = e->redirect;
			return st;
		}
		int h = helper(e);

		r->helper_calls++;
		acc[PROTO_CNT_HELPER_CALLS]++;
		if (h == HELPER_FAULT)
			ctl_wr(SOC_BPF_CTL_HELPER_ACTION, SOC_BPF_HELPER_FAULT);
		else if (h == HELPER_RETURN)
			ctl_wr(SOC_BPF_CTL_HELPER_ACTION, SOC_BPF_HELPER_RETURN);
		ctl_wr(SOC_BPF_CTL_CTRL, BPF_CTRL_RESUME);
	}
}

static void run_collect(struct run *r)
{
	unsigned st = run_wait(r);

	r->faulted = st == SOC_BPF_STATE_FAULT;
	r->cycles_sum = bpf_counter(SOC_BPF_CNT_CYCLES);
	r->r0 = bpf_reg(0);
	r->fault = r->faulted ? (uint8_t)ctl_rd(SOC_BPF_CTL_FAULT_CODE) : 0;
	r->pkt_len = ctx_get(r, CTX_DATA_END) - ctx_get(r, CTX_DATA);
}

/* The collected run's cycles (the core's sum since the request's first
 * run, less before), verdict and counts. */
static void run_account(struct run *r, uint64_t before)
{
	r->cycles = r->cycles_sum - before;
	if (r->faulted) {
		r->verdict = BPFSOC_XDP_ABORTED;
		acc[PROTO_CNT_FAULTS]++;
		map_ringbuf_abort_all(&A);
	} else {
		r->verdict = r->r0 <= BPFSOC_XDP_REDIRECT ? (uint8_t)r->r0 : BPFSOC_XDP_ABORTED;
	}
	acc[PROTO_CNT_RUNS]++;
	acc[PROTO_CNT_VERDICT_ABORTED + r->verdict]++;
}

static int check_prog(unsigned id, struct proto_rep *rep)
{
	if (id >= SOC_FW_MAX_PROGS || !progs[id].loaded) {
		rep->msg = "no such program (PROG_LOAD it first)";
		return -FW_ENOENT;
	}
	return 0;
}

static int h_run(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	struct run r = {0};
	uint32_t len = req->len - 16u;
	uint16_t flags = fw_get16(req->data + 2);
	int rc;

	(void)u;
	r.prog = fw_get16(req->data);
	if ((rc = check_prog(r.prog, rep)))
		return rc;
	if (len > packet_max) {
		rep->msg = "packet longer than PACKET_MAX";
		return -FW_E2BIG;
	}
	if (flags & ~PROTO_RUN_RETURN_PACKET) {
		rep->msg = "unknown FLAGS";
		return -FW_EINVAL;
	}
	r.budget = fw_get32(req->data + 4);
	r.ifindex = fw_get32(req->data + 8);
	r.rxq = fw_get32(req->data + 12);
	r.buf = 0;
	uint64_t t0 = mtime();
	packet_put(0, req->data + 16, len);
	run_setup(&r);
	run_start(&r, 0);
	run_collect(&r);
	run_account(&r, 0);
	r.total = mtime() - t0;
	r.fault_pc = ctl_rd(SOC_BPF_CTL_FAULT_PC);
	r.insns = bpf_counter(SOC_BPF_CNT_INSNS);
	acc[PROTO_CNT_FW_CYCLES] += (uint32_t)(r.total > r.cycles ? r.total - r.cycles : 0);
	progs[r.prog].runs++;
	progs[r.prog].cycles += r.cycles;
	acc_fold();

	uint8_t *o = rep->data;
	o[0] = r.verdict;
	o[1] = r.fault;
	fw_put16(o + 2, (uint16_t)r.pkt_len);
	fw_put32(o + 4, r.redirect);
	fw_put64(o + 8, r.r0);
	fw_put64(o + 16, r.cycles);
	fw_put64(o + 24, r.insns);
	fw_put64(o + 32, r.total);
	fw_put32(o + 40, r.fault_pc);
	fw_put32(o + 44, r.helper_calls);
	rep->len = 48;
	if ((flags & PROTO_RUN_RETURN_PACKET) && r.pkt_len <= rep->max - 48u) {
		const volatile uint8_t *p =
			(const volatile uint8_t *)(uintptr_t)ctx_get(&r, CTX_DATA);
		for (uint32_t i = 0; i < r.pkt_len; i++)
			o[48 + i] = p[i];
		rep->len = (uint16_t)(48 + r.pkt_len);
	}
	return 0;
}

/* RUN_BATCH: the next packet goes into the other buffer while one runs. */
static int h_run_batch(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	const uint8_t *in = req->data + 16, *end = req->data + req->len;
	unsigned count = fw_get16(req->data + 2);
	struct run r = {0};
	uint64_t cycles = 0, t0 = mtime();
	int rc;

	(void)u;
	r.prog = fw_get16(req->data);
	if ((rc = check_prog(r.prog, rep)))
		return rc;
	if (16u + 12u * count > rep->max) {
		rep->msg = "COUNT too large for one reply";
		return -FW_E2BIG;
	}
	/* check the packets' lengths first: a bad batch runs nothing */
	const uint8_t *p = in;
	for (unsigned i = 0; i < count; i++) {
		if (end - p < 2 || fw_get16(p) > packet_max || end - p - 2 < fw_get16(p)) {
			rep->msg = "packet records do not fit the payload, or one exceeds PACKET_MAX";
			return -PROTO_ST_BAD_LEN;
		}
		p += 2 + fw_get16(p);
	}
	r.budget = fw_get32(req->data + 4);
	r.ifindex = fw_get32(req->data + 8);
	r.rxq = fw_get32(req->data + 12);
	/* Packet i runs in buffer i % 2 while packet i + 1 is copied into the
	 * other.  Between two runs the firmware only reads what the core
	 * holds of the first and starts the second; the rest of its work
	 * waits until the second runs.  This loop is the firmware's cost per
	 * packet (make bench): its values stay in locals. */
	struct run runs[SOC_PKT_BUFS] = {r, r};
	const uint8_t *next = in;                  /* the next packet to copy */
	uint32_t *o = (uint32_t *)(void *)(rep->data + 16);   /* word aligned (proto.h) */
	uint32_t base[SOC_PKT_BUFS], plen_in[SOC_PKT_BUFS];

	for (unsigned b = 0; b < SOC_PKT_BUFS; b++) {
		base[b] = SOC_PKT_BASE + b * pkt_buf_size;
		runs[b].buf = b;
		runs[b].base = base[b];
		runs[b].size = pkt_buf_size;
	}
	for (unsigned i = 0; i < count && i < SOC_PKT_BUFS; i++) {
		uint32_t len = fw_get16(next);

		packet_put(i, next + 2, len);
		plen_in[i] = len;
		next += 2 + len;
		if (i == 0) {
			run_setup(&r);
			run_start(&runs[0], 0);
		}
	}
	for (unsigned i = 0; i < count; i++) {
		unsigned b = i & (SOC_PKT_BUFS - 1);
		unsigned st = bpf_state();

		if (st == SOC_BPF_STATE_RUNNING || st == SOC_BPF_STATE_HELPER)
			st = run_wait(&runs[b]);
		uint32_t c_lo = ctl_rd(SOC_BPF_CTL_CNT_BASE + 8 * SOC_BPF_CNT_CYCLES);
		uint32_t c_hi = ctl_rd(SOC_BPF_CTL_CNT_BASE + 8 * SOC_BPF_CNT_CYCLES + 4);
		uint32_t r0 = ctl_rd(SOC_BPF_CTL_REG_BASE), r0_hi = ctl_rd(SOC_BPF_CTL_REG_BASE + 4);
		uint32_t fault = st == SOC_BPF_STATE_FAULT ? ctl_rd(SOC_BPF_CTL_FAULT_CODE) : 0;
		uint32_t ctx = base[b] + SOC_FW_CTX_OFF;
		uint32_t plen = REG32(ctx + 4 * CTX_DATA_END) - REG32(ctx + 4 * CTX_DATA);

		if (i + 1 < count)
			bpf_go(base[b ^ 1], plen_in[b ^ 1], 1);
		uint64_t sum = (uint64_t)c_hi << 32 | c_lo;
		uint32_t verdict;

		if (st == SOC_BPF_STATE_FAULT) {
			verdict = BPFSOC_XDP_ABORTED;
			acc[PROTO_CNT_FAULTS]++;
			map_ringbuf_abort_all(&A);
		} else {
			verdict = !r0_hi && r0 <= BPFSOC_XDP_REDIRECT ? r0 : BPFSOC_XDP_ABORTED;
		}
		acc[PROTO_CNT_RUNS]++;
		acc[PROTO_CNT_VERDICT_ABORTED + verdict]++;
		o[0] = verdict | fault << 8 | plen << 16;
		o[1] = r0;
		o[2] = (uint32_t)(sum - cycles);
		o += 3;
		cycles = sum;
		if (i + SOC_PKT_BUFS < count) {
			uint32_t len = fw_get16(next);

			packet_put(b, next + 2, len);
			plen_in[b] = len;
			next += 2 + len;
		}
	}
	uint64_t soc = mtime() - t0;
	acc[PROTO_CNT_FW_CYCLES] += (uint32_t)(soc > cycles ? soc - cycles : 0);
	progs[r.prog].runs += count;
	progs[r.prog].cycles += cycles;
	acc_fold();
	fw_put16(rep->data, (uint16_t)count);
	fw_put16(rep->data + 2, 0);
	fw_put32(rep->data + 4, soc >> 32 ? UINT32_MAX : (uint32_t)soc);
	fw_put64(rep->data + 8, cycles);
	rep->len = (uint16_t)(16 + 12 * count);
	return 0;
}

/* RUN_SLOTS: packets that the host wrote into packet memory through the
 * MMIO window run where they lie, and each result goes back into its slot
 * record there: no packet byte crosses the framed protocol or is copied.
 * A record is five words: OFFSET, LEN | SIZE << 16, then the device's
 * VERDICT | FAULT << 8 | PKT_LEN << 16, R0 and CYCLES. */
enum { SLOT_OFFSET, SLOT_LEN_SIZE, SLOT_RESULT, SLOT_R0, SLOT_CYCLES, SLOT_WORDS };
_Static_assert(SLOT_WORDS * 4 == PROTO_RUN_SLOT_SIZE &&
	       PROTO_RUN_SLOT_OFF_VERDICT == 4 * SLOT_RESULT &&
	       PROTO_RUN_SLOT_OFF_CYCLES == 4 * SLOT_CYCLES, "RUN_SLOT is five words");

/* The slots lie in packet memory in the table's order, none overlapping
 * another or the table, each big enough for its packet past DATA_OFF. */
static const char *slots_check(const volatile uint32_t *t, unsigned count, uint32_t table)
{
	uint32_t t_end = table + count * PROTO_RUN_SLOT_SIZE, prev = 0;

	for (unsigned i = 0; i < count; i++, t += SLOT_WORDS) {
		uint32_t off = t[SLOT_OFFSET], len = t[SLOT_LEN_SIZE] & 0xffff;
		uint32_t size = t[SLOT_LEN_SIZE] >> 16;

		if (off % 4 || off < prev || off > pkt_size || size > pkt_size - off)
			return "a slot is not word aligned, not after the one before, or not in packet memory";
		if (off < t_end && off + size > table)
			return "a slot overlaps the slot table";
		if (size < SOC_FW_DATA_OFF || len > size - SOC_FW_DATA_OFF)
			return "a slot's SIZE does not hold DATA_OFF + LEN";
		prev = off + size;
	}
	return NULL;
}

/* The context of the packet of len bytes in the slot at base */
static inline void slot_ctx(uint32_t base, uint32_t len, const struct run *r)
{
	volatile uint32_t *ctx = (volatile uint32_t *)(uintptr_t)(base + SOC_FW_CTX_OFF);
	uint32_t data = base + SOC_FW_DATA_OFF;

	ctx[CTX_DATA] = data;
	ctx[CTX_DATA_END] = data + len;
	ctx[CTX_DATA_META] = data;
	ctx[CTX_IFINDEX] = r->ifindex;
	ctx[CTX_RXQ] = r->rxq;
	ctx[CTX_EGRESS] = 0;
}

static inline void slot_go(uint32_t base, uint32_t size, uint32_t len, int keep)
{
	ctl_wr(SOC_BPF_CTL_REGION_BASE + SOC_BPF_CTL_REGION_STRIDE + 4, size - SOC_FW_HEADROOM_OFF);
	bpf_go(base, len, keep);
}

static int h_run_slots(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	unsigned count = fw_get16(req->data + 2);
	uint32_t table = fw_get32(req->data + 16);
	struct run r = {0};
	uint64_t cycles = 0, t0 = mtime();
	const char *bad;
	int rc;

	(void)u;
	r.prog = fw_get16(req->data);
	if ((rc = check_prog(r.prog, rep)))
		return rc;
	if (table % 4 || table > pkt_size || count > (pkt_size - table) / PROTO_RUN_SLOT_SIZE) {
		rep->msg = "TABLE is not word aligned, or its COUNT records do not fit packet memory";
		return -FW_EINVAL;
	}
	volatile uint32_t *t = (volatile uint32_t *)(uintptr_t)(SOC_PKT_BASE + table);

	if ((bad = slots_check(t, count, table))) {
		rep->msg = bad;
		return -FW_EINVAL;
	}
	r.budget = fw_get32(req->data + 4);
	r.ifindex = fw_get32(req->data + 8);
	r.rxq = fw_get32(req->data + 12);
	core_setup(&r);
	/* As in RUN_BATCH, the next slot's context is written while a run
	 * goes on, and between two runs the firmware only reads what the
	 * core holds of the first and starts the second. */
	uint32_t base = 0, size = 0, len = 0;

	if (count) {
		base = SOC_PKT_BASE + t[SLOT_OFFSET];
		len = t[SLOT_LEN_SIZE] & 0xffff;
		size = t[SLOT_LEN_SIZE] >> 16;
		slot_ctx(base, len, &r);
		slot_go(base, size, len, 0);
	}
	for (unsigned i = 0; i < count; i++, t += SLOT_WORDS) {
		uint32_t nbase = 0, nsize = 0, nlen = 0;

		if (i + 1 < count) {
			nbase = SOC_PKT_BASE + t[SLOT_WORDS + SLOT_OFFSET];
			nlen = t[SLOT_WORDS + SLOT_LEN_SIZE] & 0xffff;
			nsize = t[SLOT_WORDS + SLOT_LEN_SIZE] >> 16;
			slot_ctx(nbase, nlen, &r);
		}
		unsigned st = bpf_state();

		if (st == SOC_BPF_STATE_RUNNING || st == SOC_BPF_STATE_HELPER) {
			r.base = base;
			r.size = size;
			st = run_wait(&r);
		}
		uint32_t c_lo = ctl_rd(SOC_BPF_CTL_CNT_BASE + 8 * SOC_BPF_CNT_CYCLES);
		uint32_t c_hi = ctl_rd(SOC_BPF_CTL_CNT_BASE + 8 * SOC_BPF_CNT_CYCLES + 4);
		uint32_t r0 = ctl_rd(SOC_BPF_CTL_REG_BASE), r0_hi = ctl_rd(SOC_BPF_CTL_REG_BASE + 4);
		uint32_t fault = st == SOC_BPF_STATE_FAULT ? ctl_rd(SOC_BPF_CTL_FAULT_CODE) : 0;
		uint32_t ctx = base + SOC_FW_CTX_OFF;
		uint32_t plen = REG32(ctx + 4 * CTX_DATA_END) - REG32(ctx + 4 * CTX_DATA);

		if (i + 1 < count)
			slot_go(nbase, nsize, nlen, 1);
		uint64_t sum = (uint64_t)c_hi << 32 | c_lo;
		uint32_t verdict;

		if (st == SOC_BPF_STATE_FAULT) {
			verdict = BPFSOC_XDP_ABORTED;
			acc[PROTO_CNT_FAULTS]++;
			map_ringbuf_abort_all(&A);
		} else {
			verdict = !r0_hi && r0 <= BPFSOC_XDP_REDIRECT ? r0 : BPFSOC_XDP_ABORTED;
		}
		acc[PROTO_CNT_RUNS]++;
		acc[PROTO_CNT_VERDICT_ABORTED + verdict]++;
		t[SLOT_RESULT] = verdict | fault << 8 | plen << 16;
		t[SLOT_R0] = r0;
		t[SLOT_CYCLES] = (uint32_t)(sum - cycles);
		cycles = sum;
		base = nbase;
		size = nsize;
		len = nlen;
	}
	uint64_t soc = mtime() - t0;
	acc[PROTO_CNT_FW_CYCLES] += (uint32_t)(soc > cycles ? soc - cycles : 0);
	progs[r.prog].runs += count;
	progs[r.prog].cycles += cycles;
	acc_fold();
	fw_put16(rep->data, (uint16_t)count);
	fw_put16(rep->data + 2, 0);
	fw_put32(rep->data + 4, soc >> 32 ? UINT32_MAX : (uint32_t)soc);
	fw_put64(rep->data + 8, cycles);
	rep->len = 16;
	return 0;
}

/* ---- maps ---- */
/* The map a host request names in its first four bytes */
static struct map *host_map(const struct proto_req *req, struct proto_rep *rep)
{
	struct map *m = map_get(&A, fw_get32(req->data));

	if (!m)
		rep->msg = "no such map";
	return m;
}

static struct map_attr map_attr_of(const struct proto_req *req)
{
	struct map_attr at = {
		.type = fw_get32(req->data), .key_size = fw_get32(req->data + 4),
		.value_size = fw_get32(req->data + 8), .max_entries = fw_get32(req->data + 12),
		.flags = fw_get32(req->data + 16),
	};
	return at;
}

static const char *map_attr_error(int rc)
{
	return rc == -FW_ENOSPC ? "map memory or map table full" :
	       rc == -FW_E2BIG ? "key or value larger than the device allows, or too many entries" :
				 "type, sizes or flags not allowed for this map type";
}

/* An ARRAY's values: what lddw of a map value (BPF_PSEUDO_MAP_VALUE)
 * points at, index i at VALUE_ADDR + i * VALUE_STRIDE */
static uint32_t map_value_addr(const struct map *m)
{
	return m->type == BPFSOC_MAP_TYPE_ARRAY ? (uint32_t)(uintptr_t)m->values : 0;
}

static int h_map_create(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	struct map_attr at = map_attr_of(req);
	int id;

	(void)u;
	if (req->len != 20 && req->len != 20 + NAME_LEN) {
		rep->msg = "payload must be 20 bytes, or 36 with NAME";
		return -PROTO_ST_BAD_LEN;
	}
	id = map_create(&A, &at);
	if (id < 0) {
		rep->msg = map_attr_error(id);
		return id;
	}
	struct map *m = map_get(&A, (uint32_t)id);

	fw_memset(map_names[id - 1], 0, NAME_LEN);
	if (req->len > 20)
		fw_memcpy(map_names[id - 1], req->data + 20, NAME_LEN - 1);
	fw_put32(rep->data, (uint32_t)id);
	fw_put32(rep->data + 4, map_value_addr(m));
	fw_put32(rep->data + 8, m->type == BPFSOC_MAP_TYPE_ARRAY ? m->value_stride : 0);
	rep->len = 12;
	return 0;
}

static int h_map_footprint(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	struct map_attr at = map_attr_of(req);
	uint64_t bytes;
	int rc;

	(void)u;
	if ((rc = map_footprint(&at, &bytes))) {
		rep->msg = map_attr_error(rc);
		return rc;
	}
	fw_put32(rep->data, bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes);
	rep->len = 4;
	return 0;
}

static int h_map_info(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	uint32_t id = fw_get32(req->data);
	struct map *m = NULL;

	(void)u;
	for (id = id ? id : 1; id <= A.n_maps && !(m = map_get(&A, id)); id++)
		;
	if (!m) {
		rep->msg = "no map with this id or a higher one";
		return -FW_ENOENT;
	}
	struct map_attr at = {m->type, m->key_size, m->value_size, m->max_entries, m->flags};
	uint64_t bytes = 0;

	map_footprint(&at, &bytes);
	uint8_t *o = rep->data;
	fw_put32(o, m->id);
	fw_put32(o + 4, m->type);
	fw_put32(o + 8, m->key_size);
	fw_put32(o + 12, m->value_size);
	fw_put32(o + 16, m->max_entries);
	fw_put32(o + 20, m->flags);
	fw_put32(o + 24, map_value_addr(m));
	fw_put32(o + 28, (uint32_t)bytes);
	fw_memcpy(o + 32, map_names[m->id - 1], NAME_LEN);
	rep->len = 32 + NAME_LEN;
	return 0;
}

static int h_map_lookup(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	struct map *m;
	void *v;
	int rc;

	(void)u;
	if (!(m = host_map(req, rep)))
		return -FW_ENOENT;
	if (req->len != 4 + m->key_size) {
		rep->msg = "payload must be MAP_ID and one key";
		return -PROTO_ST_BAD_LEN;
	}
	if ((rc = map_lookup(m, req->data + 4, &v)))
		return rc;
	fw_memcpy(rep->data, v, m->value_size);
	rep->len = (uint16_t)m->value_size;
	return 0;
}

static int h_map_update(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	struct map *m;

	(void)u;
	if (!(m = host_map(req, rep)))
		return -FW_ENOENT;
	if (req->len != 8 + m->key_size + m->value_size) {
		rep->msg = "payload must be MAP_ID, FLAGS, one key and one value";
		return -PROTO_ST_BAD_LEN;
	}
	return map_update(m, req->data + 8, req->data + 8 + m->key_size, fw_get32(req->data + 4));
}

static int h_map_delete(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	struct map *m;

	(void)u;
	if (!(m = host_map(req, rep)))
		return -FW_ENOENT;
	if (req->len != 4 + m->key_size) {
		rep->msg = "payload must be MAP_ID and one key";
		return -PROTO_ST_BAD_LEN;
	}
	return map_delete(m, req->data + 4);
}

static int h_map_next(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	struct map *m;
	int rc;

	(void)u;
	if (!(m = host_map(req, rep)))
		return -FW_ENOENT;
	if (req->len != 4 && req->len != 4 + m->key_size) {
		rep->msg = "payload must be MAP_ID and at most one key";
		return -PROTO_ST_BAD_LEN;
	}
	rc = map_get_next_key(m, req->len == 4 ? NULL : req->data + 4, rep->data);
	if (rc)
		return rc;
	rep->len = (uint16_t)m->key_size;
	return 0;
}

static int h_ringbuf_read(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	struct map *m;
	uint16_t count = 0, max = fw_get16(req->data + 4);
	int more = 0, n;

	(void)u;
	if (!(m = host_map(req, rep)))
		return -FW_ENOENT;
	if (!max || max > rep->max)
		max = rep->max;
	n = map_ringbuf_drain(m, rep->data + 4, max - 4u, &count, &more);
	if (n < 0) {
		rep->msg = "not a RINGBUF map";
		return n;
	}
	fw_put16(rep->data, count);
	fw_put16(rep->data + 2, more ? PROTO_RINGBUF_MORE : 0);
	rep->len = (uint16_t)(4 + n);
	return 0;
}

static int h_trace_read(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	uint32_t max = fw_get16(req->data), n;

	(void)u;
	if (!max || max > rep->max - 4u)
		max = rep->max - 4u;
	n = trace_drain(&T, rep->data + 4, max);
	fw_put32(rep->data, T.dropped);
	T.dropped = 0;
	rep->len = (uint16_t)(4 + n);
	return 0;
}

/* ---- device ---- */
static const uint16_t helper_ids[] = {
	BPFSOC_HELPER_MAP_LOOKUP_ELEM, BPFSOC_HELPER_MAP_UPDATE_ELEM,
	BPFSOC_HELPER_MAP_DELETE_ELEM, BPFSOC_HELPER_KTIME_GET_NS,
	BPFSOC_HELPER_TRACE_PRINTK, BPFSOC_HELPER_GET_PRANDOM_U32,
	BPFSOC_HELPER_GET_SMP_PROCESSOR_ID, BPFSOC_HELPER_TAIL_CALL, BPFSOC_HELPER_REDIRECT,
	BPFSOC_HELPER_CSUM_DIFF, BPFSOC_HELPER_XDP_ADJUST_HEAD, BPFSOC_HELPER_XDP_ADJUST_TAIL,
	BPFSOC_HELPER_RINGBUF_OUTPUT, BPFSOC_HELPER_RINGBUF_RESERVE,
	BPFSOC_HELPER_RINGBUF_SUBMIT, BPFSOC_HELPER_RINGBUF_DISCARD,
	BPFSOC_HELPER_RINGBUF_QUERY,
};
#define NUM_HELPERS (sizeof(helper_ids) / sizeof(helper_ids[0]))

static int h_info(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	uint8_t *o = rep->data;

	(void)u;
	(void)req;
	fw_memset(o, 0, PROTO_INFO_REP_OFF_HELPERS);
	o[PROTO_INFO_REP_OFF_PROTO_VERSION] = PROTO_VERSION;
	o[PROTO_INFO_REP_OFF_RX_FIFO_LOG2] = uart_rx_log2;
	fw_put16(o + PROTO_INFO_REP_OFF_MAX_PAYLOAD, PROTO_MAX_PAYLOAD);
	fw_put16(o + PROTO_INFO_REP_OFF_VERSION_MAJOR, SOC_VERSION_MAJOR);
	fw_put16(o + PROTO_INFO_REP_OFF_VERSION_MINOR, SOC_VERSION_MINOR);
	fw_put32(o + PROTO_INFO_REP_OFF_ISA, PROTO_ISA_BASE32 | PROTO_ISA_BASE64 |
		 PROTO_ISA_ATOMIC32 | PROTO_ISA_ATOMIC64 | PROTO_ISA_DIVMUL32 |
		 PROTO_ISA_DIVMUL64 | PROTO_ISA_PACKET | PROTO_ISA_CALLX);
	fw_put32(o + PROTO_INFO_REP_OFF_CLOCK_HZ, clk_hz);
	fw_put16(o + PROTO_INFO_REP_OFF_IMEM_SLOTS, (uint16_t)(ctl_rd(SOC_BPF_CTL_CONFIG) & 0xffff));
	fw_put16(o + PROTO_INFO_REP_OFF_MAX_PROGS, SOC_FW_MAX_PROGS);
	fw_put16(o + PROTO_INFO_REP_OFF_MAX_MAPS, BPFSOC_MAP_MAX_MAPS);
	fw_put16(o + PROTO_INFO_REP_OFF_NUM_HELPERS, NUM_HELPERS);
	fw_put32(o + PROTO_INFO_REP_OFF_ARENA_SIZE, (uint32_t)A.size);
	fw_put32(o + PROTO_INFO_REP_OFF_ARENA_FREE, (uint32_t)map_arena_free(&A));
	fw_put32(o + PROTO_INFO_REP_OFF_PACKET_MAX, packet_max);
	for (unsigned i = 0; i < NUM_HELPERS; i++)
		fw_put16(o + PROTO_INFO_REP_OFF_HELPERS + 2 * i, helper_ids[i]);
	rep->len = (uint16_t)(PROTO_INFO_REP_OFF_HELPERS + 2 * NUM_HELPERS);
	return 0;
}

static int h_ping(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	(void)u;
	fw_memcpy(rep->data, req->data, req->len);
	rep->len = req->len;
	return 0;
}

static int h_counters(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	uint32_t flags = fw_get32(req->data);

	(void)u;
	if (flags & ~PROTO_COUNTERS_CLEAR) {
		rep->msg = "unknown FLAGS";
		return -FW_EINVAL;
	}
	for (unsigned i = 0; i < PROTO_NUM_STATS; i++)
		cnt[i] = link_stat(i);
	fw_put16(rep->data, PROTO_CNT_NUM);
	fw_put16(rep->data + 2, 0);
	fw_put32(rep->data + 4, 0);
	for (unsigned i = 0; i < PROTO_CNT_NUM; i++)
		fw_put64(rep->data + 8 + 8 * i, cnt[i]);
	rep->len = 8 + 8 * PROTO_CNT_NUM;
	if (flags & PROTO_COUNTERS_CLEAR) {
		fw_memset(cnt, 0, sizeof(cnt));
		link_stats_clear();
	}
	return 0;
}

static int h_reset(void *u, const struct proto_req *req, struct proto_rep *rep)
{
	uint32_t what = fw_get32(req->data);

	(void)u;
	if (what & ~(uint32_t)(PROTO_RESET_PROGS | PROTO_RESET_MAPS | PROTO_RESET_COUNTERS |
			       PROTO_RESET_LOGS)) {
		rep->msg = "unknown bits in WHAT";
		return -FW_EINVAL;
	}
	if (what & (PROTO_RESET_PROGS | PROTO_RESET_MAPS))
		progs_reset();
	if (what & PROTO_RESET_MAPS)
		map_arena_reset(&A);
	if (what & PROTO_RESET_COUNTERS) {
		fw_memset(cnt, 0, sizeof(cnt));
		link_stats_clear();
	}
	if (what & PROTO_RESET_LOGS) {
		T.head = T.len = T.dropped = 0;
	}
	return 0;
}

struct cmd {
	uint8_t id;
	uint16_t min, max;
	proto_handler_fn fn;
};

static const struct cmd cmds[] = {
	{PROTO_CMD_INFO, 0, 0, h_info},
	{PROTO_CMD_RESET, 4, 4, h_reset},
	{PROTO_CMD_COUNTERS, 4, 4, h_counters},
	{PROTO_CMD_PING, 0, PROTO_MAX_PAYLOAD, h_ping},
	{PROTO_CMD_PROG_LOAD_BEGIN, 12, 12 + NAME_LEN, h_prog_begin},
	{PROTO_CMD_PROG_INFO, 4, 4, h_prog_info},
	{PROTO_CMD_PROG_LOAD_CHUNK, 16, PROTO_MAX_PAYLOAD, h_prog_chunk},
	{PROTO_CMD_PROG_LOAD_COMMIT, 4, 4, h_prog_commit},
	{PROTO_CMD_MAP_CREATE, 20, 20 + NAME_LEN, h_map_create},
	{PROTO_CMD_MAP_FOOTPRINT, 20, 20, h_map_footprint},
	{PROTO_CMD_MAP_INFO, 4, 4, h_map_info},
	{PROTO_CMD_MAP_LOOKUP, 5, PROTO_MAX_PAYLOAD, h_map_lookup},
	{PROTO_CMD_MAP_UPDATE, 10, PROTO_MAX_PAYLOAD, h_map_update},
	{PROTO_CMD_MAP_DELETE, 5, PROTO_MAX_PAYLOAD, h_map_delete},
	{PROTO_CMD_MAP_GET_NEXT_KEY, 4, PROTO_MAX_PAYLOAD, h_map_next},
	{PROTO_CMD_RUN, 16, PROTO_MAX_PAYLOAD, h_run},
	{PROTO_CMD_RUN_BATCH, 16, PROTO_MAX_PAYLOAD, h_run_batch},
	{PROTO_CMD_RUN_SLOTS, PROTO_RUN_SLOTS_REQ_SIZE, PROTO_RUN_SLOTS_REQ_SIZE, h_run_slots},
	{PROTO_CMD_RINGBUF_READ, 8, 8, h_ringbuf_read},
	{PROTO_CMD_TRACE_READ, 4, 4, h_trace_read},
};

int main(void)
{
	clk_hz = REG32(SOC_SYSCON_BASE + SOC_SYSCON_CLK_HZ);
	map_size = REG32(SOC_SYSCON_BASE + SOC_SYSCON_MAP_SIZE);
	pkt_size = REG32(SOC_SYSCON_BASE + SOC_SYSCON_PKT_SIZE);
	for (uint32_t rx = REG32(SOC_SYSCON_BASE + SOC_SYSCON_UART_RX_SIZE); rx > 1; rx >>= 1)
		uart_rx_log2++;
	pkt_buf_size = pkt_size / SOC_PKT_BUFS;
	packet_max = pkt_buf_size - SOC_FW_DATA_OFF;
	imem_slots = ctl_rd(SOC_BPF_CTL_CONFIG) & 0xffff;
	if (imem_slots > FW_IMEM_SLOTS)
		imem_slots = FW_IMEM_SLOTS;   /* a core larger than this build stages */
	REG32(SOC_UART_BASE + SOC_UART_DIV) = (clk_hz + SOC_FW_UART_BAUD / 2) / SOC_FW_UART_BAUD;
	map_arena_init(&A, (void *)(uintptr_t)(SOC_MAP_BASE + SOC_FW_MAP_ARENA_OFF),
		       map_size - SOC_FW_MAP_ARENA_OFF);
	progs_reset();
	proto_init(&P, uart_tx, NULL);
#if FW_HOST_PORT
	proto_init(&PM, mbox_tx, NULL);
#endif
	for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		proto_register(&P, cmds[i].id, cmds[i].min, cmds[i].max, cmds[i].fn, NULL);
#if FW_HOST_PORT
		proto_register(&PM, cmds[i].id, cmds[i].min, cmds[i].max, cmds[i].fn, NULL);
#endif
	}
#if FW_HOST_PORT
	mbox_init();
#endif
	for (;;) {
		uint8_t buf[64];
		size_t n = 0;
		uint32_t d;

		/* what the receive FIFO holds, then the protocol layer */
		while (n < sizeof(buf) && !((d = REG32(SOC_UART_BASE + SOC_UART_DATA)) >> 31))
			buf[n++] = (uint8_t)d;
		if (n)
			proto_feed(&P, buf, n);
#if FW_HOST_PORT
		mbox_poll();
#endif
	}
}

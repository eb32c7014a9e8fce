/* trafgen.c: bpfsoc-trafgen, the project's traffic generator.
 *
 *   bpfsoc-trafgen [-n COUNT] [-s SEED] [-m MALFORMED_PERCENT] -o OUT.pcap
 *
 * Writes a capture (pcap, Ethernet) of mixed traffic as a small office
 * network would see it on a trunk port: TCP connections to web, TLS, SSH
 * and other services (handshake, data, FIN or RST), DNS and NTP over UDP,
 * other UDP, pings over IPv4 and IPv6, IPv6 neighbour discovery, ARP,
 * clients on 802.1Q and 802.1ad (QinQ) VLANs, and a few hosts that send
 * in bursts, so that a rate limiter has something to limit.  A share of
 * the packets (-m, 3% by default) is deliberately bad: runts, truncated
 * VLAN, IPv4, IPv6, TCP and UDP headers, IHL below 5, total or payload
 * lengths beyond the frame, a wrong IP version, a TCP data offset below
 * 5; that share also holds IPv4 packets with options, which are
 * well-formed but take a parser's less travelled path.
 *
 * Well-formed packets have correct IPv4, TCP, UDP, ICMP and ICMPv6
 * checksums and frames of 60 to 1514 bytes (short ones padded, as on the
 * wire; no FCS).  Addresses are locally administered MACs and private
 * (10/8, 172.16/12, 192.168/16) or documentation (192.0.2/24,
 * 198.51.100/24, 203.0.113/24, 2001:db8::/32) ranges.
 *
 * Everything comes from one 64-bit seed through our own generator (not
 * rand(), whose sequence differs between C libraries): the same seed
 * gives a byte-identical file, timestamps included, on any machine.  A
 * run prints its seed so that a random test can be repeated.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG "bpfsoc-trafgen"

#define ETH_HLEN   14
#define ETH_ZLEN   60      /* the shortest frame, without FCS */
#define FRAME_MAX  1514    /* the longest one we write */
#define SNAPLEN    65535

#define ETHERTYPE_IP    0x0800
#define ETHERTYPE_ARP   0x0806
#define ETHERTYPE_IPV6  0x86dd
#define ETHERTYPE_8021Q 0x8100
#define ETHERTYPE_8021AD 0x88a8

#define PROTO_ICMP   1
#define PROTO_TCP    6
#define PROTO_UDP    17
#define PROTO_ICMPV6 58

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* ---- the random number generator ---- */

/* splitmix64: tiny, fast and good enough for traffic; fully defined by
 * its 64-bit state, so a seed means the same stream everywhere. */
static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [lo, hi]; the modulo's bias is far below what matters here. */
static uint32_t rnd_range(uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(rnd64() % ((uint64_t)hi - lo + 1));
}

/* True with probability percent / 100. */
static int chance(double percent)
{
	return (double)(rnd64() >> 11) * (1.0 / 9007199254740992.0) * 100.0 < percent;
}

static void rnd_bytes(uint8_t *b, size_t n)
{
	while (n--)
		*b++ = (uint8_t)rnd64();
}

/* ---- bytes ---- */

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = v >> 8;
	b[1] = v;
}

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

static uint16_t get16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

/* The Internet checksum (RFC 1071): the ones' complement sum of 16-bit
 * words, sum carried in, so that partial sums can be chained. */
static uint32_t csum_add(uint32_t sum, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += get16(b + i);
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* ---- the network ---- */

enum vlan_kind {
	VLAN_NONE,
	VLAN_Q,        /* 802.1Q, VID 100 */
	VLAN_QINQ,     /* 802.1ad VID 10 outside, 802.1Q VID 200 inside */
};

struct host {
	uint8_t mac[6];
	uint8_t ip4[4];
	uint8_t ip6[16];     /* global address; all zero: no IPv6 */
	uint8_t ll6[16];     /* link-local address */
	int lan;             /* on the captured segment, else behind the gateway */
	enum vlan_kind vlan;
	uint8_t ttl;         /* what its packets have left when captured */
};

enum {
	N_CLIENTS = 12,      /* untagged, dual stack */
	N_VLAN_Q = 4,
	N_VLAN_QINQ = 3,
	N_BURSTERS = 3,
	N_WEB = 4,
};

static struct host gateway[3];           /* one face per VLAN kind, one MAC */
static struct host clients[N_CLIENTS + N_VLAN_Q + N_VLAN_QINQ];
static struct host bursters[N_BURSTERS];
static struct host web[N_WEB], dns_srv, ntp_srv, misc_srv;

static void set_ip4(struct host *h, int a, int b, int c, int d)
{
	h->ip4[0] = a;
	h->ip4[1] = b;
	h->ip4[2] = c;
	h->ip4[3] = d;
}

/* 2001:db8:NET::HI:LO, and fe80::HI:LO as the link-local address */
static void set_ip6(struct host *h, uint16_t net, uint16_t hi, uint16_t lo)
{
	static const uint8_t doc[4] = { 0x20, 0x01, 0x0d, 0xb8 };

	memset(h->ip6, 0, 16);
	memcpy(h->ip6, doc, 4);
	put16(h->ip6 + 4, net);
	put16(h->ip6 + 12, hi);
	put16(h->ip6 + 14, lo);
	memset(h->ll6, 0, 16);
	h->ll6[0] = 0xfe;
	h->ll6[1] = 0x80;
	put16(h->ll6 + 12, hi);
	put16(h->ll6 + 14, lo);
}

/* Locally administered (bit 1 of the first byte), unicast. */
static void set_mac(struct host *h, uint8_t kind, uint8_t a, uint8_t b)
{
	h->mac[0] = 0x02;
	h->mac[1] = 0x00;
	h->mac[2] = 0x5e;
	h->mac[3] = kind;
	h->mac[4] = a;
	h->mac[5] = b;
}

/* The topology is fixed: only the traffic depends on the seed. */
static void network_init(void)
{
	int i;

	for (i = 0; i < 3; i++) {
		set_mac(&gateway[i], 0, 0, 1);
		gateway[i].lan = 1;
		gateway[i].vlan = i;
		gateway[i].ttl = 64;
	}
	set_ip4(&gateway[VLAN_NONE], 10, 0, 0, 1);
	set_ip6(&gateway[VLAN_NONE], 1, 0, 1);
	set_ip4(&gateway[VLAN_Q], 172, 16, 100, 1);
	set_ip4(&gateway[VLAN_QINQ], 192, 168, 200, 1);

	for (i = 0; i < N_CLIENTS; i++) {
		struct host *h = &clients[i];

		set_mac(h, 1, 0, 10 + i);
		set_ip4(h, 10, 0, 1, 10 + i);
		set_ip6(h, 1, 0x1, 0x10 + i);
		h->lan = 1;
		h->ttl = 64;
	}
	for (i = 0; i < N_VLAN_Q; i++) {
		struct host *h = &clients[N_CLIENTS + i];

		set_mac(h, 2, 100, 10 + i);
		set_ip4(h, 172, 16, 100, 10 + i);
		h->lan = 1;
		h->vlan = VLAN_Q;
		h->ttl = 64;
	}
	for (i = 0; i < N_VLAN_QINQ; i++) {
		struct host *h = &clients[N_CLIENTS + N_VLAN_Q + i];

		set_mac(h, 3, 200, 10 + i);
		set_ip4(h, 192, 168, 200, 10 + i);
		h->lan = 1;
		h->vlan = VLAN_QINQ;
		h->ttl = 128;    /* another operating system */
	}
	for (i = 0; i < N_BURSTERS; i++) {
		struct host *h = &bursters[i];

		set_mac(h, 9, 0, 1 + i);
		set_ip4(h, 10, 0, 9, 1 + i);
		h->lan = 1;
		h->ttl = 64;
	}

	set_ip4(&web[0], 192, 0, 2, 10);
	set_ip6(&web[0], 0x100, 0, 0x10);
	set_ip4(&web[1], 192, 0, 2, 11);
	set_ip6(&web[1], 0x100, 0, 0x11);
	set_ip4(&web[2], 198, 51, 100, 20);
	set_ip6(&web[2], 0x200, 0, 0x20);
	set_ip4(&web[3], 203, 0, 113, 30);
	for (i = 0; i < N_WEB; i++)
		web[i].ttl = 50 + 3 * i;
	set_ip4(&dns_srv, 192, 0, 2, 53);
	set_ip6(&dns_srv, 0x100, 0, 0x53);
	dns_srv.ttl = 61;
	set_ip4(&ntp_srv, 198, 51, 100, 123);
	set_ip6(&ntp_srv, 0x200, 0, 0x123);
	ntp_srv.ttl = 57;
	set_ip4(&misc_srv, 203, 0, 113, 77);
	misc_srv.ttl = 49;
}

static int has_ip6(const struct host *h)
{
	return h->ip6[0] != 0;
}

/* A client: one in ten on a VLAN. */
static struct host *pick_client(void)
{
	if (chance(90))
		return &clients[rnd_range(0, N_CLIENTS - 1)];
	return &clients[rnd_range(N_CLIENTS, N_CLIENTS + N_VLAN_Q + N_VLAN_QINQ - 1)];
}

/* ---- the capture ---- */

static pcap_dumper_t *dumper;
static const char *out_path;
static uint64_t now_us;          /* the capture's clock */
static unsigned long written;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* A bad command line: exit status 2, as getopt tools do. */
static void bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '" PROG " --help'.\n");
	exit(2);
}

static void emit(const uint8_t *frame, size_t len)
{
	struct pcap_pkthdr h;

	h.ts.tv_sec = (time_t)(now_us / 1000000);
	h.ts.tv_usec = (suseconds_t)(now_us % 1000000);
	h.caplen = (bpf_u_int32)len;
	h.len = (bpf_u_int32)len;
	pcap_dump((u_char *)dumper, &h, frame);
	written++;
}

/* A frame being built. */
struct frame {
	uint8_t b[2048];
	size_t len;
	size_t l3;       /* where the IP (or ARP) header starts */
};

/* Ethernet header and the VLAN tags of vlan; l3 is set past them. */
static void frame_l2(struct frame *f, const uint8_t *dst, const uint8_t *src,
		     enum vlan_kind vlan, uint16_t ethertype)
{
	size_t o = 12;

	memcpy(f->b, dst, 6);
	memcpy(f->b + 6, src, 6);
	if (vlan == VLAN_QINQ) {
		put16(f->b + o, ETHERTYPE_8021AD);
		put16(f->b + o + 2, 10);
		o += 4;
	}
	if (vlan == VLAN_Q || vlan == VLAN_QINQ) {
		put16(f->b + o, ETHERTYPE_8021Q);
		/* priority 0, VID; QinQ's inner VID is 200 */
		put16(f->b + o + 2, vlan == VLAN_Q ? 100 : 200);
		o += 4;
	}
	put16(f->b + o, ethertype);
	f->l3 = o + 2;
	f->len = f->l3;
}

static size_t vlan_len(enum vlan_kind v)
{
	return v == VLAN_QINQ ? 8 : v == VLAN_Q ? 4 : 0;
}

/* Pads to the shortest frame, as a NIC does on transmit. */
static void frame_pad(struct frame *f)
{
	if (f->len < ETH_ZLEN) {
		memset(f->b + f->len, 0, ETH_ZLEN - f->len);
		f->len = ETH_ZLEN;
	}
}

/* Where an L4 protocol keeps its checksum, or -1. */
static int csum_offset(uint8_t proto)
{
	switch (proto) {
	case PROTO_TCP:
		return 16;
	case PROTO_UDP:
		return 6;
	case PROTO_ICMP:
	case PROTO_ICMPV6:
		return 2;
	default:
		return -1;
	}
}

/* One IP packet from src to dst carrying l4 (len bytes, its checksum
 * field zero), as captured on the segment: the L2 addresses are the
 * hosts' own on the LAN and the gateway's for hosts behind it; the VLAN
 * is the LAN host's.  opts: IPv4 options (a multiple of 4 bytes) or NULL.
 * ip_id: IPv4 identification.  Fills f (not padded). */
static void build_ip(struct frame *f, const struct host *src, const struct host *dst, int v6,
		     uint8_t proto, uint8_t *l4, size_t len, uint16_t ip_id, int df,
		     const uint8_t *opts, size_t optlen)
{
	const struct host *lan = src->lan ? src : dst;
	const struct host *gw = &gateway[lan->vlan];
	const uint8_t *smac = src->lan ? src->mac : gw->mac;
	const uint8_t *dmac = dst->lan ? dst->mac : gw->mac;
	int co = csum_offset(proto);
	uint32_t sum = 0;
	uint8_t *ip;

	frame_l2(f, dmac, smac, lan->vlan, v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP);
	ip = f->b + f->l3;

	if (co >= 0) {
		l4[co] = 0;
		l4[co + 1] = 0;
		if (proto != PROTO_ICMP) {
			/* the pseudo-header: addresses, protocol, length */
			if (v6) {
				sum = csum_add(sum, src->ip6, 16);
				sum = csum_add(sum, dst->ip6, 16);
			} else {
				sum = csum_add(sum, src->ip4, 4);
				sum = csum_add(sum, dst->ip4, 4);
			}
			sum += proto;
			sum += (uint32_t)len;
		}
		sum = csum_add(sum, l4, len);
		uint16_t c = csum_fold(sum);
		/* UDP's 0 means "no checksum": a computed 0 is sent as ones */
		if (proto == PROTO_UDP && c == 0)
			c = 0xffff;
		put16(l4 + co, c);
	}

	if (v6) {
		put32(ip, 0x60000000);          /* version 6, class 0, flow 0 */
		put16(ip + 4, (uint16_t)len);
		ip[6] = proto;
		ip[7] = src->ttl;
		memcpy(ip + 8, src->ip6, 16);
		memcpy(ip + 24, dst->ip6, 16);
		memcpy(ip + 40, l4, len);
		f->len = f->l3 + 40 + len;
	} else {
		size_t hlen = 20 + optlen;

		ip[0] = 0x40 | (uint8_t)(hlen / 4);
		ip[1] = 0;
		put16(ip + 2, (uint16_t)(hlen + len));
		put16(ip + 4, ip_id);
		put16(ip + 6, df ? 0x4000 : 0);
		ip[8] = src->ttl;
		ip[9] = proto;
		put16(ip + 10, 0);
		memcpy(ip + 12, src->ip4, 4);
		memcpy(ip + 16, dst->ip4, 4);
		if (optlen)
			memcpy(ip + 20, opts, optlen);
		put16(ip + 10, csum_fold(csum_add(0, ip, hlen)));
		memcpy(ip + hlen, l4, len);
		f->len = f->l3 + hlen + len;
	}
}

static void send_ip(const struct host *src, const struct host *dst, int v6, uint8_t proto,
		    uint8_t *l4, size_t len, uint16_t ip_id, int df)
{
	struct frame f;

	build_ip(&f, src, dst, v6, proto, l4, len, ip_id, df, NULL, 0);
	frame_pad(&f);
	emit(f.b, f.len);
}

/* The most L4 bytes a frame of FRAME_MAX can carry for this path. */
static size_t l4_room(const struct host *a, const struct host *b, int v6)
{
	const struct host *lan = a->lan ? a : b;

	return FRAME_MAX - ETH_HLEN - vlan_len(lan->vlan) - (v6 ? 40 : 20);
}

/* ---- payloads ---- */

static const char *const words[] = {
	"the", "packet", "filter", "processor", "map", "verdict", "network",
	"board", "stream", "program", "offload", "header", "socket", "queue",
	"latency", "cycle", "register", "memory", "table", "index", "report",
};

/* Readable filler text: words and spaces, n bytes. */
static void text_fill(uint8_t *b, size_t n)
{
	size_t o = 0;

	while (o < n) {
		const char *w = words[rnd_range(0, sizeof(words) / sizeof(words[0]) - 1)];
		size_t wl = strlen(w);

		while (*w && o < n)
			b[o++] = (uint8_t)*w++;
		if (o < n)
			b[o++] = (wl & 7) == 0 ? '\n' : ' ';
	}
}

/* Copies s into b (at most room bytes): its length. */
static size_t put_str(uint8_t *b, size_t room, const char *s)
{
	size_t n = strlen(s);

	if (n > room)
		n = room;
	memcpy(b, s, n);
	return n;
}

static const char *const http_paths[] = {
	"/", "/index.html", "/api/v1/status", "/images/logo.png", "/docs/protocol.html",
	"/login", "/static/app.js", "/favicon.ico",
};

static const char *const dns_names[] = {
	"www.example.com", "mail.example.org", "api.example.net", "cdn.example.com",
	"ntp.example.org", "files.example.net", "printer.invalid", "vpn.example.com",
};

/* ---- flows ---- */

enum flow_kind {
	F_TCP, F_DNS, F_NTP, F_UDP, F_PING, F_PING6, F_NDISC, F_ARP, F_BURST, F_KINDS
};

/* How often each kind starts, relative to the others. */
static const unsigned kind_weight[F_KINDS] = {
	[F_TCP] = 40, [F_DNS] = 16, [F_NTP] = 4, [F_UDP] = 8, [F_PING] = 6,
	[F_PING6] = 3, [F_NDISC] = 3, [F_ARP] = 5, [F_BURST] = 3,
};

enum tcp_state {
	T_SYN, T_SYNACK, T_ACK, T_REQ, T_RESP, T_RESP_ACK, T_FIN1, T_FIN2, T_LASTACK,
	T_RST, T_REFUSED,
};

enum app { APP_HTTP, APP_TLS, APP_SSH, APP_RAW };

struct flow {
	enum flow_kind kind;
	int step;
	int done;
	int sticky;                  /* emits all its packets in a row */
	struct host *cli, *srv;
	int v6;
	uint16_t cport, sport;
	uint16_t cid, sid;           /* IPv4 identification, per direction */
	/* TCP */
	enum tcp_state ts;
	enum app app;
	uint32_t cseq, sseq;         /* next sequence number of each side */
	uint32_t tsval_base;
	int exchanges;               /* request/response rounds left */
	int resp_left;               /* server segments left in this response */
	int end_rst;                 /* the client ends with RST, not FIN */
	int refused;                 /* the server answers the SYN with RST */
	int exchange_no;
	/* DNS / ping / bursts */
	uint16_t txid;
	int qname, qtype;            /* DNS: index into dns_names, 1 (A) or 28 (AAAA) */
	int count;                   /* pings or burst packets left */
	uint16_t seq;
	uint8_t burst_proto;
	uint8_t ntp_tx[8];           /* the client's transmit timestamp */
	int reply;                   /* UDP: whether the server answers */
};

#define MAX_FLOWS 24

static struct flow flows[MAX_FLOWS];
static int n_flows;

static uint16_t ephemeral_port(void)
{
	return (uint16_t)rnd_range(32768, 60999);  /* Linux's default range */
}

static void flow_start(struct flow *fl, enum flow_kind kind)
{
	memset(fl, 0, sizeof(*fl));
	fl->kind = kind;
	fl->cli = pick_client();
	fl->cport = ephemeral_port();
	fl->cid = (uint16_t)rnd64();
	fl->sid = (uint16_t)rnd64();

	switch (kind) {
	case F_TCP: {
		static const uint16_t ports[] = { 80, 443, 443, 22, 8080 };
		uint32_t r = rnd_range(0, 9);

		fl->srv = &web[rnd_range(0, N_WEB - 1)];
		if (r < 8) {
			fl->sport = ports[rnd_range(0, 4)];
		} else {
			fl->srv = &misc_srv;
			fl->sport = (uint16_t)rnd_range(1024, 65535);
		}
		fl->app = fl->sport == 80 || fl->sport == 8080 ? APP_HTTP :
			  fl->sport == 443 ? APP_TLS : fl->sport == 22 ? APP_SSH : APP_RAW;
		fl->v6 = has_ip6(fl->cli) && has_ip6(fl->srv) && chance(30);
		fl->cseq = (uint32_t)rnd64();
		fl->sseq = (uint32_t)rnd64();
		fl->tsval_base = (uint32_t)rnd64();
		fl->exchanges = (int)rnd_range(1, fl->app == APP_SSH ? 6 : 3);
		fl->end_rst = chance(8);
		fl->refused = fl->app == APP_RAW && chance(50);
		fl->ts = T_SYN;
		break;
	}
	case F_DNS:
		fl->srv = &dns_srv;
		fl->sport = 53;
		fl->v6 = has_ip6(fl->cli) && chance(25);
		fl->txid = (uint16_t)rnd64();
		fl->qname = (int)rnd_range(0, sizeof(dns_names) / sizeof(dns_names[0]) - 1);
		fl->qtype = chance(70) ? 1 : 28;
		break;
	case F_NTP:
		fl->srv = &ntp_srv;
		fl->sport = 123;
		fl->cport = chance(50) ? 123 : fl->cport;
		fl->v6 = has_ip6(fl->cli) && chance(20);
		break;
	case F_UDP:
		fl->srv = &misc_srv;
		/* port 9 is discard: some tests drop it */
		fl->sport = chance(20) ? 9 : (uint16_t)rnd_range(1024, 65535);
		fl->count = (int)rnd_range(1, 4);
		fl->reply = fl->sport != 9 && chance(50);
		fl->v6 = 0;
		break;
	case F_PING:
		fl->srv = chance(70) ? &web[rnd_range(0, N_WEB - 1)] : &dns_srv;
		fl->txid = (uint16_t)rnd64();
		fl->count = (int)rnd_range(1, 4);
		fl->seq = 1;
		break;
	case F_PING6:
		fl->cli = &clients[rnd_range(0, N_CLIENTS - 1)];
		fl->srv = chance(50) ? &web[rnd_range(0, 2)] : &dns_srv;
		fl->v6 = 1;
		fl->txid = (uint16_t)rnd64();
		fl->count = (int)rnd_range(1, 3);
		fl->seq = 1;
		break;
	case F_NDISC:
		fl->cli = &clients[rnd_range(0, N_CLIENTS - 1)];
		/* mostly the router, sometimes a neighbour */
		fl->srv = chance(60) ? &gateway[VLAN_NONE] : &clients[rnd_range(0, N_CLIENTS - 1)];
		if (fl->srv == fl->cli)
			fl->srv = &gateway[VLAN_NONE];
		fl->v6 = 1;
		break;
	case F_ARP:
		fl->srv = chance(60) ? &gateway[fl->cli->vlan] : pick_client();
		if (fl->srv->vlan != fl->cli->vlan || fl->srv == fl->cli)
			fl->srv = &gateway[fl->cli->vlan];
		break;
	case F_BURST:
		fl->cli = &bursters[rnd_range(0, N_BURSTERS - 1)];
		fl->sticky = 1;
		fl->count = (int)rnd_range(12, 40);
		if (chance(50)) {
			fl->burst_proto = PROTO_TCP;      /* a SYN flood to a web server */
			fl->srv = &web[rnd_range(0, N_WEB - 1)];
			fl->sport = chance(50) ? 80 : 443;
		} else {
			fl->burst_proto = PROTO_UDP;      /* a chatty UDP sender */
			fl->srv = &misc_srv;
			fl->sport = (uint16_t)rnd_range(1024, 65535);
		}
		break;
	default:
		break;
	}
}

/* ---- TCP ---- */

/* The header at b: its length. */
static size_t tcp_header(uint8_t *b, const struct flow *fl, int from_cli, uint32_t seq,
			 uint32_t ack, uint8_t flags, uint16_t win, int syn_opts)
{
	uint32_t tsval = fl->tsval_base + (uint32_t)(now_us / 1000);
	size_t hlen = 20;

	put16(b, from_cli ? fl->cport : fl->sport);
	put16(b + 2, from_cli ? fl->sport : fl->cport);
	put32(b + 4, seq);
	put32(b + 8, (flags & TCP_ACK) ? ack : 0);
	put16(b + 14, win);
	put16(b + 16, 0);
	put16(b + 18, 0);
	if (syn_opts) {
		/* Linux's order: MSS, SACK permitted, timestamps, NOP, window scale */
		uint8_t *o = b + 20;

		o[0] = 2;
		o[1] = 4;
		put16(o + 2, fl->v6 ? 1440 : 1460);
		o[4] = 4;
		o[5] = 2;
		o[6] = 8;
		o[7] = 10;
		put32(o + 8, tsval + (from_cli ? 0 : 0x1000));
		put32(o + 12, from_cli ? 0 : tsval);
		o[16] = 1;
		o[17] = 3;
		o[18] = 3;
		o[19] = 7;
		hlen = 40;
	} else if (!(flags & TCP_RST)) {
		/* NOP, NOP, timestamps */
		uint8_t *o = b + 20;

		o[0] = 1;
		o[1] = 1;
		o[2] = 8;
		o[3] = 10;
		put32(o + 4, tsval + (from_cli ? 0 : 0x1000));
		put32(o + 8, tsval + (from_cli ? 0x1000 : 0) - 1);
		hlen = 32;
	}
	b[12] = (uint8_t)(hlen / 4) << 4;
	b[13] = flags;
	return hlen;
}

/* The payload of a client request or server segment: its length. */
static size_t app_payload(struct flow *fl, int from_cli, uint8_t *b, size_t room)
{
	char line[256];
	size_t n;

	switch (fl->app) {
	case APP_HTTP:
		if (from_cli) {
			snprintf(line, sizeof(line),
				 "GET %s HTTP/1.1\r\nHost: www.example.com\r\n"
				 "User-Agent: bpfsoc-trafgen/1.0\r\nAccept: */*\r\n\r\n",
				 http_paths[rnd_range(0, sizeof(http_paths) / sizeof(http_paths[0]) - 1)]);
			return put_str(b, room, line);
		}
		n = fl->resp_left > 1 ? room : rnd_range(1, (uint32_t)room);
		if (fl->step == 0) {
			/* the response's first segment starts with its headers */
			size_t h;

			snprintf(line, sizeof(line),
				 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
				 "Content-Length: %u\r\n\r\n<html><body>",
				 (unsigned)rnd_range(200, 9000));
			h = put_str(b, n, line);
			text_fill(b + h, n - h);
			fl->step = 1;
			return n;
		}
		text_fill(b, n);
		return n;
	case APP_TLS:
		/* TLS records: a handshake first, application data after */
		n = fl->exchange_no == 0 ? rnd_range(200, 517) :
		    fl->resp_left > 1 && !from_cli ? room : rnd_range(40, (uint32_t)room);
		if (n > room)
			n = room;
		rnd_bytes(b, n);
		b[0] = fl->exchange_no == 0 ? 0x16 : 0x17;
		b[1] = 0x03;
		b[2] = fl->exchange_no == 0 && from_cli ? 0x01 : 0x03;
		put16(b + 3, (uint16_t)(n - 5));
		if (fl->exchange_no == 0)
			b[5] = from_cli ? 1 : 2;   /* ClientHello, ServerHello */
		return n;
	case APP_SSH:
		if (fl->exchange_no == 0)
			return put_str(b, room, from_cli ? "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n" :
						      "SSH-2.0-OpenSSH_8.4p1\r\n");
		/* encrypted packets: a block multiple and a MAC */
		n = 16 * rnd_range(2, 8) + 20;
		rnd_bytes(b, n);
		return n;
	default:
		n = rnd_range(1, (uint32_t)(room < 600 ? room : 600));
		rnd_bytes(b, n);
		return n;
	}
}

static void tcp_send(struct flow *fl, int from_cli, uint8_t flags, const uint8_t *payload,
		     size_t plen, int syn_opts)
{
	uint8_t seg[FRAME_MAX];
	uint32_t *seq = from_cli ? &fl->cseq : &fl->sseq;
	uint32_t ack = from_cli ? fl->sseq : fl->cseq;
	uint16_t win = syn_opts ? (from_cli ? 64240 : 65160) : (from_cli ? 502 : 509);
	size_t hlen;

	if (flags & TCP_RST)
		win = 0;
	hlen = tcp_header(seg, fl, from_cli, *seq, ack, flags, win, syn_opts);
	if (plen)
		memcpy(seg + hlen, payload, plen);
	*seq += (uint32_t)plen + ((flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);
	send_ip(from_cli ? fl->cli : fl->srv, from_cli ? fl->srv : fl->cli, fl->v6, PROTO_TCP,
		seg, hlen + plen, from_cli ? fl->cid++ : fl->sid++, 1);
}

static void tcp_step(struct flow *fl)
{
	uint8_t data[FRAME_MAX];
	size_t room = l4_room(fl->cli, fl->srv, fl->v6) - 32;   /* header with timestamps */
	size_t n;

	switch (fl->ts) {
	case T_SYN:
		tcp_send(fl, 1, TCP_SYN, NULL, 0, 1);
		fl->ts = fl->refused ? T_REFUSED : T_SYNACK;
		break;
	case T_REFUSED:
		/* a closed port: RST+ACK, sequence 0, no options; that is all */
		fl->sseq = 0;
		tcp_send(fl, 0, TCP_RST | TCP_ACK, NULL, 0, 0);
		fl->done = 1;
		break;
	case T_SYNACK:
		tcp_send(fl, 0, TCP_SYN | TCP_ACK, NULL, 0, 1);
		fl->ts = T_ACK;
		break;
	case T_ACK:
		tcp_send(fl, 1, TCP_ACK, NULL, 0, 0);
		fl->ts = T_REQ;
		break;
	case T_REQ:
		n = app_payload(fl, 1, data, room);
		tcp_send(fl, 1, TCP_PSH | TCP_ACK, data, n, 0);
		fl->resp_left = fl->app == APP_HTTP ? (int)rnd_range(1, 6) :
				fl->app == APP_TLS ? (int)rnd_range(1, 4) : 1;
		fl->step = 0;
		fl->ts = T_RESP;
		break;
	case T_RESP:
		n = app_payload(fl, 0, data, room);
		tcp_send(fl, 0, fl->resp_left == 1 ? TCP_PSH | TCP_ACK : TCP_ACK, data, n, 0);
		if (--fl->resp_left == 0)
			fl->ts = T_RESP_ACK;
		break;
	case T_RESP_ACK:
		tcp_send(fl, 1, TCP_ACK, NULL, 0, 0);
		fl->exchange_no++;
		if (--fl->exchanges > 0)
			fl->ts = T_REQ;
		else
			fl->ts = fl->end_rst ? T_RST : T_FIN1;
		break;
	case T_RST:
		tcp_send(fl, 1, TCP_RST | TCP_ACK, NULL, 0, 0);
		fl->done = 1;
		break;
	case T_FIN1:
		tcp_send(fl, 1, TCP_FIN | TCP_ACK, NULL, 0, 0);
		fl->ts = T_FIN2;
		break;
	case T_FIN2:
		tcp_send(fl, 0, TCP_FIN | TCP_ACK, NULL, 0, 0);
		fl->ts = T_LASTACK;
		break;
	case T_LASTACK:
		tcp_send(fl, 1, TCP_ACK, NULL, 0, 0);
		fl->done = 1;
		break;
	}
}

/* ---- UDP ---- */

static void udp_send(struct flow *fl, int from_cli, const uint8_t *payload, size_t plen)
{
	uint8_t seg[FRAME_MAX];

	put16(seg, from_cli ? fl->cport : fl->sport);
	put16(seg + 2, from_cli ? fl->sport : fl->cport);
	put16(seg + 4, (uint16_t)(8 + plen));
	put16(seg + 6, 0);
	memcpy(seg + 8, payload, plen);
	send_ip(from_cli ? fl->cli : fl->srv, from_cli ? fl->srv : fl->cli, fl->v6, PROTO_UDP,
		seg, 8 + plen, from_cli ? fl->cid++ : fl->sid++, 0);
}

/* A DNS name as labels: its length. */
static size_t dns_qname(uint8_t *b, const char *name)
{
	size_t o = 0;

	while (*name) {
		const char *dot = strchr(name, '.');
		size_t l = dot ? (size_t)(dot - name) : strlen(name);

		b[o++] = (uint8_t)l;
		memcpy(b + o, name, l);
		o += l;
		name += l;
		if (*name == '.')
			name++;
	}
	b[o++] = 0;
	return o;
}

static void dns_step(struct flow *fl)
{
	uint8_t m[512];
	const char *name = dns_names[fl->qname];
	int nx = strstr(name, ".invalid") != NULL;
	size_t o = 12;
	int an = 0, i;

	memset(m, 0, 12);
	put16(m, fl->txid);
	put16(m + 4, 1);                             /* one question */
	if (fl->step == 0) {
		put16(m + 2, 0x0100);                /* query, recursion desired */
	} else {
		an = nx ? 0 : (int)rnd_range(1, 3);
		put16(m + 2, nx ? 0x8183 : 0x8180);  /* response, RD RA, NOERROR / NXDOMAIN */
		put16(m + 6, (uint16_t)an);
	}
	o += dns_qname(m + o, name);
	put16(m + o, (uint16_t)fl->qtype);
	put16(m + o + 2, 1);                         /* class IN */
	o += 4;
	for (i = 0; i < an; i++) {
		put16(m + o, 0xc00c);                /* the question's name */
		put16(m + o + 2, (uint16_t)fl->qtype);
		put16(m + o + 4, 1);
		put32(m + o + 6, rnd_range(60, 3600));
		o += 10;
		if (fl->qtype == 1) {
			put16(m + o, 4);
			m[o + 2] = 203;
			m[o + 3] = 0;
			m[o + 4] = 113;
			m[o + 5] = (uint8_t)rnd_range(1, 254);
			o += 6;
		} else {
			static const uint8_t pfx[6] = { 0x20, 0x01, 0x0d, 0xb8, 0x0a, 0xbc };

			put16(m + o, 16);
			memset(m + o + 2, 0, 16);
			memcpy(m + o + 2, pfx, 6);
			put16(m + o + 16, (uint16_t)rnd_range(1, 0xffff));
			o += 18;
		}
	}
	/* EDNS(0): an OPT record advertising 1232-byte UDP, as resolvers do */
	put16(m + 10, 1);
	m[o] = 0;
	put16(m + o + 1, 41);
	put16(m + o + 3, 1232);
	put32(m + o + 5, 0);
	put16(m + o + 9, 0);
	o += 11;

	udp_send(fl, fl->step == 0, m, o);
	if (fl->step++ == 1)
		fl->done = 1;
}

/* NTP's time: seconds since 1900 and a binary fraction. */
static void ntp_time(uint8_t *b, uint64_t us)
{
	put32(b, (uint32_t)(us / 1000000 + 2208988800ULL));
	put32(b + 4, (uint32_t)(((us % 1000000) << 32) / 1000000));
}

static void ntp_step(struct flow *fl)
{
	uint8_t m[48];

	memset(m, 0, sizeof(m));
	if (fl->step == 0) {
		m[0] = 0x23;                         /* LI 0, version 4, mode 3 (client) */
		m[2] = 6;                            /* poll 64 s */
		m[3] = 0xe9;                         /* precision */
		ntp_time(m + 40, now_us);
		memcpy(fl->ntp_tx, m + 40, 8);
		udp_send(fl, 1, m, sizeof(m));
		fl->step = 1;
		return;
	}
	m[0] = 0x24;                                 /* LI 0, version 4, mode 4 (server) */
	m[1] = 2;                                    /* stratum 2 */
	m[2] = 6;
	m[3] = 0xe8;
	put32(m + 4, rnd_range(0x100, 0x800));       /* root delay */
	put32(m + 8, rnd_range(0x100, 0x800));       /* root dispersion */
	m[12] = 192;                                 /* reference id: its upstream */
	m[13] = 0;
	m[14] = 2;
	m[15] = 1;
	ntp_time(m + 16, now_us - rnd_range(1000000, 60000000));
	memcpy(m + 24, fl->ntp_tx, 8);               /* origin: the client's transmit */
	ntp_time(m + 32, now_us - 150);
	ntp_time(m + 40, now_us - 120);
	udp_send(fl, 0, m, sizeof(m));
	fl->done = 1;
}

static void udp_step(struct flow *fl)
{
	uint8_t data[FRAME_MAX];
	size_t room = l4_room(fl->cli, fl->srv, 0) - 8;
	size_t n = rnd_range(16, chance(10) ? (uint32_t)room : 300);

	rnd_bytes(data, n);
	if (fl->step == 0 || !fl->reply) {
		udp_send(fl, 1, data, n);
		fl->step = fl->reply;
		if (!fl->reply && --fl->count == 0)
			fl->done = 1;
		return;
	}
	udp_send(fl, 0, data, n);
	fl->step = 0;
	if (--fl->count == 0)
		fl->done = 1;
}

/* ---- ICMP and ICMPv6 ---- */

/* An echo request or reply, as ping sends: 8 bytes of time, then the
 * bytes 0x10, 0x11, ... */
static void echo_step(struct flow *fl)
{
	uint8_t m[64];
	int reply = fl->step & 1;
	int i;

	if (fl->v6)
		m[0] = reply ? 129 : 128;
	else
		m[0] = reply ? 0 : 8;
	m[1] = 0;
	put16(m + 2, 0);
	put16(m + 4, fl->txid);
	put16(m + 6, fl->seq);
	put32(m + 8, (uint32_t)(now_us / 1000000));
	put32(m + 12, (uint32_t)(now_us % 1000000));
	for (i = 16; i < 64; i++)
		m[i] = (uint8_t)(i - 8);
	send_ip(reply ? fl->srv : fl->cli, reply ? fl->cli : fl->srv, fl->v6,
		fl->v6 ? PROTO_ICMPV6 : PROTO_ICMP, m, sizeof(m),
		reply ? fl->sid++ : fl->cid++, !reply);
	fl->step++;
	if (reply) {
		fl->seq++;
		if (--fl->count == 0)
			fl->done = 1;
	}
}

/* Neighbour solicitation for srv's global address, then its advertisement. */
static void ndisc_step(struct flow *fl)
{
	struct host src = *fl->cli, dst;
	uint8_t m[32];
	struct frame f;

	memset(m, 0, sizeof(m));
	if (fl->step == 0) {
		/* to the target's solicited-node multicast group */
		static const uint8_t snm[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };

		memset(&dst, 0, sizeof(dst));
		memcpy(dst.ip6, snm, 13);
		memcpy(dst.ip6 + 13, fl->srv->ip6 + 13, 3);
		dst.mac[0] = 0x33;
		dst.mac[1] = 0x33;
		memcpy(dst.mac + 2, dst.ip6 + 12, 4);
		dst.lan = 1;
		m[0] = 135;
		memcpy(m + 8, fl->srv->ip6, 16);
		m[24] = 1;                           /* source link-layer address */
		m[25] = 1;
		memcpy(m + 26, src.mac, 6);
		src.ttl = 255;                       /* ND insists on hop limit 255 */
		build_ip(&f, &src, &dst, 1, PROTO_ICMPV6, m, 32, 0, 0, NULL, 0);
		fl->step = 1;
	} else {
		src = *fl->srv;
		dst = *fl->cli;
		m[0] = 136;
		/* solicited and override, and router when it is the gateway */
		m[4] = fl->srv == &gateway[VLAN_NONE] ? 0xe0 : 0x60;
		memcpy(m + 8, fl->srv->ip6, 16);
		m[24] = 2;                           /* target link-layer address */
		m[25] = 1;
		memcpy(m + 26, src.mac, 6);
		src.ttl = 255;
		build_ip(&f, &src, &dst, 1, PROTO_ICMPV6, m, 32, 0, 0, NULL, 0);
		fl->done = 1;
	}
	frame_pad(&f);
	emit(f.b, f.len);
}

static void arp_step(struct flow *fl)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];
	const struct host *s = fl->step == 0 ? fl->cli : fl->srv;
	const struct host *t = fl->step == 0 ? fl->srv : fl->cli;
	struct frame f;
	uint8_t *a;

	frame_l2(&f, fl->step == 0 ? bcast : t->mac, s->mac, fl->cli->vlan, ETHERTYPE_ARP);
	a = f.b + f.l3;
	put16(a, 1);                                 /* Ethernet */
	put16(a + 2, ETHERTYPE_IP);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, fl->step == 0 ? 1 : 2);         /* request, reply */
	memcpy(a + 8, s->mac, 6);
	memcpy(a + 14, s->ip4, 4);
	memcpy(a + 18, fl->step == 0 ? zero : t->mac, 6);
	memcpy(a + 24, t->ip4, 4);
	f.len = f.l3 + 28;
	frame_pad(&f);
	emit(f.b, f.len);
	if (fl->step++ == 1)
		fl->done = 1;
}

/* ---- bursts ---- */

static void burst_step(struct flow *fl)
{
	if (fl->burst_proto == PROTO_TCP) {
		/* a SYN flood: a new port and sequence number each time */
		fl->cport = ephemeral_port();
		fl->cseq = (uint32_t)rnd64();
		fl->tsval_base = (uint32_t)rnd64();
		tcp_send(fl, 1, TCP_SYN, NULL, 0, 1);
	} else {
		uint8_t data[256];
		size_t n = rnd_range(20, sizeof(data));

		rnd_bytes(data, n);
		udp_send(fl, 1, data, n);
	}
	if (--fl->count == 0)
		fl->done = 1;
}

static void flow_step(struct flow *fl)
{
	switch (fl->kind) {
	case F_TCP:
		tcp_step(fl);
		break;
	case F_DNS:
		dns_step(fl);
		break;
	case F_NTP:
		ntp_step(fl);
		break;
	case F_UDP:
		udp_step(fl);
		break;
	case F_PING:
	case F_PING6:
		echo_step(fl);
		break;
	case F_NDISC:
		ndisc_step(fl);
		break;
	case F_ARP:
		arp_step(fl);
		break;
	case F_BURST:
		burst_step(fl);
		break;
	default:
		fl->done = 1;
		break;
	}
}

static enum flow_kind pick_kind(void)
{
	unsigned total = 0, r, k;

	for (k = 0; k < F_KINDS; k++)
		total += kind_weight[k];
	r = rnd_range(0, total - 1);
	for (k = 0; k < F_KINDS; k++) {
		if (r < kind_weight[k])
			return (enum flow_kind)k;
		r -= kind_weight[k];
	}
	return F_TCP;
}

/* ---- bad packets ---- */

enum bad_kind {
	B_RUNT,          /* shorter than an Ethernet header */
	B_TRUNC_VLAN,    /* ends inside a VLAN tag */
	B_TRUNC_IP,      /* ends inside the IPv4 header */
	B_TRUNC_TCP,     /* ends inside the TCP header */
	B_TRUNC_UDP,     /* ends inside the UDP header */
	B_IHL,           /* IHL below 5 */
	B_TOTLEN_BIG,    /* total length beyond the frame */
	B_TOTLEN_SMALL,  /* total length below the header */
	B_VERSION,       /* IPv4 ethertype, another version */
	B_TRUNC_IPV6,    /* ends inside the IPv6 header */
	B_IPV6_PLEN,     /* payload length beyond the frame */
	B_TCP_DOFF,      /* TCP data offset below 5 */
	B_IPV4_OPTS,     /* well-formed, with IPv4 options */
	B_KINDS
};

/* A plain TCP or UDP packet between a client and a server to damage. */
static void bad_base(struct frame *f, int v6, uint8_t proto, const uint8_t *opts, size_t optlen)
{
	struct host *cli = v6 ? &clients[rnd_range(0, N_CLIENTS - 1)] : pick_client();
	struct host *srv = &web[rnd_range(0, 2)];
	uint8_t l4[256];
	size_t len = rnd_range(20, 120) + (proto == PROTO_TCP ? 20 : 8);

	rnd_bytes(l4, len);
	put16(l4, ephemeral_port());
	put16(l4 + 2, chance(50) ? 80 : 53);
	if (proto == PROTO_TCP) {
		l4[12] = 5 << 4;
		l4[13] = TCP_PSH | TCP_ACK;
	} else {
		put16(l4 + 4, (uint16_t)len);
	}
	build_ip(f, cli, srv, v6, proto, l4, len, (uint16_t)rnd64(), proto == PROTO_TCP,
		 opts, optlen);
}

/* The IPv4 header checksum again, after a change. */
static void ip4_recsum(struct frame *f, size_t hlen)
{
	uint8_t *ip = f->b + f->l3;

	put16(ip + 10, 0);
	put16(ip + 10, csum_fold(csum_add(0, ip, hlen)));
}

static void emit_bad(void)
{
	enum bad_kind kind = (enum bad_kind)rnd_range(0, B_KINDS - 1);
	struct frame f;
	uint8_t *ip;

	switch (kind) {
	case B_RUNT:
		f.len = rnd_range(1, ETH_HLEN - 1);
		rnd_bytes(f.b, f.len);
		f.b[0] &= 0xfe;                      /* unicast, if it got that far */
		break;
	case B_TRUNC_VLAN: {
		struct host *h = &clients[N_CLIENTS];   /* a VLAN 100 client */

		frame_l2(&f, gateway[VLAN_Q].mac, h->mac, VLAN_NONE, ETHERTYPE_8021Q);
		f.len = ETH_HLEN + rnd_range(0, 3);
		rnd_bytes(f.b + ETH_HLEN, 3);
		break;
	}
	case B_TRUNC_IP:
		bad_base(&f, 0, PROTO_TCP, NULL, 0);
		f.len = f.l3 + rnd_range(1, 19);
		break;
	case B_TRUNC_TCP:
		bad_base(&f, chance(30), PROTO_TCP, NULL, 0);
		ip = f.b + f.l3;
		f.len = f.l3 + ((ip[0] >> 4) == 6 ? 40 : 20) + rnd_range(1, 19);
		/* the IP length agrees with the frame: only TCP is cut short */
		if ((ip[0] >> 4) == 6) {
			put16(ip + 4, (uint16_t)(f.len - f.l3 - 40));
		} else {
			put16(ip + 2, (uint16_t)(f.len - f.l3));
			ip4_recsum(&f, 20);
		}
		break;
	case B_TRUNC_UDP:
		bad_base(&f, 0, PROTO_UDP, NULL, 0);
		ip = f.b + f.l3;
		f.len = f.l3 + 20 + rnd_range(1, 7);
		put16(ip + 2, (uint16_t)(f.len - f.l3));
		ip4_recsum(&f, 20);
		break;
	case B_IHL:
		bad_base(&f, 0, chance(50) ? PROTO_TCP : PROTO_UDP, NULL, 0);
		ip = f.b + f.l3;
		ip[0] = 0x40 | (uint8_t)rnd_range(0, 4);
		ip4_recsum(&f, 20);
		break;
	case B_TOTLEN_BIG:
		bad_base(&f, 0, chance(50) ? PROTO_TCP : PROTO_UDP, NULL, 0);
		ip = f.b + f.l3;
		put16(ip + 2, (uint16_t)(get16(ip + 2) + rnd_range(1, 1000)));
		ip4_recsum(&f, 20);
		break;
	case B_TOTLEN_SMALL:
		bad_base(&f, 0, PROTO_UDP, NULL, 0);
		ip = f.b + f.l3;
		put16(ip + 2, (uint16_t)rnd_range(0, 19));
		ip4_recsum(&f, 20);
		break;
	case B_VERSION:
		bad_base(&f, 0, PROTO_TCP, NULL, 0);
		ip = f.b + f.l3;
		ip[0] = (uint8_t)((chance(50) ? 6 : rnd_range(0, 3)) << 4 | 5);
		ip4_recsum(&f, 20);
		break;
	case B_TRUNC_IPV6:
		bad_base(&f, 1, chance(50) ? PROTO_TCP : PROTO_UDP, NULL, 0);
		f.len = f.l3 + rnd_range(1, 39);
		break;
	case B_IPV6_PLEN:
		bad_base(&f, 1, PROTO_UDP, NULL, 0);
		ip = f.b + f.l3;
		put16(ip + 4, (uint16_t)(get16(ip + 4) + rnd_range(1, 1000)));
		break;
	case B_TCP_DOFF: {
		/* a TCP header claiming fewer than its 20 bytes; its checksum
		 * is right for what it says */
		struct host *cli = pick_client();
		size_t len = 20 + rnd_range(0, 40);
		uint8_t l4[64];

		memset(l4, 0, sizeof(l4));
		put16(l4, ephemeral_port());
		put16(l4 + 2, 80);
		put32(l4 + 4, (uint32_t)rnd64());
		l4[12] = (uint8_t)(rnd_range(0, 4) << 4);
		l4[13] = TCP_ACK;
		put16(l4 + 14, 502);
		build_ip(&f, cli, &web[0], 0, PROTO_TCP, l4, len, (uint16_t)rnd64(), 1, NULL, 0);
		break;
	}
	case B_IPV4_OPTS:
	default: {
		/* Router Alert (RFC 2113), or a record-route with room for
		 * two hops, one of them filled */
		uint8_t opts[12];
		size_t optlen;

		if (chance(50)) {
			opts[0] = 0x94;
			opts[1] = 4;
			put16(opts + 2, 0);
			optlen = 4;
		} else {
			opts[0] = 1;                 /* NOP, to align */
			opts[1] = 7;                 /* record route */
			opts[2] = 11;
			opts[3] = 8;                 /* pointer: the second slot */
			opts[4] = 10;
			opts[5] = 0;
			opts[6] = 0;
			opts[7] = 1;
			memset(opts + 8, 0, 4);
			optlen = 12;
		}
		bad_base(&f, 0, chance(50) ? PROTO_TCP : PROTO_UDP, opts, optlen);
		frame_pad(&f);
		break;
	}
	}
	emit(f.b, f.len);
}

/* ---- the traffic ---- */

static void generate(unsigned long count, double bad_percent)
{
	struct flow *sticky = NULL;

	while (written < count) {
		struct flow *fl;
		int i;

		/* the gap before this packet: short inside a burst */
		now_us += sticky ? rnd_range(5, 60) : rnd_range(10, chance(10) ? 20000 : 1500);

		if (chance(bad_percent)) {
			emit_bad();
			continue;
		}
		if (sticky) {
			fl = sticky;
		} else if (n_flows < 3 || (n_flows < MAX_FLOWS && chance(25))) {
			fl = &flows[n_flows++];
			flow_start(fl, pick_kind());
		} else {
			fl = &flows[rnd_range(0, (uint32_t)n_flows - 1)];
		}
		flow_step(fl);
		sticky = fl->sticky && !fl->done ? fl : NULL;
		if (fl->done) {
			i = (int)(fl - flows);
			flows[i] = flows[--n_flows];
		}
	}
}

/* ---- the command line ---- */

static void usage(FILE *to)
{
	fprintf(to,
		"usage: " PROG " [-n COUNT] [-s SEED] [-m MALFORMED_PERCENT] -o OUT.pcap\n"
		"\n"
		"Writes COUNT packets of mixed Ethernet traffic to OUT.pcap: TCP connections\n"
		"(ports 80, 443, 22, 8080 and others), DNS, NTP and other UDP, ICMP and\n"
		"ICMPv6 echo, neighbour discovery, ARP, 802.1Q and 802.1ad VLANs, hosts that\n"
		"send in bursts, and a share of malformed packets.\n"
		"\n"
		"  -n, --count COUNT       packets to write (default 1000)\n"
		"  -s, --seed SEED         the random seed, 0 to 2^64-1 (default: from the\n"
		"                          time); the same seed gives the same file\n"
		"  -m, --malformed PERCENT the share of malformed packets (runts, truncated\n"
		"                          or inconsistent headers) and IPv4 packets with\n"
		"                          options, 0 to 100 (default 3)\n"
		"  -o, --output FILE       the capture to write (required)\n"
		"  -h, --help              this text\n");
}

static unsigned long parse_count(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v == 0 || v > 100000000UL)
		bad_usage("bad count '%s': a whole number from 1 to 100000000", s);
	return v;
}

static uint64_t parse_seed(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-')
		bad_usage("bad seed '%s': a whole number from 0 to 18446744073709551615", s);
	return v;
}

static double parse_percent(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0 && v <= 100))
		bad_usage("bad malformed share '%s': a percentage from 0 to 100", s);
	return v;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "malformed", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long count = 1000;
	double bad = 3.0;
	uint64_t seed = 0;
	int have_seed = 0, c;
	pcap_t *pd;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:s:m:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			count = parse_count(optarg);
			break;
		case 's':
			seed = parse_seed(optarg);
			have_seed = 1;
			break;
		case 'm':
			bad = parse_percent(optarg);
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			/* optopt names a short option; a long one is in argv */
			if (optopt)
				bad_usage("option '-%c' needs a value", optopt);
			bad_usage("option '%s' needs a value", argv[optind - 1]);
			break;
		default:
			if (optopt)
				bad_usage("unknown option '-%c'", optopt);
			bad_usage("unknown option '%s'", argv[optind - 1]);
			break;
		}
	}
	if (optind < argc)
		bad_usage("unexpected argument '%s'", argv[optind]);
	if (!out_path || !*out_path)
		bad_usage("no output file: give -o OUT.pcap");
	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	}

	/* The seed decides the start of the capture as well: some day in
	 * 2023 or 2024, so that the file depends on nothing else. */
	rng_state = seed;
	now_us = (1672531200ULL + rnd64() % (2 * 365 * 86400ULL)) * 1000000ULL;
	now_us += rnd64() % 1000000;
	network_init();

	pd = pcap_open_dead(DLT_EN10MB, SNAPLEN);
	if (!pd)
		die("pcap_open_dead failed");
	dumper = pcap_dump_open(pd, out_path);
	if (!dumper)
		die("%s", pcap_geterr(pd));    /* "PATH: why" */

	generate(count, bad);

	if (pcap_dump_flush(dumper) != 0 || ferror(pcap_dump_file(dumper))) {
		int err = errno;

		pcap_dump_close(dumper);
		die("writing %s failed: %s", out_path, strerror(err));
	}
	pcap_dump_close(dumper);
	pcap_close(pd);

	printf(PROG ": %lu packets, seed %" PRIu64 ", malformed %g%%, wrote %s\n",
	       written, seed, bad, out_path);
	return 0;
}

/* parse: an XDP-style packet parser over a batch of packets.
 *
 * The buffer is a run of records: a 16-bit little-endian length, then that
 * many packet bytes, then padding to a multiple of 4 (so the Ethernet
 * header starts 2 bytes past a 4-byte boundary and the IP header is
 * aligned, as in a NIC's receive buffer).  A zero length ends the batch.
 *
 * parse_pkt() sees one packet as [pkt, end) and checks every header
 * against end before reading it, the way the kernel's verifier requires:
 * Ethernet, up to two VLAN tags (802.1Q, 802.1ad), IPv4 (with options;
 * later fragments have no L4 header) or IPv6 (no extension headers), then
 * TCP or UDP.  It returns flag bits; the batch counts them, and the main
 * result is the number of TCP packets to port 80. */
#include "bench.h"

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86dd
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88a8
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

struct ethhdr {
	u8 dst[6];
	u8 src[6];
	u16 proto;
};

struct vlanhdr {
	u16 tci;
	u16 proto;
};

struct iphdr {
	u8 ver_ihl;
	u8 tos;
	u16 tot_len;
	u16 id;
	u16 frag_off;
	u8 ttl;
	u8 protocol;
	u16 check;
	u32 saddr;
	u32 daddr;
};

struct ipv6hdr {
	u32 ver_tc_flow;
	u16 payload_len;
	u8 nexthdr;
	u8 hop_limit;
	u8 saddr[16];
	u8 daddr[16];
};

struct tcphdr {
	u16 source;
	u16 dest;
	u32 seq;
	u32 ack_seq;
	u16 doff_flags;
	u16 window;
	u16 check;
	u16 urg_ptr;
};

struct udphdr {
	u16 source;
	u16 dest;
	u16 len;
	u16 check;
};

#define F_VLAN (1u << 0)
#define F_IPV4 (1u << 1)
#define F_IPV6 (1u << 2)
#define F_TCP (1u << 3)
#define F_UDP (1u << 4)
#define F_HTTP (1u << 5) /* TCP to port 80 */
#define F_DNS (1u << 6)  /* UDP to port 53 */
#define F_BAD (1u << 7)  /* truncated or malformed */

static __noinline u32 parse_pkt(u8 *pkt, u8 *end)
{
	struct ethhdr *eth = (struct ethhdr *)pkt;
	u8 *p = pkt + sizeof(*eth);
	u32 flags = 0;
	u16 proto;
	u8 l4;

	if (p > end)
		return F_BAD;
	proto = eth->proto;
	for (int i = 0; i < 2; i++) {
		struct vlanhdr *vh = (struct vlanhdr *)p;

		if (proto != bench_ntohs(ETH_P_8021Q) && proto != bench_ntohs(ETH_P_8021AD))
			break;
		if ((u8 *)(vh + 1) > end)
			return flags | F_BAD;
		proto = vh->proto;
		p = (u8 *)(vh + 1);
		flags |= F_VLAN;
	}
	if (proto == bench_ntohs(ETH_P_IP)) {
		struct iphdr *ip = (struct iphdr *)p;
		u32 ihl;

		if ((u8 *)(ip + 1) > end)
			return flags | F_BAD;
		ihl = ip->ver_ihl & 0xf;
		if ((ip->ver_ihl >> 4) != 4 || ihl < 5)
			return flags | F_BAD;
		flags |= F_IPV4;
		if (ip->frag_off & bench_ntohs(0x1fff))
			return flags; /* not the first fragment: no L4 header */
		p += ihl * 4;
		if (p > end)
			return flags | F_BAD;
		l4 = ip->protocol;
	} else if (proto == bench_ntohs(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)p;

		if ((u8 *)(ip6 + 1) > end)
			return flags | F_BAD;
		flags |= F_IPV6;
		l4 = ip6->nexthdr;
		p = (u8 *)(ip6 + 1);
	} else {
		return flags;
	}
	if (l4 == IPPROTO_TCP) {
		struct tcphdr *tcp = (struct tcphdr *)p;

		if ((u8 *)(tcp + 1) > end)
			return flags | F_BAD;
		flags |= F_TCP;
		if (tcp->dest == bench_ntohs(80))
			flags |= F_HTTP;
	} else if (l4 == IPPROTO_UDP) {
		struct udphdr *udp = (struct udphdr *)p;

		if ((u8 *)(udp + 1) > end)
			return flags | F_BAD;
		flags |= F_UDP;
		if (udp->dest == bench_ntohs(53))
			flags |= F_DNS;
	}
	return flags;
}

BENCH(parse)
{
	u8 *p = data, *end = data + len;
	u64 http = 0, tcp = 0, ip = 0, vlan = 0, bad = 0, n = 0;

	while (p + 2 <= end) {
		u64 plen = ld16(p);
		u8 *pkt = p + 2;
		u32 f;

		if (!plen || pkt + plen > end)
			break;
		f = parse_pkt(pkt, pkt + plen);
		http += !!(f & F_HTTP);
		tcp += !!(f & F_TCP);
		ip += !!(f & (F_IPV4 | F_IPV6));
		vlan += !!(f & F_VLAN);
		bad += !!(f & F_BAD);
		n++;
		p += (2 + plen + 3) & ~3ULL;
	}
	return http | tcp << 12 | ip << 24 | vlan << 36 | bad << 48 | n << 52;
}

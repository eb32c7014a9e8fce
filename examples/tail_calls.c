/* tail_calls.c: a parser program that hands each packet to a handler
 * program by protocol, through a PROG_ARRAY and bpf_tail_call.
 *
 * Programs (all SEC("xdp")):
 *   xdp_parser    the entry.  Drops malformed packets (XDP_DROP, counted
 *                 in CNT_MALFORMED) and tail-calls jmp_table[PROG_TCP],
 *                 [PROG_UDP], [PROG_ICMP] or [PROG_OTHER].  Slot PROG_ICMP
 *                 is left empty on purpose: a host may put an ICMP handler
 *                 there; until then the tail call falls through, and so
 *                 does any call to an empty slot: the packet is counted in
 *                 CNT_TAIL_CALL_FAILED and passes.
 *   handle_tcp    counts TCP (and TCP SYNs, without ACK); XDP_PASS.
 *   handle_udp    counts UDP; drops UDP to port 9 (discard), counted in
 *                 CNT_UDP_DISCARD, which need not reach the stack at all;
 *                 passes the rest.
 *   handle_other  counts everything else (non-IP, other IP protocols);
 *                 XDP_PASS.
 *
 * A tail call keeps only the context, so each handler parses the packet
 * again with the same functions.  These are bpf-to-bpf calls: noinline
 * static functions (parse_packet calls parse_l2) that return what they
 * found, which gives the object real BPF_PSEUDO_CALL instructions, one
 * copy of the parsing code per program.
 *
 * A packet is malformed when it is shorter than its Ethernet and VLAN
 * headers (up to two tags), or its IPv4 header is truncated, not version
 * 4, has an IHL below 5 or a total length below the header or beyond the
 * frame, or its IPv6 header is truncated or its payload runs past the
 * frame, or (first fragments only) its TCP or UDP header does not fit
 * the frame and the IP length, or its TCP data offset is below 5.
 *
 * Maps:
 *   jmp_table  PROG_ARRAY of 4, filled in the object (libbpf's static
 *              initialisation: .values = { [i] = &prog }).
 *   counters   ARRAY of __u64 by enum counter.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum prog_slot {
	PROG_TCP,
	PROG_UDP,
	PROG_OTHER,
	PROG_ICMP,          /* empty: the fallback */
	PROG_SLOTS
};

enum counter {
	CNT_TCP,
	CNT_TCP_SYN,
	CNT_UDP,
	CNT_UDP_DISCARD,
	CNT_OTHER,
	CNT_MALFORMED,
	CNT_TAIL_CALL_FAILED,
	CNT_MAX
};

#define DISCARD_PORT 9

/* What parse_packet finds. */
struct pkt_info {
	__u32 l4_off;       /* offset of the L4 header from data */
	__u32 ip_end;       /* offset of the IP datagram's end */
	__u16 proto;        /* ethertype (network order) */
	__u8 l4_proto;      /* IPPROTO_*, or 0 when not IP */
	__u8 later_frag;    /* a fragment after the first: no L4 header */
};

/* parse_packet's results */
#define PKT_MALFORMED (-1)
#define PKT_OK        0

struct vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *cnt = bpf_map_lookup_elem(&counters, &which);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
}

/* The Ethernet header and up to two VLAN tags: the offset of the L3
 * header, its ethertype in *proto; or PKT_MALFORMED. */
static __attribute__((noinline)) int parse_l2(struct xdp_md *ctx, __u16 *proto)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	int off = sizeof(*eth);
	__u16 p;
	int i;

	if ((void *)(eth + 1) > data_end)
		return PKT_MALFORMED;
	p = eth->h_proto;
	for (i = 0; i < 2; i++) {
		struct vlan_hdr *vh = data + off;

		if (p != bpf_htons(ETH_P_8021Q) && p != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > data_end)
			return PKT_MALFORMED;
		p = vh->encap_proto;
		off += sizeof(*vh);
	}
	*proto = p;
	return off;
}

/* Fills *pi for the packet: PKT_OK, or PKT_MALFORMED. */
static __attribute__((noinline)) int parse_packet(struct xdp_md *ctx, struct pkt_info *pi)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 l4_off, ip_end, l4_len = 0;
	__u16 proto = 0;
	__u8 l4_proto;
	int l3_off;

	pi->l4_off = 0;
	pi->ip_end = 0;
	pi->l4_proto = 0;
	pi->later_frag = 0;

	l3_off = parse_l2(ctx, &proto);
	/* The verifier follows the callee's value, but an explicit range
	 * keeps the offset arithmetic below obviously safe. */
	if (l3_off < 0 || l3_off > 64)
		return PKT_MALFORMED;
	pi->proto = proto;

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = data + l3_off;
		__u32 hlen, tot_len;

		if ((void *)(iph + 1) > data_end)
			return PKT_MALFORMED;
		if (iph->version != 4 || iph->ihl < 5)
			return PKT_MALFORMED;
		hlen = iph->ihl * 4;
		tot_len = bpf_ntohs(iph->tot_len);
		if (tot_len < hlen || (void *)iph + tot_len > data_end)
			return PKT_MALFORMED;
		l4_proto = iph->protocol;
		l4_off = l3_off + hlen;
		ip_end = l3_off + tot_len;
		if (iph->frag_off & bpf_htons(0x1fff))
			pi->later_frag = 1;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6h = data + l3_off;
		__u32 plen;

		if ((void *)(ip6h + 1) > data_end)
			return PKT_MALFORMED;
		if (ip6h->version != 6)
			return PKT_MALFORMED;
		plen = bpf_ntohs(ip6h->payload_len);
		if ((void *)(ip6h + 1) + plen > data_end)
			return PKT_MALFORMED;
		/* Extension headers are left to handle_other. */
		l4_proto = ip6h->nexthdr;
		l4_off = l3_off + sizeof(*ip6h);
		ip_end = l4_off + plen;
	} else {
		return PKT_OK;
	}
	pi->l4_proto = l4_proto;
	pi->l4_off = l4_off;
	pi->ip_end = ip_end;

	if (pi->later_frag)
		return PKT_OK;
	if (l4_proto == IPPROTO_TCP)
		l4_len = sizeof(struct tcphdr);
	else if (l4_proto == IPPROTO_UDP)
		l4_len = sizeof(struct udphdr);
	if (l4_off + l4_len > ip_end || data + l4_off + l4_len > data_end)
		return PKT_MALFORMED;
	if (l4_proto == IPPROTO_TCP) {
		struct tcphdr *th = data + l4_off;

		/* checked just above, but the verifier wants it said here */
		if ((void *)(th + 1) > data_end || th->doff < 5)
			return PKT_MALFORMED;
	}
	return PKT_OK;
}

/* The L4 header of l4_len bytes at pi->l4_off, or NULL: how a handler
 * gets a pointer the verifier accepts, after parse_packet said it fits. */
static __always_inline void *l4_header(struct xdp_md *ctx, const struct pkt_info *pi,
				       __u32 l4_len)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 off = pi->l4_off;

	if (off > 128)
		return NULL;
	if (data + off + l4_len > data_end)
		return NULL;
	return data + off;
}

SEC("xdp")
int handle_tcp(struct xdp_md *ctx)
{
	struct pkt_info pi;
	struct tcphdr *th;

	count(CNT_TCP);
	if (parse_packet(ctx, &pi) != PKT_OK || pi.later_frag)
		return XDP_PASS;
	th = l4_header(ctx, &pi, sizeof(*th));
	if (th && th->syn && !th->ack)
		count(CNT_TCP_SYN);
	return XDP_PASS;
}

SEC("xdp")
int handle_udp(struct xdp_md *ctx)
{
	struct pkt_info pi;
	struct udphdr *uh;

	count(CNT_UDP);
	if (parse_packet(ctx, &pi) != PKT_OK || pi.later_frag)
		return XDP_PASS;
	uh = l4_header(ctx, &pi, sizeof(*uh));
	if (uh && uh->dest == bpf_htons(DISCARD_PORT)) {
		count(CNT_UDP_DISCARD);
		return XDP_DROP;
	}
	return XDP_PASS;
}

SEC("xdp")
int handle_other(struct xdp_md *ctx)
{
	count(CNT_OTHER);
	return XDP_PASS;
}

/* The programs must be declared before the map that names them. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, PROG_SLOTS);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} jmp_table SEC(".maps") = {
	.values = {
		[PROG_TCP] = (void *)&handle_tcp,
		[PROG_UDP] = (void *)&handle_udp,
		[PROG_OTHER] = (void *)&handle_other,
		/* [PROG_ICMP] left empty */
	},
};

SEC("xdp")
int xdp_parser(struct xdp_md *ctx)
{
	struct pkt_info pi;
	__u32 slot;

	if (parse_packet(ctx, &pi) != PKT_OK) {
		count(CNT_MALFORMED);
		return XDP_DROP;
	}

	if (pi.l4_proto == IPPROTO_TCP)
		slot = PROG_TCP;
	else if (pi.l4_proto == IPPROTO_UDP)
		slot = PROG_UDP;
	else if ((pi.proto == bpf_htons(ETH_P_IP) && pi.l4_proto == IPPROTO_ICMP) ||
		 (pi.proto == bpf_htons(ETH_P_IPV6) && pi.l4_proto == IPPROTO_ICMPV6))
		slot = PROG_ICMP;
	else
		slot = PROG_OTHER;

	bpf_tail_call(ctx, &jmp_table, slot);

	/* Only reached when the slot is empty (or, on Linux, when the chain
	 * of tail calls is already 33 deep). */
	count(CNT_TAIL_CALL_FAILED);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

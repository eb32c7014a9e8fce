/* proto_count.c: counts packets and bytes per protocol; passes everything.
 *
 * Verdict: always XDP_PASS.
 *
 * Maps:
 *   proto_stats  ARRAY indexed by enum proto_class, value struct counter
 *                { packets, bytes }.  Every frame is counted in exactly
 *                one class, by what is inside its VLAN tags if it has any;
 *                a tagged frame is counted again in CLASS_VLAN, so the
 *                classes other than CLASS_VLAN add up to the total.
 *                A frame is CLASS_MALFORMED when it is shorter than its
 *                Ethernet and VLAN headers, has more tags than
 *                max_vlan_tags, or carries an IPv4 or IPv6 header that is
 *                truncated, has the wrong version, an IHL below 5, or a
 *                length beyond the frame, or a TCP, UDP or ICMP header cut
 *                short by the frame or the IP length, or a TCP data offset
 *                below 5.
 *   .bss         total_packets, total_bytes: every frame seen.
 *   .data        max_vlan_tags = 2: how many VLAN tags (802.1Q, 802.1ad)
 *                are looked through; a host may lower it at run time by
 *                writing the .data map.
 *
 * Bytes are the frame's length as the program sees it (data_end - data,
 * without the FCS).  Fragments after the first are counted under their
 * protocol without looking for a header.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/icmpv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum proto_class {
	CLASS_ARP,
	CLASS_IPV4_TCP,
	CLASS_IPV4_UDP,
	CLASS_IPV4_ICMP,
	CLASS_IPV4_OTHER,
	CLASS_IPV6_TCP,
	CLASS_IPV6_UDP,
	CLASS_ICMPV6,
	CLASS_IPV6_OTHER,
	CLASS_VLAN,         /* tagged frames, also counted by their contents */
	CLASS_OTHER,        /* any other ethertype */
	CLASS_MALFORMED,
	CLASS_MAX
};

struct counter {
	__u64 packets;
	__u64 bytes;
};

/* linux/icmp.h includes glibc's <sys/socket.h> (through linux/if.h),
 * which a -target bpf build cannot use without the 32-bit glibc headers;
 * ICMP's fixed header is all a counter needs. */
struct icmp_hdr {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 sequence;
};

struct vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

/* The most tags the loop below is built for; max_vlan_tags may ask for
 * fewer. */
#define VLAN_TAGS_LIMIT 2

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLASS_MAX);
	__type(key, __u32);
	__type(value, struct counter);
} proto_stats SEC(".maps");

/* .bss: zero at load */
__u64 total_packets;
__u64 total_bytes;

/* .data: a setting the host may change while the program runs */
__u32 max_vlan_tags = VLAN_TAGS_LIMIT;

static __always_inline void count(__u32 class, __u64 bytes)
{
	struct counter *c = bpf_map_lookup_elem(&proto_stats, &class);

	if (c) {
		__sync_fetch_and_add(&c->packets, 1);
		__sync_fetch_and_add(&c->bytes, bytes);
	}
}

/* Whether an L4 header of hdr_len bytes at l4_off fits both the frame
 * and the IP datagram, which ends at ip_end. */
static __always_inline int l4_fits(void *data, void *data_end, __u32 l4_off,
				   __u32 hdr_len, __u32 ip_end)
{
	/* hdr_len is one of a few constants: the verifier sees each apart */
	return data + l4_off + hdr_len <= data_end && l4_off + hdr_len <= ip_end;
}

/* A TCP header: it fits, and its data offset covers at least itself. */
static __always_inline int tcp_fits(void *data, void *data_end, __u32 l4_off, __u32 ip_end)
{
	struct tcphdr *th = data + l4_off;

	if (!l4_fits(data, data_end, l4_off, sizeof(*th), ip_end))
		return 0;
	return th->doff >= 5;
}

static __always_inline __u32 classify_ipv4(void *data, void *data_end, __u32 l3_off)
{
	struct iphdr *iph = data + l3_off;
	__u32 hlen, tot_len, l4_off, ip_end;

	if ((void *)(iph + 1) > data_end)
		return CLASS_MALFORMED;
	if (iph->version != 4 || iph->ihl < 5)
		return CLASS_MALFORMED;
	hlen = iph->ihl * 4;
	tot_len = bpf_ntohs(iph->tot_len);
	if (tot_len < hlen || (void *)iph + tot_len > data_end)
		return CLASS_MALFORMED;
	l4_off = l3_off + hlen;
	ip_end = l3_off + tot_len;
	/* a later fragment has no L4 header: count it by protocol */
	if (iph->frag_off & bpf_htons(0x1fff))
		ip_end = 0;

	switch (iph->protocol) {
	case IPPROTO_TCP:
		if (ip_end && !tcp_fits(data, data_end, l4_off, ip_end))
			return CLASS_MALFORMED;
		return CLASS_IPV4_TCP;
	case IPPROTO_UDP:
		if (ip_end && !l4_fits(data, data_end, l4_off, sizeof(struct udphdr), ip_end))
			return CLASS_MALFORMED;
		return CLASS_IPV4_UDP;
	case IPPROTO_ICMP:
		if (ip_end && !l4_fits(data, data_end, l4_off, sizeof(struct icmp_hdr), ip_end))
			return CLASS_MALFORMED;
		return CLASS_IPV4_ICMP;
	default:
		return CLASS_IPV4_OTHER;
	}
}

static __always_inline __u32 classify_ipv6(void *data, void *data_end, __u32 l3_off)
{
	struct ipv6hdr *ip6h = data + l3_off;
	__u32 l4_off = l3_off + sizeof(*ip6h), plen, ip_end;

	if ((void *)(ip6h + 1) > data_end)
		return CLASS_MALFORMED;
	if (ip6h->version != 6)
		return CLASS_MALFORMED;
	plen = bpf_ntohs(ip6h->payload_len);
	if ((void *)(ip6h + 1) + plen > data_end)
		return CLASS_MALFORMED;
	ip_end = l4_off + plen;

	/* Only the next header proper: a counter does not need to walk
	 * extension headers, which then count as "other". */
	switch (ip6h->nexthdr) {
	case IPPROTO_TCP:
		if (!tcp_fits(data, data_end, l4_off, ip_end))
			return CLASS_MALFORMED;
		return CLASS_IPV6_TCP;
	case IPPROTO_UDP:
		if (!l4_fits(data, data_end, l4_off, sizeof(struct udphdr), ip_end))
			return CLASS_MALFORMED;
		return CLASS_IPV6_UDP;
	case IPPROTO_ICMPV6:
		if (!l4_fits(data, data_end, l4_off, sizeof(struct icmp6hdr), ip_end))
			return CLASS_MALFORMED;
		return CLASS_ICMPV6;
	default:
		return CLASS_IPV6_OTHER;
	}
}

SEC("xdp")
int xdp_proto_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 bytes = data_end - data;
	struct ethhdr *eth = data;
	__u32 l3_off = sizeof(*eth);
	__u32 class, tags = 0, max_tags = max_vlan_tags;
	__u16 proto;

	__sync_fetch_and_add(&total_packets, 1);
	__sync_fetch_and_add(&total_bytes, bytes);

	if ((void *)(eth + 1) > data_end) {
		count(CLASS_MALFORMED, bytes);
		return XDP_PASS;
	}
	proto = eth->h_proto;

	for (tags = 0; tags < VLAN_TAGS_LIMIT && tags < max_tags; tags++) {
		struct vlan_hdr *vh = data + l3_off;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > data_end)
			break;  /* proto is still a VLAN type: malformed below */
		proto = vh->encap_proto;
		l3_off += sizeof(*vh);
	}

	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD))
		class = CLASS_MALFORMED;  /* truncated tag or too many tags */
	else if (proto == bpf_htons(ETH_P_ARP))
		class = CLASS_ARP;
	else if (proto == bpf_htons(ETH_P_IP))
		class = classify_ipv4(data, data_end, l3_off);
	else if (proto == bpf_htons(ETH_P_IPV6))
		class = classify_ipv6(data, data_end, l3_off);
	else
		class = CLASS_OTHER;

	count(class, bytes);
	if (tags)
		count(CLASS_VLAN, bytes);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

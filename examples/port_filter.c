/* port_filter.c: an XDP firewall that lets TCP and UDP through only to
 * allowed destination ports.
 *
 * A stateless filter in front of a server: it looks at destination ports
 * only, so replies to connections the server opens itself pass only if
 * their ports are allowed too.  It walks up to four IPv6 extension
 * headers (hop-by-hop, routing, fragment, destination options, AH), so
 * that none can hide the transport header from it.
 *
 * Verdicts:
 *   - IPv4 and IPv6 TCP/UDP: XDP_PASS when the destination port is
 *     allowed for that protocol, else XDP_DROP;
 *   - ARP, ICMP, ICMPv6, other IP protocols and other ethertypes: XDP_PASS;
 *   - malformed frames: XDP_DROP (a frame shorter than its Ethernet and
 *     VLAN headers, more than two VLAN tags, an IPv4 header that is
 *     truncated, has a version other than 4, an IHL below 5 or a total
 *     length below its header or beyond the frame, an IPv6 header that is
 *     truncated, whose payload runs past the frame or that has more than
 *     four extension headers, a TCP or UDP header cut short by the frame
 *     or the IP length, a TCP data offset below 5), and fragments after
 *     the first of TCP/UDP, whose ports cannot be seen.
 *
 * Maps:
 *   allowed_ports  HASH, key __u16 destination port (host order), value
 *                  __u8: ALLOW_TCP | ALLOW_UDP bits.  A port in the map is
 *                  allowed for exactly the protocols its bits name (0
 *                  denies it for both).  A port not in the map falls back
 *                  to default_tcp_ports: TCP to 22, 80 and 443 passes,
 *                  everything else is dropped.  BTF-defined maps cannot
 *                  be initialised in the object, hence the defaults.
 *   drop_stats     ARRAY of __u64, one counter per enum drop_reason.
 *   .rodata        default_tcp_ports; `const volatile` so that clang reads
 *                  it from the map instead of folding it, and a loader may
 *                  change it before it loads the program (libbpf's idiom
 *                  for load-time configuration).
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

#define ALLOW_TCP 1
#define ALLOW_UDP 2

/* Counting every reason apart tells "the policy said no" from "the frame
 * was garbage" when reading drop_stats. */
enum drop_reason {
	DROP_TCP_PORT,      /* TCP to a port that is not allowed */
	DROP_UDP_PORT,      /* UDP to a port that is not allowed */
	DROP_RUNT,          /* shorter than its Ethernet / VLAN headers */
	DROP_VLAN_DEPTH,    /* more than two VLAN tags */
	DROP_BAD_IPV4,      /* truncated, wrong version, IHL < 5, bad length */
	DROP_BAD_IPV6,      /* truncated, bad payload length, too many ext headers */
	DROP_BAD_L4,        /* TCP/UDP header truncated, TCP doff < 5 */
	DROP_FRAGMENT,      /* a later fragment: no ports to check */
	DROP_REASONS
};

/* 802.1Q / 802.1ad tag; the uapi headers do not export one. */
struct vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

/* IPv6 extension headers share this start (except the fragment header,
 * whose second byte is reserved, and AH, which counts in 4-byte units). */
struct ipv6_opt_hdr_start {
	__u8 nexthdr;
	__u8 hdrlen;
};

struct ipv6_frag_hdr {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;    /* offset in 8-byte units << 3 | M flag */
	__be32 identification;
};

#define MAX_VLAN_TAGS 2
#define MAX_IPV6_EXT  4

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u16);
	__type(value, __u8);
} allowed_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, DROP_REASONS);
	__type(key, __u32);
	__type(value, __u64);
} drop_stats SEC(".maps");

/* TCP ports allowed when allowed_ports has no entry for the port. */
const volatile __u16 default_tcp_ports[] = { 22, 80, 443 };

/* The parsing functions below return PASS or the reason to drop, so that
 * the program counts and drops in one place. */
#define PASS (-1)

static __always_inline int port_allowed(__u16 port, __u8 proto_bit)
{
	__u8 *allow = bpf_map_lookup_elem(&allowed_ports, &port);
	unsigned int i;

	if (allow)
		return (*allow & proto_bit) != 0;
	if (proto_bit != ALLOW_TCP)
		return 0;
	for (i = 0; i < sizeof(default_tcp_ports) / sizeof(default_tcp_ports[0]); i++)
		if (default_tcp_ports[i] == port)
			return 1;
	return 0;
}

/* Checks the TCP or UDP header at l4_off (which must end by ip_end, the
 * end of the IP datagram) and decides by its destination port. */
static __always_inline int filter_l4(void *data, void *data_end, __u8 proto,
				     __u32 l4_off, __u32 ip_end)
{
	if (proto == IPPROTO_TCP) {
		struct tcphdr *th = data + l4_off;

		if ((void *)(th + 1) > data_end || l4_off + sizeof(*th) > ip_end)
			return DROP_BAD_L4;
		if (th->doff < 5)
			return DROP_BAD_L4;
		return port_allowed(bpf_ntohs(th->dest), ALLOW_TCP) ? PASS : DROP_TCP_PORT;
	}
	if (proto == IPPROTO_UDP) {
		struct udphdr *uh = data + l4_off;

		if ((void *)(uh + 1) > data_end || l4_off + sizeof(*uh) > ip_end)
			return DROP_BAD_L4;
		return port_allowed(bpf_ntohs(uh->dest), ALLOW_UDP) ? PASS : DROP_UDP_PORT;
	}
	/* ICMP, ICMPv6 and every other protocol */
	return PASS;
}

static __always_inline int filter_ipv4(void *data, void *data_end, __u32 l3_off)
{
	struct iphdr *iph = data + l3_off;
	__u32 hlen, tot_len;

	if ((void *)(iph + 1) > data_end)
		return DROP_BAD_IPV4;
	if (iph->version != 4 || iph->ihl < 5)
		return DROP_BAD_IPV4;
	hlen = iph->ihl * 4;
	tot_len = bpf_ntohs(iph->tot_len);
	/* The frame may be longer than the datagram (Ethernet pads to 60
	 * bytes), never shorter. */
	if (tot_len < hlen || (void *)iph + tot_len > data_end)
		return DROP_BAD_IPV4;
	if (iph->protocol != IPPROTO_TCP && iph->protocol != IPPROTO_UDP)
		return PASS;
	/* Only the first fragment carries the ports. */
	if (iph->frag_off & bpf_htons(0x1fff))
		return DROP_FRAGMENT;
	return filter_l4(data, data_end, iph->protocol, l3_off + hlen, l3_off + tot_len);
}

static __always_inline int ipv6_ext_hdr(__u8 nexthdr)
{
	return nexthdr == IPPROTO_HOPOPTS || nexthdr == IPPROTO_ROUTING ||
	       nexthdr == IPPROTO_DSTOPTS || nexthdr == IPPROTO_FRAGMENT ||
	       nexthdr == IPPROTO_AH;
}

static __always_inline int filter_ipv6(void *data, void *data_end, __u32 l3_off)
{
	struct ipv6hdr *ip6h = data + l3_off;
	__u32 off, ip_end, plen;
	__u8 nexthdr;
	int i;

	if ((void *)(ip6h + 1) > data_end)
		return DROP_BAD_IPV6;
	if (ip6h->version != 6)
		return DROP_BAD_IPV6;
	plen = bpf_ntohs(ip6h->payload_len);
	if ((void *)(ip6h + 1) + plen > data_end)
		return DROP_BAD_IPV6;
	ip_end = l3_off + sizeof(*ip6h) + plen;
	nexthdr = ip6h->nexthdr;
	off = l3_off + sizeof(*ip6h);

	/* Walk the extension headers that may stand before TCP or UDP, so
	 * that they cannot hide a port from the filter.  A loop the verifier
	 * walks (Linux 5.3 and later) rather than four unrolled copies. */
#pragma clang loop unroll(disable)
	for (i = 0; i < MAX_IPV6_EXT && ipv6_ext_hdr(nexthdr); i++) {
		struct ipv6_opt_hdr_start *opt = data + off;
		struct ipv6_frag_hdr *fh = data + off;

		if (nexthdr == IPPROTO_FRAGMENT) {
			if ((void *)(fh + 1) > data_end)
				return DROP_BAD_IPV6;
			nexthdr = fh->nexthdr;
			if (fh->frag_off & bpf_htons(0xfff8))
				return nexthdr == IPPROTO_TCP || nexthdr == IPPROTO_UDP ?
					DROP_FRAGMENT : PASS;
			off += sizeof(*fh);
			continue;
		}
		if ((void *)(opt + 1) > data_end)
			return DROP_BAD_IPV6;
		nexthdr = opt->nexthdr;
		if (nexthdr == IPPROTO_AH)
			off += (opt->hdrlen + 2) * 4;
		else
			off += (opt->hdrlen + 1) * 8;
	}
	/* Real traffic never stacks this many; refuse rather than guess. */
	if (ipv6_ext_hdr(nexthdr))
		return DROP_BAD_IPV6;
	return filter_l4(data, data_end, nexthdr, off, ip_end);
}

static __always_inline int filter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 l3_off = sizeof(*eth);
	__u16 proto;
	int i;

	if ((void *)(eth + 1) > data_end)
		return DROP_RUNT;
	proto = eth->h_proto;

	for (i = 0; i < MAX_VLAN_TAGS; i++) {
		struct vlan_hdr *vh = data + l3_off;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > data_end)
			return DROP_RUNT;
		proto = vh->encap_proto;
		l3_off += sizeof(*vh);
	}
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD))
		return DROP_VLAN_DEPTH;

	if (proto == bpf_htons(ETH_P_IP))
		return filter_ipv4(data, data_end, l3_off);
	if (proto == bpf_htons(ETH_P_IPV6))
		return filter_ipv6(data, data_end, l3_off);
	/* ARP and everything else that is not IP */
	return PASS;
}

SEC("xdp")
int xdp_port_filter(struct xdp_md *ctx)
{
	__u32 reason;
	__u64 *cnt;
	int ret;

	ret = filter(ctx);
	if (ret == PASS)
		return XDP_PASS;
	reason = ret;
	cnt = bpf_map_lookup_elem(&drop_stats, &reason);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

/* ringbuf_log.c: logs connection attempts and pings into a ring buffer.
 *
 * For every TCP SYN (SYN set, ACK clear) and every ICMP or ICMPv6 echo
 * request, over IPv4 or IPv6 and behind up to two VLAN tags, it writes a
 * struct event into the ring buffer `events`:
 *   - a SYN with bpf_ringbuf_reserve + bpf_ringbuf_submit (the record is
 *     filled where it lies in the ring), plus a line of bpf_printk;
 *   - an echo request with bpf_ringbuf_output (a copy of a record built
 *     on the stack), forcing a wakeup of the reader when a quarter of the
 *     ring is waiting (bpf_ringbuf_query).
 * Anything else, malformed packets included (truncated or inconsistent
 * headers, IHL or TCP data offset below 5), is not logged.
 *
 * Verdict: always XDP_PASS.
 *
 * Maps:
 *   events  RINGBUF of 16 KiB; records are struct event (56 bytes).
 *   stats   ARRAY of __u64 by enum stat: records written, and records lost
 *           because the ring was full (reserve or output failed).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/icmpv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* linux/icmp.h includes glibc's <sys/socket.h> (through linux/if.h),
 * which a -target bpf build cannot use without the 32-bit glibc headers;
 * the echo header is all this needs. */
struct icmp_echo_hdr {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 sequence;
};

#define ICMP_ECHO_REQUEST 8

struct vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

enum event_kind {
	EVENT_NONE,
	EVENT_TCP_SYN,
	EVENT_ECHO_REQUEST,
};

/* One record of the ring; numbers in host order, addresses as on the
 * wire. */
struct event {
	__u32 kind;        /* enum event_kind */
	__u32 ifindex;     /* xdp_md.ingress_ifindex */
	__u32 pkt_len;     /* bytes of the frame */
	__u16 ethertype;   /* ETH_P_IP or ETH_P_IPV6 */
	__u8 ip_proto;     /* IPPROTO_TCP, IPPROTO_ICMP or IPPROTO_ICMPV6 */
	__u8 tcp_flags;    /* TCP: header byte 13 (CWR ECE URG ACK PSH RST SYN FIN) */
	__u16 sport;       /* TCP ports; 0 for ICMP */
	__u16 dport;
	__u16 echo_id;     /* ICMP echo identifier and sequence; 0 for TCP */
	__u16 echo_seq;
	__be32 saddr[4];   /* IPv6, or IPv4-mapped (::ffff:a.b.c.d) */
	__be32 daddr[4];
};

enum stat {
	STAT_SYN_LOGGED,
	STAT_ECHO_LOGGED,
	STAT_SYN_LOST,     /* bpf_ringbuf_reserve failed: ring full */
	STAT_ECHO_LOST,    /* bpf_ringbuf_output failed: ring full */
	STAT_MAX
};

#define RING_SIZE (16 * 1024)   /* a power of 2 and a multiple of 4096, as Linux wants */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, RING_SIZE);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void stat_inc(__u32 which)
{
	__u64 *cnt = bpf_map_lookup_elem(&stats, &which);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
}

/* Fills the L4 part of *ev from the header at l4_off (the datagram ends
 * at ip_end) and returns the kind of event, or EVENT_NONE. */
static __always_inline __u32 parse_l4(void *data, void *data_end, struct event *ev,
				      __u32 l4_off, __u32 ip_end)
{
	if (ev->ip_proto == IPPROTO_TCP) {
		struct tcphdr *th = data + l4_off;

		if ((void *)(th + 1) > data_end || l4_off + sizeof(*th) > ip_end)
			return EVENT_NONE;
		if (th->doff < 5 || !th->syn || th->ack)
			return EVENT_NONE;
		ev->sport = bpf_ntohs(th->source);
		ev->dport = bpf_ntohs(th->dest);
		ev->tcp_flags = ((__u8 *)th)[13];
		return EVENT_TCP_SYN;
	}
	if (ev->ip_proto == IPPROTO_ICMP || ev->ip_proto == IPPROTO_ICMPV6) {
		struct icmp_echo_hdr *ih = data + l4_off;
		__u8 echo = ev->ip_proto == IPPROTO_ICMP ? ICMP_ECHO_REQUEST :
							   ICMPV6_ECHO_REQUEST;

		if ((void *)(ih + 1) > data_end || l4_off + sizeof(*ih) > ip_end)
			return EVENT_NONE;
		if (ih->type != echo || ih->code != 0)
			return EVENT_NONE;
		ev->echo_id = bpf_ntohs(ih->id);
		ev->echo_seq = bpf_ntohs(ih->sequence);
		return EVENT_ECHO_REQUEST;
	}
	return EVENT_NONE;
}

/* Fills *ev for the packet and returns the kind of event it is. */
static __always_inline __u32 parse(struct xdp_md *ctx, struct event *ev)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 l3_off = sizeof(*eth);
	__u16 proto;
	int i;

	ev->ifindex = ctx->ingress_ifindex;
	ev->pkt_len = data_end - data;
	if ((void *)(eth + 1) > data_end)
		return EVENT_NONE;
	proto = eth->h_proto;
	for (i = 0; i < 2; i++) {
		struct vlan_hdr *vh = data + l3_off;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > data_end)
			return EVENT_NONE;
		proto = vh->encap_proto;
		l3_off += sizeof(*vh);
	}
	ev->ethertype = bpf_ntohs(proto);

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = data + l3_off;
		__u32 hlen, tot_len;

		if ((void *)(iph + 1) > data_end)
			return EVENT_NONE;
		if (iph->version != 4 || iph->ihl < 5)
			return EVENT_NONE;
		hlen = iph->ihl * 4;
		tot_len = bpf_ntohs(iph->tot_len);
		if (tot_len < hlen || (void *)iph + tot_len > data_end)
			return EVENT_NONE;
		if (iph->frag_off & bpf_htons(0x1fff))
			return EVENT_NONE;  /* a later fragment: no L4 header */
		ev->ip_proto = iph->protocol;
		ev->saddr[2] = bpf_htonl(0xffff);
		ev->saddr[3] = iph->saddr;
		ev->daddr[2] = bpf_htonl(0xffff);
		ev->daddr[3] = iph->daddr;
		return parse_l4(data, data_end, ev, l3_off + hlen, l3_off + tot_len);
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6h = data + l3_off;
		__u32 plen;

		if ((void *)(ip6h + 1) > data_end)
			return EVENT_NONE;
		if (ip6h->version != 6)
			return EVENT_NONE;
		plen = bpf_ntohs(ip6h->payload_len);
		if ((void *)(ip6h + 1) + plen > data_end)
			return EVENT_NONE;
		/* no extension headers: SYNs and pings do not carry them */
		ev->ip_proto = ip6h->nexthdr;
		__builtin_memcpy(ev->saddr, &ip6h->saddr, sizeof(ev->saddr));
		__builtin_memcpy(ev->daddr, &ip6h->daddr, sizeof(ev->daddr));
		return parse_l4(data, data_end, ev, l3_off + sizeof(*ip6h),
				l3_off + sizeof(*ip6h) + plen);
	}
	return EVENT_NONE;
}

SEC("xdp")
int xdp_ringbuf_log(struct xdp_md *ctx)
{
	struct event ev = {};
	struct event *e;
	__u64 flags;

	ev.kind = parse(ctx, &ev);

	if (ev.kind == EVENT_TCP_SYN) {
		e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
		if (!e) {
			stat_inc(STAT_SYN_LOST);
			return XDP_PASS;
		}
		*e = ev;
		bpf_ringbuf_submit(e, 0);
		stat_inc(STAT_SYN_LOGGED);
		bpf_printk("SYN to port %u, %u bytes\n", ev.dport, ev.pkt_len);
	} else if (ev.kind == EVENT_ECHO_REQUEST) {
		/* By default Linux wakes the reader only when it has caught
		 * up; once a quarter of the ring is waiting, wake it anyway,
		 * before the ring fills and records are lost. */
		if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= RING_SIZE / 4)
			flags = BPF_RB_FORCE_WAKEUP;
		else
			flags = 0;
		if (bpf_ringbuf_output(&events, &ev, sizeof(ev), flags))
			stat_inc(STAT_ECHO_LOST);
		else
			stat_inc(STAT_ECHO_LOGGED);
	}
	return XDP_PASS;
}

/* Linux lets only GPL-compatible programs call bpf_trace_printk. */
char LICENSE[] SEC("license") = "GPL";

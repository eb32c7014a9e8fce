/* rate_limit.c: a token bucket per IPv4 source address.
 *
 * Every source starts with BURST tokens.  Each IPv4 packet from it costs
 * a token; with none left the packet is dropped.  A source earns one
 * token back every REFILL packets of global traffic, up to BURST.
 *
 * Verdicts: XDP_DROP for an IPv4 packet whose source has no token left;
 * XDP_PASS for everything else (other IPv4 packets, non-IPv4 frames, and
 * frames too short to hold an IPv4 header, which have no source to
 * charge).  Only the source address is read: checking the rest of the
 * header is another program's business.
 *
 * The clock is the packet count.  A real limiter would refill by
 * bpf_ktime_get_ns(), but then its verdicts would depend on when each
 * packet arrives.  Here captures are replayed offline and the device's
 * verdicts and maps are compared, packet by packet, with a reference
 * model's, whose clock has nothing to do with the device's: only a clock
 * that both derive from the packets themselves gives the same answers.
 * So "now" is the number of packets this program has seen (every frame,
 * IPv4 or not), kept in .bss, and time is measured in packets.
 *
 * Maps:
 *   buckets  LRU_HASH, key __be32 source address (as in the header),
 *            value struct bucket; 256 sources, the least recently seen
 *            one forgotten (and so given a full bucket again) when a
 *            new one arrives.
 *   stats    ARRAY of __u64 by enum stat: passed, dropped, new sources.
 *   .bss     now: the packet clock.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define BURST   8    /* tokens a source may spend at once */
#define REFILL  16   /* packets of global traffic per token earned */

struct bucket {
	__u64 tokens;
	__u64 last;      /* "time" (packet count) of the last refill */
};

enum stat {
	STAT_PASSED,     /* IPv4 packets within their source's budget */
	STAT_DROPPED,    /* IPv4 packets over it */
	STAT_NEW_SOURCE, /* sources (re)entered in buckets */
	STAT_MAX
};

struct vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 256);
	__type(key, __be32);
	__type(value, struct bucket);
} buckets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

/* The packet clock. */
__u64 now;

static __always_inline void stat_inc(__u32 which)
{
	__u64 *cnt = bpf_map_lookup_elem(&stats, &which);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
}

/* Spends one of saddr's tokens at time t: 1 if it had one, else 0. */
static __always_inline int take_token(__be32 saddr, __u64 t)
{
	struct bucket *b = bpf_map_lookup_elem(&buckets, &saddr);
	__u64 earned;

	if (!b) {
		struct bucket fresh = { .tokens = BURST - 1, .last = t };

		/* A full map evicts its least recently used source rather
		 * than failing, so this only fails if something is very
		 * wrong; then the packet passes, uncounted by the bucket. */
		bpf_map_update_elem(&buckets, &saddr, &fresh, BPF_ANY);
		stat_inc(STAT_NEW_SOURCE);
		return 1;
	}

	/* Whole tokens earned since the last refill; the part of a REFILL
	 * period already elapsed is kept by advancing last by whole
	 * periods only. */
	earned = (t - b->last) / REFILL;
	if (earned) {
		b->last += earned * REFILL;
		if (earned >= BURST || b->tokens + earned >= BURST)
			b->tokens = BURST;
		else
			b->tokens += earned;
	}
	if (b->tokens == 0)
		return 0;
	b->tokens--;
	return 1;
}

SEC("xdp")
int xdp_rate_limit(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	__u32 l3_off = sizeof(*eth);
	__u16 proto;
	__u64 t;
	int i;

	/* Every frame ticks the clock, before anything can return. */
	t = __sync_add_and_fetch(&now, 1);

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	proto = eth->h_proto;
	for (i = 0; i < 2; i++) {
		struct vlan_hdr *vh = data + l3_off;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > data_end)
			return XDP_PASS;
		proto = vh->encap_proto;
		l3_off += sizeof(*vh);
	}
	if (proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	iph = data + l3_off;
	if ((void *)(iph + 1) > data_end)
		return XDP_PASS;

	if (!take_token(iph->saddr, t)) {
		stat_inc(STAT_DROPPED);
		return XDP_DROP;
	}
	stat_inc(STAT_PASSED);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

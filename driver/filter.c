/* filter.c: tcpdump filters on the device -- libpcap's classic BPF,
 * translated (cbpf.c), checked and loaded, and packets run through it
 * with only the bytes the filter reads crossing the link
 * (docs/bpfsoc.md, "filter").
 *
 * A packet crosses as its first min(caplen, snap) bytes, snap being the
 * translator's bound on the filter's loads (every load ends at or before
 * it, so a load is inside the packet on the device exactly when it is
 * inside the captured packet), behind its 4-byte little-endian wire
 * length when the filter reads BPF_LEN.  A packet whose bytes do not fit
 * the device's largest packet (an unbounded filter on a long frame) is
 * decided on the host by libpcap's own bpf_filter, and counted so.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsoc_proto.h"
#include "cbpf.h"
#include "internal.h"

#define FILTER_CHUNK 4096           /* packets a device run at most */
#define FILTER_BUF (1u << 20)       /* bytes of prefixed copies a run at most */

struct bpfsoc_filter {
	struct bpfsoc_device *dev;
	struct bpf_insn *cbpf;      /* the classic program: the host's fallback */
	unsigned n_cbpf;
	uint64_t *insns;
	size_t n_insns;
	struct bpfsoc_cbpf_info info;
	int prog_id;
	uint32_t budget;
	uint32_t packet_max;
	int warned;
	int no_loads;               /* the filter reads no packet byte */
	/* a chunk's packets as they cross */
	const uint8_t **pkts;
	uint16_t *lens;
	uint8_t *buf;               /* prefixed copies */
	size_t *idx;                /* the chunk's i-th device packet is packet idx[i] */
	struct bpfsoc_run_result *res;
};

int bpfsoc_filter__load(struct bpfsoc_device *dev, const struct bpf_insn *prog, unsigned n,
			const struct bpfsoc_filter_opts *opts, struct bpfsoc_filter **out)
{
	const char *name = OPTS_GET(opts, name, NULL);
	struct bpfsoc_filter *f = calloc(1, sizeof(*f));
	char err[512] = "";
	int rc;

	*out = NULL;
	if (!f)
		return -ENOMEM;
	if (!name)
		name = "pcap_filter";
	f->dev = dev;
	f->budget = OPTS_GET(opts, budget, 0);
	f->packet_max = bpfsoc_device_cached_info(dev)->packet_max;
	f->cbpf = malloc((n ? n : 1) * sizeof(*prog));
	f->pkts = malloc(FILTER_CHUNK * sizeof(*f->pkts));
	f->lens = malloc(FILTER_CHUNK * sizeof(*f->lens));
	f->idx = malloc(FILTER_CHUNK * sizeof(*f->idx));
	f->res = malloc(FILTER_CHUNK * sizeof(*f->res));
	f->buf = malloc(FILTER_BUF);
	if (!f->cbpf || !f->pkts || !f->lens || !f->idx || !f->res || !f->buf) {
		bpfsoc_filter__close(f);
		return -ENOMEM;
	}
	memcpy(f->cbpf, prog, n * sizeof(*prog));
	f->n_cbpf = n;

	/* without the wire length first; with it when the filter reads it */
	LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, co, .len_prefix = false);
	rc = bpfsoc_cbpf_translate(prog, n, &co, &f->insns, &f->n_insns, &f->info, err, sizeof(err));
	if (!rc && f->info.uses_len) {
		free(f->insns);
		f->insns = NULL;
		co.len_prefix = true;
		rc = bpfsoc_cbpf_translate(prog, n, &co, &f->insns, &f->n_insns, &f->info, err,
					   sizeof(err));
	}
	if (rc) {
		pr_warn("the filter's classic BPF: %s\n", err[0] ? err : strerror(-rc));
		bpfsoc_filter__close(f);
		return rc;
	}
	/* no packet load at all (`len > 100`): no packet byte needs to cross */
	f->no_loads = !f->info.reads_packet;
	rc = bpfsoc_device__prog_load(dev, name, f->insns, f->n_insns, NULL);
	if (rc < 0) {
		bpfsoc_filter__close(f);
		return rc;
	}
	f->prog_id = rc;
	*out = f;
	return 0;
}

void bpfsoc_filter__close(struct bpfsoc_filter *f)
{
	if (!f)
		return;
	free(f->cbpf);
	free(f->insns);
	free(f->pkts);
	free(f->lens);
	free(f->buf);
	free(f->idx);
	free(f->res);
	free(f);
}

int bpfsoc_filter__prog_id(const struct bpfsoc_filter *f)
{
	return f->prog_id;
}

uint32_t bpfsoc_filter__snap_len(const struct bpfsoc_filter *f)
{
	return f->no_loads ? 0 : f->info.snap_needed;
}

int bpfsoc_filter__reads_packet(const struct bpfsoc_filter *f)
{
	return !f->no_loads;
}

int bpfsoc_filter__uses_wire_len(const struct bpfsoc_filter *f)
{
	return f->info.uses_len;
}

const uint64_t *bpfsoc_filter__insns(const struct bpfsoc_filter *f, size_t *cnt)
{
	if (cnt)
		*cnt = f->n_insns;
	return f->insns;
}

/* libpcap's verdict, on the host */
static int host_verdict(const struct bpfsoc_filter *f, const struct bpfsoc_filter_packet *p)
{
	return bpf_filter(f->cbpf, p->data, p->wirelen, p->caplen) != 0;
}

int bpfsoc_filter__run(struct bpfsoc_filter *f, const struct bpfsoc_filter_packet *pkts, size_t n,
		       uint8_t *accept, struct bpfsoc_filter_stats *st)
{
	uint32_t pre = f->info.uses_len ? 4 : 0, snap = f->info.snap_needed;
	LIBBPFSOC_OPTS(bpfsoc_run_opts, ro, .budget = f->budget, .pipeline = 1);
	struct bpfsoc_filter_stats dummy;

	if (!st)
		st = &dummy;
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		uint8_t *b = f->buf;

		/* the next chunk: what each packet sends, or the host decides */
		for (; i < n && k < FILTER_CHUNK; i++) {
			const struct bpfsoc_filter_packet *p = &pkts[i];
			uint32_t len = f->no_loads ? 0 : snap && snap < p->caplen ? snap : p->caplen;

			if (len > f->packet_max - pre) {
				accept[i] = (uint8_t)host_verdict(f, p);
				st->on_host++;
				continue;
			}
			if (pre && (size_t)(b - f->buf) + pre + len > FILTER_BUF)
				break;   /* the copies' buffer is full: run what it holds */
			if (pre) {
				uint32_t w = p->wirelen;
				memcpy(b, &(uint8_t[4]){(uint8_t)w, (uint8_t)(w >> 8), (uint8_t)(w >> 16),
							 (uint8_t)(w >> 24)}, 4);
				memcpy(b + 4, p->data, len);
				f->pkts[k] = b;
				b += pre + len;
			} else {
				f->pkts[k] = p->data;
			}
			f->lens[k] = (uint16_t)(pre + len);
			f->idx[k] = i;
			st->link_bytes += pre + len;
			k++;
		}
		if (!k)
			continue;
		uint64_t soc = 0;
		int rc = bpfsoc_device__run(f->dev, (unsigned)f->prog_id, f->pkts, f->lens, k, &ro,
					    f->res, &soc);
		if (rc)
			return rc;
		st->soc_cycles += soc;
		st->device += k;
		for (size_t j = 0; j < k; j++) {
			const struct bpfsoc_run_result *r = &f->res[j];
			size_t at = f->idx[j];

			st->cycles += r->cycles;
			if (!r->fault && r->verdict == BPFSOC_XDP_PASS) {
				accept[at] = 1;
			} else if (!r->fault && r->verdict == BPFSOC_XDP_DROP) {
				accept[at] = 0;
			} else {
				/* never a wrong verdict: libpcap decides, and we say so */
				if (!f->warned++)
					pr_warn("%s: the filter's program %d answered %s (fault %u, r0 %u) on "
						"a packet of %u bytes: decided on the host; please report "
						"this translator bug\n", bpfsoc_device__uri(f->dev),
						f->prog_id, r->verdict < 5 ? (const char *[]){"XDP_ABORTED",
						"XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"}[r->verdict]
						: "?", r->fault, r->r0, pkts[at].caplen);
				accept[at] = (uint8_t)host_verdict(f, &pkts[at]);
				st->faults++;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		st->packets++;
		if (accept[i])
			st->accepted++;
		else
			st->rejected++;
	}
	return 0;
}

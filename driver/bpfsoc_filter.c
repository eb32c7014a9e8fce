/* bpfsoc_filter.c: bpfsoc filter -- a tcpdump filter expression run on the
 * device, over a capture (-r) or an interface (-i) (docs/bpfsoc.md,
 * "filter").
 *
 * libpcap compiles the expression for the capture's link type; the
 * library translates it to eBPF, checks and loads it (bpfsoc_filter__*),
 * and sends each packet's first bytes -- as many as the filter reads --
 * to the device.  Accepted packets go to -w as they were captured, or to
 * stdout one line each.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bpfsoc_cli.h"
#include "cbpf.h"

static const char filter_help[] =
	"usage: bpfsoc filter [-r IN.pcap | -i IFACE] [-w OUT.pcap] [-c COUNT] [-s SNAPLEN]\n"
	"                     [--dump] [-F FILE | EXPRESSION...]\n"
	"\n"
	"  Runs a tcpdump filter expression (pcap-filter(7)) on the device: libpcap\n"
	"  compiles it for the link type, the device decides every packet.\n"
	"\n"
	"  -r IN.pcap   read packets from a capture (pcap or pcapng; - for stdin)\n"
	"  -i IFACE     capture live on an interface (promiscuous)\n"
	"  -w OUT.pcap  write the accepted packets as they were captured (time stamps,\n"
	"               lengths, bytes); without it, one line an accepted packet on stdout\n"
	"  -c COUNT     stop after COUNT accepted packets\n"
	"  -s SNAPLEN   live: bytes captured a packet (default 262144); with -r, the\n"
	"               bytes of each accepted packet written to -w\n"
	"  -F FILE      the expression from FILE\n"
	"  --dump       print the classic BPF and the eBPF it became, side by side; exit\n"
	"\n"
	"  Only the bytes the filter reads cross the link (its snap length), with the\n"
	"  packet's wire length when the filter reads `len`.  Counts (seen, accepted,\n"
	"  rejected), device cycles a packet and packets/s go to stderr (--json: stdout).\n"
	"\n"
	"  examples:  bpfsoc filter -r in.pcap -w web.pcap tcp port 80\n"
	"             bpfsoc filter -i eth0 -c 10 'udp and (port 53 or port 5353)'\n";

static volatile sig_atomic_t stop;
static pcap_t *live_p;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
	if (live_p)
		pcap_breakloop(live_p);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static unsigned long parse_num(const char *s, int *bad)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (!*s || *end || errno || s[0] == '-')
		*bad = 1;
	return v;
}

/* ---- one line a packet: time, then what its headers say ---- */

static unsigned g16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void ports(char *out, size_t len, const uint8_t *l4, size_t n, unsigned proto,
		  const char *src, const char *dst)
{
	static const char *const names[256] = {[1] = "ICMP", [2] = "IGMP", [6] = "TCP", [17] = "UDP",
					       [47] = "GRE", [50] = "ESP", [58] = "ICMP6",
					       [89] = "OSPF", [132] = "SCTP"};
	if ((proto == 6 || proto == 17 || proto == 132) && n >= 4)
		snprintf(out, len, "%s.%u > %s.%u: %s", src, g16(l4), dst, g16(l4 + 2), names[proto]);
	else if (names[proto])
		snprintf(out, len, "%s > %s: %s", src, dst, names[proto]);
	else
		snprintf(out, len, "%s > %s: ip-proto-%u", src, dst, proto);
}

static void describe(char *out, size_t len, int linktype, const uint8_t *p, size_t n)
{
	char s[64], d[64];
	size_t off = 14;
	unsigned et;

	snprintf(out, len, "link-type %d", linktype);
	if (linktype != DLT_EN10MB || n < 14)
		return;
	et = g16(p + 12);
	while ((et == 0x8100 || et == 0x88a8) && n >= off + 4) {
		et = g16(p + off + 2);
		off += 4;
	}
	if (et == 0x0800 && n >= off + 20) {
		const uint8_t *ip = p + off;
		size_t hl = (size_t)(ip[0] & 15) * 4;
		snprintf(s, sizeof(s), "%u.%u.%u.%u", ip[12], ip[13], ip[14], ip[15]);
		snprintf(d, sizeof(d), "%u.%u.%u.%u", ip[16], ip[17], ip[18], ip[19]);
		char rest[200];
		ports(rest, sizeof(rest), ip + hl, n > off + hl ? n - off - hl : 0, ip[9], s, d);
		snprintf(out, len, "IP %s", rest);
	} else if (et == 0x86dd && n >= off + 40) {
		const uint8_t *ip = p + off;
		int k = 0;
		for (int a = 0; a < 2; a++) {
			char *o = a ? d : s;
			k = 0;
			for (int i = 0; i < 8; i++)
				k += snprintf(o + k, 64 - (size_t)k, "%s%x", i ? ":" : "",
					      g16(ip + 8 + 16 * a + 2 * i));
		}
		char rest[200];
		ports(rest, sizeof(rest), ip + 40, n - off - 40, ip[6], s, d);
		snprintf(out, len, "IP6 %s", rest);
	} else if (et == 0x0806 && n >= off + 28) {
		const uint8_t *a = p + off;
		snprintf(out, len, "ARP, %s %u.%u.%u.%u tell %u.%u.%u.%u",
			 g16(a + 6) == 1 ? "Request who-has" : g16(a + 6) == 2 ? "Reply" : "op",
			 a[24], a[25], a[26], a[27], a[14], a[15], a[16], a[17]);
	} else {
		snprintf(out, len, "%02x:%02x:%02x:%02x:%02x:%02x > %02x:%02x:%02x:%02x:%02x:%02x, "
			 "ethertype 0x%04x", p[6], p[7], p[8], p[9], p[10], p[11], p[0], p[1], p[2],
			 p[3], p[4], p[5], et);
	}
}

static void print_packet(int linktype, const struct pcap_pkthdr *h, const uint8_t *data, int nano)
{
	char what[300];
	time_t t = h->ts.tv_sec;
	struct tm tm;

	localtime_r(&t, &tm);
	describe(what, sizeof(what), linktype, data, h->caplen);
	printf("%02d:%02d:%02d.%0*ld %s, length %u\n", tm.tm_hour, tm.tm_min, tm.tm_sec,
	       nano ? 9 : 6, (long)h->ts.tv_usec, what, h->len);
}

/* ---- the run ---- */

struct run {
	struct cli *c;
	struct bpfsoc_filter *f;
	pcap_dumper_t *dump;
	int linktype, nano;
	uint32_t out_snap;          /* -s with -r: bytes written a packet (0: all) */
	uint64_t limit;             /* -c (0: none) */
	uint64_t seen, accepted, rejected, captured_bytes;
	struct bpfsoc_filter_stats st;
	int done;
	/* a batch */
	struct pcap_pkthdr *hdrs;
	uint8_t **data;
	size_t *cap;                /* bytes allocated at data[i] */
	struct bpfsoc_filter_packet *pk;
	uint8_t *acc;
	size_t n, max;
};

static int batch_add(struct run *r, const struct pcap_pkthdr *h, const uint8_t *data)
{
	size_t i = r->n;

	if (r->cap[i] < h->caplen || !r->data[i]) {
		free(r->data[i]);
		r->cap[i] = h->caplen > 2048 ? h->caplen : 2048;
		if (!(r->data[i] = malloc(r->cap[i])))
			return -ENOMEM;
	}
	memcpy(r->data[i], data, h->caplen);
	r->hdrs[i] = *h;
	r->pk[i].data = r->data[i];
	r->pk[i].caplen = h->caplen;
	r->pk[i].wirelen = h->len;
	r->n++;
	return 0;
}

/* The batch through the device, then its accepted packets out */
static int batch_run(struct run *r)
{
	int rc;

	if (!r->n)
		return 0;
	rc = bpfsoc_filter__run(r->f, r->pk, r->n, r->acc, &r->st);
	if (rc)
		return fail("filter: the device run failed (%s)", strerror(-rc));
	for (size_t i = 0; i < r->n && !r->done; i++) {
		r->seen++;
		r->captured_bytes += r->hdrs[i].caplen;
		if (!r->acc[i]) {
			r->rejected++;
			continue;
		}
		r->accepted++;
		if (r->dump) {
			struct pcap_pkthdr h = r->hdrs[i];
			if (r->out_snap && h.caplen > r->out_snap)
				h.caplen = r->out_snap;
			pcap_dump((u_char *)r->dump, &h, r->data[i]);
		} else if (!r->c->json) {
			print_packet(r->linktype, &r->hdrs[i], r->data[i], r->nano);
		}
		if (r->limit && r->accepted >= r->limit)
			r->done = 1;
	}
	if (r->dump)
		pcap_dump_flush(r->dump);
	else
		fflush(stdout);
	r->n = 0;
	return 0;
}

/* Whether a pcap file's time stamps are in nanoseconds (its magic) */
static int file_is_nano(const char *path)
{
	uint8_t m[4];
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : NULL;
	int nano = 0;

	if (f && fread(m, 1, 4, f) == 4)
		nano = (m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0x3c && m[3] == 0x4d) ||
		       (m[0] == 0x4d && m[1] == 0x3c && m[2] == 0xb2 && m[3] == 0xa1);
	if (f)
		fclose(f);
	return nano;
}

/* Packets in a capture file, for the progress bar (0: unknown) */
static uint64_t count_packets(const char *path, int nano)
{
	char err[PCAP_ERRBUF_SIZE];
	struct stat sb;
	struct pcap_pkthdr *h;
	const u_char *d;
	uint64_t n = 0;

	if (!strcmp(path, "-") || stat(path, &sb) || !S_ISREG(sb.st_mode))
		return 0;
	pcap_t *p = pcap_open_offline_with_tstamp_precision(
		path, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, err);
	if (!p)
		return 0;
	while (pcap_next_ex(p, &h, &d) == 1)
		n++;
	pcap_close(p);
	return n;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = NULL;
	size_t n = 0, cap = 0, k;
	char buf[4096];

	if (!f)
		return NULL;
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (n + k + 1 > cap) {
			cap = 2 * (n + k + 1);
			char *t = realloc(s, cap);
			if (!t) {
				free(s);
				fclose(f);
				return NULL;
			}
			s = t;
		}
		memcpy(s + n, buf, k);
		n += k;
	}
	fclose(f);
	if (!s)
		s = calloc(1, 1);
	else
		s[n] = '\0';
	/* tcpdump -F: '#' starts a comment to the end of the line */
	for (char *p = s; p && *p; p++)
		if (*p == '#')
			while (*p && *p != '\n')
				*p++ = ' ';
	return s;
}

int cmd_filter(struct cli *c, int argc, char **argv)
{
	const char *in = NULL, *iface = NULL, *out = NULL, *ffile = NULL;
	unsigned long count = 0, snaplen = 0;
	int dump_only = 0, bad = 0, rc;
	char *expr = NULL;
	size_t elen = 0;

	/* options anywhere, as tcpdump takes them; "--" ends them */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int more = i + 1 < argc;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(filter_help, stdout);
			free(expr);
			return 0;
		}
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++) {
				size_t k = strlen(argv[i]);
				char *t = realloc(expr, elen + k + 2);
				if (!t)
					return fail("out of memory");
				expr = t;
				if (elen)
					expr[elen++] = ' ';
				memcpy(expr + elen, argv[i], k + 1);
				elen += k;
			}
			break;
		}
		if (!strcmp(a, "-r") && more)
			in = argv[++i];
		else if (!strcmp(a, "-i") && more)
			iface = argv[++i];
		else if (!strcmp(a, "-w") && more)
			out = argv[++i];
		else if (!strcmp(a, "-F") && more)
			ffile = argv[++i];
		else if (!strcmp(a, "-c") && more)
			count = parse_num(argv[++i], &bad);
		else if (!strcmp(a, "-s") && more)
			snaplen = parse_num(argv[++i], &bad);
		else if (!strcmp(a, "--dump"))
			dump_only = 1;
		else if (a[0] == '-' && a[1] && strchr("riwFcs", a[1]) && !a[2])
			return free(expr), usage_error(filter_help, "filter: %s needs a value", a);
		else if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9'))
			return free(expr), usage_error(filter_help, "filter: unknown option '%s'", a);
		else {
			size_t k = strlen(a);
			char *t = realloc(expr, elen + k + 2);
			if (!t)
				return fail("out of memory");
			expr = t;
			if (elen)
				expr[elen++] = ' ';
			memcpy(expr + elen, a, k + 1);
			elen += k;
		}
		if (bad)
			return free(expr), usage_error(filter_help, "filter: %s takes a number, not '%s'",
						       a, argv[i]);
	}
	if (in && iface)
		return free(expr), usage_error(filter_help, "filter: -r and -i cannot go together");
	if (!in && !iface && !dump_only)
		return free(expr), usage_error(filter_help, "filter: -r IN.pcap or -i IFACE is needed");
	if (ffile && expr)
		return free(expr), usage_error(filter_help, "filter: -F FILE and an expression on the "
					       "command line cannot go together");
	if (snaplen > 262144)
		return free(expr), usage_error(filter_help, "filter: -s %lu: at most 262144", snaplen);
	if (ffile && !(expr = read_file(ffile)))
		return fail("-F %s: %s", ffile, strerror(errno));
	if (!expr)
		expr = calloc(1, 1);   /* no expression: every packet, as tcpdump */

	/* the packets' source first: its link type is the compiler's */
	char err[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = NULL;
	int nano = 0;
	const char *src = in ? in : iface;
	bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;

	if (in) {
		nano = file_is_nano(in);
		p = pcap_open_offline_with_tstamp_precision(
			in, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, err);
		if (!p)
			return free(expr), fail("%s: %s", in, err);
	} else if (iface) {
		if (!(p = pcap_create(iface, err)))
			return free(expr), fail("%s: %s", iface, err);
		pcap_set_snaplen(p, snaplen ? (int)snaplen : 262144);
		pcap_set_promisc(p, 1);
		pcap_set_immediate_mode(p, 1);
		pcap_set_timeout(p, 100);
		rc = pcap_activate(p);
		if (rc < 0) {
			fail("%s: %s%s%s", iface, pcap_statustostr(rc),
			     rc == PCAP_ERROR && pcap_geterr(p)[0] ? ": " : "",
			     rc == PCAP_ERROR ? pcap_geterr(p) : "");
			pcap_close(p);
			free(expr);
			return 1;
		}
		if (rc > 0)
			fprintf(stderr, "bpfsoc: warning: %s: %s\n", iface, pcap_geterr(p));
		if (pcap_lookupnet(iface, &net, &mask, err) < 0)
			mask = PCAP_NETMASK_UNKNOWN;
	} else {
		p = pcap_open_dead(DLT_EN10MB, snaplen ? (int)snaplen : 262144);
		src = "(Ethernet)";
	}
	int linktype = pcap_datalink(p);
	const char *ltname = pcap_datalink_val_to_name(linktype);
	const char *ltdesc = pcap_datalink_val_to_description(linktype);
	struct bpf_program fp;

	char ltbuf[32];
	if (!ltname) {
		snprintf(ltbuf, sizeof(ltbuf), "%d", linktype);
		ltname = ltbuf;
	}
	if (pcap_compile(p, &fp, expr, 1, mask) < 0) {
		fail("%s: %s: %s (link type %s%s%s)", src, expr[0] ? expr : "(empty expression)",
		     pcap_geterr(p), ltname, ltdesc ? ", " : "", ltdesc ? ltdesc : "");
		pcap_close(p);
		free(expr);
		return 1;
	}

	if (dump_only) {
		uint64_t *insns = NULL;
		size_t n = 0;
		struct bpfsoc_cbpf_info info = {0};
		LIBBPFSOC_OPTS(bpfsoc_cbpf_opts, co, .len_prefix = false);

		rc = bpfsoc_cbpf_translate(fp.bf_insns, fp.bf_len, &co, &insns, &n, &info, err,
					   sizeof(err));
		free(insns);
		if (rc) {
			fail("%s: %s", expr, err);
		} else {
			co.len_prefix = info.uses_len;
			rc = bpfsoc_cbpf_dump(stdout, fp.bf_insns, fp.bf_len, &co);
		}
		pcap_freecode(&fp);
		pcap_close(p);
		free(expr);
		return rc ? 1 : 0;
	}

	/* the output before the device: a file that cannot be written runs nothing */
	pcap_dumper_t *dump = NULL;
	pcap_t *dead = NULL;
	if (out) {
		if (in && snaplen) {
			dead = pcap_open_dead_with_tstamp_precision(
				linktype, (int)snaplen,
				nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
			dump = dead ? pcap_dump_open(dead, out) : NULL;
		} else {
			dump = pcap_dump_open(p, out);
		}
		if (!dump) {
			fail("-w %s: %s", out, pcap_geterr(dead ? dead : p));
			goto fail_early;
		}
	}
	if ((rc = cli_device(c)))
		goto fail_early_rc;

	struct bpfsoc_filter *f = NULL;
	LIBBPFSOC_OPTS(bpfsoc_filter_opts, fo, .name = "pcap_filter");
	if ((rc = bpfsoc_filter__load(c->dev, fp.bf_insns, fp.bf_len, &fo, &f))) {
		fail("%s: the filter was not loaded (%s)", expr, strerror(-rc));
		goto fail_early;
	}
	pcap_freecode(&fp);

	struct bpfsoc_info info;
	bpfsoc_device__info(c->dev, &info);
	struct run r = {.c = c, .f = f, .dump = dump, .linktype = linktype, .nano = nano,
			.out_snap = in ? (uint32_t)snaplen : 0, .limit = count};
	r.max = iface ? 256 : 1024;   /* a batch: the progress bar moves between them */
	r.hdrs = calloc(r.max, sizeof(*r.hdrs));
	r.data = calloc(r.max, sizeof(*r.data));
	r.cap = calloc(r.max, sizeof(*r.cap));
	r.pk = calloc(r.max, sizeof(*r.pk));
	r.acc = calloc(r.max, 1);
	if (!r.hdrs || !r.data || !r.cap || !r.pk || !r.acc) {
		rc = fail("out of memory");
		goto out;
	}
	if (!c->quiet) {
		uint32_t snap = bpfsoc_filter__snap_len(f);
		int wl = bpfsoc_filter__uses_wire_len(f);
		size_t ni;

		bpfsoc_filter__insns(f, &ni);
		fprintf(stderr, "bpfsoc: %s %s, link-type %s (%s); the filter is program %d on %s "
			"(%zu eBPF instructions); ", in ? "reading from" : "listening on", src,
			ltname, ltdesc ? ltdesc : "?", bpfsoc_filter__prog_id(f),
			bpfsoc_device__uri(c->dev), ni);
		if (!bpfsoc_filter__reads_packet(f))
			fprintf(stderr, "no packet byte crosses the link%s\n",
				wl ? ", only the wire length" : "");
		else if (snap)
			fprintf(stderr, "at most %u bytes a packet cross the link%s\n", snap + (wl ? 4 : 0),
				wl ? ", its wire length included" : "");
		else
			fprintf(stderr, "every captured byte crosses the link%s\n",
				wl ? ", after the wire length" : "");
	}
	fflush(stderr);

	double t0 = now_s();
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t total = in && isatty(2) && !c->quiet ? count_packets(in, nano) : 0;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rc = 0;
	if (in) {
		int k;
		while (!r.done && !stop && (k = pcap_next_ex(p, &h, &data)) == 1) {
			if ((rc = batch_add(&r, h, data)))
				break;
			if (r.n == r.max) {
				if ((rc = batch_run(&r)))
					break;
				progress("filtering", r.seen, total);
			}
		}
		if (!rc && !r.done && !stop && k == -1) {
			progress_end();
			fail("%s: packet %llu: %s", in, (unsigned long long)(r.seen + r.n + 1),
			     pcap_geterr(p));
			batch_run(&r);
			rc = 1;
		} else if (!rc) {
			rc = batch_run(&r);
		}
		progress_end();
	} else {
		/* live: a batch is what arrived within 20 ms of its first packet */
		live_p = p;
		double first = 0;
		while (!r.done && !stop) {
			int k = pcap_next_ex(p, &h, &data);

			if (k == 1) {
				if (!r.n)
					first = now_s();
				if ((rc = batch_add(&r, h, data)))
					break;
			} else if (k < 0) {
				if (k == PCAP_ERROR)
					rc = fail("%s: %s", iface, pcap_geterr(p));
				break;
			}
			if (r.n && (r.n == r.max || now_s() - first > 0.02 || k == 0))
				if ((rc = batch_run(&r)))
					break;
		}
		if (!rc)
			rc = batch_run(&r);
		live_p = NULL;
	}
	double secs = now_s() - t0;
	struct pcap_stat ps = {0};
	int have_ps = iface && pcap_stats(p, &ps) == 0;

	/* the summary */
	double dev_pps = r.st.soc_cycles && info.clock_hz ?
				 (double)r.st.device * info.clock_hz / (double)r.st.soc_cycles : 0;
	double cpp = r.st.device ? (double)r.st.cycles / (double)r.st.device : 0;
	double spp = r.st.device ? (double)r.st.soc_cycles / (double)r.st.device : 0;
	if (c->json) {
		size_t ni;
		bpfsoc_filter__insns(f, &ni);
		printf("{\"expression\":");
		json_str(stdout, expr);
		printf(",\"source\":");
		json_str(stdout, src);
		printf(",\"linktype\":");
		json_str(stdout, ltname);
		printf(",\"prog_id\":%d,\"insns\":%zu,\"snap_len\":%u,\"wire_len\":%s,"
		       "\"packets\":%llu,\"accepted\":%llu,\"rejected\":%llu,"
		       "\"device_packets\":%llu,\"host_packets\":%llu,\"faults\":%llu,"
		       "\"captured_bytes\":%llu,\"link_bytes\":%llu,\"cycles\":%llu,"
		       "\"cycles_per_packet\":%.2f,\"device_cycles\":%llu,"
		       "\"device_cycles_per_packet\":%.1f,\"device_pps\":%.0f,\"seconds\":%.3f,"
		       "\"pps\":%.1f",
		       bpfsoc_filter__prog_id(f), ni, bpfsoc_filter__snap_len(f),
		       bpfsoc_filter__uses_wire_len(f) ? "true" : "false",
		       (unsigned long long)r.seen, (unsigned long long)r.accepted,
		       (unsigned long long)r.rejected, (unsigned long long)r.st.device,
		       (unsigned long long)r.st.on_host, (unsigned long long)r.st.faults,
		       (unsigned long long)r.captured_bytes, (unsigned long long)r.st.link_bytes,
		       (unsigned long long)r.st.cycles, cpp, (unsigned long long)r.st.soc_cycles, spp,
		       dev_pps, secs, secs > 0 ? r.seen / secs : 0.0);
		if (have_ps)
			printf(",\"dropped\":%u", ps.ps_drop);
		if (out) {
			printf(",\"written\":");
			json_str(stdout, out);
		}
		printf("}\n");
	} else {
		fprintf(stderr, "%llu packet%s seen, %llu accepted, %llu rejected\n",
			(unsigned long long)r.seen, r.seen == 1 ? "" : "s",
			(unsigned long long)r.accepted, (unsigned long long)r.rejected);
		if (r.st.device)
			fprintf(stderr, "device: %llu packets, %.1f eBPF core cycles a packet, %.0f SoC "
				"cycles a packet: %.0f packets/s at %.0f MHz\n",
				(unsigned long long)r.st.device, cpp, spp, dev_pps, info.clock_hz / 1e6);
		fprintf(stderr, "link: %llu of %llu captured bytes crossed (%.1f a packet)\n",
			(unsigned long long)r.st.link_bytes, (unsigned long long)r.captured_bytes,
			r.st.device ? (double)r.st.link_bytes / (double)r.st.device : 0.0);
		if (r.st.on_host)
			fprintf(stderr, "host: %llu packets decided by libpcap: the bytes the filter "
				"reads are more than the device's largest packet (%u bytes)\n",
				(unsigned long long)r.st.on_host, info.packet_max);
		if (r.st.faults)
			fprintf(stderr, "faults: %llu packets the device did not decide (decided by "
				"libpcap)\n", (unsigned long long)r.st.faults);
		if (have_ps)
			fprintf(stderr, "%u packets dropped by the kernel\n", ps.ps_drop);
		fprintf(stderr, "%.2f s, %.0f packets/s\n", secs, secs > 0 ? r.seen / secs : 0.0);
	}
out:
	for (size_t i = 0; i < r.max && r.data; i++)
		free(r.data[i]);
	free(r.hdrs);
	free(r.data);
	free(r.cap);
	free(r.pk);
	free(r.acc);
	bpfsoc_filter__close(f);
	if (dump)
		pcap_dump_close(dump);
	if (dead)
		pcap_close(dead);
	pcap_close(p);
	free(expr);
	return rc;

fail_early:
	rc = 1;
fail_early_rc:
	pcap_freecode(&fp);
	if (dump)
		pcap_dump_close(dump);
	if (dead)
		pcap_close(dead);
	pcap_close(p);
	free(expr);
	return rc;
}

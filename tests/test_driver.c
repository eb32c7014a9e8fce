/* test_driver: the examples end to end on the simulated SoC through
 * libbpfsoc, each compared packet by packet with the same object run by
 * the reference executor (the C model with the firmware's own maps and
 * helpers, driver/ref_exec.c): verdict, packet length and r0 of every
 * packet; the trace text and ring buffer records after every batch; and
 * at the end the contents of every map.
 *
 * Inputs: a capture from the project's traffic generator (seeded; the
 * seed is printed), and every capture in ../shared/pcaps (skipped with a
 * message when the folder is absent).
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bpfsoc_proto.h"
#include "libbpfsoc.h"
#include "ref_exec.h"

#define EXAMPLES BPFSOC_BUILD "/examples/"
#define PCAPS BPFSOC_SRC "/../shared/pcaps"
#define BATCH 128

static char simdir[] = "/tmp/bpfsoc-test-driver-XXXXXX";
static struct bpfsoc_device *dev;

static void setup(void)
{
	cr_assert_not_null(mkdtemp(simdir));
	setenv("BPFSOC_SIM_DIR", simdir, 1);
	cr_assert_eq(bpfsoc_device__open("sim:", NULL, &dev), 0, "the simulated device");
}

static void teardown(void)
{
	bpfsoc_device__close(dev);
	dev = NULL;
	bpfsoc_sim__stop("sim:");
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", simdir);
	if (system(cmd))
		fprintf(stderr, "test_driver: could not remove %s\n", simdir);
}

/* ---- packets ---- */

struct packets {
	uint8_t **p;
	uint16_t *len;
	size_t n;
};

static void packets_free(struct packets *pk)
{
	for (size_t i = 0; i < pk->n; i++)
		free(pk->p[i]);
	free(pk->p);
	free(pk->len);
	memset(pk, 0, sizeof(*pk));
}

/* An Ethernet capture's packets, cut to max bytes: 0, or 1 for another
 * link type */
static int read_pcap(const char *path, struct packets *pk, uint32_t max)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *d;

	cr_assert_not_null(p, "%s: %s", path, err);
	if (pcap_datalink(p) != DLT_EN10MB) {
		pcap_close(p);
		return 1;
	}
	while (pcap_next_ex(p, &h, &d) == 1) {
		uint32_t n = h->caplen < max ? h->caplen : max;
		pk->p = realloc(pk->p, (pk->n + 1) * sizeof(*pk->p));
		pk->len = realloc(pk->len, (pk->n + 1) * sizeof(*pk->len));
		pk->p[pk->n] = malloc(n ? n : 1);
		memcpy(pk->p[pk->n], d, n);
		pk->len[pk->n++] = (uint16_t)n;
	}
	pcap_close(p);
	return 0;
}

/* ---- comparing ---- */

struct records {
	char text[65536];
	size_t len;
	unsigned n;
};

static void collect(void *ctx, const void *data, size_t len)
{
	struct records *r = ctx;
	int k = snprintf(r->text + r->len, sizeof(r->text) - r->len, "[%zu:", len);
	if (k > 0)
		r->len += (size_t)k;
	for (size_t i = 0; i < len && r->len + 3 < sizeof(r->text); i++)
		r->len += (size_t)snprintf(r->text + r->len, sizeof(r->text) - r->len, "%02x",
					   ((const uint8_t *)data)[i]);
	r->n++;
}

/* The trace and every ring buffer, drained from both: the same */
static void compare_logs(struct bpfsoc_object *obj, struct bpfsoc_ref *ref, const char *what)
{
	static char dt[65536], rt[65536];

	cr_assert_geq(bpfsoc_device__trace_read(dev, dt, sizeof(dt), NULL), 0);
	cr_assert_geq(bpfsoc_ref__trace_read(ref, rt, sizeof(rt)), 0);
	cr_assert_str_eq(dt, rt, "%s: trace_printk text differs", what);
	for (struct bpfsoc_map *m = bpfsoc_object__next_map(obj, NULL); m;
	     m = bpfsoc_object__next_map(obj, m)) {
		if (bpfsoc_map__type(m) != BPFSOC_MAP_TYPE_RINGBUF)
			continue;
		static struct records a, b;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		cr_assert_geq(bpfsoc_device__ringbuf_drain(dev, bpfsoc_map__id(m), collect, &a), 0);
		cr_assert_geq(bpfsoc_ref__ringbuf_drain(ref, bpfsoc_map__id(m), collect, &b), 0);
		cr_assert_eq(a.n, b.n, "%s: ring buffer %s: %u records on the device, %u in the "
				       "reference", what, bpfsoc_map__name(m), a.n, b.n);
		cr_assert_str_eq(a.text, b.text, "%s: ring buffer %s: records differ", what,
				 bpfsoc_map__name(m));
	}
}

/* Every key of every map: the same values on both */
static unsigned compare_maps(struct bpfsoc_object *obj, struct bpfsoc_ref *ref, const char *what)
{
	uint8_t k[512], nk[512], dv[1024], rv[1024];
	unsigned elems = 0;

	for (struct bpfsoc_map *m = bpfsoc_object__next_map(obj, NULL); m;
	     m = bpfsoc_object__next_map(obj, m)) {
		uint32_t id = bpfsoc_map__id(m), ks = bpfsoc_map__key_size(m);
		uint32_t vs = bpfsoc_map__type(m) == BPFSOC_MAP_TYPE_PROG_ARRAY ? 4 : bpfsoc_map__value_size(m);
		int have = 0, n = 0;

		if (bpfsoc_map__type(m) == BPFSOC_MAP_TYPE_RINGBUF)
			continue;
		for (;;) {
			int rc = bpfsoc_device__map_get_next_key(dev, id, have ? k : NULL, nk, ks);
			int rr = bpfsoc_ref__map_get_next_key(ref, id, have ? k : NULL, rv);
			if (rc == -ENOENT) {
				cr_assert_eq(rr, -ENOENT, "%s: map %s: the reference has more keys",
					     what, bpfsoc_map__name(m));
				break;
			}
			cr_assert_eq(rc, 0);
			cr_assert_eq(rr, 0, "%s: map %s: the device has more keys", what,
				     bpfsoc_map__name(m));
			cr_assert_eq(memcmp(nk, rv, ks), 0, "%s: map %s: keys come in another order",
				     what, bpfsoc_map__name(m));
			memcpy(k, nk, ks);
			have = 1;
			int d = bpfsoc_device__map_lookup(dev, id, k, ks, dv, vs);
			int r = bpfsoc_ref__map_lookup(ref, id, k, rv);
			cr_assert_eq(d, r, "%s: map %s: lookup %d on the device, %d in the reference",
				     what, bpfsoc_map__name(m), d, r);
			if (!d)
				cr_assert_eq(memcmp(dv, rv, vs), 0, "%s: map %s: element %d differs",
					     what, bpfsoc_map__name(m), n);
			n++;
			cr_assert_lt(n, 100000, "a map that never ends");
		}
		elems += (unsigned)n;
	}
	return elems;
}

/* Runs pk through program prog on the device and on the reference:
 * every result the same.  Returns how many passed. */
static size_t compare_run(struct bpfsoc_object *obj, struct bpfsoc_ref *ref, unsigned prog,
			  const struct packets *pk, const char *what, uint64_t *cycles,
			  unsigned *aborted)
{
	static struct bpfsoc_run_result res[BATCH];
	size_t pass = 0;

	for (size_t i = 0; i < pk->n; i += BATCH) {
		size_t n = pk->n - i < BATCH ? pk->n - i : BATCH;

		cr_assert_eq(bpfsoc_device__run(dev, prog, (const uint8_t *const *)pk->p + i,
						pk->len + i, n, NULL, res, NULL), 0,
			     "%s: packets %zu..%zu on the device", what, i, i + n - 1);
		for (size_t k = 0; k < n; k++) {
			struct bpfsoc_run_result r;
			cr_assert_eq(bpfsoc_ref__run(ref, prog, pk->p[i + k], pk->len[i + k], NULL, &r), 0);
			cr_assert(res[k].verdict == r.verdict && res[k].fault == r.fault &&
				  res[k].pkt_len == r.pkt_len && res[k].r0 == r.r0,
				  "%s: packet %zu (%u bytes): device verdict %u fault %u len %u r0 %u; "
				  "reference verdict %u fault %u len %u r0 %u", what, i + k,
				  pk->len[i + k], res[k].verdict, res[k].fault, res[k].pkt_len,
				  res[k].r0, r.verdict, r.fault, r.pkt_len, r.r0);
			pass += res[k].verdict == BPFSOC_XDP_PASS;
			*cycles += res[k].cycles;
			*aborted += res[k].verdict == BPFSOC_XDP_ABORTED;
		}
		compare_logs(obj, ref, what);
	}
	return pass;
}

/* ---- the examples ---- */

static const char *const examples[] = {"port_filter", "proto_count", "rate_limit", "tail_calls",
				       "ringbuf_log"};

static void load(const char *name, struct bpfsoc_object **obj, struct bpfsoc_ref **ref)
{
	char path[512];

	snprintf(path, sizeof(path), EXAMPLES "%s.o", name);
	cr_assert_eq(bpfsoc_object__open(path, NULL, obj), 0, "%s", path);
	cr_assert_eq(bpfsoc_object__load(*obj, dev, NULL), 0, "%s: load", path);
	cr_assert_eq(bpfsoc_ref__new(*obj, ref), 0, "%s: the reference", path);
}

/* A capture from bpfsoc-trafgen */
static void generate(const char *out, unsigned n, unsigned seed)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), BPFSOC_BUILD "/bpfsoc-trafgen -n %u -s %u -o %s > /dev/null", n,
		 seed, out);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

TestSuite(driver, .init = setup, .fini = teardown, .timeout = 600);

Test(driver, examples_on_generated_traffic)
{
	unsigned seed = getenv("FUZZ_SEED") ? (unsigned)strtoul(getenv("FUZZ_SEED"), NULL, 0)
					   : (unsigned)time(NULL);
	char cap[600];
	struct packets pk = {0};

	snprintf(cap, sizeof(cap), "%s/traffic.pcap", simdir);
	printf("driver: generated traffic from seed %u (FUZZ_SEED=%u reproduces)\n", seed, seed);
	generate(cap, 1500, seed);
	cr_assert_eq(read_pcap(cap, &pk, 65535), 0);
	cr_assert_gt(pk.n, 1000);
	for (size_t e = 0; e < sizeof(examples) / sizeof(examples[0]); e++) {
		struct bpfsoc_object *obj;
		struct bpfsoc_ref *ref;
		uint64_t cycles = 0;
		unsigned aborted = 0;

		load(examples[e], &obj, &ref);
		size_t pass = compare_run(obj, ref, 0, &pk, examples[e], &cycles, &aborted);
		unsigned elems = compare_maps(obj, ref, examples[e]);
		cr_assert_eq(aborted, 0, "%s: %u runs ended in XDP_ABORTED", examples[e], aborted);
		printf("driver: %s: %zu packets, %zu passed, %.1f core cycles a packet, %u map "
		       "elements equal to the reference\n", examples[e], pk.n, pass,
		       (double)cycles / (double)pk.n, elems);
		bpfsoc_ref__free(ref);
		bpfsoc_object__close(obj);
	}
	packets_free(&pk);
}

Test(driver, examples_on_shared_captures)
{
	DIR *d = opendir(PCAPS);

	if (!d) {
		printf("driver: %s is absent: the captures' test is skipped\n", PCAPS);
		cr_skip_test("no ../shared/pcaps");
	}
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0;
	while ((de = readdir(d)))
		if (strstr(de->d_name, ".pcap")) {
			names = realloc(names, (nn + 1) * sizeof(*names));
			names[nn++] = strdup(de->d_name);
		}
	closedir(d);

	struct bpfsoc_info info;
	cr_assert_eq(bpfsoc_device__info(dev, &info), 0);
	for (size_t e = 0; e < sizeof(examples) / sizeof(examples[0]); e++) {
		struct bpfsoc_object *obj;
		struct bpfsoc_ref *ref;
		uint64_t cycles = 0, packets = 0;
		unsigned aborted = 0, used = 0, other = 0;

		load(examples[e], &obj, &ref);
		for (size_t c = 0; c < nn; c++) {
			char path[600], what[400];
			struct packets pk = {0};

			snprintf(path, sizeof(path), PCAPS "/%s", names[c]);
			if (read_pcap(path, &pk, info.packet_max)) {
				other++;
				continue;
			}
			snprintf(what, sizeof(what), "%s on %s", examples[e], names[c]);
			compare_run(obj, ref, 0, &pk, what, &cycles, &aborted);
			packets += pk.n;
			used++;
			packets_free(&pk);
		}
		compare_maps(obj, ref, examples[e]);
		cr_assert_eq(aborted, 0, "%s: %u runs ended in XDP_ABORTED (a fault)", examples[e],
			     aborted);
		printf("driver: %s: %u captures, %llu packets, every verdict equal to the reference, "
		       "no fault; %.1f core cycles a packet (%u captures of other link types not run)\n",
		       examples[e], used, (unsigned long long)packets,
		       packets ? (double)cycles / (double)packets : 0.0, other);
		bpfsoc_ref__free(ref);
		bpfsoc_object__close(obj);
	}
	for (size_t c = 0; c < nn; c++)
		free(names[c]);
	free(names);
}

/* clang's output for -mcpu=v1 .. v4, and a legacy "maps" section: loaded,
 * run and compared as above */
static void build_bpf(const char *src, const char *cpu, const char *out)
{
	char cmd[1400];

	snprintf(cmd, sizeof(cmd), "clang -O2 -g -Wall -target bpf -mcpu=%s "
		 "-I/usr/include/$(gcc -dumpmachine) -c %s -o %s", cpu, src, out);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static void compare_object(const char *path, const struct packets *pk, const char *what)
{
	struct bpfsoc_object *obj;
	struct bpfsoc_ref *ref;
	uint64_t cycles = 0;
	unsigned aborted = 0;

	cr_assert_eq(bpfsoc_object__open(path, NULL, &obj), 0, "%s", path);
	cr_assert_eq(bpfsoc_object__load(obj, dev, NULL), 0, "%s: load", path);
	cr_assert_eq(bpfsoc_ref__new(obj, &ref), 0);
	size_t pass = compare_run(obj, ref, 0, pk, what, &cycles, &aborted);
	unsigned elems = compare_maps(obj, ref, what);
	cr_assert_eq(aborted, 0, "%s: a fault", what);
	printf("driver: %s: %zu packets, %zu passed, %.1f core cycles a packet, %u map elements "
	       "equal\n", what, pk->n, pass, (double)cycles / (double)pk->n, elems);
	bpfsoc_ref__free(ref);
	bpfsoc_object__close(obj);
}

Test(driver, cpu_versions_and_legacy_maps)
{
	char cap[600], out[600], src[600], what[64];
	struct packets pk = {0};

	snprintf(cap, sizeof(cap), "%s/traffic.pcap", simdir);
	generate(cap, 300, 7);
	cr_assert_eq(read_pcap(cap, &pk, 65535), 0);
	static const char *const cpus[] = {"v1", "v2", "v3", "v4"};
	for (unsigned i = 0; i < 4; i++) {
		if (i == 3 && system("echo | clang -target bpf -mcpu=v4 -x c -c - -o /dev/null "
				     "2>/dev/null")) {
			printf("driver: this clang has no -mcpu=v4 (clang 18 and later): v4 objects "
			       "not built here\n");
			continue;
		}
		snprintf(out, sizeof(out), "%s/tail_calls-%s.o", simdir, cpus[i]);
		build_bpf(BPFSOC_SRC "/examples/tail_calls.c", cpus[i], out);
		snprintf(what, sizeof(what), "tail_calls -mcpu=%s", cpus[i]);
		compare_object(out, &pk, what);
	}
	snprintf(src, sizeof(src), "%s/legacy.c", simdir);
	FILE *f = fopen(src, "w");
	cr_assert_not_null(f);
	fputs("#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"
	      "struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags; };\n"
	      "struct bpf_map_def SEC(\"maps\") legacy_counts = {\n"
	      "	.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 4 };\n"
	      "SEC(\"xdp\") int count_len(struct xdp_md *ctx)\n{\n"
	      "	__u32 k = (ctx->data_end - ctx->data) & 3;\n"
	      "	__u64 *v = bpf_map_lookup_elem(&legacy_counts, &k);\n"
	      "	if (v)\n		__sync_fetch_and_add(v, 1);\n	return XDP_PASS;\n}\n"
	      "char _license[] SEC(\"license\") = \"GPL\";\n", f);
	fclose(f);
	snprintf(out, sizeof(out), "%s/legacy.o", simdir);
	build_bpf(src, "v3", out);
	compare_object(out, &pk, "legacy maps section");
	/* the device's counts add up to the packets */
	uint64_t total = 0, v;
	struct bpfsoc_map_info mi;
	cr_assert_eq(bpfsoc_device__map_info(dev, 1, &mi), 0);
	cr_assert_str_eq(mi.name, "legacy_counts");
	for (uint32_t k = 0; k < 4; k++) {
		cr_assert_eq(bpfsoc_device__map_lookup(dev, mi.id, &k, 4, &v, 8), 0);
		total += v;
	}
	cr_assert_eq(total, pk.n, "the legacy map counted %llu of %zu packets",
		     (unsigned long long)total, pk.n);
	packets_free(&pk);
}

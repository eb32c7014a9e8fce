/* bpfsoc_prog.c: bpfsoc prog load | show | run. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsoc_cli.h"
#include "bpfsoc_proto.h"

static const char prog_help[] =
	"usage: bpfsoc prog load OBJ [--section S] [--keep]\n"
	"       bpfsoc prog show\n"
	"       bpfsoc prog run [id N | name NAME] --pcap IN [--write-pass OUT] [--budget N]\n"
	"\n"
	"  load  checks OBJ (clang -O2 -g -target bpf), then clears the device and loads\n"
	"        every map and program of OBJ; --keep adds to what the device holds.\n"
	"        --section S names the program `prog run` uses when given no other.\n"
	"        Nothing on the device changes when the check fails.\n"
	"  show  the device's programs: id, name, instruction slots, runs, cycles\n"
	"  run   every packet of the capture IN (Ethernet) through the program:\n"
	"        verdict counts, eBPF core cycles per packet, the device's packets/s;\n"
	"        --write-pass OUT writes the packets the program passed, as captured\n";

static int prog_load(struct cli *c, int argc, char **argv)
{
	const char *path = NULL, *section = NULL;
	struct bpfsoc_object *obj;
	struct bpfsoc_program *entry = NULL;
	int keep = 0, rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--section") && i + 1 < argc)
			section = argv[++i];
		else if (!strcmp(argv[i], "--keep"))
			keep = 1;
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			return usage_error(prog_help, "prog load: unexpected '%s'", argv[i]);
	}
	if (!path)
		return usage_error(prog_help, "prog load: no object");
	if ((rc = bpfsoc_object__open(path, NULL, &obj)))
		return fail("%s: not loaded", path);
	if (section) {
		entry = bpfsoc_object__find_program_by_section(obj, section);
		if (!entry)
			entry = bpfsoc_object__find_program_by_name(obj, section);
		if (!entry) {
			fail("%s: no section or program '%s' (it has:", path, section);
			for (struct bpfsoc_program *p = bpfsoc_object__next_program(obj, NULL); p;
			     p = bpfsoc_object__next_program(obj, p))
				fprintf(stderr, "  %s (%s)", bpfsoc_program__section_name(p),
					bpfsoc_program__name(p));
			fprintf(stderr, ")\n");
			bpfsoc_object__close(obj);
			return 1;
		}
	}
	/* the checker first, without a device: bad input never opens one */
	if (bpfsoc_object__check(obj, NULL)) {
		bpfsoc_object__close(obj);
		return fail("%s: not loaded: the checker refused it", path);
	}
	if ((rc = cli_device(c))) {
		bpfsoc_object__close(obj);
		return rc;
	}
	LIBBPFSOC_OPTS(bpfsoc_load_opts, lo, .keep = keep);
	if ((rc = bpfsoc_object__load(obj, c->dev, &lo))) {
		bpfsoc_object__close(obj);
		return fail("%s: not loaded (%s)", path, strerror(-rc));
	}
	if (!entry)
		entry = bpfsoc_object__next_program(obj, NULL);
	cli_remember_object(c, obj, bpfsoc_program__name(entry));
	if (c->json) {
		printf("{\"object\":");
		json_str(stdout, path);
		printf(",\"programs\":[");
		int first = 1;
		for (struct bpfsoc_program *p = bpfsoc_object__next_program(obj, NULL); p;
		     p = bpfsoc_object__next_program(obj, p), first = 0) {
			printf("%s{\"id\":%d,\"name\":", first ? "" : ",", bpfsoc_program__id(p));
			json_str(stdout, bpfsoc_program__name(p));
			printf(",\"section\":");
			json_str(stdout, bpfsoc_program__section_name(p));
			printf(",\"insns\":%zu}", bpfsoc_program__insn_cnt(p));
		}
		printf("],\"maps\":[");
		first = 1;
		for (struct bpfsoc_map *m = bpfsoc_object__next_map(obj, NULL); m;
		     m = bpfsoc_object__next_map(obj, m), first = 0) {
			printf("%s{\"id\":%u,\"name\":", first ? "" : ",", bpfsoc_map__id(m));
			json_str(stdout, bpfsoc_map__name(m));
			printf("}");
		}
		printf("]}\n");
	} else if (!c->quiet) {
		for (struct bpfsoc_program *p = bpfsoc_object__next_program(obj, NULL); p;
		     p = bpfsoc_object__next_program(obj, p))
			printf("prog %d: %s (section %s), %zu instructions%s\n", bpfsoc_program__id(p),
			       bpfsoc_program__name(p), bpfsoc_program__section_name(p),
			       bpfsoc_program__insn_cnt(p), p == entry ? ", runs by default" : "");
		for (struct bpfsoc_map *m = bpfsoc_object__next_map(obj, NULL); m;
		     m = bpfsoc_object__next_map(obj, m))
			printf("map %u: %s, key %u, value %u, %u entries\n", bpfsoc_map__id(m),
			       bpfsoc_map__name(m), bpfsoc_map__key_size(m), bpfsoc_map__value_size(m),
			       bpfsoc_map__max_entries(m));
	}
	bpfsoc_object__close(obj);
	return 0;
}

static int prog_show(struct cli *c)
{
	struct bpfsoc_prog_info pi;
	int rc, n = 0;

	if ((rc = cli_device(c)))
		return rc;
	if (c->json)
		printf("[");
	for (unsigned id = 0; (rc = bpfsoc_device__prog_info(c->dev, id, &pi)) == 0; id = pi.id + 1) {
		if (c->json) {
			printf("%s{\"id\":%u,\"name\":", n ? "," : "", pi.id);
			json_str(stdout, pi.name);
			printf(",\"slot\":%u,\"insns\":%u,\"crc32\":\"0x%08x\",\"run_cnt\":%llu,"
			       "\"cycles\":%llu}", pi.slot, pi.slots, pi.crc32,
			       (unsigned long long)pi.runs, (unsigned long long)pi.cycles);
		} else {
			printf("%u: xdp  name %s  insns %u at slot %u  crc32 %08x\n", pi.id,
			       pi.name[0] ? pi.name : "-", pi.slots, pi.slot, pi.crc32);
			printf("\trun_cnt %llu  cycles %llu", (unsigned long long)pi.runs,
			       (unsigned long long)pi.cycles);
			if (pi.runs)
				printf("  (%.1f a run)", (double)pi.cycles / (double)pi.runs);
			printf("\n");
		}
		n++;
	}
	if (c->json)
		printf("]\n");
	else if (!n && !c->quiet)
		printf("no programs loaded\n");
	return rc == -ENOENT ? 0 : fail("PROG_INFO: %s", strerror(-rc));
}

/* The program a command names: id N, name NAME, or the last loaded
 * object's entry.  Its id, or -1. */
static int pick_prog(struct cli *c, const char *how, const char *what)
{
	struct bpfsoc_prog_info pi;

	if (how && !strcmp(how, "id")) {
		char *end;
		long id = strtol(what, &end, 0);
		if (*end || id < 0 || bpfsoc_device__prog_info(c->dev, (unsigned)id, &pi) ||
		    pi.id != id)
			return fail("no program with id %s on the device", what), -1;
		return (int)id;
	}
	char entry[64] = "";
	if (!how) {
		struct bpfsoc_object *o = cli_cached_object(c, entry, sizeof(entry));
		bpfsoc_object__close(o);
		what = entry;
	}
	for (unsigned id = 0; bpfsoc_device__prog_info(c->dev, id, &pi) == 0; id = pi.id + 1)
		if (!what[0] || !strncmp(pi.name, what, 15))
			return (int)pi.id;
	if (!how && !what[0])
		return fail("no program loaded: bpfsoc prog load OBJ first"), -1;
	return fail("no program named '%s' on the device", what), -1;
}

struct capture {
	uint8_t **pkts;
	uint16_t *lens;
	struct pcap_pkthdr *hdrs;
	size_t n, cap;
	size_t truncated;
};

static int read_capture(const char *path, struct capture *cp, int *linktype, uint32_t max)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;

	if (!p)
		return fail("%s: %s", path, err);
	*linktype = pcap_datalink(p);
	if (*linktype != DLT_EN10MB) {
		fail("%s: link type %s (%s); XDP programs take Ethernet (EN10MB) frames", path,
		     pcap_datalink_val_to_name(*linktype) ? pcap_datalink_val_to_name(*linktype) : "?",
		     pcap_datalink_val_to_description(*linktype) ?
			     pcap_datalink_val_to_description(*linktype) : "unknown");
		pcap_close(p);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		if (cp->n == cp->cap) {
			cp->cap = cp->cap ? 2 * cp->cap : 1024;
			cp->pkts = realloc(cp->pkts, cp->cap * sizeof(*cp->pkts));
			cp->lens = realloc(cp->lens, cp->cap * sizeof(*cp->lens));
			cp->hdrs = realloc(cp->hdrs, cp->cap * sizeof(*cp->hdrs));
			if (!cp->pkts || !cp->lens || !cp->hdrs)
				return fail("out of memory reading %s", path);
		}
		uint32_t len = h->caplen;
		if (len > max) {
			len = max;   /* more than the device takes: its first bytes */
			cp->truncated++;
		}
		cp->pkts[cp->n] = malloc(len ? len : 1);
		if (!cp->pkts[cp->n])
			return fail("out of memory reading %s", path);
		memcpy(cp->pkts[cp->n], data, len);
		cp->lens[cp->n] = (uint16_t)len;
		cp->hdrs[cp->n] = *h;
		cp->n++;
	}
	if (rc == -1) {
		fail("%s: packet %zu: %s", path, cp->n + 1, pcap_geterr(p));
		pcap_close(p);
		return 1;
	}
	pcap_close(p);
	return 0;
}

static int prog_run(struct cli *c, int argc, char **argv)
{
	const char *how = NULL, *what = NULL, *in = NULL, *out = NULL;
	unsigned long budget = 0;
	int rc, linktype;

	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "id") || !strcmp(argv[i], "name")) && i + 1 < argc)
			how = argv[i], what = argv[++i];
		else if (!strcmp(argv[i], "--pcap") && i + 1 < argc)
			in = argv[++i];
		else if (!strcmp(argv[i], "--write-pass") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--budget") && i + 1 < argc)
			budget = strtoul(argv[++i], NULL, 0);
		else
			return usage_error(prog_help, "prog run: unexpected '%s'", argv[i]);
	}
	if (!in)
		return usage_error(prog_help, "prog run: --pcap IN is needed");
	struct capture cp = {0};
	/* the capture before the device: a bad file never touches it */
	if ((rc = read_capture(in, &cp, &linktype, 65535)))
		return rc;
	if ((rc = cli_device(c)))
		return rc;
	int id = pick_prog(c, how, what);
	if (id < 0)
		return 1;
	uint32_t max = 0;
	{
		struct bpfsoc_info info;
		if (bpfsoc_device__info(c->dev, &info) == 0)
			max = info.packet_max;
	}
	for (size_t i = 0; i < cp.n; i++)
		if (cp.lens[i] > max) {
			cp.lens[i] = (uint16_t)max;
			cp.truncated++;
		}
	/* the output before the run: a file that cannot be written runs nothing */
	pcap_t *dead = NULL;
	pcap_dumper_t *dump = NULL;
	if (out) {
		dead = pcap_open_dead(linktype, 65535);
		dump = dead ? pcap_dump_open(dead, out) : NULL;
		if (!dump)
			return fail("--write-pass: %s", dead ? pcap_geterr(dead) : "cannot write");
	}
	struct bpfsoc_run_result *res = calloc(cp.n ? cp.n : 1, sizeof(*res));
	uint64_t soc = 0, verdicts[6] = {0}, cycles = 0, faults = 0;
	LIBBPFSOC_OPTS(bpfsoc_run_opts, ro, .budget = (uint32_t)budget);
	const size_t chunk = 256;   /* progress between requests' worth of packets */

	for (size_t i = 0; i < cp.n; i += chunk) {
		size_t k = cp.n - i < chunk ? cp.n - i : chunk;
		uint64_t s = 0;

		progress("running", i, cp.n);
		rc = bpfsoc_device__run(c->dev, (unsigned)id, (const uint8_t *const *)cp.pkts + i,
					cp.lens + i, k, &ro, res + i, &s);
		if (rc) {
			progress_end();
			return fail("%s: packet %zu: the run failed (%s)", in, i + 1, strerror(-rc));
		}
		soc += s;
	}
	progress_end();
	for (size_t i = 0; i < cp.n; i++) {
		verdicts[res[i].verdict < 5 ? res[i].verdict : 5]++;
		cycles += res[i].cycles;
		faults += res[i].fault != 0;
	}
	if (out) {
		pcap_dumper_t *d = dump;
		/* re-read the originals: the file keeps what was captured */
		char err[PCAP_ERRBUF_SIZE];
		pcap_t *p = pcap_open_offline(in, err);
		struct pcap_pkthdr *h;
		const u_char *data;
		for (size_t i = 0; p && pcap_next_ex(p, &h, &data) == 1 && i < cp.n; i++)
			if (res[i].verdict == 2)
				pcap_dump((u_char *)d, h, data);
		if (p)
			pcap_close(p);
		pcap_dump_close(d);
		pcap_close(dead);
	}
	struct bpfsoc_info info;
	bpfsoc_device__info(c->dev, &info);
	double secs = info.clock_hz ? (double)soc / info.clock_hz : 0;
	double pps = secs > 0 ? cp.n / secs : 0;
	if (c->json) {
		printf("{\"prog_id\":%d,\"packets\":%zu,\"verdicts\":{", id, cp.n);
		for (unsigned v = 0; v < 5; v++)
			printf("%s\"%s\":%llu", v ? "," : "", verdict_name(v),
			       (unsigned long long)verdicts[v]);
		printf("},\"faults\":%llu,\"cycles\":%llu,\"cycles_per_packet\":%.2f,"
		       "\"device_cycles\":%llu,\"device_pps\":%.0f,\"truncated\":%zu",
		       (unsigned long long)faults, (unsigned long long)cycles,
		       cp.n ? (double)cycles / cp.n : 0.0, (unsigned long long)soc, pps, cp.truncated);
		if (out) {
			printf(",\"written\":");
			json_str(stdout, out);
		}
		printf("}\n");
	} else {
		printf("%s: %zu packet%s through program %d\n", in, cp.n, cp.n == 1 ? "" : "s", id);
		for (unsigned v = 0; v < 5; v++)
			if (verdicts[v])
				printf("  %-13s %llu\n", verdict_name(v), (unsigned long long)verdicts[v]);
		if (faults)
			printf("  faults        %llu (verdict XDP_ABORTED)\n", (unsigned long long)faults);
		printf("eBPF core cycles: %llu, %.1f a packet\n", (unsigned long long)cycles,
		       cp.n ? (double)cycles / cp.n : 0.0);
		printf("device: %llu SoC cycles, %.0f packets/s at %.0f MHz\n",
		       (unsigned long long)soc, pps, info.clock_hz / 1e6);
		if (cp.truncated)
			printf("note: %zu packets were longer than the device takes (%u bytes): their "
			       "first bytes ran\n", cp.truncated, max);
		if (out)
			printf("passed packets written to %s\n", out);
	}
	for (size_t i = 0; i < cp.n; i++)
		free(cp.pkts[i]);
	free(cp.pkts);
	free(cp.lens);
	free(cp.hdrs);
	free(res);
	return 0;
}

int cmd_prog(struct cli *c, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help"))
		return argc < 2 ? usage_error(prog_help, "prog: which?") : (fputs(prog_help, stdout), 0);
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(prog_help, stdout);
			return 0;
		}
	if (!strcmp(argv[1], "load"))
		return prog_load(c, argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		return argc > 2 ? usage_error(prog_help, "prog show: unexpected '%s'", argv[2])
				: prog_show(c);
	if (!strcmp(argv[1], "run"))
		return prog_run(c, argc - 1, argv + 1);
	return usage_error(prog_help, "prog: unknown '%s'", argv[1]);
}

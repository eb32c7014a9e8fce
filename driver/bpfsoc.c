/* bpfsoc: the command-line tool (docs/bpfsoc.md).
 *
 *   bpfsoc [--device URI] [--json] COMMAND ...
 *
 * Commands: info, prog (load, show, run), map (list, dump, lookup,
 * update, delete), trace, check, filter (tcpdump expressions), sim
 * (start, stop, status).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpfsoc_cli.h"
#include "bpfsoc_proto.h"

static const char main_help[] =
	"usage: bpfsoc [--device URI] [--json] [--quiet] COMMAND [ARGS]\n"
	"\n"
	"Load eBPF objects into a bpfsoc device, run packets through them, read\n"
	"their maps.\n"
	"\n"
	"Commands:\n"
	"  info                         what the device is: version, sizes, ISA, helpers\n"
	"  prog load OBJ [--section S] [--keep]\n"
	"                               check OBJ, then load its maps and programs\n"
	"  prog show                    the device's programs, with their runs and cycles\n"
	"  prog run [id N | name NAME] --pcap IN [--write-pass OUT]\n"
	"                               run a capture through a program: verdicts, cycles, pps\n"
	"  map list                     the device's maps\n"
	"  map dump MAP                 every element of a map (MAP: id N or name NAME)\n"
	"  map lookup MAP key BYTES     one element\n"
	"  map update MAP key BYTES value BYTES [any|noexist|exist]\n"
	"  map delete MAP key BYTES\n"
	"  trace [--follow]             trace_printk output and ring buffer records\n"
	"  check OBJ                    the checker alone, against the largest device\n"
	"  filter [-r IN | -i IFACE] [-w OUT] [-c N] [-s SNAPLEN] [--dump] EXPRESSION\n"
	"                               a tcpdump filter run on the device, over a capture\n"
	"                               or live on an interface\n"
	"  sim start|stop|status        the background simulator behind sim: devices\n"
	"\n"
	"Options:\n"
	"  -d, --device URI  the device (default sim:, the simulated SoC):\n"
	"                      sim:[NAME]  serial:/dev/ttyUSB1?baud=3000000\n"
	"                      ftdi:[VID:PID][/SERIAL][?interface=B]\n"
	"                      mmio:/sys/bus/pci/devices/.../resource0  mmio:unix:SOCKET\n"
	"  -j, --json        JSON output (bpftool's shapes where bpftool has the command)\n"
	"  -p, --pretty      indented JSON\n"
	"  -q, --quiet       no progress bars or notes\n"
	"  -h, --help        this text; `bpfsoc COMMAND --help` for a command's\n"
	"\n"
	"BYTES are hex: 01 02 03 04, 0x01 0x02, or 01020304.  docs/bpfsoc.md has more.\n";

int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("bpfsoc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int usage_error(const char *help, const char *fmt, ...)
{
	va_list ap;

	fputs("bpfsoc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(help, stderr);
	return 2;
}

static int quiet;

static int print_msg(enum bpfsoc_print_level level, const char *fmt, va_list ap)
{
	if (level == BPFSOC_DEBUG && !getenv("BPFSOC_DEBUG"))
		return 0;
	if (level == BPFSOC_INFO && quiet)
		return 0;
	fputs(level == BPFSOC_WARN ? "bpfsoc: " : "bpfsoc: note: ", stderr);
	return vfprintf(stderr, fmt, ap);
}

int cli_device(struct cli *c)
{
	int rc;

	if (c->dev)
		return 0;
	rc = bpfsoc_device__open(c->device, NULL, &c->dev);
	if (rc)
		return fail("cannot open device %s: %s", c->device ? c->device : "sim:",
			    strerror(-rc));
	return 0;
}

/* ---- hex and JSON ---- */

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int parse_hex(int argc, char **argv, int *i, uint8_t *out, size_t n)
{
	size_t got = 0;

	while (got < n && *i < argc) {
		const char *s = argv[*i];

		if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
			s += 2;
		size_t len = strlen(s);
		if (!len || len % 2 || len / 2 > n - got)
			return fail("'%s': not %s hex bytes", argv[*i], len / 2 > n - got ? "that many" : "whole"), -1;
		for (size_t k = 0; k < len; k += 2) {
			int hi = hexval(s[k]), lo = hexval(s[k + 1]);
			if (hi < 0 || lo < 0)
				return fail("'%s': not hex", argv[*i]), -1;
			out[got++] = (uint8_t)(hi << 4 | lo);
		}
		(*i)++;
	}
	if (got < n)
		return fail("%zu bytes given, %zu needed", got, n), -1;
	return 0;
}

void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

void json_hex_array(FILE *f, const uint8_t *b, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\"0x%02x\"", i ? "," : "", b[i]);
	fputc(']', f);
}

const char *verdict_name(unsigned v)
{
	static const char *const names[] = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX",
					    "XDP_REDIRECT"};
	return v < 5 ? names[v] : "?";
}

/* ---- progress ---- */

static int progress_shown;

void progress(const char *what, uint64_t done, uint64_t total)
{
	if (quiet || !isatty(2) || !total)
		return;
	int w = 40, fill = (int)(w * done / total);
	fprintf(stderr, "\r%s [%.*s%*s] %llu/%llu", what, fill,
		"########################################", w - fill, "",
		(unsigned long long)done, (unsigned long long)total);
	progress_shown = 1;
}

void progress_end(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = 0;
}

/* ---- the object last loaded on a device ---- */

static int cache_path(struct cli *c, char *path, size_t len)
{
	const char *uri = c->device ? c->device : "sim:";
	char dir[512];
	int pid;

	if (!strncmp(uri, "sim:", 4) || !*uri) {
		if (bpfsoc_sim__status(uri, &pid, dir, sizeof(dir)) < 0)
			return -1;
		snprintf(path, len, "%s/object", dir);
		return 0;
	}
	const char *home = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
	char base[384], name[256];
	if (home && *home)
		snprintf(base, sizeof(base), "%s/bpfsoc", home);
	else
		snprintf(base, sizeof(base), "%s/.cache/bpfsoc", h ? h : "/tmp");
	snprintf(name, sizeof(name), "%s", uri);
	for (char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || *p == '?' || *p == '&')
			*p = '_';
	mkdir(base, 0700);
	snprintf(path, len, "%s/%s.object", base, name);
	return 0;
}

void cli_remember_object(struct cli *c, const struct bpfsoc_object *obj, const char *entry)
{
	char path[800], real[PATH_MAX];
	FILE *f;

	if (cache_path(c, path, sizeof(path)) || !realpath(bpfsoc_object__path(obj), real) ||
	    !(f = fopen(path, "w")))
		return;
	fprintf(f, "%s\n%s\n", real, entry ? entry : "");
	fclose(f);
}

struct bpfsoc_object *cli_cached_object(struct cli *c, char *entry, size_t len)
{
	char path[800], obj_path[PATH_MAX] = "", ent[256] = "";
	struct bpfsoc_object *obj = NULL;
	FILE *f;

	if (cli_device(c) || cache_path(c, path, sizeof(path)) || !(f = fopen(path, "r")))
		return NULL;
	if (!fgets(obj_path, sizeof(obj_path), f))
		obj_path[0] = '\0';
	if (!fgets(ent, sizeof(ent), f))
		ent[0] = '\0';
	fclose(f);
	obj_path[strcspn(obj_path, "\n")] = '\0';
	ent[strcspn(ent, "\n")] = '\0';
	/* quietly: a cache that no longer fits is no error */
	bpfsoc_print_fn_t old = bpfsoc_set_print(NULL);
	int rc = obj_path[0] ? bpfsoc_object__open(obj_path, NULL, &obj) : -ENOENT;
	bpfsoc_set_print(old);
	if (rc)
		return NULL;
	/* the device must still hold the object's programs, in order */
	struct bpfsoc_prog_info pi;
	unsigned id = 0;
	for (struct bpfsoc_program *p = bpfsoc_object__next_program(obj, NULL); p;
	     p = bpfsoc_object__next_program(obj, p)) {
		if (bpfsoc_device__prog_info(c->dev, id, &pi) ||
		    strncmp(pi.name, bpfsoc_program__name(p), 15)) {
			bpfsoc_object__close(obj);
			return NULL;
		}
		id = pi.id + 1;
	}
	if (entry)
		snprintf(entry, len, "%s", ent);
	return obj;
}

/* ---- commands ---- */

static int cmd_info(struct cli *c, int argc, char **argv)
{
	struct bpfsoc_info in;
	int rc;

	static const char help[] =
		"usage: bpfsoc info\n  What the device is: versions, clock, sizes, ISA features, helpers.\n";
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(help, stdout);
		return 0;
	}
	if (argc > 1)
		return usage_error(help, "info: unexpected '%s'", argv[1]);
	if ((rc = cli_device(c)))
		return rc;
	if ((rc = bpfsoc_device__info(c->dev, &in)))
		return fail("INFO: %s", strerror(-rc));
	if (c->json) {
		printf("{\"device\":");
		json_str(stdout, bpfsoc_device__uri(c->dev));
		printf(",\"protocol\":%u,\"version\":\"%u.%u\",\"clock_hz\":%u,\"isa\":%u,"
		       "\"imem_slots\":%u,\"max_progs\":%u,\"max_maps\":%u,\"max_payload\":%u,"
		       "\"map_memory\":%u,\"map_memory_free\":%u,\"packet_max\":%u,"
		       "\"rx_fifo\":%u,\"helpers\":[",
		       in.proto_version, in.version_major, in.version_minor, in.clock_hz, in.isa,
		       in.imem_slots, in.max_progs, in.max_maps, in.max_payload, in.arena_size,
		       in.arena_free, in.packet_max, in.rx_fifo_log2 ? 1u << in.rx_fifo_log2 : 0);
		for (unsigned i = 0; i < in.n_helpers; i++)
			printf("%s%u", i ? "," : "", in.helpers[i]);
		printf("]}\n");
		return 0;
	}
	printf("device:           %s\n", bpfsoc_device__uri(c->dev));
	printf("bpfsoc version:   %u.%u (protocol %u)\n", in.version_major, in.version_minor,
	       in.proto_version);
	printf("clock:            %.3f MHz\n", in.clock_hz / 1e6);
	printf("instruction slots: %u, program ids: %u\n", in.imem_slots, in.max_progs);
	printf("map memory:       %u bytes, %u free; at most %u maps\n", in.arena_size, in.arena_free,
	       in.max_maps);
	printf("largest packet:   %u bytes\n", in.packet_max);
	if (in.rx_fifo_log2)
		printf("UART receive FIFO: %u bytes\n", 1u << in.rx_fifo_log2);
	printf("ISA:              0x%x\n", in.isa);
	printf("helpers:         ");
	for (unsigned i = 0; i < in.n_helpers; i++)
		printf(" %u", in.helpers[i]);
	printf("\n");
	return 0;
}

static int cmd_check(struct cli *c, int argc, char **argv)
{
	static const char help[] = "usage: bpfsoc check OBJ\n"
				   "  Run the checker on OBJ against the largest device (no device is opened).\n";
	struct bpfsoc_object *obj;
	int rc;

	(void)c;
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return fputs(help, stdout), 0;
	if (argc != 2 || argv[1][0] == '-')
		return usage_error(help, argc == 2 ? "check: unknown option '%s'" : "check takes one object%s",
				   argc == 2 ? argv[1] : "");
	if ((rc = bpfsoc_object__open(argv[1], NULL, &obj)))
		return 1;
	rc = bpfsoc_object__check(obj, NULL);
	if (!rc) {
		size_t n = 0, slots = 0;
		for (struct bpfsoc_program *p = bpfsoc_object__next_program(obj, NULL); p;
		     p = bpfsoc_object__next_program(obj, p), n++)
			slots += bpfsoc_program__insn_cnt(p);
		printf("%s: %zu programs, %zu instructions: no problems\n", argv[1], n, slots);
	}
	bpfsoc_object__close(obj);
	return rc ? 1 : 0;
}

static int cmd_sim(struct cli *c, int argc, char **argv)
{
	static const char help[] =
		"usage: bpfsoc sim start|stop|status\n"
		"  The background bpfsoc-sim behind a sim: device.  It starts by itself when a\n"
		"  command first opens sim:, and keeps its programs and maps until stopped.\n";
	const char *uri = c->device ? c->device : "sim:";
	char dir[512];
	int pid, rc;

	if (argc != 2)
		return usage_error(help, "sim takes one of start, stop, status");
	if (strncmp(uri, "sim:", 4))
		return fail("--device %s is not a sim: device", uri);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(help, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "status")) {
		rc = bpfsoc_sim__status(uri, &pid, dir, sizeof(dir));
		if (rc < 0)
			return fail("%s: not a simulator name", uri);
		if (c->json)
			printf("{\"running\":%s,\"pid\":%d,\"dir\":\"%s\"}\n", rc ? "true" : "false", pid, dir);
		else if (rc)
			printf("simulator %s running, pid %d (%s)\n", uri, pid, dir);
		else
			printf("simulator %s not running\n", uri);
		return 0;
	}
	if (!strcmp(argv[1], "stop")) {
		rc = bpfsoc_sim__stop(uri);
		if (rc == -ESRCH) {
			if (!c->quiet)
				printf("simulator %s not running\n", uri);
			return 0;
		}
		if (rc)
			return fail("%s: %s", uri, strerror(-rc));
		if (!c->quiet)
			printf("simulator %s stopped\n", uri);
		return 0;
	}
	if (!strcmp(argv[1], "start")) {
		if ((rc = cli_device(c)))
			return rc;
		bpfsoc_sim__status(uri, &pid, dir, sizeof(dir));
		if (!c->quiet)
			printf("simulator %s running, pid %d (%s)\n", uri, pid, dir);
		return 0;
	}
	return usage_error(help, "sim: unknown '%s'", argv[1]);
}

/* --pretty: the command's JSON, indented as bpftool -p does */
static void print_pretty(FILE *out, const char *j, size_t n)
{
	int depth = 0, in_str = 0;

	for (size_t i = 0; i < n; i++) {
		char ch = j[i];

		if (in_str) {
			fputc(ch, out);
			if (ch == '\\' && i + 1 < n)
				fputc(j[++i], out);
			else if (ch == '"')
				in_str = 0;
			continue;
		}
		switch (ch) {
		case '"':
			in_str = 1;
			fputc(ch, out);
			break;
		case '{':
		case '[':
			if (i + 1 < n && (j[i + 1] == '}' || j[i + 1] == ']')) {
				fputc(ch, out);
				fputc(j[++i], out);
				break;
			}
			fprintf(out, "%c\n%*s", ch, 4 * ++depth, "");
			break;
		case '}':
		case ']':
			fprintf(out, "\n%*s%c", 4 * --depth, "", ch);
			break;
		case ',':
			fprintf(out, ",\n%*s", 4 * depth, "");
			break;
		case ':':
			fputs(": ", out);
			break;
		default:
			fputc(ch, out);
		}
	}
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	int i = 1, rc;

	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if ((!strcmp(a, "-d") || !strcmp(a, "--device")) && i + 1 < argc) {
			c.device = argv[i + 1];
			i += 2;
		} else if (!strncmp(a, "--device=", 9)) {
			c.device = a + 9;
			i++;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			c.json = 1;
			i++;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--pretty")) {
			c.json = c.pretty = 1;
			i++;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			c.quiet = 1;
			i++;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(main_help, stdout);
			return 0;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("bpfsoc %d.%d (protocol %u)\n", LIBBPFSOC_MAJOR_VERSION,
			       LIBBPFSOC_MINOR_VERSION, PROTO_VERSION);
			return 0;
		} else {
			return usage_error(main_help, "unknown option '%s'", a);
		}
	}
	if (i >= argc)
		return usage_error(main_help, "no command");
	if (!c.device)
		c.device = getenv("BPFSOC_DEVICE");
	quiet = c.quiet;
	bpfsoc_set_print(print_msg);

	const char *cmd = argv[i];
	int n = argc - i;
	char **v = argv + i;
	/* options after the command too: --json, --device */
	for (int k = 1; k < n; k++) {
		if (!strcmp(v[k], "--json") || !strcmp(v[k], "-j")) {
			c.json = 1;
			memmove(v + k, v + k + 1, (size_t)(n - k - 1) * sizeof(*v));
			n--, k--;
		} else if ((!strcmp(v[k], "--device") || !strcmp(v[k], "-d")) && k + 1 < n) {
			c.device = v[k + 1];
			memmove(v + k, v + k + 2, (size_t)(n - k - 2) * sizeof(*v));
			n -= 2, k--;
		}
	}
	FILE *real = stdout;
	char *pbuf = NULL;
	size_t plen = 0;
	if (c.pretty) {
		FILE *m = open_memstream(&pbuf, &plen);
		if (m)
			stdout = m;
	}
	if (!strcmp(cmd, "info"))
		rc = cmd_info(&c, n, v);
	else if (!strcmp(cmd, "prog"))
		rc = cmd_prog(&c, n, v);
	else if (!strcmp(cmd, "map"))
		rc = cmd_map(&c, n, v);
	else if (!strcmp(cmd, "trace"))
		rc = cmd_trace(&c, n, v);
	else if (!strcmp(cmd, "check"))
		rc = cmd_check(&c, n, v);
	else if (!strcmp(cmd, "filter"))
		rc = cmd_filter(&c, n, v);
	else if (!strcmp(cmd, "sim"))
		rc = cmd_sim(&c, n, v);
	else if (!strcmp(cmd, "help"))
		rc = (fputs(main_help, stdout), 0);
	else
		rc = usage_error(main_help, "unknown command '%s'", cmd);
	if (stdout != real) {
		fclose(stdout);
		stdout = real;
		print_pretty(stdout, pbuf, plen);
		free(pbuf);
	}
	bpfsoc_device__close(c.dev);
	return rc;
}

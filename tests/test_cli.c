/* test_cli: the bpfsoc tool (build/bpfsoc) as its users run it: a child
 * process per command, its stdout, stderr and exit code captured, against
 * a background simulator of its own (BPFSOC_SIM_DIR under a mkdtemp
 * directory), stopped at the end of every test and killed in the fini if
 * a test ends early.
 *
 *   bad_input  broken objects and captures: a clear message naming what
 *              and where, exit 1, and the device's loaded state unchanged
 *              (prog show, map list and map dumps, as JSON, before and
 *              after): a truncated ELF, other machines' ELFs, bad
 *              relocations (crafted with gelf in a copy of an example),
 *              an extern, unknown helpers, a program and maps too large,
 *              a missing section, bad pcaps (garbage, truncated, DLT_RAW)
 *   happy      load, run and map dump in separate processes (the
 *              simulator keeps its state); every --json output parses;
 *              --write-pass writes exactly the passed packets; the same
 *              run over mmio:unix:, serial: and BPFSOC_DEVICE
 *   usage      --help of the tool and every command exits 0; unknown
 *              commands and options exit 2
 *   install    make install PREFIX= (and DESTDIR=), then a program built
 *              with pkg-config --static against the installed library
 *
 * The BPF programs of the tests are C written into the test's directory
 * and built there by clang -O2 -g -target bpf; the captures are written
 * with libpcap.  Each test's expectations come from the programs'
 * sources (examples/port_filter.c's verdicts and drop reasons).
 */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TOOL BPFSOC_BUILD "/bpfsoc"
#define PORT_FILTER BPFSOC_BUILD "/examples/port_filter.o"
#define FW_ELF BPFSOC_BUILD "/firmware/bpfsoc-fw.elf"

#define has(s, sub) (strstr((s), (sub)) != NULL)

/* ---------------------------------------------------------------------
 * Directories: one base per run of the suite (made by the runner, so that
 * its POST_ALL hook can find and end every simulator a test left), one
 * directory per test under it.
 * ------------------------------------------------------------------- */

#define BASE_ENV "BPFSOC_TEST_CLI_BASE"

static char dir[512];      /* this test's directory */
static char simdir[600];   /* its simulator's: BPFSOC_SIM_DIR */

/* Whether pid is a bpfsoc-sim serving directory d */
static int is_our_sim(int pid, const char *d)
{
	char path[64], cmd[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	if (!(f = fopen(path, "r")))
		return 0;
	n = fread(cmd, 1, sizeof(cmd) - 1, f);
	fclose(f);
	for (size_t i = 0; i < n; i++)
		if (!cmd[i])
			cmd[i] = ' ';
	cmd[n] = '\0';
	return has(cmd, "bpfsoc-sim") && has(cmd, d);
}

/* Ends the simulator of directory d if one still runs: SIGTERM, then
 * SIGKILL.  Returns whether there was one. */
static int kill_sim(const char *d)
{
	char path[700];
	FILE *f;
	int pid = 0;

	snprintf(path, sizeof(path), "%s/pid", d);
	if (!(f = fopen(path, "r")))
		return 0;
	if (fscanf(f, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid <= 0 || kill(pid, 0) || !is_our_sim(pid, d))
		return 0;
	kill(pid, SIGTERM);
	for (int i = 0; i < 300 && kill(pid, 0) == 0; i++)
		usleep(10000);
	if (kill(pid, 0) == 0)
		kill(pid, SIGKILL);
	return 1;
}

static void rm_rf(const char *d)
{
	char cmd[700];

	if (!d[0] || strncmp(d, "/tmp/", 5))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	if (system(cmd))
		fprintf(stderr, "test_cli: could not remove %s\n", d);
}

static char base[256];

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	(void)set;
	snprintf(base, sizeof(base), "/tmp/bpfsoc-test-cli-XXXXXX");
	if (mkdtemp(base))
		setenv(BASE_ENV, base, 1);
	else
		base[0] = '\0';
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
	DIR *dp;
	struct dirent *e;

	(void)stats;
	if (!base[0] || !(dp = opendir(base)))
		return;
	while ((e = readdir(dp))) {
		char d[600];

		if (e->d_name[0] == '.')
			continue;
		snprintf(d, sizeof(d), "%s/%s/sim", base, e->d_name);
		if (kill_sim(d))
			fprintf(stderr, "test_cli: a simulator was left running in %s; ended it\n", d);
	}
	closedir(dp);
	rm_rf(base);
}

static void setup(void)
{
	const char *b = getenv(BASE_ENV);
	char cache[700];

	snprintf(dir, sizeof(dir), "%s/t-XXXXXX", b && *b ? b : "/tmp");
	cr_assert_not_null(mkdtemp(dir), "mkdtemp %s: %s", dir, strerror(errno));
	snprintf(simdir, sizeof(simdir), "%s/sim", dir);
	setenv("BPFSOC_SIM_DIR", simdir, 1);
	/* the tool's cache of the object loaded on a non-sim device */
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	setenv("XDG_CACHE_HOME", cache, 1);
	unsetenv("BPFSOC_DEVICE");
	unsetenv("BPFSOC_SIM");
	unsetenv("BPFSOC_FIRMWARE");
	unsetenv("BPFSOC_DEBUG");
}

static void teardown(void)
{
	if (kill_sim(simdir))
		fprintf(stderr, "test_cli: %s: the test left its simulator running; killed it\n",
			simdir);
	rm_rf(dir);
}

/* ---------------------------------------------------------------------
 * Running programs
 * ------------------------------------------------------------------- */

struct res {
	int code;          /* exit status, or 128 + signal */
	char *out, *err;   /* NUL-terminated */
	char cmd[1024];    /* for messages */
};

static char *drain_append(char *buf, size_t *len, int fd, int *open_)
{
	char tmp[65536];
	ssize_t n;

	while ((n = read(fd, tmp, sizeof(tmp))) < 0 && errno == EINTR)
		;
	if (n <= 0) {
		*open_ = 0;
		return buf;
	}
	buf = realloc(buf, *len + (size_t)n + 1);
	cr_assert_not_null(buf);
	memcpy(buf + *len, tmp, (size_t)n);
	*len += (size_t)n;
	buf[*len] = '\0';
	return buf;
}

/* Runs argv (argv[0] a path) with stdin from /dev/null, in directory
 * dir; its output captured. */
static struct res run_argv(char *const argv[])
{
	struct res r = {0};
	int po[2], pe[2];
	size_t lo = 0, le = 0, at = 0;

	for (int i = 0; argv[i] && at < sizeof(r.cmd) - 1; i++)
		at += (size_t)snprintf(r.cmd + at, sizeof(r.cmd) - at, "%s%s", i ? " " : "", argv[i]);
	cr_assert_eq(pipe(po), 0);
	cr_assert_eq(pipe(pe), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		dup2(in, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		close(po[1]);
		close(pe[1]);
		if (chdir(dir))
			_exit(126);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	r.out = calloc(1, 1);
	r.err = calloc(1, 1);
	int oo = 1, eo = 1;
	while (oo || eo) {
		struct pollfd fds[2] = {{oo ? po[0] : -1, POLLIN, 0}, {eo ? pe[0] : -1, POLLIN, 0}};
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			cr_assert_fail("poll: %s", strerror(errno));
		}
		if (fds[0].revents)
			r.out = drain_append(r.out, &lo, po[0], &oo);
		if (fds[1].revents)
			r.err = drain_append(r.err, &le, pe[0], &eo);
	}
	close(po[0]);
	close(pe[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		cr_assert_eq(errno, EINTR, "waitpid: %s", strerror(errno));
	r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return r;
}

static void res_free(struct res *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

#define MAX_ARGS 32

/* bpfsoc ARG... (NULL-terminated) */
static struct res tool(const char *a, ...)
{
	char *argv[MAX_ARGS + 2];
	va_list ap;
	int n = 0;

	argv[n++] = (char *)TOOL;
	va_start(ap, a);
	for (const char *s = a; s; s = va_arg(ap, const char *)) {
		cr_assert_lt(n, MAX_ARGS);
		argv[n++] = (char *)s;
	}
	va_end(ap);
	argv[n] = NULL;
	return run_argv(argv);
}

/* /bin/sh -c TEXT, in the test's directory */
static struct res shell(const char *fmt, ...)
{
	char text[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	char *argv[] = {"/bin/sh", "-c", text, NULL};
	return run_argv(argv);
}

/* A message's format and arguments for a command's outcome: show(r) at
 * the end of an assertion's arguments, or SHOW_FMT ... SHOW_ARGS(r) after
 * other arguments of the caller's */
#define SHOW_FMT "%s: exit %d\n--- stdout:\n%s\n--- stderr:\n%s"
#define SHOW_ARGS(r) (r).cmd, (r).code, (r).out, (r).err
#define show(r) SHOW_FMT, SHOW_ARGS(r)

/* bpfsoc ARG... that must succeed: its stdout (the caller frees it) */
#define tool_ok(...)                                                           \
	({                                                                     \
		struct res r_ = tool(__VA_ARGS__, NULL);                       \
		cr_assert_eq(r_.code, 0, show(r_));                            \
		free(r_.err);                                                  \
		r_.out;                                                        \
	})

/* ---------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------- */

static void path_in(char *p, size_t len, const char *name)
{
	snprintf(p, len, "%s/%s", dir, name);
}

static void write_file(const char *name, const void *data, size_t n)
{
	char p[700];
	FILE *f;

	path_in(p, sizeof(p), name);
	cr_assert_not_null(f = fopen(p, "wb"), "%s: %s", p, strerror(errno));
	cr_assert_eq(fwrite(data, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

static uint8_t *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b;
	long len;

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)len + 1);
	cr_assert_not_null(b);
	cr_assert_eq(fread(b, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return b;
}

/* Writes NAME.c and builds NAME.o with clang for the BPF target */
static void bpf_build(const char *name, const char *src)
{
	char c[128];

	snprintf(c, sizeof(c), "%s.c", name);
	write_file(c, src, strlen(src));
	struct res r = shell("clang -O2 -g -target bpf -I/usr/include/$(cc -dumpmachine) -c %s.c "
			     "-o %s.o", name, name);
	cr_assert_eq(r.code, 0, show(r));
	res_free(&r);
}

/* ---------------------------------------------------------------------
 * JSON: a strict RFC 8259 checker, and numbers by key from the tool's
 * compact output
 * ------------------------------------------------------------------- */

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *json_value(const char *p, int depth);

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x20)
			return NULL;   /* unescaped control character, or the end */
		if (ch == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 5;
				continue;
			}
			if (!*p || !strchr("\"\\/bfnrt", *p))
				return NULL;
		}
		p++;
	}
	return p + 1;
}

static const char *json_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static const char *json_value(const char *p, int depth)
{
	if (depth > 64)
		return NULL;
	p = json_ws(p);
	switch (*p) {
	case '{':
		p = json_ws(p + 1);
		if (*p == '}')
			return p + 1;
		for (;;) {
			if (!(p = json_string(json_ws(p))))
				return NULL;
			p = json_ws(p);
			if (*p++ != ':')
				return NULL;
			if (!(p = json_value(p, depth + 1)))
				return NULL;
			p = json_ws(p);
			if (*p == '}')
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	case '[':
		p = json_ws(p + 1);
		if (*p == ']')
			return p + 1;
		for (;;) {
			if (!(p = json_value(p, depth + 1)))
				return NULL;
			p = json_ws(p);
			if (*p == ']')
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	case '"':
		return json_string(p);
	case 't':
		return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f':
		return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n':
		return strncmp(p, "null", 4) ? NULL : p + 4;
	default:
		return json_number(p);
	}
}

/* One JSON text and nothing else */
static int json_valid(const char *s)
{
	const char *end = json_value(s, 0);
	return end && !*json_ws(end);
}

#define assert_json(r)                                                                  \
	cr_assert(json_valid((r).out), "not one JSON text: " show(r))

/* The number after the first "key": in s (-1 if none) */
static long long json_num(const char *s, const char *key)
{
	char k[128];
	const char *p;

	snprintf(k, sizeof(k), "\"%s\":", key);
	if (!(p = strstr(s, k)))
		return -1;
	return strtoll(p + strlen(k), NULL, 10);
}

/* ---------------------------------------------------------------------
 * Traffic for examples/port_filter.c, with each packet's verdict
 * ------------------------------------------------------------------- */

enum kind { TCP4, UDP4, ARP, RUNT, TCP6, UDP6 };

struct pkt_spec {
	enum kind kind;
	uint16_t port;   /* destination port */
	int pass;        /* port_filter's verdict with its defaults */
	int reason;      /* its enum drop_reason when dropped */
};

/* DROP_TCP_PORT 0, DROP_UDP_PORT 1, DROP_RUNT 2 (port_filter.c) */
static const struct pkt_spec traffic[] = {
	{TCP4, 80, 1, -1},   {TCP4, 8080, 0, 0}, {UDP4, 53, 0, 1},   {ARP, 0, 1, -1},
	{TCP4, 443, 1, -1},  {RUNT, 0, 0, 2},    {TCP4, 8080, 0, 0}, {TCP4, 22, 1, -1},
	{UDP4, 53, 0, 1},    {TCP6, 443, 1, -1}, {TCP4, 80, 1, -1},  {TCP4, 8080, 0, 0},
	{UDP6, 123, 0, 1},   {ARP, 0, 1, -1},    {RUNT, 0, 0, 2},    {TCP4, 443, 1, -1},
	{UDP4, 53, 0, 1},    {TCP4, 80, 1, -1},  {TCP4, 8080, 0, 0},
};
#define N_TRAFFIC (sizeof(traffic) / sizeof(traffic[0]))
#define N_PASS 9
#define N_DROP 10
/* drop_stats after one run: by reason */
static const unsigned long long drops_by_reason[8] = {4, 4, 2, 0, 0, 0, 0, 0};

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* The frame of spec s, number i: its length */
static size_t make_pkt(const struct pkt_spec *s, unsigned i, uint8_t *b)
{
	static const uint8_t macs[12] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
	size_t len = 14;

	memset(b, 0, 128);
	memcpy(b, macs, 12);
	if (s->kind == RUNT) {
		b[12] = 0x08;   /* an IPv4 frame cut inside its Ethernet header */
		return 10;
	}
	if (s->kind == ARP) {
		put16(b + 12, 0x0806);
		uint8_t *a = b + 14;
		put16(a, 1), put16(a + 2, 0x0800), a[4] = 6, a[5] = 4, put16(a + 6, 1);
		memcpy(a + 8, macs + 6, 6);
		a[14] = 10, a[17] = 1, a[24] = 10, a[27] = (uint8_t)(2 + i);
		return 60;
	}
	int tcp = s->kind == TCP4 || s->kind == TCP6;
	size_t l4 = tcp ? 20 : 8;
	uint8_t *h;
	if (s->kind == TCP4 || s->kind == UDP4) {
		put16(b + 12, 0x0800);
		uint8_t *ip = b + 14;
		ip[0] = 0x45;
		put16(ip + 2, (uint16_t)(20 + l4));
		put16(ip + 4, (uint16_t)i);
		ip[8] = 64, ip[9] = tcp ? 6 : 17;
		ip[12] = 10, ip[15] = 1, ip[16] = 10, ip[19] = 2;
		h = ip + 20;
		len += 20;
	} else {
		put16(b + 12, 0x86dd);
		uint8_t *ip = b + 14;
		ip[0] = 0x60;
		put16(ip + 4, (uint16_t)l4);
		ip[6] = tcp ? 6 : 17, ip[7] = 64;
		ip[8] = 0xfd, ip[23] = 1, ip[24] = 0xfd, ip[39] = 2;
		h = ip + 40;
		len += 40;
	}
	put16(h, (uint16_t)(40000 + i));
	put16(h + 2, s->port);
	if (tcp)
		h[12] = 0x50, h[13] = 0x02;   /* doff 5, SYN */
	else
		put16(h + 4, (uint16_t)l4);
	len += l4;
	return len < 60 ? 60 : len;
}

/* Writes the traffic into dir/NAME as an Ethernet capture */
static void write_traffic(const char *name)
{
	char p[700];
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *d;

	path_in(p, sizeof(p), name);
	cr_assert_not_null(dead);
	cr_assert_not_null(d = pcap_dump_open(dead, p), "%s: %s", p, pcap_geterr(dead));
	for (unsigned i = 0; i < N_TRAFFIC; i++) {
		uint8_t b[128];
		struct pcap_pkthdr h = {.ts = {1700000000 + i, 1000 * i}};
		h.caplen = h.len = (bpf_u_int32)make_pkt(&traffic[i], i, b);
		pcap_dump((u_char *)d, &h, b);
	}
	pcap_dump_close(d);
	pcap_close(dead);
}

/* ---------------------------------------------------------------------
 * The device
 * ------------------------------------------------------------------- */

/* What the device holds, as the tool shows it: programs (with their run
 * counts), maps, and the elements of both of port_filter's maps */
static char *device_state(void)
{
	char *ps = tool_ok("--json", "prog", "show");
	char *ml = tool_ok("--json", "map", "list");
	char *ds = tool_ok("--json", "map", "dump", "name", "drop_stats");
	char *ap = tool_ok("--json", "map", "dump", "name", "allowed_ports");
	size_t n = strlen(ps) + strlen(ml) + strlen(ds) + strlen(ap) + 64;
	char *s = malloc(n);

	cr_assert_not_null(s);
	snprintf(s, n, "prog show: %smap list: %sdrop_stats: %sallowed_ports: %s", ps, ml, ds, ap);
	free(ps), free(ml), free(ds), free(ap);
	return s;
}

/* port_filter loaded, the traffic run through it, port 5353 set for UDP
 * in allowed_ports: the state the bad inputs must leave alone */
static char *good_device(void)
{
	write_traffic("traffic.pcap");
	free(tool_ok("-q", "prog", "load", PORT_FILTER));
	free(tool_ok("prog", "run", "--pcap", "traffic.pcap"));
	free(tool_ok("map", "update", "name", "allowed_ports", "key", "e9", "14", "value", "02"));
	char *s = device_state();
	cr_assert(has(s, "\"run_cnt\":19"), "%s", s);
	cr_assert(has(s, "\"formatted\":{\"key\":5353,\"value\":2}"), "%s", s);
	return s;
}

static void assert_state_unchanged(const char *before, const char *what)
{
	char *after = device_state();

	cr_assert_str_eq(after, before, "%s changed the device:\nbefore: %s\nafter:  %s", what,
			 before, after);
	free(after);
}

/* bpfsoc ARGS... must fail with exit 1, its stderr holding every one of
 * the NULL-terminated strings after the NULL that ends ARGS, and leave
 * the device as `before` */
static void refused(const char *before, const char *const *args, const char *const *msgs)
{
	char *argv[MAX_ARGS + 2];
	int n = 0;

	argv[n++] = (char *)TOOL;
	for (; *args; args++)
		argv[n++] = (char *)*args;
	argv[n] = NULL;
	struct res r = run_argv(argv);
	cr_assert_eq(r.code, 1, "exit 1 expected: " show(r));
	cr_assert(r.err[0], "no message: " show(r));
	for (; *msgs; msgs++)
		cr_assert(has(r.err, *msgs), "the message should say '%s': " SHOW_FMT, *msgs,
			  SHOW_ARGS(r));
	cr_assert(!has(r.out, "prog 0:"), "nothing loaded may be reported: " show(r));
	assert_state_unchanged(before, r.cmd);
	res_free(&r);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define MSGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* bpfsoc sim stop: the simulator goes, its pid with it */
static void stop_sim(void)
{
	char path[700];
	int pid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/pid", simdir);
	if ((f = fopen(path, "r"))) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	struct res r = tool("sim", "stop", NULL);
	cr_assert_eq(r.code, 0, show(r));
	cr_assert(has(r.out, "stopped"), show(r));
	res_free(&r);
	cr_assert_gt(pid, 0, "the simulator wrote no pid");
	for (int i = 0; i < 200 && kill(pid, 0) == 0; i++)
		usleep(10000);
	cr_assert_neq(kill(pid, 0), 0, "bpfsoc-sim %d still runs after sim stop", pid);
	r = tool("sim", "status", NULL);
	cr_assert(r.code == 0 && has(r.out, "not running"), show(r));
	res_free(&r);
}

/* ---------------------------------------------------------------------
 * ELF surgery: the .rel section of an object's section SEC
 * ------------------------------------------------------------------- */

struct rel_at {
	size_t off;       /* file offset of the first Elf64_Rel */
	size_t entsize, n;
};

static struct rel_at find_rel(const char *path, const char *sec)
{
	struct rel_at ra = {0};
	int fd = open(path, O_RDONLY);
	Elf *e;
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	cr_assert_geq(fd, 0, "%s: %s", path, strerror(errno));
	cr_assert_neq(elf_version(EV_CURRENT), EV_NONE);
	cr_assert_not_null(e = elf_begin(fd, ELF_C_READ, NULL));
	cr_assert_eq(elf_getshdrstrndx(e, &shstrndx), 0);
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh, target;
		cr_assert_not_null(gelf_getshdr(scn, &sh));
		if (sh.sh_type != SHT_REL)
			continue;
		Elf_Scn *t = elf_getscn(e, sh.sh_info);
		if (!t || !gelf_getshdr(t, &target))
			continue;
		const char *name = elf_strptr(e, shstrndx, target.sh_name);
		if (name && !strcmp(name, sec)) {
			ra.off = sh.sh_offset;
			ra.entsize = sh.sh_entsize;
			ra.n = sh.sh_size / sh.sh_entsize;
		}
	}
	elf_end(e);
	close(fd);
	cr_assert(ra.n > 0 && ra.entsize == 16, "%s: no .rel section for %s", path, sec);
	return ra;
}

static void put64le(uint8_t *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64le(const uint8_t *b)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

/* A copy of port_filter.o as dir/NAME with its first relocation's
 * r_offset and r_info replaced (each when not ~0) */
static void patched_copy(const char *name, uint64_t r_offset, uint64_t r_info)
{
	size_t n;
	uint8_t *b = read_file(PORT_FILTER, &n);
	struct rel_at ra = find_rel(PORT_FILTER, "xdp");

	cr_assert_leq(ra.off + 16, n);
	if (r_offset != ~0ull)
		put64le(b + ra.off, r_offset);
	if (r_info != ~0ull)
		put64le(b + ra.off + 8, r_info);
	write_file(name, b, n);
	free(b);
}

/* ---------------------------------------------------------------------
 * bad_input
 * ------------------------------------------------------------------- */

TestSuite(bad_input, .init = setup, .fini = teardown, .timeout = 120);

Test(bad_input, truncated_elf)
{
	char *before = good_device();
	size_t n;
	uint8_t *b = read_file(PORT_FILTER, &n);

	write_file("half.o", b, n / 2);
	write_file("head.o", b, 100);
	write_file("magic.o", b, 3);
	free(b);
	refused(before, ARGS("prog", "load", "half.o"), MSGS("half.o", "truncated", "past the end"));
	refused(before, ARGS("prog", "load", "head.o"), MSGS("head.o", "truncated"));
	refused(before, ARGS("prog", "load", "magic.o"), MSGS("magic.o"));
	refused(before, ARGS("check", "half.o"), MSGS("half.o", "truncated"));
	free(before);
	stop_sim();
}

Test(bad_input, wrong_machine)
{
	char *before = good_device();
	static const char host_src[] = "int f(int x) { return x + 1; }\n";

	write_file("host.c", host_src, sizeof(host_src) - 1);
	struct res r = shell("cc -c host.c -o host.o");
	cr_assert_eq(r.code, 0, show(r));
	res_free(&r);
	/* x86-64 (or whatever this machine is): not BPF (247) */
	refused(before, ARGS("prog", "load", "host.o"), MSGS("host.o", "machine type", "not BPF"));
	/* the SoC's firmware: RISC-V (243) */
	refused(before, ARGS("prog", "load", FW_ELF),
		MSGS("bpfsoc-fw.elf", "machine type 243", "not BPF"));
	/* not ELF at all */
	uint8_t junk[512];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 37 + 11);
	write_file("junk.o", junk, sizeof(junk));
	refused(before, ARGS("prog", "load", "junk.o"), MSGS("junk.o", "not an ELF"));
	refused(before, ARGS("prog", "load", "nonexistent.o"), MSGS("nonexistent.o", "No such file"));
	free(before);
	stop_sim();
}

/* port_filter.o's first relocation: R_BPF_64_64 (1) against
 * allowed_ports at instruction 86 of section xdp (port_filter.c:110) */
Test(bad_input, bad_relocation)
{
	char *before = good_device();
	struct rel_at ra = find_rel(PORT_FILTER, "xdp");
	size_t n;
	uint8_t *b = read_file(PORT_FILTER, &n);
	uint64_t off0 = get64le(b + ra.off), info0 = get64le(b + ra.off + 8);
	free(b);
	char insn[32];
	snprintf(insn, sizeof(insn), "insn %llu", (unsigned long long)(off0 / 8));

	/* a relocation type the loader does not know */
	patched_copy("badtype.o", ~0ull, (info0 & ~0xffffffffull) | 99);
	refused(before, ARGS("prog", "load", "badtype.o"),
		MSGS("badtype.o", "section xdp", insn, "port_filter.c:", "relocation type 99"));
	/* a call relocation (R_BPF_64_32, 10) on an lddw */
	patched_copy("calltype.o", ~0ull, (info0 & ~0xffffffffull) | 10);
	refused(before, ARGS("prog", "load", "calltype.o"),
		MSGS("calltype.o", "section xdp", insn, "relocation type 10"));
	/* moved onto the next instruction, which is no lddw */
	patched_copy("notlddw.o", off0 + 8, ~0ull);
	refused(before, ARGS("prog", "load", "notlddw.o"), MSGS("notlddw.o", "section xdp",
								 "relocation type 1"));

	/* an extern the program reads: nothing can resolve it */
	bpf_build("ext", "#include <linux/bpf.h>\n"
			 "#include <bpf/bpf_helpers.h>\n"
			 "extern int x __attribute__((weak));\n"
			 "SEC(\"xdp\") int prog(struct xdp_md *ctx)\n"
			 "{\n"
			 "\treturn x ? XDP_DROP : XDP_PASS;\n"
			 "}\n"
			 "char LICENSE[] SEC(\"license\") = \"GPL\";\n");
	refused(before, ARGS("prog", "load", "ext.o"),
		MSGS("ext.o", "section xdp", "program prog", "ext.c:6", "'x'", "extern"));
	refused(before, ARGS("check", "ext.o"), MSGS("ext.o", "'x'", "extern"));
	free(before);
	stop_sim();
}

/* Relocations that point nowhere: a symbol index past the symbol table,
 * an offset past the end of the section, an offset inside an
 * instruction.  Each is a broken object and must be refused, saying so
 * (one test each, so that each is reported). */
static void bad_target(const char *name, int what)
{
	char *before = good_device();
	struct rel_at ra = find_rel(PORT_FILTER, "xdp");
	size_t n;
	uint8_t *b = read_file(PORT_FILTER, &n);
	uint64_t off0 = get64le(b + ra.off), info0 = get64le(b + ra.off + 8);
	free(b);

	if (what == 0)
		patched_copy(name, ~0ull, (9999ull << 32) | (info0 & 0xffffffff));
	else if (what == 1)
		patched_copy(name, 0x100000, ~0ull);
	else
		patched_copy(name, off0 + 4, ~0ull);
	refused(before, ARGS("prog", "load", name),
		MSGS(name, "relocation", what == 0 ? "9999" : "section xdp"));
	refused(before, ARGS("check", name), MSGS(name, "relocation"));
	free(before);
	stop_sim();
}

Test(bad_input, bad_relocation_symbol)
{
	bad_target("badsym.o", 0);
}

Test(bad_input, bad_relocation_past_end)
{
	bad_target("pastend.o", 1);
}

Test(bad_input, bad_relocation_misaligned)
{
	bad_target("misaligned.o", 2);
}

Test(bad_input, unknown_helper)
{
	char *before = good_device();

	bpf_build("h999", "#include <linux/bpf.h>\n"
			  "#include <bpf/bpf_helpers.h>\n"
			  "SEC(\"xdp\") int prog(struct xdp_md *ctx)\n"
			  "{\n"
			  "\treturn ((long (*)(void))999)() ? XDP_DROP : XDP_PASS;\n"
			  "}\n"
			  "char LICENSE[] SEC(\"license\") = \"GPL\";\n");
	refused(before, ARGS("prog", "load", "h999.o"),
		MSGS("h999.o", "section xdp", "program prog", "insn ", "h999.c:5", "helper 999"));
	/* a real Linux helper (14) the device does not have */
	bpf_build("pidtgid", "#include <linux/bpf.h>\n"
			     "#include <bpf/bpf_helpers.h>\n"
			     "SEC(\"xdp\") int prog(struct xdp_md *ctx)\n"
			     "{\n"
			     "\tif (ctx->ingress_ifindex == 7)\n"
			     "\t\treturn XDP_DROP;\n"
			     "\treturn bpf_get_current_pid_tgid() & 1 ? XDP_DROP : XDP_PASS;\n"
			     "}\n"
			     "char LICENSE[] SEC(\"license\") = \"GPL\";\n");
	refused(before, ARGS("prog", "load", "pidtgid.o"),
		MSGS("pidtgid.o", "section xdp", "pidtgid.c:7", "helper 14"));
	refused(before, ARGS("check", "pidtgid.o"), MSGS("pidtgid.o", "helper 14"));
	free(before);
	stop_sim();
}

Test(bad_input, program_too_large)
{
	char *before = good_device();
	size_t cap = 200000, len = 0;
	char *src = malloc(cap);

	cr_assert_not_null(src);
	len += (size_t)snprintf(src + len, cap - len,
				"#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"
				"SEC(\"xdp\") int big(struct xdp_md *ctx)\n{\n"
				"\tvolatile __u32 a = ctx->ingress_ifindex;\n");
	/* each a load, a multiply, an add and a store: 6000 instructions */
	for (int i = 1; i <= 1500; i++)
		len += (size_t)snprintf(src + len, cap - len, "\ta = a * %d + %d;\n", i, 7 * i);
	snprintf(src + len, cap - len, "\treturn a & 3;\n}\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
	bpf_build("big", src);
	free(src);
	refused(before, ARGS("prog", "load", "big.o"),
		MSGS("big.o", "section xdp", "program big", "instructions", "4096"));
	refused(before, ARGS("check", "big.o"), MSGS("big.o", "instructions", "4096"));
	free(before);
	stop_sim();
}

static void map_obj(const char *name, unsigned value_size, unsigned entries, int two)
{
	char src[2048];

	snprintf(src, sizeof(src),
		 "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"
		 "struct val { char b[%u]; };\n"
		 "struct {\n\t__uint(type, BPF_MAP_TYPE_ARRAY);\n\t__uint(max_entries, %u);\n"
		 "\t__type(key, __u32);\n\t__type(value, struct val);\n} huge SEC(\".maps\");\n"
		 "%s"
		 "SEC(\"xdp\") int prog(struct xdp_md *ctx)\n{\n\t__u32 k = 0;\n"
		 "\treturn bpf_map_lookup_elem(&huge, &k)%s ? XDP_PASS : XDP_DROP;\n}\n"
		 "char LICENSE[] SEC(\"license\") = \"GPL\";\n",
		 value_size, entries,
		 two ? "struct {\n\t__uint(type, BPF_MAP_TYPE_ARRAY);\n\t__uint(max_entries, 40);\n"
		       "\t__type(key, __u32);\n\t__type(value, struct val);\n} second SEC(\".maps\");\n"
		     : "",
		 two ? " && bpf_map_lookup_elem(&second, &k)" : "");
	bpf_build(name, src);
}

Test(bad_input, map_too_large)
{
	char *before = good_device();

	/* 4096 values of 1024 bytes: 4 MiB, the device has 64 KiB */
	map_obj("bigmap", 1024, 4096, 0);
	refused(before, ARGS("prog", "load", "bigmap.o"),
		MSGS("bigmap.o", "map 'huge'", "value 1024", "4096 entries", "map memory"));
	/* a value over 1024 bytes */
	map_obj("bigval", 1025, 4, 0);
	refused(before, ARGS("prog", "load", "bigval.o"),
		MSGS("bigval.o", "map 'huge'", "value 1025", "MAX_VALUE_SIZE"));
	refused(before, ARGS("check", "bigval.o"), MSGS("bigval.o", "'huge'", "MAX_VALUE_SIZE"));
	/* two maps of 40 KiB: each fits, not both */
	map_obj("twomaps", 1024, 40, 1);
	refused(before, ARGS("prog", "load", "twomaps.o"), MSGS("twomaps.o", "2 maps", "map memory"));
	/* and --keep: on top of what is there, the free memory counts */
	map_obj("halfmap", 1024, 56, 0);
	refused(before, ARGS("prog", "load", "--keep", "halfmap.o"),
		MSGS("halfmap.o", "map memory", "free"));
	free(before);
	stop_sim();
}

/* `bpfsoc check` runs the checker "against the largest device"
 * (libbpfsoc.h: sizes against the largest board's with no device).  No
 * board has more than 64 KiB of map memory, so a 4 MiB map is an error
 * there too, not "no problems". */
Test(bad_input, check_map_larger_than_any_board)
{
	map_obj("bigmap", 1024, 4096, 0);
	struct res r = tool("check", "bigmap.o", NULL);
	cr_assert_eq(r.code, 1, "exit 1 expected: " show(r));
	cr_assert(has(r.err, "map 'huge'") && has(r.err, "map memory"), show(r));
	cr_assert(!has(r.out, "no problems"), show(r));
	res_free(&r);
	/* no device was opened: no simulator started */
	r = tool("sim", "status", NULL);
	cr_assert(has(r.out, "not running"), show(r));
	res_free(&r);
}

Test(bad_input, missing_section)
{
	char *before = good_device();

	refused(before, ARGS("prog", "load", PORT_FILTER, "--section", "nosuch"),
		MSGS("port_filter.o", "no section or program 'nosuch'", "xdp", "xdp_port_filter"));
	/* a program's name, or its section, is fine */
	char *out = tool_ok("prog", "load", PORT_FILTER, "--section", "xdp_port_filter");
	cr_assert(has(out, "xdp_port_filter (section xdp), 275 instructions, runs by default"),
		  "%s", out);
	free(out);
	free(before);
	stop_sim();
}

Test(bad_input, bad_pcap)
{
	char *before = good_device();
	char p[700];
	size_t n;

	/* garbage */
	uint8_t junk[1000];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 131 + 7);
	write_file("garbage.pcap", junk, sizeof(junk));
	refused(before, ARGS("prog", "run", "--pcap", "garbage.pcap"),
		MSGS("garbage.pcap", "unknown file format"));
	/* truncated: in the file header, and inside packet 3 */
	path_in(p, sizeof(p), "traffic.pcap");
	uint8_t *b = read_file(p, &n);
	write_file("hdr.pcap", b, 10);
	refused(before, ARGS("prog", "run", "--pcap", "hdr.pcap"), MSGS("hdr.pcap", "truncated"));
	/* 24 bytes of file header, then 16 + 60 for each of packets 1 and 2 */
	write_file("cut.pcap", b, 24 + 2 * (16 + 60) + 16 + 20);
	refused(before, ARGS("prog", "run", "--pcap", "cut.pcap"),
		MSGS("cut.pcap", "packet 3", "truncated"));
	write_file("empty.pcap", b, 0);
	refused(before, ARGS("prog", "run", "--pcap", "empty.pcap"), MSGS("empty.pcap"));
	free(b);
	/* another link type: raw IP (DLT_RAW), no Ethernet header */
	path_in(p, sizeof(p), "raw.pcap");
	pcap_t *dead = pcap_open_dead(DLT_RAW, 65535);
	pcap_dumper_t *d = pcap_dump_open(dead, p);
	cr_assert_not_null(d);
	uint8_t ip[40] = {0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6};
	struct pcap_pkthdr h = {.caplen = 40, .len = 40};
	pcap_dump((u_char *)d, &h, ip);
	pcap_dump_close(d);
	pcap_close(dead);
	refused(before, ARGS("prog", "run", "--pcap", "raw.pcap"),
		MSGS("raw.pcap", "link type RAW", "EN10MB"));
	refused(before, ARGS("prog", "run", "--pcap", "nosuch.pcap"),
		MSGS("nosuch.pcap", "No such file"));
	free(before);
	stop_sim();
}

/* --write-pass to a file that cannot be written: refused before any
 * packet runs, as a bad input capture is (otherwise the device counts a
 * run whose verdicts nobody sees) */
Test(bad_input, unwritable_write_pass)
{
	char *before = good_device();

	refused(before, ARGS("prog", "run", "--pcap", "traffic.pcap", "--write-pass",
			     "/nonexistent/out.pcap"), MSGS("/nonexistent/out.pcap"));
	free(before);
	stop_sim();
}

/* ---------------------------------------------------------------------
 * happy: the tool doing its job
 * ------------------------------------------------------------------- */

TestSuite(happy, .init = setup, .fini = teardown, .timeout = 180);

static void assert_run_text(const char *out, int pass, int drop)
{
	char line[64];

	cr_assert(has(out, "traffic.pcap: 19 packets through program 0"), "%s", out);
	snprintf(line, sizeof(line), "  %-13s %d\n", "XDP_PASS", pass);
	cr_assert(has(out, line), "'%s' expected in:\n%s", line, out);
	snprintf(line, sizeof(line), "  %-13s %d\n", "XDP_DROP", drop);
	cr_assert(has(out, line), "'%s' expected in:\n%s", line, out);
	cr_assert(!has(out, "XDP_ABORTED") && !has(out, "faults"), "%s", out);
	cr_assert(has(out, "eBPF core cycles: ") && has(out, "packets/s at 50 MHz"), "%s", out);
}

static void assert_drop_stats(const char *out, const unsigned long long *want)
{
	char line[96];

	for (unsigned k = 0; k < 8; k++) {
		snprintf(line, sizeof(line), "key: (__u32)%u  value: (__u64)%llu\n", k, want[k]);
		cr_assert(has(out, line), "'%s' expected in:\n%s", line, out);
	}
	cr_assert(has(out, "Found 8 elements"), "%s", out);
}

/* Every command its own process: the background simulator keeps the
 * programs and maps, and the tool the object's BTF, between them */
Test(happy, state_across_processes)
{
	write_traffic("traffic.pcap");
	struct res r = tool("prog", "load", PORT_FILTER, NULL);
	cr_assert_eq(r.code, 0, show(r));
	cr_assert(has(r.out, "prog 0: xdp_port_filter (section xdp), 275 instructions, runs by "
			     "default"), show(r));
	cr_assert(has(r.out, "map 2: allowed_ports, key 2, value 1, 256 entries"), show(r));
	cr_assert(has(r.out, "map 3: drop_stats, key 4, value 8, 8 entries"), show(r));
	cr_assert(has(r.err, "starting bpfsoc-sim in the background"), show(r));
	res_free(&r);

	char *out = tool_ok("prog", "run", "--pcap", "traffic.pcap");
	assert_run_text(out, N_PASS, N_DROP);
	free(out);
	out = tool_ok("map", "dump", "name", "drop_stats");
	assert_drop_stats(out, drops_by_reason);
	free(out);
	out = tool_ok("map", "dump", "id", "2");
	cr_assert(has(out, "Found 0 elements"), "allowed_ports starts empty:\n%s", out);
	free(out);

	/* allow TCP to 8080 (ALLOW_TCP, key 8080 in host order): its four
	 * packets pass from now on */
	free(tool_ok("map", "update", "name", "allowed_ports", "key", "0x90", "0x1f", "value", "01"));
	out = tool_ok("map", "lookup", "name", "allowed_ports", "key", "901f");
	cr_assert(has(out, "key: (__u16)8080  value: (__u8)1"), "%s", out);
	free(out);
	out = tool_ok("prog", "run", "name", "xdp_port_filter", "--pcap", "traffic.pcap");
	assert_run_text(out, N_PASS + 4, N_DROP - 4);
	free(out);
	const unsigned long long twice[8] = {4, 8, 4, 0, 0, 0, 0, 0};
	out = tool_ok("map", "dump", "name", "drop_stats");
	assert_drop_stats(out, twice);
	free(out);
	out = tool_ok("prog", "show");
	cr_assert(has(out, "0: xdp  name xdp_port_filter  insns 275 at slot 0"), "%s", out);
	cr_assert(has(out, "run_cnt 38  cycles "), "%s", out);
	free(out);

	/* delete, and delete again */
	free(tool_ok("map", "delete", "name", "allowed_ports", "key", "90", "1f"));
	r = tool("map", "delete", "name", "allowed_ports", "key", "90", "1f", NULL);
	cr_assert(r.code == 1 && has(r.err, "no such key"), show(r));
	res_free(&r);
	r = tool("map", "lookup", "name", "nosuch", "key", "00", NULL);
	cr_assert(r.code == 1 && has(r.err, "no map named 'nosuch'"), show(r));
	res_free(&r);
	r = tool("prog", "run", "id", "5", "--pcap", "traffic.pcap", NULL);
	cr_assert(r.code == 1 && has(r.err, "no program with id 5"), show(r));
	res_free(&r);

	/* a load without --keep replaces everything: run counts start over */
	free(tool_ok("-q", "prog", "load", PORT_FILTER));
	out = tool_ok("--json", "prog", "show");
	cr_assert(has(out, "\"run_cnt\":0"), "%s", out);
	free(out);
	stop_sim();
}

Test(happy, json_outputs)
{
	write_traffic("traffic.pcap");
	struct res r = tool("--json", "prog", "load", PORT_FILTER, NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert(has(r.out, "{\"id\":0,\"name\":\"xdp_port_filter\",\"section\":\"xdp\","
			     "\"insns\":275}"), show(r));
	res_free(&r);

	r = tool("--json", "info", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert(has(r.out, "\"device\":\"sim:\""), show(r));
	cr_assert_eq(json_num(r.out, "imem_slots"), 4096, show(r));
	cr_assert_eq(json_num(r.out, "map_memory"), 65536, show(r));
	cr_assert_eq(json_num(r.out, "clock_hz"), 50000000, show(r));
	res_free(&r);

	/* --json after the command works the same */
	r = tool("prog", "run", "--pcap", "traffic.pcap", "--json", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert_eq(json_num(r.out, "packets"), (long long)N_TRAFFIC, show(r));
	cr_assert_eq(json_num(r.out, "XDP_PASS"), N_PASS, show(r));
	cr_assert_eq(json_num(r.out, "XDP_DROP"), N_DROP, show(r));
	cr_assert_eq(json_num(r.out, "XDP_ABORTED"), 0, show(r));
	cr_assert_eq(json_num(r.out, "faults"), 0, show(r));
	cr_assert_gt(json_num(r.out, "cycles"), 0, show(r));
	cr_assert_gt(json_num(r.out, "device_cycles"), 0, show(r));
	res_free(&r);

	r = tool("--json", "prog", "show", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert_eq(json_num(r.out, "run_cnt"), (long long)N_TRAFFIC, show(r));
	res_free(&r);

	r = tool("--json", "map", "list", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert(has(r.out, "{\"id\":3,\"type\":\"array\",\"name\":\"drop_stats\",\"flags\":0,"
			     "\"bytes_key\":4,\"bytes_value\":8,\"max_entries\":8,"), show(r));
	cr_assert(has(r.out, "\"name\":\"allowed_ports\""), show(r));
	res_free(&r);

	r = tool("--json", "map", "dump", "name", "drop_stats", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert(has(r.out, "{\"key\":[\"0x01\",\"0x00\",\"0x00\",\"0x00\"],\"value\":[\"0x04\","
			     "\"0x00\",\"0x00\",\"0x00\",\"0x00\",\"0x00\",\"0x00\",\"0x00\"],"
			     "\"formatted\":{\"key\":1,\"value\":4}}"), show(r));
	res_free(&r);

	/* the .rodata map: a DATASEC, formatted by variable */
	r = tool("--json", "map", "dump", "id", "1", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert(has(r.out, "\"default_tcp_ports\":[22,80,443]"), show(r));
	res_free(&r);

	r = tool("--json", "map", "lookup", "name", "drop_stats", "key", "02000000", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert(has(r.out, "\"formatted\":{\"key\":2,\"value\":2}"), show(r));
	res_free(&r);

	r = tool("--json", "map", "getnext", "name", "drop_stats", "key", "00000000", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert(has(r.out, "\"next_key\":[\"0x01\",\"0x00\",\"0x00\",\"0x00\"]"), show(r));
	res_free(&r);

	r = tool("--json", "sim", "status", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert(has(r.out, "\"running\":true"), show(r));
	res_free(&r);

	/* --pretty: indented, still JSON, the same numbers */
	r = tool("--pretty", "map", "list", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert(has(r.out, "\n    {\n        \"id\": 1,"), show(r));
	res_free(&r);
	stop_sim();
}

Test(happy, write_pass)
{
	char in[700], out[700];

	write_traffic("traffic.pcap");
	free(tool_ok("-q", "prog", "load", PORT_FILTER));
	struct res r = tool("--json", "prog", "run", "--pcap", "traffic.pcap", "--write-pass",
			    "passed.pcap", NULL);
	cr_assert_eq(r.code, 0, show(r));
	assert_json(r);
	cr_assert_eq(json_num(r.out, "XDP_PASS"), N_PASS, show(r));
	cr_assert(has(r.out, "\"written\":\"passed.pcap\""), show(r));
	res_free(&r);

	char err[PCAP_ERRBUF_SIZE];
	path_in(in, sizeof(in), "traffic.pcap");
	path_in(out, sizeof(out), "passed.pcap");
	pcap_t *pi = pcap_open_offline(in, err), *po = pcap_open_offline(out, err);
	cr_assert_not_null(pi, "%s", err);
	cr_assert_not_null(po, "%s: %s", out, err);
	cr_assert_eq(pcap_datalink(po), DLT_EN10MB);
	struct pcap_pkthdr *hi, *ho;
	const u_char *di, *d_o;
	unsigned got = 0;
	/* exactly the passed packets, in order, as captured (time stamps too) */
	for (unsigned i = 0; i < N_TRAFFIC; i++) {
		cr_assert_eq(pcap_next_ex(pi, &hi, &di), 1);
		if (!traffic[i].pass)
			continue;
		cr_assert_eq(pcap_next_ex(po, &ho, &d_o), 1, "passed packet %u (input %u) missing",
			     got + 1, i + 1);
		cr_assert_eq(ho->caplen, hi->caplen, "input packet %u", i + 1);
		cr_assert_eq(ho->len, hi->len);
		cr_assert_eq(ho->ts.tv_sec, hi->ts.tv_sec);
		cr_assert_eq(ho->ts.tv_usec, hi->ts.tv_usec);
		cr_assert_eq(memcmp(d_o, di, hi->caplen), 0, "input packet %u",
			     i + 1);
		got++;
	}
	cr_assert_eq(pcap_next_ex(po, &ho, &d_o), -2, "more packets written than passed");
	cr_assert_eq(got, N_PASS);
	pcap_close(pi);
	pcap_close(po);

	/* a program that passes nothing writes an empty, valid capture */
	bpf_build("dropall", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"
			     "SEC(\"xdp\") int dropall(struct xdp_md *ctx) { return XDP_DROP; }\n"
			     "char LICENSE[] SEC(\"license\") = \"GPL\";\n");
	free(tool_ok("-q", "prog", "load", "dropall.o"));
	r = tool("prog", "run", "--pcap", "traffic.pcap", "--write-pass", "none.pcap", NULL);
	cr_assert_eq(r.code, 0, show(r));
	cr_assert(has(r.out, "through program 0") && has(r.out, "XDP_DROP      19"), show(r));
	res_free(&r);
	path_in(out, sizeof(out), "none.pcap");
	po = pcap_open_offline(out, err);
	cr_assert_not_null(po, "%s: %s", out, err);
	cr_assert_eq(pcap_next_ex(po, &ho, &d_o), -2);
	pcap_close(po);
	stop_sim();
}

/* The verdicts of one run as JSON: {"XDP_ABORTED":..,...} and faults */
static char *verdicts_of(const char *json)
{
	const char *a = strstr(json, "\"verdicts\":"), *b = a ? strstr(a, ",\"cycles\"") : NULL;

	cr_assert(a && b, "no verdicts in %s", json);
	return strndup(a, (size_t)(b - a));
}

Test(happy, same_verdicts_over_every_link)
{
	char mmio[800], serial[800], env[800];

	write_traffic("traffic.pcap");
	free(tool_ok("-q", "prog", "load", PORT_FILTER));
	char *out = tool_ok("--json", "prog", "run", "--pcap", "traffic.pcap");
	char *want = verdicts_of(out);
	cr_assert(has(want, "\"XDP_PASS\":9") && has(want, "\"XDP_DROP\":10"), "%s", out);
	free(out);

	/* the same simulator's host port and UART, named directly */
	snprintf(mmio, sizeof(mmio), "mmio:unix:%s/mmio.sock", simdir);
	snprintf(serial, sizeof(serial), "serial:%s/uart", simdir);
	const char *devs[] = {mmio, serial};
	for (int k = 0; k < 2; k++) {
		out = tool_ok("--device", devs[k], "--json", "prog", "run", "--pcap", "traffic.pcap");
		char *got = verdicts_of(out);
		cr_assert_str_eq(got, want, "%s: %s", devs[k], out);
		cr_assert(has(out, "\"packets\":19") && has(out, "\"prog_id\":0"), "%s", out);
		free(got);
		free(out);
		out = tool_ok("-d", devs[k], "info");
		cr_assert(has(out, devs[k]) && has(out, "instruction slots: 4096"), "%s", out);
		free(out);
	}
	/* the device from the environment, and --device= */
	snprintf(env, sizeof(env), "%s", mmio);
	setenv("BPFSOC_DEVICE", env, 1);
	out = tool_ok("prog", "run", "id", "0", "--pcap", "traffic.pcap");
	unsetenv("BPFSOC_DEVICE");
	assert_run_text(out, N_PASS, N_DROP);
	free(out);
	char opt[820];
	snprintf(opt, sizeof(opt), "--device=%s", serial);
	out = tool_ok(opt, "map", "dump", "name", "drop_stats");
	cr_assert(has(out, "Found 8 elements"), "%s", out);
	free(out);

	/* four runs of 19 packets, counted by the one device */
	out = tool_ok("--json", "prog", "show");
	cr_assert_eq(json_num(out, "run_cnt"), 4 * (long long)N_TRAFFIC, "%s", out);
	free(out);
	const unsigned long long four[8] = {16, 16, 8, 0, 0, 0, 0, 0};
	out = tool_ok("map", "dump", "name", "drop_stats");
	assert_drop_stats(out, four);
	free(out);
	free(want);
	stop_sim();
}

Test(happy, sim_commands)
{
	struct res r = tool("sim", "status", NULL);
	cr_assert(r.code == 0 && has(r.out, "not running"), show(r));
	res_free(&r);
	r = tool("sim", "stop", NULL);
	cr_assert(r.code == 0 && has(r.out, "not running"), "stopping none is fine: " show(r));
	res_free(&r);
	r = tool("sim", "start", NULL);
	cr_assert_eq(r.code, 0, show(r));
	cr_assert(has(r.out, "running, pid ") && has(r.out, simdir), show(r));
	res_free(&r);
	char p[700];
	snprintf(p, sizeof(p), "%s/mmio.sock", simdir);
	cr_assert_eq(access(p, F_OK), 0, "no %s", p);
	snprintf(p, sizeof(p), "%s/uart", simdir);
	cr_assert_eq(access(p, F_OK), 0, "no %s", p);
	char *out = tool_ok("prog", "show");
	cr_assert(has(out, "no programs loaded"), "%s", out);
	free(out);
	out = tool_ok("map", "list");
	cr_assert(has(out, "no maps"), "%s", out);
	free(out);
	r = tool("prog", "run", "--pcap", "x.pcap", NULL);
	cr_assert_eq(r.code, 1, show(r));
	res_free(&r);
	r = tool("--device", "mmio:unix:/nonexistent/sock", "info", NULL);
	cr_assert(r.code == 1 && has(r.err, "/nonexistent/sock"), show(r));
	res_free(&r);
	r = tool("--device", "mmio:unix:/x", "sim", "status", NULL);
	cr_assert(r.code == 1 && has(r.err, "not a sim: device"), show(r));
	res_free(&r);
	stop_sim();
}

/* ---------------------------------------------------------------------
 * usage
 * ------------------------------------------------------------------- */

TestSuite(usage, .init = setup, .fini = teardown, .timeout = 60);

Test(usage, help_exits_0)
{
	static const char *const cmds[][4] = {
		{"--help"}, {"-h"}, {"help"}, {"info", "--help"}, {"prog", "--help"},
		{"prog", "load", "--help"}, {"prog", "show", "--help"}, {"prog", "run", "--help"},
		{"map", "--help"}, {"map", "list", "--help"}, {"map", "dump", "--help"},
		{"map", "lookup", "--help"}, {"map", "update", "--help"}, {"map", "delete", "--help"},
		{"map", "getnext", "--help"}, {"trace", "--help"}, {"check", "--help"},
		{"sim", "--help"},
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct res r = tool(cmds[i][0], cmds[i][1], cmds[i][2], cmds[i][3], NULL);
		cr_assert_eq(r.code, 0, show(r));
		cr_assert(!strncmp(r.out, "usage: bpfsoc", 13), "help on stdout: " show(r));
		cr_assert_str_eq(r.err, "", show(r));
		res_free(&r);
	}
	struct res r = tool("--version", NULL);
	cr_assert(r.code == 0 && !strncmp(r.out, "bpfsoc 0.1 (protocol ", 21), show(r));
	res_free(&r);
	/* help opens no device */
	r = tool("sim", "status", NULL);
	cr_assert(has(r.out, "not running"), show(r));
	res_free(&r);
}

Test(usage, unknown_is_exit_2)
{
	static const char *const cmds[][5] = {
		{"frobnicate"}, {"--frobnicate", "info"}, {"prog", "frob"}, {"map", "frob"},
		{"sim", "frob"}, {"prog"}, {"map"}, {"prog", "run", "--bogus"},
		{"prog", "load", "--bogus", "x.o"}, {"prog", "load"}, {"prog", "run"},
		{"trace", "--bogus"}, {"check"}, {"map", "list", "extra"}, {"map", "dump"},
		{"sim", "status", "extra"},
	};
	struct res r = tool(NULL);
	cr_assert_eq(r.code, 2, "no command: " show(r));
	cr_assert(has(r.err, "no command"), show(r));
	res_free(&r);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		r = tool(cmds[i][0], cmds[i][1], cmds[i][2], cmds[i][3], cmds[i][4], NULL);
		cr_assert_eq(r.code, 2, show(r));
		cr_assert(!strncmp(r.err, "bpfsoc: ", 8) && has(r.err, "usage: bpfsoc"),
			  "a message and the usage on stderr: " show(r));
		cr_assert_str_eq(r.out, "", show(r));
		res_free(&r);
	}
	r = tool("frobnicate", NULL);
	cr_assert(has(r.err, "unknown command 'frobnicate'"), show(r));
	res_free(&r);
	r = tool("--frobnicate", "info", NULL);
	cr_assert(has(r.err, "unknown option '--frobnicate'"), show(r));
	res_free(&r);
	/* none of them started a simulator */
	r = tool("sim", "status", NULL);
	cr_assert(has(r.out, "not running"), show(r));
	res_free(&r);
}

/* Commands that take no arguments refuse unknown ones too, as map list
 * does, instead of ignoring them and going ahead */
Test(usage, extra_arguments_are_exit_2)
{
	static const char *const cmds[][3] = {
		{"info", "--bogus"}, {"info", "extra"}, {"prog", "show", "--bogus"},
		{"prog", "show", "extra"},
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct res r = tool(cmds[i][0], cmds[i][1], cmds[i][2], NULL);
		cr_assert_eq(r.code, 2, show(r));
		cr_assert(has(r.err, cmds[i][1]), "the message names '%s': " SHOW_FMT,
			  cmds[i][1], SHOW_ARGS(r));
		res_free(&r);
	}
	struct res r = tool("-q", "sim", "stop", NULL);
	res_free(&r);
}

/* ---------------------------------------------------------------------
 * install
 * ------------------------------------------------------------------- */

TestSuite(install, .init = setup, .fini = teardown, .timeout = 600);

static const char names_c[] =
	"#include <stdio.h>\n"
	"#include <libbpfsoc.h>\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\tstruct bpfsoc_object *obj;\n"
	"\tif (argc != 2 || bpfsoc_object__open(argv[1], NULL, &obj))\n"
	"\t\treturn 1;\n"
	"\tfor (struct bpfsoc_program *p = bpfsoc_object__next_program(obj, NULL); p;\n"
	"\t     p = bpfsoc_object__next_program(obj, p))\n"
	"\t\tprintf(\"%s\\n\", bpfsoc_program__name(p));\n"
	"\tbpfsoc_object__close(obj);\n"
	"\treturn 0;\n"
	"}\n";

Test(install, pkg_config_program)
{
	static const char *const files[] = {
		"bin/bpfsoc", "bin/bpfsoc-sim", "lib/libbpfsoc.a", "include/libbpfsoc.h",
		"lib/pkgconfig/libbpfsoc.pc", "share/doc/bpfsoc/bpfsoc.md",
	};
	char p[800];

	struct res r = shell("make -s --no-print-directory -C '%s' install PREFIX='%s/inst' "
			     ">make.log 2>&1 || { cat make.log; exit 1; }", BPFSOC_SRC, dir);
	cr_assert_eq(r.code, 0, show(r));
	res_free(&r);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/inst/%s", dir, files[i]);
		cr_assert_eq(access(p, R_OK), 0, "not installed: %s", p);
	}
	snprintf(p, sizeof(p), "%s/inst/bin/bpfsoc", dir);
	cr_assert_eq(access(p, X_OK), 0);

	/* the header alone, strict C99 and C++ */
	r = shell("printf '#include <libbpfsoc.h>\\nint x;\\n' > hdr.c && "
		  "cc -std=c99 -pedantic -Wall -Wextra -Werror -Iinst/include -c hdr.c -o hdr.o && "
		  "c++ -x c++ -Wall -Werror -Iinst/include -c hdr.c -o hdr2.o");
	cr_assert_eq(r.code, 0, show(r));
	res_free(&r);

	write_file("names.c", names_c, sizeof(names_c) - 1);
	r = shell("export PKG_CONFIG_PATH='%s/inst/lib/pkgconfig'; "
		  "pkg-config --modversion libbpfsoc && "
		  "cc -std=c99 -Wall -Wextra -Werror names.c $(pkg-config --cflags --libs --static "
		  "libbpfsoc) -o names && ./names '%s' && ./names '%s/examples/tail_calls.o'",
		  dir, PORT_FILTER, BPFSOC_BUILD);
	cr_assert_eq(r.code, 0, show(r));
	cr_assert(!strncmp(r.out, "0.1\nxdp_port_filter\n", 20), show(r));
	cr_assert(has(r.out, "\nxdp_parser\n"), show(r));
	res_free(&r);
	r = shell("./names host.nothing");
	cr_assert_eq(r.code, 1, show(r));
	cr_assert(has(r.err, "host.nothing"), "the library's message on stderr: " show(r));
	res_free(&r);

	/* the installed tool runs */
	r = shell("inst/bin/bpfsoc check '%s'", PORT_FILTER);
	cr_assert(r.code == 0 && has(r.out, "no problems"), show(r));
	res_free(&r);

	/* DESTDIR: the files under it, the .pc naming PREFIX alone */
	r = shell("make -s --no-print-directory -C '%s' install PREFIX=/opt/bpfsoc "
		  "DESTDIR='%s/stage' >make2.log 2>&1 || { cat make2.log; exit 1; }",
		  BPFSOC_SRC, dir);
	cr_assert_eq(r.code, 0, show(r));
	res_free(&r);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/stage/opt/bpfsoc/%s", dir, files[i]);
		cr_assert_eq(access(p, R_OK), 0, "not installed: %s", p);
	}
	snprintf(p, sizeof(p), "%s/stage/opt/bpfsoc/lib/pkgconfig/libbpfsoc.pc", dir);
	size_t n;
	char *pc = (char *)read_file(p, &n);
	pc[n] = '\0';
	cr_assert(has(pc, "prefix=/opt/bpfsoc\n") && has(pc, "libdir=${prefix}/lib\n") &&
		  has(pc, "Libs: -L${libdir} -lbpfsoc") && !has(pc, "stage"), "%s", pc);
	free(pc);
}

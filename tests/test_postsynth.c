/* test_postsynth.c: the board's synthesised netlist runs as the RTL does.
 *
 * ps_check (tests/ps_check.c) holds one fixed session with the firmware:
 * INFO, maps, eBPF programs loaded and run on packets, a fault, the maps
 * read back.  mk/postsynth.mk builds it twice: against the RTL SoC
 * (build/tests/ps_check) and against the yosys netlist of the board's
 * bitstream with its family's cell models (build/bpfsoc-ps-check-BOARD),
 * whose firmware is in the netlist's RAM contents (ECP5) or booted from
 * the flash model (iCE40).  Both run side by side here;
 * their transcripts must agree line by line (each result, each eBPF cycle
 * count), but for the SoC's clock, which is each one's own.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef PS_BOARD
#define PS_BOARD "ulx3s"
#endif

#define RTL_CHECK BPFSOC_BUILD "/tests/ps_check"
#define PS_CHECK  BPFSOC_BUILD "/bpfsoc-ps-check-" PS_BOARD

#define MAX_LINES 64

struct transcript {
	char *line[MAX_LINES];
	int n;
	int status;
};

static FILE *start(const char *bin)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "%s 2>&1", bin);
	FILE *f = popen(cmd, "r");

	cr_assert_not_null(f, "cannot run %s", bin);
	return f;
}

static void finish(FILE *f, struct transcript *t)
{
	char buf[4096];

	t->n = 0;
	while (fgets(buf, sizeof(buf), f))
		if (t->n < MAX_LINES)
			t->line[t->n++] = strdup(buf);
	t->status = pclose(f);
}

static int is_clock(const char *l)
{
	return !strncmp(l, "clock ", 6);
}

static int count_prefix(const struct transcript *t, const char *p)
{
	int k = 0;
	for (int i = 0; i < t->n; i++)
		k += !strncmp(t->line[i], p, strlen(p));
	return k;
}

Test(postsynth, netlist_equals_rtl, .timeout = 1800)
{
	struct transcript rtl, ps;
	time_t t0 = time(NULL);

	/* both at once: the netlist takes minutes, the RTL seconds */
	FILE *fp = start(PS_CHECK);
	FILE *fr = start(RTL_CHECK);
	finish(fr, &rtl);
	finish(fp, &ps);

	cr_assert_eq(rtl.status, 0, "the RTL's session failed: %s", rtl.n ? rtl.line[rtl.n - 1] : "");
	cr_assert_eq(ps.status, 0, "the netlist's session failed: %s", ps.n ? ps.line[ps.n - 1] : "");
	/* the session is all there: 4 loads, 6 runs, the maps, the end */
	cr_assert_eq(count_prefix(&rtl, "load "), 4);
	cr_assert_eq(count_prefix(&rtl, "run "), 6);
	cr_assert_eq(count_prefix(&rtl, "end"), 1);
	/* the RTL did what the programs say (the netlist is compared to it) */
	for (int i = 0; i < rtl.n; i++) {
		cr_expect(strncmp(rtl.line[i], "load ", 5) || strstr(rtl.line[i], "status 0,"),
			  "%s", rtl.line[i]);
		if (!strncmp(rtl.line[i], "run 3:", 6))
			cr_expect(strstr(rtl.line[i], "verdict 0 fault 3 "), "the fault: %s", rtl.line[i]);
		if (!strncmp(rtl.line[i], "run 2:", 6))
			cr_expect(strstr(rtl.line[i], "verdict 2 fault 0 ") &&
				  strstr(rtl.line[i], "helper calls 2"), "the map helpers: %s",
				  rtl.line[i]);
	}
	cr_assert(strstr(rtl.line[rtl.n - 2], "ef be fe ca ce fa ed fe"),
		  "the program's hash entry: %s", rtl.line[rtl.n - 2]);

	/* line by line the same */
	cr_assert_eq(ps.n, rtl.n, "the netlist wrote %d lines, the RTL %d", ps.n, rtl.n);
	for (int i = 0; i < rtl.n; i++) {
		if (is_clock(rtl.line[i]) && is_clock(ps.line[i]))
			continue;
		cr_assert_str_eq(ps.line[i], rtl.line[i], "line %d: netlist and RTL differ", i + 1);
	}
	for (int i = 0; i < ps.n; i++)
		if (is_clock(ps.line[i]))
			printf("postsynth: %s netlist at %s", PS_BOARD, ps.line[i]);
	printf("postsynth: %d lines of the session equal on the %s netlist and the RTL (%ld s)\n",
	       rtl.n, PS_BOARD, (long)(time(NULL) - t0));
	for (int i = 0; i < rtl.n; i++) {
		free(rtl.line[i]);
		free(ps.line[i]);
	}
}

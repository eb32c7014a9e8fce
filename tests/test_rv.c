/* test_rv.c: the RISC-V directed tests (tests/rv/README.md) on bpfsoc-sim.
 *
 * Each tests/rv/<name>.S is built into BPFSOC_BUILD/rv/<name>.elf (make
 * rv-tests; building this test binary builds them too) and must pass on
 * the simulated SoC: exit status 0 and "pass" in the output.  selftest_fail
 * must fail, naming its check 7, and a run out of cycles must exit 2: the
 * machinery can tell failure from success.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef BPFSOC_SRC
#define BPFSOC_SRC "."
#endif

#ifndef BPFSOC_BUILD
#define BPFSOC_BUILD "build"
#endif

/* Far more than any program needs (the longest takes ~150000 cycles). */
#define RV_MAX_CYCLES 20000000L

/* Every program that must pass; tests/rv/<name>.S, one Test each. */
#define RV_PROGRAMS(X)                                                            \
	X(smoke) X(alu) X(alui) X(shift) X(upper) X(branch) X(jump) X(load)       \
	X(store) X(mul) X(div) X(hazard) X(regfile) X(csr) X(trap) X(misaligned) \
	X(access) X(illegal) X(counters) X(irq_timer) X(irq_soft) X(wfi)       \
	X(pipeline) X(irq_pipe) X(syscon) X(storebuf) X(timing)

/* The programs that must fail. */
#define RV_NEGATIVE "selftest_fail"

struct outcome {
	int status;
	char out[8192];
};

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;
	buf[n] = 0;
	if (f)
		fclose(f);
}

/* Run bpfsoc-sim on BPFSOC_BUILD/rv/<name>.elf; stdout and stderr together. */
static struct outcome run_sim(const char *name, long max_cycles)
{
	static struct outcome o;
	char elf[4096], sim[4096], dir[] = "/tmp/bpfsoc-rv-XXXXXX", p_out[64], cmd[12288];
	snprintf(elf, sizeof elf, "%s/rv/%s.elf", BPFSOC_BUILD, name);
	snprintf(sim, sizeof sim, "%s/bpfsoc-sim", BPFSOC_BUILD);
	cr_assert(access(sim, X_OK) == 0, "%s is missing: build the simulator first", sim);
	cr_assert(access(elf, R_OK) == 0, "%s is missing: run 'make rv-tests'", elf);
	cr_assert(mkdtemp(dir));
	snprintf(p_out, sizeof p_out, "%s/out", dir);
	snprintf(cmd, sizeof cmd, "%s --elf %s --max-cycles %ld > %s 2>&1", sim, elf, max_cycles,
		 p_out);
	int st = system(cmd);
	o.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	slurp(p_out, o.out, sizeof o.out);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	return o;
}

static void expect_pass(const char *name)
{
	struct outcome o = run_sim(name, RV_MAX_CYCLES);
	/* A failing check n prints "FAIL" and n (n >= 10000: an unexpected
	 * trap during check n - 10000); see tests/rv/rvtest.h. */
	cr_expect_eq(o.status, 0, "%s: exit status %d: %s", name, o.status, o.out);
	cr_expect(strstr(o.out, "pass") != NULL, "%s: no \"pass\": %s", name, o.out);
	cr_expect(strstr(o.out, "FAIL") == NULL, "%s: %s", name, o.out);
}

#define RV_TEST(name)                              \
	Test(rv, name, .timeout = 120)             \
	{                                          \
		expect_pass(#name);                \
	}
RV_PROGRAMS(RV_TEST)

/* Whether the line holds n as a decimal number of its own (not a digit
 * of a longer number, nor part of a hex word such as 0x0000000f). */
static int line_has_number(const char *line, size_t len, long n)
{
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)line[i]) ||
		    (i > 0 && isalnum((unsigned char)line[i - 1])))
			continue;
		size_t j = i;
		long v = 0;
		while (j < len && isdigit((unsigned char)line[j]))
			v = v * 10 + (line[j++] - '0');
		if ((j == len || !isalnum((unsigned char)line[j])) && v == n)
			return 1;
		i = j;
	}
	return 0;
}

Test(rv, selftest_fail_reports_check_7, .timeout = 120)
{
	struct outcome o = run_sim(RV_NEGATIVE, RV_MAX_CYCLES);
	cr_expect_eq(o.status, 1, "exit status %d: %s", o.status, o.out);
	cr_expect(strstr(o.out, "pass") == NULL, "%s", o.out);
	const char *fail = strstr(o.out, "FAIL");
	cr_assert(fail != NULL, "no FAIL line: %s", o.out);
	const char *bol = fail;
	while (bol > o.out && bol[-1] != '\n')
		bol--;
	size_t len = strcspn(bol, "\n");
	cr_expect(line_has_number(bol, len, 7), "the FAIL line does not name check 7: %.*s",
		  (int)len, bol);
	cr_expect(!line_has_number(bol, len, 8), "check 8 ran: %.*s", (int)len, bol);
}

Test(rv, running_out_of_cycles_exits_2, .timeout = 120)
{
	struct outcome o = run_sim("alu", 200);
	cr_expect_eq(o.status, 2, "exit status %d: %s", o.status, o.out);
	cr_expect(strstr(o.out, "pass") == NULL, "%s", o.out);
}

/* Every .S file in tests/rv is run by one of the tests above. */
Test(rv, every_program_is_listed)
{
#define RV_NAME(name) #name,
	static const char *const listed[] = { RV_PROGRAMS(RV_NAME) RV_NEGATIVE };
#undef RV_NAME
	DIR *d = opendir(BPFSOC_SRC "/tests/rv");
	cr_assert(d, "cannot read %s/tests/rv", BPFSOC_SRC);
	struct dirent *e;
	int programs = 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 3 || strcmp(e->d_name + n - 2, ".S"))
			continue;
		programs++;
		int found = 0;
		for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++)
			found |= strlen(listed[i]) == n - 2 && !strncmp(listed[i], e->d_name, n - 2);
		cr_expect(found, "tests/rv/%s is not in test_rv.c's RV_PROGRAMS", e->d_name);
	}
	closedir(d);
	cr_expect_eq(programs, (int)(sizeof listed / sizeof listed[0]),
		     "RV_PROGRAMS names a program that tests/rv does not have");
}

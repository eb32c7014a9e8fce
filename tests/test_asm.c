/* test_asm.c: the assembler, the disassembler and the test-data reader.
 *
 * Every tests/data file parses and assembles, and its disassembly assembles
 * back to the same slots, bit for bit; random slots survive the same round
 * trip; bad text gets an error that names the line.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_asm.h"
#include "bpf_testdata.h"

#ifndef BPFSOC_SRC
#define BPFSOC_SRC "."
#endif

static unsigned count_quads(const char *s)
{
	unsigned n = 0;
	for (const char *p = s; p && (p = strstr(p, ".quad")); p += 5) {
		/* only ".quad" before a comment on its line counts */
		const char *b = p;
		while (b > s && b[-1] != '\n' && b[-1] != '#')
			b--;
		if (b == s || b[-1] == '\n')
			n++;
	}
	return n;
}

static unsigned quad_words(const char *asm_text)
{
	/* the slots a source's .quad lines produce: one per value */
	unsigned n = 0;
	const char *p = asm_text;
	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		const char *q = p;
		while (q < p + l && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(p + l - q) >= 5 && !strncmp(q, ".quad", 5)) {
			n++;
			for (const char *c = q; c < p + l && *c != '#'; c++)
				n += *c == ',';
		}
		p = e ? e + 1 : NULL;
	}
	return n;
}

static int check(const char *path, int verbose)
{
	struct bpf_testdata t;
	char err[512];
	int rc = 0;

	if (bpf_testdata_load(path, &t, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	char *text = bpf_disasm_prog(t.insns, t.n_insns, 0);
	if (!text) {
		fprintf(stderr, "%s: out of memory\n", path);
		bpf_testdata_free(&t);
		return 1;
	}
	if (verbose) {
		printf("== %s (%" PRIu32 " slots)\n", path, t.n_insns);
		bpf_disasm_print(stdout, t.insns, t.n_insns, BPF_DISASM_PC, "    ");
	}

	uint64_t *w = NULL;
	uint32_t n = 0;
	if (bpf_asm(text, &w, &n, err, sizeof err)) {
		fprintf(stderr, "%s: disassembly does not assemble: %s\n", path, err);
		rc = 1;
	} else if (n != t.n_insns) {
		fprintf(stderr, "%s: round trip gives %" PRIu32 " slots, not %" PRIu32 "\n", path,
			n, t.n_insns);
		rc = 1;
	} else {
		for (uint32_t i = 0; i < n; i++) {
			if (w[i] == t.insns[i])
				continue;
			char line[160];
			bpf_disasm(t.insns, t.n_insns, i, line, sizeof line);
			fprintf(stderr, "%s: slot %" PRIu32 ": %016" PRIx64 " comes back as %016" PRIx64
				" (%s)\n", path, i, t.insns[i], w[i], line);
			rc = 1;
		}
	}
	if (!t.from_raw && t.asm_text) {
		unsigned got = count_quads(text), want = quad_words(t.asm_text);
		if (got > want) {
			fprintf(stderr, "%s: %u instruction(s) written as mnemonics disassemble to "
				".quad\n", path, got - want);
			rc = 1;
		}
	}
	free(w);
	free(text);
	bpf_testdata_free(&t);
	return rc;
}

Test(asm, every_data_file_round_trips)
{
	char dir[512], path[1024];
	snprintf(dir, sizeof dir, "%s/tests/data", BPFSOC_SRC);
	DIR *d = opendir(dir);
	cr_assert(d, "cannot open %s", dir);
	unsigned files = 0, bad = 0;
	for (struct dirent *de; (de = readdir(d));) {
		size_t l = strlen(de->d_name);
		if (l <= 5 || strcmp(de->d_name + l - 5, ".data"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		files++;
		bad += check(path, 0);
	}
	closedir(d);
	cr_expect_eq(bad, 0, "%u of %u files fail the round trip", bad, files);
	cr_expect_geq(files, 100);
}

Test(asm, random_slots_round_trip)
{
	uint64_t x = 0x243f6a8885a308d3ull;
	unsigned n = 0;
	for (unsigned i = 0; i < 200000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		uint64_t slot[2] = { x, 0 };
		char line[160];
		bpf_disasm(slot, 2, 0, line, sizeof line);
		uint64_t *w = NULL;
		uint32_t got = 0;
		char err[256];
		cr_assert_eq(bpf_asm(line, &w, &got, err, sizeof err), 0, "%016" PRIx64 " -> '%s': %s",
			     x, line, err);
		cr_assert_eq(w[0], x, "%016" PRIx64 " -> '%s' -> %016" PRIx64, x, line, w[0]);
		free(w);
		n++;
	}
	cr_expect_eq(n, 200000);
}

Test(asm, errors_name_the_line)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "mov r0, 1\nmvo r0, 1\nexit\n", "line 2" },
		{ "mov r0, 1\nexit\nja nowhere\n", "line 3" },
		{ "ldxw r1, [r1+4\n", "line 1" },
		{ "exit\nadd r0\n", "line 2" },
		{ "mov r0, 0x1ffffffffffffffff\n", "line 1" },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint64_t *w = NULL;
		uint32_t n = 0;
		char err[256] = "";
		cr_expect_eq(bpf_asm(cases[i].text, &w, &n, err, sizeof err), -1, "%s", cases[i].text);
		cr_expect_null(w);
		cr_expect(strstr(err, cases[i].want), "'%s' gives '%s'", cases[i].text, err);
	}
}

Test(testdata, errors_name_the_file_and_line)
{
	struct bpf_testdata t;
	char err[256] = "";
	cr_expect_eq(bpf_testdata_parse("-- asm\nexit\n-- mem\n0g\n", "x.data", &t, err,
					sizeof err), -1);
	cr_expect(strstr(err, "x.data:4"), "%s", err);
	bpf_testdata_free(&t);
	cr_expect_eq(bpf_testdata_parse("-- asm\nexit\n-- result\n0x2a\n", "y.data", &t, err,
					sizeof err), 0, "%s", err);
	cr_expect(t.has_result && t.result == 0x2a && t.n_insns == 1);
	bpf_testdata_free(&t);
}

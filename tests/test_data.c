/* test_data.c: every program in tests/data on the RTL and on the
 * reference model, against the result written in the file.
 *
 * The files follow the bpf_conformance format (tests/data/README.md): r1
 * points at the -- mem bytes (a writable region, also the packet of
 * LD_ABS/LD_IND), r2 is their length, helper 5 returns normally.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_testdata.h"
#include "bpfcore.h"

#ifndef BPFSOC_SRC
#define BPFSOC_SRC "."
#endif

#define MEM_BASE 0x40000000u
#define DEFAULT_BUDGET 1000000u

static unsigned helper(void *user, struct bpfcore *c, uint32_t id, const uint64_t a[5],
		       uint64_t *r0, uint32_t *tail_pc)
{
	(void)user, (void)c, (void)a, (void)tail_pc;
	*r0 = 0;
	return id == 5 ? BPF_HELPER_RETURN : BPF_HELPER_FAULT;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every data file on engine e; return how many ran. */
static unsigned run_all(enum bpfcore_engine e, const char *ename)
{
	char dir[512], path[1024], err[512];
	snprintf(dir, sizeof dir, "%s/tests/data", BPFSOC_SRC);
	DIR *d = opendir(dir);
	cr_assert(d, "cannot open %s", dir);
	char *names[2048];
	unsigned n = 0;
	for (struct dirent *de; (de = readdir(d)) && n < 2048;) {
		size_t l = strlen(de->d_name);
		if (l > 5 && !strcmp(de->d_name + l - 5, ".data"))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);

	struct bpfcore_flat mem = { .base = MEM_BASE };
	struct bpfcore_mem ops = bpfcore_flat_mem(&mem);
	struct bpfcore *c = bpfcore_new(e, &ops);
	cr_assert(c, "the %s engine is not available", ename);

	unsigned ran = 0;
	for (unsigned i = 0; i < n; i++) {
		struct bpf_testdata t;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (bpf_testdata_load(path, &t, err, sizeof err)) {
			cr_expect_fail("%s", err);
			free(names[i]);
			continue;
		}
		mem.data = t.mem;
		mem.len = t.mem_len;
		size_t mem_len = t.mem_len;
		bpfcore_load(c, 0, t.insns, t.n_insns);
		bpfcore_write(c, BPF_CTL_PROG_LEN, t.n_insns);
		bpfcore_write(c, BPF_CTL_BUDGET, t.has_budget ? t.budget : DEFAULT_BUDGET);
		bpfcore_set_region(c, 0, MEM_BASE, mem_len,
				   mem_len ? BPF_REGION_VALID | BPF_REGION_WRITE : 0);
		bpfcore_set_packet(c, MEM_BASE, mem_len);
		bpfcore_clear_stack(c);
		for (unsigned r = 0; r < 10; r++)
			bpfcore_set_reg(c, r, 0);
		bpfcore_set_reg(c, 1, mem_len ? MEM_BASE : 0);
		bpfcore_set_reg(c, 2, mem_len);
		struct bpfcore_result res = bpfcore_exec(c, 0, helper, NULL, 100ull * DEFAULT_BUDGET);

		if (t.has_error || t.has_fault) {
			cr_expect_eq(res.state, BPF_STATE_FAULT, "%s on %s: expected a fault (%s), got r0=0x%"
				     PRIx64, names[i], ename, t.error ? t.error : "", res.r0);
			if (t.has_fault)
				cr_expect_eq(res.fault, t.fault, "%s on %s: fault %s, expected %s", names[i],
					     ename, bpf_fault_name(res.fault), bpf_fault_name(t.fault));
			if (t.has_fault_pc)
				cr_expect_eq(res.pc, t.fault_pc, "%s on %s: fault at pc %" PRIu32
					     ", expected %" PRIu32, names[i], ename, res.pc, t.fault_pc);
		} else {
			cr_expect_eq(res.state, BPF_STATE_DONE, "%s on %s: %s at pc %" PRIu32, names[i],
				     ename, bpf_fault_name(res.fault), res.pc);
			if (t.has_result)
				cr_expect_eq(res.r0, t.result, "%s on %s: r0=0x%" PRIx64 ", expected 0x%"
					     PRIx64, names[i], ename, res.r0, t.result);
		}
		cr_expect_not(mem.stray, "%s on %s: an access outside the memory reached it",
			      names[i], ename);
		ran++;
		bpf_testdata_free(&t);
		free(names[i]);
	}
	bpfcore_free(c);
	fprintf(stderr, "data: %u programs from tests/data on %s\n", ran, ename);
	return ran;
}

Test(data, every_program_on_the_rtl, .timeout = 600)
{
	cr_expect_geq(run_all(BPFCORE_RTL, "rtl"), 100);
}

Test(data, every_program_on_the_reference_model)
{
	cr_expect_geq(run_all(BPFCORE_REF, "ref"), 100);
}

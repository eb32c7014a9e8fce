/* test_exec.c: bpfsoc-exec as the bpf_conformance suite drives it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#ifndef BPFSOC_SRC
#define BPFSOC_SRC "."
#endif

#ifndef BPFSOC_BUILD
#define BPFSOC_BUILD "build"
#endif

struct outcome {
	int status;
	char out[4096];
	char err[4096];
};

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;
	buf[n] = 0;
	if (f)
		fclose(f);
}

/* Run bpfsoc-exec with prog (hex) on stdin and the given arguments. */
static struct outcome run(const char *prog, const char *args)
{
	static struct outcome o;
	char dir[] = "/tmp/bpfsoc-exec-XXXXXX", cmd[8192], p_in[64], p_out[64], p_err[64];
	cr_assert(mkdtemp(dir));
	snprintf(p_in, sizeof p_in, "%s/in", dir);
	snprintf(p_out, sizeof p_out, "%s/out", dir);
	snprintf(p_err, sizeof p_err, "%s/err", dir);
	FILE *f = fopen(p_in, "w");
	cr_assert(f);
	fputs(prog, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s/bpfsoc-exec %s < %s > %s 2> %s", BPFSOC_BUILD, args, p_in,
		 p_out, p_err);
	int st = system(cmd);
	o.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	slurp(p_out, o.out, sizeof o.out);
	slurp(p_err, o.err, sizeof o.err);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	return o;
}

static const char *models[] = { "--model rtl", "--model ref" };

#define EACH_MODEL for (unsigned m = 0; m < 2; m++)

/* Run prog with memory mem (hex, may be "") on both models: exit 0, r0 = want. */
static void expect_r0(const char *prog, const char *mem, const char *want)
{
	EACH_MODEL {
		char args[256];
		snprintf(args, sizeof args, "%s %s", models[m], mem);
		struct outcome o = run(prog, args);
		cr_expect_eq(o.status, 0, "%s: %s", models[m], o.err);
		cr_expect_str_eq(o.out, want, "%s", models[m]);
	}
}

Test(exec, returns_r0_in_hex)
{
	/* mov r0, 0x2a; exit */
	expect_r0("b7 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00", "", "2a\n");
}

Test(exec, memory_in_r1_and_length_in_r2)
{
	/* ldxb r0, [r1+2]; add r0, r2; exit  over 4 bytes: 0x22 + 4 */
	expect_r0("71 10 02 00 00 00 00 00 0f 20 00 00 00 00 00 00 95 00 00 00 00 00 00 00",
		  "00112233", "26\n");
}

Test(exec, memory_is_writable)
{
	/* stb [r1+1], 0x7f; ldxh r0, [r1]; exit  over 2 bytes 01 02 */
	expect_r0("72 01 01 00 7f 00 00 00 69 10 00 00 00 00 00 00 95 00 00 00 00 00 00 00",
		  "0102", "7f01\n");
}

Test(exec, helper_5_and_callx_return_normally)
{
	/* mov r1, -1; mov r2, 5; callx r2; mov r0, 2; exit */
	expect_r0("b7 01 00 00 ff ff ff ff b7 02 00 00 05 00 00 00"
		  "8d 02 00 00 00 00 00 00 b7 00 00 00 02 00 00 00"
		  "95 00 00 00 00 00 00 00", "", "2\n");
}

Test(exec, fault_exits_nonzero_and_names_the_fault_and_pc)
{
	/* mov r0, 1; (opcode 0xff); exit */
	EACH_MODEL {
		struct outcome o = run("b7 00 00 00 01 00 00 00 ff 00 00 00 00 00 00 00"
				       "95 00 00 00 00 00 00 00", models[m]);
		cr_expect_eq(o.status, 1, "%s", models[m]);
		cr_expect_str_empty(o.out, "%s", models[m]);
		cr_expect(strstr(o.err, "ILLEGAL_INSN") && strstr(o.err, "pc 1"), "%s: %s",
			  models[m], o.err);
	}
}

Test(exec, load_outside_memory_faults)
{
	/* ldxw r0, [r1+2] over 4 bytes */
	EACH_MODEL {
		char args[64];
		snprintf(args, sizeof args, "%s 00112233", models[m]);
		struct outcome o = run("61 10 02 00 00 00 00 00 95 00 00 00 00 00 00 00", args);
		cr_expect_eq(o.status, 1, "%s", models[m]);
		cr_expect(strstr(o.err, "LOAD_BOUNDS") && strstr(o.err, "pc 0"), "%s: %s",
			  models[m], o.err);
	}
}

Test(exec, unknown_helper_is_a_clear_fault)
{
	/* call 77; exit */
	EACH_MODEL {
		struct outcome o = run("85 00 00 00 4d 00 00 00 95 00 00 00 00 00 00 00", models[m]);
		cr_expect_eq(o.status, 1, "%s", models[m]);
		cr_expect(strstr(o.err, "unknown helper id 77"), "%s: %s", models[m], o.err);
	}
}

Test(exec, runaway_loop_stops_at_the_budget)
{
	/* ja -1 */
	EACH_MODEL {
		char args[64];
		snprintf(args, sizeof args, "%s --budget 1000", models[m]);
		struct outcome o = run("05 00 ff ff 00 00 00 00", args);
		cr_expect_eq(o.status, 1, "%s", models[m]);
		cr_expect(strstr(o.err, "BUDGET"), "%s: %s", models[m], o.err);
	}
}

Test(exec, bad_input_is_a_usage_error)
{
	struct outcome o = run("b7 00 0", "--model ref");
	cr_expect_eq(o.status, 2);
	cr_expect(strstr(o.err, "offset 6"), "%s", o.err);
	o = run("b7 00 00 00", "--model ref");
	cr_expect_eq(o.status, 2);
	cr_expect(strstr(o.err, "whole number"), "%s", o.err);
	o = run("95 00 00 00 00 00 00 00", "--model ref 0g");
	cr_expect_eq(o.status, 2);
	cr_expect(strstr(o.err, "memory"), "%s", o.err);
	o = run("95 00 00 00 00 00 00 00", "--model cpu");
	cr_expect_eq(o.status, 2);
	cr_expect(strstr(o.err, "unknown model"), "%s", o.err);
}

Test(exec, stats_print_cycles_and_stalls)
{
	struct outcome o = run("b7 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00", "--stats");
	cr_expect_eq(o.status, 0, "%s", o.err);
	cr_expect(strstr(o.err, "cycles") && strstr(o.err, "instructions") &&
		  strstr(o.err, "stall"), "%s", o.err);
}

Test(exec, assembled_test_data_runs_like_the_suite_runs_it)
{
	/* bpfsoc-asm turns a .data file into the plugin's stdin and argument */
	char cmd[2048], out[256] = "";
	snprintf(cmd, sizeof cmd,
		 "f=%s/tests/data/alu64-mov-imm.data; %s/bpfsoc-asm $f | "
		 "%s/bpfsoc-exec --model rtl \"$(%s/bpfsoc-asm --mem $f)\"",
		 BPFSOC_SRC, BPFSOC_BUILD, BPFSOC_BUILD, BPFSOC_BUILD);
	FILE *p = popen(cmd, "r");
	cr_assert(p);
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = 0;
	cr_expect_eq(pclose(p), 0);
	cr_expect_str_eq(out, "fffffffffffffffe\n");

	snprintf(cmd, sizeof cmd, "printf 'mov r0, 1\\nbogus r1\\n' > /tmp/bpfsoc-asm-$$.s; "
		 "%s/bpfsoc-asm /tmp/bpfsoc-asm-$$.s 2>&1; echo rc=$?; rm -f /tmp/bpfsoc-asm-$$.s",
		 BPFSOC_BUILD);
	p = popen(cmd, "r");
	cr_assert(p);
	n = fread(out, 1, sizeof out - 1, p);
	out[n] = 0;
	pclose(p);
	cr_expect(strstr(out, ":2: unknown mnemonic 'bogus'") && strstr(out, "rc=1"), "%s", out);
}

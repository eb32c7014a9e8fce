/* test_soc: the SoC around the RISC-V core, on the Verilated SoC
 * (soc_sim.h): the UART's line both ways at several bit times, its faults,
 * and the system registers, driven by tests/soc/uart_echo.S. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "generated/bpfsoc_map.h"
#include "rv_elf.h"
#include "soc_sim.h"

#define ECHO_ELF BPFSOC_BUILD "/soc-tests/uart_echo.elf"

static int load_cb(void *user, uint32_t addr, const void *data, size_t len)
{
	return soc_sim_load(user, addr, data, len);
}

/* A SoC running uart_echo with the UART's bit time set to div. */
static struct soc_sim *echo_soc(uint32_t div, struct rv_elf_info *info)
{
	struct soc_sim *s = soc_sim_new(NULL);
	char err[256];

	cr_assert(s);
	cr_assert_eq(rv_elf_load(ECHO_ELF, load_cb, s, info, err, sizeof(err)), 0, "%s", err);
	cr_assert(info->has_tohost, "uart_echo.elf has no tohost");
	/* the program's bit time: its word uart_div */
	uint32_t at;
	uint8_t le[4] = {div & 0xff, div >> 8 & 0xff, div >> 16 & 0xff, div >> 24};
	cr_assert_eq(rv_elf_symbol(ECHO_ELF, "uart_div", &at), 0);
	cr_assert_eq(soc_sim_load(s, at, le, 4), 0);
	return s;
}

/* Sends n bytes (each below 0xff) and collects the answers, clocking the
 * SoC in slices; returns how many came back. */
static size_t exchange(struct soc_sim *s, const uint8_t *out, size_t n, uint8_t *in,
		       size_t cap, uint64_t max_cycles)
{
	size_t got = 0;
	uint64_t done = 0;
	uint32_t v;

	/* the program sets the bit time first: a host waits for that too */
	cr_assert_eq(soc_sim_run(s, 200, UINT32_MAX, &v), 0);
	soc_sim_uart_put(s, out, n);
	while (done < max_cycles) {
		cr_assert_eq(soc_sim_run(s, 1000, UINT32_MAX, &v), 0);
		done += 1000;
		got += soc_sim_uart_get(s, in + got, cap - got);
		if (got >= cap)
			break;
	}
	return got;
}

/* 17: about 3 Mbaud at 50 MHz; 4: the shortest bit time; 434: 115200 baud */
static const uint32_t divs[] = {17, 4, 434};

ParameterizedTestParameters(soc, uart_echo)
{
	return cr_make_param_array(uint32_t, divs, sizeof(divs) / sizeof(divs[0]));
}

ParameterizedTest(uint32_t *div, soc, uart_echo)
{
	struct rv_elf_info info;
	struct soc_sim *s = echo_soc(*div, &info);
	uint8_t out[200], in[200];
	uint32_t v = 0;

	soc_sim_start(s, info.entry);
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 37 % 255);   /* 0x00 .. 0xfe */
	cr_assert_eq(exchange(s, out, sizeof(out), in, sizeof(in), 200ull * 25 * *div + 100000),
		     sizeof(in));
	for (size_t i = 0; i < sizeof(in); i++)
		cr_assert_eq(in[i], (uint8_t)(out[i] + 1), "byte %zu: sent 0x%02x, got 0x%02x",
			     i, out[i], in[i]);
	/* 0xff ends the program: it stores 1 to tohost once it has sent all */
	soc_sim_uart_put(s, (uint8_t[]){0xff}, 1);
	cr_assert_eq(soc_sim_run(s, 100000, info.tohost, &v), 1, "no tohost store");
	cr_assert_eq(v, 1);
	/* 200 bytes each way, 10 bits of div cycles each */
	cr_assert_geq(soc_sim_cycles(s), 200ull * 10 * *div);
	soc_sim_free(s);
}

Test(soc, line_faults)
{
	struct rv_elf_info info;
	uint8_t out[50], in[120];

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(0x10 + i);

	/* every byte duplicated on its way in: each answer twice, and each of
	 * those twice on its way out */
	struct soc_sim *s = echo_soc(17, &info);
	soc_sim_line_faults(s, 0, 0, 1000000, 7);
	soc_sim_start(s, info.entry);
	size_t n = exchange(s, out, 25, in, 100, 3000000);
	cr_assert_eq(n, 100, "expected 4 copies of 25 answers, got %zu bytes", n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(in[i], (uint8_t)(out[i / 4] + 1), "byte %zu", i);
	soc_sim_free(s);

	/* every byte lost: nothing comes back */
	s = echo_soc(17, &info);
	soc_sim_line_faults(s, 1000000, 0, 0, 7);
	soc_sim_start(s, info.entry);
	cr_assert_eq(exchange(s, out, sizeof(out), in, sizeof(in), 300000), 0);
	soc_sim_free(s);

	/* every byte corrupted both ways: each answer differs from the
	 * expected one in at most two bits, and in at least one for most */
	s = echo_soc(17, &info);
	soc_sim_line_faults(s, 0, 1000000, 0, 11);
	soc_sim_start(s, info.entry);
	n = exchange(s, out, sizeof(out), in, sizeof(out), 2000000);
	cr_assert_eq(n, sizeof(out));
	unsigned differ = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned x = in[i], bits = 0;
		/* the byte the SoC saw was out ^ one bit; it answered that + 1,
		 * which then had one bit flipped: look for such a pair */
		int ok = 0;
		for (unsigned a = 0; a < 8 && !ok; a++)
			for (unsigned b = 0; b < 8 && !ok; b++)
				ok = (uint8_t)(((out[i] ^ (1u << a)) + 1) ^ (1u << b)) == x;
		cr_assert(ok, "byte %zu: 0x%02x is not 0x%02x with one bit flipped each way",
			  i, x, out[i]);
		for (unsigned d = x ^ (uint8_t)(out[i] + 1); d; d &= d - 1)
			bits++;
		differ += bits != 0;
	}
	cr_assert_gt(differ, n / 2);
	soc_sim_free(s);
}

Test(soc, seeded_faults_repeat)
{
	struct rv_elf_info info;
	uint8_t out[100], a[100], b[100];
	size_t na, nb;

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)i;
	for (int run = 0; run < 2; run++) {
		struct soc_sim *s = echo_soc(17, &info);
		soc_sim_line_faults(s, 100000, 100000, 100000, 1234);
		soc_sim_start(s, info.entry);
		size_t n = exchange(s, out, sizeof(out), run ? b : a, 100, 2000000);
		if (run)
			nb = n;
		else
			na = n;
		soc_sim_free(s);
	}
	printf("seeded_faults_repeat: seed 1234, %zu bytes back\n", na);
	cr_assert_eq(na, nb, "the same seed gave %zu and %zu bytes", na, nb);
	cr_assert_eq(memcmp(a, b, na), 0, "the same seed gave different bytes");
	cr_assert_neq(na, 100, "10%% faults each way left every byte intact");
}

/* A program that runs to its tohost store; returns the value stored. */
static uint32_t run_to_tohost(const char *elf, uint64_t max_cycles)
{
	struct rv_elf_info info;
	struct soc_sim *s = soc_sim_new(NULL);
	char err[256];
	uint32_t v = 0;

	cr_assert(s);
	cr_assert_eq(rv_elf_load(elf, load_cb, s, &info, err, sizeof(err)), 0, "%s", err);
	cr_assert(info.has_tohost, "%s has no tohost", elf);
	soc_sim_start(s, info.entry);
	cr_assert_eq(soc_sim_run(s, max_cycles, info.tohost, &v), 1,
		     "%s: no tohost store in %llu cycles", elf, (unsigned long long)max_cycles);
	soc_sim_free(s);
	return v;
}

/* The eBPF core as the RISC-V core's peripheral: program, regions and
 * registers written through its window, packet and map memory shared,
 * the helper call served after wfi woke on its interrupt. */
Test(soc, bpf_peripheral)
{
	uint32_t v = run_to_tohost(BPFSOC_BUILD "/soc-tests/bpf_run.elf", 100000);

	cr_assert_eq(v, 1, "bpf_run: check %u failed (tests/soc/bpf_run.S)", v >> 1);
}

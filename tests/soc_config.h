/* soc_config.h: the SoC configuration the SoC's tests run on.  By default
 * the simulated SoC's (the spec's SOC_* sizes, the SoC's firmware build);
 * with SOC_BOARD=<board> (sim/soc.mk) a board's: tests/tests.mk passes its
 * firmware (TEST_FW_ELF), its -G parameters as TEST_RAM_BYTES, ..., and
 * what it lacks (TEST_HOST_PORT=0: no host port, a firmware without the
 * MMIO link). */
#ifndef TESTS_SOC_CONFIG_H
#define TESTS_SOC_CONFIG_H

#include "generated/bpfsoc_map.h"

#ifndef TEST_FW_ELF
#define TEST_FW_ELF BPFSOC_BUILD "/firmware/bpfsoc-fw.elf"
#endif
#ifndef TEST_HOST_PORT
#define TEST_HOST_PORT 1
#endif
#ifndef TEST_RAM_BYTES
#define TEST_RAM_BYTES SOC_RAM_SIZE
#endif
#ifndef TEST_MAP_BYTES
#define TEST_MAP_BYTES SOC_MAP_SIZE
#endif
#ifndef TEST_PKT_BYTES
#define TEST_PKT_BYTES SOC_PKT_SIZE
#endif
#ifndef TEST_IMEM_DEPTH
#define TEST_IMEM_DEPTH SOC_BPF_IMEM_DEPTH
#endif
#ifndef TEST_UART_RX_AW
#define TEST_UART_RX_AW 12   /* bpfsoc_top's UART_RX_AW */
#endif
#ifndef TEST_CLK_HZ
#define TEST_CLK_HZ SOC_SIM_CLK_HZ
#endif

/* a test of the host port skips itself without one */
#define TEST_NEEDS_HOST_PORT()                                                   \
	do {                                                                     \
		if (!TEST_HOST_PORT)                                             \
			cr_skip_test("no host port in this configuration");      \
	} while (0)

#endif

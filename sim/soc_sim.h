/* soc_sim.h: the Verilated SoC (rtl/bpfsoc_top.v) behind a C interface.
 *
 * One simulated SoC per handle: load RAM while the SoC is held in reset,
 * release it at a pc, then clock it.  Every bus write is visible to the
 * simulator, which is how a program's store to `tohost` ends a run.
 */
#ifndef SOC_SIM_H
#define SOC_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "bpfcore.h"

#ifdef __cplusplus
extern "C" {
#endif

struct soc_sim;

/* One retired RISC-V instruction. */
struct soc_rv_retire {
	uint32_t pc;
	uint32_t insn;
	uint8_t rd_valid;   /* a register other than x0 was written ... */
	uint8_t rd;         /* ... this one ... */
	uint32_t rd_val;    /* ... with this value */
};

typedef void (*soc_rv_retire_fn)(void *user, const struct soc_rv_retire *r);

/* A new SoC, held in reset.  vcd: a file for waveforms, or NULL.
 * Returns NULL (with errno set) when the VCD file cannot be opened. */
struct soc_sim *soc_sim_new(const char *vcd);
void soc_sim_free(struct soc_sim *s);

/* Writes len bytes at addr into RAM (the SoC must be in reset).  Returns 0,
 * or -ERANGE when they do not lie inside the RAM. */
int soc_sim_load(struct soc_sim *s, uint32_t addr, const void *data, size_t len);

/* Releases reset with the RISC-V core starting at pc. */
void soc_sim_start(struct soc_sim *s, uint32_t pc);

/* Calls fn for every retired RISC-V instruction (NULL: none). */
void soc_sim_on_retire(struct soc_sim *s, soc_rv_retire_fn fn, void *user);

/* Calls fn for every instruction the eBPF core retires (NULL: none). */
void soc_sim_on_bpf_retire(struct soc_sim *s, bpfcore_retire_fn fn, void *user);

/* Clocks the SoC until a bus write of a whole word to watch_addr (which
 * returns 1 with its value in *val) or until max_cycles more cycles have
 * passed (returns 0).  watch_addr may be UINT32_MAX: nothing is watched. */
int soc_sim_run(struct soc_sim *s, uint64_t max_cycles, uint32_t watch_addr, uint32_t *val);

/* The UART's line, played by the simulator as the far end (8N1 at the bit
 * time the SoC's UART is set to): bytes queued with soc_sim_uart_put are
 * sent to the SoC's receiver; bytes its transmitter sends are collected for
 * soc_sim_uart_get.  Both move only while soc_sim_run clocks the SoC. */
void soc_sim_uart_put(struct soc_sim *s, const void *data, size_t len);
size_t soc_sim_uart_get(struct soc_sim *s, void *buf, size_t cap);
/* Bytes queued for the SoC and not yet sent completely. */
size_t soc_sim_uart_backlog(const struct soc_sim *s);

/* Faults on the line, each byte in either direction independently: with
 * probability drop_ppm / 10^6 it is lost, corrupt_ppm one bit of it is
 * flipped, dup_ppm it arrives twice.  The seed makes a run repeatable. */
void soc_sim_line_faults(struct soc_sim *s, unsigned drop_ppm, unsigned corrupt_ppm,
			 unsigned dup_ppm, uint64_t seed);

/* The host port, as a PCIe endpoint's BAR 0 (spec [host.bar]): one 32-bit
 * access at byte offset off, clocking the SoC until it is answered (the
 * line and the traces move meanwhile).  Returns 0; -EINVAL for an offset
 * outside BAR 0 or not a multiple of 4; -ETIMEDOUT when no answer came in
 * SOC_SIM_MMIO_TIMEOUT cycles. */
#define SOC_SIM_MMIO_TIMEOUT 100000u
int soc_sim_mmio_read(struct soc_sim *s, uint32_t off, uint32_t *val);
int soc_sim_mmio_write(struct soc_sim *s, uint32_t off, uint32_t val);
/* The host port's interrupt line (D2H_PENDING). */
int soc_sim_host_irq(const struct soc_sim *s);

/* Clock cycles since soc_sim_start. */
uint64_t soc_sim_cycles(const struct soc_sim *s);

#ifdef __cplusplus
}
#endif

#endif

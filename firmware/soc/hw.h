/* hw.h: the firmware's view of the SoC's devices (sim/generated/bpfsoc_map.h,
 * docs/memory-map.md): register access, the UART, the timer, and the eBPF
 * core's control window. */
#ifndef HW_H
#define HW_H

#include <stdint.h>

#include "bpfsoc_map.h"

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* ---- the eBPF core's control registers ---- */
static inline uint32_t ctl_rd(uint32_t off)
{
	return REG32(SOC_BPF_CTL_BASE + off);
}

static inline void ctl_wr(uint32_t off, uint32_t v)
{
	REG32(SOC_BPF_CTL_BASE + off) = v;
}

static inline uint64_t bpf_reg(unsigned n)
{
	uint32_t lo = ctl_rd(SOC_BPF_CTL_REG_BASE + 8 * n);
	return (uint64_t)ctl_rd(SOC_BPF_CTL_REG_BASE + 8 * n + 4) << 32 | lo;
}

static inline void bpf_set_reg(unsigned n, uint64_t v)
{
	ctl_wr(SOC_BPF_CTL_REG_BASE + 8 * n, (uint32_t)v);
	ctl_wr(SOC_BPF_CTL_REG_BASE + 8 * n + 4, (uint32_t)(v >> 32));
}

static inline uint64_t bpf_counter(unsigned n)
{
	uint32_t lo = ctl_rd(SOC_BPF_CTL_CNT_BASE + 8 * n);
	return (uint64_t)ctl_rd(SOC_BPF_CTL_CNT_BASE + 8 * n + 4) << 32 | lo;
}

static inline unsigned bpf_state(void)
{
	return ctl_rd(SOC_BPF_CTL_STATUS) & 7;
}

static inline void bpf_set_region(unsigned n, uint32_t base, uint32_t size, uint32_t flags)
{
	uint32_t r = SOC_BPF_CTL_REGION_BASE + SOC_BPF_CTL_REGION_STRIDE * n;

	ctl_wr(r, base);
	ctl_wr(r + 4, size);
	ctl_wr(r + 8, flags);
}

/* CTRL bits (spec [core.ctl] CTRL) */
#define BPF_CTRL_START 0x1u
#define BPF_CTRL_RESUME 0x2u
#define BPF_CTRL_ABORT 0x4u
#define BPF_CTRL_CLEAR_STACK 0x8u
#define BPF_CTRL_KEEP_COUNTERS 0x10u

/* ---- timer ---- */
static inline uint64_t mtime(void)
{
	uint32_t hi, lo;

	do {
		hi = REG32(SOC_TIMER_BASE + SOC_TIMER_MTIME_HI);
		lo = REG32(SOC_TIMER_BASE + SOC_TIMER_MTIME_LO);
	} while (hi != REG32(SOC_TIMER_BASE + SOC_TIMER_MTIME_HI));
	return (uint64_t)hi << 32 | lo;
}

/* ---- UART (STATUS bits, spec [soc.uart]) ---- */
#define UART_RX_AVAIL 0x1u
#define UART_TX_FULL 0x2u
#define UART_TX_IDLE 0x4u

#endif

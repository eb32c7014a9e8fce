# rtl/soc.f: the SoC's Verilog sources, top module bpfsoc_top.
# Paths are relative to the repository root; include directories: rtl and rtl/generated.
# The eBPF core that soc_bpf instantiates is listed in rtl/core.f; sim/soc.mk reads both.
rtl/bpfsoc_top.v
rtl/rv_pipe.v
rtl/rv_core.v
rtl/rv_serial.v
rtl/soc_ram.v
rtl/soc_spram.v
rtl/soc_timer.v
rtl/soc_uart.v
rtl/soc_syscon.v
rtl/soc_host.v
rtl/soc_bpf.v
rtl/soc_bytemem.v
rtl/soc_pktmem.v
rtl/soc_mapmem.v
rtl/soc_dpram.v

# rtl/soc.f: the SoC's Verilog sources, top module bpfsoc_top.
# Paths are relative to the repository root; include directories: rtl and rtl/generated.
rtl/bpfsoc_top.v
rtl/rv_core.v
rtl/soc_ram.v
rtl/soc_timer.v
rtl/soc_uart.v
rtl/soc_syscon.v

# rtl/core_tiny.f: the tiny (area-oriented, multi-cycle) eBPF core's Verilog
# sources, top module bpf_core, for small FPGAs (iCE40 UP5K).  Same format
# as rtl/core.f; `make CORE=tiny` (rtl/rtl.mk) and `make fpga-tiny` read it.
rtl/tiny/bpf_core.v
rtl/tiny/bpf_tiny_regfile.v
rtl/tiny/bpf_tiny_spram.v
rtl/bpf_ctl.v
rtl/tiny/bpf_tiny_counters.v
rtl/bpf_legal.v
rtl/bpf_lutram.v

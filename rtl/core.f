# rtl/core.f: the eBPF core's Verilog sources, top module bpf_core.
# Paths are relative to the repository root; include directories: rtl and rtl/generated.
# rtl/rtl.mk reads this list (RTL_SRCS); the FPGA flow reads it too.
rtl/bpf_core.v
rtl/bpf_ctl.v
rtl/bpf_counters.v
rtl/bpf_regfile.v
rtl/bpf_decode.v
rtl/bpf_predecode.v
rtl/bpf_legal.v
rtl/bpf_alu.v
rtl/bpf_mul.v
rtl/bpf_div.v
rtl/bpf_imem.v
rtl/bpf_stack.v
rtl/bpf_sdpram.v
rtl/bpf_tdpram.v
rtl/bpf_lutram.v
rtl/bpf_dupreg.v

# bpfsoc top-level Makefile.
#
#   make run      install what is missing, build, run the demo on the simulated core
#   make test     the whole suite (what CI runs)
#   make bench    benchmark programs: instructions, cycles, CPI, stalls
#   make lint     verilator --lint-only -Wall over all RTL
#   make fpga-report   yosys + nextpnr over the core: LUTs, FFs, BRAM, DSP, fmax
#   make deps     install Debian and PyPI packages (idempotent, quiet)
#
# Everything builds under build/.

SHELL := /bin/bash
.DEFAULT_GOAL := all

BUILD   ?= build
CC      ?= cc
CXX     ?= g++
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Werror=implicit-function-declaration -Isim
CXXFLAGS ?= -O2 -g
VERILATOR ?= verilator
PYTHON  ?= python3

# Seeds and sizes of the random tests (override: make test FUZZ_N=...)
FUZZ_N    ?= 50000
FUZZ_SEED ?= $(shell date +%s)

all: deps build

include mk/deps.mk
include mk/gen.mk
include rtl/rtl.mk
include sim/sim.mk
-include firmware/fw.mk
include firmware/soc/soc.mk
include sim/soc.mk
include tests/bench/bench.mk
include tests/rv/rv.mk
include tests/soc/soc.mk
-include driver/driver.mk
-include examples/examples.mk
-include tools/tools.mk
include tests/tests.mk
-include mk/fpga.mk

build: gen-check-quiet $(SIM_BINS)

# The demo: real clang-built eBPF programs on the simulated core (the
# Verilated RTL), each result checked against the same C run on the host.
run: deps build $(BENCH_OBJS)
	@echo "bpfsoc: eBPF benchmark programs (clang -O2 -target bpf) on the simulated core"
	@echo "        r0 of each is checked against the same C compiled for this machine"
	@echo
	@$(BENCH_BIN) --engine rtl --dir $(BENCH_DIR) --cpu all

clean:
	rm -rf $(BUILD)

.PHONY: all build run clean

# Keep intermediate objects: they are reused by several programs.
.SECONDARY:

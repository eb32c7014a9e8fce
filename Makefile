# bpfsoc top-level Makefile.
#
#   make run      install what is missing, build, run the demo on the simulated SoC
#   make test     the whole suite (what CI runs)
#   make bench    benchmark programs: instructions, cycles, CPI, stalls
#   make lint     verilator --lint-only -Wall over all RTL
#   make fpga-report   yosys + nextpnr over the core: LUTs, FFs, BRAM, DSP, fmax
#   make bitstream BOARD=ulx3s   the whole SoC as a board bitstream (mk/bitstream.mk)
#   make prog BOARD=ulx3s        load it with openFPGALoader (FLASH=1: its flash)
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
include sim/spiboot.mk
include sim/mapmem.mk
include tests/bench/bench.mk
include tests/rv/rv.mk
include tests/soc/soc.mk
-include driver/driver.mk
-include examples/examples.mk
-include tools/tools.mk
include tests/tests.mk
-include mk/fpga.mk
-include mk/bitstream.mk
-include mk/postsynth.mk

build: gen-check-quiet $(SIM_BINS)

# The demo: real XDP programs built by clang, loaded by the bpfsoc tool into
# the simulated SoC (the Verilated RISC-V and eBPF cores with the firmware),
# run over a capture from the project's traffic generator; then the maps.
DEMO_DIR := $(BUILD)/demo
DEMO     := BPFSOC_SIM_DIR=$(abspath $(DEMO_DIR))/sim $(BUILD)/bpfsoc
run: deps build $(EXAMPLE_OBJS) $(TRAFGEN_BIN) $(BUILD)/bpfsoc
	@mkdir -p $(DEMO_DIR)
	@$(DEMO) -q sim stop
	@echo "== traffic: mixed protocols, real-looking headers, 3% malformed"
	@$(TRAFGEN_BIN) -n 2000 -s 1 -o $(DEMO_DIR)/traffic.pcap
	@echo
	@echo "== bpfsoc prog load build/examples/port_filter.o   (the simulated SoC starts in the background)"
	@$(DEMO) prog load $(BUILD)/examples/port_filter.o
	@echo
	@echo "== bpfsoc prog run --pcap traffic.pcap --write-pass passed.pcap"
	@$(DEMO) prog run --pcap $(DEMO_DIR)/traffic.pcap --write-pass $(DEMO_DIR)/passed.pcap
	@echo
	@echo "== bpfsoc map dump name drop_stats   (drops by reason; BTF from the object)"
	@$(DEMO) map dump name drop_stats
	@echo
	@echo "== bpfsoc prog load build/examples/proto_count.o; prog run; map dump name proto_stats"
	@$(DEMO) -q prog load $(BUILD)/examples/proto_count.o
	@$(DEMO) prog run --pcap $(DEMO_DIR)/traffic.pcap
	@$(DEMO) map dump name proto_stats
	@echo
	@echo "== bpfsoc prog show"
	@$(DEMO) prog show
	@$(DEMO) sim stop

clean:
	rm -rf $(BUILD)

.PHONY: all build run clean

# Keep intermediate objects: they are reused by several programs.
.SECONDARY:

# sim/soc.mk: the SoC simulator, bpfsoc-sim.
#
#   $(SOC_LIB)      the Verilated SoC (rtl/soc.f, top bpfsoc_top, with
#                   BPFSOC_SIM and BPFSOC_TRACE, waveforms built in) and
#                   sim/soc_sim.cpp (soc_sim.h); link it with $(RTL_LIB),
#                   which holds the Verilator runtime
#   bpfsoc-sim      the simulator tool (sim/bpfsoc-sim.c)
#   make lint       also lints the SoC (lint-soc), with either RISC-V core
#
#   RV_PIPE=0       build the SoC with the compact core rv_core instead of
#                   rv_pipe (bpfsoc_top's parameter); use another BUILD
#                   directory, e.g. make BUILD=build/core RV_PIPE=0 ...;
#                   RV_PIPE=2: the bit-serial RV32I core rv_serial
#   RV_M=0          rv_core without the M extension (bpfsoc_top's RV_M)
#   SPRAM=1         single-port RAM and map memory (bpfsoc_top's SPRAM, the
#                   iCE40's SPRAM; needs RV_PIPE=0 or 2)
#   SOC_BOARD=b     a board's configuration: its sizes and clock (spec
#                   [board.b], spec/gen.py --board-params), the parameters
#                   its wrapper sets (SOC_BOARD_G_b) and, for the tests,
#                   its firmware build (fw_elf_of) and what it lacks
#                   (SOC_BOARD_T_b: -D options of the test programs), e.g.
#                   make BUILD=build/ice RV_PIPE=0 SPRAM=1 SOC_BOARD=icebreaker \
#                       build/ice/tests/test_firmware
#   make test-icebreaker   that configuration's SoC suites, with the tiny
#                   eBPF core as on the board (CORE=tiny; a sub-make in
#                   $(BUILD)/icebreaker; part of make test)

# bitstreams/icebreaker/top.v's parameters; its tests: no host port
SOC_BOARD_G_icebreaker := -GHOST_PORT=0 -GUART_RX_AW=9 -GRV_M=0 -GLMEM=1
SOC_BOARD_T_icebreaker := -DTEST_HOST_PORT=0 -DTEST_UART_RX_AW=9
SOC_BOARD_PARAMS := $(if $(SOC_BOARD),$(shell $(PYTHON) spec/gen.py --board-params spec/bpfsoc.toml $(SOC_BOARD)))

SOC_TOP    := bpfsoc_top
SOC_SRCS   := $(shell sed -e 's/\#.*//' rtl/soc.f) $(RTL_SRCS)
SOC_TINY_SRCS := $(shell sed -e 's/\#.*//' rtl/soc.f) $(RTL_TINY_SRCS)
SOC_OBJDIR := $(BUILD)/soc/obj
SOC_LIB    := $(BUILD)/soc/libbpfsoc_sim.a
SOC_VFLAGS := --cc -O3 -DBPFSOC_SIM -DBPFSOC_TRACE --trace --top-module $(SOC_TOP) \
	--prefix Vbpfsoc_top $(RTL_INCS) -Mdir $(SOC_OBJDIR) -CFLAGS -I$(abspath sim) \
	$(if $(RV_PIPE),-GRV_PIPE=$(RV_PIPE)) $(if $(RV_M),-GRV_M=$(RV_M)) $(if $(SPRAM),-GSPRAM=$(SPRAM)) \
	$(SOC_BOARD_PARAMS) $(SOC_BOARD_G_$(SOC_BOARD))
# The runtime is in $(RTL_LIB); the VCD writer too when it was built with RTL_VCD=1.
SOC_OBJS   := Vbpfsoc_top__ALL.o soc_sim.o $(if $(filter 1,$(RTL_VCD)),,verilated_vcd_c.o)

$(SOC_OBJDIR)/Vbpfsoc_top.mk: $(SOC_SRCS) $(RTL_VH) $(GEN_VH) $(GEN_SOC_VH) sim/soc.mk rtl/soc.f rtl/core.f
	@mkdir -p $(SOC_OBJDIR)
	$(VERILATOR) $(SOC_VFLAGS) $(SOC_SRCS) $(abspath sim/soc_sim.cpp)

$(SOC_LIB): $(SOC_OBJDIR)/Vbpfsoc_top.mk sim/soc_sim.cpp sim/soc_sim.h sim/uart_line.h $(GEN_SOC_H)
	$(MAKE) --no-print-directory -s -C $(SOC_OBJDIR) -f Vbpfsoc_top.mk \
		CXX="$(CXX)" OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2 VM_PARALLEL_BUILDS=0 $(SOC_OBJS)
	@rm -f $@
	ar rcs $@ $(addprefix $(SOC_OBJDIR)/,$(SOC_OBJS))

$(BUILD)/sim/rv_elf.o: sim/rv_elf.c sim/rv_elf.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/sim/mmio_sock.o: sim/mmio_sock.c sim/mmio_sock.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# bpfsoc-sim runs the firmware by default: where it was built, the
# board's own build with SOC_BOARD (order only: the tool does not change
# with it); its RAM's size for the help text
SIM_FW_ELF := $(call fw_elf_of,$(SOC_BOARD))
$(BUILD)/sim/bpfsoc-sim.o: sim/bpfsoc-sim.c sim/soc_sim.h sim/mmio_sock.h sim/rv_elf.h $(GEN_SOC_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DBPFSOC_FW_ELF='"$(abspath $(SIM_FW_ELF))"' \
		$(patsubst -GRAM_BYTES=%,-DSIM_RAM_BYTES=%,$(filter -GRAM_BYTES=%,$(SOC_BOARD_PARAMS))) -c $< -o $@

$(BUILD)/bpfsoc-sim: $(BUILD)/sim/bpfsoc-sim.o $(BUILD)/sim/rv_elf.o $(SOC_LIB) $(RTL_LIB) | $(SIM_FW_ELF)
	$(CXX) -o $@ $(BUILD)/sim/bpfsoc-sim.o $(BUILD)/sim/rv_elf.o $(SOC_LIB) $(RTL_LDLIBS) -lelf

SIM_BINS += $(BUILD)/bpfsoc-sim

lint-soc:
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(SOC_TOP) $(SOC_SRCS)
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(SOC_TOP) -DBPFSOC_SIM $(SOC_SRCS)
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(SOC_TOP) -DBPFSOC_SIM -DBPFSOC_TRACE $(SOC_SRCS)
	@# the compact core (rv_core) in place of the pipelined one
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(SOC_TOP) -GRV_PIPE=0 $(SOC_SRCS)
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(SOC_TOP) -GRV_PIPE=0 -DBPFSOC_SIM -DBPFSOC_TRACE $(SOC_SRCS)
	@# the bit-serial core (rv_serial)
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(SOC_TOP) -GRV_PIPE=2 $(SOC_SRCS)
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(SOC_TOP) -GRV_PIPE=2 -DBPFSOC_SIM -DBPFSOC_TRACE $(SOC_SRCS)
	@# every board's sizes elaborate (spec [board.*])
	@for b in ulx3s icebreaker; do \
		$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(SOC_TOP) \
			$$($(PYTHON) spec/gen.py --board-params spec/bpfsoc.toml $$b) $(SOC_SRCS) || exit 1; \
	done
	@# the iCEBreaker's configuration: rv_core, the tiny eBPF core,
	@# single-port memories, no host port
	@for d in "" "-DBPFSOC_SIM -DBPFSOC_TRACE"; do \
		echo "lint: icebreaker, CORE=tiny RV_PIPE=0 SPRAM=1 $(SOC_BOARD_G_icebreaker) $$d"; \
		$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(SOC_TOP) $$d \
			-GRV_PIPE=0 -GSPRAM=1 $(SOC_BOARD_G_icebreaker) \
			$$($(PYTHON) spec/gen.py --board-params spec/bpfsoc.toml icebreaker) $(SOC_TINY_SRCS) || exit 1; \
	done
	@echo "lint: $(words $(SOC_SRCS)) SoC RTL files clean"

lint: lint-soc

# The iCEBreaker's configuration in simulation, as its bitstream builds it:
# rv_core, the tiny eBPF core (CORE=tiny), SPRAM, its sizes, no host port,
# its firmware (rv_serial, RV_PIPE=2, would fit better but is too slow for
# test_soc's uart_echo: the program must set the bit time within 200 cycles
# and echo a byte in 600)
ICE_BUILD := $(BUILD)/icebreaker
ICE_CONFIG := CORE=tiny RV_PIPE=0 SPRAM=1 SOC_BOARD=icebreaker
# and the driver over its UART (test_filter's board/*: its bpfsoc-sim,
# whose receive FIFO is smaller than a frame)
ICE_TESTS := test_soc test_firmware
test-icebreaker: $(BUILD)/tests/test_filter $(BUILD)/bpfsoc-trafgen
	$(MAKE) --no-print-directory BUILD=$(ICE_BUILD) $(ICE_CONFIG) \
		$(ICE_TESTS:%=$(ICE_BUILD)/tests/%) $(ICE_BUILD)/bpfsoc-sim
	@set -e; for t in $(ICE_TESTS); do \
		echo "== $(ICE_BUILD)/tests/$$t (icebreaker: $(ICE_CONFIG))"; \
		$(ICE_BUILD)/tests/$$t $(CRITERION_FLAGS); \
	done
	@echo "== $(BUILD)/tests/test_filter board/* (the driver over $(ICE_BUILD)/bpfsoc-sim's UART)"
	BPFSOC_TEST_BOARD_SIM=$(abspath $(ICE_BUILD)/bpfsoc-sim) $(BUILD)/tests/test_filter --filter 'board/*' $(CRITERION_FLAGS)

# The iCEBreaker's synthesised netlist (mk/postsynth.mk, iCE40 cell
# models, the firmware booted from the flash model) against the RTL of its
# configuration: test_postsynth's session on both (part of `make test`;
# about 4 minutes: the netlist runs about 17,000 cycles a second, and the
# boot loader's copy alone is a million).
test-postsynth-icebreaker:
	$(MAKE) --no-print-directory BUILD=$(ICE_BUILD) $(ICE_CONFIG) \
		BOARD=icebreaker postsynth $(ICE_BUILD)/tests/test_postsynth
	$(ICE_BUILD)/tests/test_postsynth $(CRITERION_FLAGS)

# The RISC-V directed tests (tests/rv) on the RV32I cores: rv_serial
# (RV_PIPE=2, built in $(BUILD)/rvserial) and rv_core without M (RV_PIPE=0
# RV_M=0, in $(BUILD)/rvcore0); part of make test.  Left out: the programs
# that use the M extension (mul, div, and csr, regfile, hazard, pipeline,
# irq_pipe, irq_timer, counters, which multiply or divide or expect misa's
# M) and those that hold for rv_pipe's timing only (timing); for rv_serial
# also wfi, whose timer is due 500 cycles on, before the slower core's wfi.
RV_RV32I_SKIP := mul div csr regfile hazard pipeline irq_pipe irq_timer counters timing
RV_SERIAL_SKIP := $(RV_RV32I_SKIP) wfi
rv_filter = --filter '!(rv/@($(subst $(eval) ,|,$(strip $(1)))))'
test-rv-serial:
	$(MAKE) --no-print-directory BUILD=$(BUILD)/rvserial RV_PIPE=2 \
		$(BUILD)/rvserial/tests/test_rv $(BUILD)/rvserial/bpfsoc-sim
	$(BUILD)/rvserial/tests/test_rv $(call rv_filter,$(RV_SERIAL_SKIP)) $(CRITERION_FLAGS)
	$(MAKE) --no-print-directory BUILD=$(BUILD)/rvcore0 RV_PIPE=0 RV_M=0 \
		$(BUILD)/rvcore0/tests/test_rv $(BUILD)/rvcore0/bpfsoc-sim
	$(BUILD)/rvcore0/tests/test_rv $(call rv_filter,$(RV_RV32I_SKIP)) $(CRITERION_FLAGS)

.PHONY: lint-soc test-icebreaker test-postsynth-icebreaker test-rv-serial

# The SPRAM = 1 packet memory alone (tests/test_pktmem.c)
include sim/pktmem.mk

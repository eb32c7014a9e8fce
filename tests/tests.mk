# The test suite: `make test` runs all of it, as CI does.
#
#   make test           everything below, in order
#   make test-diff      the differential test alone (FUZZ_N, FUZZ_SEED)
#   make test-tiny      the core suites against the tiny core (CORE=tiny,
#                       built in BUILD/tiny); part of `make test`
#   make fuzz-core N=   a long differential run (bpfsoc-fuzz-core)

TEST_CFLAGS := $(CFLAGS) -Itests -DBPFSOC_BUILD=\"$(abspath $(BUILD))\" -DBPFSOC_SRC=\"$(CURDIR)\" $(shell pkg-config --cflags criterion 2>/dev/null)
# SOC_BOARD (sim/soc.mk): the tests of the SoC get the board's firmware,
# sizes (TEST_RAM_BYTES, ...: its -G parameters) and SOC_BOARD_T_<board>
TEST_FW_ELF := $(call fw_elf_of,$(SOC_BOARD))
ifneq ($(SOC_BOARD),)
TEST_CFLAGS += -DTEST_FW_ELF=\"$(abspath $(TEST_FW_ELF))\" $(SOC_BOARD_T_$(SOC_BOARD)) \
	$(patsubst -G%,-DTEST_%,$(SOC_BOARD_PARAMS))
endif
TEST_LIBS   := $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)
TEST_COMMON := $(BUILD)/tests/diff_core.o $(BUILD)/sim/bpf_gen.o
# the host's side of the SoC's links (tests/devlink.c, sim/mmio_sock.c)
TEST_SOC    := $(BUILD)/tests/devlink.o $(BUILD)/sim/mmio_sock.o
TEST_NAMES  := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))

# The tiny core (CORE=tiny, rtl/rtl.mk): the core suites run against it
# (test-tiny), and the SoC is built around it too (the iCEBreaker's
# configuration, test-icebreaker); tests know it by BPFSOC_CORE_TINY (the
# pipeline's exact cycle counts hold for the full core only).
TINY_TESTS := test_core test_diff test_div test_stackwin
ifeq ($(CORE),tiny)
TEST_CFLAGS += -DBPFSOC_CORE_TINY=1
endif
TEST_BINS   := $(TEST_NAMES:%=$(BUILD)/tests/%)

$(BUILD)/tests/%.o: tests/%.c $(SIM_HDRS) $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -c $< -o $@

# FW_HOST_LIB (firmware/fw.mk): the firmware's host-independent parts,
# built for this machine, for their unit tests.
# SOC_LIB (sim/soc.mk): the Verilated SoC, for test_soc.
$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(TEST_COMMON) $(TEST_SOC) $(FW_HOST_LIB) $(SIM_LIB) \
		$(SOC_LIB) $(BUILD)/sim/rv_elf.o $(RTL_LIB)
	$(CXX) -o $@ $< $(TEST_COMMON) $(TEST_SOC) $(TEST_DRIVER) $(TEST_EXTRA) $(FW_HOST_LIB) $(BUILD)/sim/rv_elf.o $(SIM_LIB) $(SOC_LIB) \
		$(RTL_LDLIBS) $(TEST_LIBS) $(if $(TEST_DRIVER),$(DRIVER_LDLIBS)) -lelf

# The driver's tests: libbpfsoc (driver/driver.mk) and its headers
DRIVER_TESTS := test_links test_driver test_cli test_cbpf test_filter
$(DRIVER_TESTS:%=$(BUILD)/tests/%.o): TEST_CFLAGS += -Idriver -Ifirmware -Isim/generated
$(DRIVER_TESTS:%=$(BUILD)/tests/%.o): $(DRIVER_HDRS)
$(DRIVER_TESTS:%=$(BUILD)/tests/%): TEST_DRIVER = $(DRIVER_LIB)
$(DRIVER_TESTS:%=$(BUILD)/tests/%): $(DRIVER_LIB)
# test_cbpf runs the RTL too: the engines' bpfcore.o ahead of the library's
# reference-only one
$(BUILD)/tests/test_cbpf: TEST_DRIVER = $(BUILD)/sim/bpfcore.o $(DRIVER_LIB)

$(BUILD)/bpfsoc-fuzz-core: $(BUILD)/tests/fuzz_core.o $(TEST_COMMON) $(SIM_LIB) $(RTL_LIB)
	$(CXX) -o $@ $< $(TEST_COMMON) $(ENGINE_LIBS)

SIM_BINS += $(BUILD)/bpfsoc-fuzz-core

# Criterion's own runner prints the totals; --jobs keeps within 2 cores.
CRITERION_FLAGS ?= --jobs 2

test: deps build check-gen lint $(TEST_BINS) $(BUILD)/bpfsoc-exec $(BUILD)/bpfsoc-asm $(BENCH_BIN) $(BENCH_OBJS) \
		$(BUILD)/bpfsoc-sim $(RV_ELFS) $(SOCT_ELFS) $(FW_ELF)
	@set -e; for t in $(TEST_BINS); do \
		echo "== $$t"; \
		FUZZ_N=$(FUZZ_N) FUZZ_SEED=$(FUZZ_SEED) $$t $(CRITERION_FLAGS); \
	done
	@echo "== benchmarks: r0 and memory of every program against its host build, on both engines"
	$(BENCH_BIN) --engine ref --dir $(BENCH_DIR) --cpu all >/dev/null
	$(BENCH_BIN) --engine rtl --dir $(BENCH_DIR) --cpu all
	@$(MAKE) --no-print-directory test-tiny
	@echo "== the iCEBreaker's configuration (sim/soc.mk test-icebreaker)"
	$(MAKE) --no-print-directory test-icebreaker
	@echo "== tests/rv on the RV32I cores, rv_serial and rv_core without M (sim/soc.mk test-rv-serial)"
	$(MAKE) --no-print-directory test-rv-serial
	@echo "== the iCEBreaker's synthesised netlist against its RTL (sim/soc.mk test-postsynth-icebreaker)"
	$(MAKE) --no-print-directory test-postsynth-icebreaker
	@echo "test: all suites passed"

test-diff: $(BUILD)/tests/test_diff
	FUZZ_N=$(FUZZ_N) FUZZ_SEED=$(FUZZ_SEED) $< --filter 'diff/*'

N ?= 100000
fuzz-core: $(BUILD)/bpfsoc-fuzz-core
	$< -n $(N) -s $(FUZZ_SEED)

# The tiny core (rtl/core_tiny.f): the suites that compare the core with
# the reference model, built by a sub-make with CORE=tiny in its own BUILD.
TINY_BUILD := $(BUILD)/tiny
test-tiny:
	$(MAKE) --no-print-directory CORE=tiny BUILD=$(TINY_BUILD) $(TINY_TESTS:%=$(TINY_BUILD)/tests/%)
	@set -e; for t in $(TINY_TESTS); do \
		echo "== tiny core: $(TINY_BUILD)/tests/$$t"; \
		FUZZ_N=$(FUZZ_N) FUZZ_SEED=$(FUZZ_SEED) $(TINY_BUILD)/tests/$$t $(CRITERION_FLAGS); \
	done

.PHONY: test test-diff test-tiny fuzz-core

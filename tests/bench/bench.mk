# make bench: benchmark programs on the simulated core (tests/bench/).
#
#   make bench        run them on the RTL: instructions, cycles, CPI, stalls
#   make bench-ref    the same on the reference model (checks r0; CPI is 1)
#   make bench-host   check the table of expected r0 against the host builds
#   make bench BENCH_ARGS='--markdown'    (or --json, --cpu v3, NAME...)
#
# Each tests/bench/progs/<name>.c is built three times: $(BUILD)/bench/<name>.o
# with clang -O2 -target bpf (the default -mcpu, v1), <name>.v3.o with
# -mcpu=v3, and a host object linked into bpfsoc-bench, which computes the
# expected r0 by running the same C natively.

BENCH_CLANG      ?= clang
BENCH_BPF_CFLAGS ?= -O2 -g -Wall -target bpf
BENCH_ARGS       ?=

BENCH_SRCS  := $(sort $(wildcard tests/bench/progs/*.c))
BENCH_NAMES := $(notdir $(BENCH_SRCS:.c=))
BENCH_DIR   := $(BUILD)/bench
BENCH_OBJS  := $(BENCH_NAMES:%=$(BENCH_DIR)/%.o) $(BENCH_NAMES:%=$(BENCH_DIR)/%.v3.o)
BENCH_HOST  := $(BENCH_NAMES:%=$(BUILD)/bench-host/%.o)
BENCH_BIN   := $(BUILD)/bpfsoc-bench

$(BENCH_DIR)/%.v3.o: tests/bench/progs/%.c tests/bench/progs/bench.h
	@mkdir -p $(dir $@)
	$(BENCH_CLANG) $(BENCH_BPF_CFLAGS) -mcpu=v3 -DBENCH_MCPU=3 -c $< -o $@

$(BENCH_DIR)/%.o: tests/bench/progs/%.c tests/bench/progs/bench.h
	@mkdir -p $(dir $@)
	$(BENCH_CLANG) $(BENCH_BPF_CFLAGS) -c $< -o $@

$(BUILD)/bench-host/%.o: tests/bench/progs/%.c tests/bench/progs/bench.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/bench-host/bpfsoc-bench.o: tests/bench/bpfsoc-bench.c $(SIM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BENCH_BIN): $(BUILD)/bench-host/bpfsoc-bench.o $(BENCH_HOST) $(SIM_LIB) $(RTL_LIB)
	$(CXX) -o $@ $(BUILD)/bench-host/bpfsoc-bench.o $(BENCH_HOST) $(ENGINE_LIBS) -lelf

SIM_BINS += $(BENCH_BIN)

# The whole SoC with its firmware (tests/bench/soc_bench.c)
SOC_BENCH_BIN := $(BUILD)/bpfsoc-soc-bench

# (with the driver's cBPF translator and libpcap: offline filtering; the
# driver's and the generator's makefiles come after this one, so their
# files are named here)
$(BUILD)/bench-host/soc_bench.o: tests/bench/soc_bench.c tests/devlink.h $(SIM_HDRS) $(GEN_SOC_H) \
		$(wildcard driver/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -Idriver -Ifirmware -Isim/generated \
		-DBPFSOC_FW_ELF='"$(abspath $(FW_ELF))"' -c $< -o $@

$(SOC_BENCH_BIN): $(BUILD)/bench-host/soc_bench.o $(BUILD)/tests/devlink.o $(BUILD)/sim/mmio_sock.o \
		$(FW_HOST_LIB) $(SIM_LIB) $(SOC_LIB) $(BUILD)/sim/rv_elf.o $(RTL_LIB) $(BUILD)/driver/libbpfsoc.a | $(FW_ELF)
	$(CXX) -o $@ $< $(BUILD)/tests/devlink.o $(BUILD)/sim/mmio_sock.o $(BUILD)/driver/libbpfsoc.a $(FW_HOST_LIB) \
		$(BUILD)/sim/rv_elf.o $(SIM_LIB) $(SOC_LIB) $(RTL_LDLIBS) $(DRIVER_LDLIBS) -lelf

# offline filtering's capture: the project's generator, seeded
BENCH_FILTER_PCAP := $(BUILD)/bench/filter-traffic.pcap
$(BENCH_FILTER_PCAP): $(BUILD)/bpfsoc-trafgen
	@mkdir -p $(dir $@)
	$(BUILD)/bpfsoc-trafgen -n 1200 -s 6 -o $@

bench: $(BENCH_BIN) $(BENCH_OBJS) $(SOC_BENCH_BIN) $(BENCH_FILTER_PCAP)
	$(BENCH_BIN) --engine rtl --dir $(BENCH_DIR) $(BENCH_ARGS)
	@echo
	$(SOC_BENCH_BIN) $(filter --markdown,$(BENCH_ARGS)) --filter-pcap $(BENCH_FILTER_PCAP)

bench-ref: $(BENCH_BIN) $(BENCH_OBJS)
	$(BENCH_BIN) --engine ref --dir $(BENCH_DIR) $(BENCH_ARGS)

bench-host: $(BENCH_BIN)
	$(BENCH_BIN) --host-only

.PHONY: bench bench-ref bench-host

# The simulation library: the reference model, the engine conveniences, the
# assembler and the test-data reader; and the tools built on it.

SIM_SRCS := sim/ref_core.c sim/bpfcore.c \
	$(wildcard sim/bpf_asm.c sim/bpf_testdata.c sim/bpf_elf.c sim/bpf_pseudo.c)
SIM_OBJS := $(SIM_SRCS:%.c=$(BUILD)/%.o)
SIM_LIB  := $(BUILD)/sim/libbpfsim.a
SIM_HDRS := $(wildcard sim/*.h) $(GEN_H)

# Every program links both engines.
ENGINE_LIBS := $(SIM_LIB) $(RTL_LDLIBS)

$(BUILD)/sim/%.o: sim/%.c $(SIM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(SIM_LIB): $(SIM_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/bpfsoc-exec: $(BUILD)/sim/bpfsoc-exec.o $(SIM_LIB) $(RTL_LIB)
	$(CXX) -o $@ $< $(ENGINE_LIBS)

SIM_BINS += $(BUILD)/bpfsoc-exec

$(BUILD)/bpfsoc-asm: $(BUILD)/sim/bpfsoc-asm.o $(SIM_LIB)
	$(CC) -o $@ $< $(SIM_LIB)

SIM_BINS += $(BUILD)/bpfsoc-asm

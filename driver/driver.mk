# libbpfsoc and the bpfsoc tool (driver/).
#
#   build/driver/libbpfsoc.a   the library (with the protocol's framing,
#                              firmware/proto.c built for this machine)
#   build/bpfsoc               the command-line tool
#
# Every driver/*.c but the tool's own files (bpfsoc*.c) is the library.

DRIVER_SRCS  := $(filter-out driver/bpfsoc%.c,$(wildcard driver/*.c))
DRIVER_OBJS  := $(DRIVER_SRCS:driver/%.c=$(BUILD)/driver/%.o)
DRIVER_HDRS  := $(wildcard driver/*.h) $(GEN_H) firmware/proto.h
DRIVER_LIB   := $(BUILD)/driver/libbpfsoc.a
DRIVER_PKGS  := libelf libbpf libpcap libftdi1
DRIVER_CFLAGS := $(CFLAGS) -Idriver -Ifirmware -Isim/generated \
	-DBPFSOC_SIM_BIN=\"$(abspath $(BUILD))/bpfsoc-sim\" \
	$(shell pkg-config --cflags $(DRIVER_PKGS) 2>/dev/null)
DRIVER_LDLIBS := $(shell pkg-config --libs $(DRIVER_PKGS) 2>/dev/null || echo -lelf -lbpf -lpcap -lftdi1)
BPFSOC_TOOL  := $(BUILD)/bpfsoc
BPFSOC_TOOL_SRCS := $(wildcard driver/bpfsoc*.c)

$(BUILD)/driver/%.o: driver/%.c $(DRIVER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(BUILD)/driver/proto.o: firmware/proto.c $(DRIVER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(DRIVER_OBJS) $(BUILD)/driver/proto.o
	@rm -f $@
	ar rcs $@ $^

$(BPFSOC_TOOL): $(BPFSOC_TOOL_SRCS:driver/%.c=$(BUILD)/driver/%.o) $(DRIVER_LIB)
	$(CC) -o $@ $(filter %.o,$^) $(DRIVER_LIB) $(DRIVER_LDLIBS)

ifneq ($(BPFSOC_TOOL_SRCS),)
SIM_BINS += $(BPFSOC_TOOL)
endif
SIM_BINS += $(DRIVER_LIB)

# bpfsoc-sim's MMIO socket protocol: the client half is the library's
$(BUILD)/driver/mmio_sock.o: sim/mmio_sock.c sim/mmio_sock.h
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(BUILD)/driver/mmio_sock.o

# the reference model: its instruction legality is the checker's rule
$(BUILD)/driver/ref_core.o: sim/ref_core.c sim/bpfcore.h $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(BUILD)/driver/ref_core.o

# the reference model's C interface, without the RTL engine
$(BUILD)/driver/bpfcore.o: sim/bpfcore.c sim/bpfcore.h $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -DBPFCORE_REF_ONLY -c $< -o $@

# the helpers' semantics and the maps, as the firmware has them
$(BUILD)/driver/fw_%.o: firmware/%.c $(FW_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(BUILD)/driver/bpfcore.o $(BUILD)/driver/fw_helpers.o $(BUILD)/driver/fw_maps.o

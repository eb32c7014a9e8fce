# The project's tools (tools/):
#
#   build/bpfsoc-trafgen   the traffic generator: a pcap of mixed, real-looking
#                          traffic with a share of malformed packets, the
#                          same file for the same seed (tools/trafgen.c)

TRAFGEN_BIN := $(BUILD)/bpfsoc-trafgen

$(BUILD)/tools/%.o: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(TRAFGEN_BIN): $(BUILD)/tools/trafgen.o
	$(CC) -o $@ $< -lpcap

SIM_BINS += $(TRAFGEN_BIN)

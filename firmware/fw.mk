# firmware/fw.mk: the firmware's host-independent parts (docs/protocol.md).
#
#   FW_HOST_LIB   proto.c and maps.c built for this machine, linked into
#                 every tests/test_*.c (tests/tests.mk); their own tests are
#                 tests/test_fw_proto.c and tests/test_fw_maps.c
#   make fw-check compile every firmware/*.c for the RISC-V, freestanding,
#                 warnings as errors: proof that it needs no hosted libc

FW_HOST_SRCS := firmware/proto.c firmware/maps.c firmware/helpers.c
FW_HDRS      := $(wildcard firmware/*.h) sim/generated/bpfsoc_proto.h
FW_HOST_OBJS := $(FW_HOST_SRCS:firmware/%.c=$(BUILD)/fw-host/%.o)
FW_HOST_LIB  := $(BUILD)/fw-host/libfw.a
FW_CPPFLAGS  := -Ifirmware -Isim/generated

$(BUILD)/fw-host/%.o: firmware/%.c $(FW_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FW_CPPFLAGS) -c $< -o $@

$(FW_HOST_LIB): $(FW_HOST_OBJS)
	@rm -f $@
	ar rcs $@ $^

# The firmware's unit tests include its headers.
FW_TEST_OBJS := $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(wildcard tests/test_fw_*.c))
$(BUILD)/tests/test_fw_%.o: TEST_CFLAGS += $(FW_CPPFLAGS)
$(FW_TEST_OBJS): $(FW_HDRS)

# The RISC-V build of the firmware: only compiled here, to show that the
# host-independent code is freestanding-clean.
FW_RV_CC     ?= riscv64-unknown-elf-gcc
FW_RV_CFLAGS := -march=rv32im_zicsr -mabi=ilp32 -Os -ffreestanding -std=c11 -Wall -Wextra -Werror
FW_RV_SRCS   := $(wildcard firmware/*.c)
FW_RV_OBJS   := $(FW_RV_SRCS:firmware/%.c=$(BUILD)/fw-rv/%.o)

$(BUILD)/fw-rv/%.o: firmware/%.c $(FW_HDRS)
	@mkdir -p $(dir $@)
	$(FW_RV_CC) $(FW_RV_CFLAGS) $(FW_CPPFLAGS) -c $< -o $@

fw-check: $(FW_RV_OBJS)
	@echo "fw-check: $(words $(FW_RV_OBJS)) firmware sources compile freestanding for rv32im"

.PHONY: fw-check

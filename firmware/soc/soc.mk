# firmware/soc/soc.mk: the SoC's firmware image, $(FW_ELF): crt0.S and
# main.c here with the host-independent parts (firmware/proto.c,
# firmware/maps.c), for the RISC-V core (rv32im + Zicsr), linked in RAM
# (link.ld) with picolibc's string functions.  bpfsoc-sim loads it; the
# boards' bitstreams will carry it in their RAM's initial contents.

FW_CC      ?= riscv64-unknown-elf-gcc
FW_ELF     := $(BUILD)/firmware/bpfsoc-fw.elf
FW_SRCS    := firmware/soc/crt0.S firmware/soc/main.c firmware/proto.c firmware/maps.c firmware/helpers.c
FW_OPT     ?= -O2
FW_CFLAGS  := -march=rv32im_zicsr -mabi=ilp32 $(FW_OPT) -g -std=c11 -Wall -Wextra -Werror \
	-ffunction-sections -fdata-sections --specs=picolibc.specs \
	-Ifirmware -Ifirmware/soc -Isim/generated
# Linking picks the library by -march: picolibc's rv32im build.
FW_LDFLAGS := -march=rv32im -mabi=ilp32 --specs=picolibc.specs -nostartfiles \
	-T firmware/soc/link.ld -Wl,--gc-sections -Wl,--no-warn-rwx-segments
FW_OBJS    := $(patsubst firmware/%,$(BUILD)/firmware/%.o,$(FW_SRCS))

$(BUILD)/firmware/%.o: firmware/% $(wildcard firmware/*.h firmware/soc/*.h) $(GEN_SOC_H) $(GEN_PROTO_H)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_CFLAGS) -c $< -o $@

$(FW_ELF): $(FW_OBJS) firmware/soc/link.ld
	$(FW_CC) $(FW_LDFLAGS) -o $@ $(FW_OBJS)
	@riscv64-unknown-elf-size $@ | tail -1 | awk '{printf "firmware: %u bytes of code and data, %u of bss\n", $$1 + $$2, $$3}'

firmware: $(FW_ELF)

.PHONY: firmware

# test_firmware talks to it on the simulated SoC, with the host build of
# the protocol's framing.
$(BUILD)/tests/test_firmware.o $(BUILD)/tests/devlink.o: TEST_CFLAGS += -Ifirmware -Isim/generated
$(BUILD)/tests/test_firmware: | $(FW_ELF)

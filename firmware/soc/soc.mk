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

# A board's own build of the firmware, where it differs from the simulated
# SoC's (sizes and links): $(BUILD)/firmware/BOARD/bpfsoc-fw.elf, linked
# for the board's RAM_SIZE.  FW_BOARD_DEFS_<board> are its C options:
#   FW_IMEM_SLOTS   the staging buffer for a program being loaded (slots)
#   FW_HOST_PORT    0: no host port (no MMIO mailbox in RAM)
# FW_BOARD_OPT_<board> its optimisation (-Os where RAM is short),
# FW_BOARD_ARCH_<board> its RISC-V base and extensions where the board's
# core lacks some (rv32i: rv_core without M, RV_M = 0; libgcc then
# multiplies and divides), and FW_BOARD_LMEM_<board> 1 where the eBPF
# core keeps its slots and stack at the top of the RAM (bpfsoc_top LMEM):
# the firmware is then linked below them, in RAM_SIZE less
# 8 * IMEM_DEPTH + MAX_DEPTH * FRAME_SIZE bytes.  The staging buffer holds
# the board's IMEM_DEPTH slots.
FW_BOARD_DEFS_icebreaker = -DFW_IMEM_SLOTS=$(call fw_board_param,icebreaker,IMEM_DEPTH) -DFW_HOST_PORT=0
FW_BOARD_OPT_icebreaker  := -Os
FW_BOARD_ARCH_icebreaker := rv32i
FW_BOARD_LMEM_icebreaker := 1
FW_BOARDS := icebreaker

fw_board_march = -march=$(or $(FW_BOARD_ARCH_$(1)),rv32im)
fw_board_param = $(shell $(PYTHON) spec/gen.py --board-params $(GEN_SPEC) $(1) | tr ' ' '\n' | sed -n 's/^-G$(2)=//p')
fw_stack_bytes = $(shell $(PYTHON) -c 'import tomllib; c = tomllib.load(open("$(GEN_SPEC)", "rb"))["core"]["map"]; print(c["MAX_DEPTH"]["value"] * c["FRAME_SIZE"]["value"])')
fw_board_ram = $(shell echo $$(( $(call fw_board_param,$(1),RAM_BYTES) $(if $(FW_BOARD_LMEM_$(1)),- 8 * $(call fw_board_param,$(1),IMEM_DEPTH) - $(fw_stack_bytes)) )))

define fw_board_rules
$$(BUILD)/firmware/$(1)/%.o: firmware/% $$(wildcard firmware/*.h firmware/soc/*.h) $$(GEN_SOC_H) $$(GEN_PROTO_H)
	@mkdir -p $$(dir $$@)
	$$(FW_CC) $$(filter-out $$(FW_OPT) -march=%,$$(FW_CFLAGS)) $$(call fw_board_march,$(1))_zicsr \
		$$(FW_BOARD_OPT_$(1)) $$(FW_BOARD_DEFS_$(1)) -c $$< -o $$@

$$(BUILD)/firmware/$(1)/bpfsoc-fw.elf: $$(patsubst firmware/%,$$(BUILD)/firmware/$(1)/%.o,$$(FW_SRCS)) firmware/soc/link.ld $$(GEN_SPEC)
	$$(FW_CC) $$(filter-out -march=%,$$(FW_LDFLAGS)) $$(call fw_board_march,$(1)) -Wl,--defsym=__ram_size=$$(call fw_board_ram,$(1)) -o $$@ \
		$$(patsubst firmware/%,$$(BUILD)/firmware/$(1)/%.o,$$(FW_SRCS))
	@riscv64-unknown-elf-size $$@ | tail -1 | awk '{printf "firmware ($(1)): %u bytes of code and data, %u of bss\n", $$$$1 + $$$$2, $$$$3}'
endef
$(foreach b,$(FW_BOARDS),$(eval $(call fw_board_rules,$(b))))

# the firmware a board's bitstream carries: its own build, else the SoC's
fw_elf_of = $(if $(filter $(1),$(FW_BOARDS)),$(BUILD)/firmware/$(1)/bpfsoc-fw.elf,$(FW_ELF))

firmware: $(FW_ELF)

.PHONY: firmware

# test_firmware talks to it on the simulated SoC, with the host build of
# the protocol's framing.
$(BUILD)/tests/test_firmware.o $(BUILD)/tests/devlink.o: TEST_CFLAGS += -Ifirmware -Isim/generated
$(BUILD)/tests/test_firmware: | $(FW_ELF) $(call fw_elf_of,$(SOC_BOARD))

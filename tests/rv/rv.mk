# RISC-V directed tests (tests/rv/README.md): each tests/rv/<name>.S is
# built into $(BUILD)/rv/<name>.elf and run by test_rv on bpfsoc-sim --elf.
#
#   make rv-tests            build every ELF
#   make build/rv/alu.elf    build one

RV_CC      ?= riscv64-unknown-elf-gcc
RV_ARCH    ?= -march=rv32im_zicsr -mabi=ilp32
RV_CFLAGS  := $(RV_ARCH) -nostdlib -nostartfiles -static -mno-relax \
	-Wl,--no-warn-rwx-segments -T tests/rv/link.ld -Isim/generated -Itests/rv

RV_SRCS := $(wildcard tests/rv/*.S)
RV_ELFS := $(RV_SRCS:tests/rv/%.S=$(BUILD)/rv/%.elf)
RV_DEPS := tests/rv/rvtest.h tests/rv/link.ld tests/rv/rv.mk $(GEN_SOC_H)

$(BUILD)/rv/%.elf: tests/rv/%.S $(RV_DEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_CFLAGS) -o $@ $<

rv-tests: $(RV_ELFS)

# test_rv runs the ELFs: building it builds them (order only: the test
# binary itself does not change with them).
$(BUILD)/tests/test_rv: | $(RV_ELFS)

.PHONY: rv-tests

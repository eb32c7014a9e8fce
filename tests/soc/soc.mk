# SoC test programs (tests/soc/*.S), run by test_soc: built like the
# RISC-V directed tests (tests/rv/rv.mk), into $(BUILD)/soc-tests/.
SOCT_SRCS := $(wildcard tests/soc/*.S)
SOCT_ELFS := $(SOCT_SRCS:tests/soc/%.S=$(BUILD)/soc-tests/%.elf)

$(BUILD)/soc-tests/%.elf: tests/soc/%.S tests/rv/link.ld $(GEN_SOC_H) tests/soc/soc.mk
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_CFLAGS) -o $@ $<

$(BUILD)/tests/test_soc: | $(SOCT_ELFS)

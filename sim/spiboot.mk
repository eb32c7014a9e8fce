# sim/spiboot.mk: the boot loader (rtl/soc_spiboot.v) Verilated with a
# serial-flash model (sim/spiboot_sim.cpp), for tests/test_spiboot.c.
# Its parameters here are small, so that the test runs in a moment.

SPIBOOT_BYTES  := 4096
# the flash offset, 24 bits in hex
SPIBOOT_OFFSET := 012344
SPIBOOT_WAIT   := 64
SPIBOOT_OBJDIR := $(BUILD)/spiboot/obj
SPIBOOT_LIB    := $(BUILD)/spiboot/libspiboot_sim.a

$(SPIBOOT_OBJDIR)/Vsoc_spiboot.mk: rtl/soc_spiboot.v sim/spiboot_sim.cpp sim/spiboot_sim.h sim/spi_flash.h sim/spiboot.mk
	@mkdir -p $(SPIBOOT_OBJDIR)
	@rm -f $@
	$(VERILATOR) --cc -O3 --top-module soc_spiboot -Mdir $(SPIBOOT_OBJDIR) -CFLAGS -I$(abspath sim) \
		-GBYTES=$(SPIBOOT_BYTES) -GOFFSET="24'h$(SPIBOOT_OFFSET)" -GWAIT_CYCLES=$(SPIBOOT_WAIT) \
		rtl/soc_spiboot.v $(abspath sim/spiboot_sim.cpp)

$(SPIBOOT_LIB): $(SPIBOOT_OBJDIR)/Vsoc_spiboot.mk
	$(MAKE) --no-print-directory -s -C $(SPIBOOT_OBJDIR) -f Vsoc_spiboot.mk \
		CXX="$(CXX)" OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2 VM_PARALLEL_BUILDS=0 Vsoc_spiboot__ALL.o spiboot_sim.o
	@rm -f $@
	ar rcs $@ $(SPIBOOT_OBJDIR)/Vsoc_spiboot__ALL.o $(SPIBOOT_OBJDIR)/spiboot_sim.o

$(BUILD)/tests/test_spiboot.o: TEST_CFLAGS += -DSPIBOOT_BYTES=$(SPIBOOT_BYTES) \
	-DSPIBOOT_OFFSET=0x$(SPIBOOT_OFFSET) -DSPIBOOT_WAIT=$(SPIBOOT_WAIT)
$(BUILD)/tests/test_spiboot.o: sim/spiboot.mk
$(BUILD)/tests/test_spiboot: TEST_EXTRA = $(SPIBOOT_LIB)
$(BUILD)/tests/test_spiboot: $(SPIBOOT_LIB)

lint-spiboot:
	$(VERILATOR) --lint-only -Wall --top-module soc_spiboot rtl/soc_spiboot.v
	@echo "lint: rtl/soc_spiboot.v clean"

lint: lint-spiboot

.PHONY: lint-spiboot

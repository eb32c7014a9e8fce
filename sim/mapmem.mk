# sim/mapmem.mk: the map memory's sequencer (rtl/soc_mapmem.v, the SoC's
# SPRAM = 1 map memory) Verilated alone with its driver and model
# (sim/mapmem_sim.cpp), for tests/test_mapmem.c.

MAPMEM_OBJDIR := $(BUILD)/mapmem/obj
MAPMEM_LIB    := $(BUILD)/mapmem/libmapmem_sim.a
MAPMEM_SRCS   := rtl/soc_mapmem.v rtl/soc_spram.v

$(MAPMEM_OBJDIR)/Vsoc_mapmem.mk: $(MAPMEM_SRCS) sim/mapmem_sim.cpp sim/mapmem_sim.h sim/mapmem.mk
	@mkdir -p $(MAPMEM_OBJDIR)
	@rm -f $@
	$(VERILATOR) --cc -O3 --top-module soc_mapmem -Mdir $(MAPMEM_OBJDIR) -CFLAGS -I$(abspath sim) \
		-GAW=15 $(MAPMEM_SRCS) $(abspath sim/mapmem_sim.cpp)

$(MAPMEM_LIB): $(MAPMEM_OBJDIR)/Vsoc_mapmem.mk
	$(MAKE) --no-print-directory -s -C $(MAPMEM_OBJDIR) -f Vsoc_mapmem.mk \
		CXX="$(CXX)" OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2 VM_PARALLEL_BUILDS=0 Vsoc_mapmem__ALL.o mapmem_sim.o
	@rm -f $@
	ar rcs $@ $(MAPMEM_OBJDIR)/Vsoc_mapmem__ALL.o $(MAPMEM_OBJDIR)/mapmem_sim.o

$(BUILD)/tests/test_mapmem: TEST_EXTRA = $(MAPMEM_LIB)
$(BUILD)/tests/test_mapmem: $(MAPMEM_LIB)

lint-mapmem:
	$(VERILATOR) --lint-only -Wall --top-module soc_mapmem $(MAPMEM_SRCS)
	@echo "lint: rtl/soc_mapmem.v clean"

lint: lint-mapmem

.PHONY: lint-mapmem

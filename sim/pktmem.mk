# sim/pktmem.mk: the SPRAM = 1 packet memory (rtl/soc_pktmem.v: single-port
# byte banks behind an arbiter) Verilated alone with its driver and model
# (sim/pktmem_sim.cpp), for tests/test_pktmem.c.  Included by sim/soc.mk.

PKTMEM_OBJDIR := $(BUILD)/pktmem/obj
PKTMEM_LIB    := $(BUILD)/pktmem/libpktmem_sim.a
PKTMEM_SRCS   := rtl/soc_pktmem.v

$(PKTMEM_OBJDIR)/Vsoc_pktmem.mk: $(PKTMEM_SRCS) sim/pktmem_sim.cpp sim/pktmem_sim.h sim/pktmem.mk
	@mkdir -p $(PKTMEM_OBJDIR)
	@rm -f $@
	$(VERILATOR) --cc -O3 --top-module soc_pktmem -Mdir $(PKTMEM_OBJDIR) -CFLAGS -I$(abspath sim) \
		-GBYTES=4096 -GAW=12 $(PKTMEM_SRCS) $(abspath sim/pktmem_sim.cpp)

$(PKTMEM_LIB): $(PKTMEM_OBJDIR)/Vsoc_pktmem.mk
	$(MAKE) --no-print-directory -s -C $(PKTMEM_OBJDIR) -f Vsoc_pktmem.mk \
		CXX="$(CXX)" OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2 VM_PARALLEL_BUILDS=0 Vsoc_pktmem__ALL.o pktmem_sim.o
	@rm -f $@
	ar rcs $@ $(PKTMEM_OBJDIR)/Vsoc_pktmem__ALL.o $(PKTMEM_OBJDIR)/pktmem_sim.o

$(BUILD)/tests/test_pktmem: TEST_EXTRA = $(PKTMEM_LIB)
$(BUILD)/tests/test_pktmem: $(PKTMEM_LIB)

lint-pktmem:
	$(VERILATOR) --lint-only -Wall --top-module soc_pktmem $(PKTMEM_SRCS)
	@echo "lint: rtl/soc_pktmem.v clean"

lint: lint-pktmem

.PHONY: lint-pktmem

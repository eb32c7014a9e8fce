# rtl/rtl.mk: the eBPF core's RTL: lint and the Verilated model library.
#
#   make lint      verilator --lint-only -Wall over every RTL file, with and
#                  without the trace port (BPFSOC_TRACE)
#   $(RTL_LIB)     the Verilated core + Verilator runtime + sim/rtl_core.cpp
#                  (bpfcore_rtl_new), one static archive; link with
#                  $(RTL_LDLIBS) using $(CXX), or $(CC) ... -lstdc++
#   RTL_VCD=1      build the model with waveform support
#                  (bpfcore_rtl_trace_vcd); slower, off by default
#   CORE=tiny      the tiny (multi-cycle, area-oriented) core of
#                  rtl/core_tiny.f instead of the pipeline of rtl/core.f;
#                  use it with its own BUILD (tests/tests.mk: BUILD/tiny)

CORE       ?= full
RTL_CORE_F := $(if $(filter tiny,$(CORE)),rtl/core_tiny.f,rtl/core.f)
RTL_TOP    := bpf_core
RTL_SRCS   := $(shell sed -e 's/\#.*//' $(RTL_CORE_F))
RTL_TINY_SRCS := $(shell sed -e 's/\#.*//' rtl/core_tiny.f)
RTL_INCS   := -Irtl -Irtl/generated
RTL_VH     := $(wildcard rtl/*.vh)
RTL_OBJDIR := $(BUILD)/rtl/obj
RTL_LIB    := $(BUILD)/rtl/libbpfcore_rtl.a
RTL_LDLIBS := $(RTL_LIB) -lstdc++ -lpthread
RTL_VCD    ?= 0

RTL_VFLAGS := --cc -O3 -DBPFSOC_TRACE --top-module $(RTL_TOP) --prefix Vbpf_core \
	$(RTL_INCS) -Mdir $(RTL_OBJDIR) -CFLAGS -I$(abspath sim) \
	$(if $(filter 1,$(RTL_VCD)),--trace)
RTL_RUNTIME := verilated.o verilated_threads.o $(if $(filter 1,$(RTL_VCD)),verilated_vcd_c.o)
RTL_OBJS    := Vbpf_core__ALL.o rtl_core.o $(RTL_RUNTIME)

# One translation unit (VM_PARALLEL_BUILDS=0): Verilator switches to split
# builds by itself once the design is large, and __ALL.o must stay a target.
# Verilate when an RTL file, the generated include or this fragment changes.
$(RTL_OBJDIR)/Vbpf_core.mk: $(RTL_SRCS) $(RTL_VH) $(GEN_VH) rtl/rtl.mk $(RTL_CORE_F)
	@mkdir -p $(RTL_OBJDIR)
	$(VERILATOR) $(RTL_VFLAGS) $(RTL_SRCS) $(abspath sim/rtl_core.cpp)

$(RTL_LIB): $(RTL_OBJDIR)/Vbpf_core.mk sim/rtl_core.cpp sim/rtl_core.h sim/bpfcore.h $(GEN_H)
	$(MAKE) --no-print-directory -s -C $(RTL_OBJDIR) -f Vbpf_core.mk \
		CXX="$(CXX)" OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2 VM_PARALLEL_BUILDS=0 $(RTL_OBJS)
	@rm -f $@
	ar rcs $@ $(addprefix $(RTL_OBJDIR)/,$(RTL_OBJS))

rtl-lib: $(RTL_LIB)

lint:
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(RTL_TOP) -DBPFSOC_TRACE $(RTL_SRCS)
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module $(RTL_TOP) $(RTL_SRCS)
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module bpf_core -DBPFSOC_TRACE $(RTL_TINY_SRCS)
	$(VERILATOR) --lint-only -Wall $(RTL_INCS) --top-module bpf_core $(RTL_TINY_SRCS)
	@echo "lint: $(words $(RTL_SRCS)) RTL files and the tiny core's $(words $(RTL_TINY_SRCS)) clean"

.PHONY: rtl-lib lint

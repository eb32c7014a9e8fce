# Generated files from the one source of truth, spec/bpfsoc.toml.
GEN_SPEC   := spec/bpfsoc.toml
GEN_VH     := rtl/generated/bpf_defs.vh
GEN_H      := sim/generated/bpf_defs.h
GEN_MD     := docs/opcodes.md
GEN_MAP    := docs/memory-map.md
GEN_SOC_VH := rtl/generated/bpfsoc_map.vh
GEN_SOC_H  := sim/generated/bpfsoc_map.h
GEN_FILES  := $(GEN_VH) $(GEN_H) $(GEN_MD) $(GEN_MAP) $(GEN_SOC_VH) $(GEN_SOC_H)
# The host protocol's numbers and layouts, maps, helpers, XDP verdicts
# (docs/protocol.md): for the firmware and the driver.
GEN_PROTO_H  := sim/generated/bpfsoc_proto.h
GEN_PROTO_MD := docs/protocol-ids.md
GEN_FILES  += $(GEN_PROTO_H) $(GEN_PROTO_MD)

gen: $(GEN_SPEC) spec/gen.py
	$(PYTHON) spec/gen.py $(GEN_SPEC) $(GEN_FILES)

# Fails when a committed generated file is stale.
check-gen:
	@mkdir -p $(BUILD)/gen
	@$(PYTHON) spec/gen.py $(GEN_SPEC) $(addprefix $(BUILD)/gen/,$(notdir $(GEN_FILES)))
	@for f in $(GEN_FILES); do \
		cmp -s $(BUILD)/gen/$$(basename $$f) $$f || \
		{ echo "check-gen: $$f is stale: run 'make gen' and commit" >&2; exit 1; }; \
	done
	@echo "check-gen: generated files match spec/bpfsoc.toml"

gen-check-quiet:
	@$(MAKE) --no-print-directory check-gen >/dev/null

.PHONY: gen check-gen gen-check-quiet

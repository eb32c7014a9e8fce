# Generated files from the one source of truth, spec/bpfsoc.toml.
GEN_SPEC := spec/bpfsoc.toml
GEN_VH   := rtl/generated/bpf_defs.vh
GEN_H    := sim/generated/bpf_defs.h
GEN_MD   := docs/opcodes.md
GEN_MAP  := docs/memory-map.md

gen: $(GEN_SPEC) spec/gen.py
	$(PYTHON) spec/gen.py $(GEN_SPEC) $(GEN_VH) $(GEN_H) $(GEN_MD) $(GEN_MAP)

# Fails when a committed generated file is stale.
check-gen:
	@mkdir -p $(BUILD)/gen
	@$(PYTHON) spec/gen.py $(GEN_SPEC) $(BUILD)/gen/bpf_defs.vh $(BUILD)/gen/bpf_defs.h $(BUILD)/gen/opcodes.md $(BUILD)/gen/memory-map.md
	@cmp -s $(BUILD)/gen/bpf_defs.vh $(GEN_VH) && cmp -s $(BUILD)/gen/bpf_defs.h $(GEN_H) && \
		cmp -s $(BUILD)/gen/opcodes.md $(GEN_MD) && \
		cmp -s $(BUILD)/gen/memory-map.md $(GEN_MAP) || \
		{ echo "check-gen: generated files are stale: run 'make gen' and commit" >&2; exit 1; }
	@echo "check-gen: generated files match spec/bpfsoc.toml"

gen-check-quiet:
	@$(MAKE) --no-print-directory check-gen >/dev/null

.PHONY: gen check-gen gen-check-quiet

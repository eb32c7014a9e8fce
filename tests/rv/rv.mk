# RISC-V directed tests (tests/rv/README.md): each tests/rv/<name>.S is
# built into $(BUILD)/rv/<name>.elf and run by test_rv on bpfsoc-sim --elf.
RV_ELFS :=

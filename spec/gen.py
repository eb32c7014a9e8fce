#!/usr/bin/env python3
"""Generate the Verilog include and the C header from spec/bpfsoc.toml.

usage: gen.py SPEC OUT.vh OUT.h
Both outputs are deterministic, so `make check-gen` can diff them.
"""
import sys
import tomllib

BANNER = "generated from spec/bpfsoc.toml by spec/gen.py; do not edit"


def legal_opcodes(isa):
    """The opcode bytes the core accepts, from RFC 9669's tables.

    Field checks beyond the opcode byte (registers, offset, imm) are made by
    the decoder and by the reference model; this set is only the first gate.
    """
    c, a, j, s, m = (isa[k] for k in ("class", "alu", "jmp", "size", "mode"))
    X = isa["source"]["X"]
    ops = set()
    for cls in (c["ALU"], c["ALU64"]):
        for name, code in a.items():
            for src in (0, X):
                if name == "NEG" and src:
                    continue
                if name == "END" and cls == c["ALU64"] and src:
                    continue
                ops.add(code << 4 | src | cls)
    for cls in (c["JMP"], c["JMP32"]):
        for name, code in j.items():
            for src in (0, X):
                if name in ("EXIT",) and (src or cls == c["JMP32"]):
                    continue
                if name == "CALL" and cls == c["JMP32"]:
                    continue
                if name == "JA" and src:
                    continue
                ops.add(code << 4 | src | cls)
    ops.add(m["IMM"] << 5 | s["DW"] << 3 | c["LD"])
    for mode in (m["ABS"], m["IND"]):
        for size in (s["W"], s["H"], s["B"]):
            ops.add(mode << 5 | size << 3 | c["LD"])
    for size in s.values():
        ops.add(m["MEM"] << 5 | size << 3 | c["LDX"])
        ops.add(m["MEM"] << 5 | size << 3 | c["ST"])
        ops.add(m["MEM"] << 5 | size << 3 | c["STX"])
    for size in (s["W"], s["H"], s["B"]):
        ops.add(m["MEMSX"] << 5 | size << 3 | c["LDX"])
    for size in (s["W"], s["DW"]):
        ops.add(m["ATOMIC"] << 5 | size << 3 | c["STX"])
    return sorted(ops)


def consts(spec):
    """(group, name, value, comment) rows, in file order."""
    rows = []
    isa = spec["isa"]
    for name, v in isa["class"].items():
        rows.append(("BPF_CLASS", name, v, ""))
    for name, v in isa["source"].items():
        rows.append(("BPF_SRC", name, v, "opcode bit 3"))
    for name, v in isa["alu"].items():
        rows.append(("BPF_ALU", name, v, "opcode bits 7..4"))
    for name, v in isa["jmp"].items():
        rows.append(("BPF_JMP", name, v, "opcode bits 7..4"))
    for name, v in isa["size"].items():
        rows.append(("BPF_SIZE", name, v, "opcode bits 4..3"))
    for name, v in isa["mode"].items():
        rows.append(("BPF_MODE", name, v, "opcode bits 7..5"))
    for name, v in isa["atomic"].items():
        rows.append(("BPF_ATOMIC", name, v, "imm of STX|ATOMIC"))
    for name, v in isa["call_src"].items():
        rows.append(("BPF_CALL_SRC", name, v, ""))
    core = spec["core"]
    for name, v in core["map"].items():
        rows.append(("BPF", name, v, ""))
    for name, v in core["region_flags"].items():
        rows.append(("BPF_REGION", name, v, ""))
    for name, v in core["fault"].items():
        rows.append(("BPF_FAULT", name, v["value"], v["text"]))
    for name, v in core["state"].items():
        rows.append(("BPF_STATE", name, v, ""))
    for name, v in core["helper_action"].items():
        rows.append(("BPF_HELPER", name, v, ""))
    for name, v in core["ctl"].items():
        rows.append(("BPF_CTL", name, v, ""))
    for name, v in core["counter"].items():
        rows.append(("BPF_CNT", name, v, ""))
    rows.append(("BPF_CNT", "NUM", len(core["counter"]), "number of counters"))
    ver = spec["version"]
    rows.append(("BPFSOC_VERSION", "MAJOR", ver["major"], ""))
    rows.append(("BPFSOC_VERSION", "MINOR", ver["minor"], ""))
    rows.append(("BPF_CORE", "ID_VALUE", 0x65425046, "'eBPF'"))
    return rows


def verilog(spec):
    out = [f"// {BANNER}", "`ifndef BPF_DEFS_VH", "`define BPF_DEFS_VH", ""]
    for group, name, v, comment in consts(spec):
        tail = f"  // {comment}" if comment else ""
        out.append(f"localparam integer {group}_{name} = 32'h{v:x};{tail}")
    out.append("")
    out.append("// 1 for each opcode byte RFC 9669 defines and the core executes")
    out.append("function automatic bpf_opcode_legal(input [7:0] op);")
    out.append("  case (op)")
    ops = legal_opcodes(spec["isa"])
    for i in range(0, len(ops), 8):
        chunk = ", ".join(f"8'h{o:02x}" for o in ops[i:i + 8])
        out.append(f"    {chunk}: bpf_opcode_legal = 1'b1;")
    out.append("    default: bpf_opcode_legal = 1'b0;")
    out.append("  endcase")
    out.append("endfunction")
    out.append("")
    out.append("`endif")
    return "\n".join(out) + "\n"


def cheader(spec):
    out = [f"/* {BANNER} */", "#ifndef BPF_DEFS_H", "#define BPF_DEFS_H", "",
           "#include <stdint.h>", ""]
    for group, name, v, comment in consts(spec):
        tail = f" /* {comment} */" if comment else ""
        out.append(f"#define {group}_{name} 0x{v:x}u{tail}")
    out.append("")
    out.append("/* 1 for each opcode byte RFC 9669 defines and the core executes */")
    ops = set(legal_opcodes(spec["isa"]))
    out.append("static const uint8_t bpf_opcode_legal[256] = {")
    for i in range(0, 256, 16):
        row = ", ".join("1" if o in ops else "0" for o in range(i, i + 16))
        out.append(f"    {row}, /* 0x{i:02x} */")
    out.append("};")
    out.append("")
    out.append("static inline const char *bpf_fault_text(unsigned code)")
    out.append("{")
    out.append("    switch (code) {")
    for name, v in spec["core"]["fault"].items():
        out.append(f"    case {v['value']}: return \"{v['text']}\";")
    out.append("    default: return \"unknown fault\";")
    out.append("    }")
    out.append("}")
    out.append("")
    out.append("static inline const char *bpf_fault_name(unsigned code)")
    out.append("{")
    out.append("    switch (code) {")
    for name, v in spec["core"]["fault"].items():
        out.append(f"    case {v['value']}: return \"{name}\";")
    out.append("    default: return \"UNKNOWN\";")
    out.append("    }")
    out.append("}")
    out.append("")
    out.append("#endif")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen.py SPEC OUT.vh OUT.h")
    with open(sys.argv[1], "rb") as f:
        spec = tomllib.load(f)
    with open(sys.argv[2], "w") as f:
        f.write(verilog(spec))
    with open(sys.argv[3], "w") as f:
        f.write(cheader(spec))


if __name__ == "__main__":
    main()

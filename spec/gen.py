#!/usr/bin/env python3
"""Generate the Verilog include and the C header from spec/bpfsoc.toml.

usage: gen.py SPEC OUT.vh OUT.h OPCODES.md MEMORY-MAP.md SOC.vh SOC.h [PROTO.h PROTOCOL-IDS.md]
The last two: the host protocol's numbers and payload layouts, the map
types and flags, helper ids and XDP verdicts (sim/generated/bpfsoc_proto.h,
docs/protocol-ids.md).
All outputs are deterministic, so `make check-gen` can diff them.
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
        rows.append(("BPF", name, v["value"], ""))
    for name, v in core["region_flags"].items():
        rows.append(("BPF_REGION", name, v, ""))
    for name, v in core["fault"].items():
        rows.append(("BPF_FAULT", name, v["value"], v["text"]))
    for name, v in core["state"].items():
        rows.append(("BPF_STATE", name, v, ""))
    for name, v in core["helper_action"].items():
        rows.append(("BPF_HELPER", name, v, ""))
    for name, v in core["helper_kind"].items():
        rows.append(("BPF_HELPER_KIND", name, v, ""))
    for name, v in core["ctl"].items():
        rows.append(("BPF_CTL", name, v["offset"], ""))
    for name, v in core["counter"].items():
        rows.append(("BPF_CNT", name, v, ""))
    rows.append(("BPF_CNT", "NUM", len(core["counter"]), "number of counters"))
    ver = spec["version"]
    rows.append(("BPFSOC_VERSION", "MAJOR", ver["major"], ""))
    rows.append(("BPFSOC_VERSION", "MINOR", ver["minor"], ""))
    rows.append(("BPF_CORE", "ID_VALUE", 0x65425046, "'eBPF'"))
    return rows


def soc_consts(spec):
    """(group, name, value, comment) rows of the SoC, in file order."""
    soc = spec["soc"]
    rows = []
    for name, v in soc["map"].items():
        rows.append(("SOC", name, v["value"], v["text"]))
    for name, v in soc["timer"].items():
        rows.append(("SOC_TIMER", name, v["offset"], v["text"]))
    for name, v in soc["fw"].items():
        rows.append(("SOC_FW", name, v["value"], v["text"]))
    for name, v in soc["uart"].items():
        rows.append(("SOC_UART", name, v["offset"], v["text"]))
    for name, v in soc["syscon"].items():
        rows.append(("SOC_SYSCON", name, v["offset"], v["text"]))
    rows.append(("SOC_SYSCON", "ID_VALUE", 0x434f5363, "'cSOC'"))
    for board, sizes in spec["board"].items():
        for name, v in sizes.items():
            rows.append((f"BOARD_{board.upper()}", name, v["value"], v["text"]))
    for name, v in soc["host"].items():
        rows.append(("SOC_HOST", name, v["offset"], v["text"]))
    host = spec["host"]
    for name, v in host["bar"].items():
        rows.append(("HOST_BAR", name, v["offset"], v["text"]))
    rows.append(("HOST_BAR", "ID_VALUE", 0x434f5362, "'bSOC'"))
    for name, v in host["mbox"].items():
        rows.append(("HOST_MBOX", name, v["offset"], v["text"]))
    rows.append(("HOST_MBOX", "MAGIC_VALUE", 0x584f424d, "'MBOX'"))
    rows.append(("SOC_VERSION", "MAJOR", spec["version"]["major"], "bpfsoc version"))
    rows.append(("SOC_VERSION", "MINOR", spec["version"]["minor"], "bpfsoc version"))
    # The eBPF core's control registers and the numbers firmware needs with
    # them, for assembly and the firmware (bpf_defs.h has them for C too)
    core = spec["core"]
    for name, v in core["ctl"].items():
        rows.append(("SOC_BPF_CTL", name, v["offset"], v["text"]))
    for name, v in core["state"].items():
        rows.append(("SOC_BPF_STATE", name, v, "STATUS.state"))
    for name, v in core["helper_action"].items():
        rows.append(("SOC_BPF_HELPER", name, v, "HELPER_ACTION"))
    for name, v in core["region_flags"].items():
        rows.append(("SOC_BPF_REGION", name, v, "region FLAGS"))
    for name, v in core["map"].items():
        rows.append(("SOC_BPF", name, v["value"], v["text"]))
    for name, v in core["counter"].items():
        rows.append(("SOC_BPF_CNT", name, v, "counter number"))
    for name, v in core["fault"].items():
        rows.append(("SOC_BPF_FAULT", name, v["value"], v["text"]))
    for name, v in soc["irq"].items():
        rows.append(("SOC_IRQ", name, v["value"], v["text"]))
    for name, v in soc["exc"].items():
        rows.append(("SOC_EXC", name, v["value"], v["text"]))
    return rows


def soc_verilog(spec):
    out = [f"// {BANNER}", "`ifndef BPFSOC_MAP_VH", "`define BPFSOC_MAP_VH", ""]
    for group, name, v, comment in soc_consts(spec):
        out.append(f"localparam integer {group}_{name} = 32'h{v:x};  // {comment}")
    out += ["", "`endif"]
    return "\n".join(out) + "\n"


def soc_cheader(spec):
    """Plain #defines: the header serves C and assembly alike."""
    out = [f"/* {BANNER} */", "#ifndef BPFSOC_MAP_H", "#define BPFSOC_MAP_H", ""]
    for group, name, v, comment in soc_consts(spec):
        out.append(f"#define {group}_{name} 0x{v:x} /* {comment} */")
    out += ["", "#endif"]
    return "\n".join(out) + "\n"


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


def mnemonic(isa, op):
    """(mnemonic, conformance group) of a legal opcode byte."""
    c, a, j, s, m = (isa[k] for k in ("class", "alu", "jmp", "size", "mode"))
    X = isa["source"]["X"]
    cls, src = op & 7, "reg" if op & X else "imm"
    name_of = lambda table, v: next(k for k, x in table.items() if x == v).lower()
    sizes = {s["B"]: "b", s["H"]: "h", s["W"]: "w", s["DW"]: "dw"}
    if cls in (c["ALU"], c["ALU64"]):
        wide = cls == c["ALU64"]
        op_name = name_of(a, op >> 4)
        if op_name == "end":
            name = "bswap16/32/64" if wide else ("be16/32/64" if op & X else "le16/32/64")
            return name, "base64" if wide else "base32"
        if op_name in ("mul", "div", "mod"):
            group = "divmul64" if wide else "divmul32"
            if op_name != "mul":
                op_name += " / s" + op_name
        else:
            group = "base64" if wide else "base32"
        if op_name == "mov" and op & X:
            op_name = "mov / movsx"
        if op_name == "neg":
            src = ""
        return f"{op_name}{'' if wide else '32'} {src}".strip(), group
    if cls in (c["JMP"], c["JMP32"]):
        wide = cls == c["JMP"]
        op_name = name_of(j, op >> 4)
        if op_name == "ja":
            return ("ja" if wide else "gotol (ja32)"), "base32"
        if op_name == "call":
            return ("callx" if op & X else "call helper / call local / call by BTF id"), ("callx" if op & X else "base32")
        if op_name == "exit":
            return "exit", "base32"
        return f"{op_name}{'' if wide else '32'} {src}", "base64" if wide else "base32"
    size = sizes[(op >> 3) & 3]
    mode = op >> 5
    if cls == c["LD"]:
        if mode == m["IMM"]:
            return "lddw", "base64"
        return ("ldabs" if mode == m["ABS"] else "ldind") + size, "packet"
    group = "base64" if size == "dw" else "base32"
    if cls == c["LDX"]:
        return ("ldxs" if mode == m["MEMSX"] else "ldx") + size, group
    if cls == c["ST"]:
        return "st" + size, group
    if mode == m["ATOMIC"]:
        return "atomic" + ("64" if size == "dw" else "32") + " (add/or/and/xor, fetch, xchg, cmpxchg)", \
            "atomic64" if size == "dw" else "atomic32"
    return "stx" + size, group


def opcode_table(spec):
    isa = spec["isa"]
    out = [f"<!-- {BANNER} -->",
           "# Opcodes the core executes",
           "",
           "Every opcode byte of RFC 9669 that bpfsoc executes, with its conformance",
           "group.  Any other opcode byte is fault ILLEGAL_INSN.  Cycle counts are",
           "in [isa.md](isa.md#cycle-counts).",
           "",
           "| opcode | instruction | group |",
           "|---|---|---|"]
    for op in legal_opcodes(isa):
        name, group = mnemonic(isa, op)
        out.append(f"| 0x{op:02x} | {name} | {group} |")
    out.append("")
    out.append(f"{len(legal_opcodes(isa))} opcode bytes in all.")
    return "\n".join(out) + "\n"


def memory_map(spec):
    core = spec["core"]
    out = [f"<!-- {BANNER} -->",
           "# Memory map",
           "",
           "## The eBPF core's address space",
           "",
           "Data addresses are 32 bits; an address with any of bits 63..32 set is",
           "outside every region.  Accesses are checked as [isa.md](isa.md#memory)",
           "says.",
           "",
           "| name | value | meaning |",
           "|---|---|---|"]
    for name, v in core["map"].items():
        val = v["value"]
        shown = f"0x{val:08x}" if val >= 0x10000 else str(val)
        out.append(f"| {name} | {shown} | {v['text']} |")
    out += ["",
            "Everything else, the regions of the region table, is the SoC's to place.",
            "",
            "## Control registers of the eBPF core",
            "",
            "32-bit registers on the core's control bus, at byte offsets.  ro: read",
            "only; wo: write only; rw: both.  Writes other than CTRL are ignored while",
            "the core is RUNNING or CLEARING.",
            "",
            "| offset | name | access | contents |",
            "|---|---|---|---|"]
    for name, v in sorted(core["ctl"].items(), key=lambda kv: kv[1]["offset"]):
        if v["access"] == "-":
            continue
        out.append(f"| 0x{v['offset']:04x} | {name} | {v['access']} | {v['text']} |")
    out += ["",
            "Counters (64 bits each, zeroed by START unless KEEP_COUNTERS is set with it): " +
            ", ".join(f"{n} {name}" for name, n in core["counter"].items()) + ".",
            "",
            "States: " + ", ".join(f"{v} {k}" for k, v in core["state"].items()) + ".",
            "",
            "Helper actions: " + ", ".join(f"{v} {k}" for k, v in core["helper_action"].items()) + "."]
    soc = spec["soc"]
    out += ["",
            "## The SoC: the RISC-V core's address space",
            "",
            "| name | value | meaning |",
            "|---|---|---|"]
    for name, v in soc["map"].items():
        out.append(f"| {name} | 0x{v['value']:08x} | {v['text']} |")
    out += ["",
            "### Machine timer (TIMER_BASE)",
            "",
            "| offset | name | access | contents |",
            "|---|---|---|---|"]
    for name, v in soc["timer"].items():
        out.append(f"| 0x{v['offset']:02x} | {name} | {v['access']} | {v['text']} |")
    boards = spec["board"]
    names = list(boards)
    keys = list(boards[names[0]])
    out += ["", "### Sizes per board", "",
            "The SoC's parameters on each board (`[board.*]`; SYSCON reports them).",
            "The simulated SoC is the largest.", "",
            "| | " + " | ".join(names) + " |",
            "|---|" + "---|" * len(names)]
    for k in keys:
        vals = []
        for n in names:
            v = boards[n][k]["value"]
            vals.append(f"{v / 1e6:g} MHz" if k == "CLK_HZ" else
                        f"{v // 1024} KiB" if k.endswith("_SIZE") else str(v))
        out.append(f"| {k} | " + " | ".join(vals) + " |")
    out += ["", "### The firmware's layout and limits", "",
            "| name | value | meaning |", "|---|---|---|"]
    for name, v in soc["fw"].items():
        out.append(f"| {name} | {v['value']} | {v['text']} |")
    for title, key in (("UART (UART_BASE)", "uart"), ("System registers (SYSCON_BASE)", "syscon"),
                       ("Host port, the SoC's side (HOST_BASE)", "host")):
        out += ["", f"### {title}", "",
                "| offset | name | access | contents |",
                "|---|---|---|---|"]
        for name, v in soc[key].items():
            out.append(f"| 0x{v['offset']:02x} | {name} | {v['access']} | {v['text']} |")
    host = spec["host"]
    out += ["",
            "## The host's view: BAR 0",
            "",
            "What a PCIe endpoint's BAR 0 exposes, and what the simulator's MMIO",
            "port serves (docs/protocol.md, \"The MMIO link\").  32-bit accesses.",
            "",
            "| offset | name | access | contents |",
            "|---|---|---|---|"]
    for name, v in host["bar"].items():
        if v["access"] == "-":
            continue
        out.append(f"| 0x{v['offset']:05x} | {name} | {v['access']} | {v['text']} |")
    out += ["", f"BAR 0 is 0x{host['bar']['SIZE']['offset']:x} bytes.",
            "",
            "### The mailbox (at MBOX, in the SoC's RAM)",
            "",
            "| offset | name | access | contents |",
            "|---|---|---|---|"]
    for name, v in host["mbox"].items():
        out.append(f"| 0x{v['offset']:02x} | {name} | {v['access']} | {v['text']} |")
    out += ["",
            "### Interrupts (mip/mie bit, mcause = 0x80000000 + number)",
            "",
            "| number | name | source |",
            "|---|---|---|"]
    for name, v in soc["irq"].items():
        out.append(f"| {v['value']} | {name} | {v['text']} |")
    out += ["",
            "### Exceptions (mcause)",
            "",
            "| code | name | cause |",
            "|---|---|---|"]
    for name, v in soc["exc"].items():
        out.append(f"| {v['value']} | {name} | {v['text']} |")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# The host protocol, maps, helpers and XDP verdicts: bpfsoc_proto.h and
# docs/protocol-ids.md.
# ---------------------------------------------------------------------------
SCALARS = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}


def layout(fields):
    """Offsets of a payload's fields.

    Returns (rows, fixed, variable): rows are (name, type, text, offset),
    offset an int while every field before is fixed-size, else a string
    such as "8 + len(KEY)"; fixed is the size of the fixed-size part before the
    first variable field; variable says whether there is one.
    """
    rows, off, tail = [], 0, []
    for name, typ, text in fields:
        if not tail:
            shown = off
        else:
            shown = " + ".join(([str(off)] if off else []) + [f"len({t})" for t in tail])
        rows.append((name, typ, text, shown))
        if typ in SCALARS:
            if tail:
                raise SystemExit(f"gen.py: {name}: fixed-size field after a variable one")
            off += SCALARS[typ]
        else:
            tail.append(name)
    return rows, off, bool(tail)


def proto_max_frame(spec):
    f = spec["proto"]["frame"]
    return f["HDR_SIZE"]["value"] + f["MAX_PAYLOAD"]["value"] + f["CRC_SIZE"]["value"]


def proto_max_encoded(spec):
    """COBS adds one code byte per 254 data bytes (and one at the start); then the delimiter."""
    n = proto_max_frame(spec)
    return n + n // 254 + 1 + 1


def proto_consts(spec):
    """(name, value, comment) rows of bpfsoc_proto.h, in file order, and its X-macro lists."""
    p = spec["proto"]
    rows = []
    for name, v in p["frame"].items():
        rows.append(("PROTO_" + name, v["value"], v["text"]))
    rows.append(("PROTO_MAX_FRAME", proto_max_frame(spec),
                 "decoded bytes of the largest frame: HDR_SIZE + MAX_PAYLOAD + CRC_SIZE"))
    rows.append(("PROTO_MAX_ENCODED", proto_max_encoded(spec),
                 "encoded bytes of the largest frame, its delimiter included"))
    end = 0
    for name, v in p["hdr"].items():
        if v["offset"] != end:
            raise SystemExit(f"gen.py: proto.hdr.{name}: offset {v['offset']}, expected {end}")
        end += v["size"]
        rows.append(("PROTO_HDR_OFF_" + name, v["offset"], f"{v['size']} byte(s): {v['text']}"))
    if end != p["frame"]["HDR_SIZE"]["value"]:
        raise SystemExit("gen.py: proto.hdr does not add up to HDR_SIZE")
    groups = [("flag", "PROTO_FLAG_"), ("status", "PROTO_ST_"), ("isa", "PROTO_ISA_"),
              ("reset", "PROTO_RESET_"), ("counters_flag", "PROTO_COUNTERS_"),
              ("run_flag", "PROTO_RUN_"), ("ringbuf_flag", "PROTO_RINGBUF_"),
              ("counter", "PROTO_CNT_")]
    for group, prefix in groups:
        for name, v in p[group].items():
            rows.append((prefix + name, v["value"], v["text"]))
    rows.append(("PROTO_CNT_NUM", len(p["counter"]), "number of counters"))
    for name, v in p["cmd"].items():
        rows.append(("PROTO_CMD_" + name, v["value"], v["text"]))
    for name, v in p["cmd"].items():
        for part, tag in (("request", "REQ"), ("reply", "REP")):
            lay, fixed, var = layout(v[part])
            for fname, typ, text, off in lay:
                if isinstance(off, int):
                    rows.append((f"PROTO_{name}_{tag}_OFF_{fname}", off, f"{typ}: {text}"))
            rows.append((f"PROTO_{name}_{tag}_SIZE", fixed, f"bytes of the fixed part of the {part}"))
            rows.append((f"PROTO_{name}_{tag}_MAX",
                         p["frame"]["MAX_PAYLOAD"]["value"] if var else fixed,
                         f"most bytes of the {part}"))
    for name, v in p["record"].items():
        lay, fixed, var = layout(v["fields"])
        for fname, typ, text, off in lay:
            if isinstance(off, int):
                rows.append((f"PROTO_{name}_OFF_{fname}", off, f"{typ}: {text}"))
        rows.append((f"PROTO_{name}_SIZE", fixed, f"bytes of the fixed part of {v['text']}"))
    m = spec["map"]
    for group, prefix in (("type", "BPFSOC_MAP_TYPE_"), ("update", "BPFSOC_MAP_UPDATE_"),
                          ("flag", "BPFSOC_MAP_F_"), ("limit", "BPFSOC_MAP_"),
                          ("ringbuf", "BPFSOC_RINGBUF_"), ("rb_flag", "BPFSOC_RB_"),
                          ("rb_query", "BPFSOC_RB_")):
        for name, v in m[group].items():
            rows.append((prefix + name, v["value"], v["text"]))
    for name, v in spec["helper"]["id"].items():
        rows.append(("BPFSOC_HELPER_" + name, v["value"], v["text"]))
    for name, v in spec["xdp"]["action"].items():
        rows.append(("BPFSOC_XDP_" + name, v["value"], v["text"]))
    seen = set()
    for name, _, _ in rows:
        if name in seen:
            raise SystemExit(f"gen.py: {name} defined twice")
        seen.add(name)
    return rows


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def proto_cheader(spec):
    """Plain #defines (C and assembly), and X-macro lists of the statuses and commands."""
    p = spec["proto"]
    out = [f"/* {BANNER} */", "#ifndef BPFSOC_PROTO_H", "#define BPFSOC_PROTO_H", ""]
    for name, v, comment in proto_consts(spec):
        out.append(f"#define {name} 0x{v:x} /* {comment.replace('*/', '* /')} */")
    out += ["", "/* X(name, value, text) for every status code */"]
    out.append(" \\\n\t".join(["#define PROTO_ST_LIST(X)"] +
                               [f"X({name}, 0x{v['value']:x}, {c_string(v['text'])})"
                                for name, v in p["status"].items()]))
    out += ["", "/* X(name, value) for every command */"]
    out.append(" \\\n\t".join(["#define PROTO_CMD_LIST(X)"] +
                               [f"X({name}, 0x{v['value']:x})" for name, v in p["cmd"].items()]))
    out += ["", "/* X(name, id, argument count, signature) for every helper the firmware services */"]
    out.append(" \\\n\t".join(["#define BPFSOC_HELPER_LIST(X)"] +
                               [f"X({name}, 0x{v['value']:x}, {helper_args(v['text'])}, {c_string(v['text'])})"
                                for name, v in spec["helper"]["id"].items()]))
    out += ["", "#endif"]
    return "\n".join(out) + "\n"


def helper_args(sig):
    """The arguments a helper takes, from its signature "ret name(a, b)"."""
    args = [a.strip() for a in sig[sig.index("(") + 1:sig.rindex(")")].split(",")]
    return len([a for a in args if a not in ("", "void", "...")])


def md_table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    return out


def md_layout(fields):
    lay, fixed, var = layout(fields)
    if not lay:
        return ["(empty: LEN = 0)"]
    rows = [(off, name, typ, text) for name, typ, text, off in lay]
    return md_table(["offset", "field", "type", "meaning"], rows)


def protocol_ids(spec):
    p, m = spec["proto"], spec["map"]
    hx = lambda v, w=2: f"0x{v:0{w}x}"
    out = [f"<!-- {BANNER} -->",
           "# Protocol numbers and payload layouts",
           "",
           "The numbers of [protocol.md](protocol.md): framing constants, header,",
           "status codes, commands with their payloads byte by byte, map types and",
           "flags, helper ids, XDP verdicts.  C: `sim/generated/bpfsoc_proto.h`.",
           "Every integer is little-endian; offsets are bytes from the start of the",
           "payload.  A type other than u8/u16/u32/u64 is a run of bytes whose",
           "length the meaning gives; the fields after it follow it directly.",
           "",
           "## Frame",
           ""]
    rows = [(name, hx(v["value"]) if v["value"] >= 0x10000 or name.endswith("_BIT") else v["value"],
             v["text"]) for name, v in p["frame"].items()]
    rows.append(("MAX_FRAME", proto_max_frame(spec), "decoded bytes of the largest frame: HDR_SIZE + MAX_PAYLOAD + CRC_SIZE"))
    rows.append(("MAX_ENCODED", proto_max_encoded(spec), "encoded bytes of the largest frame, its delimiter included"))
    out += md_table(["name", "value", "meaning"], rows)
    out += ["", "## Header", ""]
    out += md_table(["offset", "size", "field", "meaning"],
                    [(v["offset"], v["size"], name, v["text"]) for name, v in p["hdr"].items()])
    out += ["", "Header flags: " + "; ".join(f"{hx(v['value'])} {name}: {v['text']}"
                                            for name, v in p["flag"].items()) + ".",
            "", "## Status codes", ""]
    out += md_table(["code", "name", "meaning"],
                    [(v["value"] if v["value"] < 0x80 else hx(v["value"]), name, v["text"])
                     for name, v in p["status"].items()])
    out += ["", "## Commands", ""]
    out += md_table(["id", "command", "what it does"],
                    [(hx(v["value"]), f"[{name}](#{name.lower()})", v["text"])
                     for name, v in p["cmd"].items()])
    for name, v in p["cmd"].items():
        out += ["", f"### {name}", "", f"Command {hx(v['value'])}, reply {hx(v['value'] | p['frame']['REPLY_BIT']['value'])}: {v['text']}.",
                "", "Request:", ""]
        out += md_layout(v["request"])
        out += ["", "Reply (status OK):", ""]
        out += md_layout(v["reply"])
    out += ["", "## Records", ""]
    for name, v in p["record"].items():
        out += [f"### {name}", "", v["text"][0].upper() + v["text"][1:] + ".", ""]
        out += md_layout(v["fields"])
        out.append("")
    out += ["## Bits and indices", ""]
    for group, title in (("isa", "ISA features (INFO.ISA)"), ("reset", "RESET.WHAT"),
                         ("counters_flag", "COUNTERS.FLAGS"), ("run_flag", "RUN.FLAGS"),
                         ("ringbuf_flag", "RINGBUF_READ reply FLAGS")):
        out += [f"### {title}", ""]
        out += md_table(["bit", "name", "meaning"], [(hx(v["value"]), name, v["text"]) for name, v in p[group].items()])
        out.append("")
    out += ["### Counters (COUNTERS.VALUES index)", ""]
    out += md_table(["index", "name", "meaning"], [(v["value"], name, v["text"]) for name, v in p["counter"].items()])
    out += ["", "## Maps", "", "Linux's numbers (`include/uapi/linux/bpf.h`).", "", "### Map types", ""]
    out += md_table(["type", "name", "meaning"], [(v["value"], name, v["text"]) for name, v in m["type"].items()])
    out += ["", "### MAP_UPDATE flags", ""]
    out += md_table(["value", "name", "meaning"], [(v["value"], name, v["text"]) for name, v in m["update"].items()])
    out += ["", "### MAP_CREATE flags", ""]
    out += md_table(["bit", "name", "meaning"], [(hx(v["value"]), name, v["text"]) for name, v in m["flag"].items()])
    out += ["", "### Limits", ""]
    out += md_table(["name", "value", "meaning"], [(name, v["value"], v["text"]) for name, v in m["limit"].items()])
    out += ["", "### Ring buffer records", ""]
    out += md_table(["name", "value", "meaning"], [(name, hx(v["value"]) if v["value"] > 255 else v["value"], v["text"])
                                                   for name, v in m["ringbuf"].items()])
    out += ["", "Flags of bpf_ringbuf_submit, _discard and _output: " +
            "; ".join(f"{v['value']} {name} ({v['text']})" for name, v in m["rb_flag"].items()) + ".",
            "", "Fields of bpf_ringbuf_query: " +
            "; ".join(f"{v['value']} {name} ({v['text']})" for name, v in m["rb_query"].items()) + ".",
            "", "## Helpers the firmware services", "", "Linux's ids (`enum bpf_func_id`).", ""]
    out += md_table(["id", "name", "signature"], [(v["value"], name.lower(), f"`{v['text']}`")
                                                 for name, v in spec["helper"]["id"].items()])
    out += ["", "## XDP verdicts", "", "`enum xdp_action`: r0 of an XDP program.", ""]
    out += md_table(["value", "name", "meaning"], [(v["value"], name, v["text"]) for name, v in spec["xdp"]["action"].items()])
    return "\n".join(out) + "\n"


def check_boards(spec):
    """The simulated SoC is the largest configuration: [board.sim] repeats
    the [soc.map] sizes, and no board has more of anything."""
    boards, m = spec["board"], spec["soc"]["map"]
    sim = {"CLK_HZ": m["SIM_CLK_HZ"]["value"], "RAM_SIZE": m["RAM_SIZE"]["value"],
           "MAP_SIZE": m["MAP_SIZE"]["value"], "PKT_SIZE": m["PKT_SIZE"]["value"],
           "IMEM_DEPTH": spec["core"]["map"]["IMEM_DEPTH"]["value"]}
    for k, v in sim.items():
        if boards["sim"][k]["value"] != v:
            sys.exit(f"gen.py: [board.sim] {k} must equal the spec's {v:#x}")
    for name, b in boards.items():
        if set(b) - set(BOARD_EXTRA) != set(sim):
            sys.exit(f"gen.py: [board.{name}] needs exactly {', '.join(sim)}"
                     f" (and may have {', '.join(BOARD_EXTRA)})")
        for k, v in b.items():
            if k in sim and k != "CLK_HZ" and (v["value"] > sim[k] or v["value"] & (v["value"] - 1)):
                sys.exit(f"gen.py: [board.{name}] {k}: a power of two, at most the simulated SoC's")


# bpfsoc_top's parameter for each [board.*] entry
BOARD_PARAMS = {"RAM_SIZE": "RAM_BYTES", "MAP_SIZE": "MAP_BYTES", "PKT_SIZE": "PKT_BYTES",
                "IMEM_DEPTH": "IMEM_DEPTH", "CLK_HZ": "CLK_HZ"}
# a board's own entries, for its wrapper and its flow (not bpfsoc_top's):
# gen.py --board-value SPEC BOARD NAME prints one
BOARD_EXTRA = {"FW_OFFSET": "where the boot loader finds the firmware in the board's flash"}


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--board-params":
        # Verilator/yosys -G flags of a board: gen.py --board-params SPEC BOARD
        with open(sys.argv[2], "rb") as f:
            spec = tomllib.load(f)
        check_boards(spec)
        b = spec["board"][sys.argv[3]]
        print(" ".join(f"-G{BOARD_PARAMS[k]}={v['value']}" for k, v in b.items() if k in BOARD_PARAMS))
        return
    if len(sys.argv) == 5 and sys.argv[1] == "--board-value":
        # one entry of a board, or nothing: gen.py --board-value SPEC BOARD NAME
        with open(sys.argv[2], "rb") as f:
            spec = tomllib.load(f)
        check_boards(spec)
        v = spec["board"].get(sys.argv[3], {}).get(sys.argv[4])
        if v is not None:
            print(v["value"])
        return
    if len(sys.argv) not in (8, 10):
        sys.exit("usage: gen.py SPEC OUT.vh OUT.h OPCODES.md MEMORY-MAP.md SOC.vh SOC.h [PROTO.h PROTOCOL-IDS.md]")
    with open(sys.argv[1], "rb") as f:
        spec = tomllib.load(f)
    check_boards(spec)
    with open(sys.argv[2], "w") as f:
        f.write(verilog(spec))
    with open(sys.argv[3], "w") as f:
        f.write(cheader(spec))
    with open(sys.argv[4], "w") as f:
        f.write(opcode_table(spec))
    with open(sys.argv[5], "w") as f:
        f.write(memory_map(spec))
    with open(sys.argv[6], "w") as f:
        f.write(soc_verilog(spec))
    with open(sys.argv[7], "w") as f:
        f.write(soc_cheader(spec))
    if len(sys.argv) == 10:
        with open(sys.argv[8], "w") as f:
            f.write(proto_cheader(spec))
        with open(sys.argv[9], "w") as f:
            f.write(protocol_ids(spec))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""report.py: the summary of one board bitstream run (mk/bitstream.mk).

usage: report.py OUT.txt [--family ecp5|ice40] --part TEXT --mhz TARGET
                 --stat YOSYS_STAT --pnr-json NEXTPNR_REPORT --pnr-log NEXTPNR_LOG
                 [--icetime ICETIME_OUT] [--clock NET] [--times DIR] [--note TEXT]...

Writes LUT4s, FFs, block RAMs, DSPs as yosys counted them (ECP5: LUT4,
CCU2C, TRELLIS_FF, DP16KD, MULT18X18D; iCE40: SB_LUT4, SB_CARRY, SB_DFF*,
SB_RAM40_4K, SB_SPRAM256KA, SB_MAC16) and as nextpnr placed them (used /
available), fmax of the SoC's clock from nextpnr's --report, whether it
meets TARGET, the critical path, icetime's own estimate of the longest path
(iCE40), and the time each step took (DIR/*.seconds).  Exits 1 when the
design did not fit (nextpnr failed: its errors are quoted), or nextpnr's
fmax or icetime's misses TARGET.
"""
import argparse
import json
import os
import re
import sys


def yosys_cells(path):
    cells = {}
    try:
        text = open(path).read()
    except OSError:
        return cells
    # the last (top or flattened) table wins; yosys 0.4x+ prints "N  CELL"
    for m in re.finditer(r"^\s+(\d+)\s+(?:[\d.]+\s+)?([A-Za-z_$][\w$]*)\s*$", text, re.M):
        cells[m.group(2)] = int(m.group(1))
    return cells


def load_json(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError, TypeError):
        return None


def short(name):
    # yosys names the LUTs of a cone after the flip-flop they feed
    # (x_TRELLIS_FF_Q_3_DI_LUT4_Z...): keep the named part
    return re.split(r"_(?:TRELLIS_FF|LUT4|CCU2C|TRELLIS_DPR16X4)", name)[0]


def over_capacity(path):
    """The resources that nextpnr's "Device utilisation" table (printed
    after packing, before placement) shows above the device's capacity:
    [(kind, used, capacity)]."""
    over = []
    try:
        text = open(path).read()
    except OSError:
        return over
    for m in re.finditer(r"^Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%", text, re.M):
        kind, used, cap = m.group(1), int(m.group(2)), int(m.group(3))
        if cap and used > cap:
            over.append((kind, used, cap))
    return over


def critical_path(rep, only_clock):
    """The worst register-to-register path of each clock: its ends, its
    time split into logic and routing, and every net with its route."""
    out = []
    for cp in rep.get("critical_paths", []):
        frm, to = cp.get("from", ""), cp.get("to", "")
        if "<async>" in (frm, to) or (only_clock and only_clock not in frm):
            continue
        path = cp.get("path", [])
        if not path:
            continue
        logic = sum(s.get("delay", 0.0) for s in path if s.get("type") != "routing")
        route = sum(s.get("delay", 0.0) for s in path if s.get("type") == "routing")
        levels = sum(1 for s in path if s.get("type") == "logic")
        first, last = path[0], path[-1]
        out.append(f"  critical path ({frm} -> {to}): {logic + route:.2f} ns = {logic:.2f} logic "
                   f"+ {route:.2f} routing, {levels} logic levels")
        f = first.get("from", {})
        out.append(f"    from {f.get('cell')} {f.get('port')} at {tuple(f.get('loc', ()))}: "
                   f"{first.get('type')} {first.get('delay', 0.0):.2f} ns")
        for seg in path:
            if seg.get("type") != "routing":
                continue
            a, b = seg.get("from", {}), seg.get("to", {})
            src = ", ".join(sorted(set(x.split(":")[0] + ":" + x.split(":")[1].split(".")[0]
                                       for x in seg.get("sources", []) if ":" in x)))
            out.append(f"    net {seg.get('net')} {seg.get('delay', 0.0):.2f} ns "
                       f"{tuple(a.get('loc', ()))}->{tuple(b.get('loc', ()))} "
                       f"into {short(b.get('cell', '?'))}" + (f"  [{src}]" if src else ""))
        t = last.get("to", {})
        out.append(f"    to {t.get('cell')} {t.get('port')} at {tuple(t.get('loc', ()))}: "
                   f"{last.get('type')} {last.get('delay', 0.0):.2f} ns")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--part", required=True)
    ap.add_argument("--mhz", type=float, required=True)
    ap.add_argument("--stat", required=True)
    ap.add_argument("--pnr-json", required=True)
    ap.add_argument("--pnr-log", required=True)
    ap.add_argument("--clock", default="")
    ap.add_argument("--times", default="")
    ap.add_argument("--note", action="append", default=[])
    ap.add_argument("--family", choices=("ecp5", "ice40"), default="ecp5")
    ap.add_argument("--icetime", default="")
    a = ap.parse_args()

    ok = True
    lines = [f"== {a.part}"]
    lines += [f"  {n}" for n in a.note]
    c = yosys_cells(a.stat)
    if a.family == "ice40":
        ffs = sum(n for k, n in c.items() if k.startswith("SB_DFF"))
        lines.append(f"  yosys:   LUT4 {c.get('SB_LUT4', 0)} SB_LUT4 (+ {c.get('SB_CARRY', 0)} SB_CARRY), "
                     f"FF {ffs}, BRAM {c.get('SB_RAM40_4K', 0)} SB_RAM40_4K, "
                     f"SPRAM {c.get('SB_SPRAM256KA', 0)} SB_SPRAM256KA, DSP {c.get('SB_MAC16', 0)} SB_MAC16")
    else:
        luts = c.get("LUT4", 0) + 2 * c.get("CCU2C", 0)
        lines.append(f"  yosys:   LUT4 {luts} ({c.get('LUT4', 0)} LUT4 + {c.get('CCU2C', 0)} CCU2C, "
                     f"2 LUT4 each), FF {c.get('TRELLIS_FF', 0)}, BRAM {c.get('DP16KD', 0)} DP16KD, "
                     f"DSP {c.get('MULT18X18D', 0)} MULT18X18D, "
                     f"LUT RAM {c.get('TRELLIS_DPR16X4', 0)} TRELLIS_DPR16X4, "
                     f"PFU mux {c.get('PFUMX', 0)} PFUMX + {c.get('L6MUX21', 0)} L6MUX21")

    rep = load_json(a.pnr_json)
    errors = []
    try:
        errors = [l.rstrip() for l in open(a.pnr_log) if l.startswith("ERROR")]
    except OSError:
        pass
    if rep is None or errors:
        ok = False
        over = over_capacity(a.pnr_log)
        lines.append("  nextpnr: FAILED" + (": the design does not fit" if over or any(
            "fit" in e or "only has" in e or "available" in e or "requires" in e
            or "no BELs remaining" in e for e in errors) else "") + f" (log: {a.pnr_log})")
        lines += [f"    {e}" for e in errors[:10]]
        lines += [f"    over capacity after packing: {kind} {used} of {cap} ({100 * used // cap}%)"
                  for kind, used, cap in over]
        if not errors:
            err = []
            try:
                err = [l.rstrip() for l in open(os.path.splitext(a.pnr_log)[0] + ".stderr")
                       if l.strip() and not l.startswith("Preparing to run")]
            except OSError:
                pass
            lines.append("    no report and no ERROR line in the log: nextpnr did not finish"
                         + (" (killed or timed out)" if not err else "; it said:"))
            lines += [f"    {e}" for e in err[-5:]]
    else:
        util = rep.get("utilization", {})
        want = ["TRELLIS_COMB", "TRELLIS_FF", "TRELLIS_RAMW", "DP16KD", "MULT18X18D", "EHXPLLL",
                "TRELLIS_IO", "ICESTORM_LC", "ICESTORM_RAM", "ICESTORM_SPRAM", "ICESTORM_DSP",
                "ICESTORM_PLL", "SB_IO", "SB_GB"]
        used = ", ".join(f"{k} {util[k]['used']}/{util[k]['available']}"
                         for k in want if k in util)
        lines.append(f"  nextpnr: {used}")
        over = [k for k, v in util.items() if v.get("used", 0) > v.get("available", 0)]
        if over:
            ok = False
            lines.append("  does not fit: " + ", ".join(over))
        fmax = rep.get("fmax", {})
        clocks = [k for k in fmax if not a.clock or k == a.clock] or list(fmax)
        if not clocks:
            ok = False
            lines.append("  fmax:    nextpnr reported no clock (is the PLL output constrained?)")
        for clk in clocks:
            f = fmax[clk]
            met = f["achieved"] >= a.mhz
            ok &= met
            lines.append(f"  fmax:    {f['achieved']:.2f} MHz on {clk} (target {a.mhz:g} MHz, "
                         f"{'met' if met else 'NOT met'})")
        lines += critical_path(rep, a.clock)

    if a.icetime:
        try:
            text = open(a.icetime).read()
        except OSError:
            text = ""
        m = re.search(r"Total path delay:\s*([\d.]+)\s*ns\s*\(([\d.]+)\s*MHz\)", text)
        if m:
            met = float(m.group(2)) >= a.mhz
            ok &= met
            lines.append(f"  icetime: {float(m.group(2)):.2f} MHz ({float(m.group(1)):.2f} ns longest path; "
                         f"target {a.mhz:g} MHz, {'met' if met else 'NOT met'})")
        else:
            ok = False
            last = [l for l in text.splitlines() if l.strip()][-3:]
            lines.append(f"  icetime: no estimate in {a.icetime}" + (": " + " / ".join(last) if last else ""))

    if a.times:
        steps = []
        for step in ("firmware-hex", "yosys", "nextpnr", "ecppack", "icepack", "icetime"):
            p = os.path.join(a.times, f"{step}.seconds")
            if os.path.exists(p):
                steps.append((step, int(open(p).read().split()[0])))
        if steps:
            lines.append("  time:    (the last run of each step) " + ", ".join(f"{s} {t} s" for s, t in steps)
                         + f"; total {sum(t for _, t in steps)} s")
    lines.append(f"  result:  {'OK' if ok else 'FAILED'}")
    text = "\n".join(lines) + "\n"
    with open(a.out, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

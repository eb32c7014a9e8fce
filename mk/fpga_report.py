#!/usr/bin/env python3
"""Summarise the FPGA runs of mk/fpga.mk into one table.

usage: fpga_report.py OUT.txt PART:STAT:PNR_REPORT_OR_- ...
STAT is `tee -o` output of yosys `stat`; PNR_REPORT is nextpnr's --report
JSON (or - when place and route was not run or did not finish).
"""
import json
import re
import sys


def yosys_cells(path):
    cells = {}
    try:
        text = open(path).read()
    except OSError:
        return cells
    # the last (top or flattened) table wins
    for m in re.finditer(r"^\s+(\d+)\s+([A-Za-z_$][\w$]*)\s*$|^\s+([A-Za-z_$][\w$]*)\s+(\d+)\s*$",
                         text, re.M):
        if m.group(1):
            cells[m.group(2)] = int(m.group(1))
        else:
            cells[m.group(3)] = int(m.group(4))
    return cells


def pnr(path):
    if path == "-":
        return None
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return None


def main():
    out, runs = sys.argv[1], sys.argv[2:]
    lines = []
    for run in runs:
        part, stat, rep = run.split(":")
        c = yosys_cells(stat)
        if part.startswith("ecp5"):
            luts = c.get("LUT4", 0) + 2 * c.get("CCU2C", 0)
            lut_note = f"{c.get('LUT4', 0)} LUT4 + {c.get('CCU2C', 0)} CCU2C (2 LUT4 each)"
            ffs = c.get("TRELLIS_FF", 0)
            bram = c.get("DP16KD", 0)
            dsp = c.get("MULT18X18D", 0)
            lutram = c.get("TRELLIS_DPR16X4", 0)
            extra = f", {lutram} TRELLIS_DPR16X4 (LUT RAM)"
        else:
            luts = c.get("SB_LUT4", 0)
            lut_note = f"{luts} SB_LUT4, {c.get('SB_CARRY', 0)} SB_CARRY"
            ffs = sum(v for k, v in c.items() if k.startswith("SB_DFF"))
            bram = c.get("SB_RAM40_4K", 0)
            dsp = c.get("SB_MAC16", 0)
            extra = f", {c.get('SB_SPRAM256KA', 0)} SB_SPRAM256KA"
        lines.append(f"== {part}")
        lines.append(f"  yosys:   LUT4 {luts} ({lut_note}), FF {ffs}, BRAM {bram}, DSP {dsp}{extra}")
        r = pnr(rep)
        if r is None:
            lines.append("  nextpnr: not run or did not finish (see the log next to this file)")
            continue
        util = r.get("utilization", {})
        used = ", ".join(f"{k} {v['used']}/{v['available']}" for k, v in sorted(util.items())
                         if v.get("used"))
        lines.append(f"  nextpnr: {used}")
        for clk, f in r.get("fmax", {}).items():
            ok = "met" if f["achieved"] >= f["constraint"] else "NOT met"
            lines.append(f"  fmax:    {f['achieved']:.1f} MHz on {clk} "
                         f"(target {f['constraint']:.0f} MHz, {ok})")
    text = "\n".join(lines) + "\n"
    open(out, "w").write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()

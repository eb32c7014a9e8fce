#!/usr/bin/env python3
"""Per-module resources from a yosys `stat` of a design synthesised with its
hierarchy kept (synth_ice40 -noflatten): one line per module, its own cells
(not those of the modules it instantiates).

usage: fpga_hier.py STAT
"""
import re
import sys


def main():
    text = open(sys.argv[1]).read()
    rows = []
    for m in re.finditer(r"^=== (\S+) ===\n(.*?)(?=^=== |\Z)", text, re.M | re.S):
        name, body = m.group(1), m.group(2)
        if name == "design":
            continue
        cells = {}
        for c in re.finditer(r"^\s+(\d+)\s+(\S+)\s*$", body, re.M):
            cells[c.group(2)] = cells.get(c.group(2), 0) + int(c.group(1))
        ff = sum(v for k, v in cells.items() if k.startswith("SB_DFF"))
        # parameterised module names: $paramod$<hash>\\name
        rows.append((name.split("\\")[-1], cells.get("SB_LUT4", 0), cells.get("SB_CARRY", 0), ff,
                     cells.get("SB_RAM40_4K", 0), cells.get("SB_SPRAM256KA", 0),
                     cells.get("SB_MAC16", 0)))
    print("\ntiny core by module (synth_ice40 -noflatten; each module's own cells):")
    print(f"  {'module':<22} {'LUT4':>6} {'carry':>6} {'FF':>6} {'EBR':>4} {'SPRAM':>5} {'DSP':>4}")
    for r in sorted(rows, key=lambda r: -r[1]):
        print(f"  {r[0]:<22} {r[1]:>6} {r[2]:>6} {r[3]:>6} {r[4]:>4} {r[5]:>5} {r[6]:>4}")


if __name__ == "__main__":
    main()

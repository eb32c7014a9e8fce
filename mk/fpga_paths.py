#!/usr/bin/env python3
# mk/fpga_paths.py: the front of slow paths of a nextpnr run, not just the
# worst one (nextpnr prints one critical path a clock).  Reads the JSON
# report of a run with --detailed-timing-report, which gives for every net
# and sink the [earliest, latest] arrival time at that sink, and prints the
# registers where the slowest paths end, grouped by register name, each
# with its worst path walked back through the latest input of every cell.
#
#   python3 mk/fpga_paths.py REPORT.json [NS] [-v]
#       endpoints later than NS (12.5); -v: each group's worst path
import json
import re
import sys
from collections import defaultdict


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    rep = json.load(open(args[0]))
    limit = float(args[1]) if len(args) > 1 else 12.5
    sink_arr = {}                  # (cell, port) -> latest arrival
    sink_net = {}                  # (cell, port) -> (driver cell, net)
    cell_ins = defaultdict(list)   # cell -> its input pins that a net drives
    outs = defaultdict(set)
    for n in rep["detailed_net_timings"]:
        outs[n["driver"]].add(n["port"])
        for e in n["endpoints"]:
            d = e["delay"]
            t = max(d) if isinstance(d, list) else d
            key = (e["cell"], e["port"])
            sink_arr[key] = t
            sink_net[key] = (n["driver"], n["net"])
            cell_ins[e["cell"]].append(e["port"])

    def is_reg(cell):   # flip-flops and block RAMs end paths
        return "Q" in outs[cell] or any(p.startswith("DO") for p in outs[cell])

    def group(cell):
        g = re.sub(r"_TRELLIS_FF_Q(_\d+)?$", "", cell)
        return re.sub(r"\.mem\.\d+\.\d+.*$", ".mem", g)

    groups = defaultdict(list)
    for (cell, port), t in sink_arr.items():
        if t > limit and is_reg(cell) and port not in ("CLK", "CLKA", "CLKB"):
            groups[group(cell)].append((t, cell, port))
    order = sorted(groups.items(), key=lambda kv: -max(kv[1])[0])
    print("%d endpoints later than %.2f ns, %d registers" %
          (sum(len(v) for v in groups.values()), limit, len(order)))
    for g, lst in order:
        t, cell, port = max(lst)
        path = []
        key = (cell, port)
        while key in sink_net:
            drv, net = sink_net[key]
            path.append("%6.2f %s" % (sink_arr[key], net))
            if is_reg(drv) or not cell_ins[drv]:
                path.append("       from %s" % drv)
                break
            key = max(((drv, p) for p in cell_ins[drv]), key=lambda k: sink_arr.get(k, 0))
        print("%6.2f ns %4d ends  %s.%s  <- %s" % (t, len(lst), g, port,
                                                  path[-1].strip()[5:] if path else "?"))
        if verbose:
            for x in reversed(path):
                print("          " + x[:150])


main()

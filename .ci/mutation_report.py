"""Kill rate per module from ``mutmut results --all true`` (read from standard input)."""

from __future__ import annotations

import collections
import sys


def module_of(mutant: str) -> str:
    """'analysis.views.filters.xǁFiltersǁto_query__mutmut_1' -> 'analysis.views.filters'."""
    parts = []
    for part in mutant.split("__mutmut_")[0].split("."):
        if part.startswith(("x_", "xǁ")):
            break
        parts.append(part)
    return ".".join(parts)


def main() -> None:
    tally: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for line in sys.stdin:
        name, _, status = line.strip().rpartition(": ")
        if "__mutmut_" in name:
            tally[module_of(name)][status] += 1
    print(f"{'module':36s} {'mutants':>7s} {'killed':>7s} {'survived':>8s} {'kill rate':>9s}")
    for module, c in sorted(tally.items()):
        total = sum(c.values())
        killed = c["killed"] + c["timeout"]
        print(f"{module:36s} {total:7d} {killed:7d} {c['survived']:8d} {killed / total:9.1%}")
    missing = {s for c in tally.values() for s in c} - {"killed", "timeout", "survived"}
    if missing:
        print(f"other outcomes: {sorted(missing)}")


if __name__ == "__main__":
    main()

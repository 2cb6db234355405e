"""The schedule search: orderings explored per second, and time to the first bad schedule.

For each scenario that runs without the window, the search is run ``--repeats``
times (default 3) at its default bound; each figure is the median with its min
and max. ``first_bad_s`` is null for a scenario with no bad schedule within
the bound (the corrected tutorial), whose search runs to the end of its bound.

    python benchmarks/bench_search.py [--repeats R] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics

from threadcomm.core.scenarios import load_scenarios
from threadcomm.core.schedule_search import search


def _spread(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def bench(name: str, repeats: int) -> dict[str, object]:
    """Search one scenario ``repeats`` times; the figures of those runs."""
    scenario = next(s for s in load_scenarios()[0] if s.name == name)
    rates: list[float] = []
    firsts: list[float] = []
    tried: list[int] = []
    outcomes: set[str] = set()
    for _ in range(repeats):
        result = search(scenario.run_config())
        rates.append(result.tried / result.elapsed_s if result.elapsed_s else 0.0)
        tried.append(result.tried)
        if result.first_bad_s is not None:
            firsts.append(result.first_bad_s)
        if result.found is not None:
            outcomes.update(result.found.outcomes)
    return {
        "scenario": name,
        "orderings_per_s": _spread(rates),
        "first_bad_s": _spread(firsts),
        "orderings_tried": _spread([float(t) for t in tried]),
        "found": sorted(outcomes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="*", metavar="NAME")
    args = parser.parse_args()
    names = [
        s.name
        for s in load_scenarios()[0]
        if not s.unavailable and not s.gui_mode and (not args.only or s.name in args.only)
    ]
    print(
        json.dumps(
            {
                "cpus": os.cpu_count(),
                "load": os.getloadavg()[0],
                "repeats": args.repeats,
                "scenarios": [bench(n, args.repeats) for n in names],
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()

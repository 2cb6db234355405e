"""Every benchmark in one command: prints one JSON document; --readme refreshes the README table.

The machine these run on is shared and noisy, so each comparison is measured
in the same run, alternating its two sides, and the median of the pairs is
the figure: engine vs bare tutorial pattern, window vs headless engine.

    python benchmarks/run_all.py [--quick] [--readme]

--quick uses fewer items and repeats (about a minute); the full run takes a
few minutes more, most of it the 1,000,000-item memory runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FROZEN = ROOT / "dist" / "threadcomm" / "threadcomm"
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "THREADCOMM_SCENARIOS": os.devnull}


def _json_line(command: list[str], timeout: float = 900) -> dict[str, object]:
    proc = subprocess.run(
        command, capture_output=True, text=True, env=ENV, timeout=timeout, check=False
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(command)} printed no JSON: {proc.stderr[-500:]}")
    result: dict[str, object] = json.loads(lines[-1])
    return result


def _threadcomm(*args: str) -> list[str]:
    return [sys.executable, "-m", "threadcomm", *args]


def _num(value: object) -> float:
    assert isinstance(value, int | float), value
    return float(value)


def engine(items: int, repeats: int) -> dict[str, object]:
    return _json_line(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_engine.py"),
            "--items",
            str(items),
            "--repeats",
            str(repeats),
        ]
    )


def gui_flood(items: int, pairs: int) -> dict[str, object]:
    data = f"1..{items}"
    ratios, gui_rates, stalls, p99s, rss = [], [], [], [], []
    for _ in range(pairs):
        gui = _json_line(_threadcomm("--self-test", "--delay", "0", "--data", data))
        headless = _json_line(
            _threadcomm("--headless", "--quiet", "--summary-json", "--data", data)
        )
        if gui["self_test"] != "passed":
            raise RuntimeError(f"the flood self-test failed: {gui}")
        gui_rates.append(_num(gui["items_per_s"]))
        ratios.append(_num(gui["items_per_s"]) / _num(headless["items_per_s"]))
        stalls.append(_num(gui["max_stall_ms"]))
        p99s.append(_num(gui["p99_stall_ms"]))
        rss.append(_num(gui["peak_rss_mb"]))
    return {
        "items": items,
        "pairs": pairs,
        "window_items_per_s_median": round(statistics.median(gui_rates)),
        "ratio_to_headless_median": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "max_stall_ms_median": round(statistics.median(stalls), 1),
        "max_stall_ms_worst": round(max(stalls), 1),
        "p99_stall_ms_median": round(statistics.median(p99s), 1),
        "peak_rss_mb_max": max(rss),
    }


def startup(runs: int) -> dict[str, object]:
    source = [_num(_json_line(_threadcomm("--self-test"))["startup_ms"]) for _ in range(runs)]
    result: dict[str, object] = {"source_ms_median": round(statistics.median(source), 1)}
    if FROZEN.exists():
        frozen = [
            _num(_json_line([str(FROZEN), "--self-test"])["startup_ms"]) for _ in range(runs)
        ]
        result["frozen_ms_median"] = round(statistics.median(frozen), 1)
    else:
        result["frozen_ms_median"] = None  # build it first: pyinstaller build.spec
    return result


def timeline() -> dict[str, object]:
    return _json_line([sys.executable, str(ROOT / "benchmarks" / "bench_timeline.py")])


def memory(items: int) -> dict[str, object]:
    data = f"1..{items}"
    headless = _json_line(_threadcomm("--headless", "--quiet", "--summary-json", "--data", data))
    window = _json_line(_threadcomm("--self-test", "--delay", "0", "--data", data), timeout=1800)
    return {
        "items": items,
        "headless_peak_rss_mb": headless["peak_rss_mb"],
        "window_peak_rss_mb": window["peak_rss_mb"],
        "window_self_test": window["self_test"],
    }


def readme_table(report: dict[str, Any]) -> str:
    e = {
        (c["handshake"], c["consumers"]): f"{c['ratio']} ({c['ratio_keeping_every_event']})"
        for c in report["engine"]["cases"]
    }
    f, s, t, m = report["gui_flood"], report["startup"], report["timeline"], report["memory"]
    rows = [
        (
            "engine / bare tutorial pattern, handshake (1 / 4 consumers)",
            f"{e[(True, 1)]} / {e[(True, 4)]}",
            ">= 0.8",
        ),
        (
            "engine / bare tutorial pattern, no handshake (1 / 4 consumers)",
            f"{e[(False, 1)]} / {e[(False, 4)]}",
            ">= 0.5",
        ),
        (
            f"window / headless items/s, {f['items']:,} items",
            f"{f['ratio_to_headless_median']} (pairs: {f['ratios']})",
            ">= 0.8",
        ),
        (
            "window max stall during that flood (median / worst)",
            f"{f['max_stall_ms_median']} / {f['max_stall_ms_worst']} ms",
            "<= 50 ms",
        ),
        ("startup to first paint, source", f"{s['source_ms_median']} ms", "<= 400 ms"),
        ("startup to first paint, frozen", f"{s['frozen_ms_median']} ms", "<= 300 ms"),
        ("timeline repaint, ~200,000 events retained", f"{t['repaint_ms_median']} ms", "< 8 ms"),
        (
            f"peak memory, {m['items']:,} items (headless / window)",
            f"{m['headless_peak_rss_mb']} / {m['window_peak_rss_mb']} MB",
            "< 300 MB",
        ),
    ]
    lines = ["| measure | measured | target |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer items and repeats")
    parser.add_argument("--readme", action="store_true", help="refresh the README's table")
    args = parser.parse_args()
    quick = args.quick
    report: dict[str, object] = {
        "python": sys.version.split()[0],
        "engine": engine(10_000 if quick else 20_000, 3 if quick else 7),
        "gui_flood": gui_flood(20_000 if quick else 100_000, 2 if quick else 3),
        "startup": startup(3),
        "timeline": timeline(),
        "memory": memory(100_000 if quick else 1_000_000),
    }
    print(json.dumps(report))
    if args.readme:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        table = readme_table(report)
        new = re.sub(
            r"(<!-- benchmarks:start -->\n).*?(\n<!-- benchmarks:end -->)",
            lambda match: match.group(1) + table + match.group(2),
            text,
            flags=re.DOTALL,
        )
        readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()

"""Every benchmark in one command: prints one JSON document; --readme refreshes the README table.

The machine these run on is shared and noisy, so each comparison is measured
in the same run, alternating its two sides, and every figure is reported as
the median with its min and max, next to the machine's core count and load.
Each case says whether it ``meets_target``.

    python benchmarks/run_all.py [--quick] [--readme] [--only CASE ...]

Cases: engine, flood (the window against the headless engine: the tutorial's
flood, without the handshake, eight consumers on a bounded queue, four
consumers while the window is used meanwhile (``--exercise``: pause and
resume, an export, zoom, every view raised), one 1 MB string), startup
(offscreen and on X11 through Xvfb, from source and frozen), trace
(``--trace-out run.json.gz`` and ``run.json`` against no trace), peer (VizTracer, with
the ``bench`` extra), timeline and memory. --quick uses fewer items and runs
(a few minutes); the full run takes longer, most of it the 1,000,000-item runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FROZEN = ROOT / "dist" / "threadcomm" / "threadcomm"
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "THREADCOMM_SCENARIOS": os.devnull}
#: The window may never stall longer than this (ms), in any run it can start.
STALL_LIMIT_MS = 50.0
#: A long-string run: one item this many characters long (its result is twice as long),
#: read with --data-file (one command-line argument holds at most 128 KiB on Linux).
LONG_STRING_CHARS = 1_000_000


def spread(values: list[float], digits: int = 3) -> dict[str, float]:
    """Median, min and max of ``values``."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def machine() -> dict[str, object]:
    """What the figures were measured on: cores and load now."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (None, None, None)
    return {
        "python": sys.version.split()[0],
        "cores": os.cpu_count(),
        "load_1_5_15_min": [None if v is None else round(v, 2) for v in load],
    }


def _json_line(
    command: list[str], timeout: float = 900, env: dict[str, str] | None = None
) -> dict[str, Any]:
    proc = subprocess.run(
        command, capture_output=True, text=True, env=env or ENV, timeout=timeout, check=False
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(command)[:200]} printed no JSON: {proc.stderr[-500:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _threadcomm(*args: str) -> list[str]:
    return [sys.executable, "-m", "threadcomm", *args]


def engine(items: int, repeats: int) -> dict[str, object]:
    report = _json_line(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_engine.py"),
            "--items",
            str(items),
            "--repeats",
            str(repeats),
        ]
    )
    for case in report["cases"]:
        case["ratio_spread"] = spread(case["pair_ratios"])
    report["meets_target"] = all(case["meets_target"] for case in report["cases"])
    return report


#: name -> (extra arguments, window/headless ratio target or None).
FLOOD_CASES: dict[str, tuple[list[str], float | None]] = {
    "tutorial": ([], 0.8),
    "no_handshake": (["--no-handshake"], 0.6),
    "8_consumers_maxsize_2": (["--no-handshake", "--consumers", "8", "--maxsize", "2"], None),
    "4_consumers_used_meanwhile": (["--consumers", "4", "--exercise"], None),
    "long_string": ([], None),
}


def flood_case(name: str, items: int, pairs: int) -> dict[str, object]:
    """Alternate the window's self-test and the headless run; ratios, stalls, memory."""
    extra, target = FLOOD_CASES[name]
    data = ["--data", f"1..{items}"]
    if name == "long_string":
        long_file = Path(tempfile.gettempdir(), f"threadcomm-long-{os.getpid()}.txt")
        long_file.write_text(f"'{'x' * LONG_STRING_CHARS}'\n", encoding="utf-8")
        data = ["--data-file", str(long_file)]
    args = [*data, *extra, "--delay", "0"]
    ratios, rates, stalls, p99s, samples, rss, failures = [], [], [], [], [], [], []
    for _ in range(pairs):
        gui = _json_line(_threadcomm("--self-test", *args))
        plain = [arg for arg in args if arg != "--exercise"]
        headless = _json_line(_threadcomm("--headless", "--quiet", "--summary-json", *plain))
        if gui["self_test"] != "passed":
            failures.append(gui["problems"])
        rates.append(float(gui["items_per_s"]))
        ratios.append(float(gui["items_per_s"]) / float(headless["items_per_s"]))
        stalls.append(float(gui["max_stall_ms"]))
        p99s.append(float(gui["p99_stall_ms"]))
        samples.append(float(gui["stall_samples"]))
        rss.append(float(gui["peak_rss_mb"] or 0))
    if name == "long_string":
        long_file.unlink()
    meets = not failures and max(stalls) <= STALL_LIMIT_MS
    if target is not None:
        meets = meets and statistics.median(ratios) >= target
    return {
        "args": args if name != "long_string" else [f"(one {LONG_STRING_CHARS:,}-char string)"],
        "pairs": pairs,
        "window_items_per_s": spread(rates, 0),
        "ratio_to_headless": spread(ratios),
        "ratio_target": target,
        "max_stall_ms": spread(stalls, 1),
        "p99_stall_ms": spread(p99s, 1),
        "stall_samples": spread(samples, 0),
        "stall_limit_ms": STALL_LIMIT_MS,
        "peak_rss_mb": spread(rss, 1),
        "self_test_failures": failures,
        "meets_target": meets,
    }


def flood(items: int, pairs: int, only: set[str] | None = None) -> dict[str, object]:
    cases = {
        name: flood_case(name, items, pairs)
        for name in FLOOD_CASES
        if only is None or name in only
    }
    return {
        "items": items,
        "cases": cases,
        "meets_target": all(c["meets_target"] for c in cases.values()),
    }


@contextmanager
def xvfb() -> Iterator[dict[str, str] | None]:
    """An environment drawing on a fresh Xvfb screen, or None when Xvfb is not installed."""
    server = shutil.which("Xvfb")
    if server is None:
        yield None
        return
    display = f":{150 + os.getpid() % 50}"
    proc = subprocess.Popen(
        [server, display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # a benchmark harness waiting for a server, not a test
        env = {**ENV, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        yield env
    finally:
        proc.terminate()
        proc.wait(10)


def startup(runs: int) -> dict[str, object]:
    """Process start to first paint, offscreen and on X11, from source and frozen."""
    commands: dict[str, list[str]] = {"source": _threadcomm("--self-test")}
    if FROZEN.exists():
        commands["frozen"] = [str(FROZEN), "--self-test"]
    targets = {"source": 400.0, "frozen": 300.0}
    result: dict[str, object] = {}
    meets = True
    # From source as after any first launch: the bytecode cached (in a folder of its
    # own, even where PYTHONDONTWRITEBYTECODE is set), and one launch per platform
    # and kind not counted, so no run pays for compiling or for a cold disk cache.
    pycache = tempfile.TemporaryDirectory(prefix="threadcomm-pycache-")
    cached = {"PYTHONPYCACHEPREFIX": pycache.name}
    with pycache, xvfb() as x11:
        platforms: dict[str, dict[str, str] | None] = {"offscreen": ENV, "xcb": x11}
        for platform, base in platforms.items():
            for kind, command in commands.items():
                key = f"{kind}_{platform}_ms"
                if base is None:
                    result[key] = "skipped: Xvfb is not installed"
                    continue
                env = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
                env.update(cached)
                _json_line(command, env=env)  # the warm-up launch
                times = [float(_json_line(command, env=env)["startup_ms"]) for _ in range(runs)]
                result[key] = spread(times, 1)
                meets = meets and statistics.median(times) <= targets[kind]
    if "frozen" not in commands:
        result["frozen"] = "not built: pyinstaller build.spec"
    result["measured"] = "bytecode cached; one warm-up launch per case not counted"
    result["targets_ms"] = targets
    result["meets_target"] = meets
    return result


def _timed_json_line(command: list[str]) -> tuple[float, dict[str, Any]]:
    """The wall time (s) of ``command`` run to its end, and the JSON line it printed."""
    started = time.monotonic()
    result = _json_line(command, timeout=1800)
    return time.monotonic() - started, result


def trace(items: int, runs: int) -> dict[str, object]:
    """``--trace-out run.json.gz`` and ``run.json`` against the same run untraced.

    Each run traced is paired with an untraced run just before it (alternating,
    so a change in the machine's load touches both sides); the ratio is of the
    processes' wall times, start to exit, with the run's own ``elapsed_s``
    ratio next to it. Memory is the traced process's ``peak_rss_mb`` plus its
    converter process's (``trace_converter_peak_rss_mb``): both at their peaks
    at once, a bound on what the trace costs the machine.
    """
    data = ["--headless", "--quiet", "--summary-json", "--delay", "0", "--data", f"1..{items}"]
    result: dict[str, object] = {
        "items": items,
        "command": " ".join(["python -m threadcomm", *data, "--trace-out", "run.json.gz"]),
        "targets": {"time_ratio": 2.0, "peak_rss_mb": 300.0},
    }
    meets = True
    with tempfile.TemporaryDirectory() as folder:
        for name in ("run.json.gz", "run.json"):
            out = Path(folder, name)
            walls, elapsed, traced_rss, plain_rss, sizes = [], [], [], [], []
            traced_walls, plain_walls = [], []
            for _ in range(runs):
                plain_s, plain = _timed_json_line(_threadcomm(*data))
                traced_s, traced = _timed_json_line(_threadcomm(*data, "--trace-out", str(out)))
                walls.append(traced_s / plain_s)
                traced_walls.append(traced_s)
                plain_walls.append(plain_s)
                elapsed.append(float(traced["elapsed_s"]) / float(plain["elapsed_s"]))
                traced_rss.append(
                    float(traced["peak_rss_mb"] or 0)
                    + float(traced.get("trace_converter_peak_rss_mb") or 0)
                )
                plain_rss.append(float(plain["peak_rss_mb"] or 0))
                sizes.append(out.stat().st_size / 1048576 if out.exists() else 0.0)
                out.unlink(missing_ok=True)
            case_meets = statistics.median(walls) <= 2.0 and max(traced_rss) < 300.0
            meets = meets and case_meets
            result[name] = {
                "wall_ratio_to_untraced": spread(walls),
                "elapsed_ratio_to_untraced": spread(elapsed),
                "wall_s": spread(traced_walls, 1),
                "untraced_wall_s": spread(plain_walls, 1),
                "peak_rss_mb": spread(traced_rss, 1),
                "untraced_peak_rss_mb": spread(plain_rss, 1),
                "file_mib": spread(sizes, 1),
                "meets_target": case_meets,
            }
    result["meets_target"] = meets
    return result


def peer(items: int, rounds: int) -> dict[str, object]:
    return _json_line(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_peer.py"),
            "--items",
            str(items),
            "--rounds",
            str(rounds),
        ]
    )


def timeline() -> dict[str, object]:
    report = _json_line([sys.executable, str(ROOT / "benchmarks" / "bench_timeline.py")])
    report["meets_target"] = float(report["repaint_ms_median"]) < 8.0
    return report


def memory(items: int) -> dict[str, object]:
    data = f"1..{items}"
    headless = _json_line(_threadcomm("--headless", "--quiet", "--summary-json", "--data", data))
    window = _json_line(_threadcomm("--self-test", "--delay", "0", "--data", data), timeout=1800)
    return {
        "items": items,
        "headless_peak_rss_mb": headless["peak_rss_mb"],
        "window_peak_rss_mb": window["peak_rss_mb"],
        "window_self_test": window["self_test"],
        "meets_target": float(window["peak_rss_mb"] or 0) < 300
        and window["self_test"] == "passed",
    }


def _fmt(s: dict[str, float], unit: str = "") -> str:
    return f"{s['median']}{unit} ({s['min']}-{s['max']})"


def readme_table(report: dict[str, Any]) -> str:
    rows: list[tuple[str, str, str]] = []
    if "engine" in report:
        e = {(c["handshake"], c["consumers"]): c for c in report["engine"]["cases"]}
        for handshake, target in ((True, ">= 0.8"), (False, ">= 0.5")):
            label = "handshake" if handshake else "no handshake"
            rows.append(
                (
                    f"engine / bare tutorial pattern, {label} (1 / 4 consumers)",
                    " / ".join(_fmt(e[(handshake, n)]["ratio_spread"]) for n in (1, 4)),
                    target,
                )
            )
    if "flood" in report:
        f = report["flood"]
        for name, case in f["cases"].items():
            what = " ".join(case["args"])
            what = what if what.startswith("(") else f"({what})"
            rows.append(
                (
                    f"window: {name.replace('_', ' ')} {what}, max stall",
                    _fmt(case["max_stall_ms"], " ms"),
                    f"<= {STALL_LIMIT_MS:g} ms",
                )
            )
            if case["ratio_target"] is not None:
                rows.append(
                    (
                        f"window / headless items/s, {name.replace('_', ' ')}",
                        _fmt(case["ratio_to_headless"]),
                        f">= {case['ratio_target']}",
                    )
                )
    if "startup" in report:
        s = report["startup"]
        for key, value in s.items():
            if key.endswith("_ms") and key != "targets_ms" and isinstance(value, dict):
                kind, platform, _ = key.split("_")
                target = s["targets_ms"][kind]
                rows.append(
                    (f"startup to first paint, {kind}, {platform}", _fmt(value, " ms"),
                     f"<= {target:g} ms")
                )  # fmt: skip
    if "trace" in report:
        t = report["trace"]
        for name in ("run.json.gz", "run.json"):
            case = t[name]
            rows.append(
                (
                    f"--trace-out {name}, {t['items']:,} items: wall time / untraced; "
                    "peak memory, run + converter",
                    f"{_fmt(case['wall_ratio_to_untraced'])}; {_fmt(case['peak_rss_mb'], ' MB')}",
                    "<= 2; < 300 MB",
                )
            )
    if "peer" in report and report["peer"]["cases"][0]["viztracer_ratio_to_bare"]:
        for case in report["peer"]["cases"]:
            label = "handshake" if case["handshake"] else "no handshake"
            rows.append(
                (
                    f"speed kept while tracing, {label}: threadcomm / VizTracer",
                    f"{_fmt(case['threadcomm_ratio_to_bare'])} / "
                    f"{_fmt(case['viztracer_ratio_to_bare'])}",
                    "(the peer)",
                )
            )
    if "timeline" in report:
        rows.append(
            (
                "timeline repaint, ~200,000 events retained",
                f"{report['timeline']['repaint_ms_median']} ms",
                "< 8 ms",
            )
        )
    if "memory" in report:
        m = report["memory"]
        rows.append(
            (
                f"peak memory, {m['items']:,} items (headless / window)",
                f"{m['headless_peak_rss_mb']} / {m['window_peak_rss_mb']} MB",
                "< 300 MB",
            )
        )
    m = report["machine"]
    size = (
        "`--quick`: 20,000-item floods, 100,000-item trace and memory runs"
        if report.get("quick")
        else "full run: 100,000-item floods, 1,000,000-item trace and memory runs"
    )
    after = report.get("machine_after")
    ended = f", {' / '.join(str(v) for v in after)} at its end" if after else ""
    lines = [
        f"Measured with Python {m['python']} on {m['cores']} cores, load "
        f"{' / '.join(str(v) for v in m['load_1_5_15_min'])} (1 / 5 / 15 min) at the start"
        f"{ended}; {size}. Each figure: median (min-max).",
        "",
        "| measure | measured | target |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer items and runs")
    parser.add_argument("--readme", action="store_true", help="refresh the README's table")
    parser.add_argument("--only", nargs="+", metavar="CASE", help="run only these cases")
    parser.add_argument(
        "--readme-from",
        metavar="FILE",
        help="refresh the README's table from a report this command printed, running nothing",
    )
    args = parser.parse_args()
    if args.readme_from:
        write_readme_table(json.loads(Path(args.readme_from).read_text(encoding="utf-8")))
        return
    quick = args.quick
    cases: dict[str, Callable[[], dict[str, object]]] = {
        "engine": lambda: engine(10_000 if quick else 20_000, 3 if quick else 7),
        "flood": lambda: flood(20_000 if quick else 100_000, 3),
        "startup": lambda: startup(3 if quick else 5),
        "trace": lambda: trace(100_000 if quick else 1_000_000, 3),
        "peer": lambda: peer(10_000, 3),
        "timeline": timeline,
        "memory": lambda: memory(100_000 if quick else 1_000_000),
    }
    chosen = args.only or list(cases)
    unknown = sorted(set(chosen) - set(cases))
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(cases)}")
    report: dict[str, Any] = {"machine": machine(), "quick": quick}
    for name in chosen:
        report[name] = cases[name]()
    report["machine_after"] = machine()["load_1_5_15_min"]
    report["meets_target"] = {
        name: report[name].get("meets_target") for name in chosen if isinstance(report[name], dict)
    }
    print(json.dumps(report))
    if args.readme:
        write_readme_table(report)


def write_readme_table(report: dict[str, Any]) -> None:
    """Replace the README's benchmark table with the one ``report`` gives."""
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

"""The peer: VizTracer tracing the bare tutorial pattern, against threadcomm's engine.

What a Python user reaches for to see threads is a tracer such as VizTracer.
Both tools are measured against the same untraced pattern, in the same run,
alternating: the bare pattern, the bare pattern under VizTracer, and
threadcomm's headless engine. Each figure is the median of the per-round
ratios to the bare run just before it, with the min and max.

    python benchmarks/bench_peer.py [--items N] [--rounds R]

VizTracer comes with the ``bench`` extra (``pip install -e ".[bench]"``);
without it the peer's figures are null and ``viztracer`` says why.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile

from bench_engine import NO_HANDSHAKE_FACTOR, bare, engine


def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max, rounded for reading."""
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def viztraced(items: list[int], handshake: bool, out_dir: str) -> float:
    """The bare pattern under VizTracer, its trace saved as a user would (save time excluded)."""
    from viztracer import VizTracer

    tracer = VizTracer(verbose=0, max_stack_depth=-1, tracer_entries=2_000_000)
    tracer.start()
    rate = bare(items, 1, handshake)
    tracer.stop()
    tracer.save(os.path.join(out_dir, "viztracer.json"))
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        import viztracer

        peer_version: str | None = viztracer.__version__
        why = ""
    except ImportError:
        peer_version, why = None, 'not installed: pip install -e ".[bench]"'
    cases = []
    with tempfile.TemporaryDirectory() as out_dir:
        for handshake in (True, False):
            count = args.items if handshake else args.items * NO_HANDSHAKE_FACTOR
            items = list(range(count))
            ours, theirs = [], []
            for _ in range(args.rounds):
                base = bare(items, 1, handshake)
                ours.append(engine(items, 1, handshake) / base)
                if peer_version is not None:
                    base = bare(items, 1, handshake)
                    theirs.append(viztraced(items, handshake, out_dir) / base)
            cases.append(
                {
                    "handshake": handshake,
                    "items": count,
                    "threadcomm_ratio_to_bare": spread(ours),
                    "viztracer_ratio_to_bare": spread(theirs) if theirs else None,
                }
            )
    print(
        json.dumps(
            {
                "benchmark": "peer_viztracer",
                "viztracer": peer_version or why,
                "rounds": args.rounds,
                "cases": cases,
            }
        )
    )


if __name__ == "__main__":
    main()

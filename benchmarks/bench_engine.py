"""Engine vs the bare tutorial pattern: items per second, measured in the same run.

The bare pattern is the tutorial's code with nothing added (a sentinel to end).
The engine is threadcomm's Pipeline as ``threadcomm --headless --quiet`` runs
it: every statement traced and handed to the headless command's sink. A second
figure keeps every event as well (the tests' RecordingSink, a Python list that
grows by five or more events an item), which is what a run costs when all of
its history stays in memory. Runs alternate so drift on a shared machine hits
each side alike; the median of the pairs' ratios is the figure to quote.

    python benchmarks/bench_engine.py [--items N] [--repeats R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from queue import Queue

from threadcomm.cli import ConsoleSink
from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import RecordingSink

#: Runs without the handshake use this many times ``--items``.
NO_HANDSHAKE_FACTOR = 5


def bare(items: list[int], consumers: int, handshake: bool) -> float:
    """The tutorial's creator and consumer, untouched but for a sentinel per consumer."""
    q: Queue[tuple[int, threading.Event] | None] = Queue()

    def creator() -> None:
        for item in items:
            evt = threading.Event()
            q.put((item, evt))
            if handshake:
                evt.wait()

    def consumer() -> None:
        while True:
            job = q.get()
            if job is None:
                q.task_done()
                return
            data, evt = job
            data * 2  # the work the tutorial does
            evt.set()
            q.task_done()

    began = time.perf_counter()
    threads = [threading.Thread(target=consumer) for _ in range(consumers)]
    producer = threading.Thread(target=creator)
    for thread in [producer, *threads]:
        thread.start()
    producer.join()
    q.join()
    for _ in threads:
        q.put(None)
    for thread in threads:
        thread.join()
    return len(items) / (time.perf_counter() - began)


def engine(
    items: list[int], consumers: int, handshake: bool, *, keep_events: bool = False
) -> float:
    """threadcomm's Pipeline with the headless sink, or keeping every event."""
    sink: ConsoleSink | RecordingSink = (
        RecordingSink() if keep_events else ConsoleSink(quiet=True, keep_trace=False)
    )
    pipeline = Pipeline(
        RunConfig(items=tuple(items), consumers=consumers, handshake=handshake), sink
    )
    began = time.perf_counter()
    pipeline.start()
    if not sink.done.wait(600):
        raise RuntimeError("the pipeline did not finish")
    elapsed = time.perf_counter() - began
    pipeline.wait(10)
    assert sink.summary is not None and len(sink.summary.results) == len(items)
    return len(items) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    cases = []
    for handshake in (True, False):
        # Without the handshake a run is ten times faster, and a fraction of a second
        # is mostly thread start-up and scheduling luck: give it more items.
        count = args.items if handshake else args.items * NO_HANDSHAKE_FACTOR
        items = list(range(count))
        for consumers in (1, 4):
            bare_rates, engine_rates, keeping_rates = [], [], []
            for _ in range(args.repeats):
                bare_rates.append(bare(items, consumers, handshake))
                engine_rates.append(engine(items, consumers, handshake))
                keeping_rates.append(engine(items, consumers, handshake, keep_events=True))
            # Each pair ran back to back; the median of their ratios resists drift.
            ratios = sorted(e / b for b, e in zip(bare_rates, engine_rates, strict=True))
            ratio = statistics.median(ratios)
            keeping = statistics.median(
                k / b for b, k in zip(bare_rates, keeping_rates, strict=True)
            )
            target = 0.8 if handshake else 0.5
            cases.append(
                {
                    "handshake": handshake,
                    "consumers": consumers,
                    "items": count,
                    "bare_items_per_s": round(statistics.median(bare_rates)),
                    "engine_items_per_s": round(statistics.median(engine_rates)),
                    "ratio": round(ratio, 3),
                    "pair_ratios": [round(r, 3) for r in ratios],
                    "ratio_keeping_every_event": round(keeping, 3),
                    "target": target,
                    "meets_target": ratio >= target,
                }
            )
    print(json.dumps({"benchmark": "engine_vs_bare", "items": args.items, "cases": cases}))


if __name__ == "__main__":
    main()

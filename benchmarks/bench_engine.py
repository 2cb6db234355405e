"""Engine vs the bare tutorial pattern: items per second, measured in the same run.

The bare pattern is the tutorial's code with nothing added (a sentinel to end).
The engine is threadcomm's Pipeline with every trace event recorded. Runs
alternate A B A B so drift on a shared machine hits both alike; the ratio of
medians is the figure to quote.

    python benchmarks/bench_engine.py [--items N] [--repeats R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from queue import Queue

from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import RecordingSink


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


def engine(items: list[int], consumers: int, handshake: bool) -> float:
    """threadcomm's Pipeline, recording every trace event."""
    sink = RecordingSink()
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
    items = list(range(args.items))
    cases = []
    for handshake in (True, False):
        for consumers in (1, 4):
            bare_rates, engine_rates = [], []
            for _ in range(args.repeats):
                bare_rates.append(bare(items, consumers, handshake))
                engine_rates.append(engine(items, consumers, handshake))
            b, e = statistics.median(bare_rates), statistics.median(engine_rates)
            cases.append(
                {
                    "handshake": handshake,
                    "consumers": consumers,
                    "bare_items_per_s": round(b),
                    "engine_items_per_s": round(e),
                    "ratio": round(e / b, 3),
                    "target": 0.8 if handshake else 0.5,
                    "meets_target": e / b >= (0.8 if handshake else 0.5),
                }
            )
    print(json.dumps({"benchmark": "engine_vs_bare", "items": args.items, "cases": cases}))


if __name__ == "__main__":
    main()

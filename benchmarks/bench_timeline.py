"""Time a timeline repaint with a full store: 200,000 retained spans and markers.

Fills a TimelineStore with the events of a synthetic flood (the tutorial's
handshake, one consumer, an item every 20 microseconds), then paints the
timeline into an image again and again at three zoom levels and prints one
JSON line. ``repaint_ms_*`` is the default live view (the last 10 seconds,
which holds the whole flood); ``fit_*`` the whole run fitted to the width;
``zoomed_*`` a 2 ms window, drawn span by span.

    PYTHONPATH=src python benchmarks/bench_timeline.py [--width 1600 --height 420]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import tracemalloc

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from threadcomm.core.threads import COORDINATOR, CREATOR, GUI_THREAD, consumer_name
from threadcomm.core.trace import Kind, TraceEvent
from threadcomm.gui.run.model import RunModel
from threadcomm.gui.views.timeline.store import RETAIN, TimelineStore
from threadcomm.gui.views.timeline.view import TimelineView

ITEM_NS = 20_000
CONSUMER = consumer_name(1)
LANES = [CREATOR, CONSUMER, COORDINATOR, GUI_THREAD]


def item_events(i: int, start: int) -> list[TraceEvent]:
    t = start + i * ITEM_NS
    step = ITEM_NS // 10
    return [
        TraceEvent(t, CREATOR, Kind.PUT, i, i),
        TraceEvent(t + step, CREATOR, Kind.WAIT, i, i),
        TraceEvent(t + 2 * step, CONSUMER, Kind.GET, i, i),
        TraceEvent(t + 3 * step, CONSUMER, Kind.PROCESS, i, 2 * i),
        TraceEvent(t + 4 * step, CONSUMER, Kind.SET, i, i),
        TraceEvent(t + 5 * step, CREATOR, Kind.WAIT_DONE, i, i),
        TraceEvent(t + 6 * step, CONSUMER, Kind.TASK_DONE, i, i),
        TraceEvent(t + 7 * step, CONSUMER, Kind.GET_BLOCKED),
    ]


def batches(count: int, start: int) -> list[tuple[list[TraceEvent], list[tuple[int, int, str]]]]:
    """The flood's trace events and slot rows, 500 items per batch."""
    out = []
    for first in range(0, count, 500):
        items = range(first, min(count, first + 500))
        events = [ev for n in items for ev in item_events(n, start)]
        slots = [(n, start + n * ITEM_NS + 9 * ITEM_NS // 10, GUI_THREAD) for n in items]
        out.append((events, slots))
    return out


def fill(store: TimelineStore, work: list[tuple[list[TraceEvent], list[tuple[int, int, str]]]],
         start: int) -> tuple[int, float]:  # fmt: skip
    """Add batches while the store stays under RETAIN; return (events added, seconds spent)."""
    store.add_events([TraceEvent(start, COORDINATOR, Kind.JOIN_THREADS, detail=CREATOR)])
    added, spent = 1, 0.0
    for events, slots in work:
        if store.count + len(events) + len(slots) + 10 > RETAIN:  # 10: the spans finish() closes
            break
        t0 = time.perf_counter()
        store.add_events(events)
        store.add_slots(slots)
        spent += time.perf_counter() - t0
        added += len(events) + len(slots)
    return added, spent


def time_repaints(view: TimelineView, width: int, height: int, rounds: int) -> list[float]:
    view.render_to_image(width, height)  # warm up caches and fonts
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        view.render_to_image(width, height)
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def summary(prefix: str, times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        f"{prefix}_median": round(statistics.median(ordered), 2),
        f"{prefix}_p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=420)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    model = RunModel()
    view = TimelineView(model)
    start = time.monotonic_ns()
    work = batches(RETAIN // 10 + 1_000, start)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    measured = TimelineStore(gui_lane=GUI_THREAD)
    measured.reset(LANES, start)
    fill(measured, work, start)
    store_bytes = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del measured
    store = TimelineStore(gui_lane=GUI_THREAD)
    store.reset(LANES, start)
    events, fill_s = fill(store, work, start)
    view.store = store
    store.finish(store.latest_ns)
    result: dict[str, object] = {
        "events": events,
        "retained": store.count,
        "store_mb": round(store_bytes / 1e6, 2),
        "add_events_us_per_event": round(fill_s / events * 1e6, 3),
        "width": args.width,
        "height": args.height,
    }
    canvas = view.canvas
    canvas.follow = True  # the default view: the last 10 s, right edge on the end of the run
    result.update(summary("repaint_ms", time_repaints(view, args.width, args.height, args.rounds)))
    canvas.fit()
    result.update(summary("fit_ms", time_repaints(view, args.width, args.height, args.rounds)))
    canvas.follow = False
    canvas.window_ns = 2_000_000
    canvas.t0 = start + (store.latest_ns - start) // 2
    result.update(summary("zoomed_ms", time_repaints(view, args.width, args.height, args.rounds)))
    print(json.dumps(result))
    view.deleteLater()
    del app


if __name__ == "__main__":
    main()

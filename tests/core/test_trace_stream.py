"""The streamed Chrome trace: the same trace as the export, written in bounded memory."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from threadcomm.core.config import RunConfig
from threadcomm.core.export import chrome_trace, write_trace_file
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import RecordingSink, TraceEvent
from threadcomm.core.trace_stream import TraceStream


def run_events(count: int, **settings: Any) -> list[TraceEvent]:
    """Run the pipeline over ``1..count`` to its end and return its events."""
    sink = RecordingSink()
    pipeline = Pipeline(RunConfig(items=tuple(range(1, count + 1)), **settings), sink)
    pipeline.start()
    try:
        assert sink.done.wait(60), "the run did not finish"
    finally:
        pipeline.stop()
        assert pipeline.wait(5), "the run's threads did not end"
    return list(sink.events)


def comparable(trace: dict[str, Any]) -> list[str]:
    """The trace's events with thread ids replaced by thread names, in a fixed order.

    Track order is kept by ``thread_sort_index``, whose numbers differ: left out.
    """
    names = {
        e["tid"]: e["args"]["name"]
        for e in trace["traceEvents"]
        if e["ph"] == "M" and e["name"] == "thread_name"
    }
    rows = []
    for event in trace["traceEvents"]:
        if event["name"] == "thread_sort_index":
            continue
        row = {**event, "tid": names.get(event["tid"], event["tid"])}
        rows.append(json.dumps(row, sort_keys=True))
    return sorted(rows)


def track_order(trace: dict[str, Any]) -> list[str]:
    names = {}
    places = {}
    for event in trace["traceEvents"]:
        if event["ph"] == "M" and event["name"] == "thread_name":
            names[event["tid"]] = event["args"]["name"]
        if event["ph"] == "M" and event["name"] == "thread_sort_index":
            places[event["tid"]] = event["args"]["sort_index"]
    return [names[tid] for tid in sorted(names, key=places.__getitem__)]


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"handshake": False, "consumers": 3, "maxsize": 2},
    ],
    ids=["tutorial", "no-handshake-3-consumers"],
)
def test_a_streamed_json_gz_parses_back_to_the_exports_events(
    tmp_path: Path, settings: dict[str, Any]
) -> None:
    events = run_events(300, **settings)
    t0 = min(e.t_ns for e in events)
    target = tmp_path / "run.json.gz"

    def write(file: Any) -> None:
        stream = TraceStream(file, t0_ns=t0)
        for event in events:
            stream.add(event)
        stream.close()

    write_trace_file(target, write)

    with gzip.open(target, "rt", encoding="utf-8") as file:
        streamed = json.load(file)
    exported = json.loads(json.dumps(chrome_trace(events)))
    assert comparable(streamed) == comparable(exported)
    assert track_order(streamed) == track_order(exported)
    assert streamed["otherData"] == exported["otherData"]
    assert streamed["displayTimeUnit"] == "ms"
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file was left behind"


def test_every_flow_event_comes_after_the_slice_it_binds_to() -> None:
    events = run_events(200)
    out = io.StringIO()
    stream = TraceStream(out, t0_ns=min(e.t_ns for e in events))
    for event in events:
        stream.add(event)
    stream.close()
    written: set[tuple[int, float]] = set()
    for event in json.loads(out.getvalue())["traceEvents"]:
        if event["ph"] == "X":
            written.add((event["tid"], event["ts"]))
        elif event["ph"] in ("s", "t", "f"):
            assert (event["tid"], event["ts"]) in written, event


class _Discard:
    """A text file that keeps nothing: only the stream's own memory is measured."""

    def write(self, text: str) -> int:
        return len(text)


def _peak_bytes(events: list[TraceEvent]) -> int:
    """The most memory (traced allocations) the stream held while taking ``events``."""
    tracemalloc.start()
    try:
        stream = TraceStream(_Discard(), t0_ns=min(e.t_ns for e in events))  # type: ignore[arg-type]
        tracemalloc.reset_peak()
        for event in events:
            stream.add(event)
        stream.close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_streams_memory_does_not_grow_with_the_runs_length() -> None:
    short = _peak_bytes(run_events(2_000))
    long = _peak_bytes(run_events(20_000))
    assert long < short * 1.5, f"2,000 items: {short:,} bytes; 20,000 items: {long:,} bytes"

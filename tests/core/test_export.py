"""Tests for threadcomm.core.export: the Chrome trace and the text log of a run."""

from __future__ import annotations

import errno
import itertools
import json
import math
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from threadcomm.core import export
from threadcomm.core.config import RunConfig
from threadcomm.core.export import (
    Delivery,
    chrome_trace,
    text_log,
    write_chrome_trace,
    write_text_log,
)
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import Kind, RecordingSink, TraceEvent

TUTORIAL_ITEMS = (5, 10, 13, -1)
GUI = "GUI thread"


def run(items: tuple[object, ...] = TUTORIAL_ITEMS, **settings: Any) -> RecordingSink:
    """Run the pipeline to its end and return what it recorded."""
    sink = RecordingSink()
    pipeline = Pipeline(RunConfig(items=items, **settings), sink)
    pipeline.start()
    try:
        assert sink.done.wait(5), "the run did not finish"
    finally:
        pipeline.stop()
        assert pipeline.wait(2), "the run's threads did not end"
    return sink


def deliveries_of(sink: RecordingSink, delay_ns: int = 40_000) -> list[Delivery]:
    return [Delivery(r.index, GUI, r.emitted_ns, r.emitted_ns + delay_ns) for r in sink.results]


def round_trip(trace: dict[str, object]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(json.dumps(trace, allow_nan=False))
    return result


def of_phase(trace: dict[str, Any], phase: str) -> list[dict[str, Any]]:
    return [e for e in trace["traceEvents"] if e["ph"] == phase]


def track_names(trace: dict[str, Any]) -> dict[int, str]:
    return {
        e["tid"]: e["args"]["name"] for e in of_phase(trace, "M") if e["name"] == "thread_name"
    }


def tid_of(trace: dict[str, Any], name: str) -> int:
    (tid,) = [tid for tid, track in track_names(trace).items() if track == name]
    return tid


def flows_by_item(trace: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    flows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in trace["traceEvents"]:
        if event["ph"] in ("s", "t", "f") and event["cat"] == "item":
            flows[event["id"]].append(event)
    return flows


def consumer_of(events: list[TraceEvent], index: int) -> str:
    (thread,) = [e.thread for e in events if e.kind is Kind.GET and e.index == index]
    return thread


# -- a real run ----------------------------------------------------------------


@pytest.mark.parametrize("consumers", [1, 3])
def test_trace_of_a_real_run_survives_a_json_round_trip(consumers: int) -> None:
    sink = run(consumers=consumers)
    trace = chrome_trace(sink.events, deliveries_of(sink))

    loaded = round_trip(trace)

    assert loaded == trace
    assert loaded["displayTimeUnit"] == "ms"
    assert isinstance(loaded["otherData"], dict)
    assert loaded["otherData"]["events"] == len(sink.events)


@pytest.mark.parametrize("consumers", [1, 3])
def test_each_thread_has_exactly_one_named_track(consumers: int) -> None:
    sink = run(consumers=consumers)
    trace = round_trip(chrome_trace(sink.events))

    named = [e["tid"] for e in of_phase(trace, "M") if e["name"] == "thread_name"]
    sorted_ = [e["tid"] for e in of_phase(trace, "M") if e["name"] == "thread_sort_index"]
    slice_tracks = {e["tid"] for e in of_phase(trace, "X")}
    consumer_tracks = [n for n in track_names(trace).values() if n.startswith("consumer-")]

    assert len(named) == len(set(named)) == consumers + 2
    assert sorted(sorted_) == sorted(named)
    assert slice_tracks == set(named)
    assert len(consumer_tracks) == consumers
    assert set(track_names(trace).values()) == {e.thread for e in sink.events}
    assert all(isinstance(tid, int) and 0 < tid < 100 for tid in named)
    process = [e for e in of_phase(trace, "M") if e["name"] == "process_name"]
    assert [e["args"]["name"] for e in process] == ["threadcomm"]


def test_tracks_are_ordered_creator_consumers_coordinator_then_gui() -> None:
    sink = run(consumers=3)
    trace = round_trip(chrome_trace(sink.events, deliveries_of(sink)))

    order = {
        e["args"]["sort_index"]: track_names(trace)[e["tid"]]
        for e in of_phase(trace, "M")
        if e["name"] == "thread_sort_index"
    }

    assert [order[k] for k in sorted(order)] == [
        "creator",
        "consumer-1",
        "consumer-2",
        "consumer-3",
        "coordinator",
        GUI,
    ]


def test_consumers_are_ordered_by_number_not_by_text() -> None:
    events = [
        TraceEvent(i, name, Kind.THREAD_START)
        for i, name in enumerate(["consumer-10", "coordinator", "consumer-2", "creator"])
    ]

    names = track_names(round_trip(chrome_trace(events)))

    assert [names[tid] for tid in sorted(names)] == [
        "creator",
        "consumer-2",
        "consumer-10",
        "coordinator",
    ]


@pytest.mark.parametrize("consumers", [1, 3])
def test_every_slice_starts_at_or_after_zero_and_has_no_negative_duration(
    consumers: int,
) -> None:
    sink = run(consumers=consumers)
    slices = of_phase(round_trip(chrome_trace(sink.events, deliveries_of(sink))), "X")

    assert slices
    assert all(e["ts"] >= 0 and e["dur"] >= 0 for e in slices)
    assert min(e["ts"] for e in slices) == 0


def test_a_threads_slices_follow_one_another_without_overlap() -> None:
    sink = run(consumers=2)
    slices = of_phase(round_trip(chrome_trace(sink.events)), "X")

    by_track: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for s in slices:
        by_track[s["tid"]].append(s)
    for track in by_track.values():
        track.sort(key=lambda s: s["ts"])
        for this, after in itertools.pairwise(track):
            # Nanosecond integers behind the microsecond floats: compare in ns.
            assert round((this["ts"] + this["dur"]) * 1000) == round(after["ts"] * 1000)


@pytest.mark.parametrize("consumers", [1, 3])
def test_each_item_flows_from_the_creators_put_to_the_consumer_that_took_it(
    consumers: int,
) -> None:
    sink = run(consumers=consumers)
    trace = round_trip(chrome_trace(sink.events))
    creator = tid_of(trace, "creator")

    flows = flows_by_item(trace)

    assert sorted(flows) == list(range(len(TUTORIAL_ITEMS)))
    for index, arrow in flows.items():
        starts = [f for f in arrow if f["ph"] == "s"]
        ends = [f for f in arrow if f["ph"] == "f"]
        assert len(starts) == len(ends) == 1
        (start,), (end,) = starts, ends
        assert start["tid"] == creator
        assert end["tid"] == tid_of(trace, consumer_of(sink.events, index))
        assert end["bp"] == "e"
        assert start["ts"] <= end["ts"]
        assert {f["name"] for f in arrow} == {f"item {index + 1}"}
        assert {f["cat"] for f in arrow} == {"item"}
        ordered = sorted(arrow, key=lambda f: f["ts"])
        assert [f["ph"] for f in ordered] == ["s", *["t"] * (len(arrow) - 2), "f"]


def test_every_flow_point_sits_on_the_start_of_a_slice_of_its_track() -> None:
    sink = run(consumers=2)
    trace = round_trip(chrome_trace(sink.events, deliveries_of(sink)))
    starts = {(e["tid"], e["ts"]) for e in of_phase(trace, "X")}

    points = [f for arrow in flows_by_item(trace).values() for f in arrow]

    assert points
    assert all((f["tid"], f["ts"]) in starts for f in points)


def test_flow_points_come_after_the_slices_in_the_file() -> None:
    sink = run()
    phases = [e["ph"] for e in round_trip(chrome_trace(sink.events))["traceEvents"]]

    last_slice = max(i for i, ph in enumerate(phases) if ph == "X")
    first_flow = min(i for i, ph in enumerate(phases) if ph in ("s", "t", "f"))

    assert last_slice < first_flow


def test_the_flow_binds_put_get_and_process_slices_in_that_order() -> None:
    sink = run()
    trace = round_trip(chrome_trace(sink.events))
    slice_at = {(e["tid"], e["ts"]): e for e in of_phase(trace, "X")}

    arrow = sorted(flows_by_item(trace)[0], key=lambda f: f["ts"])

    assert [slice_at[f["tid"], f["ts"]]["name"] for f in arrow] == [
        "q.put(5)",
        "q.get() -> 5",
        "processed = 5 * 2 = 10",
    ]


def test_with_deliveries_the_gui_track_exists_and_each_flow_ends_there() -> None:
    sink = run(consumers=2)
    trace = round_trip(chrome_trace(sink.events, deliveries_of(sink)))
    gui = tid_of(trace, GUI)

    gui_slices = [e for e in of_phase(trace, "X") if e["tid"] == gui]
    flows = flows_by_item(trace)

    assert sorted(s["args"]["index"] for s in gui_slices) == list(range(len(TUTORIAL_ITEMS)))
    assert {s["name"] for s in gui_slices} == {"result slot ran"}
    assert all(s["args"]["latency_us"] == 40.0 for s in gui_slices)
    for index, arrow in flows.items():
        (end,) = [f for f in arrow if f["ph"] == "f"]
        (start,) = [f for f in arrow if f["ph"] == "s"]
        (slot,) = [s for s in gui_slices if s["args"]["index"] == index]
        assert end["tid"] == gui
        assert end["ts"] == slot["ts"]
        assert start["tid"] == tid_of(trace, "creator")
        assert max(f["ts"] for f in arrow) == end["ts"]


def test_slice_names_show_the_statements_and_the_waits() -> None:
    sink = run()
    slices = of_phase(round_trip(chrome_trace(sink.events)), "X")
    names = {s["name"] for s in slices}

    for statement in [
        "q.put(5)",
        "q.get() -> 5",
        "processed = 5 * 2 = 10",
        "processed = -1 * 2 = -2",
        "evt.set() item 5",
        "q.task_done()",
        "blocked in evt.wait()",
        "blocked in thread.join()",
        "q.put(None)",
    ]:
        assert statement in names
    put = next(s for s in slices if s["name"] == "q.put(13)")
    assert put["args"] == {"kind": "put", "index": 2, "value": 13}
    wait = next(s for s in slices if s["name"] == "blocked in evt.wait()")
    assert wait["cat"] == "blocked in evt.wait()"
    assert put["cat"] == "put"


def test_a_paced_run_shows_pacing_slices() -> None:
    sink = run(items=(1,), delay=0.01)

    slices = of_phase(round_trip(chrome_trace(sink.events)), "X")

    assert any(s["name"] == "pacing" and s["cat"] == "pacing" for s in slices)


def test_a_trace_taken_while_the_run_is_still_going_is_consistent() -> None:
    sink = RecordingSink()
    pipeline = Pipeline(RunConfig(items=tuple(range(30)), consumers=2, delay=0.002), sink)
    pipeline.start()
    try:
        snapshots = 0
        while not sink.done.is_set():
            trace = round_trip(chrome_trace(sink.events))
            assert {e["tid"] for e in of_phase(trace, "X")} <= set(track_names(trace))
            text_log(sink.events)
            snapshots += 1
        assert sink.done.wait(5)
    finally:
        pipeline.stop()
        assert pipeline.wait(2)
    assert snapshots > 0


def test_a_delivery_with_no_traced_item_adds_a_slice_but_no_arrow() -> None:
    events = [TraceEvent(1_000, "creator", Kind.ANNOUNCE)]

    trace = round_trip(chrome_trace(events, [Delivery(7, GUI, 500, 2_000)]))

    (slot,) = [e for e in of_phase(trace, "X") if e["tid"] == tid_of(trace, GUI)]
    assert slot["ts"] == 1.0
    assert slot["args"] == {"index": 7, "latency_us": 1.5}
    assert flows_by_item(trace) == {}


# -- deadlocks and errors -------------------------------------------------------


def test_a_deadlock_becomes_a_global_instant_event_with_the_diagnosis() -> None:
    sink = run(items=(5, 10), forget_set=True, deadlock_after=0.3)
    assert sink.summary is not None
    trace = round_trip(chrome_trace(sink.events))

    (deadlock,) = [e for e in of_phase(trace, "i") if e["cat"] == "deadlock"]

    assert deadlock["s"] == "g"
    assert deadlock["args"]["detail"] == sink.summary.diagnosis
    assert "never called evt.set()" in deadlock["args"]["detail"]
    assert deadlock["tid"] == tid_of(trace, "coordinator")
    assert deadlock["ts"] >= 0


def test_a_failed_item_becomes_a_thread_instant_event_and_ends_its_flow() -> None:
    sink = run(items=(5, 10), fault_item=0)
    trace = round_trip(chrome_trace(sink.events))

    (error,) = [e for e in of_phase(trace, "i") if e["cat"] == "error"]
    (end,) = [f for f in flows_by_item(trace)[0] if f["ph"] == "f"]

    assert error["s"] == "t"
    assert "doubling 5 raised an error" in error["args"]["detail"]
    assert "InjectedFault" not in error["args"]["detail"]
    assert error["args"]["index"] == 0
    assert error["tid"] == end["tid"] == tid_of(trace, "consumer-1")
    assert end["ts"] == error["ts"]


# -- values that JSON cannot hold ----------------------------------------------


def test_values_json_cannot_hold_are_made_safe() -> None:
    big_text = "x" * 1_000_000
    events = [
        TraceEvent(1_000, "creator", Kind.PUT, 0, math.nan),
        TraceEvent(2_000, "creator", Kind.PUT, 1, -math.inf),
        TraceEvent(3_000, "creator", Kind.PUT, 2, big_text),
        TraceEvent(4_000, "creator", Kind.PUT, 3, 10**5000),
        TraceEvent(5_000, "creator", Kind.PUT, 4, 2**60),
        TraceEvent(6_000, "creator", Kind.PUT, 5, object()),
        TraceEvent(7_000, "creator", Kind.PUT, 6, "bad \ud800 surrogate"),
        TraceEvent(8_000, "creator", Kind.PUT, 7, (1, [2.5])),
        TraceEvent(9_000, "creator", Kind.PUT, 8, 1.5),
    ]

    text = json.dumps(chrome_trace(events), allow_nan=False)
    text.encode("utf-8")  # no lone surrogate survives
    values = {
        e["args"]["index"]: e["args"]["value"]
        for e in of_phase(json.loads(text), "X")
        if e["args"]["kind"] == "put"
    }

    assert values[0] == "nan"
    assert values[1] == "-inf"
    assert isinstance(values[2], str) and len(values[2]) < 1_000
    assert values[2].startswith("xxxx")
    assert isinstance(values[3], str) and len(values[3]) < 1_000
    assert values[4] == str(2**60)
    assert isinstance(values[5], str) and values[5].startswith("<object object")
    assert isinstance(values[6], str) and "surrogate" in values[6]
    assert values[7] == "(1, [2.5])"
    assert values[8] == 1.5


def test_a_file_with_unsafe_values_is_strict_json(tmp_path: Path) -> None:
    target = tmp_path / "trace.json"
    events = [
        TraceEvent(1_000, "creator", Kind.PUT, 0, math.nan),
        TraceEvent(2_000, "consumer-1", Kind.GET, 0, math.nan),
    ]

    write_chrome_trace(target, events)

    def no_constants(name: str) -> object:
        raise AssertionError(f"non-standard JSON constant {name}")

    loaded = json.loads(target.read_text(encoding="utf-8"), parse_constant=no_constants)
    assert loaded == round_trip(chrome_trace(events))


def test_an_empty_run_gives_a_valid_trace_and_an_empty_log() -> None:
    trace = round_trip(chrome_trace([]))

    assert [e["name"] for e in trace["traceEvents"]] == ["process_name"]
    assert text_log([]) == ""


# -- the text log ----------------------------------------------------------------


def test_text_log_has_the_tutorials_lines_in_each_threads_order() -> None:
    sink = run(consumers=2)

    log = text_log(sink.events)
    lines = log.splitlines()

    assert log.endswith("\n")
    pattern = re.compile(r"^ {0,4}\d+\.\d{6} s  (\S+) +(.*)$")
    parsed = [pattern.match(line) for line in lines]
    assert all(parsed), lines
    per_thread: dict[str, list[str]] = defaultdict(list)
    for match in parsed:
        assert match is not None
        per_thread[match.group(1)].append(match.group(2))
    assert per_thread["creator"] == [
        "Creating data and putting it on the queue",
        *["Waiting for data to be doubled"] * len(TUTORIAL_ITEMS),
    ]
    consumed = [line for name, got in per_thread.items() if name != "creator" for line in got]
    for item in TUTORIAL_ITEMS:
        assert f"data found to be processed: {item}" in consumed
    for name in per_thread.keys() - {"creator"}:
        got = per_thread[name]
        # each "data found" line is followed by its doubled value
        for found, doubled in zip(got[::2], got[1::2], strict=True):
            item = int(found.rsplit(":", 1)[1])
            assert doubled == str(item * 2)
    doubled_values = {line for line in consumed if not line.startswith("data found")}
    assert doubled_values == {"10", "20", "26", "-2"}


def test_text_log_times_rise_from_zero_with_six_decimals() -> None:
    sink = run()

    lines = text_log(sink.events).splitlines()
    times = [float(line.split(" s ", 1)[0]) for line in lines]

    assert times == sorted(times)
    assert 0 <= times[0] < 1
    assert re.match(r"^ +\d+\.\d{6} s  creator      Creating data", lines[0])


def test_text_log_shows_a_deadlock_with_its_diagnosis_indented() -> None:
    sink = run(items=(5, 10), forget_set=True, deadlock_after=0.3)
    assert sink.summary is not None

    lines = text_log(sink.events).splitlines()
    (at,) = [i for i, line in enumerate(lines) if "DEADLOCK: " in line]
    diagnosis = sink.summary.diagnosis.splitlines()

    assert lines[at].endswith("DEADLOCK: " + diagnosis[0])
    column = lines[at].index("DEADLOCK: ")
    for offset, text in enumerate(diagnosis[1:], start=1):
        assert lines[at + offset] == " " * column + text


def test_text_log_shows_a_failed_item_as_an_error_line() -> None:
    sink = run(items=(5, 10), fault_item=0)

    log = text_log(sink.events)

    assert re.search(r"\n +\d+\.\d{6} s  consumer-1   ERROR: doubling 5 raised an error", log)
    assert "data found to be processed: 10\n" in log


def test_text_log_indents_the_continuation_of_a_multi_line_item() -> None:
    events = [
        TraceEvent(1_000, "consumer-1", Kind.GET, 0, "two\nlines"),
        TraceEvent(2_000, "consumer-1", Kind.PROCESS, 0, "two\nlinestwo\nlines"),
    ]

    lines = text_log(events).splitlines()

    assert lines[0] == "   0.000000 s  consumer-1   data found to be processed: two"
    assert lines[1] == " " * 28 + "lines"
    assert lines[2].endswith("consumer-1   two")
    assert lines[3:] == [" " * 28 + "linestwo", " " * 28 + "lines"]


# -- writing files -------------------------------------------------------------


def test_write_chrome_trace_writes_the_same_trace_as_chrome_trace(tmp_path: Path) -> None:
    sink = run(consumers=2)
    deliveries = deliveries_of(sink)
    target = tmp_path / "run.json"

    write_chrome_trace(target, sink.events, deliveries, process_name="lab")

    loaded = json.loads(target.read_text(encoding="utf-8"))
    assert loaded == round_trip(chrome_trace(sink.events, deliveries, process_name="lab"))
    assert os.listdir(tmp_path) == ["run.json"]


def test_write_chrome_trace_writes_more_events_than_one_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "_CHUNK", 7)
    sink = run(consumers=2)
    target = tmp_path / "run.json"

    write_chrome_trace(str(target), sink.events)

    assert json.loads(target.read_text(encoding="utf-8")) == round_trip(chrome_trace(sink.events))


def test_write_text_log_writes_the_text_log(tmp_path: Path) -> None:
    sink = run()
    target = tmp_path / "run.log"

    write_text_log(target, sink.events)

    assert target.read_text(encoding="utf-8") == text_log(sink.events)
    assert os.listdir(tmp_path) == ["run.log"]


def test_writing_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "run.log"
    target.write_text("old contents that are much longer than the new log\n" * 100)
    events = [TraceEvent(0, "creator", Kind.ANNOUNCE)]

    write_text_log(target, events)

    assert target.read_text(encoding="utf-8") == text_log(events)


@pytest.mark.parametrize("writer", ["trace", "log"])
def test_writing_into_a_missing_directory_raises_oserror_naming_the_path(
    tmp_path: Path, writer: str
) -> None:
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    events = [TraceEvent(0, "creator", Kind.ANNOUNCE)]

    with pytest.raises(OSError, match=re.escape(str(target))) as raised:
        if writer == "trace":
            write_chrome_trace(target, events)
        else:
            write_text_log(target, events)

    assert raised.value.errno == errno.ENOENT
    assert os.listdir(tmp_path) == []


def test_a_failure_while_writing_leaves_no_partial_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "run.json"
    target.write_text("previous export\n")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match=re.escape(str(target))) as raised:
        write_chrome_trace(target, [TraceEvent(0, "creator", Kind.ANNOUNCE)])

    assert raised.value.errno == errno.ENOSPC
    assert os.listdir(tmp_path) == ["run.json"]
    assert target.read_text() == "previous export\n"


def test_writing_over_a_directory_fails_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()

    with pytest.raises(OSError, match=re.escape(str(target))):
        write_text_log(target, [TraceEvent(0, "creator", Kind.ANNOUNCE)])

    assert os.listdir(tmp_path) == ["taken"]
    assert target.is_dir()


def test_an_error_that_is_not_an_oserror_still_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise ValueError("encoder broke")

    monkeypatch.setattr(export, "_write_trace", broken)
    with pytest.raises(ValueError, match="encoder broke"):
        write_chrome_trace(tmp_path / "run.json", [TraceEvent(0, "creator", Kind.ANNOUNCE)])

    assert os.listdir(tmp_path) == []


# -- scale and purity ------------------------------------------------------------


def synthetic_events(count: int) -> list[TraceEvent]:
    """A long, well-formed run: the creator puts, three consumers take and process."""
    events: list[TraceEvent] = []
    t = 1_000_000
    index = 0
    while len(events) < count:
        consumer = f"consumer-{index % 3 + 1}"
        for thread, kind, value in (
            ("creator", Kind.PUT, index),
            ("creator", Kind.WAIT, index),
            (consumer, Kind.GET, index),
            (consumer, Kind.PROCESS, index * 2),
            (consumer, Kind.SET, index),
            ("creator", Kind.WAIT_DONE, index),
            (consumer, Kind.TASK_DONE, index),
            (consumer, Kind.GET_BLOCKED, None),
        ):
            t += 700
            events.append(TraceEvent(t, thread, kind, -1 if value is None else index, value))
        index += 1
    return events[:count]


def test_200_000_events_convert_in_a_few_seconds() -> None:
    events = synthetic_events(200_000)

    started = time.perf_counter()
    trace = chrome_trace(events)
    elapsed = time.perf_counter() - started

    slices = of_phase(trace, "X")
    assert len(slices) == len(events)
    assert len(flows_by_item(trace)) == 200_000 // 8
    assert elapsed < 15, f"took {elapsed:.1f} s"


def test_the_module_never_imports_qt() -> None:
    code = (
        "import sys, threadcomm.core.export; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]; "
        "assert not bad, bad"
    )
    env = dict(os.environ)
    src = str(Path(export.__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH", "")]))

    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr

"""The streamed trace converted in a process of its own: the same trace, and every end bounded."""

from __future__ import annotations

import gzip
import io
import json
import sys
import threading
from typing import Any

import pytest

from tests.core.test_trace_stream import comparable, run_events, track_order
from threadcomm.core import trace_process
from threadcomm.core.export import chrome_trace
from threadcomm.core.trace import Kind, TraceEvent
from threadcomm.core.trace_process import TraceProcess


def _stream(events: list[TraceEvent], file: Any, *, compress: bool) -> TraceProcess:
    stream = TraceProcess(file, compress=compress, t0_ns=min(e.t_ns for e in events))
    for event in events:
        stream.add(event)
    return stream


@pytest.mark.parametrize("compress", [False, True], ids=["json", "json.gz"])
def test_the_converters_trace_is_the_exports_trace(compress: bool) -> None:
    events = run_events(2_500, handshake=False, consumers=3, maxsize=2)
    out = io.BytesIO()
    stream = _stream(events, out, compress=compress)
    stream.close()
    data = gzip.decompress(out.getvalue()) if compress else out.getvalue()
    streamed = json.loads(data)
    exported = json.loads(json.dumps(chrome_trace(events)))
    assert comparable(streamed) == comparable(exported)
    assert track_order(streamed) == track_order(exported)
    assert streamed["otherData"] == exported["otherData"]
    assert stream.converter_exit_code == 0, "the converter was left running"


def test_a_value_pickle_cannot_take_is_shown_as_the_export_shows_it() -> None:
    lock = threading.Lock()  # no pickle for a lock
    events = [
        TraceEvent(1_000, "creator", Kind.PUT, 0, lock),
        TraceEvent(2_000, "consumer-1", Kind.GET, 0, lock),
    ]
    out = io.BytesIO()
    stream = _stream(events * 600, out, compress=False)  # more than a batch
    stream.close()
    values = {
        e["args"].get("value") for e in json.loads(out.getvalue())["traceEvents"] if e["ph"] == "X"
    }
    assert values == {repr(lock)}


def test_discarding_ends_the_converter_and_writes_nothing_more() -> None:
    events = run_events(300)
    out = io.BytesIO()
    stream = _stream(events, out, compress=False)
    stream.discard()
    assert stream.converter_exit_code is not None, "the converter is still running"
    written = len(out.getvalue())
    stream.add(events[0])
    assert len(out.getvalue()) == written
    assert not out.getvalue().endswith(b"}\n"), "a discarded trace was finished"


def test_a_converter_that_fails_says_why_and_stops_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failing = "import sys; sys.stdin.read(); sys.stderr.write('out of memory\\n'); sys.exit(1)"
    command = [sys.executable, "-c", failing]
    monkeypatch.setattr(trace_process, "converter_command", lambda: command)
    stopped = threading.Event()
    events = run_events(50)
    stream = TraceProcess(io.BytesIO(), compress=False, t0_ns=0, on_error=stopped.set)
    for event in events:
        stream.add(event)
    with pytest.raises(OSError, match="the trace converter failed: out of memory"):
        stream.close()
    assert stopped.is_set()


def test_a_converter_that_dies_mid_run_stops_the_run_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dying = "import sys; sys.stdin.buffer.read(10); sys.stderr.write('killed\\n'); sys.exit(9)"
    monkeypatch.setattr(trace_process, "converter_command", lambda: [sys.executable, "-c", dying])
    stopped = threading.Event()
    stream = TraceProcess(io.BytesIO(), compress=False, t0_ns=0, on_error=stopped.set)
    event = TraceEvent(1_000, "creator", Kind.PUT, 0, 5)
    for _ in range(50):  # batches until the dead converter's pipe refuses one
        for _ in range(1_000):
            stream.add(event)
        if stopped.wait(0.05):
            break
    assert stopped.is_set(), "the run was not told to stop"
    with pytest.raises(OSError, match="the trace converter failed: killed"):
        stream.close()


class _FullDisk(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(28, "No space left on device")


def test_a_file_that_cannot_be_written_stops_the_run_and_ends_the_converter() -> None:
    stopped = threading.Event()
    events = run_events(300)
    stream = TraceProcess(_FullDisk(), compress=False, t0_ns=0, on_error=stopped.set)
    for event in events:
        stream.add(event)
    with pytest.raises(OSError, match="No space left"):
        stream.close()
    assert stopped.is_set()
    assert stream.converter_exit_code is not None

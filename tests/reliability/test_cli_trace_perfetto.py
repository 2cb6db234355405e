"""A long run's ``--trace-out run.json.gz`` reads back as a Chrome/Perfetto trace.

Perfetto opens gzip-compressed Chrome Trace Event JSON: one document with
``traceEvents``, each thread's track named by metadata, ``X`` slices on every
track, and flow events (``s``/``t``/``f``) that follow each item and each cause.
"""

from __future__ import annotations

import gzip
import json
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.cli_process import command, environment


def _traced_run(tmp_path: Path, items: int, timeout: float) -> Path:
    """Run ``1..items`` headless with ``--trace-out run.json.gz``; the trace's path."""
    target = tmp_path / "run.json.gz"
    done = subprocess.run(
        command(
            "--headless",
            "--quiet",
            "--summary-json",
            "--delay",
            "0",
            "--data",
            f"1..{items}",
            "--trace-out",
            str(target),
        ),
        env=environment(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["status"] == "completed"
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file was left behind"
    return target


def _read_whole(target: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The trace read by :func:`json.load`: its events, and the rest of the document."""
    with gzip.open(target, "rt", encoding="utf-8") as file:
        trace: dict[str, Any] = json.load(file)
    return trace.pop("traceEvents"), trace


def _read_streaming(target: Path) -> tuple[Iterator[dict[str, Any]], dict[str, Any]]:
    """The trace parsed one event at a time (a million items' events do not fit in memory).

    The document is checked as JSON all the same: ``{"traceEvents":[`` then the
    events separated by commas, then ``]`` and the rest of the object.
    """
    decode = json.JSONDecoder().raw_decode
    rest: dict[str, Any] = {}

    def events() -> Iterator[dict[str, Any]]:
        with gzip.open(target, "rt", encoding="utf-8") as file:
            text = file.read(1 << 24)
            assert text.startswith('{"traceEvents":['), text[:40]
            at = len('{"traceEvents":[')
            while True:
                if len(text) - at < 1 << 20:  # keep a whole event ahead of the reader
                    text = text[at:] + file.read(1 << 24)
                    at = 0
                event, at = decode(text, at)
                yield event
                if text[at] == "]":
                    break
                assert text[at] == ",", text[at : at + 40]
                at += 1
            tail = text[at + 1 :] + file.read()
        rest.update(json.loads('{"traceEvents":[]' + tail))
        rest.pop("traceEvents")

    return events(), rest


def _check_perfetto_shape(
    events: Iterable[dict[str, Any]], rest: dict[str, Any], items: int
) -> None:
    names: dict[int, str] = {}
    slices: Counter[int] = Counter()
    flows: Counter[tuple[str, str]] = Counter()
    for event in events:
        phase = event["ph"]
        assert event["pid"] == 1, event
        if phase == "M":
            if event["name"] == "thread_name":
                names[event["tid"]] = event["args"]["name"]
            continue
        assert event["tid"] in names, f"an event before its track was named: {event}"
        assert event["ts"] >= 0, event
        if phase == "X":
            assert event["dur"] >= 0, event
            slices[event["tid"]] += 1
        elif phase in ("s", "t", "f"):
            flows[event["cat"], phase] += 1
    assert set(names.values()) == {"creator", "consumer-1", "coordinator"}
    per_thread = {names[tid]: count for tid, count in slices.items()}
    assert set(per_thread) == set(names.values()), f"a track without slices: {per_thread}"
    assert per_thread["creator"] > 3 * items and per_thread["consumer-1"] > 4 * items
    # Every item's arrow: put (start), get (step), processed (finish).
    assert flows["item", "s"] == flows["item", "t"] == flows["item", "f"] == items
    # Every evt.wait() and every blocked q.get() a q.put() released has a cause arrow.
    assert flows["cause", "s"] == flows["cause", "f"] >= items
    assert rest["otherData"]["generator"] == "threadcomm"
    assert rest["displayTimeUnit"] == "ms"


def test_a_20000_item_trace_json_gz_reads_back_as_a_perfetto_trace(tmp_path: Path) -> None:
    target = _traced_run(tmp_path, 20_000, timeout=60)
    _check_perfetto_shape(*_read_whole(target), 20_000)
    _check_perfetto_shape(*_read_streaming(target), 20_000)  # the reader of the long run


@pytest.mark.soak
@pytest.mark.timeout(1800)
def test_a_1000000_item_trace_json_gz_reads_back_as_a_perfetto_trace(tmp_path: Path) -> None:
    target = _traced_run(tmp_path, 1_000_000, timeout=900)
    _check_perfetto_shape(*_read_streaming(target), 1_000_000)

"""The workers' fast constructor builds exactly what the classes build."""

from __future__ import annotations

from threadcomm.core.config import RunConfig
from threadcomm.core.threads import CREATOR, consumer_name
from threadcomm.core.trace import Kind, Result, TraceEvent, from_fields

from .helpers import run


def test_an_event_from_its_fields_equals_the_one_the_class_builds() -> None:
    fields = (123_456, CREATOR, Kind.PUT, 2, 13, "a detail")
    event = from_fields(TraceEvent, fields)
    assert event == TraceEvent(123_456, CREATOR, Kind.PUT, 2, 13, "a detail")
    assert type(event) is TraceEvent
    assert (event.t_ns, event.thread, event.kind, event.detail) == (
        123_456,
        CREATOR,
        Kind.PUT,
        "a detail",
    )


def test_a_result_from_its_fields_equals_the_one_the_class_builds() -> None:
    result = from_fields(Result, (1, 10, 20, consumer_name(1), 99))
    assert result == Result(index=1, item=10, value=20, thread=consumer_name(1), emitted_ns=99)
    assert type(result) is Result and result.value == 20


def test_a_run_reports_events_and_results_the_classes_would_build() -> None:
    summary, sink = run(RunConfig(items=(5, 10, 13, -1), consumers=2))
    assert sink.events and all(type(e) is TraceEvent and e == TraceEvent(*e) for e in sink.events)
    assert len(sink.results) == 4
    assert all(type(r) is Result and r == Result(*r) for r in sink.results)
    assert sorted(r.value for r in sink.results) == sorted(2 * v for v in (5, 10, 13, -1))
    assert summary.results

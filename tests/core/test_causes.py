"""Who woke whom: every blocked span that ended names the statement that ended it."""

from __future__ import annotations

import pytest

from threadcomm.core.causes import STOP, find_causes, unended
from threadcomm.core.export import chrome_trace
from threadcomm.core.mistake_run import new_pipeline
from threadcomm.core.scenarios import load_scenarios
from threadcomm.core.threads import CREATOR
from threadcomm.core.trace import Kind, RecordingSink, TraceEvent

_BLOCKING = {Kind.WAIT, Kind.GET_BLOCKED, Kind.PUT_BLOCKED, Kind.JOIN, Kind.JOIN_THREADS}
_RUNNABLE = [s.name for s in load_scenarios()[0] if not s.unavailable and s.gui_mode == ""]


def _run(name: str) -> list[TraceEvent]:
    scenario = next(s for s in load_scenarios()[0] if s.name == name)
    sink = RecordingSink()
    pipeline = new_pipeline(scenario.run_config(delay=0.0, deadlock_after=0.3), sink)
    pipeline.start()
    try:
        assert sink.done.wait(15), f"{name} did not finish"
    finally:
        pipeline.stop()
        assert pipeline.wait(5)
    return list(sink.events)


@pytest.fixture(scope="module")
def traces() -> dict[str, list[TraceEvent]]:
    return {name: _run(name) for name in _RUNNABLE}


@pytest.mark.parametrize("name", _RUNNABLE)
def test_every_ended_blocked_span_has_an_earlier_statement_of_another_thread_or_the_stop(
    traces: dict[str, list[TraceEvent]], name: str
) -> None:
    events = traces[name]
    causes = find_causes(events)
    assert {c.blocked for c in causes} | {p for p, _ in unended(events)} == {
        p for p, e in enumerate(events) if e.kind in _BLOCKING
    }, "a blocked span is neither ended with a cause nor said to be unended"
    for c in causes:
        assert c.blocked < c.effect
        assert events[c.effect].thread == events[c.blocked].thread
        assert c.words.startswith(f"{events[c.blocked].thread}'s ")
        if c.cause != STOP:
            assert c.cause < c.effect, c.words
            assert events[c.cause].thread != events[c.blocked].thread, c.words


@pytest.mark.parametrize("name", _RUNNABLE)
def test_the_creators_wait_for_item_k_ends_because_of_the_set_of_item_k(
    traces: dict[str, list[TraceEvent]], name: str
) -> None:
    events = traces[name]
    for c in find_causes(events):
        begun = events[c.blocked]
        if begun.thread == CREATOR and begun.kind is Kind.WAIT and c.cause != STOP:
            assert events[c.cause].kind is Kind.SET
            assert events[c.cause].index == begun.index
            assert f"ran evt.set() for item {begun.index + 1}" in c.words


def test_the_tutorial_names_each_kind_of_waker_in_words(
    traces: dict[str, list[TraceEvent]],
) -> None:
    words = [c.words for c in find_causes(traces["tutorial"])]
    assert any(
        "evt.wait() for item 1 ended because consumer-1 ran evt.set() for item 1" in w
        for w in words
    ), words
    assert any("thread.join() ended because creator ended" in w for w in words), words
    assert any("q.join() ended because consumer-1's q.task_done()" in w for w in words), words


def test_a_line_of_the_lesson_is_quoted_when_the_caller_knows_it(
    traces: dict[str, list[TraceEvent]],
) -> None:
    words = [c.words for c in find_causes(traces["tutorial"], lambda e: 42)]
    assert any(w.endswith("(lesson line 42)") for w in words)


def test_a_wait_that_nobody_ends_says_what_could_have_ended_it(
    traces: dict[str, list[TraceEvent]],
) -> None:
    events = traces["one-event-reused"]
    waits = [c for c in find_causes(events) if events[c.blocked].kind is Kind.WAIT]
    stuck = [c for c in waits if c.cause == STOP] + [
        c for c in unended(events) if events[c[0]].kind is Kind.WAIT
    ]
    assert stuck, "the lost wake-up left no wait unreleased"


@pytest.mark.parametrize("name", ["tutorial", "backpressure", "tutorial-verbatim"])
def test_the_exported_trace_has_a_flow_per_cause(
    traces: dict[str, list[TraceEvent]], name: str
) -> None:
    events = traces[name]
    causes = [c for c in find_causes(events) if c.cause != STOP]
    flows = [e for e in chrome_trace(events)["traceEvents"] if e.get("cat") == "cause"]
    starts = [f for f in flows if f["ph"] == "s"]
    ends = [f for f in flows if f["ph"] == "f"]
    assert len(starts) == len(ends) == len(causes) > 0
    assert {f["id"] for f in starts} == {f["id"] for f in ends}
    assert [f["name"] for f in ends] == [c.words for c in causes]

"""The pipeline computes the tutorial's results, for any number of consumers."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from threadcomm.core.config import RunConfig
from threadcomm.core.trace import Kind, Status

from .helpers import run

TUTORIAL = (5, 10, 13, -1)


@pytest.fixture(params=["default", "tiny-switch-interval"])
def switch_interval(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run each test as is, and again with thread switches forced as often as possible."""
    old = sys.getswitchinterval()
    if request.param != "default":
        sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def test_tutorial_run_doubles_each_item_in_order(switch_interval: None) -> None:
    summary, _ = run(RunConfig(items=TUTORIAL))
    assert summary.status is Status.COMPLETED
    assert [r.value for r in summary.results] == [10, 20, 26, -2]
    assert {r.thread for r in summary.results} == {"consumer-1"}


def test_one_consumer_keeps_order_without_handshake(switch_interval: None) -> None:
    items = tuple(range(2000))
    summary, _ = run(RunConfig(items=items, handshake=False))
    assert [r.value for r in summary.results] == [i * 2 for i in items]


@pytest.mark.parametrize("consumers", [2, 3, 8])
@pytest.mark.parametrize("handshake", [True, False])
def test_several_consumers_give_every_result_exactly_once(
    switch_interval: None, consumers: int, handshake: bool
) -> None:
    items = tuple(range(1000))
    summary, _ = run(RunConfig(items=items, consumers=consumers, handshake=handshake))
    assert summary.status is Status.COMPLETED
    assert sorted(r.index for r in summary.results) == list(range(1000))
    assert all(r.value == r.item * 2 for r in summary.results)  # type: ignore[operator]


def test_bounded_queue_never_holds_more_than_maxsize(switch_interval: None) -> None:
    summary, sink = run(RunConfig(items=tuple(range(300)), maxsize=2, handshake=False))
    assert summary.status is Status.COMPLETED
    depth = peak = 0
    for event in sink.events:  # PUT and GET are traced inside the queue's lock
        if event.kind in (Kind.PUT, Kind.SENTINEL_PUT):
            depth += 1
        elif event.kind in (Kind.GET, Kind.SENTINEL_GET):
            depth -= 1
        peak = max(peak, depth)
    assert peak <= 2
    assert any(e.kind is Kind.PUT_BLOCKED for e in sink.events) or peak == 2


def test_strings_and_decimals_are_doubled_as_python_does() -> None:
    summary, _ = run(RunConfig(items=("ab", 2.5, -1)))
    assert [r.value for r in summary.results] == ["abab", 5.0, -2]


def test_every_item_is_put_before_it_is_taken(switch_interval: None) -> None:
    _, sink = run(RunConfig(items=tuple(range(500)), consumers=3, handshake=False))
    seen_put: set[int] = set()
    for event in sink.events:
        if event.kind is Kind.PUT:
            seen_put.add(event.index)
        elif event.kind is Kind.GET:
            assert event.index in seen_put
    assert len(seen_put) == 500


def test_creator_waits_for_each_event_before_the_next_put() -> None:
    _, sink = run(RunConfig(items=TUTORIAL))
    creator = [e.kind for e in sink.events if e.thread == "creator"]
    body = [k for k in creator if k in (Kind.PUT, Kind.WAIT, Kind.WAIT_DONE)]
    assert body == [Kind.PUT, Kind.WAIT, Kind.WAIT_DONE] * 4


def test_each_set_comes_before_the_creator_wakes() -> None:
    _, sink = run(RunConfig(items=TUTORIAL))
    order = [(e.kind, e.index) for e in sink.events if e.kind in (Kind.SET, Kind.WAIT_DONE)]
    assert order == [(k, i) for i in range(4) for k in (Kind.SET, Kind.WAIT_DONE)]


def test_every_thread_reports_its_start_and_end() -> None:
    _, sink = run(RunConfig(items=TUTORIAL, consumers=2))
    starts = {e.thread for e in sink.events if e.kind is Kind.THREAD_START}
    ends = {e.thread for e in sink.events if e.kind is Kind.THREAD_END}
    assert starts == ends == {"creator", "consumer-1", "consumer-2", "coordinator"}

"""A consumer fault is reported, and the watchdog names every deadlock."""

from __future__ import annotations

import time

from threadcomm.core.config import RunConfig
from threadcomm.core.trace import Kind, Status

from .helpers import run


def test_consumer_fault_is_reported_with_its_item_and_releases_the_creator() -> None:
    summary, sink = run(RunConfig(items=(5, 10, 13, -1), fault_item=2))
    assert summary.status is Status.FAILED
    assert summary.failed and summary.failed[0][0] == 2
    assert "item 3 (13)" in summary.diagnosis
    assert [r.value for r in summary.results] == [10, 20, -2]  # -1 was still processed
    errors = [e for e in sink.events if e.kind is Kind.ERROR]
    assert errors and errors[0].value == 13


def test_accounting_adds_up_after_a_fault() -> None:
    summary, _ = run(RunConfig(items=tuple(range(10)), fault_item=4, consumers=3))
    done = {r.index for r in summary.results}
    failed = {i for i, _ in summary.failed}
    assert done | failed | set(summary.not_started) == set(range(10))
    assert not done & failed


def test_watchdog_names_the_creator_waiting_on_an_event_nobody_sets() -> None:
    began = time.monotonic()
    summary, sink = run(RunConfig(items=(5, 10, 13, -1), forget_set=True))
    assert time.monotonic() - began < 3.0
    assert summary.status is Status.DEADLOCK
    assert "creator waits in evt.wait() for item 1 (5)'s Event" in summary.diagnosis
    assert "never called evt.set()" in summary.diagnosis
    assert any(e.kind is Kind.DEADLOCK for e in sink.events)
    assert summary.not_started == [1, 2, 3]


def test_watchdog_explains_a_join_that_never_returns_without_task_done() -> None:
    summary, _ = run(RunConfig(items=(5, 10, 13, -1), forget_task_done=True))
    assert summary.status is Status.DEADLOCK
    assert "q.join()" in summary.diagnosis
    assert "task_done() was not called" in summary.diagnosis
    assert [r.value for r in summary.results] == [10, 20, 26, -2]


def test_a_consumer_with_no_way_to_stop_is_called_a_hang_not_a_deadlock() -> None:
    summary, _ = run(RunConfig(items=(5, 10), no_stop=True))
    assert summary.status is Status.HANG
    assert summary.diagnosis.startswith("Hang:")
    assert "Deadlock" not in summary.diagnosis
    assert "consumer-1 waits in q.get()" in summary.diagnosis
    assert "no way to" in summary.diagnosis


def test_a_slow_but_live_run_is_not_called_a_deadlock() -> None:
    summary, _ = run(RunConfig(items=(5, 10, 13), delay=0.3, deadlock_after=0.2))
    assert summary.status is Status.COMPLETED

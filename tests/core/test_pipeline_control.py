"""Stop, pause, resume, step and delay: every thread answers within the limits."""

from __future__ import annotations

import time

import pytest

from tests.support.waiting import wait_until
from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.scheduler import at_rest
from threadcomm.core.trace import OPERATION_KINDS, RecordingSink, State, Status

from .helpers import operations, state_of

STOP_LIMIT_S = 0.2
SLOW_WATCHDOG = 60.0  # keep the watchdog out of the way while a blocked state is examined


def _start(config: RunConfig, *, paused: bool = False) -> tuple[Pipeline, RecordingSink]:
    sink = RecordingSink()
    pipeline = Pipeline(config, sink)
    if paused:
        pipeline.pause()
    pipeline.start()
    return pipeline, sink


def _stop_and_time(pipeline: Pipeline, sink: RecordingSink) -> float:
    began = time.monotonic()
    pipeline.stop()
    assert pipeline.wait(5)
    elapsed = time.monotonic() - began
    assert sink.summary is not None
    assert sink.summary.status is Status.STOPPED
    return elapsed


def _blocked_in_wait_and_get() -> tuple[Pipeline, RecordingSink]:
    pipeline, sink = _start(
        RunConfig(items=(5, 10), forget_set=True, deadlock_after=SLOW_WATCHDOG)
    )
    wait_until(lambda: state_of(pipeline, "creator") is State.BLOCKED_WAIT, what="evt.wait")
    wait_until(lambda: state_of(pipeline, "consumer-1") is State.BLOCKED_GET, what="q.get")
    return pipeline, sink


def _blocked_in_put() -> tuple[Pipeline, RecordingSink]:
    config = RunConfig(items=tuple(range(5)), maxsize=1, handshake=False)
    pipeline, sink = _start(config, paused=True)
    for _ in range(3):  # announce, put item 0, put item 1 -> the queue is full
        pipeline.step("creator")
    wait_until(lambda: state_of(pipeline, "creator") is State.BLOCKED_PUT, what="q.put")
    return pipeline, sink


def _blocked_in_join() -> tuple[Pipeline, RecordingSink]:
    pipeline, sink = _start(
        RunConfig(items=(5, 10), forget_task_done=True, deadlock_after=SLOW_WATCHDOG)
    )
    wait_until(lambda: state_of(pipeline, "coordinator") is State.BLOCKED_JOIN, what="q.join")
    return pipeline, sink


def _paused() -> tuple[Pipeline, RecordingSink]:
    pipeline, sink = _start(RunConfig(items=(5, 10)), paused=True)
    wait_until(lambda: len(pipeline.gate.parked()) == 2, what="both workers parked")
    return pipeline, sink


def _sleeping() -> tuple[Pipeline, RecordingSink]:
    pipeline, sink = _start(RunConfig(items=(5, 10), delay=5.0))
    wait_until(lambda: state_of(pipeline, "creator") is State.PACING, what="sleeping")
    return pipeline, sink


@pytest.mark.parametrize(
    "blocked",
    [_blocked_in_wait_and_get, _blocked_in_put, _blocked_in_join, _paused, _sleeping],
    ids=["evt.wait+q.get", "full q.put", "q.join", "paused", "sleeping"],
)
def test_stop_ends_every_thread_within_200ms(blocked) -> None:  # type: ignore[no-untyped-def]
    pipeline, sink = blocked()
    assert _stop_and_time(pipeline, sink) < STOP_LIMIT_S
    assert not pipeline.is_running()


def test_pause_holds_every_thread_and_resume_finishes() -> None:
    pipeline, sink = _start(RunConfig(items=(5, 10, 13, -1)), paused=True)
    wait_until(lambda: at_rest(pipeline), what="quiescent")
    assert sink.results == []
    assert operations(sink) == 0
    pipeline.resume()
    assert sink.done.wait(5)
    assert pipeline.wait(5)
    assert [r.value for r in sink.results] == [10, 20, 26, -2]


@pytest.mark.parametrize("steps", [1, 3, 7])
def test_k_step_tokens_advance_exactly_k_operations(steps: int) -> None:
    pipeline, sink = _start(RunConfig(items=(5, 10, 13, -1)), paused=True)
    try:
        wait_until(lambda: at_rest(pipeline), what="quiescent at start")
        for _ in range(steps):
            pipeline.step()
        wait_until(lambda: at_rest(pipeline), what="quiescent after steps")
        assert operations(sink) == steps
    finally:
        pipeline.stop()
        assert pipeline.wait(5)


def test_step_presses_are_not_lost_when_given_at_once() -> None:
    pipeline, sink = _start(RunConfig(items=(5, 10)), paused=True)
    try:
        for _ in range(5):  # pressed before any thread has parked
            pipeline.step()
        wait_until(lambda: at_rest(pipeline), what="quiescent")
        assert operations(sink) == 5
    finally:
        pipeline.stop()
        assert pipeline.wait(5)


def test_stepping_a_chosen_thread_advances_only_it() -> None:
    pipeline, sink = _start(RunConfig(items=(5, 10), handshake=False), paused=True)
    try:
        wait_until(lambda: at_rest(pipeline), what="quiescent")
        for _ in range(3):
            pipeline.step("creator")
        wait_until(lambda: at_rest(pipeline), what="quiescent")
        ops = [e for e in sink.events if e.kind in OPERATION_KINDS]
        assert [e.thread for e in ops] == ["creator"] * 3
    finally:
        pipeline.stop()
        assert pipeline.wait(5)


def test_changing_the_delay_takes_effect_at_once() -> None:
    pipeline, sink = _start(RunConfig(items=(5, 10, 13, -1), delay=5.0))
    wait_until(lambda: state_of(pipeline, "creator") is State.PACING, what="sleeping")
    pipeline.set_delay(0.0)
    assert sink.done.wait(3), "a 5 s sleep was not cut short by the new delay"
    assert pipeline.wait(5)
    assert [r.value for r in sink.results] == [10, 20, 26, -2]


def test_stopped_run_accounts_for_every_item() -> None:
    pipeline, sink = _start(RunConfig(items=tuple(range(20)), delay=0.02))
    wait_until(lambda: len(sink.results) >= 2, what="two results")
    pipeline.stop()
    assert pipeline.wait(5)
    summary = sink.summary
    assert summary is not None
    assert summary.status is Status.STOPPED
    accounted = [r.index for r in summary.results] + summary.not_started
    accounted += [i for i, _ in summary.failed]
    assert sorted(accounted) == list(range(20))
    assert summary.not_started  # the run really was cut short


def test_stop_pressed_after_the_work_is_done_does_not_call_the_run_stopped() -> None:
    sink = RecordingSink()
    pipeline = Pipeline(RunConfig(items=(5, 10)), sink)
    pipeline.start()
    wait_until(lambda: len(sink.results) == 2 and not pipeline.queue.unfinished_tasks, what="done")
    pipeline.stop()
    assert pipeline.wait(5)
    assert sink.summary is not None
    assert sink.summary.status is Status.COMPLETED

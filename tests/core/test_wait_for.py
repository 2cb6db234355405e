"""The wait-for picture: who waits on what, who holds the key, and what can never move."""

from __future__ import annotations

import pytest

from tests.support.waiting import wait_until
from threadcomm.core.config import RunConfig
from threadcomm.core.mistake_run import new_pipeline
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.scenarios import load_scenarios
from threadcomm.core.scheduler import at_rest
from threadcomm.core.trace import Kind, RecordingSink, State, Status, TraceEvent
from threadcomm.core.wait_for import WaitFor, planned_sentinels, wait_for
from threadcomm.core.wait_history import WaitHistory
from threadcomm.core.wait_keys import Verdict

_SCENARIOS = {s.name: s for s in load_scenarios()[0]}


def _picture(config: RunConfig, events: list[TraceEvent]) -> WaitFor:
    history = WaitHistory(config.items, config.maxsize, planned_sentinels(config))
    history.add(events)
    return wait_for(history)


def _deadlocked(name: str) -> tuple[WaitFor, Status]:
    config = _SCENARIOS[name].run_config(delay=0.0, deadlock_after=0.3)
    sink = RecordingSink()
    pipeline = new_pipeline(config, sink)
    pipeline.start()
    try:
        assert sink.done.wait(15), f"{name} did not finish"
    finally:
        pipeline.stop()
        assert pipeline.wait(5)
    assert sink.summary is not None
    return _picture(config, list(sink.events)), sink.summary.status


def test_forgot_set_nobody_can_ever_set_the_event_the_consumer_took() -> None:
    picture, status = _deadlocked("forgot-set")
    assert status is Status.DEADLOCK
    assert picture.frozen == "deadlock"
    creator = picture.wait_of("creator")
    assert creator is not None and creator.verdict is Verdict.NO_WAKER
    assert creator.target == "the Event of item 1 (5)"
    assert creator.release is Kind.SET
    assert (
        "nobody can ever set the Event of item 1 (5): "
        "consumer-1 took it and moved on without evt.set()"
    ) in creator.words
    consumer = picture.wait_of("consumer-1")
    assert consumer is not None and consumer.target == "the queue (empty)"
    assert "creator" in consumer.wakers and consumer.verdict is Verdict.STUCK_BEHIND
    main = picture.wait_of("coordinator")
    assert main is not None and main.wakers == ("creator",) and main.stuck
    assert picture.headline() == "No blocked thread can ever move."


def test_forgot_task_done_the_count_can_never_reach_zero() -> None:
    picture, _ = _deadlocked("forgot-task-done")
    main = picture.wait_of("coordinator")
    assert main is not None and main.verdict is Verdict.NO_WAKER
    assert main.target.startswith("the unfinished-task count (")
    assert "consumer-1 took item 1 (5), item 2 (10), item 3 (13)" in main.why
    assert main.why.endswith("moved on without q.task_done()")
    consumer = picture.wait_of("consumer-1")
    assert consumer is not None and consumer.wakers == ("coordinator",)


def test_a_lost_wake_up_says_the_consumer_cleared_the_event() -> None:
    picture, _ = _deadlocked("one-event-reused")
    creator = picture.wait_of("creator")
    assert creator is not None and creator.verdict is Verdict.NO_WAKER
    assert "consumer-1 set it and then cleared it (evt.clear())" in creator.why
    assert "the wake-up was lost" in creator.why


def test_a_consumer_that_died_before_evt_set_is_named_with_its_error() -> None:
    picture, _ = _deadlocked("task-done-twice")
    creator = picture.wait_of("creator")
    assert creator is not None and creator.verdict is Verdict.NO_WAKER
    assert "consumer-1 took it and ended before evt.set() (it died of ValueError" in creator.why


def test_one_sentinel_for_two_consumers_leaves_one_waiting_on_an_empty_queue() -> None:
    picture, _ = _deadlocked("one-sentinel-two-consumers")
    waits = [w for w in picture.waits if w.call == "q.get()"]
    assert len(waits) == 1 and waits[0].verdict is Verdict.NO_WAKER
    assert "the creator has ended and coordinator already put its 1 sentinel(s)" in waits[0].why
    main = picture.wait_of("coordinator")
    assert main is not None and main.call == "thread.join()" and main.stuck


def test_the_verbatim_tutorials_main_puts_no_sentinel() -> None:
    picture, status = _deadlocked("tutorial-verbatim")
    assert status is Status.HANG
    consumer = picture.wait_of("consumer-1")
    assert consumer is not None and consumer.verdict is Verdict.NO_WAKER
    assert "coordinator puts no sentinel in this program" in consumer.why


def test_a_completed_run_has_nothing_blocked() -> None:
    picture, status = _deadlocked("tutorial")
    assert status is Status.COMPLETED
    assert not picture.blocked
    assert picture.headline() == "Nothing is blocked."
    assert set(picture.states.values()) == {str(State.ENDED)}


def _step(pipeline: Pipeline, thread: str) -> None:
    pipeline.step(thread)
    wait_until(lambda: at_rest(pipeline), what=f"{thread}'s step")


def test_a_paused_tutorial_run_names_the_consumer_that_holds_the_key() -> None:
    config = RunConfig(items=(5, 10, 13), delay=0.0)
    sink = RecordingSink()
    pipeline = Pipeline(config, sink)
    pipeline.pause()
    pipeline.start()
    try:
        wait_until(lambda: at_rest(pipeline), what="at rest")
        for _ in range(3):  # announce, put item 1, evt.wait()
            _step(pipeline, "creator")
        picture = _picture(config, list(sink.events))
        creator = picture.wait_of("creator")
        assert creator is not None and creator.verdict is Verdict.CAN_WAKE
        assert creator.wakers == ("consumer-1",)
        assert "item 1 (5) is on the queue" in creator.why
        _step(pipeline, "consumer-1")  # q.get(): item 1
        picture = _picture(config, list(sink.events))
        creator = picture.wait_of("creator")
        assert creator is not None and creator.wakers == ("consumer-1",)
        assert creator.why == "consumer-1 has item 1 (5) and must run evt.set()"
        assert not any(w.stuck for w in picture.waits)
        assert picture.states["consumer-1"].startswith("paused")
        assert picture.frozen == ""
    finally:
        pipeline.stop()
        assert pipeline.wait(5)


def _event(thread: str, kind: Kind, index: int = -1, detail: str = "") -> TraceEvent:
    return TraceEvent(0, thread, kind, index, None, detail)


def test_threads_that_wait_for_each_other_are_shown_as_a_cycle() -> None:
    # A main that joins the consumer before putting its sentinel: each waits for the other.
    history = WaitHistory((5,), sentinels=1)
    history.add(
        [
            _event("creator", Kind.THREAD_START),
            _event("consumer-1", Kind.THREAD_START),
            _event("coordinator", Kind.THREAD_START),
            _event("creator", Kind.PUT, 0),
            _event("creator", Kind.THREAD_END),
            _event("consumer-1", Kind.GET, 0),
            _event("consumer-1", Kind.SET, 0),
            _event("consumer-1", Kind.TASK_DONE, 0),
            _event("consumer-1", Kind.GET_BLOCKED),
            _event("coordinator", Kind.JOIN_THREADS, detail="consumer-1"),
        ]
    )
    picture = wait_for(history)
    assert set(picture.cycle) == {"consumer-1", "coordinator"}
    assert {w.verdict for w in picture.waits} == {Verdict.CYCLE}
    assert picture.headline().startswith("A cycle: ")
    assert "each waits for the next, so none can move" in picture.headline()


@pytest.mark.parametrize(
    ("mistake", "no_stop", "sentinels"),
    [("", False, 2), ("", True, 0), ("verbatim", False, 0), ("one_sentinel", False, 1)],
)
def test_planned_sentinels_follow_the_program(mistake: str, no_stop: bool, sentinels: int) -> None:
    config = RunConfig(items=(1,), consumers=2, mistake=mistake, no_stop=no_stop)
    assert planned_sentinels(config) == sentinels

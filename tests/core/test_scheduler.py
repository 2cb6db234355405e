"""You are the scheduler: step a chosen thread, and replay an interleaving from its seed."""

from __future__ import annotations

import pytest

from tests.support.waiting import wait_until
from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.scheduler import SeededScheduler, at_rest, why_not_steppable
from threadcomm.core.trace import OPERATION_KINDS, RecordingSink, Status


def _paused_run(config: RunConfig) -> tuple[Pipeline, RecordingSink]:
    sink = RecordingSink()
    pipeline = Pipeline(config, sink)
    pipeline.pause()
    pipeline.start()
    wait_until(lambda: at_rest(pipeline), what="at rest")
    return pipeline, sink


def _drive(seed: int, config: RunConfig) -> list[tuple[str, str, int]]:
    """Run to the end with the seeded scheduler; return the statements in order."""
    pipeline, sink = _paused_run(config)
    scheduler = SeededScheduler(pipeline, seed)
    try:
        wait_until(
            lambda: (scheduler.tick(), sink.done.is_set())[1], timeout_ms=30_000, what="end"
        )
    finally:
        pipeline.stop()
        assert pipeline.wait(5)
    assert sink.summary is not None and sink.summary.status is Status.COMPLETED
    return [(e.thread, str(e.kind), e.index) for e in sink.events if e.kind in OPERATION_KINDS]


CONFIG = RunConfig(items=(1, 2, 3, 4, 5, 6), consumers=3, handshake=False, maxsize=2)
# With one consumer, the seed alone decides the order. With several, two consumers
# may both wait in q.get(), and which of them takes the next item is the OS's choice.
ONE_CONSUMER = RunConfig(items=(1, 2, 3, 4, 5, 6), consumers=1, handshake=False, maxsize=2)


def test_the_same_seed_replays_the_same_interleaving() -> None:
    first = _drive(7, ONE_CONSUMER)
    second = _drive(7, ONE_CONSUMER)
    assert first == second
    assert {thread for thread, _, _ in first} == {"creator", "consumer-1"}


def test_different_seeds_give_different_interleavings() -> None:
    runs = {tuple(_drive(seed, ONE_CONSUMER)) for seed in (1, 2, 3)}
    assert len(runs) > 1


def test_stepping_one_consumer_advances_only_it() -> None:
    pipeline, sink = _paused_run(RunConfig(items=(5, 10), consumers=2, handshake=False))
    try:
        for _ in range(3):  # announce, put 5, put 10
            pipeline.step("creator")
        wait_until(lambda: at_rest(pipeline), what="at rest")
        before = len([e for e in sink.events if e.kind in OPERATION_KINDS])
        pipeline.step("consumer-2")
        wait_until(lambda: at_rest(pipeline), what="at rest")
        new = [e for e in sink.events if e.kind in OPERATION_KINDS][before:]
        assert [(e.thread, str(e.kind)) for e in new] == [("consumer-2", "get")]
    finally:
        pipeline.stop()
        assert pipeline.wait(5)


def test_a_blocked_thread_cannot_be_stepped_and_says_who_can_release_it() -> None:
    pipeline, _ = _paused_run(RunConfig(items=(5, 10)))
    try:
        for _ in range(3):  # announce, put 5, print + evt.wait()
            pipeline.step("creator")
        wait_until(lambda: at_rest(pipeline), what="at rest")
        reason = why_not_steppable(pipeline, "creator")
        assert reason is not None
        assert "blocked in evt.wait() for item 1" in reason
        assert "a consumer's evt.set()" in reason
        assert why_not_steppable(pipeline, "consumer-1") is None
    finally:
        pipeline.stop()
        assert pipeline.wait(5)


def test_stepping_needs_a_paused_run() -> None:
    sink = RecordingSink()
    pipeline = Pipeline(RunConfig(items=(5,), delay=5.0), sink)
    pipeline.start()
    try:
        assert why_not_steppable(pipeline, "creator") == "the run is not paused: press Pause first"
    finally:
        pipeline.stop()
        assert pipeline.wait(5)


@pytest.mark.parametrize("seed", [0, 11])
def test_a_seeded_run_still_computes_every_result(seed: int) -> None:
    operations = _drive(seed, CONFIG)
    processed = sorted(i for _, kind, i in operations if kind == "process")
    assert processed == list(range(6))

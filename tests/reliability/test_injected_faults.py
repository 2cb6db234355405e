"""Faults injected where they hurt: the run ends, says so, and accounts for every item."""

from __future__ import annotations

import pytest

from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import Kind, RecordingSink, Result, Status, TraceEvent


class FailingSink(RecordingSink):
    """Raises when a chosen thread reports a chosen kind for the n-th time."""

    def __init__(self, thread: str, kind: Kind, nth: int) -> None:
        super().__init__()
        self._thread, self._kind, self._left = thread, kind, nth

    def trace(self, event: TraceEvent) -> None:
        if event.thread == self._thread and event.kind is self._kind:
            self._left -= 1
            if self._left == 0:
                raise OSError("injected fault")
        super().trace(event)


@pytest.mark.parametrize(
    ("thread", "kind"),
    [
        ("creator", Kind.PUT),
        ("creator", Kind.WAIT),
        ("consumer-1", Kind.GET),
        ("consumer-1", Kind.SET),
        ("consumer-1", Kind.TASK_DONE),
        ("coordinator", Kind.JOIN),
    ],
)
def test_a_sink_that_fails_mid_statement_ends_the_run_as_failed_without_blaming_the_thread(
    thread: str, kind: Kind
) -> None:
    sink = FailingSink(thread, kind, nth=1 if thread == "coordinator" else 2)
    pipeline = Pipeline(RunConfig(items=(5, 10, 13, -1)), sink)
    pipeline.start()
    assert sink.done.wait(5), "the run hung after a crash"
    assert pipeline.wait(5)
    summary = sink.summary
    assert summary is not None
    assert summary.status is Status.FAILED
    assert "the run's output failed: OSError: injected fault" in summary.diagnosis
    assert "crashed" not in summary.diagnosis  # the sink failed, not the thread's own work
    done = {r.index for r in summary.results} | {i for i, _ in summary.failed}
    assert done | set(summary.not_started) == {0, 1, 2, 3}


class FailingResultSink(RecordingSink):
    def result(self, result: Result) -> None:
        if result.index == 1:
            raise RuntimeError("the receiver of results failed")
        super().result(result)


def test_a_failing_result_receiver_ends_the_run_as_failed_not_hung() -> None:
    sink = FailingResultSink()
    pipeline = Pipeline(RunConfig(items=(5, 10, 13, -1), consumers=2), sink)
    pipeline.start()
    assert sink.done.wait(5)
    assert pipeline.wait(5)
    assert sink.summary is not None
    assert sink.summary.status is Status.FAILED
    assert "the receiver of results failed" in sink.summary.diagnosis
    assert "crashed" not in sink.summary.diagnosis


@pytest.mark.parametrize("maxsize", [0, 1])
def test_a_fault_in_a_threads_own_work_names_the_thread(
    monkeypatch: pytest.MonkeyPatch, maxsize: int
) -> None:
    sink = RecordingSink()
    pipeline = Pipeline(RunConfig(items=(5, 10, 13, -1), maxsize=maxsize), sink)

    def broken_put(*args: object, **kwargs: object) -> None:
        raise OSError("injected fault in q.put()")

    monkeypatch.setattr(pipeline.queue, "put", broken_put)
    pipeline.start()
    assert sink.done.wait(5), "the run hung after a crash"
    assert pipeline.wait(5)
    assert sink.summary is not None
    assert sink.summary.status is Status.FAILED
    assert "creator crashed: OSError: injected fault in q.put()" in sink.summary.diagnosis

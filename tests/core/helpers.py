"""Run a real Pipeline and wait for it, with every wait bounded."""

from __future__ import annotations

from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import RecordingSink, State, Summary, count_statements


def run(config: RunConfig, timeout: float = 10.0) -> tuple[Summary, RecordingSink]:
    """Run to the end; fail if it takes longer than ``timeout``."""
    sink = RecordingSink()
    pipeline = Pipeline(config, sink)
    pipeline.start()
    try:
        assert sink.done.wait(timeout), "the run did not finish"
    finally:
        pipeline.stop()
        assert pipeline.wait(5)
    assert sink.summary is not None
    return sink.summary, sink


def state_of(pipeline: Pipeline, thread: str) -> State | None:
    view = pipeline.states().get(thread)
    return None if view is None else view.state


def operations(sink: RecordingSink) -> int:
    """Statements the workers started (a blocked q.get() counts once, when it blocks)."""
    return count_statements(list(sink.events))

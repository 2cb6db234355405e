"""A run's last trace event belongs to that run: shown before it ends, never in the next one.

The coordinator reports ``run_finished`` and only then its own THREAD_END. A
thread can be descheduled between any two statements, so the tests widen that
gap on purpose (a 300 ms pause inside the bridge's trace call for that one
event) instead of waiting for a loaded machine to do it.
"""

from __future__ import annotations

import time

import pytest
from pytestqt.qtbot import QtBot

from tests.support.waiting import wait_until
from threadcomm.core.config import RunConfig
from threadcomm.core.trace import Kind, State, TraceEvent
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow

#: How long the coordinator is held between run_finished and its THREAD_END.
LATE_S = 0.3


@pytest.fixture
def late_coordinator_end(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold the coordinator for LATE_S just before its THREAD_END reaches the bridge."""
    bridge = window.controller.bridge
    original = bridge.trace

    def trace(event: TraceEvent) -> None:
        if event.thread == "coordinator" and event.kind is Kind.THREAD_END:
            time.sleep(LATE_S)  # in the coordinator thread, never the GUI thread
        original(event)

    monkeypatch.setattr(bridge, "trace", trace)


def _run_to_the_end(qtbot: QtBot, window: MainWindow, config: RunConfig) -> None:
    assert window.start(config)
    wait_until(lambda: window.controller.state is RunState.FINISHED, qtbot=qtbot)


@pytest.mark.usefixtures("late_coordinator_end")
def test_a_finished_run_shows_no_thread_alive(qtbot: QtBot, window: MainWindow) -> None:
    _run_to_the_end(qtbot, window, RunConfig((5, 10, 13, -1)))
    pipeline = window.controller.pipeline
    assert pipeline is not None
    assert pipeline.wait(2 * LATE_S + 1)  # every thread has really ended now
    wait_until(lambda: window.controller.bridge.pending == 0, qtbot=qtbot)  # and all was drained
    window.status.refresh()
    coordinator = window.controller.model.threads["coordinator"].state
    assert coordinator is State.ENDED, f"the finished run's coordinator is shown {coordinator}"
    assert window.status.text("threads") == "Threads alive: 0"


@pytest.mark.usefixtures("late_coordinator_end")
def test_the_next_run_never_shows_the_previous_runs_events(
    qtbot: QtBot, window: MainWindow
) -> None:
    _run_to_the_end(qtbot, window, RunConfig((5, 10, 13, -1)))
    old = window.controller.pipeline
    assert old is not None
    assert window.start(RunConfig((7,), delay=2.0))  # at once, as a person may
    new = window.controller.pipeline
    assert new is not None and new is not old
    assert old.wait(2 * LATE_S + 1)
    wait_until(lambda: window.controller.bridge.pending == 0, qtbot=qtbot)  # all drained
    assert new.is_running()
    shown = window.controller.model.threads["coordinator"].state
    assert shown is not State.ENDED, "the running coordinator is shown as ended"
    window.stop_button.click()
    wait_until(lambda: not window.controller.active, qtbot=qtbot)

"""Fixtures for the window's tests: a MainWindow with its own settings file, and a driver.

No test reads or writes the person's real settings: QSettings' INI path is
redirected to the test's tmp_path, and every window gets an explicit file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from tests.qt_settings import private_settings  # noqa: F401 (an autouse fixture)
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import BLOCKED_STATES, State, TraceEvent, count_statements
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow

#: Longest any test waits for a run to reach a state (generous: the machine is shared).
WAIT_MS = 10_000


def settings_file(path: Path) -> QSettings:
    """A QSettings object reading and writing one INI file."""
    return QSettings(str(path), QSettings.Format.IniFormat)


class Driver:
    """Drives a MainWindow the way a person would and reads back what it shows."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window
        self.events: list[TraceEvent] = []  # every event the model applied in this run
        window.controller.model.events_applied.connect(self._count)
        window.controller.model.reset_done.connect(self._reset)

    def _count(self, batch: list[TraceEvent]) -> None:
        self.events.extend(batch)

    def _reset(self) -> None:
        self.events = []

    @property
    def ops(self) -> int:
        """Statements the workers started in this run (one per step while paused)."""
        return count_statements(self.events)

    # -- finding and clicking ----------------------------------------------

    def button(self, name: str) -> QAbstractButton:
        button = self.window.findChild(QAbstractButton, name)
        assert button is not None, f"no button called {name}"
        return button

    def click(self, name: str) -> None:
        button = self.button(name)
        assert button.isEnabled(), f"{name} is disabled"
        button.click()

    @property
    def state(self) -> RunState:
        return self.window.controller.state

    @property
    def pipeline(self) -> Pipeline:
        pipeline = self.window.controller.pipeline
        assert pipeline is not None
        return pipeline

    # -- waiting -----------------------------------------------------------

    def wait_for(self, condition: Callable[[], object], timeout_ms: int = WAIT_MS) -> None:
        def check() -> None:
            assert condition()

        self.qtbot.waitUntil(check, timeout=timeout_ms)

    def wait_state(self, *states: RunState, timeout_ms: int = WAIT_MS) -> float:
        """Wait until the controller is in one of ``states``; return how long it took (s)."""
        started = time.monotonic()
        self.wait_for(lambda: self.state in states, timeout_ms)
        return time.monotonic() - started

    def wait_finished(self, timeout_ms: int = WAIT_MS) -> None:
        self.wait_state(RunState.FINISHED, RunState.IDLE, timeout_ms=timeout_ms)
        self.wait_for(lambda: not self.pipeline.is_running())

    def quiescent(self) -> bool:
        """A paused run at rest: no step pending, every worker parked or truly blocked,
        and every trace event applied to the model."""
        pipeline = self.pipeline
        if pipeline.gate.pending_steps() or self.window.controller.bridge.pending:
            return False
        parked = set(pipeline.gate.parked())
        states = pipeline.states()
        for name in ("creator", *pipeline.consumer_names):
            view = states.get(name)
            if view is None:
                return False
            if view.state is State.ENDED or name in parked:
                continue
            if view.state not in BLOCKED_STATES or view.event_set:
                return False
            if view.state is State.BLOCKED_GET and pipeline.queue.qsize():
                return False
        return True

    def wait_quiescent(self) -> None:
        self.wait_for(self.quiescent)
        # ...and the model has applied the last events too.
        self.wait_for(lambda: self.window.controller.bridge.pending == 0)

    # -- reading what the window shows -----------------------------------

    def table_column(self, column: int) -> list[str]:
        model = self.window.results_table.model()
        return [str(model.index(row, column).data()) for row in range(model.rowCount())]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A shown MainWindow with a settings file of its own; closed and checked afterwards."""
    win = MainWindow(settings=settings_file(tmp_path / "threadcomm.ini"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    running = [
        f"{type(t.parent()).__name__}:{t.interval()}"
        for t in win.findChildren(QTimer)
        if t.isActive()
    ]
    assert not running, f"timers still running after close: {running}"
    pipeline = win.controller.pipeline
    assert pipeline is None or not pipeline.is_running()


@pytest.fixture
def ui(qtbot: QtBot, window: MainWindow) -> Driver:
    """A driver for the window fixture."""
    return Driver(qtbot, window)

"""The driver: uses a MainWindow the way a person would and reads back what it shows."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractButton

from tests.support.waiting import WAIT_MS, wait_until
from threadcomm.core.trace import count_statements
from threadcomm.gui.run.controller import RunState

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot

    from threadcomm.core.pipeline import Pipeline
    from threadcomm.core.trace import TraceEvent
    from threadcomm.gui.window.main_window import MainWindow

__all__ = ["Driver"]


class Driver:
    """Drives a MainWindow the way a person would and reads back what it shows.

    Parameters
    ----------
    qtbot
        The test's bot, for waiting with the event loop running.
    window
        The window to drive.
    """

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window
        #: Every trace event the model applied in this run.
        self.events: list[TraceEvent] = []
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
        """The window's button whose object name is ``name``."""
        button = self.window.findChild(QAbstractButton, name)
        assert button is not None, f"no button called {name}"
        return button

    def click(self, name: str) -> None:
        """Click the button ``name``; fail if it is disabled."""
        button = self.button(name)
        assert button.isEnabled(), f"{name} is disabled"
        button.click()

    @property
    def state(self) -> RunState:
        """The run controller's state."""
        return self.window.controller.state

    @property
    def pipeline(self) -> Pipeline:
        """The current (or last) run's pipeline; fail if there has been no run."""
        pipeline = self.window.controller.pipeline
        assert pipeline is not None
        return pipeline

    # -- waiting -----------------------------------------------------------

    def wait_for(self, condition: Callable[[], object], timeout_ms: int = WAIT_MS) -> None:
        """Process events until ``condition()`` is true; fail after ``timeout_ms``."""
        wait_until(condition, timeout_ms=timeout_ms, qtbot=self.qtbot)

    def wait_state(self, *states: RunState, timeout_ms: int = WAIT_MS) -> float:
        """Wait until the controller is in one of ``states``; return how long it took (s)."""
        started = time.monotonic()
        self.wait_for(lambda: self.state in states, timeout_ms)
        return time.monotonic() - started

    def wait_finished(self, timeout_ms: int = WAIT_MS) -> None:
        """Wait until the run has ended and its threads are gone."""
        self.wait_state(RunState.FINISHED, RunState.IDLE, timeout_ms=timeout_ms)
        self.wait_for(lambda: not self.pipeline.is_running())

    def quiescent(self) -> bool:
        """A paused run at rest whose every trace event the model has applied.

        At rest is the controller's (:func:`threadcomm.core.scheduler.at_rest`). It is
        asked first: once no worker can move, no new event can arrive, so an empty
        bridge stays empty.
        """
        controller = self.window.controller
        return controller.at_rest() and not controller.bridge.pending

    def wait_quiescent(self) -> None:
        """Wait until :meth:`quiescent`."""
        self.wait_for(self.quiescent)

    # -- reading what the window shows -----------------------------------

    def table_column(self, column: int) -> list[str]:
        """The results table's texts in ``column``, top to bottom."""
        model = self.window.results_table.model()
        return [str(model.index(row, column).data()) for row in range(model.rowCount())]

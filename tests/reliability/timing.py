"""What the reliability tests time, the bounds they hold it to, and the session's report.

Every time passed to :func:`measure` is printed at the end of the session
(``pytest_terminal_summary`` in this folder's conftest).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from threadcomm.gui.window.main_window import MainWindow

__all__ = ["CLOSE_LIMIT_S", "MEASURED", "STOP_BOUND_S", "STOP_LIMIT_S", "StateClock", "measure"]

#: Stop ends every thread's blocking call within 200 ms: each wait is bounded
#: (``Event.wait(timeout)`` loops, sentinels, interruptible sleeps), never ``time.sleep``.
STOP_BOUND_S = 0.2
#: What the tests assert for one Stop: the bound with a wide margin for a loaded machine.
STOP_LIMIT_S = 1.0
#: closeEvent joins for at most 1 s; the assertion leaves room for the rest of closing.
CLOSE_LIMIT_S = 2.0

#: name -> seconds, printed at the end of the session.
MEASURED: dict[str, float] = {}


def measure(name: str, seconds: float) -> None:
    """Record a measured time for the terminal summary (the slowest one per name is kept)."""
    MEASURED[name] = max(seconds, MEASURED.get(name, 0.0))


class StateClock:
    """Notes when the controller enters each state (monotonic seconds), from its own signal."""

    def __init__(self, window: MainWindow) -> None:
        self.entered: dict[str, float] = {}
        window.controller.state_changed.connect(self._on_state_changed)

    def _on_state_changed(self, state: str) -> None:
        self.entered.setdefault(state, time.monotonic())

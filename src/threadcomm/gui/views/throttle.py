"""Run a refresh at most every so many milliseconds, and always once more after the last poke."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Throttle"]


class Throttle(QObject):
    """Calls ``callback`` on :meth:`poke`, but no more often than every ``interval_ms``.

    A poke that comes too soon schedules one trailing call, so the last change
    is always shown. The trailing timer is single-shot: it is idle unless a
    call is pending; :meth:`flush` runs the call at once, :meth:`cancel` drops it.
    """

    def __init__(self, interval_ms: int, callback: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._interval_ns = interval_ms * 1_000_000
        self._callback = callback
        self._last_ns = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)

    @Slot()
    def poke(self) -> None:
        """Something changed: refresh now, or soon."""
        if self._timer.isActive():
            return
        wait_ns = self._last_ns + self._interval_ns - time.monotonic_ns()
        if wait_ns <= 0:
            self._fire()
        else:
            self._timer.start(max(1, wait_ns // 1_000_000))

    @Slot()
    def flush(self) -> None:
        """Run a pending refresh now (or refresh anyway) and leave the timer idle."""
        self._timer.stop()
        self._fire()

    @Slot()
    def cancel(self) -> None:
        """Drop a pending refresh."""
        self._timer.stop()

    @Slot()
    def _fire(self) -> None:
        self._last_ns = time.monotonic_ns()
        self._callback()

"""``--self-test --exercise``: while the run goes, use the window as a person would.

A flood must not stall the window whatever the person does meanwhile. This
drives, on a schedule from the Start click: Pause and Resume, an export of the
trace (to a temporary file, removed afterwards), zooming the timeline in and
out, and raising every tabbed view in turn. Each action happens only while
the run is still going; the self-test's JSON lists the ones that did.
"""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QDockWidget

from threadcomm.gui.views.timeline.view import TimelineView

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadcomm.gui.window.main_window import MainWindow

__all__ = ["Exercise"]

#: (ms after Start, action name), in order.
_PLAN = (
    (300, "pause"),
    (600, "resume"),
    (900, "export"),
    (1200, "zoom in"),
    (1500, "zoom out"),
    (1800, "views"),
)
#: Between two raised views (ms).
_VIEW_STEP_MS = 150


class Exercise(QObject):
    """The schedule of actions on ``window``; :meth:`start` with the Start click."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.done: list[str] = []
        fd, self._export_path = tempfile.mkstemp(prefix="threadcomm-exercise-", suffix=".json")
        os.close(fd)
        self._docks: list[QDockWidget] = []
        self._timers: list[QTimer] = []

    def start(self) -> None:
        """Arm the schedule (call right after Start)."""
        actions: dict[str, Callable[[], None]] = {
            "pause": self._window.controller.pause,
            "resume": self._window.controller.resume,
            "export": self._export,
            "zoom in": lambda: self._zoom(4.0),
            "zoom out": lambda: self._zoom(0.25),
            "views": self._views,
        }
        for at_ms, name in _PLAN:
            self._after(at_ms, name, actions[name])

    def finish(self) -> None:
        """Stop the schedule; wait for the export and remove its file."""
        for timer in self._timers:
            timer.stop()
        self._window.exports.wait(10.0)
        try:
            os.unlink(self._export_path)
        except OSError:
            pass

    def _after(self, at_ms: int, name: str, action: Callable[[], None]) -> None:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(at_ms)

        def fire() -> None:
            if self._window.controller.active:
                action()
                self.done.append(name)

        timer.timeout.connect(fire)
        timer.start()
        self._timers.append(timer)

    def _export(self) -> None:
        exports = self._window.exports
        exports.ask_save_path = lambda *_: self._export_path
        exports.export_trace()

    def _zoom(self, factor: float) -> None:
        timeline = self._window.findChild(TimelineView, "timelineView")
        if timeline is not None:
            timeline.canvas.zoom(factor)

    def _views(self) -> None:
        self._docks = [d for d in self._window.findChildren(QDockWidget) if d.isVisible()]
        self._docks += [d for d in self._window.findChildren(QDockWidget) if not d.isVisible()]
        self._raise_next()

    @Slot()
    def _raise_next(self) -> None:
        if self._docks and self._window.controller.active:
            self._docks.pop(0).raise_()
            QTimer.singleShot(_VIEW_STEP_MS, self, self._raise_next)

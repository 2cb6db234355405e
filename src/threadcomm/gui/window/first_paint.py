"""Work that the window's first paint does not need: done just after that paint.

What no one sees at start (the Help text, for one) is loaded once the window
has painted, so opening the window never waits for it; whoever needs it
earlier loads it on demand, as :class:`~threadcomm.gui.window.help_panel.HelpPanel`
does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Slot

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

__all__ = ["after_first_paint"]


class _FirstPaintHook(QObject):
    """Watches ``window`` for its first Paint event, then runs ``work`` on the next pass."""

    def __init__(self, window: QWidget, work: Callable[[], None]) -> None:
        super().__init__(window)
        self._work = work
        self._window = window
        self._done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The first Paint of the window: run the work once the paint is done."""
        if event.type() == QEvent.Type.Paint and not self.__dict__.get("_done", True):
            self._done = True
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # dropped if the window goes first
        return False

    @Slot()
    def _run(self) -> None:
        self._work()


def after_first_paint(window: QWidget, work: Callable[[], None]) -> None:
    """Run ``work`` in the GUI thread just after ``window`` first paints.

    Nothing runs if the window is deleted before it paints; ``work`` must therefore
    also be safe to call on demand, earlier, by whoever needs its result first.
    """
    _FirstPaintHook(window, work)

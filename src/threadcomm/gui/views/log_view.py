"""The log: the tutorial's print lines as the threads reach them, tagged with thread and time.

Lines come from ``RunModel.log`` (a bounded deque of the print() events,
formatted here, so a flood formats only what is shown). Only the lines added
since the last refresh are appended, at most :data:`MAX_APPEND` at a time and
at most every :data:`REFRESH_MS`; in a flood the rest are summarised in one
"... N lines skipped ..." line, so the log costs the window almost nothing.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QFont, QFontDatabase, QResizeEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from threadcomm.core.datalist import elide
from threadcomm.core.trace import log_line
from threadcomm.gui.views.throttle import Throttle

if TYPE_CHECKING:
    from threadcomm.gui.run.model import RunModel

__all__ = ["MAX_APPEND", "MAX_BLOCKS", "REFRESH_MS", "LogView"]

#: Most lines appended in one refresh: a screenful or two; more would only scroll past unseen.
MAX_APPEND = 60
#: Most lines the view keeps; the oldest scroll away.
MAX_BLOCKS = 3_000
#: Shortest time between two refreshes.
REFRESH_MS = 100


class LogView(QPlainTextEdit):
    """``logView``: a read-only, bounded, append-only text view of the run's log."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, model: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logView")
        self.setAccessibleName("Log")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setMaximumBlockCount(MAX_BLOCKS)
        # Only the family is set: the size follows the window's (View > Zoom).
        font = QFont()
        font.setFamilies(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).families())
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.setPlaceholderText("The threads' print() lines appear here during a run.")
        self._model = model
        self._shown = 0  # model.log_total when last refreshed
        self._follow = True  # keep the newest line in view until the person scrolls up
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.throttle = Throttle(REFRESH_MS, self.refresh, self)
        model.reset_done.connect(self._on_reset)
        model.updated.connect(self.throttle.poke)
        model.finished.connect(self.throttle.flush)
        self._built = True

    @Slot()
    def refresh(self) -> None:
        """Append the lines logged since the last refresh (or a summary of them)."""
        model = self._model
        new = model.log_total - self._shown
        if new <= 0:
            return
        self._shown = model.log_total
        log = model.log
        count = min(new, len(log), MAX_APPEND)
        newest = list(islice(reversed(log), count))
        started = model.started_ns
        lines = [f"... {new - count:,} lines skipped ..."] if new > count else []
        lines.extend(
            f"{(ev.t_ns - started) / 1e9:8.3f} s  {ev.thread:<12}  {elide(log_line(ev) or '')}"
            for ev in reversed(newest)
        )
        self.appendPlainText("\n".join(lines))
        if self._follow:
            self._scroll_to_end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the newest line in view when the log gets smaller (e.g. a banner appears)."""
        follow = self._built and self._follow
        super().resizeEvent(event)
        if follow:
            self._scroll_to_end()

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
        self._follow = True

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        self._follow = value >= self.verticalScrollBar().maximum() - 1

    @Slot()
    def _on_reset(self) -> None:
        self.throttle.cancel()
        self.clear()
        self._shown = 0
        self._follow = True

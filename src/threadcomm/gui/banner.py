"""The banner above the results: problems in plain words, never a traceback.

It shows a failed item or a crashed thread as soon as the model hears of it,
a deadlock with the watchdog's explanation, and how a run ended when that is
worth saying (failed, deadlock, stopped). An icon and a leading word
("Problem", "Deadlock", "Stopped") carry the meaning as well as the colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget

from threadcomm.core.datalist import format_item
from threadcomm.core.trace import Status

if TYPE_CHECKING:
    from threadcomm.core.trace import Summary
    from threadcomm.gui.run_model import RunModel

__all__ = ["Banner", "summary_text"]

_FRAME = "QFrame#banner {{ background: {}; border: 2px solid {}; border-radius: 4px; }}"
_STYLES = {
    "error": _FRAME.format("#fde7e7", "#a40000"),
    "info": _FRAME.format("#e8f0fb", "#0072b2"),
}
_TEXT_STYLE = "color: #1a1a1a;"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_text(summary: Summary, items: tuple[object, ...]) -> tuple[str, str] | None:
    """(level, message) describing how a run ended, or None for a clean completion."""
    if summary.status is Status.DEADLOCK:
        return "error", summary.diagnosis or "Deadlock: no thread can make progress."
    if summary.status is Status.FAILED:
        parts = []
        if summary.failed:
            details = "; ".join(
                f"item {i + 1} ({format_item(items[i]) if i < len(items) else '?'}): {message}"  # type: ignore[arg-type]
                for i, message in summary.failed
            )
            parts.append(f"{_plural(len(summary.failed), 'item')} failed: {details}")
        crashes = [d for d in summary.diagnosis.split("; ") if " crashed: " in d]
        parts.extend(f"A thread crashed: {c}" for c in crashes)
        if not parts:
            parts.append(f"The run failed: {summary.diagnosis or 'no details were reported'}")
        done = len(summary.results)
        parts.append(f"{done} of {_plural(summary.items, 'item')} processed.")
        return "error", "\n".join(parts)
    if summary.status is Status.STOPPED:
        done, waiting = len(summary.results), len(summary.not_started)
        return "info", (
            f"Stopped: {done} of {_plural(summary.items, 'item')} processed"
            f"{f', {waiting} never finished' if waiting else ''}."
        )
    return None


class Banner(QFrame):
    """A hidden-by-default message strip; :meth:`show_message` and :meth:`clear`."""

    def __init__(self, run: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self._text.setObjectName("bannerText")
        self._text.setWordWrap(True)
        self._text.setStyleSheet(_TEXT_STYLE)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._text, 1)
        self._run = run
        self._errors_shown = 0
        self._deadlock_shown = False
        run.reset_done.connect(self.clear)
        run.updated.connect(self._on_updated)
        self.hide()

    def text(self) -> str:
        """The message shown ('' when hidden)."""
        return self._text.text() if not self.isHidden() else ""

    def show_message(self, level: str, message: str) -> None:
        """Show ``message``; ``level`` is "error" or "info"."""
        icon = QStyle.StandardPixmap.SP_MessageBoxWarning
        if level == "info":
            icon = QStyle.StandardPixmap.SP_MessageBoxInformation
        size = self.fontMetrics().height() * 2
        self._icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.setStyleSheet(_STYLES.get(level, _STYLES["error"]))
        self._text.setText(message)
        self.show()

    @Slot()
    def clear(self) -> None:
        """Hide the banner; forget what was shown."""
        self._errors_shown = 0
        self._deadlock_shown = False
        self._text.setText("")
        self.hide()

    @Slot(object)
    def show_summary(self, summary: Summary) -> None:
        """Say how the run ended if it did not simply complete."""
        described = summary_text(summary, self._run.items)
        if described is not None:
            self.show_message(*described)

    @Slot()
    def _on_updated(self) -> None:
        run = self._run
        if run.deadlock and not self._deadlock_shown:
            self._deadlock_shown = True
            self.show_message("error", run.deadlock)
        elif len(run.errors) > self._errors_shown and not self._deadlock_shown:
            self._errors_shown = len(run.errors)
            errors = run.errors
            head = f"Problem: {_plural(len(errors), 'error')} so far. Latest: {errors[-1]}"
            self.show_message("error", head)

"""The banner above the results: problems in plain words, never a traceback.

It shows a failed item or a crashed thread as soon as the model hears of it,
a deadlock with the watchdog's explanation, and how a run ended when that is
worth saying (failed, deadlock, stopped). An icon and a leading word
("Problem", "Deadlock", "Stopped") carry the meaning as well as the colour.

Its colours are the theme's (:attr:`threadcomm.gui.theme.colors.ViewColors.banner`):
a tinted box with dark text on light, a dark tinted one with light text on
dark, white text on black with a thick outline in high contrast; an error is
red in each. The banner paints them itself rather than through a style sheet,
so it keeps the palette and font the window gives it, and recolours when the
theme changes while it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, Qt, Slot
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget

from threadcomm.core.datalist import short_item
from threadcomm.core.trace import Status
from threadcomm.core.wording import plural
from threadcomm.gui.theme.colors import BANNER_KINDS, BannerColors, view_colors

if TYPE_CHECKING:
    from threadcomm.core.trace import Summary
    from threadcomm.gui.run.model import RunModel

__all__ = ["Banner", "summary_text"]

#: The outline's width at line factor 1 (high contrast doubles it), and its corners' radius.
_BORDER_PX = 2
_RADIUS_PX = 4
_ICONS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def summary_text(summary: Summary, items: tuple[object, ...]) -> tuple[str, str] | None:
    """(level, message) describing how a run ended, or None for a clean completion."""
    if summary.status is Status.DEADLOCK:
        return "error", summary.diagnosis or "Deadlock: no thread can make progress."
    if summary.status is Status.HANG:
        return "error", summary.diagnosis or "Hang: a thread can never end."
    if summary.status is Status.FAILED:
        parts = []
        if summary.failed:
            details = "; ".join(
                f"item {i + 1} ({short_item(items[i]) if i < len(items) else '?'}): {message}"
                for i, message in summary.failed
            )
            parts.append(f"{plural(len(summary.failed), 'item')} failed: {details}")
        crashes = [d for d in summary.diagnosis.split("; ") if " crashed: " in d]
        parts.extend(f"A thread crashed: {c}" for c in crashes)
        if not parts:
            parts.append(f"The run failed: {summary.diagnosis or 'no details were reported'}")
        done = len(summary.results)
        parts.append(f"{done:,} of {plural(summary.items, 'item')} processed.")
        return "error", "\n".join(parts)
    if summary.status is Status.STOPPED:
        done, waiting = len(summary.results), len(summary.not_started)
        return "info", (
            f"Stopped: {done:,} of {plural(summary.items, 'item')} processed"
            f"{f', {waiting:,} never finished' if waiting else ''}."
        )
    if summary.extra.get("mistake") and summary.diagnosis:  # a lesson scenario's own words
        return "info", summary.diagnosis
    return None


class Banner(QFrame):
    """A hidden-by-default message strip; :meth:`show_message` and :meth:`clear`."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, model: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._level = "error"
        self.setObjectName("banner")
        self._icon = QLabel(self)
        self._icon.setObjectName("bannerIcon")
        self._text = QLabel(self)
        self._text.setObjectName("bannerText")
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._text, 1)
        self._model = model
        self._errors_shown = 0
        self._deadlock_shown = False
        model.reset_done.connect(self.clear)
        model.updated.connect(self._on_updated)
        self.hide()
        self._built = True

    def text(self) -> str:
        """The message shown ('' when hidden)."""
        return self._text.text() if not self.isHidden() else ""

    @property
    def level(self) -> str:
        """The kind of the message shown last: "error" or "info"."""
        return self._level

    def colors(self) -> BannerColors:
        """What the banner is drawn with now: its kind's colours in the current theme."""
        return view_colors(self.palette()).banner[self._level]

    def show_message(self, level: str, message: str) -> None:
        """Show ``message``; ``level`` is "error" or "info" (anything else counts as an error)."""
        self._level = level if level in BANNER_KINDS else "error"
        self._show_icon()
        self._recolor()
        self._text.setText(message)
        self.show()

    def _show_icon(self) -> None:
        """The kind's icon, twice the text's height (again when the zoom or the style changes)."""
        size = self.fontMetrics().height() * 2
        icon = self.style().standardIcon(_ICONS[self._level])
        self._icon.setPixmap(icon.pixmap(size, size))

    def _recolor(self) -> None:
        """The text in the theme's colour for this kind; the box is painted on the next paint."""
        palette = self._text.palette()
        palette.setColor(QPalette.ColorRole.WindowText, self.colors().text)
        self._text.setPalette(palette)
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        """Follow the theme (the palette) and the zoom (the font) while a message shows."""
        super().changeEvent(event)
        kind = event.type() if self._built else None
        if kind == QEvent.Type.PaletteChange:
            self._recolor()
        elif kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and not self.isHidden():
            self._show_icon()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A rounded box in the kind's colours, with a thicker outline in high contrast."""
        if not self._built:
            return
        theme = view_colors(self.palette())
        colors = theme.banner[self._level]
        width = _BORDER_PX * theme.line
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colors.border, width))
        painter.setBrush(colors.ground)
        half = width / 2
        box = QRectF(self.rect()).adjusted(half, half, -half, -half)
        painter.drawRoundedRect(box, _RADIUS_PX, _RADIUS_PX)
        painter.end()

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
        described = summary_text(summary, self._model.items)
        if described is not None:
            self.show_message(*described)

    @Slot()
    def _on_updated(self) -> None:
        model = self._model
        if model.deadlock and not self._deadlock_shown:
            self._deadlock_shown = True
            self.show_message("error", model.deadlock)
        elif len(model.errors) > self._errors_shown and not self._deadlock_shown:
            self._errors_shown = len(model.errors)
            errors = model.errors
            head = f"Problem: {plural(len(errors), 'error')} so far. Latest: {errors[-1]}"
            self.show_message("error", head)

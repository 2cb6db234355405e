"""The timeline's legend: what each colour, hatching, shape and arrow means."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from threadcomm.core.trace import State
from threadcomm.gui.theme.colors import (
    MARKER_LABEL,
    STATE_LABEL,
    scaled_font,
    state_brushes,
    view_colors,
)
from threadcomm.gui.views.timeline.paint import QUIET_BAND, draw_marker

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent


__all__ = ["TimelineLegend"]


class TimelineLegend(QWidget):
    """What the colours, hatching, shapes and arrows mean; wraps to the available width."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    _STATES = tuple(s for s in State if s is not State.ENDED)
    _MARKERS = ("put", "get", "process", "set", "task_done", "sentinel_put", "error", "slot")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._entries: list[tuple[str, str]] = [("hatch", "")]
        self._entries += [("state", s.value) for s in self._STATES]
        self._entries += [("marker", m) for m in self._MARKERS]
        self._entries.append(("arrow", ""))
        self._entries.append(("cause", ""))
        self._built = True

    def _font(self) -> QFont:
        return scaled_font(self.font(), 1.0)

    def _text(self, kind: str, key: str) -> str:
        if kind == "state":
            return STATE_LABEL[State(key)]
        if kind == "hatch":
            return "hatched = blocked:"
        if kind == "marker":
            return MARKER_LABEL[key] if key != "sentinel_put" else "sentinel (None)"
        if kind == "cause":
            return "who woke whom"
        return "one item's trip"

    def _layout(self, width: int) -> tuple[list[tuple[int, int, str, str]], int]:
        metrics = QFontMetrics(self._font())
        row_h = metrics.height() + 6
        swatch = self._swatch_w(metrics)
        x, y, placed = 4, 2, []
        for kind, key in self._entries:
            w = swatch + 6 + metrics.horizontalAdvance(self._text(kind, key)) + 10
            if x + w > width and x > 4:
                x, y = 4, y + row_h
            placed.append((x, y, kind, key))
            x += w
        return placed, y + row_h + 2

    @staticmethod
    def _swatch_w(metrics: QFontMetrics) -> int:
        return max(28, metrics.height() * 2)

    def hasHeightForWidth(self) -> bool:
        """The legend wraps, so its height depends on its width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Rows needed at this width."""
        return self._layout(width)[1] if self._built else super().heightForWidth(width)

    def sizeHint(self) -> QSize:
        """A wide single row, or what the current width needs."""
        return QSize(600, self.heightForWidth(max(self.width(), 300)))

    def resizeEvent(self, event: object) -> None:
        """Re-wrap: ask the layout for the new height (its minimum, so no row is covered)."""
        if not self._built:
            return
        self.setMinimumHeight(self.heightForWidth(self.width()))
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        """Larger text: more rows."""
        if self._built and event.type() == QEvent.Type.FontChange:
            self.setMinimumHeight(self.heightForWidth(self.width()))
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw each swatch with its words."""
        if not self._built:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(self._font())
        metrics = p.fontMetrics()
        h = metrics.height()
        c = view_colors(self.palette())
        w = self._swatch_w(metrics)
        half = max(7.0, h * 0.4)
        for x, y, kind, key in self._layout(self.width())[0]:
            cy = y + h / 2 + 2
            if kind in ("state", "hatch"):
                fill, hatch = state_brushes(State(key) if key else State.BLOCKED_GET, c)
                rect = QRectF(x, cy - half, w, 2 * half)
                if key == State.PACING.value:  # drawn as on the timeline: a thin band, no frame
                    band = 2 * half * QUIET_BAND
                    p.fillRect(QRectF(x, cy - band / 2, w, band), fill)
                    p.setPen(c.ink)
                    p.drawText(
                        int(x + w + 6), int(y + metrics.ascent() + 2), self._text(kind, key)
                    )
                    continue
                p.fillRect(rect, fill if key else c.background)
                if hatch is not None:
                    p.fillRect(rect, hatch)
                p.setPen(QPen(c.rule, c.line))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(rect)
            elif kind == "marker":
                draw_marker(p, key, x + w / 2, cy, half * 0.85, c)
            elif kind == "cause":
                p.setPen(QPen(c.cause, 1.6 * c.line, Qt.PenStyle.DashLine))
                p.drawLine(int(x), int(cy + half * 0.7), int(x + w - 2), int(cy - half * 0.7))
            else:
                p.setPen(QPen(c.arrow, 1.5 * c.line))
                p.drawLine(int(x), int(cy + half * 0.7), int(x + w - 2), int(cy - half * 0.7))
            p.setPen(c.ink)
            p.drawText(int(x + w + 6), int(y + metrics.ascent() + 2), self._text(kind, key))
        p.end()

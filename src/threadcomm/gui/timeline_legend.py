"""The timeline's legend: what each colour, hatching, shape and arrow means."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from threadcomm.core.trace import State
from threadcomm.gui.palette import INK, MARKER_LABEL, STATE_LABEL, scaled_font, state_brushes
from threadcomm.gui.timeline_paint import (
    ARROW_COLOR,
    draw_marker,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent


__all__ = ["TimelineLegend"]


class TimelineLegend(QWidget):
    """What the colours, hatching, shapes and arrows mean; wraps to the available width."""

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

    def _font(self) -> QFont:
        return scaled_font(self.font(), 1.1)

    def _text(self, kind: str, key: str) -> str:
        if kind == "state":
            return STATE_LABEL[State(key)]
        if kind == "hatch":
            return "hatched = blocked:"
        if kind == "marker":
            return MARKER_LABEL[key] if key != "sentinel_put" else "sentinel (None)"
        return "one item's trip"

    def _layout(self, width: int) -> tuple[list[tuple[int, int, str, str]], int]:
        metrics = QFontMetrics(self._font())
        row_h = metrics.height() + 6
        x, y, placed = 4, 2, []
        for kind, key in self._entries:
            w = 34 + metrics.horizontalAdvance(self._text(kind, key)) + 10
            if x + w > width and x > 4:
                x, y = 4, y + row_h
            placed.append((x, y, kind, key))
            x += w
        return placed, y + row_h + 2

    def hasHeightForWidth(self) -> bool:
        """The legend wraps, so its height depends on its width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Rows needed at this width."""
        return self._layout(width)[1]

    def sizeHint(self) -> QSize:
        """A wide single row, or what the current width needs."""
        return QSize(600, self.heightForWidth(max(self.width(), 300)))

    def resizeEvent(self, event: object) -> None:
        """Re-wrap: ask the layout for the new height."""
        self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw each swatch with its words."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(self._font())
        metrics = p.fontMetrics()
        h = metrics.height()
        for x, y, kind, key in self._layout(self.width())[0]:
            cy = y + h / 2 + 2
            if kind in ("state", "hatch"):
                fill, hatch = state_brushes(State(key) if key else State.BLOCKED_GET)
                rect = QRectF(x, cy - 7, 28, 14)
                p.fillRect(rect, fill if key else QColor("#ffffff"))
                if hatch is not None:
                    p.fillRect(rect, hatch)
                p.setPen(QPen(QColor("#888888"), 1))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(rect)
            elif kind == "marker":
                draw_marker(p, key, x + 14, cy, 6)
            else:
                p.setPen(QPen(ARROW_COLOR, 1.5))
                p.drawLine(int(x), int(cy + 5), int(x + 26), int(cy - 5))
            p.setPen(INK)
            p.drawText(int(x + 34), int(y + metrics.ascent() + 2), self._text(kind, key))
        p.end()

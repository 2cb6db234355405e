"""The wait-for picture: each blocked thread, the object it waits on, and who holds the key.

One row per blocked thread, drawn large enough for a projector::

    [creator evt.wait()] ---> [the Event of item 1 (5)] --key--> [consumer-1]
    consumer-1 has item 1 (5) and must run evt.set().

A wait that nothing can ever end points at a crossed-out "nobody" box, and the
headline above says whether the threads can still move, a cycle holds them, or
nothing is blocked. The picture is made by a
:class:`~threadcomm.gui.classroom.wait_follower.WaitFollower` only while the
run holds still (paused, stepped, ended); this view only paints it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from threadcomm.core.trace import State
from threadcomm.core.wait_keys import Verdict
from threadcomm.gui.theme.colors import scaled_font, thread_color, view_colors

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent, QResizeEvent

    from threadcomm.core.wait_for import WaitFor
    from threadcomm.core.wait_keys import Wait
    from threadcomm.gui.classroom.wait_follower import WaitFollower

__all__ = ["WaitForView"]

_PAD = 10.0
_WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
_CENTRE = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter
#: The fill of each kind of object, as the timeline colours the wait itself.
_OBJECT_STATE = {
    "evt.wait()": State.BLOCKED_WAIT,
    "q.get()": State.BLOCKED_GET,
    "q.put()": State.BLOCKED_PUT,
    "q.join()": State.BLOCKED_JOIN,
    "thread.join()": State.BLOCKED_JOIN_THREADS,
}


def _columns(width: float) -> tuple[float, float, float]:
    """The threads' boxes' width, the object's box's width, and the gap between them."""
    inner = width - 2 * _PAD
    side, middle = max(60.0, inner * 0.25), max(80.0, inner * 0.29)
    return side, middle, max(0.0, (inner - 2 * side - middle) / 2)


def _thread_text(wait: Wait) -> str:
    return f"{wait.thread}\n{wait.call}"


class _Picture(QWidget):
    """The rows, painted; as tall as they need at the current width."""

    _built = False

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.picture: WaitFor | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._built = True

    def fonts(self) -> tuple[QFont, QFont]:
        """The boxes' font and the sentences' font, scaled with the window's text size."""
        return scaled_font(self.font(), 1.15, bold=True), scaled_font(self.font(), 1.1)

    def show_picture(self, picture: WaitFor | None) -> None:
        """Paint ``picture`` (None: nothing)."""
        self.picture = picture
        self.setFixedHeight(round(self._layout_height(self.width())))
        self.update()

    def _row_heights(self, width: float) -> list[tuple[float, float]]:
        """Per wait: the boxes' height and the sentence's height."""
        if self.picture is None:
            return []
        box_font, text_font = self.fonts()
        box = QFontMetricsF(box_font)
        text = QFontMetricsF(text_font)
        side, middle, _ = _columns(width)
        rows = []
        for wait in self.picture.waits:
            named = [(side, _thread_text(wait)), (middle, wait.target)]
            named += [(side, n) for n in wait.wakers or ("nobody",)]
            tallest = max(
                box.boundingRect(QRectF(0, 0, w - 12, 1e6), _CENTRE, n).height() for w, n in named
            )
            boxes = max(tallest + 14, len(wait.wakers or (1,)) * (box.height() + 14))
            words = text.boundingRect(QRectF(0, 0, width - 2 * _PAD, 1e6), _WRAP, wait.why)
            rows.append((boxes, words.height() + 6))
        return rows

    def _layout_height(self, width: float) -> float:
        return sum(b + t + 2 * _PAD for b, t in self._row_heights(width)) + _PAD

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Rewrap at the new width."""
        if self._built:
            self.setFixedHeight(round(self._layout_height(self.width())))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Each wait: thread -> object -> key holders, then its sentence."""
        if not self._built or self.picture is None:
            return
        colors = view_colors(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box_font, text_font = self.fonts()
        width = float(self.width())
        side, middle, gap = _columns(width)
        y = _PAD
        for wait, (boxes, words) in zip(self.picture.waits, self._row_heights(width), strict=True):
            stuck = wait.verdict in (Verdict.NO_WAKER, Verdict.STUCK_BEHIND, Verdict.CYCLE)
            x0, x1, x2 = _PAD, _PAD + side + gap, _PAD + side + middle + 2 * gap
            mid = y + boxes / 2
            painter.setFont(box_font)
            thread_box = QRectF(x0, mid - boxes / 2, side, boxes)
            self._box(
                painter, thread_box, _thread_text(wait), thread_color(wait.thread), colors.ink
            )
            fill = colors.state[_OBJECT_STATE.get(wait.call, State.BLOCKED_WAIT)]
            object_box = QRectF(x1, mid - boxes / 2, middle, boxes)
            self._box(painter, object_box, wait.target, fill, colors.ink, hatch=colors.hatch)
            self._arrow(painter, thread_box.right(), object_box.left(), mid, "", colors.ink)
            wakers = wait.wakers or ("nobody",)
            each = boxes / len(wakers)
            for n, waker in enumerate(wakers):
                rect = QRectF(x2, y + n * each + 3, side, each - 6)
                fill = thread_color(waker) if wait.wakers else QColor(colors.background)
                self._box(painter, rect, waker, fill, colors.ink, crossed=not wait.wakers)
            label = "key" if wait.wakers else "no key"
            danger = colors.state[State.BLOCKED_WAIT]
            self._arrow(
                painter, object_box.right(), x2, mid, label, danger if stuck else colors.ink
            )
            painter.setFont(text_font)
            painter.setPen(danger if wait.verdict is Verdict.NO_WAKER else colors.ink)
            text_rect = QRectF(_PAD, y + boxes + 4, width - 2 * _PAD, words)
            painter.drawText(text_rect, _WRAP, wait.why[:1].upper() + wait.why[1:] + ".")
            y += boxes + words + 2 * _PAD
            painter.setPen(QPen(colors.rule, 1))
            painter.drawLine(QPointF(_PAD, y - _PAD / 2), QPointF(width - _PAD, y - _PAD / 2))
        painter.end()

    @staticmethod
    def _box(
        painter: QPainter,
        rect: QRectF,
        text: str,
        fill: QColor,
        ink: QColor,
        *,
        hatch: QColor | None = None,
        crossed: bool = False,
    ) -> None:
        painter.setPen(QPen(ink, 2))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 8, 8)
        if crossed:
            painter.drawLine(rect.topLeft(), rect.bottomRight())
            painter.drawLine(rect.bottomLeft(), rect.topRight())
        if hatch is not None:  # blocked, as the timeline hatches a blocked span
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(hatch, Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(rect, 8, 8)
        painter.setPen(ink if crossed else QColor("#000000"))  # dark text on bright fills
        painter.drawText(rect.adjusted(6, 4, -6, -4), _CENTRE, text)

    @staticmethod
    def _arrow(
        painter: QPainter, left: float, right: float, y: float, label: str, ink: QColor
    ) -> None:
        painter.setPen(QPen(ink, 3))
        painter.drawLine(QPointF(left + 4, y), QPointF(right - 6, y))
        painter.setBrush(ink)
        head = [QPointF(right - 4, y), QPointF(right - 14, y - 7), QPointF(right - 14, y + 7)]
        painter.drawPolygon(head)
        font = painter.font()
        painter.setFont(scaled_font(font, 0.75))
        painter.drawText(
            QRectF(left, y - 48, right - left, 44),
            Qt.AlignmentFlag.AlignHCenter
            | Qt.AlignmentFlag.AlignBottom
            | Qt.TextFlag.TextWordWrap,
            label,
        )
        painter.setFont(font)


class WaitForView(QWidget):
    """The wait-for picture while the run holds still; "nothing is blocked" otherwise."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, follower: WaitFollower, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitForView")
        self.setAccessibleName("Wait-for picture")
        self._follower = follower
        self.headline = QLabel(self)
        self.headline.setObjectName("waitForHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.headline.setMargin(8)
        self.canvas = _Picture(self)
        self.others = QLabel(self)
        self.others.setWordWrap(True)
        self.others.setTextFormat(Qt.TextFormat.PlainText)
        self.others.setMargin(8)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.headline)
        column.addWidget(self.canvas)
        column.addWidget(self.others)
        column.addStretch(1)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(body)
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroller.setAccessibleName("Wait-for picture")
        self.setFocusProxy(self.scroller)  # Tab reaches the view; the arrows scroll it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller)
        self._fit_fonts()
        follower.changed.connect(self._on_changed)
        self._on_changed()
        self._built = True

    def changeEvent(self, event: QEvent) -> None:
        """Follow the window's text size."""
        if self._built and event.type() == QEvent.Type.FontChange:
            self._fit_fonts()
            self.canvas.show_picture(self.canvas.picture)
        super().changeEvent(event)

    def _fit_fonts(self) -> None:
        self.headline.setFont(scaled_font(self.font(), 1.25, bold=True))
        self.others.setFont(scaled_font(self.font(), 1.1))

    @property
    def picture(self) -> WaitFor | None:
        """The picture shown now (None: only a note)."""
        return self.canvas.picture

    def text(self) -> str:
        """Everything the view says, as a screen reader gets it."""
        return self.accessibleDescription()

    @Slot()
    def _on_changed(self) -> None:
        picture = self._follower.picture
        if picture is None:
            headline, others, words = self._follower.note, "", []
            shown = None
        else:
            headline = picture.headline()
            shown = picture if picture.blocked else None
            words = [w.words for w in picture.waits]
            others = _not_blocked(picture)
        self.headline.setText(headline)
        self.others.setText(others)
        self.others.setVisible(bool(others))
        self.canvas.show_picture(shown)
        self.canvas.setVisible(shown is not None)
        self.setAccessibleDescription("\n".join([headline, *words, others]).strip())


def _not_blocked(picture: WaitFor) -> str:
    waiting = {w.thread for w in picture.waits}
    rest = [f"{t}: {s}" for t, s in picture.states.items() if t not in waiting]
    return "Not blocked: " + "; ".join(rest) + "." if rest else ""

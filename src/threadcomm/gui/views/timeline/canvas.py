"""The timeline's drawing surface: the visible time window, zoom, pan and hover tooltips.

While a run is live the window follows "now" and grows from 1 s to 10 s,
then scrolls. Ctrl+wheel or +/- zoom, dragging, the wheel or the arrow keys
pan, F fits the whole run, End follows "now" again. Hovering a span or a
marker tells what it was: thread, what, item, start and duration. A dashed
arrow goes from the statement that ended each visible blocked span to its end
(who woke whom); when more than :data:`CAUSE_ARROW_CAP` would be in view, none
is drawn: zoom in to see them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from threadcomm.core.trace import BLOCKED_STATES
from threadcomm.gui.theme.colors import MARKER_LABEL, STATE_LABEL, scaled_font, view_colors
from threadcomm.gui.views.timeline.paint import AXIS_H, Frame, TimelinePainter

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent, QWheelEvent

    from threadcomm.gui.views.timeline.span_causes import CauseArrow, SpanCauses
    from threadcomm.gui.views.timeline.store import Span, TimelineStore

__all__ = ["CAUSE_ARROW_CAP", "DEFAULT_WINDOW_NS", "TimelineCanvas"]

#: Most cause -> effect arrows drawn in one frame (and at most one per 12 px of plot).
CAUSE_ARROW_CAP = 200


DEFAULT_WINDOW_NS = 10_000_000_000  # the live window grows from 1 s to this, then scrolls
MIN_AUTO_WINDOW_NS = 1_000_000_000
MIN_WINDOW_NS = 2_000
ZOOM_STEP = 1.25
MIN_HEIGHT = 140  # the smallest the lanes get, whatever their number
MAX_MIN_HEIGHT = 400  # lanes may be squeezed below their readable height beyond this


def _seconds(ns: float) -> str:
    s = ns / 1e9
    return f"{s:.3f} s" if abs(s) >= 0.01 else f"{ns / 1e6:.3f} ms"


class TimelineCanvas(QWidget):
    """The painted lanes of one :class:`TimelineStore`; holds the visible window.

    It handles zoom, pan and hover; its view sets :attr:`live` while a run is
    live and :attr:`item_label`, and keeps its scrollbar in step by listening
    to :attr:`window_moved`.

    Signals
    -------
    window_moved()
        The visible window moved or changed size, or the lanes' text size changed.
    """

    window_moved = Signal()
    #: A click (not a drag) on a blocked span: its lane, start and end (ns).
    span_clicked = Signal(str, object, object)  # times in ns exceed a C int
    #: Why each blocked span ended, set by the view; None: tooltips do not say.
    causes: SpanCauses | None = None
    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(
        self,
        store: TimelineStore,
        item_label: Callable[[int], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        #: Whether a run is live: "now" is then the clock, and the window follows it.
        self.live = False
        #: How an item is named in tooltips.
        self.item_label = item_label
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setMinimumSize(320, MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setProperty("paintsOwnFocus", True)  # the window's focus ring leaves it alone
        self.painter = self._new_painter()
        self.follow = True
        self.auto_window = True  # until the user zooms or pans
        self.paint_ms = 0.0  # how long the last paint took
        self._window_ns = DEFAULT_WINDOW_NS
        self.t0 = 0
        self._drag: tuple[float, int] | None = None
        self._built = True

    # -- the window ----------------------------------------------------------------

    def now_ns(self) -> int:
        """'Now' on the time axis: the clock while live, else the last thing recorded."""
        store = self._store
        if self.live:
            now = time.monotonic_ns() - store.shift_ns  # idle paused time is cut out
            if store.hold_ns:  # every worker is parked: "now" waits at the cut
                now = min(now, store.hold_ns)
            return max(now, store.latest_ns)
        return store.latest_ns

    @property
    def window_ns(self) -> int:
        """The visible time span; while automatic, it grows with the run up to 10 s."""
        if self.auto_window:
            elapsed = self.now_ns() - self._store.started_ns
            return int(min(DEFAULT_WINDOW_NS, max(MIN_AUTO_WINDOW_NS, elapsed * 1.15)))
        return self._window_ns

    @window_ns.setter
    def window_ns(self, value: int) -> None:
        self._window_ns = value
        self.auto_window = False

    def frame(self, width: int, height: int) -> Frame:
        """The frame a surface of this size shows now."""
        store = self._store
        now = self.now_ns()
        window = self.window_ns
        if self.follow:
            t1 = max(now, store.started_ns + window)
            t0 = t1 - window
        else:
            t0 = self.t0
            t1 = t0 + window
        lanes, live_now = len(store.lane_objects()), now if self.live else 0
        painter = self.painter
        return Frame(
            t0, t1, width, height, lanes, live_now, label_w=painter.label_w, axis_h=painter.axis_h
        )

    def cause_arrows(self, frame: Frame) -> list[CauseArrow]:
        """The cause -> effect arrows ``frame`` shows: none when too many would crowd it."""
        if self.causes is None:
            return []
        cap = min(CAUSE_ARROW_CAP, max(1, int(frame.plot_w) // 12))
        return self.causes.arrows_between(frame.t0, frame.t1, cap) or []

    def current(self) -> Frame:
        """The frame on screen."""
        return self.frame(self.width(), self.height())

    def pan_to(self, t0: int) -> None:
        """Show the window starting at ``t0``; following resumes when it reaches 'now'."""
        self.window_ns = self.window_ns  # the user took over: the window stops growing
        self.t0 = t0
        self.follow = self.live and t0 + self.window_ns >= self.now_ns()
        self._changed()

    def zoom(self, factor: float, x: float | None = None) -> None:
        """Zoom in (factor > 1) or out around x (the right edge while following)."""
        frame = self.current()
        window = int(min(max(self.window_ns / factor, MIN_WINDOW_NS), 10**15))
        if not self.follow:
            anchor = x if x is not None else frame.label_w + frame.plot_w / 2
            t_at = frame.t_of(anchor)
            self.t0 = int(t_at - (anchor - frame.label_w) * window / frame.plot_w)
        self.window_ns = window
        self._changed()

    def fit(self) -> None:
        """Show the whole retained run."""
        store = self._store
        first, last = store.earliest_ns(), max(self.now_ns(), store.latest_ns)
        span = max(MIN_WINDOW_NS * 10, last - first)
        self.window_ns = int(span * 1.04)
        self.t0 = first - int(span * 0.02)
        self.follow = self.live
        self._changed()

    def _changed(self) -> None:
        self.window_moved.emit()
        self.update()

    # -- painting and input ----------------------------------------------------------

    def _new_painter(self) -> TimelinePainter:
        return TimelinePainter(scaled_font(self.font(), 1.2), view_colors(self.palette()))

    def fit_lanes(self) -> None:
        """Ask for room to show every lane with its text (up to a point), e.g. when zoomed."""
        lanes = max(1, len(self._store.lane_objects()))
        axis_h = self.painter.axis_h
        wanted = axis_h + lanes * 22 * axis_h / AXIS_H + 4
        self.setMinimumHeight(int(max(MIN_HEIGHT, min(MAX_MIN_HEIGHT, wanted))))

    def changeEvent(self, event: QEvent) -> None:
        """Follow the window's text size and theme (light, dark, high contrast)."""
        if self._built and event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            label = self.painter.item_label
            self.painter = self._new_painter()
            self.painter.item_label = label
            self.fit_lanes()
            self.window_moved.emit()
            self.update()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the visible window; note how long it took (:attr:`paint_ms`)."""
        if not self._built:
            return
        began = time.perf_counter_ns()
        painter = QPainter(self)
        frame = self.current()
        self.painter.paint(painter, self._store, frame, self.cause_arrows(frame))
        if self.hasFocus():
            colors = self.painter.colors
            painter.setPen(QPen(colors.focus, colors.focus_width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()
        self.paint_ms = (time.perf_counter_ns() - began) / 1e6

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms at the pointer; the wheel alone pans."""
        delta = event.angleDelta()
        notches = (delta.y() or delta.x()) / 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP**notches, event.position().x())
        else:
            frame = self.current()
            self.pan_to(frame.t0 - int(notches * 0.1 * self.window_ns))
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+/- zoom, arrows pan, Home/End jump, F fits."""
        key = event.key()
        frame = self.current()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            sign = -1 if key == Qt.Key.Key_Left else 1
            self.pan_to(frame.t0 + sign * self.window_ns // 5)
        elif key == Qt.Key.Key_Home:
            self.pan_to(self._store.earliest_ns())
        elif key == Qt.Key.Key_End:
            self.follow = True
            self._changed()
        elif key in (Qt.Key.Key_F, Qt.Key.Key_0):
            self.fit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a drag."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = (event.position().x(), self.current().t0)
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Drag pans."""
        if self._drag is not None:
            x0, t0 = self._drag
            self.pan_to(t0 - int((event.position().x() - x0) * self.current().ns_per_px))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End a drag; a click that did not drag on a blocked span asks for its cause."""
        drag, self._drag = self._drag, None
        self.unsetCursor()
        if drag is not None and abs(event.position().x() - drag[0]) < 3:
            hit = self.blocked_span_at(event.position().x(), event.position().y())
            if hit is not None:
                self.span_clicked.emit(*hit)

    def blocked_span_at(self, x: float, y: float) -> tuple[str, int, int] | None:
        """The blocked span under a point of the canvas: (lane, start ns, end ns), or None."""
        frame = self.current()
        row = frame.lane_at(y)
        lanes = self._store.lanes()
        if row < 0 or x < frame.label_w or row >= len(lanes):
            return None
        span = self._store.span_at(lanes[row], frame.t_of(x))
        if span is None or span[2] not in BLOCKED_STATES:
            return None
        return lanes[row], span[0], span[1]

    def event(self, event: QEvent) -> bool:
        """Tooltips: what the span or marker under the pointer was."""
        if self._built and event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.describe_at(event.pos().x(), event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def describe_at(self, x: float, y: float) -> str:
        """The tooltip for a point of the canvas: thread, what, item, start, duration."""
        frame = self.current()
        row = frame.lane_at(y)
        store = self._store
        lanes = store.lanes()
        if row < 0 or x < frame.label_w or row >= len(lanes):
            return ""
        lane, t = lanes[row], frame.t_of(x)
        label = self.item_label
        origin = store.started_ns
        marker = store.marker_near(lane, t, int(frame.ns_per_px * 7))
        if marker is not None and abs(y - frame.marker_y(row)) < frame.lane_h * 0.3:
            mt, kind, index = marker
            what = MARKER_LABEL.get(kind, kind)
            item = f"\n{label(index)}" if index >= 0 else ""
            return f"{lane}\n{what}{item}\nat {_seconds(mt - origin)}"
        span = store.span_at(lane, t)
        if span is None:
            return ""
        start, end, state, index = span
        is_open = end >= store.latest_ns and self.live
        how_long = f"for {_seconds(end - start)}{' so far' if is_open else ''}"
        item = f"\n{label(index)}" if index >= 0 else ""
        text = f"{lane}\n{STATE_LABEL[state]}{item}\nfrom {_seconds(start - origin)}, {how_long}"
        return text + self._cause_words(lane, span, is_open)

    def _cause_words(self, lane: str, span: Span, is_open: bool) -> str:
        """For a blocked span: why it ended, or what could end it while it lasts."""
        if self.causes is None or span[2] not in BLOCKED_STATES:
            return ""
        if is_open:
            waiting = self.causes.waiting(lane)
            return f"\n{waiting}" if waiting else ""
        cause = self.causes.for_span(lane, span[0], span[1])
        if cause is None:
            return ""
        click = "\nClick to see its line in the code." if cause.line is not None else ""
        return f"\nWhy it ended: {cause.words}{click}"

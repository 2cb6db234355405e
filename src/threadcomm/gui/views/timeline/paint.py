"""Drawing the timeline: lanes, spans, markers and item arrows, in time proportional to the screen.

Every lane is drawn from the slice of its arrays that the window shows, found
by bisection. When a lane has more spans than the window has room for, it is
drawn column by column instead: one bisection per pixel column, the colours
packed into a one-pixel-high image that Qt stretches to the bar's height, and
the blocked columns hatched through a mask. So the cost of a frame depends on
its width, never on how much history is stored.
"""

from __future__ import annotations

import struct
from bisect import bisect_left, bisect_right
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPen,
    QPolygonF,
)

from threadcomm.core.config import MAX_CONSUMERS
from threadcomm.core.threads import COORDINATOR, GUI_THREAD, consumer_name
from threadcomm.core.trace import State
from threadcomm.gui.theme.colors import (
    LIGHT,
    STATE_LABEL,
    STATE_SHORT,
    ViewColors,
    is_blocked,
    state_brushes,
    thread_color,
)
from threadcomm.gui.views.timeline.store import MARKER_CODES, STATES, Lane, TimelineStore

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from threadcomm.gui.views.timeline.span_causes import CauseArrow

__all__ = ["LABEL_W", "Frame", "TimelinePainter", "draw_marker"]

LABEL_W = 132  # the lane names' column (wider when the text is larger)
AXIS_H = 24  # the time axis on top (taller when the text is larger)
ARROW_CAP = 80  # most item arrows drawn in one frame, spread evenly over the window
ARROW_COLOR = LIGHT.arrow
_LANE_NAMES = (COORDINATOR, consumer_name(MAX_CONSUMERS), GUI_THREAD)  # the widest lane names
_SPARSE = 3  # at most one span per this many pixels is drawn span by span
_STEPS = tuple(m * 10**k for k in range(15) for m in (1, 2, 5))  # axis steps, ns
#: The lab's slow-motion pacing is drawn as a thin band: quiet, so work and blocking stand out.
QUIET_BAND = 0.22
_PACING = STATES.index(State.PACING)


def _argb(color: QColor) -> bytes:
    return struct.pack("<I", color.rgba())


def _column_times(frame: Frame, count: int, offset: float) -> list[int]:
    """``int(t0 + (c + offset) * ns_per_px)`` for columns c = 0 .. count - 1."""
    step = frame.ns_per_px
    base = frame.t0 + offset * step
    return [int(base + c * step) for c in range(count)]


class Frame:
    """Where the time window [t0, t1] and the lanes fall on a surface of width x height."""

    __slots__ = (
        "axis_h", "height", "label_w", "lane_h", "lanes", "now_ns", "ns_per_px", "plot_w", "t0",
        "t1", "width",
    )  # fmt: skip

    def __init__(
        self,
        t0: int,
        t1: int,
        width: int,
        height: int,
        lanes: int,
        now_ns: int = 0,
        *,
        label_w: int = LABEL_W,
        axis_h: int = AXIS_H,
    ) -> None:
        self.t0, self.t1, self.width, self.height, self.lanes = t0, t1, width, height, lanes
        self.now_ns = now_ns  # the live "now" line, or 0
        #: The lane names' column and the time axis' height, in pixels.
        self.label_w, self.axis_h = label_w, axis_h
        #: Pixels of the time axis.
        self.plot_w = max(1, width - label_w)
        #: Nanoseconds one pixel column stands for.
        self.ns_per_px = max(1, t1 - t0) / self.plot_w
        #: The height of one lane: 22 px up to 64 px, more with larger text.
        scale = max(1.0, axis_h / AXIS_H)
        self.lane_h = max(22.0, min(64.0 * scale, (height - axis_h - 2) / max(1, lanes)))

    def __repr__(self) -> str:
        return f"Frame(t0={self.t0}, t1={self.t1}, width={self.width}, height={self.height})"

    def x_of(self, t: int) -> float:
        """The x of time ``t``."""
        return self.label_w + (t - self.t0) / self.ns_per_px

    def t_of(self, x: float) -> int:
        """The time at x."""
        return int(self.t0 + (x - self.label_w) * self.ns_per_px)

    def lane_at(self, y: float) -> int:
        """The lane number at y, or -1."""
        row = int((y - self.axis_h) // self.lane_h)
        return row if y >= self.axis_h and 0 <= row < self.lanes else -1

    def marker_y(self, lane: int) -> float:
        """The centre line of a lane's markers (arrows join these)."""
        return self.axis_h + lane * self.lane_h + self.lane_h * 0.2

    def bar(self, lane: int) -> tuple[float, float]:
        """Top and height of a lane's span bar."""
        top = self.axis_h + lane * self.lane_h + self.lane_h * 0.4
        return top, self.lane_h * 0.56


def draw_marker(
    painter: QPainter, code: str, x: float, y: float, r: float, colors: ViewColors = LIGHT
) -> None:
    """One point marker: the shape tells the kind as much as the colour does."""
    color = colors.marker.get(code, colors.ink)
    painter.setPen(QPen(colors.ink, colors.line))
    painter.setBrush(color)
    if code in ("put", "sentinel_put"):  # a triangle pointing down: into the queue
        painter.drawPolygon(
            QPolygonF([QPointF(x - r, y - r), QPointF(x + r, y - r), QPointF(x, y + r)])
        )
    elif code in ("get", "sentinel_get"):  # pointing up: out of the queue
        painter.drawPolygon(
            QPolygonF([QPointF(x - r, y + r), QPointF(x + r, y + r), QPointF(x, y - r)])
        )
    elif code == "set":
        painter.drawPolygon(
            QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)])
        )
    elif code == "task_done":
        painter.drawRect(QRectF(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6))
    elif code in ("error", "deadlock"):
        painter.setPen(QPen(color, 2.5 * colors.line))
        painter.drawLine(QPointF(x - r, y - r), QPointF(x + r, y + r))
        painter.drawLine(QPointF(x - r, y + r), QPointF(x + r, y - r))
    elif code == "slot":  # a ring with a dot: the result landed here
        painter.setBrush(colors.background)
        painter.setPen(QPen(color, 2.5 * colors.line))
        painter.drawEllipse(QPointF(x, y), r, r)
        painter.setBrush(color)
        painter.drawEllipse(QPointF(x, y), r * 0.35, r * 0.35)
    else:  # the result emitted: a filled dot
        painter.drawEllipse(QPointF(x, y), r, r)


class TimelinePainter:
    """Paints a :class:`TimelineStore` into a :class:`Frame`; keeps fonts and colour tables."""

    def __init__(self, font: QFont, colors: ViewColors = LIGHT) -> None:
        self.font = QFont(font)
        self.label_font = QFont(font)
        self.label_font.setBold(True)
        self.metrics = QFontMetrics(self.font)
        self.colors = colors
        bold = QFontMetrics(self.label_font)
        #: The lane names' column and the axis' height, for this font.
        self.label_w = max(LABEL_W, *(bold.horizontalAdvance(n) + 18 for n in _LANE_NAMES))
        self.axis_h = max(AXIS_H, self.metrics.height() + 10)
        self._fill = [state_brushes(s, colors)[0] for s in STATES]
        self._hatch = [state_brushes(s, colors)[1] for s in STATES]
        self._text_w = [
            (
                self.metrics.horizontalAdvance(STATE_LABEL[s]),
                self.metrics.horizontalAdvance(STATE_SHORT[s]),
            )
            for s in STATES
        ]
        clear = bytes(4)
        self._col_bytes = [
            _argb(colors.state[s]) if s is not State.ENDED else clear for s in STATES
        ]
        self._mask_bytes = [b"\xff" * 4 if is_blocked(s) else clear for s in STATES]
        self._marker_bytes = [_argb(colors.marker[c]) for c in MARKER_CODES]
        self.item_label: Callable[[int], str] = str

    # -- the frame ---------------------------------------------------------------

    def paint(
        self,
        p: QPainter,
        store: TimelineStore,
        frame: Frame,
        causes: Sequence[CauseArrow] = (),
    ) -> None:
        """Draw everything the frame shows; ``causes`` are the cause -> effect arrows in it."""
        c, label_w, axis_h = self.colors, frame.label_w, frame.axis_h
        p.fillRect(0, 0, frame.width, frame.height, c.background)
        lanes = store.lane_objects()
        p.setFont(self.font)
        self._axis(p, store, frame)
        for row in range(len(lanes)):
            top = axis_h + row * frame.lane_h
            if row % 2:
                p.fillRect(QRectF(0, top, frame.width, frame.lane_h), c.alt_row)
        p.setClipRect(QRectF(label_w, 0, frame.plot_w, frame.height))
        if store.dropped_before_ns > frame.t0:
            self._dropped(p, store, frame)
        for row, lane in enumerate(lanes):
            self._spans(p, lane, row, frame, store)
        rows = {lane.name: row for row, lane in enumerate(lanes)}
        self._arrows(p, store, frame, rows)
        self._cause_arrows(p, frame, causes, rows)
        for row, lane in enumerate(lanes):
            self._markers(p, lane, row, frame)
        self._breaks(p, store, frame)
        if frame.now_ns:
            x = frame.x_of(frame.now_ns)
            p.setPen(QPen(c.ink, 1.5 * c.line, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, axis_h), QPointF(x, frame.height))
        p.setClipping(False)
        p.setFont(self.label_font)
        p.setPen(c.ink)
        for row, lane in enumerate(lanes):
            top = axis_h + row * frame.lane_h
            # The thread's own colour, as its tag in the code view: the same thread there.
            p.fillRect(QRectF(0, top + 2, 4, frame.lane_h - 4), thread_color(lane.name))
            rect = QRectF(6, top, label_w - 10, frame.lane_h)
            p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, lane.name)
        p.setPen(QPen(c.rule, c.line))
        p.drawLine(label_w - 1, axis_h, label_w - 1, frame.height)

    def _axis(self, p: QPainter, store: TimelineStore, frame: Frame) -> None:
        min_ns = frame.ns_per_px * max(90, self.metrics.horizontalAdvance("00.000 s") + 24)
        step = next((s for s in _STEPS if s >= min_ns), _STEPS[-1])
        origin = store.started_ns
        first = origin + ((frame.t0 - origin) // step) * step
        decimals = max(0, 10 - len(str(step)))
        c, axis_h = self.colors, frame.axis_h
        baseline = axis_h - (axis_h - self.metrics.height()) / 2 - self.metrics.descent()
        t = first
        while t <= frame.t1:
            x = frame.x_of(t)
            if x >= frame.label_w:
                p.setPen(QPen(c.grid, 1))
                p.drawLine(QPointF(x, axis_h), QPointF(x, frame.height))
                p.setPen(c.ink)
                p.drawText(QPointF(x + 3, baseline), f"{(t - origin) / 1e9:.{decimals}f} s")
            t += step
        p.setPen(QPen(c.rule, c.line))
        p.drawLine(frame.label_w, axis_h, frame.width, axis_h)

    def _breaks(self, p: QPainter, store: TimelineStore, frame: Frame) -> None:
        """Where idle paused time was cut out: a double rule and how long it was."""
        c = self.colors
        for t, removed in store.breaks:
            if not frame.t0 <= t <= frame.t1:
                continue
            x = frame.x_of(t)
            p.setPen(QPen(c.rule, c.line, Qt.PenStyle.DashLine))
            for dx in (-2.0, 2.0):
                p.drawLine(QPointF(x + dx, frame.axis_h), QPointF(x + dx, frame.height))
            p.setPen(c.ink)
            text = f"paused {removed / 1e9:.1f} s"
            p.drawText(QPointF(x + 5, frame.axis_h + self.metrics.ascent() + 1), text)

    def _dropped(self, p: QPainter, store: TimelineStore, frame: Frame) -> None:
        x = frame.x_of(store.dropped_before_ns)
        rect = QRectF(frame.label_w, frame.axis_h, x - frame.label_w, frame.height - frame.axis_h)
        p.fillRect(rect, QBrush(self.colors.dropped, Qt.BrushStyle.Dense6Pattern))
        p.setPen(self.colors.ink)
        for text in (f"older history dropped (keeps {store.retain:,})", "dropped", ""):
            if self.metrics.horizontalAdvance(text) + 10 < rect.width():
                break
        p.drawText(rect.adjusted(6, 4, -4, 0), Qt.AlignmentFlag.AlignLeft, text)

    # -- spans ---------------------------------------------------------------------

    def _spans(
        self, p: QPainter, lane: Lane, row: int, frame: Frame, store: TimelineStore
    ) -> None:
        top, height = frame.bar(row)
        i0, i1 = lane.visible_spans(frame.t0, frame.t1)
        if (i1 - i0) * _SPARSE > frame.plot_w:
            self._dense_spans(p, lane, top, height, frame)
        else:
            starts, ends, states, items = lane.starts, lane.ends, lane.states, lane.items
            for i in range(i0, i1):
                self._span(p, frame, top, height, starts[i], ends[i], states[i], items[i])
        if lane.open_state is not None:
            end = frame.now_ns or store.latest_ns
            if end > lane.open_start and lane.open_start < frame.t1:
                code = STATES.index(lane.open_state)
                self._span(p, frame, top, height, lane.open_start, end, code, lane.open_item)

    def _span(
        self,
        p: QPainter,
        frame: Frame,
        top: float,
        height: float,
        start: int,
        end: int,
        code: int,
        item: int,
    ) -> None:
        x0 = max(frame.label_w - 2.0, frame.x_of(start))
        x1 = min(frame.width + 2.0, frame.x_of(end))
        width = max(1.0, x1 - x0)
        if code == _PACING:  # a thin band across the middle, no words
            p.fillRect(
                QRectF(x0, top + height * (1 - QUIET_BAND) / 2, width, height * QUIET_BAND),
                self._fill[code],
            )
            return
        rect = QRectF(x0, top, width, height)
        p.fillRect(rect, self._fill[code])
        hatch = self._hatch[code]
        if hatch is not None:
            p.fillRect(rect, hatch)
        if width < 24:
            return
        full_w, short_w = self._text_w[code]
        state = STATES[code]
        if width > full_w + 8:
            text = STATE_LABEL[state]
            if item >= 0 and width > full_w + 60:  # room for the item too?
                with_item = f"{text} · {self.item_label(item)}"
                if self.metrics.horizontalAdvance(with_item) + 8 < width:
                    text = with_item
        elif width > short_w + 6:
            text = STATE_SHORT[state]
        else:
            return
        p.setPen(self.colors.state_text[state])
        p.drawText(rect.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, text)

    def _dense_spans(
        self, p: QPainter, lane: Lane, top: float, height: float, frame: Frame
    ) -> None:
        """Column by column: the state at each pixel column's centre."""
        cols = frame.plot_w
        starts, ends, states = lane.starts, lane.ends, lane.states
        if not starts:
            return
        times = _column_times(frame, cols, 0.5)
        c_first = bisect_left(times, starts[0])
        c_last = bisect_right(times, ends[-1])
        # The span in force at each column's centre: the last one that started by then.
        codes = [states[bisect_right(starts, t) - 1] for t in times[c_first:c_last]]
        clear = bytes(4)
        col_bytes, mask_bytes = self._col_bytes, self._mask_bytes
        row = clear * c_first + b"".join([col_bytes[c] for c in codes])
        row += clear * (cols - c_last)
        mask = clear * c_first + b"".join([mask_bytes[c] for c in codes]) + clear * (cols - c_last)
        target = QRectF(frame.label_w, top, cols, height)
        fmt = QImage.Format.Format_ARGB32
        p.drawImage(target, QImage(row, cols, 1, cols * 4, fmt))
        hatch = QImage(cols, max(1, int(height)), QImage.Format.Format_ARGB32_Premultiplied)
        hatch.fill(0)
        hp = QPainter(hatch)
        hp.fillRect(hatch.rect(), QBrush(self.colors.hatch, Qt.BrushStyle.BDiagPattern))
        hp.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        hp.drawImage(hatch.rect(), QImage(mask, cols, 1, cols * 4, fmt))
        hp.end()
        p.drawImage(QPointF(frame.label_w, top), hatch)

    # -- markers and arrows -------------------------------------------------------

    def _markers(self, p: QPainter, lane: Lane, row: int, frame: Frame) -> None:
        y = frame.marker_y(row)
        r = max(3.0, min(10.0, frame.lane_h * 0.16))
        j0, j1 = lane.visible_markers(frame.t0, frame.t1)
        if (j1 - j0) * r * 2 > frame.plot_w:
            self._dense_markers(p, lane, y, r, frame)
            return
        times, codes = lane.marker_t, lane.marker_code
        for j in range(j0, j1):
            draw_marker(p, MARKER_CODES[codes[j]], frame.x_of(times[j]), y, r, self.colors)

    def _dense_markers(self, p: QPainter, lane: Lane, y: float, r: float, frame: Frame) -> None:
        """A tick per pixel column that holds markers, coloured by the first one's kind."""
        cols = frame.plot_w
        marker_t = lane.marker_t
        edges = [bisect_left(marker_t, t) for t in _column_times(frame, cols + 1, 0.0)]
        codes, colour, clear = lane.marker_code, self._marker_bytes, bytes(4)
        row = b"".join([colour[codes[a]] if b > a else clear for a, b in pairwise(edges)])
        image = QImage(row, cols, 1, cols * 4, QImage.Format.Format_ARGB32)
        p.drawImage(QRectF(frame.label_w, y - r, cols, 2 * r), image)

    def _arrows(
        self, p: QPainter, store: TimelineStore, frame: Frame, rows: dict[str, int]
    ) -> None:
        """Each visible item's trip: put -> get -> result emitted -> slot, ending in a head.

        Opaque lines drawn in one call: translucent antialiased polylines cost
        ten times more in Qt's raster engine.
        """
        # One arrow per ~50 px at most: more would hide the lanes under ink.
        columns = store.arrows_between(frame.t0, frame.t1, min(ARROW_CAP, frame.plot_w // 50))
        if not columns:
            return
        r = max(3.0, min(10.0, frame.lane_h * 0.16))
        size = 8.0 * self.colors.line
        lines: list[QLineF] = []
        heads: list[QPolygonF] = []
        for pos in columns:
            points = [
                QPointF(frame.x_of(t), frame.marker_y(rows.get(lane, 0)))
                for lane, t in store.arrow_points(pos)
            ]
            if len(points) < 2:
                continue
            end, prev = points[-1], points[-2]
            dx, dy = end.x() - prev.x(), end.y() - prev.y()
            length = max(1e-6, (dx * dx + dy * dy) ** 0.5)
            ux, uy = dx / length, dy / length
            tip = QPointF(end.x() - ux * r, end.y() - uy * r)  # stop at the marker's edge
            points[-1] = tip
            lines += [QLineF(a, b) for a, b in pairwise(points)]
            bx, by = tip.x() - ux * size, tip.y() - uy * size
            heads.append(
                QPolygonF(
                    [
                        tip,
                        QPointF(bx - uy * size * 0.5, by + ux * size * 0.5),
                        QPointF(bx + uy * size * 0.5, by - ux * size * 0.5),
                    ]
                )
            )
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(self.colors.arrow, 1.5 * self.colors.line))
        p.drawLines(lines)
        p.setBrush(self.colors.arrow)
        for head in heads:
            p.drawPolygon(head)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    # -- who woke whom -------------------------------------------------------------

    @staticmethod
    def cause_line(frame: Frame, arrow: CauseArrow, rows: dict[str, int]) -> QLineF:
        """Where a cause -> effect arrow goes, in the frame.

        From the releasing statement on its thread's lane to the end of the
        blocked span on the woken thread's lane.
        """
        return QLineF(
            QPointF(frame.x_of(arrow.cause_ns), frame.marker_y(rows.get(arrow.cause_lane, 0))),
            QPointF(frame.x_of(arrow.effect_ns), frame.marker_y(rows.get(arrow.lane, 0))),
        )

    def _cause_arrows(
        self, p: QPainter, frame: Frame, causes: Sequence[CauseArrow], rows: dict[str, int]
    ) -> None:
        """Each visible cause -> effect: a dashed line in the cause colour, with an open head."""
        if not causes:
            return
        size = 7.0 * self.colors.line
        pen = QPen(self.colors.cause, 1.6 * self.colors.line, Qt.PenStyle.DashLine)
        lines: list[QLineF] = []
        for arrow in causes:
            line = self.cause_line(frame, arrow, rows)
            length = max(1e-6, line.length())
            ux, uy = line.dx() / length, line.dy() / length
            tip = line.p2()
            lines.append(line)
            for side in (1.0, -1.0):  # an open "V" head: unlike the items' filled heads
                lines.append(
                    QLineF(
                        tip,
                        QPointF(
                            tip.x() - ux * size - side * uy * size * 0.5,
                            tip.y() - uy * size + side * ux * size * 0.5,
                        ),
                    )
                )
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(pen)
        p.drawLines(lines)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)

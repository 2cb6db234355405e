"""The queue and its Events: what sits in the queue, which Event is set, who waits on what.

:func:`describe_queue` turns the model into a :class:`QueuePicture` (plain
data, easy to test); :class:`QueueView` draws it. Every state is said in words
and shapes, not colour alone: a set Event is a filled dot and the word "set",
a clear one a hollow ring and "clear"; empty slots of a bounded queue are
dashed boxes, so a full queue is visibly full.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from threadcomm.core.datalist import short_item
from threadcomm.core.threads import GUI_THREAD, is_consumer
from threadcomm.core.trace import State
from threadcomm.core.wording import plural
from threadcomm.gui.theme.colors import (
    OKABE_ITO,
    STATE_LABEL,
    ViewColors,
    item_label,
    scaled_font,
    view_colors,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

    from threadcomm.gui.run.model import RunModel, ThreadState

__all__ = ["QueuePicture", "QueueSlot", "QueueView", "describe_queue"]

#: Most slots drawn; the rest are counted ("+ 9,997 more").
MAX_SLOTS = 24
_ALL_EVENTS = 64  # with more live Events, only those the threads hold are listed


@dataclass(frozen=True, slots=True)
class QueueSlot:
    """One place in the queue: an item with its Event, a sentinel, or empty."""

    kind: str  # "item", "sentinel" or "empty"
    value: str = ""
    index: int = -1
    event_set: bool | None = None  # None: no Event (sentinel, empty)


@dataclass(frozen=True, slots=True)
class QueuePicture:
    """Everything the queue view says, computed from the model."""

    header: str
    slots: tuple[QueueSlot, ...]
    more: int = 0  # slots not drawn
    full: bool = False
    unfinished: str = ""
    events: tuple[str, ...] = ()  # live Events not on the queue
    waits: tuple[str, ...] = ()  # each thread: what it is doing or waiting for


def _event_words(is_set: bool) -> str:
    return "● set" if is_set else "○ clear"


def describe_queue(model: RunModel) -> QueuePicture:
    """What the queue view shows for the model's current state."""
    queue, events = model.queue, model.event_flags
    size, maxsize = model.queue_size, model.maxsize
    full = maxsize > 0 and size >= maxsize
    if maxsize:
        header = f"Queue: {size:,} / {maxsize:,}" + (" full" if full else "")
    else:
        header = f"Queue: {plural(size, 'item')} (unbounded)" if size else "Queue: empty"
    slots = [
        QueueSlot("item", short_item(value), index, events.get(index))
        for index, value in islice(queue.items(), MAX_SLOTS)
    ]
    sentinels = min(model.sentinels_queued, MAX_SLOTS - len(slots))
    slots += [QueueSlot("sentinel", "None")] * max(0, sentinels)
    if maxsize:
        slots += [QueueSlot("empty")] * max(0, min(maxsize - size, MAX_SLOTS - len(slots)))
    more = max(0, size - len([s for s in slots if s.kind != "empty"]))
    tasks = model.unfinished_tasks
    unfinished = f"q.join() waits for {plural(tasks, 'unfinished task')}"
    if model.join_returned:  # the moment main's q.join() returned stays in view
        unfinished = (
            f"Unfinished tasks: {tasks:,}. Main's q.join() returned {model.join_returned}."
        )
    threads = {n: t for n, t in model.threads.items() if n != GUI_THREAD}
    waits = tuple(_wait_line(name, st.state, st.index, model) for name, st in threads.items())
    return QueuePicture(
        header, tuple(slots), more, full, unfinished, _off_queue(model, threads), waits
    )


def _off_queue(model: RunModel, threads: dict[str, ThreadState]) -> tuple[str, ...]:
    queue, events = model.queue, model.event_flags
    if len(events) <= _ALL_EVENTS:
        candidates = [i for i in events if i not in queue]
    else:
        held = {st.index for st in threads.values()}
        candidates = sorted(i for i in held if i in events and i not in queue)
    lines = []
    for index in candidates:
        who = []
        for name, st in model.threads.items():
            if st.index != index or st.state is State.ENDED:
                continue
            if st.state is State.BLOCKED_WAIT:
                who.append(f"{name} waits on it")
            elif is_consumer(name) and st.state is not State.BLOCKED_GET:
                who.append(f"taken by {name}")
        holder = ("; ".join(who)) if who else "no thread holds it now"
        label = item_label(model.items, index)
        lines.append(f"Event of {label}: {_event_words(events[index])} - {holder}")
    return tuple(lines)


def _wait_line(name: str, state: State, index: int, model: RunModel) -> str:
    item = item_label(model.items, index)
    if state is State.BLOCKED_WAIT:
        is_set = model.event_flags.get(index)
        how = "already set: waking up" if is_set else "still clear"
        return f"{name}: blocked in evt.wait() on the Event of {item}, {how}"
    if state is State.BLOCKED_GET:
        return f"{name}: blocked in q.get(): queue empty"
    if state is State.BLOCKED_PUT:
        return f"{name}: blocked in q.put(): queue full ({model.queue_size} / {model.maxsize})"
    if state is State.BLOCKED_JOIN:
        return f"{name}: blocked in q.join(): {plural(model.unfinished_tasks, 'unfinished task')}"
    if state is State.BLOCKED_JOIN_THREADS:
        return f"{name}: blocked in thread.join(), waiting for threads to end"
    if state is State.RUNNING and index >= 0:
        return f"{name}: running ({item})"
    return f"{name}: {STATE_LABEL[state]}"


_CAPTION = "front: the next q.get() takes this  \u2192  back: q.put() adds here"
_WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


class _SlotStrip(QWidget):
    """The queue's slots, front (next out) on the left; wraps to the width."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    BOX_W, BOX_H, GAP = 124, 84, 8  # at the default text size; they grow with the text

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.picture = QueuePicture("", ())
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumHeight(self.BOX_H + 30)
        # Text measurements, asked for on every layout pass of a busy run;
        # a font change clears them.
        self._box_size: tuple[int, int] | None = None
        self._tops: dict[int, int] = {}
        self._built = True

    def _box(self) -> tuple[int, int]:
        """A slot's width and height for the current text size."""
        if self._box_size is None:
            line = QFontMetrics(scaled_font(self.font(), 1.2)).height()
            self._box_size = max(self.BOX_W, int(line * 6.4)), max(self.BOX_H, int(line * 4.6))
        return self._box_size

    def _top(self, width: int) -> int:
        """Where the boxes start: below the (wrapped) caption."""
        top = self._tops.get(width)
        if top is None:
            if len(self._tops) > 64:  # a window dragged through many widths
                self._tops.clear()
            metrics = QFontMetrics(scaled_font(self.font(), 1.2))
            caption = metrics.boundingRect(0, 0, max(40, width - 12), 1000, _WRAP, _CAPTION)
            top = self._tops[width] = caption.height() + 8
        return top

    def changeEvent(self, event: QEvent) -> None:
        """Grow the boxes with the text."""
        if self._built and event.type() == QEvent.Type.FontChange:
            self._box_size = None
            self._tops.clear()
            self.setMinimumHeight(self._box()[1] + self._top(self.width()) + 6)
            self.updateGeometry()
        super().changeEvent(event)

    def _per_row(self, width: int) -> int:
        return max(1, (width - 8) // (self._box()[0] + self.GAP))

    def _cells(self) -> int:
        return len(self.picture.slots) + (1 if self.picture.more else 0)

    def hasHeightForWidth(self) -> bool:
        """Rows of boxes depend on the width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Room for every row of boxes and the captions."""
        if not self._built:
            return super().heightForWidth(width)
        rows = max(1, -(-self._cells() // self._per_row(width)))
        return self._top(width) + 2 + rows * (self._box()[1] + self.GAP)

    def sizeHint(self) -> QSize:
        """Prefer one row."""
        return QSize(480, self.heightForWidth(max(self.width(), 480)))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the boxes."""
        if not self._built:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        small = scaled_font(self.font(), 1.2)
        big = scaled_font(self.font(), 1.9, bold=True)
        big.setBold(True)
        colors = view_colors(self.palette())
        p.setFont(small)
        p.setPen(colors.muted)
        top = self._top(self.width())
        p.drawText(QRectF(6, 2, self.width() - 12, top), _WRAP, _CAPTION)
        per_row = self._per_row(self.width())
        box_w, box_h = self._box()
        cells = [*self.picture.slots, None] if self.picture.more else list(self.picture.slots)
        if not cells:
            p.drawText(
                QRectF(6, top, self.width() - 12, box_h),
                Qt.AlignmentFlag.AlignVCenter,
                "(nothing on the queue)",
            )
        for n, cell in enumerate(cells):
            x = 6 + (n % per_row) * (box_w + self.GAP)
            y = top + (n // per_row) * (box_h + self.GAP)
            box = QRectF(x, y, box_w, box_h)
            if cell is None:
                p.setFont(small)
                p.setPen(colors.ink)
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, f"+ {self.picture.more:,}\nmore")
            else:
                self._paint_slot(p, box, cell, (small, big), colors)
        p.end()

    def _paint_slot(
        self, p: QPainter, box: QRectF, cell: QueueSlot, fonts: tuple[QFont, QFont], c: ViewColors
    ) -> None:
        small, big = fonts
        top = box.adjusted(0, 4, 0, -box.height() / 2)
        bottom = box.adjusted(6, box.height() / 2, -4, -4)
        if cell.kind == "empty":
            p.setPen(QPen(c.muted, 1.5 * c.line, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(box, 6, 6)
            p.setFont(small)
            p.setPen(c.muted)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, "empty")
            return
        sentinel = cell.kind == "sentinel"
        p.setPen(QPen(c.card_border, 2 * c.line))
        p.setBrush(c.sentinel_card if sentinel else c.card)
        p.drawRoundedRect(box, 6, 6)
        p.setPen(c.ink)
        p.setFont(big)
        p.drawText(top, Qt.AlignmentFlag.AlignCenter, cell.value[:9])
        p.setFont(small)
        if sentinel:
            p.drawText(bottom, Qt.AlignmentFlag.AlignCenter, "sentinel\n(stop)")
            return
        r = max(7.0, small.pointSizeF() * 0.55)
        centre = QPointF(bottom.left() + r + 2, bottom.center().y())
        p.setPen(QPen(c.ink, 2 * c.line))
        p.setBrush(QColor(OKABE_ITO["green"]) if cell.event_set else c.card)
        p.drawEllipse(centre, r, r)
        words = "evt: set" if cell.event_set else "evt: clear"
        p.drawText(bottom.adjusted(2 * r + 8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, words)


class QueueView(QWidget):
    """The queue dock: slots, unfinished tasks, Events off the queue, who waits on what."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, model: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueView")
        self.setAccessibleName("Queue and Events")
        self._model = model
        self.picture = QueuePicture("", ())
        # A scroll area keeps the changing text from resizing the dock (and the window).
        body_widget = QWidget()
        self.header = QLabel(body_widget)
        self.strip = _SlotStrip(body_widget)
        self.strip.setAccessibleName("Queue slots")
        self.details = QLabel(body_widget)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        inner = QVBoxLayout(body_widget)
        inner.setContentsMargins(8, 6, 8, 6)
        inner.addWidget(self.header)
        inner.addWidget(self.strip)
        inner.addWidget(self.details, 1)
        scroll = QScrollArea(self)
        scroll.setWidget(body_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName("Queue and Events")
        self.setFocusProxy(scroll)  # Tab reaches the view; the arrows scroll it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._apply_fonts()
        model.reset_done.connect(self._on_updated)
        model.updated.connect(self._on_updated)
        self._on_updated()
        self._built = True

    def _apply_fonts(self) -> None:
        base = self.font()
        self.header.setFont(scaled_font(base, 1.65, bold=True))
        self.details.setFont(scaled_font(base, 1.33))
        self.strip.setFont(base)

    def changeEvent(self, event: QEvent) -> None:
        """Follow the window's text size."""
        if self._built and event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
        super().changeEvent(event)

    def text(self) -> str:
        """Everything the view says, as plain text (for tests and screen readers)."""
        return "\n".join([self.header.text(), self.details.text()])

    @Slot()
    def _on_updated(self) -> None:
        picture = describe_queue(self._model)
        if picture == self.picture:
            return
        self.picture = picture
        self.header.setText(picture.header)
        self.header.setAccessibleName(picture.header)
        self.strip.picture = picture
        self.strip.updateGeometry()
        self.strip.update()
        lines = [picture.unfinished]
        if picture.events:
            lines += ["", "Events not on the queue:", *picture.events]
        if picture.waits:
            lines += ["", "Who waits on what:", *picture.waits]
        self.details.setText("\n".join(lines))

"""The timeline: one swimlane per thread, spans for what it was doing, arrows for each item's trip.

An observer of the :class:`RunModel`: each applied batch of trace events is
appended to a :class:`TimelineStore` (a few array appends per event, no
painting), and the canvas repaints at most once per timer tick while a run is
live, with its right edge on "now". Lives in, and is touched only by, the GUI
thread. After the run, zoom with Ctrl+wheel or
+/-, pan by dragging, with the wheel or the scrollbar; F fits the whole run,
End follows "now" again. Hovering a span or marker tells what it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QHBoxLayout, QScrollBar, QToolButton, QVBoxLayout, QWidget

from threadcomm.core.scenarios import lesson_listing
from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.trace import STATE_AFTER
from threadcomm.gui.theme.colors import item_label
from threadcomm.gui.views.timeline.canvas import TimelineCanvas
from threadcomm.gui.views.timeline.legend import TimelineLegend
from threadcomm.gui.views.timeline.pause_cut import PauseCut
from threadcomm.gui.views.timeline.span_causes import SpanCauses
from threadcomm.gui.views.timeline.store import TimelineStore

if TYPE_CHECKING:
    from PySide6.QtGui import QHideEvent, QShowEvent

    from threadcomm.core.trace import TraceEvent
    from threadcomm.gui.run.model import RunModel
    from threadcomm.gui.views.timeline.store import Arrow, Marker, Span


__all__ = ["LIVE_INTERVAL_MS", "PAINT_SHARE", "TimelineView"]

LIVE_INTERVAL_MS = 33  # the live scroll: about 30 frames a second, only while a run is live
#: While live, the next frame waits at least this many times the last frame's paint time,
#: so painting takes at most a tenth of the GUI thread, which the workers also need.
PAINT_SHARE = 10
#: Most result slots marked per update: in a flood the rest arrive faster than they
#: could be told apart, and marking thousands at once would stall the GUI thread.
SLOTS_PER_UPDATE = 500


class TimelineView(QWidget):
    """The timeline dock: canvas, scrollbar and legend, observing one RunModel."""

    _built = False  # True once __init__ ends (README: "Event handlers")
    #: A blocked span was clicked: the 1-based lesson line of the statement that ended it.
    cause_line = Signal(int)

    def __init__(self, model: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(
            "One lane per thread: what it was doing over time, and each item's trip."
        )
        self._model = model
        self.store = TimelineStore(gui_lane=GUI_THREAD)
        self.pause_cut = PauseCut(self.store)
        self._results_seen = 0
        self._dirty = False
        self._syncing = False
        self.causes = SpanCauses()
        self.canvas = TimelineCanvas(self.store, self.item_label, self)
        self.canvas.causes = self.causes
        self.canvas.span_clicked.connect(self._on_span_clicked)
        self.canvas.setAccessibleName("Timeline lanes")
        self.canvas.setAccessibleDescription(
            "Ctrl+wheel or +/- zoom, drag or arrows pan, F fits the run, End follows now."
        )
        self.setFocusProxy(self.canvas)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scrollbar.setAccessibleName("Timeline position")
        self.scrollbar.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows, Page Up/Down
        self.scrollbar.valueChanged.connect(self._on_scrolled)
        self.canvas.window_moved.connect(self.sync_scrollbar)
        self.legend = TimelineLegend(self)
        self.legend.setAccessibleName("Timeline legend")
        self.legend.hide()  # it takes rows the lanes need: shown on demand
        # The key folds away: on a 720-line projector its rows would squeeze the lanes.
        self.key_button = QToolButton(self)
        self.key_button.setObjectName("timelineKeyButton")
        self.key_button.setText("Key")
        self.key_button.setAccessibleName("Show the timeline's key")
        self.key_button.setCheckable(True)
        self.key_button.setToolTip("Show or hide what the colours, hatching and shapes mean")
        self.key_button.toggled.connect(self.legend.setVisible)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.scrollbar, 1)
        row.addWidget(self.key_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(row)
        layout.addWidget(self.legend)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)  # each tick schedules the next (see _on_tick)
        self._timer.setInterval(LIVE_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)
        model.reset_done.connect(self._on_reset_done)
        model.events_applied.connect(self._on_events_applied)
        model.updated.connect(self._on_updated)
        model.finished.connect(self._on_finished)
        self._on_reset_done()
        self._built = True

    # -- the query API (tests, benchmarks) ------------------------------------------

    def lanes(self) -> list[str]:
        """Lane names, top to bottom."""
        return self.store.lanes()

    def spans(self, lane: str) -> list[Span]:
        """(start_ns, end_ns, state, item index) of a lane."""
        return self.store.spans(lane)

    def markers(self, lane: str) -> list[Marker]:
        """(t_ns, kind, item index) of a lane."""
        return self.store.markers(lane)

    def arrows(self) -> list[Arrow]:
        """(item index, [(lane, t_ns), ...]) for each item: put, get, result emitted, slot."""
        return self.store.arrows()

    @property
    def timer_active(self) -> bool:
        """Whether the live-scroll timer runs (only while a run is live)."""
        return self._timer.isActive()

    def render_to_image(self, width: int, height: int) -> QImage:
        """Paint the current window into an image of this size (what a repaint costs)."""
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        frame = self.canvas.frame(width, height)
        self.canvas.painter.paint(painter, self.store, frame, self.canvas.cause_arrows(frame))
        painter.end()
        return image

    def item_label(self, index: int) -> str:
        """How an item is named in tooltips and spans."""
        return item_label(self._model.items, index)

    # -- model slots (GUI thread) ----------------------------------------------------

    @Slot()
    def _on_reset_done(self) -> None:
        model = self._model
        names = [n for n in model.threads if n != GUI_THREAD]
        self.store.reset([*names, GUI_THREAD], model.started_ns)
        self.causes.reset(model.listing or lesson_listing(None))
        self.pause_cut.reset()
        self.canvas.fit_lanes()
        self.canvas.painter.item_label = self.item_label
        self._results_seen = 0
        self.canvas.follow = True
        self.canvas.auto_window = True
        self.canvas.live = False
        self._timer.stop()
        self.sync_scrollbar()
        self.canvas.update()

    @Slot(object)
    def _on_events_applied(self, batch: list[TraceEvent]) -> None:
        if not batch:
            return
        self.pause_cut.before(batch[0].t_ns)
        if batch[0].thread == GUI_THREAD:  # the GUI thread's own blocking
            start, end = batch[0].t_ns, batch[-1].t_ns
            self.store.add_gui_span(start, end, STATE_AFTER[batch[0].kind])
        else:
            self.store.add_events(batch)
            self.causes.add(batch, self.store.shift_ns)
        self.pause_cut.after(batch[-1].t_ns, self._model.threads)
        self._dirty = True
        if not self.canvas.live and self._model.running:
            self.canvas.live = True
            if self.isVisible():
                self._timer.start()

    @Slot(str, object, object)
    def _on_span_clicked(self, lane: str, start_ns: int, end_ns: int) -> None:
        cause = self.causes.for_span(lane, start_ns, end_ns)
        if cause is not None and cause.line is not None:
            self.cause_line.emit(cause.line)

    @Slot()
    def _on_updated(self) -> None:
        results = self._model.results
        self._results_seen = max(self._results_seen, len(results) - SLOTS_PER_UPDATE)
        new = results.deliveries(self._results_seen)
        if new:  # counted as taken: a slot on a worker thread may add rows meanwhile
            self._results_seen += len(new)
            self.store.add_slots(new)
            self._dirty = True
        if not self._timer.isActive():
            self._refresh()

    @Slot(object)
    def _on_finished(self, summary: object) -> None:
        self._timer.stop()
        self.canvas.live = False
        self.store.finish(self.store.latest_ns)
        if self.canvas.follow:  # nobody has moved the view: show the whole run
            self.canvas.fit()
        self._refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """No live scrolling while nobody can see it (and none left when the window closes)."""
        if self._built:
            self._timer.stop()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Resume live scrolling if the run is still live."""
        super().showEvent(event)
        if not self._built:
            return
        if self.canvas.live:
            self._timer.start()
        self._refresh()

    @Slot()
    def _on_tick(self) -> None:
        if self._dirty or self.canvas.follow:
            self._refresh()
        if self.canvas.live:
            self._timer.start(max(LIVE_INTERVAL_MS, round(self.canvas.paint_ms * PAINT_SHARE)))

    def _refresh(self) -> None:
        self._dirty = False
        self.sync_scrollbar()
        self.canvas.update()

    # -- the scrollbar ---------------------------------------------------------------

    def _range(self) -> tuple[int, int, int]:
        first = self.store.earliest_ns()
        last = max(self.canvas.now_ns(), first + self.canvas.window_ns)
        unit = max(1_000, (last - first) // 1_000_000 + 1)
        return first, last, unit

    @Slot()
    def sync_scrollbar(self) -> None:
        """Make the scrollbar show where the window is within the run."""
        first, last, unit = self._range()
        frame = self.canvas.current()
        self._syncing = True
        try:
            self.scrollbar.setRange(0, max(0, (last - self.canvas.window_ns - first) // unit))
            self.scrollbar.setPageStep(max(1, self.canvas.window_ns // unit))
            self.scrollbar.setSingleStep(max(1, self.canvas.window_ns // unit // 10))
            self.scrollbar.setValue((frame.t0 - first) // unit)
        finally:
            self._syncing = False

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        if self._syncing:
            return
        first, _, unit = self._range()
        self.canvas.pan_to(first + value * unit)

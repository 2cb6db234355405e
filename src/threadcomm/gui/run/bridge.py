"""The one QObject that turns the pipeline's sink calls into Qt signals.

The pipeline calls :attr:`Bridge.trace`, :meth:`Bridge.result` and
:meth:`Bridge.finished` from its worker threads. The bridge never touches a
widget: it emits signals, which Qt delivers *queued* to ``@Slot`` methods of
objects living in the GUI thread, because the bridge itself was created there.

Results cross into the GUI thread through a deque, and a queued
``result_ready`` signal wakes the slot that takes them, with at most one such
signal in flight. At a watchable pace every result therefore arrives by its
own signal; in a flood, one delivery carries everything that arrived since the
last one, so the GUI thread is woken (and takes the GIL from the workers) a few
hundred times a second instead of once per result. Trace events come far
faster than a person can see: they are buffered in a deque (thread-safe for
append/popleft) and drained by a GUI-thread timer at no more than 60 Hz.

Each drain is bounded by time, not by a count of events: it hands events on
in chunks while its budget (:data:`TICK_BUDGET_S` of each 16 ms tick) lasts,
sizing each chunk from what the last one cost, so a tick stays short however
expensive the views make an event. When the backlog is more than the views
can draw in time, the oldest events take the fast path
(``events_summarised``): the model updates the run's state from them, and the
views that keep history show that they were not drawn instead of drawing
each. The run's end waits for the bridge to catch up (``drained``) rather than
handing over the whole backlog in one go. Results are taken in bounded
portions too.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from threadcomm.core.viewer_turns import ViewerTurns

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadcomm.core.trace import Result, Summary, TraceEvent

__all__ = [
    "ALWAYS_DRAWN",
    "DRAIN_INTERVAL_MS",
    "MAX_CHUNK",
    "RESULTS_PER_TAKE",
    "TICK_BUDGET_S",
    "Bridge",
]

#: The drain timer's period: 16 ms is about 60 Hz.
DRAIN_INTERVAL_MS = 16
#: GUI-thread time one drain may spend; the rest of the tick is the window's and the workers'.
TICK_BUDGET_S = 0.002
#: Most events in one chunk, so a wrong cost estimate overshoots the budget by little.
MAX_CHUNK = 512
#: Most events in one chunk of the fast path (each costs a fraction of a drawn one).
MAX_FAST_CHUNK = 4_096
#: Ticks' worth of events the views may lag behind before older ones are summarised.
DRAW_HORIZON_TICKS = 2
#: A backlog this small is always drawn, over a few ticks if need be: a short run keeps
#: every log line and timeline mark even when one chunk that waited for the GIL on a
#: busy machine inflated the cost estimate (a 30-item run is about 250 events).
ALWAYS_DRAWN = 256
#: Most results one ``result_ready`` delivery records on the GUI thread; the rest come next.
RESULTS_PER_TAKE = 5_000
#: Cost guesses (seconds per event) before a chunk has been measured.
_FIRST_DRAW_COST_S = 20e-6
_FIRST_FAST_COST_S = 2e-6


class Bridge(QObject):
    """Implements the core's Sink protocol by emitting signals.

    Thread ownership: create it in the GUI thread, before any worker starts.
    ``trace``, ``result`` and ``finished`` may be called from any thread;
    everything else belongs to the GUI thread.

    Signals
    -------
    result_ready()
        Emitted in a consumer thread when results are waiting and no earlier
        ``result_ready`` is still undelivered; the slot calls :meth:`take_results`.
    run_finished(Summary)
        Emitted in the coordinator thread, once, when every thread has ended.
        Its slot calls :meth:`end` first, so the last events are handed over
        before anything else hears of the end.
    events_drained(list[TraceEvent])
        Emitted in the GUI thread by the drain timer with the next chunk to draw.
    events_summarised(list[TraceEvent])
        Emitted in the GUI thread with older events the views have no time to
        draw: only the run's state is taken from them.
    tick_ended()
        Emitted in the GUI thread after each drain: the views refresh at most
        once a tick, not once a chunk.
    drained()
        Emitted in the GUI thread once, after :meth:`finish_when_drained`, when
        every buffered event and result has been handed over.
    """

    result_ready = Signal()
    run_finished = Signal(object)
    # ``object``, not ``list``: a ``Signal(list)`` converts every element to a
    # QVariant and back on each emit (about 250 ns an event, measured), which in a
    # flood costs the GUI thread more than applying the events does.
    events_drained = Signal(object)
    events_summarised = Signal(object)
    tick_ended = Signal()
    drained = Signal()
    turn_offered = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        budget_s: float = TICK_BUDGET_S,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(parent)
        self.budget_s = budget_s
        self._clock = clock
        self._draw_cost_s = _FIRST_DRAW_COST_S  # seconds per event, as last measured
        self._fast_cost_s = _FIRST_FAST_COST_S
        # Whether each path's cost has been measured; until then a chunk is one event.
        self._measured = {False: False, True: False}
        self._ending = False  # finish_when_drained() was called; drained not yet emitted
        #: Events handed over by the fast path this run (not drawn).
        self.summarised = 0
        self.gui_thread_id = threading.get_ident()
        self._buffer: deque[TraceEvent] = deque()
        self._results: deque[Result] = deque()
        self._wake_pending = False  # a result_ready is on its way and not yet taken
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_INTERVAL_MS)
        self._timer.timeout.connect(self.drain)
        #: The Sink's ``trace(event)``: buffer a trace event for the next drain. It is
        #: the deque's own append, so the hottest call of a run, made by the workers
        #: for every statement, runs no Python frame.
        self.trace: Callable[[TraceEvent], None] = self._buffer.append
        #: The workers' turns for this thread (read by the pipeline, see core/viewer_turns).
        self.viewer_turns = ViewerTurns(self.turn_offered.emit)
        self.viewer_turns.close()  # until a run begins
        self._in_turn = False
        #: Whether result_ready reaches the GUI thread queued (the controller sets it):
        #: results that wait are then delivered by the drain tick.
        self.results_by_tick = True
        self.turn_offered.connect(self._on_turn_offered)

    # -- the Sink protocol (any thread) ----------------------------------

    def result(self, result: Result) -> None:
        """Hand over a result; emit ``result_ready`` unless one is already on its way."""
        self._results.append(result)
        # Append before looking at the flag: take_results() clears the flag before it
        # drains, so this result is either drained by it or announced by a new signal.
        if not self._wake_pending:
            self._wake_pending = True
            self.result_ready.emit()

    def take_results(self) -> list[Result]:
        """The results handed over so far; called by the ``result_ready`` slot.

        On the GUI thread at most :data:`RESULTS_PER_TAKE`, so recording them is
        a short piece of work; if more wait, ``result_ready`` is emitted again
        and the next delivery takes them, after the events already queued.

        On the GUI thread the flag that a signal is on its way stays up until the
        next drain tick: results that arrive meanwhile wait for that tick instead
        of waking the GUI thread (and taking the GIL from the workers) once each.
        At a watchable pace every result still comes by its own signal.
        """
        results = self._results
        on_gui = threading.get_ident() == self.gui_thread_id
        if not on_gui:
            self._wake_pending = False
        limit = RESULTS_PER_TAKE if on_gui else len(results) + 1_000_000
        taken: list[Result] = []
        popleft = results.popleft
        try:
            while len(taken) < limit:
                taken.append(popleft())
        except IndexError:  # empty (several slots may drain at once on a direct connection)
            return taken
        if results and (on_gui or not self._wake_pending):
            self._wake_pending = True
            self.result_ready.emit()
        return taken

    def _results_tick(self) -> None:
        """Each drain tick: deliver the results that waited for it, or lower the flag."""
        if not self.results_by_tick:  # a direct connection: each worker's slot takes its own
            return
        if self._results:
            self._wake_pending = True
            self.result_ready.emit()
        else:
            self._wake_pending = False

    def finished(self, summary: Summary) -> None:
        """Emit ``run_finished`` (from the coordinator thread)."""
        self.run_finished.emit(summary)

    # -- GUI thread ----------------------------------------------------------

    def begin(self) -> None:
        """Forget any leftover events and start draining; call before the run starts."""
        self._buffer.clear()
        self._results.clear()
        self._wake_pending = False
        self._ending = False
        self.summarised = 0
        self.viewer_turns.reopen()
        self._timer.start()

    def finish_when_drained(self) -> None:
        """The run has ended: emit ``drained`` once every event and result is handed over.

        The drain timer keeps its pace, so the window stays responsive while it
        catches up; a small backlog is handed over at once.
        """
        self._ending = True
        if not self._timer.isActive():
            self._timer.start()
        self.drain()

    def end(self) -> None:
        """Stop draining now (the window closes): the rest takes the fast path.

        Emits ``drained`` if :meth:`finish_when_drained` was waiting for it.
        """
        self._timer.stop()
        self.viewer_turns.close()
        buffer = self._buffer
        while buffer:
            count = min(len(buffer), MAX_FAST_CHUNK)
            self._hand(count, fast=True)
        self.tick_ended.emit()
        self._finish_if_done()

    @property
    def pending(self) -> int:
        """Trace events waiting for the next drain."""
        return len(self._buffer)

    @Slot()
    def drain(self) -> None:
        """Hand buffered events on while this tick's budget lasts.

        Each pass sizes its chunk from the measured cost per event, so with
        steady costs a tick never spends more than :attr:`budget_s`. Events
        beyond what the views can draw within :data:`DRAW_HORIZON_TICKS` go
        through the fast path first.
        """
        buffer, clock = self._buffer, self._clock
        deadline = clock() + self.budget_s
        horizon = (DRAW_HORIZON_TICKS - 1) * self.budget_s
        handed = first = bool(buffer)
        while buffer:
            left = deadline - clock()
            if left <= 0:
                break
            drawable = max(int((left + horizon) / self._draw_cost_s), ALWAYS_DRAWN)
            excess = len(buffer) - drawable
            if excess > 0:
                count = min(excess, MAX_FAST_CHUNK, int(left / self._fast_cost_s))
                fast = True
            else:
                count = min(len(buffer), MAX_CHUNK, int(left / self._draw_cost_s))
                fast = False
            if not self._measured[fast] or (first and count <= 0):
                # One event: a path not yet measured, or a cost estimate inflated by one
                # slow chunk, is measured (again) instead of stalling the drain.
                count = 1
            elif count <= 0:
                break
            first = False
            started = clock()
            self._hand(count, fast=fast)
            cost = max((clock() - started) / count, 1e-9)
            if self._measured[fast]:  # smoothed: one chunk that waited for the GIL is noise
                cost = (cost + (self._fast_cost_s if fast else self._draw_cost_s)) / 2
            if fast:
                self._fast_cost_s = cost
            else:
                self._draw_cost_s = cost
            self._measured[fast] = True
        self._results_tick()
        if len(buffer) <= ALWAYS_DRAWN:  # caught up: the workers owe this thread no turn
            self.viewer_turns.viewer_ran()
        if handed or self._timer.isActive():
            self.tick_ended.emit()
        self._finish_if_done()

    @Slot()
    def _on_turn_offered(self) -> None:
        """The workers wait: drain, paint what changed, and end the turn.

        Qt would paint the changed windows on their next frame, a few ms later,
        when the workers compete for the GIL again; the turn paints them now
        (``UpdateRequest`` is the event that frame would send).
        """
        if self._in_turn:  # a paint below re-entered the event loop: one turn at a time
            return
        self._in_turn = True
        try:
            self.drain()
            for window in QApplication.topLevelWidgets():
                if window.isVisible():
                    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))
        finally:
            self._in_turn = False
            self.viewer_turns.end_turn()

    def _hand(self, count: int, *, fast: bool) -> None:
        popleft = self._buffer.popleft
        chunk = [popleft() for _ in range(count)]
        if fast:
            self.summarised += count
            self.events_summarised.emit(chunk)
        else:
            self.events_drained.emit(chunk)

    def _finish_if_done(self) -> None:
        if self._ending and not self._buffer and not self._results and not self._wake_pending:
            self._ending = False
            self._timer.stop()
            self.drained.emit()
